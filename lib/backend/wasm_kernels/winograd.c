// 3 × 3, stride-1 convolutions by Winograd's minimal filtering F(2 × 2, 3 × 3) (Lavin and Gray,
// "Fast Algorithms for Convolutional Neural Networks", 2016): each 2 × 2 block of outputs is
// computed from a 4 × 4 block of inputs with 16 products per channel pair instead of 36, so the
// three passes of training (forward, input gradient, filter gradient) each need 2.25 times fewer
// multiply-adds than a direct convolution. The products are 16 independent matrix products
// (one per point ξ of the 4 × 4 transform grid) run on the register tile of kernels.h.
//
//   forward:  Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A          (summed over input channels)
//   filter gradient:  ∂g = Gᵀ [ Σ over tiles (Bᵀ d B) ⊙ (A ∂Y Aᵀ) ] G
//   input gradient: the forward pass on ∂Y with the filter turned 180° and its channels swapped.
//
// Tiles are processed in blocks of TB (a multiple of 6) so that the transformed block stays in
// L2 between the transform and the products.
#include "kernels.h"

#define MR 6
#define NR 8

static inline int round_up(int v, int m) { return (v + m - 1) / m * m; }

// Tiles per block: the transformed inputs and outputs of a block within about 256 KiB.
static int tile_block(int C, int CO) {
  const int tb = 65536 / (16 * (round_up(C, 4) + round_up(CO, NR)));
  return max_i(MR, min_i(96, tb / MR * MR));
}

static inline f32 act_1(f32 v, int act, f32 alpha) {
  if (act == 1) return v > 0.0f ? v : 0.0f;
  if (act == 2) return v > 0.0f ? v : v * alpha;
  return v;
}

// ---------------------------------------------------------------------------------------------
// Filter transform U = G g Gᵀ, packed as the B operand of the products: for point ξ, slivers of
// NR output channels, each K rows of NR (zero past the last channel). flip = 0: K = CI input
// channels, N = CO outputs (the forward pass). flip = 1: the input gradient's filter, g'(a, b)
// = g(2 - a, 2 - b) with K = CO and N = CI.
// ---------------------------------------------------------------------------------------------
EXPORT("wino_filter_floats")
int wino_filter_floats(int K, int N) { return 16 * K * round_up(N, NR); }

