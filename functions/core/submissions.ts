/**
 * What States send: reports of violations (para 11(a) of resolution 77/108), follow-up reports
 * (11(b)) and views (13), and the submission the Secretariat records when one arrives.
 *
 * The Secretary-General's guidelines for reports (A/42/485, annex) could not be obtained: the
 * fields are derived from the resolution and from how the Secretary-General summarizes reports.
 * The form is versioned (`formVersion`) so that stored submissions keep their meaning when it
 * changes.
 */
import * as z from 'zod/mini';
import { isoDateSchema, isoInstantSchema, officialLanguageSchema, stateCodeSchema } from './codes.ts';
import { decisionsSchema, defaultDecisions } from './decisions.ts';
import { parseReference, referenceSchema } from './references.ts';
import {
  type AttachmentContentType,
  affectedKinds,
  attachmentTypes,
  formVersion,
  justiceMeasureKinds,
  preventiveMeasureKinds,
  submissionLimits,
  violationKinds,
} from './submission-vocabularies.ts';
import { fieldErrors, ruleParams, type Validation } from './validation.ts';

// The form's vocabularies and limits, which the schemas below are built from, are part of this
// module's interface too; they live apart so that a page that only lists them (the form's, in
// api-documents; the portal's) does not build every schema of the form when it loads.
export * from './submission-vocabularies.ts';

/** The characters of every text in a value: its strings, at any depth. */
function textLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((total: number, element) => total + textLength(element), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((total: number, element) => total + textLength(element), 0);
  return 0;
}

const attachmentContentTypes = Object.keys(attachmentTypes) as [AttachmentContentType, ...AttachmentContentType[]];

// ---------------------------------------------------------------------------------------------
// Building blocks

/**
 * C0 and C1 control characters (and DEL) other than tab, line feed and carriage return. Stored
 * as sent, they would reach every reader of the text: an ESC or BEL in a city clears or retitles
 * an officer's terminal, a NUL cuts a line short in some readers. No report needs them.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/** The first control character in a text, as `U+001B`, if it holds one that is refused. */
