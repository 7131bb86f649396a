/* Sessions: snapshots and forks, the kernel level as an option, no allocation after create,
   sliced and batched steps, the memory query and the log callback. Included by test_main.c. */

TEST(session, save_restore_identical_continuation) {
    void *raw, *raw2;
    synth_opts o = default_synth(), o2;
    m2_model *m = open_synth(&o, &raw), *other;
    m2_session *a, *b, *c;
    int32_t ids[30], x, y;
    size_t size, V;
    unsigned char *snap;
    m2_sampler sa, sb;
    m2_sampler_opts so;
    int i;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 30, o.vocab_size, 5);
    a = new_session(m, 16, 0);
    b = new_session(m, 16, 0);
    EXPECT_EQ(m2_prefill(a, ids, 30, NULL), M2_OK);
    size = m2_session_state_size(a);
    snap = (unsigned char *)malloc(size);
    EXPECT_EQ(m2_session_save(a, snap, size - 1), M2_ERR_BUFFER_TOO_SMALL);
    EXPECT_EQ(m2_session_save(a, snap, size), M2_OK);
    EXPECT_EQ(m2_session_load(b, snap, size), M2_OK);
    EXPECT_EQ(m2_session_position(b), 30);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) == 0);
    memset(&so, 0, sizeof so);
    so.temperature = 0.9f; so.top_p = 0.95f; so.repeat_penalty = 1.3f; so.seed = 99;
    m2_sampler_init(&sa, &so);
    m2_sampler_init(&sb, &so);
    for (i = 0; i < 20; i++) {
        EXPECT_EQ(m2_sample(a, &sa, &x), M2_OK);
        EXPECT_EQ(m2_sample(b, &sb, &y), M2_OK);
        EXPECT_EQ(x, y);
        m2_step(a, x);
        m2_step(b, y);
        if (memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) != 0) { FAIL_AT("continuations diverge at step %d", i); break; }
    }
    /* a damaged snapshot, a truncated one, and one from another model are refused */
    snap[size / 2] ^= 1;
    EXPECT_EQ(m2_session_load(b, snap, size), M2_ERR_STATE_MISMATCH);
    snap[size / 2] ^= 1;
    EXPECT_TRUE(m2_session_load(b, snap, size - 4) != M2_OK);
    EXPECT_TRUE(m2_session_load(b, snap, 10) != M2_OK);
    o2 = o;
    o2.D = 32;
    other = open_synth(&o2, &raw2);
    ASSERT_TRUE(other != NULL);
    c = new_session(other, 16, 0);
    EXPECT_EQ(m2_session_load(c, snap, size), M2_ERR_STATE_MISMATCH);
    EXPECT_TRUE(strlen(m2_session_error(c)) > 0);
    m2_session_destroy(c);
    m2_model_close(other);
    free(raw2);
    free(snap);
    m2_session_destroy(a);
    m2_session_destroy(b);
    m2_model_close(m);
    free(raw);
}

/* The level is an option: resolved in the session's options, refused when this build or CPU lacks it */
TEST(session, isa_option) {
    synth_opts so = default_synth();
    void *raw = NULL;
    m2_model *m = open_synth(&so, &raw);
    m2_session *s = NULL;
    m2_session_opts o;
    int isa, available = 0;
    ASSERT_TRUE(m != NULL);
    ASSERT_TRUE((s = new_session(m, 0, 1)) != NULL);
    EXPECT_TRUE(m2_isa_available(m2_session_options(s)->isa));
    for (isa = M2_ISA_SCALAR; isa <= M2_ISA_WASM_SIMD128; isa++)
        if (m2_isa_available(isa) && isa < M2_ISA_NEON) EXPECT_TRUE(m2_session_options(s)->isa >= isa); /* the best by default */
    m2_session_destroy(s);
    for (isa = -1; isa <= M2_ISA_WASM_SIMD128 + 1; isa++) {
        memset(&o, 0, sizeof o);
        o.isa = isa;
        s = NULL;
        if (isa == M2_ISA_AUTO) continue;
        if (m2_isa_available(isa)) {
            available++;
            EXPECT_EQ(m2_session_create(&s, m, &o), M2_OK);
            if (s) EXPECT_EQ(m2_session_options(s)->isa, isa);
            m2_session_destroy(s);
        } else {
            EXPECT_EQ(m2_session_create(&s, m, &o), M2_ERR_UNSUPPORTED);
            EXPECT_TRUE(s == NULL);
        }
    }
    EXPECT_TRUE(available >= 1);
    EXPECT_TRUE(!m2_isa_available(M2_ISA_AUTO) && !m2_isa_available(99));
    m2_model_close(m);
    free(raw);
}

/* ------------------------------------------------------------------ allocation discipline */

