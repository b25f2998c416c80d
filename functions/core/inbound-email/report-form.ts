/**
 * The plain-text report form that a mission may fill in, so that its e-mailed report is recorded
 * without anyone retyping it: the template in the mission's language, the reading of a filled-in
 * form into a submission body, and its errors named by the form's labels. A message without the
 * form is kept for the Secretariat to classify; nothing here guesses what it reports.
 */
import type { WorkingLanguage } from '../codes.ts';
import { formVersion, type SubmissionBody, validateSubmissionBody } from '../submissions.ts';
import type { FieldError } from '../validation.ts';
import {
  booleanWords,
  type FormField,
  fieldOfLabel,
  formMarkers,
  fromVocabulary,
  hintLine,
  type ItemKind,
  itemFields,
  kindLabels,
  kindWords,
  languageWords,
  markerWords,
  normalizeWord,
  noteFields,
} from './form-fields.ts';
import { inboundLimits } from './limits.ts';

const templateIntro = {
  en: [
    '# Write each field as "Label: value" and leave empty what does not apply; a value may go on over several lines.',
    '# Fill in the block of each kind of report the message contains (a block left empty is ignored);',
    '# to send two reports of one kind, repeat its block from its Kind line. Lines starting with # are ignored.',
  ],
  fr: [
    '# Écrivez chaque champ sous la forme « Libellé : valeur » et laissez vide ce qui ne s’applique pas ; une valeur peut continuer sur plusieurs lignes.',
    '# Remplissez le bloc de chaque type de rapport que contient le message (un bloc laissé vide est ignoré) ;',
    '# pour deux rapports du même type, répétez son bloc à partir de sa ligne Type. Les lignes commençant par # sont ignorées.',
  ],
} as const;

const blockTitles: Readonly<Record<ItemKind, Readonly<Record<WorkingLanguage, string>>>> = {
  violation: {
    en: '# A serious violation of the protection, security or safety of a mission or representative',
    fr: "# Une violation grave de la protection, de la sécurité ou de la sûreté d'une mission ou d'un représentant",
  },
  'follow-up': {
    en: '# Measures taken to bring the offender to justice, their outcome, measures to prevent a repetition',
    fr: "# Mesures prises pour traduire l'auteur en justice, leur issue, mesures de prévention",
  },
  views: {
    en: '# Views on measures needed or taken to enhance the protection of missions',
    fr: '# Vues sur les mesures nécessaires ou prises pour renforcer la protection des missions',
  },
};

/**
 * The report form as a mission copies it into an e-mail, in the mission's working language.
 * Labels of either language are read whatever the language of the form.
 */
export function structuredTemplate(language: WorkingLanguage): string {
  const separator = language === 'fr' ? ' :' : ':';
  const line = (field: FormField, value = '') => [...hintLine(field, language), `${field.labels[language]}${separator}${value === '' ? '' : ` ${value}`}`];
  const blocks = (Object.keys(blockTitles) as ItemKind[]).map((kind) => [
    '',
    blockTitles[kind][language],
    `${kindLabels[language]}${separator} ${language === 'en' ? kind : kindWords[kind]}`,
    ...itemFields.filter((field) => field.kinds?.includes(kind)).flatMap((field) => line(field)),
  ]);
  return [
    `--- ${markerWords.begin[language]} ${formVersion} ---`,
    ...templateIntro[language],
    ...line(noteFields[0]!, language),
    ...noteFields.slice(1).flatMap((field) => line(field)),
    ...blocks.flat(),
    `--- ${markerWords.end[language]} ---`,
  ].join('\n');
}

/** The file an item's Attachments line can name: what the caller describes of each stored file. */
export interface DescribedAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

export type StructuredReading<T extends DescribedAttachment> =
  | { readonly form: false }
  | { readonly form: true; readonly ok: true; readonly body: SubmissionBody; readonly attachments: (T & { readonly itemIndex: number })[] }
  | { readonly form: true; readonly ok: false; readonly errors: FieldError[] };

interface RawField {
  readonly field: FormField | 'kind';
  readonly lines: string[];
}

/** The lines between the first unquoted begin marker and its end (or a signature separator, or the end of the text). */
function formLines(text: string): { version: number; lines: string[] } | undefined {
  const all = text.replace(/\r\n?/g, '\n').split('\n');
  const markers = formMarkers();
  const start = all.findIndex((line) => !line.trimStart().startsWith('>') && markers.begin.test(normalizeWord(line)));
  if (start < 0) return undefined;
  const version = Number(markers.begin.exec(normalizeWord(all[start]!))![1]);
  const lines: string[] = [];
  for (const line of all.slice(start + 1)) {
    if (markers.end.test(normalizeWord(line)) || line.trimEnd() === '--') break;
    lines.push(line);
  }
  return { version, lines };
}

