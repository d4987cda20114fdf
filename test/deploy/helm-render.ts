/**
 * A test-only renderer for the Go-template subset the tripline Helm chart uses (no helm binary can
 * be installed here or in CI). It follows text/template + sprig semantics for what it supports and
 * throws on anything else (an unknown function, a keyword it does not implement, a field read on a
 * missing value, printing a missing value), so a chart edit outside the subset fails the tests
 * instead of being rendered wrongly.
 *
 * Like helm, it first checks the merged values against the chart's values.schema.json (with ajv)
 * and refuses to render values that do not meet it.
 *
 * Supported: {{ }} with {{- -}} trimming, comments, if / else if / else, range (list or map, with
 * one or two variables), with / else, define, include, variables ($x := , $x = , $ for the root),
 * pipelines, parenthesised arguments, string / raw string / number / bool literals, and the
 * functions listed in FUNCTIONS below.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml, stringify } from 'yaml';

// Rendered Kubernetes objects are untyped JSON.
/* eslint-disable @typescript-eslint/no-explicit-any */

type Value = unknown;
type Token =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'field'; path: string[] }
  | { k: 'var'; name: string; path: string[] }
  | { k: 'ident'; v: string }
  | { k: 'op'; v: string };

interface Pipeline {
  decl?: { vars: string[]; assign: boolean };
  cmds: Operand[][];
}
type Operand = Token | { k: 'paren'; pipe: Pipeline };
type Node =
  | { t: 'text'; s: string }
  | { t: 'action'; pipe: Pipeline }
  | { t: 'if'; branches: { cond: Pipeline; body: Node[] }[]; otherwise?: Node[] }
  | { t: 'range'; pipe: Pipeline; body: Node[]; otherwise?: Node[] }
  | { t: 'with'; pipe: Pipeline; body: Node[]; otherwise?: Node[] };

// ---------------------------------------------------------------- lexing actions out of the text

interface Piece {
  text?: string;
  action?: string;
  where: string;
}

function splitActions(src: string, file: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      pieces.push({ text, where: file });
      break;
    }
    let j = open + 2;
    const leftTrim = /^-\s/.test(src.slice(j, j + 2));
    if (leftTrim) {
      text = text.replace(/\s+$/, '');
      j += 1;
    }
    pieces.push({ text, where: file });
    // find the closing }} outside string literals
    let k = j;
    let quote: string | null = null;
    for (; k < src.length; k++) {
      const c = src[k]!;
      if (quote) {
        if (c === '\\' && quote === '"') k++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === '"' || c === '`') quote = c;
      else if (c === '}' && src[k + 1] === '}') break;
    }
    if (k >= src.length) throw new Error(`${file}: unclosed action at offset ${open}`);
    let inner = src.slice(j, k);
    if (/\s-$/.test(inner)) {
      inner = inner.slice(0, -1);
      trimNext = true;
    }
    const line = src.slice(0, open).split('\n').length;
    const trimmed = inner.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) pieces.push({ action: trimmed, where: `${file}:${line}` });
    i = k + 2;
  }
  return pieces;
}

function tokenize(src: string, where: string): Token[] {
  const out: Token[] = [];
  const re =
    /\s+|("(?:[^"\\]|\\.)*")|`([^`]*)`|(-?\d+(?:\.\d+)?)(?![\w.])|(:=|=|\||\(|\)|,)|\$([A-Za-z0-9_]*)((?:\.[A-Za-z0-9_]+)*)|((?:\.[A-Za-z0-9_]+)+|\.)|([A-Za-z_][A-Za-z0-9_]*)/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    m = re.exec(src);
    if (!m || m.index !== at) throw new Error(`${where}: cannot read "${src.slice(at)}"`);
    if (m[1] !== undefined) out.push({ k: 'str', v: JSON.parse(m[1]) as string });
    else if (m[2] !== undefined) out.push({ k: 'str', v: m[2] });
    else if (m[3] !== undefined) out.push({ k: 'num', v: Number(m[3]) });
    else if (m[4] !== undefined) out.push({ k: 'op', v: m[4] });
    else if (m[5] !== undefined) out.push({ k: 'var', name: `$${m[5]}`, path: m[6] ? m[6].slice(1).split('.') : [] });
    else if (m[7] !== undefined) out.push({ k: 'field', path: m[7] === '.' ? [] : m[7].slice(1).split('.') });
    else if (m[8] !== undefined) out.push({ k: 'ident', v: m[8] });
  }
  return out;
}

