"""The shared form rendering (dialogkurs/forms.py, templates/includes/): every field error is in
its field's aria-describedby (WCAG 3.3.1), and every form with required fields says what * means
(3.3.2)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.tests.factories import coordinator
from sessions_app import services as course_services
from sessions_app.tests.factories import WorkplaceFactory, scheduled_course

pytestmark = pytest.mark.django_db

REQUIRED_NOTE = "Fields marked * are required."


class _Page(HTMLParser):
    """The elements of a page with their attributes, enclosing fieldsets and text by id."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.invalid: list[tuple[dict, list[dict]]] = []  # (element, enclosing fieldsets)
        self.text_by_id: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("aria-invalid") == "true":
            self.invalid.append((attrs, [a for t, a in self.stack if t == "fieldset"]))
        if "id" in attrs:
            self.text_by_id.setdefault(attrs["id"], "")
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, attrs in self.stack:
            if "id" in attrs:
                self.text_by_id[attrs["id"]] += data


def undescribed_errors(html: str) -> list[str]:
    """Fields marked invalid whose aria-describedby (or their fieldset's) does not name an
    element on the page holding the error's text."""
    page = _Page(html)
    problems = []
    for attrs, fieldsets in page.invalid:
        ids = attrs.get("aria-describedby", "").split() + [
            i for fieldset in fieldsets for i in fieldset.get("aria-describedby", "").split()
        ]
        missing = [i for i in ids if i not in page.text_by_id]
        errors = [i for i in ids if i.endswith("_error") and page.text_by_id.get(i, "").strip()]
        if missing or not errors:
            problems.append(f"{attrs.get('name')}: aria-describedby={ids}, missing={missing}")
    return problems


def _course():
    return course_services.course_set_signup_open(scheduled_course(), is_open=True)


def test_the_consent_checkbox_is_described_by_the_consent_text_and_its_error(client):
    course = _course()
    response = client.post(
        reverse("participants:signup", args=[course.signup_token]),
        {"name": "Kari Nordmann", "email": "kari@example.no", "perspective": "staff", "language": "nb"},
    )
    body = response.content.decode()
    assert 'aria-describedby="consent-text id_consent_error"' in body
    assert undescribed_errors(body) == []


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/contact/", {"name": "", "message": ""}),
        ("/account/profile/", {"full_name": "", "language": "xx"}),
        ("participant_add", {"name": "", "email": "no", "perspective": "nobody", "language": "xx"}),
        ("signup", {"name": "", "email": "no", "language": "xx"}),
        ("/trainings/new/", {"workplace": "", "coordinator": ""}),
        ("/trainings/workplaces/new/", {"name": "", "manager_email": "no"}),
    ],
)
def test_every_field_error_is_in_its_fields_aria_describedby(client, url, data):
    course = _course()
    WorkplaceFactory()
    client.force_login(coordinator())
    url = {
        "participant_add": reverse("participants:participant_add", args=[course.pk]),
        "signup": reverse("participants:signup", args=[course.signup_token]),
    }.get(url, url)
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in body
    assert undescribed_errors(body) == []


@pytest.mark.parametrize("url", ["/contact/", "/login/", "signup", "participant_add", "/account/profile/"])
def test_a_form_with_required_fields_says_what_the_star_means_before_the_first_star(client, url):
    course = _course()
    if url != "/login/":
        client.force_login(coordinator())
    url = {
        "participant_add": reverse("participants:participant_add", args=[course.pk]),
        "signup": reverse("participants:signup", args=[course.signup_token]),
    }.get(url, url)
    body = client.get(url).content.decode()
    assert body.count(REQUIRED_NOTE) == 1
    assert body.index(REQUIRED_NOTE) < body.index('class="asteriskField"')


