#!/usr/bin/env python3
"""Convert a Mamba-2 checkpoint into a mamba2.h model file (README.md (File format), version 1).

Usage:
    python3 tools/convert.py SRC_DIR|FILE.gguf|MODEL.bin OUT.bin [--dtype f32|f16|bf16|q8_0|q4_0|q4_1|q5_0|q5_1|
                             q4_k|q5_k|q6_k|q4_k_m|q5_k_m]
                             [--tokenizer FILE | --no-tokenizer] [-q]

SRC_DIR is a local checkpoint folder in one of two layouts:

  * mamba_ssm (state-spaces/mamba2-*): config.json with d_model / n_layer / vocab_size /
    ssm_cfg ..., weights in pytorch_model.bin (torch.save zip) or model.safetensors.
  * Hugging Face transformers Mamba2ForCausalLM: config.json with model_type "mamba2",
    weights in model.safetensors or shards listed in model.safetensors.index.json.

--dtype picks the storage type of the four kinds of matrix (embedding, lm_head, in_proj,
out_proj); every small SSM parameter and norm is always written as F32. f16/bf16 inputs are
copied bit for bit when the output type is the same. The 4-/5-/6-bit types and the q4_k_m /
q5_k_m mixes (llama.cpp's choices of which matrices get more bits) are described in
tools/quant_mix.py; they need a C compiler for tools/quantize.c. A matrix whose rows are not
whole blocks of its type (32 values; 256 for the K types) is written in llama-quantize's fallback
type: a K type's 32-block neighbour (Q4_K -> Q5_0, Q5_K -> Q5_1, Q6_K -> Q8_0), else F16; one
note names every such matrix and the last line counts them ("q8_0 matrices (4 f16: rows not
multiples of 32)"). A block-quantized source tensor re-typed to another lossy type is widened to
f32 exactly and rounded again (lossy twice), which a note says.

SRC may also be a GGUF file (versions 2 and 3; named *.gguf or starting with the GGUF magic) of
the architectures mamba2, granitehybrid, nemotron_h, nemotron_h_moe, falcon-h1 and mamba:
tools/gguf.py presents it as the HF checkpoint of its family (config, tensors, tokenizer), undoing
llama.cpp's conventions, and it goes through the same path. Without --dtype every tensor keeps
its GGUF type bit for bit (F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K; other
types are refused by name), except small SSM parameters and norms, which are always F32
(dequantized exactly as ggml does if the file quantized them); --dtype T converts the matrices
to T. What the file does not say is assumed and printed as a note (e.g. Falcon-Mamba's mixer
eps, Granite's RoPE switch). The GGUF's tokenizer (tokenizer.ggml.*) is packed unless
--tokenizer or --no-tokenizer says otherwise.

SRC may also be a mamba2.h model file (versions 1 and 2, recognized by its magic "MAMBA2BN", not
its name), e.g. models/fable-3m.bin, whose checkpoint is not at hand: its header, layer kinds and
directory are checked as the loader checks them, the tensors (any dtype) are widened to f32
exactly and written with --dtype's rules, as above; without --dtype they keep their types. The
header's config and layer kinds and the tokenizer section (chat template included) are copied
unchanged (--no-tokenizer drops the tokenizer; --tokenizer is refused), and so are any bytes
after the last tensor; f32 -> f32 gives the same file back.

The tokenizer comes from --tokenizer FILE, else SRC_DIR/tokenizer.json, else none (the
state-spaces checkpoints ship without one; they use GPT-NeoX-20B's tokenizer.json).
BPE tokenizers as Hugging Face `tokenizers` runs them can be packed (byte-level and SentencePiece-
style; README.md, Tokenizer), with the tokenizer_config.json beside the file or in SRC_DIR (chat
template, named special tokens). pack_tokenizer_obj packs an already-parsed tokenizer.

Standard library only. When numpy can be imported it is used to speed up the f16 / bf16 /
q8_0 encoders; the results are bit-identical either way (set M2_CONVERT_NO_NUMPY=1 to force
the pure-Python code). Memory stays bounded: tensors are streamed in chunks straight from
the source files to the output, which is written to a temporary file next to OUT and renamed
into place only when everything succeeded.

Header fields that depend on what is known about the vocabulary:
  vocab_size  the packed tokenizer's n_vocab; else mamba_ssm's unpadded vocab_size; else all
              V rows (an HF config stores only the padded size).
  eos_id      with a tokenizer: the id of its "<|endoftext|>" added token, else the config's
              eos_token_id if that names a special added token, else -1. Without one: the
              HF config's eos_token_id if it is < vocab_size, else -1 (mamba_ssm stores none).
  bos_id      with a tokenizer: the config's bos_token_id if it names a special added token,
              else -1. Without one: the HF config's bos_token_id if < vocab_size, else -1.

Every failure prints exactly one line "convert.py: error: ..." on stderr and exits with 1.
pytorch_model.bin is read with a restricted unpickler that can only rebuild tensors; any
other callable a pickle asks for is refused, never executed.
"""

import argparse
import io
import json
import math
import os
import pickle
import re
import shutil
import struct
import sys
import tempfile
import time
import zipfile
import zlib
from array import array
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chat_template_check  # noqa: E402  (the chat templates the header renders: tools/chat_template_check.py)
import quant_mix  # noqa: E402  (the block types: tools/quant_mix.py)

PROG = "convert.py"

# Output dtype codes (README.md, File format §2; the quantized ones are GGUF's block layouts).
DT_F32, DT_F16, DT_BF16, DT_Q8_0 = 0, 1, 2, 3
DT_Q4_0, DT_Q4_1, DT_Q5_0, DT_Q5_1, DT_Q4_K, DT_Q5_K, DT_Q6_K = 4, 5, 6, 7, 8, 9, 10
DTYPE_CODES = {"F32": DT_F32, "F16": DT_F16, "BF16": DT_BF16, "Q8_0": DT_Q8_0,
               "Q4_0": DT_Q4_0, "Q4_1": DT_Q4_1, "Q5_0": DT_Q5_0, "Q5_1": DT_Q5_1,
               "Q4_K": DT_Q4_K, "Q5_K": DT_Q5_K, "Q6_K": DT_Q6_K}
