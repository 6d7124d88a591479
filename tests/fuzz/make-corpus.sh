#!/usr/bin/env bash
# Regenerates the seed corpus in tests/fuzz/corpus/ (committed; run again
# only to change it): small real movies made by the test fixture helper
# (GStreamer, or ffmpeg where GStreamer 1.22 cannot write the timecode), by
# ffmpeg directly and by proreswriter itself, plus timecode harness inputs.
#
#   tests/fuzz/make-corpus.sh [BUILD_DIR]     (default: build)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export PRW_CORPUS_TOOLS=$here
build=$(cd "${1:-$here/../../build}" && pwd)
mk=$build/tests/fixtures/prw-make-fixture
pw=$build/cli/proreswriter
movies=$here/corpus/movie
timecodes=$here/corpus/timecode
frames=$here/corpus/prores
for tool in "$mk" "$pw"; do
  [ -x "$tool" ] || { echo "missing $tool: build first" >&2; exit 1; }
done

rm -rf "$movies" "$timecodes" "$frames"
mkdir -p "$movies" "$timecodes" "$frames"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 16x16 pixels and two or three frames keep every movie a few KB.
fixture() {
  local name=$1
  shift
  "$mk" "$movies/$name" --size 16x16 --frames 2 "$@"
}
fixture 01-25-ndf.mov --rate 25/1 --tc 01:00:00:00
fixture 02-2997-df-audio.mov --rate 30000/1001 --drop --tc '00:09:59;29' \
  --frames 3 --audio 1
fixture 03-23976-hq-bt709.mov --rate 24000/1001 --tc 10:00:00:00 \
  --profile hq --colour bt709
fixture 04-11988-df-reel.mov --rate 120000/1001 --drop --tc '23:59:59;118' \
  --reel A001C003
fixture 05-120-reel-audio.mov --rate 120/1 --tc 00:00:00:000 --reel R2 \
  --audio 2
fixture 06-5994-df.mov --rate 60000/1001 --drop --tc '00:00:59;59'
fixture 07-50-proxy-bt2020.mov --rate 50/1 --tc 12:34:56:49 --profile proxy \
  --colour bt2020
fixture 08-no-timecode.mov --rate 25/1 --no-tc
fixture 09-100-lt-bt601.mov --rate 100/1 --tc 00:00:00:00 --profile lt \
  --colour bt601

# What proreswriter writes (qtmux, then its own header rewrite).
"$mk" "$tmp/base.mov" --size 16x16 --frames 3 --rate 25/1 --tc 01:00:00:00
"$mk" "$tmp/seg.mov" --size 16x16 --frames 1 --rate 25/1 --tc 01:00:00:01 \
  --pattern white
"$pw" print "$tmp/base.mov" "$tmp/seg.mov" -o "$movies/10-printed.mov" >/dev/null

# ffmpeg's own layouts: the movie header first, and a codec that is not
# ProRes.
ffmpeg -v error -f lavfi -i color=black:s=16x16:r=48000/1001 -frames:v 2 \
  -c:v prores_ks -profile:v 3 -timecode 01:00:00:00 -movflags +faststart \
  "$movies/11-47952-moov-first.mov"
ffmpeg -v error -f lavfi -i color=black:s=16x16:r=24 -frames:v 2 \
  -c:v mjpeg -timecode 01:00:00:00 "$movies/12-mjpeg.mov"

# Timecode tracks as cameras write them: at their own rate (29.97 DF on
# 59.94p, one timecode frame per two video frames), and with the drop-frame
# flag at a rate that has no drop frame.
fixture 13-5994-tmcd-2997df.mov --rate 60000/1001 --drop --tc '10:00:00;00' \
  --tmcd-rate 30000/1001
