// Turning what an author pastes or picks into the list of addresses the API takes, and the
// API's refusal ("row 2: 'x' is not an email address; …") back into errors beside each entry.

/** Pasted text: one address per line or separated by commas/semicolons; blanks dropped. */
export function parsePasted(text: string): string[] {
  return text
    .split(/[\n\r,;]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** A CSV file's rows: the first column of each (quotes removed), a header row `email` and
 * blank rows skipped. */
export function parseCsv(text: string): string[] {
  const rows: string[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  lines.forEach((line, index) => {
    const cell = firstCell(line).trim();
    if (!cell) return;
    if (index === 0 && /^(e-?mail|email address)$/i.test(cell)) return;
    rows.push(cell);
  });
  return rows;
}

function firstCell(line: string): string {
  const text = line.trimStart();
  if (!text.startsWith('"')) return text.split(",", 1)[0] ?? "";
  let cell = "";
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else break;
    } else cell += char;
  }
  return cell;
}

export type RowError = { row: number; entry: string; message: string };

/** The rows the API refused, each with the entry we sent (row 1 is the first); [] when the
 * problem names none. Two shapes: request validation (`errors[].loc` ["body", "emails", i])
 * and the service's "row N: 'x' is not an email address; …" detail. */
export function rowErrors(problem: unknown, sent: readonly string[]): RowError[] {
  const found = new Map<number, RowError>();
  const body = (problem ?? {}) as { detail?: unknown; errors?: unknown };
  if (Array.isArray(body.errors)) {
    for (const err of body.errors as { loc?: unknown; msg?: unknown }[]) {
      const loc = Array.isArray(err.loc) ? err.loc.map(String) : [];
      const at = loc.indexOf("emails");
      const index = Number(loc[at + 1]);
      if (at < 0 || !Number.isInteger(index)) continue;
      const entry = sent[index] ?? "";
      const msg = String(err.msg ?? "");
      const message = /pattern|email/i.test(msg) ? "not an email address" : msg;
      found.set(index + 1, { row: index + 1, entry, message });
    }
  }
  const detail = typeof body.detail === "string" ? body.detail : "";
  if (found.size === 0) {
    for (const match of detail.matchAll(/row (\d+): ([^;]+)/g)) {
      const row = Number(match[1]);
      const message = (match[2] ?? "").trim();
      found.set(row, { row, entry: sent[row - 1] ?? "", message });
    }
  }
  return [...found.values()].sort((a, b) => a.row - b.row);
}
