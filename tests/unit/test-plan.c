/* libproreswriter: plan unit tests (no files: media infos made for tests)
 *
 * Most cases are data: an ASCII diagram of the base and the segments (one
 * column per frame) and the expected ranges and warnings, written by hand.
 *
 *   start   01:00:00:00             base start timecode (default)
 *   rate    25/1 [df]               base and segment rate (default 25/1)
 *   base    base.mov |..#####|      '#' are the base's frames; the first
 *                                   '#' is record frame 0
 *   seg K   NAME     |....KKK|      segment K (one character) named NAME,
 *                                   its frames in the same columns; its
 *                                   start timecode is the base's moved by
 *                                   the column difference
 *   segtc K NAME TC FRAMES          segment K with an explicit start
 *   in K N                          expected record in of segment K
 *   range K SOURCE_IN RECORD_IN N   expected ranges, in order (K or base)
 *   warn TEXT                       expected warnings, in order
 *   reel K|base NAME                the reel name of segment K or of the
 *                                   base (the rest of the line; none when
 *                                   there is no such line)
 *   handles N                       the plan's handles (default 0)
 *   vfx K   NAME     |....KKK|      as seg, on the VFX layer (seg: grade)
 *   range K SOURCE_IN RECORD_IN N LAYER PART
 *                                   with handles or a VFX segment in the
 *                                   case, ranges name their layer (base,
 *                                   grade, vfx) and part (core, handle, or
 *                                   - for the base)
 *
 * Segments are added in the order their lines appear. */

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "prw-media-info-private.h"
#include "prw-test-support.h"
#include "util/prw-enum-private.h"
#include <proreswriter/proreswriter.h>

#define CODEC "apch"
#define WIDTH 1920
#define HEIGHT 1080

