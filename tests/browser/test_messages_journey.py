"""A runner and their therapist write to each other, in Chromium at 375 and 1280 px: the runner
finds Messages on their home page and sends a photo of their knee; the therapist sees the unread
count on the nav and in the inbox, opens the thread and answers with a PDF; each side sees when
the other read their message. A file that is not a photo or PDF is refused by name."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from tests.browser.conftest import log_in
from tests.browser.test_safety_journey import both_widths
from tests.conftest import PASSWORD
from tests.messaging.helpers import PDF


def knee_photo() -> bytes:
    image = Image.new("RGB", (480, 320), (235, 214, 190))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 90, 310, 230), fill=(214, 150, 140))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def test_runner_and_therapist_exchange_messages_with_attachments(live_server, live_world, new_page, shot):
    from django.core import mail

    base = live_server.url
    runner = new_page()
    log_in(runner, base, "sam@runner.test", PASSWORD)

    # The runner finds Messages on the home page and sends a photo.
    runner.locator("#card-messages").get_by_role("link", name="Messages").click()
    runner.wait_for_url(f"{base}/messages/")
    assert runner.get_by_role("heading", name="Messages with Riverside Running Clinic").is_visible()
    form = runner.locator("#message-form")
    form.get_by_label("Your message").fill("My left knee is puffy after Sunday's long run. Photo attached.")
    form.get_by_label("Add a photo or PDF (optional)").set_input_files(
        {"name": "knee.jpg", "mimeType": "image/jpeg", "buffer": knee_photo()}
    )
    form.get_by_role("button", name="Send").click()
    runner.get_by_text("Message sent to your clinic.").wait_for()
    mine = runner.locator("#thread article.message.own").first
    assert mine.locator("img[alt='Photo: knee.jpg']").evaluate("img => img.naturalWidth") == 480
    assert mine.get_by_text("Not seen yet").is_visible()
    both_widths(shot, runner, "messages-01-runner-sent-photo")

    # A program renamed as a photo is refused, named, and nothing is sent.
    form = runner.locator("#message-form")
    form.get_by_label("Your message").fill("Another one")
    form.get_by_label("Add a photo or PDF (optional)").set_input_files(
        {"name": "knee2.jpg", "mimeType": "image/jpeg", "buffer": b"MZ\x90\x00 not really a photo"}
    )
    form.get_by_role("button", name="Send").click()
    runner.locator("#id_attachment_error").get_by_text(
        "knee2.jpg: this is not a photo (JPEG, PNG, WebP) or a PDF"
    ).wait_for()
    assert runner.locator("#thread article.message").count() == 1
    both_widths(shot, runner, "messages-02-runner-refused-file")

    # The therapist sees the unread count, reads the thread and answers with a PDF.
    assert [m.subject for m in mail.outbox] == ["A runner sent your clinic a new message"]
    assert "knee" not in mail.outbox[0].body
    therapist = new_page()
    log_in(therapist, base, "priya@riverside.test", PASSWORD)
    therapist.goto(f"{base}/clinic/inbox/")
    assert therapist.locator("#messages-unread-count").inner_text() == "1"
    messages = therapist.locator("#inbox-messages")
    assert messages.get_by_text("1 unread").is_visible()
    both_widths(shot, therapist, "messages-03-therapist-inbox")
    messages.get_by_role("link", name="Sam Rivera").click()
    therapist.get_by_role("heading", name="Messages with Sam Rivera").wait_for()
    assert therapist.locator("img[alt='Photo: knee.jpg']").evaluate("img => img.naturalWidth") == 480
    form = therapist.locator("#message-form")
    form.get_by_label("Your message").fill("Thanks Sam. Rest it two days; the leaflet explains the ice routine.")
    form.get_by_label("Add a photo or PDF (optional)").set_input_files(
        {"name": "knee-leaflet.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    form.get_by_role("button", name="Send").click()
    therapist.get_by_text("Message sent to Sam Rivera.").wait_for()
    assert therapist.locator("#nav-messages .badge").count() == 0
    both_widths(shot, therapist, "messages-04-therapist-replied")

    # The runner sees the reply, the PDF and that the clinic read their message.
    assert mail.outbox[-1].subject == "You have a new message from your clinic"
    runner.goto(f"{base}/")
    assert runner.locator("#messages-unread-count").inner_text() == "1"
    runner.locator("#nav-messages").click()
    thread = runner.locator("#thread")
    assert thread.get_by_text("Seen by your clinic").is_visible()
    assert thread.get_by_role("link", name="Download the PDF: knee-leaflet.pdf").is_visible()
    with runner.expect_download() as download:
        thread.get_by_role("link", name="Download the PDF: knee-leaflet.pdf").click()
    assert download.value.suggested_filename == "knee-leaflet.pdf"
    both_widths(shot, runner, "messages-05-runner-reads-reply")

    # The therapist sees that Sam read the answer.
    therapist.reload()
    assert therapist.locator("#thread article.message.own").get_by_text("Seen by Sam").is_visible()
    both_widths(shot, therapist, "messages-06-therapist-sees-receipt")