export function refusedControlCharacter(value: string): string | undefined {
  const found = controlCharacter.exec(value)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const controlCharacterMessage = 'must not contain control characters other than line breaks and tabs';

function withoutControls<T extends z.ZodMiniType<string>>(schema: T, checked: boolean): T {
  return checked
    ? schema.check(
        z.superRefine((value, context) => {
          const found = refusedControlCharacter(value);
          if (found !== undefined)
            context.addIssue({ code: 'custom', message: `${controlCharacterMessage} (${found} found)`, params: ruleParams('controlCharacters', found) });
        }),
      )
    : schema;
}

function text(maxLength: number, checked: boolean) {
  return withoutControls(z.string().check(z.trim(), z.minLength(1), z.maxLength(maxLength)), checked);
}

function uniqueList<const T extends readonly [string, ...string[]]>(values: T) {
  return z.array(z.enum(values)).check(
    z.minLength(1),
    z.refine((list) => new Set(list).size === list.length, { message: 'must not list the same value twice', params: ruleParams('duplicate') }),
  );
}

/**
 * The earliest date each kind of date may carry, and why: a date before it is a typing error
 * (0001-01-01 would otherwise be published as "1 January 1").
 */
export const earliestDates = {
  /** The Vienna Convention on Diplomatic Relations, the protections this procedure reports on, is of 1961. */
  incident: { date: '1961-01-01', reason: 'the year of the Vienna Convention on Diplomatic Relations' },
  /** The reporting procedure itself dates from General Assembly resolution 35/168 (1980). */
  note: { date: '1980-01-01', reason: 'the year of resolution 35/168, which set up this reporting procedure' },
} as const;

/**
 * A date that is not in the future anywhere on Earth (`latest` is today's date in the last time
 * zone to reach it) nor before `earliest`. Both bounds are checked on input only (`latest` given).
 */
function pastDate(latest: string | undefined, earliest: (typeof earliestDates)[keyof typeof earliestDates]) {
  return isoDateSchema.check(
    z.refine((date) => latest === undefined || date <= latest, { message: 'must be a date no later than today', params: ruleParams('afterToday') }),
    z.refine((date) => latest === undefined || date >= earliest.date, {
      message: `must be a date no earlier than ${earliest.date} (${earliest.reason})`,
      params: ruleParams('beforeEarliest', earliest.date),
    }),
  );
}

function latestDateOnEarth(now: Date): string {
  const utcPlus14 = 14 * 60 * 60 * 1000;
  return new Date(now.getTime() + utcPlus14).toISOString().slice(0, 10);
}

/** Checks that read several fields run only on input whose fields are each valid, so a field is never blamed for another's fault. */
const whenFieldsValid = { when: (payload: { readonly issues: readonly unknown[] }) => payload.issues.length === 0 };

const fileNameSchema = z.string().check(
  z.minLength(1),
  z.maxLength(255),
  z.refine(
    (name) => !/[/\\]/.test(name) && !/[\n\r\t]/.test(name) && refusedControlCharacter(name) === undefined,
    'must be a file name without folders or control characters',
  ),
);

const sha256Schema = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest: 64 lower-case hexadecimal characters'));

const attachmentFields = {
  fileName: fileNameSchema,
  contentType: z.enum(attachmentContentTypes),
  size: z.int().check(z.gte(1), z.lte(submissionLimits.attachmentBytes, `must be at most ${submissionLimits.attachmentBytes / 1024 / 1024} MiB`)),
  sha256: sha256Schema,
};

function checkFileNameEnding(attachment: { fileName: string; contentType: AttachmentContentType }, context: z.core.$RefinementCtx): void {
  const endings: readonly string[] = attachmentTypes[attachment.contentType];
  if (!endings.some((ending) => attachment.fileName.toLowerCase().endsWith(ending))) {
    context.addIssue({ code: 'custom', path: ['fileName'], message: `must end in ${endings.join(' or ')} for ${attachment.contentType}` });
  }
}

/** An attachment as described in the form; the file itself travels separately and is checked against its size and digest. */
const attachmentSchema = z.strictObject(attachmentFields).check(z.superRefine(checkFileNameEnding, whenFieldsValid));

const attachmentListSchema = z._default(z.array(attachmentSchema).check(z.maxLength(submissionLimits.attachmentsPerItem)), []);

/**
 * The State's circulation preference. Paragraph 12(b) circulates every report to all States on
 * receipt "unless the reporting State requests otherwise": circulating is the default.
 */
const circulateSchema = z._default(z.boolean(), true);

/** An incident's id: `INC-`, the reference of the report that opened it, and the item number (see incidents.ts). */
export const incidentIdPattern = /^INC-MPR-\d{4}-(?:\d{4}|[1-9]\d{4,})-[1-9]\d*$/;

// ---------------------------------------------------------------------------------------------
// The form, one schema per kind of report

/**
 * The form's schemas. With `latestDate` (checking what arrives now) every bound applies; without
 * it (reading what is stored, describing the form) only the shape does, so that a submission
 * accepted under the rules of its day still reads.
 */
function formSchemas(latestDate: string | undefined) {
  const checked = latestDate !== undefined;
  const violation = z
    .strictObject({
      kind: z.literal('violation'),
      /** The State where the violation took place (the territorial State). */
      occurredIn: stateCodeSchema,
      city: z.optional(text(submissionLimits.shortText, checked)),
      placeDetails: z.optional(text(submissionLimits.mediumText, checked)),
      incidentDate: pastDate(latestDate, earliestDates.incident),
      /** Local time at the place of the incident. */
      incidentTime: z.optional(z.string().check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'a local time as HH:MM on the 24-hour clock'))),
      affected: z.strictObject({
        kinds: uniqueList(affectedKinds),
        /** The State whose mission or representative was affected (usually the reporting State). */
        missionState: stateCodeSchema,
      }),
      violationKinds: uniqueList(violationKinds),
      facts: text(submissionLimits.longText, checked),
      allegedOffender: z.strictObject({
        known: z.boolean(),
        detained: z.optional(z.boolean()),
        /** Another State where the alleged offender is present: 11(b) asks it, where possible, to report too. */
        presentIn: z.optional(stateCodeSchema),
      }),
      actionRequestedOrTaken: z.optional(text(submissionLimits.mediumText, checked)),
      circulate: circulateSchema,
      attachments: attachmentListSchema,
    })
    .check(
      z.superRefine((item, context) => {
        if (item.allegedOffender.presentIn === item.occurredIn) {
          context.addIssue({
            code: 'custom',
            path: ['allegedOffender', 'presentIn'],
            message: 'must be a State other than the one where the violation took place (leave it out otherwise)',
            params: ruleParams('sameState'),
          });
        }
      }, whenFieldsValid),
    );

  const followUp = z
    .strictObject({
      kind: z.literal('follow-up'),
      /** The incident this follow-up answers: its id, or the reference of the violation report. */
      answers: z.string().check(
        z.refine((value) => incidentIdPattern.test(value) || parseReference(value) !== undefined, {
          message: 'must be an incident id (e.g. INC-MPR-2024-0042-1) or the reference of the violation report (e.g. MPR-2024-0042)',
          params: ruleParams('incidentReference'),
        }),
      ),
      justiceMeasures: z.optional(z.strictObject({ taken: uniqueList(justiceMeasureKinds), description: text(submissionLimits.longText, checked) })),
      /** The outcome of proceedings; 11(b) asks for the final outcome "in time", so it may come in a later follow-up. */
      outcomeOfProceedings: z.optional(z.strictObject({ final: z.boolean(), description: text(submissionLimits.longText, checked) })),
      preventiveMeasures: z.optional(z.strictObject({ taken: uniqueList(preventiveMeasureKinds), description: text(submissionLimits.longText, checked) })),
      circulate: circulateSchema,
      attachments: attachmentListSchema,
    })
    .check(
      z.refine((item) => item.justiceMeasures !== undefined || item.outcomeOfProceedings !== undefined || item.preventiveMeasures !== undefined, {
        message: 'must report measures to bring the offender to justice, the outcome of proceedings or preventive measures',
        params: ruleParams('noMeasures'),
        ...whenFieldsValid,
      }),
    );

  /** Views under para 13 are not reports under para 11: they carry no circulation preference of their own. */
  const views = z.strictObject({
    kind: z.literal('views'),
    text: text(submissionLimits.longText, checked),
    legislation: z._default(
      z
        .array(
          z.strictObject({
            title: text(submissionLimits.mediumText, checked),
            year: z.int().check(z.gte(1800), z.lte(2100)),
            link: z.optional(withoutControls(z.url({ protocol: /^https?$/ }).check(z.maxLength(2000)), checked)),
          }),
        )
        .check(z.maxLength(submissionLimits.legislationEntries)),
      [],
    ),
    attachments: attachmentListSchema,
  });

  const item = z.discriminatedUnion('kind', [violation, followUp, views]);

  const note = z.strictObject({
    /** The date of the State's note, the date the Secretary-General's report quotes after the State's name. */
    date: pastDate(latestDate, earliestDates.note),
    reference: z.optional(text(submissionLimits.shortText, checked)),
  });

  const bodyFields = {
    formVersion: z.literal(formVersion),
    /** The official language the communication is written in. */
    language: officialLanguageSchema,
    /** A submission is one communication, usually one note verbale, which may mix kinds of report. */
    note,
    items: z.array(item).check(z.minLength(1), z.maxLength(submissionLimits.itemsPerSubmission)),
    /**
     * The State's own choice of the three decisions, each optional: circulate to all States
     * (12(b): yes unless it asks otherwise), publish the full text, may be summarized in the
     * report of the Secretary-General. A report item's `circulate: false` also asks for no
     * circulation.
     */
    requests: z.optional(
      z.strictObject({
        circulate: z.optional(z.boolean()),
        publishFullText: z.optional(z.boolean()),
        summarize: z.optional(z.boolean()),
      }),
    ),
  };

  const body = z.strictObject(bodyFields).check(
    z.superRefine((submission, context) => {
      const attachments = submission.items.flatMap((entry) => entry.attachments);
      if (attachments.length > submissionLimits.attachmentsPerSubmission) {
        context.addIssue({
          code: 'custom',
          path: ['items'],
          message: `must carry at most ${submissionLimits.attachmentsPerSubmission} attachments in all`,
          params: ruleParams('tooManyAttachments', submissionLimits.attachmentsPerSubmission),
        });
      }
      if (textLength(submission) > submissionLimits.submissionTextChars) {
        context.addIssue({
          code: 'custom',
          path: ['items'],
          message: `must hold at most ${submissionLimits.submissionTextChars} characters of text in all; send long texts as attachments`,
          params: ruleParams('textTooLong', submissionLimits.submissionTextChars),
        });
      }
      if (attachments.reduce((total, attachment) => total + attachment.size, 0) > submissionLimits.submissionAttachmentBytes) {
        context.addIssue({
          code: 'custom',
          path: ['items'],
          message: `must carry at most ${submissionLimits.submissionAttachmentBytes / 1024 / 1024} MiB of attachments in all`,
          params: ruleParams('attachmentsTooLarge', submissionLimits.submissionAttachmentBytes / 1024 / 1024),
        });
      }
      submission.items.forEach((entry, index) => {
        if (entry.kind === 'violation' && entry.incidentDate > submission.note.date) {
          context.addIssue({
            code: 'custom',
            path: ['items', index, 'incidentDate'],
            message: `must not be after the date of the note (${submission.note.date})`,
            params: ruleParams('afterNoteDate', submission.note.date),
          });
        }
      });
    }, whenFieldsValid),
  );

  return { violation, followUp, views, item, bodyFields, body };
}

