/**
 * What the portal's function serves: the page with its Content-Security-Policy, the script, the
 * style sheet and the States' names. The policy lets the page run only its own script and reach
 * only this API, the Cognito user pools endpoint and the evidence bucket (attachments are PUT to
 * and fetched from presigned URLs).
 */
import { readFileSync } from 'node:fs';
import type { StatesRepository } from '../../aws/states-repository.ts';
import { type HttpResult, json } from '../../runtime/http.ts';
import { type PortalConfig, portalPage, portalStyles } from './page.ts';

export interface SiteSettings extends PortalConfig {
  /** Where the browser PUTs attachments: the presigned URLs' origin (aws/endpoint-origins.ts). */
  readonly uploadOrigin: string;
  /** The script's file name, beside this module (see ./bundle.ts). */
  readonly bundleFile: string;
}

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function contentSecurityPolicy(settings: SiteSettings): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${new URL(settings.cognitoEndpoint).origin} ${settings.uploadOrigin}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function text(contentType: string, body: string, headers: Record<string, string> = {}): HttpResult {
  return { statusCode: 200, headers: { 'content-type': contentType, 'cache-control': 'no-cache', ...securityHeaders, ...headers }, body };
}

/** The portal's files by name (`undefined` for a name it has not), the page under `''`. */
export function portalSite(settings: SiteSettings, states: StatesRepository): (name: string) => Promise<HttpResult> | undefined {
  const page = portalPage(settings);
  const policy = contentSecurityPolicy(settings);
  let script: string | undefined;
  const files: Record<string, () => Promise<HttpResult>> = {
    '': async () => text('text/html; charset=utf-8', page, { 'content-security-policy': policy }),
    // Read once: built next to this module.
    'app.js': async () => text('text/javascript; charset=utf-8', (script ??= readFileSync(new URL(`./${settings.bundleFile}`, import.meta.url), 'utf8'))),
    'app.css': async () => text('text/css; charset=utf-8', portalStyles),
    'states.json': async () => {
      const list = (await states.list()).map(({ code, nameEn, nameFr, nameEs, sortKey, language }) => ({ code, nameEn, nameFr, nameEs, sortKey, language }));
      return json(200, { states: list }, { 'cache-control': 'public, max-age=300' });
    },
  };
  return (name) => (Object.hasOwn(files, name) ? files[name]!() : undefined);
}
