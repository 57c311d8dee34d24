// The mix of worker endings clawops-bench simulates (bench/Workload.cpp), reproduced lifecycle
// for lifecycle: Workload.cpp draws one QRandomGenerator(seed).bounded(100) per lifecycle, and
// QRandomGenerator with a seed is std::mt19937 seeded through std::seed_seq, so the same seed
// gives the same sequence here. Keep the thresholds in step with Workload.cpp.

const N = 624;
const M = 397;

// std::seed_seq::generate for the 624 words std::mt19937::seed(seq) asks for.
function seedSequence(seeds) {
  const out = new Uint32Array(N).fill(0x8b8b8b8b);
  const s = seeds.length;
  const t = 11; // n >= 623
  const p = (N - t) >> 1;
  const q = p + t;
  const m = Math.max(s + 1, N);
  const mix = (x) => (x ^ (x >>> 27)) >>> 0;
  for (let k = 0; k < m; k += 1) {
    const r1 = Math.imul(1664525, mix(out[k % N] ^ out[(k + p) % N] ^ out[(k + N - 1) % N])) >>> 0;
    const r2 = (r1 + (k === 0 ? s : k <= s ? (k % N) + seeds[k - 1] : k % N)) >>> 0;
    out[(k + p) % N] = (out[(k + p) % N] + r1) >>> 0;
    out[(k + q) % N] = (out[(k + q) % N] + r2) >>> 0;
    out[k % N] = r2;
  }
  for (let k = m; k < m + N; k += 1) {
    const r3 =
      Math.imul(1566083941, mix((out[k % N] + out[(k + p) % N] + out[(k + N - 1) % N]) >>> 0)) >>>
      0;
    const r4 = (r3 - (k % N)) >>> 0;
    out[(k + p) % N] ^= r3;
    out[(k + q) % N] ^= r4;
    out[k % N] = r4;
  }
  return out;
}

// QRandomGenerator(seed): generate() and bounded(highest) as Qt 6 defines them.
export class QtRandom {
  constructor(seed) {
    this.state = seedSequence([seed >>> 0]);
    this.index = N;
  }

  twist() {
    const x = this.state;
    for (let i = 0; i < N; i += 1) {
      const y = (x[i] & 0x80000000) | (x[(i + 1) % N] & 0x7fffffff);
      x[i] = x[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  generate() {
    if (this.index >= N) this.twist();
    let y = this.state[this.index];
    this.index += 1;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  bounded(highest) {
    return Number((BigInt(this.generate()) * BigInt(highest)) >> 32n);
  }
}

// Endings as Workload.cpp assigns them: ok with a receipt that lists verification (45 %), ok with
// a receipt that lists none (25 %), provider error (15 %), timeout (8 %), killed without an
// announce (7 %).
export function endingForRoll(roll) {
  if (roll < 45) return "ok-verified";
  if (roll < 70) return "ok-unverified";
  if (roll < 85) return "error";
  if (roll < 93) return "timeout";
  return "killed";
}

export function workloadMix(lifecycles, seed) {
  const random = new QtRandom(seed);
  const endings = [];
  for (let i = 0; i < lifecycles; i += 1) endings.push(endingForRoll(random.bounded(100)));
  return endings;
}
