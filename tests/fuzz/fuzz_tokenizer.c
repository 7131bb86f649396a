/* fuzz_tokenizer.c - libFuzzer harness: m2_tokenize / m2_detokenize / streaming decode.
   A small word cache (MAMBA2_TOKENIZER_CACHE_SLOTS below): every input makes a fresh work area, and
   zeroing the default 3 MiB each time took most of the run; evictions get exercised too.

   The model comes from $FUZZ_TOK_MODEL (default build/fuzz/neox_tok.bin, written by make_seeds.py:
   a 1-layer random model carrying the GPT-NeoX tokenizer). Input: a flags byte, then bytes.
     flags bit 0: M2_TOKENIZE_NO_SPECIAL
     flags bit 1: the bytes are token ids (2 bytes each, mapped to [-4, vocab_rows + 4)) for the
                  decoders, instead of text for the encoder

   Invariants, text (bit 1 clear):
   - m2_tokenize succeeds; every id is in [0, vocab_rows) and has bytes (m2_token_bytes);
     a buffer one id too small gives M2_ERR_BUFFER_TOO_SMALL with the same count;
   - the same text gives the same ids with the same work area (its cache) and with a fresh one;
   - decode(encode(x)) is valid UTF-8, and encode(decode(encode(x))) == encode(x) (the decoded
     text is already lossy-cleaned and normalised, so a second trip changes nothing);
   - for ASCII x, decode(encode(x)) == x exactly;
   - with ICU (built with -DFUZZ_WITH_ICU, linked with -licuuc): decode(encode(x)) == NFC(x after
     invalid UTF-8 became U+FFFD), the lossy step and NFC both done by ICU - checked when every
     character of x was assigned by Unicode 9.0 (the NFC version of the reference tokenizer, see
     src/unicode_tables.inc). Files whose added tokens make round trips lossy (lstrip/rstrip, or
     contents that decode to other bytes) only get the checks that do not assume a round trip.
   Section (bit 2 set; bit 1 ignored): a tokenizer section of its own follows - u16 text length,
   the text, then the section bytes (seeds: tok_version 2 sections of the fixture files in
   tests/tok_fixtures.py, written by make_seeds.py) - which exercises the section parser, the regex
   programs it carries (the Pike VM on any program the checks let through) and the pipeline:
   - loading either fails with a message or succeeds; then the text encodes with ids in range,
     deterministically (twice, the second time from the word cache), and decodes.
   Ids (bit 1 set):
   - m2_detokenize and the streaming decoder agree on which ids are refused (M2_ERR_TOKEN_RANGE);
   - streaming (m2_decode_stream per id, then m2_decoder_flush) equals one-shot m2_detokenize;
     each piece is at most 3 x (token length + 3) bytes; a buffer one byte too small gives
     M2_ERR_BUFFER_TOO_SMALL and leaves the decoder as it was; the output is valid UTF-8. */
#define MAMBA2_TOKENIZER_CACHE_SLOTS 256
#include "fuzz_common.h"

#ifdef FUZZ_WITH_ICU
#include <unicode/ustring.h>
#include <unicode/unorm2.h>
#include <unicode/uchar.h>
#endif

static unsigned char *g_buf;
static m2_model *g_m;
static m2_tokenize_work *g_work;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    const char *path = getenv("FUZZ_TOK_MODEL");
    FILE *f;
    long len;
    char err[256];
    m2_result r;
    (void)argc; (void)argv;
    if (!path || !*path) path = "build/fuzz/neox_tok.bin";
    f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "fuzz_tokenizer: cannot read %s (run tests/fuzz/make_seeds.py, or set FUZZ_TOK_MODEL)\n", path);
        abort();
    }
    if (posix_memalign((void **)&g_buf, 64, (size_t)len) != 0 || fread(g_buf, 1, (size_t)len, f) != (size_t)len) abort();
    fclose(f);
    r = m2_model_open_memory(&g_m, g_buf, (size_t)len, NULL, err, sizeof err);
    if (r != M2_OK) { fprintf(stderr, "fuzz_tokenizer: %s: %s\n", path, err); abort(); }
    r = m2_tokenize_work_create(&g_work, g_m, NULL);
    if (r != M2_OK) {
        fprintf(stderr, "fuzz_tokenizer: %s: %s (does this mamba2.h have the tokenizer yet?)\n", path, m2_result_str(r));
        abort();
    }
    return 0;
}

