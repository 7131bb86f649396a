/* Sessions of hybrid and Mamba-1 models (format version 2): everything a Mamba-2 session does must
   hold with attention layers, FFNs, experts and Mamba-1 mixers in the block list. Included by test_main.c (after
   test_common.h's golden helpers). Each check runs on every converted hybrid golden model; the
   variants the golden cases lack run in tests/test_hybrid_variants.py (the last test here). */

static const int hybrid_cases[] = {CASE_GRANITE, CASE_NEMOTRON, CASE_FALCON_H1, CASE_MAMBA1, CASE_FALCON_MAMBA};
#define N_HYBRID_CASES ((int)(sizeof hybrid_cases / sizeof hybrid_cases[0]))

/* The golden model of a hybrid case and its prompt, or NULL (skip) */
static m2_model *hybrid_open(int c, golden *g) {
    const char *path;
    if (!golden_load(g, c, "")) { golden_free(g); return NULL; }
    path = golden_model(c, "hf");
    if (!path) { golden_free(g); return NULL; }
    return open_model(path);
}

static m2_session *hybrid_session(const m2_model *m, int chunk, int threads, int n_ctx, int cancellable) {
    m2_session *s = NULL;
    m2_session_opts o;
    memset(&o, 0, sizeof o);
    o.chunk_size = chunk;
    o.n_threads = threads;
    o.n_ctx = n_ctx;
    o.cancellable_steps = cancellable;
    o.f32_activations = 1;
    o.isa = test_isa;
    if (m2_session_create(&s, m, &o) != M2_OK) return NULL;
    if (threads > 1) s->par_min_work = 0; /* split even these tiny products, so threads really share the work */
    return s;
}

/* The logits a fresh session gives for the prompt: by prefill in chunks of `chunk` (0: by step) */
static float *hybrid_logits(const m2_model *m, const int32_t *ids, size_t T, int chunk, int threads) {
    size_t V = (size_t)m2_model_config(m)->vocab_rows, i;
    float *out = (float *)malloc(T * V * sizeof(float));
    m2_session *s = hybrid_session(m, chunk ? chunk : 16, threads, 0, 0);
    if (!s) { free(out); return NULL; }
    if (chunk) {
        if (m2_prefill(s, ids, T, out) != M2_OK) { free(out); out = NULL; }
    } else {
        for (i = 0; i < T && out; i++) {
            if (m2_step(s, ids[i]) != M2_OK) { free(out); out = NULL; break; }
            memcpy(out + i * V, m2_session_logits(s), V * 4);
        }
    }
    m2_session_destroy(s);
    return out;
}

/* Runs check on the golden model of every hybrid case, then closes it: skips when the converter
   cannot run, fails for a case whose model is missing. */
static void each_hybrid_case(void (*check)(int case_id, const m2_model *m, const golden *g)) {
    int k;
    for (k = 0; k < N_HYBRID_CASES; k++) {
        golden g;
        m2_model *m = hybrid_open(hybrid_cases[k], &g);
        if (!m && no_external) NEED_CONVERTED(NULL);
        if (!m) { FAIL_AT("%s: no model", case_names[hybrid_cases[k]]); continue; }
        check(hybrid_cases[k], m, &g);
        m2_model_close(m);
        golden_free(&g);
    }
}

/* Prefill == step for chunk lengths around the prompt and attention tile sizes; the thread count
   changes nothing (bitwise); prefill resumed in pieces equals one prefill (bitwise). */
