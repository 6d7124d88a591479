#!/usr/bin/env python3
"""The proreswriter CLI as a user meets it: exit codes, one-line errors,
JSON shapes, and the frames it prints.

Run by meson as: python3 test_cli.py PRORESWRITER PRW_MAKE_FIXTURE

Media is made at test time with prw-make-fixture; the per-frame md5s of
inputs and outputs come from prw-make-fixture --md5s (ffmpeg's reading, not
the library's). Every expectation about which frame lands where is computed
here from the timecodes the test chose and the documented rule: a record
frame belongs to the last segment (in plan order) covering it, else to the
base.
"""

import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

CLI = None
FIXTURE = None
WORK = None  # temporary directory holding all media

BASE_RATE = 25
BASE_TC = "01:00:00:00"
BASE_FRAMES = 100

# name, start timecode, frames, pattern: chosen so that shot_005 starts
# before the base, shot_020 hides part of shot_010, shot_030 runs past the
# base's end. Every pattern differs, so every source frame is distinct.
SEGMENTS = [
    ("shot_005.mov", "00:59:59:20", 10, "colors"),
    ("shot_010.mov", "01:00:01:00", 20, "smpte"),
    ("shot_020.mov", "01:00:01:10", 20, "checkers-8"),
    ("shot_030.mov", "01:00:03:20", 10, "zone-plate"),
]


def tc_to_frames_ndf(tc, fps):
    """Frames since midnight of a non-drop label (the test's own math)."""
    h, m, s, f = (int(x) for x in re.split(r"[:;]", tc))
    return ((h * 60 + m) * 60 + s) * fps + f


def run(*args, check_usage=True):
    """Runs the CLI; returns (exit status, stdout, stderr) as text."""
    proc = subprocess.run([CLI] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=300)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def make_fixture(path, rate, frames, tc=None, drop=False, pattern=None,
                 audio=None, reel=None, colour=None, tmcd_rate=None,
                 tmcd_drop_flag=False):
    args = [FIXTURE, str(path), "--rate", rate, "--frames", str(frames)]
    if tmcd_rate is not None:
        args += ["--tmcd-rate", tmcd_rate]
    if tmcd_drop_flag:
        args.append("--tmcd-drop-flag")
    if drop:
        args.append("--drop")
    if tc is not None:
        args += ["--tc", tc]
    if pattern is not None:
        args += ["--pattern", pattern]
    if audio is not None:
        args += ["--audio", str(audio)]
    if reel is not None:
        args += ["--reel", reel]
    if colour is not None:
        args += ["--colour", colour]
    proc = subprocess.run(args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("prw-make-fixture %s failed: %s" %
                           (path, proc.stderr.decode("utf-8", "replace")))


def packet_md5s(path):
    """One md5 per video packet, in decode order (via ffmpeg)."""
    proc = subprocess.run([FIXTURE, "--md5s", str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("prw-make-fixture --md5s %s failed: %s" %
                           (path, proc.stderr.decode("utf-8", "replace")))
    return [line.strip() for line in proc.stdout.decode().splitlines()
            if line.strip()]


def file_md5(path):
    h = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def error_lines(stderr):
    """stderr lines that are not plan warnings."""
    return [l for l in stderr.splitlines()
            if not l.startswith("proreswriter: warning: ")]


def warning_lines(stderr):
    return [l for l in stderr.splitlines()
            if l.startswith("proreswriter: warning: ")]


def json_lines(stderr):
    """stderr under --json: one JSON object per line."""
    return [json.loads(l) for l in stderr.splitlines()]


def seg_path(name):
    return os.path.join(WORK, "segs", name)


def expected_placement(segments):
    """segments: [(path, record_in, frames)] in plan order. Returns the
    owner of every record frame: (source path or "base", source frame)."""
    owners = [("base", r) for r in range(BASE_FRAMES)]
    for path, record_in, frames in segments:
        for i in range(frames):
            r = record_in + i
            if 0 <= r < BASE_FRAMES:
                owners[r] = (path, i)
    return owners


def expected_ranges(owners):
    """Runs of consecutive record frames from one source with consecutive
    source frames, as the plan JSON spells them."""
    ranges = []
    for r, (source, source_frame) in enumerate(owners):
        last = ranges[-1] if ranges else None
        if (last is not None and last["source"] == source
                and last["source_in"] + last["frames"] == source_frame):
            last["frames"] += 1
            last["record_out"] += 1
        else:
            ranges.append({"source": source, "source_in": source_frame,
                           "record_in": r, "record_out": r + 1,
                           "frames": 1})
    return ranges


def segment_record_in(tc):
    return tc_to_frames_ndf(tc, BASE_RATE) - tc_to_frames_ndf(BASE_TC,
                                                              BASE_RATE)


def full_plan_segments():
    return [(seg_path(name), segment_record_in(tc), frames)
            for name, tc, frames, _ in SEGMENTS]


def setUpModule():
    global WORK
    WORK = tempfile.mkdtemp(prefix="prw-cli-")
    os.mkdir(os.path.join(WORK, "segs"))
    make_fixture(os.path.join(WORK, "base.mov"), "25/1", BASE_FRAMES,
                 tc=BASE_TC, pattern="black")
    for name, tc, frames, pattern in SEGMENTS:
        make_fixture(seg_path(name), "25/1", frames, tc=tc, pattern=pattern)
    make_fixture(os.path.join(WORK, "probe_a.mov"), "25/1", 10,
                 tc="10:00:00:00", pattern="smpte", audio=2, reel="REEL01",
                 colour="bt709")
    make_fixture(os.path.join(WORK, "probe_df.mov"), "30000/1001", 10,
                 tc="01:00:00;00", drop=True, pattern="smpte")
    with open(os.path.join(WORK, "junk.mov"), "wb") as f:
        f.write(b"this is not a QuickTime movie\n" * 64)


def tearDownModule():
    if WORK is not None:
        shutil.rmtree(WORK, ignore_errors=True)


class UsageTest(unittest.TestCase):
    def test_version(self):
        status, out, err = run("--version")
        self.assertEqual(status, 0, err)
        self.assertRegex(out, r"^proreswriter \d+\.\d+\.\d+\n$")

    def test_help(self):
        status, out, err = run("--help")
        self.assertEqual(status, 0, err)
        for command in ("probe", "plan", "print", "verify", "timecode"):
            self.assertIn(command, out)

    def test_subcommand_help(self):
        for command in ("probe", "plan", "print", "verify", "timecode"):
            status, out, err = run(command, "--help")
            self.assertEqual(status, 0, err)
            self.assertIn("proreswriter " + command, out)
            self.assertIn("--", out)

    def test_no_command(self):
        status, out, err = run()
        self.assertEqual(status, 2)
        self.assertEqual(out, "")
        self.assertIn("proreswriter --help", err)

    def test_unknown_command(self):
        status, out, err = run("frobnicate")
        self.assertEqual(status, 2)
        self.assertEqual(out, "")
        self.assertTrue(err.startswith("proreswriter: "), err)
        self.assertIn("frobnicate", err)

    def test_unknown_top_level_option(self):
        status, out, err = run("--frobnicate")
        self.assertEqual(status, 2)
        self.assertIn("--frobnicate", err)

    def test_unknown_option(self):
        status, out, err = run("probe", "--frobnicate",
                               os.path.join(WORK, "base.mov"))
        self.assertEqual(status, 2)
        self.assertEqual(out, "")
        self.assertIn("--frobnicate", err)
        self.assertIn("proreswriter probe --help", err)

    def test_missing_arguments(self):
        base = os.path.join(WORK, "base.mov")
        segs = os.path.join(WORK, "segs")
        for args in (["probe"], ["plan"], ["plan", base],
                     ["print", base, segs], ["print", "-o",
                                             os.path.join(WORK, "x.mov")],
                     ["verify", base, segs], ["timecode", "01:00:00:00"],
                     ["timecode", "--rate", "25"]):
            status, out, err = run(*args)
            self.assertEqual(status, 2, args)
            self.assertEqual(out, "", args)
            self.assertTrue(err.startswith("proreswriter: "), (args, err))
        self.assertFalse(os.path.exists(os.path.join(WORK, "x.mov")))


class TimecodeTest(unittest.TestCase):
    def both_ways(self, rate_args, label, frames):
        status, out, err = run("timecode", *rate_args, label)
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out, "%d\n" % frames)
        status, out, err = run("timecode", *rate_args, "--frames", frames)
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out, label + "\n")

    def test_25(self):
        self.both_ways(["--rate", "25"], "01:00:00:00", 90000)
        self.both_ways(["--rate", "25/1"], "00:00:01:24", 49)

    def test_29_97_drop_frame(self):
        # 10 minutes of 29.97 DF are 17982 frames: 9 minutes skip 2 labels.
        self.both_ways(["--rate", "30000/1001", "--drop"], "00:10:00;00",
                       17982)
        self.both_ways(["--rate", "29.97", "--drop"], "01:00:00;00", 107892)
        # the first label after a skip
        self.both_ways(["--rate", "29.97", "--drop"], "00:01:00;02", 1800)

    def test_59_94_drop_frame(self):
        self.both_ways(["--rate", "59.94", "--drop"], "01:00:00;00", 215784)

    def test_120(self):
        # three frame digits above 100 fps
        self.both_ways(["--rate", "120"], "01:00:00:000", 432000)
        self.both_ways(["--rate", "120/1"], "00:00:01:119", 239)

    def test_decimal_rates(self):
        self.both_ways(["--rate", "23.976"], "00:00:01:00", 24)
        self.both_ways(["--rate", "29.97"], "00:01:00:00", 1800)

    def test_several_values(self):
        status, out, err = run("timecode", "--rate", "25", "00:00:00:00",
                               "00:00:01:00", "23:59:59:24")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out.split(), ["0", "25", str(24 * 3600 * 25 - 1)])
        status, out, err = run("timecode", "--rate", "25", "--frames", "0",
                               "25")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(out.split(), ["00:00:00:00", "00:00:01:00"])

    def test_invalid_timecode(self):
        for rate_args, label in ((["--rate", "25"], "01:00:00:25"),
                                 (["--rate", "25"], "1:00"),
                                 (["--rate", "29.97", "--drop"],
                                  "00:01:00;00")):
            status, out, err = run("timecode", *rate_args, label)
            self.assertEqual(status, 1, label)
            self.assertEqual(out, "")
            lines = err.splitlines()
            self.assertEqual(len(lines), 1, err)
            self.assertTrue(lines[0].startswith("proreswriter: "), err)
            self.assertIn(label, lines[0])

    def test_invalid_frame_count(self):
        day = 24 * 3600 * 25
        for value in (str(day), "abc"):
            status, out, err = run("timecode", "--rate", "25", "--frames",
                                   value)
            self.assertEqual(status, 1, value)
            self.assertEqual(len(err.splitlines()), 1, err)
            self.assertIn(value, err)

    def test_json(self):
        status, out, err = run("timecode", "--json", "--rate", "29.97",
                               "--drop", "00:10:00;00", "01:00:00.00")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out), {
            "rate": "30000/1001", "rate_num": 30000, "rate_den": 1001,
            "drop_frame": True,
            "timecodes": [
                {"input": "00:10:00;00", "timecode": "00:10:00;00",
                 "frames": 17982},
                # another separator, the same label
                {"input": "01:00:00.00", "timecode": "01:00:00;00",
                 "frames": 107892}]})
        status, out, err = run("timecode", "--json", "--rate", "120",
                               "--frames", "239", "432000")
        self.assertEqual((status, err), (0, ""))
        result = json.loads(out)
        self.assertEqual((result["rate"], result["drop_frame"]),
                         ("120/1", False))
        self.assertEqual([(t["timecode"], t["frames"])
                          for t in result["timecodes"]],
                         [("00:00:01:119", 239), ("01:00:00:000", 432000)])
        # a bad value is reported on stderr and left out; the rest go on
        status, out, err = run("timecode", "--json", "--rate", "25",
                               "00:00:01:00", "01:00:00:25")
        self.assertEqual(status, 1)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("01:00:00:25", err)
        self.assertEqual([t["frames"] for t in json.loads(out)["timecodes"]],
                         [25])

    def test_drop_frame_in_rate(self):
        # "29.97 DF" is --rate 29.97 --drop
        self.both_ways(["--rate", "29.97 DF"], "00:10:00;00", 17982)
        self.both_ways(["--rate", "30000/1001DF"], "01:00:00;00", 107892)
        status, out, err = run("timecode", "--rate", "25DF", "00:00:00;00")
        self.assertEqual(status, 1)
        self.assertEqual(err, "proreswriter: 25DF: drop frame exists only "
                         "at 29.97, 59.94 and 119.88 fps\n")

    def test_json_errors(self):
        status, out, err = run("timecode", "--json", "--rate", "25",
                               "01:00:00:25", "00:00:01:00")
        self.assertEqual(status, 1)
        self.assertEqual([t["frames"] for t in json.loads(out)["timecodes"]],
                         [25])
        (line,) = json_lines(err)
        self.assertEqual(set(line), {"error"})
        self.assertEqual(line["error"]["code"], "invalid-timecode")
        self.assertIsNone(line["error"]["file"])
        self.assertIn("01:00:00:25", line["error"]["message"])
        self.assertFalse(line["error"]["message"].startswith("proreswriter"))

        # a rate without timecode, and usage errors, also as JSON
        status, out, err = run("timecode", "--json", "--rate", "27",
                               "00:00:00:00")
        self.assertEqual((status, out), (1, ""))
        self.assertEqual(json_lines(err), [{"error": {
            "code": "unsupported", "file": None,
            "message": "27: not a supported timecode rate"}}])
        for args in (["timecode", "--json", "--rate", "fast", "1"],
                     ["plan", "--json"],
                     ["probe", "--frobnicate", "--json"]):
            status, out, err = run(*args)
            self.assertEqual((status, out), (2, ""), args)
            (line,) = json_lines(err)
            self.assertEqual(line["error"]["code"], "usage", args)
            self.assertIsNone(line["error"]["file"])

    def test_bad_rates(self):
        status, out, err = run("timecode", "--rate", "fast", "00:00:00:00")
        self.assertEqual(status, 2)
        self.assertIn("fast", err)
        status, out, err = run("timecode", "--rate", "27", "00:00:00:00")
        self.assertEqual(status, 1)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("27", err)
        status, out, err = run("timecode", "--rate", "25", "--drop",
                               "00:00:00;00")
        self.assertEqual(status, 1)
        self.assertEqual(len(err.splitlines()), 1, err)


class ProbeTest(unittest.TestCase):
    def test_human(self):
        base = os.path.join(WORK, "base.mov")
        df = os.path.join(WORK, "probe_df.mov")
        status, out, err = run("probe", base, df)
        self.assertEqual((status, err), (0, ""))
        blocks = out.split("\n\n")
        self.assertEqual(len(blocks), 2, out)
        self.assertEqual(blocks[0].splitlines()[0], base)
        self.assertIn("ap4h", blocks[0])
        self.assertIn("128x96", blocks[0])
        self.assertIn("25/1 (25 fps)", blocks[0])
        self.assertRegex(blocks[0], r"frames:\s+100\n")
        self.assertRegex(blocks[0], r"start timecode:\s+01:00:00:00\n")
        self.assertRegex(blocks[0], r"drop frame:\s+no\n")
        self.assertRegex(blocks[0], r"audio tracks:\s+0")
        self.assertEqual(blocks[1].splitlines()[0], df)
        self.assertIn("30000/1001 (29.97 fps)", blocks[1])
        self.assertRegex(blocks[1], r"start timecode:\s+01:00:00;00\n")
        self.assertRegex(blocks[1], r"drop frame:\s+yes\n")

    def test_json(self):
        a = os.path.join(WORK, "probe_a.mov")
        df = os.path.join(WORK, "probe_df.mov")
        status, out, err = run("probe", "--json", a, df)
        self.assertEqual((status, err), (0, ""))
        infos = json.loads(out)
        self.assertEqual(len(infos), 2)
        keys = {"path", "codec", "flavour", "width", "height", "rate",
                "rate_num", "rate_den", "frames", "start_timecode",
                "drop_frame", "reel", "colour", "audio"}
        for info in infos:
            self.assertEqual(set(info), keys)
        ia, idf = infos
        self.assertEqual(ia["path"], a)
        self.assertEqual(ia["codec"], "ap4h")
        self.assertIn("4444", ia["flavour"])
        self.assertEqual((ia["width"], ia["height"]), (128, 96))
        self.assertEqual(ia["rate"], "25/1")
        self.assertEqual((ia["rate_num"], ia["rate_den"]), (25, 1))
        self.assertEqual(ia["frames"], 10)
        self.assertEqual(ia["start_timecode"], "10:00:00:00")
        self.assertIs(ia["drop_frame"], False)
        self.assertEqual(ia["reel"], "REEL01")
        self.assertIsInstance(ia["colour"], str)
        self.assertEqual(len(ia["audio"]), 1)
        self.assertIsInstance(ia["audio"][0], str)
        self.assertEqual(idf["path"], df)
        self.assertEqual(idf["rate"], "30000/1001")
        self.assertEqual((idf["rate_num"], idf["rate_den"]), (30000, 1001))
        self.assertEqual(idf["frames"], 10)
        self.assertEqual(idf["start_timecode"], "01:00:00;00")
        self.assertIs(idf["drop_frame"], True)
        self.assertEqual(idf["audio"], [])

    def test_failure_goes_on(self):
        base = os.path.join(WORK, "base.mov")
        junk = os.path.join(WORK, "junk.mov")
        missing = os.path.join(WORK, "missing.mov")
        status, out, err = run("probe", junk, base, missing)
        self.assertEqual(status, 1)
        lines = err.splitlines()
        self.assertEqual(len(lines), 2, err)
        self.assertTrue(lines[0].startswith("proreswriter: " + junk), err)
        self.assertTrue(lines[1].startswith("proreswriter: " + missing), err)
        self.assertEqual(out.splitlines()[0], base)
        # JSON still lists the good one, and only it
        status, out, err = run("probe", "--json", junk, base)
        self.assertEqual(status, 1)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertEqual([i["path"] for i in json.loads(out)], [base])


    def test_json_errors(self):
        base = os.path.join(WORK, "base.mov")
        junk = os.path.join(WORK, "junk.mov")
        status, out, err = run("probe", "--json", junk, base)
        self.assertEqual(status, 1)
        self.assertEqual([i["path"] for i in json.loads(out)], [base])
        (line,) = json_lines(err)
        self.assertEqual(line["error"]["code"], "not-quicktime")
        self.assertEqual(line["error"]["file"], junk)
        self.assertTrue(line["error"]["message"].startswith(junk + ": "))


