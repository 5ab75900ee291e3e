"""Sending 10,000 texts to the stand-in Notify on 127.0.0.1: paced to the limit, and as fast as it goes.

1. Limited (Notify's 3,000 requests a minute): no 60-second window may hold more than the limit,
   and the run should take close to the least time the limit allows (the full-speed time of the
   last part plus a minute for each earlier 3,000). Printed as the ratio to that minimum.
2. Lifted: the sender's rate beside a plain loop posting the same requests (a fresh token each,
   one requests.Session) to the same server, alternately, medians. Target: at least 0.8 of it.
The sender keeps every text's state in the store as it goes (exactly once): that is what it costs.
Run: .venv/bin/python benchmarks/bench_send.py [--texts 10000] [--runs 3] [--skip-limited]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.clock import utc_now  # noqa: E402
from desktop.core.cohort import CohortCounts, Patient, PatientStatus  # noqa: E402
from desktop.core.template import Purpose  # noqa: E402
from desktop.demo.notify_standin import NotifyStandIn  # noqa: E402
from desktop.gateways.notify import ApiKey, NotifyClient  # noqa: E402
from desktop.services.sending import send_release  # noqa: E402
from desktop.store import messages  # noqa: E402
from desktop.store.campaigns import insert_campaign  # noqa: E402
from desktop.store.cohorts import NewCohort, insert_cohort  # noqa: E402
from desktop.store.database import open_database  # noqa: E402

LIMIT = 3_000
RATE_TARGET = 0.8
BODY = "Your flu jab is due. Book online at www.nhs.uk or call us. Please do not reply to this message."


def queued_release(path: Path, count: int) -> int:
    db = open_database(path)
    mobiles = [f"+4479088{n:05d}" for n in range(count)]
    patients = [Patient(n + 2, PatientStatus.VALID, None, "", "Ann", "Lee", None, m) for n, m in enumerate(mobiles)]
    cohort = insert_cohort(db, NewCohort("Flu", None, None, "bench", {}, CohortCounts(count, count)), patients)
    campaign = insert_campaign(db, "Flu", Purpose.CALL_TO_ACTION, "bench")
    db.execute("UPDATE campaigns SET status = 'approved' WHERE id = ?", [campaign])
    ids = [r[0] for r in db.execute("SELECT id FROM patients WHERE cohort_id = ? ORDER BY id", [cohort])]
    release = messages.new_release(db, campaign, None, utc_now(), utc_now())
    texts = [messages.QueuedText(pid, m, BODY, 1) for pid, m in zip(ids, mobiles, strict=True)]
    messages.queue(db, release, campaign, texts)
    db.close()
    return release


def ours(path: Path, release: int, service: NotifyStandIn, per_minute: int) -> float:
    db = open_database(path)
    start = time.perf_counter()
    with NotifyClient(ApiKey.parse(service.api_key), service.url) as client:
        report = send_release(db, release, client, service.template_id, per_minute=per_minute)
    elapsed = time.perf_counter() - start
    db.close()
    assert report.stopped is None, report.stopped
    return elapsed


def plain(service: NotifyStandIn, count: int) -> float:
    key = ApiKey.parse(service.api_key)
    session = requests.Session()
    start = time.perf_counter()
    for n in range(count):
        body = {
            "phone_number": f"+4479088{n:05d}",
            "template_id": service.template_id,
            "personalisation": {"message": BODY},
            "reference": f"plain-{n}",
        }
        headers = {"Authorization": f"Bearer {key.token(time.time())}"}
        session.post(
            f"{service.url}/v2/notifications/sms", json=body, headers=headers, timeout=(10, 30)
        ).raise_for_status()
    elapsed = time.perf_counter() - start
    session.close()
    return elapsed


def busiest_minute(times: list[float]) -> int:
    window: deque[float] = deque()
    most = 0
    for at in sorted(times):
        window.append(at)
        while at - window[0] >= 60:
            window.popleft()
        most = max(most, len(window))
    return most


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-limited", action="store_true", help="only the run with the limit lifted")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours_times, plain_times = [], []
        for run in range(args.runs):
            service = NotifyStandIn(per_minute=10**9, per_day=10**9).start()
            try:
                release = queued_release(folder / f"lifted-{run}.db", args.texts)
                ours_times.append(ours(folder / f"lifted-{run}.db", release, service, per_minute=10**9))
                plain_times.append(plain(service, args.texts))
            finally:
                service.stop()
        ours_rate, plain_rate = args.texts / statistics.median(ours_times), args.texts / statistics.median(plain_times)
        ratio = ours_rate / plain_rate
        failed |= ratio < RATE_TARGET
        print(
            f"limit lifted: {args.texts:,} texts, sender median {statistics.median(ours_times):.2f} s "
            f"({ours_rate:,.0f}/s), plain loop {statistics.median(plain_times):.2f} s ({plain_rate:,.0f}/s) "
            f"-> ratio {ratio:.2f} (target {RATE_TARGET}) -> {'PASS' if ratio >= RATE_TARGET else 'FAIL'}  "
            f"[{args.runs} runs each]",
            flush=True,
        )
        if args.skip_limited:
            return 1 if failed else 0
        service = NotifyStandIn(per_minute=LIMIT, per_day=10**9).start()
        try:
            release = queued_release(folder / "limited.db", args.texts)
            elapsed = ours(folder / "limited.db", release, service, per_minute=LIMIT)
            sends = [at for at, method, _ in service.requests if method == "POST"]
        finally:
            service.stop()
        minutes = math.ceil(args.texts / LIMIT) - 1
        minimum = minutes * 60 + (args.texts - minutes * LIMIT) / ours_rate
        most = busiest_minute(sends)
        ok = most <= LIMIT and elapsed / minimum <= 1.1
        failed |= not ok
        print(
            f"limited to {LIMIT:,} a minute: {args.texts:,} texts in {elapsed:.1f} s, the least the limit allows "
            f"{minimum:.1f} s -> ratio {elapsed / minimum:.2f}; busiest 60 s held {most:,} requests "
            f"(limit {LIMIT:,}) -> {'PASS' if ok else 'FAIL'}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
