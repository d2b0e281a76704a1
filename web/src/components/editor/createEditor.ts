// One place that builds the editor from stored HTML and turns it back into stored HTML, used by
// the component and by the round-trip test alike.
import { Editor, type EditorOptions } from "@tiptap/react";
import { editorExtensions } from "./extensions";
import { isInlineHtml, serializeHtml } from "./serialize";

export const editorOptions = (html: string): Partial<EditorOptions> => ({
  extensions: editorExtensions(),
  content: html,
  // The CSP refuses inline styles: its rules are in styles.css instead.
  injectCSS: false,
  // Word text keeps its runs of spaces; ProseMirror would fold them by default.
  parseOptions: { preserveWhitespace: true },
});

/** Whether this field's HTML is written without a wrapping <p> (as choices are imported). */
export const writesInline = (initial: string, inlineWhenEmpty: boolean): boolean =>
  initial.trim() === "" ? inlineWhenEmpty : isInlineHtml(initial);

export function editorHtml(editor: Editor, inline: boolean): string {
  return serializeHtml(editor.getHTML(), { inline });
}

/** Open `html` in a detached editor and save it unchanged (what the round-trip test checks). */
export function roundTrip(html: string): string {
  const editor = new Editor({ ...editorOptions(html), element: document.createElement("div") });
  try {
    return editorHtml(editor, writesInline(html, false));
  } finally {
    editor.destroy();
  }
}
