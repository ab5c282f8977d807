/**
 * Exact quantiles of a compound Poisson–lognormal annual loss S = X1 + … + XN, N ~ Poisson(λ),
 * X lognormal given by its p05 and p95 (as a `loss_event` takes it), for the analytic checks of
 * the statistics. S has no closed-form distribution; Panjer's recursion on a grid of step h gives
 * it exactly for a severity put on the grid, and putting each claim at the grid point below
 * (above) it gives a loss never above (below) S: the two quantiles bracket the exact one, a few
 * steps apart.
 */

const Z95 = 1.6448536269514722;

/** The lognormal of a `loss_event` given by p05 and p95. */
export function lognormalOf(p05: number, p95: number): { mu: number; sigma: number } {
  return { mu: (Math.log(p05) + Math.log(p95)) / 2, sigma: (Math.log(p95) - Math.log(p05)) / (2 * Z95) };
}

/**
 * Bounds [low, high] on the quantile at `probability` of S, with `step` the grid's step (the
 * bounds are a few steps apart), and the density of S there.
 */
export function compoundPoissonQuantile(lambda: number, p05: number, p95: number, probability: number, step: number): { low: number; high: number; density: number } {
  const { mu, sigma } = lognormalOf(p05, p95);
  const cdf = (x: number) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma));
  // Claims on the grid point below them: S_low ≤ S, so its quantile is a lower bound; and above.
  const lower = panjer(lambda, (j) => cdf((j + 1) * step) - cdf(j * step));
  const upper = panjer(lambda, (j) => (j === 0 ? 0 : cdf(j * step) - cdf((j - 1) * step)));
  const low = lower.quantile(probability) * step;
  const high = upper.quantile(probability) * step;
  // The density at the quantile, from the upper grid's distribution over ±20 steps.
  const at = upper.quantile(probability);
  const density = (upper.cumulative(at + 20) - upper.cumulative(at - 20)) / (40 * step);
  return { low, high, density };
}

/** Panjer's recursion for a Poisson count: g_0 = exp(λ(f_0 − 1)), g_s = (λ/s) Σ_{j=1}^{s} j·f_j·g_{s−j}. */
function panjer(lambda: number, severity: (j: number) => number) {
  const f: number[] = [severity(0)];
  const g: number[] = [Math.exp(lambda * (f[0]! - 1))];
  const cumulative: number[] = [g[0]!];
  const extend = (s: number) => {
    while (g.length <= s) {
      const next = g.length;
      f.push(severity(next));
      let sum = 0;
      for (let j = 1; j <= next; j++) sum += j * f[j]! * g[next - j]!;
      g.push((lambda / next) * sum);
      cumulative.push(cumulative[next - 1]! + g[next]!);
    }
  };
  return {
    quantile(probability: number): number {
      let s = 0;
      for (; ; s++) {
        extend(s);
        if (cumulative[s]! >= probability) return s;
      }
    },
    cumulative(s: number): number {
      extend(s);
      return cumulative[s]!;
    },
  };
}

/** Φ(x), by erfc with a fractional error below 1.2e-7 (Numerical Recipes' erfcc). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851973 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
