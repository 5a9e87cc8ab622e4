"""Python objects between the build and a process of its own (the archive's writer, the copies of the build):
each message is its length (8 bytes) and then its pickle. Only between our own processes, over our own pipes."""

from __future__ import annotations

import os
import pickle
import struct
from typing import Any

_LENGTH = struct.Struct(">Q")


def frame(item: object) -> bytes:
    """`item` as one message, ready to write."""
    data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def receive(fd: int) -> Any:
    """The next message on `fd`; EOFError at the end of input (also in the middle of a message)."""
    def exactly(size: int) -> bytes:
        parts: list[bytes] = []
        while size:
            part = os.read(fd, min(size, 1 << 20))
            if not part:
                raise EOFError
            parts.append(part)
            size -= len(part)
        return b"".join(parts)
    (size,) = _LENGTH.unpack(exactly(_LENGTH.size))
    return pickle.loads(exactly(size))  # noqa: S301 - our own processes, over our own pipes
