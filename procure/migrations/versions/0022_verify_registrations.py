"""Verified supplier accounts: registrations wait in supplier_registrations until the
mailed link is followed; users.organisation_contact marks each organisation's contact
(its earliest confirmed member, for the organisations there are)

Revision ID: 0022_verify
Revises: 0021_scan
Create Date: 2026-12-07 04:30:00

"""
import sqlalchemy as sa
from alembic import op

import procure.db

# revision identifiers, used by Alembic.
revision = '0022_verify'
down_revision = '0021_scan'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'supplier_registrations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('locale', sa.String(length=5), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('identifier', sa.String(length=20), nullable=False),
        sa.Column('company_name', sa.String(length=200), nullable=False),
        sa.Column('size', sa.String(length=10), nullable=False),
        sa.Column('interests', sa.JSON(), nullable=False),
        sa.Column('created_at', procure.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('expires_at', procure.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_registrations')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_supplier_registrations_token_hash')),
    )
    with op.batch_alter_table('supplier_registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_registrations_email'), ['email'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_registrations_expires_at'),
                              ['expires_at'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_contact', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    # Each organisation's contact: its earliest confirmed member still there.
    op.execute(sa.text(
        "UPDATE users SET organisation_contact = :yes WHERE id IN ("
        " SELECT MIN(u.id) FROM users u WHERE u.role = 'supplier'"
        " AND u.membership = 'confirmed' AND u.deleted_at IS NULL"
        " GROUP BY u.organisation_id)").bindparams(yes=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('organisation_contact', server_default=None)
        batch_op.create_index('uq_users_organisation_contact', ['organisation_id'],
                              unique=True, postgresql_where=sa.text('organisation_contact'),
                              sqlite_where=sa.text('organisation_contact'))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('uq_users_organisation_contact',
                            postgresql_where=sa.text('organisation_contact'),
                            sqlite_where=sa.text('organisation_contact'))
        batch_op.drop_column('organisation_contact')
    with op.batch_alter_table('supplier_registrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_registrations_expires_at'))
        batch_op.drop_index(batch_op.f('ix_supplier_registrations_email'))
    op.drop_table('supplier_registrations')
