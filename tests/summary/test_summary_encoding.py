"""The byte level: protobuf wire encoding, CRC-32C, TFRecord framing, and the event-file messages,
decoded by the protobuf classes that ship with the real ``tensorboard`` package."""

import os
import struct

import numpy as np
import pytest
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c as tensorboard_masked_crc32c
from tensorboard.util import tensor_util

import tensorflux as tf
from tensorflux.errors import DataLossError
from tensorflux.summary import crc32c, messages, records, wire


@pytest.mark.parametrize("value", [0, 1, 127, 128, 300, 2**31 - 1, 2**32, 2**63 - 1, -1, -2**63])
def test_varint_decodes_as_int64(value):
    encoded = wire.uint(2, value) if value else wire.key(2, wire.VARINT) + wire.varint(0)
    event = event_pb2.Event.FromString(encoded)
    assert event.step == value


def test_defaults_are_left_out_but_empty_messages_are_written():
    assert wire.uint(2, 0) == b""
    assert wire.string(3, "") == b""
    assert wire.double(1, 0.0) == b""
    assert wire.double(1, -0.0) != b""
    assert wire.message(2, b"") == b"\x12\x00"


@pytest.mark.parametrize("data, expected", [
    (b"", 0x00000000), (b"a", 0xC1D04330), (b"123456789", 0xE3069283),
    (bytes(32), 0x8A9136AA), (b"\xff" * 32, 0x62A8AB43), (bytes(range(32)), 0x46DD794E),
])
def test_crc32c_known_values(data, expected):
    # The zero, 0xff and ascending vectors are RFC 3720's (iSCSI) test vectors.
    assert crc32c.crc32c(data) == expected


@pytest.mark.parametrize("size", [0, 1, 7, 255, 8191, 8192, 8193, 12345, 65536, 100_003, 1 << 20])
def test_masked_crc_matches_tensorboard_at_every_length(size):
    data = np.random.default_rng(size).integers(0, 256, size, dtype=np.uint8).tobytes()
    assert crc32c.masked_crc32c(data) == tensorboard_masked_crc32c(data)


def test_long_inputs_take_the_lane_path_and_agree_with_the_byte_loop():
    data = os.urandom(50_000)
    assert crc32c._update_lanes(0xFFFFFFFF, data) == crc32c._update(0xFFFFFFFF, data)


def test_frame_layout():
    framed = records.frame(b"event")
    (length,) = struct.unpack("<Q", framed[:8])
    assert length == 5 and framed[12:17] == b"event" and len(framed) == 21
    assert struct.unpack("<I", framed[8:12])[0] == tensorboard_masked_crc32c(framed[:8])
    assert struct.unpack("<I", framed[17:])[0] == tensorboard_masked_crc32c(b"event")


def test_read_records_round_trip_and_torn_tail(tmp_path):
    path = tmp_path / "records"
    data = [b"one", b"", b"three" * 1000]
    path.write_bytes(b"".join(records.frame(d) for d in data) + records.frame(b"torn")[:-3])
    assert records.read_records(path, allow_partial_tail=True) == data
    with pytest.raises(DataLossError, match="truncated record"):
        records.read_records(path)


def test_read_records_detects_corruption(tmp_path):
    path = tmp_path / "records"
    framed = bytearray(records.frame(b"payload"))
    framed[14] ^= 1
    path.write_bytes(bytes(framed))
    with pytest.raises(DataLossError, match="bad data checksum"):
        records.read_records(path)


@pytest.mark.parametrize("array", [
    np.float32(0.5), np.arange(6, dtype=np.float64).reshape(2, 3), np.array([1, -2], np.int32),
    np.array([2**40], np.int64), np.array([200], np.uint8), np.array([-5], np.int8), np.array([True, False]),
    np.array([0.5, 2.0], np.float16), np.array([1 + 2j], np.complex64), np.array([3 + 4j], np.complex128),
    np.array([65000], np.uint16), np.array([2**63], np.uint64), np.zeros((0, 3), np.float32),
])
def test_tensor_proto_decodes_to_the_same_array(array):
    proto = tensor_pb2.TensorProto.FromString(messages.tensor_proto(array))
    decoded = tensor_util.make_ndarray(proto)
    assert decoded.dtype == array.dtype and decoded.shape == np.shape(array)
    np.testing.assert_array_equal(decoded, array)


def test_tensor_proto_of_strings_uses_string_val():
    proto = tensor_pb2.TensorProto.FromString(messages.tensor_proto(np.array([["a", "é"], ["", "xyz"]], object)))
    assert proto.dtype == 7 and [d.size for d in proto.tensor_shape.dim] == [2, 2]
    assert list(proto.string_val) == [b"a", "é".encode(), b"", b"xyz"]


def test_tensor_proto_of_bfloat16():
    value = tf.constant([1.5, -2.0], tf.bfloat16).numpy()
    proto = tensor_pb2.TensorProto.FromString(messages.tensor_proto(value))
    assert proto.dtype == 14 and proto.tensor_content == value.tobytes()


def test_summary_metadata_matches_protobuf():
    ours = messages.SummaryMetadata(display_name="d", summary_description="desc")
    ours.plugin_data.plugin_name = "scalars"
    ours.plugin_data.content = b"\x08\x01"
    reference = summary_pb2.SummaryMetadata(display_name="d", summary_description="desc")
    reference.plugin_data.plugin_name = "scalars"
    reference.plugin_data.content = b"\x08\x01"
    assert ours.SerializeToString() == reference.SerializeToString()
    assert messages.SummaryMetadata().SerializeToString() == b""


def test_event_with_summary_decodes():
    tensor = messages.tensor_proto(np.float32(1.25))
    value = messages.summary_value("loss", tensor, messages.plugin_metadata("scalars", description="d"))
    event = event_pb2.Event.FromString(messages.event(1234.5, 7, summary=value))
    assert (event.wall_time, event.step) == (1234.5, 7)
    (decoded,) = event.summary.value
    assert decoded.tag == "loss" and decoded.metadata.plugin_data.plugin_name == "scalars"
    assert decoded.metadata.summary_description == "d"
    assert tensor_util.make_ndarray(decoded.tensor) == np.float32(1.25)


def test_event_with_file_version_and_writer():
    event = event_pb2.Event.FromString(messages.event(10.0, file_version="brain.Event:2", source_writer="me"))
    assert event.file_version == "brain.Event:2" and event.source_metadata.writer == "me"
