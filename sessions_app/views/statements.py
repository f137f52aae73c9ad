"""Hours, travel and fees: a facilitator's monthly statement (page, CSV, Excel), the
coordinators' summary, and the travel a facilitator enters per assignment."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import role_required
from accounts.roles import Role
from dialogkurs.forms import add_service_errors
from dialogkurs.pagination import paginate
from dialogkurs.spreadsheets import append_row, csv_download, csv_safe

from .. import fees, selectors, services
from ..forms import TravelForm
from ..models import Facilitator
from ..permissions import assignment_for_travel, can_see_statement

POOL_ROLES = (Role.COORDINATOR, Role.FACILITATOR)


def _month(request) -> date:
    """``?month=YYYY-MM``; anything else (or nothing) is this month."""
    value = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _neighbours(month: date) -> dict:
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return {"previous": previous.strftime("%Y-%m"), "next": following.strftime("%Y-%m")}


def _columns() -> list[str]:
    return [
        _("Date"),
        _("Workplace"),
        _("Half-day"),
        _("Counts as"),
        _("Hours"),
        _("Travel (km)"),
        _("Travel time (minutes)"),
        _("Fee"),
        _("Travel allowance"),
        _("Total"),
    ]


def _row(line: fees.StatementLine) -> list:
    return [
        line.day,
        line.workplace,
        line.half_day,
        line.kind,
        line.hours,
        line.travel_km,
        line.travel_minutes,
        line.fee,
        line.travel_fee,
        line.total,
    ]


def _filename(statement: fees.Statement, extension: str) -> str:
    return f"statement-{statement.facilitator.pk}-{statement.month:%Y-%m}.{extension}"


def _csv_cell(value, decimal_comma: bool):
    if isinstance(value, str):  # a workplace's name, typed by a user: never a formula
        return csv_safe(value)
    return str(value).replace(".", ",") if decimal_comma else value


def _csv(statement: fees.Statement) -> HttpResponse:
    response, writer = csv_download(_filename(statement, "csv"))
    writer.writerow(_columns())
    decimal_comma = writer.dialect.delimiter == ";"  # where a comma is the decimal mark
    for line in statement.lines:
        values = _row(line)
        values[0] = values[0].isoformat()
        writer.writerow([_csv_cell(value, decimal_comma) for value in values])
    return response


def _xlsx(statement: fees.Statement) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{statement.month:%Y-%m}"
    # Her name and the workplaces are typed by users: text, never a formula.
    append_row(sheet, [str(statement.facilitator), date_format(statement.month, "YEAR_MONTH_FORMAT")])
    sheet.append(_columns())
    for line in statement.lines:
        append_row(sheet, _row(line))
    sheet.append(
        [
            _("Total"),
            "",
            statement.half_days,
            "",
            statement.hours,
            statement.travel_km,
            statement.travel_minutes,
            statement.fee,
            statement.travel_fee,
            statement.total,
        ]
    )
    for row in sheet.iter_rows(min_row=3, max_col=1):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(statement, "xlsx")}"'
    return response


@role_required(*POOL_ROLES)
def facilitator_statement(request, pk: int):
    """Her statement for a month: printable, or ``?format=csv`` / ``?format=xlsx`` for payroll.
    Another facilitator's statement is a 404, as if it did not exist."""
    facilitator = Facilitator.objects.select_related("user").filter(pk=pk).first()
    if facilitator is None or not can_see_statement(request.user, facilitator):
        raise Http404
    statement = fees.facilitator_statement(facilitator, _month(request))
    export = request.GET.get("format")
    if export == "csv":
        return _csv(statement)
    if export == "xlsx":
        return _xlsx(statement)
    context = {
        "statement": statement,
        "own": facilitator.user_id == request.user.pk,
        "fee_per_half_day": fees.fee_per_half_day(),
        "fee_per_km": fees.fee_per_km(),
        "late_days": settings.LATE_CANCELLATION_DAYS,
        **_neighbours(statement.month),
    }
    return render(request, "sessions_app/statement.html", context)


@role_required(Role.FACILITATOR)
def my_statement(request):
    facilitator = selectors.facilitator_for(request.user)
    if facilitator is None:
        return render(request, "sessions_app/my_profile.html", {"facilitator": None})
    url = reverse("sessions_app:facilitator_statement", args=[facilitator.pk])
    month = request.GET.get("month")
    return redirect(f"{url}?month={month}" if month else url)


@role_required(Role.COORDINATOR)
def statement_summary(request):
    month = _month(request)
    statements = fees.month_summary(month)
    totals = fees.Statement(None, month, [line for statement in statements for line in statement.lines])
    page = paginate(request, statements)
    return render(
        request,
        "sessions_app/statement_summary.html",
        {
            "month": month,
            "page_obj": page,
            "statements": page.object_list,
            "count": len(statements),
            "totals": totals,
            **_neighbours(month),
        },
    )


@role_required(*POOL_ROLES)
def assignment_travel(request, pk: int):
    assignment = assignment_for_travel(request.user, pk)
    initial = {"travel_km": assignment.travel_km, "travel_minutes": assignment.travel_minutes}
    form = TravelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_set_travel(assignment, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The travel has been saved."))
            if assignment.facilitator.user_id == request.user.pk:
                return redirect("sessions_app:my_statement")
            return redirect(assignment.facilitator)
    return render(request, "sessions_app/travel_form.html", {"assignment": assignment, "form": form})
