"""Datasets and files: cache (memory and file, reused across runs), save/load, TextLineDataset,
list_files. The file formats are tensorflux's own (``data/records.py``)."""

from __future__ import annotations

import collections
import gzip
import os
import subprocess
import sys

import numpy as np
import pytest

import tensorflux as tf
from tensorflux.framework import errors
from tensorflux.ops.py_function import py_function

Pair = collections.namedtuple("Pair", "image label")


def counted(counter):
    def bump(x):
        counter.append(int(x))
        return x

    return lambda x: py_function(bump, [x], tf.int64)


def test_memory_cache_computes_once_and_replays():
    calls = []
    ds = tf.data.Dataset.range(5).map(counted(calls)).cache()
    assert [int(x) for x in ds.repeat(3)] == list(range(5)) * 3
    assert calls == list(range(5))


def test_memory_cache_keeps_nothing_from_a_partial_pass():
    calls = []
    ds = tf.data.Dataset.range(5).map(counted(calls)).cache()
    assert [int(x) for x in ds.take(2)] == [0, 1]
    assert [int(x) for x in ds] == list(range(5)) and [int(x) for x in ds] == list(range(5))
    assert calls == [0, 1] + list(range(5))


def test_file_cache_is_reused_and_never_touches_the_input_again(tmp_path):
    prefix = str(tmp_path / "cache")
    calls = []
    first = tf.data.Dataset.range(4).map(counted(calls)).cache(prefix)
    assert [int(x) for x in first] == [0, 1, 2, 3] and os.path.exists(prefix + ".tfxcache")
    del calls[:]
    with open(prefix + ".tfxcache", "rb") as f:
        assert f.read(8) == b"TFXDATA1"

    def must_not_run():
        raise AssertionError("the cache should have been read instead")
        yield

    again = tf.data.Dataset.from_generator(must_not_run, output_signature=tf.TensorSpec((), tf.int64)).cache(prefix)
    assert [int(x) for x in again] == [0, 1, 2, 3] and [int(x) for x in first] == [0, 1, 2, 3]
    assert calls == []


def test_file_cache_written_by_another_run_is_read(tmp_path):
    prefix = str(tmp_path / "shared")
    program = ("import tensorflux as tf\n"
               f"ds = tf.data.Dataset.from_tensor_slices((['a', 'bc'], [[1.5, 2.5], [3.5, 4.5]])).cache({prefix!r})\n"
               "print(len(list(ds)))\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    spec = (tf.TensorSpec((), tf.string), tf.TensorSpec((2,), tf.float32))
    reader = tf.data.Dataset.from_generator(lambda: iter(()), output_signature=spec).cache(prefix)
    assert [(s, v.tolist()) for s, v in reader.as_numpy_iterator()] == [(b"a", [1.5, 2.5]), (b"bc", [3.5, 4.5])]


def test_file_cache_partial_pass_leaves_nothing_and_mismatched_spec_is_refused(tmp_path):
    prefix = str(tmp_path / "c")
    ds = tf.data.Dataset.range(10).cache(prefix)
    assert [int(x) for x in ds.take(3)] == [0, 1, 2]
    assert os.listdir(tmp_path) == []
    list(ds)
    with pytest.raises(errors.InvalidArgumentError, match="holds elements of spec"):
        list(tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32)).cache(prefix))
    with pytest.raises(errors.NotFoundError):
        list(tf.data.Dataset.range(3).cache(str(tmp_path / "missing" / "c")))


def test_save_and_load_round_trip_structures(tmp_path):
    path = str(tmp_path / "saved")
    images = tf.data.Dataset.from_generator(lambda: (np.full((i, 2), i, np.float32) for i in range(5)),
                                            output_signature=tf.TensorSpec((None, 2), tf.float32))
    ds = tf.data.Dataset.zip(images, tf.data.Dataset.range(5)).map(lambda image, x: {
        "pair": Pair(image, x),
        "name": tf.constant("item"),
        "flag": x > 2,
    })
    ds.save(path)
    loaded = tf.data.Dataset.load(path)
    assert loaded.element_spec["pair"].image == tf.TensorSpec((None, 2), tf.float32)
    assert int(loaded.cardinality()) == 5
    got = list(loaded.as_numpy_iterator())
    assert [g["pair"].label for g in got] == [0, 1, 2, 3, 4]
    assert [g["pair"].image.shape for g in got] == [(i, 2) for i in range(5)]
    assert [bool(g["flag"]) for g in got] == [False, False, False, True, True]
    assert got[0]["name"] == b"item" and type(got[0]["pair"]).__name__ == "Pair"


