"""The op tables run twice: eagerly, and with each case traced by ``tf.function``."""

import pytest


@pytest.fixture(params=["eager", "function"])
def run_mode(request):
    return request.param
