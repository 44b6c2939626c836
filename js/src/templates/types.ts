// The public shapes of loadTemplate(): its options, its report, and the error it throws when the
// template cannot be loaded at all (bad text, a missing parameter, an import or SSM value the
// caller did not pass).

export type TemplateFormat = 'cloudformation' | 'serverless' | 'terraform-plan';

export interface LoadTemplateOptions {
  /** Template parameters (name -> value); they override the template's defaults. */
  parameters?: Record<string, string | number | boolean | string[]>;
  /** AWS::StackName (default: `local-stack`; a serverless.yml's own stack name `<service>-<stage>`). */
  stackName?: string;
  /** Values of SSM parameters, for AWS::SSM::Parameter::Value<...> parameters and {{resolve:ssm:...}}. */
  ssmParameters?: Record<string, string>;
  /**
   * SecretString values of Secrets Manager secrets by name or ARN, for
   * {{resolve:secretsmanager:...}} (a connection's API key, say); a JSON key picks from a JSON string.
   */
  secrets?: Record<string, string>;
  /** Values of other stacks' exports, for Fn::ImportValue. */
  importValues?: Record<string, string>;
  /** Detected when left out. */
  format?: TemplateFormat;
  /** Serverless Framework only: the CLI options `${opt:...}` reads (stage, region, ...). */
  cliOptions?: Record<string, string>;
  /**
   * A bus or rule of the template whose name already exists (restored from a state file, say) is
   * taken over and updated to match the template, instead of being reported as taken.
   */
  adoptExisting?: boolean;
  /** Serverless Framework only: the environment `${env:...}` reads (default: process.env in Node). */
  env?: Record<string, string | undefined>;
}

/** A resource the load created (or, on a reload, kept or updated). */
export interface CreatedEntry {
  logicalId: string;
  /** The CloudFormation type (`AWS::Events::Rule` also for rules SAM or Serverless generate). */
  type: string;
  /** The physical name (a rule's, a bus's, ...). */
  name: string;
  arn: string;
  /** Rules: the bus the rule is on. */
  eventBusName?: string;
}

/** A resource of the template the load did not create, and why. */
export interface SkippedEntry {
  logicalId: string;
  type: string;
  reason: string;
}

/**
 * What the load knows about every resource of the (expanded) template, EventBridge or not: the
 * physical name it stands for, its ARN and the service-generated attributes it made up. Lambda
 * targets are matched to onFunction() handlers through these names.
 */
export interface ResourceInfo {
  type: string;
  physicalId?: string;
  arn?: string;
  attributes?: Record<string, string>;
  /** SAM or Serverless: where a generated resource came from. */
  generatedBy?: string;
}

export interface LoadTemplateReport {
  created: CreatedEntry[];
  skipped: SkippedEntry[];
  /** Every resource by logical id (see ResourceInfo). */
  resources: Record<string, ResourceInfo>;
  /** The stack name used. */
  stackName: string;
  /** The format the template was read as. */
  format: TemplateFormat;
  /**
   * Buses the template's rules are on that neither the template nor an earlier call created: the
   * loader creates them (the stack that owns them is not loaded here) and says so.
   */
  implicitBuses: string[];
  /** What the loader accepted but you may want to know (a key given twice in a YAML map). */
  warnings: string[];
  /** On a reload of the same stack: one line per change ("+ rule X", "~ rule X: ...", "- rule X"). */
  changes: string[];
}

/**
 * The template cannot be loaded: its text does not parse, a parameter without a default has no
 * value, or a value the caller must pass (Fn::ImportValue, an SSM parameter) is missing. Nothing
 * was created or changed.
 */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
