/**
 * The report of the Secretary-General as a document: masthead, summary, sections of numbered
 * paragraphs, quotations and tables. The renderers (Markdown, HTML, DOCX) turn the same model
 * into each format, so that the three never say different things.
 *
 * Text is held as runs of plain text, never markup: every renderer escapes it for its format.
 * A run marked `draft` is a passage the drafter must write or check before the report is issued
 * ("[Summary to be drafted: …]"); the renderers make it stand out.
 */

export interface Run {
  readonly text: string;
  readonly draft?: true;
}

export type Text = readonly Run[];

export type Block =
  /** A paragraph of the body: it carries the document's next paragraph number, one sequence through all sections. */
  | { readonly kind: 'paragraph'; readonly text: Text }
  /** Quoted text, e.g. the operative paragraphs of the resolution. */
  | { readonly kind: 'quote'; readonly text: Text }
  /** A lettered subsection heading within a section ("A. Vienna Convention on Diplomatic Relations, 1961"). */
  | { readonly kind: 'subheading'; readonly text: string }
  | { readonly kind: 'table'; readonly caption: string; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };

export interface Section {
  /** "I. Introduction". */
  readonly heading: string;
  readonly blocks: readonly Block[];
}

export interface Masthead {
  /** "A/79/[…]" until the symbol is assigned; "A/79/[…]/Add.1" for an addendum. */
  readonly symbol: string;
  readonly organ: string;
  readonly distribution: string;
  /** "1 July 2024". */
  readonly date: string;
  readonly original: string;
  /** "Seventy-ninth session". */
  readonly session: string;
  /** "Item 82 of the provisional agenda". */
  readonly agendaItem: Text;
  /** The title of the agenda item, which is the title of the resolution. */
  readonly itemTitle: string;
  /** "Report of the Secretary-General". */
  readonly title: string;
  /** "Addendum", for an addendum. */
  readonly subtitle?: string;
}

export interface ReportDocument {
  readonly masthead: Masthead;
  /** What the drafter must know before editing (left-out replies, unconfirmed settings, data sources); not part of the report. */
  readonly draftingNotes: readonly Text[];
  /** The summary paragraph under the title; an addendum has none. */
  readonly summary?: Text;
  readonly sections: readonly Section[];
}

/**
 * Characters no document may carry: control characters, which XML 1.0 forbids (save line breaks
 * and tabs, made spaces first), unpaired surrogates and U+FFFE/U+FFFF, any of which would make a
 * .docx unreadable. States' text is checked for length, not for these.
 */
const unprintable = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu;

/** Text fit for a paragraph: line breaks and runs of spaces made one space, unprintable characters dropped. */
function printable(text: string): string {
  return text.replace(/\s+/g, ' ').replace(unprintable, '');
}

/** A passage for the drafter, in square brackets as United Nations drafts mark them. */
export function draft(text: string): Run {
  return { text: `[${printable(text)}]`, draft: true };
}

export function paragraph(text: Text): Block {
  return { kind: 'paragraph', text };
}

/** The text of runs, without marks (for counting, tests and plain output). */
export function plainText(text: Text): string {
  return text.map((part) => part.text).join('');
}

/** Text from runs and strings (made printable), runs side by side merged where they can be, so renderers write fewer runs. */
export function joinRuns(parts: readonly (Run | string)[]): Text {
  const merged: Run[] = [];
  for (const part of parts) {
    const next = typeof part === 'string' ? { text: printable(part) } : part;
    if (next.text === '') continue;
    const last = merged.at(-1);
    if (last && !last.draft && !next.draft) merged[merged.length - 1] = { text: last.text + next.text };
    else merged.push(next);
  }
  return merged;
}
