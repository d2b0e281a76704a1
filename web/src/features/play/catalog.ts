// The catalogue's pure pieces: a link's #fragment read, a class's dates said in the learner's
// language, and whether the catalogue has any class to group by.
import type { components } from "../../api/schema";

export type CatalogGroup = components["schemas"]["CatalogGroup"];
export type CatalogClass = components["schemas"]["CatalogClass"];
type Entry = components["schemas"]["CatalogEntry"];

/** One value of a `#a=1&b=2` fragment (links carry codes there: never sent to servers). */
export function hashParam(hash: string, name: string): string {
  return new URLSearchParams(hash.replace(/^#/, "")).get(name)?.trim() ?? "";
}

function day(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(new Date(iso));
}

/** "Due 17 Jan 2027" / "Opens on 10 Jan 2027" for the entry's assignment to that class. */
export function dateLabels(entry: Entry, classId: string | null, locale?: string): string[] {
  const assigned = entry.classes?.find((c) => c.class_id === classId);
  if (!assigned) return [];
  const labels: string[] = [];
  if (!assigned.is_open && assigned.open_at)
    labels.push(`Opens on ${day(assigned.open_at, locale)}`);
  if (assigned.due_at) labels.push(`Due ${day(assigned.due_at, locale)}`);
  return labels;
}

/** The groups worth a heading: with no class at all, the catalogue stays one plain list. */
export function byClass(groups: CatalogGroup[]): { classes: CatalogGroup[]; other: Entry[] } {
  const classes = groups.filter((g) => g.class_id !== null && g.entries.length > 0);
  const other = groups.filter((g) => g.class_id === null).flatMap((g) => g.entries);
  return { classes, other };
}
