"""The plan command: a campaign's release plan, as approved or as it would be now."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_OK, open_workspace
from desktop.core.campaign import CampaignError
from desktop.core.cost import format_percent, format_pounds
from desktop.core.phone_hours import PhoneHours
from desktop.core.schedule import PlanError, ReleasePlan
from desktop.core.template import TemplateError
from desktop.services import campaigns
from desktop.services.practice import get_settings


def command_plan(args: argparse.Namespace, out: TextIO) -> int:
    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        campaign = campaigns.get(workspace, args.campaign)
        release = campaigns.approved_plan(campaign) if campaign.approved_plan else campaigns.plan(workspace, campaign)
        hours = get_settings(workspace).phone_hours
    except (CampaignError, PlanError, TemplateError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    if args.by_hour:
        return _by_hour(release, hours, args.json, out)
    if args.json:
        print(json.dumps(plan_json(campaign.id, campaign.status.value, release), indent=2), file=out)
        return EXIT_OK
    state = (
        f"approved by {campaign.approved_by}" if campaign.approved_plan else f"{campaign.status.value}, not approved"
    )
    print(f"Release plan for campaign {campaign.id} ({campaign.name}), {state}", file=out)
    inputs = release.inputs
    pace = (
        "paced by the phones' spare capacity hour by hour (Settings)"
        if inputs.by_hour
        else f"capacity {inputs.daily_capacity:,} extra calls a day"
    )
    print(
        f"Response rate {format_percent(inputs.response_rate)}, {pace}, sending {inputs.window.describe()}",
        file=out,
    )
    print(f"{'Block':>5}  {'Release':<22} {'Messages':>9} {'Calls':>7} {'Sent so far':>12} {'Cost':>10}", file=out)
    for b in release.blocks:
        print(
            f"{b.number:>5}  {b.release_at:%a %d %b %Y %H:%M}   {b.size:>9,} {b.expected_calls:>7.0f} "
            f"{b.cumulative:>12,} {format_pounds(b.cost):>10}",
            file=out,
        )
    print(f"Total: {release.total_messages:,} messages, {format_pounds(release.total_cost)} with VAT", file=out)
    for note in release.notes:
        print(f"Note: {note}", file=out)
    return EXIT_OK


def plan_json(campaign_id: int, status: str, release: ReleasePlan) -> dict[str, object]:
    return {
        "campaign_id": campaign_id,
        "status": status,
        "inputs": release.inputs.to_json(),
        "blocks": [
            {
                "number": b.number,
                "size": b.size,
                "release_at": b.release_at.isoformat(),
                "expected_calls": str(b.expected_calls),
                "cumulative": b.cumulative,
                "cost_pence": str(b.cost),
            }
            for b in release.blocks
        ],
        "notes": list(release.notes),
        "total_messages": release.total_messages,
        "total_cost_pence": str(release.total_cost),
    }


def _by_hour(release: ReleasePlan, hours: PhoneHours, as_json: bool, out: TextIO) -> int:
    """Expected calls in each open hour of the plan's days against the phones' spare capacity."""
    from desktop.core.phone_hours import calls_by_hour, hourly_load

    curve = release.inputs.curve
    calls = calls_by_hour(((b.release_at, b.size) for b in release.blocks), release.inputs.response_rate, curve, hours)
    load = hourly_load(calls, hours)
    if as_json:
        rows = [
            {"hour": e.hour.isoformat(), "expected_calls": str(round(e.expected, 2)), "capacity": e.capacity}
            for e in load
        ]
        print(json.dumps({"curve": curve.describe(), "hours": rows}, indent=2), file=out)
        return EXIT_OK
    print(f"Calls arrive {curve.describe()} (open hours only).", file=out)
    print(f"{'Hour':<22} {'Expected calls':>14} {'Capacity':>9}", file=out)
    for e in load:
        flag = "  over capacity" if e.over else ""
        print(f"{e.hour:%a %d %b %Y %H:%M}  {e.expected:>14.1f} {e.capacity:>9}{flag}", file=out)
    over = sum(e.over for e in load)
    print(f"{over} hour{'s' if over != 1 else ''} over capacity." if over else "No hour over capacity.", file=out)
    return EXIT_OK
