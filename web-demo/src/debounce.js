// Deferring work until calls stop, shared by the page's modes.

/**
 * `fn`, called once calls stop for `ms` milliseconds (a number, or a function giving it when a call
 * arrives). `.now(...args)` runs it at once and cancels the pending call.
 */
export function debounce(fn, ms) {
  let timer;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), typeof ms === 'function' ? ms() : ms);
  };
  run.now = (...args) => {
    clearTimeout(timer);
    fn(...args);
  };
  return run;
}