/* clang-format off */
static const gchar *const plan_cases[] = {
  "case  no segments\n"
  "base  base.mov |##########|\n"
  "range base 0 0 10\n",

  "case  one segment in the middle, a name with spaces and non-ASCII\n"
  "base  base.mov                             |############|\n"
  "seg A COS AW25 4K   LR001 Ünïcødé S02.mov |    AAA     |\n"
  "in    A 4\n"
  "range base 0 0 4\n"
  "range A 0 4 3\n"
  "range base 7 7 5\n",

  "case  at the very start\n"
  "base  base.mov |##########|\n"
  "seg A A.mov    |AAAA      |\n"
  "in    A 0\n"
  "range A 0 0 4\n"
  "range base 4 4 6\n",

  "case  at the very end\n"
  "base  base.mov |##########|\n"
  "seg A A.mov    |      AAAA|\n"
  "in    A 6\n"
  "range base 0 0 6\n"
  "range A 0 6 4\n",

  "case  running past the end\n"
  "base  base.mov |##########   |\n"
  "seg A A.mov    |       AAAAAA|\n"
  "in    A 7\n"
  "range base 0 0 7\n"
  "range A 0 7 3\n"
  "warn  A.mov: its last 3 frames (01:00:00:10-01:00:00:12) lie after the "
  "base's last frame 01:00:00:09 and are dropped\n",

  "case  starting before the base\n"
  "base  base.mov |   ##########|\n"
  "seg A A.mov    |AAAAAA       |\n"
  "in    A -3\n"
  "range A 3 0 3\n"
  "range base 3 3 7\n"
  "warn  A.mov: its first 3 frames (00:59:59:22-00:59:59:24) lie before the "
  "base's first frame 01:00:00:00 and are dropped\n",

  "case  one frame past each end\n"
  "base  base.mov | #####   |\n"
  "seg A A.mov    |AAAAAAA  |\n"
  "in    A -1\n"
  "range A 1 0 5\n"
  "warn  A.mov: its first 1 frame (00:59:59:24-00:59:59:24) lies before the "
  "base's first frame 01:00:00:00 and is dropped\n"
  "warn  A.mov: its last 1 frame (01:00:00:05-01:00:00:05) lies after the "
  "base's last frame 01:00:00:04 and is dropped\n",

  "case  covering the whole base and beyond both ends\n"
  "base  base.mov |  #####  |\n"
  "seg A A.mov    |AAAAAAAAA|\n"
  "in    A -2\n"
  "range A 2 0 5\n"
  "warn  A.mov: its first 2 frames (00:59:59:23-00:59:59:24) lie before the "
  "base's first frame 01:00:00:00 and are dropped\n"
  "warn  A.mov: its last 2 frames (01:00:00:05-01:00:00:06) lie after the "
  "base's last frame 01:00:00:04 and are dropped\n",

  "case  two abutting\n"
  "base  base.mov |############|\n"
  "seg A A.mov    |  AAAA      |\n"
  "seg B B.mov    |      BBB   |\n"
  "range base 0 0 2\n"
  "range A 0 2 4\n"
  "range B 0 6 3\n"
  "range base 9 9 3\n",

  "case  two abutting, the later one first in time\n"
  "base  base.mov |############|\n"
  "seg B B.mov    |      BBB   |\n"
  "seg A A.mov    |  AAAA      |\n"
  "range base 0 0 2\n"
  "range A 0 2 4\n"
  "range B 0 6 3\n"
  "range base 9 9 3\n",

  "case  overlapping partly: the later wins\n"
  "base  base.mov |###############|\n"
  "seg A A.mov    |  AAAAAA       |\n"
  "seg B B.mov    |     BBBBBB    |\n"
  "in    A 2\n"
  "in    B 5\n"
  "range base 0 0 2\n"
  "range A 0 2 3\n"
  "range B 0 5 6\n"
  "range base 11 11 4\n"
  "warn  B.mov overrides A.mov on record frames 5-7 "
  "(01:00:00:05-01:00:00:07; 3 frames)\n",

  "case  two of one base name: each named by the end of its path that "
  "tells them apart; the others by their base names\n"
  "base  base.mov                |###############|\n"
  "seg A ver/v1/A001C001_S01.mov |  AAAAAA       |\n"
  "seg B ver/v2/A001C001_S01.mov |     BBBBBB    |\n"
  "seg C ver/v2/C.mov            |          CC   |\n"
  "range base 0 0 2\n"
  "range A 0 2 3\n"
  "range B 0 5 5\n"
  "range C 0 10 2\n"
  "range base 12 12 3\n"
  "warn  v2/A001C001_S01.mov overrides v1/A001C001_S01.mov on record "
  "frames 5-7 (01:00:00:05-01:00:00:07; 3 frames)\n"
  "warn  C.mov overrides v2/A001C001_S01.mov on record frames 10-10 "
  "(01:00:00:10-01:00:00:10; 1 frame)\n",

  "case  one base name in folders of one name, and one file twice\n"
  "base  base.mov     |###############|\n"
  "seg A a/x/A.mov    |  AAAAAA       |\n"
  "seg B b/x/A.mov    |     BBBBBB    |\n"
  "seg C b/x/A.mov    |         CC    |\n"
  "range base 0 0 2\n"
  "range A 0 2 3\n"
  "range B 0 5 4\n"
  "range C 0 9 2\n"
  "range base 11 11 4\n"
  "warn  b/x/A.mov overrides a/x/A.mov on record frames 5-7 "
  "(01:00:00:05-01:00:00:07; 3 frames)\n"
  "warn  b/x/A.mov overrides b/x/A.mov on record frames 9-10 "
  "(01:00:00:09-01:00:00:10; 2 frames)\n",

  "case  overlapping partly: the later wins, earlier in time\n"
  "base  base.mov |###############|\n"
  "seg A A.mov    |     AAAAAA    |\n"
  "seg B B.mov    |  BBBBBB       |\n"
  "range base 0 0 2\n"
  "range B 0 2 6\n"
  "range A 3 8 3\n"
  "range base 11 11 4\n"
  "warn  B.mov overrides A.mov on record frames 5-7 "
  "(01:00:00:05-01:00:00:07; 3 frames)\n",

  "case  exactly overlapping\n"
  "base  base.mov |##########|\n"
  "seg A A.mov    |   AAAA   |\n"
  "seg B B.mov    |   BBBB   |\n"
  "range base 0 0 3\n"
  "range B 0 3 4\n"
  "range base 7 7 3\n"
  "warn  B.mov overrides A.mov on record frames 3-6 "
  "(01:00:00:03-01:00:00:06; 4 frames)\n"
  "warn  A.mov is entirely hidden by later segments\n",

  "case  one contained in an earlier one: the earlier is split\n"
  "base  base.mov |############|\n"
  "seg A A.mov    | AAAAAAAAAA |\n"
  "seg B B.mov    |    BBB     |\n"
  "range base 0 0 1\n"
  "range A 0 1 3\n"
  "range B 0 4 3\n"
  "range A 6 7 4\n"
  "range base 11 11 1\n"
  "warn  B.mov overrides A.mov on record frames 4-6 "
  "(01:00:00:04-01:00:00:06; 3 frames)\n",

  "case  one containing an earlier one: the earlier is hidden\n"
  "base  base.mov |############|\n"
  "seg A A.mov    |    AAA     |\n"
  "seg B B.mov    | BBBBBBBBBB |\n"
  "range base 0 0 1\n"
  "range B 0 1 10\n"
  "range base 11 11 1\n"
  "warn  B.mov overrides A.mov on record frames 4-6 "
  "(01:00:00:04-01:00:00:06; 3 frames)\n"
  "warn  A.mov is entirely hidden by later segments\n",

  "case  three-way staircase, added in time order\n"
  "base  base.mov |####################|\n"
  "seg A A.mov    |  AAAAAAAA          |\n"
  "seg B B.mov    |      BBBBBBBB      |\n"
  "seg C C.mov    |          CCCCCCCC  |\n"
  "range base 0 0 2\n"
  "range A 0 2 4\n"
  "range B 0 6 4\n"
  "range C 0 10 8\n"
  "range base 18 18 2\n"
  "warn  B.mov overrides A.mov on record frames 6-9 "
  "(01:00:00:06-01:00:00:09; 4 frames)\n"
  "warn  C.mov overrides B.mov on record frames 10-13 "
  "(01:00:00:10-01:00:00:13; 4 frames)\n",

  "case  three-way staircase, added in reverse time order\n"
  "base  base.mov |####################|\n"
  "seg X X.mov    |          XXXXXXXX  |\n"
  "seg Y Y.mov    |      YYYYYYYY      |\n"
  "seg Z Z.mov    |  ZZZZZZZZ          |\n"
  "range base 0 0 2\n"
  "range Z 0 2 8\n"
  "range Y 4 10 4\n"
  "range X 4 14 4\n"
  "range base 18 18 2\n"
  "warn  Y.mov overrides X.mov on record frames 10-13 "
  "(01:00:00:10-01:00:00:13; 4 frames)\n"
  "warn  Z.mov overrides Y.mov on record frames 6-9 "
  "(01:00:00:06-01:00:00:09; 4 frames)\n",

  "case  three-way nested: each later one inside the one before\n"
  "base  base.mov |################|\n"
  "seg A A.mov    | AAAAAAAAAAAA   |\n"
  "seg B B.mov    |   BBBB         |\n"
  "seg C C.mov    |     CCCC       |\n"
  "range base 0 0 1\n"
  "range A 0 1 2\n"
  "range B 0 3 2\n"
  "range C 0 5 4\n"
  "range A 8 9 4\n"
  "range base 13 13 3\n"
  "warn  B.mov overrides A.mov on record frames 3-4 "
  "(01:00:00:03-01:00:00:04; 2 frames)\n"
  "warn  C.mov overrides A.mov on record frames 5-8 "
  "(01:00:00:05-01:00:00:08; 4 frames)\n"
  "warn  C.mov overrides B.mov on record frames 5-6 "
  "(01:00:00:05-01:00:00:06; 2 frames)\n",

  "case  three-way: the last one covers both, the first is split\n"
  "base  base.mov |################|\n"
  "seg A A.mov    |AAAAAAAAAAAAAAA |\n"
  "seg B B.mov    |  BBBBB         |\n"
  "seg C C.mov    |    CCCCCC      |\n"
  "range A 0 0 2\n"
  "range B 0 2 2\n"
  "range C 0 4 6\n"
  "range A 10 10 5\n"
  "range base 15 15 1\n"
  "warn  B.mov overrides A.mov on record frames 2-3 "
  "(01:00:00:02-01:00:00:03; 2 frames)\n"
  "warn  C.mov overrides A.mov on record frames 4-9 "
  "(01:00:00:04-01:00:00:09; 6 frames)\n"
  "warn  C.mov overrides B.mov on record frames 4-6 "
  "(01:00:00:04-01:00:00:06; 3 frames)\n",

  "case  a later segment covering an earlier one whole: one merged range\n"
  "base  base.mov |############|\n"
  "seg B B.mov    |    BB      |\n"
  "seg A A.mov    |  AAAAAAAA  |\n"
  "range base 0 0 2\n"
  "range A 0 2 8\n"
  "range base 10 10 2\n"
  "warn  A.mov overrides B.mov on record frames 4-5 "
  "(01:00:00:04-01:00:00:05; 2 frames)\n"
  "warn  B.mov is entirely hidden by later segments\n",

  "case  a hidden segment splitting nothing: the base stays one range\n"
  "base  base.mov |############|\n"
  "seg A A.mov    |   AAA      |\n"
  "seg B B.mov    |   BBB      |\n"
  "seg C C.mov    |   CCC      |\n"
  "range base 0 0 3\n"
  "range C 0 3 3\n"
  "range base 6 6 6\n"
  "warn  C.mov overrides A.mov on record frames 3-5 "
  "(01:00:00:03-01:00:00:05; 3 frames)\n"
  "warn  A.mov is entirely hidden by later segments\n"
  "warn  C.mov overrides B.mov on record frames 3-5 "
  "(01:00:00:03-01:00:00:05; 3 frames)\n"
  "warn  B.mov is entirely hidden by later segments\n",

  "case  a base crossing midnight at 25 fps\n"
  "start 23:59:59:20\n"
  "segtc W W.mov 23:59:59:18 3\n"
  "segtc X X.mov 23:59:59:22 6\n"
  "segtc V V.mov 00:00:00:00 2\n"
  "segtc Y Y.mov 00:00:00:05 4\n"
  "segtc Z Z.mov 00:00:00:13 5\n"
  "base  base.mov |####################|\n"
  "in    W -2\n"
  "in    X 2\n"
  "in    V 5\n"
  "in    Y 10\n"
  "in    Z 18\n"
  "range W 2 0 1\n"
  "range base 1 1 1\n"
  "range X 0 2 3\n"
  "range V 0 5 2\n"
  "range X 5 7 1\n"
  "range base 8 8 2\n"
  "range Y 0 10 4\n"
  "range base 14 14 4\n"
  "range Z 0 18 2\n"
  "warn  W.mov: its first 2 frames (23:59:59:18-23:59:59:19) lie before the "
  "base's first frame 23:59:59:20 and are dropped\n"
  "warn  V.mov overrides X.mov on record frames 5-6 "
  "(00:00:00:00-00:00:00:01; 2 frames)\n"
  "warn  Z.mov: its last 3 frames (00:00:00:15-00:00:00:17) lie after the "
  "base's last frame 00:00:00:14 and are dropped\n",

  /* 00:01:00;00 and ;01 do not exist: record 10 is 00:01:00;02. */
  "case  29.97 drop-frame base across a minute boundary\n"
  "rate  30000/1001 df\n"
  "start 00:00:59;20\n"
  "base  base.mov |##############################|\n"
  "segtc A A.mov 00:00:59;26 8\n"
  "segtc B B.mov 00:01:00;04 3\n"
  "segtc C C.mov 00:01:00;20 4\n"
  "in    A 6\n"
  "in    B 12\n"
  "in    C 28\n"
  "range base 0 0 6\n"
  "range A 0 6 6\n"
  "range B 0 12 3\n"
  "range base 15 15 13\n"
  "range C 0 28 2\n"
  "warn  B.mov overrides A.mov on record frames 12-13 "
  "(00:01:00;04-00:01:00;05; 2 frames)\n"
  "warn  C.mov: its last 2 frames (00:01:00;22-00:01:00;23) lie after the "
  "base's last frame 00:01:00;21 and are dropped\n",

  /* Reels (issue 12, C15): an A-camera base and a B-camera segment whose
   * time-of-day timecodes overlap are not the same shot. */
  "case  a segment of another reel\n"
  "base  base.mov |##########|\n"
  "seg A shot.mov |   AAA    |\n"
  "reel  base A001C003\n"
  "reel  A B002C001\n"
  "range base 0 0 3\n"
  "range A 0 3 3\n"
  "range base 6 6 4\n"
  "warn  shot.mov: its reel \"B002C001\" differs from the base's reel "
  "\"A001C003\"\n",

  "case  a segment of the base's reel\n"
  "base  base.mov |##########|\n"
  "seg A shot.mov |   AAA    |\n"
  "reel  base A001C003\n"
  "reel  A A001C003\n"
  "range base 0 0 3\n"
  "range A 0 3 3\n"
  "range base 6 6 4\n",

  "case  only the base has a reel\n"
  "base  base.mov |##########|\n"
  "seg A shot.mov |   AAA    |\n"
  "reel  base A001C003\n"
  "range base 0 0 3\n"
  "range A 0 3 3\n"
  "range base 6 6 4\n",

  "case  only the segment has a reel\n"
  "base  base.mov |##########|\n"
  "seg A shot.mov |   AAA    |\n"
  "reel  A B002C001\n"
  "range base 0 0 3\n"
  "range A 0 3 3\n"
  "range base 6 6 4\n",

  /* Reels are compared as linking compares them (prw-reel-private.h):
   * a reel that differs in the case of its ASCII letters only is the
   * base's (a grade with reel a001c003 links to A001C003, and is not
   * then warned of); anything else differs. */
  "case  reels compared as linking does (ASCII case, long unicode names), "
  "warned first\n"
  "base  base.mov |   #######|\n"
  "seg A a.mov    |  AAA     |\n"
  "seg B b.mov    |      BBB |\n"
  "seg C c.mov    |       CC |\n"
  "reel  base A001C003\n"
  "reel  A a001c003\n"
  "reel  B Ünïcødé_A001C003_verylongreelname_2024\n"
  "reel  C A001C003\n"
  "range A 1 0 2\n"
  "range base 2 2 1\n"
  "range B 0 3 1\n"
  "range C 0 4 2\n"
  "range base 6 6 1\n"
  "warn  a.mov: its first 1 frame (00:59:59:24-00:59:59:24) lies before "
  "the base's first frame 01:00:00:00 and is dropped\n"
  "warn  b.mov: its reel \"Ünïcødé_A001C003_verylongreelname_2024\" "
  "differs from the base's reel \"A001C003\"\n"
  "warn  c.mov overrides b.mov on record frames 4-5 "
  "(01:00:00:04-01:00:00:05; 2 frames)\n",

  /* --- layers and handles: a core frame beats a handle, whatever the
   * layer; then VFX beats grade; then, on one layer, the later in name
   * order. Ranges here also name their layer and part. ------------------ */

  "case  handles: a segment's first and last 2 frames\n"
  "handles 2\n"
  "base  base.mov |############|\n"
  "seg A A.mov    |  AAAAAAA   |\n"
  "range base 0 0 2 base -\n"
  "range A 0 2 2 grade handle\n"
  "range A 2 4 3 grade core\n"
  "range A 5 7 2 grade handle\n"
  "range base 9 9 3 base -\n",

  "case  handles before the base's first frame are not placed, silently\n"
  "handles 2\n"
  "base  base.mov |  ##########|\n"
  "seg A A.mov    |AAAAAAA     |\n"
  "in    A -2\n"
  "range A 2 0 3 grade core\n"
  "range A 5 3 2 grade handle\n"
  "range base 5 5 5 base -\n",

  "case  handles: a core frame before the base is dropped with a warning\n"
  "handles 2\n"
  "base  base.mov |   ########|\n"
  "seg A A.mov    |AAAAAAA    |\n"
  "in    A -3\n"
  "range A 3 0 2 grade core\n"
  "range A 5 2 2 grade handle\n"
  "range base 4 4 4 base -\n"
  "warn  A.mov: its first 1 core frame (00:59:59:24-00:59:59:24) lies "
  "before the base's first frame 01:00:00:00 and is dropped\n",

  "case  handles after the base's last frame, and core frames there\n"
  "handles 2\n"
  "base  base.mov |##########    |\n"
  "seg A A.mov    |     AAAAAAAAA|\n"
  "range base 0 0 5 base -\n"
  "range A 0 5 2 grade handle\n"
  "range A 2 7 3 grade core\n"
  "warn  A.mov: its last 2 core frames (01:00:00:10-01:00:00:11) lie after "
  "the base's last frame 01:00:00:09 and are dropped\n",

  "case  only handles in the base: no core frame printed\n"
  "handles 2\n"
  "base  base.mov |######    |\n"
  "seg A A.mov    |    AAAAAA|\n"
  "range base 0 0 4 base -\n"
  "range A 0 4 2 grade handle\n"
  "warn  A.mov: its last 2 core frames (01:00:00:06-01:00:00:07) lie after "
  "the base's last frame 01:00:00:05 and are dropped\n"
  "warn  A.mov: none of its core frames is printed, only 2 handle frames\n",

  "case  handles overlapping a neighbouring grade's core: core wins both "
  "ways\n"
  "handles 2\n"
  "base  base.mov |################|\n"
  "seg A A.mov    | AAAAAAAA       |\n"
  "seg B B.mov    |     BBBBBBBB   |\n"
  "range base 0 0 1 base -\n"
  "range A 0 1 2 grade handle\n"
  "range A 2 3 4 grade core\n"
  "range B 2 7 4 grade core\n"
  "range B 6 11 2 grade handle\n"
  "range base 13 13 3 base -\n"
  "warn  A.mov: its handles yield to the core frames of B.mov on record "
  "frames 7-8 (01:00:00:07-01:00:00:08; 2 frames)\n"
  "warn  B.mov: its handles yield to the core frames of A.mov on record "
  "frames 5-6 (01:00:00:05-01:00:00:06; 2 frames)\n",

  "case  handles overlapping a neighbouring grade's handles: the later wins\n"
  "handles 2\n"
  "base  base.mov |################|\n"
  "seg A A.mov    | AAAAAAAA       |\n"
  "seg B B.mov    |       BBBBBBBB |\n"
  "range base 0 0 1 base -\n"
  "range A 0 1 2 grade handle\n"
  "range A 2 3 4 grade core\n"
  "range B 0 7 2 grade handle\n"
  "range B 2 9 4 grade core\n"
  "range B 6 13 2 grade handle\n"
  "range base 15 15 1 base -\n"
  "warn  B.mov: its handles override the handles of A.mov on record "
  "frames 7-8 (01:00:00:07-01:00:00:08; 2 frames)\n",

  "case  a VFX over a grade: the VFX wins though added first\n"
  "base  base.mov |############|\n"
  "vfx V V.mov    |    VVV     |\n"
  "seg G G.mov    |  GGGGGGGG  |\n"
  "range base 0 0 2 base -\n"
  "range G 0 2 2 grade core\n"
  "range V 0 4 3 vfx core\n"
  "range G 5 7 3 grade core\n"
  "range base 10 10 2 base -\n"
  "warn  V.mov (VFX) overrides G.mov (grade) on record frames 4-6 "
  "(01:00:00:04-01:00:00:06; 3 frames)\n",

  "case  a VFX's handles under a grade's core; the grade's under the VFX's\n"
  "handles 2\n"
  "base  base.mov |################|\n"
  "seg G G.mov    | GGGGGGG        |\n"
  "vfx V V.mov    |    VVVVVVV     |\n"
  "range base 0 0 1 base -\n"
  "range G 0 1 2 grade handle\n"
  "range G 2 3 3 grade core\n"
  "range V 2 6 3 vfx core\n"
  "range V 5 9 2 vfx handle\n"
  "range base 11 11 5 base -\n"
  "warn  G.mov (grade): its handles yield to the core frames of V.mov "
  "(VFX) on record frames 6-7 (01:00:00:06-01:00:00:07; 2 frames)\n"
  "warn  V.mov (VFX): its handles yield to the core frames of G.mov "
  "(grade) on record frames 4-5 (01:00:00:04-01:00:00:05; 2 frames)\n",

  "case  a VFX's handles over a grade's handles: the upper layer wins\n"
  "handles 2\n"
  "base  base.mov |############|\n"
  "vfx V V.mov    |     VVVVV  |\n"
  "seg G G.mov    | GGGGGG     |\n"
  "range base 0 0 1 base -\n"
  "range G 0 1 2 grade handle\n"
  "range G 2 3 2 grade core\n"
  "range V 0 5 2 vfx handle\n"
  "range V 2 7 1 vfx core\n"
  "range V 3 8 2 vfx handle\n"
  "range base 10 10 2 base -\n"
  "warn  V.mov (VFX): its handles override the handles of G.mov (grade) "
  "on record frames 5-6 (01:00:00:05-01:00:00:06; 2 frames)\n",

  "case  two VFX shots over a grade: on one layer, the later wins\n"
  "base  base.mov |##########|\n"
  "vfx V V.mov    |  VVVV    |\n"
  "vfx W W.mov    |    WWWW  |\n"
  "seg G G.mov    | GGGGGGGG |\n"
  "range base 0 0 1 base -\n"
  "range G 0 1 1 grade core\n"
  "range V 0 2 2 vfx core\n"
  "range W 0 4 4 vfx core\n"
  "range G 7 8 1 grade core\n"
  "range base 9 9 1 base -\n"
  "warn  W.mov overrides V.mov on record frames 4-5 "
  "(01:00:00:04-01:00:00:05; 2 frames)\n"
  "warn  V.mov (VFX) overrides G.mov (grade) on record frames 2-3 "
  "(01:00:00:02-01:00:00:03; 2 frames)\n"
  "warn  W.mov (VFX) overrides G.mov (grade) on record frames 4-7 "
  "(01:00:00:04-01:00:00:07; 4 frames)\n",

  "case  a grade entirely under a VFX shot\n"
  "base  base.mov |########|\n"
  "seg G G.mov    |  GGG   |\n"
  "vfx V V.mov    | VVVVV  |\n"
  "range base 0 0 1 base -\n"
  "range V 0 1 5 vfx core\n"
  "range base 6 6 2 base -\n"
  "warn  V.mov (VFX) overrides G.mov (grade) on record frames 2-4 "
  "(01:00:00:02-01:00:00:04; 3 frames)\n"
  "warn  G.mov is entirely hidden by other segments\n",

  "case  a grade under a later grade with handles: its handles yield, its "
  "core is overridden\n"
  "handles 1\n"
  "base  base.mov |##########|\n"
  "seg A A.mov    |  AAAAA   |\n"
  "seg B B.mov    | BBBBBBB  |\n"
  "range base 0 0 1 base -\n"
  "range B 0 1 1 grade handle\n"
  "range B 1 2 5 grade core\n"
  "range B 6 7 1 grade handle\n"
  "range base 8 8 2 base -\n"
  "warn  A.mov: its handles yield to the core frames of B.mov on record "
  "frames 2-2 (01:00:00:02-01:00:00:02; 1 frame)\n"
  "warn  B.mov overrides A.mov on record frames 3-5 "
  "(01:00:00:03-01:00:00:05; 3 frames)\n"
  "warn  A.mov: its handles yield to the core frames of B.mov on record "
  "frames 6-6 (01:00:00:06-01:00:00:06; 1 frame)\n"
  "warn  A.mov is entirely hidden by other segments\n",

  "case  all handles: a segment no longer than twice the handles\n"
  "handles 3\n"
  "base  base.mov |##########|\n"
  "seg A A.mov    |  AAAAA   |\n"
  "range base 0 0 2 base -\n"
  "range A 0 2 5 grade handle\n"
  "range base 7 7 3 base -\n"
  "warn  A.mov: all its 5 frames are handles (3 at each end)\n",

  "case  handles 0 with a VFX layer: every frame is core\n"
  "handles 0\n"
  "base  base.mov |######|\n"
  "vfx V V.mov    | VV   |\n"
  "range base 0 0 1 base -\n"
  "range V 0 1 2 vfx core\n"
  "range base 3 3 3 base -\n",
};
/* clang-format on */

