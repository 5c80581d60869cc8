"""Objects of the first clinic's runner for the project-wide access walk
(tests/accounts/test_access_rules.py): a finished gait analysis (no model run) with its files.
Object kwargs: analysis_id (and gait_file, a file of that analysis), runner_id."""

from __future__ import annotations


def access_values(world) -> dict:
    from tests.gaitlab.helpers import make_analysis

    analysis = make_analysis(world.runner, label="ZEBRA-SECRET-REASON")
    return {"analysis_id": analysis.pk, "gait_file": "overlay.mp4", "runner_id": world.runner.pk}
