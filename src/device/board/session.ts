/**
 * A session with the agent on a board that runs a given build: a virtual board is started (QEMU with the built
 * image, UART on a pty), a real one is opened on --port or found by its USB ids and serial number. The agent's
 * INFO is checked against the build — same model hash, same I/O — so a board running another model is never
 * validated or profiled as if it ran this one.
 */
import { EXIT, TinyfitError } from '../../errors';
import { getFamily } from '../../targets/family';
import { AgentClient } from '../agent/client';
import { AgentInfo } from '../agent/protocol';
import { listPorts, PortInfo, pickPort, samePort } from '../discover';
import { reconnecting } from '../reconnect';
import { startQemu } from '../qemu';
import { spawnTransport } from '../processTransport';
import { openSerial } from '../serialTransport';
import { Transport } from '../transport';
import { BuildManifest, builtImage } from './manifest';
import { listTargets } from '../../targets';

/** Options of {@link openBoard}. */
export interface BoardOptions {
  /** Serial port of a real board (or an emulator's pty); without it a virtual board is started, a real one searched for. */
  port?: string;
  /** USB serial number picking one of several identical boards. */
  serial?: string;
  /** Line speed of the agent's UART (default: the target's uart.baud, else 115200). */
  baud?: number;
  /** Every chunk on the link (`--trace`). */
  trace?: (direction: 'tx' | 'rx', data: Buffer) => void;
  /** Deadline of one agent answer, ms. */
  timeoutMs?: number;
  /** Deadline for the board to boot and answer, ms (default 15000). */
  bootTimeoutMs?: number;
  /** How long a vanished USB board is looked for by its serial number before giving up, ms (default 10000). */
  reconnectMs?: number;
  /** Where boards are looked for: sysfs and /dev roots (tests point them at fixture trees). */
  sysRoot?: string;
  devRoot?: string;
}

/** An open session with a board's agent. */
export interface BoardSession {
  client: AgentClient;
  info: AgentInfo;
  transport: Transport;
  /** Where the board is: the port, or "QEMU <machine> on <pty>". */
  where: string;
  virtual: boolean;
  close(): Promise<void>;
}

/**
 * Opens a session with the board that runs `m`'s build.
 * @throws TinyfitError (EXIT.connect) when no agent answers, (EXIT.mismatch) when the board runs another build
 */
export async function openBoard(m: BuildManifest, opts: BoardOptions = {}): Promise<BoardSession> {
  const target = m.board;
  const baudRate = opts.baud ?? target.uart?.baud ?? 115200;
  let transport: Transport;
  let where: string;
  let stop: () => Promise<void>;
  let virtual = false;
  const emulator = target.emulator;
  if (opts.port === undefined && emulator && /^qemu-system-/.test(emulator.program)) {
    const image = builtImage(m, familyBinary(m));
    const q = await startQemu(target, image, { trace: opts.trace });
    transport = q.transport;
    where = `QEMU ${emulator.machine ?? emulator.program} on ${q.pty}`;
    stop = () => q.stop();
    virtual = true;
  } else if (opts.port === undefined && emulator && emulator.sysroot !== undefined) {
    // A user-mode emulator (qemu-aarch64 for the Raspberry Pi runner): the agent on its standard streams.
    const image = builtImage(m, familyBinary(m));
    const args = [...(emulator.cpu ? ['-cpu', emulator.cpu] : []), '-L', emulator.sysroot, image, '--agent'];
    transport = await spawnTransport(emulator.program, args, { name: `${emulator.program} ${image}`, trace: opts.trace });
    where = `${emulator.program} (user mode)`;
    stop = () => transport.close();
    virtual = true;
  } else {
    const roots = { sysRoot: opts.sysRoot, devRoot: opts.devRoot };
    const ports = listPorts(listTargets(), roots);
    const picked: PortInfo | undefined = opts.port === undefined ? pickPort(target, ports, opts.serial) : ports.find((p) => samePort(p.path, opts.port!));
    const port = opts.port ?? picked!.path;
    const open = (path: string): Promise<Transport> => openSerial(path, { baudRate, trace: opts.trace });
    transport = await open(port);
    // A USB board with a serial number is followed to its new port when its port vanishes (reset, replug).
    if (picked?.serialNumber && target.usb?.length) {
      transport = reconnecting(transport, { target, serial: picked.serialNumber, reopen: open, refindMs: opts.reconnectMs, ...roots });
    }
    where = port;
    stop = () => transport.close();
  }
  try {
    const client = new AgentClient(transport, { timeoutMs: opts.timeoutMs });
    const info = virtual ? await bootInfo(client, where, opts.bootTimeoutMs ?? 15_000) : await client.info();
    checkBuild(m, info, where);
    return { client, info, transport, where, virtual, close: stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The image a project's build produces (the family's binary). */
export function familyBinary(m: BuildManifest): string {
  const build = getFamily(m.board.family).build;
  if (!build) throw new TinyfitError(`the ${m.board.family} family is built by its own tools, not by tinyfit: flash it with them, then give --port`);
  return build.binary.replace('{{prefix}}', m.prefix);
}

/**
 * A just-started board: its boot event, then INFO (which also proves the link works both ways). QEMU drops what
 * the guest sends before the host has opened the pty, so a boot event that came too early is not waited for
 * long: INFO is asked (and asked again) until the deadline.
 */
async function bootInfo(client: AgentClient, where: string, timeoutMs: number): Promise<AgentInfo> {
  const deadline = Date.now() + timeoutMs;
  await client.waitBoot(Math.min(1000, timeoutMs));
  for (;;) {
    try {
      return await client.info();
    } catch (e) {
      if (!(e instanceof TinyfitError) || e.exitCode !== EXIT.connect || Date.now() >= deadline) {
        if (e instanceof TinyfitError && e.exitCode === EXIT.connect) {
          throw new TinyfitError(`the firmware on ${where} did not answer within ${timeoutMs} ms (${client.skippedBytes} B of other output): was it generated with the agent and built?`, EXIT.connect);
        }
        throw e;
      }
    }
  }
}

/**
 * Checks that the board runs the build: model hash, input and output sizes.
 * @throws TinyfitError (EXIT.mismatch) naming both models
 */
export function checkBuild(m: BuildManifest, info: AgentInfo, where: string): void {
  if (info.modelHash !== m.modelHash) {
    throw new TinyfitError(
      `the board on ${where} runs model '${info.modelName}' (hash ${info.modelHash.slice(0, 12)}, target ${info.target}), not ${m.dir}'s '${m.model}' (hash ${m.modelHash.slice(0, 12)}): flash it with \`tinyfit flash ${m.dir}\``,
      EXIT.mismatch,
    );
  }
  const sizes = (t: { bytes: number }[]): string => t.map((x) => x.bytes).join(',');
  if (sizes(info.inputs) !== sizes(m.inputs) || sizes(info.outputs) !== sizes(m.outputs)) {
    throw new TinyfitError(`the board on ${where} reports inputs of ${sizes(info.inputs)} B and outputs of ${sizes(info.outputs)} B, ${m.dir} says ${sizes(m.inputs)} and ${sizes(m.outputs)}: generate and flash again`, EXIT.mismatch);
  }
}
