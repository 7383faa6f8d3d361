"""``tf.io``: reading and writing files, image codecs (with Pillow), and ``tf.io.gfile``.

The file and codec ops are primitives (no gradient, stateful), so they work eagerly, in
``Dataset.map`` and in ``tf.function`` graphs. Decoding follows TF's rules for channels and
dtypes: ``channels=0`` keeps the file's channels, 1/3/4 convert (colour to grey with libpng's
integer weights, as TF's PNG decoder), 16-bit PNGs become 8-bit by dropping the low byte.
JPEGs decode as TF's ``dct_method="INTEGER_ACCURATE"`` does (TF's default, INTEGER_FAST, can
differ by a few levels). An error about a file's contents names the file when the contents come
from ``tf.io.read_file`` (an improvement: TF's decoder does not).
"""

from __future__ import annotations

import glob as _glob
import io as _io
import os
import shutil
import types

import numpy as np

from .framework import dtypes
from .framework.errors import AlreadyExistsError, InvalidArgumentError, NotFoundError
from .framework.primitive import NOT_DIFFERENTIABLE, as_input, declare


class FileContents(bytes):
    """The bytes of a file, remembering which file they came from (for error messages)."""

    filename = None


def _scalar_bytes(array, what="contents"):
    if array.ndim != 0:
        raise InvalidArgumentError(f"{what} must be scalar, got shape {list(array.shape)}")
    value = array.item()
    return value if isinstance(value, bytes) else str(value).encode()


def _where(data) -> str:
    name = getattr(data, "filename", None)
    return f" (file: {name})" if name else ""


# ---------------------------------------------------------------------------------------------
# Files.

def _read_file_forward(filename):
    path = _scalar_bytes(filename, "filename").decode()
    try:
        with open(path, "rb") as f:
            data = FileContents(f.read())
    except FileNotFoundError:
        raise NotFoundError(f"{path}; No such file or directory [Op:ReadFile]") from None
    except IsADirectoryError:
        raise InvalidArgumentError(f"{path}; Is a directory [Op:ReadFile]") from None
    data.filename = path
    out = np.empty((), dtype=object)
    out[()] = data
    return out


def _write_file_forward(filename, contents):
    path = _scalar_bytes(filename, "filename").decode()
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise NotFoundError(f"{path}; No such file or directory [Op:WriteFile]")
    with open(path, "wb") as f:
        f.write(_scalar_bytes(contents))
    return ()


READ_FILE = declare("ReadFile", _read_file_forward, lambda f: ((), dtypes.string), NOT_DIFFERENTIABLE, stateful=True)
WRITE_FILE = declare("WriteFile", _write_file_forward, lambda f, c: [], NOT_DIFFERENTIABLE, stateful=True)


def read_file(filename, name=None):
    """The contents of a file, as a scalar string tensor.

    >>> import tensorflux as tf, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
    >>> tf.io.write_file(path, "hello")
    >>> tf.io.read_file(path).numpy()
    b'hello'
    """
    return READ_FILE(as_input(filename, dtypes.string), name=name)


def write_file(filename, contents, name=None):
    """Writes a scalar string tensor to a file (replacing it)."""
    WRITE_FILE(as_input(filename, dtypes.string), as_input(contents, dtypes.string), name=name)


# ---------------------------------------------------------------------------------------------
# Decoding images with Pillow.

_GRAY_WEIGHTS = (9797, 19234, 3737)  # libpng's rgb_to_gray(0.299, 0.587) in 1/32768, as TF's decoder


def _pillow():
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is the 'images' extra
        raise ImportError("Decoding and encoding images needs Pillow: pip install pillow") from None
    return Image


def _open_image(data, op):
    if not data:
        raise InvalidArgumentError(f"Input is empty.{_where(data)} [Op:{op}]")
    try:
        return _pillow().open(_io.BytesIO(data))
    except Exception:  # noqa: BLE001 - Pillow raises several kinds for unknown data
        raise InvalidArgumentError("Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required."
                                   f"{_where(data)} [Op:{op}]") from None


