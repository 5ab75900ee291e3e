"""Import a generated 100,000-row cohort end to end through the command line (read, validate, store).

Targets on a 2-core machine: .xlsx under 3 s median and peak memory under 400 MB; CSV under 1.5 s.
Each run is a fresh `python main.py import` process with a fresh database, timed from outside.
Run: .venv/bin/python benchmarks/bench_import.py [--rows N] [--repeats R]
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

TARGETS = {".xlsx": 3.0, ".csv": 1.5}
MEMORY_TARGET_MB = 400
# Runs the import command and reports its own peak memory (ru_maxrss is in KiB on Linux).
_CHILD = (
    "import resource, sys; from desktop.cli import main; status = main(sys.argv[1:]); "
    "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)"
)


def run_once(source: Path, folder: Path, run: int) -> tuple[float, float, dict[str, int]]:
    db = folder / f"bench-{source.suffix[1:]}-{run}.db"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "--db", str(db), "import", str(source), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    peak_kib = int(done.stderr.split("PEAK")[-1].split()[0])
    return elapsed, peak_kib / 1024, json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = export_rows(args.rows)
        sources = [folder / "cohort.xlsx", folder / "cohort.csv"]
        write_xlsx(sources[0], rows)
        write_csv(sources[1], rows)
        for source in sources:
            results = [run_once(source, folder, run) for run in range(args.repeats)]
            times = [r[0] for r in results]
            peak = max(r[1] for r in results)
            counts = results[0][2]
            median = statistics.median(times)
            target = TARGETS[source.suffix] * args.rows / 100_000
            ok = median < target and (source.suffix != ".xlsx" or peak < MEMORY_TARGET_MB)
            failed |= not ok
            print(
                f"{source.suffix}: {args.rows:,} rows, median {median:.2f} s (min {min(times):.2f}, "
                f"max {max(times):.2f}, {args.repeats} runs), peak memory {peak:.0f} MB; "
                f"target {target:.1f} s -> {'PASS' if ok else 'FAIL'} ({median / target:.0%} of target)"
            )
            print(
                f"   accepted {counts['accepted']:,}, not accepted {counts['rejected']:,}, "
                f"duplicates {counts['duplicates']:,}, declined {counts['opted_out']:,}, "
                f"shared numbers {counts['shared_numbers']:,}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
