/**
 * The full texts of replies, posted online (the report of the Secretary-General does not annex
 * them): a static site of one cycle, built from its submissions and the States registry.
 *
 * Only submissions whose `publishFullText` decision is true are published, and the site is built
 * from those alone, so a reply kept from publication leaves no trace in it: no page, no link, no
 * attachment, no reference. A published follow-up that answers a reply not published names no
 * reference or incident id for it (the ids embed the reference of the report that opened the
 * incident).
 *
 * The result is a list of files: pages with their content, and attachments to be copied from the
 * evidence bucket by key (checked against their SHA-256 digest by whoever copies them).
 */

import type { Cycle } from '../cycles.ts';
import { isWithdrawn } from '../decisions.ts';
import { compareReferences } from '../references.ts';
import { compareStatesEnglish, type State } from '../states.ts';
import { englishDate, englishList as list, type StateNames } from '../submission-text.ts';
import { type FollowUpItem, type StoredAttachment, type Submission, type SubmissionItem, type ViewsItem, type ViolationItem } from '../submissions.ts';
import { type Html, href, html, languageAttributes, languageNames, lines, page, stylesheet, stylesheetPath } from './html.ts';

export interface PageFile {
  readonly kind: 'page';
  readonly path: string;
  readonly contentType: string;
  readonly content: string;
}

export interface AttachmentFile {
  readonly kind: 'attachment';
  readonly path: string;
  readonly contentType: string;
  /** The object in the evidence bucket to copy. */
  readonly key: string;
  readonly size: number;
  readonly sha256: string;
}

export type SiteFile = PageFile | AttachmentFile;

export interface SiteInput {
  readonly cycle: Pick<Cycle, 'id' | 'resolution' | 'paragraphs'>;
  /** The States registry, for names and English alphabetical order. */
  readonly states: readonly State[];
  /** The cycle's submissions, published or not: those of other cycles are left out too. */
  readonly submissions: readonly Submission[];
  /** When the site was built (an ISO instant), printed at the foot of each page. */
  readonly generatedAt: string;
}

const htmlType = 'text/html; charset=utf-8';

export function isPublished(submission: Submission): boolean {
  return submission.decisions.publishFullText.value && !isWithdrawn(submission);
}

export function replyPath(reference: string): string {
  return `replies/${reference}.html`;
}

/**
 * Where an attachment goes: beside its reply page, numbered in the submission's order so that two
 * files of the same name stay apart, with anything but letters, digits, dots, dashes and
 * underscores in the name replaced.
 */
export function attachmentPath(reference: string, index: number, fileName: string): string {
  return `replies/${reference}/${index + 1}-${fileName.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-')}`;
}

export function buildSite(input: SiteInput): SiteFile[] {
  const published = input.submissions.filter((submission) => submission.cycleId === input.cycle.id && isPublished(submission));
  const registry = new Map(input.states.map((state) => [state.code, state]));
  const name: StateNames = (code) => registry.get(code)?.nameEn ?? code;
  const context: Context = {
    cycle: input.cycle,
    name,
    siteTitle: `Replies of States under General Assembly resolution ${input.cycle.id}`,
    footer: html`<p>Full texts of the replies received by the Secretary-General under resolution ${input.cycle.id}, “${input.cycle.resolution.title}”, whose publication was agreed. Compiled on ${englishDate(input.generatedAt.slice(0, 10))}.</p>`,
    publishedReferences: new Set(published.map((submission) => submission.reference)),
  };
  const byState = new Map<string, Submission[]>();
  for (const submission of [...published].sort(compareReplies))
    byState.set(submission.reportingState, [...(byState.get(submission.reportingState) ?? []), submission]);
  // English alphabetical order; a State no longer in the registry (named by its code) comes last.
  const order = [
    ...input.states
      .filter((state) => byState.has(state.code))
      .sort(compareStatesEnglish)
      .map((state) => state.code),
    ...[...byState.keys()].filter((code) => !registry.has(code)).sort(),
  ];
  return [
    {
      kind: 'page',
      path: 'index.html',
      contentType: htmlType,
      content: indexPage(
        order.map((code) => ({ code, replies: byState.get(code)! })),
        context,
      ),
    },
    { kind: 'page', path: stylesheetPath, contentType: 'text/css; charset=utf-8', content: stylesheet },
    ...published.flatMap((submission): SiteFile[] => [
      { kind: 'page', path: replyPath(submission.reference), contentType: htmlType, content: replyPage(submission, context) },
      ...submission.attachments.map(
        (attachment, index): AttachmentFile => ({
          kind: 'attachment',
          path: attachmentPath(submission.reference, index, attachment.fileName),
          contentType: attachment.contentType,
          key: attachment.key,
          size: attachment.size,
          sha256: attachment.sha256,
        }),
      ),
    ]),
  ];
}

