/** identity emits no code: its output is its input's bytes (the planner aliases them). */
import { NO_CODE, OpCalls } from './common';

export const identityCalls: OpCalls<'identity'> = { float: NO_CODE, int8: NO_CODE };
