from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from procure.cpv.codes import code_level, search_key
from procure.extensions import db


class CpvCode(db.Model):
    """A code of the Common Procurement Vocabulary (CPV 2008), with both labels.

    The code itself is the key: notices, needs and the EU all name codes, never ids.
    ``search_en`` and ``search_sv`` hold the labels as search compares them (see
    :func:`procure.cpv.codes.search_key`); ``level`` places the code in the tree so
    that broader codes can come first in results.
    """

    __tablename__ = "cpv_codes"
    __table_args__ = (
        CheckConstraint("kind IS NULL OR kind IN ('supplies', 'works', 'services')", name="kind"),
    )

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    # Indexed: "the codes under this one" is how a tree is browsed.
    parent_code: Mapped[str | None] = mapped_column(String(10), ForeignKey("cpv_codes.code"),
                                                       index=True)
    kind: Mapped[str | None] = mapped_column(String(10))
    level: Mapped[int] = mapped_column(SmallInteger)
    label_en: Mapped[str] = mapped_column(String(300))
    label_sv: Mapped[str] = mapped_column(String(300))
    search_en: Mapped[str] = mapped_column(Text)
    search_sv: Mapped[str] = mapped_column(Text)

    # Bulk imports bypass these (they fill the same columns from the same functions);
    # they keep a code made one at a time, as in tests, consistent.
    @validates("code")
    def _set_level(self, _key: str, code: str) -> str:
        self.level = code_level(code)
        return code

    @validates("label_en", "label_sv")
    def _set_search_text(self, key: str, label: str) -> str:
        setattr(self, key.replace("label_", "search_"), search_key(label))
        return label

    @property
    def division(self) -> str:
        """The first two digits: "73" for 73110000-6."""
        return self.code[:2]

    def label(self, language: str) -> str:
        """The label in the given UI language (Swedish unless English is asked for)."""
        return self.label_en if language == "en" else self.label_sv

    def __repr__(self) -> str:
        return f"<CpvCode {self.code}>"
