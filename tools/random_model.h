/* random_model.h - writes mamba2.h model files with random weights of any shape, streaming, so that
   tests, benchmarks and tools/make_random_model can use models of the exact shapes of the public
   checkpoints without downloading them. Not part of the library; needs mamba2.h declared first
   (with MAMBA2_IMPLEMENTATION, for m2__crc32 and the little-endian writers).

   The weights follow the official initialisation closely enough to keep activations in a realistic
   range (A_log = log U[1,16], dt from log U[1e-3, 1e-1], projections ~ U(+-1/sqrt(fan_in))), so
   the kernels are exercised on realistic values; speed does not depend on them. */
#ifndef RANDOM_MODEL_H
#define RANDOM_MODEL_H
#include <string.h>
#include <stdio.h>
#include <math.h>
#include "quant.h"

typedef struct rm_shape {
    int d_model, n_layer, vocab_rows, vocab_size, d_state, d_conv, headdim, nheads, ngroups, chunk_size;
    int tied, norm_before_gate;
    m2_dtype dtype;   /* of the matrices; the small parameters are always F32 */
    /* format version 2 (hybrid and Mamba-1 models) when pattern is set: one letter per layer, 'M'
       Mamba-2, '*' attention, 'P' both in parallel (Falcon-H1), '1' Mamba-1, '-' a dense FFN alone,
       'E' experts alone; `ffn` (M2_FFN_*) follows every mixer layer (Granite, Falcon-H1) */
    const char *pattern;
    int ffn, d_inner;                /* d_inner 0 = nheads * headdim */
    int n_head, n_kv_head, head_dim, rope;
    int d_ff, ffn_act, n_expert, n_expert_used, d_expert, d_shared, router;
    int dt_rank, bc_dt_norm, no_gated_norm, n_ctx_train;
    float embed_scale, residual_scale, logit_scale, attn_scale; /* 0 = 1 (attn_scale: 1/sqrt(head_dim)) */
    float rope_theta;
    m2_dtype round_through; /* with F32 matrices: their values rounded through this block type
                               (quantized and dequantized), 0 = none: a block-type model's exact f32 twin */
} rm_shape;

/* The shapes of released hybrid and Mamba-1 models (their config.json files; where a value was
   missing the comment says what was assumed). Multipliers are the released ones where known; speed
   does not depend on them. */