CLI_DTYPES = {"f32": "F32", "f16": "F16", "bf16": "BF16", "q8_0": "Q8_0"}
# every dtype we can read or write: (elements per block, bytes per block), as in ggml
DTYPE_BLOCKS = {"F32": (1, 4), "F16": (1, 2), "BF16": (1, 2), "Q8_0": (32, 34),
                "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24),
                "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210)}
SOURCE_DTYPES = {"F32": 4, "F16": 2, "BF16": 2}  # float input dtypes, with item size
QUANT_DTYPES = ("Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K")  # read from GGUF
for _q in QUANT_DTYPES:
    SOURCE_DTYPES[_q] = DTYPE_BLOCKS[_q][1]  # bytes per block (SourceTensor.nbytes uses tensor_nbytes)
DTYPE_CODES.update(quant_mix.CODES)  # Q4_0 ... Q6_K (the same codes)
CLI_DTYPES.update(quant_mix.CLI)     # --dtype q4_0 ... q5_k_m (tools/quant_mix.py)

HEADER_SIZE = 160
HEADER_STRUCT = struct.Struct("<8sII6QII11I4f2iI16s")
assert HEADER_STRUCT.size == HEADER_SIZE
CRC_FIELD_OFFSET = 140
FLAG_TIED, FLAG_NORM_BEFORE_GATE, FLAG_PROJ_BIAS, FLAG_CONV_BIAS = 1, 2, 4, 8

ALIGN_DATA = 64
CHUNK_ELEMS = 1 << 20           # elements per conversion step (a multiple of 32 for q8_0)
PROGRESS_THRESHOLD = 100 << 20  # print progress for outputs larger than this
U32_MAX = 0xFFFFFFFF
DIM_MAX = 0x7FFFFFFF            # every config dimension must fit an i32 for the C side
# mamba2.h's bounds on a model file (M2__MAX_* and m2__validate_config); keep them in step
LOADER_MAX = {"d_model": 1 << 16, "n_layer": 4096, "vocab_rows": 1 << 24, "d_state": 4096,
              "d_conv": 64, "d_inner": 1 << 18, "chunk_size": 1 << 20}

MAX_CONFIG_BYTES = 16 << 20
MAX_TOKENIZER_BYTES = 1 << 30
MAX_ST_HEADER_BYTES = 100 << 20  # same cap as the safetensors library
MAX_PICKLE_BYTES = 256 << 20

_numpy = False  # not looked for yet


def numpy_or_none():
    """numpy if it can be imported (optional, only for speed), imported on first use so that
    runs which fail early or only copy bytes do not pay for it."""
    global _numpy
    if _numpy is False:
        _numpy = None
        if not os.environ.get("M2_CONVERT_NO_NUMPY"):
            try:
                import numpy
                _numpy = numpy
            except Exception:  # a broken numpy install must not break the converter
                pass
    return _numpy


class ConvertError(Exception):
    """An expected failure; main() prints its text as the single error line."""


def fail(msg):
    raise ConvertError(msg)


def clean(text, limit=200):
    """Make untrusted text (tensor names, JSON values) safe for a one-line message."""
    s = str(text)
    s = "".join(c if c.isprintable() else "\\x%02x" % ord(c) if ord(c) < 256
                else "\\u%04x" % ord(c) for c in s)
    return s if len(s) <= limit else s[:limit] + "..."


def shape_str(shape):
    return "[" + ", ".join(str(d) for d in shape) + "]"


def align(n, a):
    return (n + a - 1) // a * a


def prod(dims):
    p = 1
    for d in dims:
        p *= d
    return p


# ----------------------------------------------------------------------------------------
# JSON
# ----------------------------------------------------------------------------------------

def read_json(path, what, max_bytes):
    """Load a JSON file, turning every way it can be broken into one clear ConvertError.

    Python's json module accepts the non-strict values Infinity/-Infinity/NaN, which HF's
    config writer emits (time_step_limit = [0.0, Infinity]); NaN is rejected later, where a
    value is actually used.
    """
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        fail("cannot read %s: %s" % (what, e.strerror or e))
    if len(data) > max_bytes:
        fail("%s is larger than %d MiB; refusing to parse it" % (what, max_bytes >> 20))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("%s is not valid UTF-8 (bad byte at offset %d)" % (what, e.start))
    try:
        return json.loads(text)
    except RecursionError:
        fail("%s is not valid JSON: nested too deeply" % what)
    except ValueError as e:
        fail("%s is not valid JSON: %s" % (what, e))


# ----------------------------------------------------------------------------------------
# Model configuration
# ----------------------------------------------------------------------------------------

class ModelConfig:
    """Everything the forward pass needs, resolved from either config layout."""

    def __init__(self):
        self.layout = None             # "mamba_ssm" or "hf"
        self.d_model = self.n_layer = self.vocab_rows = 0
        self.vocab_size_unpadded = None  # mamba_ssm only: the real vocabulary
        self.d_state = self.d_conv = self.expand = self.headdim = 0
        self.ngroups = self.chunk_size = 0
        self.d_inner = self.nheads = self.conv_dim = self.d_in_proj = 0
        self.norm_eps = self.gated_norm_eps = 1e-5
        self.dt_min, self.dt_max = 0.0, math.inf
        self.norm_before_gate = False
        self.proj_bias = False
        self.conv_bias = True
        self.tie = False
        self.eos_token_id = None       # HF only
        self.bos_token_id = None
        # format version 2 (README.md, File format): the kinds of every layer and what they need
        self.family = "mamba2"
        self.layers = None             # [(mixer, ffn)], None = every layer a Mamba-2 mixer
        self.n_head = self.n_kv_head = self.head_dim = 0
        self.rope, self.rope_theta, self.attn_scale = False, 10000.0, 0.0
        self.qkv_bias = self.o_bias = self.ffn_bias = False
        self.d_ff, self.ffn_act = 0, 0
        self.n_expert = self.n_expert_used = self.d_expert = self.d_shared = 0
        self.router, self.routed_scale = 0, 1.0
        self.n_expert_group = self.topk_group = 1
        self.moe_norm_topk = self.moe_correction_bias = False
        self.embed_scale = self.residual_scale = self.logit_scale = 1.0
        self.n_ctx_train = 0
        self.dt_rank, self.mixer_rms_eps, self.bc_dt_norm = 0, 0.0, False
        self.gated_norm = True
        self.assumed = []              # notes on defaults taken for absent keys
        self.fold = {}                 # our tensor name suffix -> (weight factor(s), bias factor(s))
        self.source_prefix = None      # family mapping: our name -> source name (map_sources)


_MISSING = object()


def _to_float(v, where, key):
    try:
        return float(v)
    except OverflowError:  # a JSON integer with hundreds of digits
        fail("%s: '%s' is out of range" % (where, key))


class ConfigReader:
    """Typed access to a config dict with messages that name the key."""

    def __init__(self, obj, where):
        self.obj = obj
        self.where = where

    def _raw(self, key, default):
        if key in self.obj:
            return self.obj[key]
        if default is _MISSING:
            fail("%s: missing key '%s'" % (self.where, key))
        return default

    def int(self, key, default=_MISSING, minimum=1, maximum=DIM_MAX):
        v = self._raw(key, default)
        if isinstance(v, float) and math.isnan(v):
            fail("%s: '%s' is NaN" % (self.where, key))
        if isinstance(v, bool) or not isinstance(v, int):
            fail("%s: '%s' must be an integer, not %s" % (self.where, key, clean(json.dumps(v))))
        if v < minimum or v > maximum:
            fail("%s: '%s' = %d is out of range [%d, %d]" % (self.where, key, v, minimum, maximum))
        return v

    def float(self, key, default=_MISSING):
        v = self._raw(key, default)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            fail("%s: '%s' must be a number, not %s" % (self.where, key, clean(json.dumps(v))))
        v = _to_float(v, self.where, key)
        if math.isnan(v):
            fail("%s: '%s' is NaN" % (self.where, key))
        return v

    def bool(self, key, default=_MISSING):
        v = self._raw(key, default)
        if not isinstance(v, bool):
            fail("%s: '%s' must be true or false, not %s" % (self.where, key, clean(json.dumps(v))))
        return v

    def dt_limit(self, key):
        v = self._raw(key, None)
        if v is None:
            return 0.0, math.inf
        if not isinstance(v, (list, tuple)) or len(v) != 2 or any(
                isinstance(x, bool) or not isinstance(x, (int, float)) for x in v):
            fail("%s: '%s' must be a pair of numbers, not %s" % (self.where, key, clean(json.dumps(v))))
        lo, hi = _to_float(v[0], self.where, key), _to_float(v[1], self.where, key)
        if math.isnan(lo) or math.isnan(hi):
            fail("%s: '%s' contains NaN" % (self.where, key))
        if lo > hi or f32_round(lo) == math.inf:
            fail("%s: '%s' = [%r, %r] is not a valid clamp range" % (self.where, key, lo, hi))
        return lo, hi

    def optional_token_id(self, key):
        """HF stores token ids as int, null, or (in some models) a list; take the first."""
        v = self.obj.get(key)
        if isinstance(v, list) and v:
            v = v[0]
        if isinstance(v, float) and math.isnan(v):
            fail("%s: '%s' is NaN" % (self.where, key))
        if isinstance(v, bool) or not isinstance(v, int) or v < 0 or v > DIM_MAX:
            return None
        return v


def load_config(src_dir):
    path = os.path.join(src_dir, "config.json")
    if not os.path.isfile(path):
        fail("unknown checkpoint layout: %s has no config.json" % clean(src_dir))
    obj = read_json(path, "config.json", MAX_CONFIG_BYTES)
    if not isinstance(obj, dict):
        fail("config.json must contain a JSON object")
    if "model_type" in obj:
        mt = obj["model_type"]
        family = HYBRID_FAMILIES.get(mt) if isinstance(mt, str) else None
        if mt == "mamba2":
            cfg = parse_hf_config(ConfigReader(obj, "config.json"))
        elif family is not None:
            cfg = family(ConfigReader(obj, "config.json"))
        elif mt in REFUSED_FAMILIES:
            fail(REFUSED_FAMILIES[mt])
        else:
            fail("unknown checkpoint layout: config.json has model_type %s (expected one of %s)"
                 % (clean(json.dumps(mt)), ", ".join(["'mamba2'"] + ["'%s'" % k for k in sorted(HYBRID_FAMILIES)])))
    elif "d_model" in obj and "n_layer" in obj:
        cfg = parse_mamba_ssm_config(ConfigReader(obj, "config.json"))
    else:
        fail("unknown checkpoint layout: config.json has neither mamba_ssm keys "
             "(d_model, n_layer, ssm_cfg) nor an HF model_type 'mamba2'")
    finish_config(cfg)
    return cfg


def parse_mamba_ssm_config(r):
    """mamba_ssm MambaConfig; missing ssm_cfg keys take Mamba2.__init__ defaults."""
    c = ModelConfig()
    c.layout = "mamba_ssm"
    o = r.obj
    ssm = o.get("ssm_cfg")
    if ssm is None:
        ssm = {}
    if not isinstance(ssm, dict):
        fail("config.json: 'ssm_cfg' must be an object")
    layer = ssm.get("layer", "Mamba1")
    if layer == "Mamba1":
        return parse_mamba1_ssm_config(r, ssm)
    if layer != "Mamba2":
        fail("config.json: unsupported ssm_cfg.layer %s (only 'Mamba2')" % clean(json.dumps(layer)))

    # Features of MambaLMHeadModel that this library does not implement: refuse by name.
    d_intermediate = r.int("d_intermediate", 0, minimum=0)
    if d_intermediate != 0:
        fail("MLP layers are not supported (config.json d_intermediate = %d)" % d_intermediate)
    attn = o.get("attn_layer_idx", [])
    if attn is None:
        attn = []
    if not isinstance(attn, list):
        fail("config.json: 'attn_layer_idx' must be a list")
    if attn:
        fail("attention layers are not supported (config.json attn_layer_idx = %s)"
             % clean(json.dumps(attn)))
    if not r.bool("rms_norm", True):
        fail("LayerNorm models are not supported (config.json rms_norm = false)")

    s = ConfigReader(ssm, "config.json ssm_cfg")
    if s.bool("D_has_hdim", False):
        fail("per-channel D is not supported (config.json ssm_cfg.D_has_hdim = true)")
    if not s.bool("rmsnorm", True):
        fail("Mamba-2 without the gated RMSNorm is not supported (config.json ssm_cfg.rmsnorm = false)")
    if s.bool("learnable_init_states", False):
        fail("learnable initial states are not supported (config.json ssm_cfg.learnable_init_states = true)")
    act = ssm.get("activation", "silu")
    if act not in ("silu", "swish"):
        fail("config.json: ssm_cfg.activation %s is not supported (only 'silu')" % clean(json.dumps(act)))

    c.d_model = r.int("d_model")
    c.n_layer = r.int("n_layer")
    vocab = r.int("vocab_size")
    mult = r.int("pad_vocab_size_multiple", 8)  # MambaConfig's default
    c.vocab_size_unpadded = vocab
    c.vocab_rows = align(vocab, mult)
    c.d_state = s.int("d_state", 128)
    c.d_conv = s.int("d_conv", 4)
    c.expand = s.int("expand", 2)
    c.headdim = s.int("headdim", 64)
    c.ngroups = s.int("ngroups", 1)
    c.chunk_size = s.int("chunk_size", 256)
    c.dt_min, c.dt_max = s.dt_limit("dt_limit")
    c.norm_before_gate = s.bool("norm_before_gate", False)
    c.proj_bias = s.bool("bias", False)
    c.conv_bias = s.bool("conv_bias", True)
    c.tie = r.bool("tie_embeddings", True)
    # mamba_ssm stores no eps: norm_epsilon defaults to 1e-5 and Mamba2 hard-codes the gated
    # norm's 1e-5.
    c.norm_eps = c.gated_norm_eps = 1e-5
    d_ssm = ssm.get("d_ssm")
    if d_ssm is not None and d_ssm != c.expand * c.d_model:
        fail("config.json: ssm_cfg.d_ssm = %s (a gated MLP inside in_proj) is not supported"
             % clean(json.dumps(d_ssm)))
    return c


def parse_hf_config(r):
    """HF Mamba2Config; absent keys take the Mamba2Config class defaults, like transformers."""
    c = ModelConfig()
    c.layout = "hf"
    c.d_model = r.int("hidden_size")
    c.n_layer = r.int("num_hidden_layers")
    c.vocab_rows = r.int("vocab_size")
    c.d_state = r.int("state_size", 128)
    c.d_conv = r.int("conv_kernel", 4)
    c.expand = r.int("expand", 2)
    c.headdim = r.int("head_dim", 64)
    c.ngroups = r.int("n_groups", 8)
    c.chunk_size = r.int("chunk_size", 256)
    num_heads = r.int("num_heads", 128)
    c.norm_eps = c.gated_norm_eps = r.float("layer_norm_epsilon", 1e-5)
    c.dt_min, c.dt_max = r.dt_limit("time_step_limit")
    c.norm_before_gate = r.bool("norm_before_gate", False)
    c.proj_bias = r.bool("use_bias", False)
    c.conv_bias = r.bool("use_conv_bias", True)
    c.tie = r.bool("tie_word_embeddings", False)
    if not r.bool("rms_norm", True):
        fail("Mamba-2 without the gated RMSNorm is not supported (config.json rms_norm = false)")
    act = r.obj.get("hidden_act", "silu")
    if act not in ("silu", "swish"):
        fail("config.json: hidden_act %s is not supported (only 'silu')" % clean(json.dumps(act)))
    c.eos_token_id = r.optional_token_id("eos_token_id")
    c.bos_token_id = r.optional_token_id("bos_token_id")
    d_inner = c.expand * c.d_model
    if d_inner % c.headdim != 0 or num_heads != d_inner // c.headdim:
        fail("config.json: num_heads = %d but expand*hidden_size/head_dim = %d*%d/%d = %s"
             % (num_heads, c.expand, c.d_model, c.headdim,
                d_inner // c.headdim if d_inner % c.headdim == 0 else "%g" % (d_inner / c.headdim)))
    return c


def finish_config(c):
    """Derive the dependent sizes and check they are consistent and fit the header."""
    if not c.d_inner:
        c.d_inner = c.expand * c.d_model
    if c.d_inner % c.headdim != 0:
        fail("config: d_inner = expand*d_model = %d is not a multiple of headdim %d"
             % (c.d_inner, c.headdim))
    c.nheads = c.d_inner // c.headdim
    if c.nheads % c.ngroups != 0:
        fail("config: nheads = %d is not a multiple of ngroups = %d" % (c.nheads, c.ngroups))
    c.conv_dim = c.d_inner + 2 * c.ngroups * c.d_state
    c.d_in_proj = 2 * c.d_inner + 2 * c.ngroups * c.d_state + c.nheads
    for name in ("vocab_rows", "d_inner", "conv_dim", "d_in_proj"):
        if getattr(c, name) > DIM_MAX:
            fail("config: %s = %d is too large" % (name, getattr(c, name)))
    # mamba2.h refuses files beyond these (m2__validate_config): refuse them here, before a
    # million-layer config makes the tensor plan take minutes and gigabytes
    for name, limit in (("d_model", LOADER_MAX["d_model"]), ("n_layer", LOADER_MAX["n_layer"]),
                        ("vocab_rows", LOADER_MAX["vocab_rows"]), ("d_state", LOADER_MAX["d_state"]),
                        ("d_conv", LOADER_MAX["d_conv"]), ("d_inner", LOADER_MAX["d_inner"]),
                        ("chunk_size", LOADER_MAX["chunk_size"])):
        if getattr(c, name) > limit:
            fail("config: %s = %d is beyond what mamba2.h loads (at most %d)" % (name, getattr(c, name), limit))
    if c.ngroups * c.d_state > LOADER_MAX["d_inner"]:
        fail("config: ngroups x d_state = %d is beyond what mamba2.h loads (at most %d)"
             % (c.ngroups * c.d_state, LOADER_MAX["d_inner"]))
    for name in ("norm_eps", "gated_norm_eps"):
        v = getattr(c, name)
        if not (math.isfinite(v) and v > 0 and v < 1 and f32_round(v) > 0 and f32_round(v) < 1):
            fail("config: %s = %r must be a float32 in (0, 1), as mamba2.h requires" % (name.replace("gated_", ""), v))


# ----------------------------------------------------------------------------------------
# Hybrid families (format version 2): each reads its config.json into the block list and says
# how its tensor names map onto ours (README.md, File format). The semantics of each family are
# those of its transformers model code, with the decisions listed in README.md (Model families).
# ----------------------------------------------------------------------------------------

MIXER_NONE, MIXER_MAMBA2, MIXER_ATTENTION, MIXER_PARALLEL, MIXER_MAMBA1 = 0, 1, 2, 3, 4
FFN_NONE, FFN_DENSE, FFN_MOE = 0, 1, 2
ACT_SWIGLU, ACT_RELU2 = 1, 2
ROUTER_SOFTMAX_TOPK, ROUTER_SIGMOID_GROUPS = 1, 2

REFUSED_FAMILIES = {
    "zamba2": "Zamba2 checkpoints are not supported (model_type 'zamba2': its shared attention blocks "
              "with per-layer LoRA are not a layer kind of mamba2.h)",
    "zamba": "Zamba checkpoints are not supported (model_type 'zamba': shared attention blocks)",
    "plamo2": "PLaMo 2 checkpoints are not supported (model_type 'plamo2')",
    "plamo": "PLaMo checkpoints are not supported (model_type 'plamo')",
    "jamba": "Jamba checkpoints are not supported (model_type 'jamba': Mamba-1 with attention and MoE)",
    "bamba": "Bamba checkpoints are not supported yet (model_type 'bamba')",
}


def _assume(c, r, key, default):
    """A key the config lacks takes the family's default; say so."""
    if key not in r.obj:
        c.assumed.append("%s absent, assumed %s" % (key, json.dumps(default)))
    return default


def _multiplier(c, r, key):
    if key not in r.obj or r.obj[key] is None:
        _assume(c, r, key, 1.0)
        return 1.0
    v = r.float(key)
    if not math.isfinite(v):
        fail("config.json: '%s' must be finite" % key)
    return v


def _mamba_common(c, r, keys):
    """The Mamba-2 mixer's keys under a family's names: keys maps our field -> (key, default)."""
    def get(field, kind="int", minimum=1):
        key, default = keys[field]
        if isinstance(key, tuple):  # the first alias present wins
            key = next((k for k in key if k in r.obj), key[0])
        if key not in r.obj or r.obj[key] is None:
            _assume(c, r, key, default)
            return default
        if kind == "bool":
            return r.bool(key)
        return r.int(key, minimum=minimum)
    c.nheads = get("nheads")
    c.d_state = get("d_state")
    c.ngroups = get("ngroups")
    c.d_conv = get("d_conv")
    c.chunk_size = get("chunk_size")
    c.conv_bias = get("conv_bias", "bool")
    c.proj_bias = get("proj_bias", "bool")
    return get


def _attention_common(c, r, heads_key="num_attention_heads", kv_key="num_key_value_heads"):
    c.n_head = r.int(heads_key)
    kv = r.obj.get(kv_key)
    c.n_kv_head = c.n_head if kv is None else r.int(kv_key)
    if c.n_head % c.n_kv_head:
        fail("config.json: %s = %d is not a multiple of %s = %d" % (heads_key, c.n_head, kv_key, c.n_kv_head))


def _layer_list(value, key, letters):
    """A per-layer pattern: a string of letters or a list of names, mapped through `letters`."""
    items = list(value) if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        fail("config.json: '%s' must be a non-empty string or list" % key)
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, str) or item not in letters:
            fail("config.json: %s[%d] = %s is not a layer kind mamba2.h runs (known: %s)"
                 % (key, i, clean(json.dumps(item)), ", ".join(sorted(letters))))
        out.append(letters[item])
    return out


def _hf_start(r, family, with_layers=True):
    """What every HF family config shares: width, depth, vocabulary."""
    c = ModelConfig()
    c.layout, c.family = "hf", family
    c.d_model = r.int("hidden_size")
    if with_layers:
        c.n_layer = r.int("num_hidden_layers")
    c.vocab_rows = r.int("vocab_size")
    return c


def _hf_finish(c, r, tie_default=False):
    """... and its tail: tied embeddings, trained context, special token ids."""
    c.tie = r.bool("tie_word_embeddings", tie_default)
    c.n_ctx_train = r.int("max_position_embeddings", 0, minimum=0)
    c.eos_token_id = r.optional_token_id("eos_token_id")
    c.bos_token_id = r.optional_token_id("bos_token_id")
    return c


# The Mamba-2 keys of Granite 4.0-H and Falcon-H1 (the same names, transformers' defaults)
_MAMBA_N_KEYS = {"nheads": ("mamba_n_heads", 128), "d_state": ("mamba_d_state", 256),
                 "ngroups": ("mamba_n_groups", 1), "d_conv": ("mamba_d_conv", 4),
                 "chunk_size": ("mamba_chunk_size", 256), "conv_bias": ("mamba_conv_bias", True),
                 "proj_bias": ("mamba_proj_bias", False)}


def _mamba_headdim(c, r, inner_name, inner_formula):
    """c.headdim from mamba_d_head, or c.d_inner / c.nheads where it is "auto" or null. The errors
    name d_inner as inner_name (not divisible) and inner_formula (product differs)."""
    head = r.obj.get("mamba_d_head", "auto")
    if head == "auto" or head is None:
        if c.d_inner % c.nheads:
            fail("config.json: mamba_d_head 'auto' but %s = %d is not a multiple of mamba_n_heads = %d" % (inner_name, c.d_inner, c.nheads))
        c.headdim = c.d_inner // c.nheads
    else:
        c.headdim = r.int("mamba_d_head")
    if c.headdim * c.nheads != c.d_inner:
        fail("config.json: mamba_n_heads x mamba_d_head = %d x %d != %s = %d" % (c.nheads, c.headdim, inner_formula, c.d_inner))


def parse_granite_config(r):
    """IBM Granite 4.0 hybrid (transformers GraniteMoeHybridConfig; defaults as that class)."""
    c = _hf_start(r, "granitemoehybrid")
    o = r.obj
    kinds = o.get("layer_types", o.get("layers_block_type"))
    if kinds is None:
        _assume(c, r, "layer_types", "mamba (every layer)")
        kinds = ["mamba"] * c.n_layer
    kinds = _layer_list(kinds, "layer_types", {"mamba": MIXER_MAMBA2, "attention": MIXER_ATTENTION})
    if len(kinds) != c.n_layer:
        fail("config.json: layer_types has %d entries for num_hidden_layers = %d" % (len(kinds), c.n_layer))
    get = _mamba_common(c, r, _MAMBA_N_KEYS)
    c.expand = get_int_default(c, r, "mamba_expand", 2)
    c.d_inner = c.expand * c.d_model
    _mamba_headdim(c, r, "d_inner", "mamba_expand x hidden_size")
    c.norm_eps = c.gated_norm_eps = r.float("rms_norm_eps", _assume(c, r, "rms_norm_eps", 1e-6))
    _attention_common(c, r)
    if c.d_model % c.n_head:
        fail("config.json: hidden_size %d is not a multiple of num_attention_heads %d (Granite's head_dim is their quotient)"
             % (c.d_model, c.n_head))
    c.head_dim = c.d_model // c.n_head
    pe = o.get("position_embedding_type")
    c.rope = pe == "rope"
    if c.rope:
        if o.get("rope_scaling") not in (None, {}):
            fail("config.json: rope_scaling %s is not supported (only default RoPE)" % clean(json.dumps(o.get("rope_scaling"))))
        c.rope_theta = r.float("rope_theta", _assume(c, r, "rope_theta", 10000.0))
    c.qkv_bias = c.o_bias = r.bool("attention_bias", False)
    c.embed_scale = _multiplier(c, r, "embedding_multiplier")
    c.attn_scale = _multiplier(c, r, "attention_multiplier")
    c.residual_scale = _multiplier(c, r, "residual_multiplier")
    scaling = _multiplier(c, r, "logits_scaling")
    if scaling == 0:
        fail("config.json: logits_scaling is 0")
    c.logit_scale = 1.0 / scaling
    act = o.get("hidden_act", "silu")
    if act not in ("silu", "swish"):
        fail("config.json: hidden_act %s is not supported (only 'silu')" % clean(json.dumps(act)))
    c.ffn_act = ACT_SWIGLU
    n_exp = get_int_default(c, r, "num_local_experts", 8, minimum=0)
    shared = get_int_default(c, r, "shared_intermediate_size", 1024, minimum=0)
    if n_exp == 0:
        if shared == 0:
            fail("config.json: a dense Granite model needs shared_intermediate_size > 0")
        c.d_ff, ffn = shared, FFN_DENSE
    else:
        c.n_expert = n_exp
        c.n_expert_used = get_int_default(c, r, "num_experts_per_tok", 2)
        if c.n_expert_used > c.n_expert:
            fail("config.json: num_experts_per_tok = %d exceeds num_local_experts = %d" % (c.n_expert_used, c.n_expert))
        c.d_expert = get_int_default(c, r, "intermediate_size", 11008)
        c.d_shared = shared
        c.router, c.routed_scale = ROUTER_SOFTMAX_TOPK, 1.0
        ffn = FFN_MOE
    c.layers = [(k, ffn) for k in kinds]
    return _hf_finish(c, r)


def get_int_default(c, r, key, default, minimum=1):
    if key not in r.obj or r.obj[key] is None:
        _assume(c, r, key, default)
        return default
    return r.int(key, minimum=minimum)


def parse_nemotron_config(r):
    """NVIDIA Nemotron-H (transformers NemotronHConfig), dense and MoE."""
    c = _hf_start(r, "nemotron_h", with_layers=False)
    o = r.obj
    letters = {"M": (MIXER_MAMBA2, FFN_NONE), "*": (MIXER_ATTENTION, FFN_NONE), "-": (MIXER_NONE, FFN_DENSE),
               "E": (MIXER_NONE, FFN_MOE), "mamba": (MIXER_MAMBA2, FFN_NONE), "attention": (MIXER_ATTENTION, FFN_NONE),
               "full_attention": (MIXER_ATTENTION, FFN_NONE), "mlp": (MIXER_NONE, FFN_DENSE), "moe": (MIXER_NONE, FFN_MOE)}
    if "hybrid_override_pattern" in o:
        c.layers = _layer_list(o["hybrid_override_pattern"], "hybrid_override_pattern", letters)
    elif "layers_block_type" in o:
        c.layers = _layer_list(o["layers_block_type"], "layers_block_type", letters)
    else:
        fail("config.json: a nemotron_h config needs hybrid_override_pattern (or layers_block_type)")
    c.n_layer = len(c.layers)
    if "num_hidden_layers" in o and r.int("num_hidden_layers") != c.n_layer:
        fail("config.json: num_hidden_layers = %s but the layer pattern has %d layers" % (o["num_hidden_layers"], c.n_layer))
    eps_key = next((k for k in ("layer_norm_epsilon", "rms_norm_eps", "norm_eps") if k in o), None)
    c.norm_eps = c.gated_norm_eps = r.float(eps_key) if eps_key else _assume(c, r, "layer_norm_epsilon", 1e-5)
    _mamba_common(c, r, {"nheads": ("mamba_num_heads", 128), "d_state": ("ssm_state_size", 128),
                         "ngroups": (("n_groups", "mamba_n_groups"), 8), "d_conv": (("conv_kernel", "mamba_d_conv"), 4),
                         "chunk_size": ("chunk_size", 128), "conv_bias": (("use_conv_bias", "mamba_conv_bias"), True),
                         "proj_bias": ("use_bias", False)})
    c.headdim = get_int_default(c, r, "mamba_head_dim", 64)
    c.d_inner = c.nheads * c.headdim          # NOT expand * hidden_size (SEMANTICS)
    c.expand = 0
    c.dt_min, c.dt_max = r.dt_limit("time_step_limit")
    for key in ("mamba_hidden_act",):
        if o.get(key, "silu") not in ("silu", "swish"):
            fail("config.json: %s %s is not supported (only 'silu')" % (key, clean(json.dumps(o.get(key)))))
    has_attn = any(m == MIXER_ATTENTION for m, _ in c.layers)
    if has_attn:
        _attention_common(c, r)
        hd_key = next((k for k in ("head_dim", "attention_head_dim") if k in o and o[k] is not None), None)
        c.head_dim = r.int(hd_key) if hd_key else c.d_model // c.n_head
        if not hd_key:
            c.assumed.append("head_dim absent, assumed hidden_size / num_attention_heads = %d" % c.head_dim)
    if r.obj.get("attention_bias"):
        fail("config.json: attention_bias = true is not supported (no released Nemotron-H has attention biases)")
    if any(f != FFN_NONE for _, f in c.layers):
        act = o.get("mlp_hidden_act", "relu2")
        if act != "relu2":
            fail("config.json: mlp_hidden_act %s is not supported (only 'relu2')" % clean(json.dumps(act)))
        c.ffn_act = ACT_RELU2
        c.ffn_bias = r.bool("mlp_bias", False)
    if any(f == FFN_DENSE for _, f in c.layers):
        c.d_ff = r.int("intermediate_size")
    if any(f == FFN_MOE for _, f in c.layers):
        if o.get("moe_latent_size") is not None:
            fail("config.json: moe_latent_size is set: latent MoE projections are not supported")
        if c.ffn_bias:
            fail("config.json: mlp_bias = true is not supported for MoE layers")
        c.n_expert = r.int("n_routed_experts")
        c.n_expert_used = r.int("num_experts_per_tok")
        if c.n_expert_used > c.n_expert:
            fail("config.json: num_experts_per_tok = %d exceeds n_routed_experts = %d" % (c.n_expert_used, c.n_expert))
        c.d_expert = r.int("moe_intermediate_size")
        shared_n = get_int_default(c, r, "n_shared_experts", 1, minimum=0)
        if shared_n not in (0, 1):
            fail("config.json: n_shared_experts = %d is not supported (0 or 1)" % shared_n)
        c.d_shared = r.int("moe_shared_expert_intermediate_size") if shared_n else 0
        c.router = ROUTER_SIGMOID_GROUPS
        c.routed_scale = r.float("routed_scaling_factor", _assume(c, r, "routed_scaling_factor", 1.0))
        c.moe_norm_topk = r.bool("norm_topk_prob", _assume(c, r, "norm_topk_prob", True))
        c.n_expert_group = get_int_default(c, r, "n_group", 1)
        c.topk_group = get_int_default(c, r, "topk_group", 1)
        if c.n_expert % c.n_expert_group or c.topk_group > c.n_expert_group:
            fail("config.json: n_group = %d / topk_group = %d do not fit %d experts" % (c.n_expert_group, c.topk_group, c.n_expert))
        c.moe_correction_bias = True
    return _hf_finish(c, r)


def parse_falcon_h1_config(r):
    """TII Falcon-H1 (transformers FalconH1Config): attention and Mamba-2 in parallel in every layer."""
    c = _hf_start(r, "falcon_h1")
    o = r.obj
    _attention_common(c, r)
    hd = o.get("head_dim")
    c.head_dim = r.int("head_dim") if hd is not None else c.d_model // c.n_head
    if hd is None:
        c.assumed.append("head_dim absent, assumed hidden_size / num_attention_heads = %d" % c.head_dim)
    c.d_ff = r.int("intermediate_size", _assume(c, r, "intermediate_size", 14336))
    c.norm_eps = c.gated_norm_eps = r.float("rms_norm_eps", _assume(c, r, "rms_norm_eps", 1e-5))
    get = _mamba_common(c, r, _MAMBA_N_KEYS)
    if "mamba_d_ssm" not in o:
        c.d_inner = _assume(c, r, "mamba_d_ssm", 1024)
    elif o["mamba_d_ssm"] is None:
        c.d_inner = int(_multiplier(c, r, "mamba_expand") * c.d_model) if "mamba_expand" in o else 2 * c.d_model
    else:
        c.d_inner = r.int("mamba_d_ssm")
    _mamba_headdim(c, r, "mamba_d_ssm", "mamba_d_ssm")
    c.expand = 0
    c.gated_norm = r.bool("mamba_rms_norm", _assume(c, r, "mamba_rms_norm", False))
    c.norm_before_gate = r.bool("mamba_norm_before_gate", _assume(c, r, "mamba_norm_before_gate", True)) if c.gated_norm else False
    c.dt_min, c.dt_max = r.dt_limit("time_step_limit")
    rp = o.get("rope_parameters") if isinstance(o.get("rope_parameters"), dict) else {}
    if o.get("rope_scaling") not in (None, {}) or rp.get("rope_type", "default") != "default":
        fail("config.json: rope scaling is not supported (only default RoPE)")
    c.rope = True
    c.rope_theta = float(rp["rope_theta"]) if "rope_theta" in rp else r.float("rope_theta", _assume(c, r, "rope_theta", 1e5))
    c.qkv_bias = c.o_bias = r.bool("attention_bias", False)
    c.ffn_bias = r.bool("mlp_bias", False)
    # mamba2.h has one flag for both mixer biases: with only one of them, the other is written as
    # zeros (the same sums)
    c.zero_bias = set()
    proj_out = r.bool("projectors_bias", False)
    if c.proj_bias != proj_out:
        c.zero_bias = {"mixer.out_proj.bias"} if c.proj_bias else {"mixer.in_proj.bias"}
        c.assumed.append("mamba_proj_bias = %s, projectors_bias = %s: %s written as zeros"
                         % (json.dumps(c.proj_bias), json.dumps(proj_out), next(iter(c.zero_bias))))
        c.proj_bias = True
    act = o.get("hidden_act", "silu")
    if act not in ("silu", "swish"):
        fail("config.json: hidden_act %s is not supported (only 'silu')" % clean(json.dumps(act)))
    c.ffn_act = ACT_SWIGLU
    c.layers = [(MIXER_PARALLEL, FFN_DENSE)] * c.n_layer
    _hf_finish(c, r)
    # muP multipliers: embedding and lm_head stay scalars (so tied embeddings stay right), the
    # others are folded into the weights at conversion, as llama.cpp's converter does
    c.embed_scale = _multiplier(c, r, "embedding_multiplier")
    c.logit_scale = _multiplier(c, r, "lm_head_multiplier")
    aim = _multiplier(c, r, "attention_in_multiplier")
    aom = _multiplier(c, r, "attention_out_multiplier")
    km = _multiplier(c, r, "key_multiplier")
    sim = _multiplier(c, r, "ssm_in_multiplier")
    som = _multiplier(c, r, "ssm_out_multiplier")
    mm = o.get("ssm_multipliers")
    if mm is None:
        mm = _assume(c, r, "ssm_multipliers", [1.0] * 5)
    if not isinstance(mm, list) or len(mm) != 5 or any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in mm):
        fail("config.json: ssm_multipliers must be a list of 5 finite numbers")
    mlp = o.get("mlp_multipliers")
    if mlp is None:
        mlp = _assume(c, r, "mlp_multipliers", [1.0, 1.0])
    if not isinstance(mlp, list) or len(mlp) != 2 or any(isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) for v in mlp):
        fail("config.json: mlp_multipliers must be a list of 2 finite numbers")
    G, N, E, H = c.ngroups, c.d_state, c.d_inner, c.nheads
    rows = [mm[0]] * E + [mm[1]] * E + [mm[2]] * (G * N) + [mm[3]] * (G * N) + [mm[4]] * H
    # suffix -> (weight factor: a number or one per row, bias factor)
    c.fold = {"mixer.in_proj.weight": [sim * v for v in rows], "mixer.in_proj.bias": rows,
              "mixer.out_proj.weight": som, "mixer.out_proj.bias": som,
              "attn.q_proj.weight": aim, "attn.k_proj.weight": aim * km, "attn.v_proj.weight": aim,
              "attn.k_proj.bias": km, "attn.o_proj.weight": aom, "attn.o_proj.bias": aom,
              "ffn.gate_proj.weight": mlp[0], "ffn.gate_proj.bias": mlp[0],
              "ffn.down_proj.weight": mlp[1], "ffn.down_proj.bias": mlp[1]}
    return c


