/** A sample line of the Prometheus text exposition format. */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\["\\\\n])*"';
// prom-client writes NaN as `Nan` (the default nodejs_eventloop_lag_* gauges before any sample);
// Prometheus parses values with Go's ParseFloat, which takes NaN in any case.
const VALUE = '(?:[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)|[-+]?Inf|NaN|Nan)';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL}=${LABEL_VALUE})(?:,${LABEL}=${LABEL_VALUE})*,?)?\\})? (${VALUE})(?: -?[0-9]+)?$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);

/**
 * Parses Prometheus text format 0.0.4 strictly: every line must be HELP, TYPE, a sample or blank,
 * a metric's TYPE comes before its samples, and samples belong to a declared family. Throws on the
 * first bad line.
 */
export function parsePromText(text: string): { types: Map<string, string>; samples: PromSample[] } {
  const types = new Map<string, string>();
  const samples: PromSample[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '' || HELP.test(line)) return;
    const type = TYPE.exec(line);
    if (type) {
      if (types.has(type[1] ?? '')) throw new Error(`line ${i + 1}: second TYPE for ${type[1]}`);
      types.set(type[1] ?? '', type[2] ?? '');
      return;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`line ${i + 1}: not exposition format: ${line}`);
    const name = m[1] ?? '';
    const family = [name, name.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n));
    if (!family) throw new Error(`line ${i + 1}: sample ${name} before its TYPE`);
    const labels: Record<string, string> = {};
    for (const lm of (m[2] ?? '').matchAll(new RegExp(`(${LABEL})=(${LABEL_VALUE})`, 'g'))) {
      labels[lm[1] ?? ''] = JSON.parse(lm[2] ?? '""') as string;
    }
    samples.push({ name, labels, value: Number(m[3]?.replace('Inf', 'Infinity').replace('Nan', 'NaN')) });
  });
  return { types, samples };
}
