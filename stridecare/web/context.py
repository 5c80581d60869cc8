from django.conf import settings


def defaults(request) -> dict:
    """Values every page may need: the region's emergency number when no clinic sets one."""
    return {"default_emergency": settings.DEFAULT_EMERGENCY_NUMBER}
