"""Changes to a published dialogue, told to the market: their record, and the alert kind

Revision ID: 0024_receipts
Revises: 0023_loop
Create Date: 2026-12-07 06:00:00

"""
import sqlalchemy as sa
from alembic import op

from procure.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = '0024_receipts'
down_revision = '0023_loop'
branch_labels = None
depends_on = None

_KINDS = ("'dialogue_published', 'answer_published', 'information_published', "
          "'dialogue_cancelled', 'slot_promoted'")


def _alert_kinds(kinds: str) -> None:
    # SQLite keeps a CHECK in the table's DDL: batch mode rebuilds the table with the
    # new one (and without the old, named the same).
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_alerts_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_alerts_kind'), f"kind IN ({kinds})")


def upgrade():
    op.create_table(
        'dialogue_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dialogue_id', sa.Integer(), nullable=False),
        sa.Column('changed_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('recipients', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], ondelete='SET NULL',
                                name=op.f('fk_dialogue_changes_changed_by_id_users')),
        sa.ForeignKeyConstraint(['dialogue_id'], ['dialogues.id'], ondelete='CASCADE',
                                name=op.f('fk_dialogue_changes_dialogue_id_dialogues')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dialogue_changes')),
    )
    with op.batch_alter_table('dialogue_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dialogue_changes_dialogue_id'), ['dialogue_id'],
                              unique=False)
    _alert_kinds(_KINDS + ", 'dialogue_changed'")


def downgrade():
    op.execute("DELETE FROM alerts WHERE kind = 'dialogue_changed'")
    _alert_kinds(_KINDS)
    op.drop_table('dialogue_changes')