fixture 14-24-tmcd-df-flag.mov --rate 24/1 --tc 19:36:00:00 --tmcd-drop-flag
# Layouts from the field (issue 12): movie fragments (ffmpeg's two
# layouts and qtmux's), a track whose data is in another file, two video tracks.
"$mk" "$tmp/plain.mov" --size 16x16 --frames 3 --rate 25/1 --tc 01:00:00:00
ffmpeg -v error -i "$tmp/plain.mov" -map 0 -c copy -movflags frag_keyframe \
  -frag_duration 40000 "$movies/18-frag-keyframe.mov"
ffmpeg -v error -i "$tmp/plain.mov" -map 0 -c copy \
  -movflags frag_keyframe+empty_moov+default_base_moof -frag_duration 40000 \
  "$movies/19-frag-empty-moov.mov"
ffmpeg -v error -f lavfi -i color=gray:s=16x16:r=25 \
  -f lavfi -i color=white:s=16x16:r=25 -map 0:v -map 1:v -frames:v 2 \
  -c:v prores_ks -profile:v 2 -timecode 01:00:00:00 "$tmp/two.mov"
fixture 17-frag-qtmux.mov --rate 25/1 --no-tc --fragment-duration 40
# ffmpeg's own: a timecode track per video track, each named by its tref
cp "$tmp/two.mov" "$movies/34-two-video-two-tc.mov"
python3 - "$tmp/plain.mov" "$tmp/two.mov" "$movies" <<'PY'
import os, struct, sys

sys.path.insert(0, os.environ["PRW_CORPUS_TOOLS"])
from qtboxes import child, handler, rewrite


def external_tc(moov):
    """the timecode's data reference names base.qtc, not the movie"""
    for kind, trak in moov:
        if kind == b"trak" and handler(trak) == b"tmcd":
            dinf = child(child(child(trak, b"mdia"), b"minf"), b"dinf")
            name = b"base.qtc\0"
            dinf[:] = [[b"dref", struct.pack(">II", 0, 1) + struct.pack(
                ">I4sI", 12 + len(name), b"url ", 0) + name]]


def one_tc(moov):
    """ffmpeg writes a tmcd per video track: the second one goes"""
    tmcd = [t for t in moov if t[0] == b"trak" and handler(t[1]) == b"tmcd"]
    moov.remove(tmcd[1])


plain, two, out = sys.argv[1:]
rewrite(plain, os.path.join(out, "15-dref-external-tc.mov"), external_tc)
rewrite(two, os.path.join(out, "16-two-video.mov"), one_tc)
PY

# Edit lists (issue 12, C10) and frame durations rounded to the time scale:
# a video edit showing the first 2 of 3 frames, one from the second frame,
# an empty edit then all, two edits, a timecode edit that moves the start,
# ffmpeg's AAC with its priming edit (media time 1024), and 59.94 at time
# scale 5994 with one 99-tick frame (an older qtmux).
fixture 20-src-5994.mov --rate 60000/1001 --tc 01:00:00:00 --frames 3
mv "$movies/20-src-5994.mov" "$tmp/5994.mov"
ffmpeg -v error -f lavfi -i color=black:s=16x16:r=25 -f lavfi \
  -i sine=sample_rate=48000 -map 0:v -map 1:a -frames:v 2 -c:v prores_ks \
  -profile:v 2 -c:a aac -shortest -timecode 01:00:00:00 \
  "$movies/25-elst-aac-priming.mov"
python3 - "$tmp/plain.mov" "$tmp/5994.mov" "$movies" <<'PY'
import os, struct, sys

sys.path.insert(0, os.environ["PRW_CORPUS_TOOLS"])
from qtboxes import child, rewrite as rewrite_moov, trak


def set_elst(t, edits):
    """(duration in movie ticks, media time or -1, rate 16.16)"""
    elst = [b"elst", struct.pack(">II", 0, len(edits)) + b"".join(
        struct.pack(">IiI", d, m, r) for d, m, r in edits)]
    kinds = [k for k, v in t]
    if b"edts" in kinds:
        t[kinds.index(b"edts")][1] = [elst]
    else:
        t.insert(kinds.index(b"tkhd") + 1, [b"edts", [elst]])


