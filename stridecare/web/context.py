from functools import cache

from django.conf import settings


def defaults(request) -> dict:
    """Values every page may need: the region's emergency number when no clinic sets one."""
    return {"default_emergency": settings.DEFAULT_EMERGENCY_NUMBER}


def inbox_badge(request) -> dict:
    """For therapists: how many urgent alerts of their clinic wait unread (crisis alerts until a
    follow-up is recorded), shown beside the Inbox link on every page. One COUNT query, run only
    when a page shows the link; nothing for runners, admins who are not therapists, or visitors."""
    from stridecare.accounts.access import has_role

    user = getattr(request, "user", None)
    if user is None or not has_role(user, "therapist"):
        return {}

    @cache
    def count() -> int:
        from stridecare.inbox.models import Alert

        return Alert.objects.filter(clinic_id=user.clinic_id).urgent().count()

    return {"inbox_urgent_count": count}