function parsePipeline(tokens: Token[], where: string): Pipeline {
  let pos = 0;
  const pipe: Pipeline = { cmds: [] };
  // declarations: $a := ..., $a, $b := ..., $a = ...
  const declEnd = tokens.findIndex((t) => t.k === 'op' && (t.v === ':=' || t.v === '='));
  if (declEnd > 0 && tokens.slice(0, declEnd).every((t) => t.k === 'var' || (t.k === 'op' && t.v === ','))) {
    const vars = tokens.slice(0, declEnd).filter((t): t is Extract<Token, { k: 'var' }> => t.k === 'var').map((t) => t.name);
    pipe.decl = { vars, assign: (tokens[declEnd] as { v: string }).v === '=' };
    pos = declEnd + 1;
  }
  const parseOperands = (stopAtParen: boolean): Operand[][] => {
    const cmds: Operand[][] = [[]];
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (t.k === 'op' && t.v === ')') {
        if (!stopAtParen) throw new Error(`${where}: unexpected )`);
        pos++;
        return cmds;
      }
      pos++;
      if (t.k === 'op' && t.v === '|') cmds.push([]);
      else if (t.k === 'op' && t.v === '(') cmds[cmds.length - 1]!.push({ k: 'paren', pipe: { cmds: parseOperands(true) } });
      else if (t.k === 'op') throw new Error(`${where}: unexpected ${t.v}`);
      else cmds[cmds.length - 1]!.push(t);
    }
    if (stopAtParen) throw new Error(`${where}: unclosed (`);
    return cmds;
  };
  pipe.cmds = parseOperands(false);
  if (pipe.cmds.some((c) => c.length === 0)) throw new Error(`${where}: empty command in pipeline`);
  return pipe;
}

// ---------------------------------------------------------------- parsing the tree

function parseTemplate(src: string, file: string, defines: Map<string, Node[]>): Node[] {
  const pieces = splitActions(src, file);
  let idx = 0;
  // Returns the nodes up to a terminating keyword (end / else ...), and that keyword's action.
  const parseList = (): { nodes: Node[]; stop?: { kw: string; rest: string; where: string } } => {
    const nodes: Node[] = [];
    while (idx < pieces.length) {
      const p = pieces[idx++]!;
      if (p.text !== undefined) {
        if (p.text) nodes.push({ t: 'text', s: p.text });
        continue;
      }
      const action = p.action!;
      const kw = /^(if|else|end|range|with|define|template|block)\b\s*([\s\S]*)$/.exec(action);
      if (!kw) {
        nodes.push({ t: 'action', pipe: parsePipeline(tokenize(action, p.where), p.where) });
        continue;
      }
      const [, word, rest] = kw as unknown as [string, string, string];
      if (word === 'end' || word === 'else') return { nodes, stop: { kw: word, rest, where: p.where } };
      if (word === 'template' || word === 'block') throw new Error(`${p.where}: "${word}" is outside the supported subset; use include`);
      if (word === 'define') {
        const name = JSON.parse(rest.trim()) as string;
        const body = parseList();
        if (body.stop?.kw !== 'end') throw new Error(`${p.where}: define without end`);
        defines.set(name, body.nodes);
        continue;
      }
      const pipe = parsePipeline(tokenize(rest, p.where), p.where);
      const body = parseList();
      if (word === 'if') {
        const node: Extract<Node, { t: 'if' }> = { t: 'if', branches: [{ cond: pipe, body: body.nodes }] };
        let stop = body.stop;
        while (stop?.kw === 'else') {
          const elseIf = /^if\b\s*([\s\S]*)$/.exec(stop.rest);
          const next = parseList();
          if (elseIf) node.branches.push({ cond: parsePipeline(tokenize(elseIf[1]!, stop.where), stop.where), body: next.nodes });
          else node.otherwise = next.nodes;
          stop = next.stop;
        }
        if (stop?.kw !== 'end') throw new Error(`${p.where}: if without end`);
        nodes.push(node);
      } else {
        let otherwise: Node[] | undefined;
        let stop = body.stop;
        if (stop?.kw === 'else') {
          const next = parseList();
          otherwise = next.nodes;
          stop = next.stop;
        }
        if (stop?.kw !== 'end') throw new Error(`${p.where}: ${word} without end`);
        nodes.push({ t: word as 'range' | 'with', pipe, body: body.nodes, otherwise });
      }
    }
    return { nodes };
  };
  const top = parseList();
  if (top.stop) throw new Error(`${top.stop.where}: unexpected ${top.stop.kw}`);
  return top.nodes;
}