def rewrite(src, dest, edit):
    """edit(moov, video trak, one 25 fps frame in movie ticks, video delta)"""
    def on_moov(moov):
        mvhd = child(moov, b"mvhd")
        video = trak(moov, b"vide")
        stts = child(child(child(child(video, b"mdia"), b"minf"), b"stbl"),
                     b"stts")
        movie_ts = struct.unpack_from(">I", mvhd, 12)[0]
        delta = struct.unpack_from(">I", stts, 12)[0]
        edit(moov, video, movie_ts // 25, delta)
    rewrite_moov(src, dest, on_moov)


def rounded_5994(moov, video, tick, delta):
    mdia = child(video, b"mdia")
    for i, (k, v) in enumerate(mdia):
        if k == b"mdhd":
            mdia[i][1] = v[:12] + struct.pack(">II", 5994, 299) + v[20:]
    stbl = child(child(mdia, b"minf"), b"stbl")
    for i, (k, v) in enumerate(stbl):
        if k == b"stts":
            stbl[i][1] = struct.pack(">IIIIII", 0, 2, 2, 100, 1, 99)


plain, m5994, out = sys.argv[1:]
seeds = [
    ("20-elst-trimtail.mov", lambda m, v, t, d: set_elst(v, [(2 * t, 0, 0x10000)])),
    ("21-elst-trimhead.mov", lambda m, v, t, d: set_elst(v, [(2 * t, d, 0x10000)])),
    ("22-elst-empty-first.mov",
     lambda m, v, t, d: set_elst(v, [(t, -1, 0x10000), (3 * t, 0, 0x10000)])),
    ("23-elst-two.mov",
     lambda m, v, t, d: set_elst(v, [(t, 0, 0x10000), (t, 2 * d, 0x10000)])),
    ("24-elst-tmcd.mov",
     lambda m, v, t, d: set_elst(trak(m, b"tmcd"), [(2 * t, d, 0x10000)])),
]
for name, edit in seeds:
    rewrite(plain, os.path.join(out, name), edit)
rewrite(m5994, os.path.join(out, "26-stts-5994-rounded.mov"),
        lambda m, v, t, d: rounded_5994(m, v, t, d))
PY

# Several timecode samples (issue 12, C01), as decks and cameras write a
# count that breaks: 01:00:00:00 then 02:00:00:00, and a count that repeats
# a timecode (01:00:00:00 for 2 frames, then 01:00:00:01 again).
fixture 27-tmcd-samples-break.mov --rate 25/1 --tc 01:00:00:00 --frames 3 \
  --tmcd-samples 90000:1,180000:2
fixture 28-tmcd-samples-repeat.mov --rate 25/1 --tc 01:00:00:00 --frames 3 \
  --tmcd-samples 90000:2,90001:1

# Sound of every description version (issue 12, C09), as ffmpeg writes it:
# version 0 'twos', version 1 'in24' with 'enda' and 'fl32', version 2
# 'lpcm' (above 65535 Hz) and ALAC; mono at 8 kHz to stay small. (AAC with
# its priming edit is 25 above.)
sound() {
  local name=$1 codec=$2 rate=$3 frames=$4
  fixture "$name" --rate 25/1 --tc 01:00:00:00 --frames "$frames" --audio 1 \
    --audio-codec "$codec" --audio-rate "$rate"
}
sound 29-sound-v0-twos.mov pcm_s16be 8000 2
sound 30-sound-v1-in24-enda.mov pcm_s24le 8000 2
sound 31-sound-v1-fl32.mov pcm_f32le 8000 2
sound 32-sound-v2-lpcm.mov pcm_s24le 96000 1
sound 33-sound-alac.mov alac 8000 2

# Timecode harness inputs (layout in fuzz-timecode.c): rate byte, frame
# count, frame offset, raw rate, label.
python3 - "$timecodes" <<'PY'
import struct, sys, os

out = sys.argv[1]
DROP, SCALE, RAW = 0x80, 0x10, 0x20
seeds = [
    # name, rate byte, frames, offset, raw num/den, label
    ("25-ndf", 2, 90000, 25, (0, 0), "01:00:00:00"),
    ("2997-df", 3 | DROP, 107892, -2, (0, 0), "01:00:00;00"),
    ("2997-df-skipped", 3 | DROP, 1799, 1, (0, 0), "00:01:00;00"),
    ("2997-ndf-dot", 3, 0, 17982, (0, 0), "00:10:00.00"),
    ("5994-df", 8 | DROP, 3596, 4, (0, 0), "00:00:59;59"),
    ("11988-df", 11 | DROP, 10356983, 10356984, (0, 0), "23:59:59;119"),
    ("120-ndf", 12, 0, -1, (0, 0), "00:00:00:000"),
    ("23976-comma", 0, 86400 * 24 - 1, 1 << 62, (0, 0), "00:00:00,23"),
    ("2500-100", 2 | SCALE, 2500, -(1 << 63), (0, 0), "12:00:00:24"),
    ("raw-rate", RAW, 0, 0, (30000, 1001), "01:00:00:29"),
    ("raw-zero-den", RAW, 0, 0, (25, 0), "01:00:00:00"),
    ("unsupported", 15, 0, 0, (0, 0), "00:00:00:00"),
    ("bad-syntax", 2, 0, 0, (0, 0), "1:00:00:00"),
    # labels that are frame rates (prw_timecode_rate_parse)
    ("rate-2997-df", 0, 0, 0, (0, 0), "29.97 DF"),
    ("rate-23976", 0, 0, 0, (0, 0), "23.976"),
    ("rate-30000-1001", 0, 0, 0, (0, 0), "30000/1001"),
    ("rate-2500-100", 0, 0, 0, (0, 0), "2500/100"),
    ("rate-25df-bad", 0, 0, 0, (0, 0), "25df"),
    ("rate-60-0", 0, 0, 0, (0, 0), "60.0"),
]
for name, rate, frames, offset, (num, den), label in seeds:
    with open(os.path.join(out, name), "wb") as f:
        scale = 100 if rate & SCALE else 0
        f.write(bytes([rate]))
        head = struct.pack("<q", frames)
        if rate & SCALE:
            head = bytes([scale]) + head[1:]
        f.write(head)
        f.write(struct.pack("<q", offset))
        f.write(struct.pack("<II", num, den))
        f.write(label.encode())
PY

# ProRes frames (the prores harness) as avenc_prores_ks makes them, at
# every profile: one macroblock row (16x16), rows ending in halving slices
# (200 px: 12.5 macroblocks, slices of 8, 4 and 1), a last row half outside
# the picture (40 px), slices of 1 and 2 macroblocks.
prores_frame() {
  local name=$1 size=$2 profile=$3 pattern=$4
  shift 4
  local format=I422_10LE
  case $profile in 4444*) format=A444_10LE ;; esac
  gst-launch-1.0 -q videotestsrc num-buffers=1 pattern="$pattern" \
    ! "video/x-raw,width=${size%x*},height=${size#*x}" ! videoconvert \
    ! "video/x-raw,format=$format" ! avenc_prores_ks profile="$profile" "$@" \
    ! filesink location="$frames/$name"
}
prores_frame 01-16x16-4444-black.prores 16x16 4444 black
prores_frame 02-200x40-4444-smpte.prores 200x40 4444 smpte
prores_frame 03-200x40-4444xq-ball.prores 200x40 4444xq ball
prores_frame 04-200x40-hq-snow.prores 200x40 hq snow
prores_frame 05-144x32-standard-smpte.prores 144x32 standard smpte
prores_frame 06-128x16-lt-black.prores 128x16 lt black
prores_frame 07-64x48-proxy-zone.prores 64x48 proxy zone-plate
prores_frame 08-96x32-hq-1mb-slices.prores 96x32 hq smpte mbs-per-slice=1
prores_frame 09-96x32-4444-2mb-slices.prores 96x32 4444 snow mbs-per-slice=2

ls -l "$movies" "$timecodes" "$frames"
du -sh "$here/corpus"
