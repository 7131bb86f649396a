#!/usr/bin/env python3
"""Write a small random HF checkpoint of a hybrid Mamba-2 family variant, seeded.

Usage:
    python3 tools/make_hybrid_checkpoint.py VARIANT OUT_DIR [--seed N] [--dtype f32|bf16]
    python3 tools/make_hybrid_checkpoint.py --list

OUT_DIR gets config.json (the family's real key names) and model.safetensors (the family's
real tensor names and layouts, as the released checkpoints store them). The variants cover
what the released models use and the public golden cases do not: MoE in each family (Granite:
softmax over the top-k plus the shared MLP; Nemotron: sigmoid router with correction bias,
group-limited top-k, optional renormalisation, routed scaling factor, shared expert), RoPE
and untied heads in Granite, other layer patterns, G > 1, head_dim != hidden/heads, Falcon-H1
with the gated norm on (both norm_before_gate values) and with tied embeddings, and biases
wherever a family has them.

Weights are scaled like the golden cases (norm weights and D in U[0.5, 1.5], dt_bias =
softplus^-1 of logU[1e-3, 1e-1], A_log = log U[1, 16], linear layers uniform in
+-gain/sqrt(fan_in)) so that logits are O(1) and every part of the model moves them. After
writing, the checkpoint is run through tools/hybrid_reference.py on the variant's prompt
(plus a 24-token greedy continuation): when a router's k-th/(k+1)-th score gap (or a group
choice) or a greedy argmax gap is below 1e-3 the weights are drawn again, so that every
discrete decision is unambiguous in float32. The prompt is printed (and returned by make()).
Standard library only.
"""

import argparse
import json
import math
import os
import random
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hybrid_reference  # noqa: E402

MIN_MARGIN = 1e-3
DROP = object()  # a variant's override that removes the key (the family default applies)
N_GREEDY = 24

# ------------------------------------------------------------------ variants
# Each: family, config overrides on the family's base config, prompt length, seed.

