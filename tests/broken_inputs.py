#!/usr/bin/env python3
"""Hostile files, ids and strings through the example programs, built with ASan + UBSan.

    python3 tests/broken_inputs.py [--full] [--keep DIR]

Builds example_logits, example_generate and example_tokenize from examples/ into a temporary
directory with -fsanitize=address,undefined (not the repository's binaries), converts a small
model with a tokenizer (tools/make_random_checkpoint.py + tools/convert.py, the GPT-NeoX
tokenizer.json from ../shared when present, else a small byte-level one), and runs every case:

  truncations   the file cut at every structural boundary and at random lengths
  bit flips     one bit of every header byte, with the checksum left alone and recomputed
  header fields every field set to 0, 1, -1, 2^31, 2^32-1, 2^63, off-by-one values (u32 / u64 / i32),
                NaN, +-Inf, -0, denormal, 1e30 (f32); checksum recomputed
  directory     each entry's name length, dtype, ndim, dims, offset and nbytes made absurd,
                misaligned, overlapping or out of the file; checksum recomputed
  tokenizer     each tokenizer-section field made absurd (counts, ids, offsets, blob size, merges,
                added tokens, padding, UTF-8); checksum recomputed
  files         empty, one byte, random bytes, a directory, /dev/null, a missing path
  ids           negative, >= vocab rows, 2^31, malformed lists, 100k ids
  strings       invalid UTF-8, NUL bytes, 1 MB of one character, combining-mark storms, specials;
                prompts of invalid UTF-8 ('a\\xff', '\\xff', 20 KB of random bytes) must generate
  command lines every program (the examples and bench_bin): --help / -h (usage on stdout, exit 0),
                a flag without its value, an unknown option, an extra argument, limits, inf, "1,,2",
                exclusive flags, a missing file's reason, bench_bin --positions past 8192, no
                progress lines when stderr is not a terminal

Each run must end in a clean error (non-zero exit with a message) or a correct result (exit 0):
never a signal, a sanitizer report, a hang (20 s) or a traceback. Prints one line per failure and
ends with "N passed, N failed, N skipped". Standard library only. The default sweep thins the
cases out (every 3rd value, every 4th file through example_generate); --full runs all of them.
"""
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(ROOT, "..", "shared")
NEOX = os.path.join(SHARED, "data", "gpt-neox-20b", "tokenizer.json")
CC = os.environ.get("CC", "cc")
TIMEOUT = 20
QUICK = "--full" not in sys.argv  # the default sweep takes a few minutes; --full about half an hour
rng = random.Random(6)

passed = failed = skipped = 0


def fail(what, why):
    global failed
    failed += 1
    print("FAIL %s: %s" % (what, why))


def refresh_crc(b):
    if len(b) < 160:
        return b
    data_off = struct.unpack_from("<Q", b, 56)[0]
    if data_off < 144 or data_off > len(b):
        return b
    b = bytearray(b)
    b[140:144] = b"\0\0\0\0"
    struct.pack_into("<I", b, 140, zlib.crc32(bytes(b[:data_off])) & 0xFFFFFFFF)
    return bytes(b)


def show(argv):
    t = " ".join(argv)
    return t if len(t) < 240 else t[:240] + "... (%d chars)" % len(t)


def run(what, argv, stdin=b"", expect_ok=None):
    """expect_ok: None = either a clean error or success; True = must succeed; False = must fail."""
    global passed
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = "detect_leaks=1:allocator_may_return_null=1"
    env["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"
    try:
        p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        fail(what, "hang (> %d s): %s" % (TIMEOUT, show(argv)))
        return None
    err = p.stderr.decode(errors="replace")
    if p.returncode < 0 or p.returncode >= 128:
        fail(what, "signal / abnormal exit %d: %s\n    %s" % (p.returncode, show(argv), err.strip()[-600:]))
        return None
    for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "Traceback (most recent call last)"):
        if bad in err:
            fail(what, "%s: %s\n    %s" % (bad, show(argv), err.strip()[-800:]))
            return None
    if p.returncode != 0 and not err.strip():
        fail(what, "exit %d without a message: %s" % (p.returncode, show(argv)))
        return None
    if expect_ok is True and p.returncode != 0:
        fail(what, "expected success, got exit %d: %s" % (p.returncode, err.strip()[-300:]))
        return None
    if expect_ok is False and p.returncode == 0:
        fail(what, "expected an error, got success: %s" % show(argv))
        return None
    passed += 1
    return p


