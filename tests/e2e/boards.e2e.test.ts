/**
 * The real Cortex-M boards (no emulator models them here): every shipped descriptor's firmware builds with
 * `tinyfit build` inside the board's limits, its vector table sits at the start of the board's flash (a RAM image,
 * the Pico's: its entry code at the start of RAM, the vector table 256 B on, the whole image in firmware.uf2) and its
 * initial stack pointer at the top of the stack inside the board's RAM; the bring-up steps a descriptor lists
 * (`setup`) run as read-modify-writes and waits — checked at run time on the virtual Cortex-M4, where a wrong
 * step would hang; a model that cannot fit (a MobileNetV2 224×224 on the Nano 33 BLE) is refused, naming the
 * consumers.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { buildProject } from '../../src/build';
import { getTarget, listTargets } from '../../src/targets';
import { getTf } from '../../src/engine';
import { runCli } from '../helpers/cli';
import { runFirmware } from '../helpers/firmware';
import { KWS_TFLM_OUTPUT, MLPERF_DIR } from '../helpers/mlperf';
import { tempDir } from '../helpers/zooRun';
import { readUf2 } from '../../src/build/uf2';
import { buildMobileNetV2 } from '../zoo/models';
import { saveModel, seedWeights } from '../zoo/save';

const root = tempDir('boards');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const KWS = path.join(MLPERF_DIR, 'kws_ref_model.tflite');
const KWS_INPUT = path.join(MLPERF_DIR, 'kws_input.npy');
const REAL_BOARDS = listTargets()
  .filter((t) => t.family === 'cortex-m' && !t.emulator)
  .map((t) => t.id);

/** Symbol addresses of an ELF (arm-none-eabi-nm). */
function symbols(elf: string): Map<string, number> {
  const out = execFileSync('arm-none-eabi-nm', [elf], { encoding: 'utf8' });
  return new Map(out.split('\n').filter(Boolean).map((l) => l.split(/\s+/)).map(([addr, , name]) => [name, parseInt(addr, 16)]));
}

