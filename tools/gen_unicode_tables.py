#!/usr/bin/env python3
"""Generate src/unicode_tables.inc, the Unicode data of mamba2.h's tokenizer.

Usage:
    apt-get install unicode-data            # Debian's copy of the Unicode Character Database
    python3 tools/gen_unicode_tables.py [--ucd /usr/share/unicode] [--nfc-age 9.0] [-o src/unicode_tables.inc]

Python 3 standard library only. Nothing in the output is typed by hand: every table is derived
from the UCD files below, and the script cross-checks its own derivations against the UCD's
derived properties before writing anything.

  UnicodeData.txt                general category, canonical combining class, decompositions
  DerivedAge.txt                 the version that assigned each code point (for --nfc-age)
  CompositionExclusions.txt      the primary composition exclusions
  DerivedNormalizationProps.txt  Full_Composition_Exclusion and NFC_QC, only to cross-check
  PropList.txt                   White_Space, Join_Control
  DerivedCoreProperties.txt      Alphabetic

Why two Unicode versions. The reference tokenizer (Hugging Face `tokenizers` 0.23.2) takes its
regex classes from Oniguruma, which is at Unicode 16.0: we use the newest UCD we are given
(Debian bookworm ships 15.0, so the 5,004 letters and digits first assigned in 15.1 / 16.0 are
"other" here). Its NFC comes from the crate unicode-normalization-alignments 0.1.12, whose
tables are Unicode 9.0: marks encoded later have combining class 0 there and U+11938 does not
compose. --nfc-age (default 9.0) keeps exactly that view: NFC data is taken only from code points
whose DerivedAge is at most that version. Decompositions and combining classes of assigned
characters never change (Unicode's normalization stability policy), so this equals the 9.0 tables.

The tables:
  m2__uprop_s1/s2/s3  8-bit properties per code point (bit layout in M2__UP_* below), three-level:
                      equal blocks are shared at each level, block sizes chosen to minimise bytes
and sorted lists searched by bisection, only on the slow NFC path:
  m2__uccc_tab                                    cp << 8 | combining class, for non-zero classes
  m2__udec_cp / m2__udec_info / m2__udec_pool   full canonical decompositions (Hangul excluded:
                                                 algorithmic in the C code)
  m2__ucomp_first / _second / _result            primary composites (pairs that NFC recomposes)
"""
import argparse
import os
import re
import sys

HANGUL_S0, HANGUL_SN = 0xAC00, 11172


