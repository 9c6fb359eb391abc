/**
 * Finding boards: the serial ports of USB devices, read from Linux sysfs (/sys/class/tty/<tty>/device → the USB
 * interface → the device's idVendor, idProduct, serial, manufacturer, product). sysfs rather than
 * `SerialPort.list()`: the latter shells out to udevadm, which containers and minimal systems lack (it then fails
 * for every port), while sysfs is always there and needs no process. A board is picked by VID:PID **and** serial
 * number: two identical boards are never guessed between, and after a reset the same board is found again by its
 * serial number even when the kernel gives it another tty name.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EXIT, TinyfitError } from '../errors';
import { Target } from '../targets';

/** One serial port and the USB device behind it (USB fields absent for built-in UARTs). */
export interface PortInfo {
  path: string;
  vid?: string;
  pid?: string;
  serialNumber?: string;
  manufacturer?: string;
  product?: string;
  /** The targets whose descriptor lists this VID:PID. */
  targets: string[];
}

function readAttr(dir: string, name: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, name), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The USB device folder above a tty's device link (the first ancestor with idVendor), or undefined. */
function usbDeviceDir(ttyDir: string): string | undefined {
  let d: string;
  try {
    d = fs.realpathSync(path.join(ttyDir, 'device'));
  } catch {
    return undefined;
  }
  for (let i = 0; i < 6 && d !== path.dirname(d); i++, d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'idVendor'))) return d;
  }
  return undefined;
}

/**
 * The serial ports of USB devices (and, with `all`, every tty with a device behind it).
 * @param opts.sysRoot the sysfs root (default /sys; tests point it at a fixture tree), `devRoot` the /dev folder
 */
export function listPorts(targets: Target[], opts: { sysRoot?: string; devRoot?: string; all?: boolean } = {}): PortInfo[] {
  const sys = path.join(opts.sysRoot ?? '/sys', 'class', 'tty');
  let names: string[];
  try {
    names = fs.readdirSync(sys);
  } catch {
    return [];
  }
  const out: PortInfo[] = [];
  for (const name of names.sort()) {
    const ttyDir = path.join(sys, name);
    const usb = usbDeviceDir(ttyDir);
    if (!usb && !opts.all) continue;
    if (!usb && !fs.existsSync(path.join(ttyDir, 'device'))) continue;
    const vid = usb && readAttr(usb, 'idVendor')?.toUpperCase();
    const pid = usb && readAttr(usb, 'idProduct')?.toUpperCase();
    out.push({
      path: path.join(opts.devRoot ?? '/dev', name),
      vid,
      pid,
      serialNumber: usb && readAttr(usb, 'serial'),
      manufacturer: usb && readAttr(usb, 'manufacturer'),
      product: usb && readAttr(usb, 'product'),
      targets: vid && pid ? targets.filter((t) => t.usb?.some((u) => u.vid.toUpperCase() === vid && u.pid.toUpperCase() === pid)).map((t) => t.id) : [],
    });
  }
  return out;
}

/** Whether two paths name the same device (a symlink such as /dev/serial/by-id/… and its tty). */
export function samePort(a: string, b: string): boolean {
  try {
    return fs.realpathSync(a) === fs.realpathSync(b);
  } catch {
    return a === b;
  }
}

/** How a port is named in messages: path, VID:PID and serial number. */
export function describePort(p: PortInfo): string {
  return `${p.path} (${p.vid ?? '????'}:${p.pid ?? '????'}${p.serialNumber ? ` serial ${p.serialNumber}` : ''}${p.product ? `, ${p.product}` : ''})`;
}

/**
 * The one port of `target`'s board: by VID:PID from its descriptor, narrowed by `serial` when given.
 * @throws TinyfitError (EXIT.connect) when none is connected, or when several match and no serial number tells them apart
 */
export function pickPort(target: Target, ports: PortInfo[], serial?: string): PortInfo {
  const ids = (target.usb ?? []).map((u) => `${u.vid.toUpperCase()}:${u.pid.toUpperCase()}`);
  if (ids.length === 0) {
    throw new TinyfitError(`target '${target.id}' lists no USB ids to find its board by: give --port`, EXIT.connect);
  }
  let found = ports.filter((p) => ids.includes(`${p.vid}:${p.pid}`));
  if (serial !== undefined) found = found.filter((p) => p.serialNumber === serial);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const what = serial !== undefined ? `with serial number ${serial}` : `(USB ${ids.join(' or ')})`;
    throw new TinyfitError(`no ${target.id} board ${what} is connected: plug it in, or give --port (\`tinyfit devices\` lists the ports)`, EXIT.connect);
  }
  const list = found.map(describePort).join('; ');
  throw new TinyfitError(`${found.length} boards match ${target.id}: ${list} — refusing to guess: give --serial <number> or --port`, EXIT.connect);
}

/**
 * Waits for the board with serial number `serial` to come back (after a reset its port may be renumbered).
 * @returns its port, or undefined at the deadline
 */
export async function refind(target: Target, serial: string, timeoutMs: number, opts: { sysRoot?: string; devRoot?: string } = {}): Promise<PortInfo | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = listPorts([target], opts).find((x) => x.serialNumber === serial && x.targets.includes(target.id));
    if (p && fs.existsSync(p.path)) return p;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, 100));
  }
}
