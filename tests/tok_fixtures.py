#!/usr/bin/env python3
"""Small hand-made tokenizer.json files, one per construct of the tokenizer pipeline, for
tests/test_tokenizer_v2.h. Usage: tok_fixtures.py OUT_DIR. The expected ids live in the C test,
each worked out by hand from Hugging Face `tokenizers` semantics (the comments there say how).

byte-level files: id of byte b = b (its byte-level alphabet character), then one merge for every
ordered pair of characters in PAIR_CHARS, ids PAIR_BASE + i in that order, so a piece of two such
characters is one id and a boundary in the wrong place shows as a merged id. Ids 256..PAIR_BASE-1
are a gap (no token).

SentencePiece-style files: <unk> <s> </s>, <0x00>..<0xFF> (3..258), then a small vocabulary.
"""
import json
import os
import sys

PAIR_CHARS = "ab1, 'AB"
PAIR_BASE = 300


def byte_alphabet():
    keep = list(range(0x21, 0x7F)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    out, n = {}, 0
    for b in range(256):
        if b in keep:
            out[b] = chr(b)
        else:
            out[b] = chr(256 + n)
            n += 1
    return out


def byte_level(pre, normalizer=None, ignore_merges=False, added=(), outside=None):
    b2u = byte_alphabet()
    vocab = {b2u[b]: b for b in range(256)}
    vocab.update(outside or {})  # entries with characters outside the byte-level alphabet
    merges = []
    i = PAIR_BASE
    for x in PAIR_CHARS:
        for y in PAIR_CHARS:
            a, b = b2u[ord(x)], b2u[ord(y)]
            vocab[a + b] = i
            merges.append([a, b])
            i += 1
    return {"version": "1.0", "truncation": None, "padding": None, "added_tokens": list(added),
            "normalizer": normalizer, "pre_tokenizer": pre, "post_processor": None,
            "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                      "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False,
                      "ignore_merges": ignore_merges, "vocab": vocab, "merges": merges}}


def seq(*steps):
    return {"type": "Sequence", "pretokenizers": list(steps) + [
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}


def split(pattern, behavior, invert=False, regex=True):
    return {"type": "Split", "pattern": {"Regex" if regex else "String": pattern}, "behavior": behavior,
            "invert": invert}


def spm(pre, normalizer, decoder, byte_fallback=True, fuse_unk=True, post=None):
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab["<0x%02X>" % b] = 3 + b
    for w in ["\u2581", "a", "b", "\u2581a", "ab", "\u2581ab", "c"]:
        vocab[w] = len(vocab)
    return {"version": "1.0", "added_tokens": [
                {"id": i, "content": c, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True} for i, c in enumerate(["<unk>", "<s>", "</s>"])],
            "normalizer": normalizer, "pre_tokenizer": pre, "post_processor": post, "decoder": decoder,
            "model": {"type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": fuse_unk, "byte_fallback": byte_fallback,
                      "vocab": vocab, "merges": ["\u2581 a", "a b", "\u2581a b"]}}


SPM_DECODER = {"type": "Sequence", "decoders": [
    {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "}, {"type": "ByteFallback"},
    {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}
TEMPLATE = {"type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "</s>", "type_id": 0}}],
            "pair": [], "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]},
                                           "</s>": {"id": "</s>", "ids": [2], "tokens": ["</s>"]}}}

FIXTURES = {
    "removed": byte_level(seq(split(" ", "Removed", regex=False)), outside={"a b": 290}),
    "inverted": byte_level(seq(split(r"\p{L}+", "Removed", invert=True))),
    "three_splits": byte_level(seq(split(" ", "MergedWithPrevious", regex=False), split(",", "Isolated", regex=False),
                                   {"type": "Digits", "individual_digits": True})),
    "merged_next": byte_level(seq(split("a", "MergedWithNext"))),
    "contiguous": byte_level(seq({"type": "Digits", "individual_digits": False})),
    "lookahead": byte_level(seq(split(r"\s+(?!\S)|\s+", "Isolated"))),
    "counted": byte_level(seq(split(r"\p{N}{1,3}", "Isolated"))),
    "nested": byte_level(seq(split(r"(a+)+b|(a|aa)+c", "Isolated"))),
    "nocase": byte_level(seq(split(r"(?i:ab)|\p{L}", "Isolated"))),
    "nfkc_lower": byte_level(seq(split(" ", "Removed", regex=False)),
                             normalizer={"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]}),
    "nfc": byte_level(seq(split(" ", "Removed", regex=False)), normalizer={"type": "NFC"}),
    "metaspace_first": spm({"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": True},
                           None, SPM_DECODER, post=TEMPLATE),
    "metaspace_nosplit": spm({"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": False},
                             None, SPM_DECODER),
    "legacy_spm": spm(None, {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
                                                                  {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]},
                      SPM_DECODER),
    "unk_fused": spm(None, {"type": "Prepend", "prepend": "\u2581"}, SPM_DECODER, byte_fallback=False),
    "unk_unfused": spm(None, {"type": "Prepend", "prepend": "\u2581"}, SPM_DECODER, byte_fallback=False, fuse_unk=False),
    "metaspace_decoder": spm({"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True},
                             None, {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}),
}


def main():
    out = sys.argv[1]
    for name, tj in FIXTURES.items():
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(tj, f, ensure_ascii=False)
    with open(os.path.join(out, "metaspace_first", "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"bos_token": {"content": "<s>", "special": True}, "eos_token": "</s>",
                   "chat_template": [{"name": "tool_use", "template": "x"}, {"name": "default", "template": "{{ bos_token }}hi"}]}, f)


if __name__ == "__main__":
    main()
