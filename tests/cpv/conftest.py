"""CPV test data: a small, real extract of CPV 2008, and the path of the whole list."""
from __future__ import annotations

from pathlib import Path

import pytest

from procure.cpv.services import PACKAGED_LIST as FULL_LIST

# Real rows of CPV 2008: two branches, from division to category, with å, ä and ö.
SMALL_CSV = """\
code,parent,kind,label_en,label_sv
03000000-1,,supplies,"Agricultural, farming, fishing, forestry and related products","Jordbruks-, jakt-, fiske- och skogsbruksprodukter samt tillhörande produkter"
03400000-4,03000000-1,supplies,Forestry and logging products,Skogsbruk och skogsavverkning
03450000-9,03400000-4,supplies,Tree-nursery products,Plantskoleprodukter
03452000-3,03450000-9,supplies,Trees,Träd
73000000-2,,services,Research and development services and related consultancy services,FoU-tjänster samt tillhörande konsulttjänster
73100000-3,73000000-2,services,Research and experimental development services,Forskning och experimentell utveckling
73110000-6,73100000-3,services,Research services,Forskning
73111000-3,73110000-6,services,Research laboratory services,Forskningslaboratorietjänster
85311100-3,,services,Welfare services for the elderly,Äldreomsorg
"""
SMALL_COUNT = 9


@pytest.fixture
def write_csv(tmp_path):
    """``write_csv(text)`` writes a CSV file and returns its path."""

    def _write(text: str, name: str = "cpv.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return _write
