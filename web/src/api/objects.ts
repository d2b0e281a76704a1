import { type Api, problemText } from "./client";
import type { components } from "./schema";

// Stored HTML names an image by its content key, `objects/ab/<sha256>.<ext>` (the only image
// source the server's sanitiser keeps); the browser fetches it from the API at /api/objects/….
// The mapping happens only when displaying, so the stored HTML never changes.
const STORED_KEY = /^objects\/([0-9a-f]{2})\/\1[0-9a-f]{62}\.[a-z0-9]{1,16}$/;

/** Whether `src` is one of our stored objects' keys. */
export function isObjectKey(src: string): boolean {
  return STORED_KEY.test(src);
}

/** The URL a browser loads an image from: `/api/objects/…` for a stored key, else unchanged. */
export function objectUrl(src: string): string {
  return isObjectKey(src) ? `/api/${src}` : src;
}

/** The same HTML with every stored image key mapped to its URL, for showing it in a page. */
export function withObjectUrls(html: string): string {
  if (!html.includes("objects/")) return html;
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const img of template.content.querySelectorAll("img")) {
    const src = img.getAttribute("src");
    if (src && isObjectKey(src)) img.setAttribute("src", objectUrl(src));
  }
  return template.innerHTML;
}

export type StoredObject = components["schemas"]["ObjectRead"];

/** Upload an image (png, jpeg, gif, webp) as a stored object: POST /objects. */
export async function uploadObject(api: Api, file: File): Promise<StoredObject> {
  const form = new FormData();
  form.append("file", file);
  const { data, error } = await api.POST("/objects", {
    // The schema types the part as a string; the browser sends the file itself, as multipart.
    body: { file: file.name },
    bodySerializer: () => form,
  });
  if (!data) throw new Error(problemText(error));
  return data;
}