/* --- helpers ------------------------------------------------------------ */

static PrwTimecode *
tc_parse (const gchar *str, guint rate_num, guint rate_den, gboolean df)
{
  g_autoptr (GError) error = NULL;
  PrwTimecode *tc
      = prw_timecode_new_from_string (str, rate_num, rate_den, df, &error);

  ck_assert_msg (tc != NULL, "timecode %s: %s", str,
                 error ? error->message : "?");
  return tc;
}

static PrwMediaInfo *
make_media (const gchar *name, const gchar *fourcc, guint width, guint height,
            guint rate_num, guint rate_den, gint64 frames,
            const PrwTimecode *start)
{
  g_autofree gchar *path = g_build_filename ("/media", name, NULL);
  PrwMediaInfo *media = prw_media_info_new_for_test (
      path, fourcc, width, height, rate_num, rate_den, frames, start);

  ck_assert_ptr_nonnull (media);
  return media;
}

static PrwSegment *
make_segment (const gchar *name, const gchar *fourcc, guint width, guint height,
              guint rate_num, guint rate_den, gint64 frames,
              const PrwTimecode *start)
{
  g_autoptr (PrwMediaInfo) media = make_media (
      name, fourcc, width, height, rate_num, rate_den, frames, start);

  return prw_segment_new (media);
}

/* Criticals from g_return_val_if_fail() are counted, not fatal. */
static guint n_criticals;

static void
count_critical (const gchar *domain, GLogLevelFlags level, const gchar *message,
                gpointer user_data)
{
  n_criticals++;
}

static void
setup_log (void)
{
  n_criticals = 0;
  g_log_set_handler ("proreswriter", G_LOG_LEVEL_CRITICAL, count_critical,
                     NULL);
}

/* The ranges as "K SOURCE_IN RECORD_IN FRAMES" lines, with " LAYER PART"
 * when layered. */
static gchar *
describe_ranges_full (PrwPlan *plan, const gchar *keys, gboolean layered)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *r = prw_plan_get_range (plan, i);

    if (r->source == PRW_RANGE_SOURCE_BASE)
      g_string_append (out, "base");
    else
      g_string_append_c (out, keys[r->source]);
    g_string_append_printf (
        out, " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
        r->source_in, r->record_in, r->frames);
    if (layered) {
      PrwLayer layer = prw_plan_get_range_layer (plan, i);
      GEnumClass *klass = g_type_class_ref (PRW_TYPE_LAYER);
      GEnumValue *value = g_enum_get_value (klass, (gint) layer);

      ck_assert_ptr_nonnull (value);
      g_string_append_printf (
          out, " %s %s", value->value_nick,
          r->source == PRW_RANGE_SOURCE_BASE
              ? "-"
              : (prw_plan_get_range_is_handle (plan, i) ? "handle" : "core"));
      g_type_class_unref (klass);
    }
    g_string_append_c (out, '\n');
  }
  return g_string_free (out, FALSE);
}

static gchar *
describe_ranges (PrwPlan *plan, const gchar *keys)
{
  return describe_ranges_full (plan, keys, FALSE);
}

/* Whether the plan has handles or a segment off the grade layer. */
static gboolean
plan_is_layered (PrwPlan *plan)
{
  if (prw_plan_get_handles (plan) > 0)
    return TRUE;
  for (guint i = 0; i < prw_plan_get_n_segments (plan); i++)
    if (prw_plan_get_segment_layer (plan, i) != PRW_LAYER_GRADE)
      return TRUE;
  return FALSE;
}

/* The precedence key of segment i's frame k (greater wins), from the
 * documented rules: a core frame beats a handle, then VFX beats grade,
 * then the later segment. */
static guint64
frame_key (PrwPlan *plan, guint i, gint64 k, gboolean *handle)
{
  gint64 frames = prw_segment_get_frame_count (prw_plan_get_segment (plan, i));
  gint64 h = prw_plan_get_handles (plan);
  gboolean is_handle = k < h || k >= frames - h;
  guint64 layer = prw_plan_get_segment_layer (plan, i) == PRW_LAYER_VFX ? 2 : 1;

  if (handle != NULL)
    *handle = is_handle;
  return ((guint64) !is_handle << 40) | (layer << 32) | i;
}

/* Every record frame's owner found by brute force from the segments'
 * pieces (where each frame lands) and the rules, against the ranges, with
 * their layer and part; neighbours that could be merged (one source,
 * continuing source frames, one part) are not both there. */
static void
check_precedence (PrwPlan *plan)
{
  gint64 base_frames
      = prw_media_info_get_frame_count (prw_plan_get_base (plan));
  gint64 f = 0;

  for (guint r = 0; r < prw_plan_get_n_ranges (plan); r++) {
    const PrwRange *range = prw_plan_get_range (plan, r);

    if (r > 0) {
      const PrwRange *prev = prw_plan_get_range (plan, r - 1);

      ck_assert_msg (!(prev->source == range->source
                       && prev->source_in + prev->frames == range->source_in
                       && !prw_plan_get_range_is_handle (plan, r - 1)
                              == !prw_plan_get_range_is_handle (plan, r)),
                     "ranges %u and %u should have been merged", r - 1, r);
    }
    if (range->source == PRW_RANGE_SOURCE_BASE) {
      ck_assert_int_eq (prw_plan_get_range_layer (plan, r), PRW_LAYER_BASE);
      ck_assert (!prw_plan_get_range_is_handle (plan, r));
    } else {
      ck_assert_int_eq (prw_plan_get_range_layer (plan, r),
                        prw_plan_get_segment_layer (plan, range->source));
    }
    for (gint64 k = 0; k < range->frames; k++, f++) {
      gint owner = PRW_RANGE_SOURCE_BASE;
      gint64 owner_k = f;
      guint64 best = 0;
      gboolean owner_handle = FALSE;

      ck_assert_int_eq (range->record_in + k, f);
      for (guint i = 0; i < prw_plan_get_n_segments (plan); i++) {
        for (guint p = 0; p < prw_plan_get_segment_n_pieces (plan, i); p++) {
          const PrwRange *piece = prw_plan_get_segment_piece (plan, i, p);
          gint64 sk = piece->source_in + (f - piece->record_in);
          gboolean handle;
          guint64 key;

          if (f < piece->record_in || f >= prw_range_get_record_out (piece))
            continue;
          key = frame_key (plan, i, sk, &handle);
          if (owner == PRW_RANGE_SOURCE_BASE || key > best) {
            owner = (gint) i;
            owner_k = sk;
            best = key;
            owner_handle = handle;
          }
        }
      }
      ck_assert_msg (range->source == owner,
                     "record frame %" G_GINT64_FORMAT ": range %u is %d's, "
                     "the rules say %d's",
                     f, r, range->source, owner);
      ck_assert_int_eq (range->source_in + k, owner_k);
      ck_assert_int_eq (prw_plan_get_range_is_handle (plan, r), owner_handle);
    }
  }
  ck_assert_int_eq (f, base_frames);
}

/* Every record frame covered once, in order, by neighbours that could not be
 * merged; each range's owner is the last segment covering it, or the base if
 * none does; source frames follow the record ins. O(ranges x segments). */
static void
check_ranges_invariants (PrwPlan *plan, const gint64 *record_ins,
                         const gint64 *frames, guint n)
{
  gint64 base_frames
      = prw_media_info_get_frame_count (prw_plan_get_base (plan));
  gint64 next = 0;
  const PrwRange *prev = NULL;

  for (guint i = 0; i < prw_plan_get_n_ranges (plan); i++) {
    const PrwRange *r = prw_plan_get_range (plan, i);
    gint64 out = r->record_in + r->frames;

    ck_assert_int_eq (r->record_in, next);
    ck_assert_int_gt (r->frames, 0);
    ck_assert_int_ge (r->source, PRW_RANGE_SOURCE_BASE);
    ck_assert_int_lt (r->source, (gint) n);
    if (r->source == PRW_RANGE_SOURCE_BASE) {
      ck_assert_int_eq (r->source_in, r->record_in);
    } else {
      ck_assert_int_eq (r->source_in, r->record_in - record_ins[r->source]);
      /* the owner covers the whole range */
      ck_assert_int_ge (r->record_in, record_ins[r->source]);
      ck_assert_int_le (out, record_ins[r->source] + frames[r->source]);
    }
    /* no later segment touches it */
    for (guint j = (guint) (r->source + 1); j < n; j++)
      ck_assert_msg (record_ins[j] >= out
                         || record_ins[j] + frames[j] <= r->record_in,
                     "segment %u hides part of range %u", j, i);
    if (prev != NULL)
      ck_assert_msg (!(prev->source == r->source
                       && prev->source_in + prev->frames == r->source_in),
                     "ranges %u and %u should have been merged", i - 1, i);
    prev = r;
    next = out;
  }
  ck_assert_int_eq (next, base_frames);
}

/* --- the data-driven cases ---------------------------------------------- */

typedef struct {
  gchar key;
  PrwSegment *segment;
} CaseSegment;

/* The column of the first c after the first '|' and how many follow; -1
 * when there is none. Fails on a gap. */
static gint
diagram_run (const gchar *line, gchar c, gint64 *count)
{
  const gchar *bar = strchr (line, '|');
  const gchar *p, *first = NULL;

  ck_assert_msg (bar != NULL, "no diagram in \"%s\"", line);
  *count = 0;
  for (p = bar + 1; *p != '\0' && *p != '|'; p++) {
    if (*p != c)
      continue;
    if (first == NULL)
      first = p;
    ck_assert_msg (p == first + *count, "gap in the run of %c in \"%s\"", c,
                   line);
    (*count)++;
  }
  ck_assert_msg (first != NULL, "no %c in \"%s\"", c, line);
  return (gint) (first - (bar + 1));
}

/* The name between the key and the '|' (or the rest). */
static gchar *
row_name (const gchar *rest)
{
  const gchar *bar = strchr (rest, '|');

  return g_strstrip (bar != NULL ? g_strndup (rest, bar - rest)
                                 : g_strdup (rest));
}

