"""Well-being check-in (8.1) and every place a self-harm indication can be answered (8.3)."""

from stridecare.core.outcomes.scoring import parse_answers, score_answers
from stridecare.core.outcomes.wellbeing import evaluate_check_in, find_self_harm_language


def score(measure, items):
    return score_answers(parse_answers(measure, {"items": items}))


def test_positive_phq2_and_gad2_ask_for_the_long_forms():
    outcome = evaluate_check_in(score("phq-2", [2, 1]), score("gad-2", [3, 0]))
    assert outcome.follow_ups == ("phq-9", "gad-7") and not outcome.alert_therapist
    assert evaluate_check_in(score("phq-2", [1, 1]), score("gad-2", [0, 2])).follow_ups == ()


def test_phq9_item9_is_a_trigger_whatever_the_total():
    assert score("phq-9", [0] * 8 + [1]).self_harm and score("phq-9", [0] * 8 + [3]).self_harm
    assert not score("phq-9", [3] * 8 + [0]).self_harm  # a high total without item 9 is not
    triggers = evaluate_check_in(None, None, help_pressed=True).triggers
    assert any("crisis resources" in a for a in triggers[0].required_actions)


def test_the_help_button_always_alerts():
    outcome = evaluate_check_in(None, None, help_pressed=True)
    assert outcome.alert_therapist and outcome.triggers[0].kind == "help_button"


def test_free_text_self_harm_language_alerts():
    assert find_self_harm_language("Some days I want to  DIE after a bad run") == ("want to die",)
    assert find_self_harm_language("I died on the hills today") == ()
    outcome = evaluate_check_in(score("phq-2", [0, 0]), None, free_text="thinking about suicide")
    assert outcome.alert_therapist and outcome.triggers[0].kind == "free_text"
