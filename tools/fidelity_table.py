#!/usr/bin/env python3
"""Regenerate README.md's fidelity tables: what each weight type costs, measured with the converter
and the example programs (standard library only).

    make example_logits example_generate example_perplexity
    python3 tools/fidelity_table.py [--shared ../shared] [--only golden,quant,perplexity]

golden      Every golden case's f32 checkpoint (hf/, or gguf/model-f32.gguf for quant/granite-h-q)
            converted with `tools/convert.py --dtype T` for every T, against the case's f32
            references: max |logit - f32 logit| over the prompt by prefill (`example_logits --mode
            prefill`) and by step (`--mode step`), and how many of the reference's 24 greedy ids
            `example_generate --temp 0 --ignore-eos` reproduces before the first that differs.
            Default session options (the activation rounding of "Precision"). A type the
            converter refuses for a case is marked; a last table counts the types it wrote where
            some matrix is not of the type asked for (a block that does not divide the rows falls
            back).
quant       quant/granite-h-q's llama-quantize'd GGUF files converted without --dtype (bit for bit)
            against their own references (ref/<type>/: the exactly dequantized weights), with
            default options and with --f32-activations, beside llama.cpp's deviation on the same
            files (meta.json); and whether `--dtype T` of model-f32.gguf wrote the same blocks.
perplexity  models/fable-3m.bin re-typed (`tools/convert.py models/fable-3m.bin OUT --dtype T`)
            on its validation text (tools/prepare_data.py, from SHARED/data/corpus), against f32.

Markdown on stdout, progress on stderr. One thread per program (the numbers do not depend on it).
"""

import argparse
import array
import json
import os
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONVERT = os.path.join(ROOT, "tools", "convert.py")

TYPES = ["f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1", "q4_k", "q5_k", "q6_k", "q4_k_m", "q5_k_m"]
# (column name, golden case directory, source of the f32 weights within it)
CASES = [("tiny", "tiny", "hf"), ("groups", "groups", "hf"), ("granite-h-tiny", "granite-h-tiny", "hf"),
         ("nemotron-h-tiny", "nemotron-h-tiny", "hf"), ("falcon-h1-tiny", "falcon-h1-tiny", "hf"),
         ("mamba1-tiny", "mamba1-tiny", "hf"), ("falcon-mamba-tiny", "falcon-mamba-tiny", "hf"),
         ("granite-h-q", "quant/granite-h-q", "gguf/model-f32.gguf")]
# the matrix types a conversion to T writes when every row length allows T's block: the output
# matrix is Q6_K for the 4-/5-bit types and mixes, as llama-quantize does (tools/quant_mix.py)
NOMINAL = {"f16": {"F16"}, "bf16": {"BF16"}, "q8_0": {"Q8_0"}, "q4_0": {"Q4_0", "Q6_K"},
           "q4_1": {"Q4_1", "Q6_K"}, "q5_0": {"Q5_0", "Q6_K"}, "q5_1": {"Q5_1", "Q6_K"},
           "q4_k": {"Q4_K", "Q6_K"}, "q5_k": {"Q5_K", "Q6_K"}, "q6_k": {"Q6_K"},
           "q4_k_m": {"Q4_K", "Q6_K"}, "q5_k_m": {"Q5_K", "Q6_K"}}
DTYPE_NAMES = ["F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K"]
HEADER = struct.Struct("<8sII6QII")  # magic, version, header_size, file_size, dir_offset, dir_size,
#                                      tok_offset, tok_size, data_offset, n_tensors, flags


def log(msg):
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def run(cmd, what):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (what, r.returncode, r.stderr.decode("utf-8", "replace").strip()))
    return r.stdout.decode("utf-8", "replace")


def read_le(path, code):
    """A file of little-endian float32 ("f") or int32 ("i") values."""
    a = array.array(code)
    with open(path, "rb") as f:
        a.frombytes(f.read())
    if sys.byteorder != "little":
        a.byteswap()
    return a


def read_f32(path):
    return read_le(path, "f")


def read_i32(path):
    return list(read_le(path, "i"))


def max_abs_diff(a, b, n=None):
    n = len(b) if n is None else n
    if len(a) < n or len(b) < n:
        raise RuntimeError("logits have %d and %d values, expected %d" % (len(a), len(b), n))
    return max(abs(a[i] - b[i]) for i in range(n))


def leading_agreement(ours, ref):
    n = 0
    for x, y in zip(ours, ref):
        if x != y:
            break
        n += 1
    return n


