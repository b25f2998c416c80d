/**
 * A State's focal points, managed by its mission administrator or by the Secretariat for the
 * State it names (the authority is the core's: core/focal-point-authority.ts): listed, added
 * (Cognito e-mails the invitation), disabled or enabled, and removed. Removing or disabling a
 * user refuses its tokens at once (aws/focal-points.ts). Each change is audited.
 */
import type { AuditRepository } from '../aws/audit-repository.ts';
import { type FocalPointAccount, type FocalPointDirectory, FocalPointExistsError } from '../aws/focal-points.ts';
import type { StatesRepository } from '../aws/states-repository.ts';
import type { Actor } from '../core/audit.ts';
import type { Caller } from '../core/caller.ts';
import type { StateCode } from '../core/codes.ts';
import { mailboxOwners } from '../core/inbound-email/sender-rules.ts';
import { type FieldError, fieldErrors } from '../core/validation.ts';
import { type FocalPointView, focalPointChangeSchema, newFocalPointSchema } from '../intake/api-schemas.ts';

export type FocalPointOutcome =
  | { readonly kind: 'listed'; readonly focalPoints: FocalPointView[] }
  | { readonly kind: 'added' | 'changed'; readonly focalPoint: FocalPointView }
  | { readonly kind: 'removed' }
  | { readonly kind: 'invalid'; readonly errors: FieldError[] }
  | { readonly kind: 'not-found' | 'conflict'; readonly detail: string };

/** Who asks, and for which State (already checked against the caller's authority). */
export interface AccountManager {
  readonly caller: Caller;
  readonly state: StateCode;
}

export interface FocalPointServices {
  readonly directory: FocalPointDirectory;
  readonly audit: AuditRepository;
  readonly registry: StatesRepository;
}

const notAnObject: FieldError[] = [{ path: '', message: 'must be a JSON object' }];

export class FocalPoints {
  private readonly services: FocalPointServices;

  constructor(services: FocalPointServices) {
    this.services = services;
  }

  async list({ state }: AccountManager): Promise<FocalPointOutcome> {
    return { kind: 'listed', focalPoints: (await this.services.directory.list(state)).map(view) };
  }

  async add(manager: AccountManager, body: unknown): Promise<FocalPointOutcome> {
    const parsed = newFocalPointSchema.safeParse(body);
    if (!parsed.success)
      return { kind: 'invalid', errors: body === undefined ? notAnObject : fieldErrors(parsed.error.issues, 'is not a field of a new focal point') };
    // The pool signs in by e-mail as well: an account under another State's mission mailbox
    // would pass, to a reader, for that mission.
    if (mailboxOwners(await this.services.registry.list(), parsed.data.email).some((owner) => owner.code !== manager.state)) {
      return {
        kind: 'invalid',
        errors: [{ path: '/email', message: "is the registered mission mailbox of another State; give the focal point's own address" }],
      };
    }
    try {
      const { username, email, missionAdmin } = parsed.data;
      const account = await this.services.directory.add({ username, email, state: manager.state, missionAdmin, invitation: 'email' });
      await this.audited(manager, 'added', account);
      return { kind: 'added', focalPoint: view(account) };
    } catch (error) {
      if (!(error instanceof FocalPointExistsError)) throw error;
      return { kind: 'conflict', detail: `${error.message}; choose another username or address.` };
    }
  }

  /** A user of another State is, to this manager, no user at all. */
  async change(manager: AccountManager, username: string, body: unknown): Promise<FocalPointOutcome> {
    const found = await this.othersAccount(manager, username, 'disable');
    if (found.kind !== 'found') return found;
    const change = focalPointChangeSchema.safeParse(body);
    if (!change.success)
      return { kind: 'invalid', errors: body === undefined ? notAnObject : fieldErrors(change.error.issues, 'is not a field that can change') };
    if (change.data.enabled) await this.services.directory.enable(username);
    else await this.services.directory.disable(username);
    await this.audited(manager, change.data.enabled ? 'enabled' : 'disabled', found.account);
    return { kind: 'changed', focalPoint: view({ ...found.account, enabled: change.data.enabled }) };
  }

  async remove(manager: AccountManager, username: string): Promise<FocalPointOutcome> {
    const found = await this.othersAccount(manager, username, 'remove');
    if (found.kind !== 'found') return found;
    await this.services.directory.remove(username);
    await this.audited(manager, 'removed', found.account);
    return { kind: 'removed' };
  }

  /** The named account, if it is one of the State's and not the manager's own. */
  private async othersAccount(
    { caller, state }: AccountManager,
    username: string,
    verb: 'remove' | 'disable',
  ): Promise<{ readonly kind: 'found'; readonly account: FocalPointAccount } | FocalPointOutcome> {
    const account = await this.services.directory.get(username);
    if (account === undefined || account.state !== state) return { kind: 'not-found', detail: `${state} has no focal point named ${username}.` };
    if (account.username === caller.username) {
      return { kind: 'conflict', detail: `You cannot ${verb} your own account; another administrator of your mission, or the Secretariat, can.` };
    }
    return { kind: 'found', account };
  }

  private async audited({ caller, state }: AccountManager, change: 'added' | 'removed' | 'disabled' | 'enabled', account: FocalPointAccount): Promise<void> {
    await this.services.audit.append({
      actor: actorOf(caller),
      action: 'changed',
      subject: { kind: 'state', id: state },
      state,
      details: { focalPoint: change, username: account.username, roles: account.roles },
    });
  }
}

function view(account: FocalPointAccount): FocalPointView {
  const { username, email, state, roles, status, enabled, createdAt } = account;
  return { username, email, state, roles: [...roles], status, enabled, createdAt };
}

function actorOf(caller: Caller): Actor {
  return caller.roles.includes('secretariat')
    ? { kind: 'secretariat', id: caller.username }
    : { kind: 'state', id: caller.username, ...(caller.state ? { state: caller.state } : {}) };
}
