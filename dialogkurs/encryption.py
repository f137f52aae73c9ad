"""Application-level encryption of model fields at rest (DESIGN §5, `FIELD_ENCRYPTION_KEYS`).

Values are encrypted with ``cryptography``'s MultiFernet: the first key of
``settings.FIELD_ENCRYPTION_KEYS`` encrypts, every key decrypts, so a new key is put first and
``manage.py rotate_encryption_keys`` re-encrypts what the old ones wrote; then the old keys can go.

A column holds a Fernet token (text starting ``gAAAAA``), never the value; an empty value stays
the empty string (a blank phone number is not a secret, and ``blank`` checks keep working).
Fernet is randomised, so an encrypted column can be neither searched nor sorted: lookups other
than ``isnull`` and ``exact ""`` are refused rather than silently finding nothing.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core import validators
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

from .fields import SingleLineFormField, single_line


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: encrypted fields need at least one key.")
    fernets = [Fernet(key.encode()) for key in keys]
    return MultiFernet(fernets), fernets[0]


def _keys() -> tuple[MultiFernet, Fernet]:
    return _fernets(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _keys()[0].encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with FIELD_ENCRYPTION_KEYS: a key that wrote it is missing."
        ) from None


def rotate_token(token: str) -> str:
    """The same value encrypted with the first key."""
    return _keys()[0].rotate(token.encode()).decode()


def is_current(token: str) -> bool:
    """Was ``token`` written with the first (current) key? Rotation skips such values, which is
    what lets an interrupted rotation resume where it stopped."""
    try:
        _keys()[1].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


class _EmptyOnlyExact(models.lookups.Exact):
    """``field=""`` (or None) works; any other value would never match a randomised token."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(f"{self.lhs.target.name} is encrypted: it can only be compared with the empty string.")
        return super().get_prep_lookup()


class EncryptedField(models.TextField):
    """A text column holding a Fernet token; the model sees the plain value.

    ``max_length`` limits the plain value (model validation and the form field); the column is
    unbounded text because a token is about 4/3 of the value plus 100 characters.
    """

    encrypted = True  # rotate_encryption_keys finds every field with this mark
    allowed_lookups = ("isnull", "exact")
    form_class: type[forms.Field] = forms.CharField
    widget: type[forms.Widget] | None = forms.TextInput

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def get_lookup(self, lookup_name):
        if lookup_name not in self.allowed_lookups:
            raise FieldError(f"{self.model.__name__}.{self.name} is encrypted and cannot be searched ({lookup_name}).")
        return _EmptyOnlyExact if lookup_name == "exact" else super().get_lookup(lookup_name)

    def get_transform(self, name):
        raise FieldError(f"{self.model.__name__}.{self.name} is encrypted and cannot be transformed ({name}).")

    # --- value conversion: serialise / parse the plain value (dates override these) ---------

    def to_plain(self, value) -> str:
        return str(value)

    def from_plain(self, text: str):
        return text

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return self.from_plain(decrypt(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(self.to_plain(value))

    def get_prep_value(self, value):
        # Not TextField's: a date stays a date until it is serialised for encryption.
        return models.Field.get_prep_value(self, value)

    def value_to_string(self, obj) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else self.to_plain(value)

    def formfield(self, **kwargs):
        defaults = {"form_class": self.form_class, "max_length": self.max_length}
        if self.widget is not None:
            defaults["widget"] = self.widget
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)


class EncryptedCharField(EncryptedField):
    """One line of text (a name, a phone number): kept on one line however it is saved, like
    ``dialogkurs.fields.SingleLineCharField``."""

    form_class = SingleLineFormField

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str) and single_line(value) != value:
            value = single_line(value)
            setattr(model_instance, self.attname, value)
        return value

    def to_plain(self, value) -> str:
        return single_line(str(value))


class EncryptedTextField(EncryptedField):
    """Several lines (a note, an address)."""

    widget = forms.Textarea


class EncryptedEmailField(EncryptedField):
    default_validators = [validators.validate_email]
    form_class = forms.EmailField
    widget = None

    def to_plain(self, value) -> str:
        return str(value).strip()


class EncryptedDateField(EncryptedField):
    """A date (a date of birth), stored as an encrypted ISO date."""

    form_class = forms.DateField
    widget = None

    def to_plain(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)

    def from_plain(self, text: str):
        return date.fromisoformat(text)

    def to_python(self, value):
        if value in (None, "") or isinstance(value, date):
            return value or None
        return models.DateField().to_python(value)

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", None)
        defaults = {"form_class": forms.DateField}
        defaults.update(kwargs)
        defaults.pop("max_length", None)
        return models.Field.formfield(self, **defaults)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
