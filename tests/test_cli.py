from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main
from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), stdout=out)
    return status, out.getvalue()


def test_measure_prints_the_measurement() -> None:
    status, out = run_cli("measure", "--text", "a" * 161)
    assert status == 0
    assert "GSM-7" in out and "Characters:  161" in out and "Fragments:   2" in out


def test_measure_suggests_replacing_lookalikes_when_it_saves_fragments() -> None:
    _, out = run_cli("measure", "--gateway", "standard", "--text", "It’s time for your flu jab. " + "x" * 100)
    assert "Unicode because of: ’" in out
    assert "would make it GSM-7, 1 fragment" in out


def test_measure_json() -> None:
    status, out = run_cli("measure", "--json", "--gateway", "standard", "--text", "Hi 😀")
    result = json.loads(out)
    assert status == 0
    assert result == {
        "gateway": "standard",
        "sent_text": "Hi 😀",
        "question_marks": [],
        "encoding": "UCS-2",
        "characters": 5,
        "fragments": 1,
        "remaining": 65,
        "non_gsm": ["😀"],
        "too_long": False,
        "gsm_safe": None,
    }


def test_measure_counts_as_notify_sends_and_bills_by_default() -> None:
    status, out = run_cli("measure", "--json", "--text", "Hi 😀 it’s  ready")
    result = json.loads(out)
    assert status == 0 and result["gateway"] == "notify"
    assert result["sent_text"] == "Hi ? it's ready" and result["question_marks"] == ["😀"]
    assert (result["encoding"], result["characters"], result["fragments"]) == ("GSM-7", 15, 1)
    _, out = run_cli("measure", "--prefix", "Riverside Surgery", "--text", "a" * 150)
    assert "Fragments:   2" in out  # "Riverside Surgery: " is sent and billed too
    _, out = run_cli("measure", "--text", "Book now 👍")
    assert "Sent as '?': 👍 (GOV.UK Notify cannot send them: change them)" in out


def test_measure_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("á" * 71))
    _, out = run_cli("measure", "--json", "--text", "-")
    assert json.loads(out)["fragments"] == 2


def test_measure_warns_when_too_long() -> None:
    _, out = run_cli("measure", "--text", "a" * 919)
    assert "Too long: the limit is 918 characters (GOV.UK Notify's limit)" in out
    _, out = run_cli("measure", "--text", "ŵ" * 918)  # Notify takes 918 Unicode characters (14 fragments)
    assert "Too long" not in out and "Fragments:   14" in out
    _, out = run_cli("measure", "--gateway", "standard", "--text", "ŵ" * 403)
    assert "Too long: the limit is 402 characters (6 texts)" in out


