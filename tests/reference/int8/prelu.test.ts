/**
 * preluInt8 / preluParams: bit-exact against a BigInt slow path of TFLite's int8 PRELU (double rounding), and
 * within about one output step of the float PRELU on dequantized data.
 */
import { prelu } from '../../../src/reference/float/prelu';
import { preluInt8, preluParams } from '../../../src/reference/int8/prelu';
import {
  actParams, clampInt, dequant, expectBitExact, expectWithin, f64Div, f64MulDiv, mulberry32, pick, randInt, randInt8, randScale, randZp,
  refQuantizeMultiplier, refRequant, saturateToInt8, wrap32,
} from './slow';

function makeCase(seed: number, wide = true) {
  const rng = mulberry32(10000 + seed);
  const n = randInt(rng, 1, 48);
  const an = pick(rng, Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0));
  const scale = (): number => (wide ? randScale(rng) : Math.fround(0.01 + 0.05 * rng()));
  return { x: randInt8(rng, n), alpha: randInt8(rng, an), si: scale(), zi: randZp(rng), sa: Math.fround(0.001 + 0.02 * rng()), za: randZp(rng), so: scale(), zo: randZp(rng) };
}

describe('preluInt8', () => {
  test('matches the slow path bit for bit (300 cases)', () => {
    let negatives = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const c = makeCase(seed);
      const rPos = f64Div(c.si, c.so);
      const rNeg = f64MulDiv(c.si, c.sa, c.so);
      const q = (s: number, z: number) => ({ scale: s, zeroPoint: z });
      if (rPos >= 2 ** 31 || rNeg >= 2 ** 31) {
        expect(() => preluParams(q(c.si, c.zi), q(c.sa, c.za), q(c.so, c.zo))).toThrow(RangeError);
        continue;
      }
      const pos = refQuantizeMultiplier(rPos);
      const neg = refQuantizeMultiplier(rNeg);
      const m = preluParams(q(c.si, c.zi), q(c.sa, c.za), q(c.so, c.zo));
      expect([m.pos.multiplier, m.pos.shift, m.neg.multiplier, m.neg.shift]).toEqual([Number(pos.m), pos.shift, Number(neg.m), neg.shift]);
      const want = Array.from(c.x, (v, i) => {
        const d = v - c.zi;
        if (d < 0) negatives++;
        const r = d >= 0 ? refRequant(BigInt(d), pos).y : refRequant(BigInt(d * (c.alpha[i % c.alpha.length] - c.za)), neg).y;
        return clampInt(wrap32(r + BigInt(c.zo)), -128, 127);
      });
      expectBitExact(`case ${seed}`, preluInt8(c.x, actParams(c.si, c.zi), c.alpha, actParams(c.sa, c.za), actParams(c.so, c.zo)), want);
    }
    expect(negatives).toBeGreaterThan(500);
  });

  test('is within one output step of the float PRELU (200 cases, moderate scales)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const c = makeCase(seed, false);
      const got = dequant(preluInt8(c.x, actParams(c.si, c.zi), c.alpha, actParams(c.sa, c.za), actParams(c.so, c.zo)), c.so, c.zo);
      const ref = saturateToInt8(prelu(dequant(c.x, c.si, c.zi), dequant(c.alpha, c.sa, c.za)), c.so, c.zo);
      expectWithin(`case ${seed}`, got, ref, (i) => c.so + 1e-5 * Math.abs(ref[i]));
    }
  });

  test('rejects an alpha that does not repeat over x', () => {
    const q = actParams(0.1, 0);
    expect(() => preluInt8(new Int8Array(5), q, new Int8Array(2), q, q)).toThrow(/repeat/);
  });
});
