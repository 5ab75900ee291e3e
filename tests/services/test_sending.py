"""Sending a release exactly once, against the stand-in Notify on 127.0.0.1, through every fault it can make."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.core.clock import utc_now
from desktop.core.cohort import CohortCounts, Patient, PatientStatus
from desktop.core.template import Purpose
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services.sending import SAMPLES_STAY_HERE, ReleaseBusy, send_release
from desktop.store import messages
from desktop.store.campaigns import insert_campaign
from desktop.store.cohorts import NewCohort, insert_cohort
from desktop.store.database import open_database

ROOT = Path(__file__).resolve().parents[2]
MOBILES = [f"+4479088692{n:02d}" for n in range(40)]


@pytest.fixture
def notify() -> Iterator[NotifyStandIn]:
    service = NotifyStandIn(hang_seconds=1.0).start()
    yield service
    service.stop()


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


def release_of(db: Database, count: int, mobiles: list[str] | None = None) -> int:
    """A campaign with one release of `count` queued texts, one per patient."""
    numbers = mobiles or MOBILES[:count]
    patients = [Patient(n + 2, PatientStatus.VALID, None, "", f"P{n}", "Lee", None, m) for n, m in enumerate(numbers)]
    cohort = insert_cohort(
        db, NewCohort("c", None, None, "t", {}, CohortCounts(len(patients), len(patients))), patients
    )
    campaign = insert_campaign(db, "Flu", Purpose.CALL_TO_ACTION, "t")
    db.execute("UPDATE campaigns SET status = 'approved' WHERE id = ?", [campaign])
    ids = [r[0] for r in db.execute("SELECT id FROM patients WHERE cohort_id = ? ORDER BY id", [cohort])]
    release = messages.new_release(db, campaign, None, utc_now(), utc_now())
    pairs = enumerate(zip(ids, numbers, strict=True))
    texts = [messages.QueuedText(pid, m, f"Text {n}. Do not reply.", 1) for n, (pid, m) in pairs]
    messages.queue(db, release, campaign, texts)
    return release


def client(notify: NotifyStandIn) -> NotifyClient:
    return NotifyClient(ApiKey.parse(notify.api_key), notify.url, timeout=(2, 0.5))


def texts_per_patient(notify: NotifyStandIn) -> Counter[str]:
    return Counter(text.body for text in notify.texts)


def statuses(db: Database, release: int) -> dict[str, int]:
    return messages.counts(db, release)


def test_a_release_goes_once_and_a_second_run_sends_nothing(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 5)
    with client(notify) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
        assert (report.sent, report.stopped) == (5, None)
        again = send_release(db, release, gateway, notify.template_id)
    assert again.sent == 0 and statuses(db, release) == {"sent": 5}
    stored = {t.reference for t in notify.texts}
    references = {r[0] for r in db.execute("SELECT reference FROM messages")}
    assert stored == references and len(notify.texts) == 5
    assert all(r.startswith("pm-") and "790886" not in r for r in references)  # no personal data


def test_a_refused_number_fails_alone(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 3, mobiles=[MOBILES[0], "+441132434567", MOBILES[2]])
    with client(notify) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
    assert (report.sent, report.refused) == (2, 1) and statuses(db, release) == {"sent": 2, "refused": 1}
    reason = db.execute("SELECT failure_reason FROM messages WHERE status = 'refused'").fetchone()[0]
    assert "Not a UK mobile number" in reason


def test_a_lost_answer_is_looked_up_not_resent(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 3)
    notify.faults.extend(["ok", "hang-after"])  # the second text is taken, its answer lost
    with client(notify) as gateway:
        first = send_release(db, release, gateway, notify.template_id)
        assert first.unsettled == 1 and statuses(db, release) == {"sent": 2, "sending": 1}
        early = send_release(db, release, gateway, notify.template_id)  # within the minute: left alone
        assert early.unsettled == 1 and statuses(db, release) == {"sent": 2, "sending": 1}
        later = send_release(db, release, gateway, notify.template_id, look_up_after=timedelta(0))
    assert later.sent == 1 and later.resent_after_look_up == 0
    assert statuses(db, release) == {"sent": 3} and set(texts_per_patient(notify).values()) == {1}


def test_a_text_the_gateway_never_took_is_sent_after_the_look_up(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 2)
    notify.faults.append("drop-before")
    with client(notify) as gateway:
        send_release(db, release, gateway, notify.template_id)
        report = send_release(db, release, gateway, notify.template_id, look_up_after=timedelta(0))
    assert report.resent_after_look_up == 1 and statuses(db, release) == {"sent": 2}
    assert sorted(texts_per_patient(notify).values()) == [1, 1]


def test_a_server_error_stops_the_run_until_the_text_is_looked_up(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 3)
    notify.faults.append("500")
    with client(notify) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
        assert report.stopped and "problem" in report.stopped
        assert statuses(db, release) == {"sending": 1, "queued": 2}
        send_release(db, release, gateway, notify.template_id, look_up_after=timedelta(0))
    assert statuses(db, release) == {"sent": 3} and sorted(texts_per_patient(notify).values()) == [1, 1, 1]


def test_a_key_or_template_problem_stops_with_everything_still_queued(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 3)
    with client(notify) as gateway:
        report = send_release(db, release, gateway, "00000000-0000-0000-0000-000000000000")
    assert report.stopped and "Template not found" in report.stopped
    assert statuses(db, release) == {"queued": 3} and notify.texts == []


def test_the_days_limit_stops_the_run_and_keeps_the_rest_for_tomorrow(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 4)
    notify.per_day = 2
    with client(notify) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
    assert report.stopped and "tomorrow" in report.stopped
    assert statuses(db, release) == {"sent": 2, "queued": 2}


def test_a_minute_limit_waits_and_carries_on(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 3)
    notify.faults.extend(["ok", "429"])
    waited: list[float] = []
    with client(notify) as gateway:
        report = send_release(db, release, gateway, notify.template_id, sleep=waited.append)
    assert waited == [60] and report.sent == 3 and statuses(db, release) == {"sent": 3}


def test_no_more_than_the_limit_goes_in_any_minute(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 5)
    waited: list[float] = []
    with client(notify) as gateway:
        send_release(db, release, gateway, notify.template_id, sleep=waited.append, per_minute=2)
    assert len(waited) == 3 and all(56 < w <= 61 for w in waited)  # after the 2nd, 3rd and 4th


def test_two_senders_never_work_on_one_release(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 2)
    assert messages.take_lock(db, release, "the window", utc_now(), timedelta(minutes=2))
    with client(notify) as gateway, pytest.raises(ReleaseBusy):
        send_release(db, release, gateway, notify.template_id, holder="send-due")
    assert notify.texts == []


def test_a_crashed_senders_lease_runs_out(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 2)
    messages.take_lock(db, release, "crashed", utc_now() - timedelta(minutes=5), timedelta(minutes=2))
    with client(notify) as gateway:
        assert send_release(db, release, gateway, notify.template_id, holder="next").sent == 2
    assert messages.lock_holder(db, release, utc_now()) is None  # let go when done


def test_a_text_unsettled_for_three_days_is_never_sent_again_by_itself(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 1)
    text = messages.next_queued(db, release)[0]
    messages.mark_sending_all(db, [text.id], utc_now() - timedelta(days=4))
    url = notify.url
    notify.stop()  # look-ups fail
    with NotifyClient(ApiKey.parse(notify.api_key), url) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
    assert report.sent == 0 and statuses(db, release) == {"unknown": 1}


def test_killed_mid_release_every_patient_still_gets_exactly_one_text(
    db_path: Path, db: Database, notify: NotifyStandIn
) -> None:
    """A real process, killed with SIGKILL part way; the next run finishes the release."""
    count = 12
    release = release_of(db, count)
    notify.answer_after = 0.15
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.services.send_child",
            str(db_path),
            notify.url,
            notify.api_key,
            notify.template_id,
            str(release),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 30
        while len(notify.texts) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=10)
    taken = len(notify.texts)
    assert 4 <= taken < count  # it died part way
    notify.answer_after = 0
    time.sleep(1.1)  # the dead sender's lease runs out
    with client(notify) as gateway:
        send_release(db, release, gateway, notify.template_id, look_up_after=timedelta(0))
    assert statuses(db, release) == {"sent": count}
    assert texts_per_patient(notify) == Counter({f"Text {n}. Do not reply.": 1 for n in range(count)})


def test_pausing_the_campaign_stops_the_release_between_messages(db: Database, notify: NotifyStandIn) -> None:
    release = release_of(db, 4)

    class PausingAfterTwo(NotifyClient):
        def send_text(self, phone_number: str, template_id: str, message: str, reference: str):  # type: ignore[no-untyped-def]
            sent = super().send_text(phone_number, template_id, message, reference)
            if len(notify.texts) == 2:
                db.execute("UPDATE campaigns SET status = 'paused'")
            return sent

    with PausingAfterTwo(ApiKey.parse(notify.api_key), notify.url) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
    assert report.stopped and "paused" in report.stopped
    assert statuses(db, release) == {"sent": 2, "queued": 2}


def test_answers_are_written_only_over_this_senders_own_mark(db: Database) -> None:
    """A sender that stalled past its lease must not undo what the sender that took over has started."""
    release = release_of(db, 1)
    text = messages.next_queued(db, release)[0]
    mark = messages.mark_sending_all(db, [text.id], utc_now() - timedelta(minutes=5))
    db.execute("UPDATE messages SET last_attempt_at = ? WHERE id = ?", ["another sender's mark", text.id])
    messages.record(db, [messages.Outcome(text.id, messages.NOT_SENT)], mark, utc_now())
    assert statuses(db, release) == {"sending": 1}
    db.execute("UPDATE messages SET last_attempt_at = ? WHERE id = ?", [mark, text.id])
    messages.record(db, [messages.Outcome(text.id, messages.SENT, "notify-1")], mark, utc_now())
    assert statuses(db, release) == {"sent": 1}


def test_the_same_text_never_goes_to_one_number_twice_in_a_day(db: Database, notify: NotifyStandIn) -> None:
    """Whichever campaign it comes from: mobile networks block repeats, and a patient should not get two."""
    first = release_of(db, 2)
    with client(notify) as gateway:
        send_release(db, first, gateway, notify.template_id)
        again = release_of(db, 2)  # another campaign: the same two texts to the same two numbers
        db.execute(
            "UPDATE messages SET body = 'Another text. Do not reply.' WHERE release_id = ? AND id = "
            "(SELECT max(id) FROM messages WHERE release_id = ?)",
            [again, again],
        )
        report = send_release(db, again, gateway, notify.template_id)
    assert (report.sent, report.repeats) == (1, 1)
    assert statuses(db, again) == {"sent": 1, "cancelled": 1}
    reason = db.execute("SELECT failure_reason FROM messages WHERE status = 'cancelled'").fetchone()[0]
    assert reason == messages.REPEAT_REASON and len(notify.texts) == 3


def test_two_patients_of_one_release_sharing_a_number_get_the_same_text_once_not_never(
    db: Database, notify: NotifyStandIn
) -> None:
    """Marked sending together, each once looked like the other's repeat: neither was sent."""
    release = release_of(db, 3, [MOBILES[0], MOBILES[1], MOBILES[0]])
    db.execute("UPDATE messages SET body = 'Your survey. Do not reply.' WHERE release_id = ?", [release])
    with client(notify) as gateway:
        report = send_release(db, release, gateway, notify.template_id)
    assert (report.sent, report.repeats) == (2, 1) and statuses(db, release) == {"sent": 2, "cancelled": 1}
    assert sorted(t.phone_number for t in notify.texts) == sorted([MOBILES[0], MOBILES[1]])


