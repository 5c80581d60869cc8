"""Shared builders for the care tests."""

from __future__ import annotations

from django.test import Client

from stridecare.care import notes
from stridecare.core.care import region_by_code


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def evaluation_post(region: str = "anterior_knee", **overrides) -> dict:
    """A valid evaluation POST for ``region``: every test not tested unless overridden."""
    data = {f"test_{t.code}": "not_tested" for t in region_by_code(region).tests}
    data.update(
        {
            "history": "Gradual anterior knee pain for 6 weeks after adding hills.",
            "diagnosis_code": "pfp",
            "goals": "Run 10 km pain-free.",
            "plan": "Hip and knee strength, 3x/week.",
            "runner_summary": "Strength work at home.",
        }
    )
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def followup_post(**overrides) -> dict:
    data = {
        "subjective": "Better on stairs.",
        "pain_nprs": "2",
        "objective": "Squat pain-free.",
        "assessment": "Improving.",
        "plan": "Progress to step-downs.",
        "runner_summary": "Keep going.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def make_note(world, *, author=None, runner=None, kind="follow_up", region="", content=None):
    content = (
        content
        if content is not None
        else {
            "subjective": "Sore",
            "assessment": "CONFIDENTIAL-REASONING",
            "plan": "Load",
            "objective": "",
            "pain_nprs": 3,
            "runner_summary": "Keep walking daily.",
        }
    )
    return notes.create_note(
        runner=runner or world.runner, author=author or world.therapist, kind=kind, region=region, content=content
    )


def assert_error_next_to(html: str, field_id: str, message: str) -> None:
    """The field's error list follows its own input, with no other input in between."""
    field_at = html.index(f'id="{field_id}"')
    error_at = html.index(f'id="{field_id}_error"')
    between = html[field_at + 1 : error_at]
    assert field_at < error_at and not any(tag in between for tag in ("<input", "<select", "<textarea")), (
        f"{field_id}: error is not next to it"
    )
    assert message in html[error_at : error_at + 400], f"{field_id}: {message!r} missing"
