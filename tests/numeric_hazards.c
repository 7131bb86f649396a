/* numeric_hazards.c - NaN and Inf in weights or activations are reported, never turned into a token.

   Not a fuzzer: a deterministic sweep (seconds). For each tensor of small synthetic models (F32,
   F16, BF16 and Q8_0 matrices; tied and untied), each poison (NaN, +Inf, -Inf, +-3e38) and a few
   positions (first element, middle, last), it writes the poison into a copy of the file (in the
   tensor's own dtype: the f16 / bf16 pattern, or the Q8_0 block scale), loads it, and runs
   m2_prefill (two chunks), m2_prefill with a logits buffer, m2_prefill_each, m2_step, the sliced
   step (m2_step_begin / m2_step_run), m2_step_batch and m2_sample (greedy and temperature).

   Invariants
   - every call returns M2_OK or M2_ERR_NUMERIC (m2_sample may also say "no logits yet", if no call
     ever produced any);
   - after M2_OK the logits are finite and a sampled id is in [0, vocab_size);
   - a NaN in a weight that the run reads (every tensor but the embedding rows of tokens not fed)
     makes the first call after loading return M2_ERR_NUMERIC;
   - a session that saw NaN/Inf never lets m2_sample return a token from non-finite logits.

   Build and run from the repository root:
       clang -std=c99 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -I. \
           tests/numeric_hazards.c -lm -o numeric_hazards && ./numeric_hazards
   Ends with "N passed, N failed, N skipped" (one test per model variant). */
#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "mamba2.h"
#include "tools/random_model.h"
#include <float.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct tensor_ref {
    char name[256];
    uint32_t dtype, ndim;
    uint64_t dims[4], offset, nbytes;
} tensor_ref;

static int g_fail_this; /* failures in the current variant */
#define CHECK(cond, ...) do { if (!(cond)) { if (g_fail_this++ < 8) { fprintf(stderr, "  FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); fprintf(stderr, __VA_ARGS__); fprintf(stderr, "\n"); } } } while (0)

static unsigned char *aligned_copy(const unsigned char *p, size_t n) {
    void *q = NULL;
    if (posix_memalign(&q, 64, n) != 0) return NULL;
    memcpy(q, p, n);
    return (unsigned char *)q;
}

static int read_dir(const unsigned char *b, tensor_ref *t, int cap) {
    uint64_t off = m2__rd64(b + 24);
    uint32_t n = m2__rd32(b + 64), i, j;
    const unsigned char *p = b + off;
    for (i = 0; i < n && (int)i < cap; i++) {
        uint32_t len = m2__rd32(p);
        memcpy(t[i].name, p + 4, len);
        t[i].name[len] = 0;
        p += 4 + len;
        t[i].dtype = m2__rd32(p);
        t[i].ndim = m2__rd32(p + 4);
        p += 8;
        for (j = 0; j < t[i].ndim; j++) { t[i].dims[j] = m2__rd64(p); p += 8; }
        t[i].offset = m2__rd64(p);
        t[i].nbytes = m2__rd64(p + 8);
        p += 16;
    }
    return (int)n;
}

static uint16_t f32_to_f16_bits(float v) {
    if (v != v) return 0x7E00u;
    if (v == (float)INFINITY) return 0x7C00u;
    if (v == -(float)INFINITY) return 0xFC00u;
    return v > 0 ? 0x7BFFu : 0xFBFFu; /* the largest finite f16 for "huge" */
}
static uint16_t f32_to_bf16_bits(float v) {
    uint32_t u;
    memcpy(&u, &v, 4);
    if (v != v) return 0x7FC0u;
    return (uint16_t)(u >> 16);
}

/* writes poison v at element index `elem` of tensor t (for Q8_0: the scale of elem's block) */
static void poison(unsigned char *file, const tensor_ref *t, uint64_t elem, float v) {
    unsigned char *base = file + t->offset;
    uint64_t cols = t->dims[t->ndim - 1];
    switch (t->dtype) {
    case M2_F32: { uint32_t u; memcpy(&u, &v, 4); m2__wr32(base + 4 * elem, u); break; }
    case M2_F16: { uint16_t h = f32_to_f16_bits(v); base[2 * elem] = (unsigned char)h; base[2 * elem + 1] = (unsigned char)(h >> 8); break; }
    case M2_BF16: { uint16_t h = f32_to_bf16_bits(v); base[2 * elem] = (unsigned char)h; base[2 * elem + 1] = (unsigned char)(h >> 8); break; }
    case M2_Q8_0: {
        uint64_t row = elem / cols, col = elem % cols;
        unsigned char *blk = base + row * (cols / 32 * 34) + col / 32 * 34;
        uint16_t h = f32_to_f16_bits(v);
        blk[0] = (unsigned char)h; blk[1] = (unsigned char)(h >> 8);
        blk[2 + col % 32] = 1; /* a nonzero quant, so that a huge scale shows */
        break;
    }
    }
}

