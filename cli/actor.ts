/** Who acts when the Secretariat runs a CLI command: the operating-system user, for the audit trail. */
import { userInfo } from 'node:os';
import type { Actor } from '../functions/core/audit.ts';

export function cliActor(): Actor {
  return { kind: 'secretariat', id: process.env['MPR_OPERATOR'] ?? userInfo().username };
}
