#!/usr/bin/env python3
"""Train the shipped demo Mamba-2 language model on CPU with PyTorch.

The model is written here from the forward semantics of the official Mamba-2 (embedding ->
L x [RMSNorm -> mixer -> residual] -> RMSNorm -> tied lm_head), with the chunked SSD
algorithm for training, and is saved in the HF transformers Mamba2 layout (config.json +
model.safetensors + tokenizer.json), so it goes through the same converter as any
downloaded checkpoint.

Pipeline (see the model card for the exact commands used):
  tools/prepare_data.py   clean the corpus, hold out the validation ranges
  tools/train_tokenizer.py  byte-level BPE -> tokenizer.json
  tools/train.py train    tokenise, train (resumable: rerun the same command), write OUT/hf/
  tools/train.py eval     perplexity of a text file, same protocol as example_perplexity
  tools/train.py greedy   greedy continuation of a prompt (test data for the C library)

Always run with /usr/bin/python3 (Debian's python3-torch, python3-numpy, python3-regex).
"""
import argparse
import json
import math
import os
import shutil
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_tokenizer import ByteBPE  # noqa: E402


# ----------------------------------------------------------------------------------- model

class Config:
    def __init__(self, vocab_size=4096, d_model=256, n_layer=6, d_state=64, d_conv=4, expand=2,
                 headdim=64, ngroups=1, chunk_size=64, eps=1e-5):
        self.vocab_size, self.d_model, self.n_layer = vocab_size, d_model, n_layer
        self.d_state, self.d_conv, self.expand = d_state, d_conv, expand
        self.headdim, self.ngroups, self.chunk_size, self.eps = headdim, ngroups, chunk_size, eps
        self.d_inner = expand * d_model
        assert self.d_inner % headdim == 0
        self.nheads = self.d_inner // headdim
        assert self.nheads % ngroups == 0

    def to_dict(self):
        return dict(self.__dict__)

    @staticmethod
    def from_dict(d):
        keys = ["vocab_size", "d_model", "n_layer", "d_state", "d_conv", "expand", "headdim",
                "ngroups", "chunk_size", "eps"]
        return Config(**{k: d[k] for k in keys})


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def ssd_chunked(x, a, B, C, Q):
    """y_t = sum_{s<=t} C_t . B_s * exp(a_{s+1} + ... + a_t) * x_s  (x already scaled by dt).

    x [b, T, h, p], a = dt*A [b, T, h], B/C [b, T, h, n]. Exact in exact arithmetic for any
    chunk size Q; T is zero-padded up to a multiple of Q (padded steps leave the state alone).
    Inter-chunk states are passed by a loop over chunks, which is cheap for training lengths
    and keeps long evaluation sequences linear in T.
    """
    b, T, h, p = x.shape
    pad = (-T) % Q
    if pad:
        x = F.pad(x, (0, 0, 0, 0, 0, pad))
        a = F.pad(a, (0, 0, 0, pad))
        B = F.pad(B, (0, 0, 0, 0, 0, pad))
        C = F.pad(C, (0, 0, 0, 0, 0, pad))
    c = x.shape[1] // Q
    x = x.view(b, c, Q, h, p)
    B = B.view(b, c, Q, h, -1)
    C = C.view(b, c, Q, h, -1)
    a = a.view(b, c, Q, h).permute(0, 3, 1, 2)                     # b h c Q
    acum = torch.cumsum(a, dim=-1)
    # segment sums within a chunk: seg[..., l, s] = acum[l] - acum[s] for s <= l
    seg = acum[..., :, None] - acum[..., None, :]
    causal = torch.ones(Q, Q, dtype=torch.bool, device=x.device).tril()
    L = torch.exp(seg.masked_fill(~causal, -math.inf))              # b h c l s
    scores = torch.einsum("bclhn,bcshn->bhcls", C, B) * L
    y = torch.einsum("bhcls,bcshp->bclhp", scores, x)
    # state contributed by each chunk alone, at the chunk end
    decay_to_end = torch.exp(acum[..., -1:] - acum)                 # b h c l
    states = torch.einsum("bclhn,bhcl,bclhp->bchpn", B, decay_to_end, x)
    chunk_decay = torch.exp(acum[..., -1])                          # b h c
    S = torch.zeros_like(states[:, 0])
    entering = []
    for i in range(c):
        entering.append(S)
        S = S * chunk_decay[:, :, i, None, None] + states[:, i]
    entering = torch.stack(entering, dim=1)                        # b c h p n
    y = y + torch.einsum("bclhn,bchpn,bhcl->bclhp", C, entering, torch.exp(acum))
    return y.reshape(b, c * Q, h, p)[:, :T]


