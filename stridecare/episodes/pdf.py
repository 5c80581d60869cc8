"""A letter of an episode as an A4 PDF: the clinic's letterhead (name, address, phone), the date,
the recipient of a referral, the title, the therapist's text and their signature line (name,
profession, date). fpdf2 only, like the program sheet (stridecare.programs.pdf)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone
from fpdf import FPDF

from stridecare.core.letters import day_text
from stridecare.programs.pdf import pdf_text

from .models import Letter

PROFESSION = "Physical therapist"
DRAFT_MARK = "DRAFT - not final, not for sending"


def letter_pdf(letter: Letter) -> bytes:
    episode = letter.episode
    clinic, author = episode.clinic, letter.author
    when = letter.finalised_at or timezone.now()
    day = timezone.localtime(when, ZoneInfo(clinic.timezone or "UTC")).date()
    pdf = FPDF(format="A4")
    pdf.set_title(pdf_text(f"{letter.get_kind_display()}: {episode.runner.full_name}"))
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 7, pdf_text(clinic.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9.5)
    contact = " - ".join(part for part in (clinic.address, f"Phone {clinic.phone}" if clinic.phone else "") if part)
    if contact:
        pdf.multi_cell(0, 4.5, pdf_text(contact), new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(6)
    if not letter.is_final:
        pdf.set_font("Helvetica", "B", 11)
        pdf.set_text_color(170, 0, 0)
        pdf.cell(0, 6, DRAFT_MARK, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 10.5)
    pdf.cell(0, 5.5, pdf_text(day_text(day)), new_x="LMARGIN", new_y="NEXT")
    if letter.kind == Letter.Kind.REFERRAL:
        pdf.ln(3)
        recipient = "\n".join(line for line in (letter.recipient_name, letter.recipient_address) if line)
        pdf.multi_cell(0, 5.2, pdf_text(recipient), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 12.5)
    title = f"{letter.get_kind_display()}: {episode.runner.full_name}"
    pdf.multi_cell(0, 6.5, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10.5)
    for paragraph in letter.text.split("\n\n"):
        pdf.multi_cell(0, 5.2, pdf_text(paragraph.strip()), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2.2)
    if pdf.get_y() > pdf.h - pdf.b_margin - 28:
        pdf.add_page()
    pdf.ln(10)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 70, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.cell(0, 5.2, pdf_text(author.full_name or author.email), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, pdf_text(f"{PROFESSION}, {clinic.name}"), new_x="LMARGIN", new_y="NEXT")
    signed = f"Final on {day_text(day)}" if letter.is_final else "Not yet final"
    pdf.cell(0, 5, pdf_text(signed), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