EXPORT("wino_filter")
void wino_filter(const f32* w, f32* up, int CI, int CO, int flip) {
  const int K = flip ? CO : CI, N = flip ? CI : CO, NP = round_up(N, NR);
  for (int k = 0; k < K; k++) {
    for (int nn = 0; nn < NP; nn++) {
      f32 u[16];
#pragma clang loop unroll(full)
      for (int i = 0; i < 16; i++) u[i] = 0.0f;
      if (nn < N) {
        const int ci = flip ? nn : k, co = flip ? k : nn;
        f32 g[9];
#pragma clang loop unroll(full)
        for (int t = 0; t < 9; t++) {
          const int src = flip ? 8 - t : t;
          g[t] = w[src * CI * CO + ci * CO + co];
        }
        f32 t4[12];  // G g: 4 rows × 3
#pragma clang loop unroll(full)
        for (int c = 0; c < 3; c++) {
          const f32 g0 = g[c], g1 = g[3 + c], g2 = g[6 + c];
          t4[c] = g0;
          t4[3 + c] = 0.5f * (g0 + g1 + g2);
          t4[6 + c] = 0.5f * (g0 - g1 + g2);
          t4[9 + c] = g2;
        }
#pragma clang loop unroll(full)
        for (int r = 0; r < 4; r++) {
          const f32 a = t4[3 * r], b = t4[3 * r + 1], c = t4[3 * r + 2];
          u[4 * r] = a;
          u[4 * r + 1] = 0.5f * (a + b + c);
          u[4 * r + 2] = 0.5f * (a - b + c);
          u[4 * r + 3] = c;
        }
      }
#pragma clang loop unroll(full)
      for (int xi = 0; xi < 16; xi++) {
        up[(xi * (NP / NR) + nn / NR) * K * NR + k * NR + nn % NR] = u[xi];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The input transform of one tile, 4 channels at a time: d = the 4 × 4 block of x at (ih0, iw0)
// (zero outside), V = Bᵀ d B. Returns the 16 vectors through `v`.
// ---------------------------------------------------------------------------------------------
// LOAD(p) loads 4 channels (wasm_v128_load) or 1 (wasm_v128_load32_zero, for the last C % 4).
#define LOAD_D(r, s)                                                                    \
  const v128_t d##r##s = (ih0 + r >= 0 && ih0 + r < H && iw0 + s >= 0 && iw0 + s < W) \
                             ? LOAD(xn + ((ih0 + r) * W + iw0 + s) * C + c)            \
                             : zero;

#define INPUT_TRANSFORM                                                         \
  LOAD_D(0, 0) LOAD_D(0, 1) LOAD_D(0, 2) LOAD_D(0, 3)                           \
  LOAD_D(1, 0) LOAD_D(1, 1) LOAD_D(1, 2) LOAD_D(1, 3)                           \
  LOAD_D(2, 0) LOAD_D(2, 1) LOAD_D(2, 2) LOAD_D(2, 3)                           \
  LOAD_D(3, 0) LOAD_D(3, 1) LOAD_D(3, 2) LOAD_D(3, 3)                           \
  /* rows: Bᵀ d */                                                              \
  const v128_t t00 = wasm_f32x4_sub(d00, d20), t01 = wasm_f32x4_sub(d01, d21);  \
  const v128_t t02 = wasm_f32x4_sub(d02, d22), t03 = wasm_f32x4_sub(d03, d23);  \
  const v128_t t10 = wasm_f32x4_add(d10, d20), t11 = wasm_f32x4_add(d11, d21);  \
  const v128_t t12 = wasm_f32x4_add(d12, d22), t13 = wasm_f32x4_add(d13, d23);  \
  const v128_t t20 = wasm_f32x4_sub(d20, d10), t21 = wasm_f32x4_sub(d21, d11);  \
  const v128_t t22 = wasm_f32x4_sub(d22, d12), t23 = wasm_f32x4_sub(d23, d13);  \
  const v128_t t30 = wasm_f32x4_sub(d10, d30), t31 = wasm_f32x4_sub(d11, d31);  \
  const v128_t t32 = wasm_f32x4_sub(d12, d32), t33 = wasm_f32x4_sub(d13, d33);  \
  /* columns: (Bᵀ d) B */                                                       \
  V(0, wasm_f32x4_sub(t00, t02)) V(1, wasm_f32x4_add(t01, t02))                 \
  V(2, wasm_f32x4_sub(t02, t01)) V(3, wasm_f32x4_sub(t01, t03))                 \
  V(4, wasm_f32x4_sub(t10, t12)) V(5, wasm_f32x4_add(t11, t12))                 \
  V(6, wasm_f32x4_sub(t12, t11)) V(7, wasm_f32x4_sub(t11, t13))                 \
  V(8, wasm_f32x4_sub(t20, t22)) V(9, wasm_f32x4_add(t21, t22))                 \
  V(10, wasm_f32x4_sub(t22, t21)) V(11, wasm_f32x4_sub(t21, t23))               \
  V(12, wasm_f32x4_sub(t30, t32)) V(13, wasm_f32x4_add(t31, t32))               \
  V(14, wasm_f32x4_sub(t32, t31)) V(15, wasm_f32x4_sub(t31, t33))

// ---------------------------------------------------------------------------------------------
// Forward: out[n, oh, ow, co] = act(bias[co] + conv3x3(x, g)), stride 1, padding pt, pl, for
// tiles [T0, T1) of the ceil(OH/2) × ceil(OW/2) tiles per image. Parameter block (int32):
// ---------------------------------------------------------------------------------------------
#define WF_X 0
#define WF_N 1
#define WF_H 2
#define WF_W 3
#define WF_C 4
#define WF_OH 5
#define WF_OW 6
#define WF_CO 7
#define WF_PT 8
#define WF_PL 9
#define WF_U 10     // the packed filter transform (wino_filter)
#define WF_BIAS 11  // [CO] or 0
#define WF_ACT 12   // 0 linear, 1 relu, 2 leaky relu
#define WF_ALPHA 13 // float bits
#define WF_OUT 14
#define WF_T0 15
#define WF_T1 16
#define WF_WORK 17  // wino_fwd_work_floats(C, CO) floats

EXPORT("wino_fwd_work_floats")
int wino_fwd_work_floats(int C, int CO) {
  const int tb = tile_block(C, CO);
  return 16 * tb * (round_up(C, 4) + round_up(CO, NR)) + 2 * NR * MR;
}

EXPORT("wino_fwd_job")
void wino_fwd_job(const int* P) {
  const f32* x = (const f32*)P[WF_X];
  const int H = P[WF_H], W = P[WF_W], C = P[WF_C], OH = P[WF_OH], OW = P[WF_OW];
  const int CO = P[WF_CO], pt = P[WF_PT], pl = P[WF_PL], act = P[WF_ACT];
  const f32* up = (const f32*)P[WF_U];
  const f32* bias = (const f32*)P[WF_BIAS];
  const f32 alpha = f32_from_bits(P[WF_ALPHA]);
  f32* out = (f32*)P[WF_OUT];
  const int T0 = P[WF_T0], T1 = P[WF_T1];
  const int TB = tile_block(C, CO), NP = round_up(CO, NR), slivers = TB / MR;
  const int th = (OH + 1) / 2, tw = (OW + 1) / 2;
  // vp[ξ][sliver][c][6]: the A operand, packed; mb[ξ][tile][NP]: the products.
  f32* vp = (f32*)P[WF_WORK];
  f32* mb = vp + 16 * TB * round_up(C, 4);
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t al = wasm_f32x4_splat(alpha);
  for (int b0 = T0; b0 < T1; b0 += TB) {
    const int nt = min_i(TB, T1 - b0), used = round_up(nt, MR);
    // 1. Input transform into the packed slivers (tiles past nt are zero).
    for (int i = 0; i < used; i++) {
      const int s = i / MR, lane = i % MR;
      f32* vs = vp + s * C * MR + lane;  // + ξ * slivers * C * MR + c * MR
      const int xs = slivers * C * MR;
      if (i >= nt) {
        for (int xi = 0; xi < 16; xi++) {
          for (int c = 0; c < C; c++) vs[xi * xs + c * MR] = 0.0f;
        }
        continue;
      }
      const int t = b0 + i, n = t / (th * tw), r = t % (th * tw);
      const int ih0 = (r / tw) * 2 - pt, iw0 = (r % tw) * 2 - pl;
      const f32* xn = x + n * H * W * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        f32* o = vs + c * MR;
#define LOAD wasm_v128_load
#define V(xi, val)                                   \
  {                                                  \
    const v128_t q = val;                            \
    f32* oo = o + (xi) * xs;                         \
    oo[0] = wasm_f32x4_extract_lane(q, 0);           \
    oo[MR] = wasm_f32x4_extract_lane(q, 1);          \
    oo[2 * MR] = wasm_f32x4_extract_lane(q, 2);      \
    oo[3 * MR] = wasm_f32x4_extract_lane(q, 3);      \
  }
        INPUT_TRANSFORM
#undef V
#undef LOAD
      }
      for (; c < C; c++) {
        f32* o = vs + c * MR;
#define LOAD wasm_v128_load32_zero
#define V(xi, val) o[(xi) * xs] = wasm_f32x4_extract_lane(val, 0);
        INPUT_TRANSFORM
#undef V
#undef LOAD
      }
    }
    // 2. Sixteen products: mb[ξ] = V[ξ] · U[ξ], tile rows × NP columns.
    for (int xi = 0; xi < 16; xi++) {
      const f32* vx = vp + xi * slivers * C * MR;
      const f32* ux = up + xi * NP * C;
      f32* mx = mb + xi * TB * NP;
      for (int j = 0; j < NP; j += NR) {
        const f32* bs = ux + j * C;
        for (int i = 0; i < used; i += MR) {
          f32* c0 = mx + i * NP + j;
          ukernel_6x8(C, vx + i * C, MR, bs, NR, c0, c0 + NP, c0 + 2 * NP, c0 + 3 * NP,
                      c0 + 4 * NP, c0 + 5 * NP, 0, 0, 0, 0, 0.0f);
        }
      }
    }
    // 3. Output transform Aᵀ m A, bias, activation, into out (2 × 2 pixels, cropped).
    for (int i = 0; i < nt; i++) {
      const int t = b0 + i, n = t / (th * tw), r = t % (th * tw);
      const int oh0 = (r / tw) * 2, ow0 = (r % tw) * 2;
      const int rows = min_i(2, OH - oh0), cols = min_i(2, OW - ow0);
      f32* o00 = out + ((n * OH + oh0) * OW + ow0) * CO;
      const f32* m = mb + i * NP;
      const int xs = TB * NP;
      for (int c = 0; c < CO; c += 4) {
#define M(k) const v128_t m##k = wasm_v128_load(m + (k) * xs + c);
        M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#undef M
        // rows: s0 = m0 + m1 + m2, s1 = m1 - m2 - m3 (rows of the 4 × 4 grid)
        const v128_t s00 = wasm_f32x4_add(wasm_f32x4_add(m0, m4), m8);
        const v128_t s01 = wasm_f32x4_add(wasm_f32x4_add(m1, m5), m9);
        const v128_t s02 = wasm_f32x4_add(wasm_f32x4_add(m2, m6), m10);
        const v128_t s03 = wasm_f32x4_add(wasm_f32x4_add(m3, m7), m11);
        const v128_t s10 = wasm_f32x4_sub(wasm_f32x4_sub(m4, m8), m12);
        const v128_t s11 = wasm_f32x4_sub(wasm_f32x4_sub(m5, m9), m13);
        const v128_t s12 = wasm_f32x4_sub(wasm_f32x4_sub(m6, m10), m14);
        const v128_t s13 = wasm_f32x4_sub(wasm_f32x4_sub(m7, m11), m15);
        const v128_t bv = bias && c + 4 <= CO ? wasm_v128_load(bias + c) : zero;
        v128_t y00 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s00, s01), s02), bv);
        v128_t y01 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s01, s02), s03), bv);
        v128_t y10 = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(s10, s11), s12), bv);
        v128_t y11 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_sub(s11, s12), s13), bv);
        if (c + 4 <= CO) {
          y00 = activate(y00, act, al), y01 = activate(y01, act, al);
          y10 = activate(y10, act, al), y11 = activate(y11, act, al);
          wasm_v128_store(o00 + c, y00);
          if (cols > 1) wasm_v128_store(o00 + CO + c, y01);
          if (rows > 1) {
            wasm_v128_store(o00 + OW * CO + c, y10);
            if (cols > 1) wasm_v128_store(o00 + (OW + 1) * CO + c, y11);
          }
        } else {
          // The last CO % 4 channels, lane by lane.
#define TAIL(l)                                                                           \
  if (c + l < CO) {                                                                       \
    const f32 b = bias ? bias[c + l] : 0.0f;                                              \
    o00[c + l] = act_1(wasm_f32x4_extract_lane(y00, l) + b, act, alpha);                  \
    if (cols > 1) o00[CO + c + l] = act_1(wasm_f32x4_extract_lane(y01, l) + b, act, alpha); \
    if (rows > 1) {                                                                       \
      o00[OW * CO + c + l] = act_1(wasm_f32x4_extract_lane(y10, l) + b, act, alpha);      \
      if (cols > 1) {                                                                     \
        o00[(OW + 1) * CO + c + l] =                                                      \
            act_1(wasm_f32x4_extract_lane(y11, l) + b, act, alpha);                       \
      }                                                                                   \
    }                                                                                     \
  }
          TAIL(0) TAIL(1) TAIL(2)
#undef TAIL
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Filter gradient, part 1: for tiles [T0, T1), dU[ξ][ci][co] = Σ over tiles of
// (Bᵀ d B)[ξ][ci] · (A ∂y Aᵀ)[ξ][co], where d is the tile's 4 × 4 input block and ∂y its 2 × 2
// output-gradient block (zero past the output's edge). dU has rows rounded up to 6 and columns
// to 8 (wino_dw_floats); the job zeroes it first. Parameter block (int32):
// ---------------------------------------------------------------------------------------------
#define WD_X 0
#define WD_N 1
#define WD_H 2
#define WD_W 3
#define WD_C 4
#define WD_OH 5
#define WD_OW 6
#define WD_CO 7
#define WD_PT 8
#define WD_PL 9
#define WD_DY 10
#define WD_DU 11
#define WD_T0 12
#define WD_T1 13
#define WD_WORK 14  // wino_dw_work_floats(C, CO) floats

EXPORT("wino_dw_floats")
int wino_dw_floats(int C, int CO) { return 16 * round_up(C, MR) * round_up(CO, NR); }

EXPORT("wino_dw_work_floats")
int wino_dw_work_floats(int C, int CO) {
  const int tb = tile_block(C, CO);
  // Transformed inputs and gradients of a block, packed as slivers of the tile kernel.
  return 16 * tb * (round_up(C, MR) + round_up(CO, NR));
}

EXPORT("wino_dw_job")
void wino_dw_job(const int* P) {
  const f32* x = (const f32*)P[WD_X];
  const f32* dy = (const f32*)P[WD_DY];
  const int H = P[WD_H], W = P[WD_W], C = P[WD_C], OH = P[WD_OH], OW = P[WD_OW];
  const int CO = P[WD_CO], pt = P[WD_PT], pl = P[WD_PL];
  const int T0 = P[WD_T0], T1 = P[WD_T1];
  f32* du = (f32*)P[WD_DU];
  const int TB = tile_block(C, CO), CP = round_up(C, MR), NP = round_up(CO, NR);
  const int th = (OH + 1) / 2, tw = (OW + 1) / 2;
  // vb[ξ][ci / 6][tile][6] and gb[ξ][co / 8][tile][8]: the A and B slivers of the products.
  f32* vb = (f32*)P[WD_WORK];
  f32* gb = vb + 16 * TB * CP;
  const int vxs = TB * CP, gxs = TB * NP;  // floats per point ξ
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < 16 * CP * NP; i += 4) wasm_v128_store(du + i, zero);
  // Channels past C and CO stay zero.
  for (int i = 0; i < 16 * TB * (CP + NP); i += 4) wasm_v128_store(vb + i, zero);
  for (int b0 = T0; b0 < T1; b0 += TB) {
    const int nt = min_i(TB, T1 - b0);
    for (int i = 0; i < nt; i++) {
      const int t = b0 + i, n = t / (th * tw), r = t % (th * tw);
      const int oh0 = (r / tw) * 2, ow0 = (r % tw) * 2;
      const int ih0 = oh0 - pt, iw0 = ow0 - pl;
      const f32* xn = x + n * H * W * C;
      // Input transform: channel cc of point ξ goes to vb[ξ][cc / 6][i][cc % 6].
      f32* o = vb + i * MR;
      int c = 0;
#define AT(cc) (((cc) / MR) * TB * MR + (cc) % MR)
      for (; c + 4 <= C; c += 4) {
        const int q0 = AT(c), q1 = AT(c + 1), q2 = AT(c + 2), q3 = AT(c + 3);
#define LOAD wasm_v128_load
#define V(xi, val)                                   \
  {                                                  \
    const v128_t q = val;                            \
    f32* oo = o + (xi) * vxs;                        \
    oo[q0] = wasm_f32x4_extract_lane(q, 0);          \
    oo[q1] = wasm_f32x4_extract_lane(q, 1);          \
    oo[q2] = wasm_f32x4_extract_lane(q, 2);          \
    oo[q3] = wasm_f32x4_extract_lane(q, 3);          \
  }
        INPUT_TRANSFORM
#undef V
#undef LOAD
      }
      for (; c < C; c++) {
        const int q0 = AT(c);
#define LOAD wasm_v128_load32_zero
#define V(xi, val) o[(xi) * vxs + q0] = wasm_f32x4_extract_lane(val, 0);
        INPUT_TRANSFORM
#undef V
#undef LOAD
      }
#undef AT
      // Output-gradient transform A e Aᵀ of the 2 × 2 block e: channel k of point ξ goes to
      // gb[ξ][k / 8][i][k % 8].
      const f32* e00 = dy + ((n * OH + oh0) * OW + ow0) * CO;
      const int down = oh0 + 1 < OH, right = ow0 + 1 < OW;
      for (int k = 0; k < CO; k += 4) {
        const int full = k + 4 <= CO;
#define LD(p) (full ? wasm_v128_load(p) : wasm_v128_load32_zero(p))
        // The last CO % 4 channels go one at a time through lane 0.
        for (int l = 0; l < (full ? 1 : CO - k); l++) {
          const int kk = k + l;
          f32* g = gb + (kk / NR) * TB * NR + i * NR + kk % NR;
          const v128_t a = LD(e00 + kk);
          const v128_t b = right ? LD(e00 + CO + kk) : zero;
          const v128_t cc = down ? LD(e00 + OW * CO + kk) : zero;
          const v128_t d = down && right ? LD(e00 + (OW + 1) * CO + kk) : zero;
          // rows of A e: p0 = e0, p1 = e0 + e1, p2 = e0 - e1, p3 = -e1 (e0 = (a b), e1 = (cc d))
          const v128_t p00 = a, p01 = b;
          const v128_t p10 = wasm_f32x4_add(a, cc), p11 = wasm_f32x4_add(b, d);
          const v128_t p20 = wasm_f32x4_sub(a, cc), p21 = wasm_f32x4_sub(b, d);
          const v128_t p30 = wasm_f32x4_neg(cc), p31 = wasm_f32x4_neg(d);
#define G4(row, q0, q1)                                                                \
  {                                                                                    \
    const v128_t v0 = q0, v1 = wasm_f32x4_add(q0, q1), v2 = wasm_f32x4_sub(q0, q1),    \
                 v3 = wasm_f32x4_neg(q1);                                              \
    if (full) {                                                                        \
      wasm_v128_store(g + (4 * row) * gxs, v0);                                        \
      wasm_v128_store(g + (4 * row + 1) * gxs, v1);                                    \
      wasm_v128_store(g + (4 * row + 2) * gxs, v2);                                    \
      wasm_v128_store(g + (4 * row + 3) * gxs, v3);                                    \
    } else {                                                                           \
      g[(4 * row) * gxs] = wasm_f32x4_extract_lane(v0, 0);                             \
      g[(4 * row + 1) * gxs] = wasm_f32x4_extract_lane(v1, 0);                         \
      g[(4 * row + 2) * gxs] = wasm_f32x4_extract_lane(v2, 0);                         \
      g[(4 * row + 3) * gxs] = wasm_f32x4_extract_lane(v3, 0);                         \
    }                                                                                  \
  }
          G4(0, p00, p01) G4(1, p10, p11) G4(2, p20, p21) G4(3, p30, p31)
#undef G4
        }
#undef LD
      }
    }
    // dU[ξ] += V[ξ]ᵀ · G[ξ] over this block's tiles.
    for (int xi = 0; xi < 16; xi++) {
      const f32* va = vb + xi * vxs;
      const f32* ga = gb + xi * gxs;
      f32* dx = du + xi * CP * NP;
      for (int j = 0; j < NP; j += NR) {
        for (int c0 = 0; c0 < CP; c0 += MR) {
          f32* r0 = dx + c0 * NP + j;
          ukernel_6x8(nt, va + c0 * TB, MR, ga + j * TB, NR, r0, r0 + NP, r0 + 2 * NP,
                      r0 + 3 * NP, r0 + 4 * NP, r0 + 5 * NP, 1, 0, 0, 0, 0.0f);
        }
      }
    }
  }
}