static uint64_t numel(const tensor_ref *t) {
    uint64_t n = 1;
    uint32_t j;
    for (j = 0; j < t->ndim; j++) n *= t->dims[j];
    return n;
}

static int logits_finite(const m2_session *s, int V) {
    const float *l = m2_session_logits(s);
    int i;
    if (!l) return 1;
    for (i = 0; i < V; i++) if (!isfinite(l[i])) return 0;
    return 1;
}

typedef struct each_state { int calls; } each_state;
static int each_cb(void *user, uint64_t pos, const float *logits, int V) {
    int i;
    (void)pos;
    ((each_state *)user)->calls++;
    for (i = 0; i < V; i++) if (!isfinite(logits[i])) return 2; /* must never be handed non-finite rows */
    return 0;
}

static void check_sample(m2_session *s, const m2_config *c, const char *what) {
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t id = -1;
    m2_result r;
    int k;
    for (k = 0; k < 2; k++) {
        memset(&so, 0, sizeof so);
        if (k) { so.temperature = 0.8f; so.top_p = 0.9f; so.repeat_penalty = 1.2f; }
        m2_sampler_init(&smp, &so);
        r = m2_sample(s, &smp, &id);
        CHECK(r == M2_OK || r == M2_ERR_NUMERIC || (r == M2_ERR_INVALID_ARGUMENT && !m2_session_logits(s)), "%s: m2_sample %d", what, (int)r);
        if (r == M2_OK) {
            CHECK(id >= 0 && id < c->vocab_size, "%s: id %d", what, (int)id);
            CHECK(logits_finite(s, c->vocab_size), "%s: m2_sample chose from non-finite logits", what); /* (padding rows are never sampled) */
        }
    }
}

/* runs everything on one poisoned file; returns 1 if some call reported M2_ERR_NUMERIC */
static int run_all(const unsigned char *file, size_t size, int fed_token_uses_row, int expect_numeric, const char *what) {
    m2_model *m = NULL;
    m2_session *s = NULL, *s2 = NULL, *batch[2];
    const m2_config *c;
    m2_session_opts so;
    char err[256];
    unsigned char *buf = aligned_copy(file, size);
    int32_t ids[5] = {1, 2, 3, 1, 2}, bid[2] = {1, 2};
    float *rows = NULL;
    each_state es = {0};
    int saw_numeric = 0, first = 1, done = 0, guard;
    m2_result r;
    (void)fed_token_uses_row;
    if (!buf) return 0;
    r = m2_model_open_memory(&m, buf, size, NULL, err, sizeof err);
    CHECK(r == M2_OK, "%s: load: %s", what, err); /* values are not the loader's business */
    if (r != M2_OK) { free(buf); return 0; }
    c = m2_model_config(m);
    memset(&so, 0, sizeof so);
    so.n_threads = 1;
    so.chunk_size = 4; /* 5 tokens = two chunks */
    if (m2_session_create(&s, m, &so) != M2_OK || m2_session_create(&s2, m, &so) != M2_OK) { CHECK(0, "%s: session", what); goto out; }

#define AFTER(call_r, name) do { \
        m2_result r_ = (call_r); \
        CHECK(r_ == M2_OK || r_ == M2_ERR_NUMERIC, "%s: %s returned %d (%s)", what, name, (int)r_, m2_session_error(s)); \
        if (r_ == M2_OK) CHECK(logits_finite(s, c->vocab_rows), "%s: %s said OK with non-finite logits", what, name); \
        if (first && expect_numeric) CHECK(r_ == M2_ERR_NUMERIC, "%s: %s did not report the NaN (result %d)", what, name, (int)r_); \
        if (r_ == M2_ERR_NUMERIC) { saw_numeric = 1; CHECK(m2_session_error(s)[0] != 0, "%s: %s: no message", what, name); } \
        first = 0; \
        check_sample(s, c, what); \
    } while (0)

    AFTER(m2_prefill(s, ids, 5, NULL), "m2_prefill");
    AFTER(m2_step(s, 3), "m2_step");
    m2_session_reset(s);
    rows = (float *)malloc((size_t)5 * (size_t)c->vocab_rows * sizeof(float));
    if (rows) AFTER(m2_prefill(s, ids, 5, rows), "m2_prefill(logits)");
    m2_session_reset(s);
    r = m2_prefill_each(s, ids, 5, each_cb, &es);
    CHECK(r == M2_OK || r == M2_ERR_NUMERIC || r == M2_ERR_CANCELLED, "%s: m2_prefill_each %d", what, (int)r);
    CHECK(r != M2_ERR_CANCELLED, "%s: m2_prefill_each handed the callback non-finite logits", what);
    m2_session_reset(s);
    /* the sliced step */
    r = m2_step_begin(s, 1);
    CHECK(r == M2_OK || r == M2_ERR_NUMERIC, "%s: m2_step_begin %d", what, (int)r);
    for (guard = 0; r == M2_OK && !done && guard < 100000; guard++) r = m2_step_run(s, 1, &done);
    CHECK(r == M2_OK || r == M2_ERR_NUMERIC, "%s: m2_step_run %d (%s)", what, (int)r, m2_session_error(s));
    if (r == M2_OK) CHECK(done && logits_finite(s, c->vocab_rows), "%s: sliced step OK with non-finite logits", what);
    if (r == M2_ERR_NUMERIC) saw_numeric = 1;
    if (r == M2_OK && !done) m2_step_cancel(s);
    check_sample(s, c, what);
    /* two sessions in one batch */
    m2_session_reset(s);
    m2_session_reset(s2);
    batch[0] = s; batch[1] = s2;
    r = m2_step_batch(batch, bid, 2);
    CHECK(r == M2_OK || r == M2_ERR_NUMERIC, "%s: m2_step_batch %d", what, (int)r);
    if (r == M2_OK) CHECK(logits_finite(s, c->vocab_rows) && logits_finite(s2, c->vocab_rows), "%s: batch OK with non-finite logits", what);
    if (r == M2_ERR_NUMERIC) saw_numeric = 1;
    check_sample(s, c, what);
    check_sample(s2, c, what);
