/*
 * Window clipping shared by the windowed kernels (header only, static inline): which taps of a
 * convolution window land inside the input, so that a kernel visits only the in-bounds rectangle of
 * its window instead of testing every tap. Code generation copies this header into every project whose
 * kernels include it.
 */
#ifndef TINYFIT_WINDOW_H
#define TINYFIT_WINDOW_H

/*
 * Taps k in [*lo, *hi) of a k_n-tap window starting at o0 with step dil (>= 1) that land in [0, n):
 * o0 + k*dil is in [0, n) exactly for *lo <= k < *hi; *lo == *hi when no tap does.
 */
static inline void tinyfit_window_taps(int o0, int k_n, int dil, int n, int *lo, int *hi)
{
    int a = 0;
    int b = 0;
    if (dil == 1) {
        /* No dilation (the usual case): the same bounds without the divisions (a library call on Cortex-M0). */
        if (o0 < 0) a = -o0;
        if (o0 < n) b = n - o0 < k_n ? n - o0 : k_n;
        *lo = a > b ? b : a;
        *hi = b;
        return;
    }
    if (o0 < 0) a = (-o0 + dil - 1) / dil;
    if (o0 < n) {
        b = (n - 1 - o0) / dil + 1;
        if (b > k_n) b = k_n;
    }
    if (a > b) a = b;
    *lo = a;
    *hi = b;
}

#endif /* TINYFIT_WINDOW_H */
