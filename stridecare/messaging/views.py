"""The runner's messages with their clinic, the therapist's view of a runner's thread, the clinic's
list of conversations, and attachments (to those who may read the thread only)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from stridecare.accounts.access import AuthedRequest, clinic_id_of, get_runner_or_404, role_required
from stridecare.audit.trail import record

from . import actions
from .forms import MessageForm
from .models import Attachment, Thread


def _form(data=None, files=None) -> MessageForm:
    form = MessageForm(data, files)
    form.fields[
        "attachment"
    ].help_text = f"A photo (JPEG, PNG, WebP) or a PDF, up to {settings.MESSAGE_ATTACHMENT_MAX_MB} MB."
    return form


def _send(request: AuthedRequest, thread: Thread, form: MessageForm) -> actions.Sent | None:
    """Send the posted message; None (with the reason on the form) when it cannot be sent."""
    if not form.is_valid():
        return None
    try:
        return actions.send_message(
            thread, request.user, form.cleaned_data["body"], form.cleaned_data.get("attachment")
        )
    except actions.StridecareError as err:
        form.add_error("attachment" if request.FILES else "body", str(err))
        return None


def _page(request: HttpRequest, thread: Thread, form: MessageForm, **extra) -> HttpResponse:
    runner = thread.runner
    context = {
        "thread": thread,
        "runner": runner,
        "runner_first_name": (runner.full_name or runner.email).split()[0],
        "thread_messages": thread.messages.select_related("author", "read_by", "attachment"),
        "form": form,
        "clinic": thread.clinic,
        **extra,
    }
    return render(request, "messaging/thread.html", context, status=400 if form.errors else 200)


@role_required("runner")
def mine(request: AuthedRequest) -> HttpResponse:
    """The runner's conversation with their clinic: reading it marks the clinic's messages seen."""
    thread = actions.thread_for(request.user)
    if thread is None:
        return render(request, "messaging/no_clinic.html")
    if request.method == "POST":
        form = _form(request.POST, request.FILES)
        sent = _send(request, thread, form)
        if sent is not None and sent.self_harm_words:
            # 8.3: the crisis resources come first, at once, on this page
            return _page(request, thread, _form(), crisis=True)
        if sent is not None:
            messages.success(request, "Message sent to your clinic.")
            return redirect("messaging:mine")
        return _page(request, thread, form)
    actions.mark_seen(thread, request.user)
    return _page(request, thread, _form())


@role_required("therapist")
def staff_thread(request: AuthedRequest, runner_id: int) -> HttpResponse:
    """A runner's conversation with the clinic; every opening is in the audit trail."""
    runner = get_runner_or_404(request.user, runner_id)
    thread = actions.thread_for(runner)
    if thread is None:  # visible runners are with this clinic: never reached
        raise Http404("Not found")
    if request.method == "POST":
        form = _form(request.POST, request.FILES)
        sent = _send(request, thread, form)
        if sent is not None:
            record(request, "create", runner, sent.message)
            messages.success(request, f"Message sent to {runner.full_name}.")
            return redirect("messaging:staff_thread", runner_id=runner.pk)
        return _page(request, thread, form)
    record(request, "read", runner, thread, record_type="messages")
    actions.mark_seen(thread, request.user)
    return _page(request, thread, _form())


@role_required("therapist")
def clinic_messages(request: AuthedRequest) -> HttpResponse:
    """Every conversation of the clinic, newest first, unread ones counted."""
    threads = actions.clinic_threads(clinic_id_of(request.user))[:300]
    return render(request, "messaging/clinic_messages.html", {"threads": threads})


@role_required("runner")
def my_attachment(request: AuthedRequest, attachment_id: int) -> HttpResponseBase:
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__thread"),
        pk=attachment_id,
        message__thread__runner=request.user,
        message__thread__clinic_id=request.user.clinic_id,
    )
    return _file(attachment)


@role_required("therapist")
def staff_attachment(request: AuthedRequest, runner_id: int, attachment_id: int) -> HttpResponseBase:
    runner = get_runner_or_404(request.user, runner_id)
    attachment = get_object_or_404(
        Attachment.objects.select_related("message__thread"),
        pk=attachment_id,
        message__thread__runner=runner,
        message__thread__clinic_id=request.user.clinic_id,
    )
    record(request, "read", runner, attachment)
    return _file(attachment)


def _file(attachment: Attachment) -> HttpResponseBase:
    """The stored file with the type read from its bytes; PDFs download, photos show in the page."""
    name = attachment.file.name
    if not name or not default_storage.exists(name):
        raise Http404("Not found")
    response = FileResponse(
        default_storage.open(name, "rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