def _mamba1_finish(c, dt_rank):
    """What both Mamba-1 layouts share once their keys are read."""
    c.family = "mamba1"
    c.layers = [(MIXER_MAMBA1, FFN_NONE)] * c.n_layer
    if dt_rank == "auto" or dt_rank is None:
        c.dt_rank = -(-c.d_model // 16)
    elif isinstance(dt_rank, bool) or not isinstance(dt_rank, int) or not 1 <= dt_rank <= DIM_MAX:
        fail("config.json: the dt rank must be \"auto\" or a positive integer, not %s" % clean(json.dumps(dt_rank)))
    else:
        c.dt_rank = dt_rank
    # the Mamba-2 fields the header checks: one "head" as wide as the mixer, no groups
    c.nheads, c.headdim, c.ngroups, c.chunk_size = 1, c.d_inner, 1, 256
    c.gated_norm = False
    c.expand = 0
    return c


def parse_mamba1_hf_config(r):
    """HF MambaConfig / FalconMambaConfig: intermediate_size is authoritative (falcon-mamba-7b's
    config says expand 16 with weights 2x wide; SEMANTICS)."""
    c = _hf_start(r, "mamba1")
    o = r.obj
    c.d_state = get_int_default(c, r, "state_size", 16)
    c.d_conv = get_int_default(c, r, "conv_kernel", 4)
    if "intermediate_size" in o:
        c.d_inner = r.int("intermediate_size")
    else:
        c.d_inner = get_int_default(c, r, "expand", 2) * c.d_model
    c.conv_bias = r.bool("use_conv_bias", True)
    c.proj_bias = r.bool("use_bias", _assume(c, r, "use_bias", True))
    c.norm_eps = c.gated_norm_eps = r.float("layer_norm_epsilon", _assume(c, r, "layer_norm_epsilon", 1e-5))
    c.tie = r.bool("tie_word_embeddings", _assume(c, r, "tie_word_embeddings", True))
    act = o.get("hidden_act", "silu")
    if act not in ("silu", "swish"):
        fail("config.json: hidden_act %s is not supported (only 'silu')" % clean(json.dumps(act)))
    if o.get("model_type") == "falcon_mamba":
        c.bc_dt_norm = True
        c.mixer_rms_eps = r.float("mixer_rms_eps", _assume(c, r, "mixer_rms_eps", 1e-6))
    c.eos_token_id = r.optional_token_id("eos_token_id")
    c.bos_token_id = r.optional_token_id("bos_token_id")
    return _mamba1_finish(c, o.get("time_step_rank", "auto"))


def parse_mamba1_ssm_config(r, ssm):
    """mamba_ssm MambaConfig with a Mamba-1 mixer (ssm_cfg.layer absent or "Mamba1")."""
    c = ModelConfig()
    c.layout = "mamba_ssm"
    o = r.obj
    s = ConfigReader(ssm, "config.json ssm_cfg")
    if r.int("d_intermediate", 0, minimum=0) != 0:
        fail("MLP layers are not supported (config.json d_intermediate = %d)" % o["d_intermediate"])
    if o.get("attn_layer_idx"):
        fail("attention layers are not supported (config.json attn_layer_idx = %s)" % clean(json.dumps(o["attn_layer_idx"])))
    if not r.bool("rms_norm", True):
        fail("LayerNorm models are not supported (config.json rms_norm = false)")
    c.d_model = r.int("d_model")
    c.n_layer = r.int("n_layer")
    vocab = r.int("vocab_size")
    c.vocab_size_unpadded = vocab
    c.vocab_rows = align(vocab, r.int("pad_vocab_size_multiple", 8))
    c.d_state = s.int("d_state", 16)
    c.d_conv = s.int("d_conv", 4)
    c.d_inner = s.int("expand", 2) * c.d_model
    c.conv_bias = s.bool("conv_bias", True)
    c.proj_bias = s.bool("bias", False)
    c.tie = r.bool("tie_embeddings", True)
    c.norm_eps = c.gated_norm_eps = 1e-5
    return _mamba1_finish(c, ssm.get("dt_rank", "auto"))


HYBRID_FAMILIES = {"granitemoehybrid": parse_granite_config, "nemotron_h": parse_nemotron_config,
                   "falcon_h1": parse_falcon_h1_config, "mamba": parse_mamba1_hf_config,
                   "falcon_mamba": parse_mamba1_hf_config}


def f32_round(x):
    """Round a Python float to float32 (overflow goes to +-inf, as a C cast would)."""
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


# ----------------------------------------------------------------------------------------
# Source tensors
# ----------------------------------------------------------------------------------------

class SourceTensor:
    """A tensor in a source file: dtype, shape and a way to stream its bytes."""

    def __init__(self, name, dtype, shape, origin, ident):
        self.name = name
        self.dtype = dtype      # "F32"/"F16"/"BF16" or the name of an unsupported type
        self.shape = tuple(shape)
        self.origin = origin    # the file object that can stream it (iter_chunks)
        self.ident = ident      # equal idents = the very same bytes (shared storage)

    @property
    def nbytes(self):
        return tensor_nbytes(self.dtype, self.shape)

    def chunks(self, chunk_bytes):
        """Yield the tensor's bytes in pieces of chunk_bytes (the last may be shorter)."""
        return self.origin.iter_chunks(self, chunk_bytes)


# safetensors dtype -> item size, so every entry's byte size can be checked even for dtypes
# we cannot convert (they are refused later, by name, if a needed tensor uses one).
ST_ITEMSIZE = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "F8_E8M0": 1,
               "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4,
               "I64": 8, "U64": 8, "F64": 8, "C64": 8}
MAX_NDIM = 8


class SafetensorsFile:
    """One .safetensors file: the header is parsed and validated up front; data is read on
    demand with seek/read so nothing but the requested range is ever in memory."""

    def __init__(self, path, label):
        self.path = path
        self.label = label
        self.fh = None
        self.metadata = {}
        self.tensors = OrderedDict()
        self._parse_header()

    def _parse_header(self):
        label = self.label
        try:
            with open(self.path, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                f.seek(0)
                if size < 8:
                    fail("%s is truncated (%d bytes; a safetensors file starts with an 8-byte "
                         "header length)" % (label, size))
                (hlen,) = struct.unpack("<Q", f.read(8))
                if hlen > size - 8:
                    fail("%s: header length %d runs past the end of the file (%d bytes)"
                         % (label, hlen, size))
                if hlen < 2 or hlen > MAX_ST_HEADER_BYTES:
                    fail("%s: implausible header length %d" % (label, hlen))
                raw = f.read(hlen)
        except OSError as e:
            fail("cannot read %s: %s" % (label, e.strerror or e))
        if len(raw) != hlen:
            fail("%s is truncated inside its header" % label)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            fail("%s: header is not valid UTF-8" % label)

        def no_duplicates(pairs):
            d = OrderedDict()
            for k, v in pairs:
                if k in d:
                    fail("%s: header lists '%s' twice" % (label, clean(k)))
                d[k] = v
            return d

        try:
            header = json.loads(text, object_pairs_hook=no_duplicates)
        except RecursionError:
            fail("%s: header JSON is nested too deeply" % label)
        except ValueError as e:
            fail("%s: header is not valid JSON: %s" % (label, e))
        if not isinstance(header, dict):
            fail("%s: header is not a JSON object" % label)

        self.data_start = 8 + hlen
        data_size = size - self.data_start
        spans = []
        for name, entry in header.items():
            if name == "__metadata__":
                if not isinstance(entry, dict) or not all(
                        isinstance(k, str) and isinstance(v, str) for k, v in entry.items()):
                    fail("%s: __metadata__ must map strings to strings" % label)
                self.metadata = entry
                continue
            where = "%s: tensor '%s'" % (label, clean(name))
            if not isinstance(entry, dict):
                fail("%s: entry is not an object" % where)
            dtype, shape, offs = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
            if not isinstance(dtype, str) or dtype not in ST_ITEMSIZE:
                fail("%s has unknown dtype %s" % (where, clean(json.dumps(dtype))))
            if not isinstance(shape, list) or len(shape) > MAX_NDIM or not all(
                    isinstance(d, int) and not isinstance(d, bool) and 0 <= d < (1 << 62)
                    for d in shape):
                fail("%s has an invalid shape %s" % (where, clean(json.dumps(shape))))
            if not isinstance(offs, list) or len(offs) != 2 or not all(
                    isinstance(o, int) and not isinstance(o, bool) for o in offs):
                fail("%s has invalid data_offsets %s" % (where, clean(json.dumps(offs))))
            begin, end = offs
            if begin < 0 or end < begin:
                fail("%s has invalid data_offsets [%d, %d]" % (where, begin, end))
            if end > data_size:
                fail("%s: data_offsets [%d, %d] lie outside the file (data region is %d bytes; "
                     "truncated file?)" % (where, begin, end, data_size))
            need = prod(shape) * ST_ITEMSIZE[dtype]
            if end - begin != need:
                fail("%s: shape %s of %s needs %d bytes but data_offsets [%d, %d] hold %d"
                     % (where, shape_str(shape), dtype, need, begin, end, end - begin))
            spans.append((begin, end, name))
            self.tensors[name] = SourceTensor(name, dtype, shape, self,
                                              ("st", self.path, begin, end, dtype, tuple(shape)))
            self.tensors[name].offset = begin
        # Sorted by start, a span overlaps an earlier one iff it starts before the furthest
        # end seen so far (empty tensors occupy no bytes and cannot overlap anything).
        prev = None
        for b, e, n in sorted(s for s in spans if s[1] > s[0]):
            if prev is not None and b < prev[1]:
                fail("%s: tensors '%s' and '%s' overlap (bytes [%d, %d) and [%d, %d))"
                     % (label, clean(prev[2]), clean(n), prev[0], prev[1], b, e))
            if prev is None or e > prev[1]:
                prev = (b, e, n)

    def iter_chunks(self, t, chunk_bytes):
        pos, total = 0, t.nbytes
        while pos < total:
            n = min(chunk_bytes, total - pos)
            try:
                if self.fh is None:
                    self.fh = open(self.path, "rb")
                self.fh.seek(self.data_start + t.offset + pos)
                data = self.fh.read(n)
            except OSError as e:
                fail("cannot read %s: %s" % (self.label, e.strerror or e))
            if len(data) != n:
                fail("%s is truncated inside tensor '%s'" % (self.label, clean(t.name)))
            yield data
            pos += n

    def close(self):
        if self.fh is not None:
            self.fh.close()
            self.fh = None


# --- pytorch_model.bin: a zip of data.pkl + one member per storage -----------------------

# torch.<X>Storage -> (dtype we use, item size). Only the first three can be converted; the
# others are known so the error can name them instead of calling them "unsafe".
TORCH_STORAGES = {
    "FloatStorage": ("F32", 4), "HalfStorage": ("F16", 2), "BFloat16Storage": ("BF16", 2),
    "DoubleStorage": ("float64", 8), "LongStorage": ("int64", 8), "IntStorage": ("int32", 4),
    "ShortStorage": ("int16", 2), "CharStorage": ("int8", 1), "ByteStorage": ("uint8", 1),
    "BoolStorage": ("bool", 1), "ComplexFloatStorage": ("complex64", 8),
    "ComplexDoubleStorage": ("complex128", 16),
}


class _PickleRefused(Exception):
    pass


class _StorageType:
    """Stand-in for torch.<X>Storage: only carries the element type."""
    __slots__ = ("torch_name", "dtype", "itemsize")

    def __init__(self, torch_name):
        self.torch_name = torch_name
        self.dtype, self.itemsize = TORCH_STORAGES[torch_name]

    def __call__(self, *args, **kwargs):
        raise _PickleRefused("it asks to construct torch.%s directly" % self.torch_name)

    def __setstate__(self, state):
        raise _PickleRefused("it tries to modify torch.%s" % self.torch_name)

    def __repr__(self):
        return "torch.%s" % self.torch_name


class _StorageRef:
    """A lazy reference to data/<key> inside the zip."""
    __slots__ = ("stype", "key", "numel")

    def __init__(self, stype, key, numel):
        self.stype, self.key, self.numel = stype, key, numel

    def __setstate__(self, state):
        raise _PickleRefused("it tries to set state on a storage")


class _TensorRef:
    __slots__ = ("storage", "offset", "size", "stride")

    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, size, stride

    def __setstate__(self, state):
        raise _PickleRefused("it tries to set state on a tensor")


class _StateDict(OrderedDict):
    """Stand-in for collections.OrderedDict: torch pickles the state_dict's `_metadata`
    attribute with BUILD; we have no use for it, so the state is dropped."""

    def __setstate__(self, state):
        pass


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad=False,
                       backward_hooks=None, metadata=None):
    if not isinstance(storage, _StorageRef):
        raise _PickleRefused("it rebuilds a tensor from something that is not a storage")
    if (not _is_int(storage_offset) or storage_offset < 0
            or not isinstance(size, tuple) or not isinstance(stride, tuple)
            or len(size) != len(stride) or len(size) > MAX_NDIM
            or not all(_is_int(d) and 0 <= d < (1 << 62) for d in size)
            or not all(_is_int(s) for s in stride)):
        raise _PickleRefused("it rebuilds a tensor with malformed offset/size/stride")
    return _TensorRef(storage, storage_offset, size, stride)


def _rebuild_tensor(storage, storage_offset, size, stride):
    return _rebuild_tensor_v2(storage, storage_offset, size, stride)


def _rebuild_parameter(data, requires_grad=False, backward_hooks=None, state=None):
    if not isinstance(data, _TensorRef):
        raise _PickleRefused("it rebuilds a parameter from something that is not a tensor")
    return data


def _rebuild_from_type_v2(func, new_type, args, state):
    # `func` went through find_class, so it can only be one of our stand-ins.
    if func not in (_rebuild_tensor_v2, _rebuild_tensor, _rebuild_parameter) or not isinstance(args, tuple):
        raise _PickleRefused("it uses _rebuild_from_type_v2 with an unexpected function")
    return func(*args)


class _TypeMarker:
    """torch.Tensor / torch.nn.Parameter as the `new_type` of _rebuild_from_type_v2."""

    def __init__(self, *args, **kwargs):
        raise _PickleRefused("it asks to construct a torch type directly")


class _TorchTensorType(_TypeMarker):
    pass


class _TorchParameterType(_TypeMarker):
    pass


def _torch_size(dims=()):
    t = tuple(dims)
    if not all(_is_int(d) for d in t):
        raise _PickleRefused("it builds a torch.Size from non-integers")
    return t


