// Compiles an EventPattern token by token, in the order and with the messages of AWS's compiler
// (aws/event-ruler's JsonRuleCompiler, whose barf() texts EventBridge returns verbatim), so that
// the first error AWS would report is the one we report.
#include <iterator>
#include <map>
#include <set>

#include "common/aws_error.h"
#include "common/limits.h"
#include "common/utf8.h"
#include "pattern/case_fold.h"
#include "pattern/json_tokenizer.h"
#include "pattern/number.h"
#include "pattern/pattern.h"
#include "pattern/wildcard_complexity.h"

namespace ebw::pattern {

namespace {

// EventBridge rejects patterns whose $or branches multiply out to more than this many
// combinations (User Guide, content-based filtering).
constexpr std::size_t kMaxOrCombinations = 1000;

const std::set<std::string>& reservedInsideOr() {
  static const std::set<std::string> names{"exactly",
                                           "equals-ignore-case",
                                           "prefix",
                                           "suffix",
                                           "anything-but",
                                           "exists",
                                           "wildcard",
                                           "numeric",
                                           "cidr",
                                           "=",
                                           "<",
                                           "<=",
                                           ">",
                                           ">=",
                                           "regex",
                                           "not-wildcard",
                                           "not-equals-ignore-case",
                                           "date-after",
                                           "date-on-or-after",
                                           "date-before",
                                           "date-on-or-before",
                                           "in-date-range",
                                           "ip-address-in-range",
                                           "ip-address-not-in-range"};
  return names;
}

// One alternative while multiplying out: its fields, and the $or branches that led to it.
struct Rule {
  std::map<std::string, std::vector<Item>> fields;
  std::vector<OrChoice> ors;
};

// What the pattern does to its set of rules, in order, recorded while parsing: a field's values set
// on every rule, or a $or that replaces the set with the union of one copy per branch, each copy
// changed by that branch's steps. The set is multiplied out only after the whole pattern parsed
// without error, so a pattern refused for too many $or combinations costs no more than reading it
// (multiplying out as it went, a 5.6 KB refused pattern took 0.5 s). While parsing only the set's
// size is tracked, exactly as the multiplied-out set grows, so the limit fires at the same token.
struct Step {
  std::string path;  // a field: its path and values
  std::vector<Item> values;
  std::vector<std::vector<Step>> orBranches;  // a $or when not empty
  uint32_t orIndex = 0;                        // a $or: its number (CompiledPattern::ors)
};

// Applies `steps` to `rules`: the changes parsing counted, in the same order.
void multiplyOut(const std::vector<Step>& steps, std::vector<Rule>& rules) {
  for (const Step& step : steps) {
    if (step.orBranches.empty()) {
      if (rules.empty()) rules.emplace_back();
      for (Rule& rule : rules)
        rule.fields[step.path] = step.values;  // a repeated path overrides, as in AWS
      continue;
    }
    const std::vector<Rule> current = std::move(rules);
    rules.clear();
    for (std::size_t b = 0; b < step.orBranches.size(); ++b) {
      std::vector<Rule> branch = current;
      if (branch.empty()) branch.emplace_back();
      for (Rule& rule : branch) rule.ors.push_back(OrChoice{step.orIndex, static_cast<uint32_t>(b)});
      multiplyOut(step.orBranches[b], branch);
      rules.insert(rules.end(), std::make_move_iterator(branch.begin()),
                   std::make_move_iterator(branch.end()));
    }
  }
}

// AWS's reason text for a rejected pattern. A name or value quoted in it may hold a lone surrogate
// from a \u escape (kept in its three-byte form): Java's UTF-8 encoder writes '?' for it, and the
// answer must stay valid UTF-8.
AwsError invalidPattern(const std::string& reasonWithLocation) {
  std::string text;
  for (std::size_t i = 0; i < reasonWithLocation.size(); ++i) {
    const unsigned char b = static_cast<unsigned char>(reasonWithLocation[i]);
    if (b == 0xED && i + 2 < reasonWithLocation.size() &&
        (static_cast<unsigned char>(reasonWithLocation[i + 1]) & 0xE0) == 0xA0) {
      text += '?';
      i += 2;
    } else {
      text += static_cast<char>(b);
    }
  }
  return AwsError("InvalidEventPatternException",
                  "Event pattern is not valid. Reason: " + utf8::valid(text));
}

class Compiler {
 public:
  explicit Compiler(std::string_view source) : tok_(source, kMaxJsonDepth) {}