static inline int rm_named_v2_shape(const char *name, rm_shape *s) {
    static const char *granite_attn_1b = "MMMMM*MMMMMMMMM*MMMMMMMMM*MMMMMMMMM*MMMM";
    memset(s, 0, sizeof *s);
    s->d_conv = 4; s->chunk_size = 256; s->dtype = M2_F32; s->ngroups = 1; s->d_state = 128;
    if (!strcmp(name, "granite-h-350m")) { /* attention at 10, 13, 17, 27 */
        s->pattern = "MMMMMMMMMM*MM*MMM*MMMMMMMMM*MMMM"; s->ffn = M2_FFN_DENSE; s->d_model = 768; s->n_head = 12; s->n_kv_head = 4; s->head_dim = 64;
        s->nheads = 48; s->headdim = 32; s->d_ff = 2048;
    } else if (!strcmp(name, "granite-h-1b")) {
        s->pattern = granite_attn_1b; s->ffn = M2_FFN_DENSE; s->d_model = 1536; s->n_head = 12; s->n_kv_head = 4; s->head_dim = 128;
        s->nheads = 48; s->headdim = 64; s->d_ff = 4096;
    } else if (!strcmp(name, "granite-h-micro")) { /* shared_intermediate_size assumed 8192 (= intermediate_size), vocab 100352, tied */
        s->pattern = granite_attn_1b; s->ffn = M2_FFN_DENSE; s->d_model = 2048; s->n_head = 32; s->n_kv_head = 8; s->head_dim = 64;
        s->nheads = 64; s->headdim = 64; s->d_ff = 8192;
    } else if (!strcmp(name, "granite-h-tiny")) { /* 64 experts, top 6, shared MLP 1024 */
        s->pattern = granite_attn_1b; s->ffn = M2_FFN_MOE; s->d_model = 1536; s->n_head = 12; s->n_kv_head = 4; s->head_dim = 128;
        s->nheads = 48; s->headdim = 64; s->n_expert = 64; s->n_expert_used = 6; s->d_expert = 512; s->d_shared = 1024; s->router = M2_ROUTER_SOFTMAX_TOPK;
    } else if (!strcmp(name, "nemotron-h-8b")) {
        s->pattern = "M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M*-M-M-M-M-M-"; s->d_model = 4096; s->n_head = 32; s->n_kv_head = 8;
        s->head_dim = 128; s->nheads = 128; s->headdim = 64; s->ngroups = 8; s->d_ff = 21504; s->ffn_act = M2_FFN_ACT_RELU2;
    } else if (!strcmp(name, "nemotron-nano-9b-v2")) {
        s->pattern = "M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-"; s->d_model = 4480; s->n_head = 40; s->n_kv_head = 8;
        s->head_dim = 128; s->nheads = 128; s->headdim = 80; s->ngroups = 8; s->d_ff = 15680; s->ffn_act = M2_FFN_ACT_RELU2;
    } else if (!strcmp(name, "falcon-h1-0.5b")) { /* no gated norm in the mixer, as released */
        s->pattern = "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP"; s->ffn = M2_FFN_DENSE; s->d_model = 1024; s->n_head = 8; s->n_kv_head = 2;
        s->head_dim = 64; s->nheads = 24; s->headdim = 64; s->d_ff = 2048; s->rope = 1; s->rope_theta = 1e11f; s->no_gated_norm = 1;
    } else if (!strcmp(name, "falcon-h1-1.5b")) { /* gated norm assumed on (only the 0.5B lacks it) */
        s->pattern = "PPPPPPPPPPPPPPPPPPPPPPPP"; s->ffn = M2_FFN_DENSE; s->d_model = 2048; s->n_head = 8; s->n_kv_head = 2;
        s->head_dim = 128; s->nheads = 48; s->headdim = 64; s->d_state = 256; s->d_ff = 4608; s->rope = 1; s->rope_theta = 1e11f;
    } else {
        static const struct { const char *name; int d_model, n_layer, vocab; } m1[] = {
            {"mamba-130m", 768, 24, 50280}, {"mamba-370m", 1024, 48, 50280}, {"mamba-790m", 1536, 48, 50280},
            {"mamba-1.4b", 2048, 48, 50280}, {"mamba-2.8b", 2560, 64, 50280}, {"falcon-mamba-7b", 4096, 64, 65024}};
        size_t i;
        for (i = 0; i < sizeof m1 / sizeof m1[0] && strcmp(name, m1[i].name); i++) {}
        if (i == sizeof m1 / sizeof m1[0]) return 0;
        s->d_model = m1[i].d_model; s->n_layer = m1[i].n_layer; s->vocab_rows = s->vocab_size = m1[i].vocab;
        s->d_inner = 2 * s->d_model; s->d_state = 16; s->dt_rank = (s->d_model + 15) / 16; s->nheads = 1; s->headdim = s->d_inner;
        s->tied = i < 5; s->bc_dt_norm = i == 5; s->no_gated_norm = 1;
        { /* one Mamba-1 layer per letter: the last n_layer letters of 64 */
            static const char ones[] = "1111111111111111111111111111111111111111111111111111111111111111";
            s->pattern = &ones[64 - m1[i].n_layer];
        }
        return 1;
    }
    s->n_layer = (int)strlen(s->pattern);
    if (!s->ffn_act) s->ffn_act = M2_FFN_ACT_SWIGLU;
    if (name[0] == 'g') { s->vocab_rows = s->vocab_size = 100352; s->tied = 1; s->embed_scale = 12.0f; s->residual_scale = 0.246f; s->logit_scale = 1.0f / 6.0f; }
    else if (name[0] == 'n') { s->vocab_rows = s->vocab_size = 131072; }
    else { s->vocab_rows = s->vocab_size = !strcmp(name, "falcon-h1-0.5b") ? 32784 : 65537; s->embed_scale = 5.66f; s->logit_scale = 0.039f; }
    return 1;
}

