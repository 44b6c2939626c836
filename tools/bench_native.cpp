// Native throughput benchmark of ebw::Matcher on the citylots2 corpus (see shared/bench/README.md).
//
//   bench_native RULES_JSON EVENTS_JSONL [--category NAME] [--json] [--events N] [--passes P]
//   bench_native RULES_JSON EVENTS_JSONL --scaling [--json] [--events N] [--passes P]
//   bench_native RULES_JSON EVENTS_JSONL --scaling-rules SET N [--events N]
//
// Category mode: for each category of the rules file (plus PARTIAL_COMBO and COMBO), loads its
// rules into one matcher as "<CATEGORY>-<i>", then times matching every event (all read into
// memory first) and counts matches per rule. One untimed warm-up pass, then P timed passes
// (default 3, the reference's protocol); events/s is their mean.
//
// Scaling mode: 1, 100, 1000 and 10000 rules of three sets: exact values of properties.MAPBLKLOT
// drawn from the events; a mixed set over 11 fields and 8 operators whose values also come from
// the events (so that an event matches more rules the more there are); and the constant set,
// the mixed set's fields and operators with values no event holds (some behind conditions every
// event meets), plus one rule that nearly every event matches, so that matches per event stay
// the same at every size. Reports rules added per second, memory growth per rule and events/s
// (mean of P timed passes). --scaling-rules prints the N patterns of SET (exact, mixed or
// constant), one per line, so that other engines run the same rules.
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/aws_error.h"
#include "common/json.h"
#include "match/matcher.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string rulesPath, eventsPath, category, dumpSet;
  std::size_t dumpCount = 0;
  bool json = false, scaling = false;
  std::size_t maxEvents = 0;  // 0: all
  int passes = 3;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "bench_native: %s\n"
               "usage: bench_native RULES_JSON EVENTS_JSONL [--category NAME] [--json] "
               "[--events N] [--passes P] [--scaling] [--scaling-rules exact|mixed|constant N]\n",
               why);
  std::exit(2);
}

Options parseArgs(int argc, char** argv) {
  Options o;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--category") {
      o.category = value();
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--scaling") {
      o.scaling = true;
    } else if (a == "--scaling-rules") {
      o.dumpSet = value();
      o.dumpCount = std::strtoull(value().c_str(), nullptr, 10);
    } else if (a == "--events") {
      o.maxEvents = std::strtoull(value().c_str(), nullptr, 10);
    } else if (a == "--passes") {
      o.passes = std::max(1, std::atoi(value().c_str()));
    } else if (a.rfind("--", 0) == 0) {
      usage(("unknown option " + a).c_str());
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) usage("expected RULES_JSON and EVENTS_JSONL");
  o.rulesPath = positional[0];
  o.eventsPath = positional[1];
  return o;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    std::fprintf(stderr, "bench_native: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::string data(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  return data;
}

// Splits the file into lines (views into `buffer`), skipping empty ones.
std::vector<std::string_view> splitLines(const std::string& buffer, std::size_t max) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < buffer.size() && (max == 0 || lines.size() < max)) {
    std::size_t end = buffer.find('\n', start);
    if (end == std::string::npos) end = buffer.size();
    std::string_view line(buffer.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

// CPU time of this process: under a loaded machine it tells the matcher's cost apart from the
// time other processes took the core.
double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + t.tv_nsec * 1e-9;
}

// Bytes the heap has handed out (glibc), a steadier per-rule figure than VmRSS; -1 elsewhere.
long long heapInUse() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  return static_cast<long long>(mallinfo2().uordblks);
#else
  return -1;
#endif
}

// Returns freed heap pages to the system, so that the next VmRSS baseline is not inflated by the
// previous matcher's memory.
void releaseFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

long residentKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// Reference throughput (events/s) from shared/bench/README.md: aws/event-ruler 2.0.1 on the
// same kind of 2-core machine.
const std::map<std::string, double>& referenceRates() {
  static const std::map<std::string, double> rates = {
      {"EXACT", 399000},
      {"WILDCARD", 308000},
      {"PREFIX", 408000},
      {"PREFIX_EQUALS_IGNORE_CASE", 412000},
      {"SUFFIX", 390000},
      {"SUFFIX_EQUALS_IGNORE_CASE", 394000},
      {"EQUALS_IGNORE_CASE", 347000},
      {"NUMERIC", 218000},
      {"ANYTHING_BUT", 237000},
      {"ANYTHING_BUT_IGNORE_CASE", 242000},
      {"ANYTHING_BUT_PREFIX", 246000},
      {"ANYTHING_BUT_SUFFIX", 246000},
      {"ANYTHING_BUT_WILDCARD", 191000},
      {"COMPLEX_ARRAYS", 52000},
      {"PARTIAL_COMBO", 79000},
      {"COMBO", 32000},
  };
  return rates;
}

struct Category {
  std::string name;
  std::vector<std::string> patterns;  // JSON text, in the rule file's order
};

std::vector<Category> loadCategories(const std::string& path) {
  ebw::Json file = ebw::Json::parse(readFile(path));
  std::vector<Category> out;
  std::map<std::string, std::vector<std::string>> byName;
  for (auto it = file.begin(); it != file.end(); ++it) {
    Category c{it.key(), {}};
    for (const ebw::Json& p : it.value()) c.patterns.push_back(p.dump());
    byName[c.name] = c.patterns;
    out.push_back(std::move(c));
  }
  auto combine = [&](const std::string& name, const std::vector<std::string>& parts) {
    Category c{name, {}};
    for (const std::string& part : parts) {
      auto it = byName.find(part);
      if (it == byName.end()) {
        std::fprintf(stderr, "bench_native: %s needs category %s\n", name.c_str(), part.c_str());
        std::exit(1);
      }
      c.patterns.insert(c.patterns.end(), it->second.begin(), it->second.end());
    }
    byName[name] = c.patterns;
    out.push_back(std::move(c));
  };
  const std::vector<std::string> partial = {"NUMERIC",
                                            "EXACT",
                                            "PREFIX",
                                            "ANYTHING_BUT",
                                            "ANYTHING_BUT_IGNORE_CASE",
                                            "ANYTHING_BUT_PREFIX",
                                            "ANYTHING_BUT_SUFFIX",
                                            "ANYTHING_BUT_WILDCARD"};
  combine("PARTIAL_COMBO", partial);
  combine("COMBO", {"PARTIAL_COMBO", "COMPLEX_ARRAYS"});
  return out;
}

struct RunResult {
  double eventsPerSecond = 0;  // mean over the timed passes
  double bestPerSecond = 0;
  double cpuPerSecond = 0;       // events per CPU second, over the timed passes
  std::vector<uint64_t> counts;  // per rule, in the category's order
  uint64_t invalid = 0;
};

