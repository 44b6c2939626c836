// The browser glue (ebw.mjs, Emscripten's ES-module output for the web): its default export is the
// module factory. The types are in ebw-module.d.ts.
import type { EbwModuleFactory } from './ebw-module.js';

export type * from './ebw-module.js';

declare const createEbwModule: EbwModuleFactory;
export default createEbwModule;
