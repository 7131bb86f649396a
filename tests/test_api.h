/* Tests of what the public declarations in mamba2.h promise in their comments: result strings,
   NULL arguments, size queries, m2_memory_query_file, the cancel rule, the parallel_for rule and
   m2_step_batch's bitwise equality. Included by test_main.c (uses test_common.h). */

TEST(api, result_strings_from_one_list) {
    static const struct { m2_result r; int value; } codes[] = {
#define API_CODE(name, value, message) {name, value},
        M2_RESULT_LIST(API_CODE)
#undef API_CODE
    };
    int i, j, n = (int)(sizeof codes / sizeof codes[0]);
    EXPECT_EQ(M2_ERR_CONTEXT_FULL, -13);
    EXPECT_EQ(n, 14);
    for (i = 0; i < n; i++) {
        const char *m = m2_result_str(codes[i].r);
        EXPECT_EQ((int)codes[i].r, codes[i].value);
        EXPECT_EQ((int)codes[i].r, -i); /* dense: 0, -1, ..., -13 */
        EXPECT_TRUE(m != NULL && m[0] != 0 && strcmp(m, "unknown error") != 0);
        for (j = 0; j < i; j++) EXPECT_TRUE(strcmp(m, m2_result_str(codes[j].r)) != 0);
    }
    EXPECT_TRUE(strcmp(m2_result_str((m2_result)-99), "unknown error") == 0);
    EXPECT_TRUE(strcmp(m2_result_str(M2_ERR_CONTEXT_FULL), "context full") == 0);
}

TEST(api, destroy_and_close_accept_null) {
    m2_session_destroy(NULL);
    m2_model_close(NULL);
    m2_tokenize_work_destroy(NULL);
    EXPECT_TRUE(1); /* reaching here is the test */
}

/* m2_tokenize / m2_detokenize with a NULL buffer and capacity 0 report the size; a buffer of
   M2_TOKENIZE_MAX_IDS(len) always suffices, for the bytes that used to overflow text-length
   buffers ("a\xff", "\xff": one byte, several ids) and for 20 KB of random bytes. */
TEST(api, tokenize_size_queries_and_max_ids) {
    m2_model *m;
    m2_tokenize_work *w;
    static char rnd[20000];
    struct { const char *text; size_t len; } cases[8];
    int nc = 0, k;
    unsigned seed = 12345;
    m = open_model("models/fable-3m.bin");
    if (!m) SKIP("models/fable-3m.bin not found (run from the repository root)");
    if (!m2_model_has_tokenizer(m)) { m2_model_close(m); SKIP("the shipped model has no tokenizer"); }
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (k = 0; k < (int)sizeof rnd; k++) { seed = seed * 1103515245u + 12345u; rnd[k] = (char)(seed >> 16); }
    cases[nc].text = "a\xff"; cases[nc++].len = 2;
    cases[nc].text = "\xff"; cases[nc++].len = 1;
    cases[nc].text = "\xff a"; cases[nc++].len = 3;
    cases[nc].text = "\xff\xfe\xfd\xfc"; cases[nc++].len = 4;
    cases[nc].text = "Once upon a time"; cases[nc++].len = 16;
    cases[nc].text = ""; cases[nc++].len = 0;
    cases[nc].text = rnd; cases[nc++].len = sizeof rnd;
    for (k = 0; k < nc; k++) {
        size_t n = 99, n2 = 0, bound = M2_TOKENIZE_MAX_IDS(cases[k].len), out_len = 0, out_len2 = 0;
        int32_t *ids = (int32_t *)malloc(bound * sizeof *ids);
        m2_result r = m2_tokenize(m, w, cases[k].text, (ptrdiff_t)cases[k].len, NULL, 0, &n, 0);
        ASSERT_TRUE(ids != NULL);
        EXPECT_EQ(r, n ? M2_ERR_BUFFER_TOO_SMALL : M2_OK);
        EXPECT_TRUE(n <= bound);
        EXPECT_EQ(m2_tokenize(m, w, cases[k].text, (ptrdiff_t)cases[k].len, ids, bound, &n2, 0), M2_OK);
        EXPECT_EQ(n2, n);
        if (n) EXPECT_EQ(m2_tokenize(m, w, cases[k].text, (ptrdiff_t)cases[k].len, ids, n - 1, &n2, 0), M2_ERR_BUFFER_TOO_SMALL);
        EXPECT_EQ(m2_tokenize(m, w, cases[k].text, (ptrdiff_t)cases[k].len, NULL, 1, &n2, 0), M2_ERR_INVALID_ARGUMENT);
        /* decoding asks the same way */
        r = m2_detokenize(m, ids, n, NULL, 0, &out_len);
        EXPECT_TRUE(r == M2_OK || r == M2_ERR_BUFFER_TOO_SMALL);
        if (r == M2_OK) EXPECT_EQ(out_len, 0);
        {
            char *out = (char *)malloc(out_len + 1);
            ASSERT_TRUE(out != NULL);
            EXPECT_EQ(m2_detokenize(m, ids, n, out, out_len, &out_len2), M2_OK);
            EXPECT_EQ(out_len2, out_len);
            free(out);
        }
        free(ids);
    }
    {   /* one byte, several ids: why the length of the text is no bound */
        size_t n = 0;
        m2_tokenize(m, w, "\xff", 1, NULL, 0, &n, 0);
        EXPECT_TRUE(n > 1);
    }
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}

