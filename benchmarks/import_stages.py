"""Where an import's time goes, stage by stage, beside the plain pipeline's stages, in one run.

bench_import.py gives the whole command's ratio; this shows what makes it up, so the next change
is aimed at the right stage. Each stage is the median of the runs, every run on a fresh database:
  start-up         a fresh interpreter loading the import command (ours) or csv, re, sqlite3, calamine
  read             the sheet read and its header found
  check            every row checked
  store: patients  the executemany of the patients' rows (with the indexes the list needs)
  store: search    the executemany of the search index (patients found as staff type)
  store: the rest  columns made into rows and tokens, longest values, audit, commit
The "floor" is what no faster checking can remove: start-up, reading and storing.
Run: .venv/bin/python benchmarks/import_stages.py [--rows 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import plain_import  # noqa: E402
from benchmarks.cohort_data import export_rows, write_csv, write_xlsx  # noqa: E402
from desktop.services import cohort_import  # noqa: E402
from desktop.services.workspace import Workspace  # noqa: E402


def start_up(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - start


class _TimedConnection:
    """The workspace's connection, timing each executemany by the table it writes."""

    def __init__(self, connection: Any, times: dict[str, float]) -> None:
        self._connection, self._times = connection, times

    def executemany(self, sql: str, rows: Any) -> Any:
        start = time.perf_counter()
        result = self._connection.executemany(sql, rows)
        stage = "store: search" if "patient_search" in sql else "store: patients"
        self._times[stage] += time.perf_counter() - start
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def ours(source: Path, database: Path) -> dict[str, float]:
    times: dict[str, float] = defaultdict(float)
    workspace = Workspace.open(database)
    try:
        workspace.db.conn = _TimedConnection(workspace.db.conn, times)  # type: ignore[misc]
        with cohort_import._collector_paused():  # as import_file does
            start = time.perf_counter()
            table = cohort_import.load_table(source)
            read = time.perf_counter()
            validated = cohort_import.validate_table(table)
            checked = time.perf_counter()
            cohort_import.save_cohort(workspace, table, validated)
            stored = time.perf_counter()
    finally:
        workspace.close()
    times["read"], times["check"] = read - start, checked - read
    times["store: the rest"] = stored - checked - times["store: patients"] - times["store: search"]
    return times


def plain(source: Path, database: Path) -> dict[str, float]:
    start = time.perf_counter()
    rows = plain_import.read(source)
    read = time.perf_counter()
    stored = plain_import.check(rows)
    checked = time.perf_counter()
    plain_import.store(stored, database)
    return {"read": read - start, "check": checked - read, "store: patients": time.perf_counter() - checked}


STAGES = ["start-up", "read", "check", "store: patients", "store: search", "store: the rest"]
FLOOR = ["start-up", "read", "store: patients", "store: search"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = export_rows(args.rows)
        sources = [folder / "cohort.csv", folder / "cohort.xlsx"]
        write_csv(sources[0], rows)
        write_xlsx(sources[1], rows)
        for source in sources:
            runs: dict[str, list[dict[str, float]]] = {"ours": [], "plain": []}
            for run in range(args.runs):  # alternately, so both meet the same machine
                found = ours(source, folder / f"ours-{source.suffix}-{run}.db")
                found["start-up"] = start_up("import desktop.cli, desktop.cli_import")  # what `import` loads
                runs["ours"].append(found)
                found = plain(source, folder / f"plain-{source.suffix}-{run}.db")
                found["start-up"] = start_up("import csv, re, sqlite3, python_calamine")
                runs["plain"].append(found)
            medians = {
                who: {stage: statistics.median(r.get(stage, 0.0) for r in found) for stage in STAGES}
                for who, found in runs.items()
            }
            print(f"\n{args.rows:,} rows {source.suffix} (medians of {args.runs} runs, seconds)")
            print(f"{'stage':<18}{'ours':>8}{'plain':>8}")
            for stage in STAGES:
                print(f"{stage:<18}{medians['ours'][stage]:>8.3f}{medians['plain'][stage]:>8.3f}")
            total = {who: sum(m.values()) for who, m in medians.items()}
            floor = sum(medians["ours"][stage] for stage in FLOOR)
            print(
                f"{'total':<18}{total['ours']:>8.3f}{total['plain']:>8.3f}   ratio {total['ours'] / total['plain']:.2f}"
            )
            print(
                f"floor (start-up, read, store without 'the rest'): {floor:.3f} s = "
                f"{floor / total['plain']:.2f} x the plain pipeline, before any row is checked"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
