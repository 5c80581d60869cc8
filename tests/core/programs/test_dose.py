"""One dose text for every page: numbers and the therapist's days, never the reference's own frequency."""

from stridecare.core.programs.dose import days_text, format_dose

MON_WED_FRI = (0, 2, 4)


def test_sets_reps_and_the_days():
    assert format_dose("3 x 15", 3, 15, None, None, MON_WED_FRI) == "3 x 15, Mon/Wed/Fri"


def test_a_hold_reads_in_seconds_and_keeps_the_reference_range():
    assert format_dose("isometrics 5 x 30-45 s daily", 5, None, 45, None, MON_WED_FRI) == "5 x 30-45 s, Mon/Wed/Fri"
    assert format_dose("3 x 30 s each side", 3, None, 30, None, (1,)) == "3 x 30 s each side, Tue"


def test_the_reference_frequency_never_contradicts_the_days():
    text = format_dose("others 3 x 15 daily", 3, 15, None, None, MON_WED_FRI)
    assert text == "3 x 15, Mon/Wed/Fri" and "daily" not in text and "others" not in text
    assert "3x/week" not in format_dose("3 x 8-15, 3x/week", 3, 15, None, None, (0, 3))


def test_numbers_the_therapist_changed_win_over_the_text():
    assert format_dose("3 x 15-20", 4, 12, None, 20.0, MON_WED_FRI) == "4 x 12 at 20 kg, Mon/Wed/Fri"
    assert (
        format_dose("3 x 15-20", 4, 20, None, None, MON_WED_FRI) == "4 x 15-20, Mon/Wed/Fri"
    )  # the top kept: its range too


def test_times_a_day_each_side_and_units_come_from_the_text():
    assert (
        format_dose("5 x 10 s holds, 2-3x/day", 5, None, 10, None, range(7)) == "5 x 10 s, 2-3 times a day, every day"
    )
    assert (
        format_dose("1-2 x/day extender 3 x 12 [K]", 3, 12, None, None, MON_WED_FRI)
        == "3 x 12, 1-2 times a day, Mon/Wed/Fri"
    )
    assert format_dose("3 x 15, twice daily", 3, 15, None, None, MON_WED_FRI) == "3 x 15, twice a day, Mon/Wed/Fri"
    assert format_dose("2-4 x 10-20 contacts", 4, 20, None, None, (5,)) == "2-4 x 10-20 contacts, Sat"


def test_a_text_without_numbers_reads_in_plain_words():
    assert (
        format_dose("as EX29 (part of the same HSR program) [V:R24]", None, None, None, None, (0,))
        == "as heavy slow resistance calf raise, straight knee (part of the same heavy slow resistance program), Mon"
    )


def test_days():
    assert (
        days_text([4, 0, 2]) == "Mon/Wed/Fri" and days_text(range(7)) == "every day" and days_text([]) == "no days set"
    )
