"""Theme material: the four themes' descriptions and files. Coordinators edit; facilitators of a
training read and download (``permissions.can_read_theme_material``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors

from .. import services_themes
from ..forms import ThemeDescriptionForm, ThemeFileForm
from ..models import Theme, ThemeFile
from ..permissions import can_edit_theme_material, can_read_theme_material

staff_only = role_required(Role.COORDINATOR, Role.FACILITATOR)
coordinators_only = role_required(Role.COORDINATOR)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _themes_with_files() -> list[Theme]:
    return list(Theme.objects.order_by("number").prefetch_related("files"))


@staff_only
def theme_list(request):
    """A facilitator on no training yet finds the page in her menu too: it says when the
    material opens to her instead of refusing her."""
    readable = can_read_theme_material(request.user)
    return render(
        request,
        "sessions_app/theme_list.html",
        {
            "themes": _themes_with_files() if readable else [],
            "readable": readable,
            "can_edit": can_edit_theme_material(request.user),
        },
    )


@coordinators_only
@require_http_methods(["GET", "POST"])
def theme_edit(request, number: int):
    _require(can_edit_theme_material(request.user))
    theme = get_object_or_404(Theme.objects.prefetch_related("files"), number=number)
    description_form = ThemeDescriptionForm(initial={"description": theme.description})
    file_form = ThemeFileForm()
    if request.method == "POST" and "upload" in request.POST:
        file_form = ThemeFileForm(request.POST, request.FILES)
        if file_form.is_valid():
            try:
                theme_file = services_themes.theme_file_add(
                    theme, upload=file_form.cleaned_data["file"], title=file_form.cleaned_data["title"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(file_form, error)
            else:
                messages.success(request, _("%(title)s has been uploaded.") % {"title": theme_file.title})
                return redirect("sessions_app:theme_edit", theme.number)
    elif request.method == "POST":
        description_form = ThemeDescriptionForm(request.POST)
        if description_form.is_valid():
            try:
                services_themes.theme_describe(
                    theme, description=description_form.cleaned_data["description"], by=request.user
                )
            except ValidationError as error:
                add_service_errors(description_form, error)
            else:
                messages.success(request, _("The description has been saved."))
                return redirect("sessions_app:theme_edit", theme.number)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "sessions_app/theme_edit.html",
        {"theme": theme, "description_form": description_form, "file_form": file_form},
        status=status,
    )


@coordinators_only
@require_POST
def theme_file_delete(request, pk: int):
    _require(can_edit_theme_material(request.user))
    theme_file = get_object_or_404(ThemeFile.objects.select_related("theme"), pk=pk)
    services_themes.theme_file_delete(theme_file, by=request.user)
    messages.success(request, _("%(title)s has been removed.") % {"title": theme_file.title})
    return redirect("sessions_app:theme_edit", theme_file.theme.number)


@staff_only
def theme_file_download(request, pk: int):
    _require(can_read_theme_material(request.user))
    theme_file = get_object_or_404(ThemeFile, pk=pk)
    try:
        handle = theme_file.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing from the storage.")) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=theme_file.original_name,
        content_type=services_themes.content_type_for(theme_file),
    )
