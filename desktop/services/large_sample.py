"""The larger sample list: about 10,000 made-up adults, as a clinical system's search would export them, so a
new user sees a staged plan grow from a small first block. Made the same way every time (a fixed seed), and
imported through the real importer like any list.

The NHS numbers start 999 (the range set aside for testing, never issued); the mobiles are made up and may
belong to real people, which is why sample patients are never sent through a real gateway.
"""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from desktop.core.nhs_number import check_digit
from desktop.services.cohort_import import load_table, save_cohort, validate_table
from desktop.services.workspace import Workspace

LARGE_SAMPLE_NAME = "Adults 18+ (sample)"
LARGE_SAMPLE_ROWS = 10_000
_SEED = 2026

_FORENAMES = (
    "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Sophia", "Florence", "Evie",
    "Rosie", "Willow", "Siân", "Aoife", "Niamh", "Zainab", "Priya", "Fatima", "Margaret", "Susan", "Patricia",
    "Linda", "Barbara", "Elizabeth", "Jennifer", "Maria", "Oliver", "George", "Noah", "Arthur", "Leo", "Muhammad",
    "Harry", "Oscar", "Jack", "Charlie", "Jacob", "Thomas", "Rhys", "Dylan", "Callum", "Ciarán", "Mohammed",
    "Ravi", "David", "John", "Michael", "Peter", "Robert", "Graham", "Kwame", "Chen", "Tomasz", "Olu",
)  # fmt: skip
_SURNAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
    "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
    "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark",
    "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
    "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Khan", "Ahmed", "Ali", "Hussain", "Begum", "Kaur", "Singh",
    "Nowak", "Kowalski", "O'Brien", "Okonkwo", "Mensah", "Nguyen", "Wang", "Ó Súilleabháin",
)  # fmt: skip
_GPS = ("Dr Ahmed", "Dr Lewis", "Dr Okafor", "Dr Hughes", "Dr Shah")


def install_large_sample(workspace: Workspace, rows: int = LARGE_SAMPLE_ROWS, folder: Path | None = None) -> int:
    """Import the larger sample list as a sample cohort; returns its id. `folder` holds the written list."""
    with tempfile.TemporaryDirectory() as scratch:
        path = write_large_sample(Path(folder or scratch) / "adults-online-consultation.csv", rows)
        table = load_table(path)
        return save_cohort(workspace, table, validate_table(table), LARGE_SAMPLE_NAME, is_sample=True)


def write_large_sample(path: Path, rows: int = LARGE_SAMPLE_ROWS, today: date | None = None) -> Path:
    """The list as the clinical system writes it: title rows, then the table (a few rows are not usable)."""
    chance = random.Random(_SEED)
    run_on = today or date(2026, 12, 1)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Search: Registered adults 18+ with a mobile"])
        out.writerow([f"Run on {run_on:%d-%b-%Y} by Reception"])
        out.writerow([])
        out.writerow(
            ["NHS Number", "Forename", "Surname", "Date of Birth", "Mobile Telephone", "SMS Consent", "Usual GP"]
        )
        for _ in range(rows):
            out.writerow(
                [
                    _nhs_number(chance),
                    chance.choice(_FORENAMES),
                    chance.choice(_SURNAMES),
                    f"{run_on - timedelta(days=chance.randint(18 * 366, 95 * 365)):%d/%m/%Y}",
                    _mobile(chance),
                    chance.choices(("Y", "N", ""), weights=(95, 3, 2))[0],
                    chance.choice(_GPS),
                ]
            )
    return path


def _nhs_number(chance: random.Random) -> str:
    """A 999 number (never issued) with a valid check digit: some are repeated, as real lists repeat rows."""
    while True:
        first_nine = f"999{chance.randint(0, 999_999):06d}"
        check = check_digit(first_nine)
        if check is not None:  # no valid number starts with these nine: draw again
            return f"{first_nine}{check}"


def _mobile(chance: random.Random) -> str:
    """Mostly UK mobiles written as people write them; now and then a landline, which the importer refuses."""
    if chance.random() < 0.01:
        return f"0113 {chance.randint(200, 499)} {chance.randint(0, 9999):04d}"
    number = f"07{chance.choice('4789')}{chance.randint(0, 99_999_999):08d}"[:11]
    return chance.choice((number, f"{number[:5]} {number[5:]}", f"+44 {number[1:5]} {number[5:]}"))
