// A blocked single-precision matrix product, C = A·B (+ C) (+ bias, activation), for the
// training kernels: dense layers in any transposition, convolutions as implicit GEMMs whose
// operand is read straight from an NHWC image (no im2col buffer), and the sub-pixel phases of a
// strided transposed convolution written straight into their places.
//
// The classic blocking (Goto and van de Geijn): a KC × NC block of B and an MC × KC block of A
// are packed into contiguous slivers (8 columns of B, 6 rows of A, zero-padded), so that the
// 6 × 8 register tile streams both from L1 with unit stride: per step, two vector loads of B,
// six broadcasts of A and twelve fused multiply-adds. A job is described by a block of int32
// parameters in memory (layout below, mirrored by _gemm_layout.ts); threads get one block each,
// with disjoint ranges of C's rows or columns.
#include "kernels.h"

// Parameter block (int32 slots).
#define G_M 0      // rows of C
#define G_N 1      // columns of C
#define G_K 2      // the inner dimension
#define G_M0 3     // this job's rows [M0, M1) and columns [N0, N1)
#define G_M1 4
#define G_N0 5
#define G_N1 6
#define G_BETA 7   // 1: C += A·B, 0: C = A·B
#define G_ACT 8    // 0 linear, 1 relu, 2 leaky relu (applied after the bias)
#define G_ALPHA 9  // leaky relu's slope, float bits
#define G_BIAS 10  // [N] added to every row, or 0
#define G_WORK 11  // scratch: GEMM_WORK_FLOATS floats
#define G_A 16     // source of A (rows m, columns k)
#define G_B 32     // source of B (rows k, columns n)
#define G_C 48     // destination of C

// A source (16 slots from G_A or G_B).
#define S_KIND 0
#define S_PTR 1
// kind SRC_MAT: element (r, c) at ptr[r * RS + c * CS].
#define SRC_MAT 0
#define S_RS 2
#define S_CS 3
// kind SRC_IM2COL: the patches of an NHWC image, row = output pixel (n, oh, ow), column = tap
// (kh, kw, ci): x[n, oh*sh + kh*dh - pt, ow*sw + kw*dw - pl, ci], zero outside the image.
// kind SRC_IM2COL_T: the same matrix transposed (row = tap, column = pixel).
#define SRC_IM2COL 1
#define SRC_IM2COL_T 2
#define S_H 2
#define S_W 3
#define S_C 4
#define S_OH 5
#define S_OW 6
#define S_KW 7
#define S_SH 8
#define S_SW 9
#define S_DH 10
#define S_DW 11
#define S_PT 12
#define S_PL 13

// A destination (16 slots from G_C).
// kind DST_MAT: element (m, n) at ptr[m * LD + n].
#define DST_MAT 0
#define D_KIND 0
#define D_PTR 1
#define D_LD 2
// kind DST_PHASE: row m is phase pixel (n, u, v) of a [Qh, Qw] grid per image; it lands at
// NHWC pixel (n, u*sh + r0h, v*sw + r0w) of an [H, W, C] image, and is dropped outside it.
#define DST_PHASE 1
#define D_H 2
#define D_W 3
#define D_C 4
#define D_QH 5
#define D_QW 6
#define D_SH 7
#define D_SW 8
#define D_R0H 9
#define D_R0W 10

#define MR 6
#define NR 8
#define KC 256
#define MC 72
#define NC 256
// Scratch floats a job needs: packed A, packed B, an edge tile, a sink row and a bias row.
#define GEMM_WORK_FLOATS (MC * KC + KC * NC + MR * NR + 2 * NR)

EXPORT("gemm_work_floats")
int gemm_work_floats(void) { return GEMM_WORK_FLOATS; }

