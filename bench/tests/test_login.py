"""The benchmark logs in as each role really does, and a page that does not answer as expected
misses its target however fast it was."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from harness import Client
from targets import Page, misses

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, UserFactory
from demo.scale.trainings import TOTP_KEY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _bench_host(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]  # what the benchmark's client sends, as under make bench


def client_for(live_server) -> Client:
    return Client(urlsplit(live_server.url).port)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.NETWORK_CLINICIAN])
def test_an_administrator_or_network_clinician_logs_in_with_the_code_of_their_authenticator(live_server, role):
    user = UserFactory(roles=[role])
    TOTPDevice.objects.create(user=user, name="Seeded phone", confirmed=True, key=TOTP_KEY)
    client = client_for(live_server)

    client.login(user.email, PASSWORD)

    assert client.get("/account/profile/").status == 200
    # A second login in the same 30 seconds is not refused for reusing the code.
    again = client_for(live_server)
    again.login(user.email, PASSWORD)
    assert again.get("/account/profile/").status == 200


def test_a_coordinator_logs_in_with_the_password_only(live_server):
    user = UserFactory(roles=[Role.COORDINATOR])
    client = client_for(live_server)

    client.login(user.email, PASSWORD)

    assert client.get("/account/profile/").status == 200


def test_logging_in_stops_the_benchmark_when_an_administrator_has_no_authenticator(live_server):
    user = UserFactory(roles=[Role.ADMINISTRATOR])

    with pytest.raises(SystemExit, match="no authenticator"):
        client_for(live_server).login(user.email, PASSWORD)


def test_logging_in_stops_the_benchmark_when_the_code_is_refused(live_server):
    user = UserFactory(roles=[Role.ADMINISTRATOR])
    TOTPDevice.objects.create(user=user, name="Seeded phone", confirmed=True, key=TOTP_KEY, last_t=10**12)

    with pytest.raises(SystemExit, match="second factor .* was refused: 200"):
        client_for(live_server).login(user.email, PASSWORD)


PAGE = Page("a list", "admin", lambda p: "/")
FAST = {"ratio": 1.0, "ratio_p95": 1.0, "size": 1000}


def test_a_page_that_answered_with_a_redirect_misses_its_target_however_fast():
    assert misses(PAGE, Counter({302: 53}), **FAST) == ["answered 302 53×, expected 200"]
    assert misses(PAGE, Counter({200: 50, 500: 1}), **FAST) == ["answered 500 1×, expected 200"]
    assert misses(PAGE, Counter({200: 53}), **FAST) == []


def test_a_post_that_redirects_as_expected_passes():
    post = Page("a form, POST", None, lambda p: "/", lambda p, n: {}, 302)
    assert misses(post, Counter({302: 53}), **FAST) == []
    assert misses(post, Counter({200: 53}), **FAST) == ["answered 200 53×, expected 302"]


def test_a_slow_or_large_page_misses_its_targets():
    assert misses(PAGE, Counter({200: 53}), ratio=3.5, ratio_p95=5.5, size=151 * 1024) == [
        "median 3.5× floor",
        "p95 5.5× floor p95",
        "151 KB",
    ]
