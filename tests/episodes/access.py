"""Objects of the first clinic's runner for the project-wide access walk
(tests/accounts/test_access_rules.py): a discharged episode by world.therapist with a final
discharge summary (the runner's own page shows it)."""

from __future__ import annotations

import datetime as dt


def access_values(world) -> dict:
    from stridecare.episodes import actions

    episode = actions.open_episode(
        runner=world.runner,
        therapist=world.therapist,
        opened_on=dt.date(2026, 1, 5),
        working_diagnosis="ZEBRA-SECRET-REASON as the diagnosis",
    )
    actions.discharge_episode(episode.pk, closed_on=dt.date(2026, 2, 2), reason="goals_met")
    letter = actions.draft_letter(episode.pk, author=world.therapist, kind="discharge")
    actions.finalise_letter(letter.pk, by=world.therapist)
    return {"episode_id": episode.pk, "letter_id": letter.pk}