def tensors(path):
    """{name: (dtype name, dims, offset, nbytes)} from a model file's directory (README, File format)."""
    with open(path, "rb") as f:
        h = HEADER.unpack(f.read(HEADER.size))
        if h[0] != b"MAMBA2BN":
            raise RuntimeError("%s is not a mamba2.h model file" % path)
        dir_offset, dir_size, n_tensors = h[4], h[5], h[9]
        f.seek(dir_offset)
        d = f.read(dir_size)
    out, p = {}, 0
    for _ in range(n_tensors):
        (n,) = struct.unpack_from("<I", d, p)
        name = d[p + 4:p + 4 + n].decode("utf-8")
        p += 4 + n
        code, ndim = struct.unpack_from("<II", d, p)
        dims = struct.unpack_from("<%dQ" % ndim, d, p + 8)
        off, nbytes = struct.unpack_from("<QQ", d, p + 8 + 8 * ndim)
        p += 8 + 8 * ndim + 16
        out[name] = (DTYPE_NAMES[code], dims, off, nbytes)
    return out


def matrix_types(path):
    """{dtype: count} over the matrices (every 2-/3-D *.weight but conv1d)."""
    counts = {}
    for name, (dt, dims, _, _) in tensors(path).items():
        if name.endswith(".weight") and len(dims) >= 2 and "conv1d" not in name:
            counts[dt] = counts.get(dt, 0) + 1
    return counts


def same_blocks(a, b):
    """Names of the tensors whose type or bytes differ between two model files (None: all agree)."""
    ta, tb = tensors(a), tensors(b)
    if set(ta) != set(tb):
        return sorted(set(ta) ^ set(tb))
    diff = []
    with open(a, "rb") as fa, open(b, "rb") as fb:
        for name, (dt, dims, off, nbytes) in ta.items():
            dt2, dims2, off2, nbytes2 = tb[name]
            fa.seek(off)
            fb.seek(off2)
            if (dt, dims, nbytes) != (dt2, dims2, nbytes2) or fa.read(nbytes) != fb.read(nbytes2):
                diff.append(name)
    return diff or None


class Tools:
    def __init__(self, args, tmp):
        self.bin, self.threads, self.tmp = args.bin, str(args.threads), tmp

    def exe(self, name):
        return os.path.join(self.bin, name)

    def convert(self, src, out, dtype):
        cmd = [sys.executable, CONVERT, src, out, "-q"] + (["--dtype", dtype] if dtype else [])
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        err = r.stderr.decode("utf-8", "replace").strip()
        return (None if r.returncode == 0 else (err.splitlines() or ["failed"])[-1])

    def logits(self, model, ids, mode, f32_act=False):
        out = os.path.join(self.tmp, "logits.f32")
        run([self.exe("example_logits"), model, "--ids", ",".join(map(str, ids)), "--out", out, "--mode", mode,
             "--threads", self.threads] + (["--f32-activations"] if f32_act else []), "example_logits")
        return read_f32(out)

    def greedy(self, model, ids, n, f32_act=False):
        text = run([self.exe("example_generate"), model, "--ids", ",".join(map(str, ids)), "-n", str(n), "--temp", "0",
                    "--ignore-eos", "--print-ids", "--threads", self.threads] + (["--f32-activations"] if f32_act else []),
                   "example_generate")
        return [int(x) for x in text.split()]


class Ref:
    """A golden reference: prompt, logits [T, V], greedy ids [G] and their logits [G, V]."""

    def __init__(self, case_dir, sub=""):
        self.ids = read_i32(os.path.join(case_dir, "input_ids.i32"))
        self.logits = read_f32(os.path.join(case_dir, sub, "logits.f32"))
        self.greedy = read_i32(os.path.join(case_dir, sub, "greedy.i32"))
        self.greedy_logits = read_f32(os.path.join(case_dir, sub, "greedy_logits.f32"))
        self.V = len(self.logits) // len(self.ids)


