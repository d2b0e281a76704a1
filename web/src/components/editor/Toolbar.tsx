// The formatting toolbar: one tab stop, arrow keys between buttons, toggles report aria-pressed.
import { type Editor, useEditorState } from "@tiptap/react";
import { TableButtons } from "./TableButtons";
import { ToolbarButton } from "./ToolbarButton";
import { useRovingFocus } from "./useRovingFocus";

export function Toolbar({
  editor,
  label,
  onLink,
  onImage,
}: {
  editor: Editor;
  label: string;
  onLink: () => void;
  onImage: () => void;
}) {
  const onKeyDown = useRovingFocus();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      underline: e.isActive("underline"),
      strike: e.isActive("strike"),
      subscript: e.isActive("subscript"),
      superscript: e.isActive("superscript"),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      link: e.isActive("link"),
      table: e.isActive("table"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  return (
    <div
      role="toolbar"
      aria-label={`${label}: formatting`}
      className="rte-toolbar"
      onKeyDown={onKeyDown}
    >
      <ToolbarButton
        first
        label="Bold"
        pressed={state.bold}
        onClick={() => chain().toggleBold().run()}
      >
        <b>B</b>
      </ToolbarButton>
      <ToolbarButton
        label="Italic"
        pressed={state.italic}
        onClick={() => chain().toggleItalic().run()}
      >
        <i>I</i>
      </ToolbarButton>
      <ToolbarButton
        label="Underline"
        pressed={state.underline}
        onClick={() => chain().toggleUnderline().run()}
      >
        <u>U</u>
      </ToolbarButton>
      <ToolbarButton
        label="Strikethrough"
        pressed={state.strike}
        onClick={() => chain().toggleStrike().run()}
      >
        <s>S</s>
      </ToolbarButton>
      <ToolbarButton
        label="Subscript"
        pressed={state.subscript}
        onClick={() => chain().toggleSubscript().run()}
      >
        x<sub>2</sub>
      </ToolbarButton>
      <ToolbarButton
        label="Superscript"
        pressed={state.superscript}
        onClick={() => chain().toggleSuperscript().run()}
      >
        x<sup>2</sup>
      </ToolbarButton>
      <ToolbarButton
        label="Bullet list"
        pressed={state.bulletList}
        onClick={() => chain().toggleBulletList().run()}
      >
        •≡
      </ToolbarButton>
      <ToolbarButton
        label="Numbered list"
        pressed={state.orderedList}
        onClick={() => chain().toggleOrderedList().run()}
      >
        1.≡
      </ToolbarButton>
      <ToolbarButton label="Link" pressed={state.link} onClick={onLink}>
        🔗
      </ToolbarButton>
      <ToolbarButton
        label="Table"
        pressed={state.table}
        disabled={state.table}
        onClick={() => chain().insertTable({ rows: 2, cols: 2, withHeaderRow: false }).run()}
      >
        ▦
      </ToolbarButton>
      {state.table && <TableButtons editor={editor} />}
      <ToolbarButton label="Image" onClick={onImage}>
        🖼
      </ToolbarButton>
      <ToolbarButton label="Undo" disabled={!state.canUndo} onClick={() => chain().undo().run()}>
        ↶
      </ToolbarButton>
      <ToolbarButton label="Redo" disabled={!state.canRedo} onClick={() => chain().redo().run()}>
        ↷
      </ToolbarButton>
    </div>
  );
}
