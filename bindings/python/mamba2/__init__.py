"""mamba2: Mamba-2 language models on a CPU, from Python.

A thin binding of the C library mamba2.h (its shared build, libmamba2.so from `make lib`) made
with ctypes: no dependency beyond the standard library; logits come as numpy arrays when numpy is
installed, else as array.array('f'). Every call into the library releases the GIL (ctypes.CDLL
does), so sessions on different Python threads compute in parallel. A session must be used by one
thread at a time; a model may be shared by any number of sessions and threads.

    import mamba2
    with mamba2.Model("models/fable-3m.bin") as model:
        print(model.generate("Once upon a time", n=32, temperature=0).text)

The library is found, in this order: the MAMBA2_LIB environment variable (a file path), a
libmamba2.so installed inside this package, the repository root this package sits in
(bindings/python/mamba2 -> ../../..), then the system's library path. MAMBA2_NO_NUMPY=1 gives
array.array logits even where numpy is installed.
"""
import array
import ctypes
import os
import sys
import threading
import time
import weakref
from ctypes import (POINTER, Structure, byref, c_char, c_char_p, c_float, c_int, c_int32, c_size_t,
                    c_ssize_t, c_uint, c_uint64, c_ubyte, c_void_p)

try:
    if os.environ.get("MAMBA2_NO_NUMPY"):  # the standard-library path, on a machine that has numpy
        raise ImportError
    import numpy as _np
except ImportError:  # numpy is optional
    _np = None

__all__ = ["Model", "Session", "Sampler", "Decoder", "Mamba2Error", "step_batch", "version", "isa_available",
           "isa_name", "ISA", "load_library", "library_path"]

# ----------------------------------------------------------------------------- C declarations

OK = 0
ERRORS = {
    -1: "M2_ERR_INVALID_ARGUMENT", -2: "M2_ERR_IO", -3: "M2_ERR_FORMAT", -4: "M2_ERR_VERSION",
    -5: "M2_ERR_UNSUPPORTED", -6: "M2_ERR_OUT_OF_MEMORY", -7: "M2_ERR_TOKEN_RANGE",
    -8: "M2_ERR_BUFFER_TOO_SMALL", -9: "M2_ERR_NO_TOKENIZER", -10: "M2_ERR_NUMERIC",
    -11: "M2_ERR_STATE_MISMATCH", -12: "M2_ERR_CANCELLED",
}
ERR_BUFFER_TOO_SMALL = -8
# m2_isa: the kernels' instruction-set levels (Session(isa=...) takes the number or the name)
ISA = {"auto": 0, "scalar": 1, "avx2": 2, "avx512": 3, "avx512+vnni": 4, "avx512+bf16+vnni": 5, "neon": 6,
       "wasm-simd128": 7}
SNAPSHOT_F16 = 1
TOKENIZE_NO_SPECIAL = 1
STOP_MAX = 64
STOP_SEQS = 8

_alloc_fn = ctypes.CFUNCTYPE(c_void_p, c_size_t, c_void_p)
_free_fn = ctypes.CFUNCTYPE(None, c_void_p, c_void_p)


class _Allocator(Structure):
    _fields_ = [("alloc", c_void_p), ("free", c_void_p), ("user", c_void_p)]


class _Config(Structure):
    _fields_ = [(n, c_int) for n in ("vocab_rows", "vocab_size", "d_model", "n_layer", "d_state", "d_conv", "d_inner",
                                     "headdim", "nheads", "ngroups", "chunk_size", "conv_dim", "d_in_proj",
                                     "tied_embeddings", "norm_before_gate", "has_proj_bias", "has_conv_bias")] + \
        [(n, c_float) for n in ("norm_eps", "gated_norm_eps", "dt_min", "dt_max")] + \
        [("eos_id", c_int), ("bos_id", c_int), ("weight_dtype", c_int)] + \
        [("n_head", c_int), ("n_kv_head", c_int), ("head_dim", c_int), ("rope", c_int), ("rope_theta", c_float),
         ("attn_scale", c_float), ("d_ff", c_int), ("ffn_act", c_int), ("n_expert", c_int), ("n_expert_used", c_int),
         ("d_expert", c_int), ("d_shared", c_int), ("router", c_int), ("routed_scale", c_float),
         ("n_expert_group", c_int), ("topk_group", c_int), ("moe_norm_topk", c_int), ("moe_correction_bias", c_int),
         ("embed_scale", c_float), ("residual_scale", c_float), ("logit_scale", c_float), ("n_ctx_train", c_int),
         ("dt_rank", c_int), ("mixer_rms_eps", c_float), ("bc_dt_norm", c_int), ("has_gated_norm", c_int),
         ("attn_qkv_bias", c_int), ("attn_o_bias", c_int), ("ffn_bias", c_int), ("n_attn_layers", c_int),
         ("n_ssm_layers", c_int), ("n_mamba1_layers", c_int), ("n_dense_layers", c_int), ("n_moe_layers", c_int)]


