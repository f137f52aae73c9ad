import pytest
from django.utils import timezone

from demo.data import load_demo
from reports.period import Period
from reports.registry import REPORTS
from sessions_app.models import Course, CourseStatus

pytestmark = pytest.mark.django_db


def test_the_demo_gives_every_chart_of_the_last_twelve_months_something_to_show():
    load_demo()
    load_demo()  # idempotent: the spring training is made once
    assert Course.objects.filter(status=CourseStatus.FOLLOWED_UP).count() == 1
    today = timezone.localdate()
    period = Period(today.replace(year=today.year - 1), today, "the last 12 months")
    charts = {}
    for report in REPORTS:
        for table in report.tables(period):
            if table.chart is not None:
                charts[table.slug] = sum(sum(values) for _label, values in table.chart.series)
    assert sorted(charts) == sorted(
        [
            "trainings-by-month",
            "perspective-mix",
            "proposals-by-area",
            "proposals-by-domain",
            "proposals-at-six-months",
            "evaluation-domains",
            "enquiries-received",
            "network-places",
        ]
    )
    assert [slug for slug, total in charts.items() if not total] == []
