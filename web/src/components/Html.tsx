// Content from the API: HTML that the server sanitised (an allow-list, nh3) before storing it.
export function Html({ html, className }: { html: string; className?: string }) {
  return (
    <div
      className={className}
      dir="auto"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (documents/sanitize.py); the CSP forbids inline scripts besides
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
