"""Summary writers: the event file's name and first record, default writers and steps, closing,
flushing, and the no-op writer — each as TensorFlow behaves (see tools/record_summary_fixtures.py
for the recorded TF file names)."""

import os
import re
import socket
import threading

import pytest

import tensorflux as tf
from tensorflux.errors import NotFoundError
from tensorflux.summary import event_file
from tensorflux.summary.state import STATE

NAME = re.compile(r"events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)(.*)$")


def only_file(logdir):
    (name,) = os.listdir(logdir)
    return name


def test_file_name_as_tensorflow_names_it(tmp_path):
    tf.summary.create_file_writer(tmp_path / "a")
    tf.summary.create_file_writer(tmp_path / "b")
    first = NAME.match(only_file(tmp_path / "a")).groups()
    second = NAME.match(only_file(tmp_path / "b")).groups()
    assert first[1:3] == (socket.gethostname(), str(os.getpid())) and first[4] == ".v2"
    assert int(second[3]) == int(first[3]) + 1  # a process-wide count of files


@pytest.mark.parametrize("suffix, ending", [("abc", "abc"), ("", ""), (".my.v2", ".my.v2")])
def test_filename_suffix_follows_the_count(tmp_path, suffix, ending):
    tf.summary.create_file_writer(str(tmp_path), filename_suffix=suffix)
    assert NAME.match(only_file(tmp_path)).group(5) == ending


def test_first_record_states_the_file_version(tmp_path, read_events):
    tf.summary.create_file_writer(str(tmp_path / "new" / "nested"))
    (event,) = read_events(tmp_path / "new" / "nested")
    assert event.file_version == "brain.Event:2"
    assert event.wall_time == int(NAME.match(only_file(tmp_path / "new" / "nested")).group(1))
    assert event.source_metadata.writer == "tensorflux.summary"


def test_logdir_forms(tmp_path):
    with pytest.raises(ValueError, match="Argument `logdir` cannot be None"):
        tf.summary.create_file_writer(None)
    tf.summary.create_file_writer(tf.constant(str(tmp_path / "from_tensor")))
    assert os.listdir(tmp_path / "from_tensor")


def test_as_default_sets_and_restores_writer_and_step(tmp_path):
    outer = tf.summary.create_file_writer(str(tmp_path / "outer"))
    inner = tf.summary.create_file_writer(str(tmp_path / "inner"))
    with outer.as_default(step=10) as entered:
        assert entered is outer and tf.summary.experimental.get_step() == 10
        with inner.as_default(step=20):
            assert STATE.writer is inner and tf.summary.experimental.get_step() == 20
        with inner.as_default():
            assert tf.summary.experimental.get_step() == 10
        assert STATE.writer is outer and tf.summary.experimental.get_step() == 10
    assert STATE.writer is None and tf.summary.experimental.get_step() is None


def test_set_as_default_stays(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    writer.set_as_default(step=3)
    assert STATE.writer is writer and tf.summary.experimental.get_step() == 3
    assert bool(tf.summary.scalar("x", 1.0))


def test_closed_writer(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    writer.set_as_default()
    assert writer.init() is None and writer.flush() is None
    writer.close()
    writer.close()
    writer.flush()
    with pytest.raises(RuntimeError, match="is already closed"):
        writer.as_default()
    with pytest.raises(RuntimeError, match="is already closed"):
        writer.init()
    with pytest.raises(NotFoundError, match="is closed"):
        tf.summary.scalar("x", 1.0, step=0)


def test_flush_function(tmp_path):
    assert tf.summary.flush() is None
    with pytest.raises(ValueError, match="Invalid argument to flush"):
        tf.summary.flush(3)
    writer = tf.summary.create_file_writer(str(tmp_path))
    assert tf.summary.flush(writer) is None


def test_noop_writer(tmp_path):
    noop = tf.summary.create_noop_writer()
    with noop.as_default() as entered:
        assert entered is None and STATE.writer is None
        assert not bool(tf.summary.scalar("x", 1.0, step=0))
    noop.set_as_default()
    noop.flush()
    noop.close()
    assert STATE.writer is None


def test_records_are_synced_after_max_queue(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(event_file.os, "fsync", lambda fd: synced.append(fd))
    writer = tf.summary.create_file_writer(str(tmp_path), max_queue=3)
    assert len(synced) == 1  # the file version record is synced at once, as TF does
    writer.set_as_default(step=0)
    for _ in range(4):
        tf.summary.scalar("x", 1.0)
    assert len(synced) == 2
    writer.flush()
    writer.flush()  # nothing new to sync
    assert len(synced) == 2
    tf.summary.scalar("x", 1.0)
    writer.close()
    assert len(synced) == 3


def test_flush_millis_zero_syncs_every_record(tmp_path, monkeypatch):
    synced = []
    monkeypatch.setattr(event_file.os, "fsync", lambda fd: synced.append(fd))
    with tf.summary.create_file_writer(str(tmp_path), flush_millis=0).as_default(step=0):
        tf.summary.scalar("x", 1.0)
        tf.summary.scalar("x", 2.0)
    assert len(synced) == 3


def test_default_writer_is_per_thread(tmp_path):
    writer = tf.summary.create_file_writer(str(tmp_path))
    seen = []
    with writer.as_default(step=1):
        thread = threading.Thread(target=lambda: seen.append((STATE.writer, tf.summary.experimental.get_step())))
        thread.start()
        thread.join()
    assert seen == [(None, None)]


def test_records_from_many_threads_stay_whole(tmp_path, read_events):
    writer = tf.summary.create_file_writer(str(tmp_path))

    def work(index):  # tf.summary.write: the name scopes that scalar() reads are not per thread yet
        with writer.as_default():
            for step in range(50):
                tf.summary.write(f"thread{index}", float(step), step=step)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    tags = [e.summary.value[0].tag for e in read_events(tmp_path)[1:]]
    assert sorted(tags) == sorted(f"thread{i}" for i in range(4) for _ in range(50))
