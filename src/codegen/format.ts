/** Formatting of C literals and identifiers. */

/** A C float literal that reads back as exactly the same float32 value; ±FLT_MAX stands for ±infinity (and for values beyond float32). */
export function cFloat(v: number): string {
  if (Number.isNaN(v)) throw new Error('internal: NaN has no C literal');
  // Beyond float32's range a value rounds to ±infinity: as a clamp bound, that is no bound.
  const f = Math.fround(v);
  if (f === Infinity) return 'FLT_MAX';
  if (f === -Infinity) return '-FLT_MAX';
  if (f === 0) return Object.is(f, -0) ? '-0.0f' : '0.0f';
  if (Number.isInteger(f) && Math.abs(f) < 1e7) return `${f}.0f`;
  // 9 significant digits round-trip every float32.
  let s = f.toPrecision(9);
  const e = s.indexOf('e');
  let mant = e >= 0 ? s.slice(0, e) : s;
  const exp = e >= 0 ? s.slice(e) : '';
  if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '.0');
  else if (!exp) mant += '.0'; // an integer of 8 or 9 digits: without the point, `235918512f` is not a C literal
  s = mant + exp;
  return `${s}f`;
}

/** Formats a float32 array as C initializer lines (8 values a line). */
export function cFloatArray(data: Float32Array): string {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += 8) {
    const row: string[] = [];
    for (let j = i; j < Math.min(i + 8, data.length); j++) row.push(cFloat(data[j]));
    lines.push(`  ${row.join(', ')},`);
  }
  return lines.join('\n');
}

/** A C int32 literal (INT32_MIN has no literal form: a unary minus applies to 2147483648, which is not an int). */
export function cInt32(v: number): string {
  return v === -2147483648 ? '(-2147483647 - 1)' : String(v);
}

/** Rows of 16 comma-separated C integer literals (int8/int16/int32 initializers). */
export function cIntArray(data: ArrayLike<number>): string {
  const rows: string[] = [];
  for (let i = 0; i < data.length; i += 16) {
    const row: string[] = [];
    for (let j = i; j < Math.min(i + 16, data.length); j++) row.push(cInt32(data[j]));
    rows.push(`  ${row.join(', ')},`);
  }
  return rows.join('\n');
}

/** A valid C identifier fragment from any name (non-alphanumerics become '_'). */
export function cIdent(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/** Checks a user-supplied symbol prefix. */
export function isValidPrefix(p: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(p) && p.length <= 32;
}

/** Text for a C comment (no comment terminators). */
export function cComment(s: string): string {
  return s.replace(/\*\//g, '* /');
}
