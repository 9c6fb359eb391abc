/** The summary above the chart: a line about the model and plan, and cards with the key figures. */
import { PlanBuffer } from '../problem';
import { escapeHtml } from './escapeHtml';
import { group, human, ratio } from './format';
import { ReportContext } from './reportContext';

/** The meta line (inner HTML): model, activation type, buffers, steps, alignment and placement algorithm. */
export function renderMeta(ctx: ReportContext): string {
  const { modelName, problem, placement, elemType } = ctx.input;
  return (
    `<span id="sum-model">model <b>${escapeHtml(modelName)}</b></span>` +
    (elemType !== undefined ? ` · <span id="sum-elem">activations <b>${escapeHtml(elemType)}</b></span>` : '') +
    ` · <span id="sum-plan">${ctx.bufs.length} buffers over ${problem.steps} steps, align ${problem.align} B, ` +
    `placed by <b>${escapeHtml(placement.algorithm)}</b></span>`
  );
}

/**
 * The cards, one HTML element each: arena, lower bound (and arena/LB), plain lower bound when known, TFLM
 * greedy (and arena/TFLM), and the peak op with what is `live` there.
 */
export function renderSummaryCards(ctx: ReportContext, live: PlanBuffer[]): string[] {
  const { lowerBoundBytes, plainLowerBoundBytes, tflmGreedyBytes } = ctx.input;
  const { arena, peakStep, opName } = ctx;
  const liveBytes = live.reduce((s, b) => s + b.bytes, 0);
  const card = (id: string, k: string, v: string, sub = '', cls = ''): string =>
    `<div class="card${cls ? ' ' + cls : ''}" id="${id}"><div class="k">${escapeHtml(k)}</div><div class="v">${v}</div>` +
    (sub ? `<div class="s">${sub}</div>` : '') +
    '</div>';
  const exact = (n: number): string => `${group(n)} B`;
  const cards: string[] = [];
  cards.push(card('sum-arena', 'Arena', escapeHtml(human(arena)), escapeHtml(exact(arena)), 'main'));
  cards.push(
    card(
      'sum-lb',
      'Lower bound',
      escapeHtml(human(lowerBoundBytes)),
      `${escapeHtml(exact(lowerBoundBytes))} · <span id="sum-ratio-lb">arena/LB <b>${ratio(arena, lowerBoundBytes)}</b></span>`,
    ),
  );
  if (plainLowerBoundBytes !== undefined) {
    cards.push(
      card('sum-plainlb', 'Plain lower bound', escapeHtml(human(plainLowerBoundBytes)), `${escapeHtml(exact(plainLowerBoundBytes))} · no in-place / views`),
    );
  }
  cards.push(
    card(
      'sum-tflm',
      'TFLM greedy',
      tflmGreedyBytes !== undefined ? escapeHtml(human(tflmGreedyBytes)) : '—',
      `${tflmGreedyBytes !== undefined ? escapeHtml(exact(tflmGreedyBytes)) + ' · ' : ''}<span id="sum-ratio-tflm">arena/TFLM <b>${ratio(arena, tflmGreedyBytes)}</b></span>`,
    ),
  );
  cards.push(
    card(
      'sum-peak',
      'Peak op',
      `step ${peakStep}: <code>${escapeHtml(opName(peakStep))}</code>`,
      `${live.length} buffers live · ${escapeHtml(exact(liveBytes))}`,
      'wide',
    ),
  );
  return cards;
}
