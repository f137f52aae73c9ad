"""The public contact form: valid input, bad input for every field, spam defences, languages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from enquiries.models import Enquiry, EnquiryEvent, EventKind, Status
from enquiries.tests.factories import form_data

pytestmark = pytest.mark.django_db
URL = "/contact/"


def test_the_form_is_public_and_linked_from_the_home_page(client):
    assert reverse("enquiries:create") == URL
    home = client.get("/").content.decode()
    assert f'href="{URL}"' in home
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Contact us</h1>" in body
    assert "We meet all enquiries face to face." in body
    assert 'name="csrfmiddlewaretoken"' in body
    assert 'name="website"' in body  # the honeypot


@pytest.mark.parametrize("role", ["anonymous", "no role", *Role], ids=str)
def test_every_role_and_anonymous_reach_the_public_form(client, role):
    if role != "anonymous":
        client.force_login(UserFactory(roles=[] if role == "no role" else [role]))
    assert client.get(URL).status_code == 200
    assert client.post(URL, form_data()).status_code == 302
    assert client.get(reverse("enquiries:thanks")).status_code == 200
    assert Enquiry.objects.count() == 1


def test_a_valid_enquiry_is_saved_and_the_sender_sees_what_happens_next(client):
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:thanks")
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.email, enquiry.phone) == (
        "Anna Svensson",
        "anna.svensson@example.org",
        "+46 70 123 45 67",
    )
    assert (enquiry.organisation, enquiry.country, enquiry.topic) == (
        "Region Uppsala, allmänpsykiatrin",
        "SE",
        "training",
    )
    assert (enquiry.preferred_times, enquiry.language, enquiry.status) == ("Tisdagar förmiddag", "sv", Status.NEW)
    assert enquiry.consented_at == enquiry.created_at
    assert list(EnquiryEvent.objects.values_list("kind", flat=True)) == [EventKind.RECEIVED]
    thanks = client.get(response["Location"]).content.decode()
    assert "<h1>Thank you for your enquiry</h1>" in thanks
    assert "sent a confirmation to anna.svensson@example.org" in thanks
    assert "A coordinator contacts you within 2 working days." in thanks
    assert "We meet all enquiries face to face" in thanks


def test_sending_an_enquiry_checks_no_constraint_by_query_and_writes_no_session(client, django_assert_max_num_queries):
    client.get(URL)  # the content types are cached after the first post of a process
    client.post(URL, form_data(email="first@example.org"))
    # enquiry, audit, history, outbox rows (1: none planned yet), confirmation (4), and the savepoint
    with django_assert_max_num_queries(10) as queries:
        response = client.post(URL, form_data())
    assert response.status_code == 302
    statements = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in statements if s.startswith('SELECT 1 AS "_check"')]  # no constraint checks
    # The service's transaction (a savepoint inside the test's) and the confirmation's get_or_create.
    assert sum(s.startswith("SAVEPOINT") for s in statements) == 2
    assert not any("django_session" in s for s in statements)


def test_the_thank_you_page_names_the_address_once(client):
    client.post(URL, form_data())
    assert (
        "sent a confirmation to anna.svensson@example.org" in client.get(reverse("enquiries:thanks")).content.decode()
    )
    assert "anna.svensson@example.org" not in client.get(reverse("enquiries:thanks")).content.decode()
    forged = Client()
    forged.cookies["enquiry_sent_to"] = "someone@example.org"
    assert "someone@example.org" not in forged.get(reverse("enquiries:thanks")).content.decode()


def test_phone_and_preferred_times_are_optional(client):
    response = client.post(URL, form_data(phone="", preferred_times=""))
    assert response.status_code == 302
    assert Enquiry.objects.get().phone == ""


LONG = "x" * 5000
BAD_INPUT = [
    ("name", "", "This field is required."),
    ("name", "x" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ("name", "Anna\x00", "Null characters are not allowed."),
    ("email", "", "This field is required."),
    ("email", "anna-at-example.org", "Enter a valid email address."),
    ("email", "a" * 250 + "@example.org", "Ensure this value has at most 254 characters (it has 262)."),
    ("phone", "call me", "Enter a phone number with at least six digits, for example +46 70 123 45 67."),
    ("phone", "12345", "Enter a phone number with at least six digits, for example +46 70 123 45 67."),
    ("phone", "+46 " + "1" * 40, "Ensure this value has at most 30 characters (it has 44)."),
    ("organisation", "", "This field is required."),
    ("organisation", "o" * 201, "Ensure this value has at most 200 characters (it has 201)."),
    ("country", "DK", "Select a valid choice. DK is not one of the available choices."),
    ("country", "", "This field is required."),
    ("topic", "", "This field is required."),
    ("topic", "pizza", "Select a valid choice. pizza is not one of the available choices."),
    ("message", "", "This field is required."),
    ("message", "   ", "This field is required."),
    ("message", LONG, "Ensure this value has at most 4000 characters (it has 5000)."),
    ("preferred_times", "p" * 501, "Ensure this value has at most 500 characters (it has 501)."),
    ("language", "de", "Select a valid choice. de is not one of the available choices."),
    ("language", "", "This field is required."),
    ("consent", None, "We need your consent to store your details and answer you."),
]


@pytest.mark.parametrize(
    ("field", "value", "error"), BAD_INPUT, ids=[f"{f}-{i}" for i, (f, _v, _e) in enumerate(BAD_INPUT)]
)
def test_bad_input_gives_a_clear_error_and_saves_nothing(client, field, value, error):
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    body = response.content.decode()
    assert "There is a problem" in body
    assert f'href="#id_{field}"' in body  # the summary links to the field
    assert Enquiry.objects.count() == 0


def test_a_filled_honeypot_looks_like_success_but_keeps_nothing(client):
    response = client.post(URL, form_data(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:thanks")
    assert Enquiry.objects.count() == 0
    assert "sent a confirmation" not in client.get(response["Location"]).content.decode()


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, form_data())
    assert response.status_code == 403
    assert Enquiry.objects.count() == 0


def test_the_defaults_count_ten_accepted_enquiries_and_sixty_posts_an_hour():
    assert (settings.ENQUIRY_RATE_LIMIT, settings.ENQUIRY_POST_RATE_LIMIT) == ("10/h", "60/h")


@override_settings(ENQUIRY_RATE_LIMIT="3/h")
def test_the_rate_limit_per_address_bites_with_a_clear_429_page(client):
    for n in range(3):
        assert client.post(URL, form_data(email=f"a{n}@example.org")).status_code == 302
    response = client.post(URL, form_data(email="a4@example.org"))
    assert response.status_code == 429
    body = response.content.decode()
    assert "<h1>Too many enquiries</h1>" in body
    assert "from the same internet connection in a short time" in body
    assert "Please wait an hour and try again." in body
    assert "Accessibility statement" in body  # in the layout
    assert Enquiry.objects.count() == 3
    # Reading the form is not limited; another address is not limited either.
    assert client.get(URL).status_code == 200
    other = Client(REMOTE_ADDR="192.0.2.77")
    assert other.post(URL, form_data(email="other@example.org")).status_code == 302
    assert Enquiry.objects.count() == 4


@override_settings(ENQUIRY_RATE_LIMIT="1/h")
def test_the_429_page_keeps_what_was_typed(client):
    client.post(URL, form_data())
    typed = form_data(
        name="Britt Olsson",
        email="britt@example.org",
        organisation="Region Västerbotten, psykiatrin",
        message="Vi är tjugo i arbetsgruppen & vill boka en utbildning <i>i höst</i>.\nGärna på tisdagar.",
        preferred_times="Tisdagar",
    )
    response = client.post(URL, typed)
    assert response.status_code == 429
    body = response.content.decode()
    assert "what you typed is still in the form below" in body
    assert 'value="Britt Olsson"' in body
    assert 'value="britt@example.org"' in body
    assert 'value="Region Västerbotten, psykiatrin"' in body
    assert (
        "Vi är tjugo i arbetsgruppen &amp; vill boka en utbildning &lt;i&gt;i höst&lt;/i&gt;.\nGärna på tisdagar."
        "</textarea>"
    ) in body
    assert 'name="website" id="id_website" value=""' in body  # the honeypot is never filled back in
    assert "There is a problem" not in body
    assert Enquiry.objects.count() == 1


@override_settings(ENQUIRY_RATE_LIMIT="3/h")
def test_failed_posts_do_not_use_up_the_limit_of_accepted_enquiries(client):
    # A region behind one address: eleven forms shown again for typos, then three sent.
    for n in range(11):
        assert client.post(URL, form_data(email=f"typo{n}-at-example.org")).status_code == 200
    for n in range(3):
        assert client.post(URL, form_data(email=f"a{n}@example.org")).status_code == 302
    assert client.post(URL, form_data(email="a3@example.org")).status_code == 429
    assert Enquiry.objects.count() == 3


@override_settings(ENQUIRY_POST_RATE_LIMIT="5/h")
def test_every_post_counts_against_a_separate_higher_cap(client):
    for _attempt in range(5):
        assert client.post(URL, form_data(email="not-an-address")).status_code == 200
    response = client.post(URL, form_data(message="Mitt meddelande"))
    assert response.status_code == 429
    assert "Mitt meddelande</textarea>" in response.content.decode()
    assert Enquiry.objects.count() == 0
    assert client.get(URL).status_code == 200


@override_settings(ENQUIRY_RATE_LIMIT="1/h")
@pytest.mark.parametrize(
    ("language", "heading", "words"),
    [
        ("sv", "För många förfrågningar", "från samma internetanslutning"),
        ("nb", "For mange henvendelser", "fra samme internettforbindelse"),
    ],
)
def test_the_rate_limit_page_is_translated(client, language, heading, words):
    client.cookies["django_language"] = language
    client.post(URL, form_data())
    response = client.post(URL, form_data())
    assert response.status_code == 429
    body = response.content.decode()
    assert f"<h1>{heading}</h1>" in body
    assert words in body
    assert "nätverk" not in body and "nettverk" not in body


@pytest.mark.parametrize(
    ("language", "heading", "country"),
    [("en", "Contact us", "SE"), ("sv", "Kontakta oss", "SE"), ("nb", "Kontakt oss", "NO")],
)
def test_the_form_speaks_three_languages_and_preselects_the_reply_language(client, language, heading, country):
    client.cookies["django_language"] = language
    response = client.get(URL)
    assert f"<h1>{heading}</h1>" in response.content.decode()
    form = response.context["form"]
    assert form.fields["language"].initial == language
    assert form.fields["country"].initial == country
