"""The first start: the practice's own details, and the samples (with the larger list) if wanted."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from desktop.core.bank_holidays import Region
from desktop.core.counting import Gateway
from desktop.core.nhs_number import is_valid
from desktop.core.practice import SettingsError
from desktop.services import campaigns, first_run
from desktop.services.cohorts import all_cohorts
from desktop.services.large_sample import LARGE_SAMPLE_NAME, write_large_sample
from desktop.services.practice import get_settings
from desktop.services.templates import all_templates
from desktop.services.workspace import Workspace

OURS = first_run.Welcome("Beech House Surgery", "0161 496 0000", Region.SCOTLAND)


def test_with_samples_the_practice_is_ours_and_the_lists_and_campaign_are_there(workspace: Workspace) -> None:
    assert first_run.is_first_run(workspace)
    stages: list[str] = []
    first_run.set_up(workspace, OURS, lambda stage, done, total: stages.append(stage))
    assert not first_run.is_first_run(workspace)
    settings = get_settings(workspace)
    assert (settings.practice_name, settings.practice_phone, settings.region) == (
        "Beech House Surgery",
        "0161 496 0000",
        Region.SCOTLAND,
    )
    assert settings.monthly_budget == Decimal(2500)  # the sample practice's, for what the welcome did not ask
    found = {c.name: c for c in all_cohorts(workspace)}
    assert set(found) == {LARGE_SAMPLE_NAME, "Flu clinic 65+ (sample)", "Appointments next week (sample)"}
    assert all(c.is_sample for c in found.values())
    large = found[LARGE_SAMPLE_NAME].counts
    assert large.rows_read == 10_000 and 9_000 < large.accepted < 9_800 and large.rejected > 0
    assert [c.name for c in campaigns.all_campaigns(workspace)] == ["Flu 65+ last autumn (sample)"]
    assert stages[-1].startswith("Adding the larger sample list")


def test_without_samples_only_the_practice_and_the_starter_templates(workspace: Workspace) -> None:
    first_run.set_up(
        workspace,
        first_run.Welcome("Beech House Surgery", "0161 496 0000", gateway=Gateway.STANDARD,
                          pence_per_fragment=Decimal("3.1"), samples=False),
    )  # fmt: skip
    settings = get_settings(workspace)
    assert settings.gateway is Gateway.STANDARD and settings.tariff.pence_per_fragment == Decimal("3.1")
    assert settings.monthly_budget == 0 and not settings.allocation.is_set
    assert all_cohorts(workspace) == [] and campaigns.all_campaigns(workspace) == []
    assert len(all_templates(workspace)) >= 5 and not first_run.is_first_run(workspace)


@pytest.mark.parametrize(
    ("welcome", "said"),
    [
        (first_run.Welcome("", "0161 496 0000"), "practice name"),
        (first_run.Welcome("Beech House", "12"), "phone"),
        (first_run.Welcome("Beech House", "0161 496 0000", pence_per_fragment=Decimal(-1)), "price"),
    ],
)
def test_a_wrong_answer_is_explained_and_nothing_is_written(
    workspace: Workspace, welcome: first_run.Welcome, said: str
) -> None:
    with pytest.raises(SettingsError, match=f"(?i){said}"):
        first_run.set_up(workspace, welcome)
    assert first_run.is_first_run(workspace) and all_cohorts(workspace) == [] and all_templates(workspace) == []


def test_the_larger_list_is_the_same_every_time_with_numbers_never_issued(tmp_path: Path) -> None:
    first = write_large_sample(tmp_path / "a.csv", 500).read_bytes()
    assert write_large_sample(tmp_path / "b.csv", 500).read_bytes() == first
    rows = first.decode("utf-8-sig").splitlines()[4:]
    numbers = [row.split(",")[0] for row in rows]
    assert len(rows) == 500 and all(n.startswith("999") and is_valid(n) for n in numbers)