VARIANTS = {
    # Granite 4.0-H
    "granite-moe": ("granitemoehybrid", dict(
        layer_types=["mamba", "attention", "mamba", "mamba"], num_local_experts=6,
        num_experts_per_tok=2, intermediate_size=40, shared_intermediate_size=56), 136, 106),
    "granite-moe-k3": ("granitemoehybrid", dict(
        layer_types=["attention", "mamba", "mamba"], num_local_experts=8,
        num_experts_per_tok=3, intermediate_size=24, shared_intermediate_size=48,
        mamba_n_groups=2), 36, 102),
    "granite-rope": ("granitemoehybrid", dict(
        layer_types=["mamba", "attention", "attention", "mamba", "attention"],
        position_embedding_type="rope", rope_theta=10000.0, tie_word_embeddings=False,
        num_key_value_heads=1), 40, 103),
    "granite-dense-g3": ("granitemoehybrid", dict(
        hidden_size=48, layer_types=["mamba", "mamba", "attention", "mamba", "attention"],
        num_attention_heads=3, num_key_value_heads=3, mamba_n_heads=6, mamba_d_head=16,
        mamba_n_groups=3, mamba_d_state=8, mamba_chunk_size=8), 40, 104),
    "granite-aliases": ("granitemoehybrid", dict(
        layer_types=DROP, layers_block_type=["mamba", "attention", "mamba"], mamba_d_head="auto",
        rms_norm_eps=DROP, mamba_conv_bias=DROP, num_local_experts=4, num_experts_per_tok=1,
        intermediate_size=32), 36, 107),
    "granite-attn-only": ("granitemoehybrid", dict(
        layer_types=["attention", "attention"], vocab_size=250), 30, 401),
    "granite-bias": ("granitemoehybrid", dict(
        layer_types=["attention", "mamba", "attention", "mamba"], attention_bias=True,
        mamba_proj_bias=True, position_embedding_type="rope", tie_word_embeddings=False), 36, 105),
    # Nemotron-H
    "nemotron-moe": ("nemotron_h", dict(
        hybrid_override_pattern="ME*EM-E", n_routed_experts=8, num_experts_per_tok=2,
        moe_intermediate_size=32, moe_shared_expert_intermediate_size=48, n_group=2,
        topk_group=1, norm_topk_prob=True, routed_scaling_factor=2.5, head_dim=24), 40, 201),
    "nemotron-moe-nonorm": ("nemotron_h", dict(
        hybrid_override_pattern="EM*E", n_routed_experts=6, num_experts_per_tok=3,
        moe_intermediate_size=24, moe_shared_expert_intermediate_size=40, n_group=1,
        topk_group=1, norm_topk_prob=False, routed_scaling_factor=1.5), 40, 202),
    "nemotron-pattern": ("nemotron_h", dict(
        hybrid_override_pattern="*M-M**-M", mamba_num_heads=8, mamba_head_dim=12, n_groups=4,
        num_attention_heads=6, num_key_value_heads=2, head_dim=20, attention_head_dim=20,
        intermediate_size=96, chunk_size=8), 140, 203),
    "nemotron-bias": ("nemotron_h", dict(
        hybrid_override_pattern="M-*M", use_bias=True, mlp_bias=True, use_conv_bias=False), 36, 204),
    "nemotron-moe-groups": ("nemotron_h", dict(
        hybrid_override_pattern="MEM*E", n_routed_experts=8, num_experts_per_tok=3,
        moe_intermediate_size=24, moe_shared_expert_intermediate_size=32, n_group=4,
        topk_group=2, norm_topk_prob=True, routed_scaling_factor=2.5), 36, 207),
    "nemotron-meme": ("nemotron_h", dict(
        hybrid_override_pattern="MEME", n_routed_experts=4, num_experts_per_tok=1,
        moe_intermediate_size=16, moe_shared_expert_intermediate_size=16, n_group=1, topk_group=1,
        norm_topk_prob=True, routed_scaling_factor=2.5), 30, 403),
    # released-config spellings: layers_block_type list, old remote-code key names, dt clamp
    "nemotron-aliases": ("nemotron_h", dict(
        hybrid_override_pattern=DROP, layers_block_type=["mamba", "attention", "mlp", "mamba", "mlp"],
        head_dim=DROP, attention_head_dim=24, n_groups=DROP, mamba_n_groups=4, conv_kernel=DROP,
        mamba_d_conv=3, time_step_limit=[0.004, 0.05]), 36, 206),
    # Falcon-H1
    "falcon-h1-gated": ("falcon_h1", dict(mamba_rms_norm=True, mamba_norm_before_gate=True), 130, 301),
    "falcon-h1-gated-after": ("falcon_h1", dict(
        mamba_rms_norm=True, mamba_norm_before_gate=False, mamba_n_groups=3, mamba_n_heads=6,
        mamba_d_head=12, mamba_d_ssm=72, num_attention_heads=6, num_key_value_heads=3,
        head_dim=12), 40, 302),
    "falcon-h1-tied": ("falcon_h1", dict(
        tie_word_embeddings=True, embedding_multiplier=0.3, lm_head_multiplier=0.5,
        mamba_n_groups=1), 40, 303),
    "falcon-h1-bias": ("falcon_h1", dict(
        attention_bias=True, mlp_bias=True, mamba_proj_bias=True, projectors_bias=True,
        mamba_rms_norm=True, mamba_norm_before_gate=False), 40, 304),
    "falcon-h1-inbias": ("falcon_h1", dict(mamba_proj_bias=True, projectors_bias=False), 36, 305),
    # v5 rope_parameters, mamba_d_ssm null (= expand * hidden), "auto" head width, no head_dim
    # key (= hidden / heads), a dt clamp
    "falcon-h1-aliases": ("falcon_h1", dict(
        rope_theta=DROP, rope_parameters={"rope_type": "default", "rope_theta": 5e5},
        mamba_d_ssm=None, mamba_expand=1, mamba_d_head="auto", mamba_n_heads=4, head_dim=DROP,
        num_attention_heads=4, num_key_value_heads=1, time_step_limit=[0.002, 0.08]), 36, 307),
    "falcon-h1-outbias": ("falcon_h1", dict(
        mamba_proj_bias=False, projectors_bias=True, mamba_rms_norm=True), 36, 306),
}


