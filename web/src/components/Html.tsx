// Content from the API: HTML that the server sanitised (an allow-list, nh3) before storing it.
import { useMemo } from "react";
import { withObjectUrls } from "../api/objects";

export function Html({ html, className }: { html: string; className?: string }) {
  // Stored images are named by their key; the browser loads them from /api/objects/….
  const shown = useMemo(() => withObjectUrls(html), [html]);
  return (
    <div
      className={className}
      dir="auto"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (documents/sanitize.py); the CSP forbids inline scripts besides
      dangerouslySetInnerHTML={{ __html: shown }}
    />
  );
}