class FieldTimecodeTest(unittest.TestCase):
    """Timecode tracks as cameras write them (field cases C05, C06): the
    drop-frame flag at 24 fps is read as non-drop with a warning; a 29.97
    DF timecode track on 59.94p video is read at the video's rate."""

    REASON = ("its timecode track says drop frame at 24 fps, where there "
              "is none; read as non-drop")

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "field-tc")
        os.mkdir(cls.dir)
        cls.base24 = os.path.join(cls.dir, "base_24_DF.mov")
        cls.seg24 = os.path.join(cls.dir, "seg_24_DF_0110.mov")
        cls.base5994 = os.path.join(cls.dir, "base_5994_tc30df.mov")
        cls.seg5994 = os.path.join(cls.dir, "seg_5994_tc30df.mov")
        make_fixture(cls.base24, "24/1", 72, tc="19:36:00:00",
                     pattern="black", tmcd_drop_flag=True)
        make_fixture(cls.seg24, "24/1", 10, tc="19:36:01:10",
                     pattern="smpte", tmcd_drop_flag=True)
        cls.seg24_ndf = os.path.join(cls.dir, "seg_24_NDF_0200.mov")
        make_fixture(cls.seg24_ndf, "24/1", 10, tc="19:36:02:00",
                     pattern="ball")
        # labels at 59.94 DF: 10:00:01;20 is 10:00:01;10 in the 29.97 DF
        # track, 80 video frames after the base's 10:00:00;00
        make_fixture(cls.base5994, "60000/1001", 120, tc="10:00:00;00",
                     drop=True, pattern="black", tmcd_rate="30000/1001")
        make_fixture(cls.seg5994, "60000/1001", 10, tc="10:00:01;20",
                     drop=True, pattern="smpte", tmcd_rate="30000/1001")

    def warning(self, path):
        return "%s: %s" % (path, self.REASON)

    def placed(self, base, seg, record_in, output):
        """Every output frame is the base's but record_in.. (the seg's)."""
        expected = packet_md5s(base)
        seg_md5s = packet_md5s(seg)
        expected[record_in:record_in + len(seg_md5s)] = seg_md5s
        self.assertEqual(packet_md5s(output), expected)

    def test_probe_drop_flag_at_24_text(self):
        status, out, err = run("probe", self.base24, self.base5994)
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(),
                         ["proreswriter: warning: " +
                          self.warning(self.base24)])
        blocks = out.split("\n\n")
        self.assertRegex(blocks[0], r"rate:\s+24/1 \(24 fps\)\n")
        self.assertRegex(blocks[0], r"start timecode:\s+19:36:00:00\n")
        self.assertRegex(blocks[0], r"drop frame:\s+no\n")
        self.assertRegex(blocks[1], r"start timecode:\s+10:00:00;00\n")
        self.assertRegex(blocks[1], r"drop frame:\s+yes\n")
        self.assertRegex(blocks[1], r"frames:\s+120\n")

    def test_probe_drop_flag_at_24_json(self):
        status, out, err = run("probe", "--json", self.base24,
                               self.base5994)
        self.assertEqual((status, err), (0, ""))
        i24, i5994 = json.loads(out)
        self.assertEqual(i24["warnings"], [self.warning(self.base24)])
        self.assertIs(i24["drop_frame"], False)
        self.assertEqual(i24["start_timecode"], "19:36:00:00")
        # nothing to say: no member
        self.assertNotIn("warnings", i5994)
        self.assertEqual(i5994["start_timecode"], "10:00:00;00")
        self.assertIs(i5994["drop_frame"], True)
        self.assertEqual((i5994["rate_num"], i5994["rate_den"]),
                         (60000, 1001))
        # under --json a probe's warnings are in its result, not on stderr
        status, out, err = run("probe", "--json", self.seg24)
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out)[0]["warnings"],
                         [self.warning(self.seg24)])

    def test_plan_repeats_probe_warnings(self):
        status, out, err = run("plan", self.base24, self.seg24)
        self.assertEqual(status, 0, err)
        self.assertIn("\nwarning: base_24_DF.mov: %s\n" % self.REASON, out)
        self.assertIn("\nwarning: seg_24_DF_0110.mov: %s\n" % self.REASON,
                      out)
        status, out, err = run("plan", "--json", self.base24, self.seg24)
        self.assertEqual(status, 0, err)
        plan = json.loads(out)
        self.assertEqual(plan["warnings"],
                         ["base_24_DF.mov: " + self.REASON,
                          "seg_24_DF_0110.mov: " + self.REASON])
        self.assertEqual(plan["segments"][0]["record_in"], 34)
        # a flagged base and a segment without the flag are both non-drop
        status, out, err = run("plan", "--json", self.base24, self.seg24_ndf)
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        self.assertEqual(plan["warnings"], ["base_24_DF.mov: " + self.REASON])
        self.assertEqual(plan["segments"][0]["record_in"], 48)

    def test_print_drop_flag_at_24(self):
        output = os.path.join(self.dir, "out24.mov")
        status, out, err = run("print", self.base24, self.seg24, "-o",
                               output)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        self.assertEqual(warning_lines(err),
                         ["proreswriter: warning: base_24_DF.mov: " +
                          self.REASON,
                          "proreswriter: warning: seg_24_DF_0110.mov: " +
                          self.REASON])
        # 19:36:01:10 - 19:36:00:00 = 34 frames
        self.placed(self.base24, self.seg24, 34, output)
        # the output's timecode is non-drop, and says nothing more
        status, out, err = run("probe", "--json", output)
        self.assertEqual((status, err), (0, ""))
        (info,) = json.loads(out)
        self.assertEqual(info["start_timecode"], "19:36:00:00")
        self.assertIs(info["drop_frame"], False)
        self.assertNotIn("warnings", info)
        status, out, err = run("verify", output, self.base24, self.seg24)
        self.assertEqual(status, 0, err)

    def test_print_timecode_at_half_the_video_rate(self):
        output = os.path.join(self.dir, "out5994.mov")
        status, out, err = run("print", self.base5994, self.seg5994, "-o",
                               output)
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.placed(self.base5994, self.seg5994, 80, output)
        status, out, err = run("probe", "--json", output)
        self.assertEqual((status, err), (0, ""))
        (info,) = json.loads(out)
        self.assertEqual(info["start_timecode"], "10:00:00;00")
        self.assertIs(info["drop_frame"], True)
        self.assertEqual(info["frames"], 120)
        status, out, err = run("verify", output, self.base5994, self.seg5994)
        self.assertEqual(status, 0, err)
        self.assertIn("timecode 10:00:00;00", out)


class PlanTest(unittest.TestCase):
    def test_json(self):
        base = os.path.join(WORK, "base.mov")
        status, out, err = run("plan", "--json", base,
                               os.path.join(WORK, "segs"))
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        self.assertEqual(set(plan), {"base", "segments", "ranges",
                                     "warnings"})
        self.assertEqual(plan["base"], {"path": base,
                                        "start_timecode": BASE_TC,
                                        "frames": BASE_FRAMES,
                                        "rate": "25/1"})

        # a folder's files in name order, each placed by its timecode
        self.assertEqual(len(plan["segments"]), len(SEGMENTS))
        for seg, (name, tc, frames, _) in zip(plan["segments"], SEGMENTS):
            record_in = segment_record_in(tc)
            self.assertEqual(seg, {"path": seg_path(name),
                                   "start_timecode": tc, "frames": frames,
                                   "record_in": record_in,
                                   "record_out": record_in + frames})
        # record ins the test chose: -5, 25, 35 and 95
        self.assertEqual([s["record_in"] for s in plan["segments"]],
                         [-5, 25, 35, 95])

        ranges = plan["ranges"]
        self.assertEqual(ranges,
                         expected_ranges(expected_placement(
                             full_plan_segments())))
        # gap-free, covering the base exactly once
        self.assertEqual(ranges[0]["record_in"], 0)
        self.assertEqual(ranges[-1]["record_out"], BASE_FRAMES)
        for a, b in zip(ranges, ranges[1:]):
            self.assertEqual(a["record_out"], b["record_in"])
        for r in ranges:
            self.assertEqual(r["record_out"] - r["record_in"], r["frames"])

        warnings = plan["warnings"]
        self.assertEqual(len(warnings), 3, warnings)
        self.assertTrue(any("shot_005.mov" in w for w in warnings), warnings)
        self.assertTrue(any("shot_020.mov" in w and "shot_010.mov" in w
                            for w in warnings), warnings)
        self.assertTrue(any("shot_030.mov" in w for w in warnings), warnings)

    def test_human(self):
        base = os.path.join(WORK, "base.mov")
        status, out, err = run("plan", base, os.path.join(WORK, "segs"))
        self.assertEqual((status, err), (0, ""))
        self.assertIn(base, out)
        for name, tc, _, _ in SEGMENTS:
            self.assertIn(name, out)
            self.assertIn(tc, out)
        # shot_010 lands on record frame 25 = 01:00:01:00
        self.assertRegex(out, r"shot_010\.mov .*01:00:01:00 \(25\)")
        # shot_005 starts 5 frames before the base
        self.assertIn("(-5)", out)
        warnings = [l for l in out.splitlines() if l.startswith("warning: ")]
        self.assertEqual(len(warnings), 3, out)

    def test_explicit_files_keep_their_order(self):
        base = os.path.join(WORK, "base.mov")
        s10, s20 = seg_path("shot_010.mov"), seg_path("shot_020.mov")
        status, out, err = run("plan", "--json", base, s20, s10)
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        self.assertEqual([s["path"] for s in plan["segments"]], [s20, s10])
        # now shot_010 is later and wins the overlap
        order = [(s20, segment_record_in("01:00:01:10"), 20),
                 (s10, segment_record_in("01:00:01:00"), 20)]
        self.assertEqual(plan["ranges"],
                         expected_ranges(expected_placement(order)))

    def test_bad_file_in_folder(self):
        folder = os.path.join(WORK, "mixed")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(seg_path("shot_010.mov"), folder)
        shutil.copy(os.path.join(WORK, "junk.mov"), folder)
        base = os.path.join(WORK, "base.mov")

        # text on stderr without --json (with it, see the test below)
        status, out, err = run("plan", base, folder)
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("proreswriter: "), err)
        self.assertIn("junk.mov", lines[0])

        status, out, err = run("plan", "--skip-invalid", base, folder)
        self.assertEqual(status, 0, err)
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("proreswriter: warning: "), err)
        self.assertIn("junk.mov", lines[0])
        self.assertIn("shot_010.mov", out)
        self.assertNotIn("junk.mov", out)

    def test_bad_file_in_folder_json_errors(self):
        folder = os.path.join(WORK, "mixed-json")
        os.makedirs(folder, exist_ok=True)
        shutil.copy(seg_path("shot_010.mov"), folder)
        shutil.copy(os.path.join(WORK, "junk.mov"), folder)
        base = os.path.join(WORK, "base.mov")
        junk = os.path.join(folder, "junk.mov")

        status, out, err = run("plan", "--json", base,
                               folder)
        self.assertEqual((status, out), (1, ""))
        (line,) = json_lines(err)
        self.assertEqual(set(line["error"]), {"code", "file", "message"})
        self.assertEqual(line["error"]["file"], junk)
        self.assertTrue(line["error"]["message"].startswith(junk + ": "))

        status, out, err = run("plan", "--json",
                               "--skip-invalid", base, folder)
        self.assertEqual(status, 0, err)
        (line,) = json_lines(err)
        self.assertEqual(set(line), {"warning"})
        self.assertEqual(line["warning"]["file"], junk)
        self.assertTrue(line["warning"]["message"].startswith(junk + ": "))
        self.assertEqual([s["path"] for s in json.loads(out)["segments"]],
                         [os.path.join(folder, "shot_010.mov")])

    def test_bad_base(self):
        status, out, err = run("plan", os.path.join(WORK, "junk.mov"),
                               os.path.join(WORK, "segs"))
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertIn("junk.mov", lines[0])

    def test_segment_with_other_rate(self):
        status, out, err = run("plan", os.path.join(WORK, "base.mov"),
                               os.path.join(WORK, "probe_df.mov"))
        self.assertEqual(status, 1)
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        self.assertIn("probe_df.mov", lines[0])


class PrintTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.base = os.path.join(WORK, "base.mov")
        cls.segs = os.path.join(WORK, "segs")
        cls.md5s = {"base": packet_md5s(cls.base)}
        for name, _, frames, _ in SEGMENTS:
            cls.md5s[seg_path(name)] = packet_md5s(seg_path(name))
        assert len(cls.md5s["base"]) == BASE_FRAMES
        cls.inputs = [cls.base] + [seg_path(n) for n, _, _, _ in SEGMENTS]

    def expected_md5s(self, segments):
        return [self.md5s[source][frame]
                for source, frame in expected_placement(segments)]

    def input_md5s(self):
        return {p: file_md5(p) for p in self.inputs}

    def outdir(self, name):
        path = os.path.join(WORK, "out-" + name)
        os.makedirs(path)
        return path

    def test_print(self):
        before = self.input_md5s()
        outdir = self.outdir("print")
        output = os.path.join(outdir, "printed.mov")
        status, out, err = run("print", self.base, self.segs, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        self.assertEqual(len(warning_lines(err)), 3, err)
        self.assertNotIn("\r", err)  # no progress line when not a terminal

        owners = expected_placement(full_plan_segments())
        from_segments = sum(1 for s, _ in owners if s != "base")
        from_base = BASE_FRAMES - from_segments
        self.assertRegex(
            out,
            r"^printed %s: %d frames \(%d from 4 segments, %d from the base\), "
            r"timecode 01:00:00:00, setup \d+\.\d\d s, render \d+\.\d\d s "
            r"\(\d+\.\d fps, \d+\.\d MB/s\)\n$"
            % (re.escape(output), BASE_FRAMES, from_segments, from_base))

        self.assertEqual(os.listdir(outdir), ["printed.mov"])
        self.assertEqual(packet_md5s(output),
                         self.expected_md5s(full_plan_segments()))
        self.assertEqual(self.input_md5s(), before)

        # verify: the good output passes
        status, out, err = run("verify", output, self.base, self.segs)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        self.assertEqual(out, "verified %s: %d frames match the plan; "
                         "timecode 01:00:00:00\n" % (output, BASE_FRAMES))

        # an output of another plan (only shot_010) fails, in one line
        other = os.path.join(outdir, "other.mov")
        status, out, err = run("print", self.base, seg_path("shot_010.mov"),
                               "-o", other)
        self.assertEqual(status, 0, err)
        self.assertEqual(
            packet_md5s(other),
            self.expected_md5s([(seg_path("shot_010.mov"),
                                 segment_record_in("01:00:01:00"), 20)]))
        status, out, err = run("verify", other, self.base, self.segs)
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("proreswriter: "), err)
        self.assertIn("other.mov", lines[0])
        self.assertEqual(self.input_md5s(), before)

    def test_print_json(self):
        outdir = self.outdir("json")
        output = os.path.join(outdir, "printed.mov")
        status, out, err = run("print", "--json", self.base, self.segs,
                               "-o", output)
        self.assertEqual(status, 0, err)
        # stderr holds the plan's three warnings, as JSON, and nothing else
        warnings = json_lines(err)
        self.assertEqual([set(w) for w in warnings], [{"warning"}] * 3, err)
        result = json.loads(out)
        self.assertEqual(set(result), {"base", "segments", "ranges",
                                       "warnings", "output", "setup_seconds",
                                       "render_seconds"})
        self.assertEqual(result["output"], output)
        self.assertIsInstance(result["setup_seconds"], (int, float))
        self.assertIsInstance(result["render_seconds"], (int, float))
        self.assertGreaterEqual(result["setup_seconds"], 0)
        self.assertGreater(result["render_seconds"], 0)
        self.assertEqual(result["ranges"],
                         expected_ranges(expected_placement(
                             full_plan_segments())))
        self.assertEqual(len(result["warnings"]), 3)
        self.assertEqual(packet_md5s(output),
                         self.expected_md5s(full_plan_segments()))

    def test_existing_output(self):
        outdir = self.outdir("existing")
        output = os.path.join(outdir, "existing.mov")
        with open(output, "wb") as f:
            f.write(b"an earlier file\n")
        junk_md5 = file_md5(output)

        status, out, err = run("print", self.base, self.segs, "-o", output)
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("proreswriter: " + output), err)
        self.assertEqual(file_md5(output), junk_md5)
        self.assertEqual(os.listdir(outdir), ["existing.mov"])

        status, out, err = run("print", self.base, self.segs, "-o", output,
                               "--force")
        self.assertEqual(status, 0, err)
        self.assertEqual(os.listdir(outdir), ["existing.mov"])
        self.assertEqual(packet_md5s(output),
                         self.expected_md5s(full_plan_segments()))

    def test_verify_json(self):
        outdir = self.outdir("verify-json")
        output = os.path.join(outdir, "printed.mov")
        status, out, err = run("print", "--json", self.base,
                               self.segs, "-o", output)
        self.assertEqual(status, 0, err)
        # the plan's three warnings, as JSON, each naming its segment
        warnings = json_lines(err)
        self.assertEqual(len(warnings), 3, err)
        self.assertEqual({w["warning"]["file"] for w in warnings},
                         {seg_path("shot_005.mov"), seg_path("shot_020.mov"),
                          seg_path("shot_030.mov")})

        status, out, err = run("verify", "--json", output, self.base,
                               self.segs)
        self.assertEqual(status, 0, err)
        # stderr: the plan's three warnings, as JSON, and no error
        self.assertEqual([set(w) for w in json_lines(err)],
                         [{"warning"}] * 3, err)
        result = json.loads(out)
        self.assertEqual(set(result), {"base", "segments", "ranges",
                                       "warnings", "output",
                                       "frames_checked"})
        self.assertEqual(result["output"], output)
        self.assertEqual(result["frames_checked"], BASE_FRAMES)
        self.assertEqual(result["base"]["start_timecode"], BASE_TC)
        self.assertEqual(result["ranges"],
                         expected_ranges(expected_placement(
                             full_plan_segments())))
        self.assertEqual(len(result["warnings"]), 3)

        # a failing verify: nothing on stdout, one JSON error naming the
        # output
        status, out, err = run("verify", "--json", output,
                               self.base, seg_path("shot_010.mov"))
        self.assertEqual((status, out), (1, ""))
        (line,) = json_lines(err)
        self.assertEqual(line["error"]["code"], "mismatch")
        self.assertEqual(line["error"]["file"], output)
        self.assertTrue(line["error"]["message"].startswith(output + ": "))

    def test_existing_output_json_errors(self):
        outdir = self.outdir("existing-json")
        output = os.path.join(outdir, "existing.mov")
        with open(output, "wb") as f:
            f.write(b"an earlier file\n")
        status, out, err = run("print", "--json",
                               "--skip-invalid", self.base,
                               seg_path("shot_010.mov"), "-o", output)
        self.assertEqual((status, out), (1, ""))
        # the CLI's hint follows the library's message exactly once
        self.assertEqual(json_lines(err), [{"error": {
            "code": "output-exists", "file": output,
            "message": output + ": exists; use --force to replace it"}}])
        status, out, err = run("print", self.base, seg_path("shot_010.mov"),
                               "-o", output)
        self.assertEqual((status, out), (1, ""))
        self.assertEqual(err, "proreswriter: %s: exists; use --force to "
                         "replace it\n" % output)
        self.assertEqual(os.listdir(outdir), ["existing.mov"])

    def test_missing_element_hint(self):
        """Without GStreamer's plugins, the print names the missing element
        and the CLI adds the package to install (the library does not)."""
        outdir = self.outdir("no-plugins")
        output = os.path.join(outdir, "printed.mov")
        empty = os.path.join(outdir, "no-plugins-here")
        os.mkdir(empty)
        env = dict(os.environ,
                   GST_REGISTRY_1_0=os.path.join(outdir, "registry.bin"),
                   GST_PLUGIN_SYSTEM_PATH_1_0=empty,
                   GST_PLUGIN_PATH_1_0=empty)
        message = ("GStreamer element 'qtdemux' is missing "
                   "(install gstreamer1.0-plugins-good)")
        for extra in ([], ["--json"]):
            proc = subprocess.run(
                [CLI, "print", self.base, seg_path("shot_010.mov"), "-o",
                 output] + extra, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
                timeout=300)
            err = proc.stderr.decode()
            self.assertEqual((proc.returncode, proc.stdout), (1, b""), err)
            if extra:
                (line,) = json_lines(err)
                self.assertEqual(line["error"]["message"], message)
                self.assertIsNone(line["error"]["file"])
            else:
                self.assertEqual(err, "proreswriter: " + message + "\n")
        # nothing written: no output, no temporary file
        self.assertEqual([n for n in os.listdir(outdir)
                          if n not in ("no-plugins-here", "registry.bin")], [])

    def test_output_is_a_dangling_symlink(self):
        """A symbolic link to nothing is never replaced, even with --force,
        and the CLI does not suggest --force for it."""
        outdir = self.outdir("dangling")
        link = os.path.join(outdir, "out.mov")
        target = os.path.join(outdir, "nowhere", "out.mov")
        os.symlink(target, link)
        for extra in ([], ["--force"]):
            status, out, err = run("print", self.base,
                                   seg_path("shot_010.mov"), "-o", link,
                                   *extra)
            self.assertEqual((status, out), (1, ""), extra)
            self.assertEqual(err, "proreswriter: %s: is a symbolic link to "
                             "nothing; refusing to replace it\n" % link)
            status, out, err = run("print", "--json", self.base,
                                   seg_path("shot_010.mov"), "-o", link,
                                   *extra)
            self.assertEqual((status, out), (1, ""), extra)
            self.assertEqual(json_lines(err), [{"error": {
                "code": "io", "file": link,
                "message": "%s: is a symbolic link to nothing; refusing to "
                           "replace it" % link}}])
        self.assertEqual(os.readlink(link), target)
        self.assertEqual(os.listdir(outdir), ["out.mov"])

    def test_output_is_an_input(self):
        before = self.input_md5s()
        outdir = self.outdir("same")
        link = os.path.join(outdir, "link.mov")
        os.symlink(self.base, link)
        for output in (self.base, link, seg_path("shot_010.mov")):
            for extra in ([], ["--force"]):
                status, out, err = run("print", self.base, self.segs, "-o",
                                       output, *extra)
                self.assertEqual(status, 1, (output, extra))
                self.assertEqual(out, "")
                lines = error_lines(err)
                self.assertEqual(len(lines), 1, err)
                self.assertTrue(lines[0].startswith("proreswriter: "), err)
        self.assertEqual(self.input_md5s(), before)
        self.assertTrue(os.path.islink(link))
        self.assertEqual(os.readlink(link), self.base)
        self.assertEqual(os.listdir(outdir), ["link.mov"])
        self.assertEqual(sorted(os.listdir(self.segs)),
                         sorted(n for n, _, _, _ in SEGMENTS))

    def test_print_skip_invalid(self):
        folder = os.path.join(WORK, "mixed-print")
        os.makedirs(folder)
        shutil.copy(seg_path("shot_020.mov"), folder)
        shutil.copy(os.path.join(WORK, "junk.mov"), folder)
        outdir = self.outdir("skip")
        output = os.path.join(outdir, "printed.mov")

        status, out, err = run("print", self.base, folder, "-o", output)
        self.assertEqual(status, 1)
        self.assertEqual(len(error_lines(err)), 1, err)
        self.assertIn("junk.mov", err)
        self.assertEqual(os.listdir(outdir), [])

        status, out, err = run("print", "--skip-invalid", self.base, folder,
                               "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        self.assertTrue(any("junk.mov" in l for l in warning_lines(err)))
        seg = os.path.join(folder, "shot_020.mov")
        self.md5s[seg] = self.md5s[seg_path("shot_020.mov")]
        os.remove(output)

        # nothing left to print: an error naming the output, not a copy of
        # the base
        only_junk = os.path.join(WORK, "only-junk")
        os.makedirs(only_junk)
        shutil.copy(os.path.join(WORK, "junk.mov"), only_junk)
        for segs in (only_junk, os.path.join(WORK, "empty-folder")):
            os.makedirs(segs, exist_ok=True)
            status, out, err = run("print", "--skip-invalid", self.base,
                                   segs, "-o", output)
            self.assertEqual(status, 1, err)
            self.assertEqual(len(error_lines(err)), 1, err)
            self.assertIn(output, error_lines(err)[0])
            self.assertIn("no segments", err)
            self.assertEqual(os.listdir(outdir), [])
        status, out, err = run("print", "--skip-invalid", self.base, folder,
                               "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(
            packet_md5s(output),
            self.expected_md5s([(seg, segment_record_in("01:00:01:10"),
                                 20)]))


def ffmpeg_movie(path, frames, tc, audio_codec=None, audio_rate=48000):
    """A ProRes 422 movie at 128x96, 25 fps, written by ffmpeg (GStreamer
    cannot write the sound descriptions these tests need), with a stereo
    sine track in audio_codec when given."""
    args = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
            "testsrc2=s=128x96:r=25"]
    if audio_codec is not None:
        args += ["-f", "lavfi", "-i",
                 "sine=frequency=440:sample_rate=%d" % audio_rate,
                 "-map", "0:v", "-map", "1:a", "-c:a", audio_codec,
                 "-ac", "2", "-shortest"]
    args += ["-frames:v", str(frames), "-c:v", "prores_ks", "-profile:v", "2",
             "-timecode", tc, str(path)]
    subprocess.run(args, check=True, timeout=300, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL)


