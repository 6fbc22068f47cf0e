"""Stand-alone verifier of double-random draws (双随机一公开). Python standard library only.

Anyone can reproduce a published draw with this file and the draw's published JSON:

    python verifier.py draw.json          # prints OK or the first mismatch, exit 1 on mismatch

Published inputs (``draw.json``):

- ``plan``: the plan as published before the draw (``code``, ``count``, ``inspectors_per_target``, ...);
- ``snapshot``: the frozen target directory, one line per target, sorted by ``id``:
  ``id \\t weight \\t category \\t area`` (weight a positive integer, see ``WEIGHTS``);
- ``inspectors``: the pool, one line per inspector, sorted by ``id``:
  ``id \\t categories (comma-separated, empty = all) \\t areas (comma-separated, empty = all)``;
- ``conflicts``: ``[inspector_id, target_id]`` pairs that may never be drawn together (related to the
  target, inspected it in the last period);
- ``public_value``: the public value named in the plan in advance (e.g. a lottery result on a fixed date);
- ``snapshot_hash``, ``seed`` and ``result`` (``targets`` in draw order, ``pairs`` per target).

Procedure (version ``ES-SHA256-1``):

1. ``snapshot_hash = SHA-256(snapshot text)``, ``pool_hash = SHA-256(inspectors text)``,
   ``plan_hash = SHA-256(canonical JSON of plan)``, ``conflicts_hash = SHA-256(canonical JSON of conflicts)``.
2. ``seed = SHA-256("sunshine-draw-v1" | plan_hash | snapshot_hash | pool_hash | conflicts_hash |
   public_value)`` (``|`` a newline). Nobody at the bureau chooses the public value, and every other
   input is frozen and published before it is known.
3. Targets: weighted sampling without replacement (Efraimidis–Spirakis). For each target,
   ``U = (int(SHA-256(seed | "T" | id)[:8 bytes]) + 0.5) / 2**64`` and ``key = -ln(U) / weight``; the
   ``count`` targets with the smallest keys are drawn, ties broken by ``id``. A target's chance grows with
   its weight.
4. Inspectors, for each drawn target in draw order: the eligible inspectors are those whose categories
   and areas cover the target's (an empty list covers all), minus the conflicting ones, sorted by ``id``.
   Draw ``inspectors_per_target`` of them uniformly without replacement: for ``j = 0, 1, ...``,
   ``r = int(SHA-256(seed | "I" | target id | j)[:8 bytes])``, candidate ``eligible[r % len(eligible)]``,
   skipped if already drawn. Fewer eligible inspectors than needed leaves the target unassigned
   (``pairs`` holds an empty list) and is reported.
"""

from __future__ import annotations

import array
import hashlib
import itertools
import json
import math
import operator
import sys

ALGORITHM = "ES-SHA256-1"
DOMAIN = "sunshine-draw-v1"
# Published weights (seed 002: 守法推定, 分类和动态监管): weight = risk factor × compliance factor.
RISK_FACTORS = {"low": 1, "medium": 2, "high": 4}
COMPLIANCE_FACTORS = {"good": 1, "normal": 2, "poor": 3}
TWO_64 = float(2**64)
_DIGEST = operator.methodcaller("digest")
_ENCODE = operator.methodcaller("encode", "utf-8")


def weight_for(risk: str, compliance: str) -> int:
    """The published weight of a target: a good record is drawn less often, a high risk more."""
    return RISK_FACTORS[risk] * COMPLIANCE_FACTORS[compliance]


def sha256_hex(data: str) -> str:
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def snapshot_text(rows) -> str:
    """``rows``: iterable of ``(id, weight, category, area)``; the canonical text, sorted by id."""
    return "".join(f"{r[0]}\t{int(r[1])}\t{r[2]}\t{r[3]}\n" for r in sorted(rows, key=lambda r: r[0]))


def pool_text(rows) -> str:
    """``rows``: iterable of ``(id, categories, areas)`` (lists); the canonical text, sorted by id."""
    return "".join(
        f"{r[0]}\t{','.join(sorted(r[1]))}\t{','.join(sorted(r[2]))}\n"
        for r in sorted(rows, key=lambda r: r[0])
    )


def compute_seed(*, plan: dict, snapshot: str, inspectors: str, conflicts: list, public_value: str) -> str:
    parts = [
        DOMAIN,
        sha256_hex(canonical_json(plan)),
        sha256_hex(snapshot),
        sha256_hex(inspectors),
        sha256_hex(canonical_json(sorted([list(c) for c in conflicts]))),
        public_value.strip(),
    ]
    return sha256_hex("\n".join(parts))


