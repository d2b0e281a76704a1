// The editor's schema: exactly the HTML the server's sanitiser keeps (documents/sanitize.py,
// ALLOWED_TAGS / ALLOWED_ATTRIBUTES), so that opening stored HTML and saving it changes nothing.
// StarterKit alone would drop <sub>, <sup>, <img>, <mark>, flatten tables and add target/rel.

import Image from "@tiptap/extension-image";
import { OrderedList } from "@tiptap/extension-list";
import Subscript from "@tiptap/extension-subscript";
import Superscript from "@tiptap/extension-superscript";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import { type Extensions, Mark, mergeAttributes } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { objectUrl } from "../../api/objects";

/** What the server's sanitiser puts on every link (nh3's link_rel). */
export const LINK_REL = "noopener noreferrer nofollow";

// Marks nest in the order the schema lists them (outermost first), which the importers follow:
// link, mark, strong, em, s, u, sup, sub. StarterKit's marks have priority 100.
const Highlight = Mark.create({
  name: "highlight",
  priority: 101,
  parseHTML: () => [{ tag: "mark" }],
  renderHTML: ({ HTMLAttributes }) => ["mark", mergeAttributes(HTMLAttributes), 0],
});

// An attribute kept only when the HTML had it: no default value is ever written out.
const optional = (name: string) => ({
  default: null,
  parseHTML: (element: HTMLElement) => element.getAttribute(name),
  renderHTML: (attributes: Record<string, unknown>) =>
    attributes[name] == null ? {} : { [name]: attributes[name] },
});

// Spans written only when they are not 1, as the sanitiser's input had them; no colwidth or
// text-align: those would be style attributes, which neither the sanitiser nor the CSP allows.
const spans = {
  colspan: {
    default: 1,
    parseHTML: (element: HTMLElement) => Number(element.getAttribute("colspan") ?? 1) || 1,
    renderHTML: (attributes: Record<string, unknown>) =>
      attributes.colspan === 1 ? {} : { colspan: attributes.colspan },
  },
  rowspan: {
    default: 1,
    parseHTML: (element: HTMLElement) => Number(element.getAttribute("rowspan") ?? 1) || 1,
    renderHTML: (attributes: Record<string, unknown>) =>
      attributes.rowspan === 1 ? {} : { rowspan: attributes.rowspan },
  },
  colwidth: { default: null, rendered: false },
};

// How many leading rows sat in <thead>: written as a marker the serialiser turns back into a
// <thead> (ProseMirror tables have rows only).
const PlainTable = Table.extend({
  addAttributes: () => ({
    headRows: {
      default: 0,
      parseHTML: (element: HTMLElement) =>
        element instanceof HTMLTableElement ? (element.tHead?.rows.length ?? 0) : 0,
      renderHTML: (attributes: Record<string, unknown>) =>
        attributes.headRows ? { "data-head-rows": String(attributes.headRows) } : {},
    },
  }),
  renderHTML: ({ HTMLAttributes }) => ["table", HTMLAttributes, ["tbody", 0]],
  addNodeView: () => null,
}).configure({ resizable: false, renderWrapper: false });

const PlainCell = TableCell.extend({ addAttributes: () => spans });
const PlainHeader = TableHeader.extend({ addAttributes: () => spans });

const Lists = OrderedList.extend({
  addAttributes: () => ({ type: optional("type"), start: optional("start") }),
  renderHTML: ({ HTMLAttributes }) => ["ol", HTMLAttributes, 0],
});

// Inline (imported images sit inside paragraphs); the page shows /api/objects/… while the
// document keeps the stored key. The node view sets attributes only: no inline style.
const StoredImage = Image.extend({
  addNodeView:
    () =>
    ({ node }) => {
      const img = document.createElement("img");
      const set = (attrs: Record<string, unknown>) => {
        img.src = objectUrl(String(attrs.src ?? ""));
        for (const name of ["alt", "title", "width", "height"]) {
          const value = attrs[name];
          if (value == null) img.removeAttribute(name);
          else img.setAttribute(name, String(value));
        }
      };
      set(node.attrs);
      return {
        dom: img,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          set(updated.attrs);
          return true;
        },
      };
    },
}).configure({ inline: true, allowBase64: false });

export function editorExtensions(): Extensions {
  return [
    StarterKit.configure({
      trailingNode: false, // an empty paragraph after a table would change the stored HTML
      orderedList: false,
      link: {
        openOnClick: false,
        autolink: false,
        protocols: ["http", "https", "mailto"],
        HTMLAttributes: { target: null, rel: LINK_REL, class: null },
      },
      heading: { levels: [1, 2, 3, 4, 5, 6] },
    }),
    Lists,
    Superscript.extend({ priority: 99 }),
    Subscript.extend({ priority: 98 }),
    Highlight,
    StoredImage,
    PlainTable,
    TableRow,
    PlainHeader,
    PlainCell,
  ];
}