// Matches every event once, through the call the WebAssembly bindings use (ids into a reused
// vector); adds to per-id counts. Returns the elapsed seconds.
double matchPass(const ebw::Matcher& m, const std::vector<std::string_view>& events,
                 std::vector<uint64_t>* idCounts, uint64_t& invalid) {
  std::vector<uint32_t> ids;
  auto start = Clock::now();
  for (std::string_view e : events) {
    if (!m.matchIdsInto(e, ids)) {
      ++invalid;
      continue;
    }
    if (idCounts) {
      for (uint32_t id : ids) {
        if (id >= idCounts->size()) idCounts->resize(id + 1, 0);
        ++(*idCounts)[id];
      }
    }
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Translates internal rule ids to rule names through the public API: match() and matchIds()
// report the same rules in the same order, so zipping them over events that match resolves every
// id that has a count.
std::unordered_map<uint32_t, std::string> resolveIds(const ebw::Matcher& m,
                                                     const std::vector<std::string_view>& events,
                                                     const std::vector<uint64_t>& idCounts) {
  std::unordered_map<uint32_t, std::string> names;
  std::size_t wanted = 0;
  for (uint64_t c : idCounts) wanted += c > 0;
  for (std::string_view e : events) {
    if (names.size() >= wanted) break;
    try {
      std::vector<uint32_t> ids = m.matchIds(e);
      if (ids.empty()) continue;
      std::vector<std::string> n = m.match(e);
      if (n.size() != ids.size()) continue;
      for (std::size_t k = 0; k < ids.size(); ++k) names.emplace(ids[k], n[k]);
    } catch (const ebw::AwsError&) {
    }
  }
  return names;
}

RunResult runCategory(const Category& c, const std::vector<std::string_view>& events, int passes) {
  ebw::Matcher m;
  for (std::size_t i = 0; i < c.patterns.size(); ++i) {
    m.addRule(c.name + "-" + std::to_string(i), c.patterns[i]);
  }
  RunResult r;
  uint64_t invalid = 0;
  matchPass(m, events, nullptr, invalid);  // warm-up
  std::vector<uint64_t> idCounts;
  double total = 0, best = 1e300;
  const double cpuStart = cpuSeconds();
  for (int p = 0; p < passes; ++p) {
    uint64_t invalidHere = 0;
    double s = matchPass(m, events, p == 0 ? &idCounts : nullptr, invalidHere);
    if (p == 0) r.invalid = invalidHere;
    total += s;
    best = std::min(best, s);
  }
  r.cpuPerSecond = events.size() * passes / (cpuSeconds() - cpuStart);
  r.eventsPerSecond = events.size() * passes / total;
  r.bestPerSecond = events.size() / best;
  auto names = resolveIds(m, events, idCounts);
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < c.patterns.size(); ++i) index[c.name + "-" + std::to_string(i)] = i;
  r.counts.assign(c.patterns.size(), 0);
  for (uint32_t id = 0; id < idCounts.size(); ++id) {
    if (idCounts[id] == 0) continue;
    auto n = names.find(id);
    if (n == names.end()) {
      std::fprintf(stderr, "bench_native: could not resolve rule id %u\n", id);
      continue;
    }
    r.counts[index.at(n->second)] = idCounts[id];
  }
  return r;
}

std::string countsJson(const std::vector<uint64_t>& counts) {
  std::string s = "[";
  for (std::size_t i = 0; i < counts.size(); ++i) {
    s += (i ? "," : "") + std::to_string(counts[i]);
  }
  return s + "]";
}

int runCategories(const Options& o, const std::vector<std::string_view>& events) {
  std::vector<Category> categories = loadCategories(o.rulesPath);
  if (!o.category.empty()) {
    auto it = std::find_if(categories.begin(), categories.end(),
                           [&](const Category& c) { return c.name == o.category; });
    if (it == categories.end()) usage(("unknown category " + o.category).c_str());
    categories = {*it};
  }
  if (!o.json) {
    std::printf("%-26s %5s %8s %10s %10s %10s %10s %7s %7s  %s\n", "category", "rules", "events",
                "events/s", "best/s", "cpu-ev/s", "ref/s", "ratio", "cpu-rat", "counts");
  }
  for (const Category& c : categories) {
    RunResult r = runCategory(c, events, o.passes);
    if (r.invalid) {
      std::fprintf(stderr, "bench_native: %s: %llu invalid events\n", c.name.c_str(),
                   static_cast<unsigned long long>(r.invalid));
    }
    if (o.json) {
      std::printf(
          "{\"engine\":\"native\",\"category\":\"%s\",\"events\":%zu,\"eventsPerSecond\":%.0f,"
          "\"counts\":%s}\n",
          c.name.c_str(), events.size(), r.eventsPerSecond, countsJson(r.counts).c_str());
    } else {
      auto ref = referenceRates().find(c.name);
      double refRate = ref == referenceRates().end() ? 0 : ref->second;
      auto ratio = [&](double rate) {
        char buf[32];
        std::snprintf(buf, sizeof buf, refRate > 0 ? "%.2fx" : "-", rate / refRate);
        return std::string(buf);
      };
      std::printf("%-26s %5zu %8zu %10.0f %10.0f %10.0f %10.0f %7s %7s  %s\n", c.name.c_str(),
                  c.patterns.size(), events.size(), r.eventsPerSecond, r.bestPerSecond,
                  r.cpuPerSecond, refRate, ratio(r.eventsPerSecond).c_str(),
                  ratio(r.cpuPerSecond).c_str(), countsJson(r.counts).c_str());
    }
    std::fflush(stdout);
  }
  return 0;
}

// ---- scaling ----

// Pulls the string value of "key":"..." out of a raw event line (no escapes in this corpus).
std::string fieldValue(std::string_view event, std::string_view key) {
  std::string needle = "\"" + std::string(key) + "\":\"";
  std::size_t at = event.find(needle);
  if (at == std::string_view::npos) return "";
  at += needle.size();
  std::size_t end = event.find('"', at);
  return std::string(event.substr(at, end - at));
}

std::string quoted(const std::string& s) {
  return ebw::Json(s).dump();
}

// `count` distinct MAPBLKLOT values, spread over the events.
std::vector<std::string> distinctLots(const std::vector<std::string_view>& events,
                                      std::size_t count) {
  std::vector<std::string> all;
  std::set<std::string> seen;
  for (std::string_view e : events) {
    std::string v = fieldValue(e, "MAPBLKLOT");
    if (!v.empty() && seen.insert(v).second) all.push_back(v);
  }
  std::vector<std::string> out;
  if (all.empty()) return out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i < all.size()) {
      out.push_back(all[(i * all.size()) / std::min(count, all.size())]);
    } else {
      out.push_back("NOLOT" + std::to_string(i));  // more rules than distinct values
    }
  }
  return out;
}

