/* fuzz_common.h - shared by the libFuzzer harnesses in tests/fuzz/ (see README.md there).

   Each harness is one translation unit that defines MAMBA2_IMPLEMENTATION, so the m2__ internals
   (CRC, little-endian readers) are at hand. Build from the repository root:

       clang -g -O1 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/fuzz_load.c -lm -o fuzz_load

   (-I DIR before -I. fuzzes another copy of mamba2.h, e.g. a patched one.)

   What lives here:
   - FUZZ_CHECK(cond): an invariant; on failure prints the condition and aborts, which libFuzzer
     reports as a crash and saves the input.
   - A budget allocator (fuzz_alloc): every byte the library allocates is counted and a single
     allocation above FUZZ_MAX_ALLOC is refused (returns NULL), so "a file asks for 300 GB" tests
     the library's out-of-memory path instead of tripping libFuzzer's malloc limit. The harnesses
     compare the counts with what the input holds.
   - fuzz_synth_model(): a small valid model file in memory (tools/random_model.h).
   - fuzz_refresh_model_crc() / fuzz_refresh_snapshot_crc(): recompute a checksum after a change,
     so the fuzzer reaches the checks behind it. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#define _POSIX_C_SOURCE 200809L
#define MAMBA2_IMPLEMENTATION
#include "mamba2.h"
#include "tools/random_model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define FUZZ_CHECK(cond) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "FUZZ INVARIANT FAILED at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
            abort(); \
        } \
    } while (0)

/* ------------------------------------------------------------------ counting allocator */

#ifndef FUZZ_MAX_ALLOC
#define FUZZ_MAX_ALLOC ((size_t)256 << 20) /* larger single requests get NULL */
#endif

typedef struct fuzz_budget {
    size_t live, peak, total, refused, limit;
    size_t max_request; /* largest single request, granted or not */
} fuzz_budget;

/* A 64-byte header keeps the returned pointer 64-byte aligned when malloc's is (glibc: 16, so
   the library must not assume more: it aligns its own blocks). */
#define FUZZ_HDR 64u
static inline void *fuzz_alloc_fn(size_t size, void *user) {
    fuzz_budget *b = (fuzz_budget *)user;
    unsigned char *p;
    size_t limit = b->limit ? b->limit : FUZZ_MAX_ALLOC;
    if (size > b->max_request) b->max_request = size;
    if (size > limit || b->live + size > 3 * limit) { b->refused++; return NULL; }
    p = (unsigned char *)malloc(size + FUZZ_HDR);
    if (!p) { b->refused++; return NULL; }
    memcpy(p, &size, sizeof size);
    b->live += size;
    b->total += size;
    if (b->live > b->peak) b->peak = b->live;
    return p + FUZZ_HDR;
}
static inline void fuzz_free_fn(void *ptr, void *user) {
    fuzz_budget *b = (fuzz_budget *)user;
    unsigned char *p;
    size_t size;
    if (!ptr) return;
    p = (unsigned char *)ptr - FUZZ_HDR;
    memcpy(&size, p, sizeof size);
    FUZZ_CHECK(b->live >= size);
    b->live -= size;
    free(p);
}
static inline m2_allocator fuzz_allocator(fuzz_budget *b) {
    m2_allocator a;
    memset(b, 0, sizeof *b);
    a.alloc = fuzz_alloc_fn;
    a.free = fuzz_free_fn;
    a.user = b;
    return a;
}

/* ------------------------------------------------------------------ buffers */

/* A 64-byte aligned copy (m2_model_open_memory requires the alignment). free() it. */
static inline unsigned char *fuzz_aligned_copy(const uint8_t *data, size_t size) {
    void *p = NULL;
    if (posix_memalign(&p, 64, size ? size : 1) != 0) return NULL;
    if (size) memcpy(p, data, size);
    return (unsigned char *)p;
}

/* Recomputes meta_crc32 (FORMAT.md: CRC-32 of bytes 0 .. data_offset with bytes 140..144 as zero)
   when data_offset lies inside the buffer; otherwise leaves the buffer alone. */
static inline void fuzz_refresh_model_crc(unsigned char *buf, size_t size) {
    static const unsigned char zero4[4] = {0, 0, 0, 0};
    uint64_t data_off;
    uint32_t crc;
    if (size < 160) return;
    data_off = m2__rd64(buf + 56);
    if (data_off < 144 || data_off > size) return;
    crc = m2__crc32(0, buf, 140);
    crc = m2__crc32(crc, zero4, 4);
    crc = m2__crc32(crc, buf + 144, (size_t)data_off - 144);
    m2__wr32(buf + 140, crc);
}

