// Names and ids CloudFormation (or the service) would generate for a resource without a name
// property: `<stack>-<LogicalId>-<SUFFIX>`, cut to the type's maximum length. The suffix is derived
// from the stack name and logical id (not random), so the same template loads to the same names and
// a reload recognises the resources it created.

// FNV-1a, 32 bits; each round hashes the key with its round number in front (5 characters a round).
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `length` characters from `alphabet`, determined by `key`. */
export function stableToken(key: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  let out = '';
  let round = 0;
  while (out.length < length) {
    let h = fnv1a(`${round}:${key}`, 0x811c9dc5);
    for (let i = 0; i < 5 && out.length < length; i++) {
      out += alphabet[h % alphabet.length];
      h = Math.floor(h / alphabet.length);
    }
    round++;
  }
  return out;
}

/** A stable UUID-shaped id (for generated ARNs such as a connection's). */
export function stableUuid(key: string): string {
  const hex = stableToken(key, 32, '0123456789abcdef');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface NameStyle {
  maxLength: number;
  lowercase?: boolean;
  /** Appended after the suffix (an SQS FIFO queue's `.fifo`). */
  ending?: string;
}

/** The name CloudFormation generates: `<stack>-<LogicalId>-<SUFFIX>` within `maxLength`. */
export function generatedName(stackName: string, logicalId: string, style: NameStyle): string {
  const suffix = stableToken(`${stackName}/${logicalId}`, 12);
  const ending = style.ending ?? '';
  const budget = Math.max(2, style.maxLength - suffix.length - ending.length - 2);
  let stack = stackName;
  let logical = logicalId;
  if (stack.length + logical.length > budget) {
    // Like CloudFormation, both parts are cut; the stack name keeps at most half the room.
    stack = stack.slice(0, Math.max(1, Math.min(stack.length, Math.floor(budget / 2))));
    logical = logical.slice(0, Math.max(1, budget - stack.length));
  }
  const name = `${stack}-${logical}-${suffix}${ending}`;
  return style.lowercase ? name.toLowerCase() : name;
}
