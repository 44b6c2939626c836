// Bytes of JSON text classified 16 or 32 at a time into bit masks (bit i = byte i), with 16-byte
// SIMD where the target has it: SSE2 natively (every x86-64 has it), SIMD128 in the WebAssembly
// module compiled with -msimd128. Without either, EBW_BYTE_MASKS is 0 and the scanner reads eight
// bytes at a time (SWAR) instead.
#pragma once

#include <cstdint>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define EBW_BYTE_MASKS 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define EBW_BYTE_MASKS 1
#else
#define EBW_BYTE_MASKS 0
#endif

namespace ebw::match {

#if EBW_BYTE_MASKS
// The ASCII digits among the 32 bytes at p (32 readable bytes).
inline uint32_t digitMask32(const char* p) {
#if defined(__wasm_simd128__)
  const v128_t zero = wasm_i8x16_splat('0'), nine = wasm_i8x16_splat(9);
  const v128_t lo = wasm_i8x16_sub(wasm_v128_load(p), zero);
  const v128_t hi = wasm_i8x16_sub(wasm_v128_load(p + 16), zero);
  return wasm_i8x16_bitmask(wasm_u8x16_le(lo, nine)) |
         wasm_i8x16_bitmask(wasm_u8x16_le(hi, nine)) << 16;
#else
  // SSE2 has no unsigned byte comparison: x <= 9 exactly when min(x, 9) == x.
  const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
  const __m128i lo = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), zero);
  const __m128i hi = _mm_sub_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)), zero);
  const uint32_t l = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(lo, nine), lo)));
  const uint32_t h = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(hi, nine), hi)));
  return l | h << 16;
#endif
}

// The bytes among the 16 at p (16 readable bytes) that end a run of plain string content: '"',
// '\\' and control characters.
inline uint32_t stringStopMask16(const char* p) {
#if defined(__wasm_simd128__)
  const v128_t v = wasm_v128_load(p);
  return wasm_i8x16_bitmask(wasm_v128_or(
      wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('"')), wasm_i8x16_eq(v, wasm_i8x16_splat('\\'))),
      wasm_u8x16_lt(v, wasm_i8x16_splat(0x20))));
#else
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
      control)));
#endif
}
#endif

}  // namespace ebw::match
