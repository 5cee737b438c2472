// One sweep of cyclical coordinate descent for risk budgeting (Spinu's convex formulation),
// and a positive-definiteness test for small matrices: the two loops that decide how long a
// risk-parity solve of a few hundred assets takes.
//
// The sweep is latency-bound below a few hundred assets: each coordinate needs (Sx)_i after
// the previous coordinate's update. The kernel keeps that chain short: the next coordinate's
// (Sx)_{i+1} is formed in a register by the same fused multiply-add the vector update stores,
// and, in the Newton mode, the step is `(b_i - x_i (Sx)_i) / (S_ii x_i + (Sx)_i)` with the
// reciprocal taken from the start of the sweep (no square root or division on the chain).
//
// Compiled twice, like crossproducts.h: for the baseline x86-64 and with AVX2 + FMA, the latter
// chosen at run time.
#ifndef QUANTKIT_CLINEARALGEBRA_COORDINATEDESCENT_H
#define QUANTKIT_CLINEARALGEBRA_COORDINATEDESCENT_H

#include <math.h>
#include <stddef.h>
#include "crossproducts.h"

/// The exact minimiser of `f` along coordinate i: the positive root of
/// `s x² + c x - b = 0` with `c = (Sx)_i - s x_i`, in the form free of cancellation for either sign of c.
__attribute__((always_inline))
static inline double qk_ccd_exact_root(double s, double c, double b) {
    double root = sqrt(c * c + 4 * s * b);
    return c > 0 ? 2 * b / (c + root) : (root - c) / (2 * s);
}

/// The instruction sets the kernels are compiled for, in order.
#define QK_ISA_BASELINE 0
#define QK_ISA_AVX2 1
#define QK_ISA_AVX512 2

/// The best instruction set this CPU and OS run: `QK_ISA_AVX512`, `QK_ISA_AVX2` or
/// `QK_ISA_BASELINE`. The CPU is asked once.
static inline int qk_best_isa(void) {
#if defined(__x86_64__)
    static int best = -1;  // -1 until the first call asks the CPU
    int isa = __atomic_load_n(&best, __ATOMIC_RELAXED);
    if (isa < 0) {
        isa = qk_has_avx512() ? QK_ISA_AVX512 : qk_has_avx2_fma() ? QK_ISA_AVX2 : QK_ISA_BASELINE;
        __atomic_store_n(&best, isa, __ATOMIC_RELAXED);
    }
    return isa;
#else
    return QK_ISA_BASELINE;
#endif
}

#if defined(__x86_64__)
/// Whether the AVX2 + FMA kernels run.
static inline int qk_avx2_fma_available(void) { return qk_best_isa() >= QK_ISA_AVX2; }

/// Whether the AVX-512 kernels run.
static inline int qk_avx512_available(void) { return qk_best_isa() == QK_ISA_AVX512; }
#endif

/// `Σ a_i b_i` with two vector accumulators (a fixed summation order for a given n and
/// instruction set): `xᵀSx` in the rescaling and the error, and the reductions of the Anderson
/// mixing, all too short for a BLAS call to pay.
__attribute__((always_inline))
static inline double qk_dot_body(long n, const double *a, const double *b) {
    qk_v4d s0 = {0}, s1 = {0};
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 += *(const qk_v4d *)(a + i) * *(const qk_v4d *)(b + i);
        s1 += *(const qk_v4d *)(a + i + 4) * *(const qk_v4d *)(b + i + 4);
    }
    if (i + 4 <= n) { s0 += *(const qk_v4d *)(a + i) * *(const qk_v4d *)(b + i); i += 4; }
    s0 += s1;
    double sum = (s0[0] + s0[1]) + (s0[2] + s0[3]);
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

/// Four lanes of 64-bit masks (the results of comparing `qk_v4d` lanes).
typedef long long qk_v4l __attribute__((vector_size(32)));

/// The largest lane of `worst`, or +infinity when a lane of `nan` (if given) is set (a NaN the lane-wise
/// maximum would have dropped).
__attribute__((always_inline))
static inline double qk_lanes_max(const qk_v4d *worst, const qk_v4l *nan) {
    if (nan && ((*nan)[0] | (*nan)[1] | (*nan)[2] | (*nan)[3]) != 0) return INFINITY;
    double w = (*worst)[0] > (*worst)[1] ? (*worst)[0] : (*worst)[1];
    double w2 = (*worst)[2] > (*worst)[3] ? (*worst)[2] : (*worst)[3];
    return w > w2 ? w : w2;
}

/// The move of coordinate i given its current `(Sx)_i = yi` (see `qk_ccd_sweep`). The Newton step
/// `(b_i - x_i y_i) r_i` is formed as `b_i r_i - (x_i r_i) y_i` from the products `br = b_i r_i`
/// and `xr = x_i r_i` taken at the sweep's start (x_i has not moved before its own turn): one fused
/// multiply-add between `y_i` and the step.
__attribute__((always_inline))
static inline double qk_ccd_step(int newton, double sii, double xi, double yi, double bi, double br, double xr) {
    if (newton) {
        double d = br - xr * yi;
        if (xi + d > 0) return d;
    }
    return qk_ccd_exact_root(sii, yi - sii * xi, bi) - xi;
}

/// The reciprocals of the coordinates' quadratics' slopes at the sweep's start,
/// `r_i = 1 / (S_ii x_i + (Sx)_i)`, stored as `br = b r` and `xr = x r` (the first and second n of
/// `r`): independent divisions, four per instruction (the diagonal is contiguous for this).
__attribute__((always_inline))
static inline void qk_ccd_slopes_body(long n, const double *diagonal, const double *b, const double *x, const double *y, double *r) {
    double *br = r, *xr = r + n;
    qk_v4d one = {1, 1, 1, 1};
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        qk_v4d xi = *(const qk_v4d *)(x + i);
        qk_v4d reciprocal = one / (*(const qk_v4d *)(diagonal + i) * xi + *(const qk_v4d *)(y + i));
        *(qk_v4d *)(br + i) = *(const qk_v4d *)(b + i) * reciprocal;
        *(qk_v4d *)(xr + i) = xi * reciprocal;
    }
    for (; i < n; i++) {
        double reciprocal = 1 / (diagonal[i] * x[i] + y[i]);
        br[i] = b[i] * reciprocal;
        xr[i] = x[i] * reciprocal;
    }
}

