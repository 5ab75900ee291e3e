"""Render and cost a template for every patient of a 100,000-patient cohort.

Target: under 1 s median on a 2-core machine. Two figures: the core (render, measure, estimate
and the search for placeholders that push messages over) on values already loaded, and the
whole service call the GUI and `main.py estimate` make, which also reads the patients from SQLite.
Run: .venv/bin/python benchmarks/bench_costing.py [--rows N] [--repeats R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cohort_data import export_rows, write_csv
from desktop.core.costing import cost_cohort
from desktop.core.template import CompiledTemplate, Purpose
from desktop.services.cohort_import import import_file
from desktop.services.practice import get_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.templates import cost_for_cohort
from desktop.services.workspace import Workspace
from desktop.store.cohorts import message_values

TARGET_SECONDS = 1.0
BODY = (
    "Dear ((title)) ((surname)), your flu vaccination is due. Book at https://www.nhs.uk/book-a-vaccination "
    "or call ((practice_name)) on ((practice_phone)). Your usual GP is ((usual_gp))."
)


def median_of(repeats: int, run: object) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "cohort.csv"
        write_csv(source, export_rows(args.rows))
        workspace = Workspace.open(Path(tmp) / "bench.db")
        install_sample_data(workspace)
        cohort_id = import_file(workspace, source).cohort_id
        settings = get_settings(workspace)
        template = CompiledTemplate.compile(BODY, settings.footer_for(Purpose.CALL_TO_ACTION))
        rows = [{**row, **settings.standard_values} for row in message_values(workspace.db, cohort_id)]

        core, core_times = median_of(
            args.repeats, lambda: cost_cohort(template, rows, settings.current_tariff, counting=settings.counting)
        )
        whole, whole_times = median_of(
            args.repeats, lambda: cost_for_cohort(workspace, cohort_id, BODY, Purpose.CALL_TO_ACTION)
        )
        result = cost_for_cohort(workspace, cohort_id, BODY, Purpose.CALL_TO_ACTION)
        workspace.close()
    e = result.estimate
    split = ", ".join(f"{n:,} x {size}" for size, n in e.by_fragments.items())
    print(f"patients costed: {e.messages:,}; fragments {e.fragments:,} ({split}); unicode {e.unicode_messages:,}")
    print(f"core render+cost: median {core:.3f} s (min {min(core_times):.3f}, max {max(core_times):.3f})")
    print(f"service incl. SQLite read: median {whole:.3f} s (min {min(whole_times):.3f}, max {max(whole_times):.3f})")
    scaled = whole * 100_000 / max(e.messages, 1)
    verdict = "PASS" if scaled < TARGET_SECONDS else "FAIL"
    print(f"target: under {TARGET_SECONDS} s per 100,000 -> {verdict} ({scaled / TARGET_SECONDS:.0%} of target)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