class _ModelOpts(Structure):
    _fields_ = [("alloc", _Allocator), ("no_mmap", c_int), ("log", c_void_p), ("log_user", c_void_p)]


class _MemoryInfo(Structure):
    _fields_ = [("file_bytes", c_uint64), ("model_heap", c_uint64), ("session_bytes", c_uint64)]


class _SessionOpts(Structure):
    _fields_ = [("n_threads", c_int), ("chunk_size", c_int), ("alloc", _Allocator), ("parallel_for", c_void_p),
                ("parallel_ctx", c_void_p), ("history", c_int), ("cancellable_steps", c_int),
                ("f32_activations", c_int), ("isa", c_int), ("n_ctx", c_int)]


class _LogitBias(Structure):
    _fields_ = [("id", c_int32), ("bias", c_float)]


class _SamplerOpts(Structure):
    _fields_ = [("temperature", c_float), ("top_k", c_int), ("top_p", c_float), ("min_p", c_float),
                ("repeat_penalty", c_float), ("repeat_last_n", c_int), ("seed", c_uint64),
                ("logit_bias", POINTER(_LogitBias)), ("n_logit_bias", c_int), ("banned", POINTER(c_int32)),
                ("n_banned", c_int)]


class _Sampler(Structure):
    _fields_ = [("opts", _SamplerOpts), ("rng", c_uint64 * 2)]


class _Stop(Structure):
    _fields_ = [("seq", c_char_p * STOP_SEQS), ("len", c_size_t * STOP_SEQS), ("n", c_int),
                ("held", c_char * STOP_MAX), ("n_held", c_size_t)]


class _Decoder(Structure):
    _fields_ = [("pending", c_ubyte * 8), ("n_pending", c_int), ("n_tokens", c_int)]


# m2_struct values: each layout above is checked against the library's sizeof when it is loaded
_STRUCTS = {1: _Allocator, 2: _Config, 3: _ModelOpts, 4: _MemoryInfo, 5: _SessionOpts, 6: _SamplerOpts,
            7: _LogitBias, 8: _Sampler, 9: _Stop, 10: _Decoder}

