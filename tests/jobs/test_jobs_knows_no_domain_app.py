"""The job queue knows no domain app: each app registers its own handlers in its ``tasks`` module,
which stridecare.jobs discovers when Django starts; the queue imports only itself, the core and the
access rules (for its progress pages)."""

from __future__ import annotations

import ast
from pathlib import Path

import stridecare.jobs

JOBS = Path(stridecare.jobs.__file__).parent
ALLOWED = ("stridecare.jobs", "stridecare.core", "stridecare.accounts.access")


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_module_of_the_queue_imports_a_domain_app() -> None:
    bad = sorted(
        f"{path.relative_to(JOBS)}: {module}"
        for path in JOBS.rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("stridecare.") and not module.startswith(ALLOWED)
    )
    assert bad == []


def test_every_apps_handlers_are_registered_when_django_starts() -> None:
    from stridecare.jobs.runner import HANDLERS

    kinds = {"invitation_email", "booking_email", "alert_email", "crisis_escalation", "import_activity_file"}
    kinds |= {"waitlist_offer", "visit_reminder"}
    assert kinds | {"refresh_load", "refresh_clinic_load", "analyse_gait"} <= set(HANDLERS)
