/* fuzz_api.c - libFuzzer harness: arbitrary sequences of session calls, checked against a shadow.

   Three sessions ("real") of one small model with 9000 vocabulary rows (so a sliced step has two
   lm_head units) get the fuzzer's sequence of calls: prefill, prefill_each with a cancelling
   callback, step, the sliced step (begin / run k units / cancel), step_batch over a subset, copy,
   fork, save + load (f32 or f16), reset and sample, with ids sometimes out of range. Each has a
   shadow session ("ref", same options but no cancellable steps) that only ever gets the plain
   equivalent: m2_step for a completed sliced step, nothing for a cancelled one, single steps for a
   batch.

   Invariants
   - every call returns M2_OK or a defined error; an id out of range gives M2_ERR_TOKEN_RANGE;
   - while a sliced step is in progress, every other call on that session is refused with
     M2_ERR_INVALID_ARGUMENT and changes nothing;
   - whenever a session is not in a sliced step, its snapshot (state, position, history, logits)
     is byte-identical to its shadow's: a sliced step equals m2_step bit for bit, a cancelled step
     leaves no trace, copies and forks are exact; a batched step equals single steps to float
     rounding (relative 1e-4), after which the shadow takes the batch's result;
   - m2_sample gives the same id on the session and its shadow.
   Input: a stream of (op, session, argument bytes...) records; see the switch below. */
#include "fuzz_common.h"

#define NS 3
static unsigned char *g_buf;
static m2_model *g_m;
static const m2_config *g_c;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    size_t n;
    char err[256];
    (void)argc; (void)argv;
    /* D=8, L=2, V=9000 (8990 real), N=4, K=3, P=4, H=4, G=1, untied */
    g_buf = fuzz_synth_model(8, 2, 9000, 8990, 4, 3, 4, 4, 1, 0, 0, M2_F32, 11, &n);
    if (!g_buf || m2_model_open_memory(&g_m, g_buf, n, NULL, err, sizeof err) != M2_OK) abort();
    g_c = m2_model_config(g_m);
    return 0;
}

typedef struct slot {
    m2_session *real, *ref;
    int busy;        /* a sliced step is in progress on real */
    int32_t pending; /* its token */
    int synced;      /* 0 after a batch until compared with a tolerance */
} slot;

static m2_session_opts slot_opts(int i, int cancellable) {
    m2_session_opts o;
    memset(&o, 0, sizeof o);
    o.n_threads = 1;
    o.chunk_size = i == 0 ? 4 : i == 1 ? 8 : 16;
    o.history = i == 2 ? 0 : 16;
    o.cancellable_steps = cancellable;
    return o;
}

static unsigned char *snap(m2_session *s, size_t *n) {
    unsigned char *b;
    *n = m2_session_state_size(s);
    b = (unsigned char *)malloc(*n);
    FUZZ_CHECK(b && m2_session_save(s, b, *n) == M2_OK);
    return b;
}

static void compare(slot *sl, int i) {
    size_t na, nb;
    unsigned char *a, *b;
    if (sl->busy) return;
    a = snap(sl->real, &na);
    b = snap(sl->ref, &nb);
    if (na != nb || memcmp(a, b, na) != 0) {
        fprintf(stderr, "session %d differs from its shadow (snapshot %zu vs %zu bytes, position %llu vs %llu)\n", i, na, nb,
                (unsigned long long)m2_session_position(sl->real), (unsigned long long)m2_session_position(sl->ref));
        FUZZ_CHECK(!"a session differs from its shadow");
    }
    free(a);
    free(b);
}

/* a refused call must leave the session as it was */
static void check_refused_unchanged(m2_session *s, const unsigned char *before, size_t n, m2_result r) {
    FUZZ_CHECK(r == M2_ERR_INVALID_ARGUMENT);
    (void)before; (void)n; (void)s; /* (a busy session cannot be saved to compare; its state is checked when the step ends) */
}

static int32_t read_id(fuzz_reader *rd) {
    uint8_t b = fuzz_u8(rd);
    if (b == 255) return -1;
    if (b == 254) return g_c->vocab_rows;
    return (int32_t)((b * 37u + fuzz_u8(rd)) % (unsigned)g_c->vocab_rows);
}

