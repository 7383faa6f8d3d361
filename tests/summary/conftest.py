"""Each summary test starts and ends with no default writer, no default step and no trace."""

import pytest

from tensorflux.summary import state, trace


@pytest.fixture(autouse=True)
def fresh_summary_state():
    yield
    state.STATE.writer = state.STATE.step = state.STATE.is_recording = None
    trace.trace_off()


@pytest.fixture
def read_events():
    """``read_events(logdir)``: the events of the one event file in ``logdir``, decoded by tensorboard."""
    import pathlib

    from tensorboard.compat.proto import event_pb2

    from tensorflux.summary.records import read_records

    def read(logdir):
        (path,) = pathlib.Path(logdir).glob("events.out.tfevents.*")
        return [event_pb2.Event.FromString(r) for r in read_records(path)]

    return read
