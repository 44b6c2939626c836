// Request shapes of the control-plane operations (service model 2015-10-07, plus LogConfig from
// the current model), for checkRequest().
#pragma once

#include "api/shape.h"

namespace ebw::api::model {

const Shape& putRuleRequest();
const Shape& ruleNameRequest();  // DescribeRule, EnableRule, DisableRule
const Shape& deleteRuleRequest();
const Shape& listRulesRequest();
const Shape& putTargetsRequest();
const Shape& removeTargetsRequest();
const Shape& listTargetsByRuleRequest();
const Shape& listRuleNamesByTargetRequest();
const Shape& testEventPatternRequest();
const Shape& createEventBusRequest();
const Shape& updateEventBusRequest();
const Shape& deleteEventBusRequest();
const Shape& describeEventBusRequest();
const Shape& listEventBusesRequest();
const Shape& putPermissionRequest();
const Shape& removePermissionRequest();
const Shape& tagResourceRequest();
const Shape& untagResourceRequest();
const Shape& listTagsForResourceRequest();

const Shape& target();   // one Target (re-checked when state is imported)
const Shape& tagList();  // TagList

// Scalars shared with the other model files.
const Shape& string();
const Shape& boolean();
const Shape& eventPattern();      // max 4096
const Shape& kmsKeyIdentifier();  // max 2048, ^[a-zA-Z0-9_\-/:]*$
const Shape& nextToken();         // 1-2048
const Shape& limitMax100();       // 1-100

}  // namespace ebw::api::model