// Filter gradient, part 2: dw[kh, kw, ci, co] = (Gᵀ dU G)[kh, kw] from dU (wino_dw_job's
// layout, summed over the jobs).
EXPORT("wino_dw_final")
void wino_dw_final(const f32* du, f32* dw, int C, int CO) {
  const int CP = round_up(C, MR), NP = round_up(CO, NR), xs = CP * NP;
  for (int ci = 0; ci < C; ci++) {
    for (int co = 0; co < CO; co++) {
      const f32* u = du + ci * NP + co;
#define U(r, s) u[(4 * (r) + (s)) * xs]
      // Gᵀ dU: 3 rows from 4: r0 = u0 + (u1 + u2)/2, r1 = (u1 - u2)/2, r2 = (u1 + u2)/2 + u3
#define ROW(s)                                                   \
  const f32 h##s = 0.5f * (U(1, s) + U(2, s));                   \
  const f32 a0##s = U(0, s) + h##s, a1##s = 0.5f * (U(1, s) - U(2, s)), \
            a2##s = h##s + U(3, s);
      ROW(0) ROW(1) ROW(2) ROW(3)
#undef ROW
#undef U
      // (Gᵀ dU) G: the same on columns.
#define COL(r)                                                             \
  {                                                                        \
    const f32 hh = 0.5f * (a##r##1 + a##r##2);                             \
    dw[((r) * 3 + 0) * C * CO + ci * CO + co] = a##r##0 + hh;              \
    dw[((r) * 3 + 1) * C * CO + ci * CO + co] = 0.5f * (a##r##1 - a##r##2); \
    dw[((r) * 3 + 2) * C * CO + ci * CO + co] = hh + a##r##3;              \
  }
      COL(0) COL(1) COL(2)
#undef COL
    }
  }
}

// =============================================================================================
// F(4 × 4, 3 × 3): 6 × 6 input tiles, 4 × 4 outputs, 36 products per channel pair for 16
// outputs (144 for a direct convolution, 64 for F(2 × 2, 3 × 3)). The transforms use the points
// 0, ±1, ±2 and ∞ (Lavin and Gray):
//   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1]
//   G  = [1/4 0 0; −1/6 −1/6 −1/6; −1/6 1/6 −1/6; 1/24 1/12 1/6; 1/24 −1/12 1/6; 0 0 1]
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1]
// The 6 × 6 transforms go through a small scratch area row by row, then column by column, so
// that at most a dozen vectors are live.
// =============================================================================================

// Bᵀ applied to six vectors d0..d5 (a row or a column of a tile), results into r0..r5.
#define BT6(d0, d1, d2, d3, d4, d5, r0, r1, r2, r3, r4, r5)                          \
  {                                                                                  \
    const v128_t f4 = wasm_f32x4_splat(4.0f), f5 = wasm_f32x4_splat(5.0f);           \
    const v128_t f2 = wasm_f32x4_splat(2.0f);                                        \
    const v128_t t0 = wasm_f32x4_sub(d4, wasm_f32x4_mul(f4, d2));   /* d4 − 4d2 */   \
    const v128_t t1 = wasm_f32x4_sub(d3, wasm_f32x4_mul(f4, d1));   /* d3 − 4d1 */   \
    const v128_t t2 = wasm_f32x4_sub(d4, d2);                       /* d4 − d2 */    \
    const v128_t t3 = wasm_f32x4_mul(f2, wasm_f32x4_sub(d3, d1));   /* 2(d3 − d1) */ \
    r0 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_mul(f4, d0), wasm_f32x4_mul(f5, d2)), d4); \
    r1 = wasm_f32x4_add(t0, t1);                                                     \
    r2 = wasm_f32x4_sub(t0, t1);                                                     \
    r3 = wasm_f32x4_add(t2, t3);                                                     \
    r4 = wasm_f32x4_sub(t2, t3);                                                     \
    r5 = wasm_f32x4_add(wasm_f32x4_sub(wasm_f32x4_mul(f4, d1), wasm_f32x4_mul(f5, d3)), d5); \
  }

