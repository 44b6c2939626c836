// Request shapes of the archive, replay, connection and API destination operations (service model
// 2015-10-07), for checkRequest().
#pragma once

#include "api/shape.h"

namespace ebw::api::model {

const Shape& createArchiveRequest();
const Shape& archiveNameRequest();  // DescribeArchive, DeleteArchive
const Shape& updateArchiveRequest();
const Shape& listArchivesRequest();

const Shape& startReplayRequest();
const Shape& replayNameRequest();  // DescribeReplay, CancelReplay
const Shape& listReplaysRequest();

const Shape& createConnectionRequest();
const Shape& updateConnectionRequest();
const Shape& connectionNameRequest();  // DescribeConnection, DeleteConnection, Deauthorize...
const Shape& listConnectionsRequest();

const Shape& createApiDestinationRequest();
const Shape& updateApiDestinationRequest();
const Shape& apiDestinationNameRequest();  // DescribeApiDestination, DeleteApiDestination
const Shape& listApiDestinationsRequest();

}  // namespace ebw::api::model