/** Groups lines into fields: a line opening with a known label starts one, other lines continue the last. */
function rawFields(lines: readonly string[]): RawField[] {
  const fields: RawField[] = [];
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('#') || trimmed.startsWith('>')) continue;
    const colon = line.indexOf(':');
    const known = colon > 0 && colon <= 80 ? fieldOfLabel(line.slice(0, colon)) : undefined;
    if (known !== undefined) fields.push({ field: known, lines: [line.slice(colon + 1)] });
    else fields.at(-1)?.lines.push(line);
  }
  return fields;
}

interface FilledField {
  readonly field: FormField;
  readonly value: string;
}

/** The note's fields, and one block per Kind line; fields left empty are dropped, and so are blocks left empty. */
function blocksOf(fields: readonly RawField[], errors: FieldError[]): { note: FilledField[]; blocks: { kind: string; fields: FilledField[] }[] } {
  const note: FilledField[] = [];
  const blocks: { kind: string; fields: FilledField[] }[] = [];
  for (const { field, lines } of fields) {
    const value = lines.join('\n').trim();
    if (field === 'kind') blocks.push({ kind: value, fields: [] });
    else if (value === '') continue;
    else if (field.kinds === undefined) note.push({ field, value });
    else if (blocks.length === 0)
      errors.push({ path: '/items', message: `must start each report with its ${kindLabels.en} line (${field.labels.en} comes before any)` });
    else blocks.at(-1)!.fields.push({ field, value });
  }
  // A block left as the template has it (its Kind line only) is not a report.
  return { note, blocks: blocks.filter((block) => block.fields.length > 0) };
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) node = (node[segment] ??= {}) as Record<string, unknown>;
  node[path.at(-1)!] = value;
}

function pointer(path: readonly (string | number)[]): string {
  return path.map((segment) => `/${segment}`).join('');
}

/** `text` without the commas and white space at its end; a loop, since a regular expression would take quadratic time on a long run. */
function trimSeparatorsEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ',' || /\s/.test(text[end - 1]!))) end -= 1;
  return text.slice(0, end);
}

/**
 * "Title, 2019, https://…" → a legislation entry; the year and link are read from the end. Each
 * pattern can only start at a link or at digits, so a line of any length is read in linear time
 * (a line of spaces and commas used to take minutes).
 */
function legislationEntry(line: string): Record<string, unknown> {
  let rest = line.trim();
  const link = /(https?:\/\/\S+)$/.exec(rest);
  if (link) rest = trimSeparatorsEnd(rest.slice(0, link.index));
  const year = /\(?(\d{4})\)?$/.exec(rest);
  if (year) rest = trimSeparatorsEnd(rest.slice(0, year.index));
  return { title: trimSeparatorsEnd(rest), ...(year ? { year: Number(year[1]) } : {}), ...(link ? { link: link[1] } : {}) };
}

function splitList(raw: string): string[] {
  return raw
    .split(/[,;\n]+/)
    .map((word) => word.trim())
    .filter((word) => word.length > 0);
}

/** A field's value as the body holds it; a word that cannot be read is passed on as written, for validation to name. */
function convert({ field, value }: FilledField, errors: FieldError[], at: string): unknown {
  switch (field.type) {
    case 'text':
      return value;
    case 'language':
      return languageWords[normalizeWord(value)] ?? value;
    case 'code':
      return value.toUpperCase();
    case 'boolean': {
      const read = booleanWords[normalizeWord(value)];
      if (read === undefined) errors.push({ path: at, message: 'must be yes or no (oui or non)' });
      return read ?? value;
    }
    case 'list':
      return splitList(value).map((word) => fromVocabulary(field.vocabulary!, word));
    case 'legislation':
      return value
        .split('\n')
        .filter((line) => line.trim().length > 0)
        .map(legislationEntry);
    case 'files':
      return splitList(value);
  }
}

/** Sets each field at its path, once; a second value for the same field is an error. */
function fill(target: Record<string, unknown>, fields: readonly FilledField[], pathOf: (field: FormField) => string, errors: FieldError[]): void {
  const seen = new Set<string>();
  for (const filled of fields) {
    const path = pathOf(filled.field);
    if (seen.has(path)) errors.push({ path, message: 'must be given once' });
    else setAt(target, filled.field.path, convert(filled, errors, path));
    seen.add(path);
  }
}

/**
 * Reads a submission from the report form in a message's text (see `structuredTemplate`):
 * `{ form: false }` when the text holds no form (a free-form message, for the Secretariat to
 * classify), otherwise the validated body or one error per field, each at the path the form
 * field fills (`/items/0/incidentDate`; `formErrorLines` names them by their labels).
 *
 * Files named on a report's Attachments line go with that report; files no report names go with
 * the first. `attachments` are the message's files as stored; each comes back with its item.
 */
