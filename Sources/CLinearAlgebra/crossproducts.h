// One-pass cross products of a few tall columns: C = AᵀA (upper triangle) for the columns of a
// column-major matrix A with k columns (k small, rows many), as a thin matrix's Gram matrix
// needs. BLAS dsyrk/dgemm pack such a matrix panel by panel; this walks it once, in blocks of
// rows that stay in L1, with 2 x 4 tiles of columns held in vector registers.
//
// Written with Clang vector extensions. The same kernel is compiled twice: for the baseline
// x86-64 (SSE2) and with AVX2 + FMA, the latter chosen at run time when the CPU and the OS
// support it (CPUID and XGETBV). Sums are formed in a fixed order for a given A and instruction
// set, so a result does not depend on timing.
#ifndef QUANTKIT_CLINEARALGEBRA_CROSSPRODUCTS_H
#define QUANTKIT_CLINEARALGEBRA_CROSSPRODUCTS_H

#include <stddef.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

typedef double qk_v4d __attribute__((vector_size(32), aligned(8)));
/// Eight doubles: one AVX-512 register, two AVX2 ones or four SSE2 ones, as the target compiles it.
typedef double qk_v8d __attribute__((vector_size(64), aligned(8)));

/// Rows per block: 32 columns of a block take 32 KiB, 16 columns half of it (L1 on current cores).
#define QK_CROSS_BLOCK 128
/// How far ahead (in rows) the next blocks are prefetched: many column streams at once are more
/// than the hardware prefetchers follow (measured: a third faster on 16 columns of 216,000 rows).
#define QK_CROSS_PREFETCH 256
/// The most columns the kernel takes.
#define QK_CROSS_MAX_COLUMNS 32

/// The kernel body. For the `k` columns `columns[0..<k]` of `n` rows, adds the column sums into
/// `sums[0..<k]` and AᵀA into the upper triangle of `gram` (column-major, leading dimension
/// `QK_CROSS_MAX_COLUMNS`, four lanes per entry, summed by the caller). Columns are walked in
/// groups of 4; the padding columns read `zeros`, a block of zeros.
__attribute__((always_inline))
static inline void qk_cross_products_body(const double *const *columns, size_t k, size_t n, const double *zeros,
                                          qk_v4d *gram, qk_v4d *sums, double *tailGram, double *tailSums) {
    size_t padded = (k + 3) / 4 * 4;
    const double *col[QK_CROSS_MAX_COLUMNS];
    for (size_t r0 = 0; r0 < n; r0 += QK_CROSS_BLOCK) {
        size_t rows = n - r0 < QK_CROSS_BLOCK ? n - r0 : QK_CROSS_BLOCK;
        size_t vec = rows / 4 * 4;
        for (size_t c = 0; c < padded; c++) col[c] = c < k ? columns[c] + r0 : zeros;
        for (size_t c = 0; c < k; c++) {
            qk_v4d s = {0};
            for (size_t r = 0; r < vec; r += 4) s += *(const qk_v4d *)(col[c] + r);
            if (r0 + QK_CROSS_PREFETCH + QK_CROSS_BLOCK <= n)
                for (size_t r = 0; r < QK_CROSS_BLOCK; r += 8) __builtin_prefetch(col[c] + QK_CROSS_PREFETCH + r);
            sums[c] += s;
            for (size_t r = vec; r < rows; r++) tailSums[c] += col[c][r];
        }
        for (size_t i = 0; i < k; i += 2) {
            for (size_t j = i / 4 * 4; j < k; j += 4) {
                const double *a0 = col[i], *a1 = col[i + 1];
                const double *b0 = col[j], *b1 = col[j + 1], *b2 = col[j + 2], *b3 = col[j + 3];
                qk_v4d s00 = {0}, s01 = {0}, s02 = {0}, s03 = {0}, s10 = {0}, s11 = {0}, s12 = {0}, s13 = {0};
                for (size_t r = 0; r < vec; r += 4) {
                    qk_v4d x0 = *(const qk_v4d *)(a0 + r), x1 = *(const qk_v4d *)(a1 + r);
                    qk_v4d y0 = *(const qk_v4d *)(b0 + r), y1 = *(const qk_v4d *)(b1 + r);
                    qk_v4d y2 = *(const qk_v4d *)(b2 + r), y3 = *(const qk_v4d *)(b3 + r);
                    s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
                    s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
                }
                qk_v4d *g0 = gram + i + j * QK_CROSS_MAX_COLUMNS, *g1 = g0 + 1;
                g0[0] += s00; g0[QK_CROSS_MAX_COLUMNS] += s01; g0[2 * QK_CROSS_MAX_COLUMNS] += s02; g0[3 * QK_CROSS_MAX_COLUMNS] += s03;
                g1[0] += s10; g1[QK_CROSS_MAX_COLUMNS] += s11; g1[2 * QK_CROSS_MAX_COLUMNS] += s12; g1[3 * QK_CROSS_MAX_COLUMNS] += s13;
                for (size_t r = vec; r < rows; r++)
                    for (size_t u = 0; u < 2; u++)
                        for (size_t v = 0; v < 4; v++)
                            tailGram[(i + u) + (j + v) * QK_CROSS_MAX_COLUMNS] += col[i + u][r] * col[j + v][r];
            }
        }
    }
}