  CompiledPattern run() {
    std::vector<Step> steps;
    try {
      if (tok_.next() != Tok::StartObject) barf("Filter is not an object");
      std::vector<std::string> path;
      std::size_t count = 0;
      parseObject(steps, count, path, false);
    } catch (const JsonSyntaxError& e) {
      throw invalidPattern(e.fullMessage());
    }
    std::vector<Rule> rules;
    multiplyOut(steps, rules);
    CompiledPattern out;
    for (Rule& rule : rules) {
      SubRule sub;
      for (auto& [path, items] : rule.fields) {
        sub.fields.push_back(FieldCondition{path, std::move(items)});
      }
      sub.orChoices = std::move(rule.ors);
      out.subRules.push_back(std::move(sub));
    }
    out.ors = std::move(ors_);
    // AWS's engine measures wildcards once the rule is built, as it adds the rule to its machine:
    // after every parse error, and without a location.
    if (ruleTooComplex(out)) throw invalidPattern(kWildcardTooComplex);
    return out;
  }

 private:
  // Ruler's barf(): a parse error at the parser's current location.
  [[noreturn]] void barf(const std::string& reason) {
    throw JsonSyntaxError(reason, tok_.location());
  }
  // An error Ruler raises as an IllegalArgumentException (CIDR, numbers it cannot compare): it
  // carries no location.
  [[noreturn]] void fail(const std::string& reason) { throw JsonSyntaxError(reason, ""); }
  // Where Ruler catches what it raised and raises it again at the current location: an anything-
  // but list (its own barf(), Jackson's errors, numbers it cannot compare: a located error comes
  // out with its location twice, an unlocated one once) and the conversion of a numeric
  // expression's numbers once it is complete (after its closing bracket).
  template <typename F>
  void raisedAgainHere(F&& step) {
    try {
      step();
    } catch (const JsonSyntaxError& e) {
      barf(e.fullMessage());
    }
  }

  static bool isNumber(Tok t) { return t == Tok::NumberInt || t == Tok::NumberFloat; }

  static std::string joinPath(const std::vector<std::string>& path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) out += (i ? "." : "") + path[i];
    return out;
  }

  static std::string join(const std::vector<std::string>& path, const std::string& name) {
    std::string out;
    for (const std::string& step : path) out += step + ".";
    return out + name;
  }

  void expectEnd(const char* reason = "Only one key allowed in match expression") {
    if (tok_.next() != Tok::EndObject) barf(reason);
  }

  // `count` is the number of rules the steps so far multiply out to.
  void parseObject(std::vector<Step>& steps, std::size_t& count, std::vector<std::string>& path,
                   bool insideOr) {
    bool fieldsPresent = false;
    while (tok_.next() != Tok::EndObject) {
      fieldsPresent = true;
      const std::string name = tok_.fieldName();
      if (name == "$or") {
        parseOr(steps, count, path);
        continue;
      }
      if (insideOr && reservedInsideOr().count(name)) {
        barf(name + " is Ruler reserved fieldName which cannot be used inside $or.");
      }
      switch (tok_.next()) {
        case Tok::StartObject:
          path.push_back(name);
          parseObject(steps, count, path, insideOr);
          path.pop_back();
          break;
        case Tok::StartArray:
          writeRules(steps, count, join(path, name));
          break;
        default:
          barf("\"" + name + "\" must be an object or an array");
      }
    }
    if (!fieldsPresent) barf("Empty objects are not allowed");
  }

