"""Importing a patient list: read the file, find the table, map the columns, validate, store."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from desktop.core.cohort import PatientStatus, ValidatedCohort, cell_text, validate_rows
from desktop.core.columns import ColumnMapping, Field, guess_mapping
from desktop.core.consent import BlankConsent, ConsentMeaning, looks_like_consent
from desktop.core.costing import longest_of_columns
from desktop.core.table import TableShape, find_header_row
from desktop.gateways.spreadsheets import Sheet, list_sheets, read_sheet
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.cohorts import NewCohort, insert_cohort

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # stage, done, total
CANDIDATE_SAMPLE = 5_000  # rows enough to tell a yes/no column, quick enough for the wizard to ask as it shows
MAX_NAME_LENGTH = 80


@dataclass
class SourceTable:
    """A sheet as read, with the header row and column mapping (guessed, then confirmed by the user)."""

    path: Path
    sheet: str | None
    rows: list[list[Any]]
    header_index: int = 0
    mapping: ColumnMapping = field(default_factory=ColumnMapping)
    shape: TableShape | None = None  # found when the sheet is read (in a worker), for quick counts
    blank_consent: BlankConsent = BlankConsent.INCLUDE  # a blank consent cell: texted, or left out

    @property
    def headers(self) -> list[Any]:
        return self.rows[self.header_index] if self.rows else []

    def set_header_row(self, index: int) -> None:
        """Use another row as the header; the mapping is guessed again from its names."""
        self.header_index = max(0, min(index, len(self.rows) - 1))
        self.mapping = guess_mapping(self.headers)

    def data_row_count(self) -> int:
        """The patients' rows below the header: blank rows and a totals line are not counted."""
        return self._shape().data_row_count(self.rows, self.header_index)

    def data_rows(self) -> Iterator[tuple[int, list[Any]]]:
        """(sheet row number, cells) of the patients' rows, as core.table.data_rows finds them."""
        return self._shape().data_rows(self.rows, self.header_index)  # type: ignore[return-value]

    def _shape(self) -> TableShape:
        if self.shape is None:
            self.shape = TableShape.of(self.rows)
        return self.shape

    def header_text(self, column: int) -> str:
        return cell_text(self.headers[column]) or f"(column {column + 1})"

    def consent_candidates(self) -> list[int]:
        """Columns not read for anything whose filled cells are nearly all yes/no or consent words.

        Offered to a person when no header speaks of consent; never taken without one (a
        Housebound Y/N column looks just the same).
        """
        taken = set(self.mapping.fields.values()) | set(self.mapping.more_consent)
        rows = list(islice((row for _, row in self.data_rows()), CANDIDATE_SAMPLE))
        return [
            column
            for column in range(len(self.headers))
            if column not in taken and looks_like_consent(row[column] for row in rows if column < len(row))
        ]

    def choose(self, choices: ImportChoices) -> None:
        """Apply what a person chose (on the command line, as in the wizard) over the guesses."""
        if choices.header_row is not None:
            if not 1 <= choices.header_row <= len(self.rows):
                raise ImportChoiceError(f"There is no row {choices.header_row}: the sheet has {len(self.rows):,} rows.")
            self.set_header_row(choices.header_row - 1)
        names = {cell_text(h).casefold(): column for column, h in reversed(list(enumerate(self.headers)))}
        for which, header in choices.columns.items():
            column = names.get(header.strip().casefold()) if header.strip() else None
            if header.strip() and column is None:
                listed = ", ".join(f'"{self.header_text(c)}"' for c in range(len(self.headers)))
                raise ImportChoiceError(f'The list has no column called "{header}". Its columns are: {listed}.')
            self.mapping = self.mapping.with_field(which, column, self.headers)
        if choices.consent_means is not None:
            self.mapping = self.mapping.with_consent_means(choices.consent_means)
        self.blank_consent = choices.blank_consent


class ImportChoiceError(ValueError):
    """A choice about how to read the list that cannot be applied; the message says why."""


@dataclass(frozen=True)
class ImportChoices:
    """What a person may decide instead of the guesses: which row holds the names, which column is what."""

    header_row: int | None = None  # the spreadsheet's own row number, from 1
    columns: dict[Field, str] = field(default_factory=dict)  # field -> header ("" for none)
    consent_means: ConsentMeaning | None = None
    blank_consent: BlankConsent = BlankConsent.INCLUDE


