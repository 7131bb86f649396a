/* fuzz_session.c - libFuzzer harness: m2_session_load (snapshot restore) from arbitrary bytes.

   The model is a small synthetic one (tools/random_model.h, built once). Input: a mode byte, then
     mode 0: the snapshot bytes as they are
     mode 1: the snapshot bytes with their trailing checksum recomputed (so the structural checks and
             what a "valid" snapshot can still contain are reached)
     mode 2: [tokens u8][history u8] then up to 3 u32 bit positions: a valid snapshot of a session
             that ran `tokens` tokens, with those bits flipped (history bit 0: the source session
             keeps 8 recent tokens instead of 256; bit 1: an M2_SNAPSHOT_F16 snapshot)
     mode 3: [tokens u8][history u8][offset i32] payload: a valid snapshot with the payload written
             at offset (negative = from the end), CRC recomputed
   (bit 2 of the mode byte picks a session with a short history, 8, instead of the default 256)

   Invariants:
   - m2_session_load returns M2_OK or a defined error; a refused snapshot leaves the session as it
     was (its own snapshot is byte-identical before and after);
   - mode 2: a snapshot with 1..3 bits flipped is refused (the checksum is a 64-bit hash: a miss
     would be a 2^-64 event);
   - an accepted snapshot restores the position it holds, and afterwards m2_sample (greedy and with
     a repetition penalty over the restored history) and m2_step give M2_OK with ids in
     [0, vocab_size) and finite logits, or M2_ERR_NUMERIC; saving it again reproduces the input
     (modes 1 and 3) or the original snapshot (mode 2). */
#include "fuzz_common.h"

static unsigned char *g_model;
static size_t g_model_size;
static m2_model *g_m;

static unsigned char *snapshot(m2_session *s, size_t *n, unsigned flags);
static void run_tokens(m2_session *s, int n_tokens, uint8_t salt);

/* FUZZ_WRITE_SEEDS=DIR: write valid snapshots of this model (modes 0 and 1 in front) into DIR,
   as seeds for the raw modes, which cannot reach past the size check without them. */
