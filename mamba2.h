/* mamba2.h - v0.1.0 - Mamba-2 (SSD) language models on a CPU, in one C header.
                       No dependencies beyond libc and libm; OpenMP optional.

   Do this:
       #define MAMBA2_IMPLEMENTATION
   before you include this file in *one* C or C++ file to create the implementation.

QUICK START

       #define MAMBA2_IMPLEMENTATION
       #include "mamba2.h"

       m2_model *model; m2_session *s; char err[256]; int32_t id;
       if (m2_model_open(&model, "model.bin", NULL, err, sizeof err) != M2_OK) { puts(err); return 1; }
       m2_session_create(&s, model, NULL);             // NULL options = defaults
       int32_t prompt[] = {510, 3158, 8516};
       m2_prefill(s, prompt, 3, NULL);                 // NULL = keep only the last logits
       m2_sampler smp; m2_sampler_init(&smp, NULL);    // NULL = greedy
       for (int i = 0; i < 16; i++) { m2_sample(s, &smp, &id); m2_step(s, id); }
       m2_session_destroy(s); m2_model_close(model);

   Model files are made from HuggingFace / mamba_ssm checkpoints by tools/convert.py. The file format
   is documented in README.md ("File format") so that other tools can write it.

CONFIGURATION MACROS (define before including; "impl" = only where MAMBA2_IMPLEMENTATION is defined)

   MAMBA2_IMPLEMENTATION  impl      expand the implementation in this translation unit
   MAMBA2_STATIC          all       make every public function static (private copy per unit)
   M2_MALLOC(sz, ctx)     impl      compile-time allocator; define together with M2_FREE(p, ctx)
   M2_FREE(p, ctx)        impl      (ctx is the run-time allocator's user pointer, or NULL)
   M2_ASSERT(x)           impl      internal invariants only (never input checks); default assert()
   MAMBA2_NO_STDIO        impl      no file I/O: load models from memory only (m2_model_open absent)
   MAMBA2_NO_MMAP         impl      m2_model_open reads the file into memory instead of mapping it
   MAMBA2_NO_SIMD         impl      plain scalar kernels only
   MAMBA2_NO_OPENMP       impl      ignore OpenMP even when compiling with -fopenmp

THREAD SAFETY
   An m2_model is immutable once opened: any number of sessions on any number of threads may share
   it. An m2_session must be used by one thread at a time. The library keeps no global mutable state
   and never prints. With OpenMP it runs its loops in OpenMP parallel regions sized by
   m2_session_opts.n_threads; a caller-provided parallel-for hook replaces OpenMP entirely.

LIMITS
   Dimensions read from a file are bounded (see m2__validate_config); sizes are overflow-checked.
   Session memory is fixed at creation; prompts of any length run in that memory.
*/
#ifndef MAMBA2_H
#define MAMBA2_H

#include <stddef.h>
#include <stdint.h>

#define MAMBA2_VERSION_MAJOR 0
#define MAMBA2_VERSION_MINOR 1
#define MAMBA2_VERSION_PATCH 0

#ifdef MAMBA2_STATIC
#if defined(__GNUC__) || defined(__clang__)
#define MAMBA2_API static __attribute__((unused)) /* a unit need not use every function */
#else
#define MAMBA2_API static
#endif
#else
#define MAMBA2_API extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns one of these; outputs are left untouched on failure. */
typedef enum m2_result {
    M2_OK = 0,
    M2_ERR_INVALID_ARGUMENT = -1, /* NULL where an object is needed, negative count, bad option    */
    M2_ERR_IO = -2,               /* the file could not be opened, read or mapped                 */
    M2_ERR_FORMAT = -3,           /* not a model file, or a corrupt / truncated / inconsistent one */
    M2_ERR_VERSION = -4,          /* a model file or snapshot of a version this build cannot read */
    M2_ERR_UNSUPPORTED = -5,      /* valid, but uses a feature this build does not implement      */
    M2_ERR_OUT_OF_MEMORY = -6,
    M2_ERR_TOKEN_RANGE = -7,      /* a token id outside [0, vocab rows)                            */
    M2_ERR_BUFFER_TOO_SMALL = -8, /* the caller's buffer cannot hold the result                     */
    M2_ERR_NO_TOKENIZER = -9,     /* the model file carries no tokenizer                            */
    M2_ERR_NUMERIC = -10,         /* NaN or Inf appeared in activations or logits                   */
    M2_ERR_STATE_MISMATCH = -11,  /* a snapshot from another model, or a damaged snapshot          */
    M2_ERR_CANCELLED = -12        /* a callback asked to stop                                       */
} m2_result;

MAMBA2_API const char *m2_result_str(m2_result r);

/* Run-time allocator. A zeroed struct means M2_MALLOC / M2_FREE (malloc / free by default). */
typedef struct m2_allocator {
    void *(*alloc)(size_t size, void *user); /* must return memory aligned for any type (>= 16 bytes) */
    void (*free)(void *ptr, void *user);
    void *user;
} m2_allocator;

/* Caller-provided parallel-for: run task(task_ctx, i) for every i in [0, n_tasks) and return when all
   are done, in any order, on any threads. Tasks write disjoint memory. */
typedef void (*m2_parallel_for_fn)(void *pool_ctx, void (*task)(void *task_ctx, int index),
                                    void *task_ctx, int n_tasks);

/* Weight storage types of the model file. */
typedef enum m2_dtype { M2_F32 = 0, M2_F16 = 1, M2_BF16 = 2, M2_Q8_0 = 3 } m2_dtype;

/* Hyperparameters, exactly as stored in the model file (read-only). */
typedef struct m2_config {
    int vocab_rows;       /* V: rows of embedding / lm_head (padded)                  */
    int vocab_size;       /* real vocabulary; sampling never returns an id >= this     */
    int d_model;          /* D */
    int n_layer;          /* L */
    int d_state;          /* N */
    int d_conv;           /* K */
    int d_inner;          /* expand * D */
    int headdim;          /* P */
    int nheads;           /* H = d_inner / P */
    int ngroups;          /* G */
    int chunk_size;       /* the checkpoint's chunk size (informational) */
    int conv_dim;         /* d_inner + 2*G*N (derived) */
    int d_in_proj;        /* 2*d_inner + 2*G*N + H (derived) */
    int tied_embeddings;  /* lm_head is the embedding */
    int norm_before_gate; /* gated RMSNorm order */
    int has_proj_bias;    /* in_proj / out_proj carry biases */
    int has_conv_bias;
    float norm_eps;       /* block norms and norm_f */
    float gated_norm_eps; /* the mixer's gated norm */
    float dt_min, dt_max; /* clamp of dt after softplus; dt_max may be +inf */
    int eos_id;           /* -1 if none */
    int bos_id;           /* -1 if none */
    m2_dtype weight_dtype;/* dtype of in_proj of layer 0 (the matrices' usual dtype) */
} m2_config;

typedef struct m2_model m2_model;
typedef struct m2_session m2_session;

typedef struct m2_model_opts {
    m2_allocator alloc; /* zeroed = M2_MALLOC / M2_FREE */
    int no_mmap;        /* 0 = map the file when the platform can; 1 = read it into memory */
} m2_model_opts;

#ifndef MAMBA2_NO_STDIO
/* Open a model file. On failure *out is untouched and err (if not NULL) holds a message. */
MAMBA2_API m2_result m2_model_open(m2_model **out, const char *path, const m2_model_opts *opts,
                                   char *err, size_t err_size);
#endif
/* Use a model file that is already in memory. The buffer must stay valid and unchanged until
   m2_model_close, and must be 64-byte aligned (M2_ERR_INVALID_ARGUMENT otherwise): tensors sit at
   64-byte aligned file offsets and are used in place. Nothing is copied. */
MAMBA2_API m2_result m2_model_open_memory(m2_model **out, const void *data, size_t size,
                                          const m2_model_opts *opts, char *err, size_t err_size);
MAMBA2_API void m2_model_close(m2_model *model);
MAMBA2_API const m2_config *m2_model_config(const m2_model *model);

/* ---- sessions: one per sequence ---- */
typedef struct m2_session_opts {
    int n_threads;                  /* 0 = all OpenMP threads (1 without OpenMP), 1 = serial       */
    int chunk_size;                 /* 0 = library's tuned default; prefill chunk length            */
    m2_allocator alloc;             /* zeroed = the model's allocator                                */
    m2_parallel_for_fn parallel_for;/* NULL = OpenMP (or serial); else every parallel loop uses it  */
    void *parallel_ctx;             /* passed to parallel_for                                        */
    int history;                    /* 0 = 256: recent tokens kept for the repetition penalty       */
} m2_session_opts;

MAMBA2_API m2_result m2_session_create(m2_session **out, const m2_model *model, const m2_session_opts *opts);
MAMBA2_API void m2_session_destroy(m2_session *s);
/* The resolved options (defaults filled in). */
MAMBA2_API const m2_session_opts *m2_session_options(const m2_session *s);
/* Message of the last failed call on this session ("" if none). */
MAMBA2_API const char *m2_session_error(const m2_session *s);
/* Back to the empty sequence (zero state). */
MAMBA2_API void m2_session_reset(m2_session *s);
/* Tokens consumed since the last reset. */
MAMBA2_API uint64_t m2_session_position(const m2_session *s);

/* Feed n tokens by the chunked SSD scan. If logits is not NULL it receives [n, vocab_rows] floats,
   row t = logits after token t. Either way the last row is kept (m2_session_logits). Resumable:
   prefill(a); prefill(b) == prefill(a ++ b). n == 0 is a no-op. */
MAMBA2_API m2_result m2_prefill(m2_session *s, const int32_t *ids, size_t n, float *logits);
/* As m2_prefill, calling fn(user, position, logits_row) for every token; a nonzero return stops
   the prefill with M2_ERR_CANCELLED (the tokens before it remain consumed). */
typedef int (*m2_logits_fn)(void *user, uint64_t position, const float *logits, int vocab_rows);
MAMBA2_API m2_result m2_prefill_each(m2_session *s, const int32_t *ids, size_t n, m2_logits_fn fn, void *user);
/* Feed one token by the recurrent step. */
MAMBA2_API m2_result m2_step(m2_session *s, int32_t id);
/* Logits after the last token fed: vocab_rows floats, NULL before any token. */
MAMBA2_API const float *m2_session_logits(const m2_session *s);

/* Snapshots: the whole sequence state (SSM, conv, position, recent tokens, last logits) as bytes. */
MAMBA2_API size_t m2_session_state_size(const m2_session *s);
MAMBA2_API m2_result m2_session_save(m2_session *s, void *buf, size_t size);
MAMBA2_API m2_result m2_session_load(m2_session *s, const void *buf, size_t size);

/* ---- sampling ---- */
typedef struct m2_sampler_opts {
    float temperature;    /* 0 = greedy (argmax of the raw logits over the real vocabulary) */
    int top_k;            /* 0 = off */
    float top_p;          /* 0 = off (same as 1) */
    float min_p;          /* 0 = off */
    float repeat_penalty; /* 0 = off (same as 1): divide positive / multiply negative logits of recent tokens */
    int repeat_last_n;    /* 0 = 64 (capped by the session's history) */
    uint64_t seed;        /* 0 = a fixed default seed; same seed, same choices */
} m2_sampler_opts;

typedef struct m2_sampler {
    m2_sampler_opts opts; /* resolved */
    uint64_t rng[2];
} m2_sampler;

MAMBA2_API void m2_sampler_init(m2_sampler *smp, const m2_sampler_opts *opts);
/* Choose the next token from the session's last logits. */
MAMBA2_API m2_result m2_sample(m2_session *s, m2_sampler *smp, int32_t *id);


/* ---- tokenizer (when the model file carries one; otherwise these return M2_ERR_NO_TOKENIZER) ---- */
MAMBA2_API int m2_model_has_tokenizer(const m2_model *model);

/* Caller-owned scratch for m2_tokenize, so that the model stays immutable and shareable.
   One per thread. It grows (through its allocator) only when a text longer than any before arrives. */
typedef struct m2_tokenize_work m2_tokenize_work;
MAMBA2_API m2_result m2_tokenize_work_create(m2_tokenize_work **out, const m2_model *model,
                                             const m2_allocator *alloc /* NULL = model's */);
MAMBA2_API void m2_tokenize_work_destroy(m2_tokenize_work *work);

#define M2_TOKENIZE_NO_SPECIAL 1u /* treat special-token text such as "<|endoftext|>" as plain text */
/* Encode len bytes of text (len < 0: NUL-terminated). Invalid UTF-8 becomes U+FFFD first.
   Writes up to cap ids; *n_ids is the full count. If cap is too small: M2_ERR_BUFFER_TOO_SMALL,
   with *n_ids the count needed. */
MAMBA2_API m2_result m2_tokenize(const m2_model *model, m2_tokenize_work *work, const char *text,
                                 ptrdiff_t len, int32_t *ids, size_t cap, size_t *n_ids, unsigned flags);
/* The raw bytes of one token (not NUL-terminated; may be part of a UTF-8 character). */
MAMBA2_API m2_result m2_token_bytes(const m2_model *model, int32_t id, const char **bytes, size_t *len);
/* Decode ids to UTF-8 text; byte sequences that are not valid UTF-8 become U+FFFD. Writes at most
   cap bytes (no terminator); *out_len is the full length (M2_ERR_BUFFER_TOO_SMALL if > cap). */
MAMBA2_API m2_result m2_detokenize(const m2_model *model, const int32_t *ids, size_t n, char *out,
                                   size_t cap, size_t *out_len);

/* Streaming decoder: emits only complete UTF-8 characters, holding back a split one. */
typedef struct m2_decoder {
    unsigned char pending[8];
    int n_pending;
} m2_decoder;
MAMBA2_API void m2_decoder_init(m2_decoder *dec);
/* Decode one id, appending at most cap bytes to out (cap >= M2_DECODE_MAX(token length) is always
   enough: token length + 8 bytes, with every byte possibly becoming a 3-byte U+FFFD). */
MAMBA2_API m2_result m2_decode_stream(const m2_model *model, m2_decoder *dec, int32_t id, char *out,
                                      size_t cap, size_t *out_len);
/* At the end of the text: what is still held back, as U+FFFD where it is not valid UTF-8. */
MAMBA2_API m2_result m2_decoder_flush(m2_decoder *dec, char *out, size_t cap, size_t *out_len);

#ifdef __cplusplus
}
#endif
#endif /* MAMBA2_H */

/* ======================================================================================= */
/*                                   IMPLEMENTATION                                        */
/* ======================================================================================= */
#ifdef MAMBA2_IMPLEMENTATION
#ifndef MAMBA2_IMPLEMENTATION_DONE
#define MAMBA2_IMPLEMENTATION_DONE

#include <math.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h> /* vsnprintf only; the library never prints */
#include <float.h>

// >>config
#if defined(M2_MALLOC) && defined(M2_FREE)
#elif !defined(M2_MALLOC) && !defined(M2_FREE)
#include <stdlib.h>
#define M2_MALLOC(sz, ctx) ((void)(ctx), malloc(sz))
#define M2_FREE(p, ctx) ((void)(ctx), free(p))
#else
#error "mamba2.h: define both M2_MALLOC and M2_FREE, or neither"
#endif

