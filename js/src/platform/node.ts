// Node: the Emscripten glue is CommonJS; the .wasm is read with fs and compiled synchronously
// (Emscripten 3.1.6 would otherwise try fetch() on a file path, which fails under Node 18+).
//
// Where the files are: in the package, the Node glue is js/dist/cjs/wasm/ebw.js and the two
// binaries (ebw.wasm with SIMD128, ebw.scalar.wasm without) sit with the browser glue in
// js/dist/esm/wasm/ (a bundler must find them next to that glue); in a source checkout (ts-jest
// runs this file from js/src/platform) all are in dist/wasm, where the Emscripten build writes them.
// Which binary: core/wasm-variant.ts (the engine decides; init({ simd }) or EBW_WASM_SIMD overrides).
import * as fs from 'fs';
import * as path from 'path';
import { TextEncoder as NodeTextEncoder } from 'util';
import type { EbwModuleOptions } from '../wasm/ebw-module.js';
import { SdkErrorClasses, registerSdkLoader } from '../core/errors.js';
import { registerTextEncoder } from '../core/text-encoder.js';
import { EbwModule, InitOptions, registerLoader } from '../core/wasm-module.js';
import { WASM_FILE, chooseVariant } from '../core/wasm-variant.js';
// API destinations send real HTTP requests through node:http/https in Node.
import '../core/api-destination-node-transport.js';

// The packaged layout first, then the checkout's.
function findFile(packaged: string, checkout: string): string {
  for (const file of [packaged, checkout]) if (fs.existsSync(file)) return file;
  throw new Error(`eventbridge-wasm: ${packaged} not found; run \`npm run build\` first`);
}

const findGlue = () => findFile(path.join(__dirname, '../wasm/ebw.js'), path.join(__dirname, '../../../dist/wasm/ebw.js'));
const findWasm = (file: string) =>
  findFile(path.join(__dirname, '../../esm/wasm', file), path.join(__dirname, '../../../dist/wasm', file));

/** EBW_WASM_SIMD: '0' loads the scalar binary, '1' the SIMD128 one; unset or '' lets the engine decide. */
function simdFromEnvironment(): boolean | undefined {
  const value = process.env.EBW_WASM_SIMD;
  if (value === undefined || value === '') return undefined;
  if (value === '0' || value === '1') return value === '1';
  throw new Error(`eventbridge-wasm: EBW_WASM_SIMD must be 0 (scalar module) or 1 (SIMD128 module), not ${JSON.stringify(value)}`);
}

function loadSync(options: InitOptions): EbwModule {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const factory = require(findGlue()) as (m: EbwModuleOptions) => unknown;
  // A binary given by the caller is used as it is, whatever `simd` or EBW_WASM_SIMD say.
  const wasmBinary =
    options.wasmBinary ?? fs.readFileSync(findWasm(WASM_FILE[chooseVariant(options.simd ?? simdFromEnvironment())]));
  const module: EbwModuleOptions = { wasmBinary };
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