/// The coordinate moves of a sweep (`qk_ccd_sweep_body` without forming the slopes; in the
/// Newton mode `r` must already hold them, from `qk_ccd_slopes_body` or the fused rescaling).
/// `s` is n x n column-major (leading dimension n), `y` holds `S x` on entry and the running
/// `S x` on exit, `r` is the 2n doubles of slopes.
///
/// Coordinates go four at a time: the second, third and fourth one's `(Sx)_i` and the next
/// group's first are formed in registers (by the fused multiply-adds the vector loop repeats, in
/// the same order, so they equal what it stores), and `y` is read and written once per four
/// coordinates. Against pairs, measured on one core: sweeps 10-20% faster at N = 100 and 500 and
/// ten sweeps 13% faster at N = 20, whole solves 2-5% (the loads and stores of `y` halved, the chain
/// of moves the same).
///
/// With `fresh` (n doubles), the product of the sweep's output is formed there as the sweep goes,
/// `fresh = Σ_i x_i' S e_i` with each `x_i'` as soon as it is final: a product summed afresh
/// (no running update), from the columns the sweep reads anyway. Where the matrix does not fit
/// in cache that costs little beside a separate product's pass over it.
__attribute__((always_inline))
static inline void qk_ccd_moves_body(long n, const double *s, const double *diagonal, const double *b, double *x, double *y,
                                     const double *r, int newton, double *fresh) {
    const double *br = r, *xr = r + n;
    if (fresh)
        for (long k = 0; k < n; k++) fresh[k] = 0;
    double ynext = y[0];
    long i = 0;
    for (; i + 3 < n; i += 4) {
        const double *c0 = s + i * n, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
        double d0 = qk_ccd_step(newton, diagonal[i], x[i], ynext, b[i], br[i], xr[i]);
        double y1 = y[i + 1] + d0 * c0[i + 1];
        double d1 = qk_ccd_step(newton, diagonal[i + 1], x[i + 1], y1, b[i + 1], br[i + 1], xr[i + 1]);
        double y2 = (y[i + 2] + d0 * c0[i + 2]) + d1 * c1[i + 2];
        double d2 = qk_ccd_step(newton, diagonal[i + 2], x[i + 2], y2, b[i + 2], br[i + 2], xr[i + 2]);
        double y3 = ((y[i + 3] + d0 * c0[i + 3]) + d1 * c1[i + 3]) + d2 * c2[i + 3];
        double d3 = qk_ccd_step(newton, diagonal[i + 3], x[i + 3], y3, b[i + 3], br[i + 3], xr[i + 3]);
        x[i] += d0;
        x[i + 1] += d1;
        x[i + 2] += d2;
        x[i + 3] += d3;
        if (i + 4 < n) ynext = (((y[i + 4] + d0 * c0[i + 4]) + d1 * c1[i + 4]) + d2 * c2[i + 4]) + d3 * c3[i + 4];
        qk_v4d v0 = {d0, d0, d0, d0}, v1 = {d1, d1, d1, d1}, v2 = {d2, d2, d2, d2}, v3 = {d3, d3, d3, d3};
        long k = 0;
        if (fresh) {
            double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
            qk_v4d w0 = {x0, x0, x0, x0}, w1 = {x1, x1, x1, x1}, w2 = {x2, x2, x2, x2}, w3 = {x3, x3, x3, x3};
            for (; k + 4 <= n; k += 4) {
                qk_v4d a0 = *(const qk_v4d *)(c0 + k), a1 = *(const qk_v4d *)(c1 + k);
                qk_v4d a2 = *(const qk_v4d *)(c2 + k), a3 = *(const qk_v4d *)(c3 + k);
                qk_v4d *yv = (qk_v4d *)(y + k), *fv = (qk_v4d *)(fresh + k);
                *yv = (((*yv + v0 * a0) + v1 * a1) + v2 * a2) + v3 * a3;
                *fv = (((*fv + w0 * a0) + w1 * a1) + w2 * a2) + w3 * a3;
            }
            for (; k < n; k++) {
                y[k] = (((y[k] + d0 * c0[k]) + d1 * c1[k]) + d2 * c2[k]) + d3 * c3[k];
                fresh[k] = (((fresh[k] + x0 * c0[k]) + x1 * c1[k]) + x2 * c2[k]) + x3 * c3[k];
            }
            continue;
        }
        for (; k + 4 <= n; k += 4) {
            qk_v4d *yv = (qk_v4d *)(y + k);
            *yv = (((*yv + v0 * *(const qk_v4d *)(c0 + k)) + v1 * *(const qk_v4d *)(c1 + k)) + v2 * *(const qk_v4d *)(c2 + k)) +
                  v3 * *(const qk_v4d *)(c3 + k);
        }
        for (; k < n; k++) y[k] = (((y[k] + d0 * c0[k]) + d1 * c1[k]) + d2 * c2[k]) + d3 * c3[k];
    }
    for (; i < n; i++) {
        // The last coordinates (n not a multiple of four), one at a time.
        const double *col = s + i * n;
        double d = qk_ccd_step(newton, diagonal[i], x[i], ynext, b[i], br[i], xr[i]);
        x[i] += d;
        if (i + 1 < n) ynext = y[i + 1] + d * col[i + 1];
        for (long k = 0; k < n; k++) y[k] += d * col[k];
        if (fresh)
            for (long k = 0; k < n; k++) fresh[k] += x[i] * col[k];
    }
}

/// A whole sweep: the slopes (in the Newton mode), then the moves, the latter instantiated with
/// and without the fresh product so that neither tests `fresh` per element.
__attribute__((always_inline))
static inline void qk_ccd_sweep_body(long n, const double *s, const double *diagonal, const double *b, double *x, double *y, double *r,
                                     int newton, double *fresh) {
    if (newton) qk_ccd_slopes_body(n, diagonal, b, x, y, r);
    if (fresh) qk_ccd_moves_body(n, s, diagonal, b, x, y, r, newton, fresh);
    else qk_ccd_moves_body(n, s, diagonal, b, x, y, r, newton, 0);
}

