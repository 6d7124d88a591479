#!/usr/bin/env python3
"""The fault suite (issue 3): what `proreswriter print` does when its
inputs are bad, its output is one of them, the disk fills, a signal comes,
an input vanishes or shrinks, or two prints race for one output.

Run by meson as:
    python3 test_faults.py PRORESWRITER PRW_MAKE_FIXTURE PRW_FAULT_INJECT GROUP

GROUP is one of output, inputs, timecode, signals, disk, vanish, concurrent,
codes, shim, hang (one meson test each, so that CI shows which area fails), or
"all". "codes" calls the library itself (prw-fault-print, built beside the
shim) and asserts the error codes an application branches on.
"shim" checks the shim itself: that it sees every write path it claims.

Every case asserts the exit status, that the one error line names the file
and the reason, that the inputs are byte-identical afterwards (and were
never opened for writing), and what the output folder holds afterwards: no
output and no ".NAME.prw-XXXXXX" temporary file after a failure.

How faults are made:
  - bad inputs: files written here, or fixture movies whose atoms are
    patched (the box tree is walked to find them; nothing binary is stored);
  - an unreadable file: mode 000, read by an unprivileged user (root reads
    anything) via setpriv; as a non-root user directly; where uid 65534
    cannot run the CLI, the shim fails every open of the file with EACCES;
  - a pad of the base that cannot be linked (issue 12, C09: a print that
    waited for ever): a base whose sound format the muxer refuses, made
    with ffmpeg, or the shim's link-fail action;
  - full disk, I/O errors, signals, inputs vanishing or shrinking, and the
    meeting point of two concurrent prints: the LD_PRELOAD shim
    prw-fault-inject (see its header), which acts on the printer's
    temporary file at a chosen byte count or at its fsync;
  - a real full disk too: a small tmpfs mounted in a private mount
    namespace (unshare); where that is not allowed the case is SKIPPED and
    said so, never counted as passed.

The shim is preloaded into every CLI run: its log of every file opened for
writing proves that the inputs were opened read-only, and its log of
flushes and renames that every output appeared by a rename of a flushed
temporary file beside it.

Some cases fail until the library or CLI does what the issue asks (they
assert the issue's behaviour, not today's): see the commit that added them.
"""

import collections
import fcntl
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import unittest

CLI = None
FIXTURE = None
SHIM = None
WORK = None

NOBODY = 65534
RATE = 25
BASE_TC = "01:00:00:00"
BASE_FRAMES = 100
TEMP_RE = re.compile(r"^\..*\.prw-")

# name -> prw-make-fixture arguments. 128x96 (the fixture's default size):
# smaller sizes lose the frame numbers the fixture draws, and frames must be
# distinct for placement checks. A "smpte" base of 100 frames is ~640 kB, so
# the printer writes it in many pieces and a fault at the first write lands
# mid-render.
MEDIA = {
    "base.mov": dict(frames=BASE_FRAMES, tc=BASE_TC, pattern="smpte"),
    # record frames 25-34, 60-69 and 90-94
    "seg_a.mov": dict(frames=10, tc="01:00:01:00", pattern="colors"),
    "seg_b.mov": dict(frames=10, tc="01:00:02:10", pattern="checkers-8"),
    "seg_late.mov": dict(frames=5, tc="01:00:03:15", pattern="zone-plate"),
    # timecode edges (record frames in the comments)
    "before.mov": dict(frames=10, tc="00:59:59:20", pattern="circular"),  # -5
    "after.mov": dict(frames=10, tc="01:00:03:20", pattern="circular"),  # 95
    "just_after.mov": dict(frames=5, tc="01:00:04:00", pattern="colors"),
    "just_before.mov": dict(frames=10, tc="00:59:59:15", pattern="colors"),
    "far.mov": dict(frames=5, tc="12:00:00:00", pattern="colors"),
    "exact.mov": dict(frames=10, tc="01:00:01:00", pattern="checkers-8"),
    "partial.mov": dict(frames=10, tc="01:00:01:05", pattern="zone-plate"),
    "big.mov": dict(frames=30, tc="01:00:01:00", pattern="circular"),
    "small.mov": dict(frames=5, tc="01:00:01:10", pattern="colors"),
    # a base across midnight: 23:59:59:15 .. 00:00:00:09
    "mid_base.mov": dict(frames=20, tc="23:59:59:15", pattern="smpte"),
    "mid_after.mov": dict(frames=5, tc="00:00:00:03", pattern="colors"),
    "mid_across.mov": dict(frames=4, tc="23:59:59:23", pattern="checkers-8"),
    "mid_partial.mov": dict(frames=6, tc="23:59:59:12", pattern="zone-plate"),
    # the base's twins in one way each
    "no_tc.mov": dict(frames=10, tc=None, pattern="colors"),
    "rate_50.mov": dict(frames=10, tc="01:00:01:00", pattern="colors",
                        rate="50/1"),
    "flavour_hq.mov": dict(frames=10, tc="01:00:01:00", pattern="colors",
                           profile="hq"),
    "size_96x64.mov": dict(frames=10, tc="01:00:01:00", pattern="colors",
                           size="96x64"),
    # a base with a sound track (16-bit PCM, two channels)
    "audio_base.mov": dict(frames=50, tc=BASE_TC, pattern="smpte", audio=2),
}


# ---------------------------------------------------------------------------
# media


