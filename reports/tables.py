"""A report table: typed columns and rows, the one source of the page's table, its chart and
its CSV and Excel exports (the same numbers everywhere)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

# Health-related counts are shown only from this size (DESIGN §2.2, §8).
MIN_GROUP = 5


class Suppressed:
    """A cell hidden because its group is smaller than MIN_GROUP."""

    def __str__(self) -> str:
        return gettext("fewer than %(n)s") % {"n": MIN_GROUP}

    def __eq__(self, other) -> bool:
        return isinstance(other, Suppressed)

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "Suppressed()"


SUPPRESSED = Suppressed()


@dataclass(frozen=True)
class Linked:
    """A cell that leads on: its text on the page links to ``url`` (the exports have the text)."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "int"  # text, int, decimal, percent, hours, month

    def display(self, value, *, links: bool = True) -> str:
        if value is None:
            return "–"
        if isinstance(value, Suppressed):
            return str(value)
        if isinstance(value, Linked):
            return format_html('<a href="{}">{}</a>', value.url, value.text) if links else value.text
        if self.kind == "percent":
            return formats.number_format(round(value * 100)) + " %"
        if self.kind in ("decimal", "hours"):
            return formats.number_format(value, 1)
        if self.kind == "month" and isinstance(value, date):
            return formats.date_format(value, "YEAR_MONTH_FORMAT")
        if self.kind == "int":
            return formats.number_format(value, force_grouping=True)
        return str(value)


@dataclass
class Chart:
    kind: str  # "columns" (grouped, vertical) or "bars" (horizontal)
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""  # "percent" shows values as %


@dataclass
class Table:
    slug: str
    title: str
    description: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    chart: Chart | None = None
    note: str = ""

    # A page shows at most this many rows of a table (and its chart); the exports have them all.
    # At 25 rows the longest report stays far below 150 KB at the scale of a large region.
    PAGE_ROWS = 25

    def display_rows(self) -> list[list[str]]:
        return self._display_rows(links=True)

    @property
    def display_rows_text(self) -> list[list[str]]:
        """``display_rows`` with every link as its text: for readers who may not follow them."""
        return self._display_rows(links=False)

    def _display_rows(self, *, links: bool) -> list[list[str]]:
        return [
            [column.display(value, links=links) for column, value in zip(self.columns, row, strict=True)]
            for row in self.rows[: self.PAGE_ROWS]
        ]

    @property
    def cut(self) -> bool:
        return len(self.rows) > self.PAGE_ROWS

    def column_values(self, index: int) -> list:
        """The values of the rows shown: the chart draws what the table beside it shows."""
        return [row[index] for row in self.rows[: self.PAGE_ROWS]]

    def with_chart(self, kind: str, category: int, values: list[int], unit: str = "") -> Table:
        """A chart of the columns ``values`` against the column ``category``; suppressed or empty
        cells are drawn as 0 and labelled by the table beside it."""
        categories = [self.columns[category].display(v) for v in self.column_values(category)]
        series = [
            (
                self.columns[i].label,
                [
                    float(v) if isinstance(v, int | float) and not isinstance(v, bool) else 0.0
                    for v in self.column_values(i)
                ],
            )
            for i in values
        ]
        self.chart = Chart(kind, categories, series, unit)
        return self


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def suppress_small(counts: list[int]) -> list[int | Suppressed]:
    """Counts of people by a health-related attribute: 1–4 is shown as "fewer than 5"; if only one
    cell is hidden, the next smallest is hidden too, so it cannot be worked out from the total."""
    shown: list[int | Suppressed] = [SUPPRESSED if 0 < n < MIN_GROUP else n for n in counts]
    hidden = [i for i, v in enumerate(shown) if isinstance(v, Suppressed)]
    if len(hidden) == 1:
        others = [i for i, v in enumerate(shown) if not isinstance(v, Suppressed) and v > 0]
        if others:
            shown[min(others, key=lambda i: counts[i])] = SUPPRESSED
    return shown


LABEL_TOTAL = gettext_lazy("All")
