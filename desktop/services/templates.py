"""Writing, checking, versioning and costing message templates."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import costing
from desktop.core.cohort import Cancelled
from desktop.core.costing import LONG_SAMPLES, CohortCosting, cost_cohort
from desktop.core.links import Link, find_links
from desktop.core.practice import PracticeSettings
from desktop.core.sms import Measurement
from desktop.core.template import (
    STANDARD_PLACEHOLDERS,
    CompiledTemplate,
    Purpose,
    TemplateError,
    check_placeholders,
    placeholders,
)
from desktop.resources import resource_path
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store import cohorts as cohort_store
from desktop.store import templates as store
from desktop.store.settings import load_settings
from desktop.store.templates import Template, TemplateVersion

log = logging.getLogger(__name__)

STARTER_TEMPLATES = resource_path("templates", "starter.json")
MAX_NAME_LENGTH = 80

__all__ = ["Cancelled", "Template", "TemplateCheck", "TemplateDraft", "TemplateVersion"]


@dataclass(frozen=True)
class TemplateDraft:
    name: str
    purpose: Purpose
    body: str
    approving_clinician: str = ""


@dataclass(frozen=True)
class TemplateCheck:
    """What the editor shows: problems stop a save, warnings are for the user to weigh."""

    message: str  # the longest realistic rendering, footer included
    measurement: Measurement
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def check_draft(
    draft: TemplateDraft,
    settings: PracticeSettings,
    longest_values: Mapping[str, str] | None = None,
    cohort_fields: Sequence[str] | None = None,
) -> TemplateCheck:
    """Check a draft and measure it at its longest realistic rendering (from a cohort when given)."""
    problems: list[str] = []
    warnings: list[str] = []
    if not draft.name.strip():
        problems.append("Give the template a name.")
    if not draft.body.strip():
        problems.append("Write the message.")
    try:
        check_practice_details(draft.body, settings)
        if cohort_fields is not None:
            check_placeholders(draft.body, cohort_fields)
    except TemplateError as error:
        problems.append(str(error))
    if cohort_fields is None:
        extra = [name for name in placeholders(draft.body) if name not in STANDARD_PLACEHOLDERS]
        if extra:
            names = ", ".join(f"(({name}))" for name in extra)
            warnings.append(f"{names} must be a column of the cohort this template is used with.")
    links = find_links(draft.body, settings.link_domains)
    if draft.purpose is Purpose.HEALTH_INFORMATION:
        if not links:
            warnings.append("A health information message should link to the health website it is about.")
        if not draft.approving_clinician.strip():
            problems.append("A link to health information must be approved: enter the approving clinician's name.")
    for link in links:
        if not link.allowed:
            warnings.append(f"{link.domain} is not on the list of approved websites (Settings). Check it is safe.")
    values = sample_values(settings, longest_values or {}, draft.body)
    message = CompiledTemplate.compile(draft.body, settings.footer_for(draft.purpose)).render(values)
    counting = settings.counting
    measurement = counting.measure(message)
    if measurement.too_long:
        problems.append(
            f"At its longest the message is {measurement.characters} characters; the limit is "
            f"{counting.limit(measurement)}. Shorten it."
        )
    marks = counting.question_marks(draft.body)
    if marks:
        problems.append(question_marks_problem(marks))
    if measurement.non_gsm:
        warnings.append(
            "These characters make every text Unicode (70 characters a fragment): " + " ".join(measurement.non_gsm)
        )
    return TemplateCheck(message, measurement, problems, warnings, links)


def question_marks_problem(marks: Sequence[str]) -> str:
    return (
        f"GOV.UK Notify cannot send {' '.join(marks)}: patients would see a question mark instead. "
        "Remove or replace it."
    )


def check_practice_details(body: str, settings: PracticeSettings) -> None:
    """A template that names the practice needs the practice's details set."""
    standard = settings.standard_values
    unset = [name for name in placeholders(body) if name in standard and not standard[name]]
    if unset:
        names = " and ".join(f"(({name}))" for name in unset)
        verb = "is" if len(unset) == 1 else "are"
        raise TemplateError(f"The message uses {names}, which {verb} not set yet: add it in Settings.")


def sample_values(settings: PracticeSettings, longest: Mapping[str, str], body: str) -> dict[str, str]:
    """Values for every placeholder in the body: a cohort's longest realistic ones, else long samples."""
    values = {name: longest.get(name) or LONG_SAMPLES.get(name) or f"[{name}]" for name in placeholders(body)}
    values.update({k: v for k, v in settings.standard_values.items() if v})
    return values


