/* The kernel checks: every kernel of one instruction-set level against its scalar reference.
   test_main.c includes this once per level compiled into mamba2.h, with M2__KSFX naming the level's
   kernels (m2__dot_f32 is then m2__dot_f32_avx2, ...), KC_ISA its m2_isa, and KC_BF16 / KC_VNNI
   saying whether its BF16 and VNNI kernels exist. */

/* The largest difference of the f32-activation products (decode rows, the packed GEMM of the SSD
   products, the transposed-activation GEMM of prefill) from m2__matmul_ref; x is (T, W->cols). */
static double KC(f32_products_worst)(const m2__mat *W, const float *bias, const float *x, int T, float *ref, float *got, float *scratch) {
    int rows = W->rows, cols = W->cols;
    double worst;
    m2__matmul_ref(W, bias, x, cols, T, ref, rows, scratch);
    m2__gemv_rows(W, bias, x, cols, T, got, rows, 0, rows);
    worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
    m2__gemm_rows(W, bias, x, cols, T, got, rows, 0, rows);
    if (max_abs_diff(ref, got, (size_t)T * (size_t)rows) > worst) worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
#if KC_ISA != M2__ISA_SCALAR
    {   /* the many-token kernel on transposed activations (prefill) */
        float *xt = (float *)malloc((size_t)KC_TPAD(T) * (size_t)cols * 4), *xt2 = (float *)malloc((size_t)KC_TPAD(T) * (size_t)cols * 4);
        int t0;
        m2__transpose_act(x, cols, T, cols, xt);
        for (t0 = 0; t0 < KC_TPAD(T); t0 += 8) m2__transpose_act_rows(x, cols, T, cols, xt2, t0, t0 + 8); /* as the tasks do it */
        if (memcmp(xt, xt2, (size_t)KC_TPAD(T) * (size_t)cols * 4) != 0) worst = 1e30; /* reported as a difference */
        free(xt2);
        m2__gemm_t_rows(W, bias, xt, T, got, rows, 0, rows);
        if (max_abs_diff(ref, got, (size_t)T * (size_t)rows) > worst) worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
        free(xt);
    }
#endif
    return worst;
}

/* Every SIMD path against the scalar reference, on awkward sizes (STYLE.md §7): the widening of
   each dtype, and the GEMV (decode), the packed GEMM (SSD products) and the transposed-activation
   GEMM (prefill projections) against m2__matmul_ref. */
static void KC(simd_matches_reference)(void) {
    KC_NEED_ISA();
    static const int sizes[] = {1, 15, 17, 32, 129, 1000};
    static const int rows_list[] = {1, 15, 17, 129};
    static const int cols_list[] = {32, 96, 320};     /* multiples of 32, for Q8_0 */
    static const int T_list[] = {1, 2, 3, 7, 13, 33};
    m2_dtype dts[] = {M2_F32, M2_F16, M2_BF16, M2_Q8_0};
    int k, i, d, ri, ci, ti;
    synth_rng = 99;
    for (k = 0; k < 6; k++) { /* dot and widening */
        int n = sizes[k];
        float *w = (float *)malloc((size_t)n * 4), *x = (float *)malloc((size_t)n * 4), *a = (float *)malloc((size_t)n * 4), *b = (float *)malloc((size_t)n * 4);
        uint16_t *h = (uint16_t *)malloc((size_t)n * 2), *bf = (uint16_t *)malloc((size_t)n * 2);
        double abs_sum = 0;
        for (i = 0; i < n; i++) { w[i] = synth_rand(1.0f); x[i] = synth_rand(1.0f); bf[i] = rm_f32_to_bf16(w[i]); h[i] = rm_f32_to_f16(w[i] * 100.0f); abs_sum += fabs(w[i] * x[i]); }
        EXPECT_NEAR(m2__dot_f32(w, x, n), m2__dot_f32_ref(w, x, n), 2e-6 * abs_sum + 1e-6);
        m2__widen_bf16(bf, n, a); m2__widen_bf16_ref(bf, n, b);
        EXPECT_TRUE(memcmp(a, b, (size_t)n * 4) == 0);
        m2__widen_f16(h, n, a); m2__widen_f16_ref(h, n, b);
        EXPECT_TRUE(memcmp(a, b, (size_t)n * 4) == 0);
        free(w); free(x); free(a); free(b); free(h); free(bf);
    }
    for (d = 0; d < 4; d++)
        for (ri = 0; ri < 4; ri++)
            for (ci = 0; ci < 3; ci++)
                for (ti = 0; ti < 6; ti++) {
                    int rows = rows_list[ri], cols = cols_list[ci], T = T_list[ti];
                    unsigned char *store;
                    m2__mat W = random_mat(dts[d], rows, cols, &store);
                    float *x = (float *)malloc((size_t)T * (size_t)cols * 4), *bias = (float *)malloc((size_t)rows * 4);
                    float *ref = (float *)malloc((size_t)T * (size_t)rows * 4), *got = (float *)malloc((size_t)T * (size_t)rows * 4);
                    float *scratch = (float *)malloc((size_t)cols * 4);
                    double worst = 0;
                    for (i = 0; i < T * cols; i++) x[i] = synth_rand(1.0f);
                    for (i = 0; i < rows; i++) bias[i] = synth_rand(1.0f);
                    worst = KC(f32_products_worst)(&W, bias, x, T, ref, got, scratch);
                    if (!(worst <= 1e-5 * sqrt((double)cols))) {
                        FAIL_AT("dtype %d, %dx%d, T=%d: kernels differ from the reference by %g", (int)dts[d], rows, cols, T, worst);
                        d = 4; ri = 4; ci = 3;
                    }
                    free(store); free(x); free(bias); free(ref); free(got); free(scratch);
                    if (d == 4) break;
                }
}

