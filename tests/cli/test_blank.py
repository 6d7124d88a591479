#!/usr/bin/env python3
"""`proreswriter blank` as a user meets it: the frames it writes (decoded by
ffmpeg, not by us), the metadata other tools read, the burn-in as OCR reads
it, and its refusals.

Run by meson as: python3 test_blank.py PRORESWRITER PRW_MAKE_FIXTURE

Every source is made here with prw-make-fixture (or ffmpeg); every
expectation comes from what the test chose for that source.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = None
FIXTURE = None
WORK = None

W, H = 640, 368  # the blank rushes' size in most cases (--size)
SRC_FRAMES = 40
SRC_TC = "10:00:00:00"
SRC_REEL = "A001C003"


def run(*args):
    proc = subprocess.run([CLI] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=300)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def make_fixture(path, frames, tc=SRC_TC, rate="25/1", drop=False,
                 reel=None, size="128x96", profile=None, pattern="smpte"):
    args = [FIXTURE, str(path), "--rate", rate, "--frames", str(frames),
            "--tc", tc, "--size", size, "--pattern", pattern]
    if drop:
        args.append("--drop")
    if reel:
        args += ["--reel", reel]
    if profile:
        args += ["--profile", profile]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return path


def media(name):
    return os.path.join(WORK, "media", name)


def outdir(tag):
    path = tempfile.mkdtemp(prefix=tag + "-", dir=os.path.join(WORK, "out"))
    return path


def error_lines(stderr):
    return [l for l in stderr.splitlines() if l.startswith("proreswriter: ")
            and not l.startswith("proreswriter: warning: ")]


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json",
                          "-show_streams", "-show_format", path],
                         check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)


def decode(path, pix_fmt="rgb24", bpp=3, width=W, height=H):
    """Every frame as bytes, decoded by ffmpeg with -xerror (a decode
    error fails the test)."""
    proc = subprocess.run(["ffmpeg", "-v", "error", "-xerror", "-i", path,
                           "-f", "rawvideo", "-pix_fmt", pix_fmt, "-"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        raise AssertionError("ffmpeg -xerror failed on %s: %s" %
                             (path, proc.stderr.decode("utf-8", "replace")))
    size = width * height * bpp
    data = proc.stdout
    assert len(data) % size == 0, "ffmpeg gave a partial frame"
    return [data[i:i + size] for i in range(0, len(data), size)]


def video_stream(info):
    return [s for s in info["streams"] if s["codec_type"] == "video"][0]


def tmcd_stream(info):
    return [s for s in info["streams"]
            if s.get("codec_tag_string") == "tmcd"][0]


def tc_add(tc, n, fps):
    h, m, s, f = (int(x) for x in re.split(r"[:;]", tc))
    total = ((h * 60 + m) * 60 + s) * fps + f + n
    return "%02d:%02d:%02d:%02d" % (total // (3600 * fps),
                                    total // (60 * fps) % 60,
                                    total // fps % 60, total % fps)


def setUpModule():
    for d in ("media", "out"):
        os.makedirs(os.path.join(WORK, d))
    make_fixture(media("A001C003.mov"), SRC_FRAMES, reel=SRC_REEL)
    make_fixture(media("B002.mov"), 12, tc="23:59:59:20")
    make_fixture(media("df.mov"), 20, tc="00:59:59;28", rate="30000/1001",
                 drop=True)
    # a graded segment in another flavour and size: the format to copy
    make_fixture(media("grade.mov"), 10, tc="10:00:00:10", size="256x160",
                 profile="hq", pattern="colors")


class UsageTest(unittest.TestCase):
    def test_needs_a_format(self):
        status, _, err = run("blank", media("A001C003.mov"), "-o",
                             os.path.join(outdir("usage"), "x.mov"))
        self.assertEqual(status, 2, err)

    def test_like_and_profile_exclude_each_other(self):
        status, _, err = run("blank", media("A001C003.mov"), "-o",
                             os.path.join(outdir("usage"), "x.mov"),
                             "--like", media("grade.mov"), "--profile", "422hq")
        self.assertEqual(status, 2, err)

    def test_bad_profile_and_size(self):
        for extra in (["--profile", "h264"],
                      ["--profile", "422hq", "--size", "640by360"]):
            status, _, err = run("blank", media("A001C003.mov"), "-o",
                                 os.path.join(outdir("usage"), "x.mov"),
                                 *extra)
            self.assertEqual(status, 2, err)


class BlackTest(unittest.TestCase):
    """--no-burn-in: every frame is the one black frame."""

    @classmethod
    def setUpClass(cls):
        cls.dir = outdir("black")
        cls.out = os.path.join(cls.dir, "black.mov")
        cls.result = run("blank", media("A001C003.mov"), "-o", cls.out,
                         "--profile", "4444", "--size", "%dx%d" % (W, H),
                         "--no-burn-in", "--json")

    def test_written(self):
        status, out, err = self.result
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        self.assertEqual(os.listdir(self.dir), ["black.mov"])
        doc = json.loads(out)
        self.assertEqual(doc["failed"], [])
        o = doc["outputs"][0]
        self.assertEqual(o["output"], self.out)
        self.assertEqual(o["frames"], SRC_FRAMES)
        self.assertEqual((o["rate_num"], o["rate_den"]), (25, 1))
        self.assertEqual(o["start_timecode"], SRC_TC)
        self.assertEqual(o["reel"], SRC_REEL)
        self.assertEqual(o["clip"], "A001C003")
        self.assertEqual((o["width"], o["height"]), (W, H))
        self.assertFalse(o["burn_in"])

    def test_every_frame_decodes_and_is_black(self):
        frames = decode(self.out)
        self.assertEqual(len(frames), SRC_FRAMES)
        for i, f in enumerate(frames):
            self.assertEqual(f, frames[0], "frame %d differs" % i)
        self.assertLessEqual(max(frames[0]), 2, "the black frame is not black")

    def test_alpha_is_opaque(self):
        info = ffprobe(self.out)
        self.assertTrue(video_stream(info)["pix_fmt"].startswith("yuva"),
                        video_stream(info)["pix_fmt"])
        for f in decode(self.out, "rgba", 4)[:3]:
            self.assertEqual(set(f[3::4]), {255})

    def test_ffprobe_metadata(self):
        info = ffprobe(self.out)
        v = video_stream(info)
        self.assertEqual(v["codec_tag_string"], "ap4h")
        self.assertEqual(int(v["nb_frames"]), SRC_FRAMES)
        self.assertEqual(v["r_frame_rate"], "25/1")
        self.assertEqual((v["width"], v["height"]), (W, H))
        t = tmcd_stream(info)
        self.assertEqual(t["tags"]["timecode"], SRC_TC)
        self.assertEqual(t["tags"]["reel_name"], SRC_REEL)

    def test_probe_reads_it_back(self):
        status, out, err = run("probe", "--json", self.out)
        self.assertEqual(status, 0, err)
        m = json.loads(out)[0]
        self.assertEqual(m["frames"], SRC_FRAMES)
        self.assertEqual(m["start_timecode"], SRC_TC)
        self.assertEqual(m["reel"], SRC_REEL)

    def test_mediainfo_metadata(self):
        self.assertIsNotNone(shutil.which("mediainfo"),
                             "mediainfo is not installed (scripts/bootstrap)")
        out = subprocess.run(["mediainfo", "--Output=JSON", self.out],
                             check=True, stdout=subprocess.PIPE).stdout
        tracks = json.loads(out)["media"]["track"]
        video = [t for t in tracks if t["@type"] == "Video"][0]
        self.assertEqual(int(video["FrameCount"]), SRC_FRAMES)
        self.assertEqual(float(video["FrameRate"]), 25.0)
        other = [t for t in tracks if t["@type"] == "Other"]
        self.assertTrue(other, "mediainfo sees no timecode track")
        self.assertEqual(other[0]["TimeCode_FirstFrame"], SRC_TC)
        self.assertIn(SRC_REEL, json.dumps(other[0]))


def packet_md5s(path, spec):
    """The md5 of every packet of stream spec ("a:0", "v") of path, as
    ffmpeg reads them (-c copy -f framemd5)."""
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", path,
                          "-map", "0:" + spec, "-c", "copy", "-f", "framemd5",
                          "-"], check=True, stdout=subprocess.PIPE).stdout
    return [l.split(",")[-1].strip() for l in out.decode().splitlines()
            if l and not l.startswith("#")]


def audio_streams(info):
    return [s for s in info["streams"] if s["codec_type"] == "audio"]


class SoundTest(unittest.TestCase):
    """A camera original with sync sound (two tracks of 24-bit stereo PCM,
    as an ARRI or Sony QuickTime has): its blank rush carries both tracks,
    every packet as the original's, and a print of it keeps them;
    --no-audio leaves them out, with the same video frames."""

    @classmethod
    def setUpClass(cls):
        cls.src = media("S001C001.mov")
        subprocess.run([FIXTURE, cls.src, "--rate", "25/1", "--frames", "30",
                        "--tc", "11:00:00:00", "--size", "128x96",
                        "--reel", "S001", "--audio", "2", "--audio-tracks",
                        "2", "--audio-codec", "pcm_s24le"],
                       check=True, stdout=subprocess.DEVNULL)
        cls.dir = outdir("sound")
        cls.out = os.path.join(cls.dir, "sound.mov")
        cls.silent = os.path.join(cls.dir, "silent.mov")
        cls.result = run("blank", cls.src, "-o", cls.out, "--profile", "422",
                         "--size", "%dx%d" % (W, H), "--json")
        cls.silent_result = run("blank", cls.src, "-o", cls.silent,
                                "--profile", "422", "--size", "%dx%d" % (W, H),
                                "--no-audio", "--json")

    def test_written_with_its_sound_tracks(self):
        status, out, err = self.result
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [])
        o = json.loads(out)["outputs"][0]
        self.assertEqual(o["audio_tracks"], 2)
        self.assertEqual(o["frames"], 30)
        status, out, err = self.silent_result
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["outputs"][0]["audio_tracks"], 0)
        status, out, err = run("blank", self.src, "-o",
                               os.path.join(self.dir, "text.mov"),
                               "--profile", "422", "--size", "%dx%d" % (W, H),
                               "--no-burn-in")
        self.assertEqual(status, 0, err)
        self.assertIn(", 2 sound tracks,", out)

    def test_sound_packets_are_the_originals(self):
        src, out = ffprobe(self.src), ffprobe(self.out)
        self.assertEqual(len(audio_streams(src)), 2)
        self.assertEqual(len(audio_streams(out)), 2)
        for i, (a, b) in enumerate(zip(audio_streams(src),
                                       audio_streams(out))):
            for key in ("codec_name", "sample_rate", "channels",
                        "nb_frames", "duration_ts", "duration"):
                self.assertEqual(a.get(key), b.get(key), key)
            want = packet_md5s(self.src, "a:%d" % i)
            self.assertTrue(want)
            self.assertEqual(packet_md5s(self.out, "a:%d" % i), want)

    def test_video_and_timecode_as_without_sound(self):
        info = ffprobe(self.out)
        v = video_stream(info)
        self.assertEqual(int(v["nb_frames"]), 30)
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "11:00:00:00")
        self.assertEqual(tmcd_stream(info)["tags"]["reel_name"], "S001")
        self.assertEqual(v["duration"], "1.200000")
        self.assertEqual(audio_streams(ffprobe(self.silent)), [])
        self.assertEqual(packet_md5s(self.out, "v"),
                         packet_md5s(self.silent, "v"))
        self.assertEqual(len(decode(self.out)), 30)

    def test_mediainfo_reads_the_sound(self):
        out = subprocess.run(["mediainfo", "--Output=JSON", self.out],
                             check=True, stdout=subprocess.PIPE).stdout
        tracks = json.loads(out)["media"]["track"]
        audio = [t for t in tracks if t["@type"] == "Audio"]
        self.assertEqual(len(audio), 2)
        for t in audio:
            self.assertEqual(float(t["Duration"]), 1.2)
            self.assertEqual(int(t["SamplingRate"]), 48000)
        video = [t for t in tracks if t["@type"] == "Video"][0]
        self.assertEqual(int(video["FrameCount"]), 30)

    def test_print_into_it_keeps_the_sound(self):
        grade = make_fixture(os.path.join(self.dir, "S001C001_g.mov"), 5,
                             tc="11:00:00:10", size="%dx%d" % (W, H),
                             profile="standard", pattern="colors")
        printed = os.path.join(self.dir, "printed.mov")
        status, _, err = run("print", self.out, grade, "-o", printed)
        self.assertEqual(status, 0, err)
        status, out, err = run("verify", printed, self.out, grade)
        self.assertEqual(status, 0, err + out)
        for i in range(2):
            self.assertEqual(packet_md5s(printed, "a:%d" % i),
                             packet_md5s(self.src, "a:%d" % i))

    def test_mxf_sound_is_not_copied(self):
        mxf = os.path.join(WORK, "media", "M001C001.mxf")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                        "lavfi", "-i", "testsrc=s=256x144:r=25", "-f", "lavfi",
                        "-i", "sine=r=48000", "-frames:v", "10", "-t", "0.4",
                        "-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt",
                        "yuv422p", "-c:a", "pcm_s16le", "-timecode",
                        "13:00:00:00", mxf], check=True)
        self.assertEqual(len(audio_streams(ffprobe(mxf))), 1)
        d = outdir("mxf-sound")
        status, out, err = run("blank", mxf, "-o", d, "--profile", "422",
                               "--no-burn-in", "--json")
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["outputs"][0]["audio_tracks"], 0)
        self.assertEqual(
            audio_streams(ffprobe(os.path.join(d, "M001C001.mov"))), [])


class DropFrameTest(unittest.TestCase):
    def test_drop_frame_start_and_rate(self):
        d = outdir("df")
        out = os.path.join(d, "df.mov")
        status, _, err = run("blank", media("df.mov"), "-o", out,
                             "--profile", "422", "--size", "320x176",
                             "--no-burn-in")
        self.assertEqual(status, 0, err)
        info = ffprobe(out)
        v = video_stream(info)
        self.assertEqual(v["r_frame_rate"], "30000/1001")
        self.assertEqual(int(v["nb_frames"]), 20)
        self.assertEqual(v["codec_tag_string"], "apcn")
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "00:59:59;28")
        decode(out, width=320, height=176)

    def test_tc_overrides_the_start(self):
        d = outdir("tc")
        out = os.path.join(d, "tc.mov")
        status, _, err = run("blank", media("B002.mov"), "-o", out,
                             "--profile", "proxy", "--no-burn-in", "--tc",
                             "02:00:00:00")
        self.assertEqual(status, 0, err)
        info = ffprobe(out)
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "02:00:00:00")
        self.assertEqual(int(video_stream(info)["nb_frames"]), 12)
        # the source's size when --size is not given
        self.assertEqual((video_stream(info)["width"],
                          video_stream(info)["height"]), (128, 96))


class LikeTest(unittest.TestCase):
    def test_like_of_another_size_warns(self):
        """The segment's format wins (the issue's rule), with one warning
        naming both sizes; a segment of the source's size gives none."""
        d = outdir("like-size")
        out = os.path.join(d, "A001C003.mov")
        status, _, err = run("blank", media("A001C003.mov"), "-o", out,
                             "--like", media("grade.mov"), "--no-burn-in")
        self.assertEqual(status, 0, err)
        warnings = [l for l in err.splitlines()
                    if l.startswith("proreswriter: warning: ")]
        self.assertEqual(warnings, [
            "proreswriter: warning: %s: is 128x96 but --like %s is 256x160; "
            "the blank rush is 256x160" % (media("A001C003.mov"),
                                           media("grade.mov"))], err)
        self.assertEqual(error_lines(err), [], err)
        v = video_stream(ffprobe(out))
        self.assertEqual((v["width"], v["height"]), (256, 160))
        # --json: the same warning as an object
        status, _, err = run("blank", media("A001C003.mov"), "-o", out,
                             "--like", media("grade.mov"), "--no-burn-in",
                             "--force", "--json")
        self.assertEqual(status, 0, err)
        docs = [json.loads(l) for l in err.splitlines() if l.startswith("{")]
        self.assertEqual([d["warning"]["file"] for d in docs
                          if "warning" in d], [media("A001C003.mov")], err)
        # same size: no warning
        same = make_fixture(media("same-size.mov"), 5, size="128x96",
                            profile="4444")
        status, _, err = run("blank", media("A001C003.mov"), "-o",
                             os.path.join(d, "same.mov"), "--like", same,
                             "--no-burn-in")
        self.assertEqual(status, 0, err)
        self.assertNotIn("warning", err)

    def test_like_is_a_base_print_accepts_and_verifies(self):
        d = outdir("like")
        base = os.path.join(d, "A001C003.mov")
        status, _, err = run("blank", media("A001C003.mov"), "-o", base,
                             "--like", media("grade.mov"), "--no-burn-in")
        self.assertEqual(status, 0, err)
        v = video_stream(ffprobe(base))
        g = video_stream(ffprobe(media("grade.mov")))
        for key in ("codec_tag_string", "width", "height", "pix_fmt"):
            self.assertEqual(v.get(key), g.get(key), key)
        # the colour description (colr) is the segment's
        _, a, _ = run("probe", "--json", base)
        _, b, _ = run("probe", "--json", media("grade.mov"))
        self.assertEqual(json.loads(a)[0]["colour"], json.loads(b)[0]["colour"])
        printed = os.path.join(d, "printed.mov")
        status, _, err = run("print", base, media("grade.mov"), "-o", printed)
        self.assertEqual(status, 0, err)
        status, out, err = run("verify", printed, base, media("grade.mov"))
        self.assertEqual(status, 0, err + out)
        self.assertEqual(len(decode(printed, width=256, height=160)),
                         SRC_FRAMES)


    def test_like_copies_whether_4444_has_alpha(self):
        # A 4444 segment without alpha (the fixture's) makes a blank rush
        # without alpha, so a print of it never switches pixel format mid
        # stream; one with alpha (ffmpeg's) makes one with an opaque alpha,
        # as --profile 4444 does. Both sample descriptions say depth 32.
        noalpha = make_fixture(media("noalpha.mov"), 3, size="256x160",
                               profile="4444", tc="10:00:00:05")
        withalpha = media("alpha.mov")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "color=red:size=256x160:rate=25,format=yuva444p10le",
                        "-frames:v", "3", "-c:v", "prores_ks", "-profile:v",
                        "4444", "-timecode", "10:00:00:05", withalpha],
                       check=True)
        d = outdir("alpha")
        for like, pix_fmt in ((noalpha, "yuv444p12le"),
                              (withalpha, "yuva444p12le"), (None,
                                                            "yuva444p12le")):
            base = os.path.join(d, "%s.mov" % pix_fmt)
            fmt = (["--like", like] if like else
                   ["--profile", "4444", "--size", "256x160"])
            status, _, err = run("blank", media("A001C003.mov"), "-o", base,
                                 "--force", *fmt)
            self.assertEqual(status, 0, err)
            frames = subprocess.run(
                ["ffprobe", "-v", "error", "-select_streams", "v",
                 "-show_entries", "frame=pix_fmt", "-of", "csv=p=0", base],
                check=True, stdout=subprocess.PIPE).stdout.decode().split()
            self.assertEqual(frames, [pix_fmt] * SRC_FRAMES, like)
            if pix_fmt == "yuva444p12le":
                # opaque: the alpha plane's every sample is the maximum
                alpha = subprocess.run(
                    ["ffmpeg", "-v", "error", "-xerror", "-i", base, "-vf",
                     "alphaextract", "-f", "rawvideo", "-pix_fmt", "gray",
                     "-"], check=True, stdout=subprocess.PIPE).stdout
                self.assertEqual(len(alpha), 256 * 160 * SRC_FRAMES)
                self.assertEqual(set(alpha), {255})
        printed = os.path.join(d, "printed.mov")
        status, _, err = run("print", os.path.join(d, "yuv444p12le.mov"),
                             noalpha, "-o", printed)
        self.assertEqual(status, 0, err)
        frames = subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v",
             "-show_entries", "frame=pix_fmt", "-of", "csv=p=0", printed],
            check=True, stdout=subprocess.PIPE).stdout.decode().split()
        self.assertEqual(frames, ["yuv444p12le"] * SRC_FRAMES)


