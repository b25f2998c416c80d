/**
 * Where things are in a JSON text, for errors a person can act on: the line of the value at a
 * JSON pointer, and the line of a syntax error. The text is read by a small scanner that follows
 * JSON's grammar only as far as needed to know which value starts where.
 */

/** The line (from 1) where the value at `pointer` starts, or where its nearest existing parent does. */
export function lineOfPointer(text: string, pointer: string): number | undefined {
  const lines = valueLines(text);
  if (lines === undefined) return undefined;
  let path = pointer;
  for (;;) {
    const line = lines.get(path);
    if (line !== undefined) return line;
    if (path === '') return undefined;
    path = path.slice(0, path.lastIndexOf('/'));
  }
}

/** The line and column of a JSON.parse error message that gives a position. */
export function lineOfSyntaxError(text: string, message: string): number | undefined {
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  return position ? lineAt(text, Number(position[1])) : undefined;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text[i] === '\n') line += 1;
  return line;
}

function escapeSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Pointer → line of the value's first character, for every value of a well-formed text. */
function valueLines(text: string): Map<string, number> | undefined {
  const lines = new Map<string, number>();
  let index = 0;
  let line = 1;
  const skipSpace = () => {
    while (index < text.length && /\s/.test(text[index]!)) {
      if (text[index] === '\n') line += 1;
      index += 1;
    }
  };
  const readString = (): string => {
    const start = index;
    index += 1;
    while (index < text.length && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    index += 1;
    return JSON.parse(text.slice(start, index)) as string;
  };
  const readValue = (pointer: string): void => {
    skipSpace();
    lines.set(pointer, line);
    const character = text[index];
    if (character === '{') {
      index += 1;
      skipSpace();
      if (text[index] === '}') {
        index += 1;
        return;
      }
      for (;;) {
        skipSpace();
        const key = readString();
        skipSpace();
        index += 1; // :
        readValue(`${pointer}/${escapeSegment(key)}`);
        skipSpace();
        const separator = text[index];
        index += 1;
        if (separator === '}') return;
      }
    } else if (character === '[') {
      index += 1;
      skipSpace();
      if (text[index] === ']') {
        index += 1;
        return;
      }
      for (let element = 0; ; element += 1) {
        readValue(`${pointer}/${element}`);
        skipSpace();
        const separator = text[index];
        index += 1;
        if (separator === ']') return;
      }
    } else if (character === '"') {
      readString();
    } else {
      while (index < text.length && !/[\s,\]}]/.test(text[index]!)) index += 1;
    }
  };
  try {
    JSON.parse(text);
    readValue('');
    return lines;
  } catch {
    return undefined;
  }
}
