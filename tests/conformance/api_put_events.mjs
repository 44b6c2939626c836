// PutEvents records of api_errors.jsonl hold one request member that the recording replaced with
// a placeholder because of its size; api.mjs expands it before sending the request.

// The only generated request member in the corpus: put_events_too_big's 256 KiB Detail.
export function expandPutEventsRequest(request) {
  const Entries = request.Entries.map((e) =>
    typeof e.Detail === 'string' && e.Detail.startsWith('<GENERATED')
      ? { ...e, Detail: JSON.stringify({ payload: ['p'.repeat(262127)] }) }
      : e,
  );
  return { ...request, Entries };
}
