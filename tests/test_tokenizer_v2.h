/* Tokenizer section version 2 (README.md, File format §3): the pipelines real tokenizer.json files
   describe, compiled by tools/convert.py and interpreted by the header. Included by test_main.c. */
#include <time.h>

/* Converts tokenizer.json `tok` with a random checkpoint of `vocab` embedding rows into
   tmp_dir/name.bin (once per run); NULL if the converter is unavailable or refused. */
static const char *tok_model(const char *name, const char *tok, int vocab) {
    static char paths[32][600];
    static int n_paths;
    char ck[512], cmd[2048], extra[1200];
    int i;
    for (i = 0; i < n_paths; i++)
        if (strstr(paths[i], name) && !strcmp(strrchr(paths[i], '/') + 1, name)) return paths[i][0] == '!' ? NULL : paths[i];
    if (n_paths == 32 || no_external) return NULL;
    snprintf(ck, sizeof ck, "%s/tokck_%d", tmp_dir, vocab);
    snprintf(cmd, sizeof cmd, "test -d '%s' || %s tools/make_random_checkpoint.py '%s' --d-model 16 --n-layer 1 --vocab %d --d-state 16 --headdim 16 > /dev/null", ck, python(), ck, vocab);
    snprintf(paths[n_paths], sizeof paths[0], "%s/%s", tmp_dir, name);
    snprintf(extra, sizeof extra, "--tokenizer '%s'", tok);
    if (run_command(cmd) != 0 || convert(ck, paths[n_paths], extra) != 0) {
        paths[n_paths][0] = '!';
        n_paths++;
        return NULL;
    }
    return paths[n_paths++];
}

/* ../shared/golden/tokenizers/DIR/cases.json: ids, ids with the post-processor, raw decode */
static void run_hf_golden(const char *dir, int vocab, int min_cases) {
    char tok[1100], cases[1100];
    NEED_SHARED();
    snprintf(tok, sizeof tok, "%s/golden/tokenizers/%s/tokenizer.json", shared_dir(), dir);
    snprintf(cases, sizeof cases, "%s/golden/tokenizers/%s/cases.json", shared_dir(), dir);
    if (!file_exists(tok)) SKIP("the golden tokenizer files are not in ../shared");
    run_tok_cases(tok_model(dir, tok, vocab), cases, min_cases);
}

/* the fixture files of tests/tok_fixtures.py in tmp_dir/tokfx, written once per run */
static const char *tok_fixtures_dir(void) {
    static char dir[600];
    static int state; /* 0 not yet, 1 written, -1 failed */
    char cmd[1400];
    if (state == 0) {
        snprintf(dir, sizeof dir, "%s/tokfx", tmp_dir);
        snprintf(cmd, sizeof cmd, "%s tests/tok_fixtures.py '%s'", python(), dir);
        state = !no_external && run_command(cmd) == 0 ? 1 : -1;
    }
    return state == 1 ? dir : NULL;
}

/* SentencePiece-style BPE with byte fallback, legacy pipeline (Prepend + Replace, no pre-tokenizer) */
/* seconds of CPU (wall clock where WASI has no process clock) */
static double tv2_seconds(void) {
#ifdef __wasi__
    return (double)time(NULL);
#else
    return (double)clock() / CLOCKS_PER_SEC;
#endif
}

TEST(tokenizer, hf_golden_llama2) { run_hf_golden("llama2", 32000, 89); }
/* byte-level BPE, cl100k-style Split regex, ignore_merges */
TEST(tokenizer, hf_golden_llama3) { run_hf_golden("llama3", 128256, 88); }

