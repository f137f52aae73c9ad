"""Organisations and their workplaces, with the trainings held there."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.links import reverse_once
from dialogkurs.pagination import paginate

from .. import hooks, selectors, services
from ..forms import OrganisationForm, SearchForm, WorkplaceForm
from ..models import Country, Course, Organisation, Workplace


@role_required(Role.COORDINATOR)
def organisation_list(request):
    search = SearchForm(request.GET or None)
    page = paginate(request, selectors.organisation_list(search=search.query))
    organisations = list(page.object_list)
    # Each link reversed and each country named once for the page, not per row.
    countries = {value: str(label) for value, label in Country.choices}
    organisation_url = reverse_once("sessions_app:organisation_detail")
    for organisation in organisations:
        organisation.url = organisation_url(organisation.pk)
        organisation.country_label = countries.get(organisation.country, organisation.country)
    return render(
        request,
        "sessions_app/organisation_list.html",
        {"search": search, "page_obj": page, "organisations": organisations},
    )


@role_required(Role.COORDINATOR)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation %(name)s has been added.") % {"name": organisation.name})
            return redirect(organisation)
    return render(request, "sessions_app/organisation_form.html", {"form": form})


@role_required(Role.COORDINATOR)
def organisation_detail(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    now = timezone.now()
    workplaces = _with_links(selectors.workplace_list(organisation=organisation, now=now))
    counts = {
        "coming_count": sum(w.coming_count for w in workplaces),
        "past_count": sum(w.past_count for w in workplaces),
    }
    courses = Course.objects.filter(workplace__organisation=organisation)
    return render(
        request,
        "sessions_app/organisation_detail.html",
        {"organisation": organisation, "workplaces": workplaces, **_history(request, courses, counts, now)},
    )


def _history(request, courses, counts: dict, now) -> dict:
    """The page of a place's training history the request asks for, counted by ``counts``
    (``selectors.history_counts``, fetched with the place) rather than by a query of its own."""
    page = paginate(
        request,
        selectors.course_history_order(courses, now=now),
        selectors.HISTORY_PAGE_SIZE,
        count=counts["coming_count"] + counts["past_count"],
    )
    rows = selectors.course_list_page(page.object_list)
    return {"history_page": page, "courses": rows, **counts}


@role_required(Role.COORDINATOR)
def place_suggestions(request, kind: str):
    """Names for the type-ahead fields of the course filters (``dialogkurs.forms.SuggestInput``)."""
    return JsonResponse(selectors.place_suggestions(kind, request.GET.get("q", "")[:100]), safe=False)


@role_required(Role.COORDINATOR)
def workplace_list(request):
    search = SearchForm(request.GET or None)
    page = paginate(request, selectors.workplace_list(search=search.query))
    return render(
        request,
        "sessions_app/workplace_list.html",
        {"search": search, "page_obj": page, "workplaces": _with_links(page.object_list)},
    )


def _with_links(workplaces) -> list[Workplace]:
    """The rows of ``includes/workplace_table.html`` with the links of each workplace and its
    organisation (``url``, ``organisation_url``), each URL reversed once for the page."""
    workplace_url = reverse_once("sessions_app:workplace_detail")
    organisation_url = reverse_once("sessions_app:organisation_detail")
    rows = list(workplaces)
    for workplace in rows:
        workplace.url = workplace_url(workplace.pk)
        workplace.organisation_url = organisation_url(workplace.organisation_id)
    return rows


@role_required(Role.COORDINATOR)
def workplace_create(request):
    initial = {}
    organisation_id = request.GET.get("organisation", "")
    if organisation_id.isdigit():
        initial["organisation"] = organisation_id
    form = WorkplaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            workplace = services.workplace_create(**form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workplace %(name)s has been added.") % {"name": workplace.name})
            return redirect(workplace)
    return render(request, "sessions_app/workplace_form.html", {"form": form, "title": _("Add a workplace")})


@role_required(Role.COORDINATOR)
def workplace_edit(request, pk: int):
    workplace = get_object_or_404(Workplace.objects.select_related("organisation"), pk=pk)
    form = WorkplaceForm(request.POST or None, instance=workplace)
    if request.method == "POST" and form.is_valid():
        try:
            services.workplace_update(workplace, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The workplace has been saved."))
            return redirect(workplace)
    return render(
        request,
        "sessions_app/workplace_form.html",
        {"form": form, "workplace": workplace, "title": _("Edit the workplace")},
    )


@role_required(Role.COORDINATOR)
def workplace_detail(request, pk: int):
    now = timezone.now()
    workplace = get_object_or_404(
        Workplace.objects.select_related("organisation").annotate(**selectors.history_counts(now)), pk=pk
    )
    counts = {"coming_count": workplace.coming_count, "past_count": workplace.past_count}
    history = _history(request, Course.objects.filter(workplace=workplace), counts, now)
    # The sections of the apps above (the idea workshops' proposals): hooks.py.
    panels = hooks.panels(hooks.WORKPLACE_PAGE, request, workplace)
    return render(request, "sessions_app/workplace_detail.html", {"workplace": workplace, "panels": panels, **history})
