"""Clinic-loaded official form files (item wording, AKPS option weights), validated before use.

The reference (4.0) ships item topics only: the official wording, and for the AKPS the option
weights (4.4: "must be taken from the original publication; do not reconstruct them"), come from a
file the clinic loads. File format (JSON)::

    {"measure": "akps", "version": "...", "language": "en", "licence": "...",
     "instructions": "...",
     "anchors": [{"points": 0, "wording": "..."}, ...],
     "items": [{"wording": "...", "max_points": 5,
                "options": [{"wording": "...", "points": 5}, ...]}, ...]}

``options`` is needed for the AKPS only; for other measures an item may carry just its wording.
``instructions`` (the form's lead-in text) and ``anchors`` (what the numbers of every item's
scale mean, e.g. 0 and 4 of the LEFS) are optional: shown to the runner when the form gives them.
An item's own ``options`` take the place of the anchors for that item.
"""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass

from stridecare.core.errors import InputError
from stridecare.core.outcomes.measures import AKPS_ITEM_MAXIMA, get_measure


class FormFileError(InputError):
    """A clinic form file is malformed: names the file, the item and what is wrong."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename}: {reason}")


@dataclass(frozen=True, slots=True)
class FormOption:
    wording: str
    points: float


@dataclass(frozen=True, slots=True)
class FormItem:
    wording: str
    max_points: float | None
    options: tuple[FormOption, ...]

    @property
    def option_points(self) -> tuple[float, ...]:
        return tuple(option.points for option in self.options)


@dataclass(frozen=True, slots=True)
class OfficialForm:
    """The official wording (and, for AKPS, the option weights) of one measure, as loaded by a clinic."""

    measure: str
    version: str
    language: str
    licence: str
    items: tuple[FormItem, ...]
    instructions: str = ""
    anchors: tuple[FormOption, ...] = ()

    def anchor_words(self) -> dict[float, str]:
        """Points -> the form's words for them (empty when the form gives none)."""
        return {a.points: a.wording for a in self.anchors if a.wording}

    @property
    def has_wording(self) -> bool:
        """Every item has its wording: only then may runners be asked the form."""
        return bool(self.items) and all(item.wording.strip() for item in self.items)


def read_form_file(path: pathlib.Path | str, measure: str | None = None) -> OfficialForm:
    """Read and validate a clinic form file; for the AKPS also check the weights (section 4.4)."""
    path = pathlib.Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FormFileError(path.name, "file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FormFileError(path.name, f"not a readable JSON file ({e})") from e
    return parse_form(raw, path.name, measure)


def parse_form(raw: object, filename: str, measure: str | None = None) -> OfficialForm:
    """Validate a decoded form file; ``measure`` (if given) must match the file's ``measure``."""
    if not isinstance(raw, dict):
        raise FormFileError(filename, "expected a JSON object with 'measure' and 'items'")
    file_measure = raw.get("measure", measure)
    if not isinstance(file_measure, str):
        raise FormFileError(filename, "missing 'measure' (e.g. \"akps\")")
    if measure is not None and file_measure != measure:
        raise FormFileError(filename, f"is a form for {file_measure!r}, not {measure!r}")
    try:
        spec = get_measure(file_measure)
    except KeyError as e:
        raise FormFileError(filename, str(e.args[0])) from None
    items_raw = raw.get("items")
    if not isinstance(items_raw, list):
        raise FormFileError(filename, "missing 'items' list")
    if spec.max_items is None and len(items_raw) != spec.item_count:
        raise FormFileError(filename, f"{spec.name} has {spec.item_count} items, the file has {len(items_raw)}")
    items = tuple(_parse_item(item, i, filename, spec.measure == "akps") for i, item in enumerate(items_raw, 1))
    form = OfficialForm(
        spec.measure,
        str(raw.get("version", "")),
        str(raw.get("language", "")),
        str(raw.get("licence", "")),
        items,
        str(raw.get("instructions", "")).strip(),
        _parse_anchors(raw.get("anchors", []), filename, spec.answer_min, spec.answer_max),
    )
    if spec.measure == "akps":
        check_akps_weights(form, filename)
    return form


def _parse_anchors(raw: object, filename: str, low: float, high: float) -> tuple[FormOption, ...]:
    if not isinstance(raw, list):
        raise FormFileError(filename, "'anchors' must be a list of {'points', 'wording'}")
    anchors = []
    for k, anchor in enumerate(raw, 1):
        points = anchor.get("points") if isinstance(anchor, dict) else None
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            raise FormFileError(filename, f"anchor {k}: 'points' must be a number")
        if not low <= points <= high:
            raise FormFileError(filename, f"anchor {k}: {points:g} is outside the answer range {low:g}-{high:g}")
        anchors.append(FormOption(str(anchor.get("wording", "")).strip(), float(points)))
    return tuple(anchors)


def _parse_item(raw: object, number: int, filename: str, needs_options: bool) -> FormItem:
    if not isinstance(raw, dict):
        raise FormFileError(filename, f"item {number}: expected an object with 'wording'")
    wording = raw.get("wording", "")
    options_raw = raw.get("options", [])
    if not isinstance(options_raw, list) or (needs_options and not options_raw):
        raise FormFileError(filename, f"item {number}: needs an 'options' list of {{'wording', 'points'}}")
    options = []
    for k, option in enumerate(options_raw, 1):
        points = option.get("points") if isinstance(option, dict) else None
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            raise FormFileError(filename, f"item {number}, option {k}: 'points' must be a number")
        options.append(FormOption(str(option.get("wording", "")), float(points)))
    max_points = raw.get("max_points")
    if max_points is not None and (isinstance(max_points, bool) or not isinstance(max_points, (int, float))):
        raise FormFileError(filename, f"item {number}: 'max_points' must be a number")
    return FormItem(str(wording), None if max_points is None else float(max_points), tuple(options))


def check_akps_weights(form: OfficialForm, filename: str = "AKPS form") -> None:
    """AKPS weights check of 4.4: every option within 0..its item's maximum, the maxima (of the
    reference's 13 topics) summing to 100, and each item's best option reaching its maximum."""
    maxima = []
    for number, (item, reference_max) in enumerate(zip(form.items, AKPS_ITEM_MAXIMA, strict=True), 1):
        item_max = item.max_points if item.max_points is not None else max(item.option_points)
        if item_max != reference_max:
            raise FormFileError(
                filename, f"item {number}: maximum {item_max:g} points, the reference (4.4) gives {reference_max}"
            )
        for k, points in enumerate(item.option_points, 1):
            if not 0 <= points <= item_max:
                raise FormFileError(filename, f"item {number}, option {k}: {points:g} points is outside 0-{item_max:g}")
        if max(item.option_points) != item_max:
            raise FormFileError(filename, f"item {number}: no option reaches the item maximum {item_max:g}")
        maxima.append(item_max)
    if sum(maxima) != 100:
        raise FormFileError(filename, f"item maxima sum to {sum(maxima):g}, not 100")
