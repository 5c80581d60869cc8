from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from stridecare.accounts.access import role_required

from .models import Job


@role_required("member")
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress of one of the user's own background jobs (JSON, or an HTMX progress fragment)."""
    job = get_object_or_404(Job, pk=job_id, owner=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "jobs/_progress.html", {"job": job})
    return JsonResponse(job.to_dict())