/* The chat template and named tokens from tokenizer_config.json */
TEST(tokenizer, chat_template_and_named_tokens) {
    char tok[1100], jinja[1100];
    const char *mp, *text;
    size_t len, flen;
    int32_t id;
    char *want;
    m2_model *m;
    NEED_SHARED();
    snprintf(tok, sizeof tok, "%s/golden/tokenizers/llama3/tokenizer.json", shared_dir());
    snprintf(jinja, sizeof jinja, "%s/golden/tokenizers/llama3/chat_template.jinja", shared_dir());
    if (!file_exists(tok)) SKIP("the golden tokenizer files are not in ../shared");
    mp = tok_model("llama3", tok, 128256);
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL && (m = open_model(mp)) != NULL);
    want = (char *)read_file(jinja, &flen);
    ASSERT_EQ(m2_model_chat_template(m, &text, &len), M2_OK);
    EXPECT_TRUE(want && len == flen && memcmp(text, want, len) == 0);
    ASSERT_EQ(m2_model_special_token(m, "bos_token", &text, &len, &id), M2_OK);
    EXPECT_TRUE(len == 17 && memcmp(text, "<|begin_of_text|>", 17) == 0);
    EXPECT_EQ(id, 128000);
    EXPECT_EQ(m2_model_special_token(m, "eos_token", NULL, NULL, &id), M2_OK);
    EXPECT_EQ(id, 128001);
    EXPECT_EQ(m2_model_config(m)->bos_id, 128000);
    EXPECT_EQ(m2_model_special_token(m, "mask_token", &text, &len, &id), M2_ERR_UNSUPPORTED);
    EXPECT_EQ(m2_model_chat_template(NULL, &text, &len), M2_ERR_INVALID_ARGUMENT);
    free(want);
    m2_model_close(m);
}

/* One hand-made tokenizer.json per construct (tests/tok_fixtures.py). Each expectation is worked
   out from the reference's semantics; byte-level fixtures: id(byte b) = b and every ordered pair
   of "ab1, 'AB" merges to 300 + 8 * i + j (a 0, b 1, '1' 2, ',' 3, ' ' 4, '\'' 5, A 6, B 7), so
   ab = 301, 11 = 318, "  " = 336, AB = 355, Ab = 349; ids 256..299 are a gap. SentencePiece
   fixtures: <unk> 0, <s> 1, </s> 2, <0xNN> 3 + NN, then 259 "▁", 260 a, 261 b, 262 "▁a", 263 ab,
   264 "▁ab", merges "▁ a" < "a b" < "▁a b". */
typedef struct tok_expect {
    const char *fixture, *text;
    unsigned flags;
    int n, ids[8];
} tok_expect;

