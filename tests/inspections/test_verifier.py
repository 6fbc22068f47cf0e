"""The stand-alone verifier: deterministic, sensitive to every input, exclusions, published weights."""

from __future__ import annotations

import json
import math
import sys

import pytest

from sunshine.inspections import verifier as v

PLAN = {"code": "P1", "count": 5, "inspectors_per_target": 2}


def _snapshot(n=60):
    rows = [(f"T{i:04d}", 1 + i % 4, "市容" if i % 2 else "环卫", "A1" if i % 3 else "A2") for i in range(n)]
    return v.snapshot_text(rows)


POOL = v.pool_text(
    [
        ("E1", ["市容"], []),
        ("E2", [], ["A1"]),
        ("E3", [], []),
        ("E4", ["环卫"], ["A2"]),
        ("E5", [], []),
    ]
)


def _draw(plan=PLAN, snapshot=None, pool=POOL, conflicts=(), value="03 11 15 22 27 31 + 09"):
    snapshot = snapshot if snapshot is not None else _snapshot()
    seed = v.compute_seed(
        plan=plan, snapshot=snapshot, inspectors=pool, conflicts=list(conflicts), public_value=value
    )
    result = v.run_draw(plan=plan, snapshot=snapshot, inspectors=pool, conflicts=list(conflicts), seed=seed)
    return seed, result


def test_same_inputs_same_draw():
    assert _draw() == _draw()


def test_any_change_to_snapshot_or_seed_changes_the_draw():
    seed, result = _draw()
    rows = _snapshot().splitlines(keepends=True)
    rows[5] = rows[5].replace("\t2\t", "\t3\t")  # one weight changed
    changed = "".join(rows)
    assert changed != _snapshot()
    seed2, result2 = _draw(snapshot=changed)
    assert seed2 != seed and result2 != result
    seed3, result3 = _draw(value="03 11 15 22 27 31 + 10")
    assert seed3 != seed and result3 != result


def test_pairs_respect_qualification_area_and_conflicts():
    snapshot = _snapshot()
    rows = {line.split("\t")[0]: line.split("\t") for line in snapshot.splitlines()}
    conflicts = [["E3", tid] for tid in rows] + [["E5", "T0001"]]
    plan = {**PLAN, "count": 40}
    _seed, result = _draw(plan=plan, conflicts=conflicts)
    pool = {"E1": ({"市容"}, set()), "E2": (set(), {"A1"}), "E3": (set(), set()), "E4": ({"环卫"}, {"A2"})}
    pool["E5"] = (set(), set())
    for tid in result["targets"]:
        drawn = result["pairs"][tid]
        _id, _w, category, area = rows[tid]
        assert "E3" not in drawn
        if tid == "T0001":
            assert "E5" not in drawn
        for iid in drawn:
            cats, areas = pool[iid]
            assert (not cats or category in cats) and (not areas or area in areas)
        assert len(set(drawn)) == len(drawn)
        assert len(drawn) in (0, 2)


def test_too_few_eligible_inspectors_leaves_the_target_unassigned():
    pool = v.pool_text([("E1", [], []), ("E2", [], [])])
    snapshot = v.snapshot_text([("T1", 1, "市容", "A1")])
    seed = "0" * 64
    plan = {"count": 1, "inspectors_per_target": 2}
    assert v.run_draw(plan=plan, snapshot=snapshot, inspectors=pool, conflicts=[], seed=seed)["pairs"] == {
        "T1": ["E1", "E2"] if v.select_inspectors(seed, "T1", ["E1", "E2"], 2)[0] == "E1" else ["E2", "E1"]
    }
    result = v.run_draw(plan=plan, snapshot=snapshot, inspectors=pool, conflicts=[["E1", "T1"]], seed=seed)
    assert result["pairs"] == {"T1": []}


def test_weights_published():
    assert v.weight_for("high", "poor") > v.weight_for("medium", "normal") > v.weight_for("low", "good")
    assert v.weight_for("medium", "good") < v.weight_for("medium", "normal")


# Chi-square critical value, 6 degrees of freedom, significance 0.001.
CHI2_6_0001 = 22.458


def test_distribution_matches_published_weights():
    """Drawing one of seven targets weighted 1, 2, 3, 4, 6, 8, 12 from 6,000 fixed seeds: the counts match
    the weights (chi-square, α = 0.001, deterministic seeds so the test cannot flake)."""
    weights = [1, 2, 3, 4, 6, 8, 12]
    rows = [(f"T{i}", w, "c", "a") for i, w in enumerate(weights)]
    draws = 6000
    counts = dict.fromkeys((r[0] for r in rows), 0)
    for i in range(draws):
        seed = v.sha256_hex(f"seed-{i}")
        counts[v.select_targets(seed, rows, 1)[0]] += 1
    total = sum(weights)
    chi2 = sum(
        (counts[f"T{i}"] - draws * w / total) ** 2 / (draws * w / total) for i, w in enumerate(weights)
    )
    assert chi2 < CHI2_6_0001
    # and the test can fail: uniform weights are rejected by the same statistic
    uniform = sum((counts[f"T{i}"] - draws / 7) ** 2 / (draws / 7) for i in range(7))
    assert uniform > CHI2_6_0001


def test_sampling_without_replacement_inclusion_grows_with_weight():
    rows = [(f"T{i:03d}", 1 if i < 100 else 4, "c", "a") for i in range(200)]
    heavy = light = 0
    for i in range(300):
        for tid in v.select_targets(v.sha256_hex(f"s{i}"), rows, 20):
            if int(tid[1:]) < 100:
                light += 1
            else:
                heavy += 1
    assert heavy > 2 * light
    assert not math.isclose(heavy, light, rel_tol=0.5)


def _published(**overrides):
    snapshot = _snapshot()
    value = "03 11 15 22 27 31 + 09"
    seed, result = _draw(snapshot=snapshot, value=value)
    data = {
        "algorithm": v.ALGORITHM,
        "plan": PLAN,
        "snapshot": snapshot,
        "snapshot_hash": v.sha256_hex(snapshot),
        "inspectors": POOL,
        "conflicts": [],
        "public_value": value,
        "seed": seed,
        "result": result,
    }
    data.update(overrides)
    return data


def test_verify_accepts_the_draw_and_names_each_tampering():
    assert v.verify(_published()) == []
    good = _published()
    targets = list(good["result"]["targets"])
    targets[0], targets[1] = targets[1], targets[0]
    assert v.verify(_published(result={**good["result"], "targets": targets})) == ["drawn targets differ"]
    assert "seed differs from the one computed from the inputs" in v.verify(_published(seed="0" * 64))
    assert "snapshot hash differs from the snapshot" in v.verify(_published(snapshot_hash="0" * 64))


@pytest.mark.parametrize("tamper", [False, True])
def test_command_line(tmp_path, tamper, capsys):
    data = _published()
    if tamper:
        data["public_value"] = "other"
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert v.main(["verifier.py", str(path)]) == (1 if tamper else 0)


def test_verifier_imports_no_django():
    import ast
    import pathlib

    tree = ast.parse(pathlib.Path(v.__file__).read_text(encoding="utf-8"))
    modules = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert modules <= {"__future__", "array", "hashlib", "itertools", "json", "math", "operator", "sys"}
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}
