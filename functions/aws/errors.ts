/**
 * Domain errors the repositories raise instead of DynamoDB's conditional-check failures, so a
 * handler decides what a conflict means (a duplicate submission is a 200 with the first receipt;
 * a stale update is a 409) without knowing about DynamoDB.
 */
/** The record already exists: a create-if-absent found it. */
export class AlreadyExistsError extends Error {
  override readonly name = 'AlreadyExistsError';
}

/** The record changed since it was read: an optimistic update lost the race. */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** Runs a conditional write and turns its condition failure into the given domain error. */
export async function onConditionFailure<T>(write: () => Promise<T>, domainError: () => Error): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isConditionFailure(error)) throw domainError();
    throw error;
  }
}

/** By name, not class: a bundle may hold more than one copy of the SDK's error classes. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
