// A JSON editor: CodeMirror 6 with JSON highlighting, bracket matching, folding, search, undo, the
// AWS error position underlined in place (@codemirror/lint diagnostics) and Format on demand
// (Shift-Alt-F). Tab is left to the browser, so the keyboard moves between controls as in any form.
// Colours come from the page's CSS variables, so the light and dark themes need no reconfiguration.
import { EditorState } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  HighlightStyle,
  bracketMatching,
  ensureSyntaxTree,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
  syntaxTree,
} from '@codemirror/language';
import { lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { tags } from '@lezer/highlight';
import { formatJsonText } from './json-model.js';

const highlightStyle = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--tok-key)' },
  { tag: tags.string, color: 'var(--tok-string)' },
  { tag: tags.number, color: 'var(--tok-number)' },
  { tag: [tags.bool, tags.null], color: 'var(--tok-literal)' },
  { tag: [tags.brace, tags.squareBracket, tags.separator], color: 'var(--tok-punct)' },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--fg)',
    backgroundColor: 'var(--panel)',
    border: '1px solid var(--line)',
    borderRadius: '4px',
    fontSize: '13px',
  },
  '&.cm-focused': { outline: 'none' }, // style.css draws the focus ring as soon as focus arrives
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace', lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--selection)',
  },
  '.cm-gutters': { backgroundColor: 'var(--gutter)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--bracket)', outline: '1px solid var(--muted)' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--err-bg)' },
  '.cm-foldPlaceholder': { backgroundColor: 'var(--gutter)', border: '1px solid var(--line)', color: 'var(--muted)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-panels': { backgroundColor: 'var(--gutter)', color: 'var(--fg)' },
});

// Longest stretch of background parsing before the page gets the main thread back.
const PARSE_SLICE_MS = 8;

/**
 * The token to underline for an AWS (Jackson) error position `offset`: the token at that position
 * (AWS points at the offending character, or just inside the token being read), or when the
 * position is on a space or past the end of its line, the last token before it.
 */
function errorRange(state, offset) {
  const doc = state.doc;
  const at = Math.min(offset, doc.length);
  const tree = syntaxTree(state);
  const isToken = (node, pos) => node && !node.firstChild && node.from <= pos && pos < node.to && node.to - node.from < 200;
  const here = tree.resolveInner(at, 1);
  if (isToken(here, at)) return { from: here.from, to: here.to };
  let pos = at - 1;
  while (pos > 0 && /\s/.test(doc.sliceString(pos, pos + 1))) pos--;
  if (pos < 0) return { from: 0, to: Math.min(1, doc.length) };
  const before = tree.resolveInner(pos + 1, -1);
  if (isToken(before, pos)) return { from: before.from, to: before.to };
  return { from: pos, to: pos + 1 };
}

/**
 * Creates an editor in `parent`. `attributes` go on the editable element (data-testid, id,
 * aria-labelledby, ...). `onChange(text)` runs after every change of the text.
 */
export function createJsonEditor({ parent, doc = '', attributes = {}, onChange }) {
  let parseToken;
  let errorShown = false;
  const formatCommand = (view) => {
    const formatted = formatJsonText(view.state.doc.toString());
    if (formatted === undefined) return false;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: formatted } });
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        foldGutter(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        json(),
        syntaxHighlighting(highlightStyle),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off', ...attributes }),
        keymap.of([
          { key: 'Shift-Alt-f', run: formatCommand },
          ...defaultKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...searchKeymap,
          ...lintKeymap,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });

  return {
    view,
    get text() {
      return view.state.doc.toString();
    },
    setText(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /** Formats the text in place (keeping every token); false when it is not valid JSON. */
    format() {
      return formatCommand(view);
    },
    /** Underlines the token at `offset` (a 0-based position in the text) with `message`. */
    showError(offset, message) {
      const { from, to } = errorRange(view.state, offset);
      view.dispatch(setDiagnostics(view.state, [{ from, to, severity: 'error', message }]));
      errorShown = true;
      return { from, to };
    },
    clearError() {
      if (!errorShown) return; // no transaction (and no redraw) per keystroke
      errorShown = false;
      view.dispatch(setDiagnostics(view.state, []));
    },
    /** Focuses the editor with the selection [from, to), scrolled into view. */
    select(from, to = from) {
      view.focus();
      view.dispatch({ selection: { anchor: from, head: to }, scrollIntoView: true });
    },
    /** Offset of a 1-based line and column (AWS's positions), clamped to the text. */
    offsetAt(line, column) {
      const doc = view.state.doc;
      if (line > doc.lines) return doc.length;
      const l = doc.line(Math.max(1, line));
      return Math.min(l.to, l.from + Math.max(0, column - 1));
    },
    /**
     * Calls `done(text, tree)` with the text and its complete syntax tree, parsing what CodeMirror
     * has not parsed yet in slices of a few milliseconds (a 256 KB text takes a few hundred on a
     * busy machine), so that typing never waits for it. A later call cancels an earlier one.
     */
    whenParsed(done) {
      const token = (parseToken = {});
      const step = () => {
        if (token !== parseToken) return;
        const tree = ensureSyntaxTree(view.state, view.state.doc.length, PARSE_SLICE_MS);
        if (tree) done(view.state.doc.toString(), tree);
        else setTimeout(step, 0);
      };
      step();
    },
  };
}
