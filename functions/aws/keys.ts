/**
 * Every key of the single table, in one place. docs/data-model.md explains each entity and the
 * access pattern each key serves; the repositories build keys only through these functions.
 */
import type { StateCode } from '../core/codes.ts';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export const keys = {
  /** The pointer to the current version of the States registry (flipped by one conditional write). */
  statesRegistryPointer: (): ItemKey => ({ pk: 'STATES', sk: 'CURRENT' }),
  /**
   * A State within one import of the registry; an import is one partition, read by one Query.
   * The import id is unique per attempt, so two concurrent imports never write into each other.
   */
  stateInRegistry: (importId: string, code: StateCode): ItemKey => ({ pk: `STATES#${importId}`, sk: `STATE#${code}` }),
  statesRegistryPartition: (importId: string): string => `STATES#${importId}`,

  /** Mailbox health is operational data, kept apart from the registry so imports keep it. */
  mailboxHealth: (code: StateCode, address: string): ItemKey => ({ pk: 'MAILBOX-HEALTH', sk: `${code}#${address}` }),
  mailboxHealthPartition: (): string => 'MAILBOX-HEALTH',

  cycle: (cycleId: string): ItemKey => ({ pk: `CYCLE#${cycleId}`, sk: 'CYCLE' }),
  cyclesIndex: (): string => 'CYCLES',

  /** The per-year counter behind reference numbers (`MPR-<year>-<seq>`). */
  referenceCounter: (year: number): ItemKey => ({ pk: `COUNTER#REFERENCE#${year}`, sk: 'COUNTER' }),

  submission: (reference: string): ItemKey => ({ pk: `SUBMISSION#${reference}`, sk: 'SUBMISSION' }),
  submissionsOfState: (code: StateCode): string => `STATE#${code}#SUBMISSIONS`,
  submissionsOfCycle: (cycleId: string): string => `CYCLE#${cycleId}#SUBMISSIONS`,
  /** An idempotency key of a State, pointing at the submission it created. */
  idempotencyKey: (code: StateCode, key: string): ItemKey => ({ pk: `IDEMPOTENCY#${code}#${key}`, sk: 'IDEMPOTENCY' }),

  incident: (incidentId: string): ItemKey => ({ pk: `INCIDENT#${incidentId}`, sk: 'INCIDENT' }),
  /** Incidents by the State where they happened, by date: the candidates for matching a new report. */
  incidentsInTerritory: (code: StateCode): string => `TERRITORY#${code}#INCIDENTS`,
  /** One item per State concerned, so that a State's incidents are one Query. */
  incidentConcerning: (incidentId: string, code: StateCode): ItemKey => ({ pk: `INCIDENT#${incidentId}`, sk: `CONCERNS#${code}` }),
  incidentsConcerning: (code: StateCode): string => `STATE#${code}#INCIDENTS`,
  /** One item per report of an incident, so that a submission's incidents are one Query. */
  incidentReport: (incidentId: string, reference: string, itemIndex: number): ItemKey => ({
    pk: `INCIDENT#${incidentId}`,
    sk: `REPORT#${reference}#${itemIndex}`,
  }),
  incidentsOfSubmission: (reference: string): string => `SUBMISSION#${reference}#INCIDENTS`,

  /** A report a State's focal points are still writing (the portal's drafts): one partition per State. */
  draft: (code: StateCode, draftId: string): ItemKey => ({ pk: `STATE#${code}#DRAFTS`, sk: `DRAFT#${draftId}` }),
  draftsOfState: (code: StateCode): string => `STATE#${code}#DRAFTS`,

  auditTrail: (subjectKind: string, subjectId: string): string => `AUDIT#${subjectKind}#${subjectId}`,
  auditOfState: (code: StateCode): string => `STATE#${code}#AUDIT`,

  /** A note verbale: its symbol and date, allocated once; its sends are in the same partition. */
  note: (noteId: string): ItemKey => ({ pk: `NOTE#${noteId}`, sk: 'NOTE' }),
  notePartition: (noteId: string): string => `NOTE#${noteId}`,
  /** One send of a note to one mailbox: claimed before the SES call, marked sent after it. */
  noteSend: (noteId: string, code: StateCode, address: string): ItemKey => ({ pk: `NOTE#${noteId}`, sk: `SEND#${code}#${address}` }),
  /**
   * Sends claimed and not marked sent (in flight, uncertain, or released by the sweep), indexed
   * (gsi1) by claim time: SES's sending events and the sweep of uncertain sends find them with
   * one Query. The index entry goes when the send is marked sent.
   */
  unsettledSends: (): string => 'NOTE-SENDS#UNSETTLED',
  /** Sends released (no SES event within the window, or by an officer) and then sent again, indexed (gsi1) by the time sent: `mpr notes uncertain` lists them. */
  resentSends: (): string => 'NOTE-SENDS#RESENT',
  /** The per-year counter behind note symbols (`LA/COD/<series>/<year>/<seq>`). */
  noteCounter: (year: number): ItemKey => ({ pk: `COUNTER#NOTE#${year}`, sk: 'COUNTER' }),
  /** A dispatch's outcome (totals, unreached States), one per workflow execution. */
  dispatchRecord: (noteId: string, executionName: string): ItemKey => ({ pk: `NOTE#${noteId}`, sk: `DISPATCH#${executionName}` }),
  /** Marks an obligation recorded as overdue, once. */
  overdueMarker: (obligationId: string): ItemKey => ({ pk: `OVERDUE#${obligationId}`, sk: 'OVERDUE' }),

  email: (dedupeKey: string): ItemKey => ({ pk: `EMAIL#${dedupeKey}`, sk: 'EMAIL' }),
  emailsByDay: (day: string): string => `EMAILS#${day}`,

  /** A State's count of submissions in one UTC minute (`2024-05-15T14:30`): the key changes each minute, so no counter is ever reset. */
  submissionRate: (code: StateCode, minute: string): ItemKey => ({ pk: `RATE#SUBMISSIONS#${code}#${minute}`, sk: 'RATE' }),

  /** An e-mail held for the Secretariat: quarantined, or from a registered mailbox but not in the report form. */
  triageItem: (id: string): ItemKey => ({ pk: `TRIAGE#${id}`, sk: 'TRIAGE' }),
  /** Triage items by status (`pending`, `accepted`, `rejected`), by received time: the pending list is one Query. */
  triageByStatus: (status: string): string => `TRIAGE-STATUS#${status}`,

  /** The start of the sort key of a note's dispatch outcomes (`dispatchRecord`), to read them all with one Query. */
  dispatchRecordsPrefix: (): string => 'DISPATCH#',

  /** The pointer to the current status table of an instrument; all pointers are one partition, so listing them is one Query. */
  instrumentPointer: (instrumentId: string): ItemKey => ({ pk: 'INSTRUMENTS', sk: `INSTRUMENT#${instrumentId}` }),
  instrumentPointers: (): string => 'INSTRUMENTS',
  /** A participant within one import of an instrument's status table; an import is one partition, unique per attempt. */
  instrumentParticipant: (instrumentId: string, importId: string, code: StateCode): ItemKey => ({
    pk: `INSTRUMENT#${instrumentId}#${importId}`,
    sk: `PARTICIPANT#${code}`,
  }),
  instrumentImportPartition: (instrumentId: string, importId: string): string => `INSTRUMENT#${instrumentId}#${importId}`,

  /** A removed or disabled user's revocation: tokens issued until then are refused (core/revocation.ts). */
  userRevocation: (username: string): ItemKey => ({ pk: `USER#${username}`, sk: 'REVOKED' }),
} as const;