#ifndef MAMBA2_NO_STDIO
TEST(api, memory_query_file_matches_memory_query) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw, *mem;
    m2_memory_info a, b;
    m2_session_opts so;
    char path[400], err[512];
    ASSERT_TRUE(file != NULL);
    mem = aligned_copy(file, size, &raw);
    snprintf(path, sizeof path, "%s/memory_query.bin", tmp_dir);
    ASSERT_TRUE(write_file(path, file, size));
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    ASSERT_EQ(m2_memory_query(mem, size, NULL, &a, err, sizeof err), M2_OK);
    ASSERT_EQ(m2_memory_query_file(path, NULL, &b, err, sizeof err), M2_OK);
    EXPECT_EQ(b.file_bytes, size);
    EXPECT_EQ(b.file_bytes, a.file_bytes);
    EXPECT_EQ(b.model_heap, a.model_heap);
    EXPECT_EQ(b.session_bytes, a.session_bytes);
    memset(&so, 0, sizeof so);
    so.chunk_size = 48; so.cancellable_steps = 1;
    ASSERT_EQ(m2_memory_query(mem, size, &so, &a, err, sizeof err), M2_OK);
    ASSERT_EQ(m2_memory_query_file(path, &so, &b, err, sizeof err), M2_OK);
    EXPECT_EQ(b.session_bytes, a.session_bytes);
    /* errors: a missing file says why (the system's reason), bad options, NULL */
    snprintf(path, sizeof path, "%s/no_such_model.bin", tmp_dir);
    err[0] = 0;
    EXPECT_EQ(m2_memory_query_file(path, NULL, &b, err, sizeof err), M2_ERR_IO);
    EXPECT_TRUE(strstr(err, "no_such_model.bin: ") != NULL);
    so.chunk_size = -1;
    snprintf(path, sizeof path, "%s/memory_query.bin", tmp_dir);
    EXPECT_EQ(m2_memory_query_file(path, &so, &b, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(m2_memory_query_file(NULL, NULL, &b, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(m2_memory_query_file(path, NULL, NULL, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    remove(path);
    free(file);
    free(raw);
}
#endif

/* Without opts.cancellable_steps a cancel after a unit ran is refused and changes nothing: the step
   stays in progress and, run to the end, gives m2_step's result. */
TEST(api, step_cancel_without_cancellable_steps) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *a, *b;
    int done = 0;
    size_t V;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    a = new_session(m, 16, 1);
    b = new_session(m, 16, 1);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(m2_step(a, 3), M2_OK);
    EXPECT_EQ(m2_step(b, 3), M2_OK);
    EXPECT_EQ(m2_step_cancel(a), M2_OK); /* nothing in progress */
    EXPECT_EQ(m2_step_begin(a, 5), M2_OK);
    EXPECT_EQ(m2_step_cancel(a), M2_OK); /* before any unit: free */
    EXPECT_EQ(m2_step_begin(a, 5), M2_OK);
    EXPECT_EQ(m2_step_run(a, 1, &done), M2_OK);
    EXPECT_EQ(done, 0);
    EXPECT_EQ(m2_step_cancel(a), M2_ERR_UNSUPPORTED);
    EXPECT_EQ(m2_step(a, 6), M2_ERR_INVALID_ARGUMENT); /* still in progress */
    while (!done) ASSERT_EQ(m2_step_run(a, 1, &done), M2_OK);
    EXPECT_EQ(m2_step(b, 5), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(b), V * sizeof(float)) == 0);
    m2_session_destroy(a);
    m2_session_destroy(b);
    m2_model_close(m);
    free(raw);
}

/* The rule the parallel_for comment states, counted on the shipped model and a synthetic one. */
typedef struct api_pool { int calls, tasks; } api_pool;
static void api_counting_pool(void *pool, void (*task)(void *, int), void *ctx, int n) {
    api_pool *p = (api_pool *)pool;
    int i;
    p->calls++;
    p->tasks += n;
    for (i = 0; i < n; i++) task(ctx, i);
}
static void api_count_hook(const m2_model *m, int n_prefill, api_pool *decode, api_pool *prefill) {
    m2_session_opts so;
    m2_session *s = NULL;
    int32_t *ids = (int32_t *)malloc((size_t)n_prefill * sizeof *ids);
    int i;
    memset(&so, 0, sizeof so);
    memset(decode, 0, sizeof *decode);
    memset(prefill, 0, sizeof *prefill);
    so.parallel_for = api_counting_pool;
    so.parallel_ctx = decode;
    if (!ids || m2_session_create(&s, m, &so) != M2_OK) { free(ids); return; }
    random_ids(ids, (size_t)n_prefill, m2_model_config(m)->vocab_size, 5);
    for (i = 0; i < 16; i++) m2_step(s, ids[i]);
    m2_session_destroy(s);
    so.parallel_ctx = prefill;
    if (m2_session_create(&s, m, &so) != M2_OK) { free(ids); return; }
    m2_prefill(s, ids, (size_t)n_prefill, NULL);
    m2_session_destroy(s);
    free(ids);
}
TEST(api, parallel_for_hook_rule) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    api_pool dec, pre;
    ASSERT_TRUE(m != NULL);
    api_count_hook(m, 560, &dec, &pre);
    printf("  synthetic (D %d, %d layers): 16 decode steps -> %d hook calls; 560-token prefill -> %d calls, %d tasks\n",
           o.D, o.L, dec.calls, pre.calls, pre.tasks);
    EXPECT_EQ(dec.calls, 0); /* every decode loop of a small model is below the thresholds */
    /* prefill: the scan per group and per head, every layer and chunk (64 tokens by default) */
    EXPECT_TRUE(pre.calls >= o.L * ((560 + 63) / 64) * (o.G > 1 ? 2 : 1));
    m2_model_close(m);
    free(raw);
    m = open_model("models/fable-3m.bin");
    if (m) {
        api_count_hook(m, 560, &dec, &pre);
        printf("  models/fable-3m.bin: 16 decode steps -> %d hook calls; 560-token prefill -> %d calls, %d tasks\n", dec.calls, pre.calls, pre.tasks);
        EXPECT_EQ(dec.calls, 0);
        EXPECT_TRUE(pre.calls > 0);
        m2_model_close(m);
    }
}

/* The OpenMP split policy in seconds: splits that save keep it splitting; a stall that loses more
   than the capped savings pauses it; tries that lose double the pause up to the cap; a spell that
   gained overall before its stall pauses for the shortest time again; and a pause is never shorter
   than M2__PAR_PAUSE_PER_LOSS times the loss that caused it. */
TEST(api, split_policy_counts_seconds) {
#ifndef M2__OPENMP
    SKIP("built without OpenMP: no split policy");
#else
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_session_opts so;
    double now = 100, expect = 20e-3 * M2__PAR_PAUSE_PER_LOSS;
    int k;
    ASSERT_TRUE(m != NULL);
    memset(&so, 0, sizeof so);
    so.n_threads = 2;
    ASSERT_EQ(m2_session_create(&s, m, &so), M2_OK);
    for (k = 0; k < 1000; k++) m2__par_judge(s, 50e-6, now); /* 50 ms saved in all, capped at 2 ms */
    EXPECT_TRUE(s->par_retry_at == 0);
    m2__par_judge(s, -1.5e-3, now); /* a stall smaller than the credit: keep splitting */
    EXPECT_TRUE(s->par_retry_at == 0);
    m2__par_judge(s, -20e-3, now); /* one time slice: pause, in proportion to the loss */
    EXPECT_NEAR(s->par_retry_at, now + expect, 1e-9);
    for (k = 0; k < 6; k++) {  /* every try loses: the pause doubles up to the cap */
        s->par_retry_at = 0;   /* as m2__parallel does when the pause is over */
        now += 1;
        m2__par_judge(s, -0.1e-3, now); /* within the try's credit: no verdict yet */
        EXPECT_TRUE(s->par_retry_at == 0);
        m2__par_judge(s, -2e-3, now);
        expect = expect * 2 < M2__PAR_BACKOFF_MAX ? expect * 2 : M2__PAR_BACKOFF_MAX;
        EXPECT_NEAR(s->par_retry_at, now + expect, 1e-9);
    }
    EXPECT_NEAR(s->par_backoff, M2__PAR_BACKOFF_MAX, 1e-12);
    s->par_retry_at = 0; /* a try that pays, then a small stall later: a short pause again */
    for (k = 0; k < 100; k++) m2__par_judge(s, 50e-6, now);
    m2__par_judge(s, -2.01e-3, now);
    EXPECT_NEAR(s->par_retry_at, now + 2.01e-3 * M2__PAR_PAUSE_PER_LOSS, 1e-9);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
#endif
}

/* m2_step_batch is bit-identical to single m2_step calls: logits and state, for every weight type,
   at every instruction-set level this build and CPU run (the VNNI level's int8 activations and
   the BF16 level's bf16 ones included: the batch takes the same decode path). */
TEST(session, batched_step_bitwise_equal_to_single_steps) {
    static const m2_dtype dts[] = {M2_F32, M2_F16, M2_BF16, M2_Q8_0};
    int d, isa, checked = 0;
    for (d = 0; d < 4; d++) {
        void *raw;
        synth_opts o = default_synth();
        m2_model *m;
        o.dtype = dts[d];
        m = open_synth(&o, &raw);
        ASSERT_TRUE(m != NULL);
        for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128; isa++) {
            m2_session *batch[4], *single[4];
            m2_session_opts so;
            int32_t ids[40], next[4];
            size_t V = (size_t)m2_model_config(m)->vocab_rows;
            int i, k, ok = 1;
            if (!m2_isa_available(isa)) continue;
            memset(&so, 0, sizeof so);
            so.isa = isa;
            so.chunk_size = 16;
            random_ids(ids, 40, o.vocab_size, 31 + (unsigned)d);
            for (i = 0; i < 4; i++) {
                ok &= m2_session_create(&batch[i], m, &so) == M2_OK;
                ok &= m2_session_create(&single[i], m, &so) == M2_OK;
                ok &= m2_prefill(batch[i], ids + i, (size_t)(2 + 7 * i), NULL) == M2_OK;
                ok &= m2_prefill(single[i], ids + i, (size_t)(2 + 7 * i), NULL) == M2_OK;
            }
            ASSERT_TRUE(ok);
            for (k = 0; k < 5; k++) {
                for (i = 0; i < 4; i++) next[i] = (int32_t)((k * 11 + i * 5 + 1) % o.vocab_size);
                ASSERT_EQ(m2_step_batch(batch, next, 4), M2_OK);
                for (i = 0; i < 4; i++) {
                    size_t ns, nb;
                    float *sa, *sb;
                    ASSERT_EQ(m2_step(single[i], next[i]), M2_OK);
                    if (memcmp(m2_session_logits(batch[i]), m2_session_logits(single[i]), V * sizeof(float)) != 0)
                        FAIL_AT("%s, %s, step %d, session %d: logits differ", m2__dtype_name((uint32_t)dts[d]), m2_isa_name(isa), k, i);
                    sa = session_state_golden_layout(batch[i], &ns);
                    sb = session_state_golden_layout(single[i], &nb);
                    if (!sa || !sb || ns != nb || memcmp(sa, sb, ns * sizeof(float)) != 0)
                        FAIL_AT("%s, %s, step %d, session %d: states differ", m2__dtype_name((uint32_t)dts[d]), m2_isa_name(isa), k, i);
                    free(sa);
                    free(sb);
                }
            }
            checked++;
            for (i = 0; i < 4; i++) { m2_session_destroy(batch[i]); m2_session_destroy(single[i]); }
        }
        m2_model_close(m);
        free(raw);
    }
    EXPECT_TRUE(checked >= 4);
}

/* ---- the sampler chain, one step at a time, each against its definition ---- */

static const float *smp_cmp_w; /* (qsort context) */
static int smp_cmp(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return m2__cand_before(smp_cmp_w, x, y) ? -1 : m2__cand_before(smp_cmp_w, y, x) ? 1 : 0;
}
static unsigned smp_rand(unsigned *seed) { *seed = *seed * 1103515245u + 12345u; return *seed >> 8; }

TEST(sample, penalties_match_definition) {
    float pr[8] = {1, 2, -1, -2, 4, 0, 3, -3};
    int32_t hist[6] = {1, 1, 2, 5, 6, 0}; /* ring of 6, head 5: newest first 6, 5, 2, 1, 1 */
    unsigned seed = 9;
    int trial;
    m2__sample_penalties(pr, 8, hist, 6, 5, 4, 2.0f); /* last 4: 6, 5, 2, 1 (1 once) */
    EXPECT_EQ(pr[6], 1.5f);  /* 3 / 2 */
    EXPECT_EQ(pr[5], 0.0f);  /* 0 * 2 */
    EXPECT_EQ(pr[2], -2.0f); /* -1 * 2 */
    EXPECT_EQ(pr[1], 1.0f);  /* 2 / 2, once although it is there twice */
    EXPECT_EQ(pr[0], 1.0f);  /* not among the last 4 */
    EXPECT_EQ(pr[4], 4.0f);
    for (trial = 0; trial < 200; trial++) { /* random rings against a plain set-based loop */
        float a[50], b[50], pen = 0.25f + (float)(smp_rand(&seed) % 16) * 0.25f;
        int32_t h[40];
        int cap = 1 + (int)(smp_rand(&seed) % 40), head = (int)(smp_rand(&seed) % (unsigned)cap), last = (int)(smp_rand(&seed) % (unsigned)(cap + 1)), i, k;
        unsigned char done[50];
        for (i = 0; i < 50; i++) a[i] = b[i] = (float)((int)(smp_rand(&seed) % 2001) - 1000) / 100.0f;
        a[3] = b[3] = FLT_MAX; /* clamped: stays finite */
        for (i = 0; i < cap; i++) h[i] = (int32_t)(smp_rand(&seed) % 60) - 5; /* some out of range */
        m2__sample_penalties(a, 50, h, cap, head, last, pen);
        memset(done, 0, sizeof done);
        for (k = 0; k < last; k++) {
            int32_t t = h[((head - 1 - k) % cap + cap) % cap];
            if (t < 0 || t >= 50 || done[t]) continue;
            done[t] = 1;
            b[t] = b[t] > 0 ? b[t] / pen : b[t] * pen;
            if (b[t] > FLT_MAX) b[t] = FLT_MAX;
            if (b[t] < -FLT_MAX) b[t] = -FLT_MAX;
        }
        if (memcmp(a, b, sizeof a) != 0) { FAIL_AT("trial %d differs", trial); break; }
    }
}

TEST(sample, bias_and_bans_match_definition) {
    float pr[6] = {1, 2, 3, 4, FLT_MAX, -FLT_MAX};
    m2_logit_bias lb[6];
    int32_t bans[3] = {3, -1, 99};
    m2_sampler_opts o;
    memset(&o, 0, sizeof o);
    lb[0].id = 0; lb[0].bias = 0.5f;
    lb[1].id = 1; lb[1].bias = NAN;        /* ignored */
    lb[2].id = 2; lb[2].bias = -INFINITY;  /* banned */
    lb[3].id = 2; lb[3].bias = 100.0f;     /* a ban stays a ban */
    lb[4].id = 4; lb[4].bias = FLT_MAX;    /* clamped to the finite range */
    lb[5].id = 77; lb[5].bias = 1.0f;      /* out of range: ignored */
    o.logit_bias = lb; o.n_logit_bias = 6; o.banned = bans; o.n_banned = 3;
    m2__sample_bias_bans(pr, 6, &o);
    EXPECT_EQ(pr[0], 1.5f);
    EXPECT_EQ(pr[1], 2.0f);
    EXPECT_TRUE(pr[2] == -INFINITY);
    EXPECT_TRUE(pr[3] == -INFINITY);
    EXPECT_TRUE(pr[4] == FLT_MAX);
    EXPECT_TRUE(pr[5] == -FLT_MAX);
    EXPECT_EQ(m2__sample_argmax(pr, 6), 4);
    {
        float tie[4] = {1, 3, 3, 2};
        EXPECT_EQ(m2__sample_argmax(tie, 4), 1); /* the first of equal bests */
    }
}

TEST(sample, softmax_matches_definition) {
    float pr[300], x[300];
    unsigned seed = 4;
    int trial, i;
    for (trial = 0; trial < 50; trial++) {
        float temp = 0.05f + (float)(smp_rand(&seed) % 100) / 25.0f, mx = -FLT_MAX;
        double sum, ref = 0.0;
        int n = 1 + (int)(smp_rand(&seed) % 300);
        for (i = 0; i < n; i++) { x[i] = pr[i] = (float)((int)(smp_rand(&seed) % 4001) - 2000) / 100.0f; if (x[i] > mx) mx = x[i]; }
        if (trial % 5 == 0) pr[0] = x[0] = -INFINITY; /* a ban weighs 0 */
        sum = m2__sample_softmax(pr, n, mx, temp);
        for (i = 0; i < n; i++) {
            float want = expf((x[i] - mx) / temp);
            ref += want;
            if (pr[i] != want) { FAIL_AT("trial %d, %d: %g != %g", trial, i, (double)pr[i], (double)want); return; }
            if (x[i] == mx) EXPECT_EQ(pr[i], 1.0f);
        }
        if (trial % 5 == 0) EXPECT_EQ(pr[0], 0.0f);
        EXPECT_TRUE(sum == ref);
    }
}

/* top-k: the k best by (weight down, id up), best first; with top_p the shortest prefix of them
   that holds top_p of their mass. Integer weights with many ties, so sums are exact. */
TEST(sample, top_k_matches_definition) {
    static float w[500];
    static int32_t c[500], ref[500];
    unsigned seed = 21;
    int trial, i;
    {   /* by hand: weights 1 4 4 2 8, k 3 -> ids 4, 1, 2; with top_p 0.5 of 16 -> 4 (8 >= 8) */
        float h[5] = {1, 4, 4, 2, 8};
        int32_t hc[5] = {0, 1, 2, 3, 4};
        int first = m2__sample_top_k(h, hc, 5, 3, 1.0f);
        EXPECT_EQ(first, 2);
        EXPECT_EQ(hc[2], 4); EXPECT_EQ(hc[3], 1); EXPECT_EQ(hc[4], 2);
        for (i = 0; i < 5; i++) hc[i] = i;
        first = m2__sample_top_k(h, hc, 5, 3, 0.5f);
        EXPECT_EQ(first, 4);
        EXPECT_EQ(hc[4], 4);
    }
    for (trial = 0; trial < 200; trial++) {
        int n = 1 + (int)(smp_rand(&seed) % 500), k = 1 + (int)(smp_rand(&seed) % (unsigned)(n + 3)), spread = 1 + trial % 20, first, want, j;
        float top_p = trial % 3 ? (float)(1 + smp_rand(&seed) % 99) / 100.0f : 1.0f;
        double kmass = 0, mass = 0, target;
        for (i = 0; i < n; i++) { w[i] = (float)(smp_rand(&seed) % (unsigned)spread); c[i] = i; ref[i] = i; }
        first = m2__sample_top_k(w, c, n, k, top_p);
        smp_cmp_w = w;
        qsort(ref, (size_t)n, sizeof ref[0], smp_cmp);
        want = k < n ? k : n;
        for (i = 0; i < want; i++) kmass += w[ref[i]];
        target = top_p < 1.0f ? top_p * kmass : kmass;
        for (j = 0; j < want; j++) { mass += w[ref[j]]; if (mass >= target) break; }
        if (j == want) j = want - 1;
        if (n - first != j + 1) { FAIL_AT("trial %d: kept %d, want %d", trial, n - first, j + 1); return; }
        for (i = 0; i <= j; i++)
            if (c[first + i] != ref[i]) { FAIL_AT("trial %d: position %d is %d, want %d", trial, i, c[first + i], ref[i]); return; }
    }
}

/* top-p alone: the kept set is the shortest best-first prefix reaching top_p of the total mass */
TEST(sample, top_p_matches_definition) {
    static float w[3000];
    static int32_t c[3000], ref[3000];
    static unsigned char in[3000];
    unsigned seed = 5;
    int trial, i;
    for (trial = 0; trial < 200; trial++) {
        int n = 1 + (int)(smp_rand(&seed) % 3000), spread = 1 + trial % 30, first, kept = 0, cn = 0;
        float top_p = (float)(1 + smp_rand(&seed) % 99) / 100.0f;
        double sum = 0, mass = 0;
        for (i = 0; i < n; i++) { w[i] = (float)(smp_rand(&seed) % (unsigned)spread); sum += w[i]; ref[i] = i; }
        if (sum == 0) { w[0] = 1; sum = 1; }
        first = m2__sample_top_p(w, n, sum, top_p, c, &cn);
        ASSERT_TRUE(first >= 0 && first < cn && cn <= n);
        smp_cmp_w = w;
        qsort(ref, (size_t)n, sizeof ref[0], smp_cmp);
        memset(in, 0, (size_t)n);
        for (i = 0; i < n; i++) { in[ref[i]] = 1; kept++; mass += w[ref[i]]; if (mass >= top_p * sum) break; }
        if (cn - first != kept) { FAIL_AT("trial %d: kept %d, want %d", trial, cn - first, kept); return; }
        for (i = first; i < cn; i++) if (!in[c[i]]) { FAIL_AT("trial %d: %d is not in the nucleus", trial, c[i]); return; }
    }
}

TEST(sample, min_p_matches_definition) {
    float w[6] = {1.0f, 0.5f, 0.05f, 0.2f, 0.0f, 0.1f};
    int32_t c[6] = {9, 0, 1, 2, 3, 5}; /* c[0] is before `first`: untouched */
    int n = m2__sample_min_p(w, c, 1, 6, 0.1f);
    EXPECT_EQ(n, 5);
    EXPECT_EQ(c[0], 9);
    EXPECT_EQ(c[1], 0); EXPECT_EQ(c[2], 1); EXPECT_EQ(c[3], 3); EXPECT_EQ(c[4], 5); /* order kept; 0.05 and 0 gone */
}

/* the draw: u from the sampler's generator, r = u * mass, the first candidate whose running mass
   passes r; weightless candidates are never drawn */
TEST(sample, draw_matches_definition) {
    float w[64];
    int32_t c[64];
    uint64_t rng[2] = {0x1234567ull, 0x89abcdefull};
    unsigned seed = 3;
    int trial, i;
    {
        float h[3] = {0.0f, 1.0f, 0.0f};
        int32_t hc[3] = {0, 1, 2};
        for (i = 0; i < 20; i++) EXPECT_EQ(m2__sample_draw(h, hc, 0, 3, rng, 7), 1);
    }
    for (trial = 0; trial < 2000; trial++) {
        int n = 1 + (int)(smp_rand(&seed) % 64), first = (int)(smp_rand(&seed) % (unsigned)n), want = -1;
        uint64_t copy[2];
        double sum = 0, r;
        for (i = 0; i < n; i++) { w[i] = (float)(smp_rand(&seed) % 5) * 0.25f; c[i] = (int32_t)((i * 7) % n); }
        for (i = first; i < n; i++) sum += w[c[i]];
        copy[0] = rng[0]; copy[1] = rng[1];
        r = m2__rng_uniform(copy) * sum;
        for (i = first; i < n && want < 0; i++) { r -= w[c[i]]; if (r < 0.0) want = c[i]; }
        if (want < 0) want = -7; /* all weightless: the fallback */
        i = m2__sample_draw(w, c, first, n, rng, -7);
        if (i != want) { FAIL_AT("trial %d: drew %d, want %d", trial, i, want); return; }
        EXPECT_TRUE(rng[0] == copy[0] && rng[1] == copy[1]); /* one number used per draw */
    }
}

/* The instruction-set table: names, and the level each set of CPUID / XGETBV words allows
   (m2__cpu_isa reads the words; this checks the rows on the CPUs they describe). */
TEST(api, isa_table_names_and_cpuid_levels) {
    static const char *names[] = {"scalar", "avx2", "avx512", "avx512+vnni", "avx512+bf16+vnni", "neon", "wasm-simd128"};
    const unsigned L1 = (1u << 27) | (1u << 28) | (1u << 12) | (1u << 29), AVX2 = 1u << 5;
    const unsigned A512 = AVX2 | (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31), VNNI = 1u << 11, BF16 = 1u << 5;
    int i;
    for (i = 0; i < 7; i++) EXPECT_TRUE(strcmp(m2_isa_name(M2_ISA_SCALAR + i), names[i]) == 0);
    EXPECT_TRUE(strcmp(m2_isa_name(8), "unknown") == 0);
    EXPECT_TRUE(strcmp(m2_isa_name(-1), "unknown") == 0);
    EXPECT_EQ(M2_ISA_AVX512_BF16, M2__ISA_AVX512_BF16);
    EXPECT_EQ(M2_ISA_NEON, M2__ISA_NEON);
    EXPECT_EQ(m2__isa_from_cpuid(0, 0, 0, 0, 0), M2_ISA_SCALAR);
    EXPECT_EQ(m2__isa_from_cpuid(L1 & ~(1u << 27), 0x7, AVX2, 0, 0), M2_ISA_SCALAR);     /* no OSXSAVE */
    EXPECT_EQ(m2__isa_from_cpuid(L1 & ~(1u << 29), 0x7, AVX2, 0, 0), M2_ISA_SCALAR);     /* no F16C */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0x3, AVX2, 0, 0), M2_ISA_SCALAR);                   /* the OS saves no YMM */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0x7, AVX2, 0, 0), M2_ISA_AVX2);                     /* Haswell */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0x7, A512, VNNI, BF16), M2_ISA_AVX2);               /* the OS saves no ZMM */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0xE7, A512 & ~(1u << 31), VNNI, 0), M2_ISA_AVX2);   /* no AVX512VL */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0xE7, A512, 0, 0), M2_ISA_AVX512);                  /* Skylake-SP */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0xE7, A512, 0, BF16), M2_ISA_AVX512);               /* BF16 without VNNI */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0xE7, A512, VNNI, 0), M2_ISA_AVX512_VNNI);          /* Cascade Lake, Ice Lake */
    EXPECT_EQ(m2__isa_from_cpuid(L1, 0xE7, A512, VNNI, BF16), M2_ISA_AVX512_BF16);       /* Cooper Lake, Sapphire Rapids */
    EXPECT_EQ(m2__isa_from_cpuid(~0u, ~0u, ~0u, ~0u, ~0u), M2_ISA_AVX512_BF16);         /* never NEON */
}
