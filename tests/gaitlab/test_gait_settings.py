"""The clinic admin's "Gait flag thresholds" page (REFERENCE.md 6.4 [H] values) and their use when
a runner of the clinic has a video analysed (the job path with a generated keypoint series: no
pose model)."""

from __future__ import annotations

import html
import math

import pytest
from django.urls import reverse

from stridecare.gaitlab.models import ClinicGaitSettings, GaitAnalysis
from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import make_analysis

URL = "/clinic/gait-settings/"
DEFAULTS = {  # REFERENCE.md 6.4, typed from its table
    "shank_angle_ic_above_deg": 10,
    "overstride_knee_flex_ic_below_deg": 15,
    "knee_flex_ic_below_deg": 10,
    "trunk_lean_above_deg": 20,
    "pelvic_drop_at_least_deg": 7,
    "pelvic_drop_side_difference_at_least_deg": 3,
    "knee_fppa_above_deg": 10,
    "gct_asymmetry_amber_pct": 5,
    "gct_asymmetry_red_pct": 10,
}


def stored(clinic) -> dict | None:
    row = ClinicGaitSettings.objects.filter(clinic=clinic).first()
    return None if row is None else row.values


def test_the_url_is_the_clinic_settings_one():
    assert reverse("gaitlab:gait_settings") == URL


def test_only_a_clinic_admin_opens_or_saves_the_page(world):
    anonymous = runner_client(world.runner)
    anonymous.logout()
    assert anonymous.get(URL)["Location"].startswith("/login/")
    for user in (world.runner, world.therapist, world.lone_runner):
        client = runner_client(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {**DEFAULTS, "trunk_lean_above_deg": 25}).status_code == 404
        assert client.post(URL, {"reset": "1"}).status_code == 404
    assert ClinicGaitSettings.objects.count() == 0
    page = runner_client(world.admin).get(URL)
    assert page.status_code == 200 and 'name="shank_angle_ic_above_deg"' in page.content.decode()


def test_the_other_clinics_admin_sees_and_changes_only_their_own_clinic(world):
    ClinicGaitSettings.objects.create(clinic=world.clinic, values={"shank_angle_ic_above_deg": 12.5})
    client = runner_client(world.other_admin)
    page = client.get(URL).content.decode()
    assert 'value="10.0"' in page and "12.5" not in page  # Hilltop sees REFERENCE.md's 10 deg, not Riverside's 12.5
    assert client.post(URL, {**DEFAULTS, "trunk_lean_above_deg": 25}).status_code == 302
    assert client.post(URL, {"reset": "1"}).status_code == 302
    assert stored(world.clinic) == {"shank_angle_ic_above_deg": 12.5}
    assert stored(world.other_clinic) == {}


def test_the_page_shows_each_reference_default_and_its_source(world):
    page = html.unescape(runner_client(world.admin).get(URL).content.decode())
    assert "REFERENCE.md default 10 deg: [H] amber > 10 deg at IC" in page
    assert "Source: REFERENCE.md 6.4 shank_angle_ic_deg, overstride" in page
    assert (
        "REFERENCE.md default 7 deg: [H] amber >= 7 deg or side difference >= 3 deg. Evidence OR 1.8/deg [V:R14]"
        in page
    )
    assert "REFERENCE.md default 10%: [H] amber >= 5%, red >= 10%" in page
    assert "Your clinic uses all of REFERENCE.md's defaults." in page
    assert "Altman & Davis" in page  # the published [K] foot-strike classes: listed, not editable
    assert 'name="foot_strike' not in page
    assert f'href="{URL}"' in page  # the nav link beside the other clinic settings pages


def test_saved_values_persist_and_show_as_the_clinics(world):
    client = runner_client(world.admin)
    response = client.post(URL, {**DEFAULTS, "trunk_lean_above_deg": "22.5", "gct_asymmetry_red_pct": "12"})
    assert response.status_code == 302 and response["Location"] == URL
    # only the differences from REFERENCE.md are stored
    assert stored(world.clinic) == {"trunk_lean_above_deg": 22.5, "gct_asymmetry_red_pct": 12.0}
    row = ClinicGaitSettings.objects.get(clinic=world.clinic)
    assert row.updated_by == world.admin
    page = html.unescape(client.get(URL).content.decode())
    assert 'value="22.5"' in page and 'value="12.0"' in page
    assert "Trunk lean at mid-stance, flag above: 22.5 deg (clinic setting; REFERENCE.md default 20 deg)" in page
    assert "Contact-time asymmetry, red at or above: 12% (clinic setting; REFERENCE.md default 10%)" in page


def test_bad_values_give_a_clear_error_and_change_nothing(world):
    ClinicGaitSettings.objects.create(clinic=world.clinic, values={"trunk_lean_above_deg": 25.0})
    client = runner_client(world.admin)
    cases = [
        (
            {"shank_angle_ic_above_deg": "45"},
            "Shank angle at contact, flag above: 45 deg is outside the accepted range 0-30 deg (REFERENCE.md default 10 deg)",
        ),
        (
            {"gct_asymmetry_amber_pct": "8", "gct_asymmetry_red_pct": "6"},
            "Contact-time asymmetry: the red threshold (6%) must be above the amber threshold (8%)",
        ),
        ({"knee_fppa_above_deg": "steep"}, "Enter a number."),
        ({"pelvic_drop_at_least_deg": ""}, "This field is required."),
    ]
    for change, message in cases:
        response = client.post(URL, {**DEFAULTS, "trunk_lean_above_deg": 25, **change})
        assert response.status_code == 400, change
        assert message in html.unescape(response.content.decode()), change
        assert stored(world.clinic) == {"trunk_lean_above_deg": 25.0}, change


