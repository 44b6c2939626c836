// The --state file (issue 14, finding 12): private mode that a chmod keeps, an unpredictable O_EXCL
// temporary file (a planted symlink is never followed), symlinks resolved before the rename, one
// server per file (advisory lock), the directory checked at start, and a failed write rolled back.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireStateLock } from '../../js/src/server/state-lock';
import { StateFileError, checkStateDirectory, writeFileAtomic } from '../../js/src/server/state-file';
import { assertBuilt, call, killChildren, runServe, startServe } from './helpers/serve-process';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-statefile-'));
});
afterAll(() => {
  killChildren();
  fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (f: string) => fs.statSync(f).mode & 0o777;

test('a new state file is 0600; an existing file keeps its mode across writes', () => {
  const file = path.join(dir, 'mode.json');
  const umask = process.umask(0o022);
  try {
    writeFileAtomic(file, '{"a":1}');
    expect(mode(file)).toBe(0o600);
    fs.chmodSync(file, 0o640);
    writeFileAtomic(file, '{"a":2}');
    expect(mode(file)).toBe(0o640);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":2}');
  } finally {
    process.umask(umask);
  }
});

test('symlinks planted at the temporary names a writer could use are never followed', () => {
  const file = path.join(dir, 'planted.json');
  const victim = path.join(dir, 'victim.txt');
  fs.writeFileSync(victim, 'precious');
  // Today's names would be .planted.json.<pid>.<counter>.tmp: plant every one of the first 200.
  for (let n = 1; n <= 200; n++) fs.symlinkSync(victim, path.join(dir, `.planted.json.${process.pid}.${n}.tmp`));
  writeFileAtomic(file, '{"state":true}');
  writeFileAtomic(file, '{"state":2}');
  expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
  expect(fs.readFileSync(file, 'utf8')).toBe('{"state":2}');
  const temps = fs.readdirSync(dir).filter((n) => n.startsWith('.planted.json.'));
  expect(temps).toHaveLength(200); // only the planted links: no temporary file of ours is left
});

test('a symlinked state file stays a symlink: its target is what gets replaced (also a dangling one)', () => {
  const real = path.join(dir, 'real.json');
  const link = path.join(dir, 'link.json');
  fs.writeFileSync(real, '{}');
  fs.symlinkSync('real.json', link);
  writeFileAtomic(link, '{"v":1}');
  expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(real, 'utf8')).toBe('{"v":1}');

  const dangling = path.join(dir, 'dangling.json');
  fs.symlinkSync('created-later.json', dangling);
  writeFileAtomic(dangling, '{"v":2}');
  expect(fs.lstatSync(dangling).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(path.join(dir, 'created-later.json'), 'utf8')).toBe('{"v":2}');
});

test('the directory is checked at start: serve refuses a missing one, with the reason', async () => {
  const missing = path.join(dir, 'no', 'such', 'state.json');
  expect(() => checkStateDirectory(missing)).toThrow(StateFileError);
  const r = await runServe(['--state', missing]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(`serve: state file directory ${path.join(dir, 'no', 'such')} does not exist (ENOENT)`);
  const fileAsDir = path.join(dir, 'plain-file');
  fs.writeFileSync(fileAsDir, '');
  const r2 = await runServe(['--state', path.join(fileAsDir, 'state.json')]);
  expect(r2.code).toBe(1);
  expect(r2.stderr).toContain('state file directory');
});

test('a second server on the same file refuses to start, naming the first; the lock goes with the first', async () => {
  const file = path.join(dir, 'shared.json');
  const a = await startServe(['--state', file]);
  const b = await runServe(['--state', file]);
  expect(b.code).toBe(1);
  expect(b.stdout).toBe('');
  expect(b.stderr).toContain(`serve: state file ${file} is in use by another eventbridge-wasm serve (pid ${a.child.pid}; lock file ${file}.lock)`);
  a.child.kill('SIGTERM');
  expect((await a.exited).code).toBe(0);
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
  const c = await startServe(['--state', file]);
  c.child.kill('SIGTERM');
  await c.exited;
});

test('a lock left by a process that no longer runs is taken over', () => {
  const file = path.join(dir, 'stale.json');
  fs.writeFileSync(`${file}.lock`, `999999999\n${os.hostname()}\n`);
  const lock = acquireStateLock(file);
  expect(fs.readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n${os.hostname()}\n`);
  expect(() => acquireStateLock(file)).toThrow(`is in use by another eventbridge-wasm serve (pid ${process.pid};`);
  lock.release();
  expect(fs.existsSync(lock.path)).toBe(false);
});

test('a write that fails rolls the change back: memory never holds what the file lacks', async () => {
  const sub = fs.mkdtempSync(path.join(dir, 'vanishing-'));
  const file = path.join(sub, 'state.json');
  const s = await startServe(['--state', file]);
  expect((await call(s.port, 'PutRule', { Name: 'kept', EventPattern: '{"source":["a"]}' })).status).toBe(200);
  fs.rmSync(sub, { recursive: true, force: true });
  const failed = await call(s.port, 'PutRule', { Name: 'lost', EventPattern: '{"source":["b"]}' });
  expect(failed.status).toBe(500);
  expect(failed.body.__type).toBe('InternalException');
  const rules = await call(s.port, 'ListRules', {});
  expect(rules.body.Rules.map((r: { Name: string }) => r.Name)).toEqual(['kept']);
  s.child.kill('SIGTERM');
  await s.exited;
});
