"""Figures kept per state of their tables (``reports.cache``): kept while nothing changes, computed
again after any write — a form, ``QuerySet.update``, raw SQL, ``TRUNCATE`` — and never kept from a
transaction that has written. Every report reads only the tables it names as its sources."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import coordinator
from enquiries.models import Enquiry
from enquiries.tests.factories import EnquiryFactory
from evaluations.models import EvaluationAnswer
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
STOCKHOLM = ZoneInfo("Europe/Stockholm")
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

    with CaptureQueriesContext(connection) as computed:
        first = client.get(url, YEAR_2026).content.decode()
    assert _participants(first) == "6"
    with CaptureQueriesContext(connection) as kept:
        assert _main(client.get(url, YEAR_2026).content.decode()) == _main(first)
    assert len(kept) < len(computed) - 3  # the figures' own queries are not run again
    assert not [q for q in kept.captured_queries if 'FROM "participants_registration"' in q["sql"]]

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
def test_what_moves_a_version_on():
    course = february_training()
    user = coordinator()
    before = cache.versions([Course, User])
    user.save(update_fields=["last_login"])  # logging in is not a figure
    assert cache.versions([Course, User]) == before
    user.full_name = "Ny Namnsson"
    user.save(update_fields=["full_name"])
    assert cache.versions([Course, User]) != before

    # A rolled-back write moves nothing; a committed one moves it once, however many rows.
    before = cache.versions([Course])
    with pytest.raises(RuntimeError), transaction.atomic():
        Course.objects.filter(pk=course.pk).update(status=CourseStatus.CANCELLED)
        raise RuntimeError
    assert cache.versions([Course]) == before
    Course.objects.update(status=CourseStatus.CANCELLED)
    assert cache.versions([Course]) != before

    before = cache.versions([Course])
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE sessions_app_course CASCADE")
    assert cache.versions([Course]) != before


@pytest.mark.django_db(transaction=True)
def test_registrations_answers_and_enquiries_move_only_their_years_on():
    """The public writes to these all day: a sign-up for a training next year leaves this
    year's figures kept."""
    this_year, next_year = february_training(date(2026, 2, 5)), february_training(date(2027, 2, 4))
    in_2026 = cache.versions([Registration, EvaluationAnswer, Enquiry], [2026])
    in_2027 = cache.versions([Registration, EvaluationAnswer, Enquiry], [2027])
    report_2026 = cache.versions(ANNUAL_SOURCES, [2026])
    fill(next_year, 1)  # through the registration service, as a sign-up
    assert cache.versions(ANNUAL_SOURCES, [2026]) == report_2026
    assert cache.versions([Registration, EvaluationAnswer, Enquiry], [2026]) == in_2026
    assert cache.versions([Registration, EvaluationAnswer, Enquiry], [2027]) != in_2027
    fill(this_year, 1)
    assert cache.versions([Registration], [2026]) != in_2026

    in_2025 = cache.versions([EvaluationAnswer, Enquiry], [2025])
    in_2026 = cache.versions([EvaluationAnswer, Enquiry], [2026])
    EvaluationAnswer.objects.create(
        course=this_year, answered_on=date(2026, 2, 13), **dict.fromkeys(EvaluationAnswer.DOMAINS, 3)
    )
    EnquiryFactory()  # today: 2026
    assert cache.versions([EvaluationAnswer, Enquiry], [2025]) == in_2025
    assert cache.versions([EvaluationAnswer, Enquiry], [2026]) != in_2026
    # An enquiry made at 23:30 on 31 December in Stockholm is 2025's there (22:30 UTC): both
    # years around the moment move on.
    in_2025 = cache.versions([Enquiry], [2025])
    late = EnquiryFactory()
    Enquiry.objects.filter(pk=late.pk).update(created_at=datetime(2025, 12, 31, 23, 30, tzinfo=STOCKHOLM))
    assert cache.versions([Enquiry], [2025]) != in_2025


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
def test_every_source_has_its_triggers():
    with connection.cursor() as cursor:
        for model in ANNUAL_SOURCES:
            table = model._meta.db_table
            cursor.execute(
                "SELECT tgname, proname FROM pg_trigger JOIN pg_proc ON pg_proc.oid = tgfoid "
                "WHERE tgrelid = %s::regclass AND tgname LIKE 'reports_%%'",
                [table],
            )
            triggers = dict(cursor.fetchall())
            assert set(triggers) == {"reports_data_committed", "reports_data_truncated"}, table
            by_year = triggers["reports_data_committed"] != "reports_data_changed"
            assert by_year == (table in cache.BY_YEAR), table


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
