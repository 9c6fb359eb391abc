import type { Argv, CommandModule } from 'yargs';
import { hasCommand } from '../../build';
import { describePort, listPorts } from '../../device/discover';
import { listTargets } from '../../targets';
import { getFamily } from '../../targets/family';
import { runCommand } from '../errors';
import { table } from '../table';

interface Args {
  all: boolean;
  json: boolean;
  verbose: boolean;
}

/** `tinyfit devices`: the connected boards (USB serial ports, with the targets their ids match) and the virtual ones. */
export const devicesCommand: CommandModule<object, Args> = {
  command: 'devices',
  describe: 'List connected boards (serial port, USB VID:PID, serial number, matching targets) and the virtual boards this machine can start',
  builder: (y: Argv) =>
    y
      .option('all', { type: 'boolean', default: false, describe: 'also serial ports without a USB device (built-in UARTs)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable result on stdout' }) as unknown as Argv<Args>,
  handler: (a) =>
    runCommand(a.verbose, () => {
      const targets = listTargets();
      const ports = listPorts(targets, { all: a.all });
      const virtual = targets
        .filter((t) => t.emulator)
        .map((t) => ({ target: t.id, emulator: t.emulator!.program, installed: hasCommand(t.emulator!.program), agent: getFamily(t.family).agent }));
      if (a.json) {
        process.stdout.write(JSON.stringify({ ports, virtual }, null, 2) + '\n');
        return;
      }
      process.stdout.write(
        ports.length
          ? table(['port', 'USB', 'serial number', 'product', 'targets'], ports.map((p) => [p.path, p.vid ? `${p.vid}:${p.pid}` : '-', p.serialNumber ?? '-', p.product ?? '-', p.targets.join(', ') || '-'])) + '\n'
          : 'no USB serial boards connected (plug one in; on Linux your user needs the dialout group)\n',
      );
      const dup = ports.filter((p, i) => p.vid && ports.some((q, j) => j !== i && q.vid === p.vid && q.pid === p.pid));
      if (dup.length) process.stdout.write(`several boards share a USB id (${dup.map(describePort).join('; ')}): pick one with --serial or --port\n`);
      process.stdout.write(`virtual boards: ${virtual.map((v) => `${v.target}${v.agent ? '' : ' (self-test only, no agent)'}${v.installed ? '' : ` (needs ${v.emulator})`}`).join(', ')}\n`);
    }),
};
