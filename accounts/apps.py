from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from . import roles, two_factor

        user_logged_in.connect(two_factor.remember_enrolment, dispatch_uid="accounts.remember_enrolment")

        # Permissions are created in post_migrate, after every data migration has run, so the
        # role → permission map is applied here (idempotently) rather than in a migration.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
