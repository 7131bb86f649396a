#!/usr/bin/env python3
"""Float64 reference forward pass of the hybrid Mamba-2 families, from their HF checkpoints.

Usage:
    python3 tools/hybrid_reference.py CKPT_DIR --ids 1,2,3 [-n 24] [--out LOGITS.f32]
        [--greedy-out GREEDY.i32] [--json]

CKPT_DIR holds config.json and model.safetensors (or a sharded model.safetensors.index.json),
F32, F16 or BF16. Families (config `model_type`): `granitemoehybrid` (IBM Granite 4.0-H),
`nemotron_h` (NVIDIA Nemotron-H), `falcon_h1` (TII Falcon-H1). Prints the greedy
continuation (-n tokens, each argmax fed back) and the smallest router and argmax margins;
--out writes the logits of every prompt position (float32 LE [T, V]), --greedy-out the greedy
ids (int32 LE).

Written from the semantics documents of each family (SEMANTICS-granitemoehybrid.md,
SEMANTICS-nemotron_h.md, SEMANTICS-falcon_h1.md, SEMANTICS.md for the Mamba-2 mixer) and
nothing else: it shares no code with tools/convert.py or mamba2.h, so that a test comparing
them checks the library against the documents, not against itself. Their decisions are
followed: the gated RMSNorm is grouped (d_inner/G slices), dt has no floor, and the SSM runs
as a token-by-token recurrence (which is what the chunked SSD computes with the correct
inter-chunk sum). Everything is float64 except A = -exp(A_log), which every reference
evaluates in float32. Standard library only (the models it is meant for are tiny).
"""

import argparse
import json
import math
import os
import struct
import sys
from operator import mul

# ------------------------------------------------------------------ safetensors


