from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.core.campaign import CampaignError, CampaignOptions, CampaignStatus
from desktop.core.passphrase import PassphraseError
from desktop.core.phone_hours import PhoneHours
from desktop.core.quickcheck import QuickCheck
from desktop.services import approval_rules, campaigns, release_board, responses
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.campaigns import batches
from tests.campaign_helpers import approve_and_test, ready_campaign, release_by_export


@pytest.fixture
def ready(workspace: Workspace) -> campaigns.Campaign:
    install_sample_data(workspace)
    return ready_campaign(workspace)


def test_recipients_follow_the_options(workspace: Workspace, ready: campaigns.Campaign) -> None:
    once = campaigns.recipients(workspace, ready)
    every = campaigns.recipients(workspace, replace(ready, options=CampaignOptions(once_per_mobile=False)))
    assert len(every) == 64 and len(once) == 61  # the sample has 3 mobiles shared by two patients
    assert len({r["mobile"] for r in once}) == len(once)


def test_cost_and_plan_before_approval(workspace: Workspace, ready: campaigns.Campaign) -> None:
    costing = campaigns.cost(workspace, ready)
    assert costing.estimate.messages == 61
    plan = campaigns.plan(workspace, ready, costing)
    assert [b.size for b in plan.blocks] == [10, 20, 31]
    assert plan.total_messages == 61
    assert plan.total_cost == pytest.approx(costing.estimate.cost_after_vat, abs=Decimal("0.01"))


def test_approval_records_who_and_exactly_what(workspace: Workspace, ready: campaigns.Campaign) -> None:
    approved = campaigns.approve(workspace, ready.id, " Sam Patel ")
    assert approved.status is CampaignStatus.APPROVED
    assert approved.approved_by == "Sam Patel" and approved.approved_at is not None
    assert approved.approved_estimate["messages"] == 61
    assert [b["size"] for b in approved.approved_plan["blocks"]] == [10, 20, 31]
    assert [(b["sequence"], b["size"], b["status"]) for b in batches(workspace.db, ready.id)] == [
        (1, 10, "planned"),
        (2, 20, "planned"),
        (3, 31, "planned"),
    ]
    entry = audit.recent(workspace.db, 1)[0]
    assert entry.action == "campaign.approved" and entry.detail["template_version_id"] == ready.template_version_id


def test_approval_needs_the_quick_check_and_a_name(workspace: Workspace, ready: campaigns.Campaign) -> None:
    with pytest.raises(CampaignError, match="practice manager"):
        campaigns.approve(workspace, ready.id, " ")
    campaigns.save_draft(workspace, replace(ready, quick_check=QuickCheck()))
    with pytest.raises(CampaignError, match="quick-check"):
        campaigns.approve(workspace, ready.id, "Sam Patel")


def test_approval_is_by_a_second_person_with_the_manager_passphrase(
    workspace: Workspace, ready: campaigns.Campaign
) -> None:
    with pytest.raises(CampaignError, match="JO reception prepared this campaign: a different person"):
        campaigns.approve(workspace, ready.id, " JO  reception")
    approval_rules.set_passphrase(workspace, "correct horse battery")
    for wrong in (None, "", "correct horse batter"):
        with pytest.raises(CampaignError, match="passphrase is not right"):
            campaigns.approve(workspace, ready.id, "Sam Patel", passphrase=wrong)
    assert campaigns.get(workspace, ready.id).status is CampaignStatus.DRAFT
    approved = campaigns.approve(workspace, ready.id, "Sam Patel", passphrase="correct horse battery")
    assert (approved.prepared_by, approved.approved_by) == ("Jo Reception", "Sam Patel")
    entry = audit.recent(workspace.db, 1)[0]
    assert (entry.actor, entry.detail["approved_by"], entry.detail["prepared_by"]) == (
        "test.user",
        "Sam Patel",
        "Jo Reception",
    )
    assert entry.detail["prepared_on_account"] == "test.user"
    assert "approved by Sam Patel, prepared by Jo Reception on the account test.user (test.user)" in "\n".join(
        release_board.activity(workspace)
    )


def test_the_passphrase_is_changed_only_with_the_current_one(workspace: Workspace) -> None:
    assert not approval_rules.passphrase_is_set(workspace)
    approval_rules.set_passphrase(workspace, "first passphrase")
    with pytest.raises(PassphraseError, match="not the current"):
        approval_rules.set_passphrase(workspace, "second passphrase", "wrong one")
    approval_rules.set_passphrase(workspace, "second passphrase", "first passphrase")
    assert [e.action for e in audit.recent(workspace.db, 2)] == [
        "approval.passphrase_changed",
        "approval.passphrase_set",
    ]
    row = workspace.db.execute("SELECT value FROM settings WHERE key = 'approval'").fetchone()[0]
    assert "passphrase" not in row and json.loads(row)["scheme"] == "scrypt"


