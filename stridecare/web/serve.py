"""Start the web server and the background worker side by side; Ctrl-C stops both.

Used by `make run` (and `stridecare serve`). Production deployments may run the two commands
themselves: `gunicorn stridecare.web.wsgi` and `python -m django db_worker`."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path


def _secret_key(data_dir: Path) -> str:
    """Local zero-setup runs keep a generated key in the data folder; deployments set SECRET_KEY."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def main(host: str = "127.0.0.1", port: int = 8000, demo: bool = True) -> int:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "stridecare.web.settings")
    data_dir = Path(env.get("STRIDECARE_DATA_DIR", Path.cwd() / "data")).resolve()
    env["STRIDECARE_DATA_DIR"] = str(data_dir)
    env.setdefault("SECRET_KEY", _secret_key(data_dir))
    env.setdefault("SITE_URL", f"http://{host}:{port}")
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*django, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    if demo:
        subprocess.run([*django, "seed_demo"], env=env, check=True)
    procs = [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "stridecare.web.wsgi", "--bind", f"{host}:{port}",
                          "--workers", "2", "--threads", "4", "--access-logfile", "-"], env=env),
        # One worker on SQLite (one writer at a time); on PostgreSQL start as many as needed.
        subprocess.Popen([*django, "db_worker", "--interval", "1"], env=env),
    ]
    print(f"Stridecare is running on http://{host}:{port}/ (Ctrl-C stops the server and the worker)", flush=True)

    asked_to_stop = []

    def stop(*_args) -> None:
        asked_to_stop.append(True)
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while all(proc.poll() is None for proc in procs):
            time.sleep(0.5)
    finally:
        crashed = not asked_to_stop
        stop()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    # A process that died on its own is an error; Ctrl-C is a normal stop.
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
