/**
 * How a board profile is shown: a per-op table for the terminal and a self-contained HTML page (table, a bar
 * chart of each op's share of the inference, arena windows against the arena, the memory figures).
 */
import { BoardProfile } from '../../device/board/operations';
import { bytes, table } from '../table';

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The terminal text of a profile. */
export function profileText(p: BoardProfile): string {
  const rows = p.ops.map((o) => [o.index, o.op, o.kind, o.ticks, o.us.toFixed(1), `${(100 * o.share).toFixed(1)} %`, `${o.arena[0]}–${o.arena[1]}`]);
  const m = p.memory;
  return (
    `profile of ${p.model} on ${p.target} (${p.where}), ticks at ${p.tickHz.toLocaleString('en-US')} Hz\n` +
    table(['#', 'op', 'kind', 'ticks', 'µs', 'share', 'arena bytes live'], rows) +
    `\nper-op sum ${p.sumTicks} ticks; a whole inference without the per-op hooks ${Math.round(p.invoke.meanTicks)} ticks (${(100 * p.sumError).toFixed(2)} %)\n` +
    `inference: mean ${p.invoke.meanUs.toFixed(1)} µs, min ${p.invoke.minUs.toFixed(1)}, max ${p.invoke.maxUs.toFixed(1)} over ${p.invoke.runs} runs after ${p.invoke.warmups} warm-up\n` +
    `memory: arena ${bytes(m.arenaBytes)}, stack high-water ${bytes(m.stackUsed)} of ${bytes(m.stackReserve)}, heap ${bytes(m.heapUsed)}\n`
  );
}

/** A self-contained HTML report of a profile. */
export function profileHtml(p: BoardProfile): string {
  const maxShare = Math.max(...p.ops.map((o) => o.share), 1e-9);
  const arena = Math.max(p.memory.arenaBytes, 1);
  const rows = p.ops
    .map(
      (o) =>
        `<tr><td>${o.index}</td><td>${esc(o.op)}</td><td>${esc(o.kind)}</td><td class=n>${o.ticks}</td><td class=n>${o.us.toFixed(1)}</td>` +
        `<td><div class=bar style="width:${((200 * o.share) / maxShare).toFixed(1)}px"></div> ${(100 * o.share).toFixed(1)} %</td>` +
        `<td><div class=track><div class=win style="left:${((200 * o.arena[0]) / arena).toFixed(1)}px;width:${((200 * Math.max(0, o.arena[1] - o.arena[0])) / arena).toFixed(1)}px"></div></div> ${o.arena[0]}–${o.arena[1]}</td></tr>`,
    )
    .join('\n');
  const m = p.memory;
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>tinyfit profile: ${esc(p.model)} on ${esc(p.target)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}
.n{text-align:right}.bar{display:inline-block;height:10px;background:#4a7bd0}.track{display:inline-block;position:relative;width:200px;height:10px;background:#eee}
.win{position:absolute;top:0;height:10px;background:#d08a4a}</style></head><body>
<h1>${esc(p.model)} on ${esc(p.target)}</h1>
<p>${esc(p.where)}; ticks at ${p.tickHz} Hz. Inference: mean ${p.invoke.meanUs.toFixed(1)} µs (min ${p.invoke.minUs.toFixed(1)}, max ${p.invoke.maxUs.toFixed(1)}, ${p.invoke.runs} runs after ${p.invoke.warmups} warm-up). Per-op sum ${p.sumTicks} ticks against ${Math.round(p.invoke.meanTicks)} for a whole inference without hooks (${(100 * p.sumError).toFixed(2)} %).</p>
<p>Memory: arena ${m.arenaBytes} B, stack high-water ${m.stackUsed} of ${m.stackReserve} B, heap ${m.heapUsed} B.</p>
<table><tr><th>#</th><th>op</th><th>kind</th><th>ticks</th><th>µs</th><th>share of the inference</th><th>arena live (of ${m.arenaBytes} B)</th></tr>
${rows}
</table></body></html>
`;
}