_ALLOWED_GLOBALS = {
    ("collections", "OrderedDict"): _StateDict,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor_v2,
    ("torch._utils", "_rebuild_tensor"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
    ("torch._utils", "_rebuild_parameter_with_state"): _rebuild_parameter,
    ("torch._tensor", "_rebuild_from_type_v2"): _rebuild_from_type_v2,
    ("torch", "Tensor"): _TorchTensorType,
    ("torch.nn.parameter", "Parameter"): _TorchParameterType,
    ("torch", "Size"): _torch_size,
}
for _name in TORCH_STORAGES:
    _ALLOWED_GLOBALS[("torch", _name)] = _StorageType(_name)

_STORAGE_KEY_RE = re.compile(r"^[A-Za-z0-9_]{1,64}$")


class _RestrictedUnpickler(pickle._Unpickler):
    """Rebuilds a torch state_dict from data.pkl without importing torch.

    find_class is the only way a pickle can reach a callable (GLOBAL, STACK_GLOBAL, INST,
    OBJ and the copyreg extension codes all go through it), so allowing only our harmless
    stand-ins makes it impossible for the file to run code. The one other opcode that acts
    on objects, BUILD, could still set attributes on those stand-ins (our functions and
    classes); the pure-Python unpickler lets us replace it with a version that only accepts
    the state_dict's own BUILD. data.pkl is small (names and shapes), so speed is no issue.
    """

    dispatch = dict(pickle._Unpickler.dispatch)

    def __init__(self, file):
        super().__init__(file)
        self.storages = {}

    def _load_build(self):
        self.stack.pop()  # the state: torch only ever BUILDs the state_dict's _metadata
        if not isinstance(self.stack[-1], _StateDict):
            raise _PickleRefused("it tries to set attributes on %s" % type(self.stack[-1]).__name__)

    dispatch[pickle.BUILD[0]] = _load_build

    def find_class(self, module, name):
        obj = _ALLOWED_GLOBALS.get((module, name))
        if obj is None:
            raise _PickleRefused("it asks to call %s.%s, which is not needed to rebuild tensors"
                                 % (clean(module, 80), clean(name, 80)))
        return obj

    def persistent_load(self, pid):
        if (not isinstance(pid, tuple) or len(pid) != 5 or pid[0] != "storage"
                or not isinstance(pid[1], _StorageType) or not isinstance(pid[2], str)
                or not _STORAGE_KEY_RE.match(pid[2]) or not isinstance(pid[3], str)
                or not _is_int(pid[4]) or pid[4] < 0):
            raise _PickleRefused("it contains an unexpected persistent id %s" % clean(repr(pid), 80))
        _, stype, key, _location, numel = pid
        ref = self.storages.get(key)
        if ref is None:
            ref = self.storages[key] = _StorageRef(stype, key, numel)
        elif ref.stype is not stype or ref.numel != numel:
            raise _PickleRefused("storage %s is declared twice with different types" % key)
        return ref


def _unsafe_zip_name(name):
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    parts = re.split(r"[/\\]", name)
    return any(p == ".." for p in parts)


class TorchZipFile:
    """pytorch_model.bin in torch.save's zip format (torch >= 1.6)."""

    def __init__(self, path, label):
        self.path = path
        self.label = label
        self.tensors = OrderedDict()
        try:
            self.zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            fail("%s is not a zip archive (the legacy pre-1.6 torch.save format is not "
                 "supported; re-save it with a current torch)" % label)
        except OSError as e:
            fail("cannot read %s: %s" % (label, e.strerror or e))
        try:
            self._load()
        except zipfile.BadZipFile as e:
            fail("%s: corrupt zip archive: %s" % (label, e))
        except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as e:
            fail("cannot read %s: %s" % (label, getattr(e, "strerror", None) or e))

    def _load(self):
        label = self.label
        infos = self.zf.infolist()
        seen = set()
        for info in infos:
            if _unsafe_zip_name(info.filename):
                fail("refusing to load %s: zip entry '%s' has an unsafe path"
                     % (label, clean(info.filename)))
            if info.filename in seen:
                fail("refusing to load %s: zip entry '%s' appears twice" % (label, clean(info.filename)))
            seen.add(info.filename)
        pkls = [i for i in infos if re.match(r"^[^/]+/data\.pkl$", i.filename)]
        if len(pkls) != 1:
            fail("%s: expected exactly one <folder>/data.pkl in the zip, found %d"
                 % (label, len(pkls)))
        self.prefix = pkls[0].filename[:-len("data.pkl")]
        bo = self.prefix + "byteorder"
        if bo in seen:
            order = self.zf.read(bo).strip() if self.zf.getinfo(bo).file_size <= 16 else b"?"
            if order != b"little":
                fail("%s was saved with byteorder %s; only little-endian is supported"
                     % (label, clean(order.decode("latin-1"))))
        if pkls[0].file_size > MAX_PICKLE_BYTES:
            fail("%s: data.pkl is implausibly large (%d bytes)" % (label, pkls[0].file_size))
        raw = self.zf.read(pkls[0])
        up = _RestrictedUnpickler(io.BytesIO(raw))
        try:
            obj = up.load()
        except _PickleRefused as e:
            fail("refusing to load %s: %s" % (label, e))
        except ConvertError:
            raise
        except RecursionError:
            fail("%s: data.pkl is nested too deeply" % label)
        except Exception as e:  # UnpicklingError, EOFError, TypeError from bad args, ...
            fail("%s: malformed data.pkl (%s: %s)" % (label, type(e).__name__, clean(e, 120)))
        if not isinstance(obj, dict):
            fail("%s does not contain a state_dict (a mapping of names to tensors)" % label)

        members = {}
        for name, t in obj.items():
            if not isinstance(name, str):
                fail("%s: state_dict has a non-string key %s" % (label, clean(repr(name), 60)))
            if not isinstance(t, _TensorRef):
                fail("%s: state_dict entry '%s' is not a tensor" % (label, clean(name)))
            st = t.storage
            where = "%s: tensor '%s'" % (label, clean(name))
            if st.key not in members:
                mname = self.prefix + "data/" + st.key
                try:
                    info = self.zf.getinfo(mname)
                except KeyError:
                    fail("%s: storage data/%s is missing from the zip" % (where, st.key))
                if info.file_size != st.numel * st.stype.itemsize:
                    fail("%s: storage data/%s holds %d bytes, expected %d x %d"
                         % (where, st.key, info.file_size, st.numel, st.stype.itemsize))
                members[st.key] = info
            numel = prod(t.size)
            if numel and t.offset + numel > st.numel:
                fail("%s: shape %s at storage offset %d runs past its storage (%d elements)"
                     % (where, shape_str(t.size), t.offset, st.numel))
            expect, acc = [], 1
            for d in reversed(t.size):
                expect.append(acc)
                acc *= d
            expect.reverse()
            if numel and any(d != 1 and s != e for d, s, e in zip(t.size, t.stride, expect)):
                fail("%s is not contiguous (shape %s, stride %s); only row-major tensors are "
                     "supported" % (where, shape_str(t.size), shape_str(t.stride)))
            dtype = st.stype.dtype
            src = SourceTensor(name, dtype, t.size, self,
                               ("pt", self.path, st.key, t.offset, tuple(t.size), dtype))
            src.member = members[st.key]
            src.byte_offset = t.offset * st.stype.itemsize
            src.torch_type = st.stype.torch_name
            self.tensors[name] = src

    def iter_chunks(self, t, chunk_bytes):
        # One open member per tensor: ZipExtFile can only seek by reading forward, so
        # reopening it for every chunk would make big tensors quadratic.
        try:
            with self.zf.open(t.member) as f:
                if t.byte_offset:
                    f.seek(t.byte_offset)
                pos, total = 0, t.nbytes
                while pos < total:
                    n = min(chunk_bytes, total - pos)
                    data = f.read(n)
                    if len(data) != n:
                        fail("%s is truncated inside tensor '%s'" % (self.label, clean(t.name)))
                    yield data
                    pos += n
        except zipfile.BadZipFile as e:
            fail("%s: corrupt zip archive: %s" % (self.label, e))
        except (OSError, EOFError, zlib.error, NotImplementedError, RuntimeError) as e:
            fail("cannot read %s: %s" % (self.label, getattr(e, "strerror", None) or e))

    def close(self):
        self.zf.close()


def _safe_shard_name(name):
    return (isinstance(name, str) and name and "/" not in name and "\\" not in name
            and name not in (".", "..") and "\0" not in name)


def open_weights(src_dir):
    """Find the weight files. Returns (list of opened files, dict name -> SourceTensor)."""
    single = os.path.join(src_dir, "model.safetensors")
    index = os.path.join(src_dir, "model.safetensors.index.json")
    ptbin = os.path.join(src_dir, "pytorch_model.bin")
    ptindex = os.path.join(src_dir, "pytorch_model.bin.index.json")
    # safetensors first: it needs no unpickling at all.
    if os.path.isfile(single):
        files = [SafetensorsFile(single, "model.safetensors")]
    elif os.path.isfile(index):
        files = _open_sharded(src_dir, index, "model.safetensors.index.json", SafetensorsFile)
    elif os.path.isfile(ptbin):
        files = [TorchZipFile(ptbin, "pytorch_model.bin")]
    elif os.path.isfile(ptindex):
        files = _open_sharded(src_dir, ptindex, "pytorch_model.bin.index.json", TorchZipFile)
    else:
        fail("no weights in %s: expected model.safetensors, model.safetensors.index.json or "
             "pytorch_model.bin" % clean(src_dir))
    tensors = OrderedDict()
    for f in files:
        for name, t in f.tensors.items():
            if name in tensors:
                fail("tensor '%s' appears in two weight files" % clean(name))
            tensors[name] = t
    return files, tensors


def _open_sharded(src_dir, index_path, label, opener):
    idx = read_json(index_path, label, MAX_CONFIG_BYTES)
    wm = idx.get("weight_map") if isinstance(idx, dict) else None
    if not isinstance(wm, dict) or not wm:
        fail("%s has no weight_map" % label)
    shards = []
    for name, shard in wm.items():
        if not _safe_shard_name(shard):
            fail("%s: refusing shard file name %s for '%s'"
                 % (label, clean(json.dumps(shard)), clean(name)))
        if shard not in shards:
            shards.append(shard)
    files = []
    for shard in shards:
        path = os.path.join(src_dir, shard)
        if not os.path.isfile(path):
            fail("%s names shard '%s', which does not exist" % (label, clean(shard)))
        files.append(opener(path, shard))
    by_name = {s: f for s, f in zip(shards, files)}
    for name, shard in wm.items():
        if name not in by_name[shard].tensors:
            fail("%s says tensor '%s' is in '%s' but it is not there"
                 % (label, clean(name), clean(shard)))
    return files


# ----------------------------------------------------------------------------------------
# Tensor plan: which tensors, in which order, with which shapes and output types
# ----------------------------------------------------------------------------------------

class PlannedTensor:
    def __init__(self, name, dims, out_dtype, source):
        self.name = name
        self.dims = tuple(dims)
        self.out_dtype = out_dtype
        self.asked = out_dtype  # the type --dtype means for it; out_dtype differs after a fallback
        self.source = source
        self.offset = 0

    @property
    def nbytes(self):
        return tensor_nbytes(self.out_dtype, self.dims)


def tensor_nbytes(dtype, dims):
    be, bb = DTYPE_BLOCKS[dtype]
    return prod(dims) // be * bb


def chunk_bytes(dtype):
    """Bytes per streaming step for a source of this dtype: CHUNK_ELEMS elements, whole blocks."""
    be, bb = DTYPE_BLOCKS[dtype]
    return CHUNK_ELEMS // be * bb


def expected_tensors(c):
    """(name, dims, is_matrix) in the order README.md (File format) prescribes, lm_head included."""
    out = [("backbone.embeddings.weight", (c.vocab_rows, c.d_model), True),
           ("lm_head.weight", (c.vocab_rows, c.d_model), True),
           ("backbone.norm_f.weight", (c.d_model,), False)]
    for i in range(c.n_layer):
        p = "backbone.layers.%d." % i
        m = p + "mixer."
        out.append((p + "norm.weight", (c.d_model,), False))
        out.append((m + "in_proj.weight", (c.d_in_proj, c.d_model), True))
        if c.proj_bias:
            out.append((m + "in_proj.bias", (c.d_in_proj,), False))
        out.append((m + "conv1d.weight", (c.conv_dim, 1, c.d_conv), False))
        if c.conv_bias:
            out.append((m + "conv1d.bias", (c.conv_dim,), False))
        out.append((m + "dt_bias", (c.nheads,), False))
        out.append((m + "A_log", (c.nheads,), False))
        out.append((m + "D", (c.nheads,), False))
        out.append((m + "norm.weight", (c.d_inner,), False))
        out.append((m + "out_proj.weight", (c.d_model, c.d_inner), True))
        if c.proj_bias:
            out.append((m + "out_proj.bias", (c.d_model,), False))
    return out


def describe_extra(name, c):
    """Say what an unexpected tensor probably is, so the user knows which feature is missing."""
    m = re.match(r"^backbone\.layers\.(\d+)\.", name)
    if m and int(m.group(1)) >= c.n_layer:
        return "unexpected tensor '%s': layer %s is beyond n_layer = %d" % (
            clean(name), m.group(1), c.n_layer)
    low = name.lower()
    if any(k in low for k in (".mlp.", "fc1", "fc2", "gate_proj", "up_proj", "down_proj")):
        return "unexpected tensor '%s': looks like an MLP weight (MLP layers are not supported)" % clean(name)
    if any(k in low for k in ("attn", "wqkv", "q_proj", "k_proj", "v_proj", "o_proj", "rotary")):
        return ("unexpected tensor '%s': looks like an attention weight (attention layers are "
                "not supported)" % clean(name))
    if name.endswith(("in_proj.bias", "out_proj.bias")):
        return "unexpected tensor '%s': the config says the projections have no bias" % clean(name)
    if name.endswith("conv1d.bias"):
        return "unexpected tensor '%s': the config says conv1d has no bias" % clean(name)
    if "init_states" in name:
        return "unexpected tensor '%s': learnable initial states are not supported" % clean(name)
    return "unexpected tensor '%s' (not part of a Mamba-2 language model)" % clean(name)


def plan_tensors(c, sources, matrix_dtype):
    """Map source names, check the tensor set and shapes, settle tying. Returns (plan, tied)."""
    by_name = OrderedDict()
    for name, t in sources.items():
        canon = "backbone.embeddings.weight" if name == "backbone.embedding.weight" else name
        if canon in by_name:
            fail("the checkpoint has both backbone.embedding.weight and backbone.embeddings.weight")
        by_name[canon] = t

    expected = expected_tensors(c)
    known = {name for name, _, _ in expected}
    for name in by_name:
        if name not in known:
            fail(describe_extra(name, c))
    for name, dims, _ in expected:
        if name in by_name or name == "lm_head.weight":
            continue
        fail("missing tensor %s" % name)

    for name, dims, _ in expected:
        t = by_name.get(name)
        if t is None:
            continue
        if t.shape != tuple(dims):
            fail("tensor %s has shape %s but the config implies %s"
                 % (name, shape_str(t.shape), shape_str(dims)))
        if t.dtype not in SOURCE_DTYPES:
            extra = " (torch.%s)" % t.torch_type if hasattr(t, "torch_type") else ""
            fail("tensor %s has unsupported dtype %s%s; supported: F32, F16, BF16"
                 % (name, t.dtype, extra))

    tied = _resolve_tie(c, by_name)
    plan = []
    matrices = [name for name, _, is_matrix in expected if is_matrix]
    for name, dims, is_matrix in expected:
        if name == "lm_head.weight" and tied:
            continue
        plan.append(PlannedTensor(name, dims, output_dtype(name, dims, is_matrix, matrix_dtype, matrices, c, tied),
                                  by_name[name]))
    settle_fallbacks(plan)
    return plan, tied


def _name_list(names):
    """Names with the layer numbers of equal names gathered: backbone.layers.[0-3].x, ..."""
    groups = OrderedDict()
    for name in names:
        m = re.match(r"^backbone\.layers\.(\d+)\.(.*)$", name)
        key = m.group(2) if m else name
        groups.setdefault(key, []).append(int(m.group(1)) if m else None)
    out = []
    for key, layers in groups.items():
        if layers == [None]:
            out.append(key)
            continue
        spans = []
        for i in sorted(layers):
            if spans and i == spans[-1][1] + 1:
                spans[-1][1] = i
            else:
                spans.append([i, i])
        text = ",".join("%d" % a if a == b else "%d-%d" % (a, b) for a, b in spans)
        out.append("backbone.layers.%s.%s" % (text if len(layers) == 1 else "[%s]" % text, key))
    return ", ".join(out)


def fallback_summary(plan):
    """(note naming every matrix written in a fallback type, short text for the last line), or
    (None, "") when every matrix has the type asked for."""
    groups = OrderedDict()  # (asked, written) -> [tensors]
    for t in plan:
        if t.out_dtype != t.asked:
            groups.setdefault((t.asked, t.out_dtype), []).append(t)
    if not groups:
        return None, ""
    parts, short = [], OrderedDict()
    for (asked, written), ts in groups.items():
        block = 32 if written == "F16" else quant_mix.BLOCKS[asked][0]  # F16: not even 32 divides them
        rows = sorted({t.dims[-1] for t in ts})
        parts.append("%s -> %s (rows of %s, not multiples of %d): %s" % (
            asked, written, "/".join(map(str, rows)), block, _name_list([t.name for t in ts])))
        key = (written, block)
        short[key] = short.get(key, 0) + len(ts)
    n = sum(len(ts) for ts in groups.values())
    note = ("%d matri%s not whole blocks of the type asked for, written in llama-quantize's fallback type: %s"
            % (n, "x is" if n == 1 else "ces are", "; ".join(parts)))
    return note, " (%s)" % "; ".join("%d %s: rows not multiples of %d" % (k, w.lower(), b)
                                       for (w, b), k in short.items())


def requantized_note(plan):
    """What re-typing a block-quantized source tensor does, or None."""
    groups = OrderedDict()
    for t in plan:
        if t.source.dtype in QUANT_DTYPES and t.out_dtype not in (t.source.dtype, "F32"):
            groups.setdefault((t.source.dtype, t.out_dtype), []).append(t.name)
    if not groups:
        return None
    return ("re-rounding quantized weights: %s; each is widened to f32 exactly and rounded again, so it is "
            "lossy twice (the source's rounding error and this one add up; same-type tensors are copied "
            "bit for bit)" % "; ".join("%d %s -> %s" % (len(v), a, b) for (a, b), v in groups.items()))


def settle_fallbacks(plan):
    """A matrix whose rows are not whole blocks of the type asked for is written in the type
    llama.cpp falls back to (quant_mix.fallback: a K type's 32-block neighbour, else F16; the
    summary is fallback_note's). F16 rather than F32 where no block fits, as llama-quantize
    does: its rounding (2^-11 relative) is far below any block type's, and the file stays small.
    Then the quantizer is built, before anything is written, if a type needs it."""
    for t in plan:
        if quant_mix.is_block_type(t.out_dtype):
            t.out_dtype = quant_mix.fallback(t.out_dtype, t.dims[-1])
    if any(quant_mix.is_block_type(t.out_dtype) and t.out_dtype != "Q8_0" for t in plan):
        try:
            quant_mix.check_tool()
        except quant_mix.QuantError as e:
            fail(str(e))


def output_dtype(name, dims, is_matrix, matrix_dtype, matrices, c, tied):
    """The type one tensor is written in: F32 for everything that is not a matrix; the --dtype
    type for matrices, or for the block types and mixes what tools/quant_mix.py chooses."""
    if not is_matrix:
        return "F32"
    if matrix_dtype in ("F32", "F16", "BF16", "Q8_0", KEEP_DTYPE):  # KEEP_DTYPE: a GGUF's own types
        return matrix_dtype
    return quant_mix.choose_dtype(name, dims, matrix_dtype, matrices, c.n_layer, tied)


def _resolve_tie(c, by_name):
    emb = by_name["backbone.embeddings.weight"]
    head = by_name.get("lm_head.weight")
    if head is None:
        if c.tie:
            return True
        fail("missing tensor lm_head.weight (config.json says the embeddings are not tied)")
    if not c.tie:
        return False
    # Tied in the config and present anyway (torch.save keeps both names over one storage):
    # write it once, but only if it really is the same data.
    if emb.ident == head.ident:
        return True
    if emb.dtype == head.dtype and emb.shape == head.shape:
        step = CHUNK_ELEMS * 4
        if all(a == b for a, b in zip(emb.chunks(step), head.chunks(step))):
            return True
    fail("config.json says the embeddings are tied, but lm_head.weight differs from the embedding")


# ----------------------------------------------------------------------------------------
# Tensors of version-2 models: the names README.md (File format) lists, and each family's
# source names for them. A source may need rows picked out (a fused gate|up matrix), several
# tensors stacked (per-expert files) or rows scaled (muP multipliers folded in): views that do
# it while streaming, so memory stays bounded by one chunk.
# ----------------------------------------------------------------------------------------

def layer_kinds(c):
    return c.layers if c.layers is not None else [(MIXER_MAMBA2, FFN_NONE)] * c.n_layer


def needs_v2(c):
    return (c.layers is not None and any(k != (MIXER_MAMBA2, FFN_NONE) for k in c.layers)) or not c.gated_norm \
        or (c.embed_scale, c.residual_scale, c.logit_scale) != (1.0, 1.0, 1.0)


def expected_tensors_v2(c):
    """(name, dims, is_matrix) of a version-2 file, in the order README.md lists them."""
    D, E, H = c.d_model, c.d_inner, c.nheads
    out = [("backbone.embeddings.weight", (c.vocab_rows, D), True), ("lm_head.weight", (c.vocab_rows, D), True),
           ("backbone.norm_f.weight", (D,), False)]
    glu = c.ffn_act == ACT_SWIGLU
    qd, kvd = c.n_head * c.head_dim, c.n_kv_head * c.head_dim
    for i, (mx, ff) in enumerate(layer_kinds(c)):
        p = "backbone.layers.%d." % i
        m2, at = mx in (MIXER_MAMBA2, MIXER_PARALLEL), mx in (MIXER_ATTENTION, MIXER_PARALLEL)
        t = []
        if mx != MIXER_NONE:
            t.append(("norm.weight", (D,), False))
        if m2:
            t += [("mixer.in_proj.weight", (c.d_in_proj, D), True)]
            t += [("mixer.in_proj.bias", (c.d_in_proj,), False)] if c.proj_bias else []
            t += [("mixer.conv1d.weight", (c.conv_dim, 1, c.d_conv), False)]
            t += [("mixer.conv1d.bias", (c.conv_dim,), False)] if c.conv_bias else []
            t += [("mixer.dt_bias", (H,), False), ("mixer.A_log", (H,), False), ("mixer.D", (H,), False)]
            t += [("mixer.norm.weight", (E,), False)] if c.gated_norm else []
            t += [("mixer.out_proj.weight", (D, E), True)]
            t += [("mixer.out_proj.bias", (D,), False)] if c.proj_bias else []
        if mx == MIXER_MAMBA1:
            R, N = c.dt_rank, c.d_state
            t += [("mixer.in_proj.weight", (2 * E, D), True)]
            t += [("mixer.in_proj.bias", (2 * E,), False)] if c.proj_bias else []
            t += [("mixer.conv1d.weight", (E, 1, c.d_conv), False)]
            t += [("mixer.conv1d.bias", (E,), False)] if c.conv_bias else []
            t += [("mixer.x_proj.weight", (R + 2 * N, E), True), ("mixer.dt_proj.weight", (E, R), True),
                  ("mixer.dt_proj.bias", (E,), False), ("mixer.A_log", (E, N), False), ("mixer.D", (E,), False),
                  ("mixer.out_proj.weight", (D, E), True)]
            t += [("mixer.out_proj.bias", (D,), False)] if c.proj_bias else []
        if at:
            t += [("attn.q_proj.weight", (qd, D), True), ("attn.k_proj.weight", (kvd, D), True),
                  ("attn.v_proj.weight", (kvd, D), True), ("attn.o_proj.weight", (D, qd), True)]
            if c.qkv_bias:
                t += [("attn.q_proj.bias", (qd,), False), ("attn.k_proj.bias", (kvd,), False), ("attn.v_proj.bias", (kvd,), False)]
            if c.o_bias:
                t += [("attn.o_proj.bias", (D,), False)]
        if ff != FFN_NONE:
            t.append(("ffn_norm.weight", (D,), False))
        if ff == FFN_DENSE:
            F = c.d_ff
            t += [("ffn.gate_proj.weight", (F, D), True)] if glu else []
            t += [("ffn.up_proj.weight", (F, D), True), ("ffn.down_proj.weight", (D, F), True)]
            if c.ffn_bias:
                t += [("ffn.gate_proj.bias", (F,), False)] if glu else []
                t += [("ffn.up_proj.bias", (F,), False), ("ffn.down_proj.bias", (D,), False)]
        if ff == FFN_MOE:
            X, Fe, Fs = c.n_expert, c.d_expert, c.d_shared
            t += [("ffn.router.weight", (X, D), True)]
            t += [("ffn.router.correction_bias", (X,), False)] if c.moe_correction_bias else []
            t += [("ffn.experts.gate_proj.weight", (X, Fe, D), True)] if glu else []
            t += [("ffn.experts.up_proj.weight", (X, Fe, D), True), ("ffn.experts.down_proj.weight", (X, D, Fe), True)]
            if Fs:
                t += [("ffn.shared.gate_proj.weight", (Fs, D), True)] if glu else []
                t += [("ffn.shared.up_proj.weight", (Fs, D), True), ("ffn.shared.down_proj.weight", (D, Fs), True)]
        out += [(p + n, d, m) for n, d, m in t]
    return out


class ZeroTensor:
    """An F32 tensor of zeros (a bias the checkpoint does not have, written so that one flag fits)."""

    def __init__(self, name, shape):
        self.name, self.dtype, self.shape, self.ident = name, "F32", tuple(shape), ("zeros", name)

    @property
    def nbytes(self):
        return prod(self.shape) * 4

    def chunks(self, chunk_bytes):
        left = self.nbytes
        while left:
            n = min(left, chunk_bytes)
            yield bytes(n)
            left -= n


class ViewTensor:
    """A tensor made from source tensors while streaming (same interface as SourceTensor)."""

    def __init__(self, name, dtype, shape, parts, ident, transform=None, raw_dtype=None):
        self.name, self.dtype, self.shape, self.ident = name, dtype, tuple(shape), ident
        self.parts = parts          # [(source, [(first byte, byte count), ...] or None = all)]
        self.transform = transform  # f(bytes, first row) -> bytes, for folded multipliers
        self.raw_dtype = raw_dtype or dtype  # what the parts stream (the transform's input)

    @property
    def nbytes(self):
        return tensor_nbytes(self.dtype, self.shape)

    def chunks(self, chunk_bytes):
        row_bytes = tensor_nbytes(self.raw_dtype, self.shape[-1:])
        step = max(row_bytes, chunk_bytes // row_bytes * row_bytes)
        buf, row = bytearray(), 0
        for data in self._raw(step):
            buf += data
            if len(buf) >= step:
                whole = len(buf) // row_bytes * row_bytes
                out = bytes(buf[:whole])
                del buf[:whole]
                yield self.transform(out, row) if self.transform else out
                row += whole // row_bytes
        if buf:
            yield self.transform(bytes(buf), row) if self.transform else bytes(buf)

    def _raw(self, step):
        for src, ranges in self.parts:
            if ranges is None:
                for data in src.chunks(step):
                    yield data
                continue
            pos, k = 0, 0  # one pass over the source, keeping the byte ranges (ascending)
            for data in src.chunks(step):
                end = pos + len(data)
                while k < len(ranges):
                    a, n = ranges[k]
                    lo, hi = max(a, pos), min(a + n, end)
                    if lo < hi:
                        yield data[lo - pos:hi - pos]
                    if a + n <= end:
                        k += 1
                    else:
                        break
                pos = end


def _fold_transform(dtype, factors, cols):
    """Multiply rows by factors (a number, or one per row), in float64, to float32 bytes."""
    np = numpy_or_none()

    def run(raw, first_row):
        f32 = raw if dtype == "F32" else (bf16_to_f32(raw) if dtype == "BF16" else f16_to_f32(raw))
        n_rows = len(f32) // (4 * cols)
        per_row = [factors] * n_rows if not isinstance(factors, list) else factors[first_row:first_row + n_rows]
        if np is not None:
            a = np.frombuffer(f32, dtype="<f4").astype(np.float64).reshape(n_rows, cols)
            a *= np.asarray(per_row, dtype=np.float64)[:, None]
            return a.astype("<f4").tobytes()
        vals = array("f")
        vals.frombytes(f32)
        if sys.byteorder != "little":
            vals.byteswap()
        out = array("f", (v * per_row[i // cols] for i, v in enumerate(vals)))
        if sys.byteorder != "little":
            out.byteswap()
        return out.tobytes()
    return run


def _source_names(c, name):
    """Candidate source names of one of our tensors (the first present is taken), or a view spec:
    ("rows", source, [(first row, rows)...]) or ("stack", [sources])."""
    m = re.match(r"^backbone\.layers\.(\d+)\.(.*)$", name)
    fam = c.family
    if fam == "mamba1":  # the HF names are ours (mamba_ssm says "embedding", HF "embeddings")
        if name == "backbone.embeddings.weight":
            return [name, "backbone.embedding.weight"]
        return [name] + ([name[:-len("A_log")] + "A"] if name.endswith("A_log") else [])
    if not m:
        g = {"granitemoehybrid": {"backbone.embeddings.weight": "model.embed_tokens.weight", "backbone.norm_f.weight": "model.norm.weight"},
             "falcon_h1": {"backbone.embeddings.weight": "model.embed_tokens.weight", "backbone.norm_f.weight": "model.final_layernorm.weight"},
             "nemotron_h": {}}[fam]
        return [g.get(name, name)]
    i, rest = int(m.group(1)), m.group(2)
    mx, ff = layer_kinds(c)[i]
    if fam == "nemotron_h":
        p = "backbone.layers.%d." % i
        if rest in ("norm.weight", "ffn_norm.weight"):
            return [p + "norm.weight"]
        if rest.startswith("mixer."):
            return [p + rest] + ([p + rest[:-len("A_log")] + "A"] if rest.endswith("A_log") else [])
        if rest.startswith("attn."):
            return [p + "mixer." + rest[5:]]
        if rest.startswith("ffn.router.weight"):
            return [p + "mixer.gate.weight"]
        if rest == "ffn.router.correction_bias":
            return [p + "mixer.gate.e_score_correction_bias"]
        if rest.startswith("ffn.experts."):
            part = rest[len("ffn.experts."):]       # up_proj.weight
            fused = p + "mixer.experts." + part
            return [fused, ("stack", [p + "mixer.experts.%d.%s" % (j, part) for j in range(c.n_expert)])]
        if rest.startswith("ffn.shared."):
            return [p + "mixer.shared_experts." + rest[len("ffn.shared."):]]
        if rest.startswith("ffn."):
            return [p + "mixer." + rest[4:]]
        return [p + rest]
    p = "model.layers.%d." % i
    if rest == "norm.weight":
        return [p + "input_layernorm.weight"]
    if rest == "ffn_norm.weight":
        return [p + ("post_attention_layernorm.weight" if fam == "granitemoehybrid" else "pre_ff_layernorm.weight")]
    if rest.startswith("mixer."):
        src = p + "mamba." + rest[6:]
        return [src] + ([src[:-len("A_log")] + "A"] if rest.endswith("A_log") else [])
    if rest.startswith("attn."):
        return [p + "self_attn." + rest[5:]]
    if fam == "falcon_h1":
        return [p + "feed_forward." + rest[4:]]
    # Granite: the shared MLP is one input_linear [2S, D] (rows 0..S-1 gate, S..2S-1 up); the
    # experts' input_linear is [E, 2I, D] likewise per expert
    S, I, X = (c.d_ff if ff == FFN_DENSE else c.d_shared), c.d_expert, c.n_expert
    half = {"gate_proj.weight": 0, "up_proj.weight": 1}
    if rest.startswith("ffn.router."):
        return [p + "block_sparse_moe.router.layer.weight"]
    if rest.startswith("ffn.experts."):
        part = rest[len("ffn.experts."):]
        if part == "down_proj.weight":
            return [p + "block_sparse_moe.output_linear.weight"]
        return [("rows", p + "block_sparse_moe.input_linear.weight", [(e * 2 * I + half[part] * I, I) for e in range(X)])]
    part = rest[len("ffn.shared."):] if rest.startswith("ffn.shared.") else rest[len("ffn."):]
    if part == "down_proj.weight":
        return [p + "shared_mlp.output_linear.weight"]
    if part in half:
        return [("rows", p + "shared_mlp.input_linear.weight", [(half[part] * S, S)])]
    return [p + "shared_mlp." + part]


FAMILY_NAMES = {"mamba1": "Mamba-1", "granitemoehybrid": "Granite 4.0-H", "nemotron_h": "Nemotron-H", "falcon_h1": "Falcon-H1"}


def plan_tensors_v2(c, sources, matrix_dtype):
    """The version-2 plan: every tensor of expected_tensors_v2 found through the family's mapping,
    shapes checked, multipliers folded; a source tensor nothing uses is an error."""
    used = set()
    by_name = OrderedDict()
    expected = expected_tensors_v2(c)

    def need(src_name, what):
        t = sources.get(src_name)
        if t is None:
            fail("missing tensor %s (for %s)" % (clean(src_name), what))
        if t.dtype not in SOURCE_DTYPES:
            fail("tensor %s has unsupported dtype %s; supported: F32, F16, BF16" % (clean(src_name), t.dtype))
        used.add(src_name)
        return t

    for name, dims, is_matrix in expected:
        cands = _source_names(c, name)
        found = None
        if name.split(".", 3)[-1] in getattr(c, "zero_bias", ()):
            by_name[name] = (ZeroTensor(name, dims), is_matrix, dims)
            continue
        for cand in cands:
            if isinstance(cand, str):
                if cand in sources:
                    found = need(cand, name)
                    if cand.endswith(".A") and name.endswith("A_log"):
                        name = name[:-len("A_log")] + "A"  # A itself, as a GGUF stores it
                    break
            elif cand[0] == "rows" and cand[1] in sources:
                src = need(cand[1], name)
                rb = tensor_nbytes(src.dtype, src.shape[-1:])
                n_rows = prod(src.shape) // src.shape[-1] if src.shape else 0
                if any(a + n > n_rows for a, n in cand[2]):
                    fail("tensor %s has shape %s, too small for %s %s" % (clean(cand[1]), shape_str(src.shape), name, shape_str(dims)))
                found = ViewTensor(name, src.dtype, dims, [(src, [(a * rb, n * rb) for a, n in cand[2]])], ("rows", src.ident, tuple(cand[2])))
                break
            elif cand[0] == "stack" and all(x in sources for x in cand[1]):
                parts = [need(x, name) for x in cand[1]]
                if len({t.dtype for t in parts}) != 1 or any(len(t.shape) != 2 for t in parts):
                    fail("the per-expert tensors of %s differ in dtype or are not matrices" % name)
                found = ViewTensor(name, parts[0].dtype, (len(parts),) + parts[0].shape, [(t, None) for t in parts],
                                   ("stack",) + tuple(t.ident for t in parts))
                break
        if found is None:
            if name == "lm_head.weight":
                continue
            first = cands[0] if isinstance(cands[0], str) else (cands[0][1] if cands[0][0] == "rows" else cands[0][1][0])
            fail("missing tensor %s" % clean(first))
        if found.shape != tuple(dims):
            fail("tensor %s has shape %s but the config (a %s model) implies %s" % (clean(getattr(found, "name", name)), shape_str(found.shape),
                                                                                   FAMILY_NAMES.get(c.family, c.family), shape_str(dims)))
        suffix = name.split(".", 3)[-1] if name.startswith("backbone.layers.") else name
        factor = c.fold.get(suffix)
        if factor is not None and factor != 1.0 and (not isinstance(factor, list) or any(v != 1.0 for v in factor)):
            found = ViewTensor(name, "F32", dims, [(found, None)], ("fold", found.ident, suffix),
                               _fold_transform(found.dtype, factor, dims[-1] if len(dims) > 1 else 1), raw_dtype=found.dtype)
        by_name[name] = (found, is_matrix, dims)

    for src_name in sources:
        if src_name not in used and not (src_name == "lm_head.weight" and c.tie):
            fail(describe_extra_v2(src_name, c))
    head = by_name.get("lm_head.weight")
    emb = by_name["backbone.embeddings.weight"][0]
    if head is None:
        if not c.tie:
            fail("missing tensor lm_head.weight (config.json says the embeddings are not tied)")
        tied = True
    else:
        tied = False
        if c.tie:
            tied = _resolve_tie(c, {"backbone.embeddings.weight": emb, "lm_head.weight": head[0]})
    plan = []
    matrices = [name for name, (t, is_matrix, dims) in by_name.items() if is_matrix]
    for name, (t, is_matrix, dims) in by_name.items():
        if name == "lm_head.weight" and tied:
            continue
        plan.append(PlannedTensor(name, dims, output_dtype(name, dims, is_matrix, matrix_dtype, matrices, c, tied), t))
    settle_fallbacks(plan)
    return plan, tied


def describe_extra_v2(name, c):
    m = re.match(r"^(?:model|backbone)\.layers\.(\d+)\.", name)
    if m and int(m.group(1)) >= c.n_layer:
        return "unexpected tensor '%s': layer %s is beyond the %d layers of the config" % (clean(name), m.group(1), c.n_layer)
    if m:
        mx, ff = layer_kinds(c)[int(m.group(1))]
        return ("unexpected tensor '%s': the config makes layer %s a %s layer%s" %
                (clean(name), m.group(1), {0: "FFN-only", 1: "Mamba-2", 2: "attention", 3: "parallel Mamba-2 + attention", 4: "Mamba-1"}[mx],
                 {0: "", 1: " with a dense FFN", 2: " with a mixture of experts"}[ff]))
    return "unexpected tensor '%s' (not part of a %s model)" % (clean(name), c.family)


# ----------------------------------------------------------------------------------------
# Number formats. All functions take and return little-endian bytes.
# ----------------------------------------------------------------------------------------

_lane_cache = {}


def _lane_ones(n):
    """An int with the value 1 in each of n 64-bit lanes (for SIMD-within-an-integer)."""
    v = _lane_cache.get(n)
    if v is None:
        _lane_cache.clear()
        v = _lane_cache[n] = int.from_bytes(b"\x01\x00\x00\x00\x00\x00\x00\x00" * n, "little")
    return v


def bf16_to_f32(raw):
    # bf16 is the upper half of an f32: widening is exact and just inserts two zero bytes.
    n = len(raw) // 2
    out = bytearray(4 * n)
    out[2::4] = raw[0::2]
    out[3::4] = raw[1::2]
    return bytes(out)


def f16_to_f32(raw):
    np = numpy_or_none()
    n = len(raw) // 2
    if np is not None:
        return np.frombuffer(raw, "<f2").astype("<f4").tobytes()
    return struct.pack("<%df" % n, *struct.unpack("<%de" % n, raw))


def f32_to_bf16(raw):
    """Round to nearest even, like torch's float->bfloat16; every NaN becomes 0x7FC0."""
    np = numpy_or_none()
    n = len(raw) // 4
    if np is not None:
        u = np.frombuffer(raw, "<u4")
        r = ((u + np.uint32(0x7FFF) + ((u >> np.uint32(16)) & np.uint32(1))) >> np.uint32(16)).astype("<u2")
        nan = (u & np.uint32(0x7FFFFFFF)) > np.uint32(0x7F800000)
        if nan.any():
            r[nan] = 0x7FC0
        return r.tobytes()
    # Pure Python: spread the 32-bit words into 64-bit lanes of one big integer so the
    # rounding add is a handful of C-speed bignum operations instead of a Python loop; the
    # extra 32 bits per lane absorb the carries.
    wide = bytearray(8 * n)
    for k in range(4):
        wide[k::8] = raw[k::4]
    x = int.from_bytes(wide, "little")
    ones = _lane_ones(n)
    y = (x + 0x7FFF * ones + ((x >> 16) & ones)).to_bytes(8 * n, "little")
    out = bytearray(2 * n)
    out[0::2] = y[2::8]
    out[1::2] = y[3::8]
    # |x| > inf  <=>  (x & 0x7FFFFFFF) + 0x007FFFFF sets bit 31 of the lane.
    if (((x & (0x7FFFFFFF * ones)) + 0x007FFFFF * ones) >> 31) & ones:
        for i, (w,) in enumerate(struct.iter_unpack("<I", raw)):
            if (w & 0x7FFFFFFF) > 0x7F800000:
                out[2 * i:2 * i + 2] = b"\xc0\x7f"
    return bytes(out)


def f32_to_f16(raw):
    """Round to nearest even; overflow gives +-inf and NaN becomes 0x7E00 with its sign
    (what struct's 'e' format produces, so both code paths agree bit for bit)."""
    np = numpy_or_none()
    n = len(raw) // 4
    if np is not None:
        x = np.frombuffer(raw, "<f4")
        with np.errstate(over="ignore", invalid="ignore"):
            h = x.astype("<f2").view("<u2")
        nan = np.isnan(x)
        if nan.any():
            sign = (np.frombuffer(raw, "<u4")[nan] >> np.uint32(16)) & np.uint32(0x8000)
            h = h.copy()
            h[nan] = (sign | np.uint32(0x7E00)).astype("<u2")
        return h.tobytes()
    vals = struct.unpack("<%df" % n, raw)
    try:
        return struct.pack("<%de" % n, *vals)
    except OverflowError:  # some value rounds past 65504: do it one by one
        out = bytearray()
        for v in vals:
            try:
                out += struct.pack("<e", v)
            except OverflowError:
                out += b"\x00\xfc" if v < 0 else b"\x00\x7c"
        return bytes(out)


def f32_to_q8_0(raw, name):
    """Blocks of 32: f16 scale d then 32 int8, value = d*q.

    Follows ggml's quantize_row_q8_0_ref exactly, in float32 arithmetic:
        d = amax / 127;  id = d ? 1/d : 0;  q = roundf(x * id)  (half away from zero);
    the scale is stored as f16(d) (round to nearest even), i.e. the division uses the f32 d,
    not its f16 rounding. Non-finite inputs or a scale beyond f16 range are errors. Where
    1/d overflows float32 (amax below ~1.5e-36; ggml would multiply by inf, which is
    undefined), id is taken as 0: such a block has an f16 scale of 0 and all q = 0.
    """
    np = numpy_or_none()
    n = len(raw) // 4
    nb = n // 32
    if np is not None:
        x = np.frombuffer(raw, "<f4").reshape(nb, 32)
        if not np.isfinite(x).all():
            _q8_nonfinite(name)
        amax = np.abs(x).max(axis=1)
        d = (amax / np.float32(127)).astype(np.float32)
        with np.errstate(divide="ignore", over="ignore"):
            inv = (np.float32(1) / d).astype(np.float32)
            inv[~np.isfinite(inv)] = 0
            dh = d.astype("<f2")
        if not np.isfinite(dh).all():
            _q8_too_large(name)
        x0 = (x * inv[:, None]).astype(np.float32)
        # |x0| + 0.5 in float64 is exact, so floor() gives C's roundf.
        q = np.copysign(np.floor(np.abs(x0).astype(np.float64) + 0.5), x0)
        q = np.clip(q, -127, 127).astype(np.int8)
        out = np.empty((nb, 34), np.uint8)
        out[:, 0:2] = dh.view(np.uint8).reshape(nb, 2)
        out[:, 2:] = q.view(np.uint8)
        return out.tobytes()

    vals = struct.unpack("<%df" % n, raw)
    scales = bytearray(2 * nb)
    invs = [0.0] * nb
    for b in range(nb):
        blk = vals[32 * b:32 * b + 32]
        if not math.isfinite(sum(blk)):  # any inf/NaN poisons the (double) sum
            _q8_nonfinite(name)
        amax = abs(max(max(blk), -min(blk)))  # abs() turns a -0.0 maximum into +0.0, as fabsf does
        # Division/products of float32 values done in double and rounded once to float32
        # equal the float32 operations exactly (double has > 2*24+2 bits).
        d = f32_round(amax / 127.0)
        inv = f32_round(1.0 / d) if d else 0.0
        invs[b] = inv if inv != math.inf else 0.0
        try:
            scales[2 * b:2 * b + 2] = struct.pack("<e", d)
        except OverflowError:
            _q8_too_large(name)
    prods = array("f", [v * invs[i >> 5] for i, v in enumerate(vals)])  # array('f') rounds to f32
    # roundf: half away from zero (v -+ 0.5 is exact in double, int() truncates). No clamp is
    # needed: |x*id| <= amax*id <= 127 * (1 + 3 ulp) < 127.5.
    q = array("b", [int(v + 0.5) if v >= 0 else int(v - 0.5) for v in prods])
    qb = q.tobytes()
    out = bytearray(34 * nb)
    out[0::34] = scales[0::2]
    out[1::34] = scales[1::2]
    for j in range(32):
        out[2 + j::34] = qb[j::32]
    return bytes(out)


def _q8_nonfinite(name):
    fail("tensor %s contains inf or NaN, which q8_0 cannot represent; use --dtype f32/f16/bf16" % name)


def _q8_too_large(name):
    fail("tensor %s has values too large for a q8_0 f16 scale; use --dtype f32 or bf16" % name)


# --- GGUF block formats -> float32, exactly as ggml's dequantize_row_* -------------------
# Every product of a scale and a quant is exact in float32 (an f16 scale times a 6-bit
# sub-scale times a <= 6-bit quant needs <= 23 bits), and so is the double-precision sum with
# a min term, so computing in Python floats and rounding once to float32 (array "f") gives
# ggml's float32 results bit for bit, with or without FMA.

def _f16s(raw, off, n):
    return struct.unpack_from("<%de" % n, raw, off)


def dequant_q8_0(raw):
    out = array("f")
    for b in range(0, len(raw), 34):
        (d,) = _f16s(raw, b, 1)
        out.extend([q * d for q in struct.unpack_from("<32b", raw, b + 2)])
    return out.tobytes()


def dequant_q4_0(raw):
    out = array("f")
    for b in range(0, len(raw), 18):
        (d,) = _f16s(raw, b, 1)
        qs = raw[b + 2:b + 18]
        out.extend([((q & 15) - 8) * d for q in qs])
        out.extend([((q >> 4) - 8) * d for q in qs])
    return out.tobytes()


def dequant_q4_1(raw):
    out = array("f")
    for b in range(0, len(raw), 20):
        d, m = _f16s(raw, b, 2)
        qs = raw[b + 4:b + 20]
        out.extend([(q & 15) * d + m for q in qs])
        out.extend([(q >> 4) * d + m for q in qs])
    return out.tobytes()


def _q5_values(qh, qs, off):
    lo = [(q & 15) | (((qh >> j) << 4) & 16) for j, q in enumerate(qs)]
    hi = [(q >> 4) | ((qh >> (j + 12)) & 16) for j, q in enumerate(qs)]
    return [x - off for x in lo + hi]


def dequant_q5_0(raw):
    out = array("f")
    for b in range(0, len(raw), 22):
        (d,) = _f16s(raw, b, 1)
        (qh,) = struct.unpack_from("<I", raw, b + 2)
        out.extend([x * d for x in _q5_values(qh, raw[b + 6:b + 22], 16)])
    return out.tobytes()


def dequant_q5_1(raw):
    out = array("f")
    for b in range(0, len(raw), 24):
        d, m = _f16s(raw, b, 2)
        (qh,) = struct.unpack_from("<I", raw, b + 4)
        out.extend([x * d + m for x in _q5_values(qh, raw[b + 8:b + 24], 0)])
    return out.tobytes()


def _scale_min_k4(j, sc):
    """ggml's get_scale_min_k4: the 6-bit scale and min of sub-block j from 12 packed bytes."""
    if j < 4:
        return sc[j] & 63, sc[j + 4] & 63
    return (sc[j + 4] & 15) | ((sc[j - 4] >> 6) << 4), (sc[j + 4] >> 4) | ((sc[j] >> 6) << 4)


def dequant_q4_k(raw):
    out = array("f")
    for b in range(0, len(raw), 144):
        d, dmin = _f16s(raw, b, 2)
        sc = raw[b + 4:b + 16]
        for j in range(4):
            s1, m1 = _scale_min_k4(2 * j, sc)
            s2, m2 = _scale_min_k4(2 * j + 1, sc)
            d1, c1, d2, c2 = d * s1, dmin * m1, d * s2, dmin * m2
            q = raw[b + 16 + 32 * j:b + 48 + 32 * j]
            out.extend([d1 * (x & 15) - c1 for x in q])
            out.extend([d2 * (x >> 4) - c2 for x in q])
    return out.tobytes()


def dequant_q5_k(raw):
    out = array("f")
    for b in range(0, len(raw), 176):
        d, dmin = _f16s(raw, b, 2)
        sc = raw[b + 4:b + 16]
        qh = raw[b + 16:b + 48]
        u1, u2 = 1, 2
        for j in range(4):
            s1, m1 = _scale_min_k4(2 * j, sc)
            s2, m2 = _scale_min_k4(2 * j + 1, sc)
            d1, c1, d2, c2 = d * s1, dmin * m1, d * s2, dmin * m2
            q = raw[b + 48 + 32 * j:b + 80 + 32 * j]
            out.extend([d1 * ((x & 15) + (16 if h & u1 else 0)) - c1 for x, h in zip(q, qh)])
            out.extend([d2 * ((x >> 4) + (16 if h & u2 else 0)) - c2 for x, h in zip(q, qh)])
            u1 <<= 2
            u2 <<= 2
    return out.tobytes()


def dequant_q6_k(raw):
    out = array("f")
    for b in range(0, len(raw), 210):
        (d,) = _f16s(raw, b + 208, 1)
        sc = struct.unpack_from("<16b", raw, b + 192)
        for n in range(2):
            ql = raw[b + 64 * n:b + 64 * n + 64]
            qh = raw[b + 128 + 32 * n:b + 160 + 32 * n]
            s = sc[8 * n:8 * n + 8]
            y = [0.0] * 128
            for l in range(32):
                i, h = l // 16, qh[l]
                y[l] = d * s[i] * (((ql[l] & 15) | ((h & 3) << 4)) - 32)
                y[l + 32] = d * s[i + 2] * (((ql[l + 32] & 15) | (((h >> 2) & 3) << 4)) - 32)
                y[l + 64] = d * s[i + 4] * (((ql[l] >> 4) | (((h >> 4) & 3) << 4)) - 32)
                y[l + 96] = d * s[i + 6] * (((ql[l + 32] >> 4) | (((h >> 6) & 3) << 4)) - 32)
            out.extend(y)
    return out.tobytes()


DEQUANTIZE = {"Q8_0": dequant_q8_0, "Q4_0": dequant_q4_0, "Q4_1": dequant_q4_1,
              "Q5_0": dequant_q5_0, "Q5_1": dequant_q5_1, "Q4_K": dequant_q4_k,
              "Q5_K": dequant_q5_k, "Q6_K": dequant_q6_k}


def convert_chunk(raw, src, dst, name):
    if src == dst:
        return raw
    f32 = raw
    if src == "BF16":
        f32 = bf16_to_f32(raw)
    elif src == "F16":
        f32 = f16_to_f32(raw)
    elif src in DEQUANTIZE:
        f32 = DEQUANTIZE[src](raw)
    if dst == "F32":
        return f32
    if dst == "BF16":
        return f32_to_bf16(f32)
    if dst == "F16":
        return f32_to_f16(f32)
    if dst == "Q8_0":
        return f32_to_q8_0(f32, name)
    try:
        return quant_mix.quantize(f32, dst, name)
    except quant_mix.QuantError as e:
        fail(str(e))


# ----------------------------------------------------------------------------------------
# Tokenizer (README.md, File format §3)
# ----------------------------------------------------------------------------------------

def bytes_to_unicode():
    """GPT-2's reversible byte <-> printable character table."""
    keep = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1))
            + list(range(ord("\u00ae"), ord("\u00ff") + 1)))
    table, n = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


B2U = bytes_to_unicode()
U2B = {ch: b for b, ch in B2U.items()}


# ---- the Split regex, compiled for the header's regex engine (README.md, File format §3) ----
# Oniguruma's syntax as tokenizers uses it (onig::Regex::new: Ruby syntax, UTF-8, no options), for
# the subset real tokenizer files use. Anything else is refused with its name: a construct that
# were approximated would split text differently from the reference without a word.

GC_NAMES = ["Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps",
            "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs",
            "Co", "Cn"]
GC_BIT = {n: 1 << i for i, n in enumerate(GC_NAMES)}
CAT_ALL = (1 << 30) - 1
CAT_SPACE = 1 << 30  # White_Space (Oniguruma's \s)
CAT_WORD = 1 << 31   # Alphabetic | M | Nd | Pc | Join_Control (Oniguruma's \w)
_GC_LONG = {"Letter": "L", "Mark": "M", "Number": "N", "Punctuation": "P", "Symbol": "S",
            "Separator": "Z", "Other": "C", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
            "Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo",
            "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me",
            "Decimal_Number": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
            "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd", "Open_Punctuation": "Ps",
            "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi", "Final_Punctuation": "Pf",
            "Other_Punctuation": "Po", "Math_Symbol": "Sm", "Currency_Symbol": "Sc",
            "Modifier_Symbol": "Sk", "Other_Symbol": "So", "Space_Separator": "Zs",
            "Control": "Cc", "Format": "Cf", "Private_Use": "Co", "Unassigned": "Cn"}

# instruction opcodes (mamba2.h M2__RX_*)
RX_MATCH, RX_CHAR, RX_CLASS, RX_ANY, RX_SPLIT, RX_JMP, RX_LOOK, RX_ASSERT = range(8)
RX_MAX_INST = 1 << 16


class RegexRefused(Exception):
    pass


def _cats(name):
    n = _GC_LONG.get(name, name)
    if n in GC_BIT:
        return GC_BIT[n]
    if len(n) == 1 and any(g[0] == n for g in GC_NAMES):
        return sum(GC_BIT[g] for g in GC_NAMES if g[0] == n)
    if n in ("Alnum",):
        return None
    raise RegexRefused("the property \\p{%s} (only general categories are implemented)" % name)


class _Cls:
    """A character set: (cats bitmask | ranges), negated or not."""

    def __init__(self, cats=0, ranges=(), neg=False):
        self.cats, self.ranges, self.neg = cats, list(ranges), neg

    def key(self):
        return (self.cats, tuple(sorted(self.ranges)), self.neg)


_FOLD = None


def _fold_set(c):
    """The code points Oniguruma's case-insensitive match accepts for c (simple, one-to-one folds)."""
    global _FOLD
    if _FOLD is None:
        _FOLD = {}
        for x in range(0x110000):
            if 0xD800 <= x < 0xE000:
                continue
            f = chr(x).casefold()
            if len(f) == 1:
                _FOLD.setdefault(f, set()).add(x)
    f = chr(c).casefold()
    s = set(_FOLD.get(f, ())) if len(f) == 1 else set()
    s.add(c)
    return s


class _Parser:
    def __init__(self, pat):
        self.p, self.i = pat, 0

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def take(self):
        c = self.p[self.i]
        self.i += 1
        return c

    def parse(self):
        node = self.alt(False)
        if self.i != len(self.p):
            raise RegexRefused("an unbalanced ')' at offset %d" % self.i)
        return node

    def alt(self, ci):
        branches = [self.concat(ci)]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.concat(ci))
        return ("alt", branches) if len(branches) > 1 else branches[0]

    def concat(self, ci):
        items = []
        while self.peek() is not None and self.peek() not in "|)":
            items.append(self.repeat(ci))
        return ("cat", items)

    def repeat(self, ci):
        atom = self.atom(ci)
        while True:
            c = self.peek()
            if c in ("*", "+", "?"):
                self.i += 1
                lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            elif c == "{" and re.match(r"\{(\d+)(,(\d*))?\}", self.p[self.i:]):
                m = re.match(r"\{(\d+)(,(\d*))?\}", self.p[self.i:])
                self.i += m.end()
                lo = int(m.group(1))
                hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
                if lo > 1000 or (hi is not None and (hi > 1000 or hi < lo)):
                    raise RegexRefused("the repetition %s" % m.group(0))
            else:
                return atom
            lazy = False
            if self.peek() == "?":
                self.i += 1
                lazy = True
            elif self.peek() == "+":
                raise RegexRefused("a possessive quantifier")
            if atom[0] in ("look", "assert"):
                raise RegexRefused("a quantified assertion")
            atom = ("rep", atom, lo, hi, lazy)

    def atom(self, ci):
        c = self.take()
        if c == "(":
            if self.p.startswith("?:", self.i):
                self.i += 2
                node = self.alt(ci)
            elif self.p.startswith("?i:", self.i):
                self.i += 3
                node = self.alt(True)
            elif self.p.startswith("?!", self.i) or self.p.startswith("?=", self.i):
                neg = self.p[self.i + 1] == "!"
                self.i += 2
                inner = self.alt(ci)
                cls = _single_class(inner)
                if cls is None:
                    raise RegexRefused("a lookahead that is not one character class")
                node = ("look", cls, neg)
            elif self.peek() == "?":
                raise RegexRefused("the group construct (%s" % self.p[self.i:self.i + 3])
            else:
                node = self.alt(ci)
            if self.peek() != ")":
                raise RegexRefused("an unclosed '('")
            self.i += 1
            return node
        if c == "[":
            return ("cls", self.cls(ci))
        if c == ".":
            return ("any",)
        if c == "^":
            return ("assert", 2)
        if c == "$":
            return ("assert", 3)
        if c == "\\":
            return self.escape(ci, in_class=False)
        if c in "*+?{":
            if c == "{":
                return self.lit(ord(c), ci)
            raise RegexRefused("a quantifier with nothing before it")
        return self.lit(ord(c), ci)

    def lit(self, cp, ci):
        if ci:
            fs = _fold_set(cp)
            if len(fs) > 1:
                return ("cls", _Cls(0, [(x, x) for x in sorted(fs)]))
        return ("char", cp)

    def escape(self, ci, in_class):
        if self.i >= len(self.p):
            raise RegexRefused("a trailing backslash")
        c = self.take()
        simple = {"n": 10, "r": 13, "t": 9, "f": 12, "v": 11, "a": 7, "e": 27}
        if c in simple:
            return self.lit(simple[c], ci) if not in_class else ("char", simple[c])
        if c in "sSdDwW":
            base = {"s": _Cls(CAT_SPACE), "d": _Cls(GC_BIT["Nd"]), "w": _Cls(CAT_WORD)}[c.lower()]
            if c.isupper():
                base.neg = True
            return ("cls", base)
        if c in "pP":
            if self.peek() == "{":
                j = self.p.find("}", self.i)
                if j < 0:
                    raise RegexRefused("an unclosed \\p{")
                name = self.p[self.i + 1:j]
                self.i = j + 1
            else:
                name = self.take() if self.i < len(self.p) else ""
            neg = c == "P"
            if name.startswith("^"):
                name, neg = name[1:], not neg
            cats = _cats(name)
            if cats is None:
                raise RegexRefused("the property \\p{%s}" % name)
            return ("cls", _Cls(cats, (), neg))
        if c == "x":
            if self.peek() == "{":
                j = self.p.find("}", self.i)
                cp = int(self.p[self.i + 1:j], 16)
                self.i = j + 1
            else:
                cp = int(self.p[self.i:self.i + 2], 16)
                self.i += 2
            return self.lit(cp, ci) if not in_class else ("char", cp)
        if c == "u":
            cp = int(self.p[self.i:self.i + 4], 16)
            self.i += 4
            return self.lit(cp, ci) if not in_class else ("char", cp)
        if c == "A" and not in_class:
            return ("assert", 0)
        if c == "z" and not in_class:
            return ("assert", 1)
        if c.isalnum():
            raise RegexRefused("the escape \\%s" % c)
        return self.lit(ord(c), ci) if not in_class else ("char", ord(c))

    def cls(self, ci):
        neg = False
        if self.peek() == "^":
            self.i += 1
            neg = True
        items, first = [], True
        while True:
            c = self.peek()
            if c is None:
                raise RegexRefused("an unclosed '['")
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[":
                raise RegexRefused("a nested character class")
            if c == "&" and self.p.startswith("&&", self.i):
                raise RegexRefused("a class intersection (&&)")
            self.i += 1
            if c == "\\":
                item = self.escape(False, in_class=True)
            else:
                item = ("char", ord(c))
            if item[0] == "char" and self.peek() == "-" and self.i + 1 < len(self.p) and self.p[self.i + 1] != "]":
                self.i += 1
                d = self.take()
                if d == "\\":
                    hi = self.escape(False, in_class=True)
                    if hi[0] != "char":
                        raise RegexRefused("a class range ending in a class escape")
                    hi = hi[1]
                else:
                    hi = ord(d)
                if hi < item[1]:
                    raise RegexRefused("an empty class range")
                items.append(("range", item[1], hi))
            else:
                items.append(item)
        out = _Cls(0, [], neg)
        for it in items:
            if it[0] == "char":
                out.ranges.append((it[1], it[1]))
            elif it[0] == "range":
                out.ranges.append((it[1], it[2]))
            else:
                k = it[1]
                if k.neg:
                    if k.cats & (CAT_SPACE | CAT_WORD):
                        raise RegexRefused("a negated \\s or \\w inside a class with other members")
                    out.cats |= CAT_ALL & ~k.cats
                else:
                    out.cats |= k.cats
        if ci:
            extra = []
            for a, b in out.ranges:
                if b - a > 0x3000:
                    raise RegexRefused("a large character range inside (?i:...)")
                for x in range(a, b + 1):
                    for y in _fold_set(x):
                        if not a <= y <= b:
                            extra.append((y, y))
            out.ranges += extra
            if out.cats & (GC_BIT["Lu"] | GC_BIT["Ll"] | GC_BIT["Lt"]) and out.cats & CAT_ALL != CAT_ALL:
                raise RegexRefused("a cased-letter category inside (?i:...)")
        return out


def _single_class(node):
    while node[0] == "cat" and len(node[1]) == 1:
        node = node[1][0]
    if node[0] == "cls":
        return node[1]
    if node[0] == "char":
        return _Cls(0, [(node[1], node[1])])
    if node[0] == "alt" and all(_single_class(b) is not None for b in node[1]):
        parts = [_single_class(b) for b in node[1]]
        if all(not p.neg for p in parts):
            return _Cls(_or(p.cats for p in parts), [r for p in parts for r in p.ranges])
    return None


def _or(xs):
    v = 0
    for x in xs:
        v |= x
    return v


def _nullable(n):
    k = n[0]
    if k == "cat":
        return all(_nullable(x) for x in n[1])
    if k == "alt":
        return any(_nullable(x) for x in n[1])
    if k == "rep":
        return n[2] == 0 or _nullable(n[1])
    return k in ("look", "assert")


class _Prog:
    def __init__(self):
        self.insts, self.classes, self.class_ix = [], [], {}

    def emit(self, op, x=0, y=0):
        if len(self.insts) >= RX_MAX_INST:
            raise RegexRefused("a pattern longer than %d instructions" % RX_MAX_INST)
        self.insts.append([op, x, y])
        return len(self.insts) - 1

    def cls(self, c):
        k = c.key()
        if k not in self.class_ix:
            self.class_ix[k] = len(self.classes)
            self.classes.append(c)
        return self.class_ix[k]

    def gen(self, n):
        k = n[0]
        if k == "char":
            self.emit(RX_CHAR, n[1])
        elif k == "cls":
            self.emit(RX_CLASS, self.cls(n[1]))
        elif k == "any":
            self.emit(RX_ANY)
        elif k == "assert":
            self.emit(RX_ASSERT, n[1])
        elif k == "look":
            self.emit(RX_LOOK, self.cls(n[1]), 1 if n[2] else 0)
        elif k == "cat":
            for x in n[1]:
                self.gen(x)
        elif k == "alt":
            jumps = []
            for j, b in enumerate(n[1]):
                if j + 1 < len(n[1]):
                    s = self.emit(RX_SPLIT)
                    self.insts[s][1] = len(self.insts)
                    self.gen(b)
                    jumps.append(self.emit(RX_JMP))
                    self.insts[s][2] = len(self.insts)
                else:
                    self.gen(b)
            for j in jumps:
                self.insts[j][1] = len(self.insts)
        elif k == "rep":
            _, e, lo, hi, lazy = n
            for _ in range(lo):
                self.gen(e)
            if hi is None:
                s = self.emit(RX_SPLIT)
                self.gen(e)
                self.emit(RX_JMP, s)
                self._branch(s, s + 1, len(self.insts), lazy)
            else:
                ends = []
                for _ in range(hi - lo):
                    s = self.emit(RX_SPLIT)
                    ends.append(s)
                    self.gen(e)
                for s in ends:
                    self._branch(s, s + 1, len(self.insts), lazy)

    def _branch(self, s, body, out, lazy):
        self.insts[s][1], self.insts[s][2] = (out, body) if lazy else (body, out)


def compile_regex(pattern):
    """pattern -> (classes, insts) for the header's Pike VM; raises RegexRefused."""
    if not isinstance(pattern, str) or not pattern:
        raise RegexRefused("an empty pattern")
    if len(pattern) > 10000:
        raise RegexRefused("a pattern longer than 10000 characters")
    ast = _Parser(pattern).parse()
    if _nullable(ast):
        raise RegexRefused("a pattern that can match the empty string")
    pr = _Prog()
    pr.gen(ast)
    pr.emit(RX_MATCH)
    return pr.classes, pr.insts


def literal_regex(text):
    """A String pattern of Split / Replace: the literal text."""
    pr = _Prog()
    for ch in text:
        pr.emit(RX_CHAR, ord(ch))
    pr.emit(RX_MATCH)
    return pr.classes, pr.insts


def class_regex(cls):
    """One character of a class (the char predicates of Digits, Punctuation, WhitespaceSplit...)."""
    pr = _Prog()
    pr.emit(RX_CLASS, pr.cls(cls))
    pr.emit(RX_MATCH)
    return pr.classes, pr.insts


def pack_regex(prog):
    classes, insts = prog
    ranges = []
    out = bytearray(struct.pack("<III", len(insts), len(classes), sum(len(c.ranges) for c in classes)))
    for c in classes:
        rs = sorted(c.ranges)
        merged = []
        for a, b in rs:
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        c.ranges = [tuple(r) for r in merged]
    out = bytearray(struct.pack("<III", len(insts), len(classes), sum(len(c.ranges) for c in classes)))
    for c in classes:
        out += struct.pack("<IIII", 1 if c.neg else 0, c.cats, len(ranges), len(c.ranges))
        ranges.extend(c.ranges)
    for a, b in ranges:
        out += struct.pack("<II", a, b)
    for op, x, y in insts:
        out += struct.pack("<III", op, x, y)
    return bytes(out)
class PackedTokenizer:
    """The finished tokenizer section plus the facts the header needs."""

    def __init__(self, blob, n_vocab, eos_id, bos_id, notes):
        self.blob, self.n_vocab, self.eos_id, self.bos_id = blob, n_vocab, eos_id, bos_id
        self.notes = notes


def _tok_kind(obj):
    return clean(obj.get("type")) if isinstance(obj, dict) else clean(json.dumps(obj))


def _refuse(what):
    fail("unsupported tokenizer: %s" % what)


GPT2_PATTERN = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"

# section v2 opcodes (mamba2.h M2__TN_* / M2__TP_* / M2__TD_*)
TN_NFC, TN_NFD, TN_NFKC, TN_NFKD, TN_LOWER, TN_PREPEND, TN_REPLACE, TN_STRIP = range(1, 9)
TP_SPLIT, TP_PREFIX_SPACE, TP_METASPACE = range(1, 4)
TD_BYTELEVEL, TD_BYTEFALLBACK, TD_FUSE, TD_STRIP, TD_REPLACE, TD_METASPACE, TD_JOIN = range(1, 8)
BEHAVIORS = {"Removed": 0, "Isolated": 1, "MergedWithPrevious": 2, "MergedWithNext": 3, "Contiguous": 4}
NO_STR = 0xFFFFFFFF
NAMED_TOKENS = ("bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token")


def _flatten(obj, what, seq_key):
    """A component or a Sequence of them (nested Sequences too) as a flat list."""
    if obj is None:
        return []
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        _refuse("malformed %s %s" % (what, clean(json.dumps(obj))))
    if obj["type"] == "Sequence":
        parts = obj.get(seq_key)
        if not isinstance(parts, list):
            _refuse("malformed %s Sequence" % what)
        out = []
        for p in parts:
            out.extend(_flatten(p, what, seq_key))
        return out
    return [obj]


def _str_field(obj, key, what, allow_empty=True):
    v = obj.get(key)
    if not isinstance(v, str) or (not allow_empty and not v):
        _refuse("%s with a missing or non-string '%s'" % (what, key))
    return v


def _bool_field(obj, key, default, what):
    v = obj.get(key, default)
    if not isinstance(v, bool):
        _refuse("%s with a non-boolean '%s'" % (what, key))
    return v


def _pattern(obj, what):
    """Split / Replace pattern: {"String": s} or {"Regex": r} -> ("s"|"r", text)."""
    p = obj.get("pattern")
    if isinstance(p, dict) and len(p) == 1:
        (k, v), = p.items()
        if k in ("String", "Regex") and isinstance(v, str) and v:
            return k, v
    _refuse("%s with a malformed pattern %s" % (what, clean(json.dumps(p))))


class _Strings:
    def __init__(self):
        self.items, self.ix = [], {}

    def add(self, s):
        b = s.encode("utf-8") if isinstance(s, str) else bytes(s)
        if b not in self.ix:
            self.ix[b] = len(self.items)
            self.items.append(b)
        return self.ix[b]


def _compile_or_refuse(pattern, what):
    try:
        return compile_regex(pattern)
    except RegexRefused as e:
        _refuse("%s regex %s uses %s" % (what, clean(json.dumps(pattern), 80), e))
    except (ValueError, IndexError, OverflowError):
        _refuse("%s regex %s is malformed" % (what, clean(json.dumps(pattern), 80)))


def _normalizer_ops(tj, strings):
    ops = []
    for n in _flatten(tj.get("normalizer"), "normalizer", "normalizers"):
        t = n["type"]
        if t in ("NFC", "NFD", "NFKC", "NFKD"):
            ops.append((("NFC", "NFD", "NFKC", "NFKD").index(t) + TN_NFC, 0, 0, 0))
        elif t == "Lowercase":
            ops.append((TN_LOWER, 0, 0, 0))
        elif t == "Prepend":
            ops.append((TN_PREPEND, strings.add(_str_field(n, "prepend", "Prepend normalizer")), 0, 0))
        elif t == "Replace":
            kind, pat = _pattern(n, "Replace normalizer")
            if kind != "String":
                _refuse("normalizer Replace with a Regex pattern")
            ops.append((TN_REPLACE, strings.add(pat), strings.add(_str_field(n, "content", "Replace normalizer")), 0))
        elif t == "Strip":
            ops.append((TN_STRIP, int(_bool_field(n, "strip_left", True, "Strip normalizer")),
                        int(_bool_field(n, "strip_right", True, "Strip normalizer")), 0))
        else:
            _refuse("normalizer %s" % clean(t))
    return ops


def _char_field(obj, key, default, what):
    v = obj.get(key, default)
    if not isinstance(v, str) or len(v) != 1:
        _refuse("%s with '%s' that is not one character" % (what, key))
    return v


def _metaspace(obj, what):
    """-> (replacement, prepend scheme 0 never / 1 first / 2 always); old files say add_prefix_space"""
    rep = _char_field(obj, "replacement", "\u2581", what)
    scheme = obj.get("prepend_scheme")
    if scheme is None:
        scheme = "always" if _bool_field(obj, "add_prefix_space", True, what) else "never"
    if scheme not in ("never", "first", "always"):
        _refuse("%s prepend_scheme %s" % (what, clean(json.dumps(scheme))))
    return rep, ("never", "first", "always").index(scheme)


def _pretokenizer_ops(tj, strings, regexes):
    """-> (ops, byte_level)"""
    ops, byte_level = [], False

    def split(prog, behavior, invert):
        regexes.append(pack_regex(prog))
        ops.append((TP_SPLIT, len(regexes) - 1, behavior, int(invert)))

    for p in _flatten(tj.get("pre_tokenizer"), "pre_tokenizer", "pretokenizers"):
        t = p["type"]
        if byte_level:
            _refuse("pre_tokenizer %s after ByteLevel" % clean(t))
        if t == "Split":
            kind, pat = _pattern(p, "Split pre_tokenizer")
            beh = p.get("behavior")
            if beh not in BEHAVIORS:
                _refuse("Split behavior %s" % clean(json.dumps(beh)))
            prog = literal_regex(pat) if kind == "String" else _compile_or_refuse(pat, "Split")
            split(prog, BEHAVIORS[beh], _bool_field(p, "invert", False, "Split pre_tokenizer"))
        elif t == "ByteLevel":
            if _bool_field(p, "add_prefix_space", True, "ByteLevel pre_tokenizer"):
                ops.append((TP_PREFIX_SPACE, 0, 0, 0))
            if _bool_field(p, "use_regex", True, "ByteLevel pre_tokenizer"):
                split(compile_regex(GPT2_PATTERN), BEHAVIORS["Isolated"], False)
            byte_level = True
        elif t == "Metaspace":
            rep, scheme = _metaspace(p, "Metaspace pre_tokenizer")
            ops.append((TP_METASPACE, strings.add(rep), scheme, 0))
            if _bool_field(p, "split", True, "Metaspace pre_tokenizer"):
                split(literal_regex(rep), BEHAVIORS["MergedWithNext"], False)
        elif t == "Digits":
            ind = _bool_field(p, "individual_digits", False, "Digits pre_tokenizer")
            split(class_regex(_Cls(GC_BIT["Nd"] | GC_BIT["Nl"] | GC_BIT["No"])),
                  BEHAVIORS["Isolated" if ind else "Contiguous"], False)
        elif t in ("Punctuation", "BertPreTokenizer"):
            beh = p.get("behavior", "Isolated") if t == "Punctuation" else "Isolated"
            if beh not in BEHAVIORS:
                _refuse("Punctuation behavior %s" % clean(json.dumps(beh)))
            if t == "BertPreTokenizer":
                split(class_regex(_Cls(CAT_SPACE)), BEHAVIORS["Removed"], False)
            punct = _Cls(sum(GC_BIT[g] for g in GC_NAMES if g[0] == "P"),
                         [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)])
            split(class_regex(punct), BEHAVIORS[beh], False)
        elif t == "Whitespace":
            # \w+|[^\w\s]+ of Rust's regex crate; its \w and \s are the same Unicode properties
            split(compile_regex(r"\w+|[^\w\s]+"), BEHAVIORS["Removed"], True)
        elif t == "WhitespaceSplit":
            split(class_regex(_Cls(CAT_SPACE)), BEHAVIORS["Removed"], False)
        elif t == "CharDelimiterSplit":
            d = _char_field(p, "delimiter", None, "CharDelimiterSplit pre_tokenizer")
            split(literal_regex(d), BEHAVIORS["Removed"], False)
        else:
            _refuse("pre_tokenizer %s" % clean(t))
    if len(ops) > 16:
        _refuse("a pre_tokenizer of more than 16 steps")
    return ops, byte_level


def _decoder_ops(tj, strings, byte_level):
    dec = tj.get("decoder")
    parts = _flatten(dec, "decoder", "decoders")
    if byte_level:
        if [d["type"] for d in parts] != ["ByteLevel"]:
            _refuse("decoder %s with a ByteLevel pre_tokenizer (only ByteLevel)"
                    % ("+".join(clean(d["type"]) for d in parts) or "none"))
        return [(TD_BYTELEVEL, 0, 0, 0)]
    if dec is None:
        return [(TD_JOIN, 0, 0, 0)]
    ops = []
    for d in parts:
        t = d["type"]
        if t == "ByteFallback":
            ops.append((TD_BYTEFALLBACK, 0, 0, 0))
        elif t == "Fuse":
            ops.append((TD_FUSE, 0, 0, 0))
        elif t == "Strip":
            c = _char_field(d, "content", None, "Strip decoder")
            a, b = d.get("start", 0), d.get("stop", 0)
            if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= 0xFFFF for x in (a, b)):
                _refuse("Strip decoder with a bad start/stop")
            ops.append((TD_STRIP, ord(c), a, b))
        elif t == "Replace":
            kind, pat = _pattern(d, "Replace decoder")
            if kind != "String":
                _refuse("decoder Replace with a Regex pattern")
            ops.append((TD_REPLACE, strings.add(pat), strings.add(_str_field(d, "content", "Replace decoder")), 0))
        elif t == "Metaspace":
            rep, scheme = _metaspace(d, "Metaspace decoder")
            ops.append((TD_METASPACE, ord(rep), 0 if scheme == 0 else 1, 0))
        else:
            _refuse("decoder %s" % clean(t))
    if len(ops) > 16:
        _refuse("a decoder of more than 16 steps")
    return ops


