"""Real worker and `stridecare serve` processes on a real database file (or a PostgreSQL database
of their own when DATABASE_URL is set), for tests/jobs/test_worker_processes.py."""
