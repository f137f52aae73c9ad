"""The report pages: who may read them, bad input, constant query counts, the charts beside
their tables, and the exports read back."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory, administrator, clinician, coordinator, facilitator_user
from participants.tests.factories import fill
from reports.registry import REPORTS
from reports.tests.test_figures import world  # noqa: F401 - the hand-counted fixture
from sessions_app.tests.factories import february_training
from workshops.tests.factories import submitted_outcome

pytestmark = pytest.mark.django_db

YEAR_2026 = {"year": "2026"}


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


PAGES = [reverse("reports:index"), reverse("reports:annual")] + [
    reverse("reports:report", args=[r.slug]) for r in REPORTS
]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("administrator", 200),
        ("facilitator", 403),
        ("clinician", 403),
        ("no role", 403),
        ("anonymous", 302),
    ],
)
def test_who_may_read_the_reports(role, status):
    user = {
        "coordinator": coordinator,
        "administrator": administrator,
        "facilitator": facilitator_user,
        "clinician": clinician,
        "no role": UserFactory,
        "anonymous": lambda: None,
    }[role]()
    client = client_for(user)
    for url in PAGES + [reverse("reports:export", args=["trainings", "trainings-by-month", "csv"])]:
        assert client.get(url).status_code == status, url


def test_a_bad_period_is_a_clear_error_not_a_500():
    client = client_for(coordinator())
    response = client.get(reverse("reports:report", args=["trainings"]), {"start": "2026-05-01", "end": "2026-01-01"})
    assert response.status_code == 400
    assert "The end of the period must come after its start." in response.content.decode()
    response = client.get(reverse("reports:report", args=["trainings"]), {"year": "abc", "start": "not a date"})
    assert response.status_code == 400
    assert client.get(reverse("reports:report", args=["nothing"])).status_code == 404
    assert client.get(reverse("reports:export", args=["trainings", "nothing", "csv"])).status_code == 404
    assert client.get(reverse("reports:report", args=["trainings"]) + "trainings-by-month.pdf").status_code == 404
    assert client.get(reverse("reports:index") + "trainings%00/").status_code == 404


def test_a_workplace_of_another_organisation_is_refused():
    one, other = february_training(), february_training()
    response = client_for(coordinator()).get(
        reverse("reports:report", args=["trainings"]),
        {"organisation": one.workplace.organisation_id, "workplace": other.workplace_id},
    )
    assert response.status_code == 400
    assert "Select a valid choice. That choice is not one of the available choices." in response.content.decode()
    # The same workplace with its own organisation: the figures of that one workplace.
    response = client_for(coordinator()).get(
        reverse("reports:report", args=["trainings"]),
        {"year": "2026", "organisation": other.workplace.organisation_id, "workplace": other.workplace_id},
    )
    assert response.status_code == 200
    assert response.context["period"].workplace == other.workplace
    assert [row[1] for row in response.context["tables"][1].rows] == [other.workplace.name]


# Queries per page, whatever the data: one set for the session and the menu, then the report's own.
QUERIES = {
    "trainings": 10,
    "participants": 10,
    "facilitators": 8,
    "proposals": 9,
    "evaluations": 9,
    "enquiries": 6,
    "network": 13,
}


@pytest.mark.parametrize("slug", list(QUERIES))
def test_each_report_costs_the_same_queries_with_one_training_or_many(slug, django_assert_num_queries):
    client = client_for(coordinator())
    url = reverse("reports:report", args=[slug])
    course = february_training()
    fill(course, 3)
    submitted_outcome(course)  # delivered, with proposals
    client.get(url, YEAR_2026)
    with django_assert_num_queries(QUERIES[slug]):
        client.get(url, YEAR_2026)
    for _ in range(3):
        course = february_training()
        fill(course, 3)
        submitted_outcome(course)
    with django_assert_num_queries(QUERIES[slug]):
        response = client.get(url, YEAR_2026)
    assert response.status_code == 200


def test_every_chart_has_a_title_a_description_and_its_table(world):  # noqa: F811
    page = client_for(coordinator()).get(reverse("reports:report", args=["trainings"]), YEAR_2026).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="report-chart"' in page
    assert '<title id="chart-trainings-by-month-title">Trainings per month</title>' in page
    assert 'aria-labelledby="chart-trainings-by-month-title chart-trainings-by-month-desc"' in page
    assert "url(#chart-trainings-by-month-p1)" in page  # the second series is hatched, not a colour
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert '<caption id="trainings-by-month-caption">' in page


def test_the_csv_export_reads_back_with_the_same_numbers(world):  # noqa: F811
    response = client_for(coordinator()).get(
        reverse("reports:export", args=["trainings", "trainings-by-month", "csv"]), YEAR_2026
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="trainings-by-month-20260101-20261231.csv"'
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Month", "Booked", "Delivered", "Cancelled", "Hours delivered"]
    assert rows[2] == ["2026-02", "2", "1", "0", "8.0"]
    assert len(rows) == 13


def test_the_excel_export_has_a_header_row_and_typed_cells(world):  # noqa: F811
    client = client_for(coordinator())
    response = client.get(reverse("reports:export", args=["trainings", "trainings-by-month", "xlsx"]), YEAR_2026)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Month", "Booked", "Delivered", "Cancelled", "Hours delivered")
    assert rows[2][1:] == (2, 1, 0, 8.0)
    assert rows[2][0].date() == date(2026, 2, 1)
    assert sheet["A3"].number_format == "yyyy-mm"
    response = client.get(reverse("reports:export", args=["participants", "participants", "xlsx"]), YEAR_2026)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1:5] == (1, 6, 4, pytest.approx(4 / 6))
    assert rows[1][5] == "fewer than 5"


def test_names_typed_as_formulas_reach_the_exports_as_text(world):  # noqa: F811
    """A name of a person's own choosing (her profile) in the facilitators table: the CSV cell
    starts with an apostrophe, the workbook's cell is text — neither a live formula."""
    link = '=HYPERLINK("http://evil.example","x")'
    user = world["t1"].assignments.order_by("pk").first().facilitator.user
    user.full_name = link
    user.save(update_fields=["full_name"])
    client = client_for(coordinator())
    csv_response = client.get(reverse("reports:export", args=["facilitators", "facilitators", "csv"]), YEAR_2026)
    rows = list(csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode("utf-8-sig"))))
    assert ["'" + link] in [row[:1] for row in rows]
    assert [link] not in [row[:1] for row in rows]
    xlsx_response = client.get(reverse("reports:export", args=["facilitators", "facilitators", "xlsx"]), YEAR_2026)
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    cells = [row[0] for row in sheet.iter_rows() if row[0].value == link]
    assert cells
    assert [cell.data_type for cell in cells] == ["s"] * len(cells)