interface Context {
  readonly cycle: SiteInput['cycle'];
  readonly name: StateNames;
  readonly siteTitle: string;
  readonly footer: Html;
  readonly publishedReferences: ReadonlySet<string>;
}

/** A State's replies in the order it sent them: by the date of its note, then as received. */
function compareReplies(a: Submission, b: Submission): number {
  return a.note.date.localeCompare(b.note.date) || a.receivedAt.localeCompare(b.receivedAt) || compareReferences(a.reference, b.reference);
}

function indexPage(groups: readonly { code: string; replies: readonly Submission[] }[], context: Context): string {
  const replies = groups.reduce((count, group) => count + group.replies.length, 0);
  const anchor = (code: string) => `state-${code}`;
  const body = html`<h1>${context.siteTitle}</h1>
<p>${context.cycle.resolution.title} (${context.cycle.resolution.symbol} of ${englishDate(context.cycle.resolution.adoptedOn)}).</p>
<p>The full texts of the replies of States, by State in English alphabetical order: ${replies} ${replies === 1 ? 'reply' : 'replies'} from ${groups.length} ${groups.length === 1 ? 'State' : 'States'}.</p>
${
  groups.length === 0
    ? html`<p>No reply has been published.</p>`
    : html`<nav aria-labelledby="states-heading"><h2 id="states-heading">States</h2>
<ul class="states">${groups.map((group) => html`<li><a href="#${anchor(group.code)}">${context.name(group.code)}</a></li>`)}</ul>
</nav>
${groups.map(
  (group) => html`<section aria-labelledby="${anchor(group.code)}">
<h2 id="${anchor(group.code)}">${context.name(group.code)}</h2>
<ul>${group.replies.map((reply) => html`<li><a href="${href(replyPath(reply.reference))}">Note of ${englishDate(reply.note.date)}</a>: ${kindsOf(reply, context)}</li>`)}</ul>
</section>
`,
)}`
}`;
  return page({ title: context.siteTitle, siteTitle: context.siteTitle, root: '', body, footer: context.footer });
}

function kindLabel(kind: SubmissionItem['kind'], cycle: SiteInput['cycle']): string {
  const { reporting, views } = cycle.paragraphs;
  if (kind === 'violation') return `report of a serious violation (paragraph ${reporting} (a))`;
  if (kind === 'follow-up') return `follow-up report (paragraph ${reporting} (b))`;
  return `views (paragraph ${views})`;
}

function kindsOf(submission: Submission, context: Context): string {
  return list([...new Set(submission.items.map((item) => item.kind))].map((kind) => kindLabel(kind, context.cycle)));
}

function replyPage(submission: Submission, context: Context): string {
  const state = context.name(submission.reportingState);
  const title = `${state}: note of ${englishDate(submission.note.date)}`;
  const original = languageAttributes(submission.language);
  const body = html`<p><a href="${href('../index.html', `state-${submission.reportingState}`)}">All replies of ${state}</a></p>
<h1>${title}</h1>
<dl class="fields">
${lines([
  field('State', state),
  field('Date of the note', englishDate(submission.note.date)),
  submission.note.reference && field('Reference of the note', html`<span${original}>${submission.note.reference}</span>`),
  field('Received', englishDate(submission.receivedAt.slice(0, 10))),
  field('Reference', submission.reference),
  field('Contents', kindsOf(submission, context)),
  field('Language of the original', languageNames[submission.language]),
])}
</dl>
${submission.items.map((item, index) => itemSection(submission, item, index, context))}`;
  return page({ title: `${title} — ${context.siteTitle}`, siteTitle: context.siteTitle, root: '../', body, footer: context.footer });
}

function itemSection(submission: Submission, item: SubmissionItem, index: number, context: Context): Html {
  const id = `item-${index + 1}`;
  const heading = kindLabel(item.kind, context.cycle);
  const fields =
    item.kind === 'violation'
      ? violationFields(item, submission, context)
      : item.kind === 'follow-up'
        ? followUpFields(item, submission, context)
        : viewsFields(item, submission);
  const attachments = submission.attachments
    .map((attachment, position) => ({ attachment, position }))
    .filter(({ attachment }) => attachment.itemIndex === index);
  return html`<section aria-labelledby="${id}">
<h2 id="${id}">${index + 1}. ${heading.charAt(0).toUpperCase()}${heading.slice(1)}</h2>
<dl class="fields">
${fields}
</dl>
${
  attachments.length > 0 &&
  html`<h3>Attachments</h3>
<ul>${attachments.map(({ attachment, position }) => html`<li>${attachmentLink(submission.reference, position, attachment)}</li>`)}</ul>`
}
</section>
`;
}

