#!/usr/bin/env python3
"""`proreswriter conform` (--dry-run, and rendering) as a user meets it, on a small shoot
made here: ProRes originals and grades by prw-make-fixture (timecode, reel,
size, rate), an MXF original by ffmpeg, an ALE listing a RAW original.

  src/DAY1/A001/A001C001.mov   A cam, 01:00:00:00, 100 frames, reel A001
  src/DAY1/B001/B001C001.mov   B cam, 01:00:01:00, 100 frames, reel B001
                               (rolling with A: overlapping timecode)
  src/DAY1/C001C001.mxf        MXF (DNxHR), 02:00:00:00, 50 frames, 256x144
  src/DAY1/cam/K001.mov        two originals named K001, in other folders
  src/DAY2/cam/K001.mov
  src/E001C001.mov             no grade: skipped
  src/day1.ale                 D001C001 (an R3D, no size), and a bad row
  src/notes.txt, src/.hidden.mov
  grades/A001C001/...          Resolve's "separate folders" layout

Every link, refusal, section and exit status is checked, in text and JSON.

Run by meson as: python3 test_conform_cli.py PRORESWRITER PRW_MAKE_FIXTURE
"""

import fcntl
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

ALE = ("Heading\nFIELD_DELIM\tTABS\nVIDEO_FORMAT\t1080\nFPS\t25\n\n"
       "Column\nName\tStart\tEnd\tTape\tSource File\n\nData\n"
       "D001C001\t03:00:00:00\t03:00:04:00\tD001\tD001C001.R3D\n"
       "D001C002\t03:00:10:00\t03:00:09:00\tD001\tD001C002.R3D\n")


def run_in(cwd, *args):
    """The CLI with args, in cwd: (exit status, stdout, stderr)."""
    proc = subprocess.run([CLI] + [str(a) for a in args], cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=300)
    return (proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def run(*args):
    return run_in(WORK, *args)


def fixture(path, tc, frames, rate="25/1", size="128x96", reel=None,
            profile=None):
    full = os.path.join(WORK, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    args = [FIXTURE, full, "--rate", rate, "--tc", tc, "--frames",
            str(frames), "--size", size]
    if reel is not None:
        args += ["--reel", reel]
    if profile is not None:
        args += ["--profile", profile]
    subprocess.run(args, check=True)


def make_shoot():
    fixture("src/DAY1/A001/A001C001.mov", "01:00:00:00", 100, reel="A001")
    fixture("src/DAY1/B001/B001C001.mov", "01:00:01:00", 100, reel="B001")
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=s=256x144:r=25", "-frames:v", "50",
                    "-c:v", "dnxhd", "-profile:v", "dnxhr_lb", "-pix_fmt",
                    "yuv422p", "-timecode", "02:00:00:00", "-metadata",
                    "reel_name=C001",
                    os.path.join(WORK, "src/DAY1/C001C001.mxf")], check=True)
    fixture("src/DAY1/cam/K001.mov", "10:00:00:00", 50)
    fixture("src/DAY2/cam/K001.mov", "11:00:00:00", 50)
    fixture("src/E001C001.mov", "04:00:00:00", 20, reel="E001")
    with open(os.path.join(WORK, "src/day1.ale"), "w") as f:
        f.write(ALE)
    with open(os.path.join(WORK, "src/notes.txt"), "w") as f:
        f.write("camera report\n")
    with open(os.path.join(WORK, "src/.hidden.mov"), "w") as f:
        f.write("not a movie, and hidden\n")
    # a link to a folder above: walked once
    os.symlink("..", os.path.join(WORK, "src/DAY1/up"))

    # several grades of one original, in its own folder
    fixture("grades/A001C001/A001C001_001.mov", "01:00:00:10", 20)
    # inside B's timecode too: the name decides
    fixture("grades/A001C001/A001C001_002.mov", "01:00:02:00", 20)
    # names no original; its reel names B
    fixture("grades/shot_020.mov", "01:00:02:00", 10, reel="B001")
    fixture("grades/C001C001_grade.mov", "02:00:00:05", 10, size="256x144")
    # names both cameras, inside both: ambiguous
    fixture("grades/A001C001_B001C001.mov", "01:00:02:00", 10)
    # the wrong size
    fixture("grades/A001C001_wrongsize.mov", "01:00:00:10", 10,
            size="256x192")
    # 24 fps: unmatched
    fixture("grades/A001C001_24.mov", "01:00:00:10", 10, rate="24/1")
    # frames 95-104 of A, which ends at 99: only with --handles 5
    fixture("grades/A001C001_tail.mov", "01:00:03:20", 10)
    # the ALE's RAW original (size not known: any size)
    fixture("grades/D001C001_v1.mov", "03:00:01:00", 10, size="64x48")
    fixture("grades/K001_a.mov", "10:00:00:10", 5)
    fixture("grades/K001_b.mov", "11:00:00:10", 5)
    with open(os.path.join(WORK, "grades/notes.txt"), "w") as f:
        f.write("grade notes\n")
    os.makedirs(os.path.join(WORK, "grades/.cache"))
    with open(os.path.join(WORK, "grades/.cache/A001C001.mov"), "w") as f:
        f.write("a hidden folder's file\n")
    fixture("vfx/A001C001_comp_v3.mov", "01:00:00:20", 10)


class ConformDryRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        make_shoot()

    def conform(self, *extra):
        return run("conform", "--sources", "src", "--grades", "grades",
                   "--vfx", "vfx", "-o", "out", "--dry-run", *extra)

    def test_text(self):
        status, out, err = self.conform()
        self.assertEqual(status, 1, err)  # one ambiguous grade
        links = out.split("\n\n")[0].splitlines()
        self.assertEqual(links[0], "Links (8, handles 0 frames):")
        rows = [line.split() for line in links[2:]]
        self.assertEqual([r[:4] for r in rows], [
            ["A001C001", "grades/A001C001/A001C001_001.mov", "grade",
             "file-name"],
            ["A001C001", "grades/A001C001/A001C001_002.mov", "grade",
             "file-name"],
            ["A001C001", "vfx/A001C001_comp_v3.mov", "vfx", "file-name"],
            ["B001C001", "grades/shot_020.mov", "grade", "reel"],
            ["C001C001", "grades/C001C001_grade.mov", "grade", "file-name"],
            ["D001C001", "grades/D001C001_v1.mov", "grade", "file-name"],
            ["K001", "grades/K001_a.mov", "grade", "file-name"],
            ["K001", "grades/K001_b.mov", "grade", "file-name"],
        ])
        self.assertEqual(" ".join(rows[0][4:]),
                         "01:00:00:10-01:00:01:04 (frames 10-29)")
        self.assertEqual(" ".join(rows[1][4:]),
                         "01:00:02:00-01:00:02:19 (frames 50-69)")
        self.assertEqual(" ".join(rows[3][4:]),
                         "01:00:02:00-01:00:02:09 (frames 25-34)")
        self.assertEqual(" ".join(rows[4][4:]),
                         "02:00:00:05-02:00:00:14 (frames 5-14)")
        self.assertEqual(" ".join(rows[5][4:]),
                         "03:00:01:00-03:00:01:09 (frames 25-34)")

        self.assertIn(
            "Ambiguous (1, printed nowhere):\n"
            "  grades/A001C001_B001C001.mov (grade): matches A001C001 "
            "(src/DAY1/A001/A001C001.mov) by file-name, B001C001 "
            "(src/DAY1/B001/B001C001.mov) by file-name\n", out)
        self.assertIn(
            "Unmatched (3):\n"
            "  grades/A001C001_24.mov (grade): nearest A001C001 "
            "(src/DAY1/A001/A001C001.mov): rate 24 vs 25\n"
            "  grades/A001C001_tail.mov (grade): nearest A001C001 "
            "(src/DAY1/A001/A001C001.mov): 01:00:03:20-01:00:04:04 ends 5 "
            "frames after the source's end (01:00:00:00-01:00:03:24)\n"
            "  grades/A001C001_wrongsize.mov (grade): nearest A001C001 "
            "(src/DAY1/A001/A001C001.mov): size 256x192 vs 128x96\n", out)
        self.assertIn("Skipped (1, no segments):\n"
                      "  E001C001 (src/E001C001.mov)\n", out)
        self.assertIn(
            "Jobs (6):\n"
            "  A001C001 (src/DAY1/A001/A001C001.mov): 3 segments -> "
            "out/A001C001.mov\n"
            "  B001C001 (src/DAY1/B001/B001C001.mov): 1 segment -> "
            "out/B001C001.mov\n"
            "  C001C001 (src/DAY1/C001C001.mxf): 1 segment -> "
            "out/C001C001.mov\n"
            "  D001C001 (src/day1.ale:10): 1 segment -> out/D001C001.mov\n"
            "  K001 (src/DAY1/cam/K001.mov): 1 segment -> "
            "out/DAY1/cam/K001.mov\n"
            "  K001 (src/DAY2/cam/K001.mov): 1 segment -> "
            "out/DAY2/cam/K001.mov\n", out)

        # one line on stderr per unreadable input, naming it; the ambiguous
        # grade as an error; each unmatched grade (3) in one line; the
        # count of inputs lost (the ALE row: exit 1); hidden files never
        lines = err.splitlines()
        self.assertEqual(len(lines), 8, err)
        self.assertEqual(lines[-1], "proreswriter: 1 input could not be read "
                         "(see the warnings above); the run went on without "
                         "it")
        self.assertTrue(any(line.startswith(
            "proreswriter: warning: src/day1.ale:11: End ") for line in lines),
            err)
        self.assertTrue(any(line.startswith(
            "proreswriter: warning: src/notes.txt: ") for line in lines), err)
        self.assertTrue(any(line.startswith(
            "proreswriter: warning: grades/notes.txt: ") for line in lines),
            err)
        self.assertIn(
            "proreswriter: grades/A001C001_B001C001.mov: matches 2 sources "
            "(A001C001 (src/DAY1/A001/A001C001.mov), B001C001 "
            "(src/DAY1/B001/B001C001.mov)); printed nowhere", lines)
        self.assertNotIn(".hidden", err + out)
        self.assertNotIn(".cache", err + out)
        self.assertNotIn("DAY1/up", err + out)
        # a dry run writes nothing
        self.assertFalse(os.path.exists(os.path.join(WORK, "out")))

    def test_handles(self):
        status, out, err = self.conform("--handles", "5")
        self.assertEqual(status, 1, err)
        self.assertIn("Links (9, handles 5 frames):", out)
        self.assertRegex(out, r"\n  A001C001 +grades/A001C001_tail.mov +grade "
                              r"+file-name +01:00:03:20-01:00:04:04 "
                              r"\(frames 95-104\)\n")
        status, out, err = self.conform("--handles", "4")
        self.assertIn("ends 5 frames after the source's end "
                      "(01:00:00:00-01:00:03:24), more than the 4 handle "
                      "frames", out)

    def test_json(self):
        status, out, err = self.conform("--json")
        self.assertEqual(status, 1, err)
        doc = json.loads(out)
        self.assertEqual(doc["handles"], 0)
        self.assertEqual(doc["output_folder"], "out")
        self.assertEqual(
            [(l["source"]["clip_name"], l["segment"], l["layer"], l["rules"],
              l["record_in"], l["record_out"]) for l in doc["links"]],
            [("A001C001", "grades/A001C001/A001C001_001.mov", "grade",
              ["file-name"], 10, 30),
             ("A001C001", "grades/A001C001/A001C001_002.mov", "grade",
              ["file-name"], 50, 70),
             ("A001C001", "vfx/A001C001_comp_v3.mov", "vfx", ["file-name"],
              20, 30),
             ("B001C001", "grades/shot_020.mov", "grade", ["reel"], 25, 35),
             ("C001C001", "grades/C001C001_grade.mov", "grade",
              ["file-name"], 5, 15),
             ("D001C001", "grades/D001C001_v1.mov", "grade", ["file-name"],
              25, 35),
             ("K001", "grades/K001_a.mov", "grade", ["file-name"], 10, 15),
             ("K001", "grades/K001_b.mov", "grade", ["file-name"], 10, 15)])
        amb, = doc["ambiguous"]
        self.assertEqual(amb["segment"], "grades/A001C001_B001C001.mov")
        self.assertEqual(
            [(c["source"]["path"], c["rules"]) for c in amb["candidates"]],
            [("src/DAY1/A001/A001C001.mov", ["file-name"]),
             ("src/DAY1/B001/B001C001.mov", ["file-name"])])
        self.assertEqual(
            [(u["segment"], u["nearest"]["clip_name"], u["reason"])
             for u in doc["unmatched"]],
            [("grades/A001C001_24.mov", "A001C001", "rate 24 vs 25"),
             ("grades/A001C001_tail.mov", "A001C001",
              "01:00:03:20-01:00:04:04 ends 5 frames after the source's end "
              "(01:00:00:00-01:00:03:24)"),
             ("grades/A001C001_wrongsize.mov", "A001C001",
              "size 256x192 vs 128x96")])
        self.assertEqual([s["path"] for s in doc["skipped"]],
                         ["src/E001C001.mov"])

        jobs = {j["output"]: j for j in doc["jobs"]}
        self.assertEqual(sorted(jobs), [
            "out/A001C001.mov", "out/B001C001.mov", "out/C001C001.mov",
            "out/D001C001.mov", "out/DAY1/cam/K001.mov",
            "out/DAY2/cam/K001.mov"])
        a = jobs["out/A001C001.mov"]
        self.assertEqual(a["handles"], 0)
        src = a["source"]
        self.assertEqual(
            (src["clip_name"], src["path"], src["reel"], src["frames"],
             src["rate"], src["start_timecode"], src["last_timecode"],
             src["width"], src["height"], src["drop_frame"]),
            ("A001C001", "src/DAY1/A001/A001C001.mov", "A001", 100, "25/1",
             "01:00:00:00", "01:00:03:24", 128, 96, False))
        self.assertEqual(
            [(s["segment"], s["layer"], s["start_timecode"], s["frames"],
              s["width"], s["codec"], s["record_in"], s["record_out"])
             for s in a["segments"]],
            [("grades/A001C001/A001C001_001.mov", "grade", "01:00:00:10", 20,
              128, "ap4h", 10, 30),
             ("grades/A001C001/A001C001_002.mov", "grade", "01:00:02:00", 20,
              128, "ap4h", 50, 70),
             ("vfx/A001C001_comp_v3.mov", "vfx", "01:00:00:20", 10, 128,
              "ap4h", 20, 30)])
        c = jobs["out/C001C001.mov"]["source"]
        self.assertEqual((c["format"], c["reel"], c["frames"], c["width"]),
                         ("MXF OP1a, dnxhd", "C001", 50, 256))
        d = jobs["out/D001C001.mov"]["source"]
        self.assertEqual((d["ale"], d["ale_line"], d["path"], d["width"],
                          d["frames"]),
                         ("src/day1.ale", 10, "D001C001.R3D", None, 100))
        # JSON errors on stderr: the unreadable inputs and the ambiguity
        errors = [json.loads(line) for line in err.splitlines()]
        self.assertEqual(len(errors), 8, err)
        self.assertEqual(errors[-1]["error"]["code"], "unreadable", err)
        self.assertIn({"error": {
            "code": "ambiguous", "file": "grades/A001C001_B001C001.mov",
            "message": "grades/A001C001_B001C001.mov: matches 2 sources "
                       "(A001C001 (src/DAY1/A001/A001C001.mov), B001C001 "
                       "(src/DAY1/B001/B001C001.mov)); printed nowhere"}},
            errors)

    def test_same_in_any_order(self):
        # the grades given file by file, in reverse, and the sources
        # folder by folder: the same table
        _, out, _ = self.conform("--json")
        grades = []
        for root, dirs, files in os.walk(os.path.join(WORK, "grades")):
            grades += [os.path.relpath(os.path.join(root, f), WORK)
                       for f in files]
        status, out2, err = run(
            "conform", "--sources", "src/E001C001.mov", "src/day1.ale",
            "src/DAY2", "src/DAY1", "src/notes.txt", "--grades", *sorted(grades)[::-1],
            "--vfx", "vfx", "-o", "out", "--dry-run", "--json")
        self.assertEqual(status, 1, err)
        a, b = json.loads(out), json.loads(out2)
        self.assertEqual(a["links"], b["links"])
        self.assertEqual(a["ambiguous"], b["ambiguous"])
        self.assertEqual(a["unmatched"], b["unmatched"])
        self.assertEqual(a["skipped"], b["skipped"])

    def test_clean_run_exits_0(self):
        status, out, err = run(
            "conform", "--sources", "src/DAY1/A001", "src/DAY1/B001",
            "--grades", "grades/A001C001", "grades/shot_020.mov",
            "-o", "out", "--dry-run")
        self.assertEqual((status, err), (0, ""))
        self.assertIn("Links (3, handles 0 frames):", out)
        self.assertNotIn("Ambiguous", out)
        self.assertNotIn("Unmatched", out)

    def test_outdir_inside_an_input(self):
        for outdir in ("src/out", "grades", "./vfx/x/y"):
            with self.subTest(outdir=outdir):
                status, out, err = run(
                    "conform", "--sources", "src", "--grades", "grades",
                    "--vfx", "vfx", "-o", outdir, "--dry-run")
                self.assertEqual(status, 2, err)
                self.assertEqual(out, "")
                self.assertTrue(err.startswith(
                    "proreswriter: -o %s: inside the input folder " % outdir),
                    err)

    def test_outdir_is_an_input_files_folder(self):
        """A source or grade given as a file: -o its own folder would write
        beside it (over the camera original, for a source of the same
        name); a folder inside it too; elsewhere is fine."""
        for outdir, files in (("src", ("src/E001C001.mov", "grades")),
                              ("./grades/A001C001/",
                               ("src", "grades/A001C001/A001C001_001.mov"))):
            with self.subTest(outdir=outdir):
                status, out, err = run(
                    "conform", "--sources", files[0], "--grades", files[1],
                    "-o", outdir, "--dry-run")
                self.assertEqual(status, 2, err)
                self.assertEqual(out, "")
                self.assertEqual(err.splitlines()[0],
                                 "proreswriter: -o %s: inside the input "
                                 "folder %s; nothing is written inside the "
                                 "source, grade or VFX folders"
                                 % (outdir, os.path.dirname(
                                     [f for f in files
                                      if f.endswith(".mov")][0])))
        # inside it too, since the tester's findings: a later walk of src
        # would take src/out's outputs for sources
        status, out, err = run("conform", "--sources", "src/E001C001.mov",
                               "--grades", "grades", "-o", "src/out",
                               "--dry-run")
        self.assertEqual(status, 2, err)
        status, out, err = run("conform", "--sources", "src/E001C001.mov",
                               "--grades", "grades", "-o", "elsewhere",
                               "--dry-run")
        self.assertNotEqual(status, 2, err)

    def test_json_needs_dry_run(self):
        status, out, err = run("conform", "--sources", "src", "--grades",
                               "grades", "-o", "out", "--json")
        self.assertEqual(status, 2)
        self.assertEqual(out, "")
        self.assertEqual(json.loads(err)["error"],
                         {"code": "usage", "file": None,
                          "message": "--json needs --dry-run"})
        self.assertFalse(os.path.exists(os.path.join(WORK, "out")))

    def test_usage(self):
        for args in (["--grades", "grades", "-o", "out", "--dry-run"],
                     ["--sources", "src", "-o", "out", "--dry-run"],
                     ["--sources", "src", "--grades", "grades", "--dry-run"],
                     ["--sources", "src", "--grades", "grades", "-o", "out",
                      "--dry-run", "--handles", "-1"],
                     ["--sources", "--grades", "grades", "-o", "out",
                      "--dry-run"],
                     ["stray", "--sources", "src", "--grades", "grades",
                      "-o", "out", "--dry-run"]):
            with self.subTest(args=args):
                status, out, err = run("conform", *args)
                self.assertEqual(status, 2, err)
                self.assertEqual(out, "")
                self.assertTrue(err.startswith("proreswriter: "), err)

# What a later `conform --job FILE` reads, for each job: where to find its
# source (a file, or an ALE and its line), the source's format facts, the
# handles, the segments with their layers and paths, the output, and the
# folder the relative paths start from.
JOB_KEYS = {"source", "working_folder", "handles", "output", "segments"}
SOURCE_KEYS = {"clip_name", "path", "ale", "ale_line", "reel", "format",
               "width", "height", "rate", "rate_num", "rate_den",
               "drop_frame", "frames", "start_timecode", "last_timecode",
               "interlaced", "merged"}
SEGMENT_KEYS = {"segment", "layer", "rules", "start_timecode", "frames",
                "codec", "width", "height", "rate", "reel", "record_in",
                "record_out", "record_timecode_in", "record_timecode_last"}

# Run by Debian's python3 (it has gi): each file in argv parsed by
# json-glib and written back, one line each.
JSON_GLIB_ROUND_TRIP = """
import sys
import gi
gi.require_version("Json", "1.0")
from gi.repository import Json
for path in sys.argv[1:]:
    parser = Json.Parser()
    parser.load_from_file(path)
    gen = Json.Generator()
    gen.set_root(parser.get_root())
    data, _ = gen.to_data()
    print(data)
"""


class ConformJobs(unittest.TestCase):
    """--dry-run --json jobs, one per file as a farm manager writes them,
    read back by json-glib (what `conform --job FILE` will use)."""

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(os.path.join(WORK, "grades")):
            make_shoot()

    def test_jobs_round_trip_through_json_glib(self):
        status, out, err = run("conform", "--sources", "src", "--grades",
                               "grades", "--vfx", "vfx", "--handles", "5",
                               "-o", "out", "--dry-run", "--json")
        self.assertEqual(status, 1, err)  # one ambiguous grade
        doc = json.loads(out)
        self.assertEqual(doc["working_folder"], os.path.realpath(WORK))
        jobs = doc["jobs"]
        self.assertEqual(len(jobs), 6)
        folder = os.path.join(WORK, "jobs")
        os.makedirs(folder, exist_ok=True)
        files = []
        for i, job in enumerate(jobs):
            self.assertEqual(set(job), JOB_KEYS)
            self.assertEqual(set(job["source"]), SOURCE_KEYS)
            self.assertEqual(job["handles"], 5)
            base = job["working_folder"]
            self.assertEqual(base, os.path.realpath(WORK))
            src = job["source"]
            if src["ale"] is not None:
                # a RAW original known from its ALE row: the row is enough
                self.assertTrue(os.path.isfile(os.path.join(base,
                                                            src["ale"])))
                self.assertGreater(src["ale_line"], 0)
            else:
                self.assertTrue(os.path.isfile(os.path.join(base,
                                                            src["path"])))
            self.assertTrue(job["output"].startswith("out/"))
            self.assertGreater(len(job["segments"]), 0)
            for seg in job["segments"]:
                self.assertEqual(set(seg), SEGMENT_KEYS)
                self.assertIn(seg["layer"], ("grade", "vfx"))
                self.assertTrue(os.path.isfile(os.path.join(
                    base, seg["segment"])))
                self.assertEqual(seg["record_out"] - seg["record_in"],
                                 seg["frames"])
            path = os.path.join(folder, "job%d.json" % i)
            with open(path, "w") as f:
                json.dump(job, f, ensure_ascii=False)
            files.append(path)
        proc = subprocess.run(["/usr/bin/python3", "-c", JSON_GLIB_ROUND_TRIP]
                              + files, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        back = [json.loads(line) for line in
                proc.stdout.decode().splitlines()]
        self.assertEqual(back, jobs)
        # the tail grade in the handles: its record range leaves the source
        a = next(j for j in jobs if j["output"] == "out/A001C001.mov")
        tail = next(s for s in a["segments"]
                    if s["segment"] == "grades/A001C001_tail.mov")
        self.assertEqual((tail["record_in"], tail["record_out"]), (95, 105))
        self.assertEqual(a["source"]["frames"], 100)
        shutil.rmtree(folder)


# An ALE row and the media file of the same clip: one source.
MERGE_ALE = ("Heading\nFIELD_DELIM\tTABS\nVIDEO_FORMAT\t1080\nFPS\t25\n\n"
             "Column\nName\tStart\tEnd\tTape\n\nData\n"
             "F001C001\t05:00:00:00\t05:00:04:00\tF001\n"
             "H001C001\t07:00:00:00\t07:00:02:00\tH001\n")


class ConformMerge(unittest.TestCase):
    """merge/src holds F001C001.mov (no reel) and day.ale, whose line 10
    is the same clip (name, start, 100 frames, 25 fps) with reel F001, and
    whose line 11 says H001C001 has 50 frames where H001C001.mov has 100."""

    @classmethod
    def setUpClass(cls):
        fixture("merge/src/F001C001.mov", "05:00:00:00", 100)
        fixture("merge/src/H001C001.mov", "07:00:00:00", 100)
        with open(os.path.join(WORK, "merge/src/day.ale"), "w") as f:
            f.write(MERGE_ALE)
        # both descriptions of F would take it
        fixture("merge/grades/F001C001_v1.mov", "05:00:01:00", 10)
        # the reel only the ALE row knows
        fixture("merge/grades/shot_f.mov", "05:00:02:00", 5, reel="F001")
        # the row and the file of H differ: two sources, ambiguous
        fixture("merge/grades/H001C001_v1.mov", "07:00:00:10", 5)

    def conform(self, *extra):
        return run("conform", "--sources", "merge/src", "--grades",
                   "merge/grades", "-o", "merge/out", "--dry-run", *extra)

    def test_text(self):
        status, out, err = self.conform()
        self.assertEqual(status, 1, err)  # H only
        links = out.split("\n\n")[0].splitlines()
        self.assertEqual(links[0], "Links (2, handles 0 frames):")
        self.assertEqual([line.split()[:4] for line in links[2:]], [
            ["F001C001", "merge/grades/F001C001_v1.mov", "grade",
             "file-name"],
            ["F001C001", "merge/grades/shot_f.mov", "grade", "reel"]])
        self.assertIn(
            "Merged (1, an ALE row and the media file of the same clip: one "
            "source):\n"
            "  F001C001: merge/src/F001C001.mov is merge/src/day.ale:10 (the "
            "file's facts; reel F001 from the ALE)\n", out)
        self.assertIn(
            "Ambiguous (1, printed nowhere):\n"
            "  merge/grades/H001C001_v1.mov (grade): matches H001C001 "
            "(merge/src/day.ale:11) by file-name, H001C001 "
            "(merge/src/H001C001.mov) by file-name\n", out)
        self.assertIn(
            "Jobs (1):\n"
            "  F001C001 (merge/src/F001C001.mov): 2 segments -> "
            "merge/out/F001C001.mov\n", out)
        self.assertNotIn("day.ale:10", out.split("Merged")[0])
        self.assertEqual(len(err.splitlines()), 1, err)

    def test_json(self):
        status, out, err = self.conform("--json")
        self.assertEqual(status, 1, err)
        doc = json.loads(out)
        merged, = doc["merged"]
        self.assertEqual(merged["source"]["path"], "merge/src/F001C001.mov")
        self.assertEqual([(r["ale"], r["ale_line"])
                          for r in merged["ale_rows"]],
                         [("merge/src/day.ale", 10)])
        self.assertEqual((merged["reel"], merged["reel_from_ale"]),
                         ("F001", True))
        job, = doc["jobs"]
        src = job["source"]
        # the file's facts, the ALE's reel
        self.assertEqual(
            (src["path"], src["ale"], src["reel"], src["frames"],
             src["width"], src["height"], src["start_timecode"]),
            ("merge/src/F001C001.mov", None, "F001", 100, 128, 96,
             "05:00:00:00"))
        self.assertEqual([(r["ale"], r["ale_line"]) for r in src["merged"]],
                         [("merge/src/day.ale", 10)])
        self.assertEqual([(s["segment"], s["layer"], s["rules"])
                          for s in job["segments"]],
                         [("merge/grades/F001C001_v1.mov", "grade",
                           ["file-name"]),
                          ("merge/grades/shot_f.mov", "grade", ["reel"])])
        # sorted by clip name, then path: the row (no Source File) first
        self.assertEqual(
            [(s["path"], s["ale"], s["ale_line"]) for s in doc["skipped"]],
            [(None, "merge/src/day.ale", 11),
             ("merge/src/H001C001.mov", None, None)])


RW, RH = 640, 368  # rendered shoot: big enough for the burn-in
# what a conform records in OUTDIR of the outputs it wrote (hidden)
STATE = ".proreswriter-conform.json"


def rfixture(path, tc, frames, reel=None, profile=None):
    fixture(os.path.join("render", path), tc, frames,
            size="%dx%d" % (RW, RH), reel=reel, profile=profile)


def md5s(path):
    out = subprocess.run([FIXTURE, "--md5s", path], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return out.split()


def probe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json",
                          "-show_streams", path], check=True,
                         stdout=subprocess.PIPE).stdout
    return json.loads(out)["streams"]


