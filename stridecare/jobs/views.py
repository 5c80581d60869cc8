from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, role_required

from . import runner
from .models import Job
from .templatetags.jobs import progress_context


@role_required("member")
def job_status(request: AuthedRequest, job_id: int) -> HttpResponse:
    """Progress of one of the user's own background jobs (JSON, or an HTMX progress fragment)."""
    job = get_object_or_404(Job, pk=job_id, owner=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", progress_context(job))
    return JsonResponse(job.to_dict())


@role_required("member")
@require_POST
def job_try_again(request: AuthedRequest, job_id: int) -> HttpResponse:
    """Run a failed job of the user's own again ("Try again" on its progress)."""
    job = get_object_or_404(Job, pk=job_id, owner=request.user, status=Job.Status.FAILED, is_permanent_failure=False)
    try:
        job = runner.try_again(job)
    except runner.CannotTryAgain:  # a second click: it is already running again
        job.refresh_from_db()
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", progress_context(job))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("home")
