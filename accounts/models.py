from __future__ import annotations

import hashlib
import hmac
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from dialogkurs.fields import SingleLineCharField

from .roles import Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-case; log-in is case-insensitive.
        return self.get(**{self.model.USERNAME_FIELD: (username or "").lower()})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. The e-mail address is the login; roles are Django groups."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = SingleLineCharField(_("full name"), max_length=200)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="sv")
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the account's personal data was erased or its retention period ended (privacy/).
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [models.CheckConstraint(condition=models.Q(email=Lower("email")), name="user_email_lower")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def roles(self) -> frozenset[str]:
        """The names of this user's role groups, read once per request."""
        if not self.pk:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role | str) -> bool:
        return self.is_active and any(str(role) in self.roles for role in roles)

    @property
    def is_staff(self) -> bool:
        # Derived, not stored: the admin site is for administrators and superusers only.
        return self.is_active and (self.is_superuser or Role.ADMINISTRATOR in self.roles)

    @property
    def is_administrator(self) -> bool:
        return self.has_role(Role.ADMINISTRATOR) or (self.is_active and self.is_superuser)


class BackupCodeDevice(Device):
    """Ten one-time backup codes for two-factor login, for the day the phone is lost.

    Only a salted hash of each code is stored (django-otp's static device keeps them in plain
    text); a code works once.
    """

    class Meta(Device.Meta):
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def verify_token(self, token) -> bool:
        token = normalise_backup_code(str(token))
        if not token:
            return False
        for code in self.codes.filter(used_at=None):
            if code.matches(token):
                # Another request may use the same code at the same moment: only one UPDATE wins.
                return bool(BackupCode.objects.filter(pk=code.pk, used_at=None).update(used_at=timezone.now()))
        return False

    @property
    def remaining(self) -> int:
        return self.codes.filter(used_at=None).count()


def normalise_backup_code(token: str) -> str:
    return "".join(ch for ch in token.lower() if ch.isalnum())


class BackupCode(models.Model):
    device = models.ForeignKey(
        BackupCodeDevice, on_delete=models.CASCADE, related_name="codes", verbose_name=_("backup codes")
    )
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")

    def __str__(self) -> str:
        return _("Backup code %(number)s") % {"number": self.pk}

    @staticmethod
    def hash(salt: str, token: str) -> str:
        return hashlib.sha256(f"{salt}:{normalise_backup_code(token)}".encode()).hexdigest()

    def matches(self, token: str) -> bool:
        return hmac.compare_digest(self.digest, self.hash(self.salt, token))
