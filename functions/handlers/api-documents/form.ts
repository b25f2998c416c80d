/**
 * GET /v1/form: a page from which a focal point submits a report without writing code. It signs
 * requests with a pasted ID token, uploads attachments through POST /v1/attachments (computing
 * their SHA-256 in the browser) and shows the receipt.
 *
 * The page is static: its choices come from the core's vocabularies when the module loads, and
 * everything a user or the API supplies is shown through `textContent`, never parsed as HTML. Its
 * one script and one style sheet are inline and allowed by their hashes in the
 * Content-Security-Policy, which allows nothing else to run.
 */
import { escapeHtml } from '../../core/html.ts';
import { officialLanguages } from '../../core/languages.ts';
import {
  affectedKinds,
  attachmentTypes,
  formVersion,
  justiceMeasureKinds,
  preventiveMeasureKinds,
  violationKinds,
} from '../../core/submission-vocabularies.ts';

const languageNames: Readonly<Record<(typeof officialLanguages)[number], string>> = {
  ar: 'Arabic',
  zh: 'Chinese',
  en: 'English',
  fr: 'French',
  ru: 'Russian',
  es: 'Spanish',
};

/** `permanent-mission` → `Permanent mission`. */
function labelOf(value: string): string {
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function checkboxes(name: string, values: readonly string[]): string {
  return values
    .map((value) => {
      const id = `${name}-${value}`;
      return `<div class="choice"><input type="checkbox" id="${escapeHtml(id)}" name="${escapeHtml(name)}" value="${escapeHtml(value)}"><label for="${escapeHtml(id)}">${escapeHtml(labelOf(value))}</label></div>`;
    })
    .join('');
}

/** A labelled control; `path` is the JSON pointer of the form field it fills, to show the API's errors beside it. */
function field(input: { id: string; label: string; path?: string; hint?: string; control: (attributes: string) => string }): string {
  const hintId = `${input.id}-hint`;
  const attributes = [`id="${input.id}"`, input.path ? `data-path="${escapeHtml(input.path)}"` : '', input.hint ? `aria-describedby="${hintId}"` : '']
    .filter(Boolean)
    .join(' ');
  const hint = input.hint ? `<p class="hint" id="${hintId}">${escapeHtml(input.hint)}</p>` : '';
  return `<div class="field"><label for="${input.id}">${escapeHtml(input.label)}</label>${hint}${input.control(attributes)}</div>`;
}

function text(
  id: string,
  label: string,
  path: string,
  options: { required?: boolean; hint?: string; type?: string; pattern?: string; maxLength?: number } = {},
): string {
  const extra = [
    options.required ? 'required' : '',
    options.pattern ? `pattern="${escapeHtml(options.pattern)}"` : '',
    options.maxLength ? `maxlength="${options.maxLength}"` : '',
  ].filter(Boolean);
  return field({
    id,
    label,
    path,
    ...(options.hint ? { hint: options.hint } : {}),
    control: (attributes) => `<input type="${options.type ?? 'text'}" ${[attributes, ...extra].join(' ')}>`,
  });
}

function textarea(id: string, label: string, path: string, options: { required?: boolean; hint?: string; rows?: number } = {}): string {
  return field({
    id,
    label,
    path,
    ...(options.hint ? { hint: options.hint } : {}),
    control: (attributes) => `<textarea ${attributes} rows="${options.rows ?? 4}"${options.required ? ' required' : ''}></textarea>`,
  });
}

function group(id: string, legend: string, path: string, content: string): string {
  return `<fieldset class="group" id="${id}" data-path="${escapeHtml(path)}"><legend>${escapeHtml(legend)}</legend>${content}</fieldset>`;
}

const stateCodePattern = '[A-Z]{3}';
const stateCodeHint = 'ISO 3166-1 alpha-3 code in capitals, e.g. KEN';
const attachmentAccept = Object.entries(attachmentTypes)
  .flatMap(([type, endings]) => [type, ...endings])
  .join(',');

const style = `
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fff}
main{max-width:48rem;margin:0 auto;padding:1rem 1.5rem 3rem}
fieldset{border:1px solid #8a8a8a;border-radius:.25rem;margin:1.25rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
.field{margin:.75rem 0}
label{display:block;font-weight:500}
.choice label{display:inline;font-weight:400;margin-left:.35rem}
.hint{margin:.1rem 0 .3rem;color:#4a4a4a;font-size:.9rem}
input[type=text],input[type=url],input[type=date],input[type=time],select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.35rem;border:1px solid #5a5a5a;border-radius:.2rem}
textarea#token{font-family:ui-monospace,monospace;font-size:.8rem}
:focus-visible{outline:3px solid #1d5fbf;outline-offset:2px}
[aria-invalid=true]{border-color:#b00020;outline:2px solid #b00020}
button{font:inherit;font-weight:600;padding:.5rem 1.25rem;border-radius:.25rem;border:1px solid #0b3d91;background:#0b3d91;color:#fff;cursor:pointer}
#result{margin-top:1.5rem}
#result:focus{outline:none}
.receipt{border:2px solid #1b6e2a;border-radius:.25rem;padding:.75rem 1rem}
.problem{border:2px solid #b00020;border-radius:.25rem;padding:.75rem 1rem}
code{background:#f1f1f1;padding:0 .2rem}
`;

// Vanilla JavaScript, run as the page's only script. It never assigns HTML: every text the user,
// the API or S3 supplies is set with textContent.
const script = `
(function () {
  'use strict';
  var form = document.getElementById('report-form');
  var result = document.getElementById('result');
  var status = document.getElementById('progress');
  var contentTypes = JSON.parse(form.getAttribute('data-attachment-types'));
  // Clients of the API must send an Idempotency-Key: this form always does, one key per
  // submission, kept across retries of it, so that a retry never records it twice.
  var idempotencyKey = null;

  function byId(id) { return document.getElementById(id); }
  function value(id) { return byId(id).value.trim(); }
  function checkedValues(name) {
    return Array.prototype.map.call(document.querySelectorAll('input[name="' + name + '"]:checked'), function (box) { return box.value; });
  }
  function setIfGiven(target, name, given) { if (given !== '') target[name] = given; }
  function selectedKind() { return document.querySelector('input[name="kind"]:checked').value; }

  function showKind() {
    var kind = selectedKind();
    ['violation', 'follow-up', 'views'].forEach(function (name) {
      var section = byId('section-' + name);
      section.hidden = name !== kind;
      section.disabled = name !== kind;
    });
  }

  function measures(prefix) {
    var taken = checkedValues(prefix + '-taken');
    var description = value(prefix + '-description');
    return taken.length === 0 && description === '' ? undefined : { taken: taken, description: description };
  }

  function reportItem() {
    var kind = selectedKind();
    var item = { kind: kind };
    if (kind === 'violation') {
      item.occurredIn = value('occurred-in');
      setIfGiven(item, 'city', value('city'));
      setIfGiven(item, 'placeDetails', value('place-details'));
      item.incidentDate = value('incident-date');
      setIfGiven(item, 'incidentTime', value('incident-time'));
      item.affected = { kinds: checkedValues('affected'), missionState: value('mission-state') };
      item.violationKinds = checkedValues('violation-kind');
      item.facts = value('facts');
      item.allegedOffender = { known: byId('offender-known').checked };
      if (value('offender-detained') !== '') item.allegedOffender.detained = value('offender-detained') === 'yes';
      setIfGiven(item.allegedOffender, 'presentIn', value('offender-present-in'));
      setIfGiven(item, 'actionRequestedOrTaken', value('action'));
      item.circulate = byId('violation-circulate').checked;
    } else if (kind === 'follow-up') {
      item.answers = value('answers');
      var justice = measures('justice');
      if (justice) item.justiceMeasures = justice;
      if (value('outcome-description') !== '') item.outcomeOfProceedings = { final: byId('outcome-final').checked, description: value('outcome-description') };
      var preventive = measures('preventive');
      if (preventive) item.preventiveMeasures = preventive;
      item.circulate = byId('follow-up-circulate').checked;
    } else {
      item.text = value('views-text');
      if (value('legislation-title') !== '') {
        var law = { title: value('legislation-title'), year: Number(value('legislation-year')) };
        setIfGiven(law, 'link', value('legislation-link'));
        item.legislation = [law];
      }
    }
    return item;
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (byte) { return byte.toString(16).padStart(2, '0'); }).join('');
  }

  function contentTypeOf(file) {
    if (file.type && contentTypes[file.type]) return file.type;
    var name = file.name.toLowerCase();
    return Object.keys(contentTypes).find(function (type) {
      return contentTypes[type].some(function (ending) { return name.endsWith(ending); });
    }) || file.type || 'application/octet-stream';
  }

  function Problem(body, context) { this.body = body; this.context = context; }

  async function readJson(response) {
    try { return await response.json(); } catch (error) { return { title: response.status + ' ' + response.statusText }; }
  }

  async function upload(file, token, index) {
    var description = {
      fileName: file.name,
      contentType: contentTypeOf(file),
      size: file.size,
      sha256: hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))
    };
    var response = await fetch('attachments', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
      body: JSON.stringify(description)
    });
    var answer = await readJson(response);
    if (response.status !== 201) throw new Problem(answer, 'Attachment ' + (index + 1) + ' (' + file.name + ')');
    var put = await fetch(answer.uploadUrl, { method: answer.method, headers: answer.headers, body: file });
    if (!put.ok) throw new Problem({ title: 'The upload of ' + file.name + ' failed (' + put.status + ')' }, 'Attachment ' + (index + 1));
    description.key = answer.key;
    return description;
  }

  function clearErrors() {
    Array.prototype.forEach.call(document.querySelectorAll('[aria-invalid]'), function (element) { element.removeAttribute('aria-invalid'); });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function show(nodes) {
    result.replaceChildren.apply(result, nodes);
    result.focus();
  }

  function showReceipt(receipt) {
    var box = element('div', undefined, 'receipt');
    box.append(element('h2', 'Received: ' + receipt.reference));
    var list = element('dl');
    [
      ['Reference', receipt.reference],
      ['Received at', receipt.receivedAt],
      ['Status', receipt.status],
      ['Circulated to all States', receipt.decisions.circulate.value ? 'yes' : 'no, at your request'],
      ['Full text published', receipt.decisions.publishFullText.value ? 'yes' : 'no'],
      ['May be summarized in the report of the Secretary-General', receipt.decisions.summarize.value ? 'yes' : 'no']
    ].forEach(function (entry) { list.append(element('dt', entry[0]), element('dd', entry[1])); });
    box.append(list, element('p', 'Quote the reference in any correspondence about this submission.'));
    show([box]);
  }

  function showProblem(problem, context) {
    var box = element('div', undefined, 'problem');
    box.setAttribute('role', 'alert');
    box.append(element('h2', (context ? context + ': ' : '') + (problem.title || problem.message || 'The submission failed')));
    if (problem.detail) box.append(element('p', problem.detail));
    if (Array.isArray(problem.errors) && problem.errors.length > 0) {
      var list = element('ul');
      problem.errors.forEach(function (error) {
        var item = element('li');
        var target = document.querySelector('[data-path="' + CSS.escape(error.path) + '"]');
        if (target && target.id) {
          var label = target.tagName === 'FIELDSET' ? target.querySelector('legend') : document.querySelector('label[for="' + target.id + '"]');
          target.setAttribute('aria-invalid', 'true');
          var link = element('a', label ? label.textContent : error.path);
          link.href = '#' + target.id;
          item.append(link, document.createTextNode(' ' + error.message));
        } else {
          item.textContent = (error.path || 'The form') + ' ' + error.message;
        }
        list.append(item);
      });
      box.append(list);
    }
    show([box]);
  }

  document.querySelectorAll('input[name="kind"]').forEach(function (radio) { radio.addEventListener('change', showKind); });
  showKind();

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    clearErrors();
    var token = value('token');
    var button = byId('submit');
    button.disabled = true;
    status.textContent = 'Sending…';
    try {
      var files = Array.prototype.slice.call(byId('attachments').files);
      var attachments = [];
      for (var index = 0; index < files.length; index += 1) {
        status.textContent = 'Uploading ' + files[index].name + '…';
        attachments.push(await upload(files[index], token, index));
      }
      var item = reportItem();
      item.attachments = attachments;
      var body = {
        formVersion: Number(form.getAttribute('data-form-version')),
        language: value('language'),
        note: { date: value('note-date') },
        items: [item],
        // The State's own choices; circulation is chosen on the report itself.
        requests: { summarize: byId('may-summarize').checked }
      };
      setIfGiven(body.note, 'reference', value('note-reference'));
      // Unchecked, the State asks that its text not be published; checked, the procedure's default
      // applies: published when circulated, never when the State asked for no circulation.
      if (!byId('publish-full-text').checked) body.requests.publishFullText = false;
      idempotencyKey = idempotencyKey || crypto.randomUUID();
      status.textContent = 'Submitting…';
      var response = await fetch('submissions', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body)
      });
      var answer = await readJson(response);
      if (response.status === 201 || response.status === 200) {
        idempotencyKey = null;
        showReceipt(answer);
      } else {
        // A problem the form can fix needs a new key; a fault on the way is retried with the same one.
        if (response.status < 500 && response.status !== 409 && response.status !== 429) idempotencyKey = null;
        showProblem(answer, response.status === 401 ? 'Sign in' : '');
      }
    } catch (error) {
      if (error instanceof Problem) showProblem(error.body, error.context);
      else showProblem({ title: 'The request could not be sent', detail: String(error && error.message || error) });
    } finally {
      status.textContent = '';
      button.disabled = false;
    }
  });
})();
`;

/**
 * node:crypto is loaded here, when the policy is first formed (a request for the form), not when
 * the module loads: loading it takes about 10 ms, which every cold start of this function would
 * pay, the OpenAPI document's requests included (docs/benchmarks.md).
 */
function hashSource(source: string): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return `'sha256-${createHash('sha256').update(source).digest('base64')}'`;
}

