// The --state file: loaded once at start-up, rewritten atomically after every change (a temporary
// file in the same directory, fsync, rename over the old one, fsync the directory), so a crash at
// any moment leaves either the old or the new complete document.
//
// - The file is private: created 0600; an existing file keeps its mode (a chmod survives writes).
// - The temporary file has an unpredictable name and is created with O_EXCL (never through a
//   planted file or symlink).
// - A symlinked --state is followed: the link's target is what gets replaced, the link stays.
// - The directory is checked at start (checkStateDirectory), not at the first write.
// - One server per file: state-lock.ts.
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export interface StateHolder {
  exportState(): string;
  importState(text: string): void;
}

export class StateFileError extends Error {}

const NEW_FILE_MODE = 0o600;
const MAX_SYMLINKS = 40;

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

/**
 * The path that writes replace: `file` with every symlink followed (also a dangling one: its
 * target is created) and its directory's real path.
 */
export function resolveStatePath(file: string): string {
  let p = path.resolve(file);
  for (let i = 0; ; i++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      break; // does not exist (yet)
    }
    if (!st.isSymbolicLink()) break;
    if (i >= MAX_SYMLINKS) throw new StateFileError(`state file ${file}: too many levels of symbolic links`);
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  try {
    return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
  } catch {
    return p; // the directory is missing: checkStateDirectory says so
  }
}

function tempPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

function tempName(file: string): string {
  return `${tempPrefix(file)}${process.pid}.${randomBytes(12).toString('hex')}.tmp`;
}

// O_EXCL: the create fails on anything already there, a symlink included (never followed).
function createExclusive(file: string, mode: number): number {
  const c = fs.constants;
  return fs.openSync(file, c.O_WRONLY | c.O_CREAT | c.O_EXCL | (c.O_NOFOLLOW ?? 0), mode);
}

/** Throws StateFileError unless the state file's directory exists and a file can be created in it. */
export function checkStateDirectory(file: string): void {
  const target = resolveStatePath(file);
  const dir = path.dirname(target);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    throw new StateFileError(`state file directory ${dir} does not exist (${(e as NodeJS.ErrnoException).code})`);
  }
  if (!st.isDirectory()) throw new StateFileError(`state file directory ${dir} is not a directory`);
  const probe = path.join(dir, tempName(target));
  try {
    fs.closeSync(createExclusive(probe, NEW_FILE_MODE));
  } catch (e) {
    throw new StateFileError(`state file directory ${dir} is not writable: ${(e as Error).message}`);
  }
  fs.rmSync(probe, { force: true });
  let isDirectory = false;
  try {
    isDirectory = fs.statSync(target).isDirectory();
  } catch {
    /* missing: created by the first write */
  }
  if (isDirectory) throw new StateFileError(`state file ${target} is a directory`);
}

/** Removes temporary files that a killed writer (a process no longer running) left next to file. */
export function removeStaleTempFiles(file: string): void {
  const target = resolveStatePath(file);
  const dir = path.dirname(target);
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.slice(prefix.length));
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

function existingMode(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Writes text to file atomically and durably (see the file comment). */
export function writeFileAtomic(file: string, text: string): void {
  const target = resolveStatePath(file);
  const dir = path.dirname(target);
  const mode = existingMode(target) ?? NEW_FILE_MODE;
  const tmp = path.join(dir, tempName(target));
  const fd = createExclusive(tmp, mode);
  try {
    fs.fchmodSync(fd, mode); // the umask narrowed the create mode
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(tmp, target);
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
