// The export test opens Jixiao's .xlsx in a real spreadsheet program (LibreOffice Calc,
// headless) and compares its recalculated figures with ours. Installs it when missing.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const paths = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'];
const found = () => paths.find((p) => existsSync(p));

if (!found() && typeof process.getuid === 'function' && process.getuid() === 0) {
  console.log('LibreOffice not found: installing libreoffice-calc-nogui with apt-get …');
  try {
    execSync(
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui',
      { stdio: 'inherit' },
    );
  } catch {
    // reported below
  }
}
if (!found()) {
  console.error('LibreOffice (soffice) not found: the test that opens the export in a real spreadsheet program will fail.\n' +
    'Install it with: sudo apt-get install -y libreoffice-calc-nogui');
  process.exit(1);
}
console.log(`LibreOffice: ${found()}`);