static void qk_ccd_sweep_baseline(long n, const double *s, const double *diagonal, const double *b, double *x, double *y, double *r,
                                  int newton, double *fresh) {
    qk_ccd_sweep_body(n, s, diagonal, b, x, y, r, newton, fresh);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void qk_ccd_sweep_avx2(long n, const double *s, const double *diagonal, const double *b, double *x, double *y, double *r,
                              int newton, double *fresh) {
    qk_ccd_sweep_body(n, s, diagonal, b, x, y, r, newton, fresh);
}

/// The same body with AVX-512VL's 32 vector registers: measured on one core (Zen 5), a sweep at
/// N = 64 takes 0.30 against 0.34 µs and at N = 100 0.73 against 0.77-0.83 µs; at N = 152 the same.
__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void qk_ccd_sweep_avx512(long n, const double *s, const double *diagonal, const double *b, double *x, double *y, double *r,
                                int newton, double *fresh) {
    qk_ccd_sweep_body(n, s, diagonal, b, x, y, r, newton, fresh);
}
#endif

/// One sweep of cyclical coordinate descent on `f(x) = ½ xᵀSx - Σ b_i log x_i`, coordinates in
/// order 0..<n, each followed by `y += (x_i' - x_i) S e_i`.
///
/// `newton == 0`: each coordinate moves to the exact minimiser along it (the positive root of its
/// quadratic). `newton != 0`: one Newton step on that quadratic, `d = (b_i - x_i y_i) / (S_ii x_i + y_i)`
/// with the denominator taken at the start of the sweep; a step that would leave `x_i > 0` takes
/// the exact root instead. Near the solution the two agree to second order.
///
/// `s`: n x n column-major, symmetric; `diagonal`: its diagonal, contiguous; `b`: positive
/// budgets; `x`: positive, updated in place; `y`: `S x` on entry, the running `S x` on exit;
/// `r`: 2n doubles of scratch; `fresh`: NULL, or n doubles that receive the output's product
/// summed afresh (see `qk_ccd_moves_body`).
static inline void qk_ccd_sweep(long n, const double *s, const double *diagonal, const double *b, double *x, double *y, double *r,
                                int newton, double *fresh) {
    if (n <= 0) return;
#if defined(__x86_64__)
    if (qk_avx512_available()) {
        qk_ccd_sweep_avx512(n, s, diagonal, b, x, y, r, newton, fresh);
        return;
    }
    if (qk_avx2_fma_available()) {
        qk_ccd_sweep_avx2(n, s, diagonal, b, x, y, r, newton, fresh);
        return;
    }
#endif
    qk_ccd_sweep_baseline(n, s, diagonal, b, x, y, r, newton, fresh);
}


/// `d` in all eight lanes.
#define QK_SPLAT8(d) ((qk_v8d){d, d, d, d, d, d, d, d})
/// The two halves of eight lanes added: four lanes (macros, not functions: a vector argument's
/// ABI differs between the instruction sets a kernel is compiled for).
#define QK_FOLD8(v) (__builtin_shufflevector((v), (v), 0, 1, 2, 3) + __builtin_shufflevector((v), (v), 4, 5, 6, 7))
/// The four lanes' sum, in a fixed order.
#define QK_SUM4(v) (((v)[0] + (v)[1]) + ((v)[2] + (v)[3]))

/// The coordinate moves of a sweep, as `qk_ccd_moves_body`, reading only the upper triangle of
/// `s` (and the 4 x 4 blocks on its diagonal): for a symmetric matrix that does not fit in L2
/// (N = 500 is 2 MB), half the reads from memory.
///
/// For each group of four coordinates `i..<i+4`, the rows above it take their part of `(Sx)_J` in
/// two passes over the group's four column segments `S[0..<i, J]`: before the moves,
/// `y_J += S[0..<i, J]ᵀ dx[0..<i]` (the moves this sweep has made so far: four dot products), and
/// after them, `y[0..<i+4] += S[0..<i+4, J] dx_J` (the second pass reads the segments from L1).
/// Rows below the group are left alone: each later group's first pass brings them up to date. On
/// exit `y` is the running `S x` as from the whole-column sweep (the same terms, other sums);
/// with `fresh`, `fresh = S x'` is summed the same way from the final `x'`. `dx` is n doubles of
/// scratch. While the second pass runs, the next group's segments are prefetched.
///
/// Measured on one core (Zen 5, the benchmark's N = 500 covariance): 16-17 µs a sweep with
/// AVX-512, 19-21 µs with AVX2, against 23-27 µs for the whole-column sweep; at N = 300 (in L2) 6.8
/// and 7.9 against 8.5 µs, and at N = 100 no faster.
__attribute__((always_inline))
static inline void qk_ccd_panel_moves_body(long n, const double *s, const double *diagonal, const double *b, double *x,
                                           double *y, const double *r, int newton, double *fresh, double *dx) {
    const double *br = r, *xr = r + n;
    if (fresh)
        for (long k = 0; k < n; k++) fresh[k] = 0;
    long i = 0;
    for (; i + 3 < n; i += 4) {
        const double *c0 = s + i * n, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
        // Before: the moves of rows 0..<i (and, with `fresh`, their final values) into rows i..<i+4.
        qk_v8d q0 = {0}, q1 = {0}, q2 = {0}, q3 = {0}, g0 = {0}, g1 = {0}, g2 = {0}, g3 = {0};
        long k = 0;
        for (; k + 8 <= i; k += 8) {
            qk_v8d dv = *(const qk_v8d *)(dx + k);
            qk_v8d a0 = *(const qk_v8d *)(c0 + k), a1 = *(const qk_v8d *)(c1 + k);
            qk_v8d a2 = *(const qk_v8d *)(c2 + k), a3 = *(const qk_v8d *)(c3 + k);
            q0 += a0 * dv, q1 += a1 * dv, q2 += a2 * dv, q3 += a3 * dv;
            if (fresh) {
                qk_v8d xv = *(const qk_v8d *)(x + k);
                g0 += a0 * xv, g1 += a1 * xv, g2 += a2 * xv, g3 += a3 * xv;
            }
        }
        qk_v4d p0 = QK_FOLD8(q0), p1 = QK_FOLD8(q1), p2 = QK_FOLD8(q2), p3 = QK_FOLD8(q3);
        qk_v4d f0 = QK_FOLD8(g0), f1 = QK_FOLD8(g1), f2 = QK_FOLD8(g2), f3 = QK_FOLD8(g3);
        if (k < i) {  // i is a multiple of four: one group of four rows left
            qk_v4d dv = *(const qk_v4d *)(dx + k);
            qk_v4d a0 = *(const qk_v4d *)(c0 + k), a1 = *(const qk_v4d *)(c1 + k);
            qk_v4d a2 = *(const qk_v4d *)(c2 + k), a3 = *(const qk_v4d *)(c3 + k);
            p0 += a0 * dv, p1 += a1 * dv, p2 += a2 * dv, p3 += a3 * dv;
            if (fresh) {
                qk_v4d xv = *(const qk_v4d *)(x + k);
                f0 += a0 * xv, f1 += a1 * xv, f2 += a2 * xv, f3 += a3 * xv;
            }
        }
        double y0 = y[i] + QK_SUM4(p0), y1 = y[i + 1] + QK_SUM4(p1), y2 = y[i + 2] + QK_SUM4(p2), y3 = y[i + 3] + QK_SUM4(p3);
        y[i] = y0, y[i + 1] = y1, y[i + 2] = y2, y[i + 3] = y3;
        if (fresh) fresh[i] = QK_SUM4(f0), fresh[i + 1] = QK_SUM4(f1), fresh[i + 2] = QK_SUM4(f2), fresh[i + 3] = QK_SUM4(f3);
        // The moves, each coordinate's (Sx)_i completed in a register by the group's own block.
        double d0 = qk_ccd_step(newton, diagonal[i], x[i], y0, b[i], br[i], xr[i]);
        y1 += d0 * c0[i + 1];
        double d1 = qk_ccd_step(newton, diagonal[i + 1], x[i + 1], y1, b[i + 1], br[i + 1], xr[i + 1]);
        y2 = (y2 + d0 * c0[i + 2]) + d1 * c1[i + 2];
        double d2 = qk_ccd_step(newton, diagonal[i + 2], x[i + 2], y2, b[i + 2], br[i + 2], xr[i + 2]);
        y3 = ((y3 + d0 * c0[i + 3]) + d1 * c1[i + 3]) + d2 * c2[i + 3];
        double d3 = qk_ccd_step(newton, diagonal[i + 3], x[i + 3], y3, b[i + 3], br[i + 3], xr[i + 3]);
        x[i] += d0, x[i + 1] += d1, x[i + 2] += d2, x[i + 3] += d3;
        dx[i] = d0, dx[i + 1] = d1, dx[i + 2] = d2, dx[i + 3] = d3;
        // After: the group's moves into rows 0..<i+4 (its own block included).
        long end = i + 4;
        int prefetches = i + 8 <= n;  // the next group's four segments, rows 0..<i+8 of it read next
        qk_v8d v0 = QK_SPLAT8(d0), v1 = QK_SPLAT8(d1), v2 = QK_SPLAT8(d2), v3 = QK_SPLAT8(d3);
        double x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
        qk_v8d w0 = QK_SPLAT8(x0), w1 = QK_SPLAT8(x1), w2 = QK_SPLAT8(x2), w3 = QK_SPLAT8(x3);
        k = 0;
        for (; k + 8 <= end; k += 8) {
            if (prefetches) {
                __builtin_prefetch(c3 + n + k), __builtin_prefetch(c3 + 2 * n + k);
                __builtin_prefetch(c3 + 3 * n + k), __builtin_prefetch(c3 + 4 * n + k);
            }
            qk_v8d a0 = *(const qk_v8d *)(c0 + k), a1 = *(const qk_v8d *)(c1 + k);
            qk_v8d a2 = *(const qk_v8d *)(c2 + k), a3 = *(const qk_v8d *)(c3 + k);
            qk_v8d *yv = (qk_v8d *)(y + k);
            *yv = (((*yv + v0 * a0) + v1 * a1) + v2 * a2) + v3 * a3;
            if (fresh) {
                qk_v8d *fv = (qk_v8d *)(fresh + k);
                *fv = (((*fv + w0 * a0) + w1 * a1) + w2 * a2) + w3 * a3;
            }
        }
        if (k < end) {  // end is a multiple of four: one group of four rows left
            qk_v4d a0 = *(const qk_v4d *)(c0 + k), a1 = *(const qk_v4d *)(c1 + k);
            qk_v4d a2 = *(const qk_v4d *)(c2 + k), a3 = *(const qk_v4d *)(c3 + k);
            qk_v4d *yv = (qk_v4d *)(y + k);
            *yv = (((*yv + d0 * a0) + d1 * a1) + d2 * a2) + d3 * a3;
            if (fresh) {
                qk_v4d *fv = (qk_v4d *)(fresh + k);
                *fv = (((*fv + x0 * a0) + x1 * a1) + x2 * a2) + x3 * a3;
            }
        }
    }
    for (; i < n; i++) {
        // The last coordinates (n not a multiple of four), one at a time, the same two passes.
        const double *col = s + i * n;
        double yi = y[i], fi = 0;
        for (long k = 0; k < i; k++) yi += col[k] * dx[k];
        if (fresh)
            for (long k = 0; k < i; k++) fi += col[k] * x[k];
        y[i] = yi;
        double d = qk_ccd_step(newton, diagonal[i], x[i], yi, b[i], br[i], xr[i]);
        x[i] += d;
        dx[i] = d;
        for (long k = 0; k <= i; k++) y[k] += d * col[k];
        if (fresh) {
            fresh[i] += fi;
            for (long k = 0; k <= i; k++) fresh[k] += x[i] * col[k];
        }
    }
}

/// A whole sweep of `qk_ccd_panel_moves_body`: the slopes (in the Newton mode), then the moves,
/// instantiated with and without the fresh product.
__attribute__((always_inline))
static inline void qk_ccd_panel_sweep_body(long n, const double *s, const double *diagonal, const double *b, double *x, double *y,
                                           double *r, int newton, double *fresh, double *dx) {
    if (newton) qk_ccd_slopes_body(n, diagonal, b, x, y, r);
    if (fresh) qk_ccd_panel_moves_body(n, s, diagonal, b, x, y, r, newton, fresh, dx);
    else qk_ccd_panel_moves_body(n, s, diagonal, b, x, y, r, newton, 0, dx);
}

static void qk_ccd_panel_sweep_baseline(long n, const double *s, const double *diagonal, const double *b, double *x, double *y,
                                        double *r, int newton, double *fresh, double *dx) {
    qk_ccd_panel_sweep_body(n, s, diagonal, b, x, y, r, newton, fresh, dx);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void qk_ccd_panel_sweep_avx2(long n, const double *s, const double *diagonal, const double *b, double *x, double *y,
                                    double *r, int newton, double *fresh, double *dx) {
    qk_ccd_panel_sweep_body(n, s, diagonal, b, x, y, r, newton, fresh, dx);
}

__attribute__((target("avx512f,avx512vl,avx2,fma")))
static void qk_ccd_panel_sweep_avx512(long n, const double *s, const double *diagonal, const double *b, double *x, double *y,
                                      double *r, int newton, double *fresh, double *dx) {
    qk_ccd_panel_sweep_body(n, s, diagonal, b, x, y, r, newton, fresh, dx);
}
#endif

/// `qk_ccd_panel_sweep` compiled for `isa` (at most `qk_best_isa()`; a higher one runs the best),
/// so that tests can compare the instantiations on one machine.
static inline void qk_ccd_panel_sweep_on(int isa, long n, const double *s, const double *diagonal, const double *b, double *x,
                                         double *y, double *r, int newton, double *fresh, double *dx) {
    if (n <= 0) return;
    int best = qk_best_isa();
    if (isa > best) isa = best;
#if defined(__x86_64__)
    if (isa == QK_ISA_AVX512) {
        qk_ccd_panel_sweep_avx512(n, s, diagonal, b, x, y, r, newton, fresh, dx);
        return;
    }
    if (isa == QK_ISA_AVX2) {
        qk_ccd_panel_sweep_avx2(n, s, diagonal, b, x, y, r, newton, fresh, dx);
        return;
    }
#endif
    qk_ccd_panel_sweep_baseline(n, s, diagonal, b, x, y, r, newton, fresh, dx);
}

/// One sweep as `qk_ccd_sweep` (same arguments, same moves up to rounding) for a matrix whose two
/// triangles are equal, reading its upper triangle only (see `qk_ccd_panel_moves_body`); `dx` is
/// n doubles of scratch.
static inline void qk_ccd_panel_sweep(long n, const double *s, const double *diagonal, const double *b, double *x, double *y,
                                      double *r, int newton, double *fresh, double *dx) {
    qk_ccd_panel_sweep_on(qk_best_isa(), n, s, diagonal, b, x, y, r, newton, fresh, dx);
}

/// Moves `x` to the best point of its ray, `x ← x / sqrt(xᵀy)` with `y ← y / sqrt(xᵀy)` (`y = S x`),
/// and returns `max_i |x_i y_i inverseBudgets_i - 1|` there (the relative risk-contribution error, `xᵀy`
/// being 1 after the move); +infinity, with nothing moved, when `xᵀy` is not positive and finite,
/// and +infinity when an error is not a number.
///
/// With `slopes` (2n doubles), the next sweep's slopes (`qk_ccd_slopes_body`, from `diagonal` and
/// `b`) are formed at the moved point in the same pass.
__attribute__((always_inline))
static inline double qk_ccd_rescale_body(long n, double *x, double *y, const double *inverseBudgets, const double *diagonal,
                                         const double *b, double *slopes) {
    double q = qk_dot_body(n, x, y);
    if (!(q > 0) || !(q < INFINITY)) return INFINITY;
    double t = 1 / sqrt(q);
    qk_v4d tv = {t, t, t, t}, one = {1, 1, 1, 1}, worst = {0};
    qk_v4l nan = {0};
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        qk_v4d xi = *(qk_v4d *)(x + i) * tv, yi = *(qk_v4d *)(y + i) * tv;
        *(qk_v4d *)(x + i) = xi;
        *(qk_v4d *)(y + i) = yi;
        qk_v4d e = xi * yi * *(const qk_v4d *)(inverseBudgets + i) - one;
        e = __builtin_elementwise_abs(e);
        worst = __builtin_elementwise_max(worst, e);  // maxnum: a NaN lane is caught below
        nan |= e != e;
        if (slopes) {
            qk_v4d reciprocal = one / (*(const qk_v4d *)(diagonal + i) * xi + yi);
            *(qk_v4d *)(slopes + i) = *(const qk_v4d *)(b + i) * reciprocal;
            *(qk_v4d *)(slopes + n + i) = xi * reciprocal;
        }
    }
    double w = qk_lanes_max(&worst, &nan);
    for (; i < n; i++) {
        x[i] *= t;
        y[i] *= t;
        double e = fabs(x[i] * y[i] * inverseBudgets[i] - 1);
        if (e != e) w = INFINITY;
        else if (e > w) w = e;
        if (slopes) {
            double reciprocal = 1 / (diagonal[i] * x[i] + y[i]);
            slopes[i] = b[i] * reciprocal;
            slopes[n + i] = x[i] * reciprocal;
        }
    }
    return w;
}

/// Whether the n x n column-major symmetric `a` (lower triangle read) is positive definite:
/// every pivot of its factorisation `L D Lᵀ` (the squares of the Cholesky pivots) is positive
/// and finite, the test LAPACK's `dpotrf` makes. `work` holds n * n doubles (the factor is formed
/// there; `a` is not written). Right-looking, without square roots: meant for small n, where a
/// LAPACK call costs more than the arithmetic (0.33 µs at n = 20 with AVX2).
__attribute__((always_inline))
static inline int qk_is_positive_definite_body(long n, const double *a, double *work) {
    // The whole matrix is copied, so that the trailing updates below can start each column at a
    // multiple of four rows (full vectors, no scalar prologue); the few elements above the
    // diagonal they also update are never read.
    for (long k = 0; k < n * n; k++) work[k] = a[k];
    long j = 0;
    // Two pivots at a time: the trailing columns are read and written once per pair.
    for (; j + 1 < n; j += 2) {
        double *c0 = work + j * n, *c1 = work + (j + 1) * n;
        double d0 = c0[j];
        if (!(d0 > 0) || !(d0 < INFINITY)) return 0;
        double inverse0 = 1 / d0, l10 = c0[j + 1] * inverse0;
        for (long i = j + 1; i < n; i++) c1[i] -= l10 * c0[i];
        double d1 = c1[j + 1];
        if (!(d1 > 0) || !(d1 < INFINITY)) return 0;
        double inverse1 = 1 / d1;
        // Column k -= (a_kj / d_j) column j + (a_k,j+1 / d_j+1) column j+1, rows k..<n.
        for (long k = j + 2; k < n; k++) {
            double l0 = c0[k] * inverse0, l1 = c1[k] * inverse1;
            qk_v4d v0 = {l0, l0, l0, l0}, v1 = {l1, l1, l1, l1};
            double *ck = work + k * n;
            long i = k & ~3L;
            for (; i + 4 <= n; i += 4)
                *(qk_v4d *)(ck + i) -= v0 * *(const qk_v4d *)(c0 + i) + v1 * *(const qk_v4d *)(c1 + i);
            if (i < k) i = k;
            for (; i < n; i++) ck[i] -= l0 * c0[i] + l1 * c1[i];
        }
    }
    if (j < n) {
        double d = work[j + j * n];
        if (!(d > 0) || !(d < INFINITY)) return 0;
    }
    return 1;
}

static double qk_dot_baseline(long n, const double *a, const double *b) { return qk_dot_body(n, a, b); }
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static double qk_dot_avx2(long n, const double *a, const double *b) { return qk_dot_body(n, a, b); }
#endif

/// See `qk_dot_body`.
static inline double qk_dot(long n, const double *a, const double *b) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) return qk_dot_avx2(n, a, b);
#endif
    return qk_dot_baseline(n, a, b);
}