static void check_prefill_step_threads_resume(int case_id, const m2_model *m, const golden *g) {
    static const int chunks[] = {1, 3, 7, 16, 64};
    float *step, *a, *b;
    size_t V, i;
    int ci;
    V = (size_t)m2_model_config(m)->vocab_rows;
    step = hybrid_logits(m, g->ids, g->T, 0, 1);
    ASSERT_TRUE(step != NULL);
    for (ci = 0; ci < 5; ci++) {
        a = hybrid_logits(m, g->ids, g->T, chunks[ci], 1);
        b = hybrid_logits(m, g->ids, g->T, chunks[ci], 2);
        ASSERT_TRUE(a && b);
        if (!(max_abs_diff(a, step, g->T * V) <= g->tol_logits)) FAIL_AT("%s chunk %d: prefill and step differ by %g", case_names[case_id], chunks[ci], max_abs_diff(a, step, g->T * V));
        if (memcmp(a, b, g->T * V * 4) != 0) FAIL_AT("%s chunk %d: 1 and 2 threads differ", case_names[case_id], chunks[ci]);
        free(a); free(b);
    }
    {   /* resumed: 5, then 11, then the rest, against one prefill (chunk 16 both) */
        m2_session *s = hybrid_session(m, 16, 0, 0, 0);
        float *whole = hybrid_logits(m, g->ids, g->T, 16, 0), *parts = (float *)malloc(g->T * V * 4);
        size_t cut1 = 5, cut2 = 16;
        EXPECT_EQ(m2_prefill(s, g->ids, cut1, parts), M2_OK);
        EXPECT_EQ(m2_prefill(s, g->ids + cut1, cut2 - cut1, parts + cut1 * V), M2_OK);
        EXPECT_EQ(m2_prefill(s, g->ids + cut2, g->T - cut2, parts + cut2 * V), M2_OK);
        for (i = 0; i < g->T * V; i++) if (!(fabsf(parts[i] - whole[i]) <= (float)g->tol_logits)) { FAIL_AT("%s: resumed prefill differs at %lu", case_names[case_id], (unsigned long)i); break; }
        free(whole); free(parts);
        m2_session_destroy(s);
    }
    free(step);
}
TEST(hybrid, prefill_step_threads_resume) { NEED_SHARED(); each_hybrid_case(check_prefill_step_threads_resume); }

/* Snapshots carry the KV cache (only the filled part), copies and forks continue identically,
   sliced steps and batched steps equal m2_step bit for bit. */
static void check_snapshot_fork_batch_sliced(int case_id, const m2_model *m, const golden *g) {
    const m2_config *c;
    m2_session *a, *b, *f, *sl, *batch[3];
    size_t V, n1, n2, T = 0;
    void *snap;
    int32_t next[3];
    int i, done;
    c = m2_model_config(m);
    V = (size_t)c->vocab_rows;
    T = g->T;
    a = hybrid_session(m, 16, 0, 128, 1);
    b = hybrid_session(m, 16, 0, 128, 1);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(m2_prefill(a, g->ids, T, NULL), M2_OK);
    n1 = m2_session_state_size(a);
    snap = malloc(n1);
    EXPECT_EQ(m2_session_save(a, snap, n1), M2_OK);
    /* the snapshot grows with the position: one more token, one more K and V row per attention
       layer (and one more history id) */
    EXPECT_EQ(m2_step(a, g->greedy[0]), M2_OK);
    n2 = m2_session_state_size(a);
    EXPECT_EQ(n2 - n1, (size_t)c->n_attn_layers * 2u * (size_t)c->n_kv_head * (size_t)c->head_dim * 4u + 4u);
    EXPECT_EQ(m2_session_load(b, snap, n1), M2_OK);
    EXPECT_EQ(m2_session_position(b), (uint64_t)T);
    EXPECT_EQ(m2_step(b, g->greedy[0]), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(b), V * 4) == 0);
    /* a damaged snapshot is refused and leaves the session as it was */
    ((unsigned char *)snap)[n1 / 2] ^= 1;
    EXPECT_EQ(m2_session_load(b, snap, n1), M2_ERR_STATE_MISMATCH);
    EXPECT_EQ(m2_session_position(b), (uint64_t)T + 1);
    free(snap);
    /* fork, then both continue with the same tokens */
    EXPECT_EQ(m2_session_fork(&f, a), M2_OK);
    EXPECT_EQ(m2_step(a, g->greedy[1]), M2_OK);
    EXPECT_EQ(m2_step(f, g->greedy[1]), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(f), V * 4) == 0);
    /* a sliced step, one unit at a time, equals m2_step */
    EXPECT_EQ(m2_session_fork(&sl, a), M2_OK);
    EXPECT_EQ(m2_step(a, g->greedy[2]), M2_OK);
    EXPECT_EQ(m2_step_begin(sl, g->greedy[2]), M2_OK);
    for (i = 0, done = 0; !done && i < 10000; i++) EXPECT_EQ(m2_step_run(sl, 1, &done), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(sl), V * 4) == 0);
    {   /* a unit is a layer's mixer or its FFN, then a block of the lm_head */
        int l, units = 0, mx = M2_MIXER_NONE, ff = M2_FFN_NONE; /* (set by m2_model_layer; initialised for the compiler) */
        for (l = 0; l < c->n_layer; l++) { m2_model_layer(m, l, &mx, &ff); units += (mx != M2_MIXER_NONE) + (ff != M2_FFN_NONE); }
        EXPECT_EQ(i, units + (c->vocab_rows + 8191) / 8192);
    }
    /* cancelled after some units: the state is as before (the next step matches a fork's) */
    EXPECT_EQ(m2_step_begin(sl, g->greedy[5]), M2_OK);
    EXPECT_EQ(m2_step_run(sl, 2, &done), M2_OK);
    EXPECT_EQ(m2_step_cancel(sl), M2_OK);
    EXPECT_EQ(m2_step(sl, g->greedy[3]), M2_OK);
    /* a batch of three sessions equals their single steps */
    batch[0] = f; batch[1] = b; batch[2] = sl;
    {
        float *want[3];
        m2_session *copies[3];
        next[0] = g->greedy[3]; next[1] = g->greedy[4]; next[2] = g->greedy[6];
        for (i = 0; i < 3; i++) {
            EXPECT_EQ(m2_session_fork(&copies[i], batch[i]), M2_OK);
            EXPECT_EQ(m2_step(copies[i], next[i]), M2_OK);
            want[i] = (float *)malloc(V * 4);
            memcpy(want[i], m2_session_logits(copies[i]), V * 4);
        }
        EXPECT_EQ(m2_step_batch(batch, next, 3), M2_OK);
        for (i = 0; i < 3; i++) {
            if (memcmp(want[i], m2_session_logits(batch[i]), V * 4) != 0)
                FAIL_AT("%s: batched step of session %d differs from its single step", case_names[case_id], i);
            m2_session_destroy(copies[i]);
            free(want[i]);
        }
    }
    m2_session_destroy(a); m2_session_destroy(b); m2_session_destroy(f); m2_session_destroy(sl);
}
TEST(hybrid, snapshot_fork_batch_sliced) { NEED_SHARED(); each_hybrid_case(check_snapshot_fork_batch_sliced); }

