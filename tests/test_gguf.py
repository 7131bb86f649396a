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
import shutil
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERT = os.path.join(ROOT, "tools", "convert.py")
SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import gguf  # noqa: E402

VERBOSE = False
TMP = None
TESTS = []


class Skip(Exception):
    pass


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
    check(not any("multiplier" in k for k in ck.config), "no multiplier keys")


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


# ==========================================================================================

def main():
    global TMP, VERBOSE
    args = sys.argv[1:]
    if "-v" in args:
        VERBOSE = True
        args.remove("-v")
    selected = [t for t in TESTS if not args or any(a in t.__name__ for a in args)]
    TMP = tempfile.mkdtemp(prefix="m2gguf_test_")
    passed = failed = skipped = 0
    start = time.time()
    try:
        for t in selected:
            t0 = time.time()
            try:
                t()
            except Skip as e:
                skipped += 1
                print("SKIP %s: %s" % (t.__name__, e))
            except AssertionError as e:
                failed += 1
                print("FAIL %s: %s" % (t.__name__, " ".join(str(e).split())))
            except Exception as e:
                failed += 1
                print("FAIL %s: unexpected %s: %s" % (t.__name__, type(e).__name__, " ".join(str(e).split())))
            else:
                passed += 1
                if VERBOSE:
                    print("ok   %s (%.1fs)" % (t.__name__, time.time() - t0))
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    if VERBOSE:
        print("(%.1fs, %s)" % (time.time() - start, sys.executable))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
