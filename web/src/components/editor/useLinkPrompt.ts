import type { Editor } from "@tiptap/react";
import { useCallback } from "react";

const ALLOWED = /^(https?:\/\/|mailto:)/i;

/** Ask for a link's address (empty removes it); only what the sanitiser keeps is accepted. */
export function useLinkPrompt(editor: Editor): () => void {
  return useCallback(() => {
    const current = editor.getAttributes("link").href as string | undefined;
    const answer = window.prompt(
      "Link address (https://… or mailto:…); empty removes it",
      current ?? "https://",
    );
    if (answer === null) return;
    const href = answer.trim();
    const chain = editor.chain().focus().extendMarkRange("link");
    if (href === "" || href === "https://") chain.unsetLink().run();
    else if (ALLOWED.test(href)) chain.setLink({ href }).run();
    else window.alert("A link must start with https://, http:// or mailto:.");
  }, [editor]);
}
