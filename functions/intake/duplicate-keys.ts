/**
 * A JSON text whose object names a key twice. `JSON.parse` keeps the last value and says nothing,
 * while the raw text kept as evidence holds both: the record and its evidence would disagree on
 * what the State sent. The scan reads a text that `JSON.parse` has already accepted, with a stack
 * of its own rather than recursion, so that no nesting depth can exhaust the call stack.
 */

type Container = { readonly kind: 'object'; readonly keys: Set<string>; key: string; expectingKey: boolean } | { readonly kind: 'array'; index: number };

/** The JSON pointer of the first key that appears twice in one object, if any. */
export function firstDuplicateKey(text: string): string | undefined {
  const stack: Container[] = [];
  let position = 0;
  /** Reads the string token at `position` and returns its value, escapes decoded ("\u0061" and "a" are one key). */
  const readString = (): string => {
    const start = position;
    position += 1;
    while (text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
    position += 1;
    return JSON.parse(text.slice(start, position)) as string;
  };
  while (position < text.length) {
    const character = text[position]!;
    const top = stack.at(-1);
    if (character === '{') {
      stack.push({ kind: 'object', keys: new Set(), key: '', expectingKey: true });
      position += 1;
    } else if (character === '[') {
      stack.push({ kind: 'array', index: 0 });
      position += 1;
    } else if (character === '}' || character === ']') {
      stack.pop();
      position += 1;
    } else if (character === ',') {
      if (top?.kind === 'array') top.index += 1;
      if (top?.kind === 'object') top.expectingKey = true;
      position += 1;
    } else if (character === '"') {
      const value = readString();
      // A string in an object, first or after a comma, is a key.
      if (top?.kind === 'object' && top.expectingKey) {
        top.expectingKey = false;
        if (top.keys.has(value)) return pointer([...pathOf(stack.slice(0, -1)), value]);
        top.keys.add(value);
        top.key = value;
      }
    } else {
      position += 1;
    }
  }
  return undefined;
}

/** The path of the value being read inside each container of `stack`. */
function pathOf(stack: readonly Container[]): string[] {
  return stack.map((container) => (container.kind === 'object' ? container.key : String(container.index)));
}

function pointer(path: readonly string[]): string {
  return path.map((segment) => `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
