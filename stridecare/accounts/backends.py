from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Log in with the email address, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        return super().authenticate(request, username=email, password=password)

    def get_user(self, user_id):
        """The signed-in person of every request, with their clinic: the navigation, the runner's
        time zone and the clinic's rules read it on nearly every page (one query, not two)."""
        model = self.user_model_class()
        try:
            user = model.objects.select_related("clinic").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    @staticmethod
    def user_model_class():
        from django.contrib.auth import get_user_model

        return get_user_model()
