"""An index for the public dialogue list's count: the dialogues of a status with their
needs, read from the index alone

Revision ID: 0014_dialogue_count_index
Revises: 0013_scale_indexes
Create Date: 2026-11-24 09:40:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014_dialogue_count_index'
down_revision = '0013_scale_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.create_index('ix_dialogues_status_need', ['status', 'need_id'], unique=False)


def downgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_index('ix_dialogues_status_need')
