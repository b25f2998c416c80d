/**
 * A State's drafts (the portal's "save as draft"), kept on the server so that a mission can clear
 * a report with its capital before it submits it. A State sees its own drafts only: another
 * State's draft is, to it, no draft at all.
 */
import { randomUUID } from 'node:crypto';
import type { DraftsRepository } from '../aws/drafts-repository.ts';
import type { StateCode } from '../core/codes.ts';
import { type Draft, draftIdSchema, draftInputSchema, draftLimits } from '../core/drafts.ts';
import { type FieldError, fieldErrors } from '../core/validation.ts';

export type DraftOutcome =
  | { readonly kind: 'listed'; readonly state: StateCode; readonly drafts: Draft[] }
  | { readonly kind: 'found' | 'saved' | 'created'; readonly draft: Draft }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'invalid'; readonly errors: FieldError[] }
  | { readonly kind: 'not-found' | 'conflict'; readonly detail: string };

/** Who saves: the State and the user, as the verified token says. */
export interface DraftAuthor {
  readonly state: StateCode;
  readonly username: string;
}

/** The largest body a draft request may have: the draft's own limit and room for its JSON framing. */
export const maxDraftRequestBytes = draftLimits.draftBytes + 10_000;

export class Drafts {
  private readonly drafts: DraftsRepository;
  private readonly now: () => Date;

  constructor(drafts: DraftsRepository, now: () => Date) {
    this.drafts = drafts;
    this.now = now;
  }

  async list({ state }: DraftAuthor): Promise<DraftOutcome> {
    return { kind: 'listed', state, drafts: await this.drafts.list(state) };
  }

  async create(author: DraftAuthor, body: unknown): Promise<DraftOutcome> {
    const input = draftInputSchema.safeParse(body);
    if (!input.success) return invalid(input.error.issues);
    if ((await this.drafts.list(author.state)).length >= draftLimits.draftsPerState) {
      return { kind: 'conflict', detail: `${author.state} has ${draftLimits.draftsPerState} drafts already; submit or delete some first.` };
    }
    const draft: Draft = { id: randomUUID(), ...input.data, savedAt: this.now().toISOString(), savedBy: author.username };
    await this.drafts.save(author.state, draft, { mustExist: false });
    return { kind: 'created', draft };
  }

  async get(author: DraftAuthor, id: string): Promise<DraftOutcome> {
    const draft = draftIdSchema.safeParse(id).success ? await this.drafts.get(author.state, id) : undefined;
    return draft ? { kind: 'found', draft } : noDraft(author, id);
  }

  async replace(author: DraftAuthor, id: string, body: unknown): Promise<DraftOutcome> {
    if (!draftIdSchema.safeParse(id).success) return noDraft(author, id);
    const input = draftInputSchema.safeParse(body);
    if (!input.success) return invalid(input.error.issues);
    const draft: Draft = { id, ...input.data, savedAt: this.now().toISOString(), savedBy: author.username };
    return (await this.drafts.save(author.state, draft, { mustExist: true })) ? { kind: 'saved', draft } : noDraft(author, id);
  }

  async delete(author: DraftAuthor, id: string): Promise<DraftOutcome> {
    const deleted = draftIdSchema.safeParse(id).success && (await this.drafts.delete(author.state, id));
    return deleted ? { kind: 'deleted' } : noDraft(author, id);
  }
}

function invalid(issues: Parameters<typeof fieldErrors>[0]): DraftOutcome {
  return { kind: 'invalid', errors: fieldErrors(issues, 'is not a field of a draft') };
}

function noDraft({ state }: DraftAuthor, id: string): DraftOutcome {
  return { kind: 'not-found', detail: `${state} has no draft ${id}.` };
}
