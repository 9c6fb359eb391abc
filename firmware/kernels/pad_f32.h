#ifndef TINYFIT_PAD_F32_H
#define TINYFIT_PAD_F32_H

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Zero-pads the spatial axes of an NHWC tensor without batch axis. The output has shape
 * [top + h + bottom][left + w + right][c].
 *
 * @param in     Input, shape [h][w][c].
 * @param h      Input height.
 * @param w      Input width.
 * @param c      Channels.
 * @param top    Zero rows added above (>= 0).
 * @param left   Zero columns added left (>= 0).
 * @param bottom Zero rows added below (>= 0).
 * @param right  Zero columns added right (>= 0).
 * @param out    Output; must not alias `in`.
 */
void tinyfit_pad_f32(const float *in, int h, int w, int c,
                     int top, int left, int bottom, int right, float *out);

#ifdef __cplusplus
}
#endif

#endif /* TINYFIT_PAD_F32_H */
