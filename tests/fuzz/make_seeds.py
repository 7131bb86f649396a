#!/usr/bin/env python3
"""Write the seed corpora of the libFuzzer harnesses in tests/fuzz/ (nothing binary is committed).

    python3 tests/fuzz/make_seeds.py [OUT_DIR]       (default build/fuzz)

OUT_DIR gets
    corpus/load/        model files, each behind a control byte (see fuzz_load.c): the golden
                        checkpoints converted by tools/convert.py in every dtype (when the shared
                        data is there: $M2_SHARED_DIR or ../shared), small synthetic models written
                        here from docs/FORMAT.md (every flag, dtype and odd shape), and a small model
                        whose tokenizer section exercises every added-token flag
    corpus/tokenizer/   texts behind a flags byte: ASCII, NFC/NFD, Hangul, CJK, emoji, invalid
                        UTF-8, special-token text, whitespace runs, lines of the shared corpus
    corpus/session/     snapshot-shaped inputs behind a mode byte (see fuzz_session.c)
    corpus/sampler/     sampler options and logits with NaN, +-Inf, equal and huge values
    corpus/api/         short sequences of session calls (see fuzz_api.c)
    neox_tok.bin        a 1-layer random model with the GPT-NeoX tokenizer, for fuzz_tokenizer
                        (needs ../shared/data/gpt-neox-20b/tokenizer.json or $M2_NEOX_TOKENIZER)
    tiny_tok.bin        the small model with the every-flag tokenizer (fuzz_tokenizer's fallback)
Standard library only; about a second.
"""
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "fuzz"))
SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(ROOT, "..", "shared")
NEOX = os.environ.get("M2_NEOX_TOKENIZER") or os.path.join(SHARED, "data", "gpt-neox-20b", "tokenizer.json")
rng = random.Random(1234)


def put(kind, name, data):
    d = os.path.join(OUT, "corpus", kind)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def convert(src, out, *extra):
    cmd = [sys.executable, os.path.join(ROOT, "tools", "convert.py"), src, out, "-q"] + list(extra)
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.stderr.write("make_seeds: convert failed for %s: %s\n" % (src, r.stderr.decode(errors="replace")))
        return None
    with open(out, "rb") as f:
        return f.read()


# --------------------------------------------------------------------------- model files (FORMAT.md)

def f32s(vals):
    return struct.pack("<%df" % len(vals), *vals)


def f16(x):
    return struct.unpack("<H", struct.pack("<e", x))[0]


