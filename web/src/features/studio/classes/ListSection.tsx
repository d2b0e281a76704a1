// A class page's list section: a heading, the query's loading, error and empty states, the
// items, then whatever adds to the list (children). Members and assignments share it.
import type { UseQueryResult } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { problemText } from "../../../api/client";

export function ListSection<T>({
  id,
  title,
  query,
  loading,
  empty,
  listClass,
  item,
  children,
}: {
  id: string;
  title: string;
  query: UseQueryResult<T[]>;
  loading: string;
  empty: string;
  listClass: string;
  item: (value: T) => ReactNode;
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="class-section">
      <h2 id={id}>{title}</h2>
      {query.isPending ? (
        <p role="status">{loading}</p>
      ) : query.error ? (
        <p role="alert" className="error">
          {problemText(query.error)}
        </p>
      ) : query.data.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul className={listClass} aria-label={title}>
          {query.data.map(item)}
        </ul>
      )}
      {children}
    </section>
  );
}

/** A list item's Remove button: `remove` throws the problem to show beside it. */
export function RemoveButton({ name, remove }: { name: string; remove: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function click() {
    setBusy(true);
    setError(null);
    try {
      await remove();
    } catch (problem) {
      setError(problemText(problem));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button
        type="button"
        className="link"
        disabled={busy}
        onClick={click}
        aria-label={`Remove ${name}`}
      >
        Remove
      </button>
      {error && (
        <span role="alert" className="error">
          {" "}
          {error}
        </span>
      )}
    </>
  );
}
