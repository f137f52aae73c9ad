"""Forms of the trainings pages. They parse and normalise input; the rules live in services."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from dialogkurs.fields import SingleLineFormField
from dialogkurs.forms import QuickDateInput, QuickSelect, QuickTimeInput, SuggestInput

from . import selectors, services
from .models import (
    DEFAULT_THEME_PLAN,
    Course,
    Facilitator,
    LivedExperience,
    Organisation,
    Theme,
    Unavailability,
    Workplace,
)

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
HALF_DAY_CHOICES = [(1, _("Half-day 1")), (2, _("Half-day 2"))]


class UserChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # no template per option

    def label_from_instance(self, user: User) -> str:
        return f"{user.full_name} ({user.email})" if user.full_name else user.email


def date_field(label, **kwargs) -> forms.DateField:
    """A browser date picker; it always sends ISO dates, typed ones are read too."""
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=QuickDateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def time_field(label, initial: time) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        initial=initial,
        widget=QuickTimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class ScheduleForm(forms.Form):
    """The two half-days (date, start and end each) and which half-day each theme is on."""

    date_1 = date_field(_("Half-day 1: date"))
    start_1 = time_field(_("Half-day 1: starts at"), time(9, 0))
    end_1 = time_field(_("Half-day 1: ends at"), time(13, 0))
    date_2 = date_field(_("Half-day 2: date"))
    start_2 = time_field(_("Half-day 2: starts at"), time(9, 0))
    end_2 = time_field(_("Half-day 2: ends at"), time(13, 0))

    def __init__(self, *args, course: Course | None = None, **kwargs):
        # A training's own schedule starts the form; a new or moved half-day must lie ahead.
        self.current: list[services.HalfDayPlan] = []
        plan: dict[int, int] = {}
        if course is not None:
            self.current, plan = services.course_schedule(course)
            kwargs.setdefault("initial", self.initial_from(self.current))
        super().__init__(*args, **kwargs)
        plan = plan or DEFAULT_THEME_PLAN
        for theme in Theme.objects.order_by("number"):
            self.fields[f"theme_{theme.number}"] = forms.TypedChoiceField(
                label=_("Half-day for theme %(number)s, %(name)s") % {"number": theme.number, "name": theme.name},
                choices=HALF_DAY_CHOICES,
                coerce=int,
                widget=QuickSelect,
                initial=plan.get(theme.number, DEFAULT_THEME_PLAN[theme.number]),
            )
        self.half_days: list[services.HalfDayPlan] = []
        self.theme_plan: dict[int, int] = {}

    @staticmethod
    def _at(day: date, moment: time) -> datetime:
        return timezone.make_aware(datetime.combine(day, moment))

    def clean(self):
        cleaned = super().clean()
        parts = ["date_1", "start_1", "end_1", "date_2", "start_2", "end_2"]
        themes = [name for name in self.fields if name.startswith("theme_")]
        if any(cleaned.get(name) is None for name in parts + themes):
            return cleaned  # each missing or unreadable value already has its own error
        self.half_days = [
            services.HalfDayPlan(
                self._at(cleaned[f"date_{n}"], cleaned[f"start_{n}"]),
                self._at(cleaned[f"date_{n}"], cleaned[f"end_{n}"]),
            )
            for n in (1, 2)
        ]
        self.theme_plan = {int(name.removeprefix("theme_")): cleaned[name] for name in themes}
        # The rules are the service's; the form only shows them at the inputs they concern.
        problems = services.schedule_problem_list(
            self.half_days, self.theme_plan, current=self.current, now=timezone.now()
        )
        for problem in problems:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        return cleaned

    @staticmethod
    def initial_from(half_days: list[services.HalfDayPlan]) -> dict:
        """Initial dates and times from a saved schedule."""
        initial: dict = {}
        for number, half_day in enumerate(half_days, start=1):
            starts, ends = timezone.localtime(half_day.starts_at), timezone.localtime(half_day.ends_at)
            initial |= {f"date_{number}": starts.date(), f"start_{number}": starts.time(), f"end_{number}": ends.time()}
        return initial


class WorkplaceField(forms.CharField):
    """One workplace, typed: a type-ahead text field (``SuggestInput``) instead of a select of a
    thousand workplaces. The text resolves to exactly one workplace: its label "Name
    (Organisation)" as suggested, its whole name, or a part of a name only one workplace has;
    none or several is a form error. Without JavaScript it is a plain text field."""

    default_error_messages = {
        "none": _("No workplace is called “%(text)s”. Type part of its name and choose one of the suggestions."),
        "several": _(
            "%(count)s workplaces match “%(text)s”, among them %(examples)s. Type more of the name, "
            "or the name with its organisation in brackets."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 400)
        kwargs.setdefault("help_text", _("Type part of the workplace's name and choose it from the suggestions."))
        kwargs.setdefault(
            "widget", SuggestInput(reverse_lazy("sessions_app:place_suggestions", args=["workplace-labels"]))
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Workplace):
            return str(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        # The label as suggested, mostly: found by itself first (``workplaces_labelled``).
        labelled = list(selectors.workplaces_labelled(text)[:2])
        if len(labelled) == 1:
            return labelled[0]
        candidates = selectors.workplaces_matching(text)
        for exact in (candidates.filter(label__iexact=text), candidates.filter(name__iexact=text)):
            found = list(exact[:3])
            if len(found) == 1:
                return found[0]
            if found:
                candidates = exact
                break
        matches = list(candidates[:3])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(self.error_messages["none"], code="none", params={"text": text})
        count = candidates.count()
        examples = "; ".join(str(w) for w in matches[:3])
        raise ValidationError(
            self.error_messages["several"], code="several", params={"text": text, "count": count, "examples": examples}
        )


class CourseCreateForm(ScheduleForm):
    workplace = WorkplaceField(label=_("Workplace"))
    location = forms.CharField(
        label=_("Location"), max_length=300, required=False, help_text=_("Room and address at the workplace.")
    )
    coordinator = UserChoiceField(label=_("Coordinator"), queryset=User.objects.none())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consent_text = forms.CharField(
        label=_("Consent text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the sign-up page; the participant must agree to it. Leave empty for the standard text."),
    )

    field_order = [
        "workplace",
        "location",
        "coordinator",
        "date_1",
        "start_1",
        "end_1",
        "date_2",
        "start_2",
        "end_2",
        "theme_1",
        "theme_2",
        "theme_3",
        "theme_4",
        "notes",
        "consent_text",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = selectors.coordinators()
        self.order_fields(self.field_order)


class CourseEditForm(forms.Form):
    """The plain fields of a course; the schedule has its own page."""

    location = CourseCreateForm.base_fields["location"]
    coordinator = UserChoiceField(label=_("Coordinator"), queryset=User.objects.none())
    notes = CourseCreateForm.base_fields["notes"]
    consent_text = CourseCreateForm.base_fields["consent_text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = selectors.coordinators()


class AssignFacilitatorForm(forms.Form):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=Facilitator.objects.none(), widget=QuickSelect
    )

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        prefetched = getattr(course, "_prefetched_objects_cache", {}).get("assignments")
        if prefetched is not None:  # the course page's (``selectors.course_detail_get``): no subquery
            on_course = [a.facilitator_id for a in prefetched if a.status in services.ACTIVE_ASSIGNMENT]
        else:
            on_course = course.assignments.filter(status__in=services.ACTIVE_ASSIGNMENT).values("facilitator")
        field = self.fields["facilitator"]
        field.queryset = selectors.active_facilitators().exclude(pk__in=on_course)
        # The options read once, as values: the course page asked whether there were any, then
        # read them as models through a server-side cursor. The chosen one is still checked
        # against the queryset when posted.
        rows = field.queryset.values_list("pk", "user__full_name", "user__email")
        options = [(pk, full_name or email) for pk, full_name, email in rows]  # a facilitator's name: User.__str__
        field.choices = [("", field.empty_label), *options]
        self.has_choices = bool(options)


class CancelCourseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the training and shown to coordinators."),
    )


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "country"]


class WorkplaceForm(forms.ModelForm):
    class Meta:
        model = Workplace
        fields = ["organisation", "name", "visiting_address", "manager_name", "manager_email", "manager_language"]
        labels = {"name": _("Name of the workplace")}
        widgets = {"manager_email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]  # a workplace stays with its organisation


LIVED_EXPERIENCE_CHOICES = [("", _("Not shared")), *LivedExperience.choices]
LANGUAGE_FIELD_HELP = _("The languages the facilitator can lead a training in.")


class FacilitatorForm(forms.Form):
    user = UserChoiceField(
        label=_("User"),
        queryset=User.objects.none(),
        help_text=_("The person's account; they gain the Facilitator role."),
    )
    lived_experience = forms.ChoiceField(
        label=_("Lived experience"),
        choices=LIVED_EXPERIENCE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Shown to coordinators only, and kept only with the facilitator's consent."),
    )
    lived_experience_consent = forms.BooleanField(
        label=_("The facilitator has agreed that coordinators may see her lived experience."), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=LANGUAGE_FIELD_HELP,
    )
    home_area = SingleLineFormField(label=_("Home municipality"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.users_without_facilitator_profile()


class FacilitatorProfileForm(forms.Form):
    """Her profile: the facilitator's own words, or a coordinator's on her behalf."""

    languages = FacilitatorForm.base_fields["languages"]
    home_area = SingleLineFormField(
        label=_("Home municipality"),
        max_length=200,
        required=False,
        help_text=_("Used to suggest trainings near home."),
    )
    travel_km = forms.IntegerField(
        label=_("Travels up to (km)"),
        min_value=0,
        max_value=2000,
        required=False,
        help_text=_("How far from home you take assignments."),
    )
    presentation = forms.CharField(
        label=_("Presentation"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences that workplaces may read about you."),
    )
    active = forms.TypedChoiceField(
        label=_("Taking assignments"),
        choices=[("1", _("Active: I can be invited")), ("0", _("Resting: do not invite me for now"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    lived_experience = forms.ChoiceField(
        label=_("Lived experience"),
        choices=LIVED_EXPERIENCE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Shown to coordinators only, so that the two facilitators of a training can bring different"
            " perspectives. Kept only with your consent; choose 'Not shared' to remove it."
        ),
    )
    lived_experience_consent = forms.BooleanField(
        label=_("I agree that coordinators may see my lived experience."), required=False
    )

    def __init__(self, *args, by_coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if by_coordinator:
            self.fields["lived_experience_consent"].label = FacilitatorForm.base_fields[
                "lived_experience_consent"
            ].label
            self.fields["active"].choices = [
                ("1", _("Active: she can be invited")),
                ("0", _("Resting or deactivated: not invited for now")),
            ]
            self.fields["travel_km"].help_text = _("How far from home she takes assignments.")
            self.fields["presentation"].help_text = _("A few sentences that workplaces may read about her.")

    @staticmethod
    def initial_for(facilitator: Facilitator) -> dict:
        return {
            "languages": facilitator.languages,
            "home_area": facilitator.home_area,
            "travel_km": facilitator.travel_km,
            "presentation": facilitator.presentation,
            "active": "1" if facilitator.active else "0",
            "lived_experience": facilitator.lived_experience,
            "lived_experience_consent": facilitator.lived_experience_consent_at is not None,
        }

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.FACILITATOR_EDITABLE}


class UnavailabilityForm(forms.Form):
    """One day, a range, or a weekday that recurs; the rules are the service's."""

    starts_on = date_field(
        _("From"), required=False, help_text=_("One day: give only this date. A weekday: the first day it applies.")
    )
    ends_on = date_field(_("Until"), required=False, help_text=_("The last day (included)."))
    weekday = forms.TypedChoiceField(
        label=_("Or every"),
        choices=[("", _("No recurring weekday")), *Unavailability.Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    note = SingleLineFormField(label=_("Note (for you and the coordinators)"), max_length=200, required=False)


class TravelForm(forms.Form):
    travel_km = forms.IntegerField(label=_("Distance there and back (km)"), min_value=0, max_value=5000, required=False)
    travel_minutes = forms.IntegerField(
        label=_("Travel time there and back (minutes)"), min_value=0, max_value=24 * 60, required=False
    )


class FacilitatorChoiceField(forms.ModelChoiceField):
    widget = QuickSelect  # no template per option

    def label_from_instance(self, facilitator: Facilitator) -> str:
        return facilitator.user.full_name or facilitator.user.email


class InvitePairForm(forms.Form):
    first = FacilitatorChoiceField(label=_("First facilitator"), queryset=Facilitator.objects.none())
    second = FacilitatorChoiceField(label=_("Second facilitator"), queryset=Facilitator.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = selectors.active_facilitators()


class FindDateForm(forms.Form):
    workplace = CourseCreateForm.base_fields["workplace"]
    first = FacilitatorChoiceField(
        label=_("First facilitator"),
        queryset=Facilitator.objects.none(),
        required=False,
        help_text=_("Leave both empty to find dates when any two facilitators are free."),
    )
    second = FacilitatorChoiceField(label=_("Second facilitator"), queryset=Facilitator.objects.none(), required=False)
    period_start = date_field(_("Earliest date"))
    period_end = date_field(_("Latest date"))
    starts = time_field(_("Starts at"), time(9, 0))
    ends = time_field(_("Ends at"), time(13, 0))

    MAX_PERIOD_DAYS = 366

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both selects list the same facilitators: one query for the two (the queryset still
        # checks a chosen one).
        facilitators = selectors.active_facilitators()
        # Read once: the selects' choices, and the pool of a search for any two (``active``).
        self.active = list(facilitators)
        choices = [
            ("", _("Any facilitator")),
            *((f.pk, self.fields["first"].label_from_instance(f)) for f in self.active),
        ]
        for name in ("first", "second"):
            self.fields[name].queryset = facilitators
            self.fields[name].choices = choices

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first"), cleaned.get("second")
        if (first is None) != (second is None):
            self.add_error("second" if second is None else "first", _("Choose two facilitators, or none."))
        elif first is not None and first == second:
            self.add_error("second", _("Choose two different facilitators."))
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The latest date comes before the earliest."))
            elif (end - start).days > self.MAX_PERIOD_DAYS:
                self.add_error("period_end", _("Look at most a year ahead at a time."))
        if cleaned.get("starts") and cleaned.get("ends") and cleaned["ends"] <= cleaned["starts"]:
            self.add_error("ends", _("A half-day must end after it starts."))
        return cleaned

    @property
    def pair(self) -> list[Facilitator]:
        first, second = self.cleaned_data.get("first"), self.cleaned_data.get("second")
        return [first, second] if first and second else []


class SearchForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("search field", "Search"), required=False, max_length=200)

    @property
    def query(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""


# --- Theme material --------------------------------------------------------------------------------


class ThemeDescriptionForm(forms.Form):
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the theme is about and how it is led, for the facilitators."),
    )


class ThemeFileForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), required=False, max_length=200, help_text=_("Leave empty to use the file's name.")
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = ", ".join(f".{e}" for e in settings.THEME_MATERIAL_EXTENSIONS)
        self.fields["file"].help_text = _("At most %(limit)s MB: %(kinds)s.") % {
            "limit": settings.THEME_MATERIAL_MAX_BYTES // (1024 * 1024),
            "kinds": kinds,
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in settings.THEME_MATERIAL_EXTENSIONS)