/* The bf16-activation prefill kernel against its specification, on awkward sizes (odd K, rows not a
   multiple of the row block, T not a multiple of the token block). Without AVX-512 BF16 only the reference runs,
   as the kernel is not built at that level. */
static void KC(bf16_activation_gemm_matches_reference)(void) {
    KC_NEED_ISA();
    static const int rows_list[] = {1, 5, 33, 70}, cols_list[] = {1, 7, 64, 300, 513}, T_list[] = {3, 31, 33, 70};
    int ri, ci, ti, i, checked = 0;
    for (ri = 0; ri < 4; ri++)
        for (ci = 0; ci < 5; ci++)
            for (ti = 0; ti < 4; ti++) {
                int rows = rows_list[ri], cols = cols_list[ci], T = T_list[ti];
                unsigned char *store;
                m2__mat W = random_mat(M2_BF16, rows, cols, &store);
                float *x = (float *)malloc((size_t)T * (size_t)cols * 4), *bias = (float *)malloc((size_t)rows * 4);
                float *ref = (float *)malloc((size_t)T * (size_t)rows * 4), *got = (float *)malloc((size_t)T * (size_t)rows * 4);
                size_t xq_bytes = (size_t)KC_TPAD(T) * (size_t)KC_PAIRS(cols) * 4;
                uint32_t *xa = (uint32_t *)malloc(xq_bytes), *xb = (uint32_t *)malloc(xq_bytes);
                for (i = 0; i < T * cols; i++) x[i] = synth_rand(1.0f);
                for (i = 0; i < rows; i++) bias[i] = synth_rand(1.0f);
                m2__pack_act_bf16_ref(x, cols, T, cols, xa);
                m2__matmul_bf16act_ref(&W, bias, x, cols, T, ref, rows);
#if KC_BF16
                {   /* in runs of 8-token groups, as the tasks of a product pack it */
                    int t0;
                    memset(xb, 0xA5, xq_bytes);
                    for (t0 = 0; t0 < KC_TPAD(T); t0 += 8) m2__pack_act_bf16_rows(x, cols, T, cols, xb, t0, t0 + 8);
                    if (memcmp(xa, xb, xq_bytes) != 0) FAIL_AT("bf16 activation packing by pieces differs, K=%d T=%d", cols, T);
                }
                m2__pack_act_bf16(x, cols, T, cols, xb);
                if (memcmp(xa, xb, xq_bytes) != 0) FAIL_AT("bf16 activation packing differs, K=%d T=%d", cols, T);
                m2__gemm_bf16_rows(&W, bias, xb, T, got, rows, 0, rows);
                {
                    double worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
                    if (!(worst <= 1e-5 * sqrt((double)cols))) FAIL_AT("%dx%d, T=%d: bf16 GEMM differs from the reference by %g", rows, cols, T, worst);
                }
                checked++;
#else
                (void)xb; (void)got;
#endif
                free(store); free(x); free(bias); free(ref); free(got); free(xa); free(xb);
            }
    printf("  %d bf16-activation GEMM shapes checked%s\n", checked, checked ? "" : " (no AVX-512 BF16 at this level)");
    {   /* rounding: to nearest even, NaN stays NaN */
        EXPECT_EQ(m2__f32_to_bf16(1.0f), 0x3F80);
        EXPECT_EQ(m2__f32_to_bf16(m2__bf16_to_f32(0x3F81) + 0.5f * (m2__bf16_to_f32(0x3F82) - m2__bf16_to_f32(0x3F81))), 0x3F82);
        EXPECT_TRUE((m2__f32_to_bf16((float)NAN) & 0x7FFF) > 0x7F80);
    }
}