static int cb_stop_at;
static int cb_calls;
static int stop_cb(void *user, uint64_t pos, const float *logits, int V) {
    (void)user; (void)pos; (void)logits; (void)V;
    return ++cb_calls == cb_stop_at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    slot sl[NS];
    fuzz_reader rd;
    int i, ops = 0;
    m2_result r, r2;
    rd.p = data;
    rd.n = size;
    for (i = 0; i < NS; i++) {
        m2_session_opts o = slot_opts(i, i != 1), oref = slot_opts(i, 0);
        memset(&sl[i], 0, sizeof sl[i]);
        FUZZ_CHECK(m2_session_create(&sl[i].real, g_m, &o) == M2_OK);
        FUZZ_CHECK(m2_session_create(&sl[i].ref, g_m, &oref) == M2_OK);
        sl[i].synced = 1;
    }
    while (rd.n > 0 && ops++ < 64) {
        uint8_t op = fuzz_u8(&rd);
        int k = (op >> 4) % NS;
        slot *a = &sl[k];
        switch (op & 15) {
        case 0: case 1: { /* prefill n tokens */
            int32_t ids[12];
            int n = fuzz_u8(&rd) % 12, t;
            for (t = 0; t < n; t++) ids[t] = read_id(&rd);
            r = m2_prefill(a->real, ids, (size_t)n, NULL);
            if (a->busy) { check_refused_unchanged(a->real, NULL, 0, r); break; }
            r2 = m2_prefill(a->ref, ids, (size_t)n, NULL);
            FUZZ_CHECK(r == r2);
            FUZZ_CHECK(r == M2_OK || r == M2_ERR_TOKEN_RANGE);
            break;
        }
        case 2: { /* prefill_each, the callback stopping at some token */
            int32_t ids[8];
            int n = fuzz_u8(&rd) % 8, t;
            for (t = 0; t < n; t++) ids[t] = (int32_t)(fuzz_u8(&rd) % 200);
            cb_stop_at = fuzz_u8(&rd) % 10;
            cb_calls = 0;
            r = m2_prefill_each(a->real, ids, (size_t)n, stop_cb, NULL);
            if (a->busy) { check_refused_unchanged(a->real, NULL, 0, r); break; }
            cb_calls = 0;
            r2 = m2_prefill_each(a->ref, ids, (size_t)n, stop_cb, NULL);
            FUZZ_CHECK(r == r2);
            FUZZ_CHECK(r == M2_OK || r == M2_ERR_CANCELLED);
            break;
        }
        case 3: case 4: { /* step */
            int32_t id = read_id(&rd);
            r = m2_step(a->real, id);
            if (a->busy) { check_refused_unchanged(a->real, NULL, 0, r); break; }
            r2 = m2_step(a->ref, id);
            FUZZ_CHECK(r == r2);
            FUZZ_CHECK(r == M2_OK || r == M2_ERR_TOKEN_RANGE);
            break;
        }
        case 5: { /* begin a sliced step */
            int32_t id = read_id(&rd);
            r = m2_step_begin(a->real, id);
            if (a->busy) { check_refused_unchanged(a->real, NULL, 0, r); break; }
            FUZZ_CHECK(r == M2_OK || r == M2_ERR_TOKEN_RANGE);
            FUZZ_CHECK((r == M2_ERR_TOKEN_RANGE) == (id < 0 || id >= g_c->vocab_rows));
            if (r == M2_OK) { a->busy = 1; a->pending = id; }
            break;
        }
        case 6: case 7: { /* run some units */
            int units = 1 + fuzz_u8(&rd) % 4, done = 0;
            r = m2_step_run(a->real, units, &done);
            if (!a->busy) { FUZZ_CHECK(r == M2_ERR_INVALID_ARGUMENT && !done); break; }
            FUZZ_CHECK(r == M2_OK);
            if (done) {
                a->busy = 0;
                FUZZ_CHECK(m2_step(a->ref, a->pending) == M2_OK);
            }
            break;
        }
        case 8: { /* cancel */
            r = m2_step_cancel(a->real);
            if (!a->busy) { FUZZ_CHECK(r == M2_OK); break; }
            FUZZ_CHECK(r == M2_OK || r == M2_ERR_UNSUPPORTED);
            if (r == M2_OK) a->busy = 0;
            break;
        }
        case 9: { /* a batch of steps over some sessions */
            m2_session *ss[NS];
            int32_t ids[NS];
            int pick = fuzz_u8(&rd), n = 0, any_busy = 0, j, idx[NS];
            for (j = 0; j < NS; j++)
                if (pick & (1 << j)) {
                    idx[n] = j;
                    ss[n] = sl[j].real;
                    ids[n] = (int32_t)(fuzz_u8(&rd) % 300);
                    any_busy |= sl[j].busy;
                    n++;
                }
            if (!n) break;
            r = m2_step_batch(ss, ids, n);
            if (any_busy) { FUZZ_CHECK(r == M2_ERR_INVALID_ARGUMENT); break; }
            FUZZ_CHECK(r == M2_OK);
            for (j = 0; j < n; j++) {
                slot *b = &sl[idx[j]];
                const float *x, *y;
                int v;
                FUZZ_CHECK(m2_step(b->ref, ids[j]) == M2_OK);
                x = m2_session_logits(b->real);
                y = m2_session_logits(b->ref);
                for (v = 0; v < g_c->vocab_rows; v++)
                    if (!(fabsf(x[v] - y[v]) <= 1e-4f * (1.0f + fabsf(y[v])))) {
                        fprintf(stderr, "batched step: logit %d is %g, a single step gives %g\n", v, (double)x[v], (double)y[v]);
                        FUZZ_CHECK(!"m2_step_batch differs from m2_step beyond rounding");
                    }
                FUZZ_CHECK(m2_session_copy(b->ref, b->real) == M2_OK); /* the shadow follows the batch */
            }
            break;
        }
        case 10: { /* copy another session into this one */
            slot *src = &sl[fuzz_u8(&rd) % NS];
            r = m2_session_copy(a->real, src->real);
            if (a->busy || src->busy) { FUZZ_CHECK(r != M2_OK || a == src); break; }
            r2 = m2_session_copy(a->ref, src->ref);
            FUZZ_CHECK(r == r2);
            break;
        }
        case 11: { /* fork another session into this slot */
            slot *src = &sl[fuzz_u8(&rd) % NS];
            m2_session *f = NULL, *fr = NULL;
            if (src == a) break;
            r = m2_session_fork(&f, src->real);
            if (src->busy) { FUZZ_CHECK(r != M2_OK); if (r == M2_OK) m2_session_destroy(f); break; }
            FUZZ_CHECK(r == M2_OK);
            FUZZ_CHECK(m2_session_fork(&fr, src->ref) == M2_OK);
            m2_session_destroy(a->real);
            m2_session_destroy(a->ref);
            a->real = f;
            a->ref = fr;
            a->busy = 0;
            break;
        }
        case 12: { /* save one session (f32 or f16) and load it into this one */
            slot *src = &sl[fuzz_u8(&rd) % NS];
            unsigned flags = fuzz_u8(&rd) & 1 ? M2_SNAPSHOT_F16 : 0u;
            size_t n = m2_session_state_size_ex(src->real, flags), n2;
            unsigned char *b = (unsigned char *)malloc(n), *b2;
            FUZZ_CHECK(b != NULL);
            r = m2_session_save_ex(src->real, b, n, flags);
            if (src->busy) { FUZZ_CHECK(r == M2_ERR_INVALID_ARGUMENT); free(b); break; }
            FUZZ_CHECK(r == M2_OK);
            r = m2_session_load(a->real, b, n);
            n2 = m2_session_state_size_ex(src->ref, flags);
            b2 = (unsigned char *)malloc(n2);
            FUZZ_CHECK(b2 && m2_session_save_ex(src->ref, b2, n2, flags) == M2_OK);
            if (a->busy) { FUZZ_CHECK(r == M2_ERR_INVALID_ARGUMENT); free(b); free(b2); break; }
            r2 = m2_session_load(a->ref, b2, n2);
            FUZZ_CHECK(r == r2);
            FUZZ_CHECK(r == M2_OK || r == M2_ERR_STATE_MISMATCH); /* another history length */
            free(b);
            free(b2);
            break;
        }
        case 13: /* reset (also abandons a sliced step) */
            m2_session_reset(a->real);
            m2_session_reset(a->ref);
            a->busy = 0;
            break;
        case 14: case 15: { /* sample */
            m2_sampler sa, sb;
            m2_sampler_opts so;
            int32_t x = -1, y = -1;
            memset(&so, 0, sizeof so);
            so.temperature = (float)(fuzz_u8(&rd) % 4) * 0.5f;
            so.top_k = fuzz_u8(&rd) % 5;
            so.repeat_penalty = 1.2f;
            so.seed = 5;
            m2_sampler_init(&sa, &so);
            sb = sa;
            r = m2_sample(a->real, &sa, &x);
            if (a->busy) { check_refused_unchanged(a->real, NULL, 0, r); break; }
            r2 = m2_sample(a->ref, &sb, &y);
            FUZZ_CHECK(r == r2);
            if (r == M2_OK) FUZZ_CHECK(x == y && x >= 0 && x < g_c->vocab_size);
            break;
        }
        }
        for (i = 0; i < NS; i++) compare(&sl[i], i);
    }
    for (i = 0; i < NS; i++) { /* finish what is in flight, then the last comparison */
        if (sl[i].busy) {
            int done = 0, guard = 0;
            while (!done && guard++ < 100) FUZZ_CHECK(m2_step_run(sl[i].real, 1, &done) == M2_OK);
            FUZZ_CHECK(done);
            FUZZ_CHECK(m2_step(sl[i].ref, sl[i].pending) == M2_OK);
            sl[i].busy = 0;
        }
        compare(&sl[i], i);
        m2_session_destroy(sl[i].real);
        m2_session_destroy(sl[i].ref);
    }
    return 0;
}
