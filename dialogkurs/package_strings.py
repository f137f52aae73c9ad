"""Strings of packages whose own catalogues lack Swedish or Norwegian, translated in the
project's catalogue (``locale/``), which ``LOCALE_PATHS`` puts before every package's own.

Listed here only so that ``make messages`` finds them and keeps them; nothing imports this
module. django-axes ships neither language (its admin pages: login attempts and lockouts);
Django 5.2's Norwegian admin catalogue lacks the strings of its newer templates (the skip link,
the theme switch, the sidebar filter …), and two of its Norwegian form messages read wrongly.
"""

from django.utils.translation import gettext_noop

PACKAGE_STRINGS = (
    # django-axes: models, fields and admin.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
    # Django's admin: strings its Norwegian catalogue lacks.
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Model name"),
    gettext_noop("Error:"),
    gettext_noop("Added:"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("View selected %(model)s"),
    # Django's forms: two Norwegian messages that read wrongly (a missing word, no full stop).
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a valid email address."),
)
