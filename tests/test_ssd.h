/* The SSD scan: the chunked prefill equals the recurrent step (synthetic and golden models, every
   length around the chunk), resumes, reports every position, and does not depend on the thread
   count. Included by test_main.c. */

/* prefill(ids) with chunk length `chunk` vs step-by-step: all logits and the final state agree */
static void check_chunked_vs_step(const m2_model *m, int chunk, size_t n) {
    const m2_config *c = m2_model_config(m);
    size_t V = (size_t)c->vocab_rows, i, ns1, ns2;
    int32_t *ids = (int32_t *)calloc(n, 4);
    float *la = (float *)malloc(n * V * 4), *lb = (float *)malloc(n * V * 4), *sa, *sb;
    m2_session *a = new_session_ex(m, chunk, 0, 1), *b = new_session_ex(m, chunk, 0, 1);
    double d;
    random_ids(ids, n, c->vocab_size, (unsigned)(n * 31 + (size_t)chunk));
    EXPECT_EQ(m2_prefill(a, ids, n, la), M2_OK);
    for (i = 0; i < n; i++) {
        EXPECT_EQ(m2_step(b, ids[i]), M2_OK);
        memcpy(lb + i * V, m2_session_logits(b), V * 4);
    }
    d = max_abs_diff(la, lb, n * V);
    if (!(d <= 2e-5)) FAIL_AT("chunk %d, length %lu: logits differ by %g", chunk, (unsigned long)n, d);
    sa = session_state_golden_layout(a, &ns1);
    sb = session_state_golden_layout(b, &ns2);
    d = max_abs_diff(sa, sb, ns1);
    if (!(d <= 2e-5)) FAIL_AT("chunk %d, length %lu: states differ by %g", chunk, (unsigned long)n, d);
    EXPECT_EQ(m2_session_position(a), n);
    free(sa); free(sb); free(ids); free(la); free(lb);
    m2_session_destroy(a);
    m2_session_destroy(b);
}

static void check_lengths(const m2_model *m, int chunk) {
    const m2_config *c = m2_model_config(m);
    size_t lens[7];
    int i;
    lens[0] = 1; lens[1] = 2; lens[2] = (size_t)(c->d_conv - 1 > 0 ? c->d_conv - 1 : 1);
    lens[3] = (size_t)(chunk > 1 ? chunk - 1 : 1); lens[4] = (size_t)chunk; lens[5] = (size_t)chunk + 1; lens[6] = 3 * (size_t)chunk + 5;
    for (i = 0; i < 7; i++) check_chunked_vs_step(m, chunk, lens[i]);
}

TEST(ssd, chunked_equals_step_synthetic) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    ASSERT_TRUE(m != NULL);
    check_lengths(m, o.chunk);          /* the checkpoint's chunk size */
    check_lengths(m, M2__DEFAULT_CHUNK);/* the library's own */
    check_lengths(m, 7);                /* and an odd one */
    m2_model_close(m);
    free(raw);
}

TEST(ssd, chunked_equals_step_golden) {
    int c;
    NEED_SHARED();
    /* the Mamba-2 cases: the other families' logits are 5-20x larger, and hybrid.prefill_step_threads_resume
       holds them to their own tolerances */
    for (c = CASE_TINY; c <= CASE_GROUPS; c++) {
        const char *path = golden_model(c, "hf");
        m2_model *m;
        NEED_CONVERTED(path);
        ASSERT_TRUE(path != NULL);
        m = open_model(path);
        ASSERT_TRUE(m != NULL);
        check_lengths(m, m2_model_config(m)->chunk_size);
        check_lengths(m, M2__DEFAULT_CHUNK);
        m2_model_close(m);
    }
}

TEST(ssd, norm_before_gate_and_tied) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m;
    o.norm_before_gate = 1;
    o.tied = 1;
    o.G = 1;
    m = open_synth(&o, &raw);
    ASSERT_TRUE(m != NULL);
    EXPECT_EQ(m2_model_config(m)->tied_embeddings, 1);
    check_chunked_vs_step(m, 16, 37);
    m2_model_close(m);
    free(raw);
}

