/**
 * Notes verbales and their sends. A note is allocated its symbol once; each send to a mailbox is
 * claimed before SES is called and marked sent after, so that no run — a retry, a re-run after a
 * crash, a concurrent duplicate — sends the same note to the same mailbox twice.
 *
 * A claim left unmarked (a run stopped between SES's answer and the mark) cannot tell whether the
 * message left: it is reported as uncertain and never resent by the run, because a second note
 * verbale to a mission is worse than a missing one the Secretariat can follow up. Such a send is
 * settled later from SES's own sending events (`settleSend`), or, when none came within the
 * window, released (`releaseUnsettled`) for a resend or a new run to send: see note-sender.ts
 * and resend.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteCommand, GetCommand, PutCommand, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { StateCode } from '../core/codes.ts';
import { type DispatchRecord, dispatchRecordSchema } from '../core/dispatch-record.ts';
import { isConditionFailure } from './errors.ts';
import { keys } from './keys.ts';
import { queryAll } from './query.ts';
import { YearlyCounter } from './reference-allocator.ts';
import { TableRepository } from './table-repository.ts';

export interface NoteRecord {
  readonly noteId: string;
  /** The note's symbol, e.g. `LA/COD/72/2024/17`. */
  readonly symbol: string;
  /** The note's date (YYYY-MM-DD), fixed at allocation so that every copy carries the same. */
  readonly date: string;
}

/** Attempts at marking a send done, each with the SDK's own retries. */
const markAttempts = 5;

/**
 * How a send released later is sent again by a resend of its own (note-sender.ts, resend.ts), kept
 * with its claim: what the task that sends a note to a State needs to send it again
 * (dispatch/send-note.ts), or, for a message sent elsewhere (an acknowledgement, a notice to the
 * Secretariat), the message itself (`keptMessageSchema`).
 */
export type ResendRequest = Readonly<Record<string, string | number | null>>;

/** A send claimed and never marked sent, as the unsettled-sends index lists it. */
export interface UnsettledSend {
  readonly noteId: string;
  /** The note's kind: the first part of its id (`noteId()` of core/dispatch.ts). */
  readonly kind: string;
  readonly state: StateCode;
  readonly address: string;
  readonly claimedAt: string;
  /** `claimed`: in flight or uncertain; `released`: given back, no event having come, for a run to send. */
  readonly status: 'claimed' | 'released';
  readonly releasedAt?: string;
  /** How to send it again, when its sender kept it (`ResendRequest`). */
  readonly request?: ResendRequest;
}

/** A send released and then sent again, as the resent-sends index lists it. */
export interface ResentSend {
  readonly noteId: string;
  readonly kind: string;
  readonly state: StateCode;
  readonly address: string;
  readonly releasedAt: string;
  readonly sentAt: string;
  readonly messageId: string;
}

/** A note's kind, as its id begins (`noteId()` of core/dispatch.ts). */
function kindOfNote(noteId: string): string {
  return noteId.split(':', 1)[0]!;
}

function unsettledSendOf(item: Record<string, unknown>): UnsettledSend {
  const noteId = String(item['noteId']);
  return {
    noteId,
    kind: kindOfNote(noteId),
    state: String(item['state']),
    address: String(item['address']),
    claimedAt: String(item['claimedAt']),
    status: item['status'] === 'released' ? 'released' : 'claimed',
    ...(typeof item['releasedAt'] === 'string' ? { releasedAt: item['releasedAt'] } : {}),
    ...(item['request'] !== null && typeof item['request'] === 'object' ? { request: item['request'] as ResendRequest } : {}),
  };
}

/** A claim that took over a released send: when the send was claimed before, and released. */
export interface PriorRelease {
  readonly claimedAt: string;
  readonly releasedAt: string;
}

/** The claim of a send: this caller's, or sent before, or claimed at `claimedAt` and never marked sent. */
export type SendClaim =
  /** This caller's; `afterRelease` when it takes over a send released earlier (a resend). */
  | { readonly status: 'claimed'; readonly afterRelease?: PriorRelease }
  | { readonly status: 'already-sent' }
  | { readonly status: 'uncertain'; readonly claimedAt: string };

export interface SendCounts {
  readonly sent: number;
  readonly claimed: number;
}