/* encode with a buffer that is large enough (malloc'd ids; *n the count) */
static int32_t *encode(m2_tokenize_work *w, const unsigned char *text, size_t len, unsigned flags, size_t *n) {
    size_t cap = 3 * len + 16, need = 0;
    int32_t *ids = (int32_t *)malloc(cap * sizeof *ids);
    m2_result r;
    FUZZ_CHECK(ids != NULL);
    r = m2_tokenize(g_m, w, (const char *)text, (ptrdiff_t)len, ids, cap, &need, flags);
    if (r == M2_ERR_BUFFER_TOO_SMALL) {
        FUZZ_CHECK(need > cap);
        free(ids);
        cap = need;
        ids = (int32_t *)malloc(cap * sizeof *ids);
        FUZZ_CHECK(ids != NULL);
        r = m2_tokenize(g_m, w, (const char *)text, (ptrdiff_t)len, ids, cap, &need, flags);
    }
    FUZZ_CHECK(r == M2_OK);
    FUZZ_CHECK(need <= cap);
    *n = need;
    return ids;
}

static char *decode(const int32_t *ids, size_t n, size_t *out_len) {
    size_t need = 0;
    char *out;
    m2_result r = m2_detokenize(g_m, ids, n, NULL, 0, &need);
    FUZZ_CHECK(r == M2_OK || r == M2_ERR_BUFFER_TOO_SMALL);
    out = (char *)malloc(need + 1);
    FUZZ_CHECK(out != NULL);
    r = m2_detokenize(g_m, ids, n, out, need, out_len);
    FUZZ_CHECK(r == M2_OK && *out_len == need);
    if (need) { /* one byte short: refused, with the full length */
        size_t l2 = 0;
        FUZZ_CHECK(m2_detokenize(g_m, ids, n, out, need - 1, &l2) == M2_ERR_BUFFER_TOO_SMALL && l2 == need);
    }
    return out;
}

#ifdef FUZZ_WITH_ICU
/* NFC(lossy(x)) by ICU, as UTF-8; NULL when x holds a character assigned after Unicode 9.0 */
static char *icu_expected(const unsigned char *x, size_t n, size_t *out_len) {
    UErrorCode e = U_ZERO_ERROR;
    int32_t n16 = 0, nn = 0, n8 = 0, i;
    UChar *u16, *norm;
    char *out;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
    FUZZ_CHECK(U_SUCCESS(e));
    if (n > 100000) return NULL;
    u16 = (UChar *)malloc((2 * n + 2) * sizeof(UChar));
    FUZZ_CHECK(u16 != NULL);
    u_strFromUTF8WithSub(u16, (int32_t)(2 * n + 2), &n16, (const char *)x, (int32_t)n, 0xFFFD, NULL, &e);
    FUZZ_CHECK(U_SUCCESS(e));
    for (i = 0; i < n16;) {
        UChar32 c;
        UVersionInfo age;
        U16_NEXT(u16, i, n16, c);
        u_charAge(c, age);
        if (age[0] > 9 || (age[0] == 9 && (age[1] | age[2] | age[3]))) { free(u16); return NULL; }
    }
    norm = (UChar *)malloc((4 * (size_t)n16 + 8) * sizeof(UChar));
    FUZZ_CHECK(norm != NULL);
    nn = unorm2_normalize(nfc, u16, n16, norm, 4 * n16 + 8, &e);
    FUZZ_CHECK(U_SUCCESS(e));
    out = (char *)malloc(3 * (size_t)nn + 8);
    FUZZ_CHECK(out != NULL);
    u_strToUTF8(out, 3 * nn + 8, &n8, norm, nn, &e);
    FUZZ_CHECK(U_SUCCESS(e));
    free(u16);
    free(norm);
    *out_len = (size_t)n8;
    return out;
}
#endif

static void show(const char *what, const void *p, size_t n) {
    size_t i;
    fprintf(stderr, "%s (%zu bytes):", what, n);
    for (i = 0; i < n && i < 200; i++) fprintf(stderr, " %02x", ((const unsigned char *)p)[i]);
    fprintf(stderr, "\n");
}

