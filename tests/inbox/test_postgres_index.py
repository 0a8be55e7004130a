"""Migration 0004's GIN index on the case data, and that the inbox's
form-field filter is a query it can answer (PostgreSQL only)."""

import pytest
from django.db import connection
from viewflow.workflow.models import Process

from engine.inbox.fields import case_data_q
from engine.models import WorkItem

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_case_data_has_a_gin_index_for_containment():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE indexname = %s", ["engine_process_data_gin"]
        )
        rows = cursor.fetchall()
    assert len(rows) == 1
    table, definition = rows[0]
    assert table == "viewflow_process"
    assert "USING gin (data jsonb_path_ops)" in definition


def test_field_filter_is_a_containment_the_index_answers():
    query = WorkItem.objects.filter(case_data_q({"cause": "illness"}))
    assert "@>" in str(query.query)  # one containment test, not a key lookup per field
    with connection.cursor() as cursor:
        # On a near-empty table the planner would scan; forbid that to see
        # whether the index can serve the condition at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Process.objects.filter(data__contains={"cause": "illness"}).explain()
    assert "engine_process_data_gin" in plan
