/* The sampler: greedy, top-k, top-p, min-p, penalties, logit bias and bans, and stop sequences.
   (test_api.h holds each of them against its written definition.) Included by test_main.c. */

TEST(sample, greedy_never_picks_padding_and_is_reproducible) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_sampler smp, smp2;
    m2_sampler_opts so;
    int32_t id, seq1[50], seq2[50];
    int i, V, nv;
    ASSERT_TRUE(m != NULL);
    V = m2_model_config(m)->vocab_rows;
    nv = m2_model_config(m)->vocab_size;
    s = new_session(m, 16, 0);
    EXPECT_EQ(m2_sample(s, (m2_sampler_init(&smp, NULL), &smp), &id), M2_ERR_INVALID_ARGUMENT); /* no logits yet */
    EXPECT_EQ(m2_step(s, 1), M2_OK);
    /* make a padding row the largest logit: greedy must still choose from the real vocabulary */
    s->logits[V - 1] = 1e9f;
    m2_sampler_init(&smp, NULL);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_TRUE(id >= 0 && id < nv);
    EXPECT_EQ(id, argmax_n(s->logits, nv));
    /* top-k 1 at any temperature is greedy */
    memset(&so, 0, sizeof so);
    so.temperature = 1.5f; so.top_k = 1;
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_EQ(id, argmax_n(s->logits, nv));
    /* the same seed gives the same sequence; every id is in the real vocabulary */
    so.top_k = 0; so.top_p = 0.9f; so.min_p = 0.01f; so.seed = 1234; so.temperature = 1.0f;
    m2_sampler_init(&smp, &so);
    m2_sampler_init(&smp2, &so);
    for (i = 0; i < 50; i++) { EXPECT_EQ(m2_sample(s, &smp, &seq1[i]), M2_OK); EXPECT_TRUE(seq1[i] >= 0 && seq1[i] < nv); }
    for (i = 0; i < 50; i++) EXPECT_EQ(m2_sample(s, &smp2, &seq2[i]), M2_OK);
    EXPECT_TRUE(memcmp(seq1, seq2, sizeof seq1) == 0);
    /* a high temperature with no truncation visits several tokens */
    so.top_p = 0; so.min_p = 0; so.temperature = 50.0f;
    m2_sampler_init(&smp, &so);
    {
        int distinct = 0, seen[256] = {0};
        for (i = 0; i < 200; i++) { m2_sample(s, &smp, &id); if (!seen[id]) { seen[id] = 1; distinct++; } }
        EXPECT_TRUE(distinct > 10);
    }
    /* NaN in the logits is an error, not a token */
    s->logits[3] = NAN;
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_ERR_NUMERIC);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

/* top-p's selection against its definition: order by weight (ties: lower id first), keep the
   shortest prefix whose weight reaches the target. Integer weights keep every sum exact, and bring
   many ties and a flat case. */
static const float *nucleus_w;
static int nucleus_cmp(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return m2__cand_before(nucleus_w, x, y) ? -1 : m2__cand_before(nucleus_w, y, x) ? 1 : 0;
}
TEST(sample, nucleus_matches_definition) {
    enum { NMAX = 3000 };
    static float w[NMAX];
    static int32_t c[NMAX], sorted[NMAX];
    static unsigned char in[NMAX];
    int trial, i;
    synth_rng = 77;
    for (trial = 0; trial < 300; trial++) {
        int n = 1 + (trial * 37) % NMAX, spread = trial % 4 == 0 ? 1 : 1 + trial % 50;
        double total = 0, target, mass = 0;
        int first, k, kept = 0;
        for (i = 0; i < n; i++) { w[i] = (float)(1 + (int)((synth_rand(0.5f) + 0.5f) * (float)spread) % spread); total += w[i]; c[i] = i; sorted[i] = i; }
        target = (double)(int)(total * (0.05 + 0.9 * (synth_rand(0.5f) + 0.5f)));
        if (target < 1) target = 1;
        first = m2__nucleus(w, c, n, target);
        ASSERT_TRUE(first >= 0 && first < n);
        nucleus_w = w;
        qsort(sorted, (size_t)n, sizeof sorted[0], nucleus_cmp);
        memset(in, 0, (size_t)n);
        for (k = 0; k < n; k++) { in[sorted[k]] = 1; kept++; mass += w[sorted[k]]; if (mass >= target) break; }
        EXPECT_EQ(n - first, kept);
        for (i = first; i < n; i++) if (!in[c[i]]) { FAIL_AT("trial %d: %d is not in the nucleus", trial, c[i]); break; }
        for (i = 0; i < n; i++) in[c[i]] |= 2; /* c stays a permutation */
        for (i = 0; i < n; i++) if (!(in[i] & 2)) { FAIL_AT("trial %d: %d was lost", trial, i); break; }
        if (harness.failed) break;
    }
}

