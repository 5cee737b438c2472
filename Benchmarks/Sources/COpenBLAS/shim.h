// What the benchmarks need from the system beyond QuantKit's API: OpenBLAS's thread control
// and kernel name, the raw dsyrk baseline, and glibc's allocator controls for measuring
// peak memory.
#ifndef QUANTKIT_BENCH_OPENBLAS_H
#define QUANTKIT_BENCH_OPENBLAS_H
#include <cblas.h>
#include <malloc.h>
#include <stdio.h>

/// Flushes standard output so tables appear as rows are measured.
static inline void bench_flush_stdout(void) { fflush(stdout); }
#endif
