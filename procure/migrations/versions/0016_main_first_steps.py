"""Each need's first approval, first standing market dialogue and first tender, kept on
the need for the dashboard (procure/needs/milestones.py), filled from the history

Revision ID: 0016_main
Revises: 0015_main
Create Date: 2026-12-07 03:45:00

"""
import sqlalchemy as sa
from alembic import op

from procure.db import UTCDateTime
from procure.dialogues import milestones as dialogue_milestones
from procure.needs import milestones as need_milestones
from procure.needs.search import create_search_objects

# revision identifiers, used by Alembic.
revision = '0016_main'
down_revision = '0015_main'
branch_labels = None
depends_on = None

COLUMNS = ('first_approved_at', 'first_tendered_at', 'first_dialogue_at')


def upgrade():
    with op.batch_alter_table('needs', schema=None) as batch_op:
        for column in COLUMNS:
            batch_op.add_column(sa.Column(column, UTCDateTime(), nullable=True))
    need_milestones.backfill(op.get_bind())
    dialogue_milestones.backfill(op.get_bind())


def downgrade():
    with op.batch_alter_table('needs', schema=None) as batch_op:
        for column in reversed(COLUMNS):
            batch_op.drop_column(column)
    # SQLite's batch mode rebuilds the table, and its triggers go with it.
    create_search_objects(op.get_bind())
