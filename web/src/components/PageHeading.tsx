import { type ReactNode, useEffect, useRef } from "react";

/** The page's h1, focused when the page opens so screen readers announce where we are. */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · quizflow`;
    ref.current?.focus();
  }, [title]);
  return (
    <h1 ref={ref} tabIndex={-1} dir="auto">
      {children}
    </h1>
  );
}
