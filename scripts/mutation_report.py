"""Mutation score of the core, per module, from the results mutmut left in mutants/.

A mutant is *behaviour* unless it only rewords a message (a string literal of two or more words,
changed and nothing else), only loosens a zip's strict=True (an assertion that the columns it
pairs are as long as each other, which they are by construction: no input can tell), or is
listed in tests/mutation-equivalents.md as unable to change any result. A mutant that makes the
tests run until mutmut stops them has been caught: the test run never passes. The score is
killed behaviour mutants over all behaviour mutants.
Run by scripts/mutation.sh after `mutmut run`; alone: python scripts/mutation_report.py [--wording]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tokenize
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tests" / "mutation-equivalents.md"
TARGET = 0.95
# - `mutant name` — `what it changed to`: why no result can tell. The change is checked against the
# mutant, since names are numbered per function and an edit can give a name to another mutant.
_LISTED = re.compile(r"^- `(?P<name>desktop\.[^`]+)` — `(?P<change>[^`]+)`: (?P<why>.+)$")
_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")  # two words and a space: a message, not a key or a name
_STRICT = re.compile(r",?\s*strict=(?:True|False|None)")
# Failed tests (1), an error (3), or stopped for running too long (the CPU limit's SIGXCPU, -24).
_KILLED, _SURVIVED = {1, 3, -24}, {0}


def listed_equivalents(path: Path = EQUIVALENTS) -> dict[str, str]:
    """Mutant name -> the code it changes to, as listed."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _LISTED.match(line.strip())
        if match:
            found[match["name"]] = match["change"]
    return found


def results() -> dict[str, dict[str, int | None]]:
    """Mutant name -> mutmut's exit code, per source file, from the .meta files."""
    by_module: dict[str, dict[str, int | None]] = {}
    for meta in sorted((ROOT / "mutants").glob("desktop/**/*.py.meta")):
        module = str(meta.relative_to(ROOT / "mutants")).removesuffix(".meta")
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        if codes:
            by_module[module] = codes
    return by_module


def diff_of(name: str, module: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    return get_diff_for_mutant(name, path=module)  # mutmut reads it from mutants/, relative to the project


def only_rewords_a_message(diff: str) -> bool:
    """The mutant changed string literals holding words, and nothing else."""
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    if len(removed) != len(added) or not removed:
        return False
    for before, after in zip(removed, added, strict=True):
        old, new = _tokens(before), _tokens(after)
        if old is None or new is None or len(old) != len(new):
            return False
        for (kind, text), (new_kind, new_text) in zip(old, new, strict=True):
            if (kind, text) == (new_kind, new_text):
                continue
            if kind != tokenize.STRING or new_kind != tokenize.STRING or not _WORDS.search(text):
                return False
    return True


def only_loosens_a_strict_zip(diff: str) -> bool:
    """The mutant changed a zip's strict=True to False or None, or dropped it, and nothing else."""
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    if len(removed) != 1 or len(added) != 1 or "strict=True" not in removed[0]:
        return False
    return _STRICT.sub("", removed[0]).replace(", )", ")") == _STRICT.sub("", added[0]).replace(", )", ")")


def _tokens(line: str) -> list[tuple[int, str]] | None:
    try:
        tokens = tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline)
        return [(t.type, t.string) for t in tokens if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)]
    except (tokenize.TokenError, SyntaxError):
        return None  # a line of a longer statement: not classed as wording


def main() -> int:
    import os

    os.chdir(ROOT)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wording", action="store_true", help="also list the mutants set aside as wording")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "mutants"))
    equivalents = listed_equivalents()
    by_module = results()
    if not by_module:
        print("No results in mutants/: run scripts/mutation.sh first.")
        return 2
    totals: Counter[str] = Counter()
    survivors: list[tuple[str, str]] = []
    wording: list[str] = []
    print(f"{'module':<34} {'mutants':>7} {'wording':>7} {'equiv.':>6} {'killed':>6} {'survived':>8} {'score':>7}")
    for module, codes in by_module.items():
        counts: Counter[str] = Counter()
        for name, code in codes.items():
            counts["mutants"] += 1
            if code in _KILLED:
                counts["killed"] += 1
                continue
            diff = diff_of(name, module)
            if name in equivalents:
                if any(line.startswith("+") and equivalents[name] in line for line in diff.splitlines()):
                    counts["equivalent"] += 1
                    continue
                diff = f"(listed as equivalent, but it now changes something else: check the list)\n{diff}"
            if only_loosens_a_strict_zip(diff):
                counts["equivalent"] += 1
                continue
            if only_rewords_a_message(diff):
                counts["wording"] += 1
                wording.append(name)
                continue
            counts["survived"] += 1
            survivors.append((name, diff if code in _SURVIVED else f"(mutmut: exit code {code})\n{diff}"))
        totals.update(counts)
        print(_row(module, counts))
    print(_row("total", totals))
    stale = sorted(set(equivalents) - {name for codes in by_module.values() for name in codes})
    if stale:
        print(f"\nListed as equivalent but no longer a mutant (remove from {EQUIVALENTS.name}): {', '.join(stale)}")
    if args.wording:
        print("\nSet aside as wording:\n  " + "\n  ".join(wording))
    if survivors:
        print(f"\nSurvivors ({len(survivors)}):")
        for name, diff in survivors:
            print(f"\n{name}\n{diff}")
    score = _score(totals)
    verdict = "PASS" if score >= TARGET else "FAIL"
    print(f"\nScore {score:.2%} of behaviour mutants killed; target {TARGET:.0%} -> {verdict}")
    return 0 if score >= TARGET else 1


def _score(counts: Counter[str]) -> float:
    behaviour = counts["killed"] + counts["survived"]
    return counts["killed"] / behaviour if behaviour else 1.0


def _row(module: str, counts: Counter[str]) -> str:
    return (
        f"{module:<34} {counts['mutants']:>7} {counts['wording']:>7} {counts['equivalent']:>6} "
        f"{counts['killed']:>6} {counts['survived']:>8} {_score(counts):>7.2%}"
    )


if __name__ == "__main__":
    sys.exit(main())
