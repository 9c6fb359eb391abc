/**
 * The parameter helpers of the int8 kernels: the fused-clamp → int8 range conversion against the slow
 * CalculateActivationRangeQuantized (exact float32 division, std::round), and parameter validation.
 */
import { activationRange } from '../../../src/arith/index';
import { activationQuant, outputRange, weightScales } from '../../../src/reference/int8/common';
import { f32Div, mulberry32, randClamp, randInt, randScale, randZp, refActRange, stdRound } from './slow';

describe('outputRange', () => {
  test('equals the slow CalculateActivationRangeQuantized on 20000 random clamps, scales and zero points', () => {
    const rng = mulberry32(42);
    for (let t = 0; t < 20000; t++) {
      const scale = randScale(rng);
      const zp = randZp(rng);
      const clamp = randClamp(rng, scale, zp);
      expect(outputRange(clamp, { scale, zeroPoint: zp })).toEqual(refActRange(clamp, scale, zp));
    }
  });

  test('known activations go through activationRange', () => {
    const rng = mulberry32(43);
    for (let t = 0; t < 2000; t++) {
      const scale = randScale(rng);
      const zp = randZp(rng);
      const q = { scale, zeroPoint: zp };
      expect(outputRange({ min: -Infinity, max: Infinity }, q)).toEqual(activationRange('none', scale, zp));
      expect(outputRange({ min: 0, max: Infinity }, q)).toEqual(activationRange('relu', scale, zp));
      expect(outputRange({ min: 0, max: 6 }, q)).toEqual(activationRange('relu6', scale, zp));
      expect(outputRange({ min: -1, max: 1 }, q)).toEqual(activationRange('relu_n1_to_1', scale, zp));
    }
  });

  test('bounds round half away from zero after a float32 division', () => {
    // bound / scale = ±k.5 exactly (scale a power of two).
    expect(outputRange({ min: -0.75, max: 1.25 }, { scale: 0.5, zeroPoint: 3 })).toEqual({ min: 3 - 2, max: 3 + 3 });
    // Bounds whose float32 quotient is a tie but whose exact quotient is not: the float32 division decides.
    const rng = mulberry32(44);
    let seen = 0;
    for (let t = 0; t < 200000 && seen < 5; t++) {
      const scale = randScale(rng);
      const k = randInt(rng, -100, 100) + 0.5;
      const bound = Math.fround(k * scale * (1 + (rng() - 0.5) * 2 ** -22));
      const f = f32Div(bound, scale);
      if (f !== k || bound / scale === k) continue;
      const r = outputRange({ min: bound, max: Infinity }, { scale, zeroPoint: 0 });
      expect(r.min).toBe(Math.min(127, Math.max(-128, stdRound(k))));
      seen++;
    }
    expect(seen).toBe(5);
  });

  test('clamps beyond the representable range saturate; empty clamps are rejected', () => {
    expect(outputRange({ min: 1000, max: 2000 }, { scale: 1, zeroPoint: 0 })).toEqual({ min: 127, max: 127 });
    expect(outputRange({ min: -2000, max: -1000 }, { scale: 1, zeroPoint: 0 })).toEqual({ min: -128, max: -128 });
    expect(() => outputRange({ min: 1, max: 0 }, { scale: 1, zeroPoint: 0 })).toThrow(/empty/);
    expect(() => outputRange({ min: NaN, max: 0 }, { scale: 1, zeroPoint: 0 })).toThrow(/empty/);
    // TFLite refuses ReLU6 when 6 / scale overflows int32 (its Prepare fails); so does activationRange.
    expect(() => outputRange({ min: 0, max: 6 }, { scale: 1e-12, zeroPoint: 0 })).toThrow(RangeError);
  });
});

describe('parameter validation', () => {
  test('activationQuant', () => {
    expect(activationQuant({ scale: [0.1], zeroPoint: [-128] }, 'x')).toEqual({ scale: Math.fround(0.1), zeroPoint: -128 });
    expect(() => activationQuant(undefined, 'x')).toThrow(/no quantization/);
    expect(() => activationQuant({ scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 0 }, 'x')).toThrow(/per tensor/);
    expect(() => activationQuant({ scale: [1e-50], zeroPoint: [0] }, 'x')).toThrow(/scale/); // underflows float32
    expect(() => activationQuant({ scale: [1], zeroPoint: [0.5] }, 'x')).toThrow(/zero point/);
    expect(() => activationQuant({ scale: [1], zeroPoint: [-129] }, 'x')).toThrow(/zero point/);
  });

  test('weightScales', () => {
    expect(weightScales({ scale: [0.5], zeroPoint: [0] }, 3, 0, 'w')).toEqual([0.5, 0.5, 0.5]);
    expect(weightScales({ scale: [0.1, 0.2], zeroPoint: [0, 0], axis: 3 }, 2, 3, 'w')).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(() => weightScales({ scale: [0.1, 0.2], zeroPoint: [0, 0] }, 2, 3, 'w')).toThrow(/axis 3/);
    expect(() => weightScales({ scale: [0.1, 0.2], zeroPoint: [0, 1], axis: 0 }, 2, 0, 'w')).toThrow(/symmetric/);
    expect(() => weightScales({ scale: [0.1, -0.2], zeroPoint: [0], axis: 0 }, 2, 0, 'w')).toThrow(/scale/);
    expect(() => weightScales({ scale: [0.1, 0.2, 0.3], zeroPoint: [0], axis: 0 }, 2, 0, 'w')).toThrow(/3 scales/);
  });
});
