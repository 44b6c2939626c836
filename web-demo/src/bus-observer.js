// The events exactly as a bus builds them from PutEvents entries (version, id, time, ...), which the
// "why" lines explain: a rule of the page's own on the bus, whose one target receives every event.
// Its deliveries are never shown among the user's.
export const OBSERVER = 'playground-observer-7f3a';
const OBSERVER_PATTERN = '{"version": [{"exists": true}]}';

/** The observer's target ARN (an SQS queue no user rule names). */
export function observerArn(region, account) {
  return `arn:aws:sqs:${region}:${account}:${OBSERVER}`;
}

/** Puts the observer rule on `bus`; false when it cannot (a user's rule of the same name). */
export function observeBus(eb, bus, arn) {
  try {
    eb.putRule({ Name: OBSERVER, EventBusName: bus, EventPattern: OBSERVER_PATTERN });
    eb.putTargets({ Rule: OBSERVER, EventBusName: bus, Targets: [{ Id: 'observer', Arn: arn }] });
    return true;
  } catch {
    return false;
  }
}
