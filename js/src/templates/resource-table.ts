// The resources of one (expanded) template and what Ref / Fn::GetAtt give for each: physical names
// (the name property, resolved, or a generated name), ARNs and attributes per type. EventBridge
// resources whose ARN holds a part only the service generates (a connection's or API destination's
// UUID) give a token that the loader replaces once the resource exists.
import { NO_VALUE, ResolveError, Resolver, ResourceAccess, Where } from './intrinsics.js';
import { generatedName } from './physical-names.js';
import { Context, ResourceView, TYPE_MODELS, TypeModel, nameStyleOf } from './resource-types.js';
import { ResourceInfo } from './types.js';

/** One resource of the expanded template (CloudFormation types only). */
export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, any>;
  condition?: string;
  dependsOn: string[];
  /** SAM or Serverless: the source of a generated resource. */
  generatedBy?: string;
  /** SAM function: the alias AutoPublishAlias generates ({Ref: Fn.Alias} points at it). */
  samAlias?: string;
  /** SAM function: the queue / topic its EventInvokeConfig generates ({Ref: Fn.DestinationQueue}). */
  samDestinations?: Record<string, string>;
  /** Lambda functions: the name a local Lambda endpoint answers to. */
  invokeName?: 'logicalId' | 'functionName';
  /** A translation error (SAM, Serverless): the resource is reported as skipped with it. */
  error?: string;
}

const TOKEN_START = '\u0000ebw:';
// Between logical id and attribute: neither holds it (a Terraform address holds dots).
const TOKEN_SEPARATOR = '\u0001';
const TOKEN_END = '\u0000';

/** A placeholder for an attribute known only once the resource exists. */
export function attributeToken(logicalId: string, attribute: string): string {
  return `${TOKEN_START}${logicalId}${TOKEN_SEPARATOR}${attribute}${TOKEN_END}`;
}

/** Replaces attribute tokens in every string of `value`. */
export function replaceTokens(value: unknown, lookup: (logicalId: string, attribute: string) => string): any {
  if (typeof value === 'string') {
    if (!value.includes(TOKEN_START)) return value;
    return value.replace(/\u0000ebw:([^\u0001\u0000]+)\u0001([^\u0000]+)\u0000/g, (_, id: string, attr: string) => lookup(id, attr));
  }
  if (Array.isArray(value)) return value.map((v) => replaceTokens(v, lookup));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceTokens(v, lookup)]));
  }
  return value;
}

/** The logical ids whose tokens `value` holds. */
export function tokensIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\u0000ebw:([^\u0001\u0000]+)\u0001/g)) out.add(m[1]);
  } else if (Array.isArray(value)) {
    value.forEach((v) => tokensIn(v, out));
  } else if (value && typeof value === 'object') {
    Object.values(value).forEach((v) => tokensIn(v, out));
  }
  return out;
}

const events = (ctx: Context, resource: string) => `arn:${ctx.partition}:events:${ctx.region}:${ctx.accountId}:${resource}`;

/** A bus name or ARN as PutRule takes it: an ARN of this account and Region becomes the name. */
export function localBusName(nameOrArn: string, ctx: Context): { name: string; foreign: boolean } {
  const m = /^arn:[^:]+:events:([^:]*):([^:]*):event-bus\/(.+)$/.exec(nameOrArn);
  if (!m) return { name: nameOrArn, foreign: false };
  if (m[1] === ctx.region && m[2] === ctx.accountId) return { name: m[3], foreign: false };
  return { name: nameOrArn, foreign: true };
}

