"""Links in messages: found, and checked against the domains the practice trusts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_ALLOWED_DOMAINS = ("nhs.uk", "gov.uk")
# A scheme or www., or a bare domain followed by a path (riverside.nhs.uk/flu, bit.ly/x).
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6}/[^\s<>\"']*",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?)]}'\""


@dataclass(frozen=True)
class Link:
    url: str
    domain: str
    allowed: bool


def find_links(text: str, allowed_domains: Iterable[str]) -> list[Link]:
    """Every link in the text, with its domain and whether the allow-list covers it."""
    allowed = [normalise_domain(d) for d in allowed_domains if normalise_domain(d)]
    links = []
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        domain = domain_of(url)
        links.append(Link(url, domain, any(domain == d or domain.endswith("." + d) for d in allowed)))
    return links


def domain_of(url: str) -> str:
    with_scheme = url if "://" in url else "https://" + url
    host = urlsplit(with_scheme).hostname or ""
    return host.lower().removeprefix("www.")


def normalise_domain(value: str) -> str:
    """What a person types for a domain (https://www.riverside.nhs.uk/) down to riverside.nhs.uk."""
    text = value.strip().lower()
    if not text:
        return ""
    return domain_of(text) if ("/" in text or ":" in text) else text.removeprefix("www.").strip(".")
