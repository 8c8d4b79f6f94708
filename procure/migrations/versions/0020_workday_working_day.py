"""The working day: the need version a dialogue was published with; officers' alerts

Revision ID: 0020_workday
Revises: 0019_loop
Create Date: 2026-12-07 03:20:00

"""
import sqlalchemy as sa
from alembic import op

from procure.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0020_workday'
down_revision = '0019_loop'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.add_column(sa.Column('need_version', sa.Integer(), nullable=True))
    op.create_table(
        'staff_alerts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('dialogue_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('read_at', UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('review_requested', 'need_approved', 'need_returned', "
                           "'question_asked', 'input_received')",
                           name=op.f('ck_staff_alerts_kind')),
        sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], ondelete='CASCADE',
                                name=op.f('fk_staff_alerts_dialogue_id_dialogues')),
        sa.ForeignKeyConstraint(['need_id'], ['needs.id'], ondelete='CASCADE',
                                name=op.f('fk_staff_alerts_need_id_needs')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_staff_alerts_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_alerts')),
    )
    with op.batch_alter_table('staff_alerts', schema=None) as batch_op:
        batch_op.create_index('ix_staff_alerts_user_read', ['user_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_alerts_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_alerts_dialogue_id'), ['dialogue_id'],
                              unique=False)


def downgrade():
    op.drop_table('staff_alerts')
    with op.batch_alter_table('dialogues', schema=None) as batch_op:
        batch_op.drop_column('need_version')
