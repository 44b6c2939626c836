// The --state file: loaded once at start-up, rewritten atomically after every change (a temporary
// file in the same directory, fsync, rename over the old one, fsync the directory), so a crash at
// any moment leaves either the old or the new complete document.
import * as fs from 'fs';
import * as path from 'path';

export interface StateHolder {
  exportState(): string;
  importState(text: string): void;
}

export class StateFileError extends Error {}

/** Loads FILE into eb when it exists. Throws StateFileError (file untouched) when it is corrupt. */
export function loadStateFile(eb: StateHolder, file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new StateFileError(`cannot read state file ${file}: ${(e as Error).message}`);
  }
  try {
    eb.importState(text);
  } catch (e) {
    const err = e as Error;
    throw new StateFileError(`state file ${file} is not a valid state document: ${err.name}: ${err.message}`);
  }
  return true;
}

let counter = 0;

function tempPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

/** Removes temporary files that a killed writer (a process no longer running) left next to file. */
export function removeStaleTempFiles(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (e) {
        alive = (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** Writes text to file atomically and durably. */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `${tempPrefix(file)}${process.pid}.${++counter}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  let dfd: number | undefined;
  try {
    dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
  } catch {
    /* some file systems cannot fsync a directory; the rename is still atomic */
  } finally {
    if (dfd !== undefined) fs.closeSync(dfd);
  }
}

/** Saves eb's whole state to file. */
export function saveStateFile(eb: StateHolder, file: string): void {
  writeFileAtomic(file, eb.exportState());
}