class BurnInTest(unittest.TestCase):
    """With burn-in: outside the burn-in's places every pixel is the black
    frame's, and OCR reads each sampled frame's own timecode."""

    @classmethod
    def setUpClass(cls):
        cls.dir = outdir("burn")
        cls.out = os.path.join(cls.dir, "burn.mov")
        cls.black = os.path.join(cls.dir, "black.mov")
        args = ["--profile", "4444", "--size", "%dx%d" % (W, H)]
        cls.result = run("blank", media("A001C003.mov"), "-o", cls.out,
                         *args)
        run("blank", media("A001C003.mov"), "-o", cls.black, "--no-burn-in",
            *args)

    def test_written(self):
        status, _, err = self.result
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(os.listdir(self.dir)),
                         ["black.mov", "burn.mov"])

    def test_outside_the_burn_in_every_pixel_is_black(self):
        """The burn-in sits at the bottom left (label, timecode, name) and
        the top right (NO GRADE); everywhere else the frame is the black
        frame's, pixel for pixel."""
        black = decode(self.black)[0]
        frames = decode(self.out)
        self.assertEqual(len(frames), SRC_FRAMES)
        differs_somewhere = False
        for i, f in enumerate(frames):
            for y in range(H):
                row = slice(y * W * 3, (y + 1) * W * 3)
                if f[row] == black[row]:
                    continue
                differs_somewhere = True
                for x in range(W):
                    p = y * W * 3 + x * 3
                    if f[p:p + 3] == black[p:p + 3]:
                        continue
                    bottom_left = x < W // 2 and y >= H // 2
                    top_right = x >= W // 2 and y < H // 4
                    self.assertTrue(bottom_left or top_right,
                                    "frame %d pixel (%d, %d) is not black "
                                    "outside the burn-in" % (i, x, y))
        self.assertTrue(differs_somewhere, "no burn-in drawn")

    def test_ocr_reads_each_frames_timecode(self):
        self.assertIsNotNone(shutil.which("tesseract"),
                             "tesseract is not installed (scripts/bootstrap)")
        start = tmcd_stream(ffprobe(self.out))["tags"]["timecode"]
        self.assertEqual(start, SRC_TC)
        for n in (0, 7, 24, 39):
            png = os.path.join(self.dir, "f%d.png" % n)
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", self.out,
                            "-vf", "select=eq(n\\,%d),crop=iw/2:ih/2:0:ih/2,"
                            "scale=iw*2:ih*2,negate" % n,
                            "-frames:v", "1", png], check=True)
            text = subprocess.run(["tesseract", png, "-", "--psm", "6"],
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL).stdout.decode()
            os.unlink(png)
            found = re.findall(r"\d\d[:;.]\d\d[:;.]\d\d[:;.]\d\d", text)
            self.assertIn(tc_add(SRC_TC, n, 25),
                          [re.sub(r"[;.]", ":", t) for t in found],
                          "frame %d: OCR read %r" % (n, text))


