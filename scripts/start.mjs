// `npm start`: the desktop app on the demo lab. Electron's binary is fetched on first use; where
// that cannot happen (an offline machine, a CI box), the same app is served for a browser instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

let electronPath;
try {
  electronPath = require('electron'); // the binary's path; downloads it on first use
} catch (cause) {
  process.stderr.write(
    `\nElectron is not available here (${cause instanceof Error ? cause.message.split('\n')[0] : cause}).\n`,
  );
}

const child =
  typeof electronPath === 'string' && existsSync(electronPath)
    ? spawn(electronPath, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
    : (process.stderr.write(
        'Serving the same app for your browser instead; open the URL below.\n\n',
      ),
      spawn(process.execPath, ['bin/kubelab.mjs', 'serve', '--demo'], { stdio: 'inherit' }));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