// ---------------------------------------------------------------- evaluation

function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function isMap(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(base: Value, path: string[], where: string, from: string): Value {
  let cur = base;
  for (const key of path) {
    if (cur === undefined || cur === null) throw new Error(`${where}: nil pointer evaluating ${from}.${key}`);
    if (!isMap(cur)) throw new Error(`${where}: cannot read field ${key} of a non-map in ${from}`);
    cur = cur[key];
  }
  return cur;
}

function deepMergeKeep(dst: Record<string, Value>, src: Record<string, Value>): Record<string, Value> {
  for (const [k, v] of Object.entries(src)) {
    if (!(k in dst) || dst[k] === undefined || dst[k] === null) dst[k] = structuredClone(v);
    else if (isMap(dst[k]) && isMap(v)) deepMergeKeep(dst[k], v);
  }
  return dst;
}

function toYaml(v: Value): string {
  if (v === undefined || v === null) return 'null';
  return stringify(v, { sortMapEntries: true, lineWidth: 0 }).replace(/\n$/, '');
}

function goPrint(v: Value, where: string): string {
  if (v === undefined) throw new Error(`${where}: prints a missing value`);
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`${where}: prints a ${Array.isArray(v) ? 'list' : 'map'}; use toYaml`);
}

function sprintf(format: string, args: Value[], where: string): string {
  let i = 0;
  return format.replace(/%([sdvq%])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    if (verb === 'd') {
      if (typeof a !== 'number' || !Number.isInteger(a)) throw new Error(`${where}: printf %d of a non-integer ${String(a)}`);
      return String(a);
    }
    if (verb === 'q') return JSON.stringify(goPrint(a, where));
    return goPrint(a, where);
  });
}

interface Ctx {
  dot: Value;
  root: Value;
  scopes: Map<string, Value>[];
  where: string;
}

export class ChartRenderer {
  private readonly defines = new Map<string, Node[]>();
  private readonly templates = new Map<string, Node[]>();

  /** values.schema.json compiled, as helm checks the merged values before rendering. */
  private readonly valuesSchema: ValidateFunction | null;

