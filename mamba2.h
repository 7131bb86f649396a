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
   MAMBA2_SHARED          all       the API lives in a shared library (libmamba2.so / mamba2.dll):
                                    exported with default visibility, dllimport on Windows users
   MAMBA2_BUILD           impl      with MAMBA2_SHARED: this unit builds the DLL (dllexport)
   M2_MALLOC(sz, ctx)     impl      compile-time allocator; define together with M2_FREE(p, ctx)
   M2_FREE(p, ctx)        impl      (ctx is the run-time allocator's user pointer, or NULL)
   M2_ASSERT(x)           impl      internal invariants only (never input checks); default assert()
   MAMBA2_NO_STDIO        impl      no file I/O: load models from memory only (m2_model_open absent)
   MAMBA2_NO_MMAP         impl      m2_model_open reads the file into memory instead of mapping it
   MAMBA2_NO_SIMD         impl      plain scalar kernels only
   MAMBA2_NO_DISPATCH     impl      kernels for the compiler's target only (see INSTRUCTION SETS)
   MAMBA2_NO_OPENMP       impl      ignore OpenMP even when compiling with -fopenmp

INSTRUCTION SETS
   On x86-64 with gcc 10+ or clang 9+ the kernels are compiled once per level, from the compiler's
   target up: plain C, AVX2 + FMA + F16C, AVX-512 (F/BW/DQ/VL), AVX-512 + VNNI, AVX-512 + BF16 +
   VNNI. Each session runs the best level the CPU has (CPUID, and XGETBV for the OS's register
   saving), or the one m2_session_opts.isa names; m2_isa_available / m2_isa_name list them. A plain
   build (no -march) is therefore portable and as fast as -march=native. To do this the header
   includes itself again by its own file name (__FILE_NAME__, else "mamba2.h"): if you paste it
   into another file, or want one level only, define MAMBA2_NO_DISPATCH. Elsewhere (MSVC, 32-bit
   x86, aarch64 NEON, wasm: SIMD128 with -msimd128) the one level the compiler flags give is built.
   The cost of carrying every level, with gcc 12 -O2 on x86-64 (a file that is only the two lines
   #define MAMBA2_IMPLEMENTATION / #include "mamba2.h", measured by
       time cc -O2 -c one.c && size one.o        and the same with -DMAMBA2_NO_DISPATCH):
   about 5 s and 218 KB of code (size's text) with dispatch, 1.8 s and 129 KB without.
   With the BF16 and VNNI levels the default session rounds some activations (bf16 in BF16
   prefill, int8 in Q8_0 matrix products); from AVX2 up, decode with the 4-/5-/6-bit block types
   (and Q8_0 on AVX2) rounds them to int8 blocks too; m2_session_opts.f32_activations = 1 keeps
   them f32 (the weights are then dequantized exactly, as ggml's dequantize_row_* does).

THREAD SAFETY
   An m2_model is immutable once opened: any number of sessions on any number of threads may share
   it. An m2_session must be used by one thread at a time. The library keeps no global mutable state
   and never prints. With OpenMP it runs its loops in OpenMP parallel regions sized by
   m2_session_opts.n_threads; a caller-provided parallel-for hook replaces OpenMP entirely.

LIMITS
   Dimensions read from a file are bounded (see m2__validate_config); sizes are overflow-checked;
   a file whose default session would need far more memory than the file itself is refused.
   Session memory is fixed at creation; prompts of any length run in that memory.
   Stack: prefill keeps weight panels and partial sums on the stack of the thread that runs each
   task, at most about 41 KB with AVX-512 (16 KB otherwise): give job-system threads at least 64 KB.
   Models: Mamba-2 language models in the mamba_ssm / HF transformers layouts (RMSNorm, gated
   RMSNorm, optional projection biases, any ngroups); tokenizers of the byte-level BPE family.
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
#elif defined(MAMBA2_SHARED) && (defined(_WIN32) || defined(__CYGWIN__))
/* a DLL: MAMBA2_BUILD in the unit that builds it (lib/mamba2_lib.c), not in its users */
#ifdef MAMBA2_BUILD
#define MAMBA2_API extern __declspec(dllexport)
#else
#define MAMBA2_API extern __declspec(dllimport)
#endif
#elif defined(MAMBA2_SHARED) && (defined(__GNUC__) || defined(__clang__))
/* a shared object built with -fvisibility=hidden: only the public API is exported */
#define MAMBA2_API extern __attribute__((visibility("default")))
#else
#define MAMBA2_API extern
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible call returns one of these; outputs are left untouched on failure. One list gives
   the enum and m2_result_str: X(name, value, message), a new code is one line at the end. */
#define M2_RESULT_LIST(X) \
    X(M2_OK, 0, "ok") \
    X(M2_ERR_INVALID_ARGUMENT, -1, "invalid argument")  /* NULL where an object is needed, negative count, bad option */ \
    X(M2_ERR_IO, -2, "I/O error")                       /* the file could not be opened, read or mapped                 */ \
    X(M2_ERR_FORMAT, -3, "invalid or corrupt model file") /* not a model file, or a corrupt / truncated / inconsistent one */ \
    X(M2_ERR_VERSION, -4, "unsupported version")        /* a model file or snapshot of a version this build cannot read */ \
    X(M2_ERR_UNSUPPORTED, -5, "unsupported feature")    /* valid, but uses a feature this build does not implement      */ \
    X(M2_ERR_OUT_OF_MEMORY, -6, "out of memory") \
    X(M2_ERR_TOKEN_RANGE, -7, "token id out of range")  /* a token id outside [0, vocab rows)                            */ \
    X(M2_ERR_BUFFER_TOO_SMALL, -8, "buffer too small")  /* the caller's buffer cannot hold the result                     */ \
    X(M2_ERR_NO_TOKENIZER, -9, "the model has no tokenizer") /* the model file carries no tokenizer                       */ \
    X(M2_ERR_NUMERIC, -10, "NaN or Inf in activations") /* NaN or Inf appeared in activations or logits                   */ \
    X(M2_ERR_STATE_MISMATCH, -11, "snapshot does not match this model") /* a snapshot from another model, or a damaged one */ \
    X(M2_ERR_CANCELLED, -12, "cancelled")               /* a callback asked to stop                                       */ \
    X(M2_ERR_CONTEXT_FULL, -13, "context full")         /* the session's context (n_ctx) is full                          */

#define M2__RESULT_ENUM(name, value, message) name = value,
typedef enum m2_result {
    M2_RESULT_LIST(M2__RESULT_ENUM) /* (the last comma is allowed since C99 and C++11) */
} m2_result;
#undef M2__RESULT_ENUM

MAMBA2_API const char *m2_result_str(m2_result r);
/* "MAJOR.MINOR.PATCH" of the compiled library, which a program loading a shared build may compare
   with the MAMBA2_VERSION_* macros it was compiled against. */
MAMBA2_API const char *m2_version(void);

/* Run-time allocator. A zeroed struct means M2_MALLOC / M2_FREE (malloc / free by default). */
typedef struct m2_allocator {
    void *(*alloc)(size_t size, void *user); /* must return memory aligned for any type (>= 16 bytes) */
    void (*free)(void *ptr, void *user);
    void *user;
} m2_allocator;

/* Caller-provided parallel-for: run task(task_ctx, i) for every i in [0, n_tasks) and return when all
   are done, in any order, on any threads. Tasks write disjoint memory. It is called for every loop
   of two or more tasks that is worth splitting, and never for the rest, which run on the calling
   thread: a matrix product of fewer than 2^21 multiply-adds (rows x columns x tokens), a norm
   over fewer than 2^16 values, a decode step's state update over fewer than 2^17 state values, and
   the convolution of a decode step are never split; prefill's scan (per group, then per head) always
   is. So decoding a small model makes no calls, and a prefill at least one per layer per chunk:
   with models/fable-3m.bin, 16 decode steps make 0 calls and a 560-token prefill 144 (the test
   api.parallel_for_hook_rule counts them). A matrix product is cut into 4 x n_threads tasks: set
   n_threads to the pool's size.
   A decode step makes ~2 calls per layer, each of some tens of microseconds, so the hook's own cost
   and its behaviour on a shared CPU decide the speed. A good hook runs tasks on the calling thread
   too; hands them out one at a time from a shared counter (a descheduled thread then delays only
   the task it holds); returns when the tasks are done, without waiting for idle threads to check
   in; and lets waiting threads spin only briefly before they sleep. examples/example_pool.c is
   such a pool in ~100 lines. */
typedef void (*m2_parallel_for_fn)(void *pool_ctx, void (*task)(void *task_ctx, int index),
                                    void *task_ctx, int n_tasks);

/* Weight storage types of the model file. The block types have GGUF's (ggml's) block layouts byte
   for byte; a row holds a whole number of blocks (32 values, or 256 for the K types). */
typedef enum m2_dtype {
    M2_F32 = 0,
    M2_F16 = 1,
    M2_BF16 = 2,
    M2_Q8_0 = 3,  /* 32 values: f16 d, int8 q[32]; v = d q                                        */
    M2_Q4_0 = 4,  /* 32: f16 d, u8 qs[16] (value i in the low nibble, i+16 high); v = d (q - 8)    */
    M2_Q4_1 = 5,  /* 32: f16 d, m, qs[16]; v = d q + m                                             */
    M2_Q5_0 = 6,  /* 32: f16 d, u8 qh[4] (bit i: 5th bit of value i), qs[16]; v = d (q - 16)        */
    M2_Q5_1 = 7,  /* 32: f16 d, m, qh[4], qs[16]; v = d q + m                                      */
    M2_Q4_K = 8,  /* 256: f16 d, dmin, 6-bit scales and mins of 8 sub-blocks in 12 bytes, qs[128] */
    M2_Q5_K = 9,  /* 256: f16 d, dmin, scales[12], qh[32], qs[128]                                 */
    M2_Q6_K = 10  /* 256: ql[128], qh[64], int8 scales[16] (one per 16 values), f16 d              */
} m2_dtype;

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
    m2_dtype weight_dtype;/* dtype of the first layer's first projection (the matrices' usual dtype) */
    /* Version 2 files (hybrid models, README "File format"); version 1 files read as zero / one. */
    int n_head, n_kv_head, head_dim; /* attention layers: query heads, key/value heads (GQA), head size */
    int rope;             /* rotary position embedding on q and k (NeoX / rotate_half layout) */
    float rope_theta;
    float attn_scale;     /* score scale: 1/sqrt(head_dim) unless the model sets another */
    int d_ff;             /* dense FFN width */
    int ffn_act;          /* M2_FFN_ACT_SWIGLU or M2_FFN_ACT_RELU2 (dense FFNs and experts) */
    int n_expert, n_expert_used, d_expert, d_shared; /* MoE: experts, top-k, expert and shared-expert widths */
    int router;           /* M2_ROUTER_* */
    float routed_scale;   /* multiplies the routed experts' weights */
    int n_expert_group, topk_group;  /* group-limited routing (M2_ROUTER_SIGMOID_GROUPS) */
    int moe_norm_topk;    /* the top-k weights are renormalised to sum 1 */
    int moe_correction_bias; /* the router adds a bias for selection only */
    float embed_scale;    /* x0 = Emb[id] * embed_scale */
    float residual_scale; /* every block output is scaled by it before the residual add */
    float logit_scale;    /* logits are multiplied by it */
    int n_ctx_train;      /* the model's trained context, 0 if unknown */
    int dt_rank;          /* Mamba-1: rank of the dt projection */
    float mixer_rms_eps;  /* Mamba-1 (Falcon-Mamba): eps of the B, C and dt RMS norms */
    int bc_dt_norm;       /* Mamba-1 (Falcon-Mamba): B, C and dt are RMS-normalised */
    int has_gated_norm;   /* Mamba-2 mixers end in the gated RMSNorm (else y * silu(z)) */
    int attn_qkv_bias, attn_o_bias, ffn_bias;
    int n_attn_layers, n_ssm_layers, n_mamba1_layers, n_dense_layers, n_moe_layers; /* counts by kind */
} m2_config;

/* What one layer is made of (m2_model_layer). A layer is a mixer part and an FFN part, each with
   its own pre-norm and residual add; either may be absent. */
typedef enum m2_mixer_kind {
    M2_MIXER_NONE = 0,
    M2_MIXER_MAMBA2 = 1,    /* the SSD mixer */
    M2_MIXER_ATTENTION = 2, /* causal GQA attention with a KV cache */
    M2_MIXER_PARALLEL = 3,  /* Mamba-2 and attention side by side on the same normed input (Falcon-H1) */
    M2_MIXER_MAMBA1 = 4     /* the selective scan of Mamba-1 */
} m2_mixer_kind;
typedef enum m2_ffn_kind { M2_FFN_NONE = 0, M2_FFN_DENSE = 1, M2_FFN_MOE = 2 } m2_ffn_kind;
#define M2_FFN_ACT_SWIGLU 1        /* down(silu(gate(x)) * up(x))  */
#define M2_FFN_ACT_RELU2 2         /* down(relu(up(x))^2)          */
#define M2_ROUTER_SOFTMAX_TOPK 1   /* the k largest logits, softmax over them (Granite)                */
#define M2_ROUTER_SIGMOID_GROUPS 2 /* sigmoid; chosen by sigmoid + correction bias within the best
                                      groups; weights the unbiased sigmoids (Nemotron)                 */

typedef struct m2_model m2_model;
typedef struct m2_session m2_session;

/* Messages: the library never writes to stdout or stderr. Every failure's message is also passed
   here, if set (level 0 = error), from the thread that failed. */
typedef void (*m2_log_fn)(void *user, int level, const char *message);

typedef struct m2_model_opts {
    m2_allocator alloc; /* zeroed = M2_MALLOC / M2_FREE */
    int no_mmap;        /* 0 = map the file when the platform can; 1 = read it into memory */
    m2_log_fn log;      /* NULL = none; sessions of the model use it too */
    void *log_user;
} m2_model_opts;

/* What a model and one session will take, found before committing to them: the file's bytes are
   used in place (mapped or read), the rest is heap. data/size as for m2_model_open_memory; the
   query validates the file as a load would (the loader's small tables are allocated and freed
   again, with opts->alloc if given), while the session is only sized: asking about a session
   larger than the memory left is fine. */
typedef struct m2_memory_info {
    uint64_t file_bytes;    /* the model file, mapped or read                                 */
    uint64_t model_heap;    /* allocated by the loader beyond the file (tables, tokenizer)    */
    uint64_t session_bytes; /* one session with the given options (NULL = defaults)           */
} m2_memory_info;
typedef struct m2_session_opts m2_session_opts;
MAMBA2_API m2_result m2_memory_query(const void *data, size_t size, const m2_session_opts *opts,
                                     m2_memory_info *info, char *err, size_t err_size);

#ifndef MAMBA2_NO_STDIO
/* m2_memory_query for a model file by its path, before opening it: the file is mapped (or read,
   where there is no mmap), checked as m2_model_open would, and released again. file_bytes is the
   file's size; model_heap does not count a read-in copy of the file. */
MAMBA2_API m2_result m2_memory_query_file(const char *path, const m2_session_opts *opts,
                                          m2_memory_info *info, char *err, size_t err_size);
/* Open a model file. On failure *out is untouched and err (if not NULL) holds a message. */
MAMBA2_API m2_result m2_model_open(m2_model **out, const char *path, const m2_model_opts *opts,
                                   char *err, size_t err_size);
#endif
/* Use a model file that is already in memory. The buffer must stay valid and unchanged until
   m2_model_close, and must be 64-byte aligned (M2_ERR_INVALID_ARGUMENT otherwise): tensors sit at
   64-byte aligned file offsets and are used in place. Nothing is copied. */
MAMBA2_API m2_result m2_model_open_memory(m2_model **out, const void *data, size_t size,
                                          const m2_model_opts *opts, char *err, size_t err_size);
MAMBA2_API void m2_model_close(m2_model *model); /* NULL is allowed (does nothing) */
MAMBA2_API const m2_config *m2_model_config(const m2_model *model);
/* The kinds of layer i (m2_mixer_kind, m2_ffn_kind). */
MAMBA2_API m2_result m2_model_layer(const m2_model *model, int layer, int *mixer, int *ffn);

/* ---- sessions: one per sequence ---- */
struct m2_session_opts {
    int n_threads;                  /* 0 = all OpenMP threads (1 without OpenMP), 1 = serial       */
    int chunk_size;                 /* 0 = library's tuned default; prefill chunk length            */
    m2_allocator alloc;             /* zeroed = the model's allocator                                */
    m2_parallel_for_fn parallel_for;/* NULL = OpenMP (or serial); else every parallel loop uses it  */
    void *parallel_ctx;             /* passed to parallel_for                                        */
    int history;                    /* 0 = 256: recent tokens kept for the repetition penalty       */
    int cancellable_steps;          /* 0 = off; 1 = keep a state backup (doubles the state memory) so
                                       that m2_step_cancel can undo a partly run sliced step        */
    int f32_activations;            /* 0 = round activations where the CPU has dot products for it
                                       (README "Precision"): to bf16 in prefill with BF16 weights
                                       (AVX-512 BF16), to int8 blocks in decode with Q8_0 weights
                                       (AVX2, AVX-512 VNNI, also its prefill) and with the Q4/Q5/Q6
                                       block types (AVX2 and up); 1 = f32 activations everywhere    */
    int isa;                        /* 0 = the best instruction set this CPU runs (m2_isa); else that
                                       one, M2_ERR_UNSUPPORTED if it is not available              */
    int n_ctx;                      /* 0 = the model's trained context, at most M2_DEFAULT_CTX: the
                                       tokens a sequence may hold when the model has attention layers
                                       (their KV cache is sized for it at creation and never grows;
                                       a full context is M2_ERR_CONTEXT_FULL). Ignored without
                                       attention: SSM state does not grow with the sequence.        */
};
#define M2_DEFAULT_CTX 8192

/* Instruction-set levels of the kernels. x86-64 builds with gcc or clang carry every level from
   the compiler's target up and pick the best the CPU runs at session creation; other builds have the
   one level their compiler flags give. */
typedef enum m2_isa {
    M2_ISA_AUTO = 0,
    M2_ISA_SCALAR = 1,      /* plain C */
    M2_ISA_AVX2 = 2,        /* AVX2 + FMA + F16C */
    M2_ISA_AVX512 = 3,      /* AVX-512 F, BW, DQ, VL */
    M2_ISA_AVX512_VNNI = 4, /* AVX-512 with VNNI int8 dot products */
    M2_ISA_AVX512_BF16 = 5, /* AVX-512 with BF16 and VNNI dot products */
    M2_ISA_NEON = 6,        /* aarch64 */
    M2_ISA_WASM_SIMD128 = 7 /* WebAssembly SIMD128 (built with -msimd128) */
} m2_isa;
/* 1 if sessions can use this level here: compiled in, and the CPU runs it. */
MAMBA2_API int m2_isa_available(int isa);
/* "avx2", "avx512+bf16+vnni", ...: the level with the extensions its kernels use. */
MAMBA2_API const char *m2_isa_name(int isa);

MAMBA2_API m2_result m2_session_create(m2_session **out, const m2_model *model, const m2_session_opts *opts);
MAMBA2_API void m2_session_destroy(m2_session *s); /* NULL is allowed (does nothing) */
/* The resolved options (defaults filled in). */
MAMBA2_API const m2_session_opts *m2_session_options(const m2_session *s);
/* Message of the last failed call on this session ("" if none). */
MAMBA2_API const char *m2_session_error(const m2_session *s);
/* Back to the empty sequence (zero state). */
MAMBA2_API void m2_session_reset(m2_session *s);
/* Tokens consumed since the last reset. */
MAMBA2_API uint64_t m2_session_position(const m2_session *s);

/* Feed n tokens by the chunked SSD scan, in blocks of whole chunks (up to 256 tokens, or one chunk
   if chunk_size is larger) that pass through the layers together. If logits is not NULL it
   receives [n, vocab_rows] floats, row t = logits after token t. Either way the last row is kept
   (m2_session_logits). Resumable: prefill(a); prefill(b) == prefill(a ++ b). n == 0 is a no-op. */
MAMBA2_API m2_result m2_prefill(m2_session *s, const int32_t *ids, size_t n, float *logits);
/* As m2_prefill, calling fn(user, position, logits_row) for every token. A nonzero return stops
   the prefill with M2_ERR_CANCELLED at the end of the block being processed (the state cannot be
   rewound): m2_session_position tells how far it went, and logits are available only if that was
   the block's last token. After M2_ERR_NUMERIC the position likewise counts every token consumed. */
typedef int (*m2_logits_fn)(void *user, uint64_t position, const float *logits, int vocab_rows);
MAMBA2_API m2_result m2_prefill_each(m2_session *s, const int32_t *ids, size_t n, m2_logits_fn fn, void *user);
/* Feed one token by the recurrent step. */
MAMBA2_API m2_result m2_step(m2_session *s, int32_t id);
/* Logits after the last token fed: vocab_rows floats, NULL before any token. */
MAMBA2_API const float *m2_session_logits(const m2_session *s);

/* Budgeted stepping, for a frame budget: m2_step_begin(s, id), then m2_step_run(s, k, &done) runs
   up to k more units (each layer's mixer and its FFN, then the lm_head in blocks of 8192 vocabulary rows) per
   call until done; the result is bit-identical to m2_step. In between, the session refuses other
   work. m2_step_cancel abandons the step: before any unit ran it is free; after, it needs
   opts.cancellable_steps, and restores the state as it was before m2_step_begin. Without that
   option, a cancel after a unit ran returns M2_ERR_UNSUPPORTED and changes nothing: the step is
   still in progress, and only m2_step_run to the end (or m2_session_reset) frees the session.
   With no step in progress m2_step_cancel returns M2_OK. */
MAMBA2_API m2_result m2_step_begin(m2_session *s, int32_t id);
MAMBA2_API m2_result m2_step_run(m2_session *s, int max_units, int *done);
MAMBA2_API m2_result m2_step_cancel(m2_session *s);

/* One token for each of n sessions of the same model, in one pass that reads every weight once for
   all of them (n <= the first session's chunk length). The result is bit-identical to n m2_step
   calls (state and logits; session.batched_step_bitwise_equal_to_single_steps holds it so at every
   instruction-set level). Errors and messages are reported on sessions[0]. */
MAMBA2_API m2_result m2_step_batch(m2_session *const *sessions, const int32_t *ids, int n);

/* Copies: the whole sequence (state, position, recent tokens, last logits), no recomputation. */
MAMBA2_API m2_result m2_session_copy(m2_session *dst, const m2_session *src); /* same model and history */
MAMBA2_API m2_result m2_session_fork(m2_session **out, const m2_session *src); /* a new session, same options */

/* Snapshots: the whole sequence as a versioned, checksummed byte blob, tied to the model file it
   came from (loading it into a session of another model is M2_ERR_STATE_MISMATCH).
   M2_SNAPSHOT_F16 stores the SSM and conv states as f16: half the size, logits then move by about
   1e-3 on the models we measured (README).
   A snapshot (and m2_session_copy / m2_session_fork) holds the sequence, not the sampler: the
   m2_sampler's random state lives in the m2_sampler. To continue a sampled text identically after a
   restore, keep a copy of the m2_sampler (a plain struct: assign it) taken with the snapshot. */
#define M2_SNAPSHOT_F16 1u
MAMBA2_API size_t m2_session_state_size(const m2_session *s);
MAMBA2_API size_t m2_session_state_size_ex(const m2_session *s, unsigned flags);
MAMBA2_API m2_result m2_session_save(m2_session *s, void *buf, size_t size);
MAMBA2_API m2_result m2_session_save_ex(m2_session *s, void *buf, size_t size, unsigned flags);
MAMBA2_API m2_result m2_session_load(m2_session *s, const void *buf, size_t size);

/* ---- sampling ---- */
struct m2_logit_bias;
typedef struct m2_sampler_opts {
    float temperature;    /* 0 = greedy (argmax of the raw logits over the real vocabulary) */
    int top_k;            /* 0 = off */
    float top_p;          /* 0 = off (same as 1) */
    float min_p;          /* 0 = off */
    float repeat_penalty; /* 0 = off (same as 1): divide positive / multiply negative logits of recent tokens */
    int repeat_last_n;    /* 0 = 64 (capped by the session's history) */
    uint64_t seed;        /* 0 = a fixed default seed; same seed, same choices */
    const struct m2_logit_bias *logit_bias; /* NULL = none: added to these ids' logits first        */
    int n_logit_bias;
    const int32_t *banned;/* NULL = none: ids that are never chosen                                   */
    int n_banned;         /* (both arrays are the caller's and must outlive the sampler)            */
} m2_sampler_opts;

typedef struct m2_logit_bias {
    int32_t id;
    float bias;           /* -INFINITY bans the token */
} m2_logit_bias;

typedef struct m2_sampler {
    m2_sampler_opts opts; /* resolved */
    uint64_t rng[2];
} m2_sampler;

MAMBA2_API void m2_sampler_init(m2_sampler *smp, const m2_sampler_opts *opts);
/* Choose the next token from the session's last logits: repetition penalty, logit bias and bans,
   then greedy, or temperature with top-k, top-p and min-p (in llama.cpp's order), then a seeded draw.
   Only ids below vocab_size are ever chosen. M2_ERR_NUMERIC if the logits hold NaN or Inf;
   M2_ERR_INVALID_ARGUMENT if every token is banned. */
MAMBA2_API m2_result m2_sample(m2_session *s, m2_sampler *smp, int32_t *id);

/* Stop sequences, matched on the text as it streams, across token boundaries. Feed each piece of
   decoded text; the part that can no longer begin a stop sequence comes out, the rest is held back.
   m2_stop_feed returns 1 when a stop sequence is complete (out then ends just before it). */
#define M2_STOP_MAX 64      /* bytes in the longest stop sequence, + 1 */
#define M2_STOP_SEQS 8      /* stop sequences at most */
typedef struct m2_stop {
    const char *seq[M2_STOP_SEQS]; /* the caller's strings, which must outlive the matcher */
    size_t len[M2_STOP_SEQS];
    int n;
    char held[M2_STOP_MAX];
    size_t n_held;
} m2_stop;
MAMBA2_API m2_result m2_stop_init(m2_stop *st, const char *const *seqs, int n); /* each 1..M2_STOP_MAX-1 bytes */
/* out must hold len + M2_STOP_MAX bytes. */
MAMBA2_API int m2_stop_feed(m2_stop *st, const char *text, size_t len, char *out, size_t *out_len);
/* At the end: the held-back text (out must hold M2_STOP_MAX bytes). */
MAMBA2_API size_t m2_stop_flush(m2_stop *st, char *out);


/* ---- tokenizer (when the model file carries one; otherwise these return M2_ERR_NO_TOKENIZER) ----
   BPE as Hugging Face `tokenizers` runs a tokenizer.json: byte-level (GPT-2 / NeoX / Llama-3 style)
   and SentencePiece-style with byte fallback; added tokens, the file's normalizers, its
   pre-tokenizers (Split regexes run by a linear-time engine), BPE by merge rank, its decoders and
   post-processor (README.md, Tokenizer). Compiled out with MAMBA2_NO_TOKENIZER (the tokenizer and
   its Unicode tables are about 40 % of this file): the functions below then stay, and return
   M2_ERR_NO_TOKENIZER (m2_model_has_tokenizer 0), and a model file's tokenizer is skipped. */
MAMBA2_API int m2_model_has_tokenizer(const m2_model *model);
/* The chat template (Jinja source text, not NUL-terminated) the converter took from
   tokenizer_config.json. M2_ERR_NO_TOKENIZER without a tokenizer, M2_ERR_UNSUPPORTED when the file
   carries no template. The text lives as long as the model. */
MAMBA2_API m2_result m2_model_chat_template(const m2_model *model, const char **text, size_t *len);
/* A named special token of tokenizer_config.json ("bos_token", "eos_token", "unk_token",
   "pad_token", ...): its text (not NUL-terminated) and its id (-1 if the text is no single token).
   Either output may be NULL. M2_ERR_UNSUPPORTED when the file does not name it. */
MAMBA2_API m2_result m2_model_special_token(const m2_model *model, const char *name, const char **text,
                                            size_t *len, int32_t *id);

/* Caller-owned scratch for m2_tokenize, so that the model stays immutable and shareable.
   One per thread; usable with any model. It grows (through its allocator) only when a text longer
   than any before arrives, and on the first text of a model whose pre-tokenizer has regexes (a
   lazily built DFA, about 200 KiB per regex). It holds a 3 MiB cache of the words it has merged
   (MAMBA2_TOKENIZER_CACHE_SLOTS, a power of two >= 2, sets its size in 48-byte slots: 65536 by
   default; a smaller cache costs speed on long texts, never correctness). */
typedef struct m2_tokenize_work m2_tokenize_work;
MAMBA2_API m2_result m2_tokenize_work_create(m2_tokenize_work **out, const m2_model *model,
                                             const m2_allocator *alloc /* NULL = model's */);
MAMBA2_API void m2_tokenize_work_destroy(m2_tokenize_work *work); /* NULL is allowed */

#define M2_TOKENIZE_NO_SPECIAL 1u /* treat special-token text such as "<|endoftext|>" as plain text */
#define M2_TOKENIZE_ADD_SPECIAL 2u /* apply the file's post-processor: the BOS/EOS its template adds */
/* Encode len bytes of text (len < 0: NUL-terminated). Invalid UTF-8 becomes U+FFFD first (one per
   maximal subpart). Writes up to cap ids; *n_ids is the full count. If cap is too small:
   M2_ERR_BUFFER_TOO_SMALL, with *n_ids the count needed. Unknown flag bits: M2_ERR_INVALID_ARGUMENT.
   No BOS/EOS is added unless M2_TOKENIZE_ADD_SPECIAL. To ask for the count first, pass ids = NULL and cap = 0 (M2_ERR_BUFFER_TOO_SMALL
   with *n_ids, or M2_OK for a text of no tokens); or size ids with M2_TOKENIZE_MAX_IDS(len), which
   always suffices. Text length is NOT a bound: "\xff" alone is 1 byte and can be 4 ids. */
MAMBA2_API m2_result m2_tokenize(const m2_model *model, m2_tokenize_work *work, const char *text,
                                 ptrdiff_t len, int32_t *ids, size_t cap, size_t *n_ids, unsigned flags);
/* ids that len bytes of text can give at most (check len <= SIZE_MAX / 24 before multiplying by
   sizeof(int32_t)). Why it holds, stage by stage (see the >>tokenizer section):
   - U+FFFD replacement: an invalid byte becomes 3 bytes; NFC grows valid UTF-8 by at most 3x in
     bytes (Unicode's normalization FAQ, "maximum expansion factor"); U+FFFD itself is NFC-stable.
     So the normalised text N has at most 3 * len bytes.
   - Added tokens are each at least one byte of N and give one id.
   - Every other piece (a non-empty run of N between added tokens) gets at most one prefix space,
     and then gives at most one id per byte (byte-level BPE: a byte is one symbol, merges only
     lower the count), so a piece of m bytes gives at most m + 1 <= 2m ids.
   Hence at most 2 * 3 * len ids; + 16 leaves room for BOS/EOS a future tokenizer may add. */
#define M2_TOKENIZE_MAX_IDS(len) ((size_t)6 * (size_t)(len) + 16u)
/* The bytes of one token as decoding shows them (not NUL-terminated; may be part of a UTF-8
   character). M2_ERR_TOKEN_RANGE for an id with no token. */
MAMBA2_API m2_result m2_token_bytes(const m2_model *model, int32_t id, const char **bytes, size_t *len);
/* Decode ids to UTF-8 text; byte sequences that are not valid UTF-8 become U+FFFD. Writes nothing
   unless the whole text fits in cap bytes (no terminator); *out_len is always the full length
   (M2_ERR_BUFFER_TOO_SMALL if it is > cap). out = NULL with cap = 0 asks for the length. An id
   with no token: M2_ERR_TOKEN_RANGE. */
MAMBA2_API m2_result m2_detokenize(const m2_model *model, const int32_t *ids, size_t n, char *out,
                                   size_t cap, size_t *out_len);

/* Streaming decoder: emits only complete UTF-8 characters, holding back a split one, so the
   concatenated output equals m2_detokenize of all the ids. */
typedef struct m2_decoder {
    unsigned char pending[8];
    int n_pending;
    int n_tokens; /* ids decoded so far: decoders that treat the text's start apart look at it */
} m2_decoder;
/* An output buffer of M2_DECODE_MAX(token length) bytes is always enough for m2_decode_stream;
   m2_decoder_flush writes at most 3 bytes. */
#define M2_DECODE_MAX(token_len) (3 * ((size_t)(token_len) + 3))
MAMBA2_API void m2_decoder_init(m2_decoder *dec);
/* Decode one id, writing at most cap bytes to out. On M2_ERR_BUFFER_TOO_SMALL the decoder is
   unchanged and *out_len is the size needed. */
MAMBA2_API m2_result m2_decode_stream(const m2_model *model, m2_decoder *dec, int32_t id, char *out,
                                      size_t cap, size_t *out_len);
/* At the end of the text: what is still held back, as U+FFFD where it is not valid UTF-8. */
MAMBA2_API m2_result m2_decoder_flush(m2_decoder *dec, char *out, size_t cap, size_t *out_len);

/* ---- bindings ----
   No call takes or returns a struct by value; the structs above are plain C (int, float, uint64_t,
   size_t, pointers and fixed arrays). A binding that lays them out itself (ctypes, C#, ...) can check
   its layout against the library it loaded: m2_struct_size(M2_STRUCT_*) is sizeof of that struct,
   0 for an unknown value. */
typedef enum m2_struct {
    M2_STRUCT_ALLOCATOR = 1,
    M2_STRUCT_CONFIG = 2,
    M2_STRUCT_MODEL_OPTS = 3,
    M2_STRUCT_MEMORY_INFO = 4,
    M2_STRUCT_SESSION_OPTS = 5,
    M2_STRUCT_SAMPLER_OPTS = 6,
    M2_STRUCT_LOGIT_BIAS = 7,
    M2_STRUCT_SAMPLER = 8,
    M2_STRUCT_STOP = 9,
    M2_STRUCT_DECODER = 10
} m2_struct;
MAMBA2_API size_t m2_struct_size(int which);
/* ---- chat templates ----
   An instruct model's chat_template (Jinja) turns messages into its prompt text. These render one
   with a sandboxed interpreter for the subset of Jinja that chat templates use, to the byte what
   Python's jinja2 renders with transformers' settings (trim_blocks, lstrip_blocks, loopcontrols,
   tojson keeping non-ASCII, raise_exception). A template using anything outside the subset is
   refused with M2_ERR_UNSUPPORTED and a message naming the construct (README "Chat templates").
   No I/O; memory only through opts->alloc; output, memory, steps and nesting are bounded.

   Errors (the message goes to err): M2_ERR_FORMAT a syntax error in the template or the JSON;
   M2_ERR_UNSUPPORTED a construct outside the subset; M2_ERR_INVALID_ARGUMENT the template raised
   (raise_exception: err holds its message verbatim) or failed at run time (an undefined value used,
   a type error, max_steps), or bad arguments; M2_ERR_OUT_OF_MEMORY max_memory or max_output hit;
   M2_ERR_BUFFER_TOO_SMALL the text does not fit in cap (then *out_len is its length: call again
   with cap > *out_len). On success out holds the text and a terminating NUL (so cap must exceed
   the length) and *out_len the length. */
typedef struct m2_chat_opts {
    const char *bos_token;  /* the template's bos_token (UTF-8); NULL = undefined              */
    const char *eos_token;  /* the template's eos_token; NULL = undefined                      */
    size_t max_output;      /* 0 = 16 MiB: a longer rendering (or string) is an error          */
    size_t max_memory;      /* 0 = 64 MiB: everything the interpreter allocates, together      */
    uint64_t max_steps;     /* 0 = 10,000,000 evaluation steps (expression nodes + iterations) */
    int max_depth;          /* 0 = 64: nesting of tags and expressions, and of JSON values     */
    m2_allocator alloc;     /* zeroed = M2_MALLOC / M2_FREE                                    */
} m2_chat_opts;

typedef struct m2_chat_message {
    const char *role;       /* "system", "user", "assistant", ... (UTF-8, NUL-terminated) */
    const char *content;
} m2_chat_message;

/* Parse only: M2_OK if the template is well formed and inside the subset. len < 0: NUL-terminated. */
MAMBA2_API m2_result m2_chat_template_check(const char *tmpl, ptrdiff_t tmpl_len, const m2_chat_opts *opts,
                                            char *err, size_t err_size);
/* Render with the variables of one JSON object: {"messages": [...], "add_generation_prompt": true,
   "tools": [...], ...}; every top-level key is a template variable (and overrides opts' bos_token /
   eos_token). The JSON is parsed strictly (RFC 8259, UTF-8, integers within 64 bits). */
MAMBA2_API m2_result m2_chat_render_json(const char *tmpl, ptrdiff_t tmpl_len, const char *vars_json, ptrdiff_t json_len,
                                         const m2_chat_opts *opts, char *out, size_t cap, size_t *out_len,
                                         char *err, size_t err_size);
/* Render messages [{role, content}] with add_generation_prompt, for C callers. */
MAMBA2_API m2_result m2_chat_render(const char *tmpl, ptrdiff_t tmpl_len, const m2_chat_message *msgs, size_t n_msgs,
                                    int add_generation_prompt, const m2_chat_opts *opts, char *out, size_t cap,
                                    size_t *out_len, char *err, size_t err_size);

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
#include <errno.h> /* the reason m2_model_open could not open a file (strerror) */
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

/* The read-into-memory path of m2_model_open seeks to the end to learn the size: long is 32 bits
   on Windows, where ftell fails on files of 2 GiB or more, so it uses the 64-bit calls there. */
#if !defined(MAMBA2_NO_STDIO) && defined(_WIN32)
typedef __int64 m2__foff;
#define M2__FSEEK(f, off, whence) _fseeki64((f), (off), (whence))
#define M2__FTELL(f) _ftelli64(f)
#else
typedef long m2__foff;
#define M2__FSEEK(f, off, whence) fseek((f), (off), (whence))
#define M2__FTELL(f) ftell(f)
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
/* Prefill passes blocks of whole chunks through the layers, up to this many tokens (or one chunk,
   if longer): each weight matrix is read once per block, while the scan still runs chunk by chunk.
   With 64-token passes, a 0.5B model's prefill waited on its weights (measured in README "Speed"). */
#define M2__PREFILL_ROWS 256
#define M2__MAX_HEAD_DIM 1024
#define M2__MAX_EXPERTS 1024
#define M2__MAX_CTX (1 << 24)

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

/* A fast 64-bit checksum for snapshots (tens of MB, restored on a hot path): four independent
   lanes of an xxHash64-style round over 8-byte little-endian words, then the tail, then a mix. */
static uint64_t m2__rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t m2__hash64(const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    const uint64_t P1 = 0x9E3779B185EBCA87ull, P2 = 0xC2B2AE3D27D4EB4Full;
    uint64_t a = P1 + P2, b = P2, c = 0, d = 0 - P1, h;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = m2__rotl64(a + m2__rd64(p + i) * P2, 31) * P1;
        b = m2__rotl64(b + m2__rd64(p + i + 8) * P2, 31) * P1;
        c = m2__rotl64(c + m2__rd64(p + i + 16) * P2, 31) * P1;
        d = m2__rotl64(d + m2__rd64(p + i + 24) * P2, 31) * P1;
    }
    h = m2__rotl64(a, 1) + m2__rotl64(b, 7) + m2__rotl64(c, 12) + m2__rotl64(d, 18) + (uint64_t)n;
    for (; i < n; i++) h = m2__rotl64(h ^ (p[i] * P1), 11) * P2;
    h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P1; h ^= h >> 32;
    return h;
}

static float m2__bf16_to_f32(uint16_t h) {
    uint32_t u = (uint32_t)h << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}
/* Round to nearest even, as the AVX-512 BF16 conversion does; NaN stays NaN. */
static uint16_t m2__f32_to_bf16(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    if ((u & 0x7FFFFFFFu) > 0x7F800000u) return (uint16_t)((u >> 16) | 0x40u);
    return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
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
/* A weight matrix as it sits in the file: rows x cols of `dtype`, row-major. A stack of experts
   ([E, rows, cols]) is `count` such matrices back to back (m2__expert). */
typedef struct m2__mat {
    const void *data;
    m2_dtype dtype;
    int rows, cols;
    size_t row_bytes;
} m2__mat;

/* One layer: a mixer part (pre-norm, then Mamba-2, attention, both in parallel, or Mamba-1) and an
   FFN part (pre-norm, then a dense MLP or a mixture of experts), each added to the residual stream
   (README "File format"). Pointers of a part the layer does not have are NULL. */
typedef struct m2__layer {
    int mixer, ffn;             /* M2_MIXER_*, M2_FFN_* */
    const float *norm;          /* (D) pre-norm of the mixer        */
    const float *ffn_norm;      /* (D) pre-norm of the FFN          */
    /* Mamba-2 (mixer 1 and 3) and Mamba-1 (mixer 4) */
    m2__mat in_proj;            /* (d_in_proj, D); Mamba-1: (2 d_inner, D) rows x | z */
    const float *in_proj_bias;  /* (d_in_proj) or NULL      */
    const float *conv_w;        /* (conv_dim, K) as in the file */
    float *conv_wT;             /* (K, conv_dim) the same, transposed at load for the conv kernel */
    const float *conv_b;        /* (conv_dim) or NULL       */
    const float *dt_bias;       /* (H); Mamba-1: dt_proj's bias (d_inner) */
    const float *D;             /* (H); Mamba-1: (d_inner)  */
    const float *norm_gated;    /* (d_inner) or NULL (no gated norm: y * silu(z)) */
    m2__mat out_proj;           /* (D, d_inner)             */
    const float *out_proj_bias; /* (D) or NULL              */
    const float *A_log;         /* (H) as in the file, or NULL when the file holds A itself */
    float *A;                   /* (H) = -exp(A_log) computed in f32 at load as mamba_ssm does; Mamba-1: (d_inner, N) */
    m2__mat x_proj, dt_proj;    /* Mamba-1: (R + 2N, d_inner), (d_inner, R) */
    /* attention (mixer 2 and 3) */
    m2__mat wq, wk, wv, wo;     /* (nh*hd, D), (nkv*hd, D) x 2, (D, nh*hd) */
    const float *bq, *bk, *bv, *bo;
    /* dense FFN (ffn 1): gate only for SwiGLU */
    m2__mat w_gate, w_up, w_down;
    const float *b_gate, *b_up, *b_down;
    /* MoE (ffn 2): router, stacked experts, optional shared expert */
    m2__mat router;             /* (E, D) */
    const float *router_bias;   /* (E) correction bias (selection only) or NULL */
    m2__mat ex_gate, ex_up, ex_down; /* one expert's shape; data = expert 0, m2__expert gives e */
    m2__mat sh_gate, sh_up, sh_down;
    /* where this layer's recurrent state lives in a session (floats), and its KV cache slot */
    size_t ssm_off, ssm_n, conv_off, conv_n;
    int kv_index;               /* -1: no attention */
} m2__layer;

struct m2__tokenizer;

struct m2_model {
    m2_config cfg;
    m2_allocator alloc;
    m2_log_fn log;
    void *log_user;
    const unsigned char *base; /* the whole file */
    size_t size;
    void *owned;               /* read-into-memory copy (freed on close), or NULL */
    size_t mapped;             /* bytes mapped with mmap, or 0 */
    uint32_t meta_crc;         /* identifies the file: snapshots carry it */
    uint32_t version;          /* of the file format */
    m2__mat embedding;         /* (V, D) */
    m2__mat lm_head;           /* (V, D); the embedding when tied */
    const float *norm_f;       /* (D) */
    m2__layer *layers;         /* (L) */
    float *derived;            /* storage behind layers[i].A and .conv_wT */
    size_t ssm_floats, conv_floats; /* one sequence's recurrent state, all layers */
    int n_kv_layers;           /* layers with a KV cache */
    size_t max_qkv;            /* widest row of q|k|v (nh*hd + 2*nkv*hd) */
    int32_t *units;            /* the units of a sliced step: layer << 2 | M2__PART_*, in order */
    int n_units;
    struct m2__tokenizer *tok; /* NULL when the file has none */
};

/* The parts of a layer (m2__layer_forward runs either or both; a sliced step's unit is one) */
#define M2__PART_MIXER 1
#define M2__PART_FFN 2
#define M2__PART_ALL 3

/* Expert e of a stack (the MoE tensors hold E matrices of the same shape back to back). */
static m2__mat m2__expert(const m2__mat *W, int e) {
    m2__mat m = *W;
    m.data = (const unsigned char *)W->data + (size_t)e * (size_t)W->rows * W->row_bytes;
    return m;
}

/* Every weight dtype, in code order: one line each. A row holds cols / block blocks of `bytes`. */
typedef struct m2__dtype_info {
    const char *name;
    uint32_t block; /* values per block */
    uint32_t bytes; /* bytes per block  */
} m2__dtype_info;
static const m2__dtype_info m2__dtypes[] = {
    {"F32", 1, 4},
    {"F16", 1, 2},
    {"BF16", 1, 2},
    {"Q8_0", 32, 34},
    {"Q4_0", 32, 18},
    {"Q4_1", 32, 20},
    {"Q5_0", 32, 22},
    {"Q5_1", 32, 24},
    {"Q4_K", 256, 144},
    {"Q5_K", 256, 176},
    {"Q6_K", 256, 210},
};
#define M2__N_DTYPES (sizeof m2__dtypes / sizeof m2__dtypes[0])

/* Bytes of a row of cols values; *ok = 0 for an unknown dtype or cols not a whole number of blocks. */
static size_t m2__dtype_row_bytes(m2_dtype t, uint64_t cols, int *ok) {
    *ok = (unsigned)t < M2__N_DTYPES && cols % m2__dtypes[t].block == 0;
    return *ok ? (size_t)(cols / m2__dtypes[t].block * m2__dtypes[t].bytes) : 0;
}

static const char *m2__dtype_name(uint32_t t) {
    return t < M2__N_DTYPES ? m2__dtypes[t].name : "unknown";
}

/* ---- the header: one table of its fields (README "File format") ----
   Version 1 is the first 160 bytes (every layer a Mamba-2 mixer, no FFN, no multipliers);
   version 2 adds the fields from byte 144 and a table of layer kinds at byte 256. */
#define M2__HEADER_SIZE 160u
#define M2__HEADER_V2 256u
#define M2__U32 0
#define M2__I32 1
#define M2__F32 2
/* X(offset, type, m2_config field, first version) */
#define M2__HEADER_FIELDS(X) \
    X(72, M2__U32, d_model, 1) X(76, M2__U32, n_layer, 1) X(80, M2__U32, vocab_rows, 1) X(84, M2__U32, vocab_size, 1) \
    X(88, M2__U32, d_state, 1) X(92, M2__U32, d_conv, 1) X(96, M2__U32, d_inner, 1) X(100, M2__U32, headdim, 1) \
    X(104, M2__U32, nheads, 1) X(108, M2__U32, ngroups, 1) X(112, M2__U32, chunk_size, 1) \
    X(116, M2__F32, norm_eps, 1) X(120, M2__F32, gated_norm_eps, 1) X(124, M2__F32, dt_min, 1) X(128, M2__F32, dt_max, 1) \
    X(132, M2__I32, eos_id, 1) X(136, M2__I32, bos_id, 1) \
    X(144, M2__U32, n_head, 2) X(148, M2__U32, n_kv_head, 2) X(152, M2__U32, head_dim, 2) X(156, M2__F32, rope_theta, 2) \
    X(160, M2__F32, attn_scale, 2) X(164, M2__U32, d_ff, 2) X(168, M2__U32, ffn_act, 2) X(172, M2__U32, n_expert, 2) \
    X(176, M2__U32, n_expert_used, 2) X(180, M2__U32, d_expert, 2) X(184, M2__U32, d_shared, 2) X(188, M2__U32, router, 2) \
    X(192, M2__F32, routed_scale, 2) X(196, M2__U32, n_expert_group, 2) X(200, M2__U32, topk_group, 2) \
    X(204, M2__F32, embed_scale, 2) X(208, M2__F32, residual_scale, 2) X(212, M2__F32, logit_scale, 2) \
    X(216, M2__U32, n_ctx_train, 2) X(220, M2__U32, dt_rank, 2) X(224, M2__F32, mixer_rms_eps, 2)

/* header flags */
#define M2__FL_TIED 0x1u
#define M2__FL_NORM_BEFORE_GATE 0x2u
#define M2__FL_PROJ_BIAS 0x4u
#define M2__FL_CONV_BIAS 0x8u
#define M2__FL_QKV_BIAS 0x10u
#define M2__FL_O_BIAS 0x20u
#define M2__FL_FFN_BIAS 0x40u
#define M2__FL_ROPE 0x80u
#define M2__FL_GATED_NORM 0x100u
#define M2__FL_MOE_NORM_TOPK 0x200u
#define M2__FL_MOE_CORRECTION 0x400u
#define M2__FL_BCDT_NORM 0x800u

static m2_result m2__validate_config(const m2_config *c, char *err, size_t es) {
    int attn = c->n_attn_layers > 0, ssm2 = c->n_ssm_layers > c->n_mamba1_layers, moe = c->n_moe_layers > 0;
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
    if (attn) {
        M2__BOUND(n_head, 1, M2__MAX_DIM)
        M2__BOUND(n_kv_head, 1, c->n_head)
        M2__BOUND(head_dim, 2, M2__MAX_HEAD_DIM)
    }
    if (c->n_dense_layers) {
        M2__BOUND(d_ff, 1, M2__MAX_INNER)
    }
    if (c->n_dense_layers || moe) {
        M2__BOUND(ffn_act, M2_FFN_ACT_SWIGLU, M2_FFN_ACT_RELU2)
    }
    if (moe) {
        M2__BOUND(n_expert, 1, M2__MAX_EXPERTS)
        M2__BOUND(n_expert_used, 1, c->n_expert)
        M2__BOUND(d_expert, 1, M2__MAX_INNER)
        M2__BOUND(d_shared, 0, M2__MAX_INNER)
        M2__BOUND(router, M2_ROUTER_SOFTMAX_TOPK, M2_ROUTER_SIGMOID_GROUPS)
        M2__BOUND(n_expert_group, 1, c->n_expert)
        M2__BOUND(topk_group, 1, c->n_expert_group)
    }
    if (c->n_mamba1_layers) {
        M2__BOUND(dt_rank, 1, M2__MAX_INNER)
    }
#undef M2__BOUND
    if (ssm2 && (int64_t)c->nheads * c->headdim != c->d_inner) {
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
    if (attn && ((int64_t)c->n_head * c->head_dim > M2__MAX_INNER || c->n_head % c->n_kv_head)) {
        m2__set_err(err, es, "model file: %d attention heads of %d (%d kv heads) are not a valid shape", c->n_head, c->head_dim, c->n_kv_head);
        return M2_ERR_FORMAT;
    }
    if (moe && c->n_expert % c->n_expert_group) {
        m2__set_err(err, es, "model file: %d experts do not split into %d groups", c->n_expert, c->n_expert_group);
        return M2_ERR_FORMAT;
    }
    if (!(c->norm_eps > 0.0f && c->norm_eps < 1.0f) || !(c->gated_norm_eps > 0.0f && c->gated_norm_eps < 1.0f) ||
        (c->bc_dt_norm && !(c->mixer_rms_eps > 0.0f && c->mixer_rms_eps < 1.0f))) {
        m2__set_err(err, es, "model file: norm eps must be finite and in (0, 1)");
        return M2_ERR_FORMAT;
    }
    if (!(c->dt_min >= 0.0f) || !(c->dt_max >= c->dt_min) || c->dt_min > 1e30f) {
        m2__set_err(err, es, "model file: dt limits [%g, %g] are not a valid range", (double)c->dt_min, (double)c->dt_max);
        return M2_ERR_FORMAT;
    }
    {   /* scalars that multiply activations: finite (NaN or Inf would poison every logit) */
        float v[5];
        int i;
        v[0] = c->embed_scale; v[1] = c->residual_scale; v[2] = c->logit_scale; v[3] = c->attn_scale; v[4] = c->routed_scale;
        for (i = 0; i < 5; i++)
            if (!(v[i] >= -FLT_MAX && v[i] <= FLT_MAX)) {
                m2__set_err(err, es, "model file: a multiplier (embedding, residual, logit, attention or routing scale) is not finite");
                return M2_ERR_FORMAT;
            }
        if (attn && c->rope && !(c->rope_theta > 0.0f && c->rope_theta <= FLT_MAX)) {
            m2__set_err(err, es, "model file: rope_theta %g is not a positive finite number", (double)c->rope_theta);
            return M2_ERR_FORMAT;
        }
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

/* The directory is checked and searched through sorted copies of itself: comparing every pair of
   entries (and scanning it for every name) made a crafted 7 MB directory of 65536 entries cost
   seconds. Heapsort: O(n log n) on any input, in place, no recursion (a libc qsort may be
   quadratic on crafted input, and would need stdlib.h). */
typedef int (*m2__dir_before_fn)(const m2__dirent *a, const m2__dirent *b);
static int m2__dir_name_cmp(const m2__dirent *a, const m2__dirent *b) { /* by length, then bytes */
    if (a->name_len != b->name_len) return a->name_len < b->name_len ? -1 : 1;
    return memcmp(a->name, b->name, a->name_len);
}
static int m2__dir_by_name(const m2__dirent *a, const m2__dirent *b) { return m2__dir_name_cmp(a, b) < 0; }
static int m2__dir_by_offset(const m2__dirent *a, const m2__dirent *b) { return a->offset < b->offset; }
static void m2__dir_sort(m2__dirent *d, uint32_t n, m2__dir_before_fn before) {
    uint32_t start = n / 2, end = n, root, child;
    m2__dirent t;
    while (end > 1) {
        if (start > 0) start--;                                       /* build the heap */
        else { end--; t = d[end]; d[end] = d[0]; d[0] = t; }          /* take its top   */
        for (root = start; (child = 2 * root + 1) < end; root = child) {
            if (child + 1 < end && before(&d[child], &d[child + 1])) child++;
            if (!before(&d[root], &d[child])) break;
            t = d[root]; d[root] = d[child]; d[child] = t;
        }
    }
}

/* d sorted by m2__dir_name_cmp */
static m2__dirent *m2__find(m2__dirent *d, uint32_t n, const char *name) {
    m2__dirent key;
    uint32_t lo = 0, hi = n;
    key.name = (const unsigned char *)name;
    key.name_len = (uint32_t)strlen(name);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = m2__dir_name_cmp(&d[mid], &key);
        if (c == 0) return &d[mid];
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* What the loader knows of the file while it checks it. */
typedef struct m2__parse_ctx {
    m2_model *m;
    m2__dirent *dir;
    uint32_t n;
    char *err;
    size_t es;
} m2__parse_ctx;

static m2_result m2__bind(m2__parse_ctx *p, const char *name, int required, int any_dtype, uint32_t ndim, const uint64_t *dims,
                          const void **data, m2_dtype *dtype) {
    m2__dirent *e = m2__find(p->dir, p->n, name);
    char *err = p->err;
    size_t es = p->es;
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
    if (dims[ndim - 1] % m2__dtypes[e->dtype].block) {
        m2__set_err(err, es, "model file: tensor %s is %s but its rows are not a multiple of %u", name, m2__dtype_name(e->dtype),
                    (unsigned)m2__dtypes[e->dtype].block);
        return M2_ERR_FORMAT;
    }
    e->used = 1;
    *data = p->m->base + e->offset;
    if (dtype) *dtype = (m2_dtype)e->dtype;
    return M2_OK;
}

/* One tensor a layer (or the model) may have: where it goes and what it must look like. */
typedef struct m2__tensor_spec {
    const char *name;      /* after the "backbone.layers.i." prefix (globals: the whole name) */
    int required;          /* present iff this is set */
    int kind;              /* M2__T_VEC (F32), M2__T_MAT (any dtype), M2__T_RAW (F32, any shape) */
    uint32_t ndim;
    uint64_t dims[3];
    const float **vec;     /* M2__T_VEC, M2__T_RAW */
    m2__mat *mat;          /* M2__T_MAT: the last two dims are the matrix, a first one counts experts */
} m2__tensor_spec;
#define M2__T_VEC 0
#define M2__T_MAT 1
#define M2__T_RAW 2

static m2_result m2__bind_spec(m2__parse_ctx *p, const char *name, const m2__tensor_spec *t) {
    const void *data;
    m2_dtype dt = M2_F32;
    m2_result r = m2__bind(p, name, t->required, t->kind == M2__T_MAT, t->ndim, t->dims, &data, &dt);
    int ok;
    if (r != M2_OK || !data) return r;
    if (t->kind != M2__T_MAT) { *t->vec = (const float *)data; return M2_OK; }
    t->mat->data = data;
    t->mat->dtype = dt;
    t->mat->rows = (int)t->dims[t->ndim - 2];
    t->mat->cols = (int)t->dims[t->ndim - 1];
    t->mat->row_bytes = m2__dtype_row_bytes(dt, t->dims[t->ndim - 1], &ok);
    return M2_OK;
}

#define M2__VEC(nm, req, n0, field) do { m2__tensor_spec *t_ = &s[k++]; memset(t_, 0, sizeof *t_); \
        t_->name = nm; t_->required = (req); t_->kind = M2__T_VEC; t_->ndim = 1; t_->dims[0] = (uint64_t)(n0); t_->vec = &(field); } while (0)
#define M2__MAT(nm, req, r0, c0, field) do { m2__tensor_spec *t_ = &s[k++]; memset(t_, 0, sizeof *t_); \
        t_->name = nm; t_->required = (req); t_->kind = M2__T_MAT; t_->ndim = 2; t_->dims[0] = (uint64_t)(r0); t_->dims[1] = (uint64_t)(c0); t_->mat = &(field); } while (0)
#define M2__MAT3(nm, req, e0, r0, c0, field) do { m2__tensor_spec *t_ = &s[k++]; memset(t_, 0, sizeof *t_); \
        t_->name = nm; t_->required = (req); t_->kind = M2__T_MAT; t_->ndim = 3; t_->dims[0] = (uint64_t)(e0); t_->dims[1] = (uint64_t)(r0); \
        t_->dims[2] = (uint64_t)(c0); t_->mat = &(field); } while (0)
#define M2__RAW(nm, req, nd, d0, d1, d2, field) do { m2__tensor_spec *t_ = &s[k++]; memset(t_, 0, sizeof *t_); \
        t_->name = nm; t_->required = (req); t_->kind = M2__T_RAW; t_->ndim = nd; t_->dims[0] = (uint64_t)(d0); t_->dims[1] = (uint64_t)(d1); \
        t_->dims[2] = (uint64_t)(d2); t_->vec = &(field); } while (0)
#define M2__MAX_LAYER_TENSORS 40

/* Every tensor layer Ly of this kind may have, in the order README "File format" lists them: the one
   table the loader binds from, for every family. A_log / A are bound by the caller (either may be
   present). */
static int m2__layer_specs(const m2_config *c, m2__layer *Ly, m2__tensor_spec *s) {
    int k = 0, D = c->d_model, E = c->d_inner, H = c->nheads, mx = Ly->mixer, ff = Ly->ffn;
    int m2 = mx == M2_MIXER_MAMBA2 || mx == M2_MIXER_PARALLEL, m1 = mx == M2_MIXER_MAMBA1, ssm = m2 || m1;
    int at = mx == M2_MIXER_ATTENTION || mx == M2_MIXER_PARALLEL, glu = c->ffn_act == M2_FFN_ACT_SWIGLU;
    int qd = c->n_head * c->head_dim, kvd = c->n_kv_head * c->head_dim, fb = c->ffn_bias;
    int cd = m1 ? E : c->conv_dim, dip = m1 ? 2 * E : c->d_in_proj;
    M2__VEC("norm.weight", mx != M2_MIXER_NONE, D, Ly->norm);
    M2__MAT("mixer.in_proj.weight", ssm, dip, D, Ly->in_proj);
    M2__VEC("mixer.in_proj.bias", ssm && c->has_proj_bias, dip, Ly->in_proj_bias);
    M2__RAW("mixer.conv1d.weight", ssm, 3, cd, 1, c->d_conv, Ly->conv_w);
    M2__VEC("mixer.conv1d.bias", ssm && c->has_conv_bias, cd, Ly->conv_b);
    M2__MAT("mixer.x_proj.weight", m1, c->dt_rank + 2 * c->d_state, E, Ly->x_proj);
    M2__MAT("mixer.dt_proj.weight", m1, E, c->dt_rank, Ly->dt_proj);
    M2__VEC("mixer.dt_proj.bias", m1, E, Ly->dt_bias);
    M2__VEC("mixer.dt_bias", m2, H, Ly->dt_bias);
    M2__VEC("mixer.D", ssm, m1 ? E : H, Ly->D);
    M2__VEC("mixer.norm.weight", m2 && c->has_gated_norm, E, Ly->norm_gated);
    M2__MAT("mixer.out_proj.weight", ssm, D, E, Ly->out_proj);
    M2__VEC("mixer.out_proj.bias", ssm && c->has_proj_bias, D, Ly->out_proj_bias);
    M2__MAT("attn.q_proj.weight", at, qd, D, Ly->wq);
    M2__MAT("attn.k_proj.weight", at, kvd, D, Ly->wk);
    M2__MAT("attn.v_proj.weight", at, kvd, D, Ly->wv);
    M2__MAT("attn.o_proj.weight", at, D, qd, Ly->wo);
    M2__VEC("attn.q_proj.bias", at && c->attn_qkv_bias, qd, Ly->bq);
    M2__VEC("attn.k_proj.bias", at && c->attn_qkv_bias, kvd, Ly->bk);
    M2__VEC("attn.v_proj.bias", at && c->attn_qkv_bias, kvd, Ly->bv);
    M2__VEC("attn.o_proj.bias", at && c->attn_o_bias, D, Ly->bo);
    M2__VEC("ffn_norm.weight", ff != M2_FFN_NONE, D, Ly->ffn_norm);
    M2__MAT("ffn.gate_proj.weight", ff == M2_FFN_DENSE && glu, c->d_ff, D, Ly->w_gate);
    M2__MAT("ffn.up_proj.weight", ff == M2_FFN_DENSE, c->d_ff, D, Ly->w_up);
    M2__MAT("ffn.down_proj.weight", ff == M2_FFN_DENSE, D, c->d_ff, Ly->w_down);
    M2__VEC("ffn.gate_proj.bias", ff == M2_FFN_DENSE && glu && fb, c->d_ff, Ly->b_gate);
    M2__VEC("ffn.up_proj.bias", ff == M2_FFN_DENSE && fb, c->d_ff, Ly->b_up);
    M2__VEC("ffn.down_proj.bias", ff == M2_FFN_DENSE && fb, D, Ly->b_down);
    M2__MAT("ffn.router.weight", ff == M2_FFN_MOE, c->n_expert, D, Ly->router);
    M2__VEC("ffn.router.correction_bias", ff == M2_FFN_MOE && c->moe_correction_bias, c->n_expert, Ly->router_bias);
    M2__MAT3("ffn.experts.gate_proj.weight", ff == M2_FFN_MOE && glu, c->n_expert, c->d_expert, D, Ly->ex_gate);
    M2__MAT3("ffn.experts.up_proj.weight", ff == M2_FFN_MOE, c->n_expert, c->d_expert, D, Ly->ex_up);
    M2__MAT3("ffn.experts.down_proj.weight", ff == M2_FFN_MOE, c->n_expert, D, c->d_expert, Ly->ex_down);
    M2__MAT("ffn.shared.gate_proj.weight", ff == M2_FFN_MOE && c->d_shared && glu, c->d_shared, D, Ly->sh_gate);
    M2__MAT("ffn.shared.up_proj.weight", ff == M2_FFN_MOE && c->d_shared, c->d_shared, D, Ly->sh_up);
    M2__MAT("ffn.shared.down_proj.weight", ff == M2_FFN_MOE && c->d_shared, D, c->d_shared, Ly->sh_down);
    return k;
}

#ifndef M2__TOKENIZER_DECLARED
static m2_result m2__tokenizer_load(struct m2__tokenizer **out, const unsigned char *sec, size_t size,
                                    int vocab_rows, const m2_allocator *alloc, char *err, size_t err_size);
static void m2__tokenizer_free(struct m2__tokenizer *tok, const m2_allocator *alloc);
#endif

/* Attention takes a row's keys in segments of M2__ATT_SEG (at absolute positions 0, SEG, 2 SEG, ...),
   each by its own online softmax, and merges the segments' results in key order. A step (or a
   batch of up to M2__ATT_SPLIT_ROWS rows) runs the segments of a long context as separate tasks (up
   to M2__ATT_SPLIT_SEGS at a time, so that the buffer for their results does not grow with n_ctx),
   so that decode at depth uses every thread whatever the number of kv heads (it had one task per kv
   head: 2 for Falcon-H1, and no faster on 2 threads than on 1 at depth 2048); prefill runs a task's
   segments one after another. Both do the same arithmetic in the same order, so prefill, step and
   batch agree bit for bit and no result depends on the thread count. */
#define M2__ATT_SEG 256
#define M2__ATT_SPLIT_ROWS 4 /* fewer than M2__GEMV_MAX_T: a batch one larger still steps row by row */
#define M2__ATT_SPLIT_SEGS 16

/* X(field, element type, elements): every buffer of a session, allocated once at creation from
   one block. m2__session_bytes sizes them, m2_session_create hands them out; a buffer of 0
   elements is NULL. The counts use the names m2__session_bytes defines: m (model), c (config), Q
   (the scan's chunk), R (rows of a prefill block, m2__block_rows), Tp (R rounded up to 32), ctx
   (context), hist (history), backup (1 = cancellable steps), and the widths below. */
#define M2__SESSION_BUFFERS(X) \
    X(ssm, float, m->ssm_floats)                  /* SSM states of the layers that have one (m2__layer.ssm_off) */ \
    X(conv, float, m->conv_floats)                /* their conv states: raw inputs of the last K-1 tokens, oldest first */ \
    X(kv, float, (uint64_t)m->n_kv_layers * 2u * ctx * kvd) /* per attention layer: K (nkv, ctx, hd), then V */ \
    X(x, float, R * D)                            /* (rows, D) residual stream of a prefill block */ \
    X(xn, float, R * D)                           /* (rows, D) the normed input of a block */ \
    X(ya, float, R * D)                           /* (rows, D) a block's output */ \
    X(yb, float, R * D * par)                     /* (rows, D) the attention half of a parallel mixer */ \
    X(zx, float, R * dip)                         /* (rows, d_in_proj) in_proj output: z | xBC | dt */ \
    X(xbc, float, R * cd)                         /* (rows, conv_dim) after conv and SiLU: x | B | C */ \
    X(dt, float, R * ndt)                         /* (rows, H) */ \
    X(y, float, R * E)                            /* (rows, d_inner) */ \
    X(cb, float, ssd * G * Q * Q)                 /* (G, chunk, chunk): C_t . B_s per group */ \
    X(cum, double, ssd * H * Q)                   /* (H, chunk): per-token decays exp(dt*A) within the chunk */ \
    X(ssd_scratch, float, ssd * H * per_head)     /* (H, per_head): each head's chunk matrices (m2__ssd_chunk_task) */ \
    X(qkv, float, R * (uint64_t)m->max_qkv)       /* (rows, nh*hd + 2*nkv*hd): q | k | v */ \
    X(att, float, R * qd)                         /* (rows, nh*hd) attention output before o_proj */ \
    X(att_ml, float, R * nh * 2u)                 /* (rows, nh, 2): running max and sum of the online softmax */ \
    X(att_part, float, att_slots * (qd + 2u * nh)) /* per slot (rows, nh*hd) then (rows, nh, 2): one segment's
                                                     result before its merge (m2__attn_task) */ \
    X(hg, float, R * ffw)                         /* (rows, widest FFN) gate */ \
    X(hu, float, R * ffw)                         /* (rows, widest FFN) up, then the activation */ \
    X(moe_logits, float, moe * R * nexp)          /* (rows, E) router logits */ \
    X(moe_w, float, moe * R * topk)               /* (rows, k) weights of the chosen experts */ \
    X(moe_id, int32_t, moe * R * topk)            /* (rows, k) the chosen experts */ \
    X(moe_rows, int32_t, moe * R)                 /* the rows routed to one expert (m2__moe) */ \
    X(moe_rw, float, moe * R)                     /* and their weights */ \
    X(xg, float, moe * R * D)                     /* (rows, D) those rows gathered */ \
    X(yg, float, moe * R * D)                     /* (rows, D) an expert's output */ \
    X(logits, float, V)                           /* (V) after the last token */ \
    X(hist, int32_t, hist)                        /* (history) ring of recent tokens */ \
    X(probs, float, V)                            /* (V) sampler scratch */ \
    X(cand, int32_t, V)                           /* (V) sampler scratch */ \
    X(step_backup, float, backup * (uint64_t)(m->ssm_floats + m->conv_floats)) /* states before a sliced step */ \
    X(xt, float, Tp * wide)                       /* activations rearranged for the many-token kernels: transposed
                                                     f32, bf16 pairs or int8 blocks (m2__matmul_ex) */
#define M2__BUF_ENUM(name, type, count) M2__BUF_##name,
enum { M2__SESSION_BUFFERS(M2__BUF_ENUM) M2__N_BUFFERS };
#undef M2__BUF_ENUM

static uint64_t m2__session_bytes(const m2_model *m, int Q, int history, int cancellable, int n_ctx, uint64_t *sz);

/* Phase 1: magic, version, sizes, checksum, flags and the config fields of the header. */
static m2_result m2__parse_header(m2_model *m, uint64_t *dir_off, uint64_t *dir_size, uint64_t *tok_off, uint64_t *tok_size,
                                  uint64_t *data_off, uint32_t *n_tensors, char *err, size_t es) {
    const unsigned char *b = m->base;
    uint64_t size = m->size, file_size, end;
    uint32_t version, header_size, flags, i, crc_stored, crc, known;
    m2_config *c = &m->cfg;
    if (size < 16 || memcmp(b, "MAMBA2BN", 8) != 0) {
        m2__set_err(err, es, "not a mamba2.h model file (bad magic)");
        return M2_ERR_FORMAT;
    }
    version = m2__rd32(b + 8);
    if (version != 1 && version != 2) {
        m2__set_err(err, es, "model file format version %u; this build reads versions 1 and 2 (reconvert the checkpoint)", version);
        return M2_ERR_VERSION;
    }
    m->version = version;
    header_size = m2__rd32(b + 12);
    known = version == 1 ? M2__HEADER_SIZE : M2__HEADER_V2;
    if (header_size < known || size < known || header_size > size) {
        m2__set_err(err, es, "model file: header size %u is invalid or the file is truncated (%llu bytes)", header_size, (unsigned long long)size);
        return M2_ERR_FORMAT;
    }
    file_size = m2__rd64(b + 16);
    if (file_size != size) {
        m2__set_err(err, es, "model file is %llu bytes but its header says %llu (truncated or padded)", (unsigned long long)size, (unsigned long long)file_size);
        return M2_ERR_FORMAT;
    }
    *dir_off = m2__rd64(b + 24); *dir_size = m2__rd64(b + 32);
    *tok_off = m2__rd64(b + 40); *tok_size = m2__rd64(b + 48);
    *data_off = m2__rd64(b + 56);
    *n_tensors = m2__rd32(b + 64);
    flags = m2__rd32(b + 68);
    if (*data_off > size || *data_off % 64 || *dir_off < header_size || !m2__add_ok(*dir_off, *dir_size, &end) || end > *data_off) {
        m2__set_err(err, es, "model file: directory [%llu, +%llu) or data offset %llu is out of place", (unsigned long long)*dir_off,
                    (unsigned long long)*dir_size, (unsigned long long)*data_off);
        return M2_ERR_FORMAT;
    }
    crc_stored = m2__rd32(b + 140);
    {
        static const unsigned char zero4[4] = {0, 0, 0, 0};
        crc = m2__crc32(0, b, 140);
        crc = m2__crc32(crc, zero4, 4);
        crc = m2__crc32(crc, b + 144, (size_t)*data_off - 144);
    }
    if (crc != crc_stored) {
        m2__set_err(err, es, "model file: metadata checksum mismatch (stored %08x, computed %08x): the file is corrupt", crc_stored, crc);
        return M2_ERR_FORMAT;
    }
    m->meta_crc = crc;
    for (i = version == 1 ? 144u : 228u; i < (version == 1 ? header_size : M2__HEADER_V2); i++)
        if (b[i]) {
            m2__set_err(err, es, "model file: reserved header byte %u is not zero", i);
            return M2_ERR_FORMAT;
        }
    if (flags & ~(version == 1 ? 0xFu : 0xFFFu)) {
        m2__set_err(err, es, "model file: unknown header flags 0x%x", flags);
        return M2_ERR_UNSUPPORTED;
    }
    memset(c, 0, sizeof *c);
    /* every u32 field must fit an int before anything is computed from it */
#define M2__READ_FIELD(off, type, field, since) \
    if (version >= (since)) { \
        uint32_t u_ = m2__rd32(b + (off)); \
        if ((type) == M2__U32 && u_ > 0x7FFFFFFFu) { \
            m2__set_err(err, es, "model file: header field at byte %d (" #field ") is absurdly large", (off)); \
            return M2_ERR_FORMAT; } \
        if ((type) == M2__F32) memcpy(&c->field, &u_, 4); else c->field = (int)(int32_t)u_; }
    M2__HEADER_FIELDS(M2__READ_FIELD)
#undef M2__READ_FIELD
    c->tied_embeddings = (flags & M2__FL_TIED) != 0;
    c->norm_before_gate = (flags & M2__FL_NORM_BEFORE_GATE) != 0;
    c->has_proj_bias = (flags & M2__FL_PROJ_BIAS) != 0;
    c->has_conv_bias = (flags & M2__FL_CONV_BIAS) != 0;
    c->attn_qkv_bias = (flags & M2__FL_QKV_BIAS) != 0;
    c->attn_o_bias = (flags & M2__FL_O_BIAS) != 0;
    c->ffn_bias = (flags & M2__FL_FFN_BIAS) != 0;
    c->rope = (flags & M2__FL_ROPE) != 0;
    c->has_gated_norm = version == 1 || (flags & M2__FL_GATED_NORM) != 0;
    c->moe_norm_topk = (flags & M2__FL_MOE_NORM_TOPK) != 0;
    c->moe_correction_bias = (flags & M2__FL_MOE_CORRECTION) != 0;
    c->bc_dt_norm = (flags & M2__FL_BCDT_NORM) != 0;
    if (version == 1) { /* the multipliers version 1 has no fields for */
        c->embed_scale = c->residual_scale = c->logit_scale = c->routed_scale = 1.0f;
    }
    return M2_OK;
}

/* Phase 2: the per-layer kinds (version 2: the table after the header fields) and what follows from
   them; then the config is checked as a whole. */
static m2_result m2__parse_layers(m2_model *m, char *err, size_t es) {
    m2_config *c = &m->cfg;
    int l;
    if (c->n_layer < 1 || c->n_layer > M2__MAX_LAYERS) {
        m2__set_err(err, es, "model file: n_layer = %d is outside [1, %d]", c->n_layer, M2__MAX_LAYERS);
        return M2_ERR_FORMAT;
    }
    if (m->version >= 2 && (uint64_t)M2__HEADER_V2 + 8u * (uint64_t)c->n_layer > (uint64_t)m2__rd32(m->base + 12)) {
        m2__set_err(err, es, "model file: the header (%u bytes) has no room for %d layer kinds", m2__rd32(m->base + 12), c->n_layer);
        return M2_ERR_FORMAT;
    }
    /* Every layer has a part, and so tensors of its own: each a directory entry of at least 37
       bytes and data at its own 64-byte-aligned offset. A header whose n_layer the file cannot
       hold is refused before the layers are allocated (hundreds of bytes each). */
    if ((uint64_t)c->n_layer * (37u + 64u) > m->size + 64u) {
        m2__set_err(err, es, "model file: n_layer = %d does not fit a %llu-byte file", c->n_layer, (unsigned long long)m->size);
        return M2_ERR_FORMAT;
    }
    m->layers = (m2__layer *)m2__calloc(&m->alloc, (size_t)c->n_layer, sizeof *m->layers);
    if (!m->layers) { m2__set_err(err, es, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    for (l = 0; l < c->n_layer; l++) {
        m2__layer *Ly = &m->layers[l];
        uint32_t mixer = M2_MIXER_MAMBA2, ffn = M2_FFN_NONE;
        if (m->version >= 2) {
            mixer = m2__rd32(m->base + M2__HEADER_V2 + 8u * (size_t)l);
            ffn = m2__rd32(m->base + M2__HEADER_V2 + 8u * (size_t)l + 4);
        }
        if (mixer > M2_MIXER_MAMBA1 || ffn > M2_FFN_MOE || (mixer == M2_MIXER_NONE && ffn == M2_FFN_NONE)) {
            m2__set_err(err, es, "model file: layer %d has an unknown kind (mixer %u, ffn %u)", l, mixer, ffn);
            return M2_ERR_UNSUPPORTED;
        }
        Ly->mixer = (int)mixer;
        Ly->ffn = (int)ffn;
        Ly->kv_index = -1;
        if (mixer == M2_MIXER_ATTENTION || mixer == M2_MIXER_PARALLEL) { Ly->kv_index = c->n_attn_layers++; }
        if (mixer == M2_MIXER_MAMBA2 || mixer == M2_MIXER_PARALLEL || mixer == M2_MIXER_MAMBA1) c->n_ssm_layers++;
        if (mixer == M2_MIXER_MAMBA1) c->n_mamba1_layers++;
        if (ffn == M2_FFN_DENSE) c->n_dense_layers++;
        if (ffn == M2_FFN_MOE) c->n_moe_layers++;
    }
    /* the units of a sliced step: each layer's mixer, then its FFN */
    m->units = (int32_t *)m2__calloc(&m->alloc, 2u * (size_t)c->n_layer, sizeof(int32_t));
    if (!m->units) { m2__set_err(err, es, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    for (l = 0; l < c->n_layer; l++) {
        if (m->layers[l].mixer != M2_MIXER_NONE) m->units[m->n_units++] = (int32_t)((l << 2) | M2__PART_MIXER);
        if (m->layers[l].ffn != M2_FFN_NONE) m->units[m->n_units++] = (int32_t)((l << 2) | M2__PART_FFN);
    }
    m->n_kv_layers = c->n_attn_layers;
    /* sizes of parts no layer has are not bounded by the checks, so nothing may multiply them:
       they read as zero, as in version-1 files */
    if (!c->n_attn_layers) { c->n_head = c->n_kv_head = c->head_dim = 0; c->rope = 0; c->rope_theta = 0.0f; c->attn_scale = 0.0f; }
    if (!c->n_dense_layers) c->d_ff = 0;
    if (!c->n_moe_layers) {
        c->n_expert = c->n_expert_used = c->d_expert = c->d_shared = 0;
        c->n_expert_group = c->topk_group = 0;
    }
    if (!c->n_mamba1_layers) c->dt_rank = 0;
    return m2__validate_config(c, err, es);
}

/* Phase 3: the tensor directory, every entry checked for bounds, alignment and size; names unique;
   no two tensors overlapping. Leaves p->dir sorted by name for m2__find. */
static m2_result m2__parse_directory(m2__parse_ctx *p, uint64_t dir_off, uint64_t dir_size, uint64_t data_off, uint32_t n_tensors) {
    m2_model *m = p->m;
    const m2_config *c = &m->cfg;
    const unsigned char *q = m->base + dir_off, *dir_end = q + dir_size;
    uint64_t end;
    uint32_t i, j;
    char *err = p->err;
    size_t es = p->es;
    if (n_tensors == 0 || n_tensors > 16u + (uint32_t)M2__MAX_LAYER_TENSORS * (uint32_t)c->n_layer || (uint64_t)n_tensors * 21u > dir_size) {
        m2__set_err(err, es, "model file: %u tensors cannot be right for %d layers in a %llu-byte directory", n_tensors, c->n_layer,
                    (unsigned long long)dir_size);
        return M2_ERR_FORMAT;
    }
    p->dir = (m2__dirent *)m2__calloc(&m->alloc, n_tensors, sizeof *p->dir);
    if (!p->dir) { m2__set_err(err, es, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    p->n = n_tensors;
    for (i = 0; i < n_tensors; i++) {
        m2__dirent *e = &p->dir[i];
        uint64_t expect, rows = 1;
        int ok;
        if (dir_end - q < 4) goto truncated;
        e->name_len = m2__rd32(q); q += 4;
        if (e->name_len == 0 || e->name_len > 255 || (uint64_t)(dir_end - q) < e->name_len + 8u) goto truncated;
        e->name = q; q += e->name_len;
        e->dtype = m2__rd32(q); e->ndim = m2__rd32(q + 4); q += 8;
        if (e->dtype >= M2__N_DTYPES) {
            m2__set_err(err, es, "model file: tensor %u has unknown dtype %u", i, e->dtype);
            return M2_ERR_FORMAT;
        }
        if (e->ndim < 1 || e->ndim > 4) {
            m2__set_err(err, es, "model file: tensor %u has %u dims", i, e->ndim);
            return M2_ERR_FORMAT;
        }
        if ((uint64_t)(dir_end - q) < 8u * e->ndim + 16u) goto truncated;
        for (j = 0; j < e->ndim; j++) {
            e->dims[j] = m2__rd64(q); q += 8;
            if (e->dims[j] == 0 || e->dims[j] > (1u << 30)) {
                m2__set_err(err, es, "model file: tensor %.*s has an absurd dim %llu", (int)e->name_len, e->name, (unsigned long long)e->dims[j]);
                return M2_ERR_FORMAT;
            }
            if (j + 1 < e->ndim && !m2__mul_ok(rows, e->dims[j], &rows)) goto overflow;
        }
        e->offset = m2__rd64(q); e->nbytes = m2__rd64(q + 8); q += 16;
        expect = m2__dtype_row_bytes((m2_dtype)e->dtype, e->dims[e->ndim - 1], &ok);
        if (!ok) {
            m2__set_err(err, es, "model file: tensor %.*s: %s rows must be a multiple of %u", (int)e->name_len, e->name, m2__dtype_name(e->dtype),
                        (unsigned)m2__dtypes[e->dtype].block);
            return M2_ERR_FORMAT;
        }
        if (!m2__mul_ok(expect, rows, &expect)) goto overflow;
        if (e->nbytes != expect) {
            m2__set_err(err, es, "model file: tensor %.*s holds %llu bytes; its dtype and dims need %llu", (int)e->name_len, e->name,
                        (unsigned long long)e->nbytes, (unsigned long long)expect);
            return M2_ERR_FORMAT;
        }
        if (e->offset < data_off || e->offset % 64 || !m2__add_ok(e->offset, e->nbytes, &end) || end > m->size) {
            m2__set_err(err, es, "model file: tensor %.*s lies outside the data region (offset %llu, %llu bytes)", (int)e->name_len, e->name,
                        (unsigned long long)e->offset, (unsigned long long)e->nbytes);
            return M2_ERR_FORMAT;
        }
    }
    if (q != dir_end) {
        m2__set_err(err, es, "model file: %lld stray bytes after the tensor directory", (long long)(dir_end - q));
        return M2_ERR_FORMAT;
    }
    m2__dir_sort(p->dir, n_tensors, m2__dir_by_name);
    for (i = 1; i < n_tensors; i++)
        if (m2__dir_name_cmp(&p->dir[i - 1], &p->dir[i]) == 0) {
            m2__set_err(err, es, "model file: tensor %.*s appears twice", (int)p->dir[i].name_len, p->dir[i].name);
            return M2_ERR_FORMAT;
        }
    m2__dir_sort(p->dir, n_tensors, m2__dir_by_offset);
    {
        uint64_t max_end = 0;
        uint32_t last = 0;
        for (i = 0; i < n_tensors; i++) {
            if (i && p->dir[i].offset < max_end) {
                m2__set_err(err, es, "model file: tensors %.*s and %.*s overlap", (int)p->dir[i].name_len, p->dir[i].name,
                            (int)p->dir[last].name_len, p->dir[last].name);
                return M2_ERR_FORMAT;
            }
            if (p->dir[i].offset + p->dir[i].nbytes > max_end) { max_end = p->dir[i].offset + p->dir[i].nbytes; last = i; }
        }
    }
    m2__dir_sort(p->dir, n_tensors, m2__dir_by_name);
    return M2_OK;
overflow:
    m2__set_err(err, es, "model file: tensor %u's size overflows", i);
    return M2_ERR_FORMAT;
truncated:
    m2__set_err(err, es, "model file: the tensor directory is truncated at entry %u", i);
    return M2_ERR_FORMAT;
}

/* Phase 4: bind every tensor the config implies (the table of m2__layer_specs); anything left
   over is an error. Then the copies derived from small tensors: A and the transposed conv. */
static m2_result m2__parse_bind(m2__parse_ctx *p) {
    m2_model *m = p->m;
    m2_config *c = &m->cfg;
    m2__tensor_spec spec[M2__MAX_LAYER_TENSORS];
    char name[128];
    int V = c->vocab_rows, D = c->d_model, layer, i, n;
    uint32_t j;
    size_t derived = 0;
    m2_result r;
    m2__tensor_spec g;
    memset(&g, 0, sizeof g);
    g.required = 1; g.kind = M2__T_MAT; g.ndim = 2; g.dims[0] = (uint64_t)V; g.dims[1] = (uint64_t)D; g.mat = &m->embedding;
    if ((r = m2__bind_spec(p, "backbone.embeddings.weight", &g))) return r;
    g.required = !c->tied_embeddings; g.mat = &m->lm_head;
    if ((r = m2__bind_spec(p, "lm_head.weight", &g))) return r;
    if (c->tied_embeddings) m->lm_head = m->embedding;
    g.required = 1; g.kind = M2__T_VEC; g.ndim = 1; g.dims[0] = (uint64_t)D; g.vec = &m->norm_f;
    if ((r = m2__bind_spec(p, "backbone.norm_f.weight", &g))) return r;
    for (layer = 0; layer < c->n_layer; layer++) {
        m2__layer *Ly = &m->layers[layer];
        int ssm = Ly->mixer == M2_MIXER_MAMBA2 || Ly->mixer == M2_MIXER_PARALLEL || Ly->mixer == M2_MIXER_MAMBA1;
        int a_n = Ly->mixer == M2_MIXER_MAMBA1 ? c->d_inner * c->d_state : c->nheads;
        n = m2__layer_specs(c, Ly, spec);
        for (i = 0; i < n; i++) {
            snprintf(name, sizeof name, "backbone.layers.%d.%s", layer, spec[i].name);
            if ((r = m2__bind_spec(p, name, &spec[i]))) return r;
        }
        if (ssm) { /* A_log, or A itself (as a GGUF stores it): exactly one of them */
            m2__tensor_spec a;
            const float *A_file = NULL;
            memset(&a, 0, sizeof a);
            a.kind = M2__T_RAW; a.vec = &Ly->A_log;
            a.ndim = Ly->mixer == M2_MIXER_MAMBA1 ? 2 : 1;
            a.dims[0] = (uint64_t)(Ly->mixer == M2_MIXER_MAMBA1 ? c->d_inner : c->nheads); a.dims[1] = (uint64_t)c->d_state;
            snprintf(name, sizeof name, "backbone.layers.%d.mixer.A", layer);
            a.required = m2__find(p->dir, p->n, name) != NULL;
            a.vec = &A_file;
            if ((r = m2__bind_spec(p, name, &a))) return r;
            snprintf(name, sizeof name, "backbone.layers.%d.mixer.A_log", layer);
            a.required = A_file == NULL;
            a.vec = &Ly->A_log;
            if ((r = m2__bind_spec(p, name, &a))) return r;
            if (A_file) Ly->A = (float *)(uintptr_t)A_file; /* used as is; never written */
            else derived += (size_t)a_n;
            derived += (size_t)(Ly->mixer == M2_MIXER_MAMBA1 ? c->d_inner : c->conv_dim) * (size_t)c->d_conv;
        }
    }
    for (j = 0; j < p->n; j++)
        if (!p->dir[j].used) {
            m2__set_err(p->err, p->es, "model file: unexpected tensor %.*s", (int)p->dir[j].name_len, p->dir[j].name);
            return M2_ERR_FORMAT;
        }
    /* The derived copies only now, when every tensor has been checked against the file: they are
       as large as the conv1d and A_log tensors the file really holds, not as its header claims. */
    m->derived = (float *)m2__calloc(&m->alloc, derived ? derived : 1, sizeof(float));
    if (!m->derived) { m2__set_err(p->err, p->es, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    derived = 0;
    for (layer = 0; layer < c->n_layer; layer++) {
        m2__layer *Ly = &m->layers[layer];
        int m1 = Ly->mixer == M2_MIXER_MAMBA1, cd = m1 ? c->d_inner : c->conv_dim, a_n = m1 ? c->d_inner * c->d_state : c->nheads, k;
        if (!Ly->conv_w) continue;
        Ly->conv_wT = m->derived + derived;
        derived += (size_t)cd * (size_t)c->d_conv;
        for (j = 0; j < (uint32_t)cd; j++)
            for (k = 0; k < c->d_conv; k++) Ly->conv_wT[(size_t)k * (size_t)cd + j] = Ly->conv_w[(size_t)j * (size_t)c->d_conv + (size_t)k];
        if (Ly->A_log) {
            Ly->A = m->derived + derived;
            derived += (size_t)a_n;
            for (k = 0; k < a_n; k++) Ly->A[k] = -expf(Ly->A_log[k]); /* mamba_ssm: -torch.exp(A_log.float()) */
        }
        /* where the layer's recurrent state sits in a session */
        Ly->ssm_off = m->ssm_floats;
        Ly->ssm_n = (size_t)c->d_inner * (size_t)c->d_state;
        Ly->conv_off = m->conv_floats;
        Ly->conv_n = (size_t)cd * (size_t)(c->d_conv - 1);
        m->ssm_floats += Ly->ssm_n;
        m->conv_floats += Ly->conv_n;
    }
    c->weight_dtype = m->embedding.dtype;
    for (layer = 0; layer < c->n_layer; layer++) /* the matrices' usual dtype: the first projection's */
        if (m->layers[layer].in_proj.data || m->layers[layer].wq.data || m->layers[layer].w_up.data) {
            const m2__layer *Ly = &m->layers[layer];
            c->weight_dtype = Ly->in_proj.data ? Ly->in_proj.dtype : Ly->wq.data ? Ly->wq.dtype : Ly->w_up.dtype;
            break;
        }
    m->max_qkv = (size_t)(c->n_head + 2 * c->n_kv_head) * (size_t)c->head_dim;
    return M2_OK;
}

static m2_result m2__parse(m2_model *m, char *err, size_t es) {
    uint64_t dir_off, dir_size, tok_off, tok_size, data_off, end;
    uint32_t n_tensors;
    m2_config *c = &m->cfg;
    m2__parse_ctx p;
    m2_result r;
    memset(&p, 0, sizeof p);
    p.m = m; p.err = err; p.es = es;
    if ((r = m2__parse_header(m, &dir_off, &dir_size, &tok_off, &tok_size, &data_off, &n_tensors, err, es)) != M2_OK) return r;
    if ((r = m2__parse_layers(m, err, es)) != M2_OK) return r;
    c->conv_dim = c->d_inner + 2 * c->ngroups * c->d_state;
    c->d_in_proj = 2 * c->d_inner + 2 * c->ngroups * c->d_state + c->nheads;
    if (c->attn_scale == 0.0f && c->head_dim > 0) c->attn_scale = 1.0f / sqrtf((float)c->head_dim);
    if ((r = m2__parse_directory(&p, dir_off, dir_size, data_off, n_tensors)) != M2_OK) goto done;
    if ((r = m2__parse_bind(&p)) != M2_OK) goto done;
    {   /* Phase 5, plausibility. What a session needs grows with d_inner x d_state (the state) and
           nheads x d_state (the chunk scratch), the weights only with d_model x d_inner: a crafted
           header can ask for a session thousands of times the file. Genuine models need a small
           fraction of their file; refuse a file whose default session (chunk 64, history 256, a
           context of 256 tokens) needs more than 8x its size. */
        uint64_t szs[M2__N_BUFFERS], need = m2__session_bytes(m, M2__DEFAULT_CHUNK, 256, 0, 256, szs);
        if (need > 8u * (uint64_t)m->size + ((uint64_t)64 << 20)) {
            m2__set_err(err, es, "model file: a session would need %llu MB for a %llu-byte file (d_inner %d x d_state %d, %d heads): not a plausible model",
                        (unsigned long long)(need >> 20), (unsigned long long)m->size, c->d_inner, c->d_state, c->nheads);
            r = M2_ERR_FORMAT;
            goto done;
        }
    }
    if (tok_off || tok_size) { /* Phase 6, the tokenizer section */
        if (tok_off < dir_off + dir_size || tok_off % 4 || !m2__add_ok(tok_off, tok_size, &end) || end > data_off || tok_size == 0) {
            m2__set_err(err, es, "model file: tokenizer section [%llu, +%llu) is out of place", (unsigned long long)tok_off, (unsigned long long)tok_size);
            r = M2_ERR_FORMAT;
            goto done;
        }
        r = m2__tokenizer_load(&m->tok, m->base + tok_off, (size_t)tok_size, c->vocab_rows, &m->alloc, err, es);
    }
done:
    m2__free(&m->alloc, p.dir);
    return r;
}

static void m2__model_free(m2_model *m) {
    m2_allocator a = m->alloc;
    if (m->tok) m2__tokenizer_free(m->tok, &a);
    m2__free(&a, m->layers);
    m2__free(&a, m->derived);
    m2__free(&a, m->units);
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
    if (opts) { m->log = opts->log; m->log_user = opts->log_user; }
    r = m2__parse(m, err, err_size);
    if (r != M2_OK) {
        if (opts && opts->log) opts->log(opts->log_user, 0, err && err_size ? err : m2_result_str(r));
        m2__model_free(m);
        return r;
    }
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
        if (fd < 0) { m2__set_err(err, err_size, "cannot open %s: %s", path, strerror(errno)); return M2_ERR_IO; }
        if (fstat(fd, &st) != 0) { /* EOVERFLOW: a 32-bit build without -D_FILE_OFFSET_BITS=64 and a file over 2 GiB */
            close(fd); m2__set_err(err, err_size, "cannot stat %s (a file over 2 GiB needs -D_FILE_OFFSET_BITS=64 on 32-bit systems)", path); return M2_ERR_IO;
        }
        if (!S_ISREG(st.st_mode)) { close(fd); m2__set_err(err, err_size, "%s is not a regular file", path); return M2_ERR_IO; }
        if (st.st_size < (off_t)M2__HEADER_SIZE) { close(fd); m2__set_err(err, err_size, "%s is too small (%lld bytes) to be a model file", path, (long long)st.st_size); return M2_ERR_FORMAT; }
        if ((uint64_t)st.st_size > (uint64_t)(size_t)-1) { close(fd); m2__set_err(err, err_size, "%s is too large for this platform", path); return M2_ERR_IO; }
        size = (size_t)st.st_size;
        map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (map == MAP_FAILED) { m2__set_err(err, err_size, "cannot map %s: %s", path, strerror(errno)); return M2_ERR_IO; }
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
        m2__foff len;
        if (!f) { m2__set_err(err, err_size, "cannot open %s: %s", path, strerror(errno)); return M2_ERR_IO; }
        if (M2__FSEEK(f, 0, SEEK_END) != 0 || (len = M2__FTELL(f)) < 0 || M2__FSEEK(f, 0, SEEK_SET) != 0) {
            fclose(f); m2__set_err(err, err_size, "cannot read %s", path); return M2_ERR_IO;
        }
        if ((uint64_t)len > (uint64_t)((size_t)-1 - 64)) { fclose(f); m2__set_err(err, err_size, "%s is too large for this platform", path); return M2_ERR_IO; }
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
MAMBA2_API m2_result m2_model_layer(const m2_model *m, int layer, int *mixer, int *ffn) {
    if (!m || layer < 0 || layer >= m->cfg.n_layer) return M2_ERR_INVALID_ARGUMENT;
    if (mixer) *mixer = m->layers[layer].mixer;
    if (ffn) *ffn = m->layers[layer].ffn;
    return M2_OK;
}

MAMBA2_API const char *m2_result_str(m2_result r) {
#define M2__RESULT_CASE(name, value, message) case name: return message;
    switch (r) {
    M2_RESULT_LIST(M2__RESULT_CASE)
    default: break;
    }
#undef M2__RESULT_CASE
    return "unknown error";
}

/* The _ref kernels are used by the tests, not by every program that includes us. */
#if defined(__GNUC__) || defined(__clang__)
#define M2__REF_KERNEL static __attribute__((unused))
#else
#define M2__REF_KERNEL static
#endif
/* A piece of a kernel's block loop that must be inlined: as a call (gcc -O2 does not inline a
   function of this size used twice) it rebuilt its constant masks on every block and passed
   Q4_K quants through memory. */
#if defined(__GNUC__) || defined(__clang__)
#define M2__FORCE_INLINE __inline__ __attribute__((always_inline))
#else
#define M2__FORCE_INLINE
#endif

struct m2_session {
    const m2_model *model;
    m2_session_opts opts;  /* resolved */
    char err[256];
    int chunk;             /* the scan's chunk length */
    int rows;              /* tokens of a prefill block (m2__block_rows): the buffers' row count */
    int n_ctx;             /* tokens the KV caches hold (0: the model has no attention) */
#define M2__BUF_FIELD(name, type, count) type *name;
    M2__SESSION_BUFFERS(M2__BUF_FIELD)
#undef M2__BUF_FIELD
    size_t ssd_per_head;   /* Q*Q + 2*P*Q + N*P floats: M, XT, tmp, ST of m2__ssd_chunk_task */
    double par_min_work;   /* loops with less work run serially (M2__PARALLEL_MIN_WORK; tests lower it) */
    double par_credit;     /* OpenMP splits: seconds saved lately (capped); below 0 = stop splitting */
    double par_gain;       /* seconds saved (or lost, < 0) since splitting last resumed             */
    double par_backoff;    /* seconds of serial loops while splitting does not pay                  */
    double par_retry_at;   /* omp_get_wtime() before which loops run serially (0 = split as usual)   */
    int has_logits;
    uint64_t pos;
    int hist_len, hist_head;
    int step_next;         /* sliced step: next unit to run (layers, then lm_head), -1 = none */
    int32_t step_id;       /* the token of the sliced step */
    void *block;           /* the one allocation behind all of the buffers */
    const struct m2__kernels *kern; /* the instruction-set level's kernels (opts.isa) */
};

/* Tokens a prefill block passes through the layers at once: whole chunks, M2__PREFILL_ROWS at most
   (or one chunk, if longer) */
static int m2__block_rows(int chunk) { return chunk >= M2__PREFILL_ROWS ? chunk : M2__PREFILL_ROWS / chunk * chunk; }

/* The bytes of every buffer of a session (sz[M2__N_BUFFERS], each rounded up to 64) and their total. */
static uint64_t m2__session_bytes(const m2_model *m, int chunk, int history, int cancellable, int n_ctx, uint64_t *sz) {
    const m2_config *c = &m->cfg;
    uint64_t Q = (uint64_t)chunk, R = (uint64_t)m2__block_rows(chunk), Tp = (R + 31) / 32 * 32, ctx = (uint64_t)n_ctx, hist = (uint64_t)history, backup = cancellable ? 1u : 0u;
    uint64_t D = (uint64_t)c->d_model, E = (uint64_t)c->d_inner, H = (uint64_t)c->nheads, G = (uint64_t)c->ngroups, V = (uint64_t)c->vocab_rows;
    uint64_t ssd = c->n_ssm_layers > c->n_mamba1_layers ? 1u : 0u, m1 = c->n_mamba1_layers ? 1u : 0u, moe = c->n_moe_layers ? 1u : 0u;
    uint64_t par = 0, nh = (uint64_t)c->n_head, qd = nh * (uint64_t)c->head_dim, kvd = (uint64_t)c->n_kv_head * (uint64_t)c->head_dim;
    uint64_t dip = ssd ? (uint64_t)c->d_in_proj : 0u, cd = ssd ? (uint64_t)c->conv_dim : 0u, ndt = ssd ? H : 0u;
    uint64_t per_head = Q * Q + 2u * Q * (uint64_t)c->headdim + (uint64_t)c->d_state * (uint64_t)c->headdim;
    uint64_t ffw = 0, wide = D > E ? D : E, nexp = (uint64_t)c->n_expert, topk = (uint64_t)c->n_expert_used, total = 0;
    /* segment results, in rows: a block's rows one segment at a time (prefill), or a split step's
       rows for M2__ATT_SPLIT_SEGS segments at a time */
    uint64_t split_rows = Q < M2__ATT_SPLIT_ROWS ? Q : M2__ATT_SPLIT_ROWS;
    uint64_t att_slots = ctx == 0 ? 0 : R > split_rows * M2__ATT_SPLIT_SEGS ? R : split_rows * M2__ATT_SPLIT_SEGS;
    int k;
    for (k = 0; k < c->n_layer; k++) par |= m->layers[k].mixer == M2_MIXER_PARALLEL;
    if (c->n_dense_layers && (uint64_t)c->d_ff > ffw) ffw = (uint64_t)c->d_ff;
    if (moe && (uint64_t)c->d_expert > ffw) ffw = (uint64_t)c->d_expert;
    if (moe && (uint64_t)c->d_shared > ffw) ffw = (uint64_t)c->d_shared;
    if (m1) { /* Mamba-1: in_proj gives x | z, dt per channel, x_proj's output beside them */
        uint64_t w1 = 2u * E + (uint64_t)c->dt_rank + 2u * (uint64_t)c->d_state;
        if (w1 > dip) dip = w1;
        if (E > cd) cd = E;
        if (E > ndt) ndt = E;
    }
    if (qd > wide) wide = qd;
    if (ffw > wide) wide = ffw;
    if ((uint64_t)c->dt_rank > wide) wide = (uint64_t)c->dt_rank;
#define M2__BUF_SIZE(name, type, count) sz[M2__BUF_##name] = ((uint64_t)(count) * sizeof(type) + 63u) & ~(uint64_t)63u;
    M2__SESSION_BUFFERS(M2__BUF_SIZE)
#undef M2__BUF_SIZE
    for (k = 0; k < M2__N_BUFFERS; k++) total += sz[k];
    return total;
}

/* The cache of kv head g of an attention layer, K (half 0) or V (half 1): n_ctx rows of head_dim.
   Head by head, so that what one attention task reads (one head's keys, then its values) is one
   contiguous stream each, not every other stretch of rows shared with the other heads. */
static float *m2__kv_head(const m2_session *q, const m2__layer *Ly, int half, int g) {
    const m2_config *c = &q->model->cfg;
    size_t head = (size_t)q->n_ctx * (size_t)c->head_dim;
    return q->kv + (((size_t)Ly->kv_index * 2u + (size_t)half) * (size_t)c->n_kv_head + (size_t)g) * head;
}

static m2_result m2__fail(m2_session *s, m2_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    if (s->model->log) s->model->log(s->model->log_user, 0, s->err);
    return r;
}

/* Below this many multiply-adds a loop runs on the calling thread: waking other threads costs more
   than it saves (and under oversubscription far more), e.g. every matrix of a few-MB model. */
#define M2__PARALLEL_MIN_WORK 2097152.0

#define M2__BUSY(s) ((s)->step_next >= 0)
#define M2__REFUSE_IF_BUSY(s) \
    if (M2__BUSY(s)) return m2__fail((s), M2_ERR_INVALID_ARGUMENT, "a sliced step is in progress: finish it with m2_step_run or m2_step_cancel")

/* seconds; see m2__parallel_omp */
#define M2__PAR_CREDIT_MAX 0.002
#define M2__PAR_TRY_CREDIT 0.0005
#define M2__PAR_BACKOFF_MIN 0.002
#define M2__PAR_BACKOFF_MAX 1.0
#define M2__PAR_PAUSE_PER_LOSS 20.0
#ifdef M2__OPENMP
/* A shared CPU (other programs, or more threads than free cores) deschedules threads for a time
   slice at a time, and an OpenMP loop ends in a barrier that waits for every thread of the team to
   have run: a worker that is not on a core when the loop starts, or is taken off it holding a task,
   costs the loop a time slice (4-40 ms, measured on a 2-core VM with one busy loop beside a
   2-thread decode) where the loop's work is ~0.1 ms. A decode step has ~50 such loops, so two
   threads on a loaded machine ran at a fraction of one thread's speed. The defences:
   - tasks are claimed one at a time (schedule(dynamic, 1)): a running thread takes the tasks of a
     descheduled one. The task partition does not depend on who runs a task, so results stay
     bitwise the same for any thread count;
   - every split is timed, in seconds gained: what the loop would have cost on one thread (its tasks
     times the fastest thread's time per task: a thread that stalled inside a task, or a calling
     thread that ran none, does not make the estimate look slow) minus its wall time. The gains go
     into par_credit, capped at M2__PAR_CREDIT_MAX so that past gains never hide a new stall: once
     a stall has lost more than the credit (one time slice always does), the session runs its loops
     on the calling thread for par_backoff seconds, then tries splitting again with a credit of
     M2__PAR_TRY_CREDIT (a worker asleep in the OpenMP runtime takes ~0.1 ms to wake). Time is
     the right unit, not the wall/serial ratio averaged over loops (the earlier rule): a ratio
     capped at 2 let a 20 ms stall be outweighed by three loops that saved 0.05 ms each, and a
     split whose calling thread ran no task was not counted at all, so a loaded session kept
     splitting into stall after stall (2-thread decode at 5-35 % of one thread's speed);
   - the pause starts at M2__PAR_BACKOFF_MIN after a spell of splitting that gained overall (a
     passing stall on a machine that is otherwise free) and doubles after every try that lost, up to
     _MAX, and is never shorter than M2__PAR_PAUSE_PER_LOSS times the loss that ended the spell, so
     tries lose at most ~5 % of the time from the first one on (a new session under load otherwise
     paid ten time slices to double its way up): under steady load a try costs a time slice, plus
     the worker's spin-wait afterwards (libgomp spins ~20 ms before it sleeps), so a try a second
     costs a few percent of one thread's speed, and a session is back to splitting within about a
     second of the load going. */
/* One split saved `gain` seconds (lost, if negative) at time `now`: keep splitting, or pause. */
static void m2__par_judge(m2_session *s, double gain, double now) {
    s->par_gain += gain;
    s->par_credit = s->par_credit + gain < M2__PAR_CREDIT_MAX ? s->par_credit + gain : M2__PAR_CREDIT_MAX;
    if (s->par_credit >= 0) return;
    if (s->par_gain > 0) s->par_backoff = M2__PAR_BACKOFF_MIN;
    else s->par_backoff = s->par_backoff * 2 < M2__PAR_BACKOFF_MAX ? s->par_backoff * 2 : M2__PAR_BACKOFF_MAX;
    if (-gain * M2__PAR_PAUSE_PER_LOSS > s->par_backoff) /* tries lose at most 1/_PER_LOSS of the time */
        s->par_backoff = -gain * M2__PAR_PAUSE_PER_LOSS < M2__PAR_BACKOFF_MAX ? -gain * M2__PAR_PAUSE_PER_LOSS : M2__PAR_BACKOFF_MAX;
    s->par_retry_at = now + s->par_backoff;
    s->par_credit = M2__PAR_TRY_CREDIT;
    s->par_gain = 0;
}

static void m2__parallel_omp(m2_session *s, int n_tasks, void (*fn)(void *, int), void *ctx) {
    double start = omp_get_wtime(), per_task = -1, now;
#pragma omp parallel num_threads(s->opts.n_threads)
    {
        int i, mine = 0;
        double t = omp_get_wtime();
#pragma omp for schedule(dynamic, 1) nowait
        for (i = 0; i < n_tasks; i++) { fn(ctx, i); mine++; }
        if (mine) {
            t = (omp_get_wtime() - t) / mine;
#pragma omp critical /* unnamed: a named one is a global symbol of the shared library */
            if (per_task < 0 || t < per_task) per_task = t;
        }
    }
    now = omp_get_wtime();
    m2__par_judge(s, per_task * n_tasks - (now - start), now);
}
#endif

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
    if (n_tasks > 1 && s->opts.n_threads > 1 && (s->par_retry_at == 0 || omp_get_wtime() >= s->par_retry_at)) {
        s->par_retry_at = 0;
        m2__parallel_omp(s, n_tasks, fn, ctx);
        return;
    }
#endif
    for (i = 0; i < n_tasks; i++) fn(ctx, i);
}

/* Up to this many tokens a product runs row by row (each weight row read once, then used for every
   token from L1): the many-token kernels work on blocks of 32 tokens and would mostly multiply
   padding (m2_step_batch of 4 sessions ran slower than 1). */
#define M2__GEMV_MAX_T 8

typedef struct m2__matmul_job {
    const m2__mat *W;
    const float *bias;
    const float *x;   /* (T, ldx) */
    float *y;         /* (T, ldy) */
    const void *xp;   /* x rearranged for the kernel that `layout` names (in the session's xt buffer) */
    int layout;       /* M2__X_* */
    int T, ldx, ldy, n_tasks;
} m2__matmul_job;
/* Activations rearranged for a many-token kernel (layout M2__X_T, _BF16 or _Q8) by n_tasks tasks,
   each a run of whole groups of 8 tokens */
typedef struct m2__pack_job { const float *x; void *xp; int ldx, T, K, layout, n_tasks; } m2__pack_job;
enum {
    M2__X_PLAIN,      /* x as given: m2__gemv_rows / m2__gemm_rows                                   */
    M2__X_T,          /* transposed, m2__transpose_act: m2__gemm_t_rows                            */
    M2__X_BF16,       /* bf16 pairs, m2__pack_act_bf16: m2__gemm_bf16_rows                         */
    M2__X_Q8,         /* int8, m2__pack_act_q8 (K*Tp bytes, then the scales): m2__gemm_q8_rows      */
    M2__X_Q8_ROWS     /* int8 token by token, m2__quantize_act_rows (T*K bytes, then the scales, then
                         the block sums): m2__gemv_iq_rows                                          */
};

#define M2__CONV_BLOCK 256
/* The conv of a layer: its raw inputs are columns [raw_off, raw_off + cd) of zx rows of raw_ld
   floats (Mamba-2: the xBC part of in_proj's output; Mamba-1: its x part), its outputs xbc rows of cd. */
typedef struct m2__conv_job { m2_session *s; m2_session *const *batch; int layer, T, cd, raw_off, raw_ld; } m2__conv_job;
/* Mamba-1's selective scan: task = block of M2__SCAN_BLOCK channels */
typedef struct m2__scan_job { m2_session *s; m2_session *const *batch; const m2__layer *Ly; int T, ld; } m2__scan_job;
#define M2__SCAN_BLOCK 64
typedef struct m2__rows_job { m2_session *s; const m2__layer *Ly; const float *w; } m2__rows_job;
/* Attention: task = kv head x block of rows; rows of one sequence at consecutive positions, or
   (batch) one row per sequence. */
typedef struct m2__attn_job {
    m2_session *s;
    m2_session *const *batch;
    const m2__layer *Ly;
    int T, rows_per_task, row_blocks;
    int n_seg;        /* segments of the longest row */
    int split;        /* 1: task = kv head x block of rows x segment of [seg0, seg1), segment k's
                         result in slot k - seg0 of att_part (segment 0's in att); 0: a task runs
                         its rows' segments in order (M2__ATT_SEG) */
    int seg0, seg1;
} m2__attn_job;
#define M2__ATT_TILE 64   /* keys per online-softmax step: their scores live on the stack */
#define M2__ATT_KT 4096   /* floats of a key tile transposed (16 KB of stack): fewer keys a tile for wide heads */
#define M2__ATT_ROWS 16   /* query rows per prefill task: a key tile is read once for all of them */
typedef struct m2__ssd_job {
    m2_session *s;
    m2_session *const *batch; /* step only: row r's state is batch[r]'s (m2_step_batch) */
    int layer, T;
    int t0;                   /* prefill: the chunk's first row in the block (its rows [t0, t0 + T)) */
} m2__ssd_job;
// >>isa
/* ---- Instruction sets ----
   Everything from ">>kernels" to the end of m2__layer_forward is compiled once per instruction-set
   level: first for the level the compiler targets (M2__BASE_ISA), then, on x86-64 with gcc or
   clang, once more for each higher level inside target pragmas, by including this file again with
   M2__KERNEL_PASS defined (at the end of the implementation). A pass renames its functions with
   the level's suffix (M2__KNAME) and fills one m2__kernels table; a session takes the table of
   the best level the CPU runs, or the one its options name, when it is created.

   One row per level: its number (= m2_isa; a plain number, so that #if can test it and a row can
   be found by pasting it), the suffix of its kernels' names, its name (m2_isa_name), the target
   features its dispatch pass is compiled with, and the x86 CPUID / XGETBV bits it needs, each
   level's including the ones below it (m2__isa_from_cpuid): leaf 1 ECX, XCR0, leaf 7 EBX, leaf 7
   ECX, leaf 7 subleaf 1 EAX. A new level is a row here, its #if in the kernel section's feature
   ladder, and its pass in >>dispatch. */
#define M2__ISA_SCALAR 1
#define M2__ISA_AVX2 2
#define M2__ISA_AVX512 3
#define M2__ISA_AVX512_VNNI 4
#define M2__ISA_AVX512_BF16 5
#define M2__ISA_NEON 6
#define M2__ISA_WASM_SIMD128 7
/*                                      level                 suffix        name                target features of its pass */
#define M2__ISA_ROW_1(F) M2__ISA_APPLY(F, (M2__ISA_SCALAR,       _scalar,      "scalar",           "", \
                                           0, 0, 0, 0, 0))
#define M2__ISA_ROW_2(F) M2__ISA_APPLY(F, (M2__ISA_AVX2,         _avx2,        "avx2",             "avx2,fma,f16c", \
                                           M2__CPUID_AVX2))
#define M2__ISA_ROW_3(F) M2__ISA_APPLY(F, (M2__ISA_AVX512,       _avx512,      "avx512",           "avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl", \
                                           M2__CPUID_AVX512, 0, 0))
#define M2__ISA_ROW_4(F) M2__ISA_APPLY(F, (M2__ISA_AVX512_VNNI,  _avx512vnni,  "avx512+vnni",      "avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl,avx512vnni", \
                                           M2__CPUID_AVX512, 1u << 11, 0))
#define M2__ISA_ROW_5(F) M2__ISA_APPLY(F, (M2__ISA_AVX512_BF16,  _avx512bf16,  "avx512+bf16+vnni", "avx2,fma,f16c,avx512f,avx512bw,avx512dq,avx512vl,avx512bf16,avx512vnni", \
                                           M2__CPUID_AVX512, 1u << 11, 1u << 5))
#define M2__ISA_ROW_6(F) M2__ISA_APPLY(F, (M2__ISA_NEON,         _neon,        "neon",             "", \
                                           0, 0, 0, 0, 0))
#define M2__ISA_ROW_7(F) M2__ISA_APPLY(F, (M2__ISA_WASM_SIMD128, _wasm,        "wasm-simd128",     "", \
                                           0, 0, 0, 0, 0))
/* (leaf 1 ECX: OSXSAVE AVX FMA F16C; XCR0: SSE and AVX state, then + opmask and ZMM state;
   leaf 7 EBX: AVX2, then + AVX-512 F DQ BW VL; leaf 7 ECX: AVX512_VNNI; leaf 7.1 EAX: AVX512_BF16) */
#define M2__CPUID_LEAF1 ((1u << 27) | (1u << 28) | (1u << 12) | (1u << 29))
#define M2__CPUID_AVX2 M2__CPUID_LEAF1, 0x6u, 1u << 5, 0, 0
#define M2__CPUID_AVX512 M2__CPUID_LEAF1, 0xE6u, (1u << 5) | (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31)
/* (F args, with the M2__CPUID_ macros expanded into their words first) */
#define M2__ISA_APPLY(F, args) F args
#define M2__ISA_TABLE(F) M2__ISA_ROW_1(F) M2__ISA_ROW_2(F) M2__ISA_ROW_3(F) M2__ISA_ROW_4(F) M2__ISA_ROW_5(F) M2__ISA_ROW_6(F) M2__ISA_ROW_7(F)
/* A column of the row of level n (a number, or a macro that becomes one). */
#define M2__ISA_COL(n, column) M2__PASTE(M2__ISA_ROW_, n)(column)
#define M2__ISA_SUFFIX(level, sfx, name, target, ...) sfx
#define M2__ISA_NAME(level, sfx, name, target, ...) name
#define M2__ISA_TARGET(level, sfx, name, target, ...) target
#if defined(MAMBA2_NO_SIMD)
#define M2__BASE_ISA M2__ISA_SCALAR
#elif defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__) && defined(__F16C__) && \
      defined(__AVX512BF16__) && defined(__AVX512VNNI__)
#define M2__BASE_ISA M2__ISA_AVX512_BF16
#elif defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__) && defined(__F16C__) && \
      defined(__AVX512VNNI__)
#define M2__BASE_ISA M2__ISA_AVX512_VNNI
#elif defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512DQ__) && defined(__AVX512VL__) && defined(__F16C__)
#define M2__BASE_ISA M2__ISA_AVX512
#elif defined(__AVX2__) && defined(__FMA__)
#define M2__BASE_ISA M2__ISA_AVX2
#elif defined(__ARM_NEON) && defined(__aarch64__)
#define M2__BASE_ISA M2__ISA_NEON
#elif defined(__wasm_simd128__)
#define M2__BASE_ISA M2__ISA_WASM_SIMD128
#else
#define M2__BASE_ISA M2__ISA_SCALAR
#endif
/* Dispatch needs target pragmas that take every feature used (gcc 10, clang 9) and a way to
   include this file again: __FILE_NAME__ (gcc 12, clang 9), else its released name. */
#if !defined(MAMBA2_NO_SIMD) && !defined(MAMBA2_NO_DISPATCH) && defined(__x86_64__) && \
    ((defined(__clang__) && __clang_major__ >= 9) || (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 10))
#define M2__DISPATCH 1
#define M2__TOP_ISA M2__ISA_AVX512_BF16
#else
#define M2__TOP_ISA M2__BASE_ISA
#endif
#if M2__BASE_ISA != M2__ISA_SCALAR && M2__BASE_ISA != M2__ISA_NEON && M2__BASE_ISA != M2__ISA_WASM_SIMD128 || defined(M2__DISPATCH)
/* g++ 12 reports its own intrinsics' deliberately undefined registers once they are inlined into
   functions whose names come from a macro (M2__KNAME): quiet that in the header only. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#elif M2__BASE_ISA == M2__ISA_NEON
#include <arm_neon.h>
#elif M2__BASE_ISA == M2__ISA_WASM_SIMD128
#include <wasm_simd128.h>
#endif

/* What a session calls; one table per compiled level. */
typedef struct m2__kernels {
    int isa;          /* M2__ISA_* */
    const char *name; /* the level and the optional extensions its kernels use */
    void (*layer_forward)(m2_session *s, int layer, int T, int recurrent, m2_session *const *batch, int parts);
    void (*matmul)(m2_session *s, const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int prefill);
    void (*row_to_f32)(const m2__mat *W, int row, float *out);
    void (*rmsnorm)(float *out, const float *v, const float *w, int n, float eps);
} m2__kernels;
static const m2__kernels *m2__kernels_for(int isa);
/* What the kernels of a level know of one block type (the kernel section's m2__qkerns). */
typedef struct m2__qkern {
    void (*deq_ref)(const unsigned char *blk, float *out); /* one block to f32: the specification */
    void (*deq)(const unsigned char *blk, float *out);     /* the same at this level */
    float (*idot)(const unsigned char *row, const signed char *xq, const float *xs, const float *xsum, int n); /* or NULL */
} m2__qkern;

/* Every function of the kernel section, renamed per pass: m2__dot_f32 is m2__dot_f32_avx2 in the
   AVX2 pass (the tests define M2__KSFX themselves to reach each pass's kernels). */
#define M2__PASTE2(a, b) a##b
#define M2__PASTE(a, b) M2__PASTE2(a, b)
#define M2__KNAME(name) M2__PASTE(name, M2__KSFX)
#define m2__att_fold M2__KNAME(m2__att_fold)
#define m2__att_max M2__KNAME(m2__att_max)
#define m2__att_merge M2__KNAME(m2__att_merge)
#define m2__att_pv M2__KNAME(m2__att_pv)
#define m2__att_scores M2__KNAME(m2__att_scores)
#define m2__att_segment M2__KNAME(m2__att_segment)
#define m2__att_sum M2__KNAME(m2__att_sum)
#define m2__att_tile M2__KNAME(m2__att_tile)
#define m2__att_transpose M2__KNAME(m2__att_transpose)
#define m2__attention M2__KNAME(m2__attention)
#define m2__attn_task M2__KNAME(m2__attn_task)
#define m2__bits M2__KNAME(m2__bits)
#define m2__conv M2__KNAME(m2__conv)
#define m2__conv_rows M2__KNAME(m2__conv_rows)
#define m2__conv_task M2__KNAME(m2__conv_task)
#define m2__deq32 M2__KNAME(m2__deq32)
#define m2__deq_k45 M2__KNAME(m2__deq_k45)
#define m2__deq_k45_avx M2__KNAME(m2__deq_k45_avx)
#define m2__deq_q4_0 M2__KNAME(m2__deq_q4_0)
#define m2__deq_q4_0_ref M2__KNAME(m2__deq_q4_0_ref)
#define m2__deq_q4_1 M2__KNAME(m2__deq_q4_1)
#define m2__deq_q4_1_ref M2__KNAME(m2__deq_q4_1_ref)
#define m2__deq_q4_k M2__KNAME(m2__deq_q4_k)
#define m2__deq_q4_k_ref M2__KNAME(m2__deq_q4_k_ref)
#define m2__deq_q5_0 M2__KNAME(m2__deq_q5_0)
#define m2__deq_q5_0_ref M2__KNAME(m2__deq_q5_0_ref)
#define m2__deq_q5_1 M2__KNAME(m2__deq_q5_1)
#define m2__deq_q5_1_ref M2__KNAME(m2__deq_q5_1_ref)
#define m2__deq_q5_k M2__KNAME(m2__deq_q5_k)
#define m2__deq_q5_k_ref M2__KNAME(m2__deq_q5_k_ref)
#define m2__deq_q6_k M2__KNAME(m2__deq_q6_k)
#define m2__deq_q6_k_ref M2__KNAME(m2__deq_q6_k_ref)
#define m2__deq_q8_0_ref M2__KNAME(m2__deq_q8_0_ref)
#define m2__dot_bf16 M2__KNAME(m2__dot_bf16)
#define m2__dot_blocks M2__KNAME(m2__dot_blocks)
#define m2__dot_f16 M2__KNAME(m2__dot_f16)
#define m2__dot_f32 M2__KNAME(m2__dot_f32)
#define m2__dot_f32_ref M2__KNAME(m2__dot_f32_ref)
#define m2__dot_iq_ref M2__KNAME(m2__dot_iq_ref)
#define m2__dot_q8_0 M2__KNAME(m2__dot_q8_0)
#define m2__dot_q8_0_q8 M2__KNAME(m2__dot_q8_0_q8)
#define m2__dot_q8_0_q8_ref M2__KNAME(m2__dot_q8_0_q8_ref)
#define m2__dot_row M2__KNAME(m2__dot_row)
#define m2__exp_shifted M2__KNAME(m2__exp_shifted)
#define m2__f16_at M2__KNAME(m2__f16_at)
#define m2__f16x8 M2__KNAME(m2__f16x8)
#define m2__f32_mat M2__KNAME(m2__f32_mat)
#define m2__fifth_bits M2__KNAME(m2__fifth_bits)
#define m2__gated_norm M2__KNAME(m2__gated_norm)
#define m2__gemm_bf16_micro M2__KNAME(m2__gemm_bf16_micro)
#define m2__gemm_bf16_rows M2__KNAME(m2__gemm_bf16_rows)
#define m2__gemm_micro M2__KNAME(m2__gemm_micro)
#define m2__gemm_nn M2__KNAME(m2__gemm_nn)
#define m2__gemm_nn_micro M2__KNAME(m2__gemm_nn_micro)
#define m2__gemm_nn_ref M2__KNAME(m2__gemm_nn_ref)
#define m2__gemm_q8_micro M2__KNAME(m2__gemm_q8_micro)
#define m2__gemm_q8_rows M2__KNAME(m2__gemm_q8_rows)
#define m2__gemm_rows M2__KNAME(m2__gemm_rows)
#define m2__gemm_rows_acc M2__KNAME(m2__gemm_rows_acc)
#define m2__gemm_t_rows M2__KNAME(m2__gemm_t_rows)
#define m2__gemv_iq_rows M2__KNAME(m2__gemv_iq_rows)
#define m2__gemv_rows M2__KNAME(m2__gemv_rows)
#define m2__hadd4 M2__KNAME(m2__hadd4)
#define m2__hsum8 M2__KNAME(m2__hsum8)
#define m2__i8dot M2__KNAME(m2__i8dot)
#define m2__idot_k45 M2__KNAME(m2__idot_k45)
#define m2__idot_q4_0 M2__KNAME(m2__idot_q4_0)
#define m2__idot_q4_1 M2__KNAME(m2__idot_q4_1)
#define m2__idot_q4_k M2__KNAME(m2__idot_q4_k)
#define m2__idot_q5_0 M2__KNAME(m2__idot_q5_0)
#define m2__idot_q5_1 M2__KNAME(m2__idot_q5_1)
#define m2__idot_q5_k M2__KNAME(m2__idot_q5_k)
#define m2__idot_q6_k M2__KNAME(m2__idot_q6_k)
#define m2__idot_q8_0 M2__KNAME(m2__idot_q8_0)
#define m2__idot_q8_0_vnni M2__KNAME(m2__idot_q8_0_vnni)
#define m2__in_norm_task M2__KNAME(m2__in_norm_task)
#define m2__join_halves M2__KNAME(m2__join_halves)
#define m2__k45_pair M2__KNAME(m2__k45_pair)
#define m2__k45_quants M2__KNAME(m2__k45_quants)
#define m2__k_scale_min M2__KNAME(m2__k_scale_min)
#define m2__k_scales_mins M2__KNAME(m2__k_scales_mins)
#define m2__layer_forward M2__KNAME(m2__layer_forward)
#define m2__load256 M2__KNAME(m2__load256)
#define m2__mamba1_mixer M2__KNAME(m2__mamba1_mixer)
#define m2__mamba2_mixer M2__KNAME(m2__mamba2_mixer)
#define m2__matmul_bf16act_ref M2__KNAME(m2__matmul_bf16act_ref)
#define m2__matmul_ex M2__KNAME(m2__matmul_ex)
#define m2__matmul_q8act_ref M2__KNAME(m2__matmul_q8act_ref)
#define m2__matmul_ref M2__KNAME(m2__matmul_ref)
#define m2__matmul_task M2__KNAME(m2__matmul_task)
#define m2__mlp M2__KNAME(m2__mlp)
#define m2__moe M2__KNAME(m2__moe)
#define m2__moe_route M2__KNAME(m2__moe_route)
#define m2__nibbles M2__KNAME(m2__nibbles)
#define m2__norm_rows M2__KNAME(m2__norm_rows)
#define m2__out_norm_task M2__KNAME(m2__out_norm_task)
#define m2__pack8 M2__KNAME(m2__pack8)
#define m2__pack8_avx M2__KNAME(m2__pack8_avx)
#define m2__pack8_ref M2__KNAME(m2__pack8_ref)
#define m2__pack8_words M2__KNAME(m2__pack8_words)
#define m2__pack_act_bf16 M2__KNAME(m2__pack_act_bf16)
#define m2__pack_act_bf16_ref M2__KNAME(m2__pack_act_bf16_ref)
#define m2__pack_act_bf16_rows M2__KNAME(m2__pack_act_bf16_rows)
#define m2__pack_act_q8 M2__KNAME(m2__pack_act_q8)
#define m2__pack_act_q8_ref M2__KNAME(m2__pack_act_q8_ref)
#define m2__pack_act_q8_rows M2__KNAME(m2__pack_act_q8_rows)
#define m2__pack_task M2__KNAME(m2__pack_task)
#define m2__prefetch_bytes M2__KNAME(m2__prefetch_bytes)
#define m2__prefetch_rows M2__KNAME(m2__prefetch_rows)
#define m2__q6_quants M2__KNAME(m2__q6_quants)
#define m2__qkern_of M2__KNAME(m2__qkern_of)
#define m2__qkerns M2__KNAME(m2__qkerns)
#define m2__quantize_act_q8 M2__KNAME(m2__quantize_act_q8)
#define m2__quantize_act_q8_ref M2__KNAME(m2__quantize_act_q8_ref)
#define m2__quantize_act_rows M2__KNAME(m2__quantize_act_rows)
#define m2__rd_qh M2__KNAME(m2__rd_qh)
#define m2__rms_plain M2__KNAME(m2__rms_plain)
#define m2__rmsnorm M2__KNAME(m2__rmsnorm)
#define m2__rope M2__KNAME(m2__rope)
#define m2__row_f32 M2__KNAME(m2__row_f32)
#define m2__row_seq M2__KNAME(m2__row_seq)
#define m2__row_to_f32 M2__KNAME(m2__row_to_f32)
#define m2__scan1 M2__KNAME(m2__scan1)
#define m2__scan1_ref M2__KNAME(m2__scan1_ref)
#define m2__scan1_task M2__KNAME(m2__scan1_task)
#define m2__silu M2__KNAME(m2__silu)
#define m2__silu_inplace M2__KNAME(m2__silu_inplace)
#define m2__softplus M2__KNAME(m2__softplus)
#define m2__ssd_cb_task M2__KNAME(m2__ssd_cb_task)
#define m2__ssd_chunk_task M2__KNAME(m2__ssd_chunk_task)
#define m2__ssd_step_head M2__KNAME(m2__ssd_step_head)
#define m2__ssd_step_head_ref M2__KNAME(m2__ssd_step_head_ref)
#define m2__ssd_step_task M2__KNAME(m2__ssd_step_task)
#define m2__store_block M2__KNAME(m2__store_block)
#define m2__transpose M2__KNAME(m2__transpose)
#define m2__transpose_act M2__KNAME(m2__transpose_act)
#define m2__transpose_act_rows M2__KNAME(m2__transpose_act_rows)
#define m2__u8dot M2__KNAME(m2__u8dot)
#define m2__vexp M2__KNAME(m2__vexp)
#define m2__vsum128 M2__KNAME(m2__vsum128)
#define m2__vsum256 M2__KNAME(m2__vsum256)
#define m2__vsum512 M2__KNAME(m2__vsum512)
#define m2__widen_bf16 M2__KNAME(m2__widen_bf16)
#define m2__widen_bf16_ref M2__KNAME(m2__widen_bf16_ref)
#define m2__widen_blocks M2__KNAME(m2__widen_blocks)
#define m2__widen_blocks_ref M2__KNAME(m2__widen_blocks_ref)
#define m2__widen_f16 M2__KNAME(m2__widen_f16)
#define m2__widen_f16_ref M2__KNAME(m2__widen_f16_ref)
#define m2__widen_q8_0 M2__KNAME(m2__widen_q8_0)
#define m2__widen_q8_0_ref M2__KNAME(m2__widen_q8_0_ref)

/* The first pass: the compiler's own target. */
#define M2__KISA M2__BASE_ISA
#if defined(__F16C__)
#define M2__KEXTRA_F16C 1
#endif
#define M2__MAIN_PASS 1
#endif /* MAMBA2_IMPLEMENTATION_DONE */
#endif /* MAMBA2_IMPLEMENTATION */

#if defined(M2__MAIN_PASS) || defined(M2__KERNEL_PASS)
// >>kernels
/* This pass's level (M2__KISA, set by whoever includes the section) as feature flags and the
   suffix of its function names. */
#if M2__KISA == M2__ISA_AVX512_BF16
#define M2__K_AVX512 1
#define M2__K_BF16 1
#define M2__K_VNNI 1
#define M2__K_F16C 1
#elif M2__KISA == M2__ISA_AVX512_VNNI
#define M2__K_AVX512 1
#define M2__K_VNNI 1
#define M2__K_F16C 1
#elif M2__KISA == M2__ISA_AVX512
#define M2__K_AVX512 1
#define M2__K_F16C 1
#elif M2__KISA == M2__ISA_AVX2
#define M2__K_AVX2 1
#ifdef M2__KEXTRA_F16C
#define M2__K_F16C 1
#endif
#elif M2__KISA == M2__ISA_NEON
#define M2__K_NEON 1
#elif M2__KISA == M2__ISA_WASM_SIMD128
#define M2__K_WASM 1
#endif
#define M2__KSFX M2__ISA_COL(M2__KISA, M2__ISA_SUFFIX) /* (the tests define it themselves) */
#if defined(M2__K_AVX512) || defined(M2__K_AVX2)
#define M2__K_AVX 1
#endif

/* The SIMD vocabulary: kernels are written once against these names, each beside its scalar
   _ref loop that the tests hold it to (the ggml simd-mappings.h pattern).
   M2_VF is a vector of M2_VW floats; the scalar tail loop of each kernel is the whole kernel
   when no vector unit is known or MAMBA2_NO_SIMD is set. */
#if defined(M2__K_AVX512)
/* The masked (maskz_) forms below are deliberate: the unmasked AVX-512 intrinsics of g++ 12 raise
   -Wmaybe-uninitialized from inside the compiler's own header. */
#define M2__SIMD 1
#if defined(M2__K_BF16)
#elif defined(M2__K_VNNI)
#else
#endif
#define M2_VF __m512
#define M2_VW 16
#define M2_VZERO _mm512_setzero_ps()
#define M2_VLOAD(p) _mm512_loadu_ps(p)
#define M2_VSTORE(p, v) _mm512_storeu_ps((p), (v))
#define M2_VSET1(x) _mm512_set1_ps(x)
#define M2_VADD(a, b) _mm512_add_ps((a), (b))
#define M2_VMUL(a, b) _mm512_mul_ps((a), (b))
#define M2_VFMA(acc, a, b) _mm512_fmadd_ps((a), (b), (acc))
/* (v[i] + v[i+8]), then + 4 apart, then (t0 + t2) + (t1 + t3): in registers (a round trip through
   memory stalled the decode kernels, which reduce once per weight row) */
static float m2__vsum512(__m512 v) {
    __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(0xF, _mm512_castps_pd(v), 1)));
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
    q = _mm_add_ps(q, _mm_movehl_ps(q, q));
    return _mm_cvtss_f32(_mm_add_ss(q, _mm_movehdup_ps(q)));
}
#define M2_VSUM(v) m2__vsum512(v)
#define M2_VLOAD_BF16(p) _mm512_castsi512_ps(_mm512_maskz_slli_epi32(0xFFFF, _mm512_maskz_cvtepu16_epi32(0xFFFF, _mm256_loadu_si256((const __m256i *)(const void *)(p))), 16))
#define M2_VLOAD_F16(p) _mm512_mask_cvtph_ps(_mm512_setzero_ps(), 0xFFFF, _mm256_loadu_si256((const __m256i *)(const void *)(p)))
#define M2_VLOAD_I8(p) _mm512_cvtepi32_ps(_mm512_maskz_cvtepi8_epi32(0xFFFF, _mm_loadu_si128((const __m128i *)(const void *)(p))))
#elif defined(M2__K_AVX2)
#define M2__SIMD 1
#define M2_VF __m256
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
#ifdef M2__K_F16C
#define M2_VLOAD_F16(p) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#endif
#elif defined(M2__K_NEON)
#define M2__SIMD 1
#define M2_VF float32x4_t
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
#elif defined(M2__K_WASM)
/* WebAssembly SIMD128: 4 floats. Its multiply-add is not fused (fused ones need relaxed SIMD), so
   sums round like the scalar code's products, but in another order; it has no f16 conversion. */
#define M2__SIMD 1
#define M2_VF v128_t
#define M2_VW 4
#define M2_VZERO wasm_f32x4_splat(0.0f)
#define M2_VLOAD(p) wasm_v128_load(p)
#define M2_VSTORE(p, v) wasm_v128_store((p), (v))
#define M2_VSET1(x) wasm_f32x4_splat(x)
#define M2_VADD(a, b) wasm_f32x4_add((a), (b))
#define M2_VMUL(a, b) wasm_f32x4_mul((a), (b))
#define M2_VFMA(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
/* (v0 + v2) + (v1 + v3), as the other levels pair their halves */
#define M2_VSUM(v) m2__vsum128(v)
static float m2__vsum128(v128_t v) {
    v128_t h = wasm_f32x4_add(v, wasm_i32x4_shuffle(v, v, 2, 3, 0, 1));
    return wasm_f32x4_extract_lane(h, 0) + wasm_f32x4_extract_lane(h, 1);
}
#define M2_VLOAD_BF16(p) wasm_i32x4_shl(wasm_u32x4_load16x4(p), 16)
#define M2_VLOAD_I8(p) wasm_f32x4_convert_i32x4(wasm_i32x4_extend_low_i16x8(wasm_i16x8_load8x8(p)))
#else
#endif
/* A Q8_0 block's f16 scale. The portable conversion's branches cost more than the rest of a
   block's dot product (AVX2 decode went from 147 to 193 tok/s with the instruction). */
#ifdef M2__K_F16C
#define M2__BLOCK_SCALE(blk) _cvtsh_ss((unsigned short)((blk)[0] | ((blk)[1] << 8)))
#else
#define M2__BLOCK_SCALE(blk) m2__f16_to_f32((uint16_t)((blk)[0] | ((blk)[1] << 8)))
#endif
/* Dot products of a weight row (in its storage dtype) with an f32 activation row. The _ref versions
   are the specification; the others must agree with them to float rounding (tests/test_main.c). */
M2__REF_KERNEL float m2__dot_f32_ref(const float *w, const float *x, int n) {
    float s = 0.0f;
    int i;
    for (i = 0; i < n; i++) s += w[i] * x[i];
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
/* Q8_0 (README.md, File format): blocks of 32 int8 with one f16 scale; k0 and n are multiples of 32 except at
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
            M2_VF d = M2_VSET1(M2__BLOCK_SCALE(blk));
            int j;
            for (j = 0; j < 32; j += M2_VW) M2_VSTORE(out + i + j, M2_VMUL(d, M2_VLOAD_I8(blk + 2 + j)));
        }
#endif
    if (i < n) m2__widen_q8_0_ref(row, k0 + i, n - i, out + i);
}

/* The 4-, 5- and 6-bit block types (m2_dtype): one block to f32, exactly as ggml's
   dequantize_row_q4_0 ... dequantize_row_q6_K compute it (the same float operations in the same
   order), so a file imported from GGUF computes with the weights llama.cpp computes with. These are
   the specification of every other kernel of these types. */
static float m2__f16_at(const unsigned char *p) { return m2__f16_to_f32((uint16_t)(p[0] | (p[1] << 8))); }
M2__REF_KERNEL void m2__deq_q4_0_ref(const unsigned char *blk, float *y) {
    float d = m2__f16_at(blk);
    int j;
    for (j = 0; j < 16; j++) {
        y[j] = (float)((blk[2 + j] & 0x0F) - 8) * d;
        y[j + 16] = (float)((blk[2 + j] >> 4) - 8) * d;
    }
}
M2__REF_KERNEL void m2__deq_q4_1_ref(const unsigned char *blk, float *y) {
    float d = m2__f16_at(blk), m = m2__f16_at(blk + 2);
    int j;
    for (j = 0; j < 16; j++) {
        y[j] = (float)(blk[4 + j] & 0x0F) * d + m;
        y[j + 16] = (float)(blk[4 + j] >> 4) * d + m;
    }
}
/* the 32 fifth bits of a Q5 block, little-endian: bit j belongs to value j */
static uint32_t m2__rd_qh(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
M2__REF_KERNEL void m2__deq_q5_0_ref(const unsigned char *blk, float *y) {
    float d = m2__f16_at(blk);
    uint32_t qh = m2__rd_qh(blk + 2);
    int j;
    for (j = 0; j < 16; j++) {
        int h0 = (int)((qh >> j) << 4 & 0x10), h1 = (int)(qh >> (j + 12) & 0x10);
        y[j] = (float)(((blk[6 + j] & 0x0F) | h0) - 16) * d;
        y[j + 16] = (float)(((blk[6 + j] >> 4) | h1) - 16) * d;
    }
}
M2__REF_KERNEL void m2__deq_q5_1_ref(const unsigned char *blk, float *y) {
    float d = m2__f16_at(blk), m = m2__f16_at(blk + 2);
    uint32_t qh = m2__rd_qh(blk + 4);
    int j;
    for (j = 0; j < 16; j++) {
        int h0 = (int)((qh >> j) << 4 & 0x10), h1 = (int)(qh >> (j + 12) & 0x10);
        y[j] = (float)((blk[8 + j] & 0x0F) | h0) * d + m;
        y[j + 16] = (float)((blk[8 + j] >> 4) | h1) * d + m;
    }
}
/* Scale and min of sub-block j (of 8) of a Q4_K / Q5_K block: six bits each, packed in 12 bytes
   (ggml's get_scale_min_k4): j < 4 in the low six bits of bytes j and j+4; j >= 4 in the nibbles
   of byte j+4 with their top two bits in the top bits of bytes j-4 and j. */
static void m2__k_scale_min(const unsigned char *q, int j, int *sc, int *m) {
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}
/* Q4_K: 8 sub-blocks of 32, value = d * sc_j * q - dmin * m_j; qs holds sub-blocks 2p and 2p+1 in
   the low and high nibbles of bytes [32p, 32p+32). Q5_K adds the fifth bit of value l of sub-block
   j as bit j of qh[l]. */
static void m2__deq_k45(const unsigned char *blk, const unsigned char *qh, const unsigned char *qs, float *y) {
    float d = m2__f16_at(blk), dmin = m2__f16_at(blk + 2);
    int p, l;
    for (p = 0; p < 4; p++) {
        int sc, m;
        float d1, m1, d2, m2;
        m2__k_scale_min(blk + 4, 2 * p, &sc, &m);
        d1 = d * (float)sc; m1 = dmin * (float)m;
        m2__k_scale_min(blk + 4, 2 * p + 1, &sc, &m);
        d2 = d * (float)sc; m2 = dmin * (float)m;
        for (l = 0; l < 32; l++) y[64 * p + l] = d1 * (float)((qs[32 * p + l] & 0x0F) + (qh && (qh[l] >> (2 * p) & 1) ? 16 : 0)) - m1;
        for (l = 0; l < 32; l++) y[64 * p + 32 + l] = d2 * (float)((qs[32 * p + l] >> 4) + (qh && (qh[l] >> (2 * p + 1) & 1) ? 16 : 0)) - m2;
    }
}
M2__REF_KERNEL void m2__deq_q4_k_ref(const unsigned char *blk, float *y) { m2__deq_k45(blk, NULL, blk + 16, y); }
M2__REF_KERNEL void m2__deq_q5_k_ref(const unsigned char *blk, float *y) { m2__deq_k45(blk, blk + 16, blk + 48, y); }
/* Q6_K: 16 sub-blocks of 16 with int8 scales; the halves [128h, 128h+128) take ql[64h..], qh[32h..],
   scales[8h..]; value 32k + l of a half (k < 4, l < 32) has its low four bits in ql[l + 32 (k & 1)]
   (low nibble for k < 2), its top two bits at bit 2k of qh[l], and scale sc[2k + l / 16]. */
M2__REF_KERNEL void m2__deq_q6_k_ref(const unsigned char *blk, float *y) {
    float d = m2__f16_at(blk + 208);
    int h, l;
    for (h = 0; h < 2; h++) {
        const unsigned char *ql = blk + 64 * h, *qh = blk + 128 + 32 * h;
        const signed char *sc = (const signed char *)(blk + 192 + 8 * h);
        float *yh = y + 128 * h;
        for (l = 0; l < 32; l++) {
            int is = l / 16;
            int q1 = ((ql[l] & 0x0F) | ((qh[l] >> 0 & 3) << 4)) - 32, q2 = ((ql[l + 32] & 0x0F) | ((qh[l] >> 2 & 3) << 4)) - 32;
            int q3 = ((ql[l] >> 4) | ((qh[l] >> 4 & 3) << 4)) - 32, q4 = ((ql[l + 32] >> 4) | ((qh[l] >> 6 & 3) << 4)) - 32;
            yh[l] = d * (float)sc[is] * (float)q1;
            yh[l + 32] = d * (float)sc[is + 2] * (float)q2;
            yh[l + 64] = d * (float)sc[is + 4] * (float)q3;
            yh[l + 96] = d * (float)sc[is + 6] * (float)q4;
        }
    }
}
M2__REF_KERNEL void m2__deq_q8_0_ref(const unsigned char *blk, float *y) {
    float d = m2__f16_at(blk);
    int j;
    for (j = 0; j < 32; j++) y[j] = d * (float)(signed char)blk[2 + j];
}

/* Columns [k0, k0+n) of a row of block type t as f32 (k0 and n whole blocks): as specified, and as
   this level does it. */
static const struct m2__qkern *m2__qkern_of(m2_dtype t);
static float m2__dot_blocks(m2_dtype t, const unsigned char *row, const float *x, int n);
static void m2__widen_blocks_ref(m2_dtype t, const unsigned char *row, int k0, int n, float *out) {
    int bs = (int)m2__dtypes[t].block, i;
    for (i = 0; i < n; i += bs) m2__qkern_of(t)->deq_ref(row + (size_t)((k0 + i) / bs) * m2__dtypes[t].bytes, out + i);
}
static void m2__widen_blocks(m2_dtype t, const unsigned char *row, int k0, int n, float *out) {
    int bs = (int)m2__dtypes[t].block, i;
    for (i = 0; i < n; i += bs) m2__qkern_of(t)->deq(row + (size_t)((k0 + i) / bs) * m2__dtypes[t].bytes, out + i);
}

/* Columns [k0, k0+n) of one weight row as f32: the row itself for F32, else widened into buf. */
static const float *m2__row_f32(const m2__mat *W, int row, int k0, int n, float *buf) {
    const unsigned char *r = (const unsigned char *)W->data + (size_t)row * W->row_bytes;
    switch (W->dtype) {
    case M2_F32: return (const float *)(const void *)r + k0;
    case M2_F16: m2__widen_f16((const uint16_t *)(const void *)r + k0, n, buf); break;
    case M2_BF16: m2__widen_bf16((const uint16_t *)(const void *)r + k0, n, buf); break;
    case M2_Q8_0: m2__widen_q8_0(r, k0, n, buf); break;
    default: m2__widen_blocks(W->dtype, r, k0, n, buf); break;
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
        default: m2__widen_blocks_ref(W->dtype, row, 0, W->cols, buf); break;
        }
        for (t = 0; t < T; t++) y[(size_t)t * (size_t)ldy + (size_t)r] = m2__dot_f32_ref(buf, x + (size_t)t * (size_t)ldx, W->cols) + (bias ? bias[r] : 0.0f);
    }
}

#define M2__KB 256 /* k-block: columns widened / packed at a time (multiple of 32 for Q8_0) */

/* Dot products of one weight row, in its storage dtype, with f32 activations (decode): each weight
   is read exactly once from memory and widened in registers. Four accumulators keep enough loads in
   flight for a single core to approach its share of the memory bandwidth. */
static float m2__dot_f32(const float *w, const float *x, int n) {
    int i = 0;
    float s = 0.0f;
#ifdef M2__SIMD
    M2_VF a0 = M2_VZERO, a1 = M2_VZERO, a2 = M2_VZERO, a3 = M2_VZERO;
    for (; i + 4 * M2_VW <= n; i += 4 * M2_VW) {
        a0 = M2_VFMA(a0, M2_VLOAD(w + i), M2_VLOAD(x + i));
        a1 = M2_VFMA(a1, M2_VLOAD(w + i + M2_VW), M2_VLOAD(x + i + M2_VW));
        a2 = M2_VFMA(a2, M2_VLOAD(w + i + 2 * M2_VW), M2_VLOAD(x + i + 2 * M2_VW));
        a3 = M2_VFMA(a3, M2_VLOAD(w + i + 3 * M2_VW), M2_VLOAD(x + i + 3 * M2_VW));
    }
    for (; i + M2_VW <= n; i += M2_VW) a0 = M2_VFMA(a0, M2_VLOAD(w + i), M2_VLOAD(x + i));
    s = M2_VSUM(M2_VADD(M2_VADD(a0, a1), M2_VADD(a2, a3)));
#else
    {   /* four sums, so that additions do not wait on each other */
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (; i + 4 <= n; i += 4) { s0 += w[i] * x[i]; s1 += w[i + 1] * x[i + 1]; s2 += w[i + 2] * x[i + 2]; s3 += w[i + 3] * x[i + 3]; }
        s = (s0 + s1) + (s2 + s3);
    }
#endif
    for (; i < n; i++) s += w[i] * x[i];
    return s;
}
static float m2__dot_bf16(const uint16_t *w, const float *x, int n) {
    int i = 0;
    float s = 0.0f;
#ifdef M2__SIMD
    M2_VF a0 = M2_VZERO, a1 = M2_VZERO;
    for (; i + 2 * M2_VW <= n; i += 2 * M2_VW) {
        a0 = M2_VFMA(a0, M2_VLOAD_BF16(w + i), M2_VLOAD(x + i));
        a1 = M2_VFMA(a1, M2_VLOAD_BF16(w + i + M2_VW), M2_VLOAD(x + i + M2_VW));
    }
    for (; i + M2_VW <= n; i += M2_VW) a0 = M2_VFMA(a0, M2_VLOAD_BF16(w + i), M2_VLOAD(x + i));
    s = M2_VSUM(M2_VADD(a0, a1));
#endif
    for (; i < n; i++) s += m2__bf16_to_f32(w[i]) * x[i];
    return s;
}
static float m2__dot_f16(const uint16_t *w, const float *x, int n) {
    int i = 0;
    float s = 0.0f;
#if defined(M2__SIMD) && defined(M2_VLOAD_F16)
    M2_VF a0 = M2_VZERO, a1 = M2_VZERO;
    for (; i + 2 * M2_VW <= n; i += 2 * M2_VW) {
        a0 = M2_VFMA(a0, M2_VLOAD_F16(w + i), M2_VLOAD(x + i));
        a1 = M2_VFMA(a1, M2_VLOAD_F16(w + i + M2_VW), M2_VLOAD(x + i + M2_VW));
    }
    for (; i + M2_VW <= n; i += M2_VW) a0 = M2_VFMA(a0, M2_VLOAD_F16(w + i), M2_VLOAD(x + i));
    s = M2_VSUM(M2_VADD(a0, a1));
#endif
    for (; i < n; i++) s += m2__f16_to_f32(w[i]) * x[i];
    return s;
}
static float m2__dot_q8_0(const unsigned char *row, const float *x, int n) {
    int b = 0;
    float s = 0.0f;
#if defined(M2__SIMD) && defined(M2_VLOAD_I8)
    {   /* scale the widened block and accumulate across blocks: one reduction per row, not per block */
        M2_VF a0 = M2_VZERO, a1 = M2_VZERO;
        for (; b < n / 32; b++) {
            const unsigned char *blk = row + (size_t)b * 34;
            const float *xb = x + b * 32;
            M2_VF d = M2_VSET1(M2__BLOCK_SCALE(blk));
            int i;
            for (i = 0; i < 32; i += 2 * M2_VW) {
                a0 = M2_VFMA(a0, M2_VMUL(M2_VLOAD_I8(blk + 2 + i), d), M2_VLOAD(xb + i));
                a1 = M2_VFMA(a1, M2_VMUL(M2_VLOAD_I8(blk + 2 + i + M2_VW), d), M2_VLOAD(xb + i + M2_VW));
            }
        }
        s = M2_VSUM(M2_VADD(a0, a1));
    }
#endif
    for (; b < n / 32; b++) {
        const unsigned char *blk = row + (size_t)b * 34;
        const float *xb = x + b * 32;
        float d = M2__BLOCK_SCALE(blk), part = 0.0f;
        int i;
        for (i = 0; i < 32; i++) part += (float)(signed char)blk[2 + i] * xb[i];
        s += d * part;
    }
    return s;
}
static float m2__dot_row(const m2__mat *W, int row, const float *x) {
    const unsigned char *r = (const unsigned char *)W->data + (size_t)row * W->row_bytes;
    switch (W->dtype) {
    case M2_F32: return m2__dot_f32((const float *)(const void *)r, x, W->cols);
    case M2_F16: return m2__dot_f16((const uint16_t *)(const void *)r, x, W->cols);
    case M2_BF16: return m2__dot_bf16((const uint16_t *)(const void *)r, x, W->cols);
    case M2_Q8_0: return m2__dot_q8_0(r, x, W->cols);
    default: return m2__dot_blocks(W->dtype, r, x, W->cols);
    }
}

/* Rows [r0, r1) of y = W x + bias for a few tokens (decode). */
static void m2__gemv_rows(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int r0, int r1) {
    int r, t;
    for (r = r0; r < r1; r++)
        for (t = 0; t < T; t++)
            y[(size_t)t * (size_t)ldy + (size_t)r] = m2__dot_row(W, r, x + (size_t)t * (size_t)ldx) + (bias ? bias[r] : 0.0f);
}

/* Decode with Q8_0 weights where the CPU has AVX-512 VNNI: the activations are quantized the way the
   weights are (blocks of 32 int8 and one scale, x / (amax/127) rounded half away from zero) once per
   matrix product, so a block's dot product is an exact int32 sum done 64 bytes per instruction
   (vpdpbusd), with one multiply by the two scales per block. Decoding is limited by how fast the
   weights can be consumed, and widening int8 to f32 was the cost. It adds a rounding of the
   activations (README "Precision"); m2_session_opts.f32_activations turns it off. */
/* Below this a block's values are all but zero (their products with any weight vanish beside a
   normal activation's); quantizing them to 0 keeps the reciprocal finite. */
#define M2__Q8_AMAX_MIN (127.0f / FLT_MAX)
M2__REF_KERNEL void m2__quantize_act_q8_ref(const float *x, int K, signed char *q, float *scale) {
    int b, i;
    for (b = 0; b < K / 32; b++) {
        const float *xb = x + b * 32;
        float amax = 0.0f, id;
        int finite = 1;
        for (i = 0; i < 32; i++) {
            float a = fabsf(xb[i]);
            if (!(a <= FLT_MAX)) finite = 0;
            else if (a > amax) amax = a;
        }
        if (!finite) { /* keep NaN/Inf visible in the result instead of losing it in the rounding */
            scale[b] = (float)NAN;
            memset(q + b * 32, 0, 32);
            continue;
        }
        if (amax < M2__Q8_AMAX_MIN) amax = 0.0f; /* 127 / amax would overflow, and 0 * inf is NaN */
        scale[b] = amax / 127.0f;
        id = amax > 0.0f ? 127.0f / amax : 0.0f;
        for (i = 0; i < 32; i++) {
            float v = xb[i] * id;
            v = v > 127.0f ? 127.0f : v < -127.0f ? -127.0f : v;
            q[b * 32 + i] = (signed char)(int)(v + (v >= 0.0f ? 0.5f : -0.5f));
        }
    }
}
/* m2__quantize_act_q8_ref's operations on 16 lanes (8 on AVX2): the same bytes and scales (tested) */
static void m2__quantize_act_q8(const float *x, int K, signed char *q, float *scale) {
    int b = 0;
#if defined(M2__K_AVX512)
    const __m512 big = _mm512_set1_ps(FLT_MAX), lim = _mm512_set1_ps(127.0f), nlim = _mm512_set1_ps(-127.0f), zero = _mm512_setzero_ps();
    const __m512i half = _mm512_castps_si512(_mm512_set1_ps(0.5f)), sign = _mm512_set1_epi32((int)0x80000000u);
    for (; b < K / 32; b++) {
        const float *xb = x + b * 32;
        __m512 v0 = _mm512_loadu_ps(xb), v1 = _mm512_loadu_ps(xb + 16), a0 = _mm512_abs_ps(v0), a1 = _mm512_abs_ps(v1), vid;
        float amax, id;
        if (_mm512_cmp_ps_mask(a0, big, _CMP_LE_OQ) != 0xFFFF || _mm512_cmp_ps_mask(a1, big, _CMP_LE_OQ) != 0xFFFF) {
            m2__quantize_act_q8_ref(xb, 32, q + b * 32, scale + b); /* NaN or Inf in the block */
            continue;
        }
        amax = _mm512_reduce_max_ps(_mm512_max_ps(a0, a1));
        if (amax < M2__Q8_AMAX_MIN) amax = 0.0f;
        scale[b] = amax / 127.0f;
        id = amax > 0.0f ? 127.0f / amax : 0.0f;
        vid = _mm512_set1_ps(id);
        v0 = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(v0, vid), nlim), lim);
        v1 = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(v1, vid), nlim), lim);
        /* + 0.5 carrying the sign of v < 0 (so +0.5 for -0 as in the reference), then truncate */
#define M2__HALF_AWAY(v) _mm512_add_ps((v), _mm512_castsi512_ps(_mm512_or_si512(half, _mm512_and_si512(sign, \
        _mm512_castps_si512(_mm512_mask_blend_ps(_mm512_cmp_ps_mask((v), zero, _CMP_LT_OQ), zero, (v)))))))
        _mm_storeu_si128((__m128i *)(void *)(q + b * 32), _mm512_cvtepi32_epi8(_mm512_cvttps_epi32(M2__HALF_AWAY(v0))));
        _mm_storeu_si128((__m128i *)(void *)(q + b * 32 + 16), _mm512_cvtepi32_epi8(_mm512_cvttps_epi32(M2__HALF_AWAY(v1))));
#undef M2__HALF_AWAY
    }
#elif defined(M2__K_AVX2)
    const __m256 big = _mm256_set1_ps(FLT_MAX), lim = _mm256_set1_ps(127.0f), nlim = _mm256_set1_ps(-127.0f), zero = _mm256_setzero_ps();
    const __m256 half = _mm256_set1_ps(0.5f), sign = _mm256_set1_ps(-0.0f);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7); /* undoes the lane interleaving of the two packs */
    for (; b < K / 32; b++) {
        const float *xb = x + b * 32;
        __m256 v[4], a[4], m, vid;
        __m128 h;
        __m256i i16a, i16b;
        float amax, id;
        int j, ok = 1;
        for (j = 0; j < 4; j++) {
            v[j] = _mm256_loadu_ps(xb + 8 * j);
            a[j] = _mm256_andnot_ps(sign, v[j]);
            ok &= _mm256_movemask_ps(_mm256_cmp_ps(a[j], big, _CMP_LE_OQ)) == 0xFF;
        }
        if (!ok) { m2__quantize_act_q8_ref(xb, 32, q + b * 32, scale + b); continue; } /* NaN or Inf in the block */
        m = _mm256_max_ps(_mm256_max_ps(a[0], a[1]), _mm256_max_ps(a[2], a[3]));
        h = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        h = _mm_max_ps(h, _mm_movehl_ps(h, h));
        amax = _mm_cvtss_f32(_mm_max_ss(h, _mm_movehdup_ps(h)));
        if (amax < M2__Q8_AMAX_MIN) amax = 0.0f;
        scale[b] = amax / 127.0f;
        id = amax > 0.0f ? 127.0f / amax : 0.0f;
        vid = _mm256_set1_ps(id);
        for (j = 0; j < 4; j++) {
            __m256 t = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(v[j], vid), nlim), lim);
            /* + 0.5 carrying the sign of t < 0 (so +0.5 for -0 as in the reference), then truncate */
            a[j] = _mm256_add_ps(t, _mm256_or_ps(half, _mm256_and_ps(sign, _mm256_cmp_ps(t, zero, _CMP_LT_OQ))));
        }
        i16a = _mm256_packs_epi32(_mm256_cvttps_epi32(a[0]), _mm256_cvttps_epi32(a[1]));
        i16b = _mm256_packs_epi32(_mm256_cvttps_epi32(a[2]), _mm256_cvttps_epi32(a[3]));
        _mm256_storeu_si256((__m256i *)(void *)(q + b * 32), _mm256_permutevar8x32_epi32(_mm256_packs_epi16(i16a, i16b), order));
    }
#endif
    if (b < K / 32) m2__quantize_act_q8_ref(x + b * 32, K - b * 32, q + b * 32, scale + b);
}

M2__REF_KERNEL float m2__dot_q8_0_q8_ref(const unsigned char *row, const signed char *xq, const float *xs, int n) {
    float s = 0.0f;
    int b, i;
    for (b = 0; b < n / 32; b++) {
        const unsigned char *blk = row + (size_t)b * 34;
        /* integers below 2^24 throughout, so float sums are exact; an int32 sum of these products
           is what gcc 12.2 miscompiles at -O2 with VNNI enabled (it makes a wrong dot-product) */
        float sum = 0.0f;
        for (i = 0; i < 32; i++) sum += (float)(signed char)blk[2 + i] * (float)xq[b * 32 + i];
        s += m2__f16_to_f32((uint16_t)(blk[0] | (blk[1] << 8))) * xs[b] * sum;
    }
    return s;
}
#if defined(M2__K_VNNI)
#define M2__Q8DOT 1
static float m2__dot_q8_0_q8(const unsigned char *row, const signed char *xq, const float *xs, int n) {
    __m512 acc = _mm512_setzero_ps();
    int b = 0, nb = n / 32;
    float s;
    for (; b + 2 <= nb; b += 2) { /* two blocks per step: lanes 0-7 sum block b, lanes 8-15 block b+1 */
        const unsigned char *b0 = row + (size_t)b * 34, *b1 = b0 + 34;
        __m512i w = _mm512_maskz_inserti64x4(0xFF, _mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(const void *)(b0 + 2))),
                                             _mm256_loadu_si256((const __m256i *)(const void *)(b1 + 2)), 1);
        __m512i x = _mm512_loadu_si512((const void *)(xq + (size_t)b * 32));
        /* vpdpbusd multiplies unsigned by signed bytes: |w| times x carrying w's sign */
        __m512i sx = _mm512_mask_sub_epi8(x, _mm512_movepi8_mask(w), _mm512_setzero_si512(), x);
        __m512i dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), _mm512_maskz_abs_epi8(~(__mmask64)0, w), sx);
        float s0 = _cvtsh_ss((unsigned short)(b0[0] | (b0[1] << 8))) * xs[b], s1 = _cvtsh_ss((unsigned short)(b1[0] | (b1[1] << 8))) * xs[b + 1];
        __m512 sc = _mm512_maskz_insertf32x8(0xFFFF, _mm512_set1_ps(s0), _mm256_set1_ps(s1), 1);
        acc = _mm512_fmadd_ps(_mm512_maskz_cvtepi32_ps(0xFFFF, dot), sc, acc);
    }
    s = M2_VSUM(acc);
    if (b < nb) s += m2__dot_q8_0_q8_ref(row + (size_t)b * 34, xq + (size_t)b * 32, xs + b, 32);
    return s;
}
#endif

/* Decode with the block types, activations quantized to int8: every token's activations are
   rounded once per matrix product by m2__quantize_act_q8 into blocks of 32 values with one f32
   scale each (the same rounding as the Q8_0 VNNI path), plus each block's sum of its int8 values
   (m2__quantize_act_rows). Blocks of 32 serve every type: the K types' sub-blocks are
   32 values (Q4_K, Q5_K) or 16 within a 32 (Q6_K), so one activation block always lies inside one
   weight sub-block, and the mins of Q4_1 / Q5_1 / Q4_K / Q5_K need only the block sums. A block's
   integer products are then exact int32 sums (vpmaddubsw / vpmaddwd on AVX2), scaled in f32 (eight
   blocks or sub-blocks per multiply-add, one per 32 values for Q6_K, where gathering them measured
   slower): decode reads 4.5-6.6 bits per weight and no longer widens each one to f32.
   Prefill (more than M2__GEMV_MAX_T tokens) instead widens the weights a k-block at a time into the
   f32 GEMM (m2__gemm_t_rows), which reuses each widened weight for many tokens: its activations
   stay exact, so prefill and step differ by this rounding (as with Q8_0 on AVX2). Q8_0 keeps the
   VNNI kernels where the CPU has them (prefill included), and f32 activations on AVX-512 without
   VNNI. m2_session_opts.f32_activations turns the rounding off: decode then dequantizes the
   weights (m2__dot_blocks) and multiplies them with the f32 activations. */
M2__REF_KERNEL void m2__quantize_act_rows(const float *x, int ldx, int T, int K, void *buf) {
    signed char *q = (signed char *)buf;
    float *xs = (float *)(void *)(q + (size_t)T * (size_t)K), *xm = xs + (size_t)T * (size_t)(K / 32);
    int t, b, i;
    for (t = 0; t < T; t++) m2__quantize_act_q8(x + (size_t)t * (size_t)ldx, K, q + (size_t)t * (size_t)K, xs + (size_t)t * (size_t)(K / 32));
    for (b = 0; b < T * (K / 32); b++) {
        int sum = 0;
        for (i = 0; i < 32; i++) sum += q[(size_t)b * 32 + (size_t)i];
        xm[b] = (float)sum;
    }
}
/* The specification: the row dequantized exactly (m2__widen_blocks_ref), times each activation
   block's int8 values and scale. xsum is not needed here (the kernels use it for the mins). */
M2__REF_KERNEL float m2__dot_iq_ref(m2_dtype t, const unsigned char *row, const signed char *xq, const float *xs, int n) {
    float w[256], s = 0.0f;
    int bs = (int)m2__dtypes[t].block, i, j;
    for (i = 0; i < n; i += bs) {
        m2__widen_blocks_ref(t, row, i, bs, w);
        for (j = 0; j < bs; j += 32) {
            float part = 0.0f;
            int k;
            for (k = 0; k < 32; k++) part += w[j + k] * (float)xq[i + j + k];
            s += xs[(i + j) / 32] * part;
        }
    }
    return s;
}
#if defined(M2__K_AVX)
#define M2__IDOT 1
/* 256-bit integer code: the same instructions serve AVX2 and the AVX-512 levels. */
/* eight int32 sums of four products of signed bytes each (|w| <= 128, |x| <= 127: vpmaddubsw
   multiplies unsigned by signed bytes, so |w| times x carrying w's sign, without saturation) */
static __m256i m2__i8dot(__m256i w, __m256i x) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w)), _mm256_set1_epi16(1));
}
/* the same for unsigned u <= 64 */
static __m256i m2__u8dot(__m256i u, __m256i x) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, x), _mm256_set1_epi16(1));
}
static float m2__hsum8(__m256 v) {
    __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    q = _mm_add_ps(q, _mm_movehl_ps(q, q));
    return _mm_cvtss_f32(_mm_add_ss(q, _mm_movehdup_ps(q)));
}
static __m256i m2__load256(const void *p) { return _mm256_loadu_si256((const __m256i *)p); }
/* the 32 nibbles of 16 bytes as bytes 0..15: low nibbles first (values 0-15), then high (16-31) */
static __m256i m2__nibbles(const unsigned char *p) {
    __m128i t = _mm_loadu_si128((const __m128i *)(const void *)p);
    return _mm256_and_si256(_mm256_inserti128_si256(_mm256_castsi128_si256(t), _mm_srli_epi16(t, 4), 1), _mm256_set1_epi8(0x0F));
}
/* byte j = 0x10 where bit j of the 32 bits at p is set (a Q5 block's fifth bits) */
static __m256i m2__fifth_bits(const unsigned char *p) {
    const __m256i spread = _mm256_set_epi64x(0x0303030303030303LL, 0x0202020202020202LL, 0x0101010101010101LL, 0);
    const __m256i sel = _mm256_set1_epi64x((long long)0x8040201008040201ULL);
    __m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32((int)m2__rd_qh(p)), spread); /* byte j = byte j/8 of the bits */
    return _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(v, sel), sel), _mm256_set1_epi8(0x10));
}
/* bits [k, k+width) of every byte of v, as bytes */
static __m256i m2__bits(__m256i v, int k, int mask) {
    return _mm256_and_si256(_mm256_srl_epi16(v, _mm_cvtsi32_si128(k)), _mm256_set1_epi8((char)mask));
}
#define M2__XB(b) m2__load256(xq + (size_t)(b) * 32)
/* Eight integer sums, one per 32-value block, reach f32 together: one conversion and one
   multiply-add with the eight blocks' scales, not one per block. m2__hadd4 sums pairs of lanes of
   four vectors twice (vphaddd): lane j of each 128-bit half holds that half's sum of v_j;
   m2__join_halves adds the halves of two such results: lane j = the whole sum of v_j (j < 4 from
   a, j >= 4 from b). */
static M2__FORCE_INLINE __m256i m2__hadd4(__m256i v0, __m256i v1, __m256i v2, __m256i v3) {
    return _mm256_hadd_epi32(_mm256_hadd_epi32(v0, v1), _mm256_hadd_epi32(v2, v3));
}
static M2__FORCE_INLINE __m256i m2__join_halves(__m256i a, __m256i b) {
    return _mm256_add_epi32(_mm256_permute2x128_si256(a, b, 0x20), _mm256_permute2x128_si256(a, b, 0x31));
}
/* the f16 values at p, p + stride, ... (eight blocks' scales) on 8 lanes */
static M2__FORCE_INLINE __m256 m2__f16x8(const unsigned char *p, int stride) {
#define M2__H(k) (short)(p[(k) * stride] | p[(k) * stride + 1] << 8)
#ifdef M2__K_F16C
    return _mm256_cvtph_ps(_mm_setr_epi16(M2__H(0), M2__H(1), M2__H(2), M2__H(3), M2__H(4), M2__H(5), M2__H(6), M2__H(7)));
#else
    return _mm256_setr_ps(M2__BLOCK_SCALE(p), M2__BLOCK_SCALE(p + stride), M2__BLOCK_SCALE(p + 2 * stride), M2__BLOCK_SCALE(p + 3 * stride),
                          M2__BLOCK_SCALE(p + 4 * stride), M2__BLOCK_SCALE(p + 5 * stride), M2__BLOCK_SCALE(p + 6 * stride), M2__BLOCK_SCALE(p + 7 * stride));
#endif
#undef M2__H
}
/* The 32-value types: eight blocks at a time, their integer sums gathered on 8 lanes and scaled
   with the eight blocks' scales (and, with mins, sum_b m dx sum(xq) on the same lanes); the last
   n/32 mod 8 blocks one at a time. (Q8_0's is unused at the AVX-512 levels: the tests still hold
   it to the specification there.) */
#define M2__IDOT32(name, BYTES, WEIGHTS, SIGNED, MIN_OFF) \
M2__REF_KERNEL float name(const unsigned char *row, const signed char *xq, const float *xs, const float *xsum, int n) { \
    __m256 acc = _mm256_setzero_ps(), rest = _mm256_setzero_ps(); \
    float smin = 0.0f; \
    int b = 0, nb = n / 32; \
    for (; b + 8 <= nb; b += 8) { \
        const unsigned char *blk8 = row + (size_t)b * BYTES; \
        __m256 xsv = _mm256_loadu_ps(xs + b); \
        __m256i v0, v1, v2, v3, v4, v5, v6, v7; \
        M2__IDOT32_BLK(0, BYTES, WEIGHTS, SIGNED) M2__IDOT32_BLK(1, BYTES, WEIGHTS, SIGNED) \
        M2__IDOT32_BLK(2, BYTES, WEIGHTS, SIGNED) M2__IDOT32_BLK(3, BYTES, WEIGHTS, SIGNED) \
        M2__IDOT32_BLK(4, BYTES, WEIGHTS, SIGNED) M2__IDOT32_BLK(5, BYTES, WEIGHTS, SIGNED) \
        M2__IDOT32_BLK(6, BYTES, WEIGHTS, SIGNED) M2__IDOT32_BLK(7, BYTES, WEIGHTS, SIGNED) \
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(m2__join_halves(m2__hadd4(v0, v1, v2, v3), m2__hadd4(v4, v5, v6, v7))), _mm256_mul_ps(m2__f16x8(blk8, BYTES), xsv), acc); \
        if (MIN_OFF) acc = _mm256_fmadd_ps(m2__f16x8(blk8 + MIN_OFF, BYTES), _mm256_mul_ps(xsv, _mm256_loadu_ps(xsum + b)), acc); \
    } \
    for (; b < nb; b++) { \
        const unsigned char *blk = row + (size_t)b * BYTES; \
        __m256i w = WEIGHTS; \
        rest = _mm256_fmadd_ps(_mm256_cvtepi32_ps(SIGNED ? m2__i8dot(w, M2__XB(b)) : m2__u8dot(w, M2__XB(b))), _mm256_set1_ps(M2__BLOCK_SCALE(blk) * xs[b]), rest); \
        if (MIN_OFF) smin += M2__BLOCK_SCALE(blk + MIN_OFF) * xs[b] * xsum[b]; \
    } \
    (void)xsum; \
    return m2__hsum8(_mm256_add_ps(acc, rest)) + smin; \
}
/* block k of the eight: its integer sums as v_k */
#define M2__IDOT32_BLK(k, BYTES, WEIGHTS, SIGNED) { \
        const unsigned char *blk = blk8 + (k) * BYTES; \
        __m256i w = WEIGHTS; \
        v##k = SIGNED ? m2__i8dot(w, M2__XB(b + (k))) : m2__u8dot(w, M2__XB(b + (k))); }
M2__IDOT32(m2__idot_q8_0, 34, m2__load256(blk + 2), 1, 0)
M2__IDOT32(m2__idot_q4_0, 18, _mm256_sub_epi8(m2__nibbles(blk + 2), _mm256_set1_epi8(8)), 1, 0)
M2__IDOT32(m2__idot_q4_1, 20, m2__nibbles(blk + 4), 0, 2)
M2__IDOT32(m2__idot_q5_0, 22, _mm256_sub_epi8(_mm256_or_si256(m2__nibbles(blk + 6), m2__fifth_bits(blk + 2)), _mm256_set1_epi8(16)), 1, 0)
M2__IDOT32(m2__idot_q5_1, 24, _mm256_or_si256(m2__nibbles(blk + 8), m2__fifth_bits(blk + 4)), 0, 2)
#undef M2__IDOT32
#undef M2__IDOT32_BLK
/* The quants of sub-blocks 2p and 2p+1 of a Q4_K / Q5_K block (qs at blk+16, or qh at blk+16 and
   qs at blk+48), as bytes 0..15 (0..31) */
static M2__FORCE_INLINE void m2__k45_quants(const unsigned char *blk, int has_qh, int p, __m256i *lo, __m256i *hi) {
    __m256i q = m2__load256(blk + (has_qh ? 48 : 16) + 32 * p);
    *lo = m2__bits(q, 0, 0x0F);
    *hi = m2__bits(q, 4, 0x0F);
    if (has_qh) {
        __m256i hb = m2__load256(blk + 16);
        *lo = _mm256_or_si256(*lo, _mm256_slli_epi16(m2__bits(hb, 2 * p, 1), 4));
        *hi = _mm256_or_si256(*hi, _mm256_slli_epi16(m2__bits(hb, 2 * p + 1, 1), 4));
    }
}
/* The 32 quants q - 32 of values [128h + 32k, +32) of a Q6_K block, as signed bytes */
static __m256i m2__q6_quants(const unsigned char *blk, int h, int k) {
    __m256i ql = m2__load256(blk + 64 * h + 32 * (k & 1)), qh = m2__load256(blk + 128 + 32 * h);
    return _mm256_sub_epi8(_mm256_or_si256(m2__bits(ql, k < 2 ? 0 : 4, 0x0F), _mm256_slli_epi16(m2__bits(qh, 2 * k, 3), 4)), _mm256_set1_epi8(32));
}
/* The eight 6-bit scales and the eight mins of a Q4_K / Q5_K block (the 12 bytes at q, read as 16:
   the block goes on past them) as f32 lanes j = 0..7, m2__k_scale_min for all j at once in bytes:
   scale j < 4 is the low six bits of byte j, min j < 4 those of byte j+4; for j >= 4 the low
   (scale) or high (min) nibble of byte j+4, topped by bits 6-7 of byte j-4 (scale) or j (min). */
static M2__FORCE_INLINE void m2__k_scales_mins(const unsigned char *q, __m256 *sc, __m256 *m) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i a = _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11));
    __m128i top = _mm_shuffle_epi8(v, _mm_setr_epi8(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, 4, 5, 6, 7));
    __m128i low = _mm_or_si128(_mm_and_si128(a, _mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 0, 0, 0, 0)),
                               _mm_and_si128(_mm_srli_epi16(a, 4), _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 15, 15)));
    __m128i all = _mm_or_si128(low, _mm_and_si128(_mm_srli_epi16(top, 2), _mm_set1_epi8(0x30))); /* bits 6-7 to 4-5 */
    *sc = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(all));
    *m = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(all, 8)));
}
/* The integer sums of sub-blocks 2p and 2p+1 of a Q4_K / Q5_K block with their activations, as
   lanes 0, 1 (sub-block 2p) and 2, 3 (2p+1) of each 128-bit half. The 16-bit pair sums of
   vpmaddubsw reach four products each in vphaddw (|.| <= 4 x 31 x 127 < 2^15: exact). */
static M2__FORCE_INLINE __m256i m2__k45_pair(const unsigned char *blk, int has_qh, int p, const signed char *xb) {
    __m256i lo, hi;
    m2__k45_quants(blk, has_qh, p, &lo, &hi);
    return _mm256_madd_epi16(_mm256_hadd_epi16(_mm256_maddubs_epi16(lo, m2__load256(xb)), _mm256_maddubs_epi16(hi, m2__load256(xb + 32))), _mm256_set1_epi16(1));
}
/* Q4_K / Q5_K: per 32-value sub-block j, d sc_j dx_j sum(q xq) - dmin m_j dx_j sum(xq); the eight
   integer sums of a block are gathered into one vector (m2__join_halves),
   then scaled on 8 lanes with the scales and mins, all in registers. */
static M2__FORCE_INLINE float m2__idot_k45(const unsigned char *row, size_t bytes, int has_qh, const signed char *xq, const float *xs, const float *xsum, int n) {
    __m256 acc = _mm256_setzero_ps();
    int s;
    for (s = 0; s < n / 256; s++) {
        const unsigned char *blk = row + (size_t)s * bytes;
        const signed char *xb = xq + (size_t)s * 256;
        __m256 xsv = _mm256_loadu_ps(xs + 8 * s), sc, m;
        __m256i a = _mm256_hadd_epi32(m2__k45_pair(blk, has_qh, 0, xb), m2__k45_pair(blk, has_qh, 1, xb + 64));
        __m256i b = _mm256_hadd_epi32(m2__k45_pair(blk, has_qh, 2, xb + 128), m2__k45_pair(blk, has_qh, 3, xb + 192));
        m2__k_scales_mins(blk + 4, &sc, &m);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(m2__join_halves(a, b)), _mm256_mul_ps(_mm256_mul_ps(sc, _mm256_set1_ps(M2__BLOCK_SCALE(blk))), xsv), acc);
        acc = _mm256_fnmadd_ps(_mm256_mul_ps(m, _mm256_set1_ps(M2__BLOCK_SCALE(blk + 2))), _mm256_mul_ps(xsv, _mm256_loadu_ps(xsum + 8 * s)), acc);
    }
    return m2__hsum8(acc);
}
static float m2__idot_q4_k(const unsigned char *row, const signed char *xq, const float *xs, const float *xsum, int n) {
    return m2__idot_k45(row, 144, 0, xq, xs, xsum, n);
}
static float m2__idot_q5_k(const unsigned char *row, const signed char *xq, const float *xs, const float *xsum, int n) {
    return m2__idot_k45(row, 176, 1, xq, xs, xsum, n);
}
/* Q6_K: the values q - 32 (|.| <= 32) times xq, pairs summed with the 16-value sub-block scales by
   vpmaddwd (lanes 0-3 hold values 0-15 of the 32, lanes 4-7 values 16-31), then d dx per block. */
static float m2__idot_q6_k(const unsigned char *row, const signed char *xq, const float *xs, const float *xsum, int n) {
    const __m256i m4 = _mm256_set1_epi8(0x0F), m30 = _mm256_set1_epi8(0x30), o32 = _mm256_set1_epi8(32);
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
    int s, h;
    for (s = 0; s < n / 256; s++) {
        const unsigned char *blk = row + (size_t)s * 210;
        float dx[8];
        _mm256_storeu_ps(dx, _mm256_mul_ps(_mm256_set1_ps(M2__BLOCK_SCALE(blk + 208)), _mm256_loadu_ps(xs + 8 * s)));
        for (h = 0; h < 2; h++) {
            /* the half's eight int16 scales in both 128-bit lanes; sub-block k takes scale 2k in
               the low lane (values 0-15) and 2k+1 in the high lane (16-31) */
            __m256i sc = _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(const void *)(blk + 192 + 8 * h))));
            __m256i qa = m2__load256(blk + 64 * h), qb = m2__load256(blk + 64 * h + 32), qh = m2__load256(blk + 128 + 32 * h);
            const signed char *xb = xq + (size_t)(8 * s + 4 * h) * 32;
            /* value 32k + l: low four bits from qa (k = 0, 2) or qb (1, 3), low or high nibble; bits 4-5
               are bits 2k, 2k+1 of qh[l], moved into place within each byte */
#define M2__Q6_SUB(k, LOW, TOP, ACC) { \
                __m256i w = _mm256_sub_epi8(_mm256_or_si256(_mm256_and_si256(LOW, m4), _mm256_and_si256(TOP, m30)), o32), x = m2__load256(xb + 32 * (k)); \
                __m256i scv = _mm256_shuffle_epi8(sc, _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_set1_epi16((short)((4 * (k)) | (4 * (k) + 1) << 8))), \
                                                                              _mm_set1_epi16((short)((4 * (k) + 2) | (4 * (k) + 3) << 8)), 1)); \
                __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w)), scv); \
                ACC = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p), _mm256_set1_ps(dx[4 * h + (k)]), ACC); }
            M2__Q6_SUB(0, qa, _mm256_slli_epi16(qh, 4), a0)
            M2__Q6_SUB(1, qb, _mm256_slli_epi16(qh, 2), a1)
            M2__Q6_SUB(2, _mm256_srli_epi16(qa, 4), qh, a0)
            M2__Q6_SUB(3, _mm256_srli_epi16(qb, 4), _mm256_srli_epi16(qh, 2), a1)
#undef M2__Q6_SUB
        }
    }
    (void)xsum;
    return m2__hsum8(_mm256_add_ps(a0, a1));
}
#undef M2__XB

/* Blocks to f32 on 8 lanes (prefill's widening and the exact-activation dot): 32 quants (signed
   bytes) times a scale (s0 for the first 16, s1 for the rest) plus an offset, as the reference
   computes them but with one rounding for q s + m where it has two (Q4_1, Q5_1, Q4_K, Q5_K). */
static void m2__deq32(__m256i q, __m256 s0, __m256 s1, __m256 off, float *y) {
    __m128i lo = _mm256_castsi256_si128(q), hi = _mm256_extracti128_si256(q, 1);
    _mm256_storeu_ps(y, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(lo)), s0, off));
    _mm256_storeu_ps(y + 8, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(lo, 8))), s0, off));
    _mm256_storeu_ps(y + 16, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(hi)), s1, off));
    _mm256_storeu_ps(y + 24, _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(hi, 8))), s1, off));
}
#define M2__DEQ32(name, QUANTS, MIN_OFF) \
static void name(const unsigned char *blk, float *y) { \
    __m256 d = _mm256_set1_ps(M2__BLOCK_SCALE(blk)); \
    m2__deq32(QUANTS, d, d, MIN_OFF ? _mm256_set1_ps(M2__BLOCK_SCALE(blk + MIN_OFF)) : _mm256_setzero_ps(), y); \
}
M2__DEQ32(m2__deq_q4_0, _mm256_sub_epi8(m2__nibbles(blk + 2), _mm256_set1_epi8(8)), 0)
M2__DEQ32(m2__deq_q4_1, m2__nibbles(blk + 4), 2)
M2__DEQ32(m2__deq_q5_0, _mm256_sub_epi8(_mm256_or_si256(m2__nibbles(blk + 6), m2__fifth_bits(blk + 2)), _mm256_set1_epi8(16)), 0)
M2__DEQ32(m2__deq_q5_1, _mm256_or_si256(m2__nibbles(blk + 8), m2__fifth_bits(blk + 4)), 2)
#undef M2__DEQ32
static void m2__deq_k45_avx(const unsigned char *blk, int has_qh, float *y) {
    float d = M2__BLOCK_SCALE(blk), dmin = M2__BLOCK_SCALE(blk + 2);
    int p, sc, m;
    for (p = 0; p < 4; p++) {
        __m256i lo, hi;
        __m256 s;
        m2__k45_quants(blk, has_qh, p, &lo, &hi);
        m2__k_scale_min(blk + 4, 2 * p, &sc, &m);
        s = _mm256_set1_ps(d * (float)sc);
        m2__deq32(lo, s, s, _mm256_set1_ps(-(dmin * (float)m)), y + 64 * p);
        m2__k_scale_min(blk + 4, 2 * p + 1, &sc, &m);
        s = _mm256_set1_ps(d * (float)sc);
        m2__deq32(hi, s, s, _mm256_set1_ps(-(dmin * (float)m)), y + 64 * p + 32);
    }
}
static void m2__deq_q4_k(const unsigned char *blk, float *y) { m2__deq_k45_avx(blk, 0, y); }
static void m2__deq_q5_k(const unsigned char *blk, float *y) { m2__deq_k45_avx(blk, 1, y); }
static void m2__deq_q6_k(const unsigned char *blk, float *y) {
    float d = M2__BLOCK_SCALE(blk + 208);
    int h, k;
    for (h = 0; h < 2; h++)
        for (k = 0; k < 4; k++) {
            const signed char *sc = (const signed char *)(blk + 192 + 8 * h + 2 * k);
            m2__deq32(m2__q6_quants(blk, h, k), _mm256_set1_ps(d * (float)sc[0]), _mm256_set1_ps(d * (float)sc[1]), _mm256_setzero_ps(), y + 128 * h + 32 * k);
        }
}
#define M2__DQ(f) f
#else
#define M2__DQ(f) f##_ref /* the reference is this level's dequantization */
#endif
#if defined(M2__Q8DOT)
static float m2__idot_q8_0_vnni(const unsigned char *row, const signed char *xq, const float *xs, const float *xsum, int n) {
    (void)xsum;
    return m2__dot_q8_0_q8(row, xq, xs, n);
}
#define M2__IDOT_Q8_0 m2__idot_q8_0_vnni /* VNNI: 64 bytes per instruction */
#elif defined(M2__K_AVX2)
#define M2__IDOT_Q8_0 m2__idot_q8_0
#else
#define M2__IDOT_Q8_0 NULL /* AVX-512 without VNNI keeps f32 activations for Q8_0, as before */
#endif
#ifdef M2__IDOT
#define M2__IK(f) f
#else
#define M2__IK(f) NULL
#endif
/* One line per block type (m2_dtype order): {specification, this level's block to f32, int8 dot or NULL} */
static const m2__qkern m2__qkerns[] = {
    {NULL, NULL, NULL},                                                   /* F32  */
    {NULL, NULL, NULL},                                                   /* F16  */
    {NULL, NULL, NULL},                                                   /* BF16 */
    {m2__deq_q8_0_ref, m2__deq_q8_0_ref, M2__IDOT_Q8_0},                  /* Q8_0 */
    {m2__deq_q4_0_ref, M2__DQ(m2__deq_q4_0), M2__IK(m2__idot_q4_0)},          /* Q4_0 */
    {m2__deq_q4_1_ref, M2__DQ(m2__deq_q4_1), M2__IK(m2__idot_q4_1)},          /* Q4_1 */
    {m2__deq_q5_0_ref, M2__DQ(m2__deq_q5_0), M2__IK(m2__idot_q5_0)},          /* Q5_0 */
    {m2__deq_q5_1_ref, M2__DQ(m2__deq_q5_1), M2__IK(m2__idot_q5_1)},          /* Q5_1 */
    {m2__deq_q4_k_ref, M2__DQ(m2__deq_q4_k), M2__IK(m2__idot_q4_k)},          /* Q4_K */
    {m2__deq_q5_k_ref, M2__DQ(m2__deq_q5_k), M2__IK(m2__idot_q5_k)},          /* Q5_K */
    {m2__deq_q6_k_ref, M2__DQ(m2__deq_q6_k), M2__IK(m2__idot_q6_k)},          /* Q6_K */
};
typedef char M2__KNAME(m2__qkerns_cover_every_dtype)[sizeof m2__qkerns / sizeof m2__qkerns[0] == M2__N_DTYPES ? 1 : -1];
static const m2__qkern *m2__qkern_of(m2_dtype t) { return &m2__qkerns[t]; }

/* Exact activations with a block type: dequantized 256 values at a time, then the f32 dot. */
static float m2__dot_blocks(m2_dtype t, const unsigned char *row, const float *x, int n) {
    float w[256], s = 0.0f;
    int i;
    for (i = 0; i < n; i += 256) {
        int k = n - i < 256 ? n - i : 256;
        m2__widen_blocks(t, row, i, k, w);
        s += m2__dot_f32(w, x + i, k);
    }
    return s;
}
#ifdef M2__IDOT
/* Rows [r0, r1) of y = W x + bias for T tokens quantized by m2__quantize_act_rows (K a multiple of 32) */
static void m2__gemv_iq_rows(const m2__mat *W, const float *bias, const void *xb, int T, float *y, int ldy, int r0, int r1) {
    int r, t, K = W->cols, nb = K / 32;
    const signed char *xq = (const signed char *)xb;
    const float *xs = (const float *)(const void *)(xq + (size_t)T * (size_t)K), *xm = xs + (size_t)T * (size_t)nb;
    float (*dot)(const unsigned char *, const signed char *, const float *, const float *, int) = m2__qkern_of(W->dtype)->idot;
    for (r = r0; r < r1; r++) {
        const unsigned char *row = (const unsigned char *)W->data + (size_t)r * W->row_bytes;
        for (t = 0; t < T; t++)
            y[(size_t)t * (size_t)ldy + (size_t)r] = dot(row, xq + (size_t)t * (size_t)K, xs + (size_t)t * (size_t)nb, xm + (size_t)t * (size_t)nb, K) + (bias ? bias[r] : 0.0f);
    }
}
#endif

/* Packed GEMM: the prefill products of builds without SIMD, and the per-group C.B^T of the scan.
   W is packed, one k-block at a time, into panels of M2__NR rows laid out k-major
   (panel[k][j] = W[r+j][k0+k]), so the inner loop broadcasts one activation and multiplies it with
   a row of NR weights: no horizontal sums, and each weight is loaded once per M2__MT tokens. With
   SIMD, the projections use m2__gemm_t_rows (and the bf16 / int8 kernels) instead, which need no
   packing of the weights. */
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
    /* k outermost: 48 independent sums (a sum per output, k in order as before), which the
       compiler can also vectorise; one sum at a time waited on every addition */
    float acc[M2__MT][M2__NR];
    int i, j, k;
    for (i = 0; i < M2__MT; i++)
        for (j = 0; j < M2__NR; j++) acc[i][j] = tile[(size_t)i * (size_t)ld + (size_t)j];
    for (k = 0; k < kb; k++) {
        const float *p = panel + (size_t)k * M2__NR;
        for (i = 0; i < M2__MT; i++) {
            float xv = xr[i][k];
            for (j = 0; j < M2__NR; j++) acc[i][j] += p[j] * xv;
        }
    }
    for (i = 0; i < M2__MT; i++)
        for (j = 0; j < M2__NR; j++) tile[(size_t)i * (size_t)ld + (size_t)j] = acc[i][j];
#endif
}

/* dst[k * ld + q] = w[q][k] for q < 8, k < kb: eight rows of a k-block into a k-major panel. The
   AVX path transposes 8x8 blocks in registers: packing is what GEMM pays to make its inner loop
   broadcast-and-multiply, and element by element it cost a third of the prefill. */
M2__REF_KERNEL void m2__pack8_ref(const float *const *w, int kb, float *dst, int ld) {
    int q, k;
    for (k = 0; k < kb; k++)
        for (q = 0; q < 8; q++) dst[(size_t)k * (size_t)ld + (size_t)q] = w[q][k];
}
#if defined(M2__K_AVX)
/* The 8x8 register transposes of m2__pack8 (float shuffles move bits and never change them).
   Returns how far along k it got (a multiple of 8). */
static int m2__pack8_avx(const void *const *rows, int kb, void *dst_, int ld) {
    const float *w[8];
    float *dst = (float *)dst_;
    int k = 0, q;
    for (q = 0; q < 8; q++) w[q] = (const float *)rows[q];
    for (; k + 8 <= kb; k += 8) {
        __m256 r0 = _mm256_loadu_ps(w[0] + k), r1 = _mm256_loadu_ps(w[1] + k), r2 = _mm256_loadu_ps(w[2] + k), r3 = _mm256_loadu_ps(w[3] + k);
        __m256 r4 = _mm256_loadu_ps(w[4] + k), r5 = _mm256_loadu_ps(w[5] + k), r6 = _mm256_loadu_ps(w[6] + k), r7 = _mm256_loadu_ps(w[7] + k);
        __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
        __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5), t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
        __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE), u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
        __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE), u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
        float *d = dst + (size_t)k * (size_t)ld;
        _mm256_storeu_ps(d + 0 * (size_t)ld, _mm256_permute2f128_ps(u0, u4, 0x20));
        _mm256_storeu_ps(d + 1 * (size_t)ld, _mm256_permute2f128_ps(u1, u5, 0x20));
        _mm256_storeu_ps(d + 2 * (size_t)ld, _mm256_permute2f128_ps(u2, u6, 0x20));
        _mm256_storeu_ps(d + 3 * (size_t)ld, _mm256_permute2f128_ps(u3, u7, 0x20));
        _mm256_storeu_ps(d + 4 * (size_t)ld, _mm256_permute2f128_ps(u0, u4, 0x31));
        _mm256_storeu_ps(d + 5 * (size_t)ld, _mm256_permute2f128_ps(u1, u5, 0x31));
        _mm256_storeu_ps(d + 6 * (size_t)ld, _mm256_permute2f128_ps(u2, u6, 0x31));
        _mm256_storeu_ps(d + 7 * (size_t)ld, _mm256_permute2f128_ps(u3, u7, 0x31));
    }
    return k;
}
#endif
static void m2__pack8(const float *const *w, int kb, float *dst, int ld) {
    int k = 0, q;
#if defined(M2__K_AVX)
    k = m2__pack8_avx((const void *const *)w, kb, dst, ld);
#endif
    for (; k < kb; k++)
        for (q = 0; q < 8; q++) dst[(size_t)k * (size_t)ld + (size_t)q] = w[q][k];
}

/* Rows [r0, r1) of y = W x + bias for T tokens (y += W x with accumulate); r0 is a multiple of
   M2__NR. Uses ~35 KB of stack (the packed panel) on AVX-512. */
static void m2__gemm_rows_acc(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int r0, int r1, int accumulate) {
    static const float zeros[M2__KB] = {0.0f};
    float panel[M2__KB * M2__NR], wbuf[8][M2__KB], tile[M2__MT * M2__NR];
    int K = W->cols, r, t, j, i, k0;
    for (r = r0; r < r1; r += M2__NR) {
        int nr = r1 - r < M2__NR ? r1 - r : M2__NR;
        if (!accumulate)
            for (t = 0; t < T; t++)
                for (j = 0; j < nr; j++) y[(size_t)t * (size_t)ldy + (size_t)(r + j)] = bias ? bias[r + j] : 0.0f;
        for (k0 = 0; k0 < K; k0 += M2__KB) {
            int kb = K - k0 < M2__KB ? K - k0 : M2__KB;
            for (j = 0; j < M2__NR; j += 8) { /* pack 8 rows at a time */
                const float *w[8];
                int q;
                for (q = 0; q < 8; q++) w[q] = j + q < nr ? m2__row_f32(W, r + j + q, k0, kb, wbuf[q]) : zeros;
                m2__pack8(w, kb, panel + j, M2__NR);
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

/* dst[k * ld + q] = rows[q][k] for q < 8, k < n, as 32-bit words (bf16 pairs, int8 quadruples,
   scales): m2__pack8's register transposes move them as bits, the rest is copied as bytes. */
#define M2__PACK_KW 128 /* words of eight rows prepared at a time for one m2__pack8_words */
#if defined(M2__K_VNNI) || defined(M2__K_BF16) /* the levels with int8 or bf16 prefill kernels */
static void m2__pack8_words(const uint32_t *const *rows, int n, void *dst, int ld) {
    int k = 0, q;
#if defined(M2__K_AVX)
    k = m2__pack8_avx((const void *const *)rows, n, dst, ld);
#endif
    for (; k < n; k++)
        for (q = 0; q < 8; q++) memcpy((unsigned char *)dst + ((size_t)k * (size_t)ld + (size_t)q) * 4u, rows[q] + k, 4);
}
#endif

/* dst[c][r] = src[r][c] for r < rows, c < cols: eight source rows at a time through m2__pack8's
   register transposes (element by element, the scattered stores cost a third of the SSD scan). */
static void m2__transpose(const float *src, int lds, int rows, int cols, float *dst, int ldd) {
    int r = 0, c;
    for (; r + 8 <= rows; r += 8) {
        const float *w[8];
        int q;
        for (q = 0; q < 8; q++) w[q] = src + (size_t)(r + q) * (size_t)lds;
        m2__pack8(w, cols, dst + r, ldd);
    }
    for (; r < rows; r++)
        for (c = 0; c < cols; c++) dst[(size_t)c * (size_t)ldd + (size_t)r] = src[(size_t)r * (size_t)lds + (size_t)c];
}

/* C (+)= A B for row-major activations and states (the SSD chunk products): A is M x K, B is K x N.
   Each A value is broadcast and multiplies a row of B, so neither operand is packed or transposed.
   lower = 1: A is lower triangular (A[m][k] = 0 for k > m) and those terms are skipped. */
M2__REF_KERNEL void m2__gemm_nn_ref(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc, int accumulate) {
    int m, n, k;
    for (m = 0; m < M; m++)
        for (n = 0; n < N; n++) {
            float s = accumulate ? C[(size_t)m * (size_t)ldc + (size_t)n] : 0.0f;
            for (k = 0; k < K; k++) s += A[(size_t)m * (size_t)lda + (size_t)k] * B[(size_t)k * (size_t)ldb + (size_t)n];
            C[(size_t)m * (size_t)ldc + (size_t)n] = s;
        }
}
#ifdef M2__SIMD
/* 8 rows where there are 32 vector registers (16 accumulators), 6 with 16 (AVX2) */
#if M2_VW == 16
#define M2__NN_MR 8
#else
#define M2__NN_MR 6
#endif
/* rows c[0..MR) cols [0, 2*VW) (+)= sum_k a[i][k] B[k][0..2VW) */
static void m2__gemm_nn_micro(int K, const float *const *a, const float *B, int ldb, float *const *c, int accumulate) {
    M2_VF c00 = M2_VZERO, c01 = M2_VZERO, c10 = M2_VZERO, c11 = M2_VZERO, c20 = M2_VZERO, c21 = M2_VZERO;
    M2_VF c30 = M2_VZERO, c31 = M2_VZERO, c40 = M2_VZERO, c41 = M2_VZERO, c50 = M2_VZERO, c51 = M2_VZERO;
    const float *a0 = a[0], *a1 = a[1], *a2 = a[2], *a3 = a[3], *a4 = a[4], *a5 = a[5];
#if M2__NN_MR == 8
    M2_VF c60 = M2_VZERO, c61 = M2_VZERO, c70 = M2_VZERO, c71 = M2_VZERO;
    const float *a6 = a[6], *a7 = a[7];
#endif
    int k;
#define M2__NN_ROW(i) v = M2_VSET1(a##i[k]); c##i##0 = M2_VFMA(c##i##0, b0, v); c##i##1 = M2_VFMA(c##i##1, b1, v)
#define M2__NN_LOAD(i) c##i##0 = M2_VLOAD(c[i]); c##i##1 = M2_VLOAD(c[i] + M2_VW)
#define M2__NN_STORE(i) M2_VSTORE(c[i], c##i##0); M2_VSTORE(c[i] + M2_VW, c##i##1)
    if (accumulate) {
        M2__NN_LOAD(0); M2__NN_LOAD(1); M2__NN_LOAD(2); M2__NN_LOAD(3); M2__NN_LOAD(4); M2__NN_LOAD(5);
#if M2__NN_MR == 8
        M2__NN_LOAD(6); M2__NN_LOAD(7);
#endif
    }
    for (k = 0; k < K; k++, B += ldb) {
        M2_VF b0 = M2_VLOAD(B), b1 = M2_VLOAD(B + M2_VW), v;
        M2__NN_ROW(0); M2__NN_ROW(1); M2__NN_ROW(2); M2__NN_ROW(3); M2__NN_ROW(4); M2__NN_ROW(5);
#if M2__NN_MR == 8
        M2__NN_ROW(6); M2__NN_ROW(7);
#endif
    }
    M2__NN_STORE(0); M2__NN_STORE(1); M2__NN_STORE(2); M2__NN_STORE(3); M2__NN_STORE(4); M2__NN_STORE(5);
#if M2__NN_MR == 8
    M2__NN_STORE(6); M2__NN_STORE(7);
#endif
#undef M2__NN_ROW
#undef M2__NN_LOAD
#undef M2__NN_STORE
}
#else
#define M2__NN_MR 6
#endif
static void m2__gemm_nn(int M, int N, int K, const float *A, int lda, const float *B, int ldb, float *C, int ldc, int accumulate, int lower) {
    int m0, n0 = 0, m, n, k;
#ifdef M2__SIMD
    float spare[M2__NN_MR][2 * M2_VW]; /* where the rows past M of a short row block go */
    for (m0 = 0; m0 < M; m0 += M2__NN_MR) {
        int mr = M - m0 < M2__NN_MR ? M - m0 : M2__NN_MR, i, kk = K;
        const float *a[M2__NN_MR];
        float *c[M2__NN_MR];
        if (lower && m0 + mr < K) kk = m0 + mr;
        for (i = 0; i < M2__NN_MR; i++) {
            a[i] = A + (size_t)(m0 + (i < mr ? i : mr - 1)) * (size_t)lda;
            if (i >= mr) memset(spare[i], 0, sizeof spare[i]);
        }
        for (n0 = 0; n0 + 2 * M2_VW <= N; n0 += 2 * M2_VW) {
            for (i = 0; i < M2__NN_MR; i++) c[i] = i < mr ? C + (size_t)(m0 + i) * (size_t)ldc + (size_t)n0 : spare[i];
            m2__gemm_nn_micro(kk, a, B + n0, ldb, c, accumulate);
        }
    }
#endif
    for (m = 0; m < M; m++) { /* the columns no vector block covered (all of them without SIMD) */
        int kk = lower && m + 1 < K ? m + 1 : K;
        float *c = C + (size_t)m * (size_t)ldc;
        if (!accumulate)
            for (n = n0; n < N; n++) c[n] = 0.0f;
        for (k = 0; k < kk; k++) { /* row by row: each sum still runs over k in order */
            const float a = A[(size_t)m * (size_t)lda + (size_t)k], *b = B + (size_t)k * (size_t)ldb;
            for (n = n0; n < N; n++) c[n] += a * b[n];
        }
    }
    (void)m0;
}

/* Many tokens (prefill) with F32 weights: the activations are transposed once per matrix product
   (xt[k][t], tokens along the vector, Tp = M2__TPAD(T)) and each weight is broadcast straight from
   the row-major matrix, so the weights are never packed. A block of M2__TMR rows stays in L1 while
   every token block passes over it; each output is one running sum over k, in order, so results do
   not depend on how rows are split among threads. */
#define M2__TPAD(T) (((T) + 31) / 32 * 32) /* token rows of the transposed activations */
#define M2__TMR M2__NN_MR                  /* weight rows per kernel call */
#ifdef M2__SIMD
#define M2__TTB (2 * M2_VW) /* tokens per kernel call: two vectors */
/* Tokens [t0, t1) of the transposed activations (tokens from T on are zeros) */
static void m2__transpose_act_rows(const float *x, int ldx, int T, int K, float *xt, int t0, int t1) {
    int t, k, Tp = M2__TPAD(T), real = t1 < T ? t1 : T;
    if (real > t0) m2__transpose(x + (size_t)t0 * (size_t)ldx, ldx, real - t0, K, xt + t0, Tp);
    else real = t0;
    if (real < t1)
        for (k = 0; k < K; k++)
            for (t = real; t < t1; t++) xt[(size_t)k * (size_t)Tp + (size_t)t] = 0.0f;
}
M2__REF_KERNEL void m2__transpose_act(const float *x, int ldx, int T, int K, float *xt) { m2__transpose_act_rows(x, ldx, T, K, xt, 0, M2__TPAD(T)); }
/* A kernel's block of results, rows by tokens (out[i * ldo + tt]), into the token-major output:
   y[t0 + tt][r + i] = out[i][tt] + bias[r + i] for i < mr, tt < nt. A block of eight rows is
   transposed eight tokens at a time in registers (the bias added in out first: the same sums);
   element by element, these stores had cost 4 % of a bf16 prefill. */
static void m2__store_block(float *out, int ldo, int mr, int nt, const float *bias, int r, float *y, int ldy, int t0) {
    int i, tt = 0;
#if defined(M2__K_AVX)
    if (mr == 8 && nt >= 8) {
        const void *rows[8];
        for (i = 0; i < 8; i++) {
            float *o = out + (size_t)i * (size_t)ldo;
            if (bias)
                for (tt = 0; tt < nt; tt++) o[tt] += bias[r + i];
            rows[i] = o;
        }
        tt = m2__pack8_avx(rows, nt, y + (size_t)t0 * (size_t)ldy + (size_t)r, ldy);
        for (; tt < nt; tt++)
            for (i = 0; i < 8; i++) y[(size_t)(t0 + tt) * (size_t)ldy + (size_t)(r + i)] = out[(size_t)i * (size_t)ldo + (size_t)tt];
        return;
    }
#endif
    for (tt = 0; tt < nt; tt++)
        for (i = 0; i < mr; i++) y[(size_t)(t0 + tt) * (size_t)ldy + (size_t)(r + i)] = out[(size_t)i * (size_t)ldo + (size_t)tt] + (bias ? bias[r + i] : 0.0f);
}
/* Rows [r0, r1) of y = W x + bias for T tokens, xt from m2__transpose_act. F32 rows are used in
   place; other dtypes are widened M2__KB columns at a time, once for up to M2__TGROUP token blocks
   whose partial sums wait in acc meanwhile. */
/* Asks for part of rows [r, r1) of W (bytes [off, off + bytes) of each) before they are used, so
   that a kernel's first pass over fresh weights does not wait on memory: widening f16 rows block
   by block had spent a fifth of the f16 prefill there. */
static void m2__prefetch_rows(const m2__mat *W, int r, int r1, size_t off, size_t bytes) {
#if defined(__GNUC__) || defined(__clang__)
    size_t q;
    for (; r < r1; r++)
        for (q = 0; q < bytes; q += 64) __builtin_prefetch((const unsigned char *)W->data + (size_t)r * W->row_bytes + off + q, 0, 2);
#else
    (void)W; (void)r; (void)r1; (void)off; (void)bytes;
#endif
}
#define M2__TGROUP 8
static void m2__gemm_t_rows(const m2__mat *W, const float *bias, const float *xt, int T, float *y, int ldy, int r0, int r1) {
    float acc[M2__TGROUP][M2__TMR][M2__TTB], wbuf[M2__TMR][M2__KB];
    int K = W->cols, Tp = M2__TPAD(T), kstep = W->dtype == M2_F32 ? K : M2__KB, r, t0, b, i, k0;
    for (r = r0; r < r1; r += M2__TMR) {
        int mr = r1 - r < M2__TMR ? r1 - r : M2__TMR;
        for (t0 = 0; t0 < T; t0 += M2__TGROUP * M2__TTB) {
            int nb = (T - t0 + M2__TTB - 1) / M2__TTB;
            if (nb > M2__TGROUP) nb = M2__TGROUP;
            for (k0 = 0; k0 < K; k0 += kstep) {
                int kb = K - k0 < kstep ? K - k0 : kstep;
                const float *w[M2__TMR];
                for (i = 0; i < M2__TMR; i++) /* a short last block repeats its last row; those results are dropped */
                    w[i] = m2__row_f32(W, r + (i < mr ? i : mr - 1), k0, kb, wbuf[i]);
                /* the next k-block of rows that are widened (f32 rows are read in place, in one block:
                   prefetching the next rows for them made prefill slower) */
                if (t0 == 0 && k0 + kstep < K) {
                    int ok;
                    size_t off = m2__dtype_row_bytes(W->dtype, (uint64_t)(k0 + kstep), &ok),
                           bytes = m2__dtype_row_bytes(W->dtype, (uint64_t)(K - k0 - kstep < kstep ? K - k0 - kstep : kstep), &ok);
                    m2__prefetch_rows(W, r, r + mr, off, bytes);
                }
                for (b = 0; b < nb; b++) {
                    float *c[M2__TMR];
                    for (i = 0; i < M2__TMR; i++) c[i] = acc[b][i];
                    m2__gemm_nn_micro(kb, w, xt + (size_t)k0 * (size_t)Tp + (size_t)(t0 + b * M2__TTB), Tp, c, k0 > 0);
                }
            }
            for (b = 0; b < nb; b++) {
                int t1 = t0 + b * M2__TTB;
                m2__store_block(acc[b][0], M2__TTB, mr, T - t1 < M2__TTB ? T - t1 : M2__TTB, bias, r, y, ldy, t1);
            }
        }
    }
}
#endif

/* Prefill with BF16 weights where the CPU has AVX-512 BF16 dot products (vdpbf16ps adds two bf16
   products into each f32 lane: 32 multiply-adds per instruction where the f32 kernel does 16). The
   activations are rounded to bf16 once per matrix product and laid out pair-major with the tokens
   along the vector (xq[kp][t]); the kernel broadcasts a weight pair straight from the row-major
   matrix, so the weights are never packed (packing had cost a third of the time), and a block of
   rows stays in L1 while every token block passes over it. Rounding the activations costs accuracy
   (README "Precision"), so m2_session_opts.f32_activations turns it off; decode does not use it. */
#define M2__BF16_TB 32 /* tokens per kernel call: two vectors of 16 lanes; xq rows are padded to it */
#define M2__BF16_MR 8  /* weight rows per kernel call */
#define M2__PAIRS(K) (((K) + 1) / 2) /* bf16 values to 32-bit pairs */

/* xq[kp * Tp + t] = bf16(x[t][2kp]) | bf16(x[t][2kp+1]) << 16 (the last pair zero-padded for an odd
   K, tokens T..Tp-1 zero), Tp = M2__TPAD(T) */
M2__REF_KERNEL void m2__pack_act_bf16_ref(const float *x, int ldx, int T, int K, uint32_t *xq) {
    int t, k, Tp = M2__TPAD(T);
    memset(xq, 0, (size_t)M2__PAIRS(K) * (size_t)Tp * 4);
    for (t = 0; t < T; t++)
        for (k = 0; k < K; k += 2) {
            uint32_t lo = m2__f32_to_bf16(x[(size_t)t * (size_t)ldx + (size_t)k]);
            uint32_t hi = k + 1 < K ? m2__f32_to_bf16(x[(size_t)t * (size_t)ldx + (size_t)k + 1]) : 0u;
            xq[(size_t)(k / 2) * (size_t)Tp + (size_t)t] = lo | hi << 16;
        }
}
/* The specification of the bf16 prefill product: bf16-rounded activations times the bf16 weights,
   summed in f32. */
M2__REF_KERNEL void m2__matmul_bf16act_ref(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy) {
    int r, t, k;
    for (r = 0; r < W->rows; r++) {
        const uint16_t *row = (const uint16_t *)(const void *)((const unsigned char *)W->data + (size_t)r * W->row_bytes);
        for (t = 0; t < T; t++) {
            float s = 0.0f;
            for (k = 0; k < W->cols; k++)
                s += m2__bf16_to_f32(m2__f32_to_bf16(x[(size_t)t * (size_t)ldx + (size_t)k])) * m2__bf16_to_f32(row[k]);
            y[(size_t)t * (size_t)ldy + (size_t)r] = s + (bias ? bias[r] : 0.0f);
        }
    }
}

#if defined(M2__K_BF16)
#define M2__BF16DOT 1
/* Tokens [t0, t1) of the packing (t0 a multiple of 8): eight tokens' pairs converted at a time,
   then transposed in registers (pair by pair, the scattered stores had cost a tenth of a prefill) */
static void m2__pack_act_bf16_rows(const float *x, int ldx, int T, int K, uint32_t *xq, int t0, int t1) {
    uint32_t buf[8][M2__PACK_KW];
    const uint32_t *rows[8];
    int t, kp, i, j, Tp = M2__TPAD(T), KP = M2__PAIRS(K);
    if (K % 32 != 0) { /* odd shapes: the plain way */
        for (t = t0; t < t1; t++)
            for (kp = 0; kp < KP; kp++) {
                uint32_t lo = 0, hi = 0;
                if (t < T) {
                    lo = m2__f32_to_bf16(x[(size_t)t * (size_t)ldx + 2 * (size_t)kp]);
                    hi = 2 * kp + 1 < K ? m2__f32_to_bf16(x[(size_t)t * (size_t)ldx + 2 * (size_t)kp + 1]) : 0u;
                }
                xq[(size_t)kp * (size_t)Tp + (size_t)t] = lo | hi << 16;
            }
        return;
    }
    for (i = 0; i < 8; i++) rows[i] = buf[i];
    for (t = t0; t < t1; t += 8)
        for (kp = 0; kp < KP; kp += M2__PACK_KW) {
            int n = KP - kp < M2__PACK_KW ? KP - kp : M2__PACK_KW; /* a multiple of 16 */
            for (i = 0; i < 8; i++) {
                const float *xr;
                if (t + i >= T) { memset(buf[i], 0, (size_t)n * 4); continue; }
                xr = x + (size_t)(t + i) * (size_t)ldx + 2 * (size_t)kp;
                for (j = 0; j < n; j += 16) /* 32 values to 16 pairs; the first operand fills the upper half */
                    _mm512_storeu_si512((void *)(buf[i] + j), (__m512i)_mm512_cvtne2ps_pbh(_mm512_loadu_ps(xr + 2 * j + 16), _mm512_loadu_ps(xr + 2 * j)));
            }
            m2__pack8_words(rows, n, xq + (size_t)kp * (size_t)Tp + (size_t)t, Tp);
        }
}
M2__REF_KERNEL void m2__pack_act_bf16(const float *x, int ldx, int T, int K, uint32_t *xq) { m2__pack_act_bf16_rows(x, ldx, T, K, xq, 0, M2__TPAD(T)); }

/* out[i][0..32) = sum_kp w_i[kp] . xq[kp][0..32) (bf16 pairs), for i < M2__BF16_MR; w_i are rows of
   K bf16 values, xq has leading dimension Tp */
static void m2__gemm_bf16_micro(const uint16_t *const *w, int K, const uint32_t *xq, int Tp, float out[M2__BF16_MR][M2__BF16_TB]) {
    __m512 c00 = _mm512_setzero_ps(), c01 = _mm512_setzero_ps(), c10 = _mm512_setzero_ps(), c11 = _mm512_setzero_ps();
    __m512 c20 = _mm512_setzero_ps(), c21 = _mm512_setzero_ps(), c30 = _mm512_setzero_ps(), c31 = _mm512_setzero_ps();
    __m512 c40 = _mm512_setzero_ps(), c41 = _mm512_setzero_ps(), c50 = _mm512_setzero_ps(), c51 = _mm512_setzero_ps();
    __m512 c60 = _mm512_setzero_ps(), c61 = _mm512_setzero_ps(), c70 = _mm512_setzero_ps(), c71 = _mm512_setzero_ps();
    const uint16_t *w0 = w[0], *w1 = w[1], *w2 = w[2], *w3 = w[3], *w4 = w[4], *w5 = w[5], *w6 = w[6], *w7 = w[7];
    const uint32_t *xk = xq;
    int kp, full = K / 2;
    __m512bh x0, x1, b;
    /* a weight pair is broadcast straight from memory (4 bytes, alignment 2 for odd-K rows) */
#define M2__BCAST_PAIR(p) ((__m512bh)_mm512_maskz_broadcastd_epi32(0xFFFF, _mm_loadu_si32((const void *)(p))))
#define M2__BCAST_LAST(p) ((__m512bh)_mm512_set1_epi32((int)*(p)))
#define M2__BF16_ROW(i, B) b = B; c##i##0 = _mm512_dpbf16_ps(c##i##0, x0, b); c##i##1 = _mm512_dpbf16_ps(c##i##1, x1, b)
#define M2__BF16_STEP(BC, k) \
        x0 = (__m512bh)_mm512_loadu_si512((const void *)xk); \
        x1 = (__m512bh)_mm512_loadu_si512((const void *)(xk + 16)); \
        M2__BF16_ROW(0, BC(w0 + (k))); M2__BF16_ROW(1, BC(w1 + (k))); M2__BF16_ROW(2, BC(w2 + (k))); M2__BF16_ROW(3, BC(w3 + (k))); \
        M2__BF16_ROW(4, BC(w4 + (k))); M2__BF16_ROW(5, BC(w5 + (k))); M2__BF16_ROW(6, BC(w6 + (k))); M2__BF16_ROW(7, BC(w7 + (k)))
    for (kp = 0; kp < full; kp++, xk += Tp) { M2__BF16_STEP(M2__BCAST_PAIR, 2 * kp); }
    if (K & 1) { M2__BF16_STEP(M2__BCAST_LAST, K - 1); } /* the last value of an odd row has no partner: zero */
#undef M2__BF16_STEP
#undef M2__BF16_ROW
#undef M2__BCAST_LAST
#undef M2__BCAST_PAIR
    _mm512_storeu_ps(out[0], c00); _mm512_storeu_ps(out[0] + 16, c01);
    _mm512_storeu_ps(out[1], c10); _mm512_storeu_ps(out[1] + 16, c11);
    _mm512_storeu_ps(out[2], c20); _mm512_storeu_ps(out[2] + 16, c21);
    _mm512_storeu_ps(out[3], c30); _mm512_storeu_ps(out[3] + 16, c31);
    _mm512_storeu_ps(out[4], c40); _mm512_storeu_ps(out[4] + 16, c41);
    _mm512_storeu_ps(out[5], c50); _mm512_storeu_ps(out[5] + 16, c51);
    _mm512_storeu_ps(out[6], c60); _mm512_storeu_ps(out[6] + 16, c61);
    _mm512_storeu_ps(out[7], c70); _mm512_storeu_ps(out[7] + 16, c71);
}

/* Rows [r0, r1) of y = W x + bias for T tokens, W bf16, x packed by m2__pack_act_bf16 */
static void m2__gemm_bf16_rows(const m2__mat *W, const float *bias, const uint32_t *xq, int T, float *y, int ldy, int r0, int r1) {
    float out[M2__BF16_MR][M2__BF16_TB];
    int K = W->cols, Tp = M2__TPAD(T), r, t, i;
    for (r = r0; r < r1; r += M2__BF16_MR) {
        int mr = r1 - r < M2__BF16_MR ? r1 - r : M2__BF16_MR;
        const uint16_t *w[M2__BF16_MR];
        for (i = 0; i < M2__BF16_MR; i++) /* a short last block repeats its last row; those results are dropped */
            w[i] = (const uint16_t *)(const void *)((const unsigned char *)W->data + (size_t)(r + (i < mr ? i : mr - 1)) * W->row_bytes);
        m2__prefetch_rows(W, r + mr, r1 - r - mr < M2__BF16_MR ? r1 : r + mr + M2__BF16_MR, 0, W->row_bytes);
        for (t = 0; t < T; t += M2__BF16_TB) {
            int nt = T - t < M2__BF16_TB ? T - t : M2__BF16_TB;
            m2__gemm_bf16_micro(w, K, xq + t, Tp, out);
            m2__store_block(out[0], M2__BF16_TB, mr, nt, bias, r, y, ldy, t);
        }
    }
}
#endif

/* Prefill with Q8_0 weights where the CPU has AVX-512 VNNI: every token's activations are quantized
   as in decode (m2__quantize_act_q8), so prefill and step round alike, and stored offset by 128 as
   unsigned bytes, four at a time with the tokens along the vector: xu[(b*8 + q) * Tp + t] holds bytes
   4q..4q+3 of block b of token t, dx[b * Tp + t] its scale. vpdpbusd multiplies those unsigned bytes
   by four signed weight bytes broadcast from the row; the offset comes back out as 128 * (sum of the
   block's weights). One block's integer sums are then scaled by both scales into f32. */
M2__REF_KERNEL void m2__pack_act_q8_ref(const float *x, int ldx, int T, int K, uint32_t *xu, float *dx) {
    int t, b, q, j, Tp = M2__TPAD(T), nb = K / 32;
    signed char qb[32];
    for (t = 0; t < Tp; t++)
        for (b = 0; b < nb; b++) {
            float scale = 0.0f;
            if (t < T) m2__quantize_act_q8(x + (size_t)t * (size_t)ldx + (size_t)b * 32, 32, qb, &scale);
            else memset(qb, 0, sizeof qb);
            dx[(size_t)b * (size_t)Tp + (size_t)t] = scale;
            for (q = 0; q < 8; q++) {
                uint32_t word = 0;
                for (j = 0; j < 4; j++) word |= (uint32_t)(unsigned char)(qb[4 * q + j] + 128) << (8 * j);
                xu[((size_t)b * 8 + (size_t)q) * (size_t)Tp + (size_t)t] = word;
            }
        }
}
/* The specification: each token quantized by m2__quantize_act_q8, then m2__dot_q8_0_q8_ref per row. */
M2__REF_KERNEL void m2__matmul_q8act_ref(const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy,
                                         signed char *xq /* (K) scratch */, float *xs /* (K/32) scratch */) {
    int r, t;
    for (t = 0; t < T; t++) {
        m2__quantize_act_q8_ref(x + (size_t)t * (size_t)ldx, W->cols, xq, xs);
        for (r = 0; r < W->rows; r++)
            y[(size_t)t * (size_t)ldy + (size_t)r] = m2__dot_q8_0_q8_ref((const unsigned char *)W->data + (size_t)r * W->row_bytes, xq, xs, W->cols) + (bias ? bias[r] : 0.0f);
    }
}
#ifdef M2__Q8DOT
/* Tokens [t0, t1) of m2__pack_act_q8_ref's layout (t0 a multiple of 8): eight tokens quantized a
   piece at a time, then their words and scales transposed in registers */
static void m2__pack_act_q8_rows(const float *x, int ldx, int T, int K, uint32_t *xu, float *dx, int t0, int t1) {
    uint32_t buf[8][M2__PACK_KW], sbuf[8][M2__PACK_KW / 8];
    const uint32_t *rows[8], *srows[8];
    signed char qb[4 * M2__PACK_KW];
    int t, kw, i, j, Tp = M2__TPAD(T), KW = K / 4;
    for (i = 0; i < 8; i++) { rows[i] = buf[i]; srows[i] = sbuf[i]; }
    for (t = t0; t < t1; t += 8)
        for (kw = 0; kw < KW; kw += M2__PACK_KW) {
            int n = KW - kw < M2__PACK_KW ? KW - kw : M2__PACK_KW; /* whole blocks: a multiple of 8 words */
            for (i = 0; i < 8; i++) {
                float scale[M2__PACK_KW / 8];
                if (t + i >= T) { /* padding: zeros, offset by 128 like every value, and a zero scale */
                    memset(buf[i], 0x80, (size_t)n * 4);
                    memset(sbuf[i], 0, (size_t)n / 8 * 4);
                    continue;
                }
                m2__quantize_act_q8(x + (size_t)(t + i) * (size_t)ldx + 4 * (size_t)kw, 4 * n, qb, scale);
                for (j = 0; j < 4 * n; j += 32) /* offset by 128: the top bit flipped */
                    _mm256_storeu_si256((__m256i *)(void *)((unsigned char *)buf[i] + j),
                                        _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)(qb + j)), _mm256_set1_epi8((char)-128)));
                memcpy(sbuf[i], scale, (size_t)n / 8 * 4);
            }
            m2__pack8_words(rows, n, xu + (size_t)kw * (size_t)Tp + (size_t)t, Tp);
            m2__pack8_words(srows, n / 8, dx + (size_t)(kw / 8) * (size_t)Tp + (size_t)t, Tp);
        }
}
M2__REF_KERNEL void m2__pack_act_q8(const float *x, int ldx, int T, int K, uint32_t *xu, float *dx) { m2__pack_act_q8_rows(x, ldx, T, K, xu, dx, 0, M2__TPAD(T)); }
#define M2__Q8_MR 6 /* rows per kernel call: 6 x (2 integer + 2 float accumulators), 29 of 32 registers */
/* out[i][0..32) = sum over blocks of dw_i(b) dx(b)[0..32) (sum of the block's int8 products), i < 6 */
static void m2__gemm_q8_micro(const unsigned char *const *w, int nb, const uint32_t *xu, const float *dx, int Tp, float out[M2__Q8_MR][32]) {
    __m512 f00 = _mm512_setzero_ps(), f01 = _mm512_setzero_ps(), f10 = _mm512_setzero_ps(), f11 = _mm512_setzero_ps();
    __m512 f20 = _mm512_setzero_ps(), f21 = _mm512_setzero_ps(), f30 = _mm512_setzero_ps(), f31 = _mm512_setzero_ps();
    __m512 f40 = _mm512_setzero_ps(), f41 = _mm512_setzero_ps(), f50 = _mm512_setzero_ps(), f51 = _mm512_setzero_ps();
    const __m256i bias128 = _mm256_set1_epi8((char)-128);
    int b, q;
    for (b = 0; b < nb; b++) {
        __m512i i00 = _mm512_setzero_si512(), i01 = _mm512_setzero_si512(), i10 = _mm512_setzero_si512(), i11 = _mm512_setzero_si512();
        __m512i i20 = _mm512_setzero_si512(), i21 = _mm512_setzero_si512(), i30 = _mm512_setzero_si512(), i31 = _mm512_setzero_si512();
        __m512i i40 = _mm512_setzero_si512(), i41 = _mm512_setzero_si512(), i50 = _mm512_setzero_si512(), i51 = _mm512_setzero_si512();
        const uint32_t *xb = xu + (size_t)b * 8 * (size_t)Tp;
        const unsigned char *q0 = w[0] + (size_t)b * 34 + 2, *q1 = w[1] + (size_t)b * 34 + 2, *q2 = w[2] + (size_t)b * 34 + 2, *q3 = w[3] + (size_t)b * 34 + 2;
        const unsigned char *q4 = w[4] + (size_t)b * 34 + 2, *q5 = w[5] + (size_t)b * 34 + 2;
        __m512 dx0 = _mm512_loadu_ps(dx + (size_t)b * (size_t)Tp), dx1 = _mm512_loadu_ps(dx + (size_t)b * (size_t)Tp + 16);
        for (q = 0; q < 8; q++, xb += Tp) {
            __m512i x0 = _mm512_loadu_si512((const void *)xb), x1 = _mm512_loadu_si512((const void *)(xb + 16)), wq;
#define M2__Q8_ROW(R) wq = _mm512_maskz_broadcastd_epi32(0xFFFF, _mm_loadu_si32((const void *)(q##R + 4 * q))); \
            i##R##0 = _mm512_dpbusd_epi32(i##R##0, x0, wq); i##R##1 = _mm512_dpbusd_epi32(i##R##1, x1, wq)
            M2__Q8_ROW(0); M2__Q8_ROW(1); M2__Q8_ROW(2); M2__Q8_ROW(3); M2__Q8_ROW(4); M2__Q8_ROW(5);
#undef M2__Q8_ROW
        }
        /* remove the offset (128 * sum of the block's weights), then scale: dw * dx * integer sum */
#define M2__Q8_FINISH(R) { \
            __m256i wb = _mm256_xor_si256(_mm256_loadu_si256((const __m256i *)(const void *)q##R), bias128); /* w + 128, unsigned */ \
            __m256i sad = _mm256_sad_epu8(wb, _mm256_setzero_si256()); \
            int wsum = _mm256_extract_epi32(sad, 0) + _mm256_extract_epi32(sad, 2) + _mm256_extract_epi32(sad, 4) + _mm256_extract_epi32(sad, 6) - 32 * 128; \
            __m512i corr = _mm512_set1_epi32(128 * wsum); \
            __m512 dw = _mm512_set1_ps(_cvtsh_ss((unsigned short)(q##R[-2] | (q##R[-1] << 8)))); \
            f##R##0 = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_sub_epi32(i##R##0, corr)), dx0), dw, f##R##0); \
            f##R##1 = _mm512_fmadd_ps(_mm512_mul_ps(_mm512_maskz_cvtepi32_ps(0xFFFF, _mm512_sub_epi32(i##R##1, corr)), dx1), dw, f##R##1); }
        M2__Q8_FINISH(0) M2__Q8_FINISH(1) M2__Q8_FINISH(2) M2__Q8_FINISH(3) M2__Q8_FINISH(4) M2__Q8_FINISH(5)
#undef M2__Q8_FINISH
    }
    _mm512_storeu_ps(out[0], f00); _mm512_storeu_ps(out[0] + 16, f01);
    _mm512_storeu_ps(out[1], f10); _mm512_storeu_ps(out[1] + 16, f11);
    _mm512_storeu_ps(out[2], f20); _mm512_storeu_ps(out[2] + 16, f21);
    _mm512_storeu_ps(out[3], f30); _mm512_storeu_ps(out[3] + 16, f31);
    _mm512_storeu_ps(out[4], f40); _mm512_storeu_ps(out[4] + 16, f41);
    _mm512_storeu_ps(out[5], f50); _mm512_storeu_ps(out[5] + 16, f51);
}
/* Rows [r0, r1) of y = W x + bias for T tokens packed by m2__pack_act_q8 (K a multiple of 32) */
static void m2__gemm_q8_rows(const m2__mat *W, const float *bias, const uint32_t *xu, const float *dx, int T, float *y, int ldy, int r0, int r1) {
    float out[M2__Q8_MR][32];
    int nb = W->cols / 32, Tp = M2__TPAD(T), r, t, i;
    for (r = r0; r < r1; r += M2__Q8_MR) {
        int mr = r1 - r < M2__Q8_MR ? r1 - r : M2__Q8_MR;
        const unsigned char *w[M2__Q8_MR];
        for (i = 0; i < M2__Q8_MR; i++) /* a short last block repeats its last row; those results are dropped */
            w[i] = (const unsigned char *)W->data + (size_t)(r + (i < mr ? i : mr - 1)) * W->row_bytes;
        m2__prefetch_rows(W, r + mr, r1 - r - mr < M2__Q8_MR ? r1 : r + mr + M2__Q8_MR, 0, W->row_bytes);
        for (t = 0; t < T; t += 32) {
            int nt = T - t < 32 ? T - t : 32;
            m2__gemm_q8_micro(w, nb, xu + t, dx + t, Tp, out);
            m2__store_block(out[0], 32, mr, nt, bias, r, y, ldy, t);
        }
    }
}
#endif

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
    default: m2__widen_blocks(W->dtype, r, 0, W->cols, out); break;
    }
}

static float m2__silu(float v) { return v / (1.0f + expf(-v)); }
/* v[i] = silu(v[i]). The vector paths use their own exp (Cephes' expf polynomial on [-ln2/2, ln2/2],
   about 1 ulp; the input clamped to [-88, 88], which leaves silu unchanged to float precision and
   keeps NaN a NaN): libm's scalar expf was 7 % of a prompt's time. */
#if defined(M2__K_AVX512) || defined(M2__K_AVX2) || defined(M2__K_WASM)
#if defined(M2__K_WASM)
#define M2__EXP_SCALE(p, n) wasm_f32x4_mul((p), wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23))
#define M2__ROUND(v) wasm_f32x4_nearest(v)
#define M2__VMIN(a, b) wasm_f32x4_min((a), (b)) /* min and max keep NaN (pmin and pmax would not) */
#define M2__VMAX(a, b) wasm_f32x4_max((a), (b))
#define M2__VDIV(a, b) wasm_f32x4_div((a), (b))
#elif defined(M2__K_AVX512)
#define M2__EXP_SCALE(p, n) _mm512_scalef_ps((p), (n))
#define M2__ROUND(v) _mm512_roundscale_ps((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define M2__VMIN(a, b) _mm512_min_ps((a), (b))
#define M2__VMAX(a, b) _mm512_max_ps((a), (b))
#define M2__VDIV(a, b) _mm512_div_ps((a), (b))
#else
#define M2__EXP_SCALE(p, n) _mm256_mul_ps((p), _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23)))
#define M2__ROUND(v) _mm256_round_ps((v), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)
#define M2__VMIN(a, b) _mm256_min_ps((a), (b))
#define M2__VMAX(a, b) _mm256_max_ps((a), (b))
#define M2__VDIV(a, b) _mm256_div_ps((a), (b))
#endif
static M2_VF m2__vexp(M2_VF x) {
    M2_VF n, r, p;
    x = M2__VMIN(M2_VSET1(88.0f), M2__VMAX(M2_VSET1(-88.0f), x)); /* NaN passes through: the NaN operand is the second */
    n = M2__ROUND(M2_VMUL(x, M2_VSET1(1.44269504088896341f)));
    r = M2_VFMA(x, n, M2_VSET1(-0.693359375f));
    r = M2_VFMA(r, n, M2_VSET1(2.12194440e-4f));
    p = M2_VFMA(M2_VSET1(1.3981999507e-3f), M2_VSET1(1.9875691500e-4f), r);
    p = M2_VFMA(M2_VSET1(8.3334519073e-3f), p, r);
    p = M2_VFMA(M2_VSET1(4.1665795894e-2f), p, r);
    p = M2_VFMA(M2_VSET1(1.6666665459e-1f), p, r);
    p = M2_VFMA(M2_VSET1(5.0000001201e-1f), p, r);
    p = M2_VADD(M2_VFMA(r, M2_VMUL(p, r), r), M2_VSET1(1.0f));
    return M2__EXP_SCALE(p, n);
}
#define M2__VEXP 1
#endif
static void m2__silu_inplace(float *v, int n) {
    int i = 0;
#ifdef M2__VEXP
    for (; i + M2_VW <= n; i += M2_VW) {
        M2_VF x = M2_VLOAD(v + i);
        M2_VSTORE(v + i, M2__VDIV(x, M2_VADD(M2_VSET1(1.0f), m2__vexp(M2_VMUL(x, M2_VSET1(-1.0f))))));
    }
#endif
    for (; i < n; i++) v[i] = m2__silu(v[i]);
}
/* torch.nn.functional.softplus: the input itself above threshold 20 */
static float m2__softplus(float v) { return v > 20.0f ? v : log1pf(expf(v)); }

/* RMSNorm(v; w) = v / sqrt(mean(v^2) + eps) * w (mamba_ssm/ops/triton/layer_norm.py rms_norm_ref;
   the block norms and norm_f of mamba_ssm/models/mixer_seq_simple.py) */
static void m2__rmsnorm(float *out, const float *v, const float *w, int n, float eps) {
    float ss = m2__dot_f32(v, v, n), inv = 1.0f / sqrtf(ss / (float)n + eps);
    int i;
    for (i = 0; i < n; i++) out[i] = v[i] * inv * w[i];
}

// >>ssd
#ifdef M2__SIMD
static void m2__pack_task(void *ctx, int task) {
    const m2__pack_job *j = (const m2__pack_job *)ctx;
    int groups = M2__TPAD(j->T) / 8;
    int t0 = (int)((long long)task * groups / j->n_tasks) * 8, t1 = (int)((long long)(task + 1) * groups / j->n_tasks) * 8;
    switch (j->layout) {
#ifdef M2__BF16DOT
    case M2__X_BF16: m2__pack_act_bf16_rows(j->x, j->ldx, j->T, j->K, (uint32_t *)j->xp, t0, t1); return;
#endif
#ifdef M2__Q8DOT
    case M2__X_Q8: {
        uint32_t *xu = (uint32_t *)j->xp;
        m2__pack_act_q8_rows(j->x, j->ldx, j->T, j->K, xu, (float *)(void *)(xu + (size_t)M2__TPAD(j->T) * (size_t)(j->K / 4)), t0, t1);
        return;
    }
#endif
#ifdef M2__SIMD
    case M2__X_T: m2__transpose_act_rows(j->x, j->ldx, j->T, j->K, (float *)j->xp, t0, t1); return;
#endif
    default: (void)t0; (void)t1; return;
    }
}
#endif
static void m2__matmul_task(void *ctx, int task) {
    const m2__matmul_job *j = (const m2__matmul_job *)ctx;
    /* task i takes panels [i*P/n, (i+1)*P/n): tasks differ by at most one panel */
    int panels = (j->W->rows + M2__NR - 1) / M2__NR;
    int r0 = (int)((long long)task * panels / j->n_tasks) * M2__NR, r1 = (int)((long long)(task + 1) * panels / j->n_tasks) * M2__NR;
    if (r1 > j->W->rows) r1 = j->W->rows;
    switch (j->layout) {
#ifdef M2__Q8DOT
    case M2__X_Q8: {
        const uint32_t *xu = (const uint32_t *)j->xp;
        m2__gemm_q8_rows(j->W, j->bias, xu, (const float *)(const void *)(xu + (size_t)M2__TPAD(j->T) * (size_t)(j->W->cols / 4)), j->T, j->y, j->ldy, r0, r1);
        return;
    }
#endif
#ifdef M2__IDOT
    case M2__X_Q8_ROWS: m2__gemv_iq_rows(j->W, j->bias, j->xp, j->T, j->y, j->ldy, r0, r1); return;
#endif
#ifdef M2__BF16DOT
    case M2__X_BF16: m2__gemm_bf16_rows(j->W, j->bias, (const uint32_t *)j->xp, j->T, j->y, j->ldy, r0, r1); return;
#endif
#ifdef M2__SIMD
    case M2__X_T: m2__gemm_t_rows(j->W, j->bias, (const float *)j->xp, j->T, j->y, j->ldy, r0, r1); return;
#endif
    default: break;
    }
    if (j->T <= M2__GEMV_MAX_T) m2__gemv_rows(j->W, j->bias, j->x, j->ldx, j->T, j->y, j->ldy, r0, r1);
    else m2__gemm_rows(j->W, j->bias, j->x, j->ldx, j->T, j->y, j->ldy, r0, r1);
}

/* y[t, r] = W[r, :] . x[t, :] (+ bias[r]) for t < T: split over output rows only (never over a
   reduction), in blocks whose boundaries do not depend on the thread count, so every thread count
   gives bit-identical results. prefill = 1 lets BF16 weights use the bf16-activation kernel. */
static void m2__matmul_ex(m2_session *s, const m2__mat *W, const float *bias, const float *x, int ldx, int T, float *y, int ldy, int prefill) {
    m2__matmul_job j;
    int threads = s->opts.n_threads > 0 ? s->opts.n_threads : 1, blocks = (W->rows + M2__NR - 1) / M2__NR;
    j.W = W; j.bias = bias; j.x = x; j.y = y; j.T = T; j.ldx = ldx; j.ldy = ldy; j.xp = s->xt; j.layout = M2__X_PLAIN;
#ifdef M2__SIMD
    if (s->xt && T <= s->rows) { /* both int8 layouts fit in the buffer's K*Tp floats; K % 32 == 0 keeps the scales aligned */
        int q8 = 0, idot = 0, many = T > M2__GEMV_MAX_T;
#ifdef M2__Q8DOT
        q8 = W->dtype == M2_Q8_0 && W->cols % 32 == 0 && !s->opts.f32_activations;
#endif
#ifdef M2__IDOT
        idot = !many && m2__qkern_of(W->dtype)->idot && W->cols % 32 == 0 && !s->opts.f32_activations;
#endif
#ifdef M2__BF16DOT
        if (many && prefill && W->dtype == M2_BF16 && !s->opts.f32_activations) j.layout = M2__X_BF16;
        else
#endif
#ifdef M2__Q8DOT
        if (q8 && many) j.layout = M2__X_Q8;
        else
#endif
#ifdef M2__IDOT
        if (idot) { /* decode; prefill widens the weights into the f32 GEMM below (exact activations) */
            m2__quantize_act_rows(x, ldx, T, W->cols, s->xt);
            j.layout = M2__X_Q8_ROWS;
        } else
#endif
        if (many) j.layout = M2__X_T;
        if (many) { /* the rearranging split over groups of tokens, as the product is over rows */
            m2__pack_job pj;
            int groups = M2__TPAD(T) / 8;
            pj.x = x; pj.xp = s->xt; pj.ldx = ldx; pj.T = T; pj.K = W->cols; pj.layout = j.layout;
            pj.n_tasks = (double)T * (double)W->cols * 32.0 < s->par_min_work ? 1 : threads < groups ? threads : groups;
            m2__parallel(s, pj.n_tasks, m2__pack_task, &pj);
        }
        (void)q8; (void)idot;
    }
#endif
    (void)prefill;
    /* several tasks per thread for balance, each a whole number of GEMM panels */
    j.n_tasks = threads * 4 < blocks ? threads * 4 : blocks;
    if ((double)W->rows * (double)W->cols * (double)T < s->par_min_work) j.n_tasks = 1; /* one task: no fork-join */
    m2__parallel(s, j.n_tasks, m2__matmul_task, &j);
}

/* Causal depthwise conv1d with bias, then SiLU (mamba_ssm/modules/mamba2.py, Mamba2.forward: conv1d
   on xBC, then act; Mamba2.step: the same with the rolled conv_state):
   c_t[ch] = b[ch] + sum_k w[ch, k] * xBC_{t-(K-1)+k}[ch], inputs before the sequence taken from
   the conv state (zeros after a reset). Then the state keeps the last K-1 raw inputs.
   Task `blk` does channels [blk*M2__CONV_BLOCK, ...): the loops run along channels, which are
   contiguous in every operand (the weights are kept transposed, (K, conv_dim), for this). */
/* Rows [0, T) of one sequence whose conv state is `state`; batch != NULL instead makes every row
   its own sequence of one token, with the state of session batch[row] (m2_step_batch). */
static void m2__conv_rows(const m2__conv_job *j, int row0, int T, float *state, int blk);
static void m2__conv_task(void *ctx, int blk) {
    const m2__conv_job *j = (const m2__conv_job *)ctx;
    size_t off = j->s->model->layers[j->layer].conv_off;
    int r;
    if (!j->batch) {
        /* a session of a model without conv state holds no buffer: no offset from NULL */
        m2__conv_rows(j, 0, j->T, j->s->conv ? j->s->conv + off : NULL, blk);
        return;
    }
    for (r = 0; r < j->T; r++) m2__conv_rows(j, r, 1, j->batch[r]->conv ? j->batch[r]->conv + off : NULL, blk);
}
static void m2__conv_rows(const m2__conv_job *j, int row0, int T, float *state, int blk) {
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[j->layer];
    int K = c->d_conv, cd = j->cd, dip = j->raw_ld, t, k, ch;
    int ch0 = blk * M2__CONV_BLOCK, ch1 = ch0 + M2__CONV_BLOCK > cd ? cd : ch0 + M2__CONV_BLOCK;
    const float *raw = s->zx + (size_t)row0 * (size_t)dip + j->raw_off; /* the conv's columns of in_proj's output */
    float *xbc = s->xbc + (size_t)row0 * (size_t)cd;
    float next[M2__MAX_CONV];
    for (t = 0; t < T; t++) {
        float *o = xbc + (size_t)t * (size_t)cd;
        for (ch = ch0; ch < ch1; ch++) o[ch] = Ly->conv_b ? Ly->conv_b[ch] : 0.0f;
        for (k = 0; k < K; k++) {
            int src = t - (K - 1) + k;
            const float *w = Ly->conv_wT + (size_t)k * (size_t)cd;
            if (src >= 0) {
                const float *in = raw + (size_t)src * (size_t)dip;
                ch = ch0;
#ifdef M2__SIMD /* the compiler will not vectorise this at -O2: it cannot rule out o aliasing w or in */
                for (; ch + M2_VW <= ch1; ch += M2_VW) M2_VSTORE(o + ch, M2_VFMA(M2_VLOAD(o + ch), M2_VLOAD(w + ch), M2_VLOAD(in + ch)));
#endif
                for (; ch < ch1; ch++) o[ch] += w[ch] * in[ch];
            } else {
                for (ch = ch0; ch < ch1; ch++) o[ch] += w[ch] * state[(size_t)ch * (size_t)(K - 1) + (size_t)(src + K - 1)];
            }
        }
        m2__silu_inplace(o + ch0, ch1 - ch0);
    }
    if (K < 2) return; /* a width-1 conv keeps no history (and its session holds no conv buffer) */
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
static void m2__in_norm_task(void *ctx, int t) {
    const m2__rows_job *j = (const m2__rows_job *)ctx;
    const m2_config *c = &j->s->model->cfg;
    m2__rmsnorm(j->s->xn + (size_t)t * (size_t)c->d_model, j->s->x + (size_t)t * (size_t)c->d_model, j->w, c->d_model, c->norm_eps);
}
static void m2__gated_norm(const m2_config *c, const float *w, float *y, float *z);
static void m2__out_norm_task(void *ctx, int t) {
    const m2__rows_job *j = (const m2__rows_job *)ctx;
    const m2_config *c = &j->s->model->cfg;
    m2__gated_norm(c, j->Ly->norm_gated, j->s->y + (size_t)t * (size_t)c->d_inner, j->s->zx + (size_t)t * (size_t)c->d_in_proj);
}


/* CB[t][u] = C_t . B_u for every pair in the chunk, once per group (shared by the group's heads). */
static void m2__ssd_cb_task(void *ctx, int g) {
    const m2__ssd_job *j = (const m2__ssd_job *)ctx;
    const m2_config *c = &j->s->model->cfg;
    int N = c->d_state, cd = c->conv_dim, Q = j->s->chunk;
    const float *B = j->s->xbc + (size_t)j->t0 * (size_t)cd + c->d_inner + (size_t)g * (size_t)N, *C = B + (size_t)c->ngroups * (size_t)N;
    m2__mat Bm = m2__f32_mat(B, j->T, N, cd);
    m2__gemm_rows(&Bm, NULL, C, cd, j->T, j->s->cb + (size_t)g * (size_t)Q * (size_t)Q, Q, 0, j->T);
}

/* One chunk of the SSD scan for head h: the ssd_minimal_discrete algorithm (mamba_ssm/modules/
   ssd_minimal.py; Dao & Gu 2024, "Transformers are SSMs", section 6) written as three small matrix
   products so that the GEMM kernel does the work:
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
    int g = h / (H / c->ngroups), t, u, p;
    const float *X = s->xbc + (size_t)j->t0 * (size_t)cd + (size_t)h * (size_t)P;
    const float *B = s->xbc + (size_t)j->t0 * (size_t)cd + E + (size_t)g * (size_t)N, *C = B + (size_t)c->ngroups * (size_t)N;
    const float *dt = s->dt + (size_t)j->t0 * (size_t)H;
    const float *cb = s->cb + (size_t)g * (size_t)Q * (size_t)Q;
    float *S = s->ssm + Ly->ssm_off + (size_t)h * (size_t)P * (size_t)N;
    float *M = s->ssd_scratch + (size_t)h * s->ssd_per_head;  /* (Q, Q)  */
    float *XT = M + (size_t)Q * (size_t)Q;                     /* (P, Q)  X transposed, times w */
    float *tmp = XT + (size_t)P * (size_t)Q;                   /* (Q, P)  */
    float *ST = tmp + (size_t)Q * (size_t)P;                   /* (N, P)  S transposed */
    double *ea = s->cum + (size_t)h * (size_t)Q, Et;
    float A = Ly->A[h], Dh = Ly->D[h], *Y = s->y + (size_t)j->t0 * (size_t)E + (size_t)h * (size_t)P;
    for (u = 0; u < T; u++) ea[u] = exp((double)dt[u * H + h] * (double)A);
    /* M[t][u] = L[t][u] dt_u CB[t][u] for u <= t, else 0 */
    for (t = 0; t < T; t++) {
        double l = 1.0;
        float *Mt = M + (size_t)t * (size_t)Q;
        for (u = t; u >= 0; u--) {
            Mt[u] = (float)l * dt[u * H + h] * cb[t * Q + u];
            l *= ea[u];
        }
        for (u = t + 1; u < T; u++) Mt[u] = 0.0f;
    }
    m2__gemm_nn(T, P, T, M, Q, X, cd, Y, E, 0, 1);                 /* Y[t][p] = sum_u M[t][u] X[u][p] */
    m2__transpose(S, N, P, N, ST, P);
    m2__gemm_nn(T, P, N, C, cd, ST, P, tmp, P, 0, 0);               /* tmp[t][p] = C_t . S[p] */
    Et = 1.0;
    for (t = 0; t < T; t++) {
        float *Yt = Y + (size_t)t * (size_t)E;
        const float *Xt = X + (size_t)t * (size_t)cd;
        Et *= ea[t];
        for (p = 0; p < P; p++) Yt[p] += (float)Et * tmp[(size_t)t * (size_t)P + (size_t)p] + Dh * Xt[p];
    }
    /* state: S = E_{T-1} S + sum_u w_u X_u (outer) B_u, as S[p][n] += sum_u (w_u X[u][p]) B[u][n] */
    {
        double l = 1.0;
        float decay = (float)Et, *w = tmp; /* tmp is free again: the weights w_u */
        for (u = T - 1; u >= 0; u--) {
            w[u] = (float)l * dt[u * H + h];
            l *= ea[u];
        }
        m2__transpose(X, cd, T, P, XT, Q);
        for (p = 0; p < P; p++)
            for (u = 0; u < T; u++) XT[(size_t)p * (size_t)Q + (size_t)u] *= w[u];
        for (p = 0; p < P * N; p++) S[p] *= decay;
        m2__gemm_nn(P, N, T, XT, Q, B, cd, S, N, 1, 0);
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

/* task = row * H + head: one token (row) of each sequence in the batch, or of the single sequence */
static void m2__ssd_step_task(void *ctx, int task) {
    const m2__ssd_job *j = (const m2__ssd_job *)ctx;
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[j->layer];
    int P = c->headdim, N = c->d_state, H = c->nheads, row = task / H, h = task % H, g = h / (H / c->ngroups);
    const float *xbc = s->xbc + (size_t)row * (size_t)c->conv_dim;
    const float *B = xbc + c->d_inner + (size_t)g * (size_t)N, *C = B + (size_t)c->ngroups * (size_t)N;
    float *ssm = (j->batch ? j->batch[row] : s)->ssm;
    float dt = s->dt[row * H + h];
    m2__ssd_step_head(ssm + Ly->ssm_off + (size_t)h * (size_t)P * (size_t)N, xbc + (size_t)h * (size_t)P, B, C, dt,
                      expf(dt * Ly->A[h]), Ly->D[h], P, N, s->y + (size_t)row * (size_t)c->d_inner + (size_t)h * (size_t)P);
}

/* Gated RMSNorm over G contiguous groups of d_inner/G (mamba_ssm/modules/mamba2.py: RMSNormGated
   with group_size = d_inner / ngroups; grouped as mamba_ssm, not as HF's torch path):
   norm_before_gate=0: rms(y*silu(z))*w; =1: rms(y)*w*silu(z). */
/* z is used only here: its gate silu(z) is computed in place */
static void m2__gated_norm(const m2_config *c, const float *w, float *y, float *z) {
    int G = c->ngroups, gs = c->d_inner / G, g, i;
    m2__silu_inplace(z, c->d_inner);
    if (!w) { /* a mixer without the norm (Falcon-H1 mamba_rms_norm = false): y * silu(z) */
        for (i = 0; i < c->d_inner; i++) y[i] *= z[i];
        return;
    }
    for (g = 0; g < G; g++) {
        float *v = y + (size_t)g * (size_t)gs;
        const float *zg = z + (size_t)g * (size_t)gs, *wg = w + (size_t)g * (size_t)gs;
        float inv;
        if (!c->norm_before_gate) {
            for (i = 0; i < gs; i++) v[i] *= zg[i];
            inv = 1.0f / sqrtf(m2__dot_f32(v, v, gs) / (float)gs + c->gated_norm_eps);
            for (i = 0; i < gs; i++) v[i] = v[i] * inv * wg[i];
        } else {
            inv = 1.0f / sqrtf(m2__dot_f32(v, v, gs) / (float)gs + c->gated_norm_eps);
            for (i = 0; i < gs; i++) v[i] = v[i] * inv * wg[i] * zg[i];
        }
    }
}

/* The causal conv of one layer over all its channel blocks. */
static void m2__conv(m2__conv_job *cj) {
    int blocks = (cj->cd + M2__CONV_BLOCK - 1) / M2__CONV_BLOCK, b;
    if (cj->T == 1 || cj->batch) { /* decode steps: a few thousand multiply-adds a row, less than a fork-join */
        for (b = 0; b < blocks; b++) m2__conv_task(cj, b);
    } else {
        m2__parallel(cj->s, blocks, m2__conv_task, cj);
    }
}

/* Mamba-1's selective scan for one channel over T tokens (mamba_ssm selective_scan_ref):
     S[n] = exp(dt_t A[n]) S[n] + dt_t x_t B_t[n];  y_t = sum_n S[n] C_t[n] + D x_t
   dt, x, y with stride ld_c (one channel of rows), B and C with stride ld_bc. */
M2__REF_KERNEL void m2__scan1_ref(float *S, const float *A, int N, float Dd, const float *dt, const float *x, const float *B,
                                  const float *C, int ld_c, int ld_bc, int T, float *y) {
    int t, n;
    for (t = 0; t < T; t++) {
        float d = dt[(size_t)t * (size_t)ld_c], xv = x[(size_t)t * (size_t)ld_c], acc = 0.0f;
        const float *Bt = B + (size_t)t * (size_t)ld_bc, *Ct = C + (size_t)t * (size_t)ld_bc;
        for (n = 0; n < N; n++) {
            S[n] = expf(d * A[n]) * S[n] + d * xv * Bt[n];
            acc += S[n] * Ct[n];
        }
        y[(size_t)t * (size_t)ld_c] = acc + Dd * xv;
    }
}
/* The same with the states along the vector (exp in registers where the level has it). */
static void m2__scan1(float *S, const float *A, int N, float Dd, const float *dt, const float *x, const float *B,
                      const float *C, int ld_c, int ld_bc, int T, float *y) {
    int t, n;
    for (t = 0; t < T; t++) {
        float d = dt[(size_t)t * (size_t)ld_c], xv = x[(size_t)t * (size_t)ld_c], acc = 0.0f;
        const float *Bt = B + (size_t)t * (size_t)ld_bc, *Ct = C + (size_t)t * (size_t)ld_bc;
        n = 0;
#ifdef M2__VEXP
        {
            M2_VF va = M2_VZERO, vd = M2_VSET1(d), vdx = M2_VSET1(d * xv);
            for (; n + M2_VW <= N; n += M2_VW) {
                M2_VF v = M2_VFMA(M2_VMUL(m2__vexp(M2_VMUL(vd, M2_VLOAD(A + n))), M2_VLOAD(S + n)), vdx, M2_VLOAD(Bt + n));
                M2_VSTORE(S + n, v);
                va = M2_VFMA(va, v, M2_VLOAD(Ct + n));
            }
            acc = M2_VSUM(va);
        }
#endif
        for (; n < N; n++) {
            S[n] = expf(d * A[n]) * S[n] + d * xv * Bt[n];
            acc += S[n] * Ct[n];
        }
        y[(size_t)t * (size_t)ld_c] = acc + Dd * xv;
    }
}
static void m2__scan1_task(void *ctx, int blk) {
    const m2__scan_job *j = (const m2__scan_job *)ctx;
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    int E = c->d_inner, N = c->d_state, R = c->dt_rank, d0 = blk * M2__SCAN_BLOCK, d1 = d0 + M2__SCAN_BLOCK > E ? E : d0 + M2__SCAN_BLOCK, d, t;
    const float *B = s->zx + 2 * E + R, *C = B + N; /* x_proj's output beside x | z */
    for (d = d0; d < d1; d++) {
        const float *A = j->Ly->A + (size_t)d * (size_t)N;
        if (!j->batch) {
            m2__scan1(s->ssm + j->Ly->ssm_off + (size_t)d * (size_t)N, A, N, j->Ly->D[d], s->dt + d, s->xbc + d, B, C, E, j->ld, j->T, s->y + d);
            continue;
        }
        for (t = 0; t < j->T; t++) /* one token of each sequence, with its own state */
            m2__scan1(j->batch[t]->ssm + j->Ly->ssm_off + (size_t)d * (size_t)N, A, N, j->Ly->D[d], s->dt + (size_t)t * (size_t)E + d,
                      s->xbc + (size_t)t * (size_t)E + d, B + (size_t)t * (size_t)j->ld, C + (size_t)t * (size_t)j->ld, E, j->ld, 1, s->y + (size_t)t * (size_t)E + d);
    }
}

/* v / sqrt(mean(v^2) + eps), no weight (Falcon-Mamba's dt, B and C norms) */
static void m2__rms_plain(float *v, int n, float eps) {
    float inv = 1.0f / sqrtf(m2__dot_f32(v, v, n) / (float)n + eps);
    int i;
    for (i = 0; i < n; i++) v[i] *= inv;
}

/* The Mamba-1 mixer (mamba_ssm modules/mamba_simple.py) of one layer on xn[0..T) into out (T, D):
   in_proj to x | z, causal conv and SiLU on x, x_proj to dt_low | B | C (RMS-normalised each for
   Falcon-Mamba), dt = softplus(dt_proj(dt_low)), the selective scan, y * silu(z), out_proj. The
   projections are matrix products over the chunk; the scan runs per channel with its state in L1,
   channels split over threads. */
static void m2__mamba1_mixer(m2_session *s, int layer, int T, int recurrent, m2_session *const *batch, float *out) {
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[layer];
    int D = c->d_model, E = c->d_inner, N = c->d_state, R = c->dt_rank, ld = 2 * E + R + 2 * N, t;
    size_t i, n = (size_t)T * (size_t)E;
    m2__conv_job cj;
    m2__scan_job sj;
    m2__matmul_ex(s, &Ly->in_proj, Ly->in_proj_bias, s->xn, D, T, s->zx, ld, !recurrent);
    cj.s = s; cj.batch = batch; cj.layer = layer; cj.T = T; cj.cd = E; cj.raw_off = 0; cj.raw_ld = ld;
    m2__conv(&cj);
    m2__matmul_ex(s, &Ly->x_proj, NULL, s->xbc, E, T, s->zx + 2 * E, ld, !recurrent);
    if (c->bc_dt_norm)
        for (t = 0; t < T; t++) {
            float *row = s->zx + (size_t)t * (size_t)ld + 2 * E;
            m2__rms_plain(row, R, c->mixer_rms_eps);
            m2__rms_plain(row + R, N, c->mixer_rms_eps);
            m2__rms_plain(row + R + N, N, c->mixer_rms_eps);
        }
    m2__matmul_ex(s, &Ly->dt_proj, Ly->dt_bias, s->zx + 2 * E, ld, T, s->dt, E, !recurrent);
    for (i = 0; i < n; i++) s->dt[i] = m2__softplus(s->dt[i]);
    sj.s = s; sj.batch = batch; sj.Ly = Ly; sj.T = T; sj.ld = ld;
    if ((double)T * (double)E * (double)N < s->par_min_work / 16) {
        int b;
        for (b = 0; b < (E + M2__SCAN_BLOCK - 1) / M2__SCAN_BLOCK; b++) m2__scan1_task(&sj, b);
    } else {
        m2__parallel(s, (E + M2__SCAN_BLOCK - 1) / M2__SCAN_BLOCK, m2__scan1_task, &sj);
    }
    for (t = 0; t < T; t++) { /* the gate: y * silu(z) */
        float *z = s->zx + (size_t)t * (size_t)ld + E, *y = s->y + (size_t)t * (size_t)E;
        int d;
        m2__silu_inplace(z, E);
        for (d = 0; d < E; d++) y[d] *= z[d];
    }
    m2__matmul_ex(s, &Ly->out_proj, Ly->out_proj_bias, s->y, E, T, out, D, !recurrent);
}

/* RMSNorm of rows [0, T) of the residual stream into xn, with weights w. */
static void m2__norm_rows(m2_session *s, const m2__layer *Ly, const float *w, int T) {
    m2__rows_job rj;
    int t;
    rj.s = s; rj.Ly = Ly; rj.w = w;
    if ((double)T * s->model->cfg.d_model < s->par_min_work / 32) for (t = 0; t < T; t++) m2__in_norm_task(&rj, t); /* cheap: serial */
    else m2__parallel(s, T, m2__in_norm_task, &rj);
}

/* The Mamba-2 mixer of one layer on xn[0..T) into out (T, D) (mamba_ssm modules/mamba2.py: in_proj,
   conv, SSD, gated norm, out_proj). recurrent = 1 uses the step recurrence: then T == 1, or T rows
   of T different sequences whose states are batch[0..T) (s only lends its buffers). */
static void m2__mamba2_mixer(m2_session *s, int layer, int T, int recurrent, m2_session *const *batch, float *out) {
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[layer];
    int D = c->d_model, E = c->d_inner, H = c->nheads, dip = c->d_in_proj, t, h;
    m2__ssd_job job;
    m2__conv_job cj;
    m2__rows_job rj;
    rj.s = s; rj.Ly = Ly; rj.w = NULL;
    m2__matmul_ex(s, &Ly->in_proj, Ly->in_proj_bias, s->xn, D, T, s->zx, dip, !recurrent);
    cj.s = s; cj.batch = batch; cj.layer = layer; cj.T = T; cj.cd = c->conv_dim; cj.raw_off = E; cj.raw_ld = dip;
    m2__conv(&cj);
    for (t = 0; t < T; t++)
        for (h = 0; h < H; h++) {
            float v = m2__softplus(s->zx[(size_t)t * (size_t)dip + (size_t)(E + c->conv_dim + h)] + Ly->dt_bias[h]);
            if (v < c->dt_min) v = c->dt_min;
            if (v > c->dt_max) v = c->dt_max;
            s->dt[t * H + h] = v;
        }
    job.s = s; job.batch = batch; job.layer = layer; job.T = T; job.t0 = 0;
    if (recurrent) {
        /* the step reads and writes the whole state once (19 MB a token for the 130m shape): that
           is memory traffic, worth splitting over threads long before it is much arithmetic */
        if ((double)T * (double)E * (double)c->d_state < s->par_min_work / 16) { /* a small state: serial */
            for (h = 0; h < T * H; h++) m2__ssd_step_task(&job, h);
        } else {
            m2__parallel(s, T * H, m2__ssd_step_task, &job);
        }
    } else {
        for (job.t0 = 0; job.t0 < T; job.t0 += s->chunk) { /* the block's chunks in order, each from the state the last left */
            job.T = T - job.t0 < s->chunk ? T - job.t0 : s->chunk;
            m2__parallel(s, c->ngroups, m2__ssd_cb_task, &job);
            m2__parallel(s, H, m2__ssd_chunk_task, &job);
        }
    }
    if ((double)T * E < s->par_min_work / 32) for (t = 0; t < T; t++) m2__out_norm_task(&rj, t);
    else m2__parallel(s, T, m2__out_norm_task, &rj);
    m2__matmul_ex(s, &Ly->out_proj, Ly->out_proj_bias, s->y, E, T, out, D, !recurrent);
}

/* v[i] = exp(v[i] - shift) */
static void m2__exp_shifted(float *v, int n, float shift) {
    int i = 0;
#ifdef M2__VEXP
    for (; i + M2_VW <= n; i += M2_VW) M2_VSTORE(v + i, m2__vexp(M2_VADD(M2_VLOAD(v + i), M2_VSET1(-shift))));
#endif
    for (; i < n; i++) v[i] = expf(v[i] - shift);
}

/* Rotary position embedding of n_heads heads of size hd at absolute position pos, in the NeoX /
   rotate_half layout of the HF weights: dims i and i + hd/2 turn by pos * theta^(-2i/hd) (the
   angles in double, as the reference computes them). */
static void m2__rope(float *v, int n_heads, int hd, double pos, double theta) {
    float cs[M2__MAX_HEAD_DIM / 2], sn[M2__MAX_HEAD_DIM / 2];
    int i, h, half = hd / 2;
    for (i = 0; i < half; i++) {
        double a = pos * pow(theta, -2.0 * (double)i / (double)hd);
        cs[i] = (float)cos(a);
        sn[i] = (float)sin(a);
    }
    for (h = 0; h < n_heads; h++) {
        float *x = v + (size_t)h * (size_t)hd;
        for (i = 0; i < half; i++) {
            float x0 = x[i], x1 = x[i + half];
            x[i] = x0 * cs[i] - x1 * sn[i];
            x[i + half] = x1 * cs[i] + x0 * sn[i];
        }
    }
}

/* The session a row belongs to, its position, and the start of its K cache for layer Ly. */
static m2_session *m2__row_seq(const m2__attn_job *j, int t, uint64_t *pos) {
    m2_session *q = j->batch ? j->batch[t] : j->s;
    *pos = j->batch ? q->pos : j->s->pos + (uint64_t)t;
    return q;
}

/* Keys a tile for heads of hd: as many as fit transposed in M2__ATT_KT, a whole number of vectors;
   0 where the keys are scored as stored (no SIMD, or heads too wide for one vector of keys). */
static int m2__att_tile(int hd) {
    int tile = M2__ATT_KT / hd < M2__ATT_TILE ? M2__ATT_KT / hd : M2__ATT_TILE;
#ifdef M2__SIMD
    return tile - tile % M2_VW;
#else
    (void)tile;
    return 0;
#endif
}
/* kt[d * ldt + jj] = K[jj * ldk + d] for the n keys of a tile, zeros in the columns n..ldt: the
   keys along the vector lanes, so a query's scores are broadcast-and-FMA over d with no horizontal
   sum per key (a dot product per key spent more on its final sum than on its 64 products). */
static void m2__att_transpose(const float *K, size_t ldk, int n, int hd, float *kt, int ldt) {
    int d, jj;
    /* eight keys at a time through register transposes: element by element, the strided loads
       had cost more than the scores and the weighted sum together in decode */
    m2__transpose(K, (int)ldk, n, hd, kt, ldt);
    for (d = 0; n < ldt && d < hd; d++)
        for (jj = n; jj < ldt; jj++) kt[(size_t)d * (size_t)ldt + (size_t)jj] = 0.0f;
}
#ifdef M2__SIMD
/* a0..a3 += x times the four vectors from r on */
#define M2__FMA_X4(a0, a1, a2, a3, x, r) do { \
        M2_VF x_ = (x); \
        const float *r_ = (r); \
        a0 = M2_VFMA(a0, x_, M2_VLOAD(r_)); \
        a1 = M2_VFMA(a1, x_, M2_VLOAD(r_ + M2_VW)); \
        a2 = M2_VFMA(a2, x_, M2_VLOAD(r_ + 2 * M2_VW)); \
        a3 = M2_VFMA(a3, x_, M2_VLOAD(r_ + 3 * M2_VW)); \
    } while (0)
#endif
/* sc[jj] = scale * sum over d of q[d] * key jj [d], for the ldt columns of a transposed tile (kt)
   or, where kt is NULL, from the keys as stored (K, ldk). Whichever rows a task holds, a score is
   the same chain of operations, so prefill, step and batch agree bit for bit. */
static void m2__att_scores(const float *q, const float *kt, int ldt, const float *K, size_t ldk, int n, int hd,
                           float scale, float *sc) {
    int jj = 0, d;
#ifdef M2__SIMD
    if (kt) {
        for (; jj + 4 * M2_VW <= ldt; jj += 4 * M2_VW) {
            /* even d in a, odd d in b: eight chains of multiply-adds in flight, not four waiting
               on each other's latency */
            M2_VF a0 = M2_VZERO, a1 = M2_VZERO, a2 = M2_VZERO, a3 = M2_VZERO;
            M2_VF b0 = M2_VZERO, b1 = M2_VZERO, b2 = M2_VZERO, b3 = M2_VZERO;
            for (d = 0; d + 1 < hd; d += 2) {
                const float *r = kt + (size_t)d * (size_t)ldt + jj;
                M2__FMA_X4(a0, a1, a2, a3, M2_VSET1(q[d]), r);
                M2__FMA_X4(b0, b1, b2, b3, M2_VSET1(q[d + 1]), r + ldt);
            }
            if (d < hd) M2__FMA_X4(a0, a1, a2, a3, M2_VSET1(q[d]), kt + (size_t)d * (size_t)ldt + jj);
            M2_VSTORE(sc + jj, M2_VMUL(M2_VADD(a0, b0), M2_VSET1(scale)));
            M2_VSTORE(sc + jj + M2_VW, M2_VMUL(M2_VADD(a1, b1), M2_VSET1(scale)));
            M2_VSTORE(sc + jj + 2 * M2_VW, M2_VMUL(M2_VADD(a2, b2), M2_VSET1(scale)));
            M2_VSTORE(sc + jj + 3 * M2_VW, M2_VMUL(M2_VADD(a3, b3), M2_VSET1(scale)));
        }
        for (; jj + M2_VW <= ldt; jj += M2_VW) { /* tiles of wide heads: even and odd d in two chains */
            M2_VF a0 = M2_VZERO, a1 = M2_VZERO;
            for (d = 0; d + 1 < hd; d += 2) {
                a0 = M2_VFMA(a0, M2_VSET1(q[d]), M2_VLOAD(kt + (size_t)d * (size_t)ldt + jj));
                a1 = M2_VFMA(a1, M2_VSET1(q[d + 1]), M2_VLOAD(kt + (size_t)(d + 1) * (size_t)ldt + jj));
            }
            if (d < hd) a0 = M2_VFMA(a0, M2_VSET1(q[d]), M2_VLOAD(kt + (size_t)d * (size_t)ldt + jj));
            M2_VSTORE(sc + jj, M2_VMUL(M2_VADD(a0, a1), M2_VSET1(scale)));
        }
        return;
    }
#endif
    (void)kt; (void)ldt;
    for (; jj < n; jj++) {
        const float *k = K + (size_t)jj * ldk;
        float a = 0.0f;
        for (d = 0; d < hd; d++) a += q[d] * k[d];
        sc[jj] = a * scale;
    }
}
/* o = o * corr + the sum over jj of p[jj] * V[jj] (SIMD: the even keys' terms and the odd keys'
   summed apart, then added): the online softmax's weighted sum, with o held in registers across
   the keys instead of loaded and stored for each. */
static void m2__att_pv(float *o, float corr, const float *p, const float *V, size_t ldv, int n, int hd) {
    int d = 0, jj;
#ifdef M2__SIMD
    M2_VF vc = M2_VSET1(corr);
    for (; d + 4 * M2_VW <= hd; d += 4 * M2_VW) {
        M2_VF a0 = M2_VMUL(M2_VLOAD(o + d), vc), a1 = M2_VMUL(M2_VLOAD(o + d + M2_VW), vc);
        M2_VF a2 = M2_VMUL(M2_VLOAD(o + d + 2 * M2_VW), vc), a3 = M2_VMUL(M2_VLOAD(o + d + 3 * M2_VW), vc);
        M2_VF b0 = M2_VZERO, b1 = M2_VZERO, b2 = M2_VZERO, b3 = M2_VZERO;
        for (jj = 0; jj + 1 < n; jj += 2) {
            const float *v = V + (size_t)jj * ldv + d;
            M2__FMA_X4(a0, a1, a2, a3, M2_VSET1(p[jj]), v);
            M2__FMA_X4(b0, b1, b2, b3, M2_VSET1(p[jj + 1]), v + ldv);
        }
        if (jj < n) M2__FMA_X4(a0, a1, a2, a3, M2_VSET1(p[jj]), V + (size_t)jj * ldv + d);
        M2_VSTORE(o + d, M2_VADD(a0, b0)); M2_VSTORE(o + d + M2_VW, M2_VADD(a1, b1));
        M2_VSTORE(o + d + 2 * M2_VW, M2_VADD(a2, b2)); M2_VSTORE(o + d + 3 * M2_VW, M2_VADD(a3, b3));
    }
    for (; d + M2_VW <= hd; d += M2_VW) {
        M2_VF a0 = M2_VMUL(M2_VLOAD(o + d), vc);
        for (jj = 0; jj < n; jj++) a0 = M2_VFMA(a0, M2_VSET1(p[jj]), M2_VLOAD(V + (size_t)jj * ldv + d));
        M2_VSTORE(o + d, a0);
    }
#endif
    for (; d < hd; d++) {
        float a = o[d] * corr;
        for (jj = 0; jj < n; jj++) a = a + p[jj] * V[(size_t)jj * ldv + (size_t)d];
        o[d] = a;
    }
}

/* Asks for bytes [0, bytes) at p before they are used */
static void m2__prefetch_bytes(const void *p, size_t bytes) {
#if defined(__GNUC__) || defined(__clang__)
    size_t q;
    for (q = 0; q < bytes; q += 64) __builtin_prefetch((const unsigned char *)p + q, 0, 3);
#else
    (void)p; (void)bytes;
#endif
}
/* The largest of v[0..n), by four chains of comparisons (the largest is the same in any order) */
static float m2__att_max(const float *v, int n) {
    float m0 = -INFINITY, m1 = -INFINITY, m2 = -INFINITY, m3 = -INFINITY;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
        m0 = v[i] > m0 ? v[i] : m0;
        m1 = v[i + 1] > m1 ? v[i + 1] : m1;
        m2 = v[i + 2] > m2 ? v[i + 2] : m2;
        m3 = v[i + 3] > m3 ? v[i + 3] : m3;
    }
    for (; i < n; i++) m0 = v[i] > m0 ? v[i] : m0;
    m0 = m1 > m0 ? m1 : m0;
    m2 = m3 > m2 ? m3 : m2;
    return m2 > m0 ? m2 : m0;
}
/* The sum of v[0..n): whole vectors lane by lane, their lanes summed, then the rest in order (one
   chain of 64 dependent additions per tile and head had cost as much as the scores) */
static float m2__att_sum(const float *v, int n) {
    float s = 0.0f;
    int i = 0;
#ifdef M2__SIMD
    if (n >= M2_VW) {
        M2_VF a = M2_VLOAD(v);
        for (i = M2_VW; i + M2_VW <= n; i += M2_VW) a = M2_VADD(a, M2_VLOAD(v + i));
        s = M2_VSUM(a);
    }
#endif
    for (; i < n; i++) s += v[i];
    return s;
}

/* The online softmax of rows [t0, t1) and the query heads of kv head g over the keys of segment k
   (each row's keys past its position left out), started afresh: the weighted sums of values into
   o (row t, head h at o + t * qd + h * hd) and the max and sum of the scores into ml (at
   ml + (t * nh + h) * 2). Keys are taken a tile at a time (no T x T matrix), and a tile is read
   (and transposed) once for every row and head. Rows that see no key of the segment are left
   alone. */
static void m2__att_segment(const m2__attn_job *j, int g, int t0, int t1, int k, float *o_base, float *ml_base) {
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    int hd = c->head_dim, nh = c->n_head, grp = c->n_head / c->n_kv_head, qd = nh * hd;
    int W = (int)s->model->max_qkv, t, i;
    uint64_t k0 = (uint64_t)k * M2__ATT_SEG, k1 = k0 + M2__ATT_SEG, max_len = 0, j0, pos;
    float sc[M2__ATT_TILE], kt[M2__ATT_KT];
    const float *kt_src = NULL;
    int tile = m2__att_tile(hd), use_kt = tile > 0;
    if (!use_kt) tile = M2__ATT_TILE;
    for (t = t0; t < t1; t++) {
        m2__row_seq(j, t, &pos);
        if (pos + 1 > max_len) max_len = pos + 1;
        if (pos < k0) continue;
        for (i = 0; i < grp; i++) {
            int h = g * grp + i;
            float *ml = ml_base + ((size_t)t * (size_t)nh + (size_t)h) * 2u;
            ml[0] = -INFINITY;
            ml[1] = 0.0f;
            memset(o_base + (size_t)t * (size_t)qd + (size_t)h * (size_t)hd, 0, (size_t)hd * sizeof(float));
        }
    }
    if (max_len > k1) max_len = k1;
    for (j0 = k0; j0 < max_len; j0 += (uint64_t)tile)
        for (t = t0; t < t1; t++) {
            const m2_session *q = m2__row_seq(j, t, &pos);
            const float *K, *V;
            uint64_t end = pos + 1 < k1 ? pos + 1 : k1;
            int n;
            if (j0 >= end) continue;
            n = end - j0 < (uint64_t)tile ? (int)(end - j0) : tile;
            K = m2__kv_head(q, j->Ly, 0, g) + (size_t)j0 * (size_t)hd;
            V = m2__kv_head(q, j->Ly, 1, g) + (size_t)j0 * (size_t)hd;
            if (K != kt_src) { /* the rows of one sequence share the tile: the keys any of them sees */
                int fill = j->batch ? n : max_len - j0 < (uint64_t)tile ? (int)(max_len - j0) : tile;
                /* the next tile's keys and values asked for now: a head's cache crosses a 4 KB page
                   every 16 keys of 64 floats, where the hardware prefetchers start over, and the
                   profile of decode at depth had its time on the first loads of each tile */
                if (pos + 1 > j0 + (uint64_t)tile) {
                    uint64_t left = pos + 1 - j0 - (uint64_t)tile;
                    size_t bytes = (size_t)(left < (uint64_t)tile ? left : (uint64_t)tile) * (size_t)hd * sizeof(float);
                    m2__prefetch_bytes(K + (size_t)tile * (size_t)hd, bytes);
                    m2__prefetch_bytes(V + (size_t)tile * (size_t)hd, bytes);
                }
                if (use_kt) m2__att_transpose(K, (size_t)hd, fill, hd, kt, tile);
                kt_src = K;
            }
            for (i = 0; i < grp; i++) {
                int h = g * grp + i;
                const float *qv = s->qkv + (size_t)t * (size_t)W + (size_t)h * (size_t)hd;
                float *o = o_base + (size_t)t * (size_t)qd + (size_t)h * (size_t)hd;
                float *ml = ml_base + ((size_t)t * (size_t)nh + (size_t)h) * 2u, mt, mnew, corr;
                m2__att_scores(qv, use_kt ? kt : NULL, tile, K, (size_t)hd, n, hd, c->attn_scale, sc);
                mt = m2__att_max(sc, n);
                mnew = mt > ml[0] ? mt : ml[0];
                corr = ml[0] == -INFINITY ? 0.0f : expf(ml[0] - mnew);
                m2__exp_shifted(sc, n, mnew);
                m2__att_pv(o, corr, sc, V, (size_t)hd, n, hd);
                ml[1] = ml[1] * corr + m2__att_sum(sc, n);
                ml[0] = mnew;
            }
        }
}

/* (o, ml) = the softmax over the keys of both (o, ml) and (ob, mlb), each rescaled to the larger max */
static void m2__att_merge(float *o, float *ml, const float *ob, const float *mlb, int hd) {
    float m = ml[0] > mlb[0] ? ml[0] : mlb[0];
    float ca = ml[0] == -INFINITY ? 0.0f : expf(ml[0] - m), cb = mlb[0] == -INFINITY ? 0.0f : expf(mlb[0] - m);
    int d;
    for (d = 0; d < hd; d++) o[d] = o[d] * ca + ob[d] * cb;
    ml[0] = m;
    ml[1] = ml[1] * ca + mlb[1] * cb;
}

/* Segment k > 0 of rows [t0, t1), heads of kv head g, from slot (o_seg, ml_seg) into att, in key
   order; then, after the last segment, att divided by the sums. */
static void m2__att_fold(const m2__attn_job *j, int g, int t0, int t1, int k, const float *o_seg, const float *ml_seg, int last) {
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    int hd = c->head_dim, nh = c->n_head, grp = c->n_head / c->n_kv_head, qd = nh * hd, t, i, d;
    uint64_t pos;
    for (t = t0; t < t1; t++) {
        m2__row_seq(j, t, &pos);
        for (i = 0; i < grp; i++) {
            size_t h = (size_t)(g * grp + i), oo = (size_t)t * (size_t)qd + h * (size_t)hd, mo = ((size_t)t * (size_t)nh + h) * 2u;
            float *o = s->att + oo, *ml = s->att_ml + mo, inv;
            if (k > 0 && pos >= (uint64_t)k * M2__ATT_SEG) m2__att_merge(o, ml, o_seg + oo, ml_seg + mo, hd);
            if (!last) continue;
            inv = 1.0f / ml[1];
            for (d = 0; d < hd; d++) o[d] *= inv;
        }
    }
}

/* Causal attention of a block of rows against the KV cache for one kv head and the query heads that
   share it (and, split, one segment of the keys; see M2__ATT_SEG). Each (row, head) sees the same
   sequence of operations whichever task runs it, so results do not depend on the thread count. */
static void m2__attn_task(void *ctx, int task) {
    const m2__attn_job *j = (const m2__attn_job *)ctx;
    m2_session *s = j->s;
    const m2_config *c = &s->model->cfg;
    size_t slot = (size_t)j->T * (size_t)(c->n_head * c->head_dim), ml_off = slot;
    int wave = j->seg1 - j->seg0, k0 = j->split ? j->seg0 + task % wave : 0, rest = j->split ? task / wave : task;
    int g = rest / j->row_blocks, t0 = (rest % j->row_blocks) * j->rows_per_task, k;
    int t1 = t0 + j->rows_per_task > j->T ? j->T : t0 + j->rows_per_task;
    slot += (size_t)j->T * (size_t)c->n_head * 2u;
    /* split: segment k0 only, into slot k0 - seg0 (m2__attention merges); else every segment in
       turn, each merged as it is done. Segment 0 goes straight into att. One call site, so that
       the segment's 16 KB key tile is one stack frame however the compiler inlines it. */
    for (k = k0; k < (j->split ? k0 + 1 : j->n_seg); k++) {
        float *part = s->att_part + (j->split ? (size_t)(k - j->seg0) * slot : 0);
        m2__att_segment(j, g, t0, t1, k, k == 0 ? s->att : part, k == 0 ? s->att_ml : part + ml_off);
        if (!j->split && k > 0) m2__att_fold(j, g, t0, t1, k, part, part + ml_off, 0);
    }
    if (!j->split) m2__att_fold(j, g, t0, t1, 0, NULL, NULL, 1);
}

/* Causal GQA attention of xn[0..T) into out (T, D): q, k, v projections, RoPE if the model has it,
   k and v appended to the KV cache at the rows' positions, then the online-softmax attention and
   o_proj. Rows are consecutive positions of s's sequence, or (batch) one row per sequence. The
   caller has checked that every sequence has room. */
static void m2__attention(m2_session *s, const m2__layer *Ly, int T, int recurrent, m2_session *const *batch, float *out) {
    const m2_config *c = &s->model->cfg;
    int D = c->d_model, hd = c->head_dim, qd = c->n_head * hd, kvd = c->n_kv_head * hd, W = (int)s->model->max_qkv, t;
    m2__attn_job j;
    m2__matmul_ex(s, &Ly->wq, Ly->bq, s->xn, D, T, s->qkv, W, !recurrent);
    m2__matmul_ex(s, &Ly->wk, Ly->bk, s->xn, D, T, s->qkv + qd, W, !recurrent);
    m2__matmul_ex(s, &Ly->wv, Ly->bv, s->xn, D, T, s->qkv + qd + kvd, W, !recurrent);
    j.s = s; j.batch = batch; j.Ly = Ly; j.T = T;
    for (t = 0; t < T; t++) {
        uint64_t pos;
        m2_session *q = m2__row_seq(&j, t, &pos);
        float *row = s->qkv + (size_t)t * (size_t)W;
        int g;
        if (c->rope) {
            m2__rope(row, c->n_head, hd, (double)pos, (double)c->rope_theta);
            m2__rope(row + qd, c->n_kv_head, hd, (double)pos, (double)c->rope_theta);
        }
        for (g = 0; g < c->n_kv_head; g++) {
            memcpy(m2__kv_head(q, Ly, 0, g) + (size_t)pos * (size_t)hd, row + qd + g * hd, (size_t)hd * sizeof(float));
            memcpy(m2__kv_head(q, Ly, 1, g) + (size_t)pos * (size_t)hd, row + qd + kvd + g * hd, (size_t)hd * sizeof(float));
        }
    }
    j.rows_per_task = batch ? 1 : M2__ATT_ROWS;
    j.row_blocks = (T + j.rows_per_task - 1) / j.rows_per_task;
    j.n_seg = 1;
    for (t = 0; t < T; t++) {
        uint64_t pos;
        m2__row_seq(&j, t, &pos);
        if ((int)(pos / M2__ATT_SEG) + 1 > j.n_seg) j.n_seg = (int)(pos / M2__ATT_SEG) + 1;
    }
    j.split = T <= M2__ATT_SPLIT_ROWS && j.n_seg > 1;
    if (!j.split) {
        j.seg0 = 0; j.seg1 = 1;
        m2__parallel(s, c->n_kv_head * j.row_blocks, m2__attn_task, &j);
    } else { /* M2__ATT_SPLIT_SEGS segments at a time, their results merged in key order */
        size_t slot = (size_t)T * (size_t)(qd + 2 * c->n_head);
        int g, k;
        for (j.seg0 = 0; j.seg0 < j.n_seg; j.seg0 = j.seg1) {
            j.seg1 = j.n_seg - j.seg0 < M2__ATT_SPLIT_SEGS ? j.n_seg : j.seg0 + M2__ATT_SPLIT_SEGS;
            m2__parallel(s, c->n_kv_head * j.row_blocks * (j.seg1 - j.seg0), m2__attn_task, &j);
            for (g = 0; g < c->n_kv_head; g++)
                for (k = j.seg0 > 0 ? j.seg0 : 1; k < j.seg1; k++) {
                    const float *part = s->att_part + (size_t)(k - j.seg0) * slot;
                    m2__att_fold(&j, g, 0, T, k, part, part + (size_t)T * (size_t)qd, 0);
                }
        }
        for (g = 0; g < c->n_kv_head; g++) m2__att_fold(&j, g, 0, T, 0, NULL, NULL, 1);
    }
    m2__matmul_ex(s, &Ly->wo, Ly->bo, s->att, qd, T, out, D, !recurrent);
}

/* An MLP on rows x (T, D) into out (T, D): down(silu(gate(x)) * up(x)) (SwiGLU, wg set) or
   down(relu(up(x))^2) (wg NULL). */
static void m2__mlp(m2_session *s, const m2__mat *wg, const float *bg, const m2__mat *wu, const float *bu, const m2__mat *wd,
                    const float *bd, const float *x, int T, float *out, int prefill) {
    int D = s->model->cfg.d_model, F = wu->rows;
    size_t i, n = (size_t)T * (size_t)F;
    m2__matmul_ex(s, wu, bu, x, D, T, s->hu, F, prefill);
    if (wg) {
        m2__matmul_ex(s, wg, bg, x, D, T, s->hg, F, prefill);
        m2__silu_inplace(s->hg, (int)n);
        for (i = 0; i < n; i++) s->hu[i] *= s->hg[i];
    } else {
        for (i = 0; i < n; i++) s->hu[i] = s->hu[i] > 0.0f ? s->hu[i] * s->hu[i] : 0.0f;
    }
    m2__matmul_ex(s, wd, bd, s->hu, F, T, out, D, prefill);
}

/* The experts token t goes to, and their weights (SEMANTICS of each family's router). Ties go to the
   lower expert index, so the choice is reproducible. */
static void m2__moe_route(const m2_config *c, const float *logits, const float *corr, int32_t *ids, float *w) {
    int E = c->n_expert, k = c->n_expert_used, e, j, i;
    float sel[M2__MAX_EXPERTS], sig[M2__MAX_EXPERTS];
    double sum = 0.0;
    if (c->router == M2_ROUTER_SOFTMAX_TOPK) {
        for (e = 0; e < E; e++) sel[e] = logits[e];
    } else {
        for (e = 0; e < E; e++) {
            sig[e] = 1.0f / (1.0f + expf(-logits[e]));
            sel[e] = sig[e] + (corr ? corr[e] : 0.0f);
        }
        if (c->n_expert_group > 1) { /* keep the topk_group groups whose two best scores sum highest */
            int gs = E / c->n_expert_group, g, keep[M2__MAX_EXPERTS];
            float gscore[M2__MAX_EXPERTS];
            for (g = 0; g < c->n_expert_group; g++) {
                float b1 = -INFINITY, b2 = -INFINITY;
                for (e = g * gs; e < (g + 1) * gs; e++) {
                    if (sel[e] > b1) { b2 = b1; b1 = sel[e]; }
                    else if (sel[e] > b2) b2 = sel[e];
                }
                gscore[g] = gs > 1 ? b1 + b2 : b1;
                keep[g] = 0;
            }
            for (i = 0; i < c->topk_group; i++) {
                int best = -1;
                for (g = 0; g < c->n_expert_group; g++)
                    if (!keep[g] && (best < 0 || gscore[g] > gscore[best])) best = g;
                keep[best] = 1;
            }
            for (e = 0; e < E; e++)
                if (!keep[e / gs]) sel[e] = -INFINITY;
        }
    }
    for (j = 0; j < k; j++) { /* the k best, in order */
        int best = -1;
        for (e = 0; e < E; e++) {
            int taken = 0;
            for (i = 0; i < j && !taken; i++) taken = ids[i] == e;
            if (!taken && (best < 0 || sel[e] > sel[best])) best = e;
        }
        ids[j] = best;
    }
    if (c->router == M2_ROUTER_SOFTMAX_TOPK) { /* softmax over the k chosen logits */
        float mx = logits[ids[0]];
        for (j = 0; j < k; j++) { w[j] = expf(logits[ids[j]] - mx); sum += w[j]; }
        for (j = 0; j < k; j++) w[j] = (float)(w[j] / sum);
    } else {
        for (j = 0; j < k; j++) { w[j] = sig[ids[j]]; sum += w[j]; }
        for (j = 0; j < k; j++) {
            if (c->moe_norm_topk) w[j] = (float)(w[j] / (sum + 1e-20));
            w[j] *= c->routed_scale;
        }
    }
}

/* Mixture of experts on xn[0..T) into out (T, D): each token's k experts weighted, plus the shared
   expert. Tokens are grouped by expert, so a chunk reads each chosen expert's weights once. */
static void m2__moe(m2_session *s, const m2__layer *Ly, int T, float *out, int prefill) {
    const m2_config *c = &s->model->cfg;
    int D = c->d_model, E = c->n_expert, k = c->n_expert_used, glu = c->ffn_act == M2_FFN_ACT_SWIGLU, e, t, j, n;
    size_t i;
    m2__matmul_ex(s, &Ly->router, NULL, s->xn, D, T, s->moe_logits, E, 0);
    for (t = 0; t < T; t++)
        m2__moe_route(c, s->moe_logits + (size_t)t * (size_t)E, Ly->router_bias, s->moe_id + (size_t)t * (size_t)k, s->moe_w + (size_t)t * (size_t)k);
    memset(out, 0, (size_t)T * (size_t)D * sizeof(float));
    for (e = 0; e < E; e++) {
        m2__mat wg, wu, wd;
        const float *xin = s->xn;
        for (n = 0, t = 0; t < T; t++)
            for (j = 0; j < k; j++)
                if (s->moe_id[(size_t)t * (size_t)k + (size_t)j] == e) { s->moe_rows[n] = t; s->moe_rw[n] = s->moe_w[(size_t)t * (size_t)k + (size_t)j]; n++; }
        if (!n) continue;
        if (n < T) { /* gather the expert's rows */
            for (j = 0; j < n; j++) memcpy(s->xg + (size_t)j * (size_t)D, s->xn + (size_t)s->moe_rows[j] * (size_t)D, (size_t)D * sizeof(float));
            xin = s->xg;
        }
        wg = m2__expert(&Ly->ex_gate, e); wu = m2__expert(&Ly->ex_up, e); wd = m2__expert(&Ly->ex_down, e);
        m2__mlp(s, glu ? &wg : NULL, NULL, &wu, NULL, &wd, NULL, xin, n, s->yg, prefill);
        for (j = 0; j < n; j++) {
            float *o = out + (size_t)s->moe_rows[j] * (size_t)D, wj = s->moe_rw[j];
            const float *y = s->yg + (size_t)j * (size_t)D;
            int d;
            for (d = 0; d < D; d++) o[d] += wj * y[d];
        }
    }
    if (c->d_shared) {
        m2__mlp(s, glu ? &Ly->sh_gate : NULL, NULL, &Ly->sh_up, NULL, &Ly->sh_down, NULL, s->xn, T, s->yg, prefill);
        for (i = 0; i < (size_t)T * (size_t)D; i++) out[i] += s->yg[i];
    }
}

/* x[0..T) += residual_scale * Mixer(RMSNorm(x)), then += residual_scale * FFN(RMSNorm(x)), for one
   layer: whichever parts it has. recurrent = 1 uses the step recurrences: then T == 1, or T rows
   of T different sequences whose states are batch[0..T) (s only lends its buffers). */
static void m2__layer_forward(m2_session *s, int layer, int T, int recurrent, m2_session *const *batch, int parts) {
    const m2_config *c = &s->model->cfg;
    const m2__layer *Ly = &s->model->layers[layer];
    size_t i, n = (size_t)T * (size_t)c->d_model;
    float rs = c->residual_scale;
    if (Ly->mixer != M2_MIXER_NONE && (parts & M2__PART_MIXER)) {
        m2__norm_rows(s, Ly, Ly->norm, T);
        if (Ly->mixer == M2_MIXER_MAMBA2 || Ly->mixer == M2_MIXER_PARALLEL) m2__mamba2_mixer(s, layer, T, recurrent, batch, s->ya);
        if (Ly->mixer == M2_MIXER_MAMBA1) m2__mamba1_mixer(s, layer, T, recurrent, batch, s->ya);
        if (Ly->mixer == M2_MIXER_ATTENTION) m2__attention(s, Ly, T, recurrent, batch, s->ya);
        if (Ly->mixer == M2_MIXER_PARALLEL) { /* Falcon-H1: x + (mixer + attention) */
            m2__attention(s, Ly, T, recurrent, batch, s->yb);
            for (i = 0; i < n; i++) s->ya[i] += s->yb[i];
        }
        for (i = 0; i < n; i++) s->x[i] += rs * s->ya[i];
    }
    if (Ly->ffn != M2_FFN_NONE && (parts & M2__PART_FFN)) {
        m2__norm_rows(s, Ly, Ly->ffn_norm, T);
        if (Ly->ffn == M2_FFN_DENSE)
            m2__mlp(s, c->ffn_act == M2_FFN_ACT_SWIGLU ? &Ly->w_gate : NULL, Ly->b_gate, &Ly->w_up, Ly->b_up, &Ly->w_down, Ly->b_down, s->xn, T, s->ya, !recurrent);
        else
            m2__moe(s, Ly, T, s->ya, !recurrent);
        for (i = 0; i < n; i++) s->x[i] += rs * s->ya[i];
    }
}

/* What a session of this level calls (m2__kernels_for) */
static const m2__kernels M2__KNAME(m2__ktable) = {M2__KISA, M2__ISA_COL(M2__KISA, M2__ISA_NAME), m2__layer_forward, m2__matmul_ex, m2__row_to_f32, m2__rmsnorm};

/* Nothing of a pass outlives it but its renamed functions and its table. */
#undef M2_VF
#undef M2_VADD
#undef M2__FMA_X4
#undef M2_VFMA
#undef M2_VLOAD
#undef M2_VLOAD_BF16
#undef M2_VLOAD_F16
#undef M2_VLOAD_I8
#undef M2_VMUL
#undef M2_VSET1
#undef M2_VSTORE
#undef M2_VSUM
#undef M2_VW
#undef M2_VZERO
#undef M2__BCAST_LAST
#undef M2__BCAST_PAIR
#undef M2__BF16DOT
#undef M2__BF16_MR
#undef M2__BF16_ROW
#undef M2__BF16_STEP
#undef M2__BF16_TB
#undef M2__EXP_SCALE
#undef M2__HALF_AWAY
#undef M2__IDOT
#undef M2__IDOT_Q8_0
#undef M2__IK
#undef M2__KB
#undef M2__MT
#undef M2__NN_LOAD
#undef M2__NN_MR
#undef M2__NN_ROW
#undef M2__NN_STORE
#undef M2__NR
#undef M2__PAIRS
#undef M2__Q6_SUB
#undef M2__Q8DOT
#undef M2__Q8_AMAX_MIN
#undef M2__Q8_FINISH
#undef M2__Q8_MR
#undef M2__Q8_ROW
#undef M2__ROUND
#undef M2__SIMD
#undef M2__TGROUP
#undef M2__TMR
#undef M2__PACK_KW
#undef M2__TPAD
#undef M2__TTB
#undef M2__VDIV
#undef M2__VEXP
#undef M2__VMAX
#undef M2__VMIN
#undef M2__BLOCK_SCALE
#undef M2__DQ
#undef M2__K_AVX512
#undef M2__K_AVX2
#undef M2__K_AVX
#undef M2__K_F16C
#undef M2__K_BF16
#undef M2__K_VNNI
#undef M2__K_NEON
#undef M2__K_WASM
#undef M2__KISA
#undef M2__KSFX
#undef M2__KEXTRA_F16C
#endif /* the kernel section */

#ifdef M2__MAIN_PASS /* the rest once, then the kernel section again per higher level (>>dispatch) */
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
/* The options with defaults filled in, checked; and the bytes the session will allocate. */
static m2_result m2__session_plan(const m2_model *model, const m2_session_opts *opts, m2_session_opts *o, uint64_t *sz, uint64_t *total) {
    const m2_config *c = &model->cfg;
    const m2__kernels *kernels;
    memset(o, 0, sizeof *o);
    if (opts) *o = *opts;
    if (o->n_threads < 0 || o->chunk_size < 0 || o->history < 0 || o->chunk_size > M2__MAX_CHUNK || o->history > (1 << 20) ||
        o->cancellable_steps < 0 || o->cancellable_steps > 1 || o->f32_activations < 0 || o->f32_activations > 1 ||
        o->n_ctx < 0 || o->n_ctx > M2__MAX_CTX) return M2_ERR_INVALID_ARGUMENT;
    if (!o->alloc.alloc && !o->alloc.free && !o->alloc.user) o->alloc = model->alloc;
    if ((o->alloc.alloc == NULL) != (o->alloc.free == NULL)) return M2_ERR_INVALID_ARGUMENT;
    if (o->n_threads == 0) {
#ifdef M2__OPENMP
        o->n_threads = o->parallel_for ? 1 : omp_get_max_threads();
#else
        o->n_threads = 1;
#endif
    }
    kernels = o->isa < 0 ? NULL : m2__kernels_for(o->isa);
    if (!kernels) return M2_ERR_UNSUPPORTED;
    o->isa = kernels->isa; /* 0 resolved to the level chosen */
    if (o->chunk_size == 0) o->chunk_size = M2__DEFAULT_CHUNK;
    if (o->history == 0) o->history = 256;
    if (!model->n_kv_layers) o->n_ctx = 0; /* nothing grows with the sequence */
    else if (o->n_ctx == 0) o->n_ctx = c->n_ctx_train > 0 && c->n_ctx_train < M2_DEFAULT_CTX ? c->n_ctx_train : M2_DEFAULT_CTX;
    *total = m2__session_bytes(model, o->chunk_size, o->history, o->cancellable_steps, o->n_ctx, sz);
    if (*total + 64u > (uint64_t)(size_t)-1) return M2_ERR_OUT_OF_MEMORY;
    return M2_OK;
}

MAMBA2_API m2_result m2_session_create(m2_session **out, const m2_model *model, const m2_session_opts *opts) {
    m2_session_opts o;
    m2_session *s;
    uint64_t total = 0, sz[M2__N_BUFFERS];
    unsigned char *mem;
    m2_result r;
    const m2_config *c;
    if (!out || !model) return M2_ERR_INVALID_ARGUMENT;
    if ((r = m2__session_plan(model, opts, &o, sz, &total)) != M2_OK) return r;
    c = &model->cfg;
    /* every buffer of the session, sized once (m2__session_plan): nothing is allocated after this */
    s = (m2_session *)m2__calloc(&o.alloc, 1, sizeof *s);
    if (!s) return M2_ERR_OUT_OF_MEMORY;
    s->block = m2__alloc(&o.alloc, (size_t)total + 64u);
    if (!s->block) { m2__free(&o.alloc, s); return M2_ERR_OUT_OF_MEMORY; }
    mem = (unsigned char *)(((uintptr_t)s->block + 63u) & ~(uintptr_t)63u);
    /* every buffer zeroed but the KV cache: nothing reads a position before it is written, and
       leaving it alone leaves its pages untouched until the context reaches them (zeroing the
       8k-token cache of a 0.5B hybrid, 300 MB, had cost more than the first 128 tokens' prefill) */
#define M2__TAKE(name, type, count) s->name = sz[M2__BUF_##name] ? (type *)(void *)mem : NULL; \
    if (M2__BUF_##name != M2__BUF_kv) memset(mem, 0, (size_t)sz[M2__BUF_##name]); \
    mem += (size_t)sz[M2__BUF_##name];
    M2__SESSION_BUFFERS(M2__TAKE)
#undef M2__TAKE
    s->model = model;
    s->opts = o;
    s->chunk = o.chunk_size;
    s->rows = m2__block_rows(o.chunk_size);
    s->n_ctx = o.n_ctx;
    s->ssd_per_head = (size_t)o.chunk_size * (size_t)o.chunk_size + 2u * (size_t)o.chunk_size * (size_t)c->headdim + (size_t)c->d_state * (size_t)c->headdim;
    s->step_next = -1;
    s->par_min_work = M2__PARALLEL_MIN_WORK;
    s->par_credit = M2__PAR_CREDIT_MAX; /* as if splitting paid: an idle machine splits from the first loop */
    s->par_backoff = M2__PAR_BACKOFF_MIN;
    s->kern = m2__kernels_for(o.isa);
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

typedef struct m2__counter { m2_allocator inner; uint64_t bytes; } m2__counter;
static void *m2__count_alloc(size_t size, void *user) {
    m2__counter *c = (m2__counter *)user;
    size_t *p = (size_t *)m2__alloc(&c->inner, size + 16);
    if (!p) return NULL;
    p[0] = size;
    c->bytes += size;
    return (unsigned char *)p + 16;
}
static void m2__count_free(void *ptr, void *user) {
    m2__counter *c = (m2__counter *)user;
    size_t *p = (size_t *)(void *)((unsigned char *)ptr - 16);
    c->bytes -= p[0]; /* live bytes, not all ever allocated */
    m2__free(&c->inner, p);
}

/* The part both queries share: size a session of m and fill info. Closes m. */
static m2_result m2__memory_report(m2_model *m, uint64_t model_heap, const m2_session_opts *opts, m2_memory_info *info,
                                   char *err, size_t err_size) {
    m2_session_opts so;
    uint64_t sz[M2__N_BUFFERS], total;
    m2_result r;
    /* the session is sized, not allocated: asking about a huge one must not need the memory */
    if ((r = m2__session_plan(m, opts, &so, sz, &total)) != M2_OK) {
        m2__set_err(err, err_size, r == M2_ERR_INVALID_ARGUMENT ? "the session options are invalid" : "the session would not fit in the address space");
        m2_model_close(m);
        return r;
    }
    info->file_bytes = m->size;
    info->model_heap = model_heap;
    info->session_bytes = (uint64_t)sizeof(m2_session) + total + 64u; /* what m2_session_create allocates */
    m2_model_close(m);
    return M2_OK;
}

static void m2__counting_opts(m2_model_opts *mo, m2__counter *counter, const m2_session_opts *opts) {
    memset(counter, 0, sizeof *counter);
    memset(mo, 0, sizeof *mo);
    if (opts) counter->inner = opts->alloc;
    mo->alloc.alloc = m2__count_alloc;
    mo->alloc.free = m2__count_free;
    mo->alloc.user = counter;
}

MAMBA2_API m2_result m2_memory_query(const void *data, size_t size, const m2_session_opts *opts, m2_memory_info *info, char *err, size_t err_size) {
    m2__counter counter;
    m2_model_opts mo;
    m2_model *m;
    m2_result r;
    if (!info) return M2_ERR_INVALID_ARGUMENT;
    m2__counting_opts(&mo, &counter, opts);
    if ((r = m2_model_open_memory(&m, data, size, &mo, err, err_size)) != M2_OK) return r;
    return m2__memory_report(m, counter.bytes, opts, info, err, err_size);
}

#ifndef MAMBA2_NO_STDIO
MAMBA2_API m2_result m2_memory_query_file(const char *path, const m2_session_opts *opts, m2_memory_info *info, char *err, size_t err_size) {
    m2__counter counter;
    m2_model_opts mo;
    m2_model *m;
    m2_result r;
    if (!info || !path) return M2_ERR_INVALID_ARGUMENT;
    m2__counting_opts(&mo, &counter, opts);
    if ((r = m2_model_open(&m, path, &mo, err, err_size)) != M2_OK) return r;
    /* a read-in copy of the file is the file's bytes, not the loader's (m2_model_open: size + 64) */
    return m2__memory_report(m, counter.bytes - (m->owned ? (uint64_t)m->size + 64u : 0u), opts, info, err, err_size);
}
#endif

MAMBA2_API const m2_session_opts *m2_session_options(const m2_session *s) { return s ? &s->opts : NULL; }
MAMBA2_API const char *m2_session_error(const m2_session *s) { return s ? s->err : "NULL session"; }
MAMBA2_API uint64_t m2_session_position(const m2_session *s) { return s ? s->pos : 0; }
MAMBA2_API const float *m2_session_logits(const m2_session *s) { return s && s->has_logits ? s->logits : NULL; }

MAMBA2_API void m2_session_reset(m2_session *s) {
    const m2_config *c;
    if (!s) return;
    (void)c;
    if (s->ssm) memset(s->ssm, 0, s->model->ssm_floats * sizeof(float));
    if (s->conv) memset(s->conv, 0, s->model->conv_floats * sizeof(float));
    s->pos = 0; /* the KV caches need no clearing: nothing reads past the position */
    s->has_logits = 0;
    s->hist_len = s->hist_head = 0;
    s->step_next = -1;
    s->err[0] = 0;
}

static m2_result m2__check_ids(m2_session *s, const int32_t *ids, size_t n) {
    size_t i;
    int V = s->model->cfg.vocab_rows;
    for (i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= V) return m2__fail(s, M2_ERR_TOKEN_RANGE, "token id %ld at position %lu is outside [0, %d)", (long)ids[i], (unsigned long)i, V);
    return M2_OK;
}

/* The session (or, for m2_step_batch, each of n sessions) must have room for n more tokens in its
   KV caches. */
static m2_result m2__check_room(m2_session *s, size_t n) {
    if (s->n_ctx && s->pos + (uint64_t)n > (uint64_t)s->n_ctx)
        return m2__fail(s, M2_ERR_CONTEXT_FULL, "the context is full: %lu tokens held, %lu more do not fit in n_ctx = %d",
                        (unsigned long)s->pos, (unsigned long)n, s->n_ctx);
    return M2_OK;
}

static void m2__embed(m2_session *s, const int32_t *ids, int T) {
    const m2_config *c = &s->model->cfg;
    int t, D = c->d_model;
    for (t = 0; t < T; t++) s->kern->row_to_f32(&s->model->embedding, ids[t], s->x + (size_t)t * (size_t)D);
    if (c->embed_scale != 1.0f) {
        size_t i;
        for (i = 0; i < (size_t)T * (size_t)D; i++) s->x[i] *= c->embed_scale;
    }
}

/* logits = (RMSNorm(x) @ lm_head^T) * logit_scale: rows of xn (ldx D) into y (ldy), vocabulary rows
   [v0, v0 + rows). */
static void m2__lm_head(m2_session *s, const float *xn, int T, float *y, int ldy, int v0, int rows, int prefill) {
    const m2_config *c = &s->model->cfg;
    m2__mat part = s->model->lm_head;
    part.data = (const unsigned char *)part.data + (size_t)v0 * part.row_bytes;
    part.rows = rows;
    s->kern->matmul(s, &part, NULL, xn, c->d_model, T, y, ldy, prefill);
    if (c->logit_scale != 1.0f) {
        int t, v;
        for (t = 0; t < T; t++)
            for (v = 0; v < rows; v++) y[(size_t)t * (size_t)ldy + (size_t)v] *= c->logit_scale;
    }
}

/* final norm of rows [0, T) into xn */
static void m2__final_norm(m2_session *s, int T) {
    const m2_config *c = &s->model->cfg;
    int t, D = c->d_model;
    for (t = 0; t < T; t++) s->kern->rmsnorm(s->xn + (size_t)t * (size_t)D, s->x + (size_t)t * (size_t)D, s->model->norm_f, D, c->norm_eps);
}

static m2_result m2__prefill(m2_session *s, const int32_t *ids, size_t n, float *logits, m2_logits_fn fn, void *user) {
    const m2_config *c;
    size_t start;
    int V, D, layer, t;
    m2_result r;
    if (!s || (!ids && n)) return M2_ERR_INVALID_ARGUMENT;
    s->err[0] = 0;
    M2__REFUSE_IF_BUSY(s);
    c = &s->model->cfg;
    V = c->vocab_rows;
    D = c->d_model;
    if ((r = m2__check_ids(s, ids, n)) != M2_OK) return r;
    if ((r = m2__check_room(s, n)) != M2_OK) return r;
    for (start = 0; start < n; start += (size_t)s->rows) {
        int T = n - start < (size_t)s->rows ? (int)(n - start) : s->rows;
        int last_block = start + (size_t)T == n;
        m2__embed(s, ids + start, T);
        for (layer = 0; layer < c->n_layer; layer++) s->kern->layer_forward(s, layer, T, 0, NULL, M2__PART_ALL);
        m2__final_norm(s, T);
        /* the state now holds the whole chunk: the position and history say so, whatever follows */
        s->pos += (uint64_t)T;
        m2__push_history(s, ids + start, (size_t)T);
        if (logits) {
            float *rows = logits + start * (size_t)V;
            m2__lm_head(s, s->xn, T, rows, V, 0, V, 1);
            memcpy(s->logits, rows + (size_t)(T - 1) * (size_t)V, (size_t)V * 4u);
            s->has_logits = 1;
            if (!m2__all_finite(rows, (size_t)T * (size_t)V))
                return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at positions %lu..%lu", (unsigned long)start, (unsigned long)(start + (size_t)T - 1));
        } else if (fn) {
            for (t = 0; t < T; t++) {
                m2__lm_head(s, s->xn + (size_t)t * (size_t)D, 1, s->logits, V, 0, V, 0);
                s->has_logits = t == T - 1; /* the logits of the last token consumed, or none */
                if (!m2__all_finite(s->logits, (size_t)V)) return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at position %lu", (unsigned long)(start + (size_t)t));
                if (fn(user, (uint64_t)(s->pos - (uint64_t)T + (uint64_t)t), s->logits, V))
                    return m2__fail(s, M2_ERR_CANCELLED, "prefill cancelled by the callback at position %lu (the session holds the prompt up to %lu)",
                                    (unsigned long)(s->pos - (uint64_t)T + (uint64_t)t), (unsigned long)s->pos);
            }
        } else if (last_block) {
            m2__lm_head(s, s->xn + (size_t)(T - 1) * (size_t)D, 1, s->logits, V, 0, V, 0);
            s->has_logits = 1;
            if (!m2__all_finite(s->logits, (size_t)V)) return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits after the prompt");
        } else {
            s->has_logits = 0; /* not computed for this chunk: only the prompt's last logits are */
        }
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

/* After the last layer of a step: final norm, lm_head, bookkeeping. */
static m2_result m2__step_finish(m2_session *s, int32_t id) {
    const m2_config *c = &s->model->cfg;
    m2__final_norm(s, 1);
    m2__lm_head(s, s->xn, 1, s->logits, c->vocab_rows, 0, c->vocab_rows, 0);
    s->pos++;
    m2__push_history(s, &id, 1);
    s->has_logits = 1;
    if (!m2__all_finite(s->logits, (size_t)c->vocab_rows)) return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at position %lu", (unsigned long)(s->pos - 1));
    return M2_OK;
}

MAMBA2_API m2_result m2_step(m2_session *s, int32_t id) {
    const m2_config *c;
    int layer;
    m2_result r;
    if (!s) return M2_ERR_INVALID_ARGUMENT;
    s->err[0] = 0;
    M2__REFUSE_IF_BUSY(s);
    c = &s->model->cfg;
    if ((r = m2__check_ids(s, &id, 1)) != M2_OK) return r;
    if ((r = m2__check_room(s, 1)) != M2_OK) return r;
    m2__embed(s, &id, 1);
    for (layer = 0; layer < c->n_layer; layer++) s->kern->layer_forward(s, layer, 1, 1, NULL, M2__PART_ALL);
    return m2__step_finish(s, id);
}

/* ---- budgeted stepping: the same step, a few layers per call ---- */
/* Layer l's recurrent state to or from the step backup (which mirrors ssm, then conv). */
static void m2__backup_layer(m2_session *s, int l, int restore) {
    const m2__layer *Ly = &s->model->layers[l];
    /* a state of size 0 may have no buffer at all: no offset from NULL, no memcpy of it */
    if (Ly->ssm_n) {
        float *live = s->ssm + Ly->ssm_off, *saved = s->step_backup + Ly->ssm_off;
        memcpy(restore ? live : saved, restore ? saved : live, Ly->ssm_n * sizeof(float));
    }
    if (Ly->conv_n) {
        float *live = s->conv + Ly->conv_off, *saved = s->step_backup + s->model->ssm_floats + Ly->conv_off;
        memcpy(restore ? live : saved, restore ? saved : live, Ly->conv_n * sizeof(float));
    }
}

MAMBA2_API m2_result m2_step_begin(m2_session *s, int32_t id) {
    m2_result r;
    if (!s) return M2_ERR_INVALID_ARGUMENT;
    s->err[0] = 0;
    M2__REFUSE_IF_BUSY(s);
    if ((r = m2__check_ids(s, &id, 1)) != M2_OK) return r;
    if ((r = m2__check_room(s, 1)) != M2_OK) return r;
    m2__embed(s, &id, 1);
    s->step_id = id;
    s->step_next = 0;
    return M2_OK;
}

/* The lm_head is the heaviest matrix of a step (for 130m: as heavy as 8 layers together), so a
   sliced step runs it as several units of this many vocabulary rows. */
#define M2__LM_UNIT_ROWS 8192

MAMBA2_API m2_result m2_step_run(m2_session *s, int max_units, int *done) {
    const m2_config *c;
    int unit, lm_units;
    if (!s || max_units < 1) return M2_ERR_INVALID_ARGUMENT;
    if (done) *done = 0;
    if (!M2__BUSY(s)) return m2__fail(s, M2_ERR_INVALID_ARGUMENT, "m2_step_run: no step begun (m2_step_begin)");
    c = &s->model->cfg;
    lm_units = (c->vocab_rows + M2__LM_UNIT_ROWS - 1) / M2__LM_UNIT_ROWS;
    for (unit = 0; unit < max_units; unit++) {
        int u = s->step_next, n_units = s->model->n_units;
        if (u < n_units) { /* a layer's mixer or its FFN */
            int layer = s->model->units[u] >> 2, part = s->model->units[u] & 3;
            /* so that m2_step_cancel can put the layer back (a KV cache row past the position is
               never read, so attention needs no backup) */
            if (s->step_backup && part == M2__PART_MIXER) m2__backup_layer(s, layer, 0);
            s->kern->layer_forward(s, layer, 1, 1, NULL, part);
            if (u == n_units - 1) m2__final_norm(s, 1);
        } else { /* a block of lm_head rows: the same dot products m2_step computes */
            int v0 = (u - n_units) * M2__LM_UNIT_ROWS, rows = c->vocab_rows - v0 < M2__LM_UNIT_ROWS ? c->vocab_rows - v0 : M2__LM_UNIT_ROWS;
            /* into the sampler's scratch (m2_sample is refused while a step is in progress): the
               last logits stay as they were until the step completes, or for good if cancelled */
            m2__lm_head(s, s->xn, 1, s->probs + v0, rows, v0, rows, 0);
            if (u == n_units + lm_units - 1) {
                int32_t id = s->step_id;
                memcpy(s->logits, s->probs, (size_t)c->vocab_rows * 4u);
                s->step_next = -1;
                s->pos++;
                m2__push_history(s, &id, 1);
                s->has_logits = 1;
                if (done) *done = 1;
                if (!m2__all_finite(s->logits, (size_t)c->vocab_rows))
                    return m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at position %lu", (unsigned long)(s->pos - 1));
                return M2_OK;
            }
        }
        s->step_next++;
    }
    return M2_OK;
}

MAMBA2_API m2_result m2_step_cancel(m2_session *s) {
    const m2_config *c;
    int l;
    if (!s) return M2_ERR_INVALID_ARGUMENT;
    if (!M2__BUSY(s)) return M2_OK;
    c = &s->model->cfg;
    if (s->step_next > 0 && !s->step_backup)
        return m2__fail(s, M2_ERR_UNSUPPORTED, "m2_step_cancel after layers ran needs m2_session_opts.cancellable_steps");
    (void)c;
    for (l = 0; l < s->step_next && l < s->model->n_units; l++) /* (units past n_units are lm_head blocks) */
        if ((s->model->units[l] & 3) == M2__PART_MIXER) m2__backup_layer(s, s->model->units[l] >> 2, 1);
    s->step_next = -1;
    return M2_OK;
}

/* ---- many sessions, one model: one token each, every weight read once for all of them ---- */
MAMBA2_API m2_result m2_step_batch(m2_session *const *sessions, const int32_t *ids, int n) {
    m2_session *lead;
    const m2_config *c;
    int i, k, layer, V, D;
    m2_result r = M2_OK;
    if (!sessions || !ids || n < 1 || !sessions[0]) return M2_ERR_INVALID_ARGUMENT;
    lead = sessions[0];
    lead->err[0] = 0;
    if (n > lead->chunk) return m2__fail(lead, M2_ERR_INVALID_ARGUMENT, "m2_step_batch: %d sessions, more than the first one's chunk length %d", n, lead->chunk);
    for (i = 0; i < n; i++) {
        if (!sessions[i] || sessions[i]->model != lead->model) return m2__fail(lead, M2_ERR_INVALID_ARGUMENT, "m2_step_batch: session %d is NULL or of another model", i);
        if (M2__BUSY(sessions[i])) return m2__fail(lead, M2_ERR_INVALID_ARGUMENT, "m2_step_batch: session %d has a sliced step in progress", i);
        for (k = 0; k < i; k++)
            if (sessions[k] == sessions[i]) return m2__fail(lead, M2_ERR_INVALID_ARGUMENT, "m2_step_batch: session %d appears twice", i);
        if (sessions[i]->n_ctx && sessions[i]->pos >= (uint64_t)sessions[i]->n_ctx)
            return m2__fail(lead, M2_ERR_CONTEXT_FULL, "m2_step_batch: session %d's context (n_ctx = %d) is full", i, sessions[i]->n_ctx);
    }
    if ((r = m2__check_ids(lead, ids, (size_t)n)) != M2_OK) return r;
    c = &lead->model->cfg;
    V = c->vocab_rows;
    D = c->d_model;
    m2__embed(lead, ids, n);
    for (layer = 0; layer < c->n_layer; layer++) lead->kern->layer_forward(lead, layer, n, 1, sessions, M2__PART_ALL);
    m2__final_norm(lead, n);
    {   /* lm_head for all rows, a block of vocabulary rows at a time through the lead's largest
           chunk buffer (zx of the Mamba-2 layers, or the FFN's) */
        float *buf = lead->zx;
        size_t cap = lead->zx ? (size_t)lead->chunk * (size_t)c->d_in_proj : 0;
        int block, v0;
        if (lead->hu && (size_t)lead->chunk * (size_t)lead->model->cfg.d_ff >= cap) { buf = lead->hu; cap = (size_t)lead->chunk * (size_t)c->d_ff; }
        if (lead->qkv && (size_t)lead->chunk * lead->model->max_qkv > cap) { buf = lead->qkv; cap = (size_t)lead->chunk * lead->model->max_qkv; }
        if ((size_t)lead->chunk * (size_t)D > cap) { buf = lead->ya; cap = (size_t)lead->chunk * (size_t)D; }
        block = (int)(cap / (size_t)n) / 32 * 32; /* whole panels at every level */
        if (block < 32) block = 32;
        (void)D;
        for (v0 = 0; v0 < V; v0 += block) {
            int rows = V - v0 < block ? V - v0 : block;
            m2__lm_head(lead, lead->xn, n, buf, rows, v0, rows, 0);
            for (i = 0; i < n; i++) memcpy(sessions[i]->logits + v0, buf + (size_t)i * (size_t)rows, (size_t)rows * 4);
        }
    }
    for (i = 0; i < n; i++) {
        m2_session *s = sessions[i];
        s->pos++;
        m2__push_history(s, &ids[i], 1);
        s->has_logits = 1;
        if (!m2__all_finite(s->logits, (size_t)V)) r = m2__fail(s, M2_ERR_NUMERIC, "NaN or Inf in the logits at position %lu", (unsigned long)(s->pos - 1));
    }
    if (r != M2_OK) m2__fail(lead, r, "m2_step_batch: NaN or Inf in a session's logits");
    return r;
}

/* ---- copies ---- */
MAMBA2_API m2_result m2_session_copy(m2_session *dst, const m2_session *src) {
    const m2_config *c;
    if (!dst || !src) return M2_ERR_INVALID_ARGUMENT;
    if (dst->model != src->model) return m2__fail(dst, M2_ERR_STATE_MISMATCH, "m2_session_copy: the sessions belong to different models");
    if (dst->opts.history != src->opts.history) return m2__fail(dst, M2_ERR_INVALID_ARGUMENT, "m2_session_copy: the sessions keep different history lengths");
    if (M2__BUSY(src) || M2__BUSY(dst)) return m2__fail(dst, M2_ERR_INVALID_ARGUMENT, "m2_session_copy: a sliced step is in progress");
    if (dst == src) return M2_OK;
    c = &src->model->cfg;
    if (dst->n_ctx && src->pos > (uint64_t)dst->n_ctx)
        return m2__fail(dst, M2_ERR_CONTEXT_FULL, "m2_session_copy: %lu tokens do not fit in n_ctx = %d", (unsigned long)src->pos, dst->n_ctx);
    if (src->ssm) memcpy(dst->ssm, src->ssm, src->model->ssm_floats * sizeof(float));
    if (src->conv) memcpy(dst->conv, src->conv, src->model->conv_floats * sizeof(float));
    {   /* the filled part of each KV cache (the sessions may have different n_ctx) */
        int l, half, g;
        for (l = 0; l < c->n_layer; l++) {
            const m2__layer *Ly = &src->model->layers[l];
            if (Ly->kv_index < 0) continue;
            for (half = 0; half < 2; half++)
                for (g = 0; g < c->n_kv_head; g++)
                    memcpy(m2__kv_head(dst, Ly, half, g), m2__kv_head(src, Ly, half, g), (size_t)src->pos * (size_t)c->head_dim * sizeof(float));
        }
    }
    memcpy(dst->hist, src->hist, (size_t)src->opts.history * 4);
    dst->hist_len = src->hist_len;
    dst->hist_head = src->hist_head;
    dst->pos = src->pos;
    dst->has_logits = src->has_logits;
    if (src->has_logits) memcpy(dst->logits, src->logits, (size_t)c->vocab_rows * 4);
    dst->err[0] = 0;
    return M2_OK;
}

MAMBA2_API m2_result m2_session_fork(m2_session **out, const m2_session *src) {
    m2_session *s;
    m2_result r;
    if (!out || !src) return M2_ERR_INVALID_ARGUMENT;
    if ((r = m2_session_create(&s, src->model, &src->opts)) != M2_OK) return r;
    if ((r = m2_session_copy(s, src)) != M2_OK) { m2_session_destroy(s); return r; }
    *out = s;
    return M2_OK;
}

/* ---- snapshots ----
   Layout (little-endian):
     "M2ST" | u32 version | u32 model meta_crc32 | u32 L, H, P, N, conv_dim, K-1, V, history |
     u64 position | u32 hist_len | u32 has_logits | u32 flags (M2_SNAPSHOT_F16) |
     version 2 only (models with attention): u32 attention layers, n_kv_head, head_dim, 0 |
     per layer with an SSM: ssm state then conv state, f32 or f16 |
     version 2: per attention layer the K rows then the V rows of positions [0, position), f32 or f16 |
     history ids oldest first (i32 x hist_len) | logits (V f32, if has_logits) | u64 m2__hash64 of
     everything before it.
   A model without attention writes version 1, byte for byte what earlier builds wrote. */
#define M2__SNAP_HEAD 64u
#define M2__SNAP_HEAD_V2 80u
/* X(offset, value, first version): the u32 fields that tie a snapshot to its model and session */
#define M2__SNAP_FIELDS(X, s, c) \
    X(8, (s)->model->meta_crc, 1) X(12, (c)->n_layer, 1) X(16, (c)->nheads, 1) X(20, (c)->headdim, 1) X(24, (c)->d_state, 1) \
    X(28, (c)->conv_dim, 1) X(32, (c)->d_conv - 1, 1) X(36, (c)->vocab_rows, 1) \
    X(64, (c)->n_attn_layers, 2) X(68, (c)->n_kv_head, 2) X(72, (c)->head_dim, 2)
static uint32_t m2__snap_version(const m2_session *s) { return s->model->n_kv_layers ? 2u : 1u; }
static uint64_t m2__snap_size(const m2_session *s, uint64_t pos, int hist_len, int has_logits, unsigned flags) {
    const m2_config *c = &s->model->cfg;
    uint64_t eb = (flags & M2_SNAPSHOT_F16) ? 2u : 4u, head = m2__snap_version(s) == 1 ? M2__SNAP_HEAD : M2__SNAP_HEAD_V2;
    uint64_t kv = (uint64_t)s->model->n_kv_layers * 2u * pos * (uint64_t)c->n_kv_head * (uint64_t)c->head_dim;
    return head + ((uint64_t)s->model->ssm_floats + (uint64_t)s->model->conv_floats + kv) * eb +
           4u * ((uint64_t)hist_len + (has_logits ? (uint64_t)c->vocab_rows : 0u)) + 8u;
}
MAMBA2_API size_t m2_session_state_size_ex(const m2_session *s, unsigned flags) {
    return s ? (size_t)m2__snap_size(s, s->pos, s->hist_len, s->has_logits, flags) : 0;
}
MAMBA2_API size_t m2_session_state_size(const m2_session *s) { return m2_session_state_size_ex(s, 0); }

/* f32 -> f16 bits, round to nearest even; beyond the f16 range it saturates at +-65504 rather than
   becoming infinite (a state must stay usable), NaN stays NaN. */
static uint16_t m2__f32_to_f16(float f) {
    uint32_t u, sign, mant;
    int e;
    memcpy(&u, &f, 4);
    sign = (u >> 16) & 0x8000u;
    if ((u & 0x7F800000u) == 0x7F800000u && (u & 0x7FFFFFu)) return (uint16_t)(sign | 0x7E00u);
    e = (int)((u >> 23) & 0xFF) - 127 + 15;
    mant = u & 0x7FFFFFu;
    if (e >= 31) return (uint16_t)(sign | 0x7BFFu);
    if (e <= 0) {
        uint32_t shift, half, r, rem;
        if (e < -10) return (uint16_t)sign;
        mant |= 0x800000u;
        shift = (uint32_t)(14 - e);
        half = 1u << (shift - 1);
        r = mant >> shift;
        rem = mant & ((1u << shift) - 1u);
        if (rem > half || (rem == half && (r & 1u))) r++;
        return (uint16_t)(sign | r);
    }
    {
        uint32_t r = ((uint32_t)e << 10) | (mant >> 13), rem = mant & 0x1FFFu;
        if (rem > 0x1000u || (rem == 0x1000u && (r & 1u))) r++;
        if ((r & 0x7FFFu) >= 0x7C00u) r = (r & 0x8000u) | 0x7BFFu; /* rounded up into infinity: saturate */
        return (uint16_t)(sign | r);
    }
}

static unsigned char *m2__put_state(unsigned char *dst, const float *src, size_t n, int f16) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (f16) {
            uint16_t h = m2__f32_to_f16(src[i]);
            dst[0] = (unsigned char)h; dst[1] = (unsigned char)(h >> 8);
            dst += 2;
        } else {
            uint32_t u;
            memcpy(&u, &src[i], 4);
            m2__wr32(dst, u);
            dst += 4;
        }
    }
    return dst;
}
static const unsigned char *m2__get_state(float *dst, const unsigned char *src, size_t n, int f16) {
    size_t i;
    for (i = 0; i < n; i++) {
        if (f16) {
            dst[i] = m2__f16_to_f32((uint16_t)(src[0] | (src[1] << 8)));
            src += 2;
        } else {
            uint32_t u = m2__rd32(src);
            memcpy(&dst[i], &u, 4);
            src += 4;
        }
    }
    return src;
}

/* Every state of the session, in snapshot order, to (save) or from (load) p. */
static unsigned char *m2__snap_states(m2_session *s, unsigned char *p, uint64_t pos, int f16, int load) {
    const m2_config *c = &s->model->cfg;
    size_t hd = (size_t)c->head_dim;
    uint64_t t;
    int l, half, g;
#define M2__SNAP_IO(ptr, n) (load ? (unsigned char *)(uintptr_t)m2__get_state((ptr), p, (n), f16) : m2__put_state(p, (ptr), (n), f16))
    for (l = 0; l < c->n_layer; l++) {
        const m2__layer *Ly = &s->model->layers[l];
        /* a state of size 0 may have no buffer at all (a width-1 conv, a model without SSM layers) */
        if (Ly->ssm_n) p = M2__SNAP_IO(s->ssm + Ly->ssm_off, Ly->ssm_n);
        if (Ly->conv_n) p = M2__SNAP_IO(s->conv + Ly->conv_off, Ly->conv_n);
    }
    /* a layer's filled K, then V, position by position (each the n_kv_head heads in turn), whatever
       the cache's own order */
    for (l = 0; l < c->n_layer; l++)
        if (s->model->layers[l].kv_index >= 0)
            for (half = 0; half < 2; half++)
                for (t = 0; t < pos; t++)
                    for (g = 0; g < c->n_kv_head; g++) p = M2__SNAP_IO(m2__kv_head(s, &s->model->layers[l], half, g) + (size_t)t * hd, hd);
#undef M2__SNAP_IO
    return p;
}

MAMBA2_API m2_result m2_session_save_ex(m2_session *s, void *buf, size_t size, unsigned flags) {
    const m2_config *c;
    unsigned char *p = (unsigned char *)buf;
    size_t need, i;
    uint32_t version;
    if (!s || !buf) return M2_ERR_INVALID_ARGUMENT;
    if (flags & ~(unsigned)M2_SNAPSHOT_F16) return m2__fail(s, M2_ERR_INVALID_ARGUMENT, "m2_session_save: unknown flags 0x%x", flags);
    M2__REFUSE_IF_BUSY(s);
    c = &s->model->cfg;
    need = m2_session_state_size_ex(s, flags);
    if (size < need) return m2__fail(s, M2_ERR_BUFFER_TOO_SMALL, "snapshot needs %lu bytes, buffer has %lu", (unsigned long)need, (unsigned long)size);
    version = m2__snap_version(s);
    memset(p, 0, version == 1 ? M2__SNAP_HEAD : M2__SNAP_HEAD_V2);
    memcpy(p, "M2ST", 4);
    m2__wr32(p + 4, version);
#define M2__SNAP_PUT(off, value, since) if (version >= (since)) m2__wr32(p + (off), (uint32_t)(value));
    M2__SNAP_FIELDS(M2__SNAP_PUT, s, c)
#undef M2__SNAP_PUT
    m2__wr32(p + 40, (uint32_t)s->opts.history);
    m2__wr64(p + 44, s->pos);
    m2__wr32(p + 52, (uint32_t)s->hist_len);
    m2__wr32(p + 56, (uint32_t)s->has_logits);
    m2__wr32(p + 60, flags);
    p += version == 1 ? M2__SNAP_HEAD : M2__SNAP_HEAD_V2;
    p = m2__snap_states(s, p, s->pos, (flags & M2_SNAPSHOT_F16) != 0, 0);
    for (i = 0; i < (size_t)s->hist_len; i++) {
        int cap = s->opts.history;
        m2__wr32(p, (uint32_t)s->hist[(s->hist_head - s->hist_len + (int)i + cap) % cap]);
        p += 4;
    }
    if (s->has_logits) p = m2__put_state(p, s->logits, (size_t)c->vocab_rows, 0);
    m2__wr64(p, m2__hash64(buf, (size_t)(p - (unsigned char *)buf)));
    return M2_OK;
}
MAMBA2_API m2_result m2_session_save(m2_session *s, void *buf, size_t size) { return m2_session_save_ex(s, buf, size, 0); }

MAMBA2_API m2_result m2_session_load(m2_session *s, const void *buf, size_t size) {
    const m2_config *c;
    const unsigned char *p = (const unsigned char *)buf;
    uint32_t hist_len, flags, i, version;
    uint64_t pos, head;
    int has_logits, f16;
    if (!s || !buf) return M2_ERR_INVALID_ARGUMENT;
    M2__REFUSE_IF_BUSY(s);
    c = &s->model->cfg;
    version = m2__snap_version(s);
    head = version == 1 ? M2__SNAP_HEAD : M2__SNAP_HEAD_V2;
    if (size < M2__SNAP_HEAD + 8 || memcmp(p, "M2ST", 4) != 0) return m2__fail(s, M2_ERR_STATE_MISMATCH, "not a mamba2.h session snapshot");
    if (m2__rd32(p + 4) != 1 && m2__rd32(p + 4) != 2) return m2__fail(s, M2_ERR_VERSION, "snapshot version %u; this build reads versions 1 and 2", m2__rd32(p + 4));
    if (m2__rd32(p + 4) != version || size < head + 8) return m2__fail(s, M2_ERR_STATE_MISMATCH, "the snapshot was made with another model");
#define M2__SNAP_CHECK(off, value, since) if (version >= (since) && m2__rd32(p + (off)) != (uint32_t)(value)) \
        return m2__fail(s, M2_ERR_STATE_MISMATCH, "the snapshot was made with another model");
    M2__SNAP_FIELDS(M2__SNAP_CHECK, s, c)
#undef M2__SNAP_CHECK
    pos = m2__rd64(p + 44);
    hist_len = m2__rd32(p + 52);
    has_logits = m2__rd32(p + 56) == 1;
    flags = m2__rd32(p + 60);
    if (s->n_ctx && pos > (uint64_t)s->n_ctx)
        return m2__fail(s, M2_ERR_CONTEXT_FULL, "the snapshot holds %llu tokens, more than this session's n_ctx = %d", (unsigned long long)pos, s->n_ctx);
    if (m2__rd32(p + 56) > 1 || (flags & ~(uint32_t)M2_SNAPSHOT_F16) || hist_len > (uint32_t)s->opts.history ||
        size != m2__snap_size(s, pos, (int)hist_len, has_logits, flags))
        return m2__fail(s, M2_ERR_STATE_MISMATCH, "the snapshot is damaged or was made with another history length");
    if (m2__hash64(buf, size - 8) != m2__rd64(p + size - 8)) return m2__fail(s, M2_ERR_STATE_MISMATCH, "snapshot checksum mismatch");
    f16 = (flags & M2_SNAPSHOT_F16) != 0;
    {   /* the checksum only finds accidents: history ids index the sampler's arrays, so check them
           before anything changes (a refused snapshot leaves the session as it was) */
        const unsigned char *h = p + size - 8 - 4u * ((size_t)hist_len + (has_logits ? (size_t)c->vocab_rows : 0u));
        for (i = 0; i < hist_len; i++) {
            uint32_t id = m2__rd32(h + 4 * (size_t)i);
            if (id >= (uint32_t)c->vocab_rows)
                return m2__fail(s, M2_ERR_STATE_MISMATCH, "snapshot history holds token id %ld, outside [0, %d)", (long)(int32_t)id, c->vocab_rows);
        }
    }
    s->pos = pos;
    p = m2__snap_states(s, (unsigned char *)(uintptr_t)(p + head), pos, f16, 1);
    s->hist_len = 0;
    s->hist_head = 0;
    for (i = 0; i < hist_len; i++) {
        int32_t id = (int32_t)m2__rd32(p);
        m2__push_history(s, &id, 1);
        p += 4;
    }
    s->has_logits = has_logits;
    if (has_logits) m2__get_state(s->logits, p, (size_t)c->vocab_rows, 0);
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
    if (smp->opts.repeat_penalty > FLT_MAX) smp->opts.repeat_penalty = FLT_MAX; /* +inf */
    if (smp->opts.temperature > FLT_MAX) smp->opts.temperature = FLT_MAX;       /* +inf: -inf/inf would be NaN */
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

/* The nucleus of top-p alone: moves the smallest best-first set of c[0..n) whose weight reaches
   target to c[first..n) and returns first. Partitions around pivots as quickselect does, O(n)
   expected: a near-flat distribution (a random-weight or very uncertain model) keeps most of a
   50k vocabulary, which popped one by one from a heap took longer than the model's step.
   Returns -1 after too many rounds (adversarial logits); the caller then orders with the heap. */
static int m2__nucleus(const float *pr, int32_t *c, int n, double target) {
    int lo = 0, hi = n, rounds = 0; /* undecided: c[lo..hi); c[hi..n) is in the nucleus */
    double need = target;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2, a = lo, b = hi - 1, p, i, top;
        int32_t piv, t;
        double mass = 0.0;
        if (++rounds > 100) return -1;
        /* median of three as the pivot, moved to c[lo] */
        if (m2__cand_before(pr, c[a], c[mid])) { t = c[a]; c[a] = c[mid]; c[mid] = t; }
        if (m2__cand_before(pr, c[mid], c[b])) { t = c[mid]; c[mid] = c[b]; c[b] = t; }
        if (m2__cand_before(pr, c[a], c[mid])) { t = c[a]; c[a] = c[mid]; c[mid] = t; }
        t = c[lo]; c[lo] = c[mid]; c[mid] = t;
        piv = c[lo];
        /* better than the pivot to the top of the range: c[top..hi) */
        top = hi;
        for (i = hi - 1; i > lo; i--)
            if (m2__cand_before(pr, c[i], piv)) { top--; t = c[i]; c[i] = c[top]; c[top] = t; mass += pr[c[top]]; }
        /* the pivot just below them, the worse ones below it */
        p = top - 1;
        t = c[lo]; c[lo] = c[p]; c[p] = t;
        if (mass >= need) { lo = top; continue; }           /* the nucleus ends among the better ones */
        if (mass + pr[piv] >= need) return p;              /* ... exactly at the pivot */
        need -= mass + pr[piv];                            /* all of them are in; go on below */
        hi = p;
    }
    return lo;
}

/* ---- the sampler chain: each step a small function, tested against its definition ----
   m2_sample runs them in llama.cpp's order: penalties, bias and bans, (greedy: argmax), softmax at
   temperature, top-k (with top-p inside its set) or top-p alone, min-p, draw. Candidate lists are
   int32 ids into the weights pr[]; cand[first..n) are the ones kept. */

/* Clamp to the finite range: a finite logit stays finite through a penalty or a bias. */
static float m2__clamp_finite(float v) { return v > FLT_MAX ? FLT_MAX : v < -FLT_MAX ? -FLT_MAX : v; }

/* Repetition penalty (CTRL-style, as llama.cpp): each distinct token among the last `last`
   entries of the ring hist[cap] (newest at head - 1) is divided by `penalty` if positive,
   multiplied if not, once. */
static void m2__sample_penalties(float *pr, int nv, const int32_t *hist, int cap, int head, int last, float penalty) {
    int k, j;
    for (k = 0; k < last; k++) {
        int32_t t = hist[(head - 1 - k + 2 * cap) % cap];
        int seen = 0;
        for (j = 0; j < k && !seen; j++) seen = hist[(head - 1 - j + 2 * cap) % cap] == t;
        if (seen || t < 0 || t >= nv) continue; /* (ids were checked when they entered the history) */
        pr[t] = m2__clamp_finite(pr[t] > 0.0f ? pr[t] / penalty : pr[t] * penalty);
    }
}

/* Logit bias (added; NaN ignored; -INFINITY bans), then the banned ids set to -INFINITY. */
static void m2__sample_bias_bans(float *pr, int nv, const m2_sampler_opts *o) {
    int i;
    if (o->logit_bias)
        for (i = 0; i < o->n_logit_bias; i++) {
            int32_t t = o->logit_bias[i].id;
            float b = o->logit_bias[i].bias;
            if (t < 0 || t >= nv || b != b || pr[t] == -INFINITY) continue; /* NaN: no bias */
            if (b == -INFINITY) { pr[t] = -INFINITY; continue; }            /* a ban */
            pr[t] = m2__clamp_finite(pr[t] + b);
        }
    if (o->banned)
        for (i = 0; i < o->n_banned; i++)
            if (o->banned[i] >= 0 && o->banned[i] < nv) pr[o->banned[i]] = -INFINITY;
}

/* The first index of the largest value. */
static int m2__sample_argmax(const float *pr, int nv) {
    int i, best = 0;
    for (i = 1; i < nv; i++) if (pr[i] > pr[best]) best = i;
    return best;
}

/* Softmax at temperature, unnormalised: pr[i] = exp((pr[i] - maxv) / temp), so the best token
   weighs exp(0) = 1; returns the sum, accumulated in double. */
static double m2__sample_softmax(float *pr, int nv, float maxv, float temp) {
    double sum = 0.0;
    int i;
    for (i = 0; i < nv; i++) { pr[i] = expf((pr[i] - maxv) / temp); sum += pr[i]; }
    return sum;
}

/* cand[first..n) into best-first order (it is worst-first after the heap pops). */
static void m2__cand_reverse(int32_t *cand, int first, int n) {
    int i;
    for (i = 0; i < (n - first) / 2; i++) { int32_t t = cand[first + i]; cand[first + i] = cand[n - 1 - i]; cand[n - 1 - i] = t; }
}

/* Top-k over cand[0..n): the k best (m2__cand_before order), then, if top_p < 1, the shortest
   best-first prefix of them holding top_p of their own mass. Returns first; cand[first..n) best
   first. A heap gives the top k in O(n + k log n): no sort of the whole vocabulary. */
static int m2__sample_top_k(const float *pr, int32_t *cand, int n, int top_k, float top_p) {
    int end = n, want = top_k < n ? top_k : n, k, i, first;
    double mass = 0.0, k_mass = 0.0, target;
    for (i = n / 2 - 1; i >= 0; i--) m2__heap_sift(pr, cand, i, n);
    for (k = 0; k < want; k++) {
        int32_t top = cand[0];
        cand[0] = cand[end - 1]; cand[end - 1] = top;
        end--;
        m2__heap_sift(pr, cand, 0, end);
        k_mass += pr[top];
    }
    target = top_p < 1.0f ? top_p * k_mass : k_mass;
    /* cand[end..n) holds the top-k, worst first; walk it best first */
    for (k = n - 1; k >= end; k--) {
        mass += pr[cand[k]];
        if (mass >= target) break;
    }
    first = k < end ? end : k;
    m2__cand_reverse(cand, first, n);
    return first;
}

/* Top-p alone: the smallest best-first set of the nv weights (total `sum`) whose mass reaches
   top_p * sum, into cand[first..*n_out); returns first. A token below (1 - top_p) / (nv - 1) of the
   mass can never be in it, so only the others become candidates; then a selection (m2__nucleus,
   O(n)), or, if that gives up on adversarial weights, a heap popped best first. The kept set's
   order depends only on the weights. */
static int m2__sample_top_p(const float *pr, int nv, double sum, float top_p, int32_t *cand, int *n_out) {
    int n = 0, i, first;
    if (nv > 1) {
        float bound = (float)((1.0 - top_p) / (double)(nv - 1) * sum);
        for (i = 0; i < nv; i++) if (pr[i] >= bound) cand[n++] = i;
    } else {
        for (i = 0; i < nv; i++) cand[i] = i;
        n = nv;
    }
    *n_out = n;
    first = m2__nucleus(pr, cand, n, top_p * sum);
    if (first < 0) { /* ordered by a heap, best first */
        int end = n;
        double mass = 0.0, target = top_p * sum;
        for (i = n / 2 - 1; i >= 0; i--) m2__heap_sift(pr, cand, i, n);
        while (end > 0) {
            int32_t top = cand[0];
            cand[0] = cand[end - 1]; cand[end - 1] = top;
            end--;
            m2__heap_sift(pr, cand, 0, end);
            mass += pr[top];
            if (mass >= target) break;
        }
        first = end;
        m2__cand_reverse(cand, first, n);
    }
    return first;
}

/* Min-p: keep the candidates of cand[first..n) whose weight is at least min_p times the best
   token's (which is 1 after m2__sample_softmax), in their order. Returns the new n. */
static int m2__sample_min_p(const float *pr, int32_t *cand, int first, int n, float min_p) {
    int i, kept = first;
    for (i = first; i < n; i++) if (pr[cand[i]] >= min_p) cand[kept++] = cand[i];
    return kept;
}

/* The draw: u uniform in [0, 1) from the sampler's generator, r = u * (mass of cand[first..n)), and
   the first candidate, in list order, at which the running mass passes r. If rounding leaves r
   unspent, the last candidate with weight; `fallback` if none has any. n > first. */
static int32_t m2__sample_draw(const float *pr, const int32_t *cand, int first, int n, uint64_t *rng, int32_t fallback) {
    double sum = 0.0, r;
    int i;
    for (i = first; i < n; i++) sum += pr[cand[i]];
    r = m2__rng_uniform(rng) * sum;
    for (i = first; i < n; i++) {
        r -= pr[cand[i]];
        if (r < 0.0) return cand[i];
    }
    /* rounding left r >= 0: the last candidate that has weight (a banned one has none) */
    for (i = n - 1; i > first && !(pr[cand[i]] > 0.0f); i--) {}
    return pr[cand[i]] > 0.0f ? cand[i] : fallback;
}

/* The chain (see above). Only as many candidates are ordered as the filters need, and the draw
   walks the kept candidates in an order that depends only on the logits: the same seed gives the
   same tokens. */
MAMBA2_API m2_result m2_sample(m2_session *s, m2_sampler *smp, int32_t *id_out) {
    const m2_sampler_opts *o;
    int nv, i, n, best, first;
    float *pr;
    double sum;
    if (!s || !smp || !id_out) return M2_ERR_INVALID_ARGUMENT;
    M2__REFUSE_IF_BUSY(s);
    if (!s->has_logits) return m2__fail(s, M2_ERR_INVALID_ARGUMENT, "m2_sample: no logits yet (feed a token first)");
    o = &smp->opts;
    nv = s->model->cfg.vocab_size; /* the real vocabulary: padding rows are never sampled */
    pr = s->probs;
    memcpy(pr, s->logits, (size_t)nv * 4u);
    if (!m2__all_finite(pr, (size_t)nv)) return m2__fail(s, M2_ERR_NUMERIC, "m2_sample: NaN or Inf in the logits");
    if (o->repeat_penalty != 1.0f)
        m2__sample_penalties(pr, nv, s->hist, s->opts.history, s->hist_head, o->repeat_last_n < s->hist_len ? o->repeat_last_n : s->hist_len, o->repeat_penalty);
    m2__sample_bias_bans(pr, nv, o);
    best = m2__sample_argmax(pr, nv);
    if (!(pr[best] > -INFINITY) || pr[best] != pr[best])
        return m2__fail(s, pr[best] != pr[best] ? M2_ERR_NUMERIC : M2_ERR_INVALID_ARGUMENT, "m2_sample: every token is banned");
    if (o->temperature == 0.0f) { *id_out = best; return M2_OK; }
    sum = m2__sample_softmax(pr, nv, pr[best], o->temperature);
    if (o->top_k > 0) {
        for (i = 0; i < nv; i++) s->cand[i] = i;
        n = nv;
        first = m2__sample_top_k(pr, s->cand, n, o->top_k, o->top_p);
    } else if (o->top_p < 1.0f) {
        first = m2__sample_top_p(pr, nv, sum, o->top_p, s->cand, &n);
    } else {
        for (i = 0; i < nv; i++) s->cand[i] = i;
        n = nv;
        first = 0;
    }
    if (o->min_p > 0.0f) n = m2__sample_min_p(pr, s->cand, first, n, o->min_p);
    *id_out = n <= first ? best : m2__sample_draw(pr, s->cand, first, n, smp->rng, best);
    return M2_OK;
}

MAMBA2_API m2_result m2_stop_init(m2_stop *st, const char *const *seqs, int n) {
    int i;
    if (!st || n < 0 || n > M2_STOP_SEQS || (n && !seqs)) return M2_ERR_INVALID_ARGUMENT;
    memset(st, 0, sizeof *st);
    for (i = 0; i < n; i++) {
        size_t len = seqs[i] ? strlen(seqs[i]) : 0;
        if (len == 0 || len >= M2_STOP_MAX) return M2_ERR_INVALID_ARGUMENT;
        st->seq[i] = seqs[i];
        st->len[i] = len;
    }
    st->n = n;
    return M2_OK;
}

MAMBA2_API int m2_stop_feed(m2_stop *st, const char *text, size_t len, char *out, size_t *out_len) {
    size_t i, o = 0;
    int k;
    if (!st || (!text && len) || !out || !out_len) return 0;
    for (i = 0; i < len; i++) {
        size_t start;
        st->held[st->n_held++] = text[i];
        for (k = 0; k < st->n; k++) /* a whole stop sequence at the end of what is held */
            if (st->n_held >= st->len[k] && memcmp(st->held + st->n_held - st->len[k], st->seq[k], st->len[k]) == 0) {
                memcpy(out + o, st->held, st->n_held - st->len[k]);
                *out_len = o + st->n_held - st->len[k];
                st->n_held = 0;
                return 1;
            }
        /* keep only the longest tail that could still grow into a stop sequence */
        for (start = 0; start < st->n_held; start++) {
            size_t tail = st->n_held - start;
            for (k = 0; k < st->n; k++)
                if (tail < st->len[k] && memcmp(st->held + start, st->seq[k], tail) == 0) break;
            if (k < st->n) break;
        }
        memcpy(out + o, st->held, start);
        o += start;
        memmove(st->held, st->held + start, st->n_held - start);
        st->n_held -= start;
    }
    *out_len = o;
    return 0;
}

MAMBA2_API size_t m2_stop_flush(m2_stop *st, char *out) {
    size_t n;
    if (!st || !out) return 0;
    n = st->n_held;
    memcpy(out, st->held, n);
    st->n_held = 0;
    return n;
}

/* UTF-8, for the tokenizer and the chat templates (which stay without the tokenizer) */
#define M2__UTF8_BAD 0xFFFFFFFFu /* m2__utf8_step: invalid maximal subpart          */
#define M2__UTF8_CUT 0xFFFFFFFEu /* m2__utf8_step: valid prefix cut by end of input */

/* One UTF-8 sequence at s[0..n), n >= 1, decoded as WHATWG / Rust's from_utf8_lossy do: returns
   the bytes consumed; *cp is the code point, M2__UTF8_BAD for a maximal subpart that a wrong byte
   cuts short (the wrong byte is not consumed: it starts the next sequence), or M2__UTF8_CUT for a
   valid prefix that the end of the input cuts short. Surrogates (ED A0..BF), overlongs (C0, C1,
   E0 80..9F, F0 80..8F) and values above U+10FFFF (F4 90.., F5..FF) are invalid. */
static size_t m2__utf8_step(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned b = s[0], lo = 0x80, hi = 0xBF;
    size_t need, i;
    uint32_t c;
    if (b < 0x80) { *cp = b; return 1; }
    if (b >= 0xC2 && b <= 0xDF) { need = 1; c = b & 0x1F; }
    else if (b >= 0xE0 && b <= 0xEF) { need = 2; c = b & 0x0F; if (b == 0xE0) lo = 0xA0; else if (b == 0xED) hi = 0x9F; }
    else if (b >= 0xF0 && b <= 0xF4) { need = 3; c = b & 0x07; if (b == 0xF0) lo = 0x90; else if (b == 0xF4) hi = 0x8F; }
    else { *cp = M2__UTF8_BAD; return 1; }
    for (i = 1; i <= need; i++) {
        unsigned x;
        if (i >= n) { *cp = M2__UTF8_CUT; return i; }
        x = s[i];
        if (x < lo || x > hi) { *cp = M2__UTF8_BAD; return i; }
        lo = 0x80; hi = 0xBF;
        c = (c << 6) | (x & 0x3F);
    }
    *cp = c;
    return need + 1;
}

/* Decode a character of text already known to be valid UTF-8. */
static uint32_t m2__utf8_get(const unsigned char *s, size_t *len) {
    unsigned b = s[0];
    if (b < 0x80) { *len = 1; return b; }
    if (b < 0xE0) { *len = 2; return (uint32_t)(b & 0x1F) << 6 | (s[1] & 0x3F); }
    if (b < 0xF0) { *len = 3; return (uint32_t)(b & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F); }
    *len = 4;
    return (uint32_t)(b & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

static size_t m2__utf8_put(unsigned char *o, uint32_t c) {
    if (c < 0x80) { o[0] = (unsigned char)c; return 1; }
    if (c < 0x800) { o[0] = (unsigned char)(0xC0 | c >> 6); o[1] = (unsigned char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | c >> 12); o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F)); return 3;
    }
    o[0] = (unsigned char)(0xF0 | c >> 18); o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F)); o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

// >>unicode
#ifndef MAMBA2_NO_TOKENIZER
/* M2_UNICODE_TABLES_BEGIN */
/* Generated by tools/gen_unicode_tables.py - do not edit by hand.
   Source: Unicode Character Database 15.0.0 (/usr/share/unicode) from Debian's unicode-data package.
   Letters (L*), numbers (N*), White_Space and \w: Unicode 15.0.0 (the reference's regex has 16.0:
   letters and digits assigned after this version are "other" here; see the script).
   NFC (combining classes, decompositions, compositions, quick check): code points assigned
   in Unicode 9.0 or earlier, as the reference tokenizer's NFC tables (see the script).
   Regenerate: apt-get install unicode-data && python3 tools/gen_unicode_tables.py */


/* Total table size: 140420 bytes. */

#define M2__UNICODE_VERSION "15.0.0"
#define M2__UNICODE_NFC_VERSION "9.0"

#define M2__UP_CLASS    3  /* 0 other, 1 letter (L*), 2 number (N*), 3 White_Space */
#define M2__UP_NFC_SAFE 4  /* ccc 0 and NFC_QC=Yes: NFC never changes text across it */
#define M2__UP_WORD     8  /* regex \w: Alphabetic, M*, Nd, Pc, Join_Control */
#define M2__UP_DECOMP   16 /* has a canonical decomposition (not Hangul) */
#define M2__UP_SECOND   32 /* may compose with the character before it */
#define M2__UP_CCC      64 /* non-zero canonical combining class */

#define M2__UPROP_SHIFT_A 4
#define M2__UPROP_SHIFT_B 5

static const unsigned char m2__uprop_s1[2176] = {
    0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,26,26,26,26,26,
    26,26,26,26,26,26,27,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,28,29,30,31,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,32,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,33,34,35,36,
    37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,26,53,54,20,20,20,20,55,26,26,56,20,20,20,20,20,
    20,20,26,57,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,26,58,20,59,26,26,26,26,26,26,26,26,
    26,26,26,60,26,26,61,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,62,63,64,20,20,20,20,65,20,
    20,20,20,20,20,20,20,66,67,68,69,70,20,71,20,72,73,74,75,76,77,20,78,79,80,20,20,20,20,81,20,20,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,82,26,26,26,26,26,26,26,83,84,26,26,26,
    26,26,26,26,26,26,26,85,26,26,26,26,26,26,26,26,26,26,26,26,26,86,20,20,20,20,20,20,87,88,20,20,
    26,26,26,26,26,26,26,26,26,89,26,26,26,26,26,26,26,90,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    91,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
};

static const unsigned short m2__uprop_s2[2944] = {
    0,1,2,3,4,5,4,6,7,1,8,9,10,11,10,12,13,14,15,16,17,18,15,19,20,20,21,22,23,24,25,26,
    13,27,28,29,20,20,20,20,20,20,20,20,30,31,32,1,33,34,35,36,37,38,38,39,40,22,41,22,42,43,20,44,
    45,46,20,46,20,45,20,47,48,20,20,20,49,50,51,52,20,20,20,4,20,53,20,20,54,55,38,56,57,20,58,59,
    1,60,61,20,62,63,64,65,20,20,20,20,66,67,68,69,1,70,20,38,71,20,20,20,20,20,72,73,74,20,62,75,
    20,76,77,1,20,78,6,20,79,80,20,20,81,82,83,38,84,20,46,85,86,87,88,4,89,90,91,92,93,94,88,95,
    96,90,91,97,98,99,100,101,102,103,91,104,105,106,88,107,108,90,91,109,110,111,88,112,113,114,115,116,117,118,100,119,
    120,121,91,122,123,124,88,125,126,121,91,127,128,129,88,130,131,121,20,132,133,134,88,135,136,137,20,138,139,140,100,141,
    4,20,20,142,143,3,1,1,144,20,145,146,147,148,1,1,106,149,150,151,152,153,154,155,156,157,158,159,160,1,1,1,
    20,20,161,162,3,163,164,165,166,167,20,20,168,20,20,169,20,20,20,20,20,20,170,171,20,20,172,173,174,20,20,20,
    20,20,20,20,175,176,20,20,175,20,20,177,178,179,20,20,20,178,20,20,20,180,181,182,20,1,20,20,20,20,20,183,
    4,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,184,20,185,6,20,20,20,20,186,187,20,188,20,189,20,190,191,192,20,20,20,193,194,195,3,196,
    197,3,20,20,20,20,20,54,198,20,199,20,20,20,20,200,20,201,202,203,100,20,204,205,20,20,206,20,207,208,1,1,
    20,209,20,20,20,210,211,212,3,3,213,214,215,1,1,1,216,217,20,218,219,3,220,221,222,20,223,74,20,20,224,225,
    20,20,193,226,227,74,20,204,54,20,20,228,1,229,230,231,20,20,20,20,20,20,20,20,20,20,20,20,38,38,38,232,
    13,13,13,13,13,13,13,13,13,233,13,13,13,13,13,234,13,235,13,13,235,236,13,237,13,13,13,238,239,240,241,242,
    243,1,244,245,246,247,1,248,196,249,1,1,1,250,251,252,253,254,255,256,257,258,259,259,260,261,262,1,263,1,1,1,
    264,1,265,1,266,1,267,268,268,1,269,1,1,1,270,1,1,1,271,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,258,258,258,272,1,273,194,194,274,258,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,275,258,276,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,277,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,278,279,20,20,168,20,20,20,280,281,20,282,283,283,283,283,38,38,
    1,1,284,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    285,1,286,287,288,289,290,291,20,292,288,289,290,291,20,293,294,20,20,4,20,20,20,20,201,295,20,20,1,1,1,20,
    1,1,196,1,296,297,1,1,196,1,1,297,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,1,1,1,1,
    20,20,20,20,20,20,20,20,249,1,1,1,1,20,20,204,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    249,20,298,1,20,20,299,300,20,301,20,20,20,20,302,303,1,304,305,20,20,20,20,20,306,20,20,20,6,307,1,305,
    308,20,309,310,20,20,20,311,312,20,20,193,313,3,38,314,74,20,315,20,316,317,20,249,84,20,20,318,319,3,320,321,
    20,20,322,323,324,3,20,325,20,20,20,326,327,328,329,330,331,332,283,20,20,169,207,20,20,20,20,20,20,20,333,3,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,311,20,334,20,20,206,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,
    336,337,338,335,335,335,339,335,335,335,335,335,335,340,1,1,282,341,342,343,344,20,20,20,20,20,20,31,1,345,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,204,1,20,20,20,20,305,20,20,346,1,1,206,
    194,1,38,347,348,1,1,349,20,20,20,20,20,20,20,249,1,3,4,5,4,6,350,20,20,20,20,201,351,352,1,1,
    353,20,179,354,204,204,1,1,20,20,20,20,20,20,20,6,355,258,258,276,259,259,259,356,357,1,1,1,1,1,1,358,
    1,1,1,1,1,1,1,1,20,249,20,20,20,106,359,272,20,20,360,20,361,20,20,362,20,204,20,20,363,364,1,1,
    20,20,20,20,20,20,20,20,20,204,3,20,20,363,20,206,20,20,346,20,20,20,311,169,169,365,103,366,1,1,1,1,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,282,20,200,346,1,44,20,20,367,1,1,1,1,
    368,20,20,369,20,370,20,371,20,201,355,1,1,1,20,372,20,373,20,207,1,1,1,1,20,20,20,374,258,375,258,258,
    376,377,20,378,379,1,20,380,20,381,1,1,382,20,383,1,20,20,20,200,20,370,20,384,20,31,181,1,1,1,1,1,
    20,20,20,20,54,1,1,1,20,20,20,59,20,20,20,385,20,20,386,3,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,258,387,20,20,388,31,1,1,1,348,20,381,389,20,72,390,1,20,391,1,1,20,392,1,20,282,
    222,20,20,393,394,375,395,396,222,397,398,399,400,20,54,3,401,20,402,403,404,20,20,405,222,20,20,406,407,408,297,409,
    20,103,410,411,412,1,1,1,413,414,54,20,20,415,416,3,417,90,91,418,419,420,421,422,1,1,1,1,1,1,1,1,
    20,20,20,423,424,425,31,1,20,20,20,426,427,3,1,1,1,1,1,1,1,1,1,1,20,20,428,429,252,430,1,1,
    20,20,20,431,432,3,1,1,20,20,329,433,3,1,1,1,20,434,435,436,282,1,1,1,1,1,1,1,1,1,1,1,
    20,20,410,437,1,1,1,1,1,1,20,20,20,20,150,438,439,440,20,441,442,3,1,1,1,1,443,20,20,444,445,1,
    446,20,20,447,448,449,20,20,81,450,1,20,20,20,20,54,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    91,20,415,451,106,150,182,305,20,452,453,323,1,1,1,1,454,20,20,455,456,3,457,20,458,459,3,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,20,460,461,121,20,462,463,3,1,1,1,1,1,106,258,409,1,1,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,207,1,1,1,1,1,1,
    259,259,259,259,259,259,464,1,20,20,20,20,20,20,20,20,20,20,20,20,311,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,20,20,20,20,20,20,106,
    20,20,20,1,465,466,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    20,20,20,20,282,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    20,20,20,54,20,201,3,20,20,20,20,201,3,20,204,422,20,20,20,467,311,468,469,470,20,1,1,1,1,1,1,1,
    1,1,1,1,20,20,20,20,258,471,1,1,1,1,1,1,20,20,20,20,5,472,194,194,473,222,1,1,1,1,474,475,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,346,
    20,20,20,20,20,20,20,20,20,20,20,20,20,200,1,1,54,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,476,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,59,477,1,478,479,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,206,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    20,20,20,20,20,20,6,249,54,480,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,194,194,481,194,323,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,482,483,484,485,1,486,487,488,1,1,1,
    1,1,1,1,489,1,1,1,1,1,1,1,258,276,258,276,1,1,1,1,1,1,258,379,1,1,1,1,1,1,1,1,
    20,20,20,20,20,349,20,20,20,191,490,491,492,20,20,20,493,494,20,495,496,121,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,497,20,121,169,20,169,20,349,20,349,201,20,201,20,91,20,91,20,498,259,259,259,
    194,194,194,499,194,194,500,501,502,503,504,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,20,201,505,1,1,1,1,1,1,1,1,1,1,1,1,1,
    506,507,508,20,20,20,204,1,245,1,1,1,1,1,1,1,20,20,249,509,510,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,20,511,1,20,20,410,3,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,20,410,3,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,512,201,
    20,20,20,20,20,20,20,20,20,20,20,20,513,467,1,1,20,20,20,20,514,3,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,297,258,258,515,516,1,1,1,1,297,258,517,518,1,1,1,1,1,1,1,1,1,1,1,1,
    492,20,519,520,521,522,523,524,525,206,526,206,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,182,1,1,194,527,194,527,194,527,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,3,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,1,1,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,207,20,20,20,20,20,20,20,20,20,20,20,20,
    20,204,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,31,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,106,1,
    335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,335,
    335,339,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,6,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,194,194,194,194,194,194,194,194,194,194,194,194,194,194,194,1,
};

static const unsigned char m2__uprop_s3[8448] = {
    4,4,4,4,4,4,4,4,4,7,7,7,7,7,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    7,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,14,14,14,14,14,14,14,14,14,14,4,4,4,4,4,4,
    4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,4,4,4,12,
    13,13,13,13,13,13,13,13,13,13,13,4,4,4,4,4,4,4,4,4,4,7,4,4,4,4,4,4,4,4,4,4,
    7,4,4,4,4,4,4,4,4,4,13,4,4,4,4,4,4,4,6,6,4,13,4,4,4,6,13,4,6,6,6,4,
    29,29,29,29,29,29,13,29,29,29,29,29,29,29,29,29,13,29,29,29,29,29,29,4,13,29,29,29,29,29,13,13,
    13,29,29,29,29,29,29,4,13,29,29,29,29,29,13,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    13,13,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,13,13,29,29,29,29,29,29,29,29,
    29,13,13,13,29,29,29,29,13,29,29,29,29,29,29,13,13,13,13,29,29,29,29,29,29,13,13,13,29,29,29,29,
    29,29,13,13,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,13,
    13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,29,29,13,13,13,13,13,13,13,13,13,13,13,13,13,29,
    29,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,29,29,29,
    29,29,29,29,29,29,29,29,29,29,29,29,29,13,29,29,29,29,29,29,13,13,29,29,29,29,29,29,29,29,29,29,
    29,13,13,13,29,29,13,13,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,13,13,29,29,
    13,13,13,13,13,13,29,29,29,29,29,29,29,29,29,29,29,29,29,29,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,4,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    13,13,13,13,13,4,4,4,4,4,4,4,13,4,13,4,104,104,104,104,104,72,104,104,104,104,104,104,104,72,72,104,
    72,104,72,104,104,72,72,72,72,72,72,104,72,72,72,72,72,72,72,104,104,104,104,104,104,72,72,72,72,104,104,72,
    104,104,72,72,72,72,72,72,104,72,72,72,72,72,72,72,88,88,104,88,88,104,72,72,72,72,72,72,72,72,72,12,
    72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,13,13,13,13,25,4,13,13,4,4,13,13,13,13,16,13,
    4,4,4,4,4,20,29,16,29,29,29,4,29,4,29,29,13,13,4,13,13,13,13,13,13,13,29,29,29,29,29,29,
    13,13,13,13,13,13,13,13,13,13,29,29,29,29,29,13,13,13,13,29,29,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,4,13,13,13,13,13,13,13,13,13,29,29,13,29,13,13,13,29,13,13,13,13,29,29,29,13,
    13,13,13,13,13,13,13,13,13,29,13,13,13,13,13,13,13,13,13,13,13,13,29,29,13,13,13,13,13,13,13,13,
    13,13,4,72,72,72,72,72,12,12,13,13,13,13,13,13,13,29,29,13,13,13,13,13,13,13,13,13,13,13,13,13,
    29,29,29,29,13,13,29,29,13,13,29,29,29,29,29,29,13,13,29,29,29,29,29,29,13,13,29,29,29,29,29,29,
    29,29,29,29,29,29,13,13,29,29,13,13,13,13,13,13,13,13,13,13,13,13,13,4,4,13,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,4,4,4,4,4,4,4,4,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,
    72,72,72,72,72,72,72,72,72,72,72,72,72,72,4,72,4,72,72,4,72,72,4,72,4,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,4,4,4,4,13,13,13,13,4,4,4,4,4,4,4,4,4,4,4,4,4,
    72,72,72,72,72,72,72,72,72,72,72,4,4,4,4,4,13,13,29,29,29,29,29,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,13,13,13,72,72,72,72,72,72,72,72,104,104,104,72,72,72,72,72,72,72,72,72,72,
    14,14,14,14,14,14,14,14,14,14,4,4,4,4,13,13,72,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,
    29,13,29,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,29,4,13,72,72,72,72,72,72,72,4,4,72,
    72,72,72,72,72,13,13,72,72,4,72,72,72,72,13,13,14,14,14,14,14,14,14,14,14,14,13,13,13,4,4,13,
    13,72,13,13,13,13,13,13,13,13,13,13,13,13,13,13,72,72,72,72,72,72,72,72,72,72,72,4,4,13,13,13,
    13,13,13,13,13,13,12,12,12,12,12,12,12,12,12,12,12,13,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    14,14,14,14,14,14,14,14,14,14,13,13,13,13,13,13,72,72,72,72,13,13,4,4,4,4,13,4,4,12,4,4,
    13,13,13,13,13,13,72,72,72,72,13,72,72,72,72,72,72,72,72,72,13,72,72,72,13,72,72,72,72,72,4,4,
    13,13,13,13,13,13,13,13,13,72,72,72,4,4,4,4,13,13,13,13,13,13,13,13,4,13,13,13,13,13,13,4,
    4,4,4,4,4,4,4,4,12,12,12,12,12,12,12,12,13,13,13,13,13,13,13,13,13,13,12,12,12,12,12,12,
    12,12,12,12,72,72,72,72,72,72,72,72,72,72,72,72,72,72,4,72,72,72,72,72,72,72,72,72,72,72,72,72,
    12,12,12,12,13,13,13,13,13,13,13,13,13,13,13,13,13,29,13,13,29,13,13,13,13,13,12,12,104,13,12,12,
    12,12,12,12,12,12,12,12,12,12,12,12,12,72,12,12,13,72,72,72,72,12,12,12,25,25,25,25,25,25,25,25,
    13,13,12,12,4,4,14,14,14,14,14,14,14,14,14,14,13,12,12,12,4,13,13,13,13,13,13,13,13,4,4,13,
    13,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,13,13,
    13,4,13,4,4,4,13,13,13,13,4,4,72,13,40,12,12,12,12,12,12,4,4,12,12,4,4,28,28,72,13,4,
    4,4,4,4,4,4,4,40,4,4,4,4,25,25,4,25,13,13,4,4,6,6,6,6,6,6,4,4,13,4,12,4,
    4,12,12,12,4,13,13,13,13,13,13,4,4,4,4,13,13,4,13,25,4,13,25,4,13,13,4,4,72,4,12,12,
    12,12,12,4,4,4,4,12,12,4,4,12,12,72,4,4,4,12,4,4,4,4,4,4,4,25,25,25,13,4,25,4,
    4,4,4,4,4,4,14,14,14,14,14,14,14,14,14,14,12,12,13,13,13,12,4,4,4,4,4,4,4,4,4,4,
    4,12,12,12,4,13,13,13,13,13,13,13,13,13,4,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,4,13,13,4,13,13,13,13,13,4,4,72,13,12,12,12,12,12,12,12,12,4,12,12,12,4,12,12,72,4,4,
    13,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,12,12,12,12,12,12,
    4,12,12,12,4,13,13,13,13,13,13,13,13,4,4,13,13,4,13,13,4,13,13,13,13,13,4,4,72,13,40,12,
    12,12,12,12,12,4,4,12,28,4,4,28,28,72,4,4,4,4,4,4,4,12,40,40,4,4,4,4,25,25,4,13,
    4,13,6,6,6,6,6,6,4,4,4,4,4,4,4,4,4,4,12,13,4,13,13,13,13,13,13,4,4,4,13,13,
    13,4,13,13,29,13,4,4,4,13,13,4,13,4,13,13,4,4,4,13,13,4,4,4,13,13,13,4,4,4,13,13,
    13,13,13,13,13,13,13,13,13,13,4,4,4,4,40,12,12,12,12,4,4,4,12,12,12,4,28,28,28,72,4,4,
    13,4,4,4,4,4,4,40,4,4,4,4,4,4,4,4,6,6,6,4,4,4,4,4,4,4,4,4,4,4,4,4,
    12,12,12,12,12,13,13,13,13,13,13,13,13,4,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,13,13,4,4,12,13,12,12,12,12,12,12,12,4,12,12,28,4,12,12,12,72,4,4,
    4,4,4,4,4,72,104,4,13,13,13,4,4,13,4,4,4,4,4,4,4,4,4,4,6,6,6,6,6,6,6,4,
    13,12,12,12,4,13,13,13,13,13,13,13,13,4,13,13,13,13,13,13,4,13,13,13,13,13,4,4,72,13,12,12,
    28,12,40,12,12,4,12,28,28,4,28,28,12,72,4,4,4,4,4,4,4,40,40,4,4,4,4,4,4,13,13,4,
    4,13,13,12,4,4,4,4,4,4,4,4,4,4,4,4,12,12,12,12,13,13,13,13,13,13,13,13,13,4,13,13,
    13,13,13,13,13,13,13,13,13,13,13,12,12,13,40,12,12,12,12,12,12,4,12,12,12,4,28,28,28,72,13,4,
    4,4,4,4,13,13,13,40,6,6,6,6,6,6,6,13,6,6,6,6,6,6,6,6,6,4,13,13,13,13,13,13,
    4,12,12,12,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,4,4,13,13,13,13,13,13,
    13,13,4,13,13,13,13,13,13,13,13,13,4,13,4,4,13,13,13,13,13,13,13,4,4,4,104,4,4,4,4,40,
    12,12,12,12,12,4,12,4,12,12,28,12,28,28,28,40,4,4,12,12,4,4,4,4,4,4,4,4,4,4,4,4,
    13,12,13,13,12,12,12,12,72,72,72,4,4,4,4,4,13,13,13,13,13,13,13,12,72,72,72,72,12,12,12,4,
    4,13,13,4,13,4,13,13,13,13,13,4,13,13,13,13,13,13,13,13,4,13,4,13,13,13,13,13,13,13,13,13,
    13,12,13,13,12,12,12,12,72,72,12,12,12,13,4,4,13,13,13,13,13,4,13,4,72,72,72,72,12,12,12,4,
    14,14,14,14,14,14,14,14,14,14,4,4,13,13,13,13,4,4,4,4,4,4,4,4,72,72,4,4,4,4,4,4,
    14,14,14,14,14,14,14,14,14,14,6,6,6,6,6,6,6,6,6,6,4,72,4,72,4,72,4,4,4,4,12,12,
    13,13,13,25,13,13,13,13,4,13,13,13,13,25,13,13,13,13,25,13,13,13,13,25,13,13,13,13,25,13,13,13,
    13,13,13,13,13,13,13,13,13,25,13,13,13,4,4,4,4,72,72,24,72,24,24,12,24,12,72,72,72,72,12,12,
    72,24,72,72,72,4,72,72,13,13,13,13,13,12,12,12,12,12,12,24,12,12,12,12,4,12,12,12,12,24,12,12,
    12,12,24,12,12,12,12,24,12,12,12,12,24,12,12,12,12,12,12,12,12,12,12,12,12,24,12,12,12,4,4,4,
    4,4,4,4,4,4,72,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,29,13,13,13,13,12,12,12,40,12,
    12,12,12,12,12,12,12,72,12,72,72,12,12,12,12,13,13,13,13,13,13,13,12,12,12,12,13,13,13,13,12,12,
    12,13,12,12,12,13,13,12,12,12,12,12,12,12,13,13,13,12,12,12,12,13,13,13,13,13,13,13,13,13,13,13,
    13,13,12,12,12,12,12,12,12,12,12,12,12,72,13,12,14,14,14,14,14,14,14,14,14,14,12,12,12,12,4,4,
    13,13,13,13,13,13,4,13,4,4,4,4,4,13,4,4,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,
    13,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,
    41,41,41,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,4,4,
    13,13,13,13,13,13,13,4,13,4,13,13,13,13,4,4,13,4,13,13,13,13,4,4,13,13,13,13,13,13,13,4,
    13,4,13,13,13,13,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,13,13,13,4,4,72,72,72,4,4,4,4,4,4,4,4,4,6,6,6,6,6,6,6,
    6,6,6,6,6,6,6,6,6,6,6,6,6,4,4,4,13,13,13,13,13,13,4,4,13,13,13,13,13,13,4,4,
    13,13,13,13,13,13,13,13,13,13,13,13,13,4,4,13,7,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,13,13,13,4,4,4,14,14,14,13,13,13,13,13,13,13,13,4,4,4,4,4,4,4,
    13,13,12,12,72,12,4,4,4,4,4,4,4,4,4,13,13,13,12,12,72,4,4,4,4,4,4,4,4,4,4,4,
    13,13,12,12,4,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,
    13,4,12,12,4,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,12,12,12,12,12,12,12,12,12,12,12,12,
    12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,72,12,4,4,4,13,4,4,4,4,13,72,4,4,
    6,6,6,6,6,6,6,6,6,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,12,12,12,4,12,
    13,13,13,13,13,12,12,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,72,13,4,4,4,4,4,
    13,13,13,13,13,13,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,
    12,12,12,12,12,12,12,12,12,12,12,12,4,4,4,4,12,12,12,12,12,12,12,12,12,72,72,72,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,4,13,13,13,13,13,4,4,4,4,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,13,4,4,4,4,13,13,13,13,13,13,13,13,13,13,4,4,4,4,4,4,
    14,14,14,14,14,14,14,14,14,14,6,4,4,4,4,4,13,13,13,13,13,13,13,72,72,12,12,12,4,4,4,4,
    13,13,13,13,13,12,12,12,12,12,12,12,12,12,12,4,72,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,
    12,12,12,12,12,72,72,72,72,72,72,72,72,4,4,72,4,4,4,4,4,4,4,13,4,4,4,4,4,4,4,4,
    72,72,72,72,72,72,72,72,72,72,72,72,72,72,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,4,
    12,12,12,12,12,13,29,13,29,13,29,13,29,13,29,13,13,13,29,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,72,40,12,12,12,12,12,28,12,28,12,12,28,28,12,28,72,13,13,13,13,13,13,13,13,4,4,4,
    4,4,4,4,4,4,4,4,4,4,4,72,72,72,72,72,72,72,72,72,4,4,4,4,4,4,4,4,4,4,4,4,
    12,12,12,13,13,13,13,13,13,13,13,13,13,13,13,13,13,12,12,12,12,12,12,12,12,12,72,72,12,12,13,13,
    13,13,13,13,13,13,72,12,12,12,12,12,12,12,12,12,12,12,72,72,4,4,4,4,4,4,4,4,4,4,4,4,
    12,12,12,12,12,12,12,72,4,4,4,4,4,4,4,4,14,14,14,14,14,14,14,14,14,14,4,4,4,13,13,13,
    13,13,13,13,13,13,13,13,13,13,13,4,4,13,13,13,72,72,72,4,72,72,72,72,72,72,72,72,72,72,72,72,
    72,12,72,72,72,72,72,72,72,13,13,13,13,72,13,13,13,13,13,13,72,13,13,12,72,72,13,4,4,4,4,4,
    72,72,72,72,72,72,12,12,12,12,12,72,72,72,72,72,29,29,29,29,29,29,29,29,29,29,13,29,13,13,13,13,
    29,29,29,29,29,29,29,29,29,29,13,13,13,13,13,13,29,29,29,29,29,29,4,4,29,29,29,29,29,29,4,4,
    29,29,29,29,29,29,29,29,4,29,4,29,4,29,4,29,29,25,29,25,29,25,29,25,29,25,29,25,29,25,4,4,
    29,29,29,29,29,4,29,29,29,29,29,25,29,4,25,4,4,20,29,29,29,4,29,29,29,25,29,25,29,20,20,20,
    29,29,29,25,4,4,29,29,29,29,29,25,4,20,20,20,29,29,29,25,29,29,29,29,29,29,29,25,29,20,16,16,
    4,4,29,29,29,4,29,29,29,25,29,25,29,16,4,4,19,19,7,7,7,7,7,7,7,7,7,4,12,12,4,4,
    4,4,4,4,4,4,4,4,7,7,4,4,4,4,4,7,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,12,
    12,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,12,4,4,4,4,4,4,4,4,4,4,7,
    6,13,4,4,6,6,6,6,6,6,4,4,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,4,4,
    72,72,72,72,72,72,72,72,72,72,72,72,72,12,12,12,12,72,12,12,12,72,72,72,72,72,72,72,72,72,72,72,
    72,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,4,4,4,4,13,4,4,13,13,13,13,13,13,
    13,13,13,13,4,13,4,4,4,13,13,13,13,13,4,4,4,4,4,4,13,4,25,4,13,4,25,25,13,13,4,13,
    13,13,13,13,13,13,13,13,13,13,4,4,13,13,13,13,4,4,4,4,4,13,13,13,13,13,4,4,4,4,13,4,
    6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,
    14,14,14,13,13,14,14,14,14,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,20,20,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,20,4,4,4,4,4,4,4,4,4,4,4,4,4,4,20,20,20,
    4,4,4,4,20,4,4,4,4,20,4,4,20,4,4,4,4,4,4,4,20,4,20,4,4,4,4,4,4,4,4,4,
    4,20,4,4,20,4,4,20,4,20,4,4,4,4,4,4,20,4,20,4,4,4,4,4,4,4,4,4,4,20,20,20,
    20,20,4,4,20,20,4,4,20,20,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,20,20,20,20,
    20,20,20,20,4,4,4,4,4,4,20,20,20,20,4,4,4,4,4,4,4,4,4,4,4,16,16,4,4,4,4,4,
    6,6,6,6,6,6,6,6,6,6,6,6,4,4,4,4,4,4,4,4,4,4,12,12,12,12,12,12,12,12,12,12,
    12,12,12,12,12,12,12,12,12,12,6,6,6,6,6,6,4,4,4,4,4,4,6,6,6,6,6,6,6,6,6,6,
    6,6,6,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,16,4,4,4,
    13,13,13,13,13,4,4,4,4,4,4,13,13,13,13,72,72,72,13,13,4,4,4,4,4,4,4,4,4,6,4,4,
    13,13,13,13,13,13,13,13,4,4,4,4,4,4,4,13,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,72,
    13,13,13,13,13,13,13,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,13,4,13,13,13,13,13,13,13,4,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,7,4,4,4,4,13,13,14,4,4,4,4,4,4,4,4,
    4,14,14,14,14,14,14,14,14,14,72,72,72,72,72,72,4,13,13,13,13,13,4,4,14,14,14,13,13,4,4,4,
    4,13,13,13,13,13,13,13,13,13,13,13,29,13,29,13,29,13,29,13,29,13,29,13,29,13,29,13,29,13,29,13,
    29,13,29,13,13,29,13,29,13,29,13,13,13,13,13,13,29,29,13,29,29,13,29,29,13,29,29,13,29,29,13,13,
    13,13,13,13,29,13,13,4,4,104,104,4,4,13,29,13,13,13,13,13,29,13,13,29,29,29,29,4,13,13,29,13,
    4,4,4,4,4,13,13,13,13,13,13,13,13,13,13,13,4,4,6,6,6,6,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,6,6,6,6,6,6,6,6,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
    14,14,14,14,14,14,14,14,14,14,13,13,4,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,72,
    12,12,12,4,72,72,72,72,72,72,72,72,72,72,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,72,72,
    13,13,13,13,13,13,14,14,14,14,14,14,14,14,14,14,72,72,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,13,13,13,13,13,13,13,13,13,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,13,4,4,13,13,13,13,13,13,13,4,13,4,13,13,13,13,13,4,4,4,4,4,4,
    13,13,12,13,13,13,72,13,13,13,13,12,13,13,13,13,13,13,13,12,12,12,12,12,4,4,4,4,12,4,4,4,
    6,6,6,6,6,6,4,4,4,4,4,4,4,4,4,4,13,13,13,13,4,4,4,4,4,4,4,4,4,4,4,4,
    12,12,13,13,13,13,13,13,13,13,13,13,13,13,13,13,12,12,12,12,72,12,4,4,4,4,4,4,4,4,4,4,
    72,72,13,13,13,13,13,13,4,4,4,13,4,13,13,12,13,13,13,13,13,13,12,12,12,12,12,72,72,72,4,4,
    13,13,13,13,13,13,13,12,12,12,12,12,12,12,12,12,12,12,12,72,4,4,4,4,4,4,4,4,4,4,4,4,
    13,13,13,72,12,12,12,12,12,12,12,12,12,12,12,12,72,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,
    13,13,13,13,13,12,13,13,13,13,13,13,13,13,13,13,14,14,14,14,14,14,14,14,14,14,13,13,13,13,13,4,
    13,13,13,13,13,13,13,13,13,12,12,12,12,12,12,12,12,12,12,12,12,12,12,4,4,4,4,4,4,4,4,4,
    13,13,13,12,13,13,13,13,13,13,13,13,12,12,4,4,13,13,13,13,13,13,13,4,4,4,13,12,12,12,13,13,
    72,13,72,72,72,13,13,72,72,13,13,13,13,13,72,72,13,72,13,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,4,13,13,13,4,4,13,13,13,13,13,13,13,13,13,13,13,12,12,12,12,12,
    4,4,13,13,13,12,72,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,4,4,13,13,13,13,13,13,4,
    4,13,13,13,13,13,13,4,4,4,4,4,4,4,4,4,13,13,13,12,12,12,12,12,12,12,12,4,12,72,4,4,
    13,13,13,13,13,13,13,4,4,4,4,13,13,13,13,13,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,
    25,25,25,25,25,25,25,25,25,25,25,25,25,25,13,13,25,13,25,13,13,25,25,25,25,25,25,25,25,25,25,13,
    25,13,25,13,13,25,25,13,13,13,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,4,4,
    25,25,25,25,25,25,25,25,25,25,4,4,4,4,4,4,4,4,4,13,13,13,13,13,4,4,4,4,4,25,72,25,
    13,13,13,13,13,13,13,13,13,4,25,25,25,25,25,25,25,25,25,25,25,25,25,4,25,25,25,25,25,4,25,4,
    25,25,4,25,25,4,25,25,25,25,25,25,25,25,25,13,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,4,4,4,4,4,4,4,4,4,4,4,12,12,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,4,4,4,12,12,12,13,13,13,13,13,4,13,13,13,13,13,13,13,13,13,13,
    4,4,4,4,4,4,13,13,13,13,13,13,13,13,13,13,4,4,13,13,13,13,13,13,4,4,13,13,13,13,13,13,
    4,4,13,13,13,13,13,13,4,4,13,13,13,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,
    13,13,13,13,13,13,13,13,13,13,13,4,13,13,4,13,4,4,4,4,4,4,4,6,6,6,6,6,6,6,6,6,
    14,14,14,14,14,6,6,6,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,6,6,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,4,4,4,72,4,4,72,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
    6,6,6,6,4,4,4,4,4,4,4,4,4,13,13,13,13,14,13,13,13,13,13,13,13,13,14,4,4,4,4,4,
    13,13,13,13,13,13,72,72,72,72,72,4,4,4,4,4,13,13,13,13,4,4,4,4,13,13,13,13,13,13,13,13,
    4,14,14,14,14,14,4,4,4,4,4,4,4,4,4,4,13,13,13,4,13,13,4,13,13,13,13,13,13,13,13,13,
    13,13,4,13,13,13,13,13,13,13,4,13,13,4,4,4,13,4,13,13,13,13,13,13,13,13,13,4,4,4,4,4,
    13,13,13,13,13,13,4,4,13,4,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,4,4,4,13,4,4,13,
    13,13,13,13,13,13,4,4,6,6,6,6,6,6,6,6,13,13,13,13,13,13,13,4,4,6,6,6,6,6,6,6,
    13,13,13,4,13,13,4,4,4,4,4,6,6,6,6,6,13,13,13,13,13,13,6,6,6,6,6,6,4,4,4,4,
    13,13,13,13,13,13,13,13,4,4,4,4,6,6,13,13,4,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
    13,12,12,12,4,12,12,4,4,4,4,4,12,72,12,72,13,13,13,13,4,13,13,13,4,13,13,13,13,13,13,13,
    13,13,13,13,13,13,4,4,72,72,72,4,4,4,4,72,6,6,6,6,6,6,6,6,6,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,13,13,6,6,4,13,13,13,13,13,13,13,13,13,13,13,13,13,6,6,6,
    13,13,13,13,13,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,72,72,4,4,4,4,6,6,6,6,6,
    13,13,13,4,4,4,4,4,6,6,6,6,6,6,6,6,13,13,13,4,4,4,4,4,4,4,6,6,6,6,6,6,
    13,13,13,13,12,12,12,12,4,4,4,4,4,4,4,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,4,
    13,13,13,13,13,13,13,13,13,13,4,12,12,4,4,4,6,6,6,6,6,6,6,13,4,4,4,4,4,4,4,4,
    12,6,6,6,6,4,4,4,4,4,4,4,4,4,4,4,13,13,12,12,12,12,4,4,4,4,4,4,4,4,4,4,
    13,13,13,13,13,6,6,6,6,6,6,6,4,4,4,4,13,13,13,13,13,13,13,13,12,12,12,12,12,12,12,12,
    12,12,12,12,12,12,72,4,4,4,4,4,4,4,4,4,6,6,6,6,6,6,14,14,14,14,14,14,14,14,14,14,
    12,13,13,12,12,13,4,4,4,4,4,4,4,4,4,72,13,13,13,13,13,13,13,13,13,13,29,13,29,13,13,13,
    13,13,13,13,13,13,13,13,13,13,13,29,13,13,13,13,12,12,12,12,12,12,12,12,12,72,104,4,4,4,4,4,
    4,4,12,4,4,4,4,4,4,4,4,4,4,4,4,4,72,72,72,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,40,12,12,12,12,12,12,28,28,12,12,12,72,72,4,14,14,14,14,14,14,14,14,14,14,
    4,4,4,4,13,12,12,13,4,4,4,4,4,4,4,4,13,13,13,72,4,4,13,4,4,4,4,4,4,4,4,4,
    13,13,13,12,12,12,12,12,12,12,12,12,12,12,12,12,72,13,13,13,13,4,4,4,4,12,72,12,12,4,12,12,
    14,14,14,14,14,14,14,14,14,14,13,4,13,4,4,4,6,6,6,6,6,4,4,4,4,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,13,12,12,12,12,12,12,12,12,12,72,72,12,4,4,4,4,4,4,12,13,
    13,12,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,13,4,13,4,13,13,13,13,4,13,
    13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,12,
    12,12,12,12,12,12,12,12,12,72,72,4,4,4,4,4,12,12,12,12,4,13,13,13,13,13,13,13,13,4,4,13,
    13,4,13,13,4,13,13,13,13,13,4,12,72,13,40,12,12,12,12,12,12,4,4,12,12,4,4,28,28,72,4,4,
    13,4,4,4,4,4,4,40,4,4,4,4,4,13,13,13,13,13,12,12,4,4,72,72,72,72,72,72,72,4,4,4,
    72,72,72,72,72,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,12,12,12,12,12,12,12,12,12,12,12,
    12,12,72,12,12,12,72,13,13,13,13,4,4,4,4,4,14,14,14,14,14,14,14,14,14,14,4,4,4,4,12,13,
    40,12,12,12,12,12,12,12,12,12,40,28,28,40,28,12,12,12,72,72,13,13,4,13,4,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,40,12,12,12,12,12,12,4,4,12,12,28,28,12,12,12,72,
    4,4,4,4,4,4,4,4,13,13,13,13,12,12,4,4,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,72,
    12,4,4,4,13,4,4,4,4,4,4,4,4,4,4,4,12,12,12,12,12,12,72,72,13,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,13,4,4,12,12,12,12,12,12,12,12,12,12,12,12,12,12,72,4,4,4,4,
    14,14,14,14,14,14,14,14,14,14,6,6,4,4,4,4,12,12,12,12,12,12,12,12,12,12,12,4,4,4,4,4,
    6,6,6,4,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,13,13,4,4,13,4,4,13,13,13,13,
    13,13,13,13,4,13,13,4,13,13,13,13,13,13,13,13,12,12,12,12,12,12,4,12,12,4,4,12,12,12,12,13,
    12,13,12,12,4,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,13,13,13,13,4,4,13,13,13,13,13,13,
    13,12,12,12,12,12,12,12,4,4,12,12,12,12,12,12,12,13,4,13,12,4,4,4,4,4,4,4,4,4,4,4,
    13,12,12,12,12,12,12,12,12,12,12,13,13,13,13,13,13,13,13,12,12,12,12,12,12,12,13,12,12,12,12,4,
    4,4,4,4,4,4,4,12,4,4,4,4,4,4,4,4,13,12,12,12,12,12,12,12,12,12,12,12,13,13,13,13,
    12,12,12,12,12,12,12,12,12,12,4,4,4,13,4,4,12,12,12,12,12,12,12,4,12,12,12,12,12,12,12,72,
    4,4,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,4,12,12,12,12,12,12,12,
    13,13,13,13,13,13,13,4,13,13,4,13,13,13,13,13,13,12,12,12,12,12,12,4,4,4,12,4,12,12,4,12,
    12,12,12,12,12,12,13,12,4,4,4,4,4,4,4,4,13,13,13,13,13,13,4,13,13,4,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,13,13,12,12,12,12,12,4,12,12,4,12,12,12,12,12,13,4,4,4,4,4,4,4,
    13,13,13,12,12,12,12,4,4,4,4,4,4,4,4,4,12,12,13,12,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,12,12,12,12,12,12,12,4,4,4,12,12,12,12,12,4,4,4,4,4,4,4,4,4,4,4,4,4,
    14,14,14,14,14,14,14,14,14,14,14,14,14,14,14,4,12,13,13,13,13,13,13,12,12,12,12,12,12,12,12,12,
    12,12,12,12,12,12,4,4,4,4,4,4,4,4,4,4,72,72,72,72,72,72,72,4,4,4,4,4,4,4,4,4,
    14,14,14,14,14,14,14,14,14,14,4,6,6,6,6,6,6,6,4,13,13,13,13,13,13,13,13,13,13,13,13,13,
    13,13,13,13,13,13,13,13,4,4,4,4,4,13,13,13,6,6,6,6,6,6,6,4,4,4,4,4,4,4,4,4,
    13,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,4,4,4,4,4,4,4,12,
    13,13,4,13,12,4,4,4,4,4,4,4,4,4,4,4,12,12,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    13,13,13,13,4,13,13,13,13,13,13,13,4,13,13,4,4,4,13,4,4,4,4,4,4,4,4,4,4,4,4,4,
    13,13,13,4,4,13,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,13,13,13,4,4,4,4,4,4,4,4,
    13,13,13,13,13,13,13,13,13,13,4,4,4,12,72,4,12,12,12,12,12,12,12,12,12,12,12,12,12,12,4,4,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,16,16,16,16,16,16,16,72,72,72,72,72,4,4,4,72,72,72,
    72,72,72,4,4,4,4,4,4,4,4,72,72,72,72,72,72,72,72,4,4,72,72,72,72,72,72,72,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,72,72,72,72,4,4,4,4,4,4,4,4,4,4,4,4,4,16,16,16,16,16,
    16,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,72,72,72,4,4,4,4,4,4,4,4,4,4,4,
    4,4,13,4,4,13,13,4,4,13,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,4,13,4,13,13,13,
    13,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,4,4,13,13,13,
    13,13,13,13,13,4,13,13,13,13,13,13,13,4,13,13,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,4,
    13,13,13,13,13,4,13,4,4,4,13,13,13,13,13,13,13,13,13,13,13,13,4,4,13,13,13,13,13,13,13,13,
    13,13,13,4,13,13,13,13,13,13,13,13,4,4,14,14,12,12,12,12,12,12,12,4,4,4,4,12,12,12,12,12,
    12,12,12,12,12,12,12,12,12,12,12,12,12,4,4,4,4,4,4,4,4,12,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,12,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,12,12,12,12,12,
    4,12,12,12,12,12,12,12,12,12,12,12,12,12,12,12,4,4,4,4,4,13,13,13,13,13,13,4,4,4,4,4,
    72,72,72,72,72,72,72,4,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,72,4,4,72,72,72,72,72,
    72,72,4,72,72,4,72,72,72,72,72,4,4,4,4,4,12,12,12,12,12,12,12,13,13,13,13,13,13,13,4,4,
    14,14,14,14,14,14,14,14,14,14,4,4,4,4,13,4,13,13,13,13,13,13,13,13,13,13,13,13,13,13,12,4,
    13,13,13,13,13,13,13,4,13,13,13,13,4,13,13,4,13,13,13,13,13,4,4,6,6,6,6,6,6,6,6,6,
    13,13,13,13,72,72,72,72,72,72,72,13,4,4,4,4,6,6,6,6,6,6,6,6,6,6,6,6,4,6,6,6,
    4,6,6,6,6,4,4,4,4,4,4,4,4,4,4,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,4,6,
    6,6,6,6,6,6,6,6,6,6,6,6,6,6,4,4,4,13,13,4,13,4,4,13,4,13,13,13,13,13,13,13,
    13,13,13,4,13,13,13,13,4,13,4,13,4,4,4,4,4,4,13,4,4,4,4,13,4,13,4,13,4,13,13,13,
    4,13,13,4,13,4,4,13,4,13,4,13,4,13,4,13,4,13,13,4,13,4,4,13,13,13,13,4,13,13,13,13,
    13,13,13,4,13,13,13,13,4,13,13,13,13,4,13,4,13,13,13,13,13,13,13,13,13,13,4,13,13,13,13,13,
    4,13,13,13,4,13,13,13,13,13,4,13,13,13,13,13,12,12,12,12,12,12,12,12,12,12,4,4,4,4,4,4,
};

#define M2__UCCC_N 814

static const uint32_t m2__uccc_tab[814] = {
    0x300E6,0x301E6,0x302E6,0x303E6,0x304E6,0x305E6,0x306E6,0x307E6,0x308E6,0x309E6,0x30AE6,0x30BE6,
    0x30CE6,0x30DE6,0x30EE6,0x30FE6,0x310E6,0x311E6,0x312E6,0x313E6,0x314E6,0x315E8,0x316DC,0x317DC,
    0x318DC,0x319DC,0x31AE8,0x31BD8,0x31CDC,0x31DDC,0x31EDC,0x31FDC,0x320DC,0x321CA,0x322CA,0x323DC,
    0x324DC,0x325DC,0x326DC,0x327CA,0x328CA,0x329DC,0x32ADC,0x32BDC,0x32CDC,0x32DDC,0x32EDC,0x32FDC,
    0x330DC,0x331DC,0x332DC,0x333DC,0x33401,0x33501,0x33601,0x33701,0x33801,0x339DC,0x33ADC,0x33BDC,
    0x33CDC,0x33DE6,0x33EE6,0x33FE6,0x340E6,0x341E6,0x342E6,0x343E6,0x344E6,0x345F0,0x346E6,0x347DC,
    0x348DC,0x349DC,0x34AE6,0x34BE6,0x34CE6,0x34DDC,0x34EDC,0x350E6,0x351E6,0x352E6,0x353DC,0x354DC,
    0x355DC,0x356DC,0x357E6,0x358E8,0x359DC,0x35ADC,0x35BE6,0x35CE9,0x35DEA,0x35EEA,0x35FE9,0x360EA,
    0x361EA,0x362E9,0x363E6,0x364E6,0x365E6,0x366E6,0x367E6,0x368E6,0x369E6,0x36AE6,0x36BE6,0x36CE6,
    0x36DE6,0x36EE6,0x36FE6,0x483E6,0x484E6,0x485E6,0x486E6,0x487E6,0x591DC,0x592E6,0x593E6,0x594E6,
    0x595E6,0x596DC,0x597E6,0x598E6,0x599E6,0x59ADE,0x59BDC,0x59CE6,0x59DE6,0x59EE6,0x59FE6,0x5A0E6,
    0x5A1E6,0x5A2DC,0x5A3DC,0x5A4DC,0x5A5DC,0x5A6DC,0x5A7DC,0x5A8E6,0x5A9E6,0x5AADC,0x5ABE6,0x5ACE6,
    0x5ADDE,0x5AEE4,0x5AFE6,0x5B00A,0x5B10B,0x5B20C,0x5B30D,0x5B40E,0x5B50F,0x5B610,0x5B711,0x5B812,
    0x5B913,0x5BA13,0x5BB14,0x5BC15,0x5BD16,0x5BF17,0x5C118,0x5C219,0x5C4E6,0x5C5DC,0x5C712,0x610E6,
    0x611E6,0x612E6,0x613E6,0x614E6,0x615E6,0x616E6,0x617E6,0x6181E,0x6191F,0x61A20,0x64B1B,0x64C1C,
    0x64D1D,0x64E1E,0x64F1F,0x65020,0x65121,0x65222,0x653E6,0x654E6,0x655DC,0x656DC,0x657E6,0x658E6,
    0x659E6,0x65AE6,0x65BE6,0x65CDC,0x65DE6,0x65EE6,0x65FDC,0x67023,0x6D6E6,0x6D7E6,0x6D8E6,0x6D9E6,
    0x6DAE6,0x6DBE6,0x6DCE6,0x6DFE6,0x6E0E6,0x6E1E6,0x6E2E6,0x6E3DC,0x6E4E6,0x6E7E6,0x6E8E6,0x6EADC,
    0x6EBE6,0x6ECE6,0x6EDDC,0x71124,0x730E6,0x731DC,0x732E6,0x733E6,0x734DC,0x735E6,0x736E6,0x737DC,
    0x738DC,0x739DC,0x73AE6,0x73BDC,0x73CDC,0x73DE6,0x73EDC,0x73FE6,0x740E6,0x741E6,0x742DC,0x743E6,
    0x744DC,0x745E6,0x746DC,0x747E6,0x748DC,0x749E6,0x74AE6,0x7EBE6,0x7ECE6,0x7EDE6,0x7EEE6,0x7EFE6,
    0x7F0E6,0x7F1E6,0x7F2DC,0x7F3E6,0x816E6,0x817E6,0x818E6,0x819E6,0x81BE6,0x81CE6,0x81DE6,0x81EE6,
    0x81FE6,0x820E6,0x821E6,0x822E6,0x823E6,0x825E6,0x826E6,0x827E6,0x829E6,0x82AE6,0x82BE6,0x82CE6,
    0x82DE6,0x859DC,0x85ADC,0x85BDC,0x8D4E6,0x8D5E6,0x8D6E6,0x8D7E6,0x8D8E6,0x8D9E6,0x8DAE6,0x8DBE6,
    0x8DCE6,0x8DDE6,0x8DEE6,0x8DFE6,0x8E0E6,0x8E1E6,0x8E3DC,0x8E4E6,0x8E5E6,0x8E6DC,0x8E7E6,0x8E8E6,
    0x8E9DC,0x8EAE6,0x8EBE6,0x8ECE6,0x8EDDC,0x8EEDC,0x8EFDC,0x8F01B,0x8F11C,0x8F21D,0x8F3E6,0x8F4E6,
    0x8F5E6,0x8F6DC,0x8F7E6,0x8F8E6,0x8F9DC,0x8FADC,0x8FBE6,0x8FCE6,0x8FDE6,0x8FEE6,0x8FFE6,0x93C07,
    0x94D09,0x951E6,0x952DC,0x953E6,0x954E6,0x9BC07,0x9CD09,0xA3C07,0xA4D09,0xABC07,0xACD09,0xB3C07,
    0xB4D09,0xBCD09,0xC4D09,0xC5554,0xC565B,0xCBC07,0xCCD09,0xD4D09,0xDCA09,0xE3867,0xE3967,0xE3A09,
    0xE486B,0xE496B,0xE4A6B,0xE4B6B,0xEB876,0xEB976,0xEC87A,0xEC97A,0xECA7A,0xECB7A,0xF18DC,0xF19DC,
    0xF35DC,0xF37DC,0xF39D8,0xF7181,0xF7282,0xF7484,0xF7A82,0xF7B82,0xF7C82,0xF7D82,0xF8082,0xF82E6,
    0xF83E6,0xF8409,0xF86E6,0xF87E6,0xFC6DC,0x103707,0x103909,0x103A09,0x108DDC,0x135DE6,0x135EE6,0x135FE6,
    0x171409,0x173409,0x17D209,0x17DDE6,0x18A9E4,0x1939DE,0x193AE6,0x193BDC,0x1A17E6,0x1A18DC,0x1A6009,0x1A75E6,
    0x1A76E6,0x1A77E6,0x1A78E6,0x1A79E6,0x1A7AE6,0x1A7BE6,0x1A7CE6,0x1A7FDC,0x1AB0E6,0x1AB1E6,0x1AB2E6,0x1AB3E6,
    0x1AB4E6,0x1AB5DC,0x1AB6DC,0x1AB7DC,0x1AB8DC,0x1AB9DC,0x1ABADC,0x1ABBE6,0x1ABCE6,0x1ABDDC,0x1B3407,0x1B4409,
    0x1B6BE6,0x1B6CDC,0x1B6DE6,0x1B6EE6,0x1B6FE6,0x1B70E6,0x1B71E6,0x1B72E6,0x1B73E6,0x1BAA09,0x1BAB09,0x1BE607,
    0x1BF209,0x1BF309,0x1C3707,0x1CD0E6,0x1CD1E6,0x1CD2E6,0x1CD401,0x1CD5DC,0x1CD6DC,0x1CD7DC,0x1CD8DC,0x1CD9DC,
    0x1CDAE6,0x1CDBE6,0x1CDCDC,0x1CDDDC,0x1CDEDC,0x1CDFDC,0x1CE0E6,0x1CE201,0x1CE301,0x1CE401,0x1CE501,0x1CE601,
    0x1CE701,0x1CE801,0x1CEDDC,0x1CF4E6,0x1CF8E6,0x1CF9E6,0x1DC0E6,0x1DC1E6,0x1DC2DC,0x1DC3E6,0x1DC4E6,0x1DC5E6,
    0x1DC6E6,0x1DC7E6,0x1DC8E6,0x1DC9E6,0x1DCADC,0x1DCBE6,0x1DCCE6,0x1DCDEA,0x1DCED6,0x1DCFDC,0x1DD0CA,0x1DD1E6,
    0x1DD2E6,0x1DD3E6,0x1DD4E6,0x1DD5E6,0x1DD6E6,0x1DD7E6,0x1DD8E6,0x1DD9E6,0x1DDAE6,0x1DDBE6,0x1DDCE6,0x1DDDE6,
    0x1DDEE6,0x1DDFE6,0x1DE0E6,0x1DE1E6,0x1DE2E6,0x1DE3E6,0x1DE4E6,0x1DE5E6,0x1DE6E6,0x1DE7E6,0x1DE8E6,0x1DE9E6,
    0x1DEAE6,0x1DEBE6,0x1DECE6,0x1DEDE6,0x1DEEE6,0x1DEFE6,0x1DF0E6,0x1DF1E6,0x1DF2E6,0x1DF3E6,0x1DF4E6,0x1DF5E6,
    0x1DFBE6,0x1DFCE9,0x1DFDDC,0x1DFEE6,0x1DFFDC,0x20D0E6,0x20D1E6,0x20D201,0x20D301,0x20D4E6,0x20D5E6,0x20D6E6,
    0x20D7E6,0x20D801,0x20D901,0x20DA01,0x20DBE6,0x20DCE6,0x20E1E6,0x20E501,0x20E601,0x20E7E6,0x20E8DC,0x20E9E6,
    0x20EA01,0x20EB01,0x20ECDC,0x20EDDC,0x20EEDC,0x20EFDC,0x20F0E6,0x2CEFE6,0x2CF0E6,0x2CF1E6,0x2D7F09,0x2DE0E6,
    0x2DE1E6,0x2DE2E6,0x2DE3E6,0x2DE4E6,0x2DE5E6,0x2DE6E6,0x2DE7E6,0x2DE8E6,0x2DE9E6,0x2DEAE6,0x2DEBE6,0x2DECE6,
    0x2DEDE6,0x2DEEE6,0x2DEFE6,0x2DF0E6,0x2DF1E6,0x2DF2E6,0x2DF3E6,0x2DF4E6,0x2DF5E6,0x2DF6E6,0x2DF7E6,0x2DF8E6,
    0x2DF9E6,0x2DFAE6,0x2DFBE6,0x2DFCE6,0x2DFDE6,0x2DFEE6,0x2DFFE6,0x302ADA,0x302BE4,0x302CE8,0x302DDE,0x302EE0,
    0x302FE0,0x309908,0x309A08,0xA66FE6,0xA674E6,0xA675E6,0xA676E6,0xA677E6,0xA678E6,0xA679E6,0xA67AE6,0xA67BE6,
    0xA67CE6,0xA67DE6,0xA69EE6,0xA69FE6,0xA6F0E6,0xA6F1E6,0xA80609,0xA8C409,0xA8E0E6,0xA8E1E6,0xA8E2E6,0xA8E3E6,
    0xA8E4E6,0xA8E5E6,0xA8E6E6,0xA8E7E6,0xA8E8E6,0xA8E9E6,0xA8EAE6,0xA8EBE6,0xA8ECE6,0xA8EDE6,0xA8EEE6,0xA8EFE6,
    0xA8F0E6,0xA8F1E6,0xA92BDC,0xA92CDC,0xA92DDC,0xA95309,0xA9B307,0xA9C009,0xAAB0E6,0xAAB2E6,0xAAB3E6,0xAAB4DC,
    0xAAB7E6,0xAAB8E6,0xAABEE6,0xAABFE6,0xAAC1E6,0xAAF609,0xABED09,0xFB1E1A,0xFE20E6,0xFE21E6,0xFE22E6,0xFE23E6,
    0xFE24E6,0xFE25E6,0xFE26E6,0xFE27DC,0xFE28DC,0xFE29DC,0xFE2ADC,0xFE2BDC,0xFE2CDC,0xFE2DDC,0xFE2EE6,0xFE2FE6,
    0x101FDDC,0x102E0DC,0x10376E6,0x10377E6,0x10378E6,0x10379E6,0x1037AE6,0x10A0DDC,0x10A0FE6,0x10A38E6,0x10A3901,0x10A3ADC,
    0x10A3F09,0x10AE5E6,0x10AE6DC,0x1104609,0x1107F09,0x110B909,0x110BA07,0x11100E6,0x11101E6,0x11102E6,0x1113309,0x1113409,
    0x1117307,0x111C009,0x111CA07,0x1123509,0x1123607,0x112E907,0x112EA09,0x1133C07,0x1134D09,0x11366E6,0x11367E6,0x11368E6,
    0x11369E6,0x1136AE6,0x1136BE6,0x1136CE6,0x11370E6,0x11371E6,0x11372E6,0x11373E6,0x11374E6,0x1144209,0x1144607,0x114C209,
    0x114C307,0x115BF09,0x115C007,0x1163F09,0x116B609,0x116B707,0x1172B09,0x11C3F09,0x16AF001,0x16AF101,0x16AF201,0x16AF301,
    0x16AF401,0x16B30E6,0x16B31E6,0x16B32E6,0x16B33E6,0x16B34E6,0x16B35E6,0x16B36E6,0x1BC9E01,0x1D165D8,0x1D166D8,0x1D16701,
    0x1D16801,0x1D16901,0x1D16DE2,0x1D16ED8,0x1D16FD8,0x1D170D8,0x1D171D8,0x1D172D8,0x1D17BDC,0x1D17CDC,0x1D17DDC,0x1D17EDC,
    0x1D17FDC,0x1D180DC,0x1D181DC,0x1D182DC,0x1D185E6,0x1D186E6,0x1D187E6,0x1D188E6,0x1D189E6,0x1D18ADC,0x1D18BDC,0x1D1AAE6,
    0x1D1ABE6,0x1D1ACE6,0x1D1ADE6,0x1D242E6,0x1D243E6,0x1D244E6,0x1E000E6,0x1E001E6,0x1E002E6,0x1E003E6,0x1E004E6,0x1E005E6,
    0x1E006E6,0x1E008E6,0x1E009E6,0x1E00AE6,0x1E00BE6,0x1E00CE6,0x1E00DE6,0x1E00EE6,0x1E00FE6,0x1E010E6,0x1E011E6,0x1E012E6,
    0x1E013E6,0x1E014E6,0x1E015E6,0x1E016E6,0x1E017E6,0x1E018E6,0x1E01BE6,0x1E01CE6,0x1E01DE6,0x1E01EE6,0x1E01FE6,0x1E020E6,
    0x1E021E6,0x1E023E6,0x1E024E6,0x1E026E6,0x1E027E6,0x1E028E6,0x1E029E6,0x1E02AE6,0x1E8D0DC,0x1E8D1DC,0x1E8D2DC,0x1E8D3DC,
    0x1E8D4DC,0x1E8D5DC,0x1E8D6DC,0x1E944E6,0x1E945E6,0x1E946E6,0x1E947E6,0x1E948E6,0x1E949E6,0x1E94A07,
};

#define M2__UDEC_N 2060

static const uint32_t m2__udec_cp[2060] = {
    0xC0,0xC1,0xC2,0xC3,0xC4,0xC5,0xC7,0xC8,0xC9,0xCA,0xCB,0xCC,
    0xCD,0xCE,0xCF,0xD1,0xD2,0xD3,0xD4,0xD5,0xD6,0xD9,0xDA,0xDB,
    0xDC,0xDD,0xE0,0xE1,0xE2,0xE3,0xE4,0xE5,0xE7,0xE8,0xE9,0xEA,
    0xEB,0xEC,0xED,0xEE,0xEF,0xF1,0xF2,0xF3,0xF4,0xF5,0xF6,0xF9,
    0xFA,0xFB,0xFC,0xFD,0xFF,0x100,0x101,0x102,0x103,0x104,0x105,0x106,
    0x107,0x108,0x109,0x10A,0x10B,0x10C,0x10D,0x10E,0x10F,0x112,0x113,0x114,
    0x115,0x116,0x117,0x118,0x119,0x11A,0x11B,0x11C,0x11D,0x11E,0x11F,0x120,
    0x121,0x122,0x123,0x124,0x125,0x128,0x129,0x12A,0x12B,0x12C,0x12D,0x12E,
    0x12F,0x130,0x134,0x135,0x136,0x137,0x139,0x13A,0x13B,0x13C,0x13D,0x13E,
    0x143,0x144,0x145,0x146,0x147,0x148,0x14C,0x14D,0x14E,0x14F,0x150,0x151,
    0x154,0x155,0x156,0x157,0x158,0x159,0x15A,0x15B,0x15C,0x15D,0x15E,0x15F,
    0x160,0x161,0x162,0x163,0x164,0x165,0x168,0x169,0x16A,0x16B,0x16C,0x16D,
    0x16E,0x16F,0x170,0x171,0x172,0x173,0x174,0x175,0x176,0x177,0x178,0x179,
    0x17A,0x17B,0x17C,0x17D,0x17E,0x1A0,0x1A1,0x1AF,0x1B0,0x1CD,0x1CE,0x1CF,
    0x1D0,0x1D1,0x1D2,0x1D3,0x1D4,0x1D5,0x1D6,0x1D7,0x1D8,0x1D9,0x1DA,0x1DB,
    0x1DC,0x1DE,0x1DF,0x1E0,0x1E1,0x1E2,0x1E3,0x1E6,0x1E7,0x1E8,0x1E9,0x1EA,
    0x1EB,0x1EC,0x1ED,0x1EE,0x1EF,0x1F0,0x1F4,0x1F5,0x1F8,0x1F9,0x1FA,0x1FB,
    0x1FC,0x1FD,0x1FE,0x1FF,0x200,0x201,0x202,0x203,0x204,0x205,0x206,0x207,
    0x208,0x209,0x20A,0x20B,0x20C,0x20D,0x20E,0x20F,0x210,0x211,0x212,0x213,
    0x214,0x215,0x216,0x217,0x218,0x219,0x21A,0x21B,0x21E,0x21F,0x226,0x227,
    0x228,0x229,0x22A,0x22B,0x22C,0x22D,0x22E,0x22F,0x230,0x231,0x232,0x233,
    0x340,0x341,0x343,0x344,0x374,0x37E,0x385,0x386,0x387,0x388,0x389,0x38A,
    0x38C,0x38E,0x38F,0x390,0x3AA,0x3AB,0x3AC,0x3AD,0x3AE,0x3AF,0x3B0,0x3CA,
    0x3CB,0x3CC,0x3CD,0x3CE,0x3D3,0x3D4,0x400,0x401,0x403,0x407,0x40C,0x40D,
    0x40E,0x419,0x439,0x450,0x451,0x453,0x457,0x45C,0x45D,0x45E,0x476,0x477,
    0x4C1,0x4C2,0x4D0,0x4D1,0x4D2,0x4D3,0x4D6,0x4D7,0x4DA,0x4DB,0x4DC,0x4DD,
    0x4DE,0x4DF,0x4E2,0x4E3,0x4E4,0x4E5,0x4E6,0x4E7,0x4EA,0x4EB,0x4EC,0x4ED,
    0x4EE,0x4EF,0x4F0,0x4F1,0x4F2,0x4F3,0x4F4,0x4F5,0x4F8,0x4F9,0x622,0x623,
    0x624,0x625,0x626,0x6C0,0x6C2,0x6D3,0x929,0x931,0x934,0x958,0x959,0x95A,
    0x95B,0x95C,0x95D,0x95E,0x95F,0x9CB,0x9CC,0x9DC,0x9DD,0x9DF,0xA33,0xA36,
    0xA59,0xA5A,0xA5B,0xA5E,0xB48,0xB4B,0xB4C,0xB5C,0xB5D,0xB94,0xBCA,0xBCB,
    0xBCC,0xC48,0xCC0,0xCC7,0xCC8,0xCCA,0xCCB,0xD4A,0xD4B,0xD4C,0xDDA,0xDDC,
    0xDDD,0xDDE,0xF43,0xF4D,0xF52,0xF57,0xF5C,0xF69,0xF73,0xF75,0xF76,0xF78,
    0xF81,0xF93,0xF9D,0xFA2,0xFA7,0xFAC,0xFB9,0x1026,0x1B06,0x1B08,0x1B0A,0x1B0C,
    0x1B0E,0x1B12,0x1B3B,0x1B3D,0x1B40,0x1B41,0x1B43,0x1E00,0x1E01,0x1E02,0x1E03,0x1E04,
    0x1E05,0x1E06,0x1E07,0x1E08,0x1E09,0x1E0A,0x1E0B,0x1E0C,0x1E0D,0x1E0E,0x1E0F,0x1E10,
    0x1E11,0x1E12,0x1E13,0x1E14,0x1E15,0x1E16,0x1E17,0x1E18,0x1E19,0x1E1A,0x1E1B,0x1E1C,
    0x1E1D,0x1E1E,0x1E1F,0x1E20,0x1E21,0x1E22,0x1E23,0x1E24,0x1E25,0x1E26,0x1E27,0x1E28,
    0x1E29,0x1E2A,0x1E2B,0x1E2C,0x1E2D,0x1E2E,0x1E2F,0x1E30,0x1E31,0x1E32,0x1E33,0x1E34,
    0x1E35,0x1E36,0x1E37,0x1E38,0x1E39,0x1E3A,0x1E3B,0x1E3C,0x1E3D,0x1E3E,0x1E3F,0x1E40,
    0x1E41,0x1E42,0x1E43,0x1E44,0x1E45,0x1E46,0x1E47,0x1E48,0x1E49,0x1E4A,0x1E4B,0x1E4C,
    0x1E4D,0x1E4E,0x1E4F,0x1E50,0x1E51,0x1E52,0x1E53,0x1E54,0x1E55,0x1E56,0x1E57,0x1E58,
    0x1E59,0x1E5A,0x1E5B,0x1E5C,0x1E5D,0x1E5E,0x1E5F,0x1E60,0x1E61,0x1E62,0x1E63,0x1E64,
    0x1E65,0x1E66,0x1E67,0x1E68,0x1E69,0x1E6A,0x1E6B,0x1E6C,0x1E6D,0x1E6E,0x1E6F,0x1E70,
    0x1E71,0x1E72,0x1E73,0x1E74,0x1E75,0x1E76,0x1E77,0x1E78,0x1E79,0x1E7A,0x1E7B,0x1E7C,
    0x1E7D,0x1E7E,0x1E7F,0x1E80,0x1E81,0x1E82,0x1E83,0x1E84,0x1E85,0x1E86,0x1E87,0x1E88,
    0x1E89,0x1E8A,0x1E8B,0x1E8C,0x1E8D,0x1E8E,0x1E8F,0x1E90,0x1E91,0x1E92,0x1E93,0x1E94,
    0x1E95,0x1E96,0x1E97,0x1E98,0x1E99,0x1E9B,0x1EA0,0x1EA1,0x1EA2,0x1EA3,0x1EA4,0x1EA5,
    0x1EA6,0x1EA7,0x1EA8,0x1EA9,0x1EAA,0x1EAB,0x1EAC,0x1EAD,0x1EAE,0x1EAF,0x1EB0,0x1EB1,
    0x1EB2,0x1EB3,0x1EB4,0x1EB5,0x1EB6,0x1EB7,0x1EB8,0x1EB9,0x1EBA,0x1EBB,0x1EBC,0x1EBD,
    0x1EBE,0x1EBF,0x1EC0,0x1EC1,0x1EC2,0x1EC3,0x1EC4,0x1EC5,0x1EC6,0x1EC7,0x1EC8,0x1EC9,
    0x1ECA,0x1ECB,0x1ECC,0x1ECD,0x1ECE,0x1ECF,0x1ED0,0x1ED1,0x1ED2,0x1ED3,0x1ED4,0x1ED5,
    0x1ED6,0x1ED7,0x1ED8,0x1ED9,0x1EDA,0x1EDB,0x1EDC,0x1EDD,0x1EDE,0x1EDF,0x1EE0,0x1EE1,
    0x1EE2,0x1EE3,0x1EE4,0x1EE5,0x1EE6,0x1EE7,0x1EE8,0x1EE9,0x1EEA,0x1EEB,0x1EEC,0x1EED,
    0x1EEE,0x1EEF,0x1EF0,0x1EF1,0x1EF2,0x1EF3,0x1EF4,0x1EF5,0x1EF6,0x1EF7,0x1EF8,0x1EF9,
    0x1F00,0x1F01,0x1F02,0x1F03,0x1F04,0x1F05,0x1F06,0x1F07,0x1F08,0x1F09,0x1F0A,0x1F0B,
    0x1F0C,0x1F0D,0x1F0E,0x1F0F,0x1F10,0x1F11,0x1F12,0x1F13,0x1F14,0x1F15,0x1F18,0x1F19,
    0x1F1A,0x1F1B,0x1F1C,0x1F1D,0x1F20,0x1F21,0x1F22,0x1F23,0x1F24,0x1F25,0x1F26,0x1F27,
    0x1F28,0x1F29,0x1F2A,0x1F2B,0x1F2C,0x1F2D,0x1F2E,0x1F2F,0x1F30,0x1F31,0x1F32,0x1F33,
    0x1F34,0x1F35,0x1F36,0x1F37,0x1F38,0x1F39,0x1F3A,0x1F3B,0x1F3C,0x1F3D,0x1F3E,0x1F3F,
    0x1F40,0x1F41,0x1F42,0x1F43,0x1F44,0x1F45,0x1F48,0x1F49,0x1F4A,0x1F4B,0x1F4C,0x1F4D,
    0x1F50,0x1F51,0x1F52,0x1F53,0x1F54,0x1F55,0x1F56,0x1F57,0x1F59,0x1F5B,0x1F5D,0x1F5F,
    0x1F60,0x1F61,0x1F62,0x1F63,0x1F64,0x1F65,0x1F66,0x1F67,0x1F68,0x1F69,0x1F6A,0x1F6B,
    0x1F6C,0x1F6D,0x1F6E,0x1F6F,0x1F70,0x1F71,0x1F72,0x1F73,0x1F74,0x1F75,0x1F76,0x1F77,
    0x1F78,0x1F79,0x1F7A,0x1F7B,0x1F7C,0x1F7D,0x1F80,0x1F81,0x1F82,0x1F83,0x1F84,0x1F85,
    0x1F86,0x1F87,0x1F88,0x1F89,0x1F8A,0x1F8B,0x1F8C,0x1F8D,0x1F8E,0x1F8F,0x1F90,0x1F91,
    0x1F92,0x1F93,0x1F94,0x1F95,0x1F96,0x1F97,0x1F98,0x1F99,0x1F9A,0x1F9B,0x1F9C,0x1F9D,
    0x1F9E,0x1F9F,0x1FA0,0x1FA1,0x1FA2,0x1FA3,0x1FA4,0x1FA5,0x1FA6,0x1FA7,0x1FA8,0x1FA9,
    0x1FAA,0x1FAB,0x1FAC,0x1FAD,0x1FAE,0x1FAF,0x1FB0,0x1FB1,0x1FB2,0x1FB3,0x1FB4,0x1FB6,
    0x1FB7,0x1FB8,0x1FB9,0x1FBA,0x1FBB,0x1FBC,0x1FBE,0x1FC1,0x1FC2,0x1FC3,0x1FC4,0x1FC6,
    0x1FC7,0x1FC8,0x1FC9,0x1FCA,0x1FCB,0x1FCC,0x1FCD,0x1FCE,0x1FCF,0x1FD0,0x1FD1,0x1FD2,
    0x1FD3,0x1FD6,0x1FD7,0x1FD8,0x1FD9,0x1FDA,0x1FDB,0x1FDD,0x1FDE,0x1FDF,0x1FE0,0x1FE1,
    0x1FE2,0x1FE3,0x1FE4,0x1FE5,0x1FE6,0x1FE7,0x1FE8,0x1FE9,0x1FEA,0x1FEB,0x1FEC,0x1FED,
    0x1FEE,0x1FEF,0x1FF2,0x1FF3,0x1FF4,0x1FF6,0x1FF7,0x1FF8,0x1FF9,0x1FFA,0x1FFB,0x1FFC,
    0x1FFD,0x2000,0x2001,0x2126,0x212A,0x212B,0x219A,0x219B,0x21AE,0x21CD,0x21CE,0x21CF,
    0x2204,0x2209,0x220C,0x2224,0x2226,0x2241,0x2244,0x2247,0x2249,0x2260,0x2262,0x226D,
    0x226E,0x226F,0x2270,0x2271,0x2274,0x2275,0x2278,0x2279,0x2280,0x2281,0x2284,0x2285,
    0x2288,0x2289,0x22AC,0x22AD,0x22AE,0x22AF,0x22E0,0x22E1,0x22E2,0x22E3,0x22EA,0x22EB,
    0x22EC,0x22ED,0x2329,0x232A,0x2ADC,0x304C,0x304E,0x3050,0x3052,0x3054,0x3056,0x3058,
    0x305A,0x305C,0x305E,0x3060,0x3062,0x3065,0x3067,0x3069,0x3070,0x3071,0x3073,0x3074,
    0x3076,0x3077,0x3079,0x307A,0x307C,0x307D,0x3094,0x309E,0x30AC,0x30AE,0x30B0,0x30B2,
    0x30B4,0x30B6,0x30B8,0x30BA,0x30BC,0x30BE,0x30C0,0x30C2,0x30C5,0x30C7,0x30C9,0x30D0,
    0x30D1,0x30D3,0x30D4,0x30D6,0x30D7,0x30D9,0x30DA,0x30DC,0x30DD,0x30F4,0x30F7,0x30F8,
    0x30F9,0x30FA,0x30FE,0xF900,0xF901,0xF902,0xF903,0xF904,0xF905,0xF906,0xF907,0xF908,
    0xF909,0xF90A,0xF90B,0xF90C,0xF90D,0xF90E,0xF90F,0xF910,0xF911,0xF912,0xF913,0xF914,
    0xF915,0xF916,0xF917,0xF918,0xF919,0xF91A,0xF91B,0xF91C,0xF91D,0xF91E,0xF91F,0xF920,
    0xF921,0xF922,0xF923,0xF924,0xF925,0xF926,0xF927,0xF928,0xF929,0xF92A,0xF92B,0xF92C,
    0xF92D,0xF92E,0xF92F,0xF930,0xF931,0xF932,0xF933,0xF934,0xF935,0xF936,0xF937,0xF938,
    0xF939,0xF93A,0xF93B,0xF93C,0xF93D,0xF93E,0xF93F,0xF940,0xF941,0xF942,0xF943,0xF944,
    0xF945,0xF946,0xF947,0xF948,0xF949,0xF94A,0xF94B,0xF94C,0xF94D,0xF94E,0xF94F,0xF950,
    0xF951,0xF952,0xF953,0xF954,0xF955,0xF956,0xF957,0xF958,0xF959,0xF95A,0xF95B,0xF95C,
    0xF95D,0xF95E,0xF95F,0xF960,0xF961,0xF962,0xF963,0xF964,0xF965,0xF966,0xF967,0xF968,
    0xF969,0xF96A,0xF96B,0xF96C,0xF96D,0xF96E,0xF96F,0xF970,0xF971,0xF972,0xF973,0xF974,
    0xF975,0xF976,0xF977,0xF978,0xF979,0xF97A,0xF97B,0xF97C,0xF97D,0xF97E,0xF97F,0xF980,
    0xF981,0xF982,0xF983,0xF984,0xF985,0xF986,0xF987,0xF988,0xF989,0xF98A,0xF98B,0xF98C,
    0xF98D,0xF98E,0xF98F,0xF990,0xF991,0xF992,0xF993,0xF994,0xF995,0xF996,0xF997,0xF998,
    0xF999,0xF99A,0xF99B,0xF99C,0xF99D,0xF99E,0xF99F,0xF9A0,0xF9A1,0xF9A2,0xF9A3,0xF9A4,
    0xF9A5,0xF9A6,0xF9A7,0xF9A8,0xF9A9,0xF9AA,0xF9AB,0xF9AC,0xF9AD,0xF9AE,0xF9AF,0xF9B0,
    0xF9B1,0xF9B2,0xF9B3,0xF9B4,0xF9B5,0xF9B6,0xF9B7,0xF9B8,0xF9B9,0xF9BA,0xF9BB,0xF9BC,
    0xF9BD,0xF9BE,0xF9BF,0xF9C0,0xF9C1,0xF9C2,0xF9C3,0xF9C4,0xF9C5,0xF9C6,0xF9C7,0xF9C8,
    0xF9C9,0xF9CA,0xF9CB,0xF9CC,0xF9CD,0xF9CE,0xF9CF,0xF9D0,0xF9D1,0xF9D2,0xF9D3,0xF9D4,
    0xF9D5,0xF9D6,0xF9D7,0xF9D8,0xF9D9,0xF9DA,0xF9DB,0xF9DC,0xF9DD,0xF9DE,0xF9DF,0xF9E0,
    0xF9E1,0xF9E2,0xF9E3,0xF9E4,0xF9E5,0xF9E6,0xF9E7,0xF9E8,0xF9E9,0xF9EA,0xF9EB,0xF9EC,
    0xF9ED,0xF9EE,0xF9EF,0xF9F0,0xF9F1,0xF9F2,0xF9F3,0xF9F4,0xF9F5,0xF9F6,0xF9F7,0xF9F8,
    0xF9F9,0xF9FA,0xF9FB,0xF9FC,0xF9FD,0xF9FE,0xF9FF,0xFA00,0xFA01,0xFA02,0xFA03,0xFA04,
    0xFA05,0xFA06,0xFA07,0xFA08,0xFA09,0xFA0A,0xFA0B,0xFA0C,0xFA0D,0xFA10,0xFA12,0xFA15,
    0xFA16,0xFA17,0xFA18,0xFA19,0xFA1A,0xFA1B,0xFA1C,0xFA1D,0xFA1E,0xFA20,0xFA22,0xFA25,
    0xFA26,0xFA2A,0xFA2B,0xFA2C,0xFA2D,0xFA2E,0xFA2F,0xFA30,0xFA31,0xFA32,0xFA33,0xFA34,
    0xFA35,0xFA36,0xFA37,0xFA38,0xFA39,0xFA3A,0xFA3B,0xFA3C,0xFA3D,0xFA3E,0xFA3F,0xFA40,
    0xFA41,0xFA42,0xFA43,0xFA44,0xFA45,0xFA46,0xFA47,0xFA48,0xFA49,0xFA4A,0xFA4B,0xFA4C,
    0xFA4D,0xFA4E,0xFA4F,0xFA50,0xFA51,0xFA52,0xFA53,0xFA54,0xFA55,0xFA56,0xFA57,0xFA58,
    0xFA59,0xFA5A,0xFA5B,0xFA5C,0xFA5D,0xFA5E,0xFA5F,0xFA60,0xFA61,0xFA62,0xFA63,0xFA64,
    0xFA65,0xFA66,0xFA67,0xFA68,0xFA69,0xFA6A,0xFA6B,0xFA6C,0xFA6D,0xFA70,0xFA71,0xFA72,
    0xFA73,0xFA74,0xFA75,0xFA76,0xFA77,0xFA78,0xFA79,0xFA7A,0xFA7B,0xFA7C,0xFA7D,0xFA7E,
    0xFA7F,0xFA80,0xFA81,0xFA82,0xFA83,0xFA84,0xFA85,0xFA86,0xFA87,0xFA88,0xFA89,0xFA8A,
    0xFA8B,0xFA8C,0xFA8D,0xFA8E,0xFA8F,0xFA90,0xFA91,0xFA92,0xFA93,0xFA94,0xFA95,0xFA96,
    0xFA97,0xFA98,0xFA99,0xFA9A,0xFA9B,0xFA9C,0xFA9D,0xFA9E,0xFA9F,0xFAA0,0xFAA1,0xFAA2,
    0xFAA3,0xFAA4,0xFAA5,0xFAA6,0xFAA7,0xFAA8,0xFAA9,0xFAAA,0xFAAB,0xFAAC,0xFAAD,0xFAAE,
    0xFAAF,0xFAB0,0xFAB1,0xFAB2,0xFAB3,0xFAB4,0xFAB5,0xFAB6,0xFAB7,0xFAB8,0xFAB9,0xFABA,
    0xFABB,0xFABC,0xFABD,0xFABE,0xFABF,0xFAC0,0xFAC1,0xFAC2,0xFAC3,0xFAC4,0xFAC5,0xFAC6,
    0xFAC7,0xFAC8,0xFAC9,0xFACA,0xFACB,0xFACC,0xFACD,0xFACE,0xFACF,0xFAD0,0xFAD1,0xFAD2,
    0xFAD3,0xFAD4,0xFAD5,0xFAD6,0xFAD7,0xFAD8,0xFAD9,0xFB1D,0xFB1F,0xFB2A,0xFB2B,0xFB2C,
    0xFB2D,0xFB2E,0xFB2F,0xFB30,0xFB31,0xFB32,0xFB33,0xFB34,0xFB35,0xFB36,0xFB38,0xFB39,
    0xFB3A,0xFB3B,0xFB3C,0xFB3E,0xFB40,0xFB41,0xFB43,0xFB44,0xFB46,0xFB47,0xFB48,0xFB49,
    0xFB4A,0xFB4B,0xFB4C,0xFB4D,0xFB4E,0x1109A,0x1109C,0x110AB,0x1112E,0x1112F,0x1134B,0x1134C,
    0x114BB,0x114BC,0x114BE,0x115BA,0x115BB,0x1D15E,0x1D15F,0x1D160,0x1D161,0x1D162,0x1D163,0x1D164,
    0x1D1BB,0x1D1BC,0x1D1BD,0x1D1BE,0x1D1BF,0x1D1C0,0x2F800,0x2F801,0x2F802,0x2F803,0x2F804,0x2F805,
    0x2F806,0x2F807,0x2F808,0x2F809,0x2F80A,0x2F80B,0x2F80C,0x2F80D,0x2F80E,0x2F80F,0x2F810,0x2F811,
    0x2F812,0x2F813,0x2F814,0x2F815,0x2F816,0x2F817,0x2F818,0x2F819,0x2F81A,0x2F81B,0x2F81C,0x2F81D,
    0x2F81E,0x2F81F,0x2F820,0x2F821,0x2F822,0x2F823,0x2F824,0x2F825,0x2F826,0x2F827,0x2F828,0x2F829,
    0x2F82A,0x2F82B,0x2F82C,0x2F82D,0x2F82E,0x2F82F,0x2F830,0x2F831,0x2F832,0x2F833,0x2F834,0x2F835,
    0x2F836,0x2F837,0x2F838,0x2F839,0x2F83A,0x2F83B,0x2F83C,0x2F83D,0x2F83E,0x2F83F,0x2F840,0x2F841,
    0x2F842,0x2F843,0x2F844,0x2F845,0x2F846,0x2F847,0x2F848,0x2F849,0x2F84A,0x2F84B,0x2F84C,0x2F84D,
    0x2F84E,0x2F84F,0x2F850,0x2F851,0x2F852,0x2F853,0x2F854,0x2F855,0x2F856,0x2F857,0x2F858,0x2F859,
    0x2F85A,0x2F85B,0x2F85C,0x2F85D,0x2F85E,0x2F85F,0x2F860,0x2F861,0x2F862,0x2F863,0x2F864,0x2F865,
    0x2F866,0x2F867,0x2F868,0x2F869,0x2F86A,0x2F86B,0x2F86C,0x2F86D,0x2F86E,0x2F86F,0x2F870,0x2F871,
    0x2F872,0x2F873,0x2F874,0x2F875,0x2F876,0x2F877,0x2F878,0x2F879,0x2F87A,0x2F87B,0x2F87C,0x2F87D,
    0x2F87E,0x2F87F,0x2F880,0x2F881,0x2F882,0x2F883,0x2F884,0x2F885,0x2F886,0x2F887,0x2F888,0x2F889,
    0x2F88A,0x2F88B,0x2F88C,0x2F88D,0x2F88E,0x2F88F,0x2F890,0x2F891,0x2F892,0x2F893,0x2F894,0x2F895,
    0x2F896,0x2F897,0x2F898,0x2F899,0x2F89A,0x2F89B,0x2F89C,0x2F89D,0x2F89E,0x2F89F,0x2F8A0,0x2F8A1,
    0x2F8A2,0x2F8A3,0x2F8A4,0x2F8A5,0x2F8A6,0x2F8A7,0x2F8A8,0x2F8A9,0x2F8AA,0x2F8AB,0x2F8AC,0x2F8AD,
    0x2F8AE,0x2F8AF,0x2F8B0,0x2F8B1,0x2F8B2,0x2F8B3,0x2F8B4,0x2F8B5,0x2F8B6,0x2F8B7,0x2F8B8,0x2F8B9,
    0x2F8BA,0x2F8BB,0x2F8BC,0x2F8BD,0x2F8BE,0x2F8BF,0x2F8C0,0x2F8C1,0x2F8C2,0x2F8C3,0x2F8C4,0x2F8C5,
    0x2F8C6,0x2F8C7,0x2F8C8,0x2F8C9,0x2F8CA,0x2F8CB,0x2F8CC,0x2F8CD,0x2F8CE,0x2F8CF,0x2F8D0,0x2F8D1,
    0x2F8D2,0x2F8D3,0x2F8D4,0x2F8D5,0x2F8D6,0x2F8D7,0x2F8D8,0x2F8D9,0x2F8DA,0x2F8DB,0x2F8DC,0x2F8DD,
    0x2F8DE,0x2F8DF,0x2F8E0,0x2F8E1,0x2F8E2,0x2F8E3,0x2F8E4,0x2F8E5,0x2F8E6,0x2F8E7,0x2F8E8,0x2F8E9,
    0x2F8EA,0x2F8EB,0x2F8EC,0x2F8ED,0x2F8EE,0x2F8EF,0x2F8F0,0x2F8F1,0x2F8F2,0x2F8F3,0x2F8F4,0x2F8F5,
    0x2F8F6,0x2F8F7,0x2F8F8,0x2F8F9,0x2F8FA,0x2F8FB,0x2F8FC,0x2F8FD,0x2F8FE,0x2F8FF,0x2F900,0x2F901,
    0x2F902,0x2F903,0x2F904,0x2F905,0x2F906,0x2F907,0x2F908,0x2F909,0x2F90A,0x2F90B,0x2F90C,0x2F90D,
    0x2F90E,0x2F90F,0x2F910,0x2F911,0x2F912,0x2F913,0x2F914,0x2F915,0x2F916,0x2F917,0x2F918,0x2F919,
    0x2F91A,0x2F91B,0x2F91C,0x2F91D,0x2F91E,0x2F91F,0x2F920,0x2F921,0x2F922,0x2F923,0x2F924,0x2F925,
    0x2F926,0x2F927,0x2F928,0x2F929,0x2F92A,0x2F92B,0x2F92C,0x2F92D,0x2F92E,0x2F92F,0x2F930,0x2F931,
    0x2F932,0x2F933,0x2F934,0x2F935,0x2F936,0x2F937,0x2F938,0x2F939,0x2F93A,0x2F93B,0x2F93C,0x2F93D,
    0x2F93E,0x2F93F,0x2F940,0x2F941,0x2F942,0x2F943,0x2F944,0x2F945,0x2F946,0x2F947,0x2F948,0x2F949,
    0x2F94A,0x2F94B,0x2F94C,0x2F94D,0x2F94E,0x2F94F,0x2F950,0x2F951,0x2F952,0x2F953,0x2F954,0x2F955,
    0x2F956,0x2F957,0x2F958,0x2F959,0x2F95A,0x2F95B,0x2F95C,0x2F95D,0x2F95E,0x2F95F,0x2F960,0x2F961,
    0x2F962,0x2F963,0x2F964,0x2F965,0x2F966,0x2F967,0x2F968,0x2F969,0x2F96A,0x2F96B,0x2F96C,0x2F96D,
    0x2F96E,0x2F96F,0x2F970,0x2F971,0x2F972,0x2F973,0x2F974,0x2F975,0x2F976,0x2F977,0x2F978,0x2F979,
    0x2F97A,0x2F97B,0x2F97C,0x2F97D,0x2F97E,0x2F97F,0x2F980,0x2F981,0x2F982,0x2F983,0x2F984,0x2F985,
    0x2F986,0x2F987,0x2F988,0x2F989,0x2F98A,0x2F98B,0x2F98C,0x2F98D,0x2F98E,0x2F98F,0x2F990,0x2F991,
    0x2F992,0x2F993,0x2F994,0x2F995,0x2F996,0x2F997,0x2F998,0x2F999,0x2F99A,0x2F99B,0x2F99C,0x2F99D,
    0x2F99E,0x2F99F,0x2F9A0,0x2F9A1,0x2F9A2,0x2F9A3,0x2F9A4,0x2F9A5,0x2F9A6,0x2F9A7,0x2F9A8,0x2F9A9,
    0x2F9AA,0x2F9AB,0x2F9AC,0x2F9AD,0x2F9AE,0x2F9AF,0x2F9B0,0x2F9B1,0x2F9B2,0x2F9B3,0x2F9B4,0x2F9B5,
    0x2F9B6,0x2F9B7,0x2F9B8,0x2F9B9,0x2F9BA,0x2F9BB,0x2F9BC,0x2F9BD,0x2F9BE,0x2F9BF,0x2F9C0,0x2F9C1,
    0x2F9C2,0x2F9C3,0x2F9C4,0x2F9C5,0x2F9C6,0x2F9C7,0x2F9C8,0x2F9C9,0x2F9CA,0x2F9CB,0x2F9CC,0x2F9CD,
    0x2F9CE,0x2F9CF,0x2F9D0,0x2F9D1,0x2F9D2,0x2F9D3,0x2F9D4,0x2F9D5,0x2F9D6,0x2F9D7,0x2F9D8,0x2F9D9,
    0x2F9DA,0x2F9DB,0x2F9DC,0x2F9DD,0x2F9DE,0x2F9DF,0x2F9E0,0x2F9E1,0x2F9E2,0x2F9E3,0x2F9E4,0x2F9E5,
    0x2F9E6,0x2F9E7,0x2F9E8,0x2F9E9,0x2F9EA,0x2F9EB,0x2F9EC,0x2F9ED,0x2F9EE,0x2F9EF,0x2F9F0,0x2F9F1,
    0x2F9F2,0x2F9F3,0x2F9F4,0x2F9F5,0x2F9F6,0x2F9F7,0x2F9F8,0x2F9F9,0x2F9FA,0x2F9FB,0x2F9FC,0x2F9FD,
    0x2F9FE,0x2F9FF,0x2FA00,0x2FA01,0x2FA02,0x2FA03,0x2FA04,0x2FA05,0x2FA06,0x2FA07,0x2FA08,0x2FA09,
    0x2FA0A,0x2FA0B,0x2FA0C,0x2FA0D,0x2FA0E,0x2FA0F,0x2FA10,0x2FA11,0x2FA12,0x2FA13,0x2FA14,0x2FA15,
    0x2FA16,0x2FA17,0x2FA18,0x2FA19,0x2FA1A,0x2FA1B,0x2FA1C,0x2FA1D,
};

static const unsigned short m2__udec_info[2060] = {
    1,9,17,25,33,41,49,57,65,73,81,89,97,105,113,121,
    129,137,145,153,161,169,177,185,193,201,209,217,225,233,241,249,
    257,265,273,281,289,297,305,313,321,329,337,345,353,361,369,377,
    385,393,401,409,417,425,433,441,449,457,465,473,481,489,497,505,
    513,521,529,537,545,553,561,569,577,585,593,601,609,617,625,633,
    641,649,657,665,673,681,689,697,705,713,721,729,737,745,753,761,
    769,777,785,793,801,809,817,825,833,841,849,857,865,873,881,889,
    897,905,913,921,929,937,945,953,961,969,977,985,993,1001,1009,1017,
    1025,1033,1041,1049,1057,1065,1073,1081,1089,1097,1105,1113,1121,1129,1137,1145,
    1153,1161,1169,1177,1185,1193,1201,1209,1217,1225,1233,1241,1249,1257,1265,1273,
    1281,1289,1297,1305,1313,1321,1329,1337,1345,1353,1361,1369,1377,1386,1398,1410,
    1422,1434,1446,1458,1470,1482,1494,1506,1518,1529,1537,1545,1553,1561,1569,1577,
    1585,1594,1606,1617,1625,1633,1641,1649,1657,1665,1674,1686,1697,1705,1713,1721,
    1729,1737,1745,1753,1761,1769,1777,1785,1793,1801,1809,1817,1825,1833,1841,1849,
    1857,1865,1873,1881,1889,1897,1905,1913,1921,1929,1937,1945,1953,1961,1969,1977,
    1985,1993,2002,2014,2026,2038,2049,2057,2066,2078,2089,2097,2104,2108,2112,2117,
    2124,2128,2133,2141,2148,2153,2161,2169,2177,2185,2193,2202,2213,2221,2229,2237,
    2245,2253,2262,2273,2281,2289,2297,2305,2313,2321,2329,2337,2345,2353,2361,2369,
    2377,2385,2393,2401,2409,2417,2425,2433,2441,2449,2457,2465,2473,2481,2489,2497,
    2505,2513,2521,2529,2537,2545,2553,2561,2569,2577,2585,2593,2601,2609,2617,2625,
    2633,2641,2649,2657,2665,2673,2681,2689,2697,2705,2713,2721,2729,2737,2745,2753,
    2761,2769,2777,2785,2793,2801,2809,2817,2825,2833,2841,2849,2857,2865,2873,2881,
    2889,2897,2905,2913,2921,2929,2937,2945,2953,2961,2969,2977,2985,2993,3001,3009,
    3017,3025,3033,3041,3049,3057,3065,3073,3081,3089,3098,3109,3117,3125,3133,3141,
    3150,3161,3169,3177,3185,3193,3201,3209,3217,3225,3233,3241,3249,3257,3265,3273,
    3281,3289,3297,3305,3313,3321,3329,3337,3345,3353,3361,3369,3377,3385,3393,3401,
    3409,3417,3425,3433,3441,3449,3457,3466,3478,3489,3497,3505,3513,3521,3529,3537,
    3545,3553,3561,3570,3582,3594,3606,3617,3625,3633,3641,3650,3662,3673,3681,3689,
    3697,3705,3713,3721,3729,3737,3745,3753,3761,3769,3777,3785,3793,3802,3814,3825,
    3833,3841,3849,3857,3865,3873,3881,3890,3902,3913,3921,3929,3937,3945,3953,3961,
    3969,3977,3985,3993,4001,4009,4017,4025,4033,4041,4049,4058,4070,4082,4094,4106,
    4118,4130,4142,4153,4161,4169,4177,4185,4193,4201,4209,4218,4230,4241,4249,4257,
    4265,4273,4281,4290,4302,4314,4326,4338,4350,4361,4369,4377,4385,4393,4401,4409,
    4417,4425,4433,4441,4449,4457,4465,4474,4486,4498,4510,4521,4529,4537,4545,4553,
    4561,4569,4577,4585,4593,4601,4609,4617,4625,4633,4641,4649,4657,4665,4673,4681,
    4689,4697,4705,4713,4721,4729,4737,4745,4753,4761,4769,4777,4785,4793,4802,4814,
    4826,4838,4850,4862,4874,4886,4898,4910,4922,4934,4946,4958,4970,4982,4994,5006,
    5018,5030,5041,5049,5057,5065,5073,5081,5090,5102,5114,5126,5138,5150,5162,5174,
    5186,5198,5209,5217,5225,5233,5241,5249,5257,5265,5274,5286,5298,5310,5322,5334,
    5346,5358,5370,5382,5394,5406,5418,5430,5442,5454,5466,5478,5490,5502,5513,5521,
    5529,5537,5546,5558,5570,5582,5594,5606,5618,5630,5642,5654,5665,5673,5681,5689,
    5697,5705,5713,5721,5729,5737,5746,5758,5770,5782,5794,5806,5817,5825,5834,5846,
    5858,5870,5882,5894,5905,5913,5922,5934,5946,5958,5969,5977,5986,5998,6010,6022,
    6033,6041,6050,6062,6074,6086,6098,6110,6121,6129,6138,6150,6162,6174,6186,6198,
    6209,6217,6226,6238,6250,6262,6274,6286,6297,6305,6314,6326,6338,6350,6362,6374,
    6385,6393,6402,6414,6426,6438,6449,6457,6466,6478,6490,6502,6513,6521,6530,6542,
    6554,6566,6578,6590,6601,6610,6622,6634,6645,6653,6662,6674,6686,6698,6710,6722,
    6733,6741,6750,6762,6774,6786,6798,6810,6821,6829,6837,6845,6853,6861,6869,6877,
    6885,6893,6901,6909,6917,6925,6934,6946,6959,6975,6991,7007,7023,7039,7054,7066,
    7079,7095,7111,7127,7143,7159,7174,7186,7199,7215,7231,7247,7263,7279,7294,7306,
    7319,7335,7351,7367,7383,7399,7414,7426,7439,7455,7471,7487,7503,7519,7534,7546,
    7559,7575,7591,7607,7623,7639,7653,7661,7670,7681,7690,7701,7710,7721,7729,7737,
    7745,7753,7760,7765,7774,7785,7794,7805,7814,7825,7833,7841,7849,7857,7865,7873,
    7881,7889,7897,7906,7918,7929,7938,7949,7957,7965,7973,7981,7989,7997,8005,8013,
    8022,8034,8045,8053,8061,8070,8081,8089,8097,8105,8113,8121,8129,8136,8142,8153,
    8162,8173,8182,8193,8201,8209,8217,8225,8232,8236,8240,8244,8248,8253,8261,8269,
    8277,8285,8293,8301,8309,8317,8325,8333,8341,8349,8357,8365,8373,8381,8389,8397,
    8405,8413,8421,8429,8437,8445,8453,8461,8469,8477,8485,8493,8501,8509,8517,8525,
    8533,8541,8549,8557,8565,8573,8581,8589,8597,8605,8612,8616,8621,8629,8637,8645,
    8653,8661,8669,8677,8685,8693,8701,8709,8717,8725,8733,8741,8749,8757,8765,8773,
    8781,8789,8797,8805,8813,8821,8829,8837,8845,8853,8861,8869,8877,8885,8893,8901,
    8909,8917,8925,8933,8941,8949,8957,8965,8973,8981,8989,8997,9005,9013,9021,9029,
    9037,9045,9053,9061,9069,9077,9085,9092,9096,9100,9104,9108,9112,9116,9120,9124,
    9128,9132,9136,9140,9144,9148,9152,9156,9160,9164,9168,9172,9176,9180,9184,9188,
    9192,9196,9200,9204,9208,9212,9216,9220,9224,9228,9232,9236,9240,9244,9248,9252,
    9256,9260,9264,9268,9272,9276,9280,9284,9288,9292,9296,9300,9304,9308,9312,9316,
    9320,9324,9328,9332,9336,9340,9344,9348,9352,9356,9360,9364,9368,9372,9376,9380,
    9384,9388,9392,9396,9400,9404,9408,9412,9416,9420,9424,9428,9432,9436,9440,9444,
    9448,9452,9456,9460,9464,9468,9472,9476,9480,9484,9488,9492,9496,9500,9504,9508,
    9512,9516,9520,9524,9528,9532,9536,9540,9544,9548,9552,9556,9560,9564,9568,9572,
    9576,9580,9584,9588,9592,9596,9600,9604,9608,9612,9616,9620,9624,9628,9632,9636,
    9640,9644,9648,9652,9656,9660,9664,9668,9672,9676,9680,9684,9688,9692,9696,9700,
    9704,9708,9712,9716,9720,9724,9728,9732,9736,9740,9744,9748,9752,9756,9760,9764,
    9768,9772,9776,9780,9784,9788,9792,9796,9800,9804,9808,9812,9816,9820,9824,9828,
    9832,9836,9840,9844,9848,9852,9856,9860,9864,9868,9872,9876,9880,9884,9888,9892,
    9896,9900,9904,9908,9912,9916,9920,9924,9928,9932,9936,9940,9944,9948,9952,9956,
    9960,9964,9968,9972,9976,9980,9984,9988,9992,9996,10000,10004,10008,10012,10016,10020,
    10024,10028,10032,10036,10040,10044,10048,10052,10056,10060,10064,10068,10072,10076,10080,10084,
    10088,10092,10096,10100,10104,10108,10112,10116,10120,10124,10128,10132,10136,10140,10144,10148,
    10152,10156,10160,10164,10168,10172,10176,10180,10184,10188,10192,10196,10200,10204,10208,10212,
    10216,10220,10224,10228,10232,10236,10240,10244,10248,10252,10256,10260,10264,10268,10272,10276,
    10280,10284,10288,10292,10296,10300,10304,10308,10312,10316,10320,10324,10328,10332,10336,10340,
    10344,10348,10352,10356,10360,10364,10368,10372,10376,10380,10384,10388,10392,10396,10400,10404,
    10408,10412,10416,10420,10424,10428,10432,10436,10440,10444,10448,10452,10456,10460,10464,10468,
    10472,10476,10480,10484,10488,10492,10496,10500,10504,10508,10512,10516,10520,10524,10528,10532,
    10536,10540,10544,10548,10552,10556,10560,10564,10568,10572,10576,10580,10584,10588,10592,10596,
    10600,10604,10608,10612,10616,10620,10624,10628,10632,10636,10640,10644,10648,10652,10656,10660,
    10664,10668,10672,10676,10680,10684,10688,10692,10696,10700,10704,10708,10712,10716,10720,10724,
    10728,10732,10736,10740,10744,10748,10752,10756,10760,10764,10768,10772,10776,10780,10784,10788,
    10792,10796,10800,10804,10808,10812,10816,10820,10824,10828,10832,10836,10840,10844,10848,10852,
    10856,10860,10864,10868,10872,10876,10880,10884,10888,10892,10896,10900,10904,10908,10912,10916,
    10920,10924,10928,10933,10941,10949,10957,10966,10978,10989,10997,11005,11013,11021,11029,11037,
    11045,11053,11061,11069,11077,11085,11093,11101,11109,11117,11125,11133,11141,11149,11157,11165,
    11173,11181,11189,11197,11205,11213,11221,11229,11237,11245,11253,11261,11269,11277,11285,11293,
    11301,11309,11317,11326,11338,11350,11362,11374,11385,11393,11402,11414,11426,11438,11448,11452,
    11456,11460,11464,11468,11472,11476,11480,11484,11488,11492,11496,11500,11504,11508,11512,11516,
    11520,11524,11528,11532,11536,11540,11544,11548,11552,11556,11560,11564,11568,11572,11576,11580,
    11584,11588,11592,11596,11600,11604,11608,11612,11616,11620,11624,11628,11632,11636,11640,11644,
    11648,11652,11656,11660,11664,11668,11672,11676,11680,11684,11688,11692,11696,11700,11704,11708,
    11712,11716,11720,11724,11728,11732,11736,11740,11744,11748,11752,11756,11760,11764,11768,11772,
    11776,11780,11784,11788,11792,11796,11800,11804,11808,11812,11816,11820,11824,11828,11832,11836,
    11840,11844,11848,11852,11856,11860,11864,11868,11872,11876,11880,11884,11888,11892,11896,11900,
    11904,11908,11912,11916,11920,11924,11928,11932,11936,11940,11944,11948,11952,11956,11960,11964,
    11968,11972,11976,11980,11984,11988,11992,11996,12000,12004,12008,12012,12016,12020,12024,12028,
    12032,12036,12040,12044,12048,12052,12056,12060,12064,12068,12072,12076,12080,12084,12088,12092,
    12096,12100,12104,12108,12112,12116,12120,12124,12128,12132,12136,12140,12144,12148,12152,12156,
    12160,12164,12168,12172,12176,12180,12184,12188,12192,12196,12200,12204,12208,12212,12216,12220,
    12224,12228,12232,12236,12240,12244,12248,12252,12256,12260,12264,12268,12272,12276,12280,12284,
    12288,12292,12296,12300,12304,12308,12312,12316,12320,12324,12328,12332,12336,12340,12344,12348,
    12352,12356,12360,12364,12368,12372,12376,12380,12384,12388,12392,12396,12400,12404,12408,12412,
    12416,12420,12424,12428,12432,12436,12440,12444,12448,12452,12456,12460,12464,12468,12472,12476,
    12480,12484,12488,12492,12496,12500,12504,12508,12512,12516,12520,12524,12528,12532,12536,12540,
    12544,12548,12552,12556,12560,12564,12568,12572,12576,12580,12584,12588,12592,12596,12600,12604,
    12608,12612,12616,12620,12624,12628,12632,12636,12640,12644,12648,12652,12656,12660,12664,12668,
    12672,12676,12680,12684,12688,12692,12696,12700,12704,12708,12712,12716,12720,12724,12728,12732,
    12736,12740,12744,12748,12752,12756,12760,12764,12768,12772,12776,12780,12784,12788,12792,12796,
    12800,12804,12808,12812,12816,12820,12824,12828,12832,12836,12840,12844,12848,12852,12856,12860,
    12864,12868,12872,12876,12880,12884,12888,12892,12896,12900,12904,12908,12912,12916,12920,12924,
    12928,12932,12936,12940,12944,12948,12952,12956,12960,12964,12968,12972,12976,12980,12984,12988,
    12992,12996,13000,13004,13008,13012,13016,13020,13024,13028,13032,13036,13040,13044,13048,13052,
    13056,13060,13064,13068,13072,13076,13080,13084,13088,13092,13096,13100,13104,13108,13112,13116,
    13120,13124,13128,13132,13136,13140,13144,13148,13152,13156,13160,13164,13168,13172,13176,13180,
    13184,13188,13192,13196,13200,13204,13208,13212,13216,13220,13224,13228,13232,13236,13240,13244,
    13248,13252,13256,13260,13264,13268,13272,13276,13280,13284,13288,13292,13296,13300,13304,13308,
    13312,13316,13320,13324,13328,13332,13336,13340,13344,13348,13352,13356,13360,13364,13368,13372,
    13376,13380,13384,13388,13392,13396,13400,13404,13408,13412,13416,13420,13424,13428,13432,13436,
    13440,13444,13448,13452,13456,13460,13464,13468,13472,13476,13480,13484,13488,13492,13496,13500,
    13504,13508,13512,13516,13520,13524,13528,13532,13536,13540,13544,13548,13552,13556,13560,13564,
    13568,13572,13576,13580,13584,13588,13592,13596,13600,13604,13608,13612,
};

static const uint32_t m2__udec_pool[3404] = {
    0x41,0x300,0x41,0x301,0x41,0x302,0x41,0x303,0x41,0x308,0x41,0x30A,
    0x43,0x327,0x45,0x300,0x45,0x301,0x45,0x302,0x45,0x308,0x49,0x300,
    0x49,0x301,0x49,0x302,0x49,0x308,0x4E,0x303,0x4F,0x300,0x4F,0x301,
    0x4F,0x302,0x4F,0x303,0x4F,0x308,0x55,0x300,0x55,0x301,0x55,0x302,
    0x55,0x308,0x59,0x301,0x61,0x300,0x61,0x301,0x61,0x302,0x61,0x303,
    0x61,0x308,0x61,0x30A,0x63,0x327,0x65,0x300,0x65,0x301,0x65,0x302,
    0x65,0x308,0x69,0x300,0x69,0x301,0x69,0x302,0x69,0x308,0x6E,0x303,
    0x6F,0x300,0x6F,0x301,0x6F,0x302,0x6F,0x303,0x6F,0x308,0x75,0x300,
    0x75,0x301,0x75,0x302,0x75,0x308,0x79,0x301,0x79,0x308,0x41,0x304,
    0x61,0x304,0x41,0x306,0x61,0x306,0x41,0x328,0x61,0x328,0x43,0x301,
    0x63,0x301,0x43,0x302,0x63,0x302,0x43,0x307,0x63,0x307,0x43,0x30C,
    0x63,0x30C,0x44,0x30C,0x64,0x30C,0x45,0x304,0x65,0x304,0x45,0x306,
    0x65,0x306,0x45,0x307,0x65,0x307,0x45,0x328,0x65,0x328,0x45,0x30C,
    0x65,0x30C,0x47,0x302,0x67,0x302,0x47,0x306,0x67,0x306,0x47,0x307,
    0x67,0x307,0x47,0x327,0x67,0x327,0x48,0x302,0x68,0x302,0x49,0x303,
    0x69,0x303,0x49,0x304,0x69,0x304,0x49,0x306,0x69,0x306,0x49,0x328,
    0x69,0x328,0x49,0x307,0x4A,0x302,0x6A,0x302,0x4B,0x327,0x6B,0x327,
    0x4C,0x301,0x6C,0x301,0x4C,0x327,0x6C,0x327,0x4C,0x30C,0x6C,0x30C,
    0x4E,0x301,0x6E,0x301,0x4E,0x327,0x6E,0x327,0x4E,0x30C,0x6E,0x30C,
    0x4F,0x304,0x6F,0x304,0x4F,0x306,0x6F,0x306,0x4F,0x30B,0x6F,0x30B,
    0x52,0x301,0x72,0x301,0x52,0x327,0x72,0x327,0x52,0x30C,0x72,0x30C,
    0x53,0x301,0x73,0x301,0x53,0x302,0x73,0x302,0x53,0x327,0x73,0x327,
    0x53,0x30C,0x73,0x30C,0x54,0x327,0x74,0x327,0x54,0x30C,0x74,0x30C,
    0x55,0x303,0x75,0x303,0x55,0x304,0x75,0x304,0x55,0x306,0x75,0x306,
    0x55,0x30A,0x75,0x30A,0x55,0x30B,0x75,0x30B,0x55,0x328,0x75,0x328,
    0x57,0x302,0x77,0x302,0x59,0x302,0x79,0x302,0x59,0x308,0x5A,0x301,
    0x7A,0x301,0x5A,0x307,0x7A,0x307,0x5A,0x30C,0x7A,0x30C,0x4F,0x31B,
    0x6F,0x31B,0x55,0x31B,0x75,0x31B,0x41,0x30C,0x61,0x30C,0x49,0x30C,
    0x69,0x30C,0x4F,0x30C,0x6F,0x30C,0x55,0x30C,0x75,0x30C,0x55,0x308,
    0x304,0x75,0x308,0x304,0x55,0x308,0x301,0x75,0x308,0x301,0x55,0x308,
    0x30C,0x75,0x308,0x30C,0x55,0x308,0x300,0x75,0x308,0x300,0x41,0x308,
    0x304,0x61,0x308,0x304,0x41,0x307,0x304,0x61,0x307,0x304,0xC6,0x304,
    0xE6,0x304,0x47,0x30C,0x67,0x30C,0x4B,0x30C,0x6B,0x30C,0x4F,0x328,
    0x6F,0x328,0x4F,0x328,0x304,0x6F,0x328,0x304,0x1B7,0x30C,0x292,0x30C,
    0x6A,0x30C,0x47,0x301,0x67,0x301,0x4E,0x300,0x6E,0x300,0x41,0x30A,
    0x301,0x61,0x30A,0x301,0xC6,0x301,0xE6,0x301,0xD8,0x301,0xF8,0x301,
    0x41,0x30F,0x61,0x30F,0x41,0x311,0x61,0x311,0x45,0x30F,0x65,0x30F,
    0x45,0x311,0x65,0x311,0x49,0x30F,0x69,0x30F,0x49,0x311,0x69,0x311,
    0x4F,0x30F,0x6F,0x30F,0x4F,0x311,0x6F,0x311,0x52,0x30F,0x72,0x30F,
    0x52,0x311,0x72,0x311,0x55,0x30F,0x75,0x30F,0x55,0x311,0x75,0x311,
    0x53,0x326,0x73,0x326,0x54,0x326,0x74,0x326,0x48,0x30C,0x68,0x30C,
    0x41,0x307,0x61,0x307,0x45,0x327,0x65,0x327,0x4F,0x308,0x304,0x6F,
    0x308,0x304,0x4F,0x303,0x304,0x6F,0x303,0x304,0x4F,0x307,0x6F,0x307,
    0x4F,0x307,0x304,0x6F,0x307,0x304,0x59,0x304,0x79,0x304,0x300,0x301,
    0x313,0x308,0x301,0x2B9,0x3B,0xA8,0x301,0x391,0x301,0xB7,0x395,0x301,
    0x397,0x301,0x399,0x301,0x39F,0x301,0x3A5,0x301,0x3A9,0x301,0x3B9,0x308,
    0x301,0x399,0x308,0x3A5,0x308,0x3B1,0x301,0x3B5,0x301,0x3B7,0x301,0x3B9,
    0x301,0x3C5,0x308,0x301,0x3B9,0x308,0x3C5,0x308,0x3BF,0x301,0x3C5,0x301,
    0x3C9,0x301,0x3D2,0x301,0x3D2,0x308,0x415,0x300,0x415,0x308,0x413,0x301,
    0x406,0x308,0x41A,0x301,0x418,0x300,0x423,0x306,0x418,0x306,0x438,0x306,
    0x435,0x300,0x435,0x308,0x433,0x301,0x456,0x308,0x43A,0x301,0x438,0x300,
    0x443,0x306,0x474,0x30F,0x475,0x30F,0x416,0x306,0x436,0x306,0x410,0x306,
    0x430,0x306,0x410,0x308,0x430,0x308,0x415,0x306,0x435,0x306,0x4D8,0x308,
    0x4D9,0x308,0x416,0x308,0x436,0x308,0x417,0x308,0x437,0x308,0x418,0x304,
    0x438,0x304,0x418,0x308,0x438,0x308,0x41E,0x308,0x43E,0x308,0x4E8,0x308,
    0x4E9,0x308,0x42D,0x308,0x44D,0x308,0x423,0x304,0x443,0x304,0x423,0x308,
    0x443,0x308,0x423,0x30B,0x443,0x30B,0x427,0x308,0x447,0x308,0x42B,0x308,
    0x44B,0x308,0x627,0x653,0x627,0x654,0x648,0x654,0x627,0x655,0x64A,0x654,
    0x6D5,0x654,0x6C1,0x654,0x6D2,0x654,0x928,0x93C,0x930,0x93C,0x933,0x93C,
    0x915,0x93C,0x916,0x93C,0x917,0x93C,0x91C,0x93C,0x921,0x93C,0x922,0x93C,
    0x92B,0x93C,0x92F,0x93C,0x9C7,0x9BE,0x9C7,0x9D7,0x9A1,0x9BC,0x9A2,0x9BC,
    0x9AF,0x9BC,0xA32,0xA3C,0xA38,0xA3C,0xA16,0xA3C,0xA17,0xA3C,0xA1C,0xA3C,
    0xA2B,0xA3C,0xB47,0xB56,0xB47,0xB3E,0xB47,0xB57,0xB21,0xB3C,0xB22,0xB3C,
    0xB92,0xBD7,0xBC6,0xBBE,0xBC7,0xBBE,0xBC6,0xBD7,0xC46,0xC56,0xCBF,0xCD5,
    0xCC6,0xCD5,0xCC6,0xCD6,0xCC6,0xCC2,0xCC6,0xCC2,0xCD5,0xD46,0xD3E,0xD47,
    0xD3E,0xD46,0xD57,0xDD9,0xDCA,0xDD9,0xDCF,0xDD9,0xDCF,0xDCA,0xDD9,0xDDF,
    0xF42,0xFB7,0xF4C,0xFB7,0xF51,0xFB7,0xF56,0xFB7,0xF5B,0xFB7,0xF40,0xFB5,
    0xF71,0xF72,0xF71,0xF74,0xFB2,0xF80,0xFB3,0xF80,0xF71,0xF80,0xF92,0xFB7,
    0xF9C,0xFB7,0xFA1,0xFB7,0xFA6,0xFB7,0xFAB,0xFB7,0xF90,0xFB5,0x1025,0x102E,
    0x1B05,0x1B35,0x1B07,0x1B35,0x1B09,0x1B35,0x1B0B,0x1B35,0x1B0D,0x1B35,0x1B11,0x1B35,
    0x1B3A,0x1B35,0x1B3C,0x1B35,0x1B3E,0x1B35,0x1B3F,0x1B35,0x1B42,0x1B35,0x41,0x325,
    0x61,0x325,0x42,0x307,0x62,0x307,0x42,0x323,0x62,0x323,0x42,0x331,
    0x62,0x331,0x43,0x327,0x301,0x63,0x327,0x301,0x44,0x307,0x64,0x307,
    0x44,0x323,0x64,0x323,0x44,0x331,0x64,0x331,0x44,0x327,0x64,0x327,
    0x44,0x32D,0x64,0x32D,0x45,0x304,0x300,0x65,0x304,0x300,0x45,0x304,
    0x301,0x65,0x304,0x301,0x45,0x32D,0x65,0x32D,0x45,0x330,0x65,0x330,
    0x45,0x327,0x306,0x65,0x327,0x306,0x46,0x307,0x66,0x307,0x47,0x304,
    0x67,0x304,0x48,0x307,0x68,0x307,0x48,0x323,0x68,0x323,0x48,0x308,
    0x68,0x308,0x48,0x327,0x68,0x327,0x48,0x32E,0x68,0x32E,0x49,0x330,
    0x69,0x330,0x49,0x308,0x301,0x69,0x308,0x301,0x4B,0x301,0x6B,0x301,
    0x4B,0x323,0x6B,0x323,0x4B,0x331,0x6B,0x331,0x4C,0x323,0x6C,0x323,
    0x4C,0x323,0x304,0x6C,0x323,0x304,0x4C,0x331,0x6C,0x331,0x4C,0x32D,
    0x6C,0x32D,0x4D,0x301,0x6D,0x301,0x4D,0x307,0x6D,0x307,0x4D,0x323,
    0x6D,0x323,0x4E,0x307,0x6E,0x307,0x4E,0x323,0x6E,0x323,0x4E,0x331,
    0x6E,0x331,0x4E,0x32D,0x6E,0x32D,0x4F,0x303,0x301,0x6F,0x303,0x301,
    0x4F,0x303,0x308,0x6F,0x303,0x308,0x4F,0x304,0x300,0x6F,0x304,0x300,
    0x4F,0x304,0x301,0x6F,0x304,0x301,0x50,0x301,0x70,0x301,0x50,0x307,
    0x70,0x307,0x52,0x307,0x72,0x307,0x52,0x323,0x72,0x323,0x52,0x323,
    0x304,0x72,0x323,0x304,0x52,0x331,0x72,0x331,0x53,0x307,0x73,0x307,
    0x53,0x323,0x73,0x323,0x53,0x301,0x307,0x73,0x301,0x307,0x53,0x30C,
    0x307,0x73,0x30C,0x307,0x53,0x323,0x307,0x73,0x323,0x307,0x54,0x307,
    0x74,0x307,0x54,0x323,0x74,0x323,0x54,0x331,0x74,0x331,0x54,0x32D,
    0x74,0x32D,0x55,0x324,0x75,0x324,0x55,0x330,0x75,0x330,0x55,0x32D,
    0x75,0x32D,0x55,0x303,0x301,0x75,0x303,0x301,0x55,0x304,0x308,0x75,
    0x304,0x308,0x56,0x303,0x76,0x303,0x56,0x323,0x76,0x323,0x57,0x300,
    0x77,0x300,0x57,0x301,0x77,0x301,0x57,0x308,0x77,0x308,0x57,0x307,
    0x77,0x307,0x57,0x323,0x77,0x323,0x58,0x307,0x78,0x307,0x58,0x308,
    0x78,0x308,0x59,0x307,0x79,0x307,0x5A,0x302,0x7A,0x302,0x5A,0x323,
    0x7A,0x323,0x5A,0x331,0x7A,0x331,0x68,0x331,0x74,0x308,0x77,0x30A,
    0x79,0x30A,0x17F,0x307,0x41,0x323,0x61,0x323,0x41,0x309,0x61,0x309,
    0x41,0x302,0x301,0x61,0x302,0x301,0x41,0x302,0x300,0x61,0x302,0x300,
    0x41,0x302,0x309,0x61,0x302,0x309,0x41,0x302,0x303,0x61,0x302,0x303,
    0x41,0x323,0x302,0x61,0x323,0x302,0x41,0x306,0x301,0x61,0x306,0x301,
    0x41,0x306,0x300,0x61,0x306,0x300,0x41,0x306,0x309,0x61,0x306,0x309,
    0x41,0x306,0x303,0x61,0x306,0x303,0x41,0x323,0x306,0x61,0x323,0x306,
    0x45,0x323,0x65,0x323,0x45,0x309,0x65,0x309,0x45,0x303,0x65,0x303,
    0x45,0x302,0x301,0x65,0x302,0x301,0x45,0x302,0x300,0x65,0x302,0x300,
    0x45,0x302,0x309,0x65,0x302,0x309,0x45,0x302,0x303,0x65,0x302,0x303,
    0x45,0x323,0x302,0x65,0x323,0x302,0x49,0x309,0x69,0x309,0x49,0x323,
    0x69,0x323,0x4F,0x323,0x6F,0x323,0x4F,0x309,0x6F,0x309,0x4F,0x302,
    0x301,0x6F,0x302,0x301,0x4F,0x302,0x300,0x6F,0x302,0x300,0x4F,0x302,
    0x309,0x6F,0x302,0x309,0x4F,0x302,0x303,0x6F,0x302,0x303,0x4F,0x323,
    0x302,0x6F,0x323,0x302,0x4F,0x31B,0x301,0x6F,0x31B,0x301,0x4F,0x31B,
    0x300,0x6F,0x31B,0x300,0x4F,0x31B,0x309,0x6F,0x31B,0x309,0x4F,0x31B,
    0x303,0x6F,0x31B,0x303,0x4F,0x31B,0x323,0x6F,0x31B,0x323,0x55,0x323,
    0x75,0x323,0x55,0x309,0x75,0x309,0x55,0x31B,0x301,0x75,0x31B,0x301,
    0x55,0x31B,0x300,0x75,0x31B,0x300,0x55,0x31B,0x309,0x75,0x31B,0x309,
    0x55,0x31B,0x303,0x75,0x31B,0x303,0x55,0x31B,0x323,0x75,0x31B,0x323,
    0x59,0x300,0x79,0x300,0x59,0x323,0x79,0x323,0x59,0x309,0x79,0x309,
    0x59,0x303,0x79,0x303,0x3B1,0x313,0x3B1,0x314,0x3B1,0x313,0x300,0x3B1,
    0x314,0x300,0x3B1,0x313,0x301,0x3B1,0x314,0x301,0x3B1,0x313,0x342,0x3B1,
    0x314,0x342,0x391,0x313,0x391,0x314,0x391,0x313,0x300,0x391,0x314,0x300,
    0x391,0x313,0x301,0x391,0x314,0x301,0x391,0x313,0x342,0x391,0x314,0x342,
    0x3B5,0x313,0x3B5,0x314,0x3B5,0x313,0x300,0x3B5,0x314,0x300,0x3B5,0x313,
    0x301,0x3B5,0x314,0x301,0x395,0x313,0x395,0x314,0x395,0x313,0x300,0x395,
    0x314,0x300,0x395,0x313,0x301,0x395,0x314,0x301,0x3B7,0x313,0x3B7,0x314,
    0x3B7,0x313,0x300,0x3B7,0x314,0x300,0x3B7,0x313,0x301,0x3B7,0x314,0x301,
    0x3B7,0x313,0x342,0x3B7,0x314,0x342,0x397,0x313,0x397,0x314,0x397,0x313,
    0x300,0x397,0x314,0x300,0x397,0x313,0x301,0x397,0x314,0x301,0x397,0x313,
    0x342,0x397,0x314,0x342,0x3B9,0x313,0x3B9,0x314,0x3B9,0x313,0x300,0x3B9,
    0x314,0x300,0x3B9,0x313,0x301,0x3B9,0x314,0x301,0x3B9,0x313,0x342,0x3B9,
    0x314,0x342,0x399,0x313,0x399,0x314,0x399,0x313,0x300,0x399,0x314,0x300,
    0x399,0x313,0x301,0x399,0x314,0x301,0x399,0x313,0x342,0x399,0x314,0x342,
    0x3BF,0x313,0x3BF,0x314,0x3BF,0x313,0x300,0x3BF,0x314,0x300,0x3BF,0x313,
    0x301,0x3BF,0x314,0x301,0x39F,0x313,0x39F,0x314,0x39F,0x313,0x300,0x39F,
    0x314,0x300,0x39F,0x313,0x301,0x39F,0x314,0x301,0x3C5,0x313,0x3C5,0x314,
    0x3C5,0x313,0x300,0x3C5,0x314,0x300,0x3C5,0x313,0x301,0x3C5,0x314,0x301,
    0x3C5,0x313,0x342,0x3C5,0x314,0x342,0x3A5,0x314,0x3A5,0x314,0x300,0x3A5,
    0x314,0x301,0x3A5,0x314,0x342,0x3C9,0x313,0x3C9,0x314,0x3C9,0x313,0x300,
    0x3C9,0x314,0x300,0x3C9,0x313,0x301,0x3C9,0x314,0x301,0x3C9,0x313,0x342,
    0x3C9,0x314,0x342,0x3A9,0x313,0x3A9,0x314,0x3A9,0x313,0x300,0x3A9,0x314,
    0x300,0x3A9,0x313,0x301,0x3A9,0x314,0x301,0x3A9,0x313,0x342,0x3A9,0x314,
    0x342,0x3B1,0x300,0x3B1,0x301,0x3B5,0x300,0x3B5,0x301,0x3B7,0x300,0x3B7,
    0x301,0x3B9,0x300,0x3B9,0x301,0x3BF,0x300,0x3BF,0x301,0x3C5,0x300,0x3C5,
    0x301,0x3C9,0x300,0x3C9,0x301,0x3B1,0x313,0x345,0x3B1,0x314,0x345,0x3B1,
    0x313,0x300,0x345,0x3B1,0x314,0x300,0x345,0x3B1,0x313,0x301,0x345,0x3B1,
    0x314,0x301,0x345,0x3B1,0x313,0x342,0x345,0x3B1,0x314,0x342,0x345,0x391,
    0x313,0x345,0x391,0x314,0x345,0x391,0x313,0x300,0x345,0x391,0x314,0x300,
    0x345,0x391,0x313,0x301,0x345,0x391,0x314,0x301,0x345,0x391,0x313,0x342,
    0x345,0x391,0x314,0x342,0x345,0x3B7,0x313,0x345,0x3B7,0x314,0x345,0x3B7,
    0x313,0x300,0x345,0x3B7,0x314,0x300,0x345,0x3B7,0x313,0x301,0x345,0x3B7,
    0x314,0x301,0x345,0x3B7,0x313,0x342,0x345,0x3B7,0x314,0x342,0x345,0x397,
    0x313,0x345,0x397,0x314,0x345,0x397,0x313,0x300,0x345,0x397,0x314,0x300,
    0x345,0x397,0x313,0x301,0x345,0x397,0x314,0x301,0x345,0x397,0x313,0x342,
    0x345,0x397,0x314,0x342,0x345,0x3C9,0x313,0x345,0x3C9,0x314,0x345,0x3C9,
    0x313,0x300,0x345,0x3C9,0x314,0x300,0x345,0x3C9,0x313,0x301,0x345,0x3C9,
    0x314,0x301,0x345,0x3C9,0x313,0x342,0x345,0x3C9,0x314,0x342,0x345,0x3A9,
    0x313,0x345,0x3A9,0x314,0x345,0x3A9,0x313,0x300,0x345,0x3A9,0x314,0x300,
    0x345,0x3A9,0x313,0x301,0x345,0x3A9,0x314,0x301,0x345,0x3A9,0x313,0x342,
    0x345,0x3A9,0x314,0x342,0x345,0x3B1,0x306,0x3B1,0x304,0x3B1,0x300,0x345,
    0x3B1,0x345,0x3B1,0x301,0x345,0x3B1,0x342,0x3B1,0x342,0x345,0x391,0x306,
    0x391,0x304,0x391,0x300,0x391,0x301,0x391,0x345,0x3B9,0xA8,0x342,0x3B7,
    0x300,0x345,0x3B7,0x345,0x3B7,0x301,0x345,0x3B7,0x342,0x3B7,0x342,0x345,
    0x395,0x300,0x395,0x301,0x397,0x300,0x397,0x301,0x397,0x345,0x1FBF,0x300,
    0x1FBF,0x301,0x1FBF,0x342,0x3B9,0x306,0x3B9,0x304,0x3B9,0x308,0x300,0x3B9,
    0x308,0x301,0x3B9,0x342,0x3B9,0x308,0x342,0x399,0x306,0x399,0x304,0x399,
    0x300,0x399,0x301,0x1FFE,0x300,0x1FFE,0x301,0x1FFE,0x342,0x3C5,0x306,0x3C5,
    0x304,0x3C5,0x308,0x300,0x3C5,0x308,0x301,0x3C1,0x313,0x3C1,0x314,0x3C5,
    0x342,0x3C5,0x308,0x342,0x3A5,0x306,0x3A5,0x304,0x3A5,0x300,0x3A5,0x301,
    0x3A1,0x314,0xA8,0x300,0xA8,0x301,0x60,0x3C9,0x300,0x345,0x3C9,0x345,
    0x3C9,0x301,0x345,0x3C9,0x342,0x3C9,0x342,0x345,0x39F,0x300,0x39F,0x301,
    0x3A9,0x300,0x3A9,0x301,0x3A9,0x345,0xB4,0x2002,0x2003,0x3A9,0x4B,0x41,
    0x30A,0x2190,0x338,0x2192,0x338,0x2194,0x338,0x21D0,0x338,0x21D4,0x338,0x21D2,
    0x338,0x2203,0x338,0x2208,0x338,0x220B,0x338,0x2223,0x338,0x2225,0x338,0x223C,
    0x338,0x2243,0x338,0x2245,0x338,0x2248,0x338,0x3D,0x338,0x2261,0x338,0x224D,
    0x338,0x3C,0x338,0x3E,0x338,0x2264,0x338,0x2265,0x338,0x2272,0x338,0x2273,
    0x338,0x2276,0x338,0x2277,0x338,0x227A,0x338,0x227B,0x338,0x2282,0x338,0x2283,
    0x338,0x2286,0x338,0x2287,0x338,0x22A2,0x338,0x22A8,0x338,0x22A9,0x338,0x22AB,
    0x338,0x227C,0x338,0x227D,0x338,0x2291,0x338,0x2292,0x338,0x22B2,0x338,0x22B3,
    0x338,0x22B4,0x338,0x22B5,0x338,0x3008,0x3009,0x2ADD,0x338,0x304B,0x3099,0x304D,
    0x3099,0x304F,0x3099,0x3051,0x3099,0x3053,0x3099,0x3055,0x3099,0x3057,0x3099,0x3059,
    0x3099,0x305B,0x3099,0x305D,0x3099,0x305F,0x3099,0x3061,0x3099,0x3064,0x3099,0x3066,
    0x3099,0x3068,0x3099,0x306F,0x3099,0x306F,0x309A,0x3072,0x3099,0x3072,0x309A,0x3075,
    0x3099,0x3075,0x309A,0x3078,0x3099,0x3078,0x309A,0x307B,0x3099,0x307B,0x309A,0x3046,
    0x3099,0x309D,0x3099,0x30AB,0x3099,0x30AD,0x3099,0x30AF,0x3099,0x30B1,0x3099,0x30B3,
    0x3099,0x30B5,0x3099,0x30B7,0x3099,0x30B9,0x3099,0x30BB,0x3099,0x30BD,0x3099,0x30BF,
    0x3099,0x30C1,0x3099,0x30C4,0x3099,0x30C6,0x3099,0x30C8,0x3099,0x30CF,0x3099,0x30CF,
    0x309A,0x30D2,0x3099,0x30D2,0x309A,0x30D5,0x3099,0x30D5,0x309A,0x30D8,0x3099,0x30D8,
    0x309A,0x30DB,0x3099,0x30DB,0x309A,0x30A6,0x3099,0x30EF,0x3099,0x30F0,0x3099,0x30F1,
    0x3099,0x30F2,0x3099,0x30FD,0x3099,0x8C48,0x66F4,0x8ECA,0x8CC8,0x6ED1,0x4E32,0x53E5,
    0x9F9C,0x9F9C,0x5951,0x91D1,0x5587,0x5948,0x61F6,0x7669,0x7F85,0x863F,0x87BA,0x88F8,
    0x908F,0x6A02,0x6D1B,0x70D9,0x73DE,0x843D,0x916A,0x99F1,0x4E82,0x5375,0x6B04,0x721B,
    0x862D,0x9E1E,0x5D50,0x6FEB,0x85CD,0x8964,0x62C9,0x81D8,0x881F,0x5ECA,0x6717,0x6D6A,
    0x72FC,0x90CE,0x4F86,0x51B7,0x52DE,0x64C4,0x6AD3,0x7210,0x76E7,0x8001,0x8606,0x865C,
    0x8DEF,0x9732,0x9B6F,0x9DFA,0x788C,0x797F,0x7DA0,0x83C9,0x9304,0x9E7F,0x8AD6,0x58DF,
    0x5F04,0x7C60,0x807E,0x7262,0x78CA,0x8CC2,0x96F7,0x58D8,0x5C62,0x6A13,0x6DDA,0x6F0F,
    0x7D2F,0x7E37,0x964B,0x52D2,0x808B,0x51DC,0x51CC,0x7A1C,0x7DBE,0x83F1,0x9675,0x8B80,
    0x62CF,0x6A02,0x8AFE,0x4E39,0x5BE7,0x6012,0x7387,0x7570,0x5317,0x78FB,0x4FBF,0x5FA9,
    0x4E0D,0x6CCC,0x6578,0x7D22,0x53C3,0x585E,0x7701,0x8449,0x8AAA,0x6BBA,0x8FB0,0x6C88,
    0x62FE,0x82E5,0x63A0,0x7565,0x4EAE,0x5169,0x51C9,0x6881,0x7CE7,0x826F,0x8AD2,0x91CF,
    0x52F5,0x5442,0x5973,0x5EEC,0x65C5,0x6FFE,0x792A,0x95AD,0x9A6A,0x9E97,0x9ECE,0x529B,
    0x66C6,0x6B77,0x8F62,0x5E74,0x6190,0x6200,0x649A,0x6F23,0x7149,0x7489,0x79CA,0x7DF4,
    0x806F,0x8F26,0x84EE,0x9023,0x934A,0x5217,0x52A3,0x54BD,0x70C8,0x88C2,0x8AAA,0x5EC9,
    0x5FF5,0x637B,0x6BAE,0x7C3E,0x7375,0x4EE4,0x56F9,0x5BE7,0x5DBA,0x601C,0x73B2,0x7469,
    0x7F9A,0x8046,0x9234,0x96F6,0x9748,0x9818,0x4F8B,0x79AE,0x91B4,0x96B8,0x60E1,0x4E86,
    0x50DA,0x5BEE,0x5C3F,0x6599,0x6A02,0x71CE,0x7642,0x84FC,0x907C,0x9F8D,0x6688,0x962E,
    0x5289,0x677B,0x67F3,0x6D41,0x6E9C,0x7409,0x7559,0x786B,0x7D10,0x985E,0x516D,0x622E,
    0x9678,0x502B,0x5D19,0x6DEA,0x8F2A,0x5F8B,0x6144,0x6817,0x7387,0x9686,0x5229,0x540F,
    0x5C65,0x6613,0x674E,0x68A8,0x6CE5,0x7406,0x75E2,0x7F79,0x88CF,0x88E1,0x91CC,0x96E2,
    0x533F,0x6EBA,0x541D,0x71D0,0x7498,0x85FA,0x96A3,0x9C57,0x9E9F,0x6797,0x6DCB,0x81E8,
    0x7ACB,0x7B20,0x7C92,0x72C0,0x7099,0x8B58,0x4EC0,0x8336,0x523A,0x5207,0x5EA6,0x62D3,
    0x7CD6,0x5B85,0x6D1E,0x66B4,0x8F3B,0x884C,0x964D,0x898B,0x5ED3,0x5140,0x55C0,0x585A,
    0x6674,0x51DE,0x732A,0x76CA,0x793C,0x795E,0x7965,0x798F,0x9756,0x7CBE,0x7FBD,0x8612,
    0x8AF8,0x9038,0x90FD,0x98EF,0x98FC,0x9928,0x9DB4,0x90DE,0x96B7,0x4FAE,0x50E7,0x514D,
    0x52C9,0x52E4,0x5351,0x559D,0x5606,0x5668,0x5840,0x58A8,0x5C64,0x5C6E,0x6094,0x6168,
    0x618E,0x61F2,0x654F,0x65E2,0x6691,0x6885,0x6D77,0x6E1A,0x6F22,0x716E,0x722B,0x7422,
    0x7891,0x793E,0x7949,0x7948,0x7950,0x7956,0x795D,0x798D,0x798E,0x7A40,0x7A81,0x7BC0,
    0x7DF4,0x7E09,0x7E41,0x7F72,0x8005,0x81ED,0x8279,0x8279,0x8457,0x8910,0x8996,0x8B01,
    0x8B39,0x8CD3,0x8D08,0x8FB6,0x9038,0x96E3,0x97FF,0x983B,0x6075,0x242EE,0x8218,0x4E26,
    0x51B5,0x5168,0x4F80,0x5145,0x5180,0x52C7,0x52FA,0x559D,0x5555,0x5599,0x55E2,0x585A,
    0x58B3,0x5944,0x5954,0x5A62,0x5B28,0x5ED2,0x5ED9,0x5F69,0x5FAD,0x60D8,0x614E,0x6108,
    0x618E,0x6160,0x61F2,0x6234,0x63C4,0x641C,0x6452,0x6556,0x6674,0x6717,0x671B,0x6756,
    0x6B79,0x6BBA,0x6D41,0x6EDB,0x6ECB,0x6F22,0x701E,0x716E,0x77A7,0x7235,0x72AF,0x732A,
    0x7471,0x7506,0x753B,0x761D,0x761F,0x76CA,0x76DB,0x76F4,0x774A,0x7740,0x78CC,0x7AB1,
    0x7BC0,0x7C7B,0x7D5B,0x7DF4,0x7F3E,0x8005,0x8352,0x83EF,0x8779,0x8941,0x8986,0x8996,
    0x8ABF,0x8AF8,0x8ACB,0x8B01,0x8AFE,0x8AED,0x8B39,0x8B8A,0x8D08,0x8F38,0x9072,0x9199,
    0x9276,0x967C,0x96E3,0x9756,0x97DB,0x97FF,0x980B,0x983B,0x9B12,0x9F9C,0x2284A,0x22844,
    0x233D5,0x3B9D,0x4018,0x4039,0x25249,0x25CD0,0x27ED3,0x9F43,0x9F8E,0x5D9,0x5B4,0x5F2,
    0x5B7,0x5E9,0x5C1,0x5E9,0x5C2,0x5E9,0x5BC,0x5C1,0x5E9,0x5BC,0x5C2,0x5D0,
    0x5B7,0x5D0,0x5B8,0x5D0,0x5BC,0x5D1,0x5BC,0x5D2,0x5BC,0x5D3,0x5BC,0x5D4,
    0x5BC,0x5D5,0x5BC,0x5D6,0x5BC,0x5D8,0x5BC,0x5D9,0x5BC,0x5DA,0x5BC,0x5DB,
    0x5BC,0x5DC,0x5BC,0x5DE,0x5BC,0x5E0,0x5BC,0x5E1,0x5BC,0x5E3,0x5BC,0x5E4,
    0x5BC,0x5E6,0x5BC,0x5E7,0x5BC,0x5E8,0x5BC,0x5E9,0x5BC,0x5EA,0x5BC,0x5D5,
    0x5B9,0x5D1,0x5BF,0x5DB,0x5BF,0x5E4,0x5BF,0x11099,0x110BA,0x1109B,0x110BA,0x110A5,
    0x110BA,0x11131,0x11127,0x11132,0x11127,0x11347,0x1133E,0x11347,0x11357,0x114B9,0x114BA,0x114B9,
    0x114B0,0x114B9,0x114BD,0x115B8,0x115AF,0x115B9,0x115AF,0x1D157,0x1D165,0x1D158,0x1D165,0x1D158,
    0x1D165,0x1D16E,0x1D158,0x1D165,0x1D16F,0x1D158,0x1D165,0x1D170,0x1D158,0x1D165,0x1D171,0x1D158,
    0x1D165,0x1D172,0x1D1B9,0x1D165,0x1D1BA,0x1D165,0x1D1B9,0x1D165,0x1D16E,0x1D1BA,0x1D165,0x1D16E,
    0x1D1B9,0x1D165,0x1D16F,0x1D1BA,0x1D165,0x1D16F,0x4E3D,0x4E38,0x4E41,0x20122,0x4F60,0x4FAE,
    0x4FBB,0x5002,0x507A,0x5099,0x50E7,0x50CF,0x349E,0x2063A,0x514D,0x5154,0x5164,0x5177,
    0x2051C,0x34B9,0x5167,0x518D,0x2054B,0x5197,0x51A4,0x4ECC,0x51AC,0x51B5,0x291DF,0x51F5,
    0x5203,0x34DF,0x523B,0x5246,0x5272,0x5277,0x3515,0x52C7,0x52C9,0x52E4,0x52FA,0x5305,
    0x5306,0x5317,0x5349,0x5351,0x535A,0x5373,0x537D,0x537F,0x537F,0x537F,0x20A2C,0x7070,
    0x53CA,0x53DF,0x20B63,0x53EB,0x53F1,0x5406,0x549E,0x5438,0x5448,0x5468,0x54A2,0x54F6,
    0x5510,0x5553,0x5563,0x5584,0x5584,0x5599,0x55AB,0x55B3,0x55C2,0x5716,0x5606,0x5717,
    0x5651,0x5674,0x5207,0x58EE,0x57CE,0x57F4,0x580D,0x578B,0x5832,0x5831,0x58AC,0x214E4,
    0x58F2,0x58F7,0x5906,0x591A,0x5922,0x5962,0x216A8,0x216EA,0x59EC,0x5A1B,0x5A27,0x59D8,
    0x5A66,0x36EE,0x36FC,0x5B08,0x5B3E,0x5B3E,0x219C8,0x5BC3,0x5BD8,0x5BE7,0x5BF3,0x21B18,
    0x5BFF,0x5C06,0x5F53,0x5C22,0x3781,0x5C60,0x5C6E,0x5CC0,0x5C8D,0x21DE4,0x5D43,0x21DE6,
    0x5D6E,0x5D6B,0x5D7C,0x5DE1,0x5DE2,0x382F,0x5DFD,0x5E28,0x5E3D,0x5E69,0x3862,0x22183,
    0x387C,0x5EB0,0x5EB3,0x5EB6,0x5ECA,0x2A392,0x5EFE,0x22331,0x22331,0x8201,0x5F22,0x5F22,
    0x38C7,0x232B8,0x261DA,0x5F62,0x5F6B,0x38E3,0x5F9A,0x5FCD,0x5FD7,0x5FF9,0x6081,0x393A,
    0x391C,0x6094,0x226D4,0x60C7,0x6148,0x614C,0x614E,0x614C,0x617A,0x618E,0x61B2,0x61A4,
    0x61AF,0x61DE,0x61F2,0x61F6,0x6210,0x621B,0x625D,0x62B1,0x62D4,0x6350,0x22B0C,0x633D,
    0x62FC,0x6368,0x6383,0x63E4,0x22BF1,0x6422,0x63C5,0x63A9,0x3A2E,0x6469,0x647E,0x649D,
    0x6477,0x3A6C,0x654F,0x656C,0x2300A,0x65E3,0x66F8,0x6649,0x3B19,0x6691,0x3B08,0x3AE4,
    0x5192,0x5195,0x6700,0x669C,0x80AD,0x43D9,0x6717,0x671B,0x6721,0x675E,0x6753,0x233C3,
    0x3B49,0x67FA,0x6785,0x6852,0x6885,0x2346D,0x688E,0x681F,0x6914,0x3B9D,0x6942,0x69A3,
    0x69EA,0x6AA8,0x236A3,0x6ADB,0x3C18,0x6B21,0x238A7,0x6B54,0x3C4E,0x6B72,0x6B9F,0x6BBA,
    0x6BBB,0x23A8D,0x21D0B,0x23AFA,0x6C4E,0x23CBC,0x6CBF,0x6CCD,0x6C67,0x6D16,0x6D3E,0x6D77,
    0x6D41,0x6D69,0x6D78,0x6D85,0x23D1E,0x6D34,0x6E2F,0x6E6E,0x3D33,0x6ECB,0x6EC7,0x23ED1,
    0x6DF9,0x6F6E,0x23F5E,0x23F8E,0x6FC6,0x7039,0x701E,0x701B,0x3D96,0x704A,0x707D,0x7077,
    0x70AD,0x20525,0x7145,0x24263,0x719C,0x243AB,0x7228,0x7235,0x7250,0x24608,0x7280,0x7295,
    0x24735,0x24814,0x737A,0x738B,0x3EAC,0x73A5,0x3EB8,0x3EB8,0x7447,0x745C,0x7471,0x7485,
    0x74CA,0x3F1B,0x7524,0x24C36,0x753E,0x24C92,0x7570,0x2219F,0x7610,0x24FA1,0x24FB8,0x25044,
    0x3FFC,0x4008,0x76F4,0x250F3,0x250F2,0x25119,0x25133,0x771E,0x771F,0x771F,0x774A,0x4039,
    0x778B,0x4046,0x4096,0x2541D,0x784E,0x788C,0x78CC,0x40E3,0x25626,0x7956,0x2569A,0x256C5,
    0x798F,0x79EB,0x412F,0x7A40,0x7A4A,0x7A4F,0x2597C,0x25AA7,0x25AA7,0x7AEE,0x4202,0x25BAB,
    0x7BC6,0x7BC9,0x4227,0x25C80,0x7CD2,0x42A0,0x7CE8,0x7CE3,0x7D00,0x25F86,0x7D63,0x4301,
    0x7DC7,0x7E02,0x7E45,0x4334,0x26228,0x26247,0x4359,0x262D9,0x7F7A,0x2633E,0x7F95,0x7FFA,
    0x8005,0x264DA,0x26523,0x8060,0x265A8,0x8070,0x2335F,0x43D5,0x80B2,0x8103,0x440B,0x813E,
    0x5AB5,0x267A7,0x267B5,0x23393,0x2339C,0x8201,0x8204,0x8F9E,0x446B,0x8291,0x828B,0x829D,
    0x52B3,0x82B1,0x82B3,0x82BD,0x82E6,0x26B3C,0x82E5,0x831D,0x8363,0x83AD,0x8323,0x83BD,
    0x83E7,0x8457,0x8353,0x83CA,0x83CC,0x83DC,0x26C36,0x26D6B,0x26CD5,0x452B,0x84F1,0x84F3,
    0x8516,0x273CA,0x8564,0x26F2C,0x455D,0x4561,0x26FB1,0x270D2,0x456B,0x8650,0x865C,0x8667,
    0x8669,0x86A9,0x8688,0x870E,0x86E2,0x8779,0x8728,0x876B,0x8786,0x45D7,0x87E1,0x8801,
    0x45F9,0x8860,0x8863,0x27667,0x88D7,0x88DE,0x4635,0x88FA,0x34BB,0x278AE,0x27966,0x46BE,
    0x46C7,0x8AA0,0x8AED,0x8B8A,0x8C55,0x27CA8,0x8CAB,0x8CC1,0x8D1B,0x8D77,0x27F2F,0x20804,
    0x8DCB,0x8DBC,0x8DF0,0x208DE,0x8ED4,0x8F38,0x285D2,0x285ED,0x9094,0x90F1,0x9111,0x2872E,
    0x911B,0x9238,0x92D7,0x92D8,0x927C,0x93F9,0x9415,0x28BFA,0x958B,0x4995,0x95B7,0x28D77,
    0x49E6,0x96C3,0x5DB2,0x9723,0x29145,0x2921A,0x4A6E,0x4A76,0x97E0,0x2940A,0x4AB2,0x29496,
    0x980B,0x980B,0x9829,0x295B6,0x98E2,0x4B33,0x9929,0x99A7,0x99C2,0x99FE,0x4BCE,0x29B30,
    0x9B12,0x9C40,0x9CFD,0x4CCE,0x4CED,0x9D67,0x2A0CE,0x4CF8,0x2A105,0x2A20E,0x2A291,0x9EBB,
    0x4D56,0x9EF9,0x9EFE,0x9F05,0x9F0F,0x9F16,0x9F3B,0x2A600,
};

/* general category (index into the order of tools/convert.py GC_NAMES) | M2__UGC_* bits */
#define M2__UGC_COMPAT 32
#define M2__UGC_LOWER 64
#define M2__UGC_SHIFT_A 4
#define M2__UGC_SHIFT_B 5

static const unsigned char m2__ugc_s1[2176] = {
    0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,26,26,26,26,26,
    26,26,26,26,26,26,27,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,28,26,29,30,31,32,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,33,34,34,34,34,35,35,35,35,35,35,35,35,35,35,35,35,36,37,38,39,
    40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,26,56,57,58,58,58,58,59,26,26,60,58,58,58,58,58,
    58,58,26,61,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,26,62,58,63,26,26,26,26,26,26,26,26,
    26,26,26,64,26,26,65,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,66,67,68,58,58,58,58,69,58,
    58,58,58,58,58,58,58,70,71,72,73,74,75,76,58,77,78,79,80,81,82,58,83,84,85,86,75,87,88,89,58,58,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,90,26,26,26,26,26,26,26,91,92,26,26,26,
    26,26,26,26,26,26,26,93,26,26,26,26,26,26,26,26,26,26,26,26,26,94,58,58,58,58,58,58,26,95,58,58,
    26,26,26,26,26,26,26,26,26,96,26,26,26,26,26,26,26,97,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    98,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,58,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,99,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,99,
};

static const unsigned short m2__ugc_s2[3200] = {
    0,0,1,2,3,4,5,6,0,0,7,8,9,10,11,12,13,13,13,14,15,13,13,16,17,18,19,20,21,22,13,23,
    13,13,13,24,25,11,11,11,11,26,11,27,28,29,30,31,32,32,32,32,32,32,32,33,34,35,36,11,37,38,13,39,
    9,9,9,11,11,11,13,13,40,13,13,13,41,13,13,13,13,13,13,42,9,43,11,11,44,45,32,46,47,48,49,50,
    51,52,48,48,53,32,54,55,48,48,48,48,48,56,57,58,59,60,48,32,61,48,48,48,48,48,62,63,64,48,65,66,
    48,67,68,69,48,70,71,48,72,73,48,48,74,32,75,32,76,48,48,77,78,79,80,81,82,83,84,85,86,87,88,89,
    90,83,84,91,92,93,94,95,96,97,84,98,99,100,88,101,102,83,84,103,104,105,88,106,107,108,109,110,111,112,94,113,
    114,115,84,116,117,118,88,119,120,115,84,121,122,123,88,124,125,115,48,126,127,128,88,129,130,131,48,132,133,134,94,135,
    136,48,48,137,138,139,140,140,141,48,142,143,144,145,140,140,146,147,148,149,150,48,151,152,153,154,32,155,156,157,140,140,
    48,48,158,159,160,161,162,163,164,165,9,9,166,11,11,167,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,168,169,48,48,168,48,48,170,171,172,48,48,48,171,48,48,48,173,174,175,48,176,9,9,9,9,9,177,
    178,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,179,48,180,181,48,48,48,48,182,183,48,184,48,185,48,186,187,188,48,48,48,189,190,191,192,193,
    194,192,48,48,195,48,48,196,197,48,198,48,48,48,48,199,48,200,201,202,203,48,204,205,48,48,206,48,207,208,209,209,
    48,210,48,48,48,211,212,213,192,192,214,215,216,140,140,140,217,48,48,218,219,160,220,221,222,48,223,64,48,48,224,225,
    48,48,226,227,228,64,48,229,230,9,9,231,232,233,234,235,11,11,236,237,238,239,240,241,11,242,239,239,32,32,32,32,
    13,13,13,13,13,13,13,13,13,243,13,13,13,13,13,13,244,245,244,244,245,246,244,247,248,248,248,249,250,251,252,253,
    254,255,256,257,258,259,260,261,262,263,264,265,266,267,268,269,270,271,272,273,274,275,276,277,278,279,280,209,281,282,209,283,
    284,284,285,286,284,284,284,284,284,284,284,284,284,284,284,284,287,209,288,209,209,209,209,289,209,290,284,291,209,292,293,209,
    209,209,294,140,295,140,275,275,275,296,297,298,299,297,300,301,209,209,209,209,209,209,209,209,209,209,209,302,303,209,209,304,
    209,209,209,209,209,209,305,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,306,307,301,308,209,209,309,284,310,284,
    209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,284,284,284,284,284,284,284,284,311,312,284,284,284,313,284,314,
    315,284,284,284,284,284,284,316,284,284,284,284,284,284,284,284,209,209,209,284,317,209,209,318,209,319,209,209,209,209,209,209,
    9,9,9,11,11,11,320,321,13,13,13,13,13,13,322,323,11,11,324,48,48,48,325,326,48,327,328,328,328,328,32,32,
    329,330,331,332,333,334,140,140,209,335,209,209,209,209,209,336,297,297,297,297,297,297,297,297,297,297,297,297,297,337,140,338,
    339,340,341,342,136,48,48,48,48,343,178,48,48,48,48,344,345,48,48,346,347,347,347,347,348,349,48,48,209,209,350,48,
    297,351,352,297,353,354,297,355,352,297,297,354,297,297,297,355,297,297,297,297,297,297,297,297,297,297,297,297,297,297,297,297,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,209,209,209,209,
    48,356,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,151,209,209,209,294,48,48,229,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    357,48,358,140,13,13,359,360,13,361,48,48,48,48,362,363,31,364,365,366,13,13,13,367,368,369,370,371,372,373,140,374,
    375,48,376,377,48,48,48,378,379,48,48,380,381,192,32,382,64,48,383,48,384,385,48,151,76,48,48,386,387,388,389,390,
    48,48,391,392,393,394,48,395,48,48,48,396,397,398,399,400,401,402,328,11,11,403,404,11,11,11,11,11,48,48,405,192,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,406,48,407,48,48,206,
    408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,408,
    409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,
    409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,204,48,48,48,48,48,48,207,140,140,410,411,412,413,414,347,347,347,347,347,347,415,416,417,347,347,
    347,347,347,347,347,347,347,347,347,347,347,347,347,347,347,347,347,347,347,418,209,347,347,347,347,419,347,347,420,140,140,421,
    32,422,32,423,424,425,426,427,347,347,347,347,347,347,347,428,429,430,431,432,433,434,435,436,347,437,347,348,438,439,440,441,
    442,48,172,443,204,204,140,140,48,48,48,48,48,48,48,71,444,301,301,445,446,446,446,447,448,449,450,140,140,209,209,451,
    140,140,140,140,140,140,140,140,48,151,48,48,48,100,452,453,48,48,454,48,455,48,48,456,48,457,48,48,458,459,140,140,
    9,9,460,11,11,48,48,48,48,204,192,9,9,461,11,462,48,48,463,48,48,48,464,465,465,466,467,468,140,140,140,140,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,327,48,199,463,140,469,470,470,471,140,140,140,140,
    472,48,48,473,48,474,48,475,48,200,476,140,140,140,48,477,48,478,48,479,140,140,140,140,48,48,48,480,301,481,301,301,
    482,483,48,484,485,486,48,487,48,488,140,140,489,48,490,491,48,48,48,492,48,493,48,494,48,495,496,140,140,140,140,140,
    48,48,48,48,196,140,140,140,9,9,9,497,11,11,11,498,48,48,499,192,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,301,500,48,48,501,502,140,140,140,503,48,488,504,48,62,505,140,48,506,140,140,48,507,140,48,327,
    508,48,48,509,510,481,511,512,222,48,48,513,514,48,196,192,515,48,516,517,518,48,48,519,222,48,48,520,521,522,523,524,
    48,97,525,526,527,140,140,140,528,529,530,48,48,531,532,192,533,83,84,534,535,536,537,538,140,140,140,140,140,140,140,140,
    48,48,48,539,540,541,502,140,48,48,48,542,543,192,140,140,140,140,140,140,140,140,140,140,48,48,544,545,546,547,140,140,
    48,48,48,548,549,192,550,140,48,48,551,552,192,140,140,140,48,173,553,554,327,140,140,140,140,140,140,140,140,140,140,140,
    48,48,525,555,140,140,140,140,140,140,9,9,11,11,148,556,557,558,48,559,560,192,140,140,140,140,561,48,48,562,563,140,
    564,48,48,565,566,567,48,48,568,569,570,48,48,48,48,196,571,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    84,48,544,572,573,148,175,574,48,575,576,577,140,140,140,140,578,48,48,579,580,192,581,48,582,583,192,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,48,584,585,115,48,586,587,192,140,140,140,140,140,100,301,588,589,590,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,207,140,140,140,140,140,140,
    446,446,446,446,446,446,591,592,48,48,48,48,48,48,48,48,48,48,48,48,406,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,48,48,48,48,48,48,593,
    48,48,48,594,595,596,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    48,48,48,48,327,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    48,48,48,196,48,200,388,48,48,48,48,200,192,48,204,597,48,48,48,598,599,600,601,602,48,140,140,140,140,140,140,140,
    140,140,140,140,9,9,11,11,301,603,140,140,140,140,140,140,48,48,48,48,604,605,606,606,607,608,140,140,140,140,609,610,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,463,
    48,48,48,48,48,48,48,48,48,48,48,48,48,199,140,140,196,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,611,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,612,613,140,614,615,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,206,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    48,48,48,48,48,48,71,151,196,616,617,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,32,32,618,32,619,209,209,209,209,209,209,209,350,140,140,140,
    209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,620,209,209,621,209,209,209,622,623,624,209,625,209,209,209,295,140,
    209,209,209,209,626,140,140,140,140,140,140,140,301,627,301,627,209,209,209,209,209,294,301,485,140,140,140,140,140,140,140,140,
    628,629,630,631,632,633,634,628,635,636,637,638,639,628,629,630,640,641,630,642,643,644,645,628,646,630,628,629,630,631,632,630,
    634,628,635,645,628,646,630,628,629,630,647,628,648,649,650,651,630,652,628,653,654,655,656,630,657,628,658,630,659,660,660,660,
    209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,
    32,32,32,661,32,32,662,663,664,665,45,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,666,667,668,140,140,140,140,140,140,140,140,140,140,140,140,140,
    669,670,671,470,470,470,672,140,673,140,140,140,140,140,140,140,48,48,151,674,675,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,48,676,140,48,48,677,678,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,48,679,192,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,680,200,
    48,48,48,48,48,48,48,48,48,48,48,48,681,619,140,140,9,9,682,11,683,388,140,140,140,140,140,140,140,140,140,140,
    140,140,140,140,140,140,140,523,301,301,684,685,140,140,140,140,523,301,686,687,140,140,140,140,140,140,140,140,140,140,140,140,
    688,347,689,690,691,692,693,694,695,696,697,696,140,140,140,698,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    209,209,338,209,209,209,209,209,209,350,699,700,700,700,209,620,701,297,355,297,297,209,702,209,209,703,704,140,140,140,705,209,
    706,297,297,707,708,709,620,140,140,140,140,140,140,140,140,140,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,710,
    209,209,209,209,209,209,209,209,209,209,209,209,209,711,449,449,209,209,209,209,209,209,209,712,209,209,209,209,209,176,338,450,
    338,209,209,209,713,176,209,209,713,209,704,714,140,140,140,140,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,209,
    209,209,209,209,209,350,704,449,715,209,209,716,717,338,715,715,209,209,209,209,209,209,209,209,209,718,209,209,295,140,140,192,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,140,140,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,207,48,48,48,48,48,48,48,48,48,48,48,48,
    48,204,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,48,48,502,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,100,140,
    48,204,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,140,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,71,48,48,48,48,48,48,48,48,48,48,48,
    48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,48,140,140,140,140,140,
    719,140,594,594,594,594,594,594,140,140,140,140,140,140,140,140,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,140,
    409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,409,720,
};

static const unsigned char m2__ugc_s3[11536] = {
    25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,25,22,17,17,17,19,17,17,17,13,14,17,18,17,12,17,17,
    8,8,8,8,8,8,8,8,8,8,17,17,18,18,18,17,17,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,
    64,64,64,64,64,64,64,64,64,64,64,13,17,14,20,11,20,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,13,18,14,18,25,54,17,19,19,19,19,21,17,52,21,36,15,18,26,21,52,
    21,18,42,42,52,33,17,17,52,42,36,16,42,42,42,17,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,
    64,64,64,64,64,64,64,18,64,64,64,64,64,64,64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,18,1,1,1,1,1,1,1,1,64,1,64,1,64,1,64,1,64,1,64,1,64,1,64,1,
    64,1,96,33,64,1,64,1,1,64,1,64,1,64,1,96,33,64,1,64,1,64,1,64,1,33,64,1,64,1,64,1,
    64,1,64,1,64,1,64,1,64,64,1,64,1,64,1,33,1,64,64,1,64,1,64,64,1,64,64,64,1,1,64,64,
    64,64,1,64,64,1,64,64,64,1,1,1,64,64,1,64,64,1,64,1,64,1,64,64,1,64,1,1,64,1,64,64,
    1,64,64,64,1,64,1,64,64,1,1,4,64,1,1,1,4,4,4,4,96,98,33,96,98,33,96,98,33,64,1,64,
    1,64,1,64,1,64,1,64,1,64,1,64,1,1,64,1,1,96,98,33,64,1,64,64,64,1,64,1,64,1,64,1,
    64,1,64,1,1,1,1,1,1,1,64,64,1,64,64,1,1,64,1,64,64,64,64,1,64,1,64,1,64,1,64,1,
    1,1,1,1,4,1,1,1,1,1,1,1,1,1,1,1,35,35,35,35,35,35,35,35,35,3,3,3,3,3,3,3,
    3,3,20,20,20,20,3,3,3,3,3,3,3,3,3,3,3,3,20,20,20,20,20,20,52,52,52,52,52,52,20,20,
    35,35,35,35,35,20,20,20,20,20,20,20,3,20,3,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,64,1,64,1,3,20,64,1,29,29,35,1,1,1,17,64,
    29,29,29,29,52,52,64,17,64,64,64,29,64,29,64,64,1,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,
    64,64,29,64,64,64,64,64,64,64,64,64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,64,
    33,33,32,32,32,33,33,1,64,1,64,1,64,1,64,1,33,33,33,1,96,33,18,64,1,96,64,1,1,64,64,64,
    64,1,21,5,5,5,5,5,7,7,64,1,64,1,64,1,64,64,1,64,1,64,1,64,1,64,1,64,1,64,1,1,
    29,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,64,29,29,3,17,17,17,17,17,17,
    1,1,1,1,1,1,1,33,1,17,12,29,29,21,21,19,29,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,
    5,5,5,5,5,5,5,5,5,5,5,5,5,5,12,5,17,5,5,17,5,5,17,5,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,29,29,29,4,
    4,4,4,17,17,29,29,29,29,29,29,29,29,29,29,29,26,26,26,26,26,26,18,18,18,17,17,19,17,17,21,21,
    5,5,5,5,5,5,5,5,5,5,5,17,26,17,17,17,3,4,4,4,4,4,4,4,4,4,4,5,5,5,5,5,
    8,8,8,8,8,8,8,8,8,8,17,17,17,17,4,4,5,4,4,4,4,36,36,36,36,4,4,4,4,4,4,4,
    4,4,4,4,17,4,5,5,5,5,5,5,5,26,21,5,5,5,5,5,5,3,3,5,5,21,5,5,5,5,4,4,
    8,8,8,8,8,8,8,8,8,8,4,4,4,21,21,4,17,17,17,17,17,17,17,17,17,17,17,17,17,17,29,26,
    4,5,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,5,5,5,5,5,5,5,5,5,5,29,29,4,4,4,
    4,4,4,4,4,4,5,5,5,5,5,5,5,5,5,5,5,4,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    8,8,8,8,8,8,8,8,8,8,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,5,5,5,5,
    5,5,5,5,3,3,21,17,17,17,3,29,29,5,19,19,4,4,4,4,4,4,5,5,5,5,3,5,5,5,5,5,
    5,5,5,5,3,5,5,5,3,5,5,5,5,5,29,29,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,29,
    4,4,4,4,4,4,4,4,4,5,5,5,29,29,17,29,4,4,4,4,4,4,4,4,4,4,4,29,29,29,29,29,
    4,4,4,4,4,4,4,4,20,4,4,4,4,4,4,29,26,26,29,29,29,29,29,29,5,5,5,5,5,5,5,5,
    4,4,4,4,4,4,4,4,4,3,5,5,5,5,5,5,5,5,26,5,5,5,5,5,5,5,5,5,5,5,5,5,
    5,5,5,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,6,5,4,6,6,
    6,5,5,5,5,5,5,5,5,6,6,6,6,5,6,6,4,5,5,5,5,5,5,5,4,4,4,4,4,4,4,4,
    4,4,5,5,17,17,8,8,8,8,8,8,8,8,8,8,17,3,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,5,6,6,29,4,4,4,4,4,4,4,4,29,29,4,4,29,29,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,29,4,4,4,4,4,4,4,29,4,29,29,29,4,4,4,4,29,29,5,4,6,6,
    6,5,5,5,5,29,29,6,6,29,29,6,6,5,4,29,29,29,29,29,29,29,29,6,29,29,29,29,4,4,29,4,
    4,4,5,5,29,29,8,8,8,8,8,8,8,8,8,8,4,4,19,19,10,10,10,10,10,10,21,19,4,17,5,29,
    29,5,5,6,29,4,4,4,4,4,4,29,29,29,29,4,4,29,4,4,29,4,4,29,4,4,29,29,5,29,6,6,
    6,5,5,29,29,29,29,5,5,29,29,5,5,5,29,29,29,5,29,29,29,29,29,29,29,4,4,4,4,29,4,29,
    29,29,29,29,29,29,8,8,8,8,8,8,8,8,8,8,5,5,4,4,4,5,17,29,29,29,29,29,29,29,29,29,
    29,5,5,6,29,4,4,4,4,4,4,4,4,4,29,4,4,4,29,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,29,4,4,29,4,4,4,4,4,29,29,5,4,6,6,6,5,5,5,5,5,29,5,5,6,29,6,6,5,29,29,
    4,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,17,19,29,29,29,29,29,29,29,4,5,5,5,5,5,5,
    29,5,6,6,29,4,4,4,4,4,4,4,4,29,29,4,4,29,4,4,29,4,4,4,4,4,29,29,5,4,6,5,
    6,5,5,5,5,29,29,6,6,29,29,6,6,5,29,29,29,29,29,29,29,5,5,6,29,29,29,29,4,4,29,4,
    21,4,10,10,10,10,10,10,29,29,29,29,29,29,29,29,29,29,5,4,29,4,4,4,4,4,4,29,29,29,4,4,
    4,29,4,4,4,4,29,29,29,4,4,29,4,29,4,4,29,29,29,4,4,29,29,29,4,4,4,29,29,29,4,4,
    4,4,4,4,4,4,4,4,4,4,29,29,29,29,6,6,5,6,6,29,29,29,6,6,6,29,6,6,6,5,29,29,
    4,29,29,29,29,29,29,6,29,29,29,29,29,29,29,29,10,10,10,21,21,21,21,21,21,19,21,29,29,29,29,29,
    5,6,6,6,5,4,4,4,4,4,4,4,4,29,4,4,4,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,29,29,5,4,5,5,5,6,6,6,6,29,5,5,5,29,5,5,5,5,29,29,
    29,29,29,29,29,5,5,29,4,4,4,29,29,4,29,29,29,29,29,29,29,29,29,17,10,10,10,10,10,10,10,21,
    4,5,6,6,17,4,4,4,4,4,4,4,4,29,4,4,4,4,4,4,29,4,4,4,4,4,29,29,5,4,6,5,
    6,6,6,6,6,29,5,6,6,29,6,6,5,5,29,29,29,29,29,29,29,6,6,29,29,29,29,29,29,4,4,29,
    29,4,4,6,29,29,29,29,29,29,29,29,29,29,29,29,5,5,6,6,4,4,4,4,4,4,4,4,4,29,4,4,
    4,4,4,4,4,4,4,4,4,4,4,5,5,4,6,6,6,5,5,5,5,29,6,6,6,29,6,6,6,5,4,21,
    29,29,29,29,4,4,4,6,10,10,10,10,10,10,10,4,10,10,10,10,10,10,10,10,10,21,4,4,4,4,4,4,
    29,5,6,6,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,29,29,4,4,4,4,4,4,
    4,4,29,4,4,4,4,4,4,4,4,4,29,4,29,29,4,4,4,4,4,4,4,29,29,29,5,29,29,29,29,6,
    6,6,5,5,5,29,5,29,6,6,6,6,6,6,6,6,29,29,6,6,17,29,29,29,29,29,29,29,29,29,29,29,
    29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,4,36,5,5,5,5,5,5,5,29,29,29,29,19,
    4,4,4,4,4,4,3,5,5,5,5,5,5,5,5,17,8,8,8,8,8,8,8,8,8,8,17,17,29,29,29,29,
    29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,4,4,29,4,29,4,4,4,4,4,29,4,4,4,4,
    4,4,4,4,29,4,29,4,4,4,4,4,4,4,4,4,4,5,4,36,5,5,5,5,5,5,5,5,5,4,29,29,
    4,4,4,4,4,29,3,29,5,5,5,5,5,5,5,29,8,8,8,8,8,8,8,8,8,8,29,29,36,36,4,4,
    4,21,21,21,17,17,17,17,17,17,17,17,49,17,17,17,17,17,17,21,17,21,21,21,5,5,21,21,21,21,21,21,
    8,8,8,8,8,8,8,8,8,8,10,10,10,10,10,10,10,10,10,10,21,5,21,5,21,5,13,14,13,14,6,6,
    4,4,4,4,4,4,4,4,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,29,29,
    29,5,5,5,5,5,5,37,5,37,5,5,5,5,5,6,5,5,5,5,5,17,5,5,4,4,4,4,4,5,5,5,
    5,5,5,5,5,5,5,5,29,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,29,21,21,
    21,21,21,21,21,21,5,21,21,21,21,21,21,29,21,21,17,17,17,17,17,21,21,21,21,17,17,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,6,6,5,5,5,5,6,5,5,5,5,5,5,6,5,5,6,6,5,5,4,
    8,8,8,8,8,8,8,8,8,8,17,17,17,17,17,17,4,4,4,4,4,4,6,6,5,5,4,4,4,4,5,5,
    5,4,6,6,6,4,4,6,6,6,6,6,6,6,4,4,4,5,5,5,5,4,4,4,4,4,4,4,4,4,4,4,
    4,4,5,6,6,5,5,6,6,6,6,6,6,5,4,6,8,8,8,8,8,8,8,8,8,8,6,6,6,5,21,21,
    64,64,64,64,64,64,29,64,29,29,29,29,29,64,29,29,1,1,1,1,1,1,1,1,1,1,1,17,35,1,1,1,
    4,4,4,4,4,4,4,4,4,29,4,4,4,4,29,29,4,4,4,4,4,4,4,29,4,29,4,4,4,4,29,29,
    4,29,4,4,4,4,29,29,4,4,4,4,4,4,4,29,4,29,4,4,4,4,29,29,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,29,5,5,5,
    17,17,17,17,17,17,17,17,17,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,29,29,29,
    21,21,21,21,21,21,21,21,21,21,29,29,29,29,29,29,64,64,64,64,64,64,29,29,1,1,1,1,1,1,29,29,
    12,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,21,17,4,
    22,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,13,14,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,17,17,17,9,9,9,4,4,4,4,4,4,4,4,29,29,29,29,29,29,29,
    4,4,5,5,5,6,29,29,29,29,29,29,29,29,29,4,4,4,5,5,6,17,17,29,29,29,29,29,29,29,29,29,
    4,4,5,5,29,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,4,4,4,4,4,4,4,4,4,29,4,4,
    4,29,5,5,29,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,5,5,6,5,5,5,5,5,5,5,6,6,
    6,6,6,6,6,6,5,6,6,5,5,5,5,5,5,5,5,5,5,5,17,17,17,3,17,17,17,19,4,5,29,29,
    8,8,8,8,8,8,8,8,8,8,29,29,29,29,29,29,10,10,10,10,10,10,10,10,10,10,29,29,29,29,29,29,
    17,17,17,17,17,17,12,17,17,17,17,5,5,5,26,5,4,4,4,3,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,29,29,29,29,29,29,29,4,4,4,4,4,5,5,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,5,4,29,29,29,29,29,4,4,4,4,4,4,29,29,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,5,5,5,6,6,6,6,5,5,6,6,6,29,29,29,29,
    6,6,5,6,6,6,6,6,6,5,5,5,29,29,29,29,21,29,29,29,17,17,8,8,8,8,8,8,8,8,8,8,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,29,4,4,4,4,4,29,29,29,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,4,29,29,29,29,4,4,4,4,4,4,4,4,4,4,29,29,29,29,29,29,
    8,8,8,8,8,8,8,8,8,8,10,29,29,29,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,
    4,4,4,4,4,4,4,5,5,6,6,5,29,29,17,17,4,4,4,4,4,6,5,6,5,5,5,5,5,5,5,29,
    5,6,5,6,6,5,5,5,5,5,5,5,5,6,6,6,6,6,6,5,5,5,5,5,5,5,5,5,5,29,29,5,
    17,17,17,17,17,17,17,3,17,17,17,17,17,17,29,29,5,5,5,5,5,5,5,5,5,5,5,5,5,5,7,5,
    5,5,5,5,5,5,5,5,5,5,5,5,5,5,5,29,5,5,5,5,6,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,5,6,5,5,5,5,5,6,5,6,6,6,6,6,5,6,6,4,4,4,4,4,4,4,4,29,29,29,
    17,21,21,21,21,21,21,21,21,21,21,5,5,5,5,5,5,5,5,5,21,21,21,21,21,21,21,21,21,17,17,29,
    5,5,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,6,5,5,5,5,6,6,5,5,6,5,5,5,4,4,
    4,4,4,4,4,4,5,6,5,5,6,6,6,5,6,5,5,5,6,6,29,29,29,29,29,29,29,29,17,17,17,17,
    4,4,4,4,6,6,6,6,6,6,6,6,5,5,5,5,5,5,5,5,6,6,5,5,29,29,29,17,17,17,17,17,
    8,8,8,8,8,8,8,8,8,8,29,29,29,4,4,4,4,4,4,4,4,4,4,4,3,3,3,3,3,3,17,17,
    1,1,1,1,1,1,1,1,1,29,29,29,29,29,29,29,64,64,64,64,64,64,64,64,64,64,64,29,29,64,64,64,
    17,17,17,17,17,17,17,17,29,29,29,29,29,29,29,29,5,5,5,17,5,5,5,5,5,5,5,5,5,5,5,5,
    5,6,5,5,5,5,5,5,5,4,4,4,4,5,4,4,4,4,4,4,5,4,4,6,5,5,4,29,29,29,29,29,
    1,1,1,1,1,1,1,1,1,1,1,1,35,35,35,3,35,35,35,35,35,35,35,35,35,35,35,3,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,35,35,35,3,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,35,
    35,35,35,35,35,35,35,35,35,35,35,1,1,1,1,1,1,1,1,1,1,1,1,1,35,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,35,35,35,35,35,64,1,64,1,64,1,1,1,1,1,33,33,1,1,64,1,
    1,1,1,1,1,1,1,1,64,64,64,64,64,64,64,64,1,1,1,1,1,1,29,29,64,64,64,64,64,64,29,29,
    1,1,1,1,1,1,1,1,29,64,29,64,29,64,29,64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,29,29,
    1,1,1,1,1,1,1,1,66,66,66,66,66,66,66,66,1,1,1,1,1,29,1,1,64,64,64,64,66,52,1,52,
    52,52,1,1,1,29,1,1,64,64,64,64,66,52,52,52,1,1,1,1,29,29,1,1,64,64,64,64,29,52,52,52,
    1,1,1,1,1,1,1,1,64,64,64,64,64,52,52,20,29,29,1,1,1,29,1,1,64,64,64,64,66,52,52,29,
    54,54,54,54,54,54,54,54,54,54,54,26,26,26,26,26,12,44,12,12,12,12,17,49,15,16,13,15,15,16,13,15,
    17,17,17,17,49,49,49,17,23,24,26,26,26,26,26,54,17,17,17,49,49,17,49,49,17,15,16,17,49,17,49,11,
    11,17,17,17,18,13,14,49,49,49,17,17,17,17,17,17,17,17,18,17,11,17,17,49,17,17,17,17,17,17,17,54,
    26,26,26,26,26,29,26,26,26,26,26,26,26,26,26,26,42,35,29,29,42,42,42,42,42,42,50,50,50,45,46,35,
    42,42,42,42,42,42,42,42,42,42,50,50,50,45,46,29,35,35,35,35,35,35,35,35,35,35,35,35,35,29,29,29,
    19,19,19,19,19,19,19,19,51,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,19,
    19,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,5,5,5,5,5,5,5,5,5,5,5,5,5,7,7,7,
    7,5,7,7,7,5,5,5,5,5,5,5,5,5,5,5,5,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    53,53,32,53,21,53,53,32,21,53,33,32,32,32,33,33,32,32,32,33,21,32,53,21,18,32,32,32,32,32,21,21,
    53,53,53,21,32,21,64,21,32,21,64,64,32,32,21,33,32,32,64,32,33,36,36,36,36,33,21,53,33,33,32,32,
    50,18,18,18,18,32,33,33,33,33,21,18,21,21,1,21,42,42,42,42,42,42,42,42,42,42,42,42,42,42,42,42,
    105,105,105,105,105,105,105,105,105,105,105,105,105,105,105,105,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,41,
    9,9,9,64,1,9,9,9,9,42,21,21,29,29,29,29,18,18,18,18,18,21,21,21,21,21,18,18,21,21,21,21,
    18,21,21,18,21,21,18,21,21,21,21,21,21,21,18,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,18,18,
    21,21,18,21,18,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,18,18,18,18,18,18,18,18,18,18,18,18,
    18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,50,50,18,50,
    50,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,21,21,21,21,21,21,21,21,13,14,13,14,21,21,21,21,
    18,18,21,21,21,21,21,21,21,13,14,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,18,21,21,21,
    21,21,21,21,21,21,21,21,21,21,21,18,18,18,18,18,18,18,18,18,21,21,21,21,21,21,21,21,21,21,21,21,
    21,21,21,21,21,21,21,21,21,21,21,21,18,18,18,18,18,18,21,21,21,21,21,21,21,21,21,21,21,21,21,21,
    21,21,21,21,21,21,21,29,29,29,29,29,29,29,29,29,21,21,21,21,21,21,21,21,21,21,21,29,29,29,29,29,
    42,42,42,42,42,42,42,42,42,42,42,42,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,
    53,53,53,53,53,53,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,117,
    53,53,53,53,53,53,53,53,53,53,42,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
    21,21,21,21,21,21,21,18,21,21,21,21,21,21,21,21,21,18,21,21,21,21,21,21,21,21,21,21,21,21,21,21,
    21,21,21,21,21,21,21,21,18,18,18,18,18,18,18,18,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,18,
    21,21,21,21,21,21,21,21,13,14,13,14,13,14,13,14,13,14,13,14,13,14,10,10,10,10,10,10,10,10,10,10,
    10,10,10,10,21,21,21,21,21,21,21,21,21,21,21,21,18,18,18,18,18,13,14,18,18,18,18,18,18,18,18,18,
    18,18,18,18,18,18,13,14,13,14,13,14,13,14,13,14,18,18,18,13,14,13,14,13,14,13,14,13,14,13,14,13,
    14,13,14,13,14,13,14,13,14,18,18,18,18,18,18,18,18,18,18,18,18,18,18,18,13,14,13,14,18,18,18,18,
    18,18,18,18,18,18,18,18,18,18,18,18,13,14,18,18,18,18,18,18,18,18,18,18,18,18,18,18,50,18,18,18,
    18,18,18,18,50,50,50,18,18,18,18,18,18,18,18,18,18,18,18,18,18,21,21,18,18,18,18,18,18,21,21,21,
    21,21,21,21,29,29,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,29,21,21,21,21,21,21,21,21,21,
    64,1,64,64,64,1,1,64,1,64,1,64,1,64,64,64,64,1,64,1,1,64,1,1,1,1,1,1,35,35,64,64,
    64,1,64,1,1,21,21,21,21,21,21,64,1,64,1,5,5,5,64,1,29,29,29,29,29,17,17,17,17,10,17,17,
    1,1,1,1,1,1,29,1,29,29,29,29,29,1,29,29,4,4,4,4,4,4,4,4,29,29,29,29,29,29,29,35,
    17,29,29,29,29,29,29,29,29,29,29,29,29,29,29,5,4,4,4,4,4,4,4,29,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,29,4,4,4,4,4,4,4,29,17,17,15,16,15,16,17,17,17,15,16,17,15,16,17,17,
    17,17,17,17,17,17,17,12,17,17,12,17,15,16,17,17,15,16,13,14,13,14,13,14,13,14,17,17,17,17,17,3,
    17,17,17,17,17,17,17,17,17,17,12,12,17,17,17,17,12,17,13,17,17,17,17,17,17,17,17,17,17,17,17,17,
    21,21,17,17,17,13,14,13,14,13,14,13,14,12,29,29,21,21,21,21,21,21,21,21,21,21,29,21,21,21,21,53,
    21,21,21,53,29,29,29,29,29,29,29,29,29,29,29,29,53,53,53,53,53,53,29,29,29,29,29,29,29,29,29,29,
    21,21,21,21,21,21,21,21,21,21,21,21,29,29,29,29,54,17,17,17,21,3,4,9,13,14,13,14,13,14,13,14,
    13,14,21,21,13,14,13,14,13,14,13,14,12,13,14,14,21,9,9,9,9,9,9,9,9,9,5,5,5,5,6,6,
    12,3,3,3,3,3,53,21,41,41,41,3,4,17,21,21,4,4,4,4,4,4,4,29,29,5,5,52,52,3,3,36,
    4,4,4,4,4,4,4,4,4,4,4,17,3,3,3,36,29,29,29,29,29,4,4,4,4,4,4,4,4,4,4,4,
    29,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,
    36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,29,21,21,42,42,42,42,53,53,53,53,53,53,53,53,53,53,
    21,21,21,21,29,29,29,29,29,29,29,29,29,29,29,29,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,29,
    42,42,42,42,42,42,42,42,42,42,53,53,53,53,53,53,53,53,53,53,53,53,53,53,10,10,10,10,10,10,10,10,
    53,42,42,42,42,42,42,42,42,42,42,42,42,42,42,42,53,53,53,53,53,53,53,53,53,53,53,53,53,53,53,21,
    4,4,4,4,4,3,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,3,17,17,17,
    8,8,8,8,8,8,8,8,8,8,4,4,29,29,29,29,64,1,64,1,64,1,64,1,64,1,64,1,64,1,4,5,
    7,7,7,17,5,5,5,5,5,5,5,5,5,5,17,3,64,1,64,1,64,1,64,1,64,1,64,1,35,35,5,5,
    4,4,4,4,4,4,9,9,9,9,9,9,9,9,9,9,5,5,17,17,17,17,17,17,29,29,29,29,29,29,29,29,
    20,20,20,20,20,20,20,3,3,3,3,3,3,3,3,3,20,20,64,1,64,1,64,1,64,1,64,1,64,1,64,1,
    1,1,64,1,64,1,64,1,64,1,64,1,64,1,64,1,35,1,1,1,1,1,1,1,1,64,1,64,1,64,64,1,
    64,1,64,1,64,1,64,1,3,20,20,64,1,64,1,4,64,1,64,1,1,1,64,1,64,1,64,1,64,1,64,1,
    64,1,64,1,64,1,64,1,64,1,64,64,64,64,64,1,64,64,64,64,64,1,64,1,64,1,64,1,64,1,64,1,
    64,1,64,1,64,64,64,64,1,64,1,29,29,29,29,29,64,1,29,1,29,1,64,1,64,1,29,29,29,29,29,29,
    29,29,3,3,3,64,1,4,35,35,1,4,4,4,4,4,4,4,5,4,4,4,5,4,4,4,4,5,4,4,4,4,
    4,4,4,6,6,5,5,6,21,21,21,21,5,29,29,29,10,10,10,10,10,10,21,21,19,21,29,29,29,29,29,29,
    4,4,4,4,17,17,17,17,29,29,29,29,29,29,29,29,6,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,5,5,29,29,29,29,29,29,29,29,17,17,
    5,5,4,4,4,4,4,4,17,17,17,4,17,4,4,5,4,4,4,4,4,4,5,5,5,5,5,5,5,5,17,17,
    4,4,4,4,4,4,4,5,5,5,5,5,5,5,5,5,5,5,6,6,29,29,29,29,29,29,29,29,29,29,29,17,
    4,4,4,5,6,6,5,5,5,5,6,6,5,5,6,6,6,17,17,17,17,17,17,17,17,17,17,17,17,17,29,3,
    8,8,8,8,8,8,8,8,8,8,29,29,29,29,17,17,4,4,4,4,4,5,3,4,4,4,4,4,4,4,4,4,
    8,8,8,8,8,8,8,8,8,8,4,4,4,4,4,29,4,4,4,4,4,4,4,4,4,5,5,5,5,5,5,6,
    6,5,5,6,6,5,5,29,29,29,29,29,29,29,29,29,4,4,4,5,4,4,4,4,4,4,4,4,5,6,29,29,
    8,8,8,8,8,8,8,8,8,8,29,29,17,17,17,17,3,4,4,4,4,4,4,21,21,21,4,6,5,6,4,4,
    5,4,5,5,5,4,4,5,5,4,4,4,4,4,5,5,4,5,4,29,29,29,29,29,29,29,29,29,29,29,29,29,
    29,29,29,29,29,29,29,29,29,29,29,4,4,3,17,17,4,4,4,4,4,4,4,4,4,4,4,6,5,5,6,6,
    17,17,4,3,3,6,5,29,29,29,29,29,29,29,29,29,29,4,4,4,4,4,4,29,29,4,4,4,4,4,4,29,
    29,4,4,4,4,4,4,29,29,29,29,29,29,29,29,29,1,1,1,1,1,1,1,1,1,1,1,20,35,35,35,35,
    1,1,1,1,1,1,1,1,1,3,20,20,29,29,29,29,4,4,4,6,6,5,6,6,5,6,6,17,6,5,29,29,
    4,4,4,4,29,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,4,4,4,29,29,29,29,4,4,4,4,4,
    27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,27,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,28,
    33,33,33,33,33,33,33,29,29,29,29,29,29,29,29,29,29,29,29,33,33,33,33,33,29,29,29,29,29,4,5,4,
    36,36,36,36,36,36,36,36,36,50,4,4,4,4,4,4,4,4,4,4,4,4,4,29,4,4,4,4,4,29,4,29,
    4,4,29,4,4,29,4,4,4,4,4,4,4,4,4,36,36,36,20,20,20,20,20,20,20,20,20,20,20,20,20,20,
    20,20,20,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,36,36,36,36,36,36,36,36,36,36,36,36,36,
    36,36,36,36,36,36,36,36,36,36,36,36,36,36,14,13,29,29,36,36,36,36,36,36,36,36,36,36,36,36,36,36,
    36,36,36,36,36,36,36,36,29,29,29,29,29,29,29,21,36,36,36,36,36,36,36,36,36,36,36,36,51,21,21,21,
    49,49,49,49,49,49,49,45,46,49,29,29,29,29,29,29,49,44,44,43,43,45,46,45,46,45,46,45,46,45,46,45,
    46,45,46,45,46,17,17,45,46,49,49,49,49,43,43,43,49,49,49,29,49,49,49,49,44,45,46,45,46,45,46,49,
    49,49,50,44,50,50,50,29,49,51,49,49,29,29,29,29,36,36,36,4,36,29,36,36,36,36,36,36,36,36,36,36,
    36,36,36,36,36,36,36,36,36,36,36,36,36,29,29,26,29,49,49,49,51,49,49,49,45,46,49,50,49,44,49,49,
    40,40,40,40,40,40,40,40,40,40,49,49,50,50,50,49,49,96,96,96,96,96,96,96,96,96,96,96,96,96,96,96,
    96,96,96,96,96,96,96,96,96,96,96,45,49,46,52,43,52,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,
    33,33,33,33,33,33,33,33,33,33,33,45,50,46,50,45,46,49,45,46,49,49,36,36,36,36,36,36,36,36,36,36,
    35,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,36,35,35,
    29,29,36,36,36,36,36,36,29,29,36,36,36,36,36,36,29,29,36,36,36,36,36,36,29,29,36,36,36,29,29,29,
    51,51,50,52,53,51,51,29,53,50,50,50,50,53,53,29,29,29,29,29,29,29,29,29,29,26,26,26,21,21,29,29,
    4,4,4,4,4,4,4,4,4,4,4,4,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,4,4,29,4,
    17,17,17,29,29,29,29,10,10,10,10,10,10,10,10,10,10,10,10,10,29,29,29,21,21,21,21,21,21,21,21,21,
    9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,10,10,10,10,21,21,21,21,21,21,21,
    21,21,21,21,21,21,21,21,21,21,10,10,21,21,21,29,21,21,21,21,21,21,21,21,21,21,21,21,21,29,29,29,
    21,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,21,21,21,21,21,21,21,21,21,21,21,21,21,5,29,29,
    5,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,29,29,29,29,
    10,10,10,10,29,29,29,29,29,29,29,29,29,4,4,4,4,9,4,4,4,4,4,4,4,4,9,29,29,29,29,29,
    4,4,4,4,4,4,5,5,5,5,5,29,29,29,29,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,17,
    4,4,4,4,29,29,29,29,4,4,4,4,4,4,4,4,17,9,9,9,9,9,29,29,29,29,29,29,29,29,29,29,
    64,64,64,64,64,64,64,64,1,1,1,1,1,1,1,1,64,64,64,64,29,29,29,29,1,1,1,1,1,1,1,1,
    1,1,1,1,1,1,1,1,1,1,1,1,29,29,29,29,4,4,4,4,4,4,4,4,29,29,29,29,29,29,29,29,
    4,4,4,4,29,29,29,29,29,29,29,29,29,29,29,17,64,64,64,64,64,64,64,64,64,64,64,29,64,64,64,64,
    64,64,64,29,64,64,29,1,1,1,1,1,1,1,1,1,1,1,29,1,1,1,1,1,1,1,1,1,1,1,1,1,
    1,1,29,1,1,1,1,1,1,1,29,1,1,29,29,29,3,3,3,3,3,3,29,3,3,3,3,3,3,3,3,3,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,29,3,3,3,3,3,3,3,3,3,29,29,29,29,29,
    4,4,4,4,4,4,29,29,4,29,4,4,4,4,4,4,4,4,4,4,4,4,29,4,4,29,29,29,4,29,29,4,
    4,4,4,4,4,4,29,17,10,10,10,10,10,10,10,10,4,4,4,4,4,4,4,21,21,10,10,10,10,10,10,10,
    29,29,29,29,29,29,29,10,10,10,10,10,10,10,10,10,4,4,4,29,4,4,29,29,29,29,29,10,10,10,10,10,
    4,4,4,4,4,4,10,10,10,10,10,10,29,29,29,17,4,4,4,4,4,4,4,4,4,4,29,29,29,29,29,17,
    4,4,4,4,4,4,4,4,29,29,29,29,10,10,4,4,29,29,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
    4,5,5,5,29,5,5,29,29,29,29,29,5,5,5,5,4,4,4,4,29,4,4,4,29,4,4,4,4,4,4,4,
    4,4,4,4,4,4,29,29,5,5,5,29,29,29,29,5,10,10,10,10,10,10,10,10,10,29,29,29,29,29,29,29,
    17,17,17,17,17,17,17,17,17,29,29,29,29,29,29,29,4,4,4,4,4,4,4,4,4,4,4,4,4,10,10,17,
    4,4,4,4,4,4,4,4,4,4,4,4,4,10,10,10,4,4,4,4,4,4,4,4,21,4,4,4,4,4,4,4,
    4,4,4,4,4,5,5,29,29,29,29,10,10,10,10,10,17,17,17,17,17,17,17,29,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,29,29,29,17,17,17,17,17,17,17,4,4,4,4,4,4,29,29,10,10,10,10,10,10,10,10,
    4,4,4,29,29,29,29,29,10,10,10,10,10,10,10,10,4,4,29,29,29,29,29,29,29,17,17,17,17,29,29,29,
    29,29,29,29,29,29,29,29,29,10,10,10,10,10,10,10,64,64,64,29,29,29,29,29,29,29,29,29,29,29,29,29,
    1,1,1,29,29,29,29,29,29,29,10,10,10,10,10,10,4,4,4,4,5,5,5,5,29,29,29,29,29,29,29,29,
    10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,29,4,4,4,4,4,4,4,4,4,4,29,5,5,12,29,29,
    4,4,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,5,5,5,
    10,10,10,10,10,10,10,4,29,29,29,29,29,29,29,29,5,10,10,10,10,17,17,17,17,17,29,29,29,29,29,29,
    4,4,5,5,5,5,17,17,17,17,29,29,29,29,29,29,4,4,4,4,4,10,10,10,10,10,10,10,29,29,29,29,
    6,5,6,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,5,5,5,5,5,5,5,
    5,5,5,5,5,5,5,17,17,17,17,17,17,17,29,29,10,10,10,10,10,10,8,8,8,8,8,8,8,8,8,8,
    5,4,4,5,5,4,29,29,29,29,29,29,29,29,29,5,6,6,6,5,5,5,5,6,6,5,5,17,17,26,17,17,
    17,17,5,29,29,29,29,29,29,29,29,29,29,26,29,29,5,5,5,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,5,5,5,5,5,6,5,5,5,5,5,5,5,5,29,8,8,8,8,8,8,8,8,8,8,
    17,17,17,17,4,6,6,4,29,29,29,29,29,29,29,29,4,4,4,5,17,17,4,29,29,29,29,29,29,29,29,29,
    4,4,4,6,6,6,5,5,5,5,5,5,5,5,5,6,6,4,4,4,4,17,17,17,17,5,5,5,5,17,6,5,
    8,8,8,8,8,8,8,8,8,8,4,17,4,17,17,17,29,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,
    10,10,10,10,10,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,4,4,4,4,4,4,4,4,6,6,6,5,
    5,5,6,6,5,6,5,5,17,17,17,17,17,17,5,4,4,5,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,29,4,29,4,4,4,4,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,4,
    4,4,4,4,4,4,4,4,4,17,29,29,29,29,29,29,4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,
    6,6,6,5,5,5,5,5,5,5,5,29,29,29,29,29,5,5,6,6,29,4,4,4,4,4,4,4,4,29,29,4,
    4,29,4,4,29,4,4,4,4,4,29,5,5,4,6,6,5,6,6,6,6,29,29,6,6,29,29,6,6,6,29,29,
    4,29,29,29,29,29,29,6,29,29,29,29,29,4,4,4,4,4,6,6,29,29,5,5,5,5,5,5,5,29,29,29,
    5,5,5,5,5,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,4,6,6,6,5,5,5,5,5,5,5,5,
    6,6,5,5,5,6,5,4,4,4,4,17,17,17,17,17,8,8,8,8,8,8,8,8,8,8,17,17,29,17,5,4,
    6,6,6,5,5,5,5,5,5,6,5,6,6,6,6,5,5,6,5,5,4,4,17,4,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,4,6,6,6,5,5,5,5,29,29,6,6,6,6,5,5,6,5,
    5,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,17,4,4,4,4,5,5,29,29,
    6,6,6,5,5,5,5,5,5,5,5,6,6,5,6,5,5,17,17,17,4,29,29,29,29,29,29,29,29,29,29,29,
    17,17,17,17,17,17,17,17,17,17,17,17,17,29,29,29,4,4,4,4,4,4,4,4,4,4,4,5,6,5,6,6,
    5,5,5,5,5,5,6,5,4,17,29,29,29,29,29,29,6,6,5,5,5,5,6,5,5,5,5,5,29,29,29,29,
    8,8,8,8,8,8,8,8,8,8,10,10,17,17,17,21,5,5,5,5,5,5,5,5,6,5,5,17,29,29,29,29,
    10,10,10,29,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,4,4,4,4,29,29,4,29,29,4,4,4,4,
    4,4,4,4,29,4,4,29,4,4,4,4,4,4,4,4,6,6,6,6,6,6,29,6,6,29,29,5,5,6,5,4,
    6,4,6,5,17,17,17,29,29,29,29,29,29,29,29,29,4,4,4,4,4,4,4,4,29,29,4,4,4,4,4,4,
    4,6,6,6,5,5,5,5,29,29,5,5,6,6,6,6,5,4,17,4,6,29,29,29,29,29,29,29,29,29,29,29,
    4,5,5,5,5,5,5,5,5,5,5,4,4,4,4,4,4,4,4,5,5,5,5,5,5,6,4,5,5,5,5,17,
    17,17,17,17,17,17,17,5,29,29,29,29,29,29,29,29,4,5,5,5,5,5,5,6,6,5,5,5,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,5,5,5,5,5,5,5,5,5,5,5,5,5,6,5,5,17,17,17,4,17,17,
    17,17,17,29,29,29,29,29,29,29,29,29,29,29,29,29,17,17,17,17,17,17,17,17,17,17,29,29,29,29,29,29,
    5,5,5,5,5,5,5,29,5,5,5,5,5,5,6,5,4,17,17,17,17,17,29,29,29,29,29,29,29,29,29,29,
    17,17,4,4,4,4,4,4,4,4,4,4,4,4,4,4,29,29,5,5,5,5,5,5,5,5,5,5,5,5,5,5,
    5,5,5,5,5,5,5,5,29,6,5,5,5,5,5,5,5,6,5,5,6,5,5,29,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,29,4,4,29,4,4,4,4,4,4,5,5,5,5,5,5,29,29,29,5,29,5,5,29,5,
    5,5,5,5,5,5,4,5,29,29,29,29,29,29,29,29,4,4,4,4,4,4,29,4,4,29,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,4,4,6,6,6,6,6,29,5,5,29,6,6,5,6,5,4,29,29,29,29,29,29,29,
    4,4,4,5,5,6,6,17,17,29,29,29,29,29,29,29,5,5,4,6,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,6,6,5,5,5,5,5,29,29,29,6,6,5,6,5,17,17,17,17,17,17,17,17,17,17,17,17,17,
    10,10,10,10,10,21,21,21,21,21,21,21,21,19,19,19,19,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,
    21,21,29,29,29,29,29,29,29,29,29,29,29,29,29,17,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,29,
    17,17,17,17,17,29,29,29,29,29,29,29,29,29,29,29,4,17,17,29,29,29,29,29,29,29,29,29,29,29,29,29,
    26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,5,4,4,4,4,4,4,5,5,5,5,5,5,5,5,5,
    5,5,5,5,5,5,29,29,29,29,29,29,29,29,29,29,5,5,5,5,5,17,29,29,29,29,29,29,29,29,29,29,
    5,5,5,5,5,5,5,17,17,17,17,17,21,21,21,21,3,3,3,3,17,21,29,29,29,29,29,29,29,29,29,29,
    8,8,8,8,8,8,8,8,8,8,29,10,10,10,10,10,10,10,29,4,4,4,4,4,4,4,4,4,4,4,4,4,
    4,4,4,4,4,4,4,4,29,29,29,29,29,4,4,4,10,10,10,10,10,10,10,17,17,17,17,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,4,29,29,29,29,5,4,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,
    6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,29,29,29,29,29,29,29,5,
    5,5,5,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,17,3,5,29,29,29,29,29,29,29,29,29,29,29,
    6,6,29,29,29,29,29,29,29,29,29,29,29,29,29,29,3,3,3,3,29,3,3,3,3,3,3,3,29,3,3,29,
    4,4,4,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,4,29,29,29,29,29,29,29,29,29,29,29,29,29,
    4,4,4,29,29,4,29,29,29,29,29,29,29,29,29,29,29,29,29,29,4,4,4,4,29,29,29,29,29,29,29,29,
    4,4,4,4,4,4,4,4,4,4,29,29,21,5,5,17,26,26,26,26,29,29,29,29,29,29,29,29,29,29,29,29,
    5,5,5,5,5,5,5,5,5,5,5,5,5,5,29,29,5,5,5,5,5,5,5,29,29,29,29,29,29,29,29,29,
    21,21,21,21,21,21,29,29,29,29,29,29,29,29,29,29,21,21,21,21,21,21,21,29,29,21,21,21,21,21,21,21,
    21,21,21,21,21,6,6,5,5,5,21,21,21,6,6,6,6,6,6,26,26,26,26,26,26,26,26,5,5,5,5,5,
    5,5,5,21,21,5,5,5,5,5,5,5,21,21,21,21,21,21,21,21,21,21,21,21,21,21,5,5,5,5,21,21,
    21,21,5,5,5,21,29,29,29,29,29,29,29,29,29,29,10,10,10,10,29,29,29,29,29,29,29,29,29,29,29,29,
    32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,33,33,33,33,33,33,
    33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,32,32,32,32,32,32,32,32,32,32,32,32,
    32,32,32,32,32,32,32,32,32,32,32,32,32,32,33,33,33,33,33,33,33,29,33,33,33,33,33,33,33,33,33,33,
    33,33,33,33,33,33,33,33,32,32,32,32,32,32,32,32,32,32,33,33,33,33,33,33,33,33,33,33,33,33,33,33,
    33,33,33,33,33,33,33,33,33,33,33,33,32,29,32,32,29,29,32,29,29,32,32,29,29,32,32,32,32,29,32,32,
    32,32,32,32,32,32,33,33,33,33,29,33,29,33,33,33,33,33,33,33,29,33,33,33,33,33,33,33,33,33,33,33,
    33,33,33,33,32,32,29,32,32,32,32,29,29,32,32,32,32,32,32,32,32,29,32,32,32,32,32,32,32,29,33,33,
    33,33,33,33,33,33,33,33,32,32,29,32,32,32,32,29,32,32,32,32,32,29,32,29,29,29,32,32,32,32,32,32,
    32,29,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,32,32,32,32,
    32,32,32,32,32,32,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,29,29,32,32,32,32,32,32,32,32,
    32,50,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,50,33,33,33,33,
    33,33,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,50,33,33,33,33,
    33,33,33,33,33,50,33,33,33,33,33,33,32,32,32,32,32,32,32,32,32,50,33,33,33,33,33,33,33,33,33,33,
    33,33,33,33,33,33,33,33,33,33,33,33,33,33,33,50,33,33,33,33,33,33,32,32,32,32,32,32,32,32,32,32,
    32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,50,33,33,33,33,33,33,33,33,33,50,33,33,33,33,33,33,
    32,32,32,32,32,32,32,32,32,50,33,33,33,33,33,33,33,33,33,50,33,33,33,33,33,33,32,33,29,29,40,40,
    40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,40,5,5,5,5,5,5,5,21,21,21,21,5,5,5,5,5,
    5,5,5,5,5,5,5,5,5,5,5,5,5,21,21,21,21,21,21,21,21,5,21,21,21,21,21,21,21,21,21,21,
    21,21,21,21,5,21,21,17,17,17,17,17,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,5,5,5,5,5,
    1,1,1,1,1,1,1,1,1,1,4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,29,
    29,29,29,29,29,1,1,1,1,1,1,29,29,29,29,29,5,5,5,5,5,5,5,29,5,5,5,5,5,5,5,5,
    5,5,5,5,5,5,5,5,5,29,29,5,5,5,5,5,5,5,29,5,5,29,5,5,5,5,5,29,29,29,29,29,
    3,3,3,3,3,3,3,3,3,3,3,3,3,3,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,29,5,
    5,5,5,5,5,5,5,3,3,3,3,3,3,3,29,29,8,8,8,8,8,8,8,8,8,8,29,29,29,29,4,21,
    4,4,4,4,4,4,4,4,4,4,4,4,4,4,5,29,4,4,4,4,4,4,4,4,4,4,4,4,5,5,5,5,
    8,8,8,8,8,8,8,8,8,8,29,29,29,29,29,19,4,4,4,4,4,4,4,4,4,4,4,3,5,5,5,5,
    4,4,4,4,4,4,4,29,4,4,4,4,29,4,4,29,4,4,4,4,4,29,29,10,10,10,10,10,10,10,10,10,
    64,64,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,5,5,5,5,5,5,5,3,29,29,29,29,
    10,10,10,10,10,10,10,10,10,10,10,10,21,10,10,10,19,10,10,10,10,29,29,29,29,29,29,29,29,29,29,29,
    10,10,10,10,10,10,10,10,10,10,10,10,10,10,21,10,10,10,10,10,10,10,10,10,10,10,10,10,10,10,29,29,
    36,36,36,36,29,36,36,36,36,36,36,36,36,36,36,36,29,36,36,29,36,29,29,36,29,36,36,36,36,36,36,36,
    36,36,36,29,36,36,36,36,29,36,29,36,29,29,29,29,29,29,36,29,29,29,29,36,29,36,29,36,29,36,36,36,
    29,36,36,29,36,29,29,36,29,36,29,36,29,36,29,36,29,36,36,29,36,29,29,36,36,36,36,29,36,36,36,36,
    36,36,36,29,36,36,36,36,29,36,36,36,36,29,36,29,36,36,36,36,36,36,36,36,36,36,29,36,36,36,36,36,
    36,36,36,36,36,36,36,36,36,36,36,36,29,29,29,29,29,36,36,36,29,36,36,36,36,36,29,36,36,36,36,36,
    18,18,29,29,29,29,29,29,29,29,29,29,29,29,29,29,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,29,
    29,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,42,42,42,42,42,42,42,42,42,42,42,10,10,21,21,21,
    21,21,21,21,21,21,21,21,21,21,53,53,21,21,21,21,53,21,21,21,21,21,21,21,21,21,21,21,21,21,21,21,
    21,21,21,21,21,21,21,21,21,21,21,21,21,21,29,29,29,29,29,29,29,29,21,21,21,21,21,21,21,21,21,21,
    53,53,53,29,29,29,29,29,29,29,29,29,29,29,29,29,53,53,53,53,53,53,53,53,53,53,53,53,29,29,29,29,
    53,53,53,53,53,53,53,53,53,29,29,29,29,29,29,29,53,53,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    21,21,21,21,21,21,21,21,21,21,21,20,20,20,20,20,21,21,21,21,21,21,21,21,29,29,29,29,21,21,21,21,
    21,21,21,21,21,21,21,29,29,29,29,21,21,21,21,21,21,21,21,21,21,21,21,21,29,29,29,29,29,29,29,29,
    21,21,29,29,29,29,29,29,29,29,29,29,29,29,29,29,21,21,21,21,21,21,21,21,21,29,29,29,29,29,29,29,
    21,21,21,21,21,21,21,21,21,21,21,21,21,21,29,21,21,21,21,21,21,21,29,29,29,29,29,29,29,29,21,21,
    21,21,21,29,21,21,21,21,21,21,21,21,21,21,21,21,29,26,29,29,29,29,29,29,29,29,29,29,29,29,29,29,
    28,28,28,28,28,28,28,28,28,28,28,28,28,28,29,29,
};

#define M2__UKDEC_N 3678

static const uint32_t m2__ukdec_cp[3678] = {
    0xA0,0xA8,0xAA,0xAF,0xB2,0xB3,0xB4,0xB5,0xB8,0xB9,0xBA,0xBC,
    0xBD,0xBE,0x132,0x133,0x13F,0x140,0x149,0x17F,0x1C4,0x1C5,0x1C6,0x1C7,
    0x1C8,0x1C9,0x1CA,0x1CB,0x1CC,0x1F1,0x1F2,0x1F3,0x2B0,0x2B1,0x2B2,0x2B3,
    0x2B4,0x2B5,0x2B6,0x2B7,0x2B8,0x2D8,0x2D9,0x2DA,0x2DB,0x2DC,0x2DD,0x2E0,
    0x2E1,0x2E2,0x2E3,0x2E4,0x37A,0x384,0x385,0x3D0,0x3D1,0x3D2,0x3D3,0x3D4,
    0x3D5,0x3D6,0x3F0,0x3F1,0x3F2,0x3F4,0x3F5,0x3F9,0x587,0x675,0x676,0x677,
    0x678,0xE33,0xEB3,0xEDC,0xEDD,0xF0C,0xF77,0xF79,0x10FC,0x1D2C,0x1D2D,0x1D2E,
    0x1D30,0x1D31,0x1D32,0x1D33,0x1D34,0x1D35,0x1D36,0x1D37,0x1D38,0x1D39,0x1D3A,0x1D3C,
    0x1D3D,0x1D3E,0x1D3F,0x1D40,0x1D41,0x1D42,0x1D43,0x1D44,0x1D45,0x1D46,0x1D47,0x1D48,
    0x1D49,0x1D4A,0x1D4B,0x1D4C,0x1D4D,0x1D4F,0x1D50,0x1D51,0x1D52,0x1D53,0x1D54,0x1D55,
    0x1D56,0x1D57,0x1D58,0x1D59,0x1D5A,0x1D5B,0x1D5C,0x1D5D,0x1D5E,0x1D5F,0x1D60,0x1D61,
    0x1D62,0x1D63,0x1D64,0x1D65,0x1D66,0x1D67,0x1D68,0x1D69,0x1D6A,0x1D78,0x1D9B,0x1D9C,
    0x1D9D,0x1D9E,0x1D9F,0x1DA0,0x1DA1,0x1DA2,0x1DA3,0x1DA4,0x1DA5,0x1DA6,0x1DA7,0x1DA8,
    0x1DA9,0x1DAA,0x1DAB,0x1DAC,0x1DAD,0x1DAE,0x1DAF,0x1DB0,0x1DB1,0x1DB2,0x1DB3,0x1DB4,
    0x1DB5,0x1DB6,0x1DB7,0x1DB8,0x1DB9,0x1DBA,0x1DBB,0x1DBC,0x1DBD,0x1DBE,0x1DBF,0x1E9A,
    0x1E9B,0x1FBD,0x1FBF,0x1FC0,0x1FC1,0x1FCD,0x1FCE,0x1FCF,0x1FDD,0x1FDE,0x1FDF,0x1FED,
    0x1FEE,0x1FFD,0x1FFE,0x2000,0x2001,0x2002,0x2003,0x2004,0x2005,0x2006,0x2007,0x2008,
    0x2009,0x200A,0x2011,0x2017,0x2024,0x2025,0x2026,0x202F,0x2033,0x2034,0x2036,0x2037,
    0x203C,0x203E,0x2047,0x2048,0x2049,0x2057,0x205F,0x2070,0x2071,0x2074,0x2075,0x2076,
    0x2077,0x2078,0x2079,0x207A,0x207B,0x207C,0x207D,0x207E,0x207F,0x2080,0x2081,0x2082,
    0x2083,0x2084,0x2085,0x2086,0x2087,0x2088,0x2089,0x208A,0x208B,0x208C,0x208D,0x208E,
    0x2090,0x2091,0x2092,0x2093,0x2094,0x2095,0x2096,0x2097,0x2098,0x2099,0x209A,0x209B,
    0x209C,0x20A8,0x2100,0x2101,0x2102,0x2103,0x2105,0x2106,0x2107,0x2109,0x210A,0x210B,
    0x210C,0x210D,0x210E,0x210F,0x2110,0x2111,0x2112,0x2113,0x2115,0x2116,0x2119,0x211A,
    0x211B,0x211C,0x211D,0x2120,0x2121,0x2122,0x2124,0x2128,0x212C,0x212D,0x212F,0x2130,
    0x2131,0x2133,0x2134,0x2135,0x2136,0x2137,0x2138,0x2139,0x213B,0x213C,0x213D,0x213E,
    0x213F,0x2140,0x2145,0x2146,0x2147,0x2148,0x2149,0x2150,0x2151,0x2152,0x2153,0x2154,
    0x2155,0x2156,0x2157,0x2158,0x2159,0x215A,0x215B,0x215C,0x215D,0x215E,0x215F,0x2160,
    0x2161,0x2162,0x2163,0x2164,0x2165,0x2166,0x2167,0x2168,0x2169,0x216A,0x216B,0x216C,
    0x216D,0x216E,0x216F,0x2170,0x2171,0x2172,0x2173,0x2174,0x2175,0x2176,0x2177,0x2178,
    0x2179,0x217A,0x217B,0x217C,0x217D,0x217E,0x217F,0x2189,0x222C,0x222D,0x222F,0x2230,
    0x2460,0x2461,0x2462,0x2463,0x2464,0x2465,0x2466,0x2467,0x2468,0x2469,0x246A,0x246B,
    0x246C,0x246D,0x246E,0x246F,0x2470,0x2471,0x2472,0x2473,0x2474,0x2475,0x2476,0x2477,
    0x2478,0x2479,0x247A,0x247B,0x247C,0x247D,0x247E,0x247F,0x2480,0x2481,0x2482,0x2483,
    0x2484,0x2485,0x2486,0x2487,0x2488,0x2489,0x248A,0x248B,0x248C,0x248D,0x248E,0x248F,
    0x2490,0x2491,0x2492,0x2493,0x2494,0x2495,0x2496,0x2497,0x2498,0x2499,0x249A,0x249B,
    0x249C,0x249D,0x249E,0x249F,0x24A0,0x24A1,0x24A2,0x24A3,0x24A4,0x24A5,0x24A6,0x24A7,
    0x24A8,0x24A9,0x24AA,0x24AB,0x24AC,0x24AD,0x24AE,0x24AF,0x24B0,0x24B1,0x24B2,0x24B3,
    0x24B4,0x24B5,0x24B6,0x24B7,0x24B8,0x24B9,0x24BA,0x24BB,0x24BC,0x24BD,0x24BE,0x24BF,
    0x24C0,0x24C1,0x24C2,0x24C3,0x24C4,0x24C5,0x24C6,0x24C7,0x24C8,0x24C9,0x24CA,0x24CB,
    0x24CC,0x24CD,0x24CE,0x24CF,0x24D0,0x24D1,0x24D2,0x24D3,0x24D4,0x24D5,0x24D6,0x24D7,
    0x24D8,0x24D9,0x24DA,0x24DB,0x24DC,0x24DD,0x24DE,0x24DF,0x24E0,0x24E1,0x24E2,0x24E3,
    0x24E4,0x24E5,0x24E6,0x24E7,0x24E8,0x24E9,0x24EA,0x2A0C,0x2A74,0x2A75,0x2A76,0x2C7C,
    0x2C7D,0x2D6F,0x2E9F,0x2EF3,0x2F00,0x2F01,0x2F02,0x2F03,0x2F04,0x2F05,0x2F06,0x2F07,
    0x2F08,0x2F09,0x2F0A,0x2F0B,0x2F0C,0x2F0D,0x2F0E,0x2F0F,0x2F10,0x2F11,0x2F12,0x2F13,
    0x2F14,0x2F15,0x2F16,0x2F17,0x2F18,0x2F19,0x2F1A,0x2F1B,0x2F1C,0x2F1D,0x2F1E,0x2F1F,
    0x2F20,0x2F21,0x2F22,0x2F23,0x2F24,0x2F25,0x2F26,0x2F27,0x2F28,0x2F29,0x2F2A,0x2F2B,
    0x2F2C,0x2F2D,0x2F2E,0x2F2F,0x2F30,0x2F31,0x2F32,0x2F33,0x2F34,0x2F35,0x2F36,0x2F37,
    0x2F38,0x2F39,0x2F3A,0x2F3B,0x2F3C,0x2F3D,0x2F3E,0x2F3F,0x2F40,0x2F41,0x2F42,0x2F43,
    0x2F44,0x2F45,0x2F46,0x2F47,0x2F48,0x2F49,0x2F4A,0x2F4B,0x2F4C,0x2F4D,0x2F4E,0x2F4F,
    0x2F50,0x2F51,0x2F52,0x2F53,0x2F54,0x2F55,0x2F56,0x2F57,0x2F58,0x2F59,0x2F5A,0x2F5B,
    0x2F5C,0x2F5D,0x2F5E,0x2F5F,0x2F60,0x2F61,0x2F62,0x2F63,0x2F64,0x2F65,0x2F66,0x2F67,
    0x2F68,0x2F69,0x2F6A,0x2F6B,0x2F6C,0x2F6D,0x2F6E,0x2F6F,0x2F70,0x2F71,0x2F72,0x2F73,
    0x2F74,0x2F75,0x2F76,0x2F77,0x2F78,0x2F79,0x2F7A,0x2F7B,0x2F7C,0x2F7D,0x2F7E,0x2F7F,
    0x2F80,0x2F81,0x2F82,0x2F83,0x2F84,0x2F85,0x2F86,0x2F87,0x2F88,0x2F89,0x2F8A,0x2F8B,
    0x2F8C,0x2F8D,0x2F8E,0x2F8F,0x2F90,0x2F91,0x2F92,0x2F93,0x2F94,0x2F95,0x2F96,0x2F97,
    0x2F98,0x2F99,0x2F9A,0x2F9B,0x2F9C,0x2F9D,0x2F9E,0x2F9F,0x2FA0,0x2FA1,0x2FA2,0x2FA3,
    0x2FA4,0x2FA5,0x2FA6,0x2FA7,0x2FA8,0x2FA9,0x2FAA,0x2FAB,0x2FAC,0x2FAD,0x2FAE,0x2FAF,
    0x2FB0,0x2FB1,0x2FB2,0x2FB3,0x2FB4,0x2FB5,0x2FB6,0x2FB7,0x2FB8,0x2FB9,0x2FBA,0x2FBB,
    0x2FBC,0x2FBD,0x2FBE,0x2FBF,0x2FC0,0x2FC1,0x2FC2,0x2FC3,0x2FC4,0x2FC5,0x2FC6,0x2FC7,
    0x2FC8,0x2FC9,0x2FCA,0x2FCB,0x2FCC,0x2FCD,0x2FCE,0x2FCF,0x2FD0,0x2FD1,0x2FD2,0x2FD3,
    0x2FD4,0x2FD5,0x3000,0x3036,0x3038,0x3039,0x303A,0x309B,0x309C,0x309F,0x30FF,0x3131,
    0x3132,0x3133,0x3134,0x3135,0x3136,0x3137,0x3138,0x3139,0x313A,0x313B,0x313C,0x313D,
    0x313E,0x313F,0x3140,0x3141,0x3142,0x3143,0x3144,0x3145,0x3146,0x3147,0x3148,0x3149,
    0x314A,0x314B,0x314C,0x314D,0x314E,0x314F,0x3150,0x3151,0x3152,0x3153,0x3154,0x3155,
    0x3156,0x3157,0x3158,0x3159,0x315A,0x315B,0x315C,0x315D,0x315E,0x315F,0x3160,0x3161,
    0x3162,0x3163,0x3164,0x3165,0x3166,0x3167,0x3168,0x3169,0x316A,0x316B,0x316C,0x316D,
    0x316E,0x316F,0x3170,0x3171,0x3172,0x3173,0x3174,0x3175,0x3176,0x3177,0x3178,0x3179,
    0x317A,0x317B,0x317C,0x317D,0x317E,0x317F,0x3180,0x3181,0x3182,0x3183,0x3184,0x3185,
    0x3186,0x3187,0x3188,0x3189,0x318A,0x318B,0x318C,0x318D,0x318E,0x3192,0x3193,0x3194,
    0x3195,0x3196,0x3197,0x3198,0x3199,0x319A,0x319B,0x319C,0x319D,0x319E,0x319F,0x3200,
    0x3201,0x3202,0x3203,0x3204,0x3205,0x3206,0x3207,0x3208,0x3209,0x320A,0x320B,0x320C,
    0x320D,0x320E,0x320F,0x3210,0x3211,0x3212,0x3213,0x3214,0x3215,0x3216,0x3217,0x3218,
    0x3219,0x321A,0x321B,0x321C,0x321D,0x321E,0x3220,0x3221,0x3222,0x3223,0x3224,0x3225,
    0x3226,0x3227,0x3228,0x3229,0x322A,0x322B,0x322C,0x322D,0x322E,0x322F,0x3230,0x3231,
    0x3232,0x3233,0x3234,0x3235,0x3236,0x3237,0x3238,0x3239,0x323A,0x323B,0x323C,0x323D,
    0x323E,0x323F,0x3240,0x3241,0x3242,0x3243,0x3244,0x3245,0x3246,0x3247,0x3250,0x3251,
    0x3252,0x3253,0x3254,0x3255,0x3256,0x3257,0x3258,0x3259,0x325A,0x325B,0x325C,0x325D,
    0x325E,0x325F,0x3260,0x3261,0x3262,0x3263,0x3264,0x3265,0x3266,0x3267,0x3268,0x3269,
    0x326A,0x326B,0x326C,0x326D,0x326E,0x326F,0x3270,0x3271,0x3272,0x3273,0x3274,0x3275,
    0x3276,0x3277,0x3278,0x3279,0x327A,0x327B,0x327C,0x327D,0x327E,0x3280,0x3281,0x3282,
    0x3283,0x3284,0x3285,0x3286,0x3287,0x3288,0x3289,0x328A,0x328B,0x328C,0x328D,0x328E,
    0x328F,0x3290,0x3291,0x3292,0x3293,0x3294,0x3295,0x3296,0x3297,0x3298,0x3299,0x329A,
    0x329B,0x329C,0x329D,0x329E,0x329F,0x32A0,0x32A1,0x32A2,0x32A3,0x32A4,0x32A5,0x32A6,
    0x32A7,0x32A8,0x32A9,0x32AA,0x32AB,0x32AC,0x32AD,0x32AE,0x32AF,0x32B0,0x32B1,0x32B2,
    0x32B3,0x32B4,0x32B5,0x32B6,0x32B7,0x32B8,0x32B9,0x32BA,0x32BB,0x32BC,0x32BD,0x32BE,
    0x32BF,0x32C0,0x32C1,0x32C2,0x32C3,0x32C4,0x32C5,0x32C6,0x32C7,0x32C8,0x32C9,0x32CA,
    0x32CB,0x32CC,0x32CD,0x32CE,0x32CF,0x32D0,0x32D1,0x32D2,0x32D3,0x32D4,0x32D5,0x32D6,
    0x32D7,0x32D8,0x32D9,0x32DA,0x32DB,0x32DC,0x32DD,0x32DE,0x32DF,0x32E0,0x32E1,0x32E2,
    0x32E3,0x32E4,0x32E5,0x32E6,0x32E7,0x32E8,0x32E9,0x32EA,0x32EB,0x32EC,0x32ED,0x32EE,
    0x32EF,0x32F0,0x32F1,0x32F2,0x32F3,0x32F4,0x32F5,0x32F6,0x32F7,0x32F8,0x32F9,0x32FA,
    0x32FB,0x32FC,0x32FD,0x32FE,0x3300,0x3301,0x3302,0x3303,0x3304,0x3305,0x3306,0x3307,
    0x3308,0x3309,0x330A,0x330B,0x330C,0x330D,0x330E,0x330F,0x3310,0x3311,0x3312,0x3313,
    0x3314,0x3315,0x3316,0x3317,0x3318,0x3319,0x331A,0x331B,0x331C,0x331D,0x331E,0x331F,
    0x3320,0x3321,0x3322,0x3323,0x3324,0x3325,0x3326,0x3327,0x3328,0x3329,0x332A,0x332B,
    0x332C,0x332D,0x332E,0x332F,0x3330,0x3331,0x3332,0x3333,0x3334,0x3335,0x3336,0x3337,
    0x3338,0x3339,0x333A,0x333B,0x333C,0x333D,0x333E,0x333F,0x3340,0x3341,0x3342,0x3343,
    0x3344,0x3345,0x3346,0x3347,0x3348,0x3349,0x334A,0x334B,0x334C,0x334D,0x334E,0x334F,
    0x3350,0x3351,0x3352,0x3353,0x3354,0x3355,0x3356,0x3357,0x3358,0x3359,0x335A,0x335B,
    0x335C,0x335D,0x335E,0x335F,0x3360,0x3361,0x3362,0x3363,0x3364,0x3365,0x3366,0x3367,
    0x3368,0x3369,0x336A,0x336B,0x336C,0x336D,0x336E,0x336F,0x3370,0x3371,0x3372,0x3373,
    0x3374,0x3375,0x3376,0x3377,0x3378,0x3379,0x337A,0x337B,0x337C,0x337D,0x337E,0x337F,
    0x3380,0x3381,0x3382,0x3383,0x3384,0x3385,0x3386,0x3387,0x3388,0x3389,0x338A,0x338B,
    0x338C,0x338D,0x338E,0x338F,0x3390,0x3391,0x3392,0x3393,0x3394,0x3395,0x3396,0x3397,
    0x3398,0x3399,0x339A,0x339B,0x339C,0x339D,0x339E,0x339F,0x33A0,0x33A1,0x33A2,0x33A3,
    0x33A4,0x33A5,0x33A6,0x33A7,0x33A8,0x33A9,0x33AA,0x33AB,0x33AC,0x33AD,0x33AE,0x33AF,
    0x33B0,0x33B1,0x33B2,0x33B3,0x33B4,0x33B5,0x33B6,0x33B7,0x33B8,0x33B9,0x33BA,0x33BB,
    0x33BC,0x33BD,0x33BE,0x33BF,0x33C0,0x33C1,0x33C2,0x33C3,0x33C4,0x33C5,0x33C6,0x33C7,
    0x33C8,0x33C9,0x33CA,0x33CB,0x33CC,0x33CD,0x33CE,0x33CF,0x33D0,0x33D1,0x33D2,0x33D3,
    0x33D4,0x33D5,0x33D6,0x33D7,0x33D8,0x33D9,0x33DA,0x33DB,0x33DC,0x33DD,0x33DE,0x33DF,
    0x33E0,0x33E1,0x33E2,0x33E3,0x33E4,0x33E5,0x33E6,0x33E7,0x33E8,0x33E9,0x33EA,0x33EB,
    0x33EC,0x33ED,0x33EE,0x33EF,0x33F0,0x33F1,0x33F2,0x33F3,0x33F4,0x33F5,0x33F6,0x33F7,
    0x33F8,0x33F9,0x33FA,0x33FB,0x33FC,0x33FD,0x33FE,0x33FF,0xA69C,0xA69D,0xA770,0xA7F8,
    0xA7F9,0xAB5C,0xAB5D,0xAB5E,0xAB5F,0xFB00,0xFB01,0xFB02,0xFB03,0xFB04,0xFB05,0xFB06,
    0xFB13,0xFB14,0xFB15,0xFB16,0xFB17,0xFB20,0xFB21,0xFB22,0xFB23,0xFB24,0xFB25,0xFB26,
    0xFB27,0xFB28,0xFB29,0xFB4F,0xFB50,0xFB51,0xFB52,0xFB53,0xFB54,0xFB55,0xFB56,0xFB57,
    0xFB58,0xFB59,0xFB5A,0xFB5B,0xFB5C,0xFB5D,0xFB5E,0xFB5F,0xFB60,0xFB61,0xFB62,0xFB63,
    0xFB64,0xFB65,0xFB66,0xFB67,0xFB68,0xFB69,0xFB6A,0xFB6B,0xFB6C,0xFB6D,0xFB6E,0xFB6F,
    0xFB70,0xFB71,0xFB72,0xFB73,0xFB74,0xFB75,0xFB76,0xFB77,0xFB78,0xFB79,0xFB7A,0xFB7B,
    0xFB7C,0xFB7D,0xFB7E,0xFB7F,0xFB80,0xFB81,0xFB82,0xFB83,0xFB84,0xFB85,0xFB86,0xFB87,
    0xFB88,0xFB89,0xFB8A,0xFB8B,0xFB8C,0xFB8D,0xFB8E,0xFB8F,0xFB90,0xFB91,0xFB92,0xFB93,
    0xFB94,0xFB95,0xFB96,0xFB97,0xFB98,0xFB99,0xFB9A,0xFB9B,0xFB9C,0xFB9D,0xFB9E,0xFB9F,
    0xFBA0,0xFBA1,0xFBA2,0xFBA3,0xFBA4,0xFBA5,0xFBA6,0xFBA7,0xFBA8,0xFBA9,0xFBAA,0xFBAB,
    0xFBAC,0xFBAD,0xFBAE,0xFBAF,0xFBB0,0xFBB1,0xFBD3,0xFBD4,0xFBD5,0xFBD6,0xFBD7,0xFBD8,
    0xFBD9,0xFBDA,0xFBDB,0xFBDC,0xFBDD,0xFBDE,0xFBDF,0xFBE0,0xFBE1,0xFBE2,0xFBE3,0xFBE4,
    0xFBE5,0xFBE6,0xFBE7,0xFBE8,0xFBE9,0xFBEA,0xFBEB,0xFBEC,0xFBED,0xFBEE,0xFBEF,0xFBF0,
    0xFBF1,0xFBF2,0xFBF3,0xFBF4,0xFBF5,0xFBF6,0xFBF7,0xFBF8,0xFBF9,0xFBFA,0xFBFB,0xFBFC,
    0xFBFD,0xFBFE,0xFBFF,0xFC00,0xFC01,0xFC02,0xFC03,0xFC04,0xFC05,0xFC06,0xFC07,0xFC08,
    0xFC09,0xFC0A,0xFC0B,0xFC0C,0xFC0D,0xFC0E,0xFC0F,0xFC10,0xFC11,0xFC12,0xFC13,0xFC14,
    0xFC15,0xFC16,0xFC17,0xFC18,0xFC19,0xFC1A,0xFC1B,0xFC1C,0xFC1D,0xFC1E,0xFC1F,0xFC20,
    0xFC21,0xFC22,0xFC23,0xFC24,0xFC25,0xFC26,0xFC27,0xFC28,0xFC29,0xFC2A,0xFC2B,0xFC2C,
    0xFC2D,0xFC2E,0xFC2F,0xFC30,0xFC31,0xFC32,0xFC33,0xFC34,0xFC35,0xFC36,0xFC37,0xFC38,
    0xFC39,0xFC3A,0xFC3B,0xFC3C,0xFC3D,0xFC3E,0xFC3F,0xFC40,0xFC41,0xFC42,0xFC43,0xFC44,
    0xFC45,0xFC46,0xFC47,0xFC48,0xFC49,0xFC4A,0xFC4B,0xFC4C,0xFC4D,0xFC4E,0xFC4F,0xFC50,
    0xFC51,0xFC52,0xFC53,0xFC54,0xFC55,0xFC56,0xFC57,0xFC58,0xFC59,0xFC5A,0xFC5B,0xFC5C,
    0xFC5D,0xFC5E,0xFC5F,0xFC60,0xFC61,0xFC62,0xFC63,0xFC64,0xFC65,0xFC66,0xFC67,0xFC68,
    0xFC69,0xFC6A,0xFC6B,0xFC6C,0xFC6D,0xFC6E,0xFC6F,0xFC70,0xFC71,0xFC72,0xFC73,0xFC74,
    0xFC75,0xFC76,0xFC77,0xFC78,0xFC79,0xFC7A,0xFC7B,0xFC7C,0xFC7D,0xFC7E,0xFC7F,0xFC80,
    0xFC81,0xFC82,0xFC83,0xFC84,0xFC85,0xFC86,0xFC87,0xFC88,0xFC89,0xFC8A,0xFC8B,0xFC8C,
    0xFC8D,0xFC8E,0xFC8F,0xFC90,0xFC91,0xFC92,0xFC93,0xFC94,0xFC95,0xFC96,0xFC97,0xFC98,
    0xFC99,0xFC9A,0xFC9B,0xFC9C,0xFC9D,0xFC9E,0xFC9F,0xFCA0,0xFCA1,0xFCA2,0xFCA3,0xFCA4,
    0xFCA5,0xFCA6,0xFCA7,0xFCA8,0xFCA9,0xFCAA,0xFCAB,0xFCAC,0xFCAD,0xFCAE,0xFCAF,0xFCB0,
    0xFCB1,0xFCB2,0xFCB3,0xFCB4,0xFCB5,0xFCB6,0xFCB7,0xFCB8,0xFCB9,0xFCBA,0xFCBB,0xFCBC,
    0xFCBD,0xFCBE,0xFCBF,0xFCC0,0xFCC1,0xFCC2,0xFCC3,0xFCC4,0xFCC5,0xFCC6,0xFCC7,0xFCC8,
    0xFCC9,0xFCCA,0xFCCB,0xFCCC,0xFCCD,0xFCCE,0xFCCF,0xFCD0,0xFCD1,0xFCD2,0xFCD3,0xFCD4,
    0xFCD5,0xFCD6,0xFCD7,0xFCD8,0xFCD9,0xFCDA,0xFCDB,0xFCDC,0xFCDD,0xFCDE,0xFCDF,0xFCE0,
    0xFCE1,0xFCE2,0xFCE3,0xFCE4,0xFCE5,0xFCE6,0xFCE7,0xFCE8,0xFCE9,0xFCEA,0xFCEB,0xFCEC,
    0xFCED,0xFCEE,0xFCEF,0xFCF0,0xFCF1,0xFCF2,0xFCF3,0xFCF4,0xFCF5,0xFCF6,0xFCF7,0xFCF8,
    0xFCF9,0xFCFA,0xFCFB,0xFCFC,0xFCFD,0xFCFE,0xFCFF,0xFD00,0xFD01,0xFD02,0xFD03,0xFD04,
    0xFD05,0xFD06,0xFD07,0xFD08,0xFD09,0xFD0A,0xFD0B,0xFD0C,0xFD0D,0xFD0E,0xFD0F,0xFD10,
    0xFD11,0xFD12,0xFD13,0xFD14,0xFD15,0xFD16,0xFD17,0xFD18,0xFD19,0xFD1A,0xFD1B,0xFD1C,
    0xFD1D,0xFD1E,0xFD1F,0xFD20,0xFD21,0xFD22,0xFD23,0xFD24,0xFD25,0xFD26,0xFD27,0xFD28,
    0xFD29,0xFD2A,0xFD2B,0xFD2C,0xFD2D,0xFD2E,0xFD2F,0xFD30,0xFD31,0xFD32,0xFD33,0xFD34,
    0xFD35,0xFD36,0xFD37,0xFD38,0xFD39,0xFD3A,0xFD3B,0xFD3C,0xFD3D,0xFD50,0xFD51,0xFD52,
    0xFD53,0xFD54,0xFD55,0xFD56,0xFD57,0xFD58,0xFD59,0xFD5A,0xFD5B,0xFD5C,0xFD5D,0xFD5E,
    0xFD5F,0xFD60,0xFD61,0xFD62,0xFD63,0xFD64,0xFD65,0xFD66,0xFD67,0xFD68,0xFD69,0xFD6A,
    0xFD6B,0xFD6C,0xFD6D,0xFD6E,0xFD6F,0xFD70,0xFD71,0xFD72,0xFD73,0xFD74,0xFD75,0xFD76,
    0xFD77,0xFD78,0xFD79,0xFD7A,0xFD7B,0xFD7C,0xFD7D,0xFD7E,0xFD7F,0xFD80,0xFD81,0xFD82,
    0xFD83,0xFD84,0xFD85,0xFD86,0xFD87,0xFD88,0xFD89,0xFD8A,0xFD8B,0xFD8C,0xFD8D,0xFD8E,
    0xFD8F,0xFD92,0xFD93,0xFD94,0xFD95,0xFD96,0xFD97,0xFD98,0xFD99,0xFD9A,0xFD9B,0xFD9C,
    0xFD9D,0xFD9E,0xFD9F,0xFDA0,0xFDA1,0xFDA2,0xFDA3,0xFDA4,0xFDA5,0xFDA6,0xFDA7,0xFDA8,
    0xFDA9,0xFDAA,0xFDAB,0xFDAC,0xFDAD,0xFDAE,0xFDAF,0xFDB0,0xFDB1,0xFDB2,0xFDB3,0xFDB4,
    0xFDB5,0xFDB6,0xFDB7,0xFDB8,0xFDB9,0xFDBA,0xFDBB,0xFDBC,0xFDBD,0xFDBE,0xFDBF,0xFDC0,
    0xFDC1,0xFDC2,0xFDC3,0xFDC4,0xFDC5,0xFDC6,0xFDC7,0xFDF0,0xFDF1,0xFDF2,0xFDF3,0xFDF4,
    0xFDF5,0xFDF6,0xFDF7,0xFDF8,0xFDF9,0xFDFA,0xFDFB,0xFDFC,0xFE10,0xFE11,0xFE12,0xFE13,
    0xFE14,0xFE15,0xFE16,0xFE17,0xFE18,0xFE19,0xFE30,0xFE31,0xFE32,0xFE33,0xFE34,0xFE35,
    0xFE36,0xFE37,0xFE38,0xFE39,0xFE3A,0xFE3B,0xFE3C,0xFE3D,0xFE3E,0xFE3F,0xFE40,0xFE41,
    0xFE42,0xFE43,0xFE44,0xFE47,0xFE48,0xFE49,0xFE4A,0xFE4B,0xFE4C,0xFE4D,0xFE4E,0xFE4F,
    0xFE50,0xFE51,0xFE52,0xFE54,0xFE55,0xFE56,0xFE57,0xFE58,0xFE59,0xFE5A,0xFE5B,0xFE5C,
    0xFE5D,0xFE5E,0xFE5F,0xFE60,0xFE61,0xFE62,0xFE63,0xFE64,0xFE65,0xFE66,0xFE68,0xFE69,
    0xFE6A,0xFE6B,0xFE70,0xFE71,0xFE72,0xFE74,0xFE76,0xFE77,0xFE78,0xFE79,0xFE7A,0xFE7B,
    0xFE7C,0xFE7D,0xFE7E,0xFE7F,0xFE80,0xFE81,0xFE82,0xFE83,0xFE84,0xFE85,0xFE86,0xFE87,
    0xFE88,0xFE89,0xFE8A,0xFE8B,0xFE8C,0xFE8D,0xFE8E,0xFE8F,0xFE90,0xFE91,0xFE92,0xFE93,
    0xFE94,0xFE95,0xFE96,0xFE97,0xFE98,0xFE99,0xFE9A,0xFE9B,0xFE9C,0xFE9D,0xFE9E,0xFE9F,
    0xFEA0,0xFEA1,0xFEA2,0xFEA3,0xFEA4,0xFEA5,0xFEA6,0xFEA7,0xFEA8,0xFEA9,0xFEAA,0xFEAB,
    0xFEAC,0xFEAD,0xFEAE,0xFEAF,0xFEB0,0xFEB1,0xFEB2,0xFEB3,0xFEB4,0xFEB5,0xFEB6,0xFEB7,
    0xFEB8,0xFEB9,0xFEBA,0xFEBB,0xFEBC,0xFEBD,0xFEBE,0xFEBF,0xFEC0,0xFEC1,0xFEC2,0xFEC3,
    0xFEC4,0xFEC5,0xFEC6,0xFEC7,0xFEC8,0xFEC9,0xFECA,0xFECB,0xFECC,0xFECD,0xFECE,0xFECF,
    0xFED0,0xFED1,0xFED2,0xFED3,0xFED4,0xFED5,0xFED6,0xFED7,0xFED8,0xFED9,0xFEDA,0xFEDB,
    0xFEDC,0xFEDD,0xFEDE,0xFEDF,0xFEE0,0xFEE1,0xFEE2,0xFEE3,0xFEE4,0xFEE5,0xFEE6,0xFEE7,
    0xFEE8,0xFEE9,0xFEEA,0xFEEB,0xFEEC,0xFEED,0xFEEE,0xFEEF,0xFEF0,0xFEF1,0xFEF2,0xFEF3,
    0xFEF4,0xFEF5,0xFEF6,0xFEF7,0xFEF8,0xFEF9,0xFEFA,0xFEFB,0xFEFC,0xFF01,0xFF02,0xFF03,
    0xFF04,0xFF05,0xFF06,0xFF07,0xFF08,0xFF09,0xFF0A,0xFF0B,0xFF0C,0xFF0D,0xFF0E,0xFF0F,
    0xFF10,0xFF11,0xFF12,0xFF13,0xFF14,0xFF15,0xFF16,0xFF17,0xFF18,0xFF19,0xFF1A,0xFF1B,
    0xFF1C,0xFF1D,0xFF1E,0xFF1F,0xFF20,0xFF21,0xFF22,0xFF23,0xFF24,0xFF25,0xFF26,0xFF27,
    0xFF28,0xFF29,0xFF2A,0xFF2B,0xFF2C,0xFF2D,0xFF2E,0xFF2F,0xFF30,0xFF31,0xFF32,0xFF33,
    0xFF34,0xFF35,0xFF36,0xFF37,0xFF38,0xFF39,0xFF3A,0xFF3B,0xFF3C,0xFF3D,0xFF3E,0xFF3F,
    0xFF40,0xFF41,0xFF42,0xFF43,0xFF44,0xFF45,0xFF46,0xFF47,0xFF48,0xFF49,0xFF4A,0xFF4B,
    0xFF4C,0xFF4D,0xFF4E,0xFF4F,0xFF50,0xFF51,0xFF52,0xFF53,0xFF54,0xFF55,0xFF56,0xFF57,
    0xFF58,0xFF59,0xFF5A,0xFF5B,0xFF5C,0xFF5D,0xFF5E,0xFF5F,0xFF60,0xFF61,0xFF62,0xFF63,
    0xFF64,0xFF65,0xFF66,0xFF67,0xFF68,0xFF69,0xFF6A,0xFF6B,0xFF6C,0xFF6D,0xFF6E,0xFF6F,
    0xFF70,0xFF71,0xFF72,0xFF73,0xFF74,0xFF75,0xFF76,0xFF77,0xFF78,0xFF79,0xFF7A,0xFF7B,
    0xFF7C,0xFF7D,0xFF7E,0xFF7F,0xFF80,0xFF81,0xFF82,0xFF83,0xFF84,0xFF85,0xFF86,0xFF87,
    0xFF88,0xFF89,0xFF8A,0xFF8B,0xFF8C,0xFF8D,0xFF8E,0xFF8F,0xFF90,0xFF91,0xFF92,0xFF93,
    0xFF94,0xFF95,0xFF96,0xFF97,0xFF98,0xFF99,0xFF9A,0xFF9B,0xFF9C,0xFF9D,0xFF9E,0xFF9F,
    0xFFA0,0xFFA1,0xFFA2,0xFFA3,0xFFA4,0xFFA5,0xFFA6,0xFFA7,0xFFA8,0xFFA9,0xFFAA,0xFFAB,
    0xFFAC,0xFFAD,0xFFAE,0xFFAF,0xFFB0,0xFFB1,0xFFB2,0xFFB3,0xFFB4,0xFFB5,0xFFB6,0xFFB7,
    0xFFB8,0xFFB9,0xFFBA,0xFFBB,0xFFBC,0xFFBD,0xFFBE,0xFFC2,0xFFC3,0xFFC4,0xFFC5,0xFFC6,
    0xFFC7,0xFFCA,0xFFCB,0xFFCC,0xFFCD,0xFFCE,0xFFCF,0xFFD2,0xFFD3,0xFFD4,0xFFD5,0xFFD6,
    0xFFD7,0xFFDA,0xFFDB,0xFFDC,0xFFE0,0xFFE1,0xFFE2,0xFFE3,0xFFE4,0xFFE5,0xFFE6,0xFFE8,
    0xFFE9,0xFFEA,0xFFEB,0xFFEC,0xFFED,0xFFEE,0x1D400,0x1D401,0x1D402,0x1D403,0x1D404,0x1D405,
    0x1D406,0x1D407,0x1D408,0x1D409,0x1D40A,0x1D40B,0x1D40C,0x1D40D,0x1D40E,0x1D40F,0x1D410,0x1D411,
    0x1D412,0x1D413,0x1D414,0x1D415,0x1D416,0x1D417,0x1D418,0x1D419,0x1D41A,0x1D41B,0x1D41C,0x1D41D,
    0x1D41E,0x1D41F,0x1D420,0x1D421,0x1D422,0x1D423,0x1D424,0x1D425,0x1D426,0x1D427,0x1D428,0x1D429,
    0x1D42A,0x1D42B,0x1D42C,0x1D42D,0x1D42E,0x1D42F,0x1D430,0x1D431,0x1D432,0x1D433,0x1D434,0x1D435,
    0x1D436,0x1D437,0x1D438,0x1D439,0x1D43A,0x1D43B,0x1D43C,0x1D43D,0x1D43E,0x1D43F,0x1D440,0x1D441,
    0x1D442,0x1D443,0x1D444,0x1D445,0x1D446,0x1D447,0x1D448,0x1D449,0x1D44A,0x1D44B,0x1D44C,0x1D44D,
    0x1D44E,0x1D44F,0x1D450,0x1D451,0x1D452,0x1D453,0x1D454,0x1D456,0x1D457,0x1D458,0x1D459,0x1D45A,
    0x1D45B,0x1D45C,0x1D45D,0x1D45E,0x1D45F,0x1D460,0x1D461,0x1D462,0x1D463,0x1D464,0x1D465,0x1D466,
    0x1D467,0x1D468,0x1D469,0x1D46A,0x1D46B,0x1D46C,0x1D46D,0x1D46E,0x1D46F,0x1D470,0x1D471,0x1D472,
    0x1D473,0x1D474,0x1D475,0x1D476,0x1D477,0x1D478,0x1D479,0x1D47A,0x1D47B,0x1D47C,0x1D47D,0x1D47E,
    0x1D47F,0x1D480,0x1D481,0x1D482,0x1D483,0x1D484,0x1D485,0x1D486,0x1D487,0x1D488,0x1D489,0x1D48A,
    0x1D48B,0x1D48C,0x1D48D,0x1D48E,0x1D48F,0x1D490,0x1D491,0x1D492,0x1D493,0x1D494,0x1D495,0x1D496,
    0x1D497,0x1D498,0x1D499,0x1D49A,0x1D49B,0x1D49C,0x1D49E,0x1D49F,0x1D4A2,0x1D4A5,0x1D4A6,0x1D4A9,
    0x1D4AA,0x1D4AB,0x1D4AC,0x1D4AE,0x1D4AF,0x1D4B0,0x1D4B1,0x1D4B2,0x1D4B3,0x1D4B4,0x1D4B5,0x1D4B6,
    0x1D4B7,0x1D4B8,0x1D4B9,0x1D4BB,0x1D4BD,0x1D4BE,0x1D4BF,0x1D4C0,0x1D4C1,0x1D4C2,0x1D4C3,0x1D4C5,
    0x1D4C6,0x1D4C7,0x1D4C8,0x1D4C9,0x1D4CA,0x1D4CB,0x1D4CC,0x1D4CD,0x1D4CE,0x1D4CF,0x1D4D0,0x1D4D1,
    0x1D4D2,0x1D4D3,0x1D4D4,0x1D4D5,0x1D4D6,0x1D4D7,0x1D4D8,0x1D4D9,0x1D4DA,0x1D4DB,0x1D4DC,0x1D4DD,
    0x1D4DE,0x1D4DF,0x1D4E0,0x1D4E1,0x1D4E2,0x1D4E3,0x1D4E4,0x1D4E5,0x1D4E6,0x1D4E7,0x1D4E8,0x1D4E9,
    0x1D4EA,0x1D4EB,0x1D4EC,0x1D4ED,0x1D4EE,0x1D4EF,0x1D4F0,0x1D4F1,0x1D4F2,0x1D4F3,0x1D4F4,0x1D4F5,
    0x1D4F6,0x1D4F7,0x1D4F8,0x1D4F9,0x1D4FA,0x1D4FB,0x1D4FC,0x1D4FD,0x1D4FE,0x1D4FF,0x1D500,0x1D501,
    0x1D502,0x1D503,0x1D504,0x1D505,0x1D507,0x1D508,0x1D509,0x1D50A,0x1D50D,0x1D50E,0x1D50F,0x1D510,
    0x1D511,0x1D512,0x1D513,0x1D514,0x1D516,0x1D517,0x1D518,0x1D519,0x1D51A,0x1D51B,0x1D51C,0x1D51E,
    0x1D51F,0x1D520,0x1D521,0x1D522,0x1D523,0x1D524,0x1D525,0x1D526,0x1D527,0x1D528,0x1D529,0x1D52A,
    0x1D52B,0x1D52C,0x1D52D,0x1D52E,0x1D52F,0x1D530,0x1D531,0x1D532,0x1D533,0x1D534,0x1D535,0x1D536,
    0x1D537,0x1D538,0x1D539,0x1D53B,0x1D53C,0x1D53D,0x1D53E,0x1D540,0x1D541,0x1D542,0x1D543,0x1D544,
    0x1D546,0x1D54A,0x1D54B,0x1D54C,0x1D54D,0x1D54E,0x1D54F,0x1D550,0x1D552,0x1D553,0x1D554,0x1D555,
    0x1D556,0x1D557,0x1D558,0x1D559,0x1D55A,0x1D55B,0x1D55C,0x1D55D,0x1D55E,0x1D55F,0x1D560,0x1D561,
    0x1D562,0x1D563,0x1D564,0x1D565,0x1D566,0x1D567,0x1D568,0x1D569,0x1D56A,0x1D56B,0x1D56C,0x1D56D,
    0x1D56E,0x1D56F,0x1D570,0x1D571,0x1D572,0x1D573,0x1D574,0x1D575,0x1D576,0x1D577,0x1D578,0x1D579,
    0x1D57A,0x1D57B,0x1D57C,0x1D57D,0x1D57E,0x1D57F,0x1D580,0x1D581,0x1D582,0x1D583,0x1D584,0x1D585,
    0x1D586,0x1D587,0x1D588,0x1D589,0x1D58A,0x1D58B,0x1D58C,0x1D58D,0x1D58E,0x1D58F,0x1D590,0x1D591,
    0x1D592,0x1D593,0x1D594,0x1D595,0x1D596,0x1D597,0x1D598,0x1D599,0x1D59A,0x1D59B,0x1D59C,0x1D59D,
    0x1D59E,0x1D59F,0x1D5A0,0x1D5A1,0x1D5A2,0x1D5A3,0x1D5A4,0x1D5A5,0x1D5A6,0x1D5A7,0x1D5A8,0x1D5A9,
    0x1D5AA,0x1D5AB,0x1D5AC,0x1D5AD,0x1D5AE,0x1D5AF,0x1D5B0,0x1D5B1,0x1D5B2,0x1D5B3,0x1D5B4,0x1D5B5,
    0x1D5B6,0x1D5B7,0x1D5B8,0x1D5B9,0x1D5BA,0x1D5BB,0x1D5BC,0x1D5BD,0x1D5BE,0x1D5BF,0x1D5C0,0x1D5C1,
    0x1D5C2,0x1D5C3,0x1D5C4,0x1D5C5,0x1D5C6,0x1D5C7,0x1D5C8,0x1D5C9,0x1D5CA,0x1D5CB,0x1D5CC,0x1D5CD,
    0x1D5CE,0x1D5CF,0x1D5D0,0x1D5D1,0x1D5D2,0x1D5D3,0x1D5D4,0x1D5D5,0x1D5D6,0x1D5D7,0x1D5D8,0x1D5D9,
    0x1D5DA,0x1D5DB,0x1D5DC,0x1D5DD,0x1D5DE,0x1D5DF,0x1D5E0,0x1D5E1,0x1D5E2,0x1D5E3,0x1D5E4,0x1D5E5,
    0x1D5E6,0x1D5E7,0x1D5E8,0x1D5E9,0x1D5EA,0x1D5EB,0x1D5EC,0x1D5ED,0x1D5EE,0x1D5EF,0x1D5F0,0x1D5F1,
    0x1D5F2,0x1D5F3,0x1D5F4,0x1D5F5,0x1D5F6,0x1D5F7,0x1D5F8,0x1D5F9,0x1D5FA,0x1D5FB,0x1D5FC,0x1D5FD,
    0x1D5FE,0x1D5FF,0x1D600,0x1D601,0x1D602,0x1D603,0x1D604,0x1D605,0x1D606,0x1D607,0x1D608,0x1D609,
    0x1D60A,0x1D60B,0x1D60C,0x1D60D,0x1D60E,0x1D60F,0x1D610,0x1D611,0x1D612,0x1D613,0x1D614,0x1D615,
    0x1D616,0x1D617,0x1D618,0x1D619,0x1D61A,0x1D61B,0x1D61C,0x1D61D,0x1D61E,0x1D61F,0x1D620,0x1D621,
    0x1D622,0x1D623,0x1D624,0x1D625,0x1D626,0x1D627,0x1D628,0x1D629,0x1D62A,0x1D62B,0x1D62C,0x1D62D,
    0x1D62E,0x1D62F,0x1D630,0x1D631,0x1D632,0x1D633,0x1D634,0x1D635,0x1D636,0x1D637,0x1D638,0x1D639,
    0x1D63A,0x1D63B,0x1D63C,0x1D63D,0x1D63E,0x1D63F,0x1D640,0x1D641,0x1D642,0x1D643,0x1D644,0x1D645,
    0x1D646,0x1D647,0x1D648,0x1D649,0x1D64A,0x1D64B,0x1D64C,0x1D64D,0x1D64E,0x1D64F,0x1D650,0x1D651,
    0x1D652,0x1D653,0x1D654,0x1D655,0x1D656,0x1D657,0x1D658,0x1D659,0x1D65A,0x1D65B,0x1D65C,0x1D65D,
    0x1D65E,0x1D65F,0x1D660,0x1D661,0x1D662,0x1D663,0x1D664,0x1D665,0x1D666,0x1D667,0x1D668,0x1D669,
    0x1D66A,0x1D66B,0x1D66C,0x1D66D,0x1D66E,0x1D66F,0x1D670,0x1D671,0x1D672,0x1D673,0x1D674,0x1D675,
    0x1D676,0x1D677,0x1D678,0x1D679,0x1D67A,0x1D67B,0x1D67C,0x1D67D,0x1D67E,0x1D67F,0x1D680,0x1D681,
    0x1D682,0x1D683,0x1D684,0x1D685,0x1D686,0x1D687,0x1D688,0x1D689,0x1D68A,0x1D68B,0x1D68C,0x1D68D,
    0x1D68E,0x1D68F,0x1D690,0x1D691,0x1D692,0x1D693,0x1D694,0x1D695,0x1D696,0x1D697,0x1D698,0x1D699,
    0x1D69A,0x1D69B,0x1D69C,0x1D69D,0x1D69E,0x1D69F,0x1D6A0,0x1D6A1,0x1D6A2,0x1D6A3,0x1D6A4,0x1D6A5,
    0x1D6A8,0x1D6A9,0x1D6AA,0x1D6AB,0x1D6AC,0x1D6AD,0x1D6AE,0x1D6AF,0x1D6B0,0x1D6B1,0x1D6B2,0x1D6B3,
    0x1D6B4,0x1D6B5,0x1D6B6,0x1D6B7,0x1D6B8,0x1D6B9,0x1D6BA,0x1D6BB,0x1D6BC,0x1D6BD,0x1D6BE,0x1D6BF,
    0x1D6C0,0x1D6C1,0x1D6C2,0x1D6C3,0x1D6C4,0x1D6C5,0x1D6C6,0x1D6C7,0x1D6C8,0x1D6C9,0x1D6CA,0x1D6CB,
    0x1D6CC,0x1D6CD,0x1D6CE,0x1D6CF,0x1D6D0,0x1D6D1,0x1D6D2,0x1D6D3,0x1D6D4,0x1D6D5,0x1D6D6,0x1D6D7,
    0x1D6D8,0x1D6D9,0x1D6DA,0x1D6DB,0x1D6DC,0x1D6DD,0x1D6DE,0x1D6DF,0x1D6E0,0x1D6E1,0x1D6E2,0x1D6E3,
    0x1D6E4,0x1D6E5,0x1D6E6,0x1D6E7,0x1D6E8,0x1D6E9,0x1D6EA,0x1D6EB,0x1D6EC,0x1D6ED,0x1D6EE,0x1D6EF,
    0x1D6F0,0x1D6F1,0x1D6F2,0x1D6F3,0x1D6F4,0x1D6F5,0x1D6F6,0x1D6F7,0x1D6F8,0x1D6F9,0x1D6FA,0x1D6FB,
    0x1D6FC,0x1D6FD,0x1D6FE,0x1D6FF,0x1D700,0x1D701,0x1D702,0x1D703,0x1D704,0x1D705,0x1D706,0x1D707,
    0x1D708,0x1D709,0x1D70A,0x1D70B,0x1D70C,0x1D70D,0x1D70E,0x1D70F,0x1D710,0x1D711,0x1D712,0x1D713,
    0x1D714,0x1D715,0x1D716,0x1D717,0x1D718,0x1D719,0x1D71A,0x1D71B,0x1D71C,0x1D71D,0x1D71E,0x1D71F,
    0x1D720,0x1D721,0x1D722,0x1D723,0x1D724,0x1D725,0x1D726,0x1D727,0x1D728,0x1D729,0x1D72A,0x1D72B,
    0x1D72C,0x1D72D,0x1D72E,0x1D72F,0x1D730,0x1D731,0x1D732,0x1D733,0x1D734,0x1D735,0x1D736,0x1D737,
    0x1D738,0x1D739,0x1D73A,0x1D73B,0x1D73C,0x1D73D,0x1D73E,0x1D73F,0x1D740,0x1D741,0x1D742,0x1D743,
    0x1D744,0x1D745,0x1D746,0x1D747,0x1D748,0x1D749,0x1D74A,0x1D74B,0x1D74C,0x1D74D,0x1D74E,0x1D74F,
    0x1D750,0x1D751,0x1D752,0x1D753,0x1D754,0x1D755,0x1D756,0x1D757,0x1D758,0x1D759,0x1D75A,0x1D75B,
    0x1D75C,0x1D75D,0x1D75E,0x1D75F,0x1D760,0x1D761,0x1D762,0x1D763,0x1D764,0x1D765,0x1D766,0x1D767,
    0x1D768,0x1D769,0x1D76A,0x1D76B,0x1D76C,0x1D76D,0x1D76E,0x1D76F,0x1D770,0x1D771,0x1D772,0x1D773,
    0x1D774,0x1D775,0x1D776,0x1D777,0x1D778,0x1D779,0x1D77A,0x1D77B,0x1D77C,0x1D77D,0x1D77E,0x1D77F,
    0x1D780,0x1D781,0x1D782,0x1D783,0x1D784,0x1D785,0x1D786,0x1D787,0x1D788,0x1D789,0x1D78A,0x1D78B,
    0x1D78C,0x1D78D,0x1D78E,0x1D78F,0x1D790,0x1D791,0x1D792,0x1D793,0x1D794,0x1D795,0x1D796,0x1D797,
    0x1D798,0x1D799,0x1D79A,0x1D79B,0x1D79C,0x1D79D,0x1D79E,0x1D79F,0x1D7A0,0x1D7A1,0x1D7A2,0x1D7A3,
    0x1D7A4,0x1D7A5,0x1D7A6,0x1D7A7,0x1D7A8,0x1D7A9,0x1D7AA,0x1D7AB,0x1D7AC,0x1D7AD,0x1D7AE,0x1D7AF,
    0x1D7B0,0x1D7B1,0x1D7B2,0x1D7B3,0x1D7B4,0x1D7B5,0x1D7B6,0x1D7B7,0x1D7B8,0x1D7B9,0x1D7BA,0x1D7BB,
    0x1D7BC,0x1D7BD,0x1D7BE,0x1D7BF,0x1D7C0,0x1D7C1,0x1D7C2,0x1D7C3,0x1D7C4,0x1D7C5,0x1D7C6,0x1D7C7,
    0x1D7C8,0x1D7C9,0x1D7CA,0x1D7CB,0x1D7CE,0x1D7CF,0x1D7D0,0x1D7D1,0x1D7D2,0x1D7D3,0x1D7D4,0x1D7D5,
    0x1D7D6,0x1D7D7,0x1D7D8,0x1D7D9,0x1D7DA,0x1D7DB,0x1D7DC,0x1D7DD,0x1D7DE,0x1D7DF,0x1D7E0,0x1D7E1,
    0x1D7E2,0x1D7E3,0x1D7E4,0x1D7E5,0x1D7E6,0x1D7E7,0x1D7E8,0x1D7E9,0x1D7EA,0x1D7EB,0x1D7EC,0x1D7ED,
    0x1D7EE,0x1D7EF,0x1D7F0,0x1D7F1,0x1D7F2,0x1D7F3,0x1D7F4,0x1D7F5,0x1D7F6,0x1D7F7,0x1D7F8,0x1D7F9,
    0x1D7FA,0x1D7FB,0x1D7FC,0x1D7FD,0x1D7FE,0x1D7FF,0x1EE00,0x1EE01,0x1EE02,0x1EE03,0x1EE05,0x1EE06,
    0x1EE07,0x1EE08,0x1EE09,0x1EE0A,0x1EE0B,0x1EE0C,0x1EE0D,0x1EE0E,0x1EE0F,0x1EE10,0x1EE11,0x1EE12,
    0x1EE13,0x1EE14,0x1EE15,0x1EE16,0x1EE17,0x1EE18,0x1EE19,0x1EE1A,0x1EE1B,0x1EE1C,0x1EE1D,0x1EE1E,
    0x1EE1F,0x1EE21,0x1EE22,0x1EE24,0x1EE27,0x1EE29,0x1EE2A,0x1EE2B,0x1EE2C,0x1EE2D,0x1EE2E,0x1EE2F,
    0x1EE30,0x1EE31,0x1EE32,0x1EE34,0x1EE35,0x1EE36,0x1EE37,0x1EE39,0x1EE3B,0x1EE42,0x1EE47,0x1EE49,
    0x1EE4B,0x1EE4D,0x1EE4E,0x1EE4F,0x1EE51,0x1EE52,0x1EE54,0x1EE57,0x1EE59,0x1EE5B,0x1EE5D,0x1EE5F,
    0x1EE61,0x1EE62,0x1EE64,0x1EE67,0x1EE68,0x1EE69,0x1EE6A,0x1EE6C,0x1EE6D,0x1EE6E,0x1EE6F,0x1EE70,
    0x1EE71,0x1EE72,0x1EE74,0x1EE75,0x1EE76,0x1EE77,0x1EE79,0x1EE7A,0x1EE7B,0x1EE7C,0x1EE7E,0x1EE80,
    0x1EE81,0x1EE82,0x1EE83,0x1EE84,0x1EE85,0x1EE86,0x1EE87,0x1EE88,0x1EE89,0x1EE8B,0x1EE8C,0x1EE8D,
    0x1EE8E,0x1EE8F,0x1EE90,0x1EE91,0x1EE92,0x1EE93,0x1EE94,0x1EE95,0x1EE96,0x1EE97,0x1EE98,0x1EE99,
    0x1EE9A,0x1EE9B,0x1EEA1,0x1EEA2,0x1EEA3,0x1EEA5,0x1EEA6,0x1EEA7,0x1EEA8,0x1EEA9,0x1EEAB,0x1EEAC,
    0x1EEAD,0x1EEAE,0x1EEAF,0x1EEB0,0x1EEB1,0x1EEB2,0x1EEB3,0x1EEB4,0x1EEB5,0x1EEB6,0x1EEB7,0x1EEB8,
    0x1EEB9,0x1EEBA,0x1EEBB,0x1F100,0x1F101,0x1F102,0x1F103,0x1F104,0x1F105,0x1F106,0x1F107,0x1F108,
    0x1F109,0x1F10A,0x1F110,0x1F111,0x1F112,0x1F113,0x1F114,0x1F115,0x1F116,0x1F117,0x1F118,0x1F119,
    0x1F11A,0x1F11B,0x1F11C,0x1F11D,0x1F11E,0x1F11F,0x1F120,0x1F121,0x1F122,0x1F123,0x1F124,0x1F125,
    0x1F126,0x1F127,0x1F128,0x1F129,0x1F12A,0x1F12B,0x1F12C,0x1F12D,0x1F12E,0x1F130,0x1F131,0x1F132,
    0x1F133,0x1F134,0x1F135,0x1F136,0x1F137,0x1F138,0x1F139,0x1F13A,0x1F13B,0x1F13C,0x1F13D,0x1F13E,
    0x1F13F,0x1F140,0x1F141,0x1F142,0x1F143,0x1F144,0x1F145,0x1F146,0x1F147,0x1F148,0x1F149,0x1F14A,
    0x1F14B,0x1F14C,0x1F14D,0x1F14E,0x1F14F,0x1F16A,0x1F16B,0x1F190,0x1F200,0x1F201,0x1F202,0x1F210,
    0x1F211,0x1F212,0x1F213,0x1F214,0x1F215,0x1F216,0x1F217,0x1F218,0x1F219,0x1F21A,0x1F21B,0x1F21C,
    0x1F21D,0x1F21E,0x1F21F,0x1F220,0x1F221,0x1F222,0x1F223,0x1F224,0x1F225,0x1F226,0x1F227,0x1F228,
    0x1F229,0x1F22A,0x1F22B,0x1F22C,0x1F22D,0x1F22E,0x1F22F,0x1F230,0x1F231,0x1F232,0x1F233,0x1F234,
    0x1F235,0x1F236,0x1F237,0x1F238,0x1F239,0x1F23A,0x1F23B,0x1F240,0x1F241,0x1F242,0x1F243,0x1F244,
    0x1F245,0x1F246,0x1F247,0x1F248,0x1F250,0x1F251,
};

static const uint32_t m2__ukdec_info[3678] = {
    0x0,0x21,0x60,0x81,0xC0,0xE0,0x101,0x140,0x161,0x1A0,0x1C0,0x1E2,
    0x242,0x2A2,0x301,0x341,0x381,0x3C1,0x401,0x440,0x462,0x4C2,0x522,0x581,
    0x5C1,0x601,0x641,0x681,0x6C1,0x701,0x741,0x781,0x7C0,0x7E0,0x800,0x820,
    0x840,0x860,0x880,0x8A0,0x8C0,0x8E1,0x921,0x961,0x9A1,0x9E1,0xA21,0xA60,
    0xA80,0xAA0,0xAC0,0xAE0,0xB01,0xB41,0xB82,0xBE0,0xC00,0xC20,0xC41,0xC81,
    0xCC0,0xCE0,0xD00,0xD20,0xD40,0xD60,0xD80,0xDA0,0xDC1,0xE01,0xE41,0xE81,
    0xEC1,0xF01,0xF41,0xF81,0xFC1,0x1000,0x1022,0x1082,0x10E0,0x1100,0x1120,0x1140,
    0x1160,0x1180,0x11A0,0x11C0,0x11E0,0x1200,0x1220,0x1240,0x1260,0x1280,0x12A0,0x12C0,
    0x12E0,0x1300,0x1320,0x1340,0x1360,0x1380,0x13A0,0x13C0,0x13E0,0x1400,0x1420,0x1440,
    0x1460,0x1480,0x14A0,0x14C0,0x14E0,0x1500,0x1520,0x1540,0x1560,0x1580,0x15A0,0x15C0,
    0x15E0,0x1600,0x1620,0x1640,0x1660,0x1680,0x16A0,0x16C0,0x16E0,0x1700,0x1720,0x1740,
    0x1760,0x1780,0x17A0,0x17C0,0x17E0,0x1800,0x1820,0x1840,0x1860,0x1880,0x18A0,0x18C0,
    0x18E0,0x1900,0x1920,0x1940,0x1960,0x1980,0x19A0,0x19C0,0x19E0,0x1A00,0x1A20,0x1A40,
    0x1A60,0x1A80,0x1AA0,0x1AC0,0x1AE0,0x1B00,0x1B20,0x1B40,0x1B60,0x1B80,0x1BA0,0x1BC0,
    0x1BE0,0x1C00,0x1C20,0x1C40,0x1C60,0x1C80,0x1CA0,0x1CC0,0x1CE0,0x1D00,0x1D20,0x1D41,
    0x1D81,0x1DC1,0x1E01,0x1E41,0x1E82,0x1EE2,0x1F42,0x1FA2,0x2002,0x2062,0x20C2,0x2122,
    0x2182,0x21E1,0x2221,0x2260,0x2280,0x22A0,0x22C0,0x22E0,0x2300,0x2320,0x2340,0x2360,
    0x2380,0x23A0,0x23C0,0x23E1,0x2420,0x2441,0x2482,0x24E0,0x2501,0x2542,0x25A1,0x25E2,
    0x2641,0x2681,0x26C1,0x2701,0x2741,0x2783,0x2800,0x2820,0x2840,0x2860,0x2880,0x28A0,
    0x28C0,0x28E0,0x2900,0x2920,0x2940,0x2960,0x2980,0x29A0,0x29C0,0x29E0,0x2A00,0x2A20,
    0x2A40,0x2A60,0x2A80,0x2AA0,0x2AC0,0x2AE0,0x2B00,0x2B20,0x2B40,0x2B60,0x2B80,0x2BA0,
    0x2BC0,0x2BE0,0x2C00,0x2C20,0x2C40,0x2C60,0x2C80,0x2CA0,0x2CC0,0x2CE0,0x2D00,0x2D20,
    0x2D40,0x2D61,0x2DA2,0x2E02,0x2E60,0x2E81,0x2EC2,0x2F22,0x2F80,0x2FA1,0x2FE0,0x3000,
    0x3020,0x3040,0x3060,0x3080,0x30A0,0x30C0,0x30E0,0x3100,0x3120,0x3141,0x3180,0x31A0,
    0x31C0,0x31E0,0x3200,0x3221,0x3262,0x32C1,0x3300,0x3320,0x3340,0x3360,0x3380,0x33A0,
    0x33C0,0x33E0,0x3400,0x3420,0x3440,0x3460,0x3480,0x34A0,0x34C2,0x3520,0x3540,0x3560,
    0x3580,0x35A0,0x35C0,0x35E0,0x3600,0x3620,0x3640,0x3662,0x36C2,0x3723,0x37A2,0x3802,
    0x3862,0x38C2,0x3922,0x3982,0x39E2,0x3A42,0x3AA2,0x3B02,0x3B62,0x3BC2,0x3C21,0x3C60,
    0x3C81,0x3CC2,0x3D21,0x3D60,0x3D81,0x3DC2,0x3E23,0x3EA1,0x3EE0,0x3F01,0x3F42,0x3FA0,
    0x3FC0,0x3FE0,0x4000,0x4020,0x4041,0x4082,0x40E1,0x4120,0x4141,0x4182,0x41E3,0x4261,
    0x42A0,0x42C1,0x4302,0x4360,0x4380,0x43A0,0x43C0,0x43E2,0x4441,0x4482,0x44E1,0x4522,
    0x4580,0x45A0,0x45C0,0x45E0,0x4600,0x4620,0x4640,0x4660,0x4680,0x46A1,0x46E1,0x4721,
    0x4761,0x47A1,0x47E1,0x4821,0x4861,0x48A1,0x48E1,0x4921,0x4962,0x49C2,0x4A22,0x4A82,
    0x4AE2,0x4B42,0x4BA2,0x4C02,0x4C62,0x4CC3,0x4D43,0x4DC3,0x4E43,0x4EC3,0x4F43,0x4FC3,
    0x5043,0x50C3,0x5143,0x51C3,0x5241,0x5281,0x52C1,0x5301,0x5341,0x5381,0x53C1,0x5401,
    0x5441,0x5482,0x54E2,0x5542,0x55A2,0x5602,0x5662,0x56C2,0x5722,0x5782,0x57E2,0x5842,
    0x58A2,0x5902,0x5962,0x59C2,0x5A22,0x5A82,0x5AE2,0x5B42,0x5BA2,0x5C02,0x5C62,0x5CC2,
    0x5D22,0x5D82,0x5DE2,0x5E42,0x5EA2,0x5F02,0x5F62,0x5FC2,0x6022,0x6082,0x60E2,0x6142,
    0x61A2,0x6202,0x6260,0x6280,0x62A0,0x62C0,0x62E0,0x6300,0x6320,0x6340,0x6360,0x6380,
    0x63A0,0x63C0,0x63E0,0x6400,0x6420,0x6440,0x6460,0x6480,0x64A0,0x64C0,0x64E0,0x6500,
    0x6520,0x6540,0x6560,0x6580,0x65A0,0x65C0,0x65E0,0x6600,0x6620,0x6640,0x6660,0x6680,
    0x66A0,0x66C0,0x66E0,0x6700,0x6720,0x6740,0x6760,0x6780,0x67A0,0x67C0,0x67E0,0x6800,
    0x6820,0x6840,0x6860,0x6880,0x68A0,0x68C0,0x68E0,0x6903,0x6982,0x69E1,0x6A22,0x6A80,
    0x6AA0,0x6AC0,0x6AE0,0x6B00,0x6B20,0x6B40,0x6B60,0x6B80,0x6BA0,0x6BC0,0x6BE0,0x6C00,
    0x6C20,0x6C40,0x6C60,0x6C80,0x6CA0,0x6CC0,0x6CE0,0x6D00,0x6D20,0x6D40,0x6D60,0x6D80,
    0x6DA0,0x6DC0,0x6DE0,0x6E00,0x6E20,0x6E40,0x6E60,0x6E80,0x6EA0,0x6EC0,0x6EE0,0x6F00,
    0x6F20,0x6F40,0x6F60,0x6F80,0x6FA0,0x6FC0,0x6FE0,0x7000,0x7020,0x7040,0x7060,0x7080,
    0x70A0,0x70C0,0x70E0,0x7100,0x7120,0x7140,0x7160,0x7180,0x71A0,0x71C0,0x71E0,0x7200,
    0x7220,0x7240,0x7260,0x7280,0x72A0,0x72C0,0x72E0,0x7300,0x7320,0x7340,0x7360,0x7380,
    0x73A0,0x73C0,0x73E0,0x7400,0x7420,0x7440,0x7460,0x7480,0x74A0,0x74C0,0x74E0,0x7500,
    0x7520,0x7540,0x7560,0x7580,0x75A0,0x75C0,0x75E0,0x7600,0x7620,0x7640,0x7660,0x7680,
    0x76A0,0x76C0,0x76E0,0x7700,0x7720,0x7740,0x7760,0x7780,0x77A0,0x77C0,0x77E0,0x7800,
    0x7820,0x7840,0x7860,0x7880,0x78A0,0x78C0,0x78E0,0x7900,0x7920,0x7940,0x7960,0x7980,
    0x79A0,0x79C0,0x79E0,0x7A00,0x7A20,0x7A40,0x7A60,0x7A80,0x7AA0,0x7AC0,0x7AE0,0x7B00,
    0x7B20,0x7B40,0x7B60,0x7B80,0x7BA0,0x7BC0,0x7BE0,0x7C00,0x7C20,0x7C40,0x7C60,0x7C80,
    0x7CA0,0x7CC0,0x7CE0,0x7D00,0x7D20,0x7D40,0x7D60,0x7D80,0x7DA0,0x7DC0,0x7DE0,0x7E00,
    0x7E20,0x7E40,0x7E60,0x7E80,0x7EA0,0x7EC0,0x7EE0,0x7F00,0x7F20,0x7F40,0x7F60,0x7F80,
    0x7FA0,0x7FC0,0x7FE0,0x8000,0x8020,0x8040,0x8060,0x8080,0x80A0,0x80C0,0x80E0,0x8100,
    0x8120,0x8140,0x8160,0x8180,0x81A0,0x81C0,0x81E0,0x8200,0x8220,0x8240,0x8260,0x8280,
    0x82A0,0x82C0,0x82E0,0x8300,0x8320,0x8340,0x8360,0x8380,0x83A0,0x83C0,0x83E0,0x8400,
    0x8420,0x8440,0x8460,0x8480,0x84A0,0x84C0,0x84E0,0x8500,0x8520,0x8540,0x8560,0x8580,
    0x85A0,0x85C0,0x85E0,0x8600,0x8620,0x8640,0x8660,0x8681,0x86C1,0x8701,0x8741,0x8780,
    0x87A0,0x87C0,0x87E0,0x8800,0x8820,0x8840,0x8860,0x8880,0x88A0,0x88C0,0x88E0,0x8900,
    0x8920,0x8940,0x8960,0x8980,0x89A0,0x89C0,0x89E0,0x8A00,0x8A20,0x8A40,0x8A60,0x8A80,
    0x8AA0,0x8AC0,0x8AE0,0x8B00,0x8B20,0x8B40,0x8B60,0x8B80,0x8BA0,0x8BC0,0x8BE0,0x8C00,
    0x8C20,0x8C40,0x8C60,0x8C80,0x8CA0,0x8CC0,0x8CE0,0x8D00,0x8D20,0x8D40,0x8D60,0x8D80,
    0x8DA0,0x8DC0,0x8DE0,0x8E00,0x8E20,0x8E40,0x8E60,0x8E80,0x8EA0,0x8EC0,0x8EE0,0x8F00,
    0x8F20,0x8F40,0x8F60,0x8F80,0x8FA0,0x8FC0,0x8FE0,0x9000,0x9020,0x9040,0x9060,0x9080,
    0x90A0,0x90C0,0x90E0,0x9100,0x9120,0x9140,0x9160,0x9180,0x91A0,0x91C0,0x91E0,0x9200,
    0x9220,0x9240,0x9260,0x9280,0x92A0,0x92C0,0x92E0,0x9300,0x9320,0x9340,0x9360,0x9380,
    0x93A0,0x93C0,0x93E0,0x9400,0x9420,0x9440,0x9460,0x9480,0x94A0,0x94C0,0x94E0,0x9502,
    0x9562,0x95C2,0x9622,0x9682,0x96E2,0x9742,0x97A2,0x9802,0x9862,0x98C2,0x9922,0x9982,
    0x99E2,0x9A43,0x9AC3,0x9B43,0x9BC3,0x9C43,0x9CC3,0x9D43,0x9DC3,0x9E43,0x9EC3,0x9F43,
    0x9FC3,0xA043,0xA0C3,0xA143,0xA1C6,0xA2A5,0xA362,0xA3C2,0xA422,0xA482,0xA4E2,0xA542,
    0xA5A2,0xA602,0xA662,0xA6C2,0xA722,0xA782,0xA7E2,0xA842,0xA8A2,0xA902,0xA962,0xA9C2,
    0xAA22,0xAA82,0xAAE2,0xAB42,0xABA2,0xAC02,0xAC62,0xACC2,0xAD22,0xAD82,0xADE2,0xAE42,
    0xAEA2,0xAF02,0xAF62,0xAFC2,0xB022,0xB082,0xB0E0,0xB100,0xB120,0xB140,0xB162,0xB1C1,
    0xB201,0xB241,0xB281,0xB2C1,0xB301,0xB341,0xB381,0xB3C1,0xB401,0xB441,0xB481,0xB4C1,
    0xB501,0xB541,0xB580,0xB5A0,0xB5C0,0xB5E0,0xB600,0xB620,0xB640,0xB660,0xB680,0xB6A0,
    0xB6C0,0xB6E0,0xB700,0xB720,0xB741,0xB781,0xB7C1,0xB801,0xB841,0xB881,0xB8C1,0xB901,
    0xB941,0xB981,0xB9C1,0xBA01,0xBA41,0xBA81,0xBAC4,0xBB63,0xBBE1,0xBC20,0xBC40,0xBC60,
    0xBC80,0xBCA0,0xBCC0,0xBCE0,0xBD00,0xBD20,0xBD40,0xBD60,0xBD80,0xBDA0,0xBDC0,0xBDE0,
    0xBE00,0xBE20,0xBE40,0xBE60,0xBE80,0xBEA0,0xBEC0,0xBEE0,0xBF00,0xBF20,0xBF40,0xBF60,
    0xBF80,0xBFA0,0xBFC0,0xBFE0,0xC000,0xC020,0xC040,0xC060,0xC080,0xC0A0,0xC0C0,0xC0E0,
    0xC100,0xC120,0xC140,0xC160,0xC180,0xC1A0,0xC1C0,0xC1E0,0xC200,0xC220,0xC241,0xC281,
    0xC2C1,0xC301,0xC341,0xC381,0xC3C1,0xC401,0xC441,0xC481,0xC4C1,0xC501,0xC541,0xC581,
    0xC5C1,0xC601,0xC641,0xC681,0xC6C1,0xC701,0xC741,0xC781,0xC7C1,0xC801,0xC842,0xC8A2,
    0xC902,0xC961,0xC9A2,0xCA01,0xCA42,0xCAA0,0xCAC0,0xCAE0,0xCB00,0xCB20,0xCB40,0xCB60,
    0xCB80,0xCBA0,0xCBC0,0xCBE0,0xCC00,0xCC20,0xCC40,0xCC60,0xCC80,0xCCA0,0xCCC0,0xCCE0,
    0xCD00,0xCD20,0xCD40,0xCD60,0xCD80,0xCDA0,0xCDC0,0xCDE0,0xCE00,0xCE20,0xCE40,0xCE60,
    0xCE80,0xCEA0,0xCEC0,0xCEE0,0xCF00,0xCF20,0xCF40,0xCF60,0xCF80,0xCFA0,0xCFC0,0xCFE0,
    0xD000,0xD020,0xD040,0xD060,0xD084,0xD123,0xD1A4,0xD242,0xD2A4,0xD342,0xD3A2,0xD405,
    0xD4C3,0xD542,0xD5A2,0xD602,0xD663,0xD6E3,0xD763,0xD7E3,0xD863,0xD8E3,0xD963,0xD9E5,
    0xDAA1,0xDAE5,0xDBA5,0xDC64,0xDD03,0xDD85,0xDE45,0xDF03,0xDF82,0xDFE2,0xE043,0xE0C3,
    0xE144,0xE1E4,0xE282,0xE2E2,0xE343,0xE3C2,0xE422,0xE481,0xE4C1,0xE502,0xE562,0xE5C5,
    0xE683,0xE704,0xE7A5,0xE863,0xE8E2,0xE942,0xE9A5,0xEA63,0xEAE5,0xEBA2,0xEC04,0xECA2,
    0xED03,0xED82,0xEDE3,0xEE64,0xEF03,0xEF84,0xF023,0xF0A1,0xF0E4,0xF182,0xF1E2,0xF243,
    0xF2C2,0xF322,0xF382,0xF3E4,0xF483,0xF501,0xF545,0xF602,0xF664,0xF703,0xF783,0xF802,
    0xF862,0xF8C3,0xF941,0xF983,0xFA04,0xFAA1,0xFAE5,0xFBA2,0xFC01,0xFC41,0xFC81,0xFCC1,
    0xFD01,0xFD41,0xFD81,0xFDC1,0xFE01,0xFE41,0xFE82,0xFEE2,0xFF42,0xFFA2,0x10002,0x10062,
    0x100C2,0x10122,0x10182,0x101E2,0x10242,0x102A2,0x10302,0x10362,0x103C2,0x10422,0x10481,0x104C1,
    0x10502,0x10561,0x105A1,0x105E1,0x10622,0x10682,0x106E1,0x10721,0x10761,0x107A1,0x107E1,0x10823,
    0x108A1,0x108E1,0x10921,0x10961,0x109A1,0x109E1,0x10A21,0x10A61,0x10AA2,0x10B03,0x10B81,0x10BC1,
    0x10C01,0x10C41,0x10C81,0x10CC1,0x10D01,0x10D42,0x10DA2,0x10E02,0x10E62,0x10EC1,0x10F01,0x10F41,
    0x10F81,0x10FC1,0x11001,0x11041,0x11081,0x110C1,0x11101,0x11142,0x111A2,0x11201,0x11242,0x112A2,
    0x11302,0x11361,0x113A2,0x11402,0x11463,0x114E1,0x11522,0x11582,0x115E2,0x11642,0x116A4,0x11745,
    0x11801,0x11841,0x11881,0x118C1,0x11901,0x11941,0x11981,0x119C1,0x11A01,0x11A41,0x11A81,0x11AC1,
    0x11B01,0x11B41,0x11B81,0x11BC1,0x11C01,0x11C41,0x11C83,0x11D01,0x11D41,0x11D81,0x11DC3,0x11E42,
    0x11EA1,0x11EE1,0x11F21,0x11F61,0x11FA1,0x11FE1,0x12021,0x12061,0x120A1,0x120E1,0x12122,0x12181,
    0x121C1,0x12202,0x12262,0x122C1,0x12303,0x12382,0x123E1,0x12421,0x12461,0x124A1,0x124E2,0x12542,
    0x125A1,0x125E1,0x12621,0x12661,0x126A1,0x126E1,0x12721,0x12761,0x127A1,0x127E2,0x12842,0x128A2,
    0x12902,0x12962,0x129C2,0x12A22,0x12A82,0x12AE2,0x12B42,0x12BA2,0x12C02,0x12C62,0x12CC2,0x12D22,
    0x12D82,0x12DE2,0x12E42,0x12EA2,0x12F02,0x12F62,0x12FC2,0x13022,0x13080,0x130A0,0x130C0,0x130E0,
    0x13100,0x13120,0x13140,0x13160,0x13180,0x131A1,0x131E1,0x13221,0x13262,0x132C2,0x13321,0x13361,
    0x133A1,0x133E1,0x13421,0x13461,0x134A1,0x134E0,0x13500,0x13520,0x13540,0x13560,0x13580,0x135A0,
    0x135C0,0x135E0,0x13600,0x13621,0x13660,0x13680,0x136A0,0x136C0,0x136E0,0x13700,0x13720,0x13740,
    0x13760,0x13780,0x137A0,0x137C0,0x137E0,0x13800,0x13820,0x13840,0x13860,0x13880,0x138A0,0x138C0,
    0x138E0,0x13900,0x13920,0x13940,0x13960,0x13980,0x139A0,0x139C0,0x139E0,0x13A00,0x13A20,0x13A40,
    0x13A60,0x13A80,0x13AA0,0x13AC0,0x13AE0,0x13B00,0x13B20,0x13B40,0x13B60,0x13B80,0x13BA0,0x13BC0,
    0x13BE0,0x13C00,0x13C20,0x13C40,0x13C60,0x13C80,0x13CA0,0x13CC0,0x13CE0,0x13D00,0x13D20,0x13D40,
    0x13D60,0x13D80,0x13DA0,0x13DC0,0x13DE0,0x13E00,0x13E20,0x13E40,0x13E60,0x13E80,0x13EA0,0x13EC0,
    0x13EE0,0x13F00,0x13F20,0x13F40,0x13F60,0x13F80,0x13FA0,0x13FC0,0x13FE0,0x14000,0x14020,0x14040,
    0x14060,0x14080,0x140A0,0x140C0,0x140E1,0x14121,0x14160,0x14180,0x141A0,0x141C0,0x141E0,0x14200,
    0x14220,0x14240,0x14260,0x14280,0x142A1,0x142E1,0x14320,0x14340,0x14360,0x14380,0x143A0,0x143C0,
    0x143E0,0x14400,0x14420,0x14440,0x14461,0x144A0,0x144C0,0x144E0,0x14500,0x14520,0x14540,0x14560,
    0x14580,0x145A0,0x145C0,0x145E0,0x14600,0x14622,0x14682,0x146E2,0x14742,0x147A2,0x14802,0x14862,
    0x148C2,0x14922,0x14982,0x149E2,0x14A42,0x14AA2,0x14B02,0x14B62,0x14BC2,0x14C22,0x14C82,0x14CE0,
    0x14D00,0x14D20,0x14D40,0x14D62,0x14DC2,0x14E22,0x14E82,0x14EE2,0x14F41,0x14F81,0x14FC1,0x15001,
    0x15041,0x15081,0x150C1,0x15101,0x15141,0x15181,0x151C1,0x15201,0x15241,0x15281,0x152C1,0x15301,
    0x15341,0x15381,0x153C1,0x15401,0x15441,0x15481,0x154C1,0x15501,0x15541,0x15581,0x155C1,0x15601,
    0x15641,0x15681,0x156C1,0x15701,0x15741,0x15781,0x157C1,0x15801,0x15841,0x15881,0x158C1,0x15901,
    0x15941,0x15981,0x159C1,0x15A01,0x15A41,0x15A81,0x15AC1,0x15B01,0x15B41,0x15B81,0x15BC1,0x15C01,
    0x15C41,0x15C81,0x15CC1,0x15D01,0x15D41,0x15D81,0x15DC1,0x15E01,0x15E41,0x15E81,0x15EC1,0x15F01,
    0x15F41,0x15F81,0x15FC1,0x16001,0x16041,0x16081,0x160C1,0x16101,0x16141,0x16181,0x161C1,0x16201,
    0x16241,0x16281,0x162C1,0x16301,0x16341,0x16381,0x163C1,0x16401,0x16441,0x16481,0x164C1,0x16501,
    0x16541,0x16582,0x165E2,0x16642,0x166A2,0x16702,0x16762,0x167C2,0x16822,0x16882,0x168E2,0x16942,
    0x169A2,0x16A01,0x16A41,0x16A81,0x16AC1,0x16B01,0x16B41,0x16B81,0x16BC1,0x16C01,0x16C41,0x16C81,
    0x16CC1,0x16D01,0x16D41,0x16D81,0x16DC1,0x16E01,0x16E41,0x16E81,0x16EC1,0x16F01,0x16F41,0x16F81,
    0x16FC1,0x17001,0x17041,0x17081,0x170C1,0x17101,0x17141,0x17181,0x171C1,0x17201,0x17241,0x17281,
    0x172C1,0x17301,0x17341,0x17381,0x173C1,0x17401,0x17441,0x17481,0x174C1,0x17501,0x17542,0x175A2,
    0x17602,0x17662,0x176C2,0x17721,0x17761,0x177A1,0x177E1,0x17821,0x17861,0x178A1,0x178E1,0x17921,
    0x17961,0x179A1,0x179E1,0x17A21,0x17A61,0x17AA1,0x17AE1,0x17B21,0x17B61,0x17BA1,0x17BE1,0x17C21,
    0x17C61,0x17CA1,0x17CE1,0x17D21,0x17D61,0x17DA1,0x17DE1,0x17E21,0x17E61,0x17EA1,0x17EE1,0x17F21,
    0x17F61,0x17FA1,0x17FE1,0x18021,0x18061,0x180A1,0x180E1,0x18121,0x18161,0x181A1,0x181E1,0x18221,
    0x18261,0x182A1,0x182E1,0x18321,0x18361,0x183A1,0x183E1,0x18421,0x18461,0x184A1,0x184E1,0x18521,
    0x18561,0x185A1,0x185E1,0x18621,0x18661,0x186A1,0x186E1,0x18721,0x18761,0x187A1,0x187E2,0x18842,
    0x188A1,0x188E1,0x18921,0x18961,0x189A1,0x189E1,0x18A21,0x18A61,0x18AA1,0x18AE1,0x18B21,0x18B61,
    0x18BA1,0x18BE1,0x18C21,0x18C61,0x18CA1,0x18CE2,0x18D42,0x18DA2,0x18E01,0x18E41,0x18E81,0x18EC1,
    0x18F01,0x18F41,0x18F81,0x18FC1,0x19001,0x19041,0x19081,0x190C1,0x19101,0x19141,0x19181,0x191C1,
    0x19201,0x19241,0x19281,0x192C1,0x19301,0x19341,0x19381,0x193C1,0x19401,0x19441,0x19481,0x194C1,
    0x19501,0x19541,0x19581,0x195C1,0x19601,0x19641,0x19681,0x196C1,0x19701,0x19741,0x19781,0x197C1,
    0x19801,0x19841,0x19881,0x198C1,0x19901,0x19941,0x19981,0x199C1,0x19A01,0x19A41,0x19A81,0x19AC1,
    0x19B01,0x19B41,0x19B81,0x19BC1,0x19C01,0x19C41,0x19C81,0x19CC1,0x19D01,0x19D41,0x19D81,0x19DC1,
    0x19E01,0x19E41,0x19E81,0x19EC1,0x19F01,0x19F41,0x19F81,0x19FC1,0x1A001,0x1A042,0x1A0A2,0x1A102,
    0x1A162,0x1A1C2,0x1A222,0x1A282,0x1A2E2,0x1A342,0x1A3A2,0x1A402,0x1A462,0x1A4C2,0x1A522,0x1A582,
    0x1A5E2,0x1A642,0x1A6A2,0x1A702,0x1A762,0x1A7C2,0x1A822,0x1A882,0x1A8E2,0x1A942,0x1A9A2,0x1AA02,
    0x1AA62,0x1AAC2,0x1AB22,0x1AB82,0x1ABE2,0x1AC42,0x1ACA2,0x1AD02,0x1AD62,0x1ADC2,0x1AE22,0x1AE82,
    0x1AEE2,0x1AF42,0x1AFA2,0x1B002,0x1B062,0x1B0C2,0x1B122,0x1B182,0x1B1E2,0x1B242,0x1B2A2,0x1B302,
    0x1B362,0x1B3C2,0x1B422,0x1B482,0x1B4E2,0x1B542,0x1B5A2,0x1B602,0x1B662,0x1B6C2,0x1B722,0x1B782,
    0x1B7E2,0x1B842,0x1B8A2,0x1B902,0x1B962,0x1B9C2,0x1BA22,0x1BA82,0x1BAE2,0x1BB42,0x1BBA2,0x1BC02,
    0x1BC62,0x1BCC2,0x1BD22,0x1BD82,0x1BDE2,0x1BE42,0x1BEA2,0x1BF02,0x1BF62,0x1BFC2,0x1C022,0x1C082,
    0x1C0E2,0x1C142,0x1C1A2,0x1C202,0x1C262,0x1C2C2,0x1C322,0x1C382,0x1C3E2,0x1C442,0x1C4A2,0x1C502,
    0x1C562,0x1C5C2,0x1C622,0x1C682,0x1C6E2,0x1C742,0x1C7A2,0x1C802,0x1C862,0x1C8C2,0x1C922,0x1C982,
    0x1C9E2,0x1CA42,0x1CAA2,0x1CB02,0x1CB62,0x1CBC2,0x1CC22,0x1CC82,0x1CCE2,0x1CD43,0x1CDC3,0x1CE43,
    0x1CEC3,0x1CF43,0x1CFC3,0x1D043,0x1D0C2,0x1D131,0x1D367,0x1D463,0x1D4E0,0x1D500,0x1D520,0x1D540,
    0x1D560,0x1D580,0x1D5A0,0x1D5C0,0x1D5E0,0x1D602,0x1D661,0x1D6A0,0x1D6C0,0x1D6E0,0x1D700,0x1D720,
    0x1D740,0x1D760,0x1D780,0x1D7A0,0x1D7C0,0x1D7E0,0x1D800,0x1D820,0x1D840,0x1D860,0x1D880,0x1D8A0,
    0x1D8C0,0x1D8E0,0x1D900,0x1D920,0x1D940,0x1D961,0x1D9A1,0x1D9E1,0x1DA21,0x1DA60,0x1DA80,0x1DAA0,
    0x1DAC0,0x1DAE0,0x1DB00,0x1DB20,0x1DB40,0x1DB60,0x1DB80,0x1DBA0,0x1DBC0,0x1DBE0,0x1DC00,0x1DC20,
    0x1DC40,0x1DC60,0x1DC80,0x1DCA0,0x1DCC0,0x1DCE0,0x1DD00,0x1DD20,0x1DD40,0x1DD60,0x1DD80,0x1DDA0,
    0x1DDC0,0x1DDE0,0x1DE01,0x1DE41,0x1DE81,0x1DEC1,0x1DF01,0x1DF41,0x1DF81,0x1DFC1,0x1E001,0x1E041,
    0x1E081,0x1E0C1,0x1E101,0x1E141,0x1E180,0x1E1A1,0x1E1E1,0x1E221,0x1E261,0x1E2A1,0x1E2E1,0x1E321,
    0x1E361,0x1E3A1,0x1E3E1,0x1E421,0x1E461,0x1E4A0,0x1E4C0,0x1E4E0,0x1E500,0x1E520,0x1E540,0x1E560,
    0x1E580,0x1E5A0,0x1E5C0,0x1E5E0,0x1E600,0x1E620,0x1E640,0x1E660,0x1E680,0x1E6A0,0x1E6C0,0x1E6E0,
    0x1E700,0x1E720,0x1E740,0x1E760,0x1E780,0x1E7A0,0x1E7C0,0x1E7E0,0x1E800,0x1E820,0x1E840,0x1E860,
    0x1E880,0x1E8A0,0x1E8C0,0x1E8E0,0x1E900,0x1E920,0x1E940,0x1E960,0x1E980,0x1E9A0,0x1E9C0,0x1E9E0,
    0x1EA00,0x1EA20,0x1EA40,0x1EA60,0x1EA80,0x1EAA0,0x1EAC0,0x1EAE0,0x1EB00,0x1EB20,0x1EB40,0x1EB60,
    0x1EB80,0x1EBA0,0x1EBC0,0x1EBE0,0x1EC00,0x1EC20,0x1EC40,0x1EC60,0x1EC80,0x1ECA0,0x1ECC0,0x1ECE0,
    0x1ED00,0x1ED20,0x1ED40,0x1ED60,0x1ED80,0x1EDA0,0x1EDC0,0x1EDE0,0x1EE00,0x1EE20,0x1EE40,0x1EE60,
    0x1EE80,0x1EEA0,0x1EEC0,0x1EEE0,0x1EF00,0x1EF20,0x1EF40,0x1EF60,0x1EF80,0x1EFA0,0x1EFC0,0x1EFE0,
    0x1F000,0x1F020,0x1F040,0x1F060,0x1F080,0x1F0A0,0x1F0C0,0x1F0E0,0x1F100,0x1F120,0x1F140,0x1F160,
    0x1F180,0x1F1A2,0x1F202,0x1F262,0x1F2C2,0x1F322,0x1F382,0x1F3E1,0x1F421,0x1F460,0x1F480,0x1F4A0,
    0x1F4C0,0x1F4E0,0x1F500,0x1F520,0x1F540,0x1F560,0x1F580,0x1F5A0,0x1F5C0,0x1F5E0,0x1F600,0x1F620,
    0x1F640,0x1F660,0x1F680,0x1F6A0,0x1F6C0,0x1F6E0,0x1F700,0x1F720,0x1F740,0x1F760,0x1F780,0x1F7A0,
    0x1F7C0,0x1F7E0,0x1F800,0x1F820,0x1F840,0x1F860,0x1F880,0x1F8A0,0x1F8C0,0x1F8E0,0x1F900,0x1F920,
    0x1F940,0x1F960,0x1F980,0x1F9A0,0x1F9C0,0x1F9E0,0x1FA00,0x1FA20,0x1FA40,0x1FA60,0x1FA80,0x1FAA0,
    0x1FAC0,0x1FAE0,0x1FB00,0x1FB20,0x1FB40,0x1FB60,0x1FB80,0x1FBA0,0x1FBC0,0x1FBE0,0x1FC00,0x1FC20,
    0x1FC40,0x1FC60,0x1FC80,0x1FCA0,0x1FCC0,0x1FCE0,0x1FD00,0x1FD20,0x1FD40,0x1FD60,0x1FD80,0x1FDA0,
    0x1FDC0,0x1FDE0,0x1FE00,0x1FE20,0x1FE40,0x1FE60,0x1FE80,0x1FEA0,0x1FEC0,0x1FEE0,0x1FF00,0x1FF20,
    0x1FF40,0x1FF60,0x1FF80,0x1FFA0,0x1FFC0,0x1FFE0,0x20000,0x20020,0x20040,0x20060,0x20080,0x200A0,
    0x200C0,0x200E0,0x20100,0x20120,0x20140,0x20160,0x20180,0x201A0,0x201C0,0x201E0,0x20200,0x20220,
    0x20240,0x20260,0x20280,0x202A0,0x202C0,0x202E0,0x20300,0x20320,0x20340,0x20360,0x20380,0x203A0,
    0x203C0,0x203E0,0x20400,0x20420,0x20440,0x20460,0x20480,0x204A0,0x204C0,0x204E0,0x20500,0x20520,
    0x20540,0x20560,0x20580,0x205A0,0x205C0,0x205E0,0x20600,0x20620,0x20640,0x20660,0x20680,0x206A0,
    0x206C0,0x206E0,0x20700,0x20720,0x20740,0x20760,0x20780,0x207A0,0x207C0,0x207E0,0x20800,0x20820,
    0x20840,0x20860,0x20880,0x208A0,0x208C0,0x208E0,0x20900,0x20920,0x20940,0x20960,0x20980,0x209A0,
    0x209C0,0x209E0,0x20A00,0x20A20,0x20A40,0x20A60,0x20A80,0x20AA0,0x20AC0,0x20AE0,0x20B00,0x20B20,
    0x20B40,0x20B60,0x20B80,0x20BA0,0x20BC0,0x20BE0,0x20C00,0x20C20,0x20C40,0x20C60,0x20C80,0x20CA0,
    0x20CC0,0x20CE0,0x20D00,0x20D20,0x20D40,0x20D60,0x20D80,0x20DA0,0x20DC0,0x20DE0,0x20E00,0x20E20,
    0x20E40,0x20E60,0x20E80,0x20EA0,0x20EC0,0x20EE0,0x20F00,0x20F21,0x20F60,0x20F80,0x20FA0,0x20FC0,
    0x20FE0,0x21000,0x21020,0x21040,0x21060,0x21080,0x210A0,0x210C0,0x210E0,0x21100,0x21120,0x21140,
    0x21160,0x21180,0x211A0,0x211C0,0x211E0,0x21200,0x21220,0x21240,0x21260,0x21280,0x212A0,0x212C0,
    0x212E0,0x21300,0x21320,0x21340,0x21360,0x21380,0x213A0,0x213C0,0x213E0,0x21400,0x21420,0x21440,
    0x21460,0x21480,0x214A0,0x214C0,0x214E0,0x21500,0x21520,0x21540,0x21560,0x21580,0x215A0,0x215C0,
    0x215E0,0x21600,0x21620,0x21640,0x21660,0x21680,0x216A0,0x216C0,0x216E0,0x21700,0x21720,0x21740,
    0x21760,0x21780,0x217A0,0x217C0,0x217E0,0x21800,0x21820,0x21840,0x21860,0x21880,0x218A0,0x218C0,
    0x218E0,0x21900,0x21920,0x21940,0x21960,0x21980,0x219A0,0x219C0,0x219E0,0x21A00,0x21A20,0x21A40,
    0x21A60,0x21A80,0x21AA0,0x21AC0,0x21AE0,0x21B00,0x21B20,0x21B40,0x21B60,0x21B80,0x21BA0,0x21BC0,
    0x21BE0,0x21C00,0x21C20,0x21C40,0x21C60,0x21C80,0x21CA0,0x21CC0,0x21CE0,0x21D00,0x21D20,0x21D40,
    0x21D60,0x21D80,0x21DA0,0x21DC0,0x21DE0,0x21E00,0x21E20,0x21E40,0x21E60,0x21E80,0x21EA0,0x21EC0,
    0x21EE0,0x21F00,0x21F20,0x21F40,0x21F60,0x21F80,0x21FA0,0x21FC0,0x21FE0,0x22000,0x22020,0x22040,
    0x22060,0x22080,0x220A0,0x220C0,0x220E0,0x22100,0x22120,0x22140,0x22160,0x22180,0x221A0,0x221C0,
    0x221E0,0x22200,0x22220,0x22240,0x22260,0x22280,0x222A0,0x222C0,0x222E0,0x22300,0x22320,0x22340,
    0x22360,0x22380,0x223A0,0x223C0,0x223E0,0x22400,0x22420,0x22440,0x22460,0x22480,0x224A0,0x224C0,
    0x224E0,0x22500,0x22520,0x22540,0x22560,0x22580,0x225A0,0x225C0,0x225E0,0x22600,0x22620,0x22640,
    0x22660,0x22680,0x226A0,0x226C0,0x226E0,0x22700,0x22720,0x22740,0x22760,0x22780,0x227A0,0x227C0,
    0x227E0,0x22800,0x22820,0x22840,0x22860,0x22880,0x228A0,0x228C0,0x228E0,0x22900,0x22920,0x22940,
    0x22960,0x22980,0x229A0,0x229C0,0x229E0,0x22A00,0x22A20,0x22A40,0x22A60,0x22A80,0x22AA0,0x22AC0,
    0x22AE0,0x22B00,0x22B20,0x22B40,0x22B60,0x22B80,0x22BA0,0x22BC0,0x22BE0,0x22C00,0x22C20,0x22C40,
    0x22C60,0x22C80,0x22CA0,0x22CC0,0x22CE0,0x22D00,0x22D20,0x22D40,0x22D60,0x22D80,0x22DA0,0x22DC0,
    0x22DE0,0x22E00,0x22E20,0x22E40,0x22E60,0x22E80,0x22EA0,0x22EC0,0x22EE0,0x22F00,0x22F20,0x22F40,
    0x22F60,0x22F80,0x22FA0,0x22FC0,0x22FE0,0x23000,0x23020,0x23040,0x23060,0x23080,0x230A0,0x230C0,
    0x230E0,0x23100,0x23120,0x23140,0x23160,0x23180,0x231A0,0x231C0,0x231E0,0x23200,0x23220,0x23240,
    0x23260,0x23280,0x232A0,0x232C0,0x232E0,0x23300,0x23320,0x23340,0x23360,0x23380,0x233A0,0x233C0,
    0x233E0,0x23400,0x23420,0x23440,0x23460,0x23480,0x234A0,0x234C0,0x234E0,0x23500,0x23520,0x23540,
    0x23560,0x23580,0x235A0,0x235C0,0x235E0,0x23600,0x23620,0x23640,0x23660,0x23680,0x236A0,0x236C0,
    0x236E0,0x23700,0x23720,0x23740,0x23760,0x23780,0x237A0,0x237C0,0x237E0,0x23800,0x23820,0x23840,
    0x23860,0x23880,0x238A0,0x238C0,0x238E0,0x23900,0x23920,0x23940,0x23960,0x23980,0x239A0,0x239C0,
    0x239E0,0x23A00,0x23A20,0x23A40,0x23A60,0x23A80,0x23AA0,0x23AC0,0x23AE0,0x23B00,0x23B20,0x23B40,
    0x23B60,0x23B80,0x23BA0,0x23BC0,0x23BE0,0x23C00,0x23C20,0x23C40,0x23C60,0x23C80,0x23CA0,0x23CC0,
    0x23CE0,0x23D00,0x23D20,0x23D40,0x23D60,0x23D80,0x23DA0,0x23DC0,0x23DE0,0x23E00,0x23E20,0x23E40,
    0x23E60,0x23E80,0x23EA0,0x23EC0,0x23EE0,0x23F00,0x23F20,0x23F40,0x23F60,0x23F80,0x23FA0,0x23FC0,
    0x23FE0,0x24000,0x24020,0x24040,0x24060,0x24080,0x240A0,0x240C0,0x240E0,0x24100,0x24120,0x24140,
    0x24160,0x24180,0x241A0,0x241C0,0x241E0,0x24200,0x24220,0x24240,0x24260,0x24280,0x242A0,0x242C0,
    0x242E0,0x24300,0x24320,0x24340,0x24360,0x24380,0x243A0,0x243C0,0x243E0,0x24400,0x24420,0x24440,
    0x24460,0x24480,0x244A0,0x244C0,0x244E0,0x24500,0x24520,0x24540,0x24560,0x24580,0x245A0,0x245C0,
    0x245E0,0x24600,0x24620,0x24640,0x24660,0x24680,0x246A0,0x246C0,0x246E0,0x24700,0x24720,0x24740,
    0x24760,0x24780,0x247A0,0x247C0,0x247E0,0x24800,0x24820,0x24840,0x24860,0x24880,0x248A0,0x248C0,
    0x248E0,0x24900,0x24920,0x24940,0x24960,0x24980,0x249A0,0x249C0,0x249E0,0x24A00,0x24A20,0x24A40,
    0x24A60,0x24A80,0x24AA0,0x24AC0,0x24AE0,0x24B00,0x24B20,0x24B40,0x24B60,0x24B80,0x24BA0,0x24BC0,
    0x24BE0,0x24C00,0x24C20,0x24C40,0x24C60,0x24C80,0x24CA0,0x24CC0,0x24CE0,0x24D00,0x24D20,0x24D40,
    0x24D60,0x24D80,0x24DA0,0x24DC0,0x24DE0,0x24E00,0x24E20,0x24E40,0x24E60,0x24E80,0x24EA0,0x24EC0,
    0x24EE0,0x24F00,0x24F20,0x24F40,0x24F60,0x24F80,0x24FA0,0x24FC0,0x24FE0,0x25000,0x25020,0x25040,
    0x25060,0x25080,0x250A0,0x250C0,0x250E0,0x25100,0x25120,0x25140,0x25160,0x25180,0x251A0,0x251C0,
    0x251E0,0x25200,0x25220,0x25240,0x25260,0x25280,0x252A0,0x252C0,0x252E0,0x25300,0x25320,0x25340,
    0x25360,0x25380,0x253A0,0x253C0,0x253E0,0x25400,0x25420,0x25440,0x25460,0x25480,0x254A0,0x254C0,
    0x254E0,0x25500,0x25520,0x25540,0x25560,0x25580,0x255A0,0x255C0,0x255E0,0x25600,0x25620,0x25640,
    0x25660,0x25680,0x256A0,0x256C0,0x256E0,0x25700,0x25720,0x25740,0x25760,0x25780,0x257A0,0x257C0,
    0x257E0,0x25800,0x25820,0x25840,0x25860,0x25880,0x258A0,0x258C0,0x258E0,0x25900,0x25920,0x25940,
    0x25960,0x25980,0x259A0,0x259C0,0x259E0,0x25A00,0x25A20,0x25A40,0x25A60,0x25A80,0x25AA0,0x25AC0,
    0x25AE0,0x25B00,0x25B20,0x25B40,0x25B60,0x25B80,0x25BA0,0x25BC0,0x25BE0,0x25C00,0x25C20,0x25C40,
    0x25C60,0x25C80,0x25CA0,0x25CC0,0x25CE0,0x25D00,0x25D20,0x25D40,0x25D60,0x25D80,0x25DA0,0x25DC0,
    0x25DE0,0x25E00,0x25E20,0x25E40,0x25E60,0x25E80,0x25EA0,0x25EC0,0x25EE0,0x25F00,0x25F20,0x25F40,
    0x25F60,0x25F80,0x25FA0,0x25FC0,0x25FE0,0x26000,0x26020,0x26040,0x26060,0x26080,0x260A0,0x260C0,
    0x260E0,0x26100,0x26120,0x26140,0x26160,0x26180,0x261A0,0x261C0,0x261E0,0x26200,0x26220,0x26240,
    0x26260,0x26280,0x262A0,0x262C0,0x262E0,0x26300,0x26320,0x26340,0x26360,0x26380,0x263A0,0x263C0,
    0x263E0,0x26400,0x26420,0x26440,0x26460,0x26480,0x264A0,0x264C0,0x264E0,0x26500,0x26520,0x26540,
    0x26560,0x26580,0x265A0,0x265C0,0x265E0,0x26600,0x26620,0x26640,0x26660,0x26680,0x266A0,0x266C0,
    0x266E0,0x26700,0x26720,0x26740,0x26760,0x26780,0x267A0,0x267C0,0x267E0,0x26800,0x26820,0x26840,
    0x26860,0x26880,0x268A0,0x268C0,0x268E0,0x26900,0x26920,0x26940,0x26960,0x26980,0x269A0,0x269C0,
    0x269E0,0x26A00,0x26A20,0x26A40,0x26A60,0x26A80,0x26AA0,0x26AC0,0x26AE0,0x26B00,0x26B20,0x26B40,
    0x26B60,0x26B80,0x26BA0,0x26BC0,0x26BE0,0x26C00,0x26C20,0x26C40,0x26C60,0x26C80,0x26CA0,0x26CC0,
    0x26CE0,0x26D00,0x26D20,0x26D40,0x26D60,0x26D80,0x26DA0,0x26DC0,0x26DE0,0x26E00,0x26E20,0x26E40,
    0x26E60,0x26E80,0x26EA0,0x26EC0,0x26EE0,0x26F00,0x26F20,0x26F40,0x26F60,0x26F80,0x26FA0,0x26FC0,
    0x26FE0,0x27000,0x27020,0x27040,0x27060,0x27080,0x270A0,0x270C0,0x270E0,0x27100,0x27120,0x27140,
    0x27160,0x27180,0x271A0,0x271C0,0x271E0,0x27200,0x27220,0x27240,0x27260,0x27280,0x272A0,0x272C0,
    0x272E0,0x27300,0x27320,0x27340,0x27360,0x27380,0x273A0,0x273C0,0x273E0,0x27400,0x27420,0x27440,
    0x27460,0x27480,0x274A0,0x274C0,0x274E0,0x27500,0x27520,0x27540,0x27560,0x27580,0x275A0,0x275C0,
    0x275E0,0x27600,0x27620,0x27640,0x27660,0x27680,0x276A0,0x276C0,0x276E0,0x27700,0x27720,0x27740,
    0x27760,0x27780,0x277A0,0x277C0,0x277E0,0x27800,0x27820,0x27840,0x27860,0x27880,0x278A0,0x278C0,
    0x278E0,0x27900,0x27920,0x27940,0x27960,0x27980,0x279A0,0x279C0,0x279E0,0x27A00,0x27A20,0x27A40,
    0x27A60,0x27A80,0x27AA0,0x27AC0,0x27AE0,0x27B00,0x27B20,0x27B40,0x27B60,0x27B80,0x27BA0,0x27BC0,
    0x27BE0,0x27C00,0x27C20,0x27C40,0x27C60,0x27C80,0x27CA0,0x27CC0,0x27CE0,0x27D00,0x27D20,0x27D40,
    0x27D60,0x27D80,0x27DA0,0x27DC0,0x27DE0,0x27E00,0x27E20,0x27E40,0x27E60,0x27E80,0x27EA0,0x27EC0,
    0x27EE0,0x27F00,0x27F20,0x27F40,0x27F60,0x27F80,0x27FA0,0x27FC0,0x27FE0,0x28000,0x28020,0x28040,
    0x28060,0x28080,0x280A0,0x280C0,0x280E0,0x28100,0x28120,0x28140,0x28160,0x28180,0x281A0,0x281C0,
    0x281E0,0x28200,0x28220,0x28240,0x28260,0x28280,0x282A0,0x282C0,0x282E0,0x28300,0x28320,0x28340,
    0x28360,0x28380,0x283A0,0x283C0,0x283E0,0x28400,0x28420,0x28440,0x28460,0x28480,0x284A0,0x284C0,
    0x284E0,0x28500,0x28520,0x28540,0x28560,0x28580,0x285A0,0x285C0,0x285E0,0x28600,0x28620,0x28640,
    0x28660,0x28680,0x286A0,0x286C0,0x286E0,0x28700,0x28720,0x28740,0x28760,0x28780,0x287A0,0x287C0,
    0x287E0,0x28800,0x28820,0x28840,0x28860,0x28880,0x288A0,0x288C0,0x288E0,0x28900,0x28920,0x28940,
    0x28960,0x28980,0x289A0,0x289C0,0x289E0,0x28A00,0x28A20,0x28A40,0x28A60,0x28A80,0x28AA0,0x28AC0,
    0x28AE0,0x28B00,0x28B20,0x28B40,0x28B60,0x28B80,0x28BA0,0x28BC0,0x28BE0,0x28C00,0x28C20,0x28C40,
    0x28C60,0x28C80,0x28CA0,0x28CC0,0x28CE0,0x28D00,0x28D20,0x28D40,0x28D60,0x28D80,0x28DA0,0x28DC0,
    0x28DE0,0x28E00,0x28E20,0x28E40,0x28E60,0x28E80,0x28EA0,0x28EC0,0x28EE0,0x28F00,0x28F20,0x28F40,
    0x28F60,0x28F80,0x28FA0,0x28FC0,0x28FE0,0x29000,0x29020,0x29040,0x29060,0x29080,0x290A0,0x290C0,
    0x290E0,0x29100,0x29120,0x29140,0x29160,0x29180,0x291A0,0x291C0,0x291E0,0x29200,0x29220,0x29240,
    0x29260,0x29280,0x292A0,0x292C0,0x292E0,0x29300,0x29320,0x29340,0x29360,0x29380,0x293A0,0x293C0,
    0x293E0,0x29400,0x29420,0x29440,0x29460,0x29480,0x294A0,0x294C0,0x294E0,0x29500,0x29520,0x29540,
    0x29560,0x29580,0x295A0,0x295C0,0x295E0,0x29600,0x29620,0x29640,0x29660,0x29680,0x296A0,0x296C0,
    0x296E0,0x29700,0x29720,0x29740,0x29760,0x29780,0x297A0,0x297C0,0x297E0,0x29800,0x29820,0x29840,
    0x29860,0x29880,0x298A0,0x298C0,0x298E0,0x29900,0x29920,0x29940,0x29960,0x29980,0x299A0,0x299C0,
    0x299E0,0x29A00,0x29A20,0x29A40,0x29A60,0x29A80,0x29AA0,0x29AC0,0x29AE0,0x29B00,0x29B20,0x29B40,
    0x29B60,0x29B80,0x29BA0,0x29BC0,0x29BE0,0x29C00,0x29C20,0x29C40,0x29C60,0x29C80,0x29CA0,0x29CC0,
    0x29CE0,0x29D00,0x29D20,0x29D40,0x29D60,0x29D80,0x29DA0,0x29DC0,0x29DE0,0x29E00,0x29E20,0x29E40,
    0x29E60,0x29E80,0x29EA0,0x29EC1,0x29F01,0x29F41,0x29F81,0x29FC1,0x2A001,0x2A041,0x2A081,0x2A0C1,
    0x2A101,0x2A141,0x2A182,0x2A1E2,0x2A242,0x2A2A2,0x2A302,0x2A362,0x2A3C2,0x2A422,0x2A482,0x2A4E2,
    0x2A542,0x2A5A2,0x2A602,0x2A662,0x2A6C2,0x2A722,0x2A782,0x2A7E2,0x2A842,0x2A8A2,0x2A902,0x2A962,
    0x2A9C2,0x2AA22,0x2AA82,0x2AAE2,0x2AB42,0x2ABA0,0x2ABC0,0x2ABE1,0x2AC21,0x2AC60,0x2AC80,0x2ACA0,
    0x2ACC0,0x2ACE0,0x2AD00,0x2AD20,0x2AD40,0x2AD60,0x2AD80,0x2ADA0,0x2ADC0,0x2ADE0,0x2AE00,0x2AE20,
    0x2AE40,0x2AE60,0x2AE80,0x2AEA0,0x2AEC0,0x2AEE0,0x2AF00,0x2AF20,0x2AF40,0x2AF60,0x2AF80,0x2AFA1,
    0x2AFE1,0x2B021,0x2B061,0x2B0A2,0x2B101,0x2B141,0x2B181,0x2B1C1,0x2B201,0x2B241,0x2B280,0x2B2A0,
    0x2B2C0,0x2B2E0,0x2B301,0x2B340,0x2B360,0x2B380,0x2B3A0,0x2B3C0,0x2B3E0,0x2B400,0x2B420,0x2B440,
    0x2B460,0x2B480,0x2B4A0,0x2B4C0,0x2B4E0,0x2B500,0x2B520,0x2B540,0x2B560,0x2B580,0x2B5A0,0x2B5C0,
    0x2B5E0,0x2B600,0x2B620,0x2B640,0x2B660,0x2B680,0x2B6A0,0x2B6C0,0x2B6E0,0x2B700,0x2B720,0x2B740,
    0x2B760,0x2B780,0x2B7A0,0x2B7C0,0x2B7E0,0x2B800,0x2B820,0x2B842,0x2B8A2,0x2B902,0x2B962,0x2B9C2,
    0x2BA22,0x2BA82,0x2BAE2,0x2BB42,0x2BBA0,0x2BBC0,
};

static const uint32_t m2__ukdec_pool[5599] = {
    0x20,0x20,0x308,0x61,0x20,0x304,0x32,0x33,0x20,0x301,0x3BC,0x20,
    0x327,0x31,0x6F,0x31,0x2044,0x34,0x31,0x2044,0x32,0x33,0x2044,0x34,
    0x49,0x4A,0x69,0x6A,0x4C,0xB7,0x6C,0xB7,0x2BC,0x6E,0x73,0x44,
    0x5A,0x30C,0x44,0x7A,0x30C,0x64,0x7A,0x30C,0x4C,0x4A,0x4C,0x6A,
    0x6C,0x6A,0x4E,0x4A,0x4E,0x6A,0x6E,0x6A,0x44,0x5A,0x44,0x7A,
    0x64,0x7A,0x68,0x266,0x6A,0x72,0x279,0x27B,0x281,0x77,0x79,0x20,
    0x306,0x20,0x307,0x20,0x30A,0x20,0x328,0x20,0x303,0x20,0x30B,0x263,
    0x6C,0x73,0x78,0x295,0x20,0x345,0x20,0x301,0x20,0x308,0x301,0x3B2,
    0x3B8,0x3A5,0x3A5,0x301,0x3A5,0x308,0x3C6,0x3C0,0x3BA,0x3C1,0x3C2,0x398,
    0x3B5,0x3A3,0x565,0x582,0x627,0x674,0x648,0x674,0x6C7,0x674,0x64A,0x674,
    0xE4D,0xE32,0xECD,0xEB2,0xEAB,0xE99,0xEAB,0xEA1,0xF0B,0xFB2,0xF71,0xF80,
    0xFB3,0xF71,0xF80,0x10DC,0x41,0xC6,0x42,0x44,0x45,0x18E,0x47,0x48,
    0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x222,0x50,0x52,0x54,0x55,
    0x57,0x61,0x250,0x251,0x1D02,0x62,0x64,0x65,0x259,0x25B,0x25C,0x67,
    0x6B,0x6D,0x14B,0x6F,0x254,0x1D16,0x1D17,0x70,0x74,0x75,0x1D1D,0x26F,
    0x76,0x1D25,0x3B2,0x3B3,0x3B4,0x3C6,0x3C7,0x69,0x72,0x75,0x76,0x3B2,
    0x3B3,0x3C1,0x3C6,0x3C7,0x43D,0x252,0x63,0x255,0xF0,0x25C,0x66,0x25F,
    0x261,0x265,0x268,0x269,0x26A,0x1D7B,0x29D,0x26D,0x1D85,0x29F,0x271,0x270,
    0x272,0x273,0x274,0x275,0x278,0x282,0x283,0x1AB,0x289,0x28A,0x1D1C,0x28B,
    0x28C,0x7A,0x290,0x291,0x292,0x3B8,0x61,0x2BE,0x73,0x307,0x20,0x313,
    0x20,0x313,0x20,0x342,0x20,0x308,0x342,0x20,0x313,0x300,0x20,0x313,
    0x301,0x20,0x313,0x342,0x20,0x314,0x300,0x20,0x314,0x301,0x20,0x314,
    0x342,0x20,0x308,0x300,0x20,0x308,0x301,0x20,0x301,0x20,0x314,0x20,
    0x20,0x20,0x20,0x20,0x20,0x20,0x20,0x20,0x20,0x20,0x2010,0x20,
    0x333,0x2E,0x2E,0x2E,0x2E,0x2E,0x2E,0x20,0x2032,0x2032,0x2032,0x2032,
    0x2032,0x2035,0x2035,0x2035,0x2035,0x2035,0x21,0x21,0x20,0x305,0x3F,0x3F,
    0x3F,0x21,0x21,0x3F,0x2032,0x2032,0x2032,0x2032,0x20,0x30,0x69,0x34,
    0x35,0x36,0x37,0x38,0x39,0x2B,0x2212,0x3D,0x28,0x29,0x6E,0x30,
    0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x2B,0x2212,0x3D,
    0x28,0x29,0x61,0x65,0x6F,0x78,0x259,0x68,0x6B,0x6C,0x6D,0x6E,
    0x70,0x73,0x74,0x52,0x73,0x61,0x2F,0x63,0x61,0x2F,0x73,0x43,
    0xB0,0x43,0x63,0x2F,0x6F,0x63,0x2F,0x75,0x190,0xB0,0x46,0x67,
    0x48,0x48,0x48,0x68,0x127,0x49,0x49,0x4C,0x6C,0x4E,0x4E,0x6F,
    0x50,0x51,0x52,0x52,0x52,0x53,0x4D,0x54,0x45,0x4C,0x54,0x4D,
    0x5A,0x5A,0x42,0x43,0x65,0x45,0x46,0x4D,0x6F,0x5D0,0x5D1,0x5D2,
    0x5D3,0x69,0x46,0x41,0x58,0x3C0,0x3B3,0x393,0x3A0,0x2211,0x44,0x64,
    0x65,0x69,0x6A,0x31,0x2044,0x37,0x31,0x2044,0x39,0x31,0x2044,0x31,
    0x30,0x31,0x2044,0x33,0x32,0x2044,0x33,0x31,0x2044,0x35,0x32,0x2044,
    0x35,0x33,0x2044,0x35,0x34,0x2044,0x35,0x31,0x2044,0x36,0x35,0x2044,
    0x36,0x31,0x2044,0x38,0x33,0x2044,0x38,0x35,0x2044,0x38,0x37,0x2044,
    0x38,0x31,0x2044,0x49,0x49,0x49,0x49,0x49,0x49,0x49,0x56,0x56,
    0x56,0x49,0x56,0x49,0x49,0x56,0x49,0x49,0x49,0x49,0x58,0x58,
    0x58,0x49,0x58,0x49,0x49,0x4C,0x43,0x44,0x4D,0x69,0x69,0x69,
    0x69,0x69,0x69,0x69,0x76,0x76,0x76,0x69,0x76,0x69,0x69,0x76,
    0x69,0x69,0x69,0x69,0x78,0x78,0x78,0x69,0x78,0x69,0x69,0x6C,
    0x63,0x64,0x6D,0x30,0x2044,0x33,0x222B,0x222B,0x222B,0x222B,0x222B,0x222E,
    0x222E,0x222E,0x222E,0x222E,0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,
    0x39,0x31,0x30,0x31,0x31,0x31,0x32,0x31,0x33,0x31,0x34,0x31,
    0x35,0x31,0x36,0x31,0x37,0x31,0x38,0x31,0x39,0x32,0x30,0x28,
    0x31,0x29,0x28,0x32,0x29,0x28,0x33,0x29,0x28,0x34,0x29,0x28,
    0x35,0x29,0x28,0x36,0x29,0x28,0x37,0x29,0x28,0x38,0x29,0x28,
    0x39,0x29,0x28,0x31,0x30,0x29,0x28,0x31,0x31,0x29,0x28,0x31,
    0x32,0x29,0x28,0x31,0x33,0x29,0x28,0x31,0x34,0x29,0x28,0x31,
    0x35,0x29,0x28,0x31,0x36,0x29,0x28,0x31,0x37,0x29,0x28,0x31,
    0x38,0x29,0x28,0x31,0x39,0x29,0x28,0x32,0x30,0x29,0x31,0x2E,
    0x32,0x2E,0x33,0x2E,0x34,0x2E,0x35,0x2E,0x36,0x2E,0x37,0x2E,
    0x38,0x2E,0x39,0x2E,0x31,0x30,0x2E,0x31,0x31,0x2E,0x31,0x32,
    0x2E,0x31,0x33,0x2E,0x31,0x34,0x2E,0x31,0x35,0x2E,0x31,0x36,
    0x2E,0x31,0x37,0x2E,0x31,0x38,0x2E,0x31,0x39,0x2E,0x32,0x30,
    0x2E,0x28,0x61,0x29,0x28,0x62,0x29,0x28,0x63,0x29,0x28,0x64,
    0x29,0x28,0x65,0x29,0x28,0x66,0x29,0x28,0x67,0x29,0x28,0x68,
    0x29,0x28,0x69,0x29,0x28,0x6A,0x29,0x28,0x6B,0x29,0x28,0x6C,
    0x29,0x28,0x6D,0x29,0x28,0x6E,0x29,0x28,0x6F,0x29,0x28,0x70,
    0x29,0x28,0x71,0x29,0x28,0x72,0x29,0x28,0x73,0x29,0x28,0x74,
    0x29,0x28,0x75,0x29,0x28,0x76,0x29,0x28,0x77,0x29,0x28,0x78,
    0x29,0x28,0x79,0x29,0x28,0x7A,0x29,0x41,0x42,0x43,0x44,0x45,
    0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x50,0x51,
    0x52,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,0x62,0x63,
    0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,
    0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,0x30,
    0x222B,0x222B,0x222B,0x222B,0x3A,0x3A,0x3D,0x3D,0x3D,0x3D,0x3D,0x3D,
    0x6A,0x56,0x2D61,0x6BCD,0x9F9F,0x4E00,0x4E28,0x4E36,0x4E3F,0x4E59,0x4E85,0x4E8C,
    0x4EA0,0x4EBA,0x513F,0x5165,0x516B,0x5182,0x5196,0x51AB,0x51E0,0x51F5,0x5200,0x529B,
    0x52F9,0x5315,0x531A,0x5338,0x5341,0x535C,0x5369,0x5382,0x53B6,0x53C8,0x53E3,0x56D7,
    0x571F,0x58EB,0x5902,0x590A,0x5915,0x5927,0x5973,0x5B50,0x5B80,0x5BF8,0x5C0F,0x5C22,
    0x5C38,0x5C6E,0x5C71,0x5DDB,0x5DE5,0x5DF1,0x5DFE,0x5E72,0x5E7A,0x5E7F,0x5EF4,0x5EFE,
    0x5F0B,0x5F13,0x5F50,0x5F61,0x5F73,0x5FC3,0x6208,0x6236,0x624B,0x652F,0x6534,0x6587,
    0x6597,0x65A4,0x65B9,0x65E0,0x65E5,0x66F0,0x6708,0x6728,0x6B20,0x6B62,0x6B79,0x6BB3,
    0x6BCB,0x6BD4,0x6BDB,0x6C0F,0x6C14,0x6C34,0x706B,0x722A,0x7236,0x723B,0x723F,0x7247,
    0x7259,0x725B,0x72AC,0x7384,0x7389,0x74DC,0x74E6,0x7518,0x751F,0x7528,0x7530,0x758B,
    0x7592,0x7676,0x767D,0x76AE,0x76BF,0x76EE,0x77DB,0x77E2,0x77F3,0x793A,0x79B8,0x79BE,
    0x7A74,0x7ACB,0x7AF9,0x7C73,0x7CF8,0x7F36,0x7F51,0x7F8A,0x7FBD,0x8001,0x800C,0x8012,
    0x8033,0x807F,0x8089,0x81E3,0x81EA,0x81F3,0x81FC,0x820C,0x821B,0x821F,0x826E,0x8272,
    0x8278,0x864D,0x866B,0x8840,0x884C,0x8863,0x897E,0x898B,0x89D2,0x8A00,0x8C37,0x8C46,
    0x8C55,0x8C78,0x8C9D,0x8D64,0x8D70,0x8DB3,0x8EAB,0x8ECA,0x8F9B,0x8FB0,0x8FB5,0x9091,
    0x9149,0x91C6,0x91CC,0x91D1,0x9577,0x9580,0x961C,0x96B6,0x96B9,0x96E8,0x9751,0x975E,
    0x9762,0x9769,0x97CB,0x97ED,0x97F3,0x9801,0x98A8,0x98DB,0x98DF,0x9996,0x9999,0x99AC,
    0x9AA8,0x9AD8,0x9ADF,0x9B25,0x9B2F,0x9B32,0x9B3C,0x9B5A,0x9CE5,0x9E75,0x9E7F,0x9EA5,
    0x9EBB,0x9EC3,0x9ECD,0x9ED1,0x9EF9,0x9EFD,0x9F0E,0x9F13,0x9F20,0x9F3B,0x9F4A,0x9F52,
    0x9F8D,0x9F9C,0x9FA0,0x20,0x3012,0x5341,0x5344,0x5345,0x20,0x3099,0x20,0x309A,
    0x3088,0x308A,0x30B3,0x30C8,0x1100,0x1101,0x11AA,0x1102,0x11AC,0x11AD,0x1103,0x1104,
    0x1105,0x11B0,0x11B1,0x11B2,0x11B3,0x11B4,0x11B5,0x111A,0x1106,0x1107,0x1108,0x1121,
    0x1109,0x110A,0x110B,0x110C,0x110D,0x110E,0x110F,0x1110,0x1111,0x1112,0x1161,0x1162,
    0x1163,0x1164,0x1165,0x1166,0x1167,0x1168,0x1169,0x116A,0x116B,0x116C,0x116D,0x116E,
    0x116F,0x1170,0x1171,0x1172,0x1173,0x1174,0x1175,0x1160,0x1114,0x1115,0x11C7,0x11C8,
    0x11CC,0x11CE,0x11D3,0x11D7,0x11D9,0x111C,0x11DD,0x11DF,0x111D,0x111E,0x1120,0x1122,
    0x1123,0x1127,0x1129,0x112B,0x112C,0x112D,0x112E,0x112F,0x1132,0x1136,0x1140,0x1147,
    0x114C,0x11F1,0x11F2,0x1157,0x1158,0x1159,0x1184,0x1185,0x1188,0x1191,0x1192,0x1194,
    0x119E,0x11A1,0x4E00,0x4E8C,0x4E09,0x56DB,0x4E0A,0x4E2D,0x4E0B,0x7532,0x4E59,0x4E19,
    0x4E01,0x5929,0x5730,0x4EBA,0x28,0x1100,0x29,0x28,0x1102,0x29,0x28,0x1103,
    0x29,0x28,0x1105,0x29,0x28,0x1106,0x29,0x28,0x1107,0x29,0x28,0x1109,
    0x29,0x28,0x110B,0x29,0x28,0x110C,0x29,0x28,0x110E,0x29,0x28,0x110F,
    0x29,0x28,0x1110,0x29,0x28,0x1111,0x29,0x28,0x1112,0x29,0x28,0x1100,
    0x1161,0x29,0x28,0x1102,0x1161,0x29,0x28,0x1103,0x1161,0x29,0x28,0x1105,
    0x1161,0x29,0x28,0x1106,0x1161,0x29,0x28,0x1107,0x1161,0x29,0x28,0x1109,
    0x1161,0x29,0x28,0x110B,0x1161,0x29,0x28,0x110C,0x1161,0x29,0x28,0x110E,
    0x1161,0x29,0x28,0x110F,0x1161,0x29,0x28,0x1110,0x1161,0x29,0x28,0x1111,
    0x1161,0x29,0x28,0x1112,0x1161,0x29,0x28,0x110C,0x116E,0x29,0x28,0x110B,
    0x1169,0x110C,0x1165,0x11AB,0x29,0x28,0x110B,0x1169,0x1112,0x116E,0x29,0x28,
    0x4E00,0x29,0x28,0x4E8C,0x29,0x28,0x4E09,0x29,0x28,0x56DB,0x29,0x28,
    0x4E94,0x29,0x28,0x516D,0x29,0x28,0x4E03,0x29,0x28,0x516B,0x29,0x28,
    0x4E5D,0x29,0x28,0x5341,0x29,0x28,0x6708,0x29,0x28,0x706B,0x29,0x28,
    0x6C34,0x29,0x28,0x6728,0x29,0x28,0x91D1,0x29,0x28,0x571F,0x29,0x28,
    0x65E5,0x29,0x28,0x682A,0x29,0x28,0x6709,0x29,0x28,0x793E,0x29,0x28,
    0x540D,0x29,0x28,0x7279,0x29,0x28,0x8CA1,0x29,0x28,0x795D,0x29,0x28,
    0x52B4,0x29,0x28,0x4EE3,0x29,0x28,0x547C,0x29,0x28,0x5B66,0x29,0x28,
    0x76E3,0x29,0x28,0x4F01,0x29,0x28,0x8CC7,0x29,0x28,0x5354,0x29,0x28,
    0x796D,0x29,0x28,0x4F11,0x29,0x28,0x81EA,0x29,0x28,0x81F3,0x29,0x554F,
    0x5E7C,0x6587,0x7B8F,0x50,0x54,0x45,0x32,0x31,0x32,0x32,0x32,0x33,
    0x32,0x34,0x32,0x35,0x32,0x36,0x32,0x37,0x32,0x38,0x32,0x39,
    0x33,0x30,0x33,0x31,0x33,0x32,0x33,0x33,0x33,0x34,0x33,0x35,
    0x1100,0x1102,0x1103,0x1105,0x1106,0x1107,0x1109,0x110B,0x110C,0x110E,0x110F,0x1110,
    0x1111,0x1112,0x1100,0x1161,0x1102,0x1161,0x1103,0x1161,0x1105,0x1161,0x1106,0x1161,
    0x1107,0x1161,0x1109,0x1161,0x110B,0x1161,0x110C,0x1161,0x110E,0x1161,0x110F,0x1161,
    0x1110,0x1161,0x1111,0x1161,0x1112,0x1161,0x110E,0x1161,0x11B7,0x1100,0x1169,0x110C,
    0x116E,0x110B,0x1174,0x110B,0x116E,0x4E00,0x4E8C,0x4E09,0x56DB,0x4E94,0x516D,0x4E03,
    0x516B,0x4E5D,0x5341,0x6708,0x706B,0x6C34,0x6728,0x91D1,0x571F,0x65E5,0x682A,0x6709,
    0x793E,0x540D,0x7279,0x8CA1,0x795D,0x52B4,0x79D8,0x7537,0x5973,0x9069,0x512A,0x5370,
    0x6CE8,0x9805,0x4F11,0x5199,0x6B63,0x4E0A,0x4E2D,0x4E0B,0x5DE6,0x53F3,0x533B,0x5B97,
    0x5B66,0x76E3,0x4F01,0x8CC7,0x5354,0x591C,0x33,0x36,0x33,0x37,0x33,0x38,
    0x33,0x39,0x34,0x30,0x34,0x31,0x34,0x32,0x34,0x33,0x34,0x34,
    0x34,0x35,0x34,0x36,0x34,0x37,0x34,0x38,0x34,0x39,0x35,0x30,
    0x31,0x6708,0x32,0x6708,0x33,0x6708,0x34,0x6708,0x35,0x6708,0x36,0x6708,
    0x37,0x6708,0x38,0x6708,0x39,0x6708,0x31,0x30,0x6708,0x31,0x31,0x6708,
    0x31,0x32,0x6708,0x48,0x67,0x65,0x72,0x67,0x65,0x56,0x4C,0x54,
    0x44,0x30A2,0x30A4,0x30A6,0x30A8,0x30AA,0x30AB,0x30AD,0x30AF,0x30B1,0x30B3,0x30B5,
    0x30B7,0x30B9,0x30BB,0x30BD,0x30BF,0x30C1,0x30C4,0x30C6,0x30C8,0x30CA,0x30CB,0x30CC,
    0x30CD,0x30CE,0x30CF,0x30D2,0x30D5,0x30D8,0x30DB,0x30DE,0x30DF,0x30E0,0x30E1,0x30E2,
    0x30E4,0x30E6,0x30E8,0x30E9,0x30EA,0x30EB,0x30EC,0x30ED,0x30EF,0x30F0,0x30F1,0x30F2,
    0x30A2,0x30CF,0x309A,0x30FC,0x30C8,0x30A2,0x30EB,0x30D5,0x30A1,0x30A2,0x30F3,0x30D8,
    0x309A,0x30A2,0x30A2,0x30FC,0x30EB,0x30A4,0x30CB,0x30F3,0x30AF,0x3099,0x30A4,0x30F3,
    0x30C1,0x30A6,0x30A9,0x30F3,0x30A8,0x30B9,0x30AF,0x30FC,0x30C8,0x3099,0x30A8,0x30FC,
    0x30AB,0x30FC,0x30AA,0x30F3,0x30B9,0x30AA,0x30FC,0x30E0,0x30AB,0x30A4,0x30EA,0x30AB,
    0x30E9,0x30C3,0x30C8,0x30AB,0x30ED,0x30EA,0x30FC,0x30AB,0x3099,0x30ED,0x30F3,0x30AB,
    0x3099,0x30F3,0x30DE,0x30AD,0x3099,0x30AB,0x3099,0x30AD,0x3099,0x30CB,0x30FC,0x30AD,
    0x30E5,0x30EA,0x30FC,0x30AD,0x3099,0x30EB,0x30BF,0x3099,0x30FC,0x30AD,0x30ED,0x30AD,
    0x30ED,0x30AF,0x3099,0x30E9,0x30E0,0x30AD,0x30ED,0x30E1,0x30FC,0x30C8,0x30EB,0x30AD,
    0x30ED,0x30EF,0x30C3,0x30C8,0x30AF,0x3099,0x30E9,0x30E0,0x30AF,0x3099,0x30E9,0x30E0,
    0x30C8,0x30F3,0x30AF,0x30EB,0x30BB,0x3099,0x30A4,0x30ED,0x30AF,0x30ED,0x30FC,0x30CD,
    0x30B1,0x30FC,0x30B9,0x30B3,0x30EB,0x30CA,0x30B3,0x30FC,0x30DB,0x309A,0x30B5,0x30A4,
    0x30AF,0x30EB,0x30B5,0x30F3,0x30C1,0x30FC,0x30E0,0x30B7,0x30EA,0x30F3,0x30AF,0x3099,
    0x30BB,0x30F3,0x30C1,0x30BB,0x30F3,0x30C8,0x30BF,0x3099,0x30FC,0x30B9,0x30C6,0x3099,
    0x30B7,0x30C8,0x3099,0x30EB,0x30C8,0x30F3,0x30CA,0x30CE,0x30CE,0x30C3,0x30C8,0x30CF,
    0x30A4,0x30C4,0x30CF,0x309A,0x30FC,0x30BB,0x30F3,0x30C8,0x30CF,0x309A,0x30FC,0x30C4,
    0x30CF,0x3099,0x30FC,0x30EC,0x30EB,0x30D2,0x309A,0x30A2,0x30B9,0x30C8,0x30EB,0x30D2,
    0x309A,0x30AF,0x30EB,0x30D2,0x309A,0x30B3,0x30D2,0x3099,0x30EB,0x30D5,0x30A1,0x30E9,
    0x30C3,0x30C8,0x3099,0x30D5,0x30A3,0x30FC,0x30C8,0x30D5,0x3099,0x30C3,0x30B7,0x30A7,
    0x30EB,0x30D5,0x30E9,0x30F3,0x30D8,0x30AF,0x30BF,0x30FC,0x30EB,0x30D8,0x309A,0x30BD,
    0x30D8,0x309A,0x30CB,0x30D2,0x30D8,0x30EB,0x30C4,0x30D8,0x309A,0x30F3,0x30B9,0x30D8,
    0x309A,0x30FC,0x30B7,0x3099,0x30D8,0x3099,0x30FC,0x30BF,0x30DB,0x309A,0x30A4,0x30F3,
    0x30C8,0x30DB,0x3099,0x30EB,0x30C8,0x30DB,0x30F3,0x30DB,0x309A,0x30F3,0x30C8,0x3099,
    0x30DB,0x30FC,0x30EB,0x30DB,0x30FC,0x30F3,0x30DE,0x30A4,0x30AF,0x30ED,0x30DE,0x30A4,
    0x30EB,0x30DE,0x30C3,0x30CF,0x30DE,0x30EB,0x30AF,0x30DE,0x30F3,0x30B7,0x30E7,0x30F3,
    0x30DF,0x30AF,0x30ED,0x30F3,0x30DF,0x30EA,0x30DF,0x30EA,0x30CF,0x3099,0x30FC,0x30EB,
    0x30E1,0x30AB,0x3099,0x30E1,0x30AB,0x3099,0x30C8,0x30F3,0x30E1,0x30FC,0x30C8,0x30EB,
    0x30E4,0x30FC,0x30C8,0x3099,0x30E4,0x30FC,0x30EB,0x30E6,0x30A2,0x30F3,0x30EA,0x30C3,
    0x30C8,0x30EB,0x30EA,0x30E9,0x30EB,0x30D2,0x309A,0x30FC,0x30EB,0x30FC,0x30D5,0x3099,
    0x30EB,0x30EC,0x30E0,0x30EC,0x30F3,0x30C8,0x30B1,0x3099,0x30F3,0x30EF,0x30C3,0x30C8,
    0x30,0x70B9,0x31,0x70B9,0x32,0x70B9,0x33,0x70B9,0x34,0x70B9,0x35,0x70B9,
    0x36,0x70B9,0x37,0x70B9,0x38,0x70B9,0x39,0x70B9,0x31,0x30,0x70B9,0x31,
    0x31,0x70B9,0x31,0x32,0x70B9,0x31,0x33,0x70B9,0x31,0x34,0x70B9,0x31,
    0x35,0x70B9,0x31,0x36,0x70B9,0x31,0x37,0x70B9,0x31,0x38,0x70B9,0x31,
    0x39,0x70B9,0x32,0x30,0x70B9,0x32,0x31,0x70B9,0x32,0x32,0x70B9,0x32,
    0x33,0x70B9,0x32,0x34,0x70B9,0x68,0x50,0x61,0x64,0x61,0x41,0x55,
    0x62,0x61,0x72,0x6F,0x56,0x70,0x63,0x64,0x6D,0x64,0x6D,0x32,
    0x64,0x6D,0x33,0x49,0x55,0x5E73,0x6210,0x662D,0x548C,0x5927,0x6B63,0x660E,
    0x6CBB,0x682A,0x5F0F,0x4F1A,0x793E,0x70,0x41,0x6E,0x41,0x3BC,0x41,0x6D,
    0x41,0x6B,0x41,0x4B,0x42,0x4D,0x42,0x47,0x42,0x63,0x61,0x6C,
    0x6B,0x63,0x61,0x6C,0x70,0x46,0x6E,0x46,0x3BC,0x46,0x3BC,0x67,
    0x6D,0x67,0x6B,0x67,0x48,0x7A,0x6B,0x48,0x7A,0x4D,0x48,0x7A,
    0x47,0x48,0x7A,0x54,0x48,0x7A,0x3BC,0x6C,0x6D,0x6C,0x64,0x6C,
    0x6B,0x6C,0x66,0x6D,0x6E,0x6D,0x3BC,0x6D,0x6D,0x6D,0x63,0x6D,
    0x6B,0x6D,0x6D,0x6D,0x32,0x63,0x6D,0x32,0x6D,0x32,0x6B,0x6D,
    0x32,0x6D,0x6D,0x33,0x63,0x6D,0x33,0x6D,0x33,0x6B,0x6D,0x33,
    0x6D,0x2215,0x73,0x6D,0x2215,0x73,0x32,0x50,0x61,0x6B,0x50,0x61,
    0x4D,0x50,0x61,0x47,0x50,0x61,0x72,0x61,0x64,0x72,0x61,0x64,
    0x2215,0x73,0x72,0x61,0x64,0x2215,0x73,0x32,0x70,0x73,0x6E,0x73,
    0x3BC,0x73,0x6D,0x73,0x70,0x56,0x6E,0x56,0x3BC,0x56,0x6D,0x56,
    0x6B,0x56,0x4D,0x56,0x70,0x57,0x6E,0x57,0x3BC,0x57,0x6D,0x57,
    0x6B,0x57,0x4D,0x57,0x6B,0x3A9,0x4D,0x3A9,0x61,0x2E,0x6D,0x2E,
    0x42,0x71,0x63,0x63,0x63,0x64,0x43,0x2215,0x6B,0x67,0x43,0x6F,
    0x2E,0x64,0x42,0x47,0x79,0x68,0x61,0x48,0x50,0x69,0x6E,0x4B,
    0x4B,0x4B,0x4D,0x6B,0x74,0x6C,0x6D,0x6C,0x6E,0x6C,0x6F,0x67,
    0x6C,0x78,0x6D,0x62,0x6D,0x69,0x6C,0x6D,0x6F,0x6C,0x50,0x48,
    0x70,0x2E,0x6D,0x2E,0x50,0x50,0x4D,0x50,0x52,0x73,0x72,0x53,
    0x76,0x57,0x62,0x56,0x2215,0x6D,0x41,0x2215,0x6D,0x31,0x65E5,0x32,
    0x65E5,0x33,0x65E5,0x34,0x65E5,0x35,0x65E5,0x36,0x65E5,0x37,0x65E5,0x38,
    0x65E5,0x39,0x65E5,0x31,0x30,0x65E5,0x31,0x31,0x65E5,0x31,0x32,0x65E5,
    0x31,0x33,0x65E5,0x31,0x34,0x65E5,0x31,0x35,0x65E5,0x31,0x36,0x65E5,
    0x31,0x37,0x65E5,0x31,0x38,0x65E5,0x31,0x39,0x65E5,0x32,0x30,0x65E5,
    0x32,0x31,0x65E5,0x32,0x32,0x65E5,0x32,0x33,0x65E5,0x32,0x34,0x65E5,
    0x32,0x35,0x65E5,0x32,0x36,0x65E5,0x32,0x37,0x65E5,0x32,0x38,0x65E5,
    0x32,0x39,0x65E5,0x33,0x30,0x65E5,0x33,0x31,0x65E5,0x67,0x61,0x6C,
    0x44A,0x44C,0xA76F,0x126,0x153,0xA727,0xAB37,0x26B,0xAB52,0x66,0x66,0x66,
    0x69,0x66,0x6C,0x66,0x66,0x69,0x66,0x66,0x6C,0x73,0x74,0x73,
    0x74,0x574,0x576,0x574,0x565,0x574,0x56B,0x57E,0x576,0x574,0x56D,0x5E2,
    0x5D0,0x5D3,0x5D4,0x5DB,0x5DC,0x5DD,0x5E8,0x5EA,0x2B,0x5D0,0x5DC,0x671,
    0x671,0x67B,0x67B,0x67B,0x67B,0x67E,0x67E,0x67E,0x67E,0x680,0x680,0x680,
    0x680,0x67A,0x67A,0x67A,0x67A,0x67F,0x67F,0x67F,0x67F,0x679,0x679,0x679,
    0x679,0x6A4,0x6A4,0x6A4,0x6A4,0x6A6,0x6A6,0x6A6,0x6A6,0x684,0x684,0x684,
    0x684,0x683,0x683,0x683,0x683,0x686,0x686,0x686,0x686,0x687,0x687,0x687,
    0x687,0x68D,0x68D,0x68C,0x68C,0x68E,0x68E,0x688,0x688,0x698,0x698,0x691,
    0x691,0x6A9,0x6A9,0x6A9,0x6A9,0x6AF,0x6AF,0x6AF,0x6AF,0x6B3,0x6B3,0x6B3,
    0x6B3,0x6B1,0x6B1,0x6B1,0x6B1,0x6BA,0x6BA,0x6BB,0x6BB,0x6BB,0x6BB,0x6D5,
    0x654,0x6D5,0x654,0x6C1,0x6C1,0x6C1,0x6C1,0x6BE,0x6BE,0x6BE,0x6BE,0x6D2,
    0x6D2,0x6D2,0x654,0x6D2,0x654,0x6AD,0x6AD,0x6AD,0x6AD,0x6C7,0x6C7,0x6C6,
    0x6C6,0x6C8,0x6C8,0x6C7,0x674,0x6CB,0x6CB,0x6C5,0x6C5,0x6C9,0x6C9,0x6D0,
    0x6D0,0x6D0,0x6D0,0x649,0x649,0x64A,0x654,0x627,0x64A,0x654,0x627,0x64A,
    0x654,0x6D5,0x64A,0x654,0x6D5,0x64A,0x654,0x648,0x64A,0x654,0x648,0x64A,
    0x654,0x6C7,0x64A,0x654,0x6C7,0x64A,0x654,0x6C6,0x64A,0x654,0x6C6,0x64A,
    0x654,0x6C8,0x64A,0x654,0x6C8,0x64A,0x654,0x6D0,0x64A,0x654,0x6D0,0x64A,
    0x654,0x6D0,0x64A,0x654,0x649,0x64A,0x654,0x649,0x64A,0x654,0x649,0x6CC,
    0x6CC,0x6CC,0x6CC,0x64A,0x654,0x62C,0x64A,0x654,0x62D,0x64A,0x654,0x645,
    0x64A,0x654,0x649,0x64A,0x654,0x64A,0x628,0x62C,0x628,0x62D,0x628,0x62E,
    0x628,0x645,0x628,0x649,0x628,0x64A,0x62A,0x62C,0x62A,0x62D,0x62A,0x62E,
    0x62A,0x645,0x62A,0x649,0x62A,0x64A,0x62B,0x62C,0x62B,0x645,0x62B,0x649,
    0x62B,0x64A,0x62C,0x62D,0x62C,0x645,0x62D,0x62C,0x62D,0x645,0x62E,0x62C,
    0x62E,0x62D,0x62E,0x645,0x633,0x62C,0x633,0x62D,0x633,0x62E,0x633,0x645,
    0x635,0x62D,0x635,0x645,0x636,0x62C,0x636,0x62D,0x636,0x62E,0x636,0x645,
    0x637,0x62D,0x637,0x645,0x638,0x645,0x639,0x62C,0x639,0x645,0x63A,0x62C,
    0x63A,0x645,0x641,0x62C,0x641,0x62D,0x641,0x62E,0x641,0x645,0x641,0x649,
    0x641,0x64A,0x642,0x62D,0x642,0x645,0x642,0x649,0x642,0x64A,0x643,0x627,
    0x643,0x62C,0x643,0x62D,0x643,0x62E,0x643,0x644,0x643,0x645,0x643,0x649,
    0x643,0x64A,0x644,0x62C,0x644,0x62D,0x644,0x62E,0x644,0x645,0x644,0x649,
    0x644,0x64A,0x645,0x62C,0x645,0x62D,0x645,0x62E,0x645,0x645,0x645,0x649,
    0x645,0x64A,0x646,0x62C,0x646,0x62D,0x646,0x62E,0x646,0x645,0x646,0x649,
    0x646,0x64A,0x647,0x62C,0x647,0x645,0x647,0x649,0x647,0x64A,0x64A,0x62C,
    0x64A,0x62D,0x64A,0x62E,0x64A,0x645,0x64A,0x649,0x64A,0x64A,0x630,0x670,
    0x631,0x670,0x649,0x670,0x20,0x64C,0x651,0x20,0x64D,0x651,0x20,0x64E,
    0x651,0x20,0x64F,0x651,0x20,0x650,0x651,0x20,0x651,0x670,0x64A,0x654,
    0x631,0x64A,0x654,0x632,0x64A,0x654,0x645,0x64A,0x654,0x646,0x64A,0x654,
    0x649,0x64A,0x654,0x64A,0x628,0x631,0x628,0x632,0x628,0x645,0x628,0x646,
    0x628,0x649,0x628,0x64A,0x62A,0x631,0x62A,0x632,0x62A,0x645,0x62A,0x646,
    0x62A,0x649,0x62A,0x64A,0x62B,0x631,0x62B,0x632,0x62B,0x645,0x62B,0x646,
    0x62B,0x649,0x62B,0x64A,0x641,0x649,0x641,0x64A,0x642,0x649,0x642,0x64A,
    0x643,0x627,0x643,0x644,0x643,0x645,0x643,0x649,0x643,0x64A,0x644,0x645,
    0x644,0x649,0x644,0x64A,0x645,0x627,0x645,0x645,0x646,0x631,0x646,0x632,
    0x646,0x645,0x646,0x646,0x646,0x649,0x646,0x64A,0x649,0x670,0x64A,0x631,
    0x64A,0x632,0x64A,0x645,0x64A,0x646,0x64A,0x649,0x64A,0x64A,0x64A,0x654,
    0x62C,0x64A,0x654,0x62D,0x64A,0x654,0x62E,0x64A,0x654,0x645,0x64A,0x654,
    0x647,0x628,0x62C,0x628,0x62D,0x628,0x62E,0x628,0x645,0x628,0x647,0x62A,
    0x62C,0x62A,0x62D,0x62A,0x62E,0x62A,0x645,0x62A,0x647,0x62B,0x645,0x62C,
    0x62D,0x62C,0x645,0x62D,0x62C,0x62D,0x645,0x62E,0x62C,0x62E,0x645,0x633,
    0x62C,0x633,0x62D,0x633,0x62E,0x633,0x645,0x635,0x62D,0x635,0x62E,0x635,
    0x645,0x636,0x62C,0x636,0x62D,0x636,0x62E,0x636,0x645,0x637,0x62D,0x638,
    0x645,0x639,0x62C,0x639,0x645,0x63A,0x62C,0x63A,0x645,0x641,0x62C,0x641,
    0x62D,0x641,0x62E,0x641,0x645,0x642,0x62D,0x642,0x645,0x643,0x62C,0x643,
    0x62D,0x643,0x62E,0x643,0x644,0x643,0x645,0x644,0x62C,0x644,0x62D,0x644,
    0x62E,0x644,0x645,0x644,0x647,0x645,0x62C,0x645,0x62D,0x645,0x62E,0x645,
    0x645,0x646,0x62C,0x646,0x62D,0x646,0x62E,0x646,0x645,0x646,0x647,0x647,
    0x62C,0x647,0x645,0x647,0x670,0x64A,0x62C,0x64A,0x62D,0x64A,0x62E,0x64A,
    0x645,0x64A,0x647,0x64A,0x654,0x645,0x64A,0x654,0x647,0x628,0x645,0x628,
    0x647,0x62A,0x645,0x62A,0x647,0x62B,0x645,0x62B,0x647,0x633,0x645,0x633,
    0x647,0x634,0x645,0x634,0x647,0x643,0x644,0x643,0x645,0x644,0x645,0x646,
    0x645,0x646,0x647,0x64A,0x645,0x64A,0x647,0x640,0x64E,0x651,0x640,0x64F,
    0x651,0x640,0x650,0x651,0x637,0x649,0x637,0x64A,0x639,0x649,0x639,0x64A,
    0x63A,0x649,0x63A,0x64A,0x633,0x649,0x633,0x64A,0x634,0x649,0x634,0x64A,
    0x62D,0x649,0x62D,0x64A,0x62C,0x649,0x62C,0x64A,0x62E,0x649,0x62E,0x64A,
    0x635,0x649,0x635,0x64A,0x636,0x649,0x636,0x64A,0x634,0x62C,0x634,0x62D,
    0x634,0x62E,0x634,0x645,0x634,0x631,0x633,0x631,0x635,0x631,0x636,0x631,
    0x637,0x649,0x637,0x64A,0x639,0x649,0x639,0x64A,0x63A,0x649,0x63A,0x64A,
    0x633,0x649,0x633,0x64A,0x634,0x649,0x634,0x64A,0x62D,0x649,0x62D,0x64A,
    0x62C,0x649,0x62C,0x64A,0x62E,0x649,0x62E,0x64A,0x635,0x649,0x635,0x64A,
    0x636,0x649,0x636,0x64A,0x634,0x62C,0x634,0x62D,0x634,0x62E,0x634,0x645,
    0x634,0x631,0x633,0x631,0x635,0x631,0x636,0x631,0x634,0x62C,0x634,0x62D,
    0x634,0x62E,0x634,0x645,0x633,0x647,0x634,0x647,0x637,0x645,0x633,0x62C,
    0x633,0x62D,0x633,0x62E,0x634,0x62C,0x634,0x62D,0x634,0x62E,0x637,0x645,
    0x638,0x645,0x627,0x64B,0x627,0x64B,0x62A,0x62C,0x645,0x62A,0x62D,0x62C,
    0x62A,0x62D,0x62C,0x62A,0x62D,0x645,0x62A,0x62E,0x645,0x62A,0x645,0x62C,
    0x62A,0x645,0x62D,0x62A,0x645,0x62E,0x62C,0x645,0x62D,0x62C,0x645,0x62D,
    0x62D,0x645,0x64A,0x62D,0x645,0x649,0x633,0x62D,0x62C,0x633,0x62C,0x62D,
    0x633,0x62C,0x649,0x633,0x645,0x62D,0x633,0x645,0x62D,0x633,0x645,0x62C,
    0x633,0x645,0x645,0x633,0x645,0x645,0x635,0x62D,0x62D,0x635,0x62D,0x62D,
    0x635,0x645,0x645,0x634,0x62D,0x645,0x634,0x62D,0x645,0x634,0x62C,0x64A,
    0x634,0x645,0x62E,0x634,0x645,0x62E,0x634,0x645,0x645,0x634,0x645,0x645,
    0x636,0x62D,0x649,0x636,0x62E,0x645,0x636,0x62E,0x645,0x637,0x645,0x62D,
    0x637,0x645,0x62D,0x637,0x645,0x645,0x637,0x645,0x64A,0x639,0x62C,0x645,
    0x639,0x645,0x645,0x639,0x645,0x645,0x639,0x645,0x649,0x63A,0x645,0x645,
    0x63A,0x645,0x64A,0x63A,0x645,0x649,0x641,0x62E,0x645,0x641,0x62E,0x645,
    0x642,0x645,0x62D,0x642,0x645,0x645,0x644,0x62D,0x645,0x644,0x62D,0x64A,
    0x644,0x62D,0x649,0x644,0x62C,0x62C,0x644,0x62C,0x62C,0x644,0x62E,0x645,
    0x644,0x62E,0x645,0x644,0x645,0x62D,0x644,0x645,0x62D,0x645,0x62D,0x62C,
    0x645,0x62D,0x645,0x645,0x62D,0x64A,0x645,0x62C,0x62D,0x645,0x62C,0x645,
    0x645,0x62E,0x62C,0x645,0x62E,0x645,0x645,0x62C,0x62E,0x647,0x645,0x62C,
    0x647,0x645,0x645,0x646,0x62D,0x645,0x646,0x62D,0x649,0x646,0x62C,0x645,
    0x646,0x62C,0x645,0x646,0x62C,0x649,0x646,0x645,0x64A,0x646,0x645,0x649,
    0x64A,0x645,0x645,0x64A,0x645,0x645,0x628,0x62E,0x64A,0x62A,0x62C,0x64A,
    0x62A,0x62C,0x649,0x62A,0x62E,0x64A,0x62A,0x62E,0x649,0x62A,0x645,0x64A,
    0x62A,0x645,0x649,0x62C,0x645,0x64A,0x62C,0x62D,0x649,0x62C,0x645,0x649,
    0x633,0x62E,0x649,0x635,0x62D,0x64A,0x634,0x62D,0x64A,0x636,0x62D,0x64A,
    0x644,0x62C,0x64A,0x644,0x645,0x64A,0x64A,0x62D,0x64A,0x64A,0x62C,0x64A,
    0x64A,0x645,0x64A,0x645,0x645,0x64A,0x642,0x645,0x64A,0x646,0x62D,0x64A,
    0x642,0x645,0x62D,0x644,0x62D,0x645,0x639,0x645,0x64A,0x643,0x645,0x64A,
    0x646,0x62C,0x62D,0x645,0x62E,0x64A,0x644,0x62C,0x645,0x643,0x645,0x645,
    0x644,0x62C,0x645,0x646,0x62C,0x62D,0x62C,0x62D,0x64A,0x62D,0x62C,0x64A,
    0x645,0x62C,0x64A,0x641,0x645,0x64A,0x628,0x62D,0x64A,0x643,0x645,0x645,
    0x639,0x62C,0x645,0x635,0x645,0x645,0x633,0x62E,0x64A,0x646,0x62C,0x64A,
    0x635,0x644,0x6D2,0x642,0x644,0x6D2,0x627,0x644,0x644,0x647,0x627,0x643,
    0x628,0x631,0x645,0x62D,0x645,0x62F,0x635,0x644,0x639,0x645,0x631,0x633,
    0x648,0x644,0x639,0x644,0x64A,0x647,0x648,0x633,0x644,0x645,0x635,0x644,
    0x649,0x635,0x644,0x649,0x20,0x627,0x644,0x644,0x647,0x20,0x639,0x644,
    0x64A,0x647,0x20,0x648,0x633,0x644,0x645,0x62C,0x644,0x20,0x62C,0x644,
    0x627,0x644,0x647,0x631,0x6CC,0x627,0x644,0x2C,0x3001,0x3002,0x3A,0x3B,
    0x21,0x3F,0x3016,0x3017,0x2E,0x2E,0x2E,0x2E,0x2E,0x2014,0x2013,0x5F,
    0x5F,0x28,0x29,0x7B,0x7D,0x3014,0x3015,0x3010,0x3011,0x300A,0x300B,0x3008,
    0x3009,0x300C,0x300D,0x300E,0x300F,0x5B,0x5D,0x20,0x305,0x20,0x305,0x20,
    0x305,0x20,0x305,0x5F,0x5F,0x5F,0x2C,0x3001,0x2E,0x3B,0x3A,0x3F,
    0x21,0x2014,0x28,0x29,0x7B,0x7D,0x3014,0x3015,0x23,0x26,0x2A,0x2B,
    0x2D,0x3C,0x3E,0x3D,0x5C,0x24,0x25,0x40,0x20,0x64B,0x640,0x64B,
    0x20,0x64C,0x20,0x64D,0x20,0x64E,0x640,0x64E,0x20,0x64F,0x640,0x64F,
    0x20,0x650,0x640,0x650,0x20,0x651,0x640,0x651,0x20,0x652,0x640,0x652,
    0x621,0x627,0x653,0x627,0x653,0x627,0x654,0x627,0x654,0x648,0x654,0x648,
    0x654,0x627,0x655,0x627,0x655,0x64A,0x654,0x64A,0x654,0x64A,0x654,0x64A,
    0x654,0x627,0x627,0x628,0x628,0x628,0x628,0x629,0x629,0x62A,0x62A,0x62A,
    0x62A,0x62B,0x62B,0x62B,0x62B,0x62C,0x62C,0x62C,0x62C,0x62D,0x62D,0x62D,
    0x62D,0x62E,0x62E,0x62E,0x62E,0x62F,0x62F,0x630,0x630,0x631,0x631,0x632,
    0x632,0x633,0x633,0x633,0x633,0x634,0x634,0x634,0x634,0x635,0x635,0x635,
    0x635,0x636,0x636,0x636,0x636,0x637,0x637,0x637,0x637,0x638,0x638,0x638,
    0x638,0x639,0x639,0x639,0x639,0x63A,0x63A,0x63A,0x63A,0x641,0x641,0x641,
    0x641,0x642,0x642,0x642,0x642,0x643,0x643,0x643,0x643,0x644,0x644,0x644,
    0x644,0x645,0x645,0x645,0x645,0x646,0x646,0x646,0x646,0x647,0x647,0x647,
    0x647,0x648,0x648,0x649,0x649,0x64A,0x64A,0x64A,0x64A,0x644,0x627,0x653,
    0x644,0x627,0x653,0x644,0x627,0x654,0x644,0x627,0x654,0x644,0x627,0x655,
    0x644,0x627,0x655,0x644,0x627,0x644,0x627,0x21,0x22,0x23,0x24,0x25,
    0x26,0x27,0x28,0x29,0x2A,0x2B,0x2C,0x2D,0x2E,0x2F,0x30,0x31,
    0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x3A,0x3B,0x3C,0x3D,
    0x3E,0x3F,0x40,0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,
    0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,0x54,0x55,
    0x56,0x57,0x58,0x59,0x5A,0x5B,0x5C,0x5D,0x5E,0x5F,0x60,0x61,
    0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,
    0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,
    0x7A,0x7B,0x7C,0x7D,0x7E,0x2985,0x2986,0x3002,0x300C,0x300D,0x3001,0x30FB,
    0x30F2,0x30A1,0x30A3,0x30A5,0x30A7,0x30A9,0x30E3,0x30E5,0x30E7,0x30C3,0x30FC,0x30A2,
    0x30A4,0x30A6,0x30A8,0x30AA,0x30AB,0x30AD,0x30AF,0x30B1,0x30B3,0x30B5,0x30B7,0x30B9,
    0x30BB,0x30BD,0x30BF,0x30C1,0x30C4,0x30C6,0x30C8,0x30CA,0x30CB,0x30CC,0x30CD,0x30CE,
    0x30CF,0x30D2,0x30D5,0x30D8,0x30DB,0x30DE,0x30DF,0x30E0,0x30E1,0x30E2,0x30E4,0x30E6,
    0x30E8,0x30E9,0x30EA,0x30EB,0x30EC,0x30ED,0x30EF,0x30F3,0x3099,0x309A,0x1160,0x1100,
    0x1101,0x11AA,0x1102,0x11AC,0x11AD,0x1103,0x1104,0x1105,0x11B0,0x11B1,0x11B2,0x11B3,
    0x11B4,0x11B5,0x111A,0x1106,0x1107,0x1108,0x1121,0x1109,0x110A,0x110B,0x110C,0x110D,
    0x110E,0x110F,0x1110,0x1111,0x1112,0x1161,0x1162,0x1163,0x1164,0x1165,0x1166,0x1167,
    0x1168,0x1169,0x116A,0x116B,0x116C,0x116D,0x116E,0x116F,0x1170,0x1171,0x1172,0x1173,
    0x1174,0x1175,0xA2,0xA3,0xAC,0x20,0x304,0xA6,0xA5,0x20A9,0x2502,0x2190,
    0x2191,0x2192,0x2193,0x25A0,0x25CB,0x41,0x42,0x43,0x44,0x45,0x46,0x47,
    0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,
    0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,0x62,0x63,0x64,0x65,
    0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,
    0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,0x41,0x42,0x43,
    0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,
    0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,
    0x62,0x63,0x64,0x65,0x66,0x67,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,
    0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,
    0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,
    0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,0x58,
    0x59,0x5A,0x61,0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,
    0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,
    0x77,0x78,0x79,0x7A,0x41,0x43,0x44,0x47,0x4A,0x4B,0x4E,0x4F,
    0x50,0x51,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,0x62,
    0x63,0x64,0x66,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,0x70,0x71,
    0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,0x41,0x42,0x43,
    0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,
    0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,
    0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,
    0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,
    0x7A,0x41,0x42,0x44,0x45,0x46,0x47,0x4A,0x4B,0x4C,0x4D,0x4E,
    0x4F,0x50,0x51,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x61,0x62,
    0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,
    0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,
    0x41,0x42,0x44,0x45,0x46,0x47,0x49,0x4A,0x4B,0x4C,0x4D,0x4F,
    0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x61,0x62,0x63,0x64,0x65,
    0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,
    0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,0x41,0x42,0x43,
    0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,
    0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,
    0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,
    0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,
    0x7A,0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,
    0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,
    0x58,0x59,0x5A,0x61,0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,
    0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,
    0x76,0x77,0x78,0x79,0x7A,0x41,0x42,0x43,0x44,0x45,0x46,0x47,
    0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,
    0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,0x62,0x63,0x64,0x65,
    0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,
    0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,0x41,0x42,0x43,
    0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,
    0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,
    0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,
    0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,
    0x7A,0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,
    0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,
    0x58,0x59,0x5A,0x61,0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,
    0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,
    0x76,0x77,0x78,0x79,0x7A,0x41,0x42,0x43,0x44,0x45,0x46,0x47,
    0x48,0x49,0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,
    0x54,0x55,0x56,0x57,0x58,0x59,0x5A,0x61,0x62,0x63,0x64,0x65,
    0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,0x6D,0x6E,0x6F,0x70,0x71,
    0x72,0x73,0x74,0x75,0x76,0x77,0x78,0x79,0x7A,0x131,0x237,0x391,
    0x392,0x393,0x394,0x395,0x396,0x397,0x398,0x399,0x39A,0x39B,0x39C,0x39D,
    0x39E,0x39F,0x3A0,0x3A1,0x398,0x3A3,0x3A4,0x3A5,0x3A6,0x3A7,0x3A8,0x3A9,
    0x2207,0x3B1,0x3B2,0x3B3,0x3B4,0x3B5,0x3B6,0x3B7,0x3B8,0x3B9,0x3BA,0x3BB,
    0x3BC,0x3BD,0x3BE,0x3BF,0x3C0,0x3C1,0x3C2,0x3C3,0x3C4,0x3C5,0x3C6,0x3C7,
    0x3C8,0x3C9,0x2202,0x3B5,0x3B8,0x3BA,0x3C6,0x3C1,0x3C0,0x391,0x392,0x393,
    0x394,0x395,0x396,0x397,0x398,0x399,0x39A,0x39B,0x39C,0x39D,0x39E,0x39F,
    0x3A0,0x3A1,0x398,0x3A3,0x3A4,0x3A5,0x3A6,0x3A7,0x3A8,0x3A9,0x2207,0x3B1,
    0x3B2,0x3B3,0x3B4,0x3B5,0x3B6,0x3B7,0x3B8,0x3B9,0x3BA,0x3BB,0x3BC,0x3BD,
    0x3BE,0x3BF,0x3C0,0x3C1,0x3C2,0x3C3,0x3C4,0x3C5,0x3C6,0x3C7,0x3C8,0x3C9,
    0x2202,0x3B5,0x3B8,0x3BA,0x3C6,0x3C1,0x3C0,0x391,0x392,0x393,0x394,0x395,
    0x396,0x397,0x398,0x399,0x39A,0x39B,0x39C,0x39D,0x39E,0x39F,0x3A0,0x3A1,
    0x398,0x3A3,0x3A4,0x3A5,0x3A6,0x3A7,0x3A8,0x3A9,0x2207,0x3B1,0x3B2,0x3B3,
    0x3B4,0x3B5,0x3B6,0x3B7,0x3B8,0x3B9,0x3BA,0x3BB,0x3BC,0x3BD,0x3BE,0x3BF,
    0x3C0,0x3C1,0x3C2,0x3C3,0x3C4,0x3C5,0x3C6,0x3C7,0x3C8,0x3C9,0x2202,0x3B5,
    0x3B8,0x3BA,0x3C6,0x3C1,0x3C0,0x391,0x392,0x393,0x394,0x395,0x396,0x397,
    0x398,0x399,0x39A,0x39B,0x39C,0x39D,0x39E,0x39F,0x3A0,0x3A1,0x398,0x3A3,
    0x3A4,0x3A5,0x3A6,0x3A7,0x3A8,0x3A9,0x2207,0x3B1,0x3B2,0x3B3,0x3B4,0x3B5,
    0x3B6,0x3B7,0x3B8,0x3B9,0x3BA,0x3BB,0x3BC,0x3BD,0x3BE,0x3BF,0x3C0,0x3C1,
    0x3C2,0x3C3,0x3C4,0x3C5,0x3C6,0x3C7,0x3C8,0x3C9,0x2202,0x3B5,0x3B8,0x3BA,
    0x3C6,0x3C1,0x3C0,0x391,0x392,0x393,0x394,0x395,0x396,0x397,0x398,0x399,
    0x39A,0x39B,0x39C,0x39D,0x39E,0x39F,0x3A0,0x3A1,0x398,0x3A3,0x3A4,0x3A5,
    0x3A6,0x3A7,0x3A8,0x3A9,0x2207,0x3B1,0x3B2,0x3B3,0x3B4,0x3B5,0x3B6,0x3B7,
    0x3B8,0x3B9,0x3BA,0x3BB,0x3BC,0x3BD,0x3BE,0x3BF,0x3C0,0x3C1,0x3C2,0x3C3,
    0x3C4,0x3C5,0x3C6,0x3C7,0x3C8,0x3C9,0x2202,0x3B5,0x3B8,0x3BA,0x3C6,0x3C1,
    0x3C0,0x3DC,0x3DD,0x30,0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,
    0x39,0x30,0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x30,
    0x31,0x32,0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x30,0x31,0x32,
    0x33,0x34,0x35,0x36,0x37,0x38,0x39,0x30,0x31,0x32,0x33,0x34,
    0x35,0x36,0x37,0x38,0x39,0x627,0x628,0x62C,0x62F,0x648,0x632,0x62D,
    0x637,0x64A,0x643,0x644,0x645,0x646,0x633,0x639,0x641,0x635,0x642,0x631,
    0x634,0x62A,0x62B,0x62E,0x630,0x636,0x638,0x63A,0x66E,0x6BA,0x6A1,0x66F,
    0x628,0x62C,0x647,0x62D,0x64A,0x643,0x644,0x645,0x646,0x633,0x639,0x641,
    0x635,0x642,0x634,0x62A,0x62B,0x62E,0x636,0x63A,0x62C,0x62D,0x64A,0x644,
    0x646,0x633,0x639,0x635,0x642,0x634,0x62E,0x636,0x63A,0x6BA,0x66F,0x628,
    0x62C,0x647,0x62D,0x637,0x64A,0x643,0x645,0x646,0x633,0x639,0x641,0x635,
    0x642,0x634,0x62A,0x62B,0x62E,0x636,0x638,0x63A,0x66E,0x6A1,0x627,0x628,
    0x62C,0x62F,0x647,0x648,0x632,0x62D,0x637,0x64A,0x644,0x645,0x646,0x633,
    0x639,0x641,0x635,0x642,0x631,0x634,0x62A,0x62B,0x62E,0x630,0x636,0x638,
    0x63A,0x628,0x62C,0x62F,0x648,0x632,0x62D,0x637,0x64A,0x644,0x645,0x646,
    0x633,0x639,0x641,0x635,0x642,0x631,0x634,0x62A,0x62B,0x62E,0x630,0x636,
    0x638,0x63A,0x30,0x2E,0x30,0x2C,0x31,0x2C,0x32,0x2C,0x33,0x2C,
    0x34,0x2C,0x35,0x2C,0x36,0x2C,0x37,0x2C,0x38,0x2C,0x39,0x2C,
    0x28,0x41,0x29,0x28,0x42,0x29,0x28,0x43,0x29,0x28,0x44,0x29,
    0x28,0x45,0x29,0x28,0x46,0x29,0x28,0x47,0x29,0x28,0x48,0x29,
    0x28,0x49,0x29,0x28,0x4A,0x29,0x28,0x4B,0x29,0x28,0x4C,0x29,
    0x28,0x4D,0x29,0x28,0x4E,0x29,0x28,0x4F,0x29,0x28,0x50,0x29,
    0x28,0x51,0x29,0x28,0x52,0x29,0x28,0x53,0x29,0x28,0x54,0x29,
    0x28,0x55,0x29,0x28,0x56,0x29,0x28,0x57,0x29,0x28,0x58,0x29,
    0x28,0x59,0x29,0x28,0x5A,0x29,0x3014,0x53,0x3015,0x43,0x52,0x43,
    0x44,0x57,0x5A,0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,
    0x4A,0x4B,0x4C,0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,0x54,0x55,
    0x56,0x57,0x58,0x59,0x5A,0x48,0x56,0x4D,0x56,0x53,0x44,0x53,
    0x53,0x50,0x50,0x56,0x57,0x43,0x4D,0x43,0x4D,0x44,0x44,0x4A,
    0x307B,0x304B,0x30B3,0x30B3,0x30B5,0x624B,0x5B57,0x53CC,0x30C6,0x3099,0x4E8C,0x591A,
    0x89E3,0x5929,0x4EA4,0x6620,0x7121,0x6599,0x524D,0x5F8C,0x518D,0x65B0,0x521D,0x7D42,
    0x751F,0x8CA9,0x58F0,0x5439,0x6F14,0x6295,0x6355,0x4E00,0x4E09,0x904A,0x5DE6,0x4E2D,
    0x53F3,0x6307,0x8D70,0x6253,0x7981,0x7A7A,0x5408,0x6E80,0x6709,0x6708,0x7533,0x5272,
    0x55B6,0x914D,0x3014,0x672C,0x3015,0x3014,0x4E09,0x3015,0x3014,0x4E8C,0x3015,0x3014,
    0x5B89,0x3015,0x3014,0x70B9,0x3015,0x3014,0x6253,0x3015,0x3014,0x76D7,0x3015,0x3014,
    0x52DD,0x3015,0x3014,0x6557,0x3015,0x5F97,0x53EF,
};

#define M2__ULOWER_N 1433

static const uint32_t m2__ulower_cp[1433] = {
    0x41,0x42,0x43,0x44,0x45,0x46,0x47,0x48,0x49,0x4A,0x4B,0x4C,
    0x4D,0x4E,0x4F,0x50,0x51,0x52,0x53,0x54,0x55,0x56,0x57,0x58,
    0x59,0x5A,0xC0,0xC1,0xC2,0xC3,0xC4,0xC5,0xC6,0xC7,0xC8,0xC9,
    0xCA,0xCB,0xCC,0xCD,0xCE,0xCF,0xD0,0xD1,0xD2,0xD3,0xD4,0xD5,
    0xD6,0xD8,0xD9,0xDA,0xDB,0xDC,0xDD,0xDE,0x100,0x102,0x104,0x106,
    0x108,0x10A,0x10C,0x10E,0x110,0x112,0x114,0x116,0x118,0x11A,0x11C,0x11E,
    0x120,0x122,0x124,0x126,0x128,0x12A,0x12C,0x12E,0x130,0x132,0x134,0x136,
    0x139,0x13B,0x13D,0x13F,0x141,0x143,0x145,0x147,0x14A,0x14C,0x14E,0x150,
    0x152,0x154,0x156,0x158,0x15A,0x15C,0x15E,0x160,0x162,0x164,0x166,0x168,
    0x16A,0x16C,0x16E,0x170,0x172,0x174,0x176,0x178,0x179,0x17B,0x17D,0x181,
    0x182,0x184,0x186,0x187,0x189,0x18A,0x18B,0x18E,0x18F,0x190,0x191,0x193,
    0x194,0x196,0x197,0x198,0x19C,0x19D,0x19F,0x1A0,0x1A2,0x1A4,0x1A6,0x1A7,
    0x1A9,0x1AC,0x1AE,0x1AF,0x1B1,0x1B2,0x1B3,0x1B5,0x1B7,0x1B8,0x1BC,0x1C4,
    0x1C5,0x1C7,0x1C8,0x1CA,0x1CB,0x1CD,0x1CF,0x1D1,0x1D3,0x1D5,0x1D7,0x1D9,
    0x1DB,0x1DE,0x1E0,0x1E2,0x1E4,0x1E6,0x1E8,0x1EA,0x1EC,0x1EE,0x1F1,0x1F2,
    0x1F4,0x1F6,0x1F7,0x1F8,0x1FA,0x1FC,0x1FE,0x200,0x202,0x204,0x206,0x208,
    0x20A,0x20C,0x20E,0x210,0x212,0x214,0x216,0x218,0x21A,0x21C,0x21E,0x220,
    0x222,0x224,0x226,0x228,0x22A,0x22C,0x22E,0x230,0x232,0x23A,0x23B,0x23D,
    0x23E,0x241,0x243,0x244,0x245,0x246,0x248,0x24A,0x24C,0x24E,0x370,0x372,
    0x376,0x37F,0x386,0x388,0x389,0x38A,0x38C,0x38E,0x38F,0x391,0x392,0x393,
    0x394,0x395,0x396,0x397,0x398,0x399,0x39A,0x39B,0x39C,0x39D,0x39E,0x39F,
    0x3A0,0x3A1,0x3A3,0x3A4,0x3A5,0x3A6,0x3A7,0x3A8,0x3A9,0x3AA,0x3AB,0x3CF,
    0x3D8,0x3DA,0x3DC,0x3DE,0x3E0,0x3E2,0x3E4,0x3E6,0x3E8,0x3EA,0x3EC,0x3EE,
    0x3F4,0x3F7,0x3F9,0x3FA,0x3FD,0x3FE,0x3FF,0x400,0x401,0x402,0x403,0x404,
    0x405,0x406,0x407,0x408,0x409,0x40A,0x40B,0x40C,0x40D,0x40E,0x40F,0x410,
    0x411,0x412,0x413,0x414,0x415,0x416,0x417,0x418,0x419,0x41A,0x41B,0x41C,
    0x41D,0x41E,0x41F,0x420,0x421,0x422,0x423,0x424,0x425,0x426,0x427,0x428,
    0x429,0x42A,0x42B,0x42C,0x42D,0x42E,0x42F,0x460,0x462,0x464,0x466,0x468,
    0x46A,0x46C,0x46E,0x470,0x472,0x474,0x476,0x478,0x47A,0x47C,0x47E,0x480,
    0x48A,0x48C,0x48E,0x490,0x492,0x494,0x496,0x498,0x49A,0x49C,0x49E,0x4A0,
    0x4A2,0x4A4,0x4A6,0x4A8,0x4AA,0x4AC,0x4AE,0x4B0,0x4B2,0x4B4,0x4B6,0x4B8,
    0x4BA,0x4BC,0x4BE,0x4C0,0x4C1,0x4C3,0x4C5,0x4C7,0x4C9,0x4CB,0x4CD,0x4D0,
    0x4D2,0x4D4,0x4D6,0x4D8,0x4DA,0x4DC,0x4DE,0x4E0,0x4E2,0x4E4,0x4E6,0x4E8,
    0x4EA,0x4EC,0x4EE,0x4F0,0x4F2,0x4F4,0x4F6,0x4F8,0x4FA,0x4FC,0x4FE,0x500,
    0x502,0x504,0x506,0x508,0x50A,0x50C,0x50E,0x510,0x512,0x514,0x516,0x518,
    0x51A,0x51C,0x51E,0x520,0x522,0x524,0x526,0x528,0x52A,0x52C,0x52E,0x531,
    0x532,0x533,0x534,0x535,0x536,0x537,0x538,0x539,0x53A,0x53B,0x53C,0x53D,
    0x53E,0x53F,0x540,0x541,0x542,0x543,0x544,0x545,0x546,0x547,0x548,0x549,
    0x54A,0x54B,0x54C,0x54D,0x54E,0x54F,0x550,0x551,0x552,0x553,0x554,0x555,
    0x556,0x10A0,0x10A1,0x10A2,0x10A3,0x10A4,0x10A5,0x10A6,0x10A7,0x10A8,0x10A9,0x10AA,
    0x10AB,0x10AC,0x10AD,0x10AE,0x10AF,0x10B0,0x10B1,0x10B2,0x10B3,0x10B4,0x10B5,0x10B6,
    0x10B7,0x10B8,0x10B9,0x10BA,0x10BB,0x10BC,0x10BD,0x10BE,0x10BF,0x10C0,0x10C1,0x10C2,
    0x10C3,0x10C4,0x10C5,0x10C7,0x10CD,0x13A0,0x13A1,0x13A2,0x13A3,0x13A4,0x13A5,0x13A6,
    0x13A7,0x13A8,0x13A9,0x13AA,0x13AB,0x13AC,0x13AD,0x13AE,0x13AF,0x13B0,0x13B1,0x13B2,
    0x13B3,0x13B4,0x13B5,0x13B6,0x13B7,0x13B8,0x13B9,0x13BA,0x13BB,0x13BC,0x13BD,0x13BE,
    0x13BF,0x13C0,0x13C1,0x13C2,0x13C3,0x13C4,0x13C5,0x13C6,0x13C7,0x13C8,0x13C9,0x13CA,
    0x13CB,0x13CC,0x13CD,0x13CE,0x13CF,0x13D0,0x13D1,0x13D2,0x13D3,0x13D4,0x13D5,0x13D6,
    0x13D7,0x13D8,0x13D9,0x13DA,0x13DB,0x13DC,0x13DD,0x13DE,0x13DF,0x13E0,0x13E1,0x13E2,
    0x13E3,0x13E4,0x13E5,0x13E6,0x13E7,0x13E8,0x13E9,0x13EA,0x13EB,0x13EC,0x13ED,0x13EE,
    0x13EF,0x13F0,0x13F1,0x13F2,0x13F3,0x13F4,0x13F5,0x1C90,0x1C91,0x1C92,0x1C93,0x1C94,
    0x1C95,0x1C96,0x1C97,0x1C98,0x1C99,0x1C9A,0x1C9B,0x1C9C,0x1C9D,0x1C9E,0x1C9F,0x1CA0,
    0x1CA1,0x1CA2,0x1CA3,0x1CA4,0x1CA5,0x1CA6,0x1CA7,0x1CA8,0x1CA9,0x1CAA,0x1CAB,0x1CAC,
    0x1CAD,0x1CAE,0x1CAF,0x1CB0,0x1CB1,0x1CB2,0x1CB3,0x1CB4,0x1CB5,0x1CB6,0x1CB7,0x1CB8,
    0x1CB9,0x1CBA,0x1CBD,0x1CBE,0x1CBF,0x1E00,0x1E02,0x1E04,0x1E06,0x1E08,0x1E0A,0x1E0C,
    0x1E0E,0x1E10,0x1E12,0x1E14,0x1E16,0x1E18,0x1E1A,0x1E1C,0x1E1E,0x1E20,0x1E22,0x1E24,
    0x1E26,0x1E28,0x1E2A,0x1E2C,0x1E2E,0x1E30,0x1E32,0x1E34,0x1E36,0x1E38,0x1E3A,0x1E3C,
    0x1E3E,0x1E40,0x1E42,0x1E44,0x1E46,0x1E48,0x1E4A,0x1E4C,0x1E4E,0x1E50,0x1E52,0x1E54,
    0x1E56,0x1E58,0x1E5A,0x1E5C,0x1E5E,0x1E60,0x1E62,0x1E64,0x1E66,0x1E68,0x1E6A,0x1E6C,
    0x1E6E,0x1E70,0x1E72,0x1E74,0x1E76,0x1E78,0x1E7A,0x1E7C,0x1E7E,0x1E80,0x1E82,0x1E84,
    0x1E86,0x1E88,0x1E8A,0x1E8C,0x1E8E,0x1E90,0x1E92,0x1E94,0x1E9E,0x1EA0,0x1EA2,0x1EA4,
    0x1EA6,0x1EA8,0x1EAA,0x1EAC,0x1EAE,0x1EB0,0x1EB2,0x1EB4,0x1EB6,0x1EB8,0x1EBA,0x1EBC,
    0x1EBE,0x1EC0,0x1EC2,0x1EC4,0x1EC6,0x1EC8,0x1ECA,0x1ECC,0x1ECE,0x1ED0,0x1ED2,0x1ED4,
    0x1ED6,0x1ED8,0x1EDA,0x1EDC,0x1EDE,0x1EE0,0x1EE2,0x1EE4,0x1EE6,0x1EE8,0x1EEA,0x1EEC,
    0x1EEE,0x1EF0,0x1EF2,0x1EF4,0x1EF6,0x1EF8,0x1EFA,0x1EFC,0x1EFE,0x1F08,0x1F09,0x1F0A,
    0x1F0B,0x1F0C,0x1F0D,0x1F0E,0x1F0F,0x1F18,0x1F19,0x1F1A,0x1F1B,0x1F1C,0x1F1D,0x1F28,
    0x1F29,0x1F2A,0x1F2B,0x1F2C,0x1F2D,0x1F2E,0x1F2F,0x1F38,0x1F39,0x1F3A,0x1F3B,0x1F3C,
    0x1F3D,0x1F3E,0x1F3F,0x1F48,0x1F49,0x1F4A,0x1F4B,0x1F4C,0x1F4D,0x1F59,0x1F5B,0x1F5D,
    0x1F5F,0x1F68,0x1F69,0x1F6A,0x1F6B,0x1F6C,0x1F6D,0x1F6E,0x1F6F,0x1F88,0x1F89,0x1F8A,
    0x1F8B,0x1F8C,0x1F8D,0x1F8E,0x1F8F,0x1F98,0x1F99,0x1F9A,0x1F9B,0x1F9C,0x1F9D,0x1F9E,
    0x1F9F,0x1FA8,0x1FA9,0x1FAA,0x1FAB,0x1FAC,0x1FAD,0x1FAE,0x1FAF,0x1FB8,0x1FB9,0x1FBA,
    0x1FBB,0x1FBC,0x1FC8,0x1FC9,0x1FCA,0x1FCB,0x1FCC,0x1FD8,0x1FD9,0x1FDA,0x1FDB,0x1FE8,
    0x1FE9,0x1FEA,0x1FEB,0x1FEC,0x1FF8,0x1FF9,0x1FFA,0x1FFB,0x1FFC,0x2126,0x212A,0x212B,
    0x2132,0x2160,0x2161,0x2162,0x2163,0x2164,0x2165,0x2166,0x2167,0x2168,0x2169,0x216A,
    0x216B,0x216C,0x216D,0x216E,0x216F,0x2183,0x24B6,0x24B7,0x24B8,0x24B9,0x24BA,0x24BB,
    0x24BC,0x24BD,0x24BE,0x24BF,0x24C0,0x24C1,0x24C2,0x24C3,0x24C4,0x24C5,0x24C6,0x24C7,
    0x24C8,0x24C9,0x24CA,0x24CB,0x24CC,0x24CD,0x24CE,0x24CF,0x2C00,0x2C01,0x2C02,0x2C03,
    0x2C04,0x2C05,0x2C06,0x2C07,0x2C08,0x2C09,0x2C0A,0x2C0B,0x2C0C,0x2C0D,0x2C0E,0x2C0F,
    0x2C10,0x2C11,0x2C12,0x2C13,0x2C14,0x2C15,0x2C16,0x2C17,0x2C18,0x2C19,0x2C1A,0x2C1B,
    0x2C1C,0x2C1D,0x2C1E,0x2C1F,0x2C20,0x2C21,0x2C22,0x2C23,0x2C24,0x2C25,0x2C26,0x2C27,
    0x2C28,0x2C29,0x2C2A,0x2C2B,0x2C2C,0x2C2D,0x2C2E,0x2C2F,0x2C60,0x2C62,0x2C63,0x2C64,
    0x2C67,0x2C69,0x2C6B,0x2C6D,0x2C6E,0x2C6F,0x2C70,0x2C72,0x2C75,0x2C7E,0x2C7F,0x2C80,
    0x2C82,0x2C84,0x2C86,0x2C88,0x2C8A,0x2C8C,0x2C8E,0x2C90,0x2C92,0x2C94,0x2C96,0x2C98,
    0x2C9A,0x2C9C,0x2C9E,0x2CA0,0x2CA2,0x2CA4,0x2CA6,0x2CA8,0x2CAA,0x2CAC,0x2CAE,0x2CB0,
    0x2CB2,0x2CB4,0x2CB6,0x2CB8,0x2CBA,0x2CBC,0x2CBE,0x2CC0,0x2CC2,0x2CC4,0x2CC6,0x2CC8,
    0x2CCA,0x2CCC,0x2CCE,0x2CD0,0x2CD2,0x2CD4,0x2CD6,0x2CD8,0x2CDA,0x2CDC,0x2CDE,0x2CE0,
    0x2CE2,0x2CEB,0x2CED,0x2CF2,0xA640,0xA642,0xA644,0xA646,0xA648,0xA64A,0xA64C,0xA64E,
    0xA650,0xA652,0xA654,0xA656,0xA658,0xA65A,0xA65C,0xA65E,0xA660,0xA662,0xA664,0xA666,
    0xA668,0xA66A,0xA66C,0xA680,0xA682,0xA684,0xA686,0xA688,0xA68A,0xA68C,0xA68E,0xA690,
    0xA692,0xA694,0xA696,0xA698,0xA69A,0xA722,0xA724,0xA726,0xA728,0xA72A,0xA72C,0xA72E,
    0xA732,0xA734,0xA736,0xA738,0xA73A,0xA73C,0xA73E,0xA740,0xA742,0xA744,0xA746,0xA748,
    0xA74A,0xA74C,0xA74E,0xA750,0xA752,0xA754,0xA756,0xA758,0xA75A,0xA75C,0xA75E,0xA760,
    0xA762,0xA764,0xA766,0xA768,0xA76A,0xA76C,0xA76E,0xA779,0xA77B,0xA77D,0xA77E,0xA780,
    0xA782,0xA784,0xA786,0xA78B,0xA78D,0xA790,0xA792,0xA796,0xA798,0xA79A,0xA79C,0xA79E,
    0xA7A0,0xA7A2,0xA7A4,0xA7A6,0xA7A8,0xA7AA,0xA7AB,0xA7AC,0xA7AD,0xA7AE,0xA7B0,0xA7B1,
    0xA7B2,0xA7B3,0xA7B4,0xA7B6,0xA7B8,0xA7BA,0xA7BC,0xA7BE,0xA7C0,0xA7C2,0xA7C4,0xA7C5,
    0xA7C6,0xA7C7,0xA7C9,0xA7D0,0xA7D6,0xA7D8,0xA7F5,0xFF21,0xFF22,0xFF23,0xFF24,0xFF25,
    0xFF26,0xFF27,0xFF28,0xFF29,0xFF2A,0xFF2B,0xFF2C,0xFF2D,0xFF2E,0xFF2F,0xFF30,0xFF31,
    0xFF32,0xFF33,0xFF34,0xFF35,0xFF36,0xFF37,0xFF38,0xFF39,0xFF3A,0x10400,0x10401,0x10402,
    0x10403,0x10404,0x10405,0x10406,0x10407,0x10408,0x10409,0x1040A,0x1040B,0x1040C,0x1040D,0x1040E,
    0x1040F,0x10410,0x10411,0x10412,0x10413,0x10414,0x10415,0x10416,0x10417,0x10418,0x10419,0x1041A,
    0x1041B,0x1041C,0x1041D,0x1041E,0x1041F,0x10420,0x10421,0x10422,0x10423,0x10424,0x10425,0x10426,
    0x10427,0x104B0,0x104B1,0x104B2,0x104B3,0x104B4,0x104B5,0x104B6,0x104B7,0x104B8,0x104B9,0x104BA,
    0x104BB,0x104BC,0x104BD,0x104BE,0x104BF,0x104C0,0x104C1,0x104C2,0x104C3,0x104C4,0x104C5,0x104C6,
    0x104C7,0x104C8,0x104C9,0x104CA,0x104CB,0x104CC,0x104CD,0x104CE,0x104CF,0x104D0,0x104D1,0x104D2,
    0x104D3,0x10570,0x10571,0x10572,0x10573,0x10574,0x10575,0x10576,0x10577,0x10578,0x10579,0x1057A,
    0x1057C,0x1057D,0x1057E,0x1057F,0x10580,0x10581,0x10582,0x10583,0x10584,0x10585,0x10586,0x10587,
    0x10588,0x10589,0x1058A,0x1058C,0x1058D,0x1058E,0x1058F,0x10590,0x10591,0x10592,0x10594,0x10595,
    0x10C80,0x10C81,0x10C82,0x10C83,0x10C84,0x10C85,0x10C86,0x10C87,0x10C88,0x10C89,0x10C8A,0x10C8B,
    0x10C8C,0x10C8D,0x10C8E,0x10C8F,0x10C90,0x10C91,0x10C92,0x10C93,0x10C94,0x10C95,0x10C96,0x10C97,
    0x10C98,0x10C99,0x10C9A,0x10C9B,0x10C9C,0x10C9D,0x10C9E,0x10C9F,0x10CA0,0x10CA1,0x10CA2,0x10CA3,
    0x10CA4,0x10CA5,0x10CA6,0x10CA7,0x10CA8,0x10CA9,0x10CAA,0x10CAB,0x10CAC,0x10CAD,0x10CAE,0x10CAF,
    0x10CB0,0x10CB1,0x10CB2,0x118A0,0x118A1,0x118A2,0x118A3,0x118A4,0x118A5,0x118A6,0x118A7,0x118A8,
    0x118A9,0x118AA,0x118AB,0x118AC,0x118AD,0x118AE,0x118AF,0x118B0,0x118B1,0x118B2,0x118B3,0x118B4,
    0x118B5,0x118B6,0x118B7,0x118B8,0x118B9,0x118BA,0x118BB,0x118BC,0x118BD,0x118BE,0x118BF,0x16E40,
    0x16E41,0x16E42,0x16E43,0x16E44,0x16E45,0x16E46,0x16E47,0x16E48,0x16E49,0x16E4A,0x16E4B,0x16E4C,
    0x16E4D,0x16E4E,0x16E4F,0x16E50,0x16E51,0x16E52,0x16E53,0x16E54,0x16E55,0x16E56,0x16E57,0x16E58,
    0x16E59,0x16E5A,0x16E5B,0x16E5C,0x16E5D,0x16E5E,0x16E5F,0x1E900,0x1E901,0x1E902,0x1E903,0x1E904,
    0x1E905,0x1E906,0x1E907,0x1E908,0x1E909,0x1E90A,0x1E90B,0x1E90C,0x1E90D,0x1E90E,0x1E90F,0x1E910,
    0x1E911,0x1E912,0x1E913,0x1E914,0x1E915,0x1E916,0x1E917,0x1E918,0x1E919,0x1E91A,0x1E91B,0x1E91C,
    0x1E91D,0x1E91E,0x1E91F,0x1E920,0x1E921,
};

static const uint32_t m2__ulower_to[1433] = {
    0x61,0x62,0x63,0x64,0x65,0x66,0x67,0x68,0x69,0x6A,0x6B,0x6C,
    0x6D,0x6E,0x6F,0x70,0x71,0x72,0x73,0x74,0x75,0x76,0x77,0x78,
    0x79,0x7A,0xE0,0xE1,0xE2,0xE3,0xE4,0xE5,0xE6,0xE7,0xE8,0xE9,
    0xEA,0xEB,0xEC,0xED,0xEE,0xEF,0xF0,0xF1,0xF2,0xF3,0xF4,0xF5,
    0xF6,0xF8,0xF9,0xFA,0xFB,0xFC,0xFD,0xFE,0x101,0x103,0x105,0x107,
    0x109,0x10B,0x10D,0x10F,0x111,0x113,0x115,0x117,0x119,0x11B,0x11D,0x11F,
    0x121,0x123,0x125,0x127,0x129,0x12B,0x12D,0x12F,0x69,0x133,0x135,0x137,
    0x13A,0x13C,0x13E,0x140,0x142,0x144,0x146,0x148,0x14B,0x14D,0x14F,0x151,
    0x153,0x155,0x157,0x159,0x15B,0x15D,0x15F,0x161,0x163,0x165,0x167,0x169,
    0x16B,0x16D,0x16F,0x171,0x173,0x175,0x177,0xFF,0x17A,0x17C,0x17E,0x253,
    0x183,0x185,0x254,0x188,0x256,0x257,0x18C,0x1DD,0x259,0x25B,0x192,0x260,
    0x263,0x269,0x268,0x199,0x26F,0x272,0x275,0x1A1,0x1A3,0x1A5,0x280,0x1A8,
    0x283,0x1AD,0x288,0x1B0,0x28A,0x28B,0x1B4,0x1B6,0x292,0x1B9,0x1BD,0x1C6,
    0x1C6,0x1C9,0x1C9,0x1CC,0x1CC,0x1CE,0x1D0,0x1D2,0x1D4,0x1D6,0x1D8,0x1DA,
    0x1DC,0x1DF,0x1E1,0x1E3,0x1E5,0x1E7,0x1E9,0x1EB,0x1ED,0x1EF,0x1F3,0x1F3,
    0x1F5,0x195,0x1BF,0x1F9,0x1FB,0x1FD,0x1FF,0x201,0x203,0x205,0x207,0x209,
    0x20B,0x20D,0x20F,0x211,0x213,0x215,0x217,0x219,0x21B,0x21D,0x21F,0x19E,
    0x223,0x225,0x227,0x229,0x22B,0x22D,0x22F,0x231,0x233,0x2C65,0x23C,0x19A,
    0x2C66,0x242,0x180,0x289,0x28C,0x247,0x249,0x24B,0x24D,0x24F,0x371,0x373,
    0x377,0x3F3,0x3AC,0x3AD,0x3AE,0x3AF,0x3CC,0x3CD,0x3CE,0x3B1,0x3B2,0x3B3,
    0x3B4,0x3B5,0x3B6,0x3B7,0x3B8,0x3B9,0x3BA,0x3BB,0x3BC,0x3BD,0x3BE,0x3BF,
    0x3C0,0x3C1,0x3C3,0x3C4,0x3C5,0x3C6,0x3C7,0x3C8,0x3C9,0x3CA,0x3CB,0x3D7,
    0x3D9,0x3DB,0x3DD,0x3DF,0x3E1,0x3E3,0x3E5,0x3E7,0x3E9,0x3EB,0x3ED,0x3EF,
    0x3B8,0x3F8,0x3F2,0x3FB,0x37B,0x37C,0x37D,0x450,0x451,0x452,0x453,0x454,
    0x455,0x456,0x457,0x458,0x459,0x45A,0x45B,0x45C,0x45D,0x45E,0x45F,0x430,
    0x431,0x432,0x433,0x434,0x435,0x436,0x437,0x438,0x439,0x43A,0x43B,0x43C,
    0x43D,0x43E,0x43F,0x440,0x441,0x442,0x443,0x444,0x445,0x446,0x447,0x448,
    0x449,0x44A,0x44B,0x44C,0x44D,0x44E,0x44F,0x461,0x463,0x465,0x467,0x469,
    0x46B,0x46D,0x46F,0x471,0x473,0x475,0x477,0x479,0x47B,0x47D,0x47F,0x481,
    0x48B,0x48D,0x48F,0x491,0x493,0x495,0x497,0x499,0x49B,0x49D,0x49F,0x4A1,
    0x4A3,0x4A5,0x4A7,0x4A9,0x4AB,0x4AD,0x4AF,0x4B1,0x4B3,0x4B5,0x4B7,0x4B9,
    0x4BB,0x4BD,0x4BF,0x4CF,0x4C2,0x4C4,0x4C6,0x4C8,0x4CA,0x4CC,0x4CE,0x4D1,
    0x4D3,0x4D5,0x4D7,0x4D9,0x4DB,0x4DD,0x4DF,0x4E1,0x4E3,0x4E5,0x4E7,0x4E9,
    0x4EB,0x4ED,0x4EF,0x4F1,0x4F3,0x4F5,0x4F7,0x4F9,0x4FB,0x4FD,0x4FF,0x501,
    0x503,0x505,0x507,0x509,0x50B,0x50D,0x50F,0x511,0x513,0x515,0x517,0x519,
    0x51B,0x51D,0x51F,0x521,0x523,0x525,0x527,0x529,0x52B,0x52D,0x52F,0x561,
    0x562,0x563,0x564,0x565,0x566,0x567,0x568,0x569,0x56A,0x56B,0x56C,0x56D,
    0x56E,0x56F,0x570,0x571,0x572,0x573,0x574,0x575,0x576,0x577,0x578,0x579,
    0x57A,0x57B,0x57C,0x57D,0x57E,0x57F,0x580,0x581,0x582,0x583,0x584,0x585,
    0x586,0x2D00,0x2D01,0x2D02,0x2D03,0x2D04,0x2D05,0x2D06,0x2D07,0x2D08,0x2D09,0x2D0A,
    0x2D0B,0x2D0C,0x2D0D,0x2D0E,0x2D0F,0x2D10,0x2D11,0x2D12,0x2D13,0x2D14,0x2D15,0x2D16,
    0x2D17,0x2D18,0x2D19,0x2D1A,0x2D1B,0x2D1C,0x2D1D,0x2D1E,0x2D1F,0x2D20,0x2D21,0x2D22,
    0x2D23,0x2D24,0x2D25,0x2D27,0x2D2D,0xAB70,0xAB71,0xAB72,0xAB73,0xAB74,0xAB75,0xAB76,
    0xAB77,0xAB78,0xAB79,0xAB7A,0xAB7B,0xAB7C,0xAB7D,0xAB7E,0xAB7F,0xAB80,0xAB81,0xAB82,
    0xAB83,0xAB84,0xAB85,0xAB86,0xAB87,0xAB88,0xAB89,0xAB8A,0xAB8B,0xAB8C,0xAB8D,0xAB8E,
    0xAB8F,0xAB90,0xAB91,0xAB92,0xAB93,0xAB94,0xAB95,0xAB96,0xAB97,0xAB98,0xAB99,0xAB9A,
    0xAB9B,0xAB9C,0xAB9D,0xAB9E,0xAB9F,0xABA0,0xABA1,0xABA2,0xABA3,0xABA4,0xABA5,0xABA6,
    0xABA7,0xABA8,0xABA9,0xABAA,0xABAB,0xABAC,0xABAD,0xABAE,0xABAF,0xABB0,0xABB1,0xABB2,
    0xABB3,0xABB4,0xABB5,0xABB6,0xABB7,0xABB8,0xABB9,0xABBA,0xABBB,0xABBC,0xABBD,0xABBE,
    0xABBF,0x13F8,0x13F9,0x13FA,0x13FB,0x13FC,0x13FD,0x10D0,0x10D1,0x10D2,0x10D3,0x10D4,
    0x10D5,0x10D6,0x10D7,0x10D8,0x10D9,0x10DA,0x10DB,0x10DC,0x10DD,0x10DE,0x10DF,0x10E0,
    0x10E1,0x10E2,0x10E3,0x10E4,0x10E5,0x10E6,0x10E7,0x10E8,0x10E9,0x10EA,0x10EB,0x10EC,
    0x10ED,0x10EE,0x10EF,0x10F0,0x10F1,0x10F2,0x10F3,0x10F4,0x10F5,0x10F6,0x10F7,0x10F8,
    0x10F9,0x10FA,0x10FD,0x10FE,0x10FF,0x1E01,0x1E03,0x1E05,0x1E07,0x1E09,0x1E0B,0x1E0D,
    0x1E0F,0x1E11,0x1E13,0x1E15,0x1E17,0x1E19,0x1E1B,0x1E1D,0x1E1F,0x1E21,0x1E23,0x1E25,
    0x1E27,0x1E29,0x1E2B,0x1E2D,0x1E2F,0x1E31,0x1E33,0x1E35,0x1E37,0x1E39,0x1E3B,0x1E3D,
    0x1E3F,0x1E41,0x1E43,0x1E45,0x1E47,0x1E49,0x1E4B,0x1E4D,0x1E4F,0x1E51,0x1E53,0x1E55,
    0x1E57,0x1E59,0x1E5B,0x1E5D,0x1E5F,0x1E61,0x1E63,0x1E65,0x1E67,0x1E69,0x1E6B,0x1E6D,
    0x1E6F,0x1E71,0x1E73,0x1E75,0x1E77,0x1E79,0x1E7B,0x1E7D,0x1E7F,0x1E81,0x1E83,0x1E85,
    0x1E87,0x1E89,0x1E8B,0x1E8D,0x1E8F,0x1E91,0x1E93,0x1E95,0xDF,0x1EA1,0x1EA3,0x1EA5,
    0x1EA7,0x1EA9,0x1EAB,0x1EAD,0x1EAF,0x1EB1,0x1EB3,0x1EB5,0x1EB7,0x1EB9,0x1EBB,0x1EBD,
    0x1EBF,0x1EC1,0x1EC3,0x1EC5,0x1EC7,0x1EC9,0x1ECB,0x1ECD,0x1ECF,0x1ED1,0x1ED3,0x1ED5,
    0x1ED7,0x1ED9,0x1EDB,0x1EDD,0x1EDF,0x1EE1,0x1EE3,0x1EE5,0x1EE7,0x1EE9,0x1EEB,0x1EED,
    0x1EEF,0x1EF1,0x1EF3,0x1EF5,0x1EF7,0x1EF9,0x1EFB,0x1EFD,0x1EFF,0x1F00,0x1F01,0x1F02,
    0x1F03,0x1F04,0x1F05,0x1F06,0x1F07,0x1F10,0x1F11,0x1F12,0x1F13,0x1F14,0x1F15,0x1F20,
    0x1F21,0x1F22,0x1F23,0x1F24,0x1F25,0x1F26,0x1F27,0x1F30,0x1F31,0x1F32,0x1F33,0x1F34,
    0x1F35,0x1F36,0x1F37,0x1F40,0x1F41,0x1F42,0x1F43,0x1F44,0x1F45,0x1F51,0x1F53,0x1F55,
    0x1F57,0x1F60,0x1F61,0x1F62,0x1F63,0x1F64,0x1F65,0x1F66,0x1F67,0x1F80,0x1F81,0x1F82,
    0x1F83,0x1F84,0x1F85,0x1F86,0x1F87,0x1F90,0x1F91,0x1F92,0x1F93,0x1F94,0x1F95,0x1F96,
    0x1F97,0x1FA0,0x1FA1,0x1FA2,0x1FA3,0x1FA4,0x1FA5,0x1FA6,0x1FA7,0x1FB0,0x1FB1,0x1F70,
    0x1F71,0x1FB3,0x1F72,0x1F73,0x1F74,0x1F75,0x1FC3,0x1FD0,0x1FD1,0x1F76,0x1F77,0x1FE0,
    0x1FE1,0x1F7A,0x1F7B,0x1FE5,0x1F78,0x1F79,0x1F7C,0x1F7D,0x1FF3,0x3C9,0x6B,0xE5,
    0x214E,0x2170,0x2171,0x2172,0x2173,0x2174,0x2175,0x2176,0x2177,0x2178,0x2179,0x217A,
    0x217B,0x217C,0x217D,0x217E,0x217F,0x2184,0x24D0,0x24D1,0x24D2,0x24D3,0x24D4,0x24D5,
    0x24D6,0x24D7,0x24D8,0x24D9,0x24DA,0x24DB,0x24DC,0x24DD,0x24DE,0x24DF,0x24E0,0x24E1,
    0x24E2,0x24E3,0x24E4,0x24E5,0x24E6,0x24E7,0x24E8,0x24E9,0x2C30,0x2C31,0x2C32,0x2C33,
    0x2C34,0x2C35,0x2C36,0x2C37,0x2C38,0x2C39,0x2C3A,0x2C3B,0x2C3C,0x2C3D,0x2C3E,0x2C3F,
    0x2C40,0x2C41,0x2C42,0x2C43,0x2C44,0x2C45,0x2C46,0x2C47,0x2C48,0x2C49,0x2C4A,0x2C4B,
    0x2C4C,0x2C4D,0x2C4E,0x2C4F,0x2C50,0x2C51,0x2C52,0x2C53,0x2C54,0x2C55,0x2C56,0x2C57,
    0x2C58,0x2C59,0x2C5A,0x2C5B,0x2C5C,0x2C5D,0x2C5E,0x2C5F,0x2C61,0x26B,0x1D7D,0x27D,
    0x2C68,0x2C6A,0x2C6C,0x251,0x271,0x250,0x252,0x2C73,0x2C76,0x23F,0x240,0x2C81,
    0x2C83,0x2C85,0x2C87,0x2C89,0x2C8B,0x2C8D,0x2C8F,0x2C91,0x2C93,0x2C95,0x2C97,0x2C99,
    0x2C9B,0x2C9D,0x2C9F,0x2CA1,0x2CA3,0x2CA5,0x2CA7,0x2CA9,0x2CAB,0x2CAD,0x2CAF,0x2CB1,
    0x2CB3,0x2CB5,0x2CB7,0x2CB9,0x2CBB,0x2CBD,0x2CBF,0x2CC1,0x2CC3,0x2CC5,0x2CC7,0x2CC9,
    0x2CCB,0x2CCD,0x2CCF,0x2CD1,0x2CD3,0x2CD5,0x2CD7,0x2CD9,0x2CDB,0x2CDD,0x2CDF,0x2CE1,
    0x2CE3,0x2CEC,0x2CEE,0x2CF3,0xA641,0xA643,0xA645,0xA647,0xA649,0xA64B,0xA64D,0xA64F,
    0xA651,0xA653,0xA655,0xA657,0xA659,0xA65B,0xA65D,0xA65F,0xA661,0xA663,0xA665,0xA667,
    0xA669,0xA66B,0xA66D,0xA681,0xA683,0xA685,0xA687,0xA689,0xA68B,0xA68D,0xA68F,0xA691,
    0xA693,0xA695,0xA697,0xA699,0xA69B,0xA723,0xA725,0xA727,0xA729,0xA72B,0xA72D,0xA72F,
    0xA733,0xA735,0xA737,0xA739,0xA73B,0xA73D,0xA73F,0xA741,0xA743,0xA745,0xA747,0xA749,
    0xA74B,0xA74D,0xA74F,0xA751,0xA753,0xA755,0xA757,0xA759,0xA75B,0xA75D,0xA75F,0xA761,
    0xA763,0xA765,0xA767,0xA769,0xA76B,0xA76D,0xA76F,0xA77A,0xA77C,0x1D79,0xA77F,0xA781,
    0xA783,0xA785,0xA787,0xA78C,0x265,0xA791,0xA793,0xA797,0xA799,0xA79B,0xA79D,0xA79F,
    0xA7A1,0xA7A3,0xA7A5,0xA7A7,0xA7A9,0x266,0x25C,0x261,0x26C,0x26A,0x29E,0x287,
    0x29D,0xAB53,0xA7B5,0xA7B7,0xA7B9,0xA7BB,0xA7BD,0xA7BF,0xA7C1,0xA7C3,0xA794,0x282,
    0x1D8E,0xA7C8,0xA7CA,0xA7D1,0xA7D7,0xA7D9,0xA7F6,0xFF41,0xFF42,0xFF43,0xFF44,0xFF45,
    0xFF46,0xFF47,0xFF48,0xFF49,0xFF4A,0xFF4B,0xFF4C,0xFF4D,0xFF4E,0xFF4F,0xFF50,0xFF51,
    0xFF52,0xFF53,0xFF54,0xFF55,0xFF56,0xFF57,0xFF58,0xFF59,0xFF5A,0x10428,0x10429,0x1042A,
    0x1042B,0x1042C,0x1042D,0x1042E,0x1042F,0x10430,0x10431,0x10432,0x10433,0x10434,0x10435,0x10436,
    0x10437,0x10438,0x10439,0x1043A,0x1043B,0x1043C,0x1043D,0x1043E,0x1043F,0x10440,0x10441,0x10442,
    0x10443,0x10444,0x10445,0x10446,0x10447,0x10448,0x10449,0x1044A,0x1044B,0x1044C,0x1044D,0x1044E,
    0x1044F,0x104D8,0x104D9,0x104DA,0x104DB,0x104DC,0x104DD,0x104DE,0x104DF,0x104E0,0x104E1,0x104E2,
    0x104E3,0x104E4,0x104E5,0x104E6,0x104E7,0x104E8,0x104E9,0x104EA,0x104EB,0x104EC,0x104ED,0x104EE,
    0x104EF,0x104F0,0x104F1,0x104F2,0x104F3,0x104F4,0x104F5,0x104F6,0x104F7,0x104F8,0x104F9,0x104FA,
    0x104FB,0x10597,0x10598,0x10599,0x1059A,0x1059B,0x1059C,0x1059D,0x1059E,0x1059F,0x105A0,0x105A1,
    0x105A3,0x105A4,0x105A5,0x105A6,0x105A7,0x105A8,0x105A9,0x105AA,0x105AB,0x105AC,0x105AD,0x105AE,
    0x105AF,0x105B0,0x105B1,0x105B3,0x105B4,0x105B5,0x105B6,0x105B7,0x105B8,0x105B9,0x105BB,0x105BC,
    0x10CC0,0x10CC1,0x10CC2,0x10CC3,0x10CC4,0x10CC5,0x10CC6,0x10CC7,0x10CC8,0x10CC9,0x10CCA,0x10CCB,
    0x10CCC,0x10CCD,0x10CCE,0x10CCF,0x10CD0,0x10CD1,0x10CD2,0x10CD3,0x10CD4,0x10CD5,0x10CD6,0x10CD7,
    0x10CD8,0x10CD9,0x10CDA,0x10CDB,0x10CDC,0x10CDD,0x10CDE,0x10CDF,0x10CE0,0x10CE1,0x10CE2,0x10CE3,
    0x10CE4,0x10CE5,0x10CE6,0x10CE7,0x10CE8,0x10CE9,0x10CEA,0x10CEB,0x10CEC,0x10CED,0x10CEE,0x10CEF,
    0x10CF0,0x10CF1,0x10CF2,0x118C0,0x118C1,0x118C2,0x118C3,0x118C4,0x118C5,0x118C6,0x118C7,0x118C8,
    0x118C9,0x118CA,0x118CB,0x118CC,0x118CD,0x118CE,0x118CF,0x118D0,0x118D1,0x118D2,0x118D3,0x118D4,
    0x118D5,0x118D6,0x118D7,0x118D8,0x118D9,0x118DA,0x118DB,0x118DC,0x118DD,0x118DE,0x118DF,0x16E60,
    0x16E61,0x16E62,0x16E63,0x16E64,0x16E65,0x16E66,0x16E67,0x16E68,0x16E69,0x16E6A,0x16E6B,0x16E6C,
    0x16E6D,0x16E6E,0x16E6F,0x16E70,0x16E71,0x16E72,0x16E73,0x16E74,0x16E75,0x16E76,0x16E77,0x16E78,
    0x16E79,0x16E7A,0x16E7B,0x16E7C,0x16E7D,0x16E7E,0x16E7F,0x1E922,0x1E923,0x1E924,0x1E925,0x1E926,
    0x1E927,0x1E928,0x1E929,0x1E92A,0x1E92B,0x1E92C,0x1E92D,0x1E92E,0x1E92F,0x1E930,0x1E931,0x1E932,
    0x1E933,0x1E934,0x1E935,0x1E936,0x1E937,0x1E938,0x1E939,0x1E93A,0x1E93B,0x1E93C,0x1E93D,0x1E93E,
    0x1E93F,0x1E940,0x1E941,0x1E942,0x1E943,
};

#define M2__UCOMP_N 940

static const uint32_t m2__ucomp_first[940] = {
    0x3C,0x3D,0x3E,0x41,0x41,0x41,0x41,0x41,0x41,0x41,0x41,0x41,
    0x41,0x41,0x41,0x41,0x41,0x41,0x41,0x42,0x42,0x42,0x43,0x43,
    0x43,0x43,0x43,0x44,0x44,0x44,0x44,0x44,0x44,0x45,0x45,0x45,
    0x45,0x45,0x45,0x45,0x45,0x45,0x45,0x45,0x45,0x45,0x45,0x45,
    0x45,0x45,0x46,0x47,0x47,0x47,0x47,0x47,0x47,0x47,0x48,0x48,
    0x48,0x48,0x48,0x48,0x48,0x49,0x49,0x49,0x49,0x49,0x49,0x49,
    0x49,0x49,0x49,0x49,0x49,0x49,0x49,0x49,0x4A,0x4B,0x4B,0x4B,
    0x4B,0x4B,0x4C,0x4C,0x4C,0x4C,0x4C,0x4C,0x4D,0x4D,0x4D,0x4E,
    0x4E,0x4E,0x4E,0x4E,0x4E,0x4E,0x4E,0x4E,0x4F,0x4F,0x4F,0x4F,
    0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,0x4F,
    0x50,0x50,0x52,0x52,0x52,0x52,0x52,0x52,0x52,0x52,0x53,0x53,
    0x53,0x53,0x53,0x53,0x53,0x54,0x54,0x54,0x54,0x54,0x54,0x54,
    0x55,0x55,0x55,0x55,0x55,0x55,0x55,0x55,0x55,0x55,0x55,0x55,
    0x55,0x55,0x55,0x55,0x55,0x55,0x55,0x56,0x56,0x57,0x57,0x57,
    0x57,0x57,0x57,0x58,0x58,0x59,0x59,0x59,0x59,0x59,0x59,0x59,
    0x59,0x59,0x5A,0x5A,0x5A,0x5A,0x5A,0x5A,0x61,0x61,0x61,0x61,
    0x61,0x61,0x61,0x61,0x61,0x61,0x61,0x61,0x61,0x61,0x61,0x61,
    0x62,0x62,0x62,0x63,0x63,0x63,0x63,0x63,0x64,0x64,0x64,0x64,
    0x64,0x64,0x65,0x65,0x65,0x65,0x65,0x65,0x65,0x65,0x65,0x65,
    0x65,0x65,0x65,0x65,0x65,0x65,0x65,0x66,0x67,0x67,0x67,0x67,
    0x67,0x67,0x67,0x68,0x68,0x68,0x68,0x68,0x68,0x68,0x68,0x69,
    0x69,0x69,0x69,0x69,0x69,0x69,0x69,0x69,0x69,0x69,0x69,0x69,
    0x69,0x6A,0x6A,0x6B,0x6B,0x6B,0x6B,0x6B,0x6C,0x6C,0x6C,0x6C,
    0x6C,0x6C,0x6D,0x6D,0x6D,0x6E,0x6E,0x6E,0x6E,0x6E,0x6E,0x6E,
    0x6E,0x6E,0x6F,0x6F,0x6F,0x6F,0x6F,0x6F,0x6F,0x6F,0x6F,0x6F,
    0x6F,0x6F,0x6F,0x6F,0x6F,0x6F,0x70,0x70,0x72,0x72,0x72,0x72,
    0x72,0x72,0x72,0x72,0x73,0x73,0x73,0x73,0x73,0x73,0x73,0x74,
    0x74,0x74,0x74,0x74,0x74,0x74,0x74,0x75,0x75,0x75,0x75,0x75,
    0x75,0x75,0x75,0x75,0x75,0x75,0x75,0x75,0x75,0x75,0x75,0x75,
    0x75,0x75,0x76,0x76,0x77,0x77,0x77,0x77,0x77,0x77,0x77,0x78,
    0x78,0x79,0x79,0x79,0x79,0x79,0x79,0x79,0x79,0x79,0x79,0x7A,
    0x7A,0x7A,0x7A,0x7A,0x7A,0xA8,0xA8,0xA8,0xC2,0xC2,0xC2,0xC2,
    0xC4,0xC5,0xC6,0xC6,0xC7,0xCA,0xCA,0xCA,0xCA,0xCF,0xD4,0xD4,
    0xD4,0xD4,0xD5,0xD5,0xD5,0xD6,0xD8,0xDC,0xDC,0xDC,0xDC,0xE2,
    0xE2,0xE2,0xE2,0xE4,0xE5,0xE6,0xE6,0xE7,0xEA,0xEA,0xEA,0xEA,
    0xEF,0xF4,0xF4,0xF4,0xF4,0xF5,0xF5,0xF5,0xF6,0xF8,0xFC,0xFC,
    0xFC,0xFC,0x102,0x102,0x102,0x102,0x103,0x103,0x103,0x103,0x112,0x112,
    0x113,0x113,0x14C,0x14C,0x14D,0x14D,0x15A,0x15B,0x160,0x161,0x168,0x169,
    0x16A,0x16B,0x17F,0x1A0,0x1A0,0x1A0,0x1A0,0x1A0,0x1A1,0x1A1,0x1A1,0x1A1,
    0x1A1,0x1AF,0x1AF,0x1AF,0x1AF,0x1AF,0x1B0,0x1B0,0x1B0,0x1B0,0x1B0,0x1B7,
    0x1EA,0x1EB,0x226,0x227,0x228,0x229,0x22E,0x22F,0x292,0x391,0x391,0x391,
    0x391,0x391,0x391,0x391,0x395,0x395,0x395,0x395,0x397,0x397,0x397,0x397,
    0x397,0x399,0x399,0x399,0x399,0x399,0x399,0x399,0x39F,0x39F,0x39F,0x39F,
    0x3A1,0x3A5,0x3A5,0x3A5,0x3A5,0x3A5,0x3A5,0x3A9,0x3A9,0x3A9,0x3A9,0x3A9,
    0x3AC,0x3AE,0x3B1,0x3B1,0x3B1,0x3B1,0x3B1,0x3B1,0x3B1,0x3B1,0x3B5,0x3B5,
    0x3B5,0x3B5,0x3B7,0x3B7,0x3B7,0x3B7,0x3B7,0x3B7,0x3B9,0x3B9,0x3B9,0x3B9,
    0x3B9,0x3B9,0x3B9,0x3B9,0x3BF,0x3BF,0x3BF,0x3BF,0x3C1,0x3C1,0x3C5,0x3C5,
    0x3C5,0x3C5,0x3C5,0x3C5,0x3C5,0x3C5,0x3C9,0x3C9,0x3C9,0x3C9,0x3C9,0x3C9,
    0x3CA,0x3CA,0x3CA,0x3CB,0x3CB,0x3CB,0x3CE,0x3D2,0x3D2,0x406,0x410,0x410,
    0x413,0x415,0x415,0x415,0x416,0x416,0x417,0x418,0x418,0x418,0x418,0x41A,
    0x41E,0x423,0x423,0x423,0x423,0x427,0x42B,0x42D,0x430,0x430,0x433,0x435,
    0x435,0x435,0x436,0x436,0x437,0x438,0x438,0x438,0x438,0x43A,0x43E,0x443,
    0x443,0x443,0x443,0x447,0x44B,0x44D,0x456,0x474,0x475,0x4D8,0x4D9,0x4E8,
    0x4E9,0x627,0x627,0x627,0x648,0x64A,0x6C1,0x6D2,0x6D5,0x928,0x930,0x933,
    0x9C7,0x9C7,0xB47,0xB47,0xB47,0xB92,0xBC6,0xBC6,0xBC7,0xC46,0xCBF,0xCC6,
    0xCC6,0xCC6,0xCCA,0xD46,0xD46,0xD47,0xDD9,0xDD9,0xDD9,0xDDC,0x1025,0x1B05,
    0x1B07,0x1B09,0x1B0B,0x1B0D,0x1B11,0x1B3A,0x1B3C,0x1B3E,0x1B3F,0x1B42,0x1E36,0x1E37,
    0x1E5A,0x1E5B,0x1E62,0x1E63,0x1EA0,0x1EA0,0x1EA1,0x1EA1,0x1EB8,0x1EB9,0x1ECC,0x1ECD,
    0x1F00,0x1F00,0x1F00,0x1F00,0x1F01,0x1F01,0x1F01,0x1F01,0x1F02,0x1F03,0x1F04,0x1F05,
    0x1F06,0x1F07,0x1F08,0x1F08,0x1F08,0x1F08,0x1F09,0x1F09,0x1F09,0x1F09,0x1F0A,0x1F0B,
    0x1F0C,0x1F0D,0x1F0E,0x1F0F,0x1F10,0x1F10,0x1F11,0x1F11,0x1F18,0x1F18,0x1F19,0x1F19,
    0x1F20,0x1F20,0x1F20,0x1F20,0x1F21,0x1F21,0x1F21,0x1F21,0x1F22,0x1F23,0x1F24,0x1F25,
    0x1F26,0x1F27,0x1F28,0x1F28,0x1F28,0x1F28,0x1F29,0x1F29,0x1F29,0x1F29,0x1F2A,0x1F2B,
    0x1F2C,0x1F2D,0x1F2E,0x1F2F,0x1F30,0x1F30,0x1F30,0x1F31,0x1F31,0x1F31,0x1F38,0x1F38,
    0x1F38,0x1F39,0x1F39,0x1F39,0x1F40,0x1F40,0x1F41,0x1F41,0x1F48,0x1F48,0x1F49,0x1F49,
    0x1F50,0x1F50,0x1F50,0x1F51,0x1F51,0x1F51,0x1F59,0x1F59,0x1F59,0x1F60,0x1F60,0x1F60,
    0x1F60,0x1F61,0x1F61,0x1F61,0x1F61,0x1F62,0x1F63,0x1F64,0x1F65,0x1F66,0x1F67,0x1F68,
    0x1F68,0x1F68,0x1F68,0x1F69,0x1F69,0x1F69,0x1F69,0x1F6A,0x1F6B,0x1F6C,0x1F6D,0x1F6E,
    0x1F6F,0x1F70,0x1F74,0x1F7C,0x1FB6,0x1FBF,0x1FBF,0x1FBF,0x1FC6,0x1FF6,0x1FFE,0x1FFE,
    0x1FFE,0x2190,0x2192,0x2194,0x21D0,0x21D2,0x21D4,0x2203,0x2208,0x220B,0x2223,0x2225,
    0x223C,0x2243,0x2245,0x2248,0x224D,0x2261,0x2264,0x2265,0x2272,0x2273,0x2276,0x2277,
    0x227A,0x227B,0x227C,0x227D,0x2282,0x2283,0x2286,0x2287,0x2291,0x2292,0x22A2,0x22A8,
    0x22A9,0x22AB,0x22B2,0x22B3,0x22B4,0x22B5,0x3046,0x304B,0x304D,0x304F,0x3051,0x3053,
    0x3055,0x3057,0x3059,0x305B,0x305D,0x305F,0x3061,0x3064,0x3066,0x3068,0x306F,0x306F,
    0x3072,0x3072,0x3075,0x3075,0x3078,0x3078,0x307B,0x307B,0x309D,0x30A6,0x30AB,0x30AD,
    0x30AF,0x30B1,0x30B3,0x30B5,0x30B7,0x30B9,0x30BB,0x30BD,0x30BF,0x30C1,0x30C4,0x30C6,
    0x30C8,0x30CF,0x30CF,0x30D2,0x30D2,0x30D5,0x30D5,0x30D8,0x30D8,0x30DB,0x30DB,0x30EF,
    0x30F0,0x30F1,0x30F2,0x30FD,0x11099,0x1109B,0x110A5,0x11131,0x11132,0x11347,0x11347,0x114B9,
    0x114B9,0x114B9,0x115B8,0x115B9,
};

static const uint32_t m2__ucomp_second[940] = {
    0x338,0x338,0x338,0x300,0x301,0x302,0x303,0x304,0x306,0x307,0x308,0x309,
    0x30A,0x30C,0x30F,0x311,0x323,0x325,0x328,0x307,0x323,0x331,0x301,0x302,
    0x307,0x30C,0x327,0x307,0x30C,0x323,0x327,0x32D,0x331,0x300,0x301,0x302,
    0x303,0x304,0x306,0x307,0x308,0x309,0x30C,0x30F,0x311,0x323,0x327,0x328,
    0x32D,0x330,0x307,0x301,0x302,0x304,0x306,0x307,0x30C,0x327,0x302,0x307,
    0x308,0x30C,0x323,0x327,0x32E,0x300,0x301,0x302,0x303,0x304,0x306,0x307,
    0x308,0x309,0x30C,0x30F,0x311,0x323,0x328,0x330,0x302,0x301,0x30C,0x323,
    0x327,0x331,0x301,0x30C,0x323,0x327,0x32D,0x331,0x301,0x307,0x323,0x300,
    0x301,0x303,0x307,0x30C,0x323,0x327,0x32D,0x331,0x300,0x301,0x302,0x303,
    0x304,0x306,0x307,0x308,0x309,0x30B,0x30C,0x30F,0x311,0x31B,0x323,0x328,
    0x301,0x307,0x301,0x307,0x30C,0x30F,0x311,0x323,0x327,0x331,0x301,0x302,
    0x307,0x30C,0x323,0x326,0x327,0x307,0x30C,0x323,0x326,0x327,0x32D,0x331,
    0x300,0x301,0x302,0x303,0x304,0x306,0x308,0x309,0x30A,0x30B,0x30C,0x30F,
    0x311,0x31B,0x323,0x324,0x328,0x32D,0x330,0x303,0x323,0x300,0x301,0x302,
    0x307,0x308,0x323,0x307,0x308,0x300,0x301,0x302,0x303,0x304,0x307,0x308,
    0x309,0x323,0x301,0x302,0x307,0x30C,0x323,0x331,0x300,0x301,0x302,0x303,
    0x304,0x306,0x307,0x308,0x309,0x30A,0x30C,0x30F,0x311,0x323,0x325,0x328,
    0x307,0x323,0x331,0x301,0x302,0x307,0x30C,0x327,0x307,0x30C,0x323,0x327,
    0x32D,0x331,0x300,0x301,0x302,0x303,0x304,0x306,0x307,0x308,0x309,0x30C,
    0x30F,0x311,0x323,0x327,0x328,0x32D,0x330,0x307,0x301,0x302,0x304,0x306,
    0x307,0x30C,0x327,0x302,0x307,0x308,0x30C,0x323,0x327,0x32E,0x331,0x300,
    0x301,0x302,0x303,0x304,0x306,0x308,0x309,0x30C,0x30F,0x311,0x323,0x328,
    0x330,0x302,0x30C,0x301,0x30C,0x323,0x327,0x331,0x301,0x30C,0x323,0x327,
    0x32D,0x331,0x301,0x307,0x323,0x300,0x301,0x303,0x307,0x30C,0x323,0x327,
    0x32D,0x331,0x300,0x301,0x302,0x303,0x304,0x306,0x307,0x308,0x309,0x30B,
    0x30C,0x30F,0x311,0x31B,0x323,0x328,0x301,0x307,0x301,0x307,0x30C,0x30F,
    0x311,0x323,0x327,0x331,0x301,0x302,0x307,0x30C,0x323,0x326,0x327,0x307,
    0x308,0x30C,0x323,0x326,0x327,0x32D,0x331,0x300,0x301,0x302,0x303,0x304,
    0x306,0x308,0x309,0x30A,0x30B,0x30C,0x30F,0x311,0x31B,0x323,0x324,0x328,
    0x32D,0x330,0x303,0x323,0x300,0x301,0x302,0x307,0x308,0x30A,0x323,0x307,
    0x308,0x300,0x301,0x302,0x303,0x304,0x307,0x308,0x309,0x30A,0x323,0x301,
    0x302,0x307,0x30C,0x323,0x331,0x300,0x301,0x342,0x300,0x301,0x303,0x309,
    0x304,0x301,0x301,0x304,0x301,0x300,0x301,0x303,0x309,0x301,0x300,0x301,
    0x303,0x309,0x301,0x304,0x308,0x304,0x301,0x300,0x301,0x304,0x30C,0x300,
    0x301,0x303,0x309,0x304,0x301,0x301,0x304,0x301,0x300,0x301,0x303,0x309,
    0x301,0x300,0x301,0x303,0x309,0x301,0x304,0x308,0x304,0x301,0x300,0x301,
    0x304,0x30C,0x300,0x301,0x303,0x309,0x300,0x301,0x303,0x309,0x300,0x301,
    0x300,0x301,0x300,0x301,0x300,0x301,0x307,0x307,0x307,0x307,0x301,0x301,
    0x308,0x308,0x307,0x300,0x301,0x303,0x309,0x323,0x300,0x301,0x303,0x309,
    0x323,0x300,0x301,0x303,0x309,0x323,0x300,0x301,0x303,0x309,0x323,0x30C,
    0x304,0x304,0x304,0x304,0x306,0x306,0x304,0x304,0x30C,0x300,0x301,0x304,
    0x306,0x313,0x314,0x345,0x300,0x301,0x313,0x314,0x300,0x301,0x313,0x314,
    0x345,0x300,0x301,0x304,0x306,0x308,0x313,0x314,0x300,0x301,0x313,0x314,
    0x314,0x300,0x301,0x304,0x306,0x308,0x314,0x300,0x301,0x313,0x314,0x345,
    0x345,0x345,0x300,0x301,0x304,0x306,0x313,0x314,0x342,0x345,0x300,0x301,
    0x313,0x314,0x300,0x301,0x313,0x314,0x342,0x345,0x300,0x301,0x304,0x306,
    0x308,0x313,0x314,0x342,0x300,0x301,0x313,0x314,0x313,0x314,0x300,0x301,
    0x304,0x306,0x308,0x313,0x314,0x342,0x300,0x301,0x313,0x314,0x342,0x345,
    0x300,0x301,0x342,0x300,0x301,0x342,0x345,0x301,0x308,0x308,0x306,0x308,
    0x301,0x300,0x306,0x308,0x306,0x308,0x308,0x300,0x304,0x306,0x308,0x301,
    0x308,0x304,0x306,0x308,0x30B,0x308,0x308,0x308,0x306,0x308,0x301,0x300,
    0x306,0x308,0x306,0x308,0x308,0x300,0x304,0x306,0x308,0x301,0x308,0x304,
    0x306,0x308,0x30B,0x308,0x308,0x308,0x308,0x30F,0x30F,0x308,0x308,0x308,
    0x308,0x653,0x654,0x655,0x654,0x654,0x654,0x654,0x654,0x93C,0x93C,0x93C,
    0x9BE,0x9D7,0xB3E,0xB56,0xB57,0xBD7,0xBBE,0xBD7,0xBBE,0xC56,0xCD5,0xCC2,
    0xCD5,0xCD6,0xCD5,0xD3E,0xD57,0xD3E,0xDCA,0xDCF,0xDDF,0xDCA,0x102E,0x1B35,
    0x1B35,0x1B35,0x1B35,0x1B35,0x1B35,0x1B35,0x1B35,0x1B35,0x1B35,0x1B35,0x304,0x304,
    0x304,0x304,0x307,0x307,0x302,0x306,0x302,0x306,0x302,0x302,0x302,0x302,
    0x300,0x301,0x342,0x345,0x300,0x301,0x342,0x345,0x345,0x345,0x345,0x345,
    0x345,0x345,0x300,0x301,0x342,0x345,0x300,0x301,0x342,0x345,0x345,0x345,
    0x345,0x345,0x345,0x345,0x300,0x301,0x300,0x301,0x300,0x301,0x300,0x301,
    0x300,0x301,0x342,0x345,0x300,0x301,0x342,0x345,0x345,0x345,0x345,0x345,
    0x345,0x345,0x300,0x301,0x342,0x345,0x300,0x301,0x342,0x345,0x345,0x345,
    0x345,0x345,0x345,0x345,0x300,0x301,0x342,0x300,0x301,0x342,0x300,0x301,
    0x342,0x300,0x301,0x342,0x300,0x301,0x300,0x301,0x300,0x301,0x300,0x301,
    0x300,0x301,0x342,0x300,0x301,0x342,0x300,0x301,0x342,0x300,0x301,0x342,
    0x345,0x300,0x301,0x342,0x345,0x345,0x345,0x345,0x345,0x345,0x345,0x300,
    0x301,0x342,0x345,0x300,0x301,0x342,0x345,0x345,0x345,0x345,0x345,0x345,
    0x345,0x345,0x345,0x345,0x345,0x300,0x301,0x342,0x345,0x345,0x300,0x301,
    0x342,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,
    0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,
    0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,0x338,
    0x338,0x338,0x338,0x338,0x338,0x338,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,
    0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x309A,
    0x3099,0x309A,0x3099,0x309A,0x3099,0x309A,0x3099,0x309A,0x3099,0x3099,0x3099,0x3099,
    0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,0x3099,
    0x3099,0x3099,0x309A,0x3099,0x309A,0x3099,0x309A,0x3099,0x309A,0x3099,0x309A,0x3099,
    0x3099,0x3099,0x3099,0x3099,0x110BA,0x110BA,0x110BA,0x11127,0x11127,0x1133E,0x11357,0x114B0,
    0x114BA,0x114BD,0x115AF,0x115AF,
};

static const uint32_t m2__ucomp_result[940] = {
    0x226E,0x2260,0x226F,0xC0,0xC1,0xC2,0xC3,0x100,0x102,0x226,0xC4,0x1EA2,
    0xC5,0x1CD,0x200,0x202,0x1EA0,0x1E00,0x104,0x1E02,0x1E04,0x1E06,0x106,0x108,
    0x10A,0x10C,0xC7,0x1E0A,0x10E,0x1E0C,0x1E10,0x1E12,0x1E0E,0xC8,0xC9,0xCA,
    0x1EBC,0x112,0x114,0x116,0xCB,0x1EBA,0x11A,0x204,0x206,0x1EB8,0x228,0x118,
    0x1E18,0x1E1A,0x1E1E,0x1F4,0x11C,0x1E20,0x11E,0x120,0x1E6,0x122,0x124,0x1E22,
    0x1E26,0x21E,0x1E24,0x1E28,0x1E2A,0xCC,0xCD,0xCE,0x128,0x12A,0x12C,0x130,
    0xCF,0x1EC8,0x1CF,0x208,0x20A,0x1ECA,0x12E,0x1E2C,0x134,0x1E30,0x1E8,0x1E32,
    0x136,0x1E34,0x139,0x13D,0x1E36,0x13B,0x1E3C,0x1E3A,0x1E3E,0x1E40,0x1E42,0x1F8,
    0x143,0xD1,0x1E44,0x147,0x1E46,0x145,0x1E4A,0x1E48,0xD2,0xD3,0xD4,0xD5,
    0x14C,0x14E,0x22E,0xD6,0x1ECE,0x150,0x1D1,0x20C,0x20E,0x1A0,0x1ECC,0x1EA,
    0x1E54,0x1E56,0x154,0x1E58,0x158,0x210,0x212,0x1E5A,0x156,0x1E5E,0x15A,0x15C,
    0x1E60,0x160,0x1E62,0x218,0x15E,0x1E6A,0x164,0x1E6C,0x21A,0x162,0x1E70,0x1E6E,
    0xD9,0xDA,0xDB,0x168,0x16A,0x16C,0xDC,0x1EE6,0x16E,0x170,0x1D3,0x214,
    0x216,0x1AF,0x1EE4,0x1E72,0x172,0x1E76,0x1E74,0x1E7C,0x1E7E,0x1E80,0x1E82,0x174,
    0x1E86,0x1E84,0x1E88,0x1E8A,0x1E8C,0x1EF2,0xDD,0x176,0x1EF8,0x232,0x1E8E,0x178,
    0x1EF6,0x1EF4,0x179,0x1E90,0x17B,0x17D,0x1E92,0x1E94,0xE0,0xE1,0xE2,0xE3,
    0x101,0x103,0x227,0xE4,0x1EA3,0xE5,0x1CE,0x201,0x203,0x1EA1,0x1E01,0x105,
    0x1E03,0x1E05,0x1E07,0x107,0x109,0x10B,0x10D,0xE7,0x1E0B,0x10F,0x1E0D,0x1E11,
    0x1E13,0x1E0F,0xE8,0xE9,0xEA,0x1EBD,0x113,0x115,0x117,0xEB,0x1EBB,0x11B,
    0x205,0x207,0x1EB9,0x229,0x119,0x1E19,0x1E1B,0x1E1F,0x1F5,0x11D,0x1E21,0x11F,
    0x121,0x1E7,0x123,0x125,0x1E23,0x1E27,0x21F,0x1E25,0x1E29,0x1E2B,0x1E96,0xEC,
    0xED,0xEE,0x129,0x12B,0x12D,0xEF,0x1EC9,0x1D0,0x209,0x20B,0x1ECB,0x12F,
    0x1E2D,0x135,0x1F0,0x1E31,0x1E9,0x1E33,0x137,0x1E35,0x13A,0x13E,0x1E37,0x13C,
    0x1E3D,0x1E3B,0x1E3F,0x1E41,0x1E43,0x1F9,0x144,0xF1,0x1E45,0x148,0x1E47,0x146,
    0x1E4B,0x1E49,0xF2,0xF3,0xF4,0xF5,0x14D,0x14F,0x22F,0xF6,0x1ECF,0x151,
    0x1D2,0x20D,0x20F,0x1A1,0x1ECD,0x1EB,0x1E55,0x1E57,0x155,0x1E59,0x159,0x211,
    0x213,0x1E5B,0x157,0x1E5F,0x15B,0x15D,0x1E61,0x161,0x1E63,0x219,0x15F,0x1E6B,
    0x1E97,0x165,0x1E6D,0x21B,0x163,0x1E71,0x1E6F,0xF9,0xFA,0xFB,0x169,0x16B,
    0x16D,0xFC,0x1EE7,0x16F,0x171,0x1D4,0x215,0x217,0x1B0,0x1EE5,0x1E73,0x173,
    0x1E77,0x1E75,0x1E7D,0x1E7F,0x1E81,0x1E83,0x175,0x1E87,0x1E85,0x1E98,0x1E89,0x1E8B,
    0x1E8D,0x1EF3,0xFD,0x177,0x1EF9,0x233,0x1E8F,0xFF,0x1EF7,0x1E99,0x1EF5,0x17A,
    0x1E91,0x17C,0x17E,0x1E93,0x1E95,0x1FED,0x385,0x1FC1,0x1EA6,0x1EA4,0x1EAA,0x1EA8,
    0x1DE,0x1FA,0x1FC,0x1E2,0x1E08,0x1EC0,0x1EBE,0x1EC4,0x1EC2,0x1E2E,0x1ED2,0x1ED0,
    0x1ED6,0x1ED4,0x1E4C,0x22C,0x1E4E,0x22A,0x1FE,0x1DB,0x1D7,0x1D5,0x1D9,0x1EA7,
    0x1EA5,0x1EAB,0x1EA9,0x1DF,0x1FB,0x1FD,0x1E3,0x1E09,0x1EC1,0x1EBF,0x1EC5,0x1EC3,
    0x1E2F,0x1ED3,0x1ED1,0x1ED7,0x1ED5,0x1E4D,0x22D,0x1E4F,0x22B,0x1FF,0x1DC,0x1D8,
    0x1D6,0x1DA,0x1EB0,0x1EAE,0x1EB4,0x1EB2,0x1EB1,0x1EAF,0x1EB5,0x1EB3,0x1E14,0x1E16,
    0x1E15,0x1E17,0x1E50,0x1E52,0x1E51,0x1E53,0x1E64,0x1E65,0x1E66,0x1E67,0x1E78,0x1E79,
    0x1E7A,0x1E7B,0x1E9B,0x1EDC,0x1EDA,0x1EE0,0x1EDE,0x1EE2,0x1EDD,0x1EDB,0x1EE1,0x1EDF,
    0x1EE3,0x1EEA,0x1EE8,0x1EEE,0x1EEC,0x1EF0,0x1EEB,0x1EE9,0x1EEF,0x1EED,0x1EF1,0x1EE,
    0x1EC,0x1ED,0x1E0,0x1E1,0x1E1C,0x1E1D,0x230,0x231,0x1EF,0x1FBA,0x386,0x1FB9,
    0x1FB8,0x1F08,0x1F09,0x1FBC,0x1FC8,0x388,0x1F18,0x1F19,0x1FCA,0x389,0x1F28,0x1F29,
    0x1FCC,0x1FDA,0x38A,0x1FD9,0x1FD8,0x3AA,0x1F38,0x1F39,0x1FF8,0x38C,0x1F48,0x1F49,
    0x1FEC,0x1FEA,0x38E,0x1FE9,0x1FE8,0x3AB,0x1F59,0x1FFA,0x38F,0x1F68,0x1F69,0x1FFC,
    0x1FB4,0x1FC4,0x1F70,0x3AC,0x1FB1,0x1FB0,0x1F00,0x1F01,0x1FB6,0x1FB3,0x1F72,0x3AD,
    0x1F10,0x1F11,0x1F74,0x3AE,0x1F20,0x1F21,0x1FC6,0x1FC3,0x1F76,0x3AF,0x1FD1,0x1FD0,
    0x3CA,0x1F30,0x1F31,0x1FD6,0x1F78,0x3CC,0x1F40,0x1F41,0x1FE4,0x1FE5,0x1F7A,0x3CD,
    0x1FE1,0x1FE0,0x3CB,0x1F50,0x1F51,0x1FE6,0x1F7C,0x3CE,0x1F60,0x1F61,0x1FF6,0x1FF3,
    0x1FD2,0x390,0x1FD7,0x1FE2,0x3B0,0x1FE7,0x1FF4,0x3D3,0x3D4,0x407,0x4D0,0x4D2,
    0x403,0x400,0x4D6,0x401,0x4C1,0x4DC,0x4DE,0x40D,0x4E2,0x419,0x4E4,0x40C,
    0x4E6,0x4EE,0x40E,0x4F0,0x4F2,0x4F4,0x4F8,0x4EC,0x4D1,0x4D3,0x453,0x450,
    0x4D7,0x451,0x4C2,0x4DD,0x4DF,0x45D,0x4E3,0x439,0x4E5,0x45C,0x4E7,0x4EF,
    0x45E,0x4F1,0x4F3,0x4F5,0x4F9,0x4ED,0x457,0x476,0x477,0x4DA,0x4DB,0x4EA,
    0x4EB,0x622,0x623,0x625,0x624,0x626,0x6C2,0x6D3,0x6C0,0x929,0x931,0x934,
    0x9CB,0x9CC,0xB4B,0xB48,0xB4C,0xB94,0xBCA,0xBCC,0xBCB,0xC48,0xCC0,0xCCA,
    0xCC7,0xCC8,0xCCB,0xD4A,0xD4C,0xD4B,0xDDA,0xDDC,0xDDE,0xDDD,0x1026,0x1B06,
    0x1B08,0x1B0A,0x1B0C,0x1B0E,0x1B12,0x1B3B,0x1B3D,0x1B40,0x1B41,0x1B43,0x1E38,0x1E39,
    0x1E5C,0x1E5D,0x1E68,0x1E69,0x1EAC,0x1EB6,0x1EAD,0x1EB7,0x1EC6,0x1EC7,0x1ED8,0x1ED9,
    0x1F02,0x1F04,0x1F06,0x1F80,0x1F03,0x1F05,0x1F07,0x1F81,0x1F82,0x1F83,0x1F84,0x1F85,
    0x1F86,0x1F87,0x1F0A,0x1F0C,0x1F0E,0x1F88,0x1F0B,0x1F0D,0x1F0F,0x1F89,0x1F8A,0x1F8B,
    0x1F8C,0x1F8D,0x1F8E,0x1F8F,0x1F12,0x1F14,0x1F13,0x1F15,0x1F1A,0x1F1C,0x1F1B,0x1F1D,
    0x1F22,0x1F24,0x1F26,0x1F90,0x1F23,0x1F25,0x1F27,0x1F91,0x1F92,0x1F93,0x1F94,0x1F95,
    0x1F96,0x1F97,0x1F2A,0x1F2C,0x1F2E,0x1F98,0x1F2B,0x1F2D,0x1F2F,0x1F99,0x1F9A,0x1F9B,
    0x1F9C,0x1F9D,0x1F9E,0x1F9F,0x1F32,0x1F34,0x1F36,0x1F33,0x1F35,0x1F37,0x1F3A,0x1F3C,
    0x1F3E,0x1F3B,0x1F3D,0x1F3F,0x1F42,0x1F44,0x1F43,0x1F45,0x1F4A,0x1F4C,0x1F4B,0x1F4D,
    0x1F52,0x1F54,0x1F56,0x1F53,0x1F55,0x1F57,0x1F5B,0x1F5D,0x1F5F,0x1F62,0x1F64,0x1F66,
    0x1FA0,0x1F63,0x1F65,0x1F67,0x1FA1,0x1FA2,0x1FA3,0x1FA4,0x1FA5,0x1FA6,0x1FA7,0x1F6A,
    0x1F6C,0x1F6E,0x1FA8,0x1F6B,0x1F6D,0x1F6F,0x1FA9,0x1FAA,0x1FAB,0x1FAC,0x1FAD,0x1FAE,
    0x1FAF,0x1FB2,0x1FC2,0x1FF2,0x1FB7,0x1FCD,0x1FCE,0x1FCF,0x1FC7,0x1FF7,0x1FDD,0x1FDE,
    0x1FDF,0x219A,0x219B,0x21AE,0x21CD,0x21CF,0x21CE,0x2204,0x2209,0x220C,0x2224,0x2226,
    0x2241,0x2244,0x2247,0x2249,0x226D,0x2262,0x2270,0x2271,0x2274,0x2275,0x2278,0x2279,
    0x2280,0x2281,0x22E0,0x22E1,0x2284,0x2285,0x2288,0x2289,0x22E2,0x22E3,0x22AC,0x22AD,
    0x22AE,0x22AF,0x22EA,0x22EB,0x22EC,0x22ED,0x3094,0x304C,0x304E,0x3050,0x3052,0x3054,
    0x3056,0x3058,0x305A,0x305C,0x305E,0x3060,0x3062,0x3065,0x3067,0x3069,0x3070,0x3071,
    0x3073,0x3074,0x3076,0x3077,0x3079,0x307A,0x307C,0x307D,0x309E,0x30F4,0x30AC,0x30AE,
    0x30B0,0x30B2,0x30B4,0x30B6,0x30B8,0x30BA,0x30BC,0x30BE,0x30C0,0x30C2,0x30C5,0x30C7,
    0x30C9,0x30D0,0x30D1,0x30D3,0x30D4,0x30D6,0x30D7,0x30D9,0x30DA,0x30DC,0x30DD,0x30F7,
    0x30F8,0x30F9,0x30FA,0x30FE,0x1109A,0x1109C,0x110AB,0x1112E,0x1112F,0x1134B,0x1134C,0x114BC,
    0x114BB,0x114BE,0x115BA,0x115BB,
};
/* M2_UNICODE_TABLES_END */

// >>tokenizer
/* ------------------------------------------------------------------------------------
   BPE as Hugging Face `tokenizers` 0.23.2 runs a tokenizer.json. tok_version 1: byte-level BPE
   with the GPT-2 regex by hand; tok_version 2: the pipeline the converter compiled (normalizer,
   pre-tokenizer and decoder steps, Split regexes for the Pike VM, BPE options, post-processor).

   Encoding pipeline, in the reference's order (tokenizer/mod.rs encode_single_sequence,
   added_vocabulary.rs extract_and_normalize):
     0. invalid UTF-8 -> U+FFFD per maximal subpart (what String::from_utf8_lossy / a JS string give)
     1. added tokens with normalized=false are split out of the RAW text (leftmost-longest)
     2. each remaining piece is normalised (version 1: NFC if the file says so)
     3. added tokens with normalized=true are split out of the normalised piece
     4. each remaining piece is pre-tokenised (version 1: add_prefix_space, then the GPT-2 regex),
        then BPE per pre-token; M2_TOKENIZE_ADD_SPECIAL puts the post-processor's ids around it all
   Each stage works on one piece at a time in the caller's m2_tokenize_work; the model's tokenizer
   is read-only after m2__tokenizer_load, so one model serves any number of threads.

   Needs the Unicode tables just above (generated by tools/gen_unicode_tables.py). */

#define M2__TOK_SPECIAL     1u  /* added-token flags, README.md, File format §3 */
#define M2__TOK_NORMALIZED  2u
#define M2__TOK_SINGLE_WORD 4u
#define M2__TOK_LSTRIP      8u
#define M2__TOK_RSTRIP      16u
#define M2__TOK_ADD_PREFIX_SPACE 1u /* section flags */
#define M2__TOK_IGNORE_MERGES    2u
#define M2__TOK2_BYTE_LEVEL      1u /* tok_version 2 flags */
#define M2__TOK2_IGNORE_MERGES   2u
#define M2__TOK2_BYTE_FALLBACK   4u
#define M2__TOK2_FUSE_UNK        8u
#define M2__TOK_MAX_OPS 16          /* steps of one program (tools/convert.py refuses more) */
/* tok_version 2 program steps (README.md, File format §3; tools/convert.py TN_ / TP_ / TD_) */
#define M2__TN_NFC 1
#define M2__TN_NFD 2
#define M2__TN_NFKC 3
#define M2__TN_NFKD 4
#define M2__TN_LOWER 5
#define M2__TN_PREPEND 6
#define M2__TN_REPLACE 7
#define M2__TN_STRIP 8
#define M2__TP_SPLIT 1
#define M2__TP_PREFIX_SPACE 2
#define M2__TP_METASPACE 3
#define M2__TD_BYTELEVEL 1
#define M2__TD_BYTEFALLBACK 2
#define M2__TD_FUSE 3
#define M2__TD_STRIP 4
#define M2__TD_REPLACE 5
#define M2__TD_METASPACE 6
#define M2__TD_JOIN 7
/* regex instructions (tools/convert.py RX_*) */
#define M2__RX_MATCH 0
#define M2__RX_CHAR 1
#define M2__RX_CLASS 2
#define M2__RX_ANY 3
#define M2__RX_SPLIT 4
#define M2__RX_JMP 5
#define M2__RX_LOOK 6
#define M2__RX_ASSERT 7
#define M2__RX_MAX_INST 65536


/* Bounded: at 16 bytes a pre-token is almost always a whole word (the cache is for the Zipf head);
   7 ids covers nearly all of those. Sets of 2 slots, the most recently used first, so a frequent
   word is not thrown out by one rare word of the same hash: 65536 slots * 48 bytes = 3 MiB per
   work area. A book has some 25k distinct pre-tokens (" the", "The", "the,"...): 4096
   direct-mapped slots missed one in ten even on a second pass, and each miss costs a merge. */
#ifndef MAMBA2_TOKENIZER_CACHE_SLOTS
#define MAMBA2_TOKENIZER_CACHE_SLOTS 65536
#endif
#if MAMBA2_TOKENIZER_CACHE_SLOTS < 2 || (MAMBA2_TOKENIZER_CACHE_SLOTS & (MAMBA2_TOKENIZER_CACHE_SLOTS - 1)) != 0
#error "MAMBA2_TOKENIZER_CACHE_SLOTS must be a power of two, at least 2"
#endif
#define M2__TOK_CACHE_SLOTS MAMBA2_TOKENIZER_CACHE_SLOTS
#define M2__TOK_CACHE_KEY   16
#define M2__TOK_CACHE_IDS   7
/* Below this many symbols the plain "scan for the lowest rank" loop beats a heap. */
#define M2__TOK_BPE_SMALL 24
/* Words longer than this (bytes) are cut where no merge can join the two sides, if the file allows */
#define M2__TOK_CUT_MIN 32
/* m2_tokenize_work.plain: turn a fast path off, so tests can hold it to the plain one */
#define M2__TOKW_NO_CACHE 1u /* the word cache */
#define M2__TOKW_NO_CUT   2u /* cutting long words at junctions no merge spans */
#define M2__TOKW_NO_DFA   4u /* the regex DFA (the Pike VM runs every search) */

typedef struct m2__tok_merge {
    uint32_t rank; /* 0xFFFFFFFF: no merge */
    int32_t merged;
} m2__tok_merge;

typedef struct m2__tok_trie_node {
    int32_t child, sibling; /* first child / next sibling, -1 = none */
    int32_t added;          /* index into m2__tokenizer.added of the token ending here, -1 = none */
    unsigned char byte;
} m2__tok_trie_node;

/* Matcher for one set of added tokens (the raw set or the normalised set). */
typedef struct m2__tok_trie {
    int32_t root[256]; /* node for the first byte, -1 = no token starts with it */
    m2__tok_trie_node *nodes;
    size_t n_nodes;
} m2__tok_trie;

typedef struct m2__tok_fix {
    uint32_t id, off, len; /* bytes dec_pool[off .. off + len) */
} m2__tok_fix;

typedef struct m2__rx_inst { uint32_t op, x, y; } m2__rx_inst;
typedef struct m2__rx_range { uint32_t lo, hi; } m2__rx_range;
typedef struct m2__rx_class {
    uint32_t neg, cats, first, n; /* cats: a bit per general category, 30 White_Space, 31 \w */
    uint64_t ascii[2];            /* membership of U+0000..U+007F, negation applied */
} m2__rx_class;
typedef struct m2__rx {
    uint32_t n_inst, n_class, n_range;
    m2__rx_inst *inst;
    m2__rx_class *cls;
    m2__rx_range *ranges;
    /* When what pc 0 reaches without consuming has no assertion, the threads a start at an ASCII
       character c can keep: start_pcs[start_off[c] .. start_off[c + 1]), in priority order */
    int start_static;
    uint32_t start_off[129];
    uint32_t *start_pcs;
} m2__rx;

typedef struct m2__tok_added {
    const unsigned char *text; /* what is matched: the content, NFC-normalised if normalized=1 */
    uint32_t len;
    uint32_t flags;
    int32_t id;
} m2__tok_added;

struct m2__tokenizer {
    uint32_t n_vocab, n_merges, n_added;
    uint32_t flags;      /* M2__TOK_ADD_PREFIX_SPACE | M2__TOK_IGNORE_MERGES */
    uint32_t normalizer; /* 0 none, 1 NFC */
    int32_t eos_id;
    int32_t byte_to_id[256];
    const unsigned char *offsets; /* (n_vocab + 1) little-endian u32, inside the mapped file */
    const unsigned char *blob;
    uint64_t fingerprint; /* of the whole section: tells a work area's word cache whose it is */
    uint32_t *merges;      /* open addressing on (left, right): the rank, 0xFFFFFFFF = empty */
    uint32_t merge_mask;
    const unsigned char *merge_list; /* the section's (left, right, merged) x n_merges, by rank */
    int32_t *vocab_hash;   /* ignore_merges only: token bytes -> id, -1 = empty */
    uint32_t vocab_mask;
    m2__tok_added *added;
    unsigned char *added_text; /* the NFC'd contents of normalized tokens */
    m2__tok_trie trie_raw, trie_norm;
    /* Added tokens whose decoded bytes are not their content (m2__tok_decode_fixups), by id. */
    uint32_t n_dec;
    m2__tok_fix *dec;
    unsigned char *dec_pool;
    unsigned char ascii_prop[128];
    /* tok_version 2 (pointers into the section unless noted) */
    uint32_t version, v2flags;
    int32_t unk_id, bos_id, sub_str, suf_str; /* string indices: -1 = none */
    uint32_t n_strings, chat_str;
    const unsigned char **str; uint32_t *str_len; /* allocated */
    uint32_t n_rx, max_inst;
    m2__rx *rx;                                   /* allocated */
    uint32_t n_norm, n_pre, n_decop, n_post_pre, n_post_suf;
    const unsigned char *norm_ops, *pre_ops, *dec_ops, *post;
    int32_t byte_fb[256];  /* id of "<0xNN>", -1 = none */
    int32_t ascii_id[128]; /* id of each ASCII character's token */
    uint32_t *sp_off; unsigned char *sp_pool; size_t sp_cap; /* decoded piece per id (not byte-level) */
    const unsigned char *chat; uint32_t chat_len; /* chat template, NULL = none */
    uint32_t n_named;
    const unsigned char *named; /* n_named x (u32 name string, u32 text string, i32 id) */
    uint32_t n_decode_only;
    const unsigned char *decode_only; /* ids kept out of the lookup tables (u32 each) */
    /* Where a long word may be cut (m2__tok_bpe2_long): (last character of left, first character
       of right) of every merge, packed by m2__tok_junction_key; open addressing, 0 = empty.
       NULL when the file gives no such guarantee (byte-level, subword prefix or suffix, a merge
       whose result is not the concatenation of its parts). */
    uint64_t *junction;
    uint32_t junction_mask;
    int junction_zero; /* the key 0 (two NUL characters) is a junction */
};

typedef struct m2__tok_cache_slot {
    unsigned char klen, nids; /* klen 0 = empty */
    unsigned char key[M2__TOK_CACHE_KEY];
    int32_t ids[M2__TOK_CACHE_IDS];
} m2__tok_cache_slot;

typedef struct m2__bpe_sym {
    int32_t id, prev, next; /* id -1: merged into its left neighbour */
} m2__bpe_sym;

typedef uint64_t m2__bpe_node; /* rank << 32 | position: one compare orders by rank, then leftmost */

/* A DFA built lazily over one regex's Pike VM (m2__rx_dfa_find): a state is the ordered list of
   instructions the threads are at, a transition its successor on one character, computed once.
   Bounded: when full it is emptied and rebuilt from what the text needs next. */
#define M2__DFA_STATES 256
#define M2__DFA_POOL   16384 /* instructions in all state lists */
#define M2__DFA_COLS   129   /* ASCII, and the end of the text; other characters are not cached */
typedef struct m2__rx_dfa {
    uint32_t n_states, pool_n;
    int off_vm;        /* the program has an assertion the DFA does not model: the VM runs it */
    uint32_t *trans;   /* (M2__DFA_STATES, M2__DFA_COLS): 0 = not built, else (next + 1) << 1 | match */
    uint32_t *off;     /* (M2__DFA_STATES + 1): state k's list is pool[off[k] .. off[k + 1]) */
    uint32_t *pool;    /* (M2__DFA_POOL) */
    int32_t *table;    /* (2 * M2__DFA_STATES): state ids by the hash of their list, -1 = empty */
} m2__rx_dfa;

struct m2_tokenize_work {
    m2_allocator alloc;
    uint64_t cache_owner; /* fingerprint of the tokenizer the cache was filled for, 0 = none */
    m2__tok_cache_slot *cache;
    unsigned char *clean; size_t clean_cap; /* input with invalid UTF-8 replaced            */
    unsigned char *norm; size_t norm_cap;   /* NFC output of one piece                      */
    uint32_t *cps; size_t cps_cap;          /* one NFC region, decomposed (2x: sort scratch) */
    unsigned char *pre; size_t pre_cap;     /* piece with the prefix space (add_prefix_space) */
    m2__bpe_sym *sym; size_t sym_cap;
    m2__bpe_node *heap; size_t heap_cap;
    /* tok_version 2: 0-1 normalizer, 2 symbol keys, 3.. one per pre-tokenizer step */
    unsigned char *tb[3 + M2__TOK_MAX_OPS]; size_t tb_cap[3 + M2__TOK_MAX_OPS];
    uint32_t *rx_mark; size_t rx_mark_cap; uint32_t rx_gen;
    uint32_t *rx_list; size_t rx_list_cap;
    uint32_t *rx_stack; size_t rx_stack_cap;
    m2__rx_dfa *dfa; uint32_t n_dfa; /* one per regex of the tokenizer the cache belongs to */
    /* the output of the call in progress */
    int32_t *ids; size_t cap, n;
    unsigned flags;
    unsigned plain; /* M2__TOKW_*: fast paths turned off (tests) */
};

/* ---- small helpers ---- */

static uint32_t m2__tok_rd32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned m2__uprop(uint32_t cp) {
    unsigned b1 = m2__uprop_s1[cp >> (M2__UPROP_SHIFT_A + M2__UPROP_SHIFT_B)];
    unsigned b2 = m2__uprop_s2[(b1 << M2__UPROP_SHIFT_B) | ((cp >> M2__UPROP_SHIFT_A) & ((1u << M2__UPROP_SHIFT_B) - 1))];
    return m2__uprop_s3[(b2 << M2__UPROP_SHIFT_A) | (cp & ((1u << M2__UPROP_SHIFT_A) - 1))];
}

static unsigned m2__uccc(uint32_t cp) {
    size_t lo = 0, hi = M2__UCCC_N;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t c = m2__uccc_tab[mid] >> 8;
        if (c == cp) return m2__uccc_tab[mid] & 0xFF;
        if (c < cp) lo = mid + 1; else hi = mid;
    }
    return 0;
}


/* splitmix64's finalizer: every input bit moves every output bit. The hash tables below are built
   from a file, which may be hostile: with a hash that is linear in its input (a multiplicative one,
   or FNV without a finalizer) a file can choose ids or strings that all land in one slot. */
static uint64_t m2__tok_mix64(uint64_t x) {
    x ^= x >> 30; x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27; x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

static uint64_t m2__tok_hash_bytes(const unsigned char *s, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a: token strings are short */
    size_t i;
    for (i = 0; i < n; i++) { h ^= s[i]; h *= 0x100000001b3ull; }
    return m2__tok_mix64(h);
}

static uint64_t m2__tok_fingerprint(const unsigned char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    size_t i;
    for (i = 0; i + 8 <= n; i += 8) {
        h = (h ^ (m2__tok_rd32(p + i) | (uint64_t)m2__tok_rd32(p + i + 4) << 32)) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return h | 1; /* never 0, which marks an empty cache */
}

static uint32_t m2__tok_hash_pair(uint32_t a, uint32_t b) {
    return (uint32_t)m2__tok_mix64((uint64_t)a << 32 | b);
}

/* A lookup walks one run of occupied slots. Genuine tables (load <= 1/2, the hashes above) have
   runs of tens of slots; a section whose keys make a run longer than this is refused at load, so
   no insertion or lookup ever walks more: a hostile file costs linear time, not quadratic. */
#define M2__TOK_MAX_RUN 1024
/* the longest run of slots with used(i) != 0 in a table of cap (a power of 2) slots, at most
   M2__TOK_MAX_RUN + 1 */
#define M2__TOK_LONGEST_RUN(cap, used_i, out) do { \
        size_t s_ = 0, j_, run_ = 0, i; \
        (out) = 0; \
        for (i = 0; i < (cap) && (used_i); i++) s_++; \
        for (j_ = 1; j_ <= (cap) && (out) <= M2__TOK_MAX_RUN; j_++) { \
            i = (s_ + j_) & ((cap) - 1); \
            run_ = (used_i) ? run_ + 1 : 0; \
            if (run_ > (out)) (out) = run_; \
        } \
    } while (0)

/* Grow a work buffer to hold at least `need` elements, keeping the first `keep`. Amortised
   doubling, so a work area reaches the size of the longest text it has seen and stays there.
   Returns the buffer (the old one if it was big enough), NULL if out of memory (the old one is
   then left as it was). */
static void *m2__tok_grow(const m2_allocator *a, void *buf, size_t *cap, size_t need, size_t elem, size_t keep) {
    size_t ncap;
    void *p;
    if (need <= *cap && buf) return buf;
    ncap = *cap * 2 > need ? *cap * 2 : need;
    if (ncap < 64) ncap = 64;
    if (ncap > (size_t)-1 / elem) {
        if (need > (size_t)-1 / elem) return NULL;
        ncap = need;
    }
    p = m2__alloc(a, ncap * elem);
    if (!p) return NULL;
    if (keep && buf) memcpy(p, buf, keep * elem);
    if (buf) m2__free(a, buf);
    *cap = ncap;
    return p;
}

/* Typed wrapper (C++ needs the cast); returns from the calling function when out of memory. */
#define M2__TOK_GROW(w, field, T, need, keep) do { \
        void *p_ = m2__tok_grow(&(w)->alloc, (w)->field, &(w)->field##_cap, (need), sizeof(T), (keep)); \
        if (!p_) return M2_ERR_OUT_OF_MEMORY; \
        (w)->field = (T *)p_; \
    } while (0)

static const unsigned char *m2__tok_token(const struct m2__tokenizer *t, uint32_t id, size_t *len) {
    uint32_t a = m2__tok_rd32(t->offsets + 4 * (size_t)id), b = m2__tok_rd32(t->offsets + 4 * (size_t)id + 4);
    *len = b - a;
    return t->blob + a;
}

/* What decoding shows for a token: its bytes, or an added token's fix-up. */
static const unsigned char *m2__tok_decode_piece(const struct m2__tokenizer *t, uint32_t id, size_t *len) {
    if (t->n_dec && id >= t->dec[0].id && id <= t->dec[t->n_dec - 1].id) {
        size_t lo = 0, hi = t->n_dec;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (t->dec[mid].id < id) lo = mid + 1; else hi = mid;
        }
        if (lo < t->n_dec && t->dec[lo].id == id) {
            *len = t->dec[lo].len;
            return t->dec_pool + t->dec[lo].off;
        }
    }
    return m2__tok_token(t, id, len);
}

/* The table holds only ranks (4 bytes a slot); the pair and its result are read from the section. */
static m2__tok_merge m2__tok_merge_find(const struct m2__tokenizer *t, uint32_t a, uint32_t b) {
    uint32_t i = m2__tok_hash_pair(a, b) & t->merge_mask;
    m2__tok_merge m;
    for (;;) {
        uint32_t r = t->merges[i];
        const unsigned char *e = t->merge_list + 12 * (size_t)r;
        if (r == 0xFFFFFFFFu) { m.rank = r; m.merged = -1; return m; }
        if (m2__tok_rd32(e) == a && m2__tok_rd32(e + 4) == b) { m.rank = r; m.merged = (int32_t)m2__tok_rd32(e + 8); return m; }
        i = (i + 1) & t->merge_mask;
    }
}

/* ---- NFC (UAX #15), on the Unicode data of the tables above ---- */

#define M2__HANGUL_S0 0xAC00u
#define M2__HANGUL_L0 0x1100u
#define M2__HANGUL_V0 0x1161u
#define M2__HANGUL_T0 0x11A7u
#define M2__HANGUL_SN 11172u

static uint32_t m2__nfc_compose(uint32_t a, uint32_t b) {
    size_t lo = 0, hi = M2__UCOMP_N;
    /* Hangul is algorithmic (Unicode 3.12): L+V -> LV, LV+T -> LVT. */
    if (a - M2__HANGUL_L0 < 19 && b - M2__HANGUL_V0 < 21)
        return M2__HANGUL_S0 + ((a - M2__HANGUL_L0) * 21 + (b - M2__HANGUL_V0)) * 28;
    if (a - M2__HANGUL_S0 < M2__HANGUL_SN && (a - M2__HANGUL_S0) % 28 == 0 && b - M2__HANGUL_T0 - 1 < 27)
        return a + (b - M2__HANGUL_T0);
    if (!(m2__uprop(b) & M2__UP_SECOND)) return 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint32_t f = m2__ucomp_first[mid], s = m2__ucomp_second[mid];
        if (f == a && s == b) return m2__ucomp_result[mid];
        if (f < a || (f == a && s < b)) lo = mid + 1; else hi = mid;
    }
    return 0;
}

/* Code points are packed with their combining class: cp | ccc << 24. */
#define M2__NFC_CCC(x) ((x) >> 24)
#define M2__NFC_CP(x) ((x) & 0xFFFFFFu)

static size_t m2__nfc_decompose(uint32_t c, uint32_t *o) {
    unsigned p;
    if (c - M2__HANGUL_S0 < M2__HANGUL_SN) {
        uint32_t s = c - M2__HANGUL_S0, t = s % 28;
        o[0] = M2__HANGUL_L0 + s / 588;
        o[1] = M2__HANGUL_V0 + (s % 588) / 28;
        if (t) { o[2] = M2__HANGUL_T0 + t; return 3; }
        return 2;
    }
    p = c < 128 ? 0 : m2__uprop(c);
    if (p & M2__UP_DECOMP) {
        size_t lo = 0, hi = M2__UDEC_N;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (m2__udec_cp[mid] < c) lo = mid + 1; else hi = mid;
        }
        if (lo < M2__UDEC_N && m2__udec_cp[lo] == c) {
            unsigned info = m2__udec_info[lo], n = (info & 3) + 1, i;
            for (i = 0; i < n; i++) {
                uint32_t d = m2__udec_pool[(info >> 2) + i];
                o[i] = d | (uint32_t)((m2__uprop(d) & M2__UP_CCC) ? m2__uccc(d) : 0) << 24;
            }
            return n;
        }
    }
    o[0] = c | (uint32_t)((p & M2__UP_CCC) ? m2__uccc(c) : 0) << 24;
    return 1;
}

/* Stable sort of a run of non-starters by combining class. Runs are short in real text; a long
   run (a hostile string of marks) takes the counting sort, so this stays linear. */
static void m2__nfc_sort(uint32_t *a, size_t n, uint32_t *tmp) {
    size_t i, j;
    if (n <= 32) {
        for (i = 1; i < n; i++) {
            uint32_t x = a[i];
            for (j = i; j > 0 && M2__NFC_CCC(a[j - 1]) > M2__NFC_CCC(x); j--) a[j] = a[j - 1];
            a[j] = x;
        }
    } else {
        size_t count[257];
        memset(count, 0, sizeof count);
        for (i = 0; i < n; i++) count[M2__NFC_CCC(a[i]) + 1]++;
        for (i = 1; i < 257; i++) count[i] += count[i - 1];
        for (i = 0; i < n; i++) tmp[count[M2__NFC_CCC(a[i])]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
}

/* Normalise one region s[0..n) (valid UTF-8 that begins at a character NFC may change across) and
   append it to w->norm at *on. */
static size_t m2__nfkd_decompose(uint32_t c, uint32_t *o);
static m2_result m2__nfc_region_mode(m2_tokenize_work *w, const unsigned char *s, size_t n, size_t *on, int compose, int compat);
static m2_result m2__nfc_region(m2_tokenize_work *w, const unsigned char *s, size_t n, size_t *on) {
    return m2__nfc_region_mode(w, s, n, on, 1, 0);
}

/* The same for any of the four forms: decomposition canonical or compatibility (NFKD: at most 18
   code points per character of 3 bytes, so 6 per byte), composition or not. */
static m2_result m2__nfc_region_mode(m2_tokenize_work *w, const unsigned char *s, size_t n, size_t *on, int compose, int compat) {
    size_t i, m = 0, k, len, starter = 0, per = compat ? 6 : 4;
    unsigned last;
    uint32_t *c;
    if (n > (size_t)-1 / (8 * per)) return M2_ERR_OUT_OF_MEMORY;
    M2__TOK_GROW(w, cps, uint32_t, 2 * per * n + 32, 0);
    c = w->cps;
    for (i = 0; i < n; i += len) {
        uint32_t ch = m2__utf8_get(s + i, &len);
        m += compat ? m2__nfkd_decompose(ch, c + m) : m2__nfc_decompose(ch, c + m);
    }
    for (i = 0; i < m;) { /* canonical ordering */
        if (!M2__NFC_CCC(c[i])) { i++; continue; }
        for (k = i + 1; k < m && M2__NFC_CCC(c[k]); k++) {}
        if (k - i > 1) m2__nfc_sort(c + i, k - i, c + per * n + 16);
        i = k;
    }
    if (!compose) k = m;
    else {
    /* canonical composition, as the UAX #15 sample: a starter absorbs each following character
       it composes with unless something between them blocks it (a class >= the character's, or
       any starter). 256 = the text begins with a non-starter, which composes with nothing. */
    last = m && M2__NFC_CCC(c[0]) ? 256 : 0;
    for (i = k = 1; i < m; i++) {
        unsigned cc = M2__NFC_CCC(c[i]);
        uint32_t comp = (last < cc || last == 0) ? m2__nfc_compose(M2__NFC_CP(c[starter]), M2__NFC_CP(c[i])) : 0;
        if (comp) {
            c[starter] = comp; /* a primary composite is a starter */
            continue;
        }
        if (!cc) starter = k;
        last = cc;
        c[k++] = c[i];
    }
    }
    if (m) m = k;
    if (*on > (size_t)-1 - 4 * m) return M2_ERR_OUT_OF_MEMORY;
    M2__TOK_GROW(w, norm, unsigned char, *on + 4 * m, *on);
    for (i = 0; i < m; i++) *on += m2__utf8_put(w->norm + *on, M2__NFC_CP(c[i]));
    return M2_OK;
}

/* NFC of s[0..n), valid UTF-8. Text that passes the quick check (NFC_QC=Yes, class 0 everywhere:
   all ASCII, most text) comes back as is, without a copy; otherwise only the regions around the
   characters that need it are normalised. A region runs from the last safe character before the
   first unsafe one (it may compose with what follows) to the next safe character: NFC never acts
   across a safe character (UAX #15 section 9.1), so the regions are independent. */
static m2_result m2__nfc(m2_tokenize_work *w, const unsigned char *s, size_t n,
                         const unsigned char **out, size_t *out_n) {
    size_t i = 0, prev = 0, done = 0, on = 0, len;
    int any = 0, have_prev = 0;
    m2_result r;
    while (i < n) {
        uint32_t cp;
        size_t a, b;
        if (s[i] < 0x80) { prev = i; have_prev = 1; i++; continue; }
        cp = m2__utf8_get(s + i, &len);
        if (m2__uprop(cp) & M2__UP_NFC_SAFE) { prev = i; have_prev = 1; i += len; continue; }
        a = have_prev && prev >= done ? prev : i; /* the region starts at the safe character before */
        for (b = i + len; b < n; b += len) {
            if (s[b] < 0x80) break;
            cp = m2__utf8_get(s + b, &len);
            if (m2__uprop(cp) & M2__UP_NFC_SAFE) break;
        }
        if (!any) {
            M2__TOK_GROW(w, norm, unsigned char, n + 16, 0);
            any = 1;
        }
        M2__TOK_GROW(w, norm, unsigned char, on + (a - done), on);
        memcpy(w->norm + on, s + done, a - done);
        on += a - done;
        r = m2__nfc_region(w, s + a, b - a, &on);
        if (r != M2_OK) return r;
        done = i = b;
        have_prev = 0;
    }
    if (!any) { *out = s; *out_n = n; return M2_OK; }
    M2__TOK_GROW(w, norm, unsigned char, on + (n - done), on);
    memcpy(w->norm + on, s + done, n - done);
    *out = w->norm;
    *out_n = on + (n - done);
    return M2_OK;
}

/* ---- BPE ---- */

static void m2__tok_emit(m2_tokenize_work *w, int32_t id) {
    if (w->n < w->cap) w->ids[w->n] = id;
    w->n++;
}

/* A 4-ary heap: half the depth of a binary one, and the four children of a node share a cache
   line, which matters once a long word's heap no longer fits in cache. */
static void m2__bpe_heap_push(m2__bpe_node *h, size_t *n, m2__bpe_node x) {
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (h[p] < x) break;
        h[i] = h[p];
        i = p;
    }
    h[i] = x;
}

static void m2__bpe_heap_down(m2__bpe_node *h, size_t m, size_t i) {
    m2__bpe_node x = h[i];
    for (;;) {
        size_t c = 4 * i + 1, k, e;
        if (c >= m) break;
        e = c + 4 < m ? c + 4 : m;
        for (k = c + 1; k < e; k++)
            if (h[k] < h[c]) c = k;
        if (x < h[c]) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

static m2__bpe_node m2__bpe_heap_pop(m2__bpe_node *h, size_t *n) {
    m2__bpe_node top = h[0];
    h[0] = h[--*n];
    if (*n) m2__bpe_heap_down(h, *n, 0);
    return top;
}

/* Merge the symbols of one pre-token: always the adjacent pair of lowest rank, the leftmost on a
   tie, until no pair has a merge (models/bpe/word.rs merge_all). Short words scan; long ones use
   HF's own scheme, a heap of (rank, position) with stale entries skipped, so a 1 MB word costs
   O(n log n). Returns the number of symbols left in sym[0..). */
static size_t m2__bpe_merge(const struct m2__tokenizer *t, m2_tokenize_work *w, size_t n) {
    m2__bpe_sym *sym = w->sym;
    size_t i;
    if (n < 2) return n;
    if (n <= M2__TOK_BPE_SMALL) {
        uint32_t rank[M2__TOK_BPE_SMALL];
        int32_t merged[M2__TOK_BPE_SMALL];
        for (i = 0; i + 1 < n; i++) {
            m2__tok_merge m = m2__tok_merge_find(t, (uint32_t)sym[i].id, (uint32_t)sym[i + 1].id);
            rank[i] = m.rank;
            merged[i] = m.merged;
        }
        for (;;) {
            size_t best = 0;
            uint32_t br = 0xFFFFFFFFu;
            for (i = 0; i + 1 < n; i++)
                if (rank[i] < br) { br = rank[i]; best = i; }
            if (br == 0xFFFFFFFFu) break;
            sym[best].id = merged[best];
            for (i = best + 1; i + 1 < n; i++) { sym[i] = sym[i + 1]; rank[i] = rank[i + 1]; merged[i] = merged[i + 1]; }
            n--;
            if (best > 0) {
                m2__tok_merge m = m2__tok_merge_find(t, (uint32_t)sym[best - 1].id, (uint32_t)sym[best].id);
                rank[best - 1] = m.rank;
                merged[best - 1] = m.merged;
            }
            if (best + 1 < n) {
                m2__tok_merge m = m2__tok_merge_find(t, (uint32_t)sym[best].id, (uint32_t)sym[best + 1].id);
                rank[best] = m.rank;
                merged[best] = m.merged;
            }
        }
        return n;
    } else {
        m2__bpe_node *h = w->heap;
        size_t nh = 0, k;
        for (i = 0; i < n; i++) { sym[i].prev = (int32_t)i - 1; sym[i].next = i + 1 < n ? (int32_t)i + 1 : -1; }
        for (i = 0; i + 1 < n; i++) {
            m2__tok_merge m = m2__tok_merge_find(t, (uint32_t)sym[i].id, (uint32_t)sym[i + 1].id);
            if (m.rank != 0xFFFFFFFFu) h[nh++] = (m2__bpe_node)m.rank << 32 | i;
        }
        for (i = nh / 4 + 1; i-- > 0;) if (i < nh) m2__bpe_heap_down(h, nh, i); /* heapify: linear, in place */
        while (nh) {
            m2__bpe_node top = m2__bpe_heap_pop(h, &nh);
            uint32_t pos = (uint32_t)top, rank = (uint32_t)(top >> 32);
            m2__bpe_sym *s = &sym[pos];
            m2__tok_merge m;
            int32_t nx;
            if (s->id < 0 || s->next < 0) continue;
            nx = s->next;
            /* stale entry: the pair at this position changed since it was pushed (a pair has
               one rank, so the rank tells) */
            m = m2__tok_merge_find(t, (uint32_t)s->id, (uint32_t)sym[nx].id);
            if (m.rank != rank) continue;
            s->id = m.merged;
            s->next = sym[nx].next;
            sym[nx].id = -1;
            if (s->next >= 0) sym[s->next].prev = (int32_t)pos;
            if (s->prev >= 0) {
                m = m2__tok_merge_find(t, (uint32_t)sym[s->prev].id, (uint32_t)s->id);
                if (m.rank != 0xFFFFFFFFu) m2__bpe_heap_push(h, &nh, (m2__bpe_node)m.rank << 32 | (uint32_t)s->prev);
            }
            if (s->next >= 0) {
                m = m2__tok_merge_find(t, (uint32_t)s->id, (uint32_t)sym[s->next].id);
                if (m.rank != 0xFFFFFFFFu) m2__bpe_heap_push(h, &nh, (m2__bpe_node)m.rank << 32 | pos);
            }
        }
        for (i = k = 0; i < n; i++)
            if (sym[i].id >= 0) sym[k++] = sym[i];
        return k;
    }
}

/* The word cache. 1: s[0..n) was there and its ids are emitted. 0: *fill is the slot to give
   the word's ids once merged (m2__tok_cache_put), NULL if the word is not to be cached. */
static int m2__tok_cache_get(m2_tokenize_work *w, const unsigned char *s, size_t n, m2__tok_cache_slot **fill) {
    m2__tok_cache_slot *set, tmp;
    size_t i, way;
    *fill = NULL;
    if (n > M2__TOK_CACHE_KEY || (w->plain & M2__TOKW_NO_CACHE)) return 0;
    set = &w->cache[2 * (m2__tok_hash_bytes(s, n) & (M2__TOK_CACHE_SLOTS / 2 - 1))];
    for (way = 0; way < 2; way++) {
        if (set[way].klen != n || memcmp(set[way].key, s, n) != 0) continue;
        if (way) { tmp = set[0]; set[0] = set[1]; set[1] = tmp; }
        for (i = 0; i < set[0].nids; i++) m2__tok_emit(w, set[0].ids[i]);
        return 1;
    }
    set[1] = set[0]; /* the older entry goes; the new word takes the front once merged */
    set[0].klen = 0;
    *fill = &set[0];
    return 0;
}

/* Emit the k merged symbols of s[0..n) and keep them in the slot m2__tok_cache_get gave. */
static void m2__tok_cache_put(m2_tokenize_work *w, m2__tok_cache_slot *slot, const unsigned char *s, size_t n, size_t k) {
    size_t i;
    for (i = 0; i < k; i++) m2__tok_emit(w, w->sym[i].id);
    if (!slot || k > M2__TOK_CACHE_IDS) return;
    slot->klen = (unsigned char)n;
    slot->nids = (unsigned char)k;
    memcpy(slot->key, s, n);
    for (i = 0; i < k; i++) slot->ids[i] = w->sym[i].id;
}

/* One pre-token (its bytes; the byte-level alphabet is only a spelling of bytes). */
static m2_result m2__tok_bpe(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n) {
    size_t i, k;
    m2__tok_cache_slot *slot = NULL;
    if (t->flags & M2__TOK_IGNORE_MERGES) { /* models/bpe/model.rs: a whole-word vocab hit wins */
        uint32_t h = (uint32_t)m2__tok_hash_bytes(s, n) & t->vocab_mask;
        for (;; h = (h + 1) & t->vocab_mask) {
            int32_t id = t->vocab_hash[h];
            size_t len;
            const unsigned char *p;
            if (id < 0) break;
            p = m2__tok_token(t, (uint32_t)id, &len);
            if (len == n && memcmp(p, s, n) == 0) { m2__tok_emit(w, id); return M2_OK; }
        }
    }
    if (n == 1) {
        if (t->byte_to_id[s[0]] >= 0) m2__tok_emit(w, t->byte_to_id[s[0]]);
        return M2_OK;
    }
    if (m2__tok_cache_get(w, s, n, &slot)) return M2_OK;
    M2__TOK_GROW(w, sym, m2__bpe_sym, n, 0);
    if (n > M2__TOK_BPE_SMALL) M2__TOK_GROW(w, heap, m2__bpe_node, 2 * n, 0);
    /* A byte without a one-byte token is dropped, as HF does for a character missing from the
       vocabulary when the model has neither unk_token nor byte_fallback (bpe/model.rs merge_word). */
    for (i = k = 0; i < n; i++)
        if (t->byte_to_id[s[i]] >= 0) w->sym[k++].id = t->byte_to_id[s[i]];
    k = m2__bpe_merge(t, w, k);
    m2__tok_cache_put(w, slot, s, n, k);
    return M2_OK;
}

/* ---- pre-tokenizer: the GPT-2 regex, by hand ----
   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
   as Oniguruma runs it (first alternative that matches, greedy, no longest-match rule). Classes:
   L*, N*, White_Space, and "other" (everything else, marks and unassigned included). */

static unsigned m2__tok_class(const struct m2__tokenizer *t, const unsigned char *s, size_t *len) {
    if (s[0] < 0x80) { *len = 1; return t->ascii_prop[s[0]] & M2__UP_CLASS; }
    return m2__uprop(m2__utf8_get(s, len)) & M2__UP_CLASS;
}

static m2_result m2__tok_pretokenize(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n) {
    size_t i = 0, len, j;
    m2_result r;
    if (n == 0) return M2_OK; /* HF drops empty pieces before pre-tokenising */
    if ((t->flags & M2__TOK_ADD_PREFIX_SPACE) && s[0] != ' ') {
        /* pre_tokenizers/byte_level.rs: prepend " " unless the piece starts with one (ASCII
           space only; a tab or U+3000 still gets the space). */
        if (n == (size_t)-1) return M2_ERR_OUT_OF_MEMORY;
        M2__TOK_GROW(w, pre, unsigned char, n + 1, 0);
        w->pre[0] = ' ';
        memcpy(w->pre + 1, s, n);
        s = w->pre;
        n++;
    }
    while (i < n) {
        unsigned c = s[i], cls;
        size_t start = i;
        if (c == '\'' && i + 1 < n) {
            unsigned d = s[i + 1];
            size_t m = 0;
            if (d == 's' || d == 't' || d == 'm' || d == 'd') m = 2;
            else if (i + 2 < n && ((d == 'r' && s[i + 2] == 'e') || (d == 'v' && s[i + 2] == 'e') || (d == 'l' && s[i + 2] == 'l'))) m = 3;
            if (m) {
                r = m2__tok_bpe(t, w, s + i, m);
                if (r != M2_OK) return r;
                i += m;
                continue;
            }
        }
        cls = m2__tok_class(t, s + i, &len);
        if (c == ' ' && i + 1 < n) {
            size_t l2;
            unsigned c2 = m2__tok_class(t, s + i + 1, &l2);
            if (c2 != 3) { /* " ?X+": the space joins the run of letters, digits or other */
                cls = c2;
                i += 1;
                len = l2;
            }
        }
        if (cls != 3) {
            for (i += len; i < n && m2__tok_class(t, s + i, &len) == cls; i += len) {}
        } else {
            /* \s+(?!\S): the whole run at the end of the text; otherwise the run less its last
               character, which goes with what follows (" ?X+" if it is a space, else \s+ alone). */
            size_t last = i;
            for (j = i; j < n; j += len) {
                if (m2__tok_class(t, s + j, &len) != 3) break;
                last = j;
            }
            if (j == n || last == i) i = j;
            else i = last;
        }
        r = m2__tok_bpe(t, w, s + start, i - start);
        if (r != M2_OK) return r;
    }
    return M2_OK;
}

/* ---- tok_version 2: the pipeline the converter compiled (README.md, File format §3) ----
   normalizer ops, then pre-tokenizer ops applied piece by piece (depth first, so the pieces come
   out in text order without a list), then the BPE model with its options. Regexes run on a Pike
   VM: every thread advances in step over the text, so time is linear in the text (times the
   program's size) whatever the pattern; thread order gives Oniguruma's leftmost-first choice
   among alternatives and the greedy / lazy preference of quantifiers. */

static unsigned m2__ugc(uint32_t cp) {
    unsigned b1 = m2__ugc_s1[cp >> (M2__UGC_SHIFT_A + M2__UGC_SHIFT_B)];
    unsigned b2 = m2__ugc_s2[(b1 << M2__UGC_SHIFT_B) | ((cp >> M2__UGC_SHIFT_A) & ((1u << M2__UGC_SHIFT_B) - 1))];
    return m2__ugc_s3[(b2 << M2__UGC_SHIFT_A) | (cp & ((1u << M2__UGC_SHIFT_A) - 1))];
}

static size_t m2__ubisect(const uint32_t *a, size_t n, uint32_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a[mid] < c) lo = mid + 1; else hi = mid;
    }
    return lo < n && a[lo] == c ? lo : (size_t)-1;
}

/* class membership of a code point: the regex's category mask (general categories, bit 30
   White_Space, bit 31 \w), then its ranges */
static int m2__rx_in(const m2__rx_class *k, const m2__rx_range *rg, uint32_t c) {
    int in;
    if (c < 128) return (int)((k->ascii[c >> 6] >> (c & 63)) & 1);
    {
        uint32_t bits = 1u << (m2__ugc(c) & 31), i;
        unsigned p = m2__uprop(c);
        if ((p & M2__UP_CLASS) == 3) bits |= 1u << 30;
        if (p & M2__UP_WORD) bits |= 1u << 31;
        in = (k->cats & bits) != 0;
        for (i = 0; !in && i < k->n; i++) in = c >= rg[k->first + i].lo && c <= rg[k->first + i].hi;
    }
    return in != (int)k->neg;
}

static int m2__rx_in_slow(const m2__rx_class *k, const m2__rx_range *rg, uint32_t c) {
    uint32_t bits = 1u << (c < 128 ? (m2__ugc(c) & 31) : (m2__ugc(c) & 31)), i;
    unsigned p = m2__uprop(c);
    int in;
    if ((p & M2__UP_CLASS) == 3) bits |= 1u << 30;
    if (p & M2__UP_WORD) bits |= 1u << 31;
    in = (k->cats & bits) != 0;
    for (i = 0; !in && i < k->n; i++) in = c >= rg[k->first + i].lo && c <= rg[k->first + i].hi;
    return in != (int)k->neg;
}

/* the character at s[pos] (valid UTF-8), or -1 at the end */
static int32_t m2__rx_char_at(const unsigned char *s, size_t n, size_t pos, size_t *len) {
    if (pos >= n) { *len = 0; return -1; }
    if (s[pos] < 0x80) { *len = 1; return s[pos]; }
    return (int32_t)m2__utf8_get(s + pos, len);
}

/* Add thread pc (and what it reaches without consuming) to list l at text position pos. */
static void m2__rx_add(const m2__rx *rx, m2_tokenize_work *w, uint32_t *l, size_t *nl, uint32_t pc, uint32_t sp,
                       const unsigned char *s, size_t n, size_t pos) {
    uint32_t *stack = w->rx_stack;
    size_t top = 0;
    stack[top++] = pc;
    while (top) {
        const m2__rx_inst *in;
        pc = stack[--top];
        if (w->rx_mark[pc] == w->rx_gen) continue;
        w->rx_mark[pc] = w->rx_gen;
        in = &rx->inst[pc];
        switch (in->op) {
        case M2__RX_JMP: stack[top++] = in->x; break;
        case M2__RX_SPLIT: stack[top++] = in->y; stack[top++] = in->x; break; /* x first */
        case M2__RX_LOOK: {
            size_t len;
            int32_t c = m2__rx_char_at(s, n, pos, &len);
            int hit = c >= 0 && m2__rx_in(&rx->cls[in->x], rx->ranges, (uint32_t)c);
            if (hit != (int)in->y) stack[top++] = pc + 1; /* y = 1: negative lookahead */
            break;
        }
        case M2__RX_ASSERT: {
            int ok = in->x == 0 ? pos == 0 : in->x == 1 ? pos == n
                   : in->x == 2 ? (pos == 0 || s[pos - 1] == '\n') : (pos == n || s[pos] == '\n');
            if (ok) stack[top++] = pc + 1;
            break;
        }
        default:
            l[2 * *nl] = pc;
            l[2 * *nl + 1] = sp;
            (*nl)++;
        }
    }
}

/* Leftmost-first match in s[from..n): 1 and [*ms, *me) if there is one. A new thread starts at
   each position until something matched, after (below) the threads already running: an earlier
   start wins; a MATCH drops the threads below it, and the ones above run on for their longer or
   preferred match. The list being built and the new start share one generation of marks, so a
   start thread never duplicates a state a running thread holds. */
static int m2__rx_find(const m2__rx *rx, m2_tokenize_work *w, const unsigned char *s, size_t n, size_t from,
                       size_t *ms, size_t *me) {
    uint32_t *cl = w->rx_list, *nl = w->rx_list + 2 * (size_t)rx->n_inst, *tmp;
    size_t ncl = 0, nnl, i, pos = from, len;
    int matched = 0, fresh = 1;
    *ms = *me = 0;
    for (;;) {
        int32_t c;
        if (!matched) {
            if (fresh && ++w->rx_gen == 0) { memset(w->rx_mark, 0, w->rx_mark_cap * sizeof(uint32_t)); w->rx_gen = 1; }
            if (rx->start_static && (pos >= n || s[pos] < 0x80)) {
                /* only the start threads that survive this character (none at the end: no
                   pattern matches the empty string) */
                uint32_t k, c0 = pos < n ? s[pos] : 0;
                for (k = pos < n ? rx->start_off[c0] : 0; pos < n && k < rx->start_off[c0 + 1]; k++) {
                    uint32_t pc = rx->start_pcs[k];
                    if (w->rx_mark[pc] == w->rx_gen) continue;
                    w->rx_mark[pc] = w->rx_gen;
                    cl[2 * ncl] = pc;
                    cl[2 * ncl + 1] = (uint32_t)pos;
                    ncl++;
                }
            } else m2__rx_add(rx, w, cl, &ncl, 0, (uint32_t)pos, s, n, pos);
        }
        c = m2__rx_char_at(s, n, pos, &len);
        if (ncl == 0) {
            if (matched || c < 0) break;
            pos += len;
            fresh = 1;
            continue;
        }
        nnl = 0;
        if (++w->rx_gen == 0) { memset(w->rx_mark, 0, w->rx_mark_cap * sizeof(uint32_t)); w->rx_gen = 1; }
        for (i = 0; i < ncl; i++) {
            const m2__rx_inst *in = &rx->inst[cl[2 * i]];
            int ok = 0;
            if (in->op == M2__RX_MATCH) {
                matched = 1;
                *ms = cl[2 * i + 1];
                *me = pos;
                break; /* threads after this one have lower priority */
            }
            if (c < 0) continue;
            if (in->op == M2__RX_CHAR) ok = (uint32_t)c == in->x;
            else if (in->op == M2__RX_CLASS) ok = m2__rx_in(&rx->cls[in->x], rx->ranges, (uint32_t)c);
            else if (in->op == M2__RX_ANY) ok = c != '\n';
            if (ok) m2__rx_add(rx, w, nl, &nnl, cl[2 * i] + 1, cl[2 * i + 1], s, n, pos + len);
        }
        if (c < 0) break;
        tmp = cl; cl = nl; nl = tmp;
        ncl = nnl;
        pos += len;
        fresh = 0;
        if (matched && ncl == 0) break;
    }
    return matched;
}

/* ---- the DFA over the VM ----
   The VM's answer for a search from `from` is, when some match starts at `from`, the
   leftmost-first match of the threads started there: threads started later are always below
   them in priority, so they never win. That anchored search is a deterministic function of the
   list of instructions the threads are at, so its steps can be cached: state = that list (in
   priority order, without duplicates, cut after a MATCH, which drops what is below it), and a
   transition = the list after one character, plus whether a match ended before it. Lookaheads
   depend on the character after the position they are reached at, so the list keeps them
   undecided and the next step decides them on the character it consumes, expanding each in
   place: the same order and the same first visits as the VM's depth-first closure. When no match
   starts at `from`, or the DFA is full, the VM searches. */

/* What pc reaches without consuming, appended to out[*no..] in priority order. c >= -1: lookaheads
   are decided on c, the character here (-1: the end); c == -2: they stay in the list undecided.
   0 if an assertion was met (the DFA does not model them). */
static int m2__rx_dfa_closure(const m2__rx *rx, uint32_t *mark, uint32_t gen, uint32_t *stack, uint32_t pc,
                              int32_t c, uint32_t *out, size_t *no) {
    size_t top = 0;
    stack[top++] = pc;
    while (top) {
        const m2__rx_inst *in;
        pc = stack[--top];
        if (mark[pc] == gen) continue;
        mark[pc] = gen;
        in = &rx->inst[pc];
        if (in->op == M2__RX_JMP) stack[top++] = in->x;
        else if (in->op == M2__RX_SPLIT) { stack[top++] = in->y; stack[top++] = in->x; }
        else if (in->op == M2__RX_ASSERT) return 0;
        else if (in->op == M2__RX_LOOK && c != -2) {
            int hit = c >= 0 && m2__rx_in(&rx->cls[in->x], rx->ranges, (uint32_t)c);
            if (hit != (int)in->y) stack[top++] = pc + 1;
        } else out[(*no)++] = pc;
    }
    return 1;
}

static uint32_t m2__rx_next_gen(m2_tokenize_work *w) {
    if (++w->rx_gen == 0) { memset(w->rx_mark, 0, w->rx_mark_cap * sizeof(uint32_t)); w->rx_gen = 1; }
    return w->rx_gen;
}

/* The state with list l[0..n), added if new; -1 if the DFA is full. */
static int32_t m2__rx_dfa_intern(m2__rx_dfa *d, const uint32_t *l, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    uint32_t slot, k;
    size_t i;
    for (i = 0; i < n; i++) h = m2__tok_mix64(h ^ l[i]);
    for (slot = (uint32_t)h & (2 * M2__DFA_STATES - 1);; slot = (slot + 1) & (2 * M2__DFA_STATES - 1)) {
        int32_t st = d->table[slot];
        if (st < 0) break;
        if (d->off[st + 1] - d->off[st] == n && memcmp(d->pool + d->off[st], l, n * sizeof(uint32_t)) == 0) return st;
    }
    if (d->n_states == M2__DFA_STATES || n > M2__DFA_POOL - d->pool_n) return -1;
    k = d->n_states++;
    memcpy(d->pool + d->pool_n, l, n * sizeof(uint32_t));
    d->pool_n += (uint32_t)n;
    d->off[k + 1] = d->pool_n;
    memset(d->trans + (size_t)k * M2__DFA_COLS, 0, M2__DFA_COLS * sizeof(uint32_t));
    d->table[slot] = (int32_t)k;
    return (int32_t)k;
}

/* One transition of state st on character c (-1: the end), encoded as in m2__rx_dfa.trans;
   0 if the DFA is full or meets an assertion. Lists: the decided one in rx_list[0..),
   the next state's at rx_list[2 * n_inst..); marks: rx_mark's two halves. */
static uint32_t m2__rx_dfa_step(const m2__rx *rx, m2__rx_dfa *d, m2_tokenize_work *w, uint32_t st, int32_t c) {
    uint32_t *dec = w->rx_list, *nxt = w->rx_list + 2 * (size_t)rx->n_inst;
    uint32_t *mdec = w->rx_mark, *mnxt = w->rx_mark + rx->n_inst, gen;
    size_t nd = 0, nn = 0, i;
    uint32_t match = 0, k;
    int32_t next;
    gen = m2__rx_next_gen(w);
    for (k = d->off[st]; k < d->off[st + 1]; k++) {
        uint32_t pc = d->pool[k];
        if (rx->inst[pc].op == M2__RX_LOOK) m2__rx_dfa_closure(rx, mdec, gen, w->rx_stack, pc, c, dec, &nd);
        else if (mdec[pc] != gen) { mdec[pc] = gen; dec[nd++] = pc; }
    }
    gen = m2__rx_next_gen(w);
    for (i = 0; i < nd; i++) {
        const m2__rx_inst *in = &rx->inst[dec[i]];
        int ok = 0;
        if (in->op == M2__RX_MATCH) { match = 1; break; }
        if (c < 0) continue;
        if (in->op == M2__RX_CHAR) ok = (uint32_t)c == in->x;
        else if (in->op == M2__RX_CLASS) ok = m2__rx_in(&rx->cls[in->x], rx->ranges, (uint32_t)c);
        else if (in->op == M2__RX_ANY) ok = c != '\n';
        if (ok && !m2__rx_dfa_closure(rx, mnxt, gen, w->rx_stack, dec[i] + 1, -2, nxt, &nn)) { d->off_vm = 1; return 0; }
    }
    for (i = 0; i < nn && rx->inst[nxt[i]].op != M2__RX_MATCH; i++) {}
    next = m2__rx_dfa_intern(d, nxt, i < nn ? i + 1 : nn);
    return next < 0 ? 0 : ((uint32_t)next + 1) << 1 | match;
}

static int m2__rx_dfa_alloc(m2__rx_dfa *d, const m2_allocator *a) {
    d->trans = (uint32_t *)m2__alloc(a, (size_t)M2__DFA_STATES * M2__DFA_COLS * sizeof(uint32_t));
    d->off = (uint32_t *)m2__alloc(a, (M2__DFA_STATES + 1) * sizeof(uint32_t));
    d->pool = (uint32_t *)m2__alloc(a, M2__DFA_POOL * sizeof(uint32_t));
    d->table = (int32_t *)m2__alloc(a, 2 * M2__DFA_STATES * sizeof(int32_t));
    return d->trans && d->off && d->pool && d->table;
}

static void m2__rx_dfa_free(m2__rx_dfa *d, const m2_allocator *a) {
    if (d->trans) m2__free(a, d->trans);
    if (d->off) m2__free(a, d->off);
    if (d->pool) m2__free(a, d->pool);
    if (d->table) m2__free(a, d->table);
    memset(d, 0, sizeof *d);
}

/* Empty the DFA; state 0 is then the start: pc 0's closure, lookaheads undecided. */
static int m2__rx_dfa_reset(const m2__rx *rx, m2__rx_dfa *d, m2_tokenize_work *w) {
    size_t n = 0;
    d->n_states = d->pool_n = 0;
    d->off[0] = 0;
    memset(d->table, 0xFF, 2 * M2__DFA_STATES * sizeof(int32_t));
    if (!m2__rx_dfa_closure(rx, w->rx_mark + rx->n_inst, m2__rx_next_gen(w), w->rx_stack, 0, -2, w->rx_list, &n)) {
        d->off_vm = 1;
        return 0;
    }
    return m2__rx_dfa_intern(d, w->rx_list, n) == 0;
}

/* The anchored search from `from` on the DFA: 1 and the match's end, 0 if no match starts at
   `from`, -1 if the DFA could not answer (the VM must). */
static int m2__rx_dfa_find(const m2__rx *rx, m2__rx_dfa *d, m2_tokenize_work *w, const unsigned char *s, size_t n,
                           size_t from, size_t *me) {
    size_t pos = from, len = 0;
    uint32_t st = 0;
    int found = 0;
    if (d->off_vm) return -1;
    if (!d->trans && !m2__rx_dfa_alloc(d, &w->alloc)) { m2__rx_dfa_free(d, &w->alloc); d->off_vm = 1; return -1; }
    if (d->n_states == 0 && !m2__rx_dfa_reset(rx, d, w)) return -1;
    for (;;) {
        int32_t c;
        uint32_t col, e;
        if (pos >= n) { c = -1; col = M2__DFA_COLS - 1; }
        else if (s[pos] < 0x80) { c = s[pos]; len = 1; col = (uint32_t)c; }
        else { c = (int32_t)m2__utf8_get(s + pos, &len); col = M2__DFA_COLS; }
        e = col < M2__DFA_COLS ? d->trans[(size_t)st * M2__DFA_COLS + col] : 0;
        if (!e) {
            e = m2__rx_dfa_step(rx, d, w, st, c);
            if (!e) { d->n_states = 0; return -1; } /* full: rebuilt on the next search */
            if (col < M2__DFA_COLS) d->trans[(size_t)st * M2__DFA_COLS + col] = e;
        }
        if (e & 1) { found = 1; *me = pos; }
        st = (e >> 1) - 1;
        if (c < 0 || d->off[st] == d->off[st + 1]) break;
        pos += len;
    }
    return found;
}

/* m2__rx_find, through the DFA of regex `ix` when it can answer */
static int m2__rx_search(const m2__rx *rx, uint32_t ix, m2_tokenize_work *w, const unsigned char *s, size_t n,
                         size_t from, size_t *ms, size_t *me) {
    if (ix < w->n_dfa && !(w->plain & M2__TOKW_NO_DFA) && m2__rx_dfa_find(rx, &w->dfa[ix], w, s, n, from, me) == 1) {
        *ms = from;
        return 1;
    }
    return m2__rx_find(rx, w, s, n, from, ms, me);
}

/* ---- normalizer program ---- */

static size_t m2__nfkd_decompose(uint32_t c, uint32_t *o) {
    if (c >= 0x80 && (m2__ugc(c) & M2__UGC_COMPAT)) {
        size_t k = m2__ubisect(m2__ukdec_cp, M2__UKDEC_N, c);
        if (k != (size_t)-1) {
            uint32_t info = m2__ukdec_info[k], n = (info & 31) + 1, i;
            for (i = 0; i < n; i++) {
                uint32_t d = m2__ukdec_pool[(info >> 5) + i];
                o[i] = d | (uint32_t)((m2__uprop(d) & M2__UP_CCC) ? m2__uccc(d) : 0) << 24;
            }
            return n;
        }
    }
    return m2__nfc_decompose(c, o);
}

static uint32_t m2__tok_lower(uint32_t c) {
    size_t k;
    if (c < 128) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (!(m2__ugc(c) & M2__UGC_LOWER)) return c;
    k = m2__ubisect(m2__ulower_cp, M2__ULOWER_N, c);
    return k == (size_t)-1 ? c : m2__ulower_to[k];
}

/* grow one of the work area's numbered byte buffers */
static unsigned char *m2__tok_buf(m2_tokenize_work *w, int which, size_t need, size_t keep) {
    void *p = m2__tok_grow(&w->alloc, w->tb[which], &w->tb_cap[which], need, 1, keep);
    if (p) w->tb[which] = (unsigned char *)p;
    return (unsigned char *)p;
}

static const unsigned char *m2__tok_string(const struct m2__tokenizer *t, uint32_t ix, size_t *len) {
    if (ix >= t->n_strings) { *len = 0; return (const unsigned char *)""; }
    *len = t->str_len[ix];
    return t->str[ix];
}

/* Run the normalizer ops on s[0..n); the result is in a work buffer (or s itself). Buffers 0 and 1
   take turns as the output. */
static m2_result m2__tok_normalize(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s,
                                   size_t n, const unsigned char **out, size_t *out_n) {
    uint32_t k;
    int cur = 0;
    m2_result r;
    for (k = 0; k < t->n_norm; k++) {
        const unsigned char *op = t->norm_ops + 16 * (size_t)k;
        uint32_t kind = m2__tok_rd32(op), a = m2__tok_rd32(op + 4), b = m2__tok_rd32(op + 8);
        unsigned char *o;
        size_t on = 0, i, len, pl, cl;
        const unsigned char *p, *c;
        if (kind == M2__TN_NFC) {
            r = m2__nfc(w, s, n, &s, &n);
            if (r != M2_OK) return r;
            if (s != w->norm) continue;
        } else if (kind == M2__TN_NFD || kind == M2__TN_NFKC || kind == M2__TN_NFKD) {
            size_t on2 = 0;
            if (n == 0) continue;
            r = m2__nfc_region_mode(w, s, n, &on2, kind != M2__TN_NFD && kind != M2__TN_NFKD ? 1 : 0,
                                    kind == M2__TN_NFKC || kind == M2__TN_NFKD);
            if (r != M2_OK) return r;
            s = w->norm; n = on2;
        }
        if (kind == M2__TN_NFC || kind == M2__TN_NFD || kind == M2__TN_NFKC || kind == M2__TN_NFKD) {
            o = m2__tok_buf(w, cur, n + 1, 0);
            if (!o) return M2_ERR_OUT_OF_MEMORY;
            memcpy(o, s, n);
            s = o; cur ^= 1;
            continue;
        }
        switch (kind) {
        case M2__TN_LOWER:
            if (n > ((size_t)-1) / 2) return M2_ERR_OUT_OF_MEMORY;
            o = m2__tok_buf(w, cur, 2 * n + 1, 0); /* U+0130 (2 bytes) -> 3 bytes is the most growth */
            if (!o) return M2_ERR_OUT_OF_MEMORY;
            for (i = 0; i < n; i += len) {
                uint32_t ch = m2__utf8_get(s + i, &len);
                if (ch == 0x130) { o[on++] = 'i'; on += m2__utf8_put(o + on, 0x307); continue; }
                on += m2__utf8_put(o + on, m2__tok_lower(ch));
            }
            break;
        case M2__TN_PREPEND:
            if (n == 0) continue; /* HF prepends only to non-empty text */
            p = m2__tok_string(t, a, &pl);
            o = m2__tok_buf(w, cur, n + pl + 1, 0);
            if (!o) return M2_ERR_OUT_OF_MEMORY;
            memcpy(o, p, pl); memcpy(o + pl, s, n); on = n + pl;
            break;
        case M2__TN_REPLACE: {
            size_t cnt = 0;
            p = m2__tok_string(t, a, &pl);
            c = m2__tok_string(t, b, &cl);
            if (pl == 0) continue;
            for (i = 0; i + pl <= n;) {
                if (s[i] == p[0] && memcmp(s + i, p, pl) == 0) { cnt++; i += pl; } else i++;
            }
            if (!cnt) continue;
            o = m2__tok_buf(w, cur, n + cnt * cl + 1, 0);
            if (!o) return M2_ERR_OUT_OF_MEMORY;
            for (i = 0; i < n;) {
                if (i + pl <= n && s[i] == p[0] && memcmp(s + i, p, pl) == 0) { memcpy(o + on, c, cl); on += cl; i += pl; }
                else o[on++] = s[i++];
            }
            break;
        }
        case M2__TN_STRIP: {
            size_t x = 0, y = n;
            if (a) while (x < y && (m2__uprop(m2__utf8_get(s + x, &len)) & M2__UP_CLASS) == 3) x += len;
            if (b) while (y > x) {
                size_t q = y;
                do q--; while (q > x && (s[q] & 0xC0) == 0x80);
                if ((m2__uprop(m2__utf8_get(s + q, &len)) & M2__UP_CLASS) != 3) break;
                y = q;
            }
            s += x; n = y - x;
            continue;
        }
        default: continue;
        }
        s = o; n = on; cur ^= 1;
    }
    *out = s;
    *out_n = n;
    return M2_OK;
}

/* ---- BPE model (tok_version 2) ---- */

static int32_t m2__tok_vocab_find(const struct m2__tokenizer *t, const unsigned char *s, size_t n) {
    uint32_t h;
    if (!t->vocab_hash || n == 0) return -1;
    for (h = (uint32_t)m2__tok_hash_bytes(s, n) & t->vocab_mask;; h = (h + 1) & t->vocab_mask) {
        int32_t id = t->vocab_hash[h];
        size_t len;
        const unsigned char *p;
        if (id < 0) return -1;
        p = m2__tok_token(t, (uint32_t)id, &len);
        if (len == n && memcmp(p, s, n) == 0) return id;
    }
}

/* The initial symbols of one word (models/bpe/model.rs merge_word): each character (each byte
   for byte-level files) looked up with the continuing-subword prefix unless first and the
   end-of-word suffix if last; a miss becomes its <0xNN> byte tokens (byte_fallback, all of them
   or none), else unk_token (consecutive ones fused with fuse_unk), else nothing. */
static m2_result m2__tok_symbols(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s,
                                 size_t n, size_t *count) {
    size_t i, len, k = 0, pl = 0, sl = 0;
    const unsigned char *pre = NULL, *suf = NULL;
    int pending_unk = 0;
    int byte_level = (t->v2flags & M2__TOK2_BYTE_LEVEL) != 0;
    if (n > ((size_t)-1) / 8) return M2_ERR_OUT_OF_MEMORY;
    M2__TOK_GROW(w, sym, m2__bpe_sym, 4 * n + 1, 0);
    if (t->sub_str >= 0) pre = m2__tok_string(t, (uint32_t)t->sub_str, &pl);
    if (t->suf_str >= 0) suf = m2__tok_string(t, (uint32_t)t->suf_str, &sl);
    for (i = 0; i < n; i += len) {
        int32_t id;
        const unsigned char *key = s + i;
        size_t kl;
        len = byte_level ? 1 : (s[i] < 0x80 ? 1 : (m2__utf8_get(s + i, &len), len));
        kl = len;
        if (!pre && !suf) {
            id = byte_level ? t->byte_to_id[s[i]] : (s[i] < 0x80 ? t->ascii_id[s[i]] : m2__tok_vocab_find(t, s + i, len));
        } else {
            unsigned char *b = m2__tok_buf(w, 2, pl + len + sl, 0);
            kl = 0;
            if (!b) return M2_ERR_OUT_OF_MEMORY;
            if (pre && i > 0) { memcpy(b, pre, pl); kl = pl; }
            memcpy(b + kl, s + i, len); kl += len;
            if (suf && i + len == n) { memcpy(b + kl, suf, sl); kl += sl; }
            key = b;
            id = m2__tok_vocab_find(t, key, kl);
        }
        if (id >= 0) {
            if (pending_unk) { w->sym[k++].id = t->unk_id; pending_unk = 0; }
            w->sym[k++].id = id;
            continue;
        }
        if (t->v2flags & M2__TOK2_BYTE_FALLBACK) {
            size_t j;
            for (j = 0; j < kl && t->byte_fb[key[j]] >= 0; j++) {}
            if (j == kl) {
                if (pending_unk) { w->sym[k++].id = t->unk_id; pending_unk = 0; }
                M2__TOK_GROW(w, sym, m2__bpe_sym, k + kl + n - i + 1, k);
                for (j = 0; j < kl; j++) w->sym[k++].id = t->byte_fb[key[j]];
                continue;
            }
        }
        if (t->unk_id >= 0) {
            if (pending_unk && !(t->v2flags & M2__TOK2_FUSE_UNK)) w->sym[k++].id = t->unk_id;
            pending_unk = 1;
        }
    }
    if (pending_unk) w->sym[k++].id = t->unk_id;
    *count = k;
    return M2_OK;
}

/* The symbols of s[0..n) merged: the word cache, else m2__tok_symbols and m2__bpe_merge. Without
   cutting (no t->junction) every string here is a whole word, so the cache holds what
   ignore_merges' whole-word lookup gives too, and a hit skips that lookup. */
static m2_result m2__tok_bpe2_merge(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n) {
    size_t k;
    m2__tok_cache_slot *slot = NULL;
    m2_result r;
    if (m2__tok_cache_get(w, s, n, &slot)) return M2_OK;
    if ((t->v2flags & M2__TOK2_IGNORE_MERGES) && !t->junction) {
        int32_t id = m2__tok_vocab_find(t, s, n);
        if (id >= 0) {
            M2__TOK_GROW(w, sym, m2__bpe_sym, 1, 0);
            w->sym[0].id = id;
            m2__tok_cache_put(w, slot, s, n, 1);
            return M2_OK;
        }
    }
    r = m2__tok_symbols(t, w, s, n, &k);
    if (r != M2_OK) return r;
    if (k > M2__TOK_BPE_SMALL) M2__TOK_GROW(w, heap, m2__bpe_node, 2 * k, 0);
    k = m2__bpe_merge(t, w, k);
    m2__tok_cache_put(w, slot, s, n, k);
    return M2_OK;
}

/* The junction of two strings: the last character of a and the first of b, each up to 4 bytes
   (a lead byte and its continuation bytes) packed big-endian, a in the high half. A character of
   the text gives the same key whether it stands alone or ends / starts a longer token string. */
static uint64_t m2__tok_junction_key(const unsigned char *a, size_t na, const unsigned char *b, size_t nb) {
    size_t k = na, e = 1, i;
    uint32_t ka = 0, kb = 0;
    do k--; while (k > 0 && na - k < 4 && (a[k] & 0xC0) == 0x80);
    while (e < nb && e < 4 && (b[e] & 0xC0) == 0x80) e++;
    for (i = 0; i < 4; i++) {
        ka = ka << 8 | (k + i < na ? a[k + i] : 0);
        kb = kb << 8 | (i < e ? b[i] : 0);
    }
    return (uint64_t)ka << 32 | kb;
}

static int m2__tok_junction_has(const struct m2__tokenizer *t, uint64_t key) {
    uint32_t h;
    if (!key) return t->junction_zero;
    for (h = (uint32_t)m2__tok_mix64(key) & t->junction_mask; t->junction[h]; h = (h + 1) & t->junction_mask)
        if (t->junction[h] == key) return 1;
    return 0;
}

/* A long word (SentencePiece-style files merge a whole line, or a whole text, as one word), cut
   into pieces merged one by one. Exact: where the characters x | y meet, with x and y each one
   symbol (a token of its own), a merge could only ever join the two sides by merging some A
   ending in x with some B starting with y; as every merged string is the concatenation of its
   parts (m2__tok_junction_build checks), str(A) ends with x and str(B) starts with y, so the
   pair (x, y) is the junction of a merge. Where it is not, no merge crosses, the merges on
   either side never meet, and each side merges alone as it would within the whole (their order
   among themselves is unchanged). Cutting also lets the word cache serve the pieces. */
static m2_result m2__tok_bpe2_long(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n) {
    size_t start = 0, i = 0, len, nlen;
    m2_result r;
    len = s[0] < 0x80 ? 1 : (m2__utf8_get(s, &len), len);
    while (i + len < n) {
        size_t j = i + len;
        uint64_t key;
        nlen = s[j] < 0x80 ? 1 : (m2__utf8_get(s + j, &nlen), nlen);
        key = len == 1 && nlen == 1 ? (uint64_t)s[i] << 56 | (uint64_t)s[j] << 24 /* two ASCII characters */
                                    : m2__tok_junction_key(s + i, len, s + j, nlen);
        if (!m2__tok_junction_has(t, key) &&
            (s[i] < 0x80 ? t->ascii_id[s[i]] : m2__tok_vocab_find(t, s + i, len)) >= 0 &&
            (s[j] < 0x80 ? t->ascii_id[s[j]] : m2__tok_vocab_find(t, s + j, nlen)) >= 0) {
            r = m2__tok_bpe2_merge(t, w, s + start, j - start);
            if (r != M2_OK) return r;
            start = j;
        }
        i = j;
        len = nlen;
    }
    return m2__tok_bpe2_merge(t, w, s + start, n - start);
}

/* One word: with ignore_merges a whole-word vocabulary hit wins (looked up here when the cache
   may also hold cut pieces, which skip it), else its symbols merged. */
static m2_result m2__tok_bpe2(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n) {
    if ((t->v2flags & M2__TOK2_IGNORE_MERGES) && t->junction) {
        int32_t id = m2__tok_vocab_find(t, s, n);
        if (id >= 0) { m2__tok_emit(w, id); return M2_OK; }
    }
    if (n > M2__TOK_CUT_MIN && t->junction && !(w->plain & M2__TOKW_NO_CUT)) return m2__tok_bpe2_long(t, w, s, n);
    return m2__tok_bpe2_merge(t, w, s, n);
}

/* ---- pre-tokenizer program ---- */

static m2_result m2__tok_pre(const struct m2__tokenizer *t, m2_tokenize_work *w, uint32_t k,
                             const unsigned char *s, size_t n, int origin);

/* One Split: the matches and the text between them become pieces as the behaviour says
   (normalizer.rs NormalizedString::split), each passed on to op k + 1 as soon as it is final. */
typedef struct m2__tok_splitter {
    uint32_t next_op, behavior;
    int origin, have, pend_match, prev_match;
    size_t pa, pb;
} m2__tok_splitter;

static m2_result m2__tok_split_flush(const struct m2__tokenizer *t, m2_tokenize_work *w, m2__tok_splitter *sp,
                                     const unsigned char *s) {
    if (!sp->have) return M2_OK;
    sp->have = 0;
    return m2__tok_pre(t, w, sp->next_op, s + sp->pa, sp->pb - sp->pa, sp->origin && sp->pa == 0);
}

static m2_result m2__tok_split_event(const struct m2__tokenizer *t, m2_tokenize_work *w, m2__tok_splitter *sp,
                                     const unsigned char *s, size_t a, size_t b, int m) {
    m2_result r = M2_OK;
    switch (sp->behavior) {
    case 0: /* Removed */
        if (!m) return m2__tok_pre(t, w, sp->next_op, s + a, b - a, sp->origin && a == 0);
        return M2_OK;
    case 1: /* Isolated */
        return m2__tok_pre(t, w, sp->next_op, s + a, b - a, sp->origin && a == 0);
    case 2: /* MergedWithPrevious */
        if (m && !sp->prev_match && sp->have) sp->pb = b;
        else { r = m2__tok_split_flush(t, w, sp, s); sp->have = 1; sp->pa = a; sp->pb = b; }
        break;
    case 3: /* MergedWithNext */
        if (!m && sp->have && sp->pend_match) { sp->pb = b; r = m2__tok_split_flush(t, w, sp, s); }
        else {
            r = m2__tok_split_flush(t, w, sp, s);
            if (r != M2_OK) return r;
            if (m) { sp->have = 1; sp->pend_match = 1; sp->pa = a; sp->pb = b; }
            else r = m2__tok_pre(t, w, sp->next_op, s + a, b - a, sp->origin && a == 0);
        }
        break;
    default: /* Contiguous */
        if (sp->have && m == sp->prev_match) sp->pb = b;
        else { r = m2__tok_split_flush(t, w, sp, s); sp->have = 1; sp->pa = a; sp->pb = b; }
    }
    sp->prev_match = m;
    return r;
}

static m2_result m2__tok_pre(const struct m2__tokenizer *t, m2_tokenize_work *w, uint32_t k,
                             const unsigned char *s, size_t n, int origin) {
    const unsigned char *op;
    uint32_t kind, a, b;
    if (n == 0) return M2_OK; /* empty pieces are dropped (PreTokenizedString::split) */
    if (k >= t->n_pre) return m2__tok_bpe2(t, w, s, n);
    op = t->pre_ops + 16 * (size_t)k;
    kind = m2__tok_rd32(op); a = m2__tok_rd32(op + 4); b = m2__tok_rd32(op + 8);
    if (kind == M2__TP_SPLIT) {
        const m2__rx *rx = &t->rx[a];
        m2__tok_splitter sp;
        int inv = m2__tok_rd32(op + 12) != 0;
        size_t pos = 0, ms, me;
        m2_result r;
        memset(&sp, 0, sizeof sp);
        sp.next_op = k + 1; sp.behavior = b; sp.origin = origin;
        while (pos < n && m2__rx_search(rx, a, w, s, n, pos, &ms, &me)) {
            if (ms > pos && (r = m2__tok_split_event(t, w, &sp, s, pos, ms, inv)) != M2_OK) return r;
            if ((r = m2__tok_split_event(t, w, &sp, s, ms, me, !inv)) != M2_OK) return r;
            pos = me;
        }
        if (pos < n && (r = m2__tok_split_event(t, w, &sp, s, pos, n, inv)) != M2_OK) return r;
        return m2__tok_split_flush(t, w, &sp, s);
    }
    if (kind == M2__TP_PREFIX_SPACE) { /* ByteLevel add_prefix_space: each piece */
        unsigned char *o;
        if (s[0] == ' ') return m2__tok_pre(t, w, k + 1, s, n, origin);
        o = m2__tok_buf(w, 3 + (int)k, n + 1, 0);
        if (!o) return M2_ERR_OUT_OF_MEMORY;
        o[0] = ' ';
        memcpy(o + 1, s, n);
        return m2__tok_pre(t, w, k + 1, o, n + 1, origin);
    } else { /* Metaspace: ' ' -> replacement, then the prefix as prepend_scheme says */
        size_t rl, i, cnt = 0, on = 0;
        const unsigned char *rep = m2__tok_string(t, a, &rl);
        unsigned char *o;
        int pre;
        for (i = 0; i < n; i++) cnt += s[i] == ' ';
        if (n > ((size_t)-1) / 4 - rl) return M2_ERR_OUT_OF_MEMORY;
        o = m2__tok_buf(w, 3 + (int)k, n + cnt * rl + rl + 1, 0);
        if (!o) return M2_ERR_OUT_OF_MEMORY;
        pre = (b == 2 || (b == 1 && origin)) && !(s[0] == ' ' || (n >= rl && memcmp(s, rep, rl) == 0));
        if (pre) { memcpy(o, rep, rl); on = rl; }
        for (i = 0; i < n; i++) {
            if (s[i] == ' ') { memcpy(o + on, rep, rl); on += rl; }
            else o[on++] = s[i];
        }
        return m2__tok_pre(t, w, k + 1, o, on, origin);
    }
}

/* ---- decoder chain (tok_version 2, files that are not byte-level) ----
   decoders/{byte_fallback,fuse,strip,replace,metaspace}.rs decode_chain: each step maps the list of token strings to a new list; the text is
   their concatenation. Stream mode builds the piece of one token as m2_decode_stream shows it:
   byte tokens pass as raw bytes (the stream's UTF-8 holding joins them), and the steps that look
   at the whole text (Strip after Fuse, Metaspace's first token) act on the stream's first token. */

typedef struct m2__dl {
    unsigned char *buf; size_t n, cap;
    size_t *tok; size_t nt, tcap; /* (offset, length) pairs */
} m2__dl;

static m2_result m2__dl_bytes(const m2_allocator *a, m2__dl *l, const unsigned char *p, size_t n) {
    if (n > ((size_t)-1) / 2 - l->n) return M2_ERR_OUT_OF_MEMORY;
    if (l->n + n > l->cap) {
        void *q = m2__tok_grow(a, l->buf, &l->cap, l->n + n, 1, l->n);
        if (!q) return M2_ERR_OUT_OF_MEMORY;
        l->buf = (unsigned char *)q;
    }
    if (n) memcpy(l->buf + l->n, p, n);
    l->n += n;
    l->tok[2 * l->nt - 1] += n;
    return M2_OK;
}

static m2_result m2__dl_new(const m2_allocator *a, m2__dl *l) {
    if (2 * l->nt + 2 > l->tcap) {
        void *q = m2__tok_grow(a, l->tok, &l->tcap, 2 * l->nt + 2, sizeof(size_t), 2 * l->nt);
        if (!q) return M2_ERR_OUT_OF_MEMORY;
        l->tok = (size_t *)q;
    }
    if (!l->buf) { /* a list with tokens always has a buffer: buf + offset is then never NULL + 0 */
        void *q = m2__tok_grow(a, l->buf, &l->cap, 16, 1, 0);
        if (!q) return M2_ERR_OUT_OF_MEMORY;
        l->buf = (unsigned char *)q;
    }
    l->tok[2 * l->nt] = l->n;
    l->tok[2 * l->nt + 1] = 0;
    l->nt++;
    return M2_OK;
}

static void m2__dl_free(const m2_allocator *a, m2__dl *l) {
    if (l->buf) m2__free(a, l->buf);
    if (l->tok) m2__free(a, l->tok);
    memset(l, 0, sizeof *l);
}

/* "<0xNN>" as ByteFallback reads it (u8::from_str_radix of the two characters, which also takes
   "+N"): the byte, or -1 */
static int m2__tok_fallback_byte(const unsigned char *p, size_t n) {
    int v = 0, i;
    if (n != 6 || p[0] != '<' || p[1] != '0' || p[2] != 'x' || p[5] != '>') return -1;
    for (i = 3; i < 5; i++) {
        int c = p[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (i == 3 && c == '+') continue;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

static int m2__tok_valid_utf8(const unsigned char *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        i += m2__utf8_step(p + i, n - i, &cp);
        if (cp >= M2__UTF8_CUT) return 0;
    }
    return 1;
}

/* run the chain; the result's concatenation is in *res (its tokens are not needed after) */
static m2_result m2__tok_chain(const struct m2__tokenizer *t, const m2_allocator *a, const int32_t *ids, size_t nids,
                               int stream, int first, m2__dl *res) {
    m2__dl l[2];
    int cur = 0, fused = 0;
    size_t i, j;
    uint32_t k;
    m2_result r = M2_OK;
    memset(l, 0, sizeof l);
    for (i = 0; i < nids && r == M2_OK; i++) {
        size_t len;
        const unsigned char *p = m2__tok_decode_piece(t, (uint32_t)ids[i], &len);
        r = m2__dl_new(a, &l[0]);
        if (r == M2_OK) r = m2__dl_bytes(a, &l[0], p, len);
    }
    for (k = 0; k < t->n_decop && r == M2_OK; k++) {
        const unsigned char *op = t->dec_ops + 16 * (size_t)k;
        uint32_t kind = m2__tok_rd32(op), x = m2__tok_rd32(op + 4), y = m2__tok_rd32(op + 8), z = m2__tok_rd32(op + 12);
        m2__dl *in = &l[cur], *out = &l[cur ^ 1];
        out->n = out->nt = 0;
        if (kind == M2__TD_FUSE || (kind == M2__TD_JOIN && !stream)) {
            fused = 1;
            if (stream) continue; /* one token: nothing to join */
            r = m2__dl_new(a, out);
            for (i = 0; i < in->nt && r == M2_OK; i++) {
                if (kind == M2__TD_JOIN && i) r = m2__dl_bytes(a, out, (const unsigned char *)" ", 1);
                if (r == M2_OK) r = m2__dl_bytes(a, out, in->buf + in->tok[2 * i], in->tok[2 * i + 1]);
            }
        } else if (kind == M2__TD_BYTEFALLBACK) {
            size_t run = 0; /* byte tokens wait in out's last token until the run ends */
            for (i = 0; i <= in->nt && r == M2_OK; i++) {
                const unsigned char *p = i < in->nt ? in->buf + in->tok[2 * i] : NULL;
                size_t n = i < in->nt ? in->tok[2 * i + 1] : 0;
                int b = p ? m2__tok_fallback_byte(p, n) : -1;
                unsigned char bb = (unsigned char)(b & 0xFF);
                if (b >= 0 && !stream) {
                    if (!run) r = m2__dl_new(a, out);
                    if (r == M2_OK) r = m2__dl_bytes(a, out, &bb, 1);
                    run++;
                    continue;
                }
                if (run && !m2__tok_valid_utf8(out->buf + out->tok[2 * out->nt - 2], run)) {
                    /* the whole run becomes one U+FFFD per byte */
                    size_t q;
                    out->n -= run; out->nt--;
                    for (q = 0; q < run && r == M2_OK; q++) {
                        r = m2__dl_new(a, out);
                        if (r == M2_OK) r = m2__dl_bytes(a, out, (const unsigned char *)"\xEF\xBF\xBD", 3);
                    }
                }
                run = 0;
                if (!p || r != M2_OK) continue;
                r = m2__dl_new(a, out);
                if (r == M2_OK) r = b >= 0 ? m2__dl_bytes(a, out, &bb, 1) : m2__dl_bytes(a, out, p, n);
            }
        } else {
            for (i = 0; i < in->nt && r == M2_OK; i++) {
                size_t n = in->tok[2 * i + 1], len;
                const unsigned char *p = n ? in->buf + in->tok[2 * i] : (const unsigned char *)""; /* no offset from a NULL buffer */
                int is_first = stream ? first : i == 0;
                r = m2__dl_new(a, out);
                if (r != M2_OK) break;
                if (kind == M2__TD_JOIN) { /* stream mode */
                    if (!first) r = m2__dl_bytes(a, out, (const unsigned char *)" ", 1);
                    if (r == M2_OK) r = m2__dl_bytes(a, out, p, n);
                } else if (kind == M2__TD_REPLACE) {
                    size_t pl, cl;
                    const unsigned char *pat = m2__tok_string(t, x, &pl), *con = m2__tok_string(t, y, &cl);
                    for (j = 0; j < n && r == M2_OK;) {
                        if (pl && j + pl <= n && memcmp(p + j, pat, pl) == 0) { r = m2__dl_bytes(a, out, con, cl); j += pl; }
                        else { r = m2__dl_bytes(a, out, p + j, 1); j++; }
                    }
                } else if (kind == M2__TD_METASPACE) {
                    for (j = 0; j < n && r == M2_OK; j += len) {
                        uint32_t c = m2__utf8_get(p + j, &len);
                        if (c != x) r = m2__dl_bytes(a, out, p + j, len);
                        else if (!(is_first && y)) r = m2__dl_bytes(a, out, (const unsigned char *)" ", 1);
                    }
                } else if (kind == M2__TD_STRIP) {
                    size_t s0 = 0, s1 = n, c;
                    if (!(stream && fused && !first)) {
                        for (c = 0; c < y && s0 < n && m2__utf8_get(p + s0, &len) == x; c++) s0 += len;
                        if (!stream || !fused)
                            for (c = 0; c < z && s1 > s0; c++) {
                                size_t q = s1;
                                do q--; while (q > s0 && (p[q] & 0xC0) == 0x80);
                                if (m2__utf8_get(p + q, &len) != x) break;
                                s1 = q;
                            }
                    }
                    r = m2__dl_bytes(a, out, p + s0, s1 - s0);
                } else {
                    r = m2__dl_bytes(a, out, p, n); /* ByteFallback in stream mode */
                    if (kind == M2__TD_BYTEFALLBACK) {
                        int b = m2__tok_fallback_byte(p, n);
                        if (b >= 0) { unsigned char bb = (unsigned char)b; out->n -= n; out->tok[2 * out->nt - 1] = 0; r = m2__dl_bytes(a, out, &bb, 1); }
                    }
                }
            }
        }
        if (kind == M2__TD_FUSE) fused = 1;
        cur ^= 1;
    }
    m2__dl_free(a, &l[cur ^ 1]);
    if (r != M2_OK) { m2__dl_free(a, &l[cur]); return r; }
    *res = l[cur];
    return M2_OK;
}

/* ---- added tokens (added_vocabulary.rs find_matches) ---- */

/* Leftmost-longest match at or after `from` (aho-corasick MatchKind::LeftmostLongest). */
static int m2__tok_trie_find(const m2__tok_trie *tr, const unsigned char *s, size_t n, size_t from,
                             size_t *at, size_t *mlen) {
    size_t i;
    for (i = from; i < n; i++) {
        int32_t node = tr->root[s[i]];
        int32_t best = -1;
        size_t k = i, blen = 0;
        while (node >= 0) {
            const m2__tok_trie_node *nd = &tr->nodes[node];
            if (nd->added >= 0) { best = nd->added; blen = k - i + 1; }
            if (++k >= n) break;
            for (node = nd->child; node >= 0 && tr->nodes[node].byte != s[k]; node = tr->nodes[node].sibling) {}
        }
        if (best >= 0) { *at = i; *mlen = blen; return best; }
    }
    return -1;
}

/* The regex crate's \w at the end / start of a string (added_vocabulary.rs ends_with_word). */
static int m2__tok_word_before(const unsigned char *s, size_t at) {
    size_t i = at, len;
    if (at == 0) return 0;
    do i--; while (i > 0 && (s[i] & 0xC0) == 0x80);
    return (m2__uprop(m2__utf8_get(s + i, &len)) & M2__UP_WORD) != 0;
}

static int m2__tok_is_space(const unsigned char *s, size_t *len) {
    return (m2__uprop(m2__utf8_get(s, len)) & M2__UP_CLASS) == 3;
}

static m2_result m2__tok_piece(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n, int raw, int origin);

/* Split s[0..n) on the added tokens of one set, as HF's find_matches: every match of the
   automaton is consumed even when single_word or M2_TOKENIZE_NO_SPECIAL then discards it;
   lstrip / rstrip widen the token over neighbouring White_Space. The pieces between go on to
   the next stage. */
static m2_result m2__tok_split_added(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s,
                                     size_t n, int raw, int origin) {
    const m2__tok_trie *tr = raw ? &t->trie_raw : &t->trie_norm;
    size_t pos = 0, start_offset = 0, at = 0, mlen = 0;
    m2_result r;
    if (tr->n_nodes > 0) {
        for (;;) {
            int k = m2__tok_trie_find(tr, s, n, pos, &at, &mlen);
            const m2__tok_added *a;
            size_t start = at, stop = at + mlen, len;
            if (k < 0) break;
            pos = stop;
            a = &t->added[k];
            if ((w->flags & M2_TOKENIZE_NO_SPECIAL) && (a->flags & M2__TOK_SPECIAL)) continue;
            if (a->flags & M2__TOK_SINGLE_WORD) {
                int start_space = start == 0 || !m2__tok_word_before(s, start);
                int stop_space = stop == n || !(m2__uprop(m2__utf8_get(s + stop, &len)) & M2__UP_WORD);
                if (!start_space || !stop_space) continue;
            }
            if (a->flags & M2__TOK_LSTRIP) {
                size_t ns = start;
                while (ns > start_offset) {
                    size_t b = ns;
                    do b--; while (b > 0 && (s[b] & 0xC0) == 0x80);
                    if (!m2__tok_is_space(s + b, &len)) break;
                    ns = b;
                }
                /* never below start_offset: spaces a previous token took stay there */
                start = ns > start_offset ? ns : start_offset;
            }
            if (a->flags & M2__TOK_RSTRIP)
                while (stop < n && m2__tok_is_space(s + stop, &len)) stop += len;
            /* A match inside the spaces an rstrip token took, which lstrip then moves to their
               end: when that leaves nothing, HF drops the empty piece, token and all (pieces with
               no text are filtered out in PreTokenizedString::split); past the match's end it
               panics ("AddedVocabulary bad split"), and we drop it the same way. */
            if (start >= stop) continue;
            if (start_offset < start) {
                r = m2__tok_piece(t, w, s + start_offset, start - start_offset, raw, origin && start_offset == 0);
                if (r != M2_OK) return r;
            }
            m2__tok_emit(w, a->id);
            start_offset = stop;
        }
    }
    if (start_offset < n) return m2__tok_piece(t, w, s + start_offset, n - start_offset, raw, origin && start_offset == 0);
    return M2_OK;
}

/* A piece between added tokens: after the raw split it is normalised and split again on the
   normalised set; after that it is pre-tokenised. */
static m2_result m2__tok_piece(const struct m2__tokenizer *t, m2_tokenize_work *w, const unsigned char *s, size_t n, int raw, int origin) {
    m2_result r;
    if (!raw) return t->version == 2 ? m2__tok_pre(t, w, 0, s, n, origin) : m2__tok_pretokenize(t, w, s, n);
    if (t->version == 2) r = m2__tok_normalize(t, w, s, n, &s, &n);
    else r = t->normalizer == 1 ? m2__nfc(w, s, n, &s, &n) : M2_OK;
    if (r != M2_OK) return r;
    return m2__tok_split_added(t, w, s, n, 0, origin);
}

/* ---- loading ---- */

static m2_result m2__tok_trie_build(m2__tok_trie *tr, const m2__tok_added *added, uint32_t n_added, int normalized,
                                    size_t total_len, const m2_allocator *alloc) {
    uint32_t pass, i;
    size_t j;
    for (j = 0; j < 256; j++) tr->root[j] = -1;
    tr->n_nodes = 0;
    tr->nodes = NULL;
    if (total_len == 0) return M2_OK;
    tr->nodes = (m2__tok_trie_node *)m2__alloc(alloc, total_len * sizeof(m2__tok_trie_node));
    if (!tr->nodes) return M2_ERR_OUT_OF_MEMORY;
    /* Pattern order decides between identical contents: special tokens first, then the others,
       each in file order (added_vocabulary.rs refresh_added_tokens); the first one keeps it. */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < n_added; i++) {
            const m2__tok_added *a = &added[i];
            int32_t node = -1;
            if (!(a->flags & M2__TOK_NORMALIZED) != !normalized) continue;
            if ((pass == 0) != ((a->flags & M2__TOK_SPECIAL) != 0)) continue;
            if (a->len == 0) continue; /* HF ignores empty added tokens */
            for (j = 0; j < a->len; j++) {
                unsigned char b = a->text[j];
                int32_t *link = node < 0 ? &tr->root[b] : &tr->nodes[node].child;
                int32_t cur = *link;
                while (cur >= 0 && tr->nodes[cur].byte != b) {
                    link = &tr->nodes[cur].sibling;
                    cur = *link;
                }
                if (cur < 0) {
                    m2__tok_trie_node *nd = &tr->nodes[tr->n_nodes];
                    nd->child = nd->sibling = nd->added = -1;
                    nd->byte = b;
                    cur = (int32_t)tr->n_nodes++;
                    *link = cur;
                }
                node = cur;
            }
            if (tr->nodes[node].added < 0) tr->nodes[node].added = (int32_t)i;
        }
    }
    return M2_OK;
}

static void m2__tokenizer_free(struct m2__tokenizer *t, const m2_allocator *alloc) {
    if (!t) return;
    if (t->merges) m2__free(alloc, t->merges);
    if (t->vocab_hash) m2__free(alloc, t->vocab_hash);
    if (t->added) m2__free(alloc, t->added);
    if (t->added_text) m2__free(alloc, t->added_text);
    if (t->trie_raw.nodes) m2__free(alloc, t->trie_raw.nodes);
    if (t->trie_norm.nodes) m2__free(alloc, t->trie_norm.nodes);
    if (t->dec) m2__free(alloc, t->dec);
    if (t->dec_pool) m2__free(alloc, t->dec_pool);
    if (t->str) m2__free(alloc, (void *)t->str);
    if (t->str_len) m2__free(alloc, t->str_len);
    if (t->rx) {
        uint32_t k;
        for (k = 0; k < t->n_rx; k++) {
            if (t->rx[k].inst) m2__free(alloc, t->rx[k].inst);
            if (t->rx[k].cls) m2__free(alloc, t->rx[k].cls);
            if (t->rx[k].ranges) m2__free(alloc, t->rx[k].ranges);
            if (t->rx[k].start_pcs) m2__free(alloc, t->rx[k].start_pcs);
        }
        m2__free(alloc, t->rx);
    }
    if (t->sp_off) m2__free(alloc, t->sp_off);
    if (t->sp_pool) m2__free(alloc, t->sp_pool);
    if (t->junction) m2__free(alloc, t->junction);
    m2__free(alloc, t);
}

/* The byte-level alphabet (GPT-2 bytes_to_unicode): the printable Latin-1 characters stand for
   their own byte, the 68 others are moved to U+0100.. in byte order. -1: not in the alphabet. */
static int m2__tok_alphabet_byte(uint32_t c) {
    uint32_t b, k = 0;
    if ((c >= 0x21 && c <= 0x7E) || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE && c <= 0xFF)) return (int)c;
    if (c < 0x100 || c >= 0x100 + 68) return -1;
    for (b = 0; b < 256; b++) {
        if ((b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF)) continue;
        if (k++ == c - 0x100) return (int)b;
    }
    return -1;
}

/* HF decodes an added token from its stored content, which is the normalised content when the
   token is normalized=true (AddedVocabulary keeps it so), through the ByteLevel decoder: a token
   made only of byte-level alphabet characters becomes those bytes ("caf\u00e9" -> "caf" 0xE9,
   shown as "caf\uFFFD"), any other is taken as UTF-8 (decoders/byte_level.rs decode_chain). The
   file holds the content itself, so the few tokens where that differs get their decoded bytes
   here. Called once the added texts are final (normalised ones NFC'd). */
static m2_result m2__tok_decode_fixups(struct m2__tokenizer *t, const m2_allocator *alloc) {
    uint32_t i, j, k, n = 0;
    size_t pool = 0, q = 0;
    for (i = 0; i < t->n_added; i++) pool += t->added[i].len;
    t->dec = (m2__tok_fix *)m2__alloc(alloc, (t->n_added + 1) * sizeof(m2__tok_fix));
    t->dec_pool = (unsigned char *)m2__alloc(alloc, pool + 1);
    if (!t->dec || !t->dec_pool) return M2_ERR_OUT_OF_MEMORY;
    for (i = 0; i < t->n_added; i++) {
        const m2__tok_added *a = &t->added[i];
        size_t len, p, blen;
        const unsigned char *b;
        int all = 1;
        for (j = i + 1; j < t->n_added && t->added[j].id != a->id; j++) {}
        if (j < t->n_added) continue; /* the last entry of a repeated id wins, as in HF's map */
        all = t->version == 1 || (t->v2flags & M2__TOK2_BYTE_LEVEL);
        for (p = 0; p < a->len && all; p += len) all = m2__tok_alphabet_byte(m2__utf8_get(a->text + p, &len)) >= 0;
        b = m2__tok_token(t, (uint32_t)a->id, &blen);
        t->dec[n].id = (uint32_t)a->id;
        t->dec[n].off = (uint32_t)q;
        if (all)
            for (p = 0; p < a->len; p += len) t->dec_pool[q++] = (unsigned char)m2__tok_alphabet_byte(m2__utf8_get(a->text + p, &len));
        else { memcpy(t->dec_pool + q, a->text, a->len); q += a->len; }
        t->dec[n].len = (uint32_t)(q - t->dec[n].off);
        if (t->dec[n].len == blen && memcmp(b, t->dec_pool + t->dec[n].off, blen) == 0) { q = t->dec[n].off; continue; }
        n++;
    }
    for (i = 1; i < n; i++) { /* ids ascending, for the bisection */
        m2__tok_fix x = t->dec[i];
        for (k = i; k > 0 && t->dec[k - 1].id > x.id; k--) t->dec[k] = t->dec[k - 1];
        t->dec[k] = x;
    }
    t->n_dec = n;
    return M2_OK;
}

static m2_result m2__tokenize_work_init(m2_tokenize_work *w, const m2_allocator *alloc, int with_cache);
static void m2__tokenize_work_release(m2_tokenize_work *w);

#define M2__TOK_FAIL(code, ...) do { m2__set_err(err, err_size, __VA_ARGS__); return (code); } while (0)
#define M2__TOK_OOM() M2__TOK_FAIL(M2_ERR_OUT_OF_MEMORY, "tokenizer: out of memory")

/* Phase 1: the fixed header (README.md, File format §3), either version. *p: where the vocabulary
   offsets begin. */
static m2_result m2__tok_load_header(struct m2__tokenizer *t, const unsigned char *sec, size_t size, int vocab_rows,
                                     size_t *p, char *err, size_t err_size) {
    uint32_t v[25], i;
    static const char *const names[8] = {"tok_version", "model_kind", "normalizer", "pretokenizer",
                                         "flags", "n_vocab", "n_merges", "n_added"};
    if (size < 8) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu bytes is too short", (unsigned long)size);
    t->version = m2__tok_rd32(sec);
    if (t->version == 1) {
        if (size < 36 + 1024 + 4) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu bytes is too short", (unsigned long)size);
        for (i = 0; i < 8; i++) v[i] = m2__tok_rd32(sec + 4 * i);
        if (v[1] != 1 || v[2] > 1 || v[3] != 1 || (v[4] & ~3u)) {
            int f = v[1] != 1 ? 1 : v[2] > 1 ? 2 : v[3] != 1 ? 3 : 4;
            M2__TOK_FAIL(M2_ERR_UNSUPPORTED, "tokenizer section: unsupported %s %lu", names[f], (unsigned long)v[f]);
        }
        t->normalizer = v[2];
        t->flags = v[4];
        t->n_vocab = v[5]; t->n_merges = v[6]; t->n_added = v[7];
        t->eos_id = (int32_t)m2__tok_rd32(sec + 32);
        t->bos_id = t->unk_id = t->sub_str = t->suf_str = -1;
        *p = 36;
        for (i = 0; i < 256; i++) t->byte_to_id[i] = (int32_t)m2__tok_rd32(sec + 36 + 4 * i);
        *p += 1024;
    } else if (t->version == 2) {
        if (size < 100) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu bytes is too short", (unsigned long)size);
        for (i = 0; i < 25; i++) v[i] = m2__tok_rd32(sec + 4 * i);
        if (v[1] != 1) M2__TOK_FAIL(M2_ERR_UNSUPPORTED, "tokenizer section: unsupported model_kind %lu", (unsigned long)v[1]);
        if (v[2] & ~15u) M2__TOK_FAIL(M2_ERR_UNSUPPORTED, "tokenizer section: unsupported flags 0x%lx", (unsigned long)v[2]);
        if (v[21] || v[22] || v[23] || v[24]) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: reserved header fields are not zero");
        t->n_decode_only = v[18];
        t->v2flags = v[2];
        t->flags = (v[2] & M2__TOK2_IGNORE_MERGES) ? M2__TOK_IGNORE_MERGES : 0;
        t->n_vocab = v[3]; t->n_merges = v[4]; t->n_added = v[5];
        t->unk_id = (int32_t)v[6];
        t->n_strings = v[7]; t->n_rx = v[8]; t->n_norm = v[9]; t->n_pre = v[10]; t->n_decop = v[11];
        t->n_post_pre = v[12]; t->n_post_suf = v[13]; t->n_named = v[14];
        t->sub_str = (int32_t)v[15]; t->suf_str = (int32_t)v[16];
        t->chat_str = v[17];
        t->eos_id = (int32_t)v[19]; t->bos_id = (int32_t)v[20];
        if (t->n_pre > M2__TOK_MAX_OPS || t->n_decop > M2__TOK_MAX_OPS || t->n_norm > M2__TOK_MAX_OPS)
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: more than %d steps in a program", M2__TOK_MAX_OPS);
        *p = 100;
    } else {
        M2__TOK_FAIL(M2_ERR_VERSION, "tokenizer section: tok_version %lu, this build reads 1 and 2", (unsigned long)t->version);
    }
    if (t->n_vocab == 0 || t->n_vocab > 0x7FFFFFFFu || (vocab_rows > 0 && t->n_vocab > (uint32_t)vocab_rows))
        M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: n_vocab %lu is not in 1..vocab_rows (%d)", (unsigned long)t->n_vocab, vocab_rows);
    if (t->eos_id < -1 || t->eos_id >= (int32_t)t->n_vocab) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: eos_id %ld out of range", (long)t->eos_id);
    if (t->bos_id < -1 || t->bos_id >= (int32_t)t->n_vocab) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: bos_id %ld out of range", (long)t->bos_id);
    if (t->unk_id < -1 || t->unk_id >= (int32_t)t->n_vocab) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: unk_id %ld out of range", (long)t->unk_id);
    for (i = 0; i < 256; i++)
        if (t->byte_to_id[i] < -1 || t->byte_to_id[i] >= (int32_t)t->n_vocab)
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: byte_to_id[%lu] = %ld out of range", (unsigned long)i, (long)t->byte_to_id[i]);
    return M2_OK;
}

/* Phase 2: vocabulary offsets and blob, merges (into their hash table), added tokens. */
static m2_result m2__tok_load_tables(struct m2__tokenizer *t, const unsigned char *sec, size_t size, size_t *pp,
                                     const m2_allocator *alloc, char *err, size_t err_size) {
    size_t p = *pp, blob_size, i, cap, probes = 0;
    uint32_t u;
    if ((size - p) / 4 < (size_t)t->n_vocab + 1 + 1) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: vocab offsets (n_vocab %lu) run past its end", (unsigned long)t->n_vocab);
    t->offsets = sec + p;
    p += 4 * ((size_t)t->n_vocab + 1);
    blob_size = m2__tok_rd32(sec + p);
    p += 4;
    if (blob_size > size - p) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: vocab blob (%lu bytes) runs past its end", (unsigned long)blob_size);
    if (m2__tok_rd32(t->offsets) != 0 || m2__tok_rd32(t->offsets + 4 * (size_t)t->n_vocab) != blob_size)
        M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: vocab offsets must run from 0 to vocab_blob_size");
    for (i = 0, u = 0; i < t->n_vocab; i++) {
        uint32_t b = m2__tok_rd32(t->offsets + 4 * (i + 1));
        if (b < u) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: vocab offset %lu decreases", (unsigned long)(i + 1));
        u = b;
    }
    t->blob = sec + p;
    p += blob_size;
    for (; p % 4; p++)
        if (p >= size || sec[p] != 0) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: bad padding after the vocab blob");
    if ((size - p) / 12 < t->n_merges) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu merges run past its end", (unsigned long)t->n_merges);
    /* merges: (left, right) -> (rank, merged) at load factor <= 3/4: a lookup walks a few slots
       more than at 1/2, and a 280k-merge vocabulary takes 8 MB instead of 16 */
    for (cap = 16; 3 * cap < 4 * (size_t)t->n_merges; cap *= 2) {}
    t->merges = (uint32_t *)m2__alloc(alloc, cap * sizeof(uint32_t));
    if (!t->merges) M2__TOK_OOM();
    memset(t->merges, 0xFF, cap * sizeof(uint32_t));
    t->merge_mask = (uint32_t)(cap - 1);
    t->merge_list = sec + p;
    for (i = 0; i < t->n_merges; i++, p += 12) {
        uint32_t a = m2__tok_rd32(sec + p), b = m2__tok_rd32(sec + p + 4), c = m2__tok_rd32(sec + p + 8);
        uint32_t h = m2__tok_hash_pair(a, b) & t->merge_mask;
        if (a >= t->n_vocab || b >= t->n_vocab || c >= t->n_vocab)
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: merge %lu has an id out of range", (unsigned long)i);
        for (probes = 0; t->merges[h] != 0xFFFFFFFFu && !(m2__tok_rd32(t->merge_list + 12 * (size_t)t->merges[h]) == a &&
                                                          m2__tok_rd32(t->merge_list + 12 * (size_t)t->merges[h] + 4) == b) &&
                         probes <= M2__TOK_MAX_RUN; probes++)
            h = (h + 1) & t->merge_mask;
        if (probes > M2__TOK_MAX_RUN)
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: merge %lu collides with %d others in the hash table (a crafted file?)", (unsigned long)i, M2__TOK_MAX_RUN);
        /* a repeated pair keeps its last rank, as HF's HashMap collect does */
        t->merges[h] = (uint32_t)i;
    }
    {
        size_t longest;
        M2__TOK_LONGEST_RUN(cap, t->merges[i] != 0xFFFFFFFFu, longest);
        if (longest > M2__TOK_MAX_RUN) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: the merges crowd one part of the hash table (a crafted file?)");
    }
    if ((size - p) / 12 < t->n_added) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu added tokens run past its end", (unsigned long)t->n_added);
    t->added = (m2__tok_added *)m2__alloc(alloc, (t->n_added ? t->n_added : 1) * sizeof(m2__tok_added));
    if (!t->added) M2__TOK_OOM();
    for (i = 0; i < t->n_added; i++) {
        m2__tok_added *a = &t->added[i];
        uint32_t len;
        if (size - p < 12) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: added token %lu runs past its end", (unsigned long)i);
        a->id = (int32_t)m2__tok_rd32(sec + p);
        a->flags = m2__tok_rd32(sec + p + 4);
        len = m2__tok_rd32(sec + p + 8);
        p += 12;
        if (a->id < 0 || (uint32_t)a->id >= t->n_vocab || (a->flags & ~31u))
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: added token %lu has id %ld / flags %lu out of range", (unsigned long)i, (long)a->id, (unsigned long)a->flags);
        if (len > size - p) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: added token %lu runs past its end", (unsigned long)i);
        a->text = sec + p;
        a->len = len;
        p += len;
        for (; p % 4; p++)
            if (p >= size || sec[p] != 0) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: bad padding after added token %lu", (unsigned long)i);
        /* contents are matched as UTF-8 text: reject what the encoder could never see */
        if (!m2__tok_valid_utf8(a->text, len)) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: added token %lu is not UTF-8", (unsigned long)i);
    }
    *pp = p;
    return M2_OK;
}

/* The states of regex rx reachable from pc 0 without consuming a character, in priority order:
   order[0..*n) (room for n_inst entries). A lookaround or anchor on the way either counts as met
   (assertions_met = 1) or ends the walk with *text_dependent = 1. 0 when out of memory. */
static int m2__rx_closure(const m2__rx *rx, const m2_allocator *alloc, int assertions_met, uint32_t *order, size_t *n, int *text_dependent) {
    uint32_t *stack = (uint32_t *)m2__alloc(alloc, (2 * (size_t)rx->n_inst + 2) * sizeof(uint32_t));
    unsigned char *seen = (unsigned char *)m2__alloc(alloc, rx->n_inst);
    size_t top = 0;
    *n = 0;
    *text_dependent = 0;
    if (!stack || !seen) {
        if (stack) m2__free(alloc, stack);
        if (seen) m2__free(alloc, seen);
        return 0;
    }
    memset(seen, 0, rx->n_inst);
    stack[top++] = 0;
    while (top) {
        uint32_t pc = stack[--top];
        const m2__rx_inst *in = &rx->inst[pc];
        if (seen[pc]) continue;
        seen[pc] = 1;
        if (in->op == M2__RX_LOOK || in->op == M2__RX_ASSERT) {
            if (!assertions_met) { *text_dependent = 1; break; }
            stack[top++] = pc + 1;
        } else if (in->op == M2__RX_JMP) stack[top++] = in->x;
        else if (in->op == M2__RX_SPLIT) { stack[top++] = in->y; stack[top++] = in->x; }
        else order[(*n)++] = pc;
    }
    m2__free(alloc, stack);
    m2__free(alloc, seen);
    return 1;
}

/* 1 if regex rx could match the empty string somewhere (lookarounds and anchors taken as met):
   a Split on such a pattern would find a match at every position without moving past it. HF's
   pre-tokenizer patterns all consume at least one character; the loader refuses the others.
   0 when out of memory. */
static int m2__rx_nullable(const m2__rx *rx, const m2_allocator *alloc, int *nullable) {
    uint32_t *order = (uint32_t *)m2__alloc(alloc, ((size_t)rx->n_inst + 1) * sizeof(uint32_t));
    size_t n = 0, k;
    int text_dependent, ok = order && m2__rx_closure(rx, alloc, 1, order, &n, &text_dependent);
    *nullable = 0;
    for (k = 0; ok && k < n; k++)
        if (rx->inst[order[k]].op == M2__RX_MATCH) *nullable = 1;
    if (order) m2__free(alloc, order);
    return ok;
}

/* 1 if the consuming state `in` accepts ASCII character c */
static int m2__rx_accepts_ascii(const m2__rx *rx, const m2__rx_inst *in, size_t c) {
    if (in->op == M2__RX_CHAR) return in->x == c;
    if (in->op == M2__RX_CLASS) return (int)((rx->cls[in->x].ascii[c >> 6] >> (c & 63)) & 1);
    return in->op == M2__RX_ANY && c != '\n';
}

/* The start table of m2__rx (after the program was checked): pc 0's closure in priority order,
   then for each ASCII character the states of it that accept the character. Left off
   (start_static = 0) when the closure passes a lookaround or anchor: it depends on the text. */
static m2_result m2__rx_start_table(m2__rx *rx, const m2_allocator *alloc) {
    uint32_t *order = (uint32_t *)m2__alloc(alloc, ((size_t)rx->n_inst + 1) * sizeof(uint32_t));
    size_t no = 0, k, c, total = 0;
    int text_dependent = 0;
    m2_result r = M2_OK;
    rx->start_static = 0;
    if (!order || !m2__rx_closure(rx, alloc, 0, order, &no, &text_dependent)) { r = M2_ERR_OUT_OF_MEMORY; goto done; }
    if (text_dependent) goto done;
    for (c = 0; c < 128; c++)
        for (k = 0; k < no; k++) total += (size_t)m2__rx_accepts_ascii(rx, &rx->inst[order[k]], c);
    rx->start_pcs = (uint32_t *)m2__alloc(alloc, (total + 1) * sizeof(uint32_t));
    if (!rx->start_pcs) { r = M2_ERR_OUT_OF_MEMORY; goto done; }
    total = 0;
    for (c = 0; c < 128; c++) {
        rx->start_off[c] = (uint32_t)total;
        for (k = 0; k < no; k++)
            if (m2__rx_accepts_ascii(rx, &rx->inst[order[k]], c)) rx->start_pcs[total++] = order[k];
    }
    rx->start_off[128] = (uint32_t)total;
    rx->start_static = 1;
done:
    if (order) m2__free(alloc, order);
    return r;
}

/* Phase 3 (tok_version 2): strings, regex programs, normalizer / pre-tokenizer / decoder ops,
   post-processor ids, named tokens. */
static m2_result m2__tok_load_program(struct m2__tokenizer *t, const unsigned char *sec, size_t size, size_t *pp,
                                      const m2_allocator *alloc, char *err, size_t err_size) {
    size_t p = *pp, i, j;
    uint32_t k;
    if ((size - p) / 4 < t->n_strings) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu strings run past its end", (unsigned long)t->n_strings);
    t->str = (const unsigned char **)m2__alloc(alloc, (t->n_strings + 1) * sizeof(*t->str));
    t->str_len = (uint32_t *)m2__alloc(alloc, (t->n_strings + 1) * sizeof(uint32_t));
    if (!t->str || !t->str_len) M2__TOK_OOM();
    for (i = 0; i < t->n_strings; i++) {
        uint32_t len;
        if (size - p < 4) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: string %lu runs past its end", (unsigned long)i);
        len = m2__tok_rd32(sec + p);
        p += 4;
        if (len > size - p) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: string %lu runs past its end", (unsigned long)i);
        if (!m2__tok_valid_utf8(sec + p, len)) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: string %lu is not UTF-8", (unsigned long)i);
        t->str[i] = sec + p;
        t->str_len[i] = len;
        p += len;
        for (; p % 4; p++)
            if (p >= size || sec[p] != 0) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: bad padding after string %lu", (unsigned long)i);
    }
    if ((size - p) / 12 < t->n_rx) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: %lu regexes run past its end", (unsigned long)t->n_rx);
    t->rx = (m2__rx *)m2__alloc(alloc, (t->n_rx + 1) * sizeof(m2__rx));
    if (!t->rx) M2__TOK_OOM();
    memset(t->rx, 0, (t->n_rx + 1) * sizeof(m2__rx));
    for (k = 0; k < t->n_rx; k++) {
        m2__rx *rx = &t->rx[k];
        if (size - p < 12) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: regex %lu runs past its end", (unsigned long)k);
        rx->n_inst = m2__tok_rd32(sec + p); rx->n_class = m2__tok_rd32(sec + p + 4); rx->n_range = m2__tok_rd32(sec + p + 8);
        p += 12;
        if (rx->n_inst == 0 || rx->n_inst > M2__RX_MAX_INST || rx->n_class > rx->n_inst || (size - p) / 16 < rx->n_class ||
            (size - p - 16 * (size_t)rx->n_class) / 8 < rx->n_range ||
            (size - p - 16 * (size_t)rx->n_class - 8 * (size_t)rx->n_range) / 12 < rx->n_inst)
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: regex %lu has bad counts or runs past its end", (unsigned long)k);
        rx->inst = (m2__rx_inst *)m2__alloc(alloc, rx->n_inst * sizeof(m2__rx_inst));
        rx->cls = (m2__rx_class *)m2__alloc(alloc, (rx->n_class + 1) * sizeof(m2__rx_class));
        rx->ranges = (m2__rx_range *)m2__alloc(alloc, (rx->n_range + 1) * sizeof(m2__rx_range));
        if (!rx->inst || !rx->cls || !rx->ranges) M2__TOK_OOM();
        for (i = 0; i < rx->n_class; i++, p += 16) {
            m2__rx_class *c = &rx->cls[i];
            c->neg = m2__tok_rd32(sec + p); c->cats = m2__tok_rd32(sec + p + 4);
            c->first = m2__tok_rd32(sec + p + 8); c->n = m2__tok_rd32(sec + p + 12);
            if (c->neg > 1 || c->first > rx->n_range || c->n > rx->n_range - c->first)
                M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: regex %lu class %lu is out of range", (unsigned long)k, (unsigned long)i);
            c->ascii[0] = c->ascii[1] = 0;
        }
        for (i = 0; i < rx->n_range; i++, p += 8) {
            rx->ranges[i].lo = m2__tok_rd32(sec + p);
            rx->ranges[i].hi = m2__tok_rd32(sec + p + 4);
        }
        for (i = 0; i < rx->n_class; i++) { /* ASCII by bitmap: most text is ASCII */
            uint32_t cp;
            for (cp = 0; cp < 128; cp++)
                if (m2__rx_in_slow(&rx->cls[i], rx->ranges, cp)) rx->cls[i].ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
        }
        for (i = 0; i < rx->n_inst; i++, p += 12) {
            m2__rx_inst *in = &rx->inst[i];
            in->op = m2__tok_rd32(sec + p); in->x = m2__tok_rd32(sec + p + 4); in->y = m2__tok_rd32(sec + p + 8);
            switch (in->op) {
            case M2__RX_MATCH: case M2__RX_CHAR: case M2__RX_ANY: break;
            case M2__RX_CLASS: if (in->x >= rx->n_class) goto bad_inst; break;
            case M2__RX_LOOK: if (in->x >= rx->n_class || in->y > 1 || i + 1 >= rx->n_inst) goto bad_inst; break;
            case M2__RX_ASSERT: if (in->x > 3 || i + 1 >= rx->n_inst) goto bad_inst; break;
            case M2__RX_SPLIT: if (in->y >= rx->n_inst) goto bad_inst; /* fall through */
            case M2__RX_JMP: if (in->x >= rx->n_inst) goto bad_inst; break;
            default: goto bad_inst;
            }
            if ((in->op == M2__RX_CHAR || in->op == M2__RX_CLASS || in->op == M2__RX_ANY) && i + 1 >= rx->n_inst) goto bad_inst;
            continue;
        bad_inst:
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: regex %lu instruction %lu is malformed", (unsigned long)k, (unsigned long)i);
        }
        if (rx->n_inst > t->max_inst) t->max_inst = rx->n_inst;
        {
            int nullable;
            if (!m2__rx_nullable(rx, alloc, &nullable)) M2__TOK_OOM();
            if (nullable) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: regex %lu can match the empty string", (unsigned long)k);
        }
        if (m2__rx_start_table(rx, alloc) != M2_OK) M2__TOK_OOM();
        (void)j;
    }
    {
        uint32_t counts[3];
        const unsigned char **dst[3];
        counts[0] = t->n_norm; counts[1] = t->n_pre; counts[2] = t->n_decop;
        dst[0] = &t->norm_ops; dst[1] = &t->pre_ops; dst[2] = &t->dec_ops;
        for (k = 0; k < 3; k++) {
            if ((size - p) / 16 < counts[k]) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: program %lu runs past its end", (unsigned long)k);
            *dst[k] = sec + p;
            for (i = 0; i < counts[k]; i++) {
                const unsigned char *op = sec + p + 16 * i;
                uint32_t kind = m2__tok_rd32(op), a = m2__tok_rd32(op + 4), b = m2__tok_rd32(op + 8);
                int ok;
                if (k == 0) ok = kind >= M2__TN_NFC && kind <= M2__TN_STRIP &&
                                 ((kind != M2__TN_PREPEND && kind != M2__TN_REPLACE) || a < t->n_strings) &&
                                 (kind != M2__TN_REPLACE || b < t->n_strings);
                else if (k == 1) ok = (kind == M2__TP_SPLIT && a < t->n_rx && b <= 4) || kind == M2__TP_PREFIX_SPACE ||
                                      (kind == M2__TP_METASPACE && a < t->n_strings && b <= 2 && t->str_len[a] > 0);
                else ok = (kind >= M2__TD_BYTELEVEL && kind <= M2__TD_JOIN) &&
                          (kind != M2__TD_REPLACE || (a < t->n_strings && b < t->n_strings)) &&
                          (kind != M2__TD_BYTELEVEL || (t->v2flags & M2__TOK2_BYTE_LEVEL));
                if (!ok) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: step %lu of program %lu is malformed", (unsigned long)i, (unsigned long)k);
            }
            p += 16 * (size_t)counts[k];
        }
    }
    if ((size - p) / 4 < (size_t)t->n_post_pre + t->n_post_suf) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: post-processor ids run past its end");
    t->post = sec + p;
    for (i = 0; i < (size_t)t->n_post_pre + t->n_post_suf; i++)
        if (m2__tok_rd32(t->post + 4 * i) >= t->n_vocab) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: post-processor id out of range");
    p += 4 * ((size_t)t->n_post_pre + t->n_post_suf);
    if ((size - p) / 12 < t->n_named) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: named tokens run past its end");
    t->named = sec + p;
    for (i = 0; i < t->n_named; i++) {
        int32_t id = (int32_t)m2__tok_rd32(sec + p + 12 * i + 8);
        if (m2__tok_rd32(sec + p + 12 * i) >= t->n_strings || m2__tok_rd32(sec + p + 12 * i + 4) >= t->n_strings ||
            id < -1 || id >= (int32_t)t->n_vocab)
            M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: named token %lu is out of range", (unsigned long)i);
    }
    p += 12 * (size_t)t->n_named;
    if ((size - p) / 4 < t->n_decode_only) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: decode-only ids run past its end");
    t->decode_only = sec + p;
    for (i = 0; i < t->n_decode_only; i++)
        if (m2__tok_rd32(t->decode_only + 4 * i) >= t->n_vocab) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: decode-only id out of range");
    p += 4 * (size_t)t->n_decode_only;
    if ((t->sub_str != -1 && (uint32_t)t->sub_str >= t->n_strings) || (t->suf_str != -1 && (uint32_t)t->suf_str >= t->n_strings) ||
        (t->chat_str != 0xFFFFFFFFu && t->chat_str >= t->n_strings))
        M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: a string index is out of range");
    if (t->chat_str != 0xFFFFFFFFu) { t->chat = t->str[t->chat_str]; t->chat_len = t->str_len[t->chat_str]; }
    *pp = p;
    return M2_OK;
}

/* Phase 4: the lookup tables built from what was read. */
/* Put key in the junction table (cap slots) unless there; 0 if that took more than
   M2__TOK_MAX_RUN probes (a crafted file). */
static int m2__tok_junction_put(uint64_t *tab, uint32_t mask, uint64_t key) {
    uint32_t h = (uint32_t)m2__tok_mix64(key) & mask;
    size_t probes;
    for (probes = 0; tab[h] && tab[h] != key; probes++, h = (h + 1) & mask)
        if (probes > M2__TOK_MAX_RUN) return 0;
    tab[h] = key;
    return 1;
}

/* The junction of every merge (m2__tok_bpe2_long), if every merged string is its parts joined;
   otherwise, or if the keys crowd the table, t->junction stays NULL and long words are merged
   whole. The table grows with the distinct keys (a few thousand for 60k merges), kept at most
   half full. */
static m2_result m2__tok_junction_build(struct m2__tokenizer *t, const m2_allocator *alloc) {
    size_t cap = 1024, n_keys = 0, i, j, longest = 0;
    int ok = 1;
    t->junction = (uint64_t *)m2__alloc(alloc, cap * sizeof(uint64_t));
    if (!t->junction) return M2_ERR_OUT_OF_MEMORY;
    memset(t->junction, 0, cap * sizeof(uint64_t));
    t->junction_mask = (uint32_t)(cap - 1);
    for (i = 0; i < t->n_merges && ok; i++) {
        const unsigned char *e = t->merge_list + 12 * i, *a, *b, *c;
        size_t la, lb, lc;
        uint64_t key;
        a = m2__tok_token(t, m2__tok_rd32(e), &la);
        b = m2__tok_token(t, m2__tok_rd32(e + 4), &lb);
        c = m2__tok_token(t, m2__tok_rd32(e + 8), &lc);
        if (la == 0 || lb == 0 || lc != la + lb || memcmp(c, a, la) != 0 || memcmp(c + la, b, lb) != 0) { ok = 0; break; }
        key = m2__tok_junction_key(a, la, b, lb);
        if (!key) { t->junction_zero = 1; continue; }
        if (2 * (n_keys + 1) > cap) { /* grow: rehash into twice the slots */
            uint64_t *g = (uint64_t *)m2__alloc(alloc, 2 * cap * sizeof(uint64_t));
            if (!g) return M2_ERR_OUT_OF_MEMORY; /* t->junction is freed with t */
            memset(g, 0, 2 * cap * sizeof(uint64_t));
            for (j = 0; j < cap && ok; j++)
                if (t->junction[j]) ok = m2__tok_junction_put(g, (uint32_t)(2 * cap - 1), t->junction[j]);
            m2__free(alloc, t->junction);
            t->junction = g;
            cap *= 2;
            t->junction_mask = (uint32_t)(cap - 1);
        }
        if (ok && m2__tok_junction_has(t, key)) continue;
        ok = ok && m2__tok_junction_put(t->junction, t->junction_mask, key);
        n_keys++;
    }
    if (ok) M2__TOK_LONGEST_RUN(cap, t->junction[i] != 0, longest);
    if (!ok || longest > M2__TOK_MAX_RUN) {
        m2__free(alloc, t->junction);
        t->junction = NULL;
    }
    return M2_OK;
}

static m2_result m2__tok_build(struct m2__tokenizer *t, const m2_allocator *alloc, char *err, size_t err_size) {
    size_t i, cap, norm_bytes = 0, total_raw = 0, total_norm = 0, probes = 0;
    m2_result r;
    for (i = 0; i < t->n_added; i++) {
        if (t->added[i].flags & M2__TOK_NORMALIZED) norm_bytes += t->added[i].len; else total_raw += t->added[i].len;
    }
    for (i = 0; i < 128; i++) t->ascii_prop[i] = (unsigned char)m2__uprop((uint32_t)i);
    /* The normalised set is matched against normalised text, so HF normalises its patterns too
       (refresh_added_tokens). The work area is a temporary one. */
    if (norm_bytes && (t->normalizer == 1 || t->n_norm)) {
        m2_tokenize_work w;
        size_t q = 0, qcap = 0;
        unsigned char *pool = NULL;
        r = m2__tokenize_work_init(&w, alloc, 0);
        if (r != M2_OK) M2__TOK_OOM();
        for (i = 0; i < t->n_added && r == M2_OK; i++) {
            m2__tok_added *a = &t->added[i];
            const unsigned char *s = a->text;
            size_t n = a->len;
            if (!(a->flags & M2__TOK_NORMALIZED)) continue;
            r = t->version == 1 ? m2__nfc(&w, a->text, a->len, &s, &n) : m2__tok_normalize(t, &w, a->text, a->len, &s, &n);
            if (r == M2_OK && q + n > qcap) {
                void *np = m2__tok_grow(alloc, pool, &qcap, q + n, 1, q);
                if (!np) r = M2_ERR_OUT_OF_MEMORY; else pool = (unsigned char *)np;
            }
            if (r != M2_OK) break;
            memcpy(pool + q, s, n);
            a->text = (const unsigned char *)(size_t)q; /* an offset until the pool stops moving */
            a->len = (uint32_t)n;
            q += n;
        }
        m2__tokenize_work_release(&w);
        t->added_text = pool;
        if (r != M2_OK) M2__TOK_OOM();
        for (i = 0; i < t->n_added; i++)
            if (t->added[i].flags & M2__TOK_NORMALIZED) t->added[i].text = pool + (size_t)t->added[i].text;
        total_norm = q;
    } else total_norm = norm_bytes;
    r = m2__tok_trie_build(&t->trie_raw, t->added, t->n_added, 0, total_raw, alloc);
    if (r == M2_OK) r = m2__tok_trie_build(&t->trie_norm, t->added, t->n_added, 1, total_norm, alloc);
    if (r == M2_OK) r = m2__tok_decode_fixups(t, alloc);
    if (r != M2_OK) M2__TOK_OOM();

    if (t->version == 2 || (t->flags & M2__TOK_IGNORE_MERGES)) {
        /* token bytes -> id. Version 1 (ignore_merges): the whole-word lookup is in the model's
           vocabulary only (bpe/model.rs), and its blob holds added contents in place of the
           model's strings, so added ids stay out. Version 2's blob is the model's vocabulary. */
        unsigned char *skip = (unsigned char *)m2__alloc(alloc, t->n_vocab);
        for (cap = 16; cap < 2 * (size_t)t->n_vocab; cap *= 2) {}
        t->vocab_hash = (int32_t *)m2__alloc(alloc, cap * sizeof(int32_t));
        if (!t->vocab_hash || !skip) {
            if (skip) m2__free(alloc, skip);
            M2__TOK_OOM();
        }
        memset(skip, 0, t->n_vocab);
        if (t->version == 1)
            for (i = 0; i < t->n_added; i++) skip[t->added[i].id] = 1;
        for (i = 0; i < t->n_decode_only; i++) skip[m2__tok_rd32(t->decode_only + 4 * i)] = 1;
        memset(t->vocab_hash, 0xFF, cap * sizeof(int32_t));
        t->vocab_mask = (uint32_t)(cap - 1);
        for (i = 0; i < t->n_vocab; i++) {
            size_t len, l2;
            const unsigned char *s = m2__tok_token(t, (uint32_t)i, &len);
            uint32_t h = (uint32_t)m2__tok_hash_bytes(s, len) & t->vocab_mask;
            if (len == 0 || skip[i]) continue;
            for (probes = 0; t->vocab_hash[h] >= 0 && probes <= M2__TOK_MAX_RUN; h = (h + 1) & t->vocab_mask, probes++) {
                const unsigned char *o = m2__tok_token(t, (uint32_t)t->vocab_hash[h], &l2);
                if (l2 == len && memcmp(o, s, len) == 0) break;
            }
            if (probes > M2__TOK_MAX_RUN) break;
            if (t->vocab_hash[h] < 0) t->vocab_hash[h] = (int32_t)i;
        }
        m2__free(alloc, skip);
        {
            size_t longest = M2__TOK_MAX_RUN + 1;
            if (probes <= M2__TOK_MAX_RUN) M2__TOK_LONGEST_RUN(cap, t->vocab_hash[i] >= 0, longest);
            if (longest > M2__TOK_MAX_RUN) M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: the vocabulary crowds one part of the hash table (a crafted file?)");
        }
    }
    if (t->version == 2) {
        for (i = 0; i < 256; i++) {
            unsigned char b = (unsigned char)i, name[6];
            static const char hex[] = "0123456789ABCDEF";
            t->byte_to_id[i] = m2__tok_vocab_find(t, &b, 1);
            name[0] = '<'; name[1] = '0'; name[2] = 'x'; name[3] = (unsigned char)hex[i >> 4]; name[4] = (unsigned char)hex[i & 15]; name[5] = '>';
            t->byte_fb[i] = m2__tok_vocab_find(t, name, 6);
        }
        for (i = 0; i < 128; i++) t->ascii_id[i] = t->byte_to_id[i];
        if (!(t->v2flags & M2__TOK2_BYTE_LEVEL)) {
            /* stream pieces: the decoder chain on each token alone, not the stream's first */
            size_t total = 0;
            t->sp_off = (uint32_t *)m2__alloc(alloc, ((size_t)t->n_vocab + 1) * sizeof(uint32_t));
            if (!t->sp_off) M2__TOK_OOM();
            t->sp_off[0] = 0;
            for (i = 0; i < t->n_vocab; i++) {
                m2__dl res;
                int32_t id = (int32_t)i;
                memset(&res, 0, sizeof res);
                r = m2__tok_chain(t, alloc, &id, 1, 1, 0, &res);
                if (r != M2_OK) M2__TOK_OOM();
                if (total + res.n > 0xFFFFFFFFu) { m2__dl_free(alloc, &res); M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: decoded vocabulary too large"); }
                if (res.n) {
                    void *np = m2__tok_grow(alloc, t->sp_pool, &t->sp_cap, total + res.n, 1, total);
                    if (!np) { m2__dl_free(alloc, &res); M2__TOK_OOM(); }
                    t->sp_pool = (unsigned char *)np;
                    memcpy(t->sp_pool + total, res.buf, res.n);
                }
                total += res.n;
                t->sp_off[i + 1] = (uint32_t)total;
                m2__dl_free(alloc, &res);
            }
        }
    }
    /* A merge makes its two parts joined (HF derives the merged token so, models/bpe). Without a
       continuing-subword prefix or end-of-word suffix, a file that says otherwise would encode text
       into ids that decode to other text: refused. */
    if (t->sub_str < 0 && t->suf_str < 0)
        for (i = 0; i < t->n_merges; i++) {
            const unsigned char *e = t->merge_list + 12 * i, *pa, *pb, *pc;
            size_t la, lb, lc;
            pa = m2__tok_token(t, m2__tok_rd32(e), &la);
            pb = m2__tok_token(t, m2__tok_rd32(e + 4), &lb);
            pc = m2__tok_token(t, m2__tok_rd32(e + 8), &lc);
            if (lc != la + lb || (la && memcmp(pc, pa, la) != 0) || (lb && memcmp(pc + la, pb, lb) != 0))
                M2__TOK_FAIL(M2_ERR_FORMAT, "tokenizer section: merge %lu makes token %lu, which is not its two parts joined",
                             (unsigned long)i, (unsigned long)m2__tok_rd32(e + 8));
        }
    if (t->version == 2 && !(t->v2flags & M2__TOK2_BYTE_LEVEL) && t->sub_str < 0 && t->suf_str < 0 &&
        m2__tok_junction_build(t, alloc) != M2_OK)
        M2__TOK_OOM();
    t->fingerprint = 0;
    return M2_OK;
}

/* Parse and check the tokenizer section (README.md, File format §3) and build the lookup tables,
   in the phases above, with one cleanup. Every count is checked against the bytes that remain
   before anything is allocated from it, so a hostile section costs at most a few times its own
   size. */
static m2_result m2__tokenizer_load(struct m2__tokenizer **out, const unsigned char *sec, size_t size,
                                    int vocab_rows, const m2_allocator *alloc, char *err, size_t err_size) {
    struct m2__tokenizer *t;
    size_t p = 0;
    m2_result r;
    t = (struct m2__tokenizer *)m2__alloc(alloc, sizeof *t);
    if (!t) { m2__set_err(err, err_size, "tokenizer: out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    memset(t, 0, sizeof *t);
    t->chat_str = 0xFFFFFFFFu;
    r = m2__tok_load_header(t, sec, size, vocab_rows, &p, err, err_size);
    if (r == M2_OK) r = m2__tok_load_tables(t, sec, size, &p, alloc, err, err_size);
    if (r == M2_OK && t->version == 2) r = m2__tok_load_program(t, sec, size, &p, alloc, err, err_size);
    if (r == M2_OK && p != size) {
        m2__set_err(err, err_size, "tokenizer section: %lu bytes left over at its end", (unsigned long)(size - p));
        r = M2_ERR_FORMAT;
    }
    if (r == M2_OK) r = m2__tok_build(t, alloc, err, err_size);
    if (r != M2_OK) {
        m2__tokenizer_free(t, alloc);
        return r;
    }
    t->fingerprint = m2__tok_fingerprint(sec, size);
    *out = t;
    return M2_OK;
}

/* ---- work areas ---- */

static m2_result m2__tokenize_work_init(m2_tokenize_work *w, const m2_allocator *alloc, int with_cache) {
    memset(w, 0, sizeof *w);
    w->alloc = *alloc;
    if (!with_cache) return M2_OK;
    w->cache = (m2__tok_cache_slot *)m2__alloc(alloc, M2__TOK_CACHE_SLOTS * sizeof(m2__tok_cache_slot));
    if (!w->cache) return M2_ERR_OUT_OF_MEMORY;
    memset(w->cache, 0, M2__TOK_CACHE_SLOTS * sizeof(m2__tok_cache_slot));
    return M2_OK;
}

static void m2__tokenize_work_release(m2_tokenize_work *w) {
    void *bufs[10];
    size_t i;
    bufs[0] = w->cache; bufs[1] = w->clean; bufs[2] = w->norm; bufs[3] = w->cps;
    bufs[4] = w->pre; bufs[5] = w->sym; bufs[6] = w->heap; bufs[7] = w->rx_mark;
    bufs[8] = w->rx_list; bufs[9] = w->rx_stack;
    for (i = 0; i < 10; i++)
        if (bufs[i]) m2__free(&w->alloc, bufs[i]);
    for (i = 0; i < 3 + M2__TOK_MAX_OPS; i++)
        if (w->tb[i]) m2__free(&w->alloc, w->tb[i]);
    for (i = 0; i < w->n_dfa; i++) m2__rx_dfa_free(&w->dfa[i], &w->alloc);
    if (w->dfa) m2__free(&w->alloc, w->dfa);
}

MAMBA2_API m2_result m2_tokenize_work_create(m2_tokenize_work **out, const m2_model *model, const m2_allocator *alloc) {
    m2_tokenize_work *w;
    m2_result r;
    if (!out || !model) return M2_ERR_INVALID_ARGUMENT;
    if (!model->tok) return M2_ERR_NO_TOKENIZER;
    if (!alloc) alloc = &model->alloc;
    w = (m2_tokenize_work *)m2__alloc(alloc, sizeof *w);
    if (!w) return M2_ERR_OUT_OF_MEMORY;
    r = m2__tokenize_work_init(w, alloc, 1);
    if (r != M2_OK) {
        m2_allocator a = *alloc;
        m2__tokenize_work_release(w);
        m2__free(&a, w);
        return r;
    }
    *out = w;
    return M2_OK;
}

MAMBA2_API void m2_tokenize_work_destroy(m2_tokenize_work *work) {
    m2_allocator a;
    if (!work) return;
    a = work->alloc;
    m2__tokenize_work_release(work);
    m2__free(&a, work);
}

MAMBA2_API int m2_model_has_tokenizer(const m2_model *model) {
    return model && model->tok ? 1 : 0;
}

MAMBA2_API m2_result m2_model_chat_template(const m2_model *model, const char **text, size_t *len) {
    const struct m2__tokenizer *t;
    if (!model || !text || !len) return M2_ERR_INVALID_ARGUMENT;
    t = model->tok;
    if (!t) return M2_ERR_NO_TOKENIZER;
    if (!t->chat) return M2_ERR_UNSUPPORTED;
    *text = (const char *)t->chat;
    *len = t->chat_len;
    return M2_OK;
}

static const unsigned char *m2__tok_string(const struct m2__tokenizer *t, uint32_t ix, size_t *len);

MAMBA2_API m2_result m2_model_special_token(const m2_model *model, const char *name, const char **text,
                                            size_t *len, int32_t *id) {
    const struct m2__tokenizer *t;
    size_t i, nl, l;
    if (!model || !name) return M2_ERR_INVALID_ARGUMENT;
    t = model->tok;
    if (!t) return M2_ERR_NO_TOKENIZER;
    nl = strlen(name);
    for (i = 0; i < t->n_named; i++) {
        const unsigned char *e = t->named + 12 * i;
        const unsigned char *k = m2__tok_string(t, m2__tok_rd32(e), &l);
        if (l != nl || memcmp(k, name, nl) != 0) continue;
        k = m2__tok_string(t, m2__tok_rd32(e + 4), &l);
        if (text) *text = (const char *)k;
        if (len) *len = l;
        if (id) *id = (int32_t)m2__tok_rd32(e + 8);
        return M2_OK;
    }
    return M2_ERR_UNSUPPORTED;
}

/* ---- encoding ---- */

MAMBA2_API m2_result m2_tokenize(const m2_model *model, m2_tokenize_work *work, const char *text,
                                 ptrdiff_t len, int32_t *ids, size_t cap, size_t *n_ids, unsigned flags) {
    const struct m2__tokenizer *t;
    const unsigned char *s = (const unsigned char *)text;
    size_t n, i, clean = 0;
    int bad = 0;
    m2_result r;
    if (!model || !work || !n_ids || (!text && len != 0) || (!ids && cap) ||
        (flags & ~(M2_TOKENIZE_NO_SPECIAL | M2_TOKENIZE_ADD_SPECIAL)))
        return M2_ERR_INVALID_ARGUMENT;
    t = model->tok;
    if (!t) return M2_ERR_NO_TOKENIZER;
    n = len < 0 ? strlen(text) : (size_t)len;
    /* A work area may serve several models (one at a time): its cache is only good for the
       tokenizer that filled it. By content, not address: a model closed and another opened at
       the same address must not inherit the cache. */
    if (work->cache_owner != t->fingerprint) {
        memset(work->cache, 0, M2__TOK_CACHE_SLOTS * sizeof(m2__tok_cache_slot));
        for (i = 0; i < work->n_dfa; i++) m2__rx_dfa_free(&work->dfa[i], &work->alloc);
        if (work->dfa) m2__free(&work->alloc, work->dfa);
        work->dfa = NULL;
        work->n_dfa = 0;
        work->cache_owner = t->fingerprint;
    }
    if (t->n_rx && !work->dfa) { /* without it (out of memory) the VM does every search */
        work->dfa = (m2__rx_dfa *)m2__alloc(&work->alloc, t->n_rx * sizeof(m2__rx_dfa));
        if (work->dfa) { memset(work->dfa, 0, t->n_rx * sizeof(m2__rx_dfa)); work->n_dfa = t->n_rx; }
    }
    /* invalid UTF-8 -> U+FFFD per maximal subpart; valid input is used in place */
    for (i = 0; i < n;) {
        uint32_t cp;
        size_t l;
        if (s[i] < 0x80) { i++; clean++; continue; }
        l = m2__utf8_step(s + i, n - i, &cp);
        i += l;
        clean += cp >= M2__UTF8_CUT ? 3 : l;
        bad |= cp >= M2__UTF8_CUT;
    }
    if (bad) {
        size_t o = 0;
        M2__TOK_GROW(work, clean, unsigned char, clean, 0);
        for (i = 0; i < n;) {
            uint32_t cp;
            size_t l = m2__utf8_step(s + i, n - i, &cp);
            if (cp >= M2__UTF8_CUT) { memcpy(work->clean + o, "\xEF\xBF\xBD", 3); o += 3; }
            else { memcpy(work->clean + o, s + i, l); o += l; }
            i += l;
        }
        s = work->clean;
        n = clean;
    }
    if (t->max_inst) { /* the regex VM's lists, sized for the largest program */
        size_t need = t->max_inst;
        if (work->rx_mark_cap < 2 * need) { /* two halves: the DFA's steps mark two lists */
            M2__TOK_GROW(work, rx_mark, uint32_t, 2 * need, 0);
            memset(work->rx_mark, 0, work->rx_mark_cap * sizeof(uint32_t));
            work->rx_gen = 0;
        }
        M2__TOK_GROW(work, rx_list, uint32_t, 4 * need, 0);
        M2__TOK_GROW(work, rx_stack, uint32_t, 2 * need + 2, 0);
    }
    work->ids = ids;
    work->cap = cap;
    work->n = 0;
    work->flags = flags;
    if (flags & M2_TOKENIZE_ADD_SPECIAL)
        for (i = 0; i < t->n_post_pre; i++) m2__tok_emit(work, (int32_t)m2__tok_rd32(t->post + 4 * i));
    r = m2__tok_split_added(t, work, s, n, 1, 1);
    if (flags & M2_TOKENIZE_ADD_SPECIAL)
        for (i = 0; i < t->n_post_suf; i++) m2__tok_emit(work, (int32_t)m2__tok_rd32(t->post + 4 * ((size_t)t->n_post_pre + i)));
    work->ids = NULL;
    if (r != M2_OK) return r;
    *n_ids = work->n;
    return work->n > cap ? M2_ERR_BUFFER_TOO_SMALL : M2_OK;
}

/* ---- decoding ---- */

MAMBA2_API m2_result m2_token_bytes(const m2_model *model, int32_t id, const char **bytes, size_t *len) {
    const struct m2__tokenizer *t;
    const unsigned char *p;
    size_t l;
    if (!model || !bytes || !len) return M2_ERR_INVALID_ARGUMENT;
    t = model->tok;
    if (!t) return M2_ERR_NO_TOKENIZER;
    if (id < 0 || (uint32_t)id >= t->n_vocab) return M2_ERR_TOKEN_RANGE;
    p = m2__tok_decode_piece(t, (uint32_t)id, &l);
    if (l == 0) return M2_ERR_TOKEN_RANGE; /* an id with no token (a gap in the vocabulary) */
    if (t->sp_off) { p = t->sp_pool + t->sp_off[id]; l = t->sp_off[id + 1] - t->sp_off[id]; }
    *bytes = (const char *)p;
    *len = l;
    return M2_OK;
}

/* Lossy UTF-8 over held ++ b[0..nb): complete characters (valid, or U+FFFD per maximal subpart)
   go to out (when not NULL); a valid prefix cut by the end of b is kept in *held unless `final`,
   which turns it into U+FFFD as from_utf8_lossy does at the end of its input. Returns the output
   length. held is at most 3 bytes long by construction. */
static size_t m2__tok_lossy(m2_decoder *held, const unsigned char *b, size_t nb, char *out, int final) {
    unsigned char tmp[8];
    size_t nh = (size_t)held->n_pending, nt, pos = 0, o = 0, l;
    uint32_t cp;
    /* the characters that start in the held bytes: decode them from a small joined copy */
    nt = nh + (nb < 4 ? nb : 4);
    if (nh) memcpy(tmp, held->pending, nh);
    if (nt > nh) memcpy(tmp + nh, b, nt - nh); /* b may be NULL when nb == 0 */
    held->n_pending = 0;
    while (pos < nh) {
        l = m2__utf8_step(tmp + pos, nt - pos, &cp);
        if (cp == M2__UTF8_CUT && !final) { /* only possible once all of b is in tmp */
            memcpy(held->pending, tmp + pos, nt - pos);
            held->n_pending = (int)(nt - pos);
            return o;
        }
        if (cp >= M2__UTF8_CUT) { if (out) memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; }
        else { if (out) memcpy(out + o, tmp + pos, l); o += l; }
        pos += l;
    }
    for (pos -= nh; pos < nb; pos += l) {
        if (b[pos] < 0x80) { if (out) out[o] = (char)b[pos]; o++; l = 1; continue; }
        l = m2__utf8_step(b + pos, nb - pos, &cp);
        if (cp == M2__UTF8_CUT && !final) {
            memcpy(held->pending, b + pos, nb - pos);
            held->n_pending = (int)(nb - pos);
            return o;
        }
        if (cp >= M2__UTF8_CUT) { if (out) memcpy(out + o, "\xEF\xBF\xBD", 3); o += 3; }
        else { if (out) memcpy(out + o, b + pos, l); o += l; }
    }
    return o;
}

MAMBA2_API m2_result m2_detokenize(const m2_model *model, const int32_t *ids, size_t n, char *out,
                                   size_t cap, size_t *out_len) {
    const struct m2__tokenizer *t;
    m2_decoder d;
    size_t i, total = 0, l;
    int pass;
    if (!model || (!ids && n) || (!out && cap) || !out_len) return M2_ERR_INVALID_ARGUMENT;
    t = model->tok;
    if (!t) return M2_ERR_NO_TOKENIZER;
    for (i = 0; i < n; i++) {
        if (ids[i] < 0 || (uint32_t)ids[i] >= t->n_vocab) return M2_ERR_TOKEN_RANGE;
        m2__tok_decode_piece(t, (uint32_t)ids[i], &l);
        if (l == 0) return M2_ERR_TOKEN_RANGE;
    }
    if (t->sp_off) { /* the decoder chain of a file that is not byte-level: its output is UTF-8 */
        m2__dl res;
        m2_result r;
        memset(&res, 0, sizeof res);
        r = m2__tok_chain(t, &model->alloc, ids, n, 0, 1, &res);
        if (r != M2_OK) return r;
        *out_len = res.n;
        if (res.n > cap) r = M2_ERR_BUFFER_TOO_SMALL;
        else if (res.n) memcpy(out, res.buf, res.n);
        m2__dl_free(&model->alloc, &res);
        return r;
    }
    /* pass 0 measures, pass 1 writes: nothing is written unless all of it fits */
    for (pass = 0; pass < 2; pass++) {
        size_t o = 0;
        m2_decoder_init(&d);
        for (i = 0; i < n; i++) {
            const unsigned char *p = m2__tok_decode_piece(t, (uint32_t)ids[i], &l);
            o += m2__tok_lossy(&d, p, l, pass && out ? out + o : NULL, 0);
        }
        o += m2__tok_lossy(&d, NULL, 0, pass && out ? out + o : NULL, 1);
        total = o;
        if (pass == 0 && total > cap) { *out_len = total; return M2_ERR_BUFFER_TOO_SMALL; }
    }
    *out_len = total;
    return M2_OK;
}

MAMBA2_API void m2_decoder_init(m2_decoder *dec) {
    if (dec) { memset(dec->pending, 0, sizeof dec->pending); dec->n_pending = 0; dec->n_tokens = 0; }
}

MAMBA2_API m2_result m2_decode_stream(const m2_model *model, m2_decoder *dec, int32_t id, char *out,
                                      size_t cap, size_t *out_len) {
    const struct m2__tokenizer *t;
    const unsigned char *p;
    m2_decoder trial;
    size_t l, need;
    if (!model || !dec || (!out && cap) || !out_len || dec->n_pending < 0 || dec->n_pending > 3) return M2_ERR_INVALID_ARGUMENT;
    t = model->tok;
    if (!t) return M2_ERR_NO_TOKENIZER;
    if (id < 0 || (uint32_t)id >= t->n_vocab) return M2_ERR_TOKEN_RANGE;
    p = m2__tok_decode_piece(t, (uint32_t)id, &l);
    if (l == 0) return M2_ERR_TOKEN_RANGE;
    if (t->sp_off) {
        m2__dl first;
        memset(&first, 0, sizeof first);
        if (dec->n_tokens == 0) { /* steps that act on the text's start see this token first */
            m2_result r = m2__tok_chain(t, &model->alloc, &id, 1, 1, 1, &first);
            if (r != M2_OK) return r;
            p = first.buf; l = first.n;
        } else { p = t->sp_pool + t->sp_off[id]; l = t->sp_off[id + 1] - t->sp_off[id]; }
        trial = *dec;
        need = m2__tok_lossy(&trial, p, l, NULL, 0);
        if (need <= cap) { m2__tok_lossy(dec, p, l, out, 0); dec->n_tokens++; }
        m2__dl_free(&model->alloc, &first);
        *out_len = need;
        return need > cap ? M2_ERR_BUFFER_TOO_SMALL : M2_OK;
    }
    trial = *dec; /* measure first, so a too-small buffer leaves the decoder as it was */
    need = m2__tok_lossy(&trial, p, l, NULL, 0);
    if (need > cap) { *out_len = need; return M2_ERR_BUFFER_TOO_SMALL; }
    m2__tok_lossy(dec, p, l, out, 0);
    dec->n_tokens++;
    *out_len = need;
    return M2_OK;
}

MAMBA2_API m2_result m2_decoder_flush(m2_decoder *dec, char *out, size_t cap, size_t *out_len) {
    m2_decoder trial;
    size_t need;
    if (!dec || (!out && cap) || !out_len || dec->n_pending < 0 || dec->n_pending > 3) return M2_ERR_INVALID_ARGUMENT;
    trial = *dec;
    need = m2__tok_lossy(&trial, NULL, 0, NULL, 1);
    if (need > cap) { *out_len = need; return M2_ERR_BUFFER_TOO_SMALL; }
    m2__tok_lossy(dec, NULL, 0, out, 1);
    *out_len = need;
    return M2_OK;
}

#else /* MAMBA2_NO_TOKENIZER: the tokenizer and its Unicode tables are compiled out. The API stays,
         so a program builds either way: every call that needs a tokenizer returns
         M2_ERR_NO_TOKENIZER, and a model file's tokenizer section is skipped, not parsed. */
struct m2_tokenize_work { int unused; };
static m2_result m2__tokenizer_load(struct m2__tokenizer **out, const unsigned char *sec, size_t size,
                                    int vocab_rows, const m2_allocator *alloc, char *err, size_t err_size) {
    (void)sec; (void)size; (void)vocab_rows; (void)alloc; (void)err; (void)err_size;
    *out = NULL;
    return M2_OK;
}
static void m2__tokenizer_free(struct m2__tokenizer *tok, const m2_allocator *alloc) { (void)tok; (void)alloc; }
MAMBA2_API int m2_model_has_tokenizer(const m2_model *model) { (void)model; return 0; }
MAMBA2_API m2_result m2_model_chat_template(const m2_model *model, const char **text, size_t *len) {
    (void)model; (void)text; (void)len; return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API m2_result m2_model_special_token(const m2_model *model, const char *name, const char **text,
                                            size_t *len, int32_t *id) {
    (void)model; (void)name; (void)text; (void)len; (void)id; return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API m2_result m2_tokenize_work_create(m2_tokenize_work **out, const m2_model *model, const m2_allocator *alloc) {
    (void)model; (void)alloc; if (out) *out = NULL; return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API void m2_tokenize_work_destroy(m2_tokenize_work *work) { (void)work; }
MAMBA2_API m2_result m2_tokenize(const m2_model *model, m2_tokenize_work *work, const char *text,
                                 ptrdiff_t len, int32_t *ids, size_t cap, size_t *n_ids, unsigned flags) {
    (void)model; (void)work; (void)text; (void)len; (void)ids; (void)cap; (void)n_ids; (void)flags;
    return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API m2_result m2_token_bytes(const m2_model *model, int32_t id, const char **bytes, size_t *len) {
    (void)model; (void)id; (void)bytes; (void)len; return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API m2_result m2_detokenize(const m2_model *model, const int32_t *ids, size_t n, char *out,
                                   size_t cap, size_t *out_len) {
    (void)model; (void)ids; (void)n; (void)out; (void)cap; (void)out_len; return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API void m2_decoder_init(m2_decoder *dec) {
    if (dec) { memset(dec->pending, 0, sizeof dec->pending); dec->n_pending = 0; dec->n_tokens = 0; }
}
MAMBA2_API m2_result m2_decode_stream(const m2_model *model, m2_decoder *dec, int32_t id, char *out,
                                      size_t cap, size_t *out_len) {
    (void)model; (void)dec; (void)id; (void)out; (void)cap; (void)out_len; return M2_ERR_NO_TOKENIZER;
}
MAMBA2_API m2_result m2_decoder_flush(m2_decoder *dec, char *out, size_t cap, size_t *out_len) {
    (void)dec; (void)out; (void)cap;
    if (out_len) *out_len = 0;
    return M2_OK;
}
#endif /* MAMBA2_NO_TOKENIZER */
// >>abi
#define M2__STR2(x) #x
#define M2__STR(x) M2__STR2(x)
MAMBA2_API const char *m2_version(void) {
    return M2__STR(MAMBA2_VERSION_MAJOR) "." M2__STR(MAMBA2_VERSION_MINOR) "." M2__STR(MAMBA2_VERSION_PATCH);
}
MAMBA2_API size_t m2_struct_size(int which) {
    switch (which) {
    case M2_STRUCT_ALLOCATOR: return sizeof(m2_allocator);
    case M2_STRUCT_CONFIG: return sizeof(m2_config);
    case M2_STRUCT_MODEL_OPTS: return sizeof(m2_model_opts);
    case M2_STRUCT_MEMORY_INFO: return sizeof(m2_memory_info);
    case M2_STRUCT_SESSION_OPTS: return sizeof(m2_session_opts);
    case M2_STRUCT_SAMPLER_OPTS: return sizeof(m2_sampler_opts);
    case M2_STRUCT_LOGIT_BIAS: return sizeof(m2_logit_bias);
    case M2_STRUCT_SAMPLER: return sizeof(m2_sampler);
    case M2_STRUCT_STOP: return sizeof(m2_stop);
    case M2_STRUCT_DECODER: return sizeof(m2_decoder);
    default: return 0;
    }
}

// >>chat
/* Chat templates. An instruct model's chat_template (Jinja source, from tokenizer_config.json) turns
   a list of messages into the prompt text. This is an interpreter for the subset of Jinja that chat
   templates use, written to render byte for byte what Python's jinja2 renders with transformers'
   settings (trim_blocks, lstrip_blocks, the loopcontrols extension, tojson = json.dumps with
   ensure_ascii=False, raise_exception), and to refuse anything else with an error naming the
   construct: tools/chat_template_check.py mirrors the parser so the converter refuses the same.

   Sandbox: no I/O; every byte comes from one arena on the caller's allocator under a byte cap; the
   rendering is bounded in output bytes, evaluation steps (loop iterations + expression nodes) and
   nesting depth. Errors unwind with longjmp to the public entry point, which frees the arena: the
   interpreter's recursive code then needs no error plumbing, and nothing leaks on any path.

   Values are Python's: None, bool, int (64-bit here: overflow is an error, not a bigint), float,
   str (UTF-8, indexed by code point), list (and tuple, which only prints differently), dict (in
   insertion order), plus Jinja's Undefined, namespace() and the loop object. Lists and dicts are
   immutable (the sandbox forbids list.append and friends); only a namespace changes.
   WebAssembly without exception handling (wasi-libc) has no setjmp: there the chat functions
   return M2_ERR_UNSUPPORTED and say why. */
#if defined(__wasm__) && !defined(__wasm_exception_handling__)
#define M2__NO_SETJMP 1
#endif
#ifndef M2__NO_SETJMP
#include <setjmp.h>

enum { M2__V_UNDEF, M2__V_NONE, M2__V_BOOL, M2__V_INT, M2__V_FLOAT, M2__V_STR, M2__V_LIST, M2__V_DICT, M2__V_NS, M2__V_LOOP };

typedef struct m2__cv {
    int t;
    int aux;                               /* LIST: 1 = tuple; UNDEF: what is missing (M2__U_*) */
    union { int64_t i; double f; } num;    /* BOOL, INT: i; FLOAT: f                            */
    const char *s;                         /* STR: the bytes; UNDEF: the missing name            */
    size_t n;                              /* STR: byte length; UNDEF: name length               */
    void *p;                               /* LIST: m2__clist; DICT, NS: m2__cdict; LOOP: m2__cloop */
} m2__cv;
enum { M2__U_NAME, M2__U_ATTR, M2__U_ITEM };

typedef struct m2__clist { size_t n; m2__cv *v; } m2__clist;
typedef struct m2__cdict {
    size_t n, cap;
    m2__cv *k, *v;
    uint32_t *idx;   /* open-addressing index into k/v (entry + 1; 0 = empty), once n > 8 */
    size_t idx_cap;
} m2__cdict;
typedef struct m2__cloop { int64_t i0, len; const m2__clist *items; } m2__cloop;

/* ---- the interpreter's context: arena, limits, error exit ---- */
typedef struct m2__cblk { struct m2__cblk *next; size_t cap, used; } m2__cblk;
typedef struct m2__csb { char *p; size_t n, cap; struct m2__csb *next; } m2__csb; /* a growing buffer */

typedef struct m2__cnode m2__cnode;
typedef struct m2__ctok m2__ctok;
typedef struct m2__cframe { struct m2__cframe *up; m2__cdict vars; } m2__cframe;

typedef struct m2__chat {
    m2_allocator alloc;
    m2__cblk *blocks;
    m2__csb *bufs;               /* live growing buffers, freed at the end */
    size_t mem, max_mem, max_out;
    uint64_t steps, max_steps;
    int depth, max_depth, loops, line;
    jmp_buf jb;
    char *err;
    size_t err_size;
    m2_result code;
    /* lexer / parser */
    const char *src;
    size_t src_n;
    m2__ctok *tok;
    size_t n_tok, cap_tok, at;
    /* evaluation */
    m2__csb *out;
    m2__cframe *frame;
} m2__chat;

#define M2__CHAT_BLOCK 65536

#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn, format(printf, 3, 4)))
#endif
static void m2__cfail(m2__chat *C, m2_result code, const char *fmt, ...) {
    va_list ap;
    if (C->err && C->err_size) {
        size_t k = 0;
        if (C->line > 0) k = (size_t)snprintf(C->err, C->err_size, "template line %d: ", C->line);
        if (k >= C->err_size) k = C->err_size - 1;
        va_start(ap, fmt);
        vsnprintf(C->err + k, C->err_size - k, fmt, ap);
        va_end(ap);
    }
    C->code = code;
    longjmp(C->jb, 1);
}

static void *m2__carena(m2__chat *C, size_t size) {
    m2__cblk *b = C->blocks;
    size = (size + 15) & ~(size_t)15;
    if (size == 0 || size > C->max_mem) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "the template needs more than max_memory (%lu bytes)", (unsigned long)C->max_mem);
    if (!b || b->cap - b->used < size) {
        size_t cap = size > M2__CHAT_BLOCK / 2 ? size : M2__CHAT_BLOCK;
        size_t hdr = (sizeof(m2__cblk) + 15) & ~(size_t)15;
        if (C->mem + cap + hdr > C->max_mem) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "the template needs more than max_memory (%lu bytes)", (unsigned long)C->max_mem);
        b = (m2__cblk *)m2__alloc(&C->alloc, hdr + cap);
        if (!b) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "out of memory");
        C->mem += hdr + cap;
        b->cap = hdr + cap;
        b->used = hdr;
        if (size > M2__CHAT_BLOCK / 2 && C->blocks) { b->next = C->blocks->next; C->blocks->next = b; } /* keep the open block */
        else { b->next = C->blocks; C->blocks = b; }
    }
    b->used += size;
    return (char *)b + b->used - size;
}

static size_t m2__cmul(m2__chat *C, size_t a, size_t b) {
    if (b && a > (size_t)-1 / b) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "size overflow");
    return a * b;
}

static m2__csb *m2__csb_new(m2__chat *C) {
    m2__csb *sb = (m2__csb *)m2__carena(C, sizeof *sb);
    sb->p = NULL; sb->n = sb->cap = 0;
    sb->next = C->bufs;
    C->bufs = sb;
    return sb;
}
static void m2__csb_add(m2__chat *C, m2__csb *sb, const char *s, size_t n) {
    if (n > C->max_out || sb->n > C->max_out - n)
        m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "the rendering is longer than max_output (%lu bytes)", (unsigned long)C->max_out);
    if (sb->n + n > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 256;
        char *p;
        while (cap < sb->n + n) cap *= 2;
        if (cap > C->max_out) cap = C->max_out;
        if (C->mem + cap - sb->cap > C->max_mem) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "the template needs more than max_memory (%lu bytes)", (unsigned long)C->max_mem);
        p = (char *)m2__alloc(&C->alloc, cap);
        if (!p) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "out of memory");
        if (sb->n) memcpy(p, sb->p, sb->n);
        m2__free(&C->alloc, sb->p);
        C->mem += cap - sb->cap;
        sb->p = p;
        sb->cap = cap;
    }
    if (n) memcpy(sb->p + sb->n, s, n);
    sb->n += n;
}
static void m2__csb_addz(m2__chat *C, m2__csb *sb, const char *s) { m2__csb_add(C, sb, s, strlen(s)); }
static void m2__csb_cp(m2__chat *C, m2__csb *sb, uint32_t cp) {
    unsigned char u[4];
    m2__csb_add(C, sb, (const char *)u, m2__utf8_put(u, cp));
}

static void m2__cstep(m2__chat *C) {
    if (++C->steps > C->max_steps) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "more than max_steps (%lu) evaluation steps", (unsigned long)C->max_steps);
}

/* ---- values ---- */
static m2__cv m2__cv_make(int t) { m2__cv v; memset(&v, 0, sizeof v); v.t = t; return v; }
static m2__cv m2__cv_int(int64_t i) { m2__cv v = m2__cv_make(M2__V_INT); v.num.i = i; return v; }
static m2__cv m2__cv_bool(int b) { m2__cv v = m2__cv_make(M2__V_BOOL); v.num.i = b != 0; return v; }
static m2__cv m2__cv_float(double f) { m2__cv v = m2__cv_make(M2__V_FLOAT); v.num.f = f; return v; }
static m2__cv m2__cv_str(const char *s, size_t n) { m2__cv v = m2__cv_make(M2__V_STR); v.s = s; v.n = n; return v; }
static m2__cv m2__cv_undef(int kind, const char *name, size_t n) { m2__cv v = m2__cv_make(M2__V_UNDEF); v.aux = kind; v.s = name; v.n = n; return v; }
static m2__cv m2__cv_list(m2__chat *C, size_t n, int tuple) {
    m2__cv v = m2__cv_make(M2__V_LIST);
    m2__clist *l = (m2__clist *)m2__carena(C, sizeof *l);
    l->n = n;
    l->v = (m2__cv *)m2__carena(C, m2__cmul(C, n ? n : 1, sizeof(m2__cv)));
    v.aux = tuple;
    v.p = l;
    return v;
}
#define M2__CL(v) ((m2__clist *)(v).p)
#define M2__CD(v) ((m2__cdict *)(v).p)
static m2__cv m2__cv_dict(m2__chat *C, int t) {
    m2__cv v = m2__cv_make(t);
    m2__cdict *d = (m2__cdict *)m2__carena(C, sizeof *d);
    memset(d, 0, sizeof *d);
    v.p = d;
    return v;
}
static char *m2__cdup(m2__chat *C, const char *s, size_t n) {
    char *p = (char *)m2__carena(C, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}
static m2__cv m2__csb_take(m2__chat *C, m2__csb *sb) { return m2__cv_str(m2__cdup(C, sb->p, sb->n), sb->n); }

static const char *m2__ctype_name(const m2__cv *v) {
    switch (v->t) {
    case M2__V_UNDEF: return "Undefined";
    case M2__V_NONE: return "NoneType";
    case M2__V_BOOL: return "bool";
    case M2__V_INT: return "int";
    case M2__V_FLOAT: return "float";
    case M2__V_STR: return "str";
    case M2__V_LIST: return v->aux ? "tuple" : "list";
    case M2__V_DICT: return "dict";
    case M2__V_NS: return "Namespace";
    default: return "LoopContext";
    }
}

/* Using an Undefined for anything but printing, testing or defaulting is Jinja's UndefinedError. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
static void m2__cundef_fail(m2__chat *C, const m2__cv *v) {
    if (v->aux == M2__U_ATTR) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "UndefinedError: 'dict object' has no attribute '%.*s'", (int)v->n, v->s);
    if (v->aux == M2__U_ITEM || !v->s) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "UndefinedError: an undefined value was used");
    m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "UndefinedError: '%.*s' is undefined", (int)v->n, v->s);
}

static int m2__ctruthy(const m2__cv *v) {
    switch (v->t) {
    case M2__V_BOOL: case M2__V_INT: return v->num.i != 0;
    case M2__V_FLOAT: return v->num.f != 0.0;
    case M2__V_STR: return v->n != 0;
    case M2__V_LIST: return M2__CL(*v)->n != 0;
    case M2__V_DICT: return M2__CD(*v)->n != 0;
    case M2__V_NS: case M2__V_LOOP: return 1;
    default: return 0; /* None, Undefined */
    }
}
static int m2__cis_num(const m2__cv *v) { return v->t == M2__V_BOOL || v->t == M2__V_INT || v->t == M2__V_FLOAT; }
static double m2__cnum(const m2__cv *v) { return v->t == M2__V_FLOAT ? v->num.f : (double)v->num.i; }

/* Python's str.isspace(), which is also what jinja2's \s and str.strip() use */
static int m2__cspace(uint32_t c) {
    return (c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}
/* one code point of valid UTF-8 text (all text in here has been validated) */
static uint32_t m2__cnext(const char *s, size_t *len) { return m2__utf8_get((const unsigned char *)s, len); }
static size_t m2__cprev(const char *s, size_t at) { /* start of the code point before byte at */
    do at--; while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80);
    return at;
}
static size_t m2__ccount(const char *s, size_t n) { /* code points */
    size_t i, k = 0;
    for (i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}
static int m2__cvalid_utf8(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = m2__utf8_step((const unsigned char *)s + i, n - i, &cp);
        if (cp > 0x10FFFF) return 0; /* M2__UTF8_BAD / M2__UTF8_CUT are above U+10FFFF */
        i += k;
    }
    return 1;
}

/* ---- dicts: insertion-ordered, keys compared as Python compares them (1 == 1.0 == True) ---- */
static int m2__ceq(m2__chat *C, const m2__cv *a, const m2__cv *b, int depth);
static uint32_t m2__chash(m2__chat *C, const m2__cv *k) {
    uint32_t h = 2166136261u;
    size_t i;
    if (k->t == M2__V_STR) { for (i = 0; i < k->n; i++) h = (h ^ (unsigned char)k->s[i]) * 16777619u; return h; }
    if (k->t == M2__V_BOOL || k->t == M2__V_INT) return (uint32_t)k->num.i * 2654435761u;
    if (k->t == M2__V_FLOAT) {
        if (k->num.f == floor(k->num.f) && fabs(k->num.f) < 9e18) return (uint32_t)(int64_t)k->num.f * 2654435761u;
        return 7u;
    }
    if (k->t == M2__V_NONE) return 1u;
    if (k->t == M2__V_LIST && k->aux) { /* a tuple hashes when its items do */
        if (++C->depth > 4 * C->max_depth) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "values nested too deeply");
        for (i = 0; i < M2__CL(*k)->n; i++) h = (h ^ m2__chash(C, &M2__CL(*k)->v[i])) * 16777619u;
        C->depth--;
        return h;
    }
    m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: unhashable type: '%s'", m2__ctype_name(k));
}
static void m2__cdict_reindex(m2__chat *C, m2__cdict *d) {
    size_t i, cap = 16;
    while (cap < d->n * 2 + 2) cap *= 2;
    d->idx = (uint32_t *)m2__carena(C, m2__cmul(C, cap, sizeof(uint32_t)));
    memset(d->idx, 0, cap * sizeof(uint32_t));
    d->idx_cap = cap;
    for (i = 0; i < d->n; i++) {
        size_t j = m2__chash(C, &d->k[i]) & (cap - 1);
        while (d->idx[j]) j = (j + 1) & (cap - 1);
        d->idx[j] = (uint32_t)(i + 1);
    }
}
static m2__cv *m2__cdict_find(m2__chat *C, const m2__cdict *d, const m2__cv *key) {
    size_t i;
    if (d->idx) {
        size_t j = m2__chash(C, key) & (d->idx_cap - 1);
        for (; d->idx[j]; j = (j + 1) & (d->idx_cap - 1))
            if (m2__ceq(C, &d->k[d->idx[j] - 1], key, 0)) return &d->v[d->idx[j] - 1];
        return NULL;
    }
    (void)m2__chash(C, key); /* unhashable keys fail even in a small dict */
    for (i = 0; i < d->n; i++) if (m2__ceq(C, &d->k[i], key, 0)) return &d->v[i];
    return NULL;
}
static m2__cv *m2__cdict_findz(m2__chat *C, const m2__cdict *d, const char *s, size_t n) {
    m2__cv k = m2__cv_str(s, n);
    return m2__cdict_find(C, d, &k);
}
/* Python's d[key] = value: a new key goes last, an existing one keeps its place */
static void m2__cdict_set(m2__chat *C, m2__cdict *d, m2__cv key, m2__cv val) {
    m2__cv *slot = m2__cdict_find(C, d, &key);
    if (slot) { *slot = val; return; }
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 4;
        m2__cv *k = (m2__cv *)m2__carena(C, m2__cmul(C, cap, sizeof(m2__cv)));
        m2__cv *v = (m2__cv *)m2__carena(C, m2__cmul(C, cap, sizeof(m2__cv)));
        if (d->n) { memcpy(k, d->k, d->n * sizeof(m2__cv)); memcpy(v, d->v, d->n * sizeof(m2__cv)); }
        d->k = k; d->v = v; d->cap = cap;
    }
    d->k[d->n] = key;
    d->v[d->n] = val;
    d->n++;
    if (d->n > 8 && (!d->idx || d->n * 2 > d->idx_cap)) m2__cdict_reindex(C, d);
    else if (d->idx) {
        size_t j = m2__chash(C, &key) & (d->idx_cap - 1);
        while (d->idx[j]) j = (j + 1) & (d->idx_cap - 1);
        d->idx[j] = (uint32_t)d->n;
    }
}

/* ---- equality and ordering, as Python ---- */
static int m2__ceq(m2__chat *C, const m2__cv *a, const m2__cv *b, int depth) {
    size_t i;
    if (depth > 4 * C->max_depth) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "values nested too deeply");
    if (m2__cis_num(a) && m2__cis_num(b)) {
        if (a->t != M2__V_FLOAT && b->t != M2__V_FLOAT) return a->num.i == b->num.i;
        return m2__cnum(a) == m2__cnum(b);
    }
    if (a->t != b->t) return 0;
    switch (a->t) {
    case M2__V_UNDEF: case M2__V_NONE: return 1;
    case M2__V_STR: return a->n == b->n && (a->n == 0 || memcmp(a->s, b->s, a->n) == 0);
    case M2__V_LIST:
        if (a->aux != b->aux || M2__CL(*a)->n != M2__CL(*b)->n) return 0;
        for (i = 0; i < M2__CL(*a)->n; i++) if (!m2__ceq(C, &M2__CL(*a)->v[i], &M2__CL(*b)->v[i], depth + 1)) return 0;
        return 1;
    case M2__V_DICT:
        if (M2__CD(*a)->n != M2__CD(*b)->n) return 0;
        for (i = 0; i < M2__CD(*a)->n; i++) {
            const m2__cv *o = m2__cdict_find(C, M2__CD(*b), &M2__CD(*a)->k[i]);
            if (!o || !m2__ceq(C, &M2__CD(*a)->v[i], o, depth + 1)) return 0;
        }
        return 1;
    default: return a->p == b->p;
    }
}
/* -1, 0, 1; a TypeError for what Python cannot order */
static int m2__ccmp(m2__chat *C, const m2__cv *a, const m2__cv *b, const char *op, int depth) {
    if (depth > 4 * C->max_depth) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "values nested too deeply");
    if (a->t == M2__V_UNDEF) m2__cundef_fail(C, a);
    if (b->t == M2__V_UNDEF) m2__cundef_fail(C, b);
    if (m2__cis_num(a) && m2__cis_num(b)) {
        if (a->t != M2__V_FLOAT && b->t != M2__V_FLOAT) return a->num.i < b->num.i ? -1 : a->num.i > b->num.i;
        return m2__cnum(a) < m2__cnum(b) ? -1 : m2__cnum(a) > m2__cnum(b);
    }
    if (a->t == M2__V_STR && b->t == M2__V_STR) { /* UTF-8 byte order is code point order */
        size_t n = a->n < b->n ? a->n : b->n;
        int c = n ? memcmp(a->s, b->s, n) : 0;
        if (c) return c < 0 ? -1 : 1;
        return a->n < b->n ? -1 : a->n > b->n;
    }
    if (a->t == M2__V_LIST && b->t == M2__V_LIST && a->aux == b->aux) {
        const m2__clist *x = M2__CL(*a), *y = M2__CL(*b);
        size_t i;
        for (i = 0; i < x->n && i < y->n; i++)
            if (!m2__ceq(C, &x->v[i], &y->v[i], depth + 1)) return m2__ccmp(C, &x->v[i], &y->v[i], op, depth + 1);
        return x->n < y->n ? -1 : x->n > y->n;
    }
    m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: '%s' not supported between instances of '%s' and '%s'", op, m2__ctype_name(a), m2__ctype_name(b));
}

/* ---- printing: str() and repr() as Python, json.dumps as transformers' tojson ---- */
static void m2__cfloat_repr(m2__chat *C, m2__csb *sb, double x) {
    char dig[40], buf[48];
    int prec, exp10 = 0, nd = 0, decpt, i;
    const char *e;
    if (x != x) { m2__csb_addz(C, sb, "nan"); return; }
    if (x > DBL_MAX || x < -DBL_MAX) { m2__csb_addz(C, sb, x < 0 ? "-inf" : "inf"); return; }
    if (x == 0.0) { m2__csb_addz(C, sb, signbit(x) ? "-0.0" : "0.0"); return; }
    /* the shortest digits that read back as x: what Python's repr prints */
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, x);
        if (strtod(buf, NULL) == x) break;
    }
    if (x < 0) m2__csb_add(C, sb, "-", 1);
    for (e = buf; *e && *e != 'e'; e++)
        if (*e >= '0' && *e <= '9') dig[nd++] = *e;
    if (*e == 'e') exp10 = atoi(e + 1);
    while (nd > 1 && dig[nd - 1] == '0') nd--;
    decpt = exp10 + 1; /* x = 0.d1d2... * 10^decpt */
    if (decpt > 16 || decpt < -3) { /* exponent form: d[.ddd]e+XX */
        m2__csb_add(C, sb, dig, 1);
        if (nd > 1) { m2__csb_add(C, sb, ".", 1); m2__csb_add(C, sb, dig + 1, (size_t)nd - 1); }
        snprintf(buf, sizeof buf, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
        m2__csb_addz(C, sb, buf);
    } else if (decpt <= 0) {
        m2__csb_add(C, sb, "0.", 2);
        for (i = 0; i < -decpt; i++) m2__csb_add(C, sb, "0", 1);
        m2__csb_add(C, sb, dig, (size_t)nd);
    } else {
        for (i = 0; i < decpt; i++) m2__csb_add(C, sb, i < nd ? dig + i : "0", 1);
        m2__csb_add(C, sb, ".", 1);
        if (nd > decpt) m2__csb_add(C, sb, dig + decpt, (size_t)(nd - decpt));
        else m2__csb_add(C, sb, "0", 1);
    }
}

/* Python's str.isprintable() is false for these (Cc, Cf, Zs but space, Zl, Zp, Co, and the common
   unassigned): repr() escapes them. Unassigned code points elsewhere are printed raw (no tables). */
static int m2__cunprintable(uint32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0xAD || c == 0x1680 || (c >= 0x2000 && c <= 0x200F) ||
           (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000 || (c >= 0xD800 && c <= 0xF8FF) ||
           c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFB) || c == 0xFFFE || c == 0xFFFF || (c >= 0xE0000 && c <= 0xE0FFF) || c >= 0xF0000;
}
static void m2__crepr_str(m2__chat *C, m2__csb *sb, const char *s, size_t n) {
    char q = '\'', buf[16];
    size_t i, k;
    if (memchr(s, '\'', n) && !memchr(s, '"', n)) q = '"';
    m2__csb_add(C, sb, &q, 1);
    for (i = 0; i < n; i += k) {
        uint32_t c = m2__cnext(s + i, &k);
        if (c == (uint32_t)q || c == '\\') { buf[0] = '\\'; buf[1] = (char)c; m2__csb_add(C, sb, buf, 2); }
        else if (c == '\n') m2__csb_add(C, sb, "\\n", 2);
        else if (c == '\r') m2__csb_add(C, sb, "\\r", 2);
        else if (c == '\t') m2__csb_add(C, sb, "\\t", 2);
        else if (m2__cunprintable(c)) {
            snprintf(buf, sizeof buf, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
            m2__csb_addz(C, sb, buf);
        } else m2__csb_add(C, sb, s + i, k);
    }
    m2__csb_add(C, sb, &q, 1);
}

static void m2__cstr_into(m2__chat *C, m2__csb *sb, const m2__cv *v, int repr, int depth) {
    char buf[64];
    size_t i;
    if (depth > 4 * C->max_depth) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "values nested too deeply");
    switch (v->t) {
    case M2__V_UNDEF: if (repr) m2__csb_addz(C, sb, "Undefined"); return;
    case M2__V_NONE: m2__csb_addz(C, sb, "None"); return;
    case M2__V_BOOL: m2__csb_addz(C, sb, v->num.i ? "True" : "False"); return;
    case M2__V_INT: snprintf(buf, sizeof buf, "%lld", (long long)v->num.i); m2__csb_addz(C, sb, buf); return;
    case M2__V_FLOAT: m2__cfloat_repr(C, sb, v->num.f); return;
    case M2__V_STR: if (repr) m2__crepr_str(C, sb, v->s, v->n); else m2__csb_add(C, sb, v->s, v->n); return;
    case M2__V_LIST:
        m2__csb_add(C, sb, v->aux ? "(" : "[", 1);
        for (i = 0; i < M2__CL(*v)->n; i++) {
            if (i) m2__csb_add(C, sb, ", ", 2);
            m2__cstr_into(C, sb, &M2__CL(*v)->v[i], 1, depth + 1);
        }
        if (v->aux && M2__CL(*v)->n == 1) m2__csb_add(C, sb, ",", 1);
        m2__csb_add(C, sb, v->aux ? ")" : "]", 1);
        return;
    case M2__V_DICT: case M2__V_NS:
        if (v->t == M2__V_NS) m2__csb_addz(C, sb, "<Namespace ");
        m2__csb_add(C, sb, "{", 1);
        for (i = 0; i < M2__CD(*v)->n; i++) {
            if (i) m2__csb_add(C, sb, ", ", 2);
            m2__cstr_into(C, sb, &M2__CD(*v)->k[i], 1, depth + 1);
            m2__csb_add(C, sb, ": ", 2);
            m2__cstr_into(C, sb, &M2__CD(*v)->v[i], 1, depth + 1);
        }
        m2__csb_add(C, sb, v->t == M2__V_NS ? "}>" : "}", v->t == M2__V_NS ? 2 : 1);
        return;
    default: {
        const m2__cloop *lp = (const m2__cloop *)v->p;
        snprintf(buf, sizeof buf, "<LoopContext %lld/%lld>", (long long)lp->i0 + 1, (long long)lp->len);
        m2__csb_addz(C, sb, buf);
    }
    }
}
/* str(v) as a value (a string stays itself, without a copy) */
static m2__cv m2__cto_str(m2__chat *C, const m2__cv *v) {
    m2__csb *sb;
    if (v->t == M2__V_STR) return *v;
    if (v->t == M2__V_UNDEF) return m2__cv_str("", 0);
    sb = m2__csb_new(C);
    m2__cstr_into(C, sb, v, 0, 0);
    return m2__csb_take(C, sb);
}

static void m2__cjson_str(m2__chat *C, m2__csb *sb, const char *s, size_t n) {
    size_t i, run = 0;
    char buf[8];
    m2__csb_add(C, sb, "\"", 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : NULL;
        if (!esc && c >= 0x20) continue;
        m2__csb_add(C, sb, s + run, i - run);
        if (!esc) { snprintf(buf, sizeof buf, "\\u%04x", c); esc = buf; }
        m2__csb_addz(C, sb, esc);
        run = i + 1;
    }
    m2__csb_add(C, sb, s + run, n - run);
    m2__csb_add(C, sb, "\"", 1);
}
static void m2__cjson_indent(m2__chat *C, m2__csb *sb, int64_t indent, int level) {
    int64_t i;
    m2__csb_add(C, sb, "\n", 1);
    for (i = 0; i < indent * level; i++) m2__csb_add(C, sb, " ", 1);
}
/* json.dumps(v, ensure_ascii=False, indent=indent (<0: None), sort_keys=sort) */
static void m2__cjson(m2__chat *C, m2__csb *sb, const m2__cv *v, int64_t indent, int sort, int level) {
    size_t i, n;
    if (level > 4 * C->max_depth) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "values nested too deeply");
    switch (v->t) {
    case M2__V_NONE: m2__csb_addz(C, sb, "null"); return;
    case M2__V_BOOL: m2__csb_addz(C, sb, v->num.i ? "true" : "false"); return;
    case M2__V_INT: m2__cstr_into(C, sb, v, 0, 0); return;
    case M2__V_FLOAT:
        if (v->num.f != v->num.f) m2__csb_addz(C, sb, "NaN");
        else if (v->num.f > DBL_MAX) m2__csb_addz(C, sb, "Infinity");
        else if (v->num.f < -DBL_MAX) m2__csb_addz(C, sb, "-Infinity");
        else m2__cfloat_repr(C, sb, v->num.f);
        return;
    case M2__V_STR: m2__cjson_str(C, sb, v->s, v->n); return;
    case M2__V_LIST:
        n = M2__CL(*v)->n;
        if (!n) { m2__csb_addz(C, sb, "[]"); return; }
        m2__csb_add(C, sb, "[", 1);
        for (i = 0; i < n; i++) {
            if (i) m2__csb_add(C, sb, indent >= 0 ? "," : ", ", indent >= 0 ? 1 : 2);
            if (indent >= 0) m2__cjson_indent(C, sb, indent, level + 1);
            m2__cjson(C, sb, &M2__CL(*v)->v[i], indent, sort, level + 1);
        }
        if (indent >= 0) m2__cjson_indent(C, sb, indent, level);
        m2__csb_add(C, sb, "]", 1);
        return;
    case M2__V_DICT: {
        const m2__cdict *d = M2__CD(*v);
        size_t *order;
        n = d->n;
        if (!n) { m2__csb_addz(C, sb, "{}"); return; }
        order = (size_t *)m2__carena(C, m2__cmul(C, n, sizeof(size_t)));
        for (i = 0; i < n; i++) order[i] = i;
        if (sort) { /* insertion sort: stable, and dicts in templates are small */
            for (i = 1; i < n; i++) {
                size_t j = i, o = order[i];
                while (j > 0 && m2__ccmp(C, &d->k[order[j - 1]], &d->k[o], "<", level) > 0) { order[j] = order[j - 1]; j--; }
                order[j] = o;
            }
        }
        m2__csb_add(C, sb, "{", 1);
        for (i = 0; i < n; i++) {
            const m2__cv *k = &d->k[order[i]];
            if (i) m2__csb_add(C, sb, indent >= 0 ? "," : ", ", indent >= 0 ? 1 : 2);
            if (indent >= 0) m2__cjson_indent(C, sb, indent, level + 1);
            if (k->t == M2__V_STR) m2__cjson_str(C, sb, k->s, k->n);
            else { /* json.dumps turns int, float, bool and None keys into strings */
                m2__csb *kb = m2__csb_new(C);
                if (k->t == M2__V_LIST) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: keys must be str, int, float, bool or None, not tuple");
                m2__cjson(C, kb, k, -1, 0, level + 1);
                m2__cjson_str(C, sb, kb->p, kb->n);
            }
            m2__csb_add(C, sb, ": ", 2);
            m2__cjson(C, sb, &d->v[order[i]], indent, sort, level + 1);
        }
        if (indent >= 0) m2__cjson_indent(C, sb, indent, level);
        m2__csb_add(C, sb, "}", 1);
        return;
    }
    default:
        m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: Object of type %s is not JSON serializable", m2__ctype_name(v));
    }
}

/* ---- strict JSON (RFC 8259) for the variables: UTF-8 validated, depth-bounded, \u escapes with
   surrogate pairs (a lone surrogate is an error), integers that fit in 64 bits (else an error),
   duplicate keys as Python's json: the last value, at the first key's place ---- */
typedef struct m2__cjp { m2__chat *C; const char *s; size_t n, i; } m2__cjp;

#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
static void m2__cjfail(m2__cjp *J, const char *what) {
    m2__cfail(J->C, M2_ERR_FORMAT, "variables JSON, byte %lu: %s", (unsigned long)J->i, what);
}
static void m2__cjws(m2__cjp *J) {
    while (J->i < J->n && (J->s[J->i] == ' ' || J->s[J->i] == '\t' || J->s[J->i] == '\n' || J->s[J->i] == '\r')) J->i++;
}
static int m2__cjhex4(m2__cjp *J, uint32_t *out) {
    uint32_t v = 0;
    int k;
    if (J->n - J->i < 4) return 0;
    for (k = 0; k < 4; k++) {
        char c = J->s[J->i + (size_t)k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (uint32_t)(c - 'A' + 10);
        else return 0;
    }
    J->i += 4;
    *out = v;
    return 1;
}
static m2__cv m2__cjstring(m2__cjp *J) {
    m2__csb *sb = m2__csb_new(J->C);
    size_t run;
    J->i++; /* the opening quote */
    run = J->i;
    for (;;) {
        unsigned char c;
        if (J->i >= J->n) m2__cjfail(J, "unterminated string");
        c = (unsigned char)J->s[J->i];
        if (c == '"') break;
        if (c < 0x20) m2__cjfail(J, "control character in a string");
        if (c >= 0x80) {
            uint32_t cp;
            size_t k = m2__utf8_step((const unsigned char *)J->s + J->i, J->n - J->i, &cp);
            if (cp > 0x10FFFF) m2__cjfail(J, "invalid UTF-8");
            J->i += k;
            continue;
        }
        if (c != '\\') { J->i++; continue; }
        m2__csb_add(J->C, sb, J->s + run, J->i - run);
        if (++J->i >= J->n) m2__cjfail(J, "unterminated string");
        c = (unsigned char)J->s[J->i++];
        switch (c) {
        case '"': case '\\': case '/': m2__csb_add(J->C, sb, (const char *)&c, 1); break;
        case 'b': m2__csb_add(J->C, sb, "\b", 1); break;
        case 'f': m2__csb_add(J->C, sb, "\f", 1); break;
        case 'n': m2__csb_add(J->C, sb, "\n", 1); break;
        case 'r': m2__csb_add(J->C, sb, "\r", 1); break;
        case 't': m2__csb_add(J->C, sb, "\t", 1); break;
        case 'u': {
            uint32_t cp, lo;
            if (!m2__cjhex4(J, &cp)) m2__cjfail(J, "bad \\u escape");
            if (cp >= 0xDC00 && cp <= 0xDFFF) m2__cjfail(J, "lone low surrogate");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (J->n - J->i < 2 || J->s[J->i] != '\\' || J->s[J->i + 1] != 'u') m2__cjfail(J, "lone high surrogate");
                J->i += 2;
                if (!m2__cjhex4(J, &lo) || lo < 0xDC00 || lo > 0xDFFF) m2__cjfail(J, "bad surrogate pair");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            m2__csb_cp(J->C, sb, cp);
            break;
        }
        default: J->i--; m2__cjfail(J, "bad escape");
        }
        run = J->i;
    }
    m2__csb_add(J->C, sb, J->s + run, J->i - run);
    J->i++;
    return m2__csb_take(J->C, sb);
}
static m2__cv m2__cjvalue(m2__cjp *J, int depth) {
    char c;
    m2__cjws(J);
    if (J->i >= J->n) m2__cjfail(J, "unexpected end");
    if (depth > J->C->max_depth) m2__cjfail(J, "nested too deeply");
    m2__cstep(J->C);
    c = J->s[J->i];
    if (c == '{' || c == '[') {
        int obj = c == '{';
        m2__cv v = obj ? m2__cv_dict(J->C, M2__V_DICT) : m2__cv_make(M2__V_LIST);
        m2__cv *items = NULL;
        size_t n = 0, cap = 0;
        J->i++;
        m2__cjws(J);
        if (J->i < J->n && J->s[J->i] == (obj ? '}' : ']')) { J->i++; if (!obj) v = m2__cv_list(J->C, 0, 0); return v; }
        for (;;) {
            m2__cv key, val;
            m2__cjws(J);
            if (obj) {
                if (J->i >= J->n || J->s[J->i] != '"') m2__cjfail(J, "expected a string key");
                key = m2__cjstring(J);
                m2__cjws(J);
                if (J->i >= J->n || J->s[J->i] != ':') m2__cjfail(J, "expected ':'");
                J->i++;
                val = m2__cjvalue(J, depth + 1);
                m2__cdict_set(J->C, M2__CD(v), key, val);
            } else {
                val = m2__cjvalue(J, depth + 1);
                if (n == cap) {
                    m2__cv *g;
                    cap = cap ? cap * 2 : 8;
                    g = (m2__cv *)m2__carena(J->C, m2__cmul(J->C, cap, sizeof(m2__cv)));
                    if (n) memcpy(g, items, n * sizeof(m2__cv));
                    items = g;
                }
                items[n++] = val;
            }
            m2__cjws(J);
            if (J->i < J->n && J->s[J->i] == ',') { J->i++; continue; }
            if (J->i < J->n && J->s[J->i] == (obj ? '}' : ']')) { J->i++; break; }
            m2__cjfail(J, obj ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        if (!obj) {
            m2__clist *l = (m2__clist *)m2__carena(J->C, sizeof *l);
            l->n = n;
            l->v = items;
            v.p = l;
        }
        return v;
    }
    if (c == '"') return m2__cjstring(J);
    if (J->n - J->i >= 4 && !memcmp(J->s + J->i, "true", 4)) { J->i += 4; return m2__cv_bool(1); }
    if (J->n - J->i >= 5 && !memcmp(J->s + J->i, "false", 5)) { J->i += 5; return m2__cv_bool(0); }
    if (J->n - J->i >= 4 && !memcmp(J->s + J->i, "null", 4)) { J->i += 4; return m2__cv_make(M2__V_NONE); }
    if (c == '-' || (c >= '0' && c <= '9')) {
        size_t st = J->i;
        int is_float = 0;
        char buf[64];
        if (J->s[J->i] == '-') J->i++;
        if (J->i >= J->n || J->s[J->i] < '0' || J->s[J->i] > '9') m2__cjfail(J, "bad number");
        if (J->s[J->i] == '0') J->i++;
        else while (J->i < J->n && J->s[J->i] >= '0' && J->s[J->i] <= '9') J->i++;
        if (J->i < J->n && J->s[J->i] == '.') {
            is_float = 1;
            if (++J->i >= J->n || J->s[J->i] < '0' || J->s[J->i] > '9') m2__cjfail(J, "bad number");
            while (J->i < J->n && J->s[J->i] >= '0' && J->s[J->i] <= '9') J->i++;
        }
        if (J->i < J->n && (J->s[J->i] == 'e' || J->s[J->i] == 'E')) {
            is_float = 1;
            J->i++;
            if (J->i < J->n && (J->s[J->i] == '+' || J->s[J->i] == '-')) J->i++;
            if (J->i >= J->n || J->s[J->i] < '0' || J->s[J->i] > '9') m2__cjfail(J, "bad number");
            while (J->i < J->n && J->s[J->i] >= '0' && J->s[J->i] <= '9') J->i++;
        }
        if (J->i - st >= sizeof buf) m2__cjfail(J, "number too long");
        memcpy(buf, J->s + st, J->i - st);
        buf[J->i - st] = 0;
        if (is_float) return m2__cv_float(strtod(buf, NULL));
        {
            uint64_t u = 0;
            const char *p = buf + (buf[0] == '-');
            for (; *p; p++) {
                if (u > (UINT64_MAX - 9) / 10) m2__cjfail(J, "integer out of the 64-bit range");
                u = u * 10 + (uint64_t)(*p - '0');
            }
            if (buf[0] == '-' ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX) m2__cjfail(J, "integer out of the 64-bit range");
            return m2__cv_int(buf[0] == '-' ? (int64_t)(0 - u) : (int64_t)u);
        }
    }
    m2__cjfail(J, "unexpected character");
}

/* ---- lexer: the template becomes data and tag tokens, with Jinja's whitespace rules applied ---- */
enum { M2__K_DATA, M2__K_VAR, M2__K_VAREND, M2__K_BLK, M2__K_BLKEND, M2__K_NAME, M2__K_STR, M2__K_INT, M2__K_FLOAT, M2__K_OP, M2__K_EOF };
struct m2__ctok {
    int t, line, op; /* op: one or two characters, c1 | c2 << 8 */
    const char *s;   /* DATA, NAME: into the (normalised) source; STR: the decoded value */
    size_t n;
    int64_t i;
    double f;
};
#define M2__OP2(a, b) ((a) | (b) << 8)

static m2__ctok *m2__ctok_add(m2__chat *C, int t, int line) {
    m2__ctok *k;
    if (C->n_tok == C->cap_tok) {
        size_t cap = C->cap_tok ? C->cap_tok * 2 : 256;
        m2__ctok *g = (m2__ctok *)m2__carena(C, m2__cmul(C, cap, sizeof(m2__ctok)));
        if (C->n_tok) memcpy(g, C->tok, C->n_tok * sizeof(m2__ctok));
        C->tok = g;
        C->cap_tok = cap;
    }
    k = &C->tok[C->n_tok++];
    memset(k, 0, sizeof *k);
    k->t = t;
    k->line = line;
    return k;
}
static size_t m2__cspace_at(const char *s, size_t n, size_t i) { /* bytes of the whitespace character at i, or 0 */
    size_t k;
    uint32_t c;
    if (i >= n) return 0;
    c = m2__cnext(s + i, &k);
    return m2__cspace(c) ? k : 0;
}
static int m2__chex(char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; }

/* A string literal: Python's unicode-escape decoding of what is between the quotes. */
static void m2__clex_string(m2__chat *C, size_t *pos, int *line) {
    const char *s = C->src;
    char q = s[*pos];
    size_t i = *pos + 1, run;
    m2__csb *sb = m2__csb_new(C);
    m2__ctok *k;
    run = i;
    for (;;) {
        if (i >= C->src_n) m2__cfail(C, M2_ERR_FORMAT, "unterminated string literal");
        if (s[i] == q) break;
        if (s[i] == '\n') (*line)++;
        if (s[i] != '\\') { i++; continue; }
        m2__csb_add(C, sb, s + run, i - run);
        if (++i >= C->src_n) m2__cfail(C, M2_ERR_FORMAT, "unterminated string literal");
        switch (s[i]) {
        case '\n': (*line)++; i++; break; /* a line continuation */
        case '\\': case '\'': case '"': m2__csb_add(C, sb, s + i, 1); i++; break;
        case 'a': m2__csb_add(C, sb, "\a", 1); i++; break;
        case 'b': m2__csb_add(C, sb, "\b", 1); i++; break;
        case 'f': m2__csb_add(C, sb, "\f", 1); i++; break;
        case 'n': m2__csb_add(C, sb, "\n", 1); i++; break;
        case 'r': m2__csb_add(C, sb, "\r", 1); i++; break;
        case 't': m2__csb_add(C, sb, "\t", 1); i++; break;
        case 'v': m2__csb_add(C, sb, "\v", 1); i++; break;
        case 'x': case 'u': case 'U': {
            int want = s[i] == 'x' ? 2 : s[i] == 'u' ? 4 : 8, d;
            uint32_t cp = 0;
            i++;
            for (d = 0; d < want; d++, i++) {
                int h = i < C->src_n ? m2__chex(s[i]) : -1;
                if (h < 0) m2__cfail(C, M2_ERR_FORMAT, "truncated \\%c escape in a string literal", want == 2 ? 'x' : want == 4 ? 'u' : 'U');
                cp = cp << 4 | (uint32_t)h;
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) m2__cfail(C, M2_ERR_FORMAT, "escape \\U%08lx is not a character", (unsigned long)cp);
            m2__csb_cp(C, sb, cp);
            break;
        }
        case 'N': m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: the \\N{...} escape");
        default:
            if (s[i] >= '0' && s[i] <= '7') {
                uint32_t cp = 0;
                int d;
                for (d = 0; d < 3 && i < C->src_n && s[i] >= '0' && s[i] <= '7'; d++, i++) cp = cp * 8 + (uint32_t)(s[i] - '0');
                m2__csb_cp(C, sb, cp);
            } else m2__csb_add(C, sb, "\\", 1); /* an unknown escape keeps its backslash */
        }
        run = i;
    }
    m2__csb_add(C, sb, s + run, i - run);
    k = m2__ctok_add(C, M2__K_STR, *line);
    k->s = m2__cdup(C, sb->p ? sb->p : "", sb->n);
    k->n = sb->n;
    *pos = i + 1;
}

static void m2__clex(m2__chat *C) {
    const char *s = C->src;
    size_t n = C->src_n, pos = 0;
    int line = 1, line_starting = 1;
    for (;;) {
        size_t k = pos, text_end;
        char kind = 0, sign = 0;
        while (k + 1 < n && !(s[k] == '{' && (s[k + 1] == '{' || s[k + 1] == '%' || s[k + 1] == '#'))) k++;
        if (k + 1 >= n) k = n;
        else { kind = s[k + 1]; if (k + 2 < n && (s[k + 2] == '-' || s[k + 2] == '+')) sign = s[k + 2]; }
        text_end = k;
        if (sign == '-') { /* {%- strips every whitespace character before the tag */
            while (text_end > pos) {
                size_t b = m2__cprev(s, text_end);
                if (!m2__cspace_at(s, n, b)) break;
                text_end = b;
            }
        } else if (kind && sign != '+' && kind != '{') { /* lstrip_blocks: indentation before {% and {# */
            size_t l = text_end;
            while (l > pos && s[l - 1] != '\n') l--;
            if ((l > pos || line_starting) && l < text_end) {
                size_t j = l, w;
                while (j < text_end && (w = m2__cspace_at(s, n, j)) != 0) j += w;
                if (j == text_end) text_end = l;
            }
        }
        if (text_end > pos) {
            m2__ctok *d = m2__ctok_add(C, M2__K_DATA, line);
            d->s = s + pos;
            d->n = text_end - pos;
        }
        for (; pos < k; pos++) line += s[pos] == '\n';
        if (!kind) break;
        pos = k + 2 + (sign ? 1 : 0);
        if (kind == '#') {
            size_t j = pos;
            while (j + 1 < n && !(s[j] == '#' && s[j + 1] == '}')) j++;
            if (j + 1 >= n) { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "unterminated comment ({# without #})"); }
            for (; pos < j; pos++) line += s[pos] == '\n';
            sign = j > k + 2 + (sign ? 1 : 0) && (s[j - 1] == '-' || s[j - 1] == '+') ? s[j - 1] : 0;
            pos = j + 2;
            if (sign == '-') { size_t w; while ((w = m2__cspace_at(s, n, pos)) != 0) { line += s[pos] == '\n'; pos += w; } }
            else if (sign != '+' && pos < n && s[pos] == '\n') { pos++; line++; } /* trim_blocks */
            line_starting = s[pos - 1] == '\n';
            continue;
        }
        m2__ctok_add(C, kind == '{' ? M2__K_VAR : M2__K_BLK, line);
        {
            char stack[64];
            int depth = 0;
            for (;;) {
                size_t w;
                char c;
                while ((w = m2__cspace_at(s, n, pos)) != 0) { line += s[pos] == '\n'; pos += w; }
                if (pos >= n) { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "unterminated tag (%s without %s)", kind == '{' ? "{{" : "{%", kind == '{' ? "}}" : "%}"); }
                c = s[pos];
                if (depth == 0) {
                    char e = kind == '{' ? '}' : '%';
                    int strip = 0, keep = 0;
                    size_t at = pos;
                    if ((c == '-' || (c == '+' && kind == '%')) && pos + 2 < n && s[pos + 1] == e && s[pos + 2] == '}') { strip = c == '-'; keep = c == '+'; at = pos + 1; }
                    if (at + 1 < n && s[at] == e && s[at + 1] == '}') {
                        m2__ctok_add(C, kind == '{' ? M2__K_VAREND : M2__K_BLKEND, line);
                        pos = at + 2;
                        if (strip) { while ((w = m2__cspace_at(s, n, pos)) != 0) { line += s[pos] == '\n'; pos += w; } }
                        else if (kind == '%' && !keep && pos < n && s[pos] == '\n') { pos++; line++; } /* trim_blocks */
                        line_starting = s[pos - 1] == '\n';
                        break;
                    }
                }
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
                    m2__ctok *t = m2__ctok_add(C, M2__K_NAME, line);
                    t->s = s + pos;
                    while (pos < n && ((s[pos] >= 'a' && s[pos] <= 'z') || (s[pos] >= 'A' && s[pos] <= 'Z') || s[pos] == '_' || (s[pos] >= '0' && s[pos] <= '9'))) pos++;
                    t->n = (size_t)(s + pos - t->s);
                } else if (c >= '0' && c <= '9') {
                    /* integers (decimal, with _ separators) and floats (1.5, 1e3, 1.5e-3); after a
                       '.' only an integer, so that x.0.1 is two subscripts as in Jinja */
                    size_t st = pos, m = 0;
                    int is_float = 0, after_dot = C->n_tok && C->tok[C->n_tok - 1].t == M2__K_OP && C->tok[C->n_tok - 1].op == '.';
                    char buf[80];
                    m2__ctok *t;
                    if (c == '0' && pos + 1 < n && (s[pos + 1] == 'x' || s[pos + 1] == 'o' || s[pos + 1] == 'b' || s[pos + 1] == 'X' || s[pos + 1] == 'O' || s[pos + 1] == 'B')) {
                        C->line = line;
                        m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: hexadecimal, octal or binary integer literals");
                    }
                    while (pos < n && ((s[pos] >= '0' && s[pos] <= '9') || (s[pos] == '_' && pos + 1 < n && s[pos + 1] >= '0' && s[pos + 1] <= '9'))) pos++;
                    if (!after_dot && pos + 1 < n && s[pos] == '.' && s[pos + 1] >= '0' && s[pos + 1] <= '9') {
                        is_float = 1;
                        pos++;
                        while (pos < n && ((s[pos] >= '0' && s[pos] <= '9') || (s[pos] == '_' && pos + 1 < n && s[pos + 1] >= '0' && s[pos + 1] <= '9'))) pos++;
                    }
                    if (!after_dot && pos < n && (s[pos] == 'e' || s[pos] == 'E')) {
                        size_t e = pos + 1;
                        if (e < n && (s[e] == '+' || s[e] == '-')) e++;
                        if (e < n && s[e] >= '0' && s[e] <= '9') {
                            is_float = 1;
                            pos = e;
                            while (pos < n && ((s[pos] >= '0' && s[pos] <= '9') || (s[pos] == '_' && pos + 1 < n && s[pos + 1] >= '0' && s[pos + 1] <= '9'))) pos++;
                        }
                    }
                    if (c == '0' && !is_float) { /* Jinja: a decimal integer does not start with 0 (except 0, 00, 0_0) */
                        size_t z;
                        for (z = st; z < pos; z++) if (s[z] != '0' && s[z] != '_') { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "integer literal with a leading zero"); }
                    }
                    for (; st < pos; st++) if (s[st] != '_') { if (m + 1 >= sizeof buf) { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "number literal too long"); } buf[m++] = s[st]; }
                    buf[m] = 0;
                    t = m2__ctok_add(C, is_float ? M2__K_FLOAT : M2__K_INT, line);
                    if (is_float) t->f = strtod(buf, NULL);
                    else {
                        uint64_t u = 0;
                        size_t z;
                        for (z = 0; z < m; z++) {
                            uint64_t dgt = (uint64_t)(buf[z] - '0');
                            if (u > ((uint64_t)INT64_MAX - dgt) / 10) { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "integer literal out of the 64-bit range"); }
                            u = u * 10 + dgt;
                        }
                        t->i = (int64_t)u;
                    }
                } else if (c == '\'' || c == '"') {
                    m2__clex_string(C, &pos, &line);
                } else {
                    static const char two[][3] = {"//", "**", "==", "!=", ">=", "<="};
                    int op = 0;
                    size_t z;
                    for (z = 0; z < sizeof two / sizeof two[0]; z++)
                        if (pos + 1 < n && s[pos] == two[z][0] && s[pos + 1] == two[z][1]) op = M2__OP2(two[z][0], two[z][1]);
                    if (!op) {
                        if (!strchr("+-/*%~[](){}><=.:|,;!", c)) {
                            C->line = line;
                            if ((unsigned char)c >= 0x80) m2__cfail(C, M2_ERR_FORMAT, "unexpected non-ASCII character inside a tag");
                            m2__cfail(C, M2_ERR_FORMAT, "unexpected character '%c' inside a tag", c);
                        }
                        op = c;
                        if (c == '(' || c == '[' || c == '{') {
                            if (depth == (int)sizeof stack) { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "brackets nested too deeply"); }
                            stack[depth++] = c == '(' ? ')' : c == '[' ? ']' : '}';
                        } else if (c == ')' || c == ']' || c == '}') {
                            if (!depth || stack[depth - 1] != c) { C->line = line; m2__cfail(C, M2_ERR_FORMAT, "unexpected '%c'", c); }
                            depth--;
                        }
                    }
                    m2__ctok_add(C, M2__K_OP, line)->op = op;
                    pos += op > 0xFF ? 2 : 1;
                }
            }
        }
    }
    m2__ctok_add(C, M2__K_EOF, line);
}

/* ---- parser: Jinja's grammar (jinja2/parser.py), building a tree the evaluator walks ---- */
enum {
    M2__N_DATA, M2__N_OUT, M2__N_IF, M2__N_FOR, M2__N_SET, M2__N_SETBLOCK, M2__N_BREAK, M2__N_CONTINUE, M2__N_GEN,
    M2__N_CONST, M2__N_NAME, M2__N_LIST, M2__N_DICT, M2__N_ATTR, M2__N_ITEM, M2__N_SLICE, M2__N_FUNC, M2__N_METHOD,
    M2__N_FILTER, M2__N_TEST, M2__N_BIN, M2__N_NEG, M2__N_POS, M2__N_NOT, M2__N_AND, M2__N_OR, M2__N_COND, M2__N_CMP,
    M2__N_CONCAT
};
struct m2__cnode {
    int k, line, op;
    m2__cnode *a, *b, *c, *d;  /* operands; IF/FOR: a condition or iterable, b loop filter, c body, d else */
    m2__cnode **args;          /* LIST/DICT items (DICT: key, value, ...), call arguments, FOR targets, CMP operands */
    const char **kw;           /* call arguments: the keyword, or NULL for a positional one */
    size_t *kwn;
    int *ops;                  /* CMP: the operator before each operand after the first */
    int n_args;
    m2__cv v;                  /* CONST */
    const char *s, *s2;        /* NAME, ATTR, SET: the name; SET: s2 the namespace attribute */
    size_t n, n2;
    m2__cnode *next;           /* statements in a body */
};

/* The names of the subset. tools/chat_template_check.py carries the same lists. */
static const char *const m2__cfilters[] = {"trim", "length", "count", "tojson", "upper", "lower", "default", "d", "join",
                                           "replace", "first", "last", "string", "list", "items", "capitalize", "reverse"};
enum { M2__F_TRIM, M2__F_LENGTH, M2__F_COUNT, M2__F_TOJSON, M2__F_UPPER, M2__F_LOWER, M2__F_DEFAULT, M2__F_D, M2__F_JOIN,
       M2__F_REPLACE, M2__F_FIRST, M2__F_LAST, M2__F_STRING, M2__F_LIST, M2__F_ITEMS, M2__F_CAPITALIZE, M2__F_REVERSE };
static const char *const m2__ctests[] = {"defined", "undefined", "none", "string", "number", "integer", "float", "boolean",
                                         "iterable", "mapping", "sequence", "false", "true", "odd", "even", "divisibleby",
                                         "eq", "equalto", "ne", "in"};
enum { M2__T_DEFINED, M2__T_UNDEFINED, M2__T_NONE, M2__T_STRING, M2__T_NUMBER, M2__T_INTEGER, M2__T_FLOAT, M2__T_BOOLEAN,
       M2__T_ITERABLE, M2__T_MAPPING, M2__T_SEQUENCE, M2__T_FALSE, M2__T_TRUE, M2__T_ODD, M2__T_EVEN, M2__T_DIVISIBLEBY,
       M2__T_EQ, M2__T_EQUALTO, M2__T_NE, M2__T_IN };
static const char *const m2__cmethods[] = {"strip", "lstrip", "rstrip", "split", "startswith", "endswith", "replace", "upper",
                                           "lower", "capitalize", "get", "items", "keys", "values"};
enum { M2__M_STRIP, M2__M_LSTRIP, M2__M_RSTRIP, M2__M_SPLIT, M2__M_STARTSWITH, M2__M_ENDSWITH, M2__M_REPLACE, M2__M_UPPER,
       M2__M_LOWER, M2__M_CAPITALIZE, M2__M_GET, M2__M_ITEMS, M2__M_KEYS, M2__M_VALUES };
/* strftime_now: transformers' clock. The sandbox has none, so it is undefined here, as in a plain
   jinja2 environment: `strftime_now is defined` is false (templates then take their fallback date,
   or a date_string variable the caller passes), and calling it is an UndefinedError. */
static const char *const m2__cfuncs[] = {"raise_exception", "namespace", "range", "strftime_now"};
enum { M2__FN_RAISE, M2__FN_NAMESPACE, M2__FN_RANGE, M2__FN_STRFTIME };

static int m2__cfind_name(const char *const *names, int count, const char *s, size_t n) {
    int i;
    for (i = 0; i < count; i++) if (strlen(names[i]) == n && !memcmp(names[i], s, n)) return i;
    return -1;
}
#define M2__CFIND(list, s, n) m2__cfind_name(list, (int)(sizeof list / sizeof list[0]), s, n)

static m2__ctok *m2__ccur(m2__chat *C) { return &C->tok[C->at]; }
static m2__ctok *m2__cpeek(m2__chat *C, size_t k) { return C->at + k < C->n_tok ? &C->tok[C->at + k] : &C->tok[C->n_tok - 1]; }
static int m2__cis_op(m2__chat *C, int op) { m2__ctok *t = m2__ccur(C); return t->t == M2__K_OP && t->op == op; }
static int m2__cis_name(const m2__ctok *t, const char *name) { return t->t == M2__K_NAME && strlen(name) == t->n && !memcmp(t->s, name, t->n); }
static void m2__cadvance(m2__chat *C) { if (C->at + 1 < C->n_tok) C->at++; C->line = m2__ccur(C)->line; }

static const char *m2__ctok_desc(const m2__ctok *t, char *buf, size_t cap) {
    switch (t->t) {
    case M2__K_NAME: snprintf(buf, cap, "'%.*s'", (int)(t->n > 40 ? 40 : t->n), t->s); return buf;
    case M2__K_OP: snprintf(buf, cap, "'%c%c'", (char)(t->op & 0xFF), t->op > 0xFF ? (char)(t->op >> 8) : '\''); if (t->op <= 0xFF) buf[3] = 0; return buf;
    case M2__K_STR: return "a string";
    case M2__K_INT: case M2__K_FLOAT: return "a number";
    case M2__K_VAREND: return "'}}'";
    case M2__K_BLKEND: return "'%}'";
    case M2__K_EOF: return "the end of the template";
    default: return "text";
    }
}
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
static void m2__cunexpected(m2__chat *C, const char *wanted) {
    char buf[64];
    C->line = m2__ccur(C)->line;
    m2__cfail(C, M2_ERR_FORMAT, "expected %s, found %s", wanted, m2__ctok_desc(m2__ccur(C), buf, sizeof buf));
}
static void m2__cexpect_op(m2__chat *C, int op, const char *wanted) {
    if (!m2__cis_op(C, op)) m2__cunexpected(C, wanted);
    m2__cadvance(C);
}
static m2__ctok *m2__cexpect_name(m2__chat *C) {
    m2__ctok *t = m2__ccur(C);
    if (t->t != M2__K_NAME) m2__cunexpected(C, "a name");
    m2__cadvance(C);
    return t;
}

static m2__cnode *m2__cnode_new(m2__chat *C, int k) {
    m2__cnode *nd = (m2__cnode *)m2__carena(C, sizeof *nd);
    memset(nd, 0, sizeof *nd);
    nd->k = k;
    nd->line = m2__ccur(C)->line;
    return nd;
}
static void m2__cnode_push(m2__chat *C, m2__cnode *nd, m2__cnode *arg, const char *kw, size_t kwn, int op) {
    if ((nd->n_args & (nd->n_args - 1)) == 0 || nd->n_args == 0) { /* grow at powers of two */
        size_t cap = nd->n_args ? (size_t)nd->n_args * 2 : 2;
        m2__cnode **a = (m2__cnode **)m2__carena(C, m2__cmul(C, cap, sizeof *a));
        const char **k = (const char **)m2__carena(C, m2__cmul(C, cap, sizeof *k));
        size_t *kn = (size_t *)m2__carena(C, m2__cmul(C, cap, sizeof *kn));
        int *ops = (int *)m2__carena(C, m2__cmul(C, cap, sizeof *ops));
        if (nd->n_args) {
            memcpy(a, nd->args, (size_t)nd->n_args * sizeof *a);
            memcpy(k, nd->kw, (size_t)nd->n_args * sizeof *k);
            memcpy(kn, nd->kwn, (size_t)nd->n_args * sizeof *kn);
            memcpy(ops, nd->ops, (size_t)nd->n_args * sizeof *ops);
        }
        nd->args = a; nd->kw = k; nd->kwn = kn; nd->ops = ops;
    }
    if (nd->n_args >= 1 << 20) m2__cfail(C, M2_ERR_FORMAT, "too many items in one expression");
    nd->args[nd->n_args] = arg;
    nd->kw[nd->n_args] = kw;
    nd->kwn[nd->n_args] = kwn;
    nd->ops[nd->n_args] = op;
    nd->n_args++;
}
static void m2__cdeeper(m2__chat *C) {
    if (++C->depth > C->max_depth) m2__cfail(C, M2_ERR_FORMAT, "the template is nested more than max_depth (%d) levels deep", C->max_depth);
}

static m2__cnode *m2__cp_expr(m2__chat *C, int with_cond);
static m2__cnode *m2__cp_unary(m2__chat *C, int with_filter);
static m2__cnode *m2__cp_postfix(m2__chat *C, m2__cnode *nd);

/* (a, b, c) and a, b: a tuple when there is a comma, else the one expression */
static m2__cnode *m2__cp_tuple(m2__chat *C, int with_cond, int explicit_parens, const char *end_name) {
    m2__cnode *list = m2__cnode_new(C, M2__N_LIST);
    int is_tuple = 0;
    list->op = 1; /* a tuple */
    for (;;) {
        m2__ctok *t;
        if (list->n_args) m2__cexpect_op(C, ',', "','");
        t = m2__ccur(C);
        if (t->t == M2__K_VAREND || t->t == M2__K_BLKEND || (t->t == M2__K_OP && t->op == ')') || (end_name && m2__cis_name(t, end_name))) break;
        m2__cnode_push(C, list, m2__cp_expr(C, with_cond), NULL, 0, 0);
        if (m2__cis_op(C, ',')) is_tuple = 1;
        else break;
    }
    if (!is_tuple) {
        if (list->n_args) return list->args[0];
        if (!explicit_parens) m2__cunexpected(C, "an expression");
    }
    return list;
}

static void m2__cp_call_args(m2__chat *C, m2__cnode *nd) {
    int kw_seen = 0;
    m2__cexpect_op(C, '(', "'('");
    while (!m2__cis_op(C, ')')) {
        if (nd->n_args) { m2__cexpect_op(C, ',', "',' or ')'"); if (m2__cis_op(C, ')')) break; }
        if (m2__cis_op(C, '*') || m2__cis_op(C, M2__OP2('*', '*'))) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: *args / **kwargs in a call");
        if (m2__ccur(C)->t == M2__K_NAME && m2__cpeek(C, 1)->t == M2__K_OP && m2__cpeek(C, 1)->op == '=') {
            m2__ctok *k = m2__ccur(C);
            m2__cadvance(C);
            m2__cadvance(C);
            m2__cnode_push(C, nd, m2__cp_expr(C, 1), k->s, k->n, 0);
            kw_seen = 1;
        } else {
            if (kw_seen) m2__cfail(C, M2_ERR_FORMAT, "a positional argument after a keyword argument");
            m2__cnode_push(C, nd, m2__cp_expr(C, 1), NULL, 0, 0);
        }
    }
    m2__cadvance(C);
}

static m2__cnode *m2__cp_primary(m2__chat *C) {
    m2__ctok *t = m2__ccur(C);
    m2__cnode *nd;
    m2__cdeeper(C);
    if (t->t == M2__K_NAME) {
        nd = m2__cnode_new(C, M2__N_CONST);
        if (m2__cis_name(t, "true") || m2__cis_name(t, "True")) nd->v = m2__cv_bool(1);
        else if (m2__cis_name(t, "false") || m2__cis_name(t, "False")) nd->v = m2__cv_bool(0);
        else if (m2__cis_name(t, "none") || m2__cis_name(t, "None")) nd->v = m2__cv_make(M2__V_NONE);
        else { nd->k = M2__N_NAME; nd->s = t->s; nd->n = t->n; }
        m2__cadvance(C);
    } else if (t->t == M2__K_STR) { /* adjacent literals are one string */
        m2__csb *sb = m2__csb_new(C);
        while (m2__ccur(C)->t == M2__K_STR) { m2__csb_add(C, sb, m2__ccur(C)->s, m2__ccur(C)->n); m2__cadvance(C); }
        nd = m2__cnode_new(C, M2__N_CONST);
        nd->v = m2__csb_take(C, sb);
    } else if (t->t == M2__K_INT || t->t == M2__K_FLOAT) {
        nd = m2__cnode_new(C, M2__N_CONST);
        nd->v = t->t == M2__K_INT ? m2__cv_int(t->i) : m2__cv_float(t->f);
        m2__cadvance(C);
    } else if (t->t == M2__K_OP && t->op == '(') {
        m2__cadvance(C);
        nd = m2__cp_tuple(C, 1, 1, NULL);
        m2__cexpect_op(C, ')', "')'");
    } else if (t->t == M2__K_OP && (t->op == '[' || t->op == '{')) {
        int dict = t->op == '{';
        nd = m2__cnode_new(C, dict ? M2__N_DICT : M2__N_LIST);
        m2__cadvance(C);
        while (!m2__cis_op(C, dict ? '}' : ']')) {
            if (nd->n_args) { m2__cexpect_op(C, ',', dict ? "',' or '}'" : "',' or ']'"); if (m2__cis_op(C, dict ? '}' : ']')) break; }
            m2__cnode_push(C, nd, m2__cp_expr(C, 1), NULL, 0, 0);
            if (dict) { m2__cexpect_op(C, ':', "':'"); m2__cnode_push(C, nd, m2__cp_expr(C, 1), NULL, 0, 0); }
        }
        m2__cadvance(C);
    } else {
        m2__cunexpected(C, "an expression");
    }
    C->depth--;
    return nd;
}

/* x[a], x[a:b:c], x.name, x.0, and calls: name(...) a function, x.name(...) a method */
static m2__cnode *m2__cp_postfix(m2__chat *C, m2__cnode *nd) {
    for (;;) {
        if (m2__cis_op(C, '.')) {
            m2__ctok *t;
            m2__cadvance(C);
            t = m2__ccur(C);
            if (t->t == M2__K_NAME) {
                m2__cnode *g = m2__cnode_new(C, M2__N_ATTR);
                g->a = nd; g->s = t->s; g->n = t->n;
                nd = g;
            } else if (t->t == M2__K_INT) {
                m2__cnode *g = m2__cnode_new(C, M2__N_ITEM), *k = m2__cnode_new(C, M2__N_CONST);
                k->v = m2__cv_int(t->i);
                g->a = nd; g->b = k;
                nd = g;
            } else m2__cunexpected(C, "a name or a number after '.'");
            m2__cadvance(C);
        } else if (m2__cis_op(C, '[')) {
            m2__cnode *parts[3] = {NULL, NULL, NULL};
            int np = 0, colons = 0;
            m2__cadvance(C);
            m2__cdeeper(C);
            for (;;) {
                if (m2__cis_op(C, ':')) {
                    if (++colons > 2) m2__cunexpected(C, "']'");
                    np = colons;
                    m2__cadvance(C);
                } else if (m2__cis_op(C, ']')) {
                    break;
                } else if (m2__cis_op(C, ',')) {
                    m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: a tuple subscript x[a, b]");
                } else {
                    if (parts[np]) m2__cunexpected(C, "':' or ']'");
                    parts[np] = m2__cp_expr(C, 1);
                }
            }
            C->depth--;
            m2__cadvance(C);
            if (colons == 0) {
                m2__cnode *g = m2__cnode_new(C, M2__N_ITEM);
                if (!parts[0]) m2__cunexpected(C, "a subscript");
                g->a = nd; g->b = parts[0];
                nd = g;
            } else {
                m2__cnode *g = m2__cnode_new(C, M2__N_SLICE);
                g->a = nd; g->b = parts[0]; g->c = parts[1]; g->d = parts[2];
                nd = g;
            }
        } else if (m2__cis_op(C, '(')) {
            m2__cnode *call;
            if (nd->k == M2__N_NAME) {
                int f = M2__CFIND(m2__cfuncs, nd->s, nd->n);
                if (f < 0) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: the function '%.*s'", (int)(nd->n > 40 ? 40 : nd->n), nd->s);
                call = m2__cnode_new(C, M2__N_FUNC);
                call->op = f;
            } else if (nd->k == M2__N_ATTR) {
                int m = M2__CFIND(m2__cmethods, nd->s, nd->n);
                if (m < 0) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: the method '%.*s'", (int)(nd->n > 40 ? 40 : nd->n), nd->s);
                call = m2__cnode_new(C, M2__N_METHOD);
                call->op = m;
                call->a = nd->a;
            } else {
                m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: a call of something that is not a function or method name");
            }
            call->s = nd->s; call->n = nd->n;
            m2__cdeeper(C);
            m2__cp_call_args(C, call);
            C->depth--;
            nd = call;
        } else {
            return nd;
        }
    }
}

/* x | filter(args) and x is [not] test [arg] */
static m2__cnode *m2__cp_filters(m2__chat *C, m2__cnode *nd) {
    for (;;) {
        if (m2__cis_op(C, '|')) {
            m2__cnode *f;
            m2__ctok *t;
            int id;
            m2__cadvance(C);
            t = m2__cexpect_name(C);
            if (m2__cis_op(C, '.') || (id = M2__CFIND(m2__cfilters, t->s, t->n)) < 0)
                m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: the filter '%.*s'", (int)(t->n > 40 ? 40 : t->n), t->s);
            f = m2__cnode_new(C, M2__N_FILTER);
            f->op = id; f->a = nd; f->s = t->s; f->n = t->n;
            if (m2__cis_op(C, '(')) { m2__cdeeper(C); m2__cp_call_args(C, f); C->depth--; }
            nd = f;
        } else if (m2__cis_name(m2__ccur(C), "is")) {
            m2__cnode *f;
            m2__ctok *t, *u;
            int id, neg = 0;
            m2__cadvance(C);
            if (m2__cis_name(m2__ccur(C), "not")) { neg = 1; m2__cadvance(C); }
            t = m2__cexpect_name(C);
            if (m2__cis_op(C, '.') || (id = M2__CFIND(m2__ctests, t->s, t->n)) < 0)
                m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: the test '%.*s'", (int)(t->n > 40 ? 40 : t->n), t->s);
            f = m2__cnode_new(C, M2__N_TEST);
            f->op = id; f->a = nd; f->s = t->s; f->n = t->n;
            u = m2__ccur(C);
            if (u->t == M2__K_OP && u->op == '(') { m2__cdeeper(C); m2__cp_call_args(C, f); C->depth--; }
            else if ((u->t == M2__K_NAME || u->t == M2__K_STR || u->t == M2__K_INT || u->t == M2__K_FLOAT ||
                      (u->t == M2__K_OP && (u->op == '[' || u->op == '{'))) &&
                     !m2__cis_name(u, "else") && !m2__cis_name(u, "or") && !m2__cis_name(u, "and")) {
                if (m2__cis_name(u, "is")) m2__cfail(C, M2_ERR_FORMAT, "tests cannot be chained with 'is'");
                m2__cnode_push(C, f, m2__cp_postfix(C, m2__cp_primary(C)), NULL, 0, 0);
            }
            if (neg) { m2__cnode *n2 = m2__cnode_new(C, M2__N_NOT); n2->a = f; f = n2; }
            nd = f;
        } else if (m2__cis_op(C, '(')) {
            m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: a call of something that is not a function or method name");
        } else {
            return nd;
        }
    }
}

static m2__cnode *m2__cp_unary(m2__chat *C, int with_filter) {
    m2__cnode *nd;
    m2__cdeeper(C);
    if (m2__cis_op(C, '-') || m2__cis_op(C, '+')) {
        nd = m2__cnode_new(C, m2__cis_op(C, '-') ? M2__N_NEG : M2__N_POS);
        m2__cadvance(C);
        nd->a = m2__cp_unary(C, 0);
    } else {
        nd = m2__cp_primary(C);
    }
    nd = m2__cp_postfix(C, nd);
    if (with_filter) nd = m2__cp_filters(C, nd);
    C->depth--;
    return nd;
}
static m2__cnode *m2__cp_bin(m2__chat *C, int level);
/* levels: 0 math1 (+ -), 1 concat (~), 2 math2 (* / // %), 3 pow (**) */
static m2__cnode *m2__cp_bin(m2__chat *C, int level) {
    m2__cnode *left = level == 3 ? m2__cp_unary(C, 1) : m2__cp_bin(C, level + 1);
    for (;;) {
        m2__ctok *t = m2__ccur(C);
        int op = t->t == M2__K_OP ? t->op : 0, ok;
        m2__cnode *nd;
        ok = level == 0 ? (op == '+' || op == '-') : level == 1 ? op == '~' : level == 2 ? (op == '*' || op == '/' || op == M2__OP2('/', '/') || op == '%') : op == M2__OP2('*', '*');
        if (!ok) return left;
        m2__cadvance(C);
        nd = m2__cnode_new(C, level == 1 ? M2__N_CONCAT : M2__N_BIN);
        nd->op = op;
        nd->a = left;
        nd->b = level == 3 ? m2__cp_unary(C, 1) : m2__cp_bin(C, level + 1);
        left = nd;
    }
}
static m2__cnode *m2__cp_compare(m2__chat *C) {
    m2__cnode *first = m2__cp_bin(C, 0), *cmp = NULL;
    for (;;) {
        m2__ctok *t = m2__ccur(C);
        int op = 0;
        if (t->t == M2__K_OP && (t->op == M2__OP2('=', '=') || t->op == M2__OP2('!', '=') || t->op == '<' || t->op == '>' || t->op == M2__OP2('<', '=') || t->op == M2__OP2('>', '='))) { op = t->op; m2__cadvance(C); }
        else if (m2__cis_name(t, "in")) { op = 'i'; m2__cadvance(C); }
        else if (m2__cis_name(t, "not") && m2__cis_name(m2__cpeek(C, 1), "in")) { op = 'n'; m2__cadvance(C); m2__cadvance(C); }
        else break;
        if (!cmp) { cmp = m2__cnode_new(C, M2__N_CMP); cmp->a = first; }
        m2__cnode_push(C, cmp, m2__cp_bin(C, 0), NULL, 0, op);
    }
    return cmp ? cmp : first;
}
static m2__cnode *m2__cp_not(m2__chat *C) {
    if (m2__cis_name(m2__ccur(C), "not")) {
        m2__cnode *nd = m2__cnode_new(C, M2__N_NOT);
        m2__cadvance(C);
        m2__cdeeper(C);
        nd->a = m2__cp_not(C);
        C->depth--;
        return nd;
    }
    return m2__cp_compare(C);
}
static m2__cnode *m2__cp_andor(m2__chat *C, int is_or) {
    m2__cnode *left = is_or ? m2__cp_andor(C, 0) : m2__cp_not(C);
    while (m2__cis_name(m2__ccur(C), is_or ? "or" : "and")) {
        m2__cnode *nd = m2__cnode_new(C, is_or ? M2__N_OR : M2__N_AND);
        m2__cadvance(C);
        nd->a = left;
        nd->b = is_or ? m2__cp_andor(C, 0) : m2__cp_not(C);
        left = nd;
    }
    return left;
}
static m2__cnode *m2__cp_expr(m2__chat *C, int with_cond) {
    m2__cnode *nd;
    m2__cdeeper(C);
    nd = m2__cp_andor(C, 1);
    while (with_cond && m2__cis_name(m2__ccur(C), "if")) { /* a if c else b */
        m2__cnode *ce = m2__cnode_new(C, M2__N_COND);
        m2__cadvance(C);
        ce->a = m2__cp_andor(C, 1);
        ce->b = nd;
        if (m2__cis_name(m2__ccur(C), "else")) { m2__cadvance(C); ce->c = m2__cp_expr(C, 1); }
        nd = ce;
    }
    C->depth--;
    return nd;
}

static void m2__cexpect_blkend(m2__chat *C) {
    if (m2__ccur(C)->t != M2__K_BLKEND) m2__cunexpected(C, "'%}'");
    m2__cadvance(C);
}

/* A body of statements, up to a {% tag %} named in ends (the cursor is then on that name). */
static m2__cnode *m2__cp_body(m2__chat *C, const char *const *ends, int n_ends);

static m2__cnode *m2__cp_statement(m2__chat *C) {
    m2__ctok *t = m2__ccur(C);
    m2__cnode *nd;
    static const char *const if_ends[] = {"elif", "else", "endif"};
    static const char *const for_ends[] = {"else", "endfor"};
    static const char *const endfor[] = {"endfor"};
    static const char *const endset[] = {"endset"};
    static const char *const endgen[] = {"endgeneration"};
    static const char *const known[] = {"macro", "call", "filter", "with", "include", "import", "from", "extends", "block",
                                        "raw", "do", "autoescape", "trans", "pluralize"};
    if (t->t != M2__K_NAME) m2__cunexpected(C, "a tag name");
    if (m2__cis_name(t, "if")) {
        m2__cnode *top = NULL, **slot = &top;
        for (;;) { /* if / elif ... chain as nested ifs in the else branch */
            nd = m2__cnode_new(C, M2__N_IF);
            m2__cadvance(C);
            nd->a = m2__cp_tuple(C, 1, 0, NULL);
            m2__cexpect_blkend(C);
            nd->c = m2__cp_body(C, if_ends, 3);
            *slot = nd;
            if (m2__cis_name(m2__ccur(C), "elif")) { slot = &nd->d; continue; }
            if (m2__cis_name(m2__ccur(C), "else")) {
                m2__cadvance(C);
                m2__cexpect_blkend(C);
                nd->d = m2__cp_body(C, if_ends + 2, 1);
            }
            m2__cadvance(C); /* endif */
            m2__cexpect_blkend(C);
            return top;
        }
    }
    if (m2__cis_name(t, "for")) {
        nd = m2__cnode_new(C, M2__N_FOR);
        m2__cadvance(C);
        { /* the target: a name, or names separated by commas, optionally in parentheses */
            int paren = m2__cis_op(C, '(');
            if (paren) m2__cadvance(C);
            for (;;) {
                m2__ctok *nm = m2__cexpect_name(C);
                m2__cnode *v = m2__cnode_new(C, M2__N_NAME);
                v->s = nm->s; v->n = nm->n;
                m2__cnode_push(C, nd, v, NULL, 0, 0);
                if (!m2__cis_op(C, ',')) break;
                m2__cadvance(C);
                if (paren && m2__cis_op(C, ')')) break;
            }
            if (paren) m2__cexpect_op(C, ')', "')'");
        }
        if (!m2__cis_name(m2__ccur(C), "in")) m2__cunexpected(C, "'in'");
        m2__cadvance(C);
        nd->a = m2__cp_tuple(C, 0, 0, "recursive");
        if (m2__cis_name(m2__ccur(C), "if")) { m2__cadvance(C); nd->b = m2__cp_expr(C, 1); }
        if (m2__cis_name(m2__ccur(C), "recursive")) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: recursive loops");
        m2__cexpect_blkend(C);
        C->loops++;
        nd->c = m2__cp_body(C, for_ends, 2);
        C->loops--;
        if (m2__cis_name(m2__ccur(C), "else")) {
            m2__cadvance(C);
            m2__cexpect_blkend(C);
            nd->d = m2__cp_body(C, endfor, 1);
        }
        m2__cadvance(C);
        m2__cexpect_blkend(C);
        return nd;
    }
    if (m2__cis_name(t, "set")) {
        m2__ctok *nm;
        nd = m2__cnode_new(C, M2__N_SET);
        m2__cadvance(C);
        nm = m2__cexpect_name(C);
        nd->s = nm->s; nd->n = nm->n;
        if (m2__cis_op(C, '.')) {
            m2__cadvance(C);
            nm = m2__cexpect_name(C);
            nd->s2 = nm->s; nd->n2 = nm->n;
        }
        if (m2__cis_op(C, ',')) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: assignment to several names in {%% set %%}");
        if (m2__cis_op(C, '=')) {
            m2__cadvance(C);
            nd->a = m2__cp_tuple(C, 1, 0, NULL);
            m2__cexpect_blkend(C);
            return nd;
        }
        if (m2__cis_op(C, '|')) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: a filter on a {%% set %%} block");
        m2__cexpect_blkend(C);
        nd->k = M2__N_SETBLOCK;
        nd->c = m2__cp_body(C, endset, 1);
        m2__cadvance(C);
        m2__cexpect_blkend(C);
        return nd;
    }
    if (m2__cis_name(t, "break") || m2__cis_name(t, "continue")) {
        if (!C->loops) m2__cfail(C, M2_ERR_FORMAT, "'%.*s' outside a loop", (int)t->n, t->s);
        nd = m2__cnode_new(C, m2__cis_name(t, "break") ? M2__N_BREAK : M2__N_CONTINUE);
        m2__cadvance(C);
        m2__cexpect_blkend(C);
        return nd;
    }
    if (m2__cis_name(t, "generation")) { /* transformers' {% generation %} marks assistant text; it renders its body */
        nd = m2__cnode_new(C, M2__N_GEN);
        m2__cadvance(C);
        m2__cexpect_blkend(C);
        nd->c = m2__cp_body(C, endgen, 1);
        m2__cadvance(C);
        m2__cexpect_blkend(C);
        return nd;
    }
    if (M2__CFIND(known, t->s, t->n) >= 0) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: the {%% %.*s %%} tag", (int)t->n, t->s);
    m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: unknown tag '%.*s'", (int)(t->n > 40 ? 40 : t->n), t->s);
}

static m2__cnode *m2__cp_body(m2__chat *C, const char *const *ends, int n_ends) {
    m2__cnode *head = NULL, **tail = &head;
    m2__cdeeper(C);
    for (;;) {
        m2__ctok *t = m2__ccur(C);
        m2__cnode *nd;
        if (t->t == M2__K_EOF) {
            if (n_ends) m2__cfail(C, M2_ERR_FORMAT, "unexpected end of the template: '%s' is missing", ends[n_ends - 1]);
            break;
        }
        if (t->t == M2__K_DATA) {
            nd = m2__cnode_new(C, M2__N_DATA);
            nd->s = t->s; nd->n = t->n;
            m2__cadvance(C);
        } else if (t->t == M2__K_VAR) {
            m2__cadvance(C);
            nd = m2__cnode_new(C, M2__N_OUT);
            nd->a = m2__cp_tuple(C, 1, 0, NULL);
            if (m2__ccur(C)->t != M2__K_VAREND) m2__cunexpected(C, "'}}'");
            m2__cadvance(C);
        } else if (t->t == M2__K_BLK) {
            int i;
            m2__cadvance(C);
            for (i = 0; i < n_ends; i++) if (m2__cis_name(m2__ccur(C), ends[i])) { C->depth--; return head; }
            t = m2__ccur(C);
            if (t->t == M2__K_NAME && (m2__cis_name(t, "elif") || m2__cis_name(t, "else") || (t->n > 3 && !memcmp(t->s, "end", 3))))
                m2__cfail(C, M2_ERR_FORMAT, "unexpected '%.*s'%s%s", (int)(t->n > 40 ? 40 : t->n), t->s, n_ends ? ": expected " : "", n_ends ? ends[n_ends - 1] : "");
            nd = m2__cp_statement(C);
        } else {
            m2__cunexpected(C, "text or a tag");
        }
        *tail = nd;
        while (nd->next) nd = nd->next;
        tail = &nd->next;
    }
    C->depth--;
    return head;
}

/* ---- evaluation ---- */
static m2__cv m2__ceval(m2__chat *C, const m2__cnode *nd);

static m2__cv *m2__clookup(m2__chat *C, const char *s, size_t n) {
    m2__cframe *f;
    for (f = C->frame; f; f = f->up) {
        m2__cv *v = m2__cdict_findz(C, &f->vars, s, n);
        if (v) return v;
    }
    return NULL;
}

/* the items a for loop, join, list or first see: a list's items, a dict's keys, a string's characters */
static const m2__clist *m2__citer(m2__chat *C, const m2__cv *v) {
    m2__clist *l;
    size_t i, k;
    switch (v->t) {
    case M2__V_LIST: return M2__CL(*v);
    case M2__V_UNDEF: l = M2__CL(m2__cv_list(C, 0, 0)); return l;
    case M2__V_DICT:
        l = M2__CL(m2__cv_list(C, M2__CD(*v)->n, 0));
        for (i = 0; i < l->n; i++) l->v[i] = M2__CD(*v)->k[i];
        return l;
    case M2__V_STR:
        l = M2__CL(m2__cv_list(C, m2__ccount(v->s, v->n), 0));
        for (i = 0, k = 0; i < v->n; k++) {
            size_t len;
            (void)m2__cnext(v->s + i, &len);
            l->v[k] = m2__cv_str(v->s + i, len);
            i += len;
        }
        return l;
    default:
        m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: '%s' object is not iterable", m2__ctype_name(v));
    }
}

static m2__cv m2__cgetattr(m2__chat *C, const m2__cv *obj, const char *s, size_t n) {
    if (obj->t == M2__V_UNDEF) m2__cundef_fail(C, obj);
    if (obj->t == M2__V_DICT || obj->t == M2__V_NS) {
        m2__cv *v = m2__cdict_findz(C, M2__CD(*obj), s, n);
        return v ? *v : m2__cv_undef(M2__U_ATTR, s, n);
    }
    if (obj->t == M2__V_LOOP) {
        const m2__cloop *lp = (const m2__cloop *)obj->p;
#define M2__IS(name) (n == sizeof name - 1 && !memcmp(s, name, n))
        if (M2__IS("index0")) return m2__cv_int(lp->i0);
        if (M2__IS("index")) return m2__cv_int(lp->i0 + 1);
        if (M2__IS("revindex0")) return m2__cv_int(lp->len - lp->i0 - 1);
        if (M2__IS("revindex")) return m2__cv_int(lp->len - lp->i0);
        if (M2__IS("first")) return m2__cv_bool(lp->i0 == 0);
        if (M2__IS("last")) return m2__cv_bool(lp->i0 == lp->len - 1);
        if (M2__IS("length")) return m2__cv_int(lp->len);
        if (M2__IS("depth")) return m2__cv_int(1);
        if (M2__IS("depth0")) return m2__cv_int(0);
        if (M2__IS("previtem") && lp->i0 > 0) return lp->items->v[lp->i0 - 1];
        if (M2__IS("nextitem") && lp->i0 + 1 < lp->len) return lp->items->v[lp->i0 + 1];
#undef M2__IS
    }
    return m2__cv_undef(M2__U_ITEM, s, n);
}
/* Python index i of a sequence of n: negative counts from the end; -1 when out of range */
static int64_t m2__cindex(const m2__cv *key, size_t n) {
    int64_t i = key->num.i;
    if (i < 0) i += (int64_t)n;
    return i < 0 || i >= (int64_t)n ? -1 : i;
}
static m2__cv m2__cgetitem(m2__chat *C, const m2__cv *obj, const m2__cv *key) {
    if (obj->t == M2__V_UNDEF) m2__cundef_fail(C, obj);
    if (obj->t == M2__V_DICT) {
        m2__cv *v;
        if ((key->t == M2__V_LIST && !key->aux) || key->t == M2__V_DICT || key->t == M2__V_NS || key->t == M2__V_LOOP || key->t == M2__V_UNDEF) return m2__cv_undef(M2__U_ITEM, NULL, 0);
        v = m2__cdict_find(C, M2__CD(*obj), key);
        if (v) return *v;
        return key->t == M2__V_STR ? m2__cv_undef(M2__U_ATTR, key->s, key->n) : m2__cv_undef(M2__U_ITEM, NULL, 0);
    }
    if (key->t == M2__V_STR) return m2__cgetattr(C, obj, key->s, key->n); /* Jinja tries the attribute next */
    if (key->t == M2__V_INT || key->t == M2__V_BOOL) {
        if (obj->t == M2__V_LIST) {
            int64_t i = m2__cindex(key, M2__CL(*obj)->n);
            if (i >= 0) return M2__CL(*obj)->v[i];
        } else if (obj->t == M2__V_STR) {
            int64_t i = m2__cindex(key, m2__ccount(obj->s, obj->n)), k = 0;
            size_t at = 0, len = 0;
            if (i >= 0) {
                for (;; k++) { (void)m2__cnext(obj->s + at, &len); if (k == i) break; at += len; }
                return m2__cv_str(obj->s + at, len);
            }
        }
    }
    return m2__cv_undef(M2__U_ITEM, NULL, 0);
}

/* Python's slice of a list or string (PySlice_AdjustIndices) */
static m2__cv m2__cslice(m2__chat *C, const m2__cv *obj, const m2__cv *lo, const m2__cv *hi, const m2__cv *st) {
    int64_t len, step = 1, start, stop, i, count = 0;
    size_t *offs = NULL;
    const m2__cv *bounds[3];
    int b;
    if (obj->t == M2__V_UNDEF) m2__cundef_fail(C, obj);
    /* Jinja compiles a slice to Python's own subscript (not its forgiving getitem): a slice of
       anything but a sequence is a TypeError */
    if (obj->t == M2__V_DICT || obj->t == M2__V_NS) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: unhashable type: 'slice'");
    if (obj->t != M2__V_LIST && obj->t != M2__V_STR) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: '%s' object is not subscriptable", m2__ctype_name(obj));
    bounds[0] = lo; bounds[1] = hi; bounds[2] = st;
    for (b = 0; b < 3; b++)
        if (bounds[b] && bounds[b]->t != M2__V_NONE && bounds[b]->t != M2__V_INT && bounds[b]->t != M2__V_BOOL)
            m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: slice indices must be integers or None");
    if (st && st->t != M2__V_NONE) step = st->num.i;
    if (step == 0) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ValueError: slice step cannot be zero");
    if (step < -INT64_MAX) step = -INT64_MAX;
    if (obj->t == M2__V_LIST) len = (int64_t)M2__CL(*obj)->n;
    else {
        size_t at, k = 0;
        len = (int64_t)m2__ccount(obj->s, obj->n);
        offs = (size_t *)m2__carena(C, m2__cmul(C, (size_t)len + 1, sizeof(size_t)));
        for (at = 0; at < obj->n; k++) { size_t l; (void)m2__cnext(obj->s + at, &l); offs[k] = at; at += l; }
        offs[k] = obj->n;
    }
    if (!lo || lo->t == M2__V_NONE) start = step < 0 ? len - 1 : 0;
    else { start = lo->num.i; if (start < 0) { start += len; if (start < 0) start = step < 0 ? -1 : 0; } else if (start >= len) start = step < 0 ? len - 1 : len; }
    if (!hi || hi->t == M2__V_NONE) stop = step < 0 ? -1 : len;
    else { stop = hi->num.i; if (stop < 0) { stop += len; if (stop < 0) stop = step < 0 ? -1 : 0; } else if (stop >= len) stop = step < 0 ? len - 1 : len; }
    if (step < 0) { if (stop < start) count = (start - stop - 1) / -step + 1; }
    else if (start < stop) count = (stop - start - 1) / step + 1;
    if (obj->t == M2__V_LIST) {
        m2__cv r = m2__cv_list(C, (size_t)count, obj->aux);
        for (i = 0; i < count; i++) M2__CL(r)->v[i] = M2__CL(*obj)->v[start + i * step];
        return r;
    } else {
        m2__csb *sb = m2__csb_new(C);
        for (i = 0; i < count; i++) {
            int64_t c = start + i * step;
            m2__csb_add(C, sb, obj->s + offs[c], offs[c + 1] - offs[c]);
        }
        return m2__csb_take(C, sb);
    }
}

/* ---- arithmetic, as Python's int (64-bit here) and float ---- */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
static void m2__coverflow(m2__chat *C) { m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "integer overflow (integers are 64-bit here)"); }
static int64_t m2__cimul(m2__chat *C, int64_t a, int64_t b) {
    if (a > 0 ? (b > INT64_MAX / a || b < INT64_MIN / a) : a < -1 ? (b < INT64_MAX / a || b > INT64_MIN / a) : (a == -1 && b == INT64_MIN)) m2__coverflow(C);
    return a * b;
}
static m2__cv m2__crepeat(m2__chat *C, const m2__cv *seq, int64_t times) {
    int64_t i;
    size_t unit = seq->t == M2__V_STR ? seq->n : M2__CL(*seq)->n;
    if (times < 0) times = 0;
    if (unit && (uint64_t)times > (uint64_t)(C->max_out / unit)) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "a repetition longer than max_output");
    if (seq->t == M2__V_STR) {
        m2__csb *sb = m2__csb_new(C);
        for (i = 0; i < times; i++) m2__csb_add(C, sb, seq->s, seq->n);
        return m2__csb_take(C, sb);
    } else {
        m2__cv r = m2__cv_list(C, m2__cmul(C, unit, (size_t)times), seq->aux);
        for (i = 0; i < times; i++) if (unit) memcpy(M2__CL(r)->v + (size_t)i * unit, M2__CL(*seq)->v, unit * sizeof(m2__cv));
        return r;
    }
}
static m2__cv m2__cbinop(m2__chat *C, int op, const m2__cv *a, const m2__cv *b) {
    const char *sym = op == M2__OP2('/', '/') ? "//" : op == M2__OP2('*', '*') ? "**" : op == '+' ? "+" : op == '-' ? "-" : op == '*' ? "*" : op == '/' ? "/" : "%";
    if (a->t == M2__V_UNDEF) m2__cundef_fail(C, a);
    if (b->t == M2__V_UNDEF) m2__cundef_fail(C, b);
    if (m2__cis_num(a) && m2__cis_num(b)) {
        int ints = a->t != M2__V_FLOAT && b->t != M2__V_FLOAT;
        int64_t x = a->num.i, y = b->num.i;
        double fx = m2__cnum(a), fy = m2__cnum(b);
        switch (op) {
        case '+':
            if (ints) { if ((y > 0 && x > INT64_MAX - y) || (y < 0 && x < INT64_MIN - y)) m2__coverflow(C); return m2__cv_int(x + y); }
            return m2__cv_float(fx + fy);
        case '-':
            if (ints) { if ((y < 0 && x > INT64_MAX + y) || (y > 0 && x < INT64_MIN + y)) m2__coverflow(C); return m2__cv_int(x - y); }
            return m2__cv_float(fx - fy);
        case '*': return ints ? m2__cv_int(m2__cimul(C, x, y)) : m2__cv_float(fx * fy);
        case '/':
            if (fy == 0.0) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ZeroDivisionError: division by zero");
            return m2__cv_float(ints ? (double)x / (double)y : fx / fy);
        case '%': case M2__OP2('/', '/'):
            if (ints) {
                int64_t q, r;
                if (y == 0) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ZeroDivisionError: integer division or modulo by zero");
                if (x == INT64_MIN && y == -1) { if (op == '%') return m2__cv_int(0); m2__coverflow(C); }
                q = x / y; r = x % y;
                if (r != 0 && ((r < 0) != (y < 0))) { q--; r += y; }
                return m2__cv_int(op == '%' ? r : q);
            } else { /* CPython's float_divmod */
                double mod, div, fl;
                if (fy == 0.0) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ZeroDivisionError: float division by zero");
                mod = fmod(fx, fy);
                div = (fx - mod) / fy;
                if (mod != 0.0) { if ((fy < 0) != (mod < 0)) { mod += fy; div -= 1.0; } }
                else mod = copysign(0.0, fy);
                if (div != 0.0) { fl = floor(div); if (div - fl > 0.5) fl += 1.0; }
                else fl = copysign(0.0, fx / fy);
                return m2__cv_float(op == '%' ? mod : fl);
            }
        default: /* ** */
            if (ints && y >= 0) {
                int64_t r = 1, base = x, e = y;
                while (e) { if (e & 1) r = m2__cimul(C, r, base); e >>= 1; if (e) base = m2__cimul(C, base, base); }
                return m2__cv_int(r);
            }
            if (fx == 0.0 && fy < 0) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ZeroDivisionError: 0.0 cannot be raised to a negative power");
            return m2__cv_float(pow(fx, fy));
        }
    }
    if (op == '+' && a->t == M2__V_STR && b->t == M2__V_STR) {
        char *p = (char *)m2__carena(C, a->n + b->n + 1);
        if (a->n > C->max_out || b->n > C->max_out - a->n) m2__cfail(C, M2_ERR_OUT_OF_MEMORY, "a string longer than max_output");
        if (a->n) memcpy(p, a->s, a->n);
        if (b->n) memcpy(p + a->n, b->s, b->n);
        return m2__cv_str(p, a->n + b->n);
    }
    if (op == '+' && a->t == M2__V_LIST && b->t == M2__V_LIST && a->aux == b->aux) {
        size_t na = M2__CL(*a)->n, nb = M2__CL(*b)->n;
        m2__cv r = m2__cv_list(C, na + nb, a->aux);
        if (na) memcpy(M2__CL(r)->v, M2__CL(*a)->v, na * sizeof(m2__cv));
        if (nb) memcpy(M2__CL(r)->v + na, M2__CL(*b)->v, nb * sizeof(m2__cv));
        return r;
    }
    if (op == '*' && (a->t == M2__V_STR || a->t == M2__V_LIST) && (b->t == M2__V_INT || b->t == M2__V_BOOL)) return m2__crepeat(C, a, b->num.i);
    if (op == '*' && (b->t == M2__V_STR || b->t == M2__V_LIST) && (a->t == M2__V_INT || a->t == M2__V_BOOL)) return m2__crepeat(C, b, a->num.i);
    if (op == '%' && a->t == M2__V_STR) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: string formatting with %%");
    m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: unsupported operand type(s) for %s: '%s' and '%s'", sym, m2__ctype_name(a), m2__ctype_name(b));
}

static int m2__ccontains(m2__chat *C, const m2__cv *item, const m2__cv *seq) {
    size_t i;
    if (seq->t == M2__V_STR) {
        if (item->t != M2__V_STR) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: 'in <string>' requires string as left operand, not %s", m2__ctype_name(item));
        if (!item->n) return 1;
        for (i = 0; i + item->n <= seq->n; i++) if (!memcmp(seq->s + i, item->s, item->n)) return 1;
        return 0;
    }
    if (seq->t == M2__V_LIST) {
        for (i = 0; i < M2__CL(*seq)->n; i++) if (m2__ceq(C, item, &M2__CL(*seq)->v[i], 0)) return 1;
        return 0;
    }
    if (seq->t == M2__V_DICT || seq->t == M2__V_NS) {
        if (item->t == M2__V_DICT || item->t == M2__V_UNDEF) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: unhashable type: '%s'", m2__ctype_name(item));
        return m2__cdict_find(C, M2__CD(*seq), item) != NULL; /* a list fails in the hash, a tuple hashes */
    }
    if (seq->t == M2__V_UNDEF) return 0;
    m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: argument of type '%s' is not iterable", m2__ctype_name(seq));
}

/* ---- strings ---- */
/* Case mapping for ASCII, Latin-1, Greek and Cyrillic letters; other scripts are left as they are
   (Python maps a few more, such as Latin Extended, Armenian and Georgian). */
static uint32_t m2__ccase(uint32_t c, int upper) {
    if (upper) {
        if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) || (c >= 0x430 && c <= 0x44F)) return c - 32;
        if (c == 0x3C2) return 0x3A3;
        if (c == 0xFF) return 0x178;
        if (c == 0xB5) return 0x39C;
        if (c >= 0x450 && c <= 0x45F) return c - 80;
    } else {
        if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F)) return c + 32;
        if (c == 0x178) return 0xFF;
        if (c >= 0x400 && c <= 0x40F) return c + 80;
    }
    return c;
}
static m2__cv m2__ccase_str(m2__chat *C, const m2__cv *v, int mode) { /* 0 lower, 1 upper, 2 capitalize */
    m2__csb *sb = m2__csb_new(C);
    size_t i, k;
    for (i = 0; i < v->n; i += k) {
        uint32_t c = m2__cnext(v->s + i, &k);
        if (c == 0xDF && (mode == 1 || (mode == 2 && i == 0))) { m2__csb_add(C, sb, mode == 1 ? "SS" : "Ss", 2); continue; } /* ß */
        m2__csb_cp(C, sb, m2__ccase(c, mode == 1 || (mode == 2 && i == 0)));
    }
    return m2__csb_take(C, sb);
}
/* str.strip / lstrip / rstrip: chars NULL = whitespace */
static m2__cv m2__cstrip(const m2__cv *v, const m2__cv *chars, int left, int right) {
    size_t b = 0, e = v->n, k;
    for (;;) {
        uint32_t c, x;
        size_t j, kx;
        int hit = 0;
        if (!left || b >= e) break;
        c = m2__cnext(v->s + b, &k);
        if (!chars) hit = m2__cspace(c);
        else for (j = 0; j < chars->n && !hit; j += kx) { x = m2__cnext(chars->s + j, &kx); hit = x == c; }
        if (!hit) break;
        b += k;
    }
    for (;;) {
        uint32_t c, x;
        size_t j, kx, p;
        int hit = 0;
        if (!right || e <= b) break;
        p = m2__cprev(v->s, e);
        c = m2__cnext(v->s + p, &k);
        if (!chars) hit = m2__cspace(c);
        else for (j = 0; j < chars->n && !hit; j += kx) { x = m2__cnext(chars->s + j, &kx); hit = x == c; }
        if (!hit) break;
        e = p;
    }
    return m2__cv_str(v->s + b, e - b);
}
static m2__cv m2__creplace(m2__chat *C, const m2__cv *v, const m2__cv *old, const m2__cv *rep, int64_t count) {
    m2__csb *sb = m2__csb_new(C);
    size_t i = 0, run = 0;
    if (count < 0) count = INT64_MAX;
    if (!old->n) { /* Python inserts the replacement between characters, and at both ends */
        while (count > 0) {
            size_t k = 0;
            m2__csb_add(C, sb, rep->s, rep->n);
            count--;
            if (i >= v->n) break;
            (void)m2__cnext(v->s + i, &k);
            m2__csb_add(C, sb, v->s + i, k);
            i += k;
        }
        m2__csb_add(C, sb, v->s + i, v->n - i);
        return m2__csb_take(C, sb);
    }
    while (count > 0 && i + old->n <= v->n) {
        if (memcmp(v->s + i, old->s, old->n)) { i++; continue; }
        m2__csb_add(C, sb, v->s + run, i - run);
        m2__csb_add(C, sb, rep->s, rep->n);
        i += old->n;
        run = i;
        count--;
        m2__cstep(C);
    }
    m2__csb_add(C, sb, v->s + run, v->n - run);
    return m2__csb_take(C, sb);
}
static m2__cv m2__csplit(m2__chat *C, const m2__cv *v, const m2__cv *sep, int64_t maxsplit) {
    m2__cv *parts = NULL;
    size_t n = 0, cap = 0, i = 0, k;
    m2__cv r;
    if (sep && !sep->n) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ValueError: empty separator");
    if (maxsplit < 0) maxsplit = INT64_MAX;
    for (;;) {
        size_t st, en;
        int last = 0;
        if (!sep) { /* runs of whitespace; none at the ends */
            while (i < v->n && m2__cspace(m2__cnext(v->s + i, &k))) i += k;
            if (i >= v->n) break;
            st = i;
            if (maxsplit == 0) { en = v->n; last = 1; }
            else { while (i < v->n && !m2__cspace(m2__cnext(v->s + i, &k))) i += k; en = i; }
        } else {
            st = i;
            en = i;
            while (maxsplit > 0 && en + sep->n <= v->n && memcmp(v->s + en, sep->s, sep->n)) en++;
            if (maxsplit == 0 || en + sep->n > v->n) { en = v->n; last = 1; }
            i = en + sep->n;
        }
        if (n == cap) {
            m2__cv *g;
            cap = cap ? cap * 2 : 8;
            g = (m2__cv *)m2__carena(C, m2__cmul(C, cap, sizeof(m2__cv)));
            if (n) memcpy(g, parts, n * sizeof(m2__cv));
            parts = g;
        }
        parts[n++] = m2__cv_str(v->s + st, en - st);
        m2__cstep(C);
        if (last) break;
        maxsplit--;
    }
    r = m2__cv_list(C, n, 0);
    if (n) memcpy(M2__CL(r)->v, parts, n * sizeof(m2__cv));
    return r;
}

/* Arguments by position or keyword into slots named as the Python function names them. */
static void m2__cargs(m2__chat *C, const m2__cnode *nd, int first, const char *const *names, int n_names, m2__cv *out, int *given) {
    int i, pos = 0;
    for (i = 0; i < n_names; i++) given[i] = 0;
    for (i = first; i < nd->n_args; i++) {
        int slot = pos;
        if (nd->kw[i]) {
            for (slot = 0; slot < n_names; slot++) if (strlen(names[slot]) == nd->kwn[i] && !memcmp(names[slot], nd->kw[i], nd->kwn[i])) break;
            if (slot == n_names) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: %.*s() got an unexpected keyword argument '%.*s'", (int)nd->n, nd->s, (int)nd->kwn[i], nd->kw[i]);
        } else pos++;
        if (slot >= n_names) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: %.*s() takes at most %d argument%s", (int)nd->n, nd->s, n_names, n_names == 1 ? "" : "s");
        if (given[slot]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: %.*s() got multiple values for argument '%s'", (int)nd->n, nd->s, names[slot]);
        out[slot] = m2__ceval(C, nd->args[i]);
        given[slot] = 1;
    }
}
static const m2__cv *m2__cneed_str(m2__chat *C, const m2__cnode *nd, const m2__cv *v) {
    if (v->t != M2__V_STR) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: %.*s() expects a string, not '%s'", (int)nd->n, nd->s, m2__ctype_name(v));
    return v;
}
static int64_t m2__cneed_int(m2__chat *C, const m2__cnode *nd, const m2__cv *v) {
    if (v->t != M2__V_INT && v->t != M2__V_BOOL) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: %.*s() expects an integer, not '%s'", (int)nd->n, nd->s, m2__ctype_name(v));
    return v->num.i;
}

static m2__cv m2__cmethod(m2__chat *C, const m2__cnode *nd) {
    m2__cv self = m2__ceval(C, nd->a), a[3];
    int given[3];
    static const char *const strip_args[] = {"chars"}, *const split_args[] = {"sep", "maxsplit"}, *const fix_args[] = {"prefix"},
                             *const rep_args[] = {"old", "new", "count"}, *const get_args[] = {"key", "default"};
    if (self.t == M2__V_UNDEF) m2__cundef_fail(C, &self);
    if (self.t == M2__V_STR) {
        switch (nd->op) {
        case M2__M_STRIP: case M2__M_LSTRIP: case M2__M_RSTRIP:
            m2__cargs(C, nd, 0, strip_args, 1, a, given);
            if (given[0] && a[0].t != M2__V_NONE) m2__cneed_str(C, nd, &a[0]);
            return m2__cstrip(&self, given[0] && a[0].t != M2__V_NONE ? &a[0] : NULL, nd->op != M2__M_RSTRIP, nd->op != M2__M_LSTRIP);
        case M2__M_SPLIT:
            m2__cargs(C, nd, 0, split_args, 2, a, given);
            if (given[0] && a[0].t != M2__V_NONE) m2__cneed_str(C, nd, &a[0]);
            return m2__csplit(C, &self, given[0] && a[0].t != M2__V_NONE ? &a[0] : NULL, given[1] ? m2__cneed_int(C, nd, &a[1]) : -1);
        case M2__M_STARTSWITH: case M2__M_ENDSWITH: {
            const m2__cv *alts;
            size_t n_alts = 1, i;
            m2__cargs(C, nd, 0, fix_args, 1, a, given);
            if (!given[0]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: %.*s() takes at least 1 argument", (int)nd->n, nd->s);
            alts = &a[0];
            if (a[0].t == M2__V_LIST && a[0].aux) { alts = M2__CL(a[0])->v; n_alts = M2__CL(a[0])->n; }
            for (i = 0; i < n_alts; i++) {
                const m2__cv *p = m2__cneed_str(C, nd, &alts[i]);
                if (p->n <= self.n && !memcmp(self.s + (nd->op == M2__M_STARTSWITH ? 0 : self.n - p->n), p->s, p->n)) return m2__cv_bool(1);
            }
            return m2__cv_bool(0);
        }
        case M2__M_REPLACE:
            m2__cargs(C, nd, 0, rep_args, 3, a, given);
            if (!given[0] || !given[1]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: replace() takes at least 2 arguments");
            return m2__creplace(C, &self, m2__cneed_str(C, nd, &a[0]), m2__cneed_str(C, nd, &a[1]), given[2] ? m2__cneed_int(C, nd, &a[2]) : -1);
        case M2__M_UPPER: case M2__M_LOWER: case M2__M_CAPITALIZE:
            m2__cargs(C, nd, 0, NULL, 0, a, given);
            return m2__ccase_str(C, &self, nd->op == M2__M_LOWER ? 0 : nd->op == M2__M_UPPER ? 1 : 2);
        default: break;
        }
    } else if (self.t == M2__V_DICT) {
        const m2__cdict *d = M2__CD(self);
        size_t i;
        m2__cv r;
        switch (nd->op) {
        case M2__M_GET: {
            m2__cv *v;
            m2__cargs(C, nd, 0, get_args, 2, a, given);
            if (!given[0]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: get() takes at least 1 argument");
            v = m2__cdict_find(C, d, &a[0]);
            return v ? *v : given[1] ? a[1] : m2__cv_make(M2__V_NONE);
        }
        case M2__M_ITEMS: case M2__M_KEYS: case M2__M_VALUES:
            m2__cargs(C, nd, 0, NULL, 0, a, given);
            r = m2__cv_list(C, d->n, 0);
            for (i = 0; i < d->n; i++) {
                if (nd->op == M2__M_KEYS) M2__CL(r)->v[i] = d->k[i];
                else if (nd->op == M2__M_VALUES) M2__CL(r)->v[i] = d->v[i];
                else {
                    m2__cv pair = m2__cv_list(C, 2, 1);
                    M2__CL(pair)->v[0] = d->k[i];
                    M2__CL(pair)->v[1] = d->v[i];
                    M2__CL(r)->v[i] = pair;
                }
            }
            return r;
        default: break;
        }
    }
    m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "UndefinedError: '%s object' has no attribute '%.*s'", m2__ctype_name(&self), (int)nd->n, nd->s);
}

static m2__cv m2__cfunc(m2__chat *C, const m2__cnode *nd) {
    m2__cv a[3];
    int given[3], i;
    if (nd->op == M2__FN_RAISE) {
        static const char *const names[] = {"message"};
        m2__cv msg;
        m2__cargs(C, nd, 0, names, 1, a, given);
        msg = given[0] ? m2__cto_str(C, &a[0]) : m2__cv_str("", 0);
        if (C->err && C->err_size) {
            size_t k = msg.n < C->err_size - 1 ? msg.n : C->err_size - 1;
            memcpy(C->err, msg.s, k);
            C->err[k] = 0;
        }
        C->code = M2_ERR_INVALID_ARGUMENT;
        longjmp(C->jb, 1);
    }
    if (nd->op == M2__FN_STRFTIME) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "UndefinedError: 'strftime_now' is undefined (no clock in the sandbox)");
    if (nd->op == M2__FN_NAMESPACE) {
        m2__cv ns = m2__cv_dict(C, M2__V_NS);
        for (i = 0; i < nd->n_args; i++) {
            m2__cv v = m2__ceval(C, nd->args[i]);
            if (nd->kw[i]) m2__cdict_set(C, M2__CD(ns), m2__cv_str(nd->kw[i], nd->kwn[i]), v);
            else if (v.t == M2__V_DICT && i == 0) {
                size_t j;
                for (j = 0; j < M2__CD(v)->n; j++) m2__cdict_set(C, M2__CD(ns), M2__CD(v)->k[j], M2__CD(v)->v[j]);
            } else m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: namespace() takes keyword arguments or one dict");
        }
        return ns;
    } else { /* range */
        static const char *const names[] = {"start", "stop", "step"};
        int64_t lo = 0, hi, st = 1, count = 0, k;
        m2__cv r;
        m2__cargs(C, nd, 0, names, 3, a, given);
        if (!given[0] || (given[2] && !given[1])) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: range() takes 1 to 3 arguments");
        for (i = 0; i < nd->n_args; i++) if (nd->kw[i]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: range() takes no keyword arguments");
        if (given[1]) { lo = m2__cneed_int(C, nd, &a[0]); hi = m2__cneed_int(C, nd, &a[1]); }
        else hi = m2__cneed_int(C, nd, &a[0]);
        if (given[2]) st = m2__cneed_int(C, nd, &a[2]);
        if (st == 0) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ValueError: range() arg 3 must not be zero");
        if (st > 0 && lo < hi) count = (int64_t)(((uint64_t)hi - (uint64_t)lo - 1) / (uint64_t)st + 1);
        if (st < 0 && lo > hi) count = (int64_t)(((uint64_t)lo - (uint64_t)hi - 1) / (0 - (uint64_t)st) + 1);
        if ((uint64_t)count > C->max_steps) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "range() of more than max_steps (%lu) items", (unsigned long)C->max_steps);
        r = m2__cv_list(C, (size_t)count, 0);
        for (k = 0; k < count; k++) M2__CL(r)->v[k] = m2__cv_int(lo + k * st);
        return r;
    }
}

static m2__cv m2__cfilter(m2__chat *C, const m2__cnode *nd) {
    m2__cv v = m2__ceval(C, nd->a), a[4];
    int given[4];
    size_t i;
    switch (nd->op) {
    case M2__F_TRIM: {
        static const char *const names[] = {"chars"};
        m2__cargs(C, nd, 0, names, 1, a, given);
        v = m2__cto_str(C, &v);
        if (given[0] && a[0].t != M2__V_NONE) return m2__cstrip(&v, m2__cneed_str(C, nd, &a[0]), 1, 1);
        return m2__cstrip(&v, NULL, 1, 1);
    }
    case M2__F_LENGTH: case M2__F_COUNT:
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        switch (v.t) {
        case M2__V_UNDEF: return m2__cv_int(0);
        case M2__V_STR: return m2__cv_int((int64_t)m2__ccount(v.s, v.n));
        case M2__V_LIST: return m2__cv_int((int64_t)M2__CL(v)->n);
        case M2__V_DICT: return m2__cv_int((int64_t)M2__CD(v)->n);
        case M2__V_LOOP: return m2__cv_int(((const m2__cloop *)v.p)->len);
        default: m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: object of type '%s' has no len()", m2__ctype_name(&v));
        }
    case M2__F_TOJSON: {
        static const char *const names[] = {"ensure_ascii", "indent", "separators", "sort_keys"};
        m2__csb *sb = m2__csb_new(C);
        int64_t indent = -1;
        m2__cargs(C, nd, 0, names, 4, a, given);
        if (given[0] && m2__ctruthy(&a[0])) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: tojson(ensure_ascii=True)");
        if (given[2] && a[2].t != M2__V_NONE) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: tojson(separators=...)");
        if (given[1] && a[1].t != M2__V_NONE) {
            if (a[1].t == M2__V_STR) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: tojson(indent=<string>)");
            indent = m2__cneed_int(C, nd, &a[1]);
            if (indent < 0) indent = 0;
            if (indent > 64) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "tojson: indent above 64");
        }
        m2__cjson(C, sb, &v, indent, given[3] && m2__ctruthy(&a[3]), 0);
        return m2__csb_take(C, sb);
    }
    case M2__F_UPPER: case M2__F_LOWER: case M2__F_CAPITALIZE:
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        v = m2__cto_str(C, &v);
        return m2__ccase_str(C, &v, nd->op == M2__F_LOWER ? 0 : nd->op == M2__F_UPPER ? 1 : 2);
    case M2__F_DEFAULT: case M2__F_D: {
        static const char *const names[] = {"default_value", "boolean"};
        m2__cargs(C, nd, 0, names, 2, a, given);
        if (v.t == M2__V_UNDEF || (given[1] && m2__ctruthy(&a[1]) && !m2__ctruthy(&v))) return given[0] ? a[0] : m2__cv_str("", 0);
        return v;
    }
    case M2__F_JOIN: {
        static const char *const names[] = {"d", "attribute"};
        const m2__clist *l;
        m2__csb *sb = m2__csb_new(C);
        m2__cargs(C, nd, 0, names, 2, a, given);
        if (given[1]) m2__cfail(C, M2_ERR_UNSUPPORTED, "unsupported construct: join(attribute=...)");
        if (given[0]) a[0] = m2__cto_str(C, &a[0]);
        l = m2__citer(C, &v);
        for (i = 0; i < l->n; i++) {
            if (i && given[0]) m2__csb_add(C, sb, a[0].s, a[0].n);
            m2__cstr_into(C, sb, &l->v[i], 0, 0);
            m2__cstep(C);
        }
        return m2__csb_take(C, sb);
    }
    case M2__F_REPLACE: {
        static const char *const names[] = {"old", "new", "count"};
        m2__cargs(C, nd, 0, names, 3, a, given);
        if (!given[0] || !given[1]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: replace() takes at least 2 arguments");
        v = m2__cto_str(C, &v);
        a[0] = m2__cto_str(C, &a[0]);
        a[1] = m2__cto_str(C, &a[1]);
        return m2__creplace(C, &v, &a[0], &a[1], given[2] && a[2].t != M2__V_NONE ? m2__cneed_int(C, nd, &a[2]) : -1);
    }
    case M2__F_FIRST: case M2__F_LAST: {
        const m2__clist *l;
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        l = m2__citer(C, &v);
        if (!l->n) return m2__cv_undef(M2__U_ITEM, NULL, 0);
        return l->v[nd->op == M2__F_FIRST ? 0 : l->n - 1];
    }
    case M2__F_STRING:
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        return m2__cto_str(C, &v);
    case M2__F_LIST: {
        const m2__clist *l;
        m2__cv r;
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        l = m2__citer(C, &v);
        r = m2__cv_list(C, l->n, 0);
        if (l->n) memcpy(M2__CL(r)->v, l->v, l->n * sizeof(m2__cv));
        return r;
    }
    case M2__F_ITEMS: {
        m2__cv r;
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        if (v.t == M2__V_UNDEF) return m2__cv_list(C, 0, 0);
        if (v.t != M2__V_DICT) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: the items filter needs a mapping, not '%s'", m2__ctype_name(&v));
        r = m2__cv_list(C, M2__CD(v)->n, 0);
        for (i = 0; i < M2__CD(v)->n; i++) {
            m2__cv pair = m2__cv_list(C, 2, 1);
            M2__CL(pair)->v[0] = M2__CD(v)->k[i];
            M2__CL(pair)->v[1] = M2__CD(v)->v[i];
            M2__CL(r)->v[i] = pair;
        }
        return r;
    }
    default: { /* reverse */
        const m2__clist *l;
        m2__cv r;
        m2__cargs(C, nd, 0, NULL, 0, a, given);
        if (v.t == M2__V_STR) {
            m2__csb *sb = m2__csb_new(C);
            size_t e = v.n;
            while (e > 0) { size_t b = m2__cprev(v.s, e); m2__csb_add(C, sb, v.s + b, e - b); e = b; }
            return m2__csb_take(C, sb);
        }
        l = m2__citer(C, &v); /* Undefined reverses to nothing, as reversed() of Jinja's Undefined */
        r = m2__cv_list(C, l->n, 0);
        for (i = 0; i < l->n; i++) M2__CL(r)->v[i] = l->v[l->n - 1 - i];
        return r;
    }
    }
}

static int m2__ctest(m2__chat *C, const m2__cnode *nd) {
    m2__cv v = m2__ceval(C, nd->a), a[1];
    int given[1];
    static const char *const one[] = {"other"};
    switch (nd->op) {
    case M2__T_DEFINED: return v.t != M2__V_UNDEF;
    case M2__T_UNDEFINED: return v.t == M2__V_UNDEF;
    case M2__T_NONE: return v.t == M2__V_NONE;
    case M2__T_STRING: return v.t == M2__V_STR;
    case M2__T_NUMBER: return m2__cis_num(&v);
    case M2__T_INTEGER: return v.t == M2__V_INT;
    case M2__T_FLOAT: return v.t == M2__V_FLOAT;
    case M2__T_BOOLEAN: return v.t == M2__V_BOOL;
    case M2__T_ITERABLE: return v.t == M2__V_STR || v.t == M2__V_LIST || v.t == M2__V_DICT || v.t == M2__V_UNDEF || v.t == M2__V_LOOP;
    case M2__T_MAPPING: return v.t == M2__V_DICT;
    case M2__T_SEQUENCE: return v.t == M2__V_STR || v.t == M2__V_LIST || v.t == M2__V_DICT || v.t == M2__V_UNDEF;
    case M2__T_FALSE: return v.t == M2__V_BOOL && !v.num.i;
    case M2__T_TRUE: return v.t == M2__V_BOOL && v.num.i;
    case M2__T_ODD: case M2__T_EVEN: {
        int64_t i;
        if (v.t == M2__V_UNDEF) m2__cundef_fail(C, &v);
        i = m2__cneed_int(C, nd, &v);
        return (int)((i % 2 != 0) == (nd->op == M2__T_ODD));
    }
    default: break;
    }
    m2__cargs(C, nd, 0, one, 1, a, given);
    if (!given[0]) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: the test '%.*s' needs an argument", (int)nd->n, nd->s);
    switch (nd->op) {
    case M2__T_DIVISIBLEBY: {
        m2__cv r = m2__cbinop(C, '%', &v, &a[0]);
        return !m2__ctruthy(&r);
    }
    case M2__T_EQ: case M2__T_EQUALTO: return m2__ceq(C, &v, &a[0], 0);
    case M2__T_NE: return !m2__ceq(C, &v, &a[0], 0);
    default: return m2__ccontains(C, &v, &a[0]);
    }
}

static m2__cv m2__ceval(m2__chat *C, const m2__cnode *nd) {
    m2__cv a, b;
    int i;
    m2__cstep(C);
    switch (nd->k) {
    case M2__N_CONST: return nd->v;
    case M2__N_NAME: {
        m2__cv *v = m2__clookup(C, nd->s, nd->n);
        return v ? *v : m2__cv_undef(M2__U_NAME, nd->s, nd->n);
    }
    case M2__N_LIST:
        a = m2__cv_list(C, (size_t)nd->n_args, nd->op);
        for (i = 0; i < nd->n_args; i++) M2__CL(a)->v[i] = m2__ceval(C, nd->args[i]);
        return a;
    case M2__N_DICT:
        a = m2__cv_dict(C, M2__V_DICT);
        for (i = 0; i + 1 < nd->n_args; i += 2) {
            m2__cv k = m2__ceval(C, nd->args[i]);
            m2__cdict_set(C, M2__CD(a), k, m2__ceval(C, nd->args[i + 1]));
        }
        return a;
    case M2__N_ATTR: a = m2__ceval(C, nd->a); return m2__cgetattr(C, &a, nd->s, nd->n);
    case M2__N_ITEM: a = m2__ceval(C, nd->a); b = m2__ceval(C, nd->b); return m2__cgetitem(C, &a, &b);
    case M2__N_SLICE: {
        m2__cv lo, hi, st;
        a = m2__ceval(C, nd->a);
        if (nd->b) lo = m2__ceval(C, nd->b);
        if (nd->c) hi = m2__ceval(C, nd->c);
        if (nd->d) st = m2__ceval(C, nd->d);
        return m2__cslice(C, &a, nd->b ? &lo : NULL, nd->c ? &hi : NULL, nd->d ? &st : NULL);
    }
    case M2__N_FUNC: return m2__cfunc(C, nd);
    case M2__N_METHOD: return m2__cmethod(C, nd);
    case M2__N_FILTER: return m2__cfilter(C, nd);
    case M2__N_TEST: return m2__cv_bool(m2__ctest(C, nd));
    case M2__N_BIN: a = m2__ceval(C, nd->a); b = m2__ceval(C, nd->b); return m2__cbinop(C, nd->op, &a, &b);
    case M2__N_NEG: case M2__N_POS:
        a = m2__ceval(C, nd->a);
        if (a.t == M2__V_UNDEF) m2__cundef_fail(C, &a);
        if (!m2__cis_num(&a)) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TypeError: bad operand type for unary %c: '%s'", nd->k == M2__N_NEG ? '-' : '+', m2__ctype_name(&a));
        if (a.t == M2__V_FLOAT) return m2__cv_float(nd->k == M2__N_NEG ? -a.num.f : a.num.f);
        if (nd->k == M2__N_NEG && a.num.i == INT64_MIN) m2__coverflow(C);
        return m2__cv_int(nd->k == M2__N_NEG ? -a.num.i : a.num.i);
    case M2__N_NOT: a = m2__ceval(C, nd->a); return m2__cv_bool(!m2__ctruthy(&a));
    case M2__N_AND: a = m2__ceval(C, nd->a); return m2__ctruthy(&a) ? m2__ceval(C, nd->b) : a;
    case M2__N_OR: a = m2__ceval(C, nd->a); return m2__ctruthy(&a) ? a : m2__ceval(C, nd->b);
    case M2__N_COND:
        a = m2__ceval(C, nd->a);
        if (m2__ctruthy(&a)) return m2__ceval(C, nd->b);
        return nd->c ? m2__ceval(C, nd->c) : m2__cv_undef(M2__U_ITEM, NULL, 0);
    case M2__N_CMP: {
        int r = 1;
        a = m2__ceval(C, nd->a);
        for (i = 0; i < nd->n_args && r; i++) {
            int op = nd->ops[i];
            b = m2__ceval(C, nd->args[i]);
            if (op == M2__OP2('=', '=')) r = m2__ceq(C, &a, &b, 0);
            else if (op == M2__OP2('!', '=')) r = !m2__ceq(C, &a, &b, 0);
            else if (op == 'i') r = m2__ccontains(C, &a, &b);
            else if (op == 'n') r = !m2__ccontains(C, &a, &b);
            else {
                const char *sym = op == '<' ? "<" : op == '>' ? ">" : op == M2__OP2('<', '=') ? "<=" : ">=";
                int c = m2__ccmp(C, &a, &b, sym, 0);
                r = op == '<' ? c < 0 : op == '>' ? c > 0 : op == M2__OP2('<', '=') ? c <= 0 : c >= 0;
            }
            a = b;
        }
        return m2__cv_bool(r);
    }
    default: { /* CONCAT: a ~ b */
        m2__csb *sb = m2__csb_new(C);
        a = m2__ceval(C, nd->a);
        b = m2__ceval(C, nd->b);
        m2__cstr_into(C, sb, &a, 0, 0);
        m2__cstr_into(C, sb, &b, 0, 0);
        return m2__csb_take(C, sb);
    }
    }
}

/* Empties a scope for the next iteration, keeping its storage (values are copied out when read,
   so nothing can point into it): a long loop then needs no memory per iteration for its names. */
static void m2__cframe_clear(m2__cframe *f) {
    f->vars.n = 0;
    if (f->vars.idx) memset(f->vars.idx, 0, f->vars.idx_cap * sizeof(uint32_t));
}

/* Runs a body; returns 1 after {% break %}, 2 after {% continue %}, else 0. */
static int m2__cexec(m2__chat *C, const m2__cnode *nd) {
    for (; nd; nd = nd->next) {
        C->line = nd->line;
        m2__cstep(C);
        switch (nd->k) {
        case M2__N_DATA: m2__csb_add(C, C->out, nd->s, nd->n); break;
        case M2__N_OUT: {
            m2__cv v = m2__ceval(C, nd->a);
            m2__cstr_into(C, C->out, &v, 0, 0);
            break;
        }
        case M2__N_IF: {
            m2__cv v = m2__ceval(C, nd->a);
            int r = m2__cexec(C, m2__ctruthy(&v) ? nd->c : nd->d);
            if (r) return r;
            break;
        }
        case M2__N_BREAK: return 1;
        case M2__N_CONTINUE: return 2;
        case M2__N_GEN: { int r = m2__cexec(C, nd->c); if (r) return r; break; }
        case M2__N_SET: case M2__N_SETBLOCK: {
            m2__cv v;
            if (nd->k == M2__N_SET) v = m2__ceval(C, nd->a);
            else {
                m2__csb *saved = C->out, *sb = m2__csb_new(C);
                C->out = sb;
                (void)m2__cexec(C, nd->c);
                C->out = saved;
                v = m2__csb_take(C, sb);
            }
            if (nd->s2) {
                m2__cv *ns = m2__clookup(C, nd->s, nd->n);
                if (!ns || ns->t != M2__V_NS) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "TemplateRuntimeError: cannot assign attribute on non-namespace object");
                m2__cdict_set(C, M2__CD(*ns), m2__cv_str(nd->s2, nd->n2), v);
            } else {
                m2__cdict_set(C, &C->frame->vars, m2__cv_str(nd->s, nd->n), v);
            }
            break;
        }
        default: { /* FOR */
            m2__cv seq = m2__ceval(C, nd->a), loop = m2__cv_make(M2__V_LOOP);
            const m2__clist *items = m2__citer(C, &seq);
            m2__cloop *lp = (m2__cloop *)m2__carena(C, sizeof *lp);
            m2__cframe *outer = C->frame;
            size_t i;
            int k;
            m2__cframe f; /* each iteration is a new scope: a {% set %} inside does not outlive it */
            memset(&f, 0, sizeof f);
            f.up = outer;
            if (nd->b) { /* the loop filter runs first: loop.index and loop.length count what it keeps */
                m2__clist *kept = M2__CL(m2__cv_list(C, items->n, 0));
                size_t n = 0;
                for (i = 0; i < items->n; i++) {
                    m2__cv c;
                    m2__cframe_clear(&f);
                    C->frame = &f;
                    for (k = 0; k < nd->n_args; k++) {
                        const m2__cv *item = &items->v[i];
                        if (nd->n_args > 1 && (item->t != M2__V_LIST || M2__CL(*item)->n != (size_t)nd->n_args))
                            m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ValueError: cannot unpack a '%s' into %d names", m2__ctype_name(item), nd->n_args);
                        m2__cdict_set(C, &f.vars, m2__cv_str(nd->args[k]->s, nd->args[k]->n), nd->n_args > 1 ? M2__CL(*item)->v[k] : *item);
                    }
                    c = m2__ceval(C, nd->b);
                    C->frame = outer;
                    if (m2__ctruthy(&c)) kept->v[n++] = items->v[i];
                }
                kept->n = n;
                items = kept;
            }
            lp->items = items;
            lp->len = (int64_t)items->n;
            loop.p = lp;
            for (i = 0; i < items->n; i++) {
                const m2__cv *item = &items->v[i];
                int r;
                m2__cstep(C);
                m2__cframe_clear(&f);
                C->frame = &f;
                for (k = 0; k < nd->n_args; k++) {
                    if (nd->n_args > 1 && (item->t != M2__V_LIST || M2__CL(*item)->n != (size_t)nd->n_args))
                        m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "ValueError: cannot unpack a '%s' into %d names", m2__ctype_name(item), nd->n_args);
                    m2__cdict_set(C, &f.vars, m2__cv_str(nd->args[k]->s, nd->args[k]->n), nd->n_args > 1 ? M2__CL(*item)->v[k] : *item);
                }
                lp->i0 = (int64_t)i;
                m2__cdict_set(C, &f.vars, m2__cv_str("loop", 4), loop);
                r = m2__cexec(C, nd->c);
                C->frame = outer;
                if (r == 1) break;
            }
            if (!items->n && nd->d) (void)m2__cexec(C, nd->d);
            C->frame = outer;
            break;
        }
        }
    }
    return 0;
}

/* ---- public entry points ---- */
typedef struct m2__chat_job {
    const char *tmpl, *json;
    size_t tmpl_n, json_n;
    const m2_chat_message *msgs;
    size_t n_msgs;
    int add_generation_prompt, check_only;
} m2__chat_job;

static m2__cv m2__cv_text(m2__chat *C, const char *s, const char *what) {
    size_t n = strlen(s);
    if (!m2__cvalid_utf8(s, n)) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "%s is not valid UTF-8", what);
    return m2__cv_str(s, n);
}

static void m2__chat_work(m2__chat *C, const m2__chat_job *job, const m2_chat_opts *opts) {
    char *src;
    size_t i, n = 0;
    m2__cnode *root;
    m2__cframe globals;
    if (!m2__cvalid_utf8(job->tmpl, job->tmpl_n)) m2__cfail(C, M2_ERR_FORMAT, "the template is not valid UTF-8");
    /* as Jinja: every \r\n and \r becomes \n, and one newline at the very end is dropped */
    src = (char *)m2__carena(C, job->tmpl_n + 1);
    for (i = 0; i < job->tmpl_n; i++) {
        if (job->tmpl[i] == '\r') { src[n++] = '\n'; if (i + 1 < job->tmpl_n && job->tmpl[i + 1] == '\n') i++; }
        else src[n++] = job->tmpl[i];
    }
    if (n && src[n - 1] == '\n') n--;
    src[n] = 0;
    C->src = src;
    C->src_n = n;
    m2__clex(C);
    C->at = 0;
    C->line = 1;
    C->depth = 0;
    root = m2__cp_body(C, NULL, 0);
    if (job->check_only) return;

    memset(&globals, 0, sizeof globals);
    C->frame = &globals;
    C->line = 0;
    if (opts && opts->bos_token) m2__cdict_set(C, &globals.vars, m2__cv_str("bos_token", 9), m2__cv_text(C, opts->bos_token, "bos_token"));
    if (opts && opts->eos_token) m2__cdict_set(C, &globals.vars, m2__cv_str("eos_token", 9), m2__cv_text(C, opts->eos_token, "eos_token"));
    if (job->json) {
        m2__cjp J;
        m2__cv top;
        J.C = C; J.s = job->json; J.n = job->json_n; J.i = 0;
        m2__cjws(&J);
        if (J.i >= J.n || J.s[J.i] != '{') m2__cjfail(&J, "the variables must be one JSON object");
        top = m2__cjvalue(&J, 0);
        m2__cjws(&J);
        if (J.i != J.n) m2__cjfail(&J, "text after the JSON object");
        for (i = 0; i < M2__CD(top)->n; i++) m2__cdict_set(C, &globals.vars, M2__CD(top)->k[i], M2__CD(top)->v[i]);
    } else {
        m2__cv list = m2__cv_list(C, job->n_msgs, 0);
        for (i = 0; i < job->n_msgs; i++) {
            m2__cv d = m2__cv_dict(C, M2__V_DICT);
            if (!job->msgs[i].role || !job->msgs[i].content) m2__cfail(C, M2_ERR_INVALID_ARGUMENT, "message %lu has no role or no content", (unsigned long)i);
            m2__cdict_set(C, M2__CD(d), m2__cv_str("role", 4), m2__cv_text(C, job->msgs[i].role, "a message role"));
            m2__cdict_set(C, M2__CD(d), m2__cv_str("content", 7), m2__cv_text(C, job->msgs[i].content, "a message's content"));
            M2__CL(list)->v[i] = d;
        }
        m2__cdict_set(C, &globals.vars, m2__cv_str("messages", 8), list);
        m2__cdict_set(C, &globals.vars, m2__cv_str("add_generation_prompt", 21), m2__cv_bool(job->add_generation_prompt));
    }
    C->out = m2__csb_new(C);
    {
        m2__cframe top; /* the template's own {% set %} names, above the caller's variables */
        memset(&top, 0, sizeof top);
        top.up = &globals;
        C->frame = &top;
        (void)m2__cexec(C, root);
        C->frame = NULL;
    }
}

static m2_result m2__chat_run(const m2__chat_job *job, const m2_chat_opts *opts, char *out, size_t cap, size_t *out_len, char *err, size_t err_size) {
    m2__chat *C;
    m2_allocator alloc;
    m2_result r;
    if (err && err_size) err[0] = 0;
    if (!job->tmpl || (!job->check_only && (!out_len || (!out && cap))) || (job->n_msgs && !job->msgs)) {
        m2__set_err(err, err_size, "NULL template, output or messages");
        return M2_ERR_INVALID_ARGUMENT;
    }
    if (opts && (opts->max_depth < 0)) { m2__set_err(err, err_size, "max_depth is negative"); return M2_ERR_INVALID_ARGUMENT; }
    memset(&alloc, 0, sizeof alloc);
    if (opts) alloc = opts->alloc;
    C = (m2__chat *)m2__alloc(&alloc, sizeof *C);
    if (!C) { m2__set_err(err, err_size, "out of memory"); return M2_ERR_OUT_OF_MEMORY; }
    memset(C, 0, sizeof *C);
    C->alloc = alloc;
    C->max_out = opts && opts->max_output ? opts->max_output : (size_t)16 << 20;
    C->max_mem = opts && opts->max_memory ? opts->max_memory : (size_t)64 << 20;
    C->max_steps = opts && opts->max_steps ? opts->max_steps : 10000000u;
    C->max_depth = opts && opts->max_depth ? opts->max_depth : 64;
    C->err = err;
    C->err_size = err_size;
    /* everything that changes after setjmp lives in *C (not in locals, which longjmp may clobber) */
    if (setjmp(C->jb) == 0) {
        m2__chat_work(C, job, opts);
        if (!job->check_only) {
            *out_len = C->out->n;
            if (C->out->n >= cap) {
                m2__set_err(err, err_size, "the rendering is %lu bytes: the buffer holds %lu", (unsigned long)C->out->n, (unsigned long)cap);
                C->code = M2_ERR_BUFFER_TOO_SMALL;
            } else {
                if (C->out->n) memcpy(out, C->out->p, C->out->n);
                out[C->out->n] = 0;
            }
        }
    }
    r = C->code;
    while (C->bufs) { m2__csb *sb = C->bufs; C->bufs = sb->next; m2__free(&C->alloc, sb->p); }
    while (C->blocks) { m2__cblk *b = C->blocks; C->blocks = b->next; m2__free(&C->alloc, b); }
    m2__free(&alloc, C);
    return r;
}
#else /* M2__NO_SETJMP */
typedef struct m2__chat_job {
    const char *tmpl, *json;
    size_t tmpl_n, json_n, n_msgs;
    const m2_chat_message *msgs;
    int check_only, add_generation_prompt;
} m2__chat_job;
static m2_result m2__chat_run(m2__chat_job *job, const m2_chat_opts *opts, char *out, size_t cap, size_t *out_len, char *err, size_t err_size) {
    (void)job; (void)opts; (void)out; (void)cap; (void)out_len;
    m2__set_err(err, err_size, "chat templates are not available on this target (its C library has no setjmp)");
    return M2_ERR_UNSUPPORTED;
}
#endif

static size_t m2__chat_len(const char *s, ptrdiff_t len) { return s ? (len < 0 ? strlen(s) : (size_t)len) : 0; }

MAMBA2_API m2_result m2_chat_template_check(const char *tmpl, ptrdiff_t tmpl_len, const m2_chat_opts *opts, char *err, size_t err_size) {
    m2__chat_job job;
    memset(&job, 0, sizeof job);
    job.tmpl = tmpl;
    job.tmpl_n = m2__chat_len(tmpl, tmpl_len);
    job.check_only = 1;
    return m2__chat_run(&job, opts, NULL, 0, NULL, err, err_size);
}

MAMBA2_API m2_result m2_chat_render_json(const char *tmpl, ptrdiff_t tmpl_len, const char *vars_json, ptrdiff_t json_len,
                                         const m2_chat_opts *opts, char *out, size_t cap, size_t *out_len, char *err, size_t err_size) {
    m2__chat_job job;
    memset(&job, 0, sizeof job);
    if (!vars_json) { m2__set_err(err, err_size, "NULL variables"); return M2_ERR_INVALID_ARGUMENT; }
    job.tmpl = tmpl;
    job.tmpl_n = m2__chat_len(tmpl, tmpl_len);
    job.json = vars_json;
    job.json_n = m2__chat_len(vars_json, json_len);
    return m2__chat_run(&job, opts, out, cap, out_len, err, err_size);
}

MAMBA2_API m2_result m2_chat_render(const char *tmpl, ptrdiff_t tmpl_len, const m2_chat_message *msgs, size_t n_msgs,
                                    int add_generation_prompt, const m2_chat_opts *opts, char *out, size_t cap, size_t *out_len,
                                    char *err, size_t err_size) {
    m2__chat_job job;
    memset(&job, 0, sizeof job);
    job.tmpl = tmpl;
    job.tmpl_n = m2__chat_len(tmpl, tmpl_len);
    job.msgs = msgs;
    job.n_msgs = n_msgs;
    job.add_generation_prompt = add_generation_prompt != 0;
    return m2__chat_run(&job, opts, out, cap, out_len, err, err_size);
}


// >>dispatch
#undef M2__MAIN_PASS
/* The x86 level that these CPUID / XGETBV words allow: the rows in order, up to the first whose
   bits are not all there (each row's bits include those of the rows below it). */
M2__REF_KERNEL int m2__isa_from_cpuid(unsigned ecx1, unsigned xcr0, unsigned ebx7, unsigned ecx7, unsigned eax71) {
    static const struct { int isa; unsigned ecx1, xcr0, ebx7, ecx7, eax71; } rows[] = {
#define M2__ISA_CPUID_ROW(level, sfx, name, target, e1, x0, b7, c7, a71) {level, e1, x0, b7, c7, a71},
        M2__ISA_TABLE(M2__ISA_CPUID_ROW)
#undef M2__ISA_CPUID_ROW
    };
    int i, best = M2__ISA_SCALAR;
    for (i = 0; i < (int)(sizeof rows / sizeof rows[0]) && rows[i].isa <= M2__ISA_AVX512_BF16; i++) {
        if ((ecx1 & rows[i].ecx1) != rows[i].ecx1 || (xcr0 & rows[i].xcr0) != rows[i].xcr0 || (ebx7 & rows[i].ebx7) != rows[i].ebx7 ||
            (ecx7 & rows[i].ecx7) != rows[i].ecx7 || (eax71 & rows[i].eax71) != rows[i].eax71) break;
        best = rows[i].isa;
    }
    return best;
}
#ifdef M2__DISPATCH
/* The higher x86-64 levels: this file again, kernel section only, under target pragmas. */
#ifdef __FILE_NAME__
#define M2__SELF __FILE_NAME__
#else
#define M2__SELF "mamba2.h"
#endif
/* Functions defined between BEGIN and END are compiled for the target features t. */
#define M2__PRAGMA(x) _Pragma(#x)
#if defined(__clang__)
#define M2__TARGET_BEGIN(t) M2__PRAGMA(clang attribute push(__attribute__((target(t))), apply_to = function))
#define M2__TARGET_END M2__PRAGMA(clang attribute pop)
#else
#define M2__TARGET_BEGIN(t) M2__PRAGMA(GCC push_options) M2__PRAGMA(GCC target(t))
#define M2__TARGET_END M2__PRAGMA(GCC pop_options)
#endif
#define M2__KERNEL_PASS 1
#if M2__BASE_ISA < M2__ISA_AVX2
M2__TARGET_BEGIN(M2__ISA_COL(M2__ISA_AVX2, M2__ISA_TARGET))
#define M2__KISA M2__ISA_AVX2
#define M2__KEXTRA_F16C 1
#include M2__SELF
M2__TARGET_END
#endif
#if M2__BASE_ISA < M2__ISA_AVX512
M2__TARGET_BEGIN(M2__ISA_COL(M2__ISA_AVX512, M2__ISA_TARGET))
#define M2__KISA M2__ISA_AVX512
#include M2__SELF
M2__TARGET_END
#endif
#if M2__BASE_ISA < M2__ISA_AVX512_VNNI
M2__TARGET_BEGIN(M2__ISA_COL(M2__ISA_AVX512_VNNI, M2__ISA_TARGET))
#define M2__KISA M2__ISA_AVX512_VNNI
#include M2__SELF
M2__TARGET_END
#endif
#if M2__BASE_ISA < M2__ISA_AVX512_BF16
M2__TARGET_BEGIN(M2__ISA_COL(M2__ISA_AVX512_BF16, M2__ISA_TARGET))
#define M2__KISA M2__ISA_AVX512_BF16
#include M2__SELF
M2__TARGET_END
#endif
#undef M2__KERNEL_PASS
#undef M2__SELF

#include <cpuid.h>
/* The best level this CPU and its operating system run: the CPUID feature bits, and XGETBV for
   the OS saving the YMM (and opmask/ZMM) registers. */
static int m2__cpu_isa(void) {
    unsigned a, b, c, d, ecx1, max7 = 0, b7 = 0, c7 = 0, a71 = 0, xcr0_lo = 0, xcr0_hi;
    if (!__get_cpuid(1, &a, &b, &ecx1, &d)) return M2__ISA_SCALAR;
    if (ecx1 & (1u << 27)) { /* OSXSAVE: XGETBV may be executed */
        __asm__ __volatile__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
        (void)xcr0_hi;
    }
    if (__get_cpuid_count(7, 0, &max7, &b7, &c7, &d) && max7 >= 1) __get_cpuid_count(7, 1, &a71, &b, &c, &d);
    return m2__isa_from_cpuid(ecx1, xcr0_lo, b7, c7, a71);
}
#else
static int m2__cpu_isa(void) { return M2__BASE_ISA; } /* built for this CPU: trust the compiler flags */
#endif

/* The kernels of level isa (0: the best this CPU runs), or NULL when that level is not compiled in
   or the CPU lacks it. */
static const m2__kernels *m2__kernels_for(int isa) {
    int cpu = m2__cpu_isa();
    if (cpu < M2__BASE_ISA) cpu = M2__BASE_ISA; /* cannot run at all then: the whole program targets more */
    if (isa == 0) isa = cpu < M2__TOP_ISA ? cpu : M2__TOP_ISA;
    if (isa < M2__BASE_ISA || isa > M2__TOP_ISA || isa > cpu) return NULL;
    switch (isa) {
#if M2__BASE_ISA <= M2__ISA_SCALAR
    case M2__ISA_SCALAR: return &m2__ktable_scalar;
#endif
#if M2__BASE_ISA <= M2__ISA_AVX2 && M2__TOP_ISA >= M2__ISA_AVX2
    case M2__ISA_AVX2: return &m2__ktable_avx2;
#endif
#if M2__BASE_ISA <= M2__ISA_AVX512 && M2__TOP_ISA >= M2__ISA_AVX512
    case M2__ISA_AVX512: return &m2__ktable_avx512;
#endif
#if M2__BASE_ISA <= M2__ISA_AVX512_VNNI && M2__TOP_ISA >= M2__ISA_AVX512_VNNI
    case M2__ISA_AVX512_VNNI: return &m2__ktable_avx512vnni;
#endif
#if M2__BASE_ISA <= M2__ISA_AVX512_BF16 && M2__TOP_ISA >= M2__ISA_AVX512_BF16
    case M2__ISA_AVX512_BF16: return &m2__ktable_avx512bf16;
#endif
#if M2__BASE_ISA == M2__ISA_NEON
    case M2__ISA_NEON: return &m2__ktable_neon;
#endif
#if M2__BASE_ISA == M2__ISA_WASM_SIMD128
    case M2__ISA_WASM_SIMD128: return &m2__ktable_wasm;
#endif
    default: return NULL;
    }
}

MAMBA2_API int m2_isa_available(int isa) { return isa > 0 && m2__kernels_for(isa) != NULL; }
MAMBA2_API const char *m2_isa_name(int isa) {
    const m2__kernels *k = m2__kernels_for(isa);
    if (k) return k->name;
    switch (isa) {
#define M2__ISA_NAME_CASE(level, sfx, name, ...) case level: return name;
    M2__ISA_TABLE(M2__ISA_NAME_CASE)
#undef M2__ISA_NAME_CASE
    default: return "unknown";
    }
}
#endif /* M2__MAIN_PASS */

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