/* state-spaces/mamba2-* shapes: expand 2, headdim 64, d_state 128, d_conv 4, ngroups 1, tied */
static inline int rm_named_shape(const char *name, rm_shape *s) {
    static const struct { const char *name; int d_model, n_layer; } known[] = {
        {"130m", 768, 24}, {"370m", 1024, 48}, {"780m", 1536, 48}, {"1.3b", 2048, 48}, {"2.7b", 2560, 64}};
    size_t i;
    for (i = 0; i < sizeof known / sizeof known[0]; i++)
        if (!strcmp(name, known[i].name)) {
            memset(s, 0, sizeof *s);
            s->d_model = known[i].d_model; s->n_layer = known[i].n_layer;
            s->vocab_rows = 50288; s->vocab_size = 50277; /* GPT-NeoX vocabulary padded to 16 */
            s->d_state = 128; s->d_conv = 4; s->headdim = 64; s->nheads = 2 * known[i].d_model / 64; s->ngroups = 1;
            s->chunk_size = 256; s->tied = 1; s->dtype = M2_F32;
            return 1;
        }
    return 0;
}

typedef int (*rm_sink)(void *ctx, const void *data, size_t n);

typedef struct rm_tensor {
    char name[96];
    int ndim, is_matrix;
    uint64_t dims[3];
    int kind; /* how to fill it: see rm_fill */
    float scale;
} rm_tensor;

enum { RM_UNIFORM, RM_ONES_ISH, RM_A_LOG, RM_DT_BIAS };