#undef AFTER
out:
    free(rows);
    m2_session_destroy(s);
    m2_session_destroy(s2);
    m2_model_close(m);
    free(buf);
    return saw_numeric;
}

typedef struct variant { const char *name; m2_dtype dtype; int tied, nbg; } variant;

static int run_variant(const variant *v, int *n_runs, int *n_numeric) {
    rm_shape sh;
    rm_membuf mb = {NULL, 0, 0};
    tensor_ref t[64];
    static const float poisons[] = {NAN, INFINITY, -INFINITY, 3e38f, -3e38f};
    static const char *pnames[] = {"NaN", "+Inf", "-Inf", "+3e38", "-3e38"};
    int nt, i, p, w;
    g_fail_this = 0;
    memset(&sh, 0, sizeof sh);
    sh.d_model = 32; sh.n_layer = 2; sh.vocab_rows = 48; sh.vocab_size = 45; sh.d_state = 8; sh.d_conv = 4;
    sh.headdim = 16; sh.nheads = 4; sh.ngroups = 2; sh.chunk_size = 4; sh.tied = v->tied; sh.norm_before_gate = v->nbg;
    sh.dtype = v->dtype;
    if (rm_write(&sh, 77, rm_mem_sink, &mb) != 0) return 0;
    CHECK(!run_all(mb.data, mb.size, 0, 0, "clean"), "%s: the clean model reported M2_ERR_NUMERIC", v->name);
    nt = read_dir(mb.data, t, 64);
    for (i = 0; i < nt && i < 64; i++) {
        uint64_t n = numel(&t[i]), where[3];
        where[0] = 0; where[1] = n / 2; where[2] = n - 1;
        for (p = 0; p < 5; p++)
            for (w = 0; w < 3; w++) {
                unsigned char *f = (unsigned char *)malloc(mb.size);
                char what[600];
                int is_embed = strcmp(t[i].name, "backbone.embeddings.weight") == 0;
                int expect;
                uint64_t row = where[w] / t[i].dims[t[i].ndim - 1];
                if (!f) return 0;
                memcpy(f, mb.data, mb.size);
                poison(f, &t[i], where[w], poisons[p]);
                /* NaN must be reported whenever the run reads it: the embedding only for fed
                   tokens (1, 2, 3); with tied embeddings every row is also the lm_head */
                expect = poisons[p] != poisons[p] && (!is_embed || v->tied || row == 1 || row == 2 || row == 3);
                snprintf(what, sizeof what, "%s: %.250s[%llu] = %s", v->name, t[i].name, (unsigned long long)where[w], pnames[p]);
                *n_numeric += run_all(f, mb.size, 0, expect, what);
                (*n_runs)++;
                free(f);
            }
    }
    free(mb.data);
    return g_fail_this == 0;
}

int main(void) {
    static const variant variants[] = {
        {"f32 untied", M2_F32, 0, 0}, {"f32 tied norm_before_gate", M2_F32, 1, 1},
        {"f16 untied", M2_F16, 0, 0}, {"bf16 tied", M2_BF16, 1, 0}, {"q8_0 untied", M2_Q8_0, 0, 1},
    };
    int i, passed = 0, failed = 0, runs = 0, numeric = 0;
    for (i = 0; i < (int)(sizeof variants / sizeof variants[0]); i++) {
        int ok = run_variant(&variants[i], &runs, &numeric);
        printf("[%s] %s (%d failed checks)\n", ok ? "       OK " : "  FAILED  ", variants[i].name, g_fail_this);
        if (ok) passed++; else failed++;
    }
    printf("%d poisoned files, %d of them reported M2_ERR_NUMERIC somewhere\n", runs, numeric);
    printf("%d passed, %d failed, 0 skipped\n", passed, failed);
    return failed ? 1 : 0;
}
