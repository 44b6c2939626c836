export default { test: { include: ['vitest-tests/explicit.test.mjs'] } };
