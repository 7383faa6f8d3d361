"""What real Keras recorded (tools/record_applications_fixtures.py), loaded for the tests."""

import json
import pathlib

import numpy as np

FIXTURES = pathlib.Path(__file__).resolve().parent.parent.parent / "fixtures" / "applications"


def _structures() -> dict:
    payload = json.loads((FIXTURES / "structures.json").read_text())
    assert payload["versions"]["keras"].startswith("3."), payload["versions"]
    return payload["data"]


RECORDED = _structures()


def arrays(name: str) -> dict:
    with np.load(FIXTURES / name) as data:
        return {key: data[key] for key in data.files}
