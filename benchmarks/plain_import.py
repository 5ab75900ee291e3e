"""The plain pipeline bench_import.py measures the import against: the same core work, written plainly.

Read the sheet (python-calamine, or csv), find the header row, and for each patient check the NHS
number's modulus 11, check the mobile exactly (a UK mobile's shape after the usual prefixes),
turn the date of birth to ISO, and store every row with one executemany in one transaction.
No project code: this is the yardstick, not the product. Prints the rows stored.
Run: python benchmarks/plain_import.py LIST DATABASE
"""

from __future__ import annotations

import csv
import re
import resource
import sqlite3
import sys
from pathlib import Path

MOBILE = re.compile(r"^07\d{9}$")
WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def read(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return workbook.get_sheet_by_name(workbook.sheet_names[0]).to_python(skip_empty_area=False)


def nhs_ok(value: object) -> bool:
    digits = str(value).replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 11 - sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=False)) % 11
    return (0 if check == 11 else check) == int(digits[9])


def mobile(value: object) -> str | None:
    text = str(value).replace(" ", "")
    for prefix in ("+44", "0044", "44"):
        if text.startswith(prefix):
            text = "0" + text[len(prefix) :]
            break
    return "+44" + text[1:] if MOBILE.match(text) else None


def iso(value: object) -> str | None:
    day, _, rest = str(value).partition("/")
    month, _, year = rest.partition("/")
    return f"{year}-{month.zfill(2)}-{day.zfill(2)}" if year else None


def check(rows: list[list[object]]) -> list[tuple[object, ...]]:
    header = next(i for i, row in enumerate(rows[:30]) if "Mobile Telephone" in row)
    names = rows[header]
    at = {name: names.index(name) for name in names}
    stored = []
    for row in rows[header + 1 :]:
        if not row or not str(row[0]).strip() or str(row[0]).startswith("Total"):
            continue
        nhs = str(row[at["NHS Number"]])
        number = mobile(row[at["Mobile Telephone"]])
        ok = nhs_ok(nhs) and number is not None
        extras = "|".join(str(row[at[name]]) for name in ("Usual GP", "Appointment Time"))
        stored.append(
            (
                nhs,
                row[at["Title"]],
                row[at["Forename"]],
                row[at["Surname"]],
                iso(row[at["Date of Birth"]]),
                number,
                row[at["SMS Consent"]],
                extras,
                "valid" if ok else "invalid",
            )
        )
    return stored


def store(stored: list[tuple[object, ...]], database: Path) -> None:
    db = sqlite3.connect(database)
    db.execute("PRAGMA journal_mode = wal")
    db.execute(
        "CREATE TABLE patients (id INTEGER PRIMARY KEY, nhs_number TEXT, title TEXT, first_name TEXT, surname TEXT, "
        "date_of_birth TEXT, mobile TEXT, consent TEXT, fields TEXT, status TEXT)"
    )
    with db:
        db.executemany(
            "INSERT INTO patients (nhs_number, title, first_name, surname, date_of_birth, mobile, consent, fields, "
            "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            stored,
        )
    db.close()


def main(source: Path, database: Path) -> int:
    stored = check(read(source))
    store(stored, database)
    print(len(stored))
    print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