def test_the_quarters_are_offered_in_the_readers_language():
    client = client_for(coordinator(language="sv"))
    client.cookies["django_language"] = "sv"
    page = client.get(reverse("reports:index")).content.decode()
    assert ">Kvartal 1</option>" in page
    assert "Quarter 1" not in page


def test_the_csv_export_speaks_swedish_with_semicolons(world):  # noqa: F811
    client = client_for(coordinator(language="sv"))
    client.cookies["django_language"] = "sv"
    response = client.get(
        reverse("reports:export", args=["trainings", "trainings-by-month", "csv"]),
        YEAR_2026,
    )
    assert response.status_code == 200, response.get("Location")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "Månad;Bokade;Genomförda;Inställda;Timmar genomförda"
    assert text.splitlines()[2] == "2026-02;2;1;0;8,0"


def test_the_annual_report_has_the_headline_figures_and_charts(world):  # noqa: F811
    page = client_for(coordinator()).get(reverse("reports:annual"), YEAR_2026).content.decode()
    assert "Annual report 2026: All organisations" in page
    assert '<dt class="col-8 col-md-5">Trainings delivered</dt><dd class="col-4 col-md-7">1</dd>' in page
    assert '<dt class="col-8 col-md-5">Participants trained</dt><dd class="col-4 col-md-7">6</dd>' in page
    assert page.count('class="report-chart"') >= 3
    assert "data-print" in page


def test_the_annual_report_of_one_organisation_leaves_out_the_regions_enquiries(world):  # noqa: F811
    organisation = world["t1"].workplace.organisation
    page = (
        client_for(coordinator())
        .get(reverse("reports:annual"), {"year": "2026", "organisation": organisation.pk})
        .content.decode()
    )
    assert f"Annual report 2026: {organisation.name}" in page
    assert "Enquiries received" not in page


