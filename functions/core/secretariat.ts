/**
 * The Secretariat as the addressee of the internal notices: the unit's names are data
 * (data/secretariat.json), its mailbox is configuration (`mpr:secretariatAddress`).
 */
import * as z from 'zod/mini';
import secretariat from '../../data/secretariat.json' with { type: 'json' };
import type { NoteAddressee } from './notes/types.ts';

const secretariatSchema = z.object({
  source: z.string().check(z.minLength(1)),
  nameEn: z.string().check(z.minLength(1)),
  nameFr: z.string().check(z.minLength(1)),
});

const names = secretariatSchema.parse(secretariat);

/** The key of the Secretariat's send records and its code as an addressee (it is not a State). */
export const secretariatCode = 'SECRETARIAT';

export const secretariatAddressee: NoteAddressee = { code: secretariatCode, nameEn: names.nameEn, nameFr: names.nameFr };
