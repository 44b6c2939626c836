export default { test: { globals: true, include: ['vitest-tests/globals.test.mjs'] } };
