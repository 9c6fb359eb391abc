/**
 * Op reordering to lower the activation-memory peak (Liberis & Lane 2019, "Neural networks on
 * microcontrollers: saving memory at inference via operator reordering": memoised search over topological
 * orders).
 *
 * The op order decides which activations are live together. For a branched graph (Inception, DenseNet,
 * multi-branch heads) another valid topological order can lower the peak of live bytes, which is the lower
 * bound of any arena placement. The liveness model is the plain one of `buildProblem` without in-place
 * techniques (../build.ts):
 *   - activation tensors (no `data`) are buffers, constants cost nothing;
 *   - a reshape output aliases its input (one buffer, union lifetime, size = its largest member);
 *   - a buffer is live from its first touch (producer, or step 0 for a graph input) to its last touch
 *     (last consumer, or the last step for a graph output), inclusive;
 *   - peak = max over steps of the sum of the live buffers' bytes.
 *
 * Exact algorithm: depth-first search over the sets of executed ops (downsets of the DAG) with memoisation
 * and bounds (./branchAndBound.ts).
 *
 * The graph is first cut at ops every other op is an ancestor or descendant of: the executed-op sets split
 * there and the peak is the max over the segments between cuts, so each segment is searched on its own
 * (an Inception/ResNet stack becomes one small search per block). Per segment, in this order
 * (./reorderOps.ts):
 *   1. heuristics: the original order and three greedy list schedules (least step bytes, least resident
 *      bytes after the step, depth first), the best kept;
 *   2. a short exact search with a node budget (deterministic: what it solves does not depend on the
 *      machine's speed);
 *   3. beam searches of growing width over partial orders (merging equal op sets) for up to a quarter of
 *      the cap, which tighten the bound; a beam that never drops a state is exhaustive, hence exact;
 *   4. the exact search again with the rest of the time; its memo keeps what step 2 proved.
 * A proven lower bound (each op's own buffers plus every buffer an ancestor started and a descendant still
 * needs, ./bounds.ts) lets the search stop as soon as an order reaches it, and decides `exact` for the whole
 * graph. A segment whose search does not finish keeps its best heuristic or partial order (`exact: false`);
 * on such hard graphs the result can depend on the machine's speed, as the time cap does.
 *
 * Files: ./aliases.ts (reshape aliasing), ./peakOfOrder.ts (the peak of one order, from the graph),
 * ./scheduleModel.ts (the graph as index arrays), ./scheduleState.ts (liveness of a partial order),
 * ./reachability.ts and ./segments.ts (ancestors, descendants, cut ops), ./bounds.ts (lower bounds),
 * ./greedy.ts and ./beam.ts (heuristic orders), ./memo.ts, ./branchAndBound.ts and ./exactPass.ts (the
 * exact search), ./searchContext.ts (what the searches share), ./reorderOps.ts (the pipeline, time cap).
 */
export { peakOfOrder } from './peakOfOrder';
export { reorderOps } from './reorderOps';
export type { ReorderOptions, ReorderResult } from './reorderOps';
