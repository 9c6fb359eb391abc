/**
 * Which process holds a serial port open (Linux: the /proc/<pid>/fd links), so "port busy" can name it: users
 * of serial tools lose time to a forgotten monitor holding the port.
 */
import * as fs from 'fs';

/** A process holding a file open. */
export interface Holder {
  pid: number;
  /** Its command name (/proc/<pid>/comm). */
  command: string;
}

/** The processes (other than this one) that hold `device` open; empty where /proc cannot tell. */
export function portHolders(device: string): Holder[] {
  let target: string;
  try {
    target = fs.realpathSync(device);
  } catch {
    return [];
  }
  const out: Holder[] = [];
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return [];
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (link === target) {
        let command = '?';
        try {
          command = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        } catch {
          // gone meanwhile
        }
        out.push({ pid: Number(pid), command });
        break;
      }
    }
  }
  return out;
}