typedef struct counting_alloc { long allocs, frees; } counting_alloc;
static void *count_alloc(size_t n, void *user) { ((counting_alloc *)user)->allocs++; return malloc(n); }
static void count_free(void *p, void *user) { ((counting_alloc *)user)->frees++; free(p); }

TEST(session, no_allocation_after_create) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw, *mem = aligned_copy(file, size, &raw);
    counting_alloc ca = {0, 0};
    m2_model_opts mo;
    m2_model *m = NULL;
    m2_session *s;
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t ids[100], id;
    long before;
    int i;
    memset(&mo, 0, sizeof mo);
    mo.alloc.alloc = count_alloc; mo.alloc.free = count_free; mo.alloc.user = &ca;
    ASSERT_EQ(m2_model_open_memory(&m, mem, size, &mo, NULL, 0), M2_OK);
    ASSERT_EQ(m2_session_create(&s, m, NULL), M2_OK); /* inherits the model's allocator */
    before = ca.allocs;
    EXPECT_TRUE(before > 0);
    random_ids(ids, 100, o.vocab_size, 1);
    EXPECT_EQ(m2_prefill(s, ids, 100, NULL), M2_OK);
    memset(&so, 0, sizeof so);
    so.temperature = 1.0f; so.top_k = 20; so.top_p = 0.9f;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < 10; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); EXPECT_EQ(m2_step(s, id), M2_OK); }
    EXPECT_EQ(ca.allocs, before);
    m2_session_destroy(s);
    m2_model_close(m);
    EXPECT_EQ(ca.allocs, ca.frees);
    free(raw);
    free(file);
}

/* ------------------------------------------------------------------ embedding API */

/* m2_step_begin + m2_step_run in slices gives bit-identical logits to m2_step; cancel undoes it. */
TEST(session, sliced_step_identical_and_cancellable) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *a, *b;
    m2_session_opts so;
    int32_t ids[20];
    size_t V, size;
    unsigned char *before, *after;
    int k, done, calls;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 20, o.vocab_size, 9);
    memset(&so, 0, sizeof so);
    so.cancellable_steps = 1;
    ASSERT_EQ(m2_session_create(&a, m, &so), M2_OK);
    ASSERT_EQ(m2_session_create(&b, m, &so), M2_OK);
    EXPECT_EQ(m2_prefill(a, ids, 10, NULL), M2_OK);
    EXPECT_EQ(m2_prefill(b, ids, 10, NULL), M2_OK);
    for (k = 10; k < 20; k++) {
        EXPECT_EQ(m2_step(a, ids[k]), M2_OK);
        EXPECT_EQ(m2_step_begin(b, ids[k]), M2_OK);
        EXPECT_EQ(m2_step(b, 1), M2_ERR_INVALID_ARGUMENT); /* busy */
        calls = 0;
        do { EXPECT_EQ(m2_step_run(b, 1, &done), M2_OK); calls++; } while (!done && calls < 100);
        EXPECT_EQ(calls, o.L + (o.V + 8191) / 8192);
        EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) == 0);
    }
    /* cancel half way: the state is as before m2_step_begin */
    size = m2_session_state_size(b);
    before = (unsigned char *)malloc(size);
    after = (unsigned char *)malloc(size);
    EXPECT_EQ(m2_session_save(b, before, size), M2_OK);
    EXPECT_EQ(m2_step_begin(b, 3), M2_OK);
    EXPECT_EQ(m2_step_run(b, 1, &done), M2_OK);
    EXPECT_EQ(done, 0);
    EXPECT_EQ(m2_step_cancel(b), M2_OK);
    EXPECT_EQ(m2_session_save(b, after, size), M2_OK);
    EXPECT_TRUE(memcmp(before, after, size) == 0);
    free(before); free(after);
    m2_session_destroy(a); m2_session_destroy(b);
    {   /* a cancel after some lm_head blocks ran (a vocabulary of several blocks): state and last
           logits are as before the step */
        synth_opts big = default_synth();
        void *raw2;
        m2_model *m2;
        m2_session *c2;
        float *logits_before;
        size_t V2;
        big.V = 20000; big.vocab_size = 19990;
        m2 = open_synth(&big, &raw2);
        ASSERT_TRUE(m2 != NULL);
        V2 = (size_t)m2_model_config(m2)->vocab_rows;
        ASSERT_EQ(m2_session_create(&c2, m2, &so), M2_OK);
        EXPECT_EQ(m2_step(c2, 5), M2_OK);
        size = m2_session_state_size(c2);
        before = (unsigned char *)malloc(size);
        after = (unsigned char *)malloc(size);
        logits_before = (float *)malloc(V2 * 4);
        memcpy(logits_before, m2_session_logits(c2), V2 * 4);
        EXPECT_EQ(m2_session_save(c2, before, size), M2_OK);
        EXPECT_EQ(m2_step_begin(c2, 7), M2_OK);
        EXPECT_EQ(m2_step_run(c2, big.L + 2, &done), M2_OK); /* every layer and two lm_head blocks */
        EXPECT_EQ(done, 0);
        {
            int32_t id;
            m2_sampler smp0;
            m2_sampler_init(&smp0, NULL);
            EXPECT_EQ(m2_sample(c2, &smp0, &id), M2_ERR_INVALID_ARGUMENT); /* busy */
        }
        EXPECT_EQ(m2_step_cancel(c2), M2_OK);
        EXPECT_EQ(m2_session_save(c2, after, size), M2_OK);
        EXPECT_TRUE(memcmp(before, after, size) == 0);
        EXPECT_TRUE(memcmp(logits_before, m2_session_logits(c2), V2 * 4) == 0);
        free(before); free(after); free(logits_before);
        m2_session_destroy(c2);
        m2_model_close(m2);
        free(raw2);
    }
    /* without cancellable_steps, cancel after a unit ran is refused (nothing silently wrong) */
    a = new_session(m, 0, 0);
    EXPECT_EQ(m2_step_begin(a, 1), M2_OK);
    EXPECT_EQ(m2_step_cancel(a), M2_OK); /* nothing ran yet: free */
    EXPECT_EQ(m2_step_begin(a, 1), M2_OK);
    EXPECT_EQ(m2_step_run(a, 1, &done), M2_OK);
    EXPECT_EQ(m2_step_cancel(a), M2_ERR_UNSUPPORTED);
    EXPECT_EQ(m2_step_run(a, 100, &done), M2_OK);
    EXPECT_EQ(done, 1);
    m2_session_destroy(a);
    m2_model_close(m);
    free(raw);
}

