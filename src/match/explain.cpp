#include "match/explain.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/aws_error.h"
#include "common/limits.h"
#include "match/array_consistency.h"
#include "match/path_trie.h"
#include "match/value_match.h"

namespace ebw::match {

using pattern::Item;
using pattern::ItemKind;

namespace {

// Values longer than this (as JSON text) are shortened in explanations.
constexpr std::size_t kMaxValueText = 120;
// A reason lists at most this many of a field's values, and of its condition's values.
constexpr std::size_t kMaxReasonValues = 3;

// ---- how values and conditions are spelt --------------------------------------------------

std::string quote(std::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// `text` cut to at most `max` bytes at a UTF-8 character boundary.
std::string_view cut(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

std::string valueText(ValueType type, std::string_view text) {
  if (type != ValueType::String) {
    return text.size() <= kMaxValueText ? std::string(text)
                                        : std::string(cut(text, kMaxValueText)) + "…";
  }
  std::string q = quote(text);
  if (q.size() <= kMaxValueText) return q;
  std::string shortened = quote(cut(text, kMaxValueText));
  shortened.insert(shortened.size() - 1, "…");
  return shortened;
}

const char* typeName(ValueType type) {
  switch (type) {
    case ValueType::String:
      return "a string";
    case ValueType::Number:
      return "a number";
    case ValueType::True:
    case ValueType::False:
      return "a boolean";
    case ValueType::Null:
      return "null";
  }
  return "a value";
}

std::string numberText(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
    return std::to_string(static_cast<long long>(v));
  }
  return Json(v).dump();
}

std::string addressText(const std::array<uint8_t, 16>& bytes, bool v6) {
  char buf[8];
  std::string out;
  if (!v6) {
    for (int i = 0; i < 4; ++i) {
      std::snprintf(buf, sizeof buf, "%s%u", i ? "." : "", static_cast<unsigned>(bytes[i]));
      out += buf;
    }
    return out;
  }
  for (int i = 0; i < 16; i += 2) {
    std::snprintf(buf, sizeof buf, "%s%x", i ? ":" : "",
                  static_cast<unsigned>(bytes[i] << 8 | bytes[i + 1]));
    out += buf;
  }
  return out;
}

// The range as an address (one address) or as CIDR text.
std::string rangeText(const pattern::IpRange& r, bool& single) {
  const int total = r.v6 ? 128 : 32;
  int bits = 0;
  while (bits < total) {
    const int byte = bits / 8, bit = 7 - bits % 8;
    if (((r.low[byte] >> bit) & 1) != ((r.high[byte] >> bit) & 1)) break;
    ++bits;
  }
  single = bits == total;
  const std::string address = addressText(r.low, r.v6);
  return single ? address : address + "/" + std::to_string(bits);
}

// A list of the texts: one text as itself, several as a JSON array.
std::string setText(const std::vector<std::string>& texts) {
  if (texts.size() == 1) return texts[0];
  std::string out = "[";
  for (std::size_t i = 0; i < texts.size(); ++i) out += (i ? ", " : "") + texts[i];
  return out + "]";
}

std::vector<std::string> quoted(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const std::string& t : texts) out.push_back(quote(t));
  return out;
}

std::string rangePhrase(const pattern::NumericRange& r) {
  if (r.hasLow && r.hasHigh && r.low == r.high && !r.lowOpen && !r.highOpen) {
    return "= " + numberText(r.low);
  }
  std::string out;
  if (r.hasLow) out += std::string(r.lowOpen ? "> " : ">= ") + numberText(r.low);
  if (r.hasHigh) {
    out += std::string(out.empty() ? "" : ", ") + (r.highOpen ? "< " : "<= ") + numberText(r.high);
  }
  return out;
}

std::string numericCondition(const pattern::NumericRange& r) {
  if (r.hasLow && r.hasHigh && r.low == r.high && !r.lowOpen && !r.highOpen) {
    return "{\"numeric\": [\"=\", " + numberText(r.low) + "]}";
  }
  std::string out = "{\"numeric\": [";
  if (r.hasLow) out += std::string(r.lowOpen ? "\">\", " : "\">=\", ") + numberText(r.low);
  if (r.hasHigh) {
    out += std::string(r.hasLow ? ", " : "") + (r.highOpen ? "\"<\", " : "\"<=\", ") +
           numberText(r.high);
  }
  return out + "]}";
}

// The anything-but set of an item, as the pattern would spell it.
std::string excludedText(const Item& item) {
  if (item.kind == ItemKind::AnythingButNumbers) {
    std::vector<std::string> numbers;
    for (double n : item.numbers) numbers.push_back(numberText(n));
    return setText(numbers);
  }
  return setText(quoted(item.texts));
}

const char* anythingButName(ItemKind kind) {
  switch (kind) {
    case ItemKind::AnythingButPrefix:
      return "prefix";
    case ItemKind::AnythingButSuffix:
      return "suffix";
    case ItemKind::AnythingButIgnoreCase:
      return "equals-ignore-case";
    case ItemKind::AnythingButWildcard:
      return "wildcard";
    default:
      return "";
  }
}

// One match value of a pattern, as the pattern spells it (ignore-case texts as folded).
std::string itemCondition(const Item& item) {
  const std::string q = quote(item.text);
  switch (item.kind) {
    case ItemKind::ExactString:
      return q;
    case ItemKind::ExactNumber:
    case ItemKind::ExactLiteral:
      return item.text;
    case ItemKind::Prefix:
      return "{\"prefix\": " + q + "}";
    case ItemKind::PrefixIgnoreCase:
      return "{\"prefix\": {\"equals-ignore-case\": " + q + "}}";
    case ItemKind::Suffix:
      return "{\"suffix\": " + q + "}";
    case ItemKind::SuffixIgnoreCase:
      return "{\"suffix\": {\"equals-ignore-case\": " + q + "}}";
    case ItemKind::EqualsIgnoreCase:
      return "{\"equals-ignore-case\": " + q + "}";
    case ItemKind::Wildcard:
      return "{\"wildcard\": " + q + "}";
    case ItemKind::Numeric:
      return numericCondition(item.range);
    case ItemKind::IpRange: {
      bool single = false;
      std::string text = rangeText(item.ip, single);
      return single ? quote(text) : "{\"cidr\": " + quote(text) + "}";
    }
    case ItemKind::Exists:
      return "{\"exists\": true}";
    case ItemKind::Absent:
      return "{\"exists\": false}";
    case ItemKind::AnythingButStrings:
    case ItemKind::AnythingButNumbers:
      return "{\"anything-but\": " + excludedText(item) + "}";
    case ItemKind::AnythingButPrefix:
    case ItemKind::AnythingButSuffix:
    case ItemKind::AnythingButIgnoreCase:
    case ItemKind::AnythingButWildcard:
      return std::string("{\"anything-but\": {\"") + anythingButName(item.kind) +
             "\": " + excludedText(item) + "}}";
  }
  return "";
}

std::string fieldCondition(const pattern::FieldCondition& field) {
  std::string out = "[";
  for (std::size_t i = 0; i < field.items.size(); ++i) {
    out += (i ? ", " : "") + itemCondition(field.items[i]);
  }
  return out + "]";
}

// Why `value` does not satisfy `item` (itemMatches() said so), as a phrase that follows the value:
// `is not "running"`, `does not start with "i-"`, ...
std::string whyNot(const Item& item, LeafValue& value) {
  const bool isString = value.type() == ValueType::String;
  const std::string q = quote(item.text);
  const std::string notString =
      std::string("is ") + typeName(value.type()) + ", and " + itemCondition(item) +
      " matches only strings";
  switch (item.kind) {
    case ItemKind::ExactString:
      return isString ? "is not " + q : "is not the string " + q;
    case ItemKind::ExactNumber:
      return value.type() == ValueType::Number ? "is not " + item.text
                                               : "is not the number " + item.text;
    case ItemKind::ExactLiteral:
      return "is not " + item.text;
    case ItemKind::Prefix:
      return isString ? "does not start with " + q : notString;
    case ItemKind::PrefixIgnoreCase:
      return isString ? "does not start with " + q + ", ignoring case" : notString;
    case ItemKind::Suffix:
      return isString ? "does not end with " + q : notString;
    case ItemKind::SuffixIgnoreCase:
      return isString ? "does not end with " + q + ", ignoring case" : notString;
    case ItemKind::EqualsIgnoreCase:
      return isString ? "is not " + q + ", ignoring case" : notString;
    case ItemKind::Wildcard:
      return isString ? "does not match the wildcard " + q : notString;
    case ItemKind::Numeric: {
      if (value.type() != ValueType::Number) {
        return std::string("is ") + typeName(value.type()) + ", and numeric matches only numbers";
      }
      double v;
      if (!value.number(v)) return "is a number too large for numeric to compare";
      const std::string range = rangePhrase(item.range);
      return range.rfind("= ", 0) == 0 ? "is not equal to " + range.substr(2)
                                       : "is not in the range " + range;
    }
    case ItemKind::IpRange: {
      if (!isString) {
        return std::string("is ") + typeName(value.type()) + ", and " + itemCondition(item) +
               " matches only IP address strings";
      }
      if (!value.ip()) return "is not an IP address";
      bool single = false;
      const std::string range = rangeText(item.ip, single);
      return single ? "is not the address " + quote(range) : "is not in " + range;
    }
    case ItemKind::Exists:
      return "is present";  // never a failure: any value satisfies exists
    case ItemKind::Absent:
      return "is present, and {\"exists\": false} requires no value here";
    case ItemKind::AnythingButStrings:
    case ItemKind::AnythingButNumbers:
      return "is excluded by anything-but " + excludedText(item);
    case ItemKind::AnythingButPrefix:
    case ItemKind::AnythingButSuffix:
    case ItemKind::AnythingButIgnoreCase:
    case ItemKind::AnythingButWildcard:
      return std::string("is excluded by anything-but ") + anythingButName(item.kind) + " " +
             excludedText(item);
  }
  return "does not match";
}

std::string elementText(const std::vector<uint32_t>& indices) {
  std::string out;
  for (uint32_t i : indices) out += "[" + std::to_string(i) + "]";
  return out;
}

// ---- evaluation ---------------------------------------------------------------------------

// The event's values at one path of the pattern, and what each field makes of them.
struct FieldWork {
  const pattern::FieldCondition* field = nullptr;
  const std::vector<uint32_t>* leaves = nullptr;  // leaf ids at the path, in document order
  std::vector<int> matchedItem;                   // per leaf: the first item it satisfies, or -1
  std::vector<uint32_t> matching;                 // the leaves that satisfy the field
};

class Explainer {
 public:
  Explainer(const pattern::CompiledPattern& pattern, std::string_view event) : pattern_(pattern) {
    for (const pattern::SubRule& sub : pattern.subRules) {
      for (const pattern::FieldCondition& field : sub.fields) trie_.add(field.path);
    }
    trie_.compile();
    if (!scanEvent(event, trie_, kMaxJsonDepth, scan_)) {
      throw AwsError("ValidationException", "Parameter Event is not valid.");
    }
    leavesAt_.resize(trie_.pathCount());
    for (uint32_t i = 0; i < scan_.leaves.size(); ++i) leavesAt_[scan_.leaves[i].path].push_back(i);
  }