/* The context: a full KV cache is an error that changes nothing, never a wrap; the memory query
   counts the cache; models without attention ignore n_ctx. */
static void check_context_limit_and_memory(int case_id, const m2_model *m, const golden *g) {
    const m2_config *c;
    m2_session *s;
    m2_memory_info small, big;
    m2_session_opts o;
    size_t size;
    void *file;
    c = m2_model_config(m);
    if (!c->n_attn_layers) { /* nothing grows with the sequence: n_ctx is ignored */
        s = hybrid_session(m, 16, 1, 20, 0);
        ASSERT_TRUE(s != NULL);
        EXPECT_EQ(m2_session_options(s)->n_ctx, 0);
        EXPECT_EQ(m2_prefill(s, g->ids, g->T, NULL), M2_OK);
        m2_session_destroy(s);
        return;
    }
    s = hybrid_session(m, 16, 1, 20, 0);
    ASSERT_TRUE(s != NULL);
    EXPECT_EQ(m2_session_options(s)->n_ctx, 20);
    EXPECT_EQ(m2_prefill(s, g->ids, 21, NULL), M2_ERR_CONTEXT_FULL);
    EXPECT_EQ(m2_session_position(s), 0u);
    EXPECT_EQ(m2_prefill(s, g->ids, 19, NULL), M2_OK);
    EXPECT_EQ(m2_step(s, 1), M2_OK);
    EXPECT_EQ(m2_step(s, 1), M2_ERR_CONTEXT_FULL);
    EXPECT_EQ(m2_step_begin(s, 1), M2_ERR_CONTEXT_FULL);
    EXPECT_EQ(m2_session_position(s), 20u);
    m2_session_reset(s);
    EXPECT_EQ(m2_prefill(s, g->ids, 20, NULL), M2_OK);
    m2_session_destroy(s);
    /* the default context: the trained one, capped */
    s = hybrid_session(m, 0, 1, 0, 0);
    ASSERT_TRUE(s != NULL);
    EXPECT_EQ(m2_session_options(s)->n_ctx, c->n_ctx_train > 0 && c->n_ctx_train < M2_DEFAULT_CTX ? c->n_ctx_train : M2_DEFAULT_CTX);
    m2_session_destroy(s);
    file = read_file(golden_model(case_id, "hf"), &size);
    ASSERT_TRUE(file != NULL);
    {
        void *raw;
        void *mem = aligned_copy((unsigned char *)file, size, &raw);
        memset(&o, 0, sizeof o);
        o.n_ctx = 1000;
        EXPECT_EQ(m2_memory_query(mem, size, &o, &small, NULL, 0), M2_OK);
        o.n_ctx = 2000;
        EXPECT_EQ(m2_memory_query(mem, size, &o, &big, NULL, 0), M2_OK);
        EXPECT_EQ(big.session_bytes - small.session_bytes, (uint64_t)1000 * (uint64_t)c->n_attn_layers * 2u * (uint64_t)c->n_kv_head * (uint64_t)c->head_dim * 4u);
        o.n_ctx = -1;
        EXPECT_EQ(m2_memory_query(mem, size, &o, &big, NULL, 0), M2_ERR_INVALID_ARGUMENT);
        free(raw);
    }
    free(file);
}
TEST(hybrid, context_limit_and_memory) { NEED_SHARED(); each_hybrid_case(check_context_limit_and_memory); }

