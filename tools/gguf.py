#!/usr/bin/env python3
"""Read a GGUF file (versions 2 and 3) as a virtual Hugging Face checkpoint.

    ckpt = load_gguf("model.gguf")
    ckpt.config      # dict shaped like the family's HF config.json (model_type, architectures, ...)
    ckpt.tensors     # OrderedDict HF name -> tensor view (.name, .dtype, .shape, .nbytes, .chunks(step))
    ckpt.tokenizer   # dict shaped like a tokenizer.json, or None
    ckpt.tokenizer_config  # dict shaped like tokenizer_config.json (bos/eos tokens, chat_template)
    ckpt.notes       # what was assumed, one line each

Architectures: mamba2, granitehybrid, nemotron_h, nemotron_h_moe, falcon-h1, mamba (Mamba-1 and
Falcon-Mamba). The mapping undoes llama.cpp's conversion conventions (see the family SEMANTICS
documents): Q/K rows permuted per head, squeezed conv1d, ssm_norm stored {d_inner/G, G}, ssm_a
holding A = -exp(A_log) (exposed as `...A`, not `...A_log`), ssm_d {1, H}, split gate/up
halves re-fused where HF fuses them, stacked experts, per-layer arrays that say which kind each
layer is, tied output, padded vocabulary.

Tensor views move whole rows, so quantized blocks travel bit for bit: shapes are given in HF
orientation ([rows, cols], row-major: GGUF {ne0, ne1, ...} reversed, the same bytes).

Standard library only. Every problem with the file is reported by raising ERROR (GGUFError
unless the caller installed its own class with set_error_class) with a one-line message.
"""

import mmap
import os
import re
import struct
from collections import OrderedDict


class GGUFError(Exception):
    """A malformed or unsupported GGUF file; the text is one line."""


_error_class = [GGUFError]


def set_error_class(cls):
    """Raise cls instead of GGUFError (tools/convert.py installs its ConvertError)."""
    _error_class[0] = cls


def fail(msg):
    raise _error_class[0](msg)


def clean(text, limit=120):
    """Make untrusted text (keys, tensor names) safe for a one-line message."""
    s = str(text)
    s = "".join(c if c.isprintable() else "\\x%02x" % ord(c) if ord(c) < 256
                else "\\u%04x" % ord(c) for c in s)
    return s if len(s) <= limit else s[:limit] + "..."


# ----------------------------------------------------------------------------------------
# ggml types: id -> (name, elements per block, bytes per block). Every type is listed so that
# the size of any tensor can be checked; only SUPPORTED ones can be converted.
# ----------------------------------------------------------------------------------------

GGML_TYPES = {
    0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20),
    6: ("Q5_0", 32, 22), 7: ("Q5_1", 32, 24), 8: ("Q8_0", 32, 34), 9: ("Q8_1", 32, 36),
    10: ("Q2_K", 256, 84), 11: ("Q3_K", 256, 110), 12: ("Q4_K", 256, 144), 13: ("Q5_K", 256, 176),
    14: ("Q6_K", 256, 210), 15: ("Q8_K", 256, 292), 16: ("IQ2_XXS", 256, 66), 17: ("IQ2_XS", 256, 74),
    18: ("IQ3_XXS", 256, 98), 19: ("IQ1_S", 256, 50), 20: ("IQ4_NL", 32, 18), 21: ("IQ3_S", 256, 110),
    22: ("IQ2_S", 256, 82), 23: ("IQ4_XS", 256, 136), 24: ("I8", 1, 1), 25: ("I16", 1, 2),
    26: ("I32", 1, 4), 27: ("I64", 1, 8), 28: ("F64", 1, 8), 29: ("IQ1_M", 256, 56),
    30: ("BF16", 1, 2), 34: ("TQ1_0", 256, 54), 35: ("TQ2_0", 256, 66), 39: ("MXFP4", 32, 17),
    40: ("NVFP4", 64, 36), 41: ("Q1_0", 128, 18), 42: ("Q2_0", 64, 18),
}
SUPPORTED = ("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q4_K", "Q5_K", "Q6_K")
BLOCKS = {name: (be, bb) for name, be, bb in GGML_TYPES.values()}

# GGUF metadata value types
T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR, T_U64, T_I64, T_F64 = range(13)
_SCALAR = {T_U8: "<B", T_I8: "<b", T_U16: "<H", T_I16: "<h", T_U32: "<I", T_I32: "<i",
           T_F32: "<f", T_BOOL: "<B", T_U64: "<Q", T_I64: "<q", T_F64: "<d"}
_TYPE_NAMES = {T_U8: "uint8", T_I8: "int8", T_U16: "uint16", T_I16: "int16", T_U32: "uint32",
               T_I32: "int32", T_F32: "float32", T_BOOL: "bool", T_STR: "string", T_ARR: "array",
               T_U64: "uint64", T_I64: "int64", T_F64: "float64"}

GGUF_MAGIC = b"GGUF"
MAX_DIMS = 4                      # GGML_MAX_DIMS
MAX_KEY_BYTES = 1 << 16
MAX_TENSORS = 1 << 20
DEFAULT_ALIGNMENT = 32


# ----------------------------------------------------------------------------------------
# The file: header, metadata, tensor infos
# ----------------------------------------------------------------------------------------