class Mixer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        di, G, N, H = cfg.d_inner, cfg.ngroups, cfg.d_state, cfg.nheads
        self.conv_dim = di + 2 * G * N
        self.in_proj = nn.Linear(cfg.d_model, 2 * di + 2 * G * N + H, bias=False)
        self.conv1d = nn.Conv1d(self.conv_dim, self.conv_dim, cfg.d_conv, groups=self.conv_dim,
                                padding=cfg.d_conv - 1, bias=True)
        self.dt_bias = nn.Parameter(torch.zeros(H))
        self.A_log = nn.Parameter(torch.zeros(H))
        self.D = nn.Parameter(torch.ones(H))
        self.norm_weight = nn.Parameter(torch.ones(di))
        self.out_proj = nn.Linear(di, cfg.d_model, bias=False)

    def forward(self, u):
        cfg = self.cfg
        b, T, _ = u.shape
        di, G, N, H, P = cfg.d_inner, cfg.ngroups, cfg.d_state, cfg.nheads, cfg.headdim
        z, xBC, dt = torch.split(self.in_proj(u), [di, self.conv_dim, H], dim=-1)
        xBC = F.silu(self.conv1d(xBC.transpose(1, 2))[..., :T].transpose(1, 2))
        x, Bm, Cm = torch.split(xBC, [di, G * N, G * N], dim=-1)
        dt = F.softplus(dt + self.dt_bias)                          # b T H
        A = -torch.exp(self.A_log.float())
        x = x.reshape(b, T, H, P)
        # heads h*G//H .. share group g's B and C
        Bm = Bm.reshape(b, T, G, N).repeat_interleave(H // G, dim=2)
        Cm = Cm.reshape(b, T, G, N).repeat_interleave(H // G, dim=2)
        y = ssd_chunked(x * dt[..., None], dt * A, Bm, Cm, cfg.chunk_size)
        y = y + x * self.D[:, None]
        v = y.reshape(b, T, di) * F.silu(z)
        v = v.reshape(b, T, G, di // G)
        v = v * torch.rsqrt(v.pow(2).mean(-1, keepdim=True) + cfg.eps)
        return self.out_proj(v.reshape(b, T, di) * self.norm_weight)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.norm_weight = nn.Parameter(torch.ones(cfg.d_model))
        self.mixer = Mixer(cfg)
        self.eps = cfg.eps

    def forward(self, x):
        return x + self.mixer(rms_norm(x, self.norm_weight, self.eps))


class Mamba2LM(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embedding = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.layers = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.norm_f = nn.Parameter(torch.ones(cfg.d_model))

    def init_weights(self, seed):
        """The official Mamba-2 initialisation (mamba_ssm Mamba2.__init__ and _init_weights)."""
        g = torch.Generator().manual_seed(seed)
        cfg = self.cfg
        with torch.no_grad():
            self.embedding.weight.normal_(0.0, 0.02, generator=g)
            for blk in self.layers:
                m = blk.mixer
                for lin in (m.in_proj, m.out_proj):
                    bound = 1.0 / math.sqrt(lin.in_features)   # kaiming_uniform(a=sqrt(5))
                    lin.weight.uniform_(-bound, bound, generator=g)
                # residual branches add up over layers: scale the output projections down
                m.out_proj.weight /= math.sqrt(cfg.n_layer)
                k = 1.0 / math.sqrt(cfg.d_conv)                 # Conv1d default, fan_in = K
                m.conv1d.weight.uniform_(-k, k, generator=g)
                m.conv1d.bias.uniform_(-k, k, generator=g)
                dt = torch.exp(torch.rand(cfg.nheads, generator=g) * (math.log(0.1) - math.log(1e-3))
                               + math.log(1e-3)).clamp(min=1e-4)
                m.dt_bias.copy_(dt + torch.log(-torch.expm1(-dt)))  # inverse softplus
                m.A_log.copy_(torch.log(torch.empty(cfg.nheads).uniform_(1, 16, generator=g)))
                m.D.fill_(1.0)
                m.norm_weight.fill_(1.0)
                blk.norm_weight.fill_(1.0)
            self.norm_f.fill_(1.0)

    def forward(self, ids):
        x = self.embedding(ids)
        for blk in self.layers:
            x = blk(x)
        return F.linear(rms_norm(x, self.norm_f, self.cfg.eps), self.embedding.weight)

    def hf_state_dict(self):
        """Tensors under their HF transformers Mamba2 names (tied lm_head omitted)."""
        out = {"backbone.embeddings.weight": self.embedding.weight, "backbone.norm_f.weight": self.norm_f}
        for i, blk in enumerate(self.layers):
            p = "backbone.layers.%d." % i
            m = blk.mixer
            out[p + "norm.weight"] = blk.norm_weight
            out[p + "mixer.in_proj.weight"] = m.in_proj.weight
            out[p + "mixer.conv1d.weight"] = m.conv1d.weight
            out[p + "mixer.conv1d.bias"] = m.conv1d.bias
            out[p + "mixer.dt_bias"] = m.dt_bias
            out[p + "mixer.A_log"] = m.A_log
            out[p + "mixer.D"] = m.D
            out[p + "mixer.norm.weight"] = m.norm_weight
            out[p + "mixer.out_proj.weight"] = m.out_proj.weight
        return {k: v.detach().float().contiguous() for k, v in out.items()}


# ------------------------------------------------------------------------------ checkpoint

def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    off = 0
    names = sorted(tensors)
    for n in names:
        t = tensors[n]
        nbytes = t.numel() * 4
        header[n] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + nbytes]}
        off += nbytes
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((-len(h)) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for n in names:
            f.write(tensors[n].numpy().astype("<f4").tobytes())
    os.replace(path + ".tmp", path)


def hf_config(cfg):
    return {
        "architectures": ["Mamba2ForCausalLM"],
        "model_type": "mamba2",
        "bos_token_id": 0, "eos_token_id": 0, "pad_token_id": 0,
        "hidden_size": cfg.d_model,
        "num_hidden_layers": cfg.n_layer,
        "state_size": cfg.d_state,
        "conv_kernel": cfg.d_conv,
        "expand": cfg.expand,
        "head_dim": cfg.headdim,
        "num_heads": cfg.nheads,
        "n_groups": cfg.ngroups,
        "chunk_size": cfg.chunk_size,
        "vocab_size": cfg.vocab_size,
        "hidden_act": "silu",
        "initializer_range": 0.02,
        "layer_norm_epsilon": cfg.eps,
        "tie_word_embeddings": True,
        "time_step_limit": [0.0, float("inf")],
        "time_step_min": 0.001, "time_step_max": 0.1, "time_step_floor": 0.0001,
        "rescale_prenorm_residual": True,
        "use_bias": False,
        "use_conv_bias": True,
        "norm_before_gate": False,
        "rms_norm": True,
        "residual_in_fp32": True,
        "use_cache": True,
        "torch_dtype": "float32",
    }


def export_hf(model, tokenizer_path, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "config.json"), "w") as f:
        json.dump(hf_config(model.cfg), f, indent=2, sort_keys=True)   # writes Infinity, as HF does
        f.write("\n")
    write_safetensors(os.path.join(out_dir, "model.safetensors"), model.hf_state_dict(),
                      {"lm_head.weight": "backbone.embeddings.weight", "format": "pt"})
    shutil.copyfile(tokenizer_path, os.path.join(out_dir, "tokenizer.json"))


def save_ckpt(path, model, opt, step, extra):
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                "cfg": model.cfg.to_dict(), **extra}, tmp)
    os.replace(tmp, path)


