"""Forms of the trainings pages. They parse and normalise input; the rules live in services."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User

from . import selectors, services
from .models import DEFAULT_THEME_PLAN, Course, Facilitator, LivedExperience, Organisation, Theme, Workplace

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
HALF_DAY_CHOICES = [(1, _("Half-day 1")), (2, _("Half-day 2"))]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return f"{user.full_name} ({user.email})" if user.full_name else user.email


def date_field(label, **kwargs) -> forms.DateField:
    """A browser date picker; it always sends ISO dates, typed ones are read too."""
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def time_field(label, initial: time) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        initial=initial,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class ScheduleForm(forms.Form):
    """The two half-days (date, start and end each) and which half-day each theme is on."""

    date_1 = date_field(_("Half-day 1: date"))
    start_1 = time_field(_("Half-day 1: starts at"), time(9, 0))
    end_1 = time_field(_("Half-day 1: ends at"), time(13, 0))
    date_2 = date_field(_("Half-day 2: date"))
    start_2 = time_field(_("Half-day 2: starts at"), time(9, 0))
    end_2 = time_field(_("Half-day 2: ends at"), time(13, 0))

    def __init__(self, *args, theme_plan: dict[int, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        plan = theme_plan or DEFAULT_THEME_PLAN
        for theme in Theme.objects.order_by("number"):
            self.fields[f"theme_{theme.number}"] = forms.TypedChoiceField(
                label=_("Half-day for theme %(number)s, %(name)s") % {"number": theme.number, "name": theme.name},
                choices=HALF_DAY_CHOICES,
                coerce=int,
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
        for problem in services.schedule_problem_list(self.half_days, self.theme_plan):
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)
        return cleaned

    @classmethod
    def initial_for(cls, course: Course) -> tuple[dict, dict[int, int]]:
        """Initial values and theme plan from a course's saved schedule."""
        half_days, plan = services.course_schedule(course)
        initial: dict = {}
        for number, half_day in enumerate(half_days, start=1):
            starts, ends = timezone.localtime(half_day.starts_at), timezone.localtime(half_day.ends_at)
            initial |= {f"date_{number}": starts.date(), f"start_{number}": starts.time(), f"end_{number}": ends.time()}
        return initial, plan


class CourseCreateForm(ScheduleForm):
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), queryset=Workplace.objects.select_related("organisation").order_by("organisation__name")
    )
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
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.none())

    def __init__(self, *args, course: Course, **kwargs):
        super().__init__(*args, **kwargs)
        on_course = course.assignments.filter(status__in=services.ACTIVE_ASSIGNMENT).values("facilitator")
        self.fields["facilitator"].queryset = selectors.active_facilitators().exclude(pk__in=on_course)


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


class FacilitatorForm(forms.Form):
    user = UserChoiceField(
        label=_("User"),
        queryset=User.objects.none(),
        help_text=_("The person's account; they gain the Facilitator role."),
    )
    lived_experience = forms.ChoiceField(
        label=_("Lived experience"), choices=LivedExperience.choices, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the facilitator can lead a training in."),
    )
    home_area = forms.CharField(label=_("Home area"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.users_without_facilitator_profile()


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