export function parseStructuredReport<T extends DescribedAttachment>(text: string, now: Date, attachments: readonly T[] = []): StructuredReading<T> {
  const found = formLines(text);
  if (found === undefined) return { form: false };

  const errors: FieldError[] = [];
  const { note, blocks } = blocksOf(rawFields(found.lines), errors);
  const body: Record<string, unknown> = { formVersion: found.version };
  fill(body, note, (field) => pointer(field.path), errors);
  const items = blocks.map((block, index) => {
    const item: Record<string, unknown> = { kind: fromVocabulary(kindWords, block.kind) };
    fill(item, block.fields, (field) => pointer(['items', index, ...field.path]), errors);
    return item;
  });
  const placed = placeAttachments(
    items.map((item) => (item['attachments'] as string[] | undefined) ?? []),
    attachments,
    errors,
  );
  body['items'] = items.map((item, index) => ({
    ...item,
    attachments: placed
      .filter((attachment) => attachment.itemIndex === index)
      .map(({ fileName, contentType, size, sha256 }) => ({ fileName, contentType, size, sha256 })),
  }));

  const validation = validateSubmissionBody(body, now);
  if (!validation.ok) {
    const known = new Set(errors.map((error) => error.path));
    errors.push(...validation.errors.filter((error) => !known.has(error.path)));
  }
  if (!validation.ok || errors.length > 0) return { form: true, ok: false, errors: boundedErrors(errors) };
  return { form: true, ok: true, body: validation.value, attachments: placed };
}

/**
 * The first `inboundLimits.formErrors` errors, each message cut to `inboundLimits.formErrorChars`,
 * and a last one saying how many more there were: a form naming thousands of files that are not
 * attached must still be held, and its errors fit in the triage item and the acknowledgement.
 */
function boundedErrors(errors: readonly FieldError[]): FieldError[] {
  const cut = (message: string) => (message.length > inboundLimits.formErrorChars ? `${message.slice(0, inboundLimits.formErrorChars - 1)}…` : message);
  const kept = errors
    .slice(0, inboundLimits.formErrors)
    .map((error) => ({ path: error.path.slice(0, inboundLimits.formErrorChars), message: cut(error.message) }));
  const more = errors.length - kept.length;
  return more > 0 ? [...kept, { path: '', message: `and ${more} more ${more === 1 ? 'error' : 'errors'}: correct these first` }] : kept;
}

function placeAttachments<T extends DescribedAttachment>(
  named: readonly (readonly string[])[],
  attachments: readonly T[],
  errors: FieldError[],
): (T & { readonly itemIndex: number })[] {
  const itemOf = new Map<T, number>();
  named.forEach((names, itemIndex) => {
    for (const name of names) {
      const attachment = attachments.find((candidate) => candidate.fileName.toLowerCase() === name.toLowerCase());
      const path = pointer(['items', itemIndex, 'attachments']);
      if (attachment === undefined) errors.push({ path, message: `must name files attached to the message; ${name} is not attached` });
      else if (itemOf.has(attachment)) errors.push({ path, message: `must not name ${name}, which report ${itemOf.get(attachment)! + 1} names already` });
      else itemOf.set(attachment, itemIndex);
    }
  });
  return attachments.map((attachment) => ({ ...attachment, itemIndex: itemOf.get(attachment) ?? 0 }));
}

const reportWord = { en: 'Report', fr: 'Rapport' } as const;

/** The label of the form field an error path points at, e.g. `Report 1, Incident date`. */
function fieldLabel(path: string, language: WorkingLanguage): string {
  const segments = path.split('/').slice(1);
  if (segments[0] === 'formVersion') return `--- ${markerWords.begin[language]} ---`;
  const inItem = segments[0] === 'items' && /^\d+$/.test(segments[1] ?? '');
  const rest = inItem ? segments.slice(2) : segments;
  const fields = inItem ? itemFields : noteFields;
  const field =
    rest[0] === 'kind'
      ? undefined
      : (fields.find((candidate) => candidate.path.every((segment, index) => rest[index] === segment)) ??
        fields.find((candidate) => rest.length > 0 && rest.every((segment, index) => candidate.path[index] === segment)));
  const label = rest[0] === 'kind' ? kindLabels[language] : (field?.labels[language] ?? (rest.join('.') || reportWord[language]));
  return inItem ? `${reportWord[language]} ${Number(segments[1]) + 1}, ${label}` : label;
}

/** One line per error, named by the form's labels in `language` (the messages themselves are in English). */
export function formErrorLines(errors: readonly FieldError[], language: WorkingLanguage): string[] {
  return errors.map((error) => `${fieldLabel(error.path, language)}${language === 'fr' ? ' ' : ''}: ${error.message}`);
}
