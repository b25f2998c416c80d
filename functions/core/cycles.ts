/**
 * A reporting cycle: one resolution of the General Assembly on the protection, security and
 * safety of diplomatic and consular missions and representatives, and everything the procedure
 * needs to know about it.
 *
 * Paragraph numbers, deadlines and periods change from one resolution to the next (the reporting
 * paragraph was 10 in resolution 67/94 and is 11 in 77/108), so a cycle is data, never code.
 * Fields that could not be checked against an official document are listed, as JSON pointers,
 * in `unconfirmed`: whoever quotes or relies on them can tell a confirmed fact from a default.
 *
 * The seeded cycle (data/cycles/77-108.json) is unconfirmed on these points:
 * - the text of operative paragraphs 11-14 is a careful paraphrase of their substance, not the
 *   official wording (paragraph 11 even lacks its opening verb): it must be checked against
 *   A/RES/77/108 before a note or the report quotes it;
 * - the reply deadline 15 May 2024 follows the one confirmed historical date (15 May 2012);
 * - the note reference series LA/COD/72 is a placeholder: the series for this item is unknown;
 * - the agenda item of the 79th session;
 * - every period: the resolution only says "within a reasonable period" (see `periods`).
 */
import * as z from 'zod/mini';
import { isoDateSchema } from './codes.ts';
import { lineOfPointer, lineOfSyntaxError } from './json-lines.ts';
import { type FieldError, parseJsonWith, type Validation } from './validation.ts';

const cycleIdSchema = z.string().check(z.regex(/^[1-9]\d{0,2}\/[1-9]\d{0,3}$/, 'a resolution number as session/number, e.g. 77/108'));

const paragraphNumberSchema = z.int().check(z.gte(1), z.lte(99));

const daysSchema = z.int().check(z.gte(1), z.lte(3650));

/** Checks that read several fields run only once each field is valid, so a field is never blamed for another's fault. */
const whenFieldsValid = { when: (payload: { readonly issues: readonly unknown[] }) => payload.issues.length === 0 };

/**
 * When a report owed by a State falls due and when the State is reminded, both counted in days
 * from the report that created the obligation. The resolution only says "within a reasonable
 * period" (para 12(d) of 77/108): every value is a per-cycle setting.
 */
const obligationPeriodSchema = z
  .strictObject({
    dueAfterDays: daysSchema,
    remindAfterDays: z.array(daysSchema).check(z.maxLength(10)),
  })
  .check(
    z.superRefine((period, context) => {
      period.remindAfterDays.forEach((days, index) => {
        // Reminders go out when a report "has not been made within a reasonable period":
        // a reminder before the report is due would be a request, not a reminder.
        if (days < period.dueAfterDays) {
          context.addIssue({ code: 'custom', path: ['remindAfterDays', index], message: `must be no earlier than dueAfterDays (${period.dueAfterDays})` });
        } else if (index > 0 && days <= (period.remindAfterDays[index - 1] ?? 0)) {
          context.addIssue({ code: 'custom', path: ['remindAfterDays', index], message: 'must be later than the reminder before it' });
        }
      });
    }, whenFieldsValid),
  );

/** As above, for the outcome of proceedings, which 11(b) asks for only "in time": it may have no due date. */
const outcomePeriodSchema = z
  .strictObject({
    dueAfterDays: z.nullable(daysSchema),
    remindAfterDays: z.array(daysSchema).check(z.maxLength(10)),
  })
  .check(
    z.superRefine((period, context) => {
      if (period.dueAfterDays === null && period.remindAfterDays.length > 0) {
        context.addIssue({ code: 'custom', path: ['remindAfterDays'], message: 'must be empty when the outcome has no due date' });
      }
    }, whenFieldsValid),
  );

