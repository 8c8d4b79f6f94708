from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db
from procure.scenarios.model import ScenarioInput
from procure.scenarios.vocabulary import CONTRACT_FORMS

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.needs.models import Need

PERCENT = Numeric(5, 2)
_FORM_LIST = ", ".join(f"'{form}'" for form in CONTRACT_FORMS)


class ContractScenario(TimestampMixin, db.Model):
    """One way to set up the contract for a need: form, term, money, horizon."""

    __tablename__ = "contract_scenarios"
    __table_args__ = (
        CheckConstraint(f"contract_form IN ({_FORM_LIST})", name="contract_form"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(100))
    contract_form: Mapped[str] = mapped_column(String(30))
    base_years: Mapped[int]
    # Option periods in years, as written: "1,1" for 2+1+1; "" for none.
    option_years: Mapped[str] = mapped_column(String(40), default="")
    options_exercised: Mapped[bool] = mapped_column(default=True)
    annual_value_sek: Mapped[int] = mapped_column(BigInteger)
    investment_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    depreciation_years: Mapped[int] = mapped_column(default=1)
    margin_percent: Mapped[Decimal] = mapped_column(PERCENT)
    improvement_percent: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal("0"))
    retender_cost_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    discount_rate_percent: Mapped[Decimal] = mapped_column(PERCENT)
    horizon_years: Mapped[int]
    # Counts saves: two officers editing one scenario cannot overwrite each other.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    need: Mapped[Need] = relationship()

    @property
    def options(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.option_years.split(",") if part.strip())

    def as_input(self) -> ScenarioInput:
        """The scenario as the pure model reads it."""
        return ScenarioInput(
            name=self.name, contract_form=self.contract_form, base_years=self.base_years,
            option_years=self.options, annual_value_sek=self.annual_value_sek,
            investment_sek=self.investment_sek, depreciation_years=self.depreciation_years,
            margin_percent=Decimal(self.margin_percent),
            improvement_percent=Decimal(self.improvement_percent),
            retender_cost_sek=self.retender_cost_sek,
            discount_rate_percent=Decimal(self.discount_rate_percent),
            horizon_years=self.horizon_years, options_exercised=self.options_exercised)


class ScenarioChoice(db.Model):
    """The scenario an officer chose for a need, and why (with special reasons when a
    framework runs past four years)."""

    __tablename__ = "contract_scenario_choices"

    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"),
                                         primary_key=True)
    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("contract_scenarios.id", ondelete="CASCADE"), index=True)
    justification: Mapped[str] = mapped_column(Text, default="")
    special_reasons: Mapped[str] = mapped_column(Text, default="")
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    scenario: Mapped[ContractScenario] = relationship()
    chosen_by: Mapped[User | None] = relationship()
