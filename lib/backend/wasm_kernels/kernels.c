// Training kernels for TF.js's `wasm` backend, compiled to WebAssembly SIMD (see build.sh).
//
// The module imports the wasm backend's own linear memory, so every pointer below is an address
// in that memory (a tensor's `memoryOffset`). It must never touch memory it was not given: no
// static data, no shadow stack (build.sh checks both), no allocation. Callers pass scratch space.
// All tensors are float32 NHWC; filters are [KH, KW, CI, CO] as in TF.js.

#include "kernels.h"

static void add_f32(f32* dst, const f32* src, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4)
    wasm_v128_store(dst + i, wasm_f32x4_add(wasm_v128_load(dst + i), wasm_v128_load(src + i)));
  for (; i < n; i++) dst[i] += src[i];
}

static void zero_f32(f32* p, int n) {
  int i = 0;
  v128_t z = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, z);
  for (; i < n; i++) p[i] = 0.0f;
}

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropFilter: dw[kh, kw, ci, co] = sum over n, oh, ow of
//   x[n, oh*sh + kh*dh - pt, ow*sw + kw*dwl - pl, ci] * dy[n, oh, ow, co]   (zero outside x).
//
// Each image is first copied into `pad` (Hp x Wp x CI, zero border) unless no padding or crop is
// needed, so the inner loops never test bounds. The reduction over output pixels is a sum of
// outer products; a 4 x 8 register tile (4 filter taps x 8 output channels) is accumulated over a
// block of output rows small enough to stay in L1, then written back.
// ---------------------------------------------------------------------------------------------

// A tile is TILE_K taps: the offsets o0..o5 of the taps from a window's corner, and the rows
// r0..r5 of the accumulator they add to.
#define TILE_K 6
#define TILE_PARAMS                                                                            \
  const f32 *img, int rowStride, int colStride, const f32 *dyn, int OW, int CO, int oh0,     \
      int oh1, int sh, int c0, int o0, int o1, int o2, int o3, int o4, int o5, f32 *r0,      \
      f32 *r1, f32 *r2, f32 *r3, f32 *r4, f32 *r5
#define TILE_ARGS \
  img, rowStride, colStride, dyn, OW, CO, oh0, oh1, sh, c0, o0, o1, o2, o3, o4, o5, r0, r1, r2, r3, r4, r5

// Accumulates taps x channels c0..c0+7 over output rows [oh0, oh1): 12 accumulators.
static void bpf_tile8(TILE_PARAMS) {
  v128_t a00 = wasm_v128_load(r0 + c0), a01 = wasm_v128_load(r0 + c0 + 4);
  v128_t a10 = wasm_v128_load(r1 + c0), a11 = wasm_v128_load(r1 + c0 + 4);
  v128_t a20 = wasm_v128_load(r2 + c0), a21 = wasm_v128_load(r2 + c0 + 4);
  v128_t a30 = wasm_v128_load(r3 + c0), a31 = wasm_v128_load(r3 + c0 + 4);
  v128_t a40 = wasm_v128_load(r4 + c0), a41 = wasm_v128_load(r4 + c0 + 4);
  v128_t a50 = wasm_v128_load(r5 + c0), a51 = wasm_v128_load(r5 + c0 + 4);
  for (int oh = oh0; oh < oh1; oh++) {
    const f32* xp = img + oh * sh * rowStride;
    const f32* dp = dyn + oh * OW * CO + c0;
    for (int ow = 0; ow < OW; ow++) {
      const v128_t d0 = wasm_v128_load(dp), d1 = wasm_v128_load(dp + 4);
      v128_t s = wasm_v128_load32_splat(xp + o0);
      a00 = madd(s, d0, a00), a01 = madd(s, d1, a01);
      s = wasm_v128_load32_splat(xp + o1);
      a10 = madd(s, d0, a10), a11 = madd(s, d1, a11);
      s = wasm_v128_load32_splat(xp + o2);
      a20 = madd(s, d0, a20), a21 = madd(s, d1, a21);
      s = wasm_v128_load32_splat(xp + o3);
      a30 = madd(s, d0, a30), a31 = madd(s, d1, a31);
      s = wasm_v128_load32_splat(xp + o4);
      a40 = madd(s, d0, a40), a41 = madd(s, d1, a41);
      s = wasm_v128_load32_splat(xp + o5);
      a50 = madd(s, d0, a50), a51 = madd(s, d1, a51);
      xp += colStride;
      dp += CO;
    }
  }
  wasm_v128_store(r0 + c0, a00), wasm_v128_store(r0 + c0 + 4, a01);
  wasm_v128_store(r1 + c0, a10), wasm_v128_store(r1 + c0 + 4, a11);
  wasm_v128_store(r2 + c0, a20), wasm_v128_store(r2 + c0 + 4, a21);
  wasm_v128_store(r3 + c0, a30), wasm_v128_store(r3 + c0 + 4, a31);
  wasm_v128_store(r4 + c0, a40), wasm_v128_store(r4 + c0 + 4, a41);
  wasm_v128_store(r5 + c0, a50), wasm_v128_store(r5 + c0 + 4, a51);
}

// Same for 4 channels.
static void bpf_tile4(TILE_PARAMS) {
  v128_t a0 = wasm_v128_load(r0 + c0), a1 = wasm_v128_load(r1 + c0);
  v128_t a2 = wasm_v128_load(r2 + c0), a3 = wasm_v128_load(r3 + c0);
  v128_t a4 = wasm_v128_load(r4 + c0), a5 = wasm_v128_load(r5 + c0);
  for (int oh = oh0; oh < oh1; oh++) {
    const f32* xp = img + oh * sh * rowStride;
    const f32* dp = dyn + oh * OW * CO + c0;
    for (int ow = 0; ow < OW; ow++) {
      const v128_t d = wasm_v128_load(dp);
      a0 = madd(wasm_v128_load32_splat(xp + o0), d, a0);
      a1 = madd(wasm_v128_load32_splat(xp + o1), d, a1);
      a2 = madd(wasm_v128_load32_splat(xp + o2), d, a2);
      a3 = madd(wasm_v128_load32_splat(xp + o3), d, a3);
      a4 = madd(wasm_v128_load32_splat(xp + o4), d, a4);
      a5 = madd(wasm_v128_load32_splat(xp + o5), d, a5);
      xp += colStride;
      dp += CO;
    }
  }
  wasm_v128_store(r0 + c0, a0), wasm_v128_store(r1 + c0, a1), wasm_v128_store(r2 + c0, a2);
  wasm_v128_store(r3 + c0, a3), wasm_v128_store(r4 + c0, a4), wasm_v128_store(r5 + c0, a5);
}

