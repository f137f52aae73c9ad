from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator

from accounts.models import User
from accounts.tests.factories import UserFactory, administrator, clinician, coordinator, facilitator_user
from reminders.models import ScheduledMessage
from reminders.planning import Planned, message_enqueue
from reminders.tests.kinds import EVENT_REMINDER, NOTICE

pytestmark = pytest.mark.django_db
Status = ScheduledMessage.Status
DUE = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)


def notice(user: User | None = None, *, status: str = Status.PLANNED, **fields) -> ScheduledMessage:
    user = user or UserFactory()
    message = message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=DUE, recipient_name="Anna"))
    if status != Status.PLANNED or fields:
        ScheduledMessage.objects.filter(pk=message.pk).update(status=status, **fields)
        message.refresh_from_db()
    return message


def failed_notice(**fields) -> ScheduledMessage:
    return notice(status=Status.FAILED, attempts=5, last_error="SMTPServerDisconnected: gone", **fields)


PAGES = [
    ("outbox", lambda m: reverse("reminders:outbox")),
    ("detail", lambda m: reverse("reminders:message_detail", args=[m.pk])),
    ("preview", lambda m: reverse("reminders:preview") + f"?message={m.pk}"),
    ("preview_html", lambda m: reverse("reminders:preview_html") + f"?message={m.pk}"),
]
ROLES = [
    ("anonymous", None, 302),
    ("no role", UserFactory, 403),
    ("facilitator", facilitator_user, 403),
    ("network clinician", clinician, 403),
    ("coordinator", coordinator, 200),
    ("administrator", administrator, 200),
]


