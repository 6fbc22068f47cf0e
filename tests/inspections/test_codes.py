"""The import-speed credit-code check agrees with core.identity on valid and mutated codes."""

from __future__ import annotations

import random

from sunshine.core.identity import is_credit_code
from sunshine.inspections.codes import fast_is_credit_code, make_credit_code

ALL_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_generated_codes_are_valid():
    assert all(
        is_credit_code(make_credit_code(n)) and fast_is_credit_code(make_credit_code(n)) for n in range(500)
    )


def test_fast_check_agrees_with_core_identity():
    rng = random.Random(7)
    disagreements = []
    for n in range(3000):
        code = make_credit_code(n * 7919)
        i = rng.randrange(18)
        mutated = code[:i] + rng.choice(ALL_CHARS) + code[i + 1 :]
        for candidate in (mutated, code[:17], code + "1"):  # the import upper-cases first
            if fast_is_credit_code(candidate) != is_credit_code(candidate):
                disagreements.append(candidate)
    assert disagreements == []
