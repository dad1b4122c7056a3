"""Shared fixtures of the Python tests.

`FIXTURE_JSON` is a small schedule written here, so the tests do not depend on
the embedded data (being assembled elsewhere). Its rates are copied from real
provisions for realism, but every expected figure in the tests is computed by
hand from the rates below:

- base: 6109.10.00 (cotton T-shirts) 16.5%; 0406.10.10 (fresh cheese) $1.035/kg
- additional: `cn-20`, 20% on products of CN from 2025-03-04 (ieepa_fentanyl, 9903.01.24)
- exemption: de minimis, value up to $800, removes everything; suspended for CN from 2025-05-02
- fee: MPF 0.3464% with minimum $32.71 and maximum $634.62, on values over $2,500
"""

from __future__ import annotations

import json
import os

import pytest

import tariffs

FIXTURE = {
    "format": "tariffs-schedule/1",
    "version": {
        "name": "pytest-fixture",
        "hts_revision": "fixture (HTS 2025 basic rates)",
        "policy_date": "2025-06-01",
    },
    "importers": [
        {
            "country": "US",
            "currency": "USD",
            "base": {
                "source": "fixture lines copied from USITC HTS 2025 basic",
                "lines": [
                    {"code": "6109.10.00", "general": "16.5%", "other": "90%", "from": "2025-01-01"},
                    {"code": "0406.10.10", "general": "$1.035/kg", "other": "$1.10/kg", "from": "2025-01-01"},
                ],
            },
            "measures": [
                {
                    "id": "cn-20",
                    "authority": "ieepa_fentanyl",
                    "heading": "9903.01.24",
                    "description": "additional 20% on products of China",
                    "rate": "20%",
                    "origins": {"include": ["CN"]},
                    "from": "2025-03-04",
                    "source": "EO 14228, 90 FR 11463",
                }
            ],
            "exemptions": [
                {
                    "id": "de-minimis",
                    "authority": "de_minimis",
                    "heading": "19 U.S.C. 1321",
                    "description": "de minimis: shipments of $800 or less",
                    "from": "2016-03-10",
                    "conditions": {"value_at_most": "800"},
                    "removes": ["all"],
                    "suspensions": [
                        {"origins": {"include": ["CN"]}, "from": "2025-05-02", "source": "EO 14256"}
                    ],
                    "source": "19 U.S.C. 1321(a)(2)(C)",
                }
            ],
            "fees": [
                {
                    "id": "mpf",
                    "authority": "mpf",
                    "heading": "19 CFR 24.23",
                    "description": "merchandise processing fee",
                    "percent": "0.3464",
                    "minimum": "32.71",
                    "maximum": "634.62",
                    "from": "2024-10-01",
                    "conditions": {"value_over": "2500"},
                    "source": "89 FR 57462",
                }
            ],
        }
    ],
}
FIXTURE_JSON = json.dumps(FIXTURE)


@pytest.fixture(scope="session")
def schedule() -> tariffs.Schedule:
    return tariffs.Schedule.from_json(FIXTURE_JSON)


def builtin_has_us() -> bool:
    try:
        return "US" in tariffs.Schedule.builtin().importers
    except tariffs.TariffsError:
        return False


requires_builtin_us = pytest.mark.skipif(
    not builtin_has_us(),
    reason="the embedded schedule has no US data yet (data/ is being filled): "
    "Schedule.builtin().importers lacks 'US'",
)


FIXTURE_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "schedule.json")


@pytest.fixture(scope="session")
def full_fixture() -> tariffs.Schedule:
    """tests/fixtures/schedule.json: the richer fixture of the Rust tests (every
    engine feature: CN/partner/world measures, 232 autos, EU floor, postal
    duty, de minimis with its CN suspension, USMCA, MPF and HMF)."""
    return tariffs.Schedule.from_path(FIXTURE_PATH)


def misaligned_ipc(table):
    """`table` read back from an Arrow IPC stream twice: from a buffer at
    its own address and from one shifted by 8 bytes, so that the decimal128
    values of one of the two reads are not 16-byte aligned. Yields each
    read and the address of its `value` column's data modulo 16."""
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    for shift in (0, 8):
        data = pa.py_buffer(b"\0" * shift + sink.getvalue().to_pybytes())[shift:]
        ipc = pa.ipc.open_stream(data).read_all()
        yield ipc, ipc.column("value").chunk(0).buffers()[1].address % 16
