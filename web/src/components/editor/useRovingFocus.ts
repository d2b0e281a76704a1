// A toolbar is one tab stop: arrow keys move between its buttons (WAI-ARIA toolbar pattern).
import { type KeyboardEvent, useCallback } from "react";

const KEYS = new Set(["ArrowLeft", "ArrowRight", "Home", "End"]);

export function useRovingFocus(): (event: KeyboardEvent<HTMLElement>) => void {
  return useCallback((event: KeyboardEvent<HTMLElement>) => {
    if (!KEYS.has(event.key)) return;
    const buttons = [
      ...event.currentTarget.querySelectorAll<HTMLButtonElement>("button:not([disabled])"),
    ];
    if (buttons.length === 0) return;
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    let next = 0;
    if (event.key === "End") next = buttons.length - 1;
    else if (event.key === "ArrowRight") next = (at + 1) % buttons.length;
    else if (event.key === "ArrowLeft") next = (at - 1 + buttons.length) % buttons.length;
    event.preventDefault();
    for (const button of buttons) button.tabIndex = -1;
    const target = buttons[next];
    if (target) {
      target.tabIndex = 0;
      target.focus();
    }
  }, []);
}