static const tok_expect tok_expects[] = {
    /* Split(" ", Removed): the spaces go, "ab" and "a" are words */
    {"removed", "ab a", 0, 2, {301, 97}},
    /* ... and the model never produces "a b" (id 290, outside the byte-level alphabet) */
    {"removed", "a b", 0, 2, {97, 98}},
    /* Split(\p{L}+, Removed, invert): the letter runs are kept, everything else removed */
    {"inverted", "ab, 1a", 0, 2, {301, 97}},
    /* Split(" ", MergedWithPrevious) -> "a1, " "b"; Split(",") -> "a1" "," " "; Digits -> "a" "1" */
    {"three_splits", "a1, b", 0, 5, {97, 49, 44, 32, 98}},
    /* Split("a", MergedWithNext): "b" "ab" */
    {"merged_next", "bab", 0, 2, {98, 301}},
    /* Digits(individual_digits false) = Contiguous: "a" "11" "b" */
    {"contiguous", "a11b", 0, 3, {97, 318, 98}},
    /* \s+(?!\S)|\s+: before a letter the run gives up its last space, which then matches \s+ */
    {"lookahead", "a  b", 0, 4, {97, 32, 32, 98}},
    {"lookahead", "a  ", 0, 2, {97, 336}},
    /* \p{N}{1,3}: "111" "1"; "111" merges its leftmost pair first */
    {"counted", "1111", 0, 3, {318, 49, 49}},
    /* (?i:ab)|\p{L}: "AB" and "Ab" match the case-insensitive group whole */
    {"nocase", "AB", 0, 1, {355}},
    {"nocase", "Ab", 0, 1, {349}},
    {"nocase", "BA", 0, 2, {66, 65}},
    /* NFKC (fullwidth A B -> A B) then Lowercase */
    {"nfkc_lower", "\xEF\xBC\xA1\xEF\xBC\xA2 a", 0, 2, {301, 97}},
    /* NFC: e + U+0301 -> U+00E9, bytes C3 A9 */
    {"nfc", "e\xCC\x81 a", 0, 3, {195, 169, 97}},
    /* Metaspace(prepend first, split): "▁ab" "▁ab"; after <s> the segment is not at offset 0 */
    {"metaspace_first", "ab ab", 0, 2, {264, 264}},
    {"metaspace_first", "<s>ab", 0, 2, {1, 263}},
    {"metaspace_first", " ab", 0, 1, {264}},
    {"metaspace_first", "ab ab", M2_TOKENIZE_ADD_SPECIAL, 4, {1, 264, 264, 2}},
    /* as text, "<s>" is "<" "s" ">", none of them in the vocabulary: bytes 0x3C 0x73 0x3E */
    {"metaspace_first", "<s>ab", M2_TOKENIZE_NO_SPECIAL, 5, {259, 63, 118, 65, 263}},
    /* byte fallback: e-acute is not in the vocabulary: <0xC3> <0xA9> */
    {"metaspace_first", "a\xC3\xA9", 0, 3, {262, 198, 172}},
    /* Metaspace without split: the piece is one word, "▁ab▁ab" merges to two "▁ab" */
    {"metaspace_nosplit", "ab ab", 0, 2, {264, 264}},
    {"metaspace_nosplit", "ab<s>ab", 0, 3, {264, 1, 263}}, /* "first": only the text's start gets "▁" */
    /* legacy pipeline: the whole segment is one word; each segment gets its own "▁" */
    {"legacy_spm", "ab ab", 0, 2, {264, 264}},
    {"legacy_spm", "<s>ab", 0, 2, {1, 264}},
    /* no byte fallback: unknown characters become <unk>, consecutive ones fused or not */
    {"unk_fused", "a\xC3\xA9\xC3\xA9", 0, 2, {262, 0}},
    {"unk_unfused", "a\xC3\xA9\xC3\xA9", 0, 3, {262, 0, 0}},
};

typedef struct tok_dexpect {
    const char *fixture;
    int n, ids[4];
    const char *text;
} tok_dexpect;

