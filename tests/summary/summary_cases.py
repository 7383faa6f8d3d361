"""Summary calls that real TensorFlow and tensorflux both run, each writing one event file.

``tools/record_summary_fixtures.py`` runs every case with TensorFlow into
``tests/fixtures/summary/<case>.tfevents``; ``test_summary_tf_fixtures.py`` runs it with tensorflux and
compares the files record by record, byte for byte, apart from the times. A case is a function of
``tf`` and ``env`` (what differs between the two: ``SummaryMetadata``), called with a fresh
writer as the default; its data comes from seeded NumPy generators so that both runs see the same.
"""

from __future__ import annotations

import numpy as np

# Summary(value=[Value(tag="raw", simple_value=1.5)]), serialized.
RAW_SUMMARY = b"\n\n\n\x03raw\x15\x00\x00\xc0?"


def case_scalars(tf, env):
    tf.summary.scalar("loss", 0.5, step=1)
    tf.summary.scalar("loss", 0.25, step=2)
    tf.summary.scalar("int", 3, step=3)
    tf.summary.scalar("bool", True, step=4)
    tf.summary.scalar("float64", np.float64(1.0 / 3.0), step=5)
    tf.summary.scalar("tensor", tf.constant(-2.5), step=6)
    tf.summary.scalar("described", 1.0, step=7, description="The **loss**.")
    tf.summary.scalar("negative step", 1.0, step=-3)
    tf.summary.scalar("large step", 1.0, step=2**40)
    tf.summary.scalar("numpy step", 1.0, step=np.int32(8))
    with tf.name_scope("outer"), tf.name_scope("inner"):
        tf.summary.scalar("scoped name!", 2.0, step=9)
    tf.summary.experimental.set_step(10)
    tf.summary.scalar("default step", 1.0)
    tf.summary.experimental.set_step(tf.Variable(11, dtype=tf.int64))
    tf.summary.scalar("variable step", 1.0)
    tf.summary.experimental.set_step(None)
    tf.summary.scalar("nan", float("nan"), step=12)
    tf.summary.scalar("inf", float("inf"), step=13)


def case_histograms(tf, env):
    rng = np.random.default_rng(0)
    tf.summary.histogram("arange", np.arange(10, dtype=np.float32), step=1)
    tf.summary.histogram("normal", rng.normal(size=1000).astype(np.float32), step=2)
    tf.summary.histogram("normal64", rng.normal(3.0, 100.0, size=(20, 30)), step=3)
    tf.summary.histogram("constant", np.full(7, 2.5, np.float32), step=4)
    tf.summary.histogram("one value", [4.0], step=5)
    tf.summary.histogram("empty", np.zeros((0,), np.float32), step=6)
    tf.summary.histogram("no buckets", [1.0, 2.0], step=7, buckets=0)
    tf.summary.histogram("negative buckets", [1.0, 2.0], step=8, buckets=-3)
    tf.summary.histogram("five buckets", rng.uniform(-1, 1, size=50).astype(np.float32), step=9, buckets=5)
    tf.summary.histogram("one bucket", [1.0, 2.0, 3.0], step=10, buckets=1)
    tf.summary.histogram("ints", np.array([1, 5, 5, 9, -2], np.int32), step=11)
    tf.summary.histogram("bools", [True, False, True], step=12)
    tf.summary.histogram("described", [1.0, 2.0], step=13, description="weights")
    tf.summary.histogram("tiny range", np.array([1.0, 1.0 + 1e-12, 1.0 + 3e-12]), step=14)