  // The rule set becomes the union of one copy of it per branch (the copy of an empty set holds
  // one empty rule), each changed by its branch.
  void parseOr(std::vector<Step>& steps, std::size_t& count, std::vector<std::string>& path) {
    const std::size_t current = count;
    count = 0;
    Step step;
    // Numbered before its branches are read, so that an outer $or comes before nested ones.
    step.orIndex = static_cast<uint32_t>(ors_.size());
    ors_.push_back(OrSite{joinPath(path), 0});
    if (tok_.next() != Tok::StartArray) barf("It must be an Array followed with $or.");
    int branches = 0;
    for (Tok t = tok_.next(); t != Tok::EndArray; t = tok_.next()) {
      ++branches;
      if (t != Tok::StartObject) barf("Only JSON object is allowed in array of $or relationship.");
      std::size_t branchCount = current == 0 ? 1 : current;
      step.orBranches.emplace_back();
      parseObject(step.orBranches.back(), branchCount, path, true);
      count += branchCount;
      if (count > kMaxOrCombinations) {
        // AWS's wording for this limit was not captured; this states the documented limit.
        barf("The number of $or combinations exceeds the maximum of 1000");
      }
    }
    if (branches < 2) barf("There must have at least 2 Objects in $or relationship.");
    ors_[step.orIndex].branches = static_cast<uint32_t>(branches);
    steps.push_back(std::move(step));
  }

  void writeRules(std::vector<Step>& steps, std::size_t& count, const std::string& name) {
    std::vector<Item> values;
    for (Tok t = tok_.next(); t != Tok::EndArray; t = tok_.next()) {
      switch (t) {
        case Tok::StartObject:
          values.push_back(matchExpression());
          break;
        case Tok::String: {
          const std::string& text = tok_.text();
          IpAddress ip;
          if (parseIpAddress(text, ip)) {
            Item item(ItemKind::IpRange);
            item.ip = singleAddressRange(ip);
            values.push_back(std::move(item));
          } else {
            Item item(ItemKind::ExactString);
            item.text = text;
            values.push_back(std::move(item));
          }
          break;
        }
        case Tok::NumberInt:
        case Tok::NumberFloat: {
          Item item(ItemKind::ExactNumber);
          item.text = tok_.text();
          item.numberComparable =
              parseNumber(item.text, item.number) && numericallyComparable(item.number);
          values.push_back(std::move(item));
          break;
        }
        case Tok::Null:
        case Tok::True:
        case Tok::False: {
          Item item(ItemKind::ExactLiteral);
          item.text = tok_.text();
          values.push_back(std::move(item));
          break;
        }
        default:
          barf("Match value must be String, number, true, false, or null");
      }
    }
    if (values.empty()) barf("Empty arrays are not allowed");
    if (count == 0) count = 1;
    Step step;
    step.path = name;
    step.values = std::move(values);
    steps.push_back(std::move(step));
  }

  // The string value of a one-key match expression, then its closing brace.
  Item stringExpression(ItemKind kind, const std::string& notString) {
    if (tok_.next() != Tok::String) barf(notString);
    Item item{kind};
    item.text = tok_.text();
    return item;
  }

  Item matchExpression() {
    if (tok_.next() != Tok::FieldName) barf("Match expression name not found");
    const std::string op = tok_.fieldName();
    if (op == "prefix" || op == "suffix") {
      const bool prefix = op == "prefix";
      const Tok t = tok_.next();
      if (t == Tok::StartObject) return affixIgnoreCase(prefix);
      if (t != Tok::String) barf(op + " match pattern must be a string");
      Item item{prefix ? ItemKind::Prefix : ItemKind::Suffix};
      item.text = tok_.text();
      expectEnd();
      return item;
    }
    if (op == "numeric") {
      if (tok_.next() != Tok::StartArray) barf("Value of numeric must be an array.");
      Item item = numericExpression();
      expectEnd("Too many elements in numeric expression");
      return item;
    }
    if (op == "anything-but") return anythingBut();
    if (op == "exists") {
      const Tok t = tok_.next();
      if (t != Tok::True && t != Tok::False)
        barf("exists match pattern must be either true or false.");
      Item item(t == Tok::True ? ItemKind::Exists : ItemKind::Absent);
      expectEnd();
      return item;
    }
    if (op == "cidr") {
      // AWS reports a non-string cidr value with the prefix operator's message.
      Item item = stringExpression(ItemKind::IpRange, "prefix match pattern must be a string");
      std::string reason;
      if (!parseCidr(item.text, item.ip, reason)) fail(reason);
      item.text.clear();
      expectEnd();
      return item;
    }
    if (op == "equals-ignore-case") {
      Item item = stringExpression(ItemKind::EqualsIgnoreCase,
                                   "equals-ignore-case match pattern must be a string");
      item.text = folded(item.text);
      expectEnd();
      return item;
    }
    if (op == "wildcard") {
      Item item = stringExpression(ItemKind::Wildcard, "wildcard match pattern must be a string");
      item.wildcards.emplace_back();
      std::string reason;
      if (!parseWildcard(item.text, item.wildcards.back(), reason)) barf(reason);
      expectEnd();
      return item;
    }
    // AWS's engine also knows "exactly", which EventBridge does not document; like every other
    // unknown name it is rejected here.
    barf("Unrecognized match type " + op);
  }

