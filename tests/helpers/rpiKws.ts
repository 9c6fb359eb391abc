/**
 * The MLPerf Tiny KWS model (int8 I/O) built for the Raspberry Pi 4 with the device agent (aarch64-linux-gnu-gcc)
 * and for the host, for the device tests that run the Pi's runner in qemu-aarch64 and compare with the host build.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { generate } from '../../src/codegen';
import { importModel } from '../../src/import';
import { optimize } from '../../src/passes';
import { setIo } from '../../src/quantize/boundary';
import { getTarget } from '../../src/targets';
import { buildRunner, STRICT } from './cproject';
import { MLPERF_DIR } from './mlperf';
import { mulberry32 } from './rng';

/** The built projects. */
export interface RpiKws {
  /** The aarch64 runner. */
  runner: string;
  /** The model's hash as tinyfit generate reported it. */
  modelHash: string;
  /** Input and output bytes. */
  inputBytes: number;
  outputBytes: number;
  /** What the host build outputs for one input. */
  host(input: Buffer): Buffer;
  /** The command that runs an aarch64 program here (qemu-aarch64 with the cross sysroot and the Pi 4's CPU). */
  emulator: string[];
}

/** Generates and builds KWS for rpi4 (in `root`/rpi4) and the host (in `root`/host). */
export function buildRpiKws(root: string): RpiKws {
  const g = optimize(importModel(path.join(MLPERF_DIR, 'kws_ref_model.tflite')));
  setIo(g, 'int8');
  const dir = path.join(root, 'rpi4');
  const r = generate(g, { target: 'rpi4', outDir: dir });
  const make = spawnSync('make', ['-s', '-C', dir], { encoding: 'utf8' });
  if (make.status !== 0) throw new Error(`make in ${dir} failed: ${make.stderr}`);
  const hostDir = path.join(root, 'host');
  generate(g, { target: 'host', outDir: hostDir, name: 'model' });
  const hostRunner = buildRunner(hostDir, 'gcc', `-O2 ${STRICT}`);
  const e = getTarget('rpi4').emulator!;
  return {
    runner: path.join(dir, 'runner'),
    modelHash: r.modelHash,
    inputBytes: r.inputs.reduce((a, t) => a + t.bytes, 0),
    outputBytes: r.outputs.reduce((a, t) => a + t.bytes, 0),
    host: (input) => spawnSync(hostRunner, [], { input }).stdout,
    emulator: [e.program, '-L', e.sysroot!, '-cpu', e.cpu!],
  };
}

/** A seeded int8 sample of `bytes` bytes. */
export function int8Sample(bytes: number, seed: number): Buffer {
  const rng = mulberry32(seed);
  return Buffer.from(Array.from({ length: bytes }, () => Math.floor(rng() * 256)));
}
