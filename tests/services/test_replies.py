"""Replies through the stand-in Notify: survey answers counted, STOP honoured, other replies never read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import time, timedelta

import pytest

from desktop.core.bank_holidays import bank_holidays
from desktop.core.campaign import CampaignOptions
from desktop.core.clock import UK, utc_now
from desktop.core.template import Purpose
from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import ApiKey, NotifyClient
from desktop.services import campaigns, release_board, replies
from desktop.services.practice import get_settings, update_settings
from desktop.services.sample_data import install_sample_data
from desktop.services.templates import all_templates
from desktop.services.workspace import Workspace
from desktop.store import do_not_text
from desktop.store.campaigns import batches
from tests.campaign_helpers import approve_and_test, ready_campaign


@pytest.fixture
def client(notify: NotifyStandIn) -> Iterator[NotifyClient]:
    with NotifyClient(ApiKey.parse(notify.api_key), notify.url) as gateway:
        yield gateway


def sent_campaign(
    workspace: Workspace, client: NotifyClient, notify: NotifyStandIn, purpose: Purpose, name: str, every: bool = False
) -> campaigns.Campaign:
    """A campaign of `purpose` all of whose blocks have gone out through the stand-in."""
    draft = ready_campaign(workspace, name)
    template = next(t for t in all_templates(workspace) if t.purpose is purpose)
    draft = campaigns.save_draft(
        workspace,
        replace(
            draft,
            purpose=purpose,
            template_version_id=template.latest.id,
            options=CampaignOptions(once_per_mobile=not every, keep_recent_same_purpose=True),
        ),
    )
    approved = approve_and_test(workspace, draft.id)
    for block in batches(workspace.db, approved.id):  # now, as Send now does: replies come after
        release_board.send_now(workspace, approved.id, block["sequence"], client, notify.template_id)
    return approved


def numbers(workspace: Workspace, campaign_id: int) -> list[str]:
    return [r[0] for r in workspace.db.execute("SELECT recipient FROM messages WHERE campaign_id = ?", [campaign_id])]


@pytest.fixture
def sampled(workspace: Workspace) -> Workspace:
    """The sample practice, sending at any hour (replies are matched to texts sent before them)."""
    install_sample_data(workspace)
    update_settings(workspace, replace(get_settings(workspace), sending_start=time(0, 0), sending_end=time(23, 59)))
    today = utc_now().astimezone(UK).date()
    if today in bank_holidays(get_settings(workspace).region, [today.year]):
        pytest.skip("nothing is sent on a bank holiday")
    return workspace


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("Yes", "yes"), (" y ", "yes"), ("YES!", "yes"), ("no thanks", "no"), ("N.", "no"), ("Stop", "stop"),
     ("STOP ALL", "stop"), ("yes but my chest hurts", "other"), ("", "other"), ("2", "other")],
)  # fmt: skip
def test_what_a_patient_typed_is_read_as_an_answer(typed: str, answer: str) -> None:
    assert replies.answer_of(typed) == answer


def test_survey_answers_are_counted_and_other_replies_kept_with_the_patient(
    sampled: Workspace, client: NotifyClient, notify: NotifyStandIn
) -> None:
    survey = sent_campaign(sampled, client, notify, Purpose.SURVEY, "Booking survey")
    first, second, third = (number.lstrip("+") for number in numbers(sampled, survey.id)[:3])
    notify.receive(first, "Yes")
    notify.receive(second, "no")
    notify.receive(third, "Only if it is on a Saturday")
    run = replies.fetch_replies(sampled, client)
    assert (run.fetched, run.counts) == (3, {"other": 1, "no": 1, "yes": 1})
    results = replies.survey_results(sampled, survey.id)
    assert (results.yes, results.no, results.other, results.total) == (1, 1, 1, 3)
    [other] = results.others
    assert other.body == "Only if it is on a Saturday" and other.mobile == "+" + third and other.name
    assert replies.fetch_replies(sampled, client).fetched == 0  # each reply is stored once


def test_a_reply_to_a_text_that_said_replies_are_not_read_is_only_counted(
    sampled: Workspace, client: NotifyClient, notify: NotifyStandIn
) -> None:
    flu = sent_campaign(sampled, client, notify, Purpose.CALL_TO_ACTION, "Flu")
    notify.receive(numbers(sampled, flu.id)[0].lstrip("+"), "Can I come on Tuesday? I have asthma")
    notify.receive("447400999999", "Who is this?")  # a number we never texted
    run = replies.fetch_replies(sampled, client)
    assert run.counts == {"not-read": 2}
    stored = sampled.db.execute("SELECT answer, body FROM replies").fetchall()
    assert stored == [("not-read", None), ("not-read", None)]  # the words are never kept
    assert replies.survey_results(sampled, flu.id).total == 0
    assert replies.not_read_count(sampled, utc_now() - timedelta(days=1)) == 2


def test_stop_puts_the_number_on_the_do_not_text_list_and_it_is_never_texted_again(
    sampled: Workspace, client: NotifyClient, notify: NotifyStandIn
) -> None:
    flu = sent_campaign(sampled, client, notify, Purpose.CALL_TO_ACTION, "Flu")
    stopped = numbers(sampled, flu.id)[0]
    notify.receive(stopped.lstrip("+"), "STOP")
    assert replies.fetch_replies(sampled, client).counts == {"stop": 1}
    assert [(e.kind, e.value, e.reason) for e in do_not_text.entries(sampled.db)] == [("mobile", stopped, "stop")]
    again = ready_campaign(sampled, "Flu again")
    again = campaigns.save_draft(sampled, replace(again, options=CampaignOptions(keep_recent_same_purpose=True)))
    assert stopped not in {row["mobile"] for row in campaigns.recipients(sampled, again)}


def test_a_number_the_survey_texted_for_several_patients_counts_as_other(
    sampled: Workspace, client: NotifyClient, notify: NotifyStandIn
) -> None:
    survey = sent_campaign(sampled, client, notify, Purpose.SURVEY, "Booking survey", every=True)
    sent = numbers(sampled, survey.id)
    shared = next(number for number in sent if sent.count(number) > 1)
    notify.receive(shared.lstrip("+"), "yes")
    assert replies.fetch_replies(sampled, client).counts == {"other": 1}


def test_replies_are_read_page_by_page_back_to_the_last_one_stored(
    sampled: Workspace, client: NotifyClient, notify: NotifyStandIn
) -> None:
    for n in range(260):  # more than a page of 250
        notify.receive(f"4474009{n:05d}", "hello")
    assert replies.fetch_replies(sampled, client).fetched == 260
    notify.receive("447400900001", "again")
    assert replies.fetch_replies(sampled, client).fetched == 1
    gets = [path for _, method, path in notify.requests if path.startswith("/v2/received-text-messages")]
    assert len(gets) == 3 + 1  # two pages and an empty one, then one page that reached a stored reply
