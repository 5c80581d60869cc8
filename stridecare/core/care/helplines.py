"""Emergency, urgent and crisis numbers per country (REFERENCE.md 0.3 and 8.3: "configured per
locale/clinic"), and turning any text that holds such numbers into tap-to-call links.

These are public service numbers. Each country's entry names the public page it comes from; a
clinic checks them before go-live and can change every one of them (only the numbers and the
notification channel may be configured, 8.3 rule 6). Names and notes are our own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LinkKind = Literal["tel", "sms"]


@dataclass(frozen=True, slots=True)
class CountryHelplines:
    """One country's defaults. ``urgent`` is the line for "needs a doctor soon, not an emergency";
    ``crisis`` lines are written as a runner reads them, each number in plain digits and spaces."""

    code: str
    name: str
    emergency: str
    emergency_note: str
    urgent: str
    crisis: tuple[str, ...]
    sources: tuple[str, ...]


FALLBACK_COUNTRY = "EU"

HELPLINES: dict[str, CountryHelplines] = {
    c.code: c
    for c in (
        CountryHelplines(
            "US",
            "United States",
            "911",
            "police, fire and ambulance",
            "",
            (
                "988 Suicide & Crisis Lifeline: call or text 988 (free, 24/7)",
                "Crisis Text Line: text HOME to 741741 (free, 24/7)",
            ),
            ("911.gov", "988lifeline.org", "crisistextline.org"),
        ),
        CountryHelplines(
            "CA",
            "Canada",
            "911",
            "police, fire and ambulance",
            "811 health advice line (most provinces)",
            ("9-8-8 Suicide Crisis Helpline: call or text 988 (free, 24/7)",),
            ("canada.ca", "988.ca"),
        ),
        CountryHelplines(
            "GB",
            "United Kingdom",
            "999",
            "ambulance, police, fire (112 works too)",
            "NHS 111 (free, 24/7)",
            ("Samaritans: 116 123 (free, 24/7)", "Shout: text SHOUT to 85258 (free, 24/7)"),
            ("nhs.uk", "samaritans.org", "giveusashout.org"),
        ),
        CountryHelplines(
            "IE",
            "Ireland",
            "112",
            "or 999: ambulance, Garda, fire",
            "",
            ("Samaritans: 116 123 (free, 24/7)", "Text About It: text HELLO to 50808 (free, 24/7)"),
            ("gov.ie", "samaritans.org (Ireland)", "50808.ie"),
        ),
        CountryHelplines(
            "AU",
            "Australia",
            "000",
            "police, fire, ambulance (112 from mobiles)",
            "healthdirect 1800 022 222 (nurse advice, 24/7)",
            ("Lifeline: 13 11 14 (24/7)", "Lifeline: text 0477 131 114"),
            ("triplezero.gov.au", "healthdirect.gov.au", "lifeline.org.au"),
        ),
        CountryHelplines(
            "NZ",
            "New Zealand",
            "111",
            "police, fire, ambulance",
            "Healthline 0800 611 116 (free, 24/7)",
            ("Need to talk? Call or text 1737 (free, 24/7)", "Lifeline: 0800 543 354 (free, 24/7)"),
            ("police.govt.nz", "info.health.nz", "1737.org.nz", "lifeline.org.nz"),
        ),
        CountryHelplines(
            "DE",
            "Germany",
            "112",
            "Feuerwehr und Rettungsdienst (ambulance, fire)",
            "116 117 ärztlicher Bereitschaftsdienst (doctor on call)",
            ("TelefonSeelsorge: 0800 111 0 111 or 0800 111 0 222 (free, 24/7)",),
            ("116117.de", "telefonseelsorge.de"),
        ),
        CountryHelplines(
            "FR",
            "France",
            "112",
            "ambulance, police, fire (the SAMU takes medical calls)",
            "",
            ("3114, national suicide prevention line (free, 24/7)",),
            ("service-public.fr", "3114.fr"),
        ),
        CountryHelplines(
            "NL",
            "Netherlands",
            "112",
            "ambulance, police, fire",
            "",
            ("113 Zelfmoordpreventie: 113 or 0800 0113 (free, 24/7)",),
            ("government.nl", "113.nl"),
        ),
        CountryHelplines(
            "ES",
            "Spain",
            "112",
            "emergencias (ambulance, police, fire)",
            "",
            ("024, line for suicidal thoughts (free, 24/7)",),
            ("proteccioncivil.es", "sanidad.gob.es"),
        ),
        CountryHelplines(
            "IT",
            "Italy",
            "112",
            "numero unico di emergenza (ambulance, police, fire)",
            "",
            ("Telefono Amico Italia: 02 2327 2327",),
            ("interno.gov.it", "telefonoamico.it"),
        ),
        CountryHelplines(
            FALLBACK_COUNTRY,
            "Europe",
            "112",
            "the European emergency number",
            "",
            ("116 123 emotional support line (in several European countries)",),
            ("European Commission: the European emergency number and the harmonised helpline numbers",),
        ),
    )
}

COUNTRY_CHOICES: tuple[tuple[str, str], ...] = tuple(
    sorted(((c.code, c.name) for c in HELPLINES.values() if c.code != FALLBACK_COUNTRY), key=lambda pair: pair[1])
) + ((FALLBACK_COUNTRY, "Other country in Europe (112)"),)

# The zone a clinic already set says its country; used once to migrate clinics saved before
# the country existed. Zones not listed give the fallback.
_ZONE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("Europe/London", "GB"),
    ("Europe/Belfast", "GB"),
    ("Europe/Dublin", "IE"),
    ("Europe/Berlin", "DE"),
    ("Europe/Paris", "FR"),
    ("Europe/Amsterdam", "NL"),
    ("Europe/Madrid", "ES"),
    ("Atlantic/Canary", "ES"),
    ("Europe/Rome", "IT"),
    ("Australia/", "AU"),
    ("Pacific/Auckland", "NZ"),
    ("Pacific/Chatham", "NZ"),
    ("America/Toronto", "CA"),
    ("America/Vancouver", "CA"),
    ("America/Edmonton", "CA"),
    ("America/Winnipeg", "CA"),
    ("America/Halifax", "CA"),
    ("America/St_Johns", "CA"),
    ("America/Regina", "CA"),
    ("America/Montreal", "CA"),
    ("America/New_York", "US"),
    ("America/Chicago", "US"),
    ("America/Denver", "US"),
    ("America/Los_Angeles", "US"),
    ("America/Phoenix", "US"),
    ("America/Anchorage", "US"),
    ("Pacific/Honolulu", "US"),
    ("America/Detroit", "US"),
    ("US/", "US"),
    ("Canada/", "CA"),
    ("GB", "GB"),
    ("Eire", "IE"),
    ("NZ", "NZ"),
)
_NUMBER_COUNTRY = {"999": "GB", "911": "US", "000": "AU", "111": "NZ"}


def helplines_for(code: str | None) -> CountryHelplines:
    """The defaults of a country code; an unknown or empty code gives the European 112 fallback."""
    return HELPLINES.get((code or "").upper(), HELPLINES[FALLBACK_COUNTRY])


def guess_country(zone: str, emergency_number: str = "", fallback: str = FALLBACK_COUNTRY) -> str:
    """A clinic's likely country from its time zone, else from its emergency number, else ``fallback``."""
    for prefix, code in _ZONE_PREFIXES:
        if zone == prefix or (prefix.endswith("/") and zone.startswith(prefix)):
            return code
    return _NUMBER_COUNTRY.get(emergency_number.strip(), fallback if fallback in HELPLINES else FALLBACK_COUNTRY)