static const tok_dexpect tok_dexpects[] = {
    /* Replace("▁", " "), ByteFallback, Fuse, Strip(" ", 1, 0) */
    {"metaspace_first", 2, {264, 264}, "ab ab"},
    {"legacy_spm", 1, {259}, ""},
    {"legacy_spm", 3, {1, 264, 2}, "<s> ab</s>"},
    /* ByteFallback: a byte run that is not UTF-8 becomes one U+FFFD per byte (E5 8F: two) */
    {"metaspace_first", 2, {232, 146}, "\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"metaspace_first", 3, {232, 146, 174}, "\xE5\x8F\xAB"},
    /* Metaspace decoder: the first token loses its replacement characters, the others get spaces */
    {"metaspace_decoder", 2, {264, 264}, "ab ab"},
    /* "a b" (id 290) has a space, outside the byte-level alphabet: decoded as its UTF-8 */
    {"removed", 2, {290, 97}, "a ba"},
};

TEST(tokenizer, pipeline_constructs) {
    char tok[700], name[64];
    size_t i, n, len;
    int k, failed = 0;
    int32_t ids[32];
    char out[64];
    const char *p, *dir = tok_fixtures_dir();
    if (!dir) SKIP("needs the converter (python3)");
    for (i = 0; i < sizeof tok_expects / sizeof tok_expects[0]; i++) {
        const tok_expect *e = &tok_expects[i];
        const char *mp;
        m2_model *m;
        m2_tokenize_work *w;
        snprintf(tok, sizeof tok, "%s/%s/tokenizer.json", dir, e->fixture);
        snprintf(name, sizeof name, "fx_%s.bin", e->fixture);
        mp = tok_model(name, tok, 512);
        if (!mp || !(m = open_model(mp))) { FAIL_AT("fixture %s did not convert or load", e->fixture); continue; }
        ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
        if (m2_tokenize(m, w, e->text, -1, ids, 32, &n, e->flags) != M2_OK || (int)n != e->n) failed = 1;
        for (k = 0; !failed && k < e->n; k++) failed = ids[k] != e->ids[k];
        if (failed) {
            FAIL_AT("%s on \"%s\": %d ids expected, got %lu:", e->fixture, e->text, e->n, (unsigned long)n);
            for (k = 0; k < (int)n && k < 32; k++) fprintf(stderr, " %d", ids[k]);
            fprintf(stderr, "\n");
            failed = 0;
        }
        m2_tokenize_work_destroy(w);
        m2_model_close(m);
    }
    for (i = 0; i < sizeof tok_dexpects / sizeof tok_dexpects[0]; i++) {
        const tok_dexpect *e = &tok_dexpects[i];
        m2_model *m;
        snprintf(tok, sizeof tok, "%s/%s/tokenizer.json", dir, e->fixture);
        snprintf(name, sizeof name, "fx_%s.bin", e->fixture);
        p = tok_model(name, tok, 512);
        if (!p || !(m = open_model(p))) { FAIL_AT("fixture %s did not convert or load", e->fixture); continue; }
        if (m2_detokenize(m, e->ids, (size_t)e->n, out, sizeof out, &len) != M2_OK || len != strlen(e->text) || memcmp(out, e->text, len) != 0)
            FAIL_AT("%s: decoding %d ids gave \"%.*s\", expected \"%s\"", e->fixture, e->n, (int)len, out, e->text);
        m2_model_close(m);
    }
    {   /* ids with no token (a gap) are refused, as ids past the embedding */
        m2_model *m;
        const char *b;
        int32_t gap = 280;
        snprintf(tok, sizeof tok, "%s/removed/tokenizer.json", dir);
        p = tok_model("fx_removed.bin", tok, 512);
        ASSERT_TRUE(p && (m = open_model(p)) != NULL);
        EXPECT_EQ(m2_token_bytes(m, 280, &b, &len), M2_ERR_TOKEN_RANGE);
        EXPECT_EQ(m2_detokenize(m, &gap, 1, out, sizeof out, &len), M2_ERR_TOKEN_RANGE);
        EXPECT_EQ(m2_token_bytes(m, 301, &b, &len), M2_OK);
        EXPECT_TRUE(len == 2 && memcmp(b, "ab", 2) == 0);
        EXPECT_EQ(m2_model_chat_template(m, &b, &len), M2_ERR_UNSUPPORTED);
        m2_model_close(m);
        /* tokenizer_config.json beside the file: the "default" of a list of templates */
        snprintf(tok, sizeof tok, "%s/metaspace_first/tokenizer.json", dir);
        p = tok_model("fx_metaspace_first.bin", tok, 512);
        ASSERT_TRUE(p && (m = open_model(p)) != NULL);
        EXPECT_EQ(m2_model_chat_template(m, &b, &len), M2_OK);
        EXPECT_TRUE(len == 17 && memcmp(b, "{{ bos_token }}hi", 17) == 0);
        EXPECT_EQ(m2_model_special_token(m, "eos_token", &b, &len, &gap), M2_OK);
        EXPECT_TRUE(len == 4 && memcmp(b, "</s>", 4) == 0 && gap == 2);
        EXPECT_EQ(m2_model_config(m)->bos_id, 1);
        m2_model_close(m);
    }
}

/* A pattern that can match the empty string would match at every position of a Split without
   moving on (a crafted file hung the encoder): the loader refuses it. Lookarounds and anchors
   count as met. */
TEST(tokenizer, regex_nullable_refused) {
    static const struct { const char *what; uint32_t inst[6][3]; uint32_t n; int nullable; } cases[] = {
        {"a*", {{M2__RX_SPLIT, 1, 3}, {M2__RX_CHAR, 'a', 0}, {M2__RX_JMP, 0, 0}, {M2__RX_MATCH, 0, 0}}, 4, 1},
        {"a+", {{M2__RX_CHAR, 'a', 0}, {M2__RX_SPLIT, 0, 2}, {M2__RX_MATCH, 0, 0}}, 3, 0},
        {"(?=a)", {{M2__RX_LOOK, 0, 0}, {M2__RX_MATCH, 0, 0}}, 2, 1},
        {"^|a", {{M2__RX_SPLIT, 1, 3}, {M2__RX_ASSERT, 0, 0}, {M2__RX_MATCH, 0, 0}, {M2__RX_CHAR, 'a', 0}, {M2__RX_JMP, 2, 0}}, 5, 1},
        {"a|b", {{M2__RX_SPLIT, 1, 3}, {M2__RX_CHAR, 'a', 0}, {M2__RX_JMP, 4, 0}, {M2__RX_CHAR, 'b', 0}, {M2__RX_MATCH, 0, 0}}, 5, 0},
    };
    size_t i, k;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        m2__rx_inst inst[6];
        m2__rx rx;
        m2_allocator zeroed;
        int nullable = -1;
        memset(&zeroed, 0, sizeof zeroed); /* the default malloc / free */
        memset(&rx, 0, sizeof rx);
        for (k = 0; k < cases[i].n; k++) { inst[k].op = cases[i].inst[k][0]; inst[k].x = cases[i].inst[k][1]; inst[k].y = cases[i].inst[k][2]; }
        rx.inst = inst;
        rx.n_inst = cases[i].n;
        ASSERT_TRUE(m2__rx_nullable(&rx, &zeroed, &nullable));
        if (nullable != cases[i].nullable) FAIL_AT("%s: nullable %d, expected %d", cases[i].what, nullable, cases[i].nullable);
    }
}