START_TEST (test_case_diagram)
{
  const gchar *text = plan_cases[_i];
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree gchar *title = NULL;
  guint rate_num = 25, rate_den = 1, handles = 0;
  gboolean df = FALSE, layered = FALSE;
  g_autoptr (PrwTimecode) base_tc = NULL;
  g_autofree gchar *start = g_strdup ("01:00:00:00");
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (GArray) segs = g_array_new (FALSE, TRUE, sizeof (CaseSegment));
  g_autoptr (GString) keys = g_string_new (NULL);
  g_autoptr (GString) want_ranges = g_string_new (NULL);
  g_autoptr (GString) want_warnings = g_string_new (NULL);
  g_autoptr (GString) got_warnings = g_string_new (NULL);
  g_autofree gchar *got_ranges = NULL;
  g_autoptr (GArray) want_ins = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_autoptr (GError) error = NULL;
  g_autofree gint64 *record_ins = NULL, *frame_counts = NULL;
  gint base_col = -1;
  gint64 base_frames = 0;
  g_autofree gchar *base_reel = NULL;
  g_autoptr (GHashTable) reels
      = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  guint li;

  /* Header lines first: they shape the base. */
  for (li = 0; lines[li] != NULL; li++) {
    const gchar *line = lines[li];

    if (g_str_has_prefix (line, "case "))
      title = g_strstrip (g_strdup (line + 5));
    else if (g_str_has_prefix (line, "handles ")) {
      ck_assert_int_eq (sscanf (line + 8, " %u", &handles), 1);
    } else if (g_str_has_prefix (line, "rate ")) {
      ck_assert_int_ge (sscanf (line + 5, " %u/%u", &rate_num, &rate_den), 2);
      df = strstr (line, " df") != NULL;
    } else if (g_str_has_prefix (line, "start ")) {
      g_free (start);
      start = g_strstrip (g_strdup (line + 6));
    } else if (g_str_has_prefix (line, "base ")) {
      gint col = diagram_run (line, '#', &base_frames);

      /* A later base line may repeat the diagram; it must agree. */
      ck_assert (base_col < 0 || base_col == col);
      base_col = col;
    } else if (g_str_has_prefix (line, "reel ")) {
      g_autofree gchar *rest = g_strstrip (g_strdup (line + 5));

      if (g_str_has_prefix (rest, "base ")) {
        g_free (base_reel);
        base_reel = g_strstrip (g_strdup (rest + 5));
      } else {
        ck_assert_msg (rest[0] != '\0' && rest[1] == ' ', "bad \"%s\"", line);
        g_hash_table_insert (reels, GINT_TO_POINTER ((gint) rest[0]),
                             g_strstrip (g_strdup (rest + 2)));
      }
    }
  }
  ck_assert_msg (title != NULL && base_col >= 0, "case %d: no title or base",
                 _i);

  base_tc = tc_parse (start, rate_num, rate_den, df);
  {
    g_autoptr (PrwMediaInfo) base
        = make_media ("base.mov", CODEC, WIDTH, HEIGHT, rate_num, rate_den,
                      base_frames, base_tc);

    prw_media_info_set_reel_for_test (base, base_reel);
    plan = prw_plan_new (base);
  }
  for (li = 0; lines[li] != NULL; li++)
    if (g_str_has_prefix (lines[li], "handles ")
        || g_str_has_prefix (lines[li], "vfx "))
      layered = TRUE;
  prw_plan_set_handles (plan, handles);

  for (li = 0; lines[li] != NULL; li++) {
    const gchar *line = lines[li];
    CaseSegment cs = { 0 };
    g_autoptr (PrwTimecode) tc = NULL;
    g_autofree gchar *name = NULL;
    gint64 frames = 0;
    PrwLayer layer = PRW_LAYER_GRADE;

    if (g_str_has_prefix (line, "seg ") || g_str_has_prefix (line, "vfx ")) {
      gint col;

      if (line[0] == 'v')
        layer = PRW_LAYER_VFX;
      cs.key = line[4];
      name = row_name (line + 5);
      col = diagram_run (line, cs.key, &frames);
      tc = prw_timecode_add_frames (base_tc, col - base_col);
    } else if (g_str_has_prefix (line, "segtc ")) {
      gchar tcs[32];
      gchar nm[256];
      gchar key;

      ck_assert_int_eq (sscanf (line + 6, " %c %255s %31s %" G_GINT64_FORMAT,
                                &key, nm, tcs, &frames),
                        4);
      cs.key = key;
      name = g_strdup (nm);
      tc = tc_parse (tcs, rate_num, rate_den, df);
    } else if (g_str_has_prefix (line, "in ")) {
      gchar key;
      gint64 key64, in;

      ck_assert_int_eq (sscanf (line + 3, " %c %" G_GINT64_FORMAT, &key, &in),
                        2);
      key64 = key; /* the array holds gint64s */
      g_array_append_val (want_ins, key64);
      g_array_append_val (want_ins, in);
      continue;
    } else if (g_str_has_prefix (line, "range ")) {
      g_auto (GStrv) f = g_strsplit_set (line + 6, " ", -1);
      guint n = 0;

      for (guint k = 0; f[k] != NULL; k++) {
        if (*f[k] == '\0')
          continue;
        g_string_append_printf (want_ranges, "%s%s", n > 0 ? " " : "", f[k]);
        n++;
      }
      ck_assert_int_eq (n, layered ? 6 : 4);
      g_string_append_c (want_ranges, '\n');
      continue;
    } else if (g_str_has_prefix (line, "warn ")) {
      g_autofree gchar *w = g_strstrip (g_strdup (line + 5));

      g_string_append_printf (want_warnings, "%s\n", w);
      continue;
    } else {
      continue;
    }

    ck_assert_ptr_nonnull (tc);
    ck_assert_ptr_null (strchr (keys->str, cs.key));
    {
      g_autoptr (PrwMediaInfo) media = make_media (
          name, CODEC, WIDTH, HEIGHT, rate_num, rate_den, frames, tc);

      prw_media_info_set_reel_for_test (
          media, g_hash_table_lookup (reels, GINT_TO_POINTER ((gint) cs.key)));
      cs.segment = prw_segment_new (media);
    }
    ck_assert_msg (
        layer == PRW_LAYER_GRADE
            ? prw_plan_add_segment (plan, cs.segment, &error)
            : prw_plan_add_segment_to_layer (plan, cs.segment, layer, &error),
        "%s: adding %s: %s", title, name, error ? error->message : "?");
    ck_assert_int_eq (prw_plan_get_segment_layer (plan, segs->len), layer);
    g_array_append_val (segs, cs);
    g_string_append_c (keys, cs.key);
  }

  ck_assert_int_eq (prw_plan_get_n_segments (plan), segs->len);
  for (guint k = 0; k < want_ins->len; k += 2) {
    gchar key = (gchar) g_array_index (want_ins, gint64, k);
    const gchar *at = strchr (keys->str, key);

    ck_assert_ptr_nonnull (at);
    ck_assert_msg (prw_plan_get_segment_record_in (plan, at - keys->str)
                       == g_array_index (want_ins, gint64, k + 1),
                   "%s: record in of %c is %" G_GINT64_FORMAT, title, key,
                   prw_plan_get_segment_record_in (plan, at - keys->str));
  }

  ck_assert_msg (prw_plan_seal (plan, &error), "%s: %s", title,
                 error ? error->message : "?");
  ck_assert_int_eq (plan_is_layered (plan), layered);
  got_ranges = describe_ranges_full (plan, keys->str, layered);
  ck_assert_msg (g_str_equal (got_ranges, want_ranges->str),
                 "%s:\nexpected ranges\n%sgot\n%s", title, want_ranges->str,
                 got_ranges);

  for (const gchar *const *w = prw_plan_get_warnings (plan); *w != NULL; w++)
    g_string_append_printf (got_warnings, "%s\n", *w);
  ck_assert_msg (g_str_equal (got_warnings->str, want_warnings->str),
                 "%s:\nexpected warnings\n%sgot\n%s", title, want_warnings->str,
                 got_warnings->str);

  record_ins = g_new (gint64, segs->len + 1);
  frame_counts = g_new (gint64, segs->len + 1);
  for (guint k = 0; k < segs->len; k++) {
    PrwSegment *segment = g_array_index (segs, CaseSegment, k).segment;

    ck_assert_ptr_eq (prw_plan_get_segment (plan, k), segment);
    record_ins[k] = prw_plan_get_segment_record_in (plan, k);
    frame_counts[k] = prw_segment_get_frame_count (segment);
  }
  /* the "later wins" invariants hold where only that rule applies */
  if (!layered)
    check_ranges_invariants (plan, record_ins, frame_counts, segs->len);
  check_precedence (plan);

  for (guint k = 0; k < segs->len; k++)
    g_object_unref (g_array_index (segs, CaseSegment, k).segment);
}
END_TEST

/* --- errors at add time ------------------------------------------------- */

static PrwPlan *
plan_for (const gchar *fourcc, guint width, guint height, guint rate_num,
          guint rate_den, gboolean df, const gchar *start, gint64 frames)
{
  g_autoptr (PrwTimecode) tc = tc_parse (start, rate_num, rate_den, df);
  g_autoptr (PrwMediaInfo) base = make_media ("base.mov", fourcc, width, height,
                                              rate_num, rate_den, frames, tc);

  return prw_plan_new (base);
}

static void
assert_add_fails (PrwPlan *plan, PrwSegment *segment, gint code,
                  const gchar *message)
{
  g_autoptr (GError) error = NULL;
  guint before = prw_plan_get_n_segments (plan);

  ck_assert (!prw_plan_add_segment (plan, segment, &error));
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (g_error_matches (error, PRW_ERROR, code),
                 "expected code %d, got %s %d: %s", code,
                 g_quark_to_string (error->domain), error->code,
                 error->message);
  ck_assert_str_eq (error->message, message);
  ck_assert_int_eq (prw_plan_get_n_segments (plan), before);
}

START_TEST (test_rate_mismatch)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE, "01:00:00:00", 1000);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 24000, 1001, FALSE);
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG.mov", CODEC, WIDTH, HEIGHT, 24000, 1001, 10, tc);

  assert_add_fails (plan, seg, PRW_ERROR_RATE_MISMATCH,
                    "/media/SEG.mov: frame rate 24000/1001 differs from the "
                    "base's 25/1 (/media/base.mov)");
}
END_TEST

START_TEST (test_rate_equal_written_differently)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE, "01:00:00:00", 1000);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:10", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG.mov", CODEC, WIDTH, HEIGHT, 50, 2, 10, tc);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (prw_plan_add_segment (plan, seg, &error), "%s",
                 error ? error->message : "?");
  ck_assert_int_eq (prw_plan_get_segment_record_in (plan, 0), 10);
}
END_TEST

START_TEST (test_drop_frame_mismatch)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 30000, 1001, TRUE, "01:00:00;00", 1000);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 30000, 1001, FALSE);
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG.mov", CODEC, WIDTH, HEIGHT, 30000, 1001, 10, tc);

  assert_add_fails (plan, seg, PRW_ERROR_RATE_MISMATCH,
                    "/media/SEG.mov: non-drop-frame timecode differs from the "
                    "base's drop-frame timecode (/media/base.mov)");
}
END_TEST

START_TEST (test_flavour_mismatch)
{
  g_autoptr (PrwPlan) plan
      = plan_for ("apch", WIDTH, HEIGHT, 25, 1, FALSE, "01:00:00:00", 1000);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG.mov", "ap4h", WIDTH, HEIGHT, 25, 1, 10, tc);

  assert_add_fails (plan, seg, PRW_ERROR_FORMAT_MISMATCH,
                    "/media/SEG.mov: codec ProRes 4444 differs from the "
                    "base's ProRes 422 HQ (/media/base.mov)");
}
END_TEST

START_TEST (test_size_mismatch)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, 1920, 1080, 25, 1, FALSE, "01:00:00:00", 1000);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG.mov", CODEC, 4096, 2928, 25, 1, 10, tc);

  assert_add_fails (plan, seg, PRW_ERROR_FORMAT_MISMATCH,
                    "/media/SEG.mov: frame size 4096x2928 differs from the "
                    "base's 1920x1080 (/media/base.mov)");
}
END_TEST

/* The probes' warnings come first in the plan's, base then segments in
 * the order they were added, each naming its file by base name; then the
 * plan's own. */
