"""Demo mode: a demo database with a campaign due now, sending to the stand-in Notify on this computer."""

from __future__ import annotations

import os

import pytest

from desktop.core.clock import utc_now
from desktop.demo.demo_mode import DEMO_CAMPAIGN, Demo, prepare
from desktop.gateways.notify import NotifyClient
from desktop.gateways.notify_key import KEY_VARIABLE, URL_VARIABLE, current_key, notify_url
from desktop.services import campaigns, release_board
from desktop.services.send_due import find_due, sending_allowed
from desktop.services.workspace import Workspace


def test_the_demo_has_a_campaign_due_now_and_sends_it_to_the_stand_in(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    monkeypatch.delenv(URL_VARIABLE, raising=False)
    demo = Demo(answer_after=0, deliver_every=0.05).start()
    try:
        prepare(workspace, demo.standin)
        prepare(workspace, demo.standin)  # opened again: still one demo campaign
        assert [c.name for c in campaigns.all_campaigns(workspace)] == [DEMO_CAMPAIGN]
        assert len(demo.standin.texts) == 1  # the test message, sent once
        due, _ = find_due(workspace, utc_now())
        assert [b.sequence for b in due] == [1] and sending_allowed(workspace, utc_now())
        found = current_key()
        assert found is not None and notify_url() == demo.standin.url
        with NotifyClient(found[0], notify_url()) as client:
            report = release_board.send_now(workspace, due[0].campaign_id, 1, client, demo.standin.template_id)
        test, *sent = demo.standin.texts
        assert test.phone_number == "+447400900123" and test.reference.startswith("pm-test-")  # the staff's test
        assert report.sent == len(sent) == due[0].size
    finally:
        demo.stop()
        os.environ.pop(KEY_VARIABLE, None)
        os.environ.pop(URL_VARIABLE, None)
