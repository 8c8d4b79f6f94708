"""Column values to JSON and back, chosen by the column's type, so a round-trip is exact.

Pure module (no Flask). JSON has strings, numbers, booleans, null, lists and objects:
timestamps and dates travel as ISO 8601 text (an aware timestamp keeps its offset),
decimals as text (``Decimal("10.50")`` stays ``10.50``, never a float), bytes as
base64. A column of a type with no codec here is refused when the backup is written,
not discovered when it is restored.
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from procure.backup import BackupRefused

# Values JSON holds as they are: numbers, text and booleans.
_NATIVE = (bool, int, float, str)


@dataclass(frozen=True)
class Codec:
    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _b64encode(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


_CODECS = {
    datetime: Codec(datetime.isoformat, datetime.fromisoformat),
    date: Codec(date.isoformat, date.fromisoformat),
    time: Codec(time.isoformat, time.fromisoformat),
    Decimal: Codec(str, Decimal),
    bytes: Codec(_b64encode, base64.b64decode),
}
_NATIVE_CODEC = Codec(_same, _same)


def _python_type(column_type: sa.types.TypeEngine) -> type | None:
    try:
        return column_type.python_type
    except NotImplementedError:
        return None


def codec_for(column: sa.Column) -> Codec:
    """How values of ``column`` are written to and read from a backup."""
    column_type = column.type
    if isinstance(column_type, sa.JSON):
        return _NATIVE_CODEC  # what a JSON column holds is JSON already
    python_type = _python_type(column_type)
    # A TypeDecorator that does not say (UTCDateTime) holds what its implementation does.
    while python_type is object and isinstance(column_type, sa.TypeDecorator):
        column_type = column_type.impl_instance
        python_type = _python_type(column_type)
    # datetime is a subclass of date: look the exact type up first.
    if python_type in _CODECS:
        return _CODECS[python_type]
    if python_type is not None and issubclass(python_type, _NATIVE):
        return _NATIVE_CODEC
    raise BackupRefused(f"No way to back up {column.table.name}.{column.name} "
                        f"of type {column.type!r}: add a codec in procure/backup/codecs.py.")


def row_encoder(columns: list[sa.Column]) -> Callable[[tuple], list]:
    """A function turning one row (values in ``columns`` order) into a JSON list."""
    encoders = [codec_for(column).encode for column in columns]

    def encode(row: tuple) -> list:
        return [None if value is None else encoder(value)
                for encoder, value in zip(encoders, row)]

    return encode


def row_decoder(columns: list[sa.Column]) -> Callable[[list], dict]:
    """A function turning one JSON list back into ``{column name: value}``."""
    decoders = [(column.name, codec_for(column).decode) for column in columns]

    def decode(values: list) -> dict:
        return {name: None if value is None else decoder(value)
                for (name, decoder), value in zip(decoders, values, strict=True)}

    return decode
