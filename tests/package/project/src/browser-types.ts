// Bundler resolution gets the browser build's types, which have no Node-only exports.
import * as ebw from 'eventbridge-wasm';

// @ts-expect-error the browser build has no createRequestHandler
export const handler = ebw.createRequestHandler;
// @ts-expect-error nor initSync
export const sync = ebw.initSync;
export const create = ebw.EventBridge.create;
