// Node resolution: the Node-only exports exist.
import { EventBridge, createRequestHandler, initSync } from 'eventbridge-wasm';

export async function nodeOnly(): Promise<unknown> {
  initSync();
  return createRequestHandler(await EventBridge.create());
}
