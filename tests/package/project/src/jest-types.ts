// eventbridge-wasm/jest types: the global expect (@types/jest) and expect from @jest/globals.
import 'eventbridge-wasm/jest';
import { expect as jestExpect } from '@jest/globals';

const event = { source: 'app' };
expect(event).toMatchEventPattern({ source: ['app'] });
expect(event).not.toMatchEventPattern('{"source":["other"]}');
jestExpect(event).toMatchEventPattern({ source: ['app'] });
jestExpect(event).not.toMatchEventPattern({ source: ['other'] });
// @ts-expect-error a pattern is an object or JSON text (proves the matcher is typed, not `any`)
expect(event).toMatchEventPattern(42);
// @ts-expect-error the same for @jest/globals
jestExpect(event).toMatchEventPattern(42);
