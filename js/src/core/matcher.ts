// Many rules in one compiled matcher: add rules by name, then ask which match an event.
import { errorFromBody, isErrorText } from './errors.js';
import { MatcherHandle, wasm } from './wasm-module.js';

function toJsonText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class Matcher {
  private handle: MatcherHandle;

  /** Requires the module to be loaded (`await init()` or `await EventBridge.create()`). */
  constructor() {
    this.handle = new (wasm().MatcherHandle)();
  }

  /** Adds or replaces a rule. Throws InvalidEventPatternException for an invalid pattern. */
  addRule(name: string, pattern: string | object): void {
    const error = this.handle.addRule(name, toJsonText(pattern));
    if (error) throw errorFromBody(JSON.parse(error));
  }

  /** Returns false when no rule has that name. */
  removeRule(name: string): boolean {
    return this.handle.removeRule(name);
  }

  hasRule(name: string): boolean {
    return this.handle.hasRule(name);
  }

  get size(): number {
    return this.handle.size();
  }

  /** Names of the rules that match, in the order they were added. */
  match(event: string | object): string[] {
    const out = this.handle.match(toJsonText(event));
    if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
    return JSON.parse(out) as string[];
  }

  /** For a rule that does not match: the dotted path of the field that failed; '' if it matches. */
  explain(name: string, event: string | object): string {
    const out = this.handle.explain(name, toJsonText(event));
    if (isErrorText(out)) throw errorFromBody(JSON.parse(out));
    return out;
  }

  /** Frees the WebAssembly memory held by this matcher. */
  dispose(): void {
    this.handle.delete();
  }
}