def make_fixture(path, frames, tc, pattern, rate="25/1", profile=None,
                 size=None, audio=None):
    args = [FIXTURE, path, "--rate", rate, "--frames", str(frames),
            "--pattern", pattern]
    args += ["--no-tc"] if tc is None else ["--tc", tc]
    if audio is not None:
        args += ["--audio", str(audio)]
    if profile is not None:
        args += ["--profile", profile]
    if size is not None:
        args += ["--size", size]
    proc = subprocess.run(args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("prw-make-fixture %s failed: %s" %
                           (path, proc.stderr.decode("utf-8", "replace")))


def media(name):
    """The path of a fixture movie, made on first use."""
    path = os.path.join(WORK, "media", name)
    if not os.path.exists(path):
        make_fixture(path, **MEDIA[name])
    return path


def copy_media(name, folder, new_name=None):
    os.makedirs(folder, exist_ok=True)
    dest = os.path.join(folder, new_name or name)
    shutil.copyfile(media(name), dest)
    return dest


_md5s_cache = {}


def packet_md5s(path):
    """One md5 per video packet, read by ffmpeg (not by the library)."""
    st = os.stat(path)
    key = (path, st.st_ino, st.st_size, st.st_mtime_ns)
    if key not in _md5s_cache:
        _md5s_cache[key] = read_packet_md5s(path)
    return list(_md5s_cache[key])


def read_packet_md5s(path):
    proc = subprocess.run([FIXTURE, "--md5s", path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("prw-make-fixture --md5s %s failed: %s" %
                           (path, proc.stderr.decode("utf-8", "replace")))
    return [l.strip() for l in proc.stdout.decode().splitlines() if l.strip()]


def tc_frames(tc):
    h, m, s, f = (int(x) for x in re.split(r"[:;]", tc))
    return ((h * 60 + m) * 60 + s) * RATE + f


def record_in(name, base="base.mov"):
    """Where a segment lands in its base, by the test's own arithmetic
    (modulo a day: a base may cross midnight)."""
    day = 24 * 3600 * RATE
    offset = (tc_frames(MEDIA[name]["tc"]) -
              tc_frames(MEDIA[base]["tc"])) % day
    return offset - day if offset > day // 2 else offset


def expected_md5s(base, segments):
    """The packet md5s an output must have: every record frame from the
    last segment (in plan order) covering it, else from the base.
    segments: [(path, record_in)]."""
    owners = packet_md5s(base)
    for path, first in segments:
        for i, md5 in enumerate(packet_md5s(path)):
            if 0 <= first + i < len(owners):
                owners[first + i] = md5
    return owners


# ---------------------------------------------------------------------------
# hand-corrupted movies: the QuickTime box tree, walked


Box = collections.namedtuple("Box", "type offset size header")
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf"}


def walk(data, start, end):
    boxes, pos = [], start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size, header = struct.unpack_from(">Q", data, pos + 8)[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError("fixture box tree is bad at %d" % pos)
        boxes.append(Box(kind, pos, size, header))
        pos += size
    return boxes


def children(data, box):
    return walk(data, box.offset + box.header, box.offset + box.size)


def only(boxes, kind):
    found = [b for b in boxes if b.type == kind]
    if len(found) != 1:
        raise ValueError("expected one %r box, found %d" % (kind, len(found)))
    return found[0]


def moov(data):
    return only(walk(data, 0, len(data)), b"moov")


def trak(data, handler):
    """The trak whose hdlr subtype is handler (b"vide", b"tmcd")."""
    found = []
    for t in children(data, moov(data)):
        if t.type != b"trak":
            continue
        hdlr = only(children(data, only(children(data, t), b"mdia")),
                    b"hdlr")
        if data[hdlr.offset + hdlr.header + 8:
                hdlr.offset + hdlr.header + 12] == handler:
            found.append(t)
    if len(found) != 1:
        raise ValueError("expected one %r trak, found %d" %
                         (handler, len(found)))
    return found[0]


def stbl_child(data, handler, kind):
    t = trak(data, handler)
    mdia = only(children(data, t), b"mdia")
    minf = only(children(data, mdia), b"minf")
    stbl = only(children(data, minf), b"stbl")
    return only(children(data, stbl), kind)


def put32(data, offset, value):
    struct.pack_into(">I", data, offset, value)


def get32(data, offset):
    return struct.unpack_from(">I", data, offset)[0]


def table_entry(box, index, entry_size):
    """Offset of entry index of a full-atom table (version/flags, count)."""
    return box.offset + box.header + 8 + index * entry_size


def shift_chunk_offsets(data, delta):
    for t in children(data, moov(data)):
        if t.type != b"trak":
            continue
        mdia = only(children(data, t), b"mdia")
        minf = [b for b in children(data, mdia) if b.type == b"minf"]
        if not minf:
            continue
        stbl = only(children(data, minf[0]), b"stbl")
        for box in children(data, stbl):
            if box.type == b"stco":
                for i in range(get32(data, box.offset + box.header + 4)):
                    at = table_entry(box, i, 4)
                    put32(data, at, get32(data, at) + delta)
            elif box.type == b"co64":
                for i in range(get32(data, box.offset + box.header + 4)):
                    at = table_entry(box, i, 8)
                    struct.pack_into(">Q", data, at, struct.unpack_from(
                        ">Q", data, at)[0] + delta)


def moov_last(data):
    top = walk(data, 0, len(data))
    if top[-1].type != b"moov":
        raise ValueError("the fixture's moov is not its last atom")
    return top[-1]


def corrupt_truncated_mdat(data):
    """moov moved before mdat (as a "fast start" movie has it), then the
    file cut in the middle of mdat."""
    m = moov_last(data)
    mdat = only(walk(data, 0, len(data)), b"mdat")
    out = bytearray(data[:mdat.offset] + data[m.offset:] +
                    data[mdat.offset:m.offset])
    shift_chunk_offsets(out, m.size)
    return out[:mdat.offset + m.size + mdat.size // 2]


def corrupt_truncated_mdat_to_eof(data):
    """The same, with an mdat whose size is 0 ("up to the end of the
    file", as a recorder that stopped writes it): only the sample tables
    show that frames are missing."""
    m = moov_last(data)
    mdat = only(walk(data, 0, len(data)), b"mdat")
    out = corrupt_truncated_mdat(data)
    put32(out, mdat.offset + m.size, 0)
    return out


def corrupt_truncated_moov(data):
    m = moov_last(data)
    return data[:m.offset + m.size // 2]


def corrupt_missing_moov(data):
    return data[:moov_last(data).offset]


def corrupt_zero_size(data):
    put32(data, trak(data, b"vide").offset, 0)
    return data


def corrupt_too_large(data):
    """The video sample description claims nearly 4 GB."""
    stsd = stbl_child(data, b"vide", b"stsd")
    put32(data, stsd.offset, 0xFFFFFFF0)
    return data


def corrupt_past_parent(data):
    """The last atom in the video trak runs 16 bytes past the trak's end
    (into the next track, still inside moov)."""
    last = children(data, trak(data, b"vide"))[-1]
    put32(data, last.offset, last.size + 16)
    return data


def corrupt_smaller_than_header(data):
    mvhd = only(children(data, moov(data)), b"mvhd")
    put32(data, mvhd.offset, 4)
    return data


def corrupt_offset_past_eof(data):
    stco = stbl_child(data, b"vide", b"stco")
    put32(data, table_entry(stco, 0, 4), len(data) + 1000)
    return data


def corrupt_stts_count(data):
    stts = stbl_child(data, b"vide", b"stts")
    at = table_entry(stts, 0, 8)
    put32(data, at, get32(data, at) + 1)
    return data


def corrupt_stsc_count(data):
    stsc = stbl_child(data, b"vide", b"stsc")
    at = table_entry(stsc, 0, 12) + 4  # samples per chunk
    put32(data, at, get32(data, at) + 1)
    return data


def corrupt_no_video(data):
    """The video trak becomes a 'free' atom: a movie with no video track."""
    t = trak(data, b"vide")
    data[t.offset + 4:t.offset + 8] = b"free"
    return data


def corrupt_two_timecodes(data):
    """A copy of the tmcd trak after it (moov is last: no offset moves)."""
    m = moov_last(data)
    t = trak(data, b"tmcd")
    copy = data[t.offset:t.offset + t.size]
    out = bytearray(data[:t.offset + t.size] + copy +
                    data[t.offset + t.size:])
    put32(out, m.offset, m.size + t.size)
    return out


def minf_child(data, handler, kind):
    t = trak(data, handler)
    mdia = only(children(data, t), b"mdia")
    minf = only(children(data, mdia), b"minf")
    return t, mdia, minf, only(children(data, minf), kind)


def dref_of(data, handler):
    """(ancestors from moov down, the dref box) of a track's data
    references."""
    t, mdia, minf, dinf = minf_child(data, handler, b"dinf")
    dref = only(children(data, dinf), b"dref")
    return [moov(data), t, mdia, minf, dinf], dref


def dref_entries(data, dref):
    return walk(data, dref.offset + dref.header + 8, dref.offset + dref.size)


def corrupt_external(handler):
    """The track's one data reference (qtmux writes an 'alis', ffmpeg a
    'url ', both self-contained) loses its self-reference flag: its data is
    said to be in another file, unnamed."""
    def corrupt(data):
        _, dref = dref_of(data, handler)
        entries = dref_entries(data, dref)
        if len(entries) != 1:
            raise ValueError("expected one data reference")
        entry = entries[0]
        if not data[entry.offset + 11] & 1:
            raise ValueError("the fixture's data reference is not "
                             "self-contained")
        data[entry.offset + 11] &= ~1
        return data
    return corrupt


def replace_in_moov(data, ancestors, box, new):
    """Replaces box (inside ancestors, moov first; moov is the last atom,
    so no sample moves) with the bytes new, resizing every ancestor."""
    moov_last(data)
    delta = len(new) - box.size
    out = bytearray(data[:box.offset] + new + data[box.offset + box.size:])
    for a in ancestors:
        put32(out, a.offset, a.size + delta)
    return out


def corrupt_external_named(data):
    """The timecode's data reference names another file, as a camera's
    external .qtc timecode does (a 'url ' entry without flag 0x1)."""
    ancestors, dref = dref_of(data, b"tmcd")
    entries = dref_entries(data, dref)
    if len(entries) != 1:
        raise ValueError("expected one data reference")
    entry = entries[0]
    name = b"reel.qtc\0"
    new = struct.pack(">I4sI", 12 + len(name), b"url ", 0) + name
    return replace_in_moov(data, ancestors + [dref], entry, new)


def corrupt_fragment_moof(data):
    """A movie fragment (moof with its header, mfhd) after the moov."""
    moov_last(data)
    return data + struct.pack(">I4sI4sII", 24, b"moof", 16, b"mfhd", 0, 1)


def corrupt_fragment_mvex(data):
    """The moov announces movie fragments: an mvex with a trex for the
    video track, at the moov's end."""
    m = moov_last(data)
    t = trak(data, b"vide")
    tkhd = only(children(data, t), b"tkhd")
    version = data[tkhd.offset + tkhd.header]
    track_id = get32(data, tkhd.offset + tkhd.header +
                     (12 if version == 0 else 20))
    trex = struct.pack(">I4sIIIIII", 32, b"trex", 0, track_id, 1, 0, 0, 0)
    mvex = struct.pack(">I4s", 8 + len(trex), b"mvex") + trex
    out = bytearray(data + mvex)
    put32(out, m.offset, m.size + len(mvex))
    return out


def corrupt_two_video(data):
    """A copy of the video trak after it, as track 7 (moov is last: no
    offset moves): two video tracks and no choice."""
    m = moov_last(data)
    t = trak(data, b"vide")
    copy = bytearray(data[t.offset:t.offset + t.size])
    tkhd = only(children(data, t), b"tkhd")
    version = data[tkhd.offset + tkhd.header]
    put32(copy, tkhd.offset - t.offset + tkhd.header +
          (12 if version == 0 else 20), 7)
    out = bytearray(data[:t.offset + t.size] + copy +
                    data[t.offset + t.size:])
    put32(out, m.offset, m.size + t.size)
    return out


# name -> (how it is made, what the reason must say). Each is a bad input
# as a base and as a segment. Names never contain one another.
PROBE_BAD = {
    "bad-empty.mov": (lambda d: b"", r"empty"),
    "bad-text.mov": (lambda d: b"not a movie, only text\n" * 40,
                     r"not a quicktime"),
    "bad-trunc-mdat.mov": (corrupt_truncated_mdat, r"truncat|past the end"),
    "bad-trunc-mdat0.mov": (corrupt_truncated_mdat_to_eof,
                            r"truncat|past the end"),
    "bad-trunc-moov.mov": (corrupt_truncated_moov, r"truncat"),
    "bad-no-moov.mov": (corrupt_missing_moov, r"no movie header|\bmoov\b"),
    "bad-zero-atom.mov": (corrupt_zero_size, r"size 0"),
    "bad-huge-atom.mov": (corrupt_too_large, r"past|too large|beyond"),
    "bad-past-parent.mov": (corrupt_past_parent, r"past|too large|beyond"),
    "bad-tiny-atom.mov": (corrupt_smaller_than_header, r"smaller|header"),
    "bad-offset-eof.mov": (corrupt_offset_past_eof, r"past the end"),
    "bad-stts-count.mov": (corrupt_stts_count, r"sample"),
    "bad-stsc-count.mov": (corrupt_stsc_count, r"sample"),
    "bad-no-video.mov": (corrupt_no_video, r"no video"),
    "bad-two-tc.mov": (corrupt_two_timecodes, r"timecode tracks"),
    "bad-no-tc.mov": (None, r"no timecode"),
    # issue 12: data in another file (C17), fragments (C11), several
    # video tracks (C22)
    "bad-ext-tc.mov": (corrupt_external(b"tmcd"),
                       r"the timecode track \(track \d+\) keeps its data "
                       r"in another file"),
    "bad-ext-video.mov": (corrupt_external(b"vide"),
                          r"the video track \(track \d+\) keeps its data in "
                          r"another file"),
    "bad-ext-named.mov": (corrupt_external_named,
                          r"the timecode track \(track \d+\) keeps its data "
                          r"in another file, \"reel\.qtc\""),
    "bad-frag-moof.mov": (corrupt_fragment_moof,
                          r"fragmented movie \(moof at offset \d+\)"),
    "bad-frag-mvex.mov": (corrupt_fragment_mvex,
                          r"fragmented movie \(mvex"),
    "bad-two-video.mov": (corrupt_two_video,
                          r"2 video tracks \(track 1: \w+ 128x96, 10 frames; "
                          r"track 7: \w+ 128x96, 10 frames\); choose one"),
}

# Good movies that are bad segments for this base.
MISMATCHED = {
    "bad-rate.mov": ("rate_50.mov", r"rate"),
    "bad-flavour.mov": ("flavour_hq.mov", r"codec|flavour|profile"),
    "bad-size.mov": ("size_96x64.mov", r"size"),
}


def make_bad(name, folder):
    """Writes the bad input name into folder; returns its path."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    if name in MISMATCHED:
        shutil.copyfile(media(MISMATCHED[name][0]), path)
        return path
    corrupt = PROBE_BAD[name][0]
    if corrupt is None:
        shutil.copyfile(media("no_tc.mov"), path)
        return path
    with open(media("seg_a.mov"), "rb") as f:
        data = corrupt(bytearray(f.read()))
    with open(path, "wb") as f:
        f.write(data)
    return path


def reason_of(name):
    if name in MISMATCHED:
        return MISMATCHED[name][1]
    return PROBE_BAD[name][1]


# ---------------------------------------------------------------------------
# running the CLI


class Result:
    def __init__(self, args, status, out, err, log):
        self.args, self.status, self.out, self.err = args, status, out, err
        self.log = log

    def error_lines(self):
        return [l for l in self.err.splitlines()
                if not l.startswith("proreswriter: warning: ")]

    def warning_lines(self):
        return [l for l in self.err.splitlines()
                if l.startswith("proreswriter: warning: ")]

    def fired(self):
        return [l for l in self.log if l.startswith("fired ")]

    def write_opens(self):
        return [l[len("write-open "):] for l in self.log
                if l.startswith("write-open ")]

    def temp_bytes(self):
        """What reached the temporary file (a wrapper such as sh or
        setpriv logs its own zero)."""
        return max((int(l.split()[1]) for l in self.log
                    if l.startswith("temp-bytes ")), default=None)

    def describe(self):
        return ("\n  command: %s\n  exit status: %s\n  stdout: %s\n"
                "  stderr: %s\n  shim log: %s" %
                (" ".join(self.args), self.status, self.out.strip(),
                 self.err.strip(), [l for l in self.log
                                    if not l.startswith("write-open ")]))


_log_count = [0]


def asan_runtime():
    """The ASan runtime the CLI links (a sanitizer build), or None: it must
    come before the shim in LD_PRELOAD."""
    if not hasattr(asan_runtime, "path"):
        asan_runtime.path = None
        out = subprocess.run(["ldd", CLI], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout.decode()
        for line in out.splitlines():
            if "libasan" in line and "=>" in line:
                asan_runtime.path = line.split("=>")[1].split()[0]
    return asan_runtime.path


def cli_env(fault, log):
    env = dict(os.environ)
    env["LD_PRELOAD"] = " ".join(p for p in (asan_runtime(), SHIM,
                                             env.get("LD_PRELOAD")) if p)
    env["PRW_FAULT_LOG"] = log
    for key in list(env):
        if key.startswith("PRW_FAULT") and key != "PRW_FAULT_LOG":
            del env[key]
    for key, value in (fault or {}).items():
        env["PRW_FAULT" + ("_" + key.upper() if key != "action" else "")] = \
            str(value)
    return env


def new_log():
    _log_count[0] += 1
    log = os.path.join(WORK, "logs", "%04d.log" % _log_count[0])
    with open(log, "w"):
        pass
    os.chmod(log, 0o666)  # the unprivileged user appends too
    return log


def read_log(log):
    with open(log) as f:
        return f.read().splitlines()


def as_nobody_prefix():
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY,
            "--clear-groups", "--"]


def nobody_env(env):
    home = os.path.join(WORK, "nobody-home")
    os.makedirs(home, exist_ok=True)
    os.chmod(home, 0o777)
    env.update(HOME=home, XDG_CACHE_HOME=home, GST_REGISTRY_UPDATE="no")
    return env


def start(*args, fault=None, as_nobody=False, prefix=(), extra_env=None):
    """Starts the CLI with the shim preloaded (behind prefix, or as the
    unprivileged user); returns what finish() takes."""
    log = new_log()
    env = cli_env(fault, log)
    cmd = list(prefix) + [CLI] + [str(a) for a in args]
    if as_nobody:
        cmd = as_nobody_prefix() + cmd
        nobody_env(env)
    env.update(extra_env or {})
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=env)
    return proc, log, cmd


def finish(started):
    proc, log, cmd = started
    out, err = proc.communicate(timeout=300)
    return Result(cmd, proc.returncode, out.decode("utf-8", "replace"),
                  err.decode("utf-8", "replace"), read_log(log))


def run(*args, **kwargs):
    """Runs the CLI (see start()); returns a Result."""
    return finish(start(*args, **kwargs))


# ---------------------------------------------------------------------------
# assertions shared by every case


def file_state(path):
    st = os.stat(path)
    h = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return (h.hexdigest(), st.st_size, st.st_mtime_ns, st.st_ino)


def input_files(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in names]
        elif os.path.isfile(p):
            files.append(p)
    return sorted(files)


_out_count = [0]


class FaultCase(unittest.TestCase):
    maxDiff = None

    def outdir(self, tag="out"):
        """A new, empty output folder."""
        _out_count[0] += 1
        path = os.path.join(WORK, "out", "%s-%03d-%s" %
                            (self._testMethodName, _out_count[0], tag))
        os.makedirs(path)
        return path

    def snapshot(self, *paths):
        """The state of every input file (those in folders too)."""
        return {p: file_state(p) for p in input_files(paths)}

    def assert_unchanged(self, before, result=None, skip=()):
        for path, state in before.items():
            if path in skip:
                continue
            self.assertTrue(os.path.exists(path), "input %s is gone" % path)
            self.assertEqual(file_state(path), state,
                             "input %s changed (md5, size, mtime, inode)%s" %
                             (path, result.describe() if result else ""))
        if result is not None:
            self.assert_read_only(result, before)

    def assert_read_only(self, result, inputs):
        real = {os.path.realpath(p) for p in inputs}
        written = [p for p in result.write_opens()
                   if p.replace(" (deleted)", "") in real]
        self.assertEqual(written, [],
                         "inputs were opened for writing" + result.describe())

    def assert_listing(self, folder, expected, result=None):
        names = sorted(os.listdir(folder))
        temps = [n for n in names if TEMP_RE.match(n)]
        self.assertEqual(temps, [],
                         "temporary files left in %s%s" %
                         (folder, result.describe() if result else ""))
        self.assertEqual(names, sorted(expected),
                         "%s holds other files than expected%s" %
                         (folder, result.describe() if result else ""))

    def assert_failed(self, result, named, outdir, before, listing=(),
                      reason=None, skip=()):
        """Exit 1, exactly one error line naming `named` (and giving
        `reason`, a regular expression, when given), inputs unchanged,
        outdir holding only `listing`."""
        self.assertEqual(result.status, 1,
                         "expected exit status 1" + result.describe())
        lines = result.error_lines()
        self.assertEqual(len(lines), 1,
                         "expected exactly one error line" + result.describe())
        self.assertTrue(lines[0].startswith("proreswriter: "),
                        "the error line lacks its prefix" + result.describe())
        self.assertIn(named, lines[0],
                      "the error line does not name %s%s" %
                      (named, result.describe()))
        if reason is not None:
            self.assertRegex(lines[0].lower(), reason,
                             "the error line gives no (or another) reason" +
                             result.describe())
        self.assert_listing(outdir, listing, result)
        self.assert_unchanged(before, result, skip)

    def assert_printed(self, result, output, outdir, before, warnings=0):
        self.assertEqual(result.status, 0,
                         "expected the print to succeed" + result.describe())
        self.assertEqual(result.error_lines(), [], result.describe())
        self.assertEqual(len(result.warning_lines()), warnings,
                         result.describe())
        self.assert_listing(outdir, [os.path.basename(output)], result)
        self.assert_unchanged(before, result)
        self.assert_committed(result, output)

    def assert_committed(self, result, output):
        """The output appeared as a rename (or link) of a hidden temporary
        file beside it, flushed after its last byte was written."""
        log = result.log
        commits = [i for i, l in enumerate(log) if l.startswith("commit ")
                   and l.split()[3] == output and l.endswith(" ok")]
        self.assertEqual(len(commits), 1,
                         "the output did not appear by one rename of the "
                         "temporary file" + result.describe())
        temp = log[commits[0]].split()[2]
        self.assertEqual(os.path.dirname(temp), os.path.dirname(output),
                         "the temporary file is not beside the output" +
                         result.describe())
        self.assertRegex(os.path.basename(temp),
                         r"^\.%s\.prw-\w{6}$" %
                         re.escape(os.path.basename(output)))
        synced = [int(l.split()[2]) for l in log[:commits[0]]
                  if l.startswith("synced ")]
        self.assertTrue(synced and synced[-1] == result.temp_bytes(),
                        "the temporary file was not flushed after its last "
                        "write and before the rename" + result.describe())

    def assert_verifies(self, output, base, *segments):
        result = run("verify", output, base, *segments)
        self.assertEqual(result.status, 0,
                         "verify failed" + result.describe())

    def assert_fired(self, result, action):
        fired = result.fired()
        self.assertTrue(fired and fired[0].split()[1] == action,
                        "the injected fault (%s) never fired: the shim did "
                        "not see the printer's writes%s" %
                        (action, result.describe()))


# ---------------------------------------------------------------------------
# output: never an input, replaced only with --force at the final rename


class OutputTest(FaultCase):
    GROUP = "output"

    def setUp(self):
        self.segs = os.path.join(WORK, "output-segs")
        if not os.path.isdir(self.segs):
            copy_media("seg_a.mov", self.segs)
            copy_media("seg_b.mov", self.segs)
        self.base = media("base.mov")
        self.seg_a = os.path.join(self.segs, "seg_a.mov")

    def refuse(self, output, outdir, listing, *segments):
        segments = segments or (self.segs,)
        before = self.snapshot(self.base, *segments)
        for extra in ([], ["--force"]):
            result = run("print", self.base, *segments, "-o", output, *extra)
            self.assert_failed(result, output, outdir, before, listing)
            line = result.error_lines()[0]
            self.assertTrue("input" in line.lower(),
                            "the refusal does not say the output is an input" +
                            result.describe())

    def test_output_is_the_base(self):
        self.refuse(self.base, os.path.dirname(self.base),
                    os.listdir(os.path.dirname(self.base)))

    def test_output_is_a_segment_given_by_name(self):
        self.refuse(self.seg_a, self.segs, os.listdir(self.segs), self.seg_a)

    def test_output_is_a_segment_found_in_a_folder(self):
        self.refuse(self.seg_a, self.segs, os.listdir(self.segs))

    def test_output_is_a_symlink_to_the_base(self):
        outdir = self.outdir()
        link = os.path.join(outdir, "link.mov")
        os.symlink(self.base, link)
        self.refuse(link, outdir, ["link.mov"])
        self.assertEqual(os.readlink(link), self.base)

    def test_output_is_a_hard_link_to_a_segment(self):
        outdir = self.outdir()
        hard = os.path.join(outdir, "hard.mov")
        os.link(self.seg_a, hard)
        self.refuse(hard, outdir, ["hard.mov"])
        self.assertEqual(os.stat(hard).st_ino, os.stat(self.seg_a).st_ino)

    def test_existing_output_needs_force(self):
        outdir = self.outdir()
        output = os.path.join(outdir, "existing.mov")
        with open(output, "wb") as f:
            f.write(b"an earlier print\n")
        before = self.snapshot(self.base, self.segs, output)
        result = run("print", self.base, self.segs, "-o", output)
        self.assert_failed(result, output, outdir, before, ["existing.mov"],
                           reason=r"exists|force")

    def test_force_replaces_only_by_rename(self):
        """With --force the old output is replaced by a rename, never
        rewritten in place: another name for the old file keeps it."""
        outdir = self.outdir()
        output = os.path.join(outdir, "existing.mov")
        keep = os.path.join(self.outdir("keep"), "old.mov")
        with open(output, "wb") as f:
            f.write(b"an earlier print\n")
        os.link(output, keep)
        old = file_state(keep)
        before = self.snapshot(self.base, self.segs)
        result = run("print", self.base, self.segs, "-o", output, "--force")
        self.assert_printed(result, output, outdir, before)
        self.assertEqual(file_state(keep), old,
                         "the old output was rewritten in place")
        self.assertNotEqual(os.stat(output).st_ino, old[3])
        self.assert_verifies(output, self.base, self.segs)

    def test_existing_output_survives_failures_with_force(self):
        outdir = self.outdir()
        output = os.path.join(outdir, "existing.mov")
        with open(output, "wb") as f:
            f.write(b"an earlier print\n")
        before = self.snapshot(self.base, self.segs, output)
        for fault in ({"action": "enospc", "after": 0},
                      {"action": "enospc", "after": 100000},
                      {"action": "fsync-eio"},
                      {"action": "sigterm", "delay_ms": 300}):
            result = run("print", self.base, self.segs, "-o", output,
                         "--force", fault=fault)
            self.assert_fired(result, fault["action"])
            self.assert_failed(result, output, outdir, before,
                               ["existing.mov"])

    def test_inputs_are_opened_read_only(self):
        outdir = self.outdir()
        output = os.path.join(outdir, "printed.mov")
        before = self.snapshot(self.base, self.segs)
        result = run("print", self.base, self.segs, "-o", output)
        self.assert_printed(result, output, outdir, before)
        # the audit is not blind: it sees the temporary file opened for
        # writing (assert_printed saw no input among those opened so)
        self.assertTrue(any(TEMP_RE.match(os.path.basename(p))
                            for p in result.write_opens()),
                        "the shim saw no open of the temporary file; the "
                        "read-only audit is blind" + result.describe())
        self.assert_verifies(output, self.base, self.segs)


# ---------------------------------------------------------------------------
# bad inputs: one line each, naming the file and the reason


class BadInputTest(FaultCase):
    GROUP = "inputs"

    @classmethod
    def setUpClass(cls):
        cls.bad_dir = os.path.join(WORK, "bad")
        cls.bad = {name: make_bad(name, cls.bad_dir)
                   for name in list(PROBE_BAD) + list(MISMATCHED)}
        names = list(cls.bad)
        for a in names:
            for b in names:
                assert a == b or a not in b, (a, b)
        cls.base = media("base.mov")
        cls.good = [copy_media("seg_a.mov", os.path.join(WORK, "good")),
                    copy_media("seg_b.mov", os.path.join(WORK, "good"))]

    def test_patched_movies_are_what_they_claim(self):
        """The corruptions touch what they say: a print of the unpatched
        movie succeeds (so the failures below are the patch's doing)."""
        outdir = self.outdir()
        output = os.path.join(outdir, "printed.mov")
        seg = copy_media("seg_a.mov", os.path.join(WORK, "unpatched"))
        before = self.snapshot(self.base, seg)
        result = run("print", self.base, seg, "-o", output)
        self.assert_printed(result, output, outdir, before)

    def test_each_bad_segment(self):
        for name, path in self.bad.items():
            with self.subTest(segment=name):
                outdir = self.outdir(name)
                before = self.snapshot(self.base, path, *self.good)
                result = run("print", self.base, self.good[0], path, "-o",
                             os.path.join(outdir, "out.mov"))
                self.assert_failed(result, path, outdir, before,
                                   reason=reason_of(name))

    def test_each_bad_base(self):
        for name in PROBE_BAD:
            path = self.bad[name]
            with self.subTest(base=name):
                outdir = self.outdir(name)
                before = self.snapshot(path, *self.good)
                result = run("print", path, *self.good, "-o",
                             os.path.join(outdir, "out.mov"))
                self.assert_failed(result, path, outdir, before,
                                   reason=reason_of(name))

    def test_directory_named_like_a_movie_as_base(self):
        folder = os.path.join(WORK, "dir-base", "x.mov")
        os.makedirs(folder)
        outdir = self.outdir()
        before = self.snapshot(*self.good)
        result = run("print", folder, *self.good, "-o",
                     os.path.join(outdir, "out.mov"))
        self.assert_failed(result, folder, outdir, before,
                           reason=r"director")

    def folder_of(self, tag, bad_names, extra_dirs=()):
        folder = os.path.join(WORK, "folder-" + tag)
        os.makedirs(folder)
        for path in self.good:
            shutil.copy(path, folder)
        bad = []
        for name in bad_names:
            dest = os.path.join(folder, name)
            shutil.copy(self.bad[name], dest)
            bad.append((dest, reason_of(name)))
        for name in extra_dirs:
            os.makedirs(os.path.join(folder, name))
            bad.append((os.path.join(folder, name), r"director|folder|not a"))
        return folder, bad

    def assert_one_line_each(self, lines, bad, what, result):
        """Each (path, reason) of bad is named by exactly one of lines,
        which gives the reason."""
        for path, reason in bad:
            mine = [l for l in lines if path in l]
            self.assertEqual(len(mine), 1, "expected one %s naming %s%s" %
                             (what, path, result.describe()))
            self.assertRegex(mine[0].lower(), reason, result.describe())

    def assert_every_bad_one_reported(self, folder, bad):
        """Without --skip-invalid: exit 1 and one line per bad file; with
        it: one warning per bad file and a print of the good ones."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, folder)
        good = [os.path.join(folder, os.path.basename(p)) for p in self.good]

        result = run("print", self.base, folder, "-o", output)
        self.assertEqual(result.status, 1, result.describe())
        lines = result.error_lines()
        self.assert_one_line_each(lines, bad, "error line", result)
        self.assertEqual(len(lines), len(bad),
                         "expected one error line per bad file, no more" +
                         result.describe())
        for path in good:
            self.assertFalse(any(path in l for l in lines),
                             "a good file is reported" + result.describe())
        self.assert_listing(outdir, [], result)
        self.assert_unchanged(before, result)

        result = run("print", "--skip-invalid", self.base, folder, "-o",
                     output)
        self.assertEqual(result.status, 0, result.describe())
        self.assertEqual(result.error_lines(), [], result.describe())
        self.assert_one_line_each(result.warning_lines(), bad, "warning",
                                  result)
        self.assert_listing(outdir, ["out.mov"], result)
        self.assert_unchanged(before, result)
        self.assert_verifies(output, self.base, *good)

    def test_folder_reports_every_unreadable_movie(self):
        folder, bad = self.folder_of("probe", list(PROBE_BAD))
        self.assert_every_bad_one_reported(folder, bad)

    def test_folder_reports_every_mismatched_segment(self):
        folder, bad = self.folder_of("mismatch", list(MISMATCHED))
        self.assert_every_bad_one_reported(folder, bad)

    def test_folder_reports_bad_and_mismatched_together(self):
        """Files that are not movies and movies that do not fit the base,
        in one folder: all are reported in one run."""
        folder, bad = self.folder_of("mixed", ["bad-empty.mov",
                                               "bad-rate.mov",
                                               "bad-size.mov"])
        self.assert_every_bad_one_reported(folder, bad)

    def test_folder_reports_a_directory_named_like_a_movie(self):
        folder, bad = self.folder_of("subdir", ["bad-empty.mov"], ["x.mov"])
        self.assert_every_bad_one_reported(folder, bad)

    # -- an unreadable file. Root reads anything: as root the CLI runs as
    # an unprivileged user (setpriv); where that user cannot run it (no
    # setpriv, or the build out of its reach) the shim makes every open of
    # the file fail with EACCES instead. Not root: mode 000 is enough.

    def unreadable_way(self):
        if os.geteuid() != 0:
            return "mode 000"
        if shutil.which("setpriv") is not None:
            probe = run("--version", as_nobody=True)
            if probe.status == 0:
                return "mode 000, read as uid %d" % NOBODY
            print("\n  note: uid %d cannot run the CLI (%s); the shim "
                  "injects EACCES instead" % (NOBODY, probe.err.strip()))
        return "shim"

    def unreadable_setup(self):
        way = self.unreadable_way()
        for d in (WORK, os.path.join(WORK, "media"),
                  os.path.join(WORK, "logs"), os.path.join(WORK, "out")):
            os.chmod(d, 0o755)
        folder = os.path.join(WORK, "unreadable", self._testMethodName)
        os.makedirs(folder)
        # a valid movie: unreadability is its only fault
        path = copy_media("seg_b.mov", folder, "unreadable.mov")
        good = copy_media("seg_a.mov", folder)
        outdir = self.outdir()
        kwargs = {}
        if way == "shim":
            kwargs["fault"] = {"action": "eacces", "path": path}
        else:
            os.chmod(path, 0)
            if "uid" in way:
                os.chown(outdir, NOBODY, NOBODY)
                kwargs["as_nobody"] = True
        return kwargs, folder, path, good, outdir

    def test_unreadable_segment(self):
        way, folder, path, good, outdir = self.unreadable_setup()
        before = self.snapshot(self.base, good)
        result = run("print", self.base, good, path, "-o",
                     os.path.join(outdir, "out.mov"), **way)
        self.assert_failed(result, path, outdir, before,
                           reason=r"permission denied")

    def test_unreadable_base(self):
        way, folder, path, good, outdir = self.unreadable_setup()
        before = self.snapshot(good)
        result = run("print", path, good, "-o",
                     os.path.join(outdir, "out.mov"), **way)
        self.assert_failed(result, path, outdir, before,
                           reason=r"permission denied")

    def test_unreadable_in_folder_skipped(self):
        way, folder, path, good, outdir = self.unreadable_setup()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, good)
        result = run("print", self.base, folder, "-o", output, **way)
        self.assert_failed(result, path, outdir, before,
                           reason=r"permission denied")
        result = run("print", "--skip-invalid", self.base, folder, "-o",
                     output, **way)
        self.assertEqual(result.status, 0, result.describe())
        self.assertEqual(result.error_lines(), [], result.describe())
        self.assertEqual(len(result.warning_lines()), 1, result.describe())
        self.assertIn(path, result.warning_lines()[0])
        self.assert_listing(outdir, ["out.mov"], result)
        self.assert_unchanged(before, result)
        self.assert_verifies(output, self.base, good)


# ---------------------------------------------------------------------------
# timecode edges


class TimecodeTest(FaultCase):
    GROUP = "timecode"

    def print_and_check(self, base_name, names, warnings):
        """Prints names into base_name; checks the plan, the frames (by
        ffmpeg's reading) and verify. Returns the print's Result."""
        base = media(base_name)
        segs = [media(n) for n in names]
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(base, *segs)

        plan = run("plan", "--json", base, *segs)
        self.assertEqual(plan.status, 0, plan.describe())
        got = [s["record_in"] for s in json.loads(plan.out)["segments"]]
        self.assertEqual(got, [record_in(n, base_name) for n in names],
                         plan.describe())

        result = run("print", base, *segs, "-o", output)
        self.assert_printed(result, output, outdir, before, len(warnings))
        for name, pattern in warnings:
            self.assertTrue(any(name in l and re.search(pattern, l)
                                for l in result.warning_lines()),
                            "no warning naming %s (%s)%s" %
                            (name, pattern, result.describe()))
        self.assertEqual(packet_md5s(output), expected_md5s(
            base, [(media(n), record_in(n, base_name)) for n in names]))
        self.assert_verifies(output, base, *segs)
        return result

    def test_segment_starts_before_the_base(self):
        self.print_and_check("base.mov", ["before.mov"],
                             [("before.mov", r"first 5 frames.*dropped")])

    def test_segment_ends_after_the_base(self):
        self.print_and_check("base.mov", ["after.mov"],
                             [("after.mov", r"last 5 frames.*dropped")])

    def test_segment_entirely_outside_is_an_error(self):
        base = media("base.mov")
        for name in ("just_after.mov", "just_before.mov", "far.mov"):
            with self.subTest(segment=name):
                seg = media(name)
                outdir = self.outdir(name)
                before = self.snapshot(base, seg, media("seg_a.mov"))
                result = run("print", base, media("seg_a.mov"), seg, "-o",
                             os.path.join(outdir, "out.mov"))
                self.assert_failed(result, seg, outdir, before,
                                   reason=r"outside")

    def test_base_across_midnight(self):
        self.print_and_check("mid_base.mov", ["mid_after.mov",
                                              "mid_across.mov"], [])

    def test_base_across_midnight_segment_starts_before(self):
        self.print_and_check("mid_base.mov", ["mid_partial.mov"],
                             [("mid_partial.mov", r"first 3 frames")])

    def test_segments_overlap_exactly(self):
        self.print_and_check("base.mov", ["seg_a.mov", "exact.mov"],
                             [("seg_a.mov", r"overrides"),
                              ("seg_a.mov", r"hidden")])

    def test_segments_overlap_partly(self):
        self.print_and_check("base.mov", ["seg_a.mov", "partial.mov"],
                             [("seg_a.mov", r"overrides")])

    def test_segment_contained_in_another(self):
        # the small one later: it wins its frames inside the big one
        self.print_and_check("base.mov", ["big.mov", "small.mov"],
                             [("big.mov", r"overrides")])

    def test_segment_hidden_inside_another(self):
        # the big one later: the small one is entirely hidden
        self.print_and_check("base.mov", ["small.mov", "big.mov"],
                             [("small.mov", r"overrides")] +
                             [("small.mov", r"hidden")])


# ---------------------------------------------------------------------------
# SIGINT and SIGTERM during the print


class SignalTest(FaultCase):
    GROUP = "signals"

    def setUp(self):
        self.base = media("base.mov")
        self.seg = media("seg_a.mov")

    def interrupt(self, fault, listing=(), force=False):
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        for name in listing:
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(b"an earlier print\n")
        before = self.snapshot(self.base, self.seg,
                               *[os.path.join(outdir, n) for n in listing])
        result = run("print", self.base, self.seg, "-o", output,
                     *(["--force"] if force else []), fault=fault)
        self.assert_fired(result, fault["action"])
        self.assert_failed(result, output, outdir, before, listing,
                           reason=r"interrupt")

    def test_sigint_mid_render(self):
        self.interrupt({"action": "sigint", "delay_ms": 300})

    def test_sigterm_mid_render(self):
        self.interrupt({"action": "sigterm", "delay_ms": 300})

    def test_sigint_at_the_flush(self):
        self.interrupt({"action": "sigint", "on": "fsync", "delay_ms": 300})

    def test_sigterm_keeps_an_existing_output(self):
        self.interrupt({"action": "sigterm", "delay_ms": 300},
                       ["out.mov"], force=True)

    def test_sigint_twice(self):
        """A second SIGINT does not end the print at once (that would leave
        the temporary file): the print stops as after one, leaves nothing,
        and says what was interrupted."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, self.seg)
        result = run("print", self.base, self.seg, "-o", output,
                     fault={"action": "sigint-twice", "delay_ms": 300})
        self.assert_fired(result, "sigint-twice")
        self.assertEqual(result.status, 1, result.describe())
        self.assert_listing(outdir, [], result)
        self.assertTrue(any(output in l for l in result.error_lines()),
                        "no line names the output" + result.describe())
        self.assert_unchanged(before, result)


# ---------------------------------------------------------------------------
# a full disk, I/O errors


MOUNT_SCRIPT = r"""
mount -t tmpfs -o size="$PRW_TMPFS_SIZE",mode=0755 prw-faults \
  "$PRW_TMPFS_DIR" || exit 97
echo mounted > "$PRW_TMPFS_STATUS"
"$@"
status=$?
ls -A "$PRW_TMPFS_DIR" > "$PRW_TMPFS_LISTING"
exit $status
"""


class MeasuredCase(FaultCase):
    """Cases whose faults fire at byte counts of a good print of the same
    plan, measured once by the shim."""

    @classmethod
    def measure(cls, *more_segments):
        """The plan: base.mov, seg_a.mov and more_segments."""
        cls.base = media("base.mov")
        cls.seg = media("seg_a.mov")
        outdir = os.path.join(WORK, cls.GROUP + "-control")
        os.makedirs(outdir)
        output = os.path.join(outdir, "out.mov")
        cls.control = run("print", cls.base, cls.seg, *more_segments, "-o",
                          output)
        cls.output_size = os.path.getsize(output) \
            if cls.control.status == 0 else 0

    def setUp(self):
        self.assertEqual(self.control.status, 0, self.control.describe())
        self.written = self.control.temp_bytes()
        self.assertTrue(self.written,
                        "the shim counted no bytes written to the temporary "
                        "file: its hooks miss the printer's data path" +
                        self.control.describe())

    def on_full_tmpfs(self, runner, args_for):
        """Runs runner(*args_for(OUTPUT), prefix=..., extra_env=...) with
        OUTPUT on a tmpfs smaller than the output, mounted in a private
        mount namespace (as root: unshare -m; otherwise in a user
        namespace: unshare -r -m). Returns (result, OUTPUT, the files left
        on the tmpfs); skips the test, saying why, where no tmpfs can be
        mounted."""
        if shutil.which("unshare") is None:
            self.skipTest("unshare (util-linux) is missing: cannot mount a "
                          "small tmpfs")
        mnt = self.outdir("tmpfs")
        output = os.path.join(mnt, "out.mov")
        tag = "%s-%d" % (os.getpid(), _out_count[0])
        status_file = os.path.join(WORK, "tmpfs-%s.status" % tag)
        listing_file = os.path.join(WORK, "tmpfs-%s.listing" % tag)
        size_kb = max(self.output_size // 2 // 1024, 16)
        self.assertGreater(self.output_size, size_kb * 1024 + 8192)
        tried = []
        for unshare in ([["unshare", "-m"]] if os.geteuid() == 0 else []) + \
                [["unshare", "-r", "-m"]]:
            result = runner(*args_for(output),
                            prefix=unshare + ["sh", "-c", MOUNT_SCRIPT, "sh"],
                            extra_env={"PRW_TMPFS_SIZE": "%dk" % size_kb,
                                       "PRW_TMPFS_DIR": mnt,
                                       "PRW_TMPFS_STATUS": status_file,
                                       "PRW_TMPFS_LISTING": listing_file})
            if os.path.exists(status_file):
                break
            tried.append("%s: %s" % (" ".join(unshare), result.err.strip()))
        else:
            self.skipTest("cannot mount a tmpfs here (%s)" % "; ".join(tried))
        with open(listing_file) as f:
            left = f.read().split()
        return result, output, left


class DiskTest(MeasuredCase):
    GROUP = "disk"

    @classmethod
    def setUpClass(cls):
        cls.measure()

    def full(self, fault, reason):
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, self.seg)
        result = run("print", self.base, self.seg, "-o", output, fault=fault)
        self.assert_fired(result, fault["action"])
        self.assert_failed(result, output, outdir, before, reason=reason)

    def test_no_space_at_the_first_byte(self):
        self.full({"action": "enospc", "after": 0}, r"space")

    def test_no_space_half_way(self):
        self.full({"action": "enospc", "after": self.written // 2}, r"space")

    def test_no_space_at_the_last_byte(self):
        self.full({"action": "enospc", "after": self.written - 1}, r"space")

    def test_write_error_half_way(self):
        self.full({"action": "eio", "after": self.written // 2},
                  r"write|input/output|i/o")

    def test_flush_fails(self):
        self.full({"action": "fsync-eio"}, r"flush|sync|input/output")

    def test_real_full_tmpfs(self):
        """A tmpfs smaller than the output (MeasuredCase.on_full_tmpfs)."""
        before = self.snapshot(self.base, self.seg)
        result, output, left = self.on_full_tmpfs(
            run, lambda output: ("print", self.base, self.seg, "-o", output))
        self.assertEqual(result.status, 1, result.describe())
        lines = result.error_lines()
        self.assertEqual(len(lines), 1, result.describe())
        self.assertIn(output, lines[0], result.describe())
        self.assertRegex(lines[0].lower(), r"space", result.describe())
        self.assertEqual(left, [], "the full tmpfs still holds files" +
                         result.describe())
        self.assert_unchanged(before, result)


# ---------------------------------------------------------------------------
# a blank rush (proreswriter blank) interrupted or on a full disk


class BlankTest(MeasuredCase):
    """The blank rush of base.mov (100 frames) at 640x368 with its burn-in:
    the same atomic output as a print."""
    GROUP = "blank"
    ARGS = ("--profile", "4444", "--size", "640x368")

    @classmethod
    def setUpClass(cls):
        cls.base = media("base.mov")
        outdir = os.path.join(WORK, cls.GROUP + "-control")
        os.makedirs(outdir)
        output = os.path.join(outdir, "out.mov")
        cls.control = run("blank", cls.base, "-o", output, *cls.ARGS)
        cls.output_size = os.path.getsize(output) \
            if cls.control.status == 0 else 0

    def blank(self, fault, reason, listing=(), force=False):
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        for name in listing:
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(b"an earlier blank rush\n")
        before = self.snapshot(self.base)
        result = run("blank", self.base, "-o", output, *self.ARGS,
                     *(["--force"] if force else []), fault=fault)
        self.assert_fired(result, fault["action"])
        self.assert_failed(result, output, outdir, before, listing,
                           reason=reason)

    def test_control_is_committed(self):
        self.assert_committed(self.control,
                              os.path.join(WORK, self.GROUP + "-control",
                                           "out.mov"))

    def test_sigint_mid_render(self):
        self.blank({"action": "sigint", "delay_ms": 300}, r"interrupt")

    def test_sigterm_keeps_an_existing_output(self):
        self.blank({"action": "sigterm", "delay_ms": 300}, r"interrupt",
                   ["out.mov"], force=True)

    def test_sigint_at_the_flush(self):
        self.blank({"action": "sigint", "on": "fsync", "delay_ms": 300},
                   r"interrupt")

    def test_sigkill_then_the_next_blank_removes_its_temporary(self):
        """A blank rush killed at once (SIGKILL) leaves its temporary file;
        the next blank rush of the same output removes it."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base)
        result = run("blank", self.base, "-o", output, *self.ARGS,
                     fault={"action": "sigkill", "after": self.written // 2})
        self.assert_fired(result, "sigkill")
        self.assertEqual(result.status, -9, result.describe())
        left = os.listdir(outdir)
        self.assertEqual(len(left), 1, result.describe())
        self.assertRegex(left[0], r"^\.out\.mov\.prw-[A-Za-z0-9]{6}$")
        result = run("blank", self.base, "-o", output, *self.ARGS)
        self.assertEqual(result.status, 0, result.describe())
        self.assert_listing(outdir, ["out.mov"], result)
        self.assert_committed(result, output)
        self.assertEqual(os.path.getsize(output), self.output_size)
        self.assert_unchanged(before, result)

    def test_no_space_at_the_first_byte(self):
        self.blank({"action": "enospc", "after": 0}, r"space")

    def test_no_space_half_way(self):
        self.blank({"action": "enospc", "after": self.written // 2}, r"space")

    def test_no_space_at_the_last_byte(self):
        self.blank({"action": "enospc", "after": self.written - 1}, r"space")

    def test_flush_fails(self):
        self.blank({"action": "fsync-eio"}, r"flush|sync|input/output")

    def test_real_full_tmpfs(self):
        before = self.snapshot(self.base)
        result, output, left = self.on_full_tmpfs(
            run, lambda output: ("blank", self.base, "-o", output, *self.ARGS))
        self.assertEqual(result.status, 1, result.describe())
        lines = result.error_lines()
        self.assertEqual(len(lines), 1, result.describe())
        self.assertIn(output, lines[0], result.describe())
        self.assertRegex(lines[0].lower(), r"space", result.describe())
        self.assertEqual(left, [], "the full tmpfs still holds files" +
                         result.describe())
        self.assert_unchanged(before, result)


    # conform's pass into a virtual blank rush (prw_blank_rush_print()): a
    # segment changed during it fails it, as it fails a print (VanishTest)

    @classmethod
    def conform_media(cls):
        """A camera original (100 frames, 640x368) and the grade of its
        record frames 90-94 (the last in the timeline), and a good conform
        of the two, measured by the shim."""
        if getattr(cls, "_conform", None) is None:
            src = os.path.join(WORK, "media", "conform-src", "A001C001.mov")
            grade = os.path.join(WORK, "media", "conform-grade",
                                 "A001C001_late.mov")
            for path in (src, grade):
                os.makedirs(os.path.dirname(path), exist_ok=True)
            make_fixture(src, frames=BASE_FRAMES, tc=BASE_TC, pattern="smpte",
                         size="640x368")
            make_fixture(grade, frames=5, tc="01:00:03:15",
                         pattern="zone-plate", size="640x368")
            outdir = os.path.join(WORK, cls.GROUP + "-conform-control")
            os.makedirs(outdir)
            cls._conform = (src, grade, run("conform", "--sources", src,
                                            "--grades", grade, "-o", outdir))
        return cls._conform

    def conform_change(self, fault, at_the_end):
        """The grade is changed at the conform's first byte written, or at
        its last (its frames copied already: only the check before the
        rename sees it)."""
        src, grade, control = self.conform_media()
        self.assertEqual(control.status, 0, control.describe())
        # the shim counts every temporary file's bytes: the movie's, then
        # those of the conform state written after its rename
        state = os.path.join(WORK, self.GROUP + "-conform-control",
                             ".proreswriter-conform.json")
        written = control.temp_bytes() - os.path.getsize(state)
        self.assertTrue(written > 0, "the shim counted no bytes written by "
                        "the conform" + control.describe())
        victim = os.path.join(self.outdir("victim"), os.path.basename(grade))
        shutil.copyfile(grade, victim)
        outdir = self.outdir()
        fault = dict(fault, path=victim,
                     after=written - 1 if at_the_end else 0)
        if fault["action"] == "truncate":
            fault["size"] = os.path.getsize(victim) // 2
        before = self.snapshot(src, victim)
        result = run("conform", "--sources", src, "--grades", victim, "-o",
                     outdir, fault=fault)
        self.assert_fired(result, fault["action"])
        self.assert_failed(result, victim, outdir, before, skip=[victim],
                           reason=r"changed|removed")

    def test_conform_segment_vanishes_before_it_is_read(self):
        self.conform_change({"action": "unlink"}, False)

    def test_conform_segment_shrinks_before_it_is_read(self):
        self.conform_change({"action": "truncate"}, False)

    def test_conform_segment_vanishes_after_it_was_read(self):
        self.conform_change({"action": "unlink"}, True)

    def test_conform_segment_shrinks_after_it_was_read(self):
        self.conform_change({"action": "truncate"}, True)


# ---------------------------------------------------------------------------
# the temporary file of a print killed at once (SIGKILL, a crash, a power
# cut), removed by the next print of the same output


class StaleTest(MeasuredCase):
    GROUP = "stale"

    @classmethod
    def setUpClass(cls):
        cls.measure()

    def temp_name(self, output):
        return re.compile(r"^\.%s\.prw-[A-Za-z0-9]{6}$" %
                          re.escape(os.path.basename(output)))

    def kill_mid_copy(self, output, force=False):
        """A print of output SIGKILLed half way through its bytes: its
        temporary file stays, partly written; returns its name."""
        outdir = os.path.dirname(output)
        before = sorted(os.listdir(outdir))
        result = run("print", self.base, self.seg, "-o", output,
                     *(["--force"] if force else []),
                     fault={"action": "sigkill", "after": self.written // 2})
        self.assert_fired(result, "sigkill")
        self.assertEqual(result.status, -9, result.describe())
        left = sorted(set(os.listdir(outdir)) - set(before))
        self.assertEqual(len(left), 1, "expected one temporary file left" +
                         result.describe())
        self.assertRegex(left[0], self.temp_name(output), result.describe())
        size = os.path.getsize(os.path.join(outdir, left[0]))
        self.assertTrue(0 < size <= self.written // 2, size)
        return left[0]

    def test_next_print_removes_a_killed_ones_temporary(self):
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, self.seg)
        stale = self.kill_mid_copy(output)
        self.assertEqual(sorted(os.listdir(outdir)), [stale])
        result = run("print", self.base, self.seg, "-o", output)
        self.assert_printed(result, output, outdir, before)
        self.assertEqual(sorted(os.listdir(outdir)), ["out.mov"])
        self.assertEqual(os.path.getsize(output), self.output_size)
        self.assert_verifies(output, self.base, self.seg)

    def test_next_print_with_force_keeps_the_output_until_its_rename(self):
        """Killed while replacing an output (--force): the old output is
        whole; the next print removes the temporary file and replaces it."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        with open(output, "wb") as f:
            f.write(b"an earlier print\n")
        stale = self.kill_mid_copy(output, force=True)
        self.assertEqual(sorted(os.listdir(outdir)), sorted([stale,
                                                             "out.mov"]))
        with open(output, "rb") as f:
            self.assertEqual(f.read(), b"an earlier print\n")
        result = run("print", self.base, self.seg, "-o", output, "--force")
        self.assertEqual(result.status, 0, result.describe())
        self.assertEqual(sorted(os.listdir(outdir)), ["out.mov"])
        self.assert_verifies(output, self.base, self.seg)

    def test_a_long_names_temporary_fits_and_is_removed(self):
        """An output name of 252 bytes (legal; ".NAME.prw-XXXXXX" would not
        be): the temporary name keeps the name's start, cut on a UTF-8
        character's boundary, and fits in 255 bytes; a print killed at once
        leaves it, and the next print of the same output removes it."""
        outdir = self.outdir()
        name = "\u00e9" * 120 + "L" * 8 + ".mov"
        self.assertEqual(len(name.encode("utf-8")), 252)
        output = os.path.join(outdir, name)
        before = self.snapshot(self.base, self.seg)
        result = run("print", self.base, self.seg, "-o", output,
                     fault={"action": "sigkill", "after": self.written // 2})
        self.assert_fired(result, "sigkill")
        self.assertEqual(result.status, -9, result.describe())
        left = os.listdir(outdir)
        self.assertEqual(len(left), 1, result.describe())
        raw = os.fsencode(left[0])
        self.assertLessEqual(len(raw), 255)
        m = re.match(rb"^\.(.+)~[0-9a-f]{8}\.prw-[A-Za-z0-9]{6}$", raw)
        self.assertIsNotNone(m, left[0])
        start = m.group(1).decode("utf-8")  # whole characters only
        self.assertTrue(name.startswith(start), start)
        self.assertGreater(len(start), 100)
        result = run("print", self.base, self.seg, "-o", output)
        self.assertEqual(result.status, 0, result.describe())
        self.assertEqual(result.error_lines(), [], result.describe())
        self.assert_unchanged(before, result)
        self.assertEqual(sorted(os.listdir(outdir)), [name])
        self.assertEqual(os.path.getsize(output), self.output_size)
        self.assert_verifies(output, self.base, self.seg)

    def test_a_living_writers_temporary_is_kept(self):
        """A temporary file whose lock is held (by this test, as a print
        writing it would) is another print's: kept, bytes and all; once
        its lock is let go, the next print removes it."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        live = os.path.join(outdir, ".out.mov.prw-Live01")
        with open(live, "wb") as f:
            f.write(b"another print's bytes\n")
        holder = open(live, "r+b")
        try:
            fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            result = run("print", self.base, self.seg, "-o", output)
            self.assertEqual(result.status, 0, result.describe())
            self.assert_committed(result, output)
            self.assertEqual(sorted(os.listdir(outdir)),
                             [".out.mov.prw-Live01", "out.mov"])
            with open(live, "rb") as f:
                self.assertEqual(f.read(), b"another print's bytes\n")
        finally:
            holder.close()
        result = run("print", self.base, self.seg, "-o", output, "--force")
        self.assertEqual(result.status, 0, result.describe())
        self.assertEqual(sorted(os.listdir(outdir)), ["out.mov"])

    def test_other_names_links_and_folders_are_kept(self):
        """Only a regular file of this user named .NAME.prw- and six
        letters or digits goes: not a symbolic link named so (nor what it
        points to), not a folder, not another output's temporary file, not
        other suffixes."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        elsewhere = os.path.join(self.outdir("elsewhere"), "target")
        with open(elsewhere, "wb") as f:
            f.write(b"a link's target\n")
        os.symlink(elsewhere, os.path.join(outdir, ".out.mov.prw-Link01"))
        os.symlink(os.path.join(outdir, "nowhere"),
                   os.path.join(outdir, ".out.mov.prw-Dang01"))
        os.mkdir(os.path.join(outdir, ".out.mov.prw-Dir001"))
        kept = [".out.mov.prw-Link01", ".out.mov.prw-Dang01",
                ".out.mov.prw-Dir001"]
        for name in (".out.mov.prw-abc", ".out.mov.prw-Abc1234",
                     ".out.mov.prw-Abc_12", ".other.mov.prw-Abc123",
                     "..out.mov.prw-Abc123", "out.mov.prw-Abc123",
                     ".out.mov.prw-Abc123.mov", ".out.mov.prw-"):
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(b"not a temporary file of out.mov\n")
            kept.append(name)
        if os.geteuid() == 0:
            theirs = os.path.join(outdir, ".out.mov.prw-Nobdy1")
            with open(theirs, "wb") as f:
                f.write(b"another user's\n")
            os.chown(theirs, NOBODY, NOBODY)
            kept.append(".out.mov.prw-Nobdy1")
        # and one that does go, to show the folder was looked at
        with open(os.path.join(outdir, ".out.mov.prw-Stale1"), "wb") as f:
            f.write(b"left by a print killed at once\n")
        result = run("print", self.base, self.seg, "-o", output)
        self.assertEqual(result.status, 0, result.describe())
        self.assert_committed(result, output)
        self.assertEqual(sorted(os.listdir(outdir)),
                         sorted(kept + ["out.mov"]))
        self.assertEqual(os.readlink(os.path.join(outdir,
                                                  ".out.mov.prw-Link01")),
                         elsewhere)
        with open(elsewhere, "rb") as f:
            self.assertEqual(f.read(), b"a link's target\n")
        for name in kept[3:]:
            with open(os.path.join(outdir, name), "rb") as f:
                self.assertIn(f.read(), (b"not a temporary file of out.mov\n",
                                         b"another user's\n"))


# ---------------------------------------------------------------------------
# a segment that vanishes or shrinks during the print


class VanishTest(MeasuredCase):
    GROUP = "vanish"

    @classmethod
    def setUpClass(cls):
        cls.measure(copy_media("seg_late.mov",
                               os.path.join(WORK, "vanish-ctl")))

    def change(self, fault):
        """The last segment in the timeline (record frames 90-94) is
        changed when the fault fires."""
        victim = copy_media("seg_late.mov", self.outdir("victim"))
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        fault = dict(fault, path=victim)
        if fault["action"] == "truncate":
            fault["size"] = os.path.getsize(victim) // 2
        before = self.snapshot(self.base, self.seg, victim)
        result = run("print", self.base, self.seg, victim, "-o", output,
                     fault=fault)
        self.assert_fired(result, fault["action"])
        self.assert_failed(result, victim, outdir, before, skip=[victim])

    def test_vanishes_before_it_is_read(self):
        self.change({"action": "unlink", "after": 0})

    def test_shrinks_before_it_is_read(self):
        self.change({"action": "truncate", "after": 0})

    def test_vanishes_after_it_was_read(self):
        self.change({"action": "unlink", "after": self.written - 1})

    def test_shrinks_after_it_was_read(self):
        self.change({"action": "truncate", "after": self.written - 1})

    def test_report_folder_vanishes_during_the_print(self):
        """print --report R checks R's folder before the print; one that
        vanishes during the print (here a symbolic link to it, removed at
        the print's first write) leaves the printed movie, and the report
        fails after it, in one line saying so (exit 1)."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        pages = self.outdir("pages")
        link = os.path.join(outdir, "reports")
        os.symlink(pages, link)
        report = os.path.join(link, "r.html")
        before = self.snapshot(self.base, self.seg)
        result = run("print", self.base, self.seg, "-o", output, "--report",
                     report, fault={"action": "unlink", "path": link})
        self.assert_fired(result, "unlink")
        self.assertEqual(result.status, 1, result.describe())
        self.assertIn("printed %s" % output, result.out, result.describe())
        self.assertEqual(result.error_lines(), [
            "proreswriter: report not written (%s was printed): %s: its "
            "folder %s does not exist" % (output, report, link)],
            result.describe())
        self.assert_listing(outdir, ["out.mov"], result)
        self.assert_listing(pages, [], result)
        self.assert_unchanged(before, result)
        self.assert_committed(result, output)
        self.assert_verifies(output, self.base, self.seg)


# ---------------------------------------------------------------------------
# two prints to one output at once


class ConcurrentTest(FaultCase):
    GROUP = "concurrent"
    ROUNDS = 3

    def setUp(self):
        self.base = media("base.mov")
        self.plans = [[media("seg_a.mov")], [media("seg_b.mov")]]

    def race(self, force):
        """Both prints have their temporary file open and have written to
        it before either goes on (they meet at a barrier in the shim)."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        barrier = os.path.join(WORK, "barrier-%d" % _out_count[0])
        os.makedirs(barrier)
        fault = {"action": "barrier", "barrier_dir": barrier,
                 "barrier_count": 2}
        before = self.snapshot(self.base, *sum(self.plans, []))
        started = [start("print", self.base, *plan, "-o", output,
                         *(["--force"] if force else []), fault=fault)
                   for plan in self.plans]
        results = [finish(s) for s in started]
        for result in results:
            self.assert_fired(result, "barrier")
            self.assertFalse(any("barrier-timeout" in l for l in result.log),
                             "the prints never met" + result.describe())
            self.assert_unchanged(before, result)
        self.assert_listing(outdir, ["out.mov"], results[0])
        return output, results

    def verifies(self, output, plan):
        return run("verify", output, self.base, *plan).status == 0

    def test_without_force_one_wins(self):
        for _ in range(self.ROUNDS):
            output, results = self.race(force=False)
            statuses = sorted(r.status for r in results)
            self.assertEqual(statuses, [0, 1],
                             "".join(r.describe() for r in results))
            winner = [i for i, r in enumerate(results) if r.status == 0][0]
            self.assert_committed(results[winner], output)
            loser = results[1 - winner]
            lines = loser.error_lines()
            self.assertEqual(len(lines), 1, loser.describe())
            self.assertIn(output, lines[0], loser.describe())
            self.assertTrue(self.verifies(output, self.plans[winner]),
                            "the output is not the winner's print")

    def test_with_force_one_complete_survivor(self):
        for _ in range(self.ROUNDS):
            output, results = self.race(force=True)
            for r in results:
                self.assertEqual(r.status, 0, r.describe())
                self.assert_committed(r, output)
            matches = [self.verifies(output, plan) for plan in self.plans]
            self.assertEqual(sum(matches), 1,
                             "the survivor verifies against %d of the two "
                             "plans (a mix, or neither)" % sum(matches))


# ---------------------------------------------------------------------------
# error codes: what an application calling the library gets (the CLI prints
# messages only). A full disk, a refused permission and a missing file each
# have their own code, apart from other I/O errors.


# Mounts the output folder read-only over itself, in the private mount
# namespace the test starts this in, then runs the command.
READ_ONLY_SCRIPT = r"""
mount --bind "$PRW_RO_DIR" "$PRW_RO_DIR" || exit 97
mount -o remount,bind,ro "$PRW_RO_DIR" || exit 97
echo mounted > "$PRW_RO_STATUS"
exec "$@"
"""


class LibResult(Result):
    def code(self):
        """The error code the library returned (None: it succeeded)."""
        lines = self.out.splitlines()
        if lines and lines[0].startswith("error "):
            return lines[0].split()[1]
        return None

    def message(self):
        lines = self.out.splitlines()
        return lines[0].split(None, 2)[2] if lines and \
            lines[0].startswith("error ") else ""


def lib_program():
    """prw-fault-print, built beside the shim."""
    return os.path.join(os.path.dirname(SHIM), "prw-fault-print")


def run_lib(*args, fault=None, prefix=(), extra_env=None):
    """Runs prw-fault-print with the shim preloaded (behind prefix)."""
    log = new_log()
    env = cli_env(fault, log)
    env.update(extra_env or {})
    cmd = list(prefix) + [lib_program()] + [str(a) for a in args]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, env=env, timeout=300)
    return LibResult(cmd, proc.returncode, proc.stdout.decode("utf-8",
                                                              "replace"),
                     proc.stderr.decode("utf-8", "replace"), read_log(log))


class CodesTest(MeasuredCase):
    GROUP = "codes"

    @classmethod
    def setUpClass(cls):
        cls.measure()

    def print_fails(self, code, fault=None, outdir=None, output=None,
                    named=None, extra=(), **kwargs):
        """A print through the library fails with code; nothing is left in
        outdir and the inputs are unchanged."""
        outdir = outdir or self.outdir()
        output = output or os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, self.seg)
        result = run_lib("print", output, self.base, self.seg, *extra,
                         fault=fault, **kwargs)
        if fault is not None:
            self.assert_fired(result, fault["action"])
        self.assertEqual(result.status, 1, result.describe())
        self.assertEqual(result.code(), code, result.describe())
        self.assertTrue(result.message().startswith((named or output) +
                                                    ": "),
                        "the message does not start with the file" +
                        result.describe())
        if os.path.isdir(outdir):
            self.assert_listing(outdir, [], result)
        self.assert_unchanged(before, result)
        return result

    def test_a_good_print_is_ok(self):
        """The program itself works: the same plan prints."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        result = run_lib("print", output, self.base, self.seg)
        self.assertEqual((result.status, result.out.strip()), (0, "ok"),
                         result.describe())
        self.assert_listing(outdir, ["out.mov"], result)
        self.assert_verifies(output, self.base, self.seg)

    # -- a full disk

    def test_no_space_at_the_first_byte(self):
        self.print_fails("PRW_ERROR_NO_SPACE",
                         {"action": "enospc", "after": 0})

    def test_no_space_half_way(self):
        self.print_fails("PRW_ERROR_NO_SPACE",
                         {"action": "enospc", "after": self.written // 2})

    def test_no_space_at_the_last_byte(self):
        self.print_fails("PRW_ERROR_NO_SPACE",
                         {"action": "enospc", "after": self.written - 1})

    def test_no_space_on_a_full_tmpfs(self):
        """A real full disk: a tmpfs smaller than the output
        (MeasuredCase.on_full_tmpfs)."""
        before = self.snapshot(self.base, self.seg)
        result, output, left = self.on_full_tmpfs(
            run_lib, lambda output: ("print", output, self.base, self.seg))
        self.assertEqual(result.status, 1, result.describe())
        self.assertEqual(result.code(), "PRW_ERROR_NO_SPACE",
                         result.describe())
        self.assertTrue(result.message().startswith(output + ": "),
                        result.describe())
        self.assertEqual(left, [], "the full tmpfs still holds files" +
                         result.describe())
        self.assert_unchanged(before, result)

    # -- another I/O error is not a full disk

    def test_write_error_is_an_io_error(self):
        self.print_fails("PRW_ERROR_IO",
                         {"action": "eio", "after": self.written // 2})

    def test_flush_error_is_an_io_error(self):
        self.print_fails("PRW_ERROR_IO", {"action": "fsync-eio"})

    # -- a folder the output may not be written to

    def test_permission_denied_output_folder(self):
        """Creating the temporary file fails with EACCES (the shim: root
        may write into any folder whatever its mode)."""
        outdir = self.outdir()
        result = self.print_fails(
            "PRW_ERROR_PERMISSION_DENIED",
            {"action": "eacces-create", "path": outdir}, outdir=outdir)
        self.assertIn("permission denied", result.message().lower(),
                      result.describe())

    def test_read_only_output_folder(self):
        """A real read-only folder: a read-only bind mount of it in a
        private mount namespace (EROFS, which root cannot bypass)."""
        if shutil.which("unshare") is None:
            self.skipTest("unshare (util-linux) is missing: cannot mount "
                          "a read-only folder")
        outdir = self.outdir()
        status_file = os.path.join(WORK, "codes-ro-%s.status" % os.getpid())
        tried = []
        for unshare in ([["unshare", "-m"]] if os.geteuid() == 0 else []) + \
                [["unshare", "-r", "-m"]]:
            if self.can_mount(unshare, outdir, status_file, tried):
                break
        else:
            self.skipTest("cannot bind-mount a folder read-only here (%s)" %
                          "; ".join(tried))
        result = self.print_fails(
            "PRW_ERROR_PERMISSION_DENIED", outdir=outdir,
            prefix=unshare + ["sh", "-c", READ_ONLY_SCRIPT, "sh"],
            extra_env={"PRW_RO_DIR": outdir, "PRW_RO_STATUS": status_file})
        self.assertIn("read-only", result.message().lower(),
                      result.describe())

    def can_mount(self, unshare, folder, status_file, tried):
        """Whether unshare may bind-mount folder read-only (a trial run of
        READ_ONLY_SCRIPT with `true`); why not goes into tried."""
        proc = subprocess.run(unshare + ["sh", "-c", READ_ONLY_SCRIPT, "sh",
                                         "true"],
                              env=dict(os.environ, PRW_RO_DIR=folder,
                                       PRW_RO_STATUS=status_file),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60)
        if proc.returncode == 0 and os.path.exists(status_file):
            return True
        tried.append("%s: %s" % (" ".join(unshare),
                                 proc.stderr.decode("utf-8",
                                                    "replace").strip()))
        return False

    # -- a missing file

    def test_output_folder_missing(self):
        outdir = self.outdir()
        output = os.path.join(outdir, "no such folder", "out.mov")
        result = self.print_fails("PRW_ERROR_NOT_FOUND", outdir=outdir,
                                  output=output)
        self.assertIn("does not exist", result.message(), result.describe())

    def test_output_folder_is_a_file(self):
        outdir = self.outdir()
        with open(os.path.join(outdir, "file"), "wb") as f:
            f.write(b"not a folder\n")
        output = os.path.join(outdir, "file", "out.mov")
        before = self.snapshot(self.base, self.seg)
        result = run_lib("print", output, self.base, self.seg)
        self.assertEqual(result.code(), "PRW_ERROR_NOT_FOUND",
                         result.describe())
        self.assert_listing(outdir, ["file"], result)
        self.assert_unchanged(before, result)

    def test_missing_input(self):
        outdir = self.outdir()
        missing = os.path.join(outdir, "no such segment.mov")
        result = self.print_fails("PRW_ERROR_NOT_FOUND", outdir=outdir,
                                  named=missing,
                                  output=os.path.join(outdir, "out.mov"),
                                  extra=[missing])
        self.assertIn("no such file", result.message().lower(),
                      result.describe())

    # -- the three are told apart

    def test_codes_differ(self):
        outdir = self.outdir()
        codes = {
            "no space": run_lib("print", os.path.join(outdir, "a.mov"),
                                self.base, self.seg,
                                fault={"action": "enospc", "after": 0}),
            "permission denied": run_lib(
                "print", os.path.join(outdir, "b.mov"), self.base, self.seg,
                fault={"action": "eacces-create", "path": outdir}),
            "not found": run_lib("print",
                                 os.path.join(outdir, "none", "c.mov"),
                                 self.base, self.seg),
            "i/o error": run_lib("print", os.path.join(outdir, "d.mov"),
                                 self.base, self.seg,
                                 fault={"action": "eio", "after": 0}),
        }
        got = {what: r.code() for what, r in codes.items()}
        self.assertEqual(got, {"no space": "PRW_ERROR_NO_SPACE",
                               "permission denied":
                                   "PRW_ERROR_PERMISSION_DENIED",
                               "not found": "PRW_ERROR_NOT_FOUND",
                               "i/o error": "PRW_ERROR_IO"},
                         "".join(r.describe() for r in codes.values()))
        self.assert_listing(outdir, [])


# ---------------------------------------------------------------------------
# the shim itself: every write path it claims to see, it sees


# Writes 1000 bytes to a temporary-file name by one call, three times,
# and prints what each call returned (a count or an errno name); then
# flushes by fsync and fdatasync and prints how that went.
SHIM_CHILD = r"""
import errno, os, sys
method, folder = sys.argv[1], sys.argv[2]
src = os.path.join(folder, "source")
with open(src, "wb") as f:
    f.write(b"s" * 4000)
fd = os.open(os.path.join(folder, ".out.mov.prw-AbC123"),
             os.O_RDWR | os.O_CREAT, 0o600)
data = b"d" * 1000
for i in range(3):
    try:
        if method == "write":
            n = os.write(fd, data)
        elif method == "pwrite":
            n = os.pwrite(fd, data, i * 1000)
        elif method == "writev":
            n = os.writev(fd, [data[:300], data[300:]])
        elif method == "pwritev":
            n = os.pwritev(fd, [data[:300], data[300:]], i * 1000)
        elif method == "copy_file_range":
            with open(src, "rb") as f:
                n = os.copy_file_range(f.fileno(), fd, 1000, i * 1000)
        elif method == "sendfile":
            with open(src, "rb") as f:
                n = os.sendfile(fd, f.fileno(), i * 1000, 1000)
        print(n)
    except OSError as e:
        print(errno.errorcode[e.errno])
for flush in (os.fsync, os.fdatasync):
    try:
        flush(fd)
        print("flushed")
    except OSError as e:
        print(errno.errorcode[e.errno])
"""

WRITE_PATHS = ("write", "pwrite", "writev", "pwritev", "copy_file_range",
               "sendfile")


class ShimTest(FaultCase):
    GROUP = "shim"

    def child(self, method, fault):
        folder = self.outdir(method)
        log = new_log()
        env = cli_env(fault, log)
        if asan_runtime():
            # python under the preloaded ASan runtime: CPython does not
            # free its memory at exit
            env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + \
                ":detect_leaks=0"
        proc = subprocess.run([sys.executable, "-c", SHIM_CHILD, method,
                               folder], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=60, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        return proc.stdout.decode().split(), read_log(log)

    def test_counts_every_write_path(self):
        for method in WRITE_PATHS:
            with self.subTest(method=method):
                out, log = self.child(method, None)
                self.assertEqual(out, ["1000"] * 3 + ["flushed"] * 2)
                self.assertIn("synced fsync 3000", log)
                self.assertIn("synced fdatasync 3000", log)
                self.assertTrue(any(l.startswith("temp-bytes 3000 3")
                                    for l in log), log)

    def test_fills_up_on_every_write_path(self):
        """After 1500 bytes: one whole write, one cut short, one refused,
        as a real full disk does."""
        for method in WRITE_PATHS:
            with self.subTest(method=method):
                out, log = self.child(method, {"action": "enospc",
                                               "after": 1500})
                self.assertEqual(out, ["1000", "500", "ENOSPC"] +
                                 ["flushed"] * 2)
                self.assertTrue(any(l.startswith("fired enospc ")
                                    for l in log), log)

    def test_fails_the_flush(self):
        out, log = self.child("write", {"action": "fsync-eio"})
        self.assertEqual(out, ["1000"] * 3 + ["EIO"] * 2)
        self.assertTrue(any(l.startswith("fired fsync-eio fsync")
                            for l in log), log)
        self.assertFalse(any(l.startswith("synced") for l in log), log)


class HangTest(FaultCase):
    """No print can hang when a pad fails (issue 12, C09). A base pad that
    cannot be linked used to be logged only, and qtmux waited for ever for
    data on the pad it had given that track (0 % CPU). Every print here
    runs under a deadline: one that does not end fails the test, it does
    not block the suite."""
    GROUP = "hang"
    # A print of these 50 frames takes well under a second; a failure must
    # come "at once", long before this.
    DEADLINE = 60

    @classmethod
    def setUpClass(cls):
        cls.base = media("audio_base.mov")
        cls.seg = media("seg_a.mov")

    def run_bounded(self, *args, **kwargs):
        """run(), but a CLI still running after DEADLINE seconds is killed
        and the test fails."""
        proc, log, cmd = start(*args, **kwargs)
        started = time.monotonic()
        try:
            out, err = proc.communicate(timeout=self.DEADLINE)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            self.fail("the print hung: still running after %d s: %s" %
                      (self.DEADLINE, " ".join(cmd)))
        result = Result(cmd, proc.returncode, out.decode("utf-8", "replace"),
                        err.decode("utf-8", "replace"), read_log(log))
        result.seconds = time.monotonic() - started
        return result

    def test_control_print_with_the_hook(self):
        """The link hook alone (matching no pad) changes nothing: the print
        of the same plan succeeds, so the failures below are the refused
        link's doing."""
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(self.base, self.seg)
        result = self.run_bounded("print", self.base, self.seg, "-o", output,
                                  fault={"action": "link-fail",
                                         "pad": "no-such-pad"})
        self.assert_printed(result, output, outdir, before)
        self.assertEqual(result.fired(), [], result.describe())

    def test_audio_pad_not_linked(self):
        """The demuxer's sound pads go to a sink that drops their buffers
        (the print copies sound chunks itself, qtmux never sees them): a
        refused link there fails the print at once too, naming the track."""
        outdir = self.outdir()
        before = self.snapshot(self.base, self.seg)
        result = self.run_bounded("print", self.base, self.seg, "-o",
                                  os.path.join(outdir, "out.mov"),
                                  fault={"action": "link-fail",
                                         "pad": "audio_"})
        self.assert_fired(result, "link-fail")
        self.assert_failed(result, self.base, outdir, before,
                           reason=r"audio track \d+ \((sowt|twos), 2 ch, "
                                  r"48000 hz\): the demuxer's pad for it "
                                  r"could not be linked to the sink that "
                                  r"drops it \(audio/x-raw, s16le, link "
                                  r"no common format\)$")

    def test_video_pad_not_linked(self):
        outdir = self.outdir()
        before = self.snapshot(self.base, self.seg)
        result = self.run_bounded("print", self.base, self.seg, "-o",
                                  os.path.join(outdir, "out.mov"),
                                  fault={"action": "link-fail",
                                         "pad": "video_"})
        self.assert_fired(result, "link-fail")
        self.assert_failed(result, self.base, outdir, before,
                           reason=r"video track \d+ cannot be copied into "
                                  r"the output")

    def test_float_pcm_prints_at_once(self):
        """A real base whose sound qtmux refused (the print used to hang on
        it, then failed): 32-bit float PCM at 96 kHz, which ffmpeg writes
        as an 'lpcm' version 2 description. Sound no longer passes through
        the muxer: the print ends well within the deadline, every audio
        packet the base's."""
        if shutil.which("ffmpeg") is None:
            self.skipTest("ffmpeg is not installed")
        folder = os.path.join(WORK, "float")
        os.makedirs(folder, exist_ok=True)
        base = os.path.join(folder, "base_lpcm_f32le_96k.mov")
        seg = os.path.join(folder, "seg.mov")
        common = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                  "testsrc2=s=128x96:r=25"]
        subprocess.run(common + [
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=96000",
            "-map", "0:v", "-map", "1:a", "-frames:v", "50", "-c:v",
            "prores_ks", "-profile:v", "2", "-c:a", "pcm_f32le", "-ac", "2",
            "-shortest", "-timecode", BASE_TC, base],
            check=True, timeout=300, stdin=subprocess.DEVNULL)
        subprocess.run(common + [
            "-frames:v", "10", "-c:v", "prores_ks", "-profile:v", "2",
            "-timecode", "01:00:01:00", seg],
            check=True, timeout=300, stdin=subprocess.DEVNULL)
        with open(base, "rb") as f:
            data = f.read()
        self.assertIn(b"lpcm", data, "ffmpeg did not write an lpcm base")
        outdir = self.outdir()
        output = os.path.join(outdir, "out.mov")
        before = self.snapshot(base, seg)
        result = self.run_bounded("print", base, seg, "-o", output)
        self.assert_printed(result, output, outdir, before)
        md5s = []
        for path in (base, output):
            proc = subprocess.run(
                ["ffmpeg", "-v", "error", "-i", path, "-map", "0:a:0", "-c",
                 "copy", "-f", "framemd5", "-"], check=True, timeout=300,
                stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
            md5s.append([l.split(",")[-1].strip()
                         for l in proc.stdout.decode().splitlines()
                         if l.strip() and not l.startswith("#")])
        self.assertGreater(len(md5s[0]), 0)
        self.assertEqual(md5s[1], md5s[0])


GROUPS = {cls.GROUP: cls for cls in (OutputTest, BadInputTest, TimecodeTest,
                                     SignalTest, DiskTest, VanishTest,
                                     ConcurrentTest, CodesTest, ShimTest,
                                     HangTest, BlankTest, StaleTest)}


def main():
    global CLI, FIXTURE, SHIM, WORK
    if len(sys.argv) != 5 or (sys.argv[4] not in GROUPS
                              and sys.argv[4] != "all"):
        print("usage: test_faults.py PRORESWRITER PRW_MAKE_FIXTURE "
              "PRW_FAULT_INJECT (%s|all)" % "|".join(GROUPS), file=sys.stderr)
        return 2
    CLI, FIXTURE, SHIM = (os.path.abspath(p) for p in sys.argv[1:4])
    classes = list(GROUPS.values()) if sys.argv[4] == "all" else \
        [GROUPS[sys.argv[4]]]

    WORK = tempfile.mkdtemp(prefix="prw-faults-")
    try:
        for d in ("media", "logs", "out"):
            os.makedirs(os.path.join(WORK, d))
        suite = unittest.TestSuite(
            unittest.defaultTestLoader.loadTestsFromTestCase(c)
            for c in classes)
        result = unittest.TextTestRunner(verbosity=2,
                                         stream=sys.stdout).run(suite)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)

    failed = len(result.failures) + len(result.errors)
    skipped = len(result.skipped)
    passed = result.testsRun - failed - skipped
    for test, reason in result.skipped:
        print("SKIPPED (not passed): %s: %s" % (test.id(), reason))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    if failed:
        return 1
    if passed == 0 and skipped > 0:
        return 77  # meson: SKIP
    return 0


if __name__ == "__main__":
    sys.exit(main())
