"""Pure analysis code. Never imports Django (tests/core/test_core_is_pure.py checks it)."""