  Item affixIgnoreCase(bool prefix) {
    if (tok_.next() != Tok::FieldName) {
      barf(prefix ? "Prefix expression name not found" : "Suffix expression name not found");
    }
    if (tok_.fieldName() != "equals-ignore-case") {
      barf(std::string(prefix ? "Unsupported prefix pattern: " : "Unsupported suffix pattern: ") +
           tok_.fieldName());
    }
    Item item = stringExpression(prefix ? ItemKind::PrefixIgnoreCase : ItemKind::SuffixIgnoreCase,
                                 "equals-ignore-case match pattern must be a string");
    item.text = folded(item.text);
    expectEnd();
    expectEnd();
    return item;
  }

  // A number AWS's engine can compare by value, else its "Cannot compare number" (raised as an
  // IllegalArgumentException, which the numeric expression turns into a located error).
  double comparable(const std::string& text) {
    double v = 0;
    if (!parseNumber(text, v)) fail("Cannot compare number : " + text);
    return v;
  }

  Item numericExpression() {
    Item item(ItemKind::Numeric);
    NumericRange& r = item.range;
    Tok t = tok_.next();
    if (t != Tok::String) barf("Invalid member in numeric match: " + tok_.text());
    const std::string op = tok_.text();
    t = tok_.next();
    if (op == "=") {
      if (!isNumber(t)) barf("Value of equals must be numeric");
      const std::string value = tok_.text();
      if (tok_.next() != Tok::EndArray) barf("Too many elements in numeric expression");
      raisedAgainHere([&] { r.low = r.high = comparable(value); });
      r.hasLow = r.hasHigh = true;
    } else if (op == ">=" || op == ">") {
      if (!isNumber(t)) barf("Value of " + op + " must be numeric");
      const std::string bottom = tok_.text();
      r.hasLow = true;
      r.lowOpen = op == ">";
      t = tok_.next();
      if (t == Tok::EndArray) {
        raisedAgainHere([&] { r.low = comparable(bottom); });
      } else {
        completeRange(t, bottom, r);
      }
    } else if (op == "<=" || op == "<") {
      if (!isNumber(t)) barf("Value of " + op + " must be numeric");
      const std::string top = tok_.text();
      if (tok_.next() != Tok::EndArray) barf("Too many elements in numeric expression");
      raisedAgainHere([&] { r.high = comparable(top); });
      r.hasHigh = true;
      r.highOpen = op == "<";
    } else {
      barf("Unrecognized numeric range operator: " + op);
    }
    return item;
  }

  void completeRange(Tok t, const std::string& bottom, NumericRange& r) {
    if (t != Tok::String) barf("Bad value in numeric range: " + tok_.text());
    const std::string op = tok_.text();
    if (op != "<" && op != "<=") barf("Bad numeric range operator: " + op);
    if (!isNumber(tok_.next())) barf("Value of " + op + " must be numeric");
    const std::string top = tok_.text();
    if (tok_.next() != Tok::EndArray) barf("Too many terms in numeric range expression");
    raisedAgainHere([&] {
      r.low = comparable(bottom);
      r.high = comparable(top);
    });
    r.hasHigh = true;
    r.highOpen = op == "<";
    if (!(r.low < r.high)) barf("Bottom must be less than top");
  }