class RefusalTest(unittest.TestCase):
    """Bad input: exit 1, one line naming the file and the reason, nothing
    left in the output folder."""

    def refused(self, source, named, reason, *extra, listing=()):
        d = outdir("bad")
        for name in listing:
            with open(os.path.join(d, name), "w") as f:
                f.write("an earlier output\n")
        out = os.path.join(d, "out.mov")
        status, stdout, err = run("blank", source, "-o", out, *extra)
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(named, lines[0])
        self.assertRegex(lines[0].lower(), reason)
        self.assertEqual(sorted(os.listdir(d)), sorted(listing))

    def test_truncated_source(self):
        src = os.path.join(WORK, "media", "truncated.mov")
        with open(media("A001C003.mov"), "rb") as f:
            data = f.read()
        with open(src, "wb") as f:
            f.write(data[:len(data) // 2])
        self.refused(src, src, r"truncat|corrupt|moov|short|missing",
                     "--profile", "422hq")

    def test_unreadable_source(self):
        src = os.path.join(WORK, "media", "not-there.mov")
        self.refused(src, src, r"no such|not exist|not found", "--profile",
                     "422hq")

    def test_like_not_prores(self):
        mj = os.path.join(WORK, "media", "mjpeg.mov")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc=s=320x240:d=1", "-c:v", "mjpeg", mj],
                       check=True)
        self.refused(media("A001C003.mov"), mj, r"not prores", "--like", mj)

    def test_existing_output_needs_force(self):
        self.refused(media("A001C003.mov"), "out.mov", r"exists",
                     "--profile", "422hq", "--no-burn-in", listing=["out.mov"])

    def test_force_replaces(self):
        d = outdir("force")
        out = os.path.join(d, "out.mov")
        with open(out, "w") as f:
            f.write("old\n")
        status, _, err = run("blank", media("B002.mov"), "-o", out,
                             "--profile", "lt", "--no-burn-in", "--force")
        self.assertEqual(status, 0, err)
        self.assertEqual(int(video_stream(ffprobe(out))["nb_frames"]), 12)

    def test_interlaced_source(self):
        src = os.path.join(WORK, "media", "interlaced.mov")
        with open(media("B002.mov"), "rb") as f:
            data = bytearray(f.read())
        at = data.rfind(b"fiel")
        self.assertGreater(at, 0)
        data[at + 4:at + 6] = b"\x02\x09"  # two fields, top first
        with open(src, "wb") as f:
            f.write(data)
        self.refused(src, src, r"interlaced", "--profile", "422hq")

    def test_interlaced_like(self):
        like = os.path.join(WORK, "media", "interlaced-grade.mov")
        with open(media("grade.mov"), "rb") as f:
            data = bytearray(f.read())
        at = data.rfind(b"fiel")
        self.assertGreater(at, 0)
        data[at + 4:at + 6] = b"\x02\x06"  # two fields, bottom first
        with open(like, "wb") as f:
            f.write(data)
        self.refused(media("A001C003.mov"), like, r"interlaced", "--like",
                     like, "--no-burn-in")


def ffmpeg_lavfi(path, frames, *args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=s=256x144:r=25", "-frames:v", str(frames)]
                   + list(args) + [path], check=True)


class SourceKindsTest(unittest.TestCase):
    """Camera originals of other kinds: MXF through libavformat, a movie
    with no timecode, ALE rows (one of them bad)."""

    def test_mxf(self):
        mxf = os.path.join(WORK, "media", "B001C002.mxf")
        ffmpeg_lavfi(mxf, 30, "-c:v", "dnxhd", "-profile:v", "dnxhr_lb",
                     "-pix_fmt", "yuv422p", "-timecode", "13:00:00:00",
                     "-metadata", "reel_name=B001")
        d = outdir("mxf")
        status, out, err = run("blank", mxf, "-o", d, "--profile", "422",
                               "--no-burn-in", "--json")
        self.assertEqual(status, 0, err)
        out_path = os.path.join(d, "B001C002.mov")
        self.assertEqual(os.listdir(d), ["B001C002.mov"])
        info = ffprobe(out_path)
        v = video_stream(info)
        self.assertEqual(int(v["nb_frames"]), 30)
        self.assertEqual((v["width"], v["height"]), (256, 144))
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "13:00:00:00")
        self.assertEqual(tmcd_stream(info)["tags"]["reel_name"], "B001")
        self.assertEqual(len(decode(out_path, width=256, height=144)), 30)

    def test_no_timecode_needs_tc(self):
        notc = os.path.join(WORK, "media", "NOTC.mov")
        ffmpeg_lavfi(notc, 8, "-c:v", "mpeg4")
        d = outdir("notc")
        out = os.path.join(d, "notc.mov")
        status, _, err = run("blank", notc, "-o", out, "--profile", "lt",
                             "--no-burn-in")
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(notc, lines[0])
        self.assertRegex(lines[0].lower(), "timecode")
        self.assertEqual(os.listdir(d), [])
        status, _, err = run("blank", notc, "-o", out, "--profile", "lt",
                             "--no-burn-in", "--tc", "05:00:00:00")
        self.assertEqual(status, 0, err)
        info = ffprobe(out)
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "05:00:00:00")
        self.assertEqual(int(video_stream(info)["nb_frames"]), 8)

    def test_ale_rows(self):
        ale = os.path.join(WORK, "media", "day1.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nVIDEO_FORMAT\t1080\n"
                    "FPS\t29.97\n\nColumn\nName\tStart\tEnd\tTape\n\nData\n"
                    "R001C001\t01:00:00;00\t01:00:01;00\tR001\n"
                    "R001C002\t01:00:10;00\t01:00:09;00\tR001\n"
                    "R001C003\t01:00:20;00\t01:00:20;15\tR001\n")
        d = outdir("ale")
        status, out, err = run("blank", ale, "-o", d, "--profile", "proxy",
                               "--size", "320x176", "--no-burn-in")
        self.assertEqual(status, 1, err)
        # the bad row: one line naming the ALE and its line (line 11)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn("%s:11" % ale, lines[0])
        self.assertEqual(sorted(os.listdir(d)), ["R001C001.mov",
                                                 "R001C003.mov"])
        self.assertIn("2 written, 1 failed", out)
        info = ffprobe(os.path.join(d, "R001C001.mov"))
        self.assertEqual(video_stream(info)["r_frame_rate"], "30000/1001")
        self.assertEqual(int(video_stream(info)["nb_frames"]), 30)
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "01:00:00;00")
        self.assertEqual(tmcd_stream(info)["tags"]["reel_name"], "R001")
        info = ffprobe(os.path.join(d, "R001C003.mov"))
        self.assertEqual(int(video_stream(info)["nb_frames"]), 15)
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "01:00:20;00")

    def test_ale_names_are_made_safe_file_names(self):
        # An ALE's Name is text, not a file name: a blank rush named after
        # it stays inside -o DIR, never hidden, never over another.
        ale = os.path.join(WORK, "media", "names.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\n\nData\n"
                    "../../escaped\t10:00:00:00\t10:00:00:05\n"
                    ".hidden\t10:00:01:00\t10:00:01:05\n"
                    "A/B\\C\t10:00:02:00\t10:00:02:05\n")
        parent = outdir("names")
        d = os.path.join(parent, "out")
        os.mkdir(d)
        status, _, err = run("blank", ale, "-o", d, "--profile", "proxy",
                             "--size", "128x96", "--no-burn-in")
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(os.listdir(d)),
                         ["A_B_C.mov", "_._.._escaped.mov", "_hidden.mov"])
        self.assertEqual(os.listdir(parent), ["out"])
        self.assertFalse(os.path.exists(os.path.join(WORK, "out",
                                                     "escaped.mov")))

    def test_one_clip_name_twice_never_replaces_the_first(self):
        # two ALE rows of one Name map to one OUTDIR/NAME.mov: the second is
        # refused naming the first row, with or without --force (it used to
        # replace the first under --force, and the run said "2 written")
        ale = os.path.join(WORK, "media", "twice.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\tTape\n\nData\n"
                    "C001\t10:00:00:00\t10:00:01:00\tR1\n"
                    "C001\t11:00:00:00\t11:00:00:10\tR2\n")
        d = outdir("twice")
        out = os.path.join(d, "C001.mov")
        for extra in ([], ["--force"]):
            status, stdout, err = run("blank", ale, "-o", d, "--profile",
                                      "proxy", "--size", "128x96",
                                      "--no-burn-in", *extra)
            self.assertEqual(status, 1, err)
            lines = error_lines(err)
            self.assertEqual(len(lines), 1, err)
            self.assertIn(out, lines[0])
            self.assertIn("%s:9" % ale, lines[0])
            self.assertNotIn("--force", lines[0])
            self.assertIn("1 written, 1 failed", stdout)
            self.assertEqual(os.listdir(d), ["C001.mov"])
            info = ffprobe(out)
            self.assertEqual(int(video_stream(info)["nb_frames"]), 25)
            self.assertEqual(tmcd_stream(info)["tags"]["timecode"],
                             "10:00:00:00")
            self.assertEqual(tmcd_stream(info)["tags"]["reel_name"], "R1")

    def test_ale_without_size_needs_one(self):
        ale = os.path.join(WORK, "media", "nosize.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\n\nData\n"
                    "C001\t10:00:00:00\t10:00:01:00\n")
        d = outdir("alesize")
        status, _, err = run("blank", ale, "-o", d, "--profile", "proxy",
                             "--no-burn-in")
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(ale, lines[0])
        self.assertRegex(lines[0], "size")
        self.assertEqual(os.listdir(d), [])


