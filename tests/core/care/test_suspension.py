"""Which library groups a fired red flag pauses (REFERENCE.md 0.2.2)."""

from stridecare.core.care.suspension import LIBRARY_GROUPS_BY_REGION, paused_library_groups


def test_a_groin_flag_pauses_hip_and_knee_groups_and_the_whole_leg_drills():
    paused = paused_library_groups({"groin"})
    assert not paused.is_whole_program
    assert paused.groups == {"hip_trunk", "knee_thigh", "balance_plyometrics"}
    assert paused.pauses("knee_thigh") and not paused.pauses("calf_ankle_foot")


def test_a_shin_flag_leaves_hip_exercises_running():
    paused = paused_library_groups(["shin"])
    assert paused.groups == {"calf_ankle_foot", "balance_plyometrics"}
    assert not paused.pauses("hip_trunk")


def test_an_exercise_without_a_library_group_is_paused():
    assert paused_library_groups({"shin"}).pauses(None)


def test_unknown_or_missing_regions_pause_the_whole_program():
    for regions in (None, set(), {"elbow"}, {"shin", "elbow"}):
        paused = paused_library_groups(regions)
        assert paused.is_whole_program and paused.pauses("hip_trunk"), regions


def test_every_region_of_the_2_1_vocabulary_is_mapped():
    # REFERENCE.md 2.1 `region` enum, copied by hand
    vocabulary = {
        "low_back",
        "thoracic",
        "buttock",
        "groin",
        "anterior_hip",
        "lateral_hip",
        "anterior_thigh",
        "posterior_thigh",
        "anterior_knee",
        "lateral_knee",
        "medial_knee",
        "posterior_knee",
        "shin",
        "calf",
        "achilles",
        "posterior_heel",
        "plantar_heel",
        "ankle",
        "midfoot",
        "forefoot",
    }
    assert set(LIBRARY_GROUPS_BY_REGION) == vocabulary
