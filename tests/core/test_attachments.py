"""An attachment's kind comes from its first bytes; its name never decides."""

import pytest

from stridecare.core.attachments import JPEG, PDF, PNG, WEBP, AttachmentError, check_attachment, detect_kind

MB = 1_000_000


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", JPEG),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PNG),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", WEBP),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", PDF),
    ],
)
def test_it_knows_each_accepted_kind_by_its_bytes(head, kind):
    assert detect_kind(head) is kind


@pytest.mark.parametrize(
    "head",
    [b"<html><script>", b"<svg xmlns=", b"MZ\x90\x00", b"PK\x03\x04", b"RIFF\x24\x00\x00\x00WAVEfmt ", b"GIF89a", b""],
)
def test_anything_else_is_not_a_photo_or_pdf(head):
    assert detect_kind(head) is None


def test_a_program_named_like_a_photo_is_refused_with_its_name():
    with pytest.raises(AttachmentError) as err:
        check_attachment("knee.jpg", b"MZ\x90\x00\x03\x00", 2048, 10 * MB)
    assert str(err.value).startswith("knee.jpg: this is not a photo (JPEG, PNG, WebP) or a PDF")


def test_a_pdf_named_txt_is_accepted_as_a_pdf():
    assert check_attachment("letter.txt", b"%PDF-1.4\n", 5000, 10 * MB) is PDF


def test_a_file_past_the_cap_is_refused_with_its_size_and_the_cap():
    with pytest.raises(AttachmentError) as err:
        check_attachment("scan.pdf", b"%PDF-1.4\n", 12_400_000, 10 * MB)
    assert str(err.value) == ("scan.pdf: the file is 12.4 MB; an attachment can be at most 10 MB. Nothing was sent.")


def test_a_file_exactly_at_the_cap_is_accepted():
    assert check_attachment("scan.png", b"\x89PNG\r\n\x1a\n", 10 * MB, 10 * MB) is PNG


def test_an_empty_file_is_refused():
    with pytest.raises(AttachmentError, match=r"^photo\.png: the file is empty"):
        check_attachment("photo.png", b"", 0, 10 * MB)
