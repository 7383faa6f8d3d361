"""Each test starts and ends with no default summary writer, step, recording condition or trace."""

import pytest

from tensorflux.summary import state, trace


@pytest.fixture(autouse=True)
def fresh_summary_state():
    yield
    state.STATE.writer = state.STATE.step = state.STATE.is_recording = None
    trace.trace_off()