export const cycleSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    /** The resolution's session and number, e.g. `77/108`: the key of the cycle. */
    id: cycleIdSchema,
    resolution: z.strictObject({
      symbol: z.string().check(z.regex(/^A\/RES\/\d+\/\d+$/, 'a resolution symbol, e.g. A/RES/77/108')),
      adoptedOn: isoDateSchema,
      title: z.string().check(z.minLength(1), z.maxLength(500)),
    }),
    /** Where each part of the procedure sits in this resolution. */
    paragraphs: z.strictObject({
      /** Reports of violations (a) and follow-up (b). */
      reporting: paragraphNumberSchema,
      /** What the Secretary-General does: circular note, circulation, reminders. */
      circularNote: paragraphNumberSchema,
      /** Views of States on measures needed or taken. */
      views: paragraphNumberSchema,
      /** The report of the Secretary-General to the Assembly. */
      reportRequest: paragraphNumberSchema,
    }),
    /** Text of the operative paragraphs, keyed by paragraph number, for quoting in notes and in the report. */
    operativeParagraphs: z.record(z.string().check(z.regex(/^[1-9]\d?$/, 'a paragraph number')), z.string().check(z.minLength(1), z.maxLength(5000))),
    report: z.strictObject({
      /** The session of the General Assembly the report of the Secretary-General goes to. */
      session: z.int().check(z.gte(1), z.lte(999)),
      agendaItem: z.optional(z.string().check(z.minLength(1), z.maxLength(20))),
      /**
       * The previous report on the item, named in the summary of the next one; its date, when
       * known, is where "since the previous report" starts for the count of new parties.
       */
      previous: z.optional(
        z.strictObject({ symbol: z.string().check(z.regex(/^A\/\d+\/\d+$/, 'a document symbol, e.g. A/77/186')), date: z.optional(isoDateSchema) }),
      ),
    }),
    /** Last day for replies to the circular note. */
    replyDeadline: isoDateSchema,
    /** Reference of the Codification Division's notes for this item, without the note's own number. */
    noteReferenceSeries: z.string().check(z.regex(/^LA\/COD\/[0-9A-Za-z.-]+(\/[0-9A-Za-z.-]+)*$/, 'a reference such as LA/COD/72')),
    /**
     * Reasonable periods and reminders. None is defined by the resolution; the seeded values
     * (all unconfirmed) follow comparable regimes:
     */
    periods: z.strictObject({
      /**
       * The territorial State's own report under 11(a), owed when only another State reported the
       * event. Seeded: due after 60 days, reminders at 60 and 120. An account of facts the State
       * already knows needs less time than a follow-up on proceedings, hence shorter than `followUp`.
       */
      violationReport: obligationPeriodSchema,
      /** The territorial State's follow-up under 11(b), owed after any violation report. Seeded: due after 90 days, reminders at 90 and 180. */
      followUp: obligationPeriodSchema,
      /**
       * The final outcome of proceedings, owed once a follow-up reported measures without it.
       * Seeded: due after 365 days, one reminder then; `dueAfterDays: null` makes it untimed.
       */
      followUpOutcome: outcomePeriodSchema,
      /**
       * Reminders to States that have not replied to the circular note, in days before the reply
       * deadline. Seeded: 84 and 14, about 12 weeks ahead as the BWC support unit does, then 2 weeks.
       */
      beforeDeadlineReminderDays: z.array(daysSchema).check(z.maxLength(10)),
    }),
    circulation: z.strictObject({
      /**
       * Which States the circular note goes to and reports are circulated to. "All States" means
       * the Member States and the two non-member observer States; other treaty participants
       * (e.g. Niue, Cook Islands) are not addressed unless this says so.
       */
      addressees: z.strictObject({
        memberStates: z.boolean(),
        nonMemberObserverStates: z.boolean(),
        otherTreatyParticipants: z.boolean(),
      }),
    }),
    /**
     * Who holds the office of Secretary-General, as the notes and the report refer to it: from
     * each date of effect, the pronoun ("presents his/her compliments", "Le/La Secrétaire
     * général(e)"). `null` when the holder from that date is not yet known: the notes then use
     * a form that assumes no one, and say so in their warnings.
     */
    secretaryGeneral: z.optional(
      z.array(z.strictObject({ from: isoDateSchema, pronoun: z.nullable(z.enum(['he', 'she'])) })).check(
        z.minLength(1),
        z.maxLength(50),
        z.refine(
          (terms) => terms.every((term, index) => index === 0 || term.from > terms[index - 1]!.from),
          'must list the terms in order of their dates of effect, each once',
        ),
      ),
    ),
    /** JSON pointers of the fields not checked against an official source. */
    unconfirmed: z.array(z.string().check(z.regex(/^(\/[^/]+)+$/, 'a JSON pointer, e.g. /replyDeadline'))),
  })
  .check(
    z.superRefine((cycle, context) => {
      if (cycle.resolution.symbol !== `A/RES/${cycle.id}`) {
        context.addIssue({ code: 'custom', path: ['resolution', 'symbol'], message: `must be A/RES/${cycle.id} for cycle ${cycle.id}` });
      }
      const numbers = Object.values(cycle.paragraphs);
      if (new Set(numbers).size !== numbers.length) {
        context.addIssue({ code: 'custom', path: ['paragraphs'], message: 'must give each part of the procedure its own paragraph' });
      }
      for (const [part, number] of Object.entries(cycle.paragraphs)) {
        if (cycle.operativeParagraphs[String(number)] === undefined) {
          context.addIssue({ code: 'custom', path: ['operativeParagraphs'], message: `must include the text of paragraph ${number} (${part})` });
        }
      }
      if (cycle.replyDeadline <= cycle.resolution.adoptedOn) {
        context.addIssue({ code: 'custom', path: ['replyDeadline'], message: `must be after the adoption of the resolution (${cycle.resolution.adoptedOn})` });
      }
      const session = Number(cycle.id.split('/')[0]);
      if (cycle.report.session <= session) {
        context.addIssue({
          code: 'custom',
          path: ['report', 'session'],
          message: `must be a later session than the one that adopted the resolution (${session})`,
        });
      }
      const beforeDeadline = cycle.periods.beforeDeadlineReminderDays;
      if (new Set(beforeDeadline).size !== beforeDeadline.length) {
        context.addIssue({ code: 'custom', path: ['periods', 'beforeDeadlineReminderDays'], message: 'must not list the same day twice' });
      }
      cycle.unconfirmed.forEach((pointer, index) => {
        if (!pointsIntoCycle(cycle, pointer)) {
          context.addIssue({ code: 'custom', path: ['unconfirmed', index], message: `names ${pointer}, which the cycle does not have` });
        }
      });
    }, whenFieldsValid),
  );