_P = c_void_p  # opaque m2_model *, m2_session *, m2_tokenize_work *
_SIGNATURES = {
    "m2_version": (c_char_p, []),
    "m2_struct_size": (c_size_t, [c_int]),
    "m2_result_str": (c_char_p, [c_int]),
    "m2_model_open": (c_int, [POINTER(_P), c_char_p, POINTER(_ModelOpts), c_char_p, c_size_t]),
    "m2_model_open_memory": (c_int, [POINTER(_P), c_void_p, c_size_t, POINTER(_ModelOpts), c_char_p, c_size_t]),
    "m2_model_close": (None, [_P]),
    "m2_model_config": (POINTER(_Config), [_P]),
    "m2_memory_query": (c_int, [c_void_p, c_size_t, POINTER(_SessionOpts), POINTER(_MemoryInfo), c_char_p, c_size_t]),
    "m2_isa_available": (c_int, [c_int]),
    "m2_isa_name": (c_char_p, [c_int]),
    "m2_session_create": (c_int, [POINTER(_P), _P, POINTER(_SessionOpts)]),
    "m2_session_destroy": (None, [_P]),
    "m2_session_options": (POINTER(_SessionOpts), [_P]),
    "m2_session_error": (c_char_p, [_P]),
    "m2_session_reset": (None, [_P]),
    "m2_session_position": (c_uint64, [_P]),
    "m2_prefill": (c_int, [_P, POINTER(c_int32), c_size_t, POINTER(c_float)]),
    "m2_step": (c_int, [_P, c_int32]),
    "m2_session_logits": (POINTER(c_float), [_P]),
    "m2_step_begin": (c_int, [_P, c_int32]),
    "m2_step_run": (c_int, [_P, c_int, POINTER(c_int)]),
    "m2_step_cancel": (c_int, [_P]),
    "m2_step_batch": (c_int, [POINTER(_P), POINTER(c_int32), c_int]),
    "m2_session_copy": (c_int, [_P, _P]),
    "m2_session_fork": (c_int, [POINTER(_P), _P]),
    "m2_session_state_size_ex": (c_size_t, [_P, c_uint]),
    "m2_session_save_ex": (c_int, [_P, c_void_p, c_size_t, c_uint]),
    "m2_session_load": (c_int, [_P, c_void_p, c_size_t]),
    "m2_sampler_init": (None, [c_void_p, c_void_p]),
    "m2_sample": (c_int, [_P, c_void_p, POINTER(c_int32)]),
    "m2_stop_init": (c_int, [c_void_p, POINTER(c_char_p), c_int]),
    "m2_stop_feed": (c_int, [c_void_p, c_char_p, c_size_t, c_void_p, POINTER(c_size_t)]),
    "m2_stop_flush": (c_size_t, [c_void_p, c_void_p]),
    "m2_model_has_tokenizer": (c_int, [_P]),
    "m2_tokenize_work_create": (c_int, [POINTER(_P), _P, c_void_p]),
    "m2_tokenize_work_destroy": (None, [_P]),
    "m2_tokenize": (c_int, [_P, _P, c_char_p, c_ssize_t, POINTER(c_int32), c_size_t, POINTER(c_size_t), c_uint]),
    "m2_token_bytes": (c_int, [_P, c_int32, POINTER(c_void_p), POINTER(c_size_t)]),
    "m2_detokenize": (c_int, [_P, POINTER(c_int32), c_size_t, c_char_p, c_size_t, POINTER(c_size_t)]),
    "m2_decoder_init": (None, [c_void_p]),
    "m2_decode_stream": (c_int, [_P, c_void_p, c_int32, c_char_p, c_size_t, POINTER(c_size_t)]),
    "m2_decoder_flush": (c_int, [c_void_p, c_char_p, c_size_t, POINTER(c_size_t)]),
}

_lib = None
_lib_path = None
_lib_lock = threading.Lock()
_sizes = {}


def _candidates():
    env = os.environ.get("MAMBA2_LIB")
    if env:
        return [env]
    names = ["mamba2.dll"] if sys.platform == "win32" else (
        ["libmamba2.dylib"] if sys.platform == "darwin" else ["libmamba2.so"])
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    out = [os.path.join(here, n) for n in names] + [os.path.join(root, n) for n in names]
    import ctypes.util
    found = ctypes.util.find_library("mamba2")
    if found:
        out.append(found)
    return out


def load_library(path=None):
    """Load the shared library (once; later calls return it). path overrides the search."""
    global _lib, _lib_path
    with _lib_lock:
        if _lib is not None and path is None:
            return _lib
        tried = []
        for cand in ([path] if path else _candidates()):
            if os.path.sep in cand and not os.path.exists(cand):
                tried.append(cand + " (absent)")
                continue
            try:
                lib = ctypes.CDLL(cand)  # CDLL, not PyDLL: each call releases the GIL
            except OSError as e:
                tried.append("%s (%s)" % (cand, e))
                continue
            for name, (res, args) in _SIGNATURES.items():
                fn = getattr(lib, name)
                fn.restype, fn.argtypes = res, args
            for which, cls in _STRUCTS.items():
                n = lib.m2_struct_size(which)
                # a library with larger structs (fields added at the end) is fine: option structs are
                # passed in zero-padded buffers of its size; a smaller one is not this binding's
                if n < ctypes.sizeof(cls):
                    raise ImportError("%s: struct %s is %d bytes there, %d here: an older library than this binding"
                                      % (cand, cls.__name__, n, ctypes.sizeof(cls)))
                _sizes[cls] = n
            _lib, _lib_path = lib, cand
            return lib
        raise ImportError("libmamba2 not found: run `make lib` in the repository root, or set MAMBA2_LIB to the "
                          "library's path. Tried: " + "; ".join(tried))


def library_path():
    load_library()
    return _lib_path


def _new(cls):
    """A zeroed struct in a buffer as large as the library's sizeof (see load_library)."""
    load_library()
    return cls.from_buffer(bytearray(max(_sizes.get(cls, 0), ctypes.sizeof(cls))))


def _str(b):
    return b.decode("utf-8", "replace") if b is not None else ""


