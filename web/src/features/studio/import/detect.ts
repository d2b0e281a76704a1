// Which API reads a file: the document importers or the question-bank readers. Files only a
// document importer takes go there at once; anything else is offered to the banks first,
// whose own detection (by content) answers 415 for a file that is no bank.
const DOCUMENT_EXTENSIONS = [".docx", ".md", ".markdown", ".html", ".htm", ".gdoc"];
const TEXT_EXTENSIONS = [".txt", ".md", ".markdown", ".gift", ".aiken", ".text"];

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

export function isDocumentOnly(name: string): boolean {
  return DOCUMENT_EXTENSIONS.includes(extension(name));
}

/** A file an author can edit as plain text before previewing it again. */
export function isEditableText(file: File): boolean {
  return TEXT_EXTENSIONS.includes(extension(file.name)) || file.type.startsWith("text/plain");
}

export const ACCEPTED = ".docx,.txt,.md,.html,.htm,.gdoc,.gift,.aiken,.xml,.zip";
