// One dispatcher call in an API test: the answer as JSON, its HTTP status checked.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "api/dispatcher.h"
#include "common/json.h"

inline ebw::Json callExpecting(ebw::api::Dispatcher& d, int status, const std::string& op,
                               const ebw::Json& request) {
  ebw::api::Response r = d.call(op, request.dump());
  EXPECT_EQ(r.httpStatus, status) << op << " " << r.body;
  return ebw::Json::parse(r.body);
}