class Mamba2Error(Exception):
    """A failed library call: .code is the m2_result (negative), .name its M2_ERR_* name, and the
    message is the library's own (the session's or the loader's error text)."""

    def __init__(self, code, message=""):
        self.code = code
        self.name = ERRORS.get(code, "M2_ERR_%d" % code)
        self.message = message or _str(load_library().m2_result_str(code))
        Exception.__init__(self, "%s: %s" % (self.name, self.message))


def _check(r, message=None):
    if r != OK:
        raise Mamba2Error(r, message() if callable(message) else message)


def version():
    """The library's version, "MAJOR.MINOR.PATCH"."""
    return _str(load_library().m2_version())


def isa_available(isa):
    return bool(load_library().m2_isa_available(_isa(isa)))


def isa_name(isa):
    return _str(load_library().m2_isa_name(_isa(isa)))


def _isa(isa):
    if isinstance(isa, str):
        if isa not in ISA:
            raise ValueError("unknown isa %r (known: %s)" % (isa, ", ".join(ISA)))
        return ISA[isa]
    return int(isa)


def _floats(ptr, n):
    """Copy n floats from C memory: a numpy array when numpy is there, else array.array('f')."""
    if _np is not None:
        return _np.ctypeslib.as_array(ptr, shape=(n,)).copy()
    out = array.array("f", bytes(n * 4))
    ctypes.memmove(out.buffer_info()[0], ptr, n * 4)
    return out


def _ids_array(ids):
    ids = list(ids)
    return (c_int32 * max(len(ids), 1))(*ids), len(ids)


# ----------------------------------------------------------------------------- model

class Config(object):
    """The model's hyperparameters (m2_config), read-only."""

    def __init__(self, c):
        for name, _ in _Config._fields_:
            setattr(self, name, getattr(c, name))

    def __repr__(self):
        return "Config(%s)" % ", ".join("%s=%r" % (n, getattr(self, n)) for n, _ in _Config._fields_)


