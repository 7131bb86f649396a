/* The 4-/5-/6-bit block types: their dequantization against ggml's formulas on hand-built blocks,
   the quantizer of tools/quant.h against both, and whole models of each type against their exact
   f32 twin (the same weights dequantized). Included by test_main.c after the kernel checks. */

/* The reference dequantizers (plain C, the same in every pass) of the build's first pass */
#if M2__BASE_ISA == M2__ISA_SCALAR
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_scalar((t), (row), 0, (n), (out))
#elif M2__BASE_ISA == M2__ISA_AVX2
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_avx2((t), (row), 0, (n), (out))
#elif M2__BASE_ISA == M2__ISA_AVX512
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_avx512((t), (row), 0, (n), (out))
#elif M2__BASE_ISA == M2__ISA_AVX512_VNNI
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_avx512vnni((t), (row), 0, (n), (out))
#elif M2__BASE_ISA == M2__ISA_AVX512_BF16
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_avx512bf16((t), (row), 0, (n), (out))
#elif M2__BASE_ISA == M2__ISA_WASM_SIMD128
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_wasm((t), (row), 0, (n), (out))
#else
#define QT_WIDEN(t, row, n, out) m2__widen_blocks_ref_neon((t), (row), 0, (n), (out))
#endif

static void qt_put16(unsigned char *p, float v) { uint16_t h = mq_f16(v); p[0] = (unsigned char)h; p[1] = (unsigned char)(h >> 8); }

/* Blocks built field by field from chosen quants and scales, dequantized by the library, against
   the values ggml's formulas give (every scale an exact f16, so the products are exact). */
