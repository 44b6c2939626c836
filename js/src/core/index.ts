// The platform-independent public API.
export { EventBridge } from './event-bridge.js';
export type {
  EventBridgeOptions,
  PutEventsOutput,
  ScheduleTarget,
  TestEventPatternOutput,
  TriggerScheduleOutput,
} from './event-bridge.js';
export type { ScheduleInfo } from './schedules.js';
export type {
  DeadLetterAttributes,
  DeliveryAttempt,
  DeliveryEvent,
  DeliveryRecord,
  DeliveryStatus,
  TargetContext,
  TargetHandler,
  TargetPredicate,
} from './delivery.js';
export { TargetInvocationError } from './delivery-errors.js';
export type { DeliveryLogLimits } from './delivery-log.js';
export type { FunctionConfig, ResolvedFunctionConfig } from './lambda-async.js';
export { Matcher } from './matcher.js';
export { DisposedError, EventBridgeServiceError } from './errors.js';
export { init, wasmVariant } from './wasm-module.js';
export type { WasmVariant } from './wasm-variant.js';
export { renderTargetInput } from './transform.js';
export { explainEventPattern } from './explain.js';
export type {
  ExplainedAlternative,
  ExplainedField,
  ExplainedValue,
  PatternExplanation,
} from './explain.js';
export type { TransformContext } from './transform.js';
export type { EbwModule, EmulatorHandle, InitOptions, MatcherHandle } from './wasm-module.js';
export type { OperationInput, OperationName, OperationOutput, Operations } from '../types/operations.js';
// templates (i17): loadTemplate()'s options, report and error
export { TemplateError } from '../templates/types.js';
export type { CreatedEntry, LoadTemplateOptions, LoadTemplateReport, ResourceInfo, SkippedEntry, TemplateFormat } from '../templates/types.js';
// API destinations (i18): the HTTP request of a delivery, with no Node dependency
export { buildApiDestinationRequest, buildOAuthTokenRequest } from './api-destination-request.js';
export type { HttpRequest, ResolvedApiDestination, ResolvedConnection, TargetHttpParameters } from './api-destination-request.js';
