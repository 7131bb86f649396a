/* The converter (tools/convert.py): both checkpoint layouts convert to the same model, and its own
   Python suites, whose closing lines main() prints again after the runner's. Included by
   test_main.c. */

/* Both layouts of one model must convert to the same directory, tensor bytes and forward config. */
static void check_layouts_agree(int c) {
    const char *a = golden_model(c, "mamba_ssm"), *b;
    m2_model *ma, *mb;
    const m2_config *ca, *cb;
    size_t sa, sb;
    unsigned char *fa, *fb;
    uint64_t da, db;
    NEED_CONVERTED(a);
    ASSERT_TRUE(a != NULL);
    b = golden_model(c, "hf");
    NEED_CONVERTED(b);
    ASSERT_TRUE(b != NULL);
    fa = (unsigned char *)read_file(a, &sa);
    fb = (unsigned char *)read_file(b, &sb);
    ASSERT_TRUE(fa && fb);
    da = m2__rd64(fa + 56);
    db = m2__rd64(fb + 56);
    /* the directory and the tensor data; the tokenizer-dependent parts are allowed to differ */
    EXPECT_EQ(m2__rd64(fa + 32), m2__rd64(fb + 32));
    EXPECT_TRUE(m2__rd64(fa + 32) == m2__rd64(fb + 32) && memcmp(fa + m2__rd64(fa + 24), fb + m2__rd64(fb + 24), (size_t)m2__rd64(fa + 32)) == 0);
    EXPECT_TRUE(sa - da == sb - db && memcmp(fa + da, fb + db, sa - (size_t)da) == 0);
    ma = open_model(a);
    mb = open_model(b);
    ASSERT_TRUE(ma && mb);
    ca = m2_model_config(ma);
    cb = m2_model_config(mb);
    EXPECT_EQ(ca->d_model, cb->d_model); EXPECT_EQ(ca->n_layer, cb->n_layer); EXPECT_EQ(ca->vocab_rows, cb->vocab_rows);
    EXPECT_EQ(ca->d_state, cb->d_state); EXPECT_EQ(ca->d_conv, cb->d_conv); EXPECT_EQ(ca->d_inner, cb->d_inner);
    EXPECT_EQ(ca->headdim, cb->headdim); EXPECT_EQ(ca->nheads, cb->nheads); EXPECT_EQ(ca->ngroups, cb->ngroups);
    EXPECT_EQ(ca->chunk_size, cb->chunk_size); EXPECT_EQ(ca->tied_embeddings, cb->tied_embeddings);
    EXPECT_EQ(ca->norm_before_gate, cb->norm_before_gate); EXPECT_EQ(ca->has_conv_bias, cb->has_conv_bias);
    EXPECT_TRUE(ca->norm_eps == cb->norm_eps && ca->gated_norm_eps == cb->gated_norm_eps && ca->dt_min == cb->dt_min && ca->dt_max == cb->dt_max);
    m2_model_close(ma);
    m2_model_close(mb);
    free(fa);
    free(fb);
}
TEST(convert, layouts_agree_tiny) { NEED_SHARED(); check_layouts_agree(CASE_TINY); }
TEST(convert, layouts_agree_groups) { NEED_SHARED(); check_layouts_agree(CASE_GROUPS); }

static char convert_suite_summary[128]; /* its own "N passed, ..." line, printed after the runner's */
static char gguf_suite_summary[128];
TEST(convert, python_suite) {
    run_python_suite("tests/test_convert.py", "convert_suite.log", convert_suite_summary, sizeof convert_suite_summary);
}

/* tools/gguf.py and the GGUF path of tools/convert.py: golden mappings, exact dequantization
 * of the quant golden files, hostile GGUF files and a bounded random mutation run */
TEST(convert, gguf_suite) {
    run_python_suite("tests/test_gguf.py", "gguf_suite.log", gguf_suite_summary, sizeof gguf_suite_summary);
}