def test_an_approved_campaign_cannot_be_edited_only_paused_resumed_or_cancelled(
    workspace: Workspace, ready: campaigns.Campaign
) -> None:
    approved = campaigns.approve(workspace, ready.id, "Sam Patel")
    with pytest.raises(CampaignError, match="cannot be edited"):
        campaigns.save_draft(workspace, replace(approved, name="Changed"))
    assert campaigns.pause(workspace, ready.id).status is CampaignStatus.PAUSED
    with pytest.raises(CampaignError, match="paused campaign cannot be paused"):
        campaigns.pause(workspace, ready.id)
    assert campaigns.resume(workspace, ready.id).status is CampaignStatus.APPROVED
    assert campaigns.cancel(workspace, ready.id).status is CampaignStatus.CANCELLED
    assert {b["status"] for b in batches(workspace.db, ready.id)} == {"cancelled"}
    actions = [e.action for e in audit.recent(workspace.db, 3)]
    assert actions == ["campaign.cancelled", "campaign.resumed", "campaign.paused"]


def test_budget_and_allowance_warnings(workspace: Workspace, ready: campaigns.Campaign) -> None:
    estimate = campaigns.cost(workspace, ready).estimate
    settings = get_settings(workspace)
    assert campaigns.budget_warnings(settings, estimate) == []
    tight = replace(
        settings,
        monthly_budget=Decimal(100),
        tariff=replace(settings.tariff, annual_free_allowance=100, allowance_used=90),
    )
    update_settings(workspace, tight)
    warnings = campaigns.budget_warnings(get_settings(workspace), campaigns.cost(workspace, ready).estimate)
    assert any("more than the monthly budget of £1.00" in w for w in warnings)
    assert any("only 10 of the free allowance are left" in w for w in warnings)


def test_plan_command(workspace: Workspace, ready: campaigns.Campaign, tmp_path: Path) -> None:
    out = io.StringIO()
    assert cli_main(["--db", str(workspace.path), "plan", "--campaign", str(ready.id), "--json"], stdout=out) == 0
    result = json.loads(out.getvalue())
    assert [b["size"] for b in result["blocks"]] == [10, 20, 31] and result["status"] == "draft"
    campaigns.approve(workspace, ready.id, "Sam Patel")
    out = io.StringIO()
    assert cli_main(["--db", str(workspace.path), "plan", "--campaign", str(ready.id)], stdout=out) == 0
    text = out.getvalue()
    assert "approved by Sam Patel" in text and "Tue 01 Dec 2026 09:00" in text and "Total: 61 messages" in text
    assert cli_main(["--db", str(workspace.path), "plan", "--campaign", "99"]) == 2


def test_the_plan_by_the_hour_shows_each_open_hours_calls_against_its_capacity(
    workspace: Workspace, ready: campaigns.Campaign
) -> None:
    out = io.StringIO()
    db = str(workspace.path)
    assert cli_main(["--db", db, "plan", "--campaign", str(ready.id), "--by-hour", "--json"], stdout=out) == 0
    hours = json.loads(out.getvalue())["hours"]
    first = next(h for h in hours if h["hour"].startswith("2026-12-01T09:00"))
    assert (first["expected_calls"], first["capacity"]) == ("0.18", 2)  # 10 texts x 5% x 35% in their first hour
    assert round(sum(Decimal(h["expected_calls"]) for h in hours)) == 3  # 61 texts x 5%
    out = io.StringIO()
    assert cli_main(["--db", db, "plan", "--campaign", str(ready.id), "--by-hour"], stdout=out) == 0
    text = out.getvalue()
    assert text.startswith("Calls arrive 35% in the first hour") and "Tue 01 Dec 2026 09:00" in text
    assert text.rstrip().endswith("No hour over capacity.")


@pytest.mark.parametrize(("once", "days"), [(True, 0), (False, 0), (True, 30), (False, 30)])
def test_the_quick_recipient_count_matches_the_recipients(
    workspace: Workspace, ready: campaigns.Campaign, once: bool, days: int
) -> None:
    from desktop.core.clock import utc_now
    from desktop.store import messages

    patient = workspace.db.execute(
        "SELECT id, mobile FROM patients WHERE status = 'valid' AND cohort_id = ? LIMIT 1", [ready.cohort_id]
    ).fetchone()
    # One number was texted just now by an earlier release of this campaign.
    release = messages.new_release(workspace.db, ready.id, None, utc_now(), utc_now())
    messages.queue(workspace.db, release, ready.id, [messages.QueuedText(patient[0], patient[1], "x", 1)])
    text = messages.next_queued(workspace.db, release)[0]
    messages.mark_sending_all(workspace.db, [text.id], utc_now())
    messages.mark_sent(workspace.db, text.id, "notify-id", "sent", utc_now())
    campaign = replace(ready, options=CampaignOptions(once_per_mobile=once, exclude_recent_days=days))
    listed = campaigns.recipients(workspace, campaign)
    assert campaigns.recipient_count(workspace, campaign) == len(listed)
    assert (patient[1] in {r["mobile"] for r in listed}) is (days == 0)