def _parse_snapshot(text: str | bytes) -> tuple[list, list[int], list, list]:
    """The snapshot's four columns (ids, weights, categories, areas), as ``str`` or, for its UTF-8
    encoding, as ``bytes`` (which sort like the text: UTF-8 keeps the order of code points)."""
    if not text:
        return [], [], [], []
    nl, tab = ("\n", "\t") if isinstance(text, str) else (b"\n", b"\t")
    fields = (text[:-1] if text.endswith(nl) else text).replace(nl, tab).split(tab)
    if len(fields) % 4:
        raise ValueError("snapshot lines have four tab-separated fields")
    column = fields[1::4]
    as_int = {text: int(text) for text in set(column)}
    return fields[0::4], list(map(as_int.__getitem__, column)), fields[2::4], fields[3::4]


def _parse_pool(text: str) -> list[tuple[str, frozenset, frozenset]]:
    rows = []
    for line in text.splitlines():
        iid, categories, areas = line.split("\t")
        rows.append(
            (
                iid,
                frozenset(c for c in categories.split(",") if c),
                frozenset(a for a in areas.split(",") if a),
            )
        )
    return rows


def select_targets(seed: str, rows, count: int) -> list[str]:
    """Efraimidis–Spirakis over ``(id, weight, ...)`` rows: the ``count`` smallest keys ``-ln(U)/w``."""
    rows = list(rows)
    ids = [r[0] for r in rows]
    return [ids[i] for i in _select(seed, ids, [r[1] for r in rows], count)]


def _key(h: int, w: int) -> float:
    """A target's key from its hash value ``h`` (the first 8 bytes, big-endian) and weight (step 3)."""
    return -math.log((h + 0.5) / TWO_64) / w


def _hash_values(seed: str, ids: list[bytes]) -> array.array:
    """``int(SHA-256(seed | "T" | id)[:8 bytes])`` for every (UTF-8 encoded) id, without a Python loop."""
    prefix = (seed + "\nT\n").encode("utf-8")
    digests = map(_DIGEST, map(hashlib.sha256, map(prefix.__add__, ids)))
    words = array.array("Q", b"".join(digests))  # four 64-bit words per digest
    if sys.byteorder == "little":
        words.byteswap()
    return words[0::4]


def _select(seed: str, ids: list[str], weights: list[int], count: int) -> list[int]:
    """Positions of the ``count`` smallest keys ``-ln(U)/w``, ties broken by id, in key order.

    The keys are exactly those of step 3; computing the key of every target is avoided. A bound ``c0`` on
    the ``count``-th smallest key is taken from a sample, the targets that may have a key up to ``c0`` are
    found by comparing their hash values with a per-weight threshold (a little below the exact one), and
    only their keys are computed. When at least ``count`` of them do have a key up to ``c0``, every key up
    to the true cut is among them and the result is the one of the plain procedure; otherwise (never seen,
    but possible by chance) every key is computed."""
    n = len(ids)
    if count <= 0 or n == 0:
        return []
    hs = _hash_values(seed, ids if isinstance(ids[0], bytes) else list(map(_ENCODE, ids)))
    if count < n // 4:
        chosen = _select_bounded(ids, weights, hs, count)
        if chosen is not None:
            return chosen
    keys = list(map(_key, hs, weights))
    return _cut(keys, ids, range(n), count)


def _cut(keys, ids: list[str], positions, count: int) -> list[int]:
    """The ``count`` positions with the smallest ``(key, id)`` among ``positions`` (``keys`` aligned)."""
    keys = list(keys)
    positions = list(positions)
    cut = sorted(keys)[count - 1] if count < len(keys) else math.inf
    candidates = sorted((key, ids[i], i) for key, i in zip(keys, positions, strict=True) if key <= cut)
    return [i for _key_, _tid, i in candidates[:count]]


