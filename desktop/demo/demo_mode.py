"""`main.py --demo`: the application on a demo database, sending to the stand-in Notify on this computer,
so a practice can watch a whole release without a Notify account. Nothing leaves the computer.

The demo's texts are answered a little slowly (so progress can be watched) and reach "delivered"
a few seconds later, but for the stand-in's failing test numbers.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

from desktop.core.campaign import CampaignStatus
from desktop.core.clock import UK
from desktop.core.quickcheck import QUESTIONS, QuickCheck
from desktop.core.schedule import PlanInputs, SendingWindow
from desktop.core.template import Purpose
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.gateways.notify_key import KEY_VARIABLE, URL_VARIABLE
from desktop.services import campaigns
from desktop.services.cohorts import all_cohorts
from desktop.services.first_release_test import confirm_test, send_test
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.templates import all_templates
from desktop.services.workspace import Workspace
from desktop.store.paths import default_database_path

DEMO_FILE = "demo.db"
DEMO_CAMPAIGN = "Demo: flu clinic invitations"
DEMO_STAFF_MOBILE = "07400 900123"  # the demo's test texts go to the stand-in, never to a phone
_ALL_DAY = (time(0, 0), time(23, 59))  # the demo sends whenever it is tried


class Demo:
    """The stand-in server and its delivery clock; stop() when the window closes."""

    def __init__(self, answer_after: float = 0.05, deliver_every: float = 5.0) -> None:
        self.standin = NotifyStandIn(answer_after=answer_after)
        self._deliver_every = deliver_every
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._deliver, name="demo-delivery", daemon=True)

    def start(self) -> Demo:
        self.standin.start()
        os.environ[KEY_VARIABLE] = self.standin.api_key  # this process only: the window's sends use it
        os.environ[URL_VARIABLE] = self.standin.url
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self.standin.stop()

    def _deliver(self) -> None:
        while not self._stopped.wait(self._deliver_every):
            self.standin.settle()


def demo_database_path() -> Path:
    return default_database_path().with_name(DEMO_FILE)


def prepare(workspace: Workspace, standin: NotifyStandIn, now: datetime | None = None) -> None:
    """Sample data, the stand-in's template, sending hours all day, and an approved campaign due now
    whose test message has been sent (to the stand-in) and checked."""
    install_sample_data(workspace)
    settings = get_settings(workspace)
    update_settings(
        workspace,
        replace(
            settings,
            notify_template_id=standin.template_id,
            sending_start=_ALL_DAY[0],
            sending_end=_ALL_DAY[1],
            staff_mobile=DEMO_STAFF_MOBILE,
        ),
    )
    if any(c.name == DEMO_CAMPAIGN and c.status is CampaignStatus.APPROVED for c in campaigns.all_campaigns(workspace)):
        return
    moment = (now or datetime.now(UK)).astimezone(UK)
    template = next(t for t in all_templates(workspace) if t.purpose is Purpose.CALL_TO_ACTION)
    draft = campaigns.create_campaign(workspace, DEMO_CAMPAIGN, Purpose.CALL_TO_ACTION)
    inputs = PlanInputs(
        cohort_size=0,
        start=moment - timedelta(minutes=1),  # the first block is due now
        first_block=10,
        max_block=40,
        interval=timedelta(hours=1),
        window=SendingWindow(days=tuple(range(7)), start=_ALL_DAY[0], end=_ALL_DAY[1]),
        daily_capacity=50,
    )
    draft = campaigns.save_draft(
        workspace,
        replace(
            draft,
            prepared_by="Demo receptionist",
            cohort_id=all_cohorts(workspace)[0].id,
            template_version_id=template.latest.id,
            quick_check=QuickCheck({key: True for key, _, _ in QUESTIONS}, "More flu jabs booked", "62% last year"),
            plan_inputs=inputs,
        ),
    )
    campaigns.approve(workspace, draft.id, "Demo practice manager")
    with NotifyClient(ApiKey.parse(standin.api_key), standin.url) as client:
        send_test(workspace, draft.id, client, standin.template_id)
    confirm_test(workspace, draft.id, "Demo practice manager")
