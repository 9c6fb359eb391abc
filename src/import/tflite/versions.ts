/**
 * The TFLite builtin operators tinyfit compiles and the highest version of each it accepts. An operator's
 * version rises when the converter needs a newer kernel feature (int16 activations, int4 or hybrid weights,
 * grouped convolution, ...); tinyfit accepts the versions whose features it implements and rejects the rest at
 * import, naming the op, its version and its index — never on a board. Tensor types are checked separately,
 * so a version that only adds a type tinyfit rejects anyway is accepted here.
 */
export const SUPPORTED_OPS: Readonly<Record<string, number>> = {
  CONV_2D: 3, // 3: int8 per-channel; 4: hybrid per-channel, 5: grouped, 6+: int16/int4
  DEPTHWISE_CONV_2D: 3, // 2: dilation, 3: int8 per-channel; 4+: hybrid, int16, int4
  FULLY_CONNECTED: 5, // 4: int8, 5: keep_num_dims; 6+: hybrid asymmetric, sparse, int16, int4
  AVERAGE_POOL_2D: 2, // 2: int8; 3: int16
  MAX_POOL_2D: 2,
  ADD: 2, // 2: int8; 3: int16, 4+: 5-D broadcast, int64
  SUB: 2,
  MUL: 3, // 3: int8 with s1·s2/s_out ≥ 1; 4+: int16, complex
  CONCATENATION: 3, // 2: int8, 3: int32 (rejected by type)
  RESHAPE: 1,
  SQUEEZE: 1,
  SOFTMAX: 2, // 2: int8; 3: int16
  LOGISTIC: 2,
  TANH: 2,
  RELU: 2, // 2: int8; 3: int16
  RELU6: 2,
  RELU_N1_TO_1: 1,
  LEAKY_RELU: 2, // 2: int8; 3+: int16
  HARD_SWISH: 1,
  PAD: 2, // 2: int8; 3+: 5-D, int16
  MEAN: 2, // 2: int8; 3: int16
  QUANTIZE: 2, // 2: int8 outputs; 3+: int16
  DEQUANTIZE: 3, // 2: int8, 3: float16 constants
};
