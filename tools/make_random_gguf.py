#!/usr/bin/env python3
"""Write a random-weight GGUF at the exact shape of a released model, with llama.cpp's tensor names,
metadata keys and conventions (A stored as -exp(A_log), the norm as {d_inner/G, G}, per-layer
head_count_kv for Granite's attention layers), for side-by-side speed runs: llama.cpp reads the
file (llama-quantize makes its other types) and mamba2.h gets the same weights through
`tools/convert.py FILE.gguf OUT.bin --dtype T`. Speed does not depend on the values; they are tame
(1/sqrt(fan_in) matrices, A in [-16, -1], dt in [1e-3, 1e-1], unit norms and D).

Usage:
    python3 tools/make_random_gguf.py SHAPE OUT.gguf --gguf-py LLAMA_CPP/gguf-py
        [--vocab LLAMA_CPP/models/ggml-vocab-gpt-neox.gguf] [--seed N]
SHAPE: mamba2-130m, mamba-130m, granite-h-350m, granite-h-1b, falcon-h1-0.5b.

Needs numpy and llama.cpp's gguf-py package (MIT, github.com/ggml-org/llama.cpp, the gguf-py folder
of a source tree): only this benchmarking tool uses them. The tokenizer is llama.cpp's GPT-NeoX
vocabulary file, cut or padded to the shape's vocabulary (merges kept where all pieces exist).
"""
import sys, math, argparse, os

ap = argparse.ArgumentParser(description='random-weight GGUF at a released model\'s shape')
ap.add_argument('shape'); ap.add_argument('out'); ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--gguf-py', required=True, help="llama.cpp's gguf-py folder")
ap.add_argument('--vocab', help="llama.cpp's models/ggml-vocab-gpt-neox.gguf (default: beside gguf-py)")
a = ap.parse_args()
sys.path.insert(0, a.gguf_py)
import numpy as np  # noqa: E402
from gguf import GGUFReader, GGUFWriter  # noqa: E402
vocab_file = a.vocab or os.path.join(os.path.dirname(os.path.abspath(a.gguf_py)), 'models', 'ggml-vocab-gpt-neox.gguf')
rng = np.random.default_rng(a.seed)

def lin(rows, cols):  # torch (out, in)
    return (rng.standard_normal((rows, cols), dtype=np.float32) * np.float32(1.0 / math.sqrt(cols)))
def ones(*s): return np.ones(s, dtype=np.float32)
def unif(lo, hi, *s): return rng.uniform(lo, hi, s).astype(np.float32)

SHAPES = {
  'mamba2-130m': dict(arch='mamba2', D=768, L=24, N=128, P=64, E=2, G=1, V=50288, tied=True),
  'granite-h-1b': dict(arch='granitehybrid', D=1536, L=40, N=128, P=64, H=48, dI=3072, G=1, V=100352, tied=True,
                       nh=12, nkv=4, hd=128, F=4096, attn=[5, 15, 25, 35]),
  'granite-h-350m': dict(arch='granitehybrid', D=768, L=32, N=128, P=64, H=48, dI=1536, G=1, V=100352, tied=True,
                       nh=12, nkv=4, hd=64, F=2048, attn=[10, 13, 17, 27]),
  'falcon-h1-0.5b': dict(arch='falcon-h1', D=1024, L=36, N=128, P=64, H=24, dI=1536, G=1, V=32784, tied=False,
                         nh=8, nkv=2, hd=64, F=2048),
  'mamba-130m': dict(arch='mamba', D=768, L=24, N=16, dI=1536, R=48, V=50280, tied=True),
}
if a.shape not in SHAPES: sys.exit('make_random_gguf: unknown shape %s (one of %s)' % (a.shape, ', '.join(SHAPES)))
s = SHAPES[a.shape]; arch = s['arch']; D, L, V = s['D'], s['L'], s['V']
w = GGUFWriter(a.out, arch)
w.add_context_length(1048576 if arch != 'falcon-h1' else 16384)
w.add_embedding_length(D); w.add_block_count(L)
w.add_layer_norm_rms_eps(1e-5)
w.add_file_type(0)
K = 4
w.add_ssm_conv_kernel(K); w.add_ssm_state_size(s['N'])

# tokenizer: llama.cpp's own GPT-NeoX vocabulary, cut or padded to V (merges kept where all three pieces exist)
vr = GGUFReader(vocab_file)
toks = [bytes(vr.fields['tokenizer.ggml.tokens'].parts[i]).decode('utf-8') for i in vr.fields['tokenizer.ggml.tokens'].data]
merges = [bytes(vr.fields['tokenizer.ggml.merges'].parts[i]).decode('utf-8') for i in vr.fields['tokenizer.ggml.merges'].data]
toks = toks[:V] + ['<|pad_%d|>' % i for i in range(V - min(V, len(toks)))]
have = set(toks)
merges = [m for m in merges if all(p in have for p in m.split(' ')) and m.replace(' ', '') in have]
w.add_tokenizer_model('gpt2'); w.add_tokenizer_pre('mpt')
w.add_token_list(toks); w.add_token_types([1] * V); w.add_token_merges(merges)
w.add_bos_token_id(0); w.add_eos_token_id(0)

