"""The Templates page: a library of templates by purpose, an editor with live cost, a preview."""

from desktop.ui.templates.page import TemplatesPage

__all__ = ["TemplatesPage"]
