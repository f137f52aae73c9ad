"""The clinicians' pages: the network map and its list, query counts that do not grow with the
data, forms that refuse bad input with a clear error and save nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import clinician, coordinator
from network import services, services_records
from network.models import Agreement, Case, Closeness, NetworkMember, Relation
from network.tests import factories
from network.tests.conftest import client_for
from reminders.models import ScheduledMessage

pytestmark = pytest.mark.django_db

RELATIONS = [Relation.PARENT, Relation.FRIEND, Relation.WORK_SCHOOL, Relation.PROFESSIONAL, Relation.NEIGHBOUR]


def _network(case: Case, n: int) -> list[NetworkMember]:
    return [
        factories.member(case, name=f"Person {i} Testsson", relation=RELATIONS[i % 5], closeness=1 + i % 3)
        for i in range(n)
    ]


def test_the_map_and_its_list_hold_the_same_people_in_the_same_sectors():
    team = [clinician()]
    case = factories.case(team=team)
    people = _network(case, 9)
    services.member_update(people[0], by=team[0], invite_agreement=Agreement.NO)
    page = client_for(team[0]).get(reverse("network:network_map", args=[case.pk])).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    in_svg = sorted(int(pk) for pk in re.findall(r'<g data-member="(\d+)"', svg))
    in_list = sorted(int(pk) for pk in re.findall(r'<li data-member="(\d+)"', page))
    assert in_svg == in_list == sorted(p.pk for p in people)
    for sector in ("family", "friends", "work", "professionals"):
        block = re.search(rf'<ul class="mb-1" data-sector="{sector}">(.*?)</ul>', page, re.S).group(1)
        listed = {int(pk) for pk in re.findall(r'data-member="(\d+)"', block)}
        assert listed == {p.pk for p in people if p.sector == sector}
    assert "<script" not in svg
    assert 'role="img"' in svg


def test_the_map_puts_closer_people_nearer_the_centre():
    from network.network_map import CENTRE, build_map

    case = factories.case(team=[clinician()])
    close = factories.member(case, name="Near Person", closeness=Closeness.CLOSE)
    far = factories.member(case, name="Far Person", closeness=Closeness.DISTANT)
    placed = {p.member.pk: p for p in build_map([close, far]).people}

    def distance(p):
        return ((p.x - CENTRE) ** 2 + (p.y - CENTRE) ** 2) ** 0.5

    assert distance(placed[close.pk]) < distance(placed[far.pk])
    assert placed[close.pk].x < CENTRE and placed[close.pk].y < CENTRE  # family: top left


def test_my_cases_takes_the_same_queries_for_one_case_and_for_five(django_assert_num_queries):
    me = clinician()
    client = client_for(me)
    url = reverse("network:case_list")
    factories.meeting(factories.case(team=[me]))
    client.get(url)  # warm the session
    with django_assert_num_queries(6):
        one = client.get(url)
    for _ in range(4):
        factories.meeting(factories.case(team=[me, clinician()]))
    with django_assert_num_queries(6):
        five = client.get(url)
    assert one.content.decode().count('class="card mb-2"') == 1
    assert five.content.decode().count('class="card mb-2"') == 5


def test_the_case_page_takes_the_same_queries_as_the_network_and_meetings_grow(django_assert_num_queries):
    me = clinician()
    case = factories.case(team=[me, clinician()])
    client = client_for(me)
    url = reverse("network:case_detail", args=[case.pk])
    people = _network(case, 1)
    factories.meeting(case, members=people)
    client.get(url)
    with django_assert_num_queries(14):
        one = client.get(url)
    people += _network(case, 4)
    for _ in range(4):
        factories.meeting(case, members=people)
    with django_assert_num_queries(14):
        five = client.get(url)
    assert one.content.decode().count("Testsson</td>") == 1
    assert five.content.decode().count("Testsson</td>") == 5


def test_my_cases_is_paginated():
    me = clinician()
    for _ in range(26):
        Case.objects.create(name="X", first_contact_at=timezone.now(), contact_source="person", country="SE")
        Case.objects.latest("pk").memberships.create(clinician=me)
    page = client_for(me).get(reverse("network:case_list")).content.decode()
    assert page.count('class="card mb-2"') == 25
    assert "Page 1 of 2" in page


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", "This field is required."),
        ("name", "x" * 5000, "Ensure this value has at most 200 characters"),
        ("email", "not-an-address", "Enter a valid email address."),
        ("reminders_agreed", "on", "Reminders need an e-mail address."),
        ("first_contact_at", "2999-01-01T10:00", "The first contact cannot be in the future."),
        ("clinicians", [], "This field is required."),
        ("date_of_birth", "2999-01-01", "The date of birth cannot be in the future."),
        ("country", "XX", "Select a valid choice. XX is not one of the available choices."),
        ("clinicians", ["99999999999999999999"], "Select a valid choice. 99999999999999999999 is not one of"),
    ],
)
def test_creating_a_case_with_bad_input_saves_nothing(field, value, error):
    me = clinician()
    data = {
        "name": "Alva Lindgren",
        "language": "sv",
        "country": "SE",
        "first_contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "contact_source": "person",
        "clinicians": [me.pk],
        field: value,
    }
    if field == "reminders_agreed":
        data["email"] = ""
    response = client_for(me).post(reverse("network:case_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert error in page.replace("&#x27;", "'")
    assert Case.objects.count() == 0


def test_line_breaks_in_names_are_folded_and_nul_bytes_refused_without_an_error_page():
    me = clinician()
    data = {
        "name": "Alva\x00Lindgren",
        "language": "sv",
        "country": "SE",
        "first_contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "contact_source": "person",
        "clinicians": [me.pk],
    }
    response = client_for(me).post(reverse("network:case_create"), data)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert Case.objects.count() == 0
    response = client_for(me).post(
        reverse("network:case_create"),
        {
            "name": "Alva\r\nLindgren",
            "language": "sv",
            "country": "SE",
            "first_contact_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "contact_source": "person",
            "clinicians": [me.pk],
            "address": "Storgatan 1\nUmeå",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.name, case.address) == ("Alva Lindgren", "Storgatan 1\nUmeå")


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"name": ""}, "This field is required."),
        ({"relation": "cousin"}, "Select a valid choice."),
        ({"service": "gp"}, "A service is given only for a professional."),
        ({"reminders_agreed": "on", "invite_agreement": "not_asked"}, "Reminders need the index person's agreement"),
        ({"reminders_agreed": "on", "email": ""}, "Reminders need an e-mail address."),
        ({"email": "x" * 300}, "Enter a valid email address."),
        ({"closeness": "7"}, "Select a valid choice."),
    ],
)
def test_adding_a_network_member_with_bad_input_saves_nothing(changes, error):
    me = clinician()
    case = factories.case(team=[me])
    data = {
        "name": "Bo Lindgren",
        "relation": "sibling",
        "service": "",
        "email": "bo@example.org",
        "language": "sv",
        "closeness": "1",
        "invite_agreement": "yes",
        **changes,
    }
    response = client_for(me).post(reverse("network:member_add", args=[case.pk]), data)
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert NetworkMember.objects.count() == 0


def test_the_agreement_is_recorded_with_when_and_by_whom():
    me = clinician(full_name="Maja Clinician")
    case = factories.case(team=[me])
    client_for(me).post(
        reverse("network:member_add", args=[case.pk]),
        {
            "name": "Bo",
            "relation": "sibling",
            "language": "sv",
            "closeness": "1",
            "invite_agreement": "yes",
            "email": "bo@example.org",
        },
    )
    member = NetworkMember.objects.get()
    assert member.invite_agreement_by == me
    assert timezone.now() - member.invite_agreement_at < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"starts_at": "2000-01-01T10:00"}, "The meeting must be in the future."),
        ({"starts_at": "not a time"}, "Enter a valid date/time."),
        ({"place": "video", "place_detail": ""}, "Give the video link or the address of the place."),
        ({"duration_minutes": "9999"}, "Select a valid choice."),
        ({"place_detail": "x" * 5000}, "Ensure this value has at most 500 characters"),
    ],
)
def test_booking_a_meeting_with_bad_input_saves_nothing(changes, error):
    me = clinician()
    case = factories.case(team=[me])
    data = {
        "starts_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "90",
        "place": "home",
        "index_person_invited": "on",
        **changes,
    }
    response = client_for(me).post(reverse("network:meeting_book", args=[case.pk]), data)
    assert response.status_code == 200
    assert error in response.content.decode().replace("&#x27;", "'")
    assert case.meetings.count() == 0
    assert ScheduledMessage.objects.filter(kind="network.meeting_invitation").count() == 0


def test_a_member_not_agreed_is_not_offered_for_invitation():
    me = clinician()
    case = factories.case(team=[me])
    agreed = factories.member(case, name="Agreed Person")
    factories.member(case, name="Unasked Person", agreed=False)
    page = client_for(me).get(reverse("network:meeting_book", args=[case.pk])).content.decode()
    assert "Agreed Person" in page
    assert "Unasked Person" not in page
    response = client_for(me).post(
        reverse("network:meeting_book", args=[case.pk]),
        {
            "starts_at": (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "90",
            "place": "home",
            "members": [agreed.pk, next(m.pk for m in NetworkMember.objects.all() if m.name == "Unasked Person")],
        },
    )
    assert "Select a valid choice." in response.content.decode()
    assert case.meetings.count() == 0


def test_recording_a_meeting_keeps_attendance_next_steps_and_books_the_next_one():
    me, partner = clinician(), clinician()
    case = factories.case(team=[me, partner])
    bo = factories.member(case, name="Bo Lindgren")
    meeting = factories.meeting(case, members=[bo], starts_at=timezone.now() + timedelta(minutes=1))
    meeting.starts_at = timezone.now() - timedelta(hours=2)
    meeting.save(update_fields=["starts_at"])
    attendees = {a.is_index_person or (a.member_id and "bo") or a.clinician_id: a for a in meeting.attendees.all()}
    next_time = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(me).post(
        reverse("network:meeting_record", args=[case.pk, meeting.pk]),
        {
            f"attended_{attendees[True].pk}": "on",
            f"attended_{attendees['bo'].pk}": "on",
            f"attended_{attendees[me.pk].pk}": "on",
            "step_0_text": "Alva calls the housing office",
            "step_0_responsible": "Alva",
            "step_1_text": "Bo asks about a weekend visit",
            "book_next": "on",
            "next_starts_at": next_time,
            "next_duration_minutes": "90",
            "next_place": "clinic",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_held
    assert {a.pk: a.attended for a in meeting.attendees.all()} == {
        attendees[True].pk: True,
        attendees["bo"].pk: True,
        attendees[me.pk].pk: True,
        attendees[partner.pk].pk: False,
    }
    assert [(s.text, s.responsible) for s in meeting.next_steps.all()] == [
        ("Alva calls the housing office", "Alva"),
        ("Bo asks about a weekend visit", ""),
    ]
    case.refresh_from_db()
    assert case.first_meeting_at == meeting.starts_at
    upcoming = case.meetings.get(status="booked")
    assert upcoming.place == "clinic"
    assert list(upcoming.attendees.filter(member__isnull=False).values_list("member", flat=True)) == [bo.pk]


def test_a_meeting_that_has_not_started_cannot_be_recorded():
    me = clinician()
    case = factories.case(team=[me])
    meeting = factories.meeting(case)
    response = client_for(me).post(reverse("network:meeting_record", args=[case.pk, meeting.pk]), {})
    assert "The meeting has not started yet." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.is_booked


def test_closing_needs_a_reason_and_cancels_booked_meetings():
    me = clinician()
    case = factories.case(team=[me])
    meeting = factories.meeting(case)
    response = client_for(me).post(reverse("network:case_close", args=[case.pk]), {"reason": "  "})
    assert "This field is required." in response.content.decode()
    client_for(me).post(reverse("network:case_close", args=[case.pk]), {"reason": "The work is done."})
    case.refresh_from_db()
    meeting.refresh_from_db()
    assert (case.is_open, case.closed_reason, meeting.is_cancelled) == (False, "The work is done.", True)


def test_the_team_keeps_at_least_one_member_and_every_change_has_a_reason():
    me, partner = clinician(), clinician()
    case = factories.case(team=[me])
    only = case.memberships.get()
    response = client_for(me).post(reverse("network:team_remove", args=[case.pk, only.pk]), {"reason": "Leaving"})
    assert "The case needs at least one team member" in response.content.decode()
    response = client_for(me).post(reverse("network:team", args=[case.pk]), {"clinician": partner.pk, "reason": ""})
    assert "This field is required." in response.content.decode()
    client_for(me).post(reverse("network:team", args=[case.pk]), {"clinician": partner.pk, "reason": "Two of us"})
    assert sorted(case.memberships.filter(ended_at=None).values_list("clinician", flat=True)) == sorted(
        [me.pk, partner.pk]
    )
    assert case.memberships.get(clinician=partner).start_reason == "Two of us"


def test_the_case_page_warns_with_a_team_of_one():
    me = clinician()
    case = factories.case(team=[me])
    page = client_for(me).get(reverse("network:case_detail", args=[case.pk])).content.decode()
    assert "The team has only one network clinician." in page
    services.team_add(case, clinician(), by=me, reason="Two of us")
    page = client_for(me).get(reverse("network:case_detail", args=[case.pk])).content.decode()
    assert "The team has only one network clinician." not in page


def test_the_clinicians_home_page_shows_her_cases_and_flags_instead_of_no_role():
    me = clinician()
    with_flag = factories.case(team=[me], name="Flagged Person", first_contact_at=timezone.now() - timedelta(hours=30))
    page = client_for(me).get("/").content.decode()
    assert "Your account has no role yet" not in page
    assert "Flagged Person" in page
    assert "1 case has no meeting held within 24 hours of first contact." in page
    assert reverse("network:case_detail", args=[with_flag.pk]) in page
    assert reverse("network:case_list") in page


def test_the_clinicians_home_page_costs_the_same_queries_with_one_or_many_cases(django_assert_num_queries):
    me = clinician()
    factories.case(team=[me], name="First Person", first_contact_at=timezone.now() - timedelta(hours=30))
    client = client_for(me)
    client.get("/")  # session and caches warm
    with django_assert_num_queries(QUERIES_CLINICIAN_HOME):
        first = client.get("/").content.decode()
    for n in range(7):
        factories.case(team=[me], name=f"Person {n}", first_contact_at=timezone.now() - timedelta(hours=n))
    with django_assert_num_queries(QUERIES_CLINICIAN_HOME):
        many = client.get("/").content.decode()
    assert "First Person" in first
    # The flagged case first, then four of the newest; only the shown cases' names are read.
    assert "First Person" in many and "Person 0" in many and "Person 4" not in many


# The session, the user, her roles, the cases, meetings and notes in one statement, and the names
# of the cases shown.
QUERIES_CLINICIAN_HOME = 6


def test_each_clinician_sees_her_own_cases_however_the_home_pages_were_compiled_before():
    """The section is compiled once per process for a clinician (dialogkurs.statements): a page
    that gave one clinician another's cases fails here."""
    ann, bo = clinician(), clinician()
    factories.case(team=[ann], name="Ann Person")
    factories.case(team=[bo], name="Bo Person")
    for_ann = client_for(ann).get("/").content.decode()
    for_bo = client_for(bo).get("/").content.decode()
    assert "Ann Person" in for_ann and "Bo Person" not in for_ann
    assert "Bo Person" in for_bo and "Ann Person" not in for_bo


