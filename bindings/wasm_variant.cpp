// Which variant of the WebAssembly module this is: compiled into both links with the matcher's
// sources (CMakeLists.txt, EBW_SIMD_SOURCES), once with -msimd128 and once without, so the answer
// comes from the binary itself, also for a binary a user passed as init({ wasmBinary }).
extern "C" {

__attribute__((used, visibility("default"))) int ebw_wasm_simd128() {
#if defined(__wasm_simd128__)
  return 1;
#else
  return 0;
#endif
}

}  // extern "C"