/* The SSD chunk products (C = A B, row-major, optionally lower-triangular A) against the plain loops */
/* The int8-activation decode dot product (Q8_0 weights) against its specification; the quantizer
   keeps NaN visible. Without AVX-512 VNNI only the reference runs. */
static void KC(q8_activation_dot_matches_reference)(void) {
    KC_NEED_ISA();
    static const int cols_list[] = {32, 64, 96, 320, 1536};
    int ci, i, checked = 0;
    synth_rng = 17;
    for (ci = 0; ci < 5; ci++) {
        int cols = cols_list[ci];
        unsigned char *store;
        m2__mat W = random_mat(M2_Q8_0, 3, cols, &store);
        float *x = (float *)malloc((size_t)cols * 4), xs[64], ref, exact = 0.0f, bound = 0.0f;
        signed char *xq = (signed char *)malloc((size_t)cols);
        float *wf = (float *)malloc((size_t)cols * 4);
        for (i = 0; i < cols; i++) x[i] = synth_rand(1.0f) * (i % 7 == 0 ? 10.0f : 1.0f);
        m2__quantize_act_q8(x, cols, xq, xs);
        for (i = 0; i < cols; i++) EXPECT_TRUE(xq[i] >= -127 && xq[i] <= 127);
        ref = m2__dot_q8_0_q8_ref((const unsigned char *)W.data, xq, xs, cols);
        m2__widen_q8_0_ref((const unsigned char *)W.data, 0, cols, wf);
        for (i = 0; i < cols; i++) { exact += wf[i] * x[i]; bound += fabsf(wf[i]) * 0.5f * xs[i / 32]; }
        /* quantizing x moves each term by at most half a quantization step of its block */
        EXPECT_NEAR(ref, exact, bound * 1.001 + 1e-3);
#if KC_VNNI
        EXPECT_NEAR(m2__dot_q8_0_q8((const unsigned char *)W.data, xq, xs, cols), ref, 1e-5 * sqrt((double)cols) * (fabs(ref) + 1.0));
        checked++;
#endif
        x[cols / 2] = (float)NAN;
        m2__quantize_act_q8(x, cols, xq, xs);
        EXPECT_TRUE(m2__dot_q8_0_q8_ref((const unsigned char *)W.data, xq, xs, cols) != m2__dot_q8_0_q8_ref((const unsigned char *)W.data, xq, xs, cols));
        free(store); free(x); free(xq); free(wf);
    }
    printf("  %d int8-activation dot sizes checked%s\n", checked, checked ? "" : " (no AVX-512 VNNI at this level)");
    {   /* the quantizer's vector path makes the reference's bytes and scales exactly: random blocks,
           blocks of exact ties (k + 0.5 steps), zeros and -0, a NaN and an Inf block, a subnormal one */
        enum { K = 32 * 40 };
        static float x[K], sa[K / 32], sb[K / 32];
        static signed char qa[K], qb[K];
        int b;
        for (i = 0; i < K; i++) x[i] = synth_rand(3.0f);
        for (i = 0; i < 32; i++) x[32 + i] = (float)(i - 16) + 0.5f;       /* amax 15.5: 127/15.5 scales ties */
        for (i = 0; i < 32; i++) x[64 + i] = i == 3 ? 127.0f : (float)(i % 5) - 2.5f;
        for (i = 0; i < 32; i++) x[96 + i] = i % 2 ? 0.0f : -0.0f;
        x[128 + 7] = (float)NAN; x[160 + 9] = (float)INFINITY;
        for (i = 0; i < 32; i++) x[192 + i] = i % 3 ? 0.0f : 1e-40f * (float)(i - 16); /* 127 / amax overflows */
        m2__quantize_act_q8_ref(x, K, qa, sa);
        m2__quantize_act_q8(x, K, qb, sb);
        EXPECT_TRUE(memcmp(qa, qb, K) == 0);
        for (b = 0; b < K / 32; b++)
            if (!(sa[b] == sb[b] || (sa[b] != sa[b] && sb[b] != sb[b]))) { FAIL_AT("block %d: scale %g vs %g", b, sa[b], sb[b]); break; }
        EXPECT_TRUE(sa[4] != sa[4] && sa[5] != sa[5]); /* non-finite blocks stay visible */
        for (i = 0; i < 32; i++) EXPECT_TRUE(qa[192 + i] == 0); /* a vanishing block rounds to zeros, not to NaN's */
    }
#if KC_VNNI
    {   /* the prefill kernel (tokens along the vector) against the specification, awkward sizes */
        static const int rows_l[] = {1, 3, 5, 70}, cols_l[] = {32, 96, 800}, T_l[] = {3, 31, 33, 70};
        int ri, cj, ti;
        for (ri = 0; ri < 4; ri++)
            for (cj = 0; cj < 3; cj++)
                for (ti = 0; ti < 4; ti++) {
                    int rows = rows_l[ri], cols = cols_l[cj], T = T_l[ti];
                    unsigned char *store;
                    m2__mat W = random_mat(M2_Q8_0, rows, cols, &store);
                    float *xx = (float *)malloc((size_t)T * (size_t)cols * 4), *bias = (float *)malloc((size_t)rows * 4);
                    float *ref = (float *)malloc((size_t)T * (size_t)rows * 4), *got = (float *)malloc((size_t)T * (size_t)rows * 4);
                    uint32_t *xu = (uint32_t *)malloc((size_t)KC_TPAD(T) * (size_t)cols * 2);
                    float *dx = (float *)(void *)(xu + (size_t)KC_TPAD(T) * (size_t)(cols / 4)), xs[32];
                    signed char xq[800];
                    double worst;
                    for (i = 0; i < T * cols; i++) xx[i] = synth_rand(2.0f);
                    for (i = 0; i < rows; i++) bias[i] = synth_rand(1.0f);
                    m2__matmul_q8act_ref(&W, bias, xx, cols, T, ref, rows, xq, xs);
                    {   /* the packing, whole and in runs of 8-token groups as tasks do it, against the plain one */
                        size_t bytes = (size_t)KC_TPAD(T) * (size_t)cols + (size_t)KC_TPAD(T) * (size_t)(cols / 32) * 4; /* words, then scales */
                        uint32_t *plain = (uint32_t *)malloc(bytes);
                        int t0;
                        m2__pack_act_q8_ref(xx, cols, T, cols, plain, (float *)(void *)(plain + (size_t)KC_TPAD(T) * (size_t)(cols / 4)));
                        for (t0 = 0; t0 < KC_TPAD(T); t0 += 16)
                            m2__pack_act_q8_rows(xx, cols, T, cols, xu, dx, t0, t0 + 16 < KC_TPAD(T) ? t0 + 16 : KC_TPAD(T));
                        if (memcmp(plain, xu, bytes) != 0) FAIL_AT("%d, T=%d: int8 activation packing by pieces differs from the plain one", cols, T);
                        m2__pack_act_q8(xx, cols, T, cols, xu, dx);
                        if (memcmp(plain, xu, bytes) != 0) FAIL_AT("%d, T=%d: int8 activation packing differs from the plain one", cols, T);
                        free(plain);
                    }
                    m2__gemm_q8_rows(&W, bias, xu, dx, T, got, rows, 0, rows);
                    worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
                    if (!(worst <= 1e-5 * sqrt((double)cols) * 10)) FAIL_AT("%dx%d, T=%d: int8 prefill GEMM differs by %g", rows, cols, T, worst);
                    free(store); free(xx); free(bias); free(ref); free(got); free(xu);
                }
    }
#endif
}