def sheets_of(path: Path) -> list[Sheet]:
    return list_sheets(path)


def load_table(path: Path, sheet: str | None = None) -> SourceTable:
    """Read a sheet and make the first guesses: where the header is and which column is which."""
    rows = read_sheet(path, sheet)
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]  # CSV rows vary
    table = SourceTable(path, sheet, rows, shape=TableShape.of(rows))
    table.set_header_row(find_header_row(rows))
    return table


def validate_table(
    table: SourceTable,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    today: date | None = None,
) -> ValidatedCohort:
    total = table.data_row_count()  # what the progress counts up to: patients' rows only
    return validate_rows(
        table.data_rows(),
        table.headers,
        table.mapping,
        today or date.today(),
        progress=(lambda done: progress("Checking rows", done, total)) if progress else None,
        cancelled=cancelled,
        blank_consent=table.blank_consent,
    )


def save_cohort(
    workspace: Workspace,
    table: SourceTable,
    validated: ValidatedCohort,
    name: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    is_sample: bool = False,
) -> int:
    """Store the cohort and its patients in one transaction, and audit it (counts only)."""
    cohort_name = (name or "").strip()[:MAX_NAME_LENGTH] or default_name(table.path)
    total = len(validated.columns)
    with workspace.db.atomic():
        cohort_id = insert_cohort(
            workspace.db,
            NewCohort(
                name=cohort_name,
                source_file=table.path.name,
                source_sheet=table.sheet,
                imported_by=workspace.actor,
                mapping={
                    "header_row": table.header_index + 1,
                    "blank_consent": table.blank_consent.value,
                    **table.mapping.to_json(),
                },
                counts=validated.counts,
                is_sample=is_sample,
                longest_values=longest_of_columns(validated.columns.placeholder_columns(PatientStatus.VALID)),
            ),
            validated.columns,
            cancelled=cancelled,
            progress=(lambda done: progress("Saving", done, total)) if progress else None,
        )
        c = validated.counts
        audit.record(
            workspace.db,
            workspace.actor,
            "cohort.imported",
            "cohort",
            cohort_id,
            rows_read=c.rows_read,
            accepted=c.accepted,
            rejected=c.rejected,
            duplicates=c.duplicates,
            opted_out=c.opted_out,
            shared_numbers=c.shared_numbers,
            no_preference=c.no_preference,
        )
    log.info("Cohort %d imported: %d rows, %d accepted", cohort_id, c.rows_read, c.accepted)
    return cohort_id


@dataclass(frozen=True)
class ImportResult:
    cohort_id: int
    validated: ValidatedCohort
    table: SourceTable
    consent_candidates: list[int]  # with no consent column: columns that look like one, never used unasked


def import_file(
    workspace: Workspace,
    path: Path,
    sheet: str | None = None,
    name: str | None = None,
    report: Path | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    choices: ImportChoices | None = None,
) -> ImportResult:
    """Everything in one go, the guesses corrected by `choices`: what the command line does."""
    with _collector_paused():
        table = load_table(path, sheet)
        if choices is not None:
            table.choose(choices)
        validated = validate_table(table, progress, cancelled)
        cohort_id = save_cohort(workspace, table, validated, name, progress, cancelled)
    if report is not None:
        save_problems_report(validated, report)
    candidates = table.consent_candidates() if table.mapping.column(Field.CONSENT) is None else []
    return ImportResult(cohort_id, validated, table, candidates)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, as the window's jobs do (ui.workers.Jobs).

    An import makes hundreds of thousands of objects that all live to its end: the collector,
    walking them again and again, found nothing to free and took 0.13 s of a 2 s import.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def save_problems_report(validated: ValidatedCohort, path: Path) -> None:
    from desktop.gateways.problems_report import write_problems_report  # openpyxl costs start-up time

    write_problems_report(path, validated.headers, validated.rejected)


def default_name(path: Path) -> str:
    return path.stem.replace("_", " ").strip()[:MAX_NAME_LENGTH] or "Imported patients"
