/* The kernels: every level compiled in against its scalar reference (kernel_checks.h, once per
   level), half conversions, and the reduced-precision modes against f32 activations. Included by
   test_main.c, whose table lists the per-level checks (KC_ENTRIES). */

/* A random matrix of the given dtype, as the file would hold it. */
static m2__mat random_mat(m2_dtype dt, int rows, int cols, unsigned char **storage) {
    m2__mat W;
    int ok, r, c;
    memset(&W, 0, sizeof W);
    W.dtype = dt; W.rows = rows; W.cols = cols;
    W.row_bytes = m2__dtype_row_bytes(dt, (uint64_t)cols, &ok);
    *storage = (unsigned char *)malloc(W.row_bytes * (size_t)rows + 64);
    for (r = 0; r < rows; r++) {
        unsigned char *row = *storage + (size_t)r * W.row_bytes;
        for (c = 0; c < cols; c++) {
            float v = synth_rand(1.0f);
            uint16_t h = dt == M2_BF16 ? rm_f32_to_bf16(v) : rm_f32_to_f16(v);
            if (dt == M2_F32) memcpy(row + 4 * c, &v, 4);
            else if (dt == M2_Q8_0) {
                if (c % 32 == 0) { h = rm_f32_to_f16(0.01f + 0.001f * (float)(c / 32)); row[c / 32 * 34] = (unsigned char)h; row[c / 32 * 34 + 1] = (unsigned char)(h >> 8); }
                row[c / 32 * 34 + 2 + c % 32] = (unsigned char)(signed char)(int)(v * 127.0f);
            } else { row[2 * c] = (unsigned char)h; row[2 * c + 1] = (unsigned char)(h >> 8); }
        }
    }
    W.data = *storage;
    return W;
}

#define KC_TPAD(T) (((T) + 31) / 32 * 32) /* the kernels' padded token count */
#define KC_PAIRS(K) (((K) + 1) / 2)
#define KC(name) M2__PASTE(kc_##name, M2__KSFX)
#define KC_NEED_ISA() do { if (!m2_isa_available(KC_ISA)) SKIP("this CPU does not run %s", m2_isa_name(KC_ISA)); } while (0)
#define KC_BF16 (KC_ISA == M2__ISA_AVX512_BF16)
#define KC_VNNI (KC_ISA == M2__ISA_AVX512_VNNI || KC_ISA == M2__ISA_AVX512_BF16)
#define KC_LEVEL(lo) (M2__BASE_ISA <= (lo) && (lo) <= M2__TOP_ISA)
#if KC_LEVEL(M2__ISA_SCALAR)
#define M2__KSFX _scalar
#define KC_ISA M2__ISA_SCALAR
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX2)
#define M2__KSFX _avx2
#define KC_ISA M2__ISA_AVX2
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX512)
#define M2__KSFX _avx512
#define KC_ISA M2__ISA_AVX512
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX512_VNNI)
#define M2__KSFX _avx512vnni
#define KC_ISA M2__ISA_AVX512_VNNI
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_AVX512_BF16)
#define M2__KSFX _avx512bf16
#define KC_ISA M2__ISA_AVX512_BF16
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_NEON)
#define M2__KSFX _neon
#define KC_ISA M2__ISA_NEON
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif
#if KC_LEVEL(M2__ISA_WASM_SIMD128)
#define M2__KSFX _wasm
#define KC_ISA M2__ISA_WASM_SIMD128
#include "kernel_checks.h"
#undef M2__KSFX
#undef KC_ISA
#endif

TEST(kernels, half_conversions) {
    EXPECT_TRUE(m2__f16_to_f32(0x3C00) == 1.0f);
    EXPECT_TRUE(m2__f16_to_f32(0xC000) == -2.0f);
    EXPECT_TRUE(m2__f16_to_f32(0x0001) == 5.9604644775390625e-8f); /* smallest subnormal */
    EXPECT_TRUE(m2__f16_to_f32(0x7BFF) == 65504.0f);
    EXPECT_TRUE(isinf(m2__f16_to_f32(0x7C00)));
    EXPECT_TRUE(isnan(m2__f16_to_f32(0x7E00)));
    EXPECT_TRUE(m2__bf16_to_f32(0x3F80) == 1.0f);
    EXPECT_TRUE(m2__bf16_to_f32(rm_f32_to_bf16(3.14159f)) == 3.140625f);
}

/* All dtypes run; reduced precision stays close to f32 on the same weights. */
TEST(kernels, reduced_precision_models_run) {
    m2_dtype types[] = {M2_F32, M2_BF16, M2_Q8_0};
    int k;
    for (k = 0; k < 3; k++) {
        void *raw;
        synth_opts o = default_synth();
        m2_model *m;
        o.dtype = types[k];
        m = open_synth(&o, &raw);
        ASSERT_TRUE(m != NULL);
        EXPECT_EQ(m2_model_config(m)->weight_dtype, types[k]);
        check_chunked_vs_step(m, 16, 20);
        { /* the default mode (bf16 activations in BF16 prefill, int8 in Q8_0 decode, where the CPU has
             the dot products) stays close to f32 activations, by prefill and by step */
            const m2_config *c = m2_model_config(m);
            size_t n = 40, V = (size_t)c->vocab_rows, i;
            int32_t ids[40];
            float *la = (float *)malloc(n * V * 4), *lb = (float *)malloc(n * V * 4);
            m2_session *a = new_session(m, 16, 0), *b = new_session(m, 16, 0), *e = new_session_ex(m, 16, 0, 1);
            double d1, d2;
            random_ids(ids, n, c->vocab_size, 77u);
            EXPECT_EQ(m2_prefill(e, ids, n, lb), M2_OK);        /* f32 activations */
            EXPECT_EQ(m2_prefill(a, ids, n, la), M2_OK);
            d1 = max_abs_diff(la, lb, n * V);
            for (i = 0; i < n; i++) { EXPECT_EQ(m2_step(b, ids[i]), M2_OK); memcpy(la + i * V, m2_session_logits(b), V * 4); }
            d2 = max_abs_diff(la, lb, n * V);
            printf("  %s weights, default mode vs f32 activations: prefill %.3g, step %.3g\n", types[k] == M2_F32 ? "f32" : types[k] == M2_BF16 ? "bf16" : "q8_0", d1, d2);
            if (!(d1 <= 0.1 && d2 <= 0.1)) FAIL_AT("default mode differs from f32 activations by %g / %g", d1, d2);
            if (types[k] == M2_F32) EXPECT_TRUE(d1 < 2e-5 && d2 < 2e-5); /* nothing is rounded for F32 weights */
            free(la); free(lb);
            m2_session_destroy(a); m2_session_destroy(b); m2_session_destroy(e);
        }
        m2_model_close(m);
        free(raw);
    }
}
