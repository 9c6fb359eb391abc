import { Placement, PlacementProblem, PlanBuffer, lowerBound } from '../../src/plan/problem';
import { escapeHtml, renderPlanHtml } from '../../src/plan/report';

function buf(id: number, bytes: number, first: number, last: number, label: string, kind: PlanBuffer['kind'] = 'activation'): PlanBuffer {
  return { id, bytes, first, last, label, tensors: kind === 'scratch' ? [] : [id], kind };
}

/** A tiny chain: input → conv (with scratch) → relu → pool → dense, with one long-lived skip buffer. */
function smallCase(): { problem: PlacementProblem; placement: Placement; opNames: string[] } {
  const buffers = [
    buf(0, 4096, 0, 1, 'input'),
    buf(1, 8192, 1, 2, 'conv1/out'),
    buf(2, 1024, 1, 1, 'scratch: conv1', 'scratch'),
    buf(3, 2048, 0, 4, 'skip <script>alert("x")</script> & co'),
    buf(4, 4096, 2, 3, 'relu1/out'),
    buf(5, 512, 3, 4, 'pool/out'),
  ];
  const problem: PlacementProblem = { buffers, steps: 5, align: 16, rules: [] };
  // Hand placement: skip at the bottom, the rest stacked above it.
  const offsets = [2048, 6144, 14336, 0, 14336, 2048];
  const placement: Placement = { offsets, arenaBytes: 18432, algorithm: 'hand' };
  const opNames = ['quantize', 'conv1', 'relu1', 'pool', 'dense'];
  return { problem, placement, opNames };
}

/** Attributes of every tag matching `re` (which must capture the attribute string in group 1). */
function tags(html: string, re: RegExp): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of html.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    out.push(attrs);
  }
  return out;
}

function svgScales(html: string): { x0: number; sx: number; y0: number; sy: number } {
  const svg = tags(html, /<svg\b([^>]*)>/g);
  expect(svg).toHaveLength(1);
  const a = svg[0];
  return { x0: +a['data-x0'], sx: +a['data-px-per-step'], y0: +a['data-y0'], sy: +a['data-px-per-byte'] };
}