def encode(vals, dtype, cols):
    if dtype == 0:
        return f32s(vals)
    if dtype == 1:
        return struct.pack("<%de" % len(vals), *vals)
    if dtype == 2:
        return b"".join(struct.pack("<I", struct.unpack("<I", struct.pack("<f", v))[0])[2:] for v in vals)
    out = bytearray()  # Q8_0: per row, blocks of 32: f16 scale, 32 int8
    for r in range(len(vals) // cols):
        row = vals[r * cols:(r + 1) * cols]
        for b in range(0, cols, 32):
            blk = row[b:b + 32]
            amax = max(abs(v) for v in blk)
            d = amax / 127.0
            out += struct.pack("<H", f16(d))
            out += bytes((int(round(v / d)) if d else 0) & 0xFF for v in blk)
    return bytes(out)


def model_file(D=8, L=1, V=16, vs=None, N=4, K=4, P=4, G=1, expand=2, tied=True, nbg=False, proj_bias=False,
               conv_bias=True, dtype=0, eos=-1, bos=-1, chunk=16, eps=1e-5, dt=(0.0, float("inf")), tok=b"", scale=1.0):
    E = expand * D
    H = E // P
    conv_dim = E + 2 * G * N
    dip = 2 * E + 2 * G * N + H

    def rnd(n, s=0.3):
        return [rng.uniform(-s, s) * scale for _ in range(n)]

    ts = [("backbone.embeddings.weight", (V, D), True, rnd(V * D))]
    if not tied:
        ts.append(("lm_head.weight", (V, D), True, rnd(V * D)))
    ts.append(("backbone.norm_f.weight", (D,), False, [1.0] * D))
    for i in range(L):
        p = "backbone.layers.%d." % i
        ts.append((p + "norm.weight", (D,), False, [1.0] * D))
        ts.append((p + "mixer.in_proj.weight", (dip, D), True, rnd(dip * D)))
        if proj_bias:
            ts.append((p + "mixer.in_proj.bias", (dip,), False, rnd(dip, 0.1)))
        ts.append((p + "mixer.conv1d.weight", (conv_dim, 1, K), False, rnd(conv_dim * K, 0.5)))
        if conv_bias:
            ts.append((p + "mixer.conv1d.bias", (conv_dim,), False, rnd(conv_dim, 0.1)))
        ts.append((p + "mixer.dt_bias", (H,), False, [rng.uniform(-4, -2) for _ in range(H)]))
        ts.append((p + "mixer.A_log", (H,), False, [math.log(rng.uniform(1, 16)) for _ in range(H)]))
        ts.append((p + "mixer.D", (H,), False, [1.0] * H))
        ts.append((p + "mixer.norm.weight", (E,), False, [1.0] * E))
        ts.append((p + "mixer.out_proj.weight", (D, E), True, rnd(D * E, 0.1)))
        if proj_bias:
            ts.append((p + "mixer.out_proj.bias", (D,), False, rnd(D, 0.1)))
    ents = []
    for name, dims, mat, vals in ts:
        dt_ = dtype if mat else 0
        ents.append((name.encode(), dt_, dims, encode(vals, dt_, dims[-1])))
    dir_size = sum(4 + len(n) + 8 + 8 * len(d) + 16 for n, _, d, _ in ents)
    tok_off = 0
    meta_end = 160 + dir_size
    if tok:
        tok_off = (meta_end + 3) // 4 * 4
        meta_end = tok_off + len(tok)
    data_off = (meta_end + 63) // 64 * 64
    off, dirb, datab = data_off, bytearray(), bytearray()
    for name, dt_, dims, blob in ents:
        dirb += struct.pack("<I", len(name)) + name + struct.pack("<II", dt_, len(dims))
        dirb += struct.pack("<%dQ" % len(dims), *dims) + struct.pack("<QQ", off, len(blob))
        datab += blob + bytes(-len(blob) % 64)
        off += len(blob) + (-len(blob) % 64)
    flags = (1 if tied else 0) | (2 if nbg else 0) | (4 if proj_bias else 0) | (8 if conv_bias else 0)
    hdr = bytearray(160)
    hdr[0:8] = b"MAMBA2BN"
    struct.pack_into("<IIQQQQQQII", hdr, 8, 1, 160, data_off + len(datab), 160, dir_size, tok_off, len(tok),
                     data_off, len(ents), flags)
    struct.pack_into("<11I", hdr, 72, D, L, V, vs or V, N, K, E, P, H, G, chunk)
    struct.pack_into("<4f2i", hdr, 116, eps, eps, dt[0], dt[1], eos, bos)
    meta = bytes(hdr) + bytes(dirb)
    if tok:
        meta += bytes(tok_off - len(meta)) + tok
    meta += bytes(data_off - len(meta))
    crc = zlib.crc32(meta[:140] + b"\0\0\0\0" + meta[144:]) & 0xFFFFFFFF
    meta = meta[:140] + struct.pack("<I", crc) + meta[144:]
    return meta + bytes(datab)


def tiny_tokenizer_json():
    """A byte-level BPE tokenizer.json with a few merges and an added token of every flag."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    alpha = {b: chr(c) for b, c in zip(bs, cs)}
    vocab = {alpha[b]: i for i, b in enumerate(range(256))}
    merges = []
    for a, b in [("h", "e"), ("l", "l"), ("he", "ll"), ("o", "\u0120"), ("\u0120", "w"), ("\u0120w", "o"),
                 ("r", "l"), ("\u0120wo", "rl"), ("hell", "o"), ("\u00c3", "\u00a9")]:
        vocab.setdefault(a + b, len(vocab))
        merges.append(a + " " + b)
    added = [("<|endoftext|>", dict(special=True, normalized=False)),
             ("<mask>", dict(special=True, normalized=False, lstrip=True, rstrip=True)),
             ("[SW]", dict(special=False, normalized=False, single_word=True)),
             ("e\u0301x", dict(special=False, normalized=True)),
             ("  ", dict(special=False, normalized=True))]
    added_tokens = []
    for content, fl in added:
        tid = len(vocab)
        vocab[content] = tid
        t = dict(id=tid, content=content, single_word=False, lstrip=False, rstrip=False)
        t.update(fl)
        added_tokens.append(t)
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added_tokens,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": merges},
    }


def make_checkpoint(d, vocab, d_model=8, extra=()):
    cmd = [sys.executable, os.path.join(ROOT, "tools", "make_random_checkpoint.py"), d, "--d-model", str(d_model),
           "--n-layer", "1", "--vocab", str(vocab), "--d-state", "4", "--headdim", "8", "--chunk-size", "16"] + list(extra)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE).returncode == 0


def load_seeds(tmp):
    models = {}
    # synthetic: every flag, dtype and some odd shapes
    models["syn_min"] = model_file(D=1, L=1, V=1, N=1, K=1, P=1, expand=1)
    models["syn_default"] = model_file()
    models["syn_untied_bias"] = model_file(tied=False, proj_bias=True, nbg=True, V=24, vs=21, eos=3, bos=2)
    models["syn_groups"] = model_file(D=16, L=2, V=32, N=8, P=8, G=2, expand=2, K=3)
    models["syn_f16"] = model_file(dtype=1, V=20, vs=17)
    models["syn_bf16"] = model_file(dtype=2, L=2, conv_bias=False)
    models["syn_q8"] = model_file(D=32, dtype=3, V=8, N=4, P=16, tied=False)
    models["syn_k1_dtclamp"] = model_file(K=1, dt=(0.001, 0.1), eps=1e-6)
    models["syn_big_values"] = model_file(scale=1e4)
    # a small model with a tokenizer section using every added-token flag
    ck = os.path.join(tmp, "tiny_tok_ckpt")
    tj = os.path.join(tmp, "tiny_tokenizer.json")
    with open(tj, "w", encoding="utf-8") as f:
        json.dump(tiny_tokenizer_json(), f, ensure_ascii=False)
    if make_checkpoint(ck, 300):
        b = convert(ck, os.path.join(tmp, "tiny_tok.bin"), "--tokenizer", tj)
        if b:
            models["conv_tiny_tok"] = b
            with open(os.path.join(OUT, "tiny_tok.bin"), "wb") as f:
                f.write(b)
    # the golden checkpoints through the real converter, in every output dtype
    # (and format version 2: the hybrid and Mamba-1 cases, every layer kind among them)
    for case in ("tiny", "groups", "granite-h-tiny", "nemotron-h-tiny", "falcon-h1-tiny", "mamba1-tiny", "falcon-mamba-tiny"):
        src = os.path.join(SHARED, "golden", case, "hf")
        if not os.path.isdir(src):
            continue
        for dt in (("f32", "bf16", "f16", "q8_0") if case in ("tiny", "groups") else ("f32", "bf16")):
            b = convert(src, os.path.join(tmp, "%s_%s.bin" % (case, dt)), "--dtype", dt)
            if b:
                models["golden_%s_%s" % (case, dt)] = b
    for name, b in sorted(models.items()):
        # big files slow every mutation down: the golden ones get two control bytes, not six
        controls = (0x01, 0x35) if name.startswith("golden") else (0x00, 0x01, 0x03, 0x17, 0x35, 0x4B)
        for control in controls:
            put("load", "%s_c%02x" % (name, control), bytes([control]) + b)
    return models


# --------------------------------------------------------------------------- tokenizer texts

def tokenizer_seeds():
    texts = [
        b"Hello, world!", b"The quick brown fox jumps over the lazy dog.", b"", b" ", b"  \n\n\t  x",
        b"<|endoftext|>", b"a<|endoftext|>b<|padding|>c", b"<|endoftext", b"it's we're I'd you'll 'S",
        b"12345 678.9e10 0x1F", b"    def f(x):\n        return x  # comment\n",
        "caf\u00e9 cafe\u0301 \u00c5 A\u030a \u1e69 s\u0323\u0307 \u0071\u0307\u0323".encode(),
        "\ud55c\uad6d\uc5b4 \u1100\u1161\u11a8 \u4e2d\u6587 \u65e5\u672c\u8a9e \u0627\u0644\u0639\u0631\u0628\u064a\u0629".encode(),
        "\U0001F600\U0001F469\u200d\U0001F4bb \u2603 \ufeff\u00a0\u3000".encode(),
        "\u0915\u094d\u0937 \u0e01\u0e34 \u05e9\u05c1 \u1f00\u0345".encode(),
        b"\xff\xfe\xfd", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80",
        b"ab\x80cd\xbf", b"\x00\x01\x02 nul", "e\u0301\u0301x [SW] <mask> wordy".encode(),
        b"a" * 300, b" " * 100, ("\u00e9" * 50).encode(), ("e\u0301" * 50).encode(), b"!" * 64 + b"?" * 64,
    ]
    corpus = os.path.join(SHARED, "data", "corpus")
    lines = []
    if os.path.isdir(corpus):
        for dp, _, fns in sorted(os.walk(corpus)):
            for fn in sorted(fns)[:6]:
                try:
                    with open(os.path.join(dp, fn), "rb") as f:
                        data = f.read(200000)
                except OSError:
                    continue
                ls = [l for l in data.split(b"\n") if 20 < len(l) < 300]
                lines += rng.sample(ls, min(8, len(ls)))
    for i, t in enumerate(texts + lines[:64]):
        put("tokenizer", "t%03d_0" % i, b"\x00" + t)
        put("tokenizer", "t%03d_1" % i, b"\x01" + t)


def section_seeds(tmp, models):
    """tok_version 2 sections of tests/tok_fixtures.py's files (every pipeline construct and regex
    feature), as fuzz_tokenizer's section mode (flags 4, u16 text length, text, section) and as
    whole model files for fuzz_load."""
    fx = os.path.join(tmp, "tokfx")
    ck = os.path.join(tmp, "fx_ckpt")
    if subprocess.run([sys.executable, os.path.join(ROOT, "tests", "tok_fixtures.py"), fx]).returncode != 0:
        return
    if not make_checkpoint(ck, 512):
        return
    texts = [b"ab ab", b"a1, b 11 'AB Ab", b"<s>ab\xc3\xa9 \xef\xbc\xa1", b"  a  \n\n b  ", b"aaaaaaaaaaaaaaaaaac"]
    for name in sorted(os.listdir(fx)):
        b = convert(ck, os.path.join(tmp, "fx_%s.bin" % name), "--tokenizer", os.path.join(fx, name, "tokenizer.json"))
        if not b:
            continue
        models["conv_fx_" + name] = b
        put("load", "conv_fx_%s_c01" % name, b"\x01" + b)
        off, size = struct.unpack_from("<QQ", b, 40)
        sec = b[off:off + size]
        for i, t in enumerate(texts):
            put("tokenizer", "sec_%s_%d" % (name, i), b"\x04" + struct.pack("<H", len(t)) + t + sec)


# --------------------------------------------------------------------------- sessions and sampler

def session_seeds():
    # mode 0 / 1: raw bytes (1 = CRC patched); mode 2: bit flips of a valid snapshot;
    # mode 3: overwrite part of a valid snapshot, CRC patched (see fuzz_session.c)
    put("session", "raw_empty", b"\x00")
    put("session", "raw_magic", b"\x00M2ST\x01\x00\x00\x00" + bytes(56))
    put("session", "crc_magic", b"\x01M2ST\x01\x00\x00\x00" + bytes(120))
    for i, flips in enumerate(([0], [5, 77], [12, 13, 14], [400], [1000, 2000, 3000])):
        put("session", "flip_%d" % i, b"\x02" + bytes([i, 3]) + b"".join(struct.pack("<I", f) for f in flips))
    for i, (off, payload) in enumerate([(52, struct.pack("<I", 3)), (56, struct.pack("<I", 1)),
                                        (60, struct.pack("<f", float("nan"))), (44, struct.pack("<Q", 2 ** 63)),
                                        (-8, struct.pack("<i", -5)), (-8, struct.pack("<i", 1 << 30)),
                                        (-12, struct.pack("<f", float("inf")))]):
        put("session", "patch_%d" % i, b"\x03" + bytes([i, 2]) + struct.pack("<i", off) + payload)


def sampler_seeds():
    special = [0.0, 1.0, -1.0, float("nan"), float("inf"), -float("inf"), 3.4e38, -3.4e38, 1e-45, 88.7, -88.7, 1e30]

    def opts(t=0.0, k=0, p=0.0, mp=0.0, rp=0.0, rl=0, seed=0):
        return struct.pack("<fiffff iQ".replace(" ", ""), t, k, p, mp, rp, 0.0, rl, seed)

    settings = [opts(), opts(t=1.0), opts(t=0.7, k=5), opts(t=1.0, p=0.9), opts(t=1.0, mp=0.1),
                opts(t=0.8, k=40, p=0.95, mp=0.05, rp=1.3, rl=8, seed=99), opts(t=1e-30), opts(t=3e38, k=1),
                opts(t=1.0, rp=1e-30), opts(t=1.0, rp=3e38), opts(t=float("inf")), opts(t=float("nan"), p=float("nan"))]
    n = 0
    for model in range(4):
        for si, s in enumerate(settings):
            for kind in range(4):
                if kind == 0:
                    vals = [rng.uniform(-10, 10) for _ in range(64)]
                elif kind == 1:
                    vals = [1.5] * 64
                elif kind == 2:
                    vals = [rng.choice(special) for _ in range(64)]
                else:
                    vals = [rng.uniform(-1e38, 1e38) for _ in range(64)]
                hist = bytes([rng.randrange(256) for _ in range(6)])
                bans = b"\x00" if (si + kind) % 3 else bytes([3, 8, 9, 200])
                bias = b"\x00" if (si + kind) % 4 else (b"\x02" + bytes([10]) + struct.pack("<f", -float("inf"))
                                                       + bytes([11]) + struct.pack("<f", 5.0))
                body = bytes([model, len(hist)]) + hist + s + bans + bias + f32s(vals)
                put("sampler", "s%04d" % n, body)
                n += 1


def api_seeds():
    # (op | session << 4, args...): see fuzz_api.c's switch
    seqs = [
        [0x00, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0x05, 3, 4, 0x06, 1, 0x06, 1, 0x06, 1, 0x06, 1, 0x0E, 1, 2],
        [0x00, 3, 1, 1, 2, 2, 3, 3, 0x05, 7, 7, 0x06, 0, 0x06, 0, 0x06, 0, 0x08, 0x0E, 0, 0],
        [0x10, 4, 9, 9, 8, 8, 7, 7, 6, 6, 0x15, 1, 1, 0x16, 0, 0x18, 0x16, 3, 0x03, 5, 5],
        [0x00, 2, 1, 2, 3, 4, 0x10, 2, 5, 6, 7, 8, 0x09, 0x03, 10, 20, 0x0E, 0, 1, 0x1E, 0, 1],
        [0x20, 6, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 0x2C, 0, 1, 0x0C, 2, 0, 0x0A, 1, 0x1B, 0, 0x0D],
        [0x02, 5, 1, 2, 3, 4, 5, 3, 0x03, 255, 0x03, 254, 0x05, 255, 0x00, 1, 254, 0x0F, 2, 2],
    ]
    for i, q in enumerate(seqs):
        put("api", "seq%d" % i, bytes(q))


def main():
    if os.path.isdir(os.path.join(OUT, "corpus")):
        shutil.rmtree(os.path.join(OUT, "corpus"))
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="m2seeds")
    try:
        models = load_seeds(tmp)
        section_seeds(tmp, models)
        tokenizer_seeds()
        session_seeds()
        sampler_seeds()
        api_seeds()
        neox_out = os.path.join(OUT, "neox_tok.bin")
        if os.path.isfile(NEOX) and not os.path.isfile(neox_out):
            ck = os.path.join(tmp, "neox_ckpt")
            if make_checkpoint(ck, 50277, d_model=16):
                if convert(ck, neox_out, "--tokenizer", NEOX) is None:
                    sys.stderr.write("make_seeds: could not build %s\n" % neox_out)
        counts = {k: len(os.listdir(os.path.join(OUT, "corpus", k))) for k in sorted(os.listdir(os.path.join(OUT, "corpus")))}
        print("make_seeds: %s (%d models) -> %s" % (", ".join("%s %d" % kv for kv in counts.items()), len(models), OUT))
        if not os.path.isfile(neox_out):
            print("make_seeds: no GPT-NeoX tokenizer.json found: fuzz_tokenizer will use the small tokenizer model")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
