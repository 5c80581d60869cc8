"""What kind of file an attachment really is, from its first bytes (never from its name).

Messages take photos and PDFs only: a JPEG, PNG or WebP image, or a PDF document. Anything else
(a renamed program, an HTML page, an SVG with scripts) is refused, whatever its name says.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import StridecareError

# Enough bytes to tell every accepted kind apart (WebP needs the first 12).
HEAD_BYTES = 16


@dataclass(frozen=True, slots=True)
class AttachmentKind:
    content_type: str
    extension: str
    label: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


JPEG = AttachmentKind("image/jpeg", "jpg", "photo (JPEG)")
PNG = AttachmentKind("image/png", "png", "image (PNG)")
WEBP = AttachmentKind("image/webp", "webp", "image (WebP)")
PDF = AttachmentKind("application/pdf", "pdf", "PDF document")
KINDS = (JPEG, PNG, WEBP, PDF)


class AttachmentError(StridecareError):
    """An attachment was refused: names the file and says what is wrong."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename}: {reason}")


def detect_kind(head: bytes) -> AttachmentKind | None:
    """The kind of file whose first bytes are ``head`` (at least HEAD_BYTES of them when the file
    has that many), or None when it is none of the accepted kinds."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def check_attachment(filename: str, head: bytes, size_bytes: int, max_bytes: int) -> AttachmentKind:
    """The attachment's kind, or AttachmentError saying why it cannot be sent (empty, too large,
    not a photo or PDF). ``head``: its first HEAD_BYTES bytes."""
    if size_bytes == 0:
        raise AttachmentError(filename, "the file is empty. Nothing was sent.")
    if size_bytes > max_bytes:
        raise AttachmentError(
            filename,
            f"the file is {size_bytes / 1e6:,.1f} MB; an attachment can be at most {max_bytes / 1e6:,.0f} MB. "
            "Nothing was sent.",
        )
    kind = detect_kind(head)
    if kind is None:
        raise AttachmentError(
            filename, "this is not a photo (JPEG, PNG, WebP) or a PDF, whatever its name says. Nothing was sent."
        )
    return kind
