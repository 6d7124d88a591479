#!/usr/bin/env python3
"""`proreswriter conform` on one small shoot, rendered, every output checked
frame by frame (issue 10's test shoot). The media are made here: ProRes
originals and grades by prw-make-fixture, an MXF original by ffmpeg.

  src/DAY1/A001/A001C001.mov  A cam, 01:00:00:00, 60 frames, reel A001,
                              sync sound: two tracks of 24-bit stereo PCM
  src/DAY1/B001/B001C001.mov  B cam, 01:00:01:00, 50 frames, reel B001
                              (rolling with A: overlapping timecode), one
                              track of 16-bit mono PCM
  src/DAY2/C001C001.mxf       MXF (DNxHR LB), 02:00:00:00, 30 frames,
                              256x144, reel C001

  grades/A001C001_010.mov     A's first grade
  grades/A001C001_020.mov     A's second: its head handles overlap the
                              first's core and tail handles
  vfx/A001C001_comp_v2.mov    a VFX shot over the second grade
  grades/B001C001_010.mov     inside A's timecode too: the name decides
  grades/shot_b.mov           names no original; its reel B001 names B
  grades/C001C001_grade.mov   the MXF's; its head handles start before it
  grades/A001C001_B001C001.mov  inside A and B, names both: ambiguous
  grades/B001C001_late.mov    past B's end by more than the handles
  grades/A001C001_wrongsize.mov  320x192 for a 640x368 original

All with --handles 3. Checked: every link (rule, layer, record frames),
every refusal (ambiguous, unmatched with its reason) and the exit status;
the plan's warnings; each output's frames against its source (a segment's
packets byte-exact at their record frames, handles only where no core
frame of another segment is, every other frame the packet `proreswriter
blank SOURCE --like GRADE` makes); each output's frame count, rate, start
timecode and reel (ffprobe and mediainfo); each output's sound tracks,
every packet the original's (ffmpeg); and
`proreswriter verify` of each output against that blank rush and its
segments. The expected
record frames, winners and warnings are computed here from the
timecodes, with integer frame math.

Run by meson as: python3 test_conform_shoot.py PRORESWRITER PRW_MAKE_FIXTURE
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = None
FIXTURE = None
WORK = None

FPS = 25  # every clip of the shoot; 25/1, non-drop
HANDLES = 3
SIZE = (640, 368)
MXF_SIZE = (256, 144)


def tc_to_frames(tc):
    h, m, s, f = (int(x) for x in tc.split(":"))
    return ((h * 60 + m) * 60 + s) * FPS + f


def frames_to_tc(n):
    f = n % FPS
    s = n // FPS
    return "%02d:%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60, f)


def plural(n):
    return "" if n == 1 else "s"


class Source:
    """sound: prw-make-fixture's options for its sound tracks; tracks: how
    many an output of it carries."""

    def __init__(self, path, clip, tc, frames, reel, size, sound=(),
                 tracks=0):
        self.path, self.clip, self.tc = path, clip, tc
        self.frames, self.reel, self.size = frames, reel, size
        self.sound, self.tracks = list(sound), tracks
        self.start = tc_to_frames(tc)


class Segment:
    """source: the clip it links to, "ambiguous" or "unmatched"."""

    def __init__(self, path, tc, frames, pattern="black", size=SIZE,
                 reel=None, layer="grade", source=None, rule=None,
                 candidates=(), nearest=None, reason=None):
        self.path, self.tc, self.frames = path, tc, frames
        self.pattern, self.size, self.reel, self.layer = (pattern, size,
                                                          reel, layer)
        self.source, self.rule = source, rule
        self.candidates, self.nearest, self.reason = (candidates, nearest,
                                                      reason)
        self.start = tc_to_frames(tc)
        self.name = os.path.basename(path)

    def record_in(self, src):
        return self.start - src.start

    def is_handle(self, k):
        return k < HANDLES or k >= self.frames - HANDLES


A = Source("src/DAY1/A001/A001C001.mov", "A001C001", "01:00:00:00", 60,
           "A001", SIZE, sound=("--audio", "2", "--audio-tracks", "2",
                                "--audio-codec", "pcm_s24le"), tracks=2)
B = Source("src/DAY1/B001/B001C001.mov", "B001C001", "01:00:01:00", 50,
           "B001", SIZE, sound=("--audio", "1"), tracks=1)
C = Source("src/DAY2/C001C001.mxf", "C001C001", "02:00:00:00", 30, "C001",
           MXF_SIZE)
# the record a conform keeps in its output folder (PrwConformState)
STATE = ".proreswriter-conform.json"

SOURCES = [A, B, C]


def late_reason():
    seg_in = tc_to_frames("01:00:03:00")
    after = seg_in + 10 - (B.start + B.frames)
    return ("%s-%s ends %d frames after the source's end (%s-%s), more "
            "than the %d handle frames"
            % (frames_to_tc(seg_in), frames_to_tc(seg_in + 9), after,
               B.tc, frames_to_tc(B.start + B.frames - 1), HANDLES))


# Each linked segment has a pattern of its own, so that no two segments
# of a job share a packet (checked): a frame from the wrong one shows.
SEGMENTS = [
    Segment("grades/A001C001_010.mov", "01:00:00:05", 20, "ball",
            source=A, rule="file-name"),
    Segment("grades/A001C001_020.mov", "01:00:00:20", 15, "smpte",
            source=A, rule="file-name"),
    Segment("vfx/A001C001_comp_v2.mov", "01:00:01:03", 10, "pinwheel",
            layer="vfx", source=A, rule="file-name"),
    Segment("grades/B001C001_010.mov", "01:00:01:20", 15, "zone-plate",
            source=B, rule="file-name"),
    Segment("grades/shot_b.mov", "01:00:01:05", 10, "checkers-4",
            reel="B001", source=B, rule="reel"),
    Segment("grades/C001C001_grade.mov", "01:59:59:23", 12, "gradient",
            size=MXF_SIZE, source=C, rule="file-name"),
    Segment("grades/A001C001_B001C001.mov", "01:00:01:05", 5, "spokes",
            source="ambiguous", candidates=(A, B)),
    Segment("grades/B001C001_late.mov", "01:00:03:00", 10,
            source="unmatched", nearest=B, reason=late_reason()),
    Segment("grades/A001C001_wrongsize.mov", "01:00:00:10", 10,
            size=(320, 192), source="unmatched", nearest=A,
            reason="size 320x192 vs %dx%d" % SIZE),
]


def linked(src):
    """src's segments in the plan's order: by path (grades/ < vfx/)."""
    return sorted((s for s in SEGMENTS if s.source is src),
                  key=lambda s: s.path)


def winners(src):
    """[(segment, frame of it) or None] per record frame of src's output:
    a core frame beats a handle; then VFX beats grade; then the later in
    name order."""
    segs = linked(src)
    out = []
    for r in range(src.frames):
        best = None
        for i, seg in enumerate(segs):
            k = r - seg.record_in(src)
            if 0 <= k < seg.frames:
                key = (not seg.is_handle(k), seg.layer == "vfx", i)
                if best is None or key > best[0]:
                    best = (key, seg, k)
        out.append(None if best is None else (best[1], best[2]))
    return out


def expected_warnings(src):
    """The plan's override warnings, as prw_plan_seal() words them: for
    each segment in plan order, each run of its record frames (in one of
    its parts: head handles, core, tail handles) where another segment's
    frames (core or handle) win."""
    segs = linked(src)
    win = winners(src)
    warnings = []
    for seg in segs:
        ri = seg.record_in(src)
        parts = [(0, HANDLES), (HANDLES, seg.frames - HANDLES),
                 (seg.frames - HANDLES, seg.frames)]
        for k0, k1 in parts:
            runs = []  # [winner, winner's part is a handle, first, last]
            for k in range(k0, k1):
                r = ri + k
                if not 0 <= r < src.frames or win[r][0] is seg:
                    continue
                w, wk = win[r]
                if runs and runs[-1][:2] == [w, w.is_handle(wk)] \
                        and runs[-1][3] == r - 1:
                    runs[-1][3] = r
                else:
                    runs.append([w, w.is_handle(wk), r, r])
            for w, w_handle, first, last in runs:
                l_handle = seg.is_handle(first - ri)
                tags = seg.layer != w.layer
                wt = " (%s)" % ("VFX" if w.layer == "vfx" else "grade") \
                    if tags else ""
                lt = " (%s)" % ("VFX" if seg.layer == "vfx" else "grade") \
                    if tags else ""
                n = last - first + 1
                where = "on record frames %d-%d (%s-%s; %d frame%s)" % (
                    first, last, frames_to_tc(src.start + first),
                    frames_to_tc(src.start + last), n, plural(n))
                if not w_handle and l_handle:
                    text = "%s%s: its handles yield to the core frames of " \
                           "%s%s %s" % (seg.name, lt, w.name, wt, where)
                elif w_handle:
                    text = "%s%s: its handles override the handles of " \
                           "%s%s %s" % (w.name, wt, seg.name, lt, where)
                else:
                    text = "%s%s overrides %s%s %s" % (w.name, wt, seg.name,
                                                        lt, where)
                warnings.append(text)
    return warnings


def make(path, tc, frames, size, reel=None, pattern="black", sound=()):
    full = os.path.join(WORK, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    args = [FIXTURE, full, "--rate", "%d/1" % FPS, "--tc", tc, "--frames",
            str(frames), "--size", "%dx%d" % size, "--pattern", pattern]
    if reel is not None:
        args += ["--reel", reel]
    subprocess.run(args + list(sound), check=True)


def make_shoot():
    make(A.path, A.tc, A.frames, A.size, reel=A.reel, sound=A.sound)
    make(B.path, B.tc, B.frames, B.size, reel=B.reel, sound=B.sound)
    full = os.path.join(WORK, C.path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=s=%dx%d:r=%d" % (C.size + (FPS,)),
                    "-frames:v", str(C.frames), "-c:v", "dnxhd", "-profile:v",
                    "dnxhr_lb", "-pix_fmt", "yuv422p", "-timecode", C.tc,
                    "-metadata", "reel_name=" + C.reel, full], check=True)
    for seg in SEGMENTS:
        make(seg.path, seg.tc, seg.frames, seg.size, reel=seg.reel,
             pattern=seg.pattern)


def run(*args):
    proc = subprocess.run([CLI] + [str(a) for a in args], cwd=WORK,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=300)
    return (proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def md5s(path):
    out = subprocess.run([FIXTURE, "--md5s", os.path.join(WORK, path)],
                         check=True, stdout=subprocess.PIPE).stdout.decode()
    return out.split()


def packet_md5s(path, spec):
    """The md5 of every packet of stream spec ("a:0") of path, as ffmpeg
    reads them (-c copy -f framemd5)."""
    out = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i",
                          os.path.join(WORK, path), "-map", "0:" + spec, "-c",
                          "copy", "-f", "framemd5", "-"], check=True,
                         stdout=subprocess.PIPE).stdout
    return [l.split(",")[-1].strip() for l in out.decode().splitlines()
            if l and not l.startswith("#")]


def ffprobe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json",
                          "-show_streams", os.path.join(WORK, path)],
                         check=True, stdout=subprocess.PIPE).stdout
    return json.loads(out)["streams"]


def conform(*extra):
    return run("conform", "--sources", "src", "--grades", "grades", "--vfx",
               "vfx", "--handles", HANDLES, "-o", "out", *extra)


def ambiguous_line(seg):
    return ("proreswriter: %s: matches %d sources (%s); printed nowhere"
            % (seg.path, len(seg.candidates),
               ", ".join("%s (%s)" % (s.clip, s.path)
                         for s in seg.candidates)))


class ConformShoot(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        make_shoot()
        # the shoot rendered once; the tests read what it left
        cls.status, cls.out, cls.err = conform()
        cls.blanks = {}

    def blank(self, src):
        """md5s of `proreswriter blank SOURCE --like` its first segment."""
        if src.clip not in self.blanks:
            path = "blank/%s.mov" % src.clip
            os.makedirs(os.path.join(WORK, "blank"), exist_ok=True)
            status, _, err = run("blank", src.path, "--like",
                                 linked(src)[0].path, "-o", path)
            self.assertEqual(status, 0, err)
            self.blanks[src.clip] = path
        return self.blanks[src.clip]

    def test_shoot_is_what_it_says(self):
        # the segments of each job have no packet in common with each
        # other or with the blank rush, so a frame from the wrong one shows
        for src in SOURCES:
            seen = set(md5s(self.blank(src)))
            for seg in linked(src):
                frames = md5s(seg.path)
                self.assertEqual(len(frames), seg.frames)
                self.assertEqual(len(set(frames)), seg.frames, seg.path)
                self.assertFalse(seen & set(frames), seg.path)
                seen |= set(frames)
        # A and B overlap in timecode, their reels differ
        self.assertLess(B.start, A.start + A.frames)
        self.assertNotEqual(A.reel, B.reel)
        # A's second grade's head handles lie over the first's core and
        # tail handles; the VFX shot's over the second grade's core
        a1, a2, vfx = linked(A)
        self.assertLess(a2.start, a1.start + a1.frames - HANDLES)
        self.assertLess(vfx.start + HANDLES,
                        a2.start + a2.frames - HANDLES)
        # C's grade starts before C; only its handles lie outside it
        self.assertEqual(C.start - linked(C)[0].start, HANDLES - 1)

    def test_links_json(self):
        status, out, err = conform("--dry-run", "--json")
        self.assertEqual(status, 1, err)  # the ambiguous grade
        doc = json.loads(out)
        self.assertEqual(doc["handles"], HANDLES)
        want = []
        for src in sorted(SOURCES, key=lambda s: s.clip):
            for seg in linked(src):
                ri = seg.record_in(src)
                want.append((src.clip, src.path, seg.path, seg.layer,
                             [seg.rule], ri, ri + seg.frames))
        self.assertEqual(
            [(l["source"]["clip_name"], l["source"]["path"], l["segment"],
              l["layer"], l["rules"], l["record_in"], l["record_out"])
             for l in doc["links"]], want)
        amb = [s for s in SEGMENTS if s.source == "ambiguous"]
        self.assertEqual(
            [(a["segment"], [(c["source"]["path"], c["rules"])
                             for c in a["candidates"]])
             for a in doc["ambiguous"]],
            [(s.path, [(c.path, ["file-name"]) for c in s.candidates])
             for s in amb])
        unmatched = sorted((s for s in SEGMENTS if s.source == "unmatched"),
                           key=lambda s: s.path)
        self.assertEqual(
            [(u["segment"], u["nearest"]["clip_name"], u["reason"])
             for u in doc["unmatched"]],
            [(s.path, s.nearest.clip, s.reason) for s in unmatched])
        self.assertEqual(doc["skipped"], [])
        # the jobs: each source's facts, as its output will carry them
        jobs = {j["source"]["clip_name"]: j for j in doc["jobs"]}
        self.assertEqual(sorted(jobs), sorted(s.clip for s in SOURCES))
        for src in SOURCES:
            job = jobs[src.clip]
            s = job["source"]
            self.assertEqual(
                (s["path"], s["reel"], s["frames"], s["rate"],
                 s["start_timecode"], s["width"], s["height"]),
                (src.path, src.reel, src.frames, "%d/1" % FPS, src.tc)
                + src.size)
            self.assertEqual(job["output"], "out/%s.mov" % src.clip)
            self.assertEqual([x["segment"] for x in job["segments"]],
                             [x.path for x in linked(src)])
        self.assertEqual(jobs["C001C001"]["source"]["format"],
                         "MXF OP1a, dnxhd")

    def test_links_text_and_refusals(self):
        self.assertEqual(self.status, 1, self.err)  # the ambiguous grade
        out = self.out
        links = out.split("\n\n")[0].splitlines()
        n = sum(len(linked(s)) for s in SOURCES)
        self.assertEqual(links[0], "Links (%d, handles %d frames):"
                         % (n, HANDLES))
        want = []
        for src in sorted(SOURCES, key=lambda s: s.clip):
            for seg in linked(src):
                ri = seg.record_in(src)
                last = ri + seg.frames - 1
                # a range starting before the source: "-2 to 9", not "-2-9"
                frames = (["%d" % ri, "to", "%d)" % last] if ri < 0
                          else ["%d-%d)" % (ri, last)])
                want.append([src.clip, seg.path, seg.layer, seg.rule,
                             "%s-%s" % (seg.tc, frames_to_tc(
                                 seg.start + seg.frames - 1)),
                             "(frames"] + frames)
        self.assertEqual([line.split() for line in links[2:]], want)
        amb = [s for s in SEGMENTS if s.source == "ambiguous"]
        self.assertIn(
            "Ambiguous (%d, printed nowhere):\n" % len(amb)
            + "".join("  %s (grade): matches %s\n" % (s.path, ", ".join(
                "%s (%s) by file-name" % (c.clip, c.path)
                for c in s.candidates)) for s in amb), out)
        unmatched = sorted((s for s in SEGMENTS if s.source == "unmatched"),
                           key=lambda s: s.path)
        self.assertIn(
            "Unmatched (%d):\n" % len(unmatched)
            + "".join("  %s (grade): nearest %s (%s): %s\n"
                      % (s.path, s.nearest.clip, s.nearest.path, s.reason)
                      for s in unmatched), out)
        self.assertNotIn("Skipped", out)

        # stderr: the ambiguous grade as an error, each unmatched grade
        # in one line, then the plan's warnings of each job in turn;
        # nothing else
        want = [ambiguous_line(s) for s in amb]
        want += ["proreswriter: warning: %s: unmatched grade, printed "
                 "nowhere: nearest %s (%s): %s"
                 % (s.path, s.nearest.clip, s.nearest.path, s.reason)
                 for s in unmatched]
        for src in sorted(SOURCES, key=lambda s: s.clip):
            want += ["proreswriter: warning: " + w
                     for w in expected_warnings(src)]
        self.assertEqual(self.err.splitlines(), want, self.err)

    def test_warnings_name_every_precedence(self):
        # what the shoot is for: each of the three rules decides somewhere
        # in A's output, and the plan says so
        w = "\n".join(expected_warnings(A))
        self.assertIn("A001C001_020.mov: its handles yield to the core "
                      "frames of A001C001_010.mov", w)
        self.assertIn("A001C001_020.mov: its handles override the handles "
                      "of A001C001_010.mov", w)
        self.assertIn("A001C001_010.mov: its handles yield to the core "
                      "frames of A001C001_020.mov", w)
        self.assertIn("A001C001_comp_v2.mov (VFX): its handles yield to the "
                      "core frames of A001C001_020.mov (grade)", w)
        self.assertIn("A001C001_comp_v2.mov (VFX) overrides "
                      "A001C001_020.mov (grade)", w)
        self.assertIn("A001C001_020.mov (grade): its handles yield to the "
                      "core frames of A001C001_comp_v2.mov (VFX)", w)
        self.assertEqual(expected_warnings(B), [])
        self.assertEqual(expected_warnings(C), [])
        for line in expected_warnings(A):
            self.assertIn("proreswriter: warning: %s\n" % line, self.err)

    def test_summary(self):
        # the table ends at an empty line (the unmatched count follows)
        summary = self.out[self.out.index("Jobs:\n"):].split(
            "\n\n")[0].splitlines()
        rows = [line.split() for line in summary[2:]]
        want = []
        for src in sorted(SOURCES, key=lambda s: s.clip):
            graded = sum(1 for w in winners(src) if w is not None)
            want.append((src.clip, "(%s)" % src.path,
                         str(len(linked(src))), str(graded), "written:",
                         "out/%s.mov" % src.clip))
        self.assertEqual([tuple(r[:6]) for r in rows], want)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "out"))),
                         sorted([STATE] + ["%s.mov" % s.clip
                                           for s in SOURCES]))

    def check_frames(self, src):
        out = "out/%s.mov" % src.clip
        expected = md5s(self.blank(src))
        self.assertEqual(len(expected), src.frames)
        packets = {seg.path: md5s(seg.path) for seg in linked(src)}
        for r, w in enumerate(winners(src)):
            if w is not None:
                expected[r] = packets[w[0].path][w[1]]
        got = md5s(out)
        self.assertEqual(len(got), src.frames)
        for r in range(src.frames):
            w = winners(src)[r]
            self.assertEqual(
                got[r], expected[r], "%s record frame %d (%s): expected %s"
                % (out, r, frames_to_tc(src.start + r),
                   "blank" if w is None else "%s frame %d" % (w[0].path,
                                                              w[1])))
        # the ambiguous and unmatched grades are printed nowhere
        for seg in SEGMENTS:
            if not isinstance(seg.source, Source):
                self.assertFalse(set(md5s(seg.path)) & set(got), seg.path)

    def check_metadata(self, src):
        out = "out/%s.mov" % src.clip
        like = linked(src)[0]
        streams = ffprobe(out)
        video, = [s for s in streams if s["codec_type"] == "video"]
        tmcd, = [s for s in streams if s.get("codec_tag_string") == "tmcd"]
        like_video, = [s for s in ffprobe(like.path)
                       if s["codec_type"] == "video"]
        self.assertEqual(int(video["nb_frames"]), src.frames)
        self.assertEqual(video["r_frame_rate"], "%d/1" % FPS)
        self.assertEqual((video["width"], video["height"]), src.size)
        self.assertEqual(video["codec_tag_string"],
                         like_video["codec_tag_string"])
        self.assertEqual(video["tags"]["timecode"], src.tc)
        self.assertEqual(tmcd["tags"]["timecode"], src.tc)
        self.assertEqual(tmcd["tags"]["reel_name"], src.reel)
        self.assertIsNotNone(shutil.which("mediainfo"),
                             "mediainfo is not installed (scripts/bootstrap)")
        doc = subprocess.run(["mediainfo", "--Output=JSON",
                              os.path.join(WORK, out)], check=True,
                             stdout=subprocess.PIPE).stdout
        tracks = json.loads(doc)["media"]["track"]
        mvideo, = [t for t in tracks if t["@type"] == "Video"]
        other, = [t for t in tracks if t["@type"] == "Other"]
        self.assertEqual(int(mvideo["FrameCount"]), src.frames)
        self.assertEqual(mvideo["FrameRate"], "%d.000" % FPS)
        self.assertEqual(other["TimeCode_FirstFrame"], src.tc)
        self.assertEqual(other["Title"], src.reel)

    def check_sound(self, src):
        """The output's sound tracks are the original's, every packet."""
        out = "out/%s.mov" % src.clip
        audio = [s for s in ffprobe(out) if s["codec_type"] == "audio"]
        original = [s for s in ffprobe(src.path) if s["codec_type"] == "audio"]
        self.assertEqual(len(original), src.tracks, src.path)
        self.assertEqual(len(audio), src.tracks)
        for i in range(src.tracks):
            for key in ("codec_name", "sample_rate", "channels", "nb_frames",
                        "duration_ts", "duration"):
                self.assertEqual(audio[i].get(key), original[i].get(key), key)
            want = packet_md5s(src.path, "a:%d" % i)
            self.assertTrue(want)
            self.assertEqual(packet_md5s(out, "a:%d" % i), want)

    def check_verify(self, src):
        """verify OUTPUT BLANK SEGMENTS --vfx ... --handles N: the output
        is what printing the segments into the blank rush makes, with the
        same warnings as the conform's plan."""
        out = "out/%s.mov" % src.clip
        segs = linked(src)
        args = ["verify", out, self.blank(src)]
        args += [s.path for s in segs if s.layer == "grade"]
        for s in segs:
            if s.layer == "vfx":
                args += ["--vfx", s.path]
        status, stdout, err = run(*args, "--handles", HANDLES)
        self.assertEqual(status, 0, err)
        self.assertEqual(stdout, "verified %s: %d frames match the plan; "
                         "timecode %s\n" % (out, src.frames, src.tc))
        self.assertEqual(err.splitlines(),
                         ["proreswriter: warning: " + w
                          for w in expected_warnings(src)])

    def test_a_several_grades_handles_and_vfx(self):
        self.check_frames(A)
        self.check_metadata(A)
        self.check_sound(A)
        self.check_verify(A)

    def test_b_rolling_with_a_and_a_grade_by_reel(self):
        self.check_frames(B)
        self.check_metadata(B)
        self.check_sound(B)
        self.check_verify(B)

    def test_c_mxf(self):
        self.check_frames(C)
        self.check_metadata(C)
        self.check_sound(C)
        self.check_verify(C)

    def test_no_audio(self):
        """--no-audio: the same video packets, no sound track; the jobs it
        describes record none (a job with sound records its count), and
        a re-run with it writes again only the outputs it changes."""
        silent = "out-silent"
        args = ["conform", "--sources", "src", "--grades", "grades", "--vfx",
                "vfx", "--handles", HANDLES, "-o", silent]
        status, out, err = run(*args, "--no-audio")
        self.assertEqual(status, self.status, err)
        for src in SOURCES:
            path = "%s/%s.mov" % (silent, src.clip)
            self.assertEqual([s for s in ffprobe(path)
                              if s["codec_type"] == "audio"], [])
            self.assertEqual(md5s(path), md5s("out/%s.mov" % src.clip))
        for extra, want in (([], {A.clip: 2, B.clip: 1, C.clip: None}),
                            (["--no-audio"], {A.clip: None, B.clip: None,
                                              C.clip: None})):
            status, out, err = run(*args, "--dry-run", "--json", *extra)
            jobs = {j["source"]["clip_name"]: j["source"].get("audio_tracks")
                    for j in json.loads(out)["jobs"]}
            self.assertEqual(jobs, want, extra)
        # with sound again: A's and B's options changed, C's did not
        status, out, err = run(*args)
        self.assertEqual(status, self.status, err)
        table = out[out.index("Jobs:\n"):].split("\n\n")[0]
        for src in (A, B):
            self.assertIn("written: %s/%s.mov" % (silent, src.clip), table)
        self.assertIn("skipped: unchanged", table)
        self.assertEqual(len([s for s in ffprobe("%s/%s.mov"
                                                 % (silent, A.clip))
                              if s["codec_type"] == "audio"]), 2)

    def test_nothing_written_in_the_inputs(self):
        for folder in ("src", "grades", "vfx"):
            for root, dirs, files in os.walk(os.path.join(WORK, folder)):
                for name in files:
                    self.assertTrue(
                        name.endswith(".mov") or name.endswith(".mxf"),
                        os.path.join(root, name))
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "out"))),
                         sorted([STATE] + ["%s.mov" % s.clip
                                           for s in SOURCES]))


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    FIXTURE = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory(prefix="prw-conform-shoot-") as WORK:
        unittest.main(verbosity=2)
