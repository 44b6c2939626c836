// Fetching and compiling ebw.wasm in a browser, with errors that say what went wrong and where: a
// failed request names the URL and the HTTP status, and a response that is not WebAssembly (a dev
// server's HTML fallback page, for one) says what came back instead of a bare CompileError.

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

export async function fetchWasm(url: string): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch (e) {
    throw new Error(`eventbridge-wasm: fetching ${url} failed: ${(e as Error).message}`);
  }
  if (!response.ok) {
    throw new Error(`eventbridge-wasm: fetching ${url} failed: HTTP ${response.status} ${response.statusText}`.trimEnd());
  }
  const bytes = await response.arrayBuffer();
  const head = new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 16));
  if (!WASM_MAGIC.every((b, i) => head[i] === b)) {
    const start = Array.from(head, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    throw new Error(
      `eventbridge-wasm: ${url} is not a WebAssembly module (HTTP ${response.status}, ` +
        `content-type ${response.headers.get('content-type') ?? 'none'}, ${bytes.byteLength} bytes starting "${start}"). ` +
        'Serve ebw.wasm from the package there, or pass locateFile or wasmBinary to init()',
    );
  }
  return bytes;
}

export async function compileWasm(bytes: ArrayBuffer | Uint8Array, url: string): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(bytes as BufferSource);
  } catch (e) {
    throw new Error(`eventbridge-wasm: cannot compile ${url}: ${(e as Error).message}`);
  }
}