/* The regex engine runs in time linear in the text: 1 MB of spaces, of letters, of a letter
   against a nested quantifier. A backtracking engine takes hours on the last one. */
TEST(tokenizer, regex_linear_time) {
    char tok[700], name[64];
    const char *dir = tok_fixtures_dir();
    static const char *const fx[3] = {"lookahead", "inverted", "nested"};
    static const char fill[3] = {' ', 'a', 'a'};
    size_t big = (size_t)1 << 20, n, f;
    char *text;
    int32_t *ids;
    if (!dir) SKIP("needs the converter (python3)");
    text = (char *)malloc(big);
    ids = (int32_t *)malloc(big * sizeof(int32_t));
    ASSERT_TRUE(text && ids);
    for (f = 0; f < 3; f++) {
        const char *mp;
        m2_model *m;
        m2_tokenize_work *w;
        double t0, secs;
        snprintf(tok, sizeof tok, "%s/%s/tokenizer.json", dir, fx[f]);
        snprintf(name, sizeof name, "fx_%s.bin", fx[f]);
        mp = tok_model(name, tok, 512);
        if (!mp || !(m = open_model(mp))) { FAIL_AT("fixture %s did not convert or load", fx[f]); continue; }
        ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
        memset(text, fill[f], big);
        t0 = tv2_seconds();
        EXPECT_EQ(m2_tokenize(m, w, text, (ptrdiff_t)big, ids, big, &n, 0), M2_OK);
        secs = tv2_seconds() - t0;
        printf("  1 MB of '%c' against %s: %lu ids, %.2f s\n", fill[f], fx[f], (unsigned long)n, secs);
        EXPECT_TRUE(secs < 20.0);
        m2_tokenize_work_destroy(w);
        m2_model_close(m);
    }
    free(text);
    free(ids);
}

