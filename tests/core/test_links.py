from __future__ import annotations

import pytest

from desktop.core.links import domain_of, find_links, normalise_domain

ALLOWED = ["nhs.uk", "gov.uk", "riverside-surgery.co.uk"]


@pytest.mark.parametrize(
    ("text", "url", "domain", "allowed"),
    [
        ("Book at https://www.nhs.uk/flu.", "https://www.nhs.uk/flu", "nhs.uk", True),
        ("see www.riverside.nhs.uk/book)", "www.riverside.nhs.uk/book", "riverside.nhs.uk", True),
        ("Info: https://www.gov.uk/covid-19", "https://www.gov.uk/covid-19", "gov.uk", True),
        ("Upload: riverside-surgery.co.uk/photos", "riverside-surgery.co.uk/photos", "riverside-surgery.co.uk", True),
        ("Click http://nhs.uk.evil.com/x", "http://nhs.uk.evil.com/x", "nhs.uk.evil.com", False),
        ("Click http://fakenhs.uk/x", "http://fakenhs.uk/x", "fakenhs.uk", False),
        ("Short: bit.ly/3xyz", "bit.ly/3xyz", "bit.ly", False),
    ],
)
def test_links_are_found_and_checked(text: str, url: str, domain: str, allowed: bool) -> None:
    [link] = find_links(text, ALLOWED)
    assert (link.url, link.domain, link.allowed) == (url, domain, allowed)


@pytest.mark.parametrize("text", ["See you at 10.30/11.00", "e.g. bring ID", "Call 0113 243 4567", "a@b.com"])
def test_things_that_are_not_links(text: str) -> None:
    assert find_links(text, ALLOWED) == []


def test_domains_as_people_type_them() -> None:
    assert normalise_domain(" https://www.Riverside.nhs.uk/contact ") == "riverside.nhs.uk"
    assert normalise_domain("www.nhs.uk") == "nhs.uk"
    assert domain_of("HTTPS://WWW.NHS.UK/x") == "nhs.uk"


@pytest.mark.parametrize(
    ("typed", "domain"),
    [
        ("  ", ""),
        ("https://", ""),  # a scheme and nothing else names no website
        ("www.riverside.nhs.uk.", "riverside.nhs.uk"),  # a trailing dot, as in a DNS name
        (".nhs.uk", "nhs.uk"),
        ("nhs.uk:443", "nhs.uk"),  # a port, no slash
        ("HTTPS://WWW.Riverside.NHS.uk/flu", "riverside.nhs.uk"),
    ],
)
def test_a_typed_domain_is_reduced_to_the_domain_alone(typed: str, domain: str) -> None:
    assert normalise_domain(typed) == domain


def test_a_domain_typed_with_a_path_is_the_domain() -> None:
    assert normalise_domain("www.riverside.nhs.uk/flu") == "riverside.nhs.uk"
