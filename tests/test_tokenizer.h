/* The tokenizer (version 1 section) on the GPT-NeoX-20B model: the golden and reference cases,
   random Unicode round trips, invalid UTF-8, special tokens, errors, a 1 MB book. Included by
   test_main.c; test_tokenizer_v2.h runs its cases through version 2 too. */

static char *hex_decode(const char *h, size_t *len) {
    size_t n = strlen(h) / 2, i;
    char *o = (char *)malloc(n + 1);
    for (i = 0; i < n; i++) {
        char b[3];
        b[0] = h[2 * i]; b[1] = h[2 * i + 1]; b[2] = 0;
        o[i] = (char)strtol(b, NULL, 16);
    }
    *len = n;
    return o;
}

/* Encodes, decodes one-shot and streamed: returns 1 when ids and decoded text are as expected. */
static int check_tok_case(const m2_model *m, m2_tokenize_work *w, const char *text, size_t len, unsigned flags,
                          const jv *want_ids, const char *want_dec, size_t want_dec_len, size_t idx) {
    size_t cap = len + 16, n = 0, k, dl = 0, sl = 0, o;
    int32_t *ids = (int32_t *)malloc(cap * sizeof(int32_t));
    char *dec = NULL, *sdec = NULL;
    m2_decoder d;
    int ok = 1;
    if (m2_tokenize(m, w, text, (ptrdiff_t)len, ids, cap, &n, flags) != M2_OK) { fprintf(stderr, "  case %lu: tokenize failed\n", (unsigned long)idx); free(ids); return 0; }
    if (want_ids) {
        if (want_ids->n != n) ok = 0;
        for (k = 0; ok && k < n; k++) if ((int32_t)want_ids->items[k].num != ids[k]) ok = 0;
        if (!ok) {
            fprintf(stderr, "  case %lu: ids differ (%lu expected, %lu got; text \"%.60s\")\n", (unsigned long)idx, (unsigned long)want_ids->n, (unsigned long)n, text);
            free(ids);
            return 0;
        }
    }
    m2_detokenize(m, ids, n, NULL, 0, &dl);
    dec = (char *)malloc(dl + 1);
    sdec = (char *)malloc(dl + 64);
    if (m2_detokenize(m, ids, n, dec, dl, &dl) != M2_OK) ok = 0;
    m2_decoder_init(&d);
    for (k = 0; ok && k < n; k++) {
        if (m2_decode_stream(m, &d, ids[k], sdec + sl, dl + 64 - sl, &o) != M2_OK) ok = 0;
        sl += o;
    }
    if (ok && m2_decoder_flush(&d, sdec + sl, dl + 64 - sl, &o) == M2_OK) sl += o; else ok = 0;
    if (ok && (sl != dl || memcmp(sdec, dec, dl) != 0)) { fprintf(stderr, "  case %lu: streamed decode differs from one-shot\n", (unsigned long)idx); ok = 0; }
    if (ok && want_dec && (want_dec_len != dl || memcmp(want_dec, dec, dl) != 0)) { fprintf(stderr, "  case %lu: decoded text differs\n", (unsigned long)idx); ok = 0; }
    free(ids); free(dec); free(sdec);
    return ok;
}

/* Every case of a cases.json (text or text_hex, ids, decoded, no_special; ids_special when present:
   the ids with the post-processor's tokens) through the model at mp. */
static void run_tok_cases(const char *mp, const char *path, int min_cases) {
    m2_model *m;
    m2_tokenize_work *w;
    size_t size, i, failed = 0;
    char *text;
    const char *cur;
    jv root;
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    text = (char *)read_file(path, &size);
    ASSERT_TRUE(text != NULL);
    cur = text;
    jm_value(&cur, &root);
    EXPECT_TRUE((int)root.n >= min_cases);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (i = 0; i < root.n; i++) {
        const jv *c = &root.items[i], *t = jm_get(c, "text"), *th = jm_get(c, "text_hex"), *ids = jm_get(c, "ids"), *dx = jm_get(c, "decoded"), *ns = jm_get(c, "no_special");
        const jv *ids_s = jm_get(c, "ids_special");
        size_t len;
        char *str = th ? hex_decode(th->str, &len) : t->str;
        int ok;
        if (!th) len = t->len;
        ok = check_tok_case(m, w, str, len, ns && ns->num ? M2_TOKENIZE_NO_SPECIAL : 0, ids, dx ? dx->str : NULL, dx ? dx->len : 0, i);
        if (ok && ids_s) {
            size_t cap = 3 * len + 8, n = 0, k;
            int32_t *got = (int32_t *)malloc(cap * sizeof(int32_t));
            ok = m2_tokenize(m, w, str, (ptrdiff_t)len, got, cap, &n, M2_TOKENIZE_ADD_SPECIAL) == M2_OK && ids_s->n == n;
            for (k = 0; ok && k < n; k++) ok = (int32_t)ids_s->items[k].num == got[k];
            if (!ok) fprintf(stderr, "  case %lu: ids with the post-processor differ\n", (unsigned long)i);
            free(got);
        }
        if (!ok) failed++;
        if (th) free(str);
    }
    if (failed) FAIL_AT("%lu of %lu cases in %s differ from the reference", (unsigned long)failed, (unsigned long)root.n, path);
    else printf("  %lu cases match the reference\n", (unsigned long)root.n);
    m2_tokenize_work_destroy(w);
    jm_free(&root);
    free(text);
    m2_model_close(m);
}

