// Shown while the cursor is in a table: grow or shrink it.
import type { Editor } from "@tiptap/react";
import { ToolbarButton } from "./ToolbarButton";

export function TableButtons({ editor }: { editor: Editor }) {
  const chain = () => editor.chain().focus();
  return (
    <>
      <ToolbarButton label="Add row" onClick={() => chain().addRowAfter().run()}>
        +row
      </ToolbarButton>
      <ToolbarButton label="Remove row" onClick={() => chain().deleteRow().run()}>
        −row
      </ToolbarButton>
      <ToolbarButton label="Add column" onClick={() => chain().addColumnAfter().run()}>
        +col
      </ToolbarButton>
      <ToolbarButton label="Remove column" onClick={() => chain().deleteColumn().run()}>
        −col
      </ToolbarButton>
    </>
  );
}