/* A session snapshot ends with a checksum of everything before it (u64 m2__hash64). */
static inline void fuzz_refresh_snapshot_crc(unsigned char *buf, size_t size) {
    if (size < 8) return;
    m2__wr64(buf + size - 8, m2__hash64(buf, size - 8));
}

/* ------------------------------------------------------------------ synthetic models */

/* A valid model file with random weights (64-byte aligned, malloc'd; free() it). */
static inline unsigned char *fuzz_synth_model(int D, int L, int V, int vocab_size, int N, int K, int P, int H, int G,
                                       int tied, int norm_before_gate, m2_dtype dtype, uint64_t seed, size_t *size_out) {
    rm_shape s;
    rm_membuf mb = {NULL, 0, 0};
    unsigned char *out;
    memset(&s, 0, sizeof s);
    s.d_model = D; s.n_layer = L; s.vocab_rows = V; s.vocab_size = vocab_size; s.d_state = N;
    s.d_conv = K; s.headdim = P; s.nheads = H; s.ngroups = G; s.chunk_size = 16;
    s.tied = tied; s.norm_before_gate = norm_before_gate; s.dtype = dtype;
    if (rm_write(&s, seed, rm_mem_sink, &mb) != 0) { free(mb.data); return NULL; }
    out = fuzz_aligned_copy(mb.data, mb.size);
    free(mb.data);
    *size_out = mb.size;
    return out;
}

/* little-endian field readers over fuzzer input that may run short (missing bytes read as 0) */
typedef struct fuzz_reader { const uint8_t *p; size_t n; } fuzz_reader;
static inline uint8_t fuzz_u8(fuzz_reader *r) {
    uint8_t v = 0;
    if (r->n) { v = r->p[0]; r->p++; r->n--; }
    return v;
}
static inline uint32_t fuzz_u32(fuzz_reader *r) {
    uint32_t v = 0;
    int i;
    for (i = 0; i < 4; i++) v |= (uint32_t)fuzz_u8(r) << (8 * i);
    return v;
}
static inline uint64_t fuzz_u64(fuzz_reader *r) { uint64_t lo = fuzz_u32(r); return lo | ((uint64_t)fuzz_u32(r) << 32); }
static inline float fuzz_f32(fuzz_reader *r) {
    uint32_t u = fuzz_u32(r);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline int fuzz_all_finite(const float *v, size_t n) {
    size_t i;
    for (i = 0; i < n; i++)
        if (!isfinite(v[i])) return 0;
    return 1;
}

/* Well-formed UTF-8 (Unicode 15 table 3-7: no overlongs, surrogates or values past U+10FFFF). */
static inline int fuzz_valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len, k;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; }
        else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; }
        else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; }
        else return 0;
        if (i + len > n) return 0;
        for (k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += len;
    }
    return 1;
}

#if defined(M2__TOK_LSTRIP)
/* (only once the real tokenizer is in mamba2.h) Round trips are exact unless the file's added
   tokens make them lossy the way Hugging Face's are: lstrip/rstrip swallow spaces, and an added
   token may decode to other bytes than its text (byte-level alphabet contents, or one id listed
   twice with different contents). */
#define FUZZ_HAVE_TOKENIZER 1
static inline int fuzz_tok_roundtrip_expected(const m2_model *m) {
    uint32_t i;
    const struct m2__tokenizer *t = m->tok;
    if (t->version == 2) {
        /* a normalizer, a Split that removes text, a decoder other than ByteLevel, or a model that
           can drop or <unk> a character changes the text by design */
        if (t->n_norm || !(t->v2flags & M2__TOK2_BYTE_LEVEL)) return 0;
        for (i = 0; i < 256; i++) if (t->byte_to_id[i] < 0) return 0;
        for (i = 0; i < t->n_pre; i++)
            if (m2__tok_rd32(t->pre_ops + 16 * i) == M2__TP_SPLIT && m2__tok_rd32(t->pre_ops + 16 * i + 8) == 0) return 0;
    }
    for (i = 0; i < m->tok->n_added; i++) {
        const m2__tok_added *a = &m->tok->added[i];
        const char *b;
        size_t len;
        if (a->flags & (M2__TOK_LSTRIP | M2__TOK_RSTRIP)) return 0;
        if (m2_token_bytes(m, a->id, &b, &len) != M2_OK || len != a->len || memcmp(b, a->text, len) != 0) return 0;
    }
    return 1;
}
#endif

#endif
