/* fuzz_sampler.c - libFuzzer harness: m2_sample fed arbitrary logits and arbitrary options.

   Four small synthetic models (vocab_rows / vocab_size 1/1, 2/2, 64/50 and 1000/997) are built once;
   the fuzzer's logits are written straight into a session's logits (the harness sees the internals),
   as if a model had produced them. Input layout (short inputs read as zeros):
     u8 model | u8 n_hist | n_hist u8 history ids (mod vocab_rows) |
     f32 temperature | i32 top_k | f32 top_p | f32 min_p | f32 repeat_penalty | u32 pattern |
     i32 repeat_last_n | u64 seed | u8 n_banned | n_banned u8 (id = byte - 8) |
     u8 n_bias | n_bias x (u8 id - 8, f32 bias) | f32 logits... (repeated cyclically over vocab_rows)
   pattern (low 3 bits) then overwrites some logits: 1 all equal, 2 one NaN, 3 one +Inf, 4 one -Inf,
   5 every logit +-FLT_MAX, 6 NaN or Inf only in the padding rows, 7 denormals; bits 8-31 pick the
   position.

   Invariants:
   - the result is M2_ERR_NUMERIC exactly when a logit of the real vocabulary is NaN or Inf (padding
     rows are never looked at); else M2_ERR_INVALID_ARGUMENT exactly when every token is banned (by
     the list, or by a -INFINITY bias); else M2_OK with 0 <= id < vocab_size and id not banned -
     whatever the options (a huge or infinite repetition penalty or bias must not turn finite logits
     into an error);
   - the same seed gives the same id (a fresh sampler with the same options);
   - greedy (temperature <= 0 or NaN) without a penalty or bias returns the first index of the
     largest logit among the tokens not banned;
   - top_k = 1 without a penalty, bias or bans returns the best token or one the softmax cannot tell from it
     (weight expf((logit - max) / temperature) == 1.0f, a tie then going to the lower id);
   - the session's logits are not modified by sampling. */
#include "fuzz_common.h"
#include <float.h>

