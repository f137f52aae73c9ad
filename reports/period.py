"""The period and the organisation or workplace a report is about, read from the query string.

A period is a year, a quarter or a month of a year, or a from–to range of dates, always in local
time (``TIME_ZONE``): a half-day at 00:30 on 1 January belongs to the new year although it is
still 31 December in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dialogkurs.forms import QuickSelect
from sessions_app.models import Organisation, Workplace

FIRST_YEAR = 2000
# A from–to range is at most this long: a report without a bound would group the whole history.
MAX_RANGE_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    start: date  # first day
    end: date  # last day (inclusive)
    label: str
    organisation: Organisation | None = None
    workplace: Workplace | None = None

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def key(self) -> str:
        """What the figures of the period depend on, for ``reports.cache``."""
        organisation = self.organisation.pk if self.organisation is not None else ""
        workplace = self.workplace.pk if self.workplace is not None else ""
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}:{organisation}:{workplace}"

    @property
    def years(self) -> range:
        """The years the period touches (the versions of per-year data it reads)."""
        return range(self.start.year, self.end.year + 1)

    @property
    def place_label(self) -> str:
        if self.workplace is not None:
            return str(self.workplace)
        if self.organisation is not None:
            return self.organisation.name
        return gettext("All organisations")

    def months(self) -> list[date]:
        """The first day of every month the period touches, in order."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months


def _month_label(day: date) -> str:
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def year_period(year: int, organisation: Organisation | None = None) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), str(year), organisation)


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, widget=QuickSelect)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        required=False,
        widget=QuickSelect,
    )
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, widget=QuickSelect)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Or a range of dates."),
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
        widget=QuickSelect,
    )
    workplace = forms.ModelChoiceField(
        label=_("Workplace"),
        queryset=Workplace.objects.none(),
        required=False,
        empty_label=_("All workplaces"),
        widget=QuickSelect,
        help_text=_("The workplaces of the chosen organisation."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        # A region has a thousand workplaces: the list offers those of the chosen organisation
        # only (a page with every one of them would be too long to use and to load).
        organisation = (data or {}).get("organisation")
        if organisation and str(organisation).isdigit():
            self.fields["workplace"].queryset = Workplace.objects.filter(organisation_id=int(organisation)).order_by(
                "name"
            )
        else:
            self.fields["workplace"].help_text = _("Choose an organisation first, then one of its workplaces.")
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year + 1, FIRST_YEAR - 1, -1)]
        # In the reader's language: written when the module loaded, they stayed English.
        self.fields["quarter"].choices = [
            ("", gettext("Whole year")),
            *((q, gettext("Quarter %(q)s") % {"q": q}) for q in range(1, 5)),
        ]
        self.fields["year"].initial = this_year
        self.fields["month"].choices = [
            ("", _("Whole year or quarter")),
            *((m, formats.date_format(date(2000, m, 1), "F")) for m in range(1, 13)),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if bool(start) != bool(end):
            self.add_error("end" if start else "start", _("Give both ends of the range, or neither."))
        elif start and end:
            if start > end:
                self.add_error("end", _("The end of the period must come after its start."))
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error("end", _("A range can be at most five years long."))
        if data.get("month") and data.get("quarter"):
            self.add_error("month", _("Choose a quarter or a month, not both."))
        return data

    def period(self) -> Period:
        """The chosen period; the current year when nothing (or nothing valid) was chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = data.get("year") or timezone.localdate().year
        organisation, workplace = data.get("organisation"), data.get("workplace")
        if workplace is not None and organisation is None:
            organisation = workplace.organisation
        if data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
            label = gettext("%(start)s to %(end)s") % {
                "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
                "end": formats.date_format(end, "SHORT_DATE_FORMAT"),
            }
        elif data.get("month"):
            start = date(year, data["month"], 1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            label = _month_label(start)
        elif data.get("quarter"):
            start = date(year, 3 * data["quarter"] - 2, 1)
            end = (date(year, 3 * data["quarter"], 1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            label = gettext("Q%(quarter)s %(year)s") % {"quarter": data["quarter"], "year": year}
        else:
            start, end, label = date(year, 1, 1), date(year, 12, 31), str(year)
        return Period(start, end, label, organisation, workplace)


class AnnualForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, widget=QuickSelect)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("All organisations"),
        widget=QuickSelect,
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]
        self.fields["year"].initial = this_year - 1

    def period(self) -> Period:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return year_period(data.get("year") or timezone.localdate().year - 1, data.get("organisation"))