  Explanation run() {
    Explanation out;
    out.ors = pattern_.ors;
    bool anyMatch = false;
    for (std::size_t a = 0; a < pattern_.subRules.size(); ++a) {
      out.alternatives.push_back(alternative(pattern_.subRules[a]));
      const ExplainedAlternative& alt = out.alternatives.back();
      if (anyMatch) continue;
      if (alt.matched) {
        anyMatch = true;
        out.alternative = a;
      } else if (a == 0 || alt.satisfied > out.alternatives[out.alternative].satisfied) {
        out.alternative = a;
      }
    }
    out.matched = anyMatch;
    if (!anyMatch && !out.alternatives.empty()) {
      out.failedField = out.alternatives[out.alternative].failedField;
      out.reason = out.alternatives[out.alternative].reason;
    }
    return out;
  }

 private:
  ExplainedAlternative alternative(const pattern::SubRule& sub) {
    ExplainedAlternative alt;
    alt.orChoices = sub.orChoices;
    std::vector<FieldWork> work(sub.fields.size());
    for (std::size_t f = 0; f < sub.fields.size(); ++f) {
      FieldWork& w = work[f];
      w.field = &sub.fields[f];
      w.leaves = &leavesAt_[trie_.find(w.field->path)];
      for (uint32_t leaf : *w.leaves) {
        LeafValue value(scan_.leaves[leaf].type, scan_.text(scan_.leaves[leaf]));
        int hit = -1;
        for (std::size_t i = 0; i < w.field->items.size() && hit < 0; ++i) {
          if (itemMatches(w.field->items[i], value)) hit = static_cast<int>(i);
        }
        w.matchedItem.push_back(hit);
        if (hit >= 0) w.matching.push_back(leaf);
      }
    }

    // Which leaf each field uses: consistent across arrays when every field is satisfied.
    std::vector<int> chosenLeaf(work.size(), -1);
    std::vector<std::size_t> fieldOf;  // candidate list -> field
    std::vector<std::vector<uint32_t>> candidates;
    bool allSatisfied = true;
    for (std::size_t f = 0; f < work.size(); ++f) {
      const bool byValue = !work[f].matching.empty();
      const bool byAbsence = !byValue && work[f].leaves->empty() && absentOk(*work[f].field);
      if (byValue || byAbsence) ++alt.satisfied;
      allSatisfied = allSatisfied && (byValue || byAbsence);
      if (byValue) {
        chosenLeaf[f] = static_cast<int>(work[f].matching[0]);
        fieldOf.push_back(f);
        candidates.push_back(work[f].matching);
      }
    }
    std::string conflict;
    std::size_t conflicting = work.size();
    if (allSatisfied) {
      std::vector<uint32_t> chosen;
      if (chooseConsistent(scan_, candidates, candidates.size(), chosen)) {
        alt.matched = true;
        for (std::size_t c = 0; c < chosen.size(); ++c) {
          chosenLeaf[fieldOf[c]] = static_cast<int>(chosen[c]);
        }
      } else {
        alt.arrayConflict = true;
        conflicting = describeConflict(work, fieldOf, candidates, conflict);
      }
    }

    for (std::size_t f = 0; f < work.size(); ++f) {
      alt.fields.push_back(field(work[f], f == conflicting ? -1 : chosenLeaf[f]));
      ExplainedField& ef = alt.fields.back();
      if (f == conflicting) {  // satisfied on its own, but not together with the others
        ef.matched = false;
        ef.reason = conflict;
      }
      if (!ef.matched && alt.failedField.empty()) {
        alt.failedField = ef.path;
        alt.reason = ef.reason;
      }
    }
    return alt;
  }