// Same for one channel (the tail when CO is not a multiple of 4).
static void bpf_tile1(TILE_PARAMS) {
  f32 a0 = r0[c0], a1 = r1[c0], a2 = r2[c0], a3 = r3[c0], a4 = r4[c0], a5 = r5[c0];
  for (int oh = oh0; oh < oh1; oh++) {
    const f32* xp = img + oh * sh * rowStride;
    const f32* dp = dyn + oh * OW * CO + c0;
    for (int ow = 0; ow < OW; ow++) {
      const f32 d = *dp;
      a0 += xp[o0] * d, a1 += xp[o1] * d, a2 += xp[o2] * d;
      a3 += xp[o3] * d, a4 += xp[o4] * d, a5 += xp[o5] * d;
      xp += colStride;
      dp += CO;
    }
  }
  r0[c0] = a0, r1[c0] = a1, r2[c0] = a2, r3[c0] = a3, r4[c0] = a4, r5[c0] = a5;
}

// The offset of filter tap k = (kh, kw, ci) from a window's top-left element.
static inline int tap_offset(int k, int CI, int KW, int dh, int dwl, int rowStride) {
  const int ci = k % CI, kw = (k / CI) % KW, kh = k / (CI * KW);
  return kh * dh * rowStride + kw * dwl * CI + ci;
}

// `pad` needs Hp * Wp * CI floats when `usePad` is 1, where Hp = (OH-1)*sh + (KH-1)*dh + 1 and
// Wp = (OW-1)*sw + (KW-1)*dwl + 1; `acc` needs (K + TILE_K) * CO floats, K = KH*KW*CI: one
// image's sums (added to dw image by image, which keeps float32 rounding error small) and the
// rows of a partial tile.
EXPORT("conv2d_bp_filter_acc_floats")
int conv2d_bp_filter_acc_floats(int K, int CO) { return (K + TILE_K) * CO; }

EXPORT("conv2d_bp_filter")
void conv2d_bp_filter(const f32* x, const f32* dy, f32* dw, f32* pad, f32* acc, int N, int H,
                      int W, int CI, int OH, int OW, int CO, int KH, int KW, int sh, int sw, int dh,
                      int dwl, int pt, int pl, int usePad) {
  const int K = KH * KW * CI;
  f32* sink = acc + K * CO;
  zero_f32(dw, K * CO);
  const int Hp = (OH - 1) * sh + (KH - 1) * dh + 1;
  const int Wp = (OW - 1) * sw + (KW - 1) * dwl + 1;
  const int rowStride = (usePad ? Wp : W) * CI;
  const int colStride = sw * CI;
  // Output rows per block: keep the block's dy rows and x rows within about 24 KiB.
  const int bytesPerRow = 4 * (OW * CO + sh * rowStride);
  const int RB = max_i(1, 24576 / max_i(bytesPerRow, 1));
  for (int n = 0; n < N; n++) {
    const f32* img;
    if (usePad) {
      for (int hp = 0; hp < Hp; hp++) {
        const int ih = hp - pt;
        f32* row = pad + hp * Wp * CI;
        if (ih < 0 || ih >= H) {
          zero_f32(row, Wp * CI);
          continue;
        }
        const f32* src = x + ((n * H + ih) * W) * CI;
        for (int wp = 0; wp < Wp; wp++) {
          const int iw = wp - pl;
          f32* d = row + wp * CI;
          if (iw < 0 || iw >= W) {
            for (int c = 0; c < CI; c++) d[c] = 0.0f;
          } else {
            const f32* s = src + iw * CI;
            for (int c = 0; c < CI; c++) d[c] = s[c];
          }
        }
      }
      img = pad;
    } else {
      img = x + n * H * W * CI;
    }
    const f32* dyn = dy + n * OH * OW * CO;
    zero_f32(acc, K * CO);
    for (int oh0 = 0; oh0 < OH; oh0 += RB) {
      const int oh1 = min_i(OH, oh0 + RB);
      for (int k0 = 0; k0 < K; k0 += TILE_K) {
        // Taps past K (a partial last tile) repeat tap k0 and write to the sink.
        const int o0 = tap_offset(k0, CI, KW, dh, dwl, rowStride);
        const int o1 = k0 + 1 < K ? tap_offset(k0 + 1, CI, KW, dh, dwl, rowStride) : o0;
        const int o2 = k0 + 2 < K ? tap_offset(k0 + 2, CI, KW, dh, dwl, rowStride) : o0;
        const int o3 = k0 + 3 < K ? tap_offset(k0 + 3, CI, KW, dh, dwl, rowStride) : o0;
        const int o4 = k0 + 4 < K ? tap_offset(k0 + 4, CI, KW, dh, dwl, rowStride) : o0;
        const int o5 = k0 + 5 < K ? tap_offset(k0 + 5, CI, KW, dh, dwl, rowStride) : o0;
        f32* r0 = acc + k0 * CO;
        f32* r1 = k0 + 1 < K ? acc + (k0 + 1) * CO : sink;
        f32* r2 = k0 + 2 < K ? acc + (k0 + 2) * CO : sink + CO;
        f32* r3 = k0 + 3 < K ? acc + (k0 + 3) * CO : sink + 2 * CO;
        f32* r4 = k0 + 4 < K ? acc + (k0 + 4) * CO : sink + 3 * CO;
        f32* r5 = k0 + 5 < K ? acc + (k0 + 5) * CO : sink + 4 * CO;
        int c0 = 0;
        for (; c0 + 8 <= CO; c0 += 8) bpf_tile8(TILE_ARGS);
        for (; c0 + 4 <= CO; c0 += 4) bpf_tile4(TILE_ARGS);
        for (; c0 < CO; c0++) bpf_tile1(TILE_ARGS);
      }
    }
    add_f32(dw, acc, K * CO);
  }
}