# A phone number inside text: digits, with single spaces, dashes or dots between groups, at least
# 3 digits in all (so "24/7" or "2 weeks" stay text), optionally starting with "+".
_NUMBER = re.compile(r"(?<![\w+])\+?\d(?:[ .\-]?\d)+(?![\w])")
# "text HOME to 741741", "text 85258": the number takes a text message, not a call.
# "call or text 988" stays a call: a call reaches a person whatever the phone.
_TEXT_TO = re.compile(r"(?<!call or )\btext\s+(?:(?P<word>[A-Z]{2,})\s+to\s+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text, with the link it opens when it is a number (``href`` None for plain text)."""

    text: str
    href: str | None = None


def number_href(number: str, kind: LinkKind = "tel", body: str = "") -> str:
    """``tel:``/``sms:`` address of a number as written: digits only, keeping a leading "+"."""
    digits = ("+" if number.strip().startswith("+") else "") + re.sub(r"\D", "", number)
    return f"{kind}:{digits}" + (f"?body={body}" if kind == "sms" and body else "")


def phone_segments(text: str) -> list[Segment]:
    """Split text into plain parts and numbers; each number of at least 3 digits gets a ``tel:``
    link, or an ``sms:`` link where the text says to text it ("text HOME to 741741")."""
    out: list[Segment] = []
    last = 0
    for match in _NUMBER.finditer(text):
        number = match.group(0)
        if sum(ch.isdigit() for ch in number) < 3:
            continue
        before = text[last : match.start()]
        texted = _TEXT_TO.search(text[: match.start()])
        href = (
            number_href(number, "sms", (texted.group("word") or "") if texted else "")
            if texted
            else number_href(number)
        )
        if before:
            out.append(Segment(before))
        out.append(Segment(number, href))
        last = match.end()
    if last < len(text):
        out.append(Segment(text[last:]))
    return out


def has_number(text: str) -> bool:
    return any(segment.href for segment in phone_segments(text))
