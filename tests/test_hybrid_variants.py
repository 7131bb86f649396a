#!/usr/bin/env python3
"""Hybrid model variants (Granite 4.0-H, Nemotron-H, Falcon-H1) against an independent reference.

Run from the repository root, after `make` (needs example_logits and example_generate):

    python3 tests/test_hybrid_variants.py [-v] [--keep DIR] [--sensitivity] [NAME_SUBSTRING ...]

For every variant of tools/make_hybrid_checkpoint.py (MoE of each family, RoPE, untied heads,
other layer patterns, G > 1, head_dim != hidden/heads, Falcon-H1's gated norm both ways, tied
embeddings with multipliers, biases): write the random HF checkpoint in a temporary directory,
convert it with tools/convert.py (f32), run example_logits (prefill and step) and
example_generate (24 greedy tokens) on it, and compare with tools/hybrid_reference.py, a
float64 forward pass written from the semantics documents: max |logit difference| over every
prompt position <= 1e-4 and greedy ids exactly equal. The checkpoints keep every router
decision and greedy argmax at least 1e-3 away from a tie, so exact ids are a fair demand.

The reference itself is first held to the three public golden cases ($M2_SHARED_DIR, else
../shared next to the repository; skipped when absent), so that a disagreement points at the
library, not at the reference.

--sensitivity runs, instead, a check of the variants themselves (the reference only): switching
off what a variant is there for (the correction bias, norm_topk_prob, RoPE, a bias, the gated
norm's placement, ...) must move its logits by at least 100x the tolerance. --keep DIR keeps
each variant's checkpoint, model file, logits and reference output.

The last line is "N passed, N failed, N skipped"; the exit status is 1 if anything failed.
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import hybrid_reference  # noqa: E402
import make_hybrid_checkpoint  # noqa: E402

SHARED = os.environ.get("M2_SHARED_DIR") or os.path.join(os.path.dirname(ROOT), "shared")
PYTHON = os.environ.get("PYTHON") or sys.executable or "python3"
TOL = 1e-4          # float32 library vs float64 reference, logits O(1..10)
GOLDEN_TOL = 2e-6   # float64 reference vs float64 goldens stored as float32
N_GREEDY = 24
VERBOSE = False
KEEP = None
SENSITIVITY_RUN = False


class Skip(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def read_f32(path):
    with open(path, "rb") as f:
        raw = f.read()
    return struct.unpack("<%df" % (len(raw) // 4), raw)


def read_i32(path):
    with open(path, "rb") as f:
        raw = f.read()
    return list(struct.unpack("<%di" % (len(raw) // 4), raw))


def max_diff(flat, rows):
    ref = [v for row in rows for v in row]
    check(len(flat) == len(ref), "logits: %d values, reference has %d" % (len(flat), len(ref)))
    return max(abs(a - b) for a, b in zip(flat, ref))


def run(cmd):
    p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise AssertionError("%s exited with %d:\n%s%s" % (" ".join(cmd), p.returncode, p.stdout[-2000:],
                                                          p.stderr[-2000:]))
    return p.stdout


def binaries():
    ex = [os.path.join(ROOT, b) for b in ("example_logits", "example_generate")]
    if not all(os.access(b, os.X_OK) for b in ex):
        raise Skip("example_logits / example_generate not built (run make)")
    return ex


# ------------------------------------------------------------------ the reference vs the goldens


def golden_case(case):
    d = os.path.join(SHARED, "golden", case)
    if not os.path.isdir(os.path.join(d, "hf")):
        raise Skip("no %s (shared golden data absent)" % d)
    ids = read_i32(os.path.join(d, "input_ids.i32"))
    r = hybrid_reference.run(os.path.join(d, "hf"), ids, N_GREEDY)
    dp = max_diff(read_f32(os.path.join(d, "logits.f32")), r["logits"])
    dg = max_diff(read_f32(os.path.join(d, "greedy_logits.f32"))[:len(r["greedy_logits"]) * len(r["logits"][0])],
                  r["greedy_logits"])
    greedy = read_i32(os.path.join(d, "greedy.i32"))
    check(greedy == r["greedy"], "greedy ids differ: reference %s, golden %s" % (r["greedy"], greedy))
    check(dp <= GOLDEN_TOL and dg <= GOLDEN_TOL,
          "reference vs golden: prompt logits %.3g, greedy logits %.3g (> %.0e)" % (dp, dg, GOLDEN_TOL))
    return "reference vs golden logits: prompt %.2e, greedy %.2e; greedy ids equal" % (dp, dg)


# ------------------------------------------------------------------ the library vs the reference


def variant_case(name, dtype="f32"):
    logits_bin, generate_bin = binaries()
    tmp = tempfile.mkdtemp(prefix="m2_hybrid_")
    try:
        ck = os.path.join(tmp, "hf")
        ids, ref = make_hybrid_checkpoint.make(name, ck, dtype=dtype, n_greedy=N_GREEDY)
        model = os.path.join(tmp, "model.bin")
        run([PYTHON, os.path.join(ROOT, "tools", "convert.py"), ck, model, "--dtype", "f32", "-q"])
        id_arg = ",".join(map(str, ids))
        diffs = {}
        for mode in ("prefill", "step"):
            out = os.path.join(tmp, "logits_%s.f32" % mode)
            run([logits_bin, model, "--ids", id_arg, "--out", out, "--mode", mode])
            diffs[mode] = max_diff(read_f32(out), ref["logits"])
        text = run([generate_bin, model, "--ids", id_arg, "-n", str(N_GREEDY), "--temp", "0",
                    "--ignore-eos", "--print-ids"])
        greedy = [int(t) for t in text.split()]
        if KEEP:
            dst = os.path.join(KEEP, name + ("" if dtype == "f32" else "-" + dtype))
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(tmp, dst)
            with open(os.path.join(dst, "ids.txt"), "w") as f:
                f.write(id_arg + "\n")
            with open(os.path.join(dst, "reference_greedy.txt"), "w") as f:
                f.write(" ".join(map(str, ref["greedy"])) + "\n")
            hybrid_reference.write_logits(os.path.join(dst, "reference_logits.f32"), ref["logits"])
        summary = ("max |logit diff| prefill %.2e, step %.2e; router margin %.2g, argmax margin %.2g"
                   % (diffs["prefill"], diffs["step"], ref["router_margin"], ref["greedy_argmax_margin"]))
        bad = [m for m in diffs if not diffs[m] <= TOL]
        check(not bad, "%s: logits differ beyond %.0e (%s)" % (name, TOL, summary))
        first = next((i for i, (a, b) in enumerate(zip(greedy, ref["greedy"])) if a != b), None)
        check(greedy == ref["greedy"],
              "%s: greedy ids differ from position %s:\n  library   %s\n  reference %s (%s)"
              % (name, first, " ".join(map(str, greedy)), " ".join(map(str, ref["greedy"])), summary))
        return summary + "; greedy ids equal"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ------------------------------------------------------------------ sensitivity (--sensitivity)
# What each variant is there for must move its logits far beyond TOL, or a library that ignored
# it would pass. Each entry: label, config overrides, tensor-name suffixes dropped, zeroed.

SENSITIVITY = {
    "granite-moe": [("no routed experts (shared MLP only)", {"num_local_experts": 0}, (), ()),
                    ("top-3 instead of top-2", {"num_experts_per_tok": 3}, (), ())],
    "granite-moe-k3": [("top-2 instead of top-3", {"num_experts_per_tok": 2}, (), ())],
    "granite-rope": [("no RoPE", {"position_embedding_type": "nope"}, (), ()),
                     ("RoPE theta 1e6", {"rope_theta": 1e6}, (), ())],
    "granite-dense-g3": [("attention scale 1/sqrt(head_dim)", {"attention_multiplier": 0.25}, (), ())],
    "granite-bias": [("no attention biases", {}, ("_proj.bias",), ()),
                     ("no mamba in/out_proj biases", {}, ("in_proj.bias", "out_proj.bias"), ())],
    "nemotron-moe": [("no correction bias", {}, (), ("e_score_correction_bias",)),
                     ("norm_topk_prob false", {"norm_topk_prob": False}, (), ()),
                     ("routed_scaling_factor 1", {"routed_scaling_factor": 1.0}, (), ()),
                     ("no group limit (n_group 1)", {"n_group": 1, "topk_group": 1}, (), ())],
    "nemotron-moe-nonorm": [("norm_topk_prob true", {"norm_topk_prob": True}, (), ()),
                            ("no correction bias", {}, (), ("e_score_correction_bias",))],
    "nemotron-bias": [("no MLP biases", {}, ("up_proj.bias", "down_proj.bias"), ()),
                      ("no mamba in/out_proj biases", {}, ("in_proj.bias", "out_proj.bias"), ())],
    "falcon-h1-gated": [("norm after the gate", {"mamba_norm_before_gate": False}, (), ()),
                        ("no gated norm", {"mamba_rms_norm": False}, (), ())],
    "falcon-h1-gated-after": [("norm before the gate", {"mamba_norm_before_gate": True}, (), ())],
    "falcon-h1-tied": [("embedding_multiplier 1", {"embedding_multiplier": 1.0}, (), ()),
                       ("lm_head_multiplier 1", {"lm_head_multiplier": 1.0}, (), ())],
    "falcon-h1-bias": [("no attention biases", {}, ("q_proj.bias", "k_proj.bias", "v_proj.bias", "o_proj.bias"), ()),
                       ("no MLP biases", {}, ("gate_proj.bias", "up_proj.bias", "down_proj.bias"), ()),
                       ("no mamba in_proj bias", {}, ("in_proj.bias",), ()),
                       ("no mamba out_proj bias", {}, ("out_proj.bias",), ())],
    "granite-aliases": [("top-2 instead of top-1", {"num_experts_per_tok": 2}, (), ())],
    "nemotron-moe-groups": [("no group limit (topk_group = n_group)", {"topk_group": 4}, (), ()),
                            ("one group kept", {"topk_group": 1}, (), ())],
    "nemotron-meme": [("routed_scaling_factor 1", {"routed_scaling_factor": 1.0}, (), ())],
    "nemotron-aliases": [("no dt clamp", {"time_step_limit": [0.0, float("inf")]}, (), ())],
    "falcon-h1-aliases": [("no dt clamp", {"time_step_limit": [0.0, float("inf")]}, (), ()),
                          ("rope theta 1e5 (rope_parameters ignored)", {"rope_parameters": None}, (), ())],
    "falcon-h1-inbias": [("no mamba in_proj bias", {}, ("in_proj.bias",), ())],
    "falcon-h1-outbias": [("no mamba out_proj bias", {}, ("out_proj.bias",), ())],
}


def sensitivity_case(name):
    tmp = tempfile.mkdtemp(prefix="m2_hybrid_")
    try:
        ck = os.path.join(tmp, "hf")
        ids, ref = make_hybrid_checkpoint.make(name, ck, n_greedy=1)
        cfg, tensors = hybrid_reference.read_checkpoint(ck)
        notes = []
        for label, over, drop, zero in SENSITIVITY[name]:
            c = dict(cfg, **over)
            t = {}
            for k, (shape, flat) in tensors.items():
                if any(k.endswith(d) for d in drop):
                    continue
                t[k] = (shape, [0.0] * len(flat) if any(k.endswith(z) for z in zero) else flat)
            r = hybrid_reference.run_model(c, t, ids, 1)
            d = max_diff([v for row in r["logits"] for v in row], ref["logits"])
            notes.append("%s %.3g" % (label, d))
            check(d >= 100 * TOL, "%s: '%s' moves the logits by only %.3g" % (name, label, d))
        return "; ".join(notes)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def all_tests():
    tests = [("reference.golden_" + c, (lambda c=c: golden_case(c)))
             for c in ("granite-h-tiny", "nemotron-h-tiny", "falcon-h1-tiny")]
    tests += [("variant." + v, (lambda v=v: variant_case(v))) for v in make_hybrid_checkpoint.VARIANTS]
    tests.append(("variant.granite-moe-k3-bf16", lambda: variant_case("granite-moe-k3", "bf16")))
    if SENSITIVITY_RUN:
        tests = [("sensitivity." + v, (lambda v=v: sensitivity_case(v))) for v in SENSITIVITY]
    return tests


def main():
    global VERBOSE, KEEP, SENSITIVITY_RUN
    args = sys.argv[1:]
    if "--sensitivity" in args:
        SENSITIVITY_RUN = True
        args.remove("--sensitivity")
    if "-v" in args:
        VERBOSE = True
        args.remove("-v")
    if "--keep" in args:
        i = args.index("--keep")
        KEEP = os.path.abspath(args[i + 1])
        os.makedirs(KEEP, exist_ok=True)
        del args[i:i + 2]
    passed = failed = skipped = 0
    for name, fn in all_tests():
        if args and not any(a in name for a in args):
            continue
        t0 = time.time()
        try:
            note = fn()
            passed += 1
            print("PASS %s (%.1fs): %s" % (name, time.time() - t0, note), flush=True)
        except Skip as e:
            skipped += 1
            print("SKIP %s: %s" % (name, e), flush=True)
        except Exception as e:  # noqa: BLE001 - a test's failure of any kind is reported, not raised
            failed += 1
            print("FAIL %s (%.1fs): %s" % (name, time.time() - t0, e), flush=True)
            if VERBOSE:
                import traceback
                traceback.print_exc()
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