def base_config(family):
    if family == "granitemoehybrid":
        return {
            "architectures": ["GraniteMoeHybridForCausalLM"], "model_type": "granitemoehybrid",
            "vocab_size": 256, "hidden_size": 64, "num_hidden_layers": 4,
            "layer_types": ["mamba", "attention", "mamba", "mamba"],
            "num_attention_heads": 4, "num_key_value_heads": 2, "attention_bias": False,
            "attention_dropout": 0.0, "position_embedding_type": "nope", "rope_theta": 10000.0,
            "rope_scaling": None, "mamba_n_heads": 8, "mamba_d_head": 16, "mamba_d_state": 16,
            "mamba_n_groups": 1, "mamba_d_conv": 4, "mamba_expand": 2, "mamba_chunk_size": 16,
            "mamba_conv_bias": True, "mamba_proj_bias": False, "num_local_experts": 0,
            "num_experts_per_tok": 0, "intermediate_size": 64, "shared_intermediate_size": 64,
            "hidden_act": "silu", "rms_norm_eps": 1e-5, "embedding_multiplier": 0.5,
            "attention_multiplier": 0.125, "residual_multiplier": 0.8, "logits_scaling": 2.0,
            "tie_word_embeddings": True, "init_method": "mup", "initializer_range": 0.1,
            "max_position_embeddings": 4096, "normalization_function": "rmsnorm",
            "output_router_logits": False, "router_aux_loss_coef": 0.0, "bos_token_id": 0,
            "eos_token_id": 0, "pad_token_id": 1, "torch_dtype": "float32", "use_cache": True,
        }
    if family == "nemotron_h":
        return {
            "architectures": ["NemotronHForCausalLM"], "model_type": "nemotron_h",
            "vocab_size": 256, "hidden_size": 64, "hybrid_override_pattern": "M*-M",
            "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
            "attention_head_dim": 16, "attention_bias": False, "attention_dropout": 0.0,
            "mamba_num_heads": 8, "mamba_head_dim": 16, "n_groups": 2, "ssm_state_size": 16,
            "conv_kernel": 4, "chunk_size": 16, "expand": 2, "use_conv_bias": True,
            "use_bias": False, "mamba_proj_bias": False, "mamba_hidden_act": "silu",
            "intermediate_size": 128, "mlp_hidden_act": "relu2", "mlp_bias": False,
            "layer_norm_epsilon": 1e-5, "rms_norm_eps": 1e-5, "tie_word_embeddings": False,
            "time_step_limit": [0.0, math.inf], "time_step_min": 0.001, "time_step_max": 0.1,
            "time_step_floor": 1e-4, "residual_in_fp32": False, "rescale_prenorm_residual": True,
            "initializer_range": 0.02, "use_mamba_kernels": True, "num_logits_to_keep": 1,
            "hidden_dropout": 0.0, "sliding_window": None, "max_position_embeddings": 8192,
            "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 0, "torch_dtype": "float32",
            "use_cache": True,
        }
    if family == "falcon_h1":
        return {
            "architectures": ["FalconH1ForCausalLM"], "model_type": "falcon_h1",
            "vocab_size": 256, "hidden_size": 64, "num_hidden_layers": 3,
            "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 24,
            "intermediate_size": 96, "rms_norm_eps": 1e-5, "mamba_d_ssm": 96,
            "mamba_expand": 2, "mamba_n_heads": 6, "mamba_d_head": 16, "mamba_d_state": 16,
            "mamba_n_groups": 2, "mamba_d_conv": 4, "mamba_chunk_size": 8,
            "mamba_conv_bias": True, "mamba_proj_bias": False, "projectors_bias": False,
            "attention_bias": False, "mlp_bias": False, "mamba_rms_norm": False,
            "mamba_norm_before_gate": True, "mamba_use_mlp": True, "rope_theta": 1e11,
            "rope_scaling": None, "tie_word_embeddings": False, "hidden_act": "silu",
            "embedding_multiplier": 2.5, "lm_head_multiplier": 0.45,
            "attention_in_multiplier": 1.5, "attention_out_multiplier": 0.75,
            "key_multiplier": 2.0, "ssm_in_multiplier": 1.25, "ssm_out_multiplier": 1.4,
            "ssm_multipliers": [0.5, 1.5, 0.5, 1.6, 2.0], "mlp_multipliers": [1.4, 0.55],
            "attn_layer_indices": None, "mlp_expansion_factor": 1.5, "attention_dropout": 0.0,
            "initializer_range": 0.02, "max_position_embeddings": 4096, "num_logits_to_keep": 1,
            "bos_token_id": 1, "eos_token_id": 11, "pad_token_id": 0, "torch_dtype": "float32",
            "use_cache": True,
        }
    raise ValueError(family)