#ifndef M2_ASSERT
#include <assert.h>
#define M2_ASSERT(x) assert(x)
#endif

#if defined(_OPENMP) && !defined(MAMBA2_NO_OPENMP)
#include <omp.h>
#define M2__OPENMP 1
#endif

#if !defined(MAMBA2_NO_STDIO) && !defined(MAMBA2_NO_MMAP) && (defined(__unix__) || defined(__APPLE__))
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>
#define M2__MMAP 1
#endif

/* The SIMD vocabulary: kernels are written once against these names (STYLE.md §7).
   M2_VF is a vector of M2_VW floats; the scalar tail loop of each kernel is the whole kernel
   when no vector unit is known or MAMBA2_NO_SIMD is set. */
#if !defined(MAMBA2_NO_SIMD) && defined(__AVX512F__)
#include <immintrin.h>
/* The masked (maskz_) forms below are deliberate: the unmasked AVX-512 intrinsics of g++ 12 raise
   -Wmaybe-uninitialized from inside the compiler's own header. */
#define M2__SIMD 1
#define M2__SIMD_NAME "avx512"
typedef __m512 M2_VF;
#define M2_VW 16
#define M2_VZERO _mm512_setzero_ps()
#define M2_VLOAD(p) _mm512_loadu_ps(p)
#define M2_VSTORE(p, v) _mm512_storeu_ps((p), (v))
#define M2_VSET1(x) _mm512_set1_ps(x)
#define M2_VADD(a, b) _mm512_add_ps((a), (b))
#define M2_VMUL(a, b) _mm512_mul_ps((a), (b))
#define M2_VFMA(acc, a, b) _mm512_fmadd_ps((a), (b), (acc))
/* through memory: g++ 12 warns (-Wuninitialized) inside its own AVX-512 reduction intrinsics */
static float m2__vsum512(__m512 v) {
    float t[16];
    int i;
    _mm512_storeu_ps(t, v);
    for (i = 0; i < 8; i++) t[i] += t[i + 8];
    for (i = 0; i < 4; i++) t[i] += t[i + 4];
    return (t[0] + t[2]) + (t[1] + t[3]);
}
#define M2_VSUM(v) m2__vsum512(v)
#define M2_VLOAD_BF16(p) _mm512_castsi512_ps(_mm512_maskz_slli_epi32(0xFFFF, _mm512_maskz_cvtepu16_epi32(0xFFFF, _mm256_loadu_si256((const __m256i *)(const void *)(p))), 16))
#define M2_VLOAD_F16(p) _mm512_mask_cvtph_ps(_mm512_setzero_ps(), 0xFFFF, _mm256_loadu_si256((const __m256i *)(const void *)(p)))
#define M2_VLOAD_I8(p) _mm512_cvtepi32_ps(_mm512_maskz_cvtepi8_epi32(0xFFFF, _mm_loadu_si128((const __m128i *)(const void *)(p))))
#elif !defined(MAMBA2_NO_SIMD) && defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#define M2__SIMD 1
#define M2__SIMD_NAME "avx2"
typedef __m256 M2_VF;
#define M2_VW 8
#define M2_VZERO _mm256_setzero_ps()
#define M2_VLOAD(p) _mm256_loadu_ps(p)
#define M2_VSTORE(p, v) _mm256_storeu_ps((p), (v))
#define M2_VSET1(x) _mm256_set1_ps(x)
#define M2_VADD(a, b) _mm256_add_ps((a), (b))
#define M2_VMUL(a, b) _mm256_mul_ps((a), (b))
#define M2_VFMA(acc, a, b) _mm256_fmadd_ps((a), (b), (acc))
static float m2__vsum256(__m256 v) {
    __m128 lo = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
    return _mm_cvtss_f32(lo);
}
#define M2_VSUM(v) m2__vsum256(v)
#define M2_VLOAD_BF16(p) _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(p))), 16))
#define M2_VLOAD_I8(p) _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(p))))
#ifdef __F16C__
#define M2_VLOAD_F16(p) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#endif
#elif !defined(MAMBA2_NO_SIMD) && defined(__ARM_NEON) && defined(__aarch64__)
#include <arm_neon.h>
#define M2__SIMD 1
#define M2__SIMD_NAME "neon"
typedef float32x4_t M2_VF;
#define M2_VW 4
#define M2_VZERO vdupq_n_f32(0.0f)
#define M2_VLOAD(p) vld1q_f32(p)
#define M2_VSTORE(p, v) vst1q_f32((p), (v))
#define M2_VSET1(x) vdupq_n_f32(x)
#define M2_VADD(a, b) vaddq_f32((a), (b))
#define M2_VMUL(a, b) vmulq_f32((a), (b))
#define M2_VFMA(acc, a, b) vfmaq_f32((acc), (a), (b))
#define M2_VSUM(v) vaddvq_f32(v)
#define M2_VLOAD_BF16(p) vreinterpretq_f32_u32(vshll_n_u16(vld1_u16((const uint16_t *)(p)), 16))
#define M2_VLOAD_F16(p) vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16((const uint16_t *)(p))))
#else
#define M2__SIMD_NAME "scalar"
#endif

/* Bounds on what a model file may declare. They are far above any released Mamba-2 (2.7b has
   D=2560, L=64, V=50288, N=128) and exist so that every size computed from them fits 64 bits and
   the session's scratch stays sane. */
#define M2__MAX_DIM (1 << 16)
#define M2__MAX_LAYERS 4096
#define M2__MAX_VOCAB (1 << 24)
#define M2__MAX_STATE 4096
#define M2__MAX_CONV 64
#define M2__MAX_INNER (1 << 18)
#define M2__DEFAULT_CHUNK 64
#define M2__MAX_CHUNK 4096

// >>alloc
static void *m2__alloc(const m2_allocator *a, size_t size) {
    if (size == 0) size = 1;
    if (a && a->alloc) return a->alloc(size, a->user);
    return M2_MALLOC(size, a ? a->user : NULL);
}
static void m2__free(const m2_allocator *a, void *p) {
    if (!p) return;
    if (a && a->free) a->free(p, a->user);
    else M2_FREE(p, a ? a->user : NULL);
}
static void *m2__calloc(const m2_allocator *a, size_t n, size_t elem) {
    void *p;
    if (elem && n > (size_t)-1 / elem) return NULL;
    p = m2__alloc(a, n * elem);
    if (p) memset(p, 0, n * elem);
    return p;
}

static void m2__set_err(char *err, size_t err_size, const char *fmt, ...) {
    va_list ap;
    if (!err || err_size == 0) return;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
}

/* size arithmetic that refuses to wrap: every size from a file goes through these */
static int m2__mul_ok(uint64_t a, uint64_t b, uint64_t *out) {
    if (a != 0 && b > UINT64_MAX / a) return 0;
    *out = a * b;
    return 1;
}
static int m2__add_ok(uint64_t a, uint64_t b, uint64_t *out) {
    if (b > UINT64_MAX - a) return 0;
    *out = a + b;
    return 1;
}

static uint32_t m2__rd32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint64_t m2__rd64(const unsigned char *p) { return (uint64_t)m2__rd32(p) | ((uint64_t)m2__rd32(p + 4) << 32); }
static float m2__rdf32(const unsigned char *p) {
    uint32_t u = m2__rd32(p);
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static void m2__wr32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); p[2] = (unsigned char)(v >> 16); p[3] = (unsigned char)(v >> 24);
}
static void m2__wr64(unsigned char *p, uint64_t v) { m2__wr32(p, (uint32_t)v); m2__wr32(p + 4, (uint32_t)(v >> 32)); }

/* CRC-32 (zlib polynomial). The table is rebuilt per call, on the stack: 2 KB of work, which is
   nothing beside the megabytes it checks, and it keeps the library free of global state. */