// Aᵀ applied to six vectors m0..m5, results into y0..y3.
#define AT6(m0, m1, m2, m3, m4, m5, y0, y1, y2, y3)                                  \
  {                                                                                  \
    const v128_t a = wasm_f32x4_add(m1, m2), b = wasm_f32x4_sub(m1, m2);             \
    const v128_t c = wasm_f32x4_add(m3, m4), d = wasm_f32x4_sub(m3, m4);             \
    y0 = wasm_f32x4_add(wasm_f32x4_add(m0, a), c);                                   \
    y1 = wasm_f32x4_add(b, wasm_f32x4_mul(wasm_f32x4_splat(2.0f), d));               \
    y2 = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_f32x4_splat(4.0f), c));               \
    y3 = wasm_f32x4_add(wasm_f32x4_add(b, wasm_f32x4_mul(wasm_f32x4_splat(8.0f), d)), m5); \
  }

// A (the transpose of Aᵀ) applied to four vectors e0..e3, results into p0..p5.
#define A4(e0, e1, e2, e3, p0, p1, p2, p3, p4, p5)                                   \
  {                                                                                  \
    const v128_t s02 = wasm_f32x4_add(e0, e2), s13 = wasm_f32x4_add(e1, e3);         \
    const v128_t q02 = wasm_f32x4_add(e0, wasm_f32x4_mul(wasm_f32x4_splat(4.0f), e2)); \
    const v128_t q13 = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(2.0f), e1),    \
                                      wasm_f32x4_mul(wasm_f32x4_splat(8.0f), e3));   \
    p0 = e0;                                                                         \
    p1 = wasm_f32x4_add(s02, s13);                                                   \
    p2 = wasm_f32x4_sub(s02, s13);                                                   \
    p3 = wasm_f32x4_add(q02, q13);                                                   \
    p4 = wasm_f32x4_sub(q02, q13);                                                   \
    p5 = e3;                                                                         \
  }

