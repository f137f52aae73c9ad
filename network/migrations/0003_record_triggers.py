"""The database refuses to change or delete what must never change: signed notes, objections and
access-log rows — whatever the path (a service, the admin, a script, raw SQL). Only a
transaction that sets ``dialogkurs.rotation`` (re-encryption with a new key: UPDATE) or
``dialogkurs.retention`` (deleting an expired case: DELETE) gets through
(``network.services_records.database_flag``). PostgreSQL only; the embedded SQLite of
``make run`` relies on the services.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION network_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('dialogkurs.rotation', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND current_setting('dialogkurs.retention', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'dialogkurs: % of %.% is refused: this record is never changed or deleted', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = [
    # Every row of the access log and of the objections; of the notes, the signed ones.
    ("network_accesslog", "network_accesslog_immutable", ""),
    ("network_noteobjection", "network_noteobjection_immutable", ""),
    ("network_meetingnote", "network_meetingnote_signed_immutable", "WHEN (OLD.status = 'signed')"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, name, condition in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW {condition} "
            "EXECUTE FUNCTION network_refuse_change()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _condition in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS network_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("network", "0002_records")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