describe('renderPlanHtml', () => {
  const { problem, placement, opNames } = smallCase();
  const lb = lowerBound(problem);
  const html = renderPlanHtml({
    modelName: 'tiny <net>',
    problem,
    placement,
    opNames,
    lowerBoundBytes: lb.bytes,
    plainLowerBoundBytes: 24576,
    tflmGreedyBytes: 26624,
    peakStep: lb.step,
    elemType: 'float32',
  });

  it('is one self-contained document with no network references', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html.match(/<svg\b/g)).toHaveLength(1);
    expect(html.match(/<\/svg>/g)).toHaveLength(1);
  });

  it('draws exactly one rect per buffer at its steps and offset', () => {
    const { x0, sx, y0, sy } = svgScales(html);
    // 0 at the bottom: y grows downwards, so offset 0 is at y0 and bytes go up.
    expect(sx).toBeGreaterThan(0);
    expect(sy).toBeGreaterThan(0);
    const rects = tags(html, /<rect class="buf\b([^>]*)>/g);
    const full = tags(html, /<rect (class="buf[^"]*"[^>]*)>/g);
    expect(rects).toHaveLength(problem.buffers.length);
    const seen = new Set<number>();
    for (const a of full) {
      const id = +a['data-id'];
      seen.add(id);
      const b = problem.buffers[id];
      expect(a.class).toBe(`buf ${b.kind}`);
      const off = placement.offsets[id];
      const [x, y, w, h] = [+a.x, +a.y, +a.width, +a.height];
      expect(x).toBeCloseTo(x0 + b.first * sx, 1);
      expect(w).toBeCloseTo(Math.max(1, (b.last + 1 - b.first) * sx), 1);
      expect(h).toBeCloseTo(Math.max(1, b.bytes * sy), 1);
      expect(y).toBeCloseTo(y0 - (off + b.bytes) * sy, 1);
      // Bottom edge at the offset, top edge at offset + bytes.
      expect(y + h).toBeCloseTo(y0 - off * sy, 1);
    }
    expect(seen.size).toBe(problem.buffers.length);
    // Scale consistency without trusting the data attributes: width / steps and height / bytes are constant.
    const perStep = full.map((a) => +a.width / (problem.buffers[+a['data-id']].last + 1 - problem.buffers[+a['data-id']].first));
    const perByte = full.map((a) => +a.height / problem.buffers[+a['data-id']].bytes);
    for (const v of perStep) expect(v).toBeCloseTo(perStep[0], 1);
    for (const v of perByte) expect(v).toBeCloseTo(perByte[0], 3);
    // The scratch buffer is marked as such.
    expect(full.filter((a) => a.class === 'buf scratch').map((a) => +a['data-id'])).toEqual([2]);
  });

  it('gives every buffer a tooltip with label, bytes, steps and offset', () => {
    const titles = [...html.matchAll(/<rect class="buf[^>]*><title>([^<]*)<\/title><\/rect>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(problem.buffers.length);
    expect(titles[1]).toContain('conv1/out');
    expect(titles[1]).toContain('8,192 B');
    expect(titles[1]).toContain('steps 1–2');
    expect(titles[1]).toContain('offset 6,144 – 14,336');
  });

  it('marks the peak step and the arena / lower-bound lines', () => {
    const { x0, sx, y0, sy } = svgScales(html);
    expect(lb.step).toBe(1);
    const peak = tags(html, /<rect (class="peakband"[^>]*)>/g);
    expect(peak).toHaveLength(1);
    expect(+peak[0]['data-step']).toBe(lb.step);
    const px = +peak[0].x;
    const pw = +peak[0].width;
    expect(px).toBeLessThanOrEqual(x0 + lb.step * sx + 0.01);
    expect(px + pw).toBeGreaterThanOrEqual(x0 + (lb.step + 1) * sx - 0.01);
    expect(html).toMatch(/class="peakband"[^>]*><title>peak step 1: conv1<\/title>/);
    // Every step carries its op name as a tooltip on the x axis.
    for (let st = 0; st < opNames.length; st++) expect(html).toContain(`<title>step ${st}: ${opNames[st]}</title>`);

    const lines = tags(html, /<line (class="hline [^"]*"[^>]*)>/g);
    const byClass = new Map(lines.map((l) => [l.class.replace('hline ', ''), l]));
    expect([...byClass.keys()].sort()).toEqual(['ln-arena', 'ln-lb', 'ln-plainlb', 'ln-tflm']);
    const check = (cls: string, bytes: number): void => {
      const l = byClass.get(cls)!;
      expect(+l['data-bytes']).toBe(bytes);
      expect(+l.y1).toBeCloseTo(y0 - bytes * sy, 1);
      expect(+l.y2).toBe(+l.y1);
    };
    check('ln-arena', placement.arenaBytes);
    check('ln-lb', lb.bytes);
    check('ln-plainlb', 24576);
    check('ln-tflm', 26624);
    // Legend entries.
    for (const t of ['activation buffer', 'scratch buffer', 'peak step 1', '>arena<', '>lower bound<', 'TFLM greedy']) {
      expect(html).toContain(t);
    }
  });

  it('summarises the numbers and the tensors live at the peak', () => {
    expect(lb.bytes).toBe(4096 + 8192 + 1024 + 2048);
    expect(html).toContain('tiny &lt;net&gt;');
    expect(html).toContain('float32');
    expect(html).toMatch(/id="sum-arena"[^]*?18,432 B/);
    expect(html).toMatch(/id="sum-lb"[^]*?15,360 B/);
    expect(html).toMatch(/id="sum-plainlb"[^]*?24,576 B/);
    expect(html).toMatch(/id="sum-tflm"[^]*?26,624 B/);
    expect(html).toMatch(new RegExp(`id="sum-ratio-lb"[^]*?${(18432 / 15360).toFixed(3)}×`));
    expect(html).toMatch(new RegExp(`id="sum-ratio-tflm"[^]*?${(18432 / 26624).toFixed(3)}×`));
    expect(html).toMatch(/id="sum-peak"[^]*?step 1: <code>conv1<\/code>/);

    const table = html.slice(html.indexOf('<table class="live">'));
    const rows = [...table.matchAll(/<tr class="(activation|scratch)">([^]*?)<\/tr>/g)].map((m) =>
      [...m[2].matchAll(/<td[^>]*>(?:<span[^>]*><\/span>)?([^<]*)<\/td>/g)].map((c) => c[1]),
    );
    // Live at step 1: input, conv1/out, scratch, skip — sorted by offset, highest first.
    expect(rows.map((r) => r[0])).toEqual(['scratch: conv1', 'conv1/out', 'input', escapeHtml(problem.buffers[3].label)]);
    expect(rows[1].slice(1, 4)).toEqual(['activation', '8,192', '6,144']);
    expect(rows[0].slice(1, 4)).toEqual(['scratch', '1,024', '14,336']);
  });

  it('escapes user-provided strings', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('skip &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('escapes op names and the model name everywhere', () => {
    const evil = renderPlanHtml({
      modelName: '"><img src=x onerror=alert(1)>',
      problem,
      placement,
      opNames: ['<b>op0</b>', 'op1', 'op2', 'op3', 'op4'],
      lowerBoundBytes: lb.bytes,
      peakStep: 0,
      elemType: '<i>',
    });
    expect(evil).not.toMatch(/<img|<b>op0|<i>|<script>/);
    expect(evil).toContain('&lt;b&gt;op0&lt;/b&gt;');
    expect(evil).toMatch(/id="sum-tflm"[^]*?—/);
  });

  it('keeps a large plan (500 steps, 1000 buffers) to a fixed width and 1px minimum rects', () => {
    const buffers: PlanBuffer[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const first = Math.floor(i / 2);
      buffers.push(buf(i, 16 * (1 + (i % 7)), first, Math.min(499, first + (i % 3)), `t${i}`, i % 10 === 9 ? 'scratch' : 'activation'));
      offsets.push((i % 4) * 128);
    }
    const p: PlacementProblem = { buffers, steps: 500, align: 16, rules: [] };
    const big = renderPlanHtml({
      modelName: 'big',
      problem: p,
      placement: { offsets, arenaBytes: 65536, algorithm: 'x' },
      opNames: Array.from({ length: 500 }, (_, s) => `op${s}`),
      lowerBoundBytes: 1024,
      peakStep: 250,
    });
    const svg = tags(big, /<svg\b([^>]*)>/g)[0];
    expect(+svg.width).toBe(1200);
    const rects = tags(big, /<rect (class="buf[^"]*"[^>]*)>/g);
    expect(rects).toHaveLength(1000);
    for (const r of rects) {
      expect(+r.width).toBeGreaterThanOrEqual(1);
      expect(+r.height).toBeGreaterThanOrEqual(1);
      expect(+r.x + +r.width).toBeLessThanOrEqual(1200);
    }
    expect(big.length).toBeLessThan(1_000_000);
  });

  it('rejects a placement that does not match the problem', () => {
    expect(() =>
      renderPlanHtml({ modelName: 'm', problem, placement: { ...placement, offsets: [0] }, opNames, lowerBoundBytes: 1, peakStep: 0 }),
    ).toThrow(/offsets/);
  });
});