/* The vector SiLU (its own exp) against the scalar one over the whole useful range, and NaN kept */
static void KC(silu_matches_scalar)(void) {
    KC_NEED_ISA();
    enum { N = 4099 };
    static float v[N], ref[N];
    double worst = 0;
    int i;
    for (i = 0; i < N; i++) v[i] = -100.0f + 200.0f * (float)i / (float)(N - 1);
    v[5] = (float)NAN; v[6] = 1e-30f; v[7] = -1e-30f; v[8] = 0.0f; v[9] = 1e30f; v[10] = -87.9f;
    for (i = 0; i < N; i++) ref[i] = m2__silu(v[i]);
    m2__silu_inplace(v, N);
    for (i = 0; i < N; i++) {
        double d = fabs((double)v[i] - (double)ref[i]) / (fabs((double)ref[i]) + 1e-30);
        if (i == 5) { EXPECT_TRUE(v[i] != v[i]); continue; }
        if (fabs((double)ref[i]) < 1e-35) d = fabs((double)v[i]) < 1e-35 ? 0 : 1; /* far tail: both ~0 */
        if (d > worst) worst = d;
    }
    printf("  vector silu: max relative difference from libm's %.2g\n", worst);
    EXPECT_TRUE(worst < 1e-6);
}

static void KC(gemm_nn_matches_reference)(void) {
    KC_NEED_ISA();
    static const int Ms[] = {1, 5, 6, 7, 64, 13}, Ns[] = {1, 16, 33, 64, 128, 70}, Ks[] = {1, 7, 64, 13, 128, 40};
    int a, b, lower, acc, i;
    synth_rng = 5;
    for (a = 0; a < 6; a++)
        for (b = 0; b < 6; b++)
            for (lower = 0; lower < 2; lower++)
                for (acc = 0; acc < 2; acc++) {
                    int M = Ms[a], N = Ns[b], K = Ks[(a + b) % 6], lda = K + 3, ldb = N + 5, ldc = N + 2, m, k;
                    float *A = (float *)malloc((size_t)M * (size_t)lda * 4), *B = (float *)malloc((size_t)K * (size_t)ldb * 4);
                    float *C1 = (float *)malloc((size_t)M * (size_t)ldc * 4), *C2 = (float *)malloc((size_t)M * (size_t)ldc * 4);
                    double worst;
                    for (i = 0; i < M * lda; i++) A[i] = synth_rand(1.0f);
                    for (i = 0; i < K * ldb; i++) B[i] = synth_rand(1.0f);
                    for (i = 0; i < M * ldc; i++) C1[i] = C2[i] = synth_rand(1.0f);
                    if (lower) /* what the kernel may skip must be zero */
                        for (m = 0; m < M; m++)
                            for (k = m + 1; k < K; k++) A[m * lda + k] = 0.0f;
                    m2__gemm_nn_ref(M, N, K, A, lda, B, ldb, C1, ldc, acc);
                    m2__gemm_nn(M, N, K, A, lda, B, ldb, C2, ldc, acc, lower);
                    worst = max_abs_diff(C1, C2, (size_t)M * (size_t)ldc);
                    if (!(worst <= 1e-5 * sqrt((double)K + 1))) FAIL_AT("M=%d N=%d K=%d lower=%d acc=%d: differs by %g", M, N, K, lower, acc, worst);
                    free(A); free(B); free(C1); free(C2);
                }
}