def _frame_pixels(frame):
    """A frame's pixels as (height, width, channels) with the file's own channels (1-4)."""
    mode = frame.mode
    if mode == "P" or mode == "PA":
        frame = frame.convert("RGBA" if mode == "PA" or "transparency" in frame.info else "RGB")
    elif mode == "1":
        frame = frame.convert("L")
    elif mode in ("CMYK", "YCbCr", "LAB", "HSV"):
        frame = frame.convert("RGB")
    elif mode in ("RGBa", "RGBX"):
        frame = frame.convert("RGBA" if mode == "RGBa" else "RGB")
    elif mode in ("La",):
        frame = frame.convert("LA")
    pixels = np.asarray(frame)
    if pixels.dtype != np.uint8:  # 16-bit (and 32-bit integer) greyscale
        pixels = np.clip(pixels, 0, 65535).astype(np.uint16)
    return pixels[:, :, None] if pixels.ndim == 2 else pixels


def _to_gray(rgb):
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    weighted = (_GRAY_WEIGHTS[0] * r + _GRAY_WEIGHTS[1] * g + _GRAY_WEIGHTS[2] * b) >> 15
    return weighted.astype(rgb.dtype)[..., None]


def _with_channels(pixels, channels):
    """TF's channel conversion: 0 keeps them; 1 grey; 3 RGB; 4 RGBA (opaque alpha added)."""
    have = pixels.shape[-1]
    if channels in (0, have):
        return pixels
    opaque = np.iinfo(pixels.dtype).max
    color = pixels[..., :3] if have >= 3 else np.repeat(pixels[..., :1], 3, axis=-1)
    if channels == 1:
        return pixels[..., :1] if have <= 2 else _to_gray(color)
    if channels == 3:
        return color
    alpha = pixels[..., -1:] if have in (2, 4) else np.full(pixels.shape[:-1] + (1,), opaque, pixels.dtype)
    return np.concatenate([color, alpha], axis=-1)


def _with_dtype(pixels, dtype):
    """8-bit from 16-bit drops the low byte and 16-bit from 8-bit repeats it (as libpng); floats are
    the 16-bit values times 1/65535, computed as TF's decoder does (float32 for float16)."""
    if dtype is dtypes.uint8:
        return (pixels >> 8).astype(np.uint8) if pixels.dtype == np.uint16 else pixels
    deep = pixels.astype(np.uint16) * np.uint16(257) if pixels.dtype == np.uint8 else pixels
    if dtype is dtypes.uint16:
        return deep
    compute = np.float64 if dtype is dtypes.float64 else np.float32
    return (deep.astype(compute) * compute(1 / 65535)).astype(dtype.numpy_dtype)


def _decode_kernel(op):
    def forward(contents, *, channels, dtype, expand_animations):
        data = _scalar_bytes(contents)
        if channels not in (0, 1, 3, 4):
            raise InvalidArgumentError(f"`channels` must be 0, 1, 3 or 4 but got {channels} [Op:{op}]")
        image = _open_image(data, op)
        kind = image.format
        if kind == "GIF" and channels not in (0, 3):
            raise InvalidArgumentError(f"channels must be 0 or 3 for GIF, got {channels} [Op:{op}]")
        if kind == "JPEG" and channels == 4:
            raise InvalidArgumentError(f"JPEG does not support 4 channels [Op:{op}]")
        if kind == "JPEG" and channels == 1:
            image.draft("L", image.size)  # libjpeg's own greyscale output, as TF's decoder
        animated = op == "DecodeGif" or (kind == "GIF" and expand_animations and op == "DecodeImage")
        try:
            frames = _frames(image) if animated else [image]
            arrays = [_with_dtype(_with_channels(_frame_pixels(f), 3 if kind == "GIF" else channels), dtype)
                      for f in frames]
        except (OSError, SyntaxError, ValueError) as error:
            raise InvalidArgumentError(f"Invalid {kind} data: {error}.{_where(data)} [Op:{op}]") from None
        return np.stack(arrays) if animated else arrays[0]

    return forward


def _frames(image):
    frames = []
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        frames.append(image.convert("RGB"))
    return frames


