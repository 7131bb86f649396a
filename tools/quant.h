/* quant.h - quantizes f32 rows to mamba2.h's block types (Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K,
   Q5_K, Q6_K; GGUF's block layouts byte for byte). Not part of the library: tools/quantize.c (the
   converter's helper) and tools/random_model.h use it. Plain C99, no dependencies.

   The searches are those of llama.cpp's reference quantizers (ggml-quants.c, quantize_row_*_ref,
   what llama-quantize runs without an importance matrix), written anew from their description:
   - Q4_0 / Q5_0: d = (the value of largest magnitude) / -8 (or -16), q = trunc(x/d + 8.5) capped at
     15 (16.5, 31); Q4_1 / Q5_1: d = (max - min) / 15 (31), m = min, q = trunc((x - min)/d + 0.5);
     Q8_0: d = amax / 127, q = round(x / d).
   - Q4_K / Q5_K: per sub-block of 32, weights w_i = rms(x) + |x_i|; scale and min by a weighted
     least-squares fit of x ~ s*L + m over 21 (16) trial grids L = round((x - min) * (nmax + rmin +
     k*0.1) / (max - min)), keeping the fit with the least weighted squared error (min <= 0); then the
     eight scales and mins are quantized to 6 bits against the block's largest (d = max_scale/63,
     dmin = max_min/63) and the values re-quantized with the stored scales.
   - Q6_K: per sub-block of 16, a symmetric scale by least squares with weights x^2 over 19 trial
     grids around -32/max (make_qx_quants with rmse_type 1); the 16 scales to int8 against the
     largest (d = max_scale / -128), then the values re-quantized with the stored scales.
   Rounding is to nearest even where llama.cpp uses its nearest_int, the f16 conversions round to
   nearest even, and the float operations run in the same order, so the blocks are llama.cpp's
   byte for byte (checked on 2^20 random values for each type against its quantize_row_*_ref; a
   compiler that contracts multiply-adds differently could still move a tie). */
#ifndef M2_QUANT_H
#define M2_QUANT_H
#include <math.h>
#include <string.h>
#include <stdint.h>

/* dtype codes of the model file */
enum { MQ_Q8_0 = 3, MQ_Q4_0 = 4, MQ_Q4_1 = 5, MQ_Q5_0 = 6, MQ_Q5_1 = 7, MQ_Q4_K = 8, MQ_Q5_K = 9, MQ_Q6_K = 10 };

