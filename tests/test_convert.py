#!/usr/bin/env python3
"""Tests for tools/convert.py (standard library only, no pytest).

Run from the repository root:

    python3 tests/test_convert.py [-v] [NAME_SUBSTRING ...]

Every checkpoint used here is generated on the fly in a temporary directory: small valid
models in both layouts (safetensors written with struct, pytorch_model.bin as a zip with a
hand-assembled pickle), and a corpus of broken ones. A reader written independently of the
converter parses each output file and checks every header field, offset, alignment, the
CRC and the tensor bytes; the f16/bf16/q8_0 encodings are compared with separate reference
implementations.

The golden tests use the shared reference data ($M2_SHARED_DIR, else ../shared next to the
repository) and are counted as skipped when it is absent.

The last line is "N passed, N failed, N skipped"; the exit status is 1 if anything failed.
"""

import importlib.util
import json
import math
import os
import pickle
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections import OrderedDict

import pysuite
from pysuite import Skip

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERT = os.path.join(ROOT, "tools", "convert.py")
MAKE_RANDOM = os.path.join(ROOT, "tools", "make_random_checkpoint.py")
SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(os.path.dirname(ROOT), "shared")
VERBOSE = False


TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def eq(a, b, what):
    if a != b:
        raise AssertionError("%s: got %r, expected %r" % (what, a, b))


# ==========================================================================================
# Number formats, written independently of the converter
# ==========================================================================================

def f32(x):
    """Round a Python float to the nearest float32 (half-even), as a C cast does."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def bits_f32(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def ref_bf16(bits):
    """float32 bits -> bfloat16 bits, round to nearest even; NaN -> 0x7FC0 (torch)."""
    if (bits & 0x7FFFFFFF) > 0x7F800000:
        return 0x7FC0
    lower = bits & 0xFFFF
    upper = bits >> 16
    if lower > 0x8000 or (lower == 0x8000 and upper & 1):
        upper += 1
    return upper


def ref_f16(x):
    """Python float (a float32 value) -> IEEE half bits, round to nearest even, overflow to
    inf, NaN -> 0x7E00 with the sign kept."""
    sign = 0x8000 if math.copysign(1.0, x) < 0 else 0
    if x != x:
        return sign | 0x7E00
    a = abs(x)
    if a == math.inf:
        return sign | 0x7C00
    if a < 2.0 ** -14:                       # subnormal range: multiples of 2**-24
        r = round(a * 2.0 ** 24)             # exact scaling; round() is half-even
        return sign | r                      # r == 1024 is the smallest normal: still right
    m, e = math.frexp(a)                     # a = m * 2**e, 0.5 <= m < 1
    exp = e - 1
    r = round(m * 2048)                      # 11 significant bits, half-even
    if r == 2048:
        r, exp = 1024, exp + 1
    if exp > 15:
        return sign | 0x7C00
    return sign | ((exp + 15) << 10) | (r - 1024)


def half_to_float(h):
    return struct.unpack("<e", struct.pack("<H", h))[0]


def ref_q8_0(values):
    """ggml quantize_row_q8_0_ref, element by element in float32."""
    out = bytearray()
    for b in range(0, len(values), 32):
        blk = values[b:b + 32]
        amax = 0.0
        for v in blk:
            amax = max(amax, abs(v))
        d = f32(amax / 127.0)
        inv = 1.0 / d if d != 0 else 0.0
        inv = f32(inv) if inv < 3.4028234663852886e+38 else 0.0  # 1/d overflows f32: q = 0
        out += struct.pack("<H", ref_f16(d))
        for v in blk:
            x0 = f32(v * inv)
            q = math.floor(x0 + 0.5) if x0 >= 0 else math.ceil(x0 - 0.5)  # roundf
            out += struct.pack("<b", q)
    return bytes(out)


def encode_f32_values(values):
    return struct.pack("<%df" % len(values), *values)


def to_bf16_bytes(f32_bytes):
    n = len(f32_bytes) // 4
    return struct.pack("<%dH" % n, *[ref_bf16(b) for b in struct.unpack("<%dI" % n, f32_bytes)])


def to_f16_bytes(f32_bytes):
    n = len(f32_bytes) // 4
    return struct.pack("<%dH" % n, *[ref_f16(v) for v in struct.unpack("<%df" % n, f32_bytes)])


def widen_bf16(b):
    n = len(b) // 2
    return struct.pack("<%dI" % n, *[h << 16 for h in struct.unpack("<%dH" % n, b)])


def widen_f16(b):
    n = len(b) // 2
    return struct.pack("<%df" % n, *struct.unpack("<%de" % n, b))


# ==========================================================================================
# Checkpoint writers
# ==========================================================================================

def safetensors_bytes(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, data bytes), stored in that order."""
    header = OrderedDict()
    if metadata is not None:
        header["__metadata__"] = metadata
    pos = 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [pos, pos + len(data)]}
        pos += len(data)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(t[3] for t in tensors)


def raw_safetensors(header_obj, data, header_bytes=None):
    """A safetensors file with a hand-written header (for the broken-file corpus)."""
    h = header_bytes if header_bytes is not None else json.dumps(header_obj).encode()
    return struct.pack("<Q", len(h)) + h + data


# --- pickle opcodes, assembled by hand so no torch (and no fake torch module) is needed ----

def p_str(s):
    b = s.encode("utf-8")
    return b"X" + struct.pack("<I", len(b)) + b


