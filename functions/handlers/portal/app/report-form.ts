/// <reference lib="dom" />
/** The report form: its fields, the request body it makes, drafts saved on the server, and attachments uploaded with progress. */
import { ApiError, api, type FieldError } from './api.ts';
import { h } from './dom.ts';
import { checkbox, checkedValues, choices, clearErrors, field, problemErrors, showErrors } from './forms.ts';
import { show } from './layout.ts';
import type { MessageKey } from './messages.ts';
import { auth, config, loadStates, nameInLanguage, session, stateName, t, unsentKey } from './state.ts';
import type { Receipt } from './submissions.ts';

type FormValues = Record<string, string | boolean | string[]>;

export interface Draft {
  readonly id: string;
  readonly title: string;
  readonly savedAt: string;
  readonly savedBy: string;
  readonly form: FormValues;
}

function stateInput(id: string, label: string, path: string, initial = ''): HTMLElement {
  return field(id, label, h('input', { type: 'text', list: 'state-names', autocomplete: 'off', value: initial }), { hint: t('submit.statesHint'), path });
}

/** A State typed by name, in any of the portal's languages, as its code; undefined when the name is not one of the list's. */
function stateCodeOf(name: string): string | undefined {
  const wanted = name.trim().toLocaleLowerCase(session.language);
  return session.states.find((state) =>
    [state.nameEn, state.nameFr, state.nameEs].some((candidate) => candidate?.toLocaleLowerCase(session.language) === wanted),
  )?.code;
}

/** The States' names for the list a name is chosen from: the UN's English order in English, the reader's alphabet otherwise. */
function stateNamesInOrder(): string[] {
  if (session.language === 'en') return [...session.states].sort((a, b) => a.sortKey.localeCompare(b.sortKey)).map(nameInLanguage);
  return session.states.map(nameInLanguage).sort((a, b) => a.localeCompare(b, session.language));
}

const formFieldIds = [
  'note-date',
  'note-reference',
  'report-language',
  'occurred-in',
  'city',
  'incident-date',
  'mission-state',
  'facts',
  'offender-known',
  'answers',
  'justice-description',
  'preventive-description',
  'views-text',
  'circulate',
] as const;
const formChoiceIds = ['kind', 'affected', 'violation-kinds', 'justice', 'preventive'] as const;

function readForm(): FormValues {
  const values: FormValues = {};
  for (const id of formFieldIds) {
    const element = document.getElementById(id) as HTMLInputElement | null;
    if (!element) continue;
    values[id] = element.type === 'checkbox' ? element.checked : element.value;
  }
  for (const id of formChoiceIds) values[id] = checkedValues(id);
  return values;
}

function fillForm(values: FormValues): void {
  for (const [id, content] of Object.entries(values)) {
    if (Array.isArray(content)) {
      for (const input of document.querySelectorAll<HTMLInputElement>(`input[name="${id}"]`)) input.checked = content.includes(input.value);
      continue;
    }
    const element = document.getElementById(id) as HTMLInputElement | null;
    if (!element) continue;
    if (element.type === 'checkbox') element.checked = content === true;
    else element.value = String(content);
  }
  showKind();
}

function showKind(): void {
  const kind = checkedValues('kind')[0] ?? 'violation';
  for (const section of document.querySelectorAll<HTMLElement>('[data-kind]')) section.hidden = !(section.dataset['kind'] ?? '').split(' ').includes(kind);
}

