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
  std::map<int64_t, std::string> events;  // kept across batches, as a reader must
  Json answer = putEventsAnswer;
  int count = 0;
  for (;;) {
    const Json& batch = answer.at("batch");
    ++count;
    for (const Json& e : batch.at("events")) {
      events[e.at("index").get<int64_t>()] = e.at("event").get<std::string>();
    }
    for (const Json& item : batch.at("deliveries")) {
      Json full = item;
      int64_t eventIndex = item.at("event").get<int64_t>();
      int64_t payload = item.at("payload").get<int64_t>();
      EXPECT_TRUE(events.count(eventIndex)) << "event " << eventIndex << " never sent";
      full["event"] = events[eventIndex];
      full["payload"] = payload < 0 ? Json(events[eventIndex])
                                    : batch.at("payloads").at(static_cast<std::size_t>(payload));
      out.push_back(std::move(full));
    }
    if (!answer.contains("cursor")) break;
    auto r = d.call("_Emulator.NextDeliveries",
                    Json{{"Cursor", answer["cursor"]}}.dump());
    EXPECT_EQ(r.httpStatus, 200) << r.body;
    if (r.httpStatus != 200) break;
    answer = Json::parse(r.body);
  }
  if (batches) *batches = count;
  return out;
}

}  // namespace ebw::testing
