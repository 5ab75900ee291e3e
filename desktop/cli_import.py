"""The import command: a patient list checked and stored as a cohort, the guesses correctable as in the wizard."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from desktop.cli_common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, open_workspace
from desktop.core.cohort import MappingError
from desktop.core.columns import Field
from desktop.core.consent import BlankConsent, ConsentMeaning
from desktop.gateways.spreadsheets import UnreadableFile
from desktop.services.cohort_import import ImportChoiceError, ImportChoices, import_file, save_problems_report


def command_import(args: argparse.Namespace, out: TextIO) -> int:
    report = args.report
    if report is not None and report.suffix.lower() != ".xlsx":
        report = report.with_suffix(".xlsx")
    try:
        choices = _import_choices(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if report is not None and not report.parent.is_dir():
        # Said before importing: an import that stops after storing would be run, and stored, twice.
        print(
            f"error: the problems report cannot be saved in {report.parent}: there is no such folder.", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    workspace = open_workspace(args.db)
    if workspace is None:
        return EXIT_BAD_INPUT
    try:
        result = import_file(workspace, args.file, sheet=args.sheet, name=args.name, choices=choices)
    except (UnreadableFile, MappingError, ImportChoiceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        workspace.close()
    report_error = None
    if report is not None:
        try:
            save_problems_report(result.validated, report)
        except OSError as error:  # e.g. the file is open in Excel
            report_error = error.strerror or str(error)
    c = result.validated.counts
    table, mapping = result.table, result.table.mapping
    consent = mapping.column(Field.CONSENT)
    if consent is None:
        print(
            "warning: no SMS consent column was found, so patients who declined texts cannot be left out.",
            file=sys.stderr,
        )
        for column in result.consent_candidates:
            header = table.header_text(column)
            print(
                f'warning: the column "{header}" holds yes/no values. If it records SMS consent, import again '
                f'with --column consent="{header}".',
                file=sys.stderr,
            )
    figures = {
        "cohort_id": result.cohort_id,
        "rows_read": c.rows_read,
        "accepted": c.accepted,
        "rejected": c.rejected,
        "duplicates": c.duplicates,
        "opted_out": c.opted_out,
        "shared_numbers": c.shared_numbers,
        "no_preference": c.no_preference,
        "consent_column": table.header_text(consent) if consent is not None else None,
        "consent_means": mapping.consent_means.value if consent is not None else None,
        "also_read_for_consent": [table.header_text(column) for column in mapping.more_consent],
        "consent_candidates": [table.header_text(column) for column in result.consent_candidates],
    }
    if args.json:
        print(json.dumps(figures, indent=2), file=out)
        return _said_report_error(result.cohort_id, report_error)
    print(f"Imported cohort {result.cohort_id} from {args.file.name}", file=out)
    print(f"Rows read:       {c.rows_read:,}", file=out)
    print(f"Accepted:        {c.accepted:,}", file=out)
    print(f"Not accepted:    {c.rejected:,}", file=out)
    print(f"Duplicates:      {c.duplicates:,}", file=out)
    print(f"Declined SMS:    {c.opted_out:,}", file=out)
    print(f"Shared numbers:  {c.shared_numbers:,} (mobiles used by more than one patient)", file=out)
    if consent is not None:
        also = "".join(f', and "{table.header_text(column)}"' for column in mapping.more_consent)
        print(
            f'SMS consent:     read from "{table.header_text(consent)}"{also} ({mapping.consent_means.label})', file=out
        )
        if table.blank_consent is BlankConsent.EXCLUDE:
            print("No preference:   left out, as asked (nothing recorded in the consent column)", file=out)
        else:
            print(f"No preference:   {c.no_preference:,} accepted with nothing recorded", file=out)
    if report is not None and report_error is None:
        print(f"Problems report: {report} ({len(result.validated.rejected):,} rows)", file=out)
    return _said_report_error(result.cohort_id, report_error)


def _said_report_error(cohort_id: int, error: str | None) -> int:
    if error is None:
        return EXIT_OK
    print(
        f"error: cohort {cohort_id} was imported, but the problems report cannot be saved: {error}. "
        "Do not import the list again: the rows not accepted are listed on the Cohorts page.",
        file=sys.stderr,
    )
    return EXIT_FAILED


def _import_choices(args: argparse.Namespace) -> ImportChoices:
    columns: dict[Field, str] = {}
    fields = {f.value: f for f in Field}
    for given in args.column:
        name, sep, header = given.partition("=")
        if not sep or name.strip().lower() not in fields:
            raise ValueError(f'--column wants FIELD=HEADER, FIELD one of {", ".join(fields)} (got "{given}").')
        columns[fields[name.strip().lower()]] = header.strip().strip('"')
    return ImportChoices(
        header_row=args.header_row,
        columns=columns,
        consent_means=ConsentMeaning(args.consent_means) if args.consent_means else None,
        blank_consent=BlankConsent(args.blank_consent),
    )