def _post_ids(tj, token_id):
    """-> (prefix ids, suffix ids) the post-processor adds around a single sequence."""
    pre, suf, seen = [], [], 0
    for p in _flatten(tj.get("post_processor"), "post_processor", "processors"):
        t = p["type"]
        if t == "ByteLevel":
            continue
        seen += 1
        if seen > 1:
            _refuse("a post_processor with more than one template")
        if t == "TemplateProcessing":
            single, specials = p.get("single"), p.get("special_tokens") or {}
            if not isinstance(single, list) or not isinstance(specials, dict):
                _refuse("malformed TemplateProcessing")
            n_seq = 0
            for item in single:
                if isinstance(item, dict) and isinstance(item.get("Sequence"), dict):
                    if item["Sequence"].get("id") != "A":
                        _refuse("TemplateProcessing single with sequence %s" % clean(json.dumps(item)))
                    n_seq += 1
                elif isinstance(item, dict) and isinstance(item.get("SpecialToken"), dict):
                    name = item["SpecialToken"].get("id")
                    sp = specials.get(name)
                    ids = sp.get("ids") if isinstance(sp, dict) else None
                    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i <= DIM_MAX for i in ids):
                        _refuse("TemplateProcessing special token %s without ids" % clean(json.dumps(name)))
                    (suf if n_seq else pre).extend(ids)
                else:
                    _refuse("TemplateProcessing item %s" % clean(json.dumps(item)))
            if n_seq != 1:
                _refuse("TemplateProcessing single without exactly one $A")
        elif t in ("RobertaProcessing", "BertProcessing"):
            cls, sep = p.get("cls"), p.get("sep")
            ok = lambda x: isinstance(x, list) and len(x) == 2 and isinstance(x[1], int) and not isinstance(x[1], bool) and 0 <= x[1] <= DIM_MAX
            if not ok(cls) or not ok(sep):
                _refuse("malformed %s" % t)
            pre.append(cls[1])
            suf.append(sep[1])
        else:
            _refuse("post_processor %s" % clean(t))
    return pre, suf


