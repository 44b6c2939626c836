// Lookups of archives, replays, connections and API destinations with AWS's not-found answers, and
// the event bus an EventSourceArn names.
#pragma once

#include <string>

#include "api/context.h"
#include "common/aws_error.h"

namespace ebw::api {

// "Archive <name> does not exist." (AWS record)
AwsError archiveNotFound(const std::string& name);
// "Failed to describe the connection(s). Connection '<name>' does not exist." (AWS record)
AwsError connectionNotFound(const std::string& name);

store::Archive& requireArchive(Context& ctx, const std::string& name);
// "Replay <name> does not exist." (AWS record)
store::Replay& requireReplay(Context& ctx, const std::string& name);
store::Connection& requireConnection(Context& ctx, const std::string& name);
// "Failed to describe the api-destination(s). An api-destination '<name>' does not exist." (AWS
// record)
store::ApiDestination& requireApiDestination(Context& ctx, const std::string& name);

// The bus of an event-bus ARN (CreateArchive / ListArchives EventSourceArn, StartReplay
// Destination.Arn). A bus of another account or region does not exist here: "Event bus <name> does
// not exist." (AWS record). `member` names the request member in the message for an ARN of
// another kind of resource.
store::EventBus& busOfArn(Context& ctx, const std::string& arn, const char* member);
inline store::EventBus& busOfEventSourceArn(Context& ctx, const std::string& arn) {
  return busOfArn(ctx, arn, "EventSourceArn");
}

// The connection an ARN names (...:connection/<name>/<uuid>): it must exist here with exactly
// that ARN (a connection deleted and created again has a new one).
store::Connection& connectionOfArn(Context& ctx, const std::string& arn);

// InvocationEndpoint, AuthorizationEndpoint: an http:// or https:// URL with a host. AWS requires
// https; this emulator also takes http, so that local servers can be targets. Throws
// ValidationException "Parameter <member> is not valid. Reason: ..." otherwise.
void requireHttpUrl(const std::string& url, const char* member);

}  // namespace ebw::api