START_TEST (test_probe_warnings)
{
  g_autoptr (PrwTimecode) start = tc_parse ("01:00:00:00", 25, 1, FALSE);
  g_autoptr (PrwTimecode) late = tc_parse ("01:00:00:08", 25, 1, FALSE);
  g_autoptr (PrwMediaInfo) base
      = make_media ("base.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, start);
  g_autoptr (PrwMediaInfo) a
      = make_media ("A.mov", CODEC, WIDTH, HEIGHT, 25, 1, 4, start);
  g_autoptr (PrwMediaInfo) b
      = make_media ("B.mov", CODEC, WIDTH, HEIGHT, 25, 1, 4, late);
  g_autoptr (PrwSegment) seg_a = NULL;
  g_autoptr (PrwSegment) seg_b = NULL;
  g_autoptr (PrwPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  const gchar *const *warnings;
  static const gchar *const expected[] = {
    "base.mov: its timecode track says drop frame at 25 fps, where there is "
    "none; read as non-drop",
    "base.mov: second",
    "B.mov: third",
    "B.mov: its last 2 frames (01:00:00:10-01:00:00:11) lie after the base's "
    "last frame 01:00:00:09 and are dropped",
    NULL,
  };

  prw_media_info_add_warning (base,
                              "its timecode track says drop frame at %u fps, "
                              "where there is none; read as non-drop",
                              25);
  prw_media_info_add_warning (base, "second");
  prw_media_info_add_warning (b, "third");
  /* the info's own lines name its path */
  ck_assert_str_eq (prw_media_info_get_warnings (base)[1],
                    "/media/base.mov: second");
  ck_assert_ptr_null (prw_media_info_get_warnings (base)[2]);
  ck_assert_ptr_null (prw_media_info_get_warnings (a)[0]);

  plan = prw_plan_new (base);
  seg_a = prw_segment_new (a);
  seg_b = prw_segment_new (b);
  ck_assert (prw_plan_add_segment (plan, seg_a, &error));
  ck_assert (prw_plan_add_segment (plan, seg_b, &error));
  ck_assert_ptr_null (prw_plan_get_warnings (plan)[0]);
  ck_assert (prw_plan_seal (plan, &error));
  warnings = prw_plan_get_warnings (plan);
  for (guint i = 0; expected[i] != NULL; i++) {
    ck_assert_ptr_nonnull (warnings[i]);
    ck_assert_str_eq (warnings[i], expected[i]);
  }
  ck_assert_ptr_null (warnings[G_N_ELEMENTS (expected) - 1]);
}
END_TEST

/* 01:00:00:00-01:07:05:09 at 25 fps: (7 * 60 + 5) * 25 + 9 + 1 frames. */
#define OUTSIDE_BASE_FRAMES (425 * 25 + 10)

START_TEST (test_outside_after)
{
  g_autoptr (PrwPlan) plan = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE,
                                       "01:00:00:00", OUTSIDE_BASE_FRAMES);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:10:00:00", 25, 1, FALSE);
  /* 01:10:00:00-01:10:02:10: 2 * 25 + 10 + 1 frames */
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG.mov", CODEC, WIDTH, HEIGHT, 25, 1, 61, tc);

  assert_add_fails (plan, seg, PRW_ERROR_OUTSIDE_BASE,
                    "/media/SEG.mov: 01:10:00:00-01:10:02:10 lies entirely "
                    "outside the base /media/base.mov "
                    "01:00:00:00-01:07:05:09");
}
END_TEST

START_TEST (test_outside_edges)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE, "01:00:00:00", 50);
  g_autoptr (GError) error = NULL;
  /* ends on the frame just before the base: outside */
  g_autoptr (PrwTimecode) before = tc_parse ("00:59:59:15", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg_before
      = make_segment ("before.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, before);
  /* starts just after the base's last frame (01:00:01:24): outside */
  g_autoptr (PrwTimecode) after = tc_parse ("01:00:02:00", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg_after
      = make_segment ("after.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, after);
  /* its last frame is the base's first: inside */
  g_autoptr (PrwTimecode) first = tc_parse ("00:59:59:16", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg_first
      = make_segment ("first.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, first);
  /* its first frame is the base's last: inside */
  g_autoptr (PrwTimecode) last = tc_parse ("01:00:01:24", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg_last
      = make_segment ("last.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, last);

  assert_add_fails (plan, seg_before, PRW_ERROR_OUTSIDE_BASE,
                    "/media/before.mov: 00:59:59:15-00:59:59:24 lies entirely "
                    "outside the base /media/base.mov "
                    "01:00:00:00-01:00:01:24");
  assert_add_fails (plan, seg_after, PRW_ERROR_OUTSIDE_BASE,
                    "/media/after.mov: 01:00:02:00-01:00:02:09 lies entirely "
                    "outside the base /media/base.mov "
                    "01:00:00:00-01:00:01:24");

  ck_assert (prw_plan_add_segment (plan, seg_first, &error));
  ck_assert (prw_plan_add_segment (plan, seg_last, &error));
  ck_assert_int_eq (prw_plan_get_segment_record_in (plan, 0), -9);
  ck_assert_int_eq (prw_plan_get_segment_record_in (plan, 1), 49);
  ck_assert (prw_plan_seal (plan, &error));
  ck_assert_int_eq (prw_plan_get_n_ranges (plan), 3);
  ck_assert_int_eq (prw_plan_get_range (plan, 0)->source, 0);
  ck_assert_int_eq (prw_plan_get_range (plan, 0)->source_in, 9);
  ck_assert_int_eq (prw_plan_get_range (plan, 0)->frames, 1);
  ck_assert_int_eq (prw_plan_get_range (plan, 1)->source, -1);
  ck_assert_int_eq (prw_plan_get_range (plan, 1)->record_in, 1);
  ck_assert_int_eq (prw_plan_get_range (plan, 1)->frames, 48);
  ck_assert_int_eq (prw_plan_get_range (plan, 2)->source, 1);
  ck_assert_int_eq (prw_plan_get_range (plan, 2)->source_in, 0);
  ck_assert_int_eq (prw_plan_get_range (plan, 2)->record_in, 49);
  ck_assert_int_eq (prw_plan_get_range (plan, 2)->frames, 1);
}
END_TEST

/* A base crossing midnight: a segment one second after midnight is inside,
 * one that starts after the base's end is outside. */
START_TEST (test_outside_after_midnight)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE, "23:59:59:00", 50);
  g_autoptr (PrwTimecode) in_tc = tc_parse ("00:00:00:20", 25, 1, FALSE);
  g_autoptr (PrwSegment) inside
      = make_segment ("in.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, in_tc);
  g_autoptr (PrwTimecode) out_tc = tc_parse ("00:00:01:00", 25, 1, FALSE);
  g_autoptr (PrwSegment) outside
      = make_segment ("out.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, out_tc);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (prw_plan_add_segment (plan, inside, &error), "%s",
                 error ? error->message : "?");
  ck_assert_int_eq (prw_plan_get_segment_record_in (plan, 0), 45);
  assert_add_fails (plan, outside, PRW_ERROR_OUTSIDE_BASE,
                    "/media/out.mov: 00:00:01:00-00:00:01:09 lies entirely "
                    "outside the base /media/base.mov "
                    "23:59:59:00-00:00:00:24");
}
END_TEST

/* --- sealing rules ------------------------------------------------------ */

/* Reel names are compared as linking compares them: without the white
 * space around them (the trailing spaces some writers pad them with, and
 * leading ones) and ignoring the case of ASCII letters; a name of spaces
 * only is no name, nor is qtmux's "Tape". A real difference is warned of,
 * quoting both names without the white space around them. */
START_TEST (test_reel_padding)
{
  static const struct {
    const gchar *base, *seg;
    gboolean warned;
  } cases[] = {
    { "A001C003   ", "A001C003", FALSE },
    { "A001C003", "A001C003 ", FALSE },
    { "A001C003", "   ", FALSE },
    { "  ", "B002C001", FALSE },
    { "A001C003 ", "B002C001  ", TRUE },
    { " A001C003", "A001C003", FALSE }, /* leading white space goes too */
    { "A001C003", "\tA001C003\n", FALSE },
    { "A001C003", "a001c003", FALSE }, /* case only: the same reel */
    { "a001c003 ", " A001C003", FALSE },
    { "A001C003", "A001C004", TRUE }, /* a real difference: as before */
    { " a001C003 ", "A001C03", TRUE },
    { "Ä001C003", "ä001C003", TRUE }, /* only ASCII letters fold */
    /* qtmux names every reel "Tape": a placeholder, not a reel */
    { "A001C003", "Tape", FALSE },
    { "Tape ", "B002C001", FALSE },
    { "A001C003", "Tape2", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 25, 1, FALSE);
    g_autoptr (PrwMediaInfo) base
        = make_media ("base.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, tc);
    g_autoptr (PrwMediaInfo) media
        = make_media ("shot.mov", CODEC, WIDTH, HEIGHT, 25, 1, 5, tc);
    g_autoptr (PrwSegment) segment = NULL;
    g_autoptr (PrwPlan) plan = NULL;
    g_autoptr (GError) error = NULL;
    const gchar *const *warnings;

    prw_media_info_set_reel_for_test (base, cases[i].base);
    prw_media_info_set_reel_for_test (media, cases[i].seg);
    segment = prw_segment_new (media);
    plan = prw_plan_new (base);
    ck_assert (prw_plan_add_segment (plan, segment, &error));
    ck_assert (prw_plan_seal (plan, &error));
    warnings = prw_plan_get_warnings (plan);
    if (cases[i].warned) {
      g_autofree gchar *base_reel = g_strstrip (g_strdup (cases[i].base));
      g_autofree gchar *seg_reel = g_strstrip (g_strdup (cases[i].seg));
      g_autofree gchar *want = g_strdup_printf (
          "shot.mov: its reel \"%s\" differs from the base's reel \"%s\"",
          seg_reel, base_reel);

      ck_assert_ptr_nonnull (warnings[0]);
      ck_assert_str_eq (warnings[0], want);
      ck_assert_ptr_null (warnings[1]);
    } else {
      ck_assert_msg (warnings[0] == NULL, "case %u: unexpected warning %s", i,
                     warnings[0]);
    }
  }
}
END_TEST

/* A test info's picture description, as the movie reader would set it
 * from 'colr', 'pasp' (in lowest terms; 0:0 none) and 'fiel' (0 0 none). */
static void
set_picture (PrwMediaInfo *media, const gchar *colour, guint par_n, guint par_d,
             guint fiel_count, guint fiel_detail)
{
  g_free (media->colour);
  media->colour = g_strdup (colour);
  media->par_n = par_n;
  media->par_d = par_d;
  media->fiel_count = fiel_count;
  media->fiel_detail = fiel_detail;
}

/* The output has the base's sample description: a segment whose pixel
 * aspect or field description is not the base's is warned about, after
 * its colour description, a missing 'pasp' counting as 1:1 and a missing
 * 'fiel' as progressive. */
START_TEST (test_picture_warnings)
{
  static const struct {
    guint base_par_n, base_par_d, base_fields, base_detail;
    guint par_n, par_d, fields, detail;
    const gchar *want; /* NULL: no warning */
  } cases[] = {
    /* the same, or one missing atom beside its meaning */
    { 0, 0, 0, 0, 0, 0, 0, 0, NULL },
    { 1, 1, 1, 0, 0, 0, 0, 0, NULL },
    { 0, 0, 0, 0, 1, 1, 1, 0, NULL },
    { 2, 1, 2, 1, 2, 1, 2, 1, NULL },
    /* progressive whatever order it gives */
    { 0, 0, 1, 0, 0, 0, 1, 6, NULL },
    { 0, 0, 0, 0, 2, 1, 0, 0,
      "shot.mov: pixel aspect 2:1 differs from the base's 1:1 (no pasp) "
      "(base.mov); its frames are tagged as the base's" },
    { 4, 3, 0, 0, 1, 1, 0, 0,
      "shot.mov: pixel aspect 1:1 differs from the base's 4:3 (base.mov); "
      "its frames are tagged as the base's" },
    { 4, 3, 0, 0, 0, 0, 0, 0,
      "shot.mov: pixel aspect 1:1 (no pasp) differs from the base's 4:3 "
      "(base.mov); its frames are tagged as the base's" },
    /* the serious one: interlaced into progressive */
    { 0, 0, 0, 0, 0, 0, 2, 1,
      "shot.mov: field description interlaced, top field first (fiel 2 1) "
      "differs from the base's progressive (no fiel) (base.mov); its frames "
      "are tagged as the base's: progressive, each frame's two fields woven "
      "into one picture (combing where there is motion)" },
    { 0, 0, 1, 0, 0, 0, 2, 6,
      "shot.mov: field description interlaced, bottom field first (fiel 2 "
      "6) differs from the base's progressive (fiel 1 0) (base.mov); its "
      "frames are tagged as the base's: progressive, each frame's two "
      "fields woven into one picture (combing where there is motion)" },
    /* the other field first */
    { 0, 0, 2, 1, 0, 0, 2, 9,
      "shot.mov: field description interlaced, bottom field first, top "
      "field stored first (fiel 2 9) differs from the base's interlaced, "
      "top field first (fiel 2 1) (base.mov); its frames are tagged as the "
      "base's, its fields shown in the wrong order (judder where there is "
      "motion)" },
    /* the same field first, stored otherwise */
    { 0, 0, 2, 1, 0, 0, 2, 14,
      "shot.mov: field description interlaced, top field first, bottom "
      "field stored first (fiel 2 14) differs from the base's interlaced, "
      "top field first (fiel 2 1) (base.mov); its frames are tagged as the "
      "base's" },
    /* progressive into interlaced */
    { 0, 0, 2, 6, 0, 0, 0, 0,
      "shot.mov: field description progressive (no fiel) differs from the "
      "base's interlaced, bottom field first (fiel 2 6) (base.mov); its "
      "frames are tagged as the base's" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 25, 1, FALSE);
    g_autoptr (PrwMediaInfo) base
        = make_media ("base.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, tc);
    g_autoptr (PrwMediaInfo) media
        = make_media ("shot.mov", CODEC, WIDTH, HEIGHT, 25, 1, 5, tc);
    g_autoptr (PrwSegment) segment = NULL;
    g_autoptr (PrwPlan) plan = NULL;
    g_autoptr (GError) error = NULL;
    const gchar *const *warnings;

    set_picture (base, NULL, cases[i].base_par_n, cases[i].base_par_d,
                 cases[i].base_fields, cases[i].base_detail);
    set_picture (media, NULL, cases[i].par_n, cases[i].par_d, cases[i].fields,
                 cases[i].detail);
    segment = prw_segment_new (media);
    plan = prw_plan_new (base);
    ck_assert (prw_plan_add_segment (plan, segment, &error));
    ck_assert (prw_plan_seal (plan, &error));
    warnings = prw_plan_get_warnings (plan);
    if (cases[i].want != NULL) {
      ck_assert_msg (warnings[0] != NULL, "case %u: no warning", i);
      ck_assert_str_eq (warnings[0], cases[i].want);
      ck_assert_msg (warnings[1] == NULL, "case %u: another warning %s", i,
                     warnings[1]);
    } else {
      ck_assert_msg (warnings[0] == NULL, "case %u: unexpected warning %s", i,
                     warnings[0]);
    }
  }
}
END_TEST

/* Two segments of one base name are named in the colour, pixel aspect and
 * field warnings as in the plan's others: by the shortest end of their
 * paths that tells them apart; each segment's warnings in that order. */
START_TEST (test_picture_warnings_names)
{
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 25, 1, FALSE);
  g_autoptr (PrwTimecode) tc2 = tc_parse ("01:00:00:05", 25, 1, FALSE);
  g_autoptr (PrwMediaInfo) base
      = make_media ("base.mov", CODEC, WIDTH, HEIGHT, 25, 1, 10, tc);
  g_autoptr (PrwMediaInfo) a
      = make_media ("v1/A001C001_S01.mov", CODEC, WIDTH, HEIGHT, 25, 1, 5, tc);
  g_autoptr (PrwMediaInfo) b
      = make_media ("v2/A001C001_S01.mov", CODEC, WIDTH, HEIGHT, 25, 1, 5, tc2);
  g_autoptr (PrwSegment) sa = NULL;
  g_autoptr (PrwSegment) sb = NULL;
  g_autoptr (PrwPlan) plan = prw_plan_new (base);
  g_autoptr (GError) error = NULL;
  const gchar *const *warnings;
  static const gchar *const want[] = {
    "v1/A001C001_S01.mov: colour description nclc 9-16-9 differs from the "
    "base's nclc 1-1-1 (base.mov); its frames are tagged as the base's",
    "v1/A001C001_S01.mov: pixel aspect 2:1 differs from the base's 1:1 (no "
    "pasp) (base.mov); its frames are tagged as the base's",
    "v2/A001C001_S01.mov: field description interlaced, top field first "
    "(fiel 2 1) differs from the base's progressive (fiel 1 0) (base.mov); "
    "its frames are tagged as the base's: progressive, each frame's two "
    "fields woven into one picture (combing where there is motion)",
  };

  set_picture (base, "nclc 1-1-1", 0, 0, 1, 0);
  set_picture (a, "nclc 9-16-9", 2, 1, 1, 0);
  set_picture (b, "nclc 1-1-1", 1, 1, 2, 1);
  sa = prw_segment_new (a);
  sb = prw_segment_new (b);
  ck_assert (prw_plan_add_segment (plan, sa, &error));
  ck_assert (prw_plan_add_segment (plan, sb, &error));
  ck_assert (prw_plan_seal (plan, &error));
  warnings = prw_plan_get_warnings (plan);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++) {
    ck_assert_msg (warnings[i] != NULL, "warning %u missing", i);
    ck_assert_str_eq (warnings[i], want[i]);
  }
  ck_assert_msg (warnings[G_N_ELEMENTS (want)] == NULL, "another warning %s",
                 warnings[G_N_ELEMENTS (want)]);
}
END_TEST

START_TEST (test_seal_lifecycle)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE, "01:00:00:00", 20);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:05", 25, 1, FALSE);
  g_autoptr (PrwSegment) seg
      = make_segment ("SEG S07.mov", CODEC, WIDTH, HEIGHT, 25, 1, 5, tc);
  g_autoptr (GError) error = NULL;
  const gchar *const *warnings;

  setup_log ();

  ck_assert (!prw_plan_is_sealed (plan));
  warnings = prw_plan_get_warnings (plan);
  ck_assert_ptr_nonnull (warnings);
  ck_assert_ptr_null (warnings[0]);

  /* ranges only after sealing */
  ck_assert_int_eq (prw_plan_get_n_ranges (plan), 0);
  ck_assert_ptr_null (prw_plan_get_range (plan, 0));
  ck_assert_uint_eq (n_criticals, 2);

  ck_assert (prw_plan_add_segment (plan, seg, &error));
  ck_assert (prw_plan_seal (plan, &error));
  ck_assert (prw_plan_is_sealed (plan));
  ck_assert_int_eq (prw_plan_get_n_ranges (plan), 3);

  /* sealing again changes nothing */
  ck_assert (prw_plan_seal (plan, &error));
  ck_assert_int_eq (prw_plan_get_n_ranges (plan), 3);

  /* no more segments */
  ck_assert (!prw_plan_add_segment (plan, seg, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (n_criticals, 3);
  ck_assert_int_eq (prw_plan_get_n_segments (plan), 1);

  ck_assert_str_eq (prw_plan_get_source_path (plan, PRW_RANGE_SOURCE_BASE),
                    "/media/base.mov");
  ck_assert_str_eq (prw_plan_get_source_path (plan, 0), "/media/SEG S07.mov");
  ck_assert_ptr_null (prw_plan_get_source_path (plan, 1));
  ck_assert_uint_eq (n_criticals, 4);
  ck_assert_ptr_eq (prw_plan_get_segment (plan, 0), seg);
  ck_assert_ptr_nonnull (prw_plan_get_base (plan));
  ck_assert_str_eq (prw_media_info_get_path (prw_plan_get_base (plan)),
                    "/media/base.mov");
}
END_TEST

/* --- segment names ------------------------------------------------------ */

static const struct {
  const gchar *path;
  const gchar *display_name;
  gint number;
} segment_names[] = {
  { "/x/COS AW25 4K   LR001 Ünïcødé S02.mov",
    "COS AW25 4K   LR001 Ünïcødé S02.mov", 2 },
  { "/x/Reel 4K S01.mov", "Reel 4K S01.mov", 1 },
  { "/x/x_s12.mov", "x_s12.mov", 12 },
  { "/x/S01.mov", "S01.mov", 1 },
  { "/x/clip-S007.MOV", "clip-S007.MOV", 7 },
  { "/x/clip S10", "clip S10", 10 },
  { "/x/clip.v2 S3.mov", "clip.v2 S3.mov", 3 },
  { "/x/ÜS01.mov", "ÜS01.mov", -1 },
  { "/x/é S05.mov", "é S05.mov", 5 },
  { "/x/AS01.mov", "AS01.mov", -1 },
  { "/x/clip 01.mov", "clip 01.mov", -1 },
  { "/x/clip S.mov", "clip S.mov", -1 },
  { "/x/clip S01 v2.mov", "clip S01 v2.mov", -1 },
  { "/x/clip S01.mov.bak", "clip S01.mov.bak", -1 },
  { "/x/clip S99999999999.mov", "clip S99999999999.mov", -1 },
  { "/x/plain.mov", "plain.mov", -1 },
};

START_TEST (test_segment_name)
{
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:00", 25, 1, FALSE);
  g_autoptr (PrwMediaInfo) media = prw_media_info_new_for_test (
      segment_names[_i].path, CODEC, WIDTH, HEIGHT, 25, 1, 42, tc);
  g_autoptr (PrwSegment) seg = prw_segment_new (media);
  g_autofree gchar *display = NULL;
  gint number = 0;

  ck_assert_str_eq (prw_segment_get_path (seg), segment_names[_i].path);
  ck_assert_str_eq (prw_segment_get_display_name (seg),
                    segment_names[_i].display_name);
  ck_assert_int_eq (prw_segment_get_number (seg), segment_names[_i].number);
  ck_assert_ptr_eq (prw_segment_get_media (seg), media);
  ck_assert_int_eq (prw_segment_get_frame_count (seg), 42);
  ck_assert (prw_timecode_equal (prw_segment_get_start_timecode (seg), tc));

  g_object_get (seg, "display-name", &display, "number", &number, NULL);
  ck_assert_str_eq (display, segment_names[_i].display_name);
  ck_assert_int_eq (number, segment_names[_i].number);
}
END_TEST

/* --- property check against a per-frame owner array --------------------- */

START_TEST (test_random_against_brute_force)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (0x5eed0000u + _i);
  g_autoptr (PrwTimecode) base_tc = tc_parse ("10:00:00:00", 25, 1, FALSE);
  gint64 base_frames = g_rand_int_range (rand, 1, 41);
  g_autoptr (PrwMediaInfo) base = make_media ("base.mov", CODEC, WIDTH, HEIGHT,
                                              25, 1, base_frames, base_tc);
  g_autoptr (PrwPlan) plan = prw_plan_new (base);
  gint n_tries = g_rand_int_range (rand, 0, 9);
  gint64 record_ins[8], frames[8];
  gint owner[40], n = 0;
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  const gchar *const *warnings;
  guint w;

  for (gint t = 0; t < n_tries; t++) {
    gint64 offset = g_rand_int_range (rand, -15, (gint32) base_frames + 15);
    gint64 length = g_rand_int_range (rand, 1, 26);
    g_autofree gchar *name = g_strdup_printf ("s%d.mov", n);
    g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (base_tc, offset);
    g_autoptr (PrwSegment) seg
        = make_segment (name, CODEC, WIDTH, HEIGHT, 25, 1, length, tc);
    g_autoptr (GError) error = NULL;
    gboolean inside = offset < base_frames && offset + length > 0;

    ck_assert_int_eq (prw_plan_add_segment (plan, seg, &error), inside);
    if (!inside) {
      ck_assert (g_error_matches (error, PRW_ERROR, PRW_ERROR_OUTSIDE_BASE));
      continue;
    }
    ck_assert_int_eq (prw_plan_get_segment_record_in (plan, n), offset);
    record_ins[n] = offset;
    frames[n] = length;
    n++;
  }
  ck_assert (prw_plan_seal (plan, NULL));

  /* brute force: who owns each record frame */
  for (gint64 f = 0; f < base_frames; f++) {
    owner[f] = PRW_RANGE_SOURCE_BASE;
    for (gint i = 0; i < n; i++)
      if (record_ins[i] <= f && f < record_ins[i] + frames[i])
        owner[f] = i;
  }

  {
    gint64 f = 0;

    for (guint r = 0; r < prw_plan_get_n_ranges (plan); r++) {
      const PrwRange *range = prw_plan_get_range (plan, r);

      for (gint64 k = 0; k < range->frames; k++, f++) {
        ck_assert_int_lt (f, base_frames);
        ck_assert_int_eq (range->record_in + k, f);
        ck_assert_int_eq (range->source, owner[f]);
        ck_assert_int_eq (
            range->source_in + k,
            owner[f] == PRW_RANGE_SOURCE_BASE ? f : f - record_ins[owner[f]]);
      }
    }
    ck_assert_int_eq (f, base_frames);
  }
  check_ranges_invariants (plan, record_ins, frames, n);

  /* the warnings: beginnings made from the brute-force owners */
  for (gint i = 0; i < n; i++) {
    gint64 first = MAX (record_ins[i], 0);
    gint64 end = MIN (record_ins[i] + frames[i], base_frames);
    gint64 shown = 0;

    if (record_ins[i] < 0)
      g_ptr_array_add (expected,
                       g_strdup_printf ("s%d.mov: its first %" G_GINT64_FORMAT
                                        " frame",
                                        i, -record_ins[i]));
    if (record_ins[i] + frames[i] > base_frames)
      g_ptr_array_add (
          expected,
          g_strdup_printf ("s%d.mov: its last %" G_GINT64_FORMAT " frame", i,
                           record_ins[i] + frames[i] - base_frames));
    for (gint64 f = first; f < end;) {
      gint64 g = f;

      while (g < end && owner[g] == owner[f])
        g++;
      if (owner[f] == i)
        shown += g - f;
      else
        g_ptr_array_add (expected,
                         g_strdup_printf ("s%d.mov overrides s%d.mov on "
                                          "record frames %" G_GINT64_FORMAT
                                          "-%" G_GINT64_FORMAT " (",
                                          owner[f], i, f, g - 1));
      f = g;
    }
    if (shown == 0)
      g_ptr_array_add (expected,
                       g_strdup_printf ("s%d.mov is entirely hidden by later "
                                        "segments",
                                        i));
  }

  warnings = prw_plan_get_warnings (plan);
  for (w = 0; warnings[w] != NULL; w++) {
    ck_assert_uint_lt (w, expected->len);
    ck_assert_msg (
        g_str_has_prefix (warnings[w], g_ptr_array_index (expected, w)),
        "warning %u: \"%s\" does not start \"%s\"", w, warnings[w],
        (const gchar *) g_ptr_array_index (expected, w));
  }
  ck_assert_uint_eq (w, expected->len);
}
END_TEST

/* --- layers and handles against the rules, frame by frame --------------- */

/* Random segments on both layers with 0-3 handles: the ranges against the
 * brute-force owners (check_precedence()), and every warning's beginning
 * made here from those owners and the documented texts. */
START_TEST (test_random_layers_against_brute_force)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (0x1a7e0000u + _i);
  g_autoptr (PrwTimecode) base_tc = tc_parse ("10:00:00:00", 25, 1, FALSE);
  gint64 base_frames = g_rand_int_range (rand, 1, 41);
  g_autoptr (PrwMediaInfo) base = make_media ("base.mov", CODEC, WIDTH, HEIGHT,
                                              25, 1, base_frames, base_tc);
  g_autoptr (PrwPlan) plan = prw_plan_new (base);
  gint n_tries = g_rand_int_range (rand, 0, 9);
  gint64 h = g_rand_int_range (rand, 0, 4);
  gint64 record_ins[8], frames[8];
  gboolean vfx[8];
  gint owner[40], n = 0;
  gboolean owner_handle[40];
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  const gchar *const *warnings;
  guint w;

  prw_plan_set_handles (plan, (guint) h);
  for (gint t = 0; t < n_tries; t++) {
    gint64 offset = g_rand_int_range (rand, -15, (gint32) base_frames + 15);
    gint64 length = g_rand_int_range (rand, 1, 26);
    gboolean on_vfx = g_rand_boolean (rand);
    g_autofree gchar *name = g_strdup_printf ("s%d.mov", n);
    g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (base_tc, offset);
    g_autoptr (PrwSegment) seg
        = make_segment (name, CODEC, WIDTH, HEIGHT, 25, 1, length, tc);
    g_autoptr (GError) error = NULL;
    gboolean inside = offset < base_frames && offset + length > 0;

    ck_assert_int_eq (
        prw_plan_add_segment_to_layer (
            plan, seg, on_vfx ? PRW_LAYER_VFX : PRW_LAYER_GRADE, &error),
        inside);
    if (!inside)
      continue;
    record_ins[n] = offset;
    frames[n] = length;
    vfx[n] = on_vfx;
    n++;
  }
  ck_assert (prw_plan_seal (plan, NULL));
  check_precedence (plan);

  /* brute force, from the record ins alone (no timecode breaks here) */
  for (gint64 f = 0; f < base_frames; f++) {
    guint64 best = 0;

    owner[f] = PRW_RANGE_SOURCE_BASE;
    owner_handle[f] = FALSE;
    for (gint i = 0; i < n; i++) {
      gint64 k = f - record_ins[i];
      gboolean handle = k < h || k >= frames[i] - h;
      guint64 key = ((guint64) !handle << 40)
                    | ((guint64) (vfx[i] ? 2 : 1) << 32) | (guint64) i;

      if (k < 0 || k >= frames[i] || key <= best)
        continue;
      best = key;
      owner[f] = i;
      owner_handle[f] = handle;
    }
  }

  for (gint i = 0; i < n; i++) {
    gint64 first = MAX (record_ins[i], 0);
    gint64 end = MIN (record_ins[i] + frames[i], base_frames);
    gint64 core_in = MIN (h, frames[i]);
    gint64 core_out = MAX (core_in, frames[i] - h);
    gint64 shown = 0, shown_core = 0;
    gboolean by_later_alone = TRUE;
    const gchar *core = h > 0 ? " core" : "";

    if (core_in >= core_out)
      g_ptr_array_add (expected,
                       g_strdup_printf ("s%d.mov: all its %" G_GINT64_FORMAT
                                        " frame",
                                        i, frames[i]));
    /* dropped core frames before the base, then after it */
    if (MIN (-record_ins[i], core_out) > core_in)
      g_ptr_array_add (
          expected,
          g_strdup_printf ("s%d.mov: its first %" G_GINT64_FORMAT "%s frame", i,
                           MIN (-record_ins[i], core_out) - core_in, core));
    if (core_out > MAX (base_frames - record_ins[i], core_in))
      g_ptr_array_add (
          expected,
          g_strdup_printf (
              "s%d.mov: its last %" G_GINT64_FORMAT "%s frame", i,
              core_out - MAX (base_frames - record_ins[i], core_in), core));
    for (gint64 f = first; f < end;) {
      gint64 g = f;
      gboolean my_handle
          = f - record_ins[i] < core_in || f - record_ins[i] >= core_out;

      while (g < end && owner[g] == owner[f]
             && owner_handle[g] == owner_handle[f]
             && (g - record_ins[i] < core_in || g - record_ins[i] >= core_out)
                    == my_handle)
        g++;
      if (owner[f] == i) {
        shown += g - f;
        if (!my_handle)
          shown_core += g - f;
      } else {
        gint o = owner[f];
        const gchar *o_tag = vfx[o] == vfx[i] ? ""
                             : vfx[o]         ? " (VFX)"
                                              : " (grade)";
        const gchar *i_tag = vfx[o] == vfx[i] ? ""
                             : vfx[i]         ? " (VFX)"
                                              : " (grade)";
        g_autofree gchar *where = g_strdup_printf (
            "on record frames %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " (", f,
            g - 1);

        if (o < i || vfx[o] != vfx[i] || owner_handle[f] != my_handle)
          by_later_alone = FALSE;
        if (!owner_handle[f] && my_handle)
          g_ptr_array_add (expected,
                           g_strdup_printf ("s%d.mov%s: its handles yield "
                                            "to the core frames of s%d.mov%s "
                                            "%s",
                                            i, i_tag, o, o_tag, where));
        else if (owner_handle[f])
          g_ptr_array_add (expected,
                           g_strdup_printf ("s%d.mov%s: its handles override "
                                            "the handles of s%d.mov%s %s",
                                            o, o_tag, i, i_tag, where));
        else
          g_ptr_array_add (expected,
                           g_strdup_printf ("s%d.mov%s overrides s%d.mov%s %s",
                                            o, o_tag, i, i_tag, where));
      }
      f = g;
    }
    if (shown == 0)
      g_ptr_array_add (expected,
                       g_strdup_printf ("s%d.mov is entirely hidden by %s "
                                        "segments",
                                        i, by_later_alone ? "later" : "other"));
    else if (shown_core == 0 && core_in < core_out)
      g_ptr_array_add (expected,
                       g_strdup_printf ("s%d.mov: none of its core frames is "
                                        "printed, only %" G_GINT64_FORMAT
                                        " handle frame",
                                        i, shown));
  }

  warnings = prw_plan_get_warnings (plan);
  for (w = 0; warnings[w] != NULL; w++) {
    ck_assert_uint_lt (w, expected->len);
    ck_assert_msg (
        g_str_has_prefix (warnings[w], g_ptr_array_index (expected, w)),
        "warning %u: \"%s\" does not start \"%s\"", w, warnings[w],
        (const gchar *) g_ptr_array_index (expected, w));
  }
  ck_assert_uint_eq (w, expected->len);
}
END_TEST

/* --- the layer and handles API ------------------------------------------ */

static gchar *join_lines (const gchar *const *lines);

START_TEST (test_layers_api)
{
  g_autoptr (PrwPlan) plan
      = plan_for (CODEC, WIDTH, HEIGHT, 25, 1, FALSE, "01:00:00:00", 20);
  g_autoptr (PrwTimecode) tc = tc_parse ("01:00:00:05", 25, 1, FALSE);
  g_autoptr (PrwSegment) grade
      = make_segment ("grade.mov", CODEC, WIDTH, HEIGHT, 25, 1, 8, tc);
  g_autoptr (PrwSegment) vfx
      = make_segment ("vfx.mov", CODEC, WIDTH, HEIGHT, 25, 1, 4, tc);
  g_autoptr (PrwSegment) late
      = make_segment ("late.mov", CODEC, WIDTH, HEIGHT, 25, 1, 4, tc);
  g_autoptr (GError) error = NULL;
  GEnumClass *klass;
  guint handles = 99;

  setup_log ();

  /* the enumeration, as bindings and the CLI see it */
  klass = g_type_class_ref (PRW_TYPE_LAYER);
  ck_assert_str_eq (g_enum_get_value (klass, PRW_LAYER_BASE)->value_nick,
                    "base");
  ck_assert_str_eq (g_enum_get_value (klass, PRW_LAYER_GRADE)->value_nick,
                    "grade");
  ck_assert_str_eq (g_enum_get_value (klass, PRW_LAYER_VFX)->value_nick, "vfx");
  ck_assert_int_eq (g_enum_get_value_by_nick (klass, "vfx")->value,
                    PRW_LAYER_VFX);
  ck_assert_uint_eq (klass->n_values, 3);
  g_type_class_unref (klass);

  /* handles: a property, 0 by default, settable until sealed */
  ck_assert_uint_eq (prw_plan_get_handles (plan), 0);
  g_object_set (plan, "handles", 2u, NULL);
  g_object_get (plan, "handles", &handles, NULL);
  ck_assert_uint_eq (handles, 2);
  prw_plan_set_handles (plan, 1);
  ck_assert_uint_eq (prw_plan_get_handles (plan), 1);

  /* the base's layer is no segment's */
  ck_assert (
      !prw_plan_add_segment_to_layer (plan, grade, PRW_LAYER_BASE, &error));
  ck_assert_ptr_null (error);
  ck_assert_uint_eq (n_criticals, 1);
  ck_assert_uint_eq (prw_plan_get_n_segments (plan), 0);

  ck_assert (prw_plan_add_segment (plan, grade, &error));
  ck_assert (prw_plan_add_segment_to_layer (plan, vfx, PRW_LAYER_VFX, &error));
  ck_assert (
      prw_plan_add_segment_to_layer (plan, late, PRW_LAYER_GRADE, &error));
  ck_assert_int_eq (prw_plan_get_segment_layer (plan, 0), PRW_LAYER_GRADE);
  ck_assert_int_eq (prw_plan_get_segment_layer (plan, 1), PRW_LAYER_VFX);
  ck_assert_int_eq (prw_plan_get_segment_layer (plan, 2), PRW_LAYER_GRADE);

  /* no ranges, layers nor parts before sealing */
  ck_assert_int_eq (prw_plan_get_range_layer (plan, 0), PRW_LAYER_BASE);
  ck_assert (!prw_plan_get_range_is_handle (plan, 0));
  ck_assert_uint_eq (n_criticals, 3);

  ck_assert (prw_plan_seal (plan, &error));
  /* record 5-12 grade.mov (handle 5, core 6-11, handle 12), 5-8 vfx.mov
   * (handle 5, core 6-7, handle 8) and late.mov, the same on the grade
   * layer: at 5 VFX's handle beats the grades' handles (upper layer), at
   * 6-7 VFX's core beats theirs, at 8 grade.mov's core beats both
   * handles, though late.mov was added later */
  {
    g_autofree gchar *got = describe_ranges_full (plan, "GVL", TRUE);
    g_autofree gchar *got_warnings = join_lines (prw_plan_get_warnings (plan));

    ck_assert_str_eq (got, "base 0 0 5 base -\n"
                           "V 0 5 1 vfx handle\n"
                           "V 1 6 2 vfx core\n"
                           "G 3 8 4 grade core\n"
                           "G 7 12 1 grade handle\n"
                           "base 13 13 7 base -\n");
    ck_assert_str_eq (
        got_warnings,
        "vfx.mov (VFX): its handles override the handles of grade.mov "
        "(grade) on record frames 5-5 (01:00:00:05-01:00:00:05; 1 frame)\n"
        "vfx.mov (VFX) overrides grade.mov (grade) on record frames 6-7 "
        "(01:00:00:06-01:00:00:07; 2 frames)\n"
        "vfx.mov (VFX): its handles yield to the core frames of grade.mov "
        "(grade) on record frames 8-8 (01:00:00:08-01:00:00:08; 1 frame)\n"
        "vfx.mov (VFX): its handles override the handles of late.mov "
        "(grade) on record frames 5-5 (01:00:00:05-01:00:00:05; 1 frame)\n"
        "vfx.mov (VFX) overrides late.mov (grade) on record frames 6-7 "
        "(01:00:00:06-01:00:00:07; 2 frames)\n"
        "late.mov: its handles yield to the core frames of grade.mov on "
        "record frames 8-8 (01:00:00:08-01:00:00:08; 1 frame)\n"
        "late.mov is entirely hidden by other segments\n");
  }
  check_precedence (plan);

  /* sealed: handles no longer change; out-of-range indices are criticals */
  prw_plan_set_handles (plan, 3);
  ck_assert_uint_eq (prw_plan_get_handles (plan), 1);
  ck_assert_int_eq (prw_plan_get_range_layer (plan, 99), PRW_LAYER_BASE);
  ck_assert (!prw_plan_get_range_is_handle (plan, 99));
  ck_assert_int_eq (prw_plan_get_segment_layer (plan, 3), PRW_LAYER_GRADE);
  ck_assert_uint_eq (n_criticals, 7);
}
END_TEST

/* The critical messages a test provokes on purpose, recorded */
static void
record_critical (const gchar *domain, GLogLevelFlags level,
                 const gchar *message, gpointer data)
{
  g_ptr_array_add (data, g_strdup (message));
}

/* The string forms of PrwLayer and PrwFieldOrder are their GEnum nicks,
 * looked up by one private helper (prw_enum_value_nick()): every value's
 * nick, NULL (quietly) for a value the type does not have; the public
 * functions keep their own precondition check and its message. */
START_TEST (test_enum_nicks)
{
  const struct {
    GType type;
    gint value;
    const gchar *nick;
  } nicks[] = {
    { PRW_TYPE_LAYER, PRW_LAYER_BASE, "base" },
    { PRW_TYPE_LAYER, PRW_LAYER_GRADE, "grade" },
    { PRW_TYPE_LAYER, PRW_LAYER_VFX, "vfx" },
    { PRW_TYPE_FIELD_ORDER, PRW_FIELD_ORDER_UNKNOWN, "unknown" },
    { PRW_TYPE_FIELD_ORDER, PRW_FIELD_ORDER_PROGRESSIVE, "progressive" },
    { PRW_TYPE_FIELD_ORDER, PRW_FIELD_ORDER_TOP_FIELD_FIRST,
      "top-field-first" },
    { PRW_TYPE_FIELD_ORDER, PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST,
      "bottom-field-first" },
    { PRW_TYPE_FIELD_ORDER, PRW_FIELD_ORDER_BOTTOM_FIELD_FIRST_TOP_STORED_FIRST,
      "bottom-field-first-top-stored-first" },
    { PRW_TYPE_FIELD_ORDER, PRW_FIELD_ORDER_TOP_FIELD_FIRST_BOTTOM_STORED_FIRST,
      "top-field-first-bottom-stored-first" },
  };
  g_autoptr (GPtrArray) criticals = g_ptr_array_new_with_free_func (g_free);
  guint handler;

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++) {
    const gchar *public_form
        = nicks[i].type == PRW_TYPE_LAYER
              ? prw_layer_to_string ((PrwLayer) nicks[i].value)
              : prw_field_order_to_string ((PrwFieldOrder) nicks[i].value);

    ck_assert_str_eq (prw_enum_value_nick (nicks[i].type, nicks[i].value),
                      nicks[i].nick);
    /* the very string: the nick the type holds, static */
    ck_assert_ptr_eq (public_form,
                      prw_enum_value_nick (nicks[i].type, nicks[i].value));
  }
  /* not a value of the type: NULL, no message from the helper */
  handler = g_log_set_handler (G_LOG_DOMAIN, G_LOG_LEVEL_CRITICAL,
                               record_critical, criticals);
  ck_assert_ptr_null (prw_enum_value_nick (PRW_TYPE_LAYER, 99));
  ck_assert_ptr_null (prw_enum_value_nick (PRW_TYPE_FIELD_ORDER, -1));
  ck_assert_uint_eq (criticals->len, 0);
  /* the public functions: NULL and their precondition's message, as
   * before */
  ck_assert_ptr_null (prw_layer_to_string ((PrwLayer) 99));
  ck_assert_ptr_null (prw_field_order_to_string ((PrwFieldOrder) -1));
  g_log_remove_handler (G_LOG_DOMAIN, handler);
  ck_assert_uint_eq (criticals->len, 2);
  ck_assert_str_eq (g_ptr_array_index (criticals, 0),
                    "prw_layer_to_string: assertion 'value != NULL' failed");
  ck_assert_str_eq (
      g_ptr_array_index (criticals, 1),
      "prw_field_order_to_string: assertion 'value != NULL' failed");
}
END_TEST

/* --- timecode maps (issue 12, C01) -------------------------------------- */

/* A run of a map: its start's label and its frames ("" ends a list) */
typedef struct {
  const gchar *tc;
  gint64 frames;
} MapRun;

#define MAX_MAP_RUNS 4
#define MAX_MAP_SEGMENTS 3
#define MAX_MAP_LINES 8

typedef struct {
  const gchar *title;
  MapRun base[MAX_MAP_RUNS];
  struct {
    const gchar *name;
    MapRun runs[MAX_MAP_RUNS];
    /* expected: "SOURCE_IN RECORD_IN FRAMES" per piece, or the error */
    const gchar *pieces[MAX_MAP_LINES];
    const gchar *error;
  } segs[MAX_MAP_SEGMENTS];
  /* "K SOURCE_IN RECORD_IN FRAMES" as describe_ranges() gives them */
  const gchar *ranges[MAX_MAP_LINES];
  const gchar *warnings[MAX_MAP_LINES];
} MapCase;

/* 25 fps throughout */
static PrwMediaInfo *
make_mapped (const gchar *name, const MapRun *runs)
{
  PrwTimecodeRun r[MAX_MAP_RUNS];
  gint64 frames = 0;
  guint n = 0;
  g_autoptr (PrwTimecode) first = NULL;
  PrwMediaInfo *media;

  for (; n < MAX_MAP_RUNS && runs[n].tc != NULL; n++) {
    g_autoptr (PrwTimecode) tc = tc_parse (runs[n].tc, 25, 1, FALSE);

    r[n].first_frame = frames;
    r[n].frames = runs[n].frames;
    r[n].start = *tc;
    frames += runs[n].frames;
  }
  ck_assert_uint_gt (n, 0);
  first = prw_timecode_copy (&r[0].start);
  media = make_media (name, CODEC, WIDTH, HEIGHT, 25, 1, frames, first);
  prw_media_info_set_timecode_runs (media, r, n);
  return media;
}

static const MapCase map_cases[] = {
  /* 3 samples that continue each other: one run, placed as ever */
  { "continuous samples",
    { { "01:00:00:00", 25 }, { "01:00:01:00", 25 }, { "01:00:02:00", 25 } },
    { { "A.mov", { { "01:00:01:10", 10 } }, { "0 35 10" }, NULL } },
    { "base 0 0 35", "A 0 35 10", "base 45 45 30" },
    { NULL } },

  /* C01: 01:00:00:00 for 25 frames, then 02:00:00:00 */
  { "a break forward",
    { { "01:00:00:00", 25 }, { "02:00:00:00", 50 } },
    { { "B.mov", { { "02:00:00:05", 10 } }, { "0 30 10" }, NULL },
      { "A.mov",
        { { "01:00:01:10", 10 } },
        { NULL },
        "/media/A.mov: 01:00:01:10-01:00:01:19 lies entirely outside the "
        "base /media/base.mov 01:00:00:00-02:00:01:24" } },
    { "base 0 0 30", "B 0 30 10", "base 40 40 35" },
    { NULL } },

  { "a break backward",
    { { "02:00:00:00", 25 }, { "01:00:00:00", 50 } },
    { { "A.mov", { { "01:00:00:05", 10 } }, { "0 30 10" }, NULL },
      { "B.mov", { { "02:00:00:20", 3 } }, { "0 20 3" }, NULL } },
    { "base 0 0 20", "B 0 20 3", "base 23 23 7", "A 0 30 10", "base 40 40 35" },
    { NULL } },

  /* 01:00:00:10-01:00:00:24 twice (record 10-24 and 25-39): refused only
   * where a segment frame shows one of them */
  { "a repeated timecode",
    { { "01:00:00:00", 25 }, { "01:00:00:10", 25 }, { "02:00:00:00", 25 } },
    { { "A.mov", { { "01:00:00:05", 5 } }, { "0 5 5" }, NULL },
      { "B.mov", { { "02:00:00:03", 5 } }, { "0 53 5" }, NULL },
      { "C.mov",
        { { "01:00:00:08", 5 } },
        { NULL },
        "/media/C.mov: its frame 2 (01:00:00:10) cannot be placed: the base "
        "/media/base.mov shows 01:00:00:10 twice, at record frames 10 and "
        "25" } },
    { "base 0 0 5", "A 0 5 5", "base 10 10 43", "B 0 53 5", "base 58 58 17" },
    { NULL } },

  /* a segment across the base's break: what lies beyond is dropped; one
   * with the same break lands whole */
  { "segments straddling a break",
    { { "01:00:00:00", 25 }, { "02:00:00:00", 50 } },
    { { "A.mov", { { "01:00:00:20", 10 } }, { "0 20 5" }, NULL },
      { "B.mov",
        { { "01:00:00:23", 2 }, { "02:00:00:00", 3 } },
        { "0 23 5" },
        NULL },
      { "C.mov", { { "01:59:59:22", 6 } }, { "3 25 3" }, NULL } },
    { "base 0 0 20", "A 0 20 3", "B 0 23 2", "C 3 25 3", "base 28 28 47" },
    { "A.mov: its frames 5-9 (01:00:01:00-01:00:01:04; 5 frames) show "
      "timecodes the base does not show (outside the base) and are dropped",
      "B.mov overrides A.mov on record frames 23-24 "
      "(01:00:00:23-01:00:00:24; 2 frames)",
      "C.mov overrides B.mov on record frames 25-27 "
      "(02:00:00:00-02:00:00:02; 3 frames)",
      "C.mov: its frames 0-2 (01:59:59:22-01:59:59:24; 3 frames) show "
      "timecodes the base does not show (outside the base) and are dropped",
      NULL } },

  /* a segment whose own timecode breaks, into a base that never does:
   * placed piece by piece */
  { "a segment with a break",
    { { "01:00:00:00", 75 } },
    { { "A.mov",
        { { "01:00:00:10", 5 }, { "01:00:02:00", 5 } },
        { "0 10 5", "5 50 5" },
        NULL } },
    { "base 0 0 10", "A 0 10 5", "base 15 15 35", "A 5 50 5", "base 55 55 20" },
    { NULL } },

  /* a base whose first run crosses midnight, then breaks to 10:00 */
  { "a break after midnight",
    { { "23:59:59:00", 50 }, { "10:00:00:00", 25 } },
    { { "A.mov", { { "23:59:59:20", 10 } }, { "0 20 10" }, NULL },
      { "B.mov", { { "00:00:00:20", 10 } }, { "0 45 5" }, NULL },
      { "C.mov", { { "09:59:59:23", 4 } }, { "2 50 2" }, NULL } },
    { "base 0 0 20", "A 0 20 10", "base 30 30 15", "B 0 45 5", "C 2 50 2",
      "base 52 52 23" },
    { "B.mov: its frames 5-9 (00:00:01:00-00:00:01:04; 5 frames) show "
      "timecodes the base does not show (outside the base) and are dropped",
      "C.mov: its frames 0-1 (09:59:59:23-09:59:59:24; 2 frames) show "
      "timecodes the base does not show (outside the base) and are dropped",
      NULL } },
};

static gchar *
describe_pieces (PrwPlan *plan, guint index)
{
  GString *out = g_string_new (NULL);

  for (guint p = 0; p < prw_plan_get_segment_n_pieces (plan, index); p++) {
    const PrwRange *r = prw_plan_get_segment_piece (plan, index, p);

    ck_assert_int_eq (r->source, (gint) index);
    g_string_append_printf (
        out, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
        r->source_in, r->record_in, r->frames);
  }
  return g_string_free (out, FALSE);
}

static gchar *
join_lines (const gchar *const *lines)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < MAX_MAP_LINES && lines[i] != NULL; i++)
    g_string_append_printf (out, "%s\n", lines[i]);
  return g_string_free (out, FALSE);
}

START_TEST (test_timecode_maps)
{
  const MapCase *c = &map_cases[_i];
  g_autoptr (PrwMediaInfo) base = make_mapped ("base.mov", c->base);
  g_autoptr (PrwPlan) plan = prw_plan_new (base);
  g_autoptr (GString) keys = g_string_new (NULL);
  g_autoptr (GString) got = g_string_new (NULL);
  g_autofree gchar *want_ranges = join_lines (c->ranges);
  g_autofree gchar *want_warnings = join_lines (c->warnings);
  g_autofree gchar *got_ranges = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < MAX_MAP_SEGMENTS && c->segs[i].name != NULL; i++) {
    g_autoptr (PrwMediaInfo) media
        = make_mapped (c->segs[i].name, c->segs[i].runs);
    g_autoptr (PrwSegment) segment = prw_segment_new (media);
    g_autofree gchar *want = join_lines (c->segs[i].pieces);
    g_autofree gchar *pieces = NULL;

    if (c->segs[i].error != NULL) {
      assert_add_fails (plan, segment, PRW_ERROR_OUTSIDE_BASE,
                        c->segs[i].error);
      continue;
    }
    ck_assert_msg (prw_plan_add_segment (plan, segment, &error), "%s: %s: %s",
                   c->title, c->segs[i].name, error ? error->message : "?");
    pieces = describe_pieces (plan, prw_plan_get_n_segments (plan) - 1);
    ck_assert_msg (g_str_equal (pieces, want),
                   "%s: %s:\nexpected pieces\n%sgot\n%s", c->title,
                   c->segs[i].name, want, pieces);
    g_string_append_c (keys, c->segs[i].name[0]);
  }
  ck_assert_msg (prw_plan_seal (plan, &error), "%s: %s", c->title,
                 error ? error->message : "?");
  got_ranges = describe_ranges (plan, keys->str);
  ck_assert_msg (g_str_equal (got_ranges, want_ranges),
                 "%s:\nexpected ranges\n%sgot\n%s", c->title, want_ranges,
                 got_ranges);
  for (const gchar *const *w = prw_plan_get_warnings (plan); *w != NULL; w++)
    g_string_append_printf (got, "%s\n", *w);
  ck_assert_msg (g_str_equal (got->str, want_warnings),
                 "%s:\nexpected warnings\n%sgot\n%s", c->title, want_warnings,
                 got->str);
}
END_TEST

/* --- scale -------------------------------------------------------------- */

/* 1000 overlapping segments into a 23-hour 60 fps base that crosses
 * midnight. Correctness only; sealing is O(n log n) and must not walk the
 * base frame by frame. */
START_TEST (test_thousand_segments)
{
  const guint n = 1000;
  const gint64 base_frames = (gint64) 23 * 3600 * 60;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240611);
  g_autoptr (PrwTimecode) base_tc = tc_parse ("12:00:00:00", 60, 1, FALSE);
  g_autoptr (PrwMediaInfo) base = make_media ("base.mov", CODEC, WIDTH, HEIGHT,
                                              60, 1, base_frames, base_tc);
  g_autoptr (PrwPlan) plan = prw_plan_new (base);
  g_autofree gint64 *record_ins = g_new (gint64, n);
  g_autofree gint64 *frames = g_new (gint64, n);
  g_autoptr (GError) error = NULL;
  gint64 total = 0;

  for (guint i = 0; i < n; i++) {
    gint64 length = g_rand_int_range (rand, 1, 200000);
    gint64 offset
        = g_rand_int_range (rand, (gint32) (1 - length), (gint32) base_frames);
    g_autofree gchar *name = g_strdup_printf ("seg S%u.mov", i);
    g_autoptr (PrwTimecode) tc = prw_timecode_add_frames (base_tc, offset);
    g_autoptr (PrwSegment) seg
        = make_segment (name, CODEC, WIDTH, HEIGHT, 60, 1, length, tc);

    ck_assert_msg (prw_plan_add_segment (plan, seg, &error), "%s",
                   error ? error->message : "?");
    ck_assert_int_eq (prw_plan_get_segment_record_in (plan, i), offset);
    ck_assert_int_eq (prw_segment_get_number (seg), (gint) i);
    record_ins[i] = offset;
    frames[i] = length;
  }
  ck_assert (prw_plan_seal (plan, &error));

  check_ranges_invariants (plan, record_ins, frames, n);
  for (guint r = 0; r < prw_plan_get_n_ranges (plan); r++)
    total += prw_plan_get_range (plan, r)->frames;
  ck_assert_int_eq (total, base_frames);
  ck_assert_uint_le (prw_plan_get_n_ranges (plan), 2 * n + 1);
}
END_TEST

