"""Approval by a second person. The data lives in one user's folder, so staff may share one Windows
account: the person who prepared a campaign is recorded by name, and approving it needs a different
name and the practice manager's passphrase (set in Settings, kept only as a salted scrypt hash)."""

from __future__ import annotations

from desktop.core.campaign import Campaign, CampaignError
from desktop.core.passphrase import PassphraseError, hash_passphrase, same_person
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.settings import passphrase_hash, save_passphrase_hash


def passphrase_is_set(workspace: Workspace) -> bool:
    return passphrase_hash(workspace.db) is not None


def set_passphrase(workspace: Workspace, new: str, current: str = "") -> None:
    """Set the manager passphrase, or change it: a change needs the one it replaces."""
    kept = passphrase_hash(workspace.db)
    if kept is not None and not kept.matches(current):
        raise PassphraseError("That is not the current manager passphrase: it is unchanged.")
    hashed = hash_passphrase(new)
    with workspace.db.atomic():
        save_passphrase_hash(workspace.db, hashed)
        audit.record(
            workspace.db, workspace.actor, "approval.passphrase_changed" if kept else "approval.passphrase_set"
        )


def check_approver(workspace: Workspace, campaign: Campaign, approver: str, passphrase: str | None) -> None:
    """Refuse an approval by the campaign's own preparer, or without the manager passphrase once one is set."""
    if campaign.prepared_by and same_person(approver, campaign.prepared_by):
        raise CampaignError(
            f"{' '.join(approver.split())} prepared this campaign: a different person approves it (a practice "
            "manager, with the manager passphrase)."
        )
    kept = passphrase_hash(workspace.db)
    if kept is not None and not kept.matches(passphrase or ""):
        raise CampaignError("The manager passphrase is not right: the campaign is not approved.")
