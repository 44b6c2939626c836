// patterns.jsonl (AWS-recorded) and patterns_moto.jsonl through the public TestEventPattern API.
import { readCorpus, Tally } from './lib.mjs';

const text = (r, textKey, valueKey) =>
  typeof r[textKey] === 'string' ? r[textKey] : typeof r[valueKey] === 'string' ? r[valueKey] : JSON.stringify(r[valueKey]);

function outcome(eb, pattern, event) {
  try {
    return { verdict: eb.testEventPattern({ EventPattern: pattern, Event: event }).Result ? 'match' : 'no-match' };
  } catch (e) {
    return { verdict: 'invalid', code: e.name, message: String(e.message).split('\n')[0] };
  }
}

export function runPatterns(eb, file, options) {
  const tally = new Tally(file, options);
  for (const r of readCorpus(file)) {
    const got = outcome(eb, text(r, 'pattern_json', 'pattern'), text(r, 'event_json', 'event'));
    let ok = got.verdict === r.expect;
    if (ok && r.expect === 'invalid') ok = got.code === r.error_code && got.message === r.message;
    if (ok) {
      tally.pass();
    } else {
      const expected = r.expect === 'invalid' ? `invalid ${r.error_code}: ${r.message}` : r.expect;
      const gotText = got.verdict === 'invalid' ? `invalid ${got.code}: ${got.message}` : got.verdict;
      tally.fail(r.id, expected, gotText);
    }
  }
  return tally;
}
