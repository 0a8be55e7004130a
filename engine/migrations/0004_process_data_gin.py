"""A GIN index on the case data (viewflow_process.data, jsonb) for the
inbox's form-field filters (`data @> {"field": "value"}`, engine.inbox.fields).

jsonb_path_ops: smaller and faster than the default jsonb_ops for
containment, which is the only operator the inbox uses. PostgreSQL only:
SQLite has no GIN and no containment operator (the inbox uses key lookups
there), so the operation does nothing on other databases. The table is
viewflow's, hence SQL rather than a model index."""

from django.db import migrations

INDEX = "engine_process_data_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON viewflow_process USING gin (data jsonb_path_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    # 0002 already depends on viewflow's migrations that make data a jsonb column.
    dependencies = [("engine", "0003_notification_key_params")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