def parse_ranges(path, want=None):
    """Yield (first, last, fields) for each data line of a UCD property file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            r = fields[0]
            if ".." in r:
                a, b = (int(x, 16) for x in r.split(".."))
            else:
                a = b = int(r, 16)
            if want is None or fields[1] == want:
                yield a, b, fields


def file_version(path):
    with open(path, encoding="utf-8") as f:
        m = re.search(r"-(\d+\.\d+\.\d+)\.txt", f.readline())
    return m.group(1) if m else "unknown"


def load(ucd, nfc_age):
    age = {}
    for a, b, f in parse_ranges(os.path.join(ucd, "DerivedAge.txt")):
        v = tuple(int(x) for x in f[1].split("."))
        for c in range(a, b + 1):
            age[c] = v
    gc, ccc, dec, kdec, lower = {}, {}, {}, {}, {}
    with open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split(";") for line in f if line.strip()]
    i = 0
    while i < len(rows):
        r = rows[i]
        c = int(r[0], 16)
        if r[1].endswith(", First>"):  # ranges such as CJK ideographs, Hangul, planes 15-16
            e = int(rows[i + 1][0], 16)
            for x in range(c, e + 1):
                gc[x] = r[2]
            i += 2
            continue
        gc[c] = r[2]
        if r[3] != "0":
            ccc[c] = int(r[3])
        if r[5] and not r[5].startswith("<"):
            dec[c] = [int(x, 16) for x in r[5].split()]
        elif r[5]:
            kdec[c] = [int(x, 16) for x in r[5].split()[1:]]
        if r[13] and int(r[13], 16) != c:
            lower[c] = int(r[13], 16)
        i += 1

    def prop(fname, name):
        s = set()
        for a, b, _ in parse_ranges(os.path.join(ucd, fname), name):
            s.update(range(a, b + 1))
        return s

    white = prop("PropList.txt", "White_Space")
    join_control = prop("PropList.txt", "Join_Control")
    alphabetic = prop("DerivedCoreProperties.txt", "Alphabetic")
    excl = set()
    for a, b, _ in parse_ranges(os.path.join(ucd, "CompositionExclusions.txt")):
        excl.update(range(a, b + 1))
    fce_ucd = prop("DerivedNormalizationProps.txt", "Full_Composition_Exclusion")
    qc = {}
    for a, b, f in parse_ranges(os.path.join(ucd, "DerivedNormalizationProps.txt"), "NFC_QC"):
        for c in range(a, b + 1):
            qc[c] = f[2]

    # NFC view: only code points assigned at or before nfc_age.
    old = lambda c: age.get(c, (99,)) <= nfc_age
    n_ccc = {c: v for c, v in ccc.items() if old(c)}
    n_dec = {c: v for c, v in dec.items() if old(c)}
    # Full_Composition_Exclusion = listed exclusions + singletons + non-starter decompositions
    # (UAX #15 section 5); checked against the UCD's own derived list right after.
    fce = set()
    for c, d in n_dec.items():
        if c in excl or len(d) == 1 or n_ccc.get(c, 0) != 0 or n_ccc.get(d[0], 0) != 0:
            fce.add(c)
    want = {c for c in fce_ucd if old(c)}
    if fce != want:
        sys.exit("Full_Composition_Exclusion mismatch: %r" % sorted(fce ^ want)[:20])

    def full(c):
        if c not in n_dec:
            return [c]
        out = []
        for x in n_dec[c]:
            out.extend(full(x))
        return out

    fulldec = {c: full(c) for c in n_dec}
    n_kdec = {c: v for c, v in kdec.items() if old(c)}

    def kfull(c):
        if c in n_kdec:
            src = n_kdec[c]
        elif c in n_dec:
            src = n_dec[c]
        else:
            return [c]
        out = []
        for x in src:
            out.extend(kfull(x))
        return out

    # NFKD where it differs from NFD (Hangul excluded: algorithmic in the C code)
    compat = {}
    for c in set(n_kdec) | set(n_dec):
        k = kfull(c)
        if k != fulldec.get(c, [c]):
            compat[c] = k
    comp = {}
    for c, d in n_dec.items():
        if c not in fce:
            assert len(d) == 2
            comp[(d[0], d[1])] = c
    seconds = {b for (_, b) in comp}
    seconds.update(range(0x1161, 0x1176))  # Hangul V and T jamo combine algorithmically
    seconds.update(range(0x11A8, 0x11C3))
    # NFC_QC: No = excluded, Maybe = can combine with the character before it.
    def nfc_qc(c):
        if c in fce:
            return "N"
        if c in seconds:
            return "M"
        return "Y"
    for c in range(0x110000):
        if old(c) and gc.get(c, "Cn") != "Cn":
            if nfc_qc(c) != qc.get(c, "Y"):
                sys.exit("NFC_QC mismatch at U+%04X: %s vs %s" % (c, nfc_qc(c), qc.get(c, "Y")))
    return dict(age=age, gc=gc, white=white, join_control=join_control, alphabetic=alphabetic,
                ccc=n_ccc, fulldec=fulldec, comp=comp, seconds=seconds, nfc_qc=nfc_qc,
                compat=compat, lower=lower)


# General categories, in the order of the regex programs' class masks (tools/convert.py GC_NAMES).
GC_NAMES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
            "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs",
            "Co", "Cn"]
BIT_COMPAT = 32  # m2__ugc: NFKD differs from NFD (look up m2__ukdec)
BIT_LOWER = 64   # m2__ugc: has a lowercase mapping (look up m2__ulower; U+0130 in the C code)


def gc_props(d):
    gc = d["gc"]
    ix = {n: i for i, n in enumerate(GC_NAMES)}
    out = bytearray(0x110000)
    for c in range(0x110000):
        v = ix[gc.get(c, "Cn")]
        if c in d["compat"]:
            v |= BIT_COMPAT
        if c in d["lower"] or c == 0x130:
            v |= BIT_LOWER
        out[c] = v
    return out


# Property bits; keep in sync with src/tokenizer.inc (the C side #defines the same names).
CLASS_OTHER, CLASS_L, CLASS_N, CLASS_WS = 0, 1, 2, 3
BIT_NFC_SAFE = 4    # ccc 0 and NFC_QC Yes: NFC never changes text across this character
BIT_WORD = 8        # regex \w (Alphabetic, M, Nd, Pc, Join_Control): added tokens' single_word
BIT_DECOMP = 16     # has a canonical decomposition (Hangul syllables excluded)
BIT_SECOND = 32     # may combine with the character before it (NFC_QC Maybe)
BIT_CCC = 64        # non-zero combining class (look up m2__uccc)


def props(d):
    gc, white = d["gc"], d["white"]
    out = bytearray(0x110000)
    for c in range(0x110000):
        g = gc.get(c, "Cn")
        if c in white:
            v = CLASS_WS
        elif g[0] == "L":
            v = CLASS_L
        elif g[0] == "N":
            v = CLASS_N
        else:
            v = CLASS_OTHER
        if d["ccc"].get(c, 0) == 0 and d["nfc_qc"](c) == "Y":
            v |= BIT_NFC_SAFE
        if c in d["alphabetic"] or g[0] == "M" or g == "Nd" or g == "Pc" or c in d["join_control"]:
            v |= BIT_WORD
        if c in d["fulldec"]:
            v |= BIT_DECOMP
        if c in d["seconds"]:
            v |= BIT_SECOND
        if d["ccc"].get(c, 0):
            v |= BIT_CCC
        out[c] = v
    return out


def split_blocks(values, shift):
    """Cut values into blocks of 1 << shift, share equal blocks: (index per block, pooled blocks, count)."""
    bs = 1 << shift
    blocks, index, pool = {}, [], []
    for i in range(0, len(values), bs):
        b = tuple(values[i:i + bs])
        if b not in blocks:
            blocks[b] = len(blocks)
            pool.extend(b)
        index.append(blocks[b])
    return index, pool, len(blocks)


def three_level(values):
    """Smallest three-level table for a byte per code point:
    v = s3[s2[s1[cp >> (a + b)] << b | (cp >> a & (1 << b) - 1)] << a | (cp & (1 << a) - 1)]."""
    best = None
    for a in range(3, 9):
        i2, s3, n3 = split_blocks(values, a)
        w2 = 1 if n3 <= 256 else 2
        for b in range(2, 8):
            s1, s2, n2 = split_blocks(i2, b)
            w1 = 1 if n2 <= 256 else 2
            size = len(s1) * w1 + len(s2) * w2 + len(s3)
            if best is None or size < best[0]:
                best = (size, a, b, s1, w1, s2, w2, s3)
    return best


def c_array(ctype, name, vals, per_line=20, fmt="%d"):
    lines = []
    for i in range(0, len(vals), per_line):
        lines.append("    " + ",".join(fmt % v for v in vals[i:i + per_line]) + ",")
    return "static const %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(vals), "\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ucd", default="/usr/share/unicode", help="directory of the UCD text files")
    ap.add_argument("--nfc-age", default="9.0", help="NFC uses code points assigned up to this version")
    ap.add_argument("-o", "--output", default=os.path.join(os.path.dirname(__file__), "..", "mamba2.h"),
                    help="mamba2.h (the tables replace the region between its M2_UNICODE_TABLES markers) "
                         "or any other path (written whole)")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(a.ucd, "UnicodeData.txt")):
        sys.exit("no UnicodeData.txt in %s (apt-get install unicode-data)" % a.ucd)
    nfc_age = tuple(int(x) for x in a.nfc_age.split("."))
    version = file_version(os.path.join(a.ucd, "DerivedAge.txt"))
    d = load(a.ucd, nfc_age)

    out = []
    total = 0
    out.append("/* Generated by tools/gen_unicode_tables.py - do not edit by hand.\n"
               "   Source: Unicode Character Database %s (%s)%s.\n"
               "   Letters (L*), numbers (N*), White_Space and \\w: Unicode %s (the reference's regex has 16.0:\n"
               "   letters and digits assigned after this version are \"other\" here; see the script).\n"
               "   NFC (combining classes, decompositions, compositions, quick check): code points assigned\n"
               "   in Unicode %s or earlier, as the reference tokenizer's NFC tables (see the script).\n"
               "   Regenerate: apt-get install unicode-data && python3 tools/gen_unicode_tables.py */\n\n"
               % (version, a.ucd, " from Debian's unicode-data package" if a.ucd == "/usr/share/unicode" else "",
                  version, a.nfc_age))
    out.append("#define M2__UNICODE_VERSION \"%s\"\n#define M2__UNICODE_NFC_VERSION \"%s\"\n" % (version, a.nfc_age))
    out.append("#define M2__UP_CLASS    3  /* 0 other, 1 letter (L*), 2 number (N*), 3 White_Space */\n"
               "#define M2__UP_NFC_SAFE %d  /* ccc 0 and NFC_QC=Yes: NFC never changes text across it */\n"
               "#define M2__UP_WORD     %d  /* regex \\w: Alphabetic, M*, Nd, Pc, Join_Control */\n"
               "#define M2__UP_DECOMP   %d /* has a canonical decomposition (not Hangul) */\n"
               "#define M2__UP_SECOND   %d /* may compose with the character before it */\n"
               "#define M2__UP_CCC      %d /* non-zero canonical combining class */\n"
               % (BIT_NFC_SAFE, BIT_WORD, BIT_DECOMP, BIT_SECOND, BIT_CCC))

    size, sa, sb, s1, w1, s2, w2, s3 = three_level(props(d))
    total += size
    out.append("#define M2__UPROP_SHIFT_A %d\n#define M2__UPROP_SHIFT_B %d\n" % (sa, sb))
    ty = lambda w: "unsigned char" if w == 1 else "unsigned short"
    out.append(c_array(ty(w1), "m2__uprop_s1", s1, 32))
    out.append(c_array(ty(w2), "m2__uprop_s2", s2, 32))
    out.append(c_array("unsigned char", "m2__uprop_s3", s3, 32))

    # Non-zero combining classes, cp << 8 | ccc, sorted: only looked up for M2__UP_CCC characters.
    cc = [c << 8 | v for c, v in sorted(d["ccc"].items())]
    total += 4 * len(cc)
    out.append("#define M2__UCCC_N %d\n" % len(cc))
    out.append(c_array("uint32_t", "m2__uccc_tab", cc, 12, "0x%X"))

    # Decompositions: info = pool offset << 2 | (length - 1).
    cps = sorted(d["fulldec"])
    pool, info = [], []
    for c in cps:
        seq = d["fulldec"][c]
        assert 1 <= len(seq) <= 4
        info.append(len(pool) << 2 | (len(seq) - 1))
        pool.extend(seq)
    assert len(pool) < (1 << 14)
    total += 4 * len(cps) + 2 * len(info) + 4 * len(pool)
    out.append("#define M2__UDEC_N %d\n" % len(cps))
    out.append(c_array("uint32_t", "m2__udec_cp", cps, 12, "0x%X"))
    out.append(c_array("unsigned short", "m2__udec_info", info, 16))
    out.append(c_array("uint32_t", "m2__udec_pool", pool, 12, "0x%X"))

    size, sa, sb, s1, w1, s2, w2, s3 = three_level(gc_props(d))
    total += size
    out.append("/* general category (index into the order of tools/convert.py GC_NAMES) | M2__UGC_* bits */\n"
               "#define M2__UGC_COMPAT %d\n#define M2__UGC_LOWER %d\n"
               "#define M2__UGC_SHIFT_A %d\n#define M2__UGC_SHIFT_B %d\n" % (BIT_COMPAT, BIT_LOWER, sa, sb))
    out.append(c_array(ty(w1), "m2__ugc_s1", s1, 32))
    out.append(c_array(ty(w2), "m2__ugc_s2", s2, 32))
    out.append(c_array("unsigned char", "m2__ugc_s3", s3, 32))

    # Compatibility decompositions (full NFKD, where it differs from NFD): info = offset << 5 | (length - 1).
    kc = sorted(d["compat"])
    kpool, kinfo = [], []
    for c in kc:
        seq = d["compat"][c]
        assert 1 <= len(seq) <= 32
        kinfo.append(len(kpool) << 5 | (len(seq) - 1))
        kpool.extend(seq)
    total += 4 * len(kc) + 4 * len(kinfo) + 4 * len(kpool)
    out.append("#define M2__UKDEC_N %d\n" % len(kc))
    out.append(c_array("uint32_t", "m2__ukdec_cp", kc, 12, "0x%X"))
    out.append(c_array("uint32_t", "m2__ukdec_info", kinfo, 12, "0x%X"))
    out.append(c_array("uint32_t", "m2__ukdec_pool", kpool, 12, "0x%X"))

    # Simple lowercase mappings (Rust's char::to_lowercase; its one longer mapping, U+0130, is in the C code).
    lw = sorted(d["lower"].items())
    total += 8 * len(lw)
    out.append("#define M2__ULOWER_N %d\n" % len(lw))
    out.append(c_array("uint32_t", "m2__ulower_cp", [c for c, _ in lw], 12, "0x%X"))
    out.append(c_array("uint32_t", "m2__ulower_to", [v for _, v in lw], 12, "0x%X"))

    pairs = sorted(d["comp"].items())
    total += 12 * len(pairs)
    out.append("#define M2__UCOMP_N %d\n" % len(pairs))
    out.append(c_array("uint32_t", "m2__ucomp_first", [k[0] for k, _ in pairs], 12, "0x%X"))
    out.append(c_array("uint32_t", "m2__ucomp_second", [k[1] for k, _ in pairs], 12, "0x%X"))
    out.append(c_array("uint32_t", "m2__ucomp_result", [v for _, v in pairs], 12, "0x%X"))
    out.insert(1, "/* Total table size: %d bytes. */\n" % total)

    text = "\n".join(out)
    if os.path.basename(a.output) == "mamba2.h":
        begin, end = "/* M2_UNICODE_TABLES_BEGIN */\n", "/* M2_UNICODE_TABLES_END */\n"
        with open(a.output, encoding="utf-8") as f:
            header = f.read()
        i, j = header.find(begin), header.find(end)
        if i < 0 or j < i:
            sys.exit("%s has no M2_UNICODE_TABLES_BEGIN/END markers" % a.output)
        text = header[:i + len(begin)] + text + header[j:]
    with open(a.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("wrote %s: %d bytes of tables (%d decompositions, %d compositions)" % (a.output, total, len(cps), len(pairs)))


if __name__ == "__main__":
    main()
