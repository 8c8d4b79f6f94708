"""Validate an ``export-ocds`` file of any size against the official OCDS 1.1.5 schema.

Usage: ``python bench/validate_ocds.py FILE [--every N]`` (``FILE`` as written by
``flask --app procure export-ocds --out FILE``, gzip or plain JSON).

The package is read as a stream (ijson), so memory stays flat however many releases
it holds: the package's own fields are validated against the release package schema
with its first release, then each release against the release schema, with
the schemas shipped in ``data/ocds/`` (nothing is fetched). ``--every N`` checks every
Nth release only, for a quick look. Prints the count, the errors (the first 20) and the
time, and exits 1 when there is an error.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

import ijson
from jsonschema import Draft4Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "ocds"


def _plain(value):
    """ijson's Decimals as the floats and ints json.load would give."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def validators() -> tuple[Draft4Validator, Draft4Validator]:
    release = json.loads((SCHEMAS / "release-schema.json").read_text("utf-8"))
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text("utf-8"))
    registry = Registry().with_resource(release["id"], Resource.from_contents(release))
    checker = Draft4Validator.FORMAT_CHECKER
    return (Draft4Validator(package, registry=registry, format_checker=checker),
            Draft4Validator(release, format_checker=checker))


def _open(path: Path):
    with path.open("rb") as probe:
        zipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if zipped else path.open("rb")


def _errors(validator: Draft4Validator, document: dict, where: str) -> list[str]:
    return [f"{where}/{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(document)]


def _package_fields(handle) -> dict:
    """The package's fields but its releases, built from the parser's events so that the
    releases are never held (``kvitems`` would build the whole array)."""
    head: dict = {}
    key, builder = None, None
    for prefix, event, value in ijson.parse(handle):
        if prefix == "":  # the package itself: its keys start and end the fields' values
            if builder is not None:
                head[key] = _plain(builder.value)
            key, builder = (value, None if value == "releases" else ijson.ObjectBuilder()) \
                if event == "map_key" else (None, None)
        elif builder is not None:
            builder.event(event, value)
    return head


def validate(path: Path, every: int = 1) -> tuple[int, list[str]]:
    """(releases checked, errors) of the package in ``path``."""
    package_validator, release_validator = validators()
    with _open(path) as handle:
        head = _package_fields(handle)
    checked, errors, first = 0, [], None
    ocids: Counter[str] = Counter()
    with _open(path) as handle:
        for position, release in enumerate(ijson.items(handle, "releases.item")):
            release = _plain(release)
            first = first or release
            ocids[release.get("id")] += 1
            if position % every:
                continue
            checked += 1
            errors += _errors(release_validator, release, release.get("ocid", "?"))
    errors += _errors(package_validator, {**head, "releases": [first] if first else []},
                      "package")
    errors += [f"release id {release_id} appears {count} times"
               for release_id, count in ocids.items() if count > 1]
    return checked, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--every", type=int, default=1, help="check every Nth release (default 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    checked, errors = validate(args.file, max(1, args.every))
    print(f"{checked} releases checked in {time.perf_counter() - started:.0f} s: "
          f"{len(errors)} errors")
    for error in errors[:20]:
        print(f"  {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