static void write_seeds(const char *dir) {
    static const int tokens[] = {0, 1, 5, 17, 40, 300};
    size_t k;
    for (k = 0; k < sizeof tokens / sizeof tokens[0]; k++) {
        int hist;
        for (hist = 0; hist < 2; hist++) {
            m2_session_opts o;
            m2_session *s;
            unsigned char *snap;
            size_t n;
            char path[4096];
            FILE *f;
            memset(&o, 0, sizeof o);
            o.n_threads = 1;
            o.history = hist ? 8 : 0;
            if (m2_session_create(&s, g_m, &o) != M2_OK) abort();
            run_tokens(s, tokens[k] > 64 ? 64 : tokens[k], (uint8_t)k);
            if (tokens[k] > 64) { int i; for (i = 64; i < tokens[k]; i++) if (m2_step(s, i % 37) != M2_OK) abort(); }
            snap = snapshot(s, &n, (k & 2) ? M2_SNAPSHOT_F16 : 0u);
            snprintf(path, sizeof path, "%s/snapshot_%d_%d", dir, tokens[k], hist);
            if ((f = fopen(path, "wb")) != NULL) {
                unsigned char mode = (unsigned char)(hist ? 4 : 0) | (unsigned char)(k & 1);
                fwrite(&mode, 1, 1, f);
                fwrite(snap, 1, n, f);
                fclose(f);
            }
            free(snap);
            m2_session_destroy(s);
        }
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    char err[256];
    (void)argc; (void)argv;
    /* D=16, L=1, V=40 (37 real), N=8, K=4, P=8, H=4, G=2: snapshots of 2-3 KB */
    g_model = fuzz_synth_model(16, 1, 40, 37, 8, 4, 8, 4, 2, 0, 0, M2_F32, 99, &g_model_size);
    if (!g_model || m2_model_open_memory(&g_m, g_model, g_model_size, NULL, err, sizeof err) != M2_OK) {
        fprintf(stderr, "fuzz_session: cannot build the model: %s\n", g_model ? err : "out of memory");
        abort();
    }
    if (getenv("FUZZ_WRITE_SEEDS")) write_seeds(getenv("FUZZ_WRITE_SEEDS"));
    return 0;
}

/* the session's own snapshot (malloc'd); flags: M2_SNAPSHOT_F16 or 0 */
static unsigned char *snapshot(m2_session *s, size_t *n, unsigned flags) {
    unsigned char *b;
    *n = m2_session_state_size_ex(s, flags);
    b = (unsigned char *)malloc(*n);
    FUZZ_CHECK(b != NULL);
    FUZZ_CHECK(m2_session_save_ex(s, b, *n, flags) == M2_OK);
    return b;
}

static void run_tokens(m2_session *s, int n_tokens, uint8_t salt) {
    const m2_config *c = m2_model_config(g_m);
    int32_t ids[64];
    int i;
    for (i = 0; i < n_tokens && i < 64; i++) ids[i] = (int32_t)((i * 7 + salt) % c->vocab_rows);
    if (n_tokens > 0) {
        FUZZ_CHECK(m2_prefill(s, ids, (size_t)(n_tokens / 2), NULL) == M2_OK);
        for (i = n_tokens / 2; i < n_tokens && i < 64; i++) FUZZ_CHECK(m2_step(s, ids[i]) == M2_OK);
    }
}

static void check_after_accept(m2_session *s, const unsigned char *snap, size_t n) {
    const m2_config *c = m2_model_config(g_m);
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t id = -1;
    m2_result r;
    unsigned char *again;
    size_t n2;
    FUZZ_CHECK(n >= 64);
    FUZZ_CHECK(m2_session_position(s) == m2__rd64(snap + 44));
    /* what was accepted is what is saved again (but for the history capacity at 40..44, which
       is the target session's, and so the checksum); f16 states are compared by size only (f16 -> f32
       -> f16 changes NaN payloads) */
    {
        unsigned flags = m2__rd32(snap + 60);
        again = snapshot(s, &n2, flags);
        FUZZ_CHECK(n2 == n);
        if (flags == 0) FUZZ_CHECK(memcmp(again, snap, 40) == 0 && memcmp(again + 44, snap + 44, n - 52) == 0);
        free(again);
    }
    {   /* a restored history holds only ids that m2_prefill / m2_step could have accepted */
        int i;
        for (i = 0; i < s->hist_len; i++) {
            int32_t t = s->hist[(s->hist_head - 1 - i + 2 * s->opts.history) % s->opts.history];
            if (t < 0 || t >= c->vocab_rows) {
                fprintf(stderr, "restored history holds token id %ld (vocab_rows %d)\n", (long)t, c->vocab_rows);
                FUZZ_CHECK(!"snapshot history id out of range accepted");
            }
        }
    }
    if (m2_session_logits(s)) {
        m2_sampler_init(&smp, NULL);
        r = m2_sample(s, &smp, &id);
        FUZZ_CHECK(r == M2_OK || r == M2_ERR_NUMERIC);
        if (r == M2_OK) FUZZ_CHECK(id >= 0 && id < c->vocab_size);
        memset(&so, 0, sizeof so);
        so.temperature = 0.9f; so.repeat_penalty = 1.5f; so.repeat_last_n = 300; so.top_k = 10;
        m2_sampler_init(&smp, &so);
        r = m2_sample(s, &smp, &id);
        FUZZ_CHECK(r == M2_OK || r == M2_ERR_NUMERIC);
        if (r == M2_OK) FUZZ_CHECK(id >= 0 && id < c->vocab_size);
    }
    r = m2_step(s, 1);
    FUZZ_CHECK(r == M2_OK || r == M2_ERR_NUMERIC);
    if (r == M2_OK) {
        FUZZ_CHECK(fuzz_all_finite(m2_session_logits(s), (size_t)c->vocab_rows));
        memset(&so, 0, sizeof so);
        so.temperature = 1.0f; so.repeat_penalty = 0.7f; so.min_p = 0.01f;
        m2_sampler_init(&smp, &so);
        r = m2_sample(s, &smp, &id);
        FUZZ_CHECK(r == M2_OK);
        FUZZ_CHECK(id >= 0 && id < c->vocab_size);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    m2_session_opts o;
    m2_session *s, *src;
    unsigned char *before, *after, *buf = NULL;
    size_t nb, na, n = 0;
    uint8_t mode;
    m2_result r;
    fuzz_reader rd;
    if (size < 1) return 0;
    mode = data[0];
    rd.p = data + 1;
    rd.n = size - 1;
    memset(&o, 0, sizeof o);
    o.n_threads = 1;
    o.history = (mode & 4) ? 8 : 0;
    FUZZ_CHECK(m2_session_create(&s, g_m, &o) == M2_OK);
    run_tokens(s, 3, 5); /* some state, so "untouched on failure" means something */
    before = snapshot(s, &nb, 0);

    switch (mode & 3) {
    case 0:
    case 1:
        n = rd.n;
        buf = (unsigned char *)malloc(n ? n : 1);
        if (n) memcpy(buf, rd.p, n);
        if ((mode & 3) == 1) fuzz_refresh_snapshot_crc(buf, n);
        break;
    case 2:
    case 3: {
        int tokens = fuzz_u8(&rd) % 40;
        uint8_t hist = fuzz_u8(&rd);
        m2_session_opts o2 = o;
        o2.history = (hist & 1) ? 8 : 0; /* may differ from the target session's */
        FUZZ_CHECK(m2_session_create(&src, g_m, &o2) == M2_OK);
        run_tokens(src, tokens, hist);
        buf = snapshot(src, &n, (hist & 2) ? M2_SNAPSHOT_F16 : 0u);
        m2_session_destroy(src);
        if ((mode & 3) == 2) {
            unsigned char *orig = (unsigned char *)malloc(n);
            int k, changed;
            FUZZ_CHECK(orig != NULL);
            memcpy(orig, buf, n);
            for (k = 0; k < 3 && rd.n >= 4; k++) {
                uint32_t bit = fuzz_u32(&rd) % (uint32_t)(n * 8);
                buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
            }
            changed = memcmp(orig, buf, n) != 0;
            r = m2_session_load(s, buf, n);
            if (changed) {
                if (r == M2_OK) {
                    fprintf(stderr, "a snapshot with up to 3 flipped bits was accepted\n");
                    FUZZ_CHECK(r != M2_OK);
                }
            } else if (o2.history == o.history) {
                FUZZ_CHECK(r == M2_OK);
            }
            free(orig);
            goto checked;
        } else {
            int32_t off = (int32_t)fuzz_u32(&rd);
            size_t pos = off < 0 ? (size_t)((int64_t)n + off) : (size_t)off, k;
            if (off < 0 && (int64_t)n + off < 0) pos = 0;
            for (k = 0; k < rd.n && pos + k < n; k++) buf[pos + k] = rd.p[k];
            fuzz_refresh_snapshot_crc(buf, n);
        }
        break;
    }
    }
    r = m2_session_load(s, buf, n);
checked:
    FUZZ_CHECK(r <= 0 && r >= M2_ERR_CANCELLED);
    if (r != M2_OK) {
        FUZZ_CHECK(r == M2_ERR_STATE_MISMATCH || r == M2_ERR_VERSION || r == M2_ERR_INVALID_ARGUMENT);
        after = snapshot(s, &na, 0);
        if (na != nb || memcmp(before, after, nb) != 0) {
            fprintf(stderr, "a refused snapshot changed the session (result %d: %s)\n", (int)r, m2_session_error(s));
            FUZZ_CHECK(!"refused snapshot modified the session");
        }
        free(after);
    } else {
        check_after_accept(s, buf, n);
    }
    free(buf);
    free(before);
    m2_session_destroy(s);
    return 0;
}