static uint64_t rm_next(uint64_t *st) { /* splitmix64 */
    uint64_t z = (*st += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static float rm_uniform(uint64_t *st) { return (float)(rm_next(st) >> 40) * (1.0f / 16777216.0f); } /* [0, 1) */

static float rm_value(const rm_tensor *t, uint64_t *st) {
    float u = rm_uniform(st);
    switch (t->kind) {
    case RM_ONES_ISH: return 0.5f + u;                                       /* norms, D: U[0.5, 1.5] */
    case RM_A_LOG: return logf(1.0f + 15.0f * u);                           /* A = -U[1, 16]          */
    case RM_DT_BIAS: { float dt = expf(logf(1e-3f) + u * (logf(1e-1f) - logf(1e-3f))); return dt + logf(-expm1f(-dt)); }
    default: return (2.0f * u - 1.0f) * t->scale;
    }
}

static uint16_t rm_f32_to_bf16(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}
static uint16_t rm_f32_to_f16(float f) { /* round to nearest even; the values here are small and normal */
    uint32_t u, sign, mant;
    int e;
    memcpy(&u, &f, 4);
    sign = (u >> 16) & 0x8000u;
    e = (int)((u >> 23) & 0xFF) - 127 + 15;
    mant = u & 0x7FFFFFu;
    if (e <= 0) { /* subnormal or zero */
        if (e < -10) return (uint16_t)sign;
        mant |= 0x800000u;
        {
            int shift = 14 - e;
            uint32_t half = 1u << (shift - 1), r = mant >> shift, rem = mant & ((1u << shift) - 1);
            if (rem > half || (rem == half && (r & 1))) r++;
            return (uint16_t)(sign | r);
        }
    }
    if (e >= 31) return (uint16_t)(sign | 0x7C00u);
    {
        uint32_t r = ((uint32_t)e << 10) | (mant >> 13), rem = mant & 0x1FFFu;
        if (rem > 0x1000u || (rem == 0x1000u && (r & 1))) r++;
        return (uint16_t)(sign | r);
    }
}

static size_t rm_tensor_bytes(const rm_tensor *t, m2_dtype dt) {
    size_t n = 1;
    int d;
    for (d = 0; d < t->ndim; d++) n *= (size_t)t->dims[d];
    return n / m2__dtypes[dt].block * m2__dtypes[dt].bytes;
}

/* "f32", "q4_k", ... (any case) to a dtype; 0 if unknown. The block types need rows that are a
   multiple of their block (256 for the K types: every named shape's d_model and d_inner are). */
static inline int rm_dtype_from_name(const char *name, m2_dtype *dt) {
    unsigned t;
    for (t = 0; t < M2__N_DTYPES; t++) {
        const char *a = m2__dtypes[t].name, *b = name;
        while (*a && *b && (*a == *b || *a - 'A' + 'a' == *b)) { a++; b++; }
        if (!*a && !*b) { *dt = (m2_dtype)t; return 1; }
    }
    return 0;
}

/* The kinds of layer l of a version-2 shape */
static void rm_layer_kind(const rm_shape *s, int l, int *mixer, int *ffn) {
    char ch = s->pattern[l];
    *mixer = ch == 'M' ? M2_MIXER_MAMBA2 : ch == '*' ? M2_MIXER_ATTENTION : ch == 'P' ? M2_MIXER_PARALLEL : ch == '1' ? M2_MIXER_MAMBA1 : M2_MIXER_NONE;
    *ffn = ch == '-' ? M2_FFN_DENSE : ch == 'E' ? M2_FFN_MOE : s->ffn;
}

/* Lists the tensors of a shape, in the converter's order (README.md (File format)). */
static int rm_tensors(const rm_shape *s, rm_tensor *t, int cap) {
    int n = 0, l, E = s->nheads * s->headdim, conv_dim = E + 2 * s->ngroups * s->d_state;
    int dip = 2 * E + 2 * s->ngroups * s->d_state + s->nheads;
#define RM_ADD(nm, nd, d0, d1, d2, mat, kd, sc) do { if (n < cap) { rm_tensor *x_ = &t[n]; memset(x_, 0, sizeof *x_); \
        snprintf(x_->name, sizeof x_->name, "%s", nm); x_->ndim = nd; x_->dims[0] = (uint64_t)(d0); x_->dims[1] = (uint64_t)(d1); \
        x_->dims[2] = (uint64_t)(d2); x_->is_matrix = mat; x_->kind = kd; x_->scale = sc; } n++; } while (0)
    char nm[96];
    RM_ADD("backbone.embeddings.weight", 2, s->vocab_rows, s->d_model, 0, 1, RM_UNIFORM, 0.05f);
    if (!s->tied) RM_ADD("lm_head.weight", 2, s->vocab_rows, s->d_model, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)s->d_model));
    RM_ADD("backbone.norm_f.weight", 1, s->d_model, 0, 0, 0, RM_ONES_ISH, 0);
    if (s->d_inner) E = s->d_inner;
    for (l = 0; s->pattern && l < s->n_layer; l++) { /* version 2: the loader's table, layer by layer */
        int mx, ff, D = s->d_model, qd = s->n_head * s->head_dim, kvd = s->n_kv_head * s->head_dim, glu = s->ffn_act == M2_FFN_ACT_SWIGLU;
        float sd = 1.0f / sqrtf((float)D);
        rm_layer_kind(s, l, &mx, &ff);
#define RM_NAME(suffix) (snprintf(nm, sizeof nm, "backbone.layers.%d.%s", l, suffix), nm)
        if (mx != M2_MIXER_NONE) RM_ADD(RM_NAME("norm.weight"), 1, D, 0, 0, 0, RM_ONES_ISH, 0);
        if (mx == M2_MIXER_MAMBA2 || mx == M2_MIXER_PARALLEL) {
            RM_ADD(RM_NAME("mixer.in_proj.weight"), 2, dip, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("mixer.conv1d.weight"), 3, conv_dim, 1, s->d_conv, 0, RM_UNIFORM, 1.0f / sqrtf((float)s->d_conv));
            RM_ADD(RM_NAME("mixer.conv1d.bias"), 1, conv_dim, 0, 0, 0, RM_UNIFORM, 0.1f);
            RM_ADD(RM_NAME("mixer.dt_bias"), 1, s->nheads, 0, 0, 0, RM_DT_BIAS, 0);
            RM_ADD(RM_NAME("mixer.A_log"), 1, s->nheads, 0, 0, 0, RM_A_LOG, 0);
            RM_ADD(RM_NAME("mixer.D"), 1, s->nheads, 0, 0, 0, RM_ONES_ISH, 0);
            if (!s->no_gated_norm) RM_ADD(RM_NAME("mixer.norm.weight"), 1, E, 0, 0, 0, RM_ONES_ISH, 0);
            RM_ADD(RM_NAME("mixer.out_proj.weight"), 2, D, E, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)E * (float)s->n_layer));
        }
        if (mx == M2_MIXER_MAMBA1) {
            RM_ADD(RM_NAME("mixer.in_proj.weight"), 2, 2 * E, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("mixer.conv1d.weight"), 3, E, 1, s->d_conv, 0, RM_UNIFORM, 1.0f / sqrtf((float)s->d_conv));
            RM_ADD(RM_NAME("mixer.conv1d.bias"), 1, E, 0, 0, 0, RM_UNIFORM, 0.1f);
            RM_ADD(RM_NAME("mixer.x_proj.weight"), 2, s->dt_rank + 2 * s->d_state, E, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)E));
            RM_ADD(RM_NAME("mixer.dt_proj.weight"), 2, E, s->dt_rank, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)s->dt_rank));
            RM_ADD(RM_NAME("mixer.dt_proj.bias"), 1, E, 0, 0, 0, RM_DT_BIAS, 0);
            RM_ADD(RM_NAME("mixer.A_log"), 2, E, s->d_state, 0, 0, RM_A_LOG, 0);
            RM_ADD(RM_NAME("mixer.D"), 1, E, 0, 0, 0, RM_ONES_ISH, 0);
            RM_ADD(RM_NAME("mixer.out_proj.weight"), 2, D, E, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)E * (float)s->n_layer));
        }
        if (mx == M2_MIXER_ATTENTION || mx == M2_MIXER_PARALLEL) {
            RM_ADD(RM_NAME("attn.q_proj.weight"), 2, qd, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("attn.k_proj.weight"), 2, kvd, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("attn.v_proj.weight"), 2, kvd, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("attn.o_proj.weight"), 2, D, qd, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)qd * (float)s->n_layer));
        }
        if (ff != M2_FFN_NONE) RM_ADD(RM_NAME("ffn_norm.weight"), 1, D, 0, 0, 0, RM_ONES_ISH, 0);
        if (ff == M2_FFN_DENSE) {
            if (glu) RM_ADD(RM_NAME("ffn.gate_proj.weight"), 2, s->d_ff, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("ffn.up_proj.weight"), 2, s->d_ff, D, 0, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("ffn.down_proj.weight"), 2, D, s->d_ff, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)s->d_ff * (float)s->n_layer));
        }
        if (ff == M2_FFN_MOE) {
            RM_ADD(RM_NAME("ffn.router.weight"), 2, s->n_expert, D, 0, 1, RM_UNIFORM, sd);
            if (glu) RM_ADD(RM_NAME("ffn.experts.gate_proj.weight"), 3, s->n_expert, s->d_expert, D, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("ffn.experts.up_proj.weight"), 3, s->n_expert, s->d_expert, D, 1, RM_UNIFORM, sd);
            RM_ADD(RM_NAME("ffn.experts.down_proj.weight"), 3, s->n_expert, D, s->d_expert, 1, RM_UNIFORM, 1.0f / sqrtf((float)s->d_expert * (float)s->n_layer));
            if (s->d_shared) {
                if (glu) RM_ADD(RM_NAME("ffn.shared.gate_proj.weight"), 2, s->d_shared, D, 0, 1, RM_UNIFORM, sd);
                RM_ADD(RM_NAME("ffn.shared.up_proj.weight"), 2, s->d_shared, D, 0, 1, RM_UNIFORM, sd);
                RM_ADD(RM_NAME("ffn.shared.down_proj.weight"), 2, D, s->d_shared, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)s->d_shared * (float)s->n_layer));
            }
        }
