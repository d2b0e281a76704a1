// The assignment's dates: a datetime-local input's value ("2027-01-10T08:00", the browser's
// local time) to an ISO instant with the browser's offset, and back.

const pad = (n: number) => String(n).padStart(2, "0");

/** "2027-01-10T08:00" (local) → "2027-01-10T08:00:00+01:00"; "" → null; garbage → undefined. */
export function localToIso(value: string): string | null | undefined {
  if (!value.trim()) return null;
  const match = value.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(y as number, (mo as number) - 1, d, h, mi, s || 0);
  if (Number.isNaN(date.getTime())) return undefined;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** An ISO instant → the datetime-local value of the same moment in the browser's time. */
export function isoToLocal(iso: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}