def rrun(*args):
    return run_in(os.path.join(WORK, "render"), *args)


class ConformRender(unittest.TestCase):
    """conform without --dry-run: one pass per source into its virtual
    blank rush; every output checked packet by packet against the
    segments and against `proreswriter blank --like`."""

    @classmethod
    def setUpClass(cls):
        rfixture("src/A001C001.mov", "01:00:00:00", 100, reel="A001")
        rfixture("src/B001C001.mov", "01:00:01:00", 60, reel="B001")
        rfixture("src/C001C001.mov", "02:00:00:00", 40, reel="C001")
        rfixture("grades/A001C001_001.mov", "01:00:00:10", 20)
        rfixture("grades/A001C001_002.mov", "01:00:02:00", 20)
        rfixture("vfx/A001C001_comp.mov", "01:00:00:20", 10)
        rfixture("grades/shot_b.mov", "01:00:01:10", 10, reel="B001")
        # C's segments disagree in format: its job fails alone
        rfixture("grades/C001C001_a.mov", "02:00:00:05", 5)
        rfixture("grades/C001C001_b.mov", "02:00:00:20", 5, profile="hq")
        # names both cameras, inside both: ambiguous, printed nowhere
        rfixture("grades/A001C001_B001C001.mov", "01:00:02:00", 10)

    def check_output(self, out, source, like, frames, tc, reel, segments):
        """segments: [(path, record_in)]"""
        streams = probe(out)
        video = [s for s in streams if s["codec_type"] == "video"][0]
        tmcd = [s for s in streams if s.get("codec_tag_string") == "tmcd"]
        self.assertEqual(int(video["nb_frames"]), frames)
        self.assertEqual(video["r_frame_rate"], "25/1")
        self.assertEqual(video["tags"]["timecode"], tc)
        self.assertEqual(len(tmcd), 1)
        self.assertEqual(tmcd[0]["tags"]["reel_name"], reel)
        blank = os.path.join(WORK, "render", "blank-%s" % os.path.basename(
            out))
        status, _, err = rrun("blank", source, "--like", like, "-o", blank)
        self.assertEqual(status, 0, err)
        expected = md5s(blank)
        for path, record_in in segments:
            seg = md5s(os.path.join(WORK, "render", path))
            expected[record_in:record_in + len(seg)] = seg
        got = md5s(out)
        self.assertEqual(len(got), frames)
        self.assertEqual(got, expected)
        os.unlink(blank)

    def test_render(self):
        status, out, err = rrun("conform", "--sources", "src", "--grades",
                                "grades", "--vfx", "vfx", "-o", "out",
                                "--report", "rep")
        self.assertEqual(status, 1, err)  # C failed, one ambiguous grade
        # a page for each output, none for the failed job, and the index
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "render/rep"))),
                         ["A001C001.html", "B001C001.html", "index.html"])
        with open(os.path.join(WORK, "render/rep/index.html")) as f:
            index = f.read()
        self.assertIn('href="A001C001.html"', index)
        self.assertIn("C001C001", index)
        self.assertIn("proreswriter: grades/A001C001_B001C001.mov: matches 2 "
                      "sources", err)
        self.assertIn("proreswriter: out/C001C001.mov: its segments disagree "
                      "in format: grades/C001C001_b.mov (apch 640x368), "
                      "unlike grades/C001C001_a.mov (ap4h 640x368); nothing "
                      "written\n", err)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "render/out"))),
                         [STATE, "A001C001.mov", "B001C001.mov"])
        summary = out[out.index("Jobs:\n"):].splitlines()
        rows = [line.split() for line in summary[2:]]
        self.assertEqual([(r[0], r[2], r[3], r[4]) for r in rows], [
            ("A001C001", "3", "40", "written:"),
            ("B001C001", "1", "10", "written:"),
            ("C001C001", "2", "0", "failed"),
        ])
        # the VFX shot (record 20-29) beats the grade under it
        self.check_output(os.path.join(WORK, "render/out/A001C001.mov"),
                          "src/A001C001.mov", "grades/A001C001_001.mov", 100,
                          "01:00:00:00", "A001",
                          [("grades/A001C001_001.mov", 10),
                           ("grades/A001C001_002.mov", 50),
                           ("vfx/A001C001_comp.mov", 20)])
        self.check_output(os.path.join(WORK, "render/out/B001C001.mov"),
                          "src/B001C001.mov", "grades/shot_b.mov", 60,
                          "01:00:01:00", "B001",
                          [("grades/shot_b.mov", 10)])
        # nothing written inside the inputs, no temporary file left
        for folder in ("src", "grades", "vfx"):
            for _, _, files in os.walk(os.path.join(WORK, "render", folder)):
                self.assertTrue(all(f.endswith(".mov") for f in files), files)

    def test_clean_run_exits_0(self):
        status, out, err = rrun("conform", "--sources", "src/A001C001.mov",
                                "--grades", "grades/A001C001_001.mov",
                                "-o", "out0")
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "render/out0"))),
                         [STATE, "A001C001.mov"])
        self.check_output(os.path.join(WORK, "render/out0/A001C001.mov"),
                          "src/A001C001.mov", "grades/A001C001_001.mov", 100,
                          "01:00:00:00", "A001",
                          [("grades/A001C001_001.mov", 10)])

    def test_handles(self):
        """With --handles 5, a grade running 5 frames past the source's
        end is linked; its frames inside the source are printed."""
        rfixture("tail/A001C001_tail.mov", "01:00:03:20", 10)
        status, out, err = rrun("conform", "--sources", "src/A001C001.mov",
                                "--grades", "tail", "-o", "outh")
        # nothing to conform: exit 1 (was 0 before the tester's findings)
        self.assertEqual(status, 1, err)
        self.assertIn("proreswriter: nothing to conform: ", err)
        self.assertFalse(os.path.exists(os.path.join(WORK, "render/outh")))
        status, out, err = rrun("conform", "--sources", "src/A001C001.mov",
                                "--grades", "tail", "-o", "outh",
                                "--handles", "5")
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "render/outh"))),
                         [STATE, "A001C001.mov"])
        tail = md5s(os.path.join(WORK, "render/tail/A001C001_tail.mov"))
        got = md5s(os.path.join(WORK, "render/outh/A001C001.mov"))
        self.assertEqual(len(got), 100)
        self.assertEqual(got[95:], tail[:5])

    def test_interrupt(self):
        """SIGINT during the second job: the first output stays, nothing of
        the second is left, no job after it runs."""
        import signal
        import time
        # an ALE row of four hours: a job long enough to interrupt
        os.makedirs(os.path.join(WORK, "render/long"), exist_ok=True)
        with open(os.path.join(WORK, "render/long/long.ale"), "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\tTape\n\nData\n"
                    "Z001C001\t01:00:00:00\t05:00:00:00\tZ001\n")
        rfixture("longgrades/Z001C001_g.mov", "01:00:00:10", 5,
                 profile="proxy")
        out = os.path.join(WORK, "render/outi")
        proc = subprocess.Popen(
            [CLI, "conform", "--sources", "src/A001C001.mov", "long",
             "--grades", "grades/A001C001_001.mov", "longgrades", "-o",
             "outi"], cwd=os.path.join(WORK, "render"),
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
            self.fail("the second job never started")
        self.assertIn("A001C001.mov", os.listdir(out))
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 1, stderr)
        self.assertEqual(sorted(os.listdir(out)), [STATE, "A001C001.mov"])
        self.assertIn("proreswriter: outi/Z001C001.mov: interrupted; nothing "
                      "was written\n", stderr.decode())
        self.assertEqual(len(md5s(os.path.join(out, "A001C001.mov"))), 100)


def state_outputs(outdir):
    """The outputs OUTDIR's conform state records, by name."""
    with open(os.path.join(WORK, "render", outdir, STATE)) as f:
        doc = json.load(f)
    self_check = (doc["format"], doc["version"])
    assert self_check == ("proreswriter-conform-state", 1), self_check
    return {entry["output"]: entry for entry in doc["outputs"]}


def identity(path):
    """Which file path is, and as written: inode, size, mtime in ns."""
    st = os.stat(os.path.join(WORK, "render", path))
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def summary_rows(out):
    """The summary table's rows: (clip name, result's first word); the
    table ends at an empty line (the count of unmatched segments follows)."""
    summary = out[out.index("Jobs:\n"):].split("\n\n")[0].splitlines()
    rows = [line.split() for line in summary[2:]]
    return [(r[0], r[4]) for r in rows]


def movie_bytes_without_times(path):
    """A movie's bytes with the creation and modification times of its
    mvhd, tkhd and mdhd (the time of writing) zeroed: what two runs on the
    same inputs must write alike."""
    with open(path, "rb") as f:
        data = bytearray(f.read())

    def walk(start, end):
        at = start
        while at + 8 <= end:
            size = int.from_bytes(data[at:at + 4], "big")
            kind = bytes(data[at + 4:at + 8])
            header = 8
            if size == 1:
                size = int.from_bytes(data[at + 8:at + 16], "big")
                header = 16
            elif size == 0:
                size = end - at
            if size < header or at + size > end:
                raise AssertionError("%s: bad atom at %d" % (path, at))
            if kind in (b"moov", b"trak", b"mdia"):
                walk(at + header, at + size)
            elif kind in (b"mvhd", b"tkhd", b"mdhd"):
                body = at + header
                width = 8 if data[body] == 1 else 4  # version 1: 64-bit
                data[body + 4:body + 4 + 2 * width] = bytes(2 * width)
            at += size
    walk(0, len(data))
    return bytes(data)


class ConformRerun(unittest.TestCase):
    """Re-running a conform skips each job whose inputs and options are
    unchanged since its output was written (OUTDIR's state file), and says
    so; anything changed, a deleted output, --force or a failed job runs it
    again. Each test writes into its own output folder; the inputs under
    rerun/ are shared, and a test that changes one changes its own."""

    @classmethod
    def setUpClass(cls):
        rfixture("rerun/src/A001C001.mov", "01:00:00:00", 100, reel="A001")
        rfixture("rerun/src/B001C001.mov", "01:00:01:00", 60, reel="B001")
        rfixture("rerun/grades/A001C001_001.mov", "01:00:00:10", 20)
        rfixture("rerun/grades/B001C001_001.mov", "01:00:01:10", 10)

    def conform(self, outdir, *extra, sources=("rerun/src",),
                grades=("rerun/grades",), status=0):
        code, out, err = rrun("conform", "--sources", *sources, "--grades",
                              *grades, "-o", outdir, *extra)
        self.assertEqual(code, status, err)
        return out, err

    def test_unchanged_rerun_skips_every_job(self):
        self.conform("rr-same")
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "render/rr-same"))),
                         [STATE, "A001C001.mov", "B001C001.mov"])
        before = {n: identity("rr-same/" + n) for n in ("A001C001.mov",
                                                         "B001C001.mov")}
        recorded = state_outputs("rr-same")
        self.assertEqual(sorted(recorded), ["A001C001.mov", "B001C001.mov"])
        a = recorded["A001C001.mov"]
        self.assertEqual((a["size"], a["mtime_ns"]),
                         before["A001C001.mov"][1:])
        self.assertEqual([i["path"] for i in a["inputs"]],
                         ["rerun/src/A001C001.mov",
                          "rerun/grades/A001C001_001.mov"])
        self.assertEqual(a["options"], "handles=0;layers=grade")
        out, err = self.conform("rr-same")
        self.assertIn("rr-same/A001C001.mov: unchanged since it was written; "
                      "skipped", out)
        self.assertIn("rr-same/B001C001.mov: unchanged since it was written; "
                      "skipped", out)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])
        self.assertIn("skipped: unchanged", out)
        self.assertEqual(err, "")
        for name, was in before.items():
            self.assertEqual(identity("rr-same/" + name), was)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "render/rr-same"))),
                         [STATE, "A001C001.mov", "B001C001.mov"])

    def test_touched_segment_redoes_its_source_only(self):
        rfixture("rerun/touch/B001C001_t.mov", "01:00:01:10", 10)
        grades = ("rerun/grades/A001C001_001.mov",
                  "rerun/touch/B001C001_t.mov")
        self.conform("rr-touch", grades=grades)
        a = identity("rr-touch/A001C001.mov")
        b = identity("rr-touch/B001C001.mov")
        b_md5s = md5s(os.path.join(WORK, "render/rr-touch/B001C001.mov"))
        seg = os.path.join(WORK, "render/rerun/touch/B001C001_t.mov")
        st = os.stat(seg)
        os.utime(seg, ns=(st.st_atime_ns, st.st_mtime_ns + 1000))
        out, _ = self.conform("rr-touch", grades=grades)
        self.assertIn("rerun/touch/B001C001_t.mov changed since "
                      "rr-touch/B001C001.mov was written", out)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "written:")])
        self.assertEqual(identity("rr-touch/A001C001.mov"), a)
        self.assertNotEqual(identity("rr-touch/B001C001.mov")[0], b[0])
        self.assertEqual(md5s(os.path.join(WORK,
                                           "render/rr-touch/B001C001.mov")),
                         b_md5s)
        # and recorded anew: a third run skips both
        self.assertEqual(
            state_outputs("rr-touch")["B001C001.mov"]["inputs"][1]["mtime_ns"],
            st.st_mtime_ns + 1000)
        out, _ = self.conform("rr-touch", grades=grades)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])

    def test_other_handles_redo(self):
        self.conform("rr-handles")
        out, _ = self.conform("rr-handles", "--handles", "2")
        self.assertIn("rr-handles/A001C001.mov: its options changed", out)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "written:")])
        self.assertEqual(
            state_outputs("rr-handles")["A001C001.mov"]["options"],
            "handles=2;layers=grade")
        out, _ = self.conform("rr-handles", "--handles", "2")
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])

    def test_other_layer_redoes(self):
        """The same segment given as VFX instead of as a grade."""
        self.conform("rr-layer", grades=("rerun/grades/A001C001_001.mov",))
        code, out, err = rrun("conform", "--sources", "rerun/src/A001C001.mov",
                              "--vfx", "rerun/grades/A001C001_001.mov", "-o",
                              "rr-layer")
        self.assertEqual(code, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "written:")])
        self.assertEqual(state_outputs("rr-layer")["A001C001.mov"]["options"],
                         "handles=0;layers=vfx")

    def test_force_redoes_every_job(self):
        self.conform("rr-force")
        before = {n: identity("rr-force/" + n) for n in ("A001C001.mov",
                                                          "B001C001.mov")}
        out, _ = self.conform("rr-force", "--force")
        self.assertNotIn("skipped", out)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "written:")])
        for name, was in before.items():
            self.assertNotEqual(identity("rr-force/" + name)[0], was[0])
        self.assertEqual(sorted(state_outputs("rr-force")),
                         ["A001C001.mov", "B001C001.mov"])

    def test_deleted_output_is_redone(self):
        self.conform("rr-deleted")
        b = identity("rr-deleted/B001C001.mov")
        a_md5s = md5s(os.path.join(WORK, "render/rr-deleted/A001C001.mov"))
        os.unlink(os.path.join(WORK, "render/rr-deleted/A001C001.mov"))
        out, _ = self.conform("rr-deleted")
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "skipped:")])
        self.assertEqual(md5s(os.path.join(WORK,
                                           "render/rr-deleted/A001C001.mov")),
                         a_md5s)
        self.assertEqual(identity("rr-deleted/B001C001.mov"), b)

    def test_stale_temporary_files_are_removed(self):
        """What conform processes killed at once (SIGKILL, a power cut)
        left, the temporary files of the outputs and of the state file, is
        removed by the next conform (--jobs 2) that writes those names;
        one whose lock is held (a living writer) and another name's
        are kept."""
        outdir = os.path.join(WORK, "render/rr-stale")
        os.makedirs(outdir)
        left = [".A001C001.mov.prw-Kill01", ".B001C001.mov.prw-Kill02",
                "." + STATE + ".prw-Kill03"]
        kept = [".A001C001.mov.prw-Live01", ".C001C001.mov.prw-Kill04"]
        for name in left + kept:
            with open(os.path.join(outdir, name), "wb") as f:
                f.write(b"part of a print\n")
        with open(os.path.join(outdir, kept[0]), "r+b") as holder:
            fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.conform("rr-stale", "--jobs", "2")
            self.assertEqual(sorted(os.listdir(outdir)),
                             sorted([STATE, "A001C001.mov", "B001C001.mov"] +
                                    kept))
        for name in kept:
            with open(os.path.join(outdir, name), "rb") as f:
                self.assertEqual(f.read(), b"part of a print\n")
        self.assertEqual(sorted(state_outputs("rr-stale")),
                         ["A001C001.mov", "B001C001.mov"])

    def test_failed_job_is_not_recorded_and_runs_again(self):
        rfixture("rerun/srcC/C001C001.mov", "02:00:00:00", 40, reel="C001")
        rfixture("rerun/gradesC/C001C001_a.mov", "02:00:00:05", 5)
        rfixture("rerun/gradesC/C001C001_b.mov", "02:00:00:20", 5,
                 profile="hq")
        sources = ("rerun/src", "rerun/srcC")
        grades = ("rerun/grades", "rerun/gradesC")
        out, err = self.conform("rr-fail", sources=sources, grades=grades,
                                status=1)
        self.assertIn("rr-fail/C001C001.mov: its segments disagree in format",
                      err)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "written:"),
                                             ("C001C001", "failed")])
        self.assertEqual(sorted(state_outputs("rr-fail")),
                         ["A001C001.mov", "B001C001.mov"])
        # nothing changed: the failed job runs again, and fails again
        out, err = self.conform("rr-fail", sources=sources, grades=grades,
                                status=1)
        self.assertIn("rr-fail/C001C001.mov: its segments disagree in format",
                      err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:"),
                                             ("C001C001", "failed")])
        self.assertEqual(sorted(state_outputs("rr-fail")),
                         ["A001C001.mov", "B001C001.mov"])
        # its grade re-exported in the right format: written, and recorded
        os.unlink(os.path.join(WORK, "render/rerun/gradesC/C001C001_b.mov"))
        rfixture("rerun/gradesC/C001C001_b.mov", "02:00:00:20", 5)
        out, err = self.conform("rr-fail", sources=sources, grades=grades)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:"),
                                             ("C001C001", "written:")])
        self.assertEqual(sorted(state_outputs("rr-fail")),
                         ["A001C001.mov", "B001C001.mov", "C001C001.mov"])

    def test_unreadable_state_is_a_warning(self):
        """A state file that is not one: every job runs, and a good one is
        written over it."""
        self.conform("rr-bad")
        with open(os.path.join(WORK, "render/rr-bad", STATE), "w") as f:
            f.write("{ not json")
        out, err = self.conform("rr-bad")
        self.assertIn("rr-bad/%s: not a conform state file" % STATE, err)
        self.assertIn("every job runs again", err)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "written:")])
        self.assertEqual(sorted(state_outputs("rr-bad")),
                         ["A001C001.mov", "B001C001.mov"])


class ConformJobsAtOnce(unittest.TestCase):
    """--jobs N: N jobs at once, the same outputs as one at a time, the
    summary in source order; Ctrl-C stops every running job."""

    @classmethod
    def setUpClass(cls):
        # the first job the longest: it likely finishes last
        rfixture("par/src/A001C001.mov", "01:00:00:00", 300, reel="A001")
        rfixture("par/src/B001C001.mov", "01:00:01:00", 60, reel="B001")
        rfixture("par/src/C001C001.mov", "02:00:00:00", 40, reel="C001")
        rfixture("par/grades/A001C001_001.mov", "01:00:00:10", 20)
        rfixture("par/grades/A001C001_002.mov", "01:00:02:00", 20)
        rfixture("par/vfx/A001C001_comp.mov", "01:00:00:20", 10)
        rfixture("par/grades/shot_b.mov", "01:00:01:10", 10, reel="B001")
        rfixture("par/grades/C001C001_a.mov", "02:00:00:05", 5)

    def test_two_at_once_write_what_one_at_a_time_writes(self):
        results = {}
        for n in ("1", "2"):
            code, out, err = rrun("conform", "--sources", "par/src",
                                  "--grades", "par/grades", "--vfx",
                                  "par/vfx", "-o", "par-out" + n,
                                  "--jobs", n)
            self.assertEqual(code, 0, err)
            self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                                 ("B001C001", "written:"),
                                                 ("C001C001", "written:")])
            results[n] = out
        names = ["A001C001.mov", "B001C001.mov", "C001C001.mov"]
        for n in ("1", "2"):
            self.assertEqual(sorted(os.listdir(os.path.join(
                WORK, "render/par-out" + n))), [STATE] + names)
        for name in names:
            one = os.path.join(WORK, "render/par-out1", name)
            two = os.path.join(WORK, "render/par-out2", name)
            self.assertEqual(md5s(one), md5s(two))
            self.assertEqual(movie_bytes_without_times(one),
                             movie_bytes_without_times(two))
        self.assertEqual(len(md5s(os.path.join(WORK, "render/par-out2",
                                               "A001C001.mov"))), 300)
        # the state records every output, as one at a time does
        self.assertEqual(sorted(state_outputs("par-out2")), names)
        code, out, err = rrun("conform", "--sources", "par/src", "--grades",
                              "par/grades", "--vfx", "par/vfx", "-o",
                              "par-out2", "--jobs", "2")
        self.assertEqual(code, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:"),
                                             ("C001C001", "skipped:")])

    def test_jobs_must_be_1_or_more(self):
        for n in ("0", "-1"):
            code, out, err = rrun("conform", "--sources", "par/src",
                                  "--grades", "par/grades", "-o",
                                  "par-zero", "--jobs", n)
            self.assertEqual(code, 2, err)
            self.assertIn("--jobs: expected a number of jobs to run at once "
                          "(1 or more)", err)
            self.assertEqual(out, "")
        self.assertFalse(os.path.exists(os.path.join(WORK,
                                                     "render/par-zero")))

    def test_interrupt_two_at_once(self):
        """SIGINT while two long jobs run: both stop and leave nothing, the
        job after them never starts, the finished one stays, recorded."""
        import signal
        import time
        os.makedirs(os.path.join(WORK, "render/par-long"), exist_ok=True)
        with open(os.path.join(WORK, "render/par-long/long.ale"), "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\tTape\n\nData\n"
                    "Y001C001\t01:00:00:00\t05:00:00:00\tY001\n"
                    "Y002C001\t01:00:00:00\t05:00:00:00\tY002\n"
                    "Y003C001\t01:00:00:00\t05:00:00:00\tY003\n")
        for clip in ("Y001C001", "Y002C001", "Y003C001"):
            rfixture("par-longgrades/%s_g.mov" % clip, "01:00:00:10", 5,
                     profile="proxy")
        out = os.path.join(WORK, "render/par-outi")
        proc = subprocess.Popen(
            [CLI, "conform", "--sources", "par/src/B001C001.mov", "par-long",
             "--grades", "par/grades/shot_b.mov", "par-longgrades", "-o",
             "par-outi", "--jobs", "2"], cwd=os.path.join(WORK, "render"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL)
        running = (".Y001C001.mov.prw-", ".Y002C001.mov.prw-")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            names = os.listdir(out) if os.path.isdir(out) else []
            if all(any(n.startswith(p) for n in names) for p in running) \
                    and STATE in names:
                break
            time.sleep(0.01)
        else:
            proc.kill()
            proc.communicate()
            self.fail("the two long jobs never ran at once")
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=120)
        stdout, stderr = stdout.decode(), stderr.decode()
        self.assertEqual(proc.returncode, 1, stderr)
        self.assertEqual(sorted(os.listdir(out)), [STATE, "B001C001.mov"])
        for clip in ("Y001C001", "Y002C001"):
            self.assertIn("proreswriter: par-outi/%s.mov: interrupted; "
                          "nothing was written\n" % clip, stderr)
        self.assertEqual(summary_rows(stdout), [("B001C001", "written:"),
                                                ("Y001C001", "interrupted"),
                                                ("Y002C001", "interrupted"),
                                                ("Y003C001", "not")])
        self.assertEqual(sorted(state_outputs("par-outi")), ["B001C001.mov"])
        self.assertEqual(len(md5s(os.path.join(out, "B001C001.mov"))), 60)


