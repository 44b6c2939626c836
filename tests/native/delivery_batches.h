// Test helper: the deliveries of an _Emulator.PutEvents answer, with every batch drained through
// _Emulator.NextDeliveries and expanded to one object per delivery (payload and event texts filled
// in from the batches' tables), in the form _Emulator.FireSchedule answers them.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "api/dispatcher.h"
#include "common/json.h"

namespace ebw::testing {

inline Json allDeliveries(ebw::api::Dispatcher& d, const Json& putEventsAnswer,
                          int* batches = nullptr) {
  Json out = Json::array();
  // Kept across batches, as a reader must.
  std::map<int64_t, Json> events;
  std::map<int64_t, Json> rules;
  Json answer = putEventsAnswer;
  int count = 0;
  for (;;) {
    const Json& batch = answer.at("batch");
    ++count;
    for (const Json& e : batch.at("events")) events[e.at("index").get<int64_t>()] = e;
    for (const Json& r : batch.at("rules")) rules[r.at("index").get<int64_t>()] = r;
    for (const Json& item : batch.at("deliveries")) {
      int64_t eventIndex = item.at("event").get<int64_t>();
      int64_t ruleIndex = item.at("rule").get<int64_t>();
      EXPECT_TRUE(events.count(eventIndex)) << "event " << eventIndex << " never sent";
      EXPECT_TRUE(rules.count(ruleIndex)) << "rule " << ruleIndex << " never sent";
      const Json& event = events[eventIndex];
      const Json& rule = rules[ruleIndex];
      const Json& target = rule.at("targets").at(item.at("target").get<std::size_t>());
      int64_t payload = item.at("payload").get<int64_t>();
      out.push_back(Json{
          {"eventId", event.at("eventId")},
          {"busName", rule.at("busName")},
          {"ruleArn", rule.at("ruleArn")},
          {"ruleName", rule.at("ruleName")},
          {"targetId", target.at("targetId")},
          {"targetArn", target.at("targetArn")},
          {"payload", payload < 0 ? event.at("event")
                                  : batch.at("payloads").at(static_cast<std::size_t>(payload))},
          {"retryPolicy", target.at("retryPolicy")},
          {"deadLetterArn", target.at("deadLetterArn")},
          {"dynamicParameters", item.at("dynamicParameters")},
          {"event", event.at("event")},
          {"forwarded", item.at("forwarded")},
          {"hop", item.at("hop")}});
    }
    if (!answer.contains("cursor")) break;
    auto r = d.call("_Emulator.NextDeliveries", Json{{"Cursor", answer["cursor"]}}.dump());
    EXPECT_EQ(r.httpStatus, 200) << r.body;
    if (r.httpStatus != 200) break;
    answer = Json::parse(r.body);
  }
  if (batches) *batches = count;
  return out;
}

}  // namespace ebw::testing