/* A synthetic model with every layer kind (Mamba-2, attention with RoPE, both in parallel, Mamba-1,
   a relu2 MLP alone, experts alone), so that the block list is exercised without the golden data. */
static unsigned char *synth_every_kind(size_t *size, int router, m2_dtype dtype) {
    rm_shape s;
    rm_membuf mb = {NULL, 0, 0};
    memset(&s, 0, sizeof s);
    s.pattern = "M*P1-E";
    s.n_layer = 6; s.d_model = 64; s.vocab_rows = s.vocab_size = 96; s.d_state = 16; s.d_conv = 4;
    s.nheads = 8; s.headdim = 16; s.ngroups = 2; s.chunk_size = 16; s.dtype = dtype;
    s.n_head = 4; s.n_kv_head = 2; s.head_dim = 16; s.rope = 1; s.rope_theta = 10000.0f;
    s.d_ff = 96; s.ffn_act = M2_FFN_ACT_RELU2; s.n_expert = 4; s.n_expert_used = 2; s.d_expert = 32; s.d_shared = 32;
    s.router = router; s.dt_rank = 4; s.embed_scale = 1.5f; s.residual_scale = 0.5f; s.logit_scale = 2.0f;
    if (rm_write(&s, 777, rm_mem_sink, &mb) != 0) { free(mb.data); return NULL; }
    *size = mb.size;
    return mb.data;
}

/* Sizes of a part no layer has are not bounded by the loader's checks: they must read as zero,
   never be multiplied (a pure Mamba-2 file claiming 1713748095 attention heads of 64988). */
TEST(hybrid, unused_part_sizes_read_as_zero) {
    rm_shape s;
    rm_membuf mb = {NULL, 0, 0};
    void *raw;
    unsigned char *mem;
    m2_model *m = NULL;
    char err[256];
    memset(&s, 0, sizeof s);
    s.pattern = "MM";
    s.n_layer = 2; s.d_model = 32; s.vocab_rows = s.vocab_size = 64; s.d_state = 16; s.d_conv = 4;
    s.nheads = 4; s.headdim = 16; s.ngroups = 1; s.chunk_size = 16; s.dtype = M2_F32;
    ASSERT_TRUE(rm_write(&s, 5, rm_mem_sink, &mb) == 0);
    mem = (unsigned char *)aligned_copy(mb.data, mb.size, &raw);
    m2__wr32(mem + 144, 1713748095u); /* n_head */
    m2__wr32(mem + 148, 7u);          /* n_kv_head */
    m2__wr32(mem + 152, 64988u);      /* head_dim */
    m2__wr32(mem + 164, 0x7fffffffu); /* d_ff */
    m2__wr32(mem + 172, 0x7fffffffu); /* n_expert */
    refresh_crc(mem, mb.size);
    if (m2_model_open_memory(&m, mem, mb.size, NULL, err, sizeof err) != M2_OK) FAIL_AT("refused: %s", err);
    else {
        const m2_config *c = m2_model_config(m);
        EXPECT_EQ(c->n_head, 0);
        EXPECT_EQ(c->n_kv_head, 0);
        EXPECT_EQ(c->head_dim, 0);
        EXPECT_EQ(c->d_ff, 0);
        EXPECT_EQ(c->n_expert, 0);
        m2_model_close(m);
    }
    free(raw);
    free(mb.data);
}

