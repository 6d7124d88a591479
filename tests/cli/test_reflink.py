#!/usr/bin/env python3
"""A print onto a filesystem that shares blocks between files (XFS with
reflink): the output's frames are the plan's, byte for byte, and most of
its media data is shared with the inputs rather than copied.

Run by meson as: python3 test_reflink.py PRORESWRITER PRW_MAKE_FIXTURE

It needs root (or a user namespace that may mount), mkfs.xfs (Debian
package xfsprogs) and a loop device; without them it exits 77, which meson
reports as skipped. It runs in a mount namespace of its own, so the XFS
image is unmounted (and its loop device freed) however it ends.
"""

import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def in_namespace():
    """Re-runs this script in a private mount namespace (once)."""
    if os.environ.get("PRW_REFLINK_NS") == "1":
        return
    if shutil.which("unshare") is None:
        skip("unshare (util-linux) is missing")
    ns = ["unshare", "-m", "--propagation", "private"]
    if os.geteuid() != 0:
        ns = ["unshare", "-r", "-m", "--propagation", "private"]
    try:
        probe = subprocess.run(ns + ["true"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    except OSError as e:
        skip("cannot enter a mount namespace: %s" % e)
    if probe.returncode != 0:
        skip("cannot enter a mount namespace: "
             + probe.stderr.decode("utf-8", "replace").strip())
    env = dict(os.environ, PRW_REFLINK_NS="1")
    sys.exit(subprocess.run(ns + [sys.executable] + sys.argv,
                            env=env).returncode)


def run(*argv, env=None):
    proc = subprocess.run([str(a) for a in argv], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=300)
    return (proc.returncode, proc.stdout.decode("utf-8", "replace"),
            proc.stderr.decode("utf-8", "replace"))


def used_bytes(path):
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def check(cond, what):
    if not cond:
        print("FAIL: " + what)
        sys.exit(1)


def main():
    cli, fixture = sys.argv[1], sys.argv[2]
    in_namespace()
    if shutil.which("mkfs.xfs") is None:
        skip("mkfs.xfs (xfsprogs) is missing")

    with tempfile.TemporaryDirectory(prefix="prw-reflink-") as tmp:
        image = os.path.join(tmp, "xfs.img")
        mnt = os.path.join(tmp, "mnt")
        os.mkdir(mnt)
        with open(image, "wb") as f:
            f.truncate(512 * 1024 * 1024)
        status, _, err = run("mkfs.xfs", "-q", "-m", "reflink=1", image)
        if status != 0:
            skip("mkfs.xfs -m reflink=1 failed: " + err.strip())
        status, _, err = run("mount", "-o", "loop", image, mnt)
        if status != 0:
            skip("cannot mount an XFS image on a loop device here: "
                 + err.strip())
        try:
            test(cli, fixture, mnt)
        finally:
            # (the namespace's end would unmount it too)
            if run("umount", mnt)[0] != 0:
                run("umount", "-l", mnt)
    print("ok")


def test(cli, fixture, mnt):
    base = os.path.join(mnt, "base.mov")
    segs = os.path.join(mnt, "graded")
    os.mkdir(segs)
    # 1280x720 4444: 40 KB black frames and ~1 MB noise frames, big enough
    # for the sink to align its copies, which is what lets blocks be shared
    for args in ([base, "--frames", "150", "--pattern", "black",
                  "--audio", "2"],
                 [os.path.join(segs, "A.mov"), "--tc", "01:00:01:00",
                  "--frames", "20", "--pattern", "snow"],
                 [os.path.join(segs, "B.mov"), "--tc", "01:00:04:10",
                  "--frames", "15", "--pattern", "smpte"]):
        status, _, err = run(fixture, *args, "--rate", "25/1",
                             "--size", "1280x720")
        check(status == 0, "making %s: %s" % (args[0], err))
    os.sync()

    outputs = {}
    for name, env in (("shared", None),
                      ("copied", dict(os.environ, PRW_NO_COPY_FILE_RANGE="1"))):
        out = os.path.join(mnt, name + ".mov")
        os.sync()
        before = used_bytes(mnt)
        status, _, err = run(cli, "print", base, segs, "-o", out, env=env)
        check(status == 0, "print (%s) failed: %s" % (name, err))
        os.sync()
        outputs[name] = (os.path.getsize(out), used_bytes(mnt) - before)
        status, _, err = run(cli, "verify", out, base, segs)
        check(status == 0, "verify (%s) failed: %s" % (name, err))
        print("%s: %d bytes, %d bytes of new blocks" % ((name,) +
                                                         outputs[name]))

    size, new = outputs["shared"]
    copied_size, copied_new = outputs["copied"]
    check(size == copied_size, "the two outputs differ in size")
    # the read/write fallback allocates the whole file: the measure works
    check(copied_new >= copied_size * 9 // 10,
          "the copied output took only %d of its %d bytes" %
          (copied_new, copied_size))
    # the kernel's copy shared most of the media data with the inputs
    check(new <= size // 4,
          "the reflinked output took %d new bytes of its %d" % (new, size))


if __name__ == "__main__":
    main()
