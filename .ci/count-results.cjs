// Prints "N passed, N failed" from jest's --json results and exits non-zero on any failure.
// A run that stopped before jest (lint, typecheck, build) counts as one failure.
const fs = require('node:fs');
const [file, statusArg] = process.argv.slice(2);
const status = Number(statusArg ?? 1);

function count() {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1 };
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failed = r.numFailedTests + r.numRuntimeErrorTestSuites + (r.numTotalTests === 0 ? 1 : 0);
  return { passed: r.numPassedTests, failed };
}

const { passed, failed: counted } = count();
const failed = status !== 0 && counted === 0 ? 1 : counted;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
