// The real AWS SDK for JavaScript v3 drives every archive, replay, connection and API destination
// operation against the serve endpoint (127.0.0.1, port 0): answers typed as the SDK parses them
// (Dates for timestamps), AWS's errors, no secret in any answer.
import {
  CancelReplayCommand,
  CreateApiDestinationCommand,
  CreateArchiveCommand,
  CreateConnectionCommand,
  DeauthorizeConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteArchiveCommand,
  DeleteConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeArchiveCommand,
  DescribeConnectionCommand,
  DescribeReplayCommand,
  EventBridgeClient,
  ListApiDestinationsCommand,
  ListArchivesCommand,
  ListConnectionsCommand,
  ListReplaysCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  UpdateApiDestinationCommand,
  UpdateArchiveCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { EventBridge } from '../../js/src/index.node';
import { RunningEndpoint, startEndpoint } from '../../js/src/server/http-server';

const ACCOUNT = '123456789012';
const BUS_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:event-bus/default`;

let endpoint: RunningEndpoint;
let eb: EventBridge;
let client: EventBridgeClient;

beforeAll(async () => {
  eb = await EventBridge.create({ accountId: ACCOUNT });
  endpoint = await startEndpoint({ eb, host: '127.0.0.1', port: 0 });
  client = new EventBridgeClient({
    region: 'us-east-1',
    endpoint: endpoint.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await endpoint.close();
  eb.dispose();
});

async function rejects(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

test('archives: create, describe, update, list, delete; events captured', async () => {
  const created = await client.send(new CreateArchiveCommand({ ArchiveName: 'sdk', EventSourceArn: BUS_ARN, EventPattern: '{"source":["sdk"]}', RetentionDays: 7 }));
  expect(created.State).toBe('ENABLED');
  expect(created.CreationTime).toBeInstanceOf(Date);
  await client.send(new PutEventsCommand({ Entries: [{ Source: 'sdk', DetailType: 'd', Detail: '{}' }, { Source: 'other', DetailType: 'd', Detail: '{}' }] }));
  const described = await client.send(new DescribeArchiveCommand({ ArchiveName: 'sdk' }));
  expect(described).toMatchObject({ ArchiveName: 'sdk', EventSourceArn: BUS_ARN, EventCount: 1, RetentionDays: 7, State: 'ENABLED' });
  const updated = await client.send(new UpdateArchiveCommand({ ArchiveName: 'sdk', Description: 'kept a week' }));
  expect(updated.ArchiveArn).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:archive/sdk`);
  const listed = await client.send(new ListArchivesCommand({ NamePrefix: 'sd' }));
  expect(listed.Archives?.map((a) => a.ArchiveName)).toEqual(['sdk']);
  const err = await rejects(client.send(new UpdateArchiveCommand({ ArchiveName: 'sdk' })));
  expect(err.name).toBe('ValidationException');
  expect(err.message).toBe('At least one of EventPattern, RetentionDays or Description must be provided.');
  await client.send(new DeleteArchiveCommand({ ArchiveName: 'sdk' }));
  expect((await rejects(client.send(new DescribeArchiveCommand({ ArchiveName: 'sdk' })))).name).toBe('ResourceNotFoundException');
});

test('replays: start, describe, list, cancel; a replay runs to COMPLETED on the real clock', async () => {
  await client.send(new CreateArchiveCommand({ ArchiveName: 'rp', EventSourceArn: BUS_ARN }));
  const from = new Date(Date.now() - 1000);
  await client.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'd', Detail: '{"n":1}' }] }));
  await client.send(new PutRuleCommand({ Name: 'replayed', EventPattern: '{"replay-name":[{"exists":true}]}' }));
  await client.send(new PutTargetsCommand({ Rule: 'replayed', Targets: [{ Id: 'q', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:replayed` }] }));
  const started = await client.send(new StartReplayCommand({
    ReplayName: 'sdk-replay',
    EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/rp`,
    EventStartTime: from,
    EventEndTime: new Date(Date.now() + 1000),
    Destination: { Arn: BUS_ARN },
  }));
  expect(started.State).toBe('STARTING');
  expect(started.ReplayStartTime).toBeInstanceOf(Date);
  await eb.flush();
  const done = await client.send(new DescribeReplayCommand({ ReplayName: 'sdk-replay' }));
  expect(done.State).toBe('COMPLETED');
  expect(done.EventStartTime?.getTime()).toBe(from.getTime());
  expect(done.ReplayEndTime).toBeInstanceOf(Date);
  expect(eb.deliveries().filter((d) => d.targetArn.endsWith(':replayed'))).toHaveLength(1);

  await client.send(new StartReplayCommand({
    ReplayName: 'to-cancel',
    EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/rp`,
    EventStartTime: from,
    EventEndTime: new Date(),
    Destination: { Arn: BUS_ARN },
  }));
  expect((await client.send(new CancelReplayCommand({ ReplayName: 'to-cancel' }))).State).toBe('CANCELLING');
  const listed = await client.send(new ListReplaysCommand({ NamePrefix: 'to-' }));
  expect(listed.Replays?.map((r) => [r.ReplayName, r.State])).toEqual([['to-cancel', 'CANCELLING']]);
  await eb.flush();
  expect((await client.send(new DescribeReplayCommand({ ReplayName: 'to-cancel' }))).State).toBe('CANCELLED');
  const cross = await rejects(client.send(new StartReplayCommand({
    ReplayName: 'x',
    EventSourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:archive/none`,
    EventStartTime: from,
    EventEndTime: new Date(),
    Destination: { Arn: BUS_ARN },
  })));
  expect(cross.message).toBe('Parameter EventSourceArn is not valid. Reason: Archive none does not exist.');
});