static void fuzz_text(const unsigned char *text, size_t len, unsigned flags) {
    size_t n = 0, n2 = 0, n3 = 0, dl = 0, i, need = 0;
    int32_t *ids, *ids2, *ids3;
    char *dec;
    int ascii = 1, exact;
    m2_tokenize_work *fresh = NULL;
#ifdef FUZZ_HAVE_TOKENIZER
    exact = fuzz_tok_roundtrip_expected(g_m);
#else
    exact = 1;
#endif

    ids = encode(g_work, text, len, flags, &n);
    for (i = 0; i < n; i++) {
        const char *b;
        size_t bl;
        FUZZ_CHECK(ids[i] >= 0 && ids[i] < m2_model_config(g_m)->vocab_rows);
        FUZZ_CHECK(m2_token_bytes(g_m, ids[i], &b, &bl) == M2_OK && bl > 0);
    }
    if (n) { /* one id short */
        FUZZ_CHECK(m2_tokenize(g_m, g_work, (const char *)text, (ptrdiff_t)len, ids, n - 1, &need, flags) == M2_ERR_BUFFER_TOO_SMALL);
        FUZZ_CHECK(need == n);
    }
    /* the cache changes nothing: the same work area again, and a fresh one */
    ids2 = encode(g_work, text, len, flags, &n2);
    FUZZ_CHECK(n2 == n && memcmp(ids, ids2, n * sizeof *ids) == 0);
    free(ids2);
    FUZZ_CHECK(m2_tokenize_work_create(&fresh, g_m, NULL) == M2_OK);
    ids2 = encode(fresh, text, len, flags, &n2);
    if (n2 != n || memcmp(ids, ids2, n * sizeof *ids) != 0) {
        show("text", text, len);
        show("ids (warm cache)", ids, n * 4);
        show("ids (fresh work)", ids2, n2 * 4);
        FUZZ_CHECK(!"a warm work area encodes differently from a fresh one");
    }
    free(ids2);
    m2_tokenize_work_destroy(fresh);

    dec = decode(ids, n, &dl);
    FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)dec, dl));
    for (i = 0; i < len; i++) ascii &= text[i] < 0x80;
    if (exact) {
        if (ascii && (dl != len || memcmp(dec, text, len) != 0)) {
            show("text", text, len);
            show("decode(encode(text))", dec, dl);
            FUZZ_CHECK(!"ASCII text does not round-trip");
        }
        /* a second trip changes nothing */
        ids3 = encode(g_work, (const unsigned char *)dec, dl, flags, &n3);
        if (n3 != n || memcmp(ids, ids3, n * sizeof *ids) != 0) {
            show("text", text, len);
            show("decoded", dec, dl);
            show("ids", ids, n * 4);
            show("ids of the decoded text", ids3, n3 * 4);
            FUZZ_CHECK(!"encode(decode(encode(x))) != encode(x)");
        }
        free(ids3);
#ifdef FUZZ_WITH_ICU
        {
            size_t el = 0;
            char *exp = icu_expected(text, len, &el);
            if (exp && (el != dl || memcmp(exp, dec, dl) != 0)) {
                show("text", text, len);
                show("decode(encode(text))", dec, dl);
                show("ICU NFC(lossy(text))", exp, el);
                FUZZ_CHECK(!"decode(encode(x)) != NFC(lossy(x))");
            }
            free(exp);
        }
#endif
    }
    free(dec);
    free(ids);
}

static void fuzz_ids(const unsigned char *p, size_t len) {
    int V = m2_model_config(g_m)->vocab_rows;
    size_t n = len / 2, i, one_len = 0, cap, o = 0, l;
    int32_t *ids = (int32_t *)malloc((n ? n : 1) * sizeof *ids);
    char *one, *stream, piece[64 * 3 + 64];
    m2_result r1, r;
    m2_decoder dec;
    int bad_index = -1;
    FUZZ_CHECK(ids != NULL);
    for (i = 0; i < n; i++) ids[i] = (int32_t)(((uint32_t)p[2 * i] | (uint32_t)p[2 * i + 1] << 8) % (uint32_t)(V + 8)) - 4;
    for (i = 0; i < n && bad_index < 0; i++) {
        const char *b;
        size_t bl;
        if (m2_token_bytes(g_m, ids[i], &b, &bl) != M2_OK) bad_index = (int)i;
    }
    r1 = m2_detokenize(g_m, ids, n, NULL, 0, &one_len);
    if (bad_index >= 0) {
        FUZZ_CHECK(r1 == M2_ERR_TOKEN_RANGE);
    } else {
        FUZZ_CHECK(r1 == M2_OK || r1 == M2_ERR_BUFFER_TOO_SMALL);
        if (r1 == M2_OK) FUZZ_CHECK(one_len == 0);
    }
    cap = one_len + 16; /* and room for every piece the stream may write before a refused id */
    for (i = 0; i < n; i++) {
        const char *b;
        size_t bl;
        if (m2_token_bytes(g_m, ids[i], &b, &bl) == M2_OK) cap += M2_DECODE_MAX(bl);
    }
    one = (char *)malloc(cap);
    stream = (char *)malloc(cap);
    FUZZ_CHECK(one && stream);
    if (bad_index < 0) {
        FUZZ_CHECK(m2_detokenize(g_m, ids, n, one, cap, &one_len) == M2_OK);
        FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)one, one_len));
    }
    m2_decoder_init(&dec);
    for (i = 0; i < n; i++) {
        const char *b;
        size_t bl = 0, need = 0;
        m2_decoder before = dec;
        char *dst;
        r = m2_decode_stream(g_m, &dec, ids[i], NULL, 0, &need);
        if ((int)i == bad_index) { /* the id the one-shot decoder refused */
            FUZZ_CHECK(r == M2_ERR_TOKEN_RANGE);
            FUZZ_CHECK(memcmp(&before, &dec, sizeof dec) == 0);
            break;
        }
        FUZZ_CHECK(r == M2_OK || r == M2_ERR_BUFFER_TOO_SMALL);
        FUZZ_CHECK(m2_token_bytes(g_m, ids[i], &b, &bl) == M2_OK);
        if (r == M2_OK) { /* nothing to write yet (a split character is held back): consumed */
            FUZZ_CHECK(need == 0);
            continue;
        }
        FUZZ_CHECK(need > 0 && need <= 3 * (bl + 3));
        FUZZ_CHECK(memcmp(&before, &dec, sizeof dec) == 0); /* too small: untouched */
        dst = need <= sizeof piece ? piece : (char *)malloc(need);
        FUZZ_CHECK(dst != NULL);
        {
            size_t l2 = 0;
            FUZZ_CHECK(m2_decode_stream(g_m, &dec, ids[i], dst, need - 1, &l2) == M2_ERR_BUFFER_TOO_SMALL && l2 == need);
            FUZZ_CHECK(memcmp(&before, &dec, sizeof dec) == 0);
        }
        FUZZ_CHECK(m2_decode_stream(g_m, &dec, ids[i], dst, need, &l) == M2_OK && l == need);
        FUZZ_CHECK(o + l <= cap);
        memcpy(stream + o, dst, l);
        o += l;
        if (dst != piece) free(dst);
    }
    if (bad_index < 0) {
        FUZZ_CHECK(m2_decoder_flush(&dec, piece, sizeof piece, &l) == M2_OK);
        FUZZ_CHECK(o + l <= cap);
        memcpy(stream + o, piece, l);
        o += l;
        if (o != one_len || memcmp(stream, one, o) != 0) {
            show("ids", ids, n * 4);
            show("one-shot", one, one_len);
            show("streamed", stream, o);
            FUZZ_CHECK(!"streaming decode differs from m2_detokenize");
        }
    }
    free(one);
    free(stream);
    free(ids);
}

