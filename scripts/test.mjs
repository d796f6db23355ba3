// `npm test`: every check the project has, in one command, ending with one line
// "N passed, N failed" for the whole run. Lint and type-check count as one check each;
// every Vitest test (unit, in-browser, end-to-end) counts as itself.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';

let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, ok) {
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
}

check('lint', run('lint', 'npx', ['eslint', '.']));
check('typecheck', run('typecheck', 'npm', ['run', '-s', 'typecheck']));

const haveBrowser = run('chromium', 'node', ['scripts/ensure-chromium.mjs']);
if (!haveBrowser) check('chromium available', false);
run('libreoffice', 'node', ['scripts/ensure-libreoffice.mjs']);

mkdirSync('.vitest-results', { recursive: true });
const resultsFile = '.vitest-results/results.json';
const projects = haveBrowser ? [] : ['--project', 'unit'];
const vitestOk = run('vitest', 'npx', [
  'vitest', 'run', ...projects,
  '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`,
]);
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests ?? 0;
  failed += results.numFailedTests ?? 0;
  if ((results.numFailedTestSuites ?? 0) > 0 && (results.numFailedTests ?? 0) === 0) {
    failed += results.numFailedTestSuites;
    failures.push('test files that failed to load');
  }
  if (!vitestOk && (results.numFailedTests ?? 0) === 0 && (results.numFailedTestSuites ?? 0) === 0) {
    check('vitest run', false);
  }
} else {
  check('vitest run (no results written)', false);
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
