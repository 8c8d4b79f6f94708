"""Values of every column type the backup knows survive JSON unchanged; a type it does
not know is refused when the backup is written, not found out at the restore."""
import json
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from procure.backup import BackupRefused
from procure.backup.codecs import row_decoder, row_encoder
from procure.db import UTCDateTime

metadata = sa.MetaData()
SAMPLE = sa.Table(
    "sample", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime()),
    sa.Column("local", sa.DateTime()),
    sa.Column("day", sa.Date()),
    sa.Column("clock", sa.Time()),
    sa.Column("money", sa.Numeric(12, 2)),
    sa.Column("ratio", sa.Float()),
    sa.Column("blob", sa.LargeBinary()),
    sa.Column("doc", sa.JSON()),
    sa.Column("flag", sa.Boolean()),
    sa.Column("text", sa.Text()),
)
STOCKHOLM_SUMMER = timezone(timedelta(hours=2))


def test_every_kind_of_value_comes_back_as_it_went():
    row = (7, datetime(2026, 6, 1, 12, 30, 5, 123456, tzinfo=timezone.utc),
           datetime(2026, 6, 1, 14, 30), date(2026, 2, 28), time(9, 15, 30),
           Decimal("1234567890.50"), 0.1 + 0.2, bytes(range(256)),
           {"a": [1, 2.5, None, "å"], "b": {"c": True}}, False, "rad ett\nrad två")
    columns = list(SAMPLE.columns)
    through_json = json.loads(json.dumps(row_encoder(columns)(row)))
    back = row_decoder(columns)(through_json)
    assert tuple(back.values()) == row
    assert str(back["money"]) == "1234567890.50"  # the scale too, not only the value
    assert back["at"].tzinfo is not None and back["local"].tzinfo is None


def test_an_aware_time_keeps_its_offset():
    moment = datetime(2026, 6, 1, 14, 30, tzinfo=STOCKHOLM_SUMMER)
    columns = [SAMPLE.c.at]
    back = row_decoder(columns)(json.loads(json.dumps(row_encoder(columns)((moment,)))))
    assert back["at"] == moment and back["at"].utcoffset() == timedelta(hours=2)


def test_nulls_stay_null():
    columns = list(SAMPLE.columns)
    nothing = (None,) * len(columns)
    assert tuple(row_decoder(columns)(row_encoder(columns)(nothing)).values()) == nothing


def test_a_type_without_a_codec_is_refused():
    table = sa.Table("odd", sa.MetaData(), sa.Column("span", sa.Interval()))
    with pytest.raises(BackupRefused, match="odd.span"):
        row_encoder(list(table.columns))