def _config_token(tc, key):
    v = tc.get(key)
    if isinstance(v, dict):
        v = v.get("content")
    return v if isinstance(v, str) else None


def pack_tokenizer(path, cfg, src_dir=None):
    """Read tokenizer.json (and the tokenizer_config.json beside it, else in src_dir) and pack it."""
    label = clean(os.path.basename(path))
    tj = read_json(path, label, MAX_TOKENIZER_BYTES)
    tc = None
    for d in [os.path.dirname(os.path.abspath(path))] + ([src_dir] if src_dir else []):
        cand = os.path.join(d, "tokenizer_config.json")
        if os.path.isfile(cand):
            tc = read_json(cand, "tokenizer_config.json", MAX_TOKENIZER_BYTES)
            if not isinstance(tc, dict):
                fail("tokenizer_config.json is not a JSON object")
            break
    return pack_tokenizer_obj(tj, tc, cfg, label)


def pack_tokenizer_obj(tj, tc, cfg, label="tokenizer.json"):
    """Pack an already-parsed tokenizer into a tokenizer section (README.md, File format §3).

    tj:  a dict with the structure of Hugging Face's tokenizer.json (model, added_tokens,
         normalizer, pre_tokenizer, post_processor, decoder), as tokenizers 0.23 reads it;
         merges may be "a b" strings or ["a", "b"] pairs.
    tc:  the tokenizer_config.json dict, or None: chat_template (a string, or a list of
         {"name", "template"} of which "default" is taken) and the named special tokens
         bos_token, eos_token, unk_token, pad_token, sep_token, cls_token, mask_token (a string
         or an AddedToken object with "content").
    cfg: the model configuration (vocab_rows bounds the ids; eos/bos_token_id are fallbacks).
    Returns a PackedTokenizer; any construct outside what mamba2.h implements raises
    ConvertError with a one-line message naming it. Writes tok_version 1 when the tokenizer fits
    it (GPT-2-style byte-level BPE, nothing from tokenizer_config), else tok_version 2.
    """
    if not isinstance(tj, dict) or not isinstance(tj.get("model"), dict):
        fail("%s is not a Hugging Face tokenizer.json (no 'model' object)" % label)
    if tc is not None and not isinstance(tc, dict):
        fail("tokenizer_config.json is not a JSON object")
    tc = tc or {}
    model = tj["model"]
    mtype = model.get("type")
    if mtype != "BPE":
        _refuse("model type %s (only BPE is supported)" % clean(json.dumps(mtype)))
    if model.get("dropout") not in (None, 0, 0.0):
        _refuse("BPE dropout is set")
    byte_fallback = _bool_field(model, "byte_fallback", False, "BPE model")
    fuse_unk = _bool_field(model, "fuse_unk", False, "BPE model")
    ignore_merges = _bool_field(model, "ignore_merges", False, "BPE model")
    affix = []
    for key in ("continuing_subword_prefix", "end_of_word_suffix"):
        v = model.get(key)
        if v is not None and not isinstance(v, str):
            _refuse("BPE %s that is not a string" % key)
        affix.append(v or None)
    unk_token = model.get("unk_token")
    if unk_token is not None and not isinstance(unk_token, str):
        _refuse("BPE unk_token that is not a string")

    strings, regexes = _Strings(), []
    norm_ops = _normalizer_ops(tj, strings)
    pre_ops, byte_level = _pretokenizer_ops(tj, strings, regexes)
    dec_ops = _decoder_ops(tj, strings, byte_level)
    notes = []

    vocab = model.get("vocab")
    if not isinstance(vocab, dict):
        fail("%s: model.vocab must be an object" % label)
    id_to_str = {}
    for s, i in vocab.items():
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i <= DIM_MAX:
            fail("%s: vocab entry %s has invalid id %s" % (label, clean(json.dumps(s)), clean(json.dumps(i))))
        if i in id_to_str:
            fail("%s: vocab id %d is used twice" % (label, i))
        id_to_str[i] = s

    added = tj.get("added_tokens") or []
    if not isinstance(added, list):
        fail("%s: added_tokens must be a list" % label)
    added_entries, added_ids = [], {}
    for a in added:
        if not isinstance(a, dict):
            fail("%s: malformed added_tokens entry" % label)
        i, content = a.get("id"), a.get("content")
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i <= DIM_MAX:
            fail("%s: added token has invalid id %s" % (label, clean(json.dumps(i))))
        if not isinstance(content, str) or not content:
            fail("%s: added token %d has no content" % (label, i))
        if i in added_ids:
            fail("%s: added token id %d appears twice" % (label, i))
        flags = 0
        for bit, key, default in ((0, "special", False), (1, "normalized", not a.get("special", False)),
                                  (2, "single_word", False), (3, "lstrip", False), (4, "rstrip", False)):
            v = a.get(key, default)
            if not isinstance(v, bool):
                fail("%s: added token %d has a non-boolean '%s'" % (label, i, key))
            flags |= int(v) << bit
        added_ids[i] = (content, flags)
        added_entries.append((i, flags, content.encode("utf-8")))

    n_vocab = max(list(id_to_str) + list(added_ids) + [-1]) + 1
    if n_vocab == 0:
        fail("%s: the tokenizer has no tokens" % label)
    if n_vocab > cfg.vocab_rows:
        fail("the tokenizer has %d ids but the model has only %d embedding rows" % (n_vocab, cfg.vocab_rows))

    # A byte-level vocabulary entry with a character outside the alphabet can never come out of
    # the model (it only sees alphabet strings); decoding shows its UTF-8, as the ByteLevel
    # decoder does. Version 2 keeps such entries out of the lookup tables ("decode-only").
    outside = sorted(i for s, i in vocab.items() if byte_level and any(ch not in U2B for ch in s)) \
        if byte_level else []

    def to_bytes(s, i):
        if not byte_level:
            return s.encode("utf-8")
        if outside and i in outside_set:
            return s.encode("utf-8")
        try:
            return bytes(U2B[ch] for ch in s)
        except KeyError as e:
            fail("%s: vocab entry %s (id %d) has character U+%04X outside the byte-level alphabet"
                 % (label, clean(json.dumps(s)), i, ord(e.args[0])))

    merges = model.get("merges") or []
    if not isinstance(merges, list):
        fail("%s: model.merges must be a list" % label)
    plen = len(affix[0]) if affix[0] else 0
    merge_ids = []
    for rank, m in enumerate(merges):
        parts = m.split(" ") if isinstance(m, str) else m if isinstance(m, list) else None
        if not parts or len(parts) != 2 or not all(isinstance(p, str) and p for p in parts):
            fail("%s: merge %d is malformed: %s" % (label, rank, clean(json.dumps(m))))
        a, b = parts
        ia, ib, im = vocab.get(a), vocab.get(b), vocab.get(a + b[plen:])
        if ia is None or ib is None or im is None:
            missing = a if ia is None else b if ib is None else a + b[plen:]
            fail("%s: merge %d (%s) refers to %s, which is not in the vocab"
                 % (label, rank, clean(json.dumps(m)), clean(json.dumps(missing))))
        merge_ids.extend((ia, ib, im))

    outside_set = set(outside)
    v1 = (byte_level and not outside and not byte_fallback and not fuse_unk and unk_token is None and affix == [None, None]
          and all(op[0] == TN_NFC for op in norm_ops)
          and [o[0] for o in pre_ops] in ([TP_SPLIT], [TP_PREFIX_SPACE, TP_SPLIT])
          and _flatten(tj.get("pre_tokenizer"), "pre_tokenizer", "pretokenizers")[0].get("type") == "ByteLevel"
          and _post_ids(tj, None) == ([], []) and not any(k in tc for k in NAMED_TOKENS + ("chat_template",)))
    post_pre, post_suf = _post_ids(tj, None)
    for i in post_pre + post_suf:
        if i >= n_vocab:
            _refuse("post_processor id %d past the vocabulary (%d ids)" % (i, n_vocab))

    if v1:
        token_bytes = [b""] * n_vocab
        for i, s in id_to_str.items():
            if i not in added_ids:
                token_bytes[i] = to_bytes(s, i)
        for i, (content, _) in added_ids.items():
            token_bytes[i] = content.encode("utf-8")
    else:
        token_bytes = [b""] * n_vocab
        for i, s in id_to_str.items():
            token_bytes[i] = to_bytes(s, i)

    unk_id = -1
    if unk_token is not None:
        if unk_token not in vocab:
            _refuse("unk_token %s is not in the vocab" % clean(json.dumps(unk_token)))
        unk_id = vocab[unk_token]

    def text_to_id(text):
        for i, (content, _) in added_ids.items():
            if content == text:
                return i
        key = "".join(B2U[b] for b in text.encode("utf-8")) if byte_level else text
        return vocab.get(key, -1)

    named = []
    for key in NAMED_TOKENS:
        text = _config_token(tc, key)
        if text is not None:
            named.append((key, text, text_to_id(text)))
    chat = tc.get("chat_template")
    if isinstance(chat, list):
        chosen = [c.get("template") for c in chat if isinstance(c, dict) and c.get("name") == "default"]
        if not chosen or not isinstance(chosen[0], str):
            notes.append("tokenizer_config.json has chat templates but none named 'default': none packed")
            chat = None
        else:
            chat = chosen[0]
    elif chat is not None and not isinstance(chat, str):
        fail("tokenizer_config.json: chat_template is neither a string nor a list")
    if chat is not None:  # the header renders a subset of Jinja: refuse what it would refuse
        try:
            chat_template_check.check_chat_template(chat)
        except ValueError as e:
            fail("tokenizer_config.json: chat_template: %s" % e)

    special_ids = {i for i, (_, fl) in added_ids.items() if fl & 1}
    named_ids = {k: i for k, _, i in named}
    eos_id = named_ids.get("eos_token", -1)
    if eos_id < 0:
        eos_id = next((i for i, (content, _) in added_ids.items() if content == "<|endoftext|>"), -1)
    if eos_id < 0 and cfg.eos_token_id in special_ids:
        eos_id = cfg.eos_token_id
    bos_id = named_ids.get("bos_token", -1)
    if bos_id < 0:
        bos_id = cfg.bos_token_id if cfg.bos_token_id in special_ids else -1

    blob = b"".join(token_bytes)
    if len(blob) > U32_MAX:
        fail("%s: the vocabulary is too large to pack" % label)
    offsets = [0] * (n_vocab + 1)
    pos = 0
    for i, tb in enumerate(token_bytes):
        pos += len(tb)
        offsets[i + 1] = pos

    out = bytearray()
    if v1:
        byte_to_id = [vocab.get(B2U[b], -1) for b in range(256)]
        for b in range(256):
            if byte_to_id[b] >= 0 and byte_to_id[b] in added_ids:
                byte_to_id[b] = -1  # that id now holds an added token's content, not the byte
        flags = (1 if pre_ops[0][0] == TP_PREFIX_SPACE else 0) | (2 if ignore_merges else 0)
        out += struct.pack("<8Ii", 1, 1, 1 if norm_ops else 0, 1, flags, n_vocab, len(merges), len(added_entries), eos_id)
        out += struct.pack("<256i", *byte_to_id)
    else:
        flags = (1 if byte_level else 0) | (2 if ignore_merges else 0) | (4 if byte_fallback else 0) | (8 if fuse_unk else 0)
        sub = strings.add(affix[0]) if affix[0] else NO_STR
        suf = strings.add(affix[1]) if affix[1] else NO_STR
        chat_ix = strings.add(chat) if chat else NO_STR
        named_packed = [(strings.add(k), strings.add(t), i) for k, t, i in named]
        out += struct.pack("<6Ii12I2i4I", 2, 1, flags, n_vocab, len(merges), len(added_entries), unk_id,
                           len(strings.items), len(regexes), len(norm_ops), len(pre_ops), len(dec_ops),
                           len(post_pre), len(post_suf), len(named_packed), sub, suf, chat_ix, len(outside),
                           eos_id, bos_id, 0, 0, 0, 0)
    out += struct.pack("<%dI" % len(offsets), *offsets)
    out += struct.pack("<I", len(blob))
    out += blob
    out += b"\0" * (align(len(out), 4) - len(out))
    out += struct.pack("<%dI" % len(merge_ids), *merge_ids)
    for i, fl, data in added_entries:
        out += struct.pack("<III", i, fl, len(data))
        out += data
        out += b"\0" * (align(len(data), 4) - len(data))
    if not v1:
        for s in strings.items:
            out += struct.pack("<I", len(s)) + s + b"\0" * (align(len(s), 4) - len(s))
        for r in regexes:
            out += r
        for ops in (norm_ops, pre_ops, dec_ops):
            for op in ops:
                out += struct.pack("<4I", *op)
        out += struct.pack("<%di" % (len(post_pre) + len(post_suf)), *(post_pre + post_suf))
        for k, t, i in named_packed:
            out += struct.pack("<IIi", k, t, i)
        out += struct.pack("<%dI" % len(outside), *outside)
    if byte_level:
        missing = [b for b in range(256) if vocab.get(B2U[b], -1) < 0 or (v1 and vocab[B2U[b]] in added_ids)]
        if missing:
            notes.append("the tokenizer has no single-byte token for %d of the 256 bytes (e.g. %s): "
                         "text containing them loses those bytes when encoded, as with the reference "
                         "tokenizer" % (len(missing), ", ".join("0x%02X" % b for b in missing[:4])))
    return PackedTokenizer(bytes(out), n_vocab, eos_id, bos_id, notes)


