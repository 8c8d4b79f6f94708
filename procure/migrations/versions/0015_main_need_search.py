"""Need search served by an index: trigram GIN indexes on PostgreSQL, an FTS5 trigram
table kept by triggers on SQLite (procure/needs/search.py)

Revision ID: 0015_main
Revises: 0014_dialogue_count_index
Create Date: 2026-12-07 03:30:00

"""
from alembic import op

from procure.needs.search import create_search_objects, drop_search_objects

# revision identifiers, used by Alembic.
revision = '0015_main'
down_revision = '0014_dialogue_count_index'
branch_labels = None
depends_on = None


def upgrade():
    create_search_objects(op.get_bind())


def downgrade():
    drop_search_objects(op.get_bind())
