"""The import wizard: choose a file and sheet, find the table, match the columns, check and import."""

from desktop.ui.import_wizard.wizard import ImportWizard

__all__ = ["ImportWizard"]
