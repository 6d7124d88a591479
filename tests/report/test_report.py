#!/usr/bin/env python3
"""The splice report as people meet it: opened in a real browser.

Run by meson as:
    python3 test_report.py PRORESWRITER PRW_MAKE_FIXTURE \
        PRW_REPORT_INDEX_HELPER [CHROMIUM]

Media is made at test time with prw-make-fixture: a black base with a
frame-number overlay and segments in other test patterns (colour bars,
snow, a colour gradient, checkers), so that a segment's frames look
nothing like the base's.
The page is opened in Debian's chromium, headless, driven through the
DevTools protocol over a pipe (--remote-debugging-pipe: no port, no
network): the DOM is read, every picture is made to load and decode, a
screenshot is taken, and every console message, exception and blocked
request is collected. Pictures are compared with frames decoded
independently by ffmpeg from the segment and base files.

Chromium is required: a missing browser fails the test, never skips it
(scripts/bootstrap installs it).
"""

import base64
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
INDEX_HELPER = None
CHROMIUM = None
WORK = None

RATE = 25
BASE_TC = "01:00:00:00"
BASE_FRAMES = 100
SIZE = (640, 360)
THUMB = (320, 180)  # 320 wide, the aspect ratio kept

# name, start timecode, frames, pattern. The names carry spaces, quotes,
# '<', '>' and '&'; "shot 020" hides part of "shot <010> & co"; shot_005
# starts before the base; shot_030 runs past its end. Every pattern
# differs from the base's black.
SEGMENTS = [
    ("shot_005.mov", "00:59:59:20", 10, "snow"),
    ("shot <010> & co.mov", "01:00:01:00", 20, "smpte"),
    ("shot \"020\" it's.mov", "01:00:01:10", 20, "colors"),
    ("shot_030.mov", "01:00:03:20", 10, "checkers-8"),
]


def tc_to_frames(tc):
    h, m, s, f = (int(x) for x in re.split(r"[:;]", tc))
    return ((h * 60 + m) * 60 + s) * RATE + f


def frames_to_tc(n):
    f = n % RATE
    s = n // RATE
    return "%02d:%02d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60, f)


def record_in(tc):
    return tc_to_frames(tc) - tc_to_frames(BASE_TC)


def run(*args):
    proc = subprocess.run([CLI] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=600)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def make_fixture(path, frames, tc, pattern, size=SIZE):
    args = [FIXTURE, str(path), "--rate", "%d/1" % RATE, "--frames",
            str(frames), "--tc", tc, "--pattern", pattern,
            "--size", "%dx%d" % size]
    proc = subprocess.run(args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError("prw-make-fixture %s failed: %s" %
                           (path, proc.stderr.decode("utf-8", "replace")))


def seg_path(name):
    return os.path.join(WORK, "segs", name)


# ---------------------------------------------------------------------------
# Expectations, from the test's own arithmetic: a record frame belongs to
# the last segment (in plan order) covering it, else to the base.
# ---------------------------------------------------------------------------


def owners(segments, base_frames):
    own = ["base"] * base_frames
    for name, tc, frames, _ in segments:
        for i in range(frames):
            r = record_in(tc) + i
            if 0 <= r < base_frames:
                own[r] = name
    return own


def expected_cuts(segments, base_frames):
    """[(record frame after the cut, source before or None, source after
    or None)]: every change of source, and the movie's ends where a
    segment is."""
    own = owners(segments, base_frames)
    # a segment hidden in the middle of another makes two runs of one name;
    # runs are split where the source's frames stop following on
    runs = []
    for r, name in enumerate(own):
        src_frame = None
        if name != "base":
            tc = [s for s in segments if s[0] == name][0][1]
            src_frame = r - record_in(tc)
        if runs and runs[-1][0] == name and (
                name == "base" or runs[-1][2] + 1 == src_frame):
            runs[-1][2] = src_frame
        else:
            runs.append([name, r, src_frame])
    cuts = []
    for j in range(len(runs) + 1):
        before = runs[j - 1][0] if j > 0 else None
        after = runs[j][0] if j < len(runs) else None
        at = runs[j][1] if j < len(runs) else base_frames
        if (before not in (None, "base")) or (after not in (None, "base")):
            cuts.append((at, before, after))
    return cuts


# ---------------------------------------------------------------------------
# Pictures: decoded by ffmpeg, compared as 8-bit RGB
# ---------------------------------------------------------------------------


def decode_picture(data):
    """JPEG (or PNG) bytes -> (width, height, rgb bytes) via ffmpeg."""
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "rawvideo",
         "-pix_fmt", "rgb24", "pipe:1"],
        input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("ffmpeg cannot decode a picture: %s" %
                           proc.stderr.decode("utf-8", "replace"))
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height", "-of", "csv=p=0", "pipe:0"],
        input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=120)
    w, h = (int(x) for x in probe.stdout.decode().strip().split(",")[:2])
    return w, h, proc.stdout


def movie_frame(path, frame, size=THUMB):
    """Frame `frame` of a movie, decoded and scaled by ffmpeg, as rgb24."""
    proc = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", path, "-vf",
         "select=eq(n\\,%d),scale=%d:%d"
         % (frame, size[0], size[1]),
         "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if proc.returncode != 0 or len(proc.stdout) != size[0] * size[1] * 3:
        raise RuntimeError("ffmpeg cannot decode frame %d of %s: %s" %
                           (frame, path, proc.stderr.decode("utf-8", "replace")))
    return proc.stdout


def mean_abs_diff(a, b):
    assert len(a) == len(b), (len(a), len(b))
    return sum(abs(x - y) for x, y in zip(a, b)) / len(a)


def data_uri_bytes(uri):
    m = re.match(r"data:image/(jpeg|png);base64,(.*)$", uri, re.S)
    if not m:
        raise AssertionError("not an embedded picture: %r" % uri[:60])
    return base64.b64decode(m.group(2))


