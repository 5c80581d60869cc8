"""My data's job handlers (found by the jobs app's autodiscovery): exports and video retention."""

from stridecare.mydata import export, retention  # noqa: F401