# ------------------------------------------------------------------ random tensors


class Init:
    def __init__(self, rng):
        self.rng = rng

    def linear(self, rows, cols, gain=1.0):
        b = gain / math.sqrt(cols)
        u = self.rng.uniform
        return [u(-b, b) for _ in range(rows * cols)]

    def uniform(self, n, lo, hi):
        u = self.rng.uniform
        return [u(lo, hi) for _ in range(n)]

    def normal(self, n, std):
        g = self.rng.gauss
        return [g(0.0, std) for _ in range(n)]

    def dt_bias(self, n):  # softplus^-1 of logU[1e-3, 1e-1]
        out = []
        for _ in range(n):
            dt = math.exp(self.rng.uniform(math.log(1e-3), math.log(1e-1)))
            out.append(dt + math.log(-math.expm1(-dt)))
        return out

    def A_log(self, n):
        return [math.log(self.rng.uniform(1.0, 16.0)) for _ in range(n)]


def mamba_tensors(init, t, pre, D, d_inner, H, G, N, K, n_layer, conv_bias=True, proj_bias=False,
                  norm=True, out_gain=1.0):
    conv_dim = d_inner + 2 * G * N
    rows = 2 * d_inner + 2 * G * N + H
    t[pre + "in_proj.weight"] = ([rows, D], init.linear(rows, D))
    if proj_bias:
        t[pre + "in_proj.bias"] = ([rows], init.uniform(rows, -0.3, 0.3))
    t[pre + "conv1d.weight"] = ([conv_dim, 1, K], init.linear(conv_dim, K))
    if conv_bias:
        t[pre + "conv1d.bias"] = ([conv_dim], init.uniform(conv_dim, -1 / math.sqrt(K), 1 / math.sqrt(K)))
    t[pre + "dt_bias"] = ([H], init.dt_bias(H))
    t[pre + "A_log"] = ([H], init.A_log(H))
    t[pre + "D"] = ([H], init.uniform(H, 0.5, 1.5))
    if norm:
        t[pre + "norm.weight"] = ([d_inner], init.uniform(d_inner, 0.5, 1.5))
    t[pre + "out_proj.weight"] = ([D, d_inner], init.linear(D, d_inner, out_gain / math.sqrt(n_layer) * 2))
    if proj_bias:
        t[pre + "out_proj.bias"] = ([D], init.uniform(D, -0.3, 0.3))


def attn_tensors(init, t, pre, D, nh, nkv, hd, bias=False, qk_gain=2.0):
    t[pre + "q_proj.weight"] = ([nh * hd, D], init.linear(nh * hd, D, qk_gain))
    t[pre + "k_proj.weight"] = ([nkv * hd, D], init.linear(nkv * hd, D, qk_gain))
    t[pre + "v_proj.weight"] = ([nkv * hd, D], init.linear(nkv * hd, D))
    t[pre + "o_proj.weight"] = ([D, nh * hd], init.linear(D, nh * hd, 1.5))
    if bias:
        for n, r in (("q", nh * hd), ("k", nkv * hd), ("v", nkv * hd), ("o", D)):
            t[pre + n + "_proj.bias"] = ([r], init.uniform(r, -0.3, 0.3))