describe('real Cortex-M boards', () => {
  it('ships the boards the issue names', () => {
    expect(REAL_BOARDS).toEqual(expect.arrayContaining(['nucleo-l4r5zi', 'nucleo-h7a3zi-q', 'disco-f746ng', 'nano33ble', 'pico']));
  });

  it.each(REAL_BOARDS.map((b) => [b]))('%s: KWS builds within the limits, vectors at the image start, stack in RAM', (board) => {
    const out = path.join(root, `kws-${board}`);
    expect(runCli(['generate', KWS, '-t', board, '-o', out, '--io', 'int8', '--test-input', KWS_INPUT]).status).toBe(0);
    const r = buildProject(out);
    const t = getTarget(board);
    const ram = t.memory!.regions.find((x) => x.kind === 'ram')!;
    const sym = symbols(path.join(out, 'firmware.elf'));
    if (t.memory!.boot === 'ram') {
      // A RAM image is entered at its lowest address; the vector table follows, 256-byte aligned for VTOR.
      expect(r.ramImage).toBe(true);
      expect(r.flash.used).toBe(0);
      expect(sym.get('model_ram_entry')).toBe(ram.origin);
      expect(sym.get('model_vectors')).toBe(ram.origin + 256);
    } else {
      const flash = t.memory!.regions.find((x) => x.kind === 'flash')!;
      expect(r.flash.used).toBeLessThanOrEqual(r.flash.limit!);
      expect(sym.get('model_vectors')).toBe(flash.origin);
    }
    expect(r.ram.used + r.ram.stackReserve).toBeLessThanOrEqual(r.ram.limit!);
    expect(sym.get('_estack')).toBeGreaterThan(ram.origin);
    expect(sym.get('_estack')).toBeLessThanOrEqual(ram.origin + ram.length);
    expect(sym.get('model_arena')).toBeGreaterThanOrEqual(ram.origin);
    console.log(`${board}: flash ${r.flash.used} B of ${r.flash.limit} B, RAM ${r.ram.used} B + stack ${r.ram.stackReserve} B of ${r.ram.limit} B, static stack ${r.stack.bytes} B`);
  }, 120_000);

  it('pico: firmware.uf2 holds the RAM image, block by block, for the RP2040 boot ROM', () => {
    const out = path.join(root, 'kws-pico');
    const r = buildProject(out);
    expect(r.uf2).toBe(path.join(out, 'firmware.uf2'));
    const blocks = readUf2(fs.readFileSync(r.uf2!));
    const image = fs.readFileSync(path.join(out, 'firmware.bin'));
    expect(blocks.length).toBe(Math.ceil(image.length / 256));
    blocks.forEach((b, i) => {
      expect(b.familyId).toBe(0xe48bff56);
      expect(b.blockNo).toBe(i);
      expect(b.numBlocks).toBe(blocks.length);
      expect(b.address).toBe(0x20000000 + 256 * i);
    });
    const payload = Buffer.concat(blocks.map((b) => b.data)).subarray(0, image.length);
    expect(payload.equals(image)).toBe(true);
    // The flat image starts with the entry code and holds the vector table at +0x100: its initial SP and reset vector.
    const sym = symbols(path.join(out, 'firmware.elf'));
    expect(image.readUInt32LE(0x100)).toBe(sym.get('_estack'));
    expect(image.readUInt32LE(0x104) & ~1).toBe(sym.get('Reset_Handler'));
  });

  it("a board's setup steps run at start-up (read-modify-writes and waits, on the virtual Cortex-M4)", () => {
    // Two words of SRAM no section uses stand in for a board's registers: if a set, clear or wait did not do what
    // the descriptor says, a wait would never end and the run would time out.
    const base = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'targets', 'qemu-cortex-m4.json'), 'utf8'));
    delete base.$schema;
    const file = path.join(root, 'setup-m4.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ...base,
        id: 'setup-m4',
        setup: [
          { what: 'REG_A: set bits 7:4', address: '0x203FFF00', set: '0xF0' },
          { what: 'REG_A: bits 5:4 to 01', address: '0x203FFF00', clear: '0x30', set: '0x01', waitSet: '0xC1', waitClear: '0x30' },
          { what: 'REG_B: all ones, then wait for them', address: '0x203FFF04', set: '0xFFFFFFFF', waitSet: '0xFFFFFFFF' },
          { what: 'REG_B: clear the top byte', address: '0x203FFF04', clear: '0xFF000000', waitClear: '0xFF000000' },
        ],
      }),
    );
    const out = path.join(root, 'kws-setup');
    expect(runCli(['generate', KWS, '-t', file, '-o', out, '--io', 'int8', '--test-input', KWS_INPUT]).status).toBe(0);
    buildProject(out);
    const run = runFirmware(out, 60_000);
    expect(Array.from(new Int8Array(run.outputs[0].buffer, run.outputs[0].byteOffset, 12))).toEqual(KWS_TFLM_OUTPUT);
  }, 120_000);

  it('a MobileNetV2 224×224 does not fit the Nano 33 BLE: refused, naming the largest weight arrays', async () => {
    const tf = await getTf();
    const model = buildMobileNetV2(tf);
    seedWeights(model, 3);
    const dir = path.join(root, 'mnv2');
    await saveModel(model, dir, { quantize: 'uint8', shardBytes: 1 << 22 });
    model.dispose();
    const out = path.join(root, 'mnv2-nano');
    // int8 weights (hybrid: no calibration needed): 3.5 MB against 960 KB of flash.
    const g = runCli(['generate', dir, '-t', 'nano33ble', '-o', out, '--quantize', 'hybrid', '--json']);
    expect(g.status).toBe(0);
    const b = runCli(['build', out]);
    expect(b.status).toBe(1);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr.trim()).toMatch(/^tinyfit: error: the firmware does not fit target 'nano33ble': the weights alone take \d{7} B of the board's 983040 B of flash \(largest weight arrays: \S+ \d+ B, \S+ \d+ B, \S+ \d+ B\)$/);
    console.log(`MobileNetV2 on nano33ble: ${b.stderr.trim()}`);
  }, 300_000);
});