#undef RM_NAME
    }
    for (l = 0; !s->pattern && l < s->n_layer; l++) {
#define RM_NAME(suffix) (snprintf(nm, sizeof nm, "backbone.layers.%d.%s", l, suffix), nm)
        RM_ADD(RM_NAME("norm.weight"), 1, s->d_model, 0, 0, 0, RM_ONES_ISH, 0);
        RM_ADD(RM_NAME("mixer.in_proj.weight"), 2, dip, s->d_model, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)s->d_model));
        RM_ADD(RM_NAME("mixer.conv1d.weight"), 3, conv_dim, 1, s->d_conv, 0, RM_UNIFORM, 1.0f / sqrtf((float)s->d_conv));
        RM_ADD(RM_NAME("mixer.conv1d.bias"), 1, conv_dim, 0, 0, 0, RM_UNIFORM, 0.1f);
        RM_ADD(RM_NAME("mixer.dt_bias"), 1, s->nheads, 0, 0, 0, RM_DT_BIAS, 0);
        RM_ADD(RM_NAME("mixer.A_log"), 1, s->nheads, 0, 0, 0, RM_A_LOG, 0);
        RM_ADD(RM_NAME("mixer.D"), 1, s->nheads, 0, 0, 0, RM_ONES_ISH, 0);
        RM_ADD(RM_NAME("mixer.norm.weight"), 1, E, 0, 0, 0, RM_ONES_ISH, 0);
        RM_ADD(RM_NAME("mixer.out_proj.weight"), 2, s->d_model, E, 0, 1, RM_UNIFORM, 1.0f / sqrtf((float)E * (float)s->n_layer));
