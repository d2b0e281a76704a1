// Insert an image: choose a file, upload it as a stored object, ask for its text alternative.
import type { Editor } from "@tiptap/react";
import { type ChangeEvent, type ReactNode, useCallback, useRef, useState } from "react";
import { useApi } from "../../api/context";
import { uploadObject } from "../../api/objects";

export function useImageUpload(editor: Editor): {
  choose: () => void;
  input: ReactNode;
  error: string | null;
} {
  const api = useApi();
  const ref = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = useCallback(() => ref.current?.click(), []);
  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setError(null);
    try {
      const stored = await uploadObject(api, file);
      const alt = window.prompt("Describe the image for people who cannot see it", "") ?? "";
      editor.chain().focus().setImage({ src: stored.key, alt }).run();
    } catch (failure) {
      setError(`The image was not added: ${(failure as Error).message}`);
    }
  };
  const input = (
    <input
      ref={ref}
      type="file"
      accept="image/png,image/jpeg,image/gif,image/webp"
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      onChange={onChange}
    />
  );
  return { choose, input, error };
}
