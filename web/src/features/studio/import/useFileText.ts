import { useEffect, useState } from "react";

/** The text of a file chosen in the browser (null until read, or for no file). */
export function useFileText(file: File | null): string | null {
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    setText(null);
    if (file) void file.text().then((read) => current && setText(read));
    return () => {
      current = false;
    };
  }, [file]);
  return text;
}
