"""Sending a release through a gateway exactly once, whatever stops it part way.

Each text is stored as queued (with its reference) before anything leaves, marked sending and
committed before its request goes, and marked with the answer as soon as it comes. A text left
"sending" (the process died, the answer never came) is settled before anything new is sent: it
is looked up by its reference, no sooner than a minute after its request, and sent again only if
the gateway has no record of it. One still unsettled after three days is marked unknown for a
person to decide, never sent again by itself. Two senders never work on one release at once: a
lease in the store, which a sender that crashed loses when it runs out.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlite_utils import Database

from desktop.core.appointments import MIN_NOTICE
from desktop.core.clock import UK, utc_now
from desktop.gateways.notify import (
    GatewayUnavailable,
    MessageRefused,
    NotifyError,
    OutcomeUnknown,
    RateLimited,
    RunStopped,
    SentText,
    TextStatus,
)
from desktop.store import messages as store

log = logging.getLogger(__name__)

LOOK_UP_AFTER = timedelta(minutes=1)  # a request may still be on its way before then
GIVE_UP_AFTER = timedelta(days=3)  # Notify answers look-ups for 7 days: leave time for a person
LEASE = timedelta(minutes=2)
PER_MINUTE = 3_000  # Notify: requests a minute per key type
GROUP = 25  # texts marked sending in one commit, and their answers written in one
_TAKEN = {"created": "sent", "sending": "sent", "pending": "sent", "sent": "sent"}  # Notify's word -> ours


class TextGateway(Protocol):
    """What sending needs of a gateway (desktop.gateways.notify.NotifyClient is one)."""

    def send_text(self, phone_number: str, template_id: str, message: str, reference: str) -> SentText: ...

    def by_reference(self, reference: str) -> list[TextStatus]: ...

    @property
    def stays_on_this_computer(self) -> bool: ...


# Sample patients' mobiles are made up, and may belong to real people.
SAMPLES_STAY_HERE = (
    "This block is for sample patients, whose made-up mobiles may belong to real people: it is never sent "
    "through GOV.UK Notify. Export it to see what would be uploaded, or try the demo (main.py --demo)."
)


class ReleaseBusy(Exception):
    """Another copy of the application is sending this release."""


@dataclass
class SendReport:
    sent: int = 0
    refused: int = 0
    unsettled: int = 0  # sent with no answer yet: looked up on the next run
    resent_after_look_up: int = 0
    repeats: int = 0  # not sent: the same text had gone to the number that day, from any campaign
    stopped: str | None = None  # why the run stopped before the end, in plain English
    needs_a_person: bool = False  # stopped by the key, the clock, the account or the template
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Pace:
    """At most `per_minute` requests in any 60 seconds, as the gateway counts them on arrival.

    The window kept here is a second longer than the gateway's: a request timed as it leaves
    may arrive a little later, and a minute's first request a little later still would put
    one too many in the gateway's minute.
    """

    per_minute: int
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    recent: deque[float] = field(default_factory=deque)
    window: float = 61.0

    def wait(self) -> None:
        now = self.clock()
        while self.recent and now - self.recent[0] >= self.window:
            self.recent.popleft()
        if len(self.recent) >= self.per_minute:
            self.sleep(self.window - (now - self.recent[0]))
            self.recent.popleft()
        self.recent.append(self.clock())


def send_release(
    db: Database,
    release_id: int,
    gateway: TextGateway,
    template_id: str,
    now: Callable[[], datetime] = utc_now,
    sleep: Callable[[float], None] = time.sleep,
    per_minute: int = PER_MINUTE,
    holder: str | None = None,
    lease: timedelta = LEASE,
    look_up_after: timedelta = LOOK_UP_AFTER,
    progress: Callable[[SendReport], None] | None = None,
) -> SendReport:
    """Settle what an earlier run left unknown, then send every queued text of the release.

    `progress` is told the report so far after each text (the window's live counts).
    """
    holder = holder or f"sender-{uuid.uuid4().hex[:12]}"
    if store.is_sample_release(db, release_id) and not gateway.stays_on_this_computer:
        log.warning(
            "Release %d is for sample patients: not sent through a gateway that leaves this computer", release_id
        )
        return SendReport(stopped=SAMPLES_STAY_HERE, needs_a_person=True, counts=store.counts(db, release_id))
    if not store.take_lock(db, release_id, holder, now(), lease):
        raise ReleaseBusy("This release is being sent by another copy of Practice Messaging. Try again shortly.")
    report = SendReport()
    pace = _Pace(per_minute, time.monotonic, sleep)
    renew_at = now() + lease / 4  # renewed well before it runs out, not at every text
    try:
        _settle(db, release_id, gateway, now, look_up_after, report)
        # a reminder still queued when its appointment is too close (a paused campaign resumed late) never goes
        store.cancel_late_reminders(db, release_id, now() + MIN_NOTICE)
        while report.stopped is None and (group := store.next_queued(db, release_id, GROUP)):
            # The group is marked sending (one commit) before any of its requests leaves, and the
            # answers are written together after: a text whose answer was not written is still
            # "sending", so a run that dies here has them looked up, never sent blind.
            mark = store.mark_sending_all(db, [text.id for text in group], now())
            outcomes: list[store.Outcome] = []
            untried = list(group)
            tried: set[tuple[str, str]] = set()  # (number, text) this group has sent, or may have
            try:
                while untried and report.stopped is None:
                    if now() >= renew_at:
                        if not store.take_lock(db, release_id, holder, now(), lease):
                            report.stopped = "Another copy of Practice Messaging took over this release."
                            break
                        renew_at = now() + lease / 4
                    if store.campaign_status(db, release_id) != "approved":  # paused or cancelled meanwhile
                        report.stopped = "The campaign was paused or cancelled: the rest of the release waits."
                        break
                    text = untried.pop(0)
                    same = (text.recipient, text.body)
                    if same in tried or store.sent_since(
                        db, text.recipient, text.body, _start_of_day(now()), text.id, mark
                    ):
                        outcomes.append(store.Outcome(text.id, store.REPEAT))  # networks block repeats
                        report.repeats += 1
                        continue
                    pace.wait()
                    outcome = _send_one(gateway, template_id, text, sleep, report)
                    outcomes.append(outcome)
                    if outcome.kind in (store.SENT, store.UNKNOWN):
                        tried.add(same)
                    if progress is not None:
                        progress(report)
            finally:  # whatever happened, what is known is written, and what was never tried waits again
                outcomes += [store.Outcome(text.id, store.NOT_SENT) for text in untried]
                store.record(db, outcomes, mark, now())
    finally:
        store.drop_lock(db, release_id, holder)
    report.counts = store.counts(db, release_id)
    log.info("Release %d: %d sent, %d refused, %d unsettled", release_id, report.sent, report.refused, report.unsettled)
    return report


def _start_of_day(moment: datetime) -> datetime:
    """Midnight, UK time, of the day `moment` falls on."""
    return moment.astimezone(UK).replace(hour=0, minute=0, second=0, microsecond=0)


def _send_one(
    gateway: TextGateway,
    template_id: str,
    text: store.OutgoingText,
    sleep: Callable[[float], None],
    report: SendReport,
) -> store.Outcome:
    """Send one text (already marked sending); sets report.stopped when the run must stop."""
    try:
        sent = gateway.send_text(text.recipient, template_id, text.body, text.reference)
    except MessageRefused as refused:
        report.refused += 1
        return store.Outcome(text.id, store.REFUSED, str(refused))
    except OutcomeUnknown:
        report.unsettled += 1  # left "sending": looked up before it is ever sent again
        return store.Outcome(text.id, store.UNKNOWN)
    except RateLimited as limited:  # a 429 is a refusal to take it
        if limited.daily:
            report.stopped = str(limited)
        else:
            sleep(60)
        return store.Outcome(text.id, store.NOT_SENT)
    except RunStopped as stopped:
        report.stopped, report.needs_a_person = str(stopped), True
        return store.Outcome(text.id, store.NOT_SENT)
    except (GatewayUnavailable, NotifyError) as unavailable:
        # A server error may come after the text was taken: treat it as unknown, and stop until
        # the next run looks it up, rather than hammer a service that is failing.
        report.unsettled += 1
        report.stopped = str(unavailable)
        return store.Outcome(text.id, store.UNKNOWN)
    report.sent += 1
    return store.Outcome(text.id, store.SENT, sent.id)


def _settle(
    db: Database,
    release_id: int,
    gateway: TextGateway,
    now: Callable[[], datetime],
    look_up_after: timedelta,
    report: SendReport,
) -> None:
    """Find out what became of texts left "sending"; queue again those the gateway never took."""
    for text in store.unsettled(db, release_id):
        moment = now()
        asked = text.last_attempt_at or moment
        if moment - asked < look_up_after:
            report.unsettled += 1  # its request may still be on its way: not yet
            continue
        try:
            found = gateway.by_reference(text.reference)
        except NotifyError:
            if moment - asked >= GIVE_UP_AFTER:
                store.mark_unknown(db, text.id, "No answer from GOV.UK Notify for three days: not sent again.", moment)
            else:
                report.unsettled += 1
            continue
        if found:
            status = found[0].status
            store.mark_sent(db, text.id, found[0].id, _TAKEN.get(status, status), moment)
            report.sent += 1
        else:
            store.mark_not_sent(db, text.id)  # never taken: it goes in this run
            report.resent_after_look_up += 1
