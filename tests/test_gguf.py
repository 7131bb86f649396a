#!/usr/bin/env python3
"""Tests for tools/gguf.py and the GGUF path of tools/convert.py (standard library only).

Run from the repository root:

    python3 tests/test_gguf.py [-v] [NAME_SUBSTRING ...]

* golden: every golden case's gguf/model-f32.gguf, read as a virtual HF checkpoint, has the
  tensor names, shapes and bytes of its hf/model.safetensors (after the documented
  transformations: A = -exp(A_log) within 1 ulp, Falcon-H1's multipliers folded in), and a
  config that agrees with hf/config.json on every key the forward pass uses.
* quant: the llama-quantize'd files of ../shared/golden/quant have the tensor types meta.json
  lists, and their dequantization reproduces meta.json's per-tensor error against the F32
  checkpoint (max |w_q - w| exactly, rel_rms to 1e-6).
* hostile: generated broken GGUF files each give exactly one "convert.py: error: ..." line and
  exit status 1, and a bounded random mutation run gives one error line or success, never a
  traceback.

Shared data comes from $M2_SHARED_DIR, else ../shared next to the repository; tests that need
it are skipped when it is absent. The last line is "N passed, N failed, N skipped".
"""

import json
import math
import os
import random
import re
import struct
import subprocess
import sys
import time

import pysuite
from pysuite import Skip

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERT = os.path.join(ROOT, "tools", "convert.py")
SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gguf  # noqa: E402

VERBOSE = False
TMP = None
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def ulp_diff(a, b):
    """Distance in float32 units in the last place (same sign assumed)."""
    ia, ib = f32_bits(a), f32_bits(b)
    if (ia ^ ib) & 0x80000000:
        return abs(ia & 0x7FFFFFFF) + abs(ib & 0x7FFFFFFF)
    return abs(ia - ib)


def read_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        hdr = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in hdr.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        out[k] = (v["dtype"], tuple(v["shape"]), data[a:b])
    return out


