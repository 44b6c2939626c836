// eventbridge-wasm/vitest types: Vitest's expect.
import 'eventbridge-wasm/vitest';
import { expect } from 'vitest';

expect({ source: 'app' }).toMatchEventPattern({ source: ['app'] });
expect({ source: 'app' }).not.toMatchEventPattern({ source: ['other'] });
// @ts-expect-error a pattern is an object or JSON text (proves the matcher is typed, not `any`)
expect({ source: 'app' }).toMatchEventPattern(42);
