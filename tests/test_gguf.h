/* GGUF import (issue 17, item 1): the golden cases' llama.cpp conversions (gguf/model-f32.gguf)
   and the llama-quantize'd files of golden/quant, converted by tools/convert.py and run by the
   library, give the reference logits: prompt by prefill and by step, the greedy continuation (ids
   exact, logits close) by step; tolerances are the cases' strict ones. Included by test_main.c
   (needs test_common.h). */

/* Converts SHARED/golden/CASE/GGUF to a model file with EXTRA converter options; NULL when the
   converter cannot run (external commands off) or does not take the family yet (why in skip). */
static const char *gguf_converted(const char *case_dir, const char *gguf, const char *extra, char *out,
                                  size_t out_size, int *not_yet) {
    char src[1200], errp[600];
    char *msg;
    *not_yet = 0;
    snprintf(src, sizeof src, "%s/golden/%s/gguf/%s", shared_dir(), case_dir, gguf);
    snprintf(out, out_size, "%s/gguf_%s_%s.bin", tmp_dir, strchr(case_dir, '/') ? "quant" : case_dir, gguf);
    if (convert(src, out, extra) == 0) return out;
    snprintf(errp, sizeof errp, "%s/convert.err", tmp_dir);
    msg = (char *)read_file(errp, NULL);
    /* Mamba-1 goes through the same path once the HF converter takes it */
    *not_yet = msg && strstr(msg, "checkpoints are not supported") != NULL;
    free(msg);
    return NULL;
}

static float *read_f32s(const char *dir, const char *ref, const char *name, size_t *n) {
    char p[1400];
    float *v;
    snprintf(p, sizeof p, "%s/%s%s", dir, ref, name);
    v = (float *)read_file(p, n);
    *n /= 4;
    return v;
}

/* ref = "" (case root) or "ref/<type>/" (a quantized type of golden/quant); tol = max |logit diff| */
static void check_gguf_golden(const char *case_dir, const char *gguf, const char *extra, const char *ref, double tol) {
    char dir[1100], out[1400], p[1400], err[512];
    int not_yet, mode;
    size_t T, n_logits, n_greedy, n_glog, V, i;
    int32_t *ids, *greedy;
    float *ref_logits, *ref_glog, *logits = NULL;
    double d, worst = 0;
    m2_model *m;
    m2_session *s;
    const char *path;
    snprintf(dir, sizeof dir, "%s/golden/%s", shared_dir(), case_dir);
    snprintf(p, sizeof p, "%s/input_ids.i32", dir);
    ids = (int32_t *)read_file(p, &T);
    snprintf(p, sizeof p, "%s/%sgreedy.i32", dir, ref);
    greedy = (int32_t *)read_file(p, &n_greedy);
    ref_logits = read_f32s(dir, ref, "logits.f32", &n_logits);
    ref_glog = read_f32s(dir, ref, "greedy_logits.f32", &n_glog);
    T /= 4;
    n_greedy /= 4;
    if (!ids || !greedy || !ref_logits || !ref_glog) {
        FAIL_AT("cannot read the golden data of %s (%s)", case_dir, ref);
        goto out;
    }
    path = gguf_converted(case_dir, gguf, extra, out, sizeof out, &not_yet);
    if (!path && (no_external || not_yet)) {
        free(ids); free(greedy); free(ref_logits); free(ref_glog);
        if (not_yet) SKIP("convert.py does not take this family yet");
        SKIP("needs the converter (python3): external commands are off");
    }
    if (!path) { FAIL_AT("conversion of %s/gguf/%s failed", case_dir, gguf); goto out; }
    m = NULL;
    if (m2_model_open(&m, path, NULL, err, sizeof err) != M2_OK) {
        if (strstr(err, "unknown dtype")) { /* a GGUF type kept bit for bit that the library cannot run yet */
            free(ids); free(greedy); free(ref_logits); free(ref_glog);
            SKIP("the library does not load this weight type yet (%.150s)", err);
        }
        FAIL_AT("cannot open %s: %s", path, err);
        goto out;
    }
    V = (size_t)m2_model_config(m)->vocab_rows;
    if (n_logits != T * V || n_glog != n_greedy * V) {
        FAIL_AT("%s: golden logits have %lu floats, expected %lu x %lu", case_dir, (unsigned long)n_logits, (unsigned long)T, (unsigned long)V);
        m2_model_close(m);
        goto out;
    }
    logits = (float *)malloc(T * V * sizeof(float));
    for (mode = 0; mode < 2; mode++) { /* 0: chunked prefill, 1: recurrent step */
        s = new_session_ex(m, 0, 0, 1);
        ASSERT_TRUE(s != NULL);
        if (mode == 0) {
            EXPECT_EQ(m2_prefill(s, ids, T, logits), M2_OK);
        } else {
            for (i = 0; i < T; i++) {
                EXPECT_EQ(m2_step(s, ids[i]), M2_OK);
                memcpy(logits + i * V, m2_session_logits(s), V * 4);
            }
        }
        d = max_abs_diff(logits, ref_logits, T * V);
        if (d > worst) worst = d;
        if (!(d <= tol)) FAIL_AT("%s/%s%s %s: prompt logits differ by %g (tol %g)", case_dir, ref, gguf, mode ? "step" : "prefill", d, tol);
        for (i = 0; mode == 1 && i < n_greedy; i++) {
            int id = argmax_n(m2_session_logits(s), (int)V);
            if (id != greedy[i]) { FAIL_AT("%s/%s%s: greedy id %lu is %d, expected %d", case_dir, ref, gguf, (unsigned long)i, id, greedy[i]); break; }
            EXPECT_EQ(m2_step(s, id), M2_OK);
            d = max_abs_diff(m2_session_logits(s), ref_glog + i * V, V);
            if (d > worst) worst = d;
            if (!(d <= tol)) { FAIL_AT("%s/%s%s: greedy logits %lu differ by %g", case_dir, ref, gguf, (unsigned long)i, d); break; }
        }
        m2_session_destroy(s);
    }
    printf("  %s/gguf/%s%s%s: max |logit diff| %.3g\n", case_dir, gguf, extra ? " " : "", extra ? extra : "", worst);
    m2_model_close(m);
out:
    free(logits); free(ids); free(greedy); free(ref_logits); free(ref_glog);
}

