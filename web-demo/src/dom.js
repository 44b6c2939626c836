// The small DOM helpers the page's modules share.

/** A new element with an optional class name and text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The element with this id. */
export function byId(id) {
  return document.getElementById(id);
}