/* a section from the input, loaded as the model loader does, and used through a model of its own */
static void fuzz_section(const uint8_t *data, size_t size) {
    struct m2__tokenizer *t = NULL;
    m2_model fake;
    m2_tokenize_work *w = NULL;
    char err[256];
    size_t tl, n1 = 0, n2 = 0, k, dl = 0;
    int32_t ids1[512], ids2[512];
    char *dec;
    unsigned char *sec;
    if (size < 2) return;
    tl = (size_t)data[0] | (size_t)data[1] << 8;
    if (tl > size - 2) return;
    sec = (unsigned char *)malloc(size - 2 - tl + 1);
    FUZZ_CHECK(sec != NULL);
    memcpy(sec, data + 2 + tl, size - 2 - tl);
    err[0] = 0;
    if (m2__tokenizer_load(&t, sec, size - 2 - tl, 1 << 20, &g_m->alloc, err, sizeof err) != M2_OK) {
        FUZZ_CHECK(err[0] != 0); /* every refusal says why */
        free(sec);
        return;
    }
    memset(&fake, 0, sizeof fake);
    fake.alloc = g_m->alloc;
    fake.tok = t;
    FUZZ_CHECK(m2_tokenize_work_create(&w, &fake, NULL) == M2_OK);
    if (m2_tokenize(&fake, w, (const char *)data + 2, (ptrdiff_t)tl, ids1, 512, &n1, M2_TOKENIZE_ADD_SPECIAL) == M2_OK) {
        FUZZ_CHECK(m2_tokenize(&fake, w, (const char *)data + 2, (ptrdiff_t)tl, ids2, 512, &n2, M2_TOKENIZE_ADD_SPECIAL) == M2_OK);
        FUZZ_CHECK(n1 == n2 && memcmp(ids1, ids2, n1 * sizeof(int32_t)) == 0);
        for (k = 0; k < n1; k++) FUZZ_CHECK(ids1[k] >= 0 && (uint32_t)ids1[k] < t->n_vocab);
        if (m2_detokenize(&fake, ids1, n1, NULL, 0, &dl) != M2_ERR_TOKEN_RANGE) {
            dec = (char *)malloc(dl + 1);
            FUZZ_CHECK(dec != NULL);
            FUZZ_CHECK(m2_detokenize(&fake, ids1, n1, dec, dl, &dl) == M2_OK);
            free(dec);
        }
    }
    m2_tokenize_work_destroy(w);
    m2__tokenizer_free(t, &g_m->alloc);
    free(sec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t flags;
    if (size < 1) return 0;
    flags = data[0];
    if (flags & 4) fuzz_section(data + 1, size - 1);
    else if (flags & 2) fuzz_ids(data + 1, size - 1);
    else fuzz_text(data + 1, size - 1, (flags & 1) ? M2_TOKENIZE_NO_SPECIAL : 0u);
    return 0;
}
