// Node: the Emscripten glue is CommonJS; the .wasm is read with fs and compiled synchronously
// (Emscripten 3.1.6 would otherwise try fetch() on a file path, which fails under Node 18+).
//
// Where the files are: in the package, the Node glue is js/dist/cjs/wasm/ebw.js and the one
// ebw.wasm sits with the browser glue in js/dist/esm/wasm/ (a bundler must find it next to that
// glue); in a source checkout (ts-jest runs this file from js/src/platform) both are in dist/wasm,
// where the Emscripten build writes them.
import * as fs from 'fs';
import * as path from 'path';
import { TextEncoder as NodeTextEncoder } from 'util';
import type { EbwModuleOptions } from '../wasm/ebw-module.js';
import { SdkErrorClasses, registerSdkLoader } from '../core/errors.js';
import { registerTextEncoder } from '../core/text-encoder.js';
import { EbwModule, InitOptions, registerLoader } from '../core/wasm-module.js';
// API destinations send real HTTP requests through node:http/https in Node.
import '../core/api-destination-node-transport.js';

interface WasmFiles {
  glue: string;
  wasm: string;
}

function findWasmFiles(): WasmFiles {
  const packaged = { glue: path.join(__dirname, '../wasm/ebw.js'), wasm: path.join(__dirname, '../../esm/wasm/ebw.wasm') };
  const checkout = { glue: path.join(__dirname, '../../../dist/wasm/ebw.js'), wasm: path.join(__dirname, '../../../dist/wasm/ebw.wasm') };
  for (const files of [packaged, checkout]) {
    if (fs.existsSync(files.glue) && fs.existsSync(files.wasm)) return files;
  }
  throw new Error(`eventbridge-wasm: ${packaged.wasm} not found; run \`npm run build\` first`);
}

function loadSync(options: InitOptions): EbwModule {
  const files = findWasmFiles();
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const factory = require(files.glue) as (m: EbwModuleOptions) => unknown;
  const module: EbwModuleOptions = { wasmBinary: options.wasmBinary ?? fs.readFileSync(files.wasm) };
  // Built with WASM_ASYNC_COMPILATION=0: the module object is complete when the factory returns.
  factory(module);
  return module as unknown as EbwModule;
}

registerLoader(async (options) => loadSync(options), loadSync);

// Jest's jsdom environment runs this build in Node without a global TextEncoder.
registerTextEncoder(() => new NodeTextEncoder() as TextEncoder);

// The project's @aws-sdk/client-eventbridge, when it has one: errors are then the SDK's own
// exception classes (core/errors.ts). Loaded at the first error only (it takes ~150 ms).
registerSdkLoader(() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const sdk = require('@aws-sdk/client-eventbridge') as Partial<SdkErrorClasses>;
    return typeof sdk.EventBridgeServiceException === 'function' ? (sdk as SdkErrorClasses) : undefined;
  } catch {
    return undefined;
  }
});
