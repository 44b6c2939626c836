// Template text (JSON or YAML) to a plain object. YAML goes through the `yaml` package (maintained,
// no dependencies, ships an ES module build that browsers load without a bundler) with
// CloudFormation's short-form tags (!Ref, !Sub, !GetAtt A.Arn, ...) registered as custom tags, each
// turned into the long form ({"Ref": ...}, {"Fn::Sub": ...}) that the resolver reads. The YAML 1.2
// core schema: `2010-09-09` and `yes` stay strings, as CloudFormation reads them.
//
// The library is imported on first use, so that loading this package in a browser never needs it
// unless a YAML template is loaded.
import { TemplateError } from './types.js';

type YamlModule = typeof import('yaml');

let yamlModule: Promise<YamlModule> | undefined;
function loadYaml(): Promise<YamlModule> {
  yamlModule ??= import('yaml');
  return yamlModule;
}

// Short form -> long form key. `!GetAtt A.B.C` is special (a dotted scalar); `!Condition X` is
// {"Condition": "X"}; the rest wrap their value.
const FUNCTION_TAGS: Record<string, string> = {
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  FindInMap: 'Fn::FindInMap',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Sub: 'Fn::Sub',
  Transform: 'Fn::Transform',
  And: 'Fn::And',
  Equals: 'Fn::Equals',
  If: 'Fn::If',
  Not: 'Fn::Not',
  Or: 'Fn::Or',
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
  // Template-level Rules section (assertions; read but never evaluated).
  Contains: 'Fn::Contains',
  EachMemberEquals: 'Fn::EachMemberEquals',
  EachMemberIn: 'Fn::EachMemberIn',
  RefAll: 'Fn::RefAll',
  ValueOf: 'Fn::ValueOf',
  ValueOfAll: 'Fn::ValueOfAll',
  Ref: 'Ref',
  Condition: 'Condition',
};

function getAttFromScalar(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

type CustomTag = {
  tag: string;
  collection?: 'map' | 'seq';
  resolve: (value: any) => unknown;
};

function cloudFormationTags(): CustomTag[] {
  const tags: CustomTag[] = [];
  const toJs = (node: any) => (typeof node?.toJSON === 'function' ? node.toJSON() : node);
  for (const [short, long] of Object.entries(FUNCTION_TAGS)) {
    const wrap = (v: unknown) => ({ [long]: v });
    tags.push({ tag: `!${short}`, resolve: (s: string) => wrap(s) });
    tags.push({ tag: `!${short}`, collection: 'seq', resolve: (seq) => wrap(toJs(seq)) });
    tags.push({ tag: `!${short}`, collection: 'map', resolve: (map) => wrap(toJs(map)) });
  }
  tags.push({ tag: '!GetAtt', resolve: (s: string) => ({ 'Fn::GetAtt': getAttFromScalar(s) }) });
  tags.push({ tag: '!GetAtt', collection: 'seq', resolve: (seq) => ({ 'Fn::GetAtt': toJs(seq) }) });
  return tags;
}

/** A parsed template and what the parser noticed without refusing it. */
export interface ParsedTemplate {
  value: unknown;
  /** Keys that appear twice in one map (the last one is used, as CloudFormation's parser does). */
  warnings: string[];
}

/** Parses template text: JSON when it is JSON, YAML (with CloudFormation tags) otherwise. */
export async function parseTemplateText(text: string): Promise<ParsedTemplate> {
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.trimStart().startsWith('{')) {
    try {
      return { value: JSON.parse(trimmed), warnings: [] };
    } catch {
      // Not strict JSON (comments, trailing commas...): YAML may still read it.
    }
  }
  const YAML = await loadYaml();
  const lines = new YAML.LineCounter();
  // Duplicate keys: CloudFormation (and SAM's PyYAML) keep the last one; so does this loader, and
  // the report says where.
  const doc = YAML.parseDocument(trimmed, {
    customTags: cloudFormationTags() as never,
    schema: 'core',
    prettyErrors: true,
    uniqueKeys: false,
    lineCounter: lines,
  });
  const problems = [...doc.errors, ...doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
  if (problems.length) {
    // The first line says what and where (line, column); the rest is a picture of the spot.
    throw new TemplateError(`template is not valid YAML: ${plainYamlMessage(problems[0].message.split('\n')[0].replace(/:$/, ''))}`);
  }
  const warnings: string[] = [];
  YAML.visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = YAML.isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) {
          const at = YAML.isNode(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
          warnings.push(`${at ? `line ${at.line}: ` : ''}key ${key} appears more than once in the same map; the last one is used`);
        }
        seen.add(key);
      }
    },
  });
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }), warnings };
  } catch (e) {
    // The library refuses an alias expansion beyond maxAliasCount ("billion laughs") with a
    // ReferenceError: the caller gets the loader's one error type, saying why.
    throw new TemplateError(`template is not valid YAML: ${plainYamlMessage(e instanceof Error ? e.message : String(e))}`);
  }
}

// The parser recurses per nesting level: JavaScript's stack overflow is how a document nested
// thousands deep ends (the library reports it with its position); say so in the template's terms.
function plainYamlMessage(message: string): string {
  return message.replace(/^Maximum call stack size exceeded/, 'nested too deeply');
}