#define N_MODELS 4
static unsigned char *g_bufs[N_MODELS];
static m2_model *g_models[N_MODELS];
static m2_session *g_sessions[N_MODELS];

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    static const int shapes[N_MODELS][2] = {{1, 1}, {2, 2}, {64, 50}, {1000, 997}};
    int i;
    (void)argc; (void)argv;
    for (i = 0; i < N_MODELS; i++) {
        size_t n;
        char err[256];
        m2_session_opts o;
        g_bufs[i] = fuzz_synth_model(8, 1, shapes[i][0], shapes[i][1], 4, 2, 4, 4, 1, 1, 0, M2_F32, 5, &n);
        if (!g_bufs[i] || m2_model_open_memory(&g_models[i], g_bufs[i], n, NULL, err, sizeof err) != M2_OK) abort();
        memset(&o, 0, sizeof o);
        o.n_threads = 1;
        o.history = 16;
        if (m2_session_create(&g_sessions[i], g_models[i], &o) != M2_OK) abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_reader rd;
    int mi, V, nv, i, n_hist;
    uint32_t pattern, pos;
    m2_session *s;
    const m2_config *c;
    m2_sampler_opts o;
    m2_sampler smp, smp2;
    float *saved;
    int32_t id = -1, id2 = -1;
    m2_result r, r2;
    int nonfinite = 0, n_ban, n_bias, all_banned = 1;
    int32_t bans[32];
    m2_logit_bias biases[32];
    unsigned char *banned;
    const uint8_t *lp;
    size_t ln;

    rd.p = data;
    rd.n = size;
    mi = fuzz_u8(&rd) % N_MODELS;
    s = g_sessions[mi];
    c = m2_model_config(g_models[mi]);
    V = c->vocab_rows;
    nv = c->vocab_size;

    m2_session_reset(s);
    n_hist = fuzz_u8(&rd) % 40;
    for (i = 0; i < n_hist; i++) {
        int32_t t = (int32_t)(fuzz_u8(&rd) % (unsigned)V);
        m2__push_history(s, &t, 1);
    }
    memset(&o, 0, sizeof o);
    o.temperature = fuzz_f32(&rd);
    o.top_k = (int)fuzz_u32(&rd);
    o.top_p = fuzz_f32(&rd);
    o.min_p = fuzz_f32(&rd);
    o.repeat_penalty = fuzz_f32(&rd);
    pattern = fuzz_u32(&rd);
    o.repeat_last_n = (int)fuzz_u32(&rd);
    o.seed = fuzz_u64(&rd);
    n_ban = fuzz_u8(&rd) % 33;
    for (i = 0; i < n_ban; i++) bans[i] = (int32_t)fuzz_u8(&rd) - 8;
    n_bias = fuzz_u8(&rd) % 33;
    for (i = 0; i < n_bias; i++) { biases[i].id = (int32_t)fuzz_u8(&rd) - 8; biases[i].bias = fuzz_f32(&rd); }
    if (n_ban) { o.banned = bans; o.n_banned = n_ban; }
    if (n_bias) { o.logit_bias = biases; o.n_logit_bias = n_bias; }
    banned = (unsigned char *)calloc((size_t)nv, 1);
    FUZZ_CHECK(banned != NULL);
    for (i = 0; i < n_ban; i++) if (bans[i] >= 0 && bans[i] < nv) banned[bans[i]] = 1;
    for (i = 0; i < n_bias; i++) if (biases[i].id >= 0 && biases[i].id < nv && biases[i].bias == -INFINITY) banned[biases[i].id] = 1;
    for (i = 0; i < nv; i++) all_banned &= banned[i];

    /* logits: the rest of the input, cyclically; none left = all zero */
    lp = rd.p;
    ln = rd.n / 4;
    for (i = 0; i < V; i++) {
        float f = 0.0f;
        if (ln) memcpy(&f, lp + 4 * ((size_t)i % ln), 4);
        s->logits[i] = f;
    }
    pos = (pattern >> 8) % (uint32_t)V;
    switch (pattern & 7) {
    case 1: for (i = 0; i < V; i++) s->logits[i] = s->logits[0]; break;
    case 2: s->logits[pos] = NAN; break;
    case 3: s->logits[pos] = INFINITY; break;
    case 4: s->logits[pos] = -INFINITY; break;
    case 5: for (i = 0; i < V; i++) s->logits[i] = (i + (int)pos) % 3 ? FLT_MAX : -FLT_MAX; break;
    case 6: if (V > nv) s->logits[nv + (int)(pos % (uint32_t)(V - nv))] = (pattern & 0x100000) ? NAN : INFINITY; break;
    case 7: for (i = 0; i < V; i++) s->logits[i] = (float)((i * 31 + (int)pos) % 7) * 1.40129846e-45f /* the smallest denormal (FLT_TRUE_MIN is C11) */; break;
    default: break;
    }
    s->has_logits = 1;
    for (i = 0; i < nv; i++) nonfinite |= !isfinite(s->logits[i]);
    saved = (float *)malloc((size_t)V * sizeof(float));
    FUZZ_CHECK(saved != NULL);
    memcpy(saved, s->logits, (size_t)V * sizeof(float));

    m2_sampler_init(&smp, &o);
    smp2 = smp;
    r = m2_sample(s, &smp, &id);
    {
        m2_result want = nonfinite ? M2_ERR_NUMERIC : all_banned ? M2_ERR_INVALID_ARGUMENT : M2_OK;
        if (r != want) {
            fprintf(stderr, "m2_sample returned %d (%s), expected %d; temperature %g top_k %d top_p %g min_p %g repeat_penalty %g, "
                    "%d bans, %d biases, vocab %d\n", (int)r, m2_session_error(s), (int)want, (double)o.temperature, o.top_k,
                    (double)o.top_p, (double)o.min_p, (double)o.repeat_penalty, n_ban, n_bias, nv);
            FUZZ_CHECK(r == want);
        }
    }
    if (r == M2_OK) {
        FUZZ_CHECK(id >= 0 && id < nv);
        FUZZ_CHECK(!banned[id]);
    }
    FUZZ_CHECK(memcmp(saved, s->logits, (size_t)V * sizeof(float)) == 0);

    r2 = m2_sample(s, &smp2, &id2); /* same options, same seed: same choice */
    FUZZ_CHECK(r2 == r);
    if (r == M2_OK) FUZZ_CHECK(id2 == id);

    if (r == M2_OK && smp.opts.repeat_penalty == 1.0f && n_bias == 0) {
        int best = -1;
        for (i = 0; i < nv; i++) if (!banned[i] && (best < 0 || saved[i] > saved[best])) best = i;
        if (smp.opts.temperature == 0.0f) {
            if (id != best) {
                fprintf(stderr, "greedy chose %d (logit %g), the first best is %d (logit %g)\n", id, (double)saved[id], best, (double)saved[best]);
                FUZZ_CHECK(id == best);
            }
        } else if (smp.opts.top_k == 1 && n_ban == 0) {
            /* a token the softmax cannot tell from the best (weight 1.0f) may win a tie by its lower id */
            if (expf((saved[id] - saved[best]) / smp.opts.temperature) != 1.0f) {
                fprintf(stderr, "top_k=1 chose %d (logit %g), the best is %d (logit %g), temperature %g\n", id, (double)saved[id], best,
                        (double)saved[best], (double)smp.opts.temperature);
                FUZZ_CHECK(!"top_k = 1 did not choose the best token");
            }
        }
    }
    free(saved);
    free(banned);
    return 0;
}
