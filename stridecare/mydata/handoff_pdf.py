"""The hand-off report as an A4 PDF the runner takes to any therapist: the sections of
``core.handoff.HandoffReport`` as headings, sentences and tables. fpdf2 only, like the program sheet."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.fonts import FontFace

from stridecare.core.handoff import DISCLAIMER, HandoffReport, Section
from stridecare.programs.pdf import pdf_text

# Relative column widths by column count: the three-column tables (load checks, gait) end with a sentence.
WIDE_LAST = {3: (1, 1, 4)}


class _Report(FPDF):
    def footer(self) -> None:
        self.set_y(-11)
        self.set_font("Helvetica", "I", 7.5)
        self.multi_cell(0, 3.5, pdf_text(f"{DISCLAIMER} Page {self.page_no()}/{{nb}}"), align="C")


def handoff_pdf(report: HandoffReport) -> bytes:
    pdf = _Report(format="A4")
    pdf.set_title(pdf_text(report.title))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(14, 14, 14)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, pdf_text(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10.5)
    pdf.multi_cell(0, 5.5, pdf_text(report.span_text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for section in report.sections():
        _section(pdf, section)
    return bytes(pdf.output())


def _section(pdf: FPDF, section: Section) -> None:
    if pdf.get_y() > pdf.h - pdf.b_margin - 30:
        pdf.add_page()  # no heading alone at the foot of a page
    pdf.set_font("Helvetica", "B", 12)
    pdf.set_fill_color(232, 240, 247)
    pdf.cell(0, 7, pdf_text(section.title), new_x="LMARGIN", new_y="NEXT", fill=True)
    pdf.ln(1)
    pdf.set_font("Helvetica", "", 9.5)
    for paragraph in section.paragraphs:
        pdf.multi_cell(0, 4.6, pdf_text(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    if section.columns:
        _table(pdf, section)
    pdf.ln(3)


def _table(pdf: FPDF, section: Section) -> None:
    pdf.set_font("Helvetica", "", 8.5)
    pdf.set_draw_color(190, 190, 190)
    widths = WIDE_LAST.get(len(section.columns))
    with pdf.table(
        col_widths=widths,
        headings_style=FontFace(emphasis="BOLD", fill_color=(245, 245, 245)),
        line_height=4.4,
        text_align="LEFT",
        first_row_as_headings=True,
    ) as table:
        for values in (section.columns, *section.rows):
            row = table.row()
            for value in values:
                row.cell(pdf_text(value))
