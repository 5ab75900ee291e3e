from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from desktop.core.clock import UK
from desktop.core.cost import Tariff
from desktop.core.counting import Gateway, notify_price_on
from desktop.core.template import Purpose, TemplateError, UnknownPlaceholder
from desktop.services.cohorts import all_cohorts
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.templates import (
    TemplateDraft,
    all_templates,
    archive_template,
    check_draft,
    cost_for_cohort,
    duplicate_template,
    longest_values,
    save_template,
    version,
)
from desktop.services.workspace import Workspace
from desktop.store import audit
from desktop.store.cohorts import field_names


@pytest.fixture
def sample(workspace: Workspace) -> Workspace:
    install_sample_data(workspace)
    return workspace


def test_a_starter_template_for_every_purpose_each_fitting_two_fragments(sample: Workspace) -> None:
    templates = all_templates(sample)
    assert {t.purpose for t in templates} == set(Purpose)
    settings = get_settings(sample)
    flu, appointments = all_cohorts(sample)  # reminders are written for the list of appointments
    for t in templates:
        cohort = appointments if t.purpose is Purpose.APPOINTMENT_REMINDER else flu
        check = check_draft(
            TemplateDraft(t.name, t.purpose, t.latest.body, t.latest.approving_clinician),
            settings,
            longest_values(sample, cohort.id),
            field_names(sample.db, cohort.id),
        )
        assert check.problems == [], t.name
        assert check.warnings == [], t.name
        assert check.measurement.fragments <= 2, t.name
        assert check.message.endswith(settings.footer_for(t.purpose))


def test_saving_changes_makes_a_new_version_and_keeps_the_old(sample: Workspace) -> None:
    t = save_template(sample, None, TemplateDraft("Flu", Purpose.CALL_TO_ACTION, "Book your flu jab."))
    first = t.latest
    assert first.version == 1
    renamed = save_template(sample, t.id, TemplateDraft("Flu 2026", Purpose.CALL_TO_ACTION, "Book your flu jab."))
    assert (renamed.name, renamed.latest.id) == ("Flu 2026", first.id)  # a rename is not a new version
    changed = save_template(sample, t.id, TemplateDraft("Flu 2026", Purpose.CALL_TO_ACTION, "Book your flu jab now."))
    assert changed.latest.version == 2
    assert version(sample, first.id).body == "Book your flu jab."  # what a campaign approved stays as it was
    assert [e.action for e in audit.recent(sample.db, 3)] == ["template.saved", "template.saved", "template.created"]


def test_problems_stop_a_save(sample: Workspace) -> None:
    with pytest.raises(TemplateError, match="approving clinician"):
        save_template(sample, None, TemplateDraft("BP", Purpose.HEALTH_INFORMATION, "See https://www.nhs.uk/bp"))
    with pytest.raises(TemplateError, match="Give the template a name"):
        save_template(sample, None, TemplateDraft(" ", Purpose.SURVEY, "Did it go well? Reply YES or NO."))
    with pytest.raises(TemplateError, match="limit is 918"):
        save_template(sample, None, TemplateDraft("Long", Purpose.CALL_TO_ACTION, "word " * 200))


def test_links_outside_the_allow_list_are_warned_about(sample: Workspace) -> None:
    settings = get_settings(sample)
    check = check_draft(TemplateDraft("x", Purpose.CALL_TO_ACTION, "Book at bit.ly/flu or www.nhs.uk/flu"), settings)
    assert [link.allowed for link in check.links] == [False, True]
    assert any("bit.ly is not on the list of approved websites" in w for w in check.warnings)
    own = check_draft(TemplateDraft("x", Purpose.IMAGE_UPLOAD, "https://riverside-surgery.nhs.uk/u"), settings)
    assert own.warnings == []


def test_a_footer_change_is_measured_into_every_template(sample: Workspace) -> None:
    draft = TemplateDraft("x", Purpose.CALL_TO_ACTION, "a" * 90)
    before = check_draft(draft, get_settings(sample)).measurement
    longer = "Please do not reply to this message. Replies to this number are not read by anyone at the practice."
    update_settings(sample, replace(get_settings(sample), footer=longer))
    after = check_draft(draft, get_settings(sample)).measurement
    assert (before.fragments, after.fragments) == (1, 2)


def test_duplicate_and_archive(sample: Workspace) -> None:
    original = all_templates(sample)[0]
    copy = duplicate_template(sample, original.id)
    assert copy.name == f"Copy of {original.name}" and copy.latest.body == original.latest.body
    archive_template(sample, copy.id)
    assert copy.id not in [t.id for t in all_templates(sample)]
    assert copy.id in [t.id for t in all_templates(sample, include_archived=True)]


def test_cost_for_the_sample_cohort(sample: Workspace) -> None:
    cohort_id = all_cohorts(sample)[0].id
    costing = cost_for_cohort(sample, cohort_id, "Dear ((first_name)), your flu jab is due.", Purpose.CALL_TO_ACTION)
    assert costing.estimate.messages == 64
    e = costing.estimate
    today = datetime.now(UK).date()
    assert e.cost_before_vat == (e.fragments + e.extra_fragments) * notify_price_on(today)  # Notify's, that day
    settings = get_settings(sample)
    update_settings(sample, replace(settings, gateway=Gateway.STANDARD, tariff=Tariff(Decimal("3.1"))))
    exported = cost_for_cohort(sample, cohort_id, "Dear ((first_name)), your flu jab is due.", Purpose.CALL_TO_ACTION)
    assert exported.estimate.cost_before_vat == exported.estimate.fragments * Decimal("3.1")  # the supplier's
    assert exported.estimate.extra_fragments == 0  # only Notify bills the Crown dependencies twice
    with pytest.raises(UnknownPlaceholder):
        cost_for_cohort(sample, cohort_id, "Hi ((clinic_room))", Purpose.CALL_TO_ACTION)