def _decode(dtype, raw):
    if dtype == "F32":
        return list(struct.unpack("<%df" % (len(raw) // 4), raw))
    if dtype == "F16":
        return list(struct.unpack("<%de" % (len(raw) // 2), raw))
    if dtype == "BF16":  # the upper half of an f32 pattern
        n = len(raw) // 2
        halves = struct.unpack("<%dH" % n, raw)
        return list(struct.unpack("<%df" % n, struct.pack("<%dI" % n, *[h << 16 for h in halves])))
    raise ValueError("unsupported safetensors dtype %s" % dtype)


def read_safetensors(path, out):
    """adds {name: (shape, flat list of floats)} of one safetensors file to out"""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    base = 8 + n
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = (list(info["shape"]), _decode(info["dtype"], blob[base + a:base + b]))
    return out


def read_checkpoint(ckpt):
    with open(os.path.join(ckpt, "config.json")) as f:
        cfg = json.load(f)
    tensors = {}
    index = os.path.join(ckpt, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
        for fn in files:
            read_safetensors(os.path.join(ckpt, fn), tensors)
    else:
        read_safetensors(os.path.join(ckpt, "model.safetensors"), tensors)
    return cfg, tensors


class Weights:
    """tensor access by name; get() fails loudly, opt() returns None when absent"""

    def __init__(self, tensors):
        self.t = tensors

    def has(self, name):
        return name in self.t

    def vec(self, name):
        return self.t[name][1]

    def mat(self, name, rows=None):
        """[rows, cols] as a list of rows (rows of a stacked 3-D tensor are concatenated)"""
        shape, flat = self.t[name]
        cols = shape[-1]
        return [flat[i:i + cols] for i in range(0, len(flat), cols)]

    def opt_vec(self, name):
        return self.vec(name) if name in self.t else None

    def opt_mat(self, name):
        return self.mat(name) if name in self.t else None


# ------------------------------------------------------------------ math helpers


def f32(v):
    return struct.unpack("<f", struct.pack("<f", v))[0]


def matvec(w, x, b=None):
    y = [sum(map(mul, row, x)) for row in w]
    if b is not None:
        y = [a + c for a, c in zip(y, b)]
    return y


def silu(v):
    return v / (1.0 + math.exp(-v)) if v > -700 else 0.0


def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v)) if v > -700 else 0.0


def softplus(v):  # torch: identity above the threshold 20
    return v if v > 20.0 else math.log1p(math.exp(v))


def rmsnorm(v, w, eps):
    r = 1.0 / math.sqrt(sum(a * a for a in v) / len(v) + eps)
    return [a * r * g for a, g in zip(v, w)]


def rope_inplace(vec, pos, hd, theta):
    """HF default RoPE, rotate_half (NeoX) layout, on one head of hd values; float64 tables"""
    half = hd // 2
    for i in range(half):
        ang = pos * theta ** (-2.0 * i / hd)
        c, s = math.cos(ang), math.sin(ang)
        a, b = vec[i], vec[i + half]
        vec[i] = a * c - b * s
        vec[i + half] = b * c + a * s


# ------------------------------------------------------------------ blocks


class Mamba2:
    """Mamba-2 mixer, one token at a time (SEMANTICS.md steps 1-8).
    in_mult: optional per-row factors on in_proj's output (Falcon-H1's ssm_multipliers);
    norm_w None: no gated norm (v = y * silu(z))."""

    def __init__(self, w, pre, d_inner, H, P, G, N, K, eps, norm_before_gate=False,
                 in_mult=None, norm_name="norm.weight", dt_limit=(0.0, math.inf)):
        self.W_in = w.mat(pre + "in_proj.weight")
        self.b_in = w.opt_vec(pre + "in_proj.bias")
        cw = w.vec(pre + "conv1d.weight")
        self.conv_dim = d_inner + 2 * G * N
        assert len(cw) == self.conv_dim * K, "conv1d shape"
        self.conv_w = [cw[c * K:(c + 1) * K] for c in range(self.conv_dim)]
        self.conv_b = w.opt_vec(pre + "conv1d.bias")
        self.dt_bias = w.vec(pre + "dt_bias")
        # A = -exp(A_log) evaluated in float32 (A_log.float(); exp rounded to f32)
        self.A = [f32(-math.exp(f32(a))) for a in w.vec(pre + "A_log")]
        self.Dskip = w.vec(pre + "D")
        self.norm_w = w.opt_vec(pre + norm_name)
        self.W_out = w.mat(pre + "out_proj.weight")
        self.b_out = w.opt_vec(pre + "out_proj.bias")
        self.d_inner, self.H, self.P, self.G, self.N, self.K = d_inner, H, P, G, N, K
        self.eps, self.nbg, self.in_mult = eps, norm_before_gate, in_mult
        self.dt_lo, self.dt_hi = dt_limit
        assert len(self.W_in) == 2 * d_inner + 2 * G * N + H, "in_proj rows"
        assert H * P == d_inner and H % G == 0
        self.hist = [[0.0] * self.conv_dim for _ in range(K - 1)]  # raw xBC, oldest first
        self.S = [[[0.0] * N for _ in range(P)] for _ in range(H)]

    def step(self, u):
        di, H, P, G, N, K = self.d_inner, self.H, self.P, self.G, self.N, self.K
        zxbcdt = matvec(self.W_in, u, self.b_in)
        if self.in_mult is not None:
            zxbcdt = [a * m for a, m in zip(zxbcdt, self.in_mult)]
        z = zxbcdt[:di]
        xbc = zxbcdt[di:di + self.conv_dim]
        dt_raw = zxbcdt[di + self.conv_dim:]
        window = self.hist + [xbc]  # K rows, tap K-1 = current token
        self.hist = window[1:]
        a = []
        for c in range(self.conv_dim):
            wc = self.conv_w[c]
            s = self.conv_b[c] if self.conv_b is not None else 0.0
            for k in range(K):
                s += wc[k] * window[k][c]
            a.append(silu(s))
        x = a[:di]
        B = a[di:di + G * N]
        C = a[di + G * N:]
        y = [0.0] * di
        hpg = H // G
        for h in range(H):
            g = h // hpg
            Bg = B[g * N:(g + 1) * N]
            Cg = C[g * N:(g + 1) * N]
            dt = min(max(softplus(dt_raw[h] + self.dt_bias[h]), self.dt_lo), self.dt_hi)
            dA = math.exp(dt * self.A[h])
            Sh = self.S[h]
            for p in range(P):
                xp = x[h * P + p]
                dx = dt * xp
                row = [dA * s + dx * b for s, b in zip(Sh[p], Bg)]
                Sh[p] = row
                y[h * P + p] = sum(map(mul, row, Cg)) + self.Dskip[h] * xp
        gate = [silu(v) for v in z]
        if self.norm_w is None:
            v = [a * b for a, b in zip(y, gate)]
        else:
            gs = di // G
            src = y if self.nbg else [a * b for a, b in zip(y, gate)]
            v = []
            for g in range(G):
                v += rmsnorm(src[g * gs:(g + 1) * gs], self.norm_w[g * gs:(g + 1) * gs], self.eps)
            if self.nbg:
                v = [a * b for a, b in zip(v, gate)]
        return matvec(self.W_out, v, self.b_out)


class Attention:
    """causal GQA with a KV cache; optional RoPE (rotate_half), biases, key multiplier"""

    def __init__(self, w, pre, nh, nkv, hd, scale, rope_theta=None, k_mult=1.0):
        self.Wq, self.bq = w.mat(pre + "q_proj.weight"), w.opt_vec(pre + "q_proj.bias")
        self.Wk, self.bk = w.mat(pre + "k_proj.weight"), w.opt_vec(pre + "k_proj.bias")
        self.Wv, self.bv = w.mat(pre + "v_proj.weight"), w.opt_vec(pre + "v_proj.bias")
        self.Wo, self.bo = w.mat(pre + "o_proj.weight"), w.opt_vec(pre + "o_proj.bias")
        assert len(self.Wq) == nh * hd and len(self.Wk) == nkv * hd and len(self.Wo[0]) == nh * hd
        self.nh, self.nkv, self.hd, self.scale = nh, nkv, hd, scale
        self.theta, self.k_mult = rope_theta, k_mult
        self.K, self.V = [], []

    def step(self, u, pos):
        nh, nkv, hd = self.nh, self.nkv, self.hd
        q = matvec(self.Wq, u, self.bq)
        k = [a * self.k_mult for a in matvec(self.Wk, u, self.bk)]
        v = matvec(self.Wv, u, self.bv)
        qh = [q[j * hd:(j + 1) * hd] for j in range(nh)]
        kh = [k[j * hd:(j + 1) * hd] for j in range(nkv)]
        if self.theta is not None:
            for t in qh + kh:
                rope_inplace(t, pos, hd, self.theta)
        self.K.append(kh)
        self.V.append([v[j * hd:(j + 1) * hd] for j in range(nkv)])
        o = []
        rep = nh // nkv
        for j in range(nh):
            g = j // rep
            sc = [sum(map(mul, qh[j], ks[g])) * self.scale for ks in self.K]
            m = max(sc)
            e = [math.exp(s - m) for s in sc]
            tot = sum(e)
            acc = [0.0] * hd
            for p, vs in zip(e, self.V):
                vg = vs[g]
                for i in range(hd):
                    acc[i] += p * vg[i]
            o += [a / tot for a in acc]
        return matvec(self.Wo, o, self.bo)


def swiglu(u, Wg, Wu, Wd, bg=None, bu=None, bd=None, gate_mult=1.0):
    g = matvec(Wg, u, bg)
    p = matvec(Wu, u, bu)
    return matvec(Wd, [silu(a * gate_mult) * b for a, b in zip(g, p)], bd)


def relu2_mlp(u, Wu, Wd, bu=None, bd=None):
    return matvec(Wd, [max(a, 0.0) ** 2 for a in matvec(Wu, u, bu)], bd)


class Margins:
    """smallest top-k boundary gaps seen (router decisions must not be near-ties)"""

    def __init__(self):
        self.router = math.inf
        self.group = math.inf
        self.min_score = math.inf  # smallest selection score among the candidates (Nemotron)

    def topk(self, scores, k, what="router"):
        """indices of the k largest (ties: lowest index), recording the k-th/(k+1)-th gap"""
        order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
        if k < len(scores):
            gap = scores[order[k - 1]] - scores[order[k]]
            if what == "group":
                self.group = min(self.group, gap)
            else:
                self.router = min(self.router, gap)
        return order[:k]


# ------------------------------------------------------------------ families


def _get(cfg, key, default):
    v = cfg.get(key)
    return default if v is None else v


def _dt_limit(cfg):
    """time_step_limit: the dt clamp the model applies (default (0, inf): none)"""
    lim = cfg.get("time_step_limit")
    return (0.0, math.inf) if lim is None else (float(lim[0]), float(lim[1]))


class Granite:
    """granitemoehybrid (SEMANTICS-granitemoehybrid.md)"""

    def __init__(self, cfg, w, margins):
        self.m = margins
        D = cfg["hidden_size"]
        L = cfg["num_hidden_layers"]
        types = cfg.get("layer_types") or cfg.get("layers_block_type") or ["mamba"] * L
        assert len(types) == L
        self.eps = _get(cfg, "rms_norm_eps", 1e-6)
        self.em = _get(cfg, "embedding_multiplier", 1.0)
        self.rm = _get(cfg, "residual_multiplier", 1.0)
        self.ls = _get(cfg, "logits_scaling", 1.0)
        am = _get(cfg, "attention_multiplier", 1.0)
        nh = _get(cfg, "num_attention_heads", 32)
        nkv = _get(cfg, "num_key_value_heads", nh)
        hd = D // nh  # no head_dim key is read
        theta = _get(cfg, "rope_theta", 10000.0) if cfg.get("position_embedding_type") == "rope" else None
        H = _get(cfg, "mamba_n_heads", 128)
        d_inner = _get(cfg, "mamba_expand", 2) * D
        P = cfg.get("mamba_d_head", "auto")
        P = d_inner // H if P in (None, "auto") else P
        G = _get(cfg, "mamba_n_groups", 1)
        N = _get(cfg, "mamba_d_state", 256)
        K = _get(cfg, "mamba_d_conv", 4)
        self.E = _get(cfg, "num_local_experts", 8)
        self.k = _get(cfg, "num_experts_per_tok", 2)
        I = _get(cfg, "intermediate_size", 11008)
        self.emb = w.mat("model.embed_tokens.weight")
        self.lm = w.mat("lm_head.weight") if w.has("lm_head.weight") else self.emb
        self.norm_f = w.vec("model.norm.weight")
        self.layers = []
        for i, t in enumerate(types):
            pre = "model.layers.%d." % i
            lay = {"in_norm": w.vec(pre + "input_layernorm.weight"),
                   "post_norm": w.vec(pre + "post_attention_layernorm.weight")}
            if t == "mamba":
                lay["mamba"] = Mamba2(w, pre + "mamba.", d_inner, H, P, G, N, K, self.eps)
            elif t == "attention":
                lay["attn"] = Attention(w, pre + "self_attn.", nh, nkv, hd, am, theta)
            else:
                raise ValueError("unknown layer type %r" % t)
            sin = w.mat(pre + "shared_mlp.input_linear.weight")
            S = len(sin) // 2
            lay["shared"] = (sin[:S], sin[S:], w.mat(pre + "shared_mlp.output_linear.weight"))
            if self.E > 0:
                lay["router"] = w.mat(pre + "block_sparse_moe.router.layer.weight")
                inl = w.mat(pre + "block_sparse_moe.input_linear.weight")  # [E*2I, D]
                outl = w.mat(pre + "block_sparse_moe.output_linear.weight")  # [E*D, I]
                assert len(inl) == self.E * 2 * I and len(outl) == self.E * D
                lay["experts"] = [(inl[e * 2 * I:e * 2 * I + I], inl[e * 2 * I + I:(e + 1) * 2 * I],
                                   outl[e * D:(e + 1) * D]) for e in range(self.E)]
            self.layers.append(lay)

    def ffn(self, lay, u):
        g, p, d = lay["shared"]
        out = swiglu(u, g, p, d)
        if self.E > 0:
            r = matvec(lay["router"], u)
            top = self.m.topk(r, self.k)
            mx = max(r[e] for e in top)
            ex = [math.exp(r[e] - mx) for e in top]
            tot = sum(ex)
            for e, x in zip(top, ex):
                eg, eu, ed = lay["experts"][e]
                out = [a + (x / tot) * b for a, b in zip(out, swiglu(u, eg, eu, ed))]
        return out

    def step(self, tok, pos):
        x = [a * self.em for a in self.emb[tok]]
        for lay in self.layers:
            hn = rmsnorm(x, lay["in_norm"], self.eps)
            mix = lay["mamba"].step(hn) if "mamba" in lay else lay["attn"].step(hn, pos)
            x = [a + self.rm * b for a, b in zip(x, mix)]
            f = self.ffn(lay, rmsnorm(x, lay["post_norm"], self.eps))
            x = [a + self.rm * b for a, b in zip(x, f)]
        h = rmsnorm(x, self.norm_f, self.eps)
        return [a / self.ls for a in matvec(self.lm, h)]


class Nemotron:
    """nemotron_h (SEMANTICS-nemotron_h.md)"""

    BLOCK_TYPES = {"mamba": "M", "mamba2": "M", "linear_attention": "M", "attention": "*",
                   "full_attention": "*", "mlp": "-", "moe": "E"}

    def __init__(self, cfg, w, margins):
        self.m = margins
        pattern = cfg.get("hybrid_override_pattern")
        if pattern is None:
            pattern = "".join(self.BLOCK_TYPES[t] for t in cfg["layers_block_type"])
        assert cfg.get("num_hidden_layers", len(pattern)) == len(pattern)
        D = cfg["hidden_size"]
        self.eps = _get(cfg, "layer_norm_epsilon", 1e-5)
        H = _get(cfg, "mamba_num_heads", 128)
        P = _get(cfg, "mamba_head_dim", 64)
        G = cfg.get("n_groups", cfg.get("mamba_n_groups", 8))
        N = _get(cfg, "ssm_state_size", 128)
        K = cfg.get("conv_kernel", cfg.get("mamba_d_conv", 4))
        nh = cfg.get("num_attention_heads")
        nkv = _get(cfg, "num_key_value_heads", nh)
        hd = cfg.get("head_dim") or cfg.get("attention_head_dim") or (D // nh if nh else 0)
        self.k = cfg.get("num_experts_per_tok")
        self.n_group = _get(cfg, "n_group", 1)
        self.topk_group = _get(cfg, "topk_group", 1)
        self.norm_topk = bool(cfg.get("norm_topk_prob", False))
        self.rsf = _get(cfg, "routed_scaling_factor", 1.0)
        self.emb = w.mat("backbone.embeddings.weight")
        self.lm = w.mat("lm_head.weight")
        self.norm_f = w.vec("backbone.norm_f.weight")
        self.layers = []
        for i, c in enumerate(pattern):
            pre = "backbone.layers.%d." % i
            mx = pre + "mixer."
            lay = {"kind": c, "norm": w.vec(pre + "norm.weight")}
            if c == "M":
                lay["mamba"] = Mamba2(w, mx, H * P, H, P, G, N, K, self.eps, dt_limit=_dt_limit(cfg))
            elif c == "*":
                lay["attn"] = Attention(w, mx, nh, nkv, hd, hd ** -0.5)
            elif c == "-":
                lay["mlp"] = (w.mat(mx + "up_proj.weight"), w.mat(mx + "down_proj.weight"),
                              w.opt_vec(mx + "up_proj.bias"), w.opt_vec(mx + "down_proj.bias"))
            elif c == "E":
                E = cfg["n_routed_experts"]
                lay["gate"] = w.mat(mx + "gate.weight")
                lay["bias"] = w.vec(mx + "gate.e_score_correction_bias")
                lay["experts"] = [(w.mat(mx + "experts.%d.up_proj.weight" % e),
                                   w.mat(mx + "experts.%d.down_proj.weight" % e)) for e in range(E)]
                lay["shared"] = (w.mat(mx + "shared_experts.up_proj.weight"),
                                 w.mat(mx + "shared_experts.down_proj.weight"))
            else:
                raise ValueError("unknown layer letter %r" % c)
            self.layers.append(lay)

    def moe(self, lay, u):
        r = matvec(lay["gate"], u)
        s = [sigmoid(a) for a in r]
        c = [a + b for a, b in zip(s, lay["bias"])]
        E = len(c)
        if self.n_group > 1:
            per = E // self.n_group
            gscore = []
            for g in range(self.n_group):
                top2 = sorted(c[g * per:(g + 1) * per], reverse=True)[:2]
                gscore.append(sum(top2))
            keep = set(self.m.topk(gscore, self.topk_group, "group"))
            cand = [c[e] if e // per in keep else -math.inf for e in range(E)]
        else:
            cand = c
        self.m.min_score = min(self.m.min_score, min(v for v in cand if v != -math.inf))
        idx = self.m.topk(cand, self.k)
        wts = [s[e] for e in idx]
        if self.norm_topk:
            tot = sum(wts) + 1e-20
            wts = [a / tot for a in wts]
        wts = [a * self.rsf for a in wts]
        up, down = lay["shared"]
        out = relu2_mlp(u, up, down)
        for e, wt in zip(idx, wts):
            eu, ed = lay["experts"][e]
            out = [a + wt * b for a, b in zip(out, relu2_mlp(u, eu, ed))]
        return out

    def step(self, tok, pos):
        x = list(self.emb[tok])
        for lay in self.layers:
            u = rmsnorm(x, lay["norm"], self.eps)
            c = lay["kind"]
            if c == "M":
                o = lay["mamba"].step(u)
            elif c == "*":
                o = lay["attn"].step(u, pos)
            elif c == "-":
                up, down, bu, bd = lay["mlp"]
                o = relu2_mlp(u, up, down, bu, bd)
            else:
                o = self.moe(lay, u)
            x = [a + b for a, b in zip(x, o)]
        return matvec(self.lm, rmsnorm(x, self.norm_f, self.eps))


class FalconH1:
    """falcon_h1 (SEMANTICS-falcon_h1.md)"""

    def __init__(self, cfg, w, margins):
        D = cfg["hidden_size"]
        L = cfg["num_hidden_layers"]
        self.eps = _get(cfg, "rms_norm_eps", 1e-5)
        nh = _get(cfg, "num_attention_heads", 32)
        nkv = _get(cfg, "num_key_value_heads", nh)
        hd = _get(cfg, "head_dim", D // nh)
        theta = cfg.get("rope_theta")
        if theta is None:
            theta = (cfg.get("rope_parameters") or {}).get("rope_theta", 1e5)
        if "mamba_d_ssm" not in cfg:
            d_ssm = 1024
        elif cfg["mamba_d_ssm"] is None:
            d_ssm = int(_get(cfg, "mamba_expand", 2) * D)
        else:
            d_ssm = cfg["mamba_d_ssm"]
        H = _get(cfg, "mamba_n_heads", 128)
        P = cfg.get("mamba_d_head", "auto")
        P = d_ssm // H if P in (None, "auto") else P
        G = _get(cfg, "mamba_n_groups", 1)
        N = _get(cfg, "mamba_d_state", 256)
        K = _get(cfg, "mamba_d_conv", 4)
        gated = bool(cfg.get("mamba_rms_norm", False))
        nbg = bool(_get(cfg, "mamba_norm_before_gate", True))
        self.em = _get(cfg, "embedding_multiplier", 1.0)
        self.lmm = _get(cfg, "lm_head_multiplier", 1.0)
        self.aim = _get(cfg, "attention_in_multiplier", 1.0)
        self.aom = _get(cfg, "attention_out_multiplier", 1.0)
        km = _get(cfg, "key_multiplier", 1.0)
        self.sim = _get(cfg, "ssm_in_multiplier", 1.0)
        self.som = _get(cfg, "ssm_out_multiplier", 1.0)
        mz, mx, mB, mC, mdt = _get(cfg, "ssm_multipliers", [1.0] * 5)
        mup = [mz] * d_ssm + [mx] * d_ssm + [mB] * (G * N) + [mC] * (G * N) + [mdt] * H
        self.gm, self.dm = _get(cfg, "mlp_multipliers", [1.0, 1.0])
        self.emb = w.mat("model.embed_tokens.weight")
        self.lm = w.mat("lm_head.weight") if w.has("lm_head.weight") else self.emb
        self.norm_f = w.vec("model.final_layernorm.weight")
        self.layers = []
        for i in range(L):
            pre = "model.layers.%d." % i
            ff = pre + "feed_forward."
            mamba = Mamba2(w, pre + "mamba.", d_ssm, H, P, G, N, K, self.eps, nbg, mup,
                           dt_limit=_dt_limit(cfg))
            if not gated:
                mamba.norm_w = None  # the norm exists only with mamba_rms_norm
            else:
                assert mamba.norm_w is not None, "mamba_rms_norm without mamba.norm.weight"
            self.layers.append({
                "in_norm": w.vec(pre + "input_layernorm.weight"),
                "ff_norm": w.vec(pre + "pre_ff_layernorm.weight"),
                "mamba": mamba,
                "attn": Attention(w, pre + "self_attn.", nh, nkv, hd, hd ** -0.5, theta, km),
                "mlp": (w.mat(ff + "gate_proj.weight"), w.mat(ff + "up_proj.weight"),
                        w.mat(ff + "down_proj.weight"), w.opt_vec(ff + "gate_proj.bias"),
                        w.opt_vec(ff + "up_proj.bias"), w.opt_vec(ff + "down_proj.bias")),
            })

    def step(self, tok, pos):
        x = [a * self.em for a in self.emb[tok]]
        for lay in self.layers:
            hn = rmsnorm(x, lay["in_norm"], self.eps)
            m = lay["mamba"].step([a * self.sim for a in hn])
            a = lay["attn"].step([v * self.aim for v in hn], pos)
            x = [v + self.som * p + self.aom * q for v, p, q in zip(x, m, a)]
            g, u, d, bg, bu, bd = lay["mlp"]
            f = swiglu(rmsnorm(x, lay["ff_norm"], self.eps), g, u, d, bg, bu, bd, self.gm)
            x = [v + self.dm * q for v, q in zip(x, f)]
        return [v * self.lmm for v in matvec(self.lm, rmsnorm(x, self.norm_f, self.eps))]


FAMILIES = {"granitemoehybrid": Granite, "nemotron_h": Nemotron, "falcon_h1": FalconH1}


def argmax_and_margin(v):
    best = max(range(len(v)), key=lambda i: (v[i], -i))
    second = max(v[i] for i in range(len(v)) if i != best)
    return best, v[best] - second


def run(ckpt, ids, n_greedy=24):
    """returns dict: logits [T][V], greedy ids, greedy_logits, margins"""
    cfg, tensors = read_checkpoint(ckpt)
    return run_model(cfg, tensors, ids, n_greedy)


def run_model(cfg, tensors, ids, n_greedy=24):
    """run() on a config dict and {name: (shape, flat values)} already in memory"""
    fam = FAMILIES.get(cfg.get("model_type"))
    if fam is None:
        raise ValueError("unsupported model_type %r" % cfg.get("model_type"))
    margins = Margins()
    model = fam(cfg, Weights(tensors), margins)
    logits = [model.step(t, p) for p, t in enumerate(ids)]
    prompt_router = margins.router
    greedy, glogits, gmargin = [], [], math.inf
    last = logits[-1]
    for i in range(n_greedy):
        tok, mg = argmax_and_margin(last)
        gmargin = min(gmargin, mg)
        greedy.append(tok)
        if i + 1 < n_greedy:  # the last id needs no further step
            last = model.step(tok, len(ids) + i)
            glogits.append(last)
    return {"logits": logits, "greedy": greedy, "greedy_logits": glogits,
            "router_margin": margins.router, "router_margin_prompt": prompt_router,
            "group_margin": margins.group, "greedy_argmax_margin": gmargin,
            "min_kept_score": margins.min_score}


def write_logits(path, rows):
    with open(path, "wb") as f:
        for row in rows:
            f.write(struct.pack("<%df" % len(row), *row))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ckpt")
    ap.add_argument("--ids", required=True, help="comma-separated token ids")
    ap.add_argument("-n", type=int, default=24, help="greedy tokens (default 24)")
    ap.add_argument("--out", help="write prompt logits, float32 LE [T, V]")
    ap.add_argument("--greedy-out", help="write greedy ids, int32 LE")
    ap.add_argument("--json", action="store_true", help="print a JSON summary")
    a = ap.parse_args()
    ids = [int(s) for s in a.ids.split(",") if s.strip()]
    r = run(a.ckpt, ids, a.n)
    if a.out:
        write_logits(a.out, r["logits"])
    if a.greedy_out:
        with open(a.greedy_out, "wb") as f:
            f.write(struct.pack("<%di" % len(r["greedy"]), *r["greedy"]))
    summary = {k: r[k] for k in ("greedy", "router_margin", "group_margin", "greedy_argmax_margin")}
    if a.json:
        print(json.dumps(summary))
    else:
        print(" ".join(str(t) for t in r["greedy"]))
        print("router margin %.3g, group margin %.3g, greedy argmax margin %.3g"
              % (r["router_margin"], r["group_margin"], r["greedy_argmax_margin"]), file=sys.stderr)


if __name__ == "__main__":
    main()