def test_reset_returns_to_the_reference_defaults(world):
    ClinicGaitSettings.objects.create(
        clinic=world.clinic, values={"trunk_lean_above_deg": 25.0, "knee_fppa_above_deg": 12.0}
    )
    client = runner_client(world.admin)
    assert client.post(URL, {"reset": "1"}).status_code == 302
    assert stored(world.clinic) == {}
    page = html.unescape(client.get(URL).content.decode())
    assert "Your clinic uses all of REFERENCE.md's defaults." in page
    assert (
        'value="20.0"' in page and 'value="25.0"' not in page and 'value="12.0"' not in page
    )  # trunk lean and FPPA back to 20 and 10


def fake_engine(monkeypatch, seen: list):
    """Replace the video steps of the job (probe, pose, rendering) by the generated running figure
    of tests/core/gait/synthetic.py, analysed by the real analyse_keypoints with the flag settings
    the job passes in."""
    import numpy as np

    from stridecare.core.gait.analysis import analyse_keypoints
    from stridecare.core.gait.pipeline import VideoAnalysis
    from stridecare.gaitlab import analysis as job
    from tests.core.gait.synthetic import running_series

    class Info:
        frame_count = 220

    class Rendered:
        def to_dict(self):
            return {"key_frames": {}, "overlay_video": "", "notes": []}

    def analyse_video(path, model="full", height_cm=None, estimator=None, **kwargs):
        seen.append(kwargs["flag_settings"])
        report = analyse_keypoints(running_series(), height_cm, flag_settings=kwargs["flag_settings"])
        return VideoAnalysis(report, Info(), np.zeros((1, 33, 2)), np.zeros((1, 33)), np.zeros(1))

    def render_outputs(result, folder):
        folder.mkdir(parents=True)
        return Rendered()

    monkeypatch.setattr(job, "probe_video", lambda path: Info())
    monkeypatch.setattr(job, "ProgressEstimator", lambda *args: None)
    monkeypatch.setattr(job, "analyse_video", analyse_video)
    monkeypatch.setattr(job, "render_outputs", render_outputs)


def test_an_analysis_of_a_runner_of_the_clinic_uses_the_clinics_threshold(world, monkeypatch):
    from stridecare.gaitlab.analysis import run_analysis

    seen: list = []
    fake_engine(monkeypatch, seen)
    # The generated runner's shoulders are 0.08 m ahead of the hips, 0.5 m above them:
    # trunk lean = atan(0.08 / 0.5) = 9.09 deg, below REFERENCE.md's 20 deg, above a clinic's 8 deg.
    assert math.degrees(math.atan(0.08 / 0.5)) == pytest.approx(9.09, abs=0.01)
    runner_client(world.admin).post(URL, {**DEFAULTS, "trunk_lean_above_deg": "8"})
    assert stored(world.clinic) == {"trunk_lean_above_deg": 8.0}

    ours = make_analysis(world.runner, status="queued")
    theirs = make_analysis(world.other_runner, status="queued")  # Hilltop kept REFERENCE.md's defaults
    run_analysis(ours)
    run_analysis(theirs)
    assert [s.trunk_lean_above_deg for s in seen] == [8.0, 20.0]

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.status == GaitAnalysis.Status.DONE and theirs.status == GaitAnalysis.Status.DONE
    assert ours.report["metrics"]["trunk_lean_deg"]["value"] == pytest.approx(9.09, abs=0.05)
    trunk = [f for f in ours.report["findings"] if f["id"] == "trunk_lean_high"]
    assert [f["rule"] for f in trunk] == [
        "trunk_lean_deg amber > 8 deg (clinic setting; REFERENCE.md default 20 deg) [H]"
    ]
    assert "flag above 8 deg" in trunk[0]["message"]
    assert [f["id"] for f in theirs.report["findings"]] == []  # 9.09 deg is not above 20

    # The therapist reads the rule with the clinic's value on the report page.
    page = html.unescape(
        runner_client(world.therapist)
        .get(reverse("gaitlab:staff_report", args=[world.runner.pk, ours.pk]))
        .content.decode()
    )
    assert "Rule: trunk_lean_deg amber > 8 deg (clinic setting; REFERENCE.md default 20 deg) [H]." in page


def test_a_runner_without_a_clinic_gets_the_reference_defaults(world):
    from stridecare.core.gait.flag_settings import GaitFlagSettings
    from stridecare.gaitlab.analysis import flag_settings_for

    ClinicGaitSettings.objects.create(clinic=world.clinic, values={"trunk_lean_above_deg": 8.0})
    assert flag_settings_for(world.lone_runner) == GaitFlagSettings()
    assert flag_settings_for(world.clinic_mate).trunk_lean_above_deg == 8.0


def test_the_staff_report_states_the_flag_rule_with_the_clinics_threshold(world):
    from stridecare.core.gait.flag_settings import GaitFlagSettings
    from stridecare.gaitlab.analysis import save_clinic_flag_settings

    metric = {"value": 9.1, "unit": "deg", "confidence": "ok", "n_strides": 8, "source": "REFERENCE.md 6.4"}
    item = make_analysis(world.runner, report={"view": "sagittal_left", "metrics": {"trunk_lean_deg": metric}})
    url = reverse("gaitlab:staff_report", args=[world.runner.pk, item.pk])
    client = runner_client(world.therapist)
    assert "Flag: amber &gt; 20 deg [H]" in client.get(url).content.decode()  # REFERENCE.md's rule
    save_clinic_flag_settings(world.clinic, GaitFlagSettings(trunk_lean_above_deg=8.0), world.admin)
    page = html.unescape(client.get(url).content.decode())
    assert "Flag: amber > 8 deg (clinic setting; REFERENCE.md default 20 deg) [H]" in page
