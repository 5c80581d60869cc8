"""The runner's current program as a one- or two-page PDF for the fridge door (issue 8 item 7):
pictures, doses, days and the pain rules. fpdf2 only (pure Python, no Pango or Cairo)."""

from __future__ import annotations

import io
import logging
import re
from typing import cast

from django.utils import timezone
from fpdf import FPDF

from stridecare.core.programs.figure_poses import exercise_figure_svg
from stridecare.core.programs.protocols import get_protocol

from .models import Program, settings_for_clinic

FIGURE_W_MM, FIGURE_H_MM = 56.0, 28.0
_LATIN = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2192": "->",
    "\u00d7": "x",
    "\u2026": "...",
    "\u2212": "-",
}


def pdf_text(value: str) -> str:
    """Core PDF fonts are Latin-1: map the few typographic characters the library uses."""
    for char, plain in _LATIN.items():
        value = value.replace(char, plain)
    return value.encode("latin-1", "replace").decode("latin-1")


def _figure(exercise_id: str, name: str) -> io.BytesIO:
    svg = re.sub(r"<title>.*?</title>", "", exercise_figure_svg(exercise_id, name), flags=re.S)
    return io.BytesIO(svg.encode("utf-8"))


def pain_rules(program: Program) -> list[str]:
    """The pain rules printed on the sheet, from the program's progression rule and the clinic's ceiling."""
    rules = settings_for_clinic(program.runner.clinic_id)
    protocol = get_protocol(program.condition)
    if protocol.progression_rule == "pain_monitoring":
        lines = [
            f"Pain during exercise 0-{rules.green_max_during}/10: fine, carry on.",
            f"{rules.green_max_during + 1}-{rules.amber_max_during}/10: acceptable, keep the same dose.",
            f"{rules.amber_max_during + 1}/10 or more: too much, take the easier version.",
            "Next morning: pain and stiffness should be back to your usual level, and not rise week on week.",
        ]
        source = "pain-monitoring model for tendon pain"
    else:
        ceiling = rules.ceiling_for(program.condition)
        lines = [
            f"Keep pain during exercise at or below {ceiling}/10.",
            "Next morning: pain should be back to your usual level.",
            "More than that: take the easier version and tell your therapist.",
        ]
        source = "the clinic's pain limit for your condition"
    return lines + ["Sharp pain, night pain or new symptoms: stop and contact the clinic.", f"({source})"]


class _Sheet(FPDF):
    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", "I", 7.5)
        self.cell(
            0,
            4,
            "Stridecare supports your care; it does not diagnose. Figures: left start, right end position. "
            f"Page {self.page_no()}/{{nb}}",
            align="C",
        )


MAX_PAGES = 2  # issue 8 item 7: "a one- or two-page PDF ... for the fridge door"


def program_pdf(program: Program) -> bytes:
    """A4 sheet(s): header, the pain rules, then each exercise with its start/end figure, dose, days and steps.

    A program too long for two pages this way is set compact: two columns, smaller figures and the
    first two steps (the app has the rest), which keeps about 40 exercises on two pages.
    """
    logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
    pdf = _render(program, compact=False)
    if pdf.page_no() > MAX_PAGES:
        pdf = _render(program, compact=True)
    return bytes(pdf.output())


