"""The e-mails of an enquiry, end to end on the reminders engine: confirmation, SLA reminder and
alert in working days, meeting invitations and reminders with .ics, cancellation and retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import coordinator, facilitator_user
from enquiries import planners, services
from enquiries.models import Enquiry
from enquiries.tests.factories import EnquiryFactory, form_data
from reminders.models import ScheduledMessage

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
OSLO = ZoneInfo("Europe/Oslo")
Status = ScheduledMessage.Status


def _rows(kind: str | None = None):
    rows = ScheduledMessage.objects.order_by("kind", "recipient")
    if kind:
        rows = rows.filter(kind=kind)
    return [(r.kind, r.recipient, r.due_at, r.status) for r in rows]


def _post(client, django_capture_on_commit_callbacks, **overrides) -> Enquiry:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", form_data(**overrides))
    assert response.status_code == 302
    return Enquiry.objects.latest("pk")


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("en", "We have received your enquiry", "We meet all enquiries face to face"),
        ("sv", "Vi har tagit emot din förfrågan", "Vi träffar alla som hör av sig, ansikte mot ansikte"),
        ("nb", "Vi har mottatt henvendelsen din", "Vi møter alle som tar kontakt, ansikt til ansikt"),
    ],
)
def test_the_sender_gets_a_confirmation_in_their_language(
    client, celery_eager, django_capture_on_commit_callbacks, language, subject, line
):
    _post(client, django_capture_on_commit_callbacks, language=language, name="Anna Svensson")
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["Anna Svensson <anna.svensson@example.org>"]
    assert email.subject == subject
    assert line in email.body
    assert line in email.alternatives[0][0]
    assert ScheduledMessage.objects.get(kind=planners.KIND_CONFIRMATION).status == Status.SENT


def test_a_honeypot_or_invalid_post_sends_nothing(client, celery_eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", form_data(website="http://spam.example"))
        client.post("/contact/", form_data(email="not-an-address"))
    assert mail.outbox == []
    assert ScheduledMessage.objects.count() == 0


def test_sla_reminder_and_alert_are_planned_in_working_days_across_swedish_midsummer(
    client, sweep, django_capture_on_commit_callbacks
):
    karin, olle = coordinator(full_name="Karin", language="sv"), coordinator(full_name="Olle", language="en")
    with time_machine.travel(datetime(2024, 6, 20, 10, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks, country="SE", name="Eva Holm")
        mail.outbox.clear()  # the confirmation
        tuesday, wednesday = (
            datetime(2024, 6, 25, 10, 0, tzinfo=STOCKHOLM),
            datetime(2024, 6, 26, 10, 0, tzinfo=STOCKHOLM),
        )
        # Nothing on arrival: the sweep plans the reminder and the alert a day before the deadline.
        assert _rows(planners.KIND_SLA_REMINDER) == _rows(planners.KIND_SLA_ALERT) == []
    with time_machine.travel(datetime(2024, 6, 24, 9, 59, tzinfo=STOCKHOLM), tick=False):
        sweep()
        assert _rows(planners.KIND_SLA_REMINDER) == _rows(planners.KIND_SLA_ALERT) == []
    with time_machine.travel(datetime(2024, 6, 24, 10, 0, tzinfo=STOCKHOLM), tick=False):
        sweep()
        # Nobody assigned yet: every coordinator is reminded.
        assert _rows(planners.KIND_SLA_REMINDER) == [
            (planners.KIND_SLA_REMINDER, karin.email, tuesday, Status.PLANNED),
            (planners.KIND_SLA_REMINDER, olle.email, tuesday, Status.PLANNED),
        ]
        services.enquiry_assign(enquiry, assignee=karin, by=olle)
    assert _rows(planners.KIND_SLA_REMINDER) == [
        (planners.KIND_SLA_REMINDER, karin.email, tuesday, Status.PLANNED),
        (planners.KIND_SLA_REMINDER, olle.email, tuesday, Status.CANCELLED),
    ]
    assert _rows(planners.KIND_SLA_ALERT) == [
        (planners.KIND_SLA_ALERT, karin.email, wednesday, Status.PLANNED),
        (planners.KIND_SLA_ALERT, olle.email, wednesday, Status.PLANNED),
    ]
    with time_machine.travel(datetime(2024, 6, 25, 9, 59, tzinfo=STOCKHOLM), tick=False):
        sweep()  # Midsummer Eve and the weekend do not count: not yet
    assert mail.outbox == []
    with time_machine.travel(tuesday, tick=False):
        sweep()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([f"Karin <{karin.email}>"], f"Förfrågan {enquiry.pk} har inte kontaktats ännu")
    ]
    assert "Den är tilldelad dig." in mail.outbox[0].body
    assert "Eva Holm" in mail.outbox[0].body
    mail.outbox.clear()
    with time_machine.travel(wednesday, tick=False):
        sweep()
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (f"Karin <{karin.email}>", f"Varning: förfrågan {enquiry.pk} har fortfarande inte kontaktats"),
        (f"Olle <{olle.email}>", f"Alert: enquiry {enquiry.pk} is still not contacted"),
    ]


def test_contacting_in_time_cancels_the_reminder_and_the_alert(client, sweep, django_capture_on_commit_callbacks):
    staff = coordinator()
    with time_machine.travel(datetime(2024, 5, 16, 10, 0, tzinfo=OSLO), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks, country="NO", language="nb")
    with time_machine.travel(datetime(2024, 5, 21, 15, 0, tzinfo=OSLO), tick=False):
        sweep()  # a day before the deadline (Wednesday 10:00): the reminder and the alert are planned
        assert {r[3] for r in _rows(planners.KIND_SLA_REMINDER) + _rows(planners.KIND_SLA_ALERT)} == {Status.PLANNED}
        services.enquiry_mark_contacted(enquiry, by=staff)
    assert {r[3] for r in _rows(planners.KIND_SLA_REMINDER) + _rows(planners.KIND_SLA_ALERT)} == {Status.CANCELLED}
    mail.outbox.clear()
    with time_machine.travel(datetime(2024, 5, 24, 10, 0, tzinfo=OSLO), tick=False):
        sweep()
    assert mail.outbox == []


@pytest.mark.parametrize("coordinators", [1, 6])
def test_an_enquiry_arrives_with_one_outbox_row_and_the_same_queries_however_many_coordinators(
    client, django_assert_num_queries, coordinators
):
    for _n in range(coordinators):
        coordinator()
    client.post("/contact/", form_data(email="first@example.org"))  # content types cached
    ScheduledMessage.objects.all().delete()
    # The enquiry, its audit and history rows, the outbox rows it has (none yet), the
    # confirmation (a read, and an insert in a savepoint), and the service's own savepoint.
    with django_assert_num_queries(10):
        assert client.post("/contact/", form_data()).status_code == 302
    enquiry = Enquiry.objects.latest("pk")
    assert [(r.kind, r.recipient) for r in ScheduledMessage.objects.all()] == [
        (planners.KIND_CONFIRMATION, enquiry.email)
    ]


def test_the_sweep_plans_each_enquiry_once_and_after_an_assignment_only_the_assignees_reminder(
    client, sweep, django_capture_on_commit_callbacks
):
    karin, olle = coordinator(), coordinator()
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=STOCKHOLM), tick=False):  # a Monday
        enquiry = _post(client, django_capture_on_commit_callbacks)
        services.enquiry_assign(enquiry, assignee=karin, by=olle)
        assert _rows(planners.KIND_SLA_REMINDER) == []  # assigned, still nothing before its time
    due = datetime(2025, 3, 5, 9, 0, tzinfo=STOCKHOLM)
    with time_machine.travel(due - timedelta(days=1), tick=False):
        assert services.enquiries_plan_sla() == 1
        assert services.enquiries_plan_sla() == 0  # planned: not looked at again
        sweep()
    assert _rows(planners.KIND_SLA_REMINDER) == [(planners.KIND_SLA_REMINDER, karin.email, due, Status.PLANNED)]
    assert [r[1] for r in _rows(planners.KIND_SLA_ALERT)] == sorted([karin.email, olle.email])
    assert ScheduledMessage.objects.filter(kind__in=planners.PLANNED_KINDS).count() == 3


def test_a_sweep_that_comes_late_still_sends_the_alert_and_shows_the_reminder_as_missed(
    client, sweep, django_capture_on_commit_callbacks
):
    """The broker was down from before the planning until after the alert was due: no sweep ran.
    The first sweep afterwards plans as it would have, sends what is still on time, and shows
    the reminder it can no longer send as missed."""
    staff = coordinator(language="en")
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks, language="en")
    mail.outbox.clear()
    with time_machine.travel(datetime(2025, 3, 6, 10, 0, tzinfo=STOCKHOLM), tick=False):  # alert due 09:00
        sweep()
    assert [m.subject for m in mail.outbox] == [f"Alert: enquiry {enquiry.pk} is still not contacted"]
    assert _rows(planners.KIND_SLA_REMINDER) == [
        (planners.KIND_SLA_REMINDER, staff.email, datetime(2025, 3, 5, 9, 0, tzinfo=STOCKHOLM), Status.MISSED)
    ]


def test_norwegian_17_may_and_whit_monday_delay_the_reminder_to_wednesday(
    client, sweep, django_capture_on_commit_callbacks
):
    staff = coordinator(language="nb", full_name="Ingrid")
    with time_machine.travel(datetime(2024, 5, 16, 10, 0, tzinfo=OSLO), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks, country="NO", language="nb")
        services.enquiry_assign(enquiry, assignee=staff, by=staff)
    mail.outbox.clear()
    with time_machine.travel(datetime(2024, 5, 21, 10, 0, tzinfo=OSLO), tick=False):
        sweep()  # Tuesday: only one working day (17 May and Whit Monday are holidays)
    assert mail.outbox == []
    with time_machine.travel(datetime(2024, 5, 22, 10, 0, tzinfo=OSLO), tick=False):
        sweep()
    assert [m.subject for m in mail.outbox] == [f"Henvendelse {enquiry.pk} er ikke kontaktet ennå"]


def _ics(email) -> icalendar.Event:
    (filename, content, mimetype) = next(a for a in email.attachments if a[0].endswith(".ics"))
    assert (filename, mimetype) == ("meeting.ics", "text/calendar")
    return icalendar.Calendar.from_ical(content).walk("VEVENT")[0]


def test_booking_sends_both_sides_an_invitation_with_an_ics_and_a_reminder_the_day_before(
    client, celery_eager, sweep, django_capture_on_commit_callbacks
):
    karin = coordinator(full_name="Karin Lindqvist", language="sv")
    jonas = facilitator_user(full_name="Jonas Berg", language="en")
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks, language="sv", name="Eva Holm")
        mail.outbox.clear()
        start = datetime(2025, 3, 12, 13, 30, tzinfo=STOCKHOLM)
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_assign(enquiry, assignee=karin, by=karin)
            services.enquiry_book_meeting(
                enquiry,
                by=karin,
                starts_at=start,
                duration_minutes=90,
                location="Storgatan 1",
                attendees=[karin, jonas],
            )
    invitations = {m.to[0]: m for m in mail.outbox}
    assert sorted(invitations) == [
        "Eva Holm <anna.svensson@example.org>",
        f"Jonas Berg <{jonas.email}>",
        f"Karin Lindqvist <{karin.email}>",
    ]
    sender = invitations["Eva Holm <anna.svensson@example.org>"]
    assert sender.subject == "Inbjudan: ett möte om din förfrågan den 12 mars 2025"
    assert "Plats: Storgatan 1" in sender.body
    assert "Från oss: Jonas Berg, Karin Lindqvist" in sender.body
    assert f"skriv till Karin Lindqvist på {karin.email}" in sender.body
    event = _ics(sender)
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + timedelta(minutes=90)
    assert (str(event["summary"]), str(event["location"]), event["sequence"]) == (
        "Möte om din förfrågan",
        "Storgatan 1",
        0,
    )
    staff_mail = invitations[f"Jonas Berg <{jonas.email}>"]
    assert staff_mail.subject == f"Meeting booked for enquiry {enquiry.pk} on March 12, 2025"
    assert "With: Eva Holm (Region Uppsala, allmänpsykiatrin), anna.svensson@example.org" in staff_mail.body
    assert str(_ics(staff_mail)["summary"]).startswith(f"Meeting about enquiry {enquiry.pk}")

    day_before = datetime(2025, 3, 11, 13, 30, tzinfo=STOCKHOLM)
    assert {r[2] for r in _rows(planners.KIND_MEETING_REMINDER)} == {day_before}
    mail.outbox.clear()
    with time_machine.travel(day_before, tick=False):
        sweep()
    assert sorted(m.subject for m in mail.outbox) == [
        "Påminnelse: vårt möte i morgon kl. 13:30",
        "Påminnelse: vårt möte i morgon kl. 13:30",
        "Reminder: our meeting tomorrow at 1:30 p.m.",
    ]
    assert all(_ics(m)["uid"] == f"enquiry-meeting-{enquiry.meeting.pk}@dialogkurs" for m in mail.outbox)


@pytest.mark.parametrize(("country", "zone"), [("SE", STOCKHOLM), ("NO", OSLO)])
def test_the_meeting_reminder_keeps_the_meetings_local_time_across_the_october_change(sweep, country, zone):
    """Summer time ends at 03:00 on Sunday 26 October 2025: the day before a meeting at 10:00
    that Sunday is Saturday 10:00 (08:00 UTC), although 24 hours before is Saturday 11:00."""
    staff = coordinator(language="en")
    meeting_at = datetime(2025, 10, 26, 10, 0, tzinfo=zone)
    with time_machine.travel(datetime(2025, 10, 20, 9, 0, tzinfo=zone), tick=False):
        enquiry = EnquiryFactory(country=country, language="en")
        services.enquiry_book_meeting(
            enquiry, by=staff, starts_at=meeting_at, duration_minutes=60, location="Kontoret", attendees=[staff]
        )
    day_before = datetime(2025, 10, 25, 10, 0, tzinfo=zone)
    assert day_before.astimezone(UTC) == datetime(2025, 10, 25, 8, 0, tzinfo=UTC)
    assert {row[2] for row in _rows(planners.KIND_MEETING_REMINDER)} == {day_before}
    mail.outbox.clear()
    with time_machine.travel(day_before - timedelta(minutes=1), tick=False):
        sweep()
    assert mail.outbox == []
    with time_machine.travel(day_before, tick=False):
        sweep()
    assert sorted(m.subject for m in mail.outbox) == ["Reminder: our meeting tomorrow at 10 a.m."] * 2


def test_moving_the_meeting_moves_the_reminder_and_sends_new_invitations(
    client, celery_eager, django_capture_on_commit_callbacks
):
    karin = coordinator()
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks)
        book = {"by": karin, "duration_minutes": 60, "location": "Storgatan 1", "attendees": [karin]}
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_book_meeting(enquiry, starts_at=datetime(2025, 3, 12, 10, 0, tzinfo=STOCKHOLM), **book)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_book_meeting(enquiry, starts_at=datetime(2025, 3, 14, 10, 0, tzinfo=STOCKHOLM), **book)
    assert {r[2] for r in _rows(planners.KIND_MEETING_REMINDER)} == {datetime(2025, 3, 13, 10, 0, tzinfo=STOCKHOLM)}
    assert len(mail.outbox) == 2
    assert {_ics(m)["sequence"] for m in mail.outbox} == {1}


def test_closing_cancels_what_is_still_planned(client, django_capture_on_commit_callbacks):
    staff = coordinator()
    enquiry = _post(client, django_capture_on_commit_callbacks)
    services.enquiry_book_meeting(
        enquiry,
        by=staff,
        starts_at=timezone.now() + timedelta(days=5),
        duration_minutes=60,
        location="Kontoret",
        attendees=[staff],
    )
    services.enquiry_close(enquiry, by=staff, reason="De drog tillbaka förfrågan.")
    pending = ScheduledMessage.objects.filter(kind__in=planners.PLANNED_KINDS, status__in=ScheduledMessage.PENDING)
    assert list(pending) == []


SCRIPT = '<script>alert("x")</script>'


def test_sender_input_is_escaped_in_html_e_mails(client, celery_eager, sweep, django_capture_on_commit_callbacks):
    staff = coordinator(full_name="Karin")
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks, name=f"Eve {SCRIPT}", organisation=f"Org {SCRIPT}")
    with time_machine.travel(datetime(2025, 3, 5, 9, 0, tzinfo=STOCKHOLM), tick=False):
        sweep()
        with django_capture_on_commit_callbacks(execute=True):
            services.enquiry_book_meeting(
                enquiry,
                by=staff,
                starts_at=timezone.now() + timedelta(days=2),
                duration_minutes=60,
                location=f"Room {SCRIPT}",
                attendees=[staff],
            )
    kinds = sorted({m.subject.split(" ")[0] for m in mail.outbox})
    assert len(mail.outbox) == 4, kinds  # confirmation, SLA reminder, two invitations
    for email in mail.outbox:
        html = email.alternatives[0][0]
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        # The plain-text part is text, not HTML: shown as typed, never entity-encoded.
        assert "&lt;" not in email.body


def test_anonymising_removes_the_sender_from_the_outbox(client, django_capture_on_commit_callbacks):
    staff = coordinator()
    enquiry = _post(client, django_capture_on_commit_callbacks, email="Anna.Svensson@Example.org")
    services.enquiry_close(enquiry, by=staff, reason="Dubblett")
    services.enquiry_anonymise(enquiry)
    assert not ScheduledMessage.objects.filter(recipient__iexact="anna.svensson@example.org").exists()
    row = ScheduledMessage.objects.get(kind=planners.KIND_CONFIRMATION)
    assert (row.recipient, row.recipient_name) == ("", "")


def test_the_outbox_preview_renders_every_enquiry_kind(client, django_capture_on_commit_callbacks):
    staff = coordinator()
    client.force_login(staff)
    enquiry = _post(client, django_capture_on_commit_callbacks)
    services.enquiry_book_meeting(
        enquiry,
        by=staff,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        location="Kontoret",
        attendees=[staff],
    )
    rows = ScheduledMessage.objects.all()
    assert {r.kind for r in rows} >= {
        planners.KIND_CONFIRMATION,
        planners.KIND_MEETING_INVITATION,
        planners.KIND_MEETING_REMINDER,
    }
    for row in rows:
        for language in ("en", "sv", "nb"):
            response = client.get(reverse("reminders:preview"), {"message": row.pk, "language": language})
            assert response.status_code == 200
            assert (response.context["problem"], response.context["rendered"] is not None) == ("", True), row.kind


@pytest.mark.parametrize(
    ("site_url", "line"),
    [
        ("https://dialogkurs.example.org/", "Open the enquiry: https://dialogkurs.example.org/enquiries/{pk}/"),
        ("", "You find it in dialogkurs under Enquiries, number {pk}."),
    ],
)
def test_staff_e_mails_link_to_the_enquiry_when_the_site_url_is_known(
    client, sweep, settings, django_capture_on_commit_callbacks, site_url, line
):
    settings.SITE_URL = site_url
    coordinator(language="en")
    with time_machine.travel(datetime(2025, 3, 3, 9, 0, tzinfo=STOCKHOLM), tick=False):
        enquiry = _post(client, django_capture_on_commit_callbacks)
    with time_machine.travel(datetime(2025, 3, 5, 9, 0, tzinfo=STOCKHOLM), tick=False):
        sweep()
    (email,) = [m for m in mail.outbox if m.subject.startswith("Enquiry")]
    assert line.format(pk=enquiry.pk) in email.body
