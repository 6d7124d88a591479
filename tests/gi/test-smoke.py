#!/usr/bin/python3
"""Calls libproreswriter from Python through GObject-Introspection:
timecode math, probe, discover, link, plan, print, verify, and typed
errors."""
import os
import subprocess
import sys
import tempfile
import unittest

import gi

gi.require_version("Prw", "1.0")
from gi.repository import GLib, Prw  # noqa: E402

MAKE = os.environ["PRW_MAKE_FIXTURE"]
# Under ASan (tests/gi/meson.build) the sanitizer runtime is preloaded into
# this interpreter only, not into the programs it or the library start.
os.environ.pop("LD_PRELOAD", None)


def make(path, tc, frames, pattern):
    subprocess.run([MAKE, path, "--rate", "25/1", "--tc", tc, "--frames",
                    str(frames), "--pattern", pattern], check=True)


class Smoke(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        Prw.init()

    def test_timecode(self):
        tc = Prw.Timecode.new_from_string("01:00:00;00", 30000, 1001, True)
        self.assertEqual(tc.get_frames(), 107892)
        self.assertEqual(tc.to_string(), "01:00:00;00")
        with self.assertRaises(GLib.Error) as cm:
            Prw.Timecode.new_from_string("00:01:00;00", 30000, 1001, True)
        self.assertTrue(cm.exception.matches(Prw.error_quark(),
                                             Prw.Error.INVALID_TIMECODE))

    def test_rate_parse_and_name(self):
        ok, num, den, drop = Prw.timecode_rate_parse("29.97 DF")
        self.assertTrue(ok)
        self.assertEqual((num, den, drop), (30000, 1001, True))
        self.assertEqual(Prw.timecode_rate_to_string(num, den, drop),
                         "29.97 DF")
        self.assertEqual(Prw.timecode_rate_to_string(24000, 1001, False),
                         "23.976")
        with self.assertRaises(GLib.Error) as cm:
            Prw.timecode_rate_parse("27")
        self.assertTrue(cm.exception.matches(Prw.error_quark(),
                                             Prw.Error.UNSUPPORTED))

    def test_link(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "A001C001.mov")
            grade = os.path.join(d, "A001C001_v2.mov")
            make(src, "01:00:00:00", 10, "black")
            make(grade, "01:00:00:04", 3, "ball")
            clip = Prw.SourceClip.new_from_file(src, None, None)
            segments, invalid = Prw.discover([grade], None)
            table = Prw.LinkTable.new(0)
            table.add_source(clip, None)
            table.add_segment(segments.get_item(0), Prw.Layer.VFX)
            table.seal()
            self.assertEqual(table.get_n_links(), 1)
            self.assertEqual(table.get_link_source(0), 0)
            self.assertEqual(table.get_link_rules(0),
                             Prw.LinkRule.FILE_NAME)
            self.assertEqual(table.get_link_layer(0), Prw.Layer.VFX)
            self.assertEqual(Prw.Layer.to_string(table.get_link_layer(0)),
                             "vfx")
            self.assertEqual(table.get_source_n_merged(0), 0)
            self.assertEqual(table.get_source_reel(0), clip.get_reel())
            self.assertEqual((table.get_link_record_in(0),
                              table.get_link_record_out(0)), (4, 7))
            self.assertEqual(table.get_source_output_name(0),
                             "A001C001.mov")

    def test_probe_warnings(self):
        with tempfile.TemporaryDirectory() as d:
            clean = os.path.join(d, "clean.mov")
            flagged = os.path.join(d, "flagged.mov")
            make(clean, "01:00:00:00", 5, "black")
            subprocess.run([MAKE, flagged, "--rate", "24", "--tc",
                            "01:00:00:00", "--frames", "5",
                            "--tmcd-drop-flag"], check=True)
            self.assertEqual(list(Prw.probe_file(clean, None).get_warnings()),
                             [])
            info = Prw.probe_file(flagged, None)
            self.assertEqual(list(info.get_warnings()),
                             [flagged + ": its timecode track says drop "
                              "frame at 24 fps, where there is none; read "
                              "as non-drop"])
            self.assertFalse(info.get_start_timecode().drop_frame)

    def test_pixel_aspect_and_fields(self):
        with tempfile.TemporaryDirectory() as d:
            square = os.path.join(d, "square.mov")
            wide = os.path.join(d, "wide.mov")
            make(square, "01:00:00:00", 3, "black")
            # 2:1 pixels ('pasp'), interlaced top field first ('fiel' 2 1)
            subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                            "lavfi", "-i", "testsrc=s=128x96:r=25",
                            "-frames:v", "3", "-vf",
                            "setsar=2/1,setfield=tff", "-c:v", "prores_ks",
                            "-profile:v", "4", "-pix_fmt", "yuv444p10le",
                            "-flags", "+ilme+ildct", "-top", "1",
                            "-timecode", "01:00:00:00", wide], check=True)
            info = Prw.probe_file(square, None)
            self.assertEqual(tuple(info.get_pixel_aspect()), (True, 1, 1))
            self.assertEqual(tuple(info.get_pasp()), (True, 1, 1))
            self.assertEqual(tuple(info.get_fields()), (True, 1, 0))
            self.assertEqual(info.get_field_order(),
                             Prw.FieldOrder.PROGRESSIVE)
            info = Prw.probe_file(wide, None)
            self.assertEqual(tuple(info.get_pixel_aspect()), (True, 2, 1))
            self.assertEqual(tuple(info.get_pasp()), (True, 2, 1))
            self.assertEqual(tuple(info.get_fields()), (True, 2, 1))
            self.assertEqual(info.get_field_order(),
                             Prw.FieldOrder.TOP_FIELD_FIRST)
            self.assertEqual(Prw.FieldOrder.to_string(info.get_field_order()),
                             "top-field-first")

    def test_print_and_verify(self):
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, "base.mov")
            graded = os.path.join(d, "graded")
            os.mkdir(graded)
            make(base, "01:00:00:00", 50, "black")
            make(os.path.join(graded, "A S01.mov"), "01:00:00:10", 10, "smpte")
            make(os.path.join(graded, "B S02.mov"), "01:00:00:15", 10, "ball")

            info = Prw.probe_file(base, None)
            self.assertEqual(info.get_frame_count(), 50)
            # the video track chosen by its ID (0: the only one)
            self.assertEqual(Prw.probe_file_full(base, 1, None)
                             .get_frame_count(), 50)
            self.assertEqual(Prw.probe_file_full(base, 0, None)
                             .get_frame_count(), 50)
            with self.assertRaises(GLib.Error) as cm:
                Prw.probe_file_full(base, 7, None)
            self.assertTrue(cm.exception.matches(Prw.error_quark(),
                                                 Prw.Error.NO_VIDEO))
            self.assertEqual((info.get_rate_num(), info.get_rate_den()), (25, 1))
            self.assertEqual(info.get_start_timecode().to_string(), "01:00:00:00")

            segments, invalid = Prw.discover([graded], None)
            self.assertEqual(list(invalid), [])
            self.assertEqual(segments.get_n_items(), 2)

            plan = Prw.Plan.new(info)
            for i in range(segments.get_n_items()):
                plan.add_segment(segments.get_item(i))
            plan.seal()
            ranges = [plan.get_range(i) for i in range(plan.get_n_ranges())]
            self.assertEqual([(r.source, r.source_in, r.record_in, r.frames)
                              for r in ranges],
                             [(-1, 0, 0, 10), (0, 0, 10, 5), (1, 0, 15, 10),
                              (-1, 25, 25, 25)])
            self.assertEqual(len(plan.get_warnings()), 1)

            out = os.path.join(d, "out.mov")
            printer = Prw.Printer.new(plan)
            seen = []
            printer.connect("progress", lambda p, f, t, b: seen.append((f, t)))
            printer.print_(out, Prw.PrintFlags.NONE, None)
            self.assertTrue(os.path.exists(out))
            ok, checked = Prw.verify_output(plan, out, None)
            self.assertTrue(ok)
            self.assertEqual(checked, 50)
            self.assertTrue(seen and seen[-1][1] == 50)

            with self.assertRaises(GLib.Error) as cm:
                printer.print_(out, Prw.PrintFlags.NONE, None)
            self.assertTrue(cm.exception.matches(Prw.error_quark(),
                                                 Prw.Error.OUTPUT_EXISTS))

    def test_layers_and_handles(self):
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, "base.mov")
            grade = os.path.join(d, "grade.mov")
            vfx = os.path.join(d, "vfx.mov")
            make(base, "01:00:00:00", 20, "black")
            make(grade, "01:00:00:02", 10, "smpte")
            make(vfx, "01:00:00:05", 6, "ball")

            plan = Prw.Plan.new(Prw.probe_file(base, None))
            plan.props.handles = 2
            self.assertEqual(plan.get_handles(), 2)
            plan.add_segment(Prw.Segment.new(Prw.probe_file(grade, None)))
            plan.add_segment_to_layer(
                Prw.Segment.new(Prw.probe_file(vfx, None)), Prw.Layer.VFX)
            self.assertEqual(plan.get_segment_layer(1), Prw.Layer.VFX)
            plan.seal()
            # grade: record 2-11, handles 2-3 and 10-11; vfx: record 5-10,
            # handles 5-6 and 9 (under the grade's core), 10 (over the
            # grade's handle: the upper layer), core 7-8
            self.assertEqual(
                [(r.source, r.source_in, r.record_in, r.frames,
                  plan.get_range_layer(i).value_nick,
                  plan.get_range_is_handle(i))
                 for i, r in ((i, plan.get_range(i))
                              for i in range(plan.get_n_ranges()))],
                [(-1, 0, 0, 2, "base", False), (0, 0, 2, 2, "grade", True),
                 (0, 2, 4, 3, "grade", False), (1, 2, 7, 2, "vfx", False),
                 (0, 7, 9, 1, "grade", False), (1, 5, 10, 1, "vfx", True),
                 (0, 9, 11, 1, "grade", True),
                 (-1, 12, 12, 8, "base", False)])


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed or not result.wasSuccessful() else 0)
