"""The audit trail append-only in PostgreSQL: a trigger refuses UPDATE, DELETE and
TRUNCATE on audit_events (only the actor's ON DELETE SET NULL passes)

Run migrations as the tables' owner role; the app's role should neither own the table
nor be granted more than SELECT and INSERT on it (README, "Running in production").

Revision ID: 0017_trust
Revises: 0016_main
Create Date: 2026-12-07 03:40:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_trust'
down_revision = '0016_main'
branch_labels = None
depends_on = None

# A copy, not an import: a migration keeps what it did when the model module changes.
FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.occurred_at, NEW.action, NEW.object_type, NEW.object_id,
            NEW.detail::text, NEW.address)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.action, OLD.object_type, OLD.object_id,
            OLD.detail::text, OLD.address) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = 'audit events are never changed or removed (' || TG_OP || ' refused)';
END;
$$ LANGUAGE plpgsql
"""
TRIGGERS = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: the app's own guard (procure.audit.models) is the only one
    op.execute(FUNCTION)
    for trigger in TRIGGERS:
        op.execute(trigger)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    op.execute("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS audit_events_append_only()")