static void qk_cross_products_baseline(const double *const *columns, size_t k, size_t n, const double *zeros,
                                       qk_v4d *gram, qk_v4d *sums, double *tailGram, double *tailSums) {
    qk_cross_products_body(columns, k, n, zeros, gram, sums, tailGram, tailSums);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void qk_cross_products_avx2(const double *const *columns, size_t k, size_t n, const double *zeros,
                                   qk_v4d *gram, qk_v4d *sums, double *tailGram, double *tailSums) {
    qk_cross_products_body(columns, k, n, zeros, gram, sums, tailGram, tailSums);
}

/// Whether the CPU has AVX2 and FMA and the OS saves the YMM registers.
static inline int qk_has_avx2_fma(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && osxsave && avx)) return 0;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}

/// Whether the CPU has AVX-512F and AVX-512VL (with AVX2 and FMA) and the OS saves the opmask
/// and ZMM registers.
static inline int qk_has_avx512(void) {
    if (!qk_has_avx2_fma()) return 0;
    unsigned a, b, c, d;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return ((b >> 16) & 1) && ((b >> 31) & 1);
}
#endif

/// Column sums and AᵀA for the `k` columns `columns[0..<k]` of `n` rows each (`k` at most
/// `QK_CROSS_MAX_COLUMNS`): `sums[c]` and the k x k column-major `gram`, both overwritten
/// (the strict lower triangle of `gram` is 0). Returns 1 when the AVX2 + FMA kernel ran, 0 for
/// the baseline, -1 (nothing written) when `k` is too large.
static inline int qk_cross_products(const double *const *columns, size_t k, size_t n, double *gram, double *sums) {
    static const double zeros[QK_CROSS_BLOCK] = {0};
    if (k > QK_CROSS_MAX_COLUMNS) return -1;
    qk_v4d lanes[QK_CROSS_MAX_COLUMNS * QK_CROSS_MAX_COLUMNS], laneSums[QK_CROSS_MAX_COLUMNS];
    double tailGram[QK_CROSS_MAX_COLUMNS * QK_CROSS_MAX_COLUMNS], tailSums[QK_CROSS_MAX_COLUMNS];
    size_t padded = (k + 3) / 4 * 4;
    for (size_t j = 0; j < padded; j++) {
        laneSums[j] = (qk_v4d){0};
        tailSums[j] = 0;
        for (size_t i = 0; i < padded; i++) {
            lanes[i + j * QK_CROSS_MAX_COLUMNS] = (qk_v4d){0};
            tailGram[i + j * QK_CROSS_MAX_COLUMNS] = 0;
        }
    }
    int avx2 = 0;
#if defined(__x86_64__)
    avx2 = qk_has_avx2_fma();
    if (avx2) qk_cross_products_avx2(columns, k, n, zeros, lanes, laneSums, tailGram, tailSums);
    else
#endif
    qk_cross_products_baseline(columns, k, n, zeros, lanes, laneSums, tailGram, tailSums);
    for (size_t j = 0; j < k; j++) {
        qk_v4d s = laneSums[j];
        sums[j] = ((s[0] + s[1]) + (s[2] + s[3])) + tailSums[j];
        for (size_t i = 0; i < k; i++) {
            qk_v4d g = lanes[i + j * QK_CROSS_MAX_COLUMNS];
            gram[i + j * k] = i <= j ? ((g[0] + g[1]) + (g[2] + g[3])) + tailGram[i + j * QK_CROSS_MAX_COLUMNS] : 0;
        }
    }
    return avx2;
}

#endif
