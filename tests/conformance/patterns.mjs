// patterns.jsonl (AWS-recorded) and patterns_moto.jsonl through the public TestEventPattern API.
// An error is compared in full: AWS's whole message (message_raw: the reason, Jackson's location
// suffix where AWS gives one, and a repeated suffix where AWS repeats it); records without it (the
// mock's) are compared on their first line.
import { readCorpus, Tally } from './lib.mjs';

const text = (r, textKey, valueKey) =>
  typeof r[textKey] === 'string' ? r[textKey] : typeof r[valueKey] === 'string' ? r[valueKey] : JSON.stringify(r[valueKey]);

function outcome(eb, pattern, event) {
  try {
    return { verdict: eb.testEventPattern({ EventPattern: pattern, Event: event }).Result ? 'match' : 'no-match' };
  } catch (e) {
    return { verdict: 'invalid', code: e.name, message: String(e.message) };
  }
}

export function runPatterns(eb, file, options) {
  const tally = new Tally(file, options);
  let whole = 0;
  let firstLine = 0;
  for (const r of readCorpus(file)) {
    const got = outcome(eb, text(r, 'pattern_json', 'pattern'), text(r, 'event_json', 'event'));
    let ok = got.verdict === r.expect;
    let want = r.message;
    if (r.expect === 'invalid') {
      const full = typeof r.message_raw === 'string';
      want = full ? r.message_raw : r.message;
      const message = got.message === undefined || full ? got.message : got.message.split('\n')[0];
      ok = ok && got.code === r.error_code && message === want;
      if (full) whole++;
      else firstLine++;
    }
    if (ok) {
      tally.pass();
    } else {
      const expected = r.expect === 'invalid' ? `invalid ${r.error_code}: ${JSON.stringify(want)}` : r.expect;
      const gotText = got.verdict === 'invalid' ? `invalid ${got.code}: ${JSON.stringify(got.message)}` : got.verdict;
      tally.fail(r.id, expected, gotText);
    }
  }
  if (whole || firstLine) tally.note = `${whole} error texts compared whole` + (firstLine ? `, ${firstLine} on their first line` : '');
  return tally;
}