TEST(hybrid, synthetic_every_layer_kind) {
    int router, k;
    for (router = M2_ROUTER_SOFTMAX_TOPK; router <= M2_ROUTER_SIGMOID_GROUPS; router++) {
        size_t size, V = 96, T = 37, i;
        unsigned char *file = synth_every_kind(&size, router, M2_F32);
        void *raw;
        void *mem;
        m2_model *m = NULL;
        char err[256];
        int32_t ids[37];
        float *step, *pre, *pre2;
        m2_session *a, *b, *batch[2];
        void *snap;
        size_t n;
        ASSERT_TRUE(file != NULL);
        mem = aligned_copy(file, size, &raw);
        if (m2_model_open_memory(&m, mem, size, NULL, err, sizeof err) != M2_OK) { FAIL_AT("synthetic every-kind model: %s", err); free(raw); free(file); return; }
        for (k = 0; k < 6; k++) {
            int mx = -1, ff = -1;
            static const int want_mx[] = {1, 2, 3, 4, 0, 0}, want_ff[] = {0, 0, 0, 0, 1, 2};
            EXPECT_EQ(m2_model_layer(m, k, &mx, &ff), M2_OK);
            EXPECT_EQ(mx, want_mx[k]);
            EXPECT_EQ(ff, want_ff[k]);
        }
        for (i = 0; i < T; i++) ids[i] = (int32_t)((i * 37 + 5) % 90);
        step = hybrid_logits(m, ids, T, 0, 1);
        pre = hybrid_logits(m, ids, T, 7, 1);
        pre2 = hybrid_logits(m, ids, T, 7, 2);
        ASSERT_TRUE(step && pre && pre2);
        EXPECT_TRUE(m2__all_finite(step, T * V));
        if (!(max_abs_diff(pre, step, T * V) <= 1e-4)) FAIL_AT("router %d: prefill and step differ by %g", router, max_abs_diff(pre, step, T * V));
        EXPECT_TRUE(memcmp(pre, pre2, T * V * 4) == 0);
        /* snapshot, then a batch of the restored copy and the original: both equal a single step */
        a = hybrid_session(m, 8, 1, 64, 0);
        b = hybrid_session(m, 8, 1, 64, 0);
        EXPECT_EQ(m2_prefill(a, ids, T, NULL), M2_OK);
        n = m2_session_state_size(a);
        snap = malloc(n);
        EXPECT_EQ(m2_session_save(a, snap, n), M2_OK);
        EXPECT_EQ(m2_session_load(b, snap, n), M2_OK);
        batch[0] = a; batch[1] = b;
        {
            int32_t next[2] = {3, 3};
            m2_session *c = hybrid_session(m, 8, 1, 64, 0);
            EXPECT_EQ(m2_session_load(c, snap, n), M2_OK);
            EXPECT_EQ(m2_step(c, 3), M2_OK);
            EXPECT_EQ(m2_step_batch(batch, next, 2), M2_OK);
            EXPECT_TRUE(memcmp(m2_session_logits(a), m2_session_logits(c), V * 4) == 0);
            EXPECT_TRUE(memcmp(m2_session_logits(b), m2_session_logits(c), V * 4) == 0);
            m2_session_destroy(c);
        }
        free(snap);
        m2_session_destroy(a); m2_session_destroy(b);
        free(step); free(pre); free(pre2);
        m2_model_close(m);
        free(raw); free(file);
    }
}

/* Contexts longer than an attention segment (M2__ATT_SEG keys): a step splits the keys into
   segments computed as separate tasks, M2__ATT_SPLIT_SEGS at a time, and merges them; prefill and
   batches of more than M2__ATT_SPLIT_ROWS rows run the same segments in order. The two must agree
   bit for bit (and with any thread count), and snapshots, copies and forks must carry a cache
   longer than a segment: its layout (head by head) differs from the snapshot's (position by
   position). */