  Item anythingBut() {
    ItemKind kind = ItemKind::AnythingButStrings;  // the plain form, until its values say
    bool plain = true;
    Tok t = tok_.next();
    if (t == Tok::StartObject) {
      if (tok_.next() != Tok::FieldName) barf("Anything-But expression name not found");
      const std::string& op = tok_.fieldName();
      plain = false;
      if (op == "equals-ignore-case") {
        kind = ItemKind::AnythingButIgnoreCase;
      } else if (op == "prefix") {
        kind = ItemKind::AnythingButPrefix;
      } else if (op == "suffix") {
        kind = ItemKind::AnythingButSuffix;
      } else if (op == "wildcard") {
        kind = ItemKind::AnythingButWildcard;
      } else {
        barf("Unsupported anything-but pattern: " + op);
      }
      t = tok_.next();
    }
    if (t != Tok::StartArray && t != Tok::String && !isNumber(t)) {
      barf("Value of anything-but must be an array or single string/number value.");
    }
    Item item(kind);
    if (plain) {
      plainAnythingBut(t, item);
    } else {
      anythingButSet(t, item);
    }
    expectEnd("Too many elements in numeric expression");
    if (!plain) expectEnd("Too many elements in numeric expression");
    return item;
  }

  void plainAnythingBut(Tok t, Item& item) {
    if (t == Tok::String) {
      item.texts.push_back(tok_.text());
      return;
    }
    if (t != Tok::StartArray) {
      // A single number AWS cannot compare escapes unlocated.
      item.kind = ItemKind::AnythingButNumbers;
      item.numbers.push_back(comparable(tok_.text()));
      return;
    }
    bool hasNumber = false, hasString = false;
    raisedAgainHere([&] {
      for (t = tok_.next(); t != Tok::EndArray; t = tok_.next()) {
        if (t == Tok::String) {
          item.texts.push_back(tok_.text());
          hasString = true;
        } else if (isNumber(t)) {
          item.numbers.push_back(comparable(tok_.text()));
          hasNumber = true;
        } else {
          barf("Inside anything but list, start|null|boolean is not supported.");
        }
      }
    });
    if (hasNumber == hasString) {
      barf(
          "Inside anything but list, either all values are number or string, mixed type is not "
          "supported");
    }
    item.kind = hasNumber ? ItemKind::AnythingButNumbers : ItemKind::AnythingButStrings;
  }

  // The values of anything-but equals-ignore-case / prefix / suffix / wildcard: one string or a
  // list of strings.
  void anythingButSet(Tok t, Item& item) {
    const ItemKind kind = item.kind;
    const auto value = [&](Tok v) {
      if (v != Tok::String) {
        barf(kind == ItemKind::AnythingButIgnoreCase
                 ? "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
                   "supported."
             : kind == ItemKind::AnythingButWildcard
                 ? "wildcard match pattern must be a string"
                 : "prefix/suffix match pattern must be a string");
      }
      const std::string& text = tok_.text();
      if ((kind == ItemKind::AnythingButPrefix || kind == ItemKind::AnythingButSuffix) &&
          text.empty()) {
        barf("Null prefix/suffix not allowed");
      }
      item.texts.push_back(kind == ItemKind::AnythingButIgnoreCase ? folded(text) : text);
    };
    if (t == Tok::StartArray) {
      raisedAgainHere([&] {
        for (Tok v = tok_.next(); v != Tok::EndArray; v = tok_.next()) value(v);
      });
    } else {
      value(t);
    }
    if (kind == ItemKind::AnythingButWildcard) {
      for (const std::string& text : item.texts) {
        item.wildcards.emplace_back();
        std::string reason;
        if (!parseWildcard(text, item.wildcards.back(), reason)) barf(reason);
      }
    }
  }

  JsonTokenizer tok_;
  std::vector<OrSite> ors_;  // every $or met so far, numbered in the order they start
};

}  // namespace

CompiledPattern compilePattern(std::string_view patternJson) {
  return Compiler(patternJson).run();
}

}  // namespace ebw::pattern
