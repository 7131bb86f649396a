/* Tests of what the public declarations in mamba2.h promise in their comments: result strings,
   NULL arguments, size queries, m2_memory_query_file, the cancel rule, the parallel_for rule and
   m2_step_batch's bitwise equality. Included by test_main.c (uses its helpers). */

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
        for (isa = M2_ISA_SCALAR; isa <= M2_ISA_NEON; isa++) {
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
