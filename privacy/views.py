"""The administrators' privacy pages: the audit log search, a person's data (view, JSON,
erasure) and the record of processing. Permission: ``permissions.administrator_required``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.log import audit_record
from audit.selectors import action_label, entry_actor, entry_object, entry_summary
from dialogkurs.pagination import paginate
from dialogkurs.spreadsheets import csv_download, csv_safe

from . import people, processing, services
from .filters import AuditFilter
from .forms import ErasureForm, PersonForm
from .permissions import administrator_required

AUDIT_PAGE_SIZE = 50


@administrator_required
def audit_search(request):
    audit_filter = AuditFilter(request.GET or None)
    rows = audit_filter.qs
    if request.GET.get("format") == "csv":
        return _audit_csv(rows)
    page = paginate(request, rows, AUDIT_PAGE_SIZE)
    for entry in page:
        entry.action_display = action_label(entry.action)
        entry.actor_display = entry_actor(entry)
        entry.object_display = entry_object(entry)
        entry.summary = entry_summary(entry)
    return render(request, "privacy/audit_search.html", {"form": audit_filter.form, "page_obj": page})


def _audit_csv(rows) -> HttpResponse:
    response, writer = csv_download("audit-log.csv")
    writer.writerow([_("When"), _("Who"), _("Object"), _("Number"), _("Action"), _("Changes")])
    for entry in rows.iterator(chunk_size=2000):
        writer.writerow(
            csv_safe(cell)
            for cell in [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry_actor(entry),
                entry_object(entry),
                entry.object_id or "",
                action_label(entry.action),
                entry_summary(entry),
            ]
        )
    return response


# --- A person's data (GDPR art. 15, 20 and 17) --------------------------------------------------
# Posted, not in the address: an e-mail address in a URL ends up in access logs.


def _lookup_context(email: str) -> dict:
    sections = people.person_data(email)
    return {
        "email": people.normalise(email),
        "sections": sections,
        "plan": services.erasure_plan(email),
        "erase_form": ErasureForm(initial={"email": people.normalise(email)}),
    }


@administrator_required
def person_lookup(request):
    form = PersonForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        context.update(_lookup_context(email))
        # The lookup is logged with what was found, never the address looked up.
        audit_record(None, "data_lookup", extra={s.key: len(s.records) for s in context["sections"]} or {"found": 0})
    return render(request, "privacy/person.html", context)


@require_POST
@administrator_required
def person_export(request):
    form = PersonForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/person.html", {"form": form}, status=400)
    data = people.person_json(form.cleaned_data["email"])
    audit_record(None, "data_export", extra={key: len(rows) for key, rows in data["sections"].items()} or {"found": 0})
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@require_POST
@administrator_required
def person_erase(request):
    form = ErasureForm(request.POST)
    if not form.is_valid():
        email = request.POST.get("email", "")
        context = {"form": PersonForm(initial={"email": email}), **(_lookup_context(email) if email else {})}
        context["erase_form"] = form
        return render(request, "privacy/person.html", context, status=400)
    try:
        plan = services.person_erase(form.cleaned_data["email"], by=request.user)
    except ValueError:
        context = {"form": PersonForm(initial={"email": form.cleaned_data["email"]})}
        context.update(_lookup_context(form.cleaned_data["email"]))
        return render(request, "privacy/person.html", context, status=400)
    messages.success(
        request,
        _("The person's data was erased: %(count)s records changed.") % {"count": sum(s.count for s in plan.steps)},
    )
    return redirect("privacy:person_lookup")


@administrator_required
def record_of_processing(request):
    return render(request, "privacy/record_of_processing.html", {"categories": processing.categories()})