export type Cycle = z.infer<typeof cycleSchema>;
export type ObligationPeriod = Cycle['periods']['violationReport'];

function pointsIntoCycle(cycle: Cycle, pointer: string): boolean {
  let node: unknown = cycle;
  for (const segment of pointer.split('/').slice(1).map(unescapePointerSegment)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  return true;
}

function unescapePointerSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * Reads a cycle from its JSON text or from an already parsed value (e.g. `data/cycles/77-108.json`).
 */
export function parseCycle(json: unknown): Validation<Cycle> {
  return parseJsonWith(cycleSchema, json, 'is not a cycle setting');
}

/** A field error of a cycle file, with the line of the file it is on. */
export interface CycleFileError extends FieldError {
  readonly line?: number;
}

/**
 * Reads a cycle file (`mpr cycles import`): every fault, syntax or field, with the line it is on,
 * so that the file can be corrected in one pass.
 */
export function parseCycleFile(
  text: string,
): { readonly ok: true; readonly value: Cycle } | { readonly ok: false; readonly errors: readonly CycleFileError[] } {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const line = lineOfSyntaxError(text, message);
    return { ok: false, errors: [{ path: '', message: `is not valid JSON: ${message}`, ...(line === undefined ? {} : { line }) }] };
  }
  const parsed = parseCycle(text);
  if (parsed.ok) return parsed;
  return {
    ok: false,
    errors: parsed.errors.map((error) => {
      const line = lineOfPointer(text, error.path);
      return line === undefined ? error : { ...error, line };
    }),
  };
}

/** The Secretary-General's pronoun on `date` (`YYYY-MM-DD`), or null when the cycle does not say. */
export function secretaryGeneralPronounOn(cycle: Cycle, date: string): 'he' | 'she' | null {
  const term = secretaryGeneralTermOn(cycle, date);
  return term?.pronoun ?? null;
}

type SecretaryGeneralTerm = NonNullable<Cycle['secretaryGeneral']>[number];

/** The term of office in effect on `date`, if the cycle lists one. */
export function secretaryGeneralTermOn(cycle: Cycle, date: string): SecretaryGeneralTerm | undefined {
  return (cycle.secretaryGeneral ?? []).filter((candidate) => candidate.from <= date).at(-1);
}

/**
 * The command that records who holds the office from `from`, for an operator to run once the
 * appointment is known (`he` or `she`: the pronoun of the person the General Assembly appointed).
 */