TEST(quant, hand_built_blocks_dequantize_as_ggml) {
    unsigned char b[210];
    float y[256];
    int l, j, bad = 0;
    /* Q4_0: d = -0.5, qs[l] = l | (15 - l) << 4: v_l = (l - 8) d, v_{l+16} = (7 - l) d */
    memset(b, 0, sizeof b); qt_put16(b, -0.5f);
    for (l = 0; l < 16; l++) b[2 + l] = (unsigned char)(l | (15 - l) << 4);
    QT_WIDEN(M2_Q4_0, b, 32, y);
    for (l = 0; l < 16; l++) bad += y[l] != (float)(l - 8) * -0.5f || y[l + 16] != (float)(7 - l) * -0.5f;
    /* Q4_1: d = 0.25, m = -1: v = q d + m */
    memset(b, 0, sizeof b); qt_put16(b, 0.25f); qt_put16(b + 2, -1.0f);
    for (l = 0; l < 16; l++) b[4 + l] = (unsigned char)(l | (15 - l) << 4);
    QT_WIDEN(M2_Q4_1, b, 32, y);
    for (l = 0; l < 16; l++) bad += y[l] != (float)l * 0.25f - 1.0f || y[l + 16] != (float)(15 - l) * 0.25f - 1.0f;
    /* Q5_0: fifth bits 0xA5A5F00F (bit l for value l): v = (q - 16) d */
    memset(b, 0, sizeof b); qt_put16(b, 0.125f);
    b[2] = 0x0F; b[3] = 0xF0; b[4] = 0xA5; b[5] = 0xA5;
    for (l = 0; l < 16; l++) b[6 + l] = (unsigned char)(l | (15 - l) << 4);
    QT_WIDEN(M2_Q5_0, b, 32, y);
    for (l = 0; l < 32; l++) {
        int q = (l < 16 ? l : 31 - l) | (int)(0xA5A5F00Fu >> l & 1) << 4;
        bad += y[l] != (float)(q - 16) * 0.125f;
    }
    /* Q5_1: the same quants, d = 0.5, m = 0.75 */
    memset(b, 0, sizeof b); qt_put16(b, 0.5f); qt_put16(b + 2, 0.75f);
    b[4] = 0x0F; b[5] = 0xF0; b[6] = 0xA5; b[7] = 0xA5;
    for (l = 0; l < 16; l++) b[8 + l] = (unsigned char)(l | (15 - l) << 4);
    QT_WIDEN(M2_Q5_1, b, 32, y);
    for (l = 0; l < 32; l++) {
        int q = (l < 16 ? l : 31 - l) | (int)(0xA5A5F00Fu >> l & 1) << 4;
        bad += y[l] != (float)q * 0.5f + 0.75f;
    }
    {   /* Q4_K / Q5_K: scales 63 - 7j and mins 5j + 3 (six bits, j >= 4 split over three bytes),
           d = 1/64, dmin = 1/32; quant l of sub-block j = (l + j) % 16 (+16 for Q5_K where (l + j) odd) */
        int k5;
        for (k5 = 0; k5 < 2; k5++) {
            int sc[8], mn[8], qsoff = k5 ? 48 : 16;
            memset(b, 0, sizeof b); qt_put16(b, 1.0f / 64); qt_put16(b + 2, 1.0f / 32);
            for (j = 0; j < 8; j++) {
                sc[j] = 63 - 7 * j; mn[j] = 5 * j + 3;
                if (j < 4) { b[4 + j] |= (unsigned char)sc[j]; b[8 + j] |= (unsigned char)mn[j]; }
                else {
                    b[8 + j] = (unsigned char)((sc[j] & 15) | (mn[j] & 15) << 4);  /* scales[j + 4]      */
                    b[j] |= (unsigned char)((sc[j] >> 4) << 6);                      /* top of scales[j - 4] */
                    b[4 + j] |= (unsigned char)((mn[j] >> 4) << 6);                  /* top of scales[j]     */
                }
            }
            for (j = 0; j < 8; j++)
                for (l = 0; l < 32; l++) {
                    b[qsoff + 32 * (j / 2) + l] |= (unsigned char)(((l + j) % 16) << (4 * (j & 1)));
                    if (k5 && (l + j) % 2) b[16 + l] |= (unsigned char)(1 << j);
                }
            QT_WIDEN(k5 ? M2_Q5_K : M2_Q4_K, b, 256, y);
            for (j = 0; j < 8; j++)
                for (l = 0; l < 32; l++) {
                    int q = (l + j) % 16 + (k5 && (l + j) % 2 ? 16 : 0);
                    bad += y[32 * j + l] != (1.0f / 64) * (float)sc[j] * (float)q - (1.0f / 32) * (float)mn[j];
                }
        }
    }
    {   /* Q6_K: scales (int8) 9 - 3j, d = 1/16; value 128h + 32k + l: q = (l + 3k + h) % 64 */
        memset(b, 0, sizeof b); qt_put16(b + 208, 1.0f / 16);
        for (j = 0; j < 16; j++) b[192 + j] = (unsigned char)(signed char)(9 - 3 * j);
        for (j = 0; j < 256; j++) {
            int h = j / 128, k = j % 128 / 32, ll = j % 32, q = (ll + 3 * k + h) % 64;
            b[64 * h + ll + 32 * (k & 1)] |= (unsigned char)((q & 15) << (k >= 2 ? 4 : 0));
            b[128 + 32 * h + ll] |= (unsigned char)((q >> 4) << (2 * k));
        }
        QT_WIDEN(M2_Q6_K, b, 256, y);
        for (j = 0; j < 256; j++) {
            int h = j / 128, k = j % 128 / 32, ll = j % 32, q = (ll + 3 * k + h) % 64;
            bad += y[j] != (1.0f / 16) * (float)(9 - 3 * (8 * h + 2 * k + ll / 16)) * (float)(q - 32);
        }
    }
    EXPECT_EQ(bad, 0);
}

/* tools/quant.h: its blocks dequantize (by the library, and by its own inverse, bit for bit alike)
   to within half a quantization step of the input; NaN never reaches it (the converter refuses). */
