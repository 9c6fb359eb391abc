/**
 * A real KWS firmware (MLPerf Tiny keyword spotting, int8 I/O, device agent) on the virtual Cortex-M4, for the
 * device-link tests and benches: generated and built once with the CLI, started in QEMU as often as needed, with
 * the host reference's outputs to compare the board's against.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentClient, AgentClientOptions } from '../../src/device/agent/client';
import { AgentInfo } from '../../src/device/agent/protocol';
import { BuildManifest, builtImage, readManifest } from '../../src/device/board/manifest';
import { runSamples } from '../../src/device/board/operations';
import { hostOutputs } from '../../src/device/board/reference';
import { loadSamples, randomSamples, Samples } from '../../src/device/board/samples';
import { familyBinary } from '../../src/device/board/session';
import { QemuSession, startQemu } from '../../src/device/qemu';
import { Transport } from '../../src/device/transport';
import { runCli } from './cli';
import { MLPERF_DIR } from './mlperf';

/** A generated and built project with samples and the host reference's outputs for them. */
export interface PreparedBuild {
  root: string;
  m: BuildManifest;
  samples: Samples;
  reference: Buffer[][];
}

/**
 * Generates and builds `model` for qemu-cortex-m4 with int8 I/O in a scratch folder.
 * @param extra more `tinyfit generate` options (e.g. --weights-in-ram)
 */
export function prepareBuild(model: string, extra: string[] = [], sampleCount = 3): PreparedBuild {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tinyfit-link-'));
  const dir = path.join(root, 'fw');
  for (const args of [['generate', model, '--target', 'qemu-cortex-m4', '--io', 'int8', '--out', dir, ...extra], ['build', dir]]) {
    const r = runCli(args, { timeout: 300_000 });
    if (r.status !== 0) throw new Error(`tinyfit ${args.join(' ')} failed: ${r.stderr}`);
  }
  const m = readManifest(dir);
  const kwsNpy = path.join(MLPERF_DIR, 'kws_input.npy');
  const given = model.includes('kws') && fs.existsSync(kwsNpy) ? loadSamples([kwsNpy], m.inputs) : undefined;
  const random = randomSamples(m.inputs, given ? sampleCount - 1 : sampleCount, 7);
  const samples: Samples = given ? { count: sampleCount, inputs: m.inputs.map((_, k) => [...given.inputs[k], ...random.inputs[k]]) } : random;
  return { root, m, samples, reference: hostOutputs(m, samples) };
}

/** The KWS model of MLPerf Tiny, shipped in examples/. */
export const KWS_MODEL = path.join(MLPERF_DIR, 'kws_ref_model.tflite');

/** A started virtual board with a client over a (possibly wrapped) link. */
export interface RunningBoard {
  qemu: QemuSession;
  link: Transport;
  client: AgentClient;
  info: AgentInfo;
  stop(): Promise<void>;
}

/**
 * Starts the build in QEMU, wraps its UART link with `wrap` (a fault injector, a paced line) and waits for the
 * boot event (undefined `info` fields if it never came: the caller's case decides).
 */
export async function startBoard(m: BuildManifest, wrap: (t: Transport) => Transport = (t) => t, opts: AgentClientOptions & { waitBoot?: boolean } = {}): Promise<RunningBoard> {
  const qemu = await startQemu(m.board, builtImage(m, familyBinary(m)));
  const link = wrap(qemu.transport);
  const client = new AgentClient(link, opts);
  const stop = async (): Promise<void> => {
    await link.close();
    await qemu.stop();
  };
  let info: AgentInfo | undefined;
  if (opts.waitBoot !== false) {
    info = await client.waitBoot(10_000);
    if (!info) {
      await stop();
      throw new Error('the virtual board did not boot');
    }
  }
  return { qemu, link, client, info: info as AgentInfo, stop };
}

/** Runs every sample through the agent (SET_INPUT in chunks of `maxPayload`, INVOKE, GET_OUTPUT). */
export async function runOn(b: RunningBoard, p: PreparedBuild, maxPayload?: number): Promise<Buffer[][]> {
  const info = b.info ?? (await b.client.info());
  const session = { client: b.client, info: { ...info, maxPayload: maxPayload ?? info.maxPayload }, transport: b.link, where: b.link.name, virtual: true, close: b.stop };
  return (await runSamples(session, p.m, p.samples)).outputs;
}