class _Cursor:
    """Bounds-checked little-endian reads from the mapped file."""

    def __init__(self, buf, size, label):
        self.buf, self.size, self.pos, self.label = buf, size, 0, label

    def need(self, n, what):
        if n < 0 or self.pos + n > self.size:
            fail("%s is truncated: %s at offset %d needs %d bytes, the file has %d"
                 % (self.label, what, self.pos, n, self.size))

    def scalar(self, fmt, what):
        n = struct.calcsize(fmt)
        self.need(n, what)
        (v,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += n
        return v

    def raw_string(self, what):
        n = self.scalar("<Q", what + " length")
        if n > self.size - self.pos:
            fail("%s: %s has length %d, past the end of the file (offset %d, %d bytes left)"
                 % (self.label, what, n, self.pos, self.size - self.pos))
        b = bytes(self.buf[self.pos:self.pos + n])
        self.pos += n
        return b


class GGUFFile:
    """A parsed GGUF file: .version, .kv (OrderedDict key -> (type, value)), .infos (OrderedDict
    name -> GGUFTensorInfo), .data_start, .alignment. Data is read on demand."""

    def __init__(self, path, label=None):
        self.path = path
        self.label = label or os.path.basename(path)
        self.fh = None
        self.kv = OrderedDict()
        self.infos = OrderedDict()
        try:
            with open(path, "rb") as f:
                f.seek(0, os.SEEK_END)
                self.size = f.tell()
                if self.size < 24:
                    fail("%s is truncated (%d bytes; a GGUF header has 24)" % (self.label, self.size))
                f.seek(0)
                mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as e:
            fail("cannot read %s: %s" % (self.label, e.strerror or e))
        try:
            self._parse(_Cursor(mm, self.size, self.label))
        finally:
            mm.close()

    # --- header ---
    def _parse(self, c):
        label = self.label
        magic = bytes(c.buf[0:4])
        if magic != GGUF_MAGIC:
            fail("%s is not a GGUF file (magic %r)" % (label, magic))
        c.pos = 4
        version = c.scalar("<I", "version")
        if version in (0x02000000, 0x03000000):
            fail("%s is a big-endian GGUF file; only little-endian files are supported" % label)
        if version == 1:
            fail("%s is GGUF version 1 (obsolete); only versions 2 and 3 are supported" % label)
        if version not in (2, 3):
            fail("%s has unsupported GGUF version %d (expected 2 or 3)" % (label, version))
        self.version = version
        n_tensors = c.scalar("<Q", "tensor count")
        n_kv = c.scalar("<Q", "metadata count")
        # every key-value pair takes at least 8 + 1 + 4 + 1 bytes, every tensor info 8 + 1 + 4 + 4 + 8
        if n_kv > (self.size - c.pos) // 14:
            fail("%s: metadata count %d is impossible for a file of %d bytes" % (label, n_kv, self.size))
        if n_tensors > MAX_TENSORS or n_tensors > (self.size - c.pos) // 25:
            fail("%s: tensor count %d is impossible for a file of %d bytes" % (label, n_tensors, self.size))

        for i in range(n_kv):
            kb = c.raw_string("metadata key %d" % i)
            if not kb or len(kb) > MAX_KEY_BYTES:
                fail("%s: metadata key %d has invalid length %d" % (label, i, len(kb)))
            try:
                key = kb.decode("utf-8")
            except UnicodeDecodeError:
                fail("%s: metadata key %d is not valid UTF-8" % (label, i))
            if key in self.kv:
                fail("%s: metadata key '%s' appears twice" % (label, clean(key)))
            vtype = c.scalar("<I", "type of '%s'" % clean(key))
            self.kv[key] = (vtype, self._value(c, vtype, key, True))

        self.alignment = DEFAULT_ALIGNMENT
        if "general.alignment" in self.kv:
            t, v = self.kv["general.alignment"]
            if t != T_U32:
                fail("%s: general.alignment must be a uint32, not %s" % (label, _TYPE_NAMES.get(t, t)))
            if v == 0 or v & (v - 1) or v > (1 << 20):
                fail("%s: general.alignment = %d is not a power of two (at most 1 MiB)" % (label, v))
            self.alignment = v

        infos = []
        for i in range(n_tensors):
            nb = c.raw_string("name of tensor %d" % i)
            try:
                name = nb.decode("utf-8")
            except UnicodeDecodeError:
                fail("%s: the name of tensor %d is not valid UTF-8" % (label, i))
            if not name or len(nb) > 256:
                fail("%s: tensor %d has an invalid name length %d" % (label, i, len(nb)))
            if name in self.infos:
                fail("%s: tensor '%s' appears twice" % (label, clean(name)))
            where = "%s: tensor '%s'" % (label, clean(name))
            nd = c.scalar("<I", "dims of tensor '%s'" % clean(name))
            if nd < 1 or nd > MAX_DIMS:
                fail("%s has %d dimensions (1 to %d allowed)" % (where, nd, MAX_DIMS))
            ne = [c.scalar("<Q", "dims of tensor '%s'" % clean(name)) for _ in range(nd)]
            n = 1
            for d in ne:
                if d >= 1 << 62:
                    fail("%s has an invalid dimension %d" % (where, d))
                n *= d
            if n >= 1 << 62:
                fail("%s: dimensions %s overflow" % (where, ne))
            tid = c.scalar("<I", "type of tensor '%s'" % clean(name))
            if tid not in GGML_TYPES:
                fail("%s has unknown ggml type %d" % (where, tid))
            tname, be, bb = GGML_TYPES[tid]
            if ne[0] % be:
                fail("%s: row length %d is not a multiple of the %s block size %d"
                     % (where, ne[0], tname, be))
            off = c.scalar("<Q", "offset of tensor '%s'" % clean(name))
            if off % self.alignment:
                fail("%s: data offset %d is not a multiple of the alignment %d"
                     % (where, off, self.alignment))
            info = GGUFTensorInfo(name, tname, ne, off, n // be * bb)
            self.infos[name] = info
            infos.append(info)

        self.data_start = (c.pos + self.alignment - 1) // self.alignment * self.alignment
        data_size = self.size - self.data_start
        if data_size < 0:
            fail("%s is truncated before its tensor data" % label)
        for t in infos:
            if t.offset > data_size or t.nbytes > data_size - t.offset:
                fail("%s: tensor '%s' (%s, %d bytes at data offset %d) lies outside the file "
                     "(data region is %d bytes; truncated file?)"
                     % (label, clean(t.name), t.dtype, t.nbytes, t.offset, max(data_size, 0)))
        prev = None
        for t in sorted((t for t in infos if t.nbytes), key=lambda t: t.offset):
            if prev is not None and t.offset < prev.offset + prev.nbytes:
                fail("%s: tensors '%s' and '%s' overlap (bytes [%d, %d) and [%d, %d))"
                     % (label, clean(prev.name), clean(t.name), prev.offset,
                        prev.offset + prev.nbytes, t.offset, t.offset + t.nbytes))
            if prev is None or t.offset + t.nbytes > prev.offset + prev.nbytes:
                prev = t

    def _value(self, c, vtype, key, top):
        if vtype in _SCALAR:
            v = c.scalar(_SCALAR[vtype], "value of '%s'" % clean(key))
            if vtype == T_BOOL:
                if v > 1:
                    fail("%s: '%s' is a bool with value %d" % (self.label, clean(key), v))
                v = bool(v)
            return v
        if vtype == T_STR:
            return c.raw_string("value of '%s'" % clean(key)).decode("utf-8", "surrogateescape")
        if vtype == T_ARR and top:
            atype = c.scalar("<I", "array type of '%s'" % clean(key))
            n = c.scalar("<Q", "array length of '%s'" % clean(key))
            if atype == T_ARR:
                fail("%s: '%s' is an array of arrays (not supported)" % (self.label, clean(key)))
            if atype not in _SCALAR and atype != T_STR:
                fail("%s: '%s' is an array of unknown type %d" % (self.label, clean(key), atype))
            item = 8 if atype == T_STR else struct.calcsize(_SCALAR[atype])
            if n > (self.size - c.pos) // item:
                fail("%s: '%s' claims %d elements, past the end of the file"
                     % (self.label, clean(key), n))
            if atype == T_STR:
                return (atype, self._strings(c, n, key))
            fmt = _SCALAR[atype]
            size = item * n
            vals = list(struct.unpack_from("<%d%s" % (n, fmt[1]), c.buf, c.pos))
            c.pos += size
            if atype == T_BOOL:
                if any(v > 1 for v in vals):
                    fail("%s: '%s' holds a bool that is neither 0 nor 1" % (self.label, clean(key)))
                vals = [bool(v) for v in vals]
            return (atype, vals)
        fail("%s: '%s' has unknown value type %d" % (self.label, clean(key), vtype))

    def _strings(self, c, n, key):
        """n strings (token lists are long: no per-item message building)."""
        buf, pos, size, out = c.buf, c.pos, self.size, []
        unpack = struct.unpack_from
        for k in range(n):
            if pos + 8 > size:
                fail("%s is truncated inside '%s' (item %d of %d)" % (self.label, clean(key), k, n))
            (ln,) = unpack("<Q", buf, pos)
            pos += 8
            if ln > size - pos:
                fail("%s: item %d of '%s' has length %d, past the end of the file"
                     % (self.label, k, clean(key), ln))
            out.append(buf[pos:pos + ln].decode("utf-8", "surrogateescape"))
            pos += ln
        c.pos = pos
        return out

    # --- typed access ---
    def get(self, key, default=None):
        e = self.kv.get(key)
        if e is None:
            return default
        t, v = e
        return v[1] if t == T_ARR else v

    def read(self, offset, n, what):
        """n bytes at data offset `offset` (already validated to lie inside the file)."""
        try:
            if self.fh is None:
                self.fh = open(self.path, "rb")
            self.fh.seek(self.data_start + offset)
            data = self.fh.read(n)
        except OSError as e:
            fail("cannot read %s: %s" % (self.label, e.strerror or e))
        if len(data) != n:
            fail("%s is truncated inside tensor '%s'" % (self.label, clean(what)))
        return data

    def close(self):
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class GGUFTensorInfo:
    def __init__(self, name, dtype, ne, offset, nbytes):
        self.name, self.dtype, self.ne, self.offset, self.nbytes = name, dtype, tuple(ne), offset, nbytes


# ----------------------------------------------------------------------------------------
# Tensor views: an HF tensor made of byte ranges of GGUF tensors, always whole rows, so that
# quantized blocks are moved bit for bit.
# ----------------------------------------------------------------------------------------

def row_bytes(info):
    _, be, bb = next(t for t in GGML_TYPES.values() if t[0] == info.dtype)
    return info.ne[0] // be * bb


class TensorView:
    """One HF tensor: .name, .dtype, .shape (HF orientation), .nbytes, .ident, .chunks(step).
    Same interface as tools/convert.py's SourceTensor."""

    def __init__(self, gf, name, dtype, shape, segments, sources):
        self.gf, self.name, self.dtype, self.shape = gf, name, dtype, tuple(shape)
        self.segments = segments          # [(data offset, byte count)], in output order
        self.sources = sources            # GGUF tensor names it is made of
        self.nbytes = sum(n for _, n in segments)
        self.ident = ("gguf", gf.path, tuple(segments))
        self.origin = gf
        self.holds_A = False  # True for ssm_a: A = -exp(A_log) itself, exposed as `...A`

    def chunks(self, step):
        """The bytes in pieces of about `step` bytes, each a whole number of GGUF segments
        (a segment is whole rows, so quantized blocks are never cut)."""
        buf = bytearray()
        for off, n in self.segments:
            pos = 0
            while pos < n:
                k = n - pos
                if k > step:  # a long run of rows: split at a row boundary
                    rb = self._row_bytes
                    k = max(rb, step // rb * rb)
                buf += self.gf.read(off + pos, k, self.name)
                pos += k
                if len(buf) >= step:
                    yield bytes(buf)
                    buf = bytearray()
        if buf:
            yield bytes(buf)


def _view(gf, name, infos, shape, rows=None):
    """A view of GGUF tensors `infos` (concatenated along rows) with HF shape `shape`;
    `rows` optionally lists (tensor index, first row, row count) runs in output order."""
    dtype = infos[0].dtype
    rb = row_bytes(infos[0])
    for i in infos[1:]:
        if i.dtype != dtype or row_bytes(i) != rb:
            fail("%s: tensors '%s' and '%s' form '%s' but differ in type or row length (%s %s, %s %s)"
                 % (gf.label, clean(infos[0].name), clean(i.name), clean(name), dtype,
                    list(infos[0].ne), i.dtype, list(i.ne)))
    if rows is None:
        segs = [(i.offset, i.nbytes) for i in infos]
    else:
        segs = []
        for k, r0, n in rows:
            off, size = infos[k].offset + r0 * rb, n * rb
            if segs and segs[-1][0] + segs[-1][1] == off:
                segs[-1] = (segs[-1][0], segs[-1][1] + size)
            else:
                segs.append((off, size))
    v = TensorView(gf, name, dtype, shape, segs, [i.name for i in infos])
    v._row_bytes = rb
    n_el = 1
    for d in shape:
        n_el *= d
    total = sum(_n_elements(i) for i in infos)
    if rows is None and n_el != total:
        fail("%s: '%s' has %d elements, expected %s = %d" % (gf.label, clean(infos[0].name), total,
                                                             list(shape), n_el))
    return v


def _n_elements(info):
    n = 1
    for d in info.ne:
        n *= d
    return n


def _nrows(info):
    return _n_elements(info) // info.ne[0]


def _llama_unpermute_rows(n_rows, n_head):
    """Row runs that undo llama.cpp's LlamaModel.permute on a q/k matrix of n_rows rows:
    within each head of hd rows, GGUF row 2j+c holds HF row c*hd/2 + j."""
    if n_head <= 0 or n_rows % n_head or (n_rows // n_head) % 2:
        return None
    hd = n_rows // n_head
    half = hd // 2
    out = []
    for h in range(n_head):
        for c in range(2):
            for j in range(half):
                out.append((0, h * hd + 2 * j + c, 1))
    return out


# ----------------------------------------------------------------------------------------
# Metadata access with types checked
# ----------------------------------------------------------------------------------------

_INT_TYPES = (T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_U64, T_I64)
_MISSING = object()


class _Meta:
    def __init__(self, gf, arch):
        self.gf, self.arch = gf, arch

    def _get(self, key, default):
        e = self.gf.kv.get(key)
        if e is None:
            if default is _MISSING:
                fail("%s: missing metadata key '%s'" % (self.gf.label, clean(key)))
            return None, default
        return e

    def int(self, key, default=_MISSING, minimum=0, maximum=0x7FFFFFFF):
        t, v = self._get(key, default)
        if t is None:
            return v
        if t not in _INT_TYPES:
            fail("%s: '%s' must be an integer, not %s" % (self.gf.label, clean(key), _TYPE_NAMES.get(t, t)))
        if v < minimum or v > maximum:
            fail("%s: '%s' = %d is out of range [%d, %d]" % (self.gf.label, clean(key), v, minimum, maximum))
        return v

    def float(self, key, default=_MISSING):
        t, v = self._get(key, default)
        if t is None:
            return v
        if t not in (T_F32, T_F64) and t not in _INT_TYPES:
            fail("%s: '%s' must be a number, not %s" % (self.gf.label, clean(key), _TYPE_NAMES.get(t, t)))
        v = float(v)
        if v != v or v in (float("inf"), float("-inf")):
            fail("%s: '%s' is not finite" % (self.gf.label, clean(key)))
        return v

    def bool(self, key, default=_MISSING):
        t, v = self._get(key, default)
        if t is None:
            return v
        if t != T_BOOL:
            fail("%s: '%s' must be a bool, not %s" % (self.gf.label, clean(key), _TYPE_NAMES.get(t, t)))
        return v

    def str(self, key, default=_MISSING):
        t, v = self._get(key, default)
        if t is None:
            return v
        if t != T_STR:
            fail("%s: '%s' must be a string, not %s" % (self.gf.label, clean(key), _TYPE_NAMES.get(t, t)))
        return v

    def array(self, key, elem_types, default=_MISSING):
        t, v = self._get(key, default)
        if t is None:
            return v
        if t != T_ARR or v[0] not in elem_types:
            fail("%s: '%s' must be an array of %s" % (self.gf.label, clean(key),
                                                      "/".join(_TYPE_NAMES[e] for e in elem_types)))
        return v[1]

    def per_layer(self, key, n_layer, default=_MISSING):
        """An integer given per layer (array) or once for all layers (scalar)."""
        t, v = self._get(key, default)
        if t is None:
            return [v] * n_layer
        if t == T_ARR:
            vals = self.array(key, _INT_TYPES)
            if len(vals) != n_layer:
                fail("%s: '%s' has %d entries but block_count is %d"
                     % (self.gf.label, clean(key), len(vals), n_layer))
            if any(x < 0 or x > 0x7FFFFFFF for x in vals):
                fail("%s: '%s' holds a value out of range" % (self.gf.label, clean(key)))
            return list(vals)
        return [self.int(key)] * n_layer

    def a(self, key):
        """The architecture-prefixed key ("granitehybrid." + key)."""
        return "%s.%s" % (self.arch, key)


# ----------------------------------------------------------------------------------------
# The virtual checkpoint
# ----------------------------------------------------------------------------------------

class GGUFCheckpoint:
    def __init__(self, gf):
        self.gguf = gf
        self.config = OrderedDict()
        self.tensors = OrderedDict()
        self.tokenizer = None
        self.tokenizer_config = None
        self.notes = []
        self.arch = None

    def close(self):
        self.gguf.close()


class _Builder:
    """Collects HF tensors from GGUF tensors and checks every GGUF tensor is used once."""

    def __init__(self, ck):
        self.ck, self.gf = ck, ck.gguf
        self.used = set()

    def has(self, gname):
        return gname in self.gf.infos

    def info(self, gname, ndim=None):
        i = self.gf.infos.get(gname)
        if i is None:
            fail("%s: missing tensor '%s'" % (self.gf.label, clean(gname)))
        if ndim is not None and len(i.ne) not in ndim:
            fail("%s: tensor '%s' has %d dimensions, expected %s"
                 % (self.gf.label, clean(gname), len(i.ne), " or ".join(str(d) for d in ndim)))
        return i

    def _use(self, gname):
        if gname in self.used:
            fail("internal error: GGUF tensor '%s' mapped twice" % clean(gname))
        self.used.add(gname)

    def add(self, hf_name, view):
        if hf_name in self.ck.tensors:
            fail("internal error: HF tensor '%s' produced twice" % clean(hf_name))
        self.ck.tensors[hf_name] = view

    def plain(self, gname, hf_name, shape=None, rows=None, ndim=None, optional=False):
        """GGUF tensor -> HF tensor with the same bytes; shape defaults to reversed ne."""
        if optional and not self.has(gname):
            return None
        i = self.info(gname, ndim)
        self._use(gname)
        if shape is None:
            shape = tuple(reversed(i.ne))
        v = _view(self.gf, hf_name, [i], shape, rows)
        self.add(hf_name, v)
        return v

    def expect(self, gname, ne, what=None):
        i = self.info(gname)
        if tuple(i.ne) != tuple(ne):
            fail("%s: tensor '%s' has shape {%s}, expected {%s}%s"
                 % (self.gf.label, clean(gname), ", ".join(map(str, i.ne)),
                    ", ".join(map(str, ne)), " (" + what + ")" if what else ""))
        return i

    def fused(self, gnames, hf_name, per_expert=None):
        """Rows of several GGUF tensors concatenated ([gate; up]); with per_expert = E the
        tensors are stacked {D, I, E} and the concatenation happens per expert."""
        infos = [self.info(g) for g in gnames]
        for g in gnames:
            self._use(g)
        if per_expert is None:
            rows = sum(_nrows(i) for i in infos)
            shape = (rows, infos[0].ne[0])
            v = _view(self.gf, hf_name, infos, shape)
        else:
            e = per_expert
            for i in infos:
                if len(i.ne) != 3 or i.ne[2] != e:
                    fail("%s: tensor '%s' has shape {%s}, expected {D, I, %d}"
                         % (self.gf.label, clean(i.name), ", ".join(map(str, i.ne)), e))
            runs = []
            for x in range(e):
                for k, i in enumerate(infos):
                    runs.append((k, x * i.ne[1], i.ne[1]))
            shape = (e, sum(i.ne[1] for i in infos), infos[0].ne[0])
            v = _view(self.gf, hf_name, infos, shape, runs)
        self.add(hf_name, v)
        return v

    def leftovers(self):
        for g in self.gf.infos:
            if g not in self.used:
                fail("%s: tensor '%s' is not part of a %s model as this converter knows it"
                     % (self.gf.label, clean(g), self.ck.arch))


# ----------------------------------------------------------------------------------------
# Shared pieces of the mappings
# ----------------------------------------------------------------------------------------

def _as_rows_of_one(info):
    """A 1-D float tensor seen as n rows of one element (to permute a bias)."""
    if BLOCKS[info.dtype][0] != 1:
        return None
    return GGUFTensorInfo(info.name, info.dtype, (1, info.ne[0]), info.offset, info.nbytes)


def _mamba2_mixer(b, l, p, d_inner, H, G, N, K, D, norm_optional=False):
    g = "blk.%d." % l
    conv_dim = d_inner + 2 * G * N
    b.expect(g + "ssm_in.weight", (D, 2 * d_inner + 2 * G * N + H), "D, 2*d_inner + 2*G*N + H")
    b.plain(g + "ssm_in.weight", p + "in_proj.weight")
    if b.has(g + "ssm_in.bias"):
        b.expect(g + "ssm_in.bias", (2 * d_inner + 2 * G * N + H,))
        b.plain(g + "ssm_in.bias", p + "in_proj.bias")
    b.expect(g + "ssm_conv1d.weight", (K, conv_dim), "K, conv_dim")
    b.plain(g + "ssm_conv1d.weight", p + "conv1d.weight", shape=(conv_dim, 1, K))
    if b.has(g + "ssm_conv1d.bias"):
        b.expect(g + "ssm_conv1d.bias", (conv_dim,))
        b.plain(g + "ssm_conv1d.bias", p + "conv1d.bias")
    b.expect(g + "ssm_dt.bias", (H,))
    b.plain(g + "ssm_dt.bias", p + "dt_bias")
    for gn, hn in (("ssm_a", "A"), ("ssm_d", "D")):
        i = b.info(g + gn)
        if tuple(i.ne) not in ((1, H), (H,)):
            b.expect(g + gn, (1, H))
        b.plain(g + gn, p + hn, shape=(H,))
    b.ck.tensors[p + "A"].holds_A = True
    if b.has(g + "ssm_norm.weight") or not norm_optional:
        i = b.info(g + "ssm_norm.weight")
        if tuple(i.ne) != (d_inner,) and (len(i.ne) != 2 or i.ne[0] * i.ne[1] != d_inner):
            b.expect(g + "ssm_norm.weight", (d_inner // G, G), "d_inner/G, G")
        b.plain(g + "ssm_norm.weight", p + "norm.weight", shape=(d_inner,))
    b.expect(g + "ssm_out.weight", (d_inner, D), "d_inner, D")
    b.plain(g + "ssm_out.weight", p + "out_proj.weight")
    if b.has(g + "ssm_out.bias"):
        b.expect(g + "ssm_out.bias", (D,))
        b.plain(g + "ssm_out.bias", p + "out_proj.bias")


def _attention(b, l, p, nh, nkv, hd, D, permute, names=("q_proj", "k_proj", "v_proj", "o_proj")):
    g = "blk.%d." % l
    for gn, hn, heads in (("attn_q", names[0], nh), ("attn_k", names[1], nkv), ("attn_v", names[2], nkv)):
        b.expect(g + gn + ".weight", (D, heads * hd), "D, heads*head_dim")
        rows = _llama_unpermute_rows(heads * hd, heads) if permute and gn != "attn_v" else None
        if permute and gn != "attn_v" and rows is None:
            fail("%s: cannot undo the q/k row permutation of '%s' (head_dim %d is odd)"
                 % (b.gf.label, g + gn + ".weight", hd))
        b.plain(g + gn + ".weight", p + hn + ".weight", rows=rows)
        if b.has(g + gn + ".bias"):
            i = b.expect(g + gn + ".bias", (heads * hd,))
            if rows is not None:
                i1 = _as_rows_of_one(i)
                if i1 is None:
                    fail("%s: tensor '%s' is a quantized bias" % (b.gf.label, clean(i.name)))
                b._use(i.name)
                b.add(p + hn + ".bias", _view(b.gf, p + hn + ".bias", [i1], (heads * hd,), rows))
            else:
                b.plain(g + gn + ".bias", p + hn + ".bias")
    b.expect(g + "attn_output.weight", (nh * hd, D), "heads*head_dim, D")
    b.plain(g + "attn_output.weight", p + names[3] + ".weight")
    if b.has(g + "attn_output.bias"):
        b.expect(g + "attn_output.bias", (D,))
        b.plain(g + "attn_output.bias", p + names[3] + ".bias")


def _globals(b, emb_name, norm_name, D):
    """token_embd / output_norm / output. Returns (V, tied)."""
    e = b.info("token_embd.weight", (2,))
    if e.ne[0] != D:
        b.expect("token_embd.weight", (D, e.ne[1]), "D, V")
    V = e.ne[1]
    b.plain("token_embd.weight", emb_name)
    b.expect("output_norm.weight", (D,))
    b.plain("output_norm.weight", norm_name)
    tied = not b.has("output.weight")
    if not tied:
        b.expect("output.weight", (D, V), "D, V")
        b.plain("output.weight", "lm_head.weight")
    return V, tied


def _ssm_dims(m, b, D):
    """(d_inner, H, G, N, K) from the ssm.* keys."""
    d_inner = m.int(m.a("ssm.inner_size"), minimum=1)
    H = m.int(m.a("ssm.time_step_rank"), minimum=1)
    G = m.int(m.a("ssm.group_count"), 1, minimum=1)
    N = m.int(m.a("ssm.state_size"), minimum=1)
    K = m.int(m.a("ssm.conv_kernel"), minimum=1)
    if d_inner % H:
        fail("%s: ssm.inner_size %d is not a multiple of ssm.time_step_rank (heads) %d"
             % (b.gf.label, d_inner, H))
    if H % G or d_inner % G:
        fail("%s: ssm.group_count %d does not divide the heads (%d)" % (b.gf.label, G, H))
    return d_inner, H, G, N, K


def _eps(m):
    return m.float(m.a("attention.layer_norm_rms_epsilon"), 1e-5)


def _f32_short(v):
    """The shortest decimal that rounds to the same float32 as v (GGUF stores float32; HF
    configs hold the decimal the float32 came from, e.g. 0.22 rather than 0.2199999988)."""
    try:
        target = struct.unpack("<f", struct.pack("<f", v))[0]
    except OverflowError:
        return v
    for p in range(1, 10):
        s = float("%.*g" % (p, v))
        try:
            if struct.unpack("<f", struct.pack("<f", s))[0] == target:
                return s
        except OverflowError:
            continue
    return v


# ----------------------------------------------------------------------------------------
# Families
# ----------------------------------------------------------------------------------------

def _map_granitehybrid(ck, m, b):
    c = ck.config
    label = b.gf.label
    L = m.int(m.a("block_count"), minimum=1, maximum=4096)
    D = m.int(m.a("embedding_length"), minimum=1)
    hkv = m.per_layer(m.a("attention.head_count_kv"), L, 0)
    nh_l = m.per_layer(m.a("attention.head_count"), L, 0)
    nh = max(nh_l)
    nkv = max(hkv)
    layer_types = ["attention" if hkv[l] > 0 else "mamba" for l in range(L)]
    n_exp = m.int(m.a("expert_count"), 0)
    n_used = m.int(m.a("expert_used_count"), 0)
    d_inner, H, G, N, K = _ssm_dims(m, b, D) if "mamba" in layer_types else (0, 0, 1, 0, 0)
    hd = 0
    if "attention" in layer_types:
        if nh <= 0 or D % nh:
            fail("%s: attention.head_count %d does not divide embedding_length %d (Granite's head "
                 "dim is hidden_size / heads)" % (label, nh, D))
        hd = D // nh
    V, tied = _globals(b, "model.embed_tokens.weight", "model.norm.weight", D)
    ffn = m.int(m.a("feed_forward_length"), 0)
    shared = m.int(m.a("expert_shared_feed_forward_length"), ffn)
    for l in range(L):
        g, p = "blk.%d." % l, "model.layers.%d." % l
        b.plain(g + "attn_norm.weight", p + "input_layernorm.weight", ndim=(1,))
        b.plain(g + "ffn_norm.weight", p + "post_attention_layernorm.weight", ndim=(1,))
        if layer_types[l] == "mamba":
            _mamba2_mixer(b, l, p + "mamba.", d_inner, H, G, N, K, D)
        else:
            if hkv[l] != nkv or nh_l[l] != nh:
                fail("%s: layer %d has %d/%d attention heads, other layers %d/%d (not representable)"
                     % (label, l, nh_l[l], hkv[l], nh, nkv))
            _attention(b, l, p + "self_attn.", nh, nkv, hd, D, permute=True)
        if n_exp > 0:
            b.plain(g + "ffn_gate_inp.weight", p + "block_sparse_moe.router.layer.weight", ndim=(2,))
            b.fused([g + "ffn_gate_exps.weight", g + "ffn_up_exps.weight"],
                    p + "block_sparse_moe.input_linear.weight", per_expert=n_exp)
            b.plain(g + "ffn_down_exps.weight", p + "block_sparse_moe.output_linear.weight", ndim=(3,))
            sfx = "_shexp"
        else:
            sfx = ""
        if b.has(g + "ffn_gate" + sfx + ".weight"):
            for part in ("ffn_gate", "ffn_up"):
                b.expect(g + part + sfx + ".weight", (D, shared), "D, shared_intermediate_size")
            b.fused([g + "ffn_gate" + sfx + ".weight", g + "ffn_up" + sfx + ".weight"],
                    p + "shared_mlp.input_linear.weight")
            b.expect(g + "ffn_down" + sfx + ".weight", (shared, D), "shared_intermediate_size, D")
            b.plain(g + "ffn_down" + sfx + ".weight", p + "shared_mlp.output_linear.weight")
        else:
            fail("%s: layer %d has no MLP (missing tensor '%s')" % (label, l, g + "ffn_gate" + sfx + ".weight"))

    rope = m.bool(m.a("rope.scaling.finetuned"), False)
    # llama.cpp's converter writes attention.scale only when the HF config has a (non-zero)
    # attention_multiplier; without it transformers scales by 1.0 (the class default) while
    # llama.cpp's runtime takes 1/sqrt(head_dim). The reference wins.
    attn_scale = m.float(m.a("attention.scale"), 1.0)
    if "attention" in layer_types and m.a("attention.scale") not in b.gf.kv:
        ck.notes.append("%s has no attention.scale: attention_multiplier 1.0 as transformers' default "
                        "(llama.cpp would use 1/sqrt(head_dim) = %g)" % (m.arch, hd ** -0.5))
    elif attn_scale == 0.0:
        attn_scale = hd ** -0.5 if hd else 1.0
        ck.notes.append("%s attention.scale is 0: using 1/sqrt(head_dim) = %g as llama.cpp does"
                        % (m.arch, attn_scale))
    c.update([
        ("architectures", ["GraniteMoeHybridForCausalLM"]),
        ("model_type", "granitemoehybrid"),
        ("vocab_size", V), ("hidden_size", D), ("num_hidden_layers", L),
        ("layer_types", layer_types),
        ("num_attention_heads", nh if nh else 1), ("num_key_value_heads", nkv if nkv else (nh or 1)),
        ("attention_bias", b.has("blk.%d.attn_q.bias" % layer_types.index("attention"))
         if "attention" in layer_types else False),
        ("position_embedding_type", "rope" if rope else "nope"),
        ("rope_theta", _f32_short(m.float(m.a("rope.freq_base"), 10000.0))),
        ("rope_scaling", None),
        ("mamba_n_heads", H), ("mamba_d_head", d_inner // H if H else 0), ("mamba_d_state", N),
        ("mamba_n_groups", G), ("mamba_d_conv", K),
        ("mamba_expand", d_inner // D if d_inner % D == 0 else d_inner / D),
        ("mamba_chunk_size", 256),
        ("mamba_conv_bias", any(b.has("blk.%d.ssm_conv1d.bias" % l) for l in range(L))),
        ("mamba_proj_bias", any(b.has("blk.%d.ssm_in.bias" % l) for l in range(L))),
        ("num_local_experts", n_exp), ("num_experts_per_tok", n_used),
        ("intermediate_size", m.int(m.a("expert_feed_forward_length"), ffn) if n_exp else ffn),
        ("shared_intermediate_size", shared),
        ("hidden_act", "silu"),
        ("rms_norm_eps", _f32_short(_eps(m))),
        ("embedding_multiplier", _f32_short(m.float(m.a("embedding_scale"), 1.0))),
        ("attention_multiplier", _f32_short(attn_scale)),
        ("residual_multiplier", _f32_short(m.float(m.a("residual_scale"), 1.0))),
        ("logits_scaling", _f32_short(m.float(m.a("logit_scale"), 1.0))),
        ("tie_word_embeddings", tied),
    ])
    if "attention" in layer_types:
        ck.notes.append("granitehybrid rope.scaling.finetuned is %s: attention %s RoPE (position_embedding_type "
                        "'%s')" % ("true" if rope else "false/absent", "uses" if rope else "has no",
                                   "rope" if rope else "nope"))


def _map_nemotron_h(ck, m, b):
    c = ck.config
    label = b.gf.label
    L = m.int(m.a("block_count"), minimum=1, maximum=4096)
    D = m.int(m.a("embedding_length"), minimum=1)
    hkv = m.per_layer(m.a("attention.head_count_kv"), L, 0)
    ffl = m.per_layer(m.a("feed_forward_length"), L, 0)
    nh_l = m.per_layer(m.a("attention.head_count"), L, 0)
    nh, nkv = max(nh_l), max(hkv)
    # llama.cpp: recurrent iff head_count_kv == 0 and feed_forward_length == 0; attention iff
    # feed_forward_length == 0 otherwise; else MLP, or MoE where the layer has a router
    pattern = ""
    for l in range(L):
        if ffl[l] > 0:
            pattern += "E" if b.has("blk.%d.ffn_gate_inp.weight" % l) else "-"
        else:
            pattern += "*" if hkv[l] > 0 else "M"
    d_inner, H, G, N, K = _ssm_dims(m, b, D) if "M" in pattern else (0, 0, 1, 0, 0)
    hd = m.int(m.a("attention.key_length"), D // nh if nh else 0)
    n_exp = m.int(m.a("expert_count"), 0)
    V, tied = _globals(b, "backbone.embeddings.weight", "backbone.norm_f.weight", D)
    f_mlp = max([ffl[l] for l in range(L) if pattern[l] == "-"] or [0])
    f_exp = m.int(m.a("expert_feed_forward_length"), 0)
    f_sh = m.int(m.a("expert_shared_feed_forward_length"), 0)
    for l in range(L):
        g, p = "blk.%d." % l, "backbone.layers.%d." % l
        x = p + "mixer."
        b.plain(g + "attn_norm.weight", p + "norm.weight", ndim=(1,))
        k = pattern[l]
        if k == "M":
            _mamba2_mixer(b, l, x, d_inner, H, G, N, K, D)
        elif k == "*":
            if hkv[l] != nkv or nh_l[l] != nh:
                fail("%s: layer %d has %d/%d attention heads, other layers %d/%d (not representable)"
                     % (label, l, nh_l[l], hkv[l], nh, nkv))
            _attention(b, l, x, nh, nkv, hd, D, permute=True)
        elif k == "-":
            b.expect(g + "ffn_up.weight", (D, ffl[l]), "D, feed_forward_length")
            b.plain(g + "ffn_up.weight", x + "up_proj.weight")
            b.plain(g + "ffn_up.bias", x + "up_proj.bias", optional=True)
            b.expect(g + "ffn_down.weight", (ffl[l], D), "feed_forward_length, D")
            b.plain(g + "ffn_down.weight", x + "down_proj.weight")
            b.plain(g + "ffn_down.bias", x + "down_proj.bias", optional=True)
        else:
            if n_exp <= 0:
                fail("%s: layer %d has a router but expert_count is %d" % (label, l, n_exp))
            b.expect(g + "ffn_gate_inp.weight", (D, n_exp), "D, experts")
            b.plain(g + "ffn_gate_inp.weight", x + "gate.weight")
            b.plain(g + "exp_probs_b.bias", x + "gate.e_score_correction_bias", shape=(n_exp,), optional=True)
            # stacked as transformers (v5) fuses them: [E, Fe, D] / [E, D, Fe], the GGUF's bytes
            b.expect(g + "ffn_up_exps.weight", (D, f_exp or b.info(g + "ffn_up_exps.weight").ne[1], n_exp))
            b.plain(g + "ffn_up_exps.weight", x + "experts.up_proj.weight")
            b.expect(g + "ffn_down_exps.weight", (b.info(g + "ffn_down_exps.weight").ne[0], D, n_exp))
            b.plain(g + "ffn_down_exps.weight", x + "experts.down_proj.weight")
            if b.has(g + "ffn_up_shexp.weight"):
                b.plain(g + "ffn_up_shexp.weight", x + "shared_experts.up_proj.weight", ndim=(2,))
                b.plain(g + "ffn_down_shexp.weight", x + "shared_experts.down_proj.weight", ndim=(2,))
    eps = _f32_short(_eps(m))
    c.update([
        ("architectures", ["NemotronHForCausalLM"]),
        ("model_type", "nemotron_h"),
        ("vocab_size", V), ("hidden_size", D), ("num_hidden_layers", L),
        ("hybrid_override_pattern", pattern),
        ("layer_norm_epsilon", eps), ("rms_norm_eps", eps),
        ("mamba_num_heads", H), ("mamba_head_dim", d_inner // H if H else 0),
        ("n_groups", G), ("ssm_state_size", N), ("conv_kernel", K), ("chunk_size", 128),
        ("expand", 2),
        ("use_conv_bias", any(b.has("blk.%d.ssm_conv1d.bias" % l) for l in range(L))),
        ("use_bias", any(b.has("blk.%d.ssm_in.bias" % l) for l in range(L))),
        ("mamba_hidden_act", "silu"),
        ("time_step_limit", [0.0, float("inf")]),
        ("num_attention_heads", nh if nh else 1), ("num_key_value_heads", nkv if nkv else (nh or 1)),
        ("head_dim", hd), ("attention_head_dim", hd), ("attention_bias", False),
        ("intermediate_size", f_mlp), ("mlp_hidden_act", "relu2"),
        ("mlp_bias", any(b.has("blk.%d.ffn_up.bias" % l) for l in range(L))),
        ("tie_word_embeddings", tied),
    ])
    if "E" in pattern:
        c.update([
            ("n_routed_experts", n_exp),
            ("num_experts_per_tok", m.int(m.a("expert_used_count"), minimum=1)),
            ("moe_intermediate_size", f_exp),
            ("moe_shared_expert_intermediate_size", f_sh),
            ("n_shared_experts", 1 if f_sh else 0),
            ("routed_scaling_factor", _f32_short(m.float(m.a("expert_weights_scale"), 1.0))),
            ("norm_topk_prob", m.bool(m.a("expert_weights_norm"), False)),
            ("n_group", m.int(m.a("expert_group_count"), 1, minimum=1)),
            ("topk_group", m.int(m.a("expert_group_used_count"), 1, minimum=1)),
        ])
    if tied:
        ck.notes.append("nemotron_h file has no output.weight: the output is tied to token_embd")


def _map_falcon_h1(ck, m, b):
    c = ck.config
    L = m.int(m.a("block_count"), minimum=1, maximum=4096)
    D = m.int(m.a("embedding_length"), minimum=1)
    nh = m.int(m.a("attention.head_count"), minimum=1)
    nkv = m.int(m.a("attention.head_count_kv"), nh, minimum=1)
    hd = m.int(m.a("attention.key_length"), D // nh, minimum=1)
    F = m.int(m.a("feed_forward_length"), minimum=1)
    d_ssm, H, G, N, K = _ssm_dims(m, b, D)
    V, tied = _globals(b, "model.embed_tokens.weight", "model.final_layernorm.weight", D)
    has_norm = [b.has("blk.%d.ssm_norm.weight" % l) for l in range(L)]
    if any(has_norm) != all(has_norm):
        fail("%s: some layers have ssm_norm.weight and some do not" % b.gf.label)
    for l in range(L):
        g, p = "blk.%d." % l, "model.layers.%d." % l
        b.plain(g + "attn_norm.weight", p + "input_layernorm.weight", ndim=(1,))
        # llama.cpp writes this one without the .weight suffix
        fn = g + "ffn_norm" if b.has(g + "ffn_norm") else g + "ffn_norm.weight"
        b.plain(fn, p + "pre_ff_layernorm.weight", ndim=(1,))
        _mamba2_mixer(b, l, p + "mamba.", d_ssm, H, G, N, K, D, norm_optional=True)
        _attention(b, l, p + "self_attn.", nh, nkv, hd, D, permute=False)
        for part in ("gate", "up", "down"):
            gn = g + "ffn_%s.weight" % part
            b.expect(gn, (F, D) if part == "down" else (D, F))
            b.plain(gn, p + "feed_forward.%s_proj.weight" % part)
            b.plain(g + "ffn_%s.bias" % part, p + "feed_forward.%s_proj.bias" % part, optional=True)
    c.update([
        ("architectures", ["FalconH1ForCausalLM"]),
        ("model_type", "falcon_h1"),
        ("vocab_size", V), ("hidden_size", D), ("num_hidden_layers", L),
        ("num_attention_heads", nh), ("num_key_value_heads", nkv), ("head_dim", hd),
        ("intermediate_size", F), ("rms_norm_eps", _f32_short(_eps(m))),
        ("mamba_d_ssm", d_ssm), ("mamba_n_heads", H), ("mamba_d_head", d_ssm // H),
        ("mamba_d_state", N), ("mamba_n_groups", G), ("mamba_d_conv", K), ("mamba_chunk_size", 256),
        ("mamba_expand", 2),
        ("mamba_conv_bias", any(b.has("blk.%d.ssm_conv1d.bias" % l) for l in range(L))),
        ("mamba_proj_bias", any(b.has("blk.%d.ssm_in.bias" % l) for l in range(L))),
        ("projectors_bias", any(b.has("blk.%d.ssm_out.bias" % l) for l in range(L))),
        ("mamba_rms_norm", all(has_norm)),
        ("mamba_norm_before_gate", False),
        ("attention_bias", any(b.has("blk.%d.attn_q.bias" % l) for l in range(L))),
        ("mlp_bias", any(b.has("blk.%d.ffn_up.bias" % l) for l in range(L))),
        ("rope_theta", _f32_short(m.float(m.a("rope.freq_base"), 1e11))),
        ("rope_scaling", None),
        ("hidden_act", "silu"),
        ("tie_word_embeddings", tied),
        # folded into the weights by llama.cpp's converter: 1.0 here (written out, so that the
        # HF path has nothing to assume)
        ("embedding_multiplier", 1.0), ("lm_head_multiplier", 1.0), ("attention_in_multiplier", 1.0),
        ("attention_out_multiplier", 1.0), ("key_multiplier", 1.0), ("ssm_in_multiplier", 1.0),
        ("ssm_out_multiplier", 1.0), ("ssm_multipliers", [1.0] * 5), ("mlp_multipliers", [1.0, 1.0]),
    ])
    ck.notes.append("falcon-h1: the muP multipliers are folded into the GGUF weights; every multiplier "
                    "is taken as 1.0")
    ck.notes.append("falcon-h1: the gated norm is %s (ssm_norm %s), applied after the gate as llama.cpp does"
                    % ("on" if all(has_norm) else "off", "present" if all(has_norm) else "absent"))
    if tied:
        ck.notes.append("falcon-h1 file has no output.weight: the output reuses token_embd, which holds "
                        "the embedding times embedding_multiplier (llama.cpp computes the same; a tied HF "
                        "checkpoint would instead scale by lm_head_multiplier, which the file does not record)")


def _map_mamba2(ck, m, b):
    c = ck.config
    L = m.int(m.a("block_count"), minimum=1, maximum=4096)
    D = m.int(m.a("embedding_length"), minimum=1)
    d_inner, H, G, N, K = _ssm_dims(m, b, D)
    if d_inner % D:
        fail("%s: ssm.inner_size %d is not a multiple of embedding_length %d (HF Mamba-2 needs "
             "d_inner = expand * hidden_size)" % (b.gf.label, d_inner, D))
    V, tied = _globals(b, "backbone.embeddings.weight", "backbone.norm_f.weight", D)
    for l in range(L):
        g, p = "blk.%d." % l, "backbone.layers.%d." % l
        b.plain(g + "attn_norm.weight", p + "norm.weight", ndim=(1,))
        _mamba2_mixer(b, l, p + "mixer.", d_inner, H, G, N, K, D)
    c.update([
        ("architectures", ["Mamba2ForCausalLM"]),
        ("model_type", "mamba2"),
        ("vocab_size", V), ("hidden_size", D), ("num_hidden_layers", L),
        ("state_size", N), ("conv_kernel", K), ("expand", d_inner // D), ("head_dim", d_inner // H),
        ("num_heads", H), ("n_groups", G), ("chunk_size", 256),
        ("layer_norm_epsilon", _f32_short(_eps(m))),
        ("time_step_limit", [0.0, float("inf")]),
        ("use_bias", any(b.has("blk.%d.ssm_in.bias" % l) for l in range(L))),
        ("use_conv_bias", any(b.has("blk.%d.ssm_conv1d.bias" % l) for l in range(L))),
        ("rms_norm", True), ("norm_before_gate", False), ("hidden_act", "silu"),
        ("tie_word_embeddings", tied),
    ])


def _map_mamba(ck, m, b):
    c = ck.config
    L = m.int(m.a("block_count"), minimum=1, maximum=4096)
    D = m.int(m.a("embedding_length"), minimum=1)
    d_inner = m.int(m.a("ssm.inner_size"), minimum=1)
    N = m.int(m.a("ssm.state_size"), minimum=1)
    K = m.int(m.a("ssm.conv_kernel"), minimum=1)
    R = m.int(m.a("ssm.time_step_rank"), minimum=1)
    falcon = m.bool(m.a("ssm.dt_b_c_rms"), False)
    V, tied = _globals(b, "backbone.embeddings.weight", "backbone.norm_f.weight", D)
    for l in range(L):
        g, p = "blk.%d." % l, "backbone.layers.%d." % l
        x = p + "mixer."
        b.plain(g + "attn_norm.weight", p + "norm.weight", ndim=(1,))
        b.expect(g + "ssm_in.weight", (D, 2 * d_inner), "D, 2*d_inner")
        b.plain(g + "ssm_in.weight", x + "in_proj.weight")
        b.plain(g + "ssm_in.bias", x + "in_proj.bias", optional=True)
        b.expect(g + "ssm_conv1d.weight", (K, d_inner), "K, d_inner")
        b.plain(g + "ssm_conv1d.weight", x + "conv1d.weight", shape=(d_inner, 1, K))
        if b.has(g + "ssm_conv1d.bias"):
            b.expect(g + "ssm_conv1d.bias", (d_inner,))
            b.plain(g + "ssm_conv1d.bias", x + "conv1d.bias")
        b.expect(g + "ssm_x.weight", (d_inner, R + 2 * N), "d_inner, dt_rank + 2*N")
        b.plain(g + "ssm_x.weight", x + "x_proj.weight")
        b.expect(g + "ssm_dt.weight", (R, d_inner), "dt_rank, d_inner")
        b.plain(g + "ssm_dt.weight", x + "dt_proj.weight")
        b.expect(g + "ssm_dt.bias", (d_inner,))
        b.plain(g + "ssm_dt.bias", x + "dt_proj.bias")
        b.expect(g + "ssm_a", (N, d_inner), "N, d_inner")
        b.plain(g + "ssm_a", x + "A").holds_A = True
        i = b.info(g + "ssm_d")
        if tuple(i.ne) not in ((d_inner,), (1, d_inner)):
            b.expect(g + "ssm_d", (d_inner,))
        b.plain(g + "ssm_d", x + "D", shape=(d_inner,))
        b.expect(g + "ssm_out.weight", (d_inner, D), "d_inner, D")
        b.plain(g + "ssm_out.weight", x + "out_proj.weight")
        b.plain(g + "ssm_out.bias", x + "out_proj.bias", optional=True)
    use_bias = any(b.has("blk.%d.ssm_in.bias" % l) for l in range(L))
    c.update([
        ("architectures", ["FalconMambaForCausalLM" if falcon else "MambaForCausalLM"]),
        ("model_type", "falcon_mamba" if falcon else "mamba"),
        ("vocab_size", V), ("hidden_size", D), ("num_hidden_layers", L),
        ("state_size", N), ("conv_kernel", K), ("intermediate_size", d_inner),
        ("expand", d_inner // D if d_inner % D == 0 else d_inner / D),
        ("time_step_rank", R), ("layer_norm_epsilon", _f32_short(_eps(m))),
        ("use_bias", use_bias),
        ("use_conv_bias", any(b.has("blk.%d.ssm_conv1d.bias" % l) for l in range(L))),
        ("hidden_act", "silu"), ("residual_in_fp32", True),
        ("tie_word_embeddings", tied),
    ])
    if falcon:
        c["mixer_rms_eps"] = 1e-6
        ck.notes.append("mamba.ssm.dt_b_c_rms is true: Falcon-Mamba; its dt/B/C norms use eps 1e-6 "
                        "(transformers' mixer_rms_eps default; the file has no key for it, and llama.cpp "
                        "would use layer_norm_rms_epsilon)")


FAMILIES = {
    "granitehybrid": _map_granitehybrid,
    "nemotron_h": _map_nemotron_h,
    "nemotron_h_moe": _map_nemotron_h,
    "falcon-h1": _map_falcon_h1,
    "mamba2": _map_mamba2,
    "mamba": _map_mamba,
}


def load_gguf(path, label=None):
    """Parse path and map it onto the HF checkpoint of its family (see the module docstring)."""
    gf = GGUFFile(path, label)
    ok = False
    try:
        ck = GGUFCheckpoint(gf)
        m0 = _Meta(gf, "general")
        arch = m0.str("general.architecture")
        if arch not in FAMILIES:
            fail("%s: architecture '%s' is not supported (supported: %s)"
                 % (gf.label, clean(arch), ", ".join(sorted(FAMILIES))))
        ck.arch = arch
        m = _Meta(gf, arch)
        b = _Builder(ck)
        FAMILIES[arch](ck, m, b)
        b.leftovers()
        for v in ck.tensors.values():
            if v.dtype not in SUPPORTED:
                fail("%s: tensor '%s' has type %s, which is not supported (supported: %s)"
                     % (gf.label, clean(v.sources[0]), v.dtype, ", ".join(SUPPORTED)))
        tok = _Meta(gf, "tokenizer.ggml")
        for key, hf in (("tokenizer.ggml.bos_token_id", "bos_token_id"),
                        ("tokenizer.ggml.eos_token_id", "eos_token_id"),
                        ("tokenizer.ggml.padding_token_id", "pad_token_id")):
            if key in gf.kv:
                ck.config[hf] = tok.int(key, maximum=0xFFFFFFFF)
        ck.config["torch_dtype"] = "float32"
        build_tokenizer(ck)
        ok = True
        return ck
    finally:
        if not ok:
            gf.close()


# ----------------------------------------------------------------------------------------
# Tokenizer: tokenizer.ggml.* -> a tokenizer.json-shaped dict
# ----------------------------------------------------------------------------------------

# llama.cpp token types (llama_token_type)
TT_NORMAL, TT_UNKNOWN, TT_CONTROL, TT_USER_DEFINED, TT_UNUSED, TT_BYTE = 1, 2, 3, 4, 5, 6

_GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"
_LLAMA3 = ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
           "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
_QWEN2 = ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
          "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
_QWEN35 = ("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}"
           "| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
_TEKKEN = ("[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+|"
           "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*|\\p{N}|"
           " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
_GPT4O = ("[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
          "(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+"
          "[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*"
          "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+")
_PORO = " ?[^(\\s|.,!?\u2026\u3002\uff0c\u3001\u0964\u06d4\u060c)]+"
_DEEPSEEK_CODER = ["[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+", "\\p{N}"]
_DEEPSEEK3 = ["\\p{N}{1,3}", "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+",
              "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+|"
              " ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"]

# tokenizer.ggml.pre -> the regexes llama.cpp's llama-vocab.cpp splits with, in order (each
# splits the pieces of the previous one; the text between matches is kept). None = GPT-2's
# own split, which tokenizer.json describes as ByteLevel with use_regex. Where llama.cpp
# rewrote a regex for its engine, the original from tokenizer.json is used.
PRE_TOKENIZERS = {}
for _names, _rx in (
        (("default", "gpt2", "gpt-2", "mpt", "olmo", "jais", "phi-2", "jina-es", "jina-de", "gigachat",
          "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum", "modern-bert", "jina-v1-en", "jina-v2-code",
          "roberta-bpe", "exaone4", "trillion", "granite-docling"), None),
        (("llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
          "jina-v5-nano", "dbrx", "smaug-bpe", "glm4", "chatglm-bpe"), [_LLAMA3]),
        (("qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "megrez", "stablelm2", "hunyuan",
          "solar-open"), [_QWEN2]),
        (("qwen35",), [_QWEN35]),
        (("starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b", "mellum2"),
         ["\\p{N}", _GPT2]),
        (("falcon",), ["[\\p{P}\\$\\+<=>\\^~\\|`]+", _GPT2, "[0-9][0-9][0-9]"]),
        (("deepseek-coder",), _DEEPSEEK_CODER),
        (("deepseek-v3", "hunyuan-dense", "hy_v4", "joyai-llm"), _DEEPSEEK3),
        (("tekken",), [_TEKKEN]),
        (("gpt-4o", "llama4", "kanana2", "talkie", "minimax-m2"), [_GPT4O]),
        (("tiny_aya", "cohere2moe"), ["\\d{1,3}(?=(?:\\d{3})*\\b)", _GPT4O]),
        (("poro-chat", "bloom", "gpt3-finnish"), [_PORO]),
        (("viking",), [_PORO, "\\p{N}"]),
):
    for _n in _names:
        PRE_TOKENIZERS[_n] = _rx


IGNORE_MERGES = ("llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
                 "jina-v5-nano", "tekken")


ADD_BOS_PRE = ("llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2",
               "jina-v5-nano", "tekken", "chameleon")


def _template_processing(tokens, bos, eos):
    """tokenizer.json's TemplateProcessing that puts BOS before / EOS after each sequence."""
    if bos is None and eos is None:
        return None

    def seq(type_id, name):
        out = [{"SpecialToken": {"id": tokens[bos], "type_id": type_id}}] if bos is not None else []
        out.append({"Sequence": {"id": name, "type_id": type_id}})
        if eos is not None:
            out.append({"SpecialToken": {"id": tokens[eos], "type_id": type_id}})
        return out
    specials = OrderedDict()
    for i in (bos, eos):
        if i is not None:
            specials[tokens[i]] = {"id": tokens[i], "ids": [i], "tokens": [tokens[i]]}
    return {"type": "TemplateProcessing", "single": seq(0, "A"), "pair": seq(0, "A") + seq(1, "B"),
            "special_tokens": specials}


def _byte_level_pre(regexes):
    if regexes is None:
        return {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    seq = [{"type": "Split", "pattern": {"Regex": r}, "behavior": "Isolated", "invert": False}
           for r in regexes]
    seq.append({"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False})
    return {"type": "Sequence", "pretokenizers": seq}


def _check_utf8(gf, key, strings):
    """tokenizer.json can only hold valid Unicode: refuse strings that were not UTF-8 (the
    reader keeps such bytes as surrogate escapes)."""
    try:
        "".join(strings).encode("utf-8")
    except UnicodeEncodeError:
        for i, x in enumerate(strings):
            try:
                x.encode("utf-8")
            except UnicodeEncodeError:
                fail("%s: entry %d of %s is not valid UTF-8" % (gf.label, i, key))


def build_tokenizer(ck):
    """Fill ck.tokenizer / ck.tokenizer_config from tokenizer.ggml.*; ck.tokenizer_error says
    why not when the file's tokenizer cannot be described (the converter decides what to do)."""
    gf = ck.gguf
    t = _Meta(gf, "tokenizer.ggml")
    ck.tokenizer_error = None
    model = t.str("tokenizer.ggml.model", None)
    if model is None:
        ck.tokenizer_error = "the file has no tokenizer (tokenizer.ggml.model is absent)"
        return
    tokens = t.array("tokenizer.ggml.tokens", (T_STR,))
    n = len(tokens)
    _check_utf8(gf, "tokenizer.ggml.tokens", tokens)
    types = t.array("tokenizer.ggml.token_type", _INT_TYPES, None)
    if types is not None and len(types) != n:
        fail("%s: tokenizer.ggml.token_type has %d entries for %d tokens" % (gf.label, len(types), n))
    scores = t.array("tokenizer.ggml.scores", (T_F32, T_F64), None)
    if scores is not None and len(scores) != n:
        fail("%s: tokenizer.ggml.scores has %d entries for %d tokens" % (gf.label, len(scores), n))
    if types is None:
        types = [TT_NORMAL] * n
    ids = {}
    for i, s in enumerate(tokens):
        ids.setdefault(s, i)  # a duplicate string keeps its first id, like llama.cpp's token_to_id
    special = {}
    for key in ("bos", "eos", "unknown", "padding", "eot", "sep", "mask"):
        v = t.int("tokenizer.ggml.%s_token_id" % key, None, maximum=0xFFFFFFFF)
        if v is not None:
            if v >= n:
                ck.notes.append("tokenizer.ggml.%s_token_id %d is outside the vocabulary (%d tokens); ignored"
                                % (key, v, n))
            else:
                special[key] = v
    added = []
    for i, ty in enumerate(types):
        if ty in (TT_CONTROL, TT_USER_DEFINED, TT_UNKNOWN):
            added.append({"id": i, "content": tokens[i], "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": ty != TT_USER_DEFINED})

    if model == "gpt2":
        pre = t.str("tokenizer.ggml.pre", "default")
        if pre not in PRE_TOKENIZERS:
            fail("%s: tokenizer.ggml.pre '%s' is not a pre-tokenizer this converter knows "
                 "(use --no-tokenizer to convert without the tokenizer)" % (gf.label, clean(pre)))
        merges_raw = t.array("tokenizer.ggml.merges", (T_STR,), [])
        _check_utf8(gf, "tokenizer.ggml.merges", merges_raw)
        merges, dropped = [], []
        for m in merges_raw:
            parts = m.split(" ")
            if len(parts) != 2 or not parts[0] or not parts[1]:
                fail("%s: malformed merge %r in tokenizer.ggml.merges" % (gf.label, clean(m, 60)))
            if parts[0] in ids and parts[1] in ids and parts[0] + parts[1] in ids:
                merges.append(m)
            else:
                dropped.append(m)
        if dropped:
            ck.notes.append("warning: %d of %d merges name tokens absent from the %d-token vocabulary "
                            "and were dropped (e.g. %s)" % (len(dropped), len(merges_raw), n,
                                                          clean(repr(dropped[0]), 40)))
        if pre == "default" and "tokenizer.ggml.pre" not in gf.kv:
            ck.notes.append("no tokenizer.ggml.pre: using the GPT-2 split as llama.cpp does")
        # llama.cpp ignores merges (a whole pre-token found in the vocabulary is one token)
        # for these, as their tokenizer.json files say with "ignore_merges": true
        ignore_merges = pre in IGNORE_MERGES
        tok = OrderedDict([
            ("version", "1.0"), ("truncation", None), ("padding", None),
            ("added_tokens", added), ("normalizer", None),
            ("pre_tokenizer", _byte_level_pre(PRE_TOKENIZERS[pre])),
            ("post_processor", None),
            ("decoder", {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}),
            ("model", OrderedDict([
                ("type", "BPE"), ("dropout", None), ("unk_token", None),
                ("continuing_subword_prefix", None), ("end_of_word_suffix", None),
                ("fuse_unk", False), ("byte_fallback", False), ("ignore_merges", ignore_merges),
                # CONTROL tokens are added tokens only, as in tokenizer.json files whose special
                # ids lie outside model.vocab (they are split out of the text before BPE anyway);
                # UNUSED ones are the [PAD<i>] fillers llama.cpp's converter pads the vocabulary with
                ("vocab", OrderedDict((s, i) for s, i in ids.items() if types[i] not in (TT_CONTROL, TT_UNUSED))),
                ("merges", merges)])),
        ])
    elif model == "llama":
        if scores is None:
            fail("%s: a SentencePiece ('llama') tokenizer needs tokenizer.ggml.scores" % gf.label)
        # merges as transformers' SentencePieceExtractor derives them: every split of a piece
        # into two pieces of the vocabulary, ordered by the merged piece's score (then id)
        merges = []
        order = sorted(range(n), key=lambda i: (-scores[i], i))
        for i in order:
            if types[i] not in (TT_NORMAL, TT_USER_DEFINED):
                continue
            s = tokens[i]
            pairs = []
            for k in range(1, len(s)):
                a, b = s[:k], s[k:]
                if a in ids and b in ids:
                    pairs.append((ids[a], ids[b], a + " " + b))
            merges.extend(p[2] for p in sorted(pairs))
        add_space = t.bool("tokenizer.ggml.add_space_prefix", True)
        norm = [{"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]
        if add_space:
            norm.insert(0, {"type": "Prepend", "prepend": "\u2581"})
        unk = special.get("unknown")
        tok = OrderedDict([
            ("version", "1.0"), ("truncation", None), ("padding", None),
            ("added_tokens", added),
            ("normalizer", {"type": "Sequence", "normalizers": norm}),
            ("pre_tokenizer", None), ("post_processor", None),
            ("decoder", {"type": "Sequence", "decoders": [
                {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
                {"type": "ByteFallback"}, {"type": "Fuse"},
                {"type": "Strip", "content": " ", "start": 1 if add_space else 0, "stop": 0}]}),
            ("model", OrderedDict([
                ("type", "BPE"), ("dropout", None),
                ("unk_token", tokens[unk] if unk is not None else None),
                ("continuing_subword_prefix", None), ("end_of_word_suffix", None),
                ("fuse_unk", True), ("byte_fallback", True), ("ignore_merges", False),
                ("vocab", OrderedDict((s, i) for s, i in ids.items())),
                ("merges", merges)])),
        ])
    else:
        ck.tokenizer_error = ("tokenizer.ggml.model '%s' is not supported (only gpt2 and llama)"
                              % clean(model))
        return
    # BOS / EOS around every text: tokenizer.ggml.add_bos_token / add_eos_token, else llama.cpp's
    # defaults (SentencePiece: BOS; byte-level BPE: none, except the pre-tokenizers it marks)
    add_bos = t.bool("tokenizer.ggml.add_bos_token", None)
    if add_bos is None:
        add_bos = model == "llama" or t.str("tokenizer.ggml.pre", "default") in ADD_BOS_PRE
    add_eos = t.bool("tokenizer.ggml.add_eos_token", False)
    tok["post_processor"] = _template_processing(
        tokens, special.get("bos") if add_bos else None, special.get("eos") if add_eos else None)
    if len(ids) != n:
        ck.notes.append("warning: the vocabulary lists %d token strings twice; the first id of each is kept"
                        % (n - len(ids)))
    ck.tokenizer = tok
    cfg = OrderedDict()
    for key, name in (("bos", "bos_token"), ("eos", "eos_token"), ("unknown", "unk_token"),
                      ("padding", "pad_token")):
        if key in special:
            cfg[name] = tokens[special[key]]
    for key in ("add_bos_token", "add_eos_token"):
        v = t.bool("tokenizer.ggml." + key, None)
        if v is not None:
            cfg[key] = v
    tmpl = t.str("tokenizer.chat_template", None)
    if tmpl is not None:
        _check_utf8(gf, "tokenizer.chat_template", [tmpl])
        cfg["chat_template"] = tmpl
    ck.tokenizer_config = cfg
    ck.special_ids = special
