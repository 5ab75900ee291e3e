"""The campaign and template commands: every choice of the window's wizard and Releases page, for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, open_workspace, read_secret
from desktop.core.campaign import CampaignError, CampaignOptions
from desktop.core.clock import UK
from desktop.core.quickcheck import QUESTIONS, QuickCheck
from desktop.core.template import Purpose, TemplateError
from desktop.services.workspace import Workspace

_PURPOSES = [p.value for p in Purpose]
_ANSWERS = ", ".join(key for key, _, _ in QUESTIONS)


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = commands.add_parser("template", help="add a message template")
    template_actions = template.add_subparsers(dest="template_command", metavar="ACTION", required=True)
    add = template_actions.add_parser("add", help="add a template, checked as the editor checks it")
    add.add_argument("--name", required=True)
    add.add_argument("--purpose", required=True, choices=_PURPOSES)
    add.add_argument("--body", required=True, help="the message; the practice's reply wording is added to it")
    add.add_argument("--clinician", default="", help="the approving clinician (health information links)")

    campaign = commands.add_parser("campaign", help="create, approve, test, release and follow a campaign")
    actions = campaign.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="a draft campaign with every choice of the wizard")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--prepared-by", required=True, metavar="NAME", help="who prepares it: a different person approves it"
    )
    create.add_argument("--cohort", type=int, required=True, metavar="ID")
    create.add_argument("--template", type=int, required=True, metavar="ID", help="its latest version is used")
    create.add_argument("--every-patient", action="store_true", help="text every patient, not once per mobile")
    create.add_argument(
        "--exclude-recent-days", type=int, default=0, metavar="N", help="leave out numbers texted in the last N days"
    )
    create.add_argument(
        "--keep-recent-same-purpose",
        action="store_true",
        help="text patients another campaign of the same purpose texted in the last 7 days (left out otherwise)",
    )
    create.add_argument("--yes", action="append", default=[], metavar="QUESTION", help=f"quick check: {_ANSWERS}")
    create.add_argument("--no", action="append", default=[], metavar="QUESTION", help="a quick-check answer of no")
    create.add_argument("--objective", default="", help="the outcome objective (e.g. fewer DNAs)")
    create.add_argument("--baseline", default="", help="its baseline figure")
    create.add_argument("--start", metavar="YYYY-MM-DD", help="the earliest first release (default: tomorrow)")
    create.add_argument("--first-block", type=int, metavar="N")
    create.add_argument("--growth", metavar="X", help="each block this many times the last (e.g. 1.5)")
    create.add_argument("--max-block", type=int, metavar="N")
    create.add_argument("--interval-hours", type=float, metavar="H", help="between releases (default 24)")
    create.add_argument("--response-rate", metavar="R", help="share who phone (e.g. 0.05)")
    create.add_argument(
        "--capacity",
        type=int,
        metavar="N",
        help="pace by one figure a day: extra calls a day the practice can answer (default: the phones' hours)",
    )
    create.add_argument(
        "--days-before",
        type=int,
        metavar="N",
        help="appointment reminders: each goes N days before its appointment (default 2)",
    )
    for name, helped in (
        ("approve", "approve as a practice manager (--by NAME; the manager passphrase is asked for)"),
        ("show", "the campaign's details, plan and blocks"),
        ("pause", "pause: nothing more is sent until resumed"),
        ("resume", "resume a paused campaign"),
        ("cancel", "cancel: texts not yet sent never will be"),
        ("send-test", "the test message, to the staff mobile (or as a sample file with --folder)"),
        ("confirm-test", "the test message looked right (--by NAME): the first block may go"),
        ("send-now", "send a block now (the Releases page's Send now)"),
        ("export", "write a block for upload (--folder)"),
        ("confirm-export", "say whether an exported block was sent (--sent or --not-sent)"),
        ("record-calls", "the calls released blocks caused (--calls N [--block N ...]): the rest is re-planned"),
        ("use-refreshed-search", "a re-imported search (--cohort ID): patients no longer in it are not texted"),
    ):
        action = actions.add_parser(name, help=helped)
        action.add_argument("--campaign", type=int, required=True, metavar="ID")
        if name in ("approve", "confirm-test"):
            action.add_argument("--by", required=True, metavar="NAME")
        if name == "approve":
            action.add_argument(
                "--accept-overspend", action="store_true", help="approve although it goes over this year's allocation"
            )
        if name in ("send-now", "export", "confirm-export"):
            action.add_argument("--block", type=int, required=True, metavar="N")
        if name in ("send-test", "export"):
            action.add_argument("--folder", type=Path, required=name == "export", metavar="DIR")
        if name == "send-test":
            action.add_argument(
                "--patient", metavar="NHS_NUMBER", help="render it for this patient (default: the first)"
            )
        if name == "send-now":
            action.add_argument("--yes", action="store_true", required=True, help="confirm: texts cannot be recalled")
        if name == "confirm-export":
            sent = action.add_mutually_exclusive_group(required=True)
            sent.add_argument("--sent", action="store_true")
            sent.add_argument("--not-sent", action="store_true")
        if name == "record-calls":
            action.add_argument("--calls", type=int, required=True, metavar="N")
            action.add_argument(
                "--block",
                type=int,
                action="append",
                metavar="N",
                help="a block that went out (again for each; default: the earliest day's blocks without calls)",
            )
        if name == "use-refreshed-search":
            action.add_argument("--cohort", type=int, required=True, metavar="ID")
        if name == "show":
            action.add_argument("--json", action="store_true", help="print the result as JSON")


def command_template(args: argparse.Namespace, out: TextIO) -> int:
    from desktop.services.templates import TemplateDraft, save_template

    def add(workspace: Workspace) -> str:
        draft = TemplateDraft(args.name, Purpose(args.purpose), args.body, args.clinician)
        return f"Template {save_template(workspace, None, draft).id} added."

    return _run(args, out, add)


def command_campaign(args: argparse.Namespace, out: TextIO) -> int:
    action = args.campaign_command
    if action == "show":
        return _run(args, out, lambda ws: _show(ws, args))
    handlers = {
        "create": _create,
        "approve": lambda ws, a: _approve(ws, a),
        "pause": lambda ws, a: _move(ws, a, "pause", "paused"),
        "resume": lambda ws, a: _move(ws, a, "resume", "resumed"),
        "cancel": lambda ws, a: _move(ws, a, "cancel", "cancelled"),
        "send-test": _send_test,
        "confirm-test": _confirm_test,
        "send-now": _send_now,
        "export": _export,
        "confirm-export": _confirm_export,
        "record-calls": _record_calls,
        "use-refreshed-search": _refreshed,
    }
    return _run(args, out, lambda ws: handlers[action](ws, args))


class _Failed(Exception):
    """The action ran, but not everything went: exit status 1 with this message."""


def _run(args: argparse.Namespace, out: TextIO, action: Any) -> int:
    from desktop.core.practice import SettingsError
    from desktop.core.schedule import PlanError
    from desktop.services.notify_setup import NotifySetupError

    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        said = action(workspace)
    except _Failed as failed:
        print(str(failed), file=out)
        return EXIT_FAILED
    except (CampaignError, TemplateError, PlanError, SettingsError, NotifySetupError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:
        print(f"error: {error.strerror or error}: {getattr(error, 'filename', '') or ''}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    print(said, file=out)
    return EXIT_OK


def _create(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import campaigns
    from desktop.services.practice import get_settings
    from desktop.store import templates as template_store

    template = template_store.get_template(workspace.db, args.template)
    if template is None:
        raise CampaignError(f"There is no template {args.template}.")
    answers: dict[str, bool | None] = {key: None for key, _, _ in QUESTIONS}
    for key, value in [(k, True) for k in args.yes] + [(k, False) for k in args.no]:
        if key not in answers:
            raise CampaignError(f"No quick-check question {key!r}: the questions are {_ANSWERS}.")
        answers[key] = value
    inputs = campaigns.default_plan_inputs(get_settings(workspace), 0, Decimal(0), template.purpose)
    changes: dict[str, Any] = {}
    if args.days_before is not None:
        if inputs.reminder_days_before is None:
            raise CampaignError("--days-before is for appointment reminders: the template is for another purpose.")
        changes["reminder_days_before"] = args.days_before
    if args.start:
        changes["start"] = datetime.combine(datetime.fromisoformat(args.start).date(), datetime.min.time(), UK)
    for option, field in (("first_block", "first_block"), ("max_block", "max_block"), ("capacity", "daily_capacity")):
        if getattr(args, option) is not None:
            changes[field] = getattr(args, option)
    if args.capacity is not None:
        changes["by_hour"] = False
    try:
        for option, field in (("growth", "growth"), ("response_rate", "response_rate")):
            if getattr(args, option) is not None:
                changes[field] = Decimal(getattr(args, option))
    except InvalidOperation as error:
        raise CampaignError("--growth and --response-rate are numbers, such as 1.5 and 0.05.") from error
    if args.interval_hours is not None:
        changes["interval"] = timedelta(hours=args.interval_hours)
    draft = campaigns.create_campaign(workspace, args.name, template.purpose)
    saved = campaigns.save_draft(
        workspace,
        replace(
            draft,
            prepared_by=" ".join(args.prepared_by.split()),
            cohort_id=args.cohort,
            template_version_id=template.latest.id,
            options=CampaignOptions(
                # reminders: each appointment has its own, even on a shared phone
                once_per_mobile=not args.every_patient and template.purpose is not Purpose.APPOINTMENT_REMINDER,
                exclude_recent_days=args.exclude_recent_days,
                keep_recent_same_purpose=args.keep_recent_same_purpose,
            ),
            quick_check=QuickCheck(answers, args.objective, args.baseline),
            plan_inputs=replace(inputs, **changes),
        ),
    )
    concerns = saved.quick_check.concerns()
    lines = [f"Campaign {saved.id} created as a draft: {campaigns.recipient_count(workspace, saved):,} patients."]
    lines += [f"Consider changes: {concern}" for concern in concerns]
    return "\n".join(lines)


def _approve(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import campaigns
    from desktop.services.approval_rules import passphrase_is_set

    passphrase = read_secret("Manager passphrase: ") if passphrase_is_set(workspace) else None
    approved = campaigns.approve(
        workspace, args.campaign, args.by, accept_overspend=args.accept_overspend, passphrase=passphrase
    )
    blocks = approved.approved_plan["blocks"] if approved.approved_plan else []
    return (
        f"Campaign {approved.id} approved by {approved.approved_by}: {len(blocks)} blocks. Send a test message "
        "(campaign send-test) and confirm it (campaign confirm-test) before the first block goes."
    )


def _move(workspace: Workspace, args: argparse.Namespace, verb: str, done: str) -> str:
    from desktop.services import campaigns

    moved = getattr(campaigns, verb)(workspace, args.campaign)
    return f"Campaign {moved.id} {done}."


def _send_test(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import campaigns, first_release_test

    campaign = campaigns.get(workspace, args.campaign)
    patient = _patient_id(workspace, campaign, args.patient) if args.patient else None
    if args.folder is not None:
        path = first_release_test.write_test_sample(workspace, campaign.id, args.folder, patient)
        return f"Sample test message written to {path}. Check it, then: campaign confirm-test --by NAME"
    from desktop.gateways.notify import NotifyError
    from desktop.services.notify_setup import notify_client

    try:
        with notify_client(workspace) as (client, template_id):
            first_release_test.send_test(workspace, campaign.id, client, template_id, patient)
    except NotifyError as error:
        raise CampaignError(f"The test message was not sent: {error}") from error
    return "Test message sent to the staff mobile. Check it, then: campaign confirm-test --by NAME"


def _patient_id(workspace: Workspace, campaign: Any, nhs: str) -> int:
    from desktop.core import nhs_number
    from desktop.services import first_release_test

    wanted = nhs_number.format_nhs_number(nhs_number.normalise(nhs))
    found = next((c for c in first_release_test.choices(workspace, campaign, 1_000_000) if wanted in c.label), None)
    if found is None:
        raise CampaignError("That NHS number is not a patient the campaign would text.")
    return found.patient_id


def _confirm_test(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import first_release_test

    confirmed = first_release_test.confirm_test(workspace, args.campaign, args.by)
    return f"Test message checked by {confirmed.test_confirmed_by}: the first block may go."


def _send_now(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import release_board
    from desktop.services.notify_setup import notify_client

    with notify_client(workspace) as (client, template_id):
        report = release_board.send_now(workspace, args.campaign, args.block, client, template_id)
    said = (
        f"Block {args.block}: {report.sent:,} texts sent, {report.refused:,} refused, "
        f"{report.unsettled:,} not yet known."
    )
    if report.stopped:
        said += f" Stopped: {report.stopped}"
    if report.stopped or report.refused or report.unsettled:
        raise _Failed(said)
    return said


def _export(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services.export import export_block

    result = export_block(workspace, args.campaign, args.block, args.folder)
    files = "\n".join(f"  {path}" for path in result.files)
    return f"Block {args.block}: {result.texts:,} texts exported. Confirm once they are sent:\n{files}"


def _confirm_export(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services.export import confirm_export

    count = confirm_export(workspace, args.campaign, args.block, sent=args.sent)
    if args.sent:
        return f"Block {args.block}: {count:,} texts recorded as sent."
    return f"Block {args.block} was not sent: it waits to be released again."


def _record_calls(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import responses

    blocks = args.block or [b.block for b in responses.blocks_awaiting_calls(workspace, args.campaign)]
    if not blocks:
        raise CampaignError("No block of this campaign has gone out without its calls recorded.")
    return responses.record_responses(workspace, args.campaign, blocks, args.calls).describe()


def _refreshed(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import campaigns

    campaigns.use_refreshed_search(workspace, args.campaign, args.cohort)
    return f"From the next block, only patients still in cohort {args.cohort} are texted."


def _show(workspace: Workspace, args: argparse.Namespace) -> str:
    from desktop.services import campaigns, release_board

    campaign = campaigns.get(workspace, args.campaign)
    views = [v for v in release_board.board(workspace) if v.campaign_id == campaign.id]
    details: dict[str, Any] = {
        "id": campaign.id,
        "name": campaign.name,
        "purpose": campaign.purpose.value,
        "status": campaign.status.value,
        "cohort_id": campaign.cohort_id,
        "template_version_id": campaign.template_version_id,
        "options": campaign.options.to_json(),
        "quick_check": campaign.quick_check.to_json(),
        "prepared_by": campaign.prepared_by or None,
        "prepared_on_account": campaign.created_by,
        "approved_by": campaign.approved_by or None,
        "approved_at": campaign.approved_at.isoformat() if campaign.approved_at else None,
        "test_confirmed_by": campaign.test_confirmed_by or None,
        "estimate": campaign.approved_estimate,
        "blocks": [
            {
                "block": v.sequence,
                "due": v.planned_at.isoformat(),
                "size": v.size,
                "state": v.state,
                "texts": v.counts,
                "estimated_cost_pence": str(v.estimated_cost),
                "real_cost_pence": None if v.real_cost is None else str(v.real_cost),
                "left_out": v.left_out,
            }
            for v in views
        ],
    }
    if args.json:
        return json.dumps(details, indent=2, ensure_ascii=False)
    lines = [
        f"Campaign {campaign.id}: {campaign.name} ({campaign.purpose.label}), {campaign.status.value}",
        f"Prepared by {campaign.prepared_by or 'a person not named'} on the account {campaign.created_by}",
        f"Approved by {campaign.approved_by}" if campaign.approved_by else "Not approved",
        f"Test message checked by {campaign.test_confirmed_by}"
        if campaign.test_confirmed_by
        else "Test message not yet checked",
    ]
    for concern in campaign.quick_check.concerns():
        lines.append(f"Quick check: {concern}")
    for v in views:
        counts = ", ".join(f"{n:,} {status}" for status, n in sorted(v.counts.items())) or "nothing sent"
        when = v.planned_at.astimezone(UK).strftime("%a %d/%m/%Y %H:%M")
        lines.append(f"Block {v.sequence}: {v.size:,} texts, due {when}: {v.state} ({counts})")
    return "\n".join(lines)
