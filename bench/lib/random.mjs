// A small seeded PRNG (sfc32, seeded through a string hash), so every corpus and
// every policy the benchmarks build is the same on every run and every machine.

/** Four 32-bit seeds from a string (cyrb128). */
function seedsOf(text) {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A generator of floats in [0, 1) and helpers, fixed by `seed`. */
export function createRandom(seed) {
  let [a, b, c, d] = seedsOf(String(seed));
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i += 1) {
    next();
  }
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    /** An integer in [lo, hi]. */
    int,
    /** One element of `list`. */
    pick: (list) => list[Math.floor(next() * list.length)],
    /** `n` characters drawn from `alphabet`. */
    chars: (alphabet, n) => {
      let out = '';
      for (let i = 0; i < n; i += 1) {
        out += alphabet[Math.floor(next() * alphabet.length)];
      }
      return out;
    },
  };
}