// EventBridge types: Ref and attributes. Names of rules and buses are what the emulator uses.
const EVENTBRIDGE_MODELS: Record<string, TypeModel> = {
  'AWS::Events::EventBus': {
    nameProperty: 'Name',
    ref: (r) => r.name,
    attributes: { Arn: (r) => events(r.ctx, `event-bus/${r.name}`), Name: (r) => r.name },
  },
  'AWS::Events::Rule': {
    nameProperty: 'Name',
    nameStyle: { maxLength: 64 },
    ref: (r) => {
      const bus = ruleBus(r);
      return bus === 'default' ? r.name : `${bus}|${r.name}`;
    },
    attributes: {
      Arn: (r) => {
        const bus = ruleBus(r);
        return bus.startsWith('arn:')
          ? `${bus.replace(/:event-bus\/.*$/, ':rule/')}${bus.slice(bus.indexOf(':event-bus/') + 11)}/${r.name}`
          : events(r.ctx, bus === 'default' ? `rule/${r.name}` : `rule/${bus}/${r.name}`);
      },
    },
  },
  'AWS::Events::Archive': {
    nameProperty: 'ArchiveName',
    nameStyle: { maxLength: 48 },
    ref: (r) => r.name,
    attributes: { Arn: (r) => events(r.ctx, `archive/${r.name}`) },
  },
  'AWS::Events::Connection': {
    nameProperty: 'Name',
    ref: (r) => r.name,
    attributes: {
      Arn: (r) => attributeToken(r.logicalId, 'Arn'),
      ArnForPolicy: (r) => attributeToken(r.logicalId, 'Arn'),
      SecretArn: (r) => attributeToken(r.logicalId, 'SecretArn'),
    },
  },
  'AWS::Events::ApiDestination': {
    nameProperty: 'Name',
    ref: (r) => r.name,
    attributes: {
      Arn: (r) => attributeToken(r.logicalId, 'Arn'),
      ArnForPolicy: (r) => attributeToken(r.logicalId, 'Arn'),
    },
  },
};

function ruleBus(r: ResourceView): string {
  const bus = r.prop('EventBusName');
  return typeof bus === 'string' && bus ? localBusName(bus, r.ctx).name : 'default';
}

export class ResourceTable implements ResourceAccess {
  private resolver!: Resolver;
  private readonly names = new Map<string, string>();
  private readonly resolving = new Set<string>();
  /** Attributes handed out, for the report (logical id -> attribute -> value). */
  readonly handedOut = new Map<string, Record<string, string>>();
  /** While set: collects the logical ids that Ref / Fn::GetAtt touch (a resource's dependencies). */
  touched: Set<string> | undefined;

  constructor(
    readonly resources: Map<string, TemplateResource>,
    private readonly ctx: Context,
  ) {}

  attach(resolver: Resolver): void {
    this.resolver = resolver;
  }

  has(logicalId: string): boolean {
    return this.resources.has(logicalId);
  }

  model(type: string): TypeModel | undefined {
    return EVENTBRIDGE_MODELS[type] ?? TYPE_MODELS[type];
  }

  /** Whether the resource exists in this deployment (its Condition, if any, holds). */
  isCreated(logicalId: string, at: Where): boolean {
    const r = this.resources.get(logicalId);
    if (!r) return false;
    return r.condition === undefined || this.resolver.condition(r.condition, at);
  }

  private require(logicalId: string, at: Where): TemplateResource {
    this.touched?.add(logicalId);
    const r = this.resources.get(logicalId);
    if (!r) throw new ResolveError(at, `no resource ${logicalId}`);
    if (!this.isCreated(logicalId, at)) {
      throw new ResolveError(at, `${logicalId} is not created (its Condition ${r.condition} is false)`);
    }
    return r;
  }

  /** The resolved property of a resource (undefined when absent or AWS::NoValue). */
  property(r: TemplateResource, name: string): unknown {
    if (!(name in r.properties)) return undefined;
    const v = this.resolver.resolve(r.properties[name], { logicalId: r.logicalId, path: name });
    return v === NO_VALUE ? undefined : v;
  }

