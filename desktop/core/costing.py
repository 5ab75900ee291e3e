"""Costing a template over a cohort: every message rendered and measured, and what makes some dearer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress, islice

from desktop.core.appointments import Appointment
from desktop.core.cohort import Cancelled
from desktop.core.cost import Estimate, Tariff, estimate
from desktop.core.counting import CROWN_DEPENDENCY_MULTIPLIER, Counting, Gateway
from desktop.core.notify_rules import is_plain, is_plain_value, plain_measurement
from desktop.core.phone import is_crown_dependency
from desktop.core.sms import Measurement
from desktop.core.template import CompiledTemplate, MissingValue

# Sample values for a template's length before a cohort is chosen: long but real.
LONG_SAMPLES = {"title": "Miss", "first_name": "Christopher", "surname": "Fitzgerald-Hughes"}
REALISTIC_SHARE = 0.99  # the longest realistic value is longer than 99% of a cohort's values
PROGRESS_EVERY = 5_000
STANDARD = Counting(Gateway.STANDARD)


@dataclass(frozen=True)
class PlaceholderImpact:
    """Messages that a placeholder's long (or Unicode) values push into more fragments."""

    name: str
    messages: int
    extra_fragments: int
    example: str  # the longest value that did it

    def saving(self, tariff: Tariff) -> Decimal:
        """Pence saved, with VAT, if those values were as short as a typical one."""
        return self.extra_fragments * tariff.pence_per_fragment * (1 + tariff.vat_rate)


@dataclass(frozen=True)
class CohortCosting:
    estimate: Estimate
    typical: Measurement  # the message with typical values
    impacts: list[PlaceholderImpact] = field(default_factory=list)
    missing: dict[str, int] = field(default_factory=dict)  # placeholder -> patients without a value
    # Patients whose own values (names...) have characters Notify sends as "?", and which characters.
    question_marks: dict[str, int] = field(default_factory=dict)
    # For appointment reminders: how many recipients have each appointment (None: no appointment given).
    appointments: Mapping[Appointment | None, int] = field(default_factory=dict)


def realistic_longest(values: Sequence[str]) -> str:
    """The value at the 99th percentile of length: long, but not one odd outlier."""
    present = [v for v in values if v]
    return _by_length(present, int(len(present) * REALISTIC_SHARE)) if present else ""  # below len(present)


def _by_length(values: Sequence[str], position: int) -> str:
    """What sorted(values, key=len)[position] is, without sorting 100,000 values to find it."""
    lengths = Counter(map(len, values))
    before = 0
    for length in sorted(lengths):
        if before + lengths[length] > position:
            break
        before += lengths[length]
    wanted = position - before  # among the values of that length, in their order
    of_length = compress(values, map(length.__eq__, map(len, values)))
    return next(islice(of_length, wanted, None))


def longest_values(rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Each placeholder's longest realistic value over a cohort's rows (the placeholders of its first row)."""
    names = list(rows[0]) if rows else []
    return longest_of_columns({name: [row.get(name, "") for row in rows] for name in names})


def longest_of_columns(columns: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Each placeholder's longest realistic value, from its values over the cohort."""
    return {name: realistic_longest(values) for name, values in columns.items()}


def typical_value(values: Sequence[str]) -> str:
    """The value of median length."""
    present = [v for v in values if v]
    return _by_length(present, len(present) // 2) if present else ""


def cost_cohort(
    template: CompiledTemplate,
    rows: Sequence[Mapping[str, str]],
    tariff: Tariff,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    counting: Counting = STANDARD,
) -> CohortCosting:
    """Render and measure every patient's message by the gateway's rules; find the placeholders that
    push messages over. With Notify, a row's "mobile" (when given) in Guernsey, Jersey or the Isle
    of Man is billed twice, and values Notify sends as "?" are counted."""
    names = template.names
    measure, notify = counting.measurer(), counting.is_notify
    typical = {name: typical_value([row.get(name, "") for row in rows]) for name in names}
    typical_measure = measure(template.render(typical)) if all(typical.values()) else measure("")
    measured: list[Measurement] = []
    over: list[tuple[Mapping[str, str], Measurement]] = []
    missing: dict[str, int] = {}
    crown_messages = crown_fragments = 0
    marks: Counter[str] = Counter()  # the patients' own: the template's are its editor's to fix
    own_marks = set(counting.question_marks("".join(template.parts[0::2]) + " " + template.footer))
    measure_row = RowMeasurer(template, counting)
    for count, row in enumerate(rows, start=1):
        if count % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise Cancelled
            if progress is not None:
                progress(count)
        try:
            message = template.render(row)
        except MissingValue:
            for name in names:
                if not row.get(name):
                    missing[name] = missing.get(name, 0) + 1
            continue
        m, plain = measure_row(row, message)
        measured.append(m)
        if m.fragments > typical_measure.fragments:
            over.append((row, m))
        if notify:
            if is_crown_dependency(row.get("mobile", "")):
                crown_messages += 1
                crown_fragments += m.fragments * (CROWN_DEPENDENCY_MULTIPLIER - 1)
            found = () if plain else [mark for mark in counting.question_marks(message) if mark not in own_marks]
            if found:
                marks["".join(found)] += 1
    return CohortCosting(
        estimate=estimate(measured, tariff, (crown_messages, crown_fragments)),
        typical=typical_measure,
        impacts=_impacts(template, over, typical, measure),
        missing=missing,
        question_marks=dict(marks),
    )


class RowMeasurer:
    """Measures each patient's message; with Notify, a plain template filled with plain values is
    sent as it is, so it is counted by its length with no "?" to look for (each distinct value is
    judged once). That made costing 100,000 patients by Notify's rules twice as quick."""

    def __init__(self, template: CompiledTemplate, counting: Counting) -> None:
        self._names = template.names
        self._measure = counting.measurer()
        self._prefix_length = counting.plain_prefix_length()
        self._plain_template = self._prefix_length is not None and is_plain(
            template.render(dict.fromkeys(self._names, "x"))
        )
        self._plain_values: dict[str, bool] = {}

    def __call__(self, row: Mapping[str, str], message: str) -> tuple[Measurement, bool]:
        """(the measurement of `message`, rendered from `row`; whether it is plain)."""
        if self._plain_template and self._all_plain(row):
            return plain_measurement(message, self._prefix_length or 0), True
        return self._measure(message), False

    def _all_plain(self, row: Mapping[str, str]) -> bool:
        known = self._plain_values
        for name in self._names:
            value = row[name]
            plain = known.get(value)
            if plain is None:
                plain = known[value] = is_plain_value(value)
            if not plain:
                return False
        return True


def _impacts(
    template: CompiledTemplate,
    over: Iterable[tuple[Mapping[str, str], Measurement]],
    typical: Mapping[str, str],
    measure: Callable[[str], Measurement],
) -> list[PlaceholderImpact]:
    """For each message over the typical length, which placeholders would bring it down if typical."""
    messages: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    example: dict[str, str] = {}
    for row, m in over:
        for name in template.names:
            shorter = measure(template.render({**row, name: typical[name]}))
            if shorter.fragments < m.fragments:
                messages[name] += 1
                extra[name] += m.fragments - shorter.fragments
                if len(row[name]) > len(example.get(name, "")):
                    example[name] = row[name]
    impacts = [PlaceholderImpact(name, messages[name], extra[name], example[name]) for name in messages]
    return sorted(impacts, key=lambda impact: -impact.extra_fragments)