def test_a_long_table_shows_its_first_rows_and_the_export_has_them_all(monkeypatch, world):  # noqa: F811
    from reports.tables import Table

    monkeypatch.setattr(Table, "PAGE_ROWS", 5)
    client = client_for(coordinator())
    page = client.get(reverse("reports:report", args=["trainings"]), YEAR_2026).content.decode()
    assert "The first 5 of 12 rows; the downloads have them all." in page
    response = client.get(reverse("reports:export", args=["trainings", "trainings-by-month", "csv"]), YEAR_2026)
    assert len(b"".join(response.streaming_content).decode("utf-8-sig").splitlines()) == 13


@pytest.mark.parametrize("slug", list(QUERIES))
def test_no_report_page_can_pass_150_kb(slug, world):  # noqa: F811
    """Over five years, the longest range (60 months of rows), each table and its chart show at most PAGE_ROWS rows;
    the page, with every table filled up to PAGE_ROWS rows as long as its longest row and the
    organisation filter holding the 200 organisations of a large region, stays under 150 KB."""
    import re

    from reports.tables import Table

    response = client_for(coordinator()).get(
        reverse("reports:report", args=[slug]), {"start": "2022-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    bound = len(page) + 200 * 80
    for table, body in zip(response.context["tables"], re.findall(r"<tbody>(.*?)</tbody>", page, re.S), strict=True):
        assert len(table.display_rows()) <= Table.PAGE_ROWS
        if table.chart is not None:
            assert len(table.chart.categories) <= Table.PAGE_ROWS
        rows = re.findall(r"<tr>.*?</tr>", body, re.S)
        bound += (Table.PAGE_ROWS - len(rows)) * 2 * max(len(row) for row in rows)
    assert bound < 150_000


def test_a_five_year_report_shows_25_months_in_its_table_and_chart(world):  # noqa: F811
    response = client_for(coordinator()).get(
        reverse("reports:report", args=["trainings"]), {"start": "2022-01-01", "end": "2026-12-31"}
    )
    months = next(t for t in response.context["tables"] if t.slug == "trainings-by-month")
    assert (len(months.rows), len(months.display_rows()), len(months.chart.categories)) == (60, 25, 25)
    assert "The first 25 of 60 rows; the downloads have them all." in response.content.decode()


def test_the_old_evaluation_report_address_leads_to_the_evaluations_report():
    client = client_for(coordinator())
    response = client.get("/participants/evaluations/", {"start": "2026-01-01", "end": "2026-03-31"})
    assert response.status_code == 302
    assert response.url == reverse("reports:report", args=["evaluations"]) + "?start=2026-01-01&end=2026-03-31"
    assert client.get(response.url).context["period"].end == date(2026, 3, 31)
    menu = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reports:report", args=["evaluations"])}"' in menu


def test_each_training_of_the_evaluation_report_links_its_results(world):  # noqa: F811
    client = client_for(coordinator())
    page = client.get(reverse("reports:report", args=["evaluations"]), YEAR_2026).content.decode()
    t1 = world["t1"]
    url = reverse("evaluations:course_evaluation", args=[t1.pk])
    assert f'<th scope="row"><a href="{url}">{t1.workplace.name} #{t1.pk}</a></th>' in page
    csv_text = b"".join(
        client.get(
            reverse("reports:export", args=["evaluations", "evaluation-trainings", "csv"]), YEAR_2026
        ).streaming_content
    ).decode("utf-8-sig")
    assert f"{t1.workplace.name} #{t1.pk}" in csv_text and "href" not in csv_text


def test_an_administrator_reads_the_trainings_without_links_to_results_she_may_not_open(world):  # noqa: F811
    t1 = world["t1"]
    url = reverse("evaluations:course_evaluation", args=[t1.pk])
    page = client_for(administrator()).get(reverse("reports:report", args=["evaluations"]), YEAR_2026)
    body = page.content.decode()
    assert f'<th scope="row">{t1.workplace.name} #{t1.pk}</th>' in body
    assert url not in body
    assert client_for(administrator()).get(url).status_code == 403
