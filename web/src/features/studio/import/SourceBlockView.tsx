import { Html } from "../../../components/Html";
import type { Warning } from "./sideBySideRows";
import type { SourceBlock } from "./types";

/** One block of the source document, with what the preview says about it. */
export function SourceBlockView({
  block,
  warnings,
  unused,
}: {
  block: SourceBlock;
  warnings: Warning[] | undefined;
  unused: boolean;
}) {
  const flagged = warnings !== undefined && warnings.length > 0;
  return (
    <div className={`source-block source-${block.kind}${flagged ? " flagged" : ""}`}>
      <p className="source-where">
        {block.source}
        {unused && <span className="unused"> · not used</span>}
      </p>
      <Html html={block.html} className="source-html" />
      {flagged && (
        <ul className="block-warnings">
          {warnings.map((w) => (
            <li key={w.message} dir="auto">
              <span aria-hidden="true">⚠ </span>
              <span className="visually-hidden">Warning: </span>
              {w.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