#undef RM_NAME
    }
#undef RM_ADD
    return n;
}

/* The dtype a tensor is written in: matrices in the shape's, except Q8_0 rows that are not whole
   blocks (Mamba-1's narrow dt projection), which stay F32 as the converter keeps them. */
static m2_dtype rm_dtype(const rm_shape *s, const rm_tensor *t) {
    if (!t->is_matrix) return M2_F32;
    if (s->dtype == M2_Q8_0 && t->dims[t->ndim - 1] % 32) return M2_F32;
    return s->dtype;
}

static uint64_t rm_header_size(const rm_shape *s) { return s->pattern ? 256u + 8u * (uint64_t)s->n_layer : 160u; }

/* The total file size, so a caller can check free disk space before writing. */
static uint64_t rm_file_size(const rm_shape *s, rm_tensor *t, int nt, uint64_t *dir_size, uint64_t *data_off) {
    uint64_t total, ds = 0;
    int i;
    for (i = 0; i < nt; i++) ds += 4 + strlen(t[i].name) + 8 + 8 * (uint64_t)t[i].ndim + 16;
    *dir_size = ds;
    *data_off = (rm_header_size(s) + ds + 63) / 64 * 64;
    total = *data_off;
    for (i = 0; i < nt; i++) total += (rm_tensor_bytes(&t[i], rm_dtype(s, &t[i])) + 63) / 64 * 64;
    return total;
}

