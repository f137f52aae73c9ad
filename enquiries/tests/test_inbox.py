"""The coordinators' inbox and enquiry page: permissions, filters, search, pagination, queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory, coordinator, facilitator_user
from enquiries import services
from enquiries.models import Enquiry, EventKind, Status, Topic
from enquiries.tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db

ROLES = [None, Role.COORDINATOR, Role.FACILITATOR, Role.NETWORK_CLINICIAN, Role.ADMINISTRATOR]


@pytest.fixture
def booked():
    """An enquiry with a meeting booked for tomorrow."""
    enquiry = EnquiryFactory()
    staff = coordinator()
    services.enquiry_book_meeting(
        enquiry,
        by=staff,
        starts_at=timezone.now() + timedelta(days=1),
        duration_minutes=60,
        location="Storgatan 1, Uppsala",
        attendees=[staff],
    )
    return Enquiry.objects.get(pk=enquiry.pk)


# page → what a coordinator gets (an empty POST: the form's errors, or back to the enquiry).
# Every other role: the login page when anonymous, else 403 (ROLE_OUTCOME).
DETAIL = "detail"
PAGES = [
    ("get", "enquiries:inbox", False, 200),
    ("get", "enquiries:detail", True, 200),
    ("get", "enquiries:meeting", True, 200),
    ("get", "enquiries:meeting_held", True, 200),
    ("get", "enquiries:close", True, 200),
    ("get", "enquiries:convert", True, 200),
    ("post", "enquiries:convert", True, 200),
    ("post", "enquiries:assign", True, DETAIL),
    ("post", "enquiries:assign_to_me", True, DETAIL),
    ("post", "enquiries:contacted", True, DETAIL),
    ("post", "enquiries:note", True, 200),
]
ROLE_OUTCOME = {
    None: 403,
    Role.FACILITATOR: 403,
    Role.NETWORK_CLINICIAN: 403,
    Role.ADMINISTRATOR: 403,
}


def _outcome(response, enquiry: Enquiry) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login")):
            return "login"
        assert location.split("#")[0] == reverse("enquiries:detail", args=[enquiry.pk]), location
        return DETAIL
    return response.status_code


@pytest.mark.parametrize(
    ("method", "name", "needs_pk", "coordinator_gets"), PAGES, ids=[f"{p[0]} {p[1]}" for p in PAGES]
)
def test_only_coordinators_reach_the_inbox_pages(client, booked, method, name, needs_pk, coordinator_gets):
    url = reverse(name, args=[booked.pk] if needs_pk else [])
    outcomes = {"anonymous": _outcome(getattr(client, method)(url), booked)}
    for role in [*ROLE_OUTCOME, Role.COORDINATOR]:
        client.force_login(UserFactory(roles=[role] if role else []))
        response = getattr(client, method)(url)
        outcomes[str(role or "no role")] = _outcome(response, booked)
        if response.status_code == 403:
            assert "Access denied" in response.content.decode()
    expected = {
        "anonymous": "login",
        **{str(role or "no role"): status for role, status in ROLE_OUTCOME.items()},
        str(Role.COORDINATOR): coordinator_gets,
    }
    assert outcomes == expected


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "no role"))
def test_the_menu_shows_enquiries_to_coordinators_only(client, role):
    client.force_login(UserFactory(roles=[role] if role else []))
    body = client.get("/").content.decode()
    assert (f'href="{reverse("enquiries:inbox")}"' in body) == (role == Role.COORDINATOR)
    # The public "Contact us" box is for visitors, not for logged-in staff (issue 9, point 12).
    assert "Contact us" not in body


def test_the_public_contact_box_is_on_a_visitors_home_page(client):
    body = client.get("/").content.decode()
    assert '<h2 class="h4" id="contact-us-heading">Contact us</h2>' in body
    assert 'href="/contact/"' in body


def test_an_unknown_enquiry_is_a_404(client):
    client.force_login(coordinator())
    assert client.get(reverse("enquiries:detail", args=[987654])).status_code == 404


def _inbox(client, **params) -> list[Enquiry]:
    response = client.get(reverse("enquiries:inbox"), params)
    assert response.status_code == 200
    return list(response.context["page_obj"])


def test_the_inbox_filters_by_status_topic_assignee_and_overdue(client):
    me, other = coordinator(full_name="Karin"), coordinator(full_name="Olle")
    client.force_login(me)
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        old = EnquiryFactory(topic=Topic.RESEARCH)
    fresh = EnquiryFactory(topic=Topic.TRAINING)
    mine = EnquiryFactory(topic=Topic.OTHER)
    services.enquiry_assign(mine, assignee=me, by=me)
    services.enquiry_mark_contacted(mine, by=me)
    theirs = EnquiryFactory(topic=Topic.NETWORK_MEETINGS)
    services.enquiry_assign(theirs, assignee=other, by=me)
    closed = EnquiryFactory()
    services.enquiry_close(closed, by=me, reason="Dubblett")

    assert _inbox(client) == [theirs, mine, fresh, old]  # open ones, newest first
    assert _inbox(client, status="all") == [closed, theirs, mine, fresh, old]
    assert _inbox(client, status="closed") == [closed]
    assert _inbox(client, status="contacted") == [mine]
    assert _inbox(client, topic="research") == [old]
    assert _inbox(client, assignee=str(me.pk)) == [mine]
    assert _inbox(client, assignee="none") == [fresh, old]
    assert _inbox(client, overdue="on") == [old]
    assert _inbox(client, status="nonsense", topic="nonsense") == [theirs, mine, fresh, old]


def test_the_inbox_searches_name_email_organisation_message_and_number(client):
    client.force_login(coordinator())
    anna = EnquiryFactory(name="Anna Lind", email="anna@kommun.example", organisation="Bergs kommun")
    olle = EnquiryFactory(name="Olle Ek", message="Vi undrar om nätverksmöten")
    assert _inbox(client, q="lind") == [anna]
    assert _inbox(client, q="KOMMUN.example") == [anna]
    assert _inbox(client, q="Bergs") == [anna]
    assert _inbox(client, q="nätverksmöten") == [olle]
    assert _inbox(client, q=f"#{olle.pk}") == [olle]
    assert _inbox(client, q="9" * 30) == []


def test_the_inbox_pages_by_25_and_keeps_the_filters(client):
    client.force_login(coordinator())
    EnquiryFactory.create_batch(30, topic=Topic.RESEARCH)
    response = client.get(reverse("enquiries:inbox"), {"topic": "research"})
    assert len(response.context["page_obj"]) == 25
    body = response.content.decode()
    assert "Page 1 of 2" in body
    assert 'href="?topic=research&amp;page=2"' in body
    second = client.get(reverse("enquiries:inbox"), {"topic": "research", "page": 2})
    assert len(second.context["page_obj"]) == 5


def _make_rows(n: int, staff) -> None:
    for i in range(n):
        enquiry = EnquiryFactory()
        services.enquiry_assign(enquiry, assignee=staff, by=staff)
        if i % 2:
            services.enquiry_book_meeting(
                enquiry,
                by=staff,
                starts_at=timezone.now() + timedelta(days=2),
                duration_minutes=60,
                location="Kontoret",
                attendees=[staff],
            )


@pytest.mark.parametrize("rows", [1, 5])
def test_the_inbox_costs_the_same_queries_for_1_and_5_rows(client, django_assert_num_queries, rows):
    staff = coordinator()
    _make_rows(rows, staff)
    client.force_login(staff)
    with django_assert_num_queries(5):  # a list that fits on one page is not counted apart
        response = client.get(reverse("enquiries:inbox"))
    assert len(response.context["page_obj"]) == rows


def test_the_enquiry_page_shows_details_notes_and_history(client):
    staff = coordinator(full_name="Karin Lindqvist")
    client.force_login(staff)
    enquiry = EnquiryFactory(name="Anna Lind", preferred_times="Tisdagar")
    services.enquiry_assign(enquiry, assignee=staff, by=staff)
    services.enquiry_add_note(enquiry, by=staff, text="Ringde, inget svar.")
    body = client.get(reverse("enquiries:detail", args=[enquiry.pk])).content.decode()
    assert f"<h1>Enquiry {enquiry.pk}</h1>" in body
    assert "Anna Lind" in body and "Tisdagar" in body
    assert "Ringde, inget svar." in body
    assert "Assigned to Karin Lindqvist" in body
    assert "Enquiry received" in body


@pytest.mark.parametrize("rows", [1, 5])
def test_the_enquiry_page_costs_the_same_queries_whatever_its_history(client, django_assert_num_queries, rows):
    staff = coordinator()
    client.force_login(staff)
    enquiry = EnquiryFactory()
    for n in range(rows):
        services.enquiry_add_note(enquiry, by=coordinator(), text=f"Anteckning {n}")
    services.enquiry_book_meeting(
        enquiry,
        by=staff,
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=60,
        location="Kontoret",
        attendees=[staff, facilitator_user()],
    )
    with django_assert_num_queries(8):
        response = client.get(reverse("enquiries:detail", args=[enquiry.pk]))
    assert response.status_code == 200
    assert [note.text for note in response.context["notes"]] == [f"Anteckning {n}" for n in range(rows)]
    assert response.context["meeting"].attendees.count() == 2


def test_assign_mark_contacted_and_note_through_the_page(client):
    me, other = coordinator(), coordinator(full_name="Olle Ek")
    client.force_login(me)
    enquiry = EnquiryFactory()
    detail = reverse("enquiries:detail", args=[enquiry.pk])
    assert client.post(reverse("enquiries:assign", args=[enquiry.pk]), {"assignee": other.pk}).status_code == 302
    assert client.post(reverse("enquiries:assign_to_me", args=[enquiry.pk])).status_code == 302
    assert Enquiry.objects.get().assignee == me
    assert client.post(reverse("enquiries:contacted", args=[enquiry.pk]))["Location"] == detail
    assert Enquiry.objects.get().status == Status.CONTACTED
    client.post(reverse("enquiries:note", args=[enquiry.pk]), {"text": "Bokar möte nästa vecka."})
    kinds = list(Enquiry.objects.get().events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.RECEIVED,
        EventKind.ASSIGNED,
        EventKind.ASSIGNED,
        EventKind.STATUS_CHANGED,
        EventKind.NOTE,
    ]


def test_assigning_to_someone_who_is_not_a_coordinator_is_refused(client):
    client.force_login(coordinator())
    enquiry = EnquiryFactory()
    response = client.post(reverse("enquiries:assign", args=[enquiry.pk]), {"assignee": facilitator_user().pk})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert Enquiry.objects.get().assignee is None


@pytest.mark.parametrize(("text", "error"), [("", "This field is required."), ("n" * 4001, "at most 4000 characters")])
def test_a_bad_note_is_refused_with_a_clear_error(client, text, error):
    client.force_login(coordinator())
    enquiry = EnquiryFactory()
    response = client.post(reverse("enquiries:note", args=[enquiry.pk]), {"text": text})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not enquiry.events.filter(kind=EventKind.NOTE).exists()


def test_marking_a_contacted_enquiry_contacted_again_says_why_not(client):
    staff = coordinator()
    client.force_login(staff)
    enquiry = EnquiryFactory()
    services.enquiry_mark_contacted(enquiry, by=staff)
    response = client.post(reverse("enquiries:contacted", args=[enquiry.pk]), follow=True)
    assert "This enquiry is “Contacted”; it cannot become “Contacted”." in response.content.decode()


@pytest.mark.parametrize("status", ["", "all", "closed"])
@pytest.mark.parametrize("rows", [1, 30])
def test_the_inbox_costs_the_same_queries_for_any_status_and_number_of_rows(
    client, django_assert_num_queries, status, rows
):
    staff = coordinator()
    EnquiryFactory.create_batch(rows)
    for enquiry in EnquiryFactory.create_batch(rows):
        services.enquiry_close(enquiry, by=staff, reason="Dubblett")
    client.force_login(staff)
    total = rows * (2 if status == "all" else 1)
    # Session, user, roles, the assignee choices, the first page and one more row; and the
    # capped count only when there is more than a page.
    with django_assert_num_queries(5 if total <= 25 else 6) as queries:
        response = client.get(reverse("enquiries:inbox"), {"status": status} if status else {})
    assert len(response.context["page_obj"]) == min(25, total)
    assert response.context["page_obj"].paginator.count == total
    # The open ones are read from the status index by name, never as "not closed".
    assert not [q["sql"] for q in queries.captured_queries if "<> 'closed'" in q["sql"] or "NOT (" in q["sql"]]


def test_the_inbox_counts_only_so_far_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr("enquiries.views.INBOX_COUNT_AT_MOST", 3)
    monkeypatch.setattr("enquiries.views.PAGE_SIZE", 2)  # more than a page: counted, up to 3
    client.force_login(coordinator())
    EnquiryFactory.create_batch(5)
    body = client.get(reverse("enquiries:inbox")).content.decode()
    assert "More than 3 enquiries match the filters: narrow them to find older ones." in body
    monkeypatch.setattr("enquiries.views.INBOX_COUNT_AT_MOST", 5)
    assert "5 enquiries match the filters." in client.get(reverse("enquiries:inbox")).content.decode()


def test_a_search_that_fits_on_a_page_reads_its_matches_once(client, django_assert_num_queries):
    client.force_login(coordinator())
    EnquiryFactory(name="Eva Andersson")
    EnquiryFactory(name="Olle Berg")
    with django_assert_num_queries(5) as queries:
        response = client.get(reverse("enquiries:inbox"), {"q": "andersson"})
    assert [e.name for e in response.context["page_obj"]] == ["Eva Andersson"]
    assert response.context["page_obj"].paginator.count == 1
    assert sum("LIKE" in q["sql"] for q in queries.captured_queries) == 1  # no count of its own
    body = response.content.decode()
    assert "1 enquiry matches the filters." in body
    assert "Eva Andersson" in body and "Olle Berg" not in body


@pytest.mark.parametrize("language", ["sv", "nb", "en"])
def test_the_inbox_writes_times_as_the_date_filter_does(language):
    from datetime import UTC, datetime

    from django.template.defaultfilters import date
    from django.utils import translation

    from enquiries.views import _when_formatter

    with translation.override(language):
        when = _when_formatter()
        for moment in (datetime(2025, 3, 3, 8, 5, tzinfo=UTC), datetime(2025, 12, 31, 23, 59, tzinfo=UTC)):
            assert when(moment) == date(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
