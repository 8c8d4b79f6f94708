"""The working day: the need version a dialogue was published with

Revision ID: 0015_workday
Revises: 0014_dialogue_count_index
Create Date: 2026-12-07 03:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_workday'
down_revision = '0014_dialogue_count_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('need_version', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_column('need_version')
