"""Theme material: descriptions and files per theme, uploaded by coordinators through the
storage API, downloaded only by those allowed, with size and type limits."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory, administrator, coordinator, facilitator_user
from sessions_app import services, services_themes
from sessions_app.models import Theme, ThemeFile
from sessions_app.tests.factories import FacilitatorFactory, scheduled_course

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a tiny test file\n"
# Session, user, roles, whether the facilitator has a training, the themes, their files.
QUERIES = 6


@pytest.fixture(autouse=True)
def _material_storage(settings, tmp_path):
    """Files go to a folder of the test's own, through the same storage alias."""
    settings.STORAGES = {
        **settings.STORAGES,
        "theme_material": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "theme-material")},
        },
    }
    return tmp_path / "theme-material"


def upload(name: str = "slides.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def a_file(number: int = 1, title: str = "Slides") -> ThemeFile:
    return services_themes.theme_file_add(Theme.objects.get(number=number), upload=upload(), title=title, by=None)


def test_a_coordinator_describes_a_theme_and_uploads_a_file_that_is_stored_under_a_random_name(
    client, _material_storage
):
    client.force_login(coordinator())
    url = reverse("sessions_app:theme_edit", args=[3])
    response = client.post(url, {"description": "  Om återhämtning. ", "describe": ""})
    assert response.status_code == 302
    response = client.post(url, {"upload": "1", "title": "Övning 1", "file": upload("övning.pdf")})
    assert response.status_code == 302
    theme = Theme.objects.get(number=3)
    assert theme.description == "Om återhämtning."
    (stored,) = theme.files.all()
    assert (stored.title, stored.original_name, stored.size) == ("Övning 1", "övning.pdf", len(PDF))
    assert stored.file.name.startswith("theme-3/") and "övning" not in stored.file.name
    assert (_material_storage / stored.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("virus.exe", b"MZ\x90\x00", "Files of this kind cannot be uploaded. Allowed: "),
        ("slides.pdf", b"MZ\x90\x00 not a pdf", "The file's content is not a .pdf file."),
        ("empty.pdf", b"", "The submitted file is empty."),
        ("big.pdf", PDF + b"x" * 2048, "The file is 2.0\xa0KB; at most 1.0\xa0KB can be uploaded."),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_is_stored(
    client, settings, _material_storage, name, content, error
):
    settings.THEME_MATERIAL_MAX_BYTES = 1024
    client.force_login(coordinator())
    response = client.post(
        reverse("sessions_app:theme_edit", args=[1]), {"upload": "1", "title": "", "file": upload(name, content)}
    )
    assert response.status_code == 400
    assert response.context["file_form"].errors["file"][0].startswith(error)
    assert ThemeFile.objects.count() == 0
    assert not _material_storage.exists() or list(_material_storage.rglob("*.*")) == []


def test_removing_a_file_removes_it_from_the_storage(client, django_capture_on_commit_callbacks, _material_storage):
    theme_file = a_file()
    path = _material_storage / theme_file.file.name
    client.force_login(coordinator())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sessions_app:theme_file_delete", args=[theme_file.pk]))
    assert response.status_code == 302
    assert (ThemeFile.objects.count(), path.exists()) == (0, False)


def test_a_download_carries_the_original_name_and_its_content(client):
    theme_file = a_file()
    client.force_login(coordinator())
    response = client.get(reverse("sessions_app:theme_file_download", args=[theme_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="slides.pdf"'
    assert b"".join(response.streaming_content) == PDF


def _facilitator_of_a_training():
    facilitator = FacilitatorFactory()
    services.facilitator_assign(scheduled_course(), facilitator)
    return facilitator.user


def _facilitator_of_a_cancelled_training_only():
    facilitator = FacilitatorFactory()
    course = scheduled_course()
    services.facilitator_assign(course, facilitator)
    services.course_cancel(course)
    return facilitator.user


WHO = {
    "no role": UserFactory,
    "network clinician": lambda: UserFactory(roles=[Role.NETWORK_CLINICIAN]),
    "administrator": administrator,
    "facilitator without a training": facilitator_user,
    "facilitator of a cancelled training only": _facilitator_of_a_cancelled_training_only,
    "facilitator of a training": _facilitator_of_a_training,
    "coordinator": coordinator,
}


@pytest.mark.parametrize(
    ("who", "read", "edit"),
    [
        ("anonymous", 302, 302),
        ("no role", 403, 403),
        ("network clinician", 403, 403),
        ("administrator", 403, 403),
        ("facilitator without a training", 403, 403),
        ("facilitator of a cancelled training only", 403, 403),
        ("facilitator of a training", 200, 403),
        ("coordinator", 200, 200),
    ],
)
def test_who_may_read_download_and_edit_theme_material(client, who, read, edit):
    theme_file = a_file()
    if who != "anonymous":
        client.force_login(WHO[who]())
    listing = client.get(reverse("sessions_app:theme_list"))
    if who.startswith("facilitator") and read == 403:
        # In her menu too: the page says when the material opens, and shows none of it.
        assert listing.status_code == 200
        assert "opens to you once you are invited" in listing.content.decode()
        assert theme_file.title not in listing.content.decode()
    else:
        assert listing.status_code == read
    download = client.get(reverse("sessions_app:theme_file_download", args=[theme_file.pk]))
    assert download.status_code == read
    if download.streaming:
        assert b"".join(download.streaming_content) == PDF  # read to the end, which closes the file
    assert client.get(reverse("sessions_app:theme_edit", args=[1])).status_code == edit
    delete = client.post(reverse("sessions_app:theme_file_delete", args=[theme_file.pk])).status_code
    assert delete == (302 if who in ("anonymous", "coordinator") else 403)
    assert ThemeFile.objects.exists() == (who != "coordinator")


@pytest.mark.parametrize("files", [1, 5])
def test_the_list_asks_the_same_queries_for_one_file_or_five(client, django_assert_num_queries, files):
    for n in range(files):
        a_file(number=n % 4 + 1, title=f"File {n}")
    client.force_login(_facilitator_of_a_training())
    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("sessions_app:theme_list"))
    assert response.content.decode().count("/trainings/themes/files/") == files


def test_every_change_of_theme_material_is_in_the_audit_log(django_capture_on_commit_callbacks):
    from audit.models import AuditEntry

    user = coordinator()
    AuditEntry.objects.all().delete()  # the account's roles
    theme = Theme.objects.get(number=2)
    services_themes.theme_describe(theme, description="Samarbete.", by=user)
    theme_file = services_themes.theme_file_add(theme, upload=upload(), title="Slides", by=user)
    with django_capture_on_commit_callbacks(execute=True):
        services_themes.theme_file_delete(theme_file, by=user)
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "actor")) == [
        ("update", user.pk),
        ("create", user.pk),
        ("delete", user.pk),
    ]