class SourceFactsTest(unittest.TestCase):
    """What blank takes from a source (issue 9's "source metadata"): its
    scan where only the bitstream says it, its pixel aspect, its
    drop-frame flag against --tc, its warnings; and the one shape of the
    --json errors of ALE rows."""

    def test_interlaced_h264_without_fiel_is_refused(self):
        # x264 codes the fields; the movie has no 'fiel' atom
        src = os.path.join(WORK, "media", "L012.mov")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                        "lavfi", "-i", "testsrc2=s=720x576:r=25:d=0.4",
                        "-vf", "setfield=tff", "-c:v", "libx264", "-flags",
                        "+ilme+ildct", "-x264opts", "tff=1", "-timecode",
                        "10:00:00:00", src], check=True)
        with open(src, "rb") as f:
            self.assertNotIn(b"fiel", f.read())
        self.assertEqual(video_stream(ffprobe(src))["field_order"], "tt")
        d = outdir("l012")
        status, _, err = run("blank", src, "-o", os.path.join(d, "x.mov"),
                             "--profile", "lt")
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(src, lines[0])
        self.assertIn("interlaced", lines[0])
        self.assertEqual(os.listdir(d), [])
        status, out, err = run("probe", "--source", src)
        self.assertEqual(status, 0, err)
        self.assertIn("  scan:           interlaced\n", out)
        status, out, err = run("probe", "--source", "--json", src)
        clip = json.loads(out)[0]
        self.assertTrue(clip["interlaced"])
        self.assertEqual(clip["scan"], "interlaced")
        self.assertIn("libavformat", clip["origins"]["scan"])

    def test_progressive_and_unknown_scan_are_not_refused(self):
        prog = os.path.join(WORK, "media", "P014.mov")
        ffmpeg_lavfi(prog, 5, "-c:v", "libx264", "-timecode", "10:00:00:00")
        # PNG frames say nothing of their scan, nor does the movie once
        # its 'fiel' atom is renamed
        png = os.path.join(WORK, "media", "N015.mov")
        ffmpeg_lavfi(png, 3, "-c:v", "png", "-timecode", "10:00:00:00")
        with open(png, "rb") as f:
            data = bytearray(f.read())
        at = data.rfind(b"fiel")
        self.assertGreater(at, 0)
        data[at:at + 4] = b"xiel"
        with open(png, "wb") as f:
            f.write(data)
        for src, scan in ((prog, "progressive"), (png, None)):
            status, out, err = run("probe", "--source", "--json", src)
            self.assertEqual(status, 0, err)
            clip = json.loads(out)[0]
            self.assertEqual(clip["scan"], scan, src)
            self.assertFalse(clip["interlaced"])
            d = outdir("scan")
            out_path = os.path.join(d, "x.mov")
            status, _, err = run("blank", src, "-o", out_path, "--profile",
                                 "proxy", "--no-burn-in")
            self.assertEqual(status, 0, err)
            self.assertEqual(video_stream(ffprobe(out_path))["field_order"],
                             "progressive")
        status, out, _ = run("probe", "--source", png)
        self.assertIn("  scan:           not known\n", out)

    def test_anamorphic_source_keeps_its_pixel_aspect(self):
        src = os.path.join(WORK, "media", "M013.mov")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                        "lavfi", "-i", "testsrc2=s=640x360:r=25",
                        "-frames:v", "6", "-vf", "setsar=2/1", "-c:v",
                        "libx264", "-timecode", "01:00:00:00", src],
                       check=True)
        status, out, err = run("probe", "--source", src)
        self.assertEqual(status, 0, err)
        self.assertIn("  size:           640x360\n", out)
        self.assertIn("  pixel aspect:   2:1 (displayed 1280x360)\n", out)
        status, out, err = run("probe", "--source", "--json", src)
        clip = json.loads(out)[0]
        self.assertEqual((clip["pixel_aspect"], clip["display_width"],
                          clip["display_height"]), ("2:1", 1280, 360))
        d = outdir("m013")
        out_path = os.path.join(d, "m.mov")
        status, out, err = run("blank", src, "-o", out_path, "--profile",
                               "lt", "--no-burn-in", "--json")
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertEqual(json.loads(out)["outputs"][0]["pixel_aspect"], "2:1")
        v = video_stream(ffprobe(out_path))
        self.assertEqual((v["width"], v["height"]), (640, 360))
        self.assertEqual(v["sample_aspect_ratio"], "2:1")
        self.assertEqual(v["display_aspect_ratio"], "32:9")
        self.assertEqual(len(decode(out_path, width=640, height=360)), 6)
        # --like: the segment's format wins, with one warning naming both
        grade = make_fixture(media("grade-640.mov"), 3, tc="01:00:00:00",
                             size="640x360", profile="hq")
        like_out = os.path.join(d, "like.mov")
        status, _, err = run("blank", src, "-o", like_out, "--like", grade,
                             "--no-burn-in")
        self.assertEqual(status, 0, err)
        warnings = [l for l in err.splitlines()
                    if l.startswith("proreswriter: warning: ")]
        self.assertEqual(warnings, [
            "proreswriter: warning: %s: has a pixel aspect of 2:1 but --like "
            "%s has 1:1; the blank rush's is 1:1" % (src, grade)], err)
        self.assertEqual(video_stream(ffprobe(like_out))
                         ["sample_aspect_ratio"], "1:1")
        # a square source with --profile stays square, without a warning
        status, _, err = run("blank", media("B002.mov"), "-o",
                             os.path.join(d, "sq.mov"), "--profile", "lt",
                             "--no-burn-in")
        self.assertEqual((status, err), (0, ""))
        self.assertEqual(video_stream(ffprobe(os.path.join(d, "sq.mov")))
                         ["sample_aspect_ratio"], "1:1")

    def test_tc_separator_against_the_drop_frame_flag(self):
        d = outdir("dftc")
        out = os.path.join(d, "df2.mov")
        # df.mov: 29.97 drop frame; --tc written non-drop
        status, _, err = run("blank", media("df.mov"), "-o", out,
                             "--profile", "lt", "--no-burn-in", "--tc",
                             "00:00:59:28")
        self.assertEqual(status, 2, err)
        first = err.splitlines()[0]
        self.assertIn("00:00:59:28", first)
        self.assertIn("00:59:59;28", first)
        self.assertIn(media("df.mov"), first)
        self.assertEqual(os.listdir(d), [])
        status, _, err = run("blank", media("df.mov"), "-o", out,
                             "--profile", "lt", "--no-burn-in", "--tc",
                             "00:00:59:28", "--json")
        self.assertEqual(status, 2, err)
        self.assertEqual(json.loads(err.splitlines()[0])["error"]["code"],
                         "usage")
        # 29.97 non-drop, --tc written drop frame: refused the same way
        ndf = make_fixture(media("ndf.mov"), 4, tc="01:00:00:00",
                           rate="30000/1001")
        status, _, err = run("blank", ndf, "-o", out, "--profile", "lt",
                             "--no-burn-in", "--tc", "02:00:00;00")
        self.assertEqual(status, 2, err)
        self.assertEqual(os.listdir(d), [])
        # agreeing: taken
        status, _, err = run("blank", media("df.mov"), "-o", out,
                             "--profile", "lt", "--no-burn-in", "--tc",
                             "00:00:59;28")
        self.assertEqual(status, 0, err)
        self.assertEqual(tmcd_stream(ffprobe(out))["tags"]["timecode"],
                         "00:00:59;28")
        # a source without a timecode: the label decides
        notc = os.path.join(WORK, "media", "NOTC2997.mov")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                        "lavfi", "-i", "testsrc=s=256x144:r=30000/1001",
                        "-frames:v", "4", "-c:v", "mpeg4", notc], check=True)
        out2 = os.path.join(d, "notc.mov")
        status, _, err = run("blank", notc, "-o", out2, "--profile", "lt",
                             "--no-burn-in", "--tc", "03:00:00;02")
        self.assertEqual(status, 0, err)
        self.assertEqual(tmcd_stream(ffprobe(out2))["tags"]["timecode"],
                         "03:00:00;02")

    def test_tc_usage_error_frees_what_it_read(self):
        # the usage error is found after the run's tables are made: they
        # are freed on that path too (valgrind: nothing definitely lost)
        d = outdir("dftcleak")
        supp = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            "..", "sanitizers", "valgrind.supp")
        argv = [CLI, "blank", media("df.mov"), "-o", os.path.join(d, "x.mov"),
                "--profile", "lt", "--no-burn-in", "--tc", "00:00:59:28"]
        if "detect_leaks=1" not in os.environ.get("ASAN_OPTIONS", ""):
            argv = ["valgrind", "--quiet", "--error-exitcode=99",
                    "--leak-check=full", "--show-leak-kinds=definite",
                    "--errors-for-leak-kinds=definite",
                    "--suppressions=" + supp] + argv
        # else a sanitizer build (tests/meson.build's sanitize setup), which
        # valgrind cannot run: LeakSanitizer checks the same exit, and a
        # leak would make the exit status its own (23), not 2
        proc = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, timeout=300,
            env=dict(os.environ, G_SLICE="always-malloc"))
        err = proc.stderr.decode("utf-8", "replace")
        self.assertEqual(proc.returncode, 2, err)
        self.assertNotIn("definitely lost", err)
        self.assertNotIn("LeakSanitizer", err)
        self.assertEqual(os.listdir(d), [])

    def test_bogus_drop_frame_flag_is_a_warning(self):
        src = media("bogus-df.mov")
        subprocess.run([FIXTURE, src, "--rate", "25/1", "--frames", "3",
                        "--tc", "10:00:00:00", "--tmcd-drop-flag"],
                       check=True, stdout=subprocess.DEVNULL)
        _, _, probe_err = run("probe", "--source", src)
        self.assertEqual(len(probe_err.splitlines()), 1, probe_err)
        d = outdir("bogus")
        status, _, err = run("blank", src, "-o", os.path.join(d, "b.mov"),
                             "--profile", "proxy", "--no-burn-in")
        self.assertEqual(status, 0, err)
        self.assertEqual(err, probe_err)
        self.assertIn(src, err)
        self.assertIn("drop frame", err)

    def test_ale_json_errors_have_one_shape(self):
        ale = os.path.join(WORK, "media", "shape.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\tFrame Width\tFrame Height\n\n"
                    "Data\n"
                    "C001\t10:00:00:00\t10:00:00:05\t128\t96\n"
                    "C002\t10:00:01:00\t10:00:01:05\t\t\n"
                    "C003\t10:00:02:70\t10:00:02:75\t128\t96\n")
        d = outdir("shape")
        status, out, err = run("blank", ale, "-o", d, "--profile", "proxy",
                               "--no-burn-in", "--json")
        self.assertEqual(status, 1, err)
        errors = [json.loads(l)["error"] for l in err.splitlines()]
        self.assertEqual(sorted((e["file"], e["line"], e["code"])
                                for e in errors),
                         [(ale, 10, "unsupported"),
                          (ale, 11, "invalid-timecode")], err)
        for e in errors:
            self.assertTrue(e["message"].startswith("%s:%d: " %
                                                    (ale, e["line"])))
        doc = json.loads(out)
        self.assertEqual([(o["source"], o["line"]) for o in doc["outputs"]],
                         [(ale, 9)])
        self.assertEqual(sorted((o["source"], o["line"], o["code"])
                                for o in doc["failed"]),
                         [(ale, 10, "unsupported"),
                          (ale, 11, "invalid-timecode")])
        self.assertEqual(os.listdir(d), ["C001.mov"])
        # probe --source says the bad row alike
        status, _, err = run("probe", "--source", "--json", ale)
        self.assertEqual(status, 1, err)
        e = json.loads(err.splitlines()[0])["error"]
        self.assertEqual((e["file"], e["line"], e["code"]),
                         (ale, 11, "invalid-timecode"))
        # a malformed ALE: its file, and the line where it went wrong
        bad = os.path.join(WORK, "media", "shape-bad.ale")
        with open(bad, "w") as f:
            f.write("Heading\nFPS\t25\n\nColumn\nName\tStart\tEnd\n")
        status, out, err = run("blank", bad, "-o", d, "--profile", "proxy",
                               "--json")
        self.assertEqual(status, 1, err)
        e = json.loads(err.splitlines()[0])["error"]
        self.assertEqual((e["file"], e["line"], e["code"]),
                         (bad, 5, "corrupt"))
        f = json.loads(out)["failed"][0]
        self.assertEqual((f["source"], f["line"], f["code"]),
                         (bad, 5, "corrupt"))
        status, _, err = run("probe", "--source", "--json", bad)
        e = json.loads(err.splitlines()[0])["error"]
        self.assertEqual((e["file"], e["line"], e["code"]),
                         (bad, 5, "corrupt"))