export class NotesRepository extends TableRepository {
  /** The note's symbol and date, allocated on first use from the series' yearly counter. */
  async allocate(noteId: string, series: string, date: string): Promise<NoteRecord> {
    const existing = await this.get(noteId);
    if (existing) return existing;
    const year = Number(date.slice(0, 4));
    const { sequence } = await new YearlyCounter(this.access, keys.noteCounter).next(year);
    const record: NoteRecord = { noteId, symbol: `${series}/${year}/${sequence}`, date };
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { ...keys.note(noteId), ...record }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return record;
    } catch (error) {
      // A concurrent first use allocated it: that symbol stands (this number stays unused).
      if (!isConditionFailure(error)) throw error;
      return (await this.get(noteId))!;
    }
  }

  async get(noteId: string): Promise<NoteRecord | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.note(noteId), ConsistentRead: true }));
    return Item ? { noteId: String(Item['noteId']), symbol: String(Item['symbol']), date: String(Item['date']) } : undefined;
  }

  /**
   * Claims the send of the note to one mailbox; says why not when it is not this run's to make.
   * `request` is kept with the claim, for a resend should the send be released (`ResendRequest`).
   */
  async claimSend(noteId: string, state: StateCode, address: string, at: string, request?: ResendRequest): Promise<SendClaim> {
    try {
      const { Attributes: before } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.noteSend(noteId, state, address),
          UpdateExpression: `SET noteId = :noteId, #state = :state, address = :address, #status = :claimed, claimedAt = :at, gsi1pk = :pk, gsi1sk = :sk${request ? ', #request = :request' : ''} REMOVE releasedAt`,
          // A send released after the window (no SES event: it never left) may be claimed again.
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :released',
          ExpressionAttributeNames: { '#status': 'status', '#state': 'state', ...(request ? { '#request': 'request' } : {}) },
          ExpressionAttributeValues: {
            ':noteId': noteId,
            ':state': state,
            ':address': address,
            ':claimed': 'claimed',
            ':at': at,
            ':pk': keys.unsettledSends(),
            ':sk': `${at}#${noteId}#${state}#${address}`,
            ':released': 'released',
            ...(request ? { ':request': request } : {}),
          },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return before?.['status'] === 'released'
        ? { status: 'claimed', afterRelease: { claimedAt: String(before['claimedAt']), releasedAt: String(before['releasedAt'] ?? at) } }
        : { status: 'claimed' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keys.noteSend(noteId, state, address), ConsistentRead: true }));
      return Item?.['status'] === 'sent' ? { status: 'already-sent' } : { status: 'uncertain', claimedAt: String(Item?.['claimedAt'] ?? at) };
    }
  }

  /**
   * Records the send as done. The message has left: a claim left unmarked would make the send
   * uncertain, so the mark is tried harder than the SDK tries on its own; if it still fails, the
   * caller's retry finds the send uncertain and never sends it again. A repeat of a mark that took
   * effect (its answer lost) changes nothing. A send that was released before this claim
   * (`afterRelease`) moves to the resent-sends index instead of leaving the index.
   */
  async markSent(noteId: string, state: StateCode, address: string, messageId: string, at: string, afterRelease?: PriorRelease): Promise<void> {
    const marked = 'SET #status = :sent, messageId = :messageId, sentAt = :at';
    const [update, indexValues] = afterRelease
      ? [
          `${marked}, gsi1pk = :resent, gsi1sk = :resentKey, resentAfter = :releasedAt`,
          { ':resent': keys.resentSends(), ':resentKey': `${at}#${noteId}#${state}#${address}`, ':releasedAt': afterRelease.releasedAt },
        ]
      : [`${marked} REMOVE gsi1pk, gsi1sk`, {}];
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: keys.noteSend(noteId, state, address),
            UpdateExpression: update,
            // Released meanwhile (a send outlasting the sweep's window): it left all the same.
            ConditionExpression: '#status IN (:claimed, :released)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':sent': 'sent', ':claimed': 'claimed', ':released': 'released', ':messageId': messageId, ':at': at, ...indexValues },
          }),
        );
        return;
      } catch (error) {
        if (isConditionFailure(error)) {
          const { Item } = await this.client.send(
            new GetCommand({ TableName: this.tableName, Key: keys.noteSend(noteId, state, address), ConsistentRead: true }),
          );
          if (Item?.['status'] === 'sent' && Item['messageId'] === messageId) return;
          throw error;
        }
        if (attempt >= markAttempts) throw error;
        await sleep(100 * 2 ** attempt);
      }
    }
  }

  /** Gives a claim back after SES refused the message for certain (throttled, rejected), so a retry may send it. */
  async releaseSend(noteId: string, state: StateCode, address: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.noteSend(noteId, state, address),
        ConditionExpression: '#status = :claimed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':claimed': 'claimed' },
      }),
    );
  }

  /**
   * Marks a claimed send sent from SES's sending event for it (the message certainly left), with
   * SES's message id, unless a run marked it first. A send the sweep had released is marked too,
   * so that no later run sends it again (`late`); `already-sent` with another message id means a
   * run sent it again before the event came: the mailbox has two copies.
   */
  async settleSend(
    send: Pick<UnsettledSend, 'noteId' | 'state' | 'address'>,
    messageId: string,
    at: string,
  ): Promise<
    { readonly status: 'settled'; readonly late: boolean } | { readonly status: 'already-sent'; readonly messageId: string } | { readonly status: 'unknown' }
  > {
    const key = keys.noteSend(send.noteId, send.state, send.address);
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    if (!Item) return { status: 'unknown' };
    if (Item['status'] === 'sent') return { status: 'already-sent', messageId: String(Item['messageId'] ?? '') };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :at, settledBy = :event REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#status = :was',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sent': 'sent', ':messageId': messageId, ':at': at, ':event': 'ses-event', ':was': Item['status'] },
        }),
      );
      return { status: 'settled', late: Item['status'] === 'released' };
    } catch (error) {
      // Marked (or claimed again) in between: read what stands now.
      if (!isConditionFailure(error)) throw error;
      return this.settleSend(send, messageId, at);
    }
  }

  /**
   * Gives back a send claimed at `claimedAt` and never marked sent: kept as `released` (not
   * deleted), so that an SES event that comes after all still marks it sent, and a new claim may
   * take it. Refused (`false`) when it was marked or claimed again meanwhile; a repeat is `true`.
   */
  async releaseUnsettled(send: Pick<UnsettledSend, 'noteId' | 'state' | 'address' | 'claimedAt'>, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.noteSend(send.noteId, send.state, send.address),
          UpdateExpression: 'SET #status = :released, releasedAt = if_not_exists(releasedAt, :at)',
          // A repeat of a release that took effect (a retried sweep) succeeds, so that its audit is written.
          ConditionExpression: '#status IN (:claimed, :released) AND claimedAt = :claimedAt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':released': 'released', ':claimed': 'claimed', ':claimedAt': send.claimedAt, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Every send of every note claimed and not marked sent (in flight, uncertain, released),
   * oldest claim first; with `claimedBefore`, those claimed before that instant only. One Query
   * of the unsettled-sends index (eventually consistent: a claim of the last second may be
   * missing); sends claimed before the index existed are found per note (`unmarkedSends`).
   */
  async unsettledSends(options: { readonly claimedBefore?: string; readonly state?: StateCode; readonly address?: string } = {}): Promise<UnsettledSend[]> {
    const filters = [...(options.state === undefined ? [] : ['#state = :state']), ...(options.address === undefined ? [] : ['address = :address'])];
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: options.claimedBefore === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk < :before',
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(options.state === undefined ? {} : { ExpressionAttributeNames: { '#state': 'state' } }),
      ExpressionAttributeValues: {
        ':pk': keys.unsettledSends(),
        ...(options.claimedBefore === undefined ? {} : { ':before': options.claimedBefore }),
        ...(options.state === undefined ? {} : { ':state': options.state }),
        ...(options.address === undefined ? {} : { ':address': options.address }),
      },
    });
    return items.filter((item) => item['status'] === 'claimed' || item['status'] === 'released').map(unsettledSendOf);
  }

  /**
   * Puts on the unsettled-sends index every send claimed or released before the index existed
   * (one Scan of the table, for `mpr notes backfill-index`): the sweep and SES's events then find
   * them like any other. Safe to run again, and beside running sends: a claim marked, or indexed,
   * meanwhile is left as it is. The number of sends indexed.
   */
  async indexUnindexedClaims(): Promise<number> {
    let indexed = 0;
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(pk, :note) AND begins_with(sk, :send) AND #status IN (:claimed, :released) AND attribute_not_exists(gsi1pk)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':note': 'NOTE#', ':send': 'SEND#', ':claimed': 'claimed', ':released': 'released' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        // The key names the send, whatever attributes an older claim kept.
        const noteId = String(item['pk']).slice('NOTE#'.length);
        const [state, ...address] = String(item['sk']).slice('SEND#'.length).split('#');
        const claimedAt = String(item['claimedAt'] ?? '');
        try {
          await this.client.send(
            new UpdateCommand({
              TableName: this.tableName,
              Key: { pk: item['pk'], sk: item['sk'] },
              UpdateExpression:
                'SET gsi1pk = :pk, gsi1sk = :sk, noteId = if_not_exists(noteId, :noteId), #state = if_not_exists(#state, :state), address = if_not_exists(address, :address)',
              ConditionExpression: '#status IN (:claimed, :released) AND attribute_not_exists(gsi1pk)',
              ExpressionAttributeNames: { '#status': 'status', '#state': 'state' },
              ExpressionAttributeValues: {
                ':pk': keys.unsettledSends(),
                ':sk': `${claimedAt}#${noteId}#${state}#${address.join('#')}`,
                ':noteId': noteId,
                ':state': state,
                ':address': address.join('#'),
                ':claimed': 'claimed',
                ':released': 'released',
              },
            }),
          );
          indexed += 1;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
    }
    return indexed;
  }

  /** The sends released and then sent again, most recent first; with `noteId`, those of one note. */
  async resentSends(noteId?: string): Promise<ResentSend[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ...(noteId === undefined ? {} : { FilterExpression: 'noteId = :noteId' }),
      ExpressionAttributeValues: { ':pk': keys.resentSends(), ...(noteId === undefined ? {} : { ':noteId': noteId }) },
      ScanIndexForward: false,
    });
    return items.map((item) => {
      const id = String(item['noteId']);
      return {
        noteId: id,
        kind: kindOfNote(id),
        state: String(item['state']),
        address: String(item['address']),
        releasedAt: String(item['resentAfter']),
        sentAt: String(item['sentAt']),
        messageId: String(item['messageId']),
      };
    });
  }

  /**
   * The sends of one note claimed and never marked sent, oldest first: in flight, uncertain (the
   * run stopped between handing the message to SES and learning the answer), or released and
   * not sent again yet. One Query of the note's partition, consistent, and finding claims made
   * before the unsettled-sends index existed.
   */
  async unsettledSendsOf(noteId: string): Promise<UnsettledSend[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
      ExpressionAttributeValues: { ':pk': keys.notePartition(noteId), ':send': 'SEND#' },
      ConsistentRead: true,
    });
    return items
      .filter((item) => item['status'] === 'claimed' || item['status'] === 'released')
      .map(unsettledSendOf)
      .sort((a, b) => a.claimedAt.localeCompare(b.claimedAt));
  }

  /** The sends of one note claimed and never marked sent nor released: in flight, or uncertain. */
  async unmarkedSends(noteId: string): Promise<UnsettledSend[]> {
    return (await this.unsettledSendsOf(noteId)).filter((send) => send.status === 'claimed');
  }

  /** How far a note's dispatch has come: one Query over its partition. */
  async sendCounts(noteId: string): Promise<SendCounts & { readonly statesSent: number }> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
      ExpressionAttributeValues: { ':pk': keys.notePartition(noteId), ':send': 'SEND#' },
    });
    const sent = items.filter((item) => item['status'] === 'sent');
    return {
      sent: sent.length,
      claimed: items.filter((item) => item['status'] === 'claimed').length,
      statesSent: new Set(sent.map((item) => item['state'])).size,
    };
  }

  /** The record of a dispatch run, kept under its note (functions/dispatch/record-dispatch.ts); a retried task writes the same again. */
  async recordDispatch(record: DispatchRecord): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.dispatchRecord(record.noteId, record.executionName), ...record } }));
  }

  /** The outcome a dispatch recorded at its end, once it has. */
  async dispatchRecord(noteId: string, executionName: string): Promise<DispatchRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.dispatchRecord(noteId, executionName), ConsistentRead: true }),
    );
    return Item ? dispatchRecordSchema.parse(Item) : undefined;
  }

  /** Every outcome recorded for the note, one per dispatch run, the most recently recorded last. */
  async dispatchRecords(noteId: string): Promise<DispatchRecord[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dispatch)',
      ExpressionAttributeValues: { ':pk': keys.notePartition(noteId), ':dispatch': keys.dispatchRecordsPrefix() },
    });
    // Execution names do not sort by time; the instant each run recorded does.
    return items.map((item) => dispatchRecordSchema.parse(item)).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  }

  /** The States the note went to (at least one mailbox each), in code order. */
  async statesSent(noteId: string): Promise<StateCode[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
      ExpressionAttributeValues: { ':pk': keys.notePartition(noteId), ':send': 'SEND#' },
    });
    return [...new Set(items.filter((item) => item['status'] === 'sent').map((item) => String(item['state'])))].sort();
  }

  /**
   * Whether the note went to at least one of a State's mailboxes; with `orMayHave`, also when a
   * send to one is claimed and not settled (uncertain: it may have left; a released one has not).
   */
  async wasSentTo(noteId: string, state: StateCode, options: { readonly orMayHave?: boolean } = {}): Promise<boolean> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :send)',
      ExpressionAttributeValues: { ':pk': keys.notePartition(noteId), ':send': `SEND#${state}#` },
    });
    return items.some((item) => item['status'] === 'sent' || (options.orMayHave === true && item['status'] === 'claimed'));
  }
}
