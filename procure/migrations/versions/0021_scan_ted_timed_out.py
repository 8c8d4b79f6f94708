"""ted_scans.timed_out: TED said its search ran out of time, so the stored list is
incomplete (shown as such, never served from the cache)

Revision ID: 0021_scan
Revises: 0020_workday
Create Date: 2026-12-07 04:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021_scan'
down_revision = '0020_workday'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('ted_scans', sa.Column('timed_out', sa.Boolean(), nullable=False,
                                         server_default=sa.false()))


def downgrade():
    op.drop_column('ted_scans', 'timed_out')
