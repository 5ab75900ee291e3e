"""UK bank holidays by the practice's region, from the holidays library."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import lru_cache

import holidays


class Region(StrEnum):
    """The bank-holiday regions of the UK (England and Wales share theirs)."""

    ENGLAND_AND_WALES = "england-and-wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def subdivision(self) -> str:
        return _SUBDIVISIONS[self]


_LABELS = {
    Region.ENGLAND_AND_WALES: "England and Wales",
    Region.SCOTLAND: "Scotland",
    Region.NORTHERN_IRELAND: "Northern Ireland",
}
_SUBDIVISIONS = {
    Region.ENGLAND_AND_WALES: "ENG",
    Region.SCOTLAND: "SCT",
    Region.NORTHERN_IRELAND: "NIR",
}


def bank_holidays(region: Region, years: range | list[int]) -> dict[date, str]:
    """Every bank holiday of the region in those years, by date."""
    found: dict[date, str] = {}
    for year in years:
        found.update(_year(region, year))
    return dict(sorted(found.items()))


@lru_cache(maxsize=64)
def _year(region: Region, year: int) -> dict[date, str]:
    """One year's holidays, worked out once: the first call loads the holidays package (a slow import)."""
    return dict(holidays.country_holidays("GB", subdiv=region.subdivision, years=year).items())


def next_bank_holidays(region: Region, after: date, count: int = 3) -> list[tuple[date, str]]:
    """The next few bank holidays on or after a date."""
    found = bank_holidays(region, range(after.year, after.year + 2))
    upcoming = [(day, name) for day, name in found.items() if day >= after]
    return upcoming[:count]
