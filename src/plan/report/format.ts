/** Number and text formatting of the report: byte counts, ratios, and labels cut to a width in pixels. */

/** 12345 → "12,345" (locale-independent). */
export function group(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Short human size: "512 B", "12.1 KiB", "1.50 MiB". */
export function human(n: number): string {
  if (Math.abs(n) < 1024) return `${n} B`;
  if (Math.abs(n) < 1024 * 1024) {
    const k = n / 1024;
    return `${k >= 100 ? k.toFixed(0) : k.toFixed(1)} KiB`;
  }
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

/** "12,345 B (12.1 KiB)". */
export function bytesText(n: number): string {
  return n < 1024 ? `${group(n)} B` : `${group(n)} B (${human(n)})`;
}

/** `a / b` as "1.234×", or "—" when `b` is unknown or not positive. */
export function ratio(a: number, b: number | undefined): string {
  return b !== undefined && b > 0 ? `${(a / b).toFixed(3)}×` : '—';
}

/** Truncates `text` to about `px` pixels at font size `fs` (with an ellipsis), or '' when too little fits. */
export function fitText(text: string, px: number, fs: number): string {
  const charW = fs * 0.6;
  const n = Math.floor(px / charW);
  if (text.length <= n) return text;
  if (n < 4) return '';
  return text.slice(0, n - 1) + '…';
}
