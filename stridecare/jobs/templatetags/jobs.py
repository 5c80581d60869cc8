"""`{% job_progress job %}`: where a background job stands, as people see it (the same fragment the
progress poll returns)."""

from __future__ import annotations

from django import template

from stridecare.jobs.models import Job
from stridecare.jobs.runner import kind_of

register = template.Library()
POLL_S: dict[str, int] = {Job.Status.QUEUED: 1, Job.Status.RUNNING: 1, Job.Status.RETRYING: 5}
TITLES: dict[str, str] = {
    Job.Status.QUEUED: "Waiting to start",
    Job.Status.RUNNING: "Working on it",
    Job.Status.RETRYING: "Waiting to try again",
    Job.Status.DONE: "Done",
    Job.Status.FAILED: "Failed",
}


def progress_context(job: Job) -> dict:
    """The job, its kind's details (links to what it made, counts) and how often to poll it."""
    describe = kind_of(job.kind).detail
    detail = describe(job) if describe is not None else {}
    title = detail.get("titles", {}).get(job.status) or (
        job.progress_message[:1].upper() + job.progress_message[1:]
        if job.status == Job.Status.RUNNING and job.progress_message
        else TITLES[job.status]
    )
    return {
        "job": job,
        "detail": detail,
        "title": title,
        "poll_s": POLL_S.get(job.status, 0),
        "detail_template": f"jobs/kinds/{job.kind}.html" if describe is not None else "",
    }


@register.inclusion_tag("jobs/_progress.html", takes_context=True)
def job_progress(context: template.Context, job: Job) -> dict:
    return {
        **progress_context(job),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
        "user": context.get("user"),
    }
