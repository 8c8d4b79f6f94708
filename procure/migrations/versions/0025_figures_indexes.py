"""The dashboard's figures from indexes: each need's figure columns beside its selection
(department, year, CPV division), and who moved a need on from review

Revision ID: 0025_figures
Revises: 0024_receipts
Create Date: 2026-12-07 14:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025_figures'
down_revision = '0024_receipts'
branch_labels = None
depends_on = None

# As procure.needs.models.FIGURE_COLUMNS on the day of this migration. INCLUDE is
# PostgreSQL's; SQLite gets the index on the selection's columns alone.
FIGURE_COLUMNS = ["id", "status", "created_at", "first_approved_at", "first_dialogue_at",
                  "first_tendered_at", "estimated_value_sek", "procedure", "finding_count",
                  "author_id"]


def upgrade():
    op.create_index('ix_needs_figures', 'needs', ['department_id', 'year', 'cpv_division'],
                    unique=False, postgresql_include=FIGURE_COLUMNS)
    op.create_index('ix_need_status_changes_from', 'need_status_changes',
                    ['from_status', 'need_id'], unique=False,
                    postgresql_include=['actor_id'])


def downgrade():
    op.drop_index('ix_need_status_changes_from', table_name='need_status_changes')
    op.drop_index('ix_needs_figures', table_name='needs')