/* prefill(a); prefill(b); step == prefill(a ++ b); step */
TEST(ssd, resumable_prefill) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    int32_t ids[100];
    size_t V, splits[] = {1, 3, 15, 16, 17, 50, 99}, k;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 100, o.vocab_size, 7);
    for (k = 0; k < sizeof splits / sizeof splits[0]; k++) {
        m2_session *a = new_session(m, 16, 0), *b = new_session(m, 16, 0);
        double d;
        EXPECT_EQ(m2_prefill(a, ids, splits[k], NULL), M2_OK);
        EXPECT_EQ(m2_prefill(a, ids + splits[k], 100 - splits[k], NULL), M2_OK);
        EXPECT_EQ(m2_prefill(b, ids, 100, NULL), M2_OK);
        d = max_abs_diff(m2_session_logits(a), m2_session_logits(b), V);
        if (!(d <= 2e-5)) FAIL_AT("split %lu: logits after prefill differ by %g", (unsigned long)splits[k], d);
        EXPECT_EQ(m2_step(a, 5), M2_OK);
        EXPECT_EQ(m2_step(b, 5), M2_OK);
        d = max_abs_diff(m2_session_logits(a), m2_session_logits(b), V);
        if (!(d <= 2e-5)) FAIL_AT("split %lu: logits after the step differ by %g", (unsigned long)splits[k], d);
        EXPECT_EQ(m2_session_position(a), 101);
        m2_session_destroy(a);
        m2_session_destroy(b);
    }
    m2_model_close(m);
    free(raw);
}

static int count_rows_cb(void *user, uint64_t pos, const float *logits, int V) {
    float *dst = (float *)user;
    memcpy(dst + pos * (uint64_t)V, logits, (size_t)V * 4);
    return 0;
}
static int cancel_cb(void *user, uint64_t pos, const float *logits, int V) {
    (void)user; (void)logits; (void)V;
    return pos == 4;
}

/* every prefill position's logits: caller buffer and per-position callback agree */
TEST(ssd, prefill_logits_every_position) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    int32_t ids[40];
    size_t V;
    float *a, *b;
    m2_session *s1, *s2;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 40, o.vocab_size, 3);
    a = (float *)malloc(40 * V * 4);
    b = (float *)malloc(40 * V * 4);
    s1 = new_session(m, 16, 0);
    s2 = new_session(m, 16, 0);
    EXPECT_EQ(m2_prefill(s1, ids, 40, a), M2_OK);
    EXPECT_EQ(m2_prefill_each(s2, ids, 40, count_rows_cb, b), M2_OK);
    EXPECT_TRUE(max_abs_diff(a, b, 40 * V) <= 1e-6);
    m2_session_reset(s2);
    { /* cancelled at position 4: the block that holds it (whole chunks of 16) runs to its end */
        int32_t *many = (int32_t *)malloc((size_t)(M2__PREFILL_ROWS + 20) * sizeof(int32_t));
        ASSERT_TRUE(many != NULL);
        random_ids(many, M2__PREFILL_ROWS + 20, o.vocab_size, 5);
        EXPECT_EQ(m2_prefill_each(s2, many, M2__PREFILL_ROWS + 20, cancel_cb, NULL), M2_ERR_CANCELLED);
        EXPECT_EQ(m2_session_position(s2), (uint64_t)m2__block_rows(16));
        EXPECT_EQ(m2__block_rows(16), M2__PREFILL_ROWS);
        EXPECT_TRUE(m2_session_logits(s2) == NULL);
        free(many);
    }
    free(a); free(b);
    m2_session_destroy(s1);
    m2_session_destroy(s2);
    m2_model_close(m);
    free(raw);
}

/* Results do not depend on the thread count (work is split over rows and heads only). */
static void serial_pool(void *pool, void (*task)(void *, int), void *ctx, int n) {
    int i;
    (void)pool;
    for (i = n - 1; i >= 0; i--) task(ctx, i); /* reverse order: nothing may depend on it */
}
TEST(ssd, threads_bitwise_identical) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m;
    int32_t ids[70];
    size_t V;
    float *ref, *got;
    int threads[] = {1, 2, 3, 8}, k;
    o.D = 96; o.H = 12; o.P = 16;
    m = open_synth(&o, &raw);
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 70, o.vocab_size, 11);
    ref = (float *)malloc(71 * V * 4);
    got = (float *)malloc(71 * V * 4);
    for (k = 0; k < 5; k++) {
        m2_session *s;
        m2_session_opts so;
        memset(&so, 0, sizeof so);
        if (k < 4) so.n_threads = threads[k];
        else so.parallel_for = serial_pool;
        ASSERT_EQ(m2_session_create(&s, m, &so), M2_OK);
        s->par_min_work = 0; /* split every loop, however small this test model is */
        EXPECT_EQ(m2_prefill(s, ids, 70, k ? got : ref), M2_OK);
        EXPECT_EQ(m2_step(s, 3), M2_OK);
        memcpy((k ? got : ref) + 70 * V, m2_session_logits(s), V * 4);
        if (k) EXPECT_TRUE(memcmp(ref, got, 71 * V * 4) == 0);
        m2_session_destroy(s);
    }
    free(ref); free(got);
    m2_model_close(m);
    free(raw);
}
