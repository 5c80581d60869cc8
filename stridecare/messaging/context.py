"""The unread-message count beside "Messages" in the navigation, for runners and therapists."""

from functools import cache


def unread_badge(request) -> dict:
    """One COUNT query, run only when a page shows the link; nothing for visitors or admins."""
    from stridecare.accounts.access import has_role

    user = getattr(request, "user", None)
    if user is None or not (has_role(user, "runner") or has_role(user, "therapist")):
        return {}

    @cache
    def count() -> int:
        from .actions import clinic_unread_total, runner_unread_total

        return runner_unread_total(user) if user.is_runner else clinic_unread_total(user.clinic_id)

    return {"messages_unread_count": count}
