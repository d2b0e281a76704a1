// The editor's document as the HTML the server stores: ProseMirror wraps every list item's and
// table cell's text in <p>, has no <thead>, and orders attributes its own way; the sanitiser's
// output (documents/sanitize.py, nh3) does none of that. This undoes the differences, so that
// serialize(parse(stored)) === stored for what the importers and this editor write.
import { LINK_REL } from "./extensions";

// Attribute order as the importers write it (nh3 keeps the order it was given, then adds rel).
const ATTRIBUTE_ORDER: Record<string, readonly string[]> = {
  A: ["href", "title", "rel"],
  IMG: ["src", "alt", "title", "width", "height"],
  OL: ["type", "start"],
  TD: ["colspan", "rowspan"],
  TH: ["colspan", "rowspan"],
};

/** Blocks that start a document: anything else at the start means the HTML was inline text. */
const BLOCK_START = /^\s*<(p|h[1-6]|ul|ol|table|blockquote|pre|hr)\b/i;

/** Whether stored HTML is inline content (a choice's text), not a sequence of blocks. */
export function isInlineHtml(html: string): boolean {
  return html.trim() !== "" && !BLOCK_START.test(html);
}

export function serializeHtml(editorHtml: string, { inline }: { inline: boolean }): string {
  const template = document.createElement("template");
  template.innerHTML = editorHtml;
  const root = template.content;
  for (const cell of root.querySelectorAll("li, td, th")) unwrapLoneParagraph(cell);
  for (const table of root.querySelectorAll("table")) restoreHead(table);
  for (const element of root.querySelectorAll("*")) orderAttributes(element);
  const blocks = [...root.childNodes];
  if (blocks.length === 1 && isBareParagraph(blocks[0])) {
    const only = blocks[0] as HTMLElement;
    if (only.childNodes.length === 0) return "";
    if (inline) return only.innerHTML;
  }
  return template.innerHTML;
}

function isBareParagraph(node: Node | undefined): boolean {
  return node instanceof HTMLElement && node.tagName === "P" && node.attributes.length === 0;
}

// <li><p>text</p><ul>…</ul></li> → <li>text<ul>…</ul></li>; a cell's lone paragraph likewise.
function unwrapLoneParagraph(element: Element): void {
  const paragraphs = [...element.children].filter((child) => child.tagName === "P");
  const first = element.firstChild;
  if (paragraphs.length !== 1 || first !== paragraphs[0] || !isBareParagraph(first)) return;
  if (element.tagName !== "LI" && element.childNodes.length !== 1) return;
  first.replaceWith(...first.childNodes);
}

function restoreHead(table: HTMLTableElement): void {
  const count = Number(table.getAttribute("data-head-rows") ?? 0);
  table.removeAttribute("data-head-rows");
  const body = table.tBodies[0];
  if (!body || count <= 0) return;
  const head = document.createElement("thead");
  for (const row of [...body.rows].slice(0, count)) head.append(row);
  table.insertBefore(head, body);
  if (body.rows.length === 0) body.remove();
}

function orderAttributes(element: Element): void {
  element.removeAttribute("style");
  if (element.tagName === "A") element.setAttribute("rel", LINK_REL);
  const order = ATTRIBUTE_ORDER[element.tagName];
  if (!order) return;
  const values = order
    .map((name) => [name, element.getAttribute(name)] as const)
    .filter((pair): pair is readonly [string, string] => pair[1] !== null);
  for (const attribute of [...element.attributes]) element.removeAttribute(attribute.name);
  for (const [name, value] of values) element.setAttribute(name, value);
}
