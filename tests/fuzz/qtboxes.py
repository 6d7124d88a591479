"""QuickTime boxes as nested lists, for make-corpus.sh's edited seeds.

A box is [kind, payload]: payload is bytes, or a list of boxes for the
kinds in CONTAINERS. Only 32-bit sizes (the seeds are small)."""

import struct

CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"dinf", b"stbl", b"edts",
              b"tref"}


def parse(data, start, end):
    out, pos = [], start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        if kind in CONTAINERS:
            out.append([kind, parse(data, pos + 8, pos + size)])
        else:
            out.append([kind, data[pos + 8:pos + size]])
        pos += size
    return out


def dump(boxes):
    return b"".join(struct.pack(">I4s", 8 + len(b), k) + b
                    for k, b in ((k, dump(v) if isinstance(v, list) else v)
                                 for k, v in boxes))


def child(box, kind):
    return [v for k, v in box if k == kind][0]


def handler(trak):
    return child(child(trak, b"mdia"), b"hdlr")[8:12]


def trak(moov, hdlr):
    return [v for k, v in moov if k == b"trak" and handler(v) == hdlr][0]


def rewrite(src, dest, edit):
    """Writes src to dest with edit(moov) applied; the moov must be last."""
    data = open(src, "rb").read()
    top = parse(data, 0, len(data))
    assert top[-1][0] == b"moov"
    edit(top[-1][1])
    open(dest, "wb").write(dump(top))
