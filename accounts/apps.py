from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        import dialogkurs.checks  # noqa: F401  (registers the project's deployment checks)

        from . import roles, sessions, two_factor  # noqa: F401 (sessions: its login and logout receivers)

        user_logged_in.connect(two_factor.remember_enrolment, dispatch_uid="accounts.remember_enrolment")

        # Permissions are created in post_migrate, after every data migration has run, so the
        # role → permission map is applied here (idempotently) rather than in a migration.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