def granite_tensors(cfg, init, router_only=None):
    t = {}
    D, V, L = cfg["hidden_size"], cfg["vocab_size"], cfg["num_hidden_layers"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = D // nh
    H, P, G, N, K = (cfg[k] for k in ("mamba_n_heads", "mamba_d_head", "mamba_n_groups",
                                      "mamba_d_state", "mamba_d_conv"))
    d_inner = cfg["mamba_expand"] * D
    E, I, S = cfg["num_local_experts"], cfg["intermediate_size"], cfg["shared_intermediate_size"]
    t["model.embed_tokens.weight"] = ([V, D], init.normal(V * D, 0.5))
    for i, typ in enumerate(cfg.get("layer_types") or cfg["layers_block_type"]):
        pre = "model.layers.%d." % i
        t[pre + "input_layernorm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
        t[pre + "post_attention_layernorm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
        if typ == "mamba":
            mamba_tensors(init, t, pre + "mamba.", D, d_inner, H, G, N, K, L,
                          cfg.get("mamba_conv_bias", True), cfg["mamba_proj_bias"])
        else:
            attn_tensors(init, t, pre + "self_attn.", D, nh, nkv, hd, cfg["attention_bias"])
        t[pre + "shared_mlp.input_linear.weight"] = ([2 * S, D], init.linear(2 * S, D, 1.5))
        t[pre + "shared_mlp.output_linear.weight"] = ([D, S], init.linear(D, S, 1.5))
        if E > 0:
            t[pre + "block_sparse_moe.router.layer.weight"] = ([E, D], init.linear(E, D, 2.0))
            t[pre + "block_sparse_moe.input_linear.weight"] = ([E, 2 * I, D], init.linear(E * 2 * I, D, 1.5))
            t[pre + "block_sparse_moe.output_linear.weight"] = ([E, D, I], init.linear(E * D, I, 2.0))
    t["model.norm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
    if not cfg["tie_word_embeddings"]:
        t["lm_head.weight"] = ([V, D], init.normal(V * D, 0.5))
    return t


def nemotron_tensors(cfg, init):
    t = {}
    D, V = cfg["hidden_size"], cfg["vocab_size"]
    pattern = cfg.get("hybrid_override_pattern") or "".join(
        {"mamba": "M", "attention": "*", "mlp": "-", "moe": "E"}[v] for v in cfg["layers_block_type"])
    L = len(pattern)
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or cfg["attention_head_dim"]
    H, P, N = cfg["mamba_num_heads"], cfg["mamba_head_dim"], cfg["ssm_state_size"]
    G = cfg.get("n_groups") or cfg["mamba_n_groups"]
    K = cfg.get("conv_kernel") or cfg["mamba_d_conv"]
    t["backbone.embeddings.weight"] = ([V, D], init.normal(V * D, 1.0))
    for i, c in enumerate(pattern):
        pre = "backbone.layers.%d." % i
        mx = pre + "mixer."
        t[pre + "norm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
        if c == "M":
            mamba_tensors(init, t, mx, D, H * P, H, G, N, K, L, cfg["use_conv_bias"], cfg["use_bias"])
        elif c == "*":
            attn_tensors(init, t, mx, D, nh, nkv, hd)
        elif c == "-":
            F = cfg["intermediate_size"]
            t[mx + "up_proj.weight"] = ([F, D], init.linear(F, D, 1.5))
            t[mx + "down_proj.weight"] = ([D, F], init.linear(D, F, 1.5))
            if cfg["mlp_bias"]:
                t[mx + "up_proj.bias"] = ([F], init.uniform(F, -0.3, 0.3))
                t[mx + "down_proj.bias"] = ([D], init.uniform(D, -0.3, 0.3))
        elif c == "E":
            E, Fe, Fs = (cfg[k] for k in ("n_routed_experts", "moe_intermediate_size",
                                          "moe_shared_expert_intermediate_size"))
            t[mx + "gate.weight"] = ([E, D], init.linear(E, D, 1.5))
            t[mx + "gate.e_score_correction_bias"] = ([E], init.uniform(E, -0.05, 0.15))
            for e in range(E):
                t[mx + "experts.%d.up_proj.weight" % e] = ([Fe, D], init.linear(Fe, D, 1.5))
                t[mx + "experts.%d.down_proj.weight" % e] = ([D, Fe], init.linear(D, Fe, 1.5))
            t[mx + "shared_experts.up_proj.weight"] = ([Fs, D], init.linear(Fs, D, 1.5))
            t[mx + "shared_experts.down_proj.weight"] = ([D, Fs], init.linear(D, Fs, 1.5))
    t["backbone.norm_f.weight"] = ([D], init.uniform(D, 0.5, 1.5))
    t["lm_head.weight"] = ([V, D], init.normal(V * D, 0.3))
    return t


def falcon_tensors(cfg, init):
    t = {}
    D, V, L = cfg["hidden_size"], cfg["vocab_size"], cfg["num_hidden_layers"]
    nh, nkv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or D // nh
    H, G, N, K = (cfg[k] for k in ("mamba_n_heads", "mamba_n_groups", "mamba_d_state", "mamba_d_conv"))
    d_ssm = cfg["mamba_d_ssm"] or int(cfg["mamba_expand"] * D)
    I = cfg["intermediate_size"]
    t["model.embed_tokens.weight"] = ([V, D], init.normal(V * D, 0.5))
    for i in range(L):
        pre = "model.layers.%d." % i
        t[pre + "input_layernorm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
        t[pre + "pre_ff_layernorm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
        mamba_tensors(init, t, pre + "mamba.", D, d_ssm, H, G, N, K, L, cfg["mamba_conv_bias"],
                      cfg["mamba_proj_bias"], cfg["mamba_rms_norm"])
        if cfg["projectors_bias"] and not cfg["mamba_proj_bias"]:
            t[pre + "mamba.out_proj.bias"] = ([D], init.uniform(D, -0.3, 0.3))
        if cfg["mamba_proj_bias"] and not cfg["projectors_bias"]:
            del t[pre + "mamba.out_proj.bias"]  # mamba_proj_bias is in_proj's only
        attn_tensors(init, t, pre + "self_attn.", D, nh, nkv, hd, cfg["attention_bias"], 1.0)
        ff = pre + "feed_forward."
        t[ff + "gate_proj.weight"] = ([I, D], init.linear(I, D, 1.5))
        t[ff + "up_proj.weight"] = ([I, D], init.linear(I, D, 1.5))
        t[ff + "down_proj.weight"] = ([D, I], init.linear(D, I, 1.5))
        if cfg["mlp_bias"]:
            for n, r in (("gate", I), ("up", I), ("down", D)):
                t[ff + n + "_proj.bias"] = ([r], init.uniform(r, -0.3, 0.3))
    t["model.final_layernorm.weight"] = ([D], init.uniform(D, 0.5, 1.5))
    if not cfg["tie_word_embeddings"]:
        t["lm_head.weight"] = ([V, D], init.normal(V * D, 0.5))
    return t


TENSORS = {"granitemoehybrid": granite_tensors, "nemotron_h": nemotron_tensors,
           "falcon_h1": falcon_tensors}


# ------------------------------------------------------------------ writing


def bf16_bits(v):
    (b,) = struct.unpack("<I", struct.pack("<f", v))
    return (b + 0x7FFF + ((b >> 16) & 1)) >> 16  # round to nearest even (finite values)


def write_safetensors(path, tensors, dtype="F32"):
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name in sorted(tensors):
        shape, flat = tensors[name]
        n = 1
        for s in shape:
            n *= s
        assert n == len(flat), name
        if dtype == "BF16":
            raw = struct.pack("<%dH" % n, *[bf16_bits(v) for v in flat])
        else:
            raw = struct.pack("<%df" % n, *flat)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
        blobs.append(raw)
    hj = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hj += b" " * (-len(hj) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)


def variant_config(name):
    family, over, T, seed = VARIANTS[name]
    cfg = base_config(family)
    cfg.update(over)
    for k in [k for k, v in cfg.items() if v is DROP]:
        del cfg[k]
    if family == "granitemoehybrid":
        cfg["num_hidden_layers"] = len(cfg.get("layer_types") or cfg["layers_block_type"])
    elif family == "nemotron_h":
        cfg["num_hidden_layers"] = len(cfg.get("hybrid_override_pattern") or cfg["layers_block_type"])
        if "head_dim" in cfg:
            cfg["attention_head_dim"] = cfg["head_dim"]
        if "n_routed_experts" in cfg:
            cfg.setdefault("n_shared_experts", 1)
            cfg.setdefault("moe_latent_size", None)
    return family, cfg, T, seed


def prompt_ids(name, seed=None):
    family, cfg, T, vseed = variant_config(name)
    rng = random.Random((seed if seed is not None else vseed) * 7 + 1)
    return [rng.randrange(cfg["vocab_size"]) for _ in range(T)]


def make(name, out_dir, seed=None, dtype="f32", n_greedy=N_GREEDY, log=None):
    """writes the checkpoint; returns (prompt ids, hybrid_reference.run result)"""
    family, cfg, T, vseed = variant_config(name)
    seed = vseed if seed is None else seed
    ids = prompt_ids(name, seed)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        # Python's json writes inf as Infinity, as transformers' save_pretrained does
        json.dump(cfg, f, indent=2, sort_keys=True)
    for attempt in range(20):
        init = Init(random.Random(seed * 1000 + attempt))
        write_safetensors(os.path.join(out_dir, "model.safetensors"), TENSORS[family](cfg, init),
                          "BF16" if dtype == "bf16" else "F32")
        ref = hybrid_reference.run(out_dir, ids, n_greedy)
        worst = min(ref["router_margin"], ref["group_margin"], ref["greedy_argmax_margin"])
        if worst >= MIN_MARGIN and ref["min_kept_score"] > 0:
            ref["attempt"] = attempt
            return ids, ref
        if log:
            log("%s: attempt %d rejected (router %.3g, group %.3g, argmax %.3g, min score %.3g)"
                % (name, attempt, ref["router_margin"], ref["group_margin"],
                   ref["greedy_argmax_margin"], ref["min_kept_score"]))
    raise RuntimeError("%s: no draw with unambiguous routing/argmax in 20 attempts" % name)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("variant", nargs="?")
    ap.add_argument("out_dir", nargs="?")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--dtype", choices=("f32", "bf16"), default="f32")
    ap.add_argument("--list", action="store_true")
    a = ap.parse_args()
    if a.list or not a.variant:
        for n, (fam, _, T, s) in VARIANTS.items():
            print("%-22s %-17s T=%d seed=%d" % (n, fam, T, s))
        return
    if a.variant not in VARIANTS or not a.out_dir:
        sys.exit("unknown variant %r (--list shows them) or no OUT_DIR" % a.variant)
    ids, ref = make(a.variant, a.out_dir, a.seed, a.dtype, log=lambda s: print(s, file=sys.stderr))
    flat = [v for row in ref["logits"] for v in row]
    mean = sum(flat) / len(flat)
    std = math.sqrt(sum((v - mean) ** 2 for v in flat) / len(flat))
    print("ids " + ",".join(map(str, ids)))
    print("greedy " + ",".join(map(str, ref["greedy"])))
    print("logit std %.3g, max |logit| %.3g; router margin %.3g, group margin %.3g, greedy argmax margin %.3g"
          % (std, max(abs(v) for v in flat), ref["router_margin"], ref["group_margin"],
             ref["greedy_argmax_margin"]))


if __name__ == "__main__":
    main()
