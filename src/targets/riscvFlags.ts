/**
 * riscv64-unknown-elf-gcc's architecture flags for a 32-bit RISC-V descriptor: the first base ISA of its `isa`
 * list (rv32imc, rv32imac, rv32imafc) as -march, and the ABI that goes with it (ilp32, or ilp32f with the F
 * extension), so the compiler picks the matching multilib of libgcc and picolibc.
 */
import { TinyfitError } from '../errors';
import { Target } from './types';

/** The base ISAs tinyfit builds RV32 firmware for and their ABIs. */
const ABI: Record<string, string> = { rv32imc: 'ilp32', rv32imac: 'ilp32', rv32imafc: 'ilp32f' };

/**
 * `-march=… -mabi=…` for a riscv-family target.
 * @throws TinyfitError naming the descriptor's `isa` when it lists none of the RV32 base ISAs
 */
export function riscvFlags(t: Target): string {
  const march = t.isa.find((f) => f in ABI);
  if (!march) throw new TinyfitError(`target '${t.id}': isa lists no RV32 base ISA tinyfit builds for (${Object.keys(ABI).join(', ')})`);
  return `-march=${march} -mabi=${ABI[march]}`;
}