/// One sweep's record for Anderson mixing (RiskParity's `AndersonMixing`): `f = (g - x) w` (`w`
/// the weights of the residual's entries, e.g. the reciprocals of a typical `x`);
/// when `hasPrevious`, the differences `dF = f - fPrevious`, `dG = g - gPrevious` and (with
/// products, `yg` not NULL) `dY = yg - yPrevious` are written; then the previous record becomes
/// this one. One pass over the eight vectors.
__attribute__((always_inline))
static inline void qk_anderson_record_body(long n, const double *x, const double *g, const double *w, const double *yg, double *f,
                                           double *fPrevious, double *gPrevious, double *yPrevious,
                                           double *dF, double *dG, double *dY, int hasPrevious) {
    if (hasPrevious) {
        for (long i = 0; i < n; i++) {
            double fi = (g[i] - x[i]) * w[i];
            f[i] = fi;
            dF[i] = fi - fPrevious[i];
            dG[i] = g[i] - gPrevious[i];
            fPrevious[i] = fi;
            gPrevious[i] = g[i];
        }
        if (yg)
            for (long i = 0; i < n; i++) {
                dY[i] = yg[i] - yPrevious[i];
                yPrevious[i] = yg[i];
            }
    } else {
        for (long i = 0; i < n; i++) {
            double fi = (g[i] - x[i]) * w[i];
            f[i] = fi;
            fPrevious[i] = fi;
            gPrevious[i] = g[i];
        }
        if (yg)
            for (long i = 0; i < n; i++) yPrevious[i] = yg[i];
    }
}