const shapes = formSchemas(undefined);

/**
 * The schemas for one latest date, built once and kept until the date changes: building them
 * costs fifty to a hundred times what checking a body does, and every request used to pay it.
 */
let dated: { readonly latestDate: string; readonly schemas: ReturnType<typeof formSchemas> } | undefined;
function formSchemasFor(latestDate: string): ReturnType<typeof formSchemas> {
  if (dated?.latestDate !== latestDate) dated = { latestDate, schemas: formSchemas(latestDate) };
  return dated.schemas;
}

export const violationItemSchema = shapes.violation;
export const followUpItemSchema = shapes.followUp;
export const viewsItemSchema = shapes.views;
export const submissionItemSchema = shapes.item;
/** The form a State submits. The reporting State is not part of it: it comes from the signed-in user or the registered sender. */
export const submissionBodySchema = shapes.body;

export type ViolationItem = z.output<typeof violationItemSchema>;
export type FollowUpItem = z.output<typeof followUpItemSchema>;
export type ViewsItem = z.output<typeof viewsItemSchema>;
export type SubmissionItem = z.output<typeof submissionItemSchema>;
export type SubmissionBody = z.output<typeof submissionBodySchema>;
/** The body as a State may send it: fields with defaults may be left out. */
export type SubmissionBodyInput = z.input<typeof submissionBodySchema>;

