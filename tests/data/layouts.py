"""Folders of class folders for the directory loaders: made the same way by the fixture recorder
(with Keras) and by the tests (with tensorflux), so both see identical files."""

from __future__ import annotations

import os

import numpy as np

# relative path -> (format, Pillow mode) ; every image is 8x8 so that no case needs resizing
# unless it asks for another size
IMAGE_LAYOUT = {
    "cat/c0.png": ("PNG", "RGB"), "cat/c1.png": ("PNG", "RGB"), "cat/c2.jpg": ("JPEG", "RGB"),
    "cat/c3.PNG": ("PNG", "L"),
    "dog/d0.png": ("PNG", "RGBA"), "dog/d1.bmp": ("BMP", "RGB"), "dog/d2.gif": ("GIF", "RGB"),
    "dog/d3.png": ("PNG", "RGB"), "dog/nested/d4.png": ("PNG", "RGB"),
    "zebra/z0.png": ("PNG", "RGB"), "zebra/z1.jpeg": ("JPEG", "L"), "zebra/z2.png": ("PNG", "LA"),
}
IMAGE_EXTRAS = {"zebra/readme.txt": b"not an image", ".hidden/h.png": None}

TEXT_LAYOUT = {
    "neg/a.txt": "bad film", "neg/b.txt": "dull and slow", "neg/c.txt": "caf\u00e9 was better",
    "pos/d.txt": "great fun", "pos/e.txt": "loved it", "pos/f.txt": "\u00e9\u00e9\u00e9 superb",
}
TEXT_EXTRAS = {"pos/notes.md": "ignored"}


def _pixels(index, mode):
    rng = np.random.default_rng(100 + index)
    channels = {"RGB": 3, "L": 1, "RGBA": 4, "LA": 2}[mode]
    pixels = rng.integers(0, 256, (8, 8, channels), dtype=np.uint8)
    return pixels[..., 0] if channels == 1 else pixels


def make_image_tree(root):
    from PIL import Image

    for index, (relative, (fmt, mode)) in enumerate(sorted(IMAGE_LAYOUT.items())):
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        Image.fromarray(_pixels(index, mode), mode).save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    for relative, content in IMAGE_EXTRAS.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if content is None:
            Image.fromarray(_pixels(99, "RGB"), "RGB").save(path, "PNG")
        else:
            with open(path, "wb") as f:
                f.write(content)


def make_text_tree(root):
    for relative, text in {**TEXT_LAYOUT, **TEXT_EXTRAS}.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(text.encode("utf-8"))
