"""Errors that carry a sentence a runner or therapist can act on to the boundary (web form, CLI)."""

from __future__ import annotations


class StridecareError(Exception):
    """Base of every user-facing error. ``str(err)`` is the message to show."""


class ActivityFileError(StridecareError):
    """An activity file could not be read: says which file and what is wrong.

    ``recoverable_records`` > 0: the file is unfinished but that many records can be imported on
    request (``recover=True`` in the readers, "Import what it holds" on the web, ``--recover``).
    """

    def __init__(self, filename: str, reason: str, recoverable_records: int = 0) -> None:
        self.filename = filename
        self.reason = reason
        self.recoverable_records = recoverable_records
        super().__init__(f"{filename}: {reason}")


class UnexpectedReaderError(ActivityFileError):
    """Reading a file hit a bug in our own code (not a problem the file's bytes explain): the
    traceback is in the logs; the person is told that it is not their fault, and a batch goes on."""

    def __init__(self, filename: str) -> None:
        super().__init__(
            filename,
            "could not be read because of an unexpected error in Stridecare (it has been logged for "
            "the developers); please send the file to your clinic",
        )


class VideoError(StridecareError):
    """A video could not be analysed: says which file and what is wrong."""

    def __init__(self, filename: str, reason: str) -> None:
        self.filename = filename
        self.reason = reason
        super().__init__(f"{filename}: {reason}")


class InputError(StridecareError):
    """An answers or settings file is malformed: names the field."""


class RuleFileError(StridecareError):
    """A clinical rule file is malformed: names the file and the rule."""
