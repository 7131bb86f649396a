"""The converter's block-type quantization (tools/convert.py --dtype q4_0 ... q5_k_m).

Which output type each tensor gets (choose_dtype), and the quantization itself, done by
tools/quantize.c (tools/quant.h: llama.cpp's reference quantizer searches), which is built
on demand with the system's C compiler (cc -O2) and run on each piece of a tensor: f32 values
in on stdin, blocks out on stdout. Without a C compiler these types are refused with one line
saying so (a pure-Python scale search would take hours on a 1B model).

The _m mixes follow llama.cpp's llama-quant.cpp (llama_tensor_get_type) for LLAMA_FTYPE_MOSTLY
Q4_K_M / Q5_K_M, with its tensor categories mapped onto our names:
  output (lm_head.weight; the embedding when tied, as llama.cpp quantizes a tied token_embd
      like the output)                                   -> Q6_K (for the plain types too)
  attention V (attn.v_proj.weight), the i-th of n        -> Q6_K where use_more_bits(i, n)
  FFN down (ffn.down_proj, ffn.shared.down_proj, ffn.experts.down_proj of layer i of L)
                                                         -> Q6_K where use_more_bits(i, L)
  everything else (Mamba in_proj / out_proj, attention q/k/o, FFN gate/up, an untied
      embedding, Mamba-1 x_proj / dt_proj)               -> Q4_K (Q5_K for q5_k_m)
with use_more_bits(i, n) = i < n/8 or i >= 7n/8 or (i - n/8) % 3 == 2: the first and last
eighth of the layers and every third one between. A type whose block does not divide a
tensor's rows falls back as llama.cpp's tensor_type_fallback does (Q4_K -> Q5_0, Q5_K -> Q5_1,
Q6_K -> Q8_0; F16 when 32 does not divide them either, so also for every 32-block type: Q8_0,
Q4_0 ...; tools/convert.py names each such matrix in a note). Vectors, conv1d, A, D, dt bias and
the norms are not matrices and stay F32, as every --dtype keeps them.

A plain type (--dtype q4_0, q4_k, ...) gives every other matrix that type, and, as
llama-quantize's file types do, the output matrix (lm_head, or the tied embedding) Q6_K; the
same fallback applies.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

# dtype codes of the model file and (values, bytes) per block (mamba2.h's m2__dtypes)
CODES = {"Q4_0": 4, "Q4_1": 5, "Q5_0": 6, "Q5_1": 7, "Q4_K": 8, "Q5_K": 9, "Q6_K": 10}
BLOCKS = {"Q8_0": (32, 34), "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24),
          "Q4_K": (256, 144), "Q5_K": (256, 176), "Q6_K": (256, 210)}
# --dtype values: a type, or a mix (its base type and the name the plan reports)
CLI = {"q4_0": "Q4_0", "q4_1": "Q4_1", "q5_0": "Q5_0", "q5_1": "Q5_1", "q4_k": "Q4_K",
       "q5_k": "Q5_K", "q6_k": "Q6_K", "q4_k_m": "Q4_K_M", "q5_k_m": "Q5_K_M"}
MIX_BASE = {"Q4_K_M": "Q4_K", "Q5_K_M": "Q5_K"}
FALLBACK = {"Q4_K": "Q5_0", "Q5_K": "Q5_1", "Q6_K": "Q8_0"}

HERE = os.path.dirname(os.path.abspath(__file__))


class QuantError(Exception):
    pass


def is_block_type(dtype):
    return dtype in BLOCKS


def nbytes(dtype, dims):
    n = 1
    for d in dims:
        n *= d
    per, size = BLOCKS[dtype]
    return n // per * size


def use_more_bits(i, n):
    return i < n // 8 or i >= 7 * n // 8 or (i - n // 8) % 3 == 2


def _layer_of(name):
    m = re.match(r"^backbone\.layers\.(\d+)\.", name)
    return int(m.group(1)) if m else -1


def _fits(dtype, cols):
    return dtype in ("F32", "F16", "BF16") or cols % BLOCKS[dtype][0] == 0


def choose_dtype(name, dims, matrix_dtype, matrices, n_layer, tied):
    """Type one matrix is meant to have for --dtype matrix_dtype (a type or a mix), before the
    shape fallback (fallback()). matrices: the names of every matrix in the file, in order
    (attention V tensors are counted among them)."""
    mix = matrix_dtype in MIX_BASE
    t = MIX_BASE.get(matrix_dtype, matrix_dtype)
    if name == "lm_head.weight" or (tied and name == "backbone.embeddings.weight"):
        t = "Q6_K"  # llama-quantize: the output matrix of every file type but Q8_0
    elif mix:
        if name.endswith("attn.v_proj.weight"):
            vs = [m for m in matrices if m.endswith("attn.v_proj.weight")]
            if use_more_bits(vs.index(name), len(vs)):
                t = "Q6_K"
        elif name.endswith("down_proj.weight") and ".ffn." in name:
            if use_more_bits(_layer_of(name), n_layer):
                t = "Q6_K"
    return t


def fallback(dtype, cols):
    """The type a matrix of rows of cols values is written in when dtype's blocks do not divide
    them, as llama.cpp's tensor_type_fallback: a 256-block type its 32-block neighbour (FALLBACK),
    and F16 where 32 does not divide the rows either (every type but the float ones has blocks
    of 32 or more, so no block type fits there). dtype itself when it fits."""
    if _fits(dtype, cols):
        return dtype
    t = FALLBACK.get(dtype, "F16")
    return t if _fits(t, cols) else "F16"


_tool = [None]


def _build_tool():
    """Path of the quantize binary, built from tools/quantize.c if it is missing or older."""
    if _tool[0]:
        return _tool[0]
    src = os.path.join(HERE, "quantize.c")
    deps = [src, os.path.join(HERE, "quant.h")]
    exe = os.path.join(HERE, "quantize" + (".exe" if os.name == "nt" else ""))
    if not os.access(HERE, os.W_OK):
        exe = os.path.join(tempfile.gettempdir(), "mamba2-quantize-%d" % os.getuid())
    newest = max(os.path.getmtime(d) for d in deps)
    if not (os.path.isfile(exe) and os.path.getmtime(exe) >= newest):
        cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        if not cc:
            raise QuantError("the block types need a C compiler to build tools/quantize.c (set CC, or use "
                             "--dtype q8_0, f16, bf16 or f32)")
        tmp = exe + ".%d.tmp" % os.getpid()
        r = subprocess.run([cc, "-O2", "-o", tmp, src, "-lm"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if r.returncode != 0:
            msg = r.stderr.decode("utf-8", "replace").strip().splitlines()
            raise QuantError("cannot build tools/quantize.c with %s: %s" % (cc, msg[0] if msg else "failed"))
        os.replace(tmp, exe)
    _tool[0] = exe
    return exe


def check_tool():
    """Build the helper before anything is written, so a missing compiler fails early."""
    _build_tool()


def quantize(f32, dtype, name):
    """Little-endian f32 bytes (whole blocks of whole rows) to blocks of dtype."""
    exe = _build_tool()
    r = subprocess.run([exe, dtype.lower()], input=f32, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        msg = r.stderr.decode("utf-8", "replace").strip() or "failed"
        raise QuantError("tensor %s: %s" % (name, msg.replace("quantize: ", "")))
    per, size = BLOCKS[dtype]
    if len(r.stdout) != len(f32) // 4 // per * size:
        raise QuantError("tensor %s: the quantizer wrote %d bytes" % (name, len(r.stdout)))
    return r.stdout
