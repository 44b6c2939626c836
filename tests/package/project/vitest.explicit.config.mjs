export default { test: { include: ['vitest-tests/explicit.test.mjs', 'vitest-tests/readme.test.mjs'] } };
