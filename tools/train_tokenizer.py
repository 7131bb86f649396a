#!/usr/bin/env python3
"""Train the byte-level BPE tokenizer of the shipped demo model and save it as tokenizer.json.

The file has the structure HF `tokenizers` writes for GPT-2/GPT-NeoX style tokenizers (NFC
normalizer, ByteLevel pre-tokenizer/post-processor/decoder, BPE model with byte-to-unicode
vocab and "a b" merges), so any HF-compatible loader reads it. `ByteBPE.encode` reproduces
that tokenizer's encoding and is what the training pipeline uses.

  /usr/bin/python3 tools/train_tokenizer.py --docs OUT/train_docs.jsonl --vocab 4096 --out tokenizer.json

Vocab: id 0 <|endoftext|> (document separator), ids 1..256 the 256 bytes, then merges.
Deterministic: pair-count ties are broken by the pair's text.
"""
import argparse
import heapq
import json
import sys
import unicodedata
from collections import Counter

import regex

EOT = "<|endoftext|>"

# GPT-2's pre-tokenizer pattern. \s is spelled out as the Oniguruma set HF tokenizers uses;
# Python's \s would also take U+001C..U+001F.
_WS = "\\t\\n\\x0b\\x0c\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
PRETOK = regex.compile(
    r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^" + _WS + r"\p{L}\p{N}]+|[" + _WS + r"]+(?![^" + _WS + r"])|[" + _WS + r"]+")


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable character map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


B2U = bytes_to_unicode()


def pretokenize(text):
    text = unicodedata.normalize("NFC", text)
    return ["".join(B2U[b] for b in w.encode("utf-8")) for w in PRETOK.findall(text)]


class ByteBPE:
    """Encoder for a tokenizer.json written by this script."""

    def __init__(self, path):
        tj = json.load(open(path, encoding="utf-8"))
        self.vocab = tj["model"]["vocab"]
        self.ranks = {tuple(m.split(" ")): i for i, m in enumerate(tj["model"]["merges"])}
        self.id_to_tok = {i: t for t, i in self.vocab.items()}
        self.u2b = {u: b for b, u in B2U.items()}
        self.cache = {}
        self.eot_id = self.vocab[EOT]

    def _bpe(self, word):
        syms = list(word)
        ranks = self.ranks
        while len(syms) > 1:
            best, bi = None, -1
            for i in range(len(syms) - 1):
                r = ranks.get((syms[i], syms[i + 1]))
                if r is not None and (best is None or r < best):
                    best, bi = r, i
            if best is None:
                break
            a, b = syms[bi], syms[bi + 1]
            out, i = [], 0
            while i < len(syms):
                if i < len(syms) - 1 and syms[i] == a and syms[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            syms = out
        return [self.vocab[s] for s in syms]

    def encode(self, text):
        ids = []
        cache = self.cache
        for w in pretokenize(text):
            t = cache.get(w)
            if t is None:
                t = cache[w] = self._bpe(w)
            ids.extend(t)
        return ids

    def decode(self, ids):
        bs = bytearray()
        for i in ids:
            if i == self.eot_id:
                bs += EOT.encode()
            else:
                bs += bytes(self.u2b[c] for c in self.id_to_tok[i])
        return bs.decode("utf-8", errors="replace")


def train(word_counts, vocab_size):
    base = [B2U[b] for b in range(256)]
    n_merges = vocab_size - 1 - len(base)
    words = [list(w) for w in word_counts]
    counts = list(word_counts.values())
    pair_count = Counter()
    where = {}
    for wi, (syms, c) in enumerate(zip(words, counts)):
        for p in zip(syms, syms[1:]):
            pair_count[p] += c
            where.setdefault(p, set()).add(wi)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < n_merges and heap:
        negc, p = heapq.heappop(heap)
        if pair_count.get(p, 0) != -negc or negc == 0:
            continue  # stale entry
        merges.append(p)
        a, b = p
        new = a + b
        touched = Counter()
        for wi in where.pop(p, ()):
            syms = words[wi]
            if len(syms) < 2:
                continue
            c = counts[wi]
            out, i, hit = [], 0, False
            while i < len(syms):
                if i < len(syms) - 1 and syms[i] == a and syms[i + 1] == b:
                    out.append(new)
                    i += 2
                    hit = True
                else:
                    out.append(syms[i])
                    i += 1
            if not hit:
                continue
            for q in zip(syms, syms[1:]):
                pair_count[q] -= c
                touched[q] += 1
            for q in zip(out, out[1:]):
                pair_count[q] += c
                touched[q] += 1
                where.setdefault(q, set()).add(wi)
            words[wi] = out
        pair_count.pop(p, None)
        for q in touched:
            if q == p:
                continue
            c = pair_count.get(q, 0)
            if c <= 0:
                pair_count.pop(q, None)
            else:
                heapq.heappush(heap, (-c, q))
        if len(merges) % 500 == 0:
            print("  %d merges, last %r" % (len(merges), new), file=sys.stderr)
    vocab = {EOT: 0}
    for s in base:
        vocab[s] = len(vocab)
    for a, b in merges:
        vocab[a + b] = len(vocab)
    return vocab, merges


def tokenizer_json(vocab, merges):
    bl = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": 0, "special": True, "content": EOT, "single_word": False,
                          "lstrip": False, "rstrip": False, "normalized": False}],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": dict(bl),
        "post_processor": dict(bl),
        "decoder": dict(bl),
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "vocab": vocab,
                  "merges": ["%s %s" % m for m in merges]},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", required=True, help="train_docs.jsonl from prepare_data.py")
    ap.add_argument("--vocab", type=int, default=4096, help="total tokens incl. <|endoftext|> and 256 bytes")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    wc = Counter()
    with open(args.docs, encoding="utf-8") as f:
        for line in f:
            wc.update(pretokenize(json.loads(line)["text"]))
    print("%d distinct pre-tokens, %d in all" % (len(wc), sum(wc.values())), file=sys.stderr)
    # sorted so that the result does not depend on dict insertion order
    wc = Counter(dict(sorted(wc.items())))
    vocab, merges = train(wc, args.vocab)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab, merges), f, ensure_ascii=False, indent=2)
    print("wrote %s: %d tokens, %d merges" % (args.out, len(vocab), len(merges)), file=sys.stderr)


if __name__ == "__main__":
    main()