/** The request body the API takes, from the form; a State name not in the list is an error for that field. */
function bodyOf(values: FormValues, attachments: unknown[]): { body?: unknown; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const text = (id: string) => String(values[id] ?? '').trim();
  const list = (id: string) => (Array.isArray(values[id]) ? (values[id] as string[]) : []);
  const optional = <T>(content: string, wrap: (value: string) => T) => (content ? wrap(content) : undefined);
  const kind = list('kind')[0] ?? 'violation';
  const stateField = (id: string, path: string) => {
    const name = text(id);
    if (!name) return '';
    const code = stateCodeOf(name);
    if (!code) errors.push({ path, message: t('errors.chooseState') });
    return code ?? '';
  };
  let item: Record<string, unknown>;
  if (kind === 'violation') {
    item = {
      kind,
      occurredIn: stateField('occurred-in', '/items/0/occurredIn'),
      ...(optional(text('city'), (city) => ({ city })) ?? {}),
      incidentDate: text('incident-date'),
      affected: { kinds: list('affected'), missionState: stateField('mission-state', '/items/0/affected/missionState') },
      violationKinds: list('violation-kinds'),
      facts: text('facts'),
      allegedOffender: { known: values['offender-known'] === true },
      circulate: values['circulate'] === true,
      attachments,
    };
  } else if (kind === 'follow-up') {
    item = {
      kind,
      answers: text('answers'),
      ...(list('justice').length || text('justice-description')
        ? { justiceMeasures: { taken: list('justice'), description: text('justice-description') } }
        : {}),
      ...(list('preventive').length || text('preventive-description')
        ? { preventiveMeasures: { taken: list('preventive'), description: text('preventive-description') } }
        : {}),
      circulate: values['circulate'] === true,
      attachments,
    };
  } else {
    item = { kind, text: text('views-text'), attachments };
  }
  const body = {
    formVersion: config.formVersion,
    language: text('report-language'),
    note: { date: text('note-date'), ...(optional(text('note-reference'), (reference) => ({ reference })) ?? {}) },
    items: [item],
  };
  return { body, errors };
}

function draftTitle(values: FormValues): string {
  const kind = (Array.isArray(values['kind']) ? values['kind'][0] : undefined) ?? 'violation';
  const date = String(values['note-date'] ?? '');
  return [t(`kind.${kind}` as MessageKey), date, String(values['note-reference'] ?? '')].filter(Boolean).join(' · ');
}