/* the batch below has one row more than a step splits, and must still step row by row */
typedef char split_rows_below_gemv_rows[M2__ATT_SPLIT_ROWS < M2__GEMV_MAX_T ? 1 : -1];
TEST(hybrid, long_context_segments) {
    size_t size, V = 96, T = (size_t)M2__ATT_SEG * (M2__ATT_SPLIT_SEGS + 1) + 37, i, t0, piece = 64;
    unsigned char *file = synth_every_kind(&size, M2_ROUTER_SOFTMAX_TOPK, M2_F32);
    void *raw, *mem, *snap;
    m2_model *m = NULL;
    char err[256];
    int32_t *ids = (int32_t *)malloc(T * sizeof(int32_t)), next[M2__ATT_SPLIT_ROWS + 1];
    float *pre1 = (float *)malloc(piece * V * 4), *pre2 = (float *)malloc(piece * V * 4);
    m2_session *p1, *p2, *s1, *s2, *batch[M2__ATT_SPLIT_ROWS + 1], *single, *other;
    int n_ctx = (int)T + 16, k, same_pre = 1, same_step = 1;
    double worst = 0;
    size_t n;
    ASSERT_TRUE(file != NULL && ids != NULL && pre1 != NULL && pre2 != NULL);
    mem = aligned_copy(file, size, &raw);
    if (m2_model_open_memory(&m, mem, size, NULL, err, sizeof err) != M2_OK) { FAIL_AT("synthetic model: %s", err); free(raw); free(file); free(ids); free(pre1); free(pre2); return; }
    for (i = 0; i < T; i++) ids[i] = (int32_t)((i * 53 + 11) % 90);
    p1 = hybrid_session(m, 64, 1, n_ctx, 0);
    p2 = hybrid_session(m, 64, 2, n_ctx, 0);
    s1 = hybrid_session(m, 64, 1, n_ctx, 0);
    s2 = hybrid_session(m, 64, 2, n_ctx, 0);
    ASSERT_TRUE(p1 && p2 && s1 && s2);
    /* prefill in pieces of whole chunks (the same chunks as one prefill), on 1 and 2 threads, beside
       steps on 1 and 2 threads: a piece's logits at a time, so the test stays small */
    for (t0 = 0; t0 < T; t0 += piece) {
        size_t len = T - t0 < piece ? T - t0 : piece;
        EXPECT_EQ(m2_prefill(p1, ids + t0, len, pre1), M2_OK);
        EXPECT_EQ(m2_prefill(p2, ids + t0, len, pre2), M2_OK);
        same_pre &= memcmp(pre1, pre2, len * V * 4) == 0;
        for (i = 0; i < len; i++) {
            double d;
            if (m2_step(s1, ids[t0 + i]) != M2_OK || m2_step(s2, ids[t0 + i]) != M2_OK) { FAIL_AT("step %lu failed", (unsigned long)(t0 + i)); break; }
            same_step &= memcmp(m2_session_logits(s1), m2_session_logits(s2), V * 4) == 0;
            d = max_abs_diff(pre1 + i * V, m2_session_logits(s1), V);
            if (!(d <= worst)) worst = d;
        }
    }
    EXPECT_TRUE(same_pre);
    EXPECT_TRUE(same_step);
    if (!(worst <= 1e-4)) FAIL_AT("prefill and step differ by %g", worst);
    m2_session_destroy(p1); m2_session_destroy(p2);
    /* a batch of more rows than a step splits: its segments run in order, and must give what a
       single (split) step gives */
    for (k = 0; k <= M2__ATT_SPLIT_ROWS; k++) {
        EXPECT_EQ(m2_session_fork(&batch[k], s1), M2_OK);
        next[k] = (int32_t)(k * 7 % 90);
    }
    EXPECT_EQ(m2_step_batch(batch, next, M2__ATT_SPLIT_ROWS + 1), M2_OK);
    for (k = 0; k <= M2__ATT_SPLIT_ROWS; k++) {
        EXPECT_EQ(m2_session_fork(&single, s1), M2_OK);
        EXPECT_EQ(m2_step(single, next[k]), M2_OK);
        if (memcmp(m2_session_logits(single), m2_session_logits(batch[k]), V * 4) != 0) FAIL_AT("batch row %d differs from its single step", k);
        m2_session_destroy(single);
        m2_session_destroy(batch[k]);
    }
    /* a snapshot restored into a session with a larger context, and a copy into another: both
       continue exactly as the original */
    n = m2_session_state_size(s1);
    snap = malloc(n);
    ASSERT_TRUE(snap != NULL);
    EXPECT_EQ(m2_session_save(s1, snap, n), M2_OK);
    other = hybrid_session(m, 64, 2, n_ctx + 300, 0);
    ASSERT_TRUE(other != NULL);
    EXPECT_EQ(m2_session_load(other, snap, n), M2_OK);
    EXPECT_EQ(m2_step(s1, 5), M2_OK);
    EXPECT_EQ(m2_step(other, 5), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(s1), m2_session_logits(other), V * 4) == 0);
    EXPECT_EQ(m2_session_copy(s2, other), M2_OK);
    EXPECT_EQ(m2_step(s2, 9), M2_OK);
    EXPECT_EQ(m2_step(other, 9), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(s2), m2_session_logits(other), V * 4) == 0);
    free(snap);
    m2_session_destroy(other);
    m2_session_destroy(s1); m2_session_destroy(s2);
    free(pre1); free(pre2); free(ids);
    m2_model_close(m);
    free(raw); free(file);
}