static Suite *
plan_suite (void)
{
  Suite *s = suite_create ("plan");
  TCase *tc;

  tc = tcase_create ("diagrams");
  tcase_add_loop_test (tc, test_case_diagram, 0, G_N_ELEMENTS (plan_cases));
  suite_add_tcase (s, tc);

  tc = tcase_create ("errors");
  tcase_add_test (tc, test_rate_mismatch);
  tcase_add_test (tc, test_rate_equal_written_differently);
  tcase_add_test (tc, test_drop_frame_mismatch);
  tcase_add_test (tc, test_flavour_mismatch);
  tcase_add_test (tc, test_size_mismatch);
  tcase_add_test (tc, test_outside_after);
  tcase_add_test (tc, test_outside_edges);
  tcase_add_test (tc, test_outside_after_midnight);
  suite_add_tcase (s, tc);

  tc = tcase_create ("reels");
  tcase_add_test (tc, test_reel_padding);
  suite_add_tcase (s, tc);

  tc = tcase_create ("picture");
  tcase_add_test (tc, test_picture_warnings);
  tcase_add_test (tc, test_picture_warnings_names);
  suite_add_tcase (s, tc);

  tc = tcase_create ("lifecycle");
  tcase_add_test (tc, test_seal_lifecycle);
  tcase_add_test (tc, test_probe_warnings);
  tcase_add_test (tc, test_layers_api);
  tcase_add_test (tc, test_enum_nicks);
  tcase_add_loop_test (tc, test_segment_name, 0, G_N_ELEMENTS (segment_names));
  suite_add_tcase (s, tc);

  tc = tcase_create ("property");
  tcase_add_loop_test (tc, test_random_against_brute_force, 0, 500);
  tcase_add_loop_test (tc, test_random_layers_against_brute_force, 0, 500);
  tcase_add_test (tc, test_thousand_segments);
  tcase_add_loop_test (tc, test_timecode_maps, 0, G_N_ELEMENTS (map_cases));
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  SRunner *runner = srunner_create (plan_suite ());
  int failed;

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? 0 : 1;
}