def test_save_with_shards_compression_and_reader(tmp_path):
    path = str(tmp_path / "sharded")
    tf.data.Dataset.range(10).save(path, compression="GZIP", shard_func=lambda x: x % 3)
    assert sorted(os.listdir(path)) == ["metadata.json", "shard-00000.tfxdata", "shard-00001.tfxdata",
                                        "shard-00002.tfxdata"]
    with gzip.open(os.path.join(path, "shard-00001.tfxdata"), "rb") as f:
        assert f.read(8) == b"TFXDATA1"
    assert [int(x) for x in tf.data.Dataset.load(path)] == [0, 3, 6, 9, 1, 4, 7, 2, 5, 8]
    interleaved = tf.data.Dataset.load(path, reader_func=lambda shards: shards.interleave(lambda d: d, cycle_length=3))
    assert [int(x) for x in interleaved] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    with pytest.raises(ValueError, match="not compatible"):
        tf.data.Dataset.load(path, element_spec=tf.TensorSpec((), tf.float32))
    tf.data.Dataset.range(2).save(path)  # saving again replaces the previous dataset
    assert sorted(os.listdir(path)) == ["metadata.json", "shard-00000.tfxdata"]
    assert [int(x) for x in tf.data.Dataset.load(path)] == [0, 1]


def test_a_cut_short_file_is_refused(tmp_path):
    path = str(tmp_path / "s")
    tf.data.Dataset.range(100).save(path)
    shard = os.path.join(path, "shard-00000.tfxdata")
    with open(shard, "r+b") as f:
        f.truncate(os.path.getsize(shard) - 20)
    with pytest.raises(errors.DataLossError, match="cut short"):
        list(tf.data.Dataset.load(path))


def test_text_line_dataset(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"one\r\ntwo\n\nthree")
    b.write_bytes(b"x\ny\n")
    lines = tf.data.TextLineDataset([str(a), str(b)])
    assert list(lines.as_numpy_iterator()) == [b"one", b"two", b"", b"three", b"x", b"y"]
    assert repr(lines.element_spec) == "TensorSpec(shape=(), dtype=tf.string, name=None)"
    assert int(lines.cardinality()) == -2
    parallel = tf.data.TextLineDataset([str(a), str(b)], num_parallel_reads=2)
    assert list(parallel.as_numpy_iterator()) == [b"one", b"x", b"two", b"y", b"", b"three"]
    zipped = tmp_path / "c.txt.gz"
    with gzip.open(zipped, "wb") as f:
        f.write(b"p\nq\n")
    assert list(tf.data.TextLineDataset(str(zipped), compression_type="GZIP").as_numpy_iterator()) == [b"p", b"q"]
    names = tf.data.Dataset.from_tensor_slices([str(b), str(a)])
    assert list(tf.data.TextLineDataset(names).take(3).as_numpy_iterator()) == [b"x", b"y", b"one"]
    with pytest.raises(errors.NotFoundError, match="No such file or directory"):
        list(tf.data.TextLineDataset(str(tmp_path / "nope.txt")))


def test_list_files(tmp_path):
    for name in ("b.csv", "a.csv", "c.txt"):
        (tmp_path / name).write_text("x")
    pattern = str(tmp_path / "*.csv")
    assert [os.path.basename(f) for f in tf.data.Dataset.list_files(pattern, shuffle=False).as_numpy_iterator()] == \
        [b"a.csv", b"b.csv"]
    assert sorted(tf.data.Dataset.list_files([pattern, str(tmp_path / "*.txt")], seed=1).as_numpy_iterator()) == \
        sorted(os.path.join(str(tmp_path), n).encode() for n in ("a.csv", "b.csv", "c.txt"))
    with pytest.raises(errors.InvalidArgumentError, match="No files matched pattern"):
        tf.data.Dataset.list_files(str(tmp_path / "*.png"))


def test_cache_and_save_refuse_datasets_of_datasets(tmp_path):
    with pytest.raises(TypeError, match="cannot be written"):
        tf.data.Dataset.range(4).window(2).cache(str(tmp_path / "w"))
    assert np.array_equal(next(tf.data.Dataset.range(3).cache().batch(3).as_numpy_iterator()), [0, 1, 2])
