"""A whole campaign from the command line, as a script would run it: settings, a template, a campaign with
every choice, approval, the test message, Send now through the stand-in Notify, export, and the details."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.bank_holidays import Region, bank_holidays
from desktop.core.clock import UK
from desktop.demo.notify_standin import NotifyStandIn
from desktop.services.workspace import Workspace
from desktop.store.settings import passphrase_hash
from tests.files import GOOD, HEADER, write_csv

pytestmark = pytest.mark.usefixtures("notify_env")  # the window and the commands read the key from there


@pytest.fixture
def db(workspace: Workspace) -> str:
    path = str(workspace.path)
    workspace.close()
    return path


def run(db: str, *args: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(["--db", db, *args], out), out.getvalue()


def set_up_practice(db: str, notify: NotifyStandIn) -> None:
    status, out = run(
        db, "settings", "set", "practice.name", "Riverside Surgery", "practice.phone", "0113 243 4567",
        "practice.sending_start", "00:00", "practice.sending_end", "23:59",
        "notify.template_id", notify.template_id, "notify.staff_mobile", "07400 900123",
    )  # fmt: skip
    assert status == 0, out


def test_settings_are_shown_and_set_by_their_dotted_keys(db: str, notify: NotifyStandIn) -> None:
    set_up_practice(db, notify)
    status, out = run(db, "settings", "show", "--json")
    shown = json.loads(out)
    assert status == 0 and shown["practice.name"] == "Riverside Surgery"
    assert shown["notify.staff_mobile"] == "+447400900123" and shown["notify.gateway"] == "notify"
    assert run(db, "settings", "set", "practice.phone", "12")[0] == 2  # refused, as the Settings page would
    assert run(db, "settings", "set", "no.such", "1")[0] == 2
    assert run(db, "settings", "set", "practice.name")[0] == 2  # a key without its value
    assert run(db, "settings", "set", "messages.allowed_domains", "nhs.uk, example.org")[0] == 0
    assert json.loads(run(db, "settings", "show", "--json")[1])["messages.allowed_domains"] == ["nhs.uk", "example.org"]


def test_phone_hours_are_set_as_written_and_refused_when_they_cannot_be_read(db: str, notify: NotifyStandIn) -> None:
    set_up_practice(db, notify)
    status, out = run(
        db, "settings", "set", "phones.capacity", "Mon-Thu: 9=1 10=4; Fri: 13=6",
        "phones.closures", "24/12/2026, 10/03/2027 13-18",
    )  # fmt: skip
    assert status == 0, out
    shown = json.loads(run(db, "settings", "show", "--json")[1])
    assert shown["phones.capacity"] == "Mon-Thu: 9=1 10=4; Fri: 13=6"
    assert shown["phones.closures"] == ["24/12/2026", "10/03/2027 13-18"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert run(db, "settings", "set", "phones.capacity", "weekdays 9=1")[0] == 2
        assert run(db, "settings", "set", "phones.capacity", "Mon: 9=0")[0] == 2  # no spare calls at all
    assert "write the days, a colon" in err.getvalue() and "at least one hour" in err.getvalue()
    assert json.loads(run(db, "settings", "show", "--json")[1])["phones.capacity"] == "Mon-Thu: 9=1 10=4; Fri: 13=6"


@contextlib.contextmanager
def typed(monkeypatch: pytest.MonkeyPatch, lines: str) -> Iterator[None]:
    """What a script pipes to a command's standard input (secrets are never arguments)."""
    with monkeypatch.context() as patched:
        patched.setattr("sys.stdin", io.StringIO(lines))
        yield


def test_the_manager_passphrase_is_changed_only_with_the_current_one(db: str) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.MonkeyPatch.context() as patched:
        patched.setattr("sys.stdin", io.StringIO("short\nshort\n"))
        assert run(db, "settings", "manager-passphrase")[0] == 2
        patched.setattr("sys.stdin", io.StringIO("first passphrase\nsecond passphrase\n"))
        assert run(db, "settings", "manager-passphrase")[0] == 2  # typed differently twice
        patched.setattr("sys.stdin", io.StringIO("first passphrase\nfirst passphrase\n"))
        assert run(db, "settings", "manager-passphrase")[0] == 0
        patched.setattr("sys.stdin", io.StringIO("not the first one\nnew passphrase\nnew passphrase\n"))
        assert run(db, "settings", "manager-passphrase")[0] == 2
        patched.setattr("sys.stdin", io.StringIO("first passphrase\nnew passphrase\nnew passphrase\n"))
        assert run(db, "settings", "manager-passphrase")[0] == 0
    said = err.getvalue()
    assert "at least 8 characters" in said and "not the same" in said and "not the current" in said
    stored = b"".join(p.read_bytes() for p in Path(db).parent.glob(Path(db).name + "*"))  # with its journal
    assert b"new passphrase" not in stored and b"first passphrase" not in stored  # only the hash is kept
    workspace = Workspace.open(Path(db))
    try:
        kept = passphrase_hash(workspace.db)
        assert kept is not None and kept.matches("new passphrase") and not kept.matches("first passphrase")
    finally:
        workspace.close()