// ---------------------------------------------------------------------------------------------
// Packing A: rows [m0, m0 + mc) × columns [k0, k0 + kc) into slivers of MR rows, each stored
// as kc groups of MR values (rows past M are zero).
// ---------------------------------------------------------------------------------------------
static void pack_a_mat(const int* s, int M, int m0, int mc, int k0, int kc, f32* ap) {
  const f32* p = (const f32*)s[S_PTR];
  const int rs = s[S_RS], cs = s[S_CS];
  for (int i0 = 0; i0 < mc; i0 += MR, ap += MR * kc) {
    const int rows = min_i(MR, M - (m0 + i0));
    if (rs == 1 && rows == MR) {
      // Transposed storage: the MR rows of one column are contiguous.
      const f32* src = p + (m0 + i0) + k0 * cs;
      for (int k = 0; k < kc; k++, src += cs) {
        wasm_v128_store(ap + k * MR, wasm_v128_load(src));
        ap[k * MR + 4] = src[4];
        ap[k * MR + 5] = src[5];
      }
      continue;
    }
    for (int i = 0; i < MR; i++) {
      f32* d = ap + i;
      if (i >= rows) {
        for (int k = 0; k < kc; k++) d[k * MR] = 0.0f;
        continue;
      }
      const f32* src = p + (m0 + i0 + i) * rs + k0 * cs;
      if (cs == 1) {
        for (int k = 0; k < kc; k++) d[k * MR] = src[k];
      } else {
        for (int k = 0; k < kc; k++) d[k * MR] = src[k * cs];
      }
    }
  }
}

// Rows are output pixels, columns taps: each pixel's taps come in runs of C channels.
static void pack_a_im2col(const int* s, int M, int m0, int mc, int k0, int kc, f32* ap) {
  const f32* x = (const f32*)s[S_PTR];
  const int H = s[S_H], W = s[S_W], C = s[S_C], OH = s[S_OH], OW = s[S_OW], KW = s[S_KW];
  const int sh = s[S_SH], sw = s[S_SW], dh = s[S_DH], dw = s[S_DW], pt = s[S_PT], pl = s[S_PL];
  for (int i0 = 0; i0 < mc; i0 += MR, ap += MR * kc) {
    for (int i = 0; i < MR; i++) {
      f32* d = ap + i;
      const int m = m0 + i0 + i;
      if (m >= M) {
        for (int k = 0; k < kc; k++) d[k * MR] = 0.0f;
        continue;
      }
      const int n = m / (OH * OW), rem = m % (OH * OW);
      const int ih0 = (rem / OW) * sh - pt, iw0 = (rem % OW) * sw - pl;
      const f32* xn = x + n * H * W * C;
      int k = k0, ci = k0 % C, kw = (k0 / C) % KW, kh = k0 / (C * KW);
      while (k < k0 + kc) {
        const int run = min_i(C - ci, k0 + kc - k);
        const int ih = ih0 + kh * dh, iw = iw0 + kw * dw;
        f32* o = d + (k - k0) * MR;
        if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
          const f32* src = xn + (ih * W + iw) * C + ci;
          for (int r = 0; r < run; r++) o[r * MR] = src[r];
        } else {
          for (int r = 0; r < run; r++) o[r * MR] = 0.0f;
        }
        k += run;
        ci = 0;
        if (++kw == KW) kw = 0, kh++;
      }
    }
  }
}

