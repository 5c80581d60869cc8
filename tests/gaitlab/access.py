"""Objects of the first clinic's runner for the project-wide access walk
(tests/accounts/test_access_rules.py): a finished gait analysis (no model run) with its files.
Object kwargs: analysis_id (and gait_file, a file of that analysis), runner_id.

gaitlab:gait_settings (clinic/gait-settings/, clinic admins only) takes no kwargs; the walk reaches
it by its role. The first clinic gets its own shank threshold here, so the walk's own admin opens
the page with a stored clinic value (tests/gaitlab/test_gait_settings.py checks that the other
clinic's admin never sees or changes it)."""

from __future__ import annotations


def access_values(world) -> dict:
    from stridecare.gaitlab.models import ClinicGaitSettings
    from tests.gaitlab.helpers import make_analysis

    analysis = make_analysis(world.runner, label="ZEBRA-SECRET-REASON")
    ClinicGaitSettings.objects.create(clinic=world.clinic, values={"shank_angle_ic_above_deg": 12.5})
    return {"analysis_id": analysis.pk, "gait_file": "overlay.mp4", "runner_id": world.runner.pk}
