// The condition's tree as POST /conditions/parse answers it (CONTRACT.md item 4), and the
// builder's own editable shape: groups of rows, each with a "not". Text is generated here,
// in the same spelling the server's formatter uses, so the text box shows what will be stored.

export type ScoreOp = ">=" | ">" | "<=" | "<" | "==" | "!=";

export type Tree =
  | { kind: "default" }
  | { kind: "correct" }
  | { kind: "incorrect" }
  | { kind: "answer_is"; label: string }
  | { kind: "answer_is_not"; label: string }
  | { kind: "answer_in"; labels: string[] }
  | { kind: "answer_set_is"; labels: string[] }
  | { kind: "answer_has"; label: string }
  | { kind: "score"; op: ScoreOp; value: number }
  | { kind: "text_contains"; text: string }
  | { kind: "text_matches"; pattern: string }
  | { kind: "not"; operand: Tree }
  | { kind: "and"; operands: Tree[] }
  | { kind: "or"; operands: Tree[] };

/** A test the builder shows on one row: every leaf of the language but `default`. */
export type Test = Exclude<Tree, { kind: "default" | "not" | "and" | "or" }>;
export type TestKind = Test["kind"];

export type Row = { type: "row"; id: number; negated: boolean; test: Test };
export type Group = {
  type: "group";
  id: number;
  negated: boolean;
  op: "and" | "or";
  children: BuilderNode[];
};
export type BuilderNode = Row | Group;

export const SCORE_OPS: ScoreOp[] = [">=", ">", "<=", "<", "==", "!="];

let nextId = 1;
/** A fresh id for a row or group (React keys and label suffixes). */
export function newId(): number {
  nextId += 1;
  return nextId;
}

/** A test of the given kind, filled with sensible defaults (the first choice label). */
export function blankTest(kind: TestKind, labels: string[]): Test {
  const first = labels[0] ?? "A";
  switch (kind) {
    case "answer_is":
    case "answer_is_not":
    case "answer_has":
      return { kind, label: first };
    case "answer_in":
    case "answer_set_is":
      return { kind, labels: [first] };
    case "score":
      return { kind, op: ">=", value: 1 };
    case "text_contains":
      return { kind, text: "" };
    case "text_matches":
      return { kind, pattern: "" };
    default:
      return { kind };
  }
}

export function blankRow(labels: string[]): Row {
  return { type: "row", id: newId(), negated: false, test: blankTest("answer_is", labels) };
}

export function blankGroup(labels: string[]): Group {
  return { type: "group", id: newId(), negated: false, op: "and", children: [blankRow(labels)] };
}

/** The builder's form of a parsed tree: a group at the top; null for `default`. */
export function fromTree(tree: Tree): Group | null {
  if (tree.kind === "default") return null;
  const node = toNode(tree);
  return node.type === "group" ? node : { ...blankGroupShell(), children: [node] };
}

function blankGroupShell(): Group {
  return { type: "group", id: newId(), negated: false, op: "and", children: [] };
}

function toNode(tree: Exclude<Tree, { kind: "default" }>): BuilderNode {
  if (tree.kind === "not") {
    const inner = toNode(tree.operand as Exclude<Tree, { kind: "default" }>);
    if (!inner.negated) return { ...inner, negated: true };
    return { ...blankGroupShell(), negated: true, children: [inner] };
  }
  if (tree.kind === "and" || tree.kind === "or") {
    const children: BuilderNode[] = [];
    for (const operand of tree.operands) {
      const child = toNode(operand as Exclude<Tree, { kind: "default" }>);
      // (a and b) and c reads as one group of three, as the author most likely wrote it.
      if (child.type === "group" && child.op === tree.kind && !child.negated)
        children.push(...child.children);
      else children.push(child);
    }
    return { type: "group", id: newId(), negated: false, op: tree.kind, children };
  }
  return { type: "row", id: newId(), negated: false, test: tree };
}

/** Whether the server's tree uses only what the builder can show. */
export function isBuildable(tree: unknown): tree is Tree {
  if (!tree || typeof tree !== "object" || !("kind" in tree)) return false;
  const node = tree as Record<string, unknown>;
  switch (node.kind) {
    case "default":
    case "correct":
    case "incorrect":
      return true;
    case "answer_is":
    case "answer_is_not":
    case "answer_has":
      return typeof node.label === "string";
    case "answer_in":
    case "answer_set_is":
      return Array.isArray(node.labels) && node.labels.every((l) => typeof l === "string");
    case "score":
      return typeof node.value === "number" && SCORE_OPS.includes(node.op as ScoreOp);
    case "text_contains":
      return typeof node.text === "string";
    case "text_matches":
      return typeof node.pattern === "string";
    case "not":
      return isBuildable(node.operand) && (node.operand as Tree).kind !== "default";
    case "and":
    case "or":
      return (
        Array.isArray(node.operands) &&
        node.operands.length > 0 &&
        node.operands.every((o) => isBuildable(o) && (o as Tree).kind !== "default")
      );
    default:
      return false;
  }
}

const PRECEDENCE = { or: 1, and: 2, not: 3, atom: 4 } as const;

/** The condition's text, e.g. `answer == A and score >= 3`; `default` for no group. */
export function toText(group: Group | null): string {
  if (!group) return "default";
  return render(group).text || "default";
}

type Rendered = { text: string; level: number };

function render(node: BuilderNode): Rendered {
  const inner = node.type === "row" ? renderTest(node.test) : renderGroup(node);
  if (!node.negated || !inner.text) return inner;
  return { text: `not ${wrap(inner, PRECEDENCE.not)}`, level: PRECEDENCE.not };
}

function renderGroup(group: Group): Rendered {
  const parts = group.children.map(render).filter((part) => part.text);
  if (parts.length === 0) return { text: "", level: PRECEDENCE.atom };
  if (parts.length === 1 && parts[0]) return parts[0];
  const level = PRECEDENCE[group.op];
  return { text: parts.map((p) => wrap(p, level + 1)).join(` ${group.op} `), level };
}

function wrap(part: Rendered, atLeast: number): string {
  return part.level >= atLeast ? part.text : `(${part.text})`;
}

function labelList(labels: string[]): string {
  return `[${[...labels]
    .map((l) => l.toUpperCase())
    .sort()
    .join(", ")}]`;
}

/** A string literal of the language: backslashes and quotes escaped, newlines as \n. */
export function quote(text: string): string {
  const escaped = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return `"${escaped}"`;
}

function renderTest(test: Test): Rendered {
  const atom = (text: string): Rendered => ({ text, level: PRECEDENCE.atom });
  switch (test.kind) {
    case "answer_is":
      return atom(`answer == ${test.label.toUpperCase()}`);
    case "answer_is_not":
      return atom(`answer != ${test.label.toUpperCase()}`);
    case "answer_has":
      return atom(`answer has ${test.label.toUpperCase()}`);
    case "answer_in":
      return atom(`answer in ${labelList(test.labels)}`);
    case "answer_set_is":
      return atom(`answer == ${labelList(test.labels)}`);
    case "correct":
    case "incorrect":
      return atom(test.kind);
    case "score":
      return atom(`score ${test.op} ${test.value}`);
    case "text_contains":
      return atom(`text contains ${quote(test.text)}`);
    case "text_matches":
      return atom(`text matches ${quote(test.pattern)}`);
  }
}