  constructor(private readonly chartDir: string) {
    const schemaPath = join(chartDir, 'values.schema.json');
    this.valuesSchema = existsSync(schemaPath)
      ? new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object)
      : null;
    const dir = join(chartDir, 'templates');
    for (const name of readdirSync(dir).sort()) {
      const nodes = parseTemplate(readFileSync(join(dir, name), 'utf8'), `templates/${name}`, this.defines);
      this.templates.set(name, nodes);
    }
  }

  /** Chart.yaml and values.yaml, with `overrides` deep-merged over the values (as `helm -f`). */
  context(overrides: Record<string, unknown> = {}, release = { Name: 'tripline', Namespace: 'tripline' }): Record<string, unknown> {
    const chart = parseYaml(readFileSync(join(this.chartDir, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
    const values = parseYaml(readFileSync(join(this.chartDir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const merged = mergeValues(values, overrides);
    if (this.valuesSchema && !this.valuesSchema(merged)) {
      // helm install / upgrade / template / lint refuse to render in the same way
      const problems = (this.valuesSchema.errors ?? []).map((e) => `- ${e.instancePath || '(root)'}: ${e.message ?? 'invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`);
      throw new Error(`values don't meet the specifications of the schema(s) in the following chart(s):\n${String(parseYaml(readFileSync(join(this.chartDir, 'Chart.yaml'), 'utf8')).name)}:\n${problems.join('\n')}`);
    }
    return {
      Values: merged,
      Release: { ...release, Service: 'Helm', IsInstall: true, IsUpgrade: false },
      Chart: { Name: chart.name, Version: chart.version, AppVersion: chart.appVersion },
    };
  }

  /** Every template (not _*.tpl, not NOTES.txt) rendered: file name -> text. */
  renderFiles(overrides: Record<string, unknown> = {}): Map<string, string> {
    const root = this.context(overrides);
    const out = new Map<string, string>();
    for (const [name, nodes] of this.templates) {
      if (name.startsWith('_')) continue;
      out.set(name, this.exec(nodes, { dot: root, root, scopes: [new Map()], where: name }));
    }
    return out;
  }

  /** The manifests as parsed objects (YAML 1.1, as the Kubernetes API reads them). */
  renderObjects(overrides: Record<string, unknown> = {}): Record<string, any>[] {
    const objects: Record<string, any>[] = [];
    for (const [name, text] of this.renderFiles(overrides)) {
      if (!name.endsWith('.yaml')) continue;
      for (const doc of parseAllDocuments(text, { version: '1.1' })) {
        if (doc.errors.length) throw new Error(`${name}: invalid YAML: ${doc.errors[0]!.message}\n${text}`);
        const obj = doc.toJS() as Record<string, any> | null;
        if (obj) objects.push(obj);
      }
    }
    return objects;
  }

  private exec(nodes: Node[], ctx: Ctx): string {
    let out = '';
    for (const n of nodes) {
      switch (n.t) {
        case 'text':
          out += n.s;
          break;
        case 'action': {
          const v = this.pipeline(n.pipe, ctx);
          if (!n.pipe.decl) out += goPrint(v, ctx.where);
          break;
        }
        case 'if': {
          const branch = n.branches.find((b) => truthy(this.pipeline(b.cond, ctx)));
          const body = branch?.body ?? n.otherwise;
          if (body) out += this.exec(body, { ...ctx, scopes: [...ctx.scopes, new Map()] });
          break;
        }
        case 'with': {
          const v = this.pipeline(n.pipe, ctx);
          if (truthy(v)) out += this.exec(n.body, { ...ctx, dot: v, scopes: [...ctx.scopes, new Map()] });
          else if (n.otherwise) out += this.exec(n.otherwise, { ...ctx, scopes: [...ctx.scopes, new Map()] });
          break;
        }
        case 'range': {
          const vars = n.pipe.decl?.vars ?? [];
          const v = this.pipeline({ cmds: n.pipe.cmds }, ctx);
          const entries: [Value, Value][] = Array.isArray(v)
            ? v.map((x, i) => [i, x])
            : isMap(v)
              ? Object.keys(v).sort().map((k) => [k, v[k]])
              : v === undefined || v === null
                ? []
                : (() => {
                    throw new Error(`${ctx.where}: range over ${typeof v}`);
                  })();
          if (entries.length === 0) {
            if (n.otherwise) out += this.exec(n.otherwise, { ...ctx, scopes: [...ctx.scopes, new Map()] });
            break;
          }
          for (const [key, val] of entries) {
            const scope = new Map<string, Value>();
            if (vars.length === 1) scope.set(vars[0]!, val);
            if (vars.length === 2) {
              scope.set(vars[0]!, key);
              scope.set(vars[1]!, val);
            }
            out += this.exec(n.body, { ...ctx, dot: val, scopes: [...ctx.scopes, scope] });
          }
          break;
        }
      }
    }
    return out;
  }

  private pipeline(pipe: Pipeline, ctx: Ctx): Value {
    let value: Value = undefined;
    let piped = false;
    for (const cmd of pipe.cmds) {
      value = this.command(cmd, ctx, piped ? [value] : []);
      piped = true;
    }
    if (pipe.decl) {
      const name = pipe.decl.vars[0]!;
      if (pipe.decl.assign) {
        const scope = [...ctx.scopes].reverse().find((s) => s.has(name));
        if (!scope) throw new Error(`${ctx.where}: assignment to undeclared ${name}`);
        scope.set(name, value);
      } else ctx.scopes[ctx.scopes.length - 1]!.set(name, value);
    }
    return value;
  }

  private command(cmd: Operand[], ctx: Ctx, piped: Value[]): Value {
    const head = cmd[0]!;
    if (head.k === 'ident' && !['true', 'false', 'nil'].includes(head.v)) {
      const fn = FUNCTIONS[head.v];
      if (!fn) throw new Error(`${ctx.where}: function "${head.v}" is outside the supported subset`);
      const args = [...cmd.slice(1).map((o) => this.operand(o, ctx)), ...piped];
      return fn.call(this, args, ctx);
    }
    if (cmd.length > 1 || piped.length) throw new Error(`${ctx.where}: cannot give arguments to a non-function`);
    return this.operand(head, ctx);
  }

  private operand(o: Operand, ctx: Ctx): Value {
    switch (o.k) {
      case 'str':
      case 'num':
        return o.v;
      case 'paren':
        return this.pipeline(o.pipe, ctx);
      case 'field':
        return walk(ctx.dot, o.path, ctx.where, '.');
      case 'var': {
        if (o.name === '$') return walk(ctx.root, o.path, ctx.where, '$');
        const scope = [...ctx.scopes].reverse().find((s) => s.has(o.name));
        if (!scope) throw new Error(`${ctx.where}: undefined variable ${o.name}`);
        return walk(scope.get(o.name), o.path, ctx.where, o.name);
      }
      case 'ident':
        if (o.v === 'true') return true;
        if (o.v === 'false') return false;
        if (o.v === 'nil') return null;
        {
          const fn = FUNCTIONS[o.v];
          if (!fn) throw new Error(`${ctx.where}: function "${o.v}" is outside the supported subset`);
          return fn.call(this, [], ctx);
        }
      case 'op':
        throw new Error(`${ctx.where}: unexpected ${o.v}`);
    }
  }

  include(name: string, data: Value, where: string): string {
    const body = this.defines.get(name);
    if (!body) throw new Error(`${where}: include of undefined template "${name}"`);
    return this.exec(body, { dot: data, root: data, scopes: [new Map()], where: `${where} > ${name}` });
  }

  /** NOTES.txt rendered. */
  notes(overrides: Record<string, unknown> = {}): string {
    const root = this.context(overrides);
    return this.exec(this.templates.get('NOTES.txt') ?? [], { dot: root, root, scopes: [new Map()], where: 'NOTES.txt' });
  }
}

function arity(name: string, args: Value[], n: number, where: string): void {
  if (args.length !== n) throw new Error(`${where}: ${name} takes ${n} arguments, got ${args.length}`);
}

const str = (v: Value, where: string): string => goPrint(v, where);

const FUNCTIONS: Record<string, (this: ChartRenderer, args: Value[], ctx: Ctx) => Value> = {
  include(args, ctx) {
    arity('include', args, 2, ctx.where);
    return this.include(String(args[0]), args[1], ctx.where);
  },
  default(args, ctx) {
    arity('default', args, 2, ctx.where);
    return truthy(args[1]) ? args[1] : args[0];
  },
  quote: (args, ctx) => args.filter((a) => a !== undefined && a !== null).map((a) => JSON.stringify(str(a, ctx.where))).join(' '),
  toYaml: (args, ctx) => (arity('toYaml', args, 1, ctx.where), toYaml(args[0])),
  indent(args, ctx) {
    arity('indent', args, 2, ctx.where);
    const pad = ' '.repeat(Number(args[0]));
    return pad + str(args[1], ctx.where).replace(/\n/g, `\n${pad}`);
  },
  nindent(args, ctx) {
    arity('nindent', args, 2, ctx.where);
    const pad = ' '.repeat(Number(args[0]));
    return `\n${pad}${str(args[1], ctx.where).replace(/\n/g, `\n${pad}`)}`;
  },
  printf: (args, ctx) => sprintf(str(args[0], ctx.where), args.slice(1), ctx.where),
  trunc: (args, ctx) => (arity('trunc', args, 2, ctx.where), str(args[1], ctx.where).slice(0, Number(args[0]))),
  trimSuffix(args, ctx) {
    arity('trimSuffix', args, 2, ctx.where);
    const [suffix, s] = [str(args[0], ctx.where), str(args[1], ctx.where)];
    return suffix && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  },
  omit(args, ctx) {
    const [dict, ...keys] = args;
    if (!isMap(dict)) throw new Error(`${ctx.where}: omit of a non-map`);
    return Object.fromEntries(Object.entries(dict).filter(([k]) => !keys.includes(k)));
  },
  merge(args, ctx) {
    const [dst, ...srcs] = args;
    if (!isMap(dst) || !srcs.every(isMap)) throw new Error(`${ctx.where}: merge of a non-map`);
    for (const s of srcs) deepMergeKeep(dst, s as Record<string, Value>);
    return dst;
  },
  dict(args, ctx) {
    if (args.length % 2) throw new Error(`${ctx.where}: dict needs key/value pairs`);
    const out: Record<string, Value> = {};
    for (let i = 0; i < args.length; i += 2) out[str(args[i], ctx.where)] = args[i + 1];
    return out;
  },
  sha256sum: (args, ctx) => createHash('sha256').update(str(args[0], ctx.where)).digest('hex'),
  b64enc: (args, ctx) => Buffer.from(str(args[0], ctx.where)).toString('base64'),
  required(args, ctx) {
    arity('required', args, 2, ctx.where);
    if (args[1] === undefined || args[1] === null || args[1] === '') throw new Error(`required: ${str(args[0], ctx.where)}`);
    return args[1];
  },
  index(args, ctx) {
    let cur = args[0];
    for (const k of args.slice(1)) {
      if (cur === undefined || cur === null) return undefined;
      if (Array.isArray(cur)) cur = cur[Number(k)];
      else if (isMap(cur)) cur = cur[str(k, ctx.where)];
      else throw new Error(`${ctx.where}: index of a scalar`);
    }
    return cur;
  },
  has: (args) => Array.isArray(args[1]) && args[1].includes(args[0]),
  hasKey: (args) => isMap(args[0]) && Object.hasOwn(args[0], String(args[1])),
  empty: (args) => !truthy(args[0]),
  eq: (args) => args.slice(1).some((b) => b === args[0]),
  ne: (args) => args[0] !== args[1],
  gt(args, ctx) {
    arity('gt', args, 2, ctx.where);
    const [a, b] = args;
    if (typeof a === 'number' && typeof b === 'number') return a > b;
    if (typeof a === 'string' && typeof b === 'string') return a > b;
    throw new Error(`${ctx.where}: gt of incompatible types`);
  },
  not: (args) => !truthy(args[0]),
  and: (args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
  int(args, ctx) {
    const n = Math.trunc(Number(args[0]));
    if (!Number.isFinite(n)) throw new Error(`${ctx.where}: int of ${String(args[0])}`);
    return n;
  },
  toString: (args: Value[], ctx: Ctx) => str(args[0], ctx.where),
};

/** `helm -f` semantics: maps merge deeply, everything else (lists, scalars) is replaced; null deletes. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergeValues(out[k] as Record<string, unknown>, v);
    else out[k] = structuredClone(v);
  }
  return out;
}