def test_a_form_without_required_fields_says_nothing_about_the_star(client):
    client.force_login(coordinator())
    body = client.get("/trainings/").content.decode()  # the filters are all optional
    assert REQUIRED_NOTE not in body


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, 3])
def test_a_quick_select_writes_the_same_html_as_djangos_select_without_a_template_per_option(chosen):
    """``QuickSelect`` (the report filters' organisation list, 200 organisations at scale 1)."""
    import re

    from django import forms
    from django.test.signals import template_rendered

    from dialogkurs.forms import QuickSelect
    from sessions_app.models import Organisation
    from sessions_app.tests.factories import OrganisationFactory

    for index in range(200):
        OrganisationFactory(name=f"Region <{index:03}> & co")
    queryset = Organisation.objects.order_by("name")

    class Filters(forms.Form):
        slow = forms.ModelChoiceField(queryset, required=False, empty_label="All organisations")
        quick = forms.ModelChoiceField(queryset, required=False, empty_label="All organisations", widget=QuickSelect)
        grouped = forms.ChoiceField(choices=[("Nordic", [("se", "Sweden"), ("no", "Norway")])], widget=QuickSelect)

    pk = queryset[chosen].pk if chosen is not None else ""
    form = Filters({"slow": pk, "quick": pk, "grouped": "no"})

    def rendered(name):
        """The HTML and the number of templates rendered for it (one per option for Django's)."""
        templates = []

        def note(sender, template, **kwargs):
            templates.append(template.name)

        template_rendered.connect(note)
        try:
            html = str(form[name])
        finally:
            template_rendered.disconnect(note)
        return html, len(templates)

    (slow, slow_templates), (quick, quick_templates) = rendered("slow"), rendered("quick")
    assert (slow_templates > 200, quick_templates) == (True, 0)
    assert quick.replace("quick", "slow") == re.sub(r">\s+<", "><", slow.strip())
    assert quick.count("<option") == queryset.count() + 1 and quick.count(" selected") == 1
    assert "&lt;" in quick and "&amp;" in quick
    assert str(form["grouped"]) == (
        '<select name="grouped" id="id_grouped"><optgroup label="Nordic"><option value="se">Sweden</option>'
        '<option value="no" selected>Norway</option></optgroup></select>'
    )


def _same_html(html: str) -> str:
    """HTML with the whitespace that renders nothing taken out (crispy's templates leave a lot)."""
    import re

    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def _validated(form, *, django_widgets: bool):
    """``form`` validated; with ``django_widgets`` its quick widgets become the Django widgets
    they stand for (the next class of their MRO from Django), which crispy renders."""
    form.is_valid()
    for field in form.fields.values():
        if django_widgets and type(field.widget).__name__.startswith("Quick"):
            field.widget.__class__ = next(
                c for c in type(field.widget).__mro__ if c.__module__ == "django.forms.widgets"
            )
    return form


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"page": "10"},
        {"q": 'x <b>&"', "status": "confirmed", "workplace": "a&b", "starts_to": "2026-01-02"},
        {"starts_from": "not a date", "facilitator": "999"},
    ],
)
def test_quick_fields_write_the_course_filters_as_crispy_does(data):
    """``quick_fields`` (the course list's filters) and the quick widgets: the same elements and
    attributes as ``{{ form|crispy }}`` with Django's widgets, errors and help texts included,
    without a template."""
    from django.template import engines
    from django.test.signals import template_rendered

    from dialogkurs.forms import quick_fields
    from sessions_app.filters import CourseFilter
    from sessions_app.models import Course
    from sessions_app.tests.factories import FacilitatorFactory

    FacilitatorFactory(user__full_name="Anna <Ödman>")

    def filters(*, django_widgets: bool):
        return _validated(CourseFilter(data, queryset=Course.objects.all()).form, django_widgets=django_widgets)

    crispy = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    expected = _same_html(crispy.render({"form": filters(django_widgets=True)}))
    templates = []

    def note(sender, template, **kwargs):
        templates.append(template.name)

    template_rendered.connect(note)
    try:
        quick = quick_fields(filters(django_widgets=False))
    finally:
        template_rendered.disconnect(note)
    assert _same_html(quick) == expected
    assert templates == []
    assert "Anna &lt;Ödman&gt;" in quick
    if data and "starts_from" in data:
        assert 'aria-invalid="true"' in quick and "Enter a valid date." in quick


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"overdue": "on", "status": "bogus", "q": "<i>"}])
def test_quick_fields_write_a_checkbox_as_crispy_does(data):
    """The enquiry inbox's filters, with the "only overdue" checkbox, checked or not."""
    from django.template import engines

    from accounts.tests.factories import coordinator
    from dialogkurs.forms import quick_fields
    from enquiries.filters import EnquiryFilter
    from enquiries.models import Enquiry

    coordinator(full_name="Karin <Lind>")

    def filters(*, django_widgets: bool):
        return _validated(EnquiryFilter(data, queryset=Enquiry.objects.all()).form, django_widgets=django_widgets)

    crispy = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    quick = quick_fields(filters(django_widgets=False))
    assert _same_html(quick) == _same_html(crispy.render({"form": filters(django_widgets=True)}))
    assert 'type="checkbox"' in quick
    assert (" checked" in quick) == bool(data)
