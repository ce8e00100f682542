/**
 * The shared control block of {@linkcode KernelPool} (_pool.ts) and its workers: Int32 slots.
 * @module
 */

/** kernels.c functions a pool can run, by index. */
export const POOL_FUNCTIONS = [
  "conv2d_bp_filter",
  "max_pool_grad",
  "conv2d_fwd",
  "conv2d_bp_input_few",
  "gemm_job",
  "wino_fwd_job",
  "wino_dw_job",
  "wino4_fwd_job",
  "wino4_dw_job",
  "peak_job",
  "adam_job",
  "eltwise_job",
  "sum_rows_job",
  "batch_norm_job",
] as const;

/** One of {@linkcode POOL_FUNCTIONS}. */
export type PoolFunction = typeof POOL_FUNCTIONS[number];

/** Slot indexes of the control block (Int32Array over a SharedArrayBuffer). */
export const CTRL = {
  /** bumped by the main thread to start a job */
  generation: 0,
  /** workers still running the job */
  pending: 1,
  /** set to 1 by a worker whose share threw */
  failed: 2,
  /** the function index (or -1 = skip, -2 = stop) per worker, from this slot on */
  fn: 8,
  /** the argument count per worker, from this slot on */
  argCount: 24,
  /** the arguments, maxArgs per worker, from this slot on */
  args: 40,
  /** arguments per worker at most */
  maxArgs: 24,
  /** workers at most */
  maxWorkers: 15,
  /** "skip this job" */
  skip: -1,
  /** "exit" */
  stop: -2,
} as const;

/** The control block's size in Int32 slots. */
export const CTRL_SLOTS = CTRL.args + CTRL.maxWorkers * CTRL.maxArgs;