// Rows are taps, columns output pixels: each column of a sliver is MR taps of one pixel.
static void pack_a_im2col_t(const int* s, int M, int m0, int mc, int k0, int kc, f32* ap) {
  const f32* x = (const f32*)s[S_PTR];
  const int H = s[S_H], W = s[S_W], C = s[S_C], OH = s[S_OH], OW = s[S_OW], KW = s[S_KW];
  const int sh = s[S_SH], sw = s[S_SW], dh = s[S_DH], dw = s[S_DW], pt = s[S_PT], pl = s[S_PL];
  for (int i0 = 0; i0 < mc; i0 += MR, ap += MR * kc) {
    const int t0 = m0 + i0, taps = min_i(MR, M - t0);
    // Offsets of the sliver's taps; runs of consecutive channels at one (kh, kw) are common.
    const int ci0 = t0 % C, kw0 = (t0 / C) % KW, kh0 = t0 / (C * KW);
    const int same = taps == MR && ci0 + MR <= C;
    int n = k0 / (OH * OW), oh = (k0 / OW) % OH, ow = k0 % OW;
    for (int k = 0; k < kc; k++) {
      f32* o = ap + k * MR;
      const f32* xn = x + n * H * W * C;
      const int ih0 = oh * sh - pt, iw0 = ow * sw - pl;
      if (same) {
        const int ih = ih0 + kh0 * dh, iw = iw0 + kw0 * dw;
        if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
          const f32* src = xn + (ih * W + iw) * C + ci0;
          wasm_v128_store(o, wasm_v128_load(src));
          o[4] = src[4], o[5] = src[5];
        } else {
          wasm_v128_store(o, wasm_f32x4_splat(0.0f));
          o[4] = 0.0f, o[5] = 0.0f;
        }
      } else {
        int ci = ci0, kw = kw0, kh = kh0;
        for (int i = 0; i < MR; i++) {
          f32 v = 0.0f;
          if (i < taps) {
            const int ih = ih0 + kh * dh, iw = iw0 + kw * dw;
            if (ih >= 0 && ih < H && iw >= 0 && iw < W) v = xn[(ih * W + iw) * C + ci];
            if (++ci == C) {
              ci = 0;
              if (++kw == KW) kw = 0, kh++;
            }
          }
          o[i] = v;
        }
      }
      if (++ow == OW) {
        ow = 0;
        if (++oh == OH) oh = 0, n++;
      }
    }
  }
}

static void pack_a(const int* s, int M, int m0, int mc, int k0, int kc, f32* ap) {
  switch (s[S_KIND]) {
    case SRC_IM2COL: pack_a_im2col(s, M, m0, mc, k0, kc, ap); break;
    case SRC_IM2COL_T: pack_a_im2col_t(s, M, m0, mc, k0, kc, ap); break;
    default: pack_a_mat(s, M, m0, mc, k0, kc, ap); break;
  }
}

// ---------------------------------------------------------------------------------------------
// Packing B: rows [k0, k0 + kc) × columns [n0, n0 + nc) into slivers of NR columns, each stored
// as kc groups of NR values (columns past N are zero).
// ---------------------------------------------------------------------------------------------
static void pack_b(const int* s, int N, int k0, int kc, int n0, int nc, f32* bp) {
  const f32* p = (const f32*)s[S_PTR];
  const int rs = s[S_RS], cs = s[S_CS];
  for (int j0 = 0; j0 < nc; j0 += NR, bp += NR * kc) {
    const int cols = min_i(NR, N - (n0 + j0));
    if (cs == 1 && cols == NR) {
      const f32* src = p + k0 * rs + n0 + j0;
      for (int k = 0; k < kc; k++, src += rs) {
        wasm_v128_store(bp + k * NR, wasm_v128_load(src));
        wasm_v128_store(bp + k * NR + 4, wasm_v128_load(src + 4));
      }
      continue;
    }
    for (int j = 0; j < NR; j++) {
      f32* d = bp + j;
      if (j >= cols) {
        for (int k = 0; k < kc; k++) d[k * NR] = 0.0f;
        continue;
      }
      const f32* src = p + k0 * rs + (n0 + j0 + j) * cs;
      if (rs == 1) {
        for (int k = 0; k < kc; k++) d[k * NR] = src[k];
      } else {
        for (int k = 0; k < kc; k++) d[k * NR] = src[k * rs];
      }
    }
  }
}

// The address of C's element (m, n), or 0 when the destination drops row m.
static f32* dest_at(const int* d, int m, int n) {
  f32* p = (f32*)d[D_PTR];
  if (d[D_KIND] == DST_MAT) return p + m * d[D_LD] + n;
  const int Qh = d[D_QH], Qw = d[D_QW], H = d[D_H], W = d[D_W], C = d[D_C];
  const int img = m / (Qh * Qw), rem = m % (Qh * Qw);
  const int i = (rem / Qw) * d[D_SH] + d[D_R0H], j = (rem % Qw) * d[D_SW] + d[D_R0W];
  if (i < 0 || i >= H || j < 0 || j >= W) return 0;
  return p + ((img * H + i) * W + j) * C + n;
}

