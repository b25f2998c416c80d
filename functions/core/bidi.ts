/**
 * Bidirectional controls in State-provided text. A right-to-left override (U+202E) in a city's
 * name reverses what follows it in a note, a page or the report, so that a reader sees other
 * text than was written (Unicode Technical Report #36, "Bidirectional Text Spoofing"). Every
 * output built from State-provided text strips them, through this one function, at its
 * rendering boundary: the notes (text, HTML and PDF: functions/core/notes/index.ts), the
 * published site (functions/core/publication/html.ts) and the Secretary-General's report
 * (functions/core/report/compile.ts). The CLI shows them escaped instead (cli/output.ts).
 *
 * Stripped: the embeddings and overrides U+202A–U+202E, the isolates U+2066–U+2069, the marks
 * U+200E (LRM), U+200F (RLM) and U+061C (ALM). Text in Arabic or Hebrew needs none of them to
 * display in its own direction; what the marks adjust at its edges is presentation only.
 */

/** Every bidirectional control, for matching (global). */
export const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(bidiControls, '');
}

/**
 * `value` with every string in it (in arrays and plain objects, at any depth) stripped of
 * bidirectional controls; other objects (dates, maps) are kept as they are. A copy: the value
 * given is not changed.
 */
export function withoutBidiControlsIn<T>(value: T): T {
  if (typeof value === 'string') return withoutBidiControls(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutBidiControlsIn(item)) as T;
  if (value !== null && typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutBidiControlsIn(item)])) as T;
  }
  return value;
}
