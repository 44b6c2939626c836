import { EventBridge, Matcher, init } from '../../js/src/index.node';

const event = (detail: object, extra: object = {}) =>
  JSON.stringify({ id: '1', account: '123456789012', source: 'app', time: '2024-01-01T00:00:00Z', region: 'us-east-1', 'detail-type': 'x', detail, ...extra });

beforeAll(() => init());

describe('Matcher', () => {
  test('many rules: add, match in order of addition, replace, remove', () => {
    const m = new Matcher();
    m.addRule('b', { detail: { state: ['running'] } });
    m.addRule('a', '{"source":["app"]}');
    m.addRule('c', { detail: { state: [{ prefix: 'stop' }] } });
    expect(m.size).toBe(3);
    expect(m.match(event({ state: 'running' }))).toEqual(['b', 'a']);
    expect(m.match(event({ state: 'stopped' }))).toEqual(['a', 'c']);
    m.addRule('b', { detail: { state: ['stopped'] } }); // replaced: now last in order
    expect(m.match(event({ state: 'stopped' }))).toEqual(['a', 'c', 'b']);
    expect(m.removeRule('a')).toBe(true);
    expect(m.removeRule('a')).toBe(false);
    expect(m.match(event({ state: 'stopped' }))).toEqual(['c', 'b']);
    m.dispose();
  });

  test('an invalid pattern throws InvalidEventPatternException and leaves the matcher unchanged', () => {
    const m = new Matcher();
    m.addRule('r', { source: ['app'] });
    expect(() => m.addRule('r', '{"source":"app"}')).toThrow(
      expect.objectContaining({
        name: 'InvalidEventPatternException',
        message: expect.stringMatching(/^Event pattern is not valid. Reason: "source" must be an object or an array/),
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    expect(m.match(event({}))).toEqual(['r']);
  });

  test('malformed events throw ValidationException and the matcher keeps working', () => {
    const m = new Matcher();
    m.addRule('r', { source: ['app'] });
    for (const bad of ['', 'not json', '[1]', '{"a":1', '{"a":1} x', '['.repeat(5000) + ']'.repeat(5000)]) {
      expect(() => m.match(bad)).toThrow(expect.objectContaining({ name: 'ValidationException', message: 'Parameter Event is not valid.' }));
    }
    const deep = '{"a":'.repeat(100000) + '1' + '}'.repeat(100000);
    expect(() => m.match(deep)).toThrow(expect.objectContaining({ name: 'ValidationException' }));
    expect(m.match(event({}))).toEqual(['r']);
  });

  test('array consistency: fields from different elements of one array do not combine', () => {
    const m = new Matcher();
    m.addRule('r', { detail: { people: { first: ['Anna'], last: ['Jones'] } } });
    expect(m.match(event({ people: [{ first: 'Anna', last: 'Smith' }, { first: 'Peter', last: 'Jones' }] }))).toEqual([]);
    expect(m.match(event({ people: [{ first: 'Peter', last: 'Smith' }, { first: 'Anna', last: 'Jones' }] }))).toEqual(['r']);
  });

  test('explain names the field that did not match', () => {
    const m = new Matcher();
    m.addRule('r', { source: ['app'], detail: { state: ['running'] } });
    expect(m.explain('r', event({ state: 'stopped' }))).toBe('detail.state');
    expect(m.explain('r', event({ state: 'running' }))).toBe('');
  });

  test('10,000 exact-value rules in one matcher', () => {
    const m = new Matcher();
    for (let i = 0; i < 10000; i++) m.addRule(`r${i}`, { detail: { id: [`v${i}`] } });
    expect(m.match(event({ id: 'v4242' }))).toEqual(['r4242']);
    expect(m.match(event({ id: 'nope' }))).toEqual([]);
    m.dispose();
  });
});

describe('EventBridge.testEventPattern', () => {
  test('returns Result and throws AWS errors', async () => {
    const eb = await EventBridge.create();
    expect(eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: event({}) })).toMatchObject({ Result: true });
    expect(eb.testEventPattern({ EventPattern: '{"source":["other"]}', Event: event({}) })).toMatchObject({ Result: false });
    expect(() => eb.testEventPattern({ EventPattern: '{"source":["app"]}', Event: '{"source":"app"}' })).toThrow(
      expect.objectContaining({ name: 'ValidationException', message: 'Parameter Event is not valid.' }),
    );
    expect(() => eb.testEventPattern({ EventPattern: 'this is not json', Event: event({}) })).toThrow(
      expect.objectContaining({ name: 'InvalidEventPatternException' }),
    );
  });

  test('numbers compare by value across spellings; strings never equal numbers', async () => {
    const eb = await EventBridge.create();
    const t = (p: string, e: string) => eb.testEventPattern({ EventPattern: p, Event: e }).Result;
    const ev = (v: string) => `{"id":"1","account":"1","source":"s","time":"t","region":"r","detail-type":"d","n":${v}}`;
    expect(t('{"n":[300]}', ev('300.0'))).toBe(true);
    expect(t('{"n":[300]}', ev('3.0e2'))).toBe(true);
    expect(t('{"n":["300"]}', ev('300'))).toBe(false);
    expect(t('{"n":[300]}', ev('"300"'))).toBe(false);
    expect(t('{"n":[null]}', ev('null'))).toBe(true);
    expect(t('{"n":[null]}', ev('"null"'))).toBe(false);
  });
});