  static bool absentOk(const pattern::FieldCondition& field) {
    return std::any_of(field.items.begin(), field.items.end(),
                       [](const Item& i) { return i.kind == ItemKind::Absent; });
  }

  // Every field is satisfied on its own but no choice agrees on array elements: finds the first
  // field (in order) that cannot join the ones before it, and one earlier field it clashes with.
  // Returns that field's index and sets `reason`.
  std::size_t describeConflict(const std::vector<FieldWork>& work,
                               const std::vector<std::size_t>& fieldOf,
                               const std::vector<std::vector<uint32_t>>& candidates,
                               std::string& reason) {
    std::size_t k = 1;
    for (; k < candidates.size(); ++k) {
      std::vector<uint32_t> chosen;
      if (!chooseConsistent(scan_, candidates, k + 1, chosen)) break;
    }
    if (k >= candidates.size()) k = candidates.size() - 1;  // not reached: the whole set failed
    std::string others;
    for (std::size_t j = 0; j < k; ++j) {
      std::vector<std::vector<uint32_t>> pair{candidates[j], candidates[k]};
      std::vector<uint32_t> chosen;
      if (!chooseConsistent(scan_, pair, 2, chosen)) {
        others = work[fieldOf[j]].field->path;
        break;
      }
    }
    if (others.empty()) {
      for (std::size_t j = 0; j < k; ++j) {
        others += (j ? ", " : "") + work[fieldOf[j]].field->path;
      }
    }
    reason = work[fieldOf[k]].field->path +
             ": its matching values are in other elements of the same array than those of " +
             others + " (the fields of a pattern must match within one array element)";
    return fieldOf[k];
  }

