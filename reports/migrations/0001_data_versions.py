"""Versions of the data the reports read, moved on by the database itself at every write.

``reports_dataversion`` holds a version per table the reports read (``year`` 0) and, for the
tables the public writes to all day — registrations, evaluation answers, enquiries — per year
of the rows written as well. A report for 2025 then keeps its figures while people sign up for
next month's training; a report for this year does not.

Every write to one of these tables — a form, the admin, an import, ``QuerySet.update``,
``bulk_create``, raw SQL — moves the versions on in a deferred constraint trigger: at commit, in
the writer's own transaction, so a new version becomes visible exactly when the rows it stands
for do (and a rolled-back write moves nothing). One version row is written once per transaction
however many rows it writes (a transaction-local note, ``reports.bumped``), and its lock is held
only from the trigger to the commit. ``TRUNCATE`` moves the table's year 0 at once. Values come
from one sequence, so a version is never given twice.

Years are counted on both sides of a time stamp (±14 hours around it in UTC), so the row's year
in any time zone a period may be counted in is among them. PostgreSQL only; on the embedded
SQLite default the reports are computed at every request (``reports.cache``).
"""

from django.db import migrations

# Written by the product's users or services and read by a report. Logs and secrets (access
# logs, enquiry events, backup codes, evaluation tokens, group links) are no report's figures.
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
    "participants_attendance",
    "enquiries_enquirymeeting",
    "network_case",
    "network_networkmeeting",
]
# Only some changes of these tables can change a figure: a user's name (a facilitator's, not
# logging in), a participant's perspective or removal (a new participant counts only once
# registered, and the registration moves the version).
ONLY = {
    "accounts_user": "UPDATE OF full_name OR DELETE",
    "participants_participant": "UPDATE OR DELETE",
}
# Per year: the table, the trigger function that finds the years of a row.
BY_YEAR = {
    "participants_registration": "reports_registration_changed",
    "participants_evaluationanswer": "reports_evaluationanswer_changed",
    "enquiries_enquiry": "reports_enquiry_changed",
}

FUNCTIONS = r"""
CREATE SEQUENCE reports_data_version;
CREATE TABLE reports_dataversion (
    source varchar(63) NOT NULL,
    year integer NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (source, year)
);

CREATE FUNCTION reports_bump(source text, years integer[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    done text := coalesce(current_setting('reports.bumped', true), '');
    y integer;
BEGIN
    FOREACH y IN ARRAY years LOOP
        CONTINUE WHEN y IS NULL OR position(format('|%s:%s|', source, y) IN done) > 0;
        INSERT INTO reports_dataversion (source, year, version)
            VALUES (source, y, nextval('reports_data_version'))
            ON CONFLICT ON CONSTRAINT reports_dataversion_pkey DO UPDATE SET version = EXCLUDED.version;
        done := done || format('|%s:%s|', source, y);
    END LOOP;
    PERFORM set_config('reports.bumped', done, true);
END
$$;

-- The years a moment may belong to in any time zone; {0} (any year) when there is none.
CREATE FUNCTION reports_years(moment timestamptz) RETURNS integer[] LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN moment IS NULL THEN ARRAY[0] ELSE ARRAY(
        SELECT DISTINCT extract(year FROM (moment + shift) AT TIME ZONE 'UTC')::integer
        FROM unnest(ARRAY[interval '-14 hours', interval '14 hours']) AS shift
    ) END
$$;

CREATE FUNCTION reports_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM reports_bump(TG_TABLE_NAME, ARRAY[0]);
    RETURN NULL;
END
$$;

-- A registration counts in the year of its training's half-day 1.
CREATE FUNCTION reports_registration_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    years integer[];
BEGIN
    SELECT array_agg(DISTINCT y) INTO years FROM (
        SELECT unnest(reports_years(course.first_starts_at)) AS y
        FROM sessions_app_course AS course
        WHERE course.id IN (NEW.course_id, OLD.course_id)
    ) AS found;
    PERFORM reports_bump(TG_TABLE_NAME, coalesce(years, ARRAY[0]));
    RETURN NULL;
END
$$;

-- An answer counts in the year of its date (the row before and after the change).
CREATE FUNCTION reports_evaluationanswer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    years integer[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        years := years || coalesce(extract(year FROM NEW.answered_on)::integer, 0);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        years := years || coalesce(extract(year FROM OLD.answered_on)::integer, 0);
    END IF;
    PERFORM reports_bump(TG_TABLE_NAME, years);
    RETURN NULL;
END
$$;

-- An enquiry counts in the year it came.
CREATE FUNCTION reports_enquiry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    years integer[] := '{}';
BEGIN
    IF TG_OP <> 'DELETE' THEN
        years := years || reports_years(NEW.created_at);
    END IF;
    IF TG_OP <> 'INSERT' THEN
        years := years || reports_years(OLD.created_at);
    END IF;
    PERFORM reports_bump(TG_TABLE_NAME, years);
    RETURN NULL;
END
$$;
"""


def _triggers(table: str, function: str, events: str) -> list[str]:
    return [
        f'CREATE CONSTRAINT TRIGGER reports_data_committed AFTER {events} ON "{table}" '
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {function}()",
        f'CREATE TRIGGER reports_data_truncated AFTER TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_data_changed()",
    ]


def statements() -> list[str]:
    found = [FUNCTIONS]
    for table in TABLES:
        found += _triggers(table, "reports_data_changed", "INSERT OR UPDATE OR DELETE")
    for table, events in ONLY.items():
        found += _triggers(table, "reports_data_changed", events)
    for table, function in BY_YEAR.items():
        found += _triggers(table, function, "INSERT OR UPDATE OR DELETE")
    return found


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in statements():
        schema_editor.execute(sql, None)  # None: the functions' own % signs are not parameters


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in [*TABLES, *ONLY, *BY_YEAR]:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS reports_data_committed ON "{table}"')
        schema_editor.execute(f'DROP TRIGGER IF EXISTS reports_data_truncated ON "{table}"')
    for function in ["reports_data_changed", *BY_YEAR.values()]:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_years(timestamptz)")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_bump(text, integer[])")
    schema_editor.execute("DROP TABLE IF EXISTS reports_dataversion")
    schema_editor.execute("DROP SEQUENCE IF EXISTS reports_data_version")


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
