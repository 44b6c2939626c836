// Compiles an EventPattern token by token, in the order and with the messages of AWS's compiler
// (aws/event-ruler's JsonRuleCompiler, whose barf() texts EventBridge returns verbatim), so that
// the first error AWS would report is the one we report.
#include <iterator>
#include <map>
#include <set>

#include "common/aws_error.h"
#include "common/limits.h"
#include "pattern/case_fold.h"
#include "pattern/json_tokenizer.h"
#include "pattern/number.h"
#include "pattern/pattern.h"

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

using Rule = std::map<std::string, std::vector<Item>>;

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
};

// Applies `steps` to `rules`: the changes parsing counted, in the same order.
void multiplyOut(const std::vector<Step>& steps, std::vector<Rule>& rules) {
  for (const Step& step : steps) {
    if (step.orBranches.empty()) {
      if (rules.empty()) rules.emplace_back();
      for (Rule& rule : rules)
        rule[step.path] = step.values;  // a repeated path overrides, as in AWS
      continue;
    }
    const std::vector<Rule> current = std::move(rules);
    rules.clear();
    for (const std::vector<Step>& branchSteps : step.orBranches) {
      std::vector<Rule> branch = current;
      if (branch.empty()) branch.emplace_back();
      multiplyOut(branchSteps, branch);
      rules.insert(rules.end(), std::make_move_iterator(branch.begin()),
                   std::make_move_iterator(branch.end()));
    }
  }
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
      throw AwsError("InvalidEventPatternException",
                     std::string("Event pattern is not valid. Reason: ") + e.what() +
                         tok_.locationSuffix(e.offset));
    }
    std::vector<Rule> rules;
    multiplyOut(steps, rules);
    CompiledPattern out;
    for (Rule& rule : rules) {
      SubRule sub;
      for (auto& [path, items] : rule) sub.fields.push_back(FieldCondition{path, std::move(items)});
      out.subRules.push_back(std::move(sub));
    }
    return out;
  }

 private:
  [[noreturn]] void barf(const std::string& reason, bool repeated = false) {
    // Some AWS code paths catch their own error and raise it again, which repeats the location.
    std::string suffix = tok_.locationSuffix(tok_.offset());
    throw AwsError("InvalidEventPatternException", "Event pattern is not valid. Reason: " + reason +
                                                       suffix + (repeated ? suffix : ""));
  }

  std::string tokenText(Tok t) const {
    switch (t) {
      case Tok::StartObject:
        return "{";
      case Tok::EndObject:
        return "}";
      case Tok::StartArray:
        return "[";
      case Tok::EndArray:
        return "]";
      case Tok::End:
        return "null";
      default:
        return tok_.text();
    }
  }

  static bool isNumber(Tok t) { return t == Tok::NumberInt || t == Tok::NumberFloat; }

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
    for (Tok t = tok_.next(); t != Tok::EndObject; t = tok_.next()) {
      fieldsPresent = true;
      std::string name = tok_.text();
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
          IpAddress ip;
          if (parseIpAddress(tok_.text(), ip)) {
            Item item(ItemKind::IpRange);
            item.ip = singleAddressRange(ip);
            values.push_back(std::move(item));
          } else {
            Item item(ItemKind::ExactString);
            item.text = tok_.text();
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

  Item stringItem(ItemKind kind, const char* notString) {
    if (tok_.next() != Tok::String) barf(notString);
    Item item{kind};
    item.text = tok_.text();
    return item;
  }

  Item matchExpression() {
    if (tok_.next() != Tok::FieldName) barf("Match expression name not found");
    const std::string op = tok_.text();
    if (op == "prefix" || op == "suffix") {
      const bool prefix = op == "prefix";
      Tok t = tok_.next();
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
      Tok t = tok_.next();
      if (t != Tok::True && t != Tok::False)
        barf("exists match pattern must be either true or false.");
      Item item(t == Tok::True ? ItemKind::Exists : ItemKind::Absent);
      expectEnd();
      return item;
    }
    if (op == "cidr") {
      // AWS reports a non-string cidr value with the prefix operator's message.
      if (tok_.next() != Tok::String) barf("prefix match pattern must be a string");
      Item item(ItemKind::IpRange);
      std::string reason;
      if (!parseCidr(tok_.text(), item.ip, reason)) barf(reason);
      expectEnd();
      return item;
    }
    if (op == "equals-ignore-case") {
      Item item = stringItem(ItemKind::EqualsIgnoreCase,
                             "equals-ignore-case match pattern must be a string");
      item.text = folded(item.text);
      expectEnd();
      return item;
    }
    if (op == "wildcard") {
      Item item = stringItem(ItemKind::Wildcard, "wildcard match pattern must be a string");
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
    if (tok_.text() != "equals-ignore-case") {
      barf(std::string(prefix ? "Unsupported prefix pattern: " : "Unsupported suffix pattern: ") +
           tok_.text());
    }
    Item item = stringItem(prefix ? ItemKind::PrefixIgnoreCase : ItemKind::SuffixIgnoreCase,
                           "equals-ignore-case match pattern must be a string");
    item.text = folded(item.text);
    expectEnd();
    expectEnd();
    return item;
  }

  double numberValue(const std::string& text) {
    double v = 0;
    // AWS's ComparableNumber refuses what a double cannot hold.
    if (!parseNumber(text, v)) barf("Cannot compare number : " + text);
    return v;
  }

  Item numericExpression() {
    Item item(ItemKind::Numeric);
    NumericRange& r = item.range;
    Tok t = tok_.next();
    if (t != Tok::String) barf("Invalid member in numeric match: " + tokenText(t));
    const std::string op = tok_.text();
    t = tok_.next();
    if (op == "=") {
      if (!isNumber(t)) barf("Value of equals must be numeric");
      r.low = r.high = numberValue(tok_.text());
      r.hasLow = r.hasHigh = true;
      if (tok_.next() != Tok::EndArray) barf("Too many elements in numeric expression");
    } else if (op == ">=" || op == ">") {
      if (!isNumber(t)) barf("Value of " + op + " must be numeric");
      r.low = numberValue(tok_.text());
      r.hasLow = true;
      r.lowOpen = op == ">";
      t = tok_.next();
      if (t != Tok::EndArray) completeRange(t, r);
    } else if (op == "<=" || op == "<") {
      if (!isNumber(t)) barf("Value of " + op + " must be numeric");
      r.high = numberValue(tok_.text());
      r.hasHigh = true;
      r.highOpen = op == "<";
      if (tok_.next() != Tok::EndArray) barf("Too many elements in numeric expression");
    } else {
      barf("Unrecognized numeric range operator: " + op);
    }
    return item;
  }

  void completeRange(Tok t, NumericRange& r) {
    if (t != Tok::String) barf("Bad value in numeric range: " + tokenText(t));
    const std::string op = tok_.text();
    if (op != "<" && op != "<=") barf("Bad numeric range operator: " + op);
    if (!isNumber(tok_.next())) barf("Value of " + op + " must be numeric");
    r.high = numberValue(tok_.text());
    r.hasHigh = true;
    r.highOpen = op == "<";
    if (tok_.next() != Tok::EndArray) barf("Too many terms in numeric range expression");
    if (!(r.low < r.high)) barf("Bottom must be less than top");
  }

  Item anythingBut() {
    enum class Set { Plain, IgnoreCase, Prefix, Suffix, Wildcard } set = Set::Plain;
    Tok t = tok_.next();
    if (t == Tok::StartObject) {
      if (tok_.next() != Tok::FieldName) barf("Anything-But expression name not found");
      const std::string op = tok_.text();
      if (op == "equals-ignore-case") {
        set = Set::IgnoreCase;
      } else if (op == "prefix") {
        set = Set::Prefix;
      } else if (op == "suffix") {
        set = Set::Suffix;
      } else if (op == "wildcard") {
        set = Set::Wildcard;
      } else {
        barf("Unsupported anything-but pattern: " + op);
      }
      t = tok_.next();
    }
    if (t != Tok::StartArray && t != Tok::String && !isNumber(t)) {
      barf("Value of anything-but must be an array or single string/number value.");
    }
    Item item(ItemKind::AnythingButStrings);
    if (set == Set::Plain) {
      plainAnythingBut(t, item);
    } else {
      anythingButSet(t,
                     set == Set::IgnoreCase ? ItemKind::AnythingButIgnoreCase
                     : set == Set::Prefix   ? ItemKind::AnythingButPrefix
                     : set == Set::Suffix   ? ItemKind::AnythingButSuffix
                                            : ItemKind::AnythingButWildcard,
                     item);
    }
    expectEnd("Too many elements in numeric expression");
    if (set != Set::Plain) expectEnd("Too many elements in numeric expression");
    return item;
  }

  void plainAnythingBut(Tok t, Item& item) {
    if (t != Tok::StartArray) {
      if (t == Tok::String) {
        item.kind = ItemKind::AnythingButStrings;
        item.texts.push_back(tok_.text());
      } else {
        item.kind = ItemKind::AnythingButNumbers;
        item.numbers.push_back(numberValue(tok_.text()));
      }
      return;
    }
    bool hasNumber = false, hasString = false;
    for (t = tok_.next(); t != Tok::EndArray; t = tok_.next()) {
      if (t == Tok::String) {
        item.texts.push_back(tok_.text());
        hasString = true;
      } else if (isNumber(t)) {
        double v = 0;
        if (!parseNumber(tok_.text(), v)) barf("Cannot compare number : " + tok_.text(), true);
        item.numbers.push_back(v);
        hasNumber = true;
      } else {
        barf("Inside anything but list, start|null|boolean is not supported.", true);
      }
    }
    if (hasNumber == hasString) {
      barf(
          "Inside anything but list, either all values are number or string, mixed type is not "
          "supported");
    }
    item.kind = hasNumber ? ItemKind::AnythingButNumbers : ItemKind::AnythingButStrings;
  }

  void anythingButSet(Tok t, ItemKind kind, Item& item) {
    item.kind = kind;
    const bool list = t == Tok::StartArray;
    if (list) t = tok_.next();
    for (; !list || t != Tok::EndArray; t = tok_.next()) {
      if (t != Tok::String) {
        // Inside a list AWS catches and re-raises its own error, repeating the location.
        barf(kind == ItemKind::AnythingButIgnoreCase
                 ? "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not "
                   "supported."
             : kind == ItemKind::AnythingButWildcard
                 ? "wildcard match pattern must be a string"
                 : "prefix/suffix match pattern must be a string",
             list);
      }
      std::string text = tok_.text();
      if ((kind == ItemKind::AnythingButPrefix || kind == ItemKind::AnythingButSuffix) &&
          text.empty()) {
        barf("Null prefix/suffix not allowed", list);
      }
      item.texts.push_back(kind == ItemKind::AnythingButIgnoreCase ? folded(text) : text);
      if (!list) break;
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
};

}  // namespace

CompiledPattern compilePattern(std::string_view patternJson) {
  return Compiler(patternJson).run();
}

}  // namespace ebw::pattern
