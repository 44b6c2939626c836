// The in-process API's shapes: the AWS SDK for JavaScript v3's own input and output types, one line
// per operation. A type-only import: nothing here reaches the JavaScript, so the package runs
// without @aws-sdk/client-eventbridge, and TypeScript users who install it (an optional peer
// dependency) get every method typed exactly as the SDK types the command (README, "Types").
import type * as sdk from '@aws-sdk/client-eventbridge';

/** Each public operation (AWS name) with its SDK command input and output. */
export interface Operations {
  PutRule: [sdk.PutRuleCommandInput, sdk.PutRuleCommandOutput];
  DescribeRule: [sdk.DescribeRuleCommandInput, sdk.DescribeRuleCommandOutput];
  DeleteRule: [sdk.DeleteRuleCommandInput, sdk.DeleteRuleCommandOutput];
  EnableRule: [sdk.EnableRuleCommandInput, sdk.EnableRuleCommandOutput];
  DisableRule: [sdk.DisableRuleCommandInput, sdk.DisableRuleCommandOutput];
  ListRules: [sdk.ListRulesCommandInput, sdk.ListRulesCommandOutput];
  TestEventPattern: [sdk.TestEventPatternCommandInput, sdk.TestEventPatternCommandOutput];
  PutTargets: [sdk.PutTargetsCommandInput, sdk.PutTargetsCommandOutput];
  RemoveTargets: [sdk.RemoveTargetsCommandInput, sdk.RemoveTargetsCommandOutput];
  ListTargetsByRule: [sdk.ListTargetsByRuleCommandInput, sdk.ListTargetsByRuleCommandOutput];
  ListRuleNamesByTarget: [sdk.ListRuleNamesByTargetCommandInput, sdk.ListRuleNamesByTargetCommandOutput];
  CreateEventBus: [sdk.CreateEventBusCommandInput, sdk.CreateEventBusCommandOutput];
  UpdateEventBus: [sdk.UpdateEventBusCommandInput, sdk.UpdateEventBusCommandOutput];
  DeleteEventBus: [sdk.DeleteEventBusCommandInput, sdk.DeleteEventBusCommandOutput];
  DescribeEventBus: [sdk.DescribeEventBusCommandInput, sdk.DescribeEventBusCommandOutput];
  ListEventBuses: [sdk.ListEventBusesCommandInput, sdk.ListEventBusesCommandOutput];
  PutPermission: [sdk.PutPermissionCommandInput, sdk.PutPermissionCommandOutput];
  RemovePermission: [sdk.RemovePermissionCommandInput, sdk.RemovePermissionCommandOutput];
  TagResource: [sdk.TagResourceCommandInput, sdk.TagResourceCommandOutput];
  UntagResource: [sdk.UntagResourceCommandInput, sdk.UntagResourceCommandOutput];
  ListTagsForResource: [sdk.ListTagsForResourceCommandInput, sdk.ListTagsForResourceCommandOutput];
  PutEvents: [sdk.PutEventsCommandInput, sdk.PutEventsCommandOutput];
  // archives, replays, connections, API destinations
  CreateArchive: [sdk.CreateArchiveCommandInput, sdk.CreateArchiveCommandOutput];
  DescribeArchive: [sdk.DescribeArchiveCommandInput, sdk.DescribeArchiveCommandOutput];
  UpdateArchive: [sdk.UpdateArchiveCommandInput, sdk.UpdateArchiveCommandOutput];
  DeleteArchive: [sdk.DeleteArchiveCommandInput, sdk.DeleteArchiveCommandOutput];
  ListArchives: [sdk.ListArchivesCommandInput, sdk.ListArchivesCommandOutput];
  StartReplay: [sdk.StartReplayCommandInput, sdk.StartReplayCommandOutput];
  DescribeReplay: [sdk.DescribeReplayCommandInput, sdk.DescribeReplayCommandOutput];
  CancelReplay: [sdk.CancelReplayCommandInput, sdk.CancelReplayCommandOutput];
  ListReplays: [sdk.ListReplaysCommandInput, sdk.ListReplaysCommandOutput];
  CreateConnection: [sdk.CreateConnectionCommandInput, sdk.CreateConnectionCommandOutput];
  DescribeConnection: [sdk.DescribeConnectionCommandInput, sdk.DescribeConnectionCommandOutput];
  UpdateConnection: [sdk.UpdateConnectionCommandInput, sdk.UpdateConnectionCommandOutput];
  DeleteConnection: [sdk.DeleteConnectionCommandInput, sdk.DeleteConnectionCommandOutput];
  ListConnections: [sdk.ListConnectionsCommandInput, sdk.ListConnectionsCommandOutput];
  DeauthorizeConnection: [sdk.DeauthorizeConnectionCommandInput, sdk.DeauthorizeConnectionCommandOutput];
  CreateApiDestination: [sdk.CreateApiDestinationCommandInput, sdk.CreateApiDestinationCommandOutput];
  DescribeApiDestination: [sdk.DescribeApiDestinationCommandInput, sdk.DescribeApiDestinationCommandOutput];
  UpdateApiDestination: [sdk.UpdateApiDestinationCommandInput, sdk.UpdateApiDestinationCommandOutput];
  DeleteApiDestination: [sdk.DeleteApiDestinationCommandInput, sdk.DeleteApiDestinationCommandOutput];
  ListApiDestinations: [sdk.ListApiDestinationsCommandInput, sdk.ListApiDestinationsCommandOutput];
}

export type OperationName = keyof Operations;
export type OperationInput<K extends OperationName> = Operations[K][0];
export type OperationOutput<K extends OperationName> = Operations[K][1];