  /** The physical name: the name property, resolved, or the generated one. */
  physicalName(r: TemplateResource, at: Where): string {
    const cached = this.names.get(r.logicalId);
    if (cached !== undefined) return cached;
    const model = this.model(r.type);
    if (this.resolving.has(r.logicalId)) throw new ResolveError(at, `the name of ${r.logicalId} depends on itself`);
    this.resolving.add(r.logicalId);
    try {
      let name: string | undefined;
      const prop = model?.nameProperty;
      if (prop) {
        const v = this.property(r, prop);
        if (v !== undefined) {
          if (typeof v !== 'string' && typeof v !== 'number') {
            throw new ResolveError({ logicalId: r.logicalId, path: prop }, `${prop} must be a string`);
          }
          name = String(v);
        }
      }
      if (name === undefined) {
        const style = nameStyleOf(model);
        const fifo = r.type === 'AWS::SQS::Queue' && ['true', true].includes(this.property(r, 'FifoQueue') as never);
        name = generatedName(this.ctx.stackName, r.logicalId, fifo ? { ...style, ending: '.fifo' } : style);
      }
      this.names.set(r.logicalId, name);
      return name;
    } finally {
      this.resolving.delete(r.logicalId);
    }
  }

  private view(r: TemplateResource, at: Where): ResourceView {
    return {
      logicalId: r.logicalId,
      name: this.physicalName(r, at),
      ctx: this.ctx,
      prop: (p) => this.property(r, p),
    };
  }

  ref(logicalId: string, at: Where): unknown {
    const dot = logicalId.indexOf('.');
    if (dot > 0) return this.getAtt(logicalId.slice(0, dot), logicalId.slice(dot + 1), at);
    const r = this.require(logicalId, at);
    const model = this.model(r.type);
    if (!model) {
      throw new ResolveError(at, `Ref ${logicalId}: what Ref returns for ${r.type} is not known to this loader`);
    }
    return model.ref(this.view(r, at));
  }

  getAtt(logicalId: string, attribute: string, at: Where): unknown {
    const r = this.require(logicalId, at);
    // SAM: {Ref: Fn.Alias} / ${Fn.Alias} is the alias AutoPublishAlias generates.
    if (r.samAlias && attribute === 'Alias') return this.ref(r.samAlias, at);
    const destination = r.samDestinations?.[attribute];
    if (destination) return this.ref(destination, at);
    const model = this.model(r.type);
    const get = model?.attributes[attribute];
    if (!get) {
      throw new ResolveError(at, `Fn::GetAtt ${logicalId}.${attribute}: this loader does not know the ${attribute} attribute of ${r.type}`);
    }
    const value = get(this.view(r, at));
    if (typeof value === 'string' && !value.startsWith('\u0000')) {
      const seen = this.handedOut.get(logicalId) ?? {};
      seen[attribute] = value;
      this.handedOut.set(logicalId, seen);
    }
    return value;
  }

  /** What the report says about a resource: physical id, ARN, attributes handed out. */
  info(r: TemplateResource): ResourceInfo {
    const info: ResourceInfo = { type: r.type };
    if (r.generatedBy) info.generatedBy = r.generatedBy;
    const at = { logicalId: r.logicalId, path: '' };
    try {
      if (!this.isCreated(r.logicalId, at)) return info;
      const model = this.model(r.type);
      if (!model) return info;
      info.physicalId = this.physicalName(r, at);
      const arnAttr = ['Arn', 'TopicArn', 'JobQueueArn', 'AliasArn', 'TaskDefinitionArn'].find((a) => a in model.attributes);
      const refValue = model.ref(this.view(r, at));
      const arnValue = arnAttr ? model.attributes[arnAttr](this.view(r, at)) : refValue;
      if (typeof arnValue === 'string' && arnValue.startsWith('arn:')) info.arn = arnValue;
      const handed = this.handedOut.get(r.logicalId);
      if (handed) info.attributes = { ...handed };
    } catch {
      // A resource whose name cannot be resolved: the report says only its type.
    }
    return info;
  }
}
