// Helpers shared by the playground's browser tests.
import { Buffer } from 'node:buffer';

export async function open(ctx, viewport, hash = '') {
  const page = await ctx.newPage(viewport);
  await page.goto(`${ctx.origin}/${hash}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20_000 });
  return page;
}

/** A page opened on a state (the URL hash the page itself writes: #s=<base64url JSON>). */
export function stateHash(state) {
  return `#s=${Buffer.from(JSON.stringify(state)).toString('base64url')}`;
}

/** Waits until the text of `selector` satisfies `test` (a string: equality; a RegExp: match). */
export async function textOf(page, selector, test, timeout = 5_000) {
  const src = test instanceof RegExp ? { re: test.source, flags: test.flags } : { eq: test };
  try {
    await page.waitForFunction(({ sel, s }) => {
      const t = document.querySelector(sel)?.textContent ?? '';
      return s.eq !== undefined ? t === s.eq : new RegExp(s.re, s.flags).test(t);
    }, { sel: selector, s: src }, { timeout });
  } catch {
    const now = await page.textContent(selector);
    throw new Error(`${selector} is ${JSON.stringify(now)}, expected ${test}`);
  }
  return page.textContent(selector);
}

export const verdict = (page, test) => textOf(page, '[data-testid=verdict]', test);
export const payload = (page, test) => textOf(page, '[data-testid=payload]', test);

/**
 * The text of a CodeMirror editor by its data-testid: its rendered lines (every line of the short
 * texts the tests use is rendered).
 */
export function editorText(page, testid) {
  return page.$eval(`[data-testid=${testid}]`, (el) => [...el.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));
}

/** The AWS error an API call throws, as "Name: message". */
export function awsError(fn) {
  try {
    fn();
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
  throw new Error('expected an AWS error');
}

/** The 1-based line and columns [from, to) that an element's text spans in its CodeMirror line. */
export function lineAndColumns(page, selector) {
  return page.$eval(selector, (el) => {
    const line = el.closest('.cm-line');
    const lines = [...el.closest('.cm-content').querySelectorAll('.cm-line')];
    const range = document.createRange();
    range.setStart(line, 0);
    range.setEndBefore(el);
    const from = range.toString().length + 1;
    return { line: lines.indexOf(line) + 1, from, to: from + el.textContent.length, text: el.textContent };
  });
}