def jfixture(path, tc, frames, reel=None):
    fixture(os.path.join("jobfile", path), tc, frames, size="%dx%d" % (RW, RH),
            reel=reel)


def jrun(cwd, *args):
    return run_in(cwd, *args)


JOB_ALE = ("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
           "Name\tStart\tEnd\tTape\n\nData\n"
           "D001C001\t02:00:00:00\t02:00:02:00\tD001\n")


class ConformJobFile(unittest.TestCase):
    """conform --job FILE: each job of --dry-run --json, written to a file
    of its own as a farm manager does, run from another working folder;
    its output's packets are those conform -o writes. A job whose segment
    changed after the dry run, and files that are not jobs, are refused.

      jobfile/src/A001C001.mov         01:00:00:00, 100 frames, reel A001
      jobfile/src/day.ale              D001C001 (no media), 02:00:00:00,
                                       50 frames, reel D001
      jobfile/grades/A001C001_001.mov  01:00:00:10, 20 frames
      jobfile/vfx/A001C001_comp.mov    01:00:00:20, 10 frames
      jobfile/grades/D001C001_g.mov    02:00:00:05, 5 frames
    """

    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(WORK, "jobfile")
        cls.elsewhere = os.path.join(WORK, "jobfile-elsewhere")
        os.makedirs(cls.elsewhere, exist_ok=True)
        jfixture("src/A001C001.mov", "01:00:00:00", 100, reel="A001")
        jfixture("grades/A001C001_001.mov", "01:00:00:10", 20)
        jfixture("vfx/A001C001_comp.mov", "01:00:00:20", 10)
        jfixture("grades/D001C001_g.mov", "02:00:00:05", 5)
        with open(os.path.join(cls.root, "src/day.ale"), "w") as f:
            f.write(JOB_ALE)

    def write_jobs(self, folder, *conform_args):
        status, out, err = jrun(self.root, "conform", *conform_args,
                                "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        os.makedirs(folder, exist_ok=True)
        files = {}
        for job in json.loads(out)["jobs"]:
            path = os.path.join(folder, job["source"]["clip_name"] + ".json")
            with open(path, "w") as f:
                json.dump(job, f)
            files[job["source"]["clip_name"]] = path
        return files

    def test_job_equals_conform_o(self):
        files = self.write_jobs(os.path.join(self.root, "jobs"), "--sources",
                                "src", "--grades", "grades", "--vfx", "vfx",
                                "-o", "out")
        self.assertEqual(sorted(files), ["A001C001", "D001C001"])
        status, out, err = jrun(self.root, "conform", "--sources", "src",
                                "--grades", "grades", "--vfx", "vfx", "-o",
                                "outo")
        self.assertEqual(status, 0, err)
        # the ALE is not needed by the job of its row
        away = os.path.join(WORK, "day.ale.away")
        os.rename(os.path.join(self.root, "src/day.ale"), away)
        try:
            for name in ("A001C001", "D001C001"):
                status, out, err = jrun(self.elsewhere, "conform", "--job",
                                        files[name])
                self.assertEqual(status, 0, err)
                # the plan's warnings only (the VFX shot over the grade)
                self.assertTrue(all(line.startswith("proreswriter: warning: ")
                                    for line in err.splitlines()), err)
                self.assertIn("written: %s" % os.path.join(
                    self.root, "out", name + ".mov"), out)
        finally:
            os.rename(away, os.path.join(self.root, "src/day.ale"))
        self.assertEqual(os.listdir(self.elsewhere), [])
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "out"))),
                         ["A001C001.mov", "D001C001.mov"])
        for name, frames in (("A001C001", 100), ("D001C001", 50)):
            got = md5s(os.path.join(self.root, "out", name + ".mov"))
            self.assertEqual(len(got), frames)
            self.assertEqual(
                got, md5s(os.path.join(self.root, "outo", name + ".mov")))
        # the grades' packets are there, the VFX shot over the grade
        got = md5s(os.path.join(self.root, "out/A001C001.mov"))
        grade = md5s(os.path.join(self.root, "grades/A001C001_001.mov"))
        comp = md5s(os.path.join(self.root, "vfx/A001C001_comp.mov"))
        self.assertEqual(got[10:20], grade[:10])
        self.assertEqual(got[20:30], comp)
        # run again: replaced, as conform -o replaces its outputs; with
        # its splice report and the index
        rep = os.path.join(self.root, "rep")
        status, out, err = jrun(self.elsewhere, "conform", "--job",
                                files["A001C001"], "--report", rep)
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(os.listdir(rep)),
                         ["A001C001.html", "index.html"])
        self.assertEqual(md5s(os.path.join(self.root, "out/A001C001.mov")),
                         got)

    def test_changed_segment_refused(self):
        jfixture("changed/A001C001_x.mov", "01:00:00:10", 10)
        files = self.write_jobs(os.path.join(self.root, "jobs-changed"),
                                "--sources", "src/A001C001.mov", "--grades",
                                "changed", "-o", "outc")
        jfixture("changed/A001C001_x.mov", "01:00:00:10", 12)
        status, out, err = jrun(self.elsewhere, "conform", "--job",
                                files["A001C001"])
        self.assertEqual(status, 1, err)
        path = os.path.join(self.root, "changed/A001C001_x.mov")
        self.assertEqual(
            err, "proreswriter: %s: changed since the job was described "
                 "(%s): frames 10 then, 12 now\n" % (path, files["A001C001"]))
        self.assertFalse(os.path.exists(os.path.join(self.root, "outc")))
        self.assertEqual(os.listdir(self.elsewhere), [])

    def test_not_a_job(self):
        bad = os.path.join(self.root, "bad.json")
        with open(bad, "w") as f:
            f.write("{\"source\": {\"clip_name\": ")
        status, out, err = jrun(self.elsewhere, "conform", "--job", bad)
        self.assertEqual(status, 1, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertTrue(err.startswith("proreswriter: %s: not a conform "
                                       "job: " % bad), err)
        with open(bad, "w") as f:
            json.dump({"source": {}, "working_folder": self.root}, f)
        status, out, err = jrun(self.elsewhere, "conform", "--job", bad)
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "proreswriter: %s: not a conform job: no "
                              "member handles\n" % bad)
        status, out, err = jrun(self.elsewhere, "conform", "--job",
                                os.path.join(self.root, "none.json"))
        self.assertEqual(status, 1, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("none.json", err)
        # the job file says everything: other options are usage errors
        status, out, err = jrun(self.elsewhere, "conform", "--job", bad,
                                "--sources", "src")
        self.assertEqual(status, 2, err)
        self.assertIn("--job: --sources does not go with it", err)
        self.assertEqual(os.listdir(self.elsewhere), [])

    def test_output_in_an_input_folder_refused(self):
        """A job edited to write into the folder of one of its inputs (a
        grade's, the source's, over the camera original itself), or to
        put its report there: one line naming the job file, the output and
        the input; exit 1; nothing written, the source untouched."""
        files = self.write_jobs(os.path.join(self.root, "jobs-inside"),
                                "--sources", "src", "--grades", "grades",
                                "--vfx", "vfx", "-o", "outi")
        source = os.path.join(self.root, "src/A001C001.mov")
        with open(source, "rb") as f:
            original = f.read()
        listings = {d: sorted(os.listdir(os.path.join(self.root, d)))
                    for d in ("src", "grades", "vfx")}
        with open(files["A001C001"]) as f:
            job = json.load(f)
        bad = os.path.join(self.root, "jobs-inside", "bad.json")
        for output, input_ in (
                ("grades/A001C001.mov", "grades/A001C001_001.mov"),
                ("vfx/A001C001.mov", "vfx/A001C001_comp.mov"),
                ("src/A001C001.mov", "src/A001C001.mov"),
                (os.path.join(self.root, "src/new/../A001C001_c.mov"),
                 "src/A001C001.mov")):
            job["output"] = output
            with open(bad, "w") as f:
                json.dump(job, f)
            status, out, err = jrun(self.elsewhere, "conform", "--job", bad)
            self.assertEqual(status, 1, err)
            self.assertEqual(
                err, "proreswriter: %s: output %s: in the folder of the input "
                     "%s; nothing is written inside the source, grade or VFX "
                     "folders; nothing written\n"
                     % (bad, os.path.join(self.root, output),
                        os.path.join(self.root, input_)))
            self.assertEqual(out, "")
        # the report's folder too
        job["output"] = "outi/A001C001.mov"
        with open(bad, "w") as f:
            json.dump(job, f)
        status, out, err = jrun(self.elsewhere, "conform", "--job", bad,
                                "--report", os.path.join(self.root, "grades"))
        self.assertEqual(status, 1, err)
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("--report %s: in the folder of the input %s;" % (
            os.path.join(self.root, "grades"),
            os.path.join(self.root, "grades/A001C001_001.mov")), err)
        self.assertFalse(os.path.exists(os.path.join(self.root, "outi")))
        with open(source, "rb") as f:
            self.assertEqual(f.read(), original)
        self.assertEqual({d: sorted(os.listdir(os.path.join(self.root, d)))
                          for d in ("src", "grades", "vfx")}, listings)
        self.assertEqual(os.listdir(self.elsewhere), [])

    def test_job_with_disagreeing_members_refused(self):
        """A job whose members say one fact twice, differently (edited by
        hand): one line naming the job file and the member; exit 1;
        nothing written."""
        files = self.write_jobs(os.path.join(self.root, "jobs-edited"),
                                "--sources", "src", "--grades", "grades",
                                "--vfx", "vfx", "-o", "oute")
        with open(files["A001C001"]) as f:
            job = json.load(f)
        bad = os.path.join(self.root, "jobs-edited", "bad.json")
        edits = (
            ("source", "rate", "24/1",
             "source.rate is \"24/1\", not source.rate_num/source.rate_den "
             "(25/1)"),
            ("source", "last_timecode", "01:00:09:00",
             "source.last_timecode is \"01:00:09:00\", not 01:00:03:24"),
            ("segments", "record_in", None,
             "segments[0].record_in is 11, but its start timecode "
             "01:00:00:10 is the source's record frame 10"),
            ("source", "width", 1920,
             "segments[0] is %dx%d, not the source's size 1920x%d"
             % (RW, RH, RH)),
        )
        for where, member, value, message in edits:
            edited = json.loads(json.dumps(job))
            if where == "segments":
                # the grade moved on a frame, in all but its timecode
                seg = edited["segments"][0]
                seg["record_in"] += 1
                seg["record_out"] += 1
                seg["record_timecode_in"] = "01:00:00:11"
                seg["record_timecode_last"] = "01:00:01:05"
            else:
                edited[where][member] = value
            with open(bad, "w") as f:
                json.dump(edited, f)
            status, out, err = jrun(self.elsewhere, "conform", "--job", bad)
            self.assertEqual(status, 1, err)
            self.assertEqual(len(err.splitlines()), 1, err)
            self.assertTrue(err.startswith(
                "proreswriter: %s: not a conform job: %s" % (bad, message)),
                err)
        self.assertFalse(os.path.exists(os.path.join(self.root, "oute")))
        self.assertEqual(os.listdir(self.elsewhere), [])

    def test_conform_o_never_overwrites_its_source(self):
        """conform -o into the folder of a source given as a file, whose
        output would be that very file: refused before anything runs (the
        folder of an input file is an input folder); and an output that is
        the camera original under another name (a hard link in OUTDIR):
        the job fails with the library's refusal (the guard --job has too).
        The camera original stays."""
        source = os.path.join(self.root, "src/A001C001.mov")
        with open(source, "rb") as f:
            original = f.read()
        listing = sorted(os.listdir(os.path.join(self.root, "src")))
        status, out, err = jrun(self.root, "conform", "--sources",
                                "src/A001C001.mov", "--grades", "grades",
                                "-o", "src")
        self.assertEqual(status, 2, err)
        self.assertTrue(err.startswith(
            "proreswriter: -o src: inside the input folder src; nothing is "
            "written inside the source, grade or VFX folders\n"), err)
        linked = os.path.join(self.root, "outlink")
        os.makedirs(linked)
        os.link(source, os.path.join(linked, "A001C001.mov"))
        status, out, err = jrun(self.root, "conform", "--sources",
                                "src/A001C001.mov", "--grades", "grades",
                                "-o", "outlink")
        self.assertEqual(status, 1, err)
        self.assertIn("proreswriter: outlink/A001C001.mov: is the input "
                      "src/A001C001.mov; refusing to overwrite an input\n",
                      err)
        self.assertEqual(os.listdir(linked), ["A001C001.mov"])
        with open(source, "rb") as f:
            self.assertEqual(f.read(), original)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "src"))),
                         listing)


class ConformRerunReview(unittest.TestCase):
    """What a re-run must not skip: a segment replaced by other bytes of
    the same size with its modification time kept (cp -p, rsync -t), and
    an output written by another version of proreswriter; and what it must
    not redo: a segment whose mode alone changed."""

    @classmethod
    def setUpClass(cls):
        rfixture("review/src/A001C001.mov", "01:00:00:00", 100, reel="A001")
        rfixture("review/src/B001C001.mov", "01:00:01:00", 60, reel="B001")
        rfixture("review/grades/A001C001_001.mov", "01:00:00:10", 20)
        rfixture("review/grades/B001C001_001.mov", "01:00:01:10", 10)
        # the same frames ten frames later: the same size, other bytes
        rfixture("review/other/A001C001_001.mov", "01:00:00:20", 20)

    def conform(self, outdir):
        code, out, err = rrun("conform", "--sources", "review/src",
                              "--grades", "review/grades", "-o", outdir)
        self.assertEqual(code, 0, err)
        return out

    def test_segment_replaced_same_size_and_mtime_is_redone(self):
        grade = os.path.join(WORK, "render/review/grades/A001C001_001.mov")
        other = os.path.join(WORK, "render/review/other/A001C001_001.mov")
        self.assertEqual(os.path.getsize(grade), os.path.getsize(other))
        self.conform("rv-replaced")
        b = identity("rv-replaced/B001C001.mov")
        # cp -p over it: its bytes rewritten in place, its mtime kept
        st = os.stat(grade)
        shutil.copyfile(other, grade)
        os.utime(grade, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.assertEqual((os.stat(grade).st_size, os.stat(grade).st_mtime_ns),
                         (st.st_size, st.st_mtime_ns))
        out = self.conform("rv-replaced")
        self.assertIn("review/grades/A001C001_001.mov changed since "
                      "rv-replaced/A001C001.mov was written (replaced or "
                      "rewritten with other bytes", out)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "skipped:")])
        self.assertEqual(identity("rv-replaced/B001C001.mov"), b)
        # what a first run on the new grade writes
        self.conform("rv-replaced-fresh")
        got = md5s(os.path.join(WORK, "render/rv-replaced/A001C001.mov"))
        self.assertEqual(
            got, md5s(os.path.join(WORK,
                                   "render/rv-replaced-fresh/A001C001.mov")))
        self.assertEqual(got[20:40], md5s(other))
        # its mode changed only: skipped
        os.chmod(grade, 0o640)
        out = self.conform("rv-replaced")
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])

    def test_output_of_another_version_is_redone(self):
        self.conform("rv-version")
        path = os.path.join(WORK, "render/rv-version", STATE)
        with open(path) as f:
            doc = json.load(f)
        for entry in doc["outputs"]:
            self.assertRegex(entry["proreswriter_version"], r"^\d+\.\d+\.\d+")
        doc["outputs"][0]["proreswriter_version"] = "0.0.1"
        with open(path, "w") as f:
            json.dump(doc, f)
        out = self.conform("rv-version")
        self.assertIn("rv-version/A001C001.mov: written by proreswriter "
                      "0.0.1, not by this one", out)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "skipped:")])
        out = self.conform("rv-version")
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])


class ConformAll(unittest.TestCase):
    """conform --all: every source without segments gets its blank rush
    too (OUTDIR/CLIP.mov), in the one ProRes format of the run's linked
    segments, or the one --like / --profile gives; never a guessed one.

      all/src/A001C001.mov          01:00:00:00, 60 frames, reel A001
      all/src/E001C001.mov          04:00:00:00, 30 frames, reel E001: no
                                    segment
      all/grades/A001C001_001.mov   01:00:00:10, 10 frames (4444)
      all/src2/B001C001.mov         02:00:00:00, 40 frames, reel B001
      all/odd/B001C001_x.mov        02:00:00:05, 5 frames, 422 HQ
    """

    @classmethod
    def setUpClass(cls):
        rfixture("all/src/A001C001.mov", "01:00:00:00", 60, reel="A001")
        rfixture("all/src/E001C001.mov", "04:00:00:00", 30, reel="E001")
        rfixture("all/grades/A001C001_001.mov", "01:00:00:10", 10)
        rfixture("all/src2/B001C001.mov", "02:00:00:00", 40, reel="B001")
        rfixture("all/odd/B001C001_x.mov", "02:00:00:05", 5, profile="hq")

    def blank_md5s(self, name, *format_args):
        path = os.path.join(WORK, "render", "all-blank-%s.mov" % name)
        status, _, err = rrun("blank", "all/src/E001C001.mov", *format_args,
                              "-o", path)
        self.assertEqual(status, 0, err)
        got = md5s(path)
        os.unlink(path)
        return got

    def check_e(self, path, tag):
        streams = probe(os.path.join(WORK, "render", path))
        video = [s for s in streams if s["codec_type"] == "video"][0]
        tmcd = [s for s in streams if s.get("codec_tag_string") == "tmcd"]
        self.assertEqual(int(video["nb_frames"]), 30)
        self.assertEqual(video["codec_tag_string"], tag)
        self.assertEqual((video["width"], video["height"]), (RW, RH))
        self.assertEqual(video["r_frame_rate"], "25/1")
        self.assertEqual(video["tags"]["timecode"], "04:00:00:00")
        self.assertEqual(len(tmcd), 1)
        self.assertEqual(tmcd[0]["tags"]["reel_name"], "E001")

    def test_without_all_unchanged(self):
        status, out, err = rrun("conform", "--sources", "all/src", "--grades",
                                "all/grades", "-o", "all-none")
        self.assertEqual(status, 0, err)
        self.assertIn("\nSkipped (1, no segments):\n  E001C001 "
                      "(all/src/E001C001.mov)\n", out)
        self.assertEqual(summary_rows(out), [("A001C001", "written:")])
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "render/all-none"))),
                         [STATE, "A001C001.mov"])

    def test_all_writes_blank_rush_like_the_grades(self):
        status, out, err = rrun("conform", "--sources", "all/src", "--grades",
                                "all/grades", "-o", "all-out", "--all")
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertNotIn("Skipped", out)
        self.assertIn("  E001C001 (all/src/E001C001.mov): no segments, blank "
                      "rush (4444 %dx%d, like all/grades/A001C001_001.mov) "
                      "-> all-out/E001C001.mov\n" % (RW, RH), out)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "render/all-out"))),
                         [STATE, "A001C001.mov", "E001C001.mov"])
        summary = out[out.index("Jobs:\n"):].splitlines()
        rows = [line.split() for line in summary[2:]]
        self.assertEqual([(r[0], r[2], r[3], r[4], r[5]) for r in rows], [
            ("A001C001", "1", "10", "written:", "all-out/A001C001.mov"),
            ("E001C001", "0", "0", "written:", "all-out/E001C001.mov"),
        ])
        got = md5s(os.path.join(WORK, "render/all-out/E001C001.mov"))
        self.assertEqual(len(got), 30)
        self.assertEqual(got, self.blank_md5s(
            "like", "--like", "all/grades/A001C001_001.mov"))
        self.check_e("all-out/E001C001.mov", "ap4h")
        # the graded source's output is what it is without --all
        status, _, err = rrun("conform", "--sources", "all/src", "--grades",
                              "all/grades", "-o", "all-out-plain")
        self.assertEqual(status, 0, err)
        self.assertEqual(
            md5s(os.path.join(WORK, "render/all-out/A001C001.mov")),
            md5s(os.path.join(WORK, "render/all-out-plain/A001C001.mov")))
        # recorded like any job: its source and the format copied (not
        # the like: neither its path nor its bytes, ConformAllRerun)
        e = state_outputs("all-out")["E001C001.mov"]
        self.assertEqual([i["path"] for i in e["inputs"]],
                         ["all/src/E001C001.mov"])
        self.assertRegex(e["options"], r"^blank=ap4h %dx%d no-alpha colr "
                         r"\d+-\d+-\d+ stsd [0-9a-f]{16}$" % (RW, RH))
        before = identity("all-out/E001C001.mov")
        status, out, err = rrun("conform", "--sources", "all/src", "--grades",
                                "all/grades", "-o", "all-out", "--all")
        self.assertEqual(status, 0, err)
        self.assertIn("all-out/E001C001.mov: unchanged since it was written; "
                      "skipped", out)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("E001C001", "skipped:")])
        self.assertEqual(identity("all-out/E001C001.mov"), before)

    def test_disagreeing_formats_need_one_given(self):
        args = ("conform", "--sources", "all/src", "all/src2", "--grades",
                "all/grades", "all/odd", "-o", "all-odd", "--all")
        status, out, err = rrun(*args)
        self.assertEqual(status, 2, err)
        self.assertIn("proreswriter: --all: the segments linked in this run "
                      "disagree in ProRes format: ap4h ", err)
        self.assertIn(" (all/grades/A001C001_001.mov), apch ", err)
        self.assertIn(" (all/odd/B001C001_x.mov); give --like SEGMENT or "
                      "--profile P [--size WxH] for the blank rushes\n", err)
        self.assertEqual(out, "")
        self.assertFalse(os.path.exists(os.path.join(WORK, "render/all-odd")))
        # none linked at all: refused too
        status, out, err = rrun("conform", "--sources",
                                "all/src/E001C001.mov", "--grades",
                                "all/grades", "-o", "all-none-linked", "--all")
        self.assertEqual(status, 2, err)
        self.assertIn("--all: no segment is linked in this run", err)
        # the flavour given: written
        status, out, err = rrun(*args, "--profile", "422")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "written:"),
                                             ("E001C001", "written:")])
        got = md5s(os.path.join(WORK, "render/all-odd/E001C001.mov"))
        self.assertEqual(got, self.blank_md5s("422", "--profile", "422"))
        self.check_e("all-odd/E001C001.mov", "apcn")
        # a re-run skips it; another flavour redoes it alone
        status, out, err = rrun(*args, "--profile", "422")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:"),
                                             ("E001C001", "skipped:")])
        status, out, err = rrun(*args, "--profile", "lt")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:"),
                                             ("E001C001", "written:")])
        self.check_e("all-odd/E001C001.mov", "apcs")
        # --like names the segment to copy
        status, out, err = rrun(*args[:-2], "all-odd-like", "--all", "--like",
                                "all/odd/B001C001_x.mov")
        self.assertEqual(status, 0, err)
        self.assertEqual(
            md5s(os.path.join(WORK, "render/all-odd-like/E001C001.mov")),
            self.blank_md5s("hq", "--like", "all/odd/B001C001_x.mov"))
        # the format options go with --all, and one of them at a time
        for extra in (("--profile", "422"), ("--like", "x.mov")):
            status, _, err = rrun("conform", "--sources", "all/src",
                                  "--grades", "all/grades", "-o", "all-x",
                                  *extra)
            self.assertEqual(status, 2, err)
            self.assertIn("the blank rushes' format goes with --all", err)
        status, _, err = rrun(*args, "--profile", "422", "--like", "x.mov")
        self.assertEqual(status, 2, err)

    def test_dry_run_json_job_file(self):
        status, out, err = rrun("conform", "--sources", "all/src", "--grades",
                                "all/grades", "-o", "all-jobs", "--all",
                                "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        doc = json.loads(out)
        self.assertEqual(doc["skipped"], [])
        jobs = {j["source"]["clip_name"]: j for j in doc["jobs"]}
        self.assertEqual(sorted(jobs), ["A001C001", "E001C001"])
        self.assertNotIn("blank_format", jobs["A001C001"])
        e = jobs["E001C001"]
        self.assertEqual(e["segments"], [])
        self.assertEqual(e["output"], "all-jobs/E001C001.mov")
        self.assertEqual(e["blank_format"], {
            "profile": "4444", "width": RW, "height": RH,
            "like": "all/grades/A001C001_001.mov", "codec": "ap4h"})
        self.assertFalse(os.path.exists(os.path.join(WORK,
                                                     "render/all-jobs")))
        folder = os.path.join(WORK, "all-jobfiles")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, "E001C001.json")
        with open(path, "w") as f:
            json.dump(e, f)
        status, out, err = jrun(folder, "conform", "--job", path)
        self.assertEqual(status, 0, err)
        written = os.path.join(WORK, "render/all-jobs/E001C001.mov")
        self.assertIn("written: %s" % written, out)
        self.assertEqual(md5s(written), self.blank_md5s(
            "job", "--like", "all/grades/A001C001_001.mov"))
        # a like that changed since is refused
        e2 = dict(e, blank_format=dict(e["blank_format"], codec="apch"))
        with open(path, "w") as f:
            json.dump(e2, f)
        status, out, err = jrun(folder, "conform", "--job", path)
        self.assertEqual(status, 1, err)
        self.assertIn("changed since the job was described", err)
        # a job with no segments and no format is not a job
        e3 = dict(e)
        del e3["blank_format"]
        with open(path, "w") as f:
            json.dump(e3, f)
        status, out, err = jrun(folder, "conform", "--job", path)
        self.assertEqual(status, 1, err)
        self.assertIn("segments is empty, and it has no blank_format", err)


    def test_shared_clip_name_graded_keeps_its_output(self):
        # a blank rush never moves nor blocks a graded source's output:
        #   allk/tree/d1/K003.mov (graded), allk/tree/d2/K003.mov (none):
        #     K003.mov as without --all, the blank rush d2/K003.mov;
        #   allk/r1/K004.mov (graded), allk/r2/K004.mov (none), each at
        #     the top of its --sources: no folder to keep, so the blank
        #     rush alone is not written (exit 1)
        rfixture("allk/tree/d1/K003.mov", "10:00:00:00", 10)
        rfixture("allk/tree/d2/K003.mov", "11:00:00:00", 12)
        rfixture("allk/g/K003_a.mov", "10:00:00:02", 3)
        rfixture("allk/r1/K004.mov", "12:00:00:00", 10)
        rfixture("allk/r2/K004.mov", "13:00:00:00", 10)
        rfixture("allk/g/K004_a.mov", "12:00:00:02", 3)
        status, out, err = rrun("conform", "--sources", "allk/tree",
                                "allk/r1", "allk/r2", "--grades", "allk/g",
                                "-o", "allk-plain")
        self.assertEqual(status, 0, err)
        status, out, err = rrun("conform", "--sources", "allk/tree",
                                "allk/r1", "allk/r2", "--grades", "allk/g",
                                "-o", "allk-out", "--all")
        # since the tester's findings, K004 from two --sources paths keeps
        # each path's name: the blank rush is r2/K004.mov, written
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertIn("  K003 (allk/tree/d1/K003.mov): 1 segment -> "
                      "allk-out/K003.mov\n", out)
        self.assertIn("  K003 (allk/tree/d2/K003.mov): no segments, blank "
                      "rush (4444 %dx%d, like allk/g/K003_a.mov) -> "
                      "allk-out/d2/K003.mov\n" % (RW, RH), out)
        self.assertEqual(summary_rows(out), [("K003", "written:"),
                                             ("K003", "written:"),
                                             ("K004", "written:"),
                                             ("K004", "written:")])
        found = sorted(os.path.relpath(os.path.join(d, f),
                                       os.path.join(WORK, "render/allk-out"))
                       for d, _, files in
                       os.walk(os.path.join(WORK, "render/allk-out"))
                       for f in files)
        self.assertEqual(found, [STATE, "K003.mov", "K004.mov",
                                 "d2/K003.mov", "r2/K004.mov"])
        for name in ("K003.mov", "K004.mov"):
            self.assertEqual(
                md5s(os.path.join(WORK, "render/allk-out", name)),
                md5s(os.path.join(WORK, "render/allk-plain", name)))
        self.assertEqual(
            len(md5s(os.path.join(WORK, "render/allk-out/d2/K003.mov"))), 12)
        self.assertEqual(
            len(md5s(os.path.join(WORK, "render/allk-out/r2/K004.mov"))), 10)
        # the state names them so: a re-run skips the graded outputs
        status, out, err = rrun("conform", "--sources", "allk/tree",
                                "allk/r1", "allk/r2", "--grades", "allk/g",
                                "-o", "allk-out", "--all")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("K003", "skipped:"),
                                             ("K003", "skipped:"),
                                             ("K004", "skipped:"),
                                             ("K004", "skipped:")])

    def test_unknown_size_with_profile_fails_alone(self):
        # an ALE row of a RAW original (no size), --profile without --size:
        # its job fails alone, and a dry run says so as the run does (exit
        # 1, in text as in JSON)
        folder = os.path.join(WORK, "render/allr")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "raw.ale"), "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\tTape\n\nData\n"
                    "R001C001\t06:00:00:00\t06:00:00:08\tR001\n")
        args = ("conform", "--sources", "all/src", "allr/raw.ale",
                "--grades", "all/grades", "-o", "allr-out", "--all",
                "--profile", "422")
        why = ("allr/raw.ale:9: the picture size of R001C001 is not known; "
               "its blank rush needs one (give --like SEGMENT, or --size WxH "
               "for every blank rush)")
        status, out, err = rrun(*args, "--dry-run")
        self.assertEqual(status, 1, err)
        self.assertIn("  R001C001 (allr/raw.ale:9): no segments, blank rush "
                      "(%s) -> allr-out/R001C001.mov\n" % why, out)
        status, out, err = rrun(*args, "--dry-run", "--json")
        self.assertEqual(status, 1, err)
        self.assertIn(why, err)
        self.assertEqual(sorted(j["source"]["clip_name"]
                                for j in json.loads(out)["jobs"]),
                         ["A001C001", "E001C001"])
        status, out, err = rrun(*args)
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "proreswriter: %s\n" % why)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("E001C001", "written:"),
                                             ("R001C001", "failed")])
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "render/allr-out"))),
                         [STATE, "A001C001.mov", "E001C001.mov"])

    def test_source_size_kept_or_taken_from_the_like(self):
        # an original of another size: its own size, the grades' flavour;
        # an ALE row of a RAW original (no size): the grades' size
        full = os.path.join(WORK, "render/all/other/F001C001.mov")
        os.makedirs(os.path.dirname(full), exist_ok=True)
        subprocess.run([FIXTURE, full, "--rate", "25/1", "--tc",
                        "05:00:00:00", "--frames", "12", "--size", "320x192",
                        "--reel", "F001"], check=True)
        with open(os.path.join(WORK, "render/all/other/raw.ale"), "w") as f:
            f.write("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
                    "Name\tStart\tEnd\tTape\n\nData\n"
                    "R001C001\t06:00:00:00\t06:00:00:08\tR001\n")
        status, out, err = rrun("conform", "--sources", "all/src",
                                "all/other", "--grades", "all/grades", "-o",
                                "all-sizes", "--all")
        self.assertEqual(status, 0, err)
        self.assertIn("F001C001 (all/other/F001C001.mov): no segments, blank "
                      "rush (4444 320x192, like all/grades/A001C001_001.mov)",
                      out)
        self.assertIn("R001C001 (all/other/raw.ale:9): no segments, blank "
                      "rush (4444 %dx%d, like all/grades/A001C001_001.mov)"
                      % (RW, RH), out)
        status, got, err = rrun("probe", "--json",
                                "all/grades/A001C001_001.mov")
        self.assertEqual(status, 0, err)
        like_colour = json.loads(got)[0]["colour"]
        self.assertTrue(like_colour.startswith("ncl"), like_colour)
        for name, frames, size, tc, reel in (
                ("F001C001", 12, (320, 192), "05:00:00:00", "F001"),
                ("R001C001", 8, (RW, RH), "06:00:00:00", "R001")):
            path = os.path.join(WORK, "render/all-sizes", name + ".mov")
            streams = probe(path)
            video = [s for s in streams if s["codec_type"] == "video"][0]
            tmcd = [s for s in streams
                    if s.get("codec_tag_string") == "tmcd"]
            self.assertEqual(int(video["nb_frames"]), frames)
            self.assertEqual((video["width"], video["height"]), size)
            self.assertEqual(video["codec_tag_string"], "ap4h")
            # the like's 'colr', as proreswriter probe reads it
            status, got, err = rrun("probe", "--json", path)
            self.assertEqual(status, 0, err)
            self.assertEqual(json.loads(got)[0]["colour"], like_colour)
            self.assertEqual(video["tags"]["timecode"], tc)
            self.assertEqual(tmcd[0]["tags"]["reel_name"], reel)
            self.assertEqual(len(md5s(path)), frames)


