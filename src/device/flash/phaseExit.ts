/** The exit code of each flash phase (src/errors.ts EXIT), so a script can tell which step failed. */
import { EXIT } from '../../errors';
import { FlashPhase } from './types';

const EXIT_OF: Record<FlashPhase, number> = { connect: EXIT.connect, erase: EXIT.erase, write: EXIT.write, verify: EXIT.verify, reset: EXIT.reset };

/** The exit code of a phase. */
export const phaseExit = (phase: FlashPhase): number => EXIT_OF[phase];