def _render(program: Program, compact: bool) -> FPDF:
    pdf = _Sheet(format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    protocol = get_protocol(program.condition)
    phase = protocol.phase(program.phase) if program.phase else None
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, pdf_text(f"Exercise program: {program.runner.full_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    subtitle = protocol.name + (f" - {phase.label}" if phase else "") + f" - printed {timezone.localdate():%d %b %Y}"
    pdf.cell(0, 5, pdf_text(subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_fill_color(255, 243, 205)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Pain rules", new_x="LMARGIN", new_y="NEXT", fill=True)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 4.5, pdf_text("\n".join(pain_rules(program))), fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    items = list(program.exercises.all())
    if compact:
        _compact_blocks(pdf, items)
    else:
        for item in items:
            _exercise_block(pdf, item)
    return pdf


COMPACT_FIGURE_W_MM, COMPACT_FIGURE_H_MM, COLUMN_GAP_MM = 34.0, 17.0, 4.0


def _compact_blocks(pdf: FPDF, items: list) -> None:
    """Two columns filled top to bottom, left then right, on each page."""
    col_w = (pdf.epw - COLUMN_GAP_MM) / 2
    top = pdf.get_y()
    column, y = 0, top
    for item in items:
        height = _compact_block(pdf, item, pdf.l_margin + column * (col_w + COLUMN_GAP_MM), y, col_w, dry_run=True)
        if y + height > pdf.h - pdf.b_margin:
            if column == 0:
                column, y = 1, top
            else:
                pdf.add_page()
                column, top = 0, pdf.get_y()
                y = top
        x = pdf.l_margin + column * (col_w + COLUMN_GAP_MM)
        y += _compact_block(pdf, item, x, y, col_w, dry_run=False)


def _line_count(pdf: FPDF, width: float, line_h: float, text: str) -> int:
    """How many lines ``text`` takes in a cell ``width`` wide, in the current font (a dry run)."""
    return len(cast(list[str], pdf.multi_cell(width, line_h, text, dry_run=True, output="LINES", align="L")))


def _compact_block(pdf: FPDF, item, x: float, y: float, width: float, dry_run: bool) -> float:
    """One exercise in a column: figure, name, dose and days, the first two steps. Returns its height."""
    exercise = item.exercise
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(exercise.steps[:2], 1))
    dose = item.dose_text()
    text_w = width - COMPACT_FIGURE_W_MM - 2
    pdf.set_font("Helvetica", "", 7.5)
    step_lines = _line_count(pdf, text_w, 3.2, pdf_text(steps))
    pdf.set_font("Helvetica", "B", 8)
    dose_lines = _line_count(pdf, text_w, 3.6, pdf_text(dose))
    pdf.set_font("Helvetica", "B", 9)
    name_lines = _line_count(pdf, text_w, 4.2, pdf_text(exercise.name))
    height = max(COMPACT_FIGURE_H_MM, name_lines * 4.2 + 0.5 + dose_lines * 3.6 + step_lines * 3.2) + 3
    if dry_run:
        return height
    pdf.image(_figure(exercise.id, exercise.name), x=x, y=y, w=COMPACT_FIGURE_W_MM, h=COMPACT_FIGURE_H_MM)
    left = x + COMPACT_FIGURE_W_MM + 2
    pdf.set_xy(left, y)
    pdf.set_font("Helvetica", "B", 9)
    pdf.multi_cell(text_w, 4.2, pdf_text(exercise.name), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_y(pdf.get_y() + 0.5)
    pdf.set_x(left)
    pdf.set_font("Helvetica", "B", 8)
    pdf.multi_cell(text_w, 3.6, pdf_text(dose), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_font("Helvetica", "", 7.5)
    pdf.multi_cell(text_w, 3.2, pdf_text(steps), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_draw_color(200, 200, 200)
    pdf.line(x, y + height - 1.5, x + width, y + height - 1.5)
    return height


def _exercise_block(pdf: FPDF, item) -> None:
    exercise = item.exercise
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(exercise.steps[:4], 1))
    text_w = pdf.epw - FIGURE_W_MM - 4
    pdf.set_font("Helvetica", "", 8.5)
    lines = _line_count(pdf, text_w, 3.8, pdf_text(steps))
    height = max(FIGURE_H_MM, 11 + lines * 3.8) + 3
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    pdf.image(_figure(exercise.id, exercise.name), x=pdf.l_margin, y=top, w=FIGURE_W_MM, h=FIGURE_H_MM)
    x = pdf.l_margin + FIGURE_W_MM + 4
    pdf.set_xy(x, top)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(text_w, 5, pdf_text(exercise.name), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_font("Helvetica", "B", 9.5)
    dose = item.dose_text()
    pdf.multi_cell(text_w, 4.5, pdf_text(dose), new_x="LEFT", new_y="NEXT", align="L")
    if item.level_text():
        pdf.set_font("Helvetica", "I", 8.5)
        pdf.multi_cell(text_w, 3.8, pdf_text(item.level_text()), new_x="LEFT", new_y="NEXT", align="L")
    pdf.set_font("Helvetica", "", 8.5)
    pdf.multi_cell(text_w, 3.8, pdf_text(steps), new_x="LEFT", new_y="NEXT", align="L")
    bottom = max(pdf.get_y(), top + FIGURE_H_MM) + 2
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, bottom, pdf.w - pdf.r_margin, bottom)
    pdf.set_xy(pdf.l_margin, bottom + 2)