def save_template(workspace: Workspace, template_id: int | None, draft: TemplateDraft) -> Template:
    """Create a template, or save changes as a new version (name and purpose change in place)."""
    settings = load_settings(workspace.db)
    check = check_draft(draft, settings)
    if check.problems:
        raise TemplateError(" ".join(check.problems))
    name = " ".join(draft.name.split())[:MAX_NAME_LENGTH]
    body = draft.body.strip()
    clinician = " ".join(draft.approving_clinician.split())
    with workspace.db.atomic():
        if template_id is None:
            template_id = store.insert_template(workspace.db, name, draft.purpose, body, clinician, workspace.actor)
            audit.record(workspace.db, workspace.actor, "template.created", "template", template_id)
        else:
            current = store.get_template(workspace.db, template_id)
            if current is None:
                raise TemplateError("This template no longer exists.")
            store.update_details(workspace.db, template_id, name, draft.purpose)
            if (current.latest.body, current.latest.approving_clinician) != (body, clinician):
                store.add_version(workspace.db, template_id, body, clinician, workspace.actor)
            audit.record(workspace.db, workspace.actor, "template.saved", "template", template_id)
    saved = store.get_template(workspace.db, template_id)
    assert saved is not None
    return saved


def all_templates(workspace: Workspace, include_archived: bool = False) -> list[Template]:
    return store.list_templates(workspace.db, include_archived)


def template(workspace: Workspace, template_id: int) -> Template | None:
    return store.get_template(workspace.db, template_id)


def version(workspace: Workspace, version_id: int) -> TemplateVersion | None:
    return store.get_version(workspace.db, version_id)


def duplicate_template(workspace: Workspace, template_id: int) -> Template:
    original = store.get_template(workspace.db, template_id)
    if original is None:
        raise TemplateError("This template no longer exists.")
    draft = TemplateDraft(
        f"Copy of {original.name}"[:MAX_NAME_LENGTH],
        original.purpose,
        original.latest.body,
        original.latest.approving_clinician,
    )
    return save_template(workspace, None, draft)


def archive_template(workspace: Workspace, template_id: int, archived: bool = True) -> None:
    with workspace.db.atomic():
        store.set_archived(workspace.db, template_id, archived)
        action = "template.archived" if archived else "template.restored"
        audit.record(workspace.db, workspace.actor, action, "template", template_id)


def cohort_fields(workspace: Workspace, cohort_id: int) -> list[str]:
    return cohort_store.field_names(workspace.db, cohort_id)


def stored_longest_values(workspace: Workspace, cohort_id: int) -> dict[str, str] | None:
    """A cohort's longest realistic values if already worked out: a quick read, fit for the UI thread."""
    return cohort_store.stored_longest_values(workspace.db, cohort_id)


def longest_values(workspace: Workspace, cohort_id: int) -> dict[str, str]:
    """Each placeholder's longest realistic value in a cohort's valid patients, worked out once and kept.

    Cohorts store them at import; one imported before that reads its patients here (a worker's job).
    """
    stored = cohort_store.stored_longest_values(workspace.db, cohort_id)
    if stored is not None:
        return stored
    values = costing.longest_values(cohort_store.message_values(workspace.db, cohort_id))
    with workspace.db.atomic():
        cohort_store.store_longest_values(workspace.db, cohort_id, values)
    return values


def sample_patients(workspace: Workspace, cohort_id: int, limit: int = 200) -> list[dict[str, str]]:
    """The first valid patients of a cohort, to preview a message for one of them."""
    return cohort_store.message_values(workspace.db, cohort_id, limit=limit)


def cost_for_cohort(
    workspace: Workspace,
    cohort_id: int,
    body: str,
    purpose: Purpose,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CohortCosting:
    """Render and measure the message for every valid patient of a cohort, at the practice's tariff."""
    rows = cohort_store.message_values(workspace.db, cohort_id)
    return cost_messages(workspace, cohort_id, body, purpose, rows, progress, cancelled)


def cost_messages(
    workspace: Workspace,
    cohort_id: int,
    body: str,
    purpose: Purpose,
    rows: Sequence[Mapping[str, str]],
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> CohortCosting:
    """Render and measure the message for each of `rows` (patients of the cohort) at the practice's tariff."""
    settings = load_settings(workspace.db)
    check_placeholders(body, cohort_store.field_names(workspace.db, cohort_id))
    check_practice_details(body, settings)
    compiled = CompiledTemplate.compile(body, settings.footer_for(purpose))
    standard = settings.standard_values
    return cost_cohort(
        compiled,
        [{**row, **standard} for row in rows],
        settings.current_tariff,
        progress,
        cancelled,
        settings.counting,
    )


def install_starter_templates(workspace: Workspace, source: Path = STARTER_TEMPLATES) -> int:
    """One template for each good use of messaging, to start from. Returns how many were added."""
    starters = json.loads(source.read_text(encoding="utf-8"))
    with workspace.db.atomic():
        for starter in starters:
            store.insert_template(
                workspace.db,
                starter["name"],
                Purpose(starter["purpose"]),
                starter["body"],
                starter.get("approving_clinician", ""),
                workspace.actor,
            )
        audit.record(workspace.db, workspace.actor, "templates.starters_installed", count=len(starters))
    return len(starters)