def test_coordinators_see_no_network_rows_in_the_outbox():
    me = clinician()
    case = factories.case(team=[me])
    factories.meeting(case, members=[factories.member(case)])
    assert ScheduledMessage.objects.filter(content_type__app_label="network").exists()
    staff = coordinator()
    page = client_for(staff).get(reverse("reminders:outbox")).content.decode()
    assert "@example.org" not in page
    assert "network.meeting_invitation</td>" not in page
    row = ScheduledMessage.objects.filter(content_type__app_label="network").first()
    assert client_for(staff).get(reverse("reminders:message_detail", args=[row.pk])).status_code == 404


def test_the_admin_shows_cases_as_numbers_without_names_or_contact_details():
    from accounts.tests.factories import administrator

    me = clinician()
    case = factories.case(team=[me], name="Alva Lindgren", email="alva@example.org", address="Storgatan 1")
    factories.member(case, name="Bo Lindgren", email="bo@example.org")
    client = client_for(administrator())
    listing = client.get(reverse("admin:network_case_changelist"))
    detail = client.get(reverse("admin:network_case_change", args=[case.pk]))
    index = client.get(reverse("admin:index"))
    for response in (listing, detail, index):
        page = response.content.decode()
        assert response.status_code == 200
        assert "Lindgren" not in page and "example.org" not in page and "Storgatan" not in page
    assert f">{case.pk}<" in listing.content.decode()
    assert client.post(reverse("admin:network_case_delete", args=[case.pk])).status_code == 403


def test_the_clinicians_home_page_lists_her_meetings_of_the_next_7_days_and_her_unsigned_notes():
    me = clinician()
    mine = factories.case(team=[me])
    soon = factories.meeting(mine, starts_at=(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0))
    factories.meeting(mine, starts_at=(timezone.now() + timedelta(days=9)).replace(second=0, microsecond=0))
    factories.meeting(factories.case(), starts_at=(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0))
    draft = services_records.note_create(mine, by=me, body="Draft words")
    page = client_for(me).get("/").content.decode()
    assert page.count(f"/network/{mine.pk}/meetings/") == 1
    assert reverse("network:meeting_detail", args=[mine.pk, soon.pk]) in page
    assert reverse("network:note_edit", args=[mine.pk, draft.pk]) in page
    assert "Draft words" not in page
