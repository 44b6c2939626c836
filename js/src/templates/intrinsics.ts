// CloudFormation's intrinsic functions, resolved as CloudFormation resolves them at deploy time:
// Ref (parameters, pseudo parameters, resources), Fn::GetAtt, Fn::Sub (both forms), Fn::Join,
// Fn::Select, Fn::Split, Fn::FindInMap, Fn::If / Equals / And / Or / Not with Conditions,
// Fn::ImportValue, Fn::Base64, Fn::ToJsonString, Fn::Length and {{resolve:ssm:...}} /
// {{resolve:secretsmanager:...}} references.
//
// Resolution is lazy: only the properties a loader asks for are resolved, so an Fn::ImportValue in
// an IAM policy never needs a value. Problems name the resource and the property:
// - TemplateError (thrown to the caller): a value only the caller can give is missing (a parameter,
//   an export, an SSM parameter);
// - ResolveError: anything else this resolver cannot or must not resolve (an unsupported function,
//   a Ref to a resource type whose Ref value is unknown); the resource using it is skipped.
import { TemplateError } from './types.js';

/** The value of `Ref: AWS::NoValue`: the property (or list element) is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Where a value sits: the resource and the property path inside it. */
export interface Where {
  logicalId: string;
  path: string;
}

export function describeWhere(at: Where): string {
  return at.path ? `resource ${at.logicalId}, property ${at.path}` : `resource ${at.logicalId}`;
}

/** A value this resolver cannot give; the resource that needs it is skipped with this reason. */
export class ResolveError extends Error {
  constructor(at: Where, message: string) {
    super(`${describeWhere(at)}: ${message}`);
    this.name = 'ResolveError';
  }
}

export interface PseudoParameters {
  accountId: string;
  region: string;
  partition: string;
  stackName: string;
  urlSuffix: string;
  stackId: string;
}

/** What Ref and Fn::GetAtt of a resource give; implemented by the resource table. */
export interface ResourceAccess {
  has(logicalId: string): boolean;
  ref(logicalId: string, at: Where): unknown;
  getAtt(logicalId: string, attribute: string, at: Where): unknown;
}

export interface ResolverInput {
  parameters: Record<string, any>;
  mappings: Record<string, any>;
  conditions: Record<string, any>;
  pseudo: PseudoParameters;
  /** Caller-given parameter values (already checked against the template's declarations). */
  parameterValues: Record<string, string>;
  ssmParameters: Record<string, string>;
  /** Secrets Manager SecretString values by secret name or ARN ({{resolve:secretsmanager:...}}). */
  secrets: Record<string, string>;
  importValues: Record<string, string>;
}

function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The one intrinsic-function key of an object ({"Fn::Sub": ...}), if it is one. */
function intrinsicKey(v: Record<string, any>): string | undefined {
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0];
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::') ? k : undefined;
}

function child(at: Where, key: string | number): Where {
  const seg = typeof key === 'number' ? `[${key}]` : at.path ? `.${key}` : key;
  return { logicalId: at.logicalId, path: `${at.path}${seg}` };
}

function scalarText(v: unknown, at: Where, what: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ResolveError(at, `${what} must be a string, not ${v === NO_VALUE ? 'AWS::NoValue' : JSON.stringify(v)}`);
}

// Base64 of the UTF-8 bytes, in Node and browsers alike.
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

const DYNAMIC_REFERENCE = /\{\{resolve:([a-z-]+):([^}]*)\}\}/g;

export class Resolver {
  private readonly conditionCache = new Map<string, boolean>();
  private readonly conditionStack = new Set<string>();

  constructor(
    private readonly input: ResolverInput,
    private readonly resources: ResourceAccess,
  ) {}

  get pseudo(): PseudoParameters {
    return this.input.pseudo;
  }

