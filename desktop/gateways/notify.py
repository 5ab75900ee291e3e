"""GOV.UK Notify's REST API (v2) for texts: send, look up, check the template, read replies.

Every request carries a fresh JWT (HS256, `iss` the service id, `iat` now) signed with the API
key's secret; Notify refuses one more than 30 seconds off its clock. Answers are turned into
the few outcomes a sender acts on, each with a message a practice manager can act on:
- MessageRefused: Notify will not send this one text (its number or its content); carry on.
- RunStopped: nothing will go until a person acts (the key, the clock, trial mode, the template).
- RateLimited: too many requests this minute (wait), or the day's texts are used up.
- GatewayUnavailable: Notify or the network failed before the request could be taken: retry.
- OutcomeUnknown: the request went out but no answer came back: look the text up by its
  reference before ever sending it again.
The API key never appears in a message, a log line or a repr.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

import jwt
import requests
import truststore
from requests.adapters import HTTPAdapter

log = logging.getLogger(__name__)

NOTIFY_URL = "https://api.notifications.service.gov.uk"
TIMEOUT = (10, 30)  # seconds to connect, and to wait for an answer (the official client's 30)
_UUID_LENGTH = 36


class NotifyError(Exception):
    """Notify could not do what was asked; str() is a plain-English message for staff."""


class NotifyKeyError(NotifyError):
    """The text given as an API key is not one."""


class MessageRefused(NotifyError):
    """Notify refused this one text (e.g. its phone number); the others can still go."""


class RunStopped(NotifyError):
    """Nothing can be sent until a person acts: the key, the computer's clock, the account, the template."""


class RateLimited(NotifyError):
    """Too many requests: wait a minute, or (daily) no more texts can go today."""

    def __init__(self, message: str, daily: bool) -> None:
        super().__init__(message)
        self.daily = daily


class NotFound(NotifyError):
    """Notify has no such text or template."""


class GatewayUnavailable(NotifyError):
    """Notify or the network failed before the request was taken: it may be tried again."""


class OutcomeUnknown(NotifyError):
    """The request went out and no answer came: the text may or may not have been sent."""


@dataclass(frozen=True)
class ApiKey:
    """The service id and secret from a Notify API key, `{key name}-{service id}-{secret}`."""

    service_id: str
    secret: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> ApiKey:
        key = text.strip()
        service_id, secret = key[-2 * _UUID_LENGTH - 1 : -_UUID_LENGTH - 1], key[-_UUID_LENGTH:]
        if len(key) < 2 * _UUID_LENGTH + 1 or not (_is_uuid(service_id) and _is_uuid(secret)):
            raise NotifyKeyError(
                "This is not a GOV.UK Notify API key. Copy the whole key from Notify's API integration "
                "page: it ends with two long codes of letters, numbers and dashes."
            )
        return cls(service_id, secret)

    def token(self, now: float) -> str:
        return jwt.encode({"iss": self.service_id, "iat": int(now)}, self.secret, algorithm="HS256")


def _is_uuid(text: str) -> bool:
    parts = text.split("-")
    return [len(p) for p in parts] == [8, 4, 4, 4, 12] and all(c in "0123456789abcdefABCDEF" for c in "".join(parts))


@dataclass(frozen=True)
class SentText:
    """Notify's receipt for a text it has taken."""

    id: str
    reference: str | None


@dataclass(frozen=True)
class TextStatus:
    """What Notify knows of one text."""

    id: str
    reference: str | None
    # created, sending, pending, sent (international), delivered, permanent-failure,
    # temporary-failure, technical-failure
    status: str
    created_at: str | None = None
    completed_at: str | None = None
    cost_in_pounds: float | None = None  # once Notify has worked it out
    fragments: int | None = None
    rate_multiplier: float | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TextStatus:
        cost = data.get("cost_details") or {}
        ready = bool(data.get("is_cost_data_ready"))
        return cls(
            id=data["id"],
            reference=data.get("reference"),
            status=data["status"],
            created_at=data.get("created_at"),
            completed_at=data.get("completed_at"),
            cost_in_pounds=data.get("cost_in_pounds") if ready else None,
            fragments=cost.get("billable_sms_fragments") if ready else None,
            rate_multiplier=cost.get("international_rate_multiplier") if ready else None,
        )


@dataclass(frozen=True)
class Template:
    id: str
    type: str
    body: str


@dataclass(frozen=True)
class ReceivedText:
    """A text a patient sent to the service's inbound number."""

    id: str
    user_number: str
    content: str
    created_at: str