test('connections and API destinations: every operation, no secret in any answer', async () => {
  const conn = await client.send(new CreateConnectionCommand({
    Name: 'sdk-conn',
    AuthorizationType: 'API_KEY',
    AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'very-secret' } },
  }));
  expect(conn.ConnectionState).toBe('AUTHORIZED');
  const described = await client.send(new DescribeConnectionCommand({ Name: 'sdk-conn' }));
  expect(described.AuthParameters?.ApiKeyAuthParameters).toEqual({ ApiKeyName: 'x-api-key' });
  expect(described.SecretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:events!connection\/sdk-conn\//);
  expect(described.LastAuthorizedTime).toBeInstanceOf(Date);
  const updated = await client.send(new UpdateConnectionCommand({ Name: 'sdk-conn', Description: 'd', AuthParameters: { ApiKeyAuthParameters: { ApiKeyValue: 'other-secret' } } }));
  expect(updated.ConnectionState).toBe('AUTHORIZED');
  const listed = await client.send(new ListConnectionsCommand({ NamePrefix: 'sdk' }));
  expect(listed.Connections?.map((c) => c.Name)).toEqual(['sdk-conn']);

  const dest = await client.send(new CreateApiDestinationCommand({
    Name: 'sdk-dest', ConnectionArn: conn.ConnectionArn, InvocationEndpoint: 'https://example.com/hook', HttpMethod: 'POST', InvocationRateLimitPerSecond: 20,
  }));
  expect(dest.ApiDestinationState).toBe('ACTIVE');
  expect((await client.send(new DescribeApiDestinationCommand({ Name: 'sdk-dest' }))).InvocationRateLimitPerSecond).toBe(20);
  await client.send(new UpdateApiDestinationCommand({ Name: 'sdk-dest', HttpMethod: 'PATCH' }));
  const dests = await client.send(new ListApiDestinationsCommand({ ConnectionArn: conn.ConnectionArn }));
  expect(dests.ApiDestinations?.map((d) => [d.Name, d.HttpMethod])).toEqual([['sdk-dest', 'PATCH']]);

  const deauth = await client.send(new DeauthorizeConnectionCommand({ Name: 'sdk-conn' }));
  expect(deauth.ConnectionState).toBe('DEAUTHORIZING');
  expect((await client.send(new DescribeApiDestinationCommand({ Name: 'sdk-dest' }))).ApiDestinationState).toBe('INACTIVE');
  await client.send(new DeleteApiDestinationCommand({ Name: 'sdk-dest' }));
  expect((await client.send(new DeleteConnectionCommand({ Name: 'sdk-conn' }))).ConnectionState).toBe('DELETING');
  const missing = await rejects(client.send(new DescribeConnectionCommand({ Name: 'sdk-conn' })));
  expect(missing.name).toBe('ResourceNotFoundException');
  expect(missing.message).toBe("Failed to describe the connection(s). Connection 'sdk-conn' does not exist.");
  const invalid = await rejects(client.send(new CreateConnectionCommand({ Name: 'bad name', AuthorizationType: 'BASIC', AuthParameters: {} })));
  expect(invalid.message).toMatch(/^1 validation error detected: Value 'bad name' at 'name'/);
  expect(JSON.stringify([described, updated, listed, dest, dests])).not.toMatch(/very-secret|other-secret/);
});
