"""The Releases page: what is due and sending, Send now, and what became of each text."""

from desktop.ui.releases.page import ReleasesPage

__all__ = ["ReleasesPage"]
