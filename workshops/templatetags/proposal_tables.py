"""The rows of a workplace's proposals over time (``workplace_proposals.html``).

Written out here rather than by the template: a page holds about fifty proposals, each with its
status at submission and at every follow-up meeting, and the template engine's loops, lookups
and filters over those cells were a third of the page's time. The HTML is the same.
"""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..models import ProposalArea, ProposalStatus
from ..selectors import ProposalHistory

register = template.Library()

TEXT_SHOWN = 120  # characters of a proposal's text in the table, as truncatechars:120


def _shortened(text: str) -> str:
    return text if len(text) <= TEXT_SHOWN else f"{text[: TEXT_SHOWN - 1]}…"


@register.simple_tag(takes_context=True)
def proposal_rows(context, rows: list[ProposalHistory]) -> SafeString:
    """The ``<tr>`` of each proposal of an outcome (``selectors.workplace_outcome_history``)."""
    escape = conditional_escape
    # The labels and dates of the page, each translated or formatted once for all its tables.
    cache = context.render_context.setdefault(
        "proposal_rows",
        {
            "areas": {value: escape(label) for value, label in ProposalArea.choices},
            "statuses": {value: escape(label) for value, label in ProposalStatus.choices},
            "not_held": escape(gettext("Not yet held")),
            "dates": {None: ""},
        },
    )
    areas, statuses, not_held, dates = cache["areas"], cache["statuses"], cache["not_held"], cache["dates"]

    def cell(update: tuple[str, str] | None) -> str:
        if update is None:
            return f"<td>{not_held}</td>"
        status, note = update
        note_html = f'<br><span class="small">{escape(note)}</span>' if note else ""
        return f'<td><span class="status-badge">{statuses.get(status, escape(status))}</span>{note_html}</td>'

    html = []
    for row in rows:
        if row.due_date not in dates:
            dates[row.due_date] = date_format(row.due_date, "DATE_FORMAT")
        first = statuses.get(row.first[0], escape(row.first[0])) if row.first else "–"
        html.append(
            f'<tr><th scope="row">{escape(_shortened(row.text))}<br>'
            f'<span class="small fw-normal">{areas.get(row.area, escape(row.area))}</span></th>'
            f"<td>{escape(row.owner_name)}</td><td>{dates[row.due_date]}</td><td>{first}</td>"
            f"{''.join(cell(update) for update in row.later)}</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped
