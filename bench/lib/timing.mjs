// Interleaved rounds and their statistics. Every comparison runs its contenders one
// after the other inside each round, in an order that rotates from round to round,
// so a burst of load from a neighbour hits all of them alike; figures are medians
// over rounds, ratios are medians of the ratios within each round.

/** Nanoseconds since an arbitrary origin, as a float. */
export function now() {
  return Number(process.hrtime.bigint());
}

/** Times a synchronous function: nanoseconds. */
export function timeNs(work) {
  const start = now();
  work();
  return now() - start;
}

/**
 * Runs `rounds` rounds of the contenders (name -> async () => nanoseconds, or a
 * number of units per measurement as `{ run, per }`). Returns name -> samples (ns).
 */
export async function interleave(rounds, contenders) {
  const names = Object.keys(contenders);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r += 1) {
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(k + r) % names.length];
      samples[name].push(await contenders[name]());
    }
  }
  return samples;
}

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Median, min, max and quartiles of a list of numbers. */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/** Scales every figure of a summary. */
export function scaled(s, factor) {
  const out = { ...s };
  for (const key of ['median', 'min', 'max', 'q1', 'q3']) {
    out[key] = s[key] * factor;
  }
  return out;
}

/**
 * How many times faster `fast` is than `slow`, round by round (same round, same
 * load): the summary of slow[i] / fast[i].
 */
export function ratio(slow, fast) {
  return summary(slow.map((s, i) => s / fast[i]));
}

/**
 * The number of calls of `work` that takes about `targetNs`, measured after a
 * warm-up, so batches of tiny operations are timed as a whole.
 */
export function calibrate(work, targetNs) {
  let n = 1;
  for (;;) {
    const ns = timeNs(() => {
      for (let i = 0; i < n; i += 1) {
        work();
      }
    });
    if (ns >= targetNs / 4 || n >= 1 << 24) {
      return Math.max(1, Math.round((n * targetNs) / Math.max(ns, 1)));
    }
    n *= 4;
  }
}

/** A contender that calls `work` `n` times per measurement and reports ns per call. */
export function batch(work, n) {
  return async () => timeNs(() => {
    for (let i = 0; i < n; i += 1) {
      work();
    }
  }) / n;
}