static void KC(pack8_matches_reference)(void) {
    KC_NEED_ISA();
    static const int kbs[] = {1, 7, 8, 15, 17, 129, 256};
    float rows[8][256], a[256 * 9], b[256 * 9];
    const float *w[8];
    int k, q, i;
    synth_rng = 8;
    for (q = 0; q < 8; q++) { for (i = 0; i < 256; i++) rows[q][i] = synth_rand(1.0f); w[q] = rows[q]; }
    for (k = 0; k < 7; k++) {
        memset(a, 0, sizeof a); memset(b, 0, sizeof b);
        m2__pack8(w, kbs[k], a + 1, 9);  /* an odd leading dimension and offset on purpose */
        m2__pack8_ref(w, kbs[k], b + 1, 9);
        EXPECT_TRUE(memcmp(a, b, sizeof a) == 0);
    }
}

static void KC(ssd_step_matches_reference)(void) {
    KC_NEED_ISA();
    static const int dims[][2] = {{1, 1}, {15, 17}, {16, 129}, {64, 128}};
    int k, i;
    synth_rng = 5;
    for (k = 0; k < 4; k++) {
        int P = dims[k][0], N = dims[k][1];
        float *S1 = (float *)malloc((size_t)P * N * 4), *S2 = (float *)malloc((size_t)P * N * 4), x[64], B[129], C[129], y1[64], y2[64];
        for (i = 0; i < P * N; i++) S1[i] = S2[i] = synth_rand(1.0f);
        for (i = 0; i < P; i++) x[i] = synth_rand(1.0f);
        for (i = 0; i < N; i++) { B[i] = synth_rand(1.0f); C[i] = synth_rand(1.0f); }
        m2__ssd_step_head_ref(S1, x, B, C, 0.05f, 0.9f, 1.1f, P, N, y1);
        m2__ssd_step_head(S2, x, B, C, 0.05f, 0.9f, 1.1f, P, N, y2);
        EXPECT_TRUE(max_abs_diff(S1, S2, (size_t)P * N) <= 1e-6);
        EXPECT_TRUE(max_abs_diff(y1, y2, (size_t)P) <= 1e-5);
        free(S1); free(S2);
    }
}


