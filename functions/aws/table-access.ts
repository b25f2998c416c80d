/** The table as a function reaches it: the shared document client and the configured name. */
import { dynamoDocumentClient } from './clients.ts';
import type { TableAccess } from './table-repository.ts';

export function tableAccess(env: { TABLE_NAME: string }): TableAccess {
  return { client: dynamoDocumentClient(), tableName: env.TABLE_NAME };
}