// The values that fill rule `i`'s shape (shapedRule) in one of the two sets built on it.
struct ShapeValues {
  std::string lot;           // exact MAPBLKLOT (shapes 0 and 1)
  std::string streetPrefix;  // with BLOCK_NUM (shape 2)
  std::string blockNum;
  double x = 0;              // lower end of a 0.001-wide firstCoordinates.x range (shape 3)
  std::string ignoreCase;    // equals-ignore-case STREET beside an anything-but (shape 4)
  std::string wildcard;      // MAPBLKLOT (shape 5)
  std::string streetSuffix;  // with FROM_ST (shape 6)
  std::string fromStreet;
  std::string lotNum;        // with ODD_EVEN exists and a Polygon (shape 7)
  std::string blklot;        // $or of BLKLOT and TO_ST (shape 8)
  std::string toStreet;
  std::string street;        // exact STREET beside two anything-buts (shape 9)
};

// Rule `i` of a set over 11 fields and 8 operators: its shape is i % 10.
std::string shapedRule(std::size_t i, const ShapeValues& v) {
  switch (i % 10) {
    case 0:
    case 1:
      return R"({"properties":{"MAPBLKLOT":[)" + quoted(v.lot) + "]}}";
    case 2:
      return R"({"properties":{"STREET":[{"prefix":)" + quoted(v.streetPrefix) +
             R"(}],"BLOCK_NUM":[)" + quoted(v.blockNum) + "]}}";
    case 3: {
      char xs[64];
      std::snprintf(xs, sizeof xs, "%.6f", v.x);
      return R"({"geometry":{"firstCoordinates":{"x":[{"numeric":[">",)" + std::string(xs) +
             R"(,"<=",)" + std::to_string(v.x + 0.001) + "]}]}}}";
    }
    case 4:
      return R"({"properties":{"STREET":[{"equals-ignore-case":)" + quoted(v.ignoreCase) +
             R"(}],"ST_TYPE":[{"anything-but":["ST"]}]}})";
    case 5:
      return R"({"properties":{"MAPBLKLOT":[{"wildcard":)" + quoted(v.wildcard) + "}]}}";
    case 6:
      return R"({"properties":{"STREET":[{"suffix":)" + quoted(v.streetSuffix) +
             R"(}],"FROM_ST":[)" + quoted(v.fromStreet) + "]}}";
    case 7:
      return R"({"properties":{"LOT_NUM":[)" + quoted(v.lotNum) +
             R"(],"ODD_EVEN":[{"exists":true}]},"geometry":{"type":["Polygon"]}})";
    case 8:
      return R"({"$or":[{"properties":{"BLKLOT":[)" + quoted(v.blklot) +
             R"(]}},{"properties":{"TO_ST":[)" + quoted(v.toStreet) + "]}}]}";
    default:
      return R"({"properties":{"STREET":[)" + quoted(v.street) +
             R"(],"ST_TYPE":[{"anything-but":{"prefix":"A"}}],"MAPBLKLOT":[)" +
             R"({"anything-but":{"wildcard":"9*"}}]}})";
  }
}

