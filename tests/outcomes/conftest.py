"""Fixtures for the outcomes tests: the same clients, program and clinic forms as the programs tests."""

from tests.programs.conftest import pfp_program, runner_client, screener_forms, therapist_client

__all__ = ["pfp_program", "runner_client", "screener_forms", "therapist_client"]
