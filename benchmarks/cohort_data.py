"""Realistic patient-list exports for benchmarks and the shipped sample: title rows, bad rows, a footer.

NHS numbers are in the 999 test range; mobiles are in allocated UK ranges (the phonenumbers
library rejects Ofcom's 07700 900xxx drama range).
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.core.nhs_number import check_digit

HEADERS = [
    "NHS Number",
    "Title",
    "Forename",
    "Surname",
    "Date of Birth",
    "Mobile Telephone",
    "SMS Consent",
    "Usual GP",
    "Appointment Time",
]
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mx"]
FIRST = [
    "Margaret",
    "John",
    "Siân",
    "Dafydd",
    "Zoë",
    "Mohammed",
    "Aisha",
    "Peter",
    "Oluwaseun",
    "Chloé",
    "Susan",
    "David",
    "Priya",
    "Tomás",
    "Bethan",
    "Ann",
    "Jo",
    "Christopher",
    "Eilidh",
    "Wei",
    "Barbara",
    "Graham",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "O'Brien",
    "Nowak",
    "Patel",
    "Khan",
    "Evans",
    "MacDonald",
    "Okonkwo",
    "Fitzgerald-Hughes",
    "Brown",
    "Davies",
    "Ng",
    "Wilson",
    "Taylor",
    "Singh",
    "Roberts",
    "Hughes",
    "Wright",
]
GPS = ["Dr Ahmed", "Dr Clarke", "Dr Lewis", "Dr Okafor"]
MOBILE_PREFIXES = ["074", "075", "077", "078", "079"]


def nhs_numbers(rng: random.Random, count: int) -> list[str]:
    """Distinct valid numbers in the 999 test range (random ones would collide like birthdays)."""
    found: list[str] = []
    for serial in rng.sample(range(1_000_000), min(count * 2, 1_000_000)):
        nine = f"999{serial:06d}"
        digit = check_digit(nine)
        if digit is not None:
            found.append(nine + str(digit))
            if len(found) == count:
                break
    return found


def mobile(rng: random.Random) -> str:
    from desktop.core.phone import InvalidMobile, normalise_mobile

    while True:
        number = rng.choice(MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
        try:
            normalise_mobile(number)
        except InvalidMobile:
            continue
        return number


def patient_rows(count: int, seed: int = 7, bad_share: float = 0.03) -> list[list[object]]:
    """Rows in the shapes real exports have, with a few per cent of the problems real lists have."""
    rng = random.Random(seed)
    rows: list[list[object]] = []
    family: str | None = None
    numbers = nhs_numbers(rng, count)
    for index in range(count):
        number = mobile(rng)
        if family and rng.random() < 0.05:
            number = family  # a family sharing one mobile
        family = number
        shape = rng.random()
        shown = (
            number
            if shape < 0.6
            else f"{number[:5]} {number[5:]}"
            if shape < 0.85
            else f"+44 {number[1:5]} {number[5:]}"
        )
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
        row: list[object] = [
            numbers[index],
            rng.choice(TITLES),
            rng.choice(FIRST),
            rng.choice(SURNAMES),
            born.strftime("%d/%m/%Y"),
            shown,
            "Y" if rng.random() > 0.03 else rng.choice(["Dissent", "N", "Declined"]),
            rng.choice(GPS),
            f"{rng.randint(8, 17):02d}:{rng.randrange(0, 60, 10):02d}",
        ]
        if rng.random() < bad_share:
            problem = rng.randrange(4)
            if problem == 0:
                row[5] = "0113 243 " + str(rng.randint(1000, 9999))  # a landline
            elif problem == 1:
                row[5] = number[:-2]  # too short
            elif problem == 2:
                row[0] = str(row[0])[:-1] + str((int(str(row[0])[-1]) + 1) % 10)  # wrong check digit
            else:
                row[0] = rows[rng.randrange(len(rows))][0] if rows else row[0]  # a duplicate
        rows.append(row)
    return rows


def export_rows(count: int, seed: int = 7, bad_share: float = 0.03) -> list[list[object]]:
    """A whole export: title lines, a blank line, the header, patients and a totals line."""
    return [
        ["Search: Flu clinic 65+"],
        [f"Run on {date(2026, 9, 1):%d-%b-%Y} by Reception"],
        [],
        HEADERS,
        *patient_rows(count, seed, bad_share),
        [],
        [f"Total: {count} patients"],
    ]


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle).writerows(rows)


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Patients")
    for row in rows:
        sheet.append(row)
    workbook.save(path)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    bad = float(sys.argv[3]) if len(sys.argv) > 3 else 0.03
    rows = export_rows(size, bad_share=bad)
    (write_csv if target.suffix == ".csv" else write_xlsx)(target, rows)
    print(f"wrote {size:,} patients to {target}")
