"""A stand-in for GOV.UK Notify's text endpoints, on 127.0.0.1: for the tests and the demo mode.

It checks the JWT as Notify does (HS256, the service id as `iss`, `iat` within 30 seconds), the
phone number and the template, keeps the texts it takes, enforces a per-minute and a daily limit,
and can be told to fail the next requests the ways a real service and network fail: an error
status, a rate limit, an answer that never comes, a connection dropped after the text was
taken, or another server's page instead of Notify's answer. Texts are "created" until
settle(); numbers from Notify's test list then fail as they do there (07700900002 permanently,
07700900003 temporarily), every other one is "delivered".
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import phonenumbers

from desktop.core.notify_rules import notify_measurement
from desktop.core.phone import is_crown_dependency

PAGE = 250
SMS_RATE = 0.024  # pounds a fragment before VAT, as Notify charges from 1 April 2026
_FAILING = {"+447700900002": "permanent-failure", "+447700900003": "temporary-failure"}


@dataclass
class StoredText:
    id: str
    reference: str | None
    phone_number: str  # E.164
    template_id: str
    body: str
    created_at: str
    status: str = "created"

    def as_json(self) -> dict[str, Any]:
        fragments, multiplier = self.billing
        return {
            "id": self.id,
            "reference": self.reference,
            "type": "sms",
            "status": self.status,
            "phone_number": self.phone_number,
            "body": self.body,
            "template": {"id": self.template_id, "version": 1, "uri": f"/v2/template/{self.template_id}"},
            "created_at": self.created_at,
            "completed_at": None if self.status in ("created", "sending") else self.created_at,
            "is_cost_data_ready": self.status not in ("created", "sending"),
            "cost_in_pounds": round(fragments * multiplier * SMS_RATE, 6),
            "cost_details": {
                "billable_sms_fragments": fragments,
                "international_rate_multiplier": multiplier,
                "sms_rate": SMS_RATE,
            },
        }

    @property
    def billing(self) -> tuple[int, int]:
        """(fragments, rate multiplier), as Notify bills: its own count; the Crown dependencies twice."""
        return notify_measurement(self.body).fragments, 2 if is_crown_dependency(self.phone_number) else 1


@dataclass
class NotifyStandIn:
    """The service's state; start() serves it on a free port of 127.0.0.1 (see .url)."""

    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    per_minute: int = 3_000
    per_day: int = 250_000
    texts: list[StoredText] = field(default_factory=list)
    templates: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (type, body)
    received: list[dict[str, str]] = field(default_factory=list)  # newest first, as Notify lists them
    faults: deque[str] = field(default_factory=deque)  # for the next requests, in order ("ok": none)
    hang_seconds: float = 2.0  # how long an answer that "never comes" is held
    answer_after: float = 0.0  # seconds every answer takes (a slow network, to stop a sender part way)
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # (time, method, path), all of them

    def __post_init__(self) -> None:
        self.template_id = str(uuid.uuid4())
        self.templates[self.template_id] = ("sms", "((message))")
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._last_minute: deque[float] = deque()  # request times, for the limits without rescanning
        self._last_day: deque[float] = deque()  # send times

    @property
    def api_key(self) -> str:
        return f"demo-{self.service_id}-{self.secret}"

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> NotifyStandIn:
        handler = type("Handler", (_Handler,), {"service": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._serve, args=(self._server,), name="notify-standin", daemon=True).start()
        return self

    @staticmethod
    def _serve(server: ThreadingHTTPServer) -> None:
        server.serve_forever(poll_interval=0.05)  # so stop() returns at once

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def settle(self, status: str | None = None) -> None:
        """Every text taken reaches its final status: `status`, or delivered but for the failing test numbers."""
        with self._lock:
            for text in self.texts:
                if text.status in ("created", "sending"):
                    text.status = status or _FAILING.get(text.phone_number, "delivered")

    def receive(self, user_number: str, content: str) -> None:
        """A patient's reply to the service's inbound number."""
        with self._lock:
            self.received.insert(
                0,
                {
                    "id": str(uuid.uuid4()),
                    "user_number": user_number,
                    "notify_number": "07700900000",
                    "content": content,
                    "created_at": _now(),
                    "service_id": self.service_id,
                },
            )

    # --- what the handler calls, under the lock ---------------------------------------

    def _authorised(self, header: str) -> tuple[int, str] | None:
        token = header.removeprefix("Bearer ").strip()
        if not header.startswith("Bearer ") or not token:
            return 401, "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(token, self.secret, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            return 403, "Invalid token: API key not found"
        if claims.get("iss") != self.service_id:
            return 403, "Invalid token: API key not found"
        if abs(time.time() - float(claims.get("iat", 0))) > 30:
            return 403, "Error: Your system clock must be accurate to within 30 seconds"
        return None

    def _over_limit(self, now: float, sending: bool) -> tuple[str, str] | None:
        """Count this request, then say whether it is over a limit (as Notify counts: it still counts)."""
        self._last_minute.append(now)
        while now - self._last_minute[0] >= 60:
            self._last_minute.popleft()
        if sending:
            self._last_day.append(now)
            while now - self._last_day[0] >= 86_400:
                self._last_day.popleft()
            if len(self._last_day) > self.per_day:
                return "TooManyRequestsError", f"Exceeded send limits (sms: {self.per_day}) for today"
        if len(self._last_minute) > self.per_minute:
            limit = f"Exceeded rate limit for key type LIVE of {self.per_minute} requests per 60 seconds"
            return "RateLimitError", limit
        return None

    def _send(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        number = _uk_mobile(str(body.get("phone_number", "")))
        if number is None:
            return 400, _errors("ValidationError", "phone_number Not a UK mobile number")
        template = self.templates.get(str(body.get("template_id", "")))
        if template is None or template[0] != "sms":
            return 400, _errors("BadRequestError", "Template not found")
        message = (body.get("personalisation") or {}).get("message")
        if not isinstance(message, str) or not message.strip():
            return 400, _errors("BadRequestError", "Missing personalisation: message")
        text = StoredText(str(uuid.uuid4()), body.get("reference"), number, body["template_id"], message, _now())
        self.texts.append(text)
        return 201, {
            "id": text.id,
            "reference": text.reference,
            "content": {"body": message, "from_number": "GOVUK"},
            "uri": f"/v2/notifications/{text.id}",
            "template": {"id": text.template_id, "version": 1, "uri": f"/v2/template/{text.template_id}"},
        }

    def _listing(self, query: dict[str, list[str]]) -> dict[str, Any]:
        wanted = [t for t in reversed(self.texts) if "reference" not in query or t.reference == query["reference"][0]]
        if "older_than" in query:
            ids = [t.id for t in wanted]
            after = query["older_than"][0]
            wanted = wanted[ids.index(after) + 1 :] if after in ids else []
        page = wanted[:PAGE]
        links = {"current": "/v2/notifications"}
        if len(wanted) > PAGE:
            links["next"] = f"/v2/notifications?older_than={page[-1].id}"
        return {"notifications": [t.as_json() for t in page], "links": links}


def _errors(kind: str, message: str) -> dict[str, Any]:
    return {"errors": [{"error": kind, "message": message}]}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _uk_mobile(raw: str) -> str | None:
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44 or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        if not raw.replace(" ", "").endswith(("7700900002", "7700900003", "7700900000")):
            return None  # Notify's own test numbers are in the drama range, which the library refuses
        return "+44" + raw.replace(" ", "")[-10:]
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class _Handler(BaseHTTPRequestHandler):
    service: NotifyStandIn
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go as two writes: without this, 40 ms each

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests and the demo read the service's state, not a log

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        service = self.service
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with service._lock:
            service.requests.append((time.time(), method, parts.path))
            fault = service.faults.popleft() if service.faults else None
            refused = service._authorised(self.headers.get("Authorization", ""))
        if fault == "drop-before":
            self.close_connection = True
            self.connection.close()
            return
        if fault in ("500", "503"):
            return self._reply(int(fault), _errors("Exception", "Internal server error"))
        if fault == "429":
            return self._reply(429, _errors("RateLimitError", "Exceeded rate limit for key type LIVE"))
        if refused is not None:
            status, message = refused
            return self._reply(status, _errors("AuthError", message))
        with service._lock:
            limited = service._over_limit(time.time(), method == "POST")
            if limited is not None:
                return self._reply(429, _errors(*limited))
            status, body = self._route(method, parts.path, parse_qs(parts.query), raw)
        if fault == "drop-after":  # the text was taken; the answer is lost
            self.close_connection = True
            self.connection.close()
            return
        if fault == "hang-after":  # the text was taken; the answer comes too late
            time.sleep(service.hang_seconds)
        elif service.answer_after:
            time.sleep(service.answer_after)
        if fault == "not-json":  # the text was taken; something in between answers with its own page
            return self._reply(200, None)
        self._reply(status, body)

    def _route(self, method: str, path: str, query: dict[str, list[str]], raw: bytes) -> tuple[int, dict[str, Any]]:
        service = self.service
        if method == "POST" and path == "/v2/notifications/sms":
            try:
                return service._send(json.loads(raw or b"{}"))
            except json.JSONDecodeError:
                return 400, _errors("BadRequestError", "Invalid JSON supplied in POST data")
        if method == "GET" and path == "/v2/notifications":
            return 200, service._listing(query)
        if method == "GET" and path.startswith("/v2/notifications/"):
            wanted = path.rsplit("/", 1)[1]
            found = next((t for t in service.texts if t.id == wanted), None)
            return (200, found.as_json()) if found else (404, _errors("NoResultFound", "No result found"))
        if method == "GET" and path.startswith("/v2/template/"):
            wanted = path.rsplit("/", 1)[1]
            if wanted not in service.templates:
                return 404, _errors("NoResultFound", "No result found")
            kind, body = service.templates[wanted]
            return 200, {"id": wanted, "type": kind, "body": body, "version": 1, "name": "Practice messages"}
        if method == "GET" and path == "/v2/received-text-messages":
            texts = service.received
            if "older_than" in query:
                ids = [t["id"] for t in texts]
                after = query["older_than"][0]
                texts = texts[ids.index(after) + 1 :] if after in ids else []
            return 200, {"received_text_messages": texts[:PAGE], "links": {"current": path}}
        return 404, _errors("NotFound", "Not found")

    def _reply(self, status: int, body: dict[str, Any] | None) -> None:
        data = json.dumps(body).encode() if body is not None else b"<html>Proxy: access policy</html>"
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if body is not None else "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.wfile.write(data)