def afixture(path, tc, frames, reel, *extra):
    """A grade or original written by ffmpeg's prores_ks (--reel makes the
    fixture maker use ffmpeg), BT.709, at the rendered shoot's size."""
    full = os.path.join(WORK, "render", path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    subprocess.run([FIXTURE, full, "--rate", "25/1", "--tc", tc, "--frames",
                    str(frames), "--size", "%dx%d" % (RW, RH), "--reel",
                    reel, "--colour", "bt709"] + list(extra), check=True)


def pix_fmt(path):
    video = [s for s in probe(os.path.join(WORK, "render", path))
             if s["codec_type"] == "video"][0]
    return video["codec_tag_string"], video["pix_fmt"]


class ConformAllRerun(unittest.TestCase):
    """conform --all re-runs: a blank rush's record is its source and the
    format it copies, never the grade it copies it from. Re-rendering that
    grade in its format re-runs the graded output alone; another format
    re-runs the blank rushes.

      allr2/src/A001C001.mov   01:00:00:00, 40 frames, reel A001: graded
      allr2/src/E001C001.mov   04:00:00:00, 20 frames, reel E001: none
      allr2/src/F001C001.mov   05:00:00:00, 15 frames, reel F001: none
      allr2/grades/A001C001_001.mov  01:00:00:05, 10 frames (4444, the
                               first linked grade: the blank rushes' format)
      allr2/hq/X_hq.mov        422 HQ, linked to nothing
    """

    ARGS = ("conform", "--sources", "allr2/src", "--grades", "allr2/grades",
            "-o", "allr2-out", "--all")

    @classmethod
    def setUpClass(cls):
        rfixture("allr2/src/A001C001.mov", "01:00:00:00", 40, reel="A001")
        rfixture("allr2/src/E001C001.mov", "04:00:00:00", 20, reel="E001")
        rfixture("allr2/src/F001C001.mov", "05:00:00:00", 15, reel="F001")
        rfixture("allr2/grades/A001C001_001.mov", "01:00:00:05", 10)
        rfixture("allr2/hq/X_hq.mov", "07:00:00:00", 3, profile="hq")

    def grade(self, pattern):
        # the grade rendered again: the same format, another picture
        full = os.path.join(WORK, "render/allr2/grades/A001C001_001.mov")
        subprocess.run([FIXTURE, full, "--rate", "25/1", "--tc",
                        "01:00:00:05", "--frames", "10", "--size",
                        "%dx%d" % (RW, RH), "--pattern", pattern],
                       check=True)

    def test_same_format_regrade_skips_blank_rushes(self):
        status, out, err = rrun(*self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("E001C001", "written:"),
                                             ("F001C001", "written:")])
        blanks = {n: identity("allr2-out/%s.mov" % n)
                  for n in ("E001C001", "F001C001")}
        blank_md5s = {n: md5s(os.path.join(WORK, "render/allr2-out",
                                           n + ".mov"))
                      for n in blanks}
        a_before = md5s(os.path.join(WORK, "render/allr2-out/A001C001.mov"))
        grade = os.path.join(WORK, "render/allr2/grades/A001C001_001.mov")
        old_grade = md5s(grade)

        # re-rendered: new bytes, new mtime, the same format
        self.grade("smpte")
        self.assertNotEqual(md5s(grade), old_grade)
        status, out, err = rrun(*self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("E001C001", "skipped:"),
                                             ("F001C001", "skipped:")])
        self.assertIn("allr2/grades/A001C001_001.mov changed since "
                      "allr2-out/A001C001.mov was written", out)
        for n in blanks:
            self.assertIn("allr2-out/%s.mov: unchanged since it was written; "
                          "skipped" % n, out)
            self.assertEqual(identity("allr2-out/%s.mov" % n), blanks[n])
        # the graded output has the new grade's frames 5-14
        a_after = md5s(os.path.join(WORK, "render/allr2-out/A001C001.mov"))
        self.assertEqual(len(a_after), 40)
        self.assertEqual(a_after[5:15], md5s(grade))
        self.assertEqual(a_after[:5] + a_after[15:],
                         a_before[:5] + a_before[15:])
        # what a fresh run writes, byte for byte
        status, out, err = rrun(*self.ARGS[:-2], "allr2-fresh", "--all")
        self.assertEqual(status, 0, err)
        for n in blanks:
            self.assertEqual(
                md5s(os.path.join(WORK, "render/allr2-fresh", n + ".mov")),
                blank_md5s[n])

        # --like the grade: the same format, so the same record
        status, out, err = rrun(*self.ARGS, "--like",
                                "allr2/grades/A001C001_001.mov")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("E001C001", "skipped:"),
                                             ("F001C001", "skipped:")])
        # --like a copy elsewhere: the format it gives, not its path
        copy = os.path.join(WORK, "render/allr2/copy/any_name.mov")
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        shutil.copyfile(grade, copy)
        status, out, err = rrun(*self.ARGS, "--like",
                                "allr2/copy/any_name.mov")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("E001C001", "skipped:"),
                                             ("F001C001", "skipped:")])
        for n in blanks:
            self.assertEqual(identity("allr2-out/%s.mov" % n), blanks[n])

        # another format (--like a 422 HQ grade): the blank rushes re-run,
        # the graded output stands
        status, out, err = rrun(*self.ARGS, "--like", "allr2/hq/X_hq.mov")
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("E001C001", "written:"),
                                             ("F001C001", "written:")])
        self.assertIn("allr2-out/E001C001.mov: its options changed", out)
        for n in blanks:
            self.assertEqual(pix_fmt("allr2-out/%s.mov" % n)[0], "apch")
        # and the grade's own format again: back to what it was
        status, out, err = rrun(*self.ARGS)
        self.assertEqual(status, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("E001C001", "written:"),
                                             ("F001C001", "written:")])
        for n in blanks:
            self.assertEqual(
                md5s(os.path.join(WORK, "render/allr2-out", n + ".mov")),
                blank_md5s[n])


class ConformAllAlpha(unittest.TestCase):
    """conform --all never guesses between a 4444 grade with an alpha
    channel and one without: the blank rushes' format needs --like or
    --profile (exit 2), the error naming the difference.

      alla/src/A001C001.mov   01:00:00:00, 20 frames, reel A001
      alla/src/B001C001.mov   02:00:00:00, 20 frames, reel B001
      alla/src/E001C001.mov   04:00:00:00, 12 frames, reel E001: no grade
      alla/g/A001C001_a.mov   4444 with alpha (yuva444p10le)
      alla/g/B001C001_n.mov   4444 without alpha (yuv444p10le)
    both by ffmpeg's prores_ks, BT.709: only the alpha channel differs.
    """

    ARGS = ("conform", "--sources", "alla/src", "--grades", "alla/g", "--all")

    @classmethod
    def setUpClass(cls):
        afixture("alla/src/A001C001.mov", "01:00:00:00", 20, "A001")
        afixture("alla/src/B001C001.mov", "02:00:00:00", 20, "B001")
        afixture("alla/src/E001C001.mov", "04:00:00:00", 12, "E001")
        afixture("alla/g/A001C001_a.mov", "01:00:00:05", 5, "A001",
                 "--alpha")
        afixture("alla/g/B001C001_n.mov", "02:00:00:05", 5, "B001")

    def test_alpha_disagreement_needs_a_format(self):
        self.assertEqual(pix_fmt("alla/g/A001C001_a.mov"),
                         ("ap4h", "yuva444p12le"))
        self.assertEqual(pix_fmt("alla/g/B001C001_n.mov"),
                         ("ap4h", "yuv444p12le"))
        status, out, err = rrun(*self.ARGS, "-o", "alla-out")
        self.assertEqual(status, 2, err)
        self.assertEqual(out, "")
        self.assertIn("proreswriter: --all: the segments linked in this run "
                      "disagree in ProRes format: ap4h nclc 1-1-1 with alpha "
                      "(alla/g/A001C001_a.mov), ap4h nclc 1-1-1 without "
                      "alpha (alla/g/B001C001_n.mov); give --like SEGMENT or "
                      "--profile P [--size WxH] for the blank rushes\n", err)
        self.assertFalse(os.path.exists(os.path.join(WORK,
                                                     "render/alla-out")))
        # the dry run refuses alike
        status, out, err = rrun(*self.ARGS, "-o", "alla-out", "--dry-run")
        self.assertEqual(status, 2, err)
        self.assertIn("with alpha (alla/g/A001C001_a.mov)", err)

        # --like says which: the blank rush is made like it, alpha or not
        for name, like, fmt in (
                ("alla-alpha", "alla/g/A001C001_a.mov", "yuva444p12le"),
                ("alla-none", "alla/g/B001C001_n.mov", "yuv444p12le")):
            status, out, err = rrun(*self.ARGS, "-o", name, "--like", like)
            self.assertEqual(status, 0, err)
            self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                                 ("B001C001", "written:"),
                                                 ("E001C001", "written:")])
            e = "%s/E001C001.mov" % name
            self.assertEqual(pix_fmt(e), ("ap4h", fmt))
            self.assertEqual(len(md5s(os.path.join(WORK, "render", e))), 12)
            blank = os.path.join(WORK, "render", name + "-blank.mov")
            status, _, err = rrun("blank", "alla/src/E001C001.mov", "--like",
                                  like, "-o", blank)
            self.assertEqual(status, 0, err)
            self.assertEqual(md5s(os.path.join(WORK, "render", e)),
                             md5s(blank))
            # each graded output keeps its grade's frames, byte for byte
            for clip, grade in (("A001C001", "alla/g/A001C001_a.mov"),
                                ("B001C001", "alla/g/B001C001_n.mov")):
                got = md5s(os.path.join(WORK, "render", name, clip + ".mov"))
                self.assertEqual(len(got), 20)
                self.assertEqual(got[5:10],
                                 md5s(os.path.join(WORK, "render", grade)))
        # the two records differ by the alpha channel alone
        alpha = state_outputs("alla-alpha")["E001C001.mov"]["options"]
        none = state_outputs("alla-none")["E001C001.mov"]["options"]
        self.assertRegex(alpha, r"^blank=ap4h %dx%d alpha colr 1-1-1 stsd "
                         r"[0-9a-f]{16}$" % (RW, RH))
        self.assertRegex(none, r"^blank=ap4h %dx%d no-alpha colr 1-1-1 stsd "
                         r"[0-9a-f]{16}$" % (RW, RH))

        # one grade alone: its format, alpha and all, no guess needed
        status, out, err = rrun("conform", "--sources", "alla/src",
                                "--grades", "alla/g/A001C001_a.mov", "--all",
                                "-o", "alla-one")
        self.assertEqual(status, 0, err)
        self.assertEqual(pix_fmt("alla-one/E001C001.mov"),
                         ("ap4h", "yuva444p12le"))


LOCK_ALE = ("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\nColumn\n"
            "Name\tStart\tEnd\tTape\n\nData\n"
            "Z001C001\t01:00:00:00\t01:10:00:00\tZ001\n")


class ConformOneAtATime(unittest.TestCase):
    """Two conforms into one OUTDIR at once: the second is refused before
    it reads or writes anything there, in one line naming OUTDIR and the
    first's process, exit 1; the first finishes as if alone. A killed run
    never blocks the next (the kernel drops its lock); --dry-run and
    --job (a farm's tasks, each its own output) are never blocked.

      lock/src/A001C001.mov            01:00:00:00, 100 frames
      lock/src/long.ale                Z001C001, 10 minutes (15,000 frames)
      lock/grades/A001C001_001.mov     01:00:00:10, 20 frames
      lock/grades/Z001C001_g.mov       01:00:00:10, 5 frames
      lock/other/src/B001C001.mov      01:00:01:00, 60 frames
      lock/other/grades/B001C001_001.mov  01:00:01:10, 10 frames
    """

    @classmethod
    def setUpClass(cls):
        import signal
        import time
        cls.signal, cls.time = signal, time
        rfixture("lock/src/A001C001.mov", "01:00:00:00", 100, reel="A001")
        rfixture("lock/grades/A001C001_001.mov", "01:00:00:10", 20)
        rfixture("lock/grades/Z001C001_g.mov", "01:00:00:10", 5,
                 profile="proxy")
        rfixture("lock/other/src/B001C001.mov", "01:00:01:00", 60, reel="B001")
        rfixture("lock/other/grades/B001C001_001.mov", "01:00:01:10", 10)
        with open(os.path.join(WORK, "render/lock/src/long.ale"), "w") as f:
            f.write(LOCK_ALE)

    ARGS = ("conform", "--sources", "lock/src", "--grades", "lock/grades")

    def start_and_stop(self, outdir, extra=()):
        """Starts a conform into outdir (with the options extra) and stops
        it (SIGSTOP) while it writes its long job, Z001C001, A001C001
        written and recorded already."""
        out = os.path.join(WORK, "render", outdir)
        proc = subprocess.Popen(
            [CLI] + list(self.ARGS) + ["-o", outdir] + list(extra),
            cwd=os.path.join(WORK, "render"), stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        deadline = self.time.monotonic() + 120
        while self.time.monotonic() < deadline:
            names = os.listdir(out) if os.path.isdir(out) else []
            if STATE in names and any(n.startswith(".Z001C001.mov.prw-")
                                      for n in names):
                proc.send_signal(self.signal.SIGSTOP)
                self.wait_stopped(proc)
                return proc
            self.time.sleep(0.005)
        proc.kill()
        proc.communicate()
        self.fail("the long job never started")

    def wait_stopped(self, proc):
        """Waits until every thread of proc is stopped: a thread inside a
        write when SIGSTOP came finishes it first, and the folder must not
        change after the test has looked at it."""
        tasks = "/proc/%d/task" % proc.pid
        deadline = self.time.monotonic() + 60
        while self.time.monotonic() < deadline:
            states = []
            for tid in os.listdir(tasks):
                try:
                    with open(os.path.join(tasks, tid, "stat")) as f:
                        # "tid (comm) S ...": the state follows the last ')'
                        states.append(f.read().rsplit(")", 1)[1].split()[0])
                except OSError:
                    pass  # a thread that ended meanwhile
            if states and all(st in ("T", "t") for st in states):
                return
            self.time.sleep(0.005)
        self.fail("the first conform did not stop")

    def folder(self, outdir):
        """What is in outdir: each name and its bytes' identity."""
        out = os.path.join(WORK, "render", outdir)
        return {name: identity(os.path.join(outdir, name))
                for name in os.listdir(out)}

    def check_first_finished(self, proc, outdir, extra=()):
        proc.send_signal(self.signal.SIGCONT)
        stdout, stderr = proc.communicate(timeout=300)
        self.assertEqual(proc.returncode, 0, stderr)
        self.assertEqual(summary_rows(stdout.decode()),
                         [("A001C001", "written:"), ("Z001C001", "written:")])
        out = os.path.join(WORK, "render", outdir)
        self.assertEqual(sorted(os.listdir(out)),
                         sorted([STATE, "A001C001.mov", "Z001C001.mov"] +
                                list(extra)))
        got = md5s(os.path.join(out, "A001C001.mov"))
        self.assertEqual(len(got), 100)
        grade = md5s(os.path.join(WORK, "render/lock/grades/"
                                  "A001C001_001.mov"))
        self.assertEqual(got[10:30], grade)
        video = [s for s in probe(os.path.join(out, "Z001C001.mov"))
                 if s["codec_type"] == "video"][0]
        self.assertEqual(int(video["nb_frames"]), 15000)
        self.assertEqual(video["tags"]["timecode"], "01:00:00:00")
        self.assertEqual(sorted(state_outputs(outdir)),
                         ["A001C001.mov", "Z001C001.mov"])
        # and a run now skips both: the state is the first run's, whole
        code, stdout, err = rrun(*self.ARGS, "-o", outdir)
        self.assertEqual(code, 0, err)
        self.assertEqual(summary_rows(stdout), [("A001C001", "skipped:"),
                                                ("Z001C001", "skipped:")])

    def test_second_refused(self):
        proc = self.start_and_stop("lock-out")
        try:
            before = self.folder("lock-out")
            with open(os.path.join(WORK, "render/lock-out", STATE),
                      "rb") as f:
                state = f.read()
            refused = "proreswriter: lock-out: another conform is writing " \
                      "there (process %d)\n" % proc.pid
            # the same shoot, --force, or another shoot into the same folder
            for args in (self.ARGS, self.ARGS + ("--force",),
                         ("conform", "--sources", "lock/other/src", "--grades",
                          "lock/other/grades")):
                code, out, err = rrun(*args, "-o", "lock-out")
                self.assertEqual(code, 1, err)
                self.assertEqual(err, refused)
                self.assertNotIn("Jobs:", out)
                self.assertEqual(self.folder("lock-out"), before)
                with open(os.path.join(WORK, "render/lock-out", STATE),
                          "rb") as f:
                    self.assertEqual(f.read(), state)
            # a dry run takes no lock, and writes nothing
            code, out, err = rrun(*self.ARGS, "-o", "lock-out", "--dry-run")
            self.assertEqual(code, 0, err)
            self.assertEqual(self.folder("lock-out"), before)
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        self.check_first_finished(proc, "lock-out")

    def test_job_file_not_blocked(self):
        """A farm's task (--job) writes its one output into a folder a
        conform holds: several tasks into one folder is what it is for."""
        code, out, err = rrun("conform", "--sources", "lock/other/src",
                              "--grades", "lock/other/grades", "-o",
                              "lock-job",
                              "--dry-run", "--json")
        self.assertEqual(code, 0, err)
        jobs = json.loads(out)["jobs"]
        self.assertEqual([j["output"] for j in jobs],
                         ["lock-job/B001C001.mov"])
        job_file = os.path.join(WORK, "render/lock/B001C001.json")
        with open(job_file, "w") as f:
            json.dump(jobs[0], f)
        proc = self.start_and_stop("lock-job")
        try:
            code, out, err = rrun("conform", "--job", job_file)
            self.assertEqual(code, 0, err)
            got = md5s(os.path.join(WORK, "render/lock-job/B001C001.mov"))
            self.assertEqual(len(got), 60)
            self.assertEqual(got[10:20], md5s(os.path.join(
                WORK, "render/lock/other/grades/B001C001_001.mov")))
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        self.check_first_finished(proc, "lock-job", extra=["B001C001.mov"])

    def test_output_appears_while_written(self):
        """A file that appears at a job's output after the run found none
        there (another tool's, a colleague's copy), before the job renames
        its output into place: the job fails alone, in one line naming the
        file, which is left as it is, and is not recorded; the next run
        refuses it as a file no conform wrote."""
        proc = self.start_and_stop("lock-appear")
        foreign = os.path.join(WORK, "render/lock-appear/Z001C001.mov")
        try:
            with open(foreign, "x") as f:
                f.write("a colleague's copy\n")
            kept = identity("lock-appear/Z001C001.mov")
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        proc.send_signal(self.signal.SIGCONT)
        stdout, stderr = proc.communicate(timeout=300)
        stdout, stderr = stdout.decode(), stderr.decode()
        self.assertEqual(proc.returncode, 1, stderr)
        self.assertEqual(summary_rows(stdout), [("A001C001", "written:"),
                                                ("Z001C001", "failed")])
        self.assertIn("proreswriter: lock-appear/Z001C001.mov: appeared "
                      "while it was written; no conform wrote it (there was "
                      "no file there when this run began); left as it is\n",
                      stderr)
        self.assertEqual(sum("Z001C001.mov" in line
                             for line in stderr.splitlines()), 1, stderr)
        with open(foreign) as f:
            self.assertEqual(f.read(), "a colleague's copy\n")
        self.assertEqual(identity("lock-appear/Z001C001.mov"), kept)
        self.assertEqual(sorted(os.listdir(os.path.join(
            WORK, "render/lock-appear"))),
            [STATE, "A001C001.mov", "Z001C001.mov"])
        self.assertEqual(sorted(state_outputs("lock-appear")),
                         ["A001C001.mov"])
        # the next run knows it for no conform's
        code, out, err = rrun(*self.ARGS, "-o", "lock-appear")
        self.assertEqual(code, 1, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("Z001C001", "failed")])
        self.assertIn("proreswriter: lock-appear/Z001C001.mov: exists and "
                      "was not written by a conform", err)
        self.assertEqual(identity("lock-appear/Z001C001.mov"), kept)

    def test_own_output_replaced_while_written(self):
        """An output that was there when the run began, and that it
        replaces (--force here; conform's own likewise), is replaced even
        when rewritten meanwhile, as before."""
        code, out, err = rrun(*self.ARGS, "-o", "lock-own")
        self.assertEqual(code, 0, err)
        proc = self.start_and_stop("lock-own", extra=("--force",))
        try:
            with open(os.path.join(WORK, "render/lock-own/Z001C001.mov"),
                      "w") as f:
                f.write("rewritten meanwhile\n")
        except BaseException:
            proc.kill()
            proc.communicate()
            raise
        self.check_first_finished(proc, "lock-own")

    def test_killed_run_does_not_block(self):
        proc = self.start_and_stop("lock-kill")
        proc.kill()
        proc.communicate()
        names = os.listdir(os.path.join(WORK, "render/lock-kill"))
        self.assertTrue(any(n.startswith(".Z001C001.mov.prw-")
                            for n in names), names)
        code, out, err = rrun(*self.ARGS, "-o", "lock-kill")
        self.assertEqual(code, 0, err)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("Z001C001", "written:")])
        # the killed run's temporary file is gone too
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "render/lock-kill"))),
                         [STATE, "A001C001.mov", "Z001C001.mov"])


