// Shared by the kernels' C files (see kernels.c for the rules they follow: no static data, no
// shadow stack, no allocation; every pointer is an address in the wasm backend's memory).
#ifndef DIGITS_KERNELS_H
#define DIGITS_KERNELS_H

#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

typedef float f32;

static inline v128_t madd(v128_t a, v128_t b, v128_t acc) {
#ifdef __wasm_relaxed_simd__
  return wasm_f32x4_relaxed_madd(a, b, acc);
#else
  return wasm_f32x4_add(wasm_f32x4_mul(a, b), acc);
#endif
}

static inline int min_i(int a, int b) { return a < b ? a : b; }
static inline int max_i(int a, int b) { return a > b ? a : b; }

static inline f32 f32_from_bits(int bits) { return __builtin_bit_cast(f32, bits); }

// ---------------------------------------------------------------------------------------------
// The 6 × 8 register tile: c_i[0..7] (+)= sum over k < kc of a[k*as + i] * b[k*bs + 0..7];
// with `epi`, then + bias[0..7] (if any) and the activation. Packed slivers have as = 6 and
// bs = 8; the Winograd kernels pass their natural row strides.
// ---------------------------------------------------------------------------------------------
static inline v128_t activate(v128_t v, int act, v128_t alpha) {
  if (act == 1) return wasm_f32x4_max(v, wasm_f32x4_splat(0.0f));
  if (act == 2) {
    return wasm_v128_bitselect(v, wasm_f32x4_mul(v, alpha),
                               wasm_f32x4_gt(v, wasm_f32x4_splat(0.0f)));
  }
  return v;
}

static inline void ukernel_6x8(int kc, const f32* a, int as, const f32* b, int bs, f32* c0, f32* c1, f32* c2, f32* c3,
                        f32* c4, f32* c5, int load, int epi, const f32* bias, int act,
                        f32 alpha) {
  v128_t a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51;
  if (load) {
    a00 = wasm_v128_load(c0), a01 = wasm_v128_load(c0 + 4);
    a10 = wasm_v128_load(c1), a11 = wasm_v128_load(c1 + 4);
    a20 = wasm_v128_load(c2), a21 = wasm_v128_load(c2 + 4);
    a30 = wasm_v128_load(c3), a31 = wasm_v128_load(c3 + 4);
    a40 = wasm_v128_load(c4), a41 = wasm_v128_load(c4 + 4);
    a50 = wasm_v128_load(c5), a51 = wasm_v128_load(c5 + 4);
  } else {
    a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = a40 = a41 = a50 = a51 =
        wasm_f32x4_splat(0.0f);
  }
  for (int k = 0; k < kc; k++, a += as, b += bs) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t s = wasm_v128_load32_splat(a);
    a00 = madd(s, b0, a00), a01 = madd(s, b1, a01);
    s = wasm_v128_load32_splat(a + 1);
    a10 = madd(s, b0, a10), a11 = madd(s, b1, a11);
    s = wasm_v128_load32_splat(a + 2);
    a20 = madd(s, b0, a20), a21 = madd(s, b1, a21);
    s = wasm_v128_load32_splat(a + 3);
    a30 = madd(s, b0, a30), a31 = madd(s, b1, a31);
    s = wasm_v128_load32_splat(a + 4);
    a40 = madd(s, b0, a40), a41 = madd(s, b1, a41);
    s = wasm_v128_load32_splat(a + 5);
    a50 = madd(s, b0, a50), a51 = madd(s, b1, a51);
  }
  if (epi) {
    if (bias) {
      const v128_t b0 = wasm_v128_load(bias), b1 = wasm_v128_load(bias + 4);
      a00 = wasm_f32x4_add(a00, b0), a01 = wasm_f32x4_add(a01, b1);
      a10 = wasm_f32x4_add(a10, b0), a11 = wasm_f32x4_add(a11, b1);
      a20 = wasm_f32x4_add(a20, b0), a21 = wasm_f32x4_add(a21, b1);
      a30 = wasm_f32x4_add(a30, b0), a31 = wasm_f32x4_add(a31, b1);
      a40 = wasm_f32x4_add(a40, b0), a41 = wasm_f32x4_add(a41, b1);
      a50 = wasm_f32x4_add(a50, b0), a51 = wasm_f32x4_add(a51, b1);
    }
    if (act) {
      const v128_t al = wasm_f32x4_splat(alpha);
      a00 = activate(a00, act, al), a01 = activate(a01, act, al);
      a10 = activate(a10, act, al), a11 = activate(a11, act, al);
      a20 = activate(a20, act, al), a21 = activate(a21, act, al);
      a30 = activate(a30, act, al), a31 = activate(a31, act, al);
      a40 = activate(a40, act, al), a41 = activate(a41, act, al);
      a50 = activate(a50, act, al), a51 = activate(a51, act, al);
    }
  }
  wasm_v128_store(c0, a00), wasm_v128_store(c0 + 4, a01);
  wasm_v128_store(c1, a10), wasm_v128_store(c1 + 4, a11);
  wasm_v128_store(c2, a20), wasm_v128_store(c2 + 4, a21);
  wasm_v128_store(c3, a30), wasm_v128_store(c3 + 4, a31);
  wasm_v128_store(c4, a40), wasm_v128_store(c4 + 4, a41);
  wasm_v128_store(c5, a50), wasm_v128_store(c5 + 4, a51);
}

