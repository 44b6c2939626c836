// Case-insensitive comparison for equals-ignore-case and its prefix / suffix / anything-but forms.
// Both sides are folded and then compared as bytes. Folding maps every character to one
// representative of the characters equal to it ignoring case: Unicode's simple case folding
// (CaseFolding.txt, status C and S: ß/ẞ, ς/σ/Σ, µ/μ/Μ, ſ/s/S, Georgian, Cherokee, Deseret, ...)
// joined with the simple uppercase mapping, which adds dotless ı to i and I. A letter always equals
// itself (titlecase ǅ too). Mappings that change length (ß/SS, ﬃ/FFI, İ/i̇) are not applied: "ß"
// never equals "SS" and dotted İ equals only itself. Folding keeps the boundaries of characters, so
// a folded prefix or suffix is the fold of a prefix or suffix. The table is generated
// (tools/gen_unicode_tables.mjs).
#pragma once

#include <string>
#include <string_view>

namespace ebw::pattern {

// The representative of `cp`'s case class (`cp` itself when it has no case).
char32_t foldCodePoint(char32_t cp);

// Whether `cp` has a case variant (its case class has another member). Event-ruler's wildcard
// machine shares a state after a wildcard only for characters without one.
bool hasCaseVariants(char32_t cp);

// Appends the folded form of UTF-8 `text` to `out`. ASCII is folded in place without a table
// lookup; bytes that are not well-formed UTF-8 are copied unchanged.
void appendFolded(std::string& out, std::string_view text);

inline std::string folded(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  appendFolded(out, text);
  return out;
}

}  // namespace ebw::pattern
