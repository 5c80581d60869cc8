"""Exact scoring of the outcome measures of REFERENCE.md section 4 and the screeners of 8.1.

Answers are the item scores in form order (``None`` for a missing or N/A item). Validation happens
once, in ``parse_answers``; ``score_answers`` trusts its input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import TypeGuard

from stridecare.core.errors import InputError
from stridecare.core.outcomes.forms import OfficialForm
from stridecare.core.outcomes.measures import (
    AKPS_ITEM_MAXIMA,
    DEFAULT_OUTCOME_SETTINGS,
    VISA_A_Q7_VALUES,
    VISA_Q8_BANDS,
    VISA_Q8_POINTS,
    MeasureSpec,
    OutcomeSettings,
    get_measure,
)

Number = int | float


class AnswersError(InputError):
    """An answers file is malformed; names the file and the item."""

    def __init__(self, source: str, reason: str, item: int | str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.item = item
        super().__init__(f"{source}: {reason}")


@dataclass(frozen=True, slots=True)
class VisaQ8:
    """VISA Q8: exactly one branch (A no pain / B pain but can finish / C pain stops) and a duration band 0-4."""

    branch: str
    band: int

    @property
    def points(self) -> int:
        return VISA_Q8_POINTS[self.branch][self.band]


@dataclass(frozen=True, slots=True)
class Answers:
    """Validated item answers of one questionnaire in form order (``None`` = missing / N/A)."""

    measure: str
    items: tuple[Number | None, ...]
    q8: VisaQ8 | None = None
    completed_on: dt.date | None = None
    phq9_difficulty: int | None = None  # PHQ-9's non-scored functional question: stored, never summed (8.1)
    checked_against_form: bool = False  # AKPS: answers were checked against the clinic's official option weights
    version: str | None = None  # 4.0: instrument version, language and who completed it go with the answers
    language: str | None = None
    completed_by: str | None = None

    @property
    def missing_items(self) -> tuple[int, ...]:
        """1-based numbers of missing items (VISA-A Q8 counts as item 8)."""
        missing = tuple(i for i, x in enumerate(self.items, 1) if x is None)
        if self.measure == "visa-a" and self.q8 is None:
            missing += (8,)
        if self.measure == "visa-p" and len(self.items) == 7 and self.q8 is None:
            missing += (8,)
        return missing


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """A scored questionnaire. ``score`` is None when incomplete; every result says which rule scored it."""

    measure: str
    score: Number | None
    max_score: int
    complete: bool
    interpretation: str
    band: str | None
    answered: int
    missing_items: tuple[int, ...]
    rule: str
    source: str
    self_harm: bool | None = None  # PHQ-9 only: item 9 > 0 whatever the total (8.3)
    positive_screen: bool | None = None  # PHQ-2 / GAD-2 / PHQ-9 / GAD-7
    follow_up_measure: str | None = None  # PHQ-2 -> PHQ-9, GAD-2 -> GAD-7 when positive
    notes: tuple[str, ...] = field(default=())
    weights_checked: bool | None = None  # AKPS only: option weights checked against the clinic's official form (4.4)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the `stridecare score` contract (issue 8, item 8)."""
        out: dict[str, object] = {
            "measure": self.measure,
            "score": self.score,
            "max": self.max_score,
            "interpretation": self.interpretation,
            "complete": self.complete,
        }
        if self.measure == "phq-9":
            out["self_harm"] = bool(self.self_harm)
        out |= {
            "band": self.band,
            "answered": self.answered,
            "missing_items": list(self.missing_items),
            "rule": self.rule,
            "source": self.source,
        }
        if self.positive_screen is not None:
            out["positive_screen"] = self.positive_screen
        if self.follow_up_measure:
            out["follow_up_measure"] = self.follow_up_measure
        if self.weights_checked is not None:
            out["weights_checked"] = self.weights_checked
        if self.notes:
            out["notes"] = list(self.notes)
        return out


