"""Replies from GOV.UK Notify's inbound number: answers to surveys counted, STOP honoured, nothing else read.

Messaging is outbound only. A reply is matched by number to the latest text sent to it in the
last 7 days (Notify keeps replies for 7 days, so send-due fetches them at least daily). To a
survey it is counted YES, NO or other; an "other" is kept, with the patient, so staff can decide
whether to call; a number the survey texted for several patients counts as other, since nobody
can tell who answered. A reply to any other text is only counted: that text said replies are not
read, so its words are never kept or shown. STOP, to any text, puts the number on the do-not-text
list.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from desktop.core.clock import from_store, to_store, utc_now
from desktop.core.phone import InvalidMobile, normalise_mobile
from desktop.core.template import Purpose
from desktop.gateways.notify import NotifyError, ReceivedText
from desktop.services.workspace import Workspace
from desktop.store import audit, do_not_text

log = logging.getLogger(__name__)

MATCH_DAYS = 7
YES, NO, OTHER, NOT_READ, STOP = "yes", "no", "other", "not-read", "stop"
_WORDS = re.compile(r"[^A-Z]+")
_YES = {"YES", "Y", "YEAH", "YEP", "YES PLEASE", "YES THANKS", "YES THANK YOU"}
_NO = {"NO", "N", "NOPE", "NO THANKS", "NO THANK YOU"}
_STOP = {"STOP", "STOP ALL", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "CANCEL", "OPT OUT", "OPTOUT"}


class ReplySource(Protocol):
    def received_texts(self, older_than: str | None = None) -> list[ReceivedText]: ...


@dataclass
class ReplyRun:
    fetched: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # answer -> replies new this run


def answer_of(content: str) -> str:
    """YES, NO, STOP or OTHER, from what the patient typed ("Yes!", "no thanks", "Stop")."""
    words = " ".join(_WORDS.sub(" ", content.upper()).split())
    if words in _STOP:
        return STOP
    if words in _YES:
        return YES
    if words in _NO:
        return NO
    return OTHER


def fetch_replies(workspace: Workspace, source: ReplySource, now: Callable[[], datetime] = utc_now) -> ReplyRun:
    """Read the replies Notify holds that are new to us (newest first, until one already stored)."""
    db = workspace.db
    run = ReplyRun()
    older_than: str | None = None
    while True:
        try:
            page = source.received_texts(older_than)
        except NotifyError as error:
            log.warning("Replies not fetched: %s", type(error).__name__)
            break
        known = _known(workspace, [reply.id for reply in page])
        new = [reply for reply in page if reply.id not in known]
        for reply in new:
            answer = _record(workspace, reply, now())
            run.counts[answer] = run.counts.get(answer, 0) + 1
        run.fetched += len(new)
        if not page or len(new) < len(page):
            break  # reached what an earlier run stored
        older_than = page[-1].id
    if run.fetched:
        with db.atomic():
            audit.record(db, workspace.actor, "replies.fetched", fetched=run.fetched, answers=run.counts)
    return run


def _known(workspace: Workspace, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {r[0] for r in workspace.db.execute(f"SELECT provider_id FROM replies WHERE provider_id IN ({marks})", ids)}


def _record(workspace: Workspace, reply: ReceivedText, now: datetime) -> str:
    db = workspace.db
    try:
        mobile = normalise_mobile("+" + reply.user_number.lstrip("+"))
    except InvalidMobile:
        mobile = None
    received = _time(reply.created_at) or now
    latest = None
    if mobile is not None:
        latest = db.execute(
            "SELECT m.id, m.campaign_id, c.purpose FROM messages m JOIN campaigns c ON c.id = m.campaign_id "
            "WHERE m.recipient = ? AND m.sent_at >= ? AND m.sent_at <= ? "
            "AND m.status IN ('sent', 'delivered', 'temporary-failure') ORDER BY m.sent_at DESC, m.id DESC LIMIT 1",
            [mobile, to_store(received - timedelta(days=MATCH_DAYS)), to_store(received)],
        ).fetchone()
    answer = answer_of(reply.content)
    survey = latest is not None and latest[2] == Purpose.SURVEY.value
    if answer != STOP and not survey:
        answer = NOT_READ  # that text said replies are not read: counted, never kept
    elif latest is not None and survey and answer in (YES, NO) and _shared(workspace, latest[1], mobile):
        answer = OTHER  # several patients of the survey have this number: nobody knows who answered
    with db.atomic():
        db.execute(
            "INSERT INTO replies (provider_id, message_id, answer, body, received_at) VALUES (?, ?, ?, ?, ?)",
            [
                reply.id,
                latest[0] if latest else None,
                answer,
                reply.content.strip()[:500] if survey and answer == OTHER else None,
                to_store(received),
            ],
        )
        if answer == STOP and mobile is not None:
            do_not_text.add(db, [(do_not_text.MOBILE, mobile, "stop")], "STOP reply", now)
    return answer


def _shared(workspace: Workspace, campaign_id: int, mobile: str | None) -> bool:
    count = workspace.db.execute(
        "SELECT count(*) FROM messages WHERE campaign_id = ? AND recipient = ?", [campaign_id, mobile]
    ).fetchone()[0]
    return bool(count > 1)


def _time(value: str) -> datetime | None:
    try:
        return from_store(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class OtherReply:
    name: str
    nhs_number: str
    mobile: str
    body: str
    received_at: datetime


@dataclass(frozen=True)
class SurveyResults:
    yes: int
    no: int
    other: int
    others: list[OtherReply]

    @property
    def total(self) -> int:
        return self.yes + self.no + self.other


def survey_results(workspace: Workspace, campaign_id: int) -> SurveyResults:
    """A survey's answers, and its "other" replies with the patient, newest first."""
    counts = dict(
        workspace.db.execute(
            "SELECT r.answer, count(*) FROM replies r JOIN messages m ON m.id = r.message_id "
            "WHERE m.campaign_id = ? GROUP BY r.answer",
            [campaign_id],
        ).fetchall()
    )
    rows = workspace.db.execute(
        "SELECT trim(ifnull(p.first_name, '') || ' ' || ifnull(p.surname, '')), ifnull(p.nhs_number, ''), "
        "m.recipient, r.body, r.received_at FROM replies r JOIN messages m ON m.id = r.message_id "
        "JOIN patients p ON p.id = m.patient_id WHERE m.campaign_id = ? AND r.answer = 'other' "
        "ORDER BY r.received_at DESC",
        [campaign_id],
    )
    others = [OtherReply(name, nhs, mobile, body or "", from_store(at)) for name, nhs, mobile, body, at in rows]
    return SurveyResults(counts.get(YES, 0), counts.get(NO, 0), counts.get(OTHER, 0), others)


def not_read_count(workspace: Workspace, since: datetime) -> int:
    """Replies to texts that said replies are not read (only counted), since `since`."""
    row = workspace.db.execute(
        "SELECT count(*) FROM replies WHERE answer = 'not-read' AND received_at >= ?", [to_store(since)]
    ).fetchone()
    return int(row[0])