  /** The value of a template parameter (lists as arrays; SSM-typed ones looked up). */
  parameter(name: string, at: Where): unknown {
    const decl = this.input.parameters[name];
    const type = String(decl?.Type ?? 'String');
    const raw = this.input.parameterValues[name];
    if (raw === undefined) throw new TemplateError(`${describeWhere(at)}: parameter ${name} has no value`);
    const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(type);
    if (ssm) {
      const names = ssm[1].startsWith('List<') || ssm[1] === 'CommaDelimitedList' ? raw.split(',') : [raw];
      const values = names.map((n) => {
        const v = this.input.ssmParameters[n];
        if (v === undefined) {
          throw new TemplateError(
            `${describeWhere(at)}: parameter ${name} (${type}) reads SSM parameter ${n}; pass its value in options.ssmParameters`,
          );
        }
        return v;
      });
      return names.length === 1 && !ssm[1].startsWith('List<') && ssm[1] !== 'CommaDelimitedList'
        ? values[0]
        : values.flatMap((v) => v.split(','));
    }
    if (type === 'CommaDelimitedList' || type.startsWith('List<')) return raw === '' ? [''] : raw.split(',');
    return raw;
  }

  /** A named condition of the template's Conditions section. */
  condition(name: string, at: Where): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in this.input.conditions)) throw new ResolveError(at, `condition ${name} is not defined in Conditions`);
    if (this.conditionStack.has(name)) throw new ResolveError(at, `condition ${name} refers to itself`);
    this.conditionStack.add(name);
    try {
      const value = this.conditionValue(this.input.conditions[name], { logicalId: `Conditions.${name}`, path: '' });
      this.conditionCache.set(name, value);
      return value;
    } finally {
      this.conditionStack.delete(name);
    }
  }

  private conditionValue(v: unknown, at: Where): boolean {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && (v === 'true' || v === 'false')) return v === 'true';
    if (!isPlainObject(v)) throw new ResolveError(at, `a condition must be a condition function, not ${JSON.stringify(v)}`);
    const key = intrinsicKey(v);
    const arg = key ? v[key] : undefined;
    switch (key) {
      case 'Condition':
        return this.condition(scalarText(arg, at, 'Condition'), at);
      case 'Fn::Equals': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ResolveError(at, 'Fn::Equals takes a list of two values');
        const [a, b] = arg.map((x, i) => this.resolve(x, child(child(at, 'Fn::Equals'), i)));
        return JSON.stringify(typeof a === 'object' ? a : String(a)) === JSON.stringify(typeof b === 'object' ? b : String(b));
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) {
          throw new ResolveError(at, `${key} takes a list of 2 to 10 conditions`);
        }
        const values = arg.map((x, i) => this.conditionValue(x, child(child(at, key), i)));
        return key === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::Not': {
        if (!Array.isArray(arg) || arg.length !== 1) throw new ResolveError(at, 'Fn::Not takes a list of one condition');
        return !this.conditionValue(arg[0], child(child(at, 'Fn::Not'), 0));
      }
      default:
        throw new ResolveError(at, `${key ?? JSON.stringify(v)} is not a condition function`);
    }
  }

  /** Resolves every intrinsic function inside `value`. May return NO_VALUE. */
  resolve(value: unknown, at: Where): any {
    if (typeof value === 'string') return this.dynamicReferences(value, at);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      value.forEach((item, i) => {
        const r = this.resolve(item, child(at, i));
        if (r !== NO_VALUE) out.push(r);
      });
      return out;
    }
    if (!isPlainObject(value)) return value;
    const key = intrinsicKey(value);
    if (key && key !== 'Condition') return this.intrinsic(key, value[key], at);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.resolve(v, child(at, k));
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }

  private intrinsic(key: string, arg: any, at: Where): any {
    const here = child(at, key);
    switch (key) {
      case 'Ref':
        return this.ref(scalarText(arg, here, 'Ref'), here);
      case 'Fn::GetAtt': {
        let parts: unknown = arg;
        if (typeof parts === 'string') parts = [parts.slice(0, parts.indexOf('.')), parts.slice(parts.indexOf('.') + 1)];
        if (!Array.isArray(parts) || parts.length !== 2) throw new ResolveError(here, 'Fn::GetAtt takes [LogicalId, Attribute]');
        const name = scalarText(parts[0], here, 'Fn::GetAtt resource');
        const attribute = scalarText(this.resolve(parts[1], child(here, 1)), here, 'Fn::GetAtt attribute');
        return this.getAtt(name, attribute, here);
      }
      case 'Fn::Sub':
        return this.sub(arg, here);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ResolveError(here, 'Fn::Join takes [delimiter, list]');
        const delimiter = scalarText(arg[0], here, 'Fn::Join delimiter');
        const list = this.resolve(arg[1], child(here, 1));
        if (!Array.isArray(list)) throw new ResolveError(here, 'Fn::Join needs a list');
        return list.map((x, i) => scalarText(x, child(child(here, 1), i), 'Fn::Join element')).join(delimiter);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ResolveError(here, 'Fn::Select takes [index, list]');
        const index = Number(scalarText(this.resolve(arg[0], child(here, 0)), here, 'Fn::Select index'));
        const list = this.resolve(arg[1], child(here, 1));
        if (!Array.isArray(list)) throw new ResolveError(here, 'Fn::Select needs a list');
        if (!Number.isInteger(index) || index < 0 || index >= list.length) {
          throw new ResolveError(here, `Fn::Select index ${index} is out of bounds (list of ${list.length})`);
        }
        return list[index];
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) throw new ResolveError(here, 'Fn::Split takes [delimiter, string]');
        const delimiter = scalarText(arg[0], here, 'Fn::Split delimiter');
        const text = scalarText(this.resolve(arg[1], child(here, 1)), here, 'Fn::Split source');
        return text.split(delimiter);
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, here);
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3) throw new ResolveError(here, 'Fn::If takes [condition, valueIfTrue, valueIfFalse]');
        const which = this.condition(scalarText(arg[0], here, 'Fn::If condition'), here) ? 1 : 2;
        return this.resolve(arg[which], child(here, which));
      }
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
        return this.conditionValue({ [key]: arg }, at);
      case 'Fn::ImportValue': {
        const name = scalarText(this.resolve(arg, here), here, 'Fn::ImportValue name');
        const v = this.input.importValues[name];
        if (v === undefined) {
          throw new TemplateError(`${describeWhere(at)}: Fn::ImportValue ${JSON.stringify(name)} has no value; pass it in options.importValues`);
        }
        return v;
      }
      case 'Fn::Base64':
        return base64(scalarText(this.resolve(arg, here), here, 'Fn::Base64 value'));
      case 'Fn::ToJsonString': {
        const v = this.resolve(arg, here);
        return JSON.stringify(v);
      }
      case 'Fn::Length': {
        const v = this.resolve(arg, here);
        if (!Array.isArray(v)) throw new ResolveError(here, 'Fn::Length needs a list');
        return v.length;
      }
      case 'Fn::Unresolved':
        // Left by a translation (a Serverless variable without a value): the reason names it.
        throw new ResolveError(at, String(arg));
      default:
        throw new ResolveError(here, `${key} is not supported by this loader`);
    }
  }

  private ref(name: string, at: Where): unknown {
    switch (name) {
      case 'AWS::AccountId':
        return this.pseudo.accountId;
      case 'AWS::Region':
        return this.pseudo.region;
      case 'AWS::Partition':
        return this.pseudo.partition;
      case 'AWS::StackName':
        return this.pseudo.stackName;
      case 'AWS::StackId':
        return this.pseudo.stackId;
      case 'AWS::URLSuffix':
        return this.pseudo.urlSuffix;
      case 'AWS::NoValue':
        return NO_VALUE;
      case 'AWS::NotificationARNs':
        return [];
    }
    if (name in this.input.parameters) return this.parameter(name, at);
    if (this.resources.has(name) || this.resources.has(name.split('.')[0])) return this.resources.ref(name, at);
    throw new ResolveError(at, `Ref ${name}: no parameter or resource of that name`);
  }

  private getAtt(name: string, attribute: string, at: Where): unknown {
    if (!this.resources.has(name)) throw new ResolveError(at, `Fn::GetAtt ${name}.${attribute}: no resource ${name}`);
    return this.resources.getAtt(name, attribute, at);
  }

  private findInMap(arg: unknown, at: Where): unknown {
    if (!Array.isArray(arg) || arg.length < 3) throw new ResolveError(at, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
    const [mapName, top, second] = arg.slice(0, 3).map((x, i) => scalarText(this.resolve(x, child(at, i)), at, 'Fn::FindInMap key'));
    const value = this.input.mappings?.[mapName]?.[top]?.[second];
    if (value === undefined) {
      const fallback = isPlainObject(arg[3]) ? arg[3].DefaultValue : undefined;
      if (fallback !== undefined) return this.resolve(fallback, child(at, 3));
      throw new ResolveError(at, `Fn::FindInMap: Mappings has no ${mapName}.${top}.${second}`);
    }
    return value;
  }

  private sub(arg: unknown, at: Where): string {
    let template: unknown = arg;
    let vars: Record<string, unknown> = {};
    if (Array.isArray(arg)) {
      if (arg.length !== 2 || !isPlainObject(arg[1])) throw new ResolveError(at, 'Fn::Sub takes a string or [string, {variables}]');
      template = arg[0];
      for (const [k, v] of Object.entries(arg[1])) vars[k] = this.resolve(v, child(child(at, 1), k));
    }
    const text = scalarText(template, at, 'Fn::Sub template');
    const out = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      if (name in vars) return scalarText(vars[name], at, `Fn::Sub variable ${name}`);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::') && !(name in this.input.parameters)) {
        return scalarText(this.getAtt(name.slice(0, dot), name.slice(dot + 1), at), at, `\${${name}}`);
      }
      const v = this.ref(name, at);
      if (Array.isArray(v)) throw new ResolveError(at, `Fn::Sub \${${name}} is a list, not a string`);
      return scalarText(v, at, `\${${name}}`);
    });
    return this.dynamicReferences(out, at);
  }

  // {{resolve:secretsmanager:SECRET-ID:SecretString:JSON-KEY:VERSION-STAGE:VERSION-ID}} from
  // options.secrets (SECRET-ID a name or an ARN, which holds colons itself); the current version only.
  private secretValue(whole: string, ref: string, at: Where): string {
    const parts = ref.split(':');
    const id = ref.startsWith('arn:') ? parts.splice(0, 7).join(':') : parts.shift()!;
    const [secretString = 'SecretString', jsonKey = '', stage = '', versionId = ''] = parts;
    if (secretString !== 'SecretString') throw new ResolveError(at, `${whole}: the second segment must be SecretString`);
    if ((stage && stage !== 'AWSCURRENT') || versionId) {
      throw new ResolveError(at, `${whole}: only the current version (AWSCURRENT) of a secret is given through options.secrets`);
    }
    const name = id.startsWith('arn:') ? id.split(':')[6] : id;
    const value = this.input.secrets[id] ?? this.input.secrets[name];
    if (value === undefined) throw new TemplateError(`${describeWhere(at)}: ${whole} reads secret ${id}; pass its SecretString in options.secrets`);
    if (!jsonKey) return value;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new ResolveError(at, `${whole}: the SecretString of ${id} is not JSON, so it has no key ${jsonKey}`);
    }
    const v = isPlainObject(parsed) ? parsed[jsonKey] : undefined;
    if (typeof v !== 'string') throw new ResolveError(at, `${whole}: the SecretString of ${id} has no string key ${jsonKey}`);
    return v;
  }

  // {{resolve:ssm:NAME[:VERSION]}} from options.ssmParameters, {{resolve:secretsmanager:...}} from
  // options.secrets; other services are not emulated.
  private dynamicReferences(text: string, at: Where): string {
    if (!text.includes('{{resolve:')) return text;
    return text.replace(DYNAMIC_REFERENCE, (whole, service: string, ref: string) => {
      if (service === 'ssm' || service === 'ssm-secure') {
        const name = ref.replace(/:\d+$/, '');
        const v = this.input.ssmParameters[ref] ?? this.input.ssmParameters[name];
        if (v === undefined) {
          throw new TemplateError(`${describeWhere(at)}: ${whole} reads SSM parameter ${name}; pass its value in options.ssmParameters`);
        }
        return v;
      }
      if (service === 'secretsmanager') return this.secretValue(whole, ref, at);
      throw new ResolveError(at, `${whole}: dynamic references to ${service} are not supported (only ssm, ssm-secure and secretsmanager)`);
    });
  }
}
