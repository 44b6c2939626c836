// The store as a JSON document, for persistence (`serve --state FILE`) and for the browser
// playground. Times are epoch milliseconds; targets are kept exactly as PutTargets received them.
//
// {"FormatVersion":1,"AccountId":"...","Region":"...","EventBuses":[{"Name":"default",
//   "Description":...,"KmsKeyIdentifier":...,"DeadLetterConfig":{...},"LogConfig":{...},
//   "Policy":{...},"CreationTimeMs":...,"LastModifiedTimeMs":...,"Tags":[{"Key","Value"}],
//   "Rules":[{"Name":...,"EventPattern":...,"ScheduleExpression":...,"State":...,
//     "Description":...,"RoleArn":...,"ManagedBy":...,"CreatedBy":...,"CreationTimeMs":...,
//     "Tags":[...],"Targets":[{"Id":...,"Arn":...,...}]}]}],
//  "Archives":[{"Name","EventBusName","EventPattern",...,"NextSeq","Events":[{"Seq","TimeMs",
//     "SizeBytes","Event"}]}],"Replays":[...],"Connections":[{...,"AuthParameters":<as configured,
//     secrets included>}],"ApiDestinations":[...]}
#pragma once

#include <cstdint>
#include <string>

#include "common/json.h"
#include "store/store.h"

namespace ebw::store {

Json stateToJson(const Store& store);

// Builds a new store from a stateToJson() document. ARNs are derived from `accountId` and `region`
// (the document's own are informational). Throws AwsError ValidationException naming the first
// problem; a missing default bus is created.
Store stateFromJson(const Json& doc, const std::string& accountId, const std::string& region,
                    int64_t nowMs);

}  // namespace ebw::store
