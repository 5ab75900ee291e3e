"""The Notify client against a real HTTP server on 127.0.0.1 that checks what Notify checks."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import jwt
import pytest

from desktop.demo.notify_standin import NotifyStandIn
from desktop.gateways.notify import (
    ApiKey,
    GatewayUnavailable,
    MessageRefused,
    NotFound,
    NotifyClient,
    NotifyKeyError,
    OutcomeUnknown,
    RateLimited,
    RunStopped,
)

REAL_MOBILE = "07908 869209"  # a drama-range number (07700 900...) the library would refuse


@pytest.fixture
def notify() -> Iterator[NotifyStandIn]:
    service = NotifyStandIn(hang_seconds=1.0).start()
    yield service
    service.stop()


def client_for(service: NotifyStandIn, **kwargs: object) -> NotifyClient:
    return NotifyClient(ApiKey.parse(service.api_key), service.url, timeout=(2, 0.5), **kwargs)  # type: ignore[arg-type]


def test_a_text_is_sent_through_the_message_template_and_can_be_looked_up(notify: NotifyStandIn) -> None:
    with client_for(notify) as client:
        sent = client.send_text(REAL_MOBILE, notify.template_id, "Book your flu jab. Do not reply.", "pm-1-2-3")
        assert sent.reference == "pm-1-2-3"
        stored = notify.texts[0]
        assert (stored.phone_number, stored.body, stored.reference) == (
            "+447908869209",
            "Book your flu jab. Do not reply.",
            "pm-1-2-3",
        )
        assert client.status(sent.id).status == "created"
        notify.settle()
        status = client.status(sent.id)
        assert status.status == "delivered" and status.fragments == 1 and status.cost_in_pounds == 0.024
        assert [s.id for s in client.by_reference("pm-1-2-3")] == [sent.id]
        assert client.by_reference("pm-9-9-9") == []


def test_the_token_is_what_notify_expects(notify: NotifyStandIn) -> None:
    key = ApiKey.parse(notify.api_key)
    claims = jwt.decode(key.token(1_700_000_000), notify.secret, algorithms=["HS256"], options={"verify_iat": False})
    assert claims == {"iss": notify.service_id, "iat": 1_700_000_000}
    assert jwt.get_unverified_header(key.token(0)) == {"alg": "HS256", "typ": "JWT"}


@pytest.mark.parametrize("text", ["", "not a key", "name-" + "x" * 73, "name-1234-5678"])
def test_a_key_that_is_not_one_is_refused_plainly(text: str) -> None:
    with pytest.raises(NotifyKeyError, match=r"not a GOV\.UK Notify API key"):
        ApiKey.parse(text)


def test_the_secret_is_never_shown(notify: NotifyStandIn) -> None:
    key = ApiKey.parse(notify.api_key)
    assert notify.secret not in repr(key) and notify.service_id in repr(key)


def test_a_wrong_key_stops_the_run_and_says_so(notify: NotifyStandIn) -> None:
    wrong = NotifyStandIn(service_id=notify.service_id)  # same service, another secret
    with NotifyClient(ApiKey.parse(wrong.api_key), notify.url) as client, pytest.raises(RunStopped, match="API key"):
        client.send_text(REAL_MOBILE, notify.template_id, "Hello. Do not reply.", "pm-1")
    assert notify.texts == []


def test_a_clock_more_than_30_seconds_out_is_named(notify: NotifyStandIn) -> None:
    with client_for(notify, clock=lambda: time.time() - 90) as client, pytest.raises(RunStopped, match="clock"):
        client.template(notify.template_id)


def test_a_number_notify_refuses_fails_that_text_only(notify: NotifyStandIn) -> None:
    with client_for(notify) as client:
        with pytest.raises(MessageRefused, match="Not a UK mobile number"):
            client.send_text("01132 434567", notify.template_id, "Hello. Do not reply.", "pm-1")
        client.send_text(REAL_MOBILE, notify.template_id, "Hello. Do not reply.", "pm-2")  # the next goes
    assert [t.reference for t in notify.texts] == ["pm-2"]


def test_an_unknown_template_stops_the_run(notify: NotifyStandIn) -> None:
    with client_for(notify) as client, pytest.raises(RunStopped, match="Template not found"):
        client.send_text(REAL_MOBILE, "00000000-0000-0000-0000-000000000000", "Hello.", "pm-1")


@pytest.mark.parametrize(("fault", "daily"), [("429", False)])
def test_too_many_requests_a_minute_is_a_wait(notify: NotifyStandIn, fault: str, daily: bool) -> None:
    notify.faults.append(fault)
    with client_for(notify) as client, pytest.raises(RateLimited) as caught:
        client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-1")
    assert caught.value.daily is daily


def test_the_days_limit_stops_sending_for_the_day(notify: NotifyStandIn) -> None:
    notify.per_day = 1
    with client_for(notify) as client:
        client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-1")
        with pytest.raises(RateLimited, match="tomorrow") as caught:
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-2")
    assert caught.value.daily is True


def test_the_per_minute_limit_is_enforced(notify: NotifyStandIn) -> None:
    notify.per_minute = 3
    with client_for(notify) as client:
        for n in range(3):
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", f"pm-{n}")
        with pytest.raises(RateLimited) as caught:
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-4")
    assert caught.value.daily is False and len(notify.texts) == 3


@pytest.mark.parametrize("fault", ["500", "503"])
def test_a_server_error_may_be_tried_again(notify: NotifyStandIn, fault: str) -> None:
    notify.faults.append(fault)
    with client_for(notify) as client:
        with pytest.raises(GatewayUnavailable):
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-1")
        client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-1")
    assert len(notify.texts) == 1


@pytest.mark.parametrize("fault", ["hang-after", "drop-after", "not-json"])
def test_a_lost_answer_after_the_text_was_taken_is_an_unknown_outcome(notify: NotifyStandIn, fault: str) -> None:
    """The text went: it must be looked up by its reference, never simply sent again."""
    notify.faults.append(fault)
    with client_for(notify) as client:
        with pytest.raises(OutcomeUnknown):
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-lost")
        assert [s.reference for s in client.by_reference("pm-lost")] == ["pm-lost"]


def test_a_connection_closed_before_the_text_was_taken_is_also_unknown_to_the_sender(notify: NotifyStandIn) -> None:
    """From outside, a dropped connection cannot tell whether the text was taken: look it up."""
    notify.faults.append("drop-before")
    with client_for(notify) as client:
        with pytest.raises(OutcomeUnknown):
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-1")
        assert client.by_reference("pm-1") == []  # the look-up shows it was not: safe to send


def test_a_service_that_cannot_be_reached_sent_nothing(notify: NotifyStandIn) -> None:
    url = notify.url
    notify.stop()
    with NotifyClient(ApiKey.parse(notify.api_key), url) as client, pytest.raises(GatewayUnavailable, match="reached"):
        client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-1")


def test_a_lost_answer_to_a_look_up_is_only_a_retry(notify: NotifyStandIn) -> None:
    notify.faults.append("hang-after")
    with client_for(notify) as client, pytest.raises(GatewayUnavailable):
        client.by_reference("pm-1")


def test_the_template_can_be_checked(notify: NotifyStandIn) -> None:
    with client_for(notify) as client:
        template = client.template(notify.template_id)
        assert (template.type, template.body) == ("sms", "((message))")
        with pytest.raises(NotFound):
            client.template("00000000-0000-0000-0000-000000000000")


def test_many_texts_with_one_reference_are_read_page_by_page(notify: NotifyStandIn) -> None:
    with client_for(notify) as client:
        for _ in range(260):
            client.send_text(REAL_MOBILE, notify.template_id, "Hello.", "pm-batch")
        assert len(client.by_reference("pm-batch")) == 260


def test_replies_are_read_newest_first_and_further_back(notify: NotifyStandIn) -> None:
    notify.receive("447908869209", "YES")
    notify.receive("447908869210", "No thanks")
    with client_for(notify) as client:
        page = client.received_texts()
        assert [r.content for r in page] == ["No thanks", "YES"]
        assert [r.content for r in client.received_texts(older_than=page[0].id)] == ["YES"]


def test_nothing_personal_or_secret_is_logged(notify: NotifyStandIn, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with client_for(notify) as client:
        with pytest.raises(MessageRefused):
            client.send_text("01132 434567", notify.template_id, "Dear Margaret Smith", "pm-1")
        client.send_text(REAL_MOBILE, notify.template_id, "Dear Margaret Smith", "pm-2")
    logged = caplog.text
    for private in ("01132", "7908", "Margaret", notify.secret, "Bearer"):
        assert private not in logged


def test_the_stand_in_bills_as_notify_does_once_the_cost_is_ready(notify: NotifyStandIn) -> None:
    with client_for(notify) as client:
        long = client.send_text("+447400123456", notify.template_id, "a" * 161, "pm-1")  # two fragments
        crown = client.send_text("+447781123456", notify.template_id, "Hello", "pm-2")  # Guernsey: twice the rate
        assert client.status(long.id).cost_in_pounds is None  # not ready while sending
        notify.settle()
        first, second = client.status(long.id), client.status(crown.id)
    assert (first.fragments, first.rate_multiplier, first.cost_in_pounds) == (2, 1, 0.048)
    assert (second.fragments, second.rate_multiplier, second.cost_in_pounds) == (1, 2, 0.048)
