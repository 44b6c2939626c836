// Entry point for Node (require and import).
import './platform/node.js';

export * from './core/index.js';
export { initSync } from './core/wasm-module.js';
export { createRequestHandler } from './server/sdk-handler.js';
