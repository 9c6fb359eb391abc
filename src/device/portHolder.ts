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
  /** Whether it holds the lock (flock) that makes the port busy, rather than only having it open. */
  locked?: boolean;
}

function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?'; // gone meanwhile
  }
}

/**
 * The processes holding a lock on `device` (Linux /proc/locks: "… FLOCK ADVISORY WRITE <pid> <maj>:<min>:<inode>"),
 * this one included: the lock, not an open file, is what makes a port busy (a relay such as socat keeps a pty open
 * without locking it).
 */
export function lockHolders(device: string, locksFile = '/proc/locks'): Holder[] {
  let st: fs.Stats;
  let text: string;
  try {
    st = fs.statSync(device);
    text = fs.readFileSync(locksFile, 'utf8');
  } catch {
    return [];
  }
  const major = (st.dev >> 8) & 0xfff;
  const minor = (st.dev & 0xff) | ((st.dev >> 12) & 0xfff00);
  const out: Holder[] = [];
  for (const line of text.split('\n')) {
    const m = /\s(\d+)\s+([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (!m || Number(m[4]) !== st.ino || parseInt(m[2], 16) !== major || parseInt(m[3], 16) !== minor) continue;
    const pid = Number(m[1]);
    if (!out.some((h) => h.pid === pid)) out.push({ pid, command: commandOf(pid), locked: true });
  }
  return out;
}

/**
 * The processes that lock `device` (this one included), then the others (not this one) that hold it open; empty
 * where /proc cannot tell.
 */
export function portHolders(device: string): Holder[] {
  const lockers = lockHolders(device);
  let target: string;
  try {
    target = fs.realpathSync(device);
  } catch {
    return [];
  }
  const out: Holder[] = [...lockers];
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
        if (!out.some((h) => h.pid === Number(pid))) out.push({ pid: Number(pid), command: commandOf(Number(pid)) });
        break;
      }
    }
  }
  return out;
}