PROGRAMS = ("example_logits", "example_generate", "example_tokenize", "example_perplexity", "example_game_loop",
            "example_prefix_cache", "bench_bin")


def build(tmp):
    bins = {}
    for name in PROGRAMS:
        src = os.path.join(ROOT, "tools", "bench.c") if name == "bench_bin" else os.path.join(ROOT, "examples", name + ".c")
        if not os.path.exists(src):
            continue
        out = os.path.join(tmp, name)
        cmd = [CC, "-std=c99", "-g", "-O1", "-fsanitize=address,undefined", "-fno-sanitize-recover=undefined",
               "-I" + ROOT, src, "-o", out, "-lm"]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            fail("build " + name, r.stderr.decode(errors="replace")[-500:])
            continue
        bins[name] = out
    return bins


CLI_CWD = [None]  # the programs' working directory (bench_bin and example_game_loop write files there)


def cli(what, argv, rc, out_has=None, err_has=None, stdin=b"", err_lacks=None):
    """a command line: exit status rc, stdout starting with out_has, stderr containing err_has"""
    global passed
    try:
        p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120, cwd=CLI_CWD[0])
    except subprocess.TimeoutExpired:
        fail(what, "hang: %s" % show(argv))
        return
    out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    why = []
    if p.returncode != rc:
        why.append("exit %d, want %d" % (p.returncode, rc))
    if out_has is not None and not out.startswith(out_has):
        why.append("stdout does not start with %r: %r" % (out_has, out[:120]))
    if err_has is not None and err_has not in err:
        why.append("stderr lacks %r: %r" % (err_has, err[-300:]))
    if err_lacks is not None and err_lacks in err:
        why.append("stderr has %r: %r" % (err_lacks, err[-300:]))
    for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
        if bad in err:
            why.append(bad)
    if why:
        fail(what, "; ".join(why) + ": " + show(argv))
    else:
        passed += 1