  ExplainedValue describeValue(uint32_t leafId, bool matched) const {
    const Leaf& leaf = scan_.leaves[leafId];
    ExplainedValue v;
    v.text = valueText(leaf.type, scan_.text(leaf));
    v.type = leaf.type;
    for (uint32_t i = leaf.arraysBegin; i < leaf.arraysEnd; ++i) {
      v.indices.push_back(scan_.positions[i].index);
    }
    v.matched = matched;
    return v;
  }

  ExplainedField field(const FieldWork& w, int chosenLeaf) {
    ExplainedField ef;
    const pattern::FieldCondition& fc = *w.field;
    const std::vector<uint32_t>& leaves = *w.leaves;
    ef.path = fc.path;
    ef.condition = fieldCondition(fc);
    ef.valueCount = leaves.size();
    for (std::size_t i = 0; i < leaves.size() && i < kMaxExplainedValues; ++i) {
      ef.values.push_back(describeValue(leaves[i], w.matchedItem[i] >= 0));
      if (static_cast<int>(leaves[i]) == chosenLeaf) ef.chosen = static_cast<int>(i);
    }
    if (chosenLeaf >= 0 && ef.chosen < 0) {  // beyond the listed ones: listed as well
      ef.values.push_back(describeValue(static_cast<uint32_t>(chosenLeaf), true));
      ef.chosen = static_cast<int>(ef.values.size() - 1);
    }

    if (chosenLeaf >= 0) {
      ef.matched = true;
      const ExplainedValue& v = ef.values[ef.chosen];
      std::size_t at = 0;
      while (leaves[at] != static_cast<uint32_t>(chosenLeaf)) ++at;
      ef.reason = fc.path + ": " + v.text +
                  (v.indices.empty() ? "" : " (element " + elementText(v.indices) + ")") +
                  " matches " + itemCondition(fc.items[w.matchedItem[at]]);
      return ef;
    }
    if (leaves.empty()) {
      if (absentOk(fc)) {
        ef.matched = ef.byAbsence = true;
        ef.reason = fc.path + ": not in the event, as {\"exists\": false} requires";
      } else {
        ef.reason = fc.path + ": not in the event (the pattern requires " + ef.condition + ")";
      }
      return ef;
    }
    ef.reason = fc.path + ": " + failure(fc, leaves);
    return ef;
  }

