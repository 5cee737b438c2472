// Declarations of the BLAS (CBLAS) and LAPACK routines QuantKit calls.
//
// Debian's OpenBLAS exports both the CBLAS interface (through <cblas.h>) and the Fortran
// LAPACK symbols, but liblapack-dev ships no C header, so the few LAPACK prototypes used
// are declared here (LP64: 32-bit integers; LAPACK 3.11 convention with hidden string
// lengths passed last as size_t).
#ifndef QUANTKIT_CLINEARALGEBRA_SHIM_H
#define QUANTKIT_CLINEARALGEBRA_SHIM_H

#include <stddef.h>
#include <cblas.h>
#include "crossproducts.h"

/// Cholesky factorisation of a symmetric positive-definite matrix.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info, size_t uplo_len);
/// Solve A X = B with the Cholesky factor from dpotrf.
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info, size_t uplo_len);
/// Symmetric eigendecomposition (relatively robust representations).
void dsyevr_(const char *jobz, const char *range, const char *uplo, const int *n, double *a,
             const int *lda, const double *vl, const double *vu, const int *il, const int *iu,
             const double *abstol, int *m, double *w, double *z, const int *ldz, int *isuppz,
             double *work, const int *lwork, int *iwork, const int *liwork, int *info,
             size_t jobz_len, size_t range_len, size_t uplo_len);
/// General solve with partial pivoting.
void dgesv_(const int *n, const int *nrhs, double *a, const int *lda, int *ipiv, double *b,
            const int *ldb, int *info);
/// Least squares via QR (full-rank problems).
void dgels_(const char *trans, const int *m, const int *n, const int *nrhs, double *a,
            const int *lda, double *b, const int *ldb, double *work, const int *lwork,
            int *info, size_t trans_len);

#endif
