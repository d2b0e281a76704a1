// A rich-text field whose HTML is exactly what the server stores (see extensions.ts and
// serialize.ts): opening a value and leaving it alone never changes it.
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect, useRef } from "react";
import { editorHtml, editorOptions, writesInline } from "./createEditor";
import { Toolbar } from "./Toolbar";
import { useImageUpload } from "./useImageUpload";
import { useLinkPrompt } from "./useLinkPrompt";

export function RichTextEditor({
  label,
  value,
  onChange,
  onBlur,
  inline = false,
  invalid = false,
  describedBy,
}: {
  /** The field's accessible name (also the toolbar's). */
  label: string;
  /** The HTML it opens with; a new value needs a new `key` (the editor owns its document). */
  value: string;
  onChange: (html: string) => void;
  onBlur?: () => void;
  /** A single paragraph is written without its <p> (a choice), when the value is empty. */
  inline?: boolean;
  invalid?: boolean;
  describedBy?: string;
}) {
  const inlineRef = useRef(writesInline(value, inline));
  // The editor keeps the callbacks it was made with: read the latest ones through refs.
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onBlurRef = useRef(onBlur);
  onBlurRef.current = onBlur;
  const attributes = {
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": label,
    ...(invalid ? { "aria-invalid": "true" } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
    class: "rte-content",
    dir: "auto",
  };
  const attributesKey = JSON.stringify(attributes);
  const editor = useEditor({
    ...editorOptions(value),
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: { attributes },
    onUpdate: ({ editor: e }) => onChangeRef.current(editorHtml(e, inlineRef.current)),
    onBlur: () => onBlurRef.current?.(),
  });
  // The editor keeps the attributes it was made with: a question that moved is renamed.
  useEffect(() => {
    editor.setOptions({ editorProps: { attributes: JSON.parse(attributesKey) } });
  }, [editor, attributesKey]);
  const onLink = useLinkPrompt(editor);
  const image = useImageUpload(editor);
  return (
    <div className="rte">
      <Toolbar editor={editor} label={label} onLink={onLink} onImage={image.choose} />
      {image.input}
      {image.error && (
        <p role="alert" className="error">
          {image.error}
        </p>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
