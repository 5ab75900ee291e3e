"""Who is never texted: the do-not-text list, a refreshed search, and a recent text of the same purpose."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.core.campaign import Campaign, CampaignOptions
from desktop.core.clock import to_store, utc_now
from desktop.services import campaigns, exclusions
from desktop.services.releases import queue_block
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import do_not_text
from desktop.store.cohorts import NHS_NUMBER, PATIENT_ID, message_values
from tests.campaign_helpers import approve_and_test, ready_campaign
from tests.files import write_csv, write_xlsx


@pytest.fixture
def draft(workspace: Workspace) -> Campaign:
    install_sample_data(workspace)
    return ready_campaign(workspace)


def first_recipients(workspace: Workspace, campaign: Campaign, n: int = 3) -> list[dict[str, str]]:
    return campaigns.recipients(workspace, campaign)[:n]


def queued_numbers(workspace: Workspace, release: int) -> set[str]:
    rows = workspace.db.execute(
        "SELECT p.nhs_number, m.recipient FROM messages m JOIN patients p ON p.id = m.patient_id WHERE release_id = ?",
        [release],
    )
    return {value for row in rows for value in row}


def test_typed_values_are_read_as_nhs_numbers_or_mobiles_or_refused() -> None:
    assert exclusions.classify("943 476 5919") == ("nhs_number", "9434765919")
    assert exclusions.classify("07911 123456") == ("mobile", "+447911123456")
    for bad in ("9434765918", "0161 496 0000", "hello", ""):
        with pytest.raises(exclusions.ExclusionError, match="neither a valid NHS number"):
            exclusions.classify(bad)


def test_a_listed_nhs_number_or_mobile_is_left_out_of_costing_and_counting(
    workspace: Workspace, draft: Campaign
) -> None:
    before = campaigns.recipients(workspace, draft)
    first, second = before[0], before[1]
    assert exclusions.add(workspace, first[NHS_NUMBER], "deceased")
    assert exclusions.add(workspace, second["mobile"], "stop")
    assert not exclusions.add(workspace, first[NHS_NUMBER], "other")  # already there: keeps its reason
    chosen = campaigns.choose_recipients(workspace, draft)
    assert len(chosen.rows) == len(before) - 2
    assert chosen.left_out == {"Deceased": 1, "Replied STOP": 1}
    assert campaigns.recipient_count(workspace, draft) == len(chosen.rows)
    assert [e.reason for e in do_not_text.entries(workspace.db)] == ["stop", "deceased"]


def test_an_unknown_reason_is_refused(workspace: Workspace) -> None:
    with pytest.raises(exclusions.ExclusionError, match="Choose a reason"):
        exclusions.add(workspace, "07911 123456", "bored")


def test_a_number_listed_after_approval_is_not_texted_and_the_release_says_why(
    workspace: Workspace, draft: Campaign
) -> None:
    approved = approve_and_test(workspace, draft.id)
    target = first_recipients(workspace, approved, 1)[0]
    exclusions.add(workspace, target["mobile"], "moved")
    release = queue_block(workspace, approved.id, 1)
    assert target["mobile"] not in queued_numbers(workspace, release)
    assert len(queued_numbers(workspace, release)) == 20  # still a full block of 10: the next patient moves up
    left_out = workspace.db.execute("SELECT left_out FROM releases WHERE id = ?", [release]).fetchone()[0]
    assert json.loads(left_out) == {"Moved away": 1}


def test_patients_gone_from_a_refreshed_search_or_declined_in_it_are_left_out(
    workspace: Workspace, draft: Campaign, tmp_path: Path
) -> None:
    from desktop.services.cohort_import import import_file

    assert draft.cohort_id is not None
    everyone = message_values(workspace.db, draft.cohort_id, with_mobile=True)  # before any rule
    kept, declined = everyone[2:], everyone[1]
    ids = ",".join(r[PATIENT_ID] for r in [*kept, declined])
    rows = workspace.db.execute(
        f"SELECT nhs_number, first_name, surname, mobile FROM patients WHERE id IN ({ids}) ORDER BY source_row"
    ).fetchall()
    header = ["NHS Number", "Forename", "Surname", "Mobile", "SMS Consent"]
    body = [[n, f, s, "0" + m[3:], "N" if n == declined[NHS_NUMBER] else "Y"] for n, f, s, m in rows]
    refreshed = import_file(workspace, write_csv(tmp_path / "refreshed.csv", [header, *body]), name="Flu refreshed")
    campaign = replace(draft, options=replace(draft.options, refreshed_cohort_id=refreshed.cohort_id))
    chosen = campaigns.choose_recipients(workspace, campaign)
    assert len(chosen.rows) == len({row["mobile"] for row in kept})  # one text a mobile, as before
    assert chosen.left_out == {exclusions.NOT_IN_SEARCH: 1, exclusions.DECLINED_IN_SEARCH: 1}


def test_a_recent_text_of_the_same_purpose_from_another_campaign_leaves_a_patient_out_unless_kept(
    workspace: Workspace, draft: Campaign
) -> None:
    other = approve_and_test(workspace, ready_campaign(workspace, "Flu clinic Saturday").id)
    release = queue_block(workspace, other.id, 1)
    workspace.db.execute(
        "UPDATE messages SET status = 'delivered', sent_at = ? WHERE release_id = ?",
        [to_store(utc_now() - timedelta(days=3)), release],
    )
    chosen = campaigns.choose_recipients(workspace, draft)
    assert chosen.left_out == {exclusions.RECENTLY_SENT: 10}
    everyone = chosen.rows + campaigns.choose_recipients(workspace, _kept(draft)).rows
    assert exclusions.recently_sent_by_campaign(workspace, draft, everyone) == {"Flu clinic Saturday": 10}
    assert len(campaigns.choose_recipients(workspace, _kept(draft)).rows) == len(chosen.rows) + 10
    # A week later they are texted again.
    later = campaigns.choose_recipients(workspace, draft, utc_now() + timedelta(days=5))
    assert later.left_out == {}


def _kept(campaign: Campaign) -> Campaign:
    return replace(campaign, options=CampaignOptions(keep_recent_same_purpose=True))


def test_a_list_is_imported_from_a_spreadsheet_by_its_headings(workspace: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "stop.xlsx",
        {
            "Sheet1": [
                ["Do not text - exported 01/12/2026"],
                ["NHS Number", "Name", "Mobile"],
                ["943 476 5919", "A", ""],
                ["", "B", "07911 123456"],
                ["9434765870", "C", "07400 123456"],
                ["12345", "D", ""],  # not an NHS number: reported, not added
                ["943 476 5919", "E", ""],  # listed already
            ]
        },
    )
    result = exclusions.import_list(workspace, path, "declined")
    assert (result.added, result.already, result.not_understood) == (4, 1, [6])
    assert {(e.kind, e.value) for e in do_not_text.entries(workspace.db)} == {
        ("nhs_number", "9434765919"),
        ("mobile", "+447911123456"),
        ("nhs_number", "9434765870"),
        ("mobile", "+447400123456"),
    }


def test_a_file_without_the_headings_is_refused_and_nothing_is_added(workspace: Workspace, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [["Patient", "Phone number please"], ["A", "07911 123456"]])
    with pytest.raises(exclusions.ExclusionError, match="No column headed"):
        exclusions.import_list(workspace, path, "declined")
    assert do_not_text.entries(workspace.db) == []


def test_the_command_line_adds_imports_lists_and_removes(workspace: Workspace, tmp_path: Path) -> None:
    import io

    from desktop.cli import main

    db = str(workspace.path)
    workspace.close()
    out = io.StringIO()
    assert main(["--db", db, "exclusions", "add", "07911 123456", "--reason", "stop"], out) == 0
    assert main(["--db", db, "exclusions", "add", "not a number", "--reason", "stop"], out) == 2
    path = write_csv(tmp_path / "list.csv", [["NHS number"], ["943 476 5919"], ["123"]])
    assert main(["--db", db, "exclusions", "import", str(path), "--reason", "deceased"], out) == 1  # row 3 not added
    listed = io.StringIO()
    assert main(["--db", db, "exclusions", "list"], listed) == 0
    assert "07911 123456" in listed.getvalue() and "943 476 5919" in listed.getvalue()
    assert "Deceased" in listed.getvalue() and "Replied STOP" in listed.getvalue()
    assert main(["--db", db, "exclusions", "remove", "07911123456"], out) == 0
    assert main(["--db", db, "exclusions", "remove", "07911123456"], out) == 1
    assert "rows had no valid NHS number or mobile" in out.getvalue() and "(rows 3)" in out.getvalue()


def test_a_running_campaign_is_given_its_refreshed_search(workspace: Workspace, draft: Campaign) -> None:
    approved = approve_and_test(workspace, draft.id)
    assert approved.cohort_id is not None
    with pytest.raises(campaigns.CampaignError, match="the campaign's own cohort"):
        campaigns.use_refreshed_search(workspace, approved.id, approved.cohort_id)
    with pytest.raises(campaigns.CampaignError, match="no cohort 99"):
        campaigns.use_refreshed_search(workspace, approved.id, 99)
    with pytest.raises(campaigns.CampaignError, match="draft campaign cannot be given a refreshed search"):
        campaigns.use_refreshed_search(workspace, ready_campaign(workspace, "Other").id, approved.cohort_id)


def test_after_a_refreshed_search_a_release_texts_only_patients_still_in_it(
    workspace: Workspace, draft: Campaign, tmp_path: Path
) -> None:
    from desktop.services.cohort_import import import_file
    from tests.files import GOOD, HEADER

    approved = approve_and_test(workspace, draft.id)
    refreshed = import_file(workspace, write_csv(tmp_path / "refreshed.csv", [HEADER, *GOOD]), name="Refreshed")
    assert campaigns.use_refreshed_search(workspace, approved.id, refreshed.cohort_id).options.refreshed_cohort_id
    release = queue_block(workspace, approved.id, 1)
    assert queued_numbers(workspace, release) == set()  # nobody of the sample list is in the new search
    left_out = json.loads(workspace.db.execute("SELECT left_out FROM releases WHERE id = ?", [release]).fetchone()[0])
    assert set(left_out) == {exclusions.NOT_IN_SEARCH}