/// `out = base - Σ_{a < m} gamma[a] · columns[a n ..< (a + 1) n]` (m at most 8); returns whether
/// every entry of `out` is positive, finite and within `reach` of its `base` entry relatively,
/// `|out_i - base_i| <= reach · base_i` (which keeps an extrapolation from running away).
__attribute__((always_inline))
static inline int qk_anderson_combine_body(long n, long m, const double *gamma, const double *base, const double *columns,
                                           double *out, double reach) {
    enum { most = 8 };
    if (m > most) m = most;
    qk_v4d g[most];
    for (long a = 0; a < m; a++) g[a] = (qk_v4d){gamma[a], gamma[a], gamma[a], gamma[a]};
    qk_v4d zero = {0}, infinity = {INFINITY, INFINITY, INFINITY, INFINITY}, r = {reach, reach, reach, reach};
    qk_v4l ok = {-1, -1, -1, -1};
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        qk_v4d b = *(const qk_v4d *)(base + i), v = b;
        for (long a = 0; a < m; a++) v -= g[a] * *(const qk_v4d *)(columns + a * n + i);
        *(qk_v4d *)(out + i) = v;
        ok &= (v > zero) & (v < infinity) & (__builtin_elementwise_abs(v - b) <= r * b);
    }
    int positive = (ok[0] & ok[1] & ok[2] & ok[3]) != 0;
    for (; i < n; i++) {
        double v = base[i];
        for (long a = 0; a < m; a++) v -= gamma[a] * columns[a * n + i];
        out[i] = v;
        positive &= (v > 0) & (v < INFINITY) & (fabs(v - base[i]) <= reach * base[i]);
    }
    return positive;
}

