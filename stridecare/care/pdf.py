"""A signed visit's summary for the runner as a one-page PDF (the export ZIP's pdf/ folder): the
same plain-language content as their visit summary page, nothing more. fpdf2 only, like the
program sheet (stridecare.programs.pdf)."""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from stridecare.programs.pdf import pdf_text
from stridecare.training.weeks import runner_zone

from .models import ClinicalNote, HomeCareOverride

DISCLAIMER = (
    "Questions about your care? Contact your clinic. If you feel unwell or your pain suddenly gets much worse, "
    "seek medical help."
)


def visit_summary_pdf(note: ClinicalNote, overrides: dict[str, str] | None = None) -> bytes:
    """A4: the visit's kind and date (the runner's time zone), the therapist, their summary for the
    runner, what was done and the home care; only for a signed note, as the runner's page."""
    if not note.is_signed:
        raise ValueError(f"note {note.pk} is not signed: the runner sees no summary of it")
    summary = note.plain_summary(HomeCareOverride.texts_of(note.clinic_id) if overrides is None else overrides)
    date = timezone.localtime(summary["date"], runner_zone(note.runner))
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(14, 14, 14)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 8, pdf_text(f"{summary['kind']}, {date.day} {date:%B %Y}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, pdf_text(f"{note.runner.full_name}, with {summary['therapist']}"), new_x="LMARGIN", new_y="NEXT")
    if summary["summary"]:
        _section(pdf, "From your therapist", summary["summary"])
    done = [
        f"{t['name']} ({t['plain']}): {t['area'].lower()}, {t['side'].lower()}, {t['minutes']} minutes"
        for t in summary["done"]
    ]
    _section(pdf, "What was done", "\n".join(done) or "No hands-on treatment was recorded.")
    for h in summary["home_care"]:
        _section(pdf, f"At home: {h.title}", h.text)
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8.5)
    pdf.multi_cell(0, 4, pdf_text(DISCLAIMER), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _section(pdf: FPDF, title: str, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 6, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