def test_a_template_naming_an_unset_practice_detail_points_to_settings(
    workspace: Workspace, ready: campaigns.Campaign
) -> None:
    from desktop.store.settings import save_settings

    save_settings(workspace.db, replace(get_settings(workspace), practice_phone=""))  # as a fresh install
    with pytest.raises(CampaignError, match=r"\(\(practice_phone\)\), which is not set yet: add it in Settings"):
        campaigns.approve(workspace, ready.id, "Sam Patel")


def test_a_template_with_a_character_notify_cannot_send_blocks_approval(
    workspace: Workspace, ready: campaigns.Campaign
) -> None:
    from desktop.core.counting import Gateway
    from desktop.services.templates import TemplateDraft, save_template

    settings = get_settings(workspace)
    update_settings(workspace, replace(settings, gateway=Gateway.STANDARD))  # saved when exporting...
    saved = save_template(
        workspace, None, TemplateDraft("Flu 💉", ready.purpose, "Dear ((first_name)), your flu jab 💉 is due.")
    )
    update_settings(workspace, settings)  # ...then sent through Notify
    draft = campaigns.save_draft(workspace, replace(ready, template_version_id=saved.latest.id))
    with pytest.raises(CampaignError, match=r"GOV\.UK Notify cannot send 💉"):
        campaigns.approve(workspace, draft.id, "Sam Patel")
    assert campaigns.get(workspace, draft.id).status is CampaignStatus.DRAFT


def test_a_block_released_after_a_price_change_is_costed_at_the_new_price(
    workspace: Workspace, ready: campaigns.Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date, datetime

    from desktop.core import counting
    from desktop.core.clock import UK

    today = datetime.now(UK).date()
    change = date(today.year + 1, 4, 1)
    monkeypatch.setattr(counting, "NOTIFY_PRICES", (*counting.NOTIFY_PRICES, (change, Decimal("4.8"))))
    start = datetime(change.year, 3, 30, tzinfo=UK)  # blocks on 30 and 31 March, then from 1 April
    assert ready.plan_inputs is not None
    plan = campaigns.plan(workspace, replace(ready, plan_inputs=replace(ready.plan_inputs, start=start)))
    per_message = {b.release_at.date(): b.cost / b.size for b in plan.blocks}
    before = [cost for day, cost in per_message.items() if day < change]
    after = [cost for day, cost in per_message.items() if day >= change]
    assert before and after
    assert all(a == 2 * b for a in after for b in before)  # 4.8p against 2.4p a fragment


def test_a_campaign_paced_by_the_hour_follows_the_phones_in_settings(
    workspace: Workspace, ready: campaigns.Campaign
) -> None:
    assert ready.plan_inputs is not None
    # Tuesday and Thursday afternoons only, one spare call an hour, the first Thursday closed for training.
    thursdays_training = PhoneHours(
        {1: {13: 1, 14: 1, 15: 1}, 3: {13: 1, 14: 1, 15: 1}}, frozenset({date(2026, 12, 3)})
    )
    update_settings(workspace, replace(get_settings(workspace), phone_hours=thursdays_training))
    hourly = campaigns.save_draft(workspace, replace(ready, plan_inputs=replace(ready.plan_inputs, by_hour=True)))
    plan = campaigns.plan(workspace, hourly)
    assert plan.total_messages == 61
    assert {(b.release_at.weekday(), b.release_at.hour) for b in plan.blocks} <= {
        (1, 13),
        (1, 14),
        (1, 15),
        (3, 13),
        (3, 14),
        (3, 15),
    }
    assert date(2026, 12, 3) not in {b.release_at.date() for b in plan.blocks}
    approved = approve_and_test(workspace, ready.id)
    assert [(r["sequence"], r["size"]) for r in batches(workspace.db, ready.id)] == [
        (b.number, b.size) for b in plan.blocks
    ]
    assert approved.plan_inputs is not None and approved.plan_inputs.by_hour

    first = plan.blocks[0]
    release_by_export(workspace, ready.id, 1)
    again = responses.record_responses(workspace, ready.id, [1], calls=first.size // 2).plan  # half phoned
    assert again is not None and again.inputs.by_hour and again.inputs.response_rate > Decimal("0.4")
    assert again.blocks[0].number == 2 and sum(b.size for b in again.blocks) == 61 - first.size
    assert again.blocks[-1].release_at > plan.blocks[-1].release_at  # far slower at that rate