class ConformSourceChanged(unittest.TestCase):
    """A camera original (or the ALE of an ALE row) replaced or rewritten
    after discovery read it and before its job's output is renamed into
    place: the job fails alone, in one line naming the file, writes
    nothing, and is not recorded (the next run runs it again, from the new
    file's facts). The others are written.

      chg/a/long.ale                 A009C001, 10 minutes: the first job,
                                     during which the others' files change
      chg/b/B001C001.mov             01:00:01:00, 60 frames, then 80
      chg/c/rows.ale                 Y001C001, 01:00:00:00-01:00:04:00
      chg/grades/...                 one grade each
    """

    @classmethod
    def setUpClass(cls):
        rfixture("chg/b/B001C001.mov", "01:00:01:00", 60, reel="B001")
        rfixture("chg/grades/A009C001_g.mov", "01:00:00:10", 5,
                 profile="proxy")
        rfixture("chg/grades/B001C001_g.mov", "01:00:01:10", 10)
        rfixture("chg/grades/Y001C001_g.mov", "01:00:00:10", 10)
        os.makedirs(os.path.join(WORK, "render/chg/a"))
        with open(os.path.join(WORK, "render/chg/a/long.ale"), "w") as f:
            f.write(LOCK_ALE.replace("Z001C001", "A009C001"))
        os.makedirs(os.path.join(WORK, "render/chg/c"))
        with open(os.path.join(WORK, "render/chg/c/rows.ale"), "w") as f:
            f.write(LOCK_ALE.replace(
                "Z001C001\t01:00:00:00\t01:10:00:00\tZ001\n",
                "Y001C001\t01:00:00:00\t01:00:04:00\tY001\n"))

    def test_replaced_while_another_job_runs(self):
        import time
        args = ("conform", "--sources", "chg/a", "chg/b", "chg/c",
                "--grades", "chg/grades", "-o", "chg-out")
        out = os.path.join(WORK, "render/chg-out")
        proc = subprocess.Popen(
            [CLI] + list(args), cwd=os.path.join(WORK, "render"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            names = os.listdir(out) if os.path.isdir(out) else []
            if any(n.startswith(".A009C001.mov.prw-") for n in names):
                break
            time.sleep(0.005)
        else:
            proc.kill()
            proc.communicate()
            self.fail("the long job never started")
        # B's original replaced by another of 80 frames; the ALE rewritten
        # in place with a row more
        rfixture("chg/b/new.mov", "01:00:01:00", 80, reel="B001")
        os.replace(os.path.join(WORK, "render/chg/b/new.mov"),
                   os.path.join(WORK, "render/chg/b/B001C001.mov"))
        with open(os.path.join(WORK, "render/chg/c/rows.ale"), "a") as f:
            f.write("Y001C002\t01:00:10:00\t01:00:14:00\tY001\n")
        stdout, stderr = proc.communicate(timeout=300)
        stdout, stderr = stdout.decode(), stderr.decode()
        self.assertEqual(proc.returncode, 1, stderr)
        self.assertEqual(summary_rows(stdout), [("A009C001", "written:"),
                                                ("B001C001", "failed"),
                                                ("Y001C001", "failed")])
        lines = stderr.splitlines()
        self.assertEqual(len(lines), 2, stderr)
        self.assertTrue(lines[0].startswith(
            "proreswriter: chg/b/B001C001.mov: changed since it was read ("),
            stderr)
        self.assertTrue(lines[1].startswith(
            "proreswriter: chg/c/rows.ale: changed since it was read ("),
            stderr)
        self.assertEqual(sorted(os.listdir(out)), [STATE, "A009C001.mov"])
        self.assertEqual(sorted(state_outputs("chg-out")), ["A009C001.mov"])
        # the next run runs them, from the files as they are now
        code, stdout, err = rrun(*args)
        self.assertEqual(code, 0, err)
        rows = dict(summary_rows(stdout))
        self.assertEqual((rows["A009C001"], rows["B001C001"],
                          rows["Y001C001"]),
                         ("skipped:", "written:", "written:"))
        got = md5s(os.path.join(out, "B001C001.mov"))
        self.assertEqual(len(got), 80)
        self.assertEqual(got[10:20], md5s(os.path.join(
            WORK, "render/chg/grades/B001C001_g.mov")))
        self.assertEqual(len(md5s(os.path.join(out, "Y001C001.mov"))), 100)


def mfixture(path, tc, frames, size="%dx%d" % (RW, RH), reel=None):
    fixture(os.path.join("msgs", path), tc, frames, size=size, reel=reel)


def mrun(*args):
    return run_in(os.path.join(WORK, "msgs"), *args)


# Two ALE files that disagree on B001C001's reel (Tape B001 vs B00X)
MSGS_ALE = ("Heading\nFIELD_DELIM\tTABS\nFPS\t25\n\n"
            "Column\nName\tStart\tEnd\tTape\n\nData\n"
            "B001C001\t11:00:00:00\t11:00:02:00\t%s\n")


class ConformMessages(unittest.TestCase):
    """What a colorist trying conform found silent or unclear:

      src/A001C001.mov   10:00:00:00, 100 frames, reel A001
      src/A001C002.mov   10:05:00:00, 50 frames, reel A001 (same roll)
      src/B001C001.mxf   11:00:00:00, 50 frames, 256x144, no reel; day1.ale
                         and day2.ale each describe it (line 9), with Tape
                         B001 and B00X

    - a link against its own name or reel says so (A001C002_S09.mov lies
      in A001C001 by reel and timecode; A001C001_S09.mov's reel names
      B001C001);
    - merged ALE rows that disagree on the reel say so, naming both;
    - reels match without case or surrounding white space; messages quote
      them;
    - overrides name two files of one base name apart, in the dry run too.
    """

    @classmethod
    def setUpClass(cls):
        mfixture("src/A001C001.mov", "10:00:00:00", 100, reel="A001")
        mfixture("src/A001C002.mov", "10:05:00:00", 50, reel="A001")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                        "lavfi", "-i", "testsrc=s=256x144:r=25", "-frames:v",
                        "50", "-c:v", "dnxhd", "-profile:v", "dnxhr_lb",
                        "-pix_fmt", "yuv422p", "-timecode", "11:00:00:00",
                        os.path.join(WORK, "msgs/src/B001C001.mxf")],
                       check=True)
        for name, tape in (("day1.ale", "B001"), ("day2.ale", "B00X")):
            with open(os.path.join(WORK, "msgs/src", name), "w") as f:
                f.write(MSGS_ALE % tape)
        # its name says A001C002; its timecode lies in A001C001, same reel
        mfixture("grades/A001C002_S09.mov", "10:00:03:00", 10, reel="A001")
        # its name says A001C001; its reel is B001C001's clip name
        mfixture("grades/A001C001_S09.mov", "10:00:01:00", 10,
                 reel="B001C001")
        # reels in another case, with white space around
        mfixture("grades/shot_a.mov", "10:00:02:00", 5, reel="a001")
        mfixture("grades/shot_b.mov", "10:05:00:10", 5, reel="A001 ")
        mfixture("grades/shot_c.mov", "11:00:00:10", 5, size="256x144",
                 reel="b001c001")
        mfixture("grades/shot_d.mov", "10:00:02:00", 5, reel="ZZ ")
        # two versions of one shot, one base name
        mfixture("grades/ver/v1/A001C001_S01.mov", "10:00:00:00", 10)
        mfixture("grades/ver/v2/A001C001_S01.mov", "10:00:00:05", 10)

    def conform(self, *extra):
        return mrun("conform", "--sources", "src", "--grades", "grades",
                    "-o", "out", *extra)

    UNMATCHED_D = ("grades/shot_d.mov: unmatched grade, printed nowhere: "
                   "nearest A001C001 (src/A001C001.mov): name/reel do not "
                   "match: shot_d.mov does not contain A001C001, and its "
                   "reel \"ZZ \" is neither the source's reel \"A001\" "
                   "nor its clip name")
    OVERRIDE = ("v2/A001C001_S01.mov overrides v1/A001C001_S01.mov on "
                "record frames 5-9 (10:00:00:05-10:00:00:09; 5 frames)")
    AGAINST_NAME = (
        "linked to A001C001 by reel \"A001\"; its file name also names "
        "A001C002, not linked: 10:00:03:00-10:00:03:09 starts 7425 frames "
        "before the source's start (10:05:00:00-10:05:01:24)")
    AGAINST_REEL = (
        "linked to A001C001 by file name; its reel \"B001C001\" (the clip "
        "name) also names B001C001, not linked: size 640x368 vs 256x144; "
        "10:00:01:00-10:00:01:09 starts 89975 frames before the source's "
        "start (11:00:00:00-11:00:01:24)")
    REELS_DISAGREE = (
        "src/day1.ale:9 and src/day2.ale:9 disagree on the reel of "
        "B001C001: \"B001\" vs \"B00X\"; the source has no reel")

    def test_dry_run_text(self):
        status, out, err = self.conform("--dry-run")
        self.assertEqual(status, 0, out + err)
        links = out.split("\n\n")[0].splitlines()
        self.assertEqual([line.split()[:4] for line in links[2:]], [
            ["A001C001", "grades/A001C001_S09.mov", "grade", "file-name"],
            ["A001C001", "grades/A001C002_S09.mov", "grade", "reel"],
            ["A001C001", "grades/shot_a.mov", "grade", "reel"],
            ["A001C001", "grades/ver/v1/A001C001_S01.mov", "grade",
             "file-name"],
            ["A001C001", "grades/ver/v2/A001C001_S01.mov", "grade",
             "file-name"],
            ["A001C002", "grades/shot_b.mov", "grade", "reel"],
            ["B001C001", "grades/shot_c.mov", "grade", "reel-is-clip-name"],
        ])
        # 1: the links made against a name or reel, and only those
        self.assertIn(
            "\n\nLinked against other evidence (2):\n"
            "  grades/A001C001_S09.mov: %s\n"
            "  grades/A001C002_S09.mov: %s\n\n"
            % (self.AGAINST_REEL, self.AGAINST_NAME), out)
        # 2: the merge of rows that disagree on the reel
        self.assertIn(
            "  B001C001: src/B001C001.mxf is src/day1.ale:9, src/day2.ale:9 "
            "(the file's facts)\n"
            "    warning: %s\n" % self.REELS_DISAGREE, out)
        # 3: a reel named by none, quoted with its trailing space
        self.assertIn(
            "Unmatched (1):\n"
            "  grades/shot_d.mov (grade): nearest A001C001 "
            "(src/A001C001.mov): name/reel do not match: shot_d.mov does not "
            "contain A001C001, and its reel \"ZZ \" is neither the source's "
            "reel \"A001\" nor its clip name\n", out)
        # 4: the dry run shows what the run will warn about, with names
        # that tell the two versions apart
        self.assertIn("\n\nPlan warnings (", out)
        plan_warnings = out.split("\n\nPlan warnings (")[1].splitlines()[1:]
        self.assertIn("  out/A001C001.mov: " + self.OVERRIDE, plan_warnings)
        self.assertNotIn("A001C001_S01.mov overrides A001C001_S01.mov", out)
        # the one unmatched grade is also said on stderr, and nothing else
        self.assertEqual(err,
                         "proreswriter: warning: %s\n" % self.UNMATCHED_D)
        self.assertFalse(os.path.exists(os.path.join(WORK, "msgs/out")))

    def test_dry_run_json(self):
        status, out, err = self.conform("--dry-run", "--json")
        self.assertEqual(status, 0, out + err)
        doc = json.loads(out)
        warned = {l["segment"]: l["warnings"] for l in doc["links"]
                  if l["warnings"]}
        self.assertEqual(warned, {
            "grades/A001C001_S09.mov": [self.AGAINST_REEL],
            "grades/A001C002_S09.mov": [self.AGAINST_NAME]})
        merged, = doc["merged"]
        self.assertEqual(merged["source"]["path"], "src/B001C001.mxf")
        self.assertEqual((merged["reel"], merged["warnings"]),
                         (None, [self.REELS_DISAGREE]))
        plans = {p["output"]: p["warnings"] for p in doc["plan_warnings"]}
        self.assertIn(self.OVERRIDE, plans["out/A001C001.mov"])
        # reels matched whatever their case and white space
        rules = {l["segment"]: (l["source"]["clip_name"], l["rules"])
                 for l in doc["links"]}
        self.assertEqual(rules["grades/shot_a.mov"], ("A001C001", ["reel"]))
        self.assertEqual(rules["grades/shot_b.mov"], ("A001C002", ["reel"]))
        self.assertEqual(rules["grades/shot_c.mov"],
                         ("B001C001", ["reel-is-clip-name"]))
        self.assertEqual(json.loads(err), {"warning": {
            "file": "grades/shot_d.mov", "message": self.UNMATCHED_D}})

    def test_run_names_the_versions_apart(self):
        status, out, err = self.conform("-o", "run-out")
        self.assertEqual(status, 0, out + err)
        self.assertIn("proreswriter: warning: " + self.OVERRIDE + "\n", err)
        self.assertNotIn("A001C001_S01.mov overrides A001C001_S01.mov", err)
        # the run reports the links as the dry run does
        self.assertIn("grades/A001C002_S09.mov: " + self.AGAINST_NAME, out)
        # v2 is printed over v1 where they overlap: frames 5-14 are v2's
        got = md5s(os.path.join(WORK, "msgs/run-out/A001C001.mov"))
        v1 = md5s(os.path.join(WORK, "msgs/grades/ver/v1/A001C001_S01.mov"))
        v2 = md5s(os.path.join(WORK, "msgs/grades/ver/v2/A001C001_S01.mov"))
        self.assertEqual(len(got), 100)
        self.assertEqual(got[0:5], v1[0:5])
        self.assertEqual(got[5:15], v2)


class ConformOutputs(unittest.TestCase):
    """What conform does with files at its outputs' names (a tester's
    findings after issue 10): a file no conform wrote is never replaced
    without --force; an output an earlier conform wrote that no job of this
    run writes is reported and left as it is; a re-run's --report keeps (or
    makes again) the pages of the outputs it skips; --job takes no --force.
    Each test has its own inputs under outs/ and its own output folder."""

    def shoot(self, name, b_grade=True):
        rfixture("outs/%s/src/A001C001.mov" % name, "01:00:00:00", 100,
                 reel="A001")
        rfixture("outs/%s/src/B001C001.mov" % name, "01:00:01:00", 60,
                 reel="B001")
        rfixture("outs/%s/grades/A001C001_001.mov" % name, "01:00:00:10",
                 20)
        if b_grade:
            rfixture("outs/%s/grades/B001C001_001.mov" % name,
                     "01:00:01:10", 10)

    def conform(self, name, outdir, *extra, status=0):
        code, out, err = rrun("conform", "--sources", "outs/%s/src" % name,
                              "--grades", "outs/%s/grades" % name, "-o",
                              outdir, *extra)
        self.assertEqual(code, status, err)
        return out, err

    def test_file_no_conform_wrote_is_refused_then_forced(self):
        self.shoot("pre")
        outdir = os.path.join(WORK, "render/op-pre")
        os.makedirs(outdir)
        precious = os.path.join(outdir, "A001C001.mov")
        with open(precious, "w") as f:
            f.write("precious\n")
        out, err = self.conform("pre", "op-pre", status=1)
        self.assertEqual(err, "proreswriter: op-pre/A001C001.mov: exists and "
                         "was not written by a conform (op-pre/%s has no "
                         "record of it); left as it is; use --force to "
                         "replace it\n" % STATE)
        self.assertEqual(summary_rows(out), [("A001C001", "failed"),
                                             ("B001C001", "written:")])
        with open(precious) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertEqual(sorted(os.listdir(outdir)),
                         [STATE, "A001C001.mov", "B001C001.mov"])
        self.assertEqual(len(md5s(os.path.join(outdir, "B001C001.mov"))), 60)
        self.assertEqual(sorted(state_outputs("op-pre")), ["B001C001.mov"])
        # again: refused again, B skipped
        out, err = self.conform("pre", "op-pre", status=1)
        self.assertIn("op-pre/A001C001.mov: exists and was not written by a "
                      "conform", err)
        self.assertEqual(summary_rows(out), [("A001C001", "failed"),
                                             ("B001C001", "skipped:")])
        # --force replaces it (and runs B again)
        out, err = self.conform("pre", "op-pre", "--force")
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "written:")])
        got = md5s(precious)
        self.assertEqual(len(got), 100)
        self.assertEqual(got[10:30], md5s(os.path.join(
            WORK, "render/outs/pre/grades/A001C001_001.mov")))
        self.assertEqual(sorted(state_outputs("op-pre")),
                         ["A001C001.mov", "B001C001.mov"])
        # conform's own output, changed since: replaced without --force
        with open(precious, "r+b") as f:
            f.seek(0, os.SEEK_END)
            f.write(b"appended by hand")
        out, err = self.conform("pre", "op-pre")
        self.assertIn("op-pre/A001C001.mov: changed since it was written", out)
        self.assertEqual(summary_rows(out), [("A001C001", "written:"),
                                             ("B001C001", "skipped:")])
        self.assertEqual(md5s(precious), got)

    def test_failed_job_keeps_its_earlier_output_its_own(self):
        """A job that fails after its output was written leaves that output
        as it was, and conform still knows it for its own: the next run,
        its grade fixed, replaces it without --force."""
        rfixture("outs/fail/src/C001C001.mov", "02:00:00:00", 40, reel="C001")
        rfixture("outs/fail/grades/C001C001_a.mov", "02:00:00:05", 5)
        rfixture("outs/fail/grades/C001C001_b.mov", "02:00:00:20", 5)
        self.conform("fail", "op-fail")
        output = os.path.join(WORK, "render/op-fail/C001C001.mov")
        was = identity("op-fail/C001C001.mov")
        os.unlink(os.path.join(WORK, "render/outs/fail/grades/C001C001_b.mov"))
        rfixture("outs/fail/grades/C001C001_b.mov", "02:00:00:20", 5,
                 profile="hq")
        out, err = self.conform("fail", "op-fail", status=1)
        self.assertIn("op-fail/C001C001.mov: its segments disagree in format",
                      err)
        self.assertEqual(summary_rows(out), [("C001C001", "failed")])
        self.assertEqual(identity("op-fail/C001C001.mov"), was)
        self.assertEqual(sorted(state_outputs("op-fail")), ["C001C001.mov"])
        os.unlink(os.path.join(WORK, "render/outs/fail/grades/C001C001_b.mov"))
        rfixture("outs/fail/grades/C001C001_b.mov", "02:00:00:20", 6)
        out, err = self.conform("fail", "op-fail")
        self.assertEqual(err, "")
        self.assertEqual(summary_rows(out), [("C001C001", "written:")])
        got = md5s(output)
        self.assertEqual(len(got), 40)
        self.assertEqual(got[20:26], md5s(os.path.join(
            WORK, "render/outs/fail/grades/C001C001_b.mov")))

    def test_withdrawn_grade_is_reported_and_left(self):
        self.shoot("gone")
        self.conform("gone", "op-gone")
        b = identity("op-gone/B001C001.mov")
        grade = os.path.join(WORK, "render/outs/gone/grades/B001C001_001.mov")
        away = os.path.join(WORK, "render/outs/gone/B001C001_001.mov.away")
        os.rename(grade, away)
        warning = ("proreswriter: warning: op-gone/B001C001.mov: written by "
                   "an earlier conform, from segments or a source this run "
                   "does not link to it; left as it is\n")
        out, err = self.conform("gone", "op-gone")
        self.assertEqual(err, warning)
        self.assertIn("Skipped (1, no segments):\n  B001C001 "
                      "(outs/gone/src/B001C001.mov)\n", out)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001.mov", "left:")])
        self.assertIn("left: op-gone/B001C001.mov, by an earlier run", out)
        self.assertEqual(identity("op-gone/B001C001.mov"), b)
        # the record stays: said again, and replaced as conform's own once
        # its grade is back
        self.assertEqual(sorted(state_outputs("op-gone")),
                         ["A001C001.mov", "B001C001.mov"])
        out, err = self.conform("gone", "op-gone")
        self.assertEqual(err, warning)
        os.rename(away, grade)
        out, err = self.conform("gone", "op-gone")
        self.assertEqual(err, "")
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])
        # withdrawn again, and the output deleted by hand: nothing to say,
        # and its record is dropped
        os.rename(grade, away)
        os.unlink(os.path.join(WORK, "render/op-gone/B001C001.mov"))
        out, err = self.conform("gone", "op-gone")
        self.assertEqual(err, "")
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:")])
        self.assertEqual(sorted(state_outputs("op-gone")), ["A001C001.mov"])
        # with --all the source has a job (a blank rush): nothing left
        self.conform("gone", "op-gone2")
        out, err = self.conform("gone", "op-gone2", "--all", "--like",
                                "outs/gone/grades/A001C001_001.mov")
        self.assertEqual(err, "")
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "written:")])

    def test_unmatched_grade_and_moved_outputs_are_reported(self):
        rfixture("outs/moved/src/d1/K001.mov", "10:00:00:00", 30)
        rfixture("outs/moved/src/d2/K001.mov", "11:00:00:00", 30)
        rfixture("outs/moved/grades/K001_a.mov", "10:00:00:05", 5)
        self.conform("moved", "op-moved")
        self.assertEqual(sorted(state_outputs("op-moved")), ["K001.mov"])
        # the other K001 graded too: both outputs keep their folders, and
        # the earlier OUTDIR/K001.mov is no job's
        rfixture("outs/moved/grades/K001_b.mov", "11:00:00:05", 5)
        out, err = self.conform("moved", "op-moved")
        self.assertEqual(err, "proreswriter: warning: op-moved/K001.mov: "
                         "written by an earlier conform, from segments or a "
                         "source this run does not link to it; left as it "
                         "is\n")
        self.assertEqual(summary_rows(out), [("K001", "written:"),
                                             ("K001", "written:"),
                                             ("K001.mov", "left:")])
        self.assertEqual(sorted(state_outputs("op-moved")),
                         ["K001.mov", "d1/K001.mov", "d2/K001.mov"])
        # a grade that becomes unmatched (re-exported at another rate)
        os.unlink(os.path.join(WORK, "render/outs/moved/grades/K001_b.mov"))
        subprocess.run([FIXTURE, os.path.join(
            WORK, "render/outs/moved/grades/K001_b.mov"), "--rate", "24/1",
            "--tc", "11:00:00:05", "--frames", "5", "--size",
            "%dx%d" % (RW, RH)], check=True)
        out, err = self.conform("moved", "op-moved")
        self.assertIn("Unmatched (1):\n  outs/moved/grades/K001_b.mov", out)
        self.assertIn("proreswriter: warning: op-moved/d2/K001.mov: written "
                      "by an earlier conform", err)
        self.assertIn("proreswriter: warning: op-moved/d1/K001.mov: written "
                      "by an earlier conform", err)
        # d1's K001 is back at OUTDIR/K001.mov, as the first run wrote it
        self.assertEqual(summary_rows(out), [("K001", "skipped:"),
                                             ("d1/K001.mov", "left:"),
                                             ("d2/K001.mov", "left:")])

    def test_job_takes_no_force(self):
        self.shoot("job")
        status, out, err = rrun("conform", "--sources", "outs/job/src",
                                "--grades", "outs/job/grades", "-o", "op-job",
                                "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        path = os.path.join(WORK, "render/op-job-A.json")
        with open(path, "w") as f:
            json.dump(json.loads(out)["jobs"][0], f)
        status, out, err = rrun("conform", "--job", path, "--force")
        self.assertEqual(status, 2, err)
        self.assertIn("--job: --force does not go with it", err)
        self.assertFalse(os.path.exists(os.path.join(WORK, "render/op-job")))
        # a job replaces its output: the job file names it
        os.makedirs(os.path.join(WORK, "render/op-job"))
        with open(os.path.join(WORK, "render/op-job/A001C001.mov"), "w") as f:
            f.write("an earlier task's\n")
        status, out, err = rrun("conform", "--job", path)
        self.assertEqual(status, 0, err)
        self.assertEqual(len(md5s(os.path.join(WORK,
                                               "render/op-job/A001C001.mov"))),
                         100)

    def index_pages(self, rep):
        with open(os.path.join(rep, "index.html")) as f:
            index = f.read()
        return (index.count('<td class="page none">no page</td>'),
                sorted(n for n in ("A001C001.html", "B001C001.html")
                       if 'href="%s"' % n in index))

    def test_report_keeps_or_remakes_skipped_pages(self):
        self.shoot("rep")
        rep = os.path.join(WORK, "render/op-rep-pages")
        self.conform("rep", "op-rep", "--report", rep)
        self.assertEqual(self.index_pages(rep),
                         (0, ["A001C001.html", "B001C001.html"]))
        pages = {n: os.stat(os.path.join(rep, n)) for n in
                 ("A001C001.html", "B001C001.html")}
        with open(os.path.join(rep, "A001C001.html")) as f:
            a_page = f.read()
        # a re-run skips both: their pages are kept as they are, and linked
        out, err = self.conform("rep", "op-rep", "--report", rep)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])
        self.assertEqual(self.index_pages(rep),
                         (0, ["A001C001.html", "B001C001.html"]))
        for name, st in pages.items():
            now = os.stat(os.path.join(rep, name))
            self.assertEqual((now.st_ino, now.st_mtime_ns),
                             (st.st_ino, st.st_mtime_ns))
        # the report of a run interrupted before its reports: none at all;
        # the re-run makes the skipped outputs' pages from their plans
        shutil.rmtree(rep)
        out, err = self.conform("rep", "op-rep", "--report", rep)
        self.assertEqual(summary_rows(out), [("A001C001", "skipped:"),
                                             ("B001C001", "skipped:")])
        self.assertEqual(sorted(os.listdir(rep)),
                         ["A001C001.html", "B001C001.html", "index.html"])
        self.assertEqual(self.index_pages(rep),
                         (0, ["A001C001.html", "B001C001.html"]))
        with open(os.path.join(rep, "A001C001.html")) as f:
            self.assertEqual(f.read(), a_page)
        # a page older than its output shows an earlier one: made again
        # (a page a conform wrote: its head has the generator mark; any
        # other file there is refused, see ConformReportDir)
        b_page = os.path.join(rep, "B001C001.html")
        with open(b_page, "w") as f:
            f.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n'
                    '<meta name="generator" content="libproreswriter 0.2.0">'
                    '\n</head>\n<body>an earlier B001C001</body>\n</html>\n')
        os.utime(b_page, ns=(0, 0))
        out, err = self.conform("rep", "op-rep", "--report", rep)
        with open(b_page) as f:
            self.assertIn("B001C001", f.read())
        self.assertGreater(os.path.getsize(b_page), 1000)
        self.assertEqual(self.index_pages(rep),
                         (0, ["A001C001.html", "B001C001.html"]))


