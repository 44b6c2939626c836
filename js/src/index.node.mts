// Entry point for `import` in Node: the CommonJS build itself (index.node.ts), so that `import` and
// `require` share one module instance, with ES-module declarations of their own (.d.mts).
export * from './index.node.js';