#ifndef KC_BLOCK_HELPERS
#define KC_BLOCK_HELPERS 1
#define KC_IDOT (KC_ISA >= M2__ISA_AVX2 && KC_ISA <= M2__ISA_AVX512_BF16) /* levels with integer block kernels */
/* A matrix of a block type with random quant bytes (every bit pattern of the values, scales and
   mins occurs) and f16 block scales of a realistic size; Q8_0 bytes include -128. */
static m2__mat kc_random_blocks(m2_dtype dt, int rows, int cols, unsigned char **storage) {
    m2__mat W;
    int ok, r, b, i, bs = (int)m2__dtypes[dt].block, bytes = (int)m2__dtypes[dt].bytes;
    memset(&W, 0, sizeof W);
    W.dtype = dt; W.rows = rows; W.cols = cols;
    W.row_bytes = m2__dtype_row_bytes(dt, (uint64_t)cols, &ok);
    *storage = (unsigned char *)malloc(W.row_bytes * (size_t)rows + 64);
    for (r = 0; r < rows; r++)
        for (b = 0; b < cols / bs; b++) {
            unsigned char *blk = *storage + (size_t)r * W.row_bytes + (size_t)b * (size_t)bytes;
            uint16_t d = rm_f32_to_f16(0.002f + 0.03f * (synth_rand(1.0f) + 1.0f)), m = rm_f32_to_f16(synth_rand(0.1f));
            for (i = 0; i < bytes; i++) blk[i] = (unsigned char)(synth_rand(1.0f) * 1000.0f);
            if (dt == M2_Q6_K) { blk[208] = (unsigned char)d; blk[209] = (unsigned char)(d >> 8); continue; }
            blk[0] = (unsigned char)d; blk[1] = (unsigned char)(d >> 8);
            if (dt == M2_Q4_1 || dt == M2_Q5_1 || dt == M2_Q4_K || dt == M2_Q5_K) {
                if (dt == M2_Q4_K || dt == M2_Q5_K) m = rm_f32_to_f16(0.001f + 0.01f * (synth_rand(1.0f) + 1.0f)); /* dmin >= 0 */
                blk[2] = (unsigned char)m; blk[3] = (unsigned char)(m >> 8);
            }
        }
    W.data = *storage;
    return W;
}
#endif

/* The block types (Q8_0 and the 4-/5-/6-bit ones): this level's dequantization, exact-activation
   dot, int8-activation dot and matrix products (decode rows, prefill via the f32 GEMMs, prefill and
   decode via the integer rows) against the specifications, on rows of 32, 64, 256+32 and more
   values (the K types: 256, 512, 768), several rows, odd token counts. */