static void run_tok_cases_file(const char *path, int min_cases) {
    run_tok_cases(neox_model(), path, min_cases);
}

TEST(tokenizer, golden_cases) {
    char path[1100];
    NEED_SHARED();
    snprintf(path, sizeof path, "%s/golden/tokenizer/cases.json", shared_dir());
    run_tok_cases_file(path, 44);
}

/* Further cases made with the reference (tools/gen_tokenizer_cases.js): other scripts, whitespace
   and normalisation corners, invalid UTF-8, special tokens with recognition off, book excerpts. */
TEST(tokenizer, reference_cases) {
    NEED_SHARED();
    run_tok_cases_file("tests/data/tokenizer_cases.json", 4000);
}

static uint64_t tok_rng = 0x1234567;
static unsigned tok_rand(void) { tok_rng ^= tok_rng << 13; tok_rng ^= tok_rng >> 7; tok_rng ^= tok_rng << 17; return (unsigned)(tok_rng >> 16); }

/* decode(encode(x)) == x for random text made of characters NFC leaves alone (so x is its own NFC):
   ASCII with every whitespace and punctuation, precomposed Latin, Greek, Cyrillic, CJK, Hangul
   syllables, emoji, Arabic. */
TEST(tokenizer, round_trip_random_unicode) {
    static const unsigned ranges[][2] = {{0x20, 0x7E}, {0x09, 0x0D}, {0xC0, 0xFF}, {0x391, 0x3C9}, {0x410, 0x44F},
                                         {0x4E00, 0x4FFF}, {0xAC00, 0xAD00}, {0x1F600, 0x1F64F}, {0x627, 0x64A}, {0x2000, 0x200A}};
    const char *mp;
    m2_model *m;
    m2_tokenize_work *w;
    int iter, bad = 0;
    NEED_SHARED();
    mp = neox_model();
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    for (iter = 0; iter < 2000; iter++) {
        char text[800], out[1600];
        int32_t ids[800];
        size_t len = 0, n, ol;
        int k, chars = (int)(tok_rand() % 120);
        for (k = 0; k < chars; k++) {
            const unsigned *r = ranges[tok_rand() % 10];
            unsigned cp = r[0] + tok_rand() % (r[1] - r[0] + 1);
            if (cp == 0x2000 || cp == 0x2001) cp = 0x2002; /* singletons NFC maps elsewhere */
            len += jm_utf8_put(text + len, cp);
        }
        if (m2_tokenize(m, w, text, (ptrdiff_t)len, ids, 800, &n, 0) != M2_OK || m2_detokenize(m, ids, n, out, sizeof out, &ol) != M2_OK ||
            ol != len || memcmp(out, text, len) != 0) bad++;
    }
    EXPECT_EQ(bad, 0);
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}

