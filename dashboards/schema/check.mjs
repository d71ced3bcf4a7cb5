// Types each dashboard of ../grafana/dashboards as Grafana's own `Dashboard` (from @grafana/schema)
// and lets the TypeScript compiler judge it: a missing required field, a wrong type or a field the
// schema does not know fails the check. Each dashboard is written as a typed object literal (so
// strings meet the schema's literal types and unknown fields are caught), typed as the JSON form
// of `Dashboard`: the schema's string enums (ThresholdsMode, MappingType, ...) as the strings JSON
// holds. `__inputs` and `__requires` are import instructions, not part of the dashboard model.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const dashboards = new URL('../grafana/dashboards/', import.meta.url).pathname;
const build = new URL('./build/', import.meta.url).pathname;
rmSync(build, { recursive: true, force: true });
mkdirSync(build);

const files = readdirSync(dashboards).filter((f) => f.endsWith('.json')).sort();
for (const file of files) {
  const { __inputs, __requires, ...dashboard } = JSON.parse(readFileSync(join(dashboards, file), 'utf8'));
  if (!__inputs?.some((i) => i.type === 'datasource' && i.pluginId === 'prometheus')) {
    throw new Error(`${file}: no __inputs entry for a Prometheus datasource`);
  }
  const source = `import type { Dashboard } from '@grafana/schema';\nimport type { AsJson } from './as-json.js';\n\n`
    + `export const dashboard: AsJson<Dashboard> = ${JSON.stringify(dashboard, null, 2)};\n`;
  writeFileSync(join(build, basename(file, '.json') + '.ts'), source);
}
// A type as JSON holds it: a string enum becomes the union of its values, recursively.
writeFileSync(join(build, 'as-json.ts'), `export type AsJson<T> =
  T extends string ? \`\${T}\`
  : T extends number | boolean | null | undefined ? T
  : T extends Array<infer U> ? Array<AsJson<U>>
  : T extends object ? { [K in keyof T]: AsJson<T[K]> }
  : T;
`);
writeFileSync(join(build, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true },
  include: ['*.ts'],
}));
const tsc = new URL('./node_modules/typescript/bin/tsc', import.meta.url).pathname;
try {
  execFileSync(process.execPath, [tsc, '-p', build], { stdio: 'inherit' });
} catch {
  console.error('dashboards: the JSON above does not fit @grafana/schema');
  process.exit(1);
}
console.log(`dashboards: ${files.length} dashboards fit @grafana/schema`);