TEST(gguf, golden_granite_h) { NEED_SHARED(); check_gguf_golden("granite-h-tiny", "model-f32.gguf", "--dtype f32", "", 2.7e-5); }
TEST(gguf, golden_nemotron_h) { NEED_SHARED(); check_gguf_golden("nemotron-h-tiny", "model-f32.gguf", "--dtype f32", "", 1.3e-4); }
TEST(gguf, golden_falcon_h1) { NEED_SHARED(); check_gguf_golden("falcon-h1-tiny", "model-f32.gguf", "--dtype f32", "", 6.6e-5); }
TEST(gguf, golden_mamba1) { NEED_SHARED(); check_gguf_golden("mamba1-tiny", "model-f32.gguf", "--dtype f32", "", 9.5e-5); }
TEST(gguf, golden_falcon_mamba) { NEED_SHARED(); check_gguf_golden("falcon-mamba-tiny", "model-f32.gguf", "--dtype f32", "", 1.3e-4); }
/* quantized files dequantized exactly by the converter (--dtype f32): ref/<type>/ within the
   strictest per-type tolerance of meta.json (7.1e-5) */
TEST(gguf, quant_f32) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-f32.gguf", "--dtype f32", "", 7.1e-5); }
TEST(gguf, quant_q4_0_dequantized) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q4_0.gguf", "--dtype f32", "ref/q4_0/", 7.1e-5); }
TEST(gguf, quant_q5_1_dequantized) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q5_1.gguf", "--dtype f32", "ref/q5_1/", 7.1e-5); }
TEST(gguf, quant_q4_k_m_dequantized) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q4_k_m.gguf", "--dtype f32", "ref/q4_k_m/", 7.1e-5); }
/* without --dtype every tensor keeps its GGUF type bit for bit; the library runs them with f32
   activations (exact dequantization) */
TEST(gguf, quant_q8_0_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q8_0.gguf", NULL, "ref/q8_0/", 7.8e-5); }
TEST(gguf, quant_q4_0_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q4_0.gguf", NULL, "ref/q4_0/", 7.5e-5); }
TEST(gguf, quant_q4_1_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q4_1.gguf", NULL, "ref/q4_1/", 7.3e-5); }
TEST(gguf, quant_q5_0_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q5_0.gguf", NULL, "ref/q5_0/", 9.3e-5); }
TEST(gguf, quant_q5_1_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q5_1.gguf", NULL, "ref/q5_1/", 7.1e-5); }
TEST(gguf, quant_q4_k_m_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q4_k_m.gguf", NULL, "ref/q4_k_m/", 7.8e-5); }
TEST(gguf, quant_q4_k_s_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q4_k_s.gguf", NULL, "ref/q4_k_s/", 8.1e-5); }
TEST(gguf, quant_q5_k_m_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q5_k_m.gguf", NULL, "ref/q5_k_m/", 8.7e-5); }
TEST(gguf, quant_q6_k_kept) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q6_k.gguf", NULL, "ref/q6_k/", 7.9e-5); }
TEST(gguf, quant_q6_k_dequantized) { NEED_SHARED(); check_gguf_golden("quant/granite-h-q", "model-q6_k.gguf", "--dtype f32", "ref/q6_k/", 7.1e-5); }