static void KC(block_types_match_reference)(void) {
    KC_NEED_ISA();
    static const m2_dtype types[] = {M2_Q8_0, M2_Q4_0, M2_Q4_1, M2_Q5_0, M2_Q5_1, M2_Q4_K, M2_Q5_K, M2_Q6_K};
    static const int cols32[] = {32, 64, 288, 800}, colsK[] = {256, 512, 768}, rows_list[] = {1, 3, 17}, T_list[] = {1, 2, 7, 13, 33};
    int ti, ci, ri, tk, i, idots = 0;
    synth_rng = 4242;
    for (ti = 0; ti < 8; ti++) {
        m2_dtype dt = types[ti];
        int kt = m2__dtypes[dt].block == 256, ncols = kt ? 3 : 4;
        for (ci = 0; ci < ncols; ci++)
            for (ri = 0; ri < 3; ri++)
                for (tk = 0; tk < 5; tk++) {
                    int cols = kt ? colsK[ci] : cols32[ci], rows = rows_list[ri], T = T_list[tk], r, t;
                    unsigned char *store;
                    m2__mat W = kc_random_blocks(dt, rows, cols, &store);
                    float *x = (float *)malloc((size_t)T * (size_t)cols * 4), *bias = (float *)malloc((size_t)rows * 4);
                    float *ref = (float *)malloc((size_t)T * (size_t)rows * 4), *got = (float *)malloc((size_t)T * (size_t)rows * 4);
                    float *wa = (float *)malloc((size_t)cols * 4), *wb = (float *)malloc((size_t)cols * 4);
                    void *xb = malloc((size_t)T * (size_t)cols * 2);
                    signed char *xq = (signed char *)xb;
                    float *xs = (float *)(void *)(xq + (size_t)T * (size_t)cols), *xm = xs + (size_t)T * (size_t)(cols / 32);
                    double worst, tol = 1e-5 * sqrt((double)cols) * 10, wmax = 0;
                    for (i = 0; i < T * cols; i++) x[i] = synth_rand(1.0f) * (i % 11 == 0 ? 4.0f : 1.0f);
                    for (i = 0; i < rows; i++) bias[i] = synth_rand(1.0f);
                    /* widening: this level's against the specification, bit for bit except for fused multiply-adds */
                    m2__widen_blocks_ref(dt, (const unsigned char *)W.data, 0, cols, wa);
                    for (r = 0; r < rows; r++) { /* the tolerance grows with the weights' size (Q6_K scales reach 127 x 32 x d) */
                        m2__widen_blocks_ref(dt, (const unsigned char *)W.data + (size_t)r * W.row_bytes, 0, cols, wb);
                        for (i = 0; i < cols; i++) if (fabs(wb[i]) > wmax) wmax = fabs(wb[i]);
                    }
                    tol *= wmax > 1.0 ? wmax : 1.0;
                    m2__widen_blocks(dt, (const unsigned char *)W.data, 0, cols, wb);
                    if (max_abs_diff(wa, wb, (size_t)cols) > 1e-6 * wmax) FAIL_AT("%s: widening differs by %g", m2__dtype_name(dt), max_abs_diff(wa, wb, (size_t)cols));
                    /* exact activations: decode rows, packed GEMM, transposed GEMM against m2__matmul_ref */
                    worst = KC(f32_products_worst)(&W, bias, x, T, ref, got, wa);
                    if (!(worst <= tol)) FAIL_AT("%s %dx%d T=%d: f32-activation kernels differ from the reference by %g", m2__dtype_name(dt), rows, cols, T, worst);
                    /* int8 activations: the block sums, then every row's dot against the specification */
                    m2__quantize_act_rows(x, cols, T, cols, xb);
                    for (i = 0; i < T * (cols / 32); i++) {
                        int k, sum = 0;
                        for (k = 0; k < 32; k++) sum += xq[i * 32 + k];
                        if (xm[i] != (float)sum) { FAIL_AT("block sum %d: %g, not %d", i, xm[i], sum); break; }
                    }
                    for (t = 0; t < T; t++)
                        for (r = 0; r < rows; r++)
                            ref[t * rows + r] = m2__dot_iq_ref(dt, (const unsigned char *)W.data + (size_t)r * W.row_bytes, xq + (size_t)t * (size_t)cols,
                                                               xs + (size_t)t * (size_t)(cols / 32), cols) + bias[r];
#if KC_IDOT
                    if (m2__qkern_of(dt)->idot || dt == M2_Q8_0) {
                        float (*dot)(const unsigned char *, const signed char *, const float *, const float *, int) = m2__qkern_of(dt)->idot;
                        if (!dot) dot = m2__idot_q8_0; /* AVX-512 without VNNI: built, not used */
                        for (t = 0; t < T; t++)
                            for (r = 0; r < rows; r++)
                                got[t * rows + r] = dot((const unsigned char *)W.data + (size_t)r * W.row_bytes, xq + (size_t)t * (size_t)cols,
                                                        xs + (size_t)t * (size_t)(cols / 32), xm + (size_t)t * (size_t)(cols / 32), cols) + bias[r];
                        worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
                        if (m2__qkern_of(dt)->idot) {
                            m2__gemv_iq_rows(&W, bias, xb, T, got, rows, 0, rows);
                            if (max_abs_diff(ref, got, (size_t)T * (size_t)rows) > worst) worst = max_abs_diff(ref, got, (size_t)T * (size_t)rows);
                        }
                        if (!(worst <= tol)) FAIL_AT("%s %dx%d T=%d: int8-activation kernels differ from the reference by %g", m2__dtype_name(dt), rows, cols, T, worst);
                        idots++;
                    }
#endif
                    free(store); free(x); free(bias); free(ref); free(got); free(wa); free(wb); free(xb);
                }
    }
    printf("  %d int8-activation block-type shapes checked%s\n", idots, idots ? "" : " (no integer kernels at this level)");
}