def test_version_and_help_from_a_real_process() -> None:
    version = subprocess.run([sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True)
    assert version.returncode == 0
    assert version.stdout.strip() == f"Practice Messaging {__version__}"
    helped = subprocess.run([sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert helped.returncode == 0
    assert "measure" in helped.stdout and "--db PATH" in helped.stdout


def test_unknown_command_exits_with_usage() -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2


def test_import_prints_counts_and_writes_the_report(tmp_path: Path) -> None:
    from tests.files import GOOD, HEADER, write_xlsx

    source = write_xlsx(tmp_path / "flu.xlsx", {"S": [["Search: Flu"], HEADER, *GOOD, ["1", "", "", "", "", "x"]]})
    db = tmp_path / "p.db"
    report = tmp_path / "problems.xlsx"
    status, out = run_cli("--db", str(db), "import", str(source), "--name", "Flu", "--report", str(report), "--json")
    assert status == 0
    assert json.loads(out) == {
        "cohort_id": 1,
        "rows_read": 4,
        "accepted": 3,
        "rejected": 1,
        "duplicates": 0,
        "opted_out": 0,
        "shared_numbers": 0,
        "no_preference": 1,  # Siân's consent cell is blank
        "consent_column": "SMS Consent",
        "consent_means": "consents",
        "also_read_for_consent": [],
        "consent_candidates": [],
    }
    assert report.exists()
    status, out = run_cli("--db", str(db), "import", str(source))
    assert status == 0 and "Imported cohort 2 from flu.xlsx" in out and "Accepted:        3" in out
    assert 'SMS consent:     read from "SMS Consent" (Yes means the patient may be texted)' in out
    assert "No preference:   1 accepted with nothing recorded" in out


def test_import_of_an_unreadable_file_exits_2_with_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    db = tmp_path / "p.db"
    result = subprocess.run(
        [sys.executable, "main.py", "--db", str(db), "import", str(broken)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: broken.xlsx cannot be read as a spreadsheet")


def test_commands_log_to_the_user_log_folder_not_the_terminal(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a spreadsheet")
    status, _ = run_cli("--db", str(tmp_path / "p.db"), "import", str(broken))
    assert status == 2
    log = (tmp_path / "user-state" / "PracticeMessaging" / "log" / "practice-messaging.log").read_text()
    assert "Cannot open workbook (.xlsx): ZipError" in log
    assert "broken" not in log  # file names can carry patient names; the log never does


def test_estimate_prints_the_same_figures_as_the_service(tmp_path: Path) -> None:
    from desktop.services.cohorts import all_cohorts
    from desktop.services.sample_data import install_sample_data
    from desktop.services.templates import all_templates, cost_for_cohort
    from desktop.services.workspace import Workspace

    db = tmp_path / "p.db"
    workspace = Workspace.open(db)
    install_sample_data(workspace)
    cohort_id = all_cohorts(workspace)[0].id
    template = next(t for t in all_templates(workspace) if t.name == "Flu vaccination invitation")
    expected = cost_for_cohort(workspace, cohort_id, template.latest.body, template.purpose).estimate
    workspace.close()
    status, out = run_cli(
        "--db", str(db), "estimate", "--cohort", str(cohort_id), "--template", str(template.id), "--json"
    )
    result = json.loads(out)
    assert status == 0
    assert (result["messages"], result["fragments"]) == (expected.messages, expected.fragments)
    assert result["cost_after_vat_pence"] == str(expected.cost_after_vat)
    status, out = run_cli("--db", str(db), "estimate", "--cohort", str(cohort_id), "--text", "Hello ((first_name))")
    assert status == 0 and "Messages:        64" in out


def test_estimate_refuses_unknown_cohorts_and_placeholders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.services.sample_data import install_sample_data
    from desktop.services.workspace import Workspace

    db = tmp_path / "p.db"
    workspace = Workspace.open(db)
    install_sample_data(workspace)
    workspace.close()
    assert run_cli("--db", str(db), "estimate", "--cohort", "99", "--text", "Hi")[0] == 2
    assert "there is no cohort 99" in capsys.readouterr().err
    assert run_cli("--db", str(db), "estimate", "--cohort", "1", "--text", "Hi ((clinic))")[0] == 2
    assert "((clinic)) is not a column" in capsys.readouterr().err


# --- what every command promises: a one-line reason and the exit status scripts can test ---------


@pytest.mark.parametrize(
    "command",
    [
        ["import", "list.csv"],
        ["estimate", "--cohort", "1", "--text", "Hi"],
        ["plan", "--campaign", "1"],
    ],
)
def test_a_database_that_cannot_be_opened_exits_2_with_one_line(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_database = tmp_path / "practice.db"
    not_a_database.write_bytes(b"This is a letter, not a database." * 100)
    (tmp_path / "list.csv").write_text("Mobile\n07911123456\n")
    command = [str(tmp_path / part) if part.endswith(".csv") else part for part in command]
    assert run_cli("--db", str(not_a_database), *command)[0] == EXIT_BAD_INPUT
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: The file ") and "damaged" in lines[0]


def test_a_list_without_a_mobile_column_exits_2_and_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "names.csv"
    path.write_text("Forename,Surname\nAnn,Smith\n")
    db = tmp_path / "p.db"
    assert run_cli("--db", str(db), "import", str(path))[0] == EXIT_BAD_INPUT
    assert capsys.readouterr().err.strip() == (
        "error: No column is chosen for mobile numbers: choose the column that holds them."
    )
    from desktop.services.workspace import Workspace

    workspace = Workspace.open(db)
    assert workspace.db.execute("SELECT count(*) FROM cohorts").fetchone()[0] == 0
    workspace.close()


def test_a_campaign_that_does_not_exist_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("--db", str(tmp_path / "p.db"), "plan", "--campaign", "42")[0] == EXIT_BAD_INPUT
    assert capsys.readouterr().err.strip() == "error: This campaign no longer exists."


def test_the_exit_statuses_scripts_rely_on() -> None:
    assert (EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT) == (0, 1, 2)
