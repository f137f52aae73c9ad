"""Every model of ours has an admin page with search and filters, and it renders."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from accounts.tests.factories import UserFactory
from dialogkurs.admin import QuickChangeList
from dialogkurs.admin_list import quick_results
from enquiries.tests.factories import EnquiryFactory
from participants.models import Perspective
from participants.tests.factories import ParticipantFactory, register
from sessions_app.models import LivedExperience, Organisation
from sessions_app.tests.factories import CourseFactory, FacilitatorFactory, WorkplaceFactory, confirmed_course

pytestmark = pytest.mark.django_db
OUR_APPS = ("accounts", "sessions_app", "participants", "workshops", "evaluations", "enquiries", "reminders")
MODELS = [m for m in apps.get_models() if m._meta.app_label in OUR_APPS]


def test_every_model_has_an_admin_with_search():
    missing = [m._meta.label for m in MODELS if m not in admin.site._registry]
    assert missing == []
    without_search = [m._meta.label for m in MODELS if not admin.site._registry[m].search_fields]
    assert without_search == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_list_renders_with_a_search(client, model):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url, {"q": "a"}).status_code == 200


# model → (add, change, delete) in the admin, for a superuser. Every other model of ours is
# read-only: a service owns its changes (rules, locks, reminders), and the admin never goes
# round a service. Organisations, workplaces and a facilitator's working details save
# through their services; theme names are reference data; users and roles are the admin's.
EDITABLE = {
    "accounts.User": (True, True, True),
    "sessions_app.Organisation": (True, True, False),
    "sessions_app.Workplace": (True, True, False),
    "sessions_app.Facilitator": (False, True, False),
    "sessions_app.Theme": (False, True, False),
}


def test_the_admin_changes_only_what_no_service_owns(rf):
    request = rf.get("/admin/")
    request.user = UserFactory(is_superuser=True)
    allowed = {}
    for model in MODELS:
        model_admin = admin.site._registry[model]
        allowed[model._meta.label] = (
            model_admin.has_add_permission(request),
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
    assert allowed == {label: EDITABLE.get(label, (False, False, False)) for label in allowed}


def test_the_admin_saves_an_organisation_through_its_service(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(
        reverse("admin:sessions_app_organisation_add"),
        {
            "name": "  Region Jämtland Härjedalen ",
            "country": "SE",
            "workplaces-TOTAL_FORMS": "0",
            "workplaces-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name == "Region Jämtland Härjedalen"  # organisation_create strips the name
    assert response["Location"] == reverse("admin:sessions_app_organisation_changelist")


def test_the_admin_never_shows_health_related_fields(client):
    """A participant's perspective and a facilitator's lived experience (DESIGN §8)."""
    client.force_login(UserFactory(is_superuser=True))
    participant = ParticipantFactory(perspective=Perspective.LIVED_EXPERIENCE)
    facilitator = FacilitatorFactory(lived_experience=LivedExperience.RELATIVE)
    pages = [
        reverse("admin:participants_participant_changelist"),
        reverse("admin:participants_participant_change", args=[participant.pk]),
        reverse("admin:sessions_app_facilitator_changelist"),
        reverse("admin:sessions_app_facilitator_change", args=[facilitator.pk]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert [
            word for word in ("erspective", "Own experience", "ived experience", "As a relative") if word in body
        ] == [], url


def test_the_admin_site_gives_every_page_djangos_context_with_the_list_of_apps_made_only_when_read(rf):
    """The nav sidebar, which alone shows the list of apps beside a page, is off: the list is a
    callable a template would call (2 ms of every admin page otherwise)."""
    request = rf.get("/admin/sessions_app/course/")
    request.user = UserFactory(is_superuser=True)
    ours = admin.site.each_context(request)
    djangos = admin.AdminSite.each_context(admin.site, request)
    assert (admin.site.enable_nav_sidebar, set(ours)) == (False, set(djangos))
    assert ours["available_apps"]() == djangos["available_apps"]
    assert list(ours.pop("log_entries")) == list(djangos.pop("log_entries"))
    del ours["available_apps"], djangos["available_apps"]
    assert ours == djangos


def test_the_admin_index_lists_the_apps_under_the_sites_header(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert [app["app_label"] for app in response.context["app_list"]] == [
        app["app_label"] for app in admin.site.get_app_list(response.wsgi_request)
    ]
    assert b"dialogkurs administration" in response.content
    assert b'id="nav-sidebar"' not in response.content


def quick_and_djangos_rows(model, user, params: dict) -> tuple[list[str] | None, list[str]]:
    """The rows of ``model``'s change list (the ``<tr>``'s content) from ``quick_results`` (None
    where it leaves them to Django) and from Django's ``results``."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = RequestFactory().get(url, params)
    request.user = user
    request.resolver_match = resolve(url)  # the filters a row's link preserves
    changelist = admin.site._registry[model].get_changelist_instance(request)
    changelist.formset = None  # as changelist_view sets it for a list not edited in place
    quick = quick_results(changelist)
    return (
        None if quick is None else ["".join(row) for row in quick],
        ["".join(row) for row in results(changelist)],
    )


@pytest.mark.parametrize("language", ["en", "sv", "nb"])
def test_the_quick_rows_of_every_admin_list_are_djangos_rows(language):
    """Every list the plan covers, not only those that use it: fields of each kind (choices,
    dates in the user's time zone, numbers, foreign keys, blank text), ``__str__``, the link to
    the row with the list's filters preserved."""
    user = UserFactory(is_superuser=True)
    course = confirmed_course()
    register(course, ParticipantFactory())
    CourseFactory(workplace=WorkplaceFactory(manager_name=" "))
    FacilitatorFactory(home_area="")
    EnquiryFactory()
    rows = {}  # label → rows, of each list the plan covered
    with translation.override(language), timezone.override("Europe/Oslo"):
        for model in MODELS:
            quick, djangos = quick_and_djangos_rows(model, user, {"o": "-1"})
            if quick is not None:
                assert quick == djangos, model._meta.label
                rows[model._meta.label] = len(quick)
    assert (rows["sessions_app.Course"], rows["sessions_app.Workplace"], rows["sessions_app.HalfDay"]) == (2, 2, 2)
    assert (rows["enquiries.Enquiry"], rows["participants.Registration"]) == (1, 1)
    assert rows["reminders.ScheduledMessage"] > 0  # the confirmed course's reminders
    plain = [m._meta.label for m in MODELS if not isinstance(admin.site._registry[m], QuickChangeList)]
    # Django's own UserAdmin; theme names are edited in place by a plain ModelAdmin.
    assert plain == ["accounts.User", "sessions_app.Theme"]


def test_the_admin_course_list_shows_the_quick_rows(client):
    client.force_login(UserFactory(is_superuser=True))
    course = confirmed_course()
    response = client.get(reverse("admin:sessions_app_course_changelist"), {"status": "confirmed"})
    change = reverse("admin:sessions_app_course_change", args=[course.pk])
    assert (
        f'<tr><th class="field-__str__"><a href="{change}?_changelist_filters=status%3Dconfirmed">{course}</a></th>'
        in response.content.decode()
    )