static uint32_t m2__crc32(uint32_t crc, const void *data, size_t n) {
    uint32_t table[256];
    const unsigned char *p = (const unsigned char *)data;
    uint32_t i, k;
    for (i = 0; i < 256; i++) {
        uint32_t c = i;
        for (k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    crc = ~crc;
    while (n--) crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static float m2__bf16_to_f32(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}
static float m2__f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu, u;
    float f;
    if (exp == 0x1F) u = sign | 0x7F800000u | (man << 13);              /* Inf / NaN */
    else if (exp != 0) u = sign | ((exp + 112u) << 23) | (man << 13);  /* normal    */
    else if (man == 0) u = sign;                                        /* zero      */
    else {                                                              /* subnormal */
        float v = (float)man * (1.0f / 16777216.0f);                    /* man * 2^-24 */
        memcpy(&u, &v, 4);
        u |= sign;
    }
    memcpy(&f, &u, 4);
    return f;
}

// >>load
/* A weight matrix as it sits in the file: rows x cols of `dtype`, row-major. */
typedef struct m2__mat {
    const void *data;
    m2_dtype dtype;
    int rows, cols;
    size_t row_bytes;
} m2__mat;

typedef struct m2__layer {
    const float *norm;          /* (D)                      */
    m2__mat in_proj;            /* (d_in_proj, D)           */
    const float *in_proj_bias;  /* (d_in_proj) or NULL      */
    const float *conv_w;        /* (conv_dim, K) as in the file */
    float *conv_wT;             /* (K, conv_dim) the same, transposed at load for the conv kernel */
    const float *conv_b;        /* (conv_dim) or NULL       */
    const float *dt_bias;       /* (H)                      */
    const float *D;             /* (H)                      */
    const float *norm_gated;    /* (d_inner)                */
    m2__mat out_proj;           /* (D, d_inner)             */
    const float *out_proj_bias; /* (D) or NULL              */
    float *A;                   /* (H) = -exp(A_log), computed in f32 at load as mamba_ssm does */
} m2__layer;

struct m2__tokenizer;

struct m2_model {
    m2_config cfg;
    m2_allocator alloc;
    const unsigned char *base; /* the whole file */
    size_t size;
    void *owned;               /* read-into-memory copy (freed on close), or NULL */
    size_t mapped;             /* bytes mapped with mmap, or 0 */
    uint32_t meta_crc;         /* identifies the file: snapshots carry it */
    m2__mat embedding;         /* (V, D) */
    m2__mat lm_head;           /* (V, D); the embedding when tied */
    const float *norm_f;       /* (D) */
    m2__layer *layers;         /* (L) */
    float *A_all;              /* (L, H) storage behind layers[i].A */
    float *conv_all;           /* (L, K, conv_dim) storage behind layers[i].conv_wT */
    struct m2__tokenizer *tok; /* NULL when the file has none */
};

static size_t m2__dtype_row_bytes(m2_dtype t, uint64_t cols, int *ok) {
    *ok = 1;
    switch (t) {
    case M2_F32: return (size_t)(cols * 4);
    case M2_F16: case M2_BF16: return (size_t)(cols * 2);
    case M2_Q8_0:
        if (cols % 32) { *ok = 0; return 0; }
        return (size_t)(cols / 32 * 34);
    }
    *ok = 0;
    return 0;
}

static const char *m2__dtype_name(uint32_t t) {
    static const char *names[] = {"F32", "F16", "BF16", "Q8_0"};
    return t < 4 ? names[t] : "unknown";
}

#define M2__HEADER_SIZE 160u

static m2_result m2__validate_config(const m2_config *c, char *err, size_t es) {
#define M2__BOUND(field, lo, hi) \
    if (c->field < (lo) || c->field > (hi)) { \
        m2__set_err(err, es, "model file: " #field " = %d is outside [%d, %d]", c->field, (int)(lo), (int)(hi)); \
        return M2_ERR_FORMAT; }
    M2__BOUND(d_model, 1, M2__MAX_DIM)
    M2__BOUND(n_layer, 1, M2__MAX_LAYERS)
    M2__BOUND(vocab_rows, 1, M2__MAX_VOCAB)
    M2__BOUND(vocab_size, 1, c->vocab_rows)
    M2__BOUND(d_state, 1, M2__MAX_STATE)
    M2__BOUND(d_conv, 1, M2__MAX_CONV)
    M2__BOUND(d_inner, 1, M2__MAX_INNER)
    M2__BOUND(headdim, 1, c->d_inner)
    M2__BOUND(nheads, 1, c->d_inner)
    M2__BOUND(ngroups, 1, c->nheads)
    M2__BOUND(chunk_size, 1, 1 << 20)
    M2__BOUND(eos_id, -1, c->vocab_rows - 1)
    M2__BOUND(bos_id, -1, c->vocab_rows - 1)
#undef M2__BOUND
    if ((int64_t)c->nheads * c->headdim != c->d_inner) {
        m2__set_err(err, es, "model file: nheads (%d) x headdim (%d) != d_inner (%d)", c->nheads, c->headdim, c->d_inner);
        return M2_ERR_FORMAT;
    }
    if (c->nheads % c->ngroups || c->d_inner % c->ngroups) {
        m2__set_err(err, es, "model file: ngroups (%d) does not divide nheads (%d)", c->ngroups, c->nheads);
        return M2_ERR_FORMAT;
    }
    if ((int64_t)c->ngroups * c->d_state > M2__MAX_INNER) {
        m2__set_err(err, es, "model file: ngroups x d_state = %lld is too large", (long long)c->ngroups * c->d_state);
        return M2_ERR_FORMAT;
    }
    if (!(c->norm_eps > 0.0f && c->norm_eps < 1.0f) || !(c->gated_norm_eps > 0.0f && c->gated_norm_eps < 1.0f)) {
        m2__set_err(err, es, "model file: norm eps must be finite and in (0, 1)");
        return M2_ERR_FORMAT;
    }
    if (!(c->dt_min >= 0.0f) || !(c->dt_max >= c->dt_min) || c->dt_min > 1e30f) {
        m2__set_err(err, es, "model file: dt limits [%g, %g] are not a valid range", (double)c->dt_min, (double)c->dt_max);
        return M2_ERR_FORMAT;
    }
    return M2_OK;
}

/* Looks up one tensor of the directory by name and checks its dtype and dims. */
typedef struct m2__dirent {
    const unsigned char *name;
    uint32_t name_len, dtype, ndim;
    uint64_t dims[4], offset, nbytes;
    int used;
} m2__dirent;

static m2__dirent *m2__find(m2__dirent *d, uint32_t n, const char *name) {
    uint32_t i;
    size_t len = strlen(name);
    for (i = 0; i < n; i++)
        if (d[i].name_len == len && memcmp(d[i].name, name, len) == 0) return &d[i];
    return NULL;
}

static m2_result m2__bind(m2_model *m, m2__dirent *dir, uint32_t n, const char *name, int required,
                          int any_dtype, uint32_t ndim, const uint64_t *dims, const void **data,
                          m2_dtype *dtype, char *err, size_t es) {
    m2__dirent *e = m2__find(dir, n, name);
    uint32_t i;
    *data = NULL;
    if (!e) {
        if (!required) return M2_OK;
        m2__set_err(err, es, "model file: tensor %s is missing", name);
        return M2_ERR_FORMAT;
    }
    if (!required) {
        m2__set_err(err, es, "model file: tensor %s is present but the header flags say it should not be", name);
        return M2_ERR_FORMAT;
    }
    if (e->ndim != ndim) {
        m2__set_err(err, es, "model file: tensor %s has %u dims, expected %u", name, e->ndim, ndim);
        return M2_ERR_FORMAT;
    }
    for (i = 0; i < ndim; i++)
        if (e->dims[i] != dims[i]) {
            m2__set_err(err, es, "model file: tensor %s dim %u is %llu, the config implies %llu", name, i,
                        (unsigned long long)e->dims[i], (unsigned long long)dims[i]);
            return M2_ERR_FORMAT;
        }
    if (!any_dtype && e->dtype != M2_F32) {
        m2__set_err(err, es, "model file: tensor %s is %s; it must be F32", name, m2__dtype_name(e->dtype));
        return M2_ERR_FORMAT;
    }
    if (e->dtype == M2_Q8_0 && dims[ndim - 1] % 32) {
        m2__set_err(err, es, "model file: tensor %s is Q8_0 but its rows are not a multiple of 32", name);
        return M2_ERR_FORMAT;
    }
    e->used = 1;
    *data = m->base + e->offset;
    if (dtype) *dtype = (m2_dtype)e->dtype;
    return M2_OK;
}

static m2_result m2__bind_mat(m2_model *m, m2__dirent *dir, uint32_t n, const char *name, int required,
                              int rows, int cols, m2__mat *out, char *err, size_t es) {
    uint64_t dims[2];
    const void *data;
    m2_dtype dt = M2_F32;
    int ok;
    m2_result r;
    dims[0] = (uint64_t)rows; dims[1] = (uint64_t)cols;
    r = m2__bind(m, dir, n, name, required, 1, 2, dims, &data, &dt, err, es);
    if (r != M2_OK || !data) return r;
    out->data = data;
    out->dtype = dt;
    out->rows = rows;
    out->cols = cols;
    out->row_bytes = m2__dtype_row_bytes(dt, (uint64_t)cols, &ok);
    return M2_OK;
}

static m2_result m2__bind_vec(m2_model *m, m2__dirent *dir, uint32_t n, const char *name, int required,
                              int len, const float **out, char *err, size_t es) {
    uint64_t dims[1];
    const void *data;
    m2_result r;
    dims[0] = (uint64_t)len;
    r = m2__bind(m, dir, n, name, required, 0, 1, dims, &data, NULL, err, es);
    *out = (const float *)data;
    return r;
}

#ifndef M2__TOKENIZER_DECLARED
static m2_result m2__tokenizer_load(struct m2__tokenizer **out, const unsigned char *sec, size_t size,
                                    int vocab_rows, const m2_allocator *alloc, char *err, size_t err_size);
static void m2__tokenizer_free(struct m2__tokenizer *tok, const m2_allocator *alloc);
#endif

static m2_result m2__parse(m2_model *m, char *err, size_t es) {
    const unsigned char *b = m->base;
    uint64_t size = m->size, file_size, dir_off, dir_size, tok_off, tok_size, data_off, end;
    uint32_t version, header_size, n_tensors, flags, i, j, crc_stored, crc;
    m2_config *c = &m->cfg;
    m2__dirent *dir = NULL;
    const unsigned char *p, *dir_end;
    m2_result r = M2_ERR_FORMAT;
    char name[96];
    int layer;

    if (size < 16 || memcmp(b, "MAMBA2BN", 8) != 0) {
        m2__set_err(err, es, "not a mamba2.h model file (bad magic)");
        return M2_ERR_FORMAT;
    }
    version = m2__rd32(b + 8);
    if (version != 1) {
        m2__set_err(err, es, "model file format version %u; this build reads version 1 (reconvert the checkpoint)", version);
        return M2_ERR_VERSION;
    }
    header_size = m2__rd32(b + 12);
    if (header_size < M2__HEADER_SIZE || size < M2__HEADER_SIZE || header_size > size) {
        m2__set_err(err, es, "model file: header size %u is invalid or the file is truncated (%llu bytes)", header_size, (unsigned long long)size);
        return M2_ERR_FORMAT;
    }
    file_size = m2__rd64(b + 16);
    if (file_size != size) {
        m2__set_err(err, es, "model file is %llu bytes but its header says %llu (truncated or padded)", (unsigned long long)size, (unsigned long long)file_size);
        return M2_ERR_FORMAT;
    }
    dir_off = m2__rd64(b + 24); dir_size = m2__rd64(b + 32);
    tok_off = m2__rd64(b + 40); tok_size = m2__rd64(b + 48);
    data_off = m2__rd64(b + 56);
    n_tensors = m2__rd32(b + 64);
    flags = m2__rd32(b + 68);
    if (data_off > size || data_off % 64 || dir_off < header_size || !m2__add_ok(dir_off, dir_size, &end) || end > data_off) {
        m2__set_err(err, es, "model file: directory [%llu, +%llu) or data offset %llu is out of place", (unsigned long long)dir_off,
                    (unsigned long long)dir_size, (unsigned long long)data_off);
        return M2_ERR_FORMAT;
    }
    crc_stored = m2__rd32(b + 140);
    {
        static const unsigned char zero4[4] = {0, 0, 0, 0};
        crc = m2__crc32(0, b, 140);
        crc = m2__crc32(crc, zero4, 4);
        crc = m2__crc32(crc, b + 144, (size_t)data_off - 144);
    }
    if (crc != crc_stored) {
        m2__set_err(err, es, "model file: metadata checksum mismatch (stored %08x, computed %08x): the file is corrupt", crc_stored, crc);
        return M2_ERR_FORMAT;
    }
    m->meta_crc = crc;
    for (i = 144; i < header_size; i++)
        if (b[i]) {
            m2__set_err(err, es, "model file: reserved header byte %u is not zero", i);
            return M2_ERR_FORMAT;
        }
    if (flags & ~0xFu) {
        m2__set_err(err, es, "model file: unknown header flags 0x%x", flags);
        return M2_ERR_UNSUPPORTED;
    }
    {   /* all u32 fields must fit an int before anything is computed from them */
        static const int offs[] = {72, 76, 80, 84, 88, 92, 96, 100, 104, 108, 112};
        for (i = 0; i < sizeof offs / sizeof offs[0]; i++)
            if (m2__rd32(b + offs[i]) > 0x7FFFFFFFu) {
                m2__set_err(err, es, "model file: header field at byte %d is absurdly large", offs[i]);
                return M2_ERR_FORMAT;
            }
    }
    memset(c, 0, sizeof *c);
    c->tied_embeddings = (int)(flags & 1u);
    c->norm_before_gate = (int)((flags >> 1) & 1u);
    c->has_proj_bias = (int)((flags >> 2) & 1u);
    c->has_conv_bias = (int)((flags >> 3) & 1u);
    c->d_model = (int)m2__rd32(b + 72);
    c->n_layer = (int)m2__rd32(b + 76);
    c->vocab_rows = (int)m2__rd32(b + 80);
    c->vocab_size = (int)m2__rd32(b + 84);
    c->d_state = (int)m2__rd32(b + 88);
    c->d_conv = (int)m2__rd32(b + 92);
    c->d_inner = (int)m2__rd32(b + 96);
    c->headdim = (int)m2__rd32(b + 100);
    c->nheads = (int)m2__rd32(b + 104);
    c->ngroups = (int)m2__rd32(b + 108);
    c->chunk_size = (int)m2__rd32(b + 112);
    c->norm_eps = m2__rdf32(b + 116);
    c->gated_norm_eps = m2__rdf32(b + 120);
    c->dt_min = m2__rdf32(b + 124);
    c->dt_max = m2__rdf32(b + 128);
    c->eos_id = (int32_t)m2__rd32(b + 132);
    c->bos_id = (int32_t)m2__rd32(b + 136);
    if ((r = m2__validate_config(c, err, es)) != M2_OK) return r;
    c->conv_dim = c->d_inner + 2 * c->ngroups * c->d_state;
    c->d_in_proj = 2 * c->d_inner + 2 * c->ngroups * c->d_state + c->nheads;

    /* tensor directory: every entry checked for bounds, alignment, size and overlap */
    if (n_tensors == 0 || n_tensors > 16u + 16u * (uint32_t)c->n_layer || (uint64_t)n_tensors * 21u > dir_size) {
        m2__set_err(err, es, "model file: %u tensors cannot be right for %d layers in a %llu-byte directory", n_tensors, c->n_layer,
                    (unsigned long long)dir_size);
        return M2_ERR_FORMAT;
    }
    dir = (m2__dirent *)m2__calloc(&m->alloc, n_tensors, sizeof *dir);
    if (!dir) { m2__set_err(err, es, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    r = M2_ERR_FORMAT;
    p = b + dir_off;
    dir_end = p + dir_size;
    for (i = 0; i < n_tensors; i++) {
        m2__dirent *e = &dir[i];
        uint64_t expect, rows = 1;
        int ok;
        if (dir_end - p < 4) goto truncated;
        e->name_len = m2__rd32(p); p += 4;
        if (e->name_len == 0 || e->name_len > 255 || (uint64_t)(dir_end - p) < e->name_len + 8u) goto truncated;
        e->name = p; p += e->name_len;
        e->dtype = m2__rd32(p); e->ndim = m2__rd32(p + 4); p += 8;
        if (e->dtype > 3) {
            m2__set_err(err, es, "model file: tensor %u has unknown dtype %u", i, e->dtype);
            goto fail;
        }
        if (e->ndim < 1 || e->ndim > 4) {
            m2__set_err(err, es, "model file: tensor %u has %u dims", i, e->ndim);
            goto fail;
        }
        if ((uint64_t)(dir_end - p) < 8u * e->ndim + 16u) goto truncated;
        for (j = 0; j < e->ndim; j++) {
            e->dims[j] = m2__rd64(p); p += 8;
            if (e->dims[j] == 0 || e->dims[j] > (1u << 30)) {
                m2__set_err(err, es, "model file: tensor %.*s has an absurd dim %llu", (int)e->name_len, e->name, (unsigned long long)e->dims[j]);
                goto fail;
            }
            if (j + 1 < e->ndim && !m2__mul_ok(rows, e->dims[j], &rows)) goto overflow;
        }
        e->offset = m2__rd64(p); e->nbytes = m2__rd64(p + 8); p += 16;
        expect = m2__dtype_row_bytes((m2_dtype)e->dtype, e->dims[e->ndim - 1], &ok);
        if (!ok) {
            m2__set_err(err, es, "model file: tensor %.*s: Q8_0 rows must be a multiple of 32", (int)e->name_len, e->name);
            goto fail;
        }
        if (!m2__mul_ok(expect, rows, &expect)) goto overflow;
        if (e->nbytes != expect) {
            m2__set_err(err, es, "model file: tensor %.*s holds %llu bytes; its dtype and dims need %llu", (int)e->name_len, e->name,
                        (unsigned long long)e->nbytes, (unsigned long long)expect);
            goto fail;
        }
        if (e->offset < data_off || e->offset % 64 || !m2__add_ok(e->offset, e->nbytes, &end) || end > size) {
            m2__set_err(err, es, "model file: tensor %.*s lies outside the data region (offset %llu, %llu bytes)", (int)e->name_len, e->name,
                        (unsigned long long)e->offset, (unsigned long long)e->nbytes);
            goto fail;
        }
        for (j = 0; j < i; j++) {
            if (dir[j].name_len == e->name_len && memcmp(dir[j].name, e->name, e->name_len) == 0) {
                m2__set_err(err, es, "model file: tensor %.*s appears twice", (int)e->name_len, e->name);
                goto fail;
            }
            if (e->offset < dir[j].offset + dir[j].nbytes && dir[j].offset < e->offset + e->nbytes) {
                m2__set_err(err, es, "model file: tensors %.*s and %.*s overlap", (int)e->name_len, e->name, (int)dir[j].name_len, dir[j].name);
                goto fail;
            }
        }
    }
    if (p != dir_end) {
        m2__set_err(err, es, "model file: %lld stray bytes after the tensor directory", (long long)(dir_end - p));
        goto fail;
    }

    /* bind every tensor the config implies; then anything left over is an error */
    {
        int D = c->d_model, V = c->vocab_rows, E = c->d_inner, H = c->nheads;
        uint64_t conv_dims[3];
        m2__mat *lm = &m->lm_head;
        if ((r = m2__bind_mat(m, dir, n_tensors, "backbone.embeddings.weight", 1, V, D, &m->embedding, err, es))) goto fail;
        if ((r = m2__bind_mat(m, dir, n_tensors, "lm_head.weight", !c->tied_embeddings, V, D, lm, err, es))) goto fail;
        if (c->tied_embeddings) *lm = m->embedding;
        if ((r = m2__bind_vec(m, dir, n_tensors, "backbone.norm_f.weight", 1, D, &m->norm_f, err, es))) goto fail;
        m->layers = (m2__layer *)m2__calloc(&m->alloc, (size_t)c->n_layer, sizeof *m->layers);
        m->A_all = (float *)m2__calloc(&m->alloc, (size_t)c->n_layer * (size_t)H, sizeof(float));
        m->conv_all = (float *)m2__calloc(&m->alloc, (size_t)c->n_layer * (size_t)c->conv_dim * (size_t)c->d_conv, sizeof(float));
        if (!m->layers || !m->A_all || !m->conv_all) { r = M2_ERR_OUT_OF_MEMORY; m2__set_err(err, es, "out of memory"); goto fail; }
        conv_dims[0] = (uint64_t)c->conv_dim; conv_dims[1] = 1; conv_dims[2] = (uint64_t)c->d_conv;
        for (layer = 0; layer < c->n_layer; layer++) {
            m2__layer *Ly = &m->layers[layer];
            const float *A_log;
            const void *data;
#define M2__NAME(suffix) (snprintf(name, sizeof name, "backbone.layers.%d." suffix, layer), name)
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("norm.weight"), 1, D, &Ly->norm, err, es))) goto fail;
            if ((r = m2__bind_mat(m, dir, n_tensors, M2__NAME("mixer.in_proj.weight"), 1, c->d_in_proj, D, &Ly->in_proj, err, es))) goto fail;
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.in_proj.bias"), c->has_proj_bias, c->d_in_proj, &Ly->in_proj_bias, err, es))) goto fail;
            if ((r = m2__bind(m, dir, n_tensors, M2__NAME("mixer.conv1d.weight"), 1, 0, 3, conv_dims, &data, NULL, err, es))) goto fail;
            Ly->conv_w = (const float *)data;
            Ly->conv_wT = m->conv_all + (size_t)layer * (size_t)c->conv_dim * (size_t)c->d_conv;
            for (j = 0; j < (uint32_t)c->conv_dim; j++) {
                int k;
                for (k = 0; k < c->d_conv; k++) Ly->conv_wT[(size_t)k * (size_t)c->conv_dim + j] = Ly->conv_w[(size_t)j * (size_t)c->d_conv + (size_t)k];
            }
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.conv1d.bias"), c->has_conv_bias, c->conv_dim, &Ly->conv_b, err, es))) goto fail;
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.dt_bias"), 1, H, &Ly->dt_bias, err, es))) goto fail;
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.A_log"), 1, H, &A_log, err, es))) goto fail;
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.D"), 1, H, &Ly->D, err, es))) goto fail;
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.norm.weight"), 1, E, &Ly->norm_gated, err, es))) goto fail;
            if ((r = m2__bind_mat(m, dir, n_tensors, M2__NAME("mixer.out_proj.weight"), 1, D, E, &Ly->out_proj, err, es))) goto fail;
            if ((r = m2__bind_vec(m, dir, n_tensors, M2__NAME("mixer.out_proj.bias"), c->has_proj_bias, D, &Ly->out_proj_bias, err, es))) goto fail;
#undef M2__NAME
            Ly->A = m->A_all + (size_t)layer * (size_t)H;
            for (j = 0; j < (uint32_t)H; j++) Ly->A[j] = -expf(A_log[j]); /* mamba_ssm: -torch.exp(A_log.float()) */
        }
        c->weight_dtype = m->layers[0].in_proj.dtype;
        for (i = 0; i < n_tensors; i++)
            if (!dir[i].used) {
                m2__set_err(err, es, "model file: unexpected tensor %.*s", (int)dir[i].name_len, dir[i].name);
                r = M2_ERR_FORMAT;
                goto fail;
            }
    }

    /* tokenizer section */
    if (tok_off || tok_size) {
        if (tok_off < dir_off + dir_size || tok_off % 4 || !m2__add_ok(tok_off, tok_size, &end) || end > data_off || tok_size == 0) {
            m2__set_err(err, es, "model file: tokenizer section [%llu, +%llu) is out of place", (unsigned long long)tok_off, (unsigned long long)tok_size);
            r = M2_ERR_FORMAT;
            goto fail;
        }
        r = m2__tokenizer_load(&m->tok, b + tok_off, (size_t)tok_size, c->vocab_rows, &m->alloc, err, es);
        if (r != M2_OK) goto fail;
    }
    m2__free(&m->alloc, dir);
    return M2_OK;
overflow:
    m2__set_err(err, es, "model file: tensor %u's size overflows", i);
    r = M2_ERR_FORMAT;
    goto fail;
truncated:
    m2__set_err(err, es, "model file: the tensor directory is truncated at entry %u", i);
    r = M2_ERR_FORMAT;
fail:
    m2__free(&m->alloc, dir);
    return r;
}

static void m2__model_free(m2_model *m) {
    m2_allocator a = m->alloc;
    if (m->tok) m2__tokenizer_free(m->tok, &a);
    m2__free(&a, m->layers);
    m2__free(&a, m->A_all);
    m2__free(&a, m->conv_all);
#ifdef M2__MMAP
    if (m->mapped) munmap((void *)(uintptr_t)m->base, m->mapped);
#endif
    m2__free(&a, m->owned);
    m2__free(&a, m);
}

MAMBA2_API m2_result m2_model_open_memory(m2_model **out, const void *data, size_t size, const m2_model_opts *opts,
                                          char *err, size_t err_size) {
    m2_model *m;
    m2_allocator a;
    m2_result r;
    if (err && err_size) err[0] = 0;
    if (!out || !data) {
        m2__set_err(err, err_size, "m2_model_open_memory: NULL argument");
        return M2_ERR_INVALID_ARGUMENT;
    }
    if ((uintptr_t)data % 64) {
        m2__set_err(err, err_size, "m2_model_open_memory: the buffer must be 64-byte aligned");
        return M2_ERR_INVALID_ARGUMENT;
    }
    memset(&a, 0, sizeof a);
    if (opts) a = opts->alloc;
    m = (m2_model *)m2__calloc(&a, 1, sizeof *m);
    if (!m) { m2__set_err(err, err_size, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    m->alloc = a;
    m->base = (const unsigned char *)data;
    m->size = size;
    r = m2__parse(m, err, err_size);
    if (r != M2_OK) { m2__model_free(m); return r; }
    *out = m;
    return M2_OK;
}

#ifndef MAMBA2_NO_STDIO
MAMBA2_API m2_result m2_model_open(m2_model **out, const char *path, const m2_model_opts *opts, char *err, size_t err_size) {
    m2_allocator a;
    void *owned = NULL, *aligned = NULL;
    size_t size = 0;
    m2_result r;
    int use_mmap = !(opts && opts->no_mmap);
    if (err && err_size) err[0] = 0;
    if (!out || !path) { m2__set_err(err, err_size, "m2_model_open: NULL argument"); return M2_ERR_INVALID_ARGUMENT; }
    memset(&a, 0, sizeof a);
    if (opts) a = opts->alloc;
#ifdef M2__MMAP
    if (use_mmap) {
        struct stat st;
        void *map;
        int fd = open(path, O_RDONLY);
        if (fd < 0) { m2__set_err(err, err_size, "cannot open %s", path); return M2_ERR_IO; }
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { close(fd); m2__set_err(err, err_size, "%s is not a regular file", path); return M2_ERR_IO; }
        if (st.st_size < (off_t)M2__HEADER_SIZE) { close(fd); m2__set_err(err, err_size, "%s is too small (%lld bytes) to be a model file", path, (long long)st.st_size); return M2_ERR_FORMAT; }
        if ((uint64_t)st.st_size > (uint64_t)(size_t)-1) { close(fd); m2__set_err(err, err_size, "%s is too large for this platform", path); return M2_ERR_IO; }
        size = (size_t)st.st_size;
        map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (map == MAP_FAILED) { m2__set_err(err, err_size, "cannot map %s", path); return M2_ERR_IO; }
        r = m2_model_open_memory(out, map, size, opts, err, err_size);
        if (r != M2_OK) { munmap(map, size); return r; }
        (*out)->mapped = size;
        return M2_OK;
    }
#else
    (void)use_mmap;
#endif
    {   /* read the whole file into a 64-byte aligned buffer */
        FILE *f = fopen(path, "rb");
        long len;
        if (!f) { m2__set_err(err, err_size, "cannot open %s", path); return M2_ERR_IO; }
        if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
            fclose(f); m2__set_err(err, err_size, "cannot read %s", path); return M2_ERR_IO;
        }
        size = (size_t)len;
        owned = m2__alloc(&a, size + 64);
        if (!owned) { fclose(f); m2__set_err(err, err_size, "out of memory reading %s (%lu bytes)", path, (unsigned long)size); return M2_ERR_OUT_OF_MEMORY; }
        aligned = (void *)(((uintptr_t)owned + 63) & ~(uintptr_t)63);
        if (fread(aligned, 1, size, f) != size) { fclose(f); m2__free(&a, owned); m2__set_err(err, err_size, "cannot read %s", path); return M2_ERR_IO; }
        fclose(f);
        r = m2_model_open_memory(out, aligned, size, opts, err, err_size);
        if (r != M2_OK) { m2__free(&a, owned); return r; }
        (*out)->owned = owned;
        return M2_OK;
    }
}
#endif

MAMBA2_API void m2_model_close(m2_model *m) {
    if (m) m2__model_free(m);
}
MAMBA2_API const m2_config *m2_model_config(const m2_model *m) { return m ? &m->cfg : NULL; }

MAMBA2_API const char *m2_result_str(m2_result r) {
    switch (r) {
    case M2_OK: return "ok";
    case M2_ERR_INVALID_ARGUMENT: return "invalid argument";
    case M2_ERR_IO: return "I/O error";
    case M2_ERR_FORMAT: return "invalid or corrupt model file";
    case M2_ERR_VERSION: return "unsupported version";
    case M2_ERR_UNSUPPORTED: return "unsupported feature";
    case M2_ERR_OUT_OF_MEMORY: return "out of memory";
    case M2_ERR_TOKEN_RANGE: return "token id out of range";
    case M2_ERR_BUFFER_TOO_SMALL: return "buffer too small";
    case M2_ERR_NO_TOKENIZER: return "the model has no tokenizer";
    case M2_ERR_NUMERIC: return "NaN or Inf in activations";
    case M2_ERR_STATE_MISMATCH: return "snapshot does not match this model";
    case M2_ERR_CANCELLED: return "cancelled";
    }
    return "unknown error";
}

// >>kernels
/* Decode streams every weight once per token, four rows at a time; rows are short (a few KB), too
   short for the hardware prefetchers to ramp up on, so the next block of rows is prefetched by hand. */
#if defined(__GNUC__) || defined(__clang__)
#define M2__PREFETCH(p) __builtin_prefetch((const void *)(p), 0, 0)
#else
#define M2__PREFETCH(p) ((void)(p))
#endif
/* The _ref kernels are used by the tests, not by every program that includes us. */
#if defined(__GNUC__) || defined(__clang__)
#define M2__REF_KERNEL static __attribute__((unused))
#else
#define M2__REF_KERNEL static
#endif
/* Dot products of a weight row (in its storage dtype) with an f32 activation row. The _ref versions
   are the specification; the others must agree with them to float rounding (tests/test_main.c). */
M2__REF_KERNEL float m2__dot_f32_ref(const float *w, const float *x, int n) {
    float s = 0.0f;
    int i;
    for (i = 0; i < n; i++) s += w[i] * x[i];
    return s;
}
static float m2__dot_f32(const float *w, const float *x, int n) {
    int i = 0;
    float s = 0.0f;
#ifdef M2__SIMD
    M2_VF a0 = M2_VZERO, a1 = M2_VZERO;
    for (; i + 2 * M2_VW <= n; i += 2 * M2_VW) {
        a0 = M2_VFMA(a0, M2_VLOAD(w + i), M2_VLOAD(x + i));
        a1 = M2_VFMA(a1, M2_VLOAD(w + i + M2_VW), M2_VLOAD(x + i + M2_VW));
    }
    for (; i + M2_VW <= n; i += M2_VW) a0 = M2_VFMA(a0, M2_VLOAD(w + i), M2_VLOAD(x + i));
    s = M2_VSUM(M2_VADD(a0, a1));
#endif
    for (; i < n; i++) s += w[i] * x[i];
    return s;
}

/* Widening of weight-row segments to f32. The matrix kernels below work on f32 only: every other
   dtype is widened a block at a time into a small buffer first (cheap next to the memory traffic it
   saves), so there is one GEMM and one GEMV to tune, test and trust. */
M2__REF_KERNEL void m2__widen_bf16_ref(const uint16_t *w, int n, float *out) {
    int i;
    for (i = 0; i < n; i++) out[i] = m2__bf16_to_f32(w[i]);
}
M2__REF_KERNEL void m2__widen_f16_ref(const uint16_t *w, int n, float *out) {
    int i;
    for (i = 0; i < n; i++) out[i] = m2__f16_to_f32(w[i]);
}
/* Q8_0 (FORMAT.md): blocks of 32 int8 with one f16 scale; k0 and n are multiples of 32 except at
   the end of a row. */
static void m2__widen_q8_0_ref(const unsigned char *row, int k0, int n, float *out) {
    int i;
    for (i = 0; i < n; i++) {
        const unsigned char *blk = row + (size_t)((k0 + i) / 32) * 34;
        float d = m2__f16_to_f32((uint16_t)(blk[0] | (blk[1] << 8)));
        out[i] = d * (float)(signed char)blk[2 + (k0 + i) % 32];
    }
}
static void m2__widen_bf16(const uint16_t *w, int n, float *out) {
    int i = 0;
#ifdef M2__SIMD
    for (; i + M2_VW <= n; i += M2_VW) M2_VSTORE(out + i, M2_VLOAD_BF16(w + i));
#endif
    for (; i < n; i++) out[i] = m2__bf16_to_f32(w[i]);
}
static void m2__widen_f16(const uint16_t *w, int n, float *out) {
    int i = 0;
#if defined(M2__SIMD) && defined(M2_VLOAD_F16)
    for (; i + M2_VW <= n; i += M2_VW) M2_VSTORE(out + i, M2_VLOAD_F16(w + i));
#endif
    for (; i < n; i++) out[i] = m2__f16_to_f32(w[i]);
}
static void m2__widen_q8_0(const unsigned char *row, int k0, int n, float *out) {
    int i = 0;
#if defined(M2__SIMD) && defined(M2_VLOAD_I8)
    if (k0 % 32 == 0)
        for (; i + 32 <= n; i += 32) {
            const unsigned char *blk = row + (size_t)((k0 + i) / 32) * 34;
            M2_VF d = M2_VSET1(m2__f16_to_f32((uint16_t)(blk[0] | (blk[1] << 8))));
            int j;
            for (j = 0; j < 32; j += M2_VW) M2_VSTORE(out + i + j, M2_VMUL(d, M2_VLOAD_I8(blk + 2 + j)));
        }
#endif
    if (i < n) m2__widen_q8_0_ref(row, k0 + i, n - i, out + i);
}

/* Columns [k0, k0+n) of one weight row as f32: the row itself for F32, else widened into buf. */
static const float *m2__row_f32(const m2__mat *W, int row, int k0, int n, float *buf) {
    const unsigned char *r = (const unsigned char *)W->data + (size_t)row * W->row_bytes;
    switch (W->dtype) {
    case M2_F32: return (const float *)(const void *)r + k0;
    case M2_F16: m2__widen_f16((const uint16_t *)(const void *)r + k0, n, buf); break;
    case M2_BF16: m2__widen_bf16((const uint16_t *)(const void *)r + k0, n, buf); break;
    case M2_Q8_0: m2__widen_q8_0(r, k0, n, buf); break;
    }
    return buf;
}

/* The matrix product's specification: y[t, r] = W[r, :] . x[t, :] + bias[r], one row and one token
   at a time, in the weights' own dtype. m2__gemv / m2__gemm must agree with it to float rounding. */
M2__REF_KERNEL void m2__matmul_ref(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy,
                                   float *buf /* (W->cols) scratch */) {
    int r, t;
    for (r = 0; r < W->rows; r++) {
        const unsigned char *row = (const unsigned char *)W->data + (size_t)r * W->row_bytes;
        switch (W->dtype) {
        case M2_F32: memcpy(buf, row, (size_t)W->cols * 4); break;
        case M2_F16: m2__widen_f16_ref((const uint16_t *)(const void *)row, W->cols, buf); break;
        case M2_BF16: m2__widen_bf16_ref((const uint16_t *)(const void *)row, W->cols, buf); break;
        case M2_Q8_0: m2__widen_q8_0_ref(row, 0, W->cols, buf); break;
        }
        for (t = 0; t < T; t++) y[(size_t)t * (size_t)ldy + (size_t)r] = m2__dot_f32_ref(buf, x + (size_t)t * (size_t)ldx, W->cols) + (bias ? bias[r] : 0.0f);
    }
}

#define M2__KB 256 /* k-block: columns widened / packed at a time (multiple of 32 for Q8_0) */

/* Rows [r0, r1) of y = W x for a few tokens (decode): four rows at a time, so four independent
   accumulator chains hide the FMA latency and the reduction is paid once per row. */
static void m2__gemv_rows(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int r0, int r1) {
    float wbuf[4][M2__KB];
    int K = W->cols, r, t, j;
    for (r = r0; r < r1; r += 4) {
        int nr = r1 - r < 4 ? r1 - r : 4;
        for (t = 0; t < T; t++) {
            const float *xt = x + (size_t)t * (size_t)ldx;
            float sum[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            int k0;
#ifdef M2__SIMD
            M2_VF a0 = M2_VZERO, a1 = M2_VZERO, a2 = M2_VZERO, a3 = M2_VZERO;
#endif
            for (k0 = 0; k0 < K; k0 += M2__KB) {
                int kb = K - k0 < M2__KB ? K - k0 : M2__KB, k = 0;
                const float *w[4];
                for (j = 0; j < 4; j++) w[j] = m2__row_f32(W, r + (j < nr ? j : 0), k0, kb, wbuf[j]);
#ifdef M2__SIMD
                for (; k + M2_VW <= kb; k += M2_VW) {
                    M2_VF xv = M2_VLOAD(xt + k0 + k);
                    if (t == 0 && (k * 4) % 64 == 0) { /* one prefetch per 64-byte line of each row, one block ahead */
                        const unsigned char *next = (const unsigned char *)W->data + (size_t)(r + 4) * W->row_bytes + (size_t)(k0 + k) * W->row_bytes / (size_t)K;
                        M2__PREFETCH(next); M2__PREFETCH(next + W->row_bytes); M2__PREFETCH(next + 2 * W->row_bytes); M2__PREFETCH(next + 3 * W->row_bytes);
                    }
                    a0 = M2_VFMA(a0, M2_VLOAD(w[0] + k), xv);
                    a1 = M2_VFMA(a1, M2_VLOAD(w[1] + k), xv);
                    a2 = M2_VFMA(a2, M2_VLOAD(w[2] + k), xv);
                    a3 = M2_VFMA(a3, M2_VLOAD(w[3] + k), xv);
                }
#endif
                for (; k < kb; k++)
                    for (j = 0; j < 4; j++) sum[j] += w[j][k] * xt[k0 + k];
            }
#ifdef M2__SIMD
            sum[0] += M2_VSUM(a0); sum[1] += M2_VSUM(a1); sum[2] += M2_VSUM(a2); sum[3] += M2_VSUM(a3);
#endif
            for (j = 0; j < nr; j++) y[(size_t)t * (size_t)ldy + (size_t)(r + j)] = sum[j] + (bias ? bias[r + j] : 0.0f);
        }
        /* every token re-widens the rows: T is small here, and the rows stay in cache */
    }
}

/* Prefill GEMM. W is packed, one k-block at a time, into panels of M2__NR rows laid out k-major
   (panel[k][j] = W[r+j][k0+k]), so the inner loop broadcasts one activation and multiplies it with
   a row of NR weights: no horizontal sums, and each weight is loaded once per M2__MT tokens. */
#ifdef M2__SIMD
#define M2__NR (2 * M2_VW)
#else
#define M2__NR 8
#endif
#define M2__MT 6

/* tile[i*ld + 0..NR) += sum_k panel[k][0..NR) * xr[i][k], for i < M2__MT */
static void m2__gemm_micro(const float *panel, int kb, const float *const *xr, float *tile, int ld) {
#ifdef M2__SIMD
    M2_VF c00 = M2_VLOAD(tile + 0 * (size_t)ld), c01 = M2_VLOAD(tile + 0 * (size_t)ld + M2_VW);
    M2_VF c10 = M2_VLOAD(tile + 1 * (size_t)ld), c11 = M2_VLOAD(tile + 1 * (size_t)ld + M2_VW);
    M2_VF c20 = M2_VLOAD(tile + 2 * (size_t)ld), c21 = M2_VLOAD(tile + 2 * (size_t)ld + M2_VW);
    M2_VF c30 = M2_VLOAD(tile + 3 * (size_t)ld), c31 = M2_VLOAD(tile + 3 * (size_t)ld + M2_VW);
    M2_VF c40 = M2_VLOAD(tile + 4 * (size_t)ld), c41 = M2_VLOAD(tile + 4 * (size_t)ld + M2_VW);
    M2_VF c50 = M2_VLOAD(tile + 5 * (size_t)ld), c51 = M2_VLOAD(tile + 5 * (size_t)ld + M2_VW);
    const float *x0 = xr[0], *x1 = xr[1], *x2 = xr[2], *x3 = xr[3], *x4 = xr[4], *x5 = xr[5];
    int k;
    for (k = 0; k < kb; k++) {
        M2_VF w0 = M2_VLOAD(panel + (size_t)k * M2__NR), w1 = M2_VLOAD(panel + (size_t)k * M2__NR + M2_VW), b;
        b = M2_VSET1(x0[k]); c00 = M2_VFMA(c00, w0, b); c01 = M2_VFMA(c01, w1, b);
        b = M2_VSET1(x1[k]); c10 = M2_VFMA(c10, w0, b); c11 = M2_VFMA(c11, w1, b);
        b = M2_VSET1(x2[k]); c20 = M2_VFMA(c20, w0, b); c21 = M2_VFMA(c21, w1, b);
        b = M2_VSET1(x3[k]); c30 = M2_VFMA(c30, w0, b); c31 = M2_VFMA(c31, w1, b);
        b = M2_VSET1(x4[k]); c40 = M2_VFMA(c40, w0, b); c41 = M2_VFMA(c41, w1, b);
        b = M2_VSET1(x5[k]); c50 = M2_VFMA(c50, w0, b); c51 = M2_VFMA(c51, w1, b);
    }
    M2_VSTORE(tile + 0 * (size_t)ld, c00); M2_VSTORE(tile + 0 * (size_t)ld + M2_VW, c01);
    M2_VSTORE(tile + 1 * (size_t)ld, c10); M2_VSTORE(tile + 1 * (size_t)ld + M2_VW, c11);
    M2_VSTORE(tile + 2 * (size_t)ld, c20); M2_VSTORE(tile + 2 * (size_t)ld + M2_VW, c21);
    M2_VSTORE(tile + 3 * (size_t)ld, c30); M2_VSTORE(tile + 3 * (size_t)ld + M2_VW, c31);
    M2_VSTORE(tile + 4 * (size_t)ld, c40); M2_VSTORE(tile + 4 * (size_t)ld + M2_VW, c41);
    M2_VSTORE(tile + 5 * (size_t)ld, c50); M2_VSTORE(tile + 5 * (size_t)ld + M2_VW, c51);
#else
    int i, j, k;
    for (i = 0; i < M2__MT; i++)
        for (j = 0; j < M2__NR; j++) {
            float s = tile[(size_t)i * (size_t)ld + (size_t)j];
            for (k = 0; k < kb; k++) s += panel[(size_t)k * M2__NR + (size_t)j] * xr[i][k];
            tile[(size_t)i * (size_t)ld + (size_t)j] = s;
        }
#endif
}

/* Rows [r0, r1) of y = W x + bias for T tokens (y += W x with accumulate); r0 is a multiple of
   M2__NR. Uses ~35 KB of stack (the packed panel) on AVX-512. */
static void m2__gemm_rows_acc(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int r0, int r1, int accumulate) {
    static const float zeros[M2__KB] = {0.0f};
    float panel[M2__KB * M2__NR], wbuf[M2__KB], tile[M2__MT * M2__NR];
    int K = W->cols, r, t, j, i, k0, k;
    for (r = r0; r < r1; r += M2__NR) {
        int nr = r1 - r < M2__NR ? r1 - r : M2__NR;
        if (!accumulate)
            for (t = 0; t < T; t++)
                for (j = 0; j < nr; j++) y[(size_t)t * (size_t)ldy + (size_t)(r + j)] = bias ? bias[r + j] : 0.0f;
        for (k0 = 0; k0 < K; k0 += M2__KB) {
            int kb = K - k0 < M2__KB ? K - k0 : M2__KB;
            for (j = 0; j < M2__NR; j++) {
                if (j < nr) {
                    const float *w = m2__row_f32(W, r + j, k0, kb, wbuf);
                    for (k = 0; k < kb; k++) panel[k * M2__NR + j] = w[k];
                } else {
                    for (k = 0; k < kb; k++) panel[k * M2__NR + j] = 0.0f;
                }
            }
            for (t = 0; t < T; t += M2__MT) {
                const float *xr[M2__MT];
                int mt = T - t < M2__MT ? T - t : M2__MT;
                for (i = 0; i < M2__MT; i++) xr[i] = i < mt ? x + (size_t)(t + i) * (size_t)ldx + k0 : zeros;
                if (mt == M2__MT && nr == M2__NR) { /* a whole tile: straight into y */
                    m2__gemm_micro(panel, kb, xr, y + (size_t)t * (size_t)ldy + (size_t)r, ldy);
                    continue;
                }
                for (i = 0; i < M2__MT; i++)
                    for (j = 0; j < M2__NR; j++) tile[i * M2__NR + j] = i < mt && j < nr ? y[(size_t)(t + i) * (size_t)ldy + (size_t)(r + j)] : 0.0f;
                m2__gemm_micro(panel, kb, xr, tile, M2__NR);
                for (i = 0; i < mt; i++)
                    for (j = 0; j < nr; j++) y[(size_t)(t + i) * (size_t)ldy + (size_t)(r + j)] = tile[i * M2__NR + j];
            }
        }
    }
}
static void m2__gemm_rows(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int r0, int r1) {
    m2__gemm_rows_acc(W, bias, x, ldx, T, y, ldy, r0, r1, 0);
}

/* A row-major f32 matrix in memory (activations, states) seen as a GEMM operand. */
static m2__mat m2__f32_mat(const float *data, int rows, int cols, int ld) {
    m2__mat m;
    m.data = data; m.dtype = M2_F32; m.rows = rows; m.cols = cols; m.row_bytes = (size_t)ld * sizeof(float);
    return m;
}


/* One row of a weight matrix widened to f32 (embedding lookup). */
static void m2__row_to_f32(const m2__mat *W, int row, float *out) {
    const unsigned char *r = (const unsigned char *)W->data + (size_t)row * W->row_bytes;
    int i, b;
    switch (W->dtype) {
    case M2_F32: memcpy(out, r, (size_t)W->cols * 4); break;
    case M2_F16: for (i = 0; i < W->cols; i++) out[i] = m2__f16_to_f32((uint16_t)(r[2 * i] | (r[2 * i + 1] << 8))); break;
    case M2_BF16: for (i = 0; i < W->cols; i++) out[i] = m2__bf16_to_f32((uint16_t)(r[2 * i] | (r[2 * i + 1] << 8))); break;
    case M2_Q8_0:
        for (b = 0; b < W->cols / 32; b++) {
            const unsigned char *blk = r + (size_t)b * 34;
            float d = m2__f16_to_f32((uint16_t)(blk[0] | (blk[1] << 8)));
            for (i = 0; i < 32; i++) out[b * 32 + i] = d * (float)(signed char)blk[2 + i];
        }
        break;
    }
}

static float m2__silu(float v) { return v / (1.0f + expf(-v)); }
/* torch.nn.functional.softplus: the input itself above threshold 20 */
static float m2__softplus(float v) { return v > 20.0f ? v : log1pf(expf(v)); }

/* RMSNorm(v; w) = v / sqrt(mean(v^2) + eps) * w (SEMANTICS.md, Model) */
static void m2__rmsnorm(float *out, const float *v, const float *w, int n, float eps) {
    float ss = m2__dot_f32(v, v, n), inv = 1.0f / sqrtf(ss / (float)n + eps);
    int i;
    for (i = 0; i < n; i++) out[i] = v[i] * inv * w[i];
}

// >>ssd
struct m2_session {
    const m2_model *model;
    m2_session_opts opts;  /* resolved */
    char err[256];
    int chunk;             /* prefill chunk length */
    float *ssm;            /* (L, H, P, N) */
    float *conv;           /* (L, conv_dim, K-1): raw xBC inputs of the last K-1 tokens, oldest first */
    float *x;              /* (chunk, D) residual stream */
    float *xn;             /* (chunk, max(D, d_inner)) normed input / projection output */
    float *zx;             /* (chunk, d_in_proj) in_proj output: z | xBC | dt */
    float *xbc;            /* (chunk, conv_dim) after conv and SiLU: x | B | C */
    float *dt;             /* (chunk, H) */
    float *y;              /* (chunk, d_inner) */
    float *cb;             /* (G, chunk, chunk): C_t . B_s per group */
    double *cum;           /* (H, chunk): per-token decays exp(dt*A) within the chunk */
    float *ssd_scratch;    /* (H, ssd_per_head): each head's chunk matrices (see m2__ssd_chunk_task) */
    size_t ssd_per_head;   /* Q*Q + 2*P*Q + N*Q + ... floats */
    float *logits;         /* (V) after the last token */
    int has_logits;
    uint64_t pos;
    int32_t *hist;         /* (history) ring of recent tokens */
    int hist_len, hist_head;
    float *probs;          /* (V) sampler scratch */
    int32_t *cand;         /* (V) sampler scratch */
    void *block;           /* the one allocation behind all of the above */
};

static m2_result m2__fail(m2_session *s, m2_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return r;
}

/* Every parallel loop goes through here: the caller's hook, else OpenMP, else a plain loop.
   Tasks write disjoint outputs and each output is computed by the same code whichever task runs it,
   so results do not depend on the thread count. */
static void m2__parallel(m2_session *s, int n_tasks, void (*fn)(void *, int), void *ctx) {
    int i;
    if (n_tasks > 1 && s->opts.parallel_for) {
        s->opts.parallel_for(s->opts.parallel_ctx, fn, ctx, n_tasks);
        return;
    }
#ifdef M2__OPENMP
    if (n_tasks > 1 && s->opts.n_threads > 1) {
#pragma omp parallel for num_threads(s->opts.n_threads) schedule(static)
        for (i = 0; i < n_tasks; i++) fn(ctx, i);
        return;
    }
#endif
    for (i = 0; i < n_tasks; i++) fn(ctx, i);
}

typedef struct m2__matmul_job {
    const m2__mat *W;
    const float *bias;
    const float *x;   /* (T, ldx) */
    float *y;         /* (T, ldy) */
    int T, ldx, ldy, rows_per_task;
} m2__matmul_job;

static void m2__matmul_task(void *ctx, int task) {
    const m2__matmul_job *j = (const m2__matmul_job *)ctx;
    int r0 = task * j->rows_per_task, r1 = r0 + j->rows_per_task;
    if (r1 > j->W->rows) r1 = j->W->rows;
    if (j->T <= 2) m2__gemv_rows(j->W, j->bias, j->x, j->ldx, j->T, j->y, j->ldy, r0, r1);
    else m2__gemm_rows(j->W, j->bias, j->x, j->ldx, j->T, j->y, j->ldy, r0, r1);
}

/* y[t, r] = W[r, :] . x[t, :] (+ bias[r]) for t < T: split over output rows only (never over a
   reduction), in blocks whose boundaries do not depend on the thread count, so every thread count
   gives bit-identical results. */
static void m2__matmul(m2_session *s, const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy) {
    m2__matmul_job j;
    int threads = s->opts.n_threads > 0 ? s->opts.n_threads : 1, blocks = (W->rows + M2__NR - 1) / M2__NR;
    j.W = W; j.bias = bias; j.x = x; j.y = y; j.T = T; j.ldx = ldx; j.ldy = ldy;
    /* several tasks per thread for balance, each a whole number of GEMM panels */
    j.rows_per_task = (blocks + threads * 4 - 1) / (threads * 4) * M2__NR;
    m2__parallel(s, (W->rows + j.rows_per_task - 1) / j.rows_per_task, m2__matmul_task, &j);
}

/* Causal depthwise conv1d with bias, then SiLU (SEMANTICS.md Mixer step 2):
   c_t[ch] = b[ch] + sum_k w[ch, k] * xBC_{t-(K-1)+k}[ch], inputs before the sequence taken from
   the conv state (zeros after a reset). Then the state keeps the last K-1 raw inputs.
   Task `blk` does channels [blk*M2__CONV_BLOCK, ...): the loops run along channels, which are
   contiguous in every operand (the weights are kept transposed, (K, conv_dim), for this). */
#define M2__CONV_BLOCK 256
typedef struct m2__conv_job { m2_session *s; int layer, T; } m2__conv_job;
static void m2__conv_task(void *ctx, int blk) {
    const m2__conv_job *j = (const m2__conv_job *)ctx;
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[j->layer];
    int K = c->d_conv, cd = c->conv_dim, dip = c->d_in_proj, T = j->T, t, k, ch;
    int ch0 = blk * M2__CONV_BLOCK, ch1 = ch0 + M2__CONV_BLOCK > cd ? cd : ch0 + M2__CONV_BLOCK;
    float *state = s->conv + (size_t)j->layer * (size_t)cd * (size_t)(K - 1);
    const float *raw = s->zx + c->d_inner; /* xBC columns of in_proj's output */
    float next[M2__MAX_CONV];
    for (t = 0; t < T; t++) {
        float *o = s->xbc + (size_t)t * (size_t)cd;
        for (ch = ch0; ch < ch1; ch++) o[ch] = Ly->conv_b ? Ly->conv_b[ch] : 0.0f;
        for (k = 0; k < K; k++) {
            int src = t - (K - 1) + k;
            const float *w = Ly->conv_wT + (size_t)k * (size_t)cd;
            if (src >= 0) {
                const float *in = raw + (size_t)src * (size_t)dip;
                for (ch = ch0; ch < ch1; ch++) o[ch] += w[ch] * in[ch];
            } else {
                for (ch = ch0; ch < ch1; ch++) o[ch] += w[ch] * state[(size_t)ch * (size_t)(K - 1) + (size_t)(src + K - 1)];
            }
        }
        for (ch = ch0; ch < ch1; ch++) o[ch] = m2__silu(o[ch]);
    }
    for (ch = ch0; ch < ch1; ch++) {
        float *st = state + (size_t)ch * (size_t)(K - 1);
        for (k = 0; k < K - 1; k++) {
            int src = T - (K - 1) + k;
            next[k] = src >= 0 ? raw[(size_t)src * (size_t)dip + (size_t)ch] : st[src + K - 1];
        }
        for (k = 0; k < K - 1; k++) st[k] = next[k];
    }
}

/* Per-token work of a layer that is not a matrix product, split over tokens. */
typedef struct m2__rows_job { m2_session *s; const m2__layer *Ly; } m2__rows_job;
static void m2__in_norm_task(void *ctx, int t) {
    const m2__rows_job *j = (const m2__rows_job *)ctx;
    const m2_config *c = &j->s->model->cfg;
    m2__rmsnorm(j->s->xn + (size_t)t * (size_t)c->d_model, j->s->x + (size_t)t * (size_t)c->d_model, j->Ly->norm, c->d_model, c->norm_eps);
}
static void m2__gated_norm(const m2_config *c, const float *w, float *y, const float *z);
static void m2__out_norm_task(void *ctx, int t) {
    const m2__rows_job *j = (const m2__rows_job *)ctx;
    const m2_config *c = &j->s->model->cfg;
    m2__gated_norm(c, j->Ly->norm_gated, j->s->y + (size_t)t * (size_t)c->d_inner, j->s->zx + (size_t)t * (size_t)c->d_in_proj);
}

typedef struct m2__ssd_job {
    m2_session *s;
    int layer, T;
} m2__ssd_job;

/* CB[t][u] = C_t . B_u for every pair in the chunk, once per group (shared by the group's heads). */
static void m2__ssd_cb_task(void *ctx, int g) {
    const m2__ssd_job *j = (const m2__ssd_job *)ctx;
    const m2_config *c = &j->s->model->cfg;
    int N = c->d_state, cd = c->conv_dim, Q = j->s->chunk;
    const float *B = j->s->xbc + c->d_inner + (size_t)g * (size_t)N, *C = B + (size_t)c->ngroups * (size_t)N;
    m2__mat Bm = m2__f32_mat(B, j->T, N, cd);
    m2__gemm_rows(&Bm, NULL, C, cd, j->T, j->s->cb + (size_t)g * (size_t)Q * (size_t)Q, Q, 0, j->T);
}

/* One chunk of the SSD scan for head h: the ssd_minimal_discrete algorithm (SEMANTICS.md step 6,
   paper section 6) written as three small matrix products so that the GEMM kernel does the work:
     Y     = (L o CB o dt) X                      intra-chunk, L[t][u] = prod_{u<r<=t} exp(dt_r A)
     Y    += diag(E) C S_prev^T + D X              from the previous state, E_t = prod_{r<=t} exp(dt_r A)
     S_new = E_{T-1} S_prev + (X o w)^T B          w_u = L[T-1][u] dt_u
   The decays are running products in double rather than exp(cumsum) differences: no exp per pair,
   and no cancellation between large cumulative sums. */
static void m2__ssd_chunk_task(void *ctx, int h) {
    const m2__ssd_job *j = (const m2__ssd_job *)ctx;
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[j->layer];
    int P = c->headdim, N = c->d_state, H = c->nheads, cd = c->conv_dim, E = c->d_inner, Q = s->chunk, T = j->T;
    int g = h / (H / c->ngroups), t, u, p, n;
    const float *X = s->xbc + (size_t)h * (size_t)P;
    const float *B = s->xbc + E + (size_t)g * (size_t)N, *C = B + (size_t)c->ngroups * (size_t)N;
    const float *cb = s->cb + (size_t)g * (size_t)Q * (size_t)Q;
    float *S = s->ssm + ((size_t)j->layer * (size_t)H + (size_t)h) * (size_t)P * (size_t)N;
    float *M = s->ssd_scratch + (size_t)h * s->ssd_per_head;  /* (Q, Q)  */
    float *XT = M + (size_t)Q * (size_t)Q;                     /* (P, Q)  X transposed, then X o w */
    float *BT = XT + (size_t)P * (size_t)Q;                    /* (N, Q)  */
    float *tmp = BT + (size_t)N * (size_t)Q;                   /* (Q, P)  */
    double *ea = s->cum + (size_t)h * (size_t)Q, Et;
    float A = Ly->A[h], Dh = Ly->D[h], *Y = s->y + (size_t)h * (size_t)P;
    m2__mat Wm;
    for (u = 0; u < T; u++) ea[u] = exp((double)s->dt[u * H + h] * (double)A);
    /* M[t][u] = L[t][u] dt_u CB[t][u] for u <= t, else 0 */
    for (t = 0; t < T; t++) {
        double l = 1.0;
        float *Mt = M + (size_t)t * (size_t)Q;
        for (u = t; u >= 0; u--) {
            Mt[u] = (float)l * s->dt[u * H + h] * cb[t * Q + u];
            l *= ea[u];
        }
        for (u = t + 1; u < T; u++) Mt[u] = 0.0f;
    }
    for (u = 0; u < T; u++)
        for (p = 0; p < P; p++) XT[(size_t)p * (size_t)Q + (size_t)u] = X[(size_t)u * (size_t)cd + (size_t)p];
    Wm = m2__f32_mat(XT, P, T, Q);
    m2__gemm_rows(&Wm, NULL, M, Q, T, Y, E, 0, P);               /* Y[t][p] = sum_u M[t][u] X[u][p] */
    Wm = m2__f32_mat(S, P, N, N);
    m2__gemm_rows(&Wm, NULL, C, cd, T, tmp, P, 0, P);            /* tmp[t][p] = C_t . S[p] */
    Et = 1.0;
    for (t = 0; t < T; t++) {
        float *Yt = Y + (size_t)t * (size_t)E;
        const float *Xt = X + (size_t)t * (size_t)cd;
        Et *= ea[t];
        for (p = 0; p < P; p++) Yt[p] += (float)Et * tmp[(size_t)t * (size_t)P + (size_t)p] + Dh * Xt[p];
    }
    /* state: S = E_{T-1} S + sum_u w_u X_u (outer) B_u, as S[p][n] += sum_u (w_u XT[p][u]) BT[n][u] */
    {
        double l = 1.0;
        float decay = (float)Et;
        for (u = T - 1; u >= 0; u--) {
            float w = (float)l * s->dt[u * H + h];
            for (p = 0; p < P; p++) XT[(size_t)p * (size_t)Q + (size_t)u] *= w;
            l *= ea[u];
        }
        for (u = 0; u < T; u++)
            for (n = 0; n < N; n++) BT[(size_t)n * (size_t)Q + (size_t)u] = B[(size_t)u * (size_t)cd + (size_t)n];
        for (p = 0; p < P * N; p++) S[p] *= decay;
        Wm = m2__f32_mat(BT, N, T, Q);
        m2__gemm_rows_acc(&Wm, NULL, XT, Q, P, S, N, 0, N, 1);
    }
}

/* The recurrent step for one head (Mamba2.step / selective_state_update_ref):
     S = exp(dt A) S + dt x (outer) B;  y = S C + D x          S: (P, N), x, y: (P), B, C: (N) */
M2__REF_KERNEL void m2__ssd_step_head_ref(float *S, const float *x, const float *B, const float *C, float dt, float dA, float Dh, int P, int N, float *y) {
    int p, n;
    for (p = 0; p < P; p++) {
        float *Sp = S + (size_t)p * (size_t)N, xdt = x[p] * dt, acc = 0.0f;
        for (n = 0; n < N; n++) Sp[n] = Sp[n] * dA + xdt * B[n];
        for (n = 0; n < N; n++) acc += Sp[n] * C[n];
        y[p] = acc + Dh * x[p];
    }
}
/* The same, with the update and the read-out fused into one pass over the state. */
static void m2__ssd_step_head(float *S, const float *x, const float *B, const float *C, float dt, float dA, float Dh, int P, int N, float *y) {
    int p;
    for (p = 0; p < P; p++) {
        float *Sp = S + (size_t)p * (size_t)N, xdt = x[p] * dt, acc = 0.0f;
        int n = 0;
#ifdef M2__SIMD
        M2_VF va = M2_VZERO, vdA = M2_VSET1(dA), vx = M2_VSET1(xdt);
        for (; n + M2_VW <= N; n += M2_VW) {
            M2_VF v = M2_VFMA(M2_VMUL(M2_VLOAD(Sp + n), vdA), vx, M2_VLOAD(B + n));
            M2_VSTORE(Sp + n, v);
            va = M2_VFMA(va, v, M2_VLOAD(C + n));
        }
        acc = M2_VSUM(va);
#endif
        for (; n < N; n++) {
            Sp[n] = Sp[n] * dA + xdt * B[n];
            acc += Sp[n] * C[n];
        }
        y[p] = acc + Dh * x[p];
    }
}

static void m2__ssd_step_task(void *ctx, int h) {
    const m2__ssd_job *j = (const m2__ssd_job *)ctx;
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[j->layer];
    int P = c->headdim, N = c->d_state, H = c->nheads, g = h / (H / c->ngroups);
    const float *B = s->xbc + c->d_inner + (size_t)g * (size_t)N, *C = B + (size_t)c->ngroups * (size_t)N;
    float dt = s->dt[h];
    m2__ssd_step_head(s->ssm + ((size_t)j->layer * (size_t)H + (size_t)h) * (size_t)P * (size_t)N, s->xbc + (size_t)h * (size_t)P, B, C, dt,
                      expf(dt * Ly->A[h]), Ly->D[h], P, N, s->y + (size_t)h * (size_t)P);
}

/* Gated RMSNorm over G contiguous groups of d_inner/G (SEMANTICS.md step 7; grouped as mamba_ssm,
   not as HF's torch path): norm_before_gate=0: rms(y*silu(z))*w; =1: rms(y)*w*silu(z). */
static void m2__gated_norm(const m2_config *c, const float *w, float *y, const float *z) {
    int G = c->ngroups, gs = c->d_inner / G, g, i;
    for (g = 0; g < G; g++) {
        float *v = y + (size_t)g * (size_t)gs;
        const float *zg = z + (size_t)g * (size_t)gs, *wg = w + (size_t)g * (size_t)gs;
        float inv;
        if (!c->norm_before_gate) {
            for (i = 0; i < gs; i++) v[i] *= m2__silu(zg[i]);
            inv = 1.0f / sqrtf(m2__dot_f32(v, v, gs) / (float)gs + c->gated_norm_eps);
            for (i = 0; i < gs; i++) v[i] = v[i] * inv * wg[i];
        } else {
            inv = 1.0f / sqrtf(m2__dot_f32(v, v, gs) / (float)gs + c->gated_norm_eps);
            for (i = 0; i < gs; i++) v[i] = v[i] * inv * wg[i] * m2__silu(zg[i]);
        }
    }
}

/* x[0..T) += Mixer(RMSNorm(x)) for one layer. recurrent = 1 uses the step recurrence (T == 1). */
static void m2__layer_forward(m2_session *s, int layer, int T, int recurrent) {
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[layer];
    int D = c->d_model, E = c->d_inner, H = c->nheads, dip = c->d_in_proj, t, h, i;
    m2__ssd_job job;
    m2__conv_job cj;
    m2__rows_job rj;
    rj.s = s; rj.Ly = Ly;
    m2__parallel(s, T, m2__in_norm_task, &rj);
    m2__matmul(s, &Ly->in_proj, Ly->in_proj_bias, s->xn, D, T, s->zx, dip);
    cj.s = s; cj.layer = layer; cj.T = T;
    m2__parallel(s, (c->conv_dim + M2__CONV_BLOCK - 1) / M2__CONV_BLOCK, m2__conv_task, &cj);
    for (t = 0; t < T; t++)
        for (h = 0; h < H; h++) {
            float v = m2__softplus(s->zx[(size_t)t * (size_t)dip + (size_t)(E + c->conv_dim + h)] + Ly->dt_bias[h]);
            if (v < c->dt_min) v = c->dt_min;
            if (v > c->dt_max) v = c->dt_max;
            s->dt[t * H + h] = v;
        }
    job.s = s; job.layer = layer; job.T = T;
    if (recurrent) {
        m2__parallel(s, H, m2__ssd_step_task, &job);
    } else {
        m2__parallel(s, c->ngroups, m2__ssd_cb_task, &job);
        m2__parallel(s, H, m2__ssd_chunk_task, &job);
    }
    m2__parallel(s, T, m2__out_norm_task, &rj);
    m2__matmul(s, &Ly->out_proj, Ly->out_proj_bias, s->y, E, T, s->xn, D);
    for (i = 0; i < T * D; i++) s->x[i] += s->xn[i];
}

static int m2__all_finite(const float *v, size_t n) {
    size_t i;
    float bad = 0.0f;
    for (i = 0; i < n; i++) bad += (v[i] - v[i]); /* 0 for finite values, NaN otherwise */
    return bad == 0.0f;
}

static void m2__push_history(m2_session *s, const int32_t *ids, size_t n) {
    int cap = s->opts.history;
    size_t i = n > (size_t)cap ? n - (size_t)cap : 0;
    for (; i < n; i++) {
        s->hist[s->hist_head] = ids[i];
        s->hist_head = (s->hist_head + 1) % cap;
        if (s->hist_len < cap) s->hist_len++;
    }
}

// >>session
MAMBA2_API m2_result m2_session_create(m2_session **out, const m2_model *model, const m2_session_opts *opts) {
    m2_session_opts o;
    const m2_config *c;
    m2_session *s;
    uint64_t total = 0, sz[15], per_head;
    size_t k, n_parts = sizeof sz / sizeof sz[0];
    unsigned char *mem;
    int Q;
    if (!out || !model) return M2_ERR_INVALID_ARGUMENT;
    c = &model->cfg;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (o.n_threads < 0 || o.chunk_size < 0 || o.history < 0 || o.chunk_size > M2__MAX_CHUNK) return M2_ERR_INVALID_ARGUMENT;
    if (!o.alloc.alloc && !o.alloc.free && !o.alloc.user) o.alloc = model->alloc;
    if ((o.alloc.alloc == NULL) != (o.alloc.free == NULL)) return M2_ERR_INVALID_ARGUMENT;
    if (o.n_threads == 0) {
#ifdef M2__OPENMP
        o.n_threads = o.parallel_for ? 1 : omp_get_max_threads();
#else
        o.n_threads = 1;
#endif
    }
    if (o.chunk_size == 0) o.chunk_size = M2__DEFAULT_CHUNK;
    if (o.history == 0) o.history = 256;
    Q = o.chunk_size;
    /* every buffer of the session, sized once here: nothing is allocated after this */
    sz[0] = (uint64_t)c->n_layer * (uint64_t)c->d_inner * (uint64_t)c->d_state * 4u;  /* ssm  */
    sz[1] = (uint64_t)c->n_layer * (uint64_t)c->conv_dim * (uint64_t)(c->d_conv - 1) * 4u; /* conv */
    sz[2] = (uint64_t)Q * (uint64_t)c->d_model * 4u;                                   /* x    */
    sz[3] = sz[2];                                                                     /* xn   */
    sz[4] = (uint64_t)Q * (uint64_t)c->d_in_proj * 4u;                                 /* zx   */
    sz[5] = (uint64_t)Q * (uint64_t)c->conv_dim * 4u;                                  /* xbc  */
    sz[6] = (uint64_t)Q * (uint64_t)c->nheads * 4u;                                    /* dt   */
    sz[7] = (uint64_t)Q * (uint64_t)c->d_inner * 4u;                                   /* y    */
    sz[8] = (uint64_t)c->ngroups * (uint64_t)Q * (uint64_t)Q * 4u;                     /* cb   */
    sz[9] = (uint64_t)c->nheads * (uint64_t)Q * 8u;                                    /* cum  */
    sz[10] = (uint64_t)c->vocab_rows * 4u;                                             /* logits */
    sz[11] = (uint64_t)o.history * 4u;                                                 /* hist */
    sz[12] = (uint64_t)c->vocab_rows * 4u;                                             /* probs */
    sz[13] = (uint64_t)c->vocab_rows * 4u;                                             /* cand */
    per_head = (uint64_t)Q * (uint64_t)Q + (uint64_t)Q * (2u * (uint64_t)c->headdim + (uint64_t)c->d_state);
    sz[14] = (uint64_t)c->nheads * per_head * 4u;                                      /* ssd scratch */
    for (k = 0; k < n_parts; k++) {
        sz[k] = (sz[k] + 63u) & ~(uint64_t)63u;
        total += sz[k];
    }
    if (total + 64u > (uint64_t)(size_t)-1) return M2_ERR_OUT_OF_MEMORY;
    s = (m2_session *)m2__calloc(&o.alloc, 1, sizeof *s);
    if (!s) return M2_ERR_OUT_OF_MEMORY;
    s->block = m2__alloc(&o.alloc, (size_t)total + 64u);
    if (!s->block) { m2__free(&o.alloc, s); return M2_ERR_OUT_OF_MEMORY; }
    memset(s->block, 0, (size_t)total + 64u);
    mem = (unsigned char *)(((uintptr_t)s->block + 63u) & ~(uintptr_t)63u);
#define M2__TAKE(field, type, k) (s->field = (type *)(void *)mem, mem += (size_t)sz[k])
    M2__TAKE(ssm, float, 0); M2__TAKE(conv, float, 1); M2__TAKE(x, float, 2); M2__TAKE(xn, float, 3);
    M2__TAKE(zx, float, 4); M2__TAKE(xbc, float, 5); M2__TAKE(dt, float, 6); M2__TAKE(y, float, 7);
    M2__TAKE(cb, float, 8); M2__TAKE(cum, double, 9); M2__TAKE(logits, float, 10); M2__TAKE(hist, int32_t, 11);
    M2__TAKE(probs, float, 12); M2__TAKE(cand, int32_t, 13); M2__TAKE(ssd_scratch, float, 14);
#undef M2__TAKE
    s->model = model;
    s->opts = o;
    s->chunk = Q;
    s->ssd_per_head = (size_t)per_head;
    *out = s;
    return M2_OK;
}

MAMBA2_API void m2_session_destroy(m2_session *s) {
    m2_allocator a;
    if (!s) return;
    a = s->opts.alloc;
    m2__free(&a, s->block);
    m2__free(&a, s);
}

MAMBA2_API const m2_session_opts *m2_session_options(const m2_session *s) { return s ? &s->opts : NULL; }
MAMBA2_API const char *m2_session_error(const m2_session *s) { return s ? s->err : "NULL session"; }
MAMBA2_API uint64_t m2_session_position(const m2_session *s) { return s ? s->pos : 0; }
MAMBA2_API const float *m2_session_logits(const m2_session *s) { return s && s->has_logits ? s->logits : NULL; }

MAMBA2_API void m2_session_reset(m2_session *s) {
    const m2_config *c;
    if (!s) return;
    c = &s->model->cfg;
    memset(s->ssm, 0, (size_t)c->n_layer * (size_t)c->d_inner * (size_t)c->d_state * 4u);
    memset(s->conv, 0, (size_t)c->n_layer * (size_t)c->conv_dim * (size_t)(c->d_conv - 1) * 4u);
    s->pos = 0;
    s->has_logits = 0;
    s->hist_len = s->hist_head = 0;
    s->err[0] = 0;
}

static m2_result m2__check_ids(m2_session *s, const int32_t *ids, size_t n) {
    size_t i;
    int V = s->model->cfg.vocab_rows;
    for (i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= V) return m2__fail(s, M2_ERR_TOKEN_RANGE, "token id %ld at position %lu is outside [0, %d)", (long)ids[i], (unsigned long)i, V);
    return M2_OK;
}

static void m2__embed(m2_session *s, const int32_t *ids, int T) {
    int t, D = s->model->cfg.d_model;
    for (t = 0; t < T; t++) m2__row_to_f32(&s->model->embedding, ids[t], s->x + (size_t)t * (size_t)D);
}

/* final norm of rows [0, T) into xn */
static void m2__final_norm(m2_session *s, int T) {
    const m2_config *c = &s->model->cfg;
    int t, D = c->d_model;
    for (t = 0; t < T; t++) m2__rmsnorm(s->xn + (size_t)t * (size_t)D, s->x + (size_t)t * (size_t)D, s->model->norm_f, D, c->norm_eps);
}

static m2_result m2__prefill(m2_session *s, const int32_t *ids, size_t n, float *logits, m2_logits_fn fn, void *user) {
    const m2_config *c;
    size_t start;
    int V, D, layer, t;
    m2_result r;
    if (!s || (!ids && n)) return M2_ERR_INVALID_ARGUMENT;
    s->err[0] = 0;
    c = &s->model->cfg;
    V = c->vocab_rows;
    D = c->d_model;
    if ((r = m2__check_ids(s, ids, n)) != M2_OK) return r;
    for (start = 0; start < n; start += (size_t)s->chunk) {
        int T = n - start < (size_t)s->chunk ? (int)(n - start) : s->chunk;
        int last_block = start + (size_t)T == n;
        m2__embed(s, ids + start, T);
        for (layer = 0; layer < c->n_layer; layer++) m2__layer_forward(s, layer, T, 0);
        m2__final_norm(s, T);
        if (logits) {
            float *rows = logits + start * (size_t)V;
            m2__matmul(s, &s->model->lm_head, NULL, s->xn, D, T, rows, V);
            if (!m2__all_finite(rows, (size_t)T * (size_t)V))
                return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at positions %lu..%lu", (unsigned long)start, (unsigned long)(start + (size_t)T - 1));
            memcpy(s->logits, rows + (size_t)(T - 1) * (size_t)V, (size_t)V * 4u);
        } else if (fn) {
            for (t = 0; t < T; t++) {
                m2__matmul(s, &s->model->lm_head, NULL, s->xn + (size_t)t * (size_t)D, D, 1, s->logits, V);
                if (!m2__all_finite(s->logits, (size_t)V)) return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at position %lu", (unsigned long)(start + (size_t)t));
                s->pos++;
                m2__push_history(s, ids + start + t, 1);
                s->has_logits = 1;
                if (fn(user, s->pos - 1, s->logits, V)) return m2__fail(s, M2_ERR_CANCELLED, "prefill cancelled by the callback at position %lu", (unsigned long)(s->pos - 1));
            }
            continue;
        } else if (last_block) {
            m2__matmul(s, &s->model->lm_head, NULL, s->xn + (size_t)(T - 1) * (size_t)D, D, 1, s->logits, V);
            if (!m2__all_finite(s->logits, (size_t)V)) return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits after the prompt");
        }
        s->pos += (uint64_t)T;
        m2__push_history(s, ids + start, (size_t)T);
        if (logits || last_block) s->has_logits = 1;
    }
    return M2_OK;
}

MAMBA2_API m2_result m2_prefill(m2_session *s, const int32_t *ids, size_t n, float *logits) {
    return m2__prefill(s, ids, n, logits, NULL, NULL);
}
MAMBA2_API m2_result m2_prefill_each(m2_session *s, const int32_t *ids, size_t n, m2_logits_fn fn, void *user) {
    if (!fn) return M2_ERR_INVALID_ARGUMENT;
    return m2__prefill(s, ids, n, NULL, fn, user);
}

MAMBA2_API m2_result m2_step(m2_session *s, int32_t id) {
    const m2_config *c;
    int layer;
    m2_result r;
    if (!s) return M2_ERR_INVALID_ARGUMENT;
    s->err[0] = 0;
    c = &s->model->cfg;
    if ((r = m2__check_ids(s, &id, 1)) != M2_OK) return r;
    m2__embed(s, &id, 1);
    for (layer = 0; layer < c->n_layer; layer++) m2__layer_forward(s, layer, 1, 1);
    m2__final_norm(s, 1);
    m2__matmul(s, &s->model->lm_head, NULL, s->xn, c->d_model, 1, s->logits, c->vocab_rows);
    s->pos++;
    m2__push_history(s, &id, 1);
    s->has_logits = 1;
    if (!m2__all_finite(s->logits, (size_t)c->vocab_rows)) return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at position %lu", (unsigned long)(s->pos - 1));
    return M2_OK;
}

/* Snapshot layout (little-endian), version 1:
     "M2ST" | u32 version | u32 model meta_crc32 | u32 L, H, P, N, conv_dim, K-1, V, history |
     u64 position | u32 hist_len | u32 has_logits |
     per layer: ssm (H*P*N f32) then conv (conv_dim*(K-1) f32) | history ids oldest first (i32 x hist_len) |
     logits (V f32, if has_logits) | u32 CRC-32 of everything before it */
#define M2__SNAP_HEAD 60u
static uint64_t m2__snap_size(const m2_session *s, int hist_len, int has_logits) {
    const m2_config *c = &s->model->cfg;
    uint64_t per_layer = (uint64_t)c->d_inner * (uint64_t)c->d_state + (uint64_t)c->conv_dim * (uint64_t)(c->d_conv - 1);
    return M2__SNAP_HEAD + 4u * (per_layer * (uint64_t)c->n_layer + (uint64_t)hist_len + (has_logits ? (uint64_t)c->vocab_rows : 0u)) + 4u;
}
MAMBA2_API size_t m2_session_state_size(const m2_session *s) {
    return s ? (size_t)m2__snap_size(s, s->hist_len, s->has_logits) : 0;
}

static void m2__put_floats(unsigned char *dst, const float *src, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &src[i], 4);
        m2__wr32(dst + 4 * i, u);
    }
}
static void m2__get_floats(float *dst, const unsigned char *src, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        uint32_t u = m2__rd32(src + 4 * i);
        memcpy(&dst[i], &u, 4);
    }
}

MAMBA2_API m2_result m2_session_save(m2_session *s, void *buf, size_t size) {
    const m2_config *c;
    unsigned char *p = (unsigned char *)buf;
    size_t need, ssm_n, conv_n, i;
    int l;
    if (!s || !buf) return M2_ERR_INVALID_ARGUMENT;
    c = &s->model->cfg;
    need = m2_session_state_size(s);
    if (size < need) return m2__fail(s, M2_ERR_BUFFER_TOO_SMALL, "snapshot needs %lu bytes, buffer has %lu", (unsigned long)need, (unsigned long)size);
    memcpy(p, "M2ST", 4);
    m2__wr32(p + 4, 1);
    m2__wr32(p + 8, s->model->meta_crc);
    m2__wr32(p + 12, (uint32_t)c->n_layer); m2__wr32(p + 16, (uint32_t)c->nheads); m2__wr32(p + 20, (uint32_t)c->headdim);
    m2__wr32(p + 24, (uint32_t)c->d_state); m2__wr32(p + 28, (uint32_t)c->conv_dim); m2__wr32(p + 32, (uint32_t)(c->d_conv - 1));
    m2__wr32(p + 36, (uint32_t)c->vocab_rows); m2__wr32(p + 40, (uint32_t)s->opts.history);
    m2__wr64(p + 44, s->pos);
    m2__wr32(p + 52, (uint32_t)s->hist_len);
    m2__wr32(p + 56, (uint32_t)s->has_logits);
    p += M2__SNAP_HEAD;
    ssm_n = (size_t)c->d_inner * (size_t)c->d_state;
    conv_n = (size_t)c->conv_dim * (size_t)(c->d_conv - 1);
    for (l = 0; l < c->n_layer; l++) {
        m2__put_floats(p, s->ssm + (size_t)l * ssm_n, ssm_n); p += 4 * ssm_n;
        m2__put_floats(p, s->conv + (size_t)l * conv_n, conv_n); p += 4 * conv_n;
    }
    for (i = 0; i < (size_t)s->hist_len; i++) {
        int cap = s->opts.history;
        m2__wr32(p, (uint32_t)s->hist[(s->hist_head - s->hist_len + (int)i + cap) % cap]);
        p += 4;
    }
    if (s->has_logits) { m2__put_floats(p, s->logits, (size_t)c->vocab_rows); p += 4 * (size_t)c->vocab_rows; }
    m2__wr32(p, m2__crc32(0, buf, (size_t)(p - (unsigned char *)buf)));
    return M2_OK;
}

MAMBA2_API m2_result m2_session_load(m2_session *s, const void *buf, size_t size) {
    const m2_config *c;
    const unsigned char *p = (const unsigned char *)buf;
    uint32_t hist_len, i;
    int has_logits, l;
    size_t ssm_n, conv_n;
    if (!s || !buf) return M2_ERR_INVALID_ARGUMENT;
    c = &s->model->cfg;
    if (size < M2__SNAP_HEAD + 4 || memcmp(p, "M2ST", 4) != 0) return m2__fail(s, M2_ERR_STATE_MISMATCH, "not a mamba2.h session snapshot");
    if (m2__rd32(p + 4) != 1) return m2__fail(s, M2_ERR_VERSION, "snapshot version %u; this build reads version 1", m2__rd32(p + 4));
    if (m2__rd32(p + 8) != s->model->meta_crc || m2__rd32(p + 12) != (uint32_t)c->n_layer || m2__rd32(p + 16) != (uint32_t)c->nheads ||
        m2__rd32(p + 20) != (uint32_t)c->headdim || m2__rd32(p + 24) != (uint32_t)c->d_state || m2__rd32(p + 28) != (uint32_t)c->conv_dim ||
        m2__rd32(p + 32) != (uint32_t)(c->d_conv - 1) || m2__rd32(p + 36) != (uint32_t)c->vocab_rows)
        return m2__fail(s, M2_ERR_STATE_MISMATCH, "the snapshot was made with another model");
    hist_len = m2__rd32(p + 52);
    has_logits = m2__rd32(p + 56) == 1;
    if (m2__rd32(p + 56) > 1 || hist_len > (uint32_t)s->opts.history || size != m2__snap_size(s, (int)hist_len, has_logits))
        return m2__fail(s, M2_ERR_STATE_MISMATCH, "the snapshot is damaged or was made with another history length");
    if (m2__crc32(0, buf, size - 4) != m2__rd32(p + size - 4)) return m2__fail(s, M2_ERR_STATE_MISMATCH, "snapshot checksum mismatch");
    s->pos = m2__rd64(p + 44);
    p += M2__SNAP_HEAD;
    ssm_n = (size_t)c->d_inner * (size_t)c->d_state;
    conv_n = (size_t)c->conv_dim * (size_t)(c->d_conv - 1);
    for (l = 0; l < c->n_layer; l++) {
        m2__get_floats(s->ssm + (size_t)l * ssm_n, p, ssm_n); p += 4 * ssm_n;
        m2__get_floats(s->conv + (size_t)l * conv_n, p, conv_n); p += 4 * conv_n;
    }
    s->hist_len = 0;
    s->hist_head = 0;
    for (i = 0; i < hist_len; i++) {
        int32_t id = (int32_t)m2__rd32(p);
        m2__push_history(s, &id, 1);
        p += 4;
    }
    s->has_logits = has_logits;
    if (has_logits) m2__get_floats(s->logits, p, (size_t)c->vocab_rows);
    s->err[0] = 0;
    return M2_OK;
}

// >>sample
static uint64_t m2__splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
/* xorshift128+: fast, and the same sequence on every platform for a given seed */
static uint64_t m2__rng_next(uint64_t *st) {
    uint64_t s1 = st[0], s0 = st[1];
    st[0] = s0;
    s1 ^= s1 << 23;
    st[1] = s1 ^ s0 ^ (s1 >> 18) ^ (s0 >> 5);
    return st[1] + s0;
}
static double m2__rng_uniform(uint64_t *st) { return (double)(m2__rng_next(st) >> 11) * (1.0 / 9007199254740992.0); }

MAMBA2_API void m2_sampler_init(m2_sampler *smp, const m2_sampler_opts *opts) {
    uint64_t seed;
    if (!smp) return;
    memset(smp, 0, sizeof *smp);
    if (opts) smp->opts = *opts;
    if (!(smp->opts.temperature > 0.0f)) smp->opts.temperature = 0.0f; /* also NaN -> greedy */
    if (!(smp->opts.top_p > 0.0f && smp->opts.top_p < 1.0f)) smp->opts.top_p = 1.0f;
    if (!(smp->opts.min_p > 0.0f && smp->opts.min_p <= 1.0f)) smp->opts.min_p = 0.0f;
    if (!(smp->opts.repeat_penalty > 0.0f)) smp->opts.repeat_penalty = 1.0f;
    if (smp->opts.top_k < 0) smp->opts.top_k = 0;
    if (smp->opts.repeat_last_n <= 0) smp->opts.repeat_last_n = 64;
    if (smp->opts.seed == 0) smp->opts.seed = 0x6D616D626132ull; /* "mamba2" */
    seed = smp->opts.seed;
    smp->rng[0] = m2__splitmix64(&seed);
    smp->rng[1] = m2__splitmix64(&seed);
}

/* Candidate order: higher probability first, ties by lower id, so every choice is reproducible. */
static int m2__cand_before(const float *probs, int32_t a, int32_t b) {
    return probs[a] > probs[b] || (probs[a] == probs[b] && a < b);
}
static void m2__heap_sift(const float *probs, int32_t *c, int root, int n) {
    for (;;) {
        int child = 2 * root + 1;
        int32_t t;
        if (child >= n) return;
        if (child + 1 < n && m2__cand_before(probs, c[child + 1], c[child])) child++;
        if (!m2__cand_before(probs, c[child], c[root])) return;
        t = c[root]; c[root] = c[child]; c[child] = t;
        root = child;
    }
}

/* Sampling as llama.cpp chains it: top-k, then top-p on what is left, then min-p (relative to the
   best token), then a draw. Only as many candidates are ordered as the filters need: a heap gives
   them best-first in O(n + k log n) instead of sorting the whole vocabulary every token. */
MAMBA2_API m2_result m2_sample(m2_session *s, m2_sampler *smp, int32_t *id_out) {
    const m2_config *c;
    int nv, i, n, best, first;
    float *pr;
    double sum, r;
    if (!s || !smp || !id_out) return M2_ERR_INVALID_ARGUMENT;
    if (!s->has_logits) return m2__fail(s, M2_ERR_INVALID_ARGUMENT, "m2_sample: no logits yet (feed a token first)");
    c = &s->model->cfg;
    nv = c->vocab_size; /* the real vocabulary: padding rows are never sampled */
    pr = s->probs;
    memcpy(pr, s->logits, (size_t)nv * 4u);
    if (!m2__all_finite(pr, (size_t)nv)) return m2__fail(s, M2_ERR_NUMERIC, "m2_sample: NaN or Inf in the logits");
    if (smp->opts.repeat_penalty != 1.0f) {
        /* CTRL-style penalty (as llama.cpp): once per distinct recent token */
        int cap = s->opts.history, last = smp->opts.repeat_last_n < s->hist_len ? smp->opts.repeat_last_n : s->hist_len, k, j;
        for (k = 0; k < last; k++) {
            int32_t t = s->hist[(s->hist_head - 1 - k + 2 * cap) % cap];
            int seen = 0;
            for (j = 0; j < k && !seen; j++) seen = s->hist[(s->hist_head - 1 - j + 2 * cap) % cap] == t;
            if (seen || t >= nv) continue;
            pr[t] = pr[t] > 0.0f ? pr[t] / smp->opts.repeat_penalty : pr[t] * smp->opts.repeat_penalty;
        }
    }
    best = 0;
    for (i = 1; i < nv; i++) if (pr[i] > pr[best]) best = i;
    if (smp->opts.temperature == 0.0f) { *id_out = best; return M2_OK; }
    {   /* softmax at temperature (unnormalised: the best token weighs exp(0) = 1), sum in double */
        float maxv = pr[best];
        sum = 0.0;
        for (i = 0; i < nv; i++) { pr[i] = expf((pr[i] - maxv) / smp->opts.temperature); sum += pr[i]; }
    }
    n = 0;
    if (smp->opts.top_p < 1.0f && smp->opts.top_k == 0 && nv > 1) {
        /* a token below (1 - top_p) / (nv - 1) of the mass can never enter the nucleus */
        float bound = (float)((1.0 - smp->opts.top_p) / (double)(nv - 1) * sum);
        for (i = 0; i < nv; i++) if (pr[i] >= bound) s->cand[n++] = i;
    } else {
        for (i = 0; i < nv; i++) s->cand[i] = i;
        n = nv;
    }
    first = 0; /* the kept candidates are cand[first..n), best first */
    if (smp->opts.top_k > 0 || smp->opts.top_p < 1.0f) {
        int end = n, want = smp->opts.top_k > 0 && smp->opts.top_k < n ? smp->opts.top_k : n, k;
        double mass = 0.0, target;
        for (i = n / 2 - 1; i >= 0; i--) m2__heap_sift(pr, s->cand, i, n);
        if (smp->opts.top_k > 0) { /* top-p then applies to the top-k set's own mass */
            double k_mass = 0.0;
            int32_t *tmp = s->cand;
            for (k = 0; k < want; k++) {
                int32_t top = tmp[0];
                tmp[0] = tmp[end - 1]; tmp[end - 1] = top;
                end--;
                m2__heap_sift(pr, tmp, 0, end);
                k_mass += pr[top];
            }
            target = smp->opts.top_p < 1.0f ? smp->opts.top_p * k_mass : k_mass;
            /* cand[end..n) holds the top-k, worst first; walk it best first */
            for (k = n - 1; k >= end; k--) {
                mass += pr[s->cand[k]];
                if (mass >= target) break;
            }
            first = k < end ? end : k;
        } else {
            target = smp->opts.top_p * sum;
            while (end > 0) {
                int32_t top = s->cand[0];
                s->cand[0] = s->cand[end - 1]; s->cand[end - 1] = top;
                end--;
                m2__heap_sift(pr, s->cand, 0, end);
                mass += pr[top];
                if (mass >= target) break;
            }
            first = end;
        }
        /* best first: reverse cand[first..n) */
        for (i = 0; i < (n - first) / 2; i++) { int32_t t = s->cand[first + i]; s->cand[first + i] = s->cand[n - 1 - i]; s->cand[n - 1 - i] = t; }
    }
    if (smp->opts.min_p > 0.0f) { /* relative to the best weight, which is 1 */
        int kept = first;
        for (i = first; i < n; i++) if (pr[s->cand[i]] >= smp->opts.min_p) s->cand[kept++] = s->cand[i];
        n = kept;
    }
    if (n <= first) { *id_out = best; return M2_OK; }
    sum = 0.0;
    for (i = first; i < n; i++) sum += pr[s->cand[i]];
    r = m2__rng_uniform(smp->rng) * sum;
    for (i = first; i < n; i++) {
        r -= pr[s->cand[i]];
        if (r < 0.0) { *id_out = s->cand[i]; return M2_OK; }
    }
    *id_out = s->cand[n - 1];
    return M2_OK;
}

// >>tokenizer
/* M2_TOKENIZER_BEGIN (placeholder until the tokenizer lands) */
struct m2__tokenizer { int unused; };
static m2_result m2__tokenizer_load(struct m2__tokenizer **out, const unsigned char *sec, size_t size,
                                    int vocab_rows, const m2_allocator *alloc, char *err, size_t err_size) {
    (void)out; (void)sec; (void)size; (void)vocab_rows; (void)alloc;
    m2__set_err(err, err_size, "tokenizer not yet implemented"); return M2_ERR_UNSUPPORTED;
}
static void m2__tokenizer_free(struct m2__tokenizer *tok, const m2_allocator *alloc) { (void)tok; (void)alloc; }
MAMBA2_API int m2_model_has_tokenizer(const m2_model *model) { return model && model->tok; }
MAMBA2_API m2_result m2_tokenize_work_create(m2_tokenize_work **out, const m2_model *model, const m2_allocator *alloc) { (void)out; (void)model; (void)alloc; return M2_ERR_NO_TOKENIZER; }
MAMBA2_API void m2_tokenize_work_destroy(m2_tokenize_work *work) { (void)work; }
MAMBA2_API m2_result m2_tokenize(const m2_model *model, m2_tokenize_work *work, const char *text, ptrdiff_t len, int32_t *ids, size_t cap, size_t *n_ids, unsigned flags) { (void)model; (void)work; (void)text; (void)len; (void)ids; (void)cap; (void)n_ids; (void)flags; return M2_ERR_NO_TOKENIZER; }
MAMBA2_API m2_result m2_token_bytes(const m2_model *model, int32_t id, const char **bytes, size_t *len) { (void)model; (void)id; (void)bytes; (void)len; return M2_ERR_NO_TOKENIZER; }
MAMBA2_API m2_result m2_detokenize(const m2_model *model, const int32_t *ids, size_t n, char *out, size_t cap, size_t *out_len) { (void)model; (void)ids; (void)n; (void)out; (void)cap; (void)out_len; return M2_ERR_NO_TOKENIZER; }
MAMBA2_API void m2_decoder_init(m2_decoder *dec) { if (dec) dec->n_pending = 0; }
MAMBA2_API m2_result m2_decode_stream(const m2_model *model, m2_decoder *dec, int32_t id, char *out, size_t cap, size_t *out_len) { (void)model; (void)dec; (void)id; (void)out; (void)cap; (void)out_len; return M2_ERR_NO_TOKENIZER; }
MAMBA2_API m2_result m2_decoder_flush(m2_decoder *dec, char *out, size_t cap, size_t *out_len) { (void)dec; (void)out; (void)cap; *out_len = 0; return M2_OK; }
/* M2_TOKENIZER_END */

#endif /* MAMBA2_IMPLEMENTATION_DONE */
#endif /* MAMBA2_IMPLEMENTATION */

/*
REVISION HISTORY
   0.1.0  (2026-11-28)  first release: loader, chunked SSD prefill, recurrent step, sampling,
                        snapshots, byte-level BPE tokenizer.

LICENSE
   MIT License

   Copyright (c) 2026 the mamba2.h authors

   Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
   associated documentation files (the "Software"), to deal in the Software without restriction,
   including without limitation the rights to use, copy, modify, merge, publish, distribute,
   sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
   furnished to do so, subject to the following conditions:

   The above copyright notice and this permission notice shall be included in all copies or
   substantial portions of the Software.

   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
   NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
   NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
   OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
   CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
*/
