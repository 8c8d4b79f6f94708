"""Time the ten-page sample statement built anew against served from the PDF cache.

Usage: ``python tests/perf/bench_pdf_cache.py [RUNS]`` (default 20). Prints the median
of a build (``build_need_statement``), of a hit (keying the content with the key the
app uses for content, ``pdf_key``, and reading the file: what a cached request does
instead of the build) and their ratio, and the one-off cost of the builder version.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.sample_need import sample_need  # noqa: E402
from procure.needs.statement import BUILDER  # noqa: E402
from procure.pdf.cache import pdf_key  # noqa: E402
from procure.needs.statement_pdf import build_need_statement  # noqa: E402
from procure.pdf.cache import PdfCache, builder_version  # noqa: E402


def median_seconds(work: Callable[[], object], runs: int) -> float:
    work()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    document = sample_need()
    # Worked out once per process, on the first key: timed apart, not in every hit.
    start = time.perf_counter()
    builder_version()
    versioned = time.perf_counter() - start

    def key() -> str:
        return pdf_key(document, BUILDER, document.language)  # the content key

    with tempfile.TemporaryDirectory() as folder:
        cache = PdfCache(folder)
        pdf = cache.get_or_build(key(), lambda: build_need_statement(document))
        built = median_seconds(lambda: build_need_statement(document), runs)
        keyed = median_seconds(key, runs)
        hit = median_seconds(lambda: cache.get_or_build(key(), lambda: b""), runs)
    print(f"statement: {len(pdf):,} bytes, runs: {runs}")
    print(f"builder version (once): {versioned * 1000:7.2f} ms")
    print(f"uncached build:        {built * 1000:8.2f} ms")
    print(f"content key only:      {keyed * 1000:8.2f} ms")
    print(f"cached (key + read):   {hit * 1000:8.2f} ms")
    print(f"speed-up:              {built / hit:8.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