def run_bounded(*args, deadline=60):
    """run(), but a CLI still running after deadline seconds is killed and
    reported as hung (an AssertionError), so that a hang fails the test."""
    proc = subprocess.Popen([CLI] + [str(a) for a in args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    try:
        out, err = proc.communicate(timeout=deadline)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError("proreswriter %s hung: still running after %d s"
                             % (" ".join(str(a) for a in args), deadline))
    return (proc.returncode, out.decode("utf-8", "replace"),
            err.decode("utf-8", "replace"))


class FloatAudioTest(unittest.TestCase):
    """Issue 12, C09: a base whose sound is floating-point PCM used to hang
    print for ever (0 % CPU), then was refused. Sound never passes through
    the muxer now: every sound track is copied as the base has it, so
    these bases print, every audio packet, sample description and edit
    list the base's, every video frame where the plan says, and nothing
    but the output left."""

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "float")
        os.makedirs(cls.dir)
        cls.fl32 = os.path.join(cls.dir, "base_pcm_f32le.mov")
        cls.lpcm = os.path.join(cls.dir, "base_pcm_f32le_96k.mov")
        cls.in24 = os.path.join(cls.dir, "base_pcm_s24le.mov")
        cls.lpcm24 = os.path.join(cls.dir, "base_pcm_s24le_96k.mov")
        cls.seg = os.path.join(cls.dir, "seg_0100.mov")
        ffmpeg_movie(cls.fl32, 50, "01:00:00:00", "pcm_f32le")
        ffmpeg_movie(cls.lpcm, 50, "01:00:00:00", "pcm_f32le", 96000)
        ffmpeg_movie(cls.in24, 50, "01:00:00:00", "pcm_s24le")
        ffmpeg_movie(cls.lpcm24, 50, "01:00:00:00", "pcm_s24le", 96000)
        ffmpeg_movie(cls.seg, 10, "01:00:01:00")
        for path, fourcc in ((cls.fl32, b"fl32"), (cls.lpcm, b"lpcm"),
                             (cls.in24, b"in24"), (cls.lpcm24, b"lpcm")):
            with open(path, "rb") as f:
                assert fourcc in f.read(), (path, fourcc)

    def outdir(self, name):
        path = os.path.join(self.dir, "out-" + name)
        os.makedirs(path)
        return path

    @staticmethod
    def sound(path):
        with open(path, "rb") as f:
            moov = parse_boxes(f.read())[-1]
        trak = traks(moov, b"soun")[0]
        stbl = trak.path(b"mdia", b"minf", b"stbl")
        return (stbl.child(b"stsd").payload, stbl.child(b"stts").payload,
                stbl.child(b"stsz").payload, read_edit_list(path, b"soun"))

    def assert_bit_exact(self, base, name):
        outdir = self.outdir(name)
        output = os.path.join(outdir, "out.mov")
        status, out, err = run_bounded("plan", base, self.seg)
        self.assertEqual(status, 0, err)
        status, out, err = run_bounded("print", base, self.seg, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(os.listdir(outdir), ["out.mov"])
        base_md5s, seg_md5s = packet_md5s(base), packet_md5s(self.seg)
        self.assertEqual(packet_md5s(output),
                         base_md5s[:25] + seg_md5s + base_md5s[35:])
        audio = stream_md5s(base, "0:a:0")
        self.assertGreater(len(audio), 0)
        self.assertEqual(stream_md5s(output, "0:a:0"), audio)
        self.assertEqual(self.sound(output), self.sound(base))

    def test_fl32_prints_bit_exact(self):
        self.assert_bit_exact(self.fl32, "fl32")

    def test_lpcm_float_prints_bit_exact(self):
        """32-bit float at 96 kHz: an 'lpcm' version 2 description, the
        float flag in it, which qtmux refused."""
        self.assert_bit_exact(self.lpcm, "lpcm")

    def test_lpcm_24_prints_bit_exact(self):
        """24-bit PCM at 96 kHz ('lpcm' version 2), on which qtmux 1.22
        stopped ("timestamps are drifting")."""
        self.assert_bit_exact(self.lpcm24, "lpcm24")

    def test_integer_pcm_still_prints(self):
        """24-bit integer PCM from the same writer ('in24' with 'enda')
        prints, every video frame where the plan says."""
        outdir = self.outdir("in24")
        output = os.path.join(outdir, "out.mov")
        status, out, err = run_bounded("print", self.in24, self.seg, "-o",
                                       output)
        self.assertEqual(status, 0, err)
        self.assertEqual(os.listdir(outdir), ["out.mov"])
        base, seg = packet_md5s(self.in24), packet_md5s(self.seg)
        self.assertEqual(packet_md5s(output), base[:25] + seg + base[35:])
        self.assertEqual(stream_md5s(output, "0:a:0"),
                         stream_md5s(self.in24, "0:a:0"))


def set_tmcd_samples(src, dest, values, counts):
    """Copies src (moov last) to dest with its timecode track holding one
    4-byte sample per value, lasting counts[i] timecode frames each, in a
    media data atom of their own before the moov."""
    with open(src, "rb") as f:
        data = f.read()
    top = parse_boxes(data)
    assert top[-1].kind == b"moov"
    moov = top[-1]
    head = b"".join(b.tobytes() for b in top[:-1])
    mdat = Box(b"mdat", b"".join(struct.pack(">I", v) for v in values))
    first = len(head) + 8
    trak = traks(moov, b"tmcd")[0]
    stbl = trak.path(b"mdia", b"minf", b"stbl")
    frame = struct.unpack_from(">I", stbl.child(b"stts").payload, 12)[0]
    stbl.child(b"stts").payload = struct.pack(
        ">II", 0, len(counts)) + b"".join(
            struct.pack(">II", 1, c * frame) for c in counts)
    stbl.child(b"stsz").payload = struct.pack(">III", 0, 4, len(values))
    stbl.child(b"stsc").payload = struct.pack(">IIIII", 0, 1, 1,
                                              len(values), 1)
    stbl.child(b"stco").payload = struct.pack(">III", 0, 1, first)
    with open(dest, "wb") as f:
        f.write(head + mdat.tobytes() + moov.tobytes())


class CopiedTimecodeTest(unittest.TestCase):
    """The output's timecode track is the base's as it is: a base whose
    timecode track has several samples (continuous here: 01:00:00:00,
    01:00:01:00, 01:00:02:00, 25 frames each) keeps every one, with its
    sample description and durations; its sound is the base's too."""

    def test_several_samples_kept(self):
        folder = os.path.join(WORK, "tmcd-samples")
        os.makedirs(folder)
        src = os.path.join(folder, "src.mov")
        base = os.path.join(folder, "base_3samples.mov")
        seg = os.path.join(folder, "seg.mov")
        ffmpeg_movie(src, 75, "01:00:00:00", "pcm_s24le")
        ffmpeg_movie(seg, 10, "01:00:01:05")
        set_tmcd_samples(src, base, [90000, 90025, 90050], [25, 25, 25])
        outdir = os.path.join(folder, "out")
        os.makedirs(outdir)
        output = os.path.join(outdir, "out.mov")
        status, out, err = run("print", base, seg, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(os.listdir(outdir), ["out.mov"])
        base_md5s, seg_md5s = packet_md5s(base), packet_md5s(seg)
        self.assertEqual(packet_md5s(output),
                         base_md5s[:30] + seg_md5s + base_md5s[40:])
        self.assertEqual(stream_md5s(output, "0:a:0"),
                         stream_md5s(base, "0:a:0"))

        def timecode(path):
            with open(path, "rb") as f:
                data = f.read()
            trak = traks(parse_boxes(data)[-1], b"tmcd")[0]
            stbl = trak.path(b"mdia", b"minf", b"stbl")
            count = struct.unpack_from(">I", stbl.child(b"stsz").payload,
                                       8)[0]
            offset = struct.unpack_from(">I", stbl.child(b"stco").payload,
                                        8)[0]
            samples = [struct.unpack_from(">I", data, offset + 4 * i)[0]
                       for i in range(count)]
            return (stbl.child(b"stsd").payload, stbl.child(b"stts").payload,
                    stbl.child(b"stsc").payload, samples)

        self.assertEqual(timecode(output)[3], [90000, 90025, 90050])
        self.assertEqual(timecode(output), timecode(base))


class ReelTest(unittest.TestCase):
    """Issue 12, C15: timecode alone does not tell camera rolls apart. A
    segment whose reel differs from the base's gets a warning naming both
    reels, in the plan's text and JSON and in print; none when the reels
    are equal or either has none."""

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "reels")
        os.makedirs(cls.dir)
        cls.base = os.path.join(cls.dir, "base_A001C003.mov")
        cls.other = os.path.join(cls.dir, "seg_B002C001.mov")
        cls.same = os.path.join(cls.dir, "seg_A001C003.mov")
        cls.none = os.path.join(cls.dir, "seg_noreel.mov")
        make_fixture(cls.base, "25/1", 50, tc="14:22:10:00", pattern="smpte",
                     reel="A001C003")
        make_fixture(cls.same, "25/1", 5, tc="14:22:10:05", pattern="colors",
                     reel="A001C003")
        make_fixture(cls.other, "25/1", 5, tc="14:22:10:20",
                     pattern="checkers-8", reel="B002C001")
        # written by GStreamer, whose qtmux names every reel "Tape": a
        # placeholder, not a reel
        make_fixture(cls.none, "25/1", 5, tc="14:22:11:10",
                     pattern="zone-plate")
        cls.want = ('seg_B002C001.mov: its reel "B002C001" differs from '
                    'the base\'s reel "A001C003"')

    def test_plan_text(self):
        status, out, err = run("plan", self.base, self.same, self.other,
                               self.none)
        self.assertEqual(status, 0, err)
        warnings = [l for l in (out + err).splitlines() if "its reel" in l]
        self.assertEqual(len(warnings), 1, out + err)
        self.assertTrue(warnings[0].endswith(self.want), warnings)

    def test_plan_json(self):
        status, out, err = run("plan", "--json", self.base, self.same,
                               self.other, self.none)
        self.assertEqual(status, 0, err)
        warnings = json.loads(out)["warnings"]
        self.assertEqual([w for w in warnings if "its reel" in w],
                         [w for w in warnings if w.endswith(self.want)])
        self.assertEqual(len([w for w in warnings if "its reel" in w]), 1,
                         warnings)

    def test_print_warns_and_verifies(self):
        outdir = os.path.join(self.dir, "out")
        os.makedirs(outdir)
        output = os.path.join(outdir, "out.mov")
        status, out, err = run("print", self.base, self.same, self.other,
                               self.none, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        reel = [l for l in warning_lines(err) if "its reel" in l]
        self.assertEqual(len(reel), 1, err)
        self.assertTrue(reel[0].endswith(self.want), err)
        status, out, err = run("verify", output, self.base, self.same,
                               self.other, self.none)
        self.assertEqual(status, 0, err)

    def test_field_reels_at_23976(self):
        """C15 as the field case has it: 23.976, a base of reel A001C003, a
        segment of the same reel at 14:22:11:00 (record 24), one of reel
        B002C001 at 14:22:11:12 (record 36), and one whose reel is a long
        unicode name at the same timecode. Each differing reel is named
        with the base's, once, in print; the frames land where the
        timecodes say, the output verifies, and nothing else is left."""
        folder = os.path.join(self.dir, "c15-23976")
        os.makedirs(folder)
        base = os.path.join(folder, "base_A001C003.mov")
        same = os.path.join(folder, "seg_A001C003.mov")
        other = os.path.join(folder, "seg_B002C001.mov")
        uni = os.path.join(folder, "seg_unicode_reel.mov")
        uni_reel = ("\u00dcn\u00efc\u00f8d\u00e9_A001C003_"
                    "verylongreelname_2024")
        make_fixture(base, "24000/1001", 72, tc="14:22:10:00",
                     pattern="black", reel="A001C003")
        make_fixture(same, "24000/1001", 10, tc="14:22:11:00",
                     pattern="smpte", reel="A001C003")
        make_fixture(other, "24000/1001", 10, tc="14:22:11:12",
                     pattern="checkers-8", reel="B002C001")
        make_fixture(uni, "24000/1001", 10, tc="14:22:11:12",
                     pattern="zone-plate", reel=uni_reel)
        base_md5s = packet_md5s(base)
        for name, segs, records, reels in (
                ("b", [same, other], [24, 36], ["B002C001"]),
                ("uni", [uni], [36], [uni_reel])):
            with self.subTest(case=name):
                outdir = os.path.join(folder, "out-" + name)
                os.makedirs(outdir)
                output = os.path.join(outdir, "out.mov")
                status, out, err = run("print", base, *segs, "-o", output)
                self.assertEqual(status, 0, err)
                self.assertEqual(error_lines(err), [], err)
                want = ["proreswriter: warning: %s: its reel \"%s\" differs "
                        "from the base's reel \"A001C003\""
                        % (os.path.basename(seg), reel)
                        for seg, reel in zip(segs[-len(reels):], reels)]
                self.assertEqual(
                    [l for l in warning_lines(err) if "its reel" in l], want)
                expected = list(base_md5s)
                for seg, record_in in zip(segs, records):
                    seg_md5s = packet_md5s(seg)
                    self.assertEqual(len(seg_md5s), 10)
                    expected[record_in:record_in + 10] = seg_md5s
                self.assertEqual(packet_md5s(output), expected)
                self.assertEqual(os.listdir(outdir), ["out.mov"])
                status, out, err = run("probe", "--json", output)
                self.assertEqual(status, 0, err)
                info = json.loads(out)[0]
                self.assertEqual((info["start_timecode"], info["frames"]),
                                 ("14:22:10:00", 72))
                status, out, err = run("verify", output, base, *segs)
                self.assertEqual(status, 0, err)
# ---------------------------------------------------------------------------
# Layouts from the field (issue 12) that are refused at probe: fragments
# (C11), data in another file (C17), several video tracks (C22, which a
# choice of track turns into a print). Inputs are made here: ffmpeg writes
# the real layouts, and a small box tree rewrites a movie's moov (moov is
# the last atom of every movie made here, so no sample moves).


def ffmpeg(*args):
    proc = subprocess.run(["ffmpeg", "-v", "error", "-y"] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("ffmpeg %s failed: %s" %
                           (" ".join(args),
                            proc.stderr.decode("utf-8", "replace")))


def stream_md5s(path, stream):
    """One md5 per packet of one stream (ffmpeg's -map, e.g. "0:v:1")."""
    proc = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-map",
                           stream, "-c", "copy", "-f", "framemd5", "-"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=300)
    if proc.returncode != 0:
        raise RuntimeError("ffmpeg framemd5 %s failed" % path)
    return [l.split(",")[-1].strip() for l in proc.stdout.decode().splitlines()
            if l.strip() and not l.startswith("#")]


BOX_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"dinf", b"stbl",
                  b"edts", b"tref", b"udta", b"mvex"}


class Box:
    """An atom: its children when it is a container, else its payload."""

    def __init__(self, kind, payload=b"", kids=None):
        self.kind, self.payload, self.kids = kind, payload, kids

    def child(self, kind):
        found = [k for k in self.kids if k.kind == kind]
        assert len(found) == 1, (kind, len(found))
        return found[0]

    def path(self, *kinds):
        box = self
        for kind in kinds:
            box = box.child(kind)
        return box

    def tobytes(self):
        body = (b"".join(k.tobytes() for k in self.kids)
                if self.kids is not None else self.payload)
        return struct.pack(">I4s", 8 + len(body), self.kind) + body


def parse_boxes(data, start=0, end=None):
    end = len(data) if end is None else end
    boxes, pos = [], start
    while pos + 8 <= end:
        size, kind = struct.unpack_from(">I4s", data, pos)
        assert size >= 8 and pos + size <= end, "unexpected box layout"
        if kind in BOX_CONTAINERS:
            boxes.append(Box(kind, kids=parse_boxes(data, pos + 8,
                                                    pos + size)))
        else:
            boxes.append(Box(kind, data[pos + 8:pos + size]))
        pos += size
    return boxes


def rewrite_moov(src, dest, edit):
    """Copies src to dest with edit(moov) applied; moov must be last."""
    with open(src, "rb") as f:
        data = f.read()
    top = parse_boxes(data)
    assert top[-1].kind == b"moov", "moov is not the last atom"
    edit(top[-1])
    with open(dest, "wb") as f:
        f.write(b"".join(b.tobytes() for b in top))


def traks(moov, handler):
    return [t for t in moov.kids if t.kind == b"trak" and
            t.path(b"mdia", b"hdlr").payload[8:12] == handler]


def track_id(trak):
    tkhd = trak.child(b"tkhd").payload
    return struct.unpack_from(">I", tkhd, 12 if tkhd[0] == 0 else 20)[0]


def set_data_ref(trak, entry_kind, flags, body):
    """The track's data reference atom holds one entry."""
    entry = struct.pack(">I4sI", 12 + len(body), entry_kind, flags) + body
    trak.path(b"mdia", b"minf", b"dinf", b"dref").payload = (
        struct.pack(">II", 0, 1) + entry)


def alias_record(name):
    """A Mac OS alias record whose file name (a Pascal string at byte 50)
    is name."""
    record = bytearray(150)
    struct.pack_into(">IHH", record, 0, 0, len(record), 2)
    record[50] = len(name)
    record[51:51 + len(name)] = name
    return bytes(record)


class FieldLayoutTest(unittest.TestCase):
    maxDiff = None
    n_refused = 0

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "field")
        os.makedirs(cls.dir)
        cls.base = os.path.join(WORK, "base.mov")
        # record 25-34 of the base; 128x96 ProRes 422 (apcn), as ffmpeg's
        # profile 2 writes it below
        cls.seg = cls.path("seg.mov")
        subprocess.run([FIXTURE, cls.seg, "--rate", "25/1", "--frames", "10",
                        "--tc", "01:00:01:00", "--pattern", "smpte",
                        "--profile", "standard"], check=True, timeout=300)
        cls.seg_a = seg_path("shot_010.mov")

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    def outdir(self, name):
        path = os.path.join(WORK, "out-field-" + name)
        os.makedirs(path)
        return path

    def assert_refused(self, movie, pattern, as_base=True, extra=()):
        """probe, plan and print refuse movie (as the base, else as a
        segment): exit 1, one error line naming it and matching pattern,
        and nothing written."""
        before = file_md5(movie)
        if as_base:
            inputs = [movie, self.seg_a]
        else:
            inputs = [self.base, movie]
        FieldLayoutTest.n_refused += 1
        outdir = self.outdir("%s-%s-%d" % (os.path.basename(movie),
                                           "base" if as_base else "seg",
                                           FieldLayoutTest.n_refused))
        for args in (["probe"] + list(extra) + [movie], ["plan"] + list(extra) + inputs,
                     ["print"] + list(extra) + inputs +
                     ["-o", os.path.join(outdir, "out.mov")]):
            with self.subTest(movie=os.path.basename(movie), cmd=args[0]):
                status, out, err = run(*args)
                self.assertEqual(status, 1, err)
                lines = error_lines(err)
                self.assertEqual(len(lines), 1, err)
                self.assertTrue(lines[0].startswith("proreswriter: " + movie +
                                                    ": "), err)
                self.assertRegex(lines[0], pattern)
                if args[0] == "probe":
                    self.assertEqual(out, "")
        self.assertEqual(os.listdir(outdir), [])
        self.assertEqual(file_md5(movie), before)

    # -- C11: fragments are refused, never counted short

    def test_fragmented_refused(self):
        plain = self.path("frag_src.mov")
        make_fixture(plain, "25/1", 12, tc="01:00:01:00", pattern="colors")
        layouts = {
            # the first samples in the moov, the rest in fragments
            "frag_keyframe.mov": ["-movflags", "frag_keyframe",
                                  "-frag_duration", "200000"],
            # every sample in fragments, offsets from each moof
            "frag_empty_moov.mov": ["-movflags",
                                    "frag_keyframe+empty_moov+"
                                    "default_base_moof",
                                    "-frag_duration", "200000"],
        }
        # GStreamer's own layout: qtmux with fragment-duration (qtmux 1.22
        # cannot add a timecode track to it: the fragments are refused
        # before the timecode is looked for)
        qtmux = self.path("frag_qtmux.mov")
        subprocess.run([FIXTURE, qtmux, "--rate", "25/1", "--frames", "12",
                        "--no-tc", "--fragment-duration", "200"],
                       check=True, timeout=300)
        self.assert_refused(qtmux, r"fragmented movie \(moof at offset "
                            r"\d+\); not supported$", as_base=False)
        self.assert_refused(qtmux, r"fragmented movie")
        for name, flags in layouts.items():
            movie = self.path(name)
            ffmpeg("-i", plain, "-map", "0", "-c", "copy", *flags, movie)
            self.assert_refused(movie, r"fragmented movie \(moof at offset "
                                r"\d+\); not supported$", as_base=False)
            self.assert_refused(movie, r"fragmented movie")

    # -- C17: data in another file

    def test_external_data_refused(self):
        """Any track's data reference that is not the movie itself: the
        message names the track and, where the entry names one, the file."""
        with_audio = os.path.join(WORK, "probe_a.mov")  # video, sound, tmcd
        cases = [
            ("ext_tc_url.mov", b"tmcd", b"url ", b"base.qtc\0",
             r"the timecode track \(track \d+\) keeps its data in another "
             r"file, \"base\.qtc\" \(a 'url ' data reference\); only "
             r"self-contained movies can be read$"),
            ("ext_video_alis.mov", b"vide", b"alis",
             alias_record(b"A001C003.mov"),
             r"the video track \(track \d+\) keeps its data in another "
             r"file, \"A001C003\.mov\" \(a 'alis' data reference\)"),
            ("ext_sound_url.mov", b"soun", b"url ", b"",
             r"the sound track \(track \d+\) keeps its data in another "
             r"file \(a 'url ' data reference that names none\)"),
        ]
        for name, handler, kind, body, pattern in cases:
            movie = self.path(name)

            def edit(moov):
                t = traks(moov, handler)
                self.assertEqual(len(t), 1)
                set_data_ref(t[0], kind, 0, body)
            rewrite_moov(with_audio, movie, edit)
            self.assert_refused(movie, pattern)

    def test_self_contained_url_is_read(self):
        """A 'url ' entry with the self-reference flag (ffmpeg's layout)
        is the movie itself."""
        movie = self.path("self_url.mov")
        rewrite_moov(self.seg_a, movie, lambda moov: [
            set_data_ref(t, b"url ", 1, b"") for t in traks(moov, b"vide") +
            traks(moov, b"tmcd")])
        status, out, err = run("probe", "--json", movie)
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)[0]["frames"], 20)

    # -- C22: several video tracks

    @classmethod
    def two_video_base(cls):
        """A grey matte (track 1), then the picture (track 2), and one
        timecode track: ffmpeg writes one tmcd per video track; the second
        and the second video track's reference to it are removed."""
        path = cls.path("two_video.mov")
        if os.path.exists(path):
            return path
        raw = cls.path("two_video_raw.mov")
        ffmpeg("-f", "lavfi", "-i", "color=gray:s=128x96:r=25",
               "-f", "lavfi", "-i", "testsrc2=s=128x96:r=25",
               "-map", "0:v", "-map", "1:v", "-frames:v", "40",
               "-c:v", "prores_ks", "-profile:v", "2",
               "-timecode", "01:00:00:00", raw)

        def edit(moov):
            video, tmcd = traks(moov, b"vide"), traks(moov, b"tmcd")
            assert [track_id(t) for t in video] == [1, 2], video
            assert len(tmcd) == 2
            moov.kids.remove(tmcd[1])
            video[1].kids = [k for k in video[1].kids if k.kind != b"tref"]
        rewrite_moov(raw, path, edit)
        return path

    def test_two_video_tracks_refused(self):
        base = self.two_video_base()
        n1, n2 = (len(stream_md5s(base, "0:v:%d" % i)) for i in (0, 1))
        self.assert_refused(
            base, r": 2 video tracks \(track 1: apcn 128x96, %d frames; "
            r"track 2: apcn 128x96, %d frames\); choose one by its track ID "
            r"\(--video-track ID\)$" % (n1, n2))
        # a track ID that is not a video track's
        self.assert_refused(base, r": no video track has ID 3 \(track 1: "
                            r".*; track 2: .*\)$",
                            extra=["--video-track", "3"])
        status, out, err = run("probe", "--video-track", "-2", base)
        self.assertEqual(status, 2, err)
        self.assertIn("--video-track", err)

    def test_two_video_tracks_two_timecodes_refused(self):
        """C22's base_2video as ffmpeg writes it: each video track with a
        timecode track of its own. Without a choice, refused listing the
        video tracks; nothing written."""
        self.two_video_base()
        raw = self.path("two_video_raw.mov")
        with open(raw, "rb") as f:
            moov = parse_boxes(f.read())[-1]
        self.assertEqual((len(traks(moov, b"vide")),
                          len(traks(moov, b"tmcd"))), (2, 2))
        n1, n2 = (len(stream_md5s(raw, "0:v:%d" % i)) for i in (0, 1))
        self.assert_refused(
            raw, r": 2 video tracks \(track 1: apcn 128x96, %d frames; "
            r"track 2: apcn 128x96, %d frames\); choose one by its track ID "
            r"\(--video-track ID\)$" % (n1, n2))

    def test_chosen_video_track_reads_its_own_timecode(self):
        """C22's base_2video with a choice: each video track has a timecode
        track of its own (ffmpeg's layout; here track 2's says 02:00:00:00,
        track 1's 01:00:00:00). The chosen track's reference ('tref'
        'tmcd') picks the timecode: a segment at 02:00:01:00 lands at
        record 25 of track 2, frame by frame, and the output's timecode
        track is track 2's; on track 1 the same segment lies outside the
        base. With one video track, two timecode tracks stay refused
        (bad-two-tc in the fault suite)."""
        self.two_video_base()
        raw = self.path("two_video_raw.mov")
        base = self.path("two_video_two_tc.mov")
        with open(raw, "rb") as f:
            data = bytearray(f.read())
        moov = parse_boxes(bytes(data))[-1]
        video, tmcd = traks(moov, b"vide"), traks(moov, b"tmcd")
        refs = [struct.unpack(">I", v.path(b"tref", b"tmcd").payload[:4])[0]
                for v in video]
        self.assertEqual(sorted(refs), sorted(track_id(t) for t in tmcd))
        own = [t for t in tmcd if track_id(t) == refs[1]][0]
        stbl = own.path(b"mdia", b"minf", b"stbl")
        (offset,) = struct.unpack_from(">I", stbl.child(b"stco").payload, 8)
        self.assertEqual(struct.unpack_from(">I", data, offset)[0], 90000)
        struct.pack_into(">I", data, offset, 180000)  # 02:00:00:00
        with open(base, "wb") as f:
            f.write(data)
        # ProRes 422 (apcn), as ffmpeg's profile 2 wrote the base
        seg = self.path("seg_0200.mov")
        subprocess.run([FIXTURE, seg, "--rate", "25/1", "--frames", "10",
                        "--tc", "02:00:01:00", "--pattern", "ball",
                        "--profile", "standard"], check=True, timeout=300)

        for track, tc in ((1, "01:00:00:00"), (2, "02:00:00:00")):
            status, out, err = run("probe", "--json", "--video-track", track,
                                   base)
            self.assertEqual((status, err), (0, ""))
            self.assertEqual(json.loads(out)[0]["start_timecode"], tc)

        picture = stream_md5s(base, "0:v:1")
        outdir = self.outdir("own-timecode")
        output = os.path.join(outdir, "out.mov")
        status, out, err = run("print", "--video-track", 2, base, seg, "-o",
                               output)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [], err)
        self.assertEqual(packet_md5s(output),
                         picture[:25] + packet_md5s(seg) + picture[35:])
        self.assertEqual(os.listdir(outdir), ["out.mov"])
        status, out, err = run("probe", "--json", output)
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out)[0]["start_timecode"], "02:00:00:00")
        with open(output, "rb") as f:
            out_data = f.read()
        (out_tmcd,) = traks(parse_boxes(out_data)[-1], b"tmcd")
        out_stbl = out_tmcd.path(b"mdia", b"minf", b"stbl")
        (out_offset,) = struct.unpack_from(
            ">I", out_stbl.child(b"stco").payload, 8)
        self.assertEqual(struct.unpack_from(">I", out_data, out_offset)[0],
                         180000)
        self.assertEqual(out_stbl.child(b"stsd").payload,
                         stbl.child(b"stsd").payload)
        status, out, err = run("verify", "--video-track", 2, output, base,
                               seg)
        self.assertEqual(status, 0, err)

        outdir = self.outdir("own-timecode-1")
        status, out, err = run("print", "--video-track", 1, base, seg, "-o",
                               os.path.join(outdir, "out.mov"))
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("proreswriter: " + seg + ": "),
                        err)
        self.assertIn("outside", lines[0])
        self.assertEqual(os.listdir(outdir), [])

    def test_chosen_video_track_is_printed(self):
        base = self.two_video_base()
        tracks = [stream_md5s(base, "0:v:%d" % i) for i in (0, 1)]
        self.assertNotEqual(tracks[0][:25], tracks[1][:25])
        seg = packet_md5s(self.seg)
        for track in (2, 1):
            with self.subTest(track=track):
                picture = tracks[track - 1]
                status, out, err = run("probe", "--json", "--video-track",
                                       track, base)
                self.assertEqual(status, 0, err)
                self.assertEqual(json.loads(out)[0]["frames"], len(picture))

                outdir = self.outdir("video-track-%d" % track)
                output = os.path.join(outdir, "out.mov")
                status, out, err = run("print", "--video-track", track, base,
                                       self.seg, "-o", output)
                self.assertEqual(status, 0, err)
                self.assertEqual(error_lines(err), [], err)
                # nothing dropped without a word
                self.assertEqual(warning_lines(err), [
                    "proreswriter: warning: %s: only video track %d is "
                    "read; any other video track of the base is not printed"
                    % (base, track)])
                expected = picture[:25] + seg + picture[35:]
                self.assertEqual(packet_md5s(output), expected)
                self.assertEqual(os.listdir(outdir), ["out.mov"])

                status, out, err = run("verify", "--video-track", track,
                                       output, base, self.seg)
                self.assertEqual(status, 0, err)
                # the other track does not verify
                status, out, err = run("verify", "--video-track", 3 - track,
                                       output, base, self.seg)
                self.assertEqual(status, 1, err)