// The same tile with the six rows of A `ai` floats apart (a[i*ai + k*as]): A read in place from
// a row-major block (ai = its row length, as = 1) instead of packed slivers.
static inline void ukernel_6x8_rows(int kc, const f32* a, int ai, int as, const f32* b, int bs, f32* c0, f32* c1, f32* c2, f32* c3,
                        f32* c4, f32* c5, int load, int epi, const f32* bias, int act,
                        f32 alpha) {
  v128_t a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51;
  if (load) {
    a00 = wasm_v128_load(c0), a01 = wasm_v128_load(c0 + 4);
    a10 = wasm_v128_load(c1), a11 = wasm_v128_load(c1 + 4);
    a20 = wasm_v128_load(c2), a21 = wasm_v128_load(c2 + 4);
    a30 = wasm_v128_load(c3), a31 = wasm_v128_load(c3 + 4);
    a40 = wasm_v128_load(c4), a41 = wasm_v128_load(c4 + 4);
    a50 = wasm_v128_load(c5), a51 = wasm_v128_load(c5 + 4);
  } else {
    a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = a40 = a41 = a50 = a51 =
        wasm_f32x4_splat(0.0f);
  }
  for (int k = 0; k < kc; k++, a += as, b += bs) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    v128_t s = wasm_v128_load32_splat(a);
    a00 = madd(s, b0, a00), a01 = madd(s, b1, a01);
    s = wasm_v128_load32_splat(a + ai);
    a10 = madd(s, b0, a10), a11 = madd(s, b1, a11);
    s = wasm_v128_load32_splat(a + 2 * ai);
    a20 = madd(s, b0, a20), a21 = madd(s, b1, a21);
    s = wasm_v128_load32_splat(a + 3 * ai);
    a30 = madd(s, b0, a30), a31 = madd(s, b1, a31);
    s = wasm_v128_load32_splat(a + 4 * ai);
    a40 = madd(s, b0, a40), a41 = madd(s, b1, a41);
    s = wasm_v128_load32_splat(a + 5 * ai);
    a50 = madd(s, b0, a50), a51 = madd(s, b1, a51);
  }
  if (epi) {
    if (bias) {
      const v128_t b0 = wasm_v128_load(bias), b1 = wasm_v128_load(bias + 4);
      a00 = wasm_f32x4_add(a00, b0), a01 = wasm_f32x4_add(a01, b1);
      a10 = wasm_f32x4_add(a10, b0), a11 = wasm_f32x4_add(a11, b1);
      a20 = wasm_f32x4_add(a20, b0), a21 = wasm_f32x4_add(a21, b1);
      a30 = wasm_f32x4_add(a30, b0), a31 = wasm_f32x4_add(a31, b1);
      a40 = wasm_f32x4_add(a40, b0), a41 = wasm_f32x4_add(a41, b1);
      a50 = wasm_f32x4_add(a50, b0), a51 = wasm_f32x4_add(a51, b1);
    }
    if (act) {
      const v128_t al = wasm_f32x4_splat(alpha);
      a00 = activate(a00, act, al), a01 = activate(a01, act, al);
      a10 = activate(a10, act, al), a11 = activate(a11, act, al);
      a20 = activate(a20, act, al), a21 = activate(a21, act, al);
      a30 = activate(a30, act, al), a31 = activate(a31, act, al);
      a40 = activate(a40, act, al), a41 = activate(a41, act, al);
      a50 = activate(a50, act, al), a51 = activate(a51, act, al);
    }
  }
  wasm_v128_store(c0, a00), wasm_v128_store(c0 + 4, a01);
  wasm_v128_store(c1, a10), wasm_v128_store(c1 + 4, a11);
  wasm_v128_store(c2, a20), wasm_v128_store(c2 + 4, a21);
  wasm_v128_store(c3, a30), wasm_v128_store(c3 + 4, a31);
  wasm_v128_store(c4, a40), wasm_v128_store(c4 + 4, a41);
  wasm_v128_store(c5, a50), wasm_v128_store(c5 + 4, a51);
}

#endif
