"""Django's SQLite backend, with whole numbers beyond 64 bits bound as real numbers.

Python's sqlite3 refuses to bind an integer outside SQLite's signed 64 bits (``OverflowError``),
and such numbers arrive from outside: an id of 20 digits in a form's choices, a filter in a
query string, a URL. On PostgreSQL (production) the same value compares as a numeric with the
column and simply matches no row — a "not one of the choices" form error, an empty list or a
404; on the embedded default (`make run`) it was an error page. Bound as a real number here, it
compares the same way: equal to no stored id, above (or below) every one. The forms' own
range validators (Django's ``integer_field_range``) still keep such numbers out of any row
written.

``settings.py`` names this backend for a ``sqlite://`` ``DATABASE_URL``; ``vendor`` stays
``"sqlite"``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db.backends.sqlite3 import base, operations

SMALLEST, LARGEST = -(2**63), 2**63 - 1


def _fit(value):
    # type() rather than isinstance(): True and False are ints, and always fit.
    if type(value) is int and not SMALLEST <= value <= LARGEST:
        return float(value)
    return value


def fit_params(params):
    """``params`` (a sequence or a mapping) with every whole number beyond 64 bits as a float."""
    if params is None:
        return None
    if isinstance(params, Mapping):
        return {name: _fit(value) for name, value in params.items()}
    return [_fit(value) for value in params]


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def execute(self, query, params=None):
        return super().execute(query, fit_params(params))

    def executemany(self, query, param_list):
        return super().executemany(query, (fit_params(params) for params in param_list))


class DatabaseOperations(operations.DatabaseOperations):
    def _quote_params_for_last_executed_query(self, params):
        # The query as logged (DEBUG, or a test's captured queries) is quoted by SQLite itself.
        return super()._quote_params_for_last_executed_query(fit_params(params))


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
