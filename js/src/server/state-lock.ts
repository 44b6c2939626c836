// One server per state file: an advisory lock file, FILE.lock next to the (symlink-resolved) state
// file, created with O_EXCL and holding the owner's pid and host. A second server on the same file
// finds it and refuses to start; a lock left by a process that no longer runs (kill -9, a crash) on
// this host is stale and taken over. Node has no flock(), and a lock file needs no native code or
// dependency; every eventbridge-wasm serve honours it.
import * as fs from 'fs';
import * as os from 'os';
import { StateFileError, resolveStatePath } from './state-file.js';

export interface StateLock {
  /** The lock file's path. */
  readonly path: string;
  /** Removes the lock (only if it is still ours). Idempotent. */
  release(): void;
}

interface Owner {
  pid: number;
  host: string;
}

function readOwner(lockPath: string): Owner | undefined {
  try {
    const [pid, host] = fs.readFileSync(lockPath, 'utf8').split('\n');
    return /^\d+$/.test(pid) ? { pid: Number(pid), host: host ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `stateFile`, or throws StateFileError naming the server that holds it. */
export function acquireStateLock(stateFile: string): StateLock {
  const lockPath = `${resolveStatePath(stateFile)}.lock`;
  const me = `${process.pid}\n${os.hostname()}\n`;
  for (let tries = 0; tries < 2; tries++) {
    let fd: number;
    try {
      fd = fs.openSync(lockPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StateFileError(`cannot create the lock file ${lockPath}: ${(e as Error).message}`);
      }
      const owner = readOwner(lockPath);
      const sameHost = owner?.host === os.hostname();
      if (owner && sameHost && owner.pid !== process.pid && !isRunning(owner.pid)) {
        fs.rmSync(lockPath, { force: true }); // stale: its process is gone
        continue;
      }
      const who = owner ? `pid ${owner.pid}${sameHost ? '' : ` on ${owner.host}`}` : 'an unknown process';
      throw new StateFileError(
        `state file ${stateFile} is in use by another eventbridge-wasm serve (${who}; lock file ${lockPath}). ` +
          'Stop that server or use another --state file; if no such server runs, delete the lock file.',
      );
    }
    fs.writeSync(fd, me);
    fs.closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (readOwner(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
    };
    process.on('exit', release);
    return { path: lockPath, release };
  }
  throw new StateFileError(`cannot take the lock file ${lockPath}: another process keeps creating it`);
}
