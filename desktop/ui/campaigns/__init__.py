"""Campaigns: the wizard from idea to approval, and running campaigns with their plans."""

from desktop.ui.campaigns.page import CampaignsPage

__all__ = ["CampaignsPage"]