def measure(tools, model, ref, f32_act=False):
    """prefill and step max |dlogit| over the prompt, the same over the reference's greedy path fed
    by step (teacher-forced), and our own greedy ids' agreement with the reference's."""
    T, V = len(ref.ids), ref.V
    pre = tools.logits(model, ref.ids, "prefill", f32_act)
    step = tools.logits(model, ref.ids + ref.greedy, "step", f32_act)
    if len(pre) != T * V or len(step) != (T + len(ref.greedy)) * V:
        raise RuntimeError("%s: %d logits per row, the reference has %d" % (model, len(pre) // T, V))
    d_step = max_abs_diff(step, ref.logits, T * V)
    forced = max_abs_diff(step[T * V:], ref.greedy_logits)
    ids = tools.greedy(model, ref.ids, len(ref.greedy), f32_act)
    return {"prefill": max_abs_diff(pre, ref.logits), "step": d_step, "forced": forced,
            "agree": leading_agreement(ids, ref.greedy), "n": len(ref.greedy)}


def rms(values):
    return (sum(float(v) * v for v in values) / len(values)) ** 0.5


def golden_part(args, tools, tmp):
    results, notes = {}, []
    refs = {}
    for col, case, src in CASES:
        case_dir = os.path.join(args.shared, "golden", case)
        refs[col] = Ref(case_dir)
        for t in args.types:
            out = os.path.join(tmp, "%s-%s.bin" % (col, t))
            log("golden: %s --dtype %s" % (col, t))
            err = tools.convert(os.path.join(case_dir, src), out, t)
            if err:
                results[col, t] = {"refused": err.replace("convert.py: error: ", "")}
                continue
            r = measure(tools, out, refs[col])
            r["types"] = matrix_types(out)
            results[col, t] = r
            os.remove(out)
    lines = ["| type | " + " | ".join(col for col, _, _ in CASES) + " |",
             "|---|" + "---|" * len(CASES),
             "| logit RMS | " + " | ".join("%.2f" % rms(refs[col].logits) for col, _, _ in CASES) + " |"]
    refusals = {}  # refusal message -> its footnote number
    for t in args.types:
        cells = []
        for col, _, _ in CASES:
            r = results[col, t]
            if "refused" in r:
                cells.append("refused ⁽%d⁾" % refusals.setdefault(r["refused"], len(refusals) + 1))
            else:
                cells.append("%.1e / %.1e, %d" % (r["prefill"], r["step"], r["agree"]))
        lines.append("| %s | %s |" % (t, " | ".join(cells)))
    lines.append("")
    for text, sym in sorted(refusals.items(), key=lambda kv: kv[1]):
        lines.append("⁽%d⁾ the converter refuses: \"%s\"" % (sym, text))
    lines.append("")

    def table(title, cell):
        lines.extend([title, "", "| type | " + " | ".join(col for col, _, _ in CASES) + " |",
                      "|---|" + "---|" * len(CASES)])
        for t in args.types:
            lines.append("| %s | %s |" % (t, " | ".join(
                cell(t, results[col, t]) if "refused" not in results[col, t] else "-" for col, _, _ in CASES)))
        lines.append("")

    table("Teacher-forced greedy path by step (max |Δlogit| over the reference's 24 greedy rows):",
          lambda t, r: "%.1e" % r["forced"])
    # the types as written, where some matrix is not of the requested type (a fallback)
    table("Matrices as written (count per type) where a block did not divide the rows; · = all of the type asked for (the output matrix Q6_K):",
          lambda t, r: "·" if not set(r["types"]) - NOMINAL[t] else ", ".join(
              "%s %d" % (dt, r["types"][dt]) for dt in sorted(r["types"], key=DTYPE_NAMES.index)))
    return "\n".join(lines) + "\n"


def quant_part(args, tools, tmp):
    case_dir = os.path.join(args.shared, "golden", "quant", "granite-h-q")
    with open(os.path.join(case_dir, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    f32_ref = Ref(case_dir)
    lines = ["| file | ours default: prefill / step / greedy path, ids | ours --f32-activations: prefill / step / greedy path, ids "
             "| llama.cpp: prompt / step / greedy path, own greedy ids | ref vs f32 ref (quantization error) | ours --dtype T of model-f32.gguf = these blocks |",
             "|---|---|---|---|---|---|"]
    for T, info in meta["types"].items():
        if T == "F32":
            continue
        t = T.lower()
        log("quant: %s" % t)
        ref = Ref(case_dir, info["ref_dir"])
        kept = os.path.join(tmp, "kept-%s.bin" % t)
        err = tools.convert(os.path.join(case_dir, info["gguf"]), kept, None)
        if err:
            lines.append("| %s | conversion failed: %s | | | | |" % (os.path.basename(info["gguf"]), err))
            continue
        d = measure(tools, kept, ref)
        e = measure(tools, kept, ref, f32_act=True)
        ll = info["llama_cpp"]
        ll_ids = leading_agreement(ll["own_argmax"], ref.greedy)
        same = "(not a --dtype)"
        if t in args.types:
            ours = os.path.join(tmp, "ours-%s.bin" % t)
            err = tools.convert(os.path.join(case_dir, "gguf", "model-f32.gguf"), ours, t)
            diff = "refused: %s" % err if err else same_blocks(ours, kept)
            same = "yes" if diff is None else ("no: %s" % ", ".join(diff) if isinstance(diff, list) else diff)
            if os.path.exists(ours):
                os.remove(ours)
        os.remove(kept)
        vs = info["vs_f32_reference"]
        lines.append("| %s | %.1e / %.1e / %.1e, %d/%d | %.1e / %.1e / %.1e, %d/%d | %.1e / %.1e / %.1e, %d/%d | %.2f | %s |" % (
            os.path.basename(info["gguf"]), d["prefill"], d["step"], d["forced"], d["agree"], d["n"],
            e["prefill"], e["step"], e["forced"], e["agree"], e["n"],
            ll["prompt_logits_max_abs_diff"], ll["stepwise_prompt_logits_max_abs_diff"],
            ll["greedy_logits_teacher_forced_max_abs_diff"], ll_ids, len(ref.greedy),
            vs["prompt_logits_max_abs"], same))
    lines.append("")
    lines.append("tolerance with f32 activations (meta.json, per type): %s" % ", ".join(
        "%s %.1e" % (T, info["suggested_tolerance_f32_activations"]["strict_logits_max_abs"])
        for T, info in meta["types"].items() if T != "F32"))
    del f32_ref
    return "\n".join(lines) + "\n"


def perplexity(tools, model, text):
    out = run([tools.exe("example_perplexity"), model, text, "--threads", tools.threads], "example_perplexity")
    last = out.strip().splitlines()[-1]
    fields = dict(kv.split("=") for kv in last.split())
    return int(fields["tokens"]), float(fields["nll"]), float(fields["ppl"])


def perplexity_part(args, tools, tmp):
    model = os.path.relpath(os.path.join(ROOT, "models", "fable-3m.bin"))
    # re-typed from the model file itself: its f32 checkpoint (train_out/run/hf) is not in the
    # repository. Tried first, so that a converter that cannot read model files costs nothing.
    retyped = {}
    for t in args.types:
        out = os.path.join(tmp, "fable-%s.bin" % t)
        log("perplexity: --dtype %s" % t)
        err = tools.convert(model, out, t)
        if err:
            return ("%s cannot be re-typed: `tools/convert.py %s OUT.bin --dtype %s` says \"%s\"\n"
                    % (model, model, t, err.replace("convert.py: error: ", "")))
        retyped[t] = out
    data = os.path.join(tmp, "data")
    log("perplexity: tools/prepare_data.py (about a minute)")
    run([sys.executable, os.path.join(ROOT, "tools", "prepare_data.py"), "--corpus",
         os.path.join(args.shared, "data", "corpus"), "--out", data], "prepare_data.py")
    texts = [(name, os.path.join(data, name)) for name in ("val_tinystories.txt", "val_books.txt")]
    base = [perplexity(tools, model, path) for _, path in texts]
    lines = ["| type | bytes | " + " | ".join("%s ppl (Δnll)" % name for name, _ in texts) + " |",
             "|---|---|" + "---|" * len(texts),
             "| f32 | %d | %s |" % (os.path.getsize(model), " | ".join("%.4f" % b[2] for b in base))]
    for t, out in retyped.items():
        cells = []
        for (name, path), b in zip(texts, base):
            n, nll, ppl = perplexity(tools, out, path)
            if n != b[0]:
                raise RuntimeError("%s: %d tokens, f32 %d" % (out, n, b[0]))
            cells.append("%.4f (%+.4f)" % (ppl, nll - b[1]))
        lines.append("| %s | %d | %s |" % (t, os.path.getsize(out), " | ".join(cells)))
        os.remove(out)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.environ.get("M2_SHARED_DIR") or os.path.join(ROOT, "..", "shared"),
                    help="the reference data (golden/, data/corpus/); default ../shared or M2_SHARED_DIR")
    ap.add_argument("--bin", default=ROOT, help="where example_logits, example_generate and example_perplexity are")
    ap.add_argument("--only", default="golden,quant,perplexity", help="parts to run (comma-separated)")
    ap.add_argument("--types", default=",".join(TYPES), help="weight types (comma-separated)")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    args.types = args.types.split(",")
    for t in args.types:
        if t not in NOMINAL:
            ap.error("unknown type %s" % t)
    parts = {"golden": golden_part, "quant": quant_part, "perplexity": perplexity_part}
    only = args.only.split(",")
    for p in only:
        if p not in parts:
            ap.error("unknown part %s" % p)
    with tempfile.TemporaryDirectory(prefix="m2fidelity.") as tmp:
        tools = Tools(args, tmp)
        for p in ("golden", "quant", "perplexity"):
            if p in only:
                print("## %s\n" % p)
                print(parts[p](args, tools, tmp))
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