export function secretaryGeneralCommand(cycleId: string, from: string): string {
  return `mpr cycles secretary-general --cycle ${cycleId} --from ${from} --pronoun he|she`;
}

/** The cycle's terms with the one from `from` set to `pronoun` (added in date order if there is none). */
export function withSecretaryGeneral(cycle: Cycle, from: string, pronoun: 'he' | 'she' | null): SecretaryGeneralTerm[] {
  const others = (cycle.secretaryGeneral ?? []).filter((term) => term.from !== from);
  return [...others, { from, pronoun }].sort((a, b) => (a.from < b.from ? -1 : 1));
}

/** The last day for replies to the circular note. */
export function deadlineOf(cycle: Cycle): string {
  return cycle.replyDeadline;
}

/** The days on which States that have not replied are reminded of the deadline, earliest first. */
export function reminderDates(cycle: Cycle): string[] {
  return [...cycle.periods.beforeDeadlineReminderDays].sort((a, b) => b - a).map((days) => addDays(cycle.replyDeadline, -days));
}

/**
 * Why the circular note of `cycle` can no longer go out on `today` (`YYYY-MM-DD`): once the reply
 * deadline has passed, a note asking for replies by that date would ask for the impossible. The
 * message names the deadline and the command that moves it; undefined when the note may go.
 */
export function circularNoteRefusal(cycle: Cycle, today: string): string | undefined {
  if (today <= cycle.replyDeadline) return undefined;
  return `the reply deadline of cycle ${cycle.id} (${cycle.replyDeadline}) has passed: a circular note would ask for replies by a date already gone. Move it first, e.g. mpr cycles set --cycle ${cycle.id} replyDeadline=${addDays(today, 90)}`;
}

/**
 * Why a pre-deadline reminder of `reminderDate` is not sent when the dispatch reaches it on
 * `today`: its day has passed (the dispatch started late, or the circular note took long), or the
 * reply deadline has. A reminder is never sent late; undefined when it goes.
 */
export function preDeadlineReminderSkip(cycle: Cycle, reminderDate: string, today: string): string | undefined {
  if (today > cycle.replyDeadline) return `the reply deadline (${cycle.replyDeadline}) had passed on ${today}`;
  if (today > reminderDate) return `its day (${reminderDate}) had passed when the dispatch reached it on ${today}`;
  return undefined;
}

/** The calendar date `days` days after `date` (before it when negative); both `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * Changes to a cycle, keyed by the dotted path of the setting (`replyDeadline`,
 * `periods.followUp.remindAfterDays`, `report.agendaItem`) with the new JSON value; `null`
 * removes an optional setting. Lists are replaced whole.
 */
export type CycleChanges = Readonly<Record<string, unknown>>;

/** Settings that identify the cycle: changing them would make it another cycle. */
const fixedSettings = new Set(['id', 'schemaVersion']);

const forbiddenSegments = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Applies `mpr cycles set` changes: returns the changed cycle, validated as a whole, or one error
 * per bad setting. The cycle given is never modified.
 */
export function applyCycleChanges(cycle: Cycle, changes: CycleChanges): Validation<Cycle> {
  const draft = structuredClone(cycle) as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const [dottedPath, value] of Object.entries(changes)) {
    const segments = dottedPath.split('.');
    const pointer = `/${segments.join('/')}`;
    if (segments.some((segment) => segment.length === 0 || forbiddenSegments.has(segment))) {
      errors.push({ path: pointer, message: 'is not a cycle setting' });
    } else if (fixedSettings.has(dottedPath)) {
      errors.push({ path: pointer, message: 'cannot be changed: it identifies the cycle' });
    } else {
      const error = setAt(draft, segments, value);
      if (error !== undefined) errors.push({ path: pointer, message: error });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return parseCycle(draft);
}

/** Sets (or, for `null`, removes) the value at `segments`; returns why it cannot, if it cannot. */
function setAt(target: Record<string, unknown>, segments: readonly string[], value: unknown): string | undefined {
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const child = node[segment];
    if (Array.isArray(child)) return 'is inside a list: set the whole list';
    if (child === undefined || child === null) {
      if (value === null) return undefined;
      node[segment] = {};
    } else if (typeof child !== 'object') {
      return 'is not a cycle setting';
    }
    node = node[segment] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1] as string;
  if (value === null) delete node[last];
  else node[last] = value;
  return undefined;
}
