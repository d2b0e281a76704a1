// A save met a newer copy (412): show theirs, and let the author choose; nothing is overwritten
// without that choice.
import type { ReactNode } from "react";

export function ConflictPanel({
  theirs,
  onUseTheirs,
  onKeepMine,
}: {
  theirs: ReactNode;
  onUseTheirs: () => void;
  onKeepMine: () => void;
}) {
  return (
    <div className="conflict" role="alert">
      <p>
        <strong>Changed in another tab or by someone else.</strong> Your version is still in the
        editor; theirs is:
      </p>
      <div className="theirs">{theirs}</div>
      <div className="actions">
        <button type="button" className="button" onClick={onUseTheirs}>
          Use theirs
        </button>
        <button type="button" className="button" onClick={onKeepMine}>
          Keep mine
        </button>
      </div>
    </div>
  );
}
