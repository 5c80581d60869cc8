"""Pages of the site itself: where Stridecare's advice comes from."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stridecare.accounts.access import public
from stridecare.core.evidence import CLINICAL_REFERENCE, STRENGTH_WORDS, WEB_CHECKED_WORDS, references


@public
def evidence(request: HttpRequest) -> HttpResponse:
    """The sources behind the rules, in plain words, each with an anchor (``#R01``) that the
    source links on other pages point to."""
    entries = list(references().values())
    return render(
        request,
        "evidence.html",
        {
            "studies": [r for r in entries if not r.is_web_page],
            "web_pages": [r for r in entries if r.is_web_page],
            "strength": STRENGTH_WORDS,
            "web_checked": WEB_CHECKED_WORDS,
            "clinical_reference": CLINICAL_REFERENCE,
        },
    )
