"""The needs waiting for a person's review counted from an index: the author joins the
index on (status, department), which every staff page's menu reads

Revision ID: 0026_review_count
Revises: 0025_figures
Create Date: 2026-12-07 17:10:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026_review_count'
down_revision = '0025_figures'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_needs_status_department', table_name='needs')
    op.create_index('ix_needs_status_department', 'needs',
                    ['status', 'department_id', 'author_id'], unique=False)


def downgrade():
    op.drop_index('ix_needs_status_department', table_name='needs')
    op.create_index('ix_needs_status_department', 'needs', ['status', 'department_id'],
                    unique=False)