static void qk_anderson_record_baseline(long n, const double *x, const double *g, const double *w, const double *yg, double *f,
                                        double *fPrevious, double *gPrevious, double *yPrevious,
                                        double *dF, double *dG, double *dY, int hasPrevious) {
    qk_anderson_record_body(n, x, g, w, yg, f, fPrevious, gPrevious, yPrevious, dF, dG, dY, hasPrevious);
}
static int qk_anderson_combine_baseline(long n, long m, const double *gamma, const double *base, const double *columns, double *out,
                                        double reach) {
    return qk_anderson_combine_body(n, m, gamma, base, columns, out, reach);
}
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void qk_anderson_record_avx2(long n, const double *x, const double *g, const double *w, const double *yg, double *f,
                                    double *fPrevious, double *gPrevious, double *yPrevious,
                                    double *dF, double *dG, double *dY, int hasPrevious) {
    qk_anderson_record_body(n, x, g, w, yg, f, fPrevious, gPrevious, yPrevious, dF, dG, dY, hasPrevious);
}
__attribute__((target("avx2,fma")))
static int qk_anderson_combine_avx2(long n, long m, const double *gamma, const double *base, const double *columns, double *out,
                                    double reach) {
    return qk_anderson_combine_body(n, m, gamma, base, columns, out, reach);
}
#endif

/// See `qk_anderson_record_body`.
static inline void qk_anderson_record(long n, const double *x, const double *g, const double *w, const double *yg, double *f,
                                      double *fPrevious, double *gPrevious, double *yPrevious,
                                      double *dF, double *dG, double *dY, int hasPrevious) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) {
        qk_anderson_record_avx2(n, x, g, w, yg, f, fPrevious, gPrevious, yPrevious, dF, dG, dY, hasPrevious);
        return;
    }
#endif
    qk_anderson_record_baseline(n, x, g, w, yg, f, fPrevious, gPrevious, yPrevious, dF, dG, dY, hasPrevious);
}

/// See `qk_anderson_combine_body`.
static inline int qk_anderson_combine(long n, long m, const double *gamma, const double *base, const double *columns, double *out,
                                      double reach) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) return qk_anderson_combine_avx2(n, m, gamma, base, columns, out, reach);
#endif
    return qk_anderson_combine_baseline(n, m, gamma, base, columns, out, reach);
}

/// `y = A x` for the n x n column-major `A` (leading dimension n), as `Σ_j x_j A e_j`: for the
/// small orders where a BLAS call's fixed cost is most of a `dgemv` (0.1 µs at n = 20).
__attribute__((always_inline))
static inline void qk_matvec_body(long n, const double *a, const double *x, double *y) {
    // Sixteen rows at a time in four vector accumulators (kept in registers across the columns),
    // then the rest of the rows one vector or one element at a time.
    long i = 0;
    for (; i + 16 <= n; i += 16) {
        qk_v4d s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
        for (long j = 0; j < n; j++) {
            const double *col = a + j * n + i;
            qk_v4d v = {x[j], x[j], x[j], x[j]};
            s0 += v * *(const qk_v4d *)col;
            s1 += v * *(const qk_v4d *)(col + 4);
            s2 += v * *(const qk_v4d *)(col + 8);
            s3 += v * *(const qk_v4d *)(col + 12);
        }
        *(qk_v4d *)(y + i) = s0;
        *(qk_v4d *)(y + i + 4) = s1;
        *(qk_v4d *)(y + i + 8) = s2;
        *(qk_v4d *)(y + i + 12) = s3;
    }
    for (; i + 4 <= n; i += 4) {
        qk_v4d s0 = {0};
        for (long j = 0; j < n; j++) {
            qk_v4d v = {x[j], x[j], x[j], x[j]};
            s0 += v * *(const qk_v4d *)(a + j * n + i);
        }
        *(qk_v4d *)(y + i) = s0;
    }
    for (; i < n; i++) {
        double sum = 0;
        for (long j = 0; j < n; j++) sum += a[i + j * n] * x[j];
        y[i] = sum;
    }
}

