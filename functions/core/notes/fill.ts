/**
 * Template substitution. One pass over the template: each `{name}` is replaced by its value and
 * the values are never scanned again, so a State name or a summary that contains `{title}` or
 * `${reference}` is printed as written. A placeholder without a value is a fault in a template,
 * not in the data, and throws.
 */
export type TemplateValues = Readonly<Record<string, string>>;

export function fill(template: string, values: TemplateValues): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (placeholder: string, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) throw new Error(`the note template placeholder ${placeholder} has no value`);
    return value;
  });
}
