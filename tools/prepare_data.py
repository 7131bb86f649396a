#!/usr/bin/env python3
"""Clean the training corpus for the shipped demo model and hold out the validation ranges.

Reads the public-domain children's books (Project Gutenberg texts) and the TinyStories
excerpt (CDLA-Sharing-1.0), writes

  OUT/train_docs.jsonl   one cleaned document per line ({"src": file, "text": ...})
  OUT/val_<name>.txt     each held-out range, cleaned exactly like the training text
  OUT/manifest.json      the held-out files and byte ranges, filter statistics

Nothing here is random: the same corpus always gives byte-identical output.

  /usr/bin/python3 tools/prepare_data.py --corpus CORPUS_DIR --out OUT
"""
import argparse
import codecs
import glob
import json
import os
import re
import sys
import unicodedata

# Held-out ranges: (name, file relative to the corpus dir, start byte, end byte). Offsets refer
# to the raw file and are snapped forward to the next paragraph start ("\n\n") so that
# cleaning the range alone gives the same text as cleaning it in place. The whole file the
# range lives in still trains, minus the range.
HELD_OUT = [
    ("tinystories", "tinystories/tinystories_val_head.txt", 754000, None),
    ("books", "public-domain/pg7439_jacobs_english_fairy_tales.txt", 200000, 240000),
]

# Passages containing any of these are dropped. The word stems are stored ROT13-encoded so that the
# source does not display slurs to every reader (codecs.decode(stem, "rot13") shows them); the
# second item is the plain regex for endings. Deliberately broad ("coon", "chink" also have
# harmless meanings): losing a few harmless paragraphs is cheaper than teaching a children's demo
# model a slur. The first entry skips "niggard" (stingy), which is common in these books.
_SLURS_ROT13 = [
    ('avtt', r"(?!ard)\w*"),
    ('avten', r"\w*"),
    ('qnex', r"(e?y|ies?)\b"),
    ('cvpxnavaa', r"\w*"),
    ('cvpnavaa', r"\w*"),
    ('cvppnavaa', r"\w*"),
    ('pbba', r"s?\b"),
    ('vawha', r"s?\b"),
    ('erqfxva', r"s?\b"),
    ('erq-fxva', r"s?\b"),
    ('fdhnj', r"s?\b"),
    ('puvax', r"s?\b"),
    ('puvanzna', r"\b"),
    ('puvanzra', r"\b"),
    ('wnc', r"s?\b"),
    ('jbc', r"s?\b"),
    ('qntb', r"(e?s)?\b"),
    ('xvxr', r"s?\b"),
    ('fcvp', r"s?\b"),
    ('tbbx', r"s?\b"),
    ('jbt', r"s?\b"),
    ('tbyyvjbt', r"g?s?\b"),
    ('tbyyljbt', r"g?s?\b"),
    ('ubggragbg', r"s?\b"),
    ('unys-oerrq', r"s?\b"),
    ('unysoerrq', r"s?\b"),
    ('fnzob', r"\b"),
]
SLUR_RES = [re.compile(r"\b" + re.escape(codecs.decode(stem, "rot13")) + end, re.IGNORECASE)
            for stem, end in _SLURS_ROT13]

# Project Gutenberg boilerplate. The corpus was already stripped; these catch any leftovers.
PG_START = re.compile(r"^\*\*\* ?START OF (THIS|THE) PROJECT GUTENBERG.*$|^\*END\*THE SMALL PRINT.*$",
                      re.MULTILINE | re.IGNORECASE)
PG_END = re.compile(r"^\*\*\* ?END OF (THIS|THE) PROJECT GUTENBERG.*$|^End of (the )?Project Gutenberg.*$",
                    re.MULTILINE | re.IGNORECASE)
PG_CREDIT = re.compile(r"^(Produced by|E-text prepared by|Transcriber's note).*$", re.IGNORECASE)

ILLUSTRATION = re.compile(r"\[(Illustration|Decoration|Frontispiece)[^\]]*\]", re.IGNORECASE)
# TinyStories excerpt: UTF-8 punctuation that went through a Windows-1252 round trip.
MOJIBAKE = re.compile("\u00e2\u20ac[\u0080-\u00ff\u0100-\uffff]")

QUOTES = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u00b4": "'", "\u0060": "'",
    "\u2014": "--", "\u2013": "-", "\u2012": "-", "\u2026": "...",
    "\u00a0": " ", "\u200a": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
}
QUOTES_RE = re.compile("|".join(re.escape(k) for k in QUOTES))


def fix_mojibake(text):
    def one(m):
        s = m.group(0)
        try:
            return s.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            # cp1252 leaves 0x81, 0x8d, 0x8f, 0x90, 0x9d undefined; latin-1 maps them through.
            b = b"\xe2\x80" + bytes([ord(s[2]) if ord(s[2]) < 256 else s[2].encode("cp1252")[0]])
            return b.decode("utf-8", errors="replace")
    return MOJIBAKE.sub(one, text)


