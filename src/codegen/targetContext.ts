/** The `target` object of the template context: the whole descriptor plus conveniences for templates. */
import { Target, targetFigures, TargetFigures } from '../targets';
import { cComment } from './format';

/** The descriptor as templates see it. */
export type TargetContext = Target &
  TargetFigures & {
    /** The board's name, safe inside a C comment. */
    label: string;
    /** ISA features joined with ", " ('' when none). */
    isaList: string;
    /** `timer` upper-cased for macro names (DWT, CLOCK_GETTIME), '' when absent. */
    TIMER: string;
  };

/** The template context's `target`: descriptor fields, RAM/flash/clock figures, and comment-safe text. */
export function targetContext(t: Target): TargetContext {
  return {
    ...t,
    ...targetFigures(t),
    label: cComment(t.name),
    isaList: t.isa.join(', '),
    TIMER: (t.timer ?? '').toUpperCase(),
  };
}
