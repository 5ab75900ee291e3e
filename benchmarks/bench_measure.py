"""Time desktop.core.sms.measure over 100,000 realistic personalised messages.

Target: median under 0.3 s on a 2-core machine.
Run: .venv/bin/python benchmarks/bench_measure.py [--messages N] [--repeats R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.cohort_data import FIRST as FIRST_NAMES
from benchmarks.cohort_data import SURNAMES
from desktop.core.sms import measure

TARGET_SECONDS = 0.3
TEMPLATES = [
    "Dear {first}, your flu jab is due. Book online at https://www.riverside-surgery.nhs.uk/flu or call "
    "0113 243 4567. Please do not reply to this message; replies are not read.",
    "Hello {title} {surname}, this is a reminder of your appointment on {when} at Riverside Surgery. If you "
    "cannot attend please call 0113 243 4567 to cancel. Please do not reply; replies are not read.",
    "{first}, please complete our online consultation form: https://www.riverside-surgery.nhs.uk/oc "
    "Please do not reply to this message; replies are not read.",
    "Did your appointment on {when} meet your needs? Reply YES or NO only. Please do not send medical "
    "questions by text.",
]


def generate(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    messages = []
    for _ in range(count):
        when = f"{rng.randint(1, 28)}/{rng.randint(1, 12)} at {rng.randint(8, 17):02d}:{rng.randrange(0, 60, 20):02d}"
        text = rng.choice(TEMPLATES).format(
            first=rng.choice(FIRST_NAMES),
            surname=rng.choice(SURNAMES),
            title=rng.choice(["Mr", "Mrs", "Ms", "Dr", "Mx"]),
            when=when,
        )
        roll = rng.random()
        if roll < 0.02:
            text = text.replace("'", "’")  # pasted from Word
        elif roll < 0.03:
            text += " 💉"
        messages.append(text)
    return messages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    messages = generate(args.messages)
    timings = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for text in messages:
            measure(text)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    fragments = sum(measure(text).fragments for text in messages)
    unicode_share = sum(measure(text).is_unicode for text in messages) / len(messages)
    print(f"messages: {len(messages):,}  fragments: {fragments:,}  unicode: {unicode_share:.1%}")
    print(
        f"measure(): median {median:.3f} s, min {min(timings):.3f} s, max {max(timings):.3f} s "
        f"over {args.repeats} runs ({median / len(messages) * 1e6:.2f} µs a message)"
    )
    scaled = median * 100_000 / len(messages)
    verdict = "PASS" if scaled < TARGET_SECONDS else "FAIL"
    print(f"target: under {TARGET_SECONDS} s per 100,000 -> {verdict} ({scaled / TARGET_SECONDS:.0%} of target)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