def load_model(ckpt_path):
    ck = torch.load(ckpt_path, map_location="cpu")
    model = Mamba2LM(Config.from_dict(ck["cfg"]))
    model.load_state_dict(ck["model"])
    model.eval()
    return model, ck


# ------------------------------------------------------------------------------------ data

def tokenize_corpus(data_dir, tok_path, cache):
    """Documents joined with <|endoftext|> (also before the first one), as uint16."""
    if os.path.exists(cache):
        return np.load(cache)
    tok = ByteBPE(tok_path)
    t0 = time.time()
    ids, src = [], []
    with open(os.path.join(data_dir, "train_docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            t = [tok.eot_id] + tok.encode(d["text"])
            ids.extend(t)
            src.extend([d["src"].startswith("tinystories/")] * len(t))
    arr = np.array(ids, dtype=np.uint16)
    np.save(cache, arr)
    np.save(cache.replace(".npy", "_ts.npy"), np.array(src, dtype=bool))
    print("tokenised %d tokens in %.0f s" % (len(arr), time.time() - t0), flush=True)
    return arr


@torch.no_grad()
def file_nll(model, ids, ctx=0, block=4096):
    """Mean NLL (nats) of tokens 1..n-1 of ids, no BOS, the state reset every ctx tokens
    (0 = never): the protocol of examples/example_perplexity.c. Long inputs are run in one
    sequence per context window, so no state has to be carried between calls."""
    n = len(ids)
    if n < 2:
        return float("nan"), 0
    windows = [(s, min(n, s + ctx)) for s in range(0, n, ctx)] if ctx else [(0, n)]
    total, count = 0.0, 0
    for s, e in windows:
        x = torch.tensor(ids[s:e], dtype=torch.long)[None]
        logits = model(x)[0].double()
        tgt_end = min(e, n - 1)          # position t predicts token t+1
        if tgt_end <= s:
            continue
        lp = torch.log_softmax(logits[: tgt_end - s], dim=-1)
        tgt = torch.tensor(ids[s + 1: tgt_end + 1], dtype=torch.long)
        total += -lp.gather(1, tgt[:, None]).sum().item()
        count += tgt_end - s
    return total / count, count


# ----------------------------------------------------------------------------------- train

def lr_at(step, args):
    """Warmup, constant, then linear decay over the last decay_frac of the steps. A run can be
    shortened while still in the constant phase (rerun with a smaller --steps) and is then
    identical to a run started with that --steps."""
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    decay_start = int(args.steps * (1 - args.decay_frac))
    if step < decay_start:
        return args.lr
    t = min(1.0, (step - decay_start) / max(1, args.steps - decay_start))
    return args.lr * (1 - (1 - args.min_lr_frac) * t)


def cmd_train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    tok_path = args.tokenizer
    train_ids = tokenize_corpus(args.data, tok_path, os.path.join(args.out, "train_tokens.npy"))
    is_ts = np.load(os.path.join(args.out, "train_tokens_ts.npy"))
    tok = ByteBPE(tok_path)
    manifest = json.load(open(os.path.join(args.data, "manifest.json")))
    vals = {}
    for v in manifest["held_out"]:
        text = open(os.path.join(args.data, v["out"]), encoding="utf-8").read()
        vals[v["name"]] = tok.encode(text)
    print("train tokens %d (TinyStories %d), val tokens %s" % (
        len(train_ids), int(is_ts.sum()), {k: len(v) for k, v in vals.items()}), flush=True)

    vocab = max(len(tok.vocab), args.vocab)
    vocab = (vocab + 63) // 64 * 64
    cfg = Config(vocab_size=vocab, d_model=args.d_model, n_layer=args.n_layer, d_state=args.d_state,
                 headdim=args.headdim, expand=args.expand, ngroups=args.ngroups, chunk_size=args.chunk)
    model = Mamba2LM(cfg)
    model.init_weights(args.seed)
    n_params = sum(p.numel() for p in model.parameters())
    print("params %d (%.2f M), config %s" % (n_params, n_params / 1e6, cfg.to_dict()), flush=True)

    decay, no_decay = [], []
    for name, p in model.named_parameters():
        (decay if p.dim() >= 2 and "conv1d" not in name else no_decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    ckpt = os.path.join(args.out, "ckpt.pt")
    step, elapsed, tokens_seen = 0, 0.0, 0
    if os.path.exists(ckpt):
        ck = torch.load(ckpt, map_location="cpu")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed, tokens_seen = ck["step"], ck["elapsed"], ck["tokens"]
        print("resumed from %s at step %d" % (ckpt, step), flush=True)

    # TinyStories is 2-3 % of the text but is the style the quick start should produce:
    # draw a fixed share of the windows from it.
    ts_pos = np.flatnonzero(is_ts[: len(is_ts) - args.seq - 1])
    bk_pos = np.flatnonzero(~is_ts[: len(is_ts) - args.seq - 1])
    n_ts = int(round(args.batch * args.ts_frac))

    def batch(s):
        rng = np.random.default_rng([args.seed, s])   # depends on the step only -> resumable
        starts = np.concatenate([rng.choice(ts_pos, n_ts), rng.choice(bk_pos, args.batch - n_ts)])
        xy = np.stack([train_ids[i: i + args.seq + 1] for i in starts]).astype(np.int64)
        xy = torch.from_numpy(xy)
        return xy[:, :-1], xy[:, 1:]

    def evaluate():
        model.eval()
        r = {k: file_nll(model, v)[0] for k, v in vals.items()}
        model.train()
        return r

    model.train()
    loss_acc, n_acc, t_last, tok_last = 0.0, 0, time.time(), 0
    while step < args.steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args)
        x, y = batch(step)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, cfg.vocab_size), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens_seen += x.numel()
        tok_last += x.numel()
        loss_acc += loss.item()
        n_acc += 1
        if step % args.log_every == 0 or step == args.steps:
            now = time.time()
            elapsed += now - t_last
            msg = "step %d  lr %.2e  train %.4f  tok/s %.0f  tokens %d  time %.0f s" % (
                step, lr_at(step - 1, args), loss_acc / n_acc, tok_last / (now - t_last), tokens_seen, elapsed)
            if step % args.eval_every == 0 or step == args.steps:
                ev = evaluate()
                msg += "  val " + "  ".join("%s %.4f (ppl %.2f)" % (k, v, math.exp(v)) for k, v in ev.items())
            print(msg, flush=True)
            loss_acc, n_acc, tok_last = 0.0, 0, 0
            if step % args.ckpt_every == 0 or step == args.steps:
                save_ckpt(ckpt, model, opt, step, {"elapsed": elapsed, "tokens": tokens_seen,
                                                   "args": vars(args)})
            t_last = time.time()
    export_hf(model, tok_path, os.path.join(args.out, "hf"))
    print("done: %d steps, %d tokens, %.0f s; HF checkpoint in %s" % (
        step, tokens_seen, elapsed, os.path.join(args.out, "hf")), flush=True)


def cmd_export(args):
    model, _ = load_model(os.path.join(args.out, "ckpt.pt"))
    export_hf(model, args.tokenizer, os.path.join(args.out, "hf"))


def cmd_eval(args):
    torch.set_num_threads(args.threads)
    model, _ = load_model(os.path.join(args.out, "ckpt.pt"))
    tok = ByteBPE(args.tokenizer)
    with open(args.file, "rb") as f:
        text = f.read().decode("utf-8")
    ids = tok.encode(text)
    nll, _ = file_nll(model, ids, ctx=args.ctx)
    print("tokens=%d nll=%.6f ppl=%.4f" % (len(ids), nll, math.exp(nll)))


@torch.no_grad()
def cmd_greedy(args):
    torch.set_num_threads(args.threads)
    model, _ = load_model(os.path.join(args.out, "ckpt.pt"))
    tok = ByteBPE(args.tokenizer)
    prompt = tok.encode(args.prompt)
    ids, margins = list(prompt), []
    for _ in range(args.n):
        logits = model(torch.tensor(ids)[None])[0, -1]
        top = torch.topk(logits, 2)
        ids.append(int(top.indices[0]))
        margins.append(float(top.values[0] - top.values[1]))
    out = {"prompt": args.prompt, "prompt_ids": prompt, "greedy_ids": ids[len(prompt):],
           "top1_top2_margins": [round(m, 4) for m in margins],
           "min_margin": round(min(margins), 4),
           "text": tok.decode(ids[len(prompt):]),
           "note": "PyTorch float32 reference, full forward per step (tools/train.py greedy)"}
    s = json.dumps(out, indent=1)
    if args.json:
        with open(args.json, "w") as f:
            f.write(s + "\n")
    print(s)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=["train", "export", "eval", "greedy"])
    ap.add_argument("--data", default="train_out/data", help="output dir of prepare_data.py")
    ap.add_argument("--tokenizer", default="train_out/tokenizer.json")
    ap.add_argument("--out", default="train_out/run", help="checkpoints, logs, HF export (OUT/hf)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--d-state", type=int, default=64)
    ap.add_argument("--headdim", type=int, default=64)
    ap.add_argument("--expand", type=int, default=2)
    ap.add_argument("--ngroups", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=32)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--ts-frac", type=float, default=0.125, help="share of windows drawn from TinyStories")
    ap.add_argument("--steps", type=int, default=8000)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.05)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--decay-frac", type=float, default=0.25)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--eval-every", type=int, default=500)
    ap.add_argument("--ckpt-every", type=int, default=100)
    ap.add_argument("--file", help="eval: text file")
    ap.add_argument("--ctx", type=int, default=0, help="eval: reset the state every N tokens (0 = never)")
    ap.add_argument("--prompt", default="Once upon a time")
    ap.add_argument("-n", type=int, default=32)
    ap.add_argument("--json", help="greedy: write the result here")
    args = ap.parse_args()
    {"train": cmd_train, "export": cmd_export, "eval": cmd_eval, "greedy": cmd_greedy}[args.cmd](args)


if __name__ == "__main__":
    main()