# ----------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------

HEADER_V2_SIZE = 256
# flags of version 2 beyond the four of version 1 (README.md, File format)
FLAG_QKV_BIAS, FLAG_O_BIAS, FLAG_FFN_BIAS, FLAG_ROPE = 0x10, 0x20, 0x40, 0x80
FLAG_GATED_NORM, FLAG_MOE_NORM_TOPK, FLAG_MOE_CORRECTION, FLAG_BCDT_NORM = 0x100, 0x200, 0x400, 0x800


def v2_flags(c):
    if not needs_v2(c):
        return 0
    return ((FLAG_QKV_BIAS if c.qkv_bias else 0) | (FLAG_O_BIAS if c.o_bias else 0) | (FLAG_FFN_BIAS if c.ffn_bias else 0)
            | (FLAG_ROPE if c.rope else 0) | (FLAG_GATED_NORM if c.gated_norm else 0)
            | (FLAG_MOE_NORM_TOPK if c.moe_norm_topk else 0) | (FLAG_MOE_CORRECTION if c.moe_correction_bias else 0)
            | (FLAG_BCDT_NORM if c.bc_dt_norm else 0))


def header_v2_fields(c):
    """Bytes 144..255 of a version-2 header (the same table as M2__HEADER_FIELDS in mamba2.h)."""
    attn_scale = c.attn_scale
    out = struct.pack("<IIIff", c.n_head, c.n_kv_head, c.head_dim, f32_round(c.rope_theta), f32_round(attn_scale))
    out += struct.pack("<IIIIIIIfII", c.d_ff, c.ffn_act, c.n_expert, c.n_expert_used, c.d_expert, c.d_shared,
                       c.router, f32_round(c.routed_scale), c.n_expert_group if c.n_expert else 0, c.topk_group if c.n_expert else 0)
    out += struct.pack("<fffIIf", f32_round(c.embed_scale), f32_round(c.residual_scale), f32_round(c.logit_scale),
                       min(c.n_ctx_train, DIM_MAX), c.dt_rank, f32_round(c.mixer_rms_eps))
    return out + b"\0" * (HEADER_V2_SIZE - 144 - len(out))


def build_metadata(c, plan, tied, tok, vocab_size, eos_id, bos_id):
    """Header + directory + tokenizer, with every tensor offset assigned."""
    version = 2 if needs_v2(c) else 1
    header_size = HEADER_SIZE if version == 1 else HEADER_V2_SIZE + 8 * c.n_layer
    flags = ((FLAG_TIED if tied else 0) | (FLAG_NORM_BEFORE_GATE if c.norm_before_gate else 0)
             | (FLAG_PROJ_BIAS if c.proj_bias else 0) | (FLAG_CONV_BIAS if c.conv_bias else 0))
    header = bytearray(HEADER_STRUCT.pack(  # the layout fields (file_size ... n_tensors) are layout_metadata's
        b"MAMBA2BN", version, header_size, 0, 0, 0, 0, 0, 0, 0, flags | v2_flags(c), c.d_model, c.n_layer,
        c.vocab_rows, vocab_size, c.d_state, c.d_conv, c.d_inner, c.headdim, c.nheads, c.ngroups, c.chunk_size,
        f32_round(c.norm_eps), f32_round(c.gated_norm_eps), f32_round(c.dt_min),
        f32_round(c.dt_max), eos_id, bos_id, 0, b"\0" * 16))
    if version == 2:
        header[HEADER_SIZE - 16:] = header_v2_fields(c)
        for mx, ff in layer_kinds(c):
            header += struct.pack("<II", mx, ff)
    return layout_metadata(header, plan, tok.blob if tok is not None else None)


def layout_metadata(header, plan, tok_blob, tail_size=0):
    """Header (all header_size bytes, config and layer kinds filled in) + directory + tokenizer,
    with every tensor offset assigned and the header's layout fields and CRC set. tail_size:
    bytes written after the last tensor. Returns (metadata, file size)."""
    # entry = name_len, name, dtype, ndim, dims, offset, nbytes
    dir_size = sum(4 + len(t.name.encode("utf-8")) + 4 + 4 + 8 * len(t.dims) + 8 + 8 for t in plan)
    header_size = len(header)
    meta_end = header_size + dir_size
    tok_offset = tok_size = 0
    if tok_blob is not None:
        tok_offset = align(meta_end, 4)
        tok_size = len(tok_blob)
        meta_end = tok_offset + tok_size
    data_offset = align(meta_end, ALIGN_DATA)
    pos = data_offset
    for t in plan:
        t.offset = align(pos, ALIGN_DATA)
        pos = t.offset + t.nbytes
    file_size = pos + tail_size

    directory = bytearray()
    for t in plan:
        name = t.name.encode("utf-8")
        directory += struct.pack("<I", len(name)) + name
        directory += struct.pack("<II", DTYPE_CODES[t.out_dtype], len(t.dims))
        directory += struct.pack("<%dQ" % len(t.dims), *t.dims)
        directory += struct.pack("<QQ", t.offset, t.nbytes)
    assert len(directory) == dir_size

    meta = bytearray(header)
    struct.pack_into("<6QI", meta, 16, file_size, header_size, dir_size, tok_offset, tok_size, data_offset, len(plan))
    meta[CRC_FIELD_OFFSET:CRC_FIELD_OFFSET + 4] = bytes(4)
    meta += directory
    if tok_blob is not None:
        meta += b"\0" * (tok_offset - len(meta)) + tok_blob
    meta += b"\0" * (data_offset - len(meta))
    crc = zlib.crc32(bytes(meta)) & 0xFFFFFFFF
    meta[CRC_FIELD_OFFSET:CRC_FIELD_OFFSET + 4] = struct.pack("<I", crc)
    return bytes(meta), file_size


class Progress:
    """Progress lines on stderr for big outputs, at most one every couple of seconds."""

    INTERVAL = 2.0

    def __init__(self, total_bytes, source_bytes, n_tensors, quiet):
        self.enabled = not quiet and max(total_bytes, source_bytes) > PROGRESS_THRESHOLD
        self.total, self.n = total_bytes, n_tensors
        self.last = time.monotonic()

    def update(self, i, name, done_bytes, final=False):
        now = time.monotonic()
        if self.enabled and (final or now - self.last >= self.INTERVAL):
            self.last = now
            sys.stderr.write("%s: [%*d/%d] %8.1f / %.1f MB  %s\n"
                             % (PROG, len(str(self.n)), i, self.n, done_bytes / 1e6,
                                self.total / 1e6, name))
            sys.stderr.flush()


def write_output(out_path, meta, plan, file_size, quiet, tail=()):
    """tail: byte strings written after the last tensor (a model file's bytes past its tensors)."""
    out_dir = os.path.dirname(os.path.abspath(out_path))
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(out_path) + ".", suffix=".tmp",
                                   dir=out_dir)
    except OSError as e:
        fail("cannot write %s: %s" % (clean(out_path), e.strerror or e))
    ok = False
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(meta)
            pos = len(meta)
            progress = Progress(file_size, sum(t.source.nbytes for t in plan), len(plan), quiet)
            for i, t in enumerate(plan, 1):
                if t.offset > pos:
                    f.write(b"\0" * (t.offset - pos))
                    pos = t.offset
                src = t.source
                step = chunk_bytes(src.dtype)
                written = 0
                for raw in src.chunks(step):
                    data = convert_chunk(raw, src.dtype, t.out_dtype, t.name)
                    f.write(data)
                    written += len(data)
                    progress.update(i, t.name, pos + written)
                if written != t.nbytes:  # would be a converter bug; never write a bad file
                    fail("internal error: %s produced %d bytes, expected %d" % (t.name, written, t.nbytes))
                pos += written
            for data in tail:
                f.write(data)
                pos += len(data)
            progress.update(len(plan), "done", pos, final=True)
            if pos != file_size:
                fail("internal error: wrote %d bytes, expected %d" % (pos, file_size))
            f.flush()
            os.fsync(f.fileno())
        # mkstemp creates the file 0600; give it the permissions a plain open() would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out_path)
        ok = True
    except OSError as e:
        fail("cannot write %s: %s" % (clean(out_path), e.strerror or e))
    finally:
        if not ok:
            try:
                os.unlink(tmp)
            except OSError:
                pass


# ----------------------------------------------------------------------------------------
# GGUF sources (tools/gguf.py presents the file as a virtual HF checkpoint)
# ----------------------------------------------------------------------------------------

KEEP_DTYPE = "(keep)"  # plan_tensors' matrix dtype when every tensor keeps its GGUF type


