import pytest

from accounts.models import User
from demo.data import DEMO_ACCOUNTS, load_demo
from participants.models import Registration
from sessions_app.models import Course

pytestmark = pytest.mark.django_db


def _counts():
    return (User.objects.count(), Course.objects.count(), Registration.objects.count())


def test_demo_data_is_idempotent_and_covers_every_course_state():
    load_demo()
    first = _counts()
    load_demo()
    assert _counts() == first
    assert sorted(Course.objects.values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
        "delivered",
        "draft",
        "draft",
        "followed_up",  # the spring training of the reports' history (demo/reports.py)
    ]
    for account in DEMO_ACCOUNTS:
        assert User.objects.get(email=account.email).check_password(account.password)