def floats(raw):
    return struct.unpack("<%df" % (len(raw) // 4), raw)


def golden(case, *parts):
    p = os.path.join(SHARED, "golden", case, *parts)
    if not os.path.exists(p):
        raise Skip("%s not found (set M2_SHARED_DIR)" % p)
    return p


def view_bytes(v):
    return b"".join(v.chunks(1 << 16))


# ------------------------------------------------------------------------------------------
# Golden F32 files vs the HF checkpoints
# ------------------------------------------------------------------------------------------

# keys of hf/config.json that the GGUF cannot (or need not) reproduce, per family, and why
CONFIG_IGNORE = {
    # no effect on results (chunking, init, runtime flags) or not recorded by llama.cpp
    "*": {"torch_dtype", "transformers_version", "initializer_range", "use_cache", "pad_token_id",
          "max_position_embeddings", "attention_dropout", "hidden_dropout", "output_router_logits",
          "router_aux_loss_coef", "init_method", "normalization_function", "num_logits_to_keep",
          "rescale_prenorm_residual", "residual_in_fp32", "time_step_floor", "time_step_max",
          "time_step_min", "time_step_init_scheme", "time_step_scale", "chunk_size",
          "mamba_chunk_size", "use_mamba_kernels", "sliding_window", "mamba_proj_bias",
          "attn_layer_indices", "mamba_use_mlp", "mlp_expansion_factor", "bos_token_id",
          "eos_token_id"},
    # expand is unused by nemotron_h (d_inner = heads x head_dim)
    "nemotron_h": {"expand", "mamba_head_dim", "attention_head_dim"},
    # the multipliers are folded into the weights; expand is unused when mamba_d_ssm is set
    "falcon_h1": {"attention_in_multiplier", "attention_out_multiplier", "embedding_multiplier",
                  "key_multiplier", "lm_head_multiplier", "mlp_multipliers", "ssm_in_multiplier",
                  "ssm_multipliers", "ssm_out_multiplier", "mamba_expand"},
    # FalconMamba's expand disagrees with intermediate_size (SEMANTICS-mamba1.md); d_inner wins
    "falcon_mamba": {"expand"},
}


def fold_falcon_h1(name, vals, hcfg, shape):
    """What llama.cpp's converter wrote for an HF Falcon-H1 tensor (float32 arithmetic)."""
    def scale(v, m):
        return [f32(x * f32(m)) for x in v]  # torch casts the scalar to float32
    c = hcfg
    if name.endswith("down_proj.weight"):
        return scale(vals, c["mlp_multipliers"][1])
    if name.endswith("gate_proj.weight"):
        return scale(vals, c["mlp_multipliers"][0])
    if name.endswith("k_proj.weight"):
        return scale(scale(vals, c["key_multiplier"]), c["attention_in_multiplier"])
    if name.endswith(("q_proj.weight", "v_proj.weight")):
        return scale(vals, c["attention_in_multiplier"])
    if name.endswith("o_proj.weight"):
        return scale(vals, c["attention_out_multiplier"])
    if name.endswith("out_proj.weight"):
        return scale(vals, c["ssm_out_multiplier"])
    if name.endswith("in_proj.weight"):
        v = scale(vals, c["ssm_in_multiplier"])
        d, gn = c["mamba_d_ssm"], c["mamba_n_groups"] * c["mamba_d_state"]
        bounds = [0, d, 2 * d, 2 * d + gn, 2 * d + 2 * gn, shape[0]]
        cols = shape[1]
        out = []
        for k in range(5):
            out += scale(v[bounds[k] * cols:bounds[k + 1] * cols], c["ssm_multipliers"][k])
        return out
    if name == "lm_head.weight":
        return scale(vals, c["lm_head_multiplier"])
    if name == "model.embed_tokens.weight":
        return scale(vals, c["embedding_multiplier"])
    return vals


def compare_golden(case):
    ck = gguf.load_gguf(golden(case, "gguf", "model-f32.gguf"))
    hf = read_safetensors(golden(case, "hf", "model.safetensors"))
    with open(golden(case, "hf", "config.json")) as f:
        hcfg = json.load(f)
    mt = hcfg["model_type"]
    try:
        names = set()
        for name, v in ck.tensors.items():
            hname = name[:-1] + "A_log" if name.endswith(".A") else name
            names.add(hname)
            check(hname in hf, "%s: %s (from %s) is not in hf/" % (case, name, v.sources))
            dt, shape, raw = hf[hname]
            check(tuple(v.shape) == shape, "%s: %s shape %s, hf %s" % (case, name, v.shape, shape))
            check(v.dtype == "F32" and dt == "F32", "%s: %s dtype %s / %s" % (case, name, v.dtype, dt))
            got = view_bytes(v)
            check(len(got) == v.nbytes == len(raw), "%s: %s size" % (case, name))
            if hname != name:  # A = -exp(A_log), float32
                worst = max(ulp_diff(a, f32(-math.exp(b))) for a, b in zip(floats(got), floats(raw)))
                check(worst <= 1, "%s: %s differs from -exp(A_log) by %d ulp" % (case, name, worst))
            elif mt == "falcon_h1":
                want = fold_falcon_h1(name, floats(raw), hcfg, shape)
                worst = max(ulp_diff(a, b) for a, b in zip(floats(got), want))
                check(worst == 0, "%s: %s differs from the folded HF tensor by %d ulp" % (case, name, worst))
            else:
                check(got == raw, "%s: %s bytes differ from hf/" % (case, name))
        missing = set(hf) - names
        check(not missing, "%s: hf tensors not produced: %s" % (case, sorted(missing)[:5]))
        # config: every key of hf/config.json the forward pass uses
        ignore = CONFIG_IGNORE["*"] | CONFIG_IGNORE.get(mt, set())
        tied_default = mt in ("mamba", "falcon_mamba")  # HF MambaConfig: absent = tied
        for k, hv in hcfg.items():
            if k in ignore:
                continue
            if k == "tie_word_embeddings" or (k not in ck.config and hv in (None, False)):
                pass
            check(k in ck.config or hv is None or hv is False,
                  "%s: config key %s (= %r) missing from the GGUF config" % (case, k, hv))
            if k not in ck.config:
                continue
            gv = ck.config[k]
            if isinstance(hv, float) or isinstance(gv, float):
                ok = f32(float(hv)) == f32(float(gv))
            elif isinstance(hv, list) and hv and isinstance(hv[0], float):
                ok = [f32(x) for x in hv] == [f32(x) for x in gv]
            else:
                ok = hv == gv
            check(ok, "%s: config %s = %r, hf/config.json says %r" % (case, k, gv, hv))
        tie = hcfg.get("tie_word_embeddings", tied_default)
        check(ck.config["tie_word_embeddings"] == tie, "%s: tie %r vs %r" % (case, ck.config["tie_word_embeddings"], tie))
    finally:
        ck.close()
    return ck


@test
def golden_granite_h():
    compare_golden("granite-h-tiny")


@test
def golden_nemotron_h():
    compare_golden("nemotron-h-tiny")


@test
def golden_falcon_h1():
    ck = compare_golden("falcon-h1-tiny")
    check(ck.config["mamba_rms_norm"] is False, "falcon-h1-tiny has no ssm_norm")
    check(all(v == 1.0 or v == [1.0] * len(v) for k, v in ck.config.items() if "multiplier" in k),
          "every multiplier 1.0 (folded into the weights)")


@test
def golden_mamba1():
    compare_golden("mamba1-tiny")


@test
def golden_falcon_mamba():
    ck = compare_golden("falcon-mamba-tiny")
    check(ck.config["mixer_rms_eps"] == 1e-6, "falcon-mamba mixer_rms_eps")
    check(any("1e-6" in n for n in ck.notes), "the assumed eps is noted")


@test
def golden_quant_f32():
    compare_golden("quant/granite-h-q")


# ------------------------------------------------------------------------------------------
# Quantized files: tensor types and exact dequantization
# ------------------------------------------------------------------------------------------

def load_convert():
    import importlib.util
    spec = importlib.util.spec_from_file_location("m2convert", CONVERT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


QUANT_FILES = ["Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K_M", "Q5_K_M", "Q6_K", "Q4_K_S"]


def quant_case(t):
    meta_path = golden("quant/granite-h-q", "meta.json")
    with open(meta_path) as f:
        meta = json.load(f)
    conv = load_convert()
    hf = read_safetensors(golden("quant/granite-h-q", "hf", "model.safetensors"))
    info = meta["types"][t]
    path = golden("quant/granite-h-q", info["gguf"])
    ck = gguf.load_gguf(path)
    try:
        types = {n: i.dtype for n, i in ck.gguf.infos.items()}
        check(types == info["tensor_types"], "%s: tensor types %s, meta.json %s"
              % (t, sorted(types.items())[:4], sorted(info["tensor_types"].items())[:4]))
        errs = info["weight_error_vs_f32_checkpoint"]
        for name, v in ck.tensors.items():
            hname = name[:-1] + "A_log" if name.endswith(".A") else name
            if hname not in errs:
                continue
            raw = view_bytes(v)
            deq = floats(conv.convert_chunk(raw, v.dtype, "F32", name))
            ref = floats(hf[hname][2])
            if hname != name:
                continue  # A vs A_log: F32 in every file, checked by golden_quant_f32
            mx = max(abs(a - b) for a, b in zip(deq, ref))
            num = sum((a - b) ** 2 for a, b in zip(deq, ref))
            den = sum(b * b for b in ref)
            rel = math.sqrt(num / den) if den else 0.0
            want = errs[hname]
            check(mx == want["max_abs"] or abs(mx - want["max_abs"]) <= 1e-7 * max(1.0, want["max_abs"]),
                  "%s: %s max |w_q - w| = %r, meta.json %r" % (t, hname, mx, want["max_abs"]))
            check(abs(rel - want["rel_rms"]) <= 1e-6 * max(1e-3, want["rel_rms"]),
                  "%s: %s rel_rms %r, meta.json %r" % (t, hname, rel, want["rel_rms"]))
    finally:
        ck.close()


def _quant_test(t):
    def fn():
        quant_case(t)
    fn.__name__ = "quant_" + t.lower()
    return fn


for _t in QUANT_FILES:
    test(_quant_test(_t))


# ------------------------------------------------------------------------------------------
# A GGUF writer for generated (valid and hostile) files
# ------------------------------------------------------------------------------------------

T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR, T_U64, T_I64, T_F64 = range(13)
_FMT = {T_U8: "<B", T_I8: "<b", T_U16: "<H", T_I16: "<h", T_U32: "<I", T_I32: "<i", T_F32: "<f",
        T_BOOL: "<B", T_U64: "<Q", T_I64: "<q", T_F64: "<d"}
GT = {"F32": 0, "F16": 1, "Q8_0": 8, "Q2_K": 10, "IQ4_NL": 20}
GGML_IDS = {"F16": 1, "BF16": 30}


def g_str(s):
    b = s.encode("utf-8") if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def g_value(t, v):
    if t == T_STR:
        return g_str(v)
    if t == T_ARR:
        et, items = v
        out = struct.pack("<IQ", et, len(items))
        return out + b"".join(g_value(et, x) for x in items) if et in _FMT or et == T_STR else out
    return struct.pack(_FMT[t], v)


def gguf_file(kv, tensors, version=3, alignment=32):
    """kv: [(key, type, value)]; tensors: [(name, type name, ne, data)]. Data laid out in order,
    each at an aligned offset."""
    out = bytearray(b"GGUF" + struct.pack("<IQQ", version, len(tensors), len(kv)))
    for k, t, v in kv:
        out += g_str(k) + struct.pack("<I", t) + (g_value(t, v) if t in _FMT or t in (T_STR, T_ARR) else b"\0")
    off, offs = 0, []
    for name, tn, ne, data in tensors:
        offs.append(off)
        off = (off + len(data) + alignment - 1) // alignment * alignment
    for (name, tn, ne, data), o in zip(tensors, offs):
        out += g_str(name) + struct.pack("<I", len(ne)) + struct.pack("<%dQ" % len(ne), *ne)
        out += struct.pack("<IQ", GT[tn] if isinstance(tn, str) else tn, o)
    out += b"\0" * ((-len(out)) % alignment)
    data_start = len(out)
    for (name, tn, ne, data), o in zip(tensors, offs):
        out += b"\0" * (data_start + o - len(out))
        out += data
    return bytes(out)


def f32_data(n, seed):
    rng = random.Random(seed)
    return struct.pack("<%df" % n, *[rng.uniform(-0.5, 0.5) for _ in range(n)])


# a small Mamba-2 model: D 32, 1 layer, d_inner 64, 4 heads, 1 group, N 8, K 4, V 64
MD, ML, MI, MH, MG, MN, MK, MV = 32, 1, 64, 4, 1, 8, 4, 64


def mamba2_parts(tokenizer=None):
    kv = [("general.architecture", T_STR, "mamba2"),
          ("mamba2.block_count", T_U32, ML), ("mamba2.embedding_length", T_U32, MD),
          ("mamba2.ssm.inner_size", T_U32, MI), ("mamba2.ssm.time_step_rank", T_U32, MH),
          ("mamba2.ssm.group_count", T_U32, MG), ("mamba2.ssm.state_size", T_U32, MN),
          ("mamba2.ssm.conv_kernel", T_U32, MK),
          ("mamba2.attention.layer_norm_rms_epsilon", T_F32, 1e-5)]
    if tokenizer:
        kv += tokenizer
    cd = MI + 2 * MG * MN
    ts = [("token_embd.weight", "F32", [MD, MV], f32_data(MD * MV, 1)),
          ("output_norm.weight", "F32", [MD], f32_data(MD, 2)),
          ("blk.0.attn_norm.weight", "F32", [MD], f32_data(MD, 3)),
          ("blk.0.ssm_in.weight", "F32", [MD, 2 * MI + 2 * MG * MN + MH], f32_data(MD * (2 * MI + 2 * MG * MN + MH), 4)),
          ("blk.0.ssm_conv1d.weight", "F32", [MK, cd], f32_data(MK * cd, 5)),
          ("blk.0.ssm_conv1d.bias", "F32", [cd], f32_data(cd, 6)),
          ("blk.0.ssm_dt.bias", "F32", [MH], f32_data(MH, 7)),
          ("blk.0.ssm_a", "F32", [1, MH], struct.pack("<4f", -1.0, -2.0, -0.5, -3.0)),
          ("blk.0.ssm_d", "F32", [1, MH], f32_data(MH, 8)),
          ("blk.0.ssm_norm.weight", "F32", [MI // MG, MG], f32_data(MI, 9)),
          ("blk.0.ssm_out.weight", "F32", [MI, MD], f32_data(MI * MD, 10))]
    return kv, ts


def byte_tokenizer(pre="gpt2"):
    b2u = {}
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    n = 0
    for b in range(256):
        if b in keep:
            b2u[b] = chr(b)
        else:
            b2u[b] = chr(256 + n)
            n += 1
    toks = [b2u[b] for b in range(MV - 3)] + ["<|endoftext|>", b2u[0] + b2u[1], "[PAD63]"]
    return [("tokenizer.ggml.model", T_STR, "gpt2"), ("tokenizer.ggml.pre", T_STR, pre),
            ("tokenizer.ggml.tokens", T_ARR, (T_STR, toks)),
            ("tokenizer.ggml.token_type", T_ARR, (T_I32, [1] * (MV - 3) + [3, 1, 5])),
            ("tokenizer.ggml.merges", T_ARR, (T_STR, [b2u[0] + " " + b2u[1], "zz qq"])),
            ("tokenizer.ggml.eos_token_id", T_U32, MV - 3)]


def write_tmp(name, data):
    p = os.path.join(TMP, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def run_convert(src, *extra):
    out = os.path.join(TMP, "out.bin")
    r = subprocess.run([sys.executable, CONVERT, src, out] + list(extra), capture_output=True, text=True)
    return r


UNFORESEEN = re.compile(r"convert\.py: error: unexpected [A-Za-z_.]+: ")


def expect_error(data, contains, name="bad.gguf"):
    p = write_tmp(name, data)
    r = run_convert(p)
    lines = r.stderr.splitlines()
    check(r.returncode == 1, "%s: exit %d, stderr %r" % (contains, r.returncode, r.stderr[-300:]))
    check(len(lines) == 1 and lines[0].startswith("convert.py: error: "),
          "%s: expected one error line, got %r" % (contains, r.stderr[-400:]))
    check(contains.lower() in lines[0].lower(), "expected %r in %r" % (contains, lines[0]))
    check(not UNFORESEEN.match(lines[0]), "an unforeseen exception: %r" % lines[0])


@test
def generated_mamba2_maps():
    kv, ts = mamba2_parts(byte_tokenizer())
    p = write_tmp("ok.gguf", gguf_file(kv, ts))
    ck = gguf.load_gguf(p)
    try:
        c = ck.config
        check((c["model_type"], c["hidden_size"], c["num_heads"], c["head_dim"], c["expand"], c["n_groups"],
               c["state_size"], c["conv_kernel"], c["vocab_size"], c["tie_word_embeddings"]) ==
              ("mamba2", MD, MH, MI // MH, MI // MD, MG, MN, MK, MV, True), "config %r" % dict(c))
        check(ck.tensors["backbone.layers.0.mixer.A"].shape == (MH,), "A shape")
        check(floats(view_bytes(ck.tensors["backbone.layers.0.mixer.A"])) == (-1.0, -2.0, -0.5, -3.0), "A values")
        check(ck.tensors["backbone.layers.0.mixer.conv1d.weight"].shape == (MI + 2 * MG * MN, 1, MK), "conv shape")
        check(ck.tensors["backbone.layers.0.mixer.norm.weight"].shape == (MI,), "norm shape")
        tok = ck.tokenizer
        check(tok["model"]["merges"] == [tok["added_tokens"][0]["content"] and "\u0100 \u0101"],
              "merges %r" % tok["model"]["merges"])
        check(any("dropped" in n for n in ck.notes), "dropped merge noted")
        check(tok["added_tokens"][0]["id"] == MV - 3 and tok["added_tokens"][0]["special"], "added token")
        check("[PAD63]" not in tok["model"]["vocab"] and len(tok["model"]["vocab"]) == MV - 2,
              "UNUSED padding tokens stay out of the vocabulary")
        check(ck.tokenizer_config["eos_token"] == "<|endoftext|>", "eos")
    finally:
        ck.close()
    # version 2 files read the same
    p2 = write_tmp("ok2.gguf", gguf_file(kv, ts, version=2))
    gguf.load_gguf(p2).close()


def corrupt(fn):
    kv, ts = mamba2_parts()
    return fn(kv, ts)


@test
def hostile_files():
    good = gguf_file(*mamba2_parts())
    kv, ts = mamba2_parts()
    hdr_end = 24
    cases = [
        (b"GGML" + good[4:], "not a GGUF file"),
        (good[:10], "truncated"),
        (good[:4] + struct.pack("<I", 1) + good[8:], "version 1"),
        (good[:4] + struct.pack("<I", 9) + good[8:], "unsupported GGUF version 9"),
        (good[:4] + struct.pack(">I", 3) + good[8:], "big-endian"),
        (good[:8] + struct.pack("<Q", 1 << 60) + good[16:], "tensor count"),
        (good[:16] + struct.pack("<Q", 1 << 60) + good[24:], "metadata count"),
        (good[:hdr_end] + struct.pack("<Q", 1 << 40) + good[hdr_end + 8:], "past the end"),
        (gguf_file(kv + [("x.bad", 99, 0)], ts), "unknown value type 99"),
        (gguf_file(kv + [("x.arr", T_ARR, (T_ARR, []))], ts), "array of arrays"),
        (gguf_file(kv + [("x.arr", T_ARR, (77, []))], ts), "unknown type 77"),
        (gguf_file(kv + [("x.b", T_BOOL, 5)], ts), "bool"),
        (gguf_file(kv + [("general.architecture", T_STR, "mamba2")], ts), "appears twice"),
        (gguf_file([x for x in kv if x[0] != "general.architecture"], ts), "general.architecture"),
        (gguf_file([("general.architecture", T_STR, "llama")] + kv[1:], ts), "'llama' is not supported"),
        (gguf_file(kv + [("general.alignment", T_U32, 48)], ts), "power of two"),
        (gguf_file(kv + [("general.alignment", T_U64, 32)], ts), "must be a uint32"),
        (gguf_file(kv, ts + [ts[1]]), "appears twice"),
        (gguf_file(kv, ts[:-1]), "missing tensor 'blk.0.ssm_out.weight'"),
        (gguf_file(kv, ts + [("blk.0.extra.weight", "F32", [4], b"\0" * 16)]), "blk.0.extra.weight"),
        (gguf_file(kv, [(n, t, ([MD + 1, MV] if n == "token_embd.weight" else ne),
                         (f32_data((MD + 1) * MV, 1) if n == "token_embd.weight" else d))
                        for n, t, ne, d in ts]), "token_embd.weight"),
        (gguf_file(kv, [(n, t, ([1 << 40, 1 << 40] if n == "token_embd.weight" else ne), d)
                        for n, t, ne, d in ts]), "overflow"),
        (gguf_file(kv, [(n, t, ([] if n == "output_norm.weight" else ne), d)
                        for n, t, ne, d in ts]), "dimensions"),
        (gguf_file(kv, [(n, (99 if n == "output_norm.weight" else t), ne, d)
                        for n, t, ne, d in ts]), "unknown ggml type 99"),
        (gguf_file(kv, [(n, ("IQ4_NL" if n == "token_embd.weight" else t), ne,
                         (b"\0" * (18 * MV) if n == "token_embd.weight" else d))
                        for n, t, ne, d in ts]), "IQ4_NL"),
        (gguf_file(kv, [(n, ("Q8_0" if n == "blk.0.ssm_dt.bias" else t), ne, d)
                        for n, t, ne, d in ts]), "not a multiple of the Q8_0 block size"),
        (good[:len(good) - 100], "outside the file"),
        (gguf_file(kv + byte_tokenizer("no-such-pre"), ts), "'no-such-pre'"),
        (gguf_file(kv + [(b"bad\xff\xfekey", T_U8, 1)], ts), "UTF-8"),
        (gguf_file(kv + [(k, t, (T_STR, v[1][:5] + [b"\xff\xfe"] + v[1][6:]) if k == "tokenizer.ggml.tokens" else v)
                         for k, t, v in byte_tokenizer()], ts), "entry 5 of tokenizer.ggml.tokens is not valid UTF-8"),
    ]
    # tensor-info level corruptions of the good file: find the first tensor info
    i0 = good.index(b"token_embd.weight") + len(b"token_embd.weight")
    off_pos = i0 + 4 + 16 + 4  # n_dims, 2 dims, type -> offset
    cases.append((good[:off_pos] + struct.pack("<Q", 4) + good[off_pos + 8:], "alignment"))
    cases.append((good[:off_pos] + struct.pack("<Q", 1 << 50) + good[off_pos + 8:], "outside the file"))
    j0 = good.index(b"output_norm.weight") + len(b"output_norm.weight")
    cases.append((good[:j0 + 4 + 8 + 4] + struct.pack("<Q", 0) + good[j0 + 4 + 8 + 4 + 8:], "overlap"))
    for k, (data, want) in enumerate(cases):
        if isinstance(data, str):
            continue
        expect_error(data, want, name="bad%d.gguf" % k)


@test
def hostile_mutations():
    """Random corruptions of a valid file (with a tokenizer): one error line or success, and
    never an unforeseen exception. Bounded to a few seconds; the seed is printed on failure."""
    conv = load_convert()
    good = gguf_file(*mamba2_parts(byte_tokenizer()))
    seed = int(os.environ.get("M2_GGUF_SEED", time.time()))
    rng = random.Random(seed)
    deadline = time.time() + float(os.environ.get("M2_GGUF_MUTATION_SECONDS", "6"))
    import io
    import contextlib
    n = 0
    while time.time() < deadline:
        b = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            if not b:
                b = bytearray(b"G")
            kind = rng.random()
            pos = rng.randrange(len(b)) if rng.random() < 0.3 else rng.randrange(min(len(b), 2600))
            if kind < 0.4:
                b[pos] = rng.randrange(256)
            elif kind < 0.7 and pos + 8 <= len(b):
                b[pos:pos + 8] = struct.pack("<Q", rng.choice([0, 1, 7, 1 << 31, 1 << 32, 1 << 63, (1 << 64) - 1,
                                                              rng.randrange(1 << 64)]))
            elif kind < 0.85:
                del b[pos:]
                b = b or bytearray(b"G")
            else:
                del b[pos:pos + rng.randint(1, 16)]
        p = write_tmp("mut.gguf", bytes(b))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            rc = conv.main([p, os.path.join(TMP, "mut.bin"), "-q"])
        lines = err.getvalue().splitlines()
        if rc != 0:
            check(len(lines) == 1 and lines[0].startswith("convert.py: error: ")
                  and not UNFORESEEN.match(lines[0]),
                  "seed %d, mutation %d: %r" % (seed, n, err.getvalue()[-300:]))
        n += 1
    if VERBOSE:
        print("     %d mutations (seed %d)" % (n, seed))


# ------------------------------------------------------------------------------------------
# MoE and attention layouts: HF tensors -> GGUF the way llama.cpp's converter writes them ->
# back through tools/gguf.py, bit for bit
# ------------------------------------------------------------------------------------------

class HFT:
    """A row-major HF tensor with distinct values (so any misplaced row shows)."""
    counter = [0]

    def __init__(self, *shape):
        self.shape = shape
        n = 1
        for d in shape:
            n *= d
        base = HFT.counter[0]
        HFT.counter[0] += n
        self.vals = [float(base + k) for k in range(n)]

    def rows(self, a, b):
        """rows [a, b) of the flattening to 2-D [shape[0], rest]"""
        w = len(self.vals) // self.shape[0]
        return self.vals[a * w:b * w]

    def data(self):
        return struct.pack("<%df" % len(self.vals), *self.vals)


def llama_permute(vals, n_rows, n_head):
    """LlamaModel.permute on the rows (reshape(n_head, 2, hd/2, ...).swapaxes(1, 2))."""
    w = len(vals) // n_rows
    hd = n_rows // n_head
    out = []
    for h in range(n_head):
        for j in range(hd // 2):
            for c in range(2):
                r = h * hd + c * (hd // 2) + j
                out += vals[r * w:(r + 1) * w]
    return out


def f32b(vals):
    return struct.pack("<%df" % len(vals), *vals)


def check_mapped(ck, hf):
    for name, t in hf.items():
        v = ck.tensors.get(name)
        check(v is not None, "no tensor %s (have %s)" % (name, [k for k in ck.tensors if k.startswith(name[:20])][:8]))
        check(tuple(v.shape) == tuple(t.shape), "%s shape %s, expected %s" % (name, v.shape, t.shape))
        check(view_bytes(v) == t.data(), "%s bytes differ" % name)
    extra = set(ck.tensors) - set(hf)
    check(not extra, "unexpected tensors %s" % sorted(extra)[:5])


def mamba2_layer_gguf(kv_arch, l, hp, D, dI, H, G, N, K):
    """(gguf tensors, hf tensors) of one Mamba-2 mixer."""
    hf, g = {}, []
    cd = dI + 2 * G * N
    for hn, gn, shape, gne in (("in_proj.weight", "ssm_in.weight", (2 * dI + 2 * G * N + H, D), None),
                               ("conv1d.weight", "ssm_conv1d.weight", (cd, 1, K), [K, cd]),
                               ("conv1d.bias", "ssm_conv1d.bias", (cd,), None),
                               ("dt_bias", "ssm_dt.bias", (H,), None),
                               ("A", "ssm_a", (H,), [1, H]), ("D", "ssm_d", (H,), [1, H]),
                               ("norm.weight", "ssm_norm.weight", (dI,), [dI // G, G]),
                               ("out_proj.weight", "ssm_out.weight", (D, dI), None)):
        t = HFT(*shape)
        hf[hp + hn] = t
        g.append(("blk.%d.%s" % (l, gn), "F32", gne or list(reversed(shape)), t.data()))
    return g, hf


@test
def granite_moe_rope_bias_layout():
    D, E, I, S, nh, nkv, hd, V = 16, 4, 8, 12, 2, 1, 8, 32
    dI, H, G, N, K = 32, 4, 2, 4, 4
    HFT.counter[0] = 0
    hf, g = {}, []
    emb, norm = HFT(V, D), HFT(D)
    hf["model.embed_tokens.weight"], hf["model.norm.weight"] = emb, norm
    g += [("token_embd.weight", "F32", [D, V], emb.data()), ("output_norm.weight", "F32", [D], norm.data())]
    for l in range(2):
        p = "model.layers.%d." % l
        for hn, gn in (("input_layernorm", "attn_norm"), ("post_attention_layernorm", "ffn_norm")):
            t = HFT(D)
            hf[p + hn + ".weight"] = t
            g.append(("blk.%d.%s.weight" % (l, gn), "F32", [D], t.data()))
        if l == 0:
            gg, hh = mamba2_layer_gguf("granitehybrid", 0, p + "mamba.", D, dI, H, G, N, K)
            g += gg
            hf.update(hh)
        else:
            for hn, gn, rows, heads in (("q_proj", "attn_q", nh * hd, nh), ("k_proj", "attn_k", nkv * hd, nkv),
                                        ("v_proj", "attn_v", nkv * hd, 0)):
                w, b = HFT(rows, D), HFT(rows)
                hf[p + "self_attn.%s.weight" % hn], hf[p + "self_attn.%s.bias" % hn] = w, b
                wv = llama_permute(w.vals, rows, heads) if heads else w.vals
                bv = llama_permute(b.vals, rows, heads) if heads else b.vals
                g += [("blk.1.%s.weight" % gn, "F32", [D, rows], f32b(wv)),
                      ("blk.1.%s.bias" % gn, "F32", [rows], f32b(bv))]
            o = HFT(D, nh * hd)
            hf[p + "self_attn.o_proj.weight"] = o
            g.append(("blk.1.attn_output.weight", "F32", [nh * hd, D], o.data()))
        sh_in, sh_out = HFT(2 * S, D), HFT(D, S)
        router, ein, eout = HFT(E, D), HFT(E, 2 * I, D), HFT(E, D, I)
        hf.update({p + "shared_mlp.input_linear.weight": sh_in, p + "shared_mlp.output_linear.weight": sh_out,
                   p + "block_sparse_moe.router.layer.weight": router,
                   p + "block_sparse_moe.input_linear.weight": ein,
                   p + "block_sparse_moe.output_linear.weight": eout})
        gate_e = sum((ein.vals[(e * 2 * I) * D:(e * 2 * I + I) * D] for e in range(E)), [])
        up_e = sum((ein.vals[(e * 2 * I + I) * D:(e * 2 * I + 2 * I) * D] for e in range(E)), [])
        g += [("blk.%d.ffn_gate_shexp.weight" % l, "F32", [D, S], f32b(sh_in.rows(0, S))),
              ("blk.%d.ffn_up_shexp.weight" % l, "F32", [D, S], f32b(sh_in.rows(S, 2 * S))),
              ("blk.%d.ffn_down_shexp.weight" % l, "F32", [S, D], sh_out.data()),
              ("blk.%d.ffn_gate_inp.weight" % l, "F32", [D, E], router.data()),
              ("blk.%d.ffn_gate_exps.weight" % l, "F32", [D, I, E], f32b(gate_e)),
              ("blk.%d.ffn_up_exps.weight" % l, "F32", [D, I, E], f32b(up_e)),
              ("blk.%d.ffn_down_exps.weight" % l, "F32", [I, D, E], eout.data())]
    a = "granitehybrid."
    kv = [("general.architecture", T_STR, "granitehybrid"), (a + "block_count", T_U32, 2),
          (a + "embedding_length", T_U32, D), (a + "feed_forward_length", T_U32, I),
          (a + "attention.head_count", T_U32, nh), (a + "attention.head_count_kv", T_ARR, (T_U32, [0, nkv])),
          (a + "expert_count", T_U32, E), (a + "expert_used_count", T_U32, 2),
          (a + "expert_shared_feed_forward_length", T_U32, S),
          (a + "ssm.conv_kernel", T_U32, K), (a + "ssm.state_size", T_U32, N), (a + "ssm.group_count", T_U32, G),
          (a + "ssm.inner_size", T_U32, dI), (a + "ssm.time_step_rank", T_U32, H),
          (a + "rope.scaling.finetuned", T_BOOL, 1), (a + "rope.freq_base", T_F32, 500.0),
          (a + "attention.scale", T_F32, 0.125), (a + "embedding_scale", T_F32, 6.0),
          (a + "residual_scale", T_F32, 0.5), (a + "logit_scale", T_F32, 4.0)]
    ck = gguf.load_gguf(write_tmp("granite_moe.gguf", gguf_file(kv, g)))
    try:
        check_mapped(ck, hf)
        c = ck.config
        want = {"layer_types": ["mamba", "attention"], "position_embedding_type": "rope", "rope_theta": 500.0,
                "num_local_experts": E, "num_experts_per_tok": 2, "intermediate_size": I,
                "shared_intermediate_size": S, "attention_bias": True, "num_attention_heads": nh,
                "num_key_value_heads": nkv, "mamba_n_heads": H, "mamba_d_head": dI // H, "mamba_n_groups": G,
                "attention_multiplier": 0.125, "embedding_multiplier": 6.0, "residual_multiplier": 0.5,
                "logits_scaling": 4.0, "tie_word_embeddings": True, "vocab_size": V}
        for k, v in want.items():
            check(c[k] == v, "config %s = %r, expected %r" % (k, c[k], v))
        check(any("uses RoPE" in n for n in ck.notes), "the RoPE decision is noted")
    finally:
        ck.close()


@test
def nemotron_moe_layout():
    D, E, Fe, Fs, F, nh, nkv, hd, V = 16, 4, 8, 12, 20, 2, 1, 8, 32
    dI, H, G, N, K = 32, 4, 2, 4, 4
    pattern = "ME*-"
    HFT.counter[0] = 0
    hf, g = {}, []
    emb, norm, head = HFT(V, D), HFT(D), HFT(V, D)
    hf.update({"backbone.embeddings.weight": emb, "backbone.norm_f.weight": norm, "lm_head.weight": head})
    g += [("token_embd.weight", "F32", [D, V], emb.data()), ("output_norm.weight", "F32", [D], norm.data()),
          ("output.weight", "F32", [D, V], head.data())]
    for l, kind in enumerate(pattern):
        p = "backbone.layers.%d." % l
        x = p + "mixer."
        t = HFT(D)
        hf[p + "norm.weight"] = t
        g.append(("blk.%d.attn_norm.weight" % l, "F32", [D], t.data()))
        if kind == "M":
            gg, hh = mamba2_layer_gguf("nemotron_h", l, x, D, dI, H, G, N, K)
            g += gg
            hf.update(hh)
        elif kind == "*":
            for hn, gn, rows, heads in (("q_proj", "attn_q", nh * hd, nh), ("k_proj", "attn_k", nkv * hd, nkv),
                                        ("v_proj", "attn_v", nkv * hd, 0)):
                w = HFT(rows, D)
                hf[x + hn + ".weight"] = w
                g.append(("blk.%d.%s.weight" % (l, gn), "F32", [D, rows],
                          f32b(llama_permute(w.vals, rows, heads) if heads else w.vals)))
            o = HFT(D, nh * hd)
            hf[x + "o_proj.weight"] = o
            g.append(("blk.%d.attn_output.weight" % l, "F32", [nh * hd, D], o.data()))
        elif kind == "-":
            up, down = HFT(F, D), HFT(D, F)
            hf.update({x + "up_proj.weight": up, x + "down_proj.weight": down})
            g += [("blk.%d.ffn_up.weight" % l, "F32", [D, F], up.data()),
                  ("blk.%d.ffn_down.weight" % l, "F32", [F, D], down.data())]
        else:
            gate, bias = HFT(E, D), HFT(E)
            ups, downs = HFT(E, Fe, D), HFT(E, D, Fe)  # transformers v5's fused expert layout
            su, sd = HFT(Fs, D), HFT(D, Fs)
            hf.update({x + "gate.weight": gate, x + "gate.e_score_correction_bias": bias,
                       x + "shared_experts.up_proj.weight": su, x + "shared_experts.down_proj.weight": sd,
                       x + "experts.up_proj.weight": ups, x + "experts.down_proj.weight": downs})
            g += [("blk.%d.ffn_gate_inp.weight" % l, "F32", [D, E], gate.data()),
                  ("blk.%d.exp_probs_b.bias" % l, "F32", [E], bias.data()),
                  ("blk.%d.ffn_up_exps.weight" % l, "F32", [D, Fe, E], ups.data()),
                  ("blk.%d.ffn_down_exps.weight" % l, "F32", [Fe, D, E], downs.data()),
                  ("blk.%d.ffn_up_shexp.weight" % l, "F32", [D, Fs], su.data()),
                  ("blk.%d.ffn_down_shexp.weight" % l, "F32", [Fs, D], sd.data())]
    a = "nemotron_h_moe."
    kv = [("general.architecture", T_STR, "nemotron_h_moe"), (a + "block_count", T_U32, 4),
          (a + "embedding_length", T_U32, D),
          (a + "feed_forward_length", T_ARR, (T_U32, [0, Fe, 0, F])),
          (a + "attention.head_count", T_U32, nh), (a + "attention.head_count_kv", T_ARR, (T_U32, [0, 0, nkv, 0])),
          (a + "attention.key_length", T_U32, hd), (a + "attention.layer_norm_rms_epsilon", T_F32, 1e-5),
          (a + "expert_count", T_U32, E), (a + "expert_used_count", T_U32, 2),
          (a + "expert_feed_forward_length", T_U32, Fe), (a + "expert_shared_feed_forward_length", T_U32, Fs),
          (a + "expert_weights_scale", T_F32, 2.5), (a + "expert_weights_norm", T_BOOL, 1),
          (a + "ssm.conv_kernel", T_U32, K), (a + "ssm.state_size", T_U32, N), (a + "ssm.group_count", T_U32, G),
          (a + "ssm.inner_size", T_U32, dI), (a + "ssm.time_step_rank", T_U32, H)]
    ck = gguf.load_gguf(write_tmp("nemotron_moe.gguf", gguf_file(kv, g)))
    try:
        check_mapped(ck, hf)
        c = ck.config
        want = {"hybrid_override_pattern": pattern, "n_routed_experts": E, "num_experts_per_tok": 2,
                "moe_intermediate_size": Fe, "moe_shared_expert_intermediate_size": Fs, "intermediate_size": F,
                "routed_scaling_factor": 2.5, "norm_topk_prob": True, "head_dim": hd, "num_key_value_heads": nkv,
                "mamba_num_heads": H, "mamba_head_dim": dI // H, "n_groups": G, "tie_word_embeddings": False}
        for k, v in want.items():
            check(c[k] == v, "config %s = %r, expected %r" % (k, c[k], v))
    finally:
        ck.close()


# ------------------------------------------------------------------------------------------
# Tokenizers: tokenizer.ggml.* back to tokenizer.json
# ------------------------------------------------------------------------------------------

def tokenizer_json(name):
    with open(golden("tokenizers", name, "tokenizer.json"), encoding="utf-8") as f:
        return json.load(f)


def merge_strings(merges):
    return [m if isinstance(m, str) else " ".join(m) for m in merges]


def gguf_with_tokenizer(name, tok_kv):
    kv, ts = mamba2_parts()
    return gguf.load_gguf(write_tmp(name, gguf_file(kv + tok_kv, ts)))


def token_list(tj):
    """(every token string by id, the ids of the added tokens): llama.cpp's one token list."""
    vocab = dict(tj["model"]["vocab"])
    for a in tj["added_tokens"]:
        vocab[a["content"]] = a["id"]
    tokens = [None] * (max(vocab.values()) + 1)
    for t, i in vocab.items():
        tokens[i] = t
    return tokens, {a["id"] for a in tj["added_tokens"]}


@test
def tokenizer_llama3_from_gguf():
    """A byte-level BPE as llama.cpp's converter stores it (all ids in one token list, added
    specials as CONTROL, pre 'llama-bpe') comes back as the tokenizer.json it came from."""
    tj = tokenizer_json("llama3")
    tokens, specials = token_list(tj)
    types = [3 if i in specials else 1 for i in range(len(tokens))]
    merges = merge_strings(tj["model"]["merges"])
    ck = gguf_with_tokenizer("llama3.gguf", [
        ("tokenizer.ggml.model", T_STR, "gpt2"), ("tokenizer.ggml.pre", T_STR, "llama-bpe"),
        ("tokenizer.ggml.tokens", T_ARR, (T_STR, tokens)), ("tokenizer.ggml.token_type", T_ARR, (T_I32, types)),
        ("tokenizer.ggml.merges", T_ARR, (T_STR, merges)),
        ("tokenizer.ggml.bos_token_id", T_U32, 128000), ("tokenizer.ggml.eos_token_id", T_U32, 128001),
        ("tokenizer.chat_template", T_STR, "{{ messages }}")])
    try:
        t = ck.tokenizer
        check(t["model"]["vocab"] == tj["model"]["vocab"], "vocab (without the CONTROL tokens)")
        check(t["model"]["merges"] == merges, "merges")
        pp = t["post_processor"]  # no add_bos_token key: llama.cpp's default for llama-bpe adds BOS
        check(pp["type"] == "TemplateProcessing" and pp["single"][0]["SpecialToken"]["id"] == "<|begin_of_text|>",
              "BOS post-processor %r" % pp)
        check(t["model"]["ignore_merges"] is True and t["model"]["byte_fallback"] is False, "model flags")
        check(json.dumps(t["pre_tokenizer"], sort_keys=True) == json.dumps(tj["pre_tokenizer"], sort_keys=True),
              "pre_tokenizer %s vs %s" % (json.dumps(t["pre_tokenizer"])[:200], json.dumps(tj["pre_tokenizer"])[:200]))
        check(t["decoder"]["type"] == "ByteLevel", "decoder")
        check([(a["id"], a["content"], a["special"]) for a in t["added_tokens"]] ==
              [(a["id"], a["content"], a["special"]) for a in tj["added_tokens"]], "added tokens")
        c = ck.tokenizer_config
        check((c["bos_token"], c["eos_token"], c["chat_template"]) ==
              ("<|begin_of_text|>", "<|end_of_text|>", "{{ messages }}"), "tokenizer_config %r" % c)
    finally:
        ck.close()


@test
def tokenizer_spm_from_gguf():
    """A SentencePiece BPE (tokenizer.ggml.model 'llama': scores, BYTE tokens) comes back as a
    byte-fallback BPE whose merges are the tokenizer.json's (same set; same order wherever the
    scores say it: here score = -id, except the whitespace-run pieces whose real scores differ)."""
    tj = tokenizer_json("llama2")
    vocab = tj["model"]["vocab"]
    tokens = [None] * len(vocab)
    for t, i in vocab.items():
        tokens[i] = t
    types = [6 if re.fullmatch(r"<0x[0-9A-F]{2}>", t) else 1 for t in tokens]
    types[0], types[1], types[2] = 2, 3, 3
    scores = [0.0 if types[i] != 1 else -float(i) for i in range(len(tokens))]
    ck = gguf_with_tokenizer("spm.gguf", [
        ("tokenizer.ggml.model", T_STR, "llama"), ("tokenizer.ggml.pre", T_STR, "default"),
        ("tokenizer.ggml.tokens", T_ARR, (T_STR, tokens)), ("tokenizer.ggml.token_type", T_ARR, (T_I32, types)),
        ("tokenizer.ggml.scores", T_ARR, (T_F32, scores)),
        ("tokenizer.ggml.unknown_token_id", T_U32, 0), ("tokenizer.ggml.bos_token_id", T_U32, 1),
        ("tokenizer.ggml.eos_token_id", T_U32, 2)])
    try:
        t = ck.tokenizer
        ref = merge_strings(tj["model"]["merges"])
        mine = t["model"]["merges"]
        check(set(mine) == set(ref) and len(mine) == len(ref), "merge sets differ")
        ws = set("\u2581 ")
        check([m for m in mine if set(m) - ws] == [m for m in ref if set(m) - ws], "merge order")
        for key in ("normalizer", "decoder"):
            check(json.dumps(t[key], sort_keys=True) == json.dumps(tj[key], sort_keys=True),
                  "%s: %s vs %s" % (key, json.dumps(t[key]), json.dumps(tj[key])))
        m = t["model"]
        check((m["byte_fallback"], m["fuse_unk"], m["unk_token"]) == (True, True, "<unk>"), "model flags")
        check([(a["id"], a["content"]) for a in t["added_tokens"]] == [(0, "<unk>"), (1, "<s>"), (2, "</s>")],
              "added tokens")
        check(t["model"]["vocab"] == vocab, "vocab")
    finally:
        ck.close()


@test
def tokenizer_packs_like_its_tokenizer_json():
    """Stored the way llama.cpp's converter does and read back, a tokenizer packs to the same
    section as its tokenizer.json + tokenizer_config.json (SentencePiece: with the merge order of
    the file, which real scores give; the synthetic scores here order whitespace runs apart)."""
    conv = load_convert()
    if not hasattr(conv, "pack_tokenizer_obj"):
        raise Skip("convert.py has no pack_tokenizer_obj yet")

    class Cfg:
        vocab_rows, eos_token_id, bos_token_id = 200000, None, None
    for name in ("llama3", "llama2"):
        tj = tokenizer_json(name)
        with open(golden("tokenizers", name, "tokenizer_config.json"), encoding="utf-8") as f:
            tc = json.load(f)
        tokens, specials = token_list(tj)
        if name == "llama3":
            types = [3 if i in specials else 1 for i in range(len(tokens))]
            kv = [("tokenizer.ggml.model", T_STR, "gpt2"), ("tokenizer.ggml.pre", T_STR, "llama-bpe"),
                  ("tokenizer.ggml.merges", T_ARR, (T_STR, merge_strings(tj["model"]["merges"])))]
        else:
            types = [6 if re.fullmatch(r"<0x[0-9A-F]{2}>", t) else 1 for t in tokens]
            types[0], types[1], types[2] = 2, 3, 3
            kv = [("tokenizer.ggml.model", T_STR, "llama"), ("tokenizer.ggml.unknown_token_id", T_U32, 0),
                  ("tokenizer.ggml.scores", T_ARR, (T_F32, [0.0 if types[i] != 1 else -float(i)
                                                             for i in range(len(tokens))]))]

        def content(x):
            return x if isinstance(x, str) else x["content"]
        kv += [("tokenizer.ggml.tokens", T_ARR, (T_STR, tokens)), ("tokenizer.ggml.token_type", T_ARR, (T_I32, types)),
               ("tokenizer.ggml.bos_token_id", T_U32, tokens.index(content(tc["bos_token"]))),
               ("tokenizer.ggml.eos_token_id", T_U32, tokens.index(content(tc["eos_token"]))),
               ("tokenizer.ggml.add_bos_token", T_BOOL, int(tc.get("add_bos_token", False)))]
        if "chat_template" in tc:
            kv.append(("tokenizer.chat_template", T_STR, tc["chat_template"]))
        ck = gguf_with_tokenizer(name + "_eq.gguf", kv)
        try:
            if name == "llama2":
                ck.tokenizer["model"]["merges"] = merge_strings(tj["model"]["merges"])
            got = conv.pack_tokenizer_obj(ck.tokenizer, ck.tokenizer_config, Cfg)
            want = conv.pack_tokenizer_obj(tj, tc, Cfg)
            check(got.blob == want.blob, "%s: packed sections differ (%d / %d bytes)" % (name, len(got.blob), len(want.blob)))
            check((got.eos_id, got.bos_id) == (want.eos_id, want.bos_id), "%s: eos/bos" % name)
        finally:
            ck.close()


@test
def tokenizer_golden_placeholders_pack():
    """The golden GGUFs' placeholder vocabularies pack with the existing packer (no extra flags)."""
    conv = load_convert()
    for case in ("granite-h-tiny", "nemotron-h-tiny", "falcon-h1-tiny", "mamba1-tiny", "falcon-mamba-tiny",
                 "quant/granite-h-q"):
        ck = gguf.load_gguf(golden(case, "gguf", "model-f32.gguf"))
        try:
            p = write_tmp("tok.json", json.dumps(ck.tokenizer).encode("utf-8"))

            class Cfg:
                vocab_rows = ck.config["vocab_size"]
                eos_token_id = ck.config.get("eos_token_id")
                bos_token_id = ck.config.get("bos_token_id")
            tok = conv.pack_tokenizer(p, Cfg)
            check(tok.n_vocab == len(ck.gguf.get("tokenizer.ggml.tokens")), "%s: n_vocab %d" % (case, tok.n_vocab))
        finally:
            ck.close()


# ------------------------------------------------------------------------------------------
# The full path: convert.py CASE/gguf/model-f32.gguf OUT.bin (needs the hybrid HF path)
# ------------------------------------------------------------------------------------------

NOT_YET = ("unknown checkpoint layout", "checkpoints are not supported", "mixer.A'", "mamba.A'")


def convert_golden(case, gguf_name, *extra):
    src = golden(case, "gguf", gguf_name)
    r = run_convert(src, *extra)
    if r.returncode != 0 and any(k in r.stderr for k in NOT_YET):
        raise Skip("convert.py's HF path does not take this family yet: %s" % r.stderr.strip()[:160])
    check(r.returncode == 0, "%s/%s: %s" % (case, gguf_name, r.stderr.strip()[-300:]))
    check(os.path.getsize(os.path.join(TMP, "out.bin")) > 0, "output written")
    return r


def read_bin_tensors(path):
    """name -> (dtype code, dims, bytes) from a mamba2.h model file (versions 1 and 2 share the
    directory fields and entry layout)."""
    with open(path, "rb") as f:
        b = f.read()
    (dir_off,) = struct.unpack_from("<Q", b, 24)
    (n,) = struct.unpack_from("<I", b, 64)
    pos, out = dir_off, {}
    for _ in range(n):
        (ln,) = struct.unpack_from("<I", b, pos)
        name = b[pos + 4:pos + 4 + ln].decode()
        pos += 4 + ln
        dt, nd = struct.unpack_from("<II", b, pos)
        dims = struct.unpack_from("<%dQ" % nd, b, pos + 8)
        off, nb = struct.unpack_from("<QQ", b, pos + 8 + 8 * nd)
        pos += 8 + 8 * nd + 16
        out[name] = (dt, dims, b[off:off + nb])
    return out


def quant_blocks(kind, n_blocks, seed):
    """Valid random blocks (finite f16 scales) of a GGUF quant type."""
    rng = random.Random(seed)
    out = bytearray()
    for _ in range(n_blocks):
        if kind == "Q8_0":
            out += struct.pack("<e", rng.uniform(0.001, 0.01)) + bytes(rng.randrange(256) for _ in range(32))
        elif kind == "Q4_K":
            out += struct.pack("<ee", rng.uniform(0.001, 0.01), rng.uniform(0.0, 0.005))
            out += bytes(rng.randrange(256) for _ in range(140))
        elif kind == "Q6_K":
            out += bytes(rng.randrange(256) for _ in range(192))
            out += bytes(rng.randrange(256) for _ in range(16)) + struct.pack("<e", rng.uniform(0.0001, 0.001))
    return bytes(out)


@test
def convert_generated_quantized():
    """A Mamba-2 GGUF with Q4_K / Q8_0 / Q6_K matrices: without --dtype the blocks are copied bit
    for bit with their codes (8, 3, 10); --dtype f32 writes ggml's dequantization."""
    conv = load_convert()
    D, dI, H, G, N, K, V = 256, 256, 4, 1, 8, 4, 16
    rows_in = 2 * dI + 2 * G * N + H
    a = "mamba2."
    kv = [("general.architecture", T_STR, "mamba2"), (a + "block_count", T_U32, 1),
          (a + "embedding_length", T_U32, D), (a + "ssm.inner_size", T_U32, dI),
          (a + "ssm.time_step_rank", T_U32, H), (a + "ssm.group_count", T_U32, G),
          (a + "ssm.state_size", T_U32, N), (a + "ssm.conv_kernel", T_U32, K)]
    cd = dI + 2 * G * N
    emb = quant_blocks("Q4_K", V, 1)
    w_in = quant_blocks("Q8_0", rows_in * D // 32, 2)
    w_out = quant_blocks("Q6_K", D * dI // 256, 3)
    ts = [("token_embd.weight", 12, [D, V], emb), ("output_norm.weight", "F32", [D], f32_data(D, 2)),
          ("blk.0.attn_norm.weight", "F32", [D], f32_data(D, 3)),
          ("blk.0.ssm_in.weight", "Q8_0", [D, rows_in], w_in),
          ("blk.0.ssm_conv1d.weight", "F32", [K, cd], f32_data(K * cd, 5)),
          ("blk.0.ssm_conv1d.bias", "F32", [cd], f32_data(cd, 6)),
          ("blk.0.ssm_dt.bias", "F32", [H], f32_data(H, 7)),
          ("blk.0.ssm_a", "F32", [1, H], struct.pack("<4f", -1.0, -2.0, -0.5, -3.0)),
          ("blk.0.ssm_d", "F32", [1, H], f32_data(H, 8)),
          ("blk.0.ssm_norm.weight", "F32", [dI, G], f32_data(dI, 9)),
          ("blk.0.ssm_out.weight", 14, [dI, D], w_out)]
    src = write_tmp("quantized.gguf", gguf_file(kv, ts))
    out = os.path.join(TMP, "out.bin")
    names = {"backbone.embeddings.weight": (8, emb, "Q4_K"), "backbone.layers.0.mixer.in_proj.weight": (3, w_in, "Q8_0"),
             "backbone.layers.0.mixer.out_proj.weight": (10, w_out, "Q6_K")}
    for extra in ([], ["--dtype", "f32"]):
        r = run_convert(src, "--no-tokenizer", *extra)
        if r.returncode != 0 and any(k in r.stderr for k in NOT_YET):
            raise Skip("convert.py's HF path does not take GGUF's A yet: %s" % r.stderr.strip()[:120])
        check(r.returncode == 0, "convert %s: %s" % (extra, r.stderr.strip()[-300:]))
        got = read_bin_tensors(out)
        for name, (code, raw, qt) in names.items():
            dt, dims, data = got[name]
            if extra:
                check(dt == 0 and data == conv.DEQUANTIZE[qt](raw), "%s: --dtype f32 = dequantized %s" % (name, qt))
            else:
                check(dt == code and data == raw, "%s: kept as %s bit for bit (code %d)" % (name, qt, dt))
        check(got["backbone.layers.0.mixer.A"][0] == 0, "A is F32")


def half_bytes(raw, kind):
    """float32 bytes -> F16 (round to nearest even) or BF16 (truncated: exact for the check)."""
    v = floats(raw)
    if kind == "F16":
        return struct.pack("<%de" % len(v), *v)
    return b"".join(raw[4 * i + 2:4 * i + 4] for i in range(len(v)))


def mamba2_gguf_from_hf(hf_dir, matrix_type="F32"):
    """The GGUF llama.cpp's converter makes of an HF Mamba-2 checkpoint (arch mamba2): names,
    squeezed conv, A = -exp(A_log) in float32, ssm_d {1, H}, ssm_norm {d_inner/G, G}."""
    with open(os.path.join(hf_dir, "config.json")) as f:
        c = json.load(f)
    hf = read_safetensors(os.path.join(hf_dir, "model.safetensors"))
    D, L, G, N, K = c["hidden_size"], c["num_hidden_layers"], c["n_groups"], c["state_size"], c["conv_kernel"]
    dI, H = c["expand"] * D, c["num_heads"]
    a = "mamba2."
    kv = [("general.architecture", T_STR, "mamba2"), (a + "block_count", T_U32, L),
          (a + "embedding_length", T_U32, D), (a + "ssm.inner_size", T_U32, dI),
          (a + "ssm.time_step_rank", T_U32, H), (a + "ssm.group_count", T_U32, G),
          (a + "ssm.state_size", T_U32, N), (a + "ssm.conv_kernel", T_U32, K),
          (a + "attention.layer_norm_rms_epsilon", T_F32, c["layer_norm_epsilon"])]
    ts = []

    def add(gname, hname, ne, fn=None):
        raw = hf[hname][2]
        if len(ne) == 2 and ne[0] > 1 and matrix_type != "F32" and not gname.startswith(("blk.0.ssm_conv", "blk.1.ssm_conv")):
            ts.append((gname, GGML_IDS[matrix_type], ne, half_bytes(raw, matrix_type)))
            return
        ts.append((gname, "F32", ne, f32b(fn(floats(raw))) if fn else raw))
    V = hf["backbone.embeddings.weight"][1][0]
    add("token_embd.weight", "backbone.embeddings.weight", [D, V])
    add("output_norm.weight", "backbone.norm_f.weight", [D])
    for l in range(L):
        p, g = "backbone.layers.%d." % l, "blk.%d." % l
        cd = dI + 2 * G * N
        add(g + "attn_norm.weight", p + "norm.weight", [D])
        add(g + "ssm_in.weight", p + "mixer.in_proj.weight", [D, 2 * dI + 2 * G * N + H])
        add(g + "ssm_conv1d.weight", p + "mixer.conv1d.weight", [K, cd])
        add(g + "ssm_conv1d.bias", p + "mixer.conv1d.bias", [cd])
        add(g + "ssm_dt.bias", p + "mixer.dt_bias", [H])
        add(g + "ssm_a", p + "mixer.A_log", [1, H], lambda v: [f32(-math.exp(x)) for x in v])
        add(g + "ssm_d", p + "mixer.D", [1, H])
        add(g + "ssm_norm.weight", p + "mixer.norm.weight", [dI // G, G])
        add(g + "ssm_out.weight", p + "mixer.out_proj.weight", [dI, D])
    return gguf_file(kv, ts)


@test
def convert_mamba2_gguf_like_hf():
    """A Mamba-2 GGUF (made here from the golden tiny HF checkpoint as llama.cpp would) converts
    to the same model file as the HF checkpoint, except that A_log becomes A = -exp(A_log)."""
    hf_dir = golden("tiny", "hf")
    src = write_tmp("tiny.gguf", mamba2_gguf_from_hf(hf_dir))
    r = run_convert(src, "--no-tokenizer")
    check(r.returncode == 0, "convert the GGUF: %s" % r.stderr.strip()[-300:])
    from_gguf = read_bin_tensors(os.path.join(TMP, "out.bin"))
    r = run_convert(hf_dir, "--no-tokenizer")
    check(r.returncode == 0, "convert hf/: %s" % r.stderr.strip()[-300:])
    from_hf = read_bin_tensors(os.path.join(TMP, "out.bin"))
    check(len(from_gguf) == len(from_hf), "tensor counts %d / %d" % (len(from_gguf), len(from_hf)))
    for name, (dt, dims, data) in from_hf.items():
        if name.endswith(".A_log"):
            got = from_gguf[name[:-len("A_log")] + "A"]
            check(got[:2] == (dt, dims), "%s: dtype/dims" % name)
            check(floats(got[2]) == tuple(f32(-math.exp(x)) for x in floats(data)), "%s: A = -exp(A_log)" % name)
        else:
            check(from_gguf.get(name) == (dt, dims, data), "%s differs" % name)


@test
def convert_f16_bf16_gguf_keeps_bits():
    """F16 and BF16 matrices of a GGUF are written as they are (codes 1 and 2); norms and the
    other small parameters end as F32 even where the file stored them in the half type."""
    hf_dir = golden("tiny", "hf")
    for kind, code in (("F16", 1), ("BF16", 2)):
        src = write_tmp("tiny_%s.gguf" % kind, mamba2_gguf_from_hf(hf_dir, kind))
        ck = gguf.load_gguf(src)
        wants = {n: (v.dtype, view_bytes(v)) for n, v in ck.tensors.items()}
        ck.close()
        r = run_convert(src, "--no-tokenizer")
        check(r.returncode == 0, "%s: %s" % (kind, r.stderr.strip()[-300:]))
        got = read_bin_tensors(os.path.join(TMP, "out.bin"))
        conv = load_convert()
        small_halves = 0
        for name, (dt, raw) in wants.items():
            if name.endswith(("in_proj.weight", "out_proj.weight", "embeddings.weight")):
                check(dt == kind and got[name][0] == code and got[name][2] == raw, "%s: %s not kept" % (kind, name))
            else:  # e.g. the gated norm's {d_inner/G, G} weight, stored in the half type here
                check(got[name][0] == 0 and got[name][2] == conv.convert_chunk(raw, dt, "F32", name),
                      "%s: %s is not its F32 value" % (kind, name))
                small_halves += dt == kind
        check(small_halves > 0, "%s: some small parameter in the half type" % kind)


@test
def convert_quantized_granite_moe_keeps_blocks():
    """A Granite MoE GGUF with Q8_0 matrices through the whole path: the fused [gate; up] views
    (shared MLP and experts) that the HF path splits again move whole quantized rows, so every
    output matrix holds exactly the GGUF's blocks, or with --dtype f32 their dequantization."""
    D, E, I, S, V = 32, 4, 32, 32, 16
    dI, H, G, N, K = 64, 4, 1, 8, 4
    rows_in = 2 * dI + 2 * G * N + H
    cd = dI + 2 * G * N
    q = {}

    def qt(name, ne, seed):
        n = 1
        for d in ne:
            n *= d
        q[name] = quant_blocks("Q8_0", n // 32, seed)
        return (name, "Q8_0", ne, q[name])
    g = [qt("token_embd.weight", [D, V], 1), ("output_norm.weight", "F32", [D], f32_data(D, 2)),
         ("blk.0.attn_norm.weight", "F32", [D], f32_data(D, 3)), ("blk.0.ffn_norm.weight", "F32", [D], f32_data(D, 4)),
         qt("blk.0.ssm_in.weight", [D, rows_in], 5),
         ("blk.0.ssm_conv1d.weight", "F32", [K, cd], f32_data(K * cd, 6)),
         ("blk.0.ssm_conv1d.bias", "F32", [cd], f32_data(cd, 7)), ("blk.0.ssm_dt.bias", "F32", [H], f32_data(H, 8)),
         ("blk.0.ssm_a", "F32", [1, H], struct.pack("<4f", -1.0, -2.0, -0.5, -3.0)),
         ("blk.0.ssm_d", "F32", [1, H], f32_data(H, 9)), ("blk.0.ssm_norm.weight", "F32", [dI // G, G], f32_data(dI, 10)),
         qt("blk.0.ssm_out.weight", [dI, D], 11),
         qt("blk.0.ffn_gate_shexp.weight", [D, S], 12), qt("blk.0.ffn_up_shexp.weight", [D, S], 13),
         qt("blk.0.ffn_down_shexp.weight", [S, D], 14), ("blk.0.ffn_gate_inp.weight", "F32", [D, E], f32_data(D * E, 15)),
         qt("blk.0.ffn_gate_exps.weight", [D, I, E], 16), qt("blk.0.ffn_up_exps.weight", [D, I, E], 17),
         qt("blk.0.ffn_down_exps.weight", [I, D, E], 18)]
    a = "granitehybrid."
    kv = [("general.architecture", T_STR, "granitehybrid"), (a + "block_count", T_U32, 1),
          (a + "embedding_length", T_U32, D), (a + "feed_forward_length", T_U32, I),
          (a + "attention.head_count", T_U32, 4), (a + "attention.head_count_kv", T_ARR, (T_U32, [0])),
          (a + "expert_count", T_U32, E), (a + "expert_used_count", T_U32, 2),
          (a + "expert_shared_feed_forward_length", T_U32, S),
          (a + "ssm.conv_kernel", T_U32, K), (a + "ssm.state_size", T_U32, N), (a + "ssm.group_count", T_U32, G),
          (a + "ssm.inner_size", T_U32, dI), (a + "ssm.time_step_rank", T_U32, H)]
    src = write_tmp("granite_moe_q8.gguf", gguf_file(kv, g))
    r = run_convert(src, "--no-tokenizer")
    if r.returncode != 0 and any(k in r.stderr for k in NOT_YET):
        raise Skip("convert.py's HF path does not take this family yet")
    check(r.returncode == 0, "convert: %s" % r.stderr.strip()[-300:])
    got = read_bin_tensors(os.path.join(TMP, "out.bin"))
    p = "backbone.layers.0."
    want = {"backbone.embeddings.weight": q["token_embd.weight"],
            p + "mixer.in_proj.weight": q["blk.0.ssm_in.weight"], p + "mixer.out_proj.weight": q["blk.0.ssm_out.weight"],
            p + "ffn.shared.gate_proj.weight": q["blk.0.ffn_gate_shexp.weight"],
            p + "ffn.shared.up_proj.weight": q["blk.0.ffn_up_shexp.weight"],
            p + "ffn.shared.down_proj.weight": q["blk.0.ffn_down_shexp.weight"],
            p + "ffn.experts.gate_proj.weight": q["blk.0.ffn_gate_exps.weight"],
            p + "ffn.experts.up_proj.weight": q["blk.0.ffn_up_exps.weight"],
            p + "ffn.experts.down_proj.weight": q["blk.0.ffn_down_exps.weight"]}
    for name, raw in want.items():
        check(name in got, "no %s in the output (%s)" % (name, sorted(got)[:6]))
        check(got[name][0] == 3 and got[name][2] == raw, "%s: not the GGUF's Q8_0 blocks" % name)
    r = run_convert(src, "--no-tokenizer", "--dtype", "f32")
    check(r.returncode == 0, "convert --dtype f32: %s" % r.stderr.strip()[-300:])
    got = read_bin_tensors(os.path.join(TMP, "out.bin"))
    conv = load_convert()
    for name, raw in want.items():
        check(got[name][0] == 0 and got[name][2] == conv.dequant_q8_0(raw), "%s: --dtype f32 is not ggml's dequantization" % name)


@test
def convert_golden_f32():
    for case in ("granite-h-tiny", "nemotron-h-tiny", "falcon-h1-tiny", "mamba1-tiny", "falcon-mamba-tiny"):
        convert_golden(case, "model-f32.gguf", "--dtype", "f32")


@test
def convert_quant_keep_types():
    for t in ("q8_0", "q4_0", "q5_1", "q4_k_m", "q6_k"):
        convert_golden("quant/granite-h-q", "model-%s.gguf" % t)


# ==========================================================================================

def main():
    return pysuite.run(TESTS, "m2gguf_test_", globals())


if __name__ == "__main__":
    sys.exit(main())