EXPORT("gemm_job")
void gemm_job(const int* P) {
  const int M = P[G_M], N = P[G_N], K = P[G_K];
  const int M0 = P[G_M0], M1 = min_i(P[G_M1], M), N0 = P[G_N0], N1 = min_i(P[G_N1], N);
  const int beta = P[G_BETA], act = P[G_ACT];
  const f32 alpha = f32_from_bits(P[G_ALPHA]);
  const f32* bias = (const f32*)P[G_BIAS];
  const int *A = P + G_A, *B = P + G_B, *D = P + G_C;
  f32* ap = (f32*)P[G_WORK];
  f32* bp = ap + MC * KC;
  f32* tile = bp + KC * NC;
  f32* sink = tile + MR * NR;
  f32* bias8 = sink + NR;
  for (int jc = N0; jc < N1; jc += NC) {
    const int nc = min_i(NC, N1 - jc);
    int pc = 0;
    do {
      const int kc = min_i(KC, K - pc);
      pack_b(B, N, pc, kc, jc, nc, bp);
      const int load = beta || pc > 0, epi = pc + kc >= K;
      for (int ic = M0; ic < M1; ic += MC) {
        const int mc = min_i(MC, M1 - ic);
        pack_a(A, M, ic, mc, pc, kc, ap);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = min_i(NR, nc - jr), n = jc + jr;
          const f32* bs = bp + jr * kc;
          const f32* b8 = bias;
          if (bias) {
            if (nr == NR) {
              b8 = bias + n;
            } else {
              for (int j = 0; j < NR; j++) bias8[j] = j < nr ? bias[n + j] : 0.0f;
              b8 = bias8;
            }
          }
          for (int ir = 0; ir < mc; ir += MR) {
            const int m = ic + ir;
            // Rows past this job's range, or dropped by the destination, go to the sink.
#define ROW(i) f32* c##i = m + i < M1 ? dest_at(D, m + i, n) : 0; \
  if (!c##i) c##i = sink;
            ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5)
#undef ROW
            if (nr == NR) {
              ukernel_6x8(kc, ap + ir * kc, MR, bs, NR, c0, c1, c2, c3, c4, c5, load, epi, b8, act,
                          alpha);
              continue;
            }
            // A partial tile goes through `tile`.
#define TO_TILE(i) for (int j = 0; j < NR; j++) tile[i * NR + j] = load && j < nr ? c##i[j] : 0.0f;
            TO_TILE(0) TO_TILE(1) TO_TILE(2) TO_TILE(3) TO_TILE(4) TO_TILE(5)
#undef TO_TILE
            ukernel_6x8(kc, ap + ir * kc, MR, bs, NR, tile, tile + NR, tile + 2 * NR, tile + 3 * NR,
                        tile + 4 * NR, tile + 5 * NR, load, epi, b8, act, alpha);
#define FROM_TILE(i) if (c##i != sink) for (int j = 0; j < nr; j++) c##i[j] = tile[i * NR + j];
            FROM_TILE(0) FROM_TILE(1) FROM_TILE(2) FROM_TILE(3) FROM_TILE(4) FROM_TILE(5)
#undef FROM_TILE
          }
        }
      }
      pc += kc;
    } while (pc < K);
  }
}

// ---------------------------------------------------------------------------------------------
// The peak of this machine for the tile kernel: `reps` times a 6 × 8 tile over kc steps of
// L1-resident operands (a: 6·kc floats, b: 8·kc, c: 48). 96·kc·reps floating-point operations.
// ---------------------------------------------------------------------------------------------
EXPORT("peak_job")
void peak_job(const f32* a, const f32* b, f32* c, int kc, int reps) {
  for (int r = 0; r < reps; r++) {
    ukernel_6x8(kc, a, MR, b, NR, c, c + NR, c + 2 * NR, c + 3 * NR, c + 4 * NR, c + 5 * NR, 1,
                0, 0, 0, 0.0f);
  }
}
