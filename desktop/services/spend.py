"""What the practice's texts cost, day by day: Notify's own cost where it gave one, otherwise their
fragments at the price of the day they went, with VAT. Shared by the allocation, the reports and the
campaign outcome, so each says the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from desktop.core.clock import UK, to_store
from desktop.core.practice import PracticeSettings
from desktop.services.workspace import Workspace

# Texts the gateway bills: gone out, whatever happened to them after (a technical failure is not billed).
BILLED = ("sent", "delivered", "permanent-failure", "temporary-failure", "exported")


@dataclass(frozen=True)
class DaySpend:
    texts: int
    fragments: int
    pence: Decimal  # with VAT


def spend_by_day(
    workspace: Workspace,
    settings: PracticeSettings,
    start: date | None = None,
    end: date | None = None,
    campaign_id: int | None = None,
) -> dict[date, DaySpend]:
    """Texts billed from `start` until `end` (UK days; open ends for all), of one campaign or of every one."""
    # An exported text has no sending time until the practice confirms it went: it counts from its export.
    when = "coalesce(sent_at, status_at)"
    clauses: list[str] = [f"status IN ({', '.join('?' * len(BILLED))})"]
    params: list[object] = list(BILLED)
    for bound, operator in ((start, ">="), (end, "<")):
        if bound is not None:
            clauses.append(f"{when} {operator} ?")
            params.append(to_store(datetime.combine(bound, time(0), UK)))
    if campaign_id is not None:
        clauses.append("campaign_id = ?")
        params.append(campaign_id)
    rows = workspace.db.execute(
        f"SELECT {when}, count(*), total(fragments), total(CAST(cost AS REAL)), "
        f"total(CASE WHEN cost IS NULL THEN fragments END) FROM messages WHERE {' AND '.join(clauses)} "
        f"GROUP BY substr({when}, 1, 13)",  # by the hour in UTC: each group falls on one UK day
        params,
    ).fetchall()
    vat = 1 + settings.tariff.vat_rate
    found: dict[date, DaySpend] = {}
    for moment, texts, fragments, pounds, unpriced in rows:
        day = datetime.fromisoformat(moment).astimezone(UK).date()
        price = settings.tariff_on(day).pence_per_fragment
        pence = (Decimal(f"{pounds:.6f}") * 100 + Decimal(int(unpriced)) * price) * vat
        before = found.get(day, DaySpend(0, 0, Decimal(0)))
        found[day] = DaySpend(before.texts + texts, before.fragments + int(fragments), before.pence + pence)
    return found
