"""The words of supplier organisations: their sizes. Pure module.

The sizes follow the EU's SME definition (Recommendation 2003/361/EC); the values are the
ones stored in the database.
"""
from __future__ import annotations

COMPANY_SIZES = ("micro", "small", "medium", "large")
# Small and medium-sized enterprises: every size but the large.
SME_SIZES = ("micro", "small", "medium")
