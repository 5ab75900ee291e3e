"""Import generated patient lists through the command line, beside a plain pipeline doing the same core work.

The plain pipeline (benchmarks/plain_import.py, written plainly, no project code) reads the sheet
with python-calamine or csv, checks each NHS number's modulus 11, checks each mobile exactly,
turns dates to ISO and inserts every row with one executemany inside one transaction. Both run
as fresh processes on fresh databases, alternately, in the same run, and each figure is printed
as a ratio to the plain pipeline's: absolute times on a shared machine vary too much to compare.
Target: `main.py import` at most 1.25 times the plain pipeline, and under 250 MB at 100,000 rows.
Run: .venv/bin/python benchmarks/bench_import.py [--rows 10000 100000] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cohort_data import export_rows, write_csv, write_xlsx  # noqa: E402

RATIO_TARGET = 1.25
MEMORY_TARGET_MB = 250
# Runs the import command and reports its own peak memory (ru_maxrss is in KiB on Linux).
_OURS = (
    "import resource, sys; from desktop.cli import main; status = main(sys.argv[1:]); "
    "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)"
)


def timed(command: list[str]) -> tuple[float, float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - start
    peak_kib = int(done.stderr.split("PEAK")[-1].split()[0])
    return elapsed, peak_kib / 1024, done.stdout


def run_ours(source: Path, db: Path) -> tuple[float, float, dict[str, object]]:
    elapsed, peak, out = timed([sys.executable, "-c", _OURS, "--db", str(db), "import", str(source), "--json"])
    return elapsed, peak, json.loads(out)


def run_plain(source: Path, db: Path) -> tuple[float, float, int]:
    elapsed, peak, out = timed([sys.executable, str(ROOT / "benchmarks" / "plain_import.py"), str(source), str(db)])
    return elapsed, peak, int(out.split()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for size in args.rows:
            rows = export_rows(size)
            sources = [folder / f"cohort-{size}.xlsx", folder / f"cohort-{size}.csv"]
            write_xlsx(sources[0], rows)
            write_csv(sources[1], rows)
            for source in sources:
                ours, plain, peaks = [], [], []
                for run in range(args.repeats):  # alternately, so both meet the same machine
                    elapsed, peak, counts = run_ours(source, folder / f"ours-{source.name}-{run}.db")
                    ours.append(elapsed)
                    peaks.append(peak)
                    plain_elapsed, _, stored = run_plain(source, folder / f"plain-{source.name}-{run}.db")
                    plain.append(plain_elapsed)
                ratio = statistics.median(ours) / statistics.median(plain)
                peak = max(peaks)
                memory_ok = size < 100_000 or peak < MEMORY_TARGET_MB
                ok = ratio <= RATIO_TARGET and memory_ok
                failed |= not ok
                print(
                    f"{size:>7,} rows {source.suffix:<5}: import median {statistics.median(ours):.2f} s, "
                    f"plain pipeline {statistics.median(plain):.2f} s -> ratio {ratio:.2f} (target {RATIO_TARGET}); "
                    f"peak {peak:.0f} MB{'' if memory_ok else f' (over {MEMORY_TARGET_MB} MB)'} -> "
                    f"{'PASS' if ok else 'FAIL'}   [{args.repeats} runs each; plain stored {stored:,}, "
                    f"import accepted {counts['accepted']:,}]",
                    flush=True,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
