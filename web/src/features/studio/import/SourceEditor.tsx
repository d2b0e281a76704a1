import { type FormEvent, useEffect, useId, useState } from "react";

/** A text source as text: fix it here and preview it again, before anything is imported. */
export function SourceEditor({
  text,
  onPreview,
  disabled,
}: {
  text: string;
  onPreview: (edited: string) => void;
  disabled: boolean;
}) {
  const id = useId();
  const [edited, setEdited] = useState(text);
  useEffect(() => setEdited(text), [text]);
  function submit(event: FormEvent) {
    event.preventDefault();
    onPreview(edited);
  }
  return (
    <form onSubmit={submit} className="source-editor">
      <label htmlFor={id}>Source text</label>
      <textarea
        id={id}
        dir="auto"
        rows={12}
        spellCheck={false}
        value={edited}
        onChange={(e) => setEdited(e.currentTarget.value)}
      />
      <button type="submit" disabled={disabled || edited === text}>
        Preview again
      </button>
    </form>
  );
}
