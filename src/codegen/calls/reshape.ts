/** reshape emits no code: its output is its input's bytes (the planner aliases them). */
import { NO_CODE, OpCalls } from './common';

export const reshapeCalls: OpCalls<'reshape'> = { float: NO_CODE, int8: NO_CODE };