/* The attention kernels (scores from a transposed key tile or from the keys as stored, and the
   weighted sum of values) against sums in double, for head sizes below, at and past a vector, and
   tiles of 1 key to a full one. */
static void KC(attention_matches_reference)(void) {
    static const int hds[] = {8, 16, 24, 64, 80, 128, 256};
    static const int ns[] = {1, 3, 16, 17, 64};
    float q[256], sc[M2__ATT_TILE], sc2[M2__ATT_TILE], o[256], p[64], *K, *V, *kt; /* the big ones on the heap: WASI's stack is 64 KB */
    int hi, ni, d, jj, checked = 0;
    KC_NEED_ISA();
    K = (float *)malloc(64 * 264 * sizeof(float));
    V = (float *)malloc(64 * 264 * sizeof(float));
    kt = (float *)malloc(M2__ATT_KT * sizeof(float));
    ASSERT_TRUE(K && V && kt);
    synth_rng = 7;
    for (hi = 0; hi < 7; hi++)
        for (ni = 0; ni < 5; ni++) {
            int hd = hds[hi], n = ns[ni], ld = hd + 8, tile = m2__att_tile(hd);
            float corr = 0.75f;
            double worst = 0.0;
            if (n > (tile ? tile : M2__ATT_TILE)) continue;
            for (d = 0; d < hd; d++) { q[d] = synth_rand(1.0f); o[d] = synth_rand(1.0f); }
            for (jj = 0; jj < n * ld; jj++) { K[jj] = synth_rand(1.0f); V[jj] = synth_rand(1.0f); }
            for (jj = 0; jj < n; jj++) p[jj] = 0.5f + synth_rand(0.5f);
            /* scores: the transposed tile (where a vector of keys fits) and the stored keys */
            m2__att_scores(q, NULL, 0, K, (size_t)ld, n, hd, 0.125f, sc2);
            if (tile) m2__att_transpose(K, (size_t)ld, n, hd, kt, tile);
            m2__att_scores(q, tile ? kt : NULL, tile, K, (size_t)ld, n, hd, 0.125f, sc);
            for (jj = 0; jj < n; jj++) {
                double ref = 0.0, mag = 0.0;
                for (d = 0; d < hd; d++) { ref += (double)q[d] * K[jj * ld + d]; mag += fabs((double)q[d] * K[jj * ld + d]); }
                ref *= 0.125;
                if (fabs(sc[jj] - ref) > 1e-6 * mag + 1e-7 || fabs(sc2[jj] - ref) > 1e-6 * mag + 1e-7) {
                    FAIL_AT("hd %d, %d keys: score %d is %g / %g, not %g", hd, n, jj, sc[jj], sc2[jj], ref);
                    goto done;
                }
            }
            {   /* o * corr + sum p V */
                double ref[256];
                for (d = 0; d < hd; d++) {
                    ref[d] = (double)o[d] * corr;
                    for (jj = 0; jj < n; jj++) ref[d] += (double)p[jj] * V[jj * ld + d];
                }
                m2__att_pv(o, corr, p, V, (size_t)ld, n, hd);
                for (d = 0; d < hd; d++)
                    if (fabs(o[d] - ref[d]) > worst) worst = fabs(o[d] - ref[d]);
                if (!(worst <= 1e-5 * (n + 1))) { FAIL_AT("hd %d, %d keys: the weighted sum of values is off by %g", hd, n, worst); goto done; }
            }
            checked++;
        }
    printf("  %d attention shapes checked\n", checked);
done:
    free(K); free(V); free(kt);
}
