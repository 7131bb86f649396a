#!/usr/bin/env python3
"""Write a random-weight Mamba-2 checkpoint in the Hugging Face layout.

Usage:
    python3 tools/make_random_checkpoint.py OUT_DIR [--preset 130m|370m|780m|1.3b|2.7b]
        [--d-model N] [--n-layer N] [--vocab N] [--d-state N] [--headdim N] [--ngroups N]
        [--expand N] [--d-conv N] [--chunk-size N] [--untied] [--dtype f32|bf16] [--seed N]

OUT_DIR gets config.json and model.safetensors (F32 or BF16), ready for tools/convert.py.
The presets have the exact shapes of the public state-spaces/mamba2-* models (vocabulary
50277 padded to 50288 rows, tied embeddings), which is what benchmarks need; the weights are
random but tame (small matrices, A_log = log U[1, 16], dt in [1e-3, 1e-1], unit norms and D),
so a forward pass stays finite. Standard library only; a 2.7b checkpoint is ~10 GB in f32.
"""

import argparse
import json
import math
import os
import random
import struct
import sys

PRESETS = {  # d_model, n_layer
    "130m": (768, 24), "370m": (1024, 48), "780m": (1536, 48),
    "1.3b": (2048, 48), "2.7b": (2560, 64),
}
CHUNK = 1 << 22  # random bytes generated per step, to keep memory flat


def sign_exp_tables(exponent):
    """byte translation tables that force an f32's exponent, keeping a random sign and
    mantissa: magnitudes land in [2**exponent, 2**(exponent+1))."""
    e = exponent + 127
    hi = bytes((b & 0x80) | (e >> 1) for b in range(256))
    lo = bytes(((e & 1) << 7) | (b & 0x7F) for b in range(256))
    return hi, lo


def random_f32_bytes(rng, n, exponent):
    hi, lo = sign_exp_tables(exponent)
    buf = bytearray(rng.randbytes(4 * n))
    buf[3::4] = buf[3::4].translate(hi)
    buf[2::4] = buf[2::4].translate(lo)
    return buf


def to_dtype(f32, dtype):
    if dtype == "F32":
        return bytes(f32)
    out = bytearray(len(f32) // 2)  # bf16 by truncation: fine for random data
    out[0::2] = f32[2::4]
    out[1::2] = f32[3::4]
    return bytes(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    p.add_argument("out_dir")
    p.add_argument("--preset", choices=sorted(PRESETS))
    p.add_argument("--d-model", type=int, default=64)
    p.add_argument("--n-layer", type=int, default=1)
    p.add_argument("--vocab", type=int, default=50277, help="real vocabulary (rows are padded to 16)")
    p.add_argument("--d-state", type=int, default=128)
    p.add_argument("--headdim", type=int, default=64)
    p.add_argument("--ngroups", type=int, default=1)
    p.add_argument("--expand", type=int, default=2)
    p.add_argument("--d-conv", type=int, default=4)
    p.add_argument("--chunk-size", type=int, default=256)
    p.add_argument("--untied", action="store_true", help="write a separate lm_head.weight")
    p.add_argument("--dtype", choices=("f32", "bf16"), default="f32")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.preset:
        a.d_model, a.n_layer = PRESETS[a.preset]

    D, L, N, K, G = a.d_model, a.n_layer, a.d_state, a.d_conv, a.ngroups
    d_inner = a.expand * D
    if d_inner % a.headdim or (d_inner // a.headdim) % G:
        sys.exit("make_random_checkpoint.py: error: expand*d_model must split into heads of "
                 "headdim, and the heads into ngroups")
    H = d_inner // a.headdim
    V = (a.vocab + 15) // 16 * 16
    conv_dim = d_inner + 2 * G * N
    d_in_proj = 2 * d_inner + 2 * G * N + H
    dtype = "F32" if a.dtype == "f32" else "BF16"
    isz = 4 if dtype == "F32" else 2
    rng = random.Random(a.seed)

    # (name, shape, generator) where generator(rng, n) -> f32 bytes
    def matrix(exponent):
        return lambda n: random_f32_bytes(rng, n, exponent)

    def values(fn):
        return lambda n: bytearray(struct.pack("<%df" % n, *[fn() for _ in range(n)]))

    fan = lambda n: -int(math.log2(math.sqrt(n))) - 1  # ~ 1/sqrt(fan_in) scale
    tensors = [("backbone.embeddings.weight", (V, D), matrix(-6))]
    if a.untied:
        tensors.append(("lm_head.weight", (V, D), matrix(-6)))
    tensors.append(("backbone.norm_f.weight", (D,), values(lambda: 1.0)))
    for i in range(L):
        m = "backbone.layers.%d.mixer." % i
        tensors += [
            ("backbone.layers.%d.norm.weight" % i, (D,), values(lambda: 1.0)),
            (m + "in_proj.weight", (d_in_proj, D), matrix(fan(D))),
            (m + "conv1d.weight", (conv_dim, 1, K), matrix(-2)),
            (m + "conv1d.bias", (conv_dim,), matrix(-4)),
            (m + "dt_bias", (H,), values(lambda: (lambda dt: dt + math.log(-math.expm1(-dt)))(
                math.exp(rng.uniform(math.log(1e-3), math.log(1e-1)))))),
            (m + "A_log", (H,), values(lambda: math.log(rng.uniform(1.0, 16.0)))),
            (m + "D", (H,), values(lambda: 1.0)),
            (m + "norm.weight", (d_inner,), values(lambda: 1.0)),
            (m + "out_proj.weight", (D, d_inner), matrix(fan(d_inner) - 2)),
        ]

    header, pos = {"__metadata__": {"format": "pt"}}, 0
    for name, shape, _ in tensors:
        nbytes = math.prod(shape) * isz
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [pos, pos + nbytes]}
        pos += nbytes
    hjson = json.dumps(header, separators=(",", ":")).encode()
    hjson += b" " * (-len(hjson) % 8)

    os.makedirs(a.out_dir, exist_ok=True)
    config = {
        "architectures": ["Mamba2ForCausalLM"], "model_type": "mamba2",
        "hidden_size": D, "num_hidden_layers": L, "vocab_size": V, "state_size": N,
        "conv_kernel": K, "expand": a.expand, "head_dim": a.headdim, "num_heads": H,
        "n_groups": G, "chunk_size": a.chunk_size, "layer_norm_epsilon": 1e-5,
        "time_step_limit": [0.0, float("inf")], "norm_before_gate": False, "rms_norm": True,
        "use_bias": False, "use_conv_bias": True, "tie_word_embeddings": not a.untied,
        "bos_token_id": 0, "eos_token_id": 0, "pad_token_id": 0, "hidden_act": "silu",
        "torch_dtype": "float32" if dtype == "F32" else "bfloat16",
    }
    with open(os.path.join(a.out_dir, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)  # writes Infinity, as HF does
    with open(os.path.join(a.out_dir, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(hjson)) + hjson)
        for name, shape, gen in tensors:
            left = math.prod(shape)
            while left:
                n = min(left, CHUNK)
                f.write(to_dtype(gen(n), dtype))
                left -= n
    print("wrote %s: d_model %d, %d layers, %d vocab rows, %.1f MB"
          % (a.out_dir, D, L, V, (8 + len(hjson) + pos) / 1e6))


if __name__ == "__main__":
    main()
