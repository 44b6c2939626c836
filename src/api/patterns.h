// The model's string patterns used by the control-plane operations, each with its exact regex text
// (for messages) and a linear-time matcher.
#pragma once

#include "api/shape.h"

namespace ebw::api::patterns {

extern const Pattern kName;          // [\.\-_A-Za-z0-9]+  RuleName, TargetId, ...
extern const Pattern kEventBusName;  // [/\.\-_A-Za-z0-9]+
extern const Pattern kEventBusNameOrArn;
extern const Pattern kEventSourceName;
extern const Pattern kAction;
extern const Pattern kPrincipal;
extern const Pattern kStatementId;
extern const Pattern kInputPathKey;
extern const Pattern kHeaderKey;
extern const Pattern kHeaderValue;
extern const Pattern kQueryStringKey;
extern const Pattern kQueryStringValue;
extern const Pattern kPathParameter;
extern const Pattern kRunCommandTargetKey;
extern const Pattern kSageMakerParameterName;
extern const Pattern kRedshiftSecretArn;
extern const Pattern kKmsKeyIdentifier;
// Archives, replays, connections and API destinations.
extern const Pattern kEventBusArn;      // EventBusArn, ArchiveArn: ...:<type>/<name>
extern const Pattern kConnectionArn;    // ...:connection/<name>/<id>
extern const Pattern kHttpsEndpoint;    // InvocationEndpoint, AuthorizationEndpoint
extern const Pattern kAuthHeaderValue;  // Username, Password, ApiKeyName, ClientID, ...
extern const Pattern kSingleLine;       // .* : descriptions (no line terminator)
extern const Pattern kResourceConfigurationArn;

}  // namespace ebw::api::patterns
