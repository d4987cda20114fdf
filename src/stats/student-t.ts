/**
 * Student's t tail and the normal quantile, for turning a new observation into a standard normal
 * score against a handful of baseline runs (stats/item-jitter.ts). The incomplete beta follows the
 * continued fraction of Numerical Recipes (Press et al., 3rd ed., §6.4, `betacf`); the normal
 * quantile is Acklam's rational approximation refined by one Halley step on erfc, so small tail
 * probabilities keep their relative accuracy.
 */
import { logGamma } from './gamma.js';
import { erfc } from './normal.js';

const EPS = 3e-16;
const TINY = 1e-300;

function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T > t) for Student's t with `df` degrees of freedom, accurate far into the upper tail. */
export function studentTSf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** z with P(N(0,1) > z) = p; p is clamped to [1e-300, 1 − 1e-16]. */
export function normalUpperQuantile(p: number): number {
  const q = Math.min(1 - 1e-16, Math.max(1e-300, p));
  // Acklam's approximation of the lower quantile of 1 − q, written with q for the upper tail.
  let z: number;
  if (q < 0.02425 || q > 1 - 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q < 0.5 ? q : 1 - q));
    const v = (((((C[0]! * r + C[1]!) * r + C[2]!) * r + C[3]!) * r + C[4]!) * r + C[5]!) / ((((D[0]! * r + D[1]!) * r + D[2]!) * r + D[3]!) * r + 1);
    z = q < 0.5 ? -v : v;
  } else {
    const s = 0.5 - q;
    const r = s * s;
    z = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * s) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  }
  // One Halley step on the upper tail 0.5·erfc(z/√2) = q.
  const e = 0.5 * erfc(z / Math.SQRT2) - q;
  const u = -e * Math.sqrt(2 * Math.PI) * Math.exp((z * z) / 2);
  return z - u / (1 - (z * u) / 2);
}
