/**
 * The text of an HTML-only message, for reading the form and keeping the text: block ends become
 * line breaks. Written as scans rather than regular expressions that search for a closing `>` or
 * `</script>` from every opening: on a body of unclosed tags those took quadratic time, and an
 * HTML part of a megabyte held the function for minutes.
 */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  const text = withoutTags(withoutScripts(html))
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1]?.toLowerCase() === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return entities[name.toLowerCase()] ?? entity;
    })
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end -= 1;
      return line.slice(0, end);
    })
    .join('\n');
  return text.trim();
}

/** The HTML without its script and style elements; an element never closed runs to the end. */
function withoutScripts(html: string): string {
  const opening = /<(script|style)/gi;
  let kept = '';
  let from = 0;
  for (let match = opening.exec(html); match !== null; match = opening.exec(html)) {
    kept += html.slice(from, match.index);
    const closing = new RegExp(`</${match[1]}\\s*>`, 'gi');
    closing.lastIndex = opening.lastIndex;
    const end = closing.exec(html);
    if (end === null) return kept;
    from = closing.lastIndex;
    opening.lastIndex = from;
  }
  return kept + html.slice(from);
}

/** The HTML with block ends as line breaks and every other tag removed; a `<` never closed is kept as text. */
function withoutTags(html: string): string {
  const lineBreak = /^<(br\s*\/?|\/(p|div|li|tr|h[1-6])\s*)>$/i;
  let text = '';
  let from = 0;
  for (let open = html.indexOf('<'); open >= 0; open = html.indexOf('<', from)) {
    const close = html.indexOf('>', open);
    if (close < 0) break;
    text += html.slice(from, open) + (lineBreak.test(html.slice(open, close + 1)) ? '\n' : '');
    from = close + 1;
  }
  return text + html.slice(from);
}