class _Resource(object):
    """Frees its C object on close(), at the end of a with block, or when collected."""

    def close(self):
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Model(_Resource):
    """A model file, opened read-only (mapped where the platform can). Share it across threads."""

    def __init__(self, path=None, data=None, no_mmap=False):
        """Model(path) opens a file; Model(data=bytes) uses a model file already in memory (copied
        once into a 64-byte aligned buffer that lives as long as the model)."""
        lib = load_library()
        self._h = None
        self._buf = None
        self._sessions = weakref.WeakSet()
        handle = _P()
        err = ctypes.create_string_buffer(512)
        opts = _new(_ModelOpts)
        opts.no_mmap = 1 if no_mmap else 0
        if (path is None) == (data is None):
            raise ValueError("give a path or data, not both")
        if path is not None:
            r = lib.m2_model_open(byref(handle), os.fsencode(path), opts, err, len(err))
        else:
            data = memoryview(data).cast("B")
            self._buf = ctypes.create_string_buffer(len(data) + 64)
            off = (-ctypes.addressof(self._buf)) % 64
            ctypes.memmove(ctypes.addressof(self._buf) + off, bytes(data), len(data))
            r = lib.m2_model_open_memory(byref(handle), ctypes.addressof(self._buf) + off, len(data), opts, err,
                                         len(err))
        _check(r, _str(err.value))
        self._h = handle
        self.config = Config(lib.m2_model_config(handle).contents)
        self.has_tokenizer = bool(lib.m2_model_has_tokenizer(handle))

    @classmethod
    def from_bytes(cls, data):
        return cls(data=data)

    def _handle(self):
        if self._h is None:
            raise ValueError("the model is closed")
        return self._h

    def close(self):
        """Free the model, and first every session still open on it."""
        if self._h is not None:
            for s in list(self._sessions):
                s.close()
            _lib.m2_model_close(self._h)
            self._h = None
            self._buf = None

    def session(self, **opts):
        """A new Session on this model (keyword options as Session takes them)."""
        return Session(self, **opts)

    # ---- tokenizer
    def tokenize(self, text, special=True):
        """Token ids of text (str, or bytes taken as UTF-8). special=False treats special-token text
        such as "<|endoftext|>" as plain text. No BOS/EOS is added."""
        lib = _lib
        raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
        work = _P()
        _check(lib.m2_tokenize_work_create(byref(work), self._handle(), None))
        try:
            cap = len(raw) + 16
            while True:
                ids = (c_int32 * cap)()
                n = c_size_t()
                r = lib.m2_tokenize(self._h, work, raw, len(raw), ids, cap, byref(n), 0 if special else TOKENIZE_NO_SPECIAL)
                if r == ERR_BUFFER_TOO_SMALL and n.value > cap:
                    cap = n.value
                    continue
                _check(r)
                return list(ids[:n.value])
        finally:
            lib.m2_tokenize_work_destroy(work)

    def detokenize(self, ids):
        """The text of ids (str; bytes that are not valid UTF-8 come out as U+FFFD)."""
        arr, n = _ids_array(ids)
        need = c_size_t()
        r = _lib.m2_detokenize(self._handle(), arr, n, None, 0, byref(need))
        if r not in (OK, ERR_BUFFER_TOO_SMALL):
            _check(r)
        out = ctypes.create_string_buffer(max(need.value, 1))
        _check(_lib.m2_detokenize(self._h, arr, n, out, need.value, byref(need)))
        return out.raw[:need.value].decode("utf-8")

    def token_bytes(self, id):
        """The bytes of one token (may be part of a UTF-8 character)."""
        p, n = c_void_p(), c_size_t()
        _check(_lib.m2_token_bytes(self._handle(), id, byref(p), byref(n)))
        return ctypes.string_at(p, n.value)

    # ---- generation, as examples/example_generate.c does it
    def generate_stream(self, prompt=None, ids=None, n=256, temperature=0.8, top_k=0, top_p=0.9, min_p=0.0,
                        repeat_penalty=1.0, seed=42, threads=0, stop=(), ignore_eos=False, isa=0, on_token=None):
        """Yield the generated text piece by piece (complete UTF-8 characters only), with the options
        and defaults of example_generate: the prompt as text or as ids, n tokens at most, sampling
        (temperature 0 = greedy), seed (-1 = from the clock), stop texts (the text ends before the
        first; up to 8), ignore_eos. on_token(id) is called with every generated id."""
        if (prompt is None) == (ids is None):
            if ids is None and prompt is None:
                prompt = "Once upon a time"
            else:
                raise ValueError("give either a text prompt or ids, not both")
        if ids is None:
            ids = self.tokenize(prompt)
        if not ids:
            raise ValueError("the prompt is empty")
        stop = [s.encode("utf-8") if isinstance(s, str) else bytes(s) for s in stop]
        if len(stop) > STOP_SEQS or any(not 0 < len(s) < STOP_MAX for s in stop):
            raise ValueError("at most %d stop texts of 1..%d bytes" % (STOP_SEQS, STOP_MAX - 1))
        stopper = _new(_Stop)
        stop_arr = (c_char_p * max(len(stop), 1))(*stop)
        _check(_lib.m2_stop_init(byref(stopper), stop_arr, len(stop)))
        if seed == -1:
            smp_seed = (int(time.time()) ^ (int(time.perf_counter() * 1e9) << 32)) & (2 ** 64 - 1)
        else:
            smp_seed = (seed + 1) & (2 ** 64 - 1)  # +1: 0 means "default" to the library
        sampler = Sampler(temperature=temperature, top_k=top_k, top_p=top_p, min_p=min_p,
                          repeat_penalty=repeat_penalty, seed=smp_seed)
        eos = self.config.eos_id
        dec = Decoder(self)
        shown = ctypes.create_string_buffer(1024 + STOP_MAX)
        n_shown = c_size_t()
        with Session(self, n_threads=threads, isa=isa) as s:
            s.prefill(ids)
            for _ in range(n):
                tok = s.sample(sampler)
                if tok == eos and not ignore_eos:
                    break
                if on_token:
                    on_token(tok)
                if self.has_tokenizer:
                    piece = dec.feed_bytes(tok)
                    hit = _lib.m2_stop_feed(byref(stopper), piece, len(piece), shown, byref(n_shown))
                    if n_shown.value:
                        yield shown.raw[:n_shown.value].decode("utf-8", "replace")
                    if hit:
                        break
                s.step(tok)
        if self.has_tokenizer:  # the end, as example_generate does it (also after a stop)
            tail = dec.flush_bytes()
            if not _lib.m2_stop_feed(byref(stopper), tail, len(tail), shown, byref(n_shown)):
                n_shown.value += _lib.m2_stop_flush(byref(stopper), ctypes.addressof(shown) + n_shown.value)
            if n_shown.value:
                yield shown.raw[:n_shown.value].decode("utf-8", "replace")

    def generate(self, prompt=None, **opts):
        """Generate as example_generate does (options as generate_stream). Returns a Generation:
        .text, .ids (the generated ids, as --print-ids prints them), .tokens_per_s."""
        got = []
        t0 = time.perf_counter()
        text = "".join(self.generate_stream(prompt, on_token=got.append, **opts))
        dt = time.perf_counter() - t0
        return Generation(text, got, len(got) / dt if dt > 0 else 0.0)


