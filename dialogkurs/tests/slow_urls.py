"""A page that arrives slowly, for the test of the journeys' actions: its first part at once, the
rest a second later (a busy server as CI meets it)."""

import time

from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path


def start(request):
    return HttpResponse(
        '<!doctype html><html lang="en"><title>Start</title><link rel="icon" href="data:,"><a href="/slow/">To the slow page</a>'
    )


def slow(request):
    def parts():
        yield (
            '<!doctype html><html lang="en"><title>Slow</title><link rel="icon" href="data:,"><p>First part</p>'
            + " " * 4096
        )
        time.sleep(1)
        yield '<p id="last">Last part</p>'

    return StreamingHttpResponse(parts())


urlpatterns = [path("start/", start), path("slow/", slow)]
