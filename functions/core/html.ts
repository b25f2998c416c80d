/**
 * Escaping of text placed in HTML, element content or quoted attribute values alike: one
 * function for every page and document the system writes from State-provided text.
 */
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character]!);
}