def kfixture(path, tc, frames, reel=None):
    fixture(os.path.join("runs", path), tc, frames, size="%dx%d" % (RW, RH),
            reel=reel)


def krun(*args):
    return run_in(os.path.join(WORK, "runs"), *args)


def truncate_copy(src, dst, size=3000):
    with open(os.path.join(WORK, "runs", src), "rb") as f:
        data = f.read(size)
    full = os.path.join(WORK, "runs", dst)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


class ConformTesterFindings(unittest.TestCase):
    """A colorist's findings after issue 10: inputs that could not be read
    fail the run (exit 1) though it goes on without them; unmatched grades
    are said on stderr; segments that disagree in colour description fail
    their job alone; OUTDIR is never an input's folder or inside one; two
    sources of one clip name keep apart across several folders given."""

    @classmethod
    def setUpClass(cls):
        kfixture("src/A001C001.mov", "01:00:00:00", 40, reel="A001")
        kfixture("src/B001C001.mov", "02:00:00:00", 30, reel="B001")
        kfixture("grades/A001C001_g.mov", "01:00:00:10", 10)
        kfixture("grades/B001C001_g.mov", "02:00:00:05", 5)
        with open(os.path.join(WORK, "runs/src/notes.txt"), "w") as f:
            f.write("camera report\n")
        # a grade that names no source and is in none's range
        kfixture("unmatched/Z009C001_g.mov", "09:00:00:00", 5)
        # truncated copies: a camera original, a grade
        truncate_copy("src/A001C001.mov", "tsrc/A001C001.mov")
        truncate_copy("grades/B001C001_g.mov", "tgrades/B001C001_g.mov")

    def outputs(self, outdir):
        full = os.path.join(WORK, "runs", outdir)
        if not os.path.isdir(full):
            return []
        found = []
        for root, _, files in os.walk(full):
            found += [os.path.relpath(os.path.join(root, f), full)
                      for f in files if f != STATE]
        return sorted(found)

    def test_missing_source_path_exits_1(self):
        for dry in ((), ("--dry-run",)):
            with self.subTest(dry=dry):
                out_dir = "o-missing%d" % len(dry)
                status, out, err = krun("conform", "--sources", "nonexist",
                                        "--grades", "grades", "-o", out_dir,
                                        *dry)
                self.assertEqual(status, 1, err)
                lines = err.splitlines()
                self.assertIn("proreswriter: warning: nonexist: no such file "
                              "or folder", lines)
                self.assertIn("proreswriter: 1 input could not be read (see "
                              "the warnings above); the run went on without "
                              "it", lines)
                self.assertTrue(any(l.startswith(
                    "proreswriter: nothing to conform: ") for l in lines),
                    err)
                self.assertEqual(self.outputs(out_dir), [])
        # a missing path beside good ones: the run goes on, then exits 1
        status, out, err = krun("conform", "--sources", "nonexist", "src",
                                "--grades", "grades", "-o", "o-missing-ok")
        self.assertEqual(status, 1, err)
        self.assertEqual(self.outputs("o-missing-ok"),
                         ["A001C001.mov", "B001C001.mov"])
        self.assertEqual(len(md5s(os.path.join(
            WORK, "runs/o-missing-ok/A001C001.mov"))), 40)

    def test_truncated_source_exits_1(self):
        status, out, err = krun("conform", "--sources", "tsrc", "--grades",
                                "grades/A001C001_g.mov", "-o", "o-tsrc")
        self.assertEqual(status, 1, err)
        self.assertIn("tsrc/A001C001.mov: ", err)
        self.assertIn("1 input could not be read", err)
        self.assertIn("nothing to conform", err)
        self.assertEqual(self.outputs("o-tsrc"), [])
        status, out, err = krun("conform", "--sources", "tsrc", "--grades",
                                "grades/A001C001_g.mov", "-o", "o-tsrc",
                                "--dry-run")
        self.assertEqual(status, 1, err)

    def test_truncated_grade_exits_1_and_the_rest_is_written(self):
        status, out, err = krun("conform", "--sources", "src", "--grades",
                                "tgrades", "grades/A001C001_g.mov", "-o",
                                "o-tgrade")
        self.assertEqual(status, 1, err)
        self.assertIn("tgrades/B001C001_g.mov: ", err)
        self.assertIn("1 input could not be read", err)
        self.assertNotIn("nothing to conform", err)
        self.assertEqual(self.outputs("o-tgrade"), ["A001C001.mov"])
        self.assertEqual(len(md5s(os.path.join(
            WORK, "runs/o-tgrade/A001C001.mov"))), 40)

    def test_bad_ale_row_exits_1(self):
        ale = os.path.join(WORK, "runs/ale/shoot.ale")
        os.makedirs(os.path.dirname(ale), exist_ok=True)
        with open(ale, "w") as f:
            f.write(ALE)
        status, out, err = krun("conform", "--sources", "src", "ale",
                                "--grades", "grades", "-o", "o-ale",
                                "--dry-run")
        self.assertEqual(status, 1, err)
        self.assertIn("ale/shoot.ale", err)
        self.assertIn("1 input could not be read", err)

    def test_other_files_in_a_folder_do_not_fail_the_run(self):
        # src/notes.txt is reported, but is no media: exit 0
        status, out, err = krun("conform", "--sources", "src", "--grades",
                                "grades", "-o", "o-clean", "--dry-run")
        self.assertEqual(status, 0, err)
        self.assertIn("src/notes.txt", err)
        self.assertNotIn("could not be read", err)
        # named on the command line, it is an input lost
        status, out, err = krun("conform", "--sources", "src/A001C001.mov",
                                "src/notes.txt", "--grades", "grades", "-o",
                                "o-clean", "--dry-run")
        self.assertEqual(status, 1, err)
        self.assertIn("1 input could not be read", err)

    def test_a_file_named_in_a_folder_given_too_is_lost_in_either_order(self):
        # src/notes.txt named on the command line is an input lost whether
        # the folder that holds it comes before it or after it
        for sources in (["src/notes.txt", "src"], ["src", "src/notes.txt"]):
            with self.subTest(sources=sources):
                status, out, err = krun("conform", "--sources", *sources,
                                        "--grades", "grades", "-o",
                                        "o-named", "--dry-run")
                self.assertEqual(status, 1, err)
                self.assertIn("proreswriter: 1 input could not be read (see "
                              "the warnings above); the run went on without "
                              "it", err.splitlines())
                self.assertEqual(err.count("src/notes.txt"), 1, err)

    def test_unmatched_grade_said_on_stderr_exit_0(self):
        for dry in ((), ("--dry-run",)):
            with self.subTest(dry=dry):
                out_dir = "o-unmatched%d" % len(dry)
                status, out, err = krun(
                    "conform", "--sources", "src/A001C001.mov", "--grades",
                    "grades/A001C001_g.mov", "unmatched", "-o", out_dir, *dry)
                self.assertEqual(status, 0, err)
                lines = [l for l in err.splitlines()
                         if "unmatched/Z009C001_g.mov" in l]
                self.assertEqual(lines, [
                    "proreswriter: warning: unmatched/Z009C001_g.mov: "
                    "unmatched grade, printed nowhere: nearest A001C001 "
                    "(src/A001C001.mov): " + lines[0].split(
                        "(src/A001C001.mov): ", 1)[1]], err)
                self.assertIn("name/reel do not match", lines[0])
                self.assertIn("Unmatched: 1 segment, printed nowhere "
                              "(listed above)\n", out)
                self.assertEqual(self.outputs(out_dir),
                                 [] if dry else ["A001C001.mov"])
        # only unmatched grades: nothing to conform, exit 1
        status, out, err = krun("conform", "--sources", "src", "--grades",
                                "unmatched", "-o", "o-unmatched-only")
        self.assertEqual(status, 1, err)
        self.assertIn("proreswriter: nothing to conform: no segment is "
                      "linked to a source", err)
        self.assertEqual(self.outputs("o-unmatched-only"), [])

    def test_segments_disagreeing_in_colour_fail_their_job_alone(self):
        kfixture("colr/src/C001C001.mov", "03:00:00:00", 30, reel="C001")
        kfixture("colr/grades/C001C001_sdr.mov", "03:00:00:02", 5)
        pq = os.path.join(WORK, "runs/colr/grades/C001C001_pq.mov")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                        "lavfi", "-i", "testsrc=s=%dx%d:r=25" % (RW, RH),
                        "-frames:v", "5", "-c:v", "prores_ks", "-profile:v",
                        "4", "-pix_fmt", "yuva444p10le", "-color_primaries",
                        "bt2020", "-color_trc", "smpte2084", "-colorspace",
                        "bt2020nc", "-timecode", "03:00:00:20", pq],
                       check=True)
        status, got, err = krun("probe", "--json", pq,
                                "colr/grades/C001C001_sdr.mov")
        self.assertEqual(status, 0, err)
        colours = [m["colour"] for m in json.loads(got)]
        self.assertEqual(colours[0], "nclc 9-16-9")
        self.assertNotEqual(colours[1], colours[0])
        self.assertEqual(json.loads(got)[1]["codec"],
                         json.loads(got)[0]["codec"])
        status, out, err = krun("conform", "--sources", "colr/src", "src",
                                "--grades", "colr/grades", "grades", "-o",
                                "o-colr")
        self.assertEqual(status, 1, err)
        self.assertIn(
            "proreswriter: o-colr/C001C001.mov: its segments disagree in "
            "colour description: colr/grades/C001C001_sdr.mov (%s), unlike "
            "colr/grades/C001C001_pq.mov (nclc 9-16-9); nothing written\n"
            % colours[1], err)
        self.assertEqual(summary_rows(out),
                         [("A001C001", "written:"), ("B001C001", "written:"),
                          ("C001C001", "failed")])
        self.assertEqual(self.outputs("o-colr"),
                         ["A001C001.mov", "B001C001.mov"])
        # a grade without 'colr' (made with a reel, by ffmpeg) beside the PQ
        # one: it is shown as SDR video, so it fails too; beside an SDR
        # description it is taken as agreeing
        kfixture("colr2/grades/C001C001_plain.mov", "03:00:00:02", 5,
                 reel="C001")
        shutil.copy(pq, os.path.join(WORK, "runs/colr2/grades"))
        status, got, err = krun("probe", "--json",
                                "colr2/grades/C001C001_plain.mov")
        self.assertIsNone(json.loads(got)[0]["colour"])
        status, out, err = krun("conform", "--sources", "colr/src",
                                "--grades", "colr2/grades", "-o", "o-colr2")
        self.assertEqual(status, 1, err)
        self.assertIn(
            "proreswriter: o-colr2/C001C001.mov: its segments disagree in "
            "colour description: colr2/grades/C001C001_plain.mov (no colr), "
            "unlike colr2/grades/C001C001_pq.mov (nclc 9-16-9); nothing "
            "written\n", err)
        self.assertEqual(self.outputs("o-colr2"), [])
        os.remove(os.path.join(WORK, "runs/colr2/grades/C001C001_pq.mov"))
        shutil.copy(os.path.join(WORK, "runs/colr/grades/C001C001_sdr.mov"),
                    os.path.join(WORK, "runs/colr2/grades"))
        status, out, err = krun("conform", "--sources", "colr/src",
                                "--grades", "colr2/grades", "-o", "o-colr3")
        self.assertEqual(status, 0, err)
        self.assertEqual(self.outputs("o-colr3"), ["C001C001.mov"])
        # print keeps its base's description, and says so
        status, out, err = krun("blank", "--like",
                                "colr/grades/C001C001_sdr.mov",
                                "colr/src/C001C001.mov", "-o",
                                "colr-base.mov")
        self.assertEqual(status, 0, err)
        status, out, err = krun("print", "colr-base.mov", pq, "-o",
                                "colr-print.mov")
        self.assertEqual(status, 0, err)
        self.assertIn("proreswriter: warning: C001C001_pq.mov: colour "
                      "description nclc 9-16-9 differs from the base's %s "
                      "(colr-base.mov); its frames are tagged as the base's"
                      % colours[1], err)
        status, got, err = krun("probe", "--json", "colr-print.mov")
        self.assertEqual(json.loads(got)[0]["colour"], colours[1])

    def test_segments_disagreeing_in_pixel_aspect_or_fields(self):
        """A tester's finding: print silently took segments whose pixel
        aspect ('pasp') or field description ('fiel') differ from the
        base's and labelled them as the base's. Now plan and print warn,
        naming both descriptions, and conform fails such a job alone."""
        kfixture("shape/src/F001C001.mov", "05:00:00:00", 30, reel="F001")
        kfixture("shape/pasp/F001C001_a.mov", "05:00:00:02", 5)

        def ffmpeg_grade(path, tc, *extra):
            full = os.path.join(WORK, "runs", path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f",
                            "lavfi", "-i", "testsrc=s=%dx%d:r=25" % (RW, RH),
                            "-frames:v", "5", "-c:v", "prores_ks",
                            "-profile:v", "4", "-pix_fmt", "yuv444p10le",
                            *extra, "-timecode", tc, full], check=True)

        # pasp 2:1; interlaced, top field first (fiel 2 1)
        ffmpeg_grade("shape/pasp/F001C001_b_pasp.mov", "05:00:00:10",
                     "-vf", "setsar=2/1")
        ffmpeg_grade("shape/tff/F001C001_c_tff.mov", "05:00:00:20",
                     "-vf", "setfield=tff", "-flags", "+ilme+ildct",
                     "-top", "1")
        shutil.copy(os.path.join(WORK, "runs/shape/pasp/F001C001_a.mov"),
                    os.path.join(WORK, "runs/shape/tff"))
        # what ffprobe reads of them: the base is progressive with square
        # pixels (the fixture maker writes pasp 1:1 and fiel 1 0)
        base = "shape/src/F001C001.mov"
        pasp = "shape/pasp/F001C001_b_pasp.mov"
        tff = "shape/tff/F001C001_c_tff.mov"
        facts = {p: probe(os.path.join(WORK, "runs", p))[0]
                 for p in (base, pasp, tff)}
        self.assertEqual(facts[base]["sample_aspect_ratio"], "1:1")
        self.assertEqual(facts[base]["field_order"], "progressive")
        self.assertEqual(facts[pasp]["sample_aspect_ratio"], "2:1")
        self.assertEqual(facts[pasp]["field_order"], "progressive")
        self.assertEqual(facts[tff]["sample_aspect_ratio"], "1:1")
        self.assertEqual(facts[tff]["field_order"], "tt")

        pasp_warning = ("F001C001_b_pasp.mov: pixel aspect 2:1 differs from "
                        "the base's 1:1 (F001C001.mov); its frames are "
                        "tagged as the base's")
        tff_warning = ("F001C001_c_tff.mov: field description interlaced, "
                       "top field first (fiel 2 1) differs from the base's "
                       "progressive (fiel 1 0) (F001C001.mov); its frames "
                       "are tagged as the base's: progressive, each frame's "
                       "two fields woven into one picture (combing where "
                       "there is motion)")
        # plan, in text and JSON
        status, out, err = krun("plan", base, pasp, tff)
        self.assertEqual(status, 0, err)
        self.assertIn("warning: %s\n" % pasp_warning, out)
        self.assertIn("warning: %s\n" % tff_warning, out)
        status, out, err = krun("plan", "--json", base, pasp, tff)
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["warnings"],
                         [pasp_warning, tff_warning])
        # a segment that agrees (the fixture's pasp 1:1, fiel 1 0) is no
        # warning
        status, out, err = krun("plan", "--json", base,
                                "shape/pasp/F001C001_a.mov")
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["warnings"], [])

        # print: the warnings, on stderr and in --json; the output is the
        # base's description for every frame, its frames byte-exact
        status, out, err = krun("print", "--json", base, pasp, tff, "-o",
                                "shape-print.mov")
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["warnings"],
                         [pasp_warning, tff_warning])
        self.assertEqual(
            [json.loads(line)["warning"]["message"]
             for line in err.splitlines()], [pasp_warning, tff_warning])
        status, out, err = krun("print", base, pasp, tff, "-o",
                                "shape-print2.mov")
        self.assertEqual(status, 0, err)
        self.assertIn("proreswriter: warning: %s\n" % pasp_warning, err)
        self.assertIn("proreswriter: warning: %s\n" % tff_warning, err)
        printed = os.path.join(WORK, "runs/shape-print.mov")
        want = md5s(os.path.join(WORK, "runs", base))
        want[10:15] = md5s(os.path.join(WORK, "runs", pasp))
        want[20:25] = md5s(os.path.join(WORK, "runs", tff))
        self.assertEqual(md5s(printed), want)
        self.assertEqual(md5s(os.path.join(WORK, "runs/shape-print2.mov")),
                         want)
        out_facts = probe(printed)[0]
        self.assertEqual(out_facts["sample_aspect_ratio"], "1:1")
        self.assertEqual(out_facts["field_order"], "progressive")

        # conform: a job whose segments disagree fails alone, naming the
        # odd files; the others are written
        status, out, err = krun("conform", "--sources", "shape/src", "src",
                                "--grades", "shape/pasp", "grades", "-o",
                                "o-pasp")
        self.assertEqual(status, 1, err)
        self.assertIn(
            "proreswriter: o-pasp/F001C001.mov: its segments disagree in "
            "pixel aspect: shape/pasp/F001C001_b_pasp.mov (2:1), unlike "
            "shape/pasp/F001C001_a.mov (1:1); nothing written\n", err)
        self.assertEqual(summary_rows(out),
                         [("A001C001", "written:"), ("B001C001", "written:"),
                          ("F001C001", "failed")])
        self.assertEqual(self.outputs("o-pasp"),
                         ["A001C001.mov", "B001C001.mov"])
        status, out, err = krun("conform", "--sources", "shape/src",
                                "--grades", "shape/tff", "-o", "o-tff")
        self.assertEqual(status, 1, err)
        self.assertIn(
            "proreswriter: o-tff/F001C001.mov: its segments disagree in "
            "field description: shape/tff/F001C001_c_tff.mov (interlaced, "
            "top field first (fiel 2 1)), unlike shape/tff/F001C001_a.mov "
            "(progressive (fiel 1 0)); nothing written\n", err)
        self.assertEqual(self.outputs("o-tff"), [])

        # without 'pasp' and 'fiel' (the atoms renamed to a kind no reader
        # knows): square and progressive, so it agrees with 1:1 and fiel 1
        plain = os.path.join(WORK, "runs/shape/plain/F001C001_d.mov")
        os.makedirs(os.path.dirname(plain), exist_ok=True)
        with open(os.path.join(WORK, "runs/shape/pasp/F001C001_a.mov"),
                  "rb") as f:
            data = f.read()
        self.assertEqual(data.count(b"pasp"), 1)
        self.assertEqual(data.count(b"fiel"), 1)
        with open(plain, "wb") as f:
            f.write(data.replace(b"pasp", b"xpsp").replace(b"fiel", b"xfel"))
        shutil.copy(os.path.join(WORK, "runs", pasp),
                    os.path.join(WORK, "runs/shape/plain"))
        status, out, err = krun("plan", "--json", base, plain)
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["warnings"], [])
        status, out, err = krun("conform", "--sources", "shape/src",
                                "--grades", "shape/plain", "-o", "o-plain")
        self.assertEqual(status, 1, err)
        self.assertIn(
            "proreswriter: o-plain/F001C001.mov: its segments disagree in "
            "pixel aspect: shape/plain/F001C001_d.mov (1:1 (no pasp)), "
            "unlike shape/plain/F001C001_b_pasp.mov (2:1); nothing written"
            "\n", err)
        os.remove(os.path.join(WORK, "runs/shape/plain/F001C001_b_pasp.mov"))
        shutil.copy(os.path.join(WORK, "runs/shape/pasp/F001C001_a.mov"),
                    os.path.join(WORK, "runs/shape/plain"))
        status, out, err = krun("conform", "--sources", "shape/src",
                                "--grades", "shape/plain", "-o", "o-plain")
        self.assertEqual(status, 0, err)
        self.assertEqual(self.outputs("o-plain"), ["F001C001.mov"])
        self.assertEqual(len(md5s(os.path.join(
            WORK, "runs/o-plain/F001C001.mov"))), 30)

    def test_outdir_never_in_an_input_files_folder(self):
        os.makedirs(os.path.join(WORK, "runs/m4"), exist_ok=True)
        shutil.copy(os.path.join(WORK, "runs/src/A001C001.mov"),
                    os.path.join(WORK, "runs/m4/A001C001.mov"))
        with open(os.path.join(WORK, "runs/m4/shoot.ale"), "w") as f:
            f.write(ALE)
        for inputs, outdir, folder in (
                (("--sources", "m4/A001C001.mov", "--grades", "grades"),
                 "m4", "m4"),
                (("--sources", "m4/A001C001.mov", "--grades", "grades"),
                 "m4/sub", "m4"),
                (("--sources", "m4/A001C001.mov", "--grades", "grades"),
                 "./m4/sub/deeper/", "m4"),
                (("--sources", "m4/shoot.ale", "--grades", "grades"),
                 "m4/out", "m4"),
                (("--sources", "src", "--grades", "grades/A001C001_g.mov"),
                 "grades/out", "grades"),
                (("--sources", "src", "--grades", "grades", "--vfx",
                  "m4/A001C001.mov"), "m4/vfx-out", "m4")):
            with self.subTest(outdir=outdir, inputs=inputs):
                status, out, err = krun("conform", *inputs, "-o", outdir)
                self.assertEqual(status, 2, err)
                self.assertEqual(out, "")
                self.assertEqual(err.splitlines()[0],
                                 "proreswriter: -o %s: inside the input "
                                 "folder %s; nothing is written inside the "
                                 "source, grade or VFX folders"
                                 % (outdir, folder))
                if outdir != "m4":
                    self.assertFalse(os.path.exists(
                        os.path.join(WORK, "runs", outdir)))
        # --report too
        status, out, err = krun("conform", "--sources", "m4/A001C001.mov",
                                "--grades", "grades", "-o", "o-m4",
                                "--report", "m4/report")
        self.assertEqual(status, 2, err)
        self.assertTrue(err.startswith(
            "proreswriter: --report m4/report: inside the input folder m4;"),
            err)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK, "runs/m4"))),
                         ["A001C001.mov", "shoot.ale"])

    def test_same_clip_name_under_several_folders_given(self):
        kfixture("shoot/day1/A001C001.mov", "05:00:00:00", 20, reel="A001")
        kfixture("shoot/day2/A001C001.mov", "06:00:00:00", 20, reel="A001")
        kfixture("shoot-grades/A001C001_d1.mov", "05:00:00:02", 4)
        kfixture("shoot-grades/A001C001_d2.mov", "06:00:00:03", 4)
        kfixture("other/day1/A001C001.mov", "07:00:00:00", 20, reel="A001")
        kfixture("shoot-grades2/A001C001_o.mov", "07:00:00:01", 4)
        for sources in (("shoot",), ("shoot/day1", "shoot/day2"),
                        ("shoot/day2/", "shoot/day1/A001C001.mov")):
            with self.subTest(sources=sources):
                out_dir = "o-same-%d" % len(sources[-1])
                status, out, err = krun("conform", "--sources", *sources,
                                        "--grades", "shoot-grades", "-o",
                                        out_dir)
                self.assertEqual(status, 0, err)
                self.assertEqual(self.outputs(out_dir),
                                 ["day1/A001C001.mov", "day2/A001C001.mov"])
                for day, tc in (("day1", "05:00:00:00"),
                                ("day2", "06:00:00:00")):
                    video = [s for s in probe(os.path.join(
                        WORK, "runs", out_dir, day, "A001C001.mov"))
                        if s["codec_type"] == "video"][0]
                    self.assertEqual(video["tags"]["timecode"], tc)
                    self.assertEqual(int(video["nb_frames"]), 20)
        # two roots at one level: each keeps its own folder's name
        status, out, err = krun("conform", "--sources", "shoot/day1",
                                "other", "--grades", "shoot-grades",
                                "shoot-grades2", "-o", "o-roots",
                                "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(j["output"] for j in
                                json.loads(out)["jobs"]),
                         ["o-roots/day1/A001C001.mov",
                          "o-roots/other/day1/A001C001.mov"])
        # one root: its folders alone, as before
        status, out, err = krun("conform", "--sources", "shoot", "--grades",
                                "shoot-grades", "-o", "o-one-root",
                                "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(j["output"] for j in
                                json.loads(out)["jobs"]),
                         ["o-one-root/day1/A001C001.mov",
                          "o-one-root/day2/A001C001.mov"])
        # truly indistinguishable (two folders both named day1, the clip
        # at their top): neither is written over the other
        status, out, err = krun("conform", "--sources", "shoot/day1",
                                "other/day1", "--grades", "shoot-grades",
                                "shoot-grades2", "-o", "o-twins")
        self.assertEqual(status, 1, err)
        self.assertIn("o-twins/day1/A001C001.mov: two sources would be "
                      "written there", err)
        self.assertEqual(self.outputs("o-twins"), [])