TEST(quant, quantizer_round_trips) {
    static const int types[] = {MQ_Q8_0, MQ_Q4_0, MQ_Q4_1, MQ_Q5_0, MQ_Q5_1, MQ_Q4_K, MQ_Q5_K, MQ_Q6_K};
    enum { N = 1024 };
    static float x[N], a[N], b[N];
    static unsigned char q[N * 2];
    int ti, i;
    synth_rng = 77;
    for (i = 0; i < N; i++) x[i] = synth_rand(1.0f) * (i % 256 < 16 ? 0.01f : 1.0f) + (i % 100 == 0 ? 3.0f : 0.0f);
    for (i = 0; i < 32; i++) x[512 + i] = 0.0f; /* an all-zero block */
    for (ti = 0; ti < 8; ti++) {
        int t = types[ti];
        double worst = 0;
        EXPECT_EQ(mq_quantize_row(t, x, N, q), (size_t)(N / mq_block(t) * mq_block_bytes(t)));
        QT_WIDEN((m2_dtype)t, q, N, a);
        mq_dequantize_row(t, q, N, b);
        EXPECT_TRUE(memcmp(a, b, sizeof a) == 0);
        for (i = 0; i < N; i++) if (fabs(a[i] - x[i]) > worst) worst = fabs(a[i] - x[i]);
        for (i = 512; i < 544; i++) EXPECT_TRUE(a[i] == 0.0f || t == MQ_Q4_K || t == MQ_Q5_K || t == MQ_Q6_K || t == MQ_Q4_1 || t == MQ_Q5_1);
        /* bits 8..4: steps of about 2 amax / 2^bits; the K types' 6-bit scales add a little */
        printf("  %s: max |error| %.4f on values up to 4\n", m2__dtype_name((uint32_t)t), worst);
        EXPECT_TRUE(worst < (t == MQ_Q8_0 ? 0.02 : t == MQ_Q6_K ? 0.1 : t == MQ_Q5_0 || t == MQ_Q5_1 || t == MQ_Q5_K ? 0.2 : 0.4));
    }
}

/* A model of each block type against its exact f32 twin (the same random weights, quantized and
   dequantized by tools/quant.h, stored as F32): with f32 activations, prefill and step of the
   block type give the twin's logits to float rounding, at every level (and prefill == step); with
   the default options (int8 activations where the level has the integer kernels) prefill and step
   stay near the exact logits and each other. */