// Tiles per block for F(4 × 4): the transformed block within about 512 KiB.
static int tile_block4(int C, int CO) {
  const int tb = 131072 / (36 * (round_up(C, MR) + round_up(CO, NR)));
  return max_i(MR, min_i(96, tb / MR * MR));
}

// The input transform of one tile, 4 channels (or, with LOAD = load32_zero, 1) at c: the 6 × 6
// block of x at (ih0, iw0), zero outside, into tmp (36 vectors, [row][col]), then V = Bᵀ d B
// delivered point by point through STORE_V(xi, v).
#define INPUT_TRANSFORM4(LOAD, STORE_V)                                                   \
  for (int r = 0; r < 6; r++) {                                                           \
    const int ih = ih0 + r;                                                               \
    const int rowok = ih >= 0 && ih < H;                                                  \
    const f32* xr = xn + (ih * W + iw0) * C + c;                                          \
    v128_t d0 = zero, d1 = zero, d2 = zero, d3 = zero, d4 = zero, d5 = zero;              \
    if (rowok) {                                                                          \
      if (iw0 >= 0 && iw0 + 5 < W) {                                                      \
        d0 = LOAD(xr), d1 = LOAD(xr + C), d2 = LOAD(xr + 2 * C);                          \
        d3 = LOAD(xr + 3 * C), d4 = LOAD(xr + 4 * C), d5 = LOAD(xr + 5 * C);              \
      } else {                                                                            \
        if (iw0 >= 0 && iw0 < W) d0 = LOAD(xr);                                           \
        if (iw0 + 1 >= 0 && iw0 + 1 < W) d1 = LOAD(xr + C);                               \
        if (iw0 + 2 >= 0 && iw0 + 2 < W) d2 = LOAD(xr + 2 * C);                           \
        if (iw0 + 3 >= 0 && iw0 + 3 < W) d3 = LOAD(xr + 3 * C);                           \
        if (iw0 + 4 >= 0 && iw0 + 4 < W) d4 = LOAD(xr + 4 * C);                           \
        if (iw0 + 5 >= 0 && iw0 + 5 < W) d5 = LOAD(xr + 5 * C);                           \
      }                                                                                   \
    }                                                                                     \
    v128_t r0, r1, r2, r3, r4, r5;                                                        \
    BT6(d0, d1, d2, d3, d4, d5, r0, r1, r2, r3, r4, r5)                                   \
    f32* tr = tmp + r * 24;                                                               \
    wasm_v128_store(tr, r0), wasm_v128_store(tr + 4, r1), wasm_v128_store(tr + 8, r2);    \
    wasm_v128_store(tr + 12, r3), wasm_v128_store(tr + 16, r4), wasm_v128_store(tr + 20, r5); \
  }                                                                                       \
  for (int j = 0; j < 6; j++) {                                                           \
    const f32* tc = tmp + 4 * j;                                                          \
    v128_t v0, v1, v2, v3, v4, v5;                                                        \
    BT6(wasm_v128_load(tc), wasm_v128_load(tc + 24), wasm_v128_load(tc + 48),             \
        wasm_v128_load(tc + 72), wasm_v128_load(tc + 96), wasm_v128_load(tc + 120),       \
        v0, v1, v2, v3, v4, v5)                                                           \
    STORE_V(j, v0) STORE_V(6 + j, v1) STORE_V(12 + j, v2)                                 \
    STORE_V(18 + j, v3) STORE_V(24 + j, v4) STORE_V(30 + j, v5)                           \
  }