// ---------------------------------------------------------------------------------------------
// The stored submission

/** An attachment as stored: where its file is, and which item of the submission it belongs to. */
const storedAttachmentSchema = z
  .strictObject({
    ...attachmentFields,
    itemIndex: z.int().check(z.gte(0), z.lte(submissionLimits.itemsPerSubmission - 1)),
    key: z.string().check(z.minLength(1), z.maxLength(1024)),
  })
  .check(z.superRefine(checkFileNameEnding, whenFieldsValid));

export type StoredAttachment = z.output<typeof storedAttachmentSchema>;

export const submissionStatuses = ['received', 'circulated', 'not-circulated'] as const;

export const submissionSchema = z.strictObject({
  ...shapes.bodyFields,
  reference: referenceSchema,
  /** The cycle (resolution) the submission was received under, e.g. `77/108`. */
  cycleId: z.string().check(z.regex(/^\d+\/\d+$/, 'a cycle id such as 77/108')),
  /** From the signed-in user's State or the registered sender's mission, never from the form. */
  reportingState: stateCodeSchema,
  source: z.enum(['upload', 'email']),
  receivedAt: isoInstantSchema,
  decisions: decisionsSchema,
  attachments: z.array(storedAttachmentSchema).check(z.maxLength(submissionLimits.attachmentsPerSubmission)),
  /** The raw submission as received (the email, or the uploaded document), kept unaltered. */
  evidence: z.strictObject({ bucket: z.string().check(z.minLength(1)), key: z.string().check(z.minLength(1), z.maxLength(1024)) }),
  status: z.enum(submissionStatuses),
  /**
   * Set when the Secretariat withdraws the submission (found forged, or sent in error): it is
   * kept as evidence, and left out of every output from then on.
   */
  withdrawal: z.optional(
    z.strictObject({
      at: isoInstantSchema,
      by: z.string().check(z.minLength(1), z.maxLength(200)),
      reason: z.string().check(z.minLength(1), z.maxLength(2000)),
    }),
  ),
  /** Incremented on every change; a write names the version it read (optimistic locking). */
  version: z.int().check(z.gte(1)),
});

export type Submission = z.output<typeof submissionSchema>;

/** Records a validated body as a submission: status `received`, version 1, decisions from the State's request. */
export function createSubmission(input: {
  readonly body: SubmissionBody;
  readonly reference: string;
  readonly cycleId: string;
  readonly reportingState: string;
  readonly source: Submission['source'];
  readonly receivedAt: string;
  readonly attachments: readonly StoredAttachment[];
  readonly evidence: Submission['evidence'];
}): Submission {
  return {
    ...input.body,
    reference: input.reference,
    cycleId: input.cycleId,
    reportingState: input.reportingState,
    source: input.source,
    receivedAt: input.receivedAt,
    decisions: defaultDecisions(input.body, input.receivedAt),
    attachments: [...input.attachments],
    evidence: input.evidence,
    status: 'received',
    version: 1,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation with one clear message per field

/**
 * Checks a submitted body. Dates must not be in the future as of `now`; whether a State code
 * names a State in the registry is for the caller to check, only its shape is checked here.
 */
export function validateSubmissionBody(input: unknown, now: Date): Validation<SubmissionBody> {
  const result = formSchemasFor(latestDateOnEarth(now)).body.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  const errors = fieldErrors(result.error.issues, 'is not a field of this form').map((error) =>
    error.path === '/reportingState'
      ? { path: error.path, message: 'is not part of the form: it is the State of the signed-in user or of the registered sender' }
      : error,
  );
  return { ok: false, errors };
}
