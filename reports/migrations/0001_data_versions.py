"""A version number per table the reports read, moved on by the database itself at every write.

Every write to one of these tables — through a form, the admin, an import, ``QuerySet.update``,
``bulk_create``, raw SQL or ``TRUNCATE`` — moves the table's sequence ``dv_<table>`` on twice: once
when the statement runs (so a reader inside that transaction sees a new version) and once when
the transaction commits (a deferred constraint trigger), so figures computed by another
connection while the writer was still uncommitted are never read again (``reports.cache``).
Sequences are not transactional: reading one costs no lock and sees every bump at once.

PostgreSQL only; on the embedded SQLite default the reports are computed at every request.
"""

from django.db import migrations

# Written by the product's own users or services and read by a report. Logs and secrets
# (access logs, enquiry events, backup codes, group links) are not figures of any report.
TABLES = [
    "sessions_app_organisation",
    "sessions_app_workplace",
    "sessions_app_course",
    "sessions_app_halfday",
    "sessions_app_facilitator",
    "sessions_app_facilitatorassignment",
    "sessions_app_workshopoutcome",
    "sessions_app_improvementproposal",
    "sessions_app_followupmeeting",
    "sessions_app_proposalupdate",
    "participants_participant",
    "participants_registration",
    "participants_attendance",
    "participants_evaluationanswer",
    "participants_evaluationtoken",
    "enquiries_enquiry",
    "enquiries_enquirymeeting",
    "network_case",
    "network_networkmeeting",
]
# Only the name of a user appears in a report (a facilitator's): logging in does not count.
COLUMNS = {"accounts_user": "full_name"}

FUNCTION = """
CREATE OR REPLACE FUNCTION reports_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval(TG_ARGV[0]::regclass);
    RETURN NULL;
END
$$;
"""


def sequence(table: str) -> str:
    return f"dv_{table}"[:63]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in [*TABLES, *COLUMNS]:
        column = COLUMNS.get(table)
        update = f"UPDATE OF {column}" if column else "UPDATE"
        seq = sequence(table)
        schema_editor.execute(f'CREATE SEQUENCE IF NOT EXISTS "{seq}"')
        schema_editor.execute(
            f'CREATE TRIGGER reports_data_changed AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION reports_data_changed('{seq}')"
        )
        schema_editor.execute(
            f'CREATE CONSTRAINT TRIGGER reports_data_committed AFTER INSERT OR {update} OR DELETE ON "{table}" '
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION reports_data_changed('{seq}')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in [*TABLES, *COLUMNS]:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS reports_data_changed ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS reports_data_committed ON "{table}"')
        schema_editor.execute(f'DROP SEQUENCE IF EXISTS "{sequence(table)}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_data_changed()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_anonymised_at"),
        ("sessions_app", "0011_course_second_starts_at"),
        ("participants", "0008_anonymised_at"),
        ("workshops", "0002_single_line_text"),
        ("evaluations", "0001_initial"),
        ("enquiries", "0005_single_line_text"),
        ("network", "0004_single_line_text"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
