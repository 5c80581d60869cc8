"""Country numbers and the one function that turns numbers in text into tap-to-call links."""

import pytest

from stridecare.core.care.helplines import (
    COUNTRY_CHOICES,
    FALLBACK_COUNTRY,
    HELPLINES,
    guess_country,
    has_number,
    helplines_for,
    number_href,
    phone_segments,
)


def links(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.href) for s in phone_segments(text) if s.href]


def test_each_country_a_clinic_is_likely_in_has_emergency_and_crisis_numbers_with_sources():
    for code in ("US", "CA", "GB", "IE", "AU", "NZ", "DE", "FR", "NL", "ES", "IT", FALLBACK_COUNTRY):
        entry = HELPLINES[code]
        assert entry.emergency.isdigit() and entry.crisis and entry.sources, code
        assert all(has_number(line) for line in entry.crisis), code
    assert {code for code, _ in COUNTRY_CHOICES} == set(HELPLINES)


def test_the_published_numbers_of_three_countries():
    us, gb, eu = helplines_for("US"), helplines_for("gb"), helplines_for("")
    assert (
        us.emergency == "911"
        and ("988", "tel:988") in links(us.crisis[0])
        and ("741741", "sms:741741?body=HOME") in links(us.crisis[1])
    )
    assert (
        gb.emergency == "999"
        and links(gb.urgent) == [("111", "tel:111")]
        and ("116 123", "tel:116123") in links(gb.crisis[0])
    )
    assert eu.code == FALLBACK_COUNTRY and eu.emergency == "112" and helplines_for("XX") == eu


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Samaritans: 116 123 (free, 24/7)", [("116 123", "tel:116123")]),  # "24/7" stays text
        ("call 999 or 112", [("999", "tel:999"), ("112", "tel:112")]),
        ("Shout: text SHOUT to 85258", [("85258", "sms:85258?body=SHOUT")]),
        ("call or text 988", [("988", "tel:988")]),  # a call reaches a person on any phone
        ("+44 20 7946 0000", [("+44 20 7946 0000", "tel:+442079460000")]),
        (
            "TelefonSeelsorge 0800 111 0 111 or 0800 111 0 222",
            [("0800 111 0 111", "tel:08001110111"), ("0800 111 0 222", "tel:08001110222")],
        ),
        ("see a doctor within 24 hours, 2 weeks", []),
    ],
)
def test_numbers_in_text_become_links_and_the_rest_stays_text(text, expected):
    assert links(text) == expected
    assert "".join(s.text for s in phone_segments(text)) == text  # nothing lost or added


def test_hrefs_are_digits_only():
    assert number_href("116 123") == "tel:116123" and number_href(" +1 (555) 010-0000") == "tel:+15550100000"


def test_the_country_is_guessed_from_the_zone_then_the_number():
    assert guess_country("Europe/London") == "GB" and guess_country("Australia/Perth") == "AU"
    assert guess_country("Asia/Tokyo", "911") == "US" and guess_country("Asia/Tokyo") == FALLBACK_COUNTRY
    assert guess_country("Asia/Tokyo", fallback="NZ") == "NZ"