/* A session's KV cache is not cleared at creation (its pages stay untouched until the context
   reaches them), so nothing may read a position before it is written: sessions whose memory starts
   as NaN bytes must give bit for bit what sessions on zeroed memory give, through prefill across
   segments, steps, a batch of sequences at different depths, a fork, a snapshot and a reset. */
static void *nan_alloc(size_t size, void *user) {
    void *p = malloc(size);
    (void)user;
    if (p) memset(p, 0xFF, size); /* every float of it a NaN */
    return p;
}
static void nan_free(void *p, void *user) { (void)user; free(p); }
static void *zero_alloc(size_t size, void *user) { (void)user; return calloc(1, size); }
TEST(hybrid, kv_cache_unwritten_never_read) {
    size_t size, V = 96, T = (size_t)M2__ATT_SEG + 45, i, n;
    unsigned char *file = synth_every_kind(&size, M2_ROUTER_SOFTMAX_TOPK, M2_F32);
    void *raw, *mem, *snap = NULL;
    m2_model *m = NULL;
    char err[256];
    int32_t ids[(size_t)M2__ATT_SEG + 45], next[2] = {7, 11};
    float *pz = (float *)malloc(T * V * 4), *pn = (float *)malloc(T * V * 4);
    m2_session *z[3] = {NULL, NULL, NULL}, *q[3] = {NULL, NULL, NULL}, *batch[2];
    int k;
    ASSERT_TRUE(file != NULL && pz != NULL && pn != NULL);
    mem = aligned_copy(file, size, &raw);
    if (m2_model_open_memory(&m, mem, size, NULL, err, sizeof err) != M2_OK) { FAIL_AT("synthetic model: %s", err); free(raw); free(file); free(pz); free(pn); return; }
    for (i = 0; i < T; i++) ids[i] = (int32_t)((i * 29 + 3) % 90);
    for (k = 0; k < 3; k++) {
        m2_session_opts o;
        memset(&o, 0, sizeof o);
        o.chunk_size = 32; o.n_threads = 1; o.n_ctx = (int)T + 64; o.f32_activations = 1; o.isa = test_isa;
        o.alloc.free = nan_free;
        o.alloc.alloc = zero_alloc;
        EXPECT_EQ(m2_session_create(&z[k], m, &o), M2_OK);
        o.alloc.alloc = nan_alloc;
        EXPECT_EQ(m2_session_create(&q[k], m, &o), M2_OK);
    }
    ASSERT_TRUE(z[0] && z[1] && z[2] && q[0] && q[1] && q[2]);
    EXPECT_EQ(m2_prefill(z[0], ids, T, pz), M2_OK);
    EXPECT_EQ(m2_prefill(q[0], ids, T, pn), M2_OK);
    EXPECT_TRUE(m2__all_finite(pz, T * V));
    EXPECT_TRUE(memcmp(pz, pn, T * V * 4) == 0);
    for (i = 0; i < 5; i++) { /* the second sessions by step: a tile that is only partly written */
        EXPECT_EQ(m2_step(z[1], ids[i]), M2_OK);
        EXPECT_EQ(m2_step(q[1], ids[i]), M2_OK);
        EXPECT_TRUE(memcmp(m2_session_logits(z[1]), m2_session_logits(q[1]), V * 4) == 0);
    }
    batch[0] = z[0]; batch[1] = z[1]; /* a deep and a shallow sequence in one batch */
    EXPECT_EQ(m2_step_batch(batch, next, 2), M2_OK);
    batch[0] = q[0]; batch[1] = q[1];
    EXPECT_EQ(m2_step_batch(batch, next, 2), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(z[0]), m2_session_logits(q[0]), V * 4) == 0);
    EXPECT_TRUE(memcmp(m2_session_logits(z[1]), m2_session_logits(q[1]), V * 4) == 0);
    /* a snapshot of the deep sequence into a fresh NaN session, and a reset one run shorter */
    n = m2_session_state_size(q[0]);
    snap = malloc(n);
    ASSERT_TRUE(snap != NULL);
    EXPECT_EQ(m2_session_save(q[0], snap, n), M2_OK);
    EXPECT_EQ(m2_session_load(q[2], snap, n), M2_OK);
    EXPECT_EQ(m2_step(q[2], 13), M2_OK);
    EXPECT_EQ(m2_step(z[0], 13), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(z[0]), m2_session_logits(q[2]), V * 4) == 0);
    { /* a fork of the shallow sequence: its copy's memory starts as NaN too */
        m2_session *f = NULL;
        EXPECT_EQ(m2_session_fork(&f, q[1]), M2_OK);
        if (f) {
            EXPECT_EQ(m2_step(f, 17), M2_OK);
            EXPECT_EQ(m2_step(z[1], 17), M2_OK);
            EXPECT_TRUE(memcmp(m2_session_logits(z[1]), m2_session_logits(f), V * 4) == 0);
            m2_session_destroy(f);
        }
    }
    m2_session_reset(q[2]);
    EXPECT_EQ(m2_prefill(q[2], ids, 40, NULL), M2_OK);
    EXPECT_EQ(m2_prefill(z[2], ids, 40, NULL), M2_OK);
    EXPECT_TRUE(memcmp(m2_session_logits(z[2]), m2_session_logits(q[2]), V * 4) == 0);
    free(snap);
    for (k = 0; k < 3; k++) { m2_session_destroy(z[k]); m2_session_destroy(q[k]); }
    free(pz); free(pn);
    m2_model_close(m);
    free(raw); free(file);
}

