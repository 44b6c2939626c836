// Serverless Framework variables in a serverless.yml: ${self:path}, ${opt:name}, ${env:NAME},
// ${sls:stage}, ${aws:region}, ${aws:accountId}, ${ssm:/name}, ${param:name}, each with an optional
// fallback (`${opt:stage, 'dev'}`, `${env:X, ${self:custom.y}}`), nested variables resolved
// innermost first, as the Framework resolves them. A variable this loader cannot resolve (no value
// and no fallback, or a source it does not read: file(), cf:, s3:, ...) turns the value holding it
// into {"Fn::Unresolved": reason}, which fails only the resource property that needs it (and names
// it). CloudFormation's own ${AWS::Region} / ${Resource.Arn} in Fn::Sub strings are left alone.

type Raw = Record<string, any>;

export interface VariableSources {
  cliOptions: Record<string, string>;
  env: Record<string, string | undefined>;
  ssm: Record<string, string>;
  params: Record<string, string>;
  accountId: string;
  region: string;
  /** provider.stage after resolution (for ${sls:stage}); set once known. */
  stage?: string;
}

export const UNRESOLVED = 'Fn::Unresolved';

// A Serverless variable: `${source:...}` for the sources the Framework knows, or `${file(...)}`.
const VARIABLE = /\$\{((?:self|opt|env|sls|aws|ssm|cf|s3|param|file|git|strToBool|terraform|vault|doppler)\b[^{}]*)\}/;

class Unresolvable extends Error {}

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Splits `a, b, 'c, d'` at top-level commas (not inside quotes or parentheses).
function splitFallbacks(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
    } else if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

export class ServerlessVariables {
  private readonly resolving = new Set<string>();

  constructor(
    private readonly doc: Raw,
    private readonly sources: VariableSources,
  ) {}

  /** Resolves every variable in `value` (objects and lists deeply). */
  resolveDeep(value: unknown): any {
    if (typeof value === 'string') return this.resolveString(value);
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveDeep(v)]));
    return value;
  }

  /** A string with its variables resolved; a whole-string variable keeps its value's type. */
  resolveString(text: string): any {
    try {
      return this.interpolate(text);
    } catch (e) {
      if (e instanceof Unresolvable) return { [UNRESOLVED]: e.message };
      throw e;
    }
  }

  private interpolate(text: string): any {
    let current: any = text;
    for (let guard = 0; guard < 100; guard++) {
      if (typeof current !== 'string') return current;
      const m = VARIABLE.exec(current);
      if (!m) return current;
      const value = this.variable(m[1]);
      if (m[0] === current) {
        current = value;
      } else {
        if (typeof value === 'object' && value !== null) {
          throw new Unresolvable(`variable ${m[0]} has an object value and cannot be part of the string ${JSON.stringify(text)}`);
        }
        current = current.slice(0, m.index) + String(value) + current.slice(m.index + m[0].length);
      }
    }
    throw new Unresolvable(`variables in ${JSON.stringify(text)} do not resolve (a cycle?)`);
  }

  // One `${...}` body: the first of its alternatives that has a value.
  private variable(body: string): unknown {
    const alternatives = splitFallbacks(body);
    const reasons: string[] = [];
    for (const alt of alternatives) {
      const literal = /^(['"])(.*)\1$/s.exec(alt);
      if (literal) return literal[2];
      if (/^-?\d+(\.\d+)?$/.test(alt)) return Number(alt);
      if (alt === 'true' || alt === 'false') return alt === 'true';
      if (alt === 'null') continue;
      const value = this.source(alt, reasons);
      if (isObject(value) && UNRESOLVED in value) {
        reasons.push(String(value[UNRESOLVED]));
        continue;
      }
      if (value !== undefined) return value;
    }
    throw new Unresolvable(`Serverless variable \${${body}} could not be resolved: ${reasons.join('; ') || 'no value'}`);
  }

  private source(ref: string, reasons: string[]): unknown {
    const colon = ref.indexOf(':');
    const kind = colon < 0 ? ref : ref.slice(0, colon);
    const address = colon < 0 ? '' : ref.slice(colon + 1).trim();
    switch (kind) {
      case 'self':
        return this.self(address, reasons);
      case 'opt': {
        const v = this.sources.cliOptions[address];
        if (v === undefined) reasons.push(`no CLI option --${address} (options.cliOptions)`);
        return v;
      }
      case 'env': {
        const v = this.sources.env[address];
        if (v === undefined) reasons.push(`environment variable ${address} is not set (options.env)`);
        return v;
      }
      case 'sls':
        if (address === 'stage') return this.sources.stage ?? this.stage();
        reasons.push(`\${sls:${address}} is not known to this loader`);
        return undefined;
      case 'aws':
        if (address === 'region') return this.sources.region;
        if (address === 'accountId') return this.sources.accountId;
        reasons.push(`\${aws:${address}} is not known to this loader`);
        return undefined;
      case 'ssm': {
        const name = address.replace(/^\/?aws\/reference\/secretsmanager/, '');
        const v = this.sources.ssm[address] ?? this.sources.ssm[name];
        if (v === undefined) reasons.push(`SSM parameter ${address} has no value (options.ssmParameters)`);
        return v;
      }
      case 'param': {
        const v = this.sources.params[address];
        if (v === undefined) reasons.push(`parameter ${address} has no value (options.parameters)`);
        return v;
      }
      default:
        reasons.push(`the ${kind} variable source is not read by this loader`);
        return undefined;
    }
  }

  /** provider.stage as the Framework computes it: --stage, provider.stage, 'dev'. */
  stage(): string {
    if (this.sources.cliOptions.stage) return this.sources.cliOptions.stage;
    const v = this.self('provider.stage', []);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : 'dev';
  }

  private self(address: string, reasons: string[]): unknown {
    if (address === '') return this.doc;
    if (this.resolving.has(address)) throw new Unresolvable(`\${self:${address}} refers to itself`);
    let node: any = this.doc;
    for (const key of address.split('.')) {
      if (!isObject(node) && !Array.isArray(node)) {
        node = undefined;
        break;
      }
      node = (node as Raw)[key];
    }
    if (node === undefined) {
      reasons.push(`${address} is not set in serverless.yml`);
      return undefined;
    }
    this.resolving.add(address);
    try {
      return this.resolveDeep(node);
    } finally {
      this.resolving.delete(address);
    }
  }
}