AKPS_UNCHECKED_NOTE = "option weights not checked against an official form"
ANSWER_KEYS: tuple[str, ...] = ("items", "q8", "date", "difficulty", "version", "language", "completed_by")


def _is_number(x: object) -> TypeGuard[int | float]:
    return not isinstance(x, bool) and isinstance(x, (int, float))


def _item_label(spec: MeasureSpec, number: int) -> str:
    topic = spec.item_topics[number - 1] if number <= spec.item_count else ""
    return f"item {number} ({topic})" if topic and not topic.startswith("item ") else f"item {number}"


def parse_answers(measure: str, raw: object, source: str = "answers", form: OfficialForm | None = None) -> Answers:
    """Validate ``{"items": [...], "q8": {...}}`` for one measure (issue 8 CLI contract, section 4).

    Raises AnswersError naming the item for a wrong item count, a non-number or an out-of-range answer,
    and naming the key for an unknown top-level key (only ``ANSWER_KEYS`` are read). ``form`` is the
    clinic's official form: for the AKPS each answer must then be one of its option points; without it
    each AKPS answer must be a whole number from 0 to its item's maximum of 4.4 (weights unchecked).
    """
    spec = get_measure(measure)
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), list):
        raise AnswersError(source, 'expected a JSON object {"items": [...]} with the answers in form order')
    _check_keys(raw, source)
    items_raw: list[object] = raw["items"]
    _check_count(spec, items_raw, raw, source)
    items: list[Number | None] = []
    for number, value in enumerate(items_raw, 1):
        items.append(_check_item(spec, number, value, source, form))
    q8 = _parse_q8(spec, raw.get("q8"), len(items_raw), source)
    return Answers(
        spec.measure,
        tuple(items),
        q8,
        _parse_date(raw.get("date"), source),
        _parse_difficulty(spec, raw.get("difficulty"), source),
        checked_against_form=form is not None,
        version=_parse_text(raw, "version", source),
        language=_parse_text(raw, "language", source),
        completed_by=_parse_text(raw, "completed_by", source),
    )


def _check_keys(raw: dict[str, object], source: str) -> None:
    unknown = [key for key in raw if key not in ANSWER_KEYS]
    if unknown:
        shown = ", ".join(f'"{key}"' for key in unknown)
        allowed = ", ".join(f'"{key}"' for key in ANSWER_KEYS)
        raise AnswersError(source, f"unknown key {shown}; an answers file takes only {allowed}", unknown[0])


