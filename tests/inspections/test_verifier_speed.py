"""The faster target selection gives exactly the draws of the published procedure (ES-SHA256-1).

``_reference_select`` is the procedure as written in the verifier's docstring (and as the verifier computed
it before the faster selection); the golden digests were computed with that earlier code, so a published
draw made before the change still verifies."""

from __future__ import annotations

import hashlib
import math
import random

import pytest

from sunshine.inspections import verifier

CATS = ["市容", "环卫", "园林"]
AREAS = ["G01", "G02", "G03", "G04"]
# sha256(canonical JSON of run_draw's result) from the code before the faster selection (commit 1a5207a).
GOLDEN = {
    "20000-1000-2-0": "f85f94a529e1f3033aa2e053bfeac79a9c2f585fd20fa27b97208e781b9c5947",
    "20000-1000-2-1": "25a8aa3732ba1246b8c92e5dccfc194e47fe3c4ebc8a0572f946a79ed10bd481",
    "20000-1000-2-2": "76f75d0235c4e45cd8881488f2a1de8fc5559f119edefd86837913f16057a3a6",
    "5000-4999-3-0": "456117dcd4f5a0837b34202c969df1e5a9566d154d86a3c8a15ab42e6d4e3830",
    "5000-4999-3-1": "9aeb9501014a7a28d72344844d40c335f699086ea8302a31771c76755e2df7b8",
    "5000-4999-3-2": "705785e29934a69f0fbd6a881c3e0b9f1c2e9444920569b3f2728c728fc57857",
    "3000-1-2-0": "93ca10ac739861bd2b3d9e58cf828c91772600d91fe7ab873715c1a9502cab18",
    "3000-1-2-1": "a3a6a6e632997a25811245b0f538470477c3d2dd7ec2987b8d29ee0b0e9e73a5",
    "3000-1-2-2": "0a370321d2359dc9d8ba02b5dd1aeeef494ec5eef78c6f64e2386d1cb9412241",
    "12000-600-2-0": "785b0be911349f92144d932ca6d5166abc97c989270487fa006ad79451af22fa",
    "12000-600-2-1": "707613616b5d1476c54da9a6fe4d4a0a1386f38c47585c7c026bd0d4d1102c85",
    "12000-600-2-2": "8dc861fdf288bb15ceef5d04b7a3b07f21dd745f1dee853c5ae60dc9158997b1",
}


def _inputs(n):
    rows = [
        (
            f"91320381{i:010d}",
            verifier.weight_for(("low", "medium", "high")[i % 3], ("good", "normal", "poor")[(i // 3) % 3]),
            CATS[i % 3],
            AREAS[i % 4],
        )
        for i in range(n)
    ]
    pool = verifier.pool_text(
        [
            (f"E{i:03d}", [] if i % 3 == 0 else [CATS[i % 3]], [] if i % 2 == 0 else [AREAS[i % 4]])
            for i in range(40)
        ]
    )
    return verifier.snapshot_text(rows), pool


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_draws_made_before_the_faster_selection_are_reproduced(case):
    n, count, k, s = map(int, case.split("-"))
    snapshot, pool = _inputs(n)
    conflicts = [[f"E{i:03d}", f"91320381{(i * 37) % n:010d}"] for i in range(0, 40, 3)]
    seed = hashlib.sha256(f"golden-{s}".encode()).hexdigest()
    result = verifier.run_draw(
        plan={"count": count, "inspectors_per_target": k},
        snapshot=snapshot,
        inspectors=pool,
        conflicts=conflicts,
        seed=seed,
    )
    assert hashlib.sha256(verifier.canonical_json(result).encode()).hexdigest() == GOLDEN[case]


def _reference_select(seed, ids, weights, count):
    """Step 3 of the procedure, literally: every key, the count smallest (key, id)."""
    keys = []
    for tid, w in zip(ids, weights, strict=True):
        h = int.from_bytes(hashlib.sha256(f"{seed}\nT\n{tid}".encode()).digest()[:8], "big")
        keys.append((-math.log((h + 0.5) / 2.0**64) / w, tid))
    return [tid for _key, tid in sorted(keys)[:count]]


@pytest.mark.parametrize("trial", range(12))
def test_selection_equals_the_literal_procedure(trial):
    rng = random.Random(trial)
    n = rng.choice([50, 400, 3000, 9000])
    ids = sorted({f"{rng.getrandbits(60):018X}" for _ in range(n)})
    # clustered weights and ids in a patterned order (a position-based sample would be biased)
    weights = [
        (1, 2, 3, 4, 6, 8, 12)[(i // 3) % 7] if trial % 2 else rng.choice([1, 12]) for i in range(len(ids))
    ]
    seed = hashlib.sha256(f"t{trial}".encode()).hexdigest()
    for count in (1, 7, len(ids) // 20, len(ids) // 5, len(ids) // 2, len(ids) - 1, len(ids)):
        assert verifier.select_targets(seed, zip(ids, weights, strict=True), count) == _reference_select(
            seed, ids, weights, count
        )


def test_the_bound_falling_short_falls_back_to_every_key(monkeypatch):
    ids = [f"ID{i:06d}" for i in range(4000)]
    weights = [1 + i % 5 for i in range(4000)]
    seed = "f" * 64
    expected = _reference_select(seed, ids, weights, 100)
    monkeypatch.setattr(verifier, "_select_bounded", lambda *args: None)
    assert verifier.select_targets(seed, zip(ids, weights, strict=True), 100) == expected
