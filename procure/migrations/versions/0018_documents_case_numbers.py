"""An optional case number (diarienummer) on needs and market dialogues, printed on
their documents (#17)

Revision ID: 0018_documents
Revises: 0017_trust
Create Date: 2026-12-07 04:15:00

"""
import sqlalchemy as sa
from alembic import op

from procure.needs.search import create_search_objects

# revision identifiers, used by Alembic.
revision = '0018_documents'
down_revision = '0017_trust'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN, not batch mode: on SQLite batch mode rebuilds the table and
    # would drop the needs' search triggers.
    op.add_column('needs', sa.Column('case_number', sa.String(length=50), nullable=False,
                                     server_default=''))
    op.add_column('dialogues', sa.Column('case_number', sa.String(length=50), nullable=False,
                                         server_default=''))


def downgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_column('case_number')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_column('case_number')
    # SQLite's batch mode rebuilds the table, and its triggers go with it.
    create_search_objects(op.get_bind())
