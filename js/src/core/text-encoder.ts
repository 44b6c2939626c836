// The one UTF-8 encoder the matcher writes events with, created on first use rather than when the
// package is imported: Jest's jsdom environment has no global TextEncoder, and the Node entry point
// supplies Node's own (platform/node.ts).

let create: () => TextEncoder = () => new TextEncoder();
let shared: TextEncoder | undefined;

export function registerTextEncoder(factory: () => TextEncoder): void {
  create = factory;
  shared = undefined;
}

export function textEncoder(): TextEncoder {
  return (shared ??= create());
}
