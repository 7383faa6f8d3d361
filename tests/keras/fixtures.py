"""Loading the fixtures recorded from real Keras by tools/record_keras_fixtures.py."""

import json
import pathlib

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "fixtures" / "keras"


def load(name: str):
    payload = json.loads((FIXTURES / name).read_text())
    assert payload["versions"]["keras"].startswith("3."), payload["versions"]
    return payload["data"]


def normalized(value):
    """JSON's view of a value (tuples become lists), for comparing configs."""
    return json.loads(json.dumps(value, default=list))
