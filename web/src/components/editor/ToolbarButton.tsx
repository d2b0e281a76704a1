import type { ReactNode } from "react";

/** A toolbar button: toggles say whether they are on (aria-pressed); actions omit it. */
export function ToolbarButton({
  label,
  onClick,
  pressed,
  disabled,
  first,
  children,
}: {
  label: string;
  onClick: () => void;
  pressed?: boolean;
  disabled?: boolean;
  first?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="rte-button"
      aria-label={label}
      title={label}
      aria-pressed={pressed}
      disabled={disabled}
      tabIndex={first ? 0 : -1}
      // Keep the selection in the document: a click must not blur the editor first.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}