def case_images(tf, env):
    rng = np.random.default_rng(1)
    tf.summary.image("rgb", rng.uniform(size=(4, 5, 7, 3)).astype(np.float32), step=1)
    tf.summary.image("gray uint8", rng.integers(0, 256, size=(2, 6, 4, 1), dtype=np.uint8), step=2)
    tf.summary.image("rgba", rng.integers(0, 256, size=(1, 6, 5, 4), dtype=np.uint8), step=3)
    tf.summary.image("gray alpha", rng.uniform(size=(1, 3, 3, 2)), step=4)
    tf.summary.image("clipped", rng.normal(0.5, 1.0, size=(1, 4, 4, 3)), step=5)
    tf.summary.image("int32", rng.integers(-2**31, 2**31 - 1, size=(1, 3, 4, 3), dtype=np.int32), step=6)
    tf.summary.image("int8", rng.integers(-128, 128, size=(1, 3, 4, 1), dtype=np.int8), step=7)
    tf.summary.image("uint16", rng.integers(0, 2**16, size=(1, 3, 4, 3), dtype=np.uint16), step=8)
    tf.summary.image("float16", rng.uniform(size=(1, 3, 4, 3)).astype(np.float16), step=9)
    tf.summary.image("one row", rng.uniform(size=(1, 1, 9, 3)).astype(np.float32), step=10)
    tf.summary.image("one column", rng.uniform(size=(1, 9, 1, 3)).astype(np.float32), step=11)
    tf.summary.image("one pixel", np.full((1, 1, 1, 1), 0.5, np.float32), step=12)
    gradient = np.linspace(0, 1, 48 * 40 * 3, dtype=np.float32).reshape(1, 48, 40, 3)
    tf.summary.image("smooth", gradient + 0.02 * np.sin(np.arange(40, dtype=np.float32))[:, None], step=13)
    tf.summary.image("stripes", np.tile(np.array([0, 0.3, 1.0, 0.3], np.float32), (1, 16, 4))[..., None], step=14)
    tf.summary.image("noise 80x80", rng.integers(0, 256, size=(1, 80, 80, 3), dtype=np.uint8), step=15)
    tf.summary.image("max outputs 1", rng.uniform(size=(3, 2, 2, 1)).astype(np.float32), step=16, max_outputs=1)
    tf.summary.image("max outputs 0", rng.uniform(size=(3, 2, 2, 1)).astype(np.float32), step=17, max_outputs=0)
    nan_image = np.full((1, 2, 2, 1), np.nan, np.float32)
    nan_image[0, 0, 0, 0] = 0.75
    tf.summary.image("nan", nan_image, step=18)
    tf.summary.image("described", np.zeros((1, 2, 2, 3), np.uint8), step=19, description="black")


def case_text(tf, env):
    tf.summary.text("plain", "hello", step=1)
    tf.summary.text("unicode", "héllo wörld ✓", step=2)
    tf.summary.text("markdown", "# Title\n\n* one\n* two", step=3)
    tf.summary.text("vector", ["a", "bc", ""], step=4)
    tf.summary.text("table", np.array([["x", "y"], ["1", "2"]]), step=5)
    tf.summary.text("bytes", b"raw bytes", step=6)
    tf.summary.text("empty", "", step=7)
    tf.summary.text("described", "x", step=8, description="notes")


def case_recording(tf, env):
    with tf.summary.record_if(False):
        tf.summary.scalar("never", 1.0, step=1)
    with tf.summary.record_if(True):
        tf.summary.scalar("always", 1.0, step=2)
    step = [0]
    with tf.summary.record_if(lambda: step[0] % 2 == 0):
        for step[0] in range(5):
            tf.summary.scalar("even steps", float(step[0]), step=step[0])
    with tf.summary.record_if(tf.constant(False)):
        tf.summary.histogram("never", [1.0], step=3)
    tf.summary.create_noop_writer().set_as_default()
    tf.summary.scalar("after noop", 1.0, step=4)


def case_write(tf, env):
    metadata = env["SummaryMetadata"]()
    metadata.plugin_data.plugin_name = "custom"
    metadata.plugin_data.content = b"\x01\x02"
    tf.summary.write("custom", tf.constant([[1, 2], [3, 4]], tf.int64), step=1, metadata=metadata)
    tf.summary.write("no metadata", tf.constant([1.5, 2.5]), step=2)
    tf.summary.write("string", tf.constant(["a", "b"]), step=3, metadata=metadata.SerializeToString())
    tf.summary.write("lazy", lambda: tf.constant(7, tf.uint8), step=4)
    tf.summary.write("float16", np.array([0.5, -1.0], np.float16), step=5)
    tf.summary.write("bool", np.array([True, False]), step=6)
    tf.summary.write("empty", np.zeros((0, 2), np.float32), step=7)
    tf.summary.write("complex", np.array([1 + 2j], np.complex64), step=8)
    tf.summary.experimental.write_raw_pb(tf.constant(RAW_SUMMARY), step=9)
    tf.summary.experimental.write_raw_pb(tf.constant([RAW_SUMMARY, RAW_SUMMARY]), step=10)
    with tf.summary.experimental.summary_scope("scoped", "default") as (tag, _):
        tf.summary.write(tag, 1.0, step=11)


CASES = {name[len("case_"):]: case for name, case in dict(globals()).items() if name.startswith("case_")}


def run_case(tf, env, case, logdir) -> None:
    """Runs one case with a fresh default writer of ``logdir``, then closes the writer."""
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default():
        CASES[case](tf, env)
    writer.close()