def _decode_infer(op):
    def infer(contents, *, channels, dtype, expand_animations):
        if op == "DecodeGif":
            return (None, None, None, 3), dtype
        if op == "DecodeImage" and expand_animations:
            return None, dtype  # 3-D, or 4-D for an animated GIF: unknown rank, as TF
        return (None, None, channels or None), dtype

    return infer


_DECODERS = {op: declare(op, _decode_kernel(op), _decode_infer(op), NOT_DIFFERENTIABLE)
             for op in ("DecodeImage", "DecodeJpeg", "DecodePng", "DecodeGif", "DecodeBmp")}


def _decode(op, contents, channels, dtype, expand_animations=False, name=None):
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.uint8, dtypes.uint16, dtypes.float16, dtypes.float32, dtypes.float64):
        raise TypeError(f"`dtype` must be one of uint8, uint16, float16, float32, float64, got {dtype.name}.")
    return _DECODERS[op](as_input(contents, dtypes.string), channels=int(channels or 0), dtype=dtype,
                         expand_animations=bool(expand_animations), name=name)


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Decodes a BMP, GIF, JPEG or PNG image: (height, width, channels), or (frames, …) for an
    animated GIF unless ``expand_animations=False``. A float ``dtype`` scales to [0, 1].

    >>> import tensorflux as tf
    >>> png = tf.io.encode_png(tf.zeros((2, 3, 1), tf.uint8))
    >>> tf.io.decode_image(png).shape
    TensorShape([2, 3, 1])
    """
    return _decode("DecodeImage", contents, channels, dtype, expand_animations, name)


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    """Decodes a JPEG image (PNG, GIF and BMP data decode too, as in TF) to uint8 (h, w, channels)."""
    return _decode("DecodeJpeg", contents, channels, dtypes.uint8, name=name)


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """Decodes a PNG image to uint8 or uint16 (h, w, channels)."""
    return _decode("DecodePng", contents, channels, dtype, name=name)


def decode_gif(contents, name=None):
    """Decodes a GIF's frames to uint8 (frames, h, w, 3)."""
    return _decode("DecodeGif", contents, 0, dtypes.uint8, name=name)


def decode_bmp(contents, channels=0, name=None):
    """Decodes a BMP image to uint8 (h, w, channels)."""
    return _decode("DecodeBmp", contents, channels, dtypes.uint8, name=name)


def is_jpeg(contents, name=None):
    """Whether the contents start like a JPEG file."""
    from .framework.primitive import constant

    data = _scalar_bytes(np.asarray(as_input(contents, dtypes.string)._value))
    return constant(np.array(data[:3] == b"\xff\xd8\xff"))


# ---------------------------------------------------------------------------------------------
# Encoding images with Pillow.

_ENCODABLE = {(1, np.uint8), (2, np.uint8), (3, np.uint8), (4, np.uint8), (1, np.uint16)}


def _pil_image(image, op, allowed=(np.uint8, np.uint16)):
    if image.dtype.type not in allowed:
        names = ", ".join(np.dtype(t).name for t in allowed)
        raise InvalidArgumentError(f"Value for attr 'T' of {dtypes.from_numpy(image.dtype).name} is not in the list "
                                   f"of allowed values: {names} [Op:{op}]")
    if image.ndim != 3:
        raise InvalidArgumentError(f"image must be 3-dimensional[{','.join(map(str, image.shape))}] [Op:{op}]")
    if (image.shape[-1], image.dtype.type) not in _ENCODABLE:
        raise InvalidArgumentError(f"image must have 1, 2, 3, or 4 channels (uint16 images: 1), got "
                                   f"{image.shape[-1]} [Op:{op}]")
    pixels = image[..., 0] if image.shape[-1] == 1 else image
    return _pillow().fromarray(np.ascontiguousarray(pixels))  # the mode follows the shape and dtype


def _encoded(image, fmt, **options):
    buffer = _io.BytesIO()
    image.save(buffer, fmt, **options)
    out = np.empty((), dtype=object)
    out[()] = buffer.getvalue()
    return out


def _encode_png_forward(image, *, compression):
    level = 6 if compression < 0 else int(compression)
    return _encoded(_pil_image(image, "EncodePng"), "PNG", compress_level=level)