class Generation(object):
    def __init__(self, text, ids, tokens_per_s):
        self.text, self.ids, self.tokens_per_s = text, ids, tokens_per_s

    def __repr__(self):
        return "Generation(text=%r, ids=%r)" % (self.text, self.ids)


# ----------------------------------------------------------------------------- sampling and decoding

class Sampler(object):
    """Sampling options (m2_sampler_opts) and the sampler's random state. Defaults: greedy."""

    def __init__(self, temperature=0.0, top_k=0, top_p=0.0, min_p=0.0, repeat_penalty=0.0, repeat_last_n=0, seed=0,
                 logit_bias=None, banned=None):
        """logit_bias: {id: bias} (-inf bans); banned: ids never chosen."""
        load_library()
        o = _new(_SamplerOpts)
        o.temperature, o.top_k, o.top_p, o.min_p = temperature, top_k, top_p, min_p
        o.repeat_penalty, o.repeat_last_n, o.seed = repeat_penalty, repeat_last_n, seed
        # the arrays must outlive the sampler: kept on it
        self._bias = (_LogitBias * max(len(logit_bias or {}), 1))(*[(int(k), float(v)) for k, v in (logit_bias or {}).items()])
        self._banned = (c_int32 * max(len(banned or ()), 1))(*(banned or ()))
        if logit_bias:
            o.logit_bias, o.n_logit_bias = ctypes.cast(self._bias, POINTER(_LogitBias)), len(logit_bias)
        if banned:
            o.banned, o.n_banned = ctypes.cast(self._banned, POINTER(c_int32)), len(banned)
        self._smp = _new(_Sampler)
        _lib.m2_sampler_init(ctypes.addressof(self._smp), ctypes.addressof(o))


class Decoder(object):
    """Streaming detokenizer: feed ids one by one, get complete UTF-8 text."""

    def __init__(self, model):
        self._model = model
        self._dec = _new(_Decoder)
        _lib.m2_decoder_init(ctypes.addressof(self._dec))
        self._out = ctypes.create_string_buffer(256)

    def feed_bytes(self, id):
        n = c_size_t()
        while True:
            r = _lib.m2_decode_stream(self._model._handle(), ctypes.addressof(self._dec), id, self._out, len(self._out), byref(n))
            if r == ERR_BUFFER_TOO_SMALL:
                self._out = ctypes.create_string_buffer(n.value)
                continue
            _check(r)
            return self._out.raw[:n.value]

    def feed(self, id):
        return self.feed_bytes(id).decode("utf-8")

    def flush_bytes(self):
        n = c_size_t()
        _check(_lib.m2_decoder_flush(ctypes.addressof(self._dec), self._out, len(self._out), byref(n)))
        return self._out.raw[:n.value]

    def flush(self):
        return self.flush_bytes().decode("utf-8")


# ----------------------------------------------------------------------------- sessions