def keep_source_dtypes(plan):
    """Without --dtype a GGUF's matrices keep their type bit for bit; small SSM parameters and
    norms are F32 in the plan already (dequantized if the file quantized them). A GGUF's A
    (= -exp(A_log)) planned under the A_log name by the version-1 plan is written as `...A`."""
    for t in plan:
        if t.out_dtype == KEEP_DTYPE:
            t.out_dtype = t.asked = t.source.dtype
        if getattr(t.source, "holds_A", False) and t.name.endswith(".A_log"):
            t.name = t.name[:-len("A_log")] + "A"


class GGUFSource:
    """A GGUF file as the HF path sees a checkpoint folder: the config and tokenizer the file
    implies are written as config.json / tokenizer.json to a private temporary folder and go
    through load_config / pack_tokenizer unchanged; the tensors stream from the file."""

    def __init__(self, args, gguf_mod):
        self.ck = gguf_mod.load_gguf(args.src_dir, clean(os.path.basename(args.src_dir)))
        self.tmp = None
        ok = False
        try:
            self.tensors = self.ck.tensors
            for msg in self.ck.notes:
                note(args, msg)
            self.tmp = tempfile.mkdtemp(prefix="m2gguf.")
            with open(os.path.join(self.tmp, "config.json"), "w", encoding="utf-8") as f:
                json.dump(self.ck.config, f, indent=1)
            self.tokenizer_path = None
            if not args.no_tokenizer and args.tokenizer is None:
                if self.ck.tokenizer is None and self.ck.tokenizer_error:
                    note(args, self.ck.tokenizer_error)
                elif self.ck.tokenizer is not None:
                    self.tokenizer_path = os.path.join(self.tmp, "tokenizer.json")
                    with open(self.tokenizer_path, "w", encoding="utf-8") as f:
                        json.dump(self.ck.tokenizer, f)
            self.cfg = load_config(self.tmp)
            if self.cfg.family == "mamba2":  # the version-1 plan knows only A_log: plan A under it
                self.tensors = OrderedDict(
                    (n[:-len(".A")] + ".A_log" if getattr(v, "holds_A", False) else n, v)
                    for n, v in self.tensors.items())
            ok = True
        except OSError as e:
            fail("cannot write a temporary file: %s" % (e.strerror or e))
        finally:
            if not ok:
                self.close()

    def pack_tokenizer(self, cfg):
        # the tokenizer.json-shaped dict and the tokenizer_config-shaped one (bos/eos tokens,
        # chat_template) go to pack_tokenizer_obj where it exists; the plain packer reads the
        # dict as the tokenizer.json written beside the config
        packer = globals().get("pack_tokenizer_obj")
        try:
            if packer is not None:
                return packer(self.ck.tokenizer, self.ck.tokenizer_config, cfg, label="the GGUF's tokenizer")
            return pack_tokenizer(self.tokenizer_path, cfg)
        except ConvertError as e:
            fail("the GGUF's tokenizer cannot be packed (%s); use --no-tokenizer to convert "
                 "without it" % e)

    def close(self):
        self.ck.close()
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def open_gguf_source(args):
    """A GGUFSource when SRC is a file named *.gguf or starting with the GGUF magic, else None."""
    src = args.src_dir
    if not os.path.isfile(src):
        if src.lower().endswith(".gguf") and not os.path.isdir(src):
            fail("%s does not exist" % clean(src))
        return None
    with open(src, "rb") as f:
        magic = f.read(4)
    if not src.lower().endswith(".gguf") and magic != b"GGUF":
        return None
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    try:
        import gguf as gguf_mod
    finally:
        sys.path.pop(0)
    gguf_mod.set_error_class(ConvertError)
    return GGUFSource(args, gguf_mod)


# ----------------------------------------------------------------------------------------
# Our own model files as a source (README.md, File format, versions 1 and 2; mamba2.h's
# m2__parse is the authority): re-typing a model whose checkpoint is gone. The header (config
# and layer kinds) and the tokenizer section are copied as they are; the tensors are checked
# against the set the header implies and written with --dtype's rules like any other source.
# ----------------------------------------------------------------------------------------

MODEL_MAGIC = b"MAMBA2BN"
DTYPE_BY_CODE = {code: name for name, code in DTYPE_CODES.items()}
HEADER_V2_STRUCT = struct.Struct("<IIIffIIIIIIIfIIfffIIf")  # bytes 144..227 (header_v2_fields)
FLAGS_KNOWN = {1: 0xF, 2: 0xFFF}
MAX_FILE_TENSORS_PER_LAYER = 40  # M2__MAX_LAYER_TENSORS


class ModelFileSource:
    """A mamba2.h model file, validated as the loader validates it (header, CRC, layer kinds,
    directory, tokenizer bounds, the tensor set the header implies); its tensors stream as
    SourceTensors in directory order."""

    def __init__(self, path, label):
        self.path, self.label, self.fh = path, label, None
        try:
            self.fh = open(path, "rb")
            size = os.fstat(self.fh.fileno()).st_size
            head = self.fh.read(HEADER_V2_SIZE)
        except OSError as e:
            fail("cannot read %s: %s" % (label, e.strerror or e))
        self.size = size
        if len(head) < HEADER_SIZE:
            self._bad("the file is truncated (%d bytes; a header needs %d)" % (size, HEADER_SIZE))
        h = HEADER_STRUCT.unpack_from(head)
        version, header_size, file_size = h[1], h[2], h[3]
        dir_off, dir_size, tok_off, tok_size, data_off, n_tensors, flags = h[4:11]
        if version not in (1, 2):
            self._bad("format version %d; the converter reads versions 1 and 2" % version)
        known = HEADER_SIZE if version == 1 else HEADER_V2_SIZE
        if header_size < known or size < known or header_size > size:
            self._bad("header size %d is invalid or the file is truncated (%d bytes)" % (header_size, size))
        if file_size != size:
            self._bad("the file is %d bytes but its header says %d (truncated or padded)" % (size, file_size))
        if data_off > size or data_off % ALIGN_DATA or dir_off < header_size or dir_off + dir_size > data_off:
            self._bad("directory [%d, +%d) or data offset %d is out of place" % (dir_off, dir_size, data_off))
        if data_off > MAX_TOKENIZER_BYTES + (64 << 20):
            self._bad("%d bytes of metadata is not plausible" % data_off)
        meta = self._read(0, data_off, "metadata")
        crc = zlib.crc32(meta[:CRC_FIELD_OFFSET] + bytes(4) + meta[CRC_FIELD_OFFSET + 4:]) & 0xFFFFFFFF
        if crc != h[-2]:
            self._bad("metadata checksum mismatch (stored %08x, computed %08x): the file is corrupt" % (h[-2], crc))
        reserved = meta[144:header_size] if version == 1 else meta[228:HEADER_V2_SIZE]
        if any(reserved):
            self._bad("reserved header bytes are not zero")
        if flags & ~FLAGS_KNOWN[version]:
            self._bad("unknown header flags 0x%x" % flags)
        self.version, self.header = version, meta[:header_size]
        c = self.cfg = self._config(h, flags, meta)
        self.tok_blob = None
        if tok_off or tok_size:
            if tok_off < dir_off + dir_size or tok_off % 4 or tok_off + tok_size > data_off or tok_size == 0:
                self._bad("tokenizer section [%d, +%d) is out of place" % (tok_off, tok_size))
            self.tok_blob = meta[tok_off:tok_off + tok_size]
        self.tensors = self._directory(meta[dir_off:dir_off + dir_size], n_tensors, data_off)
        self._check_set(c)
        end = max(t.offset + t.nbytes for t in self.tensors.values())
        self.tail = (end, size - end)  # bytes past the last tensor: no part of the format, kept as they are

    def _bad(self, msg):
        fail("%s: model file: %s" % (self.label, msg))

    def _read(self, offset, n, what):
        try:
            self.fh.seek(offset)
            data = self.fh.read(n)
        except OSError as e:
            fail("cannot read %s: %s" % (self.label, e.strerror or e))
        if len(data) != n:
            self._bad("truncated in the %s" % what)
        return data

    def _config(self, h, flags, meta):
        """The header's config as a ModelConfig: what expected_tensors_v2 and the --dtype mixes need."""
        c = ModelConfig()
        (c.d_model, c.n_layer, c.vocab_rows, _vocab_size, c.d_state, c.d_conv, c.d_inner, c.headdim, c.nheads,
         c.ngroups, c.chunk_size) = h[11:22]
        if not 1 <= c.n_layer <= LOADER_MAX["n_layer"]:
            self._bad("n_layer = %d is outside [1, %d]" % (c.n_layer, LOADER_MAX["n_layer"]))
        for key in ("d_model", "vocab_rows", "d_state", "d_conv", "d_inner"):
            if not 1 <= getattr(c, key) <= LOADER_MAX[key]:
                self._bad("%s = %d is outside [1, %d]" % (key, getattr(c, key), LOADER_MAX[key]))
        c.tie, c.norm_before_gate = bool(flags & FLAG_TIED), bool(flags & FLAG_NORM_BEFORE_GATE)
        c.proj_bias, c.conv_bias = bool(flags & FLAG_PROJ_BIAS), bool(flags & FLAG_CONV_BIAS)
        c.conv_dim = c.d_inner + 2 * c.ngroups * c.d_state
        c.d_in_proj = 2 * c.d_inner + 2 * c.ngroups * c.d_state + c.nheads
        if self.version == 1:
            return c
        v = HEADER_V2_STRUCT.unpack_from(meta, 144)
        c.n_head, c.n_kv_head, c.head_dim = v[0:3]
        c.d_ff, c.ffn_act, c.n_expert, _used, c.d_expert, c.d_shared = v[5:11]
        c.dt_rank = v[19]
        c.qkv_bias, c.o_bias, c.ffn_bias = bool(flags & FLAG_QKV_BIAS), bool(flags & FLAG_O_BIAS), bool(flags & FLAG_FFN_BIAS)
        c.gated_norm, c.moe_correction_bias = bool(flags & FLAG_GATED_NORM), bool(flags & FLAG_MOE_CORRECTION)
        if HEADER_V2_SIZE + 8 * c.n_layer > len(self.header):
            self._bad("the header (%d bytes) has no room for %d layer kinds" % (len(self.header), c.n_layer))
        c.layers = []
        for i in range(c.n_layer):
            mx, ff = struct.unpack_from("<II", meta, HEADER_V2_SIZE + 8 * i)
            if mx > MIXER_MAMBA1 or ff > FFN_MOE or (mx, ff) == (MIXER_NONE, FFN_NONE):
                self._bad("layer %d has an unknown kind (mixer %d, ffn %d)" % (i, mx, ff))
            c.layers.append((mx, ff))
        c.family = "mamba1" if any(mx == MIXER_MAMBA1 for mx, _ in c.layers) else "hybrid"
        return c

    def _directory(self, d, n_tensors, data_off):
        if n_tensors == 0 or n_tensors > 16 + MAX_FILE_TENSORS_PER_LAYER * self.cfg.n_layer or n_tensors * 21 > len(d):
            self._bad("%d tensors cannot be right for %d layers in a %d-byte directory" % (n_tensors, self.cfg.n_layer, len(d)))
        tensors, p = OrderedDict(), 0
        for i in range(n_tensors):
            if len(d) - p < 4:
                self._bad("the tensor directory is truncated at entry %d" % i)
            (n,) = struct.unpack_from("<I", d, p)
            if not 1 <= n <= 255 or len(d) - p - 4 < n + 8:
                self._bad("the tensor directory is truncated at entry %d" % i)
            raw_name = d[p + 4:p + 4 + n]
            p += 4 + n
            code, ndim = struct.unpack_from("<II", d, p)
            p += 8
            try:
                name = raw_name.decode("utf-8")
            except UnicodeDecodeError:
                self._bad("tensor %d's name is not UTF-8" % i)
            if code not in DTYPE_BY_CODE:
                self._bad("tensor %s has unknown dtype %d" % (clean(name), code))
            if not 1 <= ndim <= 4:
                self._bad("tensor %s has %d dims" % (clean(name), ndim))
            if len(d) - p < 8 * ndim + 16:
                self._bad("the tensor directory is truncated at entry %d" % i)
            dims = struct.unpack_from("<%dQ" % ndim, d, p)
            offset, nbytes = struct.unpack_from("<QQ", d, p + 8 * ndim)
            p += 8 * ndim + 16
            dtype = DTYPE_BY_CODE[code]
            if any(not 1 <= x <= 1 << 30 for x in dims):
                self._bad("tensor %s has an absurd dim (%s)" % (clean(name), shape_str(dims)))
            if dims[-1] % DTYPE_BLOCKS[dtype][0]:
                self._bad("tensor %s: %s rows must be a multiple of %d" % (clean(name), dtype, DTYPE_BLOCKS[dtype][0]))
            if nbytes != tensor_nbytes(dtype, dims):
                self._bad("tensor %s holds %d bytes; its dtype and dims need %d" % (clean(name), nbytes, tensor_nbytes(dtype, dims)))
            if offset < data_off or offset % ALIGN_DATA or offset + nbytes > self.size:
                self._bad("tensor %s lies outside the data region (offset %d, %d bytes)" % (clean(name), offset, nbytes))
            if name in tensors:
                self._bad("tensor %s appears twice" % clean(name))
            t = SourceTensor(name, dtype, dims, self, ("model file", name))
            t.offset = offset
            tensors[name] = t
        if p != len(d):
            self._bad("%d stray bytes after the tensor directory" % (len(d) - p))
        by_offset = sorted(tensors.values(), key=lambda t: t.offset)
        for a, b in zip(by_offset, by_offset[1:]):
            if b.offset < a.offset + a.nbytes:
                self._bad("tensors %s and %s overlap" % (clean(a.name), clean(b.name)))
        return tensors

    def _check_set(self, c):
        """Exactly the tensors the header implies (mamba2.h binds no other), with their dims;
        everything but the matrices F32. Marks each tensor is_matrix."""
        want = OrderedDict((name, (dims, is_matrix)) for name, dims, is_matrix in expected_tensors_v2(c))
        if c.tie:
            del want["lm_head.weight"]
        for name in list(want):
            if name.endswith(".mixer.A_log") and name not in self.tensors and name[:-len("_log")] in self.tensors:
                want[name[:-len("_log")]] = want.pop(name)  # A itself (as a GGUF stores it) for A_log
        for name, t in self.tensors.items():
            if name not in want:
                self._bad("unexpected tensor %s%s" % (clean(name), " (the header says the embeddings are tied)"
                                                      if name == "lm_head.weight" else ""))
            dims, t.is_matrix = want[name]
            if t.shape != tuple(dims):
                self._bad("tensor %s has dims %s, the header implies %s" % (clean(name), shape_str(t.shape), shape_str(dims)))
            if not t.is_matrix and t.dtype != "F32":
                self._bad("tensor %s is %s; it must be F32" % (clean(name), t.dtype))
        for name in want:
            if name not in self.tensors:
                self._bad("tensor %s is missing" % clean(name))

    def iter_chunks(self, t, chunk_bytes):
        pos = 0
        while pos < t.nbytes:
            n = min(chunk_bytes, t.nbytes - pos)
            yield self._read(t.offset + pos, n, "tensor %s" % clean(t.name))
            pos += n

    def tail_chunks(self):
        start, n = self.tail
        for pos in range(0, n, CHUNK_ELEMS * 4):
            yield self._read(start + pos, min(CHUNK_ELEMS * 4, n - pos), "bytes past the last tensor")

    def close(self):
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def plan_model_file(src, matrix_dtype):
    """The plan of a model file re-typed: its own tensors in directory order, matrices in the
    --dtype type (KEEP_DTYPE: as they are), the rest F32."""
    c = src.cfg
    matrices = [name for name, t in src.tensors.items() if t.is_matrix]
    plan = [PlannedTensor(name, t.shape, output_dtype(name, t.shape, t.is_matrix, matrix_dtype, matrices, c, c.tie), t)
            for name, t in src.tensors.items()]
    settle_fallbacks(plan)
    return plan


def open_model_source(args):
    """A ModelFileSource when SRC is a file that starts with our magic (whatever its name), else None."""
    src = args.src_dir
    if not os.path.isfile(src):
        return None
    try:
        with open(src, "rb") as f:
            magic = f.read(len(MODEL_MAGIC))
    except OSError as e:
        fail("cannot read %s: %s" % (clean(src), e.strerror or e))
    if magic != MODEL_MAGIC:
        return None
    if args.tokenizer:
        fail("--tokenizer is for checkpoints: re-typing a model file keeps its tokenizer (or drops it with --no-tokenizer)")
    return ModelFileSource(src, clean(os.path.basename(src)))


def convert_model_file(args, msrc):
    """SRC is one of our model files: re-type its tensors; header and tokenizer copied."""
    matrix_dtype = CLI_DTYPES[args.dtype] if args.dtype else KEEP_DTYPE
    plan = plan_model_file(msrc, matrix_dtype)
    keep_source_dtypes(plan)
    tok = None if args.no_tokenizer else msrc.tok_blob
    meta, file_size = layout_metadata(msrc.header, plan, tok, msrc.tail[1])
    write_output(args.out, meta, plan, file_size, args.quiet, msrc.tail_chunks())
    if msrc.tail[1]:
        note(args, "%d bytes after the last tensor (no part of the format) copied as they are" % msrc.tail[1])
    if msrc.tok_blob is not None and args.no_tokenizer:
        note(args, "the tokenizer section is dropped (--no-tokenizer)")
    return plan, file_size, msrc.cfg.tie, (", tokenizer copied (%d bytes)" % len(tok) if tok else ", no tokenizer")


# ----------------------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------------------

class _ArgParser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 1, like every other failure
        raise ConvertError("%s (see --help)" % message)


def parse_args(argv):
    p = _ArgParser(prog=PROG, description="Convert a Mamba-2 checkpoint folder into a mamba2.h model file.")
    p.add_argument("src_dir", metavar="SRC_DIR",
                   help="checkpoint folder (mamba_ssm or HF layout), a GGUF file or a mamba2.h model file")
    p.add_argument("out", metavar="OUT.bin", help="output model file")
    p.add_argument("--dtype", choices=sorted(CLI_DTYPES), default=None,
                   help="storage type of the embedding, lm_head, in_proj and out_proj (default f32; "
                        "from a GGUF or model file: every tensor keeps its type)")
    p.add_argument("--tokenizer", metavar="FILE",
                   help="tokenizer.json to pack (default: SRC_DIR/tokenizer.json)")
    p.add_argument("--no-tokenizer", action="store_true", help="do not pack a tokenizer")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or notes on stderr")
    args = p.parse_args(argv)
    if args.tokenizer and args.no_tokenizer:
        fail("--tokenizer and --no-tokenizer exclude each other")
    return args


def note(args, msg):
    # Held back until the conversion succeeded, so a failure prints nothing but its one line.
    if not args.quiet:
        args.notes.append("%s: note: %s\n" % (PROG, msg))


def run(argv):
    args = parse_args(argv)
    args.notes = []
    msrc = open_model_source(args)  # None unless SRC is one of our model files
    if msrc is not None:
        try:
            plan, file_size, tied, tok_text = convert_model_file(args, msrc)
        finally:
            msrc.close()
        return finish(args, plan, file_size, tied, tok_text, "source-typed")
    gsrc = open_gguf_source(args)  # None unless SRC is a GGUF file
    if gsrc is not None:
        cfg, files, sources = gsrc.cfg, [gsrc], gsrc.tensors
    else:
        if not os.path.isdir(args.src_dir):
            fail("%s is not a directory%s" % (clean(args.src_dir), ", a GGUF file nor a mamba2.h model file (neither magic)"
                                              if os.path.isfile(args.src_dir) else ""))
        cfg = load_config(args.src_dir)
        files, sources = open_weights(args.src_dir)
        args.dtype = args.dtype or "f32"
    try:
        matrix_dtype = CLI_DTYPES[args.dtype] if args.dtype else KEEP_DTYPE
        if cfg.family == "mamba2":
            plan, tied = plan_tensors(cfg, sources, matrix_dtype)
        else:
            plan, tied = plan_tensors_v2(cfg, sources, matrix_dtype)
        keep_source_dtypes(plan)
        for msg in cfg.assumed:
            note(args, ("the GGUF's implied config: " if gsrc else "config.json: ") + msg)

        tok = None
        if not args.no_tokenizer:
            tok_path = args.tokenizer
            if tok_path is None:
                cand = gsrc.tokenizer_path if gsrc else os.path.join(args.src_dir, "tokenizer.json")
                tok_path = cand if cand and os.path.isfile(cand) else None
            elif not os.path.isfile(tok_path):
                fail("tokenizer file %s does not exist" % clean(tok_path))
            if tok_path is None:
                note(args, "no tokenizer.json in %s; writing a model without a tokenizer "
                           "(use --tokenizer FILE to add one)" % clean(args.src_dir))
            else:
                tok = (gsrc.pack_tokenizer(cfg) if gsrc and tok_path == gsrc.tokenizer_path
                       else pack_tokenizer(tok_path, cfg, None if gsrc else args.src_dir))
                for msg in tok.notes:
                    note(args, msg)

        # vocab_size / eos_id / bos_id: the rules are in the module docstring.
        if tok is not None:
            vocab_size = tok.n_vocab
        elif cfg.vocab_size_unpadded is not None:
            vocab_size = cfg.vocab_size_unpadded
        else:
            vocab_size = cfg.vocab_rows
        if tok is not None:
            eos_id, bos_id = tok.eos_id, tok.bos_id
        else:
            def known(i):
                return i if i is not None and i < vocab_size else -1
            eos_id, bos_id = known(cfg.eos_token_id), known(cfg.bos_token_id)

        meta, file_size = build_metadata(cfg, plan, tied, tok, vocab_size, eos_id, bos_id)
        write_output(args.out, meta, plan, file_size, args.quiet)
    finally:
        for f in files:
            f.close()
    return finish(args, plan, file_size, tied, ", tokenizer with %d ids" % tok.n_vocab if tok else ", no tokenizer",
                  "GGUF-typed")


def finish(args, plan, file_size, tied, tok_text, kept_types):
    """The notes held back, the fallback and re-rounding summaries, then the "wrote" line."""
    fb_note, fb_short = fallback_summary(plan)
    for msg in (fb_note, requantized_note(plan)):
        if msg:
            note(args, msg)
    if not args.quiet:
        sys.stderr.write("".join(args.notes))
        sys.stderr.write("%s: wrote %s: %d tensors, %.1f MB, %s matrices%s%s%s\n" % (
            PROG, args.out, len(plan), file_size / 1e6, args.dtype or kept_types, fb_short,
            ", tied embeddings" if tied else "", tok_text))
    return 0


def main(argv=None):
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except ConvertError as e:
        msg = str(e)
    except KeyboardInterrupt:
        msg = "interrupted"
    except MemoryError:
        msg = "out of memory"
    except OSError as e:
        msg = "I/O error: %s" % (e.strerror or e)
    except Exception as e:  # a bug or an input we did not foresee: still one clean line
        msg = "unexpected %s: %s" % (type(e).__name__, e)
    sys.stderr.write("%s: error: %s\n" % (PROG, " ".join(msg.splitlines()) or "failed"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