// ---------------------------------------------------------------------------------------------
// MaxPoolGrad: dx[n, ih, iw, c] = sum of dy[n, oh, ow, c] over the windows whose first maximum
// (scan order: rows, then columns; strict >) is at (ih, iw) — the cpu backend's rule.
// ---------------------------------------------------------------------------------------------
// Windows that tile the image (filter = stride, no padding), e.g. 2 × 2 pooling: every element
// of dx belongs to at most one window, so each is written once (dy at the window's first
// maximum, else 0) with no zeroing pass; rows and columns past the last window get 0.
static void max_pool_grad_tiled(const f32* x, const f32* dy, f32* dx, int N, int H, int W,
                                int C, int OH, int OW, int fh, int fw) {
  for (int n = 0; n < N; n++) {
    const f32* xn = x + n * H * W * C;
    f32* dxn = dx + n * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        const f32* dp = dy + ((n * OH + oh) * OW + ow) * C;
        const int base = ((oh * fh) * W + ow * fw) * C;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          // As max_pool_grad: no maximum (all NaN or -Infinity) routes dy nowhere.
          v128_t best = wasm_f32x4_splat(-__builtin_inff()), where = wasm_i32x4_splat(-1);
          for (int r = 0; r < fh; r++) {
            for (int q = 0; q < fw; q++) {
              const v128_t v = wasm_v128_load(xn + base + (r * W + q) * C + c);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              where = wasm_v128_bitselect(wasm_i32x4_splat(r * fw + q), where, gt);
            }
          }
          const v128_t d = wasm_v128_load(dp + c);
          for (int r = 0; r < fh; r++) {
            for (int q = 0; q < fw; q++) {
              const v128_t hit = wasm_i32x4_eq(where, wasm_i32x4_splat(r * fw + q));
              wasm_v128_store(dxn + base + (r * W + q) * C + c, wasm_v128_and(d, hit));
            }
          }
        }
        for (; c < C; c++) {
          f32 best = -__builtin_inff();
          int where = -1;
          for (int r = 0; r < fh; r++) {
            for (int q = 0; q < fw; q++) {
              const f32 v = xn[base + (r * W + q) * C + c];
              if (v > best) best = v, where = r * fw + q;
            }
          }
          for (int k = 0; k < fh * fw; k++) {
            dxn[base + ((k / fw) * W + k % fw) * C + c] = k == where ? dp[c] : 0.0f;
          }
        }
      }
      // Columns past the last window.
      for (int r = oh * fh; r < oh * fh + fh; r++) {
        zero_f32(dxn + (r * W + OW * fw) * C, (W - OW * fw) * C);
      }
    }
    // Rows past the last window.
    zero_f32(dxn + OH * fh * W * C, (H - OH * fh) * W * C);
  }
}

// The 2 × 2 case of max_pool_grad_tiled, unrolled: the masks of the scan (strict >, from −∞)
// select where dy goes without tracking an index.
static void max_pool_grad_2x2(const f32* x, const f32* dy, f32* dx, int N, int H, int W, int C,
                              int OH, int OW) {
  const v128_t ninf = wasm_f32x4_splat(-__builtin_inff());
  for (int n = 0; n < N; n++) {
    const f32* xn = x + n * H * W * C;
    f32* dxn = dx + n * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      for (int ow = 0; ow < OW; ow++) {
        const f32* dp = dy + ((n * OH + oh) * OW + ow) * C;
        const int p00 = ((2 * oh) * W + 2 * ow) * C, p01 = p00 + C;
        const int p10 = p00 + W * C, p11 = p10 + C;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          const v128_t v00 = wasm_v128_load(xn + p00 + c), v01 = wasm_v128_load(xn + p01 + c);
          const v128_t v10 = wasm_v128_load(xn + p10 + c), v11 = wasm_v128_load(xn + p11 + c);
          const v128_t g0 = wasm_f32x4_gt(v00, ninf);
          const v128_t b0 = wasm_v128_bitselect(v00, ninf, g0);
          const v128_t g1 = wasm_f32x4_gt(v01, b0);
          const v128_t b1 = wasm_v128_bitselect(v01, b0, g1);
          const v128_t g2 = wasm_f32x4_gt(v10, b1);
          const v128_t b2 = wasm_v128_bitselect(v10, b1, g2);
          const v128_t g3 = wasm_f32x4_gt(v11, b2);
          const v128_t d = wasm_v128_load(dp + c);
          // Masks of the last position that raised the maximum.
          const v128_t n3 = wasm_v128_andnot(d, g3);             // d where not g3
          const v128_t n23 = wasm_v128_andnot(n3, g2);           // … and not g2
          const v128_t n123 = wasm_v128_andnot(n23, g1);         // … and not g1
          wasm_v128_store(dxn + p11 + c, wasm_v128_and(d, g3));
          wasm_v128_store(dxn + p10 + c, wasm_v128_and(n3, g2));
          wasm_v128_store(dxn + p01 + c, wasm_v128_and(n23, g1));
          wasm_v128_store(dxn + p00 + c, wasm_v128_and(n123, g0));
        }
        for (; c < C; c++) {
          f32 best = -__builtin_inff();
          int where = -1;
          const int pos[4] = {p00, p01, p10, p11};
          for (int k = 0; k < 4; k++) {
            if (xn[pos[k] + c] > best) best = xn[pos[k] + c], where = k;
          }
          for (int k = 0; k < 4; k++) dxn[pos[k] + c] = k == where ? dp[c] : 0.0f;
        }
      }
      if (W > 2 * OW) zero_f32(dxn + ((2 * oh) * W + 2 * OW) * C, (W - 2 * OW) * C);
      if (W > 2 * OW) zero_f32(dxn + ((2 * oh + 1) * W + 2 * OW) * C, (W - 2 * OW) * C);
    }
    zero_f32(dxn + 2 * OH * W * C, (H - 2 * OH) * W * C);
  }
}