export async function submitFormView(params: URLSearchParams): Promise<void> {
  await loadStates();
  const draftId = params.get('draft') ?? undefined;
  const draft = draftId ? await api<Draft>('GET', `/v1/drafts/${encodeURIComponent(draftId)}`) : undefined;
  const idempotencyKey = crypto.randomUUID();
  const today = new Date().toISOString().slice(0, 10);
  const initialKind = draft ? undefined : (params.get('kind') ?? 'violation');
  const vocabulary = (id: string, legend: string, prefix: string, values: readonly string[], path: string) =>
    choices(
      id,
      legend,
      'checkbox',
      values.map((entry) => ({ value: entry, label: t(`${prefix}.${entry}` as MessageKey) })),
      { path },
    );
  let currentDraftId = draftId;

  const form: HTMLFormElement = h(
    'form',
    { novalidate: true, onsubmit: (event: Event) => void send(event) },
    h('p', {}, t('submit.intro')),
    h(
      'datalist',
      { id: 'state-names' },
      stateNamesInOrder().map((name) => h('option', { value: name })),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, t('submit.note')),
      field('note-date', t('submit.noteDate'), h('input', { type: 'date', value: today, max: today }), { path: '/note/date' }),
      field('note-reference', t('submit.noteReference'), h('input', { type: 'text' }), { path: '/note/reference' }),
      field(
        'report-language',
        t('submit.language'),
        h(
          'select',
          {},
          config.officialLanguages.map((code) =>
            h('option', { value: code, selected: code === session.language }, t(`officialLanguage.${code}` as MessageKey)),
          ),
        ),
        { path: '/language' },
      ),
    ),
    choices(
      'kind',
      t('submit.kind'),
      'radio',
      (['violation', 'follow-up', 'views'] as const).map((kind) => ({
        value: kind,
        label: t(`submit.kind.${kind}` as MessageKey),
        checked: kind === initialKind,
      })),
      { path: '/items/0/kind' },
    ),
    h(
      'div',
      { 'data-kind': 'violation' },
      stateInput('occurred-in', t('submit.occurredIn'), '/items/0/occurredIn'),
      field('city', t('submit.city'), h('input', { type: 'text' }), { path: '/items/0/city' }),
      field('incident-date', t('submit.incidentDate'), h('input', { type: 'date', max: today }), {
        hint: t('submit.incidentDateHint'),
        path: '/items/0/incidentDate',
      }),
      vocabulary('affected', t('submit.affected'), 'affected', config.affectedKinds, '/items/0/affected/kinds'),
      stateInput('mission-state', t('submit.missionState'), '/items/0/affected/missionState', stateName(session.identity?.state)),
      vocabulary('violation-kinds', t('submit.violationKinds'), 'violation', config.violationKinds, '/items/0/violationKinds'),
      field('facts', t('submit.facts'), h('textarea', { rows: '8' }), { path: '/items/0/facts' }),
      checkbox('offender-known', t('submit.offenderKnown'), false),
    ),
    h(
      'div',
      { 'data-kind': 'follow-up' },
      field('answers', t('submit.answers'), h('input', { type: 'text', value: params.get('answers') ?? '' }), {
        hint: t('submit.answersHint'),
        path: '/items/0/answers',
      }),
      vocabulary('justice', t('submit.justice'), 'justice', config.justiceMeasureKinds, '/items/0/justiceMeasures/taken'),
      field('justice-description', t('submit.justiceDescription'), h('textarea', { rows: '5' }), { path: '/items/0/justiceMeasures/description' }),
      vocabulary('preventive', t('submit.preventive'), 'preventive', config.preventiveMeasureKinds, '/items/0/preventiveMeasures/taken'),
      field('preventive-description', t('submit.preventiveDescription'), h('textarea', { rows: '5' }), { path: '/items/0/preventiveMeasures/description' }),
    ),
    h('div', { 'data-kind': 'views' }, field('views-text', t('submit.views'), h('textarea', { rows: '8' }), { path: '/items/0/text' })),
    h(
      'fieldset',
      { 'data-kind': 'violation follow-up' },
      h('legend', {}, t('submit.decisions')),
      h('p', { class: 'hint', id: 'decisions-hint' }, t('submit.decisionsHint')),
      checkbox('circulate', t('submit.circulate'), true),
    ),
    field(
      'attachments',
      t('submit.attachments'),
      h('input', { type: 'file', multiple: true, accept: Object.values(config.attachmentTypes).flat().join(',') }),
      { hint: t('submit.attachmentsHint'), path: '/items/0/attachments' },
    ),
    h('ul', { class: 'files', id: 'uploads', 'aria-live': 'polite' }),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', id: 'send' }, t('submit.send')),
      h('button', { type: 'button', class: 'secondary', onclick: () => void saveDraft() }, t('submit.saveDraft')),
      h('button', { type: 'button', class: 'secondary', onclick: () => window.print() }, t('app.print')),
    ),
    h('p', { id: 'form-status', role: 'status' }),
  );
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name === 'kind') showKind();
  });

  show(draft ? t('submit.titleDraft', { title: draft.title }) : t('submit.title'), [form], '#/submit');
  // What is typed stays through a change of language.
  session.redraw = async () => {
    const typed = readForm();
    await session.route();
    fillForm(typed);
  };
  if (draft) fillForm(draft.form);
  const unsent = sessionStorage.getItem(unsentKey);
  if (unsent) {
    sessionStorage.removeItem(unsentKey);
    const kept = JSON.parse(unsent) as { form: FormValues; draftId?: string };
    fillForm(kept.form);
    currentDraftId = kept.draftId ?? currentDraftId;
  }
  showKind();

  async function saveDraft(): Promise<void> {
    const values = readForm();
    try {
      const saved = await api<Draft>(currentDraftId ? 'PUT' : 'POST', currentDraftId ? `/v1/drafts/${encodeURIComponent(currentDraftId)}` : '/v1/drafts', {
        title: draftTitle(values),
        form: values,
      });
      currentDraftId = saved.id;
      clearErrors(form);
      document.getElementById('form-status')!.textContent = t('submit.draftSaved', {
        time: new Intl.DateTimeFormat(session.language, { timeStyle: 'short' }).format(new Date(saved.savedAt)),
      });
    } catch (error) {
      keepIfSignedOut(error, values);
      const { errors, general } = problemErrors(error);
      showErrors(form, errors, general);
    }
  }

  function keepIfSignedOut(error: unknown, values: FormValues): void {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.setItem(unsentKey, JSON.stringify({ form: values, draftId: currentDraftId }));
      auth.signOut();
      session.flash = t('errors.session');
      location.hash = '#/';
    }
  }

  async function send(event: Event): Promise<void> {
    event.preventDefault();
    const values = readForm();
    const button = document.getElementById('send') as HTMLButtonElement;
    button.disabled = true;
    document.getElementById('form-status')!.textContent = t('submit.sending');
    try {
      const precheck = bodyOf(values, []);
      if (precheck.errors.length) return showErrors(form, precheck.errors);
      const attachments = await uploadAll((document.getElementById('attachments') as HTMLInputElement).files);
      if (!attachments) return;
      const { body } = bodyOf(values, attachments);
      const receipt = await api<Receipt>('POST', '/v1/submissions', body, { 'idempotency-key': idempotencyKey });
      if (currentDraftId) await api('DELETE', `/v1/drafts/${encodeURIComponent(currentDraftId)}`).catch(() => undefined);
      location.hash = `#/submissions/${encodeURIComponent(receipt.reference)}?received=1`;
    } catch (error) {
      keepIfSignedOut(error, values);
      const { errors, general } = problemErrors(error);
      showErrors(form, errors, general);
    } finally {
      button.disabled = false;
      const status = document.getElementById('form-status');
      if (status) status.textContent = '';
    }
  }

  async function uploadAll(files: FileList | null): Promise<unknown[] | undefined> {
    const list = document.getElementById('uploads')!;
    list.replaceChildren();
    const described: unknown[] = [];
    for (const file of files ? [...files] : []) {
      const contentType = contentTypeOf(file);
      if (!contentType) {
        showErrors(form, [{ path: '/items/0/attachments', message: t('errors.fileType', { file: file.name }) }]);
        return undefined;
      }
      if (file.size > config.attachmentBytes) {
        showErrors(form, [{ path: '/items/0/attachments', message: t('errors.fileSize', { file: file.name, limit: config.attachmentBytes / 1024 / 1024 }) }]);
        return undefined;
      }
      const progress = h('progress', { max: '100', value: '0', 'aria-label': t('submit.upload', { file: file.name }) });
      const line = h('li', {}, h('span', {}, `${file.name} `), progress);
      list.append(line);
      const sha256 = await digest(file);
      const description = { fileName: file.name, contentType, size: file.size, sha256 };
      const upload = await api<{ key: string; uploadUrl: string; headers: Record<string, string> }>('POST', '/v1/attachments', description);
      const ok = await put(upload.uploadUrl, upload.headers, file, (fraction) => (progress.value = Math.round(fraction * 100)));
      line.firstChild!.textContent = t(ok ? 'submit.uploaded' : 'submit.uploadFailed', { file: file.name });
      if (!ok) {
        showErrors(form, [{ path: '/items/0/attachments', message: t('submit.uploadFailed', { file: file.name }) }]);
        return undefined;
      }
      progress.value = 100;
      described.push({ ...description, key: upload.key });
    }
    return described;
  }
}

function contentTypeOf(file: File): string | undefined {
  const lower = file.name.toLowerCase();
  const types = config.attachmentTypes as Record<string, readonly string[]>;
  return Object.keys(types).find((type) => types[type]!.some((ending) => lower.endsWith(ending)));
}

async function digest(file: File): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(hash)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** PUTs a file to its presigned URL, reporting progress (fetch cannot report an upload's progress). */
function put(url: string, headers: Record<string, string>, file: File, onProgress: (fraction: number) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const [name, content] of Object.entries(headers)) if (name.toLowerCase() !== 'content-length') request.setRequestHeader(name, content);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => resolve(request.status >= 200 && request.status < 300);
    request.onerror = () => resolve(false);
    request.send(file);
  });
}
