/**
 * Writes the API's OpenAPI document, generated from the payloads' own schemas (openapi.ts), as
 * `openapi.json` beside the api-documents handler: into its asset when the stack is bundled, beside
 * handler.ts on the local engine. The function serves the file as it is, so that it loads neither
 * zod's JSON Schema code nor the schemas at cold start.
 *
 * `node functions/handlers/api-documents/build-document.ts OUTFILE` writes it to OUTFILE.
 */
import { outfileWhenRun, writeAtomically } from '../served-file.ts';
import { openApiDocument } from './openapi.ts';

export async function buildServedFile(outfile: string): Promise<void> {
  await writeAtomically(outfile, JSON.stringify(openApiDocument()));
}

const outfile = outfileWhenRun(import.meta.url);
if (outfile) await buildServedFile(outfile);