def cfixture(path, tc, frames, reel=None):
    fixture(os.path.join("climsg", path), tc, frames, size="%dx%d" % (RW, RH),
            reel=reel)


def crun(*args):
    return run_in(os.path.join(WORK, "climsg"), *args)


class ConformCliMessages(unittest.TestCase):
    """Colorists' findings on conform's messages: a file where -o or
    --report names a folder is one usage error up front (it failed every
    job alike, exit 1); a --report folder that is a job's output too; a
    --size ProRes cannot take blames --size; the dry run's row of a source
    that is not conformed says why on stdout."""

    @classmethod
    def setUpClass(cls):
        cfixture("src/A001C001.mov", "01:00:00:00", 20, reel="A001")
        cfixture("src/B001C001.mov", "02:00:00:00", 20, reel="B001")
        cfixture("grades/A001C001_g.mov", "01:00:00:05", 4)
        cfixture("grades/B001C001_g.mov", "02:00:00:05", 4)
        # one clip name in two folders both named day1: one output name
        cfixture("a/day1/K001.mov", "05:00:00:00", 20)
        cfixture("b/day1/K001.mov", "07:00:00:00", 20)
        cfixture("kgrades/K001_a.mov", "05:00:00:02", 4)
        cfixture("kgrades/K001_b.mov", "07:00:00:02", 4)
        with open(os.path.join(WORK, "climsg", "afile"), "w") as f:
            f.write("not a folder\n")

    def listing(self):
        return sorted(os.listdir(os.path.join(WORK, "climsg")))

    def test_output_that_is_a_file_is_a_usage_error(self):
        before = self.listing()
        for out, line in (
                ("afile", "proreswriter: -o afile: is not a folder; -o names "
                 "the folder each CLIP.mov is written to"),
                ("afile/sub", "proreswriter: -o afile/sub: afile is not a "
                 "folder; -o names the folder each CLIP.mov is written to")):
            for extra in ([], ["--dry-run"], ["--jobs", "2"]):
                with self.subTest(out=out, extra=extra):
                    status, stdout, err = crun(
                        "conform", "--sources", "src", "--grades", "grades",
                        "-o", out, *extra)
                    self.assertEqual(status, 2, err)
                    self.assertEqual(stdout, "")
                    self.assertEqual(err.splitlines()[0], line)
                    self.assertNotIn("could not make", err)
                    self.assertNotIn("cannot make", err)
        with open(os.path.join(WORK, "climsg", "afile")) as f:
            self.assertEqual(f.read(), "not a folder\n")
        self.assertEqual(self.listing(), before)

    def test_report_that_is_a_file_is_a_usage_error(self):
        line = ("proreswriter: --report afile: is not a folder; --report "
                "names the folder the splice reports and their index "
                "(index.html) are written to")
        status, stdout, err = crun("conform", "--sources", "src", "--grades",
                                   "grades", "-o", "o-rep", "--report",
                                   "afile")
        self.assertEqual((status, stdout), (2, ""), err)
        self.assertEqual(err.splitlines()[0], line)
        self.assertFalse(os.path.exists(os.path.join(WORK, "climsg/o-rep")))
        # --job FILE --report FILE: refused before the job runs
        status, stdout, err = crun("conform", "--sources", "src", "--grades",
                                   "grades", "-o", "o-job", "--dry-run",
                                   "--json")
        self.assertEqual(status, 0, err)
        job = os.path.join(WORK, "climsg", "A001C001.job.json")
        with open(job, "w") as f:
            json.dump(json.loads(stdout)["jobs"][0], f)
        status, stdout, err = crun("conform", "--job", job, "--report", job)
        self.assertEqual((status, stdout), (2, ""), err)
        self.assertEqual(err.splitlines()[0],
                         "proreswriter: --report %s: is not a folder; "
                         "--report names the folder the splice reports and "
                         "their index (index.html) are written to" % job)
        self.assertFalse(os.path.exists(os.path.join(WORK, "climsg/o-job")))
        with open(job) as f:
            self.assertEqual(json.load(f)["output"], "o-job/A001C001.mov")

    def test_report_that_is_an_output_is_a_usage_error(self):
        for rep, how in (("o-out/A001C001.mov", "is"),
                         ("o-out/A001C001.mov/pages", "is inside")):
            with self.subTest(report=rep):
                status, stdout, err = crun(
                    "conform", "--sources", "src", "--grades", "grades",
                    "-o", "o-out", "--report", rep)
                self.assertEqual((status, stdout), (2, ""), err)
                self.assertEqual(
                    err.splitlines()[0],
                    "proreswriter: --report %s: %s the output "
                    "o-out/A001C001.mov of A001C001 (src/A001C001.mov); "
                    "--report names the folder the splice reports and their "
                    "index (index.html) are written to" % (rep, how))
                self.assertFalse(os.path.exists(
                    os.path.join(WORK, "climsg/o-out")))
        # beside the outputs, or OUTDIR itself: written
        status, stdout, err = crun("conform", "--sources", "src",
                                   "--grades", "grades", "-o", "o-out",
                                   "--report", "o-out")
        self.assertEqual(status, 0, err)
        self.assertEqual(sorted(os.listdir(os.path.join(WORK,
                                                        "climsg/o-out"))),
                         [".proreswriter-conform.json", "A001C001.html",
                          "A001C001.mov", "B001C001.html", "B001C001.mov",
                          "index.html"])

    def test_size_prores_cannot_take_is_about_size(self):
        status, stdout, err = crun("conform", "--sources", "src", "--grades",
                                   "grades", "-o", "o-size", "--all",
                                   "--profile", "lt", "--size", "641x361")
        self.assertEqual((status, stdout), (2, ""), err)
        self.assertEqual(err.splitlines()[0],
                         "proreswriter: --size 641x361: unsupported picture "
                         "size 641x361 (an even width and a height from 16 "
                         "to 8192)")
        self.assertFalse(os.path.exists(os.path.join(WORK, "climsg/o-size")))

    def test_dry_run_row_says_why_not_conformed(self):
        status, stdout, err = crun("conform", "--sources", "a/day1",
                                   "b/day1", "--grades", "kgrades", "-o",
                                   "o-twins", "--dry-run")
        self.assertEqual(status, 1, err)
        why = ("two sources would be written to o-twins/day1/K001.mov, "
               "K001 (a/day1/K001.mov) and K001 (b/day1/K001.mov)")
        jobs = stdout[stdout.index("\nJobs (2):\n"):].splitlines()[2:4]
        self.assertEqual(jobs, [
            "  K001 (a/day1/K001.mov): 1 segment -> (not conformed: %s)" % why,
            "  K001 (b/day1/K001.mov): 1 segment -> (not conformed: %s)" % why
        ])
        self.assertNotIn("see above", stdout)
        # stderr says it too, in its own words, once
        self.assertEqual(err.splitlines(), [
            "proreswriter: o-twins/day1/K001.mov: two sources would be "
            "written there, K001 (a/day1/K001.mov) and K001 "
            "(b/day1/K001.mov); neither is conformed"])


def r3_path(path):
    return os.path.join(WORK, "review3", path)


def r3_run(*args):
    return run_in(r3_path(""), *args)


def r3_grade(path, tc, *extra):
    """A 5-frame ProRes 4444 grade by ffmpeg, at tc, with extra options."""
    full = r3_path(path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=s=%dx%d:r=25" % (RW, RH), "-frames:v", "5",
                    "-c:v", "prores_ks", "-profile:v", "4", "-pix_fmt",
                    "yuv444p10le", *extra, "-timecode", tc, full],
                   check=True)


class ConformSecondReader3(unittest.TestCase):
    """A second reader's findings on the picture extensions: conform's blank
    rush copies its first segment's sample description (its 'pasp' and
    'colr' among it), so segments that agree with each other are no plan
    warning, whatever the camera original's."""

    @classmethod
    def setUpClass(cls):
        full = r3_path("src/F001C001.mov")
        os.makedirs(os.path.dirname(full), exist_ok=True)
        subprocess.run([FIXTURE, full, "--rate", "25/1", "--tc",
                        "05:00:00:00", "--frames", "30", "--size",
                        "%dx%d" % (RW, RH), "--reel", "F001"], check=True)
        # two grades with pixel aspect 2:1; two in BT.2020 PQ (nclc 9-16-9)
        r3_grade("pasp/F001C001_a.mov", "05:00:00:02", "-vf", "setsar=2/1")
        r3_grade("pasp/F001C001_b.mov", "05:00:00:10", "-vf", "setsar=2/1")
        for name, tc in (("a", "05:00:00:02"), ("b", "05:00:00:10")):
            r3_grade("pq/F001C001_%s.mov" % name, tc, "-color_primaries",
                     "bt2020", "-color_trc", "smpte2084", "-colorspace",
                     "bt2020nc")

    def test_segments_that_agree_are_no_plan_warning(self):
        for grades, facts in (("pasp", {"sample_aspect_ratio": "2:1"}),
                              ("pq", {"color_primaries": "bt2020",
                                      "color_transfer": "smpte2084"})):
            with self.subTest(grades=grades):
                status, out, err = r3_run("conform", "--dry-run",
                                          "--sources", "src", "--grades",
                                          grades, "-o", "o-" + grades)
                self.assertEqual(status, 0, err)
                self.assertNotIn("Plan warnings", out)
                self.assertEqual(err, "")
                status, out, err = r3_run("conform", "--dry-run", "--json",
                                          "--sources", "src", "--grades",
                                          grades, "-o", "o-" + grades)
                self.assertEqual(status, 0, err)
                self.assertEqual(json.loads(out)["plan_warnings"], [])
                status, out, err = r3_run("conform", "--sources", "src",
                                          "--grades", grades, "-o",
                                          "o-" + grades)
                self.assertEqual(status, 0, err)
                self.assertEqual(err, "")
                written = r3_path("o-%s/F001C001.mov" % grades)
                # the output has the segments' description for every frame
                stream = probe(written)[0]
                for key, value in facts.items():
                    self.assertEqual(stream[key], value)
                self.assertEqual(len(md5s(written)), 30)
                self.assertEqual(
                    md5s(written)[2:7],
                    md5s(r3_path(grades + "/F001C001_a.mov")))
                self.assertEqual(
                    md5s(written)[10:15],
                    md5s(r3_path(grades + "/F001C001_b.mov")))


def ffixture(path, tc, frames, reel=None, profile=None):
    fixture(os.path.join("foresee", path), tc, frames,
            size="%dx%d" % (RW, RH), reel=reel, profile=profile)


def ffmpeg_grade(path, tc, *extra):
    """A 5-frame ProRes 4444 grade by ffmpeg, extra its filters and flags
    (the fixture maker's size and flavour, another pixel aspect, fields or
    colour)."""
    full = os.path.join(WORK, "foresee", path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                    "-i", "testsrc=s=%dx%d:r=25" % (RW, RH), "-frames:v", "5",
                    "-c:v", "prores_ks", "-profile:v", "4", "-pix_fmt",
                    "yuv444p10le", *extra, "-timecode", tc, full], check=True)


def frun(*args):
    return run_in(os.path.join(WORK, "foresee"), *args)


class ConformDryRunForesees(unittest.TestCase):
    """A colorist trusts --dry-run to say which jobs the run will fail, and
    why, before it writes a byte: each such job's row says the line the run
    prints ("will fail: ..."), the same line is on stderr, --json gives the
    job a "will_fail" ({code, file, message}, the shape of the error
    objects on stderr), the exit status is the run's (1); the dry run
    writes nothing and takes no lock. The run then fails those jobs alone,
    in the same words, and writes the others.

      foresee/src/A001C001.mov  grades in two ProRes flavours (4444, HQ)
      foresee/src/B001C001.mov  a grade with pixels 2:1 beside a 1:1 one
      foresee/src/C001C001.mov  a grade interlaced (tff) beside a
                                progressive one
      foresee/src/D001C001.mov  a grade in PQ beside one in BT.709
      foresee/src/E001C001.mov  OUTDIR/E001C001.mov a file no conform wrote
      foresee/src/F001C001.mov  OUTDIR/F001C001.mov a folder
      foresee/src/G001C001.mov  OUTDIR/G001C001.mov a link to nothing
      foresee/src/day1/K001.mov OUTDIR/day1 is a file: its folder cannot be
      foresee/src/day2/K001.mov made; day2's is fine
      foresee/src/H001C001.mov  nothing in its way
    """

    FAILS = ["A001C001", "B001C001", "C001C001", "D001C001", "E001C001",
             "F001C001", "G001C001", "K001"]

    @classmethod
    def setUpClass(cls):
        for n, clip in enumerate(["A001C001", "B001C001", "C001C001",
                                  "D001C001", "E001C001", "F001C001",
                                  "G001C001", "H001C001"]):
            ffixture("src/%s.mov" % clip, "%02d:00:00:00" % (n + 1), 30,
                     reel=clip[:4])
            ffixture("grades/%s_a.mov" % clip, "%02d:00:00:02" % (n + 1), 5)
        ffixture("grades/A001C001_b.mov", "01:00:00:10", 5, profile="hq")
        ffmpeg_grade("grades/B001C001_b_pasp.mov", "02:00:00:10", "-vf",
                     "setsar=2/1")
        ffmpeg_grade("grades/C001C001_b_tff.mov", "03:00:00:10", "-vf",
                     "setfield=tff", "-flags", "+ilme+ildct", "-top", "1")
        ffmpeg_grade("grades/D001C001_b_pq.mov", "04:00:00:10",
                     "-color_primaries", "bt2020", "-color_trc", "smpte2084",
                     "-colorspace", "bt2020nc")
        ffixture("src/day1/K001.mov", "10:00:00:00", 30)
        ffixture("src/day2/K001.mov", "11:00:00:00", 30)
        ffixture("grades/K001_a.mov", "10:00:00:02", 5)
        ffixture("grades/K001_b.mov", "11:00:00:02", 5)
        status, out, err = frun("probe", "--json",
                                "grades/D001C001_a.mov",
                                "grades/D001C001_b_pq.mov")
        assert status == 0, err
        cls.colours = [m["colour"] for m in json.loads(out)]
        assert cls.colours[1] == "nclc 9-16-9", cls.colours

    def outdir(self, name):
        """OUTDIR with a file no conform wrote at E001C001.mov, a folder at
        F001C001.mov, a link to nothing at G001C001.mov and a file where
        day1/K001.mov's folder would be made."""
        full = os.path.join(WORK, "foresee", name)
        os.makedirs(os.path.join(full, "F001C001.mov"))
        with open(os.path.join(full, "E001C001.mov"), "w") as f:
            f.write("a colleague's precious file\n")
        os.symlink("nowhere.mov", os.path.join(full, "G001C001.mov"))
        with open(os.path.join(full, "day1"), "w") as f:
            f.write("not a folder\n")
        return full

    def listing(self, full):
        """Everything under full, hidden files too: (path, kind, size,
        mtime) by lstat()."""
        found = []
        for root, dirs, files in os.walk(full):
            for name in dirs + files:
                path = os.path.join(root, name)
                st = os.lstat(path)
                found.append((os.path.relpath(path, full), st.st_mode,
                              st.st_size, st.st_mtime_ns))
        return sorted(found)

    def expected(self, o):
        """Each failing job's output and the line its run prints."""
        return {
            "A001C001": (
                "%s/A001C001.mov" % o, "format-mismatch",
                "%s/A001C001.mov: its segments disagree in format: "
                "grades/A001C001_b.mov (apch %dx%d), unlike "
                "grades/A001C001_a.mov (ap4h %dx%d); nothing written"
                % (o, RW, RH, RW, RH)),
            "B001C001": (
                "%s/B001C001.mov" % o, "format-mismatch",
                "%s/B001C001.mov: its segments disagree in pixel aspect: "
                "grades/B001C001_b_pasp.mov (2:1), unlike "
                "grades/B001C001_a.mov (1:1); nothing written" % o),
            "C001C001": (
                "%s/C001C001.mov" % o, "format-mismatch",
                "%s/C001C001.mov: its segments disagree in field "
                "description: grades/C001C001_b_tff.mov (interlaced, top "
                "field first (fiel 2 1)), unlike grades/C001C001_a.mov "
                "(progressive (fiel 1 0)); nothing written" % o),
            "D001C001": (
                "%s/D001C001.mov" % o, "format-mismatch",
                "%s/D001C001.mov: its segments disagree in colour "
                "description: grades/D001C001_b_pq.mov (nclc 9-16-9), "
                "unlike grades/D001C001_a.mov (%s); nothing written"
                % (o, self.colours[0])),
            "E001C001": (
                "%s/E001C001.mov" % o, "output-exists",
                "%s/E001C001.mov: exists and was not written by a conform "
                "(%s/%s has no record of it); left as it is; use --force to "
                "replace it" % (o, o, STATE)),
            "F001C001": ("%s/F001C001.mov" % o, "io",
                         "%s/F001C001.mov: is a directory" % o),
            "G001C001": ("%s/G001C001.mov" % o, "io",
                         "%s/G001C001.mov: is a symbolic link to nothing; "
                         "refusing to replace it" % o),
            "K001": ("%s/day1/K001.mov" % o, "io",
                     "%s/day1/K001.mov: could not make its folder %s/day1: "
                     "Not a directory" % (o, o)),
        }

    def conform(self, o, *extra):
        return frun("conform", "--sources", "src", "--grades", "grades",
                    "-o", o, *extra)

    def test_dry_run_says_each_failure_as_the_run_then_says_it(self):
        full = self.outdir("o-each")
        before = self.listing(full)
        want = self.expected("o-each")
        # a lock held on OUTDIR (as a running conform holds it): a dry run
        # takes none, so it is not refused
        fd = os.open(full, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            status, out, err = self.conform("o-each", "--dry-run")
            jstatus, jout, jerr = self.conform("o-each", "--dry-run",
                                               "--json")
        finally:
            os.close(fd)
        # nothing written: no output, no state, no folder, no temporary file
        self.assertEqual(self.listing(full), before)

        # text: the run's exit status and lines, each under its job's row
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in self.FAILS))
        jobs = out[out.index("Jobs (10):\n"):].split("\n\n")[0]
        rows = jobs.splitlines()[1:]
        for clip in self.FAILS:
            output, _, line = want[clip]
            row = next(i for i, r in enumerate(rows)
                       if r.endswith(" -> " + output))
            self.assertEqual(rows[row + 1], "    will fail: " + line)
        for output in ("o-each/H001C001.mov", "o-each/day2/K001.mov"):
            row = next(i for i, r in enumerate(rows)
                       if r.endswith(" -> " + output))
            self.assertFalse(any(r.startswith("    will fail: ")
                                 for r in rows[row + 1:row + 2]))
        self.assertEqual(sum(r.startswith("    will fail: ") for r in rows),
                         len(self.FAILS))

        # --json: the same status; each failing job its "will_fail", in
        # the shape of the error objects on stderr, which say the same
        self.assertEqual(jstatus, 1, jerr)
        doc = json.loads(jout)
        got = {job["output"]: job.get("will_fail") for job in doc["jobs"]}
        self.assertEqual(len(got), 10)
        expected = {output: {"code": code, "file": output, "message": line}
                    for output, code, line in want.values()}
        for output, will_fail in got.items():
            self.assertEqual(will_fail, expected.get(output), output)
        self.assertEqual([json.loads(line)["error"]
                          for line in jerr.splitlines()],
                         [expected[want[c][0]] for c in self.FAILS])
        # a job file with "will_fail" is a job still (its member unread)
        job = next(j for j in doc["jobs"]
                   if j["output"] == "o-each/A001C001.mov")
        self.assertIn("will_fail", job)
        self.assertEqual(set(job) - {"will_fail"}, JOB_KEYS)

        # the run: the same jobs fail, with the same lines; the others are
        # written; what was in the way is left as it was
        status, out, err = self.conform("o-each")
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in self.FAILS))
        self.assertEqual(summary_rows(out), [
            ("A001C001", "failed"), ("B001C001", "failed"),
            ("C001C001", "failed"), ("D001C001", "failed"),
            ("E001C001", "failed"), ("F001C001", "failed"),
            ("G001C001", "failed"), ("H001C001", "written:"),
            ("K001", "failed"), ("K001", "written:")])
        after = {path for path, _, _, _ in self.listing(full)}
        self.assertEqual(after, {path for path, _, _, _ in before}
                         | {"H001C001.mov", "day2", "day2/K001.mov", STATE})
        self.assertEqual([e for e in self.listing(full)
                          if e[0] in {p for p, _, _, _ in before}], before)
        self.assertEqual(len(md5s(os.path.join(full, "H001C001.mov"))), 30)

        # again, after the run: the written jobs are skipped (unchanged),
        # never foreseen to fail; the others are, as before
        status, out, err = self.conform("o-each", "--dry-run")
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in self.FAILS))
        self.assertEqual(out.count("    will fail: "), len(self.FAILS))

    def test_link_to_nothing_on_the_way(self):
        """A second reader's finding: a symbolic link to nothing where an
        output folder is to be made (OUTDIR/day1, or OUTDIR itself) takes
        its name: the run cannot make the folder (mkdir() finds the name,
        and no folder is there), and failed the job (or, for OUTDIR, the
        whole run, in the lock's line), while the dry run foresaw nothing
        and exited 0. It now says the run's lines."""
        full = os.path.join(WORK, "foresee", "o-link")
        os.makedirs(full)
        os.symlink("nowhere", os.path.join(full, "day1"))
        want = self.expected("o-link")
        want["K001"] = ("o-link/day1/K001.mov", "io",
                        "o-link/day1/K001.mov: could not make its folder "
                        "o-link/day1: Not a directory")
        fails = ["A001C001", "B001C001", "C001C001", "D001C001", "K001"]
        before = self.listing(full)
        status, out, err = self.conform("o-link", "--dry-run")
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in fails))
        self.assertIn("-> o-link/day1/K001.mov\n    will fail: %s\n"
                      % want["K001"][2], out)
        self.assertEqual(self.listing(full), before)
        status, out, err = self.conform("o-link")
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in fails))
        self.assertTrue(os.path.islink(os.path.join(full, "day1")))

        # OUTDIR itself a link to nothing: the run's lock cannot make it
        dangling = os.path.join(WORK, "foresee", "o-dangling")
        os.symlink("nowhere-dir", dangling)
        line = "o-dangling: cannot make the output folder: Not a directory"
        for extra in (("--dry-run",), ()):
            status, out, err = self.conform("o-dangling", *extra)
            self.assertEqual((status, err), (1, "proreswriter: %s\n" % line),
                             out)
            self.assertEqual(os.readlink(dangling), "nowhere-dir")
        status, out, err = self.conform("o-dangling", "--dry-run")
        self.assertEqual(out.count("    will fail: %s\n" % line), 10, out)
        self.assertFalse(os.path.lexists(
            os.path.join(WORK, "foresee", "nowhere-dir")))

    def test_output_that_is_an_input(self):
        """A hard link to a source at its job's output: the job refuses to
        overwrite an input, --force or not; the dry run says so first."""
        full = os.path.join(WORK, "foresee/o-input")
        os.makedirs(full)
        os.link(os.path.join(WORK, "foresee/src/H001C001.mov"),
                os.path.join(full, "H001C001.mov"))
        line = ("o-input/H001C001.mov: is the input src/H001C001.mov; "
                "refusing to overwrite an input")
        before = self.listing(full)
        for extra in ((), ("--force",)):
            status, out, err = frun("conform", "--sources", "src/H001C001.mov",
                                    "--grades", "grades/H001C001_a.mov", "-o",
                                    "o-input", "--dry-run", *extra)
            self.assertEqual((status, err), (1, "proreswriter: %s\n" % line))
            self.assertIn("    will fail: %s\n" % line, out)
            status, out, err = frun("conform", "--sources", "src/H001C001.mov",
                                    "--grades", "grades/H001C001_a.mov", "-o",
                                    "o-input", *extra)
            self.assertEqual((status, err), (1, "proreswriter: %s\n" % line))
            self.assertEqual(summary_rows(out), [("H001C001", "failed")])
            self.assertEqual(self.listing(full), before)

    def test_force_and_a_clear_way(self):
        """--dry-run --force foresees what the run with --force does: the
        file no conform wrote is replaced, so its job will not fail; a
        folder, a link to nothing, a folder that cannot be made fail with
        --force too. With the way cleared and the grades agreeing, the dry
        run foresees no failure and exits 0, and so does the run."""
        full = self.outdir("o-force")
        want = self.expected("o-force")
        forced = [c for c in self.FAILS if c != "E001C001"]
        before = self.listing(full)
        status, out, err = self.conform("o-force", "--dry-run", "--force")
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in forced))
        self.assertNotIn("E001C001.mov: exists", out)
        self.assertEqual(self.listing(full), before)
        status, out, err = self.conform("o-force", "--force")
        self.assertEqual(status, 1, err)
        self.assertEqual(err, "".join(
            "proreswriter: %s\n" % want[c][2] for c in forced))
        self.assertEqual(summary_rows(out)[4], ("E001C001", "written:"))
        self.assertEqual(len(md5s(os.path.join(full, "E001C001.mov"))), 30)

        # the way cleared; only the agreeing grades
        os.rmdir(os.path.join(full, "F001C001.mov"))
        os.remove(os.path.join(full, "G001C001.mov"))
        os.remove(os.path.join(full, "day1"))
        clear = os.path.join(WORK, "foresee/clear")
        os.makedirs(clear, exist_ok=True)
        odd = {"A001C001_b.mov", "B001C001_b_pasp.mov",
               "C001C001_b_tff.mov", "D001C001_b_pq.mov"}
        for name in os.listdir(os.path.join(WORK, "foresee/grades")):
            if name not in odd:
                shutil.copy(os.path.join(WORK, "foresee/grades", name), clear)
        before = self.listing(full)
        status, out, err = frun("conform", "--sources", "src", "--grades",
                                "clear", "-o", "o-force", "--dry-run",
                                "--json")
        self.assertEqual((status, err), (0, ""))
        self.assertTrue(all("will_fail" not in job
                            for job in json.loads(out)["jobs"]))
        self.assertEqual(self.listing(full), before)
        status, out, err = frun("conform", "--sources", "src", "--grades",
                                "clear", "-o", "o-force")
        self.assertEqual((status, err), (0, ""))
        self.assertTrue(all(result in ("written:", "skipped:")
                            for _, result in summary_rows(out)), out)

