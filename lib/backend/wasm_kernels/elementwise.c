// Element-wise kernels on a range of a flat array, so that the kernel pool can split a large
// tensor among its threads: activations and their gradients, square, and add / subtract /
// multiply with a second operand of the same shape, one value per channel (the last axis) or
// one value. The results follow TF.js's cpu backend, NaN included.
#include "kernels.h"

#define OP_RELU 0        // a > 0 ? a : 0 (NaN stays NaN; −0 becomes 0, as Math.max(0, a))
#define OP_LEAKY 1       // a < 0 ? alpha·a : a
#define OP_SQUARE 2      // a·a
#define OP_ADD 3         // a + b
#define OP_SUB 4         // a − b
#define OP_MUL 5         // a · b
#define OP_RELU_GRAD 6   // dy = a, x = b: x > 0 ? dy : (x is NaN ? NaN : 0)
#define OP_LEAKY_GRAD 7  // dy = a, x = b: x > 0 ? dy : alpha·dy
#define OP_BROADCAST 8   // b (one value per channel, repeated over the rows)
#define OP_FLOOR 9       // floor(a)
#define OP_DIV 10        // a / b

// b: 0 same shape as a, 1 one value per channel (C of them, the last axis), 2 one value.
#define B_SAME 0
#define B_CHANNEL 1
#define B_SCALAR 2

// Parameter block (int32).
#define E_OP 0
#define E_A 1
#define E_B 2
#define E_OUT 3
#define E_I0 4     // this job's elements [I0, I1); with B_CHANNEL, whole rows of C
#define E_I1 5
#define E_BMODE 6
#define E_C 7
#define E_ALPHA 8  // float bits

static inline v128_t op4(int op, v128_t a, v128_t b, v128_t alpha) {
  const v128_t zero = wasm_f32x4_splat(0.0f);
  switch (op) {
    case OP_RELU: return wasm_v128_bitselect(zero, a, wasm_f32x4_le(a, zero));
    case OP_LEAKY: return wasm_v128_bitselect(wasm_f32x4_mul(a, alpha), a, wasm_f32x4_lt(a, zero));
    case OP_SQUARE: return wasm_f32x4_mul(a, a);
    case OP_ADD: return wasm_f32x4_add(a, b);
    case OP_SUB: return wasm_f32x4_sub(a, b);
    case OP_MUL: return wasm_f32x4_mul(a, b);
    case OP_RELU_GRAD: {
      const v128_t z = wasm_v128_bitselect(zero, wasm_f32x4_splat(__builtin_nanf("")),
                                           wasm_f32x4_eq(b, b));
      return wasm_v128_bitselect(a, z, wasm_f32x4_gt(b, zero));
    }
    case OP_LEAKY_GRAD:
      return wasm_v128_bitselect(a, wasm_f32x4_mul(a, alpha), wasm_f32x4_gt(b, zero));
    case OP_FLOOR: return wasm_f32x4_floor(a);
    case OP_DIV: return wasm_f32x4_div(a, b);
    default: return b;  // OP_BROADCAST
  }
}

static inline f32 op1(int op, f32 a, f32 b, f32 alpha) {
  switch (op) {
    case OP_RELU: return a <= 0.0f ? 0.0f : a;
    case OP_LEAKY: return a < 0.0f ? alpha * a : a;
    case OP_SQUARE: return a * a;
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_RELU_GRAD: return b > 0.0f ? a : (b == b ? 0.0f : b);
    case OP_LEAKY_GRAD: return b > 0.0f ? a : alpha * a;
    case OP_FLOOR: return __builtin_floorf(a);
    case OP_DIV: return a / b;
    default: return b;
  }
}

// The loops are written once per operation so that the switch is outside them.
#define LOOPS(OP)                                                                      \
  if (bmode == B_CHANNEL) {                                                            \
    for (int r = i0; r < i1; r += C) {                                                 \
      int c = 0;                                                                       \
      for (; c + 4 <= C; c += 4) {                                                     \
        const v128_t av = a ? wasm_v128_load(a + r + c) : wasm_f32x4_splat(0.0f);      \
        wasm_v128_store(out + r + c, op4(OP, av, wasm_v128_load(b + c), al));          \
      }                                                                                \
      for (; c < C; c++) out[r + c] = op1(OP, a ? a[r + c] : 0.0f, b[c], alpha);       \
    }                                                                                  \
  } else {                                                                             \
    const v128_t bs = bmode == B_SCALAR ? wasm_f32x4_splat(*b) : wasm_f32x4_splat(0.0f); \
    int i = i0;                                                                        \
    for (; i + 4 <= i1; i += 4) {                                                      \
      const v128_t bv = bmode == B_SAME && b ? wasm_v128_load(b + i) : bs;             \
      wasm_v128_store(out + i, op4(OP, wasm_v128_load(a + i), bv, al));                \
    }                                                                                  \
    for (; i < i1; i++) {                                                              \
      out[i] = op1(OP, a[i], bmode == B_SAME ? (b ? b[i] : 0.0f) : *b, alpha);         \
    }                                                                                  \
  }

EXPORT("eltwise_job")
void eltwise_job(const int* P) {
  const int op = P[E_OP], bmode = P[E_BMODE], C = P[E_C], i0 = P[E_I0], i1 = P[E_I1];
  const f32* a = (const f32*)P[E_A];
  const f32* b = (const f32*)P[E_B];
  f32* out = (f32*)P[E_OUT];
  const f32 alpha = f32_from_bits(P[E_ALPHA]);
  const v128_t al = wasm_f32x4_splat(alpha);
  switch (op) {
    case OP_RELU: LOOPS(OP_RELU) break;
    case OP_LEAKY: LOOPS(OP_LEAKY) break;
    case OP_SQUARE: LOOPS(OP_SQUARE) break;
    case OP_ADD: LOOPS(OP_ADD) break;
    case OP_SUB: LOOPS(OP_SUB) break;
    case OP_MUL: LOOPS(OP_MUL) break;
    case OP_RELU_GRAD: LOOPS(OP_RELU_GRAD) break;
    case OP_LEAKY_GRAD: LOOPS(OP_LEAKY_GRAD) break;
    case OP_FLOOR: LOOPS(OP_FLOOR) break;
    case OP_DIV: LOOPS(OP_DIV) break;
    default: LOOPS(OP_BROADCAST) break;
  }
}

void sum_rows(const f32* x, f32* out, int P, int C);  // kernels.c

// Partial column sums for a threaded Sum/Mean over all axes but the last: out[c] = sum over
// rows [r0, r1) of x[r, c] (see sum_rows in kernels.c for the blocking).
EXPORT("sum_rows_job")
void sum_rows_job(const int* P) {
  // P: x, out, r0, r1, C
  const f32* x = (const f32*)P[0];
  f32* out = (f32*)P[1];
  const int r0 = P[2], r1 = P[3], C = P[4];
  sum_rows(x + r0 * C, out, r1 - r0, C);
}