// A mixed rule set over several fields and operators, with values drawn from the events.
std::vector<std::string> mixedRules(const std::vector<std::string_view>& events,
                                    std::size_t count) {
  std::vector<std::string> lots = distinctLots(events, std::max<std::size_t>(count, 1));
  std::vector<std::string> streets;
  std::set<std::string> seen;
  for (std::string_view e : events) {
    std::string s = fieldValue(e, "STREET");
    if (!s.empty() && seen.insert(s).second) streets.push_back(s);
  }
  if (streets.empty()) streets.push_back("MISSION");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& lot = lots[i % lots.size()];
    const std::string& street = streets[i % streets.size()];
    ShapeValues v;
    v.lot = v.blklot = lot;
    v.streetPrefix = street.substr(0, 2);
    v.blockNum = lot.substr(0, 4);
    v.x = -122.51 + 0.15 * static_cast<double>(i % 997) / 997.0;
    v.ignoreCase = v.street = street;
    v.wildcard = lot.substr(0, 3) + "*" + lot.substr(lot.size() - 1);
    v.streetSuffix = street.substr(street.size() > 2 ? street.size() - 2 : 0);
    v.fromStreet = v.toStreet = std::to_string(i % 3000);
    v.lotNum = lot.substr(lot.size() - 3);
    out.push_back(shapedRule(i, v));
  }
  return out;
}

// The constant set: rule 0 matches nearly every event (every Polygon), and every other rule is
// a near miss in the mixed set's shapes: exact values, prefixes, suffixes, wildcards and
// equals-ignore-case values with a '~' no event holds (checked), numeric ranges beyond the
// city's longitudes, and some behind conditions every event meets (Polygon, an anything-but).
// So the matches per event do not grow with the number of rules.
std::vector<std::string> constantRules(const std::vector<std::string_view>& events,
                                       std::size_t count) {
  for (std::string_view e : events) {
    if (e.find('~') != std::string_view::npos) {
      std::fprintf(stderr, "bench_native: an event holds '~', which the constant set relies on\n");
      std::exit(1);
    }
  }
  std::vector<std::string> lots = distinctLots(events, std::max<std::size_t>(count, 1));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i == 0) {
      out.push_back(R"({"geometry":{"type":["Polygon"]}})");
      continue;
    }
    const std::string miss = "~" + std::to_string(i);  // in no event
    const std::string& lot = lots[i % lots.size()];
    ShapeValues v;
    v.lot = v.ignoreCase = v.blklot = lot + miss;
    v.streetPrefix = v.streetSuffix = v.toStreet = v.street = miss;
    v.blockNum = lot.substr(0, 4);
    v.x = -121.51 + 0.15 * static_cast<double>(i % 997) / 997.0;  // east of the city
    v.wildcard = lot.substr(0, 3) + "*" + miss;
    v.fromStreet = std::to_string(i % 3000);
    v.lotNum = lot.substr(lot.size() - 3) + miss;
    out.push_back(shapedRule(i, v));
  }
  return out;
}