EXPORT("max_pool_grad")
void max_pool_grad(const f32* x, const f32* dy, f32* dx, int N, int H, int W, int C, int OH,
                   int OW, int fh, int fw, int sh, int sw, int pt, int pl) {
  if (fh == 2 && fw == 2 && sh == 2 && sw == 2 && pt == 0 && pl == 0 && 2 * OH <= H &&
      2 * OW <= W) {
    max_pool_grad_2x2(x, dy, dx, N, H, W, C, OH, OW);
    return;
  }
  if (fh == sh && fw == sw && pt == 0 && pl == 0 && OH * fh <= H && OW * fw <= W) {
    max_pool_grad_tiled(x, dy, dx, N, H, W, C, OH, OW, fh, fw);
    return;
  }
  zero_f32(dx, N * H * W * C);
  const v128_t neg_inf = wasm_f32x4_splat(-__builtin_inff());
  const v128_t none = wasm_i32x4_splat(-1);
  for (int n = 0; n < N; n++) {
    const f32* xn = x + n * H * W * C;
    f32* dxn = dx + n * H * W * C;
    for (int oh = 0; oh < OH; oh++) {
      const int r0 = max_i(oh * sh - pt, 0), r1 = min_i(oh * sh - pt + fh, H);
      for (int ow = 0; ow < OW; ow++) {
        const int q0 = max_i(ow * sw - pl, 0), q1 = min_i(ow * sw - pl + fw, W);
        const f32* dp = dy + ((n * OH + oh) * OW + ow) * C;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          v128_t best = neg_inf, where = none;
          for (int r = r0; r < r1; r++) {
            for (int q = q0; q < q1; q++) {
              const int pos = (r * W + q) * C;
              const v128_t v = wasm_v128_load(xn + pos + c);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              where = wasm_v128_bitselect(wasm_i32x4_splat(pos), where, gt);
            }
          }
          const int w0 = wasm_i32x4_extract_lane(where, 0), w1 = wasm_i32x4_extract_lane(where, 1);
          const int w2 = wasm_i32x4_extract_lane(where, 2), w3 = wasm_i32x4_extract_lane(where, 3);
          if (w0 >= 0) dxn[w0 + c] += dp[c];
          if (w1 >= 0) dxn[w1 + c + 1] += dp[c + 1];
          if (w2 >= 0) dxn[w2 + c + 2] += dp[c + 2];
          if (w3 >= 0) dxn[w3 + c + 3] += dp[c + 3];
        }
        for (; c < C; c++) {
          f32 best = -__builtin_inff();
          int where = -1;
          for (int r = r0; r < r1; r++) {
            for (int q = q0; q < q1; q++) {
              const int pos = (r * W + q) * C;
              if (xn[pos + c] > best) best = xn[pos + c], where = pos;
            }
          }
          if (where >= 0) dxn[where + c] += dp[c];
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Column sums: out[c] = sum over p < P of x[p, c]. The gradient of a bias added along the last
// axis (conv and dense layers, batch norm's beta).
// ---------------------------------------------------------------------------------------------
#define SUM_BLOCK 256

EXPORT("sum_rows")
void sum_rows(const f32* x, f32* out, int P, int C) {
  int c = 0;
  for (; c + 16 <= C; c += 16) {
    // Sums of blocks of SUM_BLOCK rows, then the sum of those: float32 error grows with the
    // block count, not the row count.
    v128_t t0 = wasm_f32x4_splat(0.0f), t1 = t0, t2 = t0, t3 = t0;
    for (int i0 = 0; i0 < P; i0 += SUM_BLOCK) {
      v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
      const f32* p = x + i0 * C + c;
      const int i1 = min_i(P, i0 + SUM_BLOCK);
      for (int i = i0; i < i1; i++, p += C) {
        a0 = wasm_f32x4_add(a0, wasm_v128_load(p));
        a1 = wasm_f32x4_add(a1, wasm_v128_load(p + 4));
        a2 = wasm_f32x4_add(a2, wasm_v128_load(p + 8));
        a3 = wasm_f32x4_add(a3, wasm_v128_load(p + 12));
      }
      t0 = wasm_f32x4_add(t0, a0), t1 = wasm_f32x4_add(t1, a1);
      t2 = wasm_f32x4_add(t2, a2), t3 = wasm_f32x4_add(t3, a3);
    }
    wasm_v128_store(out + c, t0), wasm_v128_store(out + c + 4, t1);
    wasm_v128_store(out + c + 8, t2), wasm_v128_store(out + c + 12, t3);
  }
  for (; c + 4 <= C; c += 4) {
    v128_t t = wasm_f32x4_splat(0.0f);
    for (int i0 = 0; i0 < P; i0 += SUM_BLOCK) {
      v128_t a = wasm_f32x4_splat(0.0f);
      const f32* p = x + i0 * C + c;
      const int i1 = min_i(P, i0 + SUM_BLOCK);
      for (int i = i0; i < i1; i++, p += C) a = wasm_f32x4_add(a, wasm_v128_load(p));
      t = wasm_f32x4_add(t, a);
    }
    wasm_v128_store(out + c, t);
  }
  for (; c < C; c++) {
    f32 t = 0.0f;
    for (int i0 = 0; i0 < P; i0 += SUM_BLOCK) {
      f32 a = 0.0f;
      const f32* p = x + i0 * C + c;
      const int i1 = min_i(P, i0 + SUM_BLOCK);
      for (int i = i0; i < i1; i++, p += C) a += *p;
      t += a;
    }
    out[c] = t;
  }
}

// ---------------------------------------------------------------------------------------------
// Batched 2-d transpose: out[b, c, r] = x[b, r, c] for b < B, r < R, c < C. 4×4 blocks move
// through registers (four loads, eight shuffles, four stores); edges go element by element.
// ---------------------------------------------------------------------------------------------
static void transpose_block4(const f32* x, int ldx, f32* out, int ldo) {
  const v128_t r0 = wasm_v128_load(x), r1 = wasm_v128_load(x + ldx);
  const v128_t r2 = wasm_v128_load(x + 2 * ldx), r3 = wasm_v128_load(x + 3 * ldx);
  const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
  const v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  wasm_v128_store(out, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
  wasm_v128_store(out + ldo, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
  wasm_v128_store(out + 2 * ldo, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
  wasm_v128_store(out + 3 * ldo, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
}

#define TR_TILE 32

EXPORT("transpose2d")
void transpose2d(const f32* x, f32* out, int B, int R, int C) {
  for (int b = 0; b < B; b++) {
    const f32* xb = x + b * R * C;
    f32* ob = out + b * R * C;
    // Tiles of TR_TILE × TR_TILE keep both the rows read and the rows written in L1.
    for (int r0 = 0; r0 < R; r0 += TR_TILE) {
      const int r1 = min_i(R, r0 + TR_TILE);
      for (int c0 = 0; c0 < C; c0 += TR_TILE) {
        const int c1 = min_i(C, c0 + TR_TILE);
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
          int c = c0;
          for (; c + 4 <= c1; c += 4) transpose_block4(xb + r * C + c, C, ob + c * R + r, R);
          for (; c < c1; c++) {
            ob[c * R + r] = xb[r * C + c], ob[c * R + r + 1] = xb[(r + 1) * C + c];
            ob[c * R + r + 2] = xb[(r + 2) * C + c], ob[c * R + r + 3] = xb[(r + 3) * C + c];
          }
        }
        for (; r < r1; r++) {
          for (int c = c0; c < c1; c++) ob[c * R + r] = xb[r * C + c];
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Batch normalisation over the last axis: out = (x - mean[c]) * scale[c] / sqrt(var[c] + eps)
// + offset[c], for x seen as [P, C]. scale and offset may be 0 (absent: 1 and 0).
// ---------------------------------------------------------------------------------------------
EXPORT("batch_norm")
void batch_norm(const f32* x, const f32* mean, const f32* var, const f32* offset,
                const f32* scale, f32* out, f32* coef, int P, int C, float eps) {
  // coef holds a[c] and b[c] with out = x * a + b.
  f32* a = coef;
  f32* bb = coef + C;
  for (int c = 0; c < C; c++) {
    const f32 inv = 1.0f / __builtin_sqrtf(var[c] + eps);
    a[c] = inv * (scale ? scale[c] : 1.0f);
    bb[c] = (offset ? offset[c] : 0.0f) - mean[c] * a[c];
  }
  for (int p = 0; p < P; p++) {
    const f32* xp = x + p * C;
    f32* op = out + p * C;
    int c = 0;
    for (; c + 4 <= C; c += 4)
      wasm_v128_store(op + c, madd(wasm_v128_load(xp + c), wasm_v128_load(a + c),
                                   wasm_v128_load(bb + c)));
    for (; c < C; c++) op[c] = xp[c] * a[c] + bb[c];
  }
}

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropInput for few input channels (CI < 4, e.g. the gradient that reaches an image
// or a generator's last transposed conv), gathered per dx pixel: dx[n, i, j, ci] = sum over the
// taps (kh, kw) that reach it from dy pixel (oh, ow) = ((i + pt − kh) / sh, (j + pl − kw) / sw)
// of the dot product of dy[n, oh, ow, :] with w[kh, kw, ci, :] (the filter's own [KH, KW, CI,
// CO] layout: CO contiguous). One vector accumulator per dx value, one horizontal sum.
// ---------------------------------------------------------------------------------------------
EXPORT("conv2d_bp_input_few")
void conv2d_bp_input_few(const f32* dy, const f32* w, f32* dx, int N, int H, int W, int CI,
                         int OH, int OW, int CO, int KH, int KW, int sh, int sw, int pt, int pl) {
  for (int n = 0; n < N; n++) {
    const f32* dyn = dy + n * OH * OW * CO;
    for (int i = 0; i < H; i++) {
      // Taps kh ≡ i + pt (mod sh) reach row i, from dy row oh = (i + pt − kh) / sh, which
      // falls by one per step of kh.
      const int kh0 = (i + pt) % sh, oh0 = (i + pt - kh0) / sh;
      int kw0 = pl % sw, ow0 = pl / sw;  // the same for column j, kept up to date below
      for (int j = 0; j < W; j++) {
        f32* o = dx + ((n * H + i) * W + j) * CI;
        for (int ci = 0; ci < CI; ci++) {
          // Four accumulators: the dot products' multiply-adds do not wait on each other.
          v128_t a0 = wasm_f32x4_splat(0.0f), a1 = a0, a2 = a0, a3 = a0;
          f32 s = 0.0f;
          for (int kh = kh0, oh = oh0; kh < KH; kh += sh, oh--) {
            if (oh < 0) break;
            if (oh >= OH) continue;
            for (int kw = kw0, ow = ow0; kw < KW; kw += sw, ow--) {
              if (ow < 0) break;
              if (ow >= OW) continue;
              const f32* d = dyn + (oh * OW + ow) * CO;
              const f32* wr = w + ((kh * KW + kw) * CI + ci) * CO;
              int c = 0;
              for (; c + 16 <= CO; c += 16) {
                a0 = madd(wasm_v128_load(d + c), wasm_v128_load(wr + c), a0);
                a1 = madd(wasm_v128_load(d + c + 4), wasm_v128_load(wr + c + 4), a1);
                a2 = madd(wasm_v128_load(d + c + 8), wasm_v128_load(wr + c + 8), a2);
                a3 = madd(wasm_v128_load(d + c + 12), wasm_v128_load(wr + c + 12), a3);
              }
              if (c + 8 <= CO) {
                a2 = madd(wasm_v128_load(d + c), wasm_v128_load(wr + c), a2);
                a3 = madd(wasm_v128_load(d + c + 4), wasm_v128_load(wr + c + 4), a3);
                c += 8;
              }
              if (c + 4 <= CO) a1 = madd(wasm_v128_load(d + c), wasm_v128_load(wr + c), a1), c += 4;
              for (; c < CO; c++) s += d[c] * wr[c];
            }
          }
          const v128_t t = wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3));
          o[ci] = s + (wasm_f32x4_extract_lane(t, 0) + wasm_f32x4_extract_lane(t, 1)) +
                  (wasm_f32x4_extract_lane(t, 2) + wasm_f32x4_extract_lane(t, 3));
        }
        if (++kw0 == sw) kw0 = 0, ow0++;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Conv2D forward (implicit GEMM): out[n, oh, ow, co] = act(bias[co] + sum over kh, kw, ci of
// xpad[n, oh*sh + kh*dh, ow*sw + kw*dwl, ci] * w[kh, kw, ci, co]). A register tile holds 6
// consecutive output pixels × 8 channels (12 accumulators); each filter tap costs two vector
// loads of w and six splat loads of x for twelve fused multiply-adds. Images are padded into
// `pad` first (Hp × Wp × CI) when usePad is 1. act: 0 linear, 1 relu.
// ---------------------------------------------------------------------------------------------
#define FWD_PIX 6

static inline v128_t act_apply(v128_t v, int act) {
  return act == 1 ? wasm_f32x4_max(v, wasm_f32x4_splat(0.0f)) : v;
}

// 6 pixels (np valid) × 8 channels at co0.
#define FWD_PARAMS                                                                          \
  const f32 *x0, const f32 *x1, const f32 *x2, const f32 *x3, const f32 *x4, const f32 *x5,  \
      f32 *p0, f32 *p1, f32 *p2, f32 *p3, f32 *p4, f32 *p5, const f32 *w, const f32 *bias,    \
      int np, int KH, int KW, int CI, int CO, int dh, int dwl, int rowStride, int co0, int act
#define FWD_ARGS \
  x0, x1, x2, x3, x4, x5, p0, p1, p2, p3, p4, p5, w, bias, np, KH, KW, CI, CO, dh, dwl, rowStride, co0, act

static void fwd_tile8(FWD_PARAMS) {
  v128_t b0 = bias ? wasm_v128_load(bias + co0) : wasm_f32x4_splat(0.0f);
  v128_t b1 = bias ? wasm_v128_load(bias + co0 + 4) : wasm_f32x4_splat(0.0f);
  v128_t a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1;
  v128_t a30 = b0, a31 = b1, a40 = b0, a41 = b1, a50 = b0, a51 = b1;
  const f32* wk = w + co0;
  for (int kh = 0; kh < KH; kh++) {
    for (int kw = 0; kw < KW; kw++) {
      const int off = kh * dh * rowStride + kw * dwl * CI;
      for (int ci = 0; ci < CI; ci++) {
        const v128_t w0 = wasm_v128_load(wk), w1 = wasm_v128_load(wk + 4);
        const int o = off + ci;
        v128_t s = wasm_v128_load32_splat(x0 + o);
        a00 = madd(s, w0, a00), a01 = madd(s, w1, a01);
        s = wasm_v128_load32_splat(x1 + o);
        a10 = madd(s, w0, a10), a11 = madd(s, w1, a11);
        s = wasm_v128_load32_splat(x2 + o);
        a20 = madd(s, w0, a20), a21 = madd(s, w1, a21);
        s = wasm_v128_load32_splat(x3 + o);
        a30 = madd(s, w0, a30), a31 = madd(s, w1, a31);
        s = wasm_v128_load32_splat(x4 + o);
        a40 = madd(s, w0, a40), a41 = madd(s, w1, a41);
        s = wasm_v128_load32_splat(x5 + o);
        a50 = madd(s, w0, a50), a51 = madd(s, w1, a51);
        wk += CO;
      }
    }
  }
  wasm_v128_store(p0 + co0, act_apply(a00, act)), wasm_v128_store(p0 + co0 + 4, act_apply(a01, act));
  if (np > 1) wasm_v128_store(p1 + co0, act_apply(a10, act)), wasm_v128_store(p1 + co0 + 4, act_apply(a11, act));
  if (np > 2) wasm_v128_store(p2 + co0, act_apply(a20, act)), wasm_v128_store(p2 + co0 + 4, act_apply(a21, act));
  if (np > 3) wasm_v128_store(p3 + co0, act_apply(a30, act)), wasm_v128_store(p3 + co0 + 4, act_apply(a31, act));
  if (np > 4) wasm_v128_store(p4 + co0, act_apply(a40, act)), wasm_v128_store(p4 + co0 + 4, act_apply(a41, act));
  if (np > 5) wasm_v128_store(p5 + co0, act_apply(a50, act)), wasm_v128_store(p5 + co0 + 4, act_apply(a51, act));
}

// Any channel count below 8 at co0 (scalar over channels, 6 pixels at a time).
static void fwd_tile_tail(FWD_PARAMS) {
  for (int co = co0; co < CO; co++) {
    for (int j = 0; j < np; j++) {
      const f32* xj = j == 0 ? x0 : j == 1 ? x1 : j == 2 ? x2 : j == 3 ? x3 : j == 4 ? x4 : x5;
      f32* pj = j == 0 ? p0 : j == 1 ? p1 : j == 2 ? p2 : j == 3 ? p3 : j == 4 ? p4 : p5;
      f32 a = bias ? bias[co] : 0.0f;
      const f32* wk = w + co;
      for (int kh = 0; kh < KH; kh++) {
        for (int kw = 0; kw < KW; kw++) {
          const f32* x = xj + kh * dh * rowStride + kw * dwl * CI;
          for (int ci = 0; ci < CI; ci++, wk += CO) a += x[ci] * *wk;
        }
      }
      pj[co] = act == 1 && a < 0.0f ? 0.0f : a;
    }
  }
}

EXPORT("conv2d_fwd")
void conv2d_fwd(const f32* x, const f32* w, const f32* bias, f32* out, f32* pad, int N, int H,
                int W, int CI, int OH, int OW, int CO, int KH, int KW, int sh, int sw, int dh,
                int dwl, int pt, int pl, int usePad, int act) {
  const int Hp = (OH - 1) * sh + (KH - 1) * dh + 1;
  const int Wp = (OW - 1) * sw + (KW - 1) * dwl + 1;
  const int rowStride = (usePad ? Wp : W) * CI;
  for (int n = 0; n < N; n++) {
    const f32* img;
    if (usePad) {
      for (int hp = 0; hp < Hp; hp++) {
        const int ih = hp - pt;
        f32* row = pad + hp * Wp * CI;
        if (ih < 0 || ih >= H) {
          zero_f32(row, Wp * CI);
          continue;
        }
        const f32* src = x + ((n * H + ih) * W) * CI;
        for (int wp = 0; wp < Wp; wp++) {
          const int iw = wp - pl;
          f32* d = row + wp * CI;
          if (iw < 0 || iw >= W) {
            for (int c = 0; c < CI; c++) d[c] = 0.0f;
          } else {
            const f32* s = src + iw * CI;
            for (int c = 0; c < CI; c++) d[c] = s[c];
          }
        }
      }
      img = pad;
    } else {
      img = x + n * H * W * CI;
    }
    f32* outn = out + n * OH * OW * CO;
    for (int oh = 0; oh < OH; oh++) {
      const f32* xrow = img + oh * sh * rowStride;
      for (int ow0 = 0; ow0 < OW; ow0 += FWD_PIX) {
        const int np = min_i(FWD_PIX, OW - ow0);
        const f32* x0 = xrow + ow0 * sw * CI;
        f32* p0 = outn + (oh * OW + ow0) * CO;
        // Pixels past np repeat pixel 0 and are not stored.
        const f32* x1 = np > 1 ? x0 + sw * CI : x0;
        const f32* x2 = np > 2 ? x0 + 2 * sw * CI : x0;
        const f32* x3 = np > 3 ? x0 + 3 * sw * CI : x0;
        const f32* x4 = np > 4 ? x0 + 4 * sw * CI : x0;
        const f32* x5 = np > 5 ? x0 + 5 * sw * CI : x0;
        f32 *p1 = p0 + CO, *p2 = p0 + 2 * CO, *p3 = p0 + 3 * CO, *p4 = p0 + 4 * CO, *p5 = p0 + 5 * CO;
        int co0 = 0;
        for (; co0 + 8 <= CO; co0 += 8) fwd_tile8(FWD_ARGS);
        if (co0 < CO) fwd_tile_tail(FWD_ARGS);
      }
    }
  }
}

// dst[i] += src[i] for i < n.
EXPORT("add_into")
void add_into(f32* dst, const f32* src, int n) { add_f32(dst, src, n); }

// ---------------------------------------------------------------------------------------------
// The gradient of batch normalisation over the last axis, as TF.js defines it for
// FusedBatchNorm (mean and variance are inputs): with r = 1/sqrt(var + eps) and s = scale (1 if
// absent), for x and dy seen as [P, C]:
//   dx = dy·s·r;  doffset = Σ dy;  dscale = r·Σ dy·(x − mean);
//   dmean = −s·r·Σ dy;  dvar = −½·s·r³·Σ dy·(x − mean).
// Two passes; the sums run over blocks of SUM_BLOCK rows (float32 error grows with the block
// count). `work` needs 4·C floats.
// ---------------------------------------------------------------------------------------------
// Part 1: totals over rows [0, P) of dy and dy·(x − mean) into work[2C..3C) and work[3C..4C)
// (work[0..2C) holds the block sums).
EXPORT("batch_norm_grad_sums")
void batch_norm_grad_sums(const f32* dy, const f32* x, const f32* mean, f32* work, int P, int C) {
  f32* sdy = work;           // block sums
  f32* sdx = work + C;
  f32* tdy = work + 2 * C;   // totals
  f32* tdx = work + 3 * C;
  zero_f32(tdy, C);
  zero_f32(tdx, C);
  for (int p0 = 0; p0 < P; p0 += SUM_BLOCK) {
    const int p1 = min_i(P, p0 + SUM_BLOCK);
    zero_f32(sdy, C);
    zero_f32(sdx, C);
    for (int p = p0; p < p1; p++) {
      const f32* d = dy + p * C;
      const f32* xv = x + p * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        const v128_t dv = wasm_v128_load(d + c);
        const v128_t xm = wasm_f32x4_sub(wasm_v128_load(xv + c), wasm_v128_load(mean + c));
        wasm_v128_store(sdy + c, wasm_f32x4_add(wasm_v128_load(sdy + c), dv));
        wasm_v128_store(sdx + c, madd(dv, xm, wasm_v128_load(sdx + c)));
      }
      for (; c < C; c++) {
        sdy[c] += d[c];
        sdx[c] += d[c] * (xv[c] - mean[c]);
      }
    }
    add_f32(tdy, sdy, C);
    add_f32(tdx, sdx, C);
  }
}

// Part 2: the per-channel results from the totals; work[0..C) becomes s·r, the factor of dx.
EXPORT("batch_norm_grad_finish")
void batch_norm_grad_finish(const f32* var, const f32* scale, f32* dmean, f32* dvar,
                            f32* dscale, f32* doffset, f32* work, int C, float eps) {
  f32* sdy = work;
  const f32* tdy = work + 2 * C;
  const f32* tdx = work + 3 * C;
  for (int c = 0; c < C; c++) {
    const f32 r = 1.0f / __builtin_sqrtf(var[c] + eps);
    const f32 s = scale ? scale[c] : 1.0f;
    if (doffset) doffset[c] = tdy[c];
    if (dscale) dscale[c] = r * tdx[c];
    if (dmean) dmean[c] = -s * r * tdy[c];
    if (dvar) dvar[c] = -0.5f * s * r * r * r * tdx[c];
    sdy[c] = s * r;
  }
}

// Part 3: dx = dy · factor for rows [0, P).
EXPORT("batch_norm_grad_dx")
void batch_norm_grad_dx(const f32* dy, const f32* factor, f32* dx, int P, int C) {
  for (int p = 0; p < P; p++) {
    const f32* d = dy + p * C;
    f32* o = dx + p * C;
    int c = 0;
    for (; c + 4 <= C; c += 4)
      wasm_v128_store(o + c, wasm_f32x4_mul(wasm_v128_load(d + c), wasm_v128_load(factor + c)));
    for (; c < C; c++) o[c] = d[c] * factor[c];
  }
}

EXPORT("batch_norm_grad")
void batch_norm_grad(const f32* dy, const f32* x, const f32* mean, const f32* var,
                     const f32* scale, f32* dx, f32* dmean, f32* dvar, f32* dscale,
                     f32* doffset, f32* work, int P, int C, float eps) {
  batch_norm_grad_sums(dy, x, mean, work, P, C);
  batch_norm_grad_finish(var, scale, dmean, dvar, dscale, doffset, work, C, eps);
  batch_norm_grad_dx(dy, work, dx, P, C);
}

// Row ranges of batch norm and its gradient for the kernel pool; int32 blocks (eps as bits):
//   kind 0, forward:  x, mean, var, offset, scale, out, coef, r0, r1, C, eps
//   kind 1, sums:     dy, x, mean, work, r0, r1, C
//   kind 2, dx:       dy, factor, dx, r0, r1, C
EXPORT("batch_norm_job")
void batch_norm_job(const int* P) {
  const int kind = P[0];
  const int* a = P + 1;
  if (kind == 0) {
    const int r0 = a[7], r1 = a[8], C = a[9];
    batch_norm((const f32*)a[0] + r0 * C, (const f32*)a[1], (const f32*)a[2], (const f32*)a[3],
               (const f32*)a[4], (f32*)a[5] + r0 * C, (f32*)a[6], r1 - r0, C,
               f32_from_bits(a[10]));
  } else if (kind == 1) {
    const int r0 = a[4], r1 = a[5], C = a[6];
    batch_norm_grad_sums((const f32*)a[0] + r0 * C, (const f32*)a[1] + r0 * C,
                         (const f32*)a[2], (f32*)a[3], r1 - r0, C);
  } else {
    const int r0 = a[3], r1 = a[4], C = a[5];
    batch_norm_grad_dx((const f32*)a[0] + r0 * C, (const f32*)a[1], (f32*)a[2] + r0 * C,
                       r1 - r0, C);
  }
}

// ---------------------------------------------------------------------------------------------
// One Adam step for one variable, in one pass (TF.js's AdamOptimizer composes it from about a
// dozen element-wise kernels, each a pass over the variable):
//   m' = β1·m + (1 − β1)·g;  v' = β2·v + (1 − β2)·g²;
//   w' = w − lr · (m' / c1) / (sqrt(v' / c2) + ε)      with c1 = 1 − β1^t, c2 = 1 − β2^t
// read from the scalars at c1p and c2p. The same float32 operations in the same order as
// TF.js's, with 1 − β1 and 1 − β2 (ob1, ob2) rounded from double precision as TF.js does.
// ---------------------------------------------------------------------------------------------
EXPORT("adam_update")
void adam_update(const f32* w, const f32* m, const f32* v, const f32* g, const f32* c1p,
                 const f32* c2p, f32* w2, f32* m2, f32* v2, int n, float beta1, float beta2,
                 float ob1, float ob2, float eps, float lr) {
  const f32 c1 = *c1p, c2 = *c2p;
  const v128_t b1 = wasm_f32x4_splat(beta1), b2 = wasm_f32x4_splat(beta2);
  const v128_t o1 = wasm_f32x4_splat(ob1), o2 = wasm_f32x4_splat(ob2);
  const v128_t k1 = wasm_f32x4_splat(c1), k2 = wasm_f32x4_splat(c2);
  const v128_t e = wasm_f32x4_splat(eps), nlr = wasm_f32x4_splat(-lr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gv = wasm_v128_load(g + i);
    const v128_t mv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), b1),
                                     wasm_f32x4_mul(gv, o1));
    const v128_t vv = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2),
                                     wasm_f32x4_mul(wasm_f32x4_mul(gv, gv), o2));
    const v128_t step = wasm_f32x4_div(wasm_f32x4_div(mv, k1),
                                       wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vv, k2)), e));
    wasm_v128_store(m2 + i, mv);
    wasm_v128_store(v2 + i, vv);
    wasm_v128_store(w2 + i, wasm_f32x4_add(wasm_f32x4_mul(step, nlr), wasm_v128_load(w + i)));
  }
  for (; i < n; i++) {
    const f32 mv = m[i] * beta1 + g[i] * ob1;
    const f32 vv = v[i] * beta2 + (g[i] * g[i]) * ob2;
    m2[i] = mv, v2[i] = vv;
    w2[i] = ((mv / c1) / (__builtin_sqrtf(vv / c2) + eps)) * -lr + w[i];
  }
}

// adam_update with its arguments in an int32 block (the floats as bits), for the kernel pool:
// w, m, v, g, c1p, c2p, w2, m2, v2, n, beta1, beta2, ob1, ob2, eps, lr.
EXPORT("adam_job")
void adam_job(const int* P) {
  adam_update((const f32*)P[0], (const f32*)P[1], (const f32*)P[2], (const f32*)P[3],
              (const f32*)P[4], (const f32*)P[5], (f32*)P[6], (f32*)P[7], (f32*)P[8], P[9],
              f32_from_bits(P[10]), f32_from_bits(P[11]), f32_from_bits(P[12]),
              f32_from_bits(P[13]), f32_from_bits(P[14]), f32_from_bits(P[15]));
}