def mamba2_layer(b, N, P, H, dI, G):
    w.add_tensor(b + 'ssm_in.weight', lin(2 * dI + 2 * G * N + H, D))
    cd = dI + 2 * G * N
    w.add_tensor(b + 'ssm_conv1d.weight', unif(-0.5, 0.5, cd, K)); w.add_tensor(b + 'ssm_conv1d.bias', unif(-0.1, 0.1, cd))
    w.add_tensor(b + 'ssm_dt.bias', np.log(np.expm1(unif(1e-3, 1e-1, H))).astype(np.float32))
    w.add_tensor(b + 'ssm_a', -unif(1, 16, H, 1)); w.add_tensor(b + 'ssm_d', ones(H, 1))
    if arch != 'falcon-h1': w.add_tensor(b + 'ssm_norm.weight', ones(G, dI // G))
    w.add_tensor(b + 'ssm_out.weight', lin(D, dI))
def attn_layer(b):
    nh, nkv, hd = s['nh'], s['nkv'], s['hd']
    w.add_tensor(b + 'attn_q.weight', lin(nh * hd, D)); w.add_tensor(b + 'attn_k.weight', lin(nkv * hd, D))
    w.add_tensor(b + 'attn_v.weight', lin(nkv * hd, D)); w.add_tensor(b + 'attn_output.weight', lin(D, nh * hd))
def mlp(b, F, norm_name='ffn_norm.weight'):
    w.add_tensor(b + norm_name, ones(D))
    w.add_tensor(b + 'ffn_gate.weight', lin(F, D)); w.add_tensor(b + 'ffn_up.weight', lin(F, D)); w.add_tensor(b + 'ffn_down.weight', lin(D, F))

w.add_tensor('token_embd.weight', rng.standard_normal((V, D), dtype=np.float32) * np.float32(0.02 if arch != 'granitehybrid' else 0.1))
w.add_tensor('output_norm.weight', ones(D))
if not s['tied']: w.add_tensor('output.weight', lin(V, D))

if arch == 'mamba2':
    N, P, G = s['N'], s['P'], s['G']; dI = s['E'] * D; H = dI // P
    w.add_feed_forward_length(0); w.add_head_count(0)
    w.add_ssm_inner_size(dI); w.add_ssm_time_step_rank(H); w.add_ssm_group_count(G)
    for l in range(L):
        b = 'blk.%d.' % l; w.add_tensor(b + 'attn_norm.weight', ones(D)); mamba2_layer(b, N, P, H, dI, G)
elif arch == 'mamba':
    dI, N, R = s['dI'], s['N'], s['R']
    w.add_feed_forward_length(0); w.add_head_count(0)
    w.add_ssm_inner_size(dI); w.add_ssm_time_step_rank(R); w.add_ssm_dt_b_c_rms(False)
    for l in range(L):
        b = 'blk.%d.' % l
        w.add_tensor(b + 'attn_norm.weight', ones(D))
        w.add_tensor(b + 'ssm_in.weight', lin(2 * dI, D))
        w.add_tensor(b + 'ssm_conv1d.weight', unif(-0.5, 0.5, dI, K)); w.add_tensor(b + 'ssm_conv1d.bias', unif(-0.1, 0.1, dI))
        w.add_tensor(b + 'ssm_x.weight', lin(R + 2 * N, dI))
        w.add_tensor(b + 'ssm_dt.weight', lin(dI, R)); w.add_tensor(b + 'ssm_dt.bias', np.log(np.expm1(unif(1e-3, 1e-1, dI))).astype(np.float32))
        w.add_tensor(b + 'ssm_a', -np.tile(np.arange(1, N + 1, dtype=np.float32), (dI, 1))); w.add_tensor(b + 'ssm_d', ones(dI))
        w.add_tensor(b + 'ssm_out.weight', lin(D, dI))
elif arch == 'granitehybrid':
    N, P, G, H, dI, F = s['N'], s['P'], s['G'], s['H'], s['dI'], s['F']
    w.add_feed_forward_length(F); w.add_head_count(s['nh'])
    w.add_head_count_kv([s['nkv'] if l in s['attn'] else 0 for l in range(L)])
    w.add_rope_freq_base(10000.0); w.add_expert_count(0); w.add_expert_used_count(0)
    w.add_vocab_size(V); w.add_rope_dimension_count(s['hd'])
    w.add_attention_scale(1.0 / s['hd']); w.add_embedding_scale(12.0); w.add_residual_scale(0.22); w.add_logit_scale(8.0)
    w.add_expert_shared_feed_forward_length(F)
    w.add_ssm_inner_size(dI); w.add_ssm_time_step_rank(H); w.add_ssm_group_count(G)
    w.add_bool('granitehybrid.rope.scaling.finetuned', False)
    for l in range(L):
        b = 'blk.%d.' % l; w.add_tensor(b + 'attn_norm.weight', ones(D))
        if l in s['attn']: attn_layer(b)
        else: mamba2_layer(b, N, P, H, dI, G)
        mlp(b, F)
elif arch == 'falcon-h1':
    N, P, G, H, dI, F = s['N'], s['P'], s['G'], s['H'], s['dI'], s['F']
    w.add_feed_forward_length(F); w.add_head_count(s['nh']); w.add_head_count_kv(s['nkv'])
    w.add_ssm_inner_size(dI); w.add_ssm_time_step_rank(H); w.add_ssm_group_count(G)
    w.add_vocab_size(V); w.add_key_length(s['hd']); w.add_value_length(s['hd']); w.add_rope_freq_base(1e11)
    for l in range(L):
        b = 'blk.%d.' % l; w.add_tensor(b + 'attn_norm.weight', ones(D))
        mamba2_layer(b, N, P, H, dI, G); attn_layer(b); mlp(b, F, 'ffn_norm')
w.add_quantization_version(2)
w.write_header_to_file(); w.write_kv_data_to_file(); w.write_tensors_to_file(); w.close()
print('wrote', a.out)