def _parse_text(raw: dict[str, object], key: str, source: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AnswersError(source, f'"{key}": {value!r} must be a non-empty text (REFERENCE.md 4.0 record field)', key)
    return value.strip()


def _check_count(spec: MeasureSpec, items: list[object], raw: dict[str, object], source: str) -> None:
    n = len(items)
    if spec.min_items is not None and spec.max_items is not None:
        if not spec.min_items <= n <= spec.max_items:
            raise AnswersError(source, f"{spec.name} rates {spec.min_items}-{spec.max_items} activities; got {n} items")
        return
    if spec.measure == "visa-a":
        if n != 7:
            raise AnswersError(source, f'VISA-A takes 7 items (Q1-Q7) plus "q8": {{"branch", "band"}}; got {n} items')
        return
    if spec.measure == "visa-p":
        if n == 7 and raw.get("q8") is not None:
            return
        if n != 8:
            raise AnswersError(source, f'VISA-P takes 8 items (or Q1-Q7 plus "q8"); got {n} items')
        return
    if n != spec.item_count:
        raise AnswersError(source, f"{spec.name} takes {spec.item_count} item(s) in form order; got {n}")


def _check_item(spec: MeasureSpec, number: int, value: object, source: str, form: OfficialForm | None) -> Number | None:
    label = _item_label(spec, number)
    if value is None:
        return None
    if not _is_number(value):
        raise AnswersError(source, f"{label}: {value!r} is not a number (use null for a missing item)", number)
    x = float(value)
    low, high = spec.answer_min, spec.answer_max
    if spec.measure == "visa-p" and number == 8:
        high = 30  # VISA family Q8 is out of 30 (4.2)
    if spec.measure == "akps" and form is not None:
        allowed = form.items[number - 1].option_points
        if x not in allowed:
            shown = ", ".join(f"{p:g}" for p in sorted(set(allowed)))
            raise AnswersError(source, f"{label}: {x:g} is not one of the form's option points ({shown})", number)
        return int(x) if x.is_integer() else x
    if spec.measure == "akps":
        high = AKPS_ITEM_MAXIMA[number - 1]  # 4.4 [K]: the item's maximum points
        if not 0 <= x <= high:
            raise AnswersError(
                source, f"{label}: {x:g} is out of range; this item scores 0-{high} points (REFERENCE.md 4.4)", number
            )
        if not x.is_integer():
            raise AnswersError(source, f"{label}: {x:g} is not a whole number of points (0-{high})", number)
        return int(x)
    if not low <= x <= high:
        raise AnswersError(source, f"{label}: {x:g} is out of range; {spec.name} answers are {low:g}-{high:g}", number)
    if spec.whole_numbers and not x.is_integer():
        raise AnswersError(source, f"{label}: {x:g} is not a whole number ({low:g}-{high:g})", number)
    if spec.measure == "visa-a" and number == 7 and int(x) not in VISA_A_Q7_VALUES:
        raise AnswersError(source, f"{label}: {x:g} is not allowed; VISA-A Q7 is one of 0, 4, 7, 10", number)
    return int(x) if spec.whole_numbers else (int(x) if x.is_integer() and isinstance(value, int) else x)


def _parse_q8(spec: MeasureSpec, raw: object, n_items: int, source: str) -> VisaQ8 | None:
    if spec.measure not in ("visa-a", "visa-p") or (spec.measure == "visa-p" and n_items == 8):
        if raw is not None:
            raise AnswersError(source, '"q8" is only used by VISA-A (and VISA-P with 7 items), not here', "q8")
        return None
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise AnswersError(source, 'item 8 (q8): expected {"branch": "A"|"B"|"C", "band": 0-4}', "q8")
    branch, band = raw.get("branch"), raw.get("band")
    if isinstance(branch, str):
        branch = branch.strip().upper()
    if branch not in VISA_Q8_POINTS:
        raise AnswersError(source, f'item 8 (q8): branch {branch!r} must be exactly one of "A", "B", "C"', "q8")
    if not _is_number(band) or not float(band).is_integer() or not 0 <= band <= 4:
        raise AnswersError(
            source, f"item 8 (q8): band {band!r} must be a whole number 0-4 ({', '.join(VISA_Q8_BANDS)})", "q8"
        )
    return VisaQ8(str(branch), int(band))


def _parse_date(raw: object, source: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise AnswersError(source, f'"date": {raw!r} is not a YYYY-MM-DD date', "date") from None


def _parse_difficulty(spec: MeasureSpec, raw: object, source: str) -> int | None:
    if raw is None:
        return None
    if spec.measure != "phq-9" or not _is_number(raw) or raw not in (0, 1, 2, 3):
        raise AnswersError(source, '"difficulty" is PHQ-9\'s non-scored question: a whole number 0-3', "difficulty")
    return int(raw)


def score_answers(answers: Answers, settings: OutcomeSettings = DEFAULT_OUTCOME_SETTINGS) -> ScoreResult:
    """Score validated answers by the measure's own rule (sections 4.1-4.8, 8.1).

    Missing items give an incomplete result (score None) unless the measure's rule allows them:
    FAAM scores a subscale when >= 19/21 (ADL) or >= 7/8 (Sports) items are answered (4.5 [H]).
    """
    result = _score(answers, settings)
    return _with_akps_weights_note(result, answers) if answers.measure == "akps" else result


def _score(answers: Answers, settings: OutcomeSettings) -> ScoreResult:
    spec = get_measure(answers.measure, settings)
    missing = answers.missing_items
    answered = len(answers.items) - sum(1 for x in answers.items if x is None)
    if spec.measure in ("faam-adl", "faam-sports"):
        return _score_faam(spec, answers, answered)
    if spec.measure == "phq-9":
        return _score_phq9(spec, answers, answered)
    if missing:
        return _incomplete(
            spec, answered, missing, f"{len(missing)} item(s) missing; {spec.name} needs every item (4.0)"
        )
    values = [x for x in answers.items if x is not None]
    if spec.measure == "psfs":
        score: Number = sum(values) / len(values)
    else:
        total = sum(values) + (answers.q8.points if answers.q8 else 0)
        score = int(total) if float(total).is_integer() else total
    band, text = interpret(spec.measure, score, len(values))
    positive = _positive_screen(spec.measure, score)
    return _result(
        spec,
        score=score,
        interpretation=text,
        band=band,
        answered=answered + (1 if answers.q8 else 0),
        missing=(),
        positive_screen=positive,
        follow_up_measure={"phq-2": "phq-9", "gad-2": "gad-7"}.get(spec.measure) if positive else None,
    )


def _with_akps_weights_note(result: ScoreResult, answers: Answers) -> ScoreResult:
    """AKPS: say whether the option weights were checked against the clinic's official form (4.4)."""
    if answers.checked_against_form:
        return replace(result, weights_checked=True)
    note = (
        f"{AKPS_UNCHECKED_NOTE}: each answer was taken as the chosen option's points and checked only against its "
        "item's maximum (REFERENCE.md 4.4); the option weights come from the original publication"
    )
    return replace(
        result, weights_checked=False, notes=result.notes + (note,), interpretation=f"{result.interpretation}; {note}"
    )


def _result(
    spec: MeasureSpec,
    *,
    score: Number | None,
    interpretation: str,
    band: str | None,
    answered: int,
    missing: tuple[int, ...],
    source: str | None = None,
    **extra: object,
) -> ScoreResult:
    """A result carrying the measure's own fields (name, maximum, rule, source); complete when scored."""
    return ScoreResult(
        measure=spec.measure,
        score=score,
        max_score=spec.max_score,
        complete=score is not None,
        interpretation=interpretation,
        band=band,
        answered=answered,
        missing_items=missing,
        rule=spec.scoring_rule,
        source=source or f"REFERENCE.md {spec.section} {spec.evidence}",
        **extra,  # type: ignore[arg-type]  # extra holds only optional ScoreResult fields, set by the scorer
    )


def _incomplete(
    spec: MeasureSpec, answered: int, missing: tuple[int, ...], why: str, self_harm: bool | None = None
) -> ScoreResult:
    text = f"incomplete: {why}"
    if self_harm:
        text += "; item 9 above 0: self-harm indication, crisis pathway (8.3)"
    return _result(
        spec, score=None, interpretation=text, band=None, answered=answered, missing=missing, self_harm=self_harm
    )


def _score_faam(spec: MeasureSpec, answers: Answers, answered: int) -> ScoreResult:
    assert spec.min_answered is not None
    if answered < spec.min_answered:
        return _incomplete(
            spec,
            answered,
            answers.missing_items,
            f"{answered} of {spec.item_count} items answered; at least {spec.min_answered} needed (4.5)",
        )
    total = sum(x for x in answers.items if x is not None)
    score = total / (answered * 4) * 100  # 4.5: sum of answered / (answered x 4) x 100
    band, text = interpret(spec.measure, score, answered)
    return _result(spec, score=score, interpretation=text, band=band, answered=answered, missing=answers.missing_items)


def _score_phq9(spec: MeasureSpec, answers: Answers, answered: int) -> ScoreResult:
    item9 = answers.items[8]
    self_harm = item9 is not None and item9 > 0  # 8.3: any answer above 0 triggers, whatever the total
    if answers.missing_items:
        return _incomplete(
            spec,
            answered,
            answers.missing_items,
            f"{len(answers.missing_items)} item(s) missing; PHQ-9 needs every item (4.0)",
            self_harm,
        )
    score = int(sum(x for x in answers.items if x is not None))
    band, text = interpret("phq-9", score, 9)
    if self_harm:
        text += "; item 9 above 0: self-harm indication, show crisis resources and alert the clinician now (8.3)"
    return ScoreResult(
        measure=spec.measure,
        score=score,
        max_score=spec.max_score,
        complete=True,
        interpretation=text,
        band=band,
        answered=answered,
        missing_items=(),
        rule=spec.scoring_rule,
        source=f"REFERENCE.md 8.1 {spec.evidence}; 8.3 [K]",
        self_harm=self_harm,
        positive_screen=score >= 10,  # >= 10: sens 88%, spec 88% for major depression [V:R54]
    )


_PHQ9_BANDS = ("minimal", "mild", "moderate", "moderately_severe", "severe")
_GAD7_BANDS = ("minimal", "mild", "moderate", "severe")


def interpret(measure: str, score: Number, answered: int) -> tuple[str | None, str]:
    """(band, sentence) for a complete score, using only what the reference states."""
    if measure == "lefs":
        return (
            None,
            f"{score}/80 = {score / 80 * 100:.0f}% of maximal function; higher = better (healthy adults median 77/80) [V:R45, R108]",
        )
    if measure == "visa-a":
        band = "recovered_range" if score >= 90 else None
        extra = (
            "; >= 90 is often used clinically as recovered [V:W40] [K]"
            if score >= 90
            else "; below the >= 90 often used as recovered"
        )
        return band, f"{score}/100, 100 = no symptoms{extra}"
    if measure == "visa-p":
        return None, f"{score}/100, 100 = no symptoms"
    if measure == "akps":
        return None, f"{score}/100, 100 = no disability"
    if measure in ("faam-adl", "faam-sports"):
        return None, f"{score:.1f}% of maximal function over {answered} answered items; higher = better"
    if measure == "nprs":
        zone = "green" if score <= 2 else "amber" if score <= 5 else "red"
        meaning = {"green": "safe, may progress", "amber": "acceptable, same load", "red": "too much, reduce load"}[
            zone
        ]
        return (
            zone,
            f"pain {score}/10; as pain during activity: {zone} zone ({meaning}) of the pain-monitoring model (4.7)",
        )
    if measure == "psfs":
        return None, f"mean {score:.2f}/10 over {answered} activities; 0 = unable, 10 = pre-injury level"
    if measure in ("phq-2", "gad-2"):
        follow = "PHQ-9" if measure == "phq-2" else "GAD-7"
        if score >= 3:
            return "positive", f"positive screen (>= 3): complete the {follow}"
        return "negative", "negative screen (< 3)"
    if measure == "phq-9":
        band = _PHQ9_BANDS[min(int(score) // 5, 4)]
        return (
            band,
            f"{band}: PHQ-9 {score}/27 ({band.replace('_', ' ')} depressive symptoms; bands 0-4/5-9/10-14/15-19/20-27)",
        )
    if measure == "gad-7":
        band = _GAD7_BANDS[min(int(score) // 5, 3)]
        extra = "; >= 10: recommended cut-point for further evaluation" if score >= 10 else ""
        return band, f"{band}: GAD-7 {score}/21 ({band} anxiety symptoms; bands 0-4/5-9/10-14/15-21){extra}"
    raise KeyError(measure)


def _positive_screen(measure: str, score: Number) -> bool | None:
    if measure in ("phq-2", "gad-2"):
        return score >= 3
    if measure == "gad-7":
        return score >= 10
    return None
