/**
 * HTML for the published site, built so that text can never become markup: every value
 * interpolated into the `html` template is escaped, and stripped of bidirectional controls
 * (../bidi.ts), unless it is itself `Html` made by the template. Pages carry no scripts and link only to relative paths of the site, so the site can
 * be served from any bucket or prefix, or read from a folder.
 */

import { withoutBidiControls } from '../bidi.ts';
import type { OfficialLanguage } from '../codes.ts';
import { escapeHtml } from '../html.ts';

export interface Html {
  readonly html: string;
}

export type Fragment = Html | string | number | false | null | undefined | readonly Fragment[];

export { escapeHtml };

function render(fragment: Fragment): string {
  if (fragment === false || fragment === null || fragment === undefined) return '';
  if (typeof fragment === 'string') return escapeHtml(withoutBidiControls(fragment));
  if (typeof fragment === 'number') return String(fragment);
  if ('html' in fragment) return fragment.html;
  return fragment.map(render).join('');
}

/** Markup with escaped interpolations: arrays are concatenated, and false, null and undefined render nothing. */
export function html(strings: TemplateStringsArray, ...values: readonly Fragment[]): Html {
  return { html: strings.reduce((out, part, index) => out + part + (index < values.length ? render(values[index]!) : ''), '') };
}

/** A relative link target: each segment of a site path percent-encoded (file names may hold spaces, `#` or `?`), then the fragment. */
export function href(path: string, fragment?: string): string {
  const encoded = path
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
  return fragment === undefined ? encoded : `${encoded}#${encodeURIComponent(fragment)}`;
}

/** Fragments one per line, leaving out those that render nothing (fields a report does not have). */
export function lines(fragments: readonly Fragment[]): Html {
  return {
    html: fragments
      .map(render)
      .filter((line) => line !== '')
      .join('\n'),
  };
}

/** `lang` (and `dir` for Arabic) for text written in the language of the original. */
export function languageAttributes(language: OfficialLanguage): Html {
  return language === 'ar' ? html` lang="ar" dir="rtl"` : html` lang="${language}"`;
}

export const languageNames: Record<OfficialLanguage, string> = { ar: 'Arabic', zh: 'Chinese', en: 'English', fr: 'French', ru: 'Russian', es: 'Spanish' };

export const stylesheetPath = 'style.css';

/** Readable without the stylesheet; with it: a narrow column, visible focus, no colour carrying meaning alone. */
export const stylesheet = `:root { color-scheme: light; --text: #1b1b1b; --muted: #4a4a4a; --link: #004f9f; --rule: #c8c8c8; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: var(--text); background: #fff; }
header, main, footer { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--rule); }
footer { border-top: 1px solid var(--rule); margin-top: 2rem; color: var(--muted); font-size: 0.875rem; }
a { color: var(--link); text-decoration: underline; }
a:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; display: inline-block; padding: 0.5rem; }
.states { columns: 14rem; padding-left: 1.25rem; }
dl.fields { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: 0.25rem 1rem; }
dl.fields dt { font-weight: 600; }
dl.fields dd { margin: 0; }
.text { white-space: pre-line; }
.muted { color: var(--muted); }
`;

/** A whole page; `root` is the way back to the top of the site from the page's folder (`''` or `'../'`). */
export function page(options: {
  readonly title: string;
  readonly siteTitle: string;
  readonly root: string;
  readonly body: Html;
  readonly footer: Html;
}): string {
  const document = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="${href(`${options.root}${stylesheetPath}`)}">
</head>
<body>
<a class="skip" href="#content">Skip to the content</a>
<header><p><a href="${href(`${options.root}index.html`)}">${options.siteTitle}</a></p></header>
<main id="content">
${options.body}
</main>
<footer>${options.footer}</footer>
</body>
</html>
`;
  return document.html;
}
