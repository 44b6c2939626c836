// Errors are the AWS SDK's own exception classes where @aws-sdk/client-eventbridge is installed
// (instanceof EventBridgeServiceException and of the specific class), with name, message, $fault
// and $metadata as the SDK throws them; without the SDK, EventBridgeServiceError objects of the same
// shape that the SDK's per-class instanceof checks still recognise.
import {
  EventBridgeServiceException,
  InternalException,
  InvalidEventPatternException,
  ResourceNotFoundException,
} from '@aws-sdk/client-eventbridge';
import { EventBridge, EventBridgeServiceError, Matcher } from '../../js/src/index.node';
import { registerSdkLoader } from '../../js/src/core/errors';

function thrown(call: () => unknown): any {
  try {
    call();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

let eb: EventBridge;
beforeAll(async () => {
  eb = await EventBridge.create();
});
afterAll(() => eb.dispose());

describe('with the SDK installed', () => {
  test('a modelled error is an instance of its SDK class and of EventBridgeServiceException', () => {
    const e = thrown(() => eb.describeRule({ Name: 'missing' }));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e).toBeInstanceOf(EventBridgeServiceException);
    expect(e).toBeInstanceOf(EventBridgeServiceError);
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(InvalidEventPatternException);
    expect(Object.getPrototypeOf(e)).toBe(ResourceNotFoundException.prototype);
    expect(e).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule missing does not exist on EventBus default.',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('a code the SDK has no class for is an EventBridgeServiceException with that name', () => {
    const e = thrown(() => eb.putRule({ Name: 'bad name!', EventPattern: '{"source":["a"]}' }));
    expect(e).toBeInstanceOf(EventBridgeServiceException);
    expect(e).toBeInstanceOf(EventBridgeServiceError);
    expect(e).toMatchObject({ name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });

  test('Matcher errors are SDK exceptions too', () => {
    const m = new Matcher();
    const e = thrown(() => m.addRule('r', '{"source":"app"}'));
    m.dispose();
    expect(e).toBeInstanceOf(InvalidEventPatternException);
    expect(e.message).toMatch(/^Event pattern is not valid\. Reason: "source" must be an object or an array/);
  });
});

describe('without the SDK', () => {
  beforeAll(() => registerSdkLoader(() => undefined));
  afterAll(() => registerSdkLoader(() => require('@aws-sdk/client-eventbridge')));

  test('errors are EventBridgeServiceError objects that the SDK still recognises by name', () => {
    const e = thrown(() => eb.describeRule({ Name: 'missing' }));
    expect(Object.getPrototypeOf(e)).toBe(EventBridgeServiceError.prototype);
    expect(e).toBeInstanceOf(EventBridgeServiceError);
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect(e).not.toBeInstanceOf(InternalException);
    expect(EventBridgeServiceException.isInstance(e)).toBe(true);
    expect(e).toMatchObject({ name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });
});