def normalise(text):
    """Character-level cleaning shared by every source."""
    text = unicodedata.normalize("NFC", text)
    text = QUOTES_RE.sub(lambda m: QUOTES[m.group(0)], text)
    # drop control characters other than newline (none expected, but they would become odd tokens)
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    return text


def reflow(par):
    """Join hard-wrapped prose lines into one line; keep verse (short lines) as printed."""
    lines = [ln.strip() for ln in par.split("\n") if ln.strip()]
    if not lines:
        return ""
    if len(lines) > 1 and sum(len(ln) for ln in lines) / len(lines) >= 45:
        return re.sub(r" +", " ", " ".join(lines))
    return "\n".join(re.sub(r" +", " ", ln) for ln in lines)


class Stats:
    def __init__(self):
        self.dropped = {}       # file -> passages dropped for a slur
        self.illustrations = 0

    def as_dict(self):
        return {"slur_passages_dropped": self.dropped,
                "slur_passages_total": sum(self.dropped.values()),
                "illustration_captions_removed": self.illustrations}


def clean_book(text, name, stats):
    m = PG_START.search(text)
    if m:
        text = text[m.end():]
    m = PG_END.search(text)
    if m:
        text = text[:m.start()]
    text, n = ILLUSTRATION.subn("", text)
    stats.illustrations += n
    text = normalise(text)
    # italics are printed as _word_; the underscores carry no meaning in running text
    text = text.replace("_", "")
    # the McGuffey readers print contractions the 1879 way ("do n't")
    text = re.sub(r"(\w) n't\b", r"\1n't", text)
    return paragraphs(text, name, stats, skip_credit=True)


def clean_tinystories(text, name, stats):
    return paragraphs(normalise(fix_mojibake(text)), name, stats)


def paragraphs(text, name, stats, skip_credit=False):
    out = []
    for par in re.split(r"\n\s*\n", text):
        par = reflow(par)
        if not par or (skip_credit and PG_CREDIT.match(par)):
            continue
        if any(r.search(par) for r in SLUR_RES):
            stats.dropped[name] = stats.dropped.get(name, 0) + 1
            continue
        out.append(par)
    return out


def split_stories(pars):
    """The TinyStories excerpt does not mark story boundaries; most stories open with
    'Once upon a time', so start a new document there."""
    docs, cur = [], []
    for p in pars:
        if p.startswith("Once upon a time") and cur:
            docs.append(cur)
            cur = []
        cur.append(p)
    if cur:
        docs.append(cur)
    return ["\n\n".join(d) for d in docs]


def snap(raw, pos):
    """First paragraph start at or after byte pos."""
    if pos is None or pos >= len(raw):
        return len(raw)
    if pos == 0:
        return 0
    i = raw.find(b"\n\n", pos)
    if i < 0:
        return len(raw)
    while i < len(raw) and raw[i:i + 1] == b"\n":
        i += 1
    return i


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="corpus dir with public-domain/ and tinystories/")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    stats = Stats()

    files = sorted(glob.glob(os.path.join(args.corpus, "public-domain", "*.txt")))
    files += sorted(glob.glob(os.path.join(args.corpus, "tinystories", "*.txt")))
    held = {rel: (name, a, b) for name, rel, a, b in HELD_OUT}
    docs, manifest_val = [], []
    for path in files:
        rel = os.path.relpath(path, args.corpus)
        raw = open(path, "rb").read()
        is_ts = rel.startswith("tinystories/")
        clean = clean_tinystories if is_ts else clean_book
        pieces = [(raw, None)]
        if rel in held:
            name, a, b = held[rel]
            a, b = snap(raw, a), snap(raw, b)
            pieces = [(raw[:a], None), (raw[a:b], name), (raw[b:], None)]
            manifest_val.append({"name": name, "file": rel, "byte_start": a, "byte_end": b,
                                 "out": "val_%s.txt" % name})
        for chunk, val_name in pieces:
            if not chunk:
                continue
            pars = clean(chunk.decode("utf-8"), rel, stats)
            if val_name:
                with open(os.path.join(args.out, "val_%s.txt" % val_name), "w", encoding="utf-8") as f:
                    f.write("\n\n".join(pars) + "\n")
                continue
            texts = split_stories(pars) if is_ts else ["\n\n".join(pars)]
            docs += [{"src": rel, "text": t} for t in texts if t]

    n_bytes = 0
    with open(os.path.join(args.out, "train_docs.jsonl"), "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
            n_bytes += len(d["text"].encode("utf-8"))
    manifest = {"held_out": manifest_val, "train_docs": len(docs), "train_bytes": n_bytes}
    manifest.update(stats.as_dict())
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