# ---------------------------------------------------------------------------
# Chromium over the DevTools protocol (--remote-debugging-pipe: messages
# are JSON terminated by NUL; chromium reads fd 3 and writes fd 4)
# ---------------------------------------------------------------------------


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="prw-chromium-", dir=WORK)
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def child_fds():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox",
             "--remote-debugging-pipe", "--no-first-run",
             "--user-data-dir=" + self.profile, "--window-size=1280,1024",
             "about:blank"],
            pass_fds=(3, 4), preexec_fn=child_fds, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=300):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._id:
                    if "error" in reply:
                        raise RuntimeError("%s: %s" % (method, reply["error"]))
                    return reply.get("result", {})
                self.events.append(reply)
            if time.monotonic() > deadline:
                raise RuntimeError("%s: no answer from chromium" % method)
            data = os.read(self._from_chrome, 1 << 20)
            if not data:
                raise RuntimeError("chromium closed the pipe: %s" %
                                   self.proc.stderr.read().decode(
                                       "utf-8", "replace")[-2000:])
            self._buf += data

    def open(self, path, timeout=300):
        """Opens file path in a new tab; returns when it has loaded."""
        target = self.send("Target.createTarget", {"url": "about:blank"},
                           session=False)["targetId"]
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            self.send(domain)
        self.events = []
        self.send("Page.navigate", {"url": "file://" + os.path.abspath(path)})
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == "Page.loadEventFired"
                      for e in self.events):
            if time.monotonic() > deadline:
                raise RuntimeError("%s: did not load in %d s" % (path, timeout))
            self.send("Runtime.evaluate", {"expression": "0"})
            time.sleep(0.05)

    def eval(self, expression, timeout=300):
        result = self.send("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True,
                            "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise RuntimeError("page script failed: %s" %
                               result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self):
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        return base64.b64decode(data)

    def errors(self):
        """Console errors, exceptions and blocked requests seen so far."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append("exception: %s" % p["exceptionDetails"])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in (
                    "error", "assert"):
                out.append("console.%s: %s" % (p["type"], p.get("args")))
            elif m == "Log.entryAdded" and p["entry"].get("level") in (
                    "error", "warning"):
                out.append("log %s: %s" % (p["entry"]["level"],
                                           p["entry"].get("text")))
        return out

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=30)
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stderr.close()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)


# Everything the tests read of a page, in one evaluation. Lazy pictures are
# made eager and awaited, so that every one is decoded.
READ_PAGE = r"""
(async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { i.dataset.loadingWas = i.getAttribute("loading");
                      i.loading = "eager"; });
  const decoded = await Promise.all(imgs.map(i => i.decode().then(
      () => true, () => false)));
  const fig = f => f.classList.contains("none") ? null : {
      record: Number(f.dataset.recordFrame), timecode: f.dataset.timecode,
      source: f.dataset.source,
      caption: f.querySelector("figcaption").textContent,
      src: f.querySelector("img").src,
      layer: f.dataset.layer, part: f.dataset.part,
      width: f.querySelector("img").naturalWidth,
      height: f.querySelector("img").naturalHeight,
      lazy: f.querySelector("img").dataset.loadingWas};
  return {
    title: document.title,
    cuts: [...document.querySelectorAll("div.cut")].map(c => ({
      id: c.id, record: Number(c.dataset.recordFrame),
      timecode: c.dataset.timecode,
      heading: c.querySelector("h3").textContent,
      before: fig(c.querySelector("figure.before")),
      after: fig(c.querySelector("figure.after"))})),
    decoded: decoded,
    scripts: document.scripts.length,
    injected: document.querySelectorAll("b, i, svg script, iframe").length,
    segmentNames: [...document.querySelectorAll("tr.segment td.path")]
        .map(td => td.textContent),
    warnings: [...document.querySelectorAll("#warnings li")]
        .map(li => li.textContent),
    verify: document.querySelector("#verify").textContent,
    timelineTitles: [...document.querySelectorAll("svg.timeline title")]
        .map(t => t.textContent),
    labels: [...document.querySelectorAll("svg.timeline text.label")]
        .map(t => t.textContent),
    ranges: [...document.querySelectorAll("svg.timeline g.range")].map(g => ({
      classes: [...g.classList], layer: g.dataset.layer, part: g.dataset.part,
      titles: [...g.querySelectorAll("title")].map(t => t.textContent),
      handleMarks: g.querySelectorAll("rect.handle-mark").length,
      bands: [...g.querySelectorAll("rect.layer-band")]
          .map(r => r.classList[1])})),
    hidden: [...document.querySelectorAll("svg.timeline g.overridden")]
        .map(g => ({handles: g.classList.contains("handles"),
                    title: g.querySelector("title").textContent})),
    keys: [...document.querySelectorAll("ul.keys li")].map(li => li.className),
    layerCells: [...document.querySelectorAll("tr.segment")].map(tr => [
        tr.querySelector("td.path").textContent, tr.dataset.layer,
        tr.querySelector("td.layer").textContent]),
    handlesText: document.querySelector("#handles").textContent,
    upHref: document.querySelector("nav.index a[rel=up]") ?
        document.querySelector("nav.index a[rel=up]").href : null,
    bodyHeight: document.body.scrollHeight,
  };
})()
"""


def open_page(path):
    browser = Browser()
    try:
        browser.open(path)
        page = browser.eval(READ_PAGE)
        shot = browser.screenshot()
        errors = browser.errors()
    finally:
        browser.close()
    return page, shot, errors


def setUpModule():
    global WORK
    WORK = tempfile.mkdtemp(prefix="prw-report-")
    os.mkdir(os.path.join(WORK, "segs"))
    make_fixture(os.path.join(WORK, "base.mov"), BASE_FRAMES, BASE_TC,
                 "black")
    for name, tc, frames, pattern in SEGMENTS:
        make_fixture(seg_path(name), frames, tc, pattern)


def tearDownModule():
    if WORK is not None:
        shutil.rmtree(WORK, ignore_errors=True)


class BrowserPresent(unittest.TestCase):
    def test_chromium_is_installed(self):
        # a failure, not a skip: scripts/bootstrap installs chromium
        self.assertTrue(CHROMIUM and os.access(CHROMIUM, os.X_OK),
                        "chromium not found (scripts/bootstrap installs it)")


class ReportPageTest(unittest.TestCase):
    """A print with --report, and `report --verify`, opened in chromium."""

    @classmethod
    def setUpClass(cls):
        cls.base = os.path.join(WORK, "base.mov")
        cls.segs = [seg_path(s[0]) for s in SEGMENTS]
        cls.out = os.path.join(WORK, "out.mov")
        cls.page_path = os.path.join(WORK, "report <&> \"1\".html")
        status, out, err = run("print", cls.base, *cls.segs, "-o", cls.out,
                               "--report", cls.page_path)
        if status != 0:
            raise AssertionError("print --report failed: %s" % err)
        cls.print_stdout = out
        cls.page, cls.shot, cls.errors = open_page(cls.page_path)
        with open(cls.page_path, encoding="utf-8") as f:
            cls.html = f.read()

    def test_print_says_it_wrote_the_report(self):
        self.assertIn("wrote %s\n" % self.page_path, self.print_stdout)
        self.assertEqual(
            [n for n in os.listdir(WORK) if n.startswith(".")], [],
            "a temporary file was left")

    def test_one_row_per_cut_with_timecodes_and_sources(self):
        cuts = expected_cuts(SEGMENTS, BASE_FRAMES)
        # shot_005 at the start, shot 010 in, 010->020, 020 out, 030 in/out
        self.assertEqual([c[0] for c in cuts], [0, 5, 25, 35, 55, 95, 100])
        got = self.page["cuts"]
        self.assertEqual(len(got), len(cuts))
        for row, (at, before, after) in zip(got, cuts):
            self.assertEqual(row["record"], at)
            self.assertEqual(row["timecode"], frames_to_tc(
                tc_to_frames(BASE_TC) + at))
            for side, src, frame in (("before", before, at - 1),
                                     ("after", after, at)):
                fig = row[side]
                if src is None:
                    self.assertIsNone(fig, (row["id"], side))
                    continue
                name = "base.mov" if src == "base" else src
                self.assertEqual(fig["source"], name)
                self.assertEqual(fig["record"], frame)
                tc = frames_to_tc(tc_to_frames(BASE_TC) + frame)
                self.assertEqual(fig["timecode"], tc)
                self.assertEqual(fig["caption"],
                                 "%s \u00b7 frame %d \u00b7 %s" % (tc, frame,
                                                                    name))
                self.assertEqual(fig["lazy"], "lazy")

    def test_every_picture_decodes_at_its_size(self):
        self.assertTrue(self.page["decoded"])
        self.assertTrue(all(self.page["decoded"]), self.page["decoded"])
        n = 0
        for row in self.page["cuts"]:
            for side in ("before", "after"):
                fig = row[side]
                if fig is None:
                    continue
                n += 1
                self.assertEqual((fig["width"], fig["height"]), THUMB,
                                 (row["id"], side))
                w, h, _ = decode_picture(data_uri_bytes(fig["src"]))
                self.assertEqual((w, h), THUMB)
        self.assertEqual(n, len(self.page["decoded"]))

    def test_screenshot_is_not_blank(self):
        w, h, rgb = decode_picture(self.shot)
        self.assertGreater(w, 100)
        pixels = set(rgb[i:i + 3] for i in range(0, len(rgb), 3 * 7))
        self.assertGreater(len(pixels), 50, "the screenshot is nearly uniform")

    def test_no_console_errors_no_script_no_network(self):
        self.assertEqual(self.errors, [])
        self.assertEqual(self.page["scripts"], 0)
        self.assertNotRegex(self.html, r"(?i)<script|https?://(?!www\.w3\.org/2000/svg)")

    def test_segment_first_frame_differs_from_the_base_frame_before(self):
        for row in self.page["cuts"]:
            before, after = row["before"], row["after"]
            if before is None or after is None:
                continue
            if before["source"] != "base.mov":
                continue
            a = decode_picture(data_uri_bytes(before["src"]))[2]
            b = decode_picture(data_uri_bytes(after["src"]))[2]
            self.assertGreater(mean_abs_diff(a, b), 30, row["id"])

    def test_pictures_are_the_frames_the_plan_names(self):
        # each picture against the frame ffmpeg decodes from the file the
        # plan says it comes from (close), and from the base (far, for a
        # segment's frame)
        for row in self.page["cuts"]:
            for side in ("before", "after"):
                fig = row[side]
                if fig is None or fig["source"] == "base.mov":
                    continue
                spec = [s for s in SEGMENTS if s[0] == fig["source"]][0]
                src_frame = fig["record"] - record_in(spec[1])
                pic = decode_picture(data_uri_bytes(fig["src"]))[2]
                own = movie_frame(seg_path(spec[0]), src_frame)
                base = movie_frame(self.base, fig["record"])
                near, far = mean_abs_diff(pic, own), mean_abs_diff(pic, base)
                print("%s %s: %.1f from its frame, %.1f from the base's" %
                      (row["id"], side, near, far), file=sys.stderr)
                # scalers and JPEG differ at sharp edges (colour bars: ~16
                # of 255 on average); another picture is ~120 away
                self.assertLess(near, 25, (row["id"], side))
                self.assertGreater(far, 4 * near, (row["id"], side))

    def test_names_are_escaped(self):
        names = [s[0] for s in SEGMENTS]
        self.assertEqual(self.page["segmentNames"],
                         [os.path.join(WORK, "segs", n) for n in names])
        self.assertEqual(self.page["injected"], 0)
        self.assertIn("shot &lt;010&gt; &amp; co.mov", self.html)
        self.assertIn("shot &quot;020&quot; it&#39;s.mov", self.html)
        self.assertNotIn("<010>", self.html)
        self.assertEqual(self.page["title"], "Splice report: out.mov")
        # names where they fit before the next segment, else numbers
        self.assertEqual(self.page["labels"],
                         ["shot_005.mov", "2", "shot \"020\" it's.mov", "4"])
        self.assertTrue(any(w.startswith("shot \"020\" it's.mov overrides "
                                         "shot <010> & co.mov")
                            for w in self.page["warnings"]),
                        self.page["warnings"])
        self.assertTrue(any("01:00:01:00-01:00:01:09" in t
                            for t in self.page["timelineTitles"]),
                        self.page["timelineTitles"])

    def test_verify_not_run_on_print_report(self):
        self.assertEqual(self.page["verify"], "Verify: not run")

    def test_report_command_with_verify(self):
        path = os.path.join(WORK, "verified.html")
        status, out, err = run("report", self.out, self.base, *self.segs,
                               "-o", path, "--verify", "--json")
        self.assertEqual(status, 0, err)
        result = json.loads(out)
        self.assertEqual(result["report"], path)
        self.assertEqual(result["cuts"], 7)
        self.assertTrue(result["verified"])
        self.assertEqual(result["frames_checked"], BASE_FRAMES)
        page, _, errors = open_page(path)
        self.assertEqual(errors, [])
        self.assertEqual(page["verify"],
                         "Verify: passed, %d frames match the plan" %
                         BASE_FRAMES)
        self.assertEqual([c["record"] for c in page["cuts"]],
                         [c["record"] for c in self.page["cuts"]])
        # an existing report is kept without --force, replaced with it
        status, _, err = run("report", self.out, self.base, *self.segs,
                             "-o", path)
        self.assertEqual(status, 1)
        self.assertIn("%s: exists" % path, err)
        status, _, err = run("report", self.out, self.base, *self.segs,
                             "-o", path, "--force")
        self.assertEqual(status, 0, err)
        os.unlink(path)


class WrongOutputTest(unittest.TestCase):
    """The pictures come from the output: a wrong output shows wrong ones."""

    def check_wrong(self, output, page_path, missing):
        status, out, err = run("report", output, os.path.join(WORK, "base.mov"),
                               *[seg_path(s[0]) for s in SEGMENTS],
                               "-o", page_path, "--verify")
        # the page is written, and says verify failed; so does the status
        self.assertEqual(status, 1)
        self.assertIn("differs from", err)
        page, _, errors = open_page(page_path)
        self.assertEqual(errors, [])
        self.assertTrue(page["verify"].startswith("Verify: FAILED"),
                        page["verify"])
        spec = [s for s in SEGMENTS if s[0] == missing][0]
        row = [c for c in page["cuts"] if c["record"] == record_in(spec[1])][0]
        fig = row["after"]
        self.assertEqual(fig["source"], missing)
        pic = decode_picture(data_uri_bytes(fig["src"]))[2]
        own = movie_frame(seg_path(missing), 0)
        self.assertGreater(mean_abs_diff(pic, own), 30)

    def test_base_as_output(self):
        self.check_wrong(os.path.join(WORK, "base.mov"),
                         os.path.join(WORK, "wrong-base.html"),
                         "shot_030.mov")

    def test_print_with_a_segment_left_out(self):
        out = os.path.join(WORK, "without-030.mov")
        status, _, err = run("print", os.path.join(WORK, "base.mov"),
                             *[seg_path(s[0]) for s in SEGMENTS[:3]],
                             "-o", out)
        self.assertEqual(status, 0, err)
        self.check_wrong(out, os.path.join(WORK, "wrong-030.html"),
                         "shot_030.mov")


class AlphaTest(unittest.TestCase):
    """Alpha is laid over black. prw-make-fixture makes opaque movies, so
    this segment is made with ffmpeg (prores_ks 4444 with 10-bit alpha):
    white, transparent on its left half and opaque on its right."""

    def test_alpha_over_black(self):
        seg = os.path.join(WORK, "alpha.mov")
        half = "color=c=white%%s:s=%dx%d:r=%d:d=0.2,format=yuva444p10le" % (
            SIZE[0] // 2, SIZE[1], RATE)
        graph = ("%s[l];%s[r];[l][r]hstack,format=yuva444p10le[out0]" %
                 (half % "@0.0", half % ""))
        proc = subprocess.run(
            ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
             graph, "-c:v", "prores_ks", "-profile:v", "4444", "-pix_fmt",
             "yuva444p10le", "-vendor", "apl0", "-metadata:s:v:0",
             "reel_name=ALPHA", "-timecode", "01:00:00:10", "-f", "mov", seg],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = os.path.join(WORK, "alpha-out.mov")
        page_path = os.path.join(WORK, "alpha.html")
        status, _, err = run("print", os.path.join(WORK, "base.mov"), seg,
                             "-o", out, "--report", page_path)
        self.assertEqual(status, 0, err)
        page, _, errors = open_page(page_path)
        self.assertEqual(errors, [])
        fig = page["cuts"][0]["after"]
        self.assertEqual((fig["record"], fig["source"]), (10, "alpha.mov"))
        w, h, rgb = decode_picture(data_uri_bytes(fig["src"]))
        self.assertEqual((w, h), THUMB)

        def mean(x0, x1):
            v = [rgb[(y * w + x) * 3 + c] for y in range(h)
                 for x in range(x0, x1) for c in range(3)]
            return sum(v) / len(v)

        # transparent white over black is black; opaque white stays white
        self.assertLess(mean(0, w // 2 - 10), 10)
        self.assertGreater(mean(w // 2 + 10, w), 245)
        os.unlink(out)


class ReportFailureTest(unittest.TestCase):
    def test_print_refused_when_its_report_cannot_be_written(self):
        # a report whose folder does not exist is refused before the print
        # (it was printed, then "report not written (OUT was printed)"; a
        # folder removed during the print still is: faults-vanish)
        out = os.path.join(WORK, "stays.mov")
        page = os.path.join(WORK, "no such folder", "r.html")
        listing = sorted(os.listdir(WORK))
        status, stdout, err = run("print", os.path.join(WORK, "base.mov"),
                                  seg_path(SEGMENTS[1][0]), "-o", out,
                                  "--report", page)
        self.assertEqual((status, stdout), (1, ""), err)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(sorted(os.listdir(WORK)), listing)
        self.assertEqual(err, "proreswriter: %s: its folder %s does not "
                         "exist\n" % (page, os.path.dirname(page)))

    def test_report_never_replaces_a_movie(self):
        base = os.path.join(WORK, "base.mov")
        before = open(base, "rb").read()
        status, _, err = run("report", base, base, seg_path(SEGMENTS[1][0]),
                             "-o", base, "--force")
        self.assertEqual(status, 1)
        self.assertIn("refusing to overwrite", err)
        self.assertEqual(open(base, "rb").read(), before)

    def test_usage(self):
        status, _, err = run("report", "a.mov", "b.mov")
        self.assertEqual(status, 2)
        status, _, err = run("report", "a.mov", "b.mov", "c.mov")
        self.assertEqual(status, 2)
        self.assertIn("no -o REPORT.html given", err)


# ---------------------------------------------------------------------------
# Layers and handles: a VFX shot over a grade, handles 3
# ---------------------------------------------------------------------------

HANDLES = 3
# name, start timecode, frames, pattern, layer; in plan order (the CLI adds
# the grades, then the VFX shots, each folder in name order). The grade
# lands on record 10-39, the VFX shot on 30-49: its first handles (30-32)
# yield to the grade's core; its core beats the grade's core (33-36) and
# the grade's last handles (37-39).
LAYERED = [
    ("grade <G> & co.mov", "01:00:00:10", 30, "smpte", "grade"),
    ("vfx \"V\" it's.mov", "01:00:01:05", 20, "colors", "vfx"),
]
LAYER_NAMES = {"grade": "grade", "vfx": "VFX"}


def layered_owners(segments, handles, base_frames):
    """[(name, part, source frame)] per record frame, by the plan's rules:
    a core frame beats a handle; then the upper layer; then the later
    segment."""
    rank = {"grade": 1, "vfx": 2}
    own = [("base", None, None)] * base_frames
    best = [None] * base_frames
    for idx, (name, tc, frames, _, layer) in enumerate(segments):
        for k in range(frames):
            r = record_in(tc) + k
            if not 0 <= r < base_frames:
                continue
            handle = k < handles or k >= frames - handles
            key = (not handle, rank[layer], idx)
            if best[r] is None or key > best[r]:
                best[r] = key
                own[r] = (name, "handle" if handle else "core", k)
    return own


def layered_cuts(own):
    """[(record frame after the cut, (name, part) before or None, after)]
    where the source changes or its frames jump, a segment on one side."""
    n = len(own)
    cuts = []
    for r in range(n + 1):
        before = own[r - 1] if r > 0 else None
        after = own[r] if r < n else None
        if before and after and before[0] == after[0] and (
                before[0] == "base" or before[2] + 1 == after[2]):
            continue
        if (before and before[0] != "base") or (after and after[0] != "base"):
            cuts.append((r, before, after))
    return cuts


def layer_of(name):
    return [s[4] for s in LAYERED if s[0] == name][0]


def full_label(name, part):
    if name == "base":
        return "base.mov"
    return "%s (%s%s)" % (name, LAYER_NAMES[layer_of(name)],
                          ", handle" if part == "handle" else "")


def runs_of(frames):
    """Consecutive runs [first, last] of a sorted list of ints."""
    out = []
    for f in frames:
        if out and out[-1][1] + 1 == f:
            out[-1][1] = f
        else:
            out.append([f, f])
    return out


def tc_span(a, b):
    return "%s-%s" % (frames_to_tc(tc_to_frames(BASE_TC) + a),
                      frames_to_tc(tc_to_frames(BASE_TC) + b))


class LayeredReportTest(unittest.TestCase):
    """print --vfx --handles --report: the page shows layers and handles."""

    @classmethod
    def setUpClass(cls):
        cls.dir = os.path.join(WORK, "layered")
        for sub in ("grades", "vfx"):
            os.makedirs(os.path.join(cls.dir, sub))
        cls.paths = {}
        for name, tc, frames, pattern, layer in LAYERED:
            path = os.path.join(cls.dir, "grades" if layer == "grade"
                                else "vfx", name)
            make_fixture(path, frames, tc, pattern)
            cls.paths[name] = path
        cls.base = os.path.join(WORK, "base.mov")
        cls.out = os.path.join(cls.dir, "out.mov")
        cls.page_path = os.path.join(cls.dir, "layered.html")
        cls.args = [cls.base, os.path.join(cls.dir, "grades"), "--vfx",
                    os.path.join(cls.dir, "vfx"), "--handles", str(HANDLES)]
        status, out, err = run("print", *cls.args, "-o", cls.out,
                               "--report", cls.page_path)
        if status != 0:
            raise AssertionError("print --vfx --handles --report failed: %s"
                                 % err)
        cls.page, cls.shot, cls.errors = open_page(cls.page_path)
        with open(cls.page_path, encoding="utf-8") as f:
            cls.html = f.read()
        cls.own = layered_owners(LAYERED, HANDLES, BASE_FRAMES)

    def test_no_errors_nothing_left(self):
        self.assertEqual(self.errors, [])
        self.assertEqual(self.page["scripts"], 0)
        self.assertEqual(
            sorted(os.listdir(self.dir)),
            ["grades", "layered.html", "out.mov", "vfx"])

    def test_cut_rows_name_the_layer(self):
        cuts = layered_cuts(self.own)
        # base -> grade's handles; grade's core -> VFX core; VFX handles ->
        # base: no row where a segment's handles meet its core
        self.assertEqual([c[0] for c in cuts], [10, 33, 50])
        got = self.page["cuts"]
        self.assertEqual([c["record"] for c in got], [c[0] for c in cuts])
        for row, (at, before, after) in zip(got, cuts):
            tc = frames_to_tc(tc_to_frames(BASE_TC) + at)
            self.assertEqual(
                row["heading"], "Cut %s at %s (frame %d): %s \u2192 %s" % (
                    row["id"][4:], tc, at,
                    full_label(*before[:2]) if before else "start",
                    full_label(*after[:2]) if after else "end"))
            for side, own, frame in (("before", before, at - 1),
                                     ("after", after, at)):
                fig = row[side]
                name = "base.mov" if own[0] == "base" else own[0]
                self.assertEqual(fig["source"], name)
                self.assertEqual(fig["record"], frame)
                if own[0] == "base":
                    self.assertEqual((fig["layer"], fig["part"]),
                                     ("base", "base"))
                else:
                    self.assertEqual((fig["layer"], fig["part"]),
                                     (layer_of(own[0]), own[1]))
                self.assertEqual(fig["caption"], "%s \u00b7 frame %d \u00b7 %s"
                                 % (frames_to_tc(tc_to_frames(BASE_TC)
                                                 + frame),
                                    frame, full_label(*own[:2])))
        # the grade's handle, the VFX shot's core and handle are all shown
        parts = set((f["layer"], f["part"]) for c in got
                    for f in (c["before"], c["after"]) if f)
        self.assertTrue({("grade", "handle"), ("grade", "core"),
                         ("vfx", "core"), ("vfx", "handle")} <= parts, parts)

    def test_timeline_marks_handles_and_layers(self):
        segs = [r for r in self.page["ranges"] if "segment" in r["classes"]]
        # every range's layer and part, against the rules frame by frame
        want = []
        for r, (name, part, _) in enumerate(self.own):
            if name == "base":
                continue
            key = (layer_of(name), part, name)
            if want and want[-1][0] == key and want[-1][2] == r - 1:
                want[-1][2] = r
            else:
                want.append([key, r, r])
        self.assertEqual(len(segs), len(want))
        for got, (key, a, b) in zip(segs, want):
            layer, part, name = key
            self.assertEqual((got["layer"], got["part"]), (layer, part))
            self.assertIn(layer, got["classes"])
            self.assertEqual("handle" in got["classes"], part == "handle")
            self.assertEqual(got["handleMarks"], 1 if part == "handle" else 0)
            self.assertEqual(got["bands"], [layer])
            title = "%s: record %s" % (full_label(name, part), tc_span(a, b))
            self.assertTrue(any(t.startswith(title) for t in got["titles"]),
                            (title, got["titles"]))
            if part == "handle":
                self.assertTrue(all("handle" in t for t in got["titles"]
                                    if "layer" not in t), got["titles"])
        self.assertEqual(sum(1 for r in segs if "handle" in r["classes"]), 2)
        self.assertEqual(sum(1 for r in segs if "vfx" in r["classes"]), 2)
        # the key explains them
        for key in ("grade", "vfx", "handle", "hidden", "yield"):
            self.assertIn("key " + key, self.page["keys"])

    def test_handles_yielding_are_visible(self):
        # frames of each segment that land in the base but show another's
        expected = set()
        for name, tc, frames, _, layer in LAYERED:
            lost = {}
            for k in range(frames):
                r = record_in(tc) + k
                owner = self.own[r]
                if owner[0] == name:
                    continue
                handle = k < HANDLES or k >= frames - HANDLES
                lost.setdefault((handle, owner[0], owner[1]), []).append(r)
            for (handle, winner, wpart), rs in lost.items():
                for a, b in runs_of(rs):
                    loser = full_label(name, "core")
                    won = full_label(winner, "core")
                    if not handle:
                        what = "%s: hidden by %s%s" % (
                            loser, "the handles of " if wpart == "handle"
                            else "", won)
                    elif wpart == "core":
                        what = "%s: its handles yield to the core of %s" % (
                            loser, won)
                    else:
                        what = ("%s: its handles hidden by the handles of %s"
                                % (loser, won))
                    expected.add((handle, "%s: record %s" % (what,
                                                            tc_span(a, b))))
        got = set((h["handles"], h["title"].split(" (frames")[0])
                  for h in self.page["hidden"])
        self.assertEqual(got, expected)
        # the VFX shot's first handles yield to the grade's core
        self.assertIn((True, "vfx \"V\" it's.mov (VFX): its handles yield to "
                       "the core of grade <G> & co.mov (grade): record "
                       "01:00:01:05-01:00:01:07"), got)
        # and the plan's warning says so
        self.assertTrue(any("its handles yield to the core frames of" in w
                            for w in self.page["warnings"]),
                        self.page["warnings"])

    def test_header_lists_layers_and_handles(self):
        self.assertEqual(self.page["layerCells"], [
            [self.paths[LAYERED[0][0]], "grade", "grade"],
            [self.paths[LAYERED[1][0]], "vfx", "VFX"]])
        self.assertEqual(self.page["handlesText"],
                         "Handles: the first and last 3 frames of every "
                         "segment, printed only where no segment's core "
                         "frame lands")
        self.assertIsNone(self.page["upHref"])
        self.assertIn("grade &lt;G&gt; &amp; co.mov", self.html)
        self.assertNotIn("<G>", self.html)

    def test_pictures_decode_and_come_from_the_output(self):
        self.assertTrue(all(self.page["decoded"]), self.page["decoded"])
        for row in self.page["cuts"]:
            for side in ("before", "after"):
                fig = row[side]
                w, h, pic = decode_picture(data_uri_bytes(fig["src"]))
                self.assertEqual((w, h), THUMB)
                self.assertEqual((fig["width"], fig["height"]), THUMB)
                name, _, k = self.own[fig["record"]]
                if name == "base":
                    continue
                own = movie_frame(self.paths[name], k)
                base = movie_frame(self.base, fig["record"])
                near, far = mean_abs_diff(pic, own), mean_abs_diff(pic, base)
                self.assertLess(near, 25, (row["id"], side))
                self.assertGreater(far, 4 * near, (row["id"], side))
        # across the grade -> VFX cut the pictures differ
        row = self.page["cuts"][1]
        a = decode_picture(data_uri_bytes(row["before"]["src"]))[2]
        b = decode_picture(data_uri_bytes(row["after"]["src"]))[2]
        self.assertGreater(mean_abs_diff(a, b), 30)

    def test_report_command_takes_vfx_and_handles(self):
        path = os.path.join(WORK, "layered-cmd.html")
        status, out, err = run("report", self.out, *self.args, "-o", path,
                               "--verify", "--json")
        self.assertEqual(status, 0, err)
        result = json.loads(out)
        self.assertEqual(result["cuts"], 3)
        self.assertEqual(result["handles"], HANDLES)
        self.assertTrue(result["verified"])
        page, _, errors = open_page(path)
        self.assertEqual(errors, [])
        self.assertEqual([(c["record"], c["heading"]) for c in page["cuts"]],
                         [(c["record"], c["heading"])
                          for c in self.page["cuts"]])
        self.assertEqual(page["verify"], "Verify: passed, %d frames match "
                         "the plan" % BASE_FRAMES)
        os.unlink(path)
        # without the layers it is another plan: verify says the output
        # differs, and the page shows the plan it was given
        status, _, err = run("report", self.out, self.base,
                             os.path.join(self.dir, "grades"),
                             os.path.join(self.dir, "vfx"), "-o", path,
                             "--verify")
        self.assertEqual(status, 1)
        self.assertIn("differs from", err)
        os.unlink(path)
        # usage: --handles must be a count; --vfx alone is enough segments
        status, _, err = run("report", self.out, self.base, "--vfx",
                             os.path.join(self.dir, "vfx"), "--handles", "-1",
                             "-o", path)
        self.assertEqual(status, 2)
        self.assertIn("--handles", err)
        status, _, err = run("report", self.out, self.base, "--vfx",
                             os.path.join(self.dir, "vfx"), "-o", path)
        self.assertEqual(status, 0, err)
        os.unlink(path)


# ---------------------------------------------------------------------------
# The index of pages for conform: two prints stand in for two sources
# ---------------------------------------------------------------------------

READ_INDEX = r"""
(() => ({
  title: document.title,
  summary: document.querySelector("#summary").textContent,
  rows: [...document.querySelectorAll("tr.source")].map(tr => ({
    classes: [...tr.classList], name: tr.querySelector("th.name").textContent,
    dataName: tr.dataset.name,
    href: tr.querySelector("td.page a") ?
        tr.querySelector("td.page a").href : null,
    link: tr.querySelector("td.page").textContent,
    segments: tr.querySelector("td.segments").textContent,
    frames: tr.querySelector("td.frames").textContent,
    verify: tr.querySelector("td.verify").textContent,
    result: tr.querySelector("td.result").textContent})),
  scripts: document.scripts.length,
  injected: document.querySelectorAll("b, i, script, iframe").length,
}))()
"""


def url_to_path(url):
    import urllib.parse
    parsed = urllib.parse.urlparse(url)
    assert parsed.scheme == "file", url
    return urllib.parse.unquote(parsed.path)


def run_index_helper(*args):
    proc = subprocess.run([INDEX_HELPER] + [str(a) for a in args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=600)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


class IndexTest(unittest.TestCase):
    """PrwReportIndex: DIR/index.html linking one page per source."""

    A = "A001 <cam> & \"x\" 'y'"
    B = "B002/day 1"
    C = "C003"

    @classmethod
    def setUpClass(cls):
        cls.base = os.path.join(WORK, "base.mov")
        cls.top = os.path.join(WORK, "index")
        os.mkdir(cls.top)
        # source A: a VFX shot over a grade with handles; source B: one grade
        cls.grade = os.path.join(cls.top, "grade.mov")
        cls.vfx = os.path.join(cls.top, "vfx.mov")
        make_fixture(cls.grade, 30, "01:00:00:10", "smpte")
        make_fixture(cls.vfx, 20, "01:00:01:05", "colors")
        cls.out_a = os.path.join(cls.top, "A.mov")
        cls.out_b = os.path.join(cls.top, "B.mov")
        status, _, err = run("print", cls.base, cls.grade, "--vfx", cls.vfx,
                             "--handles", HANDLES, "-o", cls.out_a)
        if status != 0:
            raise AssertionError(err)
        status, _, err = run("print", cls.base, seg_path(SEGMENTS[1][0]),
                             "-o", cls.out_b)
        if status != 0:
            raise AssertionError(err)
        cls.source_a = ["--source", cls.A, "--output", cls.out_a, "--base",
                        cls.base, "--handles", HANDLES, "--verify", "--grade",
                        cls.grade, "--vfx", cls.vfx]
        cls.source_b = ["--source", cls.B, "--output", cls.out_b, "--base",
                        cls.base, "--grade", seg_path(SEGMENTS[1][0])]
        cls.source_c = ["--source", cls.C, "--failed",
                        "failed: C003.mov: <bad> & worse"]
        cls.dir = os.path.join(cls.top, "reports <&> \"1\"")
        status, out, err = run_index_helper(
            cls.dir, "--title", "Shoot <day 1> & co", *cls.source_a,
            *cls.source_b, *cls.source_c)
        if status != 0:
            raise AssertionError("index helper failed: %s %s" % (out, err))
        cls.pages = [l.split(" ", 2)[2] for l in out.splitlines()
                     if l.startswith("page ")]
        cls.index_path = os.path.join(cls.dir, "index.html")
        browser = Browser()
        try:
            browser.open(cls.index_path)
            cls.index = browser.eval(READ_INDEX)
            cls.index_errors = browser.errors()
        finally:
            browser.close()
        with open(cls.index_path, encoding="utf-8") as f:
            cls.html = f.read()

    def test_pages_and_nothing_else(self):
        self.assertEqual(self.pages, ["A001 <cam> & \"x\" 'y'.html",
                                      "B002_day 1.html", "-"])
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(["index.html"] + self.pages[:2]))
        self.assertEqual(self.index_errors, [])
        self.assertEqual(self.index["scripts"], 0)

    def test_rows_sum_up_each_source(self):
        rows = self.index["rows"]
        self.assertEqual(self.index["title"], "Shoot <day 1> & co")
        self.assertEqual(self.index["summary"],
                         "3 sources: 2 succeeded, 1 failed")
        self.assertEqual([r["name"] for r in rows], [self.A, self.B, self.C])
        self.assertEqual([r["dataName"] for r in rows],
                         [self.A, self.B, self.C])
        graded_a = sum(1 for o in layered_owners(
            [("g", "01:00:00:10", 30, "", "grade"),
             ("v", "01:00:01:05", 20, "", "vfx")], HANDLES, BASE_FRAMES)
            if o[0] != "base")
        spec = SEGMENTS[1]
        graded_b = len(set(range(record_in(spec[1]),
                                 record_in(spec[1]) + spec[2]))
                       & set(range(BASE_FRAMES)))
        self.assertEqual(graded_a, 40)
        self.assertEqual(
            [(r["segments"], r["frames"], r["verify"], r["result"])
             for r in rows],
            [("2", "%d of %d" % (graded_a, BASE_FRAMES), "passed", "printed"),
             ("1", "%d of %d" % (graded_b, BASE_FRAMES), "not run",
              "printed"),
             ("", "", "", "failed: C003.mov: <bad> & worse")])
        self.assertEqual([r["classes"] for r in rows],
                         [["source", "ok"], ["source", "ok"],
                          ["source", "failed"]])

    def test_every_link_resolves_to_its_page(self):
        rows = self.index["rows"]
        self.assertIsNone(rows[2]["href"])
        self.assertEqual(rows[2]["link"], "no page")
        for row, page in zip(rows[:2], self.pages[:2]):
            self.assertEqual(row["link"], page)
            path = url_to_path(row["href"])
            self.assertEqual(path, os.path.join(self.dir, page))
            self.assertTrue(os.path.isfile(path), path)

    def test_linked_pages_load_and_link_back(self):
        expected_cuts = [3, 2]
        for row, n_cuts in zip(self.index["rows"][:2], expected_cuts):
            page, _, errors = open_page(url_to_path(row["href"]))
            self.assertEqual(errors, [])
            self.assertEqual(page["title"], row["name"])
            self.assertEqual(len(page["cuts"]), n_cuts)
            self.assertTrue(page["decoded"] and all(page["decoded"]))
            self.assertEqual(url_to_path(page["upHref"]), self.index_path)
        page, _, _ = open_page(url_to_path(self.index["rows"][0]["href"]))
        self.assertEqual(page["verify"], "Verify: passed, %d frames match "
                         "the plan" % BASE_FRAMES)
        self.assertTrue(page["handlesText"].startswith(
            "Handles: the first and last 3 frames "), page["handlesText"])
        self.assertTrue(any("vfx" in r["classes"] for r in page["ranges"]))

    def test_names_are_escaped(self):
        self.assertEqual(self.index["injected"], 0)
        self.assertIn("A001 &lt;cam&gt; &amp; &quot;x&quot; &#39;y&#39;",
                      self.html)
        self.assertIn("failed: C003.mov: &lt;bad&gt; &amp; worse", self.html)
        self.assertIn("<title>Shoot &lt;day 1&gt; &amp; co</title>", self.html)
        self.assertNotIn("<cam>", self.html)
        self.assertNotIn("<bad>", self.html)
        # the links are percent-encoded, relative, in the same folder
        self.assertIn('href="A001%20%3Ccam%3E%20%26%20%22x%22%20%27y%27.html"',
                      self.html)
        self.assertIn('href="B002_day%201.html"', self.html)
        self.assertNotRegex(self.html, r"(?i)<script|https?://")

    def test_existing_index_is_kept_without_force(self):
        before = {n: open(os.path.join(self.dir, n), "rb").read()
                  for n in os.listdir(self.dir)}
        status, out, _ = run_index_helper(self.dir, *self.source_b)
        self.assertEqual(status, 1)
        self.assertTrue(out.startswith("error PRW_ERROR_OUTPUT_EXISTS "), out)
        after = {n: open(os.path.join(self.dir, n), "rb").read()
                 for n in os.listdir(self.dir)}
        self.assertEqual(before, after)

    def test_failure_leaves_nothing(self):
        # a source's output is missing: the whole index fails, and neither
        # the folder it made nor any page or temporary file is left
        new = os.path.join(self.top, "failed reports")
        listing = sorted(os.listdir(self.top))
        status, out, _ = run_index_helper(
            new, *self.source_a, "--source", "D",
            "--output", os.path.join(self.top, "no such.mov"), "--base",
            self.base, "--grade", self.grade)
        self.assertEqual(status, 1)
        self.assertTrue(out.startswith("error PRW_ERROR_NOT_FOUND "), out)
        self.assertIn("no such.mov", out)
        self.assertFalse(os.path.exists(new))
        self.assertEqual(sorted(os.listdir(self.top)), listing)
        # the same into the folder of the good index, with --force: it
        # stays as it was
        before = {n: open(os.path.join(self.dir, n), "rb").read()
                  for n in os.listdir(self.dir)}
        status, out, _ = run_index_helper(
            self.dir, "--force", *self.source_a, "--source", "D",
            "--output", os.path.join(self.top, "no such.mov"), "--base",
            self.base, "--grade", self.grade)
        self.assertEqual(status, 1)
        after = {n: open(os.path.join(self.dir, n), "rb").read()
                 for n in os.listdir(self.dir)}
        self.assertEqual(before, after)

    def test_unwritable_folder_leaves_nothing(self):
        # as root a mode does not stop a write: the helper runs as nobody
        ro = os.path.join(self.top, "ro")
        os.mkdir(ro, 0o555)
        os.chmod(self.top, 0o755)
        os.chmod(WORK, 0o755)
        try:
            preexec = None
            if os.geteuid() == 0:
                def preexec():
                    os.setgid(65534)
                    os.setuid(65534)
            proc = subprocess.run(
                [INDEX_HELPER, ro, *self.source_c], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, preexec_fn=preexec, timeout=120)
            out = proc.stdout.decode()
            self.assertEqual(proc.returncode, 1, out)
            self.assertTrue(
                out.startswith("error PRW_ERROR_PERMISSION_DENIED %s: " % ro),
                out)
            self.assertEqual(os.listdir(ro), [])
        finally:
            os.chmod(ro, 0o755)
            os.rmdir(ro)


# ---------------------------------------------------------------------------
# A thousand segments
# ---------------------------------------------------------------------------


def read_atoms(data, start, end):
    at = start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at:at + 8])
        header = 8
        if size == 1:
            size = struct.unpack(">Q", data[at + 8:at + 16])[0]
            header = 16
        elif size == 0:
            size = end - at
        yield kind, at + header, at + size
        at += size


def child(data, start, end, kind):
    for k, s, e in read_atoms(data, start, end):
        if k == kind:
            return s, e
    return None


def set_start_frame(path, frame):
    """Rewrites the first sample of the movie's timecode track (its start,
    a frame count since midnight: QuickTime File Format, 'tmcd' media),
    found by the test's own walk of moov/trak/mdia."""
    with open(path, "r+b") as f:
        data = f.read()
        moov = child(data, 0, len(data), b"moov")
        for kind, s, e in read_atoms(data, *moov):
            if kind != b"trak":
                continue
            mdia = child(data, s, e, b"mdia")
            hdlr = child(data, *mdia, b"hdlr")
            if data[hdlr[0] + 8:hdlr[0] + 12] != b"tmcd":
                continue
            minf = child(data, *mdia, b"minf")
            stbl = child(data, *minf, b"stbl")
            stco = child(data, *stbl, b"stco")
            if stco:
                offset = struct.unpack(">I", data[stco[0] + 8:stco[0] + 12])[0]
            else:
                co64 = child(data, *stbl, b"co64")
                offset = struct.unpack(">Q", data[co64[0] + 8:co64[0] + 16])[0]
            f.seek(offset)
            f.write(struct.pack(">I", frame))
            return
    raise RuntimeError("%s: no timecode track" % path)