/* The regex engine's start table (ASCII start threads filtered by the character) against the
   general closure, on random text, for every Split regex of the fixtures that has one. */
TEST(tokenizer, regex_start_table_matches_closure) {
    static const char *const fx[] = {"nocase", "counted", "inverted", "three_splits", "nested", "removed"};
    static const char *const alphabet[] = {"a", "b", "A", "B", "1", " ", ",", "'", "\n", "c", "\xC3\xA9", "\xE4\xB8\xAD", "\xE3\x80\x80"};
    char tok[700], name[64];
    const char *dir = tok_fixtures_dir();
    size_t f, k;
    if (!dir) SKIP("needs the converter (python3)");
    for (f = 0; f < sizeof fx / sizeof fx[0]; f++) {
        const char *mp;
        m2_model *m;
        m2_tokenize_work *w;
        int32_t dummy[4];
        size_t nd, iter;
        uint32_t r;
        snprintf(tok, sizeof tok, "%s/%s/tokenizer.json", dir, fx[f]);
        snprintf(name, sizeof name, "fx_%s.bin", fx[f]);
        mp = tok_model(name, tok, 512);
        if (!mp || !(m = open_model(mp))) { FAIL_AT("fixture %s did not convert or load", fx[f]); continue; }
        ASSERT_EQ(m2_tokenize_work_create(&w, m, NULL), M2_OK);
        m2_tokenize(m, w, "x", 1, dummy, 4, &nd, 0); /* sizes the VM's lists */
        for (r = 0; r < m->tok->n_rx; r++) {
            m2__rx *rx = &m->tok->rx[r];
            for (iter = 0; iter < 200; iter++) {
                char text[256];
                size_t n = 0, len = (size_t)(tok_rand() % 24), pos;
                for (k = 0; k < len; k++) {
                    const char *a = alphabet[tok_rand() % (sizeof alphabet / sizeof alphabet[0])];
                    memcpy(text + n, a, strlen(a));
                    n += strlen(a);
                }
                for (pos = 0; pos <= n; pos++) {
                    size_t s1 = 0, e1 = 0, s2 = 0, e2 = 0;
                    int st = rx->start_static, f1, f2;
                    if ((text[pos] & 0xC0) == 0x80) continue;
                    f1 = m2__rx_find(rx, w, (const unsigned char *)text, n, pos, &s1, &e1);
                    rx->start_static = 0;
                    f2 = m2__rx_find(rx, w, (const unsigned char *)text, n, pos, &s2, &e2);
                    rx->start_static = st;
                    if (f1 != f2 || s1 != s2 || e1 != e2) {
                        FAIL_AT("%s regex %lu at %lu of \"%.*s\": [%lu,%lu) vs [%lu,%lu)", fx[f], (unsigned long)r, (unsigned long)pos, (int)n, text,
                                (unsigned long)s1, (unsigned long)e1, (unsigned long)s2, (unsigned long)e2);
                        iter = 200;
                        break;
                    }
                }
            }
        }
        m2_tokenize_work_destroy(w);
        m2_model_close(m);
    }
}

/* The GPT-NeoX tokenizer packed as version 2 (a tokenizer_config.json beside it forces that): the
   general pipeline and the regex engine running the GPT-2 pattern must give every reference case
   that version 1's hand-written matcher gives. */
