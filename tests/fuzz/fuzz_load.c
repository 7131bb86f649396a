/* fuzz_load.c - libFuzzer harness: a whole model file, loaded from memory.

   Input: one control byte, then the model file.
     control bit 0: recompute meta_crc32 before loading (else the checksum usually stops a mutant
                    at the door; half the inputs test that door, half what is behind it)
     control bit 1: also write the real size into the header's file_size field first
     control bits 2-3: session chunk size (0 = default, 1, 2, 3)
     control bits 4-7: sampler settings (greedy / temperature / top-k / top-p + penalty ...)
   The seed corpus (make_seeds.py) is real converted models and small synthetic ones, each with a
   control byte in front.

   Invariants checked (a failure aborts, and libFuzzer saves the input):
   - m2_model_open_memory returns a defined m2_result, fills err on failure, leaves out untouched;
   - what the loader allocates is bounded by what the file holds (FUZZ_LOAD_ALLOC_FACTOR x size,
     plus a constant), whether it accepts the file or not, and it frees all of it again;
   - an accepted file gives a config inside the documented bounds (vocab_size <= vocab_rows, ...);
   - with the model: a short prefill, a sample and a step either succeed, with every id in
     [0, vocab_size) and finite logits, or return M2_ERR_NUMERIC (NaN/Inf) - nothing else;
     a token id >= vocab_rows gives M2_ERR_TOKEN_RANGE; a snapshot saved and restored into a
     second session continues bit-identically;
   - m2_memory_query gives the same verdict as the loader, and its byte counts equal what a loaded
     model and a new session really hold;
   - with a tokenizer: ids of a short text are in range and decode to valid UTF-8, and valid NFC
     text round-trips exactly unless the file's added tokens make that lossy as in HF. */
#include "fuzz_common.h"

#ifndef FUZZ_LOAD_ALLOC_FACTOR
#define FUZZ_LOAD_ALLOC_FACTOR 8u
#endif
#define FUZZ_LOAD_ALLOC_SLACK ((size_t)1 << 20)

static int is_result(m2_result r) { return r <= 0 && r >= M2_ERR_CANCELLED; }

static void check_config(const m2_config *c) {
    FUZZ_CHECK(c->d_model >= 1 && c->n_layer >= 1 && c->vocab_rows >= 1);
    FUZZ_CHECK(c->vocab_size >= 1 && c->vocab_size <= c->vocab_rows);
    FUZZ_CHECK(c->d_state >= 1 && c->d_conv >= 1 && c->d_inner >= 1 && c->headdim >= 1 && c->nheads >= 1 && c->ngroups >= 1);
    FUZZ_CHECK(c->n_ssm_layers == c->n_mamba1_layers || (int64_t)c->nheads * c->headdim == c->d_inner); /* (Mamba-2 mixers) */
    FUZZ_CHECK(c->nheads % c->ngroups == 0);
    FUZZ_CHECK(c->conv_dim == c->d_inner + 2 * c->ngroups * c->d_state);
    FUZZ_CHECK(c->d_in_proj == 2 * c->d_inner + 2 * c->ngroups * c->d_state + c->nheads);
    FUZZ_CHECK(c->norm_eps > 0.0f && isfinite(c->norm_eps) && c->gated_norm_eps > 0.0f && isfinite(c->gated_norm_eps));
    FUZZ_CHECK(c->dt_min >= 0.0f && c->dt_max >= c->dt_min);
    FUZZ_CHECK(c->eos_id >= -1 && c->eos_id < c->vocab_rows && c->bos_id >= -1 && c->bos_id < c->vocab_rows);
}

/* prefill / sample / step results: OK, or NaN-Inf reported as such */
static void check_run(m2_session *s, m2_result r, const m2_config *c) {
    FUZZ_CHECK(r == M2_OK || r == M2_ERR_NUMERIC || r == M2_ERR_CONTEXT_FULL); /* (a file may declare a tiny context) */
    if (r == M2_OK) {
        const float *lg = m2_session_logits(s);
        FUZZ_CHECK(lg != NULL);
        FUZZ_CHECK(fuzz_all_finite(lg, (size_t)c->vocab_rows));
    } else {
        FUZZ_CHECK(m2_session_error(s)[0] != 0);
    }
}

static const int chunks[4] = {0, 1, 2, 3};

