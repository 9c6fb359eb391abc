/**
 * A fixture sysfs tree for device discovery tests (listPorts' sysRoot): USB serial boards as the kernel shows
 * them — /sys/class/tty/<tty>/device → the USB interface, whose parent holds idVendor, idProduct, serial,
 * product — so identical boards, serial numbers and renamed ttys can be set up without the hardware.
 */
import * as fs from 'fs';
import * as path from 'path';

/** One USB serial board of the fixture. */
export interface FixtureBoard {
  tty: string;
  vid: string;
  pid: string;
  serial: string;
  product?: string;
}

/** Adds a board to the fixture rooted at `sysRoot` (its USB device folder is named after its serial number). */
export function addBoard(sysRoot: string, b: FixtureBoard): void {
  const usb = path.join(sysRoot, 'devices', 'pci0000:00', 'usb1', `1-${b.serial}`);
  const intf = path.join(usb, `1-${b.serial}:1.0`);
  fs.mkdirSync(intf, { recursive: true });
  const attrs: Record<string, string | undefined> = { idVendor: b.vid, idProduct: b.pid, serial: b.serial, product: b.product };
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) fs.writeFileSync(path.join(usb, k), `${v}\n`);
  const tty = path.join(sysRoot, 'class', 'tty', b.tty);
  fs.mkdirSync(tty, { recursive: true });
  fs.symlinkSync(intf, path.join(tty, 'device'));
}

/** The kernel gave the board on `from` the name `to` (after a reset or a replug). */
export function renameTty(sysRoot: string, from: string, to: string): void {
  fs.renameSync(path.join(sysRoot, 'class', 'tty', from), path.join(sysRoot, 'class', 'tty', to));
}

/** Removes a board's tty (unplugged). */
export function removeTty(sysRoot: string, tty: string): void {
  fs.rmSync(path.join(sysRoot, 'class', 'tty', tty), { recursive: true, force: true });
}