class FolderTest(unittest.TestCase):
    def test_good_sources_are_made_and_both_summarised(self):
        d = outdir("dir")
        bad = os.path.join(WORK, "media", "empty.mov")
        open(bad, "wb").close()
        status, out, err = run("blank", media("A001C003.mov"), bad,
                               media("B002.mov"), "-o", d, "--profile",
                               "proxy", "--size", "320x192", "--no-burn-in")
        self.assertEqual(status, 1, err)
        self.assertEqual(sorted(os.listdir(d)), ["A001C003.mov", "B002.mov"])
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(bad, lines[0])
        self.assertIn("2 written, 1 failed", out)
        self.assertIn(bad, out)
        self.assertEqual(
            int(video_stream(ffprobe(os.path.join(d, "B002.mov")))
                ["nb_frames"]), 12)
        self.assertEqual(
            tmcd_stream(ffprobe(os.path.join(d, "B002.mov")))["tags"]
            ["timecode"], "23:59:59:20")

    def test_json_lists_both(self):
        d = outdir("dirjson")
        bad = os.path.join(WORK, "media", "empty2.mov")
        open(bad, "wb").close()
        status, out, err = run("blank", bad, media("B002.mov"), "-o", d,
                               "--profile", "proxy", "--no-burn-in", "--json")
        self.assertEqual(status, 1, err)
        doc = json.loads(out)
        self.assertEqual([o["source"] for o in doc["outputs"]],
                         [media("B002.mov")])
        self.assertEqual([o["source"] for o in doc["failed"]], [bad])
        self.assertEqual(json.loads(err.splitlines()[0])["error"]["file"], bad)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def warning_lines(stderr):
    return [l for l in stderr.splitlines()
            if l.startswith("proreswriter: warning: ")]


