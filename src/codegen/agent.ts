/**
 * The device agent in a generated project (firmware/agent/, docs/agent-protocol.md): its sources copied into
 * `agent/` with the prefix rewritten, and what the generated `agent/agent_model.c` and `agent/agent_config.h`
 * say about this firmware — the model's hash (so the host never validates a firmware built from another model),
 * the arena window each op runs in, the weight arrays LOAD_WEIGHTS may overwrite, the frame size.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { MemoryPlan } from '../plan';
import { copyFirmware } from './firmwareCopy';
import { EmittedWeights } from './weights';

/**
 * Bytes of the largest payload the agent takes. The agent is stop-and-wait, so each frame costs one turnaround
 * (the answer's bytes plus the host's and the board's reaction, ~2 ms over a USB adapter) on top of its line time:
 * at 921600 baud a 1 KB frame (11 ms) spends ~15 % of the line on turnarounds, a 4 KB one (45 ms) ~4 %
 * (docs/fault-injection.md, bench/deviceLink.ts). The agent holds two frame buffers, so boards with at least
 * 256 KB of RAM get 4 KB frames (8 KB of RAM), smaller ones 1 KB, and boards under 64 KB 256 B.
 */
export function agentMaxPayload(ramBytes: number | null): number {
  if (ramBytes !== null && ramBytes < 64 * 1024) return 256;
  return ramBytes !== null && ramBytes >= 256 * 1024 ? 4096 : 1024;
}

/** The agent's C files as the project gets them: `agent/<file>` → contents. */
export function agentFiles(firmwareDir: string, prefix: string, modelName: string): Map<string, string> {
  const dir = path.join(firmwareDir, 'agent');
  const files = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((x) => /\.(c|h)$/.test(x)).sort()) {
    files.set(`agent/${f}`, copyFirmware({ firmwareDir, rel: `agent/${f}`, note: 'device agent' }, `agent/${f}`, prefix, modelName));
  }
  return files;
}

/** The model's hash: SHA-256 of the generated model.c and weights.c, first 16 bytes, hex. */
export function modelHash(modelC: string, weightsC: string): string {
  return createHash('sha256').update(modelC).update('\0').update(weightsC).digest('hex').slice(0, 32);
}

/** Per call (in execution order): the lowest and one past the highest arena byte live while it runs. */
export function opArenaWindows(plan: MemoryPlan, steps: number[]): [number, number][] {
  const { buffers } = plan.problem;
  return steps.map((s) => {
    let lo = Infinity;
    let hi = 0;
    buffers.forEach((b, i) => {
      if (b.first <= s && s <= b.last) {
        lo = Math.min(lo, plan.placement.offsets[i]);
        hi = Math.max(hi, plan.placement.offsets[i] + b.bytes);
      }
    });
    return Number.isFinite(lo) ? [lo, Math.min(hi, plan.arenaBytes)] : [0, 0];
  });
}

const C_BYTES: Record<string, number> = { float: 4, int32_t: 4, uint16_t: 2, int8_t: 1 };

/** The template context of agent_model.c / agent_config.h. */
export function agentContext(plan: MemoryPlan, steps: number[], weights: EmittedWeights, hash: string, maxPayload: number, weightsInRam: boolean) {
  const windows = opArenaWindows(plan, steps);
  return {
    maxPayload,
    numOps: steps.length,
    ticksDecl: steps.length + 1,
    opArena: windows.map(([lo, hi]) => `${lo}u, ${hi}u`).join(',\n  ') || '0u, 0u',
    hashBytes: (hash.match(/../g) ?? []).map((h) => `0x${h}u`).join(', '),
    hash,
    weightsWritable: weightsInRam,
    weightArrays: weights.arrays.map((a) => ({ symbol: a.symbol, bytes: a.size * (C_BYTES[a.ctype] ?? 4) })),
    sources: ['agent/agent.c', 'agent/agent_frame.c', 'agent/agent_model.c'],
    headers: ['agent/agent.h', 'agent/agent_config.h', 'agent/agent_frame.h'],
  };
}

/** The agent part of the template context (false when the firmware has no agent). */
export type AgentContext = ReturnType<typeof agentContext>;