@pytest.mark.parametrize(("page", "url"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize(("role", "make_user", "expected"), ROLES, ids=[r[0] for r in ROLES])
def test_outbox_pages_are_for_coordinators_and_administrators(client, test_kinds, page, url, role, make_user, expected):
    message = failed_notice()
    if make_user:
        client.force_login(make_user())
    response = client.get(url(message))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("role", "make_user", "expected"), ROLES, ids=[r[0] for r in ROLES])
def test_resend_is_for_coordinators_and_administrators(client, test_kinds, celery_eager, role, make_user, expected):
    message = failed_notice()
    if make_user:
        client.force_login(make_user())
    response = client.post(reverse("reminders:message_resend", args=[message.pk]))
    message.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert message.status == Status.PLANNED
    else:
        assert response.status_code == expected
        assert message.status == Status.FAILED


def test_the_outbox_is_in_the_menu_of_coordinators_only(client):
    client.force_login(coordinator())
    assert f'href="{reverse("reminders:outbox")}"' in client.get(reverse("home")).content.decode()
    client.force_login(facilitator_user())
    assert f'href="{reverse("reminders:outbox")}"' not in client.get(reverse("home")).content.decode()


def test_the_outbox_lists_messages_with_status_error_and_object(client, test_kinds):
    failed = failed_notice()
    client.force_login(coordinator())
    body = client.get(reverse("reminders:outbox")).content.decode()
    assert "1 message" in body
    assert "Failed" in body
    assert "SMTPServerDisconnected: gone" in body
    assert str(failed.content_object) in body
    assert f"?content_type={failed.content_type_id}&amp;object_id={failed.object_id}" in body


def test_an_outbox_row_is_written_out_in_full(client, test_kinds):
    """The rows are written in Python (``outbox_rows``): the whole row, escaped, with the date in
    the page's format, the kind by its name for people and the error cut at 80 characters."""
    user = UserFactory(full_name="Anna <Ödman> & co")
    error = "SMTPDataError: <550> " + "x" * 100
    message = message_enqueue(user, Planned(kind=EVENT_REMINDER, recipient=user.email, due_at=DUE))
    ScheduledMessage.objects.filter(pk=message.pk).update(status=Status.FAILED, attempts=5, last_error=error)
    client.force_login(coordinator())
    body = client.get(reverse("reminders:outbox")).content.decode()
    start = body.index("<tr><td><a")
    due = date_format(timezone.localtime(DUE), "SHORT_DATETIME_FORMAT")
    assert body[start : body.index("</tr>", start) + 5] == (
        f'<tr><td><a href="{reverse("reminders:message_detail", args=[message.pk])}">{due}'
        f'<span class="visually-hidden">, message {message.pk}: Test event reminder</span></a></td>'
        '<td><span class="status-badge">Failed</span><br><span class="small">'
        f"{escape(Truncator(error).chars(80))}</span></td>"
        "<td>Test event reminder</td>"
        f'<td><a href="?content_type={message.content_type_id}&amp;object_id={user.pk}">'
        "Anna &lt;Ödman&gt; &amp; co</a></td>"
        f"<td>{user.email}</td><td>5</td></tr>"
    )


def test_an_outbox_row_gives_its_reason_and_says_when_its_object_is_gone(client, test_kinds):
    cancelled = notice(status=Status.CANCELLED, reason=ScheduledMessage.Reason.NO_LONGER_PLANNED)
    gone = notice()
    User.objects.filter(pk=gone.object_id).delete()
    client.force_login(coordinator())
    body = client.get(reverse("reminders:outbox")).content.decode()
    assert '<span class="status-badge">Cancelled</span><br><span class="small">No longer planned</span>' in body
    assert (
        f'<td><a href="?content_type={gone.content_type_id}&amp;object_id={gone.object_id}">(deleted)</a></td>' in body
    )
    assert f'<span class="visually-hidden">, message {cancelled.pk}: {NOTICE}</span>' in body


def test_the_outbox_filters_by_status_kind_and_object(client, test_kinds):
    anna, bo = UserFactory(), UserFactory()
    planned = notice(anna)
    failed = notice(bo, status=Status.FAILED, last_error="x")
    other_kind = message_enqueue(anna, Planned(kind=EVENT_REMINDER, recipient=anna.email, due_at=DUE))
    user_type = ContentType.objects.get_for_model(User)
    client.force_login(coordinator())

    def listed(**params) -> set[int]:
        response = client.get(reverse("reminders:outbox"), params)
        assert response.status_code == 200
        return {m.pk for m in response.context["page_obj"]}

    assert listed() == {planned.pk, failed.pk, other_kind.pk}
    assert listed(status="failed") == {failed.pk}
    assert listed(kind=NOTICE) == {planned.pk, failed.pk}
    assert listed(content_type=user_type.pk, object_id=anna.pk) == {planned.pk, other_kind.pk}
    assert listed(content_type=user_type.pk, object_id=anna.pk, status="planned", kind=NOTICE) == {planned.pk}


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"status": "lost"}, "Select a valid choice. lost is not one of the available choices."),
        ({"kind": "nobody.kind"}, "Select a valid choice. nobody.kind is not one of the available choices."),
        ({"object_id": "abc"}, "Enter a whole number."),
        ({"object_id": "7"}, "Choose what the number refers to."),
        ({"content_type": "999999"}, "Select a valid choice. 999999 is not one of the available choices."),
    ],
)
def test_a_bad_outbox_filter_shows_a_clear_error_and_no_rows(client, test_kinds, params, error):
    notice()
    client.force_login(coordinator())
    response = client.get(reverse("reminders:outbox"), params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert error in body
    assert list(response.context["page_obj"]) == []


def test_the_outbox_is_paginated(client, test_kinds, monkeypatch):
    from reminders import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        notice()
    client.force_login(coordinator())
    first = client.get(reverse("reminders:outbox"), {"kind": NOTICE}).content.decode()
    second = client.get(reverse("reminders:outbox"), {"kind": NOTICE, "page": 2})
    assert "Page 1 of 2" in first
    assert f"?kind={NOTICE}&amp;page=2" in first
    assert len(second.context["page_obj"]) == 1


@pytest.mark.parametrize("rows", [1, 5])
def test_the_outbox_runs_the_same_number_of_queries_for_1_and_5_rows(
    client, test_kinds, django_assert_num_queries, rows
):
    for _ in range(rows):
        failed_notice()
    client.force_login(coordinator())
    # session, user, roles, filter's content types, count, page, the users it is about
    with django_assert_num_queries(7):
        response = client.get(reverse("reminders:outbox"))
    assert len(response.context["page_obj"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_the_outbox_of_one_object_runs_as_many_queries_as_the_whole_outbox(
    client, test_kinds, django_assert_num_queries, rows
):
    user = UserFactory()
    for day in range(rows):
        message_enqueue(user, Planned(kind=NOTICE, recipient=user.email, due_at=DUE, occasion=str(day)))
    client.force_login(coordinator())
    about = {"content_type": ContentType.objects.get_for_model(User).pk, "object_id": user.pk}
    # session, user, roles, filter's content types (which also check the chosen one), count,
    # page, the user
    with django_assert_num_queries(7):
        response = client.get(reverse("reminders:outbox"), about)
    assert len(response.context["page_obj"]) == rows


@pytest.mark.parametrize("rows", [1, 5])
def test_the_outbox_names_the_objects_of_its_rows_in_one_query_per_kind_of_object(
    client, test_kinds, django_assert_num_queries, rows
):
    # A permission's name is made of its content type: one more row each, fetched with it.
    permissions = Permission.objects.select_related("content_type").order_by("pk")[:rows]
    for permission in permissions:
        message_enqueue(permission, Planned(kind=NOTICE, recipient="anna@example.org", due_at=DUE))
    notice()
    client.force_login(coordinator())
    # session, user, roles, filter's content types, count, page, the users, the permissions
    with django_assert_num_queries(8):
        body = client.get(reverse("reminders:outbox")).content.decode()
    assert [str(p) in body for p in permissions] == [True] * rows


def test_the_outbox_counts_only_so_far_and_says_there_are_more(client, test_kinds, monkeypatch):
    from reminders import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    monkeypatch.setattr(views, "COUNT_AT_MOST", 4)
    messages = sorted((notice() for _ in range(5)), key=lambda m: m.pk, reverse=True)
    client.force_login(coordinator())
    first = client.get(reverse("reminders:outbox"))
    body = first.content.decode()
    assert "More than 4 messages; filter them to find older ones" in body
    assert "Page 1 of more than 2" in body
    assert [m.pk for m in first.context["page_obj"]] == [m.pk for m in messages[:2]]
    last = client.get(reverse("reminders:outbox"), {"page": 9})
    assert [m.pk for m in last.context["page_obj"]] == [m.pk for m in messages[2:4]]
    assert "Next page" not in last.content.decode()
    exact = client.get(
        reverse("reminders:outbox"), {"object_id": messages[0].object_id, "content_type": messages[0].content_type_id}
    )
    assert "1 message" in exact.content.decode()
    assert "More than" not in exact.content.decode()


def test_coordinators_do_not_see_messages_about_hidden_apps_but_administrators_do(client, test_kinds, settings):
    settings.REMINDERS_HIDDEN_FROM_COORDINATORS = ["accounts"]
    message = notice()
    client.force_login(coordinator())
    assert list(client.get(reverse("reminders:outbox")).context["page_obj"]) == []
    assert client.get(reverse("reminders:message_detail", args=[message.pk])).status_code == 404
    client.force_login(administrator())
    assert [m.pk for m in client.get(reverse("reminders:outbox")).context["page_obj"]] == [message.pk]


def test_a_failed_message_shows_its_error_and_a_resend_button_that_sends_it(
    client, test_kinds, celery_eager, django_capture_on_commit_callbacks
):
    message = failed_notice()
    client.force_login(coordinator())
    body = client.get(reverse("reminders:message_detail", args=[message.pk])).content.decode()
    assert "SMTPServerDisconnected: gone" in body
    assert "Send again" in body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reminders:message_resend", args=[message.pk]), follow=True)
    assert "The message will be sent again within a minute." in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [m.to for m in mail.outbox] == [[f"Anna <{message.recipient}>"]]


def test_a_sent_message_has_no_resend_button_and_cannot_be_resent(client, test_kinds):
    message = notice(status=Status.SENT, sent_at=DUE)
    client.force_login(coordinator())
    assert "Send again" not in client.get(reverse("reminders:message_detail", args=[message.pk])).content.decode()
    response = client.post(reverse("reminders:message_resend", args=[message.pk]), follow=True)
    assert "Only a failed or missed message can be sent again." in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_preview_renders_a_message_in_another_language_and_kind(client, test_kinds):
    user = UserFactory(date_joined=datetime(2025, 10, 27, 8, 0, tzinfo=UTC), full_name="Anna Berg")
    message = notice(user)
    client.force_login(coordinator())
    response = client.get(reverse("reminders:preview"), {"message": message.pk, "language": "sv"})
    body = response.content.decode()
    assert "[test] Notice for Anna Berg" in body
    assert "Hej Anna," in body
    response = client.get(
        reverse("reminders:preview"), {"message": message.pk, "kind": EVENT_REMINDER, "language": "nb"}
    )
    body = response.content.decode()
    assert "[test] Event mandag 27 oktober 2025 09:00" in body
    assert "event.ics (text/calendar)" in body
    html = client.get(reverse("reminders:preview_html"), {"message": message.pk, "language": "nb"})
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="nb">' in html.content.decode()
    message.refresh_from_db()
    assert (message.kind, message.language) == (NOTICE, "sv")  # nothing saved


def test_preview_of_a_kind_uses_its_latest_message(client, test_kinds):
    notice()
    latest = notice(UserFactory(full_name="Latest Person"))
    client.force_login(coordinator())
    body = client.get(reverse("reminders:preview")).content.decode()
    assert f"?kind={NOTICE}" in body
    response = client.get(reverse("reminders:preview"), {"kind": NOTICE})
    assert response.context["message"] == latest
    assert "[test] Notice for Latest Person" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"kind": ""}, "Choose a kind or enter a message number."),
        ({"message": "999999"}, "There is no message with this number."),
        ({"message": "x"}, "Enter a whole number."),
        ({"kind": EVENT_REMINDER}, "There is no message of this kind yet: enter a message number."),
        ({"kind": "nobody.kind"}, "Select a valid choice."),
        ({"message": "1", "language": "de"}, "Select a valid choice. de is not one of the available choices."),
    ],
)
def test_a_bad_preview_request_shows_a_clear_error(client, test_kinds, params, error):
    notice()
    client.force_login(coordinator())
    response = client.get(reverse("reminders:preview"), params)
    body = response.content.decode()
    assert "There is a problem" in body
    assert error in body
    assert response.context["rendered"] is None


def test_preview_says_so_when_the_object_is_gone(client, test_kinds):
    message = notice()
    message.content_object.delete()
    client.force_login(coordinator())
    body = client.get(reverse("reminders:preview"), {"message": message.pk}).content.decode()
    assert "What this message is about no longer exists, so it cannot be shown." in body


def test_the_admin_shows_the_outbox_read_only(client, test_kinds):
    message = notice()
    client.force_login(administrator())
    assert client.get(reverse("admin:reminders_scheduledmessage_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_scheduledmessage_change", args=[message.pk])).status_code == 200
    assert client.get(reverse("admin:reminders_scheduledmessage_add")).status_code == 403
    assert Permission.objects.filter(codename="view_scheduledmessage").exists()


def test_times_in_the_outbox_are_in_local_time(client, test_kinds):
    notice()
    client.force_login(coordinator())
    client.cookies["django_language"] = "sv"
    body = client.get(reverse("reminders:outbox")).content.decode()
    assert "2030-01-07 09:00" in body  # 08:00 UTC is 09:00 in Stockholm