TEST(tokenizer, invalid_utf8_special_tokens_and_errors) {
    const char *mp;
    m2_model *m;
    m2_tokenize_work *w;
    int32_t ids[64];
    size_t n, ol;
    char out[256];
    const char *tb = NULL;
    size_t tl = 0;
    NEED_SHARED();
    mp = neox_model();
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    ASSERT_TRUE(m2_model_has_tokenizer(m));
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    /* invalid UTF-8 becomes U+FFFD per maximal subpart: "a\xE2\x82b" == "a\xEF\xBF\xBDb" */
    {
        int32_t a[16], b[16];
        size_t na, nb;
        EXPECT_EQ(m2_tokenize(m, w, "a\xE2\x82" "b", 4, a, 16, &na, 0), M2_OK);
        EXPECT_EQ(m2_tokenize(m, w, "a\xEF\xBF\xBD" "b", 5, b, 16, &nb, 0), M2_OK);
        EXPECT_TRUE(na == nb && memcmp(a, b, na * 4) == 0);
        EXPECT_EQ(m2_detokenize(m, a, na, out, sizeof out, &ol), M2_OK);
        EXPECT_TRUE(ol == 5 && memcmp(out, "a\xEF\xBF\xBD" "b", 5) == 0);
    }
    /* special tokens: recognised by default, plain text with M2_TOKENIZE_NO_SPECIAL */
    EXPECT_EQ(m2_tokenize(m, w, "Hello<|endoftext|>World", -1, ids, 64, &n, 0), M2_OK);
    EXPECT_TRUE(n == 3 && ids[1] == 0);
    EXPECT_EQ(m2_tokenize(m, w, "Hello<|endoftext|>World", -1, ids, 64, &n, M2_TOKENIZE_NO_SPECIAL), M2_OK);
    EXPECT_TRUE(n > 3);
    for (ol = 0; ol < n; ol++) EXPECT_TRUE(ids[ol] != 0);
    /* too small a buffer: the count needed, and an error */
    EXPECT_EQ(m2_tokenize(m, w, "Hello world, how are you?", -1, ids, 2, &n, 0), M2_ERR_BUFFER_TOO_SMALL);
    EXPECT_TRUE(n > 2);
    /* lookups and range errors */
    EXPECT_EQ(m2_token_bytes(m, 12092, &tb, &tl), M2_OK);
    EXPECT_TRUE(tl == 5 && memcmp(tb, "Hello", 5) == 0);
    EXPECT_EQ(m2_token_bytes(m, 60000, &tb, &tl), M2_ERR_TOKEN_RANGE);
    ids[0] = -1;
    EXPECT_EQ(m2_detokenize(m, ids, 1, out, sizeof out, &ol), M2_ERR_TOKEN_RANGE);
    EXPECT_EQ(m2_model_config(m)->eos_id, 0);
    /* the empty text */
    EXPECT_EQ(m2_tokenize(m, w, "", 0, ids, 64, &n, 0), M2_OK);
    EXPECT_EQ(n, 0);
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
    {   /* a model without a tokenizer says so */
        void *raw;
        synth_opts o = default_synth();
        m2_model *plain = open_synth(&o, &raw);
        m2_tokenize_work *w2 = NULL;
        ASSERT_TRUE(plain != NULL);
        EXPECT_EQ(m2_model_has_tokenizer(plain), 0);
        EXPECT_EQ(m2_tokenize_work_create(&w2, plain, NULL), M2_ERR_NO_TOKENIZER);
        EXPECT_EQ(m2_detokenize(plain, ids, 1, out, sizeof out, &ol), M2_ERR_NO_TOKENIZER);
        m2_model_close(plain);
        free(raw);
    }
}

/* A 1 MB text (a whole book, repeated) encodes and decodes back to itself. Its speed is shown by
   `make bench`, not asserted here. */
TEST(tokenizer, one_megabyte_book) {
    char path[1100];
    const char *mp;
    m2_model *m;
    m2_tokenize_work *w;
    size_t size, n, len = 0, cap = (size_t)1 << 20, dl;
    char *book, *text, *dec;
    int32_t *ids;
    NEED_SHARED();
    snprintf(path, sizeof path, "%s/data/corpus/public-domain/pg11_carroll_alice_in_wonderland.txt", shared_dir());
    mp = neox_model();
    NEED_CONVERTED(mp);
    book = (char *)read_file(path, &size);
    ASSERT_TRUE(book != NULL && mp != NULL);
    text = (char *)malloc(cap);
    while (len + size <= cap) { memcpy(text + len, book, size); len += size; }
    m = open_model(mp);
    ASSERT_TRUE(m != NULL);
    ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
    ids = (int32_t *)malloc(len * sizeof(int32_t));
    EXPECT_EQ(m2_tokenize(m, w, text, (ptrdiff_t)len, ids, len, &n, 0), M2_OK);
    EXPECT_TRUE(n > len / 8 && n < len / 2);
    dec = (char *)malloc(len + 16);
    EXPECT_EQ(m2_detokenize(m, ids, n, dec, len + 16, &dl), M2_OK);
    EXPECT_TRUE(dl == len && memcmp(dec, text, len) == 0); /* the book is ASCII/NFC text */
    free(dec); free(ids); free(text); free(book);
    m2_tokenize_work_destroy(w);
    m2_model_close(m);
}
