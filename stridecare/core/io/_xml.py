"""The XML of GPX and TCX files parsed as hostile input, in whatever encoding the file uses.

defusedxml refuses document type declarations, entities and external references (an entity can
expand without bound; activity files never need one), whatever the encoding: the byte order mark
(UTF-8, UTF-16, UTF-32), UTF-16 without one, or the encoding the XML declaration names. The text
is decoded once here, so the check and the reader see the same characters. The number of tags is
capped before the tree is built: an element costs 100-750 bytes of memory in the readers.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET

import defusedxml
import defusedxml.ElementTree as DET

from stridecare.core.errors import ActivityFileError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
DECLARED = re.compile(rb"""\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]{0,40})["']""")
DECLARATION = re.compile(r"<\?xml[^>]{0,400}\?>")


def encoding_of(data: bytes) -> tuple[str, int]:
    """The codec of an XML file and the length of its byte order mark."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    if data[:2] == b"<\x00":
        return "utf-16-le", 0
    if data[:2] == b"\x00<":
        return "utf-16-be", 0
    declared = DECLARED.match(data[:300])
    return (declared.group(1).decode("ascii").lower() if declared else "utf-8"), 0


def xml_text(data: bytes, filename: str, max_markup: int) -> str:
    """The file as text, without BOM, leading whitespace (Garmin Connect writes some) or XML declaration."""
    codec, skip = encoding_of(data)
    try:
        codecs.lookup(codec)
        text = data[skip:].decode(codec, errors="replace")
    except LookupError:
        raise ActivityFileError(filename, f"declares a text encoding we do not know ({codec!r})") from None
    text = DECLARATION.sub("", text.lstrip("\ufeff \t\r\n"), count=1)
    if text.count("<") > max_markup:
        raise ActivityFileError(
            filename,
            f"holds more than {max_markup:,} XML tags, too many for one activity; "
            "export it as a FIT file, which is much smaller",
        )
    return text


def parse_xml(text: str, filename: str) -> ET.Element:
    """The root element, parsed by defusedxml: no DTD, no entities, no external references."""
    try:
        return DET.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise ActivityFileError(
            filename, "contains an XML document type or entity declaration, which we refuse for safety"
        ) from None
    except ET.ParseError as e:
        raise ActivityFileError(filename, f"is not well-formed XML ({e})") from None
    except (ValueError, LookupError) as e:  # expat on encodings it cannot handle
        raise ActivityFileError(filename, f"is not readable XML ({e})") from None