def movie_timing(moov):
    """(movie time scale, video media time scale, video frame delta)."""
    mvhd = moov.child(b"mvhd").payload
    video = traks(moov, b"vide")[0]
    mdhd = video.path(b"mdia", b"mdhd").payload
    stts = video.path(b"mdia", b"minf", b"stbl", b"stts").payload
    assert mvhd[0] == 0 and mdhd[0] == 0
    return (struct.unpack_from(">I", mvhd, 12)[0],
            struct.unpack_from(">I", mdhd, 12)[0],
            struct.unpack_from(">I", stts, 12)[0])


def set_edit_list(trak, edits):
    """The track's edit list becomes edits: (duration in movie ticks, media
    time or -1, rate 16.16), as an elst version 0."""
    payload = struct.pack(">II", 0, len(edits)) + b"".join(
        struct.pack(">IiI", d, m, r) for d, m, r in edits)
    elst = Box(b"elst", payload)
    if any(k.kind == b"edts" for k in trak.kids):
        trak.child(b"edts").kids = [elst]
    else:
        at = [k.kind for k in trak.kids].index(b"tkhd") + 1
        trak.kids.insert(at, Box(b"edts", kids=[elst]))


def read_edit_list(path, handler):
    """[(duration, media time, rate)] of the first track of handler."""
    with open(path, "rb") as f:
        moov = parse_boxes(f.read())[-1]
    elst = traks(moov, handler)[0].path(b"edts", b"elst").payload
    count = struct.unpack_from(">I", elst, 4)[0]
    return [struct.unpack_from(">IiI", elst, 8 + 12 * i)
            for i in range(count)]


