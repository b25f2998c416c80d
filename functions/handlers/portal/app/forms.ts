/// <reference lib="dom" />
/** Form fields with their labels, hints and errors, and the error summary that names each field. */
import { ApiError, type FieldError, type Problem } from './api.ts';
import { h } from './dom.ts';
import { type MessageKey, problemsInCatalogue } from './messages.ts';
import { formatDate, t } from './state.ts';

export function field(id: string, label: string, control: HTMLElement, options: { hint?: string; path?: string } = {}): HTMLElement {
  const described = [options.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  control.id = id;
  control.setAttribute('aria-describedby', described);
  if (options.path) control.dataset['path'] = options.path;
  return h(
    'div',
    { class: 'field', 'data-field': id },
    h('label', { for: id }, label),
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    h('p', { class: 'error-text', id: `${id}-error`, hidden: true }),
    control,
  );
}

export function choices(
  id: string,
  legend: string,
  type: 'checkbox' | 'radio',
  values: readonly { value: string; label: string; checked?: boolean }[],
  options: { path?: string; hint?: string } = {},
): HTMLElement {
  const set = h(
    'fieldset',
    { id, 'aria-describedby': [options.hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ') },
    h('legend', {}, legend),
    options.hint ? h('p', { class: 'hint', id: `${id}-hint` }, options.hint) : null,
    h('p', { class: 'error-text', id: `${id}-error`, hidden: true }),
    values.map((choice) =>
      h(
        'div',
        { class: 'choice' },
        h('input', { type, id: `${id}-${choice.value}`, name: id, value: choice.value, checked: choice.checked }),
        h('label', { for: `${id}-${choice.value}` }, choice.label),
      ),
    ),
  );
  if (options.path) set.dataset['path'] = options.path;
  return set;
}

export function checkbox(id: string, label: string, checked: boolean, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'choice' },
    h('input', { type: 'checkbox', id, checked, 'aria-describedby': hint ? `${id}-hint` : undefined }),
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

export function clearErrors(form: HTMLElement): void {
  form.querySelector('.summary')?.remove();
  for (const text of form.querySelectorAll<HTMLElement>('.error-text')) {
    text.hidden = true;
    text.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/** The element an error's JSON pointer names: the field with that path, or the nearest enclosing one. */
function fieldFor(form: HTMLElement, path: string): HTMLElement | undefined {
  const fields = [...form.querySelectorAll<HTMLElement>('[data-path]')];
  let best: HTMLElement | undefined;
  for (const candidate of fields) {
    const candidatePath = candidate.dataset['path'] ?? '';
    if (candidate.closest('[hidden]')) continue;
    if (path === candidatePath || path.startsWith(`${candidatePath}/`)) {
      if (!best || candidatePath.length > (best.dataset['path'] ?? '').length) best = candidate;
    }
  }
  return best;
}

function labelOf(form: HTMLElement, control: HTMLElement): string {
  if (control.tagName === 'FIELDSET') return control.querySelector('legend')?.textContent ?? '';
  return form.querySelector(`label[for="${control.id}"]`)?.textContent ?? control.id;
}

/** Shows each error beside its field and in a summary at the top of the form, which takes the focus. */
export function showErrors(form: HTMLElement, errors: readonly FieldError[], general?: string): void {
  clearErrors(form);
  const items: HTMLElement[] = [];
  for (const error of errors) {
    const control = fieldFor(form, error.path);
    if (!control) {
      items.push(h('li', {}, error.path ? `${error.path}: ${error.message}` : error.message));
      continue;
    }
    control.setAttribute('aria-invalid', 'true');
    const text = document.getElementById(`${control.id}-error`);
    if (text) {
      text.hidden = false;
      text.textContent = text.textContent ? `${text.textContent} ${error.message}` : error.message;
    }
    items.push(
      h('li', {}, h('a', { href: `#${control.id}`, onclick: (event: Event) => focusField(event, control) }, `${labelOf(form, control)}: ${error.message}`)),
    );
  }
  if (general) items.unshift(h('li', {}, general));
  const summary = h(
    'div',
    { class: 'summary', role: 'alert', tabindex: '-1', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('errors.summary')),
    h('ul', {}, items),
  );
  form.prepend(summary);
  summary.focus();
}

function focusField(event: Event, control: HTMLElement): void {
  event.preventDefault();
  const target = control.tagName === 'FIELDSET' ? control.querySelector<HTMLElement>('input') : control;
  target?.focus();
}

export function problemErrors(error: unknown): { errors: FieldError[]; general?: string } {
  if (error instanceof ApiError) {
    if (error.problem.errors?.length) return { errors: error.problem.errors.map((refused) => ({ ...refused, message: inReadersLanguage(refused) })) };
    return { errors: [], general: error.status === 0 ? t('errors.network') : problemInReadersLanguage(error.problem, error.status) };
  }
  return { errors: [], general: String(error) };
}

/**
 * A problem that is not about fields, in the reader's language where the catalogue words its
 * type; otherwise the API's English detail, introduced in the reader's language (a conflict or a
 * decision that no longer applies, whose detail says what changed).
 */
function problemInReadersLanguage(problem: Problem, status: number): string {
  const key =
    problem.type !== undefined && Object.hasOwn(problemsInCatalogue, problem.type)
      ? problemsInCatalogue[problem.type as keyof typeof problemsInCatalogue]
      : undefined;
  if (key) return t(key, { reference: problem.reference ?? '', seconds: problem.retryAfterSeconds ?? 60, requestId: problem.requestId ?? '' });
  return t('errors.problem', { detail: problem.detail ?? problem.title ?? String(status) });
}

/**
 * A refused field's message in the reader's language, from the rule the API names; the API's
 * English where it names none (a request no form of the portal sends).
 */
function inReadersLanguage(refused: FieldError): string {
  if (!refused.rule) return refused.message;
  const limit = refused.limit !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(refused.limit) ? formatDate(refused.limit) : (refused.limit ?? '');
  return t(`rule.${refused.rule}` satisfies MessageKey, { limit });
}

export function value(id: string): string {
  return (document.getElementById(id) as HTMLInputElement | null)?.value.trim() ?? '';
}

export function checked(id: string): boolean {
  return (document.getElementById(id) as HTMLInputElement | null)?.checked ?? false;
}

export function checkedValues(id: string): string[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[name="${id}"]:checked`)].map((input) => input.value);
}

export function requireFilled(form: HTMLElement, ids: [string, string][]): boolean {
  const missing = ids.filter(([id]) => value(id) === '').map(([, path]) => ({ path, message: t('errors.required') }));
  if (missing.length) showErrors(form, missing);
  return missing.length === 0;
}