/* One batched step over several sessions == each session stepped alone (to float rounding). */
TEST(session, batched_step_matches_single_steps) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *batch[5], *single[5];
    int32_t ids[40], next[5];
    size_t V;
    int i, k;
    double worst = 0;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 40, o.vocab_size, 21);
    for (i = 0; i < 5; i++) {
        batch[i] = new_session(m, 16, 0);
        single[i] = new_session(m, 16, 0);
        EXPECT_EQ(m2_prefill(batch[i], ids + i, (size_t)(3 + 5 * i), NULL), M2_OK); /* different lengths */
        EXPECT_EQ(m2_prefill(single[i], ids + i, (size_t)(3 + 5 * i), NULL), M2_OK);
    }
    for (k = 0; k < 6; k++) {
        for (i = 0; i < 5; i++) next[i] = (int32_t)((k * 7 + i * 3) % o.vocab_size);
        EXPECT_EQ(m2_step_batch(batch, next, 5), M2_OK);
        for (i = 0; i < 5; i++) {
            double d;
            EXPECT_EQ(m2_step(single[i], next[i]), M2_OK);
            d = max_abs_diff(m2_session_logits(batch[i]), m2_session_logits(single[i]), V);
            if (d > worst) worst = d;
        }
    }
    EXPECT_TRUE(worst <= 1e-5);
    {
        m2_session *twice[2];
        twice[0] = twice[1] = batch[0];
        EXPECT_EQ(m2_step_batch(twice, next, 2), M2_ERR_INVALID_ARGUMENT);
    }
    for (i = 0; i < 5; i++) { m2_session_destroy(batch[i]); m2_session_destroy(single[i]); }
    m2_model_close(m);
    free(raw);
}

TEST(session, fork_and_f16_snapshots) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *a, *f, *h;
    int32_t ids[30];
    size_t V, full, half;
    unsigned char *snap;
    double d;
    ASSERT_TRUE(m != NULL);
    V = (size_t)m2_model_config(m)->vocab_rows;
    random_ids(ids, 30, o.vocab_size, 4);
    a = new_session(m, 16, 0);
    EXPECT_EQ(m2_prefill(a, ids, 25, NULL), M2_OK);
    ASSERT_EQ(m2_session_fork(&f, a), M2_OK);
    EXPECT_EQ(m2_session_position(f), 25);
    EXPECT_EQ(m2_step(a, ids[25]), M2_OK);
    EXPECT_EQ(m2_step(f, ids[25]), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(f), V * 4) == 0);
    /* f16 snapshot: about half the size, and close logits after restoring */
    full = m2_session_state_size(a);
    half = m2_session_state_size_ex(a, M2_SNAPSHOT_F16);
    EXPECT_TRUE(half < full * 6 / 10 + 4 * V);
    snap = (unsigned char *)malloc(half);
    EXPECT_EQ(m2_session_save_ex(a, snap, half, M2_SNAPSHOT_F16), M2_OK);
    h = new_session(m, 16, 0);
    EXPECT_EQ(m2_session_load(h, snap, half), M2_OK);
    EXPECT_EQ(m2_step(a, ids[26]), M2_OK);
    EXPECT_EQ(m2_step(h, ids[26]), M2_OK);
    d = max_abs_diff(m2_session_logits(a), m2_session_logits(h), V);
    printf("  f16 snapshot: %lu bytes instead of %lu; next logits move by %.3g\n", (unsigned long)half, (unsigned long)full, d);
    EXPECT_TRUE(d > 0 && d < 1e-2);
    free(snap);
    m2_session_destroy(a); m2_session_destroy(f); m2_session_destroy(h);
    m2_model_close(m);
    free(raw);
}

