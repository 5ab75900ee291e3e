"""The estimate command: a template's cost over a cohort, the same figures as the Templates page."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_OK, open_workspace
from desktop.core.cost import format_pounds
from desktop.core.template import Purpose, TemplateError
from desktop.services import cohorts, templates
from desktop.services.allocation import allocation_use
from desktop.services.practice import get_settings
from desktop.services.workspace import Workspace


def command_estimate(args: argparse.Namespace, out: TextIO) -> int:
    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        return _estimate(workspace, args, out)
    finally:
        workspace.close()


def _estimate(workspace: Workspace, args: argparse.Namespace, out: TextIO) -> int:
    cohort = cohorts.cohort(workspace, args.cohort)
    if cohort is None:
        print(f"error: there is no cohort {args.cohort}.", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.template is not None:
        found = templates.template(workspace, args.template)
        if found is None:
            print(f"error: there is no template {args.template}.", file=sys.stderr)
            return EXIT_BAD_INPUT
        body, purpose, label = found.latest.body, found.purpose, f"{found.name} (version {found.latest.version})"
    else:
        body, purpose, label = args.text, Purpose(args.purpose), "the text given"
    try:
        costing = templates.cost_for_cohort(workspace, cohort.id, body, purpose)
    except TemplateError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    settings = get_settings(workspace)
    tariff = settings.current_tariff
    e = costing.estimate
    use = allocation_use(workspace, settings, e, campaign_id=0)
    result = {
        "cohort_id": cohort.id,
        "messages": e.messages,
        "fragments": e.fragments,
        "by_fragments": {str(k): v for k, v in e.by_fragments.items()},
        "unicode_messages": e.unicode_messages,
        "too_long_messages": e.too_long_messages,
        "free_fragments": e.free_fragments,
        "billable_fragments": e.billable_fragments,
        "cost_before_vat_pence": str(e.cost_before_vat),
        "vat_pence": str(e.vat),
        "cost_after_vat_pence": str(e.cost_after_vat),
        "missing_values": costing.missing,
        "pushed_over_by": [
            {
                "placeholder": i.name,
                "messages": i.messages,
                "extra_fragments": i.extra_fragments,
                "saving_pence": str(i.saving(tariff)),
            }
            for i in costing.impacts
        ],
        "allocation": None
        if use is None
        else {
            "unit": use.allocation.kind.value,
            "year_start": use.year[0].isoformat(),
            "total": str(use.allocation.total),
            "left": str(use.left),
            "this": str(use.campaign),
            "over_by": str(use.overspend),
        },
    }
    if args.json:
        print(json.dumps(result, indent=2), file=out)
        return EXIT_OK
    print(f"Cost of {label} for cohort {cohort.id} ({cohort.name})", file=out)
    print(f"Messages:        {e.messages:,}", file=out)
    split = ", ".join(f"{n:,} x {size}" for size, n in e.by_fragments.items())
    print(f"Fragments:       {e.fragments:,} ({split})", file=out)
    print(f"Unicode:         {e.unicode_messages:,} messages", file=out)
    if e.free_fragments:
        print(f"Free allowance:  {e.free_fragments:,} fragments", file=out)
    print(
        f"Cost:            {format_pounds(e.cost_before_vat)} + VAT {format_pounds(e.vat)} = "
        f"{format_pounds(e.cost_after_vat)}",
        file=out,
    )
    if settings.monthly_budget:
        print(f"Monthly budget:  {format_pounds(settings.monthly_budget)}", file=out)
    if use is not None:
        print(f"Allocation:      {use.describe()}", file=out)
    for name, count in costing.missing.items():
        print(f"Not costed:      {count:,} patients have no value for (({name}))", file=out)
    for impact in costing.impacts:
        print(
            f"Longer texts:    (({impact.name})) pushes {impact.messages:,} messages into "
            f"{impact.extra_fragments:,} more fragments; typical values would save "
            f"{format_pounds(impact.saving(tariff))}",
            file=out,
        )
    return EXIT_OK
