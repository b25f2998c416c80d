/**
 * zod's English messages, for the small API every module writes its schemas with (`zod/mini`,
 * whose schemas esbuild can leave out one by one): it loads no messages of its own, where the full
 * API set these on its first schema. Imported for its effect by the modules that turn issues into
 * messages (validation.ts, states.ts, the runtime's task input), so that a
 * message reads the same whichever module a function or a test loads first.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

z.config(en());