EXPORT("wino4_filter_floats")
int wino4_filter_floats(int K, int N) { return 36 * K * round_up(N, NR); }

// U = G g Gᵀ for F(4 × 4), packed as wino_filter packs it (36 points).
EXPORT("wino4_filter")
void wino4_filter(const f32* w, f32* up, int CI, int CO, int flip) {
  const int K = flip ? CO : CI, N = flip ? CI : CO, NP = round_up(N, NR);
  const f32 q = 0.25f, s = 1.0f / 6.0f, t = 1.0f / 12.0f, u = 1.0f / 24.0f;
  for (int k = 0; k < K; k++) {
    for (int nn = 0; nn < NP; nn++) {
      f32* dst = up + (nn / NR) * K * NR + k * NR + nn % NR;
      const int stride = (NP / NR) * K * NR;  // floats between points
      if (nn >= N) {
        for (int xi = 0; xi < 36; xi++) dst[xi * stride] = 0.0f;
        continue;
      }
      const int ci = flip ? nn : k, co = flip ? k : nn;
#define GW(t_) w[(flip ? 8 - (t_) : (t_)) * CI * CO + ci * CO + co]
      // G g: 6 rows × 3 columns, one column at a time.
      f32 h0[3], h1[3], h2[3], h3[3], h4[3], h5[3];
#pragma clang loop unroll(full)
      for (int cc = 0; cc < 3; cc++) {
        const f32 g0 = GW(cc), g1 = GW(3 + cc), g2 = GW(6 + cc);
        h0[cc] = q * g0;
        h1[cc] = -s * (g0 + g1 + g2);
        h2[cc] = -s * (g0 - g1 + g2);
        h3[cc] = u * g0 + t * g1 + s * g2;
        h4[cc] = u * g0 - t * g1 + s * g2;
        h5[cc] = g2;
      }
#undef GW
      // (G g) Gᵀ: each row's 3 values to 6.
#define ROW6(hr, r)                                                             \
  {                                                                             \
    const f32 a0 = hr[0], a1 = hr[1], a2 = hr[2];                               \
    dst[(6 * (r) + 0) * stride] = q * a0;                                       \
    dst[(6 * (r) + 1) * stride] = -s * (a0 + a1 + a2);                          \
    dst[(6 * (r) + 2) * stride] = -s * (a0 - a1 + a2);                          \
    dst[(6 * (r) + 3) * stride] = u * a0 + t * a1 + s * a2;                     \
    dst[(6 * (r) + 4) * stride] = u * a0 - t * a1 + s * a2;                     \
    dst[(6 * (r) + 5) * stride] = a2;                                           \
  }
      ROW6(h0, 0) ROW6(h1, 1) ROW6(h2, 2) ROW6(h3, 3) ROW6(h4, 4) ROW6(h5, 5)
#undef ROW6
    }
  }
}

EXPORT("wino4_fwd_work_floats")
int wino4_fwd_work_floats(int C, int CO) {
  const int tb = tile_block4(C, CO);
  return 36 * tb * (round_up(C, 4) + round_up(CO, NR)) + 144 + 96;
}