class ConformDryRunForeseesOutdir(unittest.TestCase):
    """A second reader's finding: an OUTDIR that cannot be made (its
    parent cannot be written) or opened (a folder that cannot be read)
    fails the run as a whole, before any job, in the lock's one line
    ("OUTDIR: cannot make the output folder: REASON"); the dry run said
    instead that each job would fail alone, in other words ("could not
    make its folder"). It now says the run's line, once, on stderr, under
    each job's row and as each job's "will_fail" (its "file" OUTDIR, as
    on stderr), and exits 1; nothing is written by either. Run as uid
    65534 when the tests run as root (root writes and reads anywhere)."""

    def setUp(self):
        self.d = tempfile.mkdtemp(prefix="foresee-outdir-")
        os.chmod(self.d, 0o755)
        for path, tc in (("src/A001.mov", "01:00:00:00"),
                         ("grades/A001_a.mov", "01:00:00:10")):
            full = os.path.join(self.d, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            os.chmod(os.path.dirname(full), 0o755)
            subprocess.run([FIXTURE, full, "--rate", "25/1", "--tc", tc,
                            "--frames", "20" if path.startswith("src")
                            else "5", "--size", "128x96"], check=True,
                           stdout=subprocess.DEVNULL)
            os.chmod(full, 0o644)
        self.ro = os.path.join(self.d, "ro")
        os.makedirs(os.path.join(self.ro, "unread"))
        os.chmod(os.path.join(self.ro, "unread"), 0o333)
        os.chmod(self.ro, 0o555)
        self.home = os.path.join(self.d, "home")

    def tearDown(self):
        os.chmod(self.ro, 0o755)
        shutil.rmtree(self.d, ignore_errors=True)

    def conform(self, *args):
        command = [CLI, "conform", "--sources", "src", "--grades", "grades"]
        env = None
        if os.geteuid() == 0:
            self.assertIsNotNone(shutil.which("setpriv"),
                                 "setpriv (util-linux) is missing")
            os.chmod(self.ro, 0o755)
            os.makedirs(self.home, mode=0o777, exist_ok=True)
            os.chmod(self.home, 0o777)
            os.chmod(self.ro, 0o555)
            env = dict(os.environ, HOME=self.home, XDG_CACHE_HOME=self.home,
                       GST_REGISTRY=os.path.join(self.home, "registry.bin"))
            command = ["setpriv", "--reuid=65534", "--regid=65534",
                       "--clear-groups", "--"] + command
        proc = subprocess.run(command + list(args), cwd=self.d, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=300)
        return (proc.returncode, proc.stdout.decode(), proc.stderr.decode())

    def test_outdir_the_lock_cannot_make_or_open(self):
        for outdir, what in (("ro/out", "cannot make the output folder"),
                             ("ro/unread", "cannot open the output folder")):
            line = "%s: %s: Permission denied" % (outdir, what)
            with self.subTest(outdir=outdir):
                status, out, err = self.conform("-o", outdir, "--dry-run")
                self.assertEqual((status, err),
                                 (1, "proreswriter: %s\n" % line), out)
                self.assertIn("-> %s/A001.mov\n    will fail: %s\n"
                              % (outdir, line), out)
                status, out, err = self.conform("-o", outdir, "--dry-run",
                                                "--json")
                self.assertEqual(status, 1, err)
                error = {"code": "permission-denied", "file": outdir,
                         "message": line}
                self.assertEqual([json.loads(l)["error"]
                                  for l in err.splitlines()], [error])
                jobs = json.loads(out)["jobs"]
                self.assertEqual([job["will_fail"] for job in jobs], [error])
                # the run: that line, no job run, nothing written
                status, out, err = self.conform("-o", outdir)
                self.assertEqual((status, err),
                                 (1, "proreswriter: %s\n" % line), out)
                self.assertEqual(sorted(os.listdir(self.ro)), ["unread"])
                os.chmod(os.path.join(self.ro, "unread"), 0o755)
                self.assertEqual(os.listdir(os.path.join(self.ro, "unread")),
                                 [])
                os.chmod(os.path.join(self.ro, "unread"), 0o333)

def dfixture(path, tc, frames):
    fixture(os.path.join("reportdir", path), tc, frames,
            size="%dx%d" % (RW, RH))


def drun(*args):
    return run_in(os.path.join(WORK, "reportdir"), *args)


class ConformReportDir(unittest.TestCase):
    """A tester's findings: conform --report DIR replaced, without --force
    and silently, an index.html and a page that no proreswriter wrote; and
    a DIR that cannot be made was found only after every job rendered. Now
    a file at a page's name or at index.html whose head has no generator
    mark of libproreswriter is refused before any job renders (one line
    naming it, exit status 1, the file left byte for byte, no output
    written, not even OUTDIR), and the dry run says so; --force replaces
    it; a page an earlier conform wrote is replaced as before. A DIR that
    cannot be made (a symbolic link to nothing on the way, a missing
    parent) is refused alike, in the run and in the dry run.

      reportdir/src/A001C001.mov     01:00:00:00, 30 frames
      reportdir/grades/A001C001_a.mov  01:00:00:02, 5 frames
    """

    HINT = "; use --force to replace it"

    @classmethod
    def setUpClass(cls):
        dfixture("src/A001C001.mov", "01:00:00:00", 30)
        dfixture("grades/A001C001_a.mov", "01:00:00:02", 5)
        cls.root = os.path.join(WORK, "reportdir")

    def setUp(self):
        self.made = []

    def tearDown(self):
        for name in self.made:
            path = os.path.join(self.root, name)
            if os.path.islink(path) or os.path.isfile(path):
                os.unlink(path)
            elif os.path.isdir(path):
                shutil.rmtree(path)

    def path(self, name):
        self.made.append(name)
        return os.path.join(self.root, name)

    def conform(self, outdir, report, *extra):
        return drun("conform", "--sources", "src", "--grades", "grades",
                    "-o", outdir, "--report", report, *extra)

    def foreign(self, rp, names):
        os.makedirs(self.path(rp))
        for name in names:
            with open(os.path.join(self.root, rp, name), "wb") as f:
                f.write(b"precious " + name.encode() + b"\n")

    def assert_foreign_kept(self, rp, names):
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, rp))),
                         sorted(names))
        for name in names:
            with open(os.path.join(self.root, rp, name), "rb") as f:
                self.assertEqual(f.read(), b"precious " + name.encode()
                                 + b"\n")

    def assert_refused_up_front(self, outdir, rp, line, *extra):
        """The run, the dry run and its JSON refuse with line, writing
        nothing."""
        status, out, err = self.conform(outdir, rp, *extra)
        self.assertEqual((status, err), (1, "proreswriter: %s\n" % line),
                         out)
        self.assertNotIn("Jobs:\n", out)  # no job ran
        self.assertFalse(os.path.lexists(os.path.join(self.root, outdir)))
        status, out, err = self.conform(outdir, rp, "--dry-run", *extra)
        self.assertEqual((status, err), (1, "proreswriter: %s\n" % line),
                         out)
        self.assertIn("-> %s/A001C001.mov\n    will fail: %s\n"
                      % (outdir, line), out)
        status, out, err = self.conform(outdir, rp, "--dry-run", "--json",
                                        *extra)
        self.assertEqual(status, 1, err)
        error = {"code": prw_code(line), "file": rp, "message": line}
        self.assertEqual([json.loads(l)["error"] for l in err.splitlines()],
                         [error])
        self.assertEqual([job["will_fail"] for job in
                          json.loads(out)["jobs"]], [error])
        self.assertFalse(os.path.lexists(os.path.join(self.root, outdir)))

    def test_foreign_index_or_page_refused_up_front(self):
        for names, named in ((["index.html", "A001C001.html"],
                              "A001C001.html"),
                             (["index.html"], "index.html"),
                             (["A001C001.html"], "A001C001.html")):
            with self.subTest(names=names):
                rp = "rp-%d" % len(self.made)
                self.foreign(rp, names)
                line = ("%s/%s: exists and was not written by "
                        "libproreswriter (its head has no generator mark of "
                        "it); left as it is%s" % (rp, named, self.HINT))
                self.assert_refused_up_front("out-" + rp, rp, line)
                self.assert_foreign_kept(rp, names)
                self.made.append("out-" + rp)

    def test_force_replaces_foreign_pages(self):
        self.foreign("rp-force", ["index.html", "A001C001.html"])
        status, out, err = self.conform(self.path("out-force"), "rp-force",
                                        "--force")
        self.assertEqual(status, 0, err)
        self.assertTrue(os.path.isfile(
            os.path.join(self.root, "out-force/A001C001.mov")))
        for name in ("index.html", "A001C001.html"):
            with open(os.path.join(self.root, "rp-force", name)) as f:
                page = f.read()
            self.assertIn('<meta name="generator" content="libproreswriter ',
                          page)
            self.assertNotIn("precious", page)

    def test_earlier_conforms_pages_replaced_without_force(self):
        rp = self.path("rp-again")
        status, out, err = self.conform(self.path("out-1"), "rp-again")
        self.assertEqual(status, 0, err)
        before = {n: os.stat(os.path.join(rp, n)).st_ino
                  for n in ("index.html", "A001C001.html")}
        # another OUTDIR: the job runs again, its page made again over the
        # one the first conform wrote, and the index too
        status, out, err = self.conform(self.path("out-2"), "rp-again")
        self.assertEqual((status, err), (0, ""), out)
        self.assertEqual(sorted(os.listdir(rp)),
                         ["A001C001.html", "index.html"])
        for name, ino in before.items():
            self.assertNotEqual(os.stat(os.path.join(rp, name)).st_ino, ino)
        with open(os.path.join(rp, "A001C001.html")) as f:
            self.assertIn("out-2/A001C001.mov", f.read())

    def test_folder_that_cannot_be_made_refused_up_front(self):
        os.symlink("nothing", self.path("lnk"))
        for rp, line in (
                ("lnk", "lnk: cannot make the folder: Not a directory"),
                ("lnk/sub",
                 "lnk/sub: cannot make the folder: No such file or directory"),
                ("nodir/sub/rp",
                 "nodir/sub/rp: its folder nodir/sub does not exist")):
            with self.subTest(report=rp):
                self.assert_refused_up_front("out-mk", rp, line)
                self.assertFalse(os.path.exists(os.path.join(self.root,
                                                             "nodir")))
        self.assertEqual(os.readlink(os.path.join(self.root, "lnk")),
                         "nothing")
        # a file on the way is a usage error, before anything too
        with open(self.path("afile"), "w") as f:
            f.write("x\n")
        status, out, err = self.conform("out-mk", "afile/rp")
        self.assertEqual(status, 2, err)
        self.assertIn("--report afile/rp: afile is not a folder", err)
        self.assertFalse(os.path.lexists(os.path.join(self.root, "out-mk")))

    def test_folder_named_with_a_trailing_slash_is_made(self):
        # "--report rp-slash/" (as a shell completes a folder's name): its
        # parent is ".", which is there; the folder is made, in the run,
        # as the dry run foresees, and by the job of --job
        status, out, err = self.conform("out-slash", "rp-slash/", "--dry-run")
        self.assertEqual((status, err), (0, ""), out)
        self.assertNotIn("will fail", out)
        self.assertFalse(os.path.lexists(os.path.join(self.root, "rp-slash")))
        status, out, err = self.conform(self.path("out-slash"),
                                        self.path("rp-slash") + "/")
        self.assertEqual((status, err), (0, ""), out)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root,
                                                        "rp-slash"))),
                         ["A001C001.html", "index.html"])
        status, out, err = self.conform("out-slash-job", "rp-unused",
                                        "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        with open(self.path("job-slash.json"), "w") as f:
            json.dump(json.loads(out)["jobs"][0], f)
        self.made.append("out-slash-job")
        status, out, err = drun("conform", "--job", "job-slash.json",
                                "--report", self.path("rp-slash-job") + "//")
        self.assertEqual((status, err), (0, ""), out)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root,
                                                        "rp-slash-job"))),
                         ["A001C001.html", "index.html"])

    def test_folder_inside_an_outdir_still_to_make(self):
        # --report OUTDIR/report on a first run: the run makes OUTDIR (its
        # lock, or --job's job its output folder) before the report is
        # written, so DIR's folder is there then; not refused up front
        status, out, err = self.conform("out-in", "out-in/report",
                                        "--dry-run")
        self.assertEqual((status, err), (0, ""), out)
        self.assertNotIn("will fail", out)
        self.assertFalse(os.path.lexists(os.path.join(self.root, "out-in")))
        status, out, err = self.conform(self.path("out-in"), "out-in/report")
        self.assertEqual((status, err), (0, ""), out)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root,
                                                        "out-in/report"))),
                         ["A001C001.html", "index.html"])
        status, out, err = self.conform("out-injob", "rp-unused",
                                        "--dry-run", "--json")
        self.assertEqual(status, 0, err)
        with open(self.path("job-in.json"), "w") as f:
            json.dump(json.loads(out)["jobs"][0], f)
        self.made.append("out-injob")
        status, out, err = drun("conform", "--job", "job-in.json", "--report",
                                "out-injob/report")
        self.assertEqual((status, err), (0, ""), out)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root,
                                                        "out-injob/report"))),
                         ["A001C001.html", "index.html"])
        # a folder below it is still refused: the write makes DIR alone
        status, out, err = self.conform("out-in2", "out-in2/a/report",
                                        "--dry-run")
        self.assertEqual((status, err), (1, (
            "proreswriter: out-in2/a/report: its folder out-in2/a does not "
            "exist\n")), out)

    def test_fifo_at_a_page_is_refused_and_not_opened(self):
        # a named pipe at a page's name is no page of a conform: refused
        # (run and dry run), without blocking, and without opening it: a
        # writer waiting for a reader at it stays waiting (an open for
        # reading would let it in, and its next write fail on the close)
        os.makedirs(self.path("rp-fifo"))
        fifo = os.path.join(self.root, "rp-fifo", "A001C001.html")
        os.mkfifo(fifo)
        writer = subprocess.Popen(
            [sys.executable, "-c", "open(%r, 'wb'); print('opened')" % fifo],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            line = ("rp-fifo/A001C001.html: exists and was not written by "
                    "libproreswriter (its head has no generator mark of "
                    "it); left as it is%s" % self.HINT)
            for extra in ((), ("--dry-run",)):
                status, out, err = self.conform("out-fifo", "rp-fifo", *extra)
                self.assertEqual((status, err),
                                 (1, "proreswriter: %s\n" % line), out)
            with self.assertRaises(subprocess.TimeoutExpired):
                writer.wait(timeout=2)
        finally:
            writer.kill()
            writer.wait()
            said = writer.stdout.read()
            writer.stdout.close()
        self.assertEqual(said, b"")
        self.assertFalse(os.path.lexists(os.path.join(self.root, "out-fifo")))
        self.assertEqual(os.listdir(os.path.join(self.root, "rp-fifo")),
                         ["A001C001.html"])
        os.unlink(fifo)

    def test_job_never_replaces_foreign_page(self):
        status, out, err = self.conform("out-job", "rp-unused", "--dry-run",
                                         "--json")
        self.assertEqual(status, 0, err)
        job = self.path("job.json")
        with open(job, "w") as f:
            json.dump(json.loads(out)["jobs"][0], f)
        self.foreign("rp-job", ["A001C001.html"])
        self.made.append("out-job")
        status, out, err = drun("conform", "--job", "job.json", "--report",
                                "rp-job")
        # no --force goes with --job: no hint of it
        self.assertEqual((status, err), (1, (
            "proreswriter: rp-job/A001C001.html: exists and was not written "
            "by libproreswriter (its head has no generator mark of it); "
            "left as it is\n")), out)
        self.assertFalse(os.path.lexists(os.path.join(self.root, "out-job")))
        self.assert_foreign_kept("rp-job", ["A001C001.html"])


def prw_code(line):
    """The JSON error code of a report refusal's line."""
    if "cannot make the folder" in line or "does not exist" in line:
        return "not-found"
    return "output-exists"


def sfixture(path, tc, frames, *extra):
    full = os.path.join(WORK, "snd", path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    subprocess.run([FIXTURE, full, "--rate", "25/1", "--tc", tc, "--frames",
                    str(frames), "--size", "%dx%d" % (RW, RH)] + list(extra),
                   check=True, stdout=subprocess.DEVNULL)
    return full


def srun(*args, env=None):
    proc = subprocess.run([CLI] + [str(a) for a in args],
                          cwd=os.path.join(WORK, "snd"), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, timeout=300)
    return (proc.returncode, proc.stdout.decode(), proc.stderr.decode())


def make_sound_shoot():
    """snd/src/G001C001.mxf: the tester's MXF, a movie's ProRes and its one
    stereo 24-bit PCM track copied into MXF at 06:00:00:00 (20 frames);
    snd/src/H001C001.mov: a movie with one sound track (copied);
    snd/grades: a grade of each."""
    if os.path.isdir(os.path.join(WORK, "snd", "src")):
        return
    g = sfixture("g.mov", "06:00:00:00", 20, "--audio", "2",
                 "--audio-codec", "pcm_s24le")
    os.makedirs(os.path.join(WORK, "snd", "src"))
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", g,
                    "-map", "0:v", "-map", "0:a", "-c", "copy", "-timecode",
                    "06:00:00:00",
                    os.path.join(WORK, "snd", "src", "G001C001.mxf")],
                   check=True)
    sfixture("src/H001C001.mov", "07:00:00:00", 20, "--audio", "2")
    sfixture("grades/G001C001_g.mov", "06:00:00:03", 4)
    sfixture("grades/H001C001_g.mov", "07:00:00:03", 4)


SOUND_WARNING = ("proreswriter: warning: src/G001C001.mxf: its 1 sound "
                 "track is not copied (MXF sound is not carried into conform "
                 "outputs)")


class ConformUncopiedSound(unittest.TestCase):
    """A tester's finding: an MXF camera original's sound was dropped
    without a word, in the run and in its dry run. Each source whose output
    will not carry its sound is said once on stderr, before any job runs,
    in the run and the dry run alike; not with --no-audio (no sound was
    asked for), and not for a QuickTime original (its sound is copied)."""

    @classmethod
    def setUpClass(cls):
        make_sound_shoot()

    def sound_lines(self, err):
        return [l for l in err.splitlines() if "sound track" in l]

    def test_dry_run_says_it_once(self):
        status, out, err = srun("conform", "--sources", "src", "--grades",
                                "grades", "-o", "out-dry", "--dry-run")
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(), [SOUND_WARNING])
        self.assertIn("G001C001 (src/G001C001.mxf): 1 segment -> "
                      "out-dry/G001C001.mov", out)
        self.assertFalse(os.path.exists(os.path.join(WORK, "snd",
                                                     "out-dry")))

    def test_dry_run_json_says_it_once(self):
        status, out, err = srun("conform", "--sources", "src", "--grades",
                                "grades", "-o", "out-dryj", "--dry-run",
                                "--json")
        self.assertEqual(status, 0, err)
        self.assertEqual([json.loads(l) for l in err.splitlines()],
                         [{"warning": {"file": "src/G001C001.mxf",
                                       "message": SOUND_WARNING[len(
                                           "proreswriter: warning: "):]}}])
        json.loads(out)

    def test_run_says_it_once(self):
        status, out, err = srun("conform", "--sources", "src", "--grades",
                                "grades", "-o", "out-run")
        self.assertEqual(status, 0, err)
        self.assertEqual(self.sound_lines(err), [SOUND_WARNING])
        self.assertEqual(err.splitlines(), [SOUND_WARNING])
        for name in ("G001C001.mov", "H001C001.mov"):
            self.assertTrue(os.path.isfile(os.path.join(WORK, "snd",
                                                        "out-run", name)))
        # the QuickTime original's sound is in its output; the MXF's not
        self.assertEqual(
            [s["codec_type"] for s in probe(os.path.join(
                WORK, "snd", "out-run", "H001C001.mov"))
             if s["codec_type"] == "audio"], ["audio"])
        self.assertEqual(
            [s for s in probe(os.path.join(
                WORK, "snd", "out-run", "G001C001.mov"))
             if s["codec_type"] == "audio"], [])
        # a re-run that skips the job says it again: each run tells
        status, out, err = srun("conform", "--sources", "src", "--grades",
                                "grades", "-o", "out-run")
        self.assertEqual(status, 0, err)
        self.assertEqual(err.splitlines(), [SOUND_WARNING])
        self.assertEqual(out.count("skipped: unchanged"), 2, out)

    def test_no_audio_says_nothing(self):
        for dry in (("--dry-run",), ()):
            with self.subTest(dry=dry):
                status, out, err = srun("conform", "--sources", "src",
                                        "--grades", "grades", "-o",
                                        "out-none", "--no-audio", *dry)
                self.assertEqual(status, 0, err)
                self.assertEqual(err, "")


def fault_shim():
    """The fault injector (tests/faults), built beside the CLI."""
    shim = os.path.join(os.path.dirname(os.path.dirname(CLI)), "tests",
                        "faults", "prw-fault-inject.so")
    assert os.path.isfile(shim), "%s is not built (ninja -C build)" % shim
    return shim


def fault_env(log, **fault):
    """The CLI's environment with the shim preloaded (after the ASan
    runtime of a sanitizer build) and fault's PRW_FAULT settings."""
    env = dict(os.environ)
    asan = None
    out = subprocess.run(["ldd", CLI], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode()
    for line in out.splitlines():
        if "libasan" in line and "=>" in line:
            asan = line.split("=>")[1].split()[0]
    env["LD_PRELOAD"] = " ".join(p for p in (asan, fault_shim()) if p)
    env["PRW_FAULT_LOG"] = log
    for key, value in fault.items():
        env["PRW_FAULT" + ("_" + key.upper() if key != "action" else "")] = \
            str(value)
    return env


def fault_log(path):
    with open(path) as f:
        return f.read().splitlines()


class ConformStateNotSaved(unittest.TestCase):
    """A tester's finding: when conform could not save its state file, the
    warning said the jobs finished "are not recorded and run again next
    time"; the next run refused their outputs instead ("exists and was not
    written by a conform ... use --force"). The warning now says what the
    next run does, and it does it. The state's write is failed by the fault
    injector: the disk fills up (ENOSPC) right after the output's last byte,
    so the output is whole and the state's temporary file is refused."""

    @classmethod
    def setUpClass(cls):
        make_sound_shoot()
        cls.grade = os.path.join(WORK, "snd", "grades", "H001C001_g.mov")
        cls.source = os.path.join(WORK, "snd", "src", "H001C001.mov")

    def conform(self, outdir, *extra, env=None):
        return srun("conform", "--sources", self.source, "--grades",
                    self.grade, "-o", outdir, *extra, env=env)

    def test_warning_says_what_the_next_run_does(self):
        snd = os.path.join(WORK, "snd")
        # a good run, measured: the output's bytes, then the state's
        log = os.path.join(snd, "state-ctl.log")
        status, _, err = self.conform("state-ctl",
                                      env=fault_env(log, action="none"))
        self.assertEqual(status, 0, err)
        state = os.path.getsize(os.path.join(snd, "state-ctl", STATE))
        total = max(int(l.split()[1]) for l in fault_log(log)
                    if l.startswith("temp-bytes "))
        written = total - state
        self.assertGreater(written, state)

        # the same run, the disk full from the state's first byte on
        log = os.path.join(snd, "state-full.log")
        status, out, err = self.conform(
            "state-full", env=fault_env(log, action="enospc", after=written))
        self.assertTrue(any(l.startswith("fired enospc")
                            for l in fault_log(log)), fault_log(log))
        self.assertEqual(status, 0, err)
        self.assertIn("written: state-full/H001C001.mov", out)
        outdir = os.path.join(snd, "state-full")
        self.assertEqual(os.listdir(outdir), ["H001C001.mov"])
        output = os.path.join(outdir, "H001C001.mov")
        self.assertEqual(os.path.getsize(output),
                         os.path.getsize(os.path.join(snd, "state-ctl",
                                                      "H001C001.mov")))
        said = ("proreswriter: warning: state-full/%s: cannot write the "
                "conform state: No space left on device; the jobs finished "
                "now are not recorded: the next run refuses to replace the "
                "outputs they made anew (no conform had written them) "
                "unless --force, and judges those they rewrote by their "
                "earlier record" % STATE)
        # once, though the run tried again at its end
        self.assertEqual(err.splitlines(), [said])
        self.assertEqual(sum(l.startswith("write-open ") and STATE in l
                             for l in fault_log(log)), 2, fault_log(log))

        # the next run does what it said: refuses, leaves the output
        before = os.stat(output)
        status, out, err = self.conform("state-full")
        self.assertEqual(status, 1, err)
        self.assertEqual(err.splitlines(), [
            "proreswriter: state-full/H001C001.mov: exists and was not "
            "written by a conform (state-full/%s has no record of it); left "
            "as it is; use --force to replace it" % STATE])
        after = os.stat(output)
        self.assertEqual((after.st_ino, after.st_mtime_ns),
                         (before.st_ino, before.st_mtime_ns))
        # and --force replaces it, recording it now
        status, out, err = self.conform("state-full", "--force")
        self.assertEqual(status, 0, err)
        self.assertEqual(err, "")
        self.assertEqual(sorted(state_outputs(outdir)), ["H001C001.mov"])
        status, out, err = self.conform("state-full")
        self.assertEqual(status, 0, err)
        self.assertIn("skipped: unchanged", out)


if __name__ == "__main__":
    CLI = os.path.abspath(sys.argv.pop(1))
    FIXTURE = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory(prefix="prw-conform-cli-") as WORK:
        unittest.main(verbosity=2)