def p_global(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def p_int(v):
    if 0 <= v < 2 ** 31:
        return b"J" + struct.pack("<i", v)
    enc = v.to_bytes((v.bit_length() + 8) // 8, "little", signed=True)
    return b"\x8a" + bytes([len(enc)]) + enc


def p_tuple(items):
    return b"(" + b"".join(items) + b"t"


def p_ordered_dict():
    return p_global("collections", "OrderedDict") + b")R"


def p_tensor(key, stype, numel, offset, shape, stride=None, parameter=False):
    if stride is None:
        stride, acc = [], 1
        for d in reversed(shape):
            stride.insert(0, acc)
            acc *= d
    t = (p_global("torch._utils", "_rebuild_tensor_v2") + b"("
         + p_tuple([p_str("storage"), p_global("torch", stype), p_str(key), p_str("cpu"), p_int(numel)])
         + b"Q" + p_int(offset) + p_tuple([p_int(d) for d in shape])
         + p_tuple([p_int(s) for s in stride]) + b"\x89" + p_ordered_dict() + b"tR")
    if parameter:
        t = p_global("torch._utils", "_rebuild_parameter") + b"(" + t + b"\x88" + p_ordered_dict() + b"tR"
    return t


def state_dict_pickle(items):
    """items: list of (name, pickled tensor expression). Mirrors torch.save(state_dict):
    an OrderedDict filled with SETITEMS, then its _metadata attribute set with BUILD."""
    out = b"\x80\x02" + p_ordered_dict() + b"("
    for name, expr in items:
        out += p_str(name) + expr
    out += b"u"
    out += b"}" + p_str("_metadata") + p_ordered_dict() + b"sb"
    return out + b"."


def torch_zip_bytes(pkl, storages, prefix="archive", extra=()):
    """storages: dict key -> bytes. extra: list of (entry name, bytes)."""
    path = tempfile.mktemp()
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            z.writestr(prefix + "/data.pkl", pkl)
            z.writestr(prefix + "/byteorder", b"little")
            for key, data in storages.items():
                z.writestr(prefix + "/data/" + key, data)
            z.writestr(prefix + "/version", b"3\n")
            for name, data in extra:
                z.writestr(zipfile.ZipInfo(name), data)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


# ==========================================================================================
# Synthetic models
# ==========================================================================================

class Cfg:
    def __init__(self, **kw):
        self.d_model, self.n_layer, self.vocab, self.pad = 32, 2, 300, 16
        self.d_state, self.d_conv, self.expand, self.headdim = 8, 4, 2, 16
        self.ngroups, self.chunk = 2, 8
        self.tie, self.bias, self.conv_bias, self.norm_before_gate = False, False, True, False
        self.eps, self.dt_limit = 1e-5, (0.0, math.inf)
        self.__dict__.update(kw)

    @property
    def V(self):
        return (self.vocab + self.pad - 1) // self.pad * self.pad

    @property
    def d_inner(self):
        return self.expand * self.d_model

    @property
    def nheads(self):
        return self.d_inner // self.headdim

    @property
    def conv_dim(self):
        return self.d_inner + 2 * self.ngroups * self.d_state

    @property
    def d_in_proj(self):
        return 2 * self.d_inner + 2 * self.ngroups * self.d_state + self.nheads


def tensor_specs(c):
    """(HF name, shape, is_matrix) in the order the file format prescribes."""
    specs = [("backbone.embeddings.weight", (c.V, c.d_model), True)]
    if not c.tie:
        specs.append(("lm_head.weight", (c.V, c.d_model), True))
    specs.append(("backbone.norm_f.weight", (c.d_model,), False))
    for i in range(c.n_layer):
        p, m = "backbone.layers.%d." % i, "backbone.layers.%d.mixer." % i
        specs.append((p + "norm.weight", (c.d_model,), False))
        specs.append((m + "in_proj.weight", (c.d_in_proj, c.d_model), True))
        if c.bias:
            specs.append((m + "in_proj.bias", (c.d_in_proj,), False))
        specs.append((m + "conv1d.weight", (c.conv_dim, 1, c.d_conv), False))
        if c.conv_bias:
            specs.append((m + "conv1d.bias", (c.conv_dim,), False))
        specs += [(m + "dt_bias", (c.nheads,), False), (m + "A_log", (c.nheads,), False),
                  (m + "D", (c.nheads,), False), (m + "norm.weight", (c.d_inner,), False),
                  (m + "out_proj.weight", (c.d_model, c.d_inner), True)]
        if c.bias:
            specs.append((m + "out_proj.bias", (c.d_model,), False))
    return specs


def fast_random_f32(rng, n, exponent=-5):
    """n random float32 values with magnitude in [2**exponent, 2**(exponent+1)), as bytes."""
    e = exponent + 127
    hi = bytes((b & 0x80) | (e >> 1) for b in range(256))
    lo = bytes(((e & 1) << 7) | (b & 0x7F) for b in range(256))
    buf = bytearray(rng.randbytes(4 * n))
    buf[3::4] = buf[3::4].translate(hi)
    buf[2::4] = buf[2::4].translate(lo)
    return bytes(buf)


def make_weights(c, seed=1):
    """OrderedDict HF name -> (shape, float32 bytes)."""
    rng = random.Random(seed)
    w = OrderedDict()
    for name, shape, is_matrix in tensor_specs(c):
        n = 1
        for d in shape:
            n *= d
        if n > 20000:
            w[name] = (shape, fast_random_f32(rng, n))
        else:
            w[name] = (shape, encode_f32_values([f32(rng.uniform(-1, 1)) for _ in range(n)]))
    return w


def hf_config(c, **extra):
    cfg = {
        "architectures": ["Mamba2ForCausalLM"], "model_type": "mamba2",
        "hidden_size": c.d_model, "num_hidden_layers": c.n_layer, "vocab_size": c.V,
        "state_size": c.d_state, "conv_kernel": c.d_conv, "expand": c.expand,
        "head_dim": c.headdim, "num_heads": c.nheads, "n_groups": c.ngroups,
        "chunk_size": c.chunk, "layer_norm_epsilon": c.eps, "time_step_limit": list(c.dt_limit),
        "norm_before_gate": c.norm_before_gate, "rms_norm": True, "use_bias": c.bias,
        "use_conv_bias": c.conv_bias, "tie_word_embeddings": c.tie,
        "bos_token_id": 0, "eos_token_id": 0, "pad_token_id": 0,
    }
    cfg.update(extra)
    return cfg


def mamba_config(c, ssm_extra=None, **extra):
    ssm = {"layer": "Mamba2", "d_state": c.d_state, "d_conv": c.d_conv, "expand": c.expand,
           "headdim": c.headdim, "ngroups": c.ngroups, "chunk_size": c.chunk}
    if c.bias:
        ssm["bias"] = True
    if not c.conv_bias:
        ssm["conv_bias"] = False
    if c.norm_before_gate:
        ssm["norm_before_gate"] = True
    if c.dt_limit != (0.0, math.inf):
        ssm["dt_limit"] = list(c.dt_limit)
    ssm.update(ssm_extra or {})
    cfg = {"d_model": c.d_model, "d_intermediate": 0, "n_layer": c.n_layer, "vocab_size": c.vocab,
           "ssm_cfg": ssm, "attn_layer_idx": [], "attn_cfg": {}, "rms_norm": True,
           "residual_in_fp32": True, "fused_add_norm": True,
           "pad_vocab_size_multiple": c.pad, "tie_embeddings": c.tie}
    cfg.update(extra)
    return cfg


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def write_json(path, obj):
    write(path, json.dumps(obj, indent=2))


def hf_tensor_list(c, weights, dtype="F32", skip=(), extra=()):
    out = []
    for name, (shape, data) in weights.items():
        if name in skip:
            continue
        if dtype == "BF16":
            data = to_bf16_bytes(data)
        elif dtype == "F16":
            data = to_f16_bytes(data)
        out.append((name, dtype, shape, data))
    return sorted(out + list(extra), key=lambda t: t[0])


def make_hf(d, c, weights, dtype="F32", config=None, skip=(), extra=(), tokenizer=None):
    metadata = {"format": "pt"}
    if c.tie:
        metadata["lm_head.weight"] = "backbone.embeddings.weight"
    write_json(os.path.join(d, "config.json"), config if config is not None else hf_config(c))
    write(os.path.join(d, "model.safetensors"),
          safetensors_bytes(hf_tensor_list(c, weights, dtype, skip, extra), metadata))
    if tokenizer is not None:
        write_json(os.path.join(d, "tokenizer.json"), tokenizer)
    return d


def make_mamba(d, c, weights, config=None, stype="FloatStorage", shared_small=True, parameter=False):
    """mamba_ssm layout: pytorch_model.bin with the official names. Tied models list both
    names over one storage, as torch.save(state_dict) does. With shared_small, each layer's
    dt_bias/A_log/D are views into one storage at different offsets (exercises offsets)."""
    isz = 4 if stype == "FloatStorage" else 2
    enc = {"FloatStorage": bytes, "BFloat16Storage": to_bf16_bytes, "HalfStorage": to_f16_bytes}[stype]
    storages, items, views = OrderedDict(), [], {}

    def add_storage(data):
        key = str(len(storages))
        storages[key] = data
        return key

    if shared_small:
        for i in range(c.n_layer):
            m = "backbone.layers.%d.mixer." % i
            parts = [m + "dt_bias", m + "A_log", m + "D"]
            blob = b"".join(enc(weights[p][1]) for p in parts)
            key, off = add_storage(blob), 0
            for p in parts:
                views[p] = (key, off, len(blob) // isz)
                off += len(weights[p][1]) // 4
    emb = None
    for name, (shape, data) in weights.items():
        if name in views:
            key, off, total = views[name]
        else:
            data = enc(data)
            key, off, total = add_storage(data), 0, len(data) // isz
        if name == "backbone.embeddings.weight":
            emb = (key, total)
            name = "backbone.embedding.weight"
        items.append((name, p_tensor(key, stype, total, off, shape, parameter=parameter)))
    if c.tie:
        items.append(("lm_head.weight", p_tensor(emb[0], stype, emb[1], 0, (c.V, c.d_model))))
    write_json(os.path.join(d, "config.json"), config if config is not None else mamba_config(c))
    write(os.path.join(d, "pytorch_model.bin"), torch_zip_bytes(state_dict_pickle(items), storages))
    return d


# ==========================================================================================
# Tokenizers
# ==========================================================================================

def bytes_to_unicode():
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    table, n = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


B2U = bytes_to_unicode()


def tiny_tokenizer(extra_vocab=0):
    """A byte-level BPE tokenizer.json: 256 byte tokens (shuffled ids), a few merges, an
    <|endoftext|> added token that is also in the vocab, and a 2-space added token."""
    rng = random.Random(7)
    ids = list(range(256))
    rng.shuffle(ids)
    vocab = {B2U[b]: ids[b] for b in range(256)}
    nxt = 256
    merges = [["\u0120", "t"], ["h", "e"], ["\u0120t", "he"], "i n"]
    for a, b in (("\u0120", "t"), ("h", "e"), ("\u0120t", "he"), ("i", "n")):
        vocab[a + b] = nxt
        nxt += 1
    vocab["<|endoftext|>"] = nxt
    eot = nxt
    nxt += 1
    for k in range(extra_vocab):
        vocab["x%d" % k] = nxt + k
    added = [
        {"id": eot, "content": "<|endoftext|>", "single_word": False, "lstrip": False,
         "rstrip": False, "normalized": False, "special": True},
        {"id": nxt + extra_vocab, "content": "  ", "single_word": False, "lstrip": False,
         "rstrip": False, "normalized": True, "special": False},
    ]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "vocab": vocab, "merges": merges},
    }


# ==========================================================================================
# Reader for the output format (independent of the converter)
# ==========================================================================================

HEADER_FIELDS = [
    ("magic", "8s", 0), ("version", "I", 8), ("header_size", "I", 12), ("file_size", "Q", 16),
    ("dir_offset", "Q", 24), ("dir_size", "Q", 32), ("tok_offset", "Q", 40), ("tok_size", "Q", 48),
    ("data_offset", "Q", 56), ("n_tensors", "I", 64), ("flags", "I", 68), ("d_model", "I", 72),
    ("n_layer", "I", 76), ("vocab_rows", "I", 80), ("vocab_size", "I", 84), ("d_state", "I", 88),
    ("d_conv", "I", 92), ("d_inner", "I", 96), ("headdim", "I", 100), ("nheads", "I", 104),
    ("ngroups", "I", 108), ("chunk_size", "I", 112), ("norm_eps", "f", 116),
    ("gated_norm_eps", "f", 120), ("dt_min", "f", 124), ("dt_max", "f", 128), ("eos_id", "i", 132),
    ("bos_id", "i", 136), ("meta_crc32", "I", 140), ("reserved", "16s", 144),
]
FORWARD_FIELDS = ["flags", "d_model", "n_layer", "vocab_rows", "d_state", "d_conv", "d_inner",
                  "headdim", "nheads", "ngroups", "chunk_size", "norm_eps", "gated_norm_eps",
                  "dt_min", "dt_max", "n_tensors", "data_offset", "file_size", "dir_size"]
DTYPE_NAMES = {0: "F32", 1: "F16", 2: "BF16", 3: "Q8_0", 4: "Q4_0", 5: "Q4_1", 6: "Q5_0", 7: "Q5_1",
               8: "Q4_K", 9: "Q5_K", 10: "Q6_K"}
BLOCK_BYTES = {"Q8_0": (32, 34), "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24),
               "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210)}


class Model:
    pass


def expected_nbytes(dtype, dims):
    n = 1
    for d in dims:
        n *= d
    if dtype == "F32":
        return 4 * n
    if dtype in ("F16", "BF16"):
        return 2 * n
    per, size = BLOCK_BYTES[dtype]
    check(dims[-1] % per == 0, "%s row length %d not a multiple of %d" % (dtype, dims[-1], per))
    return n // per * size


def read_model(path):
    """Parse and fully validate a model file; returns a Model with .h, .tensors, .tok."""
    with open(path, "rb") as f:
        buf = f.read()
    m = Model()
    m.buf = buf
    check(len(buf) >= 160, "file shorter than the header")
    h = {}
    for name, fmt, off in HEADER_FIELDS:
        h[name] = struct.unpack_from("<" + fmt, buf, off)[0]
    m.h = h
    eq(h["magic"], b"MAMBA2BN", "magic")
    eq(h["version"], 1, "version")
    eq(h["header_size"], 160, "header_size")
    eq(h["file_size"], len(buf), "file_size")
    eq(h["dir_offset"], 160, "dir_offset")
    eq(h["reserved"], b"\0" * 16, "reserved bytes")
    check(h["flags"] & ~0xF == 0, "unknown flag bits %#x" % h["flags"])
    check(1 <= h["vocab_size"] <= h["vocab_rows"], "vocab_size out of range")
    eq(h["d_inner"], h["headdim"] * h["nheads"], "d_inner = headdim*nheads")
    check(h["nheads"] % h["ngroups"] == 0, "nheads not a multiple of ngroups")
    check(h["d_conv"] >= 1, "d_conv")
    for k in ("norm_eps", "gated_norm_eps"):
        check(math.isfinite(h[k]) and h[k] > 0, "%s not positive finite" % k)
    check(h["dt_min"] <= h["dt_max"], "dt_min > dt_max")
    check(h["data_offset"] % 64 == 0, "data_offset not 64-aligned")

    # CRC over [0, data_offset) with the crc field zeroed
    meta = bytearray(buf[:h["data_offset"]])
    meta[140:144] = b"\0\0\0\0"
    eq(zlib.crc32(bytes(meta)) & 0xFFFFFFFF, h["meta_crc32"], "meta_crc32")

    # directory
    pos = h["dir_offset"]
    end = pos + h["dir_size"]
    tensors = OrderedDict()
    for _ in range(h["n_tensors"]):
        (nlen,) = struct.unpack_from("<I", buf, pos)
        check(1 <= nlen <= 255, "name_len %d" % nlen)
        name = buf[pos + 4:pos + 4 + nlen].decode("utf-8")
        pos += 4 + nlen
        dtype, ndim = struct.unpack_from("<II", buf, pos)
        pos += 8
        check(dtype in DTYPE_NAMES, "dtype code %d" % dtype)
        check(1 <= ndim <= 4, "ndim %d" % ndim)
        dims = struct.unpack_from("<%dQ" % ndim, buf, pos)
        pos += 8 * ndim
        offset, nbytes = struct.unpack_from("<QQ", buf, pos)
        pos += 16
        check(name not in tensors, "duplicate tensor name %s" % name)
        dt = DTYPE_NAMES[dtype]
        eq(nbytes, expected_nbytes(dt, dims), "nbytes of %s" % name)
        check(offset % 64 == 0, "offset of %s not 64-aligned" % name)
        check(offset >= h["data_offset"], "%s starts before data_offset" % name)
        check(offset + nbytes <= len(buf), "%s runs past the end of the file" % name)
        tensors[name] = (dt, tuple(dims), offset, nbytes)
    eq(pos, end, "directory end")
    spans = sorted((t[2], t[2] + t[3], n) for n, t in tensors.items())
    for (a0, e0, n0), (a1, e1, n1) in zip(spans, spans[1:]):
        check(a1 >= e0, "tensors %s and %s overlap" % (n0, n1))
        check(not any(buf[e0:a1]), "nonzero padding between %s and %s" % (n0, n1))
    m.tensors = tensors

    meta_end = end
    m.tok = None
    if h["tok_offset"] or h["tok_size"]:
        check(h["tok_offset"] % 4 == 0, "tok_offset not 4-aligned")
        check(h["tok_offset"] >= end, "tokenizer overlaps the directory")
        check(all(b == 0 for b in buf[end:h["tok_offset"]]), "nonzero padding before tokenizer")
        m.tok = read_tokenizer(buf, h["tok_offset"], h["tok_size"], h["vocab_rows"])
        meta_end = h["tok_offset"] + h["tok_size"]
    eq(h["data_offset"], (meta_end + 63) // 64 * 64, "data_offset = aligned end of metadata")
    check(all(b == 0 for b in buf[meta_end:h["data_offset"]]), "nonzero padding before data")

    # the expected tensor set, in order
    flags = h["flags"]
    c = Cfg(d_model=h["d_model"], n_layer=h["n_layer"], vocab=h["vocab_rows"], pad=1,
            d_state=h["d_state"], d_conv=h["d_conv"], expand=1, headdim=h["headdim"],
            ngroups=h["ngroups"], tie=bool(flags & 1), bias=bool(flags & 4), conv_bias=bool(flags & 8))
    c.expand = h["d_inner"] // h["d_model"]
    specs = tensor_specs(c)
    eq([n for n, _, _ in specs], list(tensors), "tensor names/order")
    for name, shape, is_matrix in specs:
        dt, dims, _, _ = tensors[name]
        eq(dims, tuple(shape), "dims of %s" % name)
        if not is_matrix:
            eq(dt, "F32", "dtype of %s" % name)
    return m


def read_tokenizer(buf, off, size, vocab_rows):
    t = Model()
    p = off
    if struct.unpack_from("<I", buf, p)[0] == 2:  # tok_version 2: the fixed header (README.md §3)
        v = struct.unpack_from("<6Ii12I2i4I", buf, p)
        (t.version, t.kind, t.flags, t.n_vocab, t.n_merges, t.n_added, t.unk_id) = v[:7]
        t.n_strings, t.n_regex, t.n_norm, t.n_pre, t.n_dec, t.n_post_pre, t.n_post_suf, t.n_named = v[7:15]
        t.eos_id, t.bos_id = v[19], v[20]
        check(t.n_vocab <= vocab_rows, "n_vocab > vocab_rows")
        check(t.flags & ~15 == 0, "tokenizer flags")
        return t
    (t.version, t.kind, t.normalizer, t.pretok, t.flags, t.n_vocab, t.n_merges, t.n_added,
     t.eos_id) = struct.unpack_from("<8Ii", buf, p)
    p += 36
    eq((t.version, t.kind, t.pretok), (1, 1, 1), "tokenizer version/kind/pretokenizer")
    check(t.normalizer in (0, 1), "normalizer")
    check(t.flags & ~3 == 0, "tokenizer flags")
    check(t.n_vocab <= vocab_rows, "n_vocab > vocab_rows")
    t.byte_to_id = struct.unpack_from("<256i", buf, p)
    p += 1024
    offs = struct.unpack_from("<%dI" % (t.n_vocab + 1), buf, p)
    p += 4 * (t.n_vocab + 1)
    (blob_size,) = struct.unpack_from("<I", buf, p)
    p += 4
    eq(offs[0], 0, "first vocab offset")
    eq(offs[-1], blob_size, "last vocab offset")
    check(all(a <= b for a, b in zip(offs, offs[1:])), "vocab offsets decrease")
    blob = buf[p:p + blob_size]
    t.tokens = [blob[offs[i]:offs[i + 1]] for i in range(t.n_vocab)]
    p += blob_size
    p = (p + 3) // 4 * 4
    m = struct.unpack_from("<%dI" % (3 * t.n_merges), buf, p)
    t.merges = [m[3 * i:3 * i + 3] for i in range(t.n_merges)]
    check(all(x < t.n_vocab for x in m), "merge id out of range")
    p += 12 * t.n_merges
    t.added = []
    for _ in range(t.n_added):
        i, fl, ln = struct.unpack_from("<III", buf, p)
        p += 12
        t.added.append((i, fl, buf[p:p + ln]))
        p += (ln + 3) // 4 * 4
    eq(p, off + size, "tokenizer section end")
    for b in range(256):
        i = t.byte_to_id[b]
        check(i == -1 or t.tokens[i] == bytes([b]), "byte_to_id[%d] -> %d is not that byte" % (b, i))
    return t


def tensor_data(m, name):
    dt, dims, off, nbytes = m.tensors[name]
    return m.buf[off:off + nbytes]


def read_safetensors(path):
    with open(path, "rb") as f:
        buf = f.read()
    (n,) = struct.unpack_from("<Q", buf, 0)
    hdr = json.loads(buf[8:8 + n])
    out = {}
    for k, v in hdr.items():
        if k != "__metadata__":
            a, b = v["data_offsets"]
            out[k] = (v["dtype"], tuple(v["shape"]), buf[8 + n + a:8 + n + b])
    return out


# ==========================================================================================
# Running the converter
# ==========================================================================================

TMP = None


def tmpdir(name):
    d = os.path.join(TMP, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    return d


def run_convert(args, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    p = subprocess.run([sys.executable, CONVERT] + [str(a) for a in args],
                       capture_output=True, text=True, env=env, timeout=300)
    return p.returncode, p.stdout, p.stderr


def convert_ok(src, out, *extra, env=None):
    rc, so, se = run_convert([src, out] + list(extra), env)
    check(rc == 0, "conversion of %s failed (rc %d): %s" % (os.path.basename(src), rc, se.strip()[-300:]))
    check("Traceback" not in se, "traceback on success")
    return read_model(out)


def expect_error(src, *extra, contains=None, out=None):
    out = out or os.path.join(TMP, "should_not_exist.bin")
    rc, so, se = run_convert([src, out] + list(extra))
    lines = se.strip("\n").split("\n") if se.strip() else []
    check(rc == 1, "exit code %d (expected 1); stderr: %s" % (rc, se.strip()[-300:]))
    check("Traceback" not in se, "Python traceback on stderr: %s" % se.strip()[-300:])
    check(len(lines) == 1, "expected exactly one stderr line, got %d: %r" % (len(lines), se[-300:]))
    check(lines[0].startswith("convert.py: error: "), "bad error line: %r" % lines[0])
    if contains:
        for word in ([contains] if isinstance(contains, str) else contains):
            check(word.lower() in lines[0].lower(), "error line lacks %r: %s" % (word, lines[0]))
    check(not os.path.exists(out), "output file was created despite the error")
    d = os.path.dirname(os.path.abspath(out))
    left = [f for f in os.listdir(d) if f.endswith(".tmp")] if os.path.isdir(d) else []
    check(not left, "temporary files left behind: %s" % left)
    return lines[0]


# Shared base model (weights are reused by many tests).
BASE = Cfg()
BASE_W = None


def base_weights():
    global BASE_W
    if BASE_W is None:
        BASE_W = make_weights(BASE)
    return BASE_W


def base_hf(name, **kw):
    return make_hf(tmpdir(name), BASE, base_weights(), **kw)


# ==========================================================================================
# Positive tests
# ==========================================================================================

def assert_same_bytes(m, weights, what):
    for name, (shape, data) in weights.items():
        if name in m.tensors:
            check(tensor_data(m, name) == data, "%s: bytes of %s differ from the source" % (what, name))


@test
def hf_f32_with_tokenizer():
    c = BASE
    d = base_hf("hf_tok", tokenizer=tiny_tokenizer())
    m = convert_ok(d, os.path.join(TMP, "hf_tok.bin"))
    h = m.h
    eq(h["flags"], 8, "flags (untied, conv bias)")
    for k, v in (("d_model", c.d_model), ("n_layer", c.n_layer), ("vocab_rows", c.V),
                 ("d_state", c.d_state), ("d_conv", c.d_conv), ("d_inner", c.d_inner),
                 ("headdim", c.headdim), ("nheads", c.nheads), ("ngroups", c.ngroups),
                 ("chunk_size", c.chunk), ("norm_eps", f32(1e-5)), ("gated_norm_eps", f32(1e-5)),
                 ("dt_min", 0.0), ("dt_max", math.inf)):
        eq(h[k], v, k)
    assert_same_bytes(m, base_weights(), "hf f32")
    t = m.tok
    check(t is not None, "no tokenizer section")
    eq(t.n_vocab, 262, "n_vocab")
    eq(h["vocab_size"], 262, "header vocab_size = tokenizer n_vocab")
    eq(t.eos_id, 260, "tokenizer eos")
    eq(h["eos_id"], 260, "header eos")
    eq(h["bos_id"], -1, "header bos (config bos 0 is not a special token)")
    eq(t.normalizer, 1, "normalizer NFC")
    eq(t.flags, 0, "tokenizer flags")
    tj = tiny_tokenizer()
    vocab = tj["model"]["vocab"]
    for b in range(256):
        eq(t.byte_to_id[b], vocab[B2U[b]], "byte_to_id[%d]" % b)
        eq(t.tokens[vocab[B2U[b]]], bytes([b]), "token bytes of byte %d" % b)
    eq(t.tokens[vocab["\u0120the"]], b" the", "merged token")
    eq(t.tokens[260], b"<|endoftext|>", "eot token")
    eq(t.tokens[261], b"  ", "added-only token")
    eq(len(t.merges), 4, "n_merges")
    eq(t.merges[2], (vocab["\u0120t"], vocab["he"], vocab["\u0120the"]), "merge 2 (pair form)")
    eq(t.merges[3], (vocab["i"], vocab["n"], vocab["in"]), "merge 3 (string form)")
    eq(t.added, [(260, 1, b"<|endoftext|>"), (261, 2, b"  ")], "added tokens")


@test
def mamba_ssm_bin_matches_hf():
    for tie in (True, False):
        c = Cfg(tie=tie)
        w = make_weights(c, seed=3)
        tag = "tied" if tie else "untied"
        dh = make_hf(tmpdir("pair_hf_" + tag), c, w)
        dm = make_mamba(tmpdir("pair_ms_" + tag), c, w, parameter=not tie)
        mh = convert_ok(dh, os.path.join(TMP, "pair_hf_%s.bin" % tag))
        mm = convert_ok(dm, os.path.join(TMP, "pair_ms_%s.bin" % tag))
        eq(mm.h["flags"] & 1, int(tie), "%s: tied flag" % tag)
        eq(mm.h["vocab_size"], c.vocab, "%s: mamba_ssm vocab_size = unpadded" % tag)
        eq(mh.h["vocab_size"], c.V, "%s: hf vocab_size = rows" % tag)
        eq(mh.h["eos_id"], 0, "%s: hf eos from config" % tag)
        eq(mm.h["eos_id"], -1, "%s: mamba_ssm eos unknown" % tag)
        for k in FORWARD_FIELDS:
            eq(mm.h[k], mh.h[k], "%s: header %s" % (tag, k))
        eq(mm.tensors, mh.tensors, "%s: directories" % tag)
        eq(mm.buf[mm.h["data_offset"]:], mh.buf[mh.h["data_offset"]:], "%s: tensor data" % tag)
        assert_same_bytes(mm, w, tag)


@test
def mamba_ssm_defaults_and_features():
    # d_conv/expand/headdim absent from ssm_cfg -> Mamba2 defaults (4, 2, 64); biases on;
    # conv bias off; norm_before_gate; a dt_limit; a top-level folder name other than "archive".
    c = Cfg(d_model=64, headdim=64, ngroups=1, bias=True, conv_bias=False, norm_before_gate=True,
            dt_limit=(0.001, 0.5), tie=True)
    w = make_weights(c, seed=4)
    cfg = mamba_config(c)
    for k in ("d_conv", "expand", "headdim"):
        del cfg["ssm_cfg"][k]
    d = make_mamba(tmpdir("ms_defaults"), c, w, config=cfg)
    m = convert_ok(d, os.path.join(TMP, "ms_defaults.bin"))
    eq(m.h["flags"], 1 | 2 | 4, "flags")
    eq((m.h["d_conv"], m.h["d_inner"], m.h["headdim"]), (4, 128, 64), "defaults")
    eq((m.h["dt_min"], m.h["dt_max"]), (f32(0.001), f32(0.5)), "dt limits")
    assert_same_bytes(m, w, "defaults")
    # the same from HF, config keys absent: HF defaults apply (tie_word_embeddings False)
    hcfg = hf_config(c)
    del hcfg["tie_word_embeddings"]
    d2 = make_hf(tmpdir("hf_untied_default"), c, w, config=hcfg)
    expect_error(d2, contains="lm_head.weight")


@test
def bf16_and_f16_inputs():
    c = BASE
    w = base_weights()
    for dtype, enc, widen in (("BF16", to_bf16_bytes, widen_bf16), ("F16", to_f16_bytes, widen_f16)):
        d = make_hf(tmpdir("in_" + dtype), c, w, dtype=dtype)
        same = convert_ok(d, os.path.join(TMP, "in_%s_same.bin" % dtype), "--dtype", dtype.lower())
        wide = convert_ok(d, os.path.join(TMP, "in_%s_f32.bin" % dtype))
        for name, (shape, f32data) in w.items():
            src = enc(f32data)
            dt = same.tensors[name][0]
            if dt == dtype:
                check(tensor_data(same, name) == src, "%s kept exactly: %s" % (dtype, name))
            else:
                eq(dt, "F32", "small tensor dtype")
                check(tensor_data(same, name) == widen(src), "%s widened: %s" % (dtype, name))
            check(tensor_data(wide, name) == widen(src), "%s -> f32: %s" % (dtype, name))
    # torch storages in bf16/f16 too
    for stype, enc in (("BFloat16Storage", to_bf16_bytes), ("HalfStorage", to_f16_bytes)):
        d = make_mamba(tmpdir("ms_" + stype), c, w, stype=stype)
        dt = "bf16" if stype.startswith("BF") else "f16"
        m = convert_ok(d, os.path.join(TMP, "ms_%s.bin" % stype), "--dtype", dt)
        name = "backbone.layers.1.mixer.in_proj.weight"
        check(tensor_data(m, name) == enc(w[name][1]), "%s kept exactly" % stype)


SPECIAL_F32 = [0.0, -0.0, 1.0, -1.0, 65504.0, 65519.0, 65520.0, -65520.0, 1e6, -1e30, 6.1e-5,
               6.0e-8, 2.98e-8, 2.9802322387695312e-08, 3.0e-8, 1e-10, 1.401298464324817e-45,
               3.4028234663852886e+38, math.inf, -math.inf, math.nan, -math.nan,
               bits_f32(0x3F808000), bits_f32(0x3F818000), bits_f32(0x3F80FFFF),
               bits_f32(0x7F7FFFFF), bits_f32(0x7FFFFFFF), bits_f32(0xFF800001),
               bits_f32(0x387FE000), bits_f32(0x38800000), bits_f32(0x33000000),
               bits_f32(0x33000001), bits_f32(0x477FF000), bits_f32(0x477FEFFF)]


def special_weights(c, seed, with_nonfinite):
    w = make_weights(c, seed=seed)
    rng = random.Random(seed)
    specials = [v for v in SPECIAL_F32 if with_nonfinite or (math.isfinite(v) and abs(v) < 1e7)]
    for name, (shape, data) in list(w.items()):
        if len(shape) != 2:
            continue
        vals = list(struct.unpack("<%df" % (len(data) // 4), data))
        # sprinkle specials; for q8_0 also whole special blocks: zeros, -0.0, tiny, huge
        for i, v in enumerate(specials):
            vals[(i * 7 + 3) % len(vals)] = v
        if not with_nonfinite:
            vals[0:32] = [0.0] * 32
            vals[32:64] = [-0.0] * 32
            vals[64:96] = [f32(rng.uniform(-1e-30, 1e-30)) for _ in range(32)]
            vals[96:128] = [f32(rng.uniform(-5e3, 5e3)) for _ in range(32)]
            # exact .5 ties after scaling: amax 127 -> d = 1, so x*id = x
            vals[128:160] = [127.0, -127.0] + [k + 0.5 for k in range(-15, 15)]
            # amax so small that 1/d overflows float32, and one just above that edge
            vals[160:192] = [f32(rng.uniform(-1e-37, 1e-37)) for _ in range(32)]
            vals[192:224] = [f32(rng.uniform(-3e-36, 3e-36)) for _ in range(32)]
        w[name] = (shape, encode_f32_values(vals))
    return w


@test
def output_encodings_f16_bf16():
    c = BASE
    w = special_weights(c, 11, with_nonfinite=True)
    d = make_hf(tmpdir("enc"), c, w)
    for dtype, enc in (("bf16", to_bf16_bytes), ("f16", to_f16_bytes)):
        m = convert_ok(d, os.path.join(TMP, "enc_%s.bin" % dtype), "--dtype", dtype)
        for name, (shape, data) in w.items():
            dt = m.tensors[name][0]
            if len(shape) == 2:
                eq(dt, dtype.upper(), "dtype of %s" % name)
                got, want = tensor_data(m, name), enc(data)
                if got != want:
                    i = next(k for k in range(0, len(got), 2) if got[k:k + 2] != want[k:k + 2]) // 2
                    raise AssertionError("%s %s element %d: got %04x want %04x (input %08x)" % (
                        dtype, name, i, struct.unpack_from("<H", got, 2 * i)[0],
                        struct.unpack_from("<H", want, 2 * i)[0],
                        struct.unpack_from("<I", data, 4 * i)[0]))
            else:
                eq(dt, "F32", "dtype of %s" % name)
                check(tensor_data(m, name) == data, "small tensor %s changed" % name)


@test
def output_encoding_q8_0():
    c = BASE
    w = special_weights(c, 12, with_nonfinite=False)
    d = make_hf(tmpdir("enc_q8"), c, w)
    m = convert_ok(d, os.path.join(TMP, "enc_q8.bin"), "--dtype", "q8_0")
    for name, (shape, data) in w.items():
        if len(shape) != 2:
            continue
        eq(m.tensors[name][0], "Q8_0", "dtype of %s" % name)
        vals = struct.unpack("<%df" % (len(data) // 4), data)
        got, want = tensor_data(m, name), ref_q8_0(vals)
        if got != want:
            k = next(k for k in range(0, len(got), 34) if got[k:k + 34] != want[k:k + 34]) // 34
            raise AssertionError("q8_0 %s block %d differs: got %s want %s (input %r)" % (
                name, k, got[34 * k:34 * k + 34].hex(), want[34 * k:34 * k + 34].hex(),
                vals[32 * k:32 * k + 32]))
        # and it dequantizes to within half a step
        for b in range(len(vals) // 32):
            dscale = half_to_float(struct.unpack_from("<H", got, 34 * b)[0])
            qs = struct.unpack_from("<32b", got, 34 * b + 2)
            for j in range(32):
                x = vals[32 * b + j]
                check(abs(dscale * qs[j] - x) <= 0.5 * dscale + 1e-3 * abs(x) + 1e-30,
                      "q8_0 %s element %d dequantizes badly" % (name, 32 * b + j))
    for label, v, word in (("nan", math.nan, "NaN"), ("inf", -math.inf, "inf"), ("huge", 1e30, "too large")):
        bad = OrderedDict(w)
        name = "backbone.layers.1.mixer.out_proj.weight"
        shape, data = bad[name]
        bad[name] = (shape, data[:400] + struct.pack("<f", v) + data[404:])
        expect_error(make_hf(tmpdir("q8_" + label), c, bad), "--dtype", "q8_0", contains=[word, name])


@test
def numpy_and_pure_paths_agree():
    if importlib.util.find_spec("numpy") is None:
        raise Skip("numpy is not installed for %s; only the pure-Python path was tested" % sys.executable)
    c = BASE
    for nonfinite in (True, False):
        w = special_weights(c, 21, with_nonfinite=nonfinite)
        for dtype in (("bf16", "f16") if nonfinite else ("q8_0",)):
            d = make_hf(tmpdir("np_%s" % dtype), c, w)
            a = os.path.join(TMP, "np_%s_numpy.bin" % dtype)
            b = os.path.join(TMP, "np_%s_pure.bin" % dtype)
            convert_ok(d, a, "--dtype", dtype)
            convert_ok(d, b, "--dtype", dtype, env={"M2_CONVERT_NO_NUMPY": "1"})
            with open(a, "rb") as fa, open(b, "rb") as fb:
                check(fa.read() == fb.read(), "%s: numpy and pure-Python outputs differ" % dtype)
    # f16 input widening, both paths
    d = make_hf(tmpdir("np_f16in"), c, w, dtype="F16")
    a, b = os.path.join(TMP, "np_f16in_a.bin"), os.path.join(TMP, "np_f16in_b.bin")
    convert_ok(d, a)
    convert_ok(d, b, env={"M2_CONVERT_NO_NUMPY": "1"})
    with open(a, "rb") as fa, open(b, "rb") as fb:
        check(fa.read() == fb.read(), "f16 widening: numpy and pure-Python outputs differ")


@test
def big_tensor_crosses_chunks():
    # more than 2**20 elements in the embedding: several conversion chunks
    c = Cfg(vocab=33000, d_model=32, n_layer=1)
    w = make_weights(c, seed=5)
    d = make_hf(tmpdir("bigchunk"), c, w)
    name = "backbone.embeddings.weight"
    for dtype, enc in (("bf16", to_bf16_bytes), ("f16", None)):
        m = convert_ok(d, os.path.join(TMP, "bigchunk_%s.bin" % dtype), "--dtype", dtype, "-q")
        data = w[name][1]
        if enc is None:
            # spot-check f16 (a full reference pass in Python is slow): first/last 4096 values
            got = tensor_data(m, name)
            for lo in (0, len(data) // 4 - 4096, (1 << 20) - 2048):
                want = to_f16_bytes(data[4 * lo:4 * (lo + 4096)])
                check(got[2 * lo:2 * (lo + 4096)] == want, "f16 chunk at %d" % lo)
        else:
            check(tensor_data(m, name) == enc(data), "bf16 across chunks")


@test
def sharded_safetensors():
    c = BASE
    w = base_weights()
    d = tmpdir("sharded")
    write_json(os.path.join(d, "config.json"), hf_config(c))
    tl = hf_tensor_list(c, w)
    half = len(tl) // 2
    wm = {}
    for i, part in enumerate((tl[:half], tl[half:])):
        fn = "model-%05d-of-00002.safetensors" % (i + 1)
        write(os.path.join(d, fn), safetensors_bytes(part, {"format": "pt"}))
        wm.update({t[0]: fn for t in part})
    write_json(os.path.join(d, "model.safetensors.index.json"), {"metadata": {}, "weight_map": wm})
    m = convert_ok(d, os.path.join(TMP, "sharded.bin"))
    assert_same_bytes(m, w, "sharded")
    wm[tl[0][0]] = "../evil.safetensors"
    write_json(os.path.join(d, "model.safetensors.index.json"), {"metadata": {}, "weight_map": wm})
    expect_error(d, contains="shard")


@test
def other_weight_file_layouts():
    # mamba_ssm config with model.safetensors (official names) instead of pytorch_model.bin
    c = Cfg(tie=True)
    w = make_weights(c, seed=14)
    ref = convert_ok(make_hf(tmpdir("layouts_ref"), c, w), os.path.join(TMP, "layouts_ref.bin"))
    d = tmpdir("ms_safetensors")
    write_json(os.path.join(d, "config.json"), mamba_config(c))
    tl = [("backbone.embedding.weight" if n == "backbone.embeddings.weight" else n, dt, s, data)
          for n, dt, s, data in hf_tensor_list(c, w)]
    write(os.path.join(d, "model.safetensors"), safetensors_bytes(tl))
    m = convert_ok(d, os.path.join(TMP, "ms_safetensors.bin"))
    eq(m.tensors, ref.tensors, "mamba_ssm safetensors: directory")
    eq(m.buf[m.h["data_offset"]:], ref.buf[ref.h["data_offset"]:], "mamba_ssm safetensors: data")
    # sharded pytorch_model.bin with an index
    d = tmpdir("ms_sharded_bin")
    write_json(os.path.join(d, "config.json"), mamba_config(c))
    names = list(w)
    wm = {}
    for k, part in enumerate((names[:5], names[5:])):
        items, storages = [], OrderedDict()
        for n in part:
            shape, data = w[n]
            key = str(len(storages))
            storages[key] = data
            src = "backbone.embedding.weight" if n == "backbone.embeddings.weight" else n
            items.append((src, p_tensor(key, "FloatStorage", len(data) // 4, 0, shape)))
            wm[src] = "pytorch_model-%d.bin" % k
        write(os.path.join(d, "pytorch_model-%d.bin" % k), torch_zip_bytes(state_dict_pickle(items), storages))
    write_json(os.path.join(d, "pytorch_model.bin.index.json"), {"weight_map": wm})
    m = convert_ok(d, os.path.join(TMP, "ms_sharded_bin.bin"))
    eq(m.buf[m.h["data_offset"]:], ref.buf[ref.h["data_offset"]:], "sharded .bin: data")


@test
def tokenizer_eos_bos_rules():
    tj = tiny_tokenizer()
    tj["added_tokens"][0]["content"] = "</s>"           # no <|endoftext|> any more
    tj["model"]["vocab"]["</s>"] = tj["model"]["vocab"].pop("<|endoftext|>")
    tj["added_tokens"].append({"id": 5, "content": "<s>", "special": True, "normalized": False})
    d = base_hf("tok_eos", config=hf_config(BASE, eos_token_id=260, bos_token_id=5), tokenizer=tj)
    m = convert_ok(d, os.path.join(TMP, "tok_eos.bin"))
    eq((m.tok.eos_id, m.h["eos_id"], m.h["bos_id"]), (260, 260, 5), "eos/bos from config special tokens")
    eq(m.tok.tokens[5], b"<s>", "added token overrides the vocab entry of its id")
    check(m.tok.byte_to_id.count(5) == 0, "byte_to_id still points at the overridden id")
    d = base_hf("tok_eos2", config=hf_config(BASE, eos_token_id=7, bos_token_id=None), tokenizer=tj)
    m = convert_ok(d, os.path.join(TMP, "tok_eos2.bin"))
    eq((m.h["eos_id"], m.h["bos_id"]), (-1, -1), "a plain vocab id is not taken as eos")
    d = base_hf("eos_range", config=hf_config(BASE, eos_token_id=BASE.V + 5))
    m = convert_ok(d, os.path.join(TMP, "eos_range.bin"))
    eq(m.h["eos_id"], -1, "config eos beyond vocab_size")
    rc, so, se = run_convert(["--help"])
    check(rc == 0 and "SRC_DIR" in so, "--help")


@test
def tokenizer_missing_byte_tokens_noted():
    tj = tiny_tokenizer()
    gone = [B2U[0x01], B2U[0xFF]]
    for ch in gone:
        del tj["model"]["vocab"][ch]
    d = base_hf("tok_nobytes", tokenizer=tj)
    out = os.path.join(TMP, "tok_nobytes.bin")
    rc, so, se = run_convert([d, out])
    check(rc == 0, "conversion failed: %s" % se.strip()[-300:])
    check("no single-byte token for 2 of the 256 bytes" in se and "0x01, 0xFF" in se,
          "missing byte tokens not noted: %r" % se[-400:])
    m = read_model(out)
    eq((m.tok.byte_to_id[0x01], m.tok.byte_to_id[0xFF]), (-1, -1), "missing bytes map to no id")
    rc, so, se = run_convert([base_hf("tok_allbytes", tokenizer=tiny_tokenizer()), os.path.join(TMP, "tok_allbytes.bin")])
    check(rc == 0 and "single-byte" not in se, "a complete byte alphabet is not noted: %r" % se[-300:])


@test
def tie_present_and_identical_in_safetensors():
    c = Cfg(tie=True)
    w = make_weights(c, seed=8)
    emb = w["backbone.embeddings.weight"]
    d = make_hf(tmpdir("tie_dup"), c, w, extra=[("lm_head.weight", "F32", emb[0], emb[1])])
    m = convert_ok(d, os.path.join(TMP, "tie_dup.bin"))
    eq(m.h["flags"] & 1, 1, "tied flag")
    diff = bytes(len(emb[1]) - 4) + b"\x00\x00\x80\x3f"
    d2 = make_hf(tmpdir("tie_diff"), c, w, extra=[("lm_head.weight", "F32", emb[0], diff)])
    expect_error(d2, contains="lm_head.weight")


@test
def cli_options_and_output_handling():
    d = base_hf("cli", tokenizer=tiny_tokenizer())
    out = os.path.join(TMP, "cli.bin")
    rc, so, se = run_convert([d, out, "--no-tokenizer", "-q"])
    eq((rc, so, se), (0, "", ""), "-q run is silent")
    m = read_model(out)
    check(m.tok is None, "--no-tokenizer still packed one")
    eq(m.h["vocab_size"], BASE.V, "vocab_size without tokenizer (HF)")
    eq(m.h["eos_id"], 0, "eos from HF config")
    # an existing output is replaced atomically, with normal permissions
    m = convert_ok(d, out)
    check(m.tok is not None, "tokenizer.json in SRC_DIR is picked up")
    check(os.stat(out).st_mode & 0o644 == 0o644, "output permissions")
    expect_error(d, "--dtype", "f64", contains="dtype")
    expect_error(d, "--tokenizer", os.path.join(TMP, "nope.json"), contains="nope.json")
    expect_error(d, out=os.path.join(TMP, "no_such_dir", "x.bin"), contains="cannot write")
    expect_error(os.path.join(TMP, "no_such_src"), contains="not a directory")


@test
def random_checkpoint_tool():
    d = tmpdir("randtool")
    p = subprocess.run([sys.executable, MAKE_RANDOM, d, "--d-model", "64", "--n-layer", "2",
                        "--vocab", "300", "--d-state", "16", "--headdim", "16", "--dtype", "bf16"],
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, "make_random_checkpoint failed: %s" % p.stderr[-300:])
    m = convert_ok(d, os.path.join(TMP, "randtool.bin"), "--dtype", "q8_0", "-q")
    eq((m.h["d_model"], m.h["n_layer"], m.h["vocab_rows"], m.h["flags"] & 1), (64, 2, 304, 1), "shape")


# ==========================================================================================
# The broken-checkpoint corpus: each must fail with one clean error line
# ==========================================================================================

def broken_st(name, st_bytes, config=None):
    d = tmpdir(name)
    write_json(os.path.join(d, "config.json"), config or hf_config(BASE))
    write(os.path.join(d, "model.safetensors"), st_bytes)
    return d


def good_st_bytes():
    return safetensors_bytes(hf_tensor_list(BASE, base_weights()), {"format": "pt"})


def header_of(stb):
    (n,) = struct.unpack_from("<Q", stb, 0)
    return json.loads(stb[8:8 + n], object_pairs_hook=OrderedDict), stb[8 + n:]


@test
def broken_safetensors():
    good = good_st_bytes()
    hdr, data = header_of(good)
    names = [k for k in hdr if k != "__metadata__"]
    first, second = names[0], names[1]
    cases = []
    cases.append(("truncated", good[:len(good) - 100], "lie outside"))
    cases.append(("truncated_header", good[:20], "header length"))
    cases.append(("tiny_file", b"\x01\x02\x03", "truncated"))
    cases.append(("header_past_eof", struct.pack("<Q", 1 << 40) + good[8:], "header length"))
    h = json.loads(json.dumps(hdr))
    h[second]["data_offsets"] = [h[first]["data_offsets"][0] + 4,
                                 h[first]["data_offsets"][0] + 4 + (h[second]["data_offsets"][1] - h[second]["data_offsets"][0])]
    cases.append(("overlap", raw_safetensors(h, data), "overlap"))
    h = json.loads(json.dumps(hdr))
    a, b = h[first]["data_offsets"]
    h[first]["data_offsets"] = [len(data) + 8, len(data) + 8 + (b - a)]
    cases.append(("outside", raw_safetensors(h, data), "outside"))
    h = json.loads(json.dumps(hdr))
    h[first]["data_offsets"] = [a, b - 4]
    cases.append(("wrong_nbytes", raw_safetensors(h, data), "needs"))
    h = json.loads(json.dumps(hdr))
    h[first]["shape"] = [2 ** 40, 2 ** 40]
    cases.append(("absurd_shape", raw_safetensors(h, data), "needs"))
    h = json.loads(json.dumps(hdr))
    h[first]["shape"] = [-1, 4]
    cases.append(("negative_shape", raw_safetensors(h, data), "shape"))
    h = json.loads(json.dumps(hdr))
    h[first]["dtype"] = "X99"
    cases.append(("unknown_dtype", raw_safetensors(h, data), "X99"))
    h = json.loads(json.dumps(hdr))
    h[first]["data_offsets"] = "zero"
    cases.append(("bad_offsets", raw_safetensors(h, data), "data_offsets"))
    cases.append(("not_json", raw_safetensors(None, data, header_bytes=b"{nope" + b" " * 3), "JSON"))
    cases.append(("not_object", raw_safetensors([1, 2], data), "object"))
    cases.append(("not_utf8", raw_safetensors(None, data, header_bytes=b'{"\xff": 1}'), "UTF-8"))
    dup = b'{"%s": %s, "%s": %s}' % (first.encode(), json.dumps(hdr[first]).encode(),
                                      first.encode(), json.dumps(hdr[first]).encode())
    cases.append(("duplicate_key", raw_safetensors(None, data, header_bytes=dup), "twice"))
    for name, stb, word in cases:
        try:
            expect_error(broken_st("st_" + name, stb), contains=word)
        except AssertionError as e:
            raise AssertionError("%s: %s" % (name, e))


@test
def unsupported_dtype_in_safetensors():
    w = base_weights()
    tl = hf_tensor_list(BASE, w)
    name = "backbone.layers.0.mixer.A_log"
    tl = [(n, "F64", s, struct.pack("<%dd" % (len(dt) // 4), *struct.unpack("<%df" % (len(dt) // 4), dt)))
          if n == name else (n, t, s, dt) for n, t, s, dt in tl]
    expect_error(broken_st("st_f64", safetensors_bytes(tl)), contains=["F64", name])


@test
def tensor_set_and_shapes():
    w = base_weights()
    c = BASE
    expect_error(base_hf("missing", skip=("backbone.layers.1.mixer.D",)),
                 contains="missing tensor backbone.layers.1.mixer.D")
    attn = ("backbone.layers.0.mixer.Wqkv.weight", "F32", (8, 8), bytes(256))
    expect_error(base_hf("extra_attn", extra=[attn]), contains=["Wqkv", "attention"])
    mlp = ("backbone.layers.0.mlp.fc1.weight", "F32", (8, 8), bytes(256))
    expect_error(base_hf("extra_mlp", extra=[mlp]), contains=["fc1", "MLP"])
    beyond = ("backbone.layers.7.norm.weight", "F32", (c.d_model,), bytes(4 * c.d_model))
    expect_error(base_hf("extra_layer", extra=[beyond]), contains="beyond")
    bad = dict(w)
    name = "backbone.layers.0.mixer.in_proj.weight"
    bad[name] = ((c.d_in_proj - 1, c.d_model), w[name][1][:4 * (c.d_in_proj - 1) * c.d_model])
    expect_error(make_hf(tmpdir("bad_shape"), c, bad),
                 contains=[name, "[%d, %d]" % (c.d_in_proj - 1, c.d_model), "[%d, %d]" % (c.d_in_proj, c.d_model)])
    # config contradicts the weights: fewer vocab rows
    expect_error(base_hf("cfg_vocab", config=hf_config(c, vocab_size=c.V - 16)),
                 contains="backbone.embeddings.weight")
    expect_error(base_hf("no_lm_head", skip=("lm_head.weight",)), contains="lm_head.weight")


@test
def config_errors():
    c = BASE
    w = base_weights()

    def ms(name, **kw):
        ssm_extra = kw.pop("ssm_extra", None)
        cfg = mamba_config(c, ssm_extra, **kw)
        return make_mamba(tmpdir(name), c, w, config=cfg)

    cfg = mamba_config(c)
    del cfg["ssm_cfg"]["layer"]
    # a Mamba-2 checkpoint whose config says Mamba-1: the tensors do not fit
    expect_error(make_mamba(tmpdir("mamba1"), c, w, config=cfg), contains=["Mamba-1", "in_proj"])
    expect_error(ms("mamba1b", ssm_extra={"layer": "Mamba1"}), contains=["Mamba-1", "in_proj"])
    expect_error(ms("mlp", d_intermediate=256), contains="MLP")
    expect_error(ms("attn", attn_layer_idx=[1]), contains="attention")
    expect_error(ms("layernorm", rms_norm=False), contains="LayerNorm")
    expect_error(ms("dhdim", ssm_extra={"D_has_hdim": True}), contains="D_has_hdim")
    expect_error(ms("nogate", ssm_extra={"rmsnorm": False}), contains="rmsnorm")
    expect_error(ms("nan_mamba", ssm_extra={"dt_limit": [0.0, float("nan")]}), contains="NaN")
    expect_error(base_hf("hf_nan", config=hf_config(c, layer_norm_epsilon=float("nan"))),
                 contains=["layer_norm_epsilon", "NaN"])
    expect_error(base_hf("hf_nan_int", config=hf_config(c, state_size=float("nan"))),
                 contains=["state_size", "NaN"])
    expect_error(base_hf("hf_heads", config=hf_config(c, num_heads=c.nheads + 1)), contains="num_heads")
    expect_error(base_hf("hf_float", config=hf_config(c, hidden_size=32.5)), contains="hidden_size")
    expect_error(base_hf("hf_noheads", config=hf_config(c, rms_norm=False)), contains="rms_norm")
    expect_error(base_hf("hf_eps0", config=hf_config(c, layer_norm_epsilon=0.0)), contains="eps")
    expect_error(base_hf("unknown_mt", config={"model_type": "llama", "hidden_size": 32}),
                 contains="unknown checkpoint layout")
    expect_error(base_hf("hf_mamba1", config={"model_type": "mamba", "hidden_size": 32}),
                 contains="num_hidden_layers")
    expect_error(base_hf("neither", config={"foo": 1, "bar": [2]}), contains="unknown checkpoint layout")
    expect_error(base_hf("cfg_array", config=[1, 2, 3]), contains="object")
    d = tmpdir("no_config")
    write(os.path.join(d, "model.safetensors"), good_st_bytes())
    expect_error(d, contains="unknown checkpoint layout")
    d = base_hf("cfg_latin1")
    write(os.path.join(d, "config.json"), b'{"model_type": "mamba2", "name": "caf\xe9"}')
    expect_error(d, contains="UTF-8")
    d = base_hf("cfg_badjson")
    write(os.path.join(d, "config.json"), b'{"model_type": "mamba2",')
    expect_error(d, contains="JSON")
    d = tmpdir("no_weights")
    write_json(os.path.join(d, "config.json"), hf_config(c))
    expect_error(d, contains="no weights")


# --- pickles ---------------------------------------------------------------------------------

class _Evil:
    def __init__(self, cmd):
        self.cmd = cmd

    def __reduce__(self):
        return (os.system, (self.cmd,))


def evil_bin_dir(name, pkl, storages=None, extra=()):
    d = tmpdir(name)
    write_json(os.path.join(d, "config.json"), mamba_config(BASE))
    write(os.path.join(d, "pytorch_model.bin"), torch_zip_bytes(pkl, storages or {}, extra=extra))
    return d


@test
def malicious_pickles():
    marker = os.path.join(tempfile.gettempdir(), "PWNED_m2conv_%d" % os.getpid())
    if os.path.exists(marker):
        os.unlink(marker)
    cmd = "touch " + marker
    try:
        # 1. the classic: the whole data.pkl is an os.system call
        expect_error(evil_bin_dir("evil1", pickle.dumps(_Evil(cmd), protocol=2)),
                     contains=["refusing", "system"])
        # 2. hidden inside an otherwise valid state_dict, after a real tensor
        good = p_tensor("0", "FloatStorage", 4, 0, (4,))
        evil = p_global("posix" if os.name == "posix" else "nt", "system") + b"(" + p_str(cmd) + b"tR"
        pkl = state_dict_pickle([("a", good), ("b", evil)])
        expect_error(evil_bin_dir("evil2", pkl, {"0": bytes(16)}), contains="refusing")
        # 3. builtins.eval / getattr via STACK_GLOBAL (protocol 4)
        pkl4 = (b"\x80\x04" + b"\x8c\x08builtins" + b"\x8c\x04eval" + b"\x93"
                + b"\x8c" + bytes([len("__import__('os').system('%s')" % cmd)])
                + ("__import__('os').system('%s')" % cmd).encode() + b"\x85R.")
        expect_error(evil_bin_dir("evil3", pkl4), contains=["refusing", "builtins.eval"])
        # 4. an allowed rebuild function pointed at a storage key with a path in it
        bad_key = p_tensor("../../etc/passwd", "FloatStorage", 4, 0, (4,))
        expect_error(evil_bin_dir("evil4", state_dict_pickle([("a", bad_key)])), contains="refusing")
        # 5. torch.load's own favourite gadget names that are not tensor rebuilders
        pkl5 = state_dict_pickle([("a", p_global("torch", "load") + b"(" + p_str("x") + b"tR")])
        expect_error(evil_bin_dir("evil5", pkl5), contains=["refusing", "torch.load"])
        # 6. BUILD used to tamper with an allowed stand-in (the storage type) before use
        pkl6 = (b"\x80\x02" + p_global("torch", "FloatStorage") + b"}" + p_str("dtype")
                + p_str("F64") + b"sb0" + state_dict_pickle([("a", good)])[2:])
        expect_error(evil_bin_dir("evil6", pkl6, {"0": bytes(16)}), contains=["refusing", "attributes"])
        check(not os.path.exists(marker), "the pickle ran a command: %s exists" % marker)
    finally:
        if os.path.exists(marker):
            os.unlink(marker)


@test
def malformed_torch_zips():
    c = BASE
    w = base_weights()
    good_dir = make_mamba(tmpdir("zip_good"), c, w)
    with zipfile.ZipFile(os.path.join(good_dir, "pytorch_model.bin")) as z:
        entries = [(i.filename, z.read(i)) for i in z.infolist()]

    def rezip(name, transform=None, extra=()):
        d = tmpdir(name)
        write_json(os.path.join(d, "config.json"), mamba_config(c))
        path = os.path.join(d, "pytorch_model.bin")
        with zipfile.ZipFile(path, "w") as z:
            for fn, data in entries:
                if transform:
                    fn, data = transform(fn, data)
                if fn is not None:
                    z.writestr(zipfile.ZipInfo(fn), data)
            for fn, data in extra:
                z.writestr(zipfile.ZipInfo(fn), data)
        return d

    expect_error(rezip("zip_traversal", extra=[("../evil.txt", b"x")]), contains=["unsafe", "../evil.txt"])
    expect_error(rezip("zip_absolute", extra=[("/tmp/evil.txt", b"x")]), contains="unsafe")
    expect_error(rezip("zip_missing_storage",
                       lambda fn, data: (None, None) if fn.endswith("/data/3") else (fn, data)),
                 contains="missing")
    expect_error(rezip("zip_short_storage",
                       lambda fn, data: (fn, data[:-4]) if fn.endswith("/data/3") else (fn, data)),
                 contains="bytes")
    expect_error(rezip("zip_bigendian",
                       lambda fn, data: (fn, b"big") if fn.endswith("byteorder") else (fn, data)),
                 contains="byteorder")
    expect_error(rezip("zip_badpickle",
                       lambda fn, data: (fn, data[:len(data) // 2]) if fn.endswith("data.pkl") else (fn, data)),
                 contains="data.pkl")
    d = tmpdir("zip_notzip")
    write_json(os.path.join(d, "config.json"), mamba_config(c))
    write(os.path.join(d, "pytorch_model.bin"), pickle.dumps({"a": 1}, protocol=2))
    expect_error(d, contains="zip")
    # truncated zip file
    d = tmpdir("zip_truncated")
    write_json(os.path.join(d, "config.json"), mamba_config(c))
    with open(os.path.join(good_dir, "pytorch_model.bin"), "rb") as f:
        whole = f.read()
    write(os.path.join(d, "pytorch_model.bin"), whole[:len(whole) // 2])
    expect_error(d)
    # a non-contiguous (transposed) tensor, and an unsupported storage type
    name = "backbone.layers.0.mixer.out_proj.weight"
    D, E = c.d_model, c.d_inner
    strided = p_tensor("0", "FloatStorage", D * E, 0, (D, E), stride=(1, D))
    expect_error(evil_bin_dir("zip_strided", state_dict_pickle([(name, strided)]), {"0": bytes(4 * D * E)}),
                 contains="contiguous")
    stor, exprs = {}, []
    for n, (shape, data) in w.items():
        k = str(len(stor))
        src = "backbone.embedding.weight" if n == "backbone.embeddings.weight" else n
        if n == "backbone.norm_f.weight":
            stor[k] = struct.pack("<%dd" % D, *struct.unpack("<%df" % D, data))
            exprs.append((src, p_tensor(k, "DoubleStorage", D, 0, shape)))
        else:
            stor[k] = data
            exprs.append((src, p_tensor(k, "FloatStorage", len(data) // 4, 0, shape)))
    expect_error(evil_bin_dir("zip_double", state_dict_pickle(exprs), stor),
                 contains=["backbone.norm_f.weight", "float64"])


# --- tokenizers ------------------------------------------------------------------------------

@test
def unsupported_tokenizers():
    def bad(name, mutate, word):
        tj = tiny_tokenizer()
        mutate(tj)
        d = base_hf("tok_" + name, tokenizer=tj)
        try:
            expect_error(d, contains=word)
        except AssertionError as e:
            raise AssertionError("%s: %s" % (name, e))

    # a byte-level vocabulary needs the ByteLevel decoder
    bad("metaspace", lambda t: t.update(pre_tokenizer={"type": "Metaspace", "replacement": "\u2581"}),
        "decoder")
    bad("wordpiece", lambda t: t["model"].update(type="WordPiece"), "WordPiece")
    bad("unigram", lambda t: t["model"].update(type="Unigram"), "Unigram")
    bad("dropout", lambda t: t["model"].update(dropout=0.1), "dropout")
    bad("precompiled", lambda t: t.update(normalizer={"type": "Sequence", "normalizers": [
        {"type": "NFC"}, {"type": "Precompiled", "precompiled_charsmap": "AAAA"}]}), "Precompiled")
    bad("replace_regex", lambda t: t.update(normalizer={"type": "Replace", "pattern": {"Regex": " +"}, "content": " "}),
        "Regex")
    bad("decoder", lambda t: t.update(decoder={"type": "WordPiece"}), "decoder")
    bad("after_bytelevel", lambda t: t.update(pre_tokenizer={"type": "Sequence", "pretokenizers": [
        {"type": "ByteLevel", "add_prefix_space": False}, {"type": "Digits"}]}), "after ByteLevel")
    for name, pattern, word in (("lookbehind", "(?<=a)b", "(?<"), ("backref", "(a)\\1", "\\1"),
                                ("word_boundary", "\\bx", "\\b"), ("script", "\\p{Han}+", "Han"),
                                ("possessive", "a++", "possessive"), ("empty", "a*", "empty string"),
                                ("unclosed", "(ab", "unclosed"), ("nested_class", "[a[b]]", "nested"),
                                ("long_lookahead", "a(?!bc)", "lookahead"), ("big_repeat", "a{1,5000}", "repetition")):
        bad("regex_" + name, lambda t, pattern=pattern: t.update(pre_tokenizer={"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": pattern}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False}]}), word)
    bad("split_behavior", lambda t: t.update(pre_tokenizer={"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"String": " "}, "behavior": "Shuffled", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "use_regex": False}]}), "Shuffled")
    bad("unk_missing", lambda t: t["model"].update(unk_token="<nope>"), "unk_token")
    bad("template_b", lambda t: t.update(post_processor={"type": "TemplateProcessing", "single": [
        {"Sequence": {"id": "B", "type_id": 0}}], "special_tokens": {}}), "TemplateProcessing")
    bad("bad_merge", lambda t: t["model"]["merges"].append("q zz"), "merge")
    bad("too_many_ids", lambda t: t["model"]["vocab"].update({"ab": BASE.V}), "embedding rows")
    d = base_hf("tok_notjson")
    write(os.path.join(d, "tokenizer.json"), b"\x80\x81 not json")
    expect_error(d, contains="tokenizer.json")
    # a Sequence normalizer with only NFC, and add_prefix_space, are fine
    tj = tiny_tokenizer()
    tj["normalizer"] = {"type": "Sequence", "normalizers": [{"type": "NFC"}]}
    tj["pre_tokenizer"]["add_prefix_space"] = True
    tj["model"]["ignore_merges"] = True
    m = convert_ok(base_hf("tok_seq", tokenizer=tj), os.path.join(TMP, "tok_seq.bin"))
    eq((m.tok.normalizer, m.tok.flags), (1, 3), "normalizer/flags")
    # a byte-level entry outside the alphabet is kept for decoding only (tok_version 2)
    tj = tiny_tokenizer()
    tj["model"]["vocab"]["caf\u00e9\u2603"] = 300
    m = convert_ok(base_hf("tok_outside", tokenizer=tj), os.path.join(TMP, "tok_outside.bin"))
    eq(m.tok.version, 2, "tok_version with a decode-only entry")


@test
def block_types_and_mixes():
    """--dtype q4_0 ... q5_k_m: each matrix's type as tools/quant_mix.py chooses (llama-quantize's
    output matrix in Q6_K, shape fallbacks), the blocks tools/quantize makes, vectors F32."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import quant_mix
    c = Cfg(d_model=256, n_layer=2, vocab=300, d_state=16, headdim=64, ngroups=1)
    w = make_weights(c, seed=5)
    d = make_hf(tmpdir("quant_untied"), c, w)
    ct = Cfg(d_model=256, n_layer=2, vocab=300, d_state=16, headdim=64, ngroups=1, tie=True)
    wt = make_weights(ct, seed=6)
    dt = make_hf(tmpdir("quant_tied"), ct, wt)
    for flag, emb, head, proj in (("q4_k_m", "Q4_K", "Q6_K", "Q4_K"), ("q5_k_m", "Q5_K", "Q6_K", "Q5_K"),
                                  ("q4_0", "Q4_0", "Q6_K", "Q4_0"), ("q6_k", "Q6_K", "Q6_K", "Q6_K"),
                                  ("q5_1", "Q5_1", "Q6_K", "Q5_1")):
        m = convert_ok(d, os.path.join(TMP, "q_%s.bin" % flag), "--dtype", flag, "-q")
        eq(m.tensors["backbone.embeddings.weight"][0], emb, "%s: embedding" % flag)
        eq(m.tensors["lm_head.weight"][0], head, "%s: lm_head" % flag)
        for name, (dtype, dims, _, _) in m.tensors.items():
            if "proj.weight" in name:
                eq(dtype, proj, "%s: %s" % (flag, name))
                want = quant_mix.quantize(w[name][1], dtype, name)
                check(tensor_data(m, name) == want, "%s: blocks of %s" % (flag, name))
            elif len(dims) == 1 or "conv1d" in name:
                eq(dtype, "F32", "%s: %s stays F32" % (flag, name))
        mt = convert_ok(dt, os.path.join(TMP, "qt_%s.bin" % flag), "--dtype", flag, "-q")
        eq(mt.tensors["backbone.embeddings.weight"][0], "Q6_K", "%s: tied embedding = output" % flag)
    # rows of 32 (d_model 32): Q4_K falls back to Q5_0 and Q6_K to Q8_0, as llama-quantize does
    m = convert_ok(base_hf("quant_small"), os.path.join(TMP, "q_small.bin"), "--dtype", "q4_k_m", "-q")
    eq(m.tensors["backbone.layers.0.mixer.in_proj.weight"][0], "Q5_0", "fallback of Q4_K")
    eq(m.tensors["lm_head.weight"][0], "Q8_0", "fallback of Q6_K")
    # the use_more_bits layer pattern of llama.cpp (first and last eighth, every third between)
    eq([quant_mix.use_more_bits(i, 24) for i in range(8)], [True, True, True, False, False, True, False, False],
       "use_more_bits(i, 24)")
    # NaN cannot be quantized: one line naming the tensor
    bad = OrderedDict(w)
    shape, data = bad["backbone.layers.1.mixer.out_proj.weight"]
    bad["backbone.layers.1.mixer.out_proj.weight"] = (shape, b"\x00\x00\xc0\x7f" + data[4:])
    expect_error(make_hf(tmpdir("quant_nan"), c, bad), "--dtype", "q4_k", contains=["out_proj", "NaN"])


# ==========================================================================================
# Golden data (shared reference checkpoints)
# ==========================================================================================

def golden_dir(*parts):
    p = os.path.join(SHARED, "golden", *parts)
    if not os.path.isdir(os.path.join(SHARED, "golden")):
        raise Skip("shared reference data not found at %s (set M2_SHARED_DIR)" % SHARED)
    return p


@test
def golden_layouts_identical():
    for case in ("tiny", "groups"):
        g = golden_dir(case)
        with open(os.path.join(g, "meta.json")) as f:
            meta = json.load(f)["config"]
        mm = convert_ok(os.path.join(g, "mamba_ssm"), os.path.join(TMP, "g_%s_ms.bin" % case), "-q")
        mh = convert_ok(os.path.join(g, "hf"), os.path.join(TMP, "g_%s_hf.bin" % case), "-q")
        for k in FORWARD_FIELDS:
            eq(mm.h[k], mh.h[k], "%s: header %s" % (case, k))
        eq(mm.tensors, mh.tensors, "%s: directories" % case)
        eq(mm.buf[mm.h["data_offset"]:], mh.buf[mh.h["data_offset"]:], "%s: tensor bytes" % case)
        h = mm.h
        eq((h["d_model"], h["n_layer"], h["vocab_rows"], h["d_state"], h["headdim"], h["ngroups"],
            h["nheads"], h["chunk_size"], h["flags"] & 1),
           (meta["d_model"], meta["n_layer"], meta["vocab_padded"], meta["d_state"], meta["headdim"],
            meta["ngroups"], meta["nheads"], meta["chunk_size"], int(meta["tie_embeddings"])),
           "%s: config vs meta.json" % case)
        eq(mm.h["vocab_size"], meta["vocab_size"], "%s: mamba_ssm vocab_size" % case)
        src = read_safetensors(os.path.join(g, "hf", "model.safetensors"))
        for name, (dt, shape, data) in src.items():
            eq(mh.tensors[name][1], shape, "%s: shape of %s" % (case, name))
            check(tensor_data(mh, name) == data, "%s: %s differs from the source" % (case, name))


def golden_variant(case, name, edit):
    """A copy of a golden hf/ checkpoint with its config.json changed by edit(cfg) (the weights linked)."""
    src = golden_dir(case, "hf")
    d = tmpdir(name)
    with open(os.path.join(src, "config.json")) as f:
        cfg = json.load(f)
    edit(cfg)
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f)
    os.symlink(os.path.join(src, "model.safetensors"), os.path.join(d, "model.safetensors"))
    return d


@test
def hybrid_configs_refused_clearly():
    """What the converter cannot run, or a config that contradicts the tensors: one line, exit 1."""
    def setk(**kw):
        return lambda c: c.update(kw)

    expect_error(golden_variant("nemotron-h-tiny", "nemo_letter", setk(hybrid_override_pattern="M-M*-MX")),
                 contains=["hybrid_override_pattern", "X"])
    expect_error(golden_variant("nemotron-h-tiny", "nemo_len", setk(hybrid_override_pattern="M-M*-M")),
                 contains=["num_hidden_layers"])
    expect_error(golden_variant("nemotron-h-tiny", "nemo_moe", setk(hybrid_override_pattern="M-M*-ME", n_routed_experts=4,
                                                                     num_experts_per_tok=2, moe_intermediate_size=32,
                                                                     moe_shared_expert_intermediate_size=32)),
                 contains=["gate"])
    expect_error(golden_variant("nemotron-h-tiny", "nemo_act", setk(mlp_hidden_act="gelu")), contains=["mlp_hidden_act"])
    expect_error(golden_variant("nemotron-h-tiny", "nemo_latent", setk(hybrid_override_pattern="M-M*-ME", n_routed_experts=4,
                                                                        num_experts_per_tok=2, moe_intermediate_size=32,
                                                                        moe_latent_size=16)),
                 contains=["moe_latent_size"])
    expect_error(golden_variant("nemotron-h-tiny", "nemo_heads", setk(mamba_num_heads=16)), contains=["in_proj", "Nemotron-H"])
    expect_error(golden_variant("granite-h-tiny", "gr_types", setk(layer_types=["mamba", "attention"])), contains=["layer_types"])
    expect_error(golden_variant("granite-h-tiny", "gr_kind", setk(layer_types=["mamba", "attention", "mamba", "mamba", "mlp", "mamba"])),
                 contains=["layer_types", "mlp"])
    expect_error(golden_variant("granite-h-tiny", "gr_experts", setk(num_local_experts=4, num_experts_per_tok=2)),
                 contains=["router"])
    expect_error(golden_variant("granite-h-tiny", "gr_rope_scaling", setk(position_embedding_type="rope", rope_scaling={"type": "yarn"})),
                 contains=["rope_scaling"])
    expect_error(golden_variant("granite-h-tiny", "gr_topk", setk(num_local_experts=2, num_experts_per_tok=3)),
                 contains=["num_experts_per_tok"])
    expect_error(golden_variant("falcon-h1-tiny", "fh_dssm", setk(mamba_d_ssm=64)), contains=["mamba_d_ssm"])
    expect_error(golden_variant("falcon-h1-tiny", "fh_mult", setk(ssm_multipliers=[1.0, 2.0])), contains=["ssm_multipliers"])
    expect_error(golden_variant("falcon-h1-tiny", "fh_norm", setk(mamba_rms_norm=True)), contains=["norm.weight"])
    expect_error(golden_variant("falcon-mamba-tiny", "fm_rank", setk(time_step_rank=7)), contains=["x_proj", "Mamba-1"])
    for mt, word in (("zamba2", "Zamba2"), ("plamo2", "PLaMo"), ("jamba", "Jamba")):
        expect_error(golden_variant("granite-h-tiny", "refused_" + mt, setk(model_type=mt)), contains=[word])


@test
def hybrid_assumptions_printed():
    """Absent keys take the family's defaults, and the converter says so."""
    d = golden_variant("granite-h-tiny", "gr_defaults", delk_keys("residual_multiplier"))
    rc, so, se = run_convert([d, os.path.join(TMP, "gr_defaults.bin")])
    eq(rc, 0, "conversion with an absent multiplier: %s" % se.strip()[-300:])
    check("residual_multiplier absent, assumed 1.0" in se, "no note of the assumption: %s" % se.strip()[-400:])


def delk_keys(*keys):
    return lambda c: [c.pop(k, None) for k in keys]


@test
def golden_bf16_exact():
    g = golden_dir("groups", "hf_bf16")
    src = read_safetensors(os.path.join(g, "model.safetensors"))
    m = convert_ok(g, os.path.join(TMP, "g_bf16.bin"), "--dtype", "bf16", "-q")
    wide = convert_ok(g, os.path.join(TMP, "g_bf16_f32.bin"), "-q")
    for name, (dt, shape, data) in src.items():
        eq(dt, "BF16", "source dtype")
        if m.tensors[name][0] == "BF16":
            check(tensor_data(m, name) == data, "bf16 bits of %s not kept" % name)
        else:
            check(tensor_data(m, name) == widen_bf16(data), "%s not widened exactly" % name)
        check(tensor_data(wide, name) == widen_bf16(data), "f32 output of %s" % name)


def neox_tokenizer_path():
    p = os.path.join(SHARED, "data", "gpt-neox-20b", "tokenizer.json")
    if not os.path.isfile(p):
        raise Skip("GPT-NeoX tokenizer not found at %s (set M2_SHARED_DIR)" % p)
    return p


@test
def golden_neox_tokenizer():
    tokp = neox_tokenizer_path()
    expect_error(golden_dir("tiny", "hf"), "--tokenizer", tokp, contains=["50277", "512"])
    c = Cfg(vocab=50277, d_model=32, n_layer=1, d_state=8, headdim=16, ngroups=1, tie=True)
    d = make_hf(tmpdir("neox"), c, make_weights(c, seed=9))
    m = convert_ok(d, os.path.join(TMP, "neox.bin"), "--tokenizer", tokp, "-q")
    t = m.tok
    eq(m.h["vocab_rows"], 50288, "rows")
    eq((t.n_vocab, m.h["vocab_size"]), (50277, 50277), "n_vocab / vocab_size")
    eq((t.eos_id, m.h["eos_id"], m.h["bos_id"]), (0, 0, 0), "eos/bos")
    eq((t.normalizer, t.flags, t.n_added, t.n_merges), (1, 0, 25, 50009), "tokenizer fields")
    for i, want in ((12092, b"Hello"), (209, b" "), (187, b"\n"), (0, b"<|endoftext|>"),
                    (1, b"<|padding|>"), (50274, b"    "), (50254, b" " * 24), (50276, b"  "),
                    (1533, b" world")):
        eq(t.tokens[i], want, "token %d" % i)
    eq((t.byte_to_id[32], t.byte_to_id[10]), (209, 187), "byte_to_id")
    with open(tokp, encoding="utf-8") as f:
        tj = json.load(f)
    vocab = tj["model"]["vocab"]
    merges = tj["model"]["merges"]
    for r in (0, 1, 2, 1000, len(merges) - 1):
        a, b = merges[r].split(" ")
        eq(t.merges[r], (vocab[a], vocab[b], vocab[a + b]), "merge %d" % r)
    eq(t.added[0], (0, 1, b"<|endoftext|>"), "added token 0 (special, not normalized)")
    eq(t.added[2], (50254, 2, b" " * 24), "added token 50254 (normalized)")
    cases_path = os.path.join(SHARED, "golden", "tokenizer", "cases.json")
    if os.path.isfile(cases_path):
        with open(cases_path, encoding="utf-8") as f:
            cases = json.load(f)
        for case in cases:
            got = b"".join(t.tokens[i] for i in case["ids"]).decode("utf-8")
            eq(got, case["decoded"], "decode of %r" % case["text"][:40])


# ==========================================================================================
# Model files as the source: re-typing a converted model (README.md, File format)
# ==========================================================================================

LAYOUT_FIELDS = ((16, 52), (140, 4))  # file_size .. n_tensors, and the CRC: what a re-layout rewrites


def any_model(path_or_buf):
    """A model file of either version, read for its layout only (read_model checks version 1 in
    full): .buf, .version, .config (the header without its layout fields), .tensors {name: (dtype,
    dims, offset, nbytes)} in directory order, .entries {name: position of the entry}, .tok (bytes)."""
    if isinstance(path_or_buf, (bytes, bytearray)):
        buf = bytes(path_or_buf)
    else:
        with open(path_or_buf, "rb") as f:
            buf = f.read()
    m = Model()
    m.buf = buf
    eq(buf[:8], b"MAMBA2BN", "magic")
    m.version, header_size = struct.unpack_from("<II", buf, 8)
    dir_off, dir_size, tok_off, tok_size, data_off = struct.unpack_from("<5Q", buf, 24)
    (n,) = struct.unpack_from("<I", buf, 64)
    cfg = bytearray(buf[:header_size])
    for a, k in LAYOUT_FIELDS:
        cfg[a:a + k] = bytes(k)
    m.config, m.data_offset = bytes(cfg), data_off
    m.tok = buf[tok_off:tok_off + tok_size] if tok_size else None
    m.tensors, m.entries, p = OrderedDict(), {}, dir_off
    for _ in range(n):
        (k,) = struct.unpack_from("<I", buf, p)
        name = buf[p + 4:p + 4 + k].decode("utf-8")
        m.entries[name] = p
        code, ndim = struct.unpack_from("<II", buf, p + 4 + k)
        dims = struct.unpack_from("<%dQ" % ndim, buf, p + 12 + k)
        off, nb = struct.unpack_from("<QQ", buf, p + 12 + k + 8 * ndim)
        m.tensors[name] = (DTYPE_NAMES[code], dims, off, nb)
        p += 12 + k + 8 * ndim + 16
    eq(p, dir_off + dir_size, "directory end")
    return m


def model_bytes(m, name):
    dt, dims, off, nb = m.tensors[name]
    return m.buf[off:off + nb]


def same_model(a, b, what, tok=True):
    """Same header config, tensors (names, order, types, dims, bytes) and tokenizer section."""
    eq(a.config, b.config, "%s: header" % what)
    eq([(n, t[0], t[1]) for n, t in a.tensors.items()], [(n, t[0], t[1]) for n, t in b.tensors.items()],
       "%s: directory" % what)
    for name in a.tensors:
        check(model_bytes(a, name) == model_bytes(b, name), "%s: bytes of %s differ" % (what, name))
    if tok:
        check(a.tok == b.tok, "%s: tokenizer sections differ" % what)


def retype(src, out, *extra):
    """Convert and return (model, stderr)."""
    rc, so, se = run_convert([src, out] + list(extra))
    check(rc == 0, "conversion of %s failed (rc %d): %s" % (os.path.basename(src), rc, se.strip()[-300:]))
    check("Traceback" not in se, "traceback on success")
    return any_model(out), se


def with_crc(buf):
    """The metadata CRC recomputed, so that an edit reaches the check after it."""
    buf = bytearray(buf)
    (data_off,) = struct.unpack_from("<Q", buf, 56)
    meta = bytearray(buf[:data_off])
    meta[140:144] = bytes(4)
    struct.pack_into("<I", buf, 140, zlib.crc32(bytes(meta)) & 0xFFFFFFFF)
    return bytes(buf)


@test
def model_file_retyped():
    """A version-1 file as the source: f32 -> f32 is the same file, every --dtype writes what
    converting the checkpoint writes, a quantized source is widened exactly (and re-rounded with a
    note), the tokenizer is copied, detection is by magic, not by name."""
    d = base_hf("mf_src", tokenizer=tiny_tokenizer())
    a = os.path.join(TMP, "mf_f32.bin")
    read_model(convert_ok(d, a, "-q") and a)
    as_gguf = os.path.join(TMP, "mf_named.gguf")  # our magic wins over the extension
    shutil.copy(a, as_gguf)
    for src in (a, as_gguf):
        for extra in ((), ("--dtype", "f32")):
            m, se = retype(src, os.path.join(TMP, "mf_same.bin"), *extra)
            check(m.buf == any_model(a).buf, "%s %s: not the same file" % (os.path.basename(src), extra))
    for t in ("f16", "bf16", "q8_0", "q4_0", "q4_k_m", "q6_k"):
        direct = any_model(convert_ok(d, os.path.join(TMP, "mf_d_%s.bin" % t), "--dtype", t, "-q") and
                           os.path.join(TMP, "mf_d_%s.bin" % t))
        m, se = retype(a, os.path.join(TMP, "mf_r_%s.bin" % t), "--dtype", t)
        same_model(m, direct, "f32 file -> %s" % t)
        check(m.buf == direct.buf, "f32 file -> %s: not the file the checkpoint gives" % t)
        check("lossy twice" not in se, "a note of re-rounding for an f32 source: %s" % se)
    # a quantized source: --dtype f32 widens exactly (the blocks' d * q), the same type copies,
    # another type says that it rounds twice
    q8 = os.path.join(TMP, "mf_r_q8_0.bin")
    qm = any_model(q8)
    m, se = retype(q8, os.path.join(TMP, "mf_q8_f32.bin"), "--dtype", "f32")
    for name, (dt, dims, _, _) in qm.tensors.items():
        raw = model_bytes(qm, name)
        if dt == "F32":
            check(model_bytes(m, name) == raw, "%s changed" % name)
            continue
        eq(dt, "Q8_0", "source dtype of %s" % name)
        want = []
        for b in range(0, len(raw), 34):
            scale = half_to_float(struct.unpack_from("<H", raw, b)[0])
            want += [f32(scale * q) for q in struct.unpack_from("<32b", raw, b + 2)]
        check(model_bytes(m, name) == encode_f32_values(want), "%s not widened exactly" % name)
    m, se = retype(q8, os.path.join(TMP, "mf_q8_q8.bin"), "--dtype", "q8_0")
    check(m.buf == qm.buf and "lossy twice" not in se, "q8_0 -> q8_0 is not a copy")
    m, se = retype(q8, os.path.join(TMP, "mf_q8_q4.bin"), "--dtype", "q4_0")
    check("lossy twice" in se and "Q8_0 -> Q4_0" in se, "no note of the second rounding: %s" % se.strip()[-300:])
    # tokenizer: dropped on request; --tokenizer is for checkpoints
    m, se = retype(a, os.path.join(TMP, "mf_notok.bin"), "--no-tokenizer")
    check(m.tok is None, "--no-tokenizer kept the tokenizer")
    same_model(m, any_model(a), "--no-tokenizer", tok=False)
    expect_error(a, "--tokenizer", os.path.join(d, "tokenizer.json"), contains="--tokenizer")
    # bytes past the last tensor (no part of the format) are carried along
    buf = bytearray(any_model(a).buf) + b"trailing bytes"
    struct.pack_into("<Q", buf, 16, len(buf))
    tail = os.path.join(TMP, "mf_tail.bin")
    write(tail, with_crc(buf))
    m, se = retype(tail, os.path.join(TMP, "mf_tail_q8.bin"), "--dtype", "q8_0")
    check(m.buf.endswith(b"trailing bytes") and "14 bytes after the last tensor" in se, "trailing bytes lost")
    same_model(m, any_model(q8), "with trailing bytes")


@test
def model_file_versions_golden():
    """Version-2 files (hybrids, Mamba-1) and version-1 golden files: re-typing the f32 file gives
    what converting the checkpoint gives, fallbacks included."""
    for case, types in (("groups", ("q8_0",)), ("granite-h-tiny", ("q8_0", "q4_k_m")), ("falcon-h1-tiny", ("q8_0", "q4_0")),
                        ("mamba1-tiny", ("q8_0", "q5_1")), ("nemotron-h-tiny", ("bf16",))):
        src = golden_dir(case, "hf")
        a = os.path.join(TMP, "mg_%s.bin" % case)
        rc, so, se = run_convert([src, a, "-q"])
        check(rc == 0, "%s: %s" % (case, se.strip()[-300:]))
        f = any_model(a)
        eq(f.version, 1 if case == "groups" else 2, "%s: version" % case)
        m, se = retype(a, os.path.join(TMP, "mg_same.bin"), "--dtype", "f32")
        check(m.buf == f.buf, "%s: f32 -> f32 is not the same file" % case)
        for t in types:
            direct = os.path.join(TMP, "mg_%s_%s.bin" % (case, t))
            rc, so, se_direct = run_convert([src, direct, "--dtype", t])
            check(rc == 0, "%s --dtype %s: %s" % (case, t, se_direct.strip()[-300:]))
            m, se = retype(a, os.path.join(TMP, "mg_r.bin"), "--dtype", t)
            check(m.buf == any_model(direct).buf, "%s: f32 file -> %s differs from the checkpoint -> %s" % (case, t, t))
            eq(se.splitlines()[-1].split(" matrices")[1].split(")")[0], se_direct.splitlines()[-1].split(" matrices")[1].split(")")[0],
               "%s %s: the fallback summary" % (case, t))


@test
def shipped_model_retyped():
    """models/fable-3m.bin (its f32 checkpoint is not in the repository): f32 is the same file; q8_0
    keeps header and tokenizer, rounds the matrices as ggml does and copies the rest."""
    src = os.path.join(ROOT, "models", "fable-3m.bin")
    if not os.path.isfile(src):
        raise Skip("models/fable-3m.bin is not there")
    orig = any_model(src)
    m, se = retype(src, os.path.join(TMP, "fable_f32.bin"), "--dtype", "f32")
    check(m.buf == orig.buf, "f32 -> f32 is not the same file")
    m, se = retype(src, os.path.join(TMP, "fable_q8.bin"), "--dtype", "q8_0")
    eq(m.config, orig.config, "header")
    check(m.tok == orig.tok and m.tok is not None, "tokenizer section not copied")
    for name, (dt, dims, _, _) in orig.tensors.items():
        if len(dims) == 2:
            eq(m.tensors[name][0], "Q8_0", "type of %s" % name)
        else:
            check(model_bytes(m, name) == model_bytes(orig, name), "%s changed" % name)
    name = "backbone.layers.3.mixer.out_proj.weight"
    vals = model_bytes(orig, name)
    check(model_bytes(m, name) == ref_q8_0(struct.unpack("<%df" % (len(vals) // 4), vals)), "q8_0 blocks of %s" % name)
    read_model(os.path.join(TMP, "fable_q8.bin"))


@test
def hostile_model_files():
    """Broken or crafted model files as the source: one error line, exit 1, no output."""
    a = os.path.join(TMP, "hm_base.bin")
    convert_ok(base_hf("hm_src", tokenizer=tiny_tokenizer()), a, "-q")
    good = any_model(a)
    buf = good.buf
    e_in = good.entries["backbone.layers.0.mixer.in_proj.weight"]
    e_norm = good.entries["backbone.layers.0.norm.weight"]
    n_in = len("backbone.layers.0.mixer.in_proj.weight")
    n_norm = len("backbone.layers.0.norm.weight")
    dir_off, dir_size = struct.unpack_from("<QQ", buf, 24)
    last = list(good.tensors)[-1]

    def at(b, off, fmt, *v):
        b = bytearray(b)
        struct.pack_into(fmt, b, off, *v)
        return bytes(b)

    def entry(e, n, field):  # byte offset of a field of a directory entry (2-D or 1-D)
        return e + 4 + n + {"dtype": 0, "dims": 8}.get(field, 0)

    def off_field(e, n, ndim):
        return e + 4 + n + 8 + 8 * ndim

    cases = [
        ("trunc_header", buf[:100], ["truncated"]),
        ("trunc_tail", buf[:-1], ["header says"]),
        ("trunc_meta", buf[:good.data_offset - 8], ["header says"]),
        ("version", with_crc(at(buf, 8, "<I", 3)), ["version 3"]),
        ("header_size", with_crc(at(buf, 12, "<I", 100)), ["header size"]),
        ("crc", at(buf, e_in + 4, "<B", buf[e_in + 4] ^ 1), ["checksum"]),
        ("flags", with_crc(at(buf, 68, "<I", 0x10)), ["flags"]),
        ("reserved", with_crc(at(buf, 150, "<B", 1)), ["reserved"]),
        ("n_layer", with_crc(at(buf, 76, "<I", 0)), ["n_layer"]),
        ("dir_place", with_crc(at(buf, 24, "<Q", good.data_offset)), ["directory"]),
        ("trunc_dir", with_crc(at(buf, 32, "<Q", dir_size - 4)), ["truncated"]),
        ("stray", with_crc(at(buf, 32, "<3Q", dir_size + 4, 0, 0)), ["4 stray bytes"]),  # (without the tokenizer after it)
        ("missing", with_crc(at(at(buf, 32, "<Q", good.entries[last] - dir_off), 64, "<I", len(good.tensors) - 1)),
         [last, "missing"]),
        ("n_tensors", with_crc(at(buf, 64, "<I", 0)), ["tensors"]),
        ("dtype", with_crc(at(buf, entry(e_in, n_in, "dtype"), "<I", 99)), ["unknown dtype"]),
        ("ndim", with_crc(at(buf, entry(e_in, n_in, "dtype") + 4, "<I", 9)), ["dims"]),
        ("nbytes", with_crc(at(buf, off_field(e_in, n_in, 2) + 8, "<Q", 4)), ["bytes"]),
        ("outside", with_crc(at(buf, off_field(e_in, n_in, 2), "<Q", len(buf) // 64 * 64)), ["outside"]),
        ("unaligned", with_crc(at(buf, off_field(e_in, n_in, 2), "<Q", good.tensors["backbone.layers.0.mixer.in_proj.weight"][2] + 4)),
         ["outside"]),
        ("overlap", with_crc(at(buf, off_field(e_norm, n_norm, 1), "<Q", good.tensors["backbone.layers.0.mixer.in_proj.weight"][2])),
         ["overlap"]),
        ("twice", with_crc(buf[:e_norm + 4 + 16] + b"1" + buf[e_norm + 4 + 17:]), ["twice"]),
        ("unexpected", with_crc(buf[:e_norm + 4] + b"X" + buf[e_norm + 5:]), ["unexpected"]),
        ("rows", with_crc(at(buf, entry(e_in, n_in, "dims"), "<QQ", *reversed(good.tensors["backbone.layers.0.mixer.in_proj.weight"][1]))),
         ["dims"]),
        ("vector_f16", with_crc(at(at(buf, entry(e_norm, n_norm, "dtype"), "<I", 1), off_field(e_norm, n_norm, 1) + 8, "<Q",
                                   good.tensors["backbone.layers.0.norm.weight"][3] // 2)), ["must be F32"]),
        ("tok_place", with_crc(at(buf, 40, "<Q", struct.unpack_from("<Q", buf, 40)[0] + 2)), ["tokenizer"]),
    ]
    for name, data, words in cases:
        p = os.path.join(TMP, "hm_%s.bin" % name)
        write(p, data)
        try:
            expect_error(p, "--dtype", "q8_0", contains=words)
        except AssertionError as e:
            raise AssertionError("%s: %s" % (name, e))
    # a version-2 file with an unknown layer kind
    try:
        v2 = os.path.join(TMP, "hm_v2.bin")
        rc, so, se = run_convert([golden_dir("granite-h-tiny", "hf"), v2, "-q"])
    except Skip:
        return
    check(rc == 0, se)
    b2 = any_model(v2).buf
    (hs,) = struct.unpack_from("<I", b2, 12)
    p = os.path.join(TMP, "hm_v2_kind.bin")
    write(p, with_crc(at(b2, 256, "<II", 7, 0)))
    expect_error(p, contains=["layer 0", "unknown kind"])
    write(p, with_crc(at(b2, 12, "<I", 256)))
    expect_error(p, contains=["layer kinds"])
    del hs


@test
def rows_not_whole_blocks_fall_back():
    """Every block type treats a matrix whose rows are not whole blocks alike, as llama-quantize
    does: a K type its 32-block neighbour, else F16, each such matrix named in one note and counted
    in the last line."""
    c = Cfg(d_model=48)  # embedding, lm_head, in_proj: rows of 48; out_proj: rows of d_inner = 96
    d = make_hf(tmpdir("fb_rows"), c, make_weights(c))
    rows48 = ["backbone.embeddings.weight", "lm_head.weight"] + ["backbone.layers.%d.mixer.in_proj.weight" % i for i in range(2)]
    for t, out_proj in (("q8_0", "Q8_0"), ("q4_0", "Q4_0"), ("q5_1", "Q5_1"), ("q4_k", "Q5_0"), ("q6_k", "Q8_0"), ("q5_k_m", "Q5_1")):
        out = os.path.join(TMP, "fb_%s.bin" % t)
        rc, so, se = run_convert([d, out, "--dtype", t])
        check(rc == 0, "--dtype %s: %s" % (t, se.strip()[-300:]))
        m = read_model(out)
        for name in rows48:
            eq(m.tensors[name][0], "F16", "--dtype %s: %s" % (t, name))
        eq(m.tensors["backbone.layers.1.mixer.out_proj.weight"][0], out_proj, "--dtype %s: out_proj" % t)
        notes = [line for line in se.splitlines() if "fallback" in line]
        eq(len(notes), 1, "--dtype %s: one fallback note" % t)
        check("backbone.layers.[0-1].mixer.in_proj.weight" in notes[0] and "lm_head.weight" in notes[0]
              and "rows of 48" in notes[0], "--dtype %s: the note does not name them: %s" % (t, notes[0]))
        last = se.splitlines()[-1]
        check("%s matrices (4 f16: rows not multiples of 32" % t in last, "--dtype %s: last line %s" % (t, last))
    rc, so, se = run_convert([base_hf("fb_whole"), os.path.join(TMP, "fb_whole.bin"), "--dtype", "q8_0"])
    check(rc == 0 and "fallback" not in se and "q8_0 matrices," in se, "whole blocks: no fallback: %s" % se)


# ==========================================================================================

def main():
    return pysuite.run(TESTS, "m2conv_test_", globals())


if __name__ == "__main__":
    sys.exit(main())
