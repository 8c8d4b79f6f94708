"""bench/validate_ocds.py, which checks the nation-scale export in the benchmark, finds
an export valid and a broken release not."""
import gzip
import json

from bench.validate_ocds import validate


def test_the_demo_export_validates_and_a_broken_release_does_not(seeded, tmp_path):
    exported = tmp_path / "releases.json.gz"
    result = seeded.test_cli_runner().invoke(args=["export-ocds", "--out", str(exported)])
    assert result.exit_code == 0, result.output

    checked, errors = validate(exported)
    package = json.loads(gzip.decompress(exported.read_bytes()))
    assert checked == len(package["releases"]) > 0
    assert errors == []

    package["releases"][0]["tender"]["status"] = 42
    package["releases"].append(package["releases"][1])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(package), encoding="utf-8")
    checked, errors = validate(broken)
    assert any("tender/status" in error for error in errors), errors
    assert any("appears 2 times" in error for error in errors), errors
    assert validate(broken, every=1000)[0] == 1
