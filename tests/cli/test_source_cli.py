#!/usr/bin/env python3
"""`proreswriter probe --source` as a user meets it: camera originals (an
MXF made by ffmpeg, a QuickTime without a timecode) and an ALE with good and
bad rows; text and JSON; exit codes; one line on stderr per refusal, naming
the file (and the ALE line).

Run by meson as: python3 test_source_cli.py PRORESWRITER
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

CLI = None
WORK = None

ALE = ("Heading\nFIELD_DELIM\tTABS\nVIDEO_FORMAT\t1080\nFPS\t29.97\n\n"
       "Column\nName\tStart\tEnd\tTape\tSource File\n\nData\n"
       "A001C001\t01:00:00;00\t01:00:10;00\tA001\tA001C001.R3D\n"
       "A001C002\t01:00:10;00\t01:00:09;00\tA001\tA001C002.R3D\n"
       "A001C003\t01:00:20;00\t01:00:21;00\tA001\t\n")


def run(*args):
    proc = subprocess.run([CLI] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=300)
    return (proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=s=256x144:r=25", "-frames:v", "5"]
                   + list(args), check=True)


class ProbeSource(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mxf = os.path.join(WORK, "B001C002.mxf")
        ffmpeg("-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt",
               "yuv422p", "-timecode", "13:00:00:00", "-metadata",
               "reel_name=B001", cls.mxf)
        cls.notc = os.path.join(WORK, "NOTC.mov")
        ffmpeg("-c:v", "mpeg4", cls.notc)
        cls.ale = os.path.join(WORK, "day1.ale")
        with open(cls.ale, "w") as f:
            f.write(ALE)

    def test_text(self):
        status, out, err = run("probe", "--source", self.mxf)
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertIn("  clip name:      B001C002\n", out)
        self.assertIn("  start timecode: 13:00:00:00\n", out)
        self.assertIn("  frames:         5\n", out)
        self.assertIn("  reel:           B001\n", out)
        self.assertIn("  size:           256x144\n", out)
        self.assertIn("  format:         MXF OP1a, dnxhd\n", out)
        self.assertIn("SMPTE 377M", out)

    def test_json_and_ale_rows(self):
        status, out, err = run("probe", "--source", "--json", self.mxf,
                               self.ale)
        self.assertEqual(status, 1)
        clips = json.loads(out)
        self.assertEqual([c["clip_name"] for c in clips],
                         ["B001C002", "A001C001", "A001C003"])
        mxf, a1, a3 = clips
        self.assertEqual(mxf["frames"], 5)
        self.assertEqual(mxf["rate"], "25/1")
        self.assertEqual(mxf["start_timecode"], "13:00:00:00")
        self.assertEqual(mxf["last_timecode"], "13:00:00:04")
        self.assertIsNone(mxf["ale"])
        self.assertEqual(a1["ale"], self.ale)
        self.assertEqual(a1["ale_line"], 10)
        self.assertEqual(a1["path"], "A001C001.R3D")
        self.assertTrue(a1["drop_frame"])
        self.assertEqual(a1["start_timecode"], "01:00:00;00")
        # ten seconds of 29.97 DF from a minute divisible by ten
        self.assertEqual(a1["frames"], 300)
        self.assertEqual(a1["reel"], "A001")
        self.assertIsNone(a1["width"])
        self.assertEqual(a3["ale_line"], 12)
        self.assertEqual(a3["frames"], 30)
        self.assertIsNone(a3["path"])
        # the bad row: one JSON line on stderr naming the ALE and the line
        lines = err.splitlines()
        self.assertEqual(len(lines), 1, err)
        e = json.loads(lines[0])["error"]
        self.assertEqual(e["code"], "corrupt")
        self.assertEqual(e["file"], self.ale)
        self.assertTrue(e["message"].startswith(self.ale + ":11: End "),
                        e["message"])

    def test_refusals(self):
        missing = os.path.join(WORK, "missing.mxf")
        status, out, err = run("probe", "--source", self.notc, missing)
        self.assertEqual(status, 1)
        self.assertEqual(out, "")
        self.assertEqual(err.splitlines(), [
            "proreswriter: %s: no start timecode (no timecode track), and "
            "none was given" % self.notc,
            "proreswriter: %s: No such file or directory" % missing,
        ])

    def test_malformed_ale(self):
        bad = os.path.join(WORK, "bad.ale")
        with open(bad, "w") as f:
            f.write("Heading\nFPS\t25\n\nColumn\nName\tStart\tEnd\n")
        status, out, err = run("probe", "--source", bad)
        self.assertEqual(status, 1)
        self.assertEqual(err, "proreswriter: %s:5: no Data section\n" % bad)

    def test_usage(self):
        status, _, err = run("probe", "--source", "--video-track", "2",
                             self.mxf)
        self.assertEqual(status, 2, err)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory(prefix="prw-source-cli-") as WORK:
        unittest.main(verbosity=2)
