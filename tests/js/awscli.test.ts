// The AWS CLI (/usr/bin/aws, Debian's awscli package) against the serve endpoint on 127.0.0.1.
// A missing CLI is a failure with a clear message, never a silent skip.
import { execFile } from 'child_process';
import * as fs from 'fs';
import { EventBridge } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';

const AWS = '/usr/bin/aws';
let endpoint: RunningEndpoint;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the endpoint runs in this process and must keep answering.
function aws(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      AWS,
      ['--endpoint-url', endpoint.url, '--output', 'json', 'events', ...args],
      {
        timeout: 30000,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: 'x',
          AWS_SECRET_ACCESS_KEY: 'x',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
        },
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function ok(r: Run): any {
  if (r.code !== 0) throw new Error(`aws exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
}

beforeAll(async () => {
  if (!fs.existsSync(AWS)) {
    throw new Error(`the AWS CLI is missing: ${AWS} does not exist (install the Debian package awscli; scripts/setup.sh does)`);
  }
  endpoint = await startEndpoint({ eb: await EventBridge.create(), host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await endpoint?.close();
});

test('the AWS CLI is installed', () => {
  expect(fs.existsSync(AWS)).toBe(true);
});

test('put-rule, put-targets, list-targets-by-rule, describe-rule, test-event-pattern, delete-rule', async () => {
  const put = ok(await aws('put-rule', '--name', 'cli-rule', '--event-pattern', '{"source":["app"]}', '--description', 'from the CLI'));
  expect(put).toEqual({ RuleArn: 'arn:aws:events:us-east-1:123456789012:rule/cli-rule' });

  const targets = ok(await aws('put-targets', '--rule', 'cli-rule', '--targets',
    '[{"Id":"t1","Arn":"arn:aws:sqs:us-east-1:123456789012:q"}]'));
  expect(targets).toEqual({ FailedEntryCount: 0, FailedEntries: [] });

  const listed = ok(await aws('list-targets-by-rule', '--rule', 'cli-rule'));
  expect(listed.Targets).toEqual([{ Id: 't1', Arn: 'arn:aws:sqs:us-east-1:123456789012:q' }]);

  const described = ok(await aws('describe-rule', '--name', 'cli-rule'));
  expect(described).toMatchObject({ Name: 'cli-rule', EventPattern: '{"source":["app"]}', State: 'ENABLED', Description: 'from the CLI', EventBusName: 'default' });

  const event = JSON.stringify({ id: '1', account: '123456789012', source: 'app', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'd', resources: [], detail: {} });
  expect(ok(await aws('test-event-pattern', '--event-pattern', '{"source":["app"]}', '--event', event))).toEqual({ Result: true });
  expect(ok(await aws('test-event-pattern', '--event-pattern', '{"source":["other"]}', '--event', event))).toEqual({ Result: false });

  const refused = await aws('delete-rule', '--name', 'cli-rule');
  expect([254, 255]).toContain(refused.code);
  expect(refused.stderr).toContain('(ValidationException)');
  expect(refused.stderr).toContain("Rule can't be deleted since it has targets.");

  ok(await aws('remove-targets', '--rule', 'cli-rule', '--ids', 't1'));
  ok(await aws('delete-rule', '--name', 'cli-rule'));
  const gone = await aws('describe-rule', '--name', 'cli-rule');
  expect([254, 255]).toContain(gone.code);
  expect(gone.stderr).toContain('An error occurred (ResourceNotFoundException) when calling the DescribeRule operation: Rule cli-rule does not exist on EventBus default.');
}, 180000); // about ten CLI start-ups (Python), slow on a loaded machine

test('an invalid pattern: exit code 254/255 and the AWS error on stderr', async () => {
  const r = await aws('put-rule', '--name', 'bad', '--event-pattern', '{"source":[{"bad":1}]}');
  expect([254, 255]).toContain(r.code);
  expect(r.stderr).toContain('An error occurred (InvalidEventPatternException) when calling the PutRule operation: Event pattern is not valid. Reason: Unrecognized match type bad');
}, 60000);

// ---- archives, replays, connections and API destinations: every operation through the CLI ----

test('archives and replays: create/describe/update/list-archives, start/describe/cancel/list-replays, delete-archive', async () => {
  const bus = 'arn:aws:events:us-east-1:123456789012:event-bus/default';
  const created = ok(await aws('create-archive', '--archive-name', 'cli-archive', '--event-source-arn', bus, '--retention-days', '3'));
  expect(created).toMatchObject({ ArchiveArn: 'arn:aws:events:us-east-1:123456789012:archive/cli-archive', State: 'ENABLED' });
  expect(ok(await aws('describe-archive', '--archive-name', 'cli-archive'))).toMatchObject({ ArchiveName: 'cli-archive', RetentionDays: 3, EventCount: 0 });
  expect(ok(await aws('update-archive', '--archive-name', 'cli-archive', '--description', 'from the CLI')).State).toBe('ENABLED');
  expect(ok(await aws('list-archives', '--name-prefix', 'cli-')).Archives).toHaveLength(1);

  const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString(); // whole seconds: the CLI prints no more
  const end = new Date(Date.now() + 60_000).toISOString();
  const started = ok(await aws('start-replay', '--replay-name', 'cli-replay', '--event-source-arn', created.ArchiveArn,
    '--event-start-time', start, '--event-end-time', end, '--destination', JSON.stringify({ Arn: bus })));
  expect(started.State).toBe('STARTING');
  const described = ok(await aws('describe-replay', '--replay-name', 'cli-replay'));
  expect(described).toMatchObject({ ReplayName: 'cli-replay', Destination: { Arn: bus } });
  expect(Date.parse(described.EventStartTime)).toBe(Date.parse(start));
  const cancel = await aws('cancel-replay', '--replay-name', 'cli-replay');
  // The replay may have finished already on the real clock (a CLI start takes a while).
  if (cancel.code === 0) expect(JSON.parse(cancel.stdout).State).toBe('CANCELLING');
  else expect(cancel.stderr).toContain('(IllegalStatusException)');
  expect(ok(await aws('list-replays', '--name-prefix', 'cli-')).Replays.map((r: any) => r.ReplayName)).toEqual(['cli-replay']);
  const missing = await aws('describe-replay', '--replay-name', 'nope');
  expect(missing.stderr).toContain('An error occurred (ResourceNotFoundException) when calling the DescribeReplay operation: Replay nope does not exist.');
  ok(await aws('delete-archive', '--archive-name', 'cli-archive'));
}, 240000);

test('connections and API destinations: every operation, secrets never printed', async () => {
  const conn = ok(await aws('create-connection', '--name', 'cli-conn', '--authorization-type', 'BASIC',
    '--auth-parameters', JSON.stringify({ BasicAuthParameters: { Username: 'u', Password: 'cli-password' } })));
  expect(conn.ConnectionState).toBe('AUTHORIZED');
  const described = await aws('describe-connection', '--name', 'cli-conn');
  expect(ok(described).AuthParameters).toEqual({ BasicAuthParameters: { Username: 'u' } });
  expect(ok(await aws('update-connection', '--name', 'cli-conn', '--description', 'd')).ConnectionState).toBe('AUTHORIZED');
  const listed = await aws('list-connections');
  expect(ok(listed).Connections.map((c: any) => c.Name)).toEqual(['cli-conn']);
  expect(described.stdout + listed.stdout).not.toContain('cli-password');

  const dest = ok(await aws('create-api-destination', '--name', 'cli-dest', '--connection-arn', conn.ConnectionArn,
    '--invocation-endpoint', 'https://example.com/hook', '--http-method', 'POST'));
  expect(dest.ApiDestinationState).toBe('ACTIVE');
  expect(ok(await aws('describe-api-destination', '--name', 'cli-dest')).InvocationRateLimitPerSecond).toBe(300);
  ok(await aws('update-api-destination', '--name', 'cli-dest', '--invocation-rate-limit-per-second', '5'));
  expect(ok(await aws('list-api-destinations')).ApiDestinations.map((d: any) => d.InvocationRateLimitPerSecond)).toEqual([5]);
  expect(ok(await aws('deauthorize-connection', '--name', 'cli-conn')).ConnectionState).toBe('DEAUTHORIZING');
  ok(await aws('delete-api-destination', '--name', 'cli-dest'));
  expect(ok(await aws('delete-connection', '--name', 'cli-conn')).ConnectionState).toBe('DELETING');
  const gone = await aws('describe-api-destination', '--name', 'cli-dest');
  expect(gone.stderr).toContain("Failed to describe the api-destination(s). An api-destination 'cli-dest' does not exist.");
}, 240000);
