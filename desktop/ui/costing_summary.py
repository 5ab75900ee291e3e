"""A cohort costing in a few lines of rich text, as the Templates and Campaigns pages show it."""

from __future__ import annotations

from html import escape  # placeholder values are patients' data

from desktop.core.cost import Tariff, format_pounds
from desktop.core.costing import CohortCosting


def costing_lines(costing: CohortCosting, tariff: Tariff) -> list[str]:
    e = costing.estimate
    split = ", ".join(f"{n:,} × {size}" for size, n in e.by_fragments.items()) or "none"
    lines = [
        f"<b>{format_pounds(e.cost_after_vat)}</b> with VAT ({format_pounds(e.cost_before_vat)} + "
        f"{format_pounds(e.vat)} VAT) for <b>{e.messages:,}</b> messages",
        f"{e.fragments:,} fragments: {split}",
    ]
    if e.unicode_messages:
        lines.append(f"{e.unicode_messages:,} messages are Unicode (70 characters a fragment)")
    if e.crown_dependency_messages:
        lines.append(
            f"{e.crown_dependency_messages:,} messages go to Guernsey, Jersey or Isle of Man numbers, which GOV.UK "
            f"Notify bills at twice the rate: {e.extra_fragments:,} more fragments billed"
        )
    for marks, count in costing.question_marks.items():
        lines.append(f"{count:,} patients' details contain {escape(' '.join(marks))}, which GOV.UK Notify sends as “?”")
    if e.free_fragments:
        lines.append(f"{e.free_fragments:,} fragments covered by the free allowance")
    for name, count in costing.missing.items():
        lines.append(f"{count:,} patients have no value for (({escape(name)})) and would not be sent it")
    for impact in costing.impacts:
        lines.append(
            f"(({escape(impact.name)})) pushes {impact.messages:,} messages into {impact.extra_fragments:,} more "
            f"fragments (e.g. “{escape(impact.example)}”): {format_pounds(impact.saving(tariff))} saved if shorter"
        )
    return lines