def _select_bounded(ids: list[str], weights: list[int], hs, count: int) -> list[int] | None:
    n = len(ids)
    # A sample of about one target in 32, chosen by the low bits of the hash (not by position, which could
    # follow a pattern of the directory's order).
    step = 32
    picked = list(itertools.compress(range(n), map(operator.not_, map((step - 1).__rand__, hs))))
    sample = sorted(_key(hs[i], weights[i]) for i in picked)
    rank = int(count / step * 1.25) + 16
    if rank > len(sample):
        return None
    c0 = sample[rank - 1]
    # key <= c0  <=>  U >= exp(-c0·w)  <=>  h >= exp(-c0·w)·2^64 - 1/2; the thresholds are lowered by a
    # relative 1e-9 in the exponent and by 4096 (a unit in the last place of a double near 2^64), far more
    # than the rounding of any of these operations.
    thresholds = {w: int(math.exp(-c0 * w * (1 + 1e-9)) * TWO_64) - 4096 for w in set(weights)}
    positions = list(itertools.compress(range(n), map(operator.ge, hs, map(thresholds.__getitem__, weights))))
    keys = [_key(hs[i], weights[i]) for i in positions]
    within = [(k, i) for k, i in zip(keys, positions, strict=True) if k <= c0]
    if len(within) < count:
        return None
    return _cut([k for k, _i in within], ids, [i for _k, i in within], count)


_J = [str(j).encode("ascii") for j in range(64)]


def select_inspectors(seed: str, target_id: str, eligible: list[str], k: int) -> list[str]:
    """Uniform draw of ``k`` of ``eligible`` (sorted ids) without replacement, from hash stream ``j``."""
    if len(eligible) < k:
        return []
    chosen: list[str] = []
    prefix = (seed + "\nI\n" + target_id + "\n").encode("utf-8")
    sha = hashlib.sha256
    n = len(eligible)
    j = 0
    while len(chosen) < k:
        suffix = _J[j] if j < 64 else str(j).encode("ascii")
        candidate = eligible[int.from_bytes(sha(prefix + suffix).digest()[:8], "big") % n]
        if candidate not in chosen:
            chosen.append(candidate)
        j += 1
    return chosen


def run_draw(*, plan: dict, snapshot: str, inspectors: str, conflicts: list, seed: str) -> dict:
    """The draw's result from its inputs: ``{"targets": [...], "pairs": {target: [inspectors]}}``."""
    ids, weights, categories, areas = _parse_snapshot(snapshot.encode("utf-8"))
    pool = _parse_pool(inspectors)
    blocked: dict[str, set[str]] = {}
    for inspector_id, target_id in conflicts:
        blocked.setdefault(target_id, set()).add(inspector_id)
    positions = _select(seed, ids, weights, min(int(plan["count"]), len(ids)))
    targets = [ids[i].decode("utf-8") for i in positions]
    k = int(plan["inspectors_per_target"])
    cache: dict[tuple[bytes, bytes], list[str]] = {}
    pairs: dict[str, list[str]] = {}
    for tid, i in zip(targets, positions, strict=True):
        category, area = categories[i], areas[i]
        eligible = cache.get((category, area))
        if eligible is None:
            cat, are = category.decode("utf-8"), area.decode("utf-8")
            eligible = [
                iid for iid, cats, areas in pool if (not cats or cat in cats) and (not areas or are in areas)
            ]
            cache[(category, area)] = eligible
        if tid in blocked:
            eligible = [iid for iid in eligible if iid not in blocked[tid]]
        pairs[tid] = select_inspectors(seed, tid, eligible, k)
    return {"targets": targets, "pairs": pairs}


def verify(published: dict) -> list[str]:
    """Every mismatch between a published draw and its recomputation (an empty list: the draw is right)."""
    problems = []
    if published.get("algorithm", ALGORITHM) != ALGORITHM:
        problems.append(f"unknown algorithm {published.get('algorithm')}")
        return problems
    if sha256_hex(published["snapshot"]) != published["snapshot_hash"]:
        problems.append("snapshot hash differs from the snapshot")
    seed = compute_seed(
        plan=published["plan"],
        snapshot=published["snapshot"],
        inspectors=published["inspectors"],
        conflicts=published["conflicts"],
        public_value=published["public_value"],
    )
    if seed != published["seed"]:
        problems.append("seed differs from the one computed from the inputs")
    result = run_draw(
        plan=published["plan"],
        snapshot=published["snapshot"],
        inspectors=published["inspectors"],
        conflicts=published["conflicts"],
        seed=seed,
    )
    if result["targets"] != published["result"]["targets"]:
        problems.append("drawn targets differ")
    if result["pairs"] != published["result"]["pairs"]:
        problems.append("inspector pairs differ")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python verifier.py draw.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        published = json.load(fh)
    problems = verify(published)
    if problems:
        for problem in problems:
            print("MISMATCH:", problem)
        return 1
    print(f"OK: {len(published['result']['targets'])} targets reproduced")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv))