def _encode_jpeg_forward(image, *, quality, progressive, optimize_size, chroma_downsampling, density):
    if image.ndim == 3 and image.shape[-1] not in (1, 3):
        raise InvalidArgumentError(f"image must have 1 or 3 channels, got {image.shape[-1]} [Op:EncodeJpeg]")
    return _encoded(_pil_image(image, "EncodeJpeg", (np.uint8,)), "JPEG", quality=int(quality),
                    progressive=bool(progressive), optimize=bool(optimize_size),
                    subsampling=2 if chroma_downsampling else 0, dpi=density)


ENCODE_PNG = declare("EncodePng", _encode_png_forward, lambda x, **a: ((), dtypes.string), NOT_DIFFERENTIABLE)
ENCODE_JPEG = declare("EncodeJpeg", _encode_jpeg_forward, lambda x, **a: ((), dtypes.string), NOT_DIFFERENTIABLE)


def encode_png(image, compression=-1, name=None):
    """PNG bytes of a uint8/uint16 (height, width, channels) image; ``compression`` 0-9 (-1 default)."""
    return ENCODE_PNG(as_input(image), compression=int(compression), name=name)


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False, chroma_downsampling=True,
                density_unit="in", x_density=300, y_density=300, xmp_metadata="", name=None):
    """JPEG bytes of a uint8 (height, width, 1 or 3) image."""
    return ENCODE_JPEG(as_input(image), quality=quality, progressive=progressive, optimize_size=optimize_size,
                       chroma_downsampling=chroma_downsampling, density=(int(x_density), int(y_density)), name=name)


# ---------------------------------------------------------------------------------------------
# tf.io.gfile: plain files (no remote file systems).

def _not_found(path):
    return NotFoundError(f"{path}; No such file or directory")


class GFile:
    """A file object, as ``tf.io.gfile.GFile`` (text modes read str, binary modes bytes)."""

    def __init__(self, name, mode="r"):
        self.name, self.mode = os.fspath(name), mode
        try:
            self._file = open(self.name, mode)  # noqa: SIM115 - closed by __exit__ or close()
        except FileNotFoundError:
            raise _not_found(self.name) from None

    def size(self) -> int:
        return os.path.getsize(self.name)

    def __getattr__(self, attribute):
        return getattr(self._file, attribute)

    def __iter__(self):
        return iter(self._file)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


def _exists(path) -> bool:
    return os.path.exists(path)


def _listdir(path) -> list:
    if not os.path.isdir(path):
        raise _not_found(path)
    return os.listdir(path)


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        raise _not_found(path) from None


def _rmtree(path):
    if not os.path.exists(path):
        raise _not_found(path)
    shutil.rmtree(path)


def _rename(src, dst, overwrite=False):
    if not overwrite and os.path.exists(dst):
        raise AlreadyExistsError(f"file already exists: {dst}")
    if not os.path.exists(src):
        raise _not_found(src)
    os.replace(src, dst)


def _copy(src, dst, overwrite=False):
    if not overwrite and os.path.exists(dst):
        raise AlreadyExistsError(f"file already exists: {dst}")
    if not os.path.exists(src):
        raise _not_found(src)
    shutil.copyfile(src, dst)


def _mkdir(path):
    try:
        os.mkdir(path)
    except FileExistsError:
        raise AlreadyExistsError(f"{path}; File exists") from None


class _FileStatistics(types.SimpleNamespace):
    pass


def _stat(path):
    if not os.path.exists(path):
        raise _not_found(path)
    info = os.stat(path)
    return _FileStatistics(length=info.st_size, mtime_nsec=info.st_mtime_ns, is_directory=os.path.isdir(path))


def _walk(top, topdown=True, onerror=None):
    yield from os.walk(top, topdown=topdown, onerror=onerror)


gfile = types.SimpleNamespace(
    GFile=GFile, Open=GFile, exists=_exists, glob=lambda pattern: sorted(_glob.glob(os.fspath(pattern))),
    isdir=os.path.isdir, listdir=_listdir, makedirs=lambda path: os.makedirs(path, exist_ok=True), mkdir=_mkdir,
    remove=_remove, rename=_rename, rmtree=_rmtree, copy=_copy, stat=_stat, walk=_walk, join=os.path.join,
)