/* Every field of a version-2 header and every layer kind set to hostile values: a clean error or a
   model that runs, never a crash (the suite runs under ASan and UBSan in make debug). */
TEST(hybrid, hostile_v2_header_and_layer_kinds) {
    static const uint32_t values[] = {0u, 1u, 2u, 3u, 4u, 5u, 63u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu, 1000000u, 0x7F800000u, 0xFF800000u, 0x7FC00000u};
    size_t size, off;
    unsigned char *file = synth_every_kind(&size, M2_ROUTER_SIGMOID_GROUPS, M2_F32);
    int rejected = 0, accepted = 0;
    ASSERT_TRUE(file != NULL);
    for (off = 144; off < 256u + 8u * 6u; off += 4) {
        size_t k;
        for (k = 0; k < sizeof values / sizeof values[0]; k++) {
            if (accepts_word(file, size, off, values[k])) accepted++;
            else rejected++;
        }
    }
    EXPECT_TRUE(rejected > 0);
    printf("  %d hostile version-2 variants rejected, %d accepted (harmless: e.g. scales, reserved kinds of the header)\n", rejected, accepted);
    free(file);
}

/* Hybrid variants the golden cases lack (MoE, RoPE, layer patterns, gated norm, biases): random
   checkpoints, converted and run by the examples, against a float64 reference written from the
   semantics documents. */
TEST(hybrid, variants_match_reference) {
    char summary[128];
    if (!file_exists("example_logits") || !file_exists("example_generate"))
        SKIP("needs example_logits and example_generate (make)");
    run_python_suite("tests/test_hybrid_variants.py", "hybrid_variants.log", summary, sizeof summary);
}