TEST(sample, repetition_penalty_and_min_p) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_sampler smp;
    m2_sampler_opts so;
    int32_t id;
    int i, nv;
    ASSERT_TRUE(m != NULL);
    nv = m2_model_config(m)->vocab_size;
    s = new_session(m, 16, 0);
    EXPECT_EQ(m2_step(s, 7), M2_OK);
    for (i = 0; i < nv; i++) s->logits[i] = 0.0f;
    s->logits[7] = 5.0f;  /* the token just fed: heavily penalised below */
    s->logits[9] = 4.0f;
    memset(&so, 0, sizeof so);
    so.repeat_penalty = 2.0f; /* greedy: 5/2 = 2.5 < 4 */
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_EQ(id, 9);
    /* min-p 0.5: only tokens within a factor 2 of the best survive (here only 7) */
    memset(&so, 0, sizeof so);
    so.temperature = 1.0f; so.min_p = 0.5f;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < 20; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); EXPECT_EQ(id, 7); }
    /* top-p: probabilities 0.5, 0.3, 0.15, 0.05 (the rest ~0): p = 0.7 keeps exactly the first two */
    for (i = 0; i < nv; i++) s->logits[i] = -1e4f;
    s->logits[11] = logf(0.5f); s->logits[12] = logf(0.3f); s->logits[13] = logf(0.15f); s->logits[14] = logf(0.05f);
    {
        int counts[4] = {0, 0, 0, 0};
        memset(&so, 0, sizeof so);
        so.temperature = 1.0f; so.top_p = 0.7f; so.seed = 3;
        m2_sampler_init(&smp, &so);
        for (i = 0; i < 400; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); if (id >= 11 && id <= 14) counts[id - 11]++; else FAIL_AT("top-p chose %d", id); }
        EXPECT_TRUE(counts[0] > 150 && counts[1] > 80 && counts[2] == 0 && counts[3] == 0);
        /* top-k 3 then top-p 0.9 of that set (mass 0.95): keeps 11, 12, 13 */
        so.top_k = 3; so.top_p = 0.9f;
        m2_sampler_init(&smp, &so);
        memset(counts, 0, sizeof counts);
        for (i = 0; i < 400; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); if (id >= 11 && id <= 14) counts[id - 11]++; }
        EXPECT_TRUE(counts[2] > 0 && counts[3] == 0);
    }
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

TEST(sample, logit_bias_and_bans) {
    void *raw;
    synth_opts o = default_synth();
    m2_model *m = open_synth(&o, &raw);
    m2_session *s;
    m2_sampler smp;
    m2_sampler_opts so;
    m2_logit_bias bias[2];
    int32_t banned[3], id, *all;
    int i, nv;
    ASSERT_TRUE(m != NULL);
    nv = m2_model_config(m)->vocab_size;
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_step(s, 2), M2_OK);
    for (i = 0; i < nv; i++) s->logits[i] = 0.0f;
    s->logits[5] = 3.0f;
    memset(&so, 0, sizeof so);
    bias[0].id = 8; bias[0].bias = 10.0f; bias[1].id = 9999; bias[1].bias = 50.0f; /* out of range: ignored */
    so.logit_bias = bias; so.n_logit_bias = 2;
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK);
    EXPECT_EQ(id, 8);
    banned[0] = 8; banned[1] = 5; banned[2] = -3;
    so.banned = banned; so.n_banned = 3; so.temperature = 1.0f; so.seed = 5;
    m2_sampler_init(&smp, &so);
    for (i = 0; i < 200; i++) { EXPECT_EQ(m2_sample(s, &smp, &id), M2_OK); EXPECT_TRUE(id != 8 && id != 5 && id >= 0 && id < nv); }
    all = (int32_t *)malloc((size_t)nv * 4);
    for (i = 0; i < nv; i++) all[i] = i;
    so.banned = all; so.n_banned = nv;
    m2_sampler_init(&smp, &so);
    EXPECT_EQ(m2_sample(s, &smp, &id), M2_ERR_INVALID_ARGUMENT);
    free(all);
    m2_session_destroy(s);
    m2_model_close(m);
    free(raw);
}

/* Stop sequences found across arbitrary piece boundaries; nothing after them comes out. */
TEST(sample, stop_sequences_across_pieces) {
    static const char *seqs[] = {"\n\nUser:", "THE END"};
    const char *text = "Once upon a time.\n\nThe\n\nUsers were happy. THE EN THE END and more";
    const char *want = "Once upon a time.\n\nThe\n\nUsers were happy. THE EN ";
    size_t cut;
    for (cut = 1; cut <= 7; cut++) {
        m2_stop st;
        char out[256], piece[M2_STOP_MAX + 16];
        size_t o = 0, i, n;
        int stopped = 0;
        EXPECT_EQ(m2_stop_init(&st, seqs, 2), M2_OK);
        for (i = 0; i < strlen(text) && !stopped; i += cut) {
            size_t len = strlen(text) - i < cut ? strlen(text) - i : cut;
            stopped = m2_stop_feed(&st, text + i, len, piece, &n);
            memcpy(out + o, piece, n);
            o += n;
        }
        if (!stopped) o += m2_stop_flush(&st, out + o);
        EXPECT_EQ(stopped, 1);
        EXPECT_TRUE(o == strlen(want) && memcmp(out, want, o) == 0);
    }
    {   /* no stop sequence in the text: all of it comes out, the tail at flush */
        m2_stop st;
        char out[64];
        size_t n, total;
        EXPECT_EQ(m2_stop_init(&st, seqs, 2), M2_OK);
        EXPECT_EQ(m2_stop_feed(&st, "abc\n\nUse", 8, out, &n), 0);
        total = n + m2_stop_flush(&st, out + n);
        EXPECT_TRUE(total == 8 && memcmp(out, "abc\n\nUse", 8) == 0);
        EXPECT_EQ(m2_stop_init(&st, NULL, 9), M2_ERR_INVALID_ARGUMENT);
    }
}