def test_a_campaign_goes_from_the_command_line_to_patients_exactly_once(
    db: str, notify: NotifyStandIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = datetime.now(UK).date()
    if today in bank_holidays(Region.ENGLAND_AND_WALES, [today.year]):
        pytest.skip("nothing is sent on a bank holiday")
    set_up_practice(db, notify)
    source = write_csv(tmp_path / "flu.csv", [HEADER, *GOOD])
    status, out = run(db, "import", str(source), "--json")
    cohort = json.loads(out)["cohort_id"]
    status, out = run(
        db, "template", "add", "--name", "Flu", "--purpose", "call_to_action", "--body",
        "Dear ((first_name)), your flu jab is due. Call ((practice_phone)) to book.",
    )  # fmt: skip
    assert status == 0, out
    template = int(out.split()[1])
    status, out = run(
        db, "campaign", "create", "--name", "Flu 65+", "--prepared-by", "Jo Reception", "--cohort", str(cohort),
        "--template", str(template), "--yes", "prevents_calls", "--yes", "costs_understood",
        "--yes", "impact_understood", "--no", "impact_measured", "--objective", "More flu jabs",
        "--start", today.isoformat(),
        "--first-block", "2", "--max-block", "5", "--capacity", "50",
    )  # fmt: skip
    assert status == 0 and "3 patients" in out and "Consider changes" in out, out
    campaign = out.split()[1]
    assert run(db, "campaign", "approve", "--campaign", campaign, "--by", " jo  reception")[0] == 2  # the preparer
    with typed(monkeypatch, "correct horse battery\ncorrect horse battery\n"):
        assert run(db, "settings", "manager-passphrase")[0] == 0
    with typed(monkeypatch, "wrong horse battery\n"):
        assert run(db, "campaign", "approve", "--campaign", campaign, "--by", "Sam Patel")[0] == 2
    with typed(monkeypatch, "correct horse battery\n"):
        assert run(db, "campaign", "approve", "--campaign", campaign, "--by", "Sam Patel")[0] == 0
    status, out = run(db, "campaign", "show", "--campaign", campaign, "--json")
    assert json.loads(out)["prepared_by"] == "Jo Reception" and json.loads(out)["approved_by"] == "Sam Patel"
    status, out = run(db, "campaign", "send-now", "--campaign", campaign, "--block", "1", "--yes")
    assert status == 2 and notify.texts == []  # held for the test message
    assert run(db, "campaign", "send-test", "--campaign", campaign, "--patient", "943 476 5919")[0] == 0
    assert [t.phone_number for t in notify.texts] == ["+447400900123"] and "Margaret" in notify.texts[0].body
    assert run(db, "campaign", "confirm-test", "--campaign", campaign, "--by", "Jo Reception")[0] == 0
    status, out = run(db, "campaign", "send-now", "--campaign", campaign, "--block", "1", "--yes")
    assert status == 0 and "Block 1: 2 texts sent" in out, out
    assert run(db, "campaign", "send-now", "--campaign", campaign, "--block", "1", "--yes")[0] == 2  # once only
    status, out = run(db, "campaign", "export", "--campaign", campaign, "--block", "2", "--folder", str(tmp_path))
    assert status == 0 and "1 texts exported" in out
    assert run(db, "campaign", "confirm-export", "--campaign", campaign, "--block", "2", "--sent")[0] == 0
    status, out = run(db, "campaign", "show", "--campaign", campaign, "--json")
    shown = json.loads(out)
    assert [b["state"] for b in shown["blocks"]] == ["Sent", "Sent"] and shown["test_confirmed_by"] == "Jo Reception"
    assert len(notify.texts) == 3  # the test and block 1's two; block 2 went by upload
    assert shown["status"] == "completed"  # every block has gone
    assert run(db, "campaign", "pause", "--campaign", campaign)[0] == 2
    status, out = run(db, "campaign", "show", "--campaign", campaign)
    assert "completed" in out and "Test message checked by Jo Reception" in out
    assert run(db, "campaign", "cancel", "--campaign", "99")[0] == 2