// The forward job of F(4 × 4): the parameter block of wino_fwd_job, with 4 × 4 output tiles
// (ceil(OH/4) × ceil(OW/4) per image).
EXPORT("wino4_fwd_job")
void wino4_fwd_job(const int* P) {
  const f32* x = (const f32*)P[WF_X];
  const int H = P[WF_H], W = P[WF_W], C = P[WF_C], OH = P[WF_OH], OW = P[WF_OW];
  const int CO = P[WF_CO], pt = P[WF_PT], pl = P[WF_PL], act = P[WF_ACT];
  const f32* up = (const f32*)P[WF_U];
  const f32* bias = (const f32*)P[WF_BIAS];
  const f32 alpha = f32_from_bits(P[WF_ALPHA]);
  f32* out = (f32*)P[WF_OUT];
  const int T0 = P[WF_T0], T1 = P[WF_T1];
  const int TB = tile_block4(C, CO), NP = round_up(CO, NR);
  const int th = (OH + 3) / 4, tw = (OW + 3) / 4;
  // vp[ξ][tile][C]: the A operand, read in place by the row-stride tile kernel.
  f32* vp = (f32*)P[WF_WORK];
  f32* mb = vp + 36 * TB * round_up(C, 4);          // [ξ][tile][NP]
  f32* tmp = mb + 36 * TB * NP;                     // 36 vectors
  f32* ytmp = tmp + 144;                            // 24 vectors
  const v128_t zero = wasm_f32x4_splat(0.0f);
  const v128_t al = wasm_f32x4_splat(alpha);
  const int xs = TB * C;  // floats per point ξ
  for (int b0 = T0; b0 < T1; b0 += TB) {
    const int nt = min_i(TB, T1 - b0), used = round_up(nt, MR);
    for (int i = 0; i < used; i++) {
      f32* vs = vp + i * C;
      if (i >= nt) {
        for (int xi = 0; xi < 36; xi++) {
          for (int c = 0; c < C; c++) vs[xi * xs + c] = 0.0f;
        }
        continue;
      }
      const int t = b0 + i, n = t / (th * tw), r = t % (th * tw);
      const int ih0 = (r / tw) * 4 - pt, iw0 = (r % tw) * 4 - pl;
      const f32* xn = x + n * H * W * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        f32* o = vs + c;
#define STORE_V(xi, v) wasm_v128_store(o + (xi) * xs, v);
        INPUT_TRANSFORM4(wasm_v128_load, STORE_V)
#undef STORE_V
      }
      for (; c < C; c++) {
        f32* o = vs + c;
#define STORE_V(xi, v) o[(xi) * xs] = wasm_f32x4_extract_lane(v, 0);
        INPUT_TRANSFORM4(wasm_v128_load32_zero, STORE_V)
#undef STORE_V
      }
    }
    for (int xi = 0; xi < 36; xi++) {
      const f32* vx = vp + xi * xs;
      const f32* ux = up + xi * NP * C;
      f32* mx = mb + xi * TB * NP;
      for (int j = 0; j < NP; j += NR) {
        const f32* bs = ux + j * C;
        for (int i = 0; i < used; i += MR) {
          f32* c0 = mx + i * NP + j;
          ukernel_6x8_rows(C, vx + i * C, C, 1, bs, NR, c0, c0 + NP, c0 + 2 * NP, c0 + 3 * NP,
                           c0 + 4 * NP, c0 + 5 * NP, 0, 0, 0, 0, 0.0f);
        }
      }
    }
    // Output transform Aᵀ m A, 4 channels at a time: rows of the 6 × 6 grid to 4 (into ytmp,
    // [grid row][output column]), then columns to the 4 output rows.
    const int ms = TB * NP;
    for (int i = 0; i < nt; i++) {
      const int t = b0 + i, n = t / (th * tw), r = t % (th * tw);
      const int oh0 = (r / tw) * 4, ow0 = (r % tw) * 4;
      const int rows = min_i(4, OH - oh0), cols = min_i(4, OW - ow0);
      f32* o00 = out + ((n * OH + oh0) * OW + ow0) * CO;
      const f32* m = mb + i * NP;
      for (int c = 0; c < CO; c += 4) {
        for (int gr = 0; gr < 6; gr++) {
          const f32* mr = m + (6 * gr) * ms + c;
          v128_t y0, y1, y2, y3;
          AT6(wasm_v128_load(mr), wasm_v128_load(mr + ms), wasm_v128_load(mr + 2 * ms),
              wasm_v128_load(mr + 3 * ms), wasm_v128_load(mr + 4 * ms),
              wasm_v128_load(mr + 5 * ms), y0, y1, y2, y3)
          f32* yr = ytmp + gr * 16;
          wasm_v128_store(yr, y0), wasm_v128_store(yr + 4, y1);
          wasm_v128_store(yr + 8, y2), wasm_v128_store(yr + 12, y3);
        }
        const v128_t bv = bias && c + 4 <= CO ? wasm_v128_load(bias + c) : zero;
        for (int oc = 0; oc < cols; oc++) {
          const f32* yc = ytmp + 4 * oc;
          v128_t z0, z1, z2, z3;
          AT6(wasm_v128_load(yc), wasm_v128_load(yc + 16), wasm_v128_load(yc + 32),
              wasm_v128_load(yc + 48), wasm_v128_load(yc + 64), wasm_v128_load(yc + 80),
              z0, z1, z2, z3)
          f32* op = o00 + oc * CO + c;
#define PUT(z, orow)                                                                   \
  if ((orow) < rows) {                                                                 \
    f32* q = op + (orow) * OW * CO;                                                    \
    if (c + 4 <= CO) {                                                                 \
      wasm_v128_store(q, activate(wasm_f32x4_add(z, bv), act, al));                    \
    } else {                                                                           \
      q[0] = act_1(wasm_f32x4_extract_lane(z, 0) + (bias ? bias[c] : 0.0f), act, alpha); \
      if (c + 1 < CO) {                                                                \
        q[1] = act_1(wasm_f32x4_extract_lane(z, 1) + (bias ? bias[c + 1] : 0.0f), act, alpha); \
      }                                                                                \
      if (c + 2 < CO) {                                                                \
        q[2] = act_1(wasm_f32x4_extract_lane(z, 2) + (bias ? bias[c + 2] : 0.0f), act, alpha); \
      }                                                                                \
    }                                                                                  \
  }
          PUT(z0, 0) PUT(z1, 1) PUT(z2, 2) PUT(z3, 3)
#undef PUT
        }
      }
    }
  }
}

EXPORT("wino4_dw_floats")
int wino4_dw_floats(int C, int CO) { return 36 * round_up(C, MR) * round_up(CO, NR); }

EXPORT("wino4_dw_work_floats")
int wino4_dw_work_floats(int C, int CO) {
  const int tb = tile_block4(C, CO);
  return 36 * tb * (round_up(C, MR) + round_up(CO, NR)) + 144 + 96;
}

