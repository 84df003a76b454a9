// The addon's SGEMM (udm_native.cc: OpenBLAS loaded at run time, or the portable loops), for the other sources.
#pragma once

// c = op(a)·op(b) + beta·c (beta 0 or 1), row-major, leading dimensions implied by the sizes.
void udmSgemm(bool transposeA, bool transposeB, int m, int n, int k, const float* a, const float* b, float* c,
              float beta);