  // Why none of `leaves` satisfies `fc`.
  std::string failure(const pattern::FieldCondition& fc, const std::vector<uint32_t>& leaves) {
    auto phrases = [&](uint32_t leafId) {
      const Leaf& leaf = scan_.leaves[leafId];
      LeafValue value(leaf.type, scan_.text(leaf));
      std::string out;
      std::size_t listed = 0;
      for (const Item& item : fc.items) {
        if (item.kind == ItemKind::Exists) continue;
        if (listed == kMaxReasonValues) {
          out += "; …";
          break;
        }
        out += (listed++ ? "; " : "") + whyNot(item, value);
      }
      return out;
    };
    auto shown = [&](uint32_t leafId) {
      const ExplainedValue v = describeValue(leafId, false);
      return v.indices.empty() ? v.text : v.text + " (element " + elementText(v.indices) + ")";
    };
    const bool oneItem = fc.items.size() == 1;
    if (leaves.size() == 1) {
      return shown(leaves[0]) + (oneItem ? " " : " matches none of " + fieldCondition(fc) + ": ") +
             phrases(leaves[0]);
    }
    std::string out = "none of its " + std::to_string(leaves.size()) + " values matches " +
                      fieldCondition(fc) + ": ";
    for (std::size_t i = 0; i < leaves.size() && i < kMaxReasonValues; ++i) {
      out += (i ? "; " : "") + shown(leaves[i]) + " " + phrases(leaves[i]);
    }
    if (leaves.size() > kMaxReasonValues) {
      out += "; and " + std::to_string(leaves.size() - kMaxReasonValues) + " more";
    }
    return out;
  }

