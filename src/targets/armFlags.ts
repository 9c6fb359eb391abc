/**
 * arm-none-eabi-gcc's architecture flags for a Cortex-M descriptor: the core from `build.cpu`, the float ABI and
 * FPU from its `isa` features (Arm's GCC options for each core: -mcpu, -mfloat-abi, -mfpu).
 */
import { TinyfitError } from '../errors';
import { Target } from './types';

/** The FPU each core has when its descriptor lists `fpu` (single precision) or `fpu-dp` (double precision). */
const FPU: Record<string, { sp?: string; dp?: string }> = {
  'cortex-m0': {},
  'cortex-m0plus': {},
  'cortex-m3': {},
  'cortex-m4': { sp: 'fpv4-sp-d16' },
  'cortex-m7': { sp: 'fpv5-sp-d16', dp: 'fpv5-d16' },
  'cortex-m33': { sp: 'fpv5-sp-d16' },
  'cortex-m55': { sp: 'auto', dp: 'auto' },
};

/**
 * `-mcpu=… -mthumb -mfloat-abi=… [-mfpu=…]` for a cortex-m target.
 * @throws TinyfitError naming the descriptor field when the core is not a Cortex-M GCC knows, or lists an FPU it has not
 */
export function armFlags(t: Target): string {
  const cpu = t.build.cpu ?? '';
  const fpu = FPU[cpu];
  if (!fpu) throw new TinyfitError(`target '${t.id}': build.cpu '${cpu}' is not a Cortex-M core tinyfit builds for (${Object.keys(FPU).join(', ')})`);
  const want = t.isa.includes('fpu-dp') ? fpu.dp : t.isa.includes('fpu') ? fpu.sp : undefined;
  if ((t.isa.includes('fpu') || t.isa.includes('fpu-dp')) && !want) {
    throw new TinyfitError(`target '${t.id}': isa lists ${t.isa.includes('fpu-dp') ? 'fpu-dp' : 'fpu'}, which ${cpu} does not have`);
  }
  if (!want) return `-mcpu=${cpu} -mthumb -mfloat-abi=soft`;
  return `-mcpu=${cpu} -mthumb -mfloat-abi=hard${want === 'auto' ? '' : ` -mfpu=${want}`}`;
}