/* Streams a whole model file to sink. Returns 0 on success, -1 if the sink failed or memory ran out. */
static int rm_write(const rm_shape *s, uint64_t seed, rm_sink sink, void *ctx) {
    int nt = rm_tensors(s, NULL, 0), i, rc = -1;
    rm_tensor *t = (rm_tensor *)calloc((size_t)nt, sizeof *t);
    unsigned char *meta = NULL, *p, *buf = NULL;
    uint64_t dir_size, data_off, total, off;
    const size_t block = 1 << 20; /* values generated and written per piece */
    if (!t) return -1;
    rm_tensors(s, t, nt);
    total = rm_file_size(s, t, nt, &dir_size, &data_off);
    meta = (unsigned char *)calloc(1, (size_t)data_off);
    buf = (unsigned char *)malloc(block * 6 + 128); /* the widest output (4 bytes a value), or blocks and the values they come from */
    if (!meta || !buf) goto done;
    memcpy(meta, "MAMBA2BN", 8);
    m2__wr32(meta + 8, s->pattern ? 2u : 1u); m2__wr32(meta + 12, (uint32_t)rm_header_size(s)); m2__wr64(meta + 16, total);
    m2__wr64(meta + 24, rm_header_size(s)); m2__wr64(meta + 32, dir_size); m2__wr64(meta + 56, data_off); m2__wr32(meta + 64, (uint32_t)nt);
    m2__wr32(meta + 68, (s->tied ? 1u : 0u) | (s->norm_before_gate ? 2u : 0u) | 8u | (s->pattern && s->rope ? 0x80u : 0u) |
                        (s->pattern && !s->no_gated_norm ? 0x100u : 0u) | (s->pattern && s->bc_dt_norm ? 0x800u : 0u));
    m2__wr32(meta + 72, (uint32_t)s->d_model); m2__wr32(meta + 76, (uint32_t)s->n_layer); m2__wr32(meta + 80, (uint32_t)s->vocab_rows);
    m2__wr32(meta + 84, (uint32_t)(s->vocab_size ? s->vocab_size : s->vocab_rows)); m2__wr32(meta + 88, (uint32_t)s->d_state);
    m2__wr32(meta + 92, (uint32_t)s->d_conv); m2__wr32(meta + 96, (uint32_t)(s->d_inner ? s->d_inner : s->nheads * s->headdim)); m2__wr32(meta + 100, (uint32_t)s->headdim);
    m2__wr32(meta + 104, (uint32_t)s->nheads); m2__wr32(meta + 108, (uint32_t)s->ngroups); m2__wr32(meta + 112, (uint32_t)s->chunk_size);
    {
        float eps = 1e-5f, lo = 0.0f, hi = (float)HUGE_VAL;
        uint32_t u;
        memcpy(&u, &eps, 4); m2__wr32(meta + 116, u); m2__wr32(meta + 120, u);
        memcpy(&u, &lo, 4); m2__wr32(meta + 124, u);
        memcpy(&u, &hi, 4); m2__wr32(meta + 128, u);
    }
    m2__wr32(meta + 132, (uint32_t)-1); m2__wr32(meta + 136, (uint32_t)-1);
    if (s->pattern) { /* the version-2 fields (M2__HEADER_FIELDS) and the layer kinds */
        float one = 1.0f, theta = s->rope_theta > 0.0f ? s->rope_theta : 10000.0f, rms = 1e-6f;
        float v[5];
        uint32_t u;
        int l, k;
        v[0] = s->embed_scale ? s->embed_scale : one; v[1] = s->residual_scale ? s->residual_scale : one;
        v[2] = s->logit_scale ? s->logit_scale : one; v[3] = s->attn_scale; v[4] = one;
        m2__wr32(meta + 144, (uint32_t)s->n_head); m2__wr32(meta + 148, (uint32_t)s->n_kv_head); m2__wr32(meta + 152, (uint32_t)s->head_dim);
        memcpy(&u, &theta, 4); m2__wr32(meta + 156, u);
        memcpy(&u, &v[3], 4); m2__wr32(meta + 160, u);
        m2__wr32(meta + 164, (uint32_t)s->d_ff); m2__wr32(meta + 168, (uint32_t)s->ffn_act); m2__wr32(meta + 172, (uint32_t)s->n_expert);
        m2__wr32(meta + 176, (uint32_t)s->n_expert_used); m2__wr32(meta + 180, (uint32_t)s->d_expert); m2__wr32(meta + 184, (uint32_t)s->d_shared);
        m2__wr32(meta + 188, (uint32_t)s->router); memcpy(&u, &v[4], 4); m2__wr32(meta + 192, u);
        m2__wr32(meta + 196, s->n_expert ? 1u : 0u); m2__wr32(meta + 200, s->n_expert ? 1u : 0u);
        for (k = 0; k < 3; k++) { memcpy(&u, &v[k], 4); m2__wr32(meta + 204 + 4 * k, u); }
        m2__wr32(meta + 216, (uint32_t)s->n_ctx_train); m2__wr32(meta + 220, (uint32_t)s->dt_rank);
        memcpy(&u, &rms, 4); m2__wr32(meta + 224, s->bc_dt_norm ? u : 0u);
        for (l = 0; l < s->n_layer; l++) {
            int mx, ff;
            rm_layer_kind(s, l, &mx, &ff);
            m2__wr32(meta + 256 + 8 * l, (uint32_t)mx); m2__wr32(meta + 256 + 8 * l + 4, (uint32_t)ff);
        }
    }
    p = meta + rm_header_size(s);
    off = data_off;
    for (i = 0; i < nt; i++) {
        m2_dtype dt = rm_dtype(s, &t[i]);
        size_t len = strlen(t[i].name), bytes = rm_tensor_bytes(&t[i], dt);
        int d;
        m2__wr32(p, (uint32_t)len); memcpy(p + 4, t[i].name, len); p += 4 + len;
        m2__wr32(p, (uint32_t)dt); m2__wr32(p + 4, (uint32_t)t[i].ndim); p += 8;
        for (d = 0; d < t[i].ndim; d++) { m2__wr64(p, t[i].dims[d]); p += 8; }
        m2__wr64(p, off); m2__wr64(p + 8, bytes); p += 16;
        off += (bytes + 63) / 64 * 64;
    }
    {
        static const unsigned char zero4[4] = {0, 0, 0, 0};
        uint32_t crc = m2__crc32(0, meta, 140);
        crc = m2__crc32(crc, zero4, 4);
        crc = m2__crc32(crc, meta + 144, (size_t)data_off - 144);
        m2__wr32(meta + 140, crc);
    }
    if (sink(ctx, meta, (size_t)data_off)) goto done;
    for (i = 0; i < nt; i++) {
        m2_dtype dt = rm_dtype(s, &t[i]);
        size_t n = rm_tensor_bytes(&t[i], M2_F32) / 4, done_n = 0, bytes = rm_tensor_bytes(&t[i], dt);
        uint64_t st = seed * 0x100000001B3ull + (uint64_t)i;
        while (done_n < n) {
            size_t k = n - done_n < block ? n - done_n : block, j, out_bytes;
            if (dt == M2_F32 && t[i].is_matrix && m2__dtypes[s->round_through].block > 1) {
                float *v = (float *)(void *)(buf + block * 2 + 64);
                for (j = 0; j < k; j++) v[j] = rm_value(&t[i], &st);
                mq_quantize_row((int)s->round_through, v, (int)k, buf);
                mq_dequantize_row((int)s->round_through, buf, (int)k, v);
                for (j = 0; j < k; j++) { uint32_t u; memcpy(&u, &v[j], 4); m2__wr32(buf + 4 * j, u); } /* v[j] is read before the output reaches it */
                out_bytes = 4 * k;
            } else if (dt == M2_F32) {
                for (j = 0; j < k; j++) { float v = rm_value(&t[i], &st); uint32_t u; memcpy(&u, &v, 4); m2__wr32(buf + 4 * j, u); }
                out_bytes = 4 * k;
            } else if (dt == M2_Q8_0) { /* block = 2^20 values, a multiple of 32 */
                for (j = 0; j < k; j += 32) {
                    float v[32], amax = 0.0f, dscale, inv;
                    int q;
                    uint16_t h;
                    for (q = 0; q < 32; q++) { v[q] = rm_value(&t[i], &st); if (fabsf(v[q]) > amax) amax = fabsf(v[q]); }
                    dscale = amax / 127.0f;
                    inv = dscale > 0.0f ? 1.0f / dscale : 0.0f;
                    h = rm_f32_to_f16(dscale);
                    buf[j / 32 * 34] = (unsigned char)h; buf[j / 32 * 34 + 1] = (unsigned char)(h >> 8);
                    for (q = 0; q < 32; q++) buf[j / 32 * 34 + 2 + (size_t)q] = (unsigned char)(signed char)(int)lroundf(v[q] * inv);
                }
                out_bytes = k / 32 * 34;
            } else if (m2__dtypes[dt].block > 1) { /* the other block types: llama.cpp's quantizers (tools/quant.h) */
                float *v = (float *)(void *)(buf + block * 2 + 64); /* the values, after the blocks' room */
                for (j = 0; j < k; j++) v[j] = rm_value(&t[i], &st);
                out_bytes = mq_quantize_row((int)dt, v, (int)k, buf);
            } else {
                for (j = 0; j < k; j++) {
                    float v = rm_value(&t[i], &st);
                    uint16_t h = dt == M2_BF16 ? rm_f32_to_bf16(v) : rm_f32_to_f16(v);
                    buf[2 * j] = (unsigned char)h; buf[2 * j + 1] = (unsigned char)(h >> 8);
                }
                out_bytes = 2 * k;
            }
            if (sink(ctx, buf, out_bytes)) goto done;
            done_n += k;
        }
        if (bytes % 64) {
            static const unsigned char pad[64] = {0};
            if (sink(ctx, pad, 64 - bytes % 64)) goto done;
        }
    }
    rc = 0;
done:
    free(t);
    free(meta);
    free(buf);
    return rc;
}

/* A sink that appends to a growing memory buffer (for tests). */
typedef struct rm_membuf { unsigned char *data; size_t size, cap; } rm_membuf;
static inline int rm_mem_sink(void *ctx, const void *data, size_t n) {
    rm_membuf *m = (rm_membuf *)ctx;
    if (m->size + n > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;
        unsigned char *grown;
        while (cap < m->size + n) cap *= 2;
        grown = (unsigned char *)realloc(m->data, cap);
        if (!grown) return -1;
        m->data = grown;
        m->cap = cap;
    }
    memcpy(m->data + m->size, data, n);
    m->size += n;
    return 0;
}
static inline int rm_file_sink(void *ctx, const void *data, size_t n) { return fwrite(data, 1, n, (FILE *)ctx) == n ? 0 : -1; }

#endif