TEST(quant, block_type_models_match_dequantized_f32) {
    static const m2_dtype types[] = {M2_Q8_0, M2_Q4_0, M2_Q4_1, M2_Q5_0, M2_Q5_1, M2_Q4_K, M2_Q5_K, M2_Q6_K};
    enum { T = 37 };
    int ti, isa, t;
    int32_t ids[T];
    random_ids(ids, T, 60, 9);
    for (ti = 0; ti < 8; ti++) {
        rm_shape s;
        rm_membuf qa = {NULL, 0, 0}, fa = {NULL, 0, 0};
        m2_model *mq = NULL, *mf = NULL;
        void *rq, *rf;
        char err[256];
        memset(&s, 0, sizeof s);
        s.d_model = 256; s.n_layer = 2; s.vocab_rows = 64; s.vocab_size = 60; s.d_state = 16; s.d_conv = 4;
        s.headdim = 32; s.nheads = 16; s.ngroups = 2; s.chunk_size = 16; s.tied = ti % 2; s.dtype = types[ti];
        ASSERT_TRUE(rm_write(&s, 31, rm_mem_sink, &qa) == 0);
        s.dtype = M2_F32; s.round_through = types[ti];
        ASSERT_TRUE(rm_write(&s, 31, rm_mem_sink, &fa) == 0);
        ASSERT_EQ(m2_model_open_memory(&mq, aligned_copy(qa.data, qa.size, &rq), qa.size, NULL, err, sizeof err), M2_OK);
        ASSERT_EQ(m2_model_open_memory(&mf, aligned_copy(fa.data, fa.size, &rf), fa.size, NULL, err, sizeof err), M2_OK);
        for (isa = M2_ISA_SCALAR; isa <= M2_ISA_AVX512_BF16; isa++) {
            static float lf[T * 64], lq[T * 64], ls[T * 64], ld[T * 64], lds[T * 64];
            double exact = 0, scale = 0, dev = 0, ps = 0;
            m2_session *sf, *sq, *sd;
            if (!m2_isa_available(isa)) continue;
            test_isa = isa;
            sf = new_session_ex(mf, 16, 1, 1); sq = new_session_ex(mq, 16, 1, 1); sd = new_session_ex(mq, 16, 1, 0);
            ASSERT_TRUE(sf && sq && sd);
            EXPECT_EQ(m2_prefill(sf, ids, T, lf), M2_OK);
            EXPECT_EQ(m2_prefill(sq, ids, T, lq), M2_OK);
            EXPECT_EQ(m2_prefill(sd, ids, T, ld), M2_OK);
            m2_session_reset(sq); m2_session_reset(sd);
            for (t = 0; t < T; t++) {
                EXPECT_EQ(m2_step(sq, ids[t]), M2_OK);
                EXPECT_EQ(m2_step(sd, ids[t]), M2_OK);
                memcpy(ls + t * 64, m2_session_logits(sq), 64 * 4);
                memcpy(lds + t * 64, m2_session_logits(sd), 64 * 4);
            }
            for (t = 0; t < T * 64; t++) {
                double e = fabs(lq[t] - lf[t]) > fabs(ls[t] - lf[t]) ? fabs(lq[t] - lf[t]) : fabs(ls[t] - lf[t]);
                if (e > exact) exact = e;
                if (fabs(lf[t]) > scale) scale = fabs(lf[t]);
                if (fabs(ld[t] - lf[t]) > dev) dev = fabs(ld[t] - lf[t]);
                if (fabs(ld[t] - lds[t]) > ps) ps = fabs(ld[t] - lds[t]);
            }
            if (!(exact <= 2e-5 * (scale + 1))) FAIL_AT("%s at %s: f32 activations differ from the f32 twin by %g (logits up to %g)", m2__dtype_name(types[ti]), m2_isa_name(isa), exact, scale);
            /* prefill and step round the same activations to int8, but those differ by float rounding
               (chunked scan against recurrence): a value that lands on the other side of a rounding
               boundary moves one activation by a whole step (seen: 1.4e-2 with Q4_1, positions 4-8) */
            if (!(ps <= 0.05 * (scale + 1))) FAIL_AT("%s at %s: default options, prefill and step differ by %g", m2__dtype_name(types[ti]), m2_isa_name(isa), ps);
            if (!(dev <= 0.05 * (scale + 1))) FAIL_AT("%s at %s: default options deviate from exact by %g", m2__dtype_name(types[ti]), m2_isa_name(isa), dev);
            if (isa == M2_ISA_AVX2 || isa == M2_ISA_SCALAR)
                printf("  %s %-6s: logits up to %.2f; f32 activations vs f32 twin %.1e; default options vs exact %.1e, prefill vs step %.1e\n",
                       m2__dtype_name(types[ti]), m2_isa_name(isa), scale, exact, dev, ps);
            m2_session_destroy(sf); m2_session_destroy(sq); m2_session_destroy(sd);
        }
        test_isa = M2_ISA_AUTO;
        m2_model_close(mq); m2_model_close(mf);
        free(rq); free(rf); free(qa.data); free(fa.data);
    }
}

/* The loader knows each block type's block: a Q4_0 matrix relabelled Q4_K (rows of 64, not a
   multiple of 256) or given an unknown code is refused with a message that names the problem. */
TEST(quant, loader_checks_block_types) {
    synth_opts o = default_synth();
    size_t size, at;
    unsigned char *file, *mem;
    void *raw;
    m2_model *m = NULL;
    char err[256];
    static const char name[] = "backbone.layers.0.mixer.out_proj.weight";
    o.dtype = M2_Q4_0;
    file = synth_model(&o, &size);
    ASSERT_TRUE(file != NULL);
    mem = (unsigned char *)aligned_copy(file, size, &raw);
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_OK);
    m2_model_close(m);
    for (at = 160; at + sizeof name < size && memcmp(mem + at, name, sizeof name - 1); at++) {}
    ASSERT_TRUE(at + sizeof name < size);
    at += sizeof name - 1; /* the dtype follows the name */
    m2__wr32(mem + at, (uint32_t)M2_Q4_K);
    refresh_crc(mem, size);
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(strstr(err, "Q4_K rows must be a multiple of 256") != NULL);
    m2__wr32(mem + at, 11u);
    refresh_crc(mem, size);
    EXPECT_EQ(m2_model_open_memory(&m, mem, size, NULL, err, sizeof err), M2_ERR_FORMAT);
    EXPECT_TRUE(strstr(err, "unknown dtype 11") != NULL);
    free(raw);
    free(file);
}
