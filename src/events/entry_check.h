// PutEvents request checks that the generic shape checker cannot express: the entry-count message
// (AWS prints every entry as a Java toString), the 256 KB size rule, and the per-entry
// InvalidArgument / MalformedDetail failures that leave the rest of the request to succeed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "common/json.h"

namespace ebw::events {

constexpr std::size_t kMaxEntries = 10;

// The ValidationException message for more than kMaxEntries entries, e.g.
// "1 validation error detected: Value '[PutEventsRequestEntry(time=null, source=s, ...)]' at
// 'entries' failed to satisfy constraint: Member must have length less than or equal to 10".
std::string tooManyEntriesMessage(const Json& entries);

// An entry's size as the UG (eb-putevent-size) defines it: 14 bytes for Time, plus the UTF-8
// bytes of Source, DetailType, Detail and each Resource.
std::size_t entrySize(const Json& entry);

// True when the entries together exceed the 256 KB request limit.
bool overSizeLimit(const Json& entries);

struct EntryError {
  std::string code;
  std::string message;
};

// The per-entry failure (AWS order: Source, DetailType, Detail, then Detail's JSON), or nullopt
// for an entry that will be accepted.
std::optional<EntryError> checkEntry(const Json& entry);

}  // namespace ebw::events
