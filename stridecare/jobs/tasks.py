"""The task django-tasks runs for every job (defined beside the runner it calls, so the two import no
cycle); kept importable here, the path tasks queued by earlier versions stored."""

from .runner import run_job

__all__ = ["run_job"]
