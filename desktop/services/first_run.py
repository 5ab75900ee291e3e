"""The first start: the practice's own details from the welcome, and the samples if the user wants them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.core.bank_holidays import Region
from desktop.core.cost import TariffError
from desktop.core.counting import Gateway
from desktop.core.practice import PracticeSettings, SettingsError, validate
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.templates import install_starter_templates
from desktop.services.workspace import Workspace
from desktop.store.settings import has_settings

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Welcome:
    """What the welcome asks. A blank supplier price keeps the default (exports only)."""

    practice_name: str
    practice_phone: str
    region: Region = Region.ENGLAND_AND_WALES
    gateway: Gateway = Gateway.NOTIFY
    pence_per_fragment: Decimal | None = None
    samples: bool = True


def is_first_run(workspace: Workspace) -> bool:
    return not has_settings(workspace.db)


def check_welcome(welcome: Welcome) -> PracticeSettings:
    """The settings the welcome's answers make; raises SettingsError (in plain words) for one that is wrong."""
    settings = PracticeSettings(
        practice_name=welcome.practice_name,
        practice_phone=welcome.practice_phone,
        region=welcome.region,
        gateway=welcome.gateway,
    )
    if welcome.pence_per_fragment is not None:
        try:
            tariff = replace(settings.tariff, pence_per_fragment=welcome.pence_per_fragment)
        except TariffError as error:
            raise SettingsError(str(error)) from error
        settings = replace(settings, tariff=tariff)
    return validate(settings)


def set_up(workspace: Workspace, welcome: Welcome, progress: Progress | None = None) -> None:
    """Save the practice's details and, if wanted, install the samples (the larger list takes a moment).

    The samples' practice (its budget, allocation and web site) stays as their setting for everything the
    welcome did not ask; the practice's own answers replace the rest.
    """
    chosen = check_welcome(welcome)  # before anything is written
    if welcome.samples:
        install_samples(workspace, progress)
        kept = get_settings(workspace)
        chosen = replace(
            kept,
            practice_name=chosen.practice_name,
            practice_phone=chosen.practice_phone,
            region=chosen.region,
            gateway=chosen.gateway,
            tariff=replace(kept.tariff, pence_per_fragment=chosen.tariff.pence_per_fragment),
        )
    else:
        install_starter_templates(workspace)
    update_settings(workspace, chosen)


def install_samples(workspace: Workspace, progress: Progress | None = None) -> None:
    """The sample practice (where none is set yet), its lists, templates and finished campaign, and the
    larger list: what the welcome's samples, or skipping it, give."""
    said = progress or (lambda stage, done, total: None)
    said("Adding the sample lists and templates", 0, 3)
    install_sample_data(workspace)
    from desktop.demo.sample_story import install_sample_story  # loads the gateways: only when wanted
    from desktop.services.large_sample import install_large_sample

    said("Adding the sample campaign", 1, 3)
    install_sample_story(workspace)
    said("Adding the larger sample list (10,000 made-up patients)", 2, 3)
    install_large_sample(workspace)
