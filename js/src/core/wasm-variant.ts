// The package holds the WebAssembly module twice (CMakeLists.txt): ebw.wasm, whose matcher is
// compiled with Wasm SIMD128 (-msimd128), and the same code without SIMD, for engines that do not
// support SIMD128 (Safari before 16.4, for one). Both are driven by the same glue. The scalar one is
// not a second .wasm file but base64 in a JavaScript module generated at build time
// (wasm/ebw-scalar-binary.js, scripts/build.mjs), because the package ships exactly one .wasm
// (../shared/docs/interfaces.md); browsers import it, and Node reads its text, only when it is chosen.
// Which one loads is decided here, by asking the engine to validate a tiny module that uses
// SIMD128 instructions; `init({ simd })` (and EBW_WASM_SIMD in Node) overrides the decision.

/** Which binary is loaded: 'simd128' (ebw.wasm) or 'scalar' (the one in wasm/ebw-scalar-binary.js). */
export type WasmVariant = 'simd128' | 'scalar';

// (module (func (result i32) (i8x16.bitmask (i8x16.splat (i32.const 0))))) in the final SIMD128
// encoding: i8x16.bitmask only got its opcode when the proposal was finalised, so an engine that
// implemented a pre-standard SIMD draft (Chrome 84-90 behind a flag) rejects it too.
const SIMD128_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, // magic "\0asm"
  0x01, 0x00, 0x00, 0x00, // version 1
  0x01, 0x05, 0x01, // type section: 5 bytes, 1 type
  0x60, 0x00, 0x01, 0x7f, //   func type: 0 params, 1 result: i32
  0x03, 0x02, 0x01, 0x00, // function section: 2 bytes, 1 function of type 0
  0x0a, 0x0a, 0x01, // code section: 10 bytes, 1 body
  0x08, 0x00, //   body of 8 bytes, no locals
  0x41, 0x00, //   i32.const 0
  0xfd, 0x0f, //   i8x16.splat (SIMD prefix 0xfd, opcode 15)
  0xfd, 0x64, //   i8x16.bitmask (opcode 100)
  0x0b, //   end
]);

/** Whether this engine compiles Wasm SIMD128 (false where WebAssembly.validate is missing or throws). */
export function simd128Supported(): boolean {
  try {
    return WebAssembly.validate(SIMD128_PROBE);
  } catch {
    return false;
  }
}

/** The variant to load: `simd` true or false forces one; undefined lets the engine decide. */
export function chooseVariant(simd: boolean | undefined): WasmVariant {
  if (simd === false) return 'scalar';
  if (simd === true) return 'simd128';
  return simd128Supported() ? 'simd128' : 'scalar';
}
