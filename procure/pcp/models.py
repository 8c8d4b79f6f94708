"""Pre-commercial procurement: the plan, its phases, contracts, evaluation and gates.

A gate decision is final: there is no update path. A correction is a new decision that
names the one it corrects (``corrects_id``); the latest decision of a phase counts.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.needs.models import Need
    from procure.suppliers.models import SupplierOrganisation

class PcpPlan(TimestampMixin, db.Model):
    __tablename__ = "pcp_plans"
    __table_args__ = (
        CheckConstraint("results_owner IS NULL OR results_owner IN "
                        "('suppliers', 'shared', 'city')", name="results_owner"),
        CheckConstraint("publication IS NULL OR publication IN ('none', 'summaries', 'full')",
                        name="publication"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                         unique=True)
    total_budget_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    # The officer's statement of the share of supplies (products) in the PCP's value:
    # above 50 % the R&D exemption does not apply.
    supplies_percent: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal("0"))
    # The follow-on procurement of the innovative solution (PPI), once phase 3 is decided.
    follow_on_title: Mapped[str] = mapped_column(String(300), default="")
    follow_on_url: Mapped[str] = mapped_column(String(500), default="")
    follow_on_published: Mapped[date | None] = mapped_column(Date)
    # How results and rights are shared (vocabulary.RESULTS_OWNERS, PUBLICATION); None
    # until the officer records it. The city keeping all the benefits voids art. 14.
    results_owner: Mapped[str | None] = mapped_column(String(10))
    # A free licence for the city's own use of the results.
    city_licence: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # The city may require the suppliers to licence third parties on fair market terms.
    third_party_licences: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=sa_false())
    publication: Mapped[str | None] = mapped_column(String(10))
    rights_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    need: Mapped[Need] = relationship()
    phases: Mapped[list[Phase]] = relationship(order_by="Phase.number",
                                               cascade="all, delete-orphan",
                                               back_populates="plan")


class Phase(db.Model):
    __tablename__ = "pcp_phases"
    __table_args__ = (
        UniqueConstraint("plan_id", "number", name="uq_pcp_phases_number"),
        CheckConstraint("number BETWEEN 0 AND 3", name="number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("pcp_plans.id", ondelete="CASCADE"),
                                         index=True)
    number: Mapped[int] = mapped_column(SmallInteger)
    planned_start: Mapped[date | None] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_start: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    budget_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    planned_suppliers: Mapped[int | None] = mapped_column(SmallInteger)
    max_per_supplier_sek: Mapped[int | None] = mapped_column(BigInteger)
    # Where phase 3's field tests run (a testbed, a school, a care home).
    site: Mapped[str] = mapped_column(String(300), default="")

    plan: Mapped[PcpPlan] = relationship(back_populates="phases")
    contracts: Mapped[list[PhaseContract]] = relationship(
        order_by="PhaseContract.id", cascade="all, delete-orphan", back_populates="phase")
    criteria: Mapped[list[Criterion]] = relationship(
        order_by="Criterion.position", cascade="all, delete-orphan")
    evaluators: Mapped[list[Evaluator]] = relationship(order_by="Evaluator.id",
                                                       cascade="all, delete-orphan")


class PhaseContract(TimestampMixin, db.Model):
    """A supplier's R&D contract for one phase."""

    __tablename__ = "pcp_contracts"
    __table_args__ = (
        UniqueConstraint("phase_id", "organisation_id", name="uq_pcp_contracts_supplier"),
        CheckConstraint("amount_sek >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("pcp_phases.id", ondelete="CASCADE"),
                                          index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("supplier_organisations.id"),
                                                 index=True)
    amount_sek: Mapped[int] = mapped_column(BigInteger)
    signed_on: Mapped[date]
    deliverables: Mapped[str] = mapped_column(Text, default="")

    phase: Mapped[Phase] = relationship(back_populates="contracts")
    # Every list of contracts names the organisations: joined in, not one query each.
    organisation: Mapped[SupplierOrganisation] = relationship(lazy="joined", innerjoin=True)


class Criterion(db.Model):
    """An award criterion of a phase; the weights of a phase sum to 100."""

    __tablename__ = "pcp_criteria"
    __table_args__ = (CheckConstraint("weight BETWEEN 1 AND 100", name="weight"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("pcp_phases.id", ondelete="CASCADE"),
                                          index=True)
    position: Mapped[int] = mapped_column(SmallInteger, default=1)
    name: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int] = mapped_column(SmallInteger)


class Evaluator(db.Model):
    """An officer assigned to evaluate the suppliers of a phase."""

    __tablename__ = "pcp_evaluators"
    __table_args__ = (UniqueConstraint("phase_id", "user_id", name="uq_pcp_evaluators_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("pcp_phases.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    user: Mapped[User] = relationship()


class ConflictDeclaration(db.Model):
    """An evaluator's declaration about one supplier of a phase, made before scoring it.

    A declared conflict removes the evaluator from that supplier's evaluation.
    """

    __tablename__ = "pcp_declarations"
    __table_args__ = (
        UniqueConstraint("phase_id", "user_id", "organisation_id",
                         name="uq_pcp_declarations_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("pcp_phases.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("supplier_organisations.id"))
    conflict: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Score(TimestampMixin, db.Model):
    __tablename__ = "pcp_scores"
    __table_args__ = (
        UniqueConstraint("criterion_id", "user_id", "organisation_id",
                         name="uq_pcp_scores_once"),
        CheckConstraint("score BETWEEN 0 AND 5", name="score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("pcp_phases.id", ondelete="CASCADE"),
                                          index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("pcp_criteria.id",
                                                         ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("supplier_organisations.id"))
    score: Mapped[int] = mapped_column(SmallInteger)
    justification: Mapped[str] = mapped_column(Text)


gate_selections = Table(
    "pcp_gate_selections", db.Model.metadata,
    Column("decision_id", ForeignKey("pcp_gate_decisions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("organisation_id", ForeignKey("supplier_organisations.id"), primary_key=True),
)


class GateDecision(db.Model):
    """Which suppliers of a phase go on, why, and when. Final; corrected only by a new,
    linked decision."""

    __tablename__ = "pcp_gate_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("pcp_phases.id", ondelete="CASCADE"),
                                          index=True)
    decided_on: Mapped[date]
    reasons: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("pcp_gate_decisions.id"))

    selected: Mapped[list[SupplierOrganisation]] = relationship(secondary=gate_selections,
                                                                order_by="SupplierOrganisation.name")
    decided_by: Mapped[User | None] = relationship()