class InputsTest(unittest.TestCase):
    """Issue 9's tester (a colorist): sources are never written over,
    folders are walked, -o is checked before anything is made."""

    ARGS = ("--profile", "lt", "--size", "128x96", "--no-burn-in")

    def test_force_never_overwrites_the_sources(self):
        # blank shoot/*.mov -o shoot --force: each output is its own source
        shoot = outdir("shoot")
        for name in ("A001C003.mov", "B002.mov"):
            shutil.copy(media(name), os.path.join(shoot, name))
        before = {n: digest(os.path.join(shoot, n)) for n in os.listdir(shoot)}
        status, out, err = run("blank", os.path.join(shoot, "A001C003.mov"),
                               os.path.join(shoot, "B002.mov"), media("df.mov"),
                               "-o", shoot, *self.ARGS, "--force")
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 2, err)
        for line, name in zip(lines, ("A001C003.mov", "B002.mov")):
            self.assertIn(os.path.join(shoot, name), line)
            self.assertRegex(line, r"is the source .*refusing to overwrite")
        self.assertIn("1 written, 2 failed", out)
        for name, sha in before.items():
            self.assertEqual(digest(os.path.join(shoot, name)), sha, name)
        # the other source is still made
        self.assertEqual(sorted(os.listdir(shoot)),
                         ["A001C003.mov", "B002.mov", "df.mov"])
        self.assertEqual(int(video_stream(ffprobe(
            os.path.join(shoot, "df.mov")))["nb_frames"]), 20)

    def test_output_is_the_source_itself(self):
        d = outdir("self")
        src = os.path.join(d, "src.mov")
        shutil.copy(media("B002.mov"), src)
        os.link(src, os.path.join(d, "hard.mov"))
        sha = digest(src)
        for out, extra in ((src, ["--force"]), (src, []),
                           (os.path.join(d, "hard.mov"), ["--force"])):
            status, _, err = run("blank", src, "-o", out, *self.ARGS, *extra)
            self.assertEqual(status, 1, err)
            lines = error_lines(err)
            self.assertEqual(len(lines), 1, err)
            self.assertIn(out, lines[0])
            self.assertRegex(lines[0], "is the source %s" % re.escape(src))
            self.assertEqual(digest(src), sha)
            self.assertEqual(sorted(os.listdir(d)), ["hard.mov", "src.mov"])

    def test_output_is_the_ale(self):
        # an ALE row's output that is (a hard link to) the ALE itself
        d = outdir("aleself")
        ale = os.path.join(d, "day.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\n\nData\n"
                    "C001\t10:00:00:00\t10:00:00:05\n"
                    "C002\t10:00:01:00\t10:00:01:05\n")
        out = os.path.join(d, "out")
        os.mkdir(out)
        os.link(ale, os.path.join(out, "C001.mov"))
        sha = digest(ale)
        status, stdout, err = run("blank", ale, "-o", out, *self.ARGS,
                                  "--force")
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(os.path.join(out, "C001.mov"), lines[0])
        self.assertIn("is the source %s" % ale, lines[0])
        self.assertEqual(digest(ale), sha)
        self.assertIn("1 written, 1 failed", stdout)
        self.assertEqual(int(video_stream(ffprobe(
            os.path.join(out, "C002.mov")))["nb_frames"]), 5)

    def test_a_folder_is_walked_as_conform_walks_it(self):
        root = outdir("walk")
        shoot = os.path.join(root, "shoot")
        for sub in ("DAY1", "DAY2", ".cache"):
            os.makedirs(os.path.join(shoot, sub))
        shutil.copy(media("A001C003.mov"),
                    os.path.join(shoot, "DAY1", "A001C003.mov"))
        make_fixture(os.path.join(shoot, "DAY2", "A001C003.mov"), 6,
                     tc="11:00:00:00")
        shutil.copy(media("B002.mov"), os.path.join(shoot, "B002.mov"))
        shutil.copy(media("df.mov"), os.path.join(shoot, ".hidden.mov"))
        shutil.copy(media("df.mov"), os.path.join(shoot, ".cache", "X.mov"))
        with open(os.path.join(shoot, "notes.txt"), "w") as f:
            f.write("not a movie\n")
        out = os.path.join(root, "blanks")  # made, as conform makes OUTDIR
        # a file given and found in the folder given too: read once
        status, stdout, err = run("blank", os.path.join(shoot, "B002.mov"),
                                  shoot, "-o", out, *self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [], err)
        warnings = warning_lines(err)
        self.assertEqual(len(warnings), 1, err)
        self.assertIn(os.path.join(shoot, "notes.txt"), warnings[0])
        self.assertNotIn("hidden", err + stdout)
        self.assertNotIn("cache", err + stdout)
        got = sorted(os.path.relpath(os.path.join(dp, f), out)
                     for dp, _, fs in os.walk(out) for f in fs)
        # one clip name in two folders: OUTDIR/FOLDER/CLIP.mov, as conform
        self.assertEqual(got, ["B002.mov", "DAY1/A001C003.mov",
                               "DAY2/A001C003.mov"])
        self.assertEqual(int(video_stream(ffprobe(
            os.path.join(out, "DAY1", "A001C003.mov")))["nb_frames"]), 40)
        info = ffprobe(os.path.join(out, "DAY2", "A001C003.mov"))
        self.assertEqual(int(video_stream(info)["nb_frames"]), 6)
        self.assertEqual(tmcd_stream(info)["tags"]["timecode"], "11:00:00:00")
        self.assertIn("3 written, 0 failed", stdout)

    def test_output_inside_a_folder_walked_is_a_usage_error(self):
        # as conform's OUTDIR: a later walk of the folder would take the
        # blank rushes for sources (blanks of blanks, one folder deeper
        # each run) and conform would find two clips of one name
        root = outdir("inside")
        shoot = os.path.join(root, "shoot")
        os.makedirs(os.path.join(shoot, "DAY1"))
        shutil.copy(media("B002.mov"), os.path.join(shoot, "DAY1",
                                                    "B002.mov"))
        for out in (os.path.join(shoot, "blanks"), shoot,
                    os.path.join(shoot, "DAY1"),
                    os.path.join(shoot, "DAY1", ".", "new", "deeper")):
            status, stdout, err = run("blank", shoot, "-o", out,
                                      *self.ARGS)
            self.assertEqual(status, 2, err)
            lines = error_lines(err)
            self.assertEqual(len(lines), 1, err)
            self.assertIn("-o %s" % out, lines[0])
            self.assertIn("inside the folder %s" % shoot, lines[0])
            self.assertEqual(stdout, "")
            got = sorted(os.path.relpath(os.path.join(dp, f), shoot)
                         for dp, _, fs in os.walk(shoot) for f in fs)
            self.assertEqual(got, ["DAY1/B002.mov"], out)
            self.assertEqual(sorted(os.listdir(shoot)), ["DAY1"])
        # through a symbolic link to the folder too
        link = os.path.join(root, "link")
        os.symlink(shoot, link)
        status, _, err = run("blank", shoot, "-o",
                             os.path.join(link, "blanks"), *self.ARGS)
        self.assertEqual(status, 2, err)
        self.assertFalse(os.path.exists(os.path.join(shoot, "blanks")))
        # beside it is fine, and a file given (not walked) may have its
        # output beside it, as with one SOURCE file
        out = os.path.join(root, "blanks")
        status, stdout, err = run("blank", shoot, "-o", out, *self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(os.listdir(out), ["B002.mov"])
        status, _, err = run("blank", os.path.join(shoot, "DAY1", "B002.mov"),
                             "-o", os.path.join(shoot, "DAY1", "B002_blank"),
                             *self.ARGS)
        self.assertEqual(status, 0, err)

    def test_a_file_given_fails_in_a_folder_given_too(self):
        # a file named on the command line that cannot be read fails the
        # run (exit 1), whether a folder given before it holds it or not:
        # read once, as given. Not a movie by its name, it is only a
        # warning when the folder alone names it.
        root = outdir("givenfolder")
        shoot = os.path.join(root, "shoot")
        os.mkdir(shoot)
        shutil.copy(media("B002.mov"), os.path.join(shoot, "B002.mov"))
        raw = os.path.join(shoot, "A001C001.braw")
        with open(raw, "wb") as f:
            f.write(b"\0\0\0\x10notamovie" + b"\0" * 100)
        for operands in ([raw, shoot], [shoot, raw]):
            out = os.path.join(root, "out-%d" % len(os.listdir(root)))
            status, stdout, err = run("blank", *operands, "-o", out,
                                      *self.ARGS)
            self.assertEqual(status, 1, (operands, err))
            lines = error_lines(err)
            self.assertEqual(len(lines), 1, (operands, err))
            self.assertIn(raw, lines[0])
            self.assertEqual(warning_lines(err), [], err)
            self.assertIn("1 written, 1 failed", stdout)
            self.assertEqual(os.listdir(out), ["B002.mov"])
        out = os.path.join(root, "out-alone")
        status, stdout, err = run("blank", shoot, "-o", out, *self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(error_lines(err), [], err)
        self.assertEqual(len(warning_lines(err)), 1, err)
        self.assertIn(raw, warning_lines(err)[0])

    def test_a_movie_in_a_folder_that_cannot_be_read_fails(self):
        # as conform counts it: a file that looks like media (.mov, .mxf,
        # .ale...) and cannot be read is a source lost (exit 1, an error
        # line); notes beside it stay warnings
        root = outdir("brokenwalk")
        shoot = os.path.join(root, "shoot")
        os.makedirs(os.path.join(shoot, "DAY1"))
        shutil.copy(media("B002.mov"), os.path.join(shoot, "B002.mov"))
        with open(media("A001C003.mov"), "rb") as f:
            head = f.read(2000)
        broken = os.path.join(shoot, "DAY1", "A001C001.MOV")
        with open(broken, "wb") as f:
            f.write(head)
        with open(os.path.join(shoot, "notes.txt"), "w") as f:
            f.write("camera report\n")
        # an ALE whose second row cannot be read
        ale = os.path.join(shoot, "DAY1", "day.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\n\nData\n"
                    "C001\t10:00:00:00\t10:00:00:05\n"
                    "C002\tbad\t10:00:01:05\n")
        out = os.path.join(root, "out")
        status, stdout, err = run("blank", shoot, "-o", out, *self.ARGS)
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 2, err)
        self.assertIn(broken, lines[0])
        self.assertIn("%s:10: " % ale, lines[1])
        warnings = warning_lines(err)
        self.assertEqual(len(warnings), 1, err)
        self.assertIn("notes.txt", warnings[0])
        self.assertIn("2 written, 2 failed", stdout)
        self.assertEqual(sorted(os.listdir(out)), ["B002.mov", "C001.mov"])

    NOBODY = 65534

    def unreadable_way(self):
        """How this run makes a folder it cannot read: mode 000 (not root),
        or as root mode 000 read by uid 65534 through setpriv (root reads
        anything), as the fault suite does (tests/faults). Its shim cannot
        stand in here: it fails open() and openat() calls, and glibc's
        opendir() opens the folder inside libc, where no preload reaches.
        Returns (prefix, env) for run_as(), or skips, saying why."""
        if os.geteuid() != 0:
            return [], None
        if shutil.which("setpriv") is None:
            self.skipTest("running as root, which reads a folder of mode "
                          "000, and setpriv is missing: no unprivileged "
                          "user to run the CLI as")
        home = os.path.join(WORK, "nobody-home")
        os.makedirs(home, exist_ok=True)
        os.chmod(home, 0o777)
        env = dict(os.environ, HOME=home, XDG_CACHE_HOME=home,
                   GST_REGISTRY_UPDATE="no")
        prefix = ["setpriv", "--reuid=%d" % self.NOBODY,
                  "--regid=%d" % self.NOBODY, "--clear-groups", "--"]
        # the test's folders: mkdtemp makes them 0700
        for d in (WORK, os.path.join(WORK, "out")):
            os.chmod(d, 0o755)
        proc = subprocess.run(prefix + [CLI, "--version"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=60)
        if proc.returncode != 0:
            self.skipTest("running as root, which reads a folder of mode "
                          "000, and uid %d cannot run the CLI here: %s"
                          % (self.NOBODY,
                             proc.stderr.decode("utf-8", "replace").strip()))
        return prefix, env

    def test_an_unreadable_subfolder_fails_the_run(self):
        # as conform counts an unreadable folder an input lost (exit 1):
        # the warning line naming it, every blank rush that can be made is
        # made, and the run fails
        prefix, env = self.unreadable_way()
        root = outdir("unreadablesub")
        os.chmod(root, 0o755)
        shoot = os.path.join(root, "shoot")
        for sub in ("DAY1", "DAY2"):
            os.makedirs(os.path.join(shoot, sub))
        shutil.copy(media("B002.mov"), os.path.join(shoot, "DAY1",
                                                    "B002.mov"))
        shutil.copy(media("df.mov"), os.path.join(shoot, "df.mov"))
        locked = os.path.join(shoot, "DAY2")
        shutil.copy(media("A001C003.mov"), os.path.join(locked,
                                                        "A001C003.mov"))
        os.chmod(locked, 0)
        self.addCleanup(os.chmod, locked, 0o755)

        def run_as(*args):
            proc = subprocess.run(
                prefix + [CLI] + [str(a) for a in args], env=env,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL, timeout=300)
            return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
                    proc.stderr.decode("utf-8", "replace"))

        def out_folder(name):
            path = os.path.join(root, name)
            os.mkdir(path)
            if prefix:
                os.chown(path, self.NOBODY, self.NOBODY)
            return path

        out = out_folder("blanks")
        status, stdout, err = run_as("blank", shoot, "-o", out, *self.ARGS)
        self.assertEqual(status, 1, err)
        warnings = warning_lines(err)
        self.assertEqual(len(warnings), 1, err)
        self.assertIn(locked, warnings[0])
        self.assertRegex(warnings[0].lower(), r"permission denied")
        lines = error_lines(err)
        self.assertEqual(lines, ["proreswriter: 1 folder could not be read "
                                 "(see the warnings above); the run went "
                                 "on without it"], err)
        self.assertIn("2 written, 0 failed", stdout)
        self.assertEqual(sorted(os.listdir(out)), ["B002.mov", "df.mov"])
        self.assertEqual(int(video_stream(ffprobe(
            os.path.join(out, "B002.mov")))["nb_frames"]), 12)
        self.assertEqual(int(video_stream(ffprobe(
            os.path.join(out, "df.mov")))["nb_frames"]), 20)
        # --json: the same outcome; the warning and the error are JSON
        # lines on stderr, the error's code "unreadable" as conform's
        out = out_folder("blanks-json")
        status, stdout, err = run_as("blank", shoot, "-o", out, *self.ARGS,
                                     "--json")
        self.assertEqual(status, 1, err)
        doc = json.loads(stdout)
        self.assertEqual(sorted(os.path.basename(o["output"])
                                for o in doc["outputs"]),
                         ["B002.mov", "df.mov"])
        self.assertEqual(doc["failed"], [])
        said = [json.loads(line) for line in err.splitlines()]
        self.assertEqual(len(said), 2, err)
        self.assertEqual(said[0]["warning"]["file"], locked, err)
        self.assertEqual(said[1]["error"]["code"], "unreadable", err)
        self.assertEqual(sorted(os.listdir(out)), ["B002.mov", "df.mov"])
        # the folder readable again: no warning, exit 0
        os.chmod(locked, 0o755)
        out = out_folder("blanks-readable")
        status, stdout, err = run_as("blank", shoot, "-o", out, *self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertIn("3 written, 0 failed", stdout)

    def test_an_empty_folder_is_a_failure(self):
        root = outdir("emptyfolder")
        src = os.path.join(root, "src")
        os.mkdir(src)
        with open(os.path.join(src, "notes.txt"), "w") as f:
            f.write("not a movie\n")
        out = os.path.join(root, "out")
        status, _, err = run("blank", src, "-o", out, *self.ARGS)
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn(src, lines[0])
        self.assertIn("no sources", lines[0])
        self.assertFalse(os.path.exists(out))

    def test_a_missing_output_folder_is_made_once(self):
        root = outdir("multi")
        out = os.path.join(root, "multi")
        status, stdout, err = run("blank", media("A001C003.mov"),
                                  media("B002.mov"), "-o", out, *self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertEqual(sorted(os.listdir(out)), ["A001C003.mov",
                                                   "B002.mov"])
        self.assertIn("2 written, 0 failed", stdout)

    def test_output_that_is_not_a_folder_is_a_usage_error(self):
        d = outdir("notfolder")
        ale = os.path.join(WORK, "media", "one.ale")
        with open(ale, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\n\nData\n"
                    "C001\t10:00:00:00\t10:00:00:05\n")
        existing = os.path.join(d, "existing_file.ale")
        with open(existing, "w") as f:
            f.write("a file\n")
        for out, reason in ((existing, "is not a folder"),
                            (os.path.join(d, "x.mov"), "names a movie")):
            for sources in ([ale], [media("A001C003.mov"),
                                    media("B002.mov")]):
                status, stdout, err = run("blank", *sources, "-o", out,
                                          *self.ARGS)
                self.assertEqual(status, 2, err)
                lines = error_lines(err)
                self.assertEqual(len(lines), 1, err)
                self.assertIn(out, lines[0])
                self.assertIn(reason, lines[0])
                self.assertEqual(stdout, "")
                self.assertEqual(sorted(os.listdir(d)),
                                 ["existing_file.ale"])

    def test_one_source_to_a_name_without_extension_is_that_file(self):
        d = outdir("noext")
        out = os.path.join(d, "blanks")
        status, _, err = run("blank", media("B002.mov"), "-o", out,
                             *self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertTrue(os.path.isfile(out))
        self.assertEqual(int(video_stream(ffprobe(out))["nb_frames"]), 12)

    def test_empty_output_is_a_usage_error(self):
        d = outdir("emptyo")
        for args in (["blank", media("B002.mov"), *self.ARGS],
                     ["print", media("A001C003.mov"), media("grade.mov")],
                     ["report", os.path.join(d, "x.mov"),
                      media("A001C003.mov"), media("grade.mov")],
                     ["conform", "--sources", media("A001C003.mov"),
                      "--grades", media("grade.mov")]):
            status, stdout, err = run(*args, "-o", "")
            self.assertEqual(status, 2, args)
            lines = error_lines(err)
            self.assertEqual(len(lines), 1, err)
            self.assertIn("-o/--output: an empty file name", lines[0])
            self.assertEqual(stdout, "")
        self.assertEqual(os.listdir(d), [])

    def test_a_long_output_name_is_written(self):
        # 248 + 4 bytes: legal, but ".NAME.prw-XXXXXX" would not be
        d = outdir("long")
        for stem in ("L" * 248, "\u00e9" * 125):
            out = os.path.join(d, stem + ".mov")
            status, _, err = run("blank", media("B002.mov"), "-o", out,
                                 *self.ARGS)
            self.assertEqual(status, 0, err)
            self.assertEqual(int(video_stream(ffprobe(out))["nb_frames"]),
                             12)
        self.assertEqual(sorted(os.listdir(d)),
                         sorted(["L" * 248 + ".mov",
                                 "\u00e9" * 125 + ".mov"]))

    def test_an_ale_without_rows_has_no_clips(self):
        nodata = os.path.join(WORK, "media", "nodata.ale")
        with open(nodata, "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\n\nData\n")
        d = outdir("nodata")
        status, stdout, err = run("blank", nodata, "-o", d, *self.ARGS,
                                  "--json")
        self.assertEqual(status, 1, err)
        doc = json.loads(stdout)
        self.assertEqual(doc["outputs"], [])
        self.assertEqual([f["source"] for f in doc["failed"]], [nodata])
        self.assertIn("%s: no clips" % nodata, doc["failed"][0]["error"])
        self.assertEqual(os.listdir(d), [])
        status, _, err = run("blank", nodata, "-o", d, *self.ARGS)
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn("%s: no clips" % nodata, lines[0])
        status, _, err = run("probe", "--source", nodata)
        self.assertEqual(status, 1, err)
        lines = error_lines(err)
        self.assertEqual(len(lines), 1, err)
        self.assertIn("%s: no clips" % nodata, lines[0])
        # conform reports it in one line, as any input it cannot read
        status, _, err = run("conform", "--sources", nodata,
                             media("A001C003.mov"), "--grades",
                             media("grade.mov"), "-o",
                             os.path.join(d, "conform"), "--dry-run")
        lines = [l for l in err.splitlines() if nodata in l]
        self.assertEqual(len(lines), 1, err)
        self.assertIn("%s: no clips" % nodata, lines[0])


class BlankCliMessages(unittest.TestCase):
    """Colorists' findings on blank's messages: a --size ProRes cannot take
    is a usage error about --size, before any source is read (it blamed the
    source, exit 1); an interrupted job's line in the summary says what
    stderr says, not GLib's "Operation was cancelled"."""

    LONG_ALE = ("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                "Name\tStart\tEnd\tTape\n\nData\n"
                # four hours: a job long enough to interrupt
                "Z001C001\t01:00:00:00\t05:00:00:00\tZ001\n"
                "Z001C002\t06:00:00:00\t06:00:01:00\tZ001\n")

    @classmethod
    def setUpClass(cls):
        cls.source = make_fixture(media("msg_A001.mov"), 6)

    def test_size_prores_cannot_take_is_a_usage_error(self):
        d = outdir("oddsize")
        line = ("proreswriter: --size 641x361: unsupported picture size "
                "641x361 (an even width and a height from 16 to 8192)")
        for source in (self.source, media("no such source.mov")):
            with self.subTest(source=source):
                status, stdout, err = run("blank", source, "-o",
                                          os.path.join(d, "x.mov"),
                                          "--profile", "lt", "--size",
                                          "641x361")
                self.assertEqual((status, stdout), (2, ""), err)
                self.assertEqual(err.splitlines()[0], line)
                self.assertNotIn(source, err)
                status, stdout, err = run("blank", source, "-o",
                                          os.path.join(d, "x.mov"),
                                          "--profile", "lt", "--size",
                                          "641x361", "--json")
                self.assertEqual((status, stdout), (2, ""), err)
                self.assertEqual(json.loads(err), {"error": {
                    "code": "usage", "file": None,
                    "message": line[len("proreswriter: "):]}})
        self.assertEqual(os.listdir(d), [])
        # an even width at that height is one ProRes takes
        status, stdout, err = run("blank", self.source, "-o",
                                  os.path.join(d, "x.mov"), "--profile",
                                  "lt", "--size", "640x361", "--no-burn-in")
        self.assertEqual(status, 0, err)
        stream = video_stream(ffprobe(os.path.join(d, "x.mov")))
        self.assertEqual((stream["width"], stream["height"]), (640, 361))

    def interrupted(self, *extra):
        """blank of LONG_ALE into a new folder, SIGINT while its first job
        writes: (folder, ALE, exit status, stdout, stderr)."""
        import signal
        import time
        d = outdir("interrupt")
        ale = os.path.join(d, "long.ale")
        out = os.path.join(d, "out")
        with open(ale, "w") as f:
            f.write(self.LONG_ALE)
        proc = subprocess.Popen(
            [CLI, "blank", ale, "-o", out, "--profile", "proxy", "--size",
             "128x96", "--no-burn-in", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            names = os.listdir(out) if os.path.isdir(out) else []
            if any(n.startswith(".Z001C001.mov.prw-") for n in names):
                break
            time.sleep(0.01)
        else:
            proc.kill()
            proc.communicate()
            self.fail("the long job never started")
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        self.assertEqual(os.listdir(out), [])
        return out, ale, proc.returncode, stdout.decode(), stderr.decode()

    def test_interrupted_job_is_worded_alike(self):
        out, ale, status, stdout, err = self.interrupted()
        said = "%s/Z001C001.mov: interrupted; nothing was written" % out
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "proreswriter: %s\n" % said)
        self.assertEqual(stdout, "0 written, 2 failed\n"
                         "  failed: %s:9: %s\n"
                         "  failed: %s:10: interrupted\n" % (ale, said, ale))
        self.assertNotIn("Operation was cancelled", stdout)
        # --json: the failed job's error is that line too
        out, ale, status, stdout, err = self.interrupted("--json")
        said = "%s/Z001C001.mov: interrupted; nothing was written" % out
        self.assertEqual(status, 1, err)
        self.assertEqual(json.loads(err), {"error": {
            "code": "cancelled", "file": "%s/Z001C001.mov" % out,
            "message": said}})
        doc = json.loads(stdout)
        self.assertEqual(doc["outputs"], [])
        self.assertEqual([(f["source"], f["line"], f["code"], f["error"])
                          for f in doc["failed"]],
                         [(ale, 9, "cancelled", said),
                          (ale, 10, "cancelled", "interrupted")])


class BlankUncopiedSound(unittest.TestCase):
    """A tester's finding: an MXF camera original's sound was dropped
    without a word (exit 0, "audio_tracks": 0). Each source whose sound is
    not copied is now said on stderr, one warning naming the file and how
    many tracks, and in --json ("audio_not_copied"); not with --no-audio,
    which asks for no sound."""

    @classmethod
    def setUpClass(cls):
        # the tester's recipe: a movie with one stereo 24-bit PCM track,
        # its streams copied into MXF with a timecode
        cls.dir = os.path.join(WORK, "media", "uncopied")
        os.makedirs(cls.dir)
        g = os.path.join(cls.dir, "g.mov")
        subprocess.run([FIXTURE, g, "--rate", "25/1", "--frames", "10",
                        "--tc", "06:00:00:00", "--size", "128x96",
                        "--audio", "2", "--audio-codec", "pcm_s24le"],
                       check=True, stdout=subprocess.DEVNULL)
        cls.mxf = os.path.join(cls.dir, "G001C001.mxf")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", g,
                        "-map", "0:v", "-map", "0:a", "-c", "copy",
                        "-timecode", "06:00:00:00", cls.mxf], check=True)
        cls.mov = g

    def warning(self, path, n):
        return ("proreswriter: warning: %s: its %d sound track%s %s not "
                "copied (MXF sound is not carried into blank rushes)" %
                (path, n, "" if n == 1 else "s", "is" if n == 1 else "are"))

    def test_the_source_has_one_sound_track(self):
        audio = audio_streams(ffprobe(self.mxf))
        self.assertEqual(len(audio), 1)
        self.assertEqual(audio[0]["codec_name"], "pcm_s24le")
        self.assertEqual(int(audio[0]["channels"]), 2)

    def test_text_says_it_once(self):
        out = os.path.join(outdir("uncopied-text"), "G.mov")
        status, stdout, err = run("blank", self.mxf, "-o", out, "--profile",
                                  "422", "--no-burn-in")
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(), [self.warning(self.mxf, 1)])
        self.assertTrue(stdout.startswith("wrote %s: 10 frames" % out),
                        stdout)
        self.assertNotIn("sound track", stdout)
        self.assertEqual(audio_streams(ffprobe(out)), [])
        self.assertEqual(int(video_stream(ffprobe(out))["nb_frames"]), 10)

    def test_json_member(self):
        d = outdir("uncopied-json")
        status, stdout, err = run("blank", self.mxf, self.mov, "-o", d,
                                  "--profile", "422", "--no-burn-in",
                                  "--json")
        self.assertEqual(status, 0, err)
        by_source = {o["source"]: o for o in json.loads(stdout)["outputs"]}
        self.assertEqual(by_source[self.mxf]["audio_tracks"], 0)
        self.assertEqual(by_source[self.mxf]["audio_not_copied"], 1)
        # a QuickTime movie's sound is copied: nothing left out
        self.assertEqual(by_source[self.mov]["audio_tracks"], 1)
        self.assertEqual(by_source[self.mov]["audio_not_copied"], 0)
        # stderr: the one warning, about the MXF only
        lines = [json.loads(l) for l in err.splitlines()]
        self.assertEqual(lines, [{"warning": {
            "file": self.mxf,
            "message": self.warning(self.mxf, 1)[len(
                "proreswriter: warning: "):]}}])

    def test_no_audio_says_nothing(self):
        d = outdir("uncopied-none")
        status, stdout, err = run("blank", self.mxf, "-o", d, "--profile",
                                  "422", "--no-burn-in", "--no-audio")
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        status, stdout, err = run("blank", self.mxf, "-o", d, "--profile",
                                  "422", "--no-burn-in", "--no-audio",
                                  "--force", "--json")
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertEqual(json.loads(stdout)["outputs"][0]["audio_not_copied"],
                         0)


def main():
    global CLI, FIXTURE, WORK
    CLI, FIXTURE = (os.path.abspath(p) for p in sys.argv[1:3])
    WORK = tempfile.mkdtemp(prefix="prw-blank-")
    try:
        suite = unittest.defaultTestLoader.loadTestsFromModule(
            sys.modules[__name__])
        result = unittest.TextTestRunner(verbosity=2,
                                         stream=sys.stdout).run(suite)
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
