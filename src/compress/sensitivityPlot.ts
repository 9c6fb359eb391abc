/**
 * The sensitivity analysis as a picture (as Han et al. 2015 plot it, Fig. 5): accuracy against sparsity, one
 * line per weight tensor, the baseline as a dashed line — a self-contained SVG a browser opens.
 */
import type { SensitivityTable } from './sensitivity';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/**
 * An SVG line chart of a sensitivity table.
 * @param t the table (sparsities on x, accuracy on y)
 */
export function sensitivitySvg(t: SensitivityTable): string {
  const W = 640;
  const H = 400;
  const m = { l: 60, r: 150, t: 30, b: 50 };
  const weights = [...new Set(t.rows.map((r) => r.weight))];
  const accs = [t.baselineAccuracy, ...t.rows.map((r) => r.accuracy)];
  const yMin = Math.max(0, Math.floor(Math.min(...accs) * 20) / 20);
  const yMax = Math.min(1, Math.ceil(Math.max(...accs) * 20) / 20 + 1e-9);
  const xMin = 0;
  const xMax = 1;
  const x = (s: number): number => m.l + ((s - xMin) / (xMax - xMin)) * (W - m.l - m.r);
  const y = (a: number): number => H - m.b - ((a - yMin) / Math.max(1e-9, yMax - yMin)) * (H - m.t - m.b);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`];
  out.push(`<text x="${m.l}" y="18" font-size="14">Pruning sensitivity: accuracy with one layer pruned alone</text>`);
  for (let k = 0; k <= 10; k += 2) out.push(`<line x1="${x(k / 10)}" y1="${H - m.b}" x2="${x(k / 10)}" y2="${m.t}" stroke="#eee"/><text x="${x(k / 10)}" y="${H - m.b + 16}" text-anchor="middle">${k * 10} %</text>`);
  const steps = Math.round((yMax - yMin) / 0.05);
  for (let k = 0; k <= steps; k++) {
    const a = yMin + k * 0.05;
    out.push(`<line x1="${m.l}" y1="${y(a)}" x2="${W - m.r}" y2="${y(a)}" stroke="#eee"/><text x="${m.l - 6}" y="${y(a) + 4}" text-anchor="end">${(a * 100).toFixed(0)} %</text>`);
  }
  out.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - 12}" text-anchor="middle">sparsity</text>`);
  out.push(`<line x1="${x(0)}" y1="${y(t.baselineAccuracy)}" x2="${x(1)}" y2="${y(t.baselineAccuracy)}" stroke="#000" stroke-dasharray="4 3"/>`);
  weights.forEach((w, i) => {
    const c = COLORS[i % COLORS.length];
    const pts = [[0, t.baselineAccuracy], ...t.rows.filter((r) => r.weight === w).map((r) => [r.sparsity, r.accuracy])];
    out.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map(([s, a]) => `${x(s).toFixed(1)},${y(a).toFixed(1)}`).join(' ')}"/>`);
    for (const [s, a] of pts.slice(1)) out.push(`<circle cx="${x(s).toFixed(1)}" cy="${y(a).toFixed(1)}" r="3" fill="${c}"/>`);
    out.push(`<text x="${W - m.r + 10}" y="${m.t + 16 * i + 10}" fill="${c}">${esc(w)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
