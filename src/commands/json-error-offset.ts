/**
 * The character offset of the first JSON syntax error in `text`, or null when it is valid JSON.
 * Node 22+ puts line and column in JSON.parse's message, Node 20 often gives neither, so a reviewer
 * of a hand-edited snapshot would get no line; this scanner finds it. Iterative: depth costs nothing.
 */
export function jsonErrorOffset(text: string): number | null {
  // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: that is the rule checked
  const token = /\s*(?:("(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")|(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)|(true|false|null)|([{}[\],:]))/y;
  // What may come next: a value, an object key (or `}` when the object is empty), `:`, or `,`/closer.
  type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let at = 0;
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma-or-close');
  while (true) {
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) return /^\s*$/.test(text.slice(at)) && expect === 'end' ? null : at + (/^\s*/.exec(text.slice(at))?.[0].length ?? 0);
    const start = at + (m[0].length - m[0].trimStart().length);
    at = token.lastIndex;
    const [, str, num, lit, punct] = m;
    const isValue = str !== undefined || num !== undefined || lit !== undefined;
    if (expect === 'end') return start;
    if (isValue) {
      if (expect === 'key' || expect === 'key-or-close') {
        if (str === undefined) return start;
        expect = 'colon';
      } else if (expect === 'value' || expect === 'value-or-close') expect = afterValue();
      else return start;
      continue;
    }
    if (punct === '{' || punct === '[') {
      if (expect !== 'value' && expect !== 'value-or-close') return start;
      stack.push(punct);
      expect = punct === '{' ? 'key-or-close' : 'value-or-close';
    } else if (punct === '}' || punct === ']') {
      const open = punct === '}' ? '{' : '[';
      const closable = expect === 'comma-or-close' || (punct === '}' ? expect === 'key-or-close' : expect === 'value-or-close');
      if (!closable || stack.pop() !== open) return start;
      expect = afterValue();
    } else if (punct === ':') {
      if (expect !== 'colon') return start;
      expect = 'value';
    } else {
      if (expect !== 'comma-or-close') return start;
      expect = stack[stack.length - 1] === '{' ? 'key' : 'value';
    }
  }
}
