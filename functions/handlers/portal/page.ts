/**
 * The portal's page: a shell in which the script renders every view in the reader's language,
 * and its style sheet. The configuration the script needs (the user pool, its client, the
 * Cognito endpoint, the report form's vocabularies) travels in a JSON data block, which the
 * Content-Security-Policy does not treat as a script.
 */
import { escapeHtml } from '../../core/html.ts';
import { officialLanguages } from '../../core/languages.ts';
import {
  affectedKinds,
  attachmentTypes,
  formVersion,
  justiceMeasureKinds,
  preventiveMeasureKinds,
  submissionLimits,
  violationKinds,
} from '../../core/submission-vocabularies.ts';

export interface PortalConfig {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly cognitoEndpoint: string;
}

/** What the page's script is given: the sign-in settings and the form's vocabularies, from the core. */
export function pageData(config: PortalConfig) {
  return {
    ...config,
    formVersion,
    officialLanguages,
    affectedKinds,
    violationKinds,
    justiceMeasureKinds,
    preventiveMeasureKinds,
    attachmentTypes,
    /** The largest file the API accepts, checked before a file is uploaded. */
    attachmentBytes: submissionLimits.attachmentBytes,
  };
}
export type PageData = ReturnType<typeof pageData>;

export function portalPage(config: PortalConfig): string {
  // `<` cannot end the data block early once escaped; JSON stays valid.
  const data = JSON.stringify(pageData(config)).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml('Missions’ portal')}</title>
<link rel="stylesheet" href="/portal/app.css">
</head>
<body>
<div id="app"><main id="main"><h1>Missions’ portal</h1><p id="loading">Loading…</p><noscript><p>This portal needs JavaScript.</p></noscript></main></div>
<script type="application/json" id="portal-config">${data}</script>
<script src="/portal/app.js" defer></script>
</body>
</html>
`;
}

export const portalStyles = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #005ea2; --accent-dark: #00406e; --error: #b50909; --ok: #1a6b2f; --line: #8a8a8a; --paper: #fff; --tint: #f0f4f8; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; font-size: 100%; line-height: 1.5; color: var(--ink); background: var(--paper); }
body { margin: 0; }
a { color: var(--accent); }
a:hover { color: var(--accent-dark); }
:focus-visible, input:focus, input:focus-within, select:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
.skip { position: absolute; left: -999px; top: 0; background: var(--paper); padding: .5rem 1rem; }
.skip:focus { left: 0; z-index: 10; }
header.bar { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; padding: .75rem 1rem; background: var(--accent-dark); color: #fff; }
header.bar a, header.bar .who { color: #fff; }
header.bar .title { font-weight: 700; font-size: 1.125rem; color: #fff; text-decoration: none; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.tools { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; }
.tools label { color: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
main:focus { outline: none; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 1.5rem 0 .5rem; }
label, legend { font-weight: 600; display: block; margin-bottom: .25rem; }
.choice label { font-weight: 400; display: inline; }
.choice { display: flex; gap: .5rem; align-items: flex-start; margin: .25rem 0; }
.choice input { width: 1.25rem; height: 1.25rem; margin-top: .15rem; flex: none; }
.field { margin: 0 0 1.25rem; }
.hint { color: var(--muted); margin: 0 0 .25rem; font-size: .95rem; }
input[type=text], input[type=password], input[type=date], input[type=email], input[type=search], input:not([type]), select, textarea { font: inherit; width: 100%; max-width: 36rem; padding: .5rem; border: 2px solid var(--ink); border-radius: 0; background: #fff; color: var(--ink); }
textarea { max-width: 100%; }
input[aria-invalid=true], textarea[aria-invalid=true], select[aria-invalid=true] { border-color: var(--error); border-width: 3px; }
fieldset { border: 1px solid var(--line); padding: .75rem 1rem; margin: 0 0 1.25rem; }
button, .button { font: inherit; font-weight: 600; padding: .6rem 1.1rem; border: 2px solid var(--accent-dark); background: var(--accent); color: #fff; cursor: pointer; border-radius: 3px; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--accent-dark); }
button.danger { background: var(--error); border-color: #7a0606; }
button:hover { background: var(--accent-dark); color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; }
.error-text { color: var(--error); font-weight: 600; margin: .25rem 0; }
.summary { border: 4px solid var(--error); padding: .75rem 1rem; margin: 0 0 1.5rem; }
.summary:focus { outline: 3px solid #ffbf47; }
.summary h2 { margin-top: 0; color: var(--error); }
.notice { border-left: 6px solid var(--ok); background: var(--tint); padding: .75rem 1rem; margin: 0 0 1rem; }
.panel { background: var(--tint); padding: .75rem 1rem; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; }
th, td { text-align: start; border-bottom: 1px solid var(--line); padding: .5rem .4rem; vertical-align: top; }
caption { text-align: start; font-weight: 600; margin-bottom: .25rem; }
dl.facts { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
progress { width: 12rem; height: 1rem; }
.files li { margin: .25rem 0; }
.code { font-family: ui-monospace, monospace; word-break: break-all; background: var(--tint); padding: .25rem .5rem; }
.code.secret { font-size: 1.25rem; word-break: normal; overflow-wrap: anywhere; }
ol.steps > li { margin: 0 0 1rem; }
@media (max-width: 40rem) {
  dl.facts { grid-template-columns: 1fr; }
  table.responsive thead { position: absolute; left: -9999px; }
  table.responsive tr { display: block; border-bottom: 2px solid var(--line); padding: .25rem 0; }
  table.responsive td { display: block; border: 0; padding: .15rem 0; }
  table.responsive td::before { content: attr(data-label) ": "; font-weight: 600; }
}
@media print {
  header.bar, nav, .actions, .skip, .no-print { display: none !important; }
  main { max-width: none; padding: 0; }
  a { color: var(--ink); text-decoration: none; }
}
`;
