"""Theme material: each theme's description and its files (slides, exercises). Coordinators
change it; who may read it is decided in ``permissions.can_read_theme_material``.

Files go through the storage ``STORAGES["theme_material"]`` (local under var/ by default) with
a random name; the original name, the size and the uploader are kept in the row.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accounts.models import User
from audit.log import audit_record, audit_snapshot

from .models import Theme, ThemeFile

# The first bytes of the kinds we accept; a file whose content does not match its extension
# is refused (a renamed program is not a PDF). Office Open XML and OpenDocument are zip files.
_ZIP = (b"PK\x03\x04",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "pptx": _ZIP,
    "docx": _ZIP,
    "xlsx": _ZIP,
    "odp": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "txt": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


def theme_file_problem(upload: UploadedFile) -> str | None:
    """Why ``upload`` cannot be theme material (None when it can): size, kind, content."""
    if upload.size > settings.THEME_MATERIAL_MAX_BYTES:
        return _("The file is %(size)s; at most %(limit)s can be uploaded.") % {
            "size": filesizeformat(upload.size),
            "limit": filesizeformat(settings.THEME_MATERIAL_MAX_BYTES),
        }
    if upload.size == 0:
        return _("The file is empty.")
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    allowed = [e.lower() for e in settings.THEME_MATERIAL_EXTENSIONS]
    if extension not in allowed:
        return _("Files of this kind cannot be uploaded. Allowed: %(kinds)s.") % {
            "kinds": ", ".join(f".{e}" for e in allowed)
        }
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    signatures = SIGNATURES.get(extension)
    if signatures and not head.startswith(signatures):
        return _("The file's content is not a .%(extension)s file.") % {"extension": extension}
    if extension == "txt" and b"\x00" in head:
        return _("The file's content is not a .%(extension)s file.") % {"extension": extension}
    return None


def content_type_for(theme_file: ThemeFile) -> str:
    return CONTENT_TYPES.get(theme_file.extension, "application/octet-stream")


@transaction.atomic
def theme_describe(theme: Theme, *, description: str, by: User | None) -> Theme:
    """Set the theme's description. Side effects: the theme row, an audit entry."""
    before = audit_snapshot(theme, ["description"])
    theme.description = description.strip()
    theme.full_clean(exclude=["number", "name_en", "name_sv", "name_nb"])
    theme.save(update_fields=["description"])
    audit_record(theme, "update", before=before, actor=by)
    return theme


@transaction.atomic
def theme_file_add(theme: Theme, *, upload: UploadedFile, title: str, by: User | None) -> ThemeFile:
    """Store an uploaded file as material of ``theme``.

    Side effects: the file written to the theme-material storage under a random name, a row,
    an audit entry. If the row cannot be saved the written file is removed again."""
    problem = theme_file_problem(upload)
    if problem:
        raise ValidationError({"file": problem}, code="file")
    theme_file = ThemeFile(
        theme=theme,
        title=(title or "").strip() or Path(upload.name).stem,
        original_name=Path(upload.name).name,
        size=upload.size,
        uploaded_by=by,
    )
    theme_file.full_clean(exclude=["file"])
    theme_file.file.save(upload.name, upload, save=False)
    try:
        theme_file.save(force_insert=True)
    except Exception:
        theme_file.file.storage.delete(theme_file.file.name)
        raise
    audit_record(theme_file, "create", fields=["theme", "title", "size"], scope=theme, actor=by)
    return theme_file


@transaction.atomic
def theme_file_delete(theme_file: ThemeFile, *, by: User | None) -> None:
    """Remove a file. Side effects: an audit entry, the row now, the stored file after commit."""
    stored, storage = theme_file.file.name, theme_file.file.storage
    audit_record(theme_file, "delete", scope=theme_file.theme, actor=by)
    theme_file.delete()
    transaction.on_commit(lambda: storage.delete(stored))