// The scaling rule sets: `n` exact values of properties.MAPBLKLOT, the mixed set or the constant
// set.
std::vector<std::string> scalingRules(const std::string& set,
                                      const std::vector<std::string_view>& events, std::size_t n) {
  if (set == "mixed") return mixedRules(events, n);
  if (set == "constant") return constantRules(events, n);
  if (set != "exact") usage(("unknown rule set " + set).c_str());
  std::vector<std::string> patterns;
  for (const std::string& lot : distinctLots(events, n)) {
    patterns.push_back(R"({"properties":{"MAPBLKLOT":[)" + quoted(lot) + "]}}");
  }
  return patterns;
}

int dumpScalingRules(const Options& o, const std::vector<std::string_view>& events) {
  for (const std::string& p : scalingRules(o.dumpSet, events, o.dumpCount)) {
    std::printf("%s\n", p.c_str());
  }
  return 0;
}

int runScaling(const Options& o, const std::vector<std::string_view>& events) {
  if (!o.json) {
    std::printf("%-6s %6s %14s %12s %12s %12s %12s %10s\n", "set", "rules", "rules-added/s",
                "RSS B/rule", "heap B/rule", "events/s", "matches", "events");
  }
  for (const char* set : {"exact", "mixed", "constant"}) {
    for (std::size_t n : {1u, 100u, 1000u, 10000u}) {
      std::vector<std::string> patterns = scalingRules(set, events, n);
      std::vector<std::string> names;
      for (std::size_t i = 0; i < patterns.size(); ++i) names.push_back("r" + std::to_string(i));
      releaseFreedMemory();
      long rssBefore = residentKb();
      long long heapBefore = heapInUse();
      double addSeconds;
      uint64_t matches = 0, invalid = 0;
      double eventsPerSecond;
      long rssAfter;
      long long heapAfter;
      {
        ebw::Matcher m;
        auto start = Clock::now();
        for (std::size_t i = 0; i < patterns.size(); ++i) m.addRule(names[i], patterns[i]);
        addSeconds = std::chrono::duration<double>(Clock::now() - start).count();
        rssAfter = residentKb();
        heapAfter = heapInUse();
        matchPass(m, events, nullptr, invalid);  // warm-up
        std::vector<uint64_t> counts;
        double seconds = 0;
        for (int p = 0; p < o.passes; ++p) {
          seconds += matchPass(m, events, p == 0 ? &counts : nullptr, invalid);
        }
        eventsPerSecond = static_cast<double>(events.size()) * o.passes / seconds;
        for (uint64_t c : counts) matches += c;
      }
      double rssPerRule = 1024.0 * static_cast<double>(rssAfter - rssBefore) / patterns.size();
      double heapPerRule = static_cast<double>(heapAfter - heapBefore) / patterns.size();
      double addRate = patterns.size() / std::max(addSeconds, 1e-9);
      if (o.json) {
        std::printf(
            "{\"engine\":\"native\",\"scaling\":\"%s\",\"rules\":%zu,\"rulesAddedPerSecond\":%.0f,"
            "\"rssBytesPerRule\":%.0f,\"heapBytesPerRule\":%.0f,\"eventsPerSecond\":%.0f,"
            "\"events\":%zu,\"matches\":%llu}\n",
            set, patterns.size(), addRate, rssPerRule, heapPerRule, eventsPerSecond, events.size(),
            static_cast<unsigned long long>(matches));
      } else {
        std::printf("%-6s %6zu %14.0f %12.0f %12.0f %12.0f %12llu %10zu\n", set, patterns.size(),
                    addRate, rssPerRule, heapPerRule, eventsPerSecond,
                    static_cast<unsigned long long>(matches), events.size());
      }
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parseArgs(argc, argv);
  const std::string buffer = readFile(o.eventsPath);
  const std::vector<std::string_view> events = splitLines(buffer, o.maxEvents);
  if (events.empty()) usage("no events");
  try {
    if (!o.dumpSet.empty()) return dumpScalingRules(o, events);
    return o.scaling ? runScaling(o, events) : runCategories(o, events);
  } catch (const ebw::AwsError& e) {
    std::fprintf(stderr, "bench_native: %s: %s\n", e.code().c_str(), e.message().c_str());
    return 1;
  }
}
