// One tab stop for a long list of buttons (the sample catalogue, the values of the explained event):
// Tab reaches the list once, the arrow keys (and Home/End) move between its buttons, Enter or Space
// presses one. Without it a keyboard user would tab through every sample and every value.

/** Makes the buttons matching `selector` inside `container` a roving-tabindex group. */
export function rovingFocus(container, selector) {
  const buttons = () => [...container.querySelectorAll(selector)];
  const activate = (button) => {
    for (const b of buttons()) b.tabIndex = b === button ? 0 : -1;
  };
  container.addEventListener('focusin', (e) => {
    if (e.target.matches(selector)) activate(e.target);
  });
  container.addEventListener('keydown', (e) => {
    if (!e.target.matches(selector)) return;
    const all = buttons();
    const i = all.indexOf(e.target);
    const next = { ArrowDown: i + 1, ArrowRight: i + 1, ArrowUp: i - 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[e.key];
    if (next === undefined || !all[next]) return;
    e.preventDefault();
    activate(all[next]);
    all[next].focus();
  });
  return {
    /** After the buttons were re-rendered: the first one is the group's tab stop. */
    reset() {
      const all = buttons();
      all.forEach((b, i) => (b.tabIndex = i === 0 ? 0 : -1));
    },
  };
}
