"""A stand-in for ``urllib.request.urlopen``: the tests never touch the network."""

import io
import urllib.error
import urllib.request


class FakeResponse(io.BytesIO):
    """What ``urlopen`` returns: a readable, closable body with headers."""

    def __init__(self, payload: bytes, fail_after: int | None = None):
        super().__init__(payload)
        self.headers = {"Content-Length": str(len(payload))}
        self._fail_after = fail_after

    def read(self, size=-1):
        if self._fail_after is not None and self.tell() >= self._fail_after:
            raise KeyboardInterrupt  # the download is killed half way
        return super().read(size)


def serve(monkeypatch, payload: bytes | None = None, fail_after=None, error=None) -> list:
    """Makes every ``urlopen`` answer ``payload`` (or raise ``error``); returns the URLs asked for."""
    requested = []

    def urlopen(url, *args, **kwargs):
        requested.append(url)
        if error is not None:
            raise error
        if payload is None:
            raise AssertionError(f"unexpected download of {url}")
        return FakeResponse(payload, fail_after)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return requested


def offline(monkeypatch) -> list:
    return serve(monkeypatch, error=urllib.error.URLError("[Errno -3] Temporary failure in name resolution"))