// The filter gradient of F(4 × 4), part 1: wino_dw_job's parameter block and layout, with 36
// points and 4 × 4 output-gradient tiles.
EXPORT("wino4_dw_job")
void wino4_dw_job(const int* P) {
  const f32* x = (const f32*)P[WD_X];
  const f32* dy = (const f32*)P[WD_DY];
  const int H = P[WD_H], W = P[WD_W], C = P[WD_C], OH = P[WD_OH], OW = P[WD_OW];
  const int CO = P[WD_CO], pt = P[WD_PT], pl = P[WD_PL];
  const int T0 = P[WD_T0], T1 = P[WD_T1];
  f32* du = (f32*)P[WD_DU];
  const int TB = tile_block4(C, CO), CP = round_up(C, MR), NP = round_up(CO, NR);
  const int th = (OH + 3) / 4, tw = (OW + 3) / 4;
  f32* vb = (f32*)P[WD_WORK];         // [ξ][ci / 6][tile][6]
  f32* gb = vb + 36 * TB * CP;        // [ξ][co / 8][tile][8]
  f32* tmp = gb + 36 * TB * NP;       // 36 vectors
  f32* etmp = tmp + 144;              // 24 vectors
  const int vxs = TB * CP, gxs = TB * NP;
  const v128_t zero = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < 36 * CP * NP; i += 4) wasm_v128_store(du + i, zero);
  for (int i = 0; i < 36 * TB * (CP + NP); i += 4) wasm_v128_store(vb + i, zero);
  for (int b0 = T0; b0 < T1; b0 += TB) {
    const int nt = min_i(TB, T1 - b0);
    for (int i = 0; i < nt; i++) {
      const int t = b0 + i, n = t / (th * tw), r = t % (th * tw);
      const int oh0 = (r / tw) * 4, ow0 = (r % tw) * 4;
      const int ih0 = oh0 - pt, iw0 = ow0 - pl;
      const f32* xn = x + n * H * W * C;
      f32* o = vb + i * MR;
      int c = 0;
#define AT(cc) (((cc) / MR) * TB * MR + (cc) % MR)
      for (; c + 4 <= C; c += 4) {
        const int q0 = AT(c), q1 = AT(c + 1), q2 = AT(c + 2), q3 = AT(c + 3);
#define STORE_V(xi, v)                               \
  {                                                  \
    f32* oo = o + (xi) * vxs;                        \
    oo[q0] = wasm_f32x4_extract_lane(v, 0);          \
    oo[q1] = wasm_f32x4_extract_lane(v, 1);          \
    oo[q2] = wasm_f32x4_extract_lane(v, 2);          \
    oo[q3] = wasm_f32x4_extract_lane(v, 3);          \
  }
        INPUT_TRANSFORM4(wasm_v128_load, STORE_V)
#undef STORE_V
      }
      for (; c < C; c++) {
        const int q0 = AT(c);
#define STORE_V(xi, v) o[(xi) * vxs + q0] = wasm_f32x4_extract_lane(v, 0);
        INPUT_TRANSFORM4(wasm_v128_load32_zero, STORE_V)
#undef STORE_V
      }
#undef AT
      // Output-gradient transform A e Aᵀ of the 4 × 4 block e (zero past the edges): rows of
      // e to 6 (into etmp, [e row][grid column]), then columns to the 6 grid rows.
      const int rows = min_i(4, OH - oh0), cols = min_i(4, OW - ow0);
      const f32* e00 = dy + ((n * OH + oh0) * OW + ow0) * CO;
      for (int k = 0; k < CO; k += 4) {
        const int full = k + 4 <= CO;
        for (int l = 0; l < (full ? 1 : CO - k); l++) {
          const int kk = k + l;
          for (int er = 0; er < 4; er++) {
            v128_t e0 = zero, e1 = zero, e2 = zero, e3 = zero;
            if (er < rows) {
              const f32* ep = e00 + er * OW * CO + kk;
#define LDE(q) (full ? wasm_v128_load(q) : wasm_v128_load32_zero(q))
              e0 = LDE(ep);
              if (cols > 1) e1 = LDE(ep + CO);
              if (cols > 2) e2 = LDE(ep + 2 * CO);
              if (cols > 3) e3 = LDE(ep + 3 * CO);
#undef LDE
            }
            v128_t p0, p1, p2, p3, p4, p5;
            A4(e0, e1, e2, e3, p0, p1, p2, p3, p4, p5)
            f32* er_ = etmp + er * 24;
            wasm_v128_store(er_, p0), wasm_v128_store(er_ + 4, p1);
            wasm_v128_store(er_ + 8, p2), wasm_v128_store(er_ + 12, p3);
            wasm_v128_store(er_ + 16, p4), wasm_v128_store(er_ + 20, p5);
          }
          f32* g = gb + (kk / NR) * TB * NR + i * NR + kk % NR;
          for (int j = 0; j < 6; j++) {
            const f32* ec = etmp + 4 * j;
            v128_t p0, p1, p2, p3, p4, p5;
            A4(wasm_v128_load(ec), wasm_v128_load(ec + 24), wasm_v128_load(ec + 48),
               wasm_v128_load(ec + 72), p0, p1, p2, p3, p4, p5)
#define PUTG(xi, v)                                                  \
  if (full) {                                                        \
    wasm_v128_store(g + (xi) * gxs, v);                              \
  } else {                                                           \
    g[(xi) * gxs] = wasm_f32x4_extract_lane(v, 0);                   \
  }
            PUTG(j, p0) PUTG(6 + j, p1) PUTG(12 + j, p2) PUTG(18 + j, p3) PUTG(24 + j, p4)
            PUTG(30 + j, p5)
#undef PUTG
          }
        }
      }
    }
    for (int xi = 0; xi < 36; xi++) {
      const f32* va = vb + xi * vxs;
      const f32* ga = gb + xi * gxs;
      f32* dx = du + xi * CP * NP;
      for (int j = 0; j < NP; j += NR) {
        for (int c0 = 0; c0 < CP; c0 += MR) {
          f32* r0 = dx + c0 * NP + j;
          ukernel_6x8(nt, va + c0 * TB, MR, ga + j * TB, NR, r0, r0 + NP, r0 + 2 * NP,
                      r0 + 3 * NP, r0 + 4 * NP, r0 + 5 * NP, 1, 0, 0, 0, 0.0f);
        }
      }
    }
  }
}

// The filter gradient of F(4 × 4), part 2: dw = Gᵀ dU G (6 × 6 → 3 × 3).
EXPORT("wino4_dw_final")
void wino4_dw_final(const f32* du, f32* dw, int C, int CO) {
  const int CP = round_up(C, MR), NP = round_up(CO, NR), xs = CP * NP;
  const f32 q = 0.25f, s = 1.0f / 6.0f, t = 1.0f / 12.0f, u = 1.0f / 24.0f;
  for (int ci = 0; ci < C; ci++) {
    for (int co = 0; co < CO; co++) {
      const f32* uu = du + ci * NP + co;
#define U(r, c_) uu[(6 * (r) + (c_)) * xs]
      // Gᵀ dU: 3 rows from 6, column by column.
#define GT(v0, v1, v2, v3, v4, v5, o0, o1, o2)                           \
  o0 = q * (v0) - s * ((v1) + (v2)) + u * ((v3) + (v4));                  \
  o1 = -s * (v1) + s * (v2) + t * (v3) - t * (v4);                        \
  o2 = -s * ((v1) + (v2)) + s * ((v3) + (v4)) + (v5);
      f32 a0[6], a1[6], a2[6];
#pragma clang loop unroll(full)
      for (int c_ = 0; c_ < 6; c_++) {
        GT(U(0, c_), U(1, c_), U(2, c_), U(3, c_), U(4, c_), U(5, c_), a0[c_], a1[c_], a2[c_])
      }
#undef U
      f32 r0, r1, r2;
      GT(a0[0], a0[1], a0[2], a0[3], a0[4], a0[5], r0, r1, r2)
      dw[0 * C * CO + ci * CO + co] = r0, dw[1 * C * CO + ci * CO + co] = r1;
      dw[2 * C * CO + ci * CO + co] = r2;
      GT(a1[0], a1[1], a1[2], a1[3], a1[4], a1[5], r0, r1, r2)
      dw[3 * C * CO + ci * CO + co] = r0, dw[4 * C * CO + ci * CO + co] = r1;
      dw[5 * C * CO + ci * CO + co] = r2;
      GT(a2[0], a2[1], a2[2], a2[3], a2[4], a2[5], r0, r1, r2)
      dw[6 * C * CO + ci * CO + co] = r0, dw[7 * C * CO + ci * CO + co] = r1;
      dw[8 * C * CO + ci * CO + co] = r2;
#undef GT
    }
  }
}
