from __future__ import annotations

from datetime import date, timedelta

from django.utils.html import escape

from accounts.models import User
from sessions_app.models import Workplace


def assert_error_at_field(response, field: str, message: str, *, form: str = "form") -> None:
    """The error is on the field, linked from the error summary, and shown beside the input."""
    assert response.status_code == 200
    bound = response.context[form]
    assert bound.errors[field] == [message]
    body = response.content.decode()
    summary = body[body.index("data-error-summary") : body.index("</div>", body.index("data-error-summary"))]
    target = bound[field].id_for_label or f"{bound[field].auto_id}_0"  # a group links its first option
    assert f'href="#{target}"' in summary
    assert f'id="{target}"' in body
    assert escape(message) in summary
    assert f'id="error_1_id_{field}"' in body  # crispy's message under the input


def assert_error_above_form(response, message: str, *, form: str = "form") -> None:
    assert response.status_code == 200
    assert message in response.context[form].non_field_errors()
    body = response.content.decode()
    summary = body[body.index("data-error-summary") : body.index("</div>", body.index("data-error-summary"))]
    assert escape(message) in summary


def course_form_data(workplace: Workplace, coordinator: User, day: date, **overrides) -> dict:
    second = day + timedelta(days=7)
    data = {
        "workplace": str(workplace),
        "location": "Konferensrummet, plan 2",
        "coordinator": coordinator.pk,
        "notes": "",
        "consent_text": "",
        "date_1": day.isoformat(),
        "start_1": "09:00",
        "end_1": "13:00",
        "date_2": second.isoformat(),
        "start_2": "09:00",
        "end_2": "13:00",
        "theme_1": "1",
        "theme_2": "1",
        "theme_3": "2",
        "theme_4": "2",
    }
    data.update(overrides)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