class Session(_Resource):
    """One sequence's state on a model. Use it from one thread at a time; different sessions run in
    parallel on different threads (the GIL is released during compute)."""

    def __init__(self, model, n_threads=0, chunk_size=0, history=0, cancellable_steps=False, f32_activations=False,
                 isa=0, n_ctx=0, _handle=None):
        """Options as m2_session_opts (0 = the library's default); isa a number or a name of ISA."""
        self._h = None
        self.model = model
        if _handle is None:
            o = _new(_SessionOpts)
            o.n_threads, o.chunk_size, o.history = n_threads, chunk_size, history
            o.cancellable_steps, o.f32_activations, o.isa = int(bool(cancellable_steps)), int(bool(f32_activations)), _isa(isa)
            o.n_ctx = n_ctx
            _handle = _P()
            _check(_lib.m2_session_create(byref(_handle), model._handle(), o))
        self._h = _handle
        self._vocab_rows = model.config.vocab_rows
        model._sessions.add(self)

    def _handle(self):
        if self._h is None:
            raise ValueError("the session is closed")
        return self._h

    def _check(self, r):
        if r != OK:
            raise Mamba2Error(r, _str(_lib.m2_session_error(self._h)))

    def close(self):
        if self._h is not None:
            _lib.m2_session_destroy(self._h)
            self._h = None

    @property
    def error(self):
        """The message of the last failed call ("" if none)."""
        return _str(_lib.m2_session_error(self._handle()))

    @property
    def options(self):
        """The resolved options: a dict."""
        o = _lib.m2_session_options(self._handle()).contents
        return {n: getattr(o, n) for n in ("n_threads", "chunk_size", "history", "cancellable_steps", "f32_activations", "isa", "n_ctx")}

    @property
    def isa(self):
        return isa_name(self.options["isa"])

    @property
    def position(self):
        return _lib.m2_session_position(self._handle())

    def reset(self):
        _lib.m2_session_reset(self._handle())

    def prefill(self, ids, all_logits=False):
        """Feed the ids by the chunked scan. Returns the logits after the last token (vocab_rows
        floats), or with all_logits=True every position's: a (n, vocab_rows) numpy array, or without
        numpy an array.array of n * vocab_rows floats."""
        arr, n = _ids_array(ids)
        if all_logits:
            out = (c_float * (n * self._vocab_rows))()
            self._check(_lib.m2_prefill(self._handle(), arr, n, out))
            if _np is not None:
                return _np.ctypeslib.as_array(out).reshape(n, self._vocab_rows)
            return array.array("f", bytes(out))
        self._check(_lib.m2_prefill(self._handle(), arr, n, None))
        return self.logits if n else None

    def step(self, id):
        """Feed one token by the recurrent step; returns the new logits."""
        self._check(_lib.m2_step(self._handle(), id))
        return self.logits

    @property
    def logits(self):
        """The logits after the last token fed (a copy), None before any token."""
        p = _lib.m2_session_logits(self._handle())
        return _floats(p, self._vocab_rows) if p else None

    def sample(self, sampler=None):
        """The next token id from the last logits (sampler: a Sampler; None = greedy)."""
        if sampler is None:
            sampler = Sampler()
        out = c_int32()
        self._check(_lib.m2_sample(self._handle(), ctypes.addressof(sampler._smp), byref(out)))
        return out.value

    # budgeted stepping
    def step_begin(self, id):
        self._check(_lib.m2_step_begin(self._handle(), id))

    def step_run(self, max_units):
        """Run up to max_units units of the step begun; True when it is done."""
        done = c_int()
        self._check(_lib.m2_step_run(self._handle(), max_units, byref(done)))
        return bool(done.value)

    def step_cancel(self):
        self._check(_lib.m2_step_cancel(self._handle()))

    # copies and snapshots
    def fork(self):
        """A new session with this one's options and its whole sequence."""
        h = _P()
        self._check(_lib.m2_session_fork(byref(h), self._handle()))
        return Session(self.model, _handle=h)

    def copy_from(self, other):
        """Make this session's sequence a copy of other's (same model and history length)."""
        self._check(_lib.m2_session_copy(self._handle(), other._handle()))

    def state_size(self, f16=False):
        return _lib.m2_session_state_size_ex(self._handle(), SNAPSHOT_F16 if f16 else 0)

    def save(self, f16=False):
        """The whole sequence as bytes (f16=True: states stored as f16, half the size)."""
        flags = SNAPSHOT_F16 if f16 else 0
        n = _lib.m2_session_state_size_ex(self._handle(), flags)
        buf = ctypes.create_string_buffer(n)
        self._check(_lib.m2_session_save_ex(self._h, buf, n, flags))
        return buf.raw

    def load(self, snapshot):
        """Restore a snapshot made by save() on a session of the same model."""
        data = bytes(snapshot)
        self._check(_lib.m2_session_load(self._handle(), data, len(data)))


def step_batch(sessions, ids):
    """One token for each session (same model) in one pass over the weights; errors are reported
    with the first session's message. Returns nothing: read each session's .logits."""
    sessions = list(sessions)
    ids = list(ids)
    if len(sessions) != len(ids):
        raise ValueError("one id per session")
    if not sessions:
        return
    hs = (_P * len(sessions))(*[s._handle() for s in sessions])
    arr, n = _ids_array(ids)
    sessions[0]._check(_lib.m2_step_batch(hs, arr, n))