def command_lines(bins, good_path, tmp):
    """the messages of every program's command line (issue: CLI messages)"""
    CLI_CWD[0] = tmp
    text_path = os.path.join(tmp, "text.txt")
    with open(text_path, "w") as f:
        f.write("Once upon a time there was a little dragon. " * 40)
    # (program, the arguments that make a valid run, an option that takes a value, extra-argument case)
    shapes = {
        "example_logits": ([good_path, "--ids", "1,2", "--out", os.devnull], "--threads", [good_path, "extra", "--ids", "1", "--out", os.devnull]),
        "example_generate": ([good_path, "Hi", "-n", "2"], "-n", [good_path, "Hi", "extra"]),
        "example_tokenize": ([good_path], None, [good_path, "extra"]),
        "example_perplexity": ([good_path, text_path], "--ctx", [good_path, text_path, "extra"]),
        "example_game_loop": ([good_path, "--frames", "3", "--characters", "1"], "--frames", [good_path, "extra"]),
        "example_prefix_cache": ([good_path, "--prefix-tokens", "8", "--sessions", "1"], "--sessions", [good_path, "extra"]),
        "bench_bin": (["--model", good_path, "--runs", "1", "--gen", "1", "--no-probe", "--prompts", "4", "--positions", "0"], "--runs", ["extra"]),
    }
    for name, (ok_args, valued, extra) in shapes.items():
        b = bins.get(name)
        if not b:
            continue
        for h in ("--help", "-h"):
            cli("%s %s" % (name, h), [b, h], 0, out_has="usage:")
        cli("%s unknown option" % name, [b] + ok_args + ["--bogus-option"], 2, err_has="--bogus-option")
        cli("%s extra argument" % name, [b] + extra, 2, err_has="extra")
        if valued:
            cli("%s %s without a value" % (name, valued), [b] + ok_args + [valued], 2, err_has="error: %s needs a value" % valued)
        # a run that works, and prints no progress line ("\r") when stderr is not a terminal
        cli("%s runs" % name, [b] + ok_args, 0, stdin=b"Hello", err_lacks="\r")
    G, T, L = bins.get("example_generate"), bins.get("example_tokenize"), bins.get("example_logits")
    if bins.get("example_game_loop"):
        cli("game_loop --characters 17", [bins["example_game_loop"], good_path, "--characters", "17"], 2, err_has="at most 16")
    if G:
        for v in ("inf", "1e39", "nan", "-inf"):
            cli("generate --temp %s" % v, [G, good_path, "Hi", "--temp", v], 2, err_has="--temp")
        cli("generate --ids 1,,2", [G, good_path, "--ids", "1,,2", "-n", "1"], 1, err_has="error:")
        cli("generate --ids 1,", [G, good_path, "--ids", "1,", "-n", "1"], 1, err_has="error:")
        cli("generate --top-p 2", [G, good_path, "Hi", "--top-p", "2"], 2, err_has="at most 1")
        cli("generate -n -1", [G, good_path, "Hi", "-n", "-1"], 2, err_has="at least 0")
        cli("generate a missing model", [G, os.path.join(tmp, "nope.bin"), "Hi", "-n", "1"], 2, err_has="not a file")
    if T:
        cli("tokenize --no-special --decode", [T, good_path, "--no-special", "--decode"], 2, err_has="--decode")
        cli("tokenize --decode 1,,2", [T, good_path, "--decode"], 1, stdin=b"1,,2", err_has="error:")
    if L:
        cli("logits: a missing file's reason", [L, os.path.join(tmp, "nope.bin"), "--ids", "1", "--out", os.devnull], 1,
            err_has="nope.bin: " + os.strerror(2))
        cli("logits --ids 1,,2", [L, good_path, "--ids", "1,,2", "--out", os.devnull], 1, err_has="error:")
    B = bins.get("bench_bin")
    if B:
        base = [B, "--model", good_path, "--runs", "1", "--gen", "1", "--no-probe", "--prompts", "4"]
        cli("bench_bin --positions 16384 (past the old 8192-id buffer)", base + ["--positions", "16384"], 0, out_has="mamba2.h",)
        cli("bench_bin --positions past the limit", base + ["--positions", "99999999"], 2, err_has="at most")
        cli("bench_bin --positions 1,,2", base + ["--positions", "1,,2"], 2, err_has="error:")
        cli("bench_bin --isa bogus", base + ["--isa", "bogus"], 2, err_has="--isa")


def make_model(tmp):
    """a small model with a tokenizer section; returns its bytes"""
    ck = os.path.join(tmp, "ck")
    tok = NEOX if os.path.isfile(NEOX) else None
    vocab = 50277 if tok else 300
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "make_random_checkpoint.py"), ck, "--d-model", "16",
                        "--n-layer", "2", "--vocab", str(vocab), "--d-state", "8", "--headdim", "8", "--chunk-size", "16"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        return None
    if not tok:  # the every-flag tokenizer of the fuzz seeds
        sys.path.insert(0, os.path.join(ROOT, "tests", "fuzz"))
        import json
        import make_seeds  # noqa: E402
        tok = os.path.join(tmp, "tokenizer.json")
        with open(tok, "w", encoding="utf-8") as f:
            json.dump(make_seeds.tiny_tokenizer_json(), f, ensure_ascii=False)
    out = os.path.join(tmp, "model.bin")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "convert.py"), ck, out, "-q", "--tokenizer", tok],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        print("broken_inputs: convert failed: %s" % r.stderr.decode(errors="replace"))
        return None
    with open(out, "rb") as f:
        return f.read()


