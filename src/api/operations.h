// Registration of the operation handlers, one group per file.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "api/context.h"

namespace ebw::api {

using OperationTable = std::map<std::string, Operation, std::less<>>;

// PutRule, DescribeRule, DeleteRule, EnableRule, DisableRule, ListRules, TestEventPattern
void addRuleOperations(OperationTable& table);
// PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget
void addTargetOperations(OperationTable& table);
// CreateEventBus, UpdateEventBus, DeleteEventBus, DescribeEventBus, ListEventBuses
void addBusOperations(OperationTable& table);
// PutPermission, RemovePermission
void addPermissionOperations(OperationTable& table);
// TagResource, UntagResource, ListTagsForResource
void addTagOperations(OperationTable& table);
void addEventOperations(OperationTable& table);  // PutEvents, internal _Emulator.PutEvents
// Internal _Emulator.ListSchedules, _Emulator.NextFireTimes, _Emulator.FireSchedule
void addScheduleOperations(OperationTable& table);
// CreateArchive, DescribeArchive, UpdateArchive, DeleteArchive, ListArchives
void addArchiveOperations(OperationTable& table);
// StartReplay, DescribeReplay, CancelReplay, ListReplays; internal _Emulator.StepReplay,
// _Emulator.ListUnfinishedReplays
void addReplayOperations(OperationTable& table);
// Create/Describe/Update/Delete/ListConnection(s), DeauthorizeConnection; internal
// _Emulator.SetConnectionAuthorization
void addConnectionOperations(OperationTable& table);
// Create/Describe/Update/Delete/ListApiDestination(s); internal _Emulator.ResolveApiDestination
void addApiDestinationOperations(OperationTable& table);

}  // namespace ebw::api
