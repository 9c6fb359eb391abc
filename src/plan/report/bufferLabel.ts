/** The text drawn inside a buffer rectangle. */
import { escapeHtml } from './escapeHtml';
import { fitText } from './format';
import { r2 } from './geometry';

/**
 * The inline label of a buffer rectangle: horizontal when the label fits across, else vertical when the rect is
 * tall and narrow, else truncated; with the size on a second line when there is room; '' when nothing fits.
 */
export function bufferLabel(label: string, size: string, x: number, y: number, w: number, h: number): string {
  const FS = 10.5;
  const cw = FS * 0.6;
  const minChars = Math.min(label.length, 10);
  // Characters that fit across and along the rectangle (the other dimension must hold one line of text).
  const across = h >= 12 ? fitText(label, w - 6, FS) : '';
  const along = w >= 13 ? fitText(label, h - 6, FS) : '';
  if (across.length >= minChars && across.length >= along.length) {
    const two = h >= 26 && w - 6 >= size.length * 9.5 * 0.6;
    const cy = y + h / 2 + (two ? -2 : 3.5);
    let out = `<text class="buflabel" x="${r2(x + 3)}" y="${r2(cy)}">${escapeHtml(across)}</text>`;
    if (two) out += `<text class="bufsize" x="${r2(x + 3)}" y="${r2(cy + 11)}">${escapeHtml(size)}</text>`;
    return out;
  }
  if (along.length >= minChars) {
    const two = w >= 26 && h - 6 >= (along.length + size.length + 2) * cw;
    const tx = x + w / 2 + (two ? -2 : 3.5);
    const head = `<text class="buflabel" transform="translate(${r2(tx)},${r2(y + h - 3)}) rotate(-90)">${escapeHtml(along)}`;
    return head + (two ? `<tspan class="bufsize" dx="6">${escapeHtml(size)}</tspan>` : '') + '</text>';
  }
  return '';
}
