// PutEvents from a box of entries, shared by rules mode and "Your stack": the entries' text parsed,
// sent, every delivery settled, and the outcome as one line.

/**
 * PutEvents of `text` (a JSON array of PutEvents entries, or one entry), then flush() so that every
 * delivery has happened. Returns { entries, response }, or undefined after writing why into `status`.
 */
export async function putEntries(eb, text, status) {
  let entries;
  try {
    entries = JSON.parse(text);
  } catch (e) {
    status.textContent = `Entries are not valid JSON: ${e.message}`;
    return undefined;
  }
  if (!Array.isArray(entries)) entries = [entries];
  try {
    const response = await eb.putEvents({ Entries: entries });
    await eb.flush();
    return { entries, response };
  } catch (e) {
    status.textContent = `PutEvents: ${e.name}: ${e.message}`;
    return undefined;
  }
}

/** "PutEvents: 2 entries accepted, 1 failed (entry 3: ValidationException: ...)". */
export function acceptedText({ entries, response }) {
  const failed = response.FailedEntryCount ?? 0;
  const ok = entries.length - failed;
  const errors = (response.Entries ?? [])
    .map((x, i) => (x.ErrorCode ? `entry ${i + 1}: ${x.ErrorCode}: ${x.ErrorMessage}` : ''))
    .filter(Boolean);
  return `PutEvents: ${ok} entr${ok === 1 ? 'y' : 'ies'} accepted, ${failed} failed${errors.length ? ` (${errors.join('; ')})` : ''}`;
}