/* expect_session_bytes: what m2_memory_query said one session takes (0 = unknown) */
static void exercise(m2_model *m, fuzz_budget *bud, m2_allocator alloc, uint8_t control, const uint8_t *tail, size_t tail_n,
                     uint64_t expect_session_bytes) {
    const m2_config *c = m2_model_config(m);
    m2_session_opts so;
    m2_session *s = NULL, *s2 = NULL;
    m2_sampler smp;
    m2_sampler_opts sopt;
    int32_t ids[8], id = -1;
    size_t n = 0, i;
    m2_result r;
    size_t before;

    check_config(c);
    memset(&so, 0, sizeof so);
    so.n_threads = 1;
    so.chunk_size = chunks[(control >> 2) & 3];
    so.alloc = alloc;
    before = bud->live;
    r = m2_session_create(&s, m, &so);
    FUZZ_CHECK(r == M2_OK || r == M2_ERR_OUT_OF_MEMORY); /* a legal but huge config may not fit */
    if (r != M2_OK) return;
    if (expect_session_bytes) FUZZ_CHECK(bud->live - before == expect_session_bytes); /* m2_memory_query was right */

    /* out-of-range ids are refused before anything runs */
    ids[0] = c->vocab_rows;
    FUZZ_CHECK(m2_prefill(s, ids, 1, NULL) == M2_ERR_TOKEN_RANGE);
    FUZZ_CHECK(m2_step(s, -1) == M2_ERR_TOKEN_RANGE);
    FUZZ_CHECK(m2_session_position(s) == 0 && m2_session_logits(s) == NULL);

    for (i = 0; i < tail_n && n < 5; i += 2) ids[n++] = (int32_t)(((uint32_t)tail[i] | ((uint32_t)(i + 1 < tail_n ? tail[i + 1] : 0) << 8)) % (uint32_t)c->vocab_rows);
    if (n == 0) ids[n++] = 0;
    r = m2_prefill(s, ids, n, NULL);
    check_run(s, r, c);
    if (r == M2_OK) {
        memset(&sopt, 0, sizeof sopt);
        switch (control >> 4) {
        case 0: break;
        case 1: sopt.temperature = 0.8f; sopt.seed = 7; break;
        case 2: sopt.temperature = 1.0f; sopt.top_k = 3; break;
        case 3: sopt.temperature = 1.2f; sopt.top_p = 0.9f; sopt.repeat_penalty = 1.3f; break;
        case 4: sopt.temperature = 0.5f; sopt.min_p = 0.05f; sopt.top_k = 40; sopt.top_p = 0.95f; break;
        default: sopt.temperature = (float)(control >> 4) * 0.25f; sopt.repeat_penalty = 1.1f; break;
        }
        m2_sampler_init(&smp, &sopt);
        r = m2_sample(s, &smp, &id);
        FUZZ_CHECK(r == M2_OK); /* the logits were checked finite above */
        FUZZ_CHECK(id >= 0 && id < c->vocab_size);

        /* snapshot round trip: both sessions continue identically */
        so.chunk_size = 0;
        if (m2_session_create(&s2, m, &so) == M2_OK) {
            size_t need = m2_session_state_size(s);
            unsigned char *snap = need <= ((size_t)64 << 20) ? (unsigned char *)malloc(need) : NULL;
            if (snap) {
                FUZZ_CHECK(m2_session_save(s, snap, need) == M2_OK);
                FUZZ_CHECK(m2_session_load(s2, snap, need) == M2_OK);
                FUZZ_CHECK(m2_session_position(s2) == m2_session_position(s));
                r = m2_step(s, id);
                check_run(s, r, c);
                if (r == M2_OK) {
                    m2_result r2 = m2_step(s2, id);
                    FUZZ_CHECK(r2 == M2_OK);
                    FUZZ_CHECK(memcmp(m2_session_logits(s), m2_session_logits(s2), (size_t)c->vocab_rows * 4u) == 0);
                    r = m2_sample(s, &smp, &id);
                    FUZZ_CHECK(r == M2_OK && id >= 0 && id < c->vocab_size);
                }
                free(snap);
            }
            m2_session_destroy(s2);
        }
    }
    m2_session_destroy(s);

    if (m2_model_has_tokenizer(m)) {
        m2_tokenize_work *w = NULL;
        r = m2_tokenize_work_create(&w, m, NULL);
        FUZZ_CHECK(r == M2_OK || r == M2_ERR_OUT_OF_MEMORY);
        if (r == M2_OK) {
            static const char *texts[] = {"Hello, world! <|endoftext|> caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87  x", "\xff\xfe ab\xe2\x82"};
            int32_t tids[128];
            char out[1024];
            size_t nt = 0, no = 0, k;
            int t;
            for (t = 0; t < 2; t++) {
                r = m2_tokenize(m, w, texts[t], -1, tids, 128, &nt, (unsigned)t);
                FUZZ_CHECK(r == M2_OK || r == M2_ERR_OUT_OF_MEMORY);
                if (r != M2_OK) continue;
                for (k = 0; k < nt; k++) FUZZ_CHECK(tids[k] >= 0 && tids[k] < c->vocab_rows);
                r = m2_detokenize(m, tids, nt, out, sizeof out, &no);
                FUZZ_CHECK(r == M2_OK || r == M2_ERR_BUFFER_TOO_SMALL);
                if (r == M2_OK) FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)out, no));
#if defined(FUZZ_HAVE_TOKENIZER) && !defined(FUZZ_NO_TOK_ROUNDTRIP)
                /* valid NFC text comes back unchanged, unless an added token strips spaces */
                if (r == M2_OK && t == 0 && fuzz_tok_roundtrip_expected(m)) {
                    if (no != strlen(texts[0]) || memcmp(out, texts[0], no) != 0) {
                        fprintf(stderr, "decode(encode(text)) = \"%.*s\"\n", (int)no, out);
                        FUZZ_CHECK(!"the tokenizer does not round-trip valid NFC text");
                    }
                }
#endif
            }
            m2_tokenize_work_destroy(w);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_budget bud;
    m2_allocator alloc = fuzz_allocator(&bud);
    m2_model_opts mo;
    m2_model *m = (m2_model *)(uintptr_t)0x1; /* must stay untouched on failure */
    unsigned char *buf;
    char err[256];
    uint8_t control;
    size_t n;
    uint64_t q_session = 0;
    m2_result r;
    if (size < 1) return 0;
    control = data[0];
    n = size - 1;
    buf = fuzz_aligned_copy(data + 1, n);
    if (!buf) return 0;
    if ((control & 2) && n >= 24) m2__wr64(buf + 16, (uint64_t)n);
    if (control & 1) fuzz_refresh_model_crc(buf, n);

    memset(&mo, 0, sizeof mo);
    mo.alloc = alloc;
    memset(err, 'x', sizeof err);
    r = m2_model_open_memory(&m, buf, n, &mo, err, sizeof err);
    FUZZ_CHECK(is_result(r));
    /* everything the loader keeps or briefly holds is bounded by the bytes it was given */
    if (bud.peak > (size_t)FUZZ_LOAD_ALLOC_FACTOR * n + FUZZ_LOAD_ALLOC_SLACK ||
        bud.max_request > (size_t)FUZZ_LOAD_ALLOC_FACTOR * n + FUZZ_LOAD_ALLOC_SLACK) {
        fprintf(stderr, "loader allocated %zu bytes (peak; largest request %zu) for a %zu-byte file (result %d: %s)\n", bud.peak,
                bud.max_request, n, (int)r,
                r == M2_OK ? "accepted" : err);
        FUZZ_CHECK(!"loader allocation not bounded by the file size");
    }
    if (r != M2_OK) {
        m2_memory_info info;
        FUZZ_CHECK(m == (m2_model *)(uintptr_t)0x1);
        FUZZ_CHECK(m2_memory_query(buf, n, NULL, &info, NULL, 0) == r); /* the same verdict */
        FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL && err[0] != 0);
        FUZZ_CHECK(bud.live == 0);
        free(buf);
        return 0;
    }
    FUZZ_CHECK(m != NULL && m != (m2_model *)(uintptr_t)0x1);
    {   /* m2_memory_query sees the file as the loader does, and counts what it allocates */
        m2_memory_info info;
        m2_session_opts qso;
        char qerr[256];
        size_t model_live = bud.live;
        m2_result rq;
        memset(&qso, 0, sizeof qso);
        qso.n_threads = 1;
        qso.chunk_size = chunks[(control >> 2) & 3];
        qso.alloc = alloc;
        rq = m2_memory_query(buf, n, &qso, &info, qerr, sizeof qerr);
        FUZZ_CHECK(rq == M2_OK || rq == M2_ERR_OUT_OF_MEMORY); /* the session may not fit */
        if (rq == M2_OK) {
            FUZZ_CHECK(info.file_bytes == n);
            if (info.model_heap != model_live) fprintf(stderr, "model_heap %llu, the loaded model holds %zu\n", (unsigned long long)info.model_heap, model_live);
            FUZZ_CHECK(info.model_heap == model_live);
            q_session = info.session_bytes;
        }
    }
    {
        size_t tn = n > 16 ? 16 : n;
        exercise(m, &bud, alloc, control, data + size - tn, tn, q_session);
    }
    m2_model_close(m);
    FUZZ_CHECK(bud.live == 0);
    free(buf);
    return 0;
}
