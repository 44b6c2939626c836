// PutEvents records of api_errors.jsonl for the conformance runner's API pass: api.mjs (or any
// runner) calls checkPutEventsRecord(eb, record, tally) for records whose operation is PutEvents.
// "exception" records must throw the code and message; "failed-entry" records must answer
// HTTP 200 with the entry's ErrorCode/ErrorMessage.

// The only generated request member in the corpus: put_events_too_big's 256 KiB Detail.
export function expandPutEventsRequest(request) {
  const Entries = request.Entries.map((e) =>
    typeof e.Detail === 'string' && e.Detail.startsWith('<GENERATED')
      ? { ...e, Detail: JSON.stringify({ payload: ['p'.repeat(262127)] }) }
      : e,
  );
  return { ...request, Entries };
}

export async function checkPutEventsRecord(eb, rec, tally) {
  const request = expandPutEventsRequest(rec.request);
  let got;
  try {
    const out = await eb.putEvents(request);
    const failed = out.Entries.find((e) => e.ErrorCode);
    got = failed
      ? { kind: 'failed-entry', code: failed.ErrorCode, message: failed.ErrorMessage, status: out.$metadata.httpStatusCode }
      : { kind: 'ok', status: out.$metadata.httpStatusCode };
  } catch (e) {
    got = { kind: 'exception', code: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  const expected = { kind: rec.kind, code: rec.error_code, message: rec.message, status: rec.http_status };
  if (JSON.stringify(got) === JSON.stringify(expected)) tally.pass();
  else tally.fail(rec.id, JSON.stringify(expected), JSON.stringify(got));
}

// Standalone: `node tests/conformance/api_put_events.mjs` reports the PutEvents records alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { createRequire } = await import('node:module');
  const { readCorpus, Tally } = await import('./lib.mjs');
  const { EventBridge } = createRequire(import.meta.url)('eventbridge-wasm');
  const tally = new Tally('api_errors.jsonl (PutEvents)');
  for (const rec of readCorpus('api_errors.jsonl').filter((r) => r.operation === 'PutEvents')) {
    await checkPutEventsRecord(await EventBridge.create({ accountId: '123456789012', region: 'us-east-1' }), rec, tally);
  }
  tally.report();
  process.exitCode = tally.failed.length ? 1 : 0;
}