  const pattern::CompiledPattern& pattern_;
  PathTrie trie_;
  EventScan scan_;
  std::vector<std::vector<uint32_t>> leavesAt_;
};

const char* typeJson(ValueType type) {
  switch (type) {
    case ValueType::String:
      return "string";
    case ValueType::Number:
      return "number";
    case ValueType::True:
    case ValueType::False:
      return "boolean";
    case ValueType::Null:
      return "null";
  }
  return "null";
}

}  // namespace

Explanation explain(const pattern::CompiledPattern& pattern, std::string_view eventJson) {
  return Explainer(pattern, eventJson).run();
}

Explanation explainPattern(std::string_view patternJson, std::string_view eventJson) {
  const pattern::CompiledPattern compiled = pattern::compilePattern(patternJson);
  return explain(compiled, eventJson);
}

Json explanationToJson(const Explanation& e) {
  Json out;
  out["matched"] = e.matched;
  out["alternative"] = e.alternative;
  out["failedField"] = e.failedField;
  out["reason"] = e.reason;
  out["ors"] = Json::array();
  for (const pattern::OrSite& site : e.ors) {
    out["ors"].push_back(Json{{"path", site.path}, {"branches", site.branches}});
  }
  out["alternatives"] = Json::array();
  for (const ExplainedAlternative& alt : e.alternatives) {
    Json a;
    a["matched"] = alt.matched;
    a["arrayConflict"] = alt.arrayConflict;
    a["failedField"] = alt.failedField;
    a["reason"] = alt.reason;
    a["orChoices"] = Json::array();
    for (const pattern::OrChoice& c : alt.orChoices) {
      a["orChoices"].push_back(Json{{"or", c.orIndex}, {"branch", c.branch}});
    }
    a["fields"] = Json::array();
    for (const ExplainedField& f : alt.fields) {
      Json jf;
      jf["path"] = f.path;
      jf["condition"] = f.condition;
      jf["matched"] = f.matched;
      jf["byAbsence"] = f.byAbsence;
      jf["reason"] = f.reason;
      jf["valueCount"] = f.valueCount;
      jf["chosen"] = f.chosen;
      jf["values"] = Json::array();
      for (const ExplainedValue& v : f.values) {
        jf["values"].push_back(Json{{"text", v.text},
                                    {"type", typeJson(v.type)},
                                    {"indices", v.indices},
                                    {"matched", v.matched}});
      }
      a["fields"].push_back(std::move(jf));
    }
    out["alternatives"].push_back(std::move(a));
  }
  return out;
}

}  // namespace ebw::match