static void qk_matvec_baseline(long n, const double *a, const double *x, double *y) { qk_matvec_body(n, a, x, y); }
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static void qk_matvec_avx2(long n, const double *a, const double *x, double *y) { qk_matvec_body(n, a, x, y); }
#endif

/// See `qk_matvec_body`.
static inline void qk_matvec(long n, const double *a, const double *x, double *y) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) {
        qk_matvec_avx2(n, a, x, y);
        return;
    }
#endif
    qk_matvec_baseline(n, a, x, y);
}

static double qk_ccd_rescale_baseline(long n, double *x, double *y, const double *inverseBudgets) {
    return qk_ccd_rescale_body(n, x, y, inverseBudgets, 0, 0, 0);
}
static int qk_is_positive_definite_baseline(long n, const double *a, double *work) { return qk_is_positive_definite_body(n, a, work); }
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static double qk_ccd_rescale_avx2(long n, double *x, double *y, const double *inverseBudgets) {
    return qk_ccd_rescale_body(n, x, y, inverseBudgets, 0, 0, 0);
}
__attribute__((target("avx2,fma")))
static int qk_is_positive_definite_avx2(long n, const double *a, double *work) { return qk_is_positive_definite_body(n, a, work); }
#endif

/// The sweep's rescaling and error (see `qk_ccd_rescale_body`), vectorised.
static inline double qk_ccd_rescale(long n, double *x, double *y, const double *inverseBudgets) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) return qk_ccd_rescale_avx2(n, x, y, inverseBudgets);
#endif
    return qk_ccd_rescale_baseline(n, x, y, inverseBudgets);
}

/// See `qk_is_positive_definite_body`.
static inline int qk_is_positive_definite(long n, const double *a, double *work) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) return qk_is_positive_definite_avx2(n, a, work);
#endif
    return qk_is_positive_definite_baseline(n, a, work);
}

/// The safeguard of the fast coordinate moves (RiskParity's `ProgressGuard`): Newton steps on
/// each coordinate's quadratic and Anderson mixing make the error sequence non-monotone, so
/// neither is judged sweep by sweep; a run whose error rises a hundredfold above its best, or sets
/// no new best in `QK_PROGRESS_PATIENCE` sweeps, continues with exact moves.
typedef struct {
    /// The smallest error recorded.
    double best;
    /// Sweeps since `best` was set.
    long sinceBest;
    /// Whether the run has switched to exact moves (each sweep then lowers the objective).
    int exactMoves;
} qk_progress_guard;

/// Sweeps without a new best error before `qk_progress_guard` switches to exact moves.
#define QK_PROGRESS_PATIENCE 25

/// A guard that has recorded nothing.
static inline qk_progress_guard qk_progress_guard_make(void) {
    qk_progress_guard guard = {INFINITY, 0, 0};
    return guard;
}

/// Records a sweep's error; returns 1 when this sweep makes the switch to exact moves.
static inline int qk_progress_guard_record(qk_progress_guard *guard, double error) {
    if (error < guard->best) {
        guard->best = error;
        guard->sinceBest = 0;
    } else {
        guard->sinceBest += 1;
    }
    if (guard->exactMoves || !(error > 100 * guard->best || guard->sinceBest >= QK_PROGRESS_PATIENCE)) return 0;
    guard->exactMoves = 1;
    return 1;
}

/// `max_i |x_i y_i / (b_i xᵀy) - 1|`, the relative risk-contribution error of `x / Σx` when
/// `y = S x`; +infinity when `xᵀy` is not positive and finite or an error is not a number.
/// Each error is formed exactly so, one rounding per operation; the divisions go four at a time.
__attribute__((always_inline))
static inline double qk_relative_error_body(long n, const double *x, const double *y, const double *b) {
    double variance = qk_dot_body(n, x, y);
    if (!(variance > 0) || !(variance < INFINITY)) return INFINITY;
    qk_v4d v = {variance, variance, variance, variance}, one = {1, 1, 1, 1}, worst = {0};
    qk_v4l nan = {0};
    long i = 0;
    for (; i + 4 <= n; i += 4) {
        qk_v4d e = *(const qk_v4d *)(x + i) * *(const qk_v4d *)(y + i) / (*(const qk_v4d *)(b + i) * v) - one;
        e = __builtin_elementwise_abs(e);
        worst = __builtin_elementwise_max(worst, e);
        nan |= e != e;
    }
    double w = qk_lanes_max(&worst, &nan);
    for (; i < n; i++) {
        double e = fabs(x[i] * y[i] / (b[i] * variance) - 1);
        if (e != e) w = INFINITY;
        else if (e > w) w = e;
    }
    return w;
}

static double qk_relative_error_baseline(long n, const double *x, const double *y, const double *b) {
    return qk_relative_error_body(n, x, y, b);
}
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static double qk_relative_error_avx2(long n, const double *x, const double *y, const double *b) {
    return qk_relative_error_body(n, x, y, b);
}
#endif

/// See `qk_relative_error_body`.
static inline double qk_relative_error(long n, const double *x, const double *y, const double *b) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) return qk_relative_error_avx2(n, x, y, b);
#endif
    return qk_relative_error_baseline(n, x, y, b);
}