def parse(b):
    """header fields, directory entry field offsets, tokenizer section offsets"""
    d = {}
    d["dir_off"], d["dir_size"], d["tok_off"], d["tok_size"], d["data_off"] = struct.unpack_from("<QQQQQ", b, 24)
    d["n_tensors"] = struct.unpack_from("<I", b, 64)[0]
    ents, p = [], d["dir_off"]
    for _ in range(d["n_tensors"]):
        e = {"at": p}
        n = struct.unpack_from("<I", b, p)[0]
        e["name"] = b[p + 4:p + 4 + n].decode()
        q = p + 4 + n
        e["dtype_at"], e["ndim_at"] = q, q + 4
        ndim = struct.unpack_from("<I", b, q + 4)[0]
        e["dims_at"] = [q + 8 + 8 * i for i in range(ndim)]
        e["offset_at"] = q + 8 + 8 * ndim
        e["nbytes_at"] = e["offset_at"] + 8
        e["offset"], e["nbytes"] = struct.unpack_from("<QQ", b, e["offset_at"])
        ents.append(e)
        p = e["nbytes_at"] + 8
    d["ents"] = ents
    return d


def put(b, off, fmt, v):
    b = bytearray(b)
    struct.pack_into(fmt, b, off, v)
    return bytes(b)