static const char *neox_v2_model(void) {
    char dir[600], cmd[2400], tok[700];
    if (!shared_dir() || no_external) return NULL;
    snprintf(dir, sizeof dir, "%s/neox_v2", tmp_dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s/data/gpt-neox-20b/tokenizer.json' '%s/' && printf '{\"eos_token\": \"<|endoftext|>\"}' > '%s/tokenizer_config.json'",
             dir, shared_dir(), dir, dir);
    if (run_command(cmd) != 0) return NULL;
    snprintf(tok, sizeof tok, "%s/tokenizer.json", dir);
    return tok_model("neox_v2.bin", tok, 50288);
}

TEST(tokenizer, neox_cases_through_version_2) {
    char path[1100];
    const char *mp;
    NEED_SHARED();
    if (no_external) SKIP("needs the converter (python3)");
    mp = neox_v2_model();
    NEED_CONVERTED(mp);
    ASSERT_TRUE(mp != NULL);
    {   /* it is version 2 */
        m2_model *m = open_model(mp);
        ASSERT_TRUE(m != NULL);
        EXPECT_EQ(m->tok->version, 2);
        m2_model_close(m);
    }
    snprintf(path, sizeof path, "%s/golden/tokenizer/cases.json", shared_dir());
    run_tok_cases(mp, path, 44);
    run_tok_cases(mp, "tests/data/tokenizer_cases.json", 4000);
}

/* Tokenize text on two work areas, one with every fast path (word cache, long words cut at
   junctions no merge spans, the regex DFA) and one with none of them; the ids must be the same.
   Twice on the fast one, so the second pass runs on a warm cache and DFA. */
static int tok_fast_vs_plain(const char *label, m2_model *m, m2_tokenize_work *fast, m2_tokenize_work *plain,
                             const char *text, size_t len, int32_t *a, int32_t *b, size_t cap) {
    size_t na = 0, nb = 0, i, pass;
    EXPECT_EQ(m2_tokenize(m, plain, text, (ptrdiff_t)len, b, cap, &nb, 0), M2_OK);
    for (pass = 0; pass < 2; pass++) {
        EXPECT_EQ(m2_tokenize(m, fast, text, (ptrdiff_t)len, a, cap, &na, 0), M2_OK);
        for (i = 0; i < na && i < nb && a[i] == b[i]; i++) {}
        if (na != nb || i < na) {
            FAIL_AT("%s, pass %lu: fast and plain paths differ at id %lu of %lu / %lu (text of %lu bytes)", label,
                    (unsigned long)pass, (unsigned long)i, (unsigned long)na, (unsigned long)nb, (unsigned long)len);
            return 0;
        }
    }
    return 1;
}

TEST(tokenizer, fast_paths_match_plain) {
    static const char *const fx[] = {"removed", "inverted", "three_splits", "merged_next", "contiguous", "lookahead", "counted",
                                     "nested", "nocase", "nfkc_lower", "nfc", "metaspace_first", "metaspace_nosplit",
                                     "legacy_spm", "unk_fused", "unk_unfused", "metaspace_decoder"};
    /* pieces of text: words, runs of spaces and digits, contractions, letters of other scripts,
       combining marks, the metaspace character, added-token text, and invalid UTF-8 */
    static const char *const pieces[] = {"a", "b", "c", "ab", "abc", " ", "  ", "   ", "\n", "\r\n", "\t", "1", "23", "4567",
                                         "'s", "'LL", "'re", "The", " the", " and", ",", ".", "!?", "--", "\xC3\xA9", "e\xCC\x81",
                                         "\xE4\xB8\xAD\xE6\x96\x87", "\xE3\x80\x80", "\xF0\x9F\x98\x80", "\xE2\x96\x81", "<s>", "</s>",
                                         "<unk>", "Hello", " world", "\xFF", "\xC3", "\xE4\xB8", "\xED\xA0\x80", "\xC0\xAF", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    enum { N_MODELS = sizeof fx / sizeof fx[0] + 4 };
    const char *dir = tok_fixtures_dir();
    size_t big = (size_t)1 << 20, cap = big + 64, f, k, iter;
    char *text = (char *)malloc(big + 1), *book = NULL;
    size_t book_len = 0;
    int32_t *a = (int32_t *)malloc(cap * sizeof(int32_t)), *b = (int32_t *)malloc(cap * sizeof(int32_t));
    int tested = 0;
    ASSERT_TRUE(text && a && b);
    if (shared_dir()) { /* a real text: the first 256 KB of the book the benchmark encodes */
        char path[1100];
        FILE *fp;
        snprintf(path, sizeof path, "%s/data/corpus/public-domain/pg514_alcott_little_women.txt", shared_dir());
        if ((fp = fopen(path, "rb")) != NULL && (book = (char *)malloc((size_t)1 << 18)) != NULL)
            book_len = fread(book, 1, (size_t)1 << 18, fp);
        if (fp) fclose(fp);
    }
    for (f = 0; f < N_MODELS; f++) {
        char tok[1100], name[64], label[96];
        const char *mp = NULL;
        m2_model *m;
        m2_tokenize_work *fast, *plain;
        int real = f >= sizeof fx / sizeof fx[0];
        if (!real) {
            if (!dir) continue;
            snprintf(tok, sizeof tok, "%s/%s/tokenizer.json", dir, fx[f]);
            snprintf(name, sizeof name, "fx_%s.bin", fx[f]);
            mp = tok_model(name, tok, 512);
            snprintf(label, sizeof label, "fixture %s", fx[f]);
        } else if (shared_dir()) {
            size_t r = f - sizeof fx / sizeof fx[0];
            static const char *const real_dirs[2] = {"llama2", "llama3"};
            static const int real_vocab[2] = {32000, 128256};
            if (r < 2) {
                snprintf(tok, sizeof tok, "%s/golden/tokenizers/%s/tokenizer.json", shared_dir(), real_dirs[r]);
                if (file_exists(tok)) mp = tok_model(real_dirs[r], tok, real_vocab[r]);
                snprintf(label, sizeof label, "%s", real_dirs[r]);
            } else {
                mp = r == 2 ? neox_model() : neox_v2_model();
                snprintf(label, sizeof label, r == 2 ? "GPT-NeoX" : "GPT-NeoX as version 2");
            }
        }
        if (!mp || !(m = open_model(mp))) continue;
        ASSERT_EQ(m2_tokenize_work_create(&fast, m, NULL), M2_OK);
        ASSERT_EQ(m2_tokenize_work_create(&plain, m, NULL), M2_OK);
        plain->plain = M2__TOKW_NO_CACHE | M2__TOKW_NO_CUT | M2__TOKW_NO_DFA;
        tested++;
        for (iter = 0; iter < (real ? 60u : 30u); iter++) {
            size_t n = 0, count = (size_t)(tok_rand() % 400);
            for (k = 0; k < count; k++) {
                const char *p = pieces[tok_rand() % (sizeof pieces / sizeof pieces[0])];
                memcpy(text + n, p, strlen(p));
                n += strlen(p);
            }
            if (!tok_fast_vs_plain(label, m, fast, plain, text, n, a, b, cap)) break;
        }
        if (real && book_len) tok_fast_vs_plain(label, m, fast, plain, book, book_len, a, b, cap);
        if (real) { /* 1 MB of one character, of spaces, of digits: linear on the fast path too */
            static const char fill[3] = {'a', ' ', '7'};
            for (k = 0; k < 3; k++) {
                double t0, secs;
                size_t n = 0;
                memset(text, fill[k], big);
                t0 = tv2_seconds();
                EXPECT_EQ(m2_tokenize(m, fast, text, (ptrdiff_t)big, a, cap, &n, 0), M2_OK);
                secs = tv2_seconds() - t0;
                printf("  %s: 1 MB of '%c': %lu ids, %.2f s\n", label, fill[k], (unsigned long)n, secs);
                EXPECT_TRUE(secs < 20.0);
                tok_fast_vs_plain(label, m, fast, plain, text, big, a, b, cap);
            }
        }
        m2_tokenize_work_destroy(fast);
        m2_tokenize_work_destroy(plain);
        m2_model_close(m);
    }
    free(text);
    free(book);
    free(a);
    free(b);
    if (!tested) SKIP("needs the converter (python3) or ../shared");
}