function attachmentLink(reference: string, position: number, attachment: StoredAttachment): Html {
  // The link is relative to the reply page, which sits in replies/ beside the attachments' folder.
  const target = attachmentPath(reference, position, attachment.fileName).slice('replies/'.length);
  return html`<a href="${href(target)}" download="${attachment.fileName}" type="${attachment.contentType}">${attachment.fileName}</a> <span class="muted">(${fileType(attachment.contentType)}, ${fileSize(attachment.size)})</span>`;
}

function violationFields(item: ViolationItem, submission: Submission, context: Context): Html {
  const original = languageAttributes(submission.language);
  const offender = item.allegedOffender;
  return lines([
    field('Place', html`${item.city ? html`<span${original}>${item.city}</span>, ` : ''}${context.name(item.occurredIn)}`),
    item.placeDetails && field('Details of the place', text(item.placeDetails, submission)),
    field('Date of the incident', `${englishDate(item.incidentDate)}${item.incidentTime ? `, ${item.incidentTime} local time` : ''}`),
    field('Affected', `${list(item.affected.kinds.map(plain))} of ${context.name(item.affected.missionState)}`),
    field('Kind of violation', list(item.violationKinds.map(plain))),
    field('Facts', text(item.facts, submission)),
    field(
      'Alleged offender',
      [
        offender.known ? 'known' : 'unknown',
        offender.detained === undefined ? undefined : offender.detained ? 'detained' : 'not detained',
        offender.presentIn && `present in ${context.name(offender.presentIn)}`,
      ]
        .filter(Boolean)
        .join(', '),
    ),
    item.actionRequestedOrTaken && field('Action requested or taken', text(item.actionRequestedOrTaken, submission)),
  ]);
}

function followUpFields(item: FollowUpItem, submission: Submission, context: Context): Html {
  return lines([
    field('In answer to', answered(item.answers, context)),
    item.justiceMeasures &&
      field(`Measures to bring the offender to justice (${list(item.justiceMeasures.taken.map(plain))})`, text(item.justiceMeasures.description, submission)),
    item.outcomeOfProceedings &&
      field(`Outcome of the proceedings (${item.outcomeOfProceedings.final ? 'final' : 'not final'})`, text(item.outcomeOfProceedings.description, submission)),
    item.preventiveMeasures &&
      field(`Measures to prevent a repetition (${list(item.preventiveMeasures.taken.map(plain))})`, text(item.preventiveMeasures.description, submission)),
  ]);
}

/** The report a follow-up answers: linked when published, otherwise not named at all. */
function answered(answers: string, context: Context): Html | string {
  // An incident id is `INC-<reference of the report that opened it>-<item>`.
  const reference = answers.startsWith('INC-') ? answers.slice('INC-'.length).replace(/-\d+$/, '') : answers;
  if (!context.publishedReferences.has(reference)) return 'a report of a serious violation';
  return html`<a href="${href(`${reference}.html`)}">${answers}</a>`;
}

function viewsFields(item: ViewsItem, submission: Submission): Html {
  const original = languageAttributes(submission.language);
  return lines([
    field('Views', text(item.text, submission)),
    item.legislation.length > 0 &&
      field(
        'Legislation',
        html`<ul>${item.legislation.map(
          (entry) =>
            html`<li><span${original}>${entry.title}</span> (${entry.year})${entry.link && /^https?:\/\//i.test(entry.link) ? html`, <a href="${entry.link}" rel="external noreferrer">${entry.link}</a>` : ''}</li>`,
        )}</ul>`,
      ),
  ]);
}

function field(label: string, value: Html | string): Html {
  return html`<dt>${label}</dt><dd>${value}</dd>`;
}

/** Text the State wrote, in the language of its communication, line breaks kept. */
function text(value: string, submission: Submission): Html {
  return html`<div class="text"${languageAttributes(submission.language)}>${value}</div>`;
}

const plain = (kind: string) => kind.replaceAll('-', ' ');

const fileTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/msword': 'Word',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'text/plain': 'text',
};

function fileType(contentType: string): string {
  return fileTypes[contentType] ?? contentType;
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
