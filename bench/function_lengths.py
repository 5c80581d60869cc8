"""Function length (lines from `def` to its last line) of the views and of core: median and p90.

python bench/function_lengths.py
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "stridecare"


def function_lengths(paths: list[Path]) -> list[int]:
    lengths = []
    for path in paths:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths.append(node.end_lineno - node.lineno + 1)
    return lengths


def p90(values: list[int]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    groups = {
        "views": sorted(p for p in ROOT.rglob("*views*.py") if "core" not in p.parts),
        "core": sorted(ROOT.joinpath("core").rglob("*.py")),
    }
    for name, paths in groups.items():
        lengths = function_lengths(paths)
        print(f"{name}: {len(lengths)} functions, median {statistics.median(lengths):g}, p90 {p90(lengths):g} lines")


if __name__ == "__main__":
    main()
