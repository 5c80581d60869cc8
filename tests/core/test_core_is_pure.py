"""`stridecare.core` must run without Django: the CLI and the analysis are usable alone."""

import ast
import pathlib
import subprocess
import sys

import pytest

CORE = pathlib.Path(__file__).resolve().parents[2] / "stridecare" / "core"


def test_no_core_module_imports_django_in_its_source():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}: {n}"
                for n in names
                if n.split(".")[0] in {"django", "stridecare"}
                and not n.startswith("stridecare.core")
                and n != "stridecare"
            ]
    assert offenders == []


# a fresh interpreter importing the whole core (numpy, scipy, the readers): most of a second. The
# fast suite keeps the check of the sources above, which names every import a core module makes.
@pytest.mark.slow
def test_importing_every_core_module_loads_no_django():
    modules = [
        ".".join(p.relative_to(CORE.parents[1]).with_suffix("").parts).removesuffix(".__init__")
        for p in CORE.rglob("*.py")
    ]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "assert 'django' not in sys.modules, 'django was imported'\nprint(len(sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