MANY_READ = r"""
(async () => {
  const imgs = [...document.images];
  const lazy = imgs.every(i => i.loading == "lazy");
  const first = imgs[0], last = imgs[imgs.length - 1];
  first.loading = "eager";
  last.loading = "eager";
  await first.decode();
  await last.decode();
  return {cuts: document.querySelectorAll("div.cut").length,
          imgs: imgs.length, lazy: lazy,
          first: [first.naturalWidth, first.naturalHeight],
          last: [last.naturalWidth, last.naturalHeight],
          lastCut: [...document.querySelectorAll("div.cut")].pop()
              .dataset.timecode};
})()
"""


class ThousandSegmentsTest(unittest.TestCase):
    N = 1000

    def test_page_loads(self):
        folder = os.path.join(WORK, "many")
        os.mkdir(folder)
        base = os.path.join(WORK, "many-base.mov")
        frames = 3 * self.N + 2
        make_fixture(base, frames, BASE_TC, "black", size=(128, 96))
        one = os.path.join(WORK, "one.mov")
        make_fixture(one, 2, BASE_TC, "smpte", size=(128, 96))
        # segment i: 2 frames at record 3i + 1, so 2 cuts each
        for i in range(self.N):
            path = os.path.join(folder, "K%04d & <co>.mov" % i)
            shutil.copyfile(one, path)
            set_start_frame(path, tc_to_frames(BASE_TC) + 3 * i + 1)
        page_path = os.path.join(WORK, "many.html")
        out = os.path.join(WORK, "many.mov")
        t0 = time.monotonic()
        status, _, err = run("print", base, folder, "-o", out, "--report",
                             page_path)
        elapsed = time.monotonic() - t0
        self.assertEqual(status, 0, err)
        size = os.path.getsize(page_path)
        print("1000 segments: report in %.1f s, page %.1f MB" %
              (elapsed, size / 1e6), file=sys.stderr)

        browser = Browser()
        try:
            t0 = time.monotonic()
            browser.open(page_path, timeout=120)
            load = time.monotonic() - t0
            got = browser.eval(MANY_READ)
            errors = browser.errors()
        finally:
            browser.close()
        print("1000 segments: page loaded in %.1f s" % load, file=sys.stderr)
        self.assertEqual(errors, [])
        self.assertEqual(got["cuts"], 2 * self.N)
        self.assertEqual(got["imgs"], 4 * self.N)
        self.assertTrue(got["lazy"])
        self.assertEqual(got["first"], [320, 240])
        self.assertEqual(got["last"], [320, 240])
        # the last cut: the end of segment 999, record frame 3 * 999 + 3
        self.assertEqual(got["lastCut"],
                         frames_to_tc(tc_to_frames(BASE_TC) + 3 * self.N))
        self.assertLess(load, 60)


def main():
    global CLI, FIXTURE, INDEX_HELPER, CHROMIUM
    if len(sys.argv) not in (4, 5):
        print("usage: test_report.py PRORESWRITER PRW_MAKE_FIXTURE "
              "PRW_REPORT_INDEX_HELPER [CHROMIUM]", file=sys.stderr)
        return 2
    CLI, FIXTURE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    INDEX_HELPER = os.path.abspath(sys.argv[3])
    CHROMIUM = sys.argv[4] if len(sys.argv) == 5 else shutil.which("chromium")
    suite = unittest.defaultTestLoader.loadTestsFromModule(
        sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    failed = len(result.failures) + len(result.errors)
    passed = result.testsRun - failed - len(result.skipped)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and not result.skipped else 1


if __name__ == "__main__":
    sys.exit(main())
