"""Only with DJANGO_BENCH=1: the query count of every response, for `make bench`."""

from __future__ import annotations

from django.db import connection


class QueryCountMiddleware:
    """Sets ``X-Bench-Queries`` to the number of SQL statements the request ran (the session
    save included; a streamed body's queries after the view returns are not counted)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