def test_sample_patients_are_never_sent_through_a_gateway_that_leaves_this_computer(
    db: Database, notify: NotifyStandIn
) -> None:
    release = release_of(db, 2)
    db.execute("UPDATE cohorts SET is_sample = 1")
    db.execute("UPDATE campaigns SET cohort_id = (SELECT id FROM cohorts)")
    key = ApiKey.parse(notify.api_key)
    with NotifyClient(key, "https://api.notifications.service.gov.uk") as real:  # refused before any request
        report = send_release(db, release, real, notify.template_id)
    assert report.stopped == SAMPLES_STAY_HERE and report.needs_a_person and report.sent == 0
    assert statuses(db, release) == {"queued": 2} and notify.texts == []
    with client(notify) as local:  # the demo's stand-in, on this computer
        assert send_release(db, release, local, notify.template_id).sent == 2
    db.execute("UPDATE cohorts SET is_sample = 0")


@pytest.mark.parametrize(
    ("address", "stays"),
    [
        ("http://127.0.0.1:8080", True),
        ("http://localhost:5000/", True),
        ("http://[::1]:9000", True),
        ("https://api.notifications.service.gov.uk", False),
        ("http://10.0.0.5", False),
        ("http://127.0.0.1.example.org", False),
    ],
)
def test_only_this_computers_own_addresses_stay_on_it(address: str, stays: bool) -> None:
    with NotifyClient(ApiKey.parse(NotifyStandIn().api_key), address) as gateway:
        assert gateway.stays_on_this_computer is stays