/// The result of a solve in place: `x` becomes the weights `w = x / Σx`, `y` (`S x` on entry)
/// becomes the risk shares `w_i (Sw)_i / wᵀSw` (with `Sw = y / Σx`), `*variance` is `wᵀSw`, and
/// the return value is `max_i |share_i / b_i - 1|` over the positive budgets. When `wᵀSw` is not
/// positive and finite, or an entry of `x` or the total is not finite, the shares are NaN, the
/// weights are still `x / Σx` and the return value is +infinity.
__attribute__((always_inline))
static inline double qk_risk_shares_body(long n, double *x, double *y, const double *b, double *variance) {
    qk_v4d acc = {0};
    long i = 0;
    for (; i + 4 <= n; i += 4) acc += *(const qk_v4d *)(x + i);
    double total = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (; i < n; i++) total += x[i];
    qk_v4d t = {total, total, total, total}, sum = {0};
    qk_v4l finite = {-1, -1, -1, -1};
    qk_v4d infinity = {INFINITY, INFINITY, INFINITY, INFINITY};
    for (i = 0; i + 4 <= n; i += 4) {
        qk_v4d xi = *(const qk_v4d *)(x + i);
        finite &= __builtin_elementwise_abs(xi) < infinity;
        sum += (xi / t) * (*(const qk_v4d *)(y + i) / t);
    }
    double v = (sum[0] + sum[1]) + (sum[2] + sum[3]);
    int usable = (finite[0] & finite[1] & finite[2] & finite[3]) != 0;
    for (; i < n; i++) {
        usable &= fabs(x[i]) < INFINITY;
        v += (x[i] / total) * (y[i] / total);
    }
    usable &= v > 0 && v < INFINITY && fabs(total) < INFINITY;
    *variance = v;
    for (i = 0; i + 4 <= n; i += 4) *(qk_v4d *)(x + i) = *(const qk_v4d *)(x + i) / t;
    for (; i < n; i++) x[i] /= total;
    if (!usable) {
        for (i = 0; i < n; i++) y[i] = NAN;
        return INFINITY;
    }
    qk_v4d vv = {v, v, v, v}, one = {1, 1, 1, 1}, zero = {0}, worst = {0};
    for (i = 0; i + 4 <= n; i += 4) {
        qk_v4d share = *(const qk_v4d *)(x + i) * (*(const qk_v4d *)(y + i) / t) / vv;
        *(qk_v4d *)(y + i) = share;
        qk_v4d bi = *(const qk_v4d *)(b + i);
        qk_v4d e = __builtin_elementwise_abs(share / bi - one);
        // Lanes with a zero budget are left out.
        qk_v4l positive = bi > zero;
        e = (qk_v4d)((qk_v4l)e & positive);
        worst = __builtin_elementwise_max(worst, e);
    }
    double w = qk_lanes_max(&worst, 0);
    for (; i < n; i++) {
        double share = x[i] * (y[i] / total) / v;
        y[i] = share;
        if (b[i] > 0) {
            double e = fabs(share / b[i] - 1);
            if (e > w) w = e;
        }
    }
    return w;
}

static double qk_risk_shares_baseline(long n, double *x, double *y, const double *b, double *variance) {
    return qk_risk_shares_body(n, x, y, b, variance);
}
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static double qk_risk_shares_avx2(long n, double *x, double *y, const double *b, double *variance) {
    return qk_risk_shares_body(n, x, y, b, variance);
}
#endif

/// See `qk_risk_shares_body`.
static inline double qk_risk_shares(long n, double *x, double *y, const double *b, double *variance) {
#if defined(__x86_64__)
    if (qk_avx2_fma_available()) return qk_risk_shares_avx2(n, x, y, b, variance);
#endif
    return qk_risk_shares_baseline(n, x, y, b, variance);
}

/// Plain sweeps of `qk_ccd_sweep`, each followed by `qk_ccd_rescale` and recorded by `guard`
/// (Newton moves until it switches), in place on `x` and `y` (`S x` on entry), until the running
/// error is below `tolerance` and a fresh product `y = S x` (`qk_matvec`) confirms it, or
/// `*sweeps` reaches `limit`. For the small orders where a sweep takes a few dozen nanoseconds and
/// the calls between sweeps would cost as much.
///
/// Returns 1 when converged (`y` is then the fresh product and `*error` its exact error), 0 when
/// `limit` was reached, -1 when an error was not finite (`xᵀSx` not positive: the objective has no
/// minimum along the ray; `x` is the sweep's output). `*sweeps` counts the sweeps run in total,
/// `*error` is the last error, `r` is scratch of 2n doubles.
__attribute__((always_inline))
static inline int qk_ccd_run_body(long n, const double *s, const double *diagonal, const double *b, const double *inverseBudgets,
                                  double *x, double *y, double *r, double tolerance, long limit, qk_progress_guard *guard, long *sweeps,
                                  double *error) {
    // The slopes for the first sweep; later ones are formed by the rescaling before them.
    int slopesCurrent = 0;
    while (*sweeps < limit) {
        *sweeps += 1;
        int newton = !guard->exactMoves;
        if (newton && !slopesCurrent) qk_ccd_slopes_body(n, diagonal, b, x, y, r);
        qk_ccd_moves_body(n, s, diagonal, b, x, y, r, newton, 0);
        double e = qk_ccd_rescale_body(n, x, y, inverseBudgets, diagonal, b, r);
        slopesCurrent = e < INFINITY;
        *error = e;
        if (!(e < INFINITY)) return -1;
        qk_progress_guard_record(guard, e);
        if (e < tolerance) {
            // Against the running product's rounding, the tolerance is tested on a fresh one.
            qk_matvec_body(n, s, x, y);
            e = qk_relative_error_body(n, x, y, b);
            *error = e;
            if (e < tolerance) return 1;
            slopesCurrent = 0;  // y has changed
        }
    }
    return 0;
}

static int qk_ccd_run_baseline(long n, const double *s, const double *diagonal, const double *b, const double *inverseBudgets,
                               double *x, double *y, double *r, double tolerance, long limit, qk_progress_guard *guard, long *sweeps,
                               double *error) {
    return qk_ccd_run_body(n, s, diagonal, b, inverseBudgets, x, y, r, tolerance, limit, guard, sweeps, error);
}
#if defined(__x86_64__)
__attribute__((target("avx2,fma")))
static int qk_ccd_run_avx2(long n, const double *s, const double *diagonal, const double *b, const double *inverseBudgets,
                           double *x, double *y, double *r, double tolerance, long limit, qk_progress_guard *guard, long *sweeps,
                           double *error) {
    return qk_ccd_run_body(n, s, diagonal, b, inverseBudgets, x, y, r, tolerance, limit, guard, sweeps, error);
}
#endif

/// See `qk_ccd_run_body`.
static inline int qk_ccd_run(long n, const double *s, const double *diagonal, const double *b, const double *inverseBudgets,
                             double *x, double *y, double *r, double tolerance, long limit, qk_progress_guard *guard, long *sweeps,
                             double *error) {
    if (n <= 0) return 0;
#if defined(__x86_64__)
    if (qk_avx2_fma_available())
        return qk_ccd_run_avx2(n, s, diagonal, b, inverseBudgets, x, y, r, tolerance, limit, guard, sweeps, error);
#endif
    return qk_ccd_run_baseline(n, s, diagonal, b, inverseBudgets, x, y, r, tolerance, limit, guard, sweeps, error);
}

/// The largest order `qk_is_positive_definite_small` takes.
#define QK_SMALL_DEFINITENESS_ORDER 64

/// `qk_is_positive_definite` for n at most `QK_SMALL_DEFINITENESS_ORDER`, its factor in a buffer
/// on this function's stack (32 KiB at most) rather than one the caller allocates; -1 for a
/// larger n.
static inline int qk_is_positive_definite_small(long n, const double *a) {
    if (n < 0 || n > QK_SMALL_DEFINITENESS_ORDER) return -1;
    double work[QK_SMALL_DEFINITENESS_ORDER * QK_SMALL_DEFINITENESS_ORDER];
    return qk_is_positive_definite(n, a, work);
}

#endif