/**
 * Only the page's own script and style run; requests go to this API ('self') and to the exact
 * origins given: the evidence bucket the presigned uploads go to and the user pool's Cognito
 * endpoint, as the function's SDK clients resolve them (AWS's on AWS, the local stand-ins' on the
 * local engine). No wildcard: `https://*.amazonaws.com` would let a script injected into the page
 * send what it read to any bucket or API of any AWS account.
 */
export function formContentSecurityPolicy(connectOrigins: readonly string[]): string {
  for (const origin of connectOrigins) {
    if (!/^https?:\/\/[a-z0-9.-]+(?::\d+)?$/i.test(origin) || new URL(origin).origin !== origin) throw new Error(`not an origin: ${origin}`);
  }
  return [
    "default-src 'none'",
    `script-src ${hashSource(script)}`,
    `style-src ${hashSource(style)}`,
    `connect-src 'self' ${connectOrigins.join(' ')}`,
    "img-src 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const body = `
<main>
<h1>Submit a report on the protection of diplomatic and consular missions</h1>
<p>Use this form to send the Secretary-General a report of a serious violation, a follow-up report on the measures taken, or your State's views. Every submission receives a reference number.</p>
<form id="report-form" data-form-version="${formVersion}" data-attachment-types="${escapeHtml(JSON.stringify(attachmentTypes))}">
<fieldset>
<legend>Sign in</legend>
${field({
  id: 'token',
  label: 'ID token of your focal-point account',
  hint: 'Paste the ID token you signed in with. On a local system, print one with: npx mpr local token --state FRA',
  control: (attributes) => `<textarea ${attributes} rows="3" required autocomplete="off" spellcheck="false"></textarea>`,
})}
</fieldset>
<fieldset>
<legend>Your note</legend>
${field({
  id: 'language',
  label: 'Language of the communication',
  path: '/language',
  control: (attributes) =>
    `<select ${attributes}>${officialLanguages.map((code) => `<option value="${code}"${code === 'en' ? ' selected' : ''}>${escapeHtml(languageNames[code])}</option>`).join('')}</select>`,
})}
${text('note-date', 'Date of your note', '/note/date', { type: 'date', required: true })}
${text('note-reference', 'Reference of your note (optional)', '/note/reference', { maxLength: 200 })}
</fieldset>
<fieldset>
<legend>What are you submitting?</legend>
<div class="choice"><input type="radio" id="kind-violation" name="kind" value="violation" checked><label for="kind-violation">A report of a serious violation (paragraph 11 (a))</label></div>
<div class="choice"><input type="radio" id="kind-follow-up" name="kind" value="follow-up"><label for="kind-follow-up">A follow-up report on measures taken (paragraph 11 (b))</label></div>
<div class="choice"><input type="radio" id="kind-views" name="kind" value="views"><label for="kind-views">Your State's views on measures needed or taken</label></div>
</fieldset>
<fieldset id="section-violation">
<legend>Report of a violation</legend>
${text('occurred-in', 'State where the violation took place', '/items/0/occurredIn', { required: true, pattern: stateCodePattern, hint: stateCodeHint })}
${text('city', 'City or place (optional)', '/items/0/city', { maxLength: 200 })}
${textarea('place-details', 'Details of the place (optional)', '/items/0/placeDetails', { rows: 2 })}
${text('incident-date', 'Date of the incident', '/items/0/incidentDate', { type: 'date', required: true })}
${text('incident-time', 'Local time of the incident (optional)', '/items/0/incidentTime', { type: 'time' })}
${group('affected-kinds', 'What was affected', '/items/0/affected/kinds', checkboxes('affected', affectedKinds))}
${text('mission-state', 'State whose mission or representative was affected', '/items/0/affected/missionState', { required: true, pattern: stateCodePattern, hint: stateCodeHint })}
${group('violation-kinds', 'Kind of violation', '/items/0/violationKinds', checkboxes('violation-kind', violationKinds))}
${textarea('facts', 'The facts', '/items/0/facts', { required: true, rows: 6 })}
${group(
  'alleged-offender',
  'The alleged offender',
  '/items/0/allegedOffender',
  `<div class="choice"><input type="checkbox" id="offender-known" data-path="/items/0/allegedOffender/known"><label for="offender-known">The alleged offender is known</label></div>
${field({
  id: 'offender-detained',
  label: 'Detained?',
  path: '/items/0/allegedOffender/detained',
  control: (attributes) => `<select ${attributes}><option value="">Not stated</option><option value="yes">Yes</option><option value="no">No</option></select>`,
})}
${text('offender-present-in', 'Present in another State (optional)', '/items/0/allegedOffender/presentIn', { pattern: stateCodePattern, hint: stateCodeHint })}`,
)}
${textarea('action', 'Action requested or taken (optional)', '/items/0/actionRequestedOrTaken', { rows: 3, hint: 'For example a protest to the receiving State.' })}
<div class="choice"><input type="checkbox" id="violation-circulate" data-path="/items/0/circulate" checked><label for="violation-circulate">Circulate this report to all States</label></div>
</fieldset>
<fieldset id="section-follow-up" hidden disabled>
<legend>Follow-up report</legend>
${text('answers', 'The incident or report this follow-up answers', '/items/0/answers', { required: true, hint: 'An incident id such as INC-MPR-2024-0042-1, or the reference of the violation report such as MPR-2024-0042.' })}
${group('justice-measures', 'Measures to bring the offender to justice', '/items/0/justiceMeasures', `${checkboxes('justice-taken', justiceMeasureKinds)}${textarea('justice-description', 'Description', '/items/0/justiceMeasures/description', { rows: 3 })}`)}
${group(
  'outcome',
  'Outcome of the proceedings',
  '/items/0/outcomeOfProceedings',
  `<div class="choice"><input type="checkbox" id="outcome-final" data-path="/items/0/outcomeOfProceedings/final"><label for="outcome-final">This is the final outcome</label></div>${textarea('outcome-description', 'Description', '/items/0/outcomeOfProceedings/description', { rows: 3 })}`,
)}
${group('preventive-measures', 'Measures to prevent a repetition', '/items/0/preventiveMeasures', `${checkboxes('preventive-taken', preventiveMeasureKinds)}${textarea('preventive-description', 'Description', '/items/0/preventiveMeasures/description', { rows: 3 })}`)}
<div class="choice"><input type="checkbox" id="follow-up-circulate" data-path="/items/0/circulate" checked><label for="follow-up-circulate">Circulate this report to all States</label></div>
</fieldset>
<fieldset id="section-views" hidden disabled>
<legend>Views</legend>
${textarea('views-text', 'Your State’s views on measures needed or already taken', '/items/0/text', { required: true, rows: 8 })}
${group(
  'legislation',
  'Legislation (optional)',
  '/items/0/legislation',
  `${text('legislation-title', 'Title of a law or regulation', '/items/0/legislation/0/title', { maxLength: 2000 })}${text('legislation-year', 'Year', '/items/0/legislation/0/year', { pattern: '[0-9]{4}' })}${text('legislation-link', 'Link (optional)', '/items/0/legislation/0/link', { type: 'url' })}`,
)}
</fieldset>
<fieldset>
<legend>How the Secretariat may use it</legend>
<div class="choice"><input type="checkbox" id="publish-full-text" data-path="/requests/publishFullText" checked><label for="publish-full-text">Publish the full text on the United Nations website (only if it is circulated)</label></div>
<div class="choice"><input type="checkbox" id="may-summarize" data-path="/requests/summarize" checked><label for="may-summarize">It may be summarized in the report of the Secretary-General to the General Assembly</label></div>
</fieldset>
<fieldset>
<legend>Attachments</legend>
${field({
  id: 'attachments',
  label: 'Files to attach (optional)',
  path: '/items/0/attachments',
  hint: 'PDF, Word, OpenDocument text, JPEG, PNG or plain text; at most 10 MiB each.',
  control: (attributes) => `<input type="file" ${attributes} multiple accept="${escapeHtml(attachmentAccept)}">`,
})}
</fieldset>
<button type="submit" id="submit">Submit</button>
<p id="progress" role="status" aria-live="polite"></p>
</form>
<section id="result" aria-live="polite" tabindex="-1"></section>
</main>`;

export const formPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Submit a report: protection of diplomatic and consular missions</title>
<style>${style}</style>
</head>
<body>${body}
<script>${script}</script>
</body>
</html>
`;
