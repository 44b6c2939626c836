// Starting points for the playground: three events and patterns that use every operator, and the
// rules mode's example (the sample-event catalogue is web-demo/samples/).

import { fromValue, printJson } from './json-model.js';

const ACCOUNT = '123456789012';

/** A JavaScript value as the page's editors show JSON (json-model.js's formatting). */
export function formatJson(value) {
  return printJson(fromValue(value));
}

export const EVENTS = {
  ec2: {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: ACCOUNT,
    time: '2024-05-01T12:00:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1234567890abcdef0`],
    detail: { 'instance-id': 'i-1234567890abcdef0', state: 'stopped' },
  },
  s3: {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: ACCOUNT,
    time: '2024-05-01T12:05:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:s3:::photos-bucket'],
    detail: {
      version: '0',
      bucket: { name: 'photos-bucket' },
      object: { key: 'uploads/2024/cat.jpg', size: 48213, etag: 'b1946ac92492d2347c6235b4d2611184', sequencer: '0062E99A88DC407460' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: ACCOUNT,
      'source-ip-address': '203.0.113.15',
      reason: 'PutObject',
    },
  },
  app: {
    version: '0',
    id: '5a3c0f1e-8a3b-4e0e-9a55-2b1f4b6c9d10',
    'detail-type': 'OrderPlaced',
    source: 'com.example.orders',
    account: ACCOUNT,
    time: '2024-05-01T12:10:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: {
      orderId: 'o-1001',
      status: 'confirmed',
      total: 149.5,
      country: 'DE',
      customer: { email: 'Alice@Example.com', tier: 'gold' },
      items: [{ sku: 'BOOK-42', qty: 2 }, { sku: 'PEN-7', qty: 10 }],
    },
  },
};

/** Each example: a title, the event it starts from, a pattern, and a target's input settings. */
export const EXAMPLES = [
  {
    id: 'ec2-prefix-anything-but',
    title: 'EC2 state change: prefix, anything-but',
    event: 'ec2',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': [{ prefix: 'EC2 Instance' }],
      detail: { state: [{ 'anything-but': ['running', 'pending'] }] },
    },
    target: {
      kind: 'InputTransformer',
      pathsMap: { instance: '$.detail.instance-id', state: '$.detail.state' },
      template: '{"instance": <instance>, "state": <state>, "rule": "<aws.events.rule-name>"}',
    },
  },
  {
    id: 'ec2-wildcard',
    title: 'EC2 state change: wildcard, exists',
    event: 'ec2',
    pattern: {
      resources: [{ wildcard: 'arn:aws:ec2:*:instance/*' }],
      detail: { 'instance-id': [{ exists: true }], reason: [{ exists: false }] },
    },
    target: { kind: 'InputPath', inputPath: '$.detail' },
  },
  {
    id: 's3-suffix-numeric-cidr',
    title: 'S3 Object Created: suffix, numeric, cidr',
    event: 's3',
    pattern: {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        bucket: { name: ['photos-bucket'] },
        object: { key: [{ suffix: '.jpg' }], size: [{ numeric: ['>', 0, '<=', 1048576] }] },
        'source-ip-address': [{ cidr: '203.0.113.0/24' }],
      },
    },
    target: {
      kind: 'InputTransformer',
      pathsMap: { bucket: '$.detail.bucket.name', key: '$.detail.object.key' },
      template: '"New object s3://<bucket>/<key>"',
    },
  },
  {
    id: 'app-ignore-case-or',
    title: 'Custom app event: equals-ignore-case, $or',
    event: 'app',
    pattern: {
      source: ['com.example.orders'],
      detail: {
        customer: { email: [{ 'equals-ignore-case': 'alice@example.com' }] },
        $or: [{ total: [{ numeric: ['>=', 100] }] }, { customer: { tier: ['gold'] } }],
      },
    },
    target: { kind: 'Input', input: '{"action": "send-thank-you-note"}' },
  },
  {
    id: 'app-anything-but-forms',
    title: 'Custom app event: anything-but forms',
    event: 'app',
    pattern: {
      detail: {
        country: [{ 'anything-but': { prefix: 'US' } }],
        status: [{ 'anything-but': { suffix: '-test' } }],
        orderId: [{ 'anything-but': { wildcard: 'test-*' } }],
        customer: { tier: [{ 'anything-but': { 'equals-ignore-case': ['BRONZE', 'SILVER'] } }] },
        total: [{ 'anything-but': 0 }],
      },
    },
    target: { kind: 'none' },
  },
];

/** Rules mode's starting point: a bus, three rules (one scheduled) and two PutEvents entries. */
export const RULES_EXAMPLE = {
  bus: 'default',
  rules: [
    {
      name: 'big-orders',
      pattern: formatJson({ source: ['com.example.orders'], detail: { total: [{ numeric: ['>=', 100] }] } }),
      schedule: '',
      targets: JSON.stringify(
        [
          { Id: 'queue', Arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:orders` },
          { Id: 'audit', Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:audit`, InputPath: '$.detail' },
        ],
        null,
        2,
      ),
    },
    {
      name: 'vip-customers',
      pattern: formatJson({ detail: { customer: { tier: [{ 'equals-ignore-case': 'GOLD' }] } } }),
      schedule: '',
      targets: JSON.stringify(
        [
          {
            Id: 'notify',
            Arn: `arn:aws:sns:us-east-1:${ACCOUNT}:vip`,
            InputTransformer: {
              InputPathsMap: { order: '$.detail.orderId', email: '$.detail.customer.email' },
              InputTemplate: '"Order <order> from VIP <email>"',
            },
          },
        ],
        null,
        2,
      ),
    },
    {
      name: 'nightly-report',
      pattern: '',
      schedule: 'cron(0 2 * * ? *)',
      targets: JSON.stringify(
        [{ Id: 'report', Arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:report`, Input: '{"report": "daily"}' }],
        null,
        2,
      ),
    },
  ],
  entries: JSON.stringify(
    [
      {
        Source: 'com.example.orders',
        DetailType: 'OrderPlaced',
        Detail: JSON.stringify({ orderId: 'o-1001', total: 149.5, customer: { email: 'Alice@Example.com', tier: 'gold' } }),
      },
      {
        Source: 'com.example.orders',
        DetailType: 'OrderPlaced',
        Detail: JSON.stringify({ orderId: 'o-1002', total: 20, customer: { email: 'bob@example.com', tier: 'bronze' } }),
      },
    ],
    null,
    2,
  ),
};
