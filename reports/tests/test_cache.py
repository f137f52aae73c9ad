"""Figures kept per state of their tables (``reports.cache``): kept while nothing changes, computed
again after any write — a form, ``QuerySet.update``, raw SQL, ``TRUNCATE`` — and never kept from a
transaction that has written. Every report reads only the tables it names as its sources."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import coordinator
from participants.models import Registration, RegistrationStatus
from participants.tests.factories import fill
from reports import cache
from reports.period import year_period
from reports.registry import ANNUAL_SOURCES, REPORTS
from reports.tests.test_figures import world  # noqa: F401 - the hand-counted fixture
from sessions_app.models import Course, CourseStatus, Organisation
from sessions_app.tests.factories import february_training
from workshops.tests.factories import submitted_outcome

YEAR_2026 = {"year": "2026"}
TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')


def _main(page: str) -> str:
    """The page's own content (the menu carries a token of the session)."""
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def _participants(page: str) -> str:
    """The 'Participants' cell of the total row of the participants table."""
    table = page.split('id="participants-caption"', 1)[1].split("</table>", 1)[0]
    total = table.split("<tr>")[-1]
    return re.findall(r"<td>([^<]*)</td>", total)[1]


@pytest.mark.django_db(transaction=True)
def test_figures_are_kept_until_any_write_to_their_tables():
    client = Client()
    client.force_login(coordinator())
    course = february_training()
    fill(course, 6)
    submitted_outcome(course)  # delivered
    url = reverse("reports:report", args=["participants"])

    first = client.get(url, YEAR_2026).content.decode()
    assert _participants(first) == "6"
    with CaptureQueriesContext(connection) as computed:
        client.get(url, YEAR_2026, HTTP_ACCEPT_LANGUAGE="sv")  # another language: computed once more
    with CaptureQueriesContext(connection) as kept:
        assert _main(client.get(url, YEAR_2026).content.decode()) == _main(first)
    assert len(kept) < len(computed) - 3  # the figures' own queries are not run again
    assert not [q for q in kept.captured_queries if "FROM \"participants_registration\"" in q["sql"]]

    # A bulk update sends no signal; the database moves the version on all the same.
    Registration.objects.filter(pk=Registration.objects.filter(course=course).order_by("pk")[0].pk).update(
        status=RegistrationStatus.CANCELLED
    )
    assert _participants(client.get(url, YEAR_2026).content.decode()) == "5"

    # Raw SQL too.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE participants_registration SET status = %s WHERE course_id = %s AND status = %s",
            [RegistrationStatus.CANCELLED, course.pk, RegistrationStatus.CONFIRMED],
        )
    page = client.get(url, YEAR_2026).content.decode()
    assert "Nothing in this period." in page.split('id="participants-caption"', 1)[1].split("</table>", 1)[0]

    # A renamed organisation is a new heading.
    Organisation.objects.filter(pk=course.workplace.organisation_id).update(name="Region Omdöpt")
    assert "Region Omdöpt" in client.get(url, YEAR_2026).content.decode()


@pytest.mark.django_db(transaction=True)
def test_truncate_and_logging_in():
    course = february_training()
    sources = [Course]
    before = cache.versions(sources)
    user = coordinator()
    user.save(update_fields=["last_login"])  # logging in is not a figure
    assert cache.versions([type(user)]) == cache.versions([type(user)])
    name_version = cache.versions([type(user)])
    user.save(update_fields=["last_login"])
    assert cache.versions([type(user)]) == name_version
    user.full_name = "Ny Namnsson"
    user.save(update_fields=["full_name"])
    assert cache.versions([type(user)]) != name_version
    assert course.pk and before is not None
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE sessions_app_course CASCADE")
    assert cache.versions(sources) != before


@pytest.mark.django_db
def test_a_transaction_that_has_written_keeps_nothing():
    """Its rows are not committed: figures from them must not reach anyone else."""
    february_training()  # the test's transaction has written
    assert cache.versions([Course]) is None
    assert cache.remembered("anything", [Course], lambda: 1) == 1
    assert cache.remembered("anything", [Course], lambda: 2) == 2


@pytest.mark.django_db
def test_every_report_reads_only_its_sources(world):  # noqa: F811
    """A report that starts reading another table must name it, or its figures would be kept
    after that table changed."""
    period = year_period(2026)
    for report in REPORTS:
        allowed = {model._meta.db_table for model in report.sources}
        with CaptureQueriesContext(connection) as queries:
            report.tables(period)
        read = {table for q in queries.captured_queries for table in TABLE.findall(q["sql"])}
        assert read, report.slug
        assert read <= allowed, f"{report.slug} reads {sorted(read - allowed)} but does not name them as sources"
    assert {m for r in REPORTS for m in r.sources} == set(ANNUAL_SOURCES)


@pytest.mark.django_db
def test_every_source_has_a_version_moved_on_by_the_database():
    with connection.cursor() as cursor:
        for model in ANNUAL_SOURCES:
            table = model._meta.db_table
            cursor.execute(
                "SELECT array_agg(tgname ORDER BY tgname) FROM pg_trigger WHERE tgrelid = %s::regclass",
                [table],
            )
            triggers = cursor.fetchone()[0] or []
            assert {"reports_data_changed", "reports_data_committed"} <= set(triggers), table
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [cache.sequence(model)])
            assert cursor.fetchone()[0], table


@pytest.mark.django_db(transaction=True)
def test_the_annual_report_and_the_excel_export_follow_the_data():
    client = Client()
    client.force_login(coordinator())
    course = february_training(date(2025, 3, 5))
    fill(course, 5)
    submitted_outcome(course)
    annual = reverse("reports:annual")

    def body() -> str:
        return _main(client.get(annual, {"year": "2025"}).content.decode()).split('<p class="small">')[0]

    page = body()
    assert body() == page
    xlsx = reverse("reports:export", args=["trainings", "trainings-by-month", "xlsx"])
    workbook = client.get(xlsx, {"year": "2025"}).content
    assert client.get(xlsx, {"year": "2025"}).content == workbook
    Course.objects.filter(pk=course.pk).update(status=CourseStatus.CANCELLED)
    assert client.get(xlsx, {"year": "2025"}).content != workbook
    assert body() != page
