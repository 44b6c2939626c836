// The command line's conventions: --help on every command (stdout, exit 0), --version, results on
// stdout and errors on stderr, exit status 0 / 1 (error) / 2 (usage), and a hint with AWS's bare
// "Parameter Event is not valid." that names the missing envelope fields.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'js/bin/eventbridge-wasm.js');
const ev = '{"id":"1","account":"1","source":"app","time":"t","region":"r","detail-type":"d"}';
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('help and version', () => {
  test.each([[['--help']], [['-h']], [['help']]])('%j prints the commands on stdout, exit 0', (args) => {
    const r = run(args);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: eventbridge-wasm <command>/);
    expect(r.stdout).toContain('test-pattern');
    expect(r.stdout).toContain('serve');
    expect(r.stdout).toMatch(/exit status: 0 success, 1 error .*, 2 usage error/s);
  });

  test.each([[['test-pattern', '--help']], [['test-pattern', '-h']], [['help', 'test-pattern']]])('%j prints test-pattern usage', (args) => {
    const r = run(args);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: eventbridge-wasm test-pattern --pattern PATTERN --event EVENT/);
  });

  test('--version and -v print the package version', () => {
    expect(run(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(run(['-v'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('no command: usage on stderr, exit 2', () => {
    const r = run([]);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(/^usage: eventbridge-wasm <command>/);
  });
});

describe('usage errors: stderr, exit 2', () => {
  test.each([
    [['frob'], "eventbridge-wasm: unknown command: frob\nRun 'eventbridge-wasm --help' for usage.\n"],
    [['--frob'], "eventbridge-wasm: unknown option: --frob\nRun 'eventbridge-wasm --help' for usage.\n"],
    [['test-pattern', '--pattern', '{}'], "eventbridge-wasm test-pattern: missing --event\nRun 'eventbridge-wasm test-pattern --help' for usage.\n"],
    [['test-pattern', '--bogus'], "eventbridge-wasm test-pattern: Unknown option '--bogus'\nRun 'eventbridge-wasm test-pattern --help' for usage.\n"],
  ])('%j', (args, stderr) => {
    expect(run(args)).toEqual({ status: 2, stdout: '', stderr });
  });
});

describe('test-pattern', () => {
  test('prints true / false with exit 0', () => {
    expect(run(['test-pattern', '--pattern', '{"source":["app"]}', '--event', ev])).toEqual({ status: 0, stdout: 'true\n', stderr: '' });
    expect(run(['test-pattern', '-p', '{"source":["x"]}', '-e', ev])).toEqual({ status: 0, stdout: 'false\n', stderr: '' });
  });

  test('prints the AWS error on stderr with exit 1', () => {
    const r = run(['test-pattern', '--pattern', '{"source":"app"}', '--event', ev]);
    expect(r).toMatchObject({ status: 1, stdout: '' });
    expect(r.stderr).toMatch(/^InvalidEventPatternException: Event pattern is not valid\. Reason: "source" must be an object or an array/);
  });

  test('an event without the envelope gets AWS\'s error and a hint naming the missing fields', () => {
    const r = run(['test-pattern', '--pattern', '{"source":["app"]}', '--event', '{"source":"app"}']);
    expect(r).toEqual({
      status: 1,
      stdout: '',
      stderr:
        'ValidationException: Parameter Event is not valid.\n' +
        "hint: TestEventPattern needs the event's envelope (id, account, source, time, region, detail-type); missing: id, account, time, region, detail-type\n",
    });
    expect(run(['test-pattern', '--pattern', '{"source":["app"]}', '--event', 'not json']).stderr).toBe(
      'ValidationException: Parameter Event is not valid.\nhint: the event is not valid JSON\n',
    );
  });

  test('reads @file and @- (standard input) arguments', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebw-'));
    fs.writeFileSync(path.join(dir, 'p.json'), '{"source":["app"]}');
    fs.writeFileSync(path.join(dir, 'e.json'), ev);
    expect(run(['test-pattern', '--pattern', `@${dir}/p.json`, '--event', `@${dir}/e.json`]).stdout).toBe('true\n');
    expect(run(['test-pattern', '--pattern', `@${dir}/p.json`, '--event', '@-'], ev).stdout).toBe('true\n');
    fs.rmSync(dir, { recursive: true });
  });

  test('an unreadable @file is an error on stderr, exit 1', () => {
    const missing = path.join(os.tmpdir(), 'ebw-no-such-file.json');
    expect(run(['test-pattern', '--pattern', `@${missing}`, '--event', ev])).toEqual({
      status: 1,
      stdout: '',
      stderr: `eventbridge-wasm test-pattern: cannot read ${missing}: ENOENT\n`,
    });
  });
});
