from django.urls import reverse

from stridecare.core.programs.library import load_library


def test_library_lists_every_exercise_and_filters_by_region(runner_client):
    body = runner_client.get(reverse("programs:library")).content.decode()
    assert f"{len(load_library())} exercises" in body  # 54 exercises of REFERENCE.md section 3
    hip = runner_client.get(reverse("programs:library"), {"region": "hip_trunk"}).content.decode()
    names_hip = [e.name for e in load_library().values() if e.body_region == "hip_trunk"]
    names_other = [e.name for e in load_library().values() if e.body_region == "calf_ankle_foot"]
    assert f"{len(names_hip)} exercises" in hip
    assert all(n in hip for n in names_hip) and not any(f"<strong>{n}</strong>" in hip for n in names_other)


def test_library_filters_by_equipment_and_target(runner_client):
    library = load_library().values()
    band = [e for e in library if "loop_band" in e.equipment_tags]
    assert band
    body = runner_client.get(reverse("programs:library"), {"equipment": "loop_band"}).content.decode()
    assert f"{len(band)} exercise" in body
    target = sorted({t for e in library for t in e.target_groups})[0]
    expected = [e for e in library if target in e.target_groups or target.lower() in e.targets.lower()]
    body = runner_client.get(reverse("programs:library"), {"target": target}).content.decode()
    assert f"{len(expected)} exercise" in body


def _escaped(text: str) -> str:
    return text.replace("'", "&#x27;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def test_exercise_page_has_figure_steps_faults_dose_variants_and_source(runner_client):
    from stridecare.core.programs.wording import plain_text

    exercise = load_library()["EX03"]
    body = runner_client.get(reverse("programs:exercise", args=["EX03"])).content.decode()
    assert "<svg" in body and "<line" in body  # a drawn pose, never a blank box
    for text in (
        exercise.steps[0],
        exercise.faults[0],
        exercise.dose.text,
        exercise.easier,
        exercise.harder,
        exercise.evidence,
    ):
        assert _escaped(plain_text(text)) in body
    assert "single-leg bridge" in body and "EX04" not in body  # "harder: ... EX04" names the exercise


def test_the_therapist_sees_the_exercise_id_section_and_evidence_tags(therapist_client):
    exercise = load_library()["EX22"]
    body = therapist_client.get(reverse("programs:exercise", args=["EX22"])).content.decode()
    assert "EX22 ·" in body and f"REFERENCE.md {exercise.section}" in body and _escaped(exercise.evidence) in body


def test_unknown_exercise_is_404(runner_client):
    assert runner_client.get(reverse("programs:exercise", args=["EX99"])).status_code == 404


def test_routines_are_marked_expert_opinion(runner_client):
    body = runner_client.get(reverse("programs:routines")).content.decode()
    assert "Pre-run dynamic warm-up" in body and "Strength for runners" in body
    assert body.count("Expert opinion") == 2
