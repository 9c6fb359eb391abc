/**
 * Integer arithmetic of int8 quantization, bit-exact with TFLite / TFLite Micro / CMSIS-NN
 * (TFLite's quantization specification; tensorflow/lite/kernels/internal/common.h). One import point for the two halves:
 * - fixedPoint.ts: QuantizeMultiplier, SaturatingRoundingDoublingHighMul, RoundingDivideByPOT and both
 *   MultiplyByQuantizedMultiplier variants (the per-element hot path; exact without BigInt);
 * - params.ts: scales and zero points, float↔int conversion, activation clamps, effective multipliers,
 *   weight and bias quantization (float32/double choices mirroring TFLite).
 */
export * from './fixedPoint';
export * from './quantParams';
export * from './rounding';
