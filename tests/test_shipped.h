/* The shipped model (models/fable-3m.bin): greedy ids as PyTorch gave them, and its tokenizer on
   the held-out text. Included by test_main.c. */

#define SHIPPED_MODEL "models/fable-3m.bin"

/* Greedy ids for a fixed prompt, computed by the PyTorch model (tools/train.py greedy) and stored in
   tests/data: the C library must produce exactly these. */
TEST(shipped, greedy_matches_pytorch) {
    m2_model *m;
    m2_session *s;
    m2_tokenize_work *w;
    char *json;
    const char *cur;
    jv root;
    const jv *prompt, *pids, *gids;
    int32_t ids[64];
    size_t n, i;
    m = open_model(SHIPPED_MODEL);
    ASSERT_TRUE(m != NULL);
    json = (char *)read_file("tests/data/fable-3m_greedy.json", NULL);
    ASSERT_TRUE(json != NULL);
    cur = json;
    jm_value(&cur, &root);
    prompt = jm_get(&root, "prompt"); pids = jm_get(&root, "prompt_ids"); gids = jm_get(&root, "greedy_ids");
    ASSERT_TRUE(prompt && pids && gids);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    EXPECT_EQ(m2_tokenize(m, w, prompt->str, (ptrdiff_t)prompt->len, ids, 64, &n, 0), M2_OK);
    EXPECT_EQ(n, pids->n);
    for (i = 0; i < n && i < pids->n; i++) EXPECT_EQ(ids[i], (int32_t)pids->items[i].num);
    s = new_session(m, 0, 0);
    EXPECT_EQ(m2_prefill(s, ids, n, NULL), M2_OK);
    for (i = 0; i < gids->n; i++) {
        int id = argmax_n(m2_session_logits(s), m2_model_config(m)->vocab_size);
        if (id != (int)gids->items[i].num) { FAIL_AT("greedy token %lu is %d, PyTorch gave %d", (unsigned long)i, id, (int)gids->items[i].num); break; }
        EXPECT_EQ(m2_step(s, id), M2_OK);
    }
    m2_session_destroy(s);
    m2_tokenize_work_destroy(w);
    jm_free(&root);
    free(json);
    m2_model_close(m);
}

/* The shipped tokenizer gives back the held-out text exactly (the ranges named in the model card). */
TEST(shipped, tokenizer_round_trips_held_out_text) {
    static const struct { const char *file; long from, to; } held_out[] = {
        {"data/corpus/tinystories/tinystories_val_head.txt", 754124, 794375},
        {"data/corpus/public-domain/pg7439_jacobs_english_fairy_tales.txt", 200071, 240085}};
    m2_model *m;
    m2_tokenize_work *w;
    size_t k;
    NEED_SHARED();
    m = open_model(SHIPPED_MODEL);
    ASSERT_TRUE(m != NULL);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (k = 0; k < 2; k++) {
        char path[1200], *text, *dec;
        size_t size, len, n, dl;
        int32_t *ids;
        snprintf(path, sizeof path, "%s/%s", shared_dir(), held_out[k].file);
        text = (char *)read_file(path, &size);
        ASSERT_TRUE(text != NULL && size >= (size_t)held_out[k].to);
        len = (size_t)(held_out[k].to - held_out[k].from);
        ids = (int32_t *)malloc(len * sizeof(int32_t));
        dec = (char *)malloc(len + 1);
        EXPECT_EQ(m2_tokenize(m, w, text + held_out[k].from, (ptrdiff_t)len, ids, len, &n, 0), M2_OK);
        EXPECT_TRUE(n > len / 8);
        EXPECT_EQ(m2_detokenize(m, ids, n, dec, len, &dl), M2_OK);
        EXPECT_TRUE(dl == len && memcmp(dec, text + held_out[k].from, len) == 0);
        free(ids); free(dec); free(text);
    }
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}