def model_cases(good):
    """(name, bytes) of hostile model files"""
    d = parse(good)
    size = len(good)
    cases = []
    # truncations
    cuts = {0, 1, 7, 8, 12, 16, 24, 100, 139, 140, 143, 144, 159, 160, 161, d["dir_off"] + d["dir_size"] // 2,
            d["dir_off"] + d["dir_size"] - 1, d["data_off"] - 1, d["data_off"], d["data_off"] + 1, size // 2, size - 64, size - 1}
    if d["tok_off"]:
        cuts |= {d["tok_off"], d["tok_off"] + 8, d["tok_off"] + d["tok_size"] // 2, d["tok_off"] + d["tok_size"] - 1}
    for e in d["ents"]:
        cuts |= {e["offset"], e["offset"] + e["nbytes"] - 1}
    cuts |= {rng.randrange(size) for _ in range(10 if QUICK else 40)}
    for c in sorted(x for x in cuts if 0 <= x < size):
        cases.append(("truncated at %d" % c, good[:c]))
        if c >= 160:  # with the header's file_size and checksum made to agree
            t = put(good[:c], 16, "<Q", c)
            cases.append(("truncated at %d, size field fixed, crc refreshed" % c, refresh_crc(t)))
    cases.append(("padded by 1 byte", good + b"\0"))
    cases.append(("padded by 1 byte, size fixed", refresh_crc(put(good + b"\0", 16, "<Q", size + 1))))
    # bit flips in the header
    for i in range(160):
        bit = rng.randrange(8)
        f = bytearray(good)
        f[i] ^= 1 << bit
        cases.append(("flip bit %d of byte %d" % (bit, i), bytes(f)))
        if not QUICK or i % 4 == 0:
            cases.append(("flip bit %d of byte %d, crc refreshed" % (bit, i), refresh_crc(bytes(f))))
    # extreme header values
    u32 = [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 4095, 4096, 4097, 65535, 65536, 65537, 2 ** 24, 2 ** 24 + 1,
           2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1]
    u64 = [0, 1, 63, 64, 159, 160, size - 1, size, size + 1, 2 ** 31, 2 ** 32, 2 ** 63, 2 ** 64 - 1, 2 ** 64 - 64]
    f32 = [float("nan"), float("inf"), -float("inf"), 0.0, -0.0, 1e-45, 1e-38, 1e30, -1.0, 1.0, 3.4e38]
    fields = [(8, "<I", u32), (12, "<I", u32), (16, "<Q", u64), (24, "<Q", u64), (32, "<Q", u64), (40, "<Q", u64),
              (48, "<Q", u64), (56, "<Q", u64), (64, "<I", u32), (68, "<I", u32)]
    fields += [(o, "<I", u32) for o in range(72, 116, 4)]
    fields += [(o, "<f", f32) for o in (116, 120, 124, 128)]
    fields += [(o, "<I", u32) for o in (132, 136)]
    for off, fmt, vals in fields:
        for v in (vals[::3] if QUICK else vals):
            cases.append(("header[%d] = %r" % (off, v), refresh_crc(put(good, off, fmt, v))))
    # reserved bytes
    cases.append(("reserved byte 150 = 1", refresh_crc(put(good, 150, "<B", 1))))
    # directory entries
    ents = d["ents"] if not QUICK else d["ents"][:4]
    for k, e in enumerate(ents):
        nm = e["name"]
        for v in (0, 256, 2 ** 31, 2 ** 32 - 1, len(nm) + 1):
            cases.append(("%s: name_len %d" % (nm, v), refresh_crc(put(good, e["at"], "<I", v))))
        for v in (4, 99, 2 ** 32 - 1):
            cases.append(("%s: dtype %d" % (nm, v), refresh_crc(put(good, e["dtype_at"], "<I", v))))
        for v in (0, 5, 2 ** 32 - 1):
            cases.append(("%s: ndim %d" % (nm, v), refresh_crc(put(good, e["ndim_at"], "<I", v))))
        for j, at in enumerate(e["dims_at"]):
            for v in (0, 1, 2 ** 30 + 1, 2 ** 32 + 1, 2 ** 63, 2 ** 64 - 1):
                cases.append(("%s: dim %d = %d" % (nm, j, v), refresh_crc(put(good, at, "<Q", v))))
        for v in (0, 1, d["data_off"] - 64, e["offset"] + 1, e["offset"] + 64, size - 64, size, 2 ** 63, 2 ** 64 - 64):
            cases.append(("%s: offset %d" % (nm, v), refresh_crc(put(good, e["offset_at"], "<Q", v))))
        if k + 1 < len(d["ents"]):
            cases.append(("%s: offset = next tensor's" % nm, refresh_crc(put(good, e["offset_at"], "<Q", d["ents"][k + 1]["offset"]))))
        for v in (0, e["nbytes"] - 1, e["nbytes"] + 1, 2 ** 64 - 1):
            cases.append(("%s: nbytes %d" % (nm, v), refresh_crc(put(good, e["nbytes_at"], "<Q", v))))
    # the tokenizer section
    if d["tok_off"]:
        t = d["tok_off"]
        n_vocab, n_merges, n_added = struct.unpack_from("<III", good, t + 20)
        tf = [(0, [0, 2]), (4, [0, 2]), (8, [2]), (12, [0, 2]), (16, [4, 2 ** 31]),
              (20, [0, n_vocab + 1, 2 ** 31, 2 ** 32 - 1]), (24, [n_merges + 1, 2 ** 30, 2 ** 32 - 1]),
              (28, [n_added + 1, 2 ** 30, 2 ** 32 - 1]), (32, [2 ** 31 - 1, n_vocab, 2 ** 32 - 2]),
              (36, [2 ** 32 - 2, n_vocab]), (36 + 4 * 65, [n_vocab + 5])]
        for off, vals in tf:
            for v in vals:
                cases.append(("tokenizer[+%d] = %d" % (off, v), refresh_crc(put(good, t + off, "<I", v))))
        offs = t + 36 + 1024
        for i, v in ((1, 2 ** 32 - 1), (2, 0), (n_vocab // 2, 2 ** 31), (n_vocab, 0), (n_vocab, 2 ** 32 - 1)):
            cases.append(("vocab offset %d = %d" % (i, v), refresh_crc(put(good, offs + 4 * i, "<I", v))))
        blob_at = offs + 4 * (n_vocab + 1)
        for v in (0, 2 ** 31, 2 ** 32 - 1):
            cases.append(("vocab_blob_size = %d" % v, refresh_crc(put(good, blob_at, "<I", v))))
        blob_size = struct.unpack_from("<I", good, blob_at)[0]
        merges_at = blob_at + 4 + blob_size + (-(blob_at + 4 + blob_size - t) % 4)
        if n_merges:
            for k, v in ((0, n_vocab), (1, 2 ** 32 - 1), (2, n_vocab + 7)):
                cases.append(("merge 0 field %d = %d" % (k, v), refresh_crc(put(good, merges_at + 4 * k, "<I", v))))
            cases.append(("merge 0 merges into a token of other bytes", refresh_crc(put(good, merges_at + 8, "<I", 0))))
        added_at = merges_at + 12 * n_merges
        if n_added:
            for k, v in ((0, n_vocab), (0, 2 ** 32 - 1), (4, 32), (4, 2 ** 31), (8, 0), (8, 2 ** 31), (8, 2 ** 32 - 1)):
                cases.append(("added token 0 field %d = %d" % (k, v), refresh_crc(put(good, added_at + k, "<I", v))))
            cases.append(("added token 0 content not UTF-8", refresh_crc(put(good, added_at + 12, "<B", 0xFF))))
        # garbage over the whole section
        for seed in range(2 if QUICK else 6):
            r2 = random.Random(seed)
            f = bytearray(good)
            for _ in range(20):
                f[t + r2.randrange(d["tok_size"])] = r2.randrange(256)
            cases.append(("tokenizer section: 20 random bytes (seed %d)" % seed, refresh_crc(bytes(f))))
    # whole-file garbage
    cases.append(("empty file", b""))
    cases.append(("one byte", b"M"))
    cases.append(("magic only", b"MAMBA2BN"))
    cases.append(("random 4 KB", bytes(rng.randrange(256) for _ in range(4096))))
    cases.append(("header of zeros", b"MAMBA2BN" + bytes(size - 8)))
    return cases


def main():
    global skipped
    tmp = tempfile.mkdtemp(prefix="m2broken")
    keep = None
    if "--keep" in sys.argv:
        keep = sys.argv[sys.argv.index("--keep") + 1]
    try:
        bins = build(tmp)
        good = make_model(tmp)
        if good is None or "example_logits" not in bins:
            print("broken_inputs: could not build the examples or the model")
            print("%d passed, %d failed, %d skipped" % (passed, failed + 1, skipped))
            return 1
        good_path = os.path.join(tmp, "good.bin")
        with open(good_path, "wb") as f:
            f.write(good)
        L, G, T = bins.get("example_logits"), bins.get("example_generate"), bins.get("example_tokenize")
        # the good model works
        run("good model: logits", [L, good_path, "--ids", "1,2,3", "--out", os.devnull], expect_ok=True)
        if G:
            run("good model: generate", [G, good_path, "Hello", "-n", "4"], expect_ok=True)
        if T:
            run("good model: tokenize", [T, good_path], stdin="Hello world".encode(), expect_ok=True)
        # hostile files through every program
        cases = model_cases(good)
        path = os.path.join(tmp, "bad.bin")
        for name, data in cases:
            with open(path, "wb") as f:
                f.write(data)
            if keep:
                os.makedirs(keep, exist_ok=True)
                with open(os.path.join(keep, "%04d.bin" % cases.index((name, data))), "wb") as f:
                    f.write(data)
            run("file '%s' / logits" % name, [L, path, "--ids", "1,2,3,4,5", "--out", os.devnull])
            if not QUICK:
                run("file '%s' / logits step" % name, [L, path, "--ids", "1,2", "--mode", "step", "--out", os.devnull])
            if G and (not QUICK or cases.index((name, data)) % 4 == 0):
                run("file '%s' / generate" % name, [G, path, "Hi there", "-n", "3", "--temp", "0.7"])
            if T:
                run("file '%s' / tokenize" % name, [T, path], stdin=b"Hello <|endoftext|> caf\xc3\xa9 \xff")
        for name, p in (("a directory", tmp), ("/dev/null", "/dev/null"), ("a missing path", os.path.join(tmp, "nope.bin"))):
            run("path %s" % name, [L, p, "--ids", "1", "--out", os.devnull], expect_ok=False)
        # hostile ids
        V = struct.unpack_from("<I", good, 80)[0]
        id_lists = ("-1", str(V), str(V - 1), "2147483647", "2147483648", "99999999999999999999", "1,,2", "1,a", ",", "",
                    " ", "1;2", "0x10", "+5", "1" * 5000, ",".join(["7"] * 3000), ",".join(["7"] * 60000))
        for ids in id_lists:
            if len(ids) < 10000:  # (60000 rows of 50288 logits under ASan take minutes, not a hang)
                run("ids '%s' / logits" % ids[:30], [L, good_path, "--ids", ids, "--out", os.devnull])
            if G:
                run("ids '%s' / generate" % ids[:30], [G, good_path, "--ids", ids, "-n", "2"])
            if T:
                run("ids '%s' / decode" % ids[:30], [T, good_path, "--decode"], stdin=ids.encode())
        # hostile sampler settings
        if G:
            for opt in (["--temp", "nan"], ["--temp", "inf"], ["--temp", "-1"], ["--top-k", "-5"], ["--top-k", "99999999999"],
                        ["--top-p", "nan"], ["--top-p", "2"], ["--min-p", "inf"], ["--repeat-penalty", "inf"],
                        ["--repeat-penalty", "0"], ["--repeat-penalty", "1e-45"], ["-n", "-1"], ["-n", "0"],
                        ["--threads", "-3"], ["--threads", "100000"], ["--seed", "-1"], ["--temp", "abc"]):
                run("generate %s" % " ".join(opt), [G, good_path, "Hello", "-n", "3"] + opt if opt[0] != "-n" else [G, good_path, "Hello"] + opt)
        # hostile strings
        strings = [b"", b"\x00", b"a\x00b", b"\xff" * 1000, b"\xc3" * 999, b"\xed\xa0\x80\xed\xb0\x80", b"\xf4\x90\x80\x80",
                   ("e" + "\u0301" * 5000).encode(), ("\u1100\u1161\u11a8" * 2000).encode(), b"<|endoftext|>" * 500,
                   b" " * 100000, ("\U0001F600" * 20000).encode(), b"a" * (1 << 20), bytes(range(256)) * 64]
        for k, s in enumerate(strings):
            if T:
                run("string %d / tokenize" % k, [T, good_path], stdin=s, expect_ok=True)
                run("string %d / tokenize --no-special" % k, [T, good_path, "--no-special"], stdin=s, expect_ok=True)
            if G and len(s) < 200000 and b"\x00" not in s:
                run("string %d / generate prompt" % k, [G, good_path, s.decode("utf-8", "surrogateescape"), "-n", "2"])
        # prompts of invalid UTF-8 (they once failed with "buffer too small"): must generate
        if G:
            r2 = random.Random(20)
            noise = bytes(r2.randrange(1, 256) for _ in range(20000))  # (no NUL: an argument cannot hold one)
            for name, prompt in (("a\\xff", b"a\xff"), ("\\xff", b"\xff"), ("\\xff a", b"\xff a"), ("20 KB of random bytes", noise)):
                run("invalid UTF-8 prompt %s / generate" % name, [G, good_path, prompt.decode("utf-8", "surrogateescape"), "-n", "2"], expect_ok=True)
                if T:
                    run("invalid UTF-8 text %s / tokenize" % name, [T, good_path], stdin=prompt, expect_ok=True)
        command_lines(bins, good_path, tmp)
        if not T:
            skipped += 1
        print("broken_inputs: %d hostile files x %d programs, %d id lists, %d strings" %
              (len(cases), 1 + bool(G) + bool(T), len(id_lists), len(strings)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
