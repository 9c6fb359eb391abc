/**
 * `--trace`: every chunk on the link as a hex dump with its direction and the time since the link opened, so a
 * protocol problem can be read off (or attached to a bug report) without a logic analyser.
 */

/** A trace sink: writes `tx`/`rx` chunks as hex-dump lines (16 bytes each, with their printable characters). */
export function hexTrace(write: (line: string) => void): (direction: 'tx' | 'rx', data: Buffer) => void {
  const t0 = Date.now();
  return (direction, data) => {
    const ms = ((Date.now() - t0) / 1000).toFixed(3).padStart(8);
    for (let off = 0; off < data.length; off += 16) {
      const row = data.subarray(off, off + 16);
      const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0')).join(' ');
      const text = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      write(`${ms} ${direction} ${off.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${text}\n`);
    }
  };
}
