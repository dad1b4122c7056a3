"""One schedule shared by 8 threads: quotes are identical to the
single-threaded ones, whatever the interleaving (quote releases the GIL)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

import tariffs


def entries():
    out = []
    for i in range(400):
        origin = ["CN", "VN", "FR"][i % 3]
        value = Decimal(i * 37 + 1) / 4  # exact quarters, 0.25 .. 3,690.25
        date = ["2025-03-03", "2025-04-01", "2025-05-01", "2025-05-02"][i % 4]
        mode = ["ocean", "express"][i % 2]
        out.append(("6109.10.00.12", origin, value, date, mode))
    return out


def test_eight_threads_share_one_schedule(schedule):
    work = entries()
    want = [schedule.quote(h, o, v, d, mode=m).to_json() for h, o, v, d, m in work]
    barrier = threading.Barrier(8)

    def run(k):
        barrier.wait()
        # Each thread walks the entries from a different start.
        got = {}
        for j in range(len(work)):
            i = (j + k * 50) % len(work)
            h, o, v, d, m = work[i]
            got[i] = schedule.quote(h, o, v, d, mode=m).to_json()
        return got

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(run, range(8)))
    for got in results:
        assert [got[i] for i in range(len(work))] == want


def test_quote_many_from_threads(schedule):
    pa = pytest.importorskip("pyarrow")
    work = entries()
    table = pa.table({
        "hts": [w[0] for w in work],
        "origin": [w[1] for w in work],
        "value": pa.array([w[2] for w in work], pa.decimal128(12, 2)),
        "date": [w[3] for w in work],
        "mode": [w[4] for w in work],
    })
    want = schedule.quote_many(table)
    with ThreadPoolExecutor(8) as pool:
        outs = list(pool.map(lambda _: schedule.quote_many(table), range(8)))
    for out in outs:
        assert out.equals(want)
    # And the batch agrees with the one-by-one totals.
    totals = [schedule.quote(h, o, v, d, mode=m).total for h, o, v, d, m in work]
    assert want.column("total").to_pylist() == totals


def test_errors_from_threads_keep_their_attributes(schedule):
    def bad(k):
        try:
            schedule.quote("6109.10.00", "X" + "ABCDEFGH"[k], 1, "2025-04-01")
        except tariffs.InvalidInput as e:
            return (e.field, e.value)

    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(bad, range(8)))
    assert got == [("origin", "X" + c) for c in "ABCDEFGH"]