static inline uint16_t mq_f16(float f) { /* f32 to f16, round to nearest even, overflow to inf, NaN kept */
    uint32_t u, sign, mant, r, rem, half;
    int e, shift;
    memcpy(&u, &f, 4);
    sign = (u >> 16) & 0x8000u;
    if ((u & 0x7F800000u) == 0x7F800000u) return (uint16_t)(sign | 0x7C00u | ((u & 0x7FFFFFu) ? 0x200u : 0u));
    e = (int)((u >> 23) & 0xFF) - 127 + 15;
    mant = (u & 0x7FFFFFu) | 0x800000u;
    if ((u & 0x7FFFFFFFu) == 0) return (uint16_t)sign;
    if (e >= 31) return (uint16_t)(sign | 0x7C00u);
    shift = e <= 0 ? 14 - e : 13; /* subnormal results keep fewer bits */
    if (shift > 24) return (uint16_t)sign;
    r = mant >> shift;
    rem = mant & ((1u << shift) - 1);
    half = 1u << (shift - 1);
    if (rem > half || (rem == half && (r & 1))) r++;
    if (e <= 0) return (uint16_t)(sign | r);           /* may carry into the smallest normal: still right */
    return (uint16_t)(sign | (((uint32_t)e << 10) + (r - 0x400u))); /* a carry out of the mantissa bumps the exponent */
}
static inline float mq_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16, e = (h >> 10) & 0x1F, m = h & 0x3FFu, u;
    float f;
    if (e == 0) { f = (float)m * (1.0f / 16777216.0f); return sign ? -f : f; }
    if (e == 31) u = sign | 0x7F800000u | (m << 13);
    else u = sign | ((e + 112) << 23) | (m << 13);
    memcpy(&f, &u, 4);
    return f;
}
static inline void mq_put16(unsigned char *p, uint16_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static inline int mq_nearest(float v) { return (int)lrintf(v); } /* to nearest even, as llama.cpp's nearest_int */
static inline int mq_clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- the 32-value types */
static inline void mq_q8_0(const float *x, unsigned char *b) {
    float amax = 0.0f, d, id;
    int j;
    for (j = 0; j < 32; j++) if (fabsf(x[j]) > amax) amax = fabsf(x[j]);
    d = amax / 127.0f;
    id = d != 0.0f ? 1.0f / d : 0.0f;
    mq_put16(b, mq_f16(d));
    for (j = 0; j < 32; j++) b[2 + j] = (unsigned char)(signed char)(int)roundf(x[j] * id);
}
/* Q4_0 / Q5_0: symmetric, the largest-magnitude value maps to -2^(bits-1) exactly */
static inline void mq_sym(const float *x, int bits, unsigned char *b) {
    float amax = 0.0f, max = 0.0f, d, id;
    int j, half = 1 << (bits - 1), top = (1 << bits) - 1;
    uint32_t qh = 0;
    unsigned char *qs = b + (bits == 5 ? 6 : 2);
    for (j = 0; j < 32; j++) if (fabsf(x[j]) > amax) { amax = fabsf(x[j]); max = x[j]; }
    d = max / (float)-half;
    id = d != 0.0f ? 1.0f / d : 0.0f;
    mq_put16(b, mq_f16(d));
    for (j = 0; j < 16; j++) {
        float off = (float)half + 0.5f; /* x/d + 8.5 (16.5) in one addition, as llama.cpp rounds it */
        int q0 = mq_clamp((int)(x[j] * id + off), 0, top), q1 = mq_clamp((int)(x[j + 16] * id + off), 0, top);
        qs[j] = (unsigned char)((q0 & 0x0F) | (q1 & 0x0F) << 4);
        qh |= (uint32_t)(q0 >> 4 & 1) << j | (uint32_t)(q1 >> 4 & 1) << (j + 16);
    }
    if (bits == 5) { b[2] = (unsigned char)qh; b[3] = (unsigned char)(qh >> 8); b[4] = (unsigned char)(qh >> 16); b[5] = (unsigned char)(qh >> 24); }
}
/* Q4_1 / Q5_1: the range [min, max] in 2^bits - 1 steps */
static inline void mq_asym(const float *x, int bits, unsigned char *b) {
    float min = x[0], max = x[0], d, id;
    int j, top = (1 << bits) - 1;
    uint32_t qh = 0;
    unsigned char *qs = b + (bits == 5 ? 8 : 4);
    for (j = 1; j < 32; j++) { if (x[j] < min) min = x[j]; if (x[j] > max) max = x[j]; }
    d = (max - min) / (float)top;
    id = d != 0.0f ? 1.0f / d : 0.0f;
    mq_put16(b, mq_f16(d));
    mq_put16(b + 2, mq_f16(min));
    for (j = 0; j < 16; j++) {
        int q0 = mq_clamp((int)((x[j] - min) * id + 0.5f), 0, top), q1 = mq_clamp((int)((x[j + 16] - min) * id + 0.5f), 0, top);
        qs[j] = (unsigned char)((q0 & 0x0F) | (q1 & 0x0F) << 4);
        qh |= (uint32_t)(q0 >> 4 & 1) << j | (uint32_t)(q1 >> 4 & 1) << (j + 16);
    }
    if (bits == 5) { b[4] = (unsigned char)qh; b[5] = (unsigned char)(qh >> 8); b[6] = (unsigned char)(qh >> 16); b[7] = (unsigned char)(qh >> 24); }
}

/* ---- Q4_K / Q5_K */
/* Scale s and offset -min (returned in *neg_min, >= 0) for n values, levels 0..nmax: the least
   weighted squared error among the plain grid and the grids of nstep+1 trial scales. */
static inline float mq_fit_scale_min(int n, int nmax, const float *x, const float *w, unsigned char *L, float *neg_min, float rmin, float rdelta, int nstep) {
    float min = x[0], max = x[0], sum_w = w[0], sum_x = w[0] * x[0], iscale, scale, best;
    unsigned char trial[32];
    int i, k;
    for (i = 1; i < n; i++) {
        if (x[i] < min) min = x[i];
        if (x[i] > max) max = x[i];
        sum_w += w[i];
        sum_x += w[i] * x[i];
    }
    if (min > 0) min = 0;
    if (max == min) {
        for (i = 0; i < n; i++) L[i] = 0;
        *neg_min = -min;
        return 0.0f;
    }
    iscale = (float)nmax / (max - min);
    scale = 1.0f / iscale;
    best = 0.0f;
    for (i = 0; i < n; i++) {
        float diff;
        L[i] = (unsigned char)mq_clamp(mq_nearest(iscale * (x[i] - min)), 0, nmax);
        diff = scale * (float)L[i] + min - x[i];
        best += w[i] * (diff * diff);
    }
    for (k = 0; k <= nstep; k++) {
        float sl = 0, sl2 = 0, sxl = 0, D;
        iscale = (rmin + rdelta * (float)k + (float)nmax) / (max - min);
        for (i = 0; i < n; i++) {
            int l = mq_clamp(mq_nearest(iscale * (x[i] - min)), 0, nmax);
            trial[i] = (unsigned char)l;
            sl += w[i] * (float)l;
            sl2 += w[i] * (float)l * (float)l;
            sxl += w[i] * (float)l * x[i];
        }
        D = sum_w * sl2 - sl * sl;
        if (D > 0) {
            float s = (sum_w * sxl - sum_x * sl) / D, m = (sl2 * sum_x - sl * sxl) / D, err = 0;
            if (m > 0) { m = 0; s = sxl / sl2; }
            for (i = 0; i < n; i++) {
                float diff = s * (float)trial[i] + m - x[i];
                err += w[i] * (diff * diff);
            }
            if (err < best) {
                memcpy(L, trial, (size_t)n);
                best = err;
                scale = s;
                min = m;
            }
        }
    }
    *neg_min = -min;
    return scale;
}
/* the 6-bit scale and min of sub-block j into the 12 packed bytes (mamba2.h's m2__k_scale_min reads them) */
static inline void mq_put_scale_min(unsigned char *q, int j, int sc, int m) {
    if (j < 4) {
        q[j] = (unsigned char)((q[j] & 0xC0) | sc);
        q[j + 4] = (unsigned char)((q[j + 4] & 0xC0) | m);
    } else {
        q[j + 4] = (unsigned char)((sc & 0x0F) | (m & 0x0F) << 4);
        q[j - 4] = (unsigned char)((q[j - 4] & 0x3F) | (sc >> 4) << 6);
        q[j] = (unsigned char)((q[j] & 0x3F) | (m >> 4) << 6);
    }
}
static inline void mq_get_scale_min(const unsigned char *q, int j, int *sc, int *m) {
    if (j < 4) { *sc = q[j] & 63; *m = q[j + 4] & 63; }
    else { *sc = (q[j + 4] & 0x0F) | (q[j - 4] >> 6) << 4; *m = (q[j + 4] >> 4) | (q[j] >> 6) << 4; }
}
static inline void mq_k45(const float *x, int bits, unsigned char *b) {
    unsigned char L[256], *scales = b + 4, *qh = b + 16, *qs = b + (bits == 5 ? 48 : 16);
    float w[32], sc[8], mn[8], max_scale = 0, max_min = 0, inv_s, inv_m, d, dmin;
    int nmax = (1 << bits) - 1, j, l;
    for (j = 0; j < 8; j++) {
        const float *xj = x + 32 * j;
        float sum2 = 0, av;
        for (l = 0; l < 32; l++) sum2 += xj[l] * xj[l];
        av = sqrtf(sum2 / 32.0f);
        for (l = 0; l < 32; l++) w[l] = av + fabsf(xj[l]);
        sc[j] = bits == 5 ? mq_fit_scale_min(32, nmax, xj, w, L + 32 * j, &mn[j], -0.5f, 0.1f, 15)
                          : mq_fit_scale_min(32, nmax, xj, w, L + 32 * j, &mn[j], -1.0f, 0.1f, 20);
        if (sc[j] > max_scale) max_scale = sc[j];
        if (mn[j] > max_min) max_min = mn[j];
    }
    inv_s = max_scale > 0 ? 63.0f / max_scale : 0.0f;
    inv_m = max_min > 0 ? 63.0f / max_min : 0.0f;
    memset(scales, 0, 12);
    for (j = 0; j < 8; j++) mq_put_scale_min(scales, j, mq_clamp(mq_nearest(inv_s * sc[j]), 0, 63), mq_clamp(mq_nearest(inv_m * mn[j]), 0, 63));
    mq_put16(b, mq_f16(max_scale / 63.0f));
    mq_put16(b + 2, mq_f16(max_min / 63.0f));
    d = mq_f16_to_f32(mq_f16(max_scale / 63.0f));
    dmin = mq_f16_to_f32(mq_f16(max_min / 63.0f));
    for (j = 0; j < 8; j++) { /* the values again, against the scales as stored */
        int s, m;
        float ds, dm;
        mq_get_scale_min(scales, j, &s, &m);
        ds = d * (float)s;
        if (ds == 0.0f) continue;
        dm = dmin * (float)m;
        for (l = 0; l < 32; l++) L[32 * j + l] = (unsigned char)mq_clamp(mq_nearest((x[32 * j + l] + dm) / ds), 0, nmax);
    }
    if (bits == 5) memset(qh, 0, 32);
    for (j = 0; j < 4; j++)
        for (l = 0; l < 32; l++) {
            int lo = L[64 * j + l], hi = L[64 * j + 32 + l];
            if (bits == 5) qh[l] = (unsigned char)(qh[l] | (lo >> 4) << (2 * j) | (hi >> 4) << (2 * j + 1));
            qs[32 * j + l] = (unsigned char)((lo & 0x0F) | (hi & 0x0F) << 4);
        }
}

/* ---- Q6_K */
/* Symmetric scale for n values, levels -nmax..nmax-1 (stored + nmax in L): the best of 19 trial
   grids by weighted least squares, weights x^2. */
static inline float mq_fit_sym(int n, int nmax, const float *x, signed char *L) {
    float max = 0, amax = 0, iscale, sumlx = 0, suml2 = 0, scale, best;
    int i, k;
    for (i = 0; i < n; i++) if (fabsf(x[i]) > amax) { amax = fabsf(x[i]); max = x[i]; }
    if (amax < 1e-15f) {
        for (i = 0; i < n; i++) L[i] = 0;
        return 0.0f;
    }
    iscale = -(float)nmax / max;
    for (i = 0; i < n; i++) {
        int l = mq_clamp(mq_nearest(iscale * x[i]), -nmax, nmax - 1);
        float w = x[i] * x[i];
        L[i] = (signed char)(l + nmax);
        sumlx += w * x[i] * (float)l;
        suml2 += w * (float)l * (float)l;
    }
    scale = suml2 != 0 ? sumlx / suml2 : 0.0f;
    best = scale * sumlx;
    for (k = -9; k <= 9; k++) {
        if (k == 0) continue;
        iscale = -((float)nmax + 0.1f * (float)k) / max;
        sumlx = suml2 = 0;
        for (i = 0; i < n; i++) {
            int l = mq_clamp(mq_nearest(iscale * x[i]), -nmax, nmax - 1);
            float w = x[i] * x[i];
            sumlx += w * x[i] * (float)l;
            suml2 += w * (float)l * (float)l;
        }
        if (suml2 > 0 && sumlx * sumlx > best * suml2) {
            for (i = 0; i < n; i++) L[i] = (signed char)(nmax + mq_clamp(mq_nearest(iscale * x[i]), -nmax, nmax - 1));
            scale = sumlx / suml2;
            best = scale * sumlx;
        }
    }
    return scale;
}
static inline void mq_q6_k(const float *x, unsigned char *b) {
    signed char L[256];
    float sc[16], max_scale = 0, max_abs = 0, iscale, d;
    int j, l, h;
    for (j = 0; j < 16; j++) {
        sc[j] = mq_fit_sym(16, 32, x + 16 * j, L + 16 * j);
        if (fabsf(sc[j]) > max_abs) { max_abs = fabsf(sc[j]); max_scale = sc[j]; }
    }
    memset(b, 0, 210);
    if (max_abs < 1e-15f) return;
    iscale = -128.0f / max_scale;
    mq_put16(b + 208, mq_f16(1.0f / iscale));
    d = mq_f16_to_f32(mq_f16(1.0f / iscale));
    for (j = 0; j < 16; j++) b[192 + j] = (unsigned char)(signed char)(mq_nearest(iscale * sc[j]) > 127 ? 127 : mq_nearest(iscale * sc[j]));
    for (j = 0; j < 16; j++) {
        float ds = d * (float)(signed char)b[192 + j];
        if (ds == 0.0f) continue;
        for (l = 0; l < 16; l++) L[16 * j + l] = (signed char)(mq_clamp(mq_nearest(x[16 * j + l] / ds), -32, 31) + 32);
    }
    for (h = 0; h < 2; h++) {
        const signed char *Lh = L + 128 * h;
        unsigned char *ql = b + 64 * h, *qh = b + 128 + 32 * h;
        for (l = 0; l < 32; l++) {
            int q1 = Lh[l], q2 = Lh[l + 32], q3 = Lh[l + 64], q4 = Lh[l + 96];
            ql[l] = (unsigned char)((q1 & 0x0F) | (q3 & 0x0F) << 4);
            ql[l + 32] = (unsigned char)((q2 & 0x0F) | (q4 & 0x0F) << 4);
            qh[l] = (unsigned char)((q1 >> 4) | (q2 >> 4) << 2 | (q3 >> 4) << 4 | (q4 >> 4) << 6);
        }
    }
}

/* Values per block and bytes per block of a dtype code, 0 if it is not a block type this knows. */
static inline int mq_block(int dtype) { return dtype == MQ_Q4_K || dtype == MQ_Q5_K || dtype == MQ_Q6_K ? 256 : dtype >= MQ_Q8_0 && dtype <= MQ_Q5_1 ? 32 : 0; }
static inline int mq_block_bytes(int dtype) {
    static const int bytes[] = {0, 0, 0, 34, 18, 20, 22, 24, 144, 176, 210};
    return dtype >= 0 && dtype <= MQ_Q6_K ? bytes[dtype] : 0;
}
/* Quantizes n values (a multiple of the block) to out; returns the bytes written, 0 for an unknown dtype. */
static inline size_t mq_quantize_row(int dtype, const float *x, int n, unsigned char *out) {
    int bs = mq_block(dtype), bytes = mq_block_bytes(dtype), i;
    if (!bs || n % bs) return 0;
    for (i = 0; i < n / bs; i++) {
        const float *xb = x + (size_t)i * (size_t)bs;
        unsigned char *b = out + (size_t)i * (size_t)bytes;
        switch (dtype) {
        case MQ_Q8_0: mq_q8_0(xb, b); break;
        case MQ_Q4_0: mq_sym(xb, 4, b); break;
        case MQ_Q5_0: mq_sym(xb, 5, b); break;
        case MQ_Q4_1: mq_asym(xb, 4, b); break;
        case MQ_Q5_1: mq_asym(xb, 5, b); break;
        case MQ_Q4_K: mq_k45(xb, 4, b); break;
        case MQ_Q5_K: mq_k45(xb, 5, b); break;
        default: mq_q6_k(xb, b); break;
        }
    }
    return (size_t)(n / bs) * (size_t)bytes;
}

/* The inverse, as ggml's dequantize_row_* defines it (a second implementation of mamba2.h's
   reference dequantizers, written from the block layouts; the tests hold the two together). */
static inline void mq_dequantize_row(int dtype, const unsigned char *in, int n, float *y) {
    int bs = mq_block(dtype), bytes = mq_block_bytes(dtype), i, l;
    for (i = 0; i < n / bs; i++, y += bs) {
        const unsigned char *b = in + (size_t)i * (size_t)bytes;
        float d = mq_f16_to_f32((uint16_t)(b[0] | b[1] << 8)), m = mq_f16_to_f32((uint16_t)(b[2] | b[3] << 8));
        uint32_t qh = 0;
        if (dtype == MQ_Q8_0) {
            for (l = 0; l < 32; l++) y[l] = d * (float)(signed char)b[2 + l];
        } else if (dtype <= MQ_Q5_1) { /* value l: nibble l % 16 of qs (high for l >= 16), fifth bit l of qh */
            int five = dtype == MQ_Q5_0 || dtype == MQ_Q5_1, mins = dtype == MQ_Q4_1 || dtype == MQ_Q5_1;
            const unsigned char *qs = b + 2 + 2 * mins + 4 * five;
            if (five) memcpy(&qh, b + 2 + 2 * mins, 4); /* little-endian machines */
            for (l = 0; l < 32; l++) {
                int q = (l < 16 ? qs[l] & 15 : qs[l - 16] >> 4) | (int)(qh >> l & 1) << 4;
                y[l] = mins ? (float)q * d + m : (float)(q - (five ? 16 : 8)) * d;
            }
        } else if (dtype == MQ_Q6_K) { /* value 128h + 32k + l */
            float d6 = mq_f16_to_f32((uint16_t)(b[208] | b[209] << 8));
            int h, k;
            for (h = 0; h < 2; h++)
                for (k = 0; k < 4; k++)
                    for (l = 0; l < 32; l++) {
                        int lo = b[64 * h + l + 32 * (k & 1)] >> (k >= 2 ? 4 : 0) & 15, hi = b[128 + 32 * h + l] >> (2 * k) & 3;
                        y[128 * h + 32 * k + l] = d6 * (float)(signed char)b[192 + 8 * h + 2 * k + l / 16] * (float)((lo | hi << 4) - 32);
                    }
        } else { /* Q4_K / Q5_K: sub-block j = 2p + hi of 8, value l */
            int j, sc, mn;
            for (j = 0; j < 8; j++) {
                mq_get_scale_min(b + 4, j, &sc, &mn);
                for (l = 0; l < 32; l++) {
                    int q = b[(dtype == MQ_Q5_K ? 48 : 16) + 32 * (j / 2) + l] >> (4 * (j & 1)) & 15;
                    if (dtype == MQ_Q5_K) q += (b[16 + l] >> j & 1) * 16;
                    y[32 * j + l] = d * (float)sc * (float)q - m * (float)mn;
                }
            }
        }
    }
}
#endif