class _SystemTrust(HTTPAdapter):
    """HTTPS checked against the computer's own certificate store, as NHS networks that inspect
    TLS require (their certificate is installed there, not in Python's bundle)."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        return super().proxy_manager_for(proxy, **kwargs)


class NotifyClient:
    """One practice's Notify service, through one HTTP session (system proxy settings apply)."""

    def __init__(
        self,
        key: ApiKey,
        base_url: str = NOTIFY_URL,
        clock: Callable[[], float] = time.time,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self._key = key
        self._base = base_url.rstrip("/")
        self._clock = clock
        self._timeout = timeout
        self._session = requests.Session()
        self._session.mount("https://", _SystemTrust())
        self._session.headers["User-Agent"] = "practice-messaging"

    @property
    def stays_on_this_computer(self) -> bool:
        """Whether its address is this computer's own (the demo's stand-in), so no text can reach a phone."""
        host = urlsplit(self._base).hostname or ""
        if host == "localhost":
            return True
        try:
            return ip_address(host).is_loopback
        except ValueError:  # a name: it could be anywhere
            return False

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> NotifyClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send_text(self, phone_number: str, template_id: str, message: str, reference: str) -> SentText:
        """Send one text through the `((message))` template; raises one of the NotifyErrors."""
        body = {
            "phone_number": phone_number,
            "template_id": template_id,
            "personalisation": {"message": message},
            "reference": reference,
        }
        data = self._request("POST", "/v2/notifications/sms", json=body)
        return SentText(data["id"], data.get("reference"))

    def status(self, notification_id: str) -> TextStatus:
        return TextStatus.from_json(self._request("GET", f"/v2/notifications/{notification_id}"))

    def by_reference(self, reference: str) -> list[TextStatus]:
        """Every text Notify has with this reference (none: it never took one)."""
        found: list[TextStatus] = []
        params: dict[str, str] = {"template_type": "sms", "reference": reference}
        while True:
            page = self._request("GET", "/v2/notifications", params=params)
            texts = page.get("notifications", [])
            found += [TextStatus.from_json(t) for t in texts]
            if not texts or "next" not in page.get("links", {}):
                return found
            params = {**params, "older_than": texts[-1]["id"]}

    def texts_page(self, older_than: str | None = None) -> list[TextStatus]:
        """One page (up to 250) of the service's texts, newest first; pass the last id to read further back."""
        params = {"template_type": "sms", **({"older_than": older_than} if older_than else {})}
        page = self._request("GET", "/v2/notifications", params=params)
        return [TextStatus.from_json(t) for t in page.get("notifications", [])]

    def template(self, template_id: str) -> Template:
        data = self._request("GET", f"/v2/template/{template_id}")
        return Template(data["id"], data["type"], data["body"])

    def received_texts(self, older_than: str | None = None) -> list[ReceivedText]:
        """One page (up to 250) of replies, newest first; pass the last id to read further back."""
        params = {"older_than": older_than} if older_than else None
        data = self._request("GET", "/v2/received-text-messages", params=params)
        return [
            ReceivedText(t["id"], t["user_number"], t["content"], t["created_at"])
            for t in data.get("received_text_messages", [])
        ]

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._key.token(self._clock())}"}
        try:
            response = self._session.request(
                method, self._base + path, headers=headers, timeout=self._timeout, **kwargs
            )
        except requests.exceptions.SSLError as error:
            log.warning("Notify %s %s: TLS failed: %s", method, path, type(error).__name__)
            raise GatewayUnavailable(
                "The secure connection to GOV.UK Notify could not be checked. If your network inspects "
                "secure traffic, its certificate must be installed on this computer."
            ) from error
        except requests.exceptions.ConnectionError as error:
            if method == "POST" and not _never_connected(error):
                raise OutcomeUnknown(
                    "The connection to GOV.UK Notify was lost after the text was handed over, so it may have "
                    "been sent. It will be looked up before it is ever sent again."
                ) from error
            raise GatewayUnavailable("GOV.UK Notify could not be reached. Check the internet connection.") from error
        except requests.exceptions.Timeout as error:  # the request went out; no answer in time
            if method == "POST":
                raise OutcomeUnknown(
                    "GOV.UK Notify did not answer in time, so the text may have been sent. It will be looked "
                    "up before it is ever sent again."
                ) from error
            raise GatewayUnavailable("GOV.UK Notify did not answer in time.") from error
        return _answer(response, method, path)


def _never_connected(error: requests.exceptions.ConnectionError) -> bool:
    """True when no connection was made, so nothing was sent (refused, no route, DNS, connect timeout)."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return type(reason).__name__ in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError")


def _answer(response: requests.Response, method: str, path: str) -> dict[str, Any]:
    if response.ok:
        try:
            data: dict[str, Any] = response.json()
        except ValueError as not_json:  # e.g. a proxy's own page: whether Notify took the text is not known
            log.warning("Notify %s %s answered %d, not JSON", method, path, response.status_code)
            if method == "POST":
                raise OutcomeUnknown(
                    "Something between this computer and GOV.UK Notify answered instead of Notify, so the text "
                    "may have been sent. It will be looked up before it is ever sent again."
                ) from not_json
            raise GatewayUnavailable(
                "Something between this computer and GOV.UK Notify answered instead."
            ) from not_json
        return data
    error, text = _first_error(response)
    log.warning("Notify %s %s answered %d %s", method, path, response.status_code, error)  # never the message
    status = response.status_code
    if status == 400 and error == "ValidationError":
        raise MessageRefused(f"GOV.UK Notify refused this text: {text}")
    if status in (401, 403):
        if "clock" in text.lower():
            raise RunStopped(
                "GOV.UK Notify refused the request because this computer's clock is more than 30 seconds "
                "out. Set the clock to the right time (Windows: Settings, Time, Sync now) and try again."
            )
        raise RunStopped(
            "GOV.UK Notify did not accept the API key. Check it in Settings: it may have been revoked, "
            "or be for another service."
        )
    if status == 400:
        raise RunStopped(f"GOV.UK Notify will not send texts from this service yet: {text}")
    if status == 404:
        raise NotFound(f"GOV.UK Notify has no record of this: {text}")
    if status == 429:
        daily = error == "TooManyRequestsError"
        if daily:
            raise RateLimited("Today's GOV.UK Notify sending limit has been reached: the rest goes tomorrow.", True)
        raise RateLimited("GOV.UK Notify asked for fewer requests a minute: waiting before going on.", False)
    raise GatewayUnavailable(f"GOV.UK Notify had a problem ({status}); it will be tried again.")


def _first_error(response: requests.Response) -> tuple[str, str]:
    try:
        errors = response.json().get("errors") or [{}]
        return str(errors[0].get("error", "")), str(errors[0].get("message", ""))
    except (ValueError, AttributeError):
        return "", response.reason or ""
