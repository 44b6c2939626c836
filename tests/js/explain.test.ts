import { EventBridge, explainEventPattern, init } from '../../js/src/index.node';

beforeAll(() => init());

const event = (detail: object) =>
  JSON.stringify({ id: '1', account: '123456789012', source: 'aws.ec2', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'x', resources: [], detail });

describe('explainEventPattern', () => {
  test('NO MATCH names the failing field, the value and the condition', () => {
    const why = explainEventPattern({ source: ['aws.ec2'], detail: { state: [{ 'anything-but': 'running' }] } }, event({ state: 'running' }));
    expect(why.matched).toBe(false);
    expect(why.failedField).toBe('detail.state');
    expect(why.reason).toBe('detail.state: "running" is excluded by anything-but "running"');
    const [state, source] = why.alternatives[0].fields;
    expect(state).toMatchObject({ path: 'detail.state', matched: false, condition: '[{"anything-but": "running"}]', valueCount: 1, chosen: -1 });
    expect(state.values).toEqual([{ text: '"running"', type: 'string', indices: [], matched: false }]);
    expect(source).toMatchObject({ path: 'source', matched: true, chosen: 0, reason: 'source: "aws.ec2" matches "aws.ec2"' });
  });

  test('agrees with testEventPattern, and names array elements and $or branches', async () => {
    const pattern = { $or: [{ detail: { tags: ['b'] } }, { detail: { n: [{ numeric: ['>', 10] }] } }] };
    const e = event({ tags: ['a', 'b'], n: 3 });
    const why = explainEventPattern(pattern, e);
    const eb = await EventBridge.create();
    expect(eb.testEventPattern({ EventPattern: JSON.stringify(pattern), Event: e }).Result).toBe(true);
    eb.dispose();
    expect(why.matched).toBe(true);
    expect(why.alternative).toBe(0);
    expect(why.ors).toEqual([{ path: '', branches: 2 }]);
    expect(why.alternatives.map((a) => a.orChoices)).toEqual([[{ or: 0, branch: 0 }], [{ or: 0, branch: 1 }]]);
    const tags = why.alternatives[0].fields[0];
    expect(tags.values[tags.chosen]).toEqual({ text: '"b"', type: 'string', indices: [1], matched: true });
    expect(why.alternatives[1].reason).toBe('detail.n: 3 is not in the range > 10');
  });

  test('errors are the AWS errors', () => {
    expect(() => explainEventPattern('{"source": "x"}', event({}))).toThrow(expect.objectContaining({ name: 'InvalidEventPatternException' }));
    expect(() => explainEventPattern({ source: ['x'] }, '[1]')).toThrow(
      expect.objectContaining({ name: 'ValidationException', message: 'Parameter Event is not valid.' }),
    );
  });
});