class EditListTest(unittest.TestCase):
    """Issue 12, C10: an edit list is exactly the identity, or honoured
    (only the frames it presents exist), or refused; a trimming edit used to
    be taken as the identity, and its hidden frames overwrote base frames.
    Inputs: a 12-frame segment at 01:00:01:00 (record 25) whose video edit
    list is rewritten here, with figures from its own mvhd/mdhd/stts."""

    SEG_FRAMES = 12
    RECORD_IN = 25
    n_refused = 0

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "elst")
        os.makedirs(cls.dir)
        cls.base = os.path.join(WORK, "base.mov")
        cls.src = os.path.join(cls.dir, "seg_src.mov")
        subprocess.run([FIXTURE, cls.src, "--rate", "25/1", "--frames",
                        str(cls.SEG_FRAMES), "--tc", "01:00:01:00",
                        "--pattern", "smpte"], check=True, timeout=300)
        # for ffmpeg's bases (ProRes 422, as ffmpeg_movie writes them)
        cls.src_422 = os.path.join(cls.dir, "seg_422.mov")
        subprocess.run([FIXTURE, cls.src_422, "--rate", "25/1", "--frames",
                        str(cls.SEG_FRAMES), "--tc", "01:00:01:00",
                        "--pattern", "smpte", "--profile", "standard"],
                       check=True, timeout=300)
        with open(cls.src, "rb") as f:
            cls.movie_ts, cls.media_ts, cls.delta = movie_timing(
                parse_boxes(f.read())[-1])
        # one frame in movie ticks (25 fps: exact for the scales used)
        assert cls.movie_ts % 25 == 0, cls.movie_ts
        cls.tick = cls.movie_ts // 25
        cls.seg_md5s = packet_md5s(cls.src)
        cls.base_md5s = packet_md5s(cls.base)
        assert len(set(cls.seg_md5s)) == cls.SEG_FRAMES

    def segment(self, name, edits, src=None):
        """A copy of the segment (or src) with its video edit list set to
        edits; checked by reading it back."""
        path = os.path.join(self.dir, name)
        rewrite_moov(src or self.src, path,
                     lambda moov: set_edit_list(traks(moov, b"vide")[0],
                                                edits))
        self.assertEqual(read_edit_list(path, b"vide"), list(edits))
        return path

    def outdir(self, name):
        path = os.path.join(WORK, "out-elst-" + name)
        os.makedirs(path)
        return path

    def assert_printed(self, seg, first, count, record_in=RECORD_IN,
                       tc="01:00:01:00"):
        """probe counts count frames from timecode tc; print places samples
        first..first + count - 1 at record_in on, every other frame is the
        base's; verify agrees."""
        status, out, err = run("probe", "--json", seg)
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)[0]["frames"], count)
        self.assertEqual(json.loads(out)[0]["start_timecode"], tc)
        outdir = self.outdir(os.path.basename(seg))
        output = os.path.join(outdir, "out.mov")
        status, out, err = run("print", self.base, seg, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [], err)
        expected = list(self.base_md5s)
        for k in range(count):
            expected[record_in + k] = self.seg_md5s[first + k]
        got = packet_md5s(output)
        self.assertEqual(len(got), BASE_FRAMES)
        # frame by frame, so that a failure names the record frame
        for r in range(BASE_FRAMES):
            self.assertEqual(got[r], expected[r], "record frame %d" % r)
        self.assertEqual(os.listdir(outdir), ["out.mov"])
        status, out, err = run("verify", output, self.base, seg)
        self.assertEqual(status, 0, err)

    def assert_refused(self, movie, pattern, inputs, commands):
        """Each command refuses with exit 1 and one error line naming movie
        and matching pattern; nothing is written."""
        EditListTest.n_refused += 1
        outdir = self.outdir("refused-%d-%s" % (EditListTest.n_refused,
                                                os.path.basename(movie)))
        for cmd in commands:
            args = [cmd] + inputs
            if cmd == "print":
                args += ["-o", os.path.join(outdir, "out.mov")]
            with self.subTest(movie=os.path.basename(movie), cmd=cmd):
                status, out, err = run(*args)
                self.assertEqual(status, 1, err)
                lines = error_lines(err)
                self.assertEqual(len(lines), 1, err)
                self.assertTrue(lines[0].startswith("proreswriter: " + movie +
                                                    ": "), err)
                self.assertRegex(lines[0], pattern)
        self.assertEqual(os.listdir(outdir), [])

    def test_trimtail_prints_only_the_presented_frames(self):
        # C10 seg_elst_trimtail: 10 of 12 frames; record 35, 36 stay base
        seg = self.segment("seg_trimtail.mov", [(10 * self.tick, 0, 0x10000)])
        self.assert_printed(seg, 0, 10)

    def test_trimhead_prints_only_the_presented_frames(self):
        # C10 seg_elst_skip2 (HandBrake): from the third frame to the end
        seg = self.segment("seg_trimhead.mov",
                           [(10 * self.tick, 2 * self.delta, 0x10000)])
        self.assert_printed(seg, 2, 10)

    def test_trimmed_both_ends(self):
        seg = self.segment("seg_trimboth.mov",
                           [(8 * self.tick, 1 * self.delta, 0x10000)])
        self.assert_printed(seg, 1, 8)

    def test_durations_rounded_up(self):
        # ffmpeg writes edit durations rounded up to the movie's time scale
        # (418 ms for 10 frames at 23.976): a tick over still presents
        # whole frames, and an edit within a frame of the end reaches it
        seg = self.segment("seg_round_full.mov",
                           [(12 * self.tick + 1, 0, 0x10000)])
        self.assert_printed(seg, 0, 12)
        seg = self.segment("seg_round_ten.mov",
                           [(10 * self.tick + 1, 0, 0x10000)])
        self.assert_printed(seg, 0, 10)
        seg = self.segment("seg_round_head.mov",
                           [(10 * self.tick - 1, 2 * self.delta, 0x10000)])
        self.assert_printed(seg, 2, 10)

    def test_timecode_edit_moves_the_start(self):
        # HandBrake-style: the video and the timecode both start 2 frames
        # into their media, so the first frame shown (sample 2) is labelled
        # 01:00:01:02 and lands at record 27
        def edit(moov, tmcd_media_time):
            video = traks(moov, b"vide")[0]
            set_edit_list(video, [(10 * self.tick, 2 * self.delta, 0x10000)])
            set_edit_list(traks(moov, b"tmcd")[0],
                          [(10 * self.tick, tmcd_media_time, 0x10000)])

        with open(self.src, "rb") as f:
            tmcd = traks(parse_boxes(f.read())[-1], b"tmcd")[0]
        tmcd_ts = struct.unpack_from(
            ">I", tmcd.path(b"mdia", b"mdhd").payload, 12)[0]
        self.assertEqual(tmcd_ts % 25, 0)
        frame = tmcd_ts // 25
        seg = os.path.join(self.dir, "seg_tc_edit.mov")
        rewrite_moov(self.src, seg, lambda moov: edit(moov, 2 * frame))
        self.assertEqual(read_edit_list(seg, b"tmcd")[0][1], 2 * frame)
        self.assert_printed(seg, 2, 10, record_in=27, tc="01:00:01:02")
        if frame > 1:
            seg = os.path.join(self.dir, "seg_tc_edit_off.mov")
            rewrite_moov(self.src, seg, lambda moov: edit(moov, frame // 2))
            self.assert_refused(
                seg, r": the timecode track \(track \d+\) has an edit list "
                r"\(.*\) that cannot be read: the edit does not start on a "
                r"timecode frame$", [seg], ["probe"])
            self.assert_refused(seg, r"timecode track", [self.base, seg],
                                ["plan", "print"])

    def test_other_edit_lists_refused(self):
        t, d = self.tick, self.delta
        cases = [
            ("seg_elst_empty1.mov", [(t, -1, 0x10000),
                                     (12 * t, 0, 0x10000)],
             r"\(2 edits; .*, with an empty edit\).*only one edit"),
            ("seg_elst_two.mov", [(5 * t, 0, 0x10000),
                                  (5 * t, 7 * d, 0x10000)],
             r"\(2 edits; .*\).*only one edit"),
            ("seg_elst_slow.mov", [(12 * t, 0, 0x8000)],
             r"at rate 32768/65536.*normal rate"),
            ("seg_elst_half.mov", [(10 * t + t // 2, 0, 0x10000)],
             r"not last a whole number of frames"),
            ("seg_elst_offframe.mov", [(10 * t, d // 2, 0x10000)],
             r"does not start on a frame"),
            ("seg_elst_beyond.mov", [(2 * t, 12 * d, 0x10000)],
             r"starts beyond the media's last frame"),
            ("seg_elst_long.mov", [(14 * t, 0, 0x10000)],
             r"lasts longer than the media"),
        ]
        for name, edits, why in cases:
            seg = self.segment(name, edits)
            self.assert_refused(
                seg, r": the video track has an edit list \(.*\) that does "
                r"not present one run of its 12 frames \(25/1 fps\) at "
                r"normal speed: .*" + why.split(".*")[-1],
                [seg], ["probe"])
            self.assertRegex(run("probe", seg)[2], why)
            self.assert_refused(seg, r"edit list", [self.base, seg],
                                ["plan", "print"])

    def test_trimmed_base_refused(self):
        # the base's frames come from the demuxer, which plays the edit its
        # own way: refused at plan and print, probe still reads it
        with open(self.base, "rb") as f:
            movie_ts = movie_timing(parse_boxes(f.read())[-1])[0]
        base = self.segment("base_trimtail.mov",
                            [(98 * (movie_ts // 25), 0, 0x10000)],
                            src=self.base)
        status, out, err = run("probe", "--json", base)
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)[0]["frames"], 98)
        self.assert_refused(
            base, r": the base's video edit list shows 98 of its 100 frames "
            r"\(from frame 0\); a base must present every frame it holds",
            [base, self.src], ["plan", "print"])

    def test_audio_priming_kept(self):
        # ffmpeg's AAC: an edit from media time 1024 (encoder priming). The
        # sound is copied as it is: the priming packet and the edit stay,
        # every packet the base's
        base = os.path.join(self.dir, "base_aac.mov")
        ffmpeg_movie(base, BASE_FRAMES, "01:00:00:00", audio_codec="aac")
        self.assertEqual(read_edit_list(base, b"soun")[0][1], 1024)
        outdir = self.outdir("aac")
        output = os.path.join(outdir, "out.mov")
        status, out, err = run("print", base, self.src_422, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(os.listdir(outdir), ["out.mov"])
        self.assertEqual(read_edit_list(output, b"soun"),
                         read_edit_list(base, b"soun"))
        audio = stream_md5s(base, "0:a:0")
        self.assertGreater(len(audio), 0)
        self.assertEqual(stream_md5s(output, "0:a:0"), audio)
        base_md5s, seg_md5s = packet_md5s(base), packet_md5s(self.src_422)
        self.assertEqual(
            packet_md5s(output),
            base_md5s[:self.RECORD_IN] + seg_md5s
            + base_md5s[self.RECORD_IN + self.SEG_FRAMES:])


class TimecodeSamplesTest(unittest.TestCase):
    """Issue 12, C01: a base whose timecode track holds several samples.
    Placement follows the timecode the base shows at each frame: with a
    break (01:00:00:00 for 25 frames, then 02:00:00:00 for 50), a segment
    at 02:00:00:05 lands on record 30, and one at 01:00:01:10, a timecode
    the base never shows, is refused as outside."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "c01")
        os.makedirs(cls.dir)
        cls.base = os.path.join(cls.dir, "base_2samples_break.mov")
        subprocess.run([FIXTURE, cls.base, "--rate", "25/1", "--frames",
                        "75", "--tc", "01:00:00:00", "--pattern", "black",
                        "--tmcd-samples", "90000:25,180000:50"],
                       check=True, timeout=300)
        cls.seg_a = os.path.join(cls.dir, "seg_A_0100_0110.mov")
        make_fixture(cls.seg_a, "25/1", 10, tc="01:00:01:10",
                     pattern="smpte")
        cls.seg_b = os.path.join(cls.dir, "seg_B_0200_0005.mov")
        make_fixture(cls.seg_b, "25/1", 10, tc="02:00:00:05",
                     pattern="ball")

    def tmcd_samples(self, path):
        """(value, duration in frames) of every timecode sample, read here
        from the tmcd trak's stts, stsz, stsc and stco."""
        with open(path, "rb") as f:
            data = f.read()
        moov = [b for b in parse_boxes(data) if b.kind == b"moov"][0]
        (trak,) = traks(moov, b"tmcd")
        mdhd = trak.path(b"mdia", b"mdhd").payload
        timescale = struct.unpack_from(">I", mdhd,
                                       12 if mdhd[0] == 0 else 20)[0]
        stbl = trak.path(b"mdia", b"minf", b"stbl")
        stts = stbl.child(b"stts").payload
        deltas = []
        for i in range(struct.unpack_from(">I", stts, 4)[0]):
            count, delta = struct.unpack_from(">II", stts, 8 + 8 * i)
            deltas += [delta] * count
        size, count = struct.unpack_from(">II", stbl.child(b"stsz").payload,
                                         4)
        self.assertEqual((size, count), (4, len(deltas)))
        stsc = stbl.child(b"stsc").payload
        self.assertEqual(struct.unpack_from(">IIII", stsc, 4),
                         (1, 1, count, 1))
        (offset,) = struct.unpack_from(">I", stbl.child(b"stco").payload, 8)
        values = struct.unpack_from(">%dI" % count, data, offset)
        # 25 labels a second at the media's time scale
        return [(v, d * 25 // timescale) for v, d in zip(values, deltas)]

    def test_fixture_has_two_samples(self):
        self.assertEqual(self.tmcd_samples(self.base),
                         [(90000, 25), (180000, 50)])

    def test_probe_shows_the_break(self):
        status, out, err = run("probe", "--json", self.base)
        self.assertEqual((status, err), (0, ""))
        info = json.loads(out)[0]
        self.assertEqual(info["start_timecode"], "01:00:00:00")
        self.assertEqual(info["timecode_runs"], [
            {"first_frame": 0, "frames": 25, "start_timecode": "01:00:00:00"},
            {"first_frame": 25, "frames": 50,
             "start_timecode": "02:00:00:00"}])

    def test_break_segment_b_prints_at_30(self):
        outdir = os.path.join(WORK, "out-c01-b")
        os.makedirs(outdir)
        out = os.path.join(outdir, "out.mov")
        status, plan, err = run("plan", "--json", self.base, self.seg_b)
        self.assertEqual((status, err), (0, ""))
        segment = json.loads(plan)["segments"][0]
        self.assertEqual((segment["record_in"], segment["record_out"]),
                         (30, 40))
        status, _, err = run("print", self.base, self.seg_b, "-o", out)
        self.assertEqual((status, err), (0, ""))
        base_md5 = packet_md5s(self.base)
        seg_md5 = packet_md5s(self.seg_b)
        expected = base_md5[:30] + seg_md5 + base_md5[40:]
        self.assertEqual(packet_md5s(out), expected)

    def test_break_segment_a_refused_outside(self):
        before = file_md5(self.base)
        outdir = os.path.join(WORK, "out-c01-a")
        os.makedirs(outdir)
        for args in (["plan", self.base, self.seg_a],
                     ["print", self.base, self.seg_a, "-o",
                      os.path.join(outdir, "out.mov")]):
            with self.subTest(cmd=args[0]):
                status, out, err = run(*args)
                self.assertEqual(status, 1, err)
                lines = error_lines(err)
                self.assertEqual(len(lines), 1, err)
                self.assertTrue(lines[0].startswith(
                    "proreswriter: " + self.seg_a + ": "), err)
                self.assertIn("outside", lines[0])
                self.assertEqual(out, "")
        self.assertEqual(os.listdir(outdir), [])
        # nor beside the inputs
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(os.path.basename(p) for p in
                                (self.base, self.seg_a, self.seg_b)))
        self.assertEqual(file_md5(self.base), before)

    def test_plan_lists_each_piece(self):
        """A segment cut by a base's break: the human plan gives a row per
        piece (its first frame's timecode, its frames, where they land),
        and the JSON lists the pieces also when a break leaves one piece
        that its record in and out do not describe."""
        work = os.path.join(WORK, "c01-pieces")
        os.makedirs(work)
        base = os.path.join(work, "base_jump.mov")
        # 01:00:00:00 for 25 frames, then 01:00:01:05 (5 labels skipped)
        subprocess.run([FIXTURE, base, "--rate", "25/1", "--frames", "50",
                        "--tc", "01:00:00:00", "--tmcd-samples",
                        "90000:25,90030:25"], check=True, timeout=300)
        seg = os.path.join(work, "seg_0100_0020.mov")
        make_fixture(seg, "25/1", 15, tc="01:00:00:20", pattern="ball")
        before = os.path.join(work, "seg_0059_5920.mov")
        make_fixture(before, "25/1", 10, tc="00:59:59:20", pattern="ball")
        status, out, err = run("probe", base)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("    01:00:00:00 from frame 0 (25 frames)\n"
                      "    01:00:01:05 from frame 25 (25 frames)\n", out)

        status, out, err = run("plan", base, seg)
        self.assertEqual((status, err), (0, ""))
        table = out.split("segments:\n")[1].split("\n\n")[0]
        rows = [line.split() for line in table.splitlines()[1:]]
        # frames 0-4 at record 20-24, 5-9 (01:00:01:00-04) nowhere, 10-14
        # at record 25-29
        self.assertEqual(rows, [
            ["1", "seg_0100_0020.mov", "01:00:00:20", "5", "01:00:00:20",
             "(20)", "01:00:01:05", "(25)"],
            ["01:00:01:05", "5", "01:00:01:05", "(25)", "01:00:01:10",
             "(30)"]])
        self.assertIn("warning: seg_0100_0020.mov: its frames 5-9 "
                      "(01:00:01:00-01:00:01:04; 5 frames)", out)
        status, out, err = run("plan", "--json", base, seg)
        self.assertEqual(status, 0, err)
        segment = json.loads(out)["segments"][0]
        self.assertEqual(segment["pieces"], [
            {"source_in": 0, "record_in": 20, "frames": 5},
            {"source_in": 10, "record_in": 25, "frames": 5}])

        # one piece, but not where record in says: frames 0-4
        # (00:59:59:20-24) are not in the base, 5-9 land at 0-4
        status, out, err = run("plan", "--json", base, before)
        self.assertEqual(status, 0, err)
        segment = json.loads(out)["segments"][0]
        self.assertEqual((segment["record_in"], segment["record_out"]),
                         (-5, 5))
        self.assertNotIn("pieces", segment)
        # on the break base: frames 5-9 (01:00:00:00-04) land at 0-4 of
        # 01:00:00:00, which starts at frame 0: one simple piece; on a
        # base that starts at 02:00:00:00 and breaks back to 01:00:00:00
        # at frame 25, they land at 25-29 while record in says 20
        back = os.path.join(work, "base_back.mov")
        subprocess.run([FIXTURE, back, "--rate", "25/1", "--frames", "50",
                        "--tc", "02:00:00:00", "--tmcd-samples",
                        "180000:25,90000:25"], check=True, timeout=300)
        status, out, err = run("plan", "--json", back, before)
        self.assertEqual(status, 0, err)
        segment = json.loads(out)["segments"][0]
        self.assertEqual((segment["record_in"], segment["record_out"]),
                         (20, 30))
        self.assertEqual(segment["pieces"], [
            {"source_in": 5, "record_in": 25, "frames": 5}])
        status, out, err = run("plan", back, before)
        self.assertEqual(status, 0, err)
        table = out.split("segments:\n")[1].split("\n\n")[0]
        rows = [line.split() for line in table.splitlines()[1:]]
        self.assertEqual(rows, [
            ["1", "seg_0059_5920.mov", "01:00:00:00", "5", "01:00:00:00",
             "(25)", "01:00:00:05", "(30)"]])

    def test_timecode_edit_into_a_later_sample(self):
        """An edit list on a timecode track with several samples: QuickTime
        shows the labels from the edit's media time on, in whichever
        sample it falls (an NLE's trim keeps the whole track). Into the
        second sample 5 frames on, the first frame is 02:00:00:05; into the
        first 20 frames on, 01:00:00:20 for 5 frames, then 02:00:00:00. An
        edit past the samples is refused."""
        work = os.path.join(WORK, "c01-edit")
        os.makedirs(work)
        with open(self.base, "rb") as f:
            moov = parse_boxes(f.read())[-1]
        movie_ts = movie_timing(moov)[0]
        tmcd = traks(moov, b"tmcd")[0]
        tmcd_ts = struct.unpack_from(
            ">I", tmcd.path(b"mdia", b"mdhd").payload, 12)[0]
        self.assertEqual((movie_ts % 25, tmcd_ts % 25), (0, 0))
        frame = tmcd_ts // 25

        def edited(name, media_frames):
            path = os.path.join(work, name)
            rewrite_moov(self.base, path, lambda moov: set_edit_list(
                traks(moov, b"tmcd")[0],
                [(75 * movie_ts // 25, media_frames * frame, 0x10000)]))
            return path

        later = edited("base_edit_30.mov", 30)
        status, out, err = run("probe", "--json", later)
        self.assertEqual((status, err), (0, ""))
        info = json.loads(out)[0]
        self.assertEqual(info["start_timecode"], "02:00:00:05")
        self.assertNotIn("timecode_runs", info)
        status, out, err = run("plan", "--json", later, self.seg_b)
        self.assertEqual((status, err), (0, ""))
        segment = json.loads(out)["segments"][0]
        self.assertEqual((segment["record_in"], segment["record_out"]),
                         (0, 10))

        first = edited("base_edit_20.mov", 20)
        status, out, err = run("probe", "--json", first)
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(json.loads(out)[0]["timecode_runs"], [
            {"first_frame": 0, "frames": 5, "start_timecode": "01:00:00:20"},
            {"first_frame": 5, "frames": 70,
             "start_timecode": "02:00:00:00"}])

        past = edited("base_edit_75.mov", 75)
        status, out, err = run("probe", past)
        self.assertEqual((status, out), (1, ""))
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertTrue(lines[0].startswith("proreswriter: " + past + ": "),
                        err)
        self.assertTrue(lines[0].endswith(
            "cannot be read: the edit starts after the timecode track's "
            "samples end"), err)

    def test_timecode_counted_in_its_own_frames(self):
        """29.97 as Final Cut Pro 7 wrote it: video and timecode at time
        scale 2997, 100 ticks a frame (the video is read as 30000/1001).
        The timecode's samples last whole frames of its own description
        (2997/100), not of 30000/1001, which drift one frame in 500000: an
        edit 599990 frames into the first sample shows 01:00:00:00 +
        599990 frames (06:33:19:20) for the sample's last 10 frames, then
        the second sample's 02:00:00:00."""
        work = os.path.join(WORK, "c01-fcp7")
        os.makedirs(work)
        src = os.path.join(work, "src.mov")
        subprocess.run([FIXTURE, src, "--rate", "30000/1001", "--frames",
                        "30", "--tmcd-samples", "108000:600000,216000:100"],
                       check=True, timeout=300)
        base = os.path.join(work, "base_2997.mov")

        def rescale(moov):
            movie_ts = movie_timing(moov)[0]
            for handler in (b"vide", b"tmcd"):
                trak = traks(moov, handler)[0]
                mdhd = trak.path(b"mdia", b"mdhd")
                stts = trak.path(b"mdia", b"minf", b"stbl", b"stts")
                payload = bytearray(stts.payload)
                for i in range(struct.unpack_from(">I", payload, 4)[0]):
                    count, delta = struct.unpack_from(">II", payload,
                                                      8 + 8 * i)
                    self.assertEqual(delta % 1001, 0)
                    struct.pack_into(">I", payload, 12 + 8 * i,
                                     delta // 1001 * 100)
                stts.payload = bytes(payload)
                payload = bytearray(mdhd.payload)
                self.assertEqual(payload[0], 0)
                duration = struct.unpack_from(">I", payload, 16)[0]
                struct.pack_into(">II", payload, 12, 2997,
                                 duration * 2997 // 30000)
                mdhd.payload = bytes(payload)
            tmcd = traks(moov, b"tmcd")[0]
            stsd = tmcd.path(b"mdia", b"minf", b"stbl", b"stsd")
            payload = bytearray(stsd.payload)
            self.assertEqual(payload[12:16], b"tmcd")
            struct.pack_into(">II", payload, 32, 2997, 100)
            stsd.payload = bytes(payload)
            set_edit_list(tmcd, [(30 * movie_ts * 1001 // 30000,
                                  599990 * 100, 0x10000)])

        rewrite_moov(src, base, rescale)
        status, out, err = run("probe", "--json", base)
        self.assertEqual((status, err), (0, ""))
        info = json.loads(out)[0]
        self.assertEqual((info["rate"], info["frames"]), ("30000/1001", 30))
        self.assertEqual(info["timecode_runs"], [
            {"first_frame": 0, "frames": 10, "start_timecode": "06:33:19:20"},
            {"first_frame": 10, "frames": 20,
             "start_timecode": "02:00:00:00"}])

    def test_repeated_timecode_refused_only_where_touched(self):
        """The kind's last member: a base whose count repeats (01:00:00:00
        for 25 frames, then 01:00:00:10 for 25, then 02:00:00:00), so
        01:00:00:10-24 show twice. A segment at 01:00:00:05-09 prints at
        record 5, frame by frame; one at 01:00:00:08 touches 01:00:00:10 and
        is refused, naming both record frames; nothing written."""
        work = os.path.join(WORK, "c01-repeat")
        os.makedirs(work)
        base = os.path.join(work, "base_repeat.mov")
        subprocess.run([FIXTURE, base, "--rate", "25/1", "--frames", "75",
                        "--tmcd-samples", "90000:25,90010:25,180000:25"],
                       check=True, timeout=300)
        self.assertEqual(self.tmcd_samples(base),
                         [(90000, 25), (90010, 25), (180000, 25)])
        clear = os.path.join(work, "seg_0100_0005.mov")
        make_fixture(clear, "25/1", 5, tc="01:00:00:05", pattern="smpte")
        touches = os.path.join(work, "seg_0100_0008.mov")
        make_fixture(touches, "25/1", 5, tc="01:00:00:08", pattern="ball")

        outdir = os.path.join(work, "out")
        os.makedirs(outdir)
        output = os.path.join(outdir, "out.mov")
        status, out, err = run("print", base, clear, "-o", output)
        self.assertEqual((status, err), (0, ""))
        base_md5s = packet_md5s(base)
        self.assertEqual(packet_md5s(output),
                         base_md5s[:5] + packet_md5s(clear) + base_md5s[10:])
        self.assertEqual(self.tmcd_samples(output),
                         [(90000, 25), (90010, 25), (180000, 25)])
        status, out, err = run("verify", output, base, clear)
        self.assertEqual(status, 0, err)

        refused = os.path.join(work, "refused")
        os.makedirs(refused)
        for args in (["plan", base, touches],
                     ["print", base, touches, "-o",
                      os.path.join(refused, "out.mov")]):
            with self.subTest(cmd=args[0]):
                status, out, err = run(*args)
                self.assertEqual((status, out), (1, ""), err)
                lines = error_lines(err)
                self.assertEqual(lines, [
                    "proreswriter: %s: its frame 2 (01:00:00:10) cannot be "
                    "placed: the base %s shows 01:00:00:10 twice, at record "
                    "frames 10 and 25" % (touches, base)], err)
        self.assertEqual(os.listdir(refused), [])
        self.assertEqual(sorted(os.listdir(work)),
                         ["base_repeat.mov", "out", "refused",
                          "seg_0100_0005.mov", "seg_0100_0008.mov"])

    def test_probe_run_of_one_frame(self):
        work = os.path.join(WORK, "c01-one")
        os.makedirs(work)
        base = os.path.join(work, "base_one.mov")
        subprocess.run([FIXTURE, base, "--rate", "25/1", "--frames", "30",
                        "--tmcd-samples", "90000:1,180000:29"], check=True,
                       timeout=300)
        seg = os.path.join(work, "seg_0200_0000.mov")
        make_fixture(seg, "25/1", 5, tc="02:00:00:00", pattern="ball")
        for cmd in (["probe", base], ["plan", base, seg]):
            with self.subTest(cmd=cmd[0]):
                status, out, err = run(*cmd)
                self.assertEqual((status, err), (0, ""))
                self.assertIn("01:00:00:00 from frame 0 (1 frame)\n", out)
                self.assertIn("02:00:00:00 from frame 1 (29 frames)\n", out)


class LayersTest(unittest.TestCase):
    """--vfx PATH (repeatable) and --handles N: a segment's first and last N
    frames are handles; a core frame beats a handle whatever the layer,
    then VFX beats grade, then the later in name order. The expected owner
    of every record frame is computed here from those rules alone."""

    HANDLES = 2
    # name, folder, start timecode, frames, pattern: the grades' handles
    # overlap each other, vfx_1's core lies over both grades' frames, its
    # handles under their core frames; vfx_2 overlaps vfx_1 on the same
    # layer, and is later in name order.
    SHOTS = [
        ("grade_a.mov", "grades", "01:00:00:05", 12, "smpte"),
        ("grade_b.mov", "grades", "01:00:00:15", 12, "ball"),
        ("vfx_1.mov", "vfx", "01:00:00:12", 8, "snow"),
        ("vfx_2.mov", "vfx", "01:00:01:00", 6, "zone-plate"),
    ]

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "layers")
        for sub in ("grades", "vfx"):
            os.makedirs(os.path.join(cls.dir, sub))
        cls.base = os.path.join(cls.dir, "base.mov")
        make_fixture(cls.base, "25/1", BASE_FRAMES, tc=BASE_TC,
                     pattern="black")
        cls.md5s = {"base": packet_md5s(cls.base)}
        for name, sub, tc, frames, pattern in cls.SHOTS:
            path = cls.path(name)
            make_fixture(path, "25/1", frames, tc=tc, pattern=pattern)
            cls.md5s[path] = packet_md5s(path)
        cls.grades = os.path.join(cls.dir, "grades")

    @classmethod
    def path(cls, name):
        sub = [s for n, s, _, _, _ in cls.SHOTS if n == name][0]
        return os.path.join(cls.dir, sub, name)

    def owners(self, handles, with_vfx=True):
        """(source, source frame, layer, handle) per record frame, from
        the rules; segments in plan order (the grades, then the VFX)."""
        owners = [("base", r, "base", False) for r in range(BASE_FRAMES)]
        best = [None] * BASE_FRAMES
        for index, (name, sub, tc, frames, _) in enumerate(self.SHOTS):
            layer = "vfx" if sub == "vfx" else "grade"
            if layer == "vfx" and not with_vfx:
                continue
            record_in = segment_record_in(tc)
            for k in range(frames):
                r = record_in + k
                if not 0 <= r < BASE_FRAMES:
                    continue
                handle = k < handles or k >= frames - handles
                key = (not handle, layer == "vfx", index)
                if best[r] is None or key > best[r]:
                    best[r] = key
                    owners[r] = (self.path(name), k, layer, handle)
        return owners

    def ranges(self, owners):
        ranges = []
        for r, (source, frame, layer, handle) in enumerate(owners):
            last = ranges[-1] if ranges else None
            if (last is not None and last["source"] == source
                    and last["source_in"] + last["frames"] == frame
                    and last["handle"] == handle):
                last["frames"] += 1
                last["record_out"] += 1
            else:
                ranges.append({"source": source, "source_in": frame,
                               "record_in": r, "record_out": r + 1,
                               "frames": 1, "layer": layer,
                               "handle": handle})
        return ranges

    def vfx_args(self):
        return ["--vfx", self.path("vfx_1.mov"), "--vfx",
                self.path("vfx_2.mov")]

    def test_plan_json(self):
        status, out, err = run("plan", "--json", self.base, self.grades,
                               *self.vfx_args(), "--handles", self.HANDLES)
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        self.assertEqual(set(plan), {"base", "handles", "segments", "ranges",
                                     "warnings"})
        self.assertEqual(plan["handles"], self.HANDLES)
        self.assertEqual([(s["path"], s["layer"]) for s in plan["segments"]],
                         [(self.path(n), "vfx" if sub == "vfx" else "grade")
                          for n, sub, _, _, _ in self.SHOTS])
        owners = self.owners(self.HANDLES)
        self.assertEqual(plan["ranges"], self.ranges(owners))
        # the picture: vfx_1's core over the grades, its handles under
        # grade_a's core (record 12-13) and grade_b's (18-19)
        self.assertEqual(owners[14][0], self.path("vfx_1.mov"))
        self.assertEqual(owners[12][0], self.path("grade_a.mov"))
        self.assertEqual(owners[18][0], self.path("grade_b.mov"))
        self.assertIn("vfx_1.mov (VFX): its handles yield to the core frames "
                      "of grade_a.mov (grade) on record frames 12-13 "
                      "(01:00:00:12-01:00:00:13; 2 frames)",
                      plan["warnings"])
        self.assertIn("vfx_1.mov (VFX): its handles yield to the core frames "
                      "of grade_b.mov (grade) on record frames 18-19 "
                      "(01:00:00:18-01:00:00:19; 2 frames)",
                      plan["warnings"])

    def test_vfx_folder_and_no_handles(self):
        status, out, err = run("plan", "--json", self.base, self.grades,
                               "--vfx", os.path.join(self.dir, "vfx"))
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        # a VFX layer shows layers, with handles 0
        self.assertEqual(plan["handles"], 0)
        self.assertEqual(plan["ranges"], self.ranges(self.owners(0)))
        self.assertTrue(all(not r["handle"] for r in plan["ranges"]))

    def test_handles_alone(self):
        status, out, err = run("plan", "--json", self.base, self.grades,
                               "--handles", "3")
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        self.assertEqual(plan["handles"], 3)
        self.assertEqual(plan["ranges"],
                         self.ranges(self.owners(3, with_vfx=False)))
        # grade_a's head and tail, grade_b's head (over grade_a's tail
        # from record 15: the later) and tail
        self.assertEqual([(r["record_in"], r["frames"]) for r in
                          plan["ranges"] if r["handle"]],
                         [(5, 3), (14, 1), (15, 3), (24, 3)])

    def test_plan_text(self):
        status, out, err = run("plan", self.base, self.grades,
                               *self.vfx_args(), "--handles", self.HANDLES)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("handles: the first and last 2 frames of every "
                      "segment\n", out)
        self.assertRegex(out, r"record in +record out +frames +source +"
                              r"source in +layer +part\n")
        # vfx_1's core: record 14-17 (its frames 2-5)
        self.assertRegex(out, r"01:00:00:14 \(14\) +01:00:00:18 \(18\) +4 +"
                              r"vfx_1\.mov +2 +vfx +core\n")
        self.assertRegex(out, r"01:00:00:05 \(5\) +01:00:00:07 \(7\) +2 +"
                              r"grade_a\.mov +0 +grade +handle\n")
        self.assertRegex(out, r"vfx_1\.mov .* vfx\n")
        self.assertIn("warning: vfx_1.mov (VFX): its handles yield to the "
                      "core frames of grade_a.mov (grade)", out)

    def test_print_and_verify(self):
        outdir = os.path.join(self.dir, "out-print")
        os.makedirs(outdir)
        output = os.path.join(outdir, "printed.mov")
        args = [self.base, self.grades] + self.vfx_args() + [
            "--handles", str(self.HANDLES)]
        status, out, err = run("print", "--json", *args, "-o", output)
        self.assertEqual(status, 0, err)
        # each warning on stderr names the file it is about
        for line in json_lines(err):
            warning = line["warning"]
            self.assertEqual(
                warning["file"],
                self.path(warning["message"].split(" ")[0].rstrip(":")),
                warning)
        owners = self.owners(self.HANDLES)
        self.assertEqual(json.loads(out)["ranges"], self.ranges(owners))
        self.assertEqual(packet_md5s(output),
                         [self.md5s[source][frame]
                          for source, frame, _, _ in owners])
        self.assertEqual(os.listdir(outdir), ["printed.mov"])

        status, out, err = run("verify", output, *args)
        self.assertEqual(status, 0, err)
        self.assertEqual(out, "verified %s: %d frames match the plan; "
                         "timecode 01:00:00:00\n" % (output, BASE_FRAMES))
        # without the layers and handles it is another plan
        status, out, err = run("verify", output, self.base, self.grades)
        self.assertEqual((status, out), (1, ""))
        self.assertEqual(len(error_lines(err)), 1, err)

    def test_only_vfx(self):
        status, out, err = run("plan", "--json", self.base,
                               "--vfx", self.path("vfx_1.mov"))
        self.assertEqual((status, err), (0, ""))
        plan = json.loads(out)
        self.assertEqual([s["layer"] for s in plan["segments"]], ["vfx"])

    def test_usage(self):
        for command, extra in (("plan", []), ("print", ["-o", "x.mov"]),
                               ("verify", [])):
            operands = ([os.path.join(self.dir, "x.mov")]
                        if command == "verify" else [])
            with self.subTest(command=command):
                status, out, err = run(command, *operands, self.base,
                                       self.grades, "--handles", "-1",
                                       *extra)
                self.assertEqual((status, out), (2, ""))
                self.assertIn("--handles", err)
                status, out, err = run(command, *operands, self.base,
                                       self.grades, "--handles", "two",
                                       *extra)
                self.assertEqual((status, out), (2, ""))
        # no segments at all: still a usage error
        status, out, err = run("plan", self.base, "--handles", "2")
        self.assertEqual((status, out), (2, ""))
        self.assertIn("no SEGMENT_OR_DIR", err)

    def test_bad_vfx_file(self):
        status, out, err = run("plan", self.base, self.grades, "--vfx",
                               os.path.join(WORK, "junk.mov"))
        self.assertEqual((status, out), (1, ""))
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn("junk.mov", lines[0])


class PrintReportRefusedUpFront(unittest.TestCase):
    """A colorist's finding: print --report naming the output, the base or
    a segment (given, or found in a folder given), or a folder, was refused
    only after the whole print had been written (exit 1). It is a usage
    error (exit 2) before anything is written."""

    def test_report_naming_a_movie_of_the_print(self):
        d = tempfile.mkdtemp(prefix="report-", dir=WORK)
        base = os.path.join(WORK, "base.mov")
        seg = seg_path("shot_010.mov")
        folder = os.path.join(d, "grades")
        os.mkdir(folder)
        in_folder = os.path.join(folder, "shot_020.mov")
        shutil.copyfile(seg_path("shot_020.mov"), in_folder)
        output = os.path.join(d, "printed.mov")
        inputs = {p: file_md5(p) for p in (base, seg, in_folder)}
        never = "the splice report never replaces a movie it shows"
        for report, line in (
                (output, "--report %s: is the output -o %s; the splice "
                 "report needs a file of its own" % (output, output)),
                (base, "--report %s: is the base %s; %s" % (base, base, never)),
                (seg, "--report %s: is the segment %s; %s" % (seg, seg,
                                                              never)),
                # another name of it
                (os.path.join(WORK, "segs", ".", "shot_010.mov"),
                 "--report %s: is the segment %s; %s" % (
                     os.path.join(WORK, "segs", ".", "shot_010.mov"), seg,
                     never)),
                (in_folder, "--report %s: is the segment %s; %s" % (
                    in_folder, in_folder, never)),
                (d, "--report %s: is a folder; --report names the HTML page "
                 "written" % d)):
            for extra in ([], ["--force"]):
                with self.subTest(report=report, extra=extra):
                    status, out, err = run("print", base, seg, folder, "-o",
                                           output, "--report", report,
                                           *extra)
                    self.assertEqual((status, out), (2, ""), err)
                    self.assertEqual(err.splitlines()[0],
                                     "proreswriter: " + line)
                    self.assertEqual(sorted(os.listdir(d)), ["grades"])
                    status, out, err = run("print", "--json", base, seg,
                                           folder, "-o", output, "--report",
                                           report, *extra)
                    self.assertEqual((status, out), (2, ""), err)
                    self.assertEqual(json_lines(err), [{"error": {
                        "code": "usage", "file": None, "message": line}}])
        self.assertEqual({p: file_md5(p) for p in inputs}, inputs)
        self.assertEqual(sorted(os.listdir(d)), ["grades"])
        # a page of its own: printed, then written
        page = os.path.join(d, "page.html")
        status, out, err = run("print", base, seg, folder, "-o", output,
                               "--report", page)
        self.assertEqual(status, 0, err)
        self.assertTrue(out.endswith("\nwrote %s\n" % page), out)
        self.assertEqual(sorted(os.listdir(d)),
                         ["grades", "page.html", "printed.mov"])


class ReportUnwritableRefusedUpFront(unittest.TestCase):
    """A colorist's finding: print --report R when R exists (without
    --force) or R's folder is missing, no folder or not writable ran the
    whole print, then said "report not written (OUT was printed)". Such a
    report is refused before anything is written, as an existing -o is:
    exit 1, one line naming R and why, no output movie and no temporary
    file. `report -o R` refuses it before it verifies or decodes anything
    (shown with an OUTPUT that is no movie: its error would come first
    otherwise)."""

    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="report-refused-", dir=WORK)
        self.base = os.path.join(WORK, "base.mov")
        self.seg = seg_path("shot_010.mov")
        self.output = os.path.join(self.d, "printed.mov")
        self.existing = os.path.join(self.d, "existing.html")
        with open(self.existing, "w") as f:
            f.write("an earlier page\n")
        with open(os.path.join(self.d, "notes.txt"), "w") as f:
            f.write("not a folder\n")
        self.ro = os.path.join(self.d, "ro")
        os.mkdir(self.ro)
        os.chmod(self.ro, 0o555)
        self.listing = sorted(os.listdir(self.d))
        self.inputs = {p: file_md5(p) for p in (self.base, self.seg)}

    def tearDown(self):
        os.chmod(self.ro, 0o755)
        shutil.rmtree(self.d, ignore_errors=True)

    def cases(self):
        """(report path, the error's code, its message)"""
        missing = os.path.join(self.d, "no such folder")
        notes = os.path.join(self.d, "notes.txt")
        return [
            (self.existing, "output-exists",
             "%s: exists; use --force to replace it" % self.existing),
            (os.path.join(missing, "r.html"), "not-found",
             "%s: its folder %s does not exist" % (
                 os.path.join(missing, "r.html"), missing)),
            (os.path.join(notes, "r.html"), "not-found",
             "%s: its folder %s is not a folder" % (
                 os.path.join(notes, "r.html"), notes)),
            (os.path.join(self.ro, "r.html"), "permission-denied",
             "%s: its folder %s cannot be written: Permission denied" % (
                 os.path.join(self.ro, "r.html"), self.ro)),
        ]

    def run_cli(self, *args, unprivileged=False):
        """Runs the CLI; unprivileged: as root, as uid 65534 (setpriv),
        for whom a folder of mode 555 is not writable (root writes
        anywhere)."""
        if not unprivileged or os.geteuid() != 0:
            return run(*args)
        self.assertIsNotNone(shutil.which("setpriv"),
                             "setpriv (util-linux) is missing")
        home = os.path.join(WORK, "nobody-home")
        os.makedirs(home, exist_ok=True)
        os.chmod(home, 0o777)
        for folder in (WORK, os.path.join(WORK, "segs"), self.d):
            os.chmod(folder, 0o755)
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home,
                   GST_REGISTRY=os.path.join(home, "registry.bin"))
        proc = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             "--", CLI] + [str(a) for a in args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, env=env, timeout=300)
        return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
                proc.stderr.decode("utf-8", "replace"))

    def assert_nothing_written(self):
        # no output, no temporary file (".NAME.prw-XXXXXX") anywhere
        self.assertEqual(sorted(os.listdir(self.d)), self.listing)
        self.assertEqual(os.listdir(self.ro), [])
        with open(self.existing) as f:
            self.assertEqual(f.read(), "an earlier page\n")
        self.assertEqual({p: file_md5(p) for p in self.inputs}, self.inputs)

    def test_print_refuses_before_printing(self):
        for report, code, message in self.cases():
            unprivileged = report.startswith(self.ro)
            with self.subTest(report=report):
                status, out, err = self.run_cli(
                    "print", self.base, self.seg, "-o", self.output,
                    "--report", report, unprivileged=unprivileged)
                self.assertEqual((status, out), (1, ""), err)
                self.assertEqual(err, "proreswriter: %s\n" % message)
                self.assert_nothing_written()
                status, out, err = self.run_cli(
                    "print", "--json", self.base, self.seg, "-o",
                    self.output, "--report", report,
                    unprivileged=unprivileged)
                self.assertEqual((status, out), (1, ""), err)
                self.assertEqual(json_lines(err), [{"error": {
                    "code": code, "file": report, "message": message}}])
                self.assert_nothing_written()

    def test_print_force_replaces_the_report(self):
        status, out, err = run("print", self.base, self.seg, "-o",
                               self.output, "--report", self.existing,
                               "--force")
        self.assertEqual(status, 0, err)
        self.assertTrue(out.endswith("\nwrote %s\n" % self.existing), out)
        with open(self.existing) as f:
            self.assertIn("<html", f.read())
        self.assertEqual(sorted(os.listdir(self.d)),
                         sorted(self.listing + ["printed.mov"]))

    def test_report_refuses_before_verifying_or_decoding(self):
        junk = os.path.join(WORK, "junk.mov")
        for report, code, message in self.cases():
            unprivileged = report.startswith(self.ro)
            with self.subTest(report=report):
                status, out, err = self.run_cli(
                    "report", junk, self.base, self.seg, "-o", report,
                    "--verify", unprivileged=unprivileged)
                self.assertEqual((status, out), (1, ""), err)
                self.assertEqual(err, "proreswriter: %s\n" % message)
                self.assert_nothing_written()
                status, out, err = self.run_cli(
                    "report", "--json", junk, self.base, self.seg, "-o",
                    report, unprivileged=unprivileged)
                self.assertEqual((status, out), (1, ""), err)
                self.assertEqual(json_lines(err), [{"error": {
                    "code": code, "file": report, "message": message}}])
                self.assert_nothing_written()

    def test_link_to_nothing_refused_before_printing(self):
        """A symbolic link to nothing at REPORT (not the output's name: that
        one is a usage error) takes its name: the writer, without --force,
        refuses to replace it ("appeared while it was written"), which came
        only after the whole print or decoding. It is refused before, as an
        existing REPORT is; --force replaces the link, not what it names."""
        link = os.path.join(self.d, "linked.html")
        target = os.path.join(self.d, "gone", "page.html")
        os.symlink(target, link)
        listing = sorted(os.listdir(self.d))
        message = ("%s: exists, a symbolic link to nothing; use --force to "
                   "replace it" % link)
        junk = os.path.join(WORK, "junk.mov")
        for args in (("print", self.base, self.seg, "-o", self.output,
                      "--report", link),
                     ("report", junk, self.base, self.seg, "-o", link)):
            with self.subTest(command=args[0]):
                status, out, err = run(*args)
                self.assertEqual((status, out), (1, ""), err)
                self.assertEqual(err, "proreswriter: %s\n" % message)
                self.assertEqual(sorted(os.listdir(self.d)), listing)
                self.assertEqual(os.readlink(link), target)
                status, out, err = run(args[0], "--json", *args[1:])
                self.assertEqual((status, out), (1, ""), err)
                self.assertEqual(json_lines(err), [{"error": {
                    "code": "output-exists", "file": link,
                    "message": message}}])
                self.assertEqual(sorted(os.listdir(self.d)), listing)
        status, out, err = run("print", self.base, self.seg, "-o",
                               self.output, "--report", link, "--force")
        self.assertEqual(status, 0, err)
        self.assertFalse(os.path.islink(link))
        with open(link) as f:
            self.assertIn("<html", f.read())
        self.assertFalse(os.path.exists(target))


class SubfoldersTest(unittest.TestCase):
    """A colorist's finding: a folder given as SEGMENT_OR_DIR contributes
    its own files only, and a folder inside it was passed over in silence
    (a render laid out in folders printed nothing, and verify said
    "verified"). Each such folder is now a warning line naming it; its
    files are still not taken (an "old" folder of earlier versions must not
    be printed unasked)."""

    def test_folder_inside_a_segment_folder_is_named(self):
        d = tempfile.mkdtemp(prefix="subfolders-", dir=WORK)
        base = os.path.join(WORK, "base.mov")
        grades = os.path.join(d, "grades")
        for sub in ("old", "b_v2", ".cache"):
            os.makedirs(os.path.join(grades, sub))
        shutil.copyfile(seg_path("shot_020.mov"),
                        os.path.join(grades, "shot_020.mov"))
        shutil.copyfile(seg_path("shot_010.mov"),
                        os.path.join(grades, "old", "shot_010.mov"))
        warned = ["proreswriter: warning: %s: a folder inside the segment "
                  "folder %s; its files are not taken (give it as a "
                  "SEGMENT_OR_DIR of its own to take them)"
                  % (os.path.join(grades, sub), grades)
                  for sub in ("b_v2", "old")]  # in name order; hidden: none
        status, out, err = run("plan", base, grades)
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(), warned)
        self.assertIn("shot_020.mov", out)
        self.assertNotIn("shot_010.mov", out)
        output = os.path.join(d, "printed.mov")
        status, out, err = run("print", base, grades, "-o", output)
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(), warned)
        status, out, err = run("verify", output, base, grades)
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(), warned)
        # given on its own, the inner folder's files are taken
        status, out, err = run("plan", base, grades,
                               os.path.join(grades, "old"))
        self.assertEqual(status, 0, err)
        self.assertIn("shot_010.mov", out)


class ProbeShapeTest(unittest.TestCase):
    """probe shows the pixel aspect ('pasp') and the field description
    ('fiel'), which print compares with the base's and warns about: in
    text always, in JSON ("pixel_aspect", "field_order") only when the
    pixels are not square or the video not progressive."""

    @classmethod
    def setUpClass(cls):
        cls.work = os.path.join(WORK, "shape")
        os.makedirs(cls.work)

        def grade(name, *extra):
            path = os.path.join(cls.work, name)
            ffmpeg("-f", "lavfi", "-i", "testsrc=s=128x96:r=25",
                   "-frames:v", "5", "-c:v", "prores_ks", "-profile:v", "4",
                   "-pix_fmt", "yuv444p10le", *extra, "-timecode",
                   "01:00:00:02", path)
            return path

        cls.pasp = grade("G_pasp.mov", "-vf", "setsar=2/1")
        cls.tff = grade("G_tff.mov", "-vf", "setfield=tff", "-flags",
                        "+ilme+ildct", "-top", "1")
        cls.bff = grade("G_bff.mov", "-vf", "setfield=bff", "-flags",
                        "+ilme+ildct", "-top", "0")
        # the anamorphic grade with its 'pasp' and 'fiel' renamed to 'free'
        # (extensions the reader skips): it has neither
        cls.bare = os.path.join(cls.work, "G_bare.mov")
        with open(cls.pasp, "rb") as f:
            data = f.read()
        for fourcc in (b"pasp", b"fiel"):
            assert data.count(fourcc) == 1, fourcc
            data = data.replace(fourcc, b"free")
        with open(cls.bare, "wb") as f:
            f.write(data)
        cls.base = os.path.join(cls.work, "base.mov")
        make_fixture(cls.base, "25/1", 20, tc="01:00:00:00", pattern="black")

    def ffprobe(self, path):
        proc = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v:0",
             "-show_entries", "stream=sample_aspect_ratio,field_order",
             "-of", "json", path], stdout=subprocess.PIPE, check=True,
            timeout=120)
        return json.loads(proc.stdout)["streams"][0]

    def test_media_as_ffprobe_reads_it(self):
        """The movies are what the test means them to be."""
        self.assertEqual(self.ffprobe(self.pasp)["sample_aspect_ratio"],
                         "2:1")
        self.assertEqual(self.ffprobe(self.pasp)["field_order"],
                         "progressive")
        self.assertEqual(self.ffprobe(self.tff)["field_order"], "tt")
        self.assertEqual(self.ffprobe(self.bff)["field_order"], "bb")

    def test_text(self):
        status, out, err = run("probe", self.base, self.pasp, self.tff,
                               self.bff, self.bare)
        self.assertEqual((status, err), (0, ""))
        blocks = out.split("\n\n")
        self.assertEqual(len(blocks), 5, out)
        expected = [
            ("1:1", "progressive (fiel 1 0)"),
            ("2:1 (displayed 256x96)", "progressive (fiel 1 0)"),
            ("1:1", "interlaced, top field first (fiel 2 1)"),
            ("1:1", "interlaced, bottom field first (fiel 2 6)"),
            ("1:1 (no pasp)", "progressive (no fiel)"),
        ]
        for block, (aspect, fields) in zip(blocks, expected):
            self.assertIn("\n  size:           128x96\n"
                          "  pixel aspect:   %s\n"
                          "  fields:         %s\n"
                          "  rate:           25/1 (25 fps)\n"
                          % (aspect, fields), block)

    def test_json(self):
        status, out, err = run("probe", "--json", self.base, self.pasp,
                               self.tff, self.bff, self.bare)
        self.assertEqual((status, err), (0, ""))
        base, pasp, tff, bff, bare = json.loads(out)
        # square pixels and progressive: no member, as in 0.1
        for info in (base, bare):
            self.assertNotIn("pixel_aspect", info)
            self.assertNotIn("field_order", info)
        self.assertEqual(pasp["pixel_aspect"], "2:1")
        self.assertNotIn("field_order", pasp)
        self.assertEqual(tff["field_order"], "top-field-first")
        self.assertEqual(bff["field_order"], "bottom-field-first")
        for info in (tff, bff):
            self.assertNotIn("pixel_aspect", info)
        for info in (base, pasp, tff, bff, bare):
            self.assertEqual((info["width"], info["height"]), (128, 96))

    def test_invalid_pasp(self):
        """A 'pasp' whose spacings are 0:0 is no ratio (QuickTime File
        Format: hSpacing and vSpacing are the pixel's width and height): it
        is read as 1:1, and said to be what it is, not "no pasp"."""
        zero = os.path.join(self.work, "G_pasp00.mov")
        with open(self.pasp, "rb") as f:
            data = bytearray(f.read())
        at = data.find(b"pasp")
        self.assertEqual(data.count(b"pasp"), 1)
        # the atom's payload: hSpacing, vSpacing, 32-bit big-endian (2, 1)
        self.assertEqual(struct.unpack(">II", data[at + 4:at + 12]), (2, 1))
        data[at + 4:at + 12] = struct.pack(">II", 0, 0)
        with open(zero, "wb") as f:
            f.write(data)
        status, out, err = run("probe", zero)
        self.assertEqual((status, err), (0, ""))
        self.assertIn("\n  size:           128x96\n"
                      "  pixel aspect:   0:0 (invalid pasp, read as 1:1)\n"
                      "  fields:         progressive (fiel 1 0)\n", out)
        status, out, err = run("probe", "--json", zero, self.base)
        self.assertEqual((status, err), (0, ""))
        info, base = json.loads(out)
        # read as square pixels: no "pixel_aspect", as for 1:1; the atom
        # as written in "invalid_pasp", only where it is invalid
        self.assertNotIn("pixel_aspect", info)
        self.assertEqual(info["invalid_pasp"], "0:0")
        self.assertNotIn("invalid_pasp", base)
        for other in (self.pasp, self.bare):
            status, out, err = run("probe", "--json", other)
            self.assertEqual((status, err), (0, ""))
            self.assertNotIn("invalid_pasp", json.loads(out)[0])
        # print's warning names it in the same words, read as 1:1
        status, plan, err = run("plan", zero, self.pasp)
        self.assertEqual(status, 0, err)
        self.assertIn("G_pasp.mov: pixel aspect 2:1 differs from the "
                      "base's 0:0 (invalid pasp, read as 1:1) "
                      "(G_pasp00.mov)", plan)

    def test_probe_shows_what_print_warns_of(self):
        """The words of print's warnings are probe's."""
        status, out, err = run("probe", self.pasp, self.tff)
        self.assertEqual((status, err), (0, ""))
        status, plan, err = run("plan", self.base, self.pasp, self.tff)
        self.assertEqual(status, 0, err)
        self.assertIn("G_pasp.mov: pixel aspect 2:1 differs from the "
                      "base's 1:1 (base.mov)", plan)
        self.assertIn("G_tff.mov: field description interlaced, top field "
                      "first (fiel 2 1) differs from the base's progressive "
                      "(fiel 1 0) (base.mov)", plan)
        self.assertIn("pixel aspect:   2:1 ", out)
        self.assertIn("fields:         interlaced, top field first "
                      "(fiel 2 1)\n", out)


class PrintReportLinkToOutput(unittest.TestCase):
    """A second reader's finding: print --report naming a symbolic link to
    the output that does not exist yet was refused only after the whole
    print had been written (exit 1: the report writer follows the link to
    the output it just printed). It is the output: a usage error (exit 2)
    before anything is written, a chain of links too."""

    def test_report_a_link_to_the_output_not_yet_written(self):
        d = tempfile.mkdtemp(prefix="report-link-", dir=WORK)
        base = os.path.join(WORK, "base.mov")
        seg = seg_path("shot_010.mov")
        output = os.path.join(d, "printed.mov")
        link = os.path.join(d, "link.html")
        chain = os.path.join(d, "chain.html")
        os.symlink("printed.mov", link)
        os.symlink(link, chain)
        for report in (link, chain):
            with self.subTest(report=report):
                status, out, err = run("print", base, seg, "-o", output,
                                       "--report", report)
                self.assertEqual((status, out), (2, ""), err)
                self.assertEqual(
                    err.splitlines()[0],
                    "proreswriter: --report %s: is the output -o %s; the "
                    "splice report needs a file of its own" % (report,
                                                               output))
                self.assertEqual(sorted(os.listdir(d)),
                                 ["chain.html", "link.html"])
        # a link to another name (replaced: --force): printed, then the
        # report written
        os.remove(link)
        os.remove(chain)
        os.symlink("page.html", link)
        status, out, err = run("print", base, seg, "-o", output, "--report",
                               link, "--force")
        self.assertEqual(status, 0, err)
        self.assertTrue(out.endswith("\nwrote %s\n" % link), out)
        self.assertTrue(os.path.isfile(output))


def main():
    global CLI, FIXTURE
    if len(sys.argv) != 3:
        print("usage: test_cli.py PRORESWRITER PRW_MAKE_FIXTURE",
              file=sys.stderr)
        return 2
    CLI, FIXTURE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    suite = unittest.defaultTestLoader.loadTestsFromModule(
        sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and not result.skipped else 1


if __name__ == "__main__":
    sys.exit(main())