typedef struct log_capture { int calls; char last[256]; } log_capture;
static void capture_log(void *user, int level, const char *msg) {
    log_capture *c = (log_capture *)user;
    (void)level;
    c->calls++;
    snprintf(c->last, sizeof c->last, "%s", msg);
}

typedef struct byte_counter { uint64_t bytes; } byte_counter;
static void *bytes_alloc(size_t n, void *user) { ((byte_counter *)user)->bytes += n; return malloc(n); }
static void bytes_free(void *p, void *user) { (void)user; free(p); }
static void *refuse_big_alloc(size_t n, void *user) { (void)user; return n > ((size_t)4 << 20) ? NULL : malloc(n); }

TEST(session, memory_query_and_log_callback) {
    synth_opts o = default_synth();
    size_t size;
    unsigned char *file = synth_model(&o, &size);
    void *raw, *mem = aligned_copy(file, size, &raw);
    m2_memory_info info;
    m2_model_opts mo;
    m2_model *m = NULL;
    m2_session *s;
    log_capture cap;
    counting_alloc ca = {0, 0};
    int32_t bad = 99999;
    char err[256];
    memset(&info, 0, sizeof info);
    ASSERT_EQ(m2_memory_query(mem, size, NULL, &info, err, sizeof err), M2_OK);
    EXPECT_EQ(info.file_bytes, size);
    EXPECT_TRUE(info.model_heap > 0);
    EXPECT_TRUE(info.session_bytes >= (uint64_t)o.L * (uint64_t)(o.H * o.P) * (uint64_t)o.N * 4u);
    {   /* the figure is what a session really allocates (it is computed, not measured), also for
           other options; a session too large to allocate is still answered */
        byte_counter bc = {0};
        m2_session_opts so;
        memset(&so, 0, sizeof so);
        so.chunk_size = 48; so.history = 1000; so.cancellable_steps = 1;
        so.alloc.alloc = bytes_alloc; so.alloc.free = bytes_free; so.alloc.user = &bc;
        ASSERT_EQ(m2_memory_query(mem, size, &so, &info, err, sizeof err), M2_OK);
        ASSERT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
        bc.bytes = 0; /* the query's own model tables went through it too */
        ASSERT_EQ(m2_session_create(&s, m, &so), M2_OK);
        EXPECT_EQ(bc.bytes, info.session_bytes);
        m2_session_destroy(s);
        m2_model_close(m);
        so.chunk_size = 4096; so.history = 1 << 20;
        so.alloc.alloc = refuse_big_alloc; /* the model's tables pass, a session of this size would not */
        EXPECT_EQ(m2_memory_query(mem, size, &so, &info, err, sizeof err), M2_OK);
        EXPECT_TRUE(info.session_bytes > ((uint64_t)4 << 20));
        so.chunk_size = -1;
        EXPECT_EQ(m2_memory_query(mem, size, &so, &info, err, sizeof err), M2_ERR_INVALID_ARGUMENT);
    }
    /* failures reach the log callback, from the loader and from sessions */
    memset(&mo, 0, sizeof mo);
    mo.alloc.alloc = count_alloc; mo.alloc.free = count_free; mo.alloc.user = &ca;
    memset(&cap, 0, sizeof cap);
    mo.log = capture_log; mo.log_user = &cap;
    ASSERT_EQ(m2_model_open_memory(&m, mem, size, &mo, err, sizeof err), M2_OK);
    ASSERT_EQ(m2_session_create(&s, m, NULL), M2_OK);
    EXPECT_EQ(m2_step(s, bad), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(cap.calls, 1);
    EXPECT_TRUE(strstr(cap.last, "99999") != NULL);
    m2_session_destroy(s);
    m2_model_close(m);
    ((unsigned char *)mem)[0] = 'X';
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, &mo, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_EQ(cap.calls, 2);
    EXPECT_TRUE(strstr(cap.last, "magic") != NULL);
    EXPECT_EQ(m2_memory_query(mem, size, NULL, &info, err, sizeof err), M2_ERR_FORMAT);
    free(raw);
    free(file);
}
