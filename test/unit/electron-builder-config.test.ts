import { DebugLogger } from 'builder-util';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// electron-builder's own loader and schema validator: the config is checked the way `npm run dist`
// would check it, without the Electron download that packaging itself needs.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds AppImage + deb, dmg and nsis with the security fuses off', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
    expect(JSON.stringify(config.files)).toContain('dist/electron/**');
  });

  it('rejects a config electron-builder would reject', async () => {
    const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
    const broken = { ...config, linux: { ...config.linux, sandboxOff: true } } as typeof config;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(
      /Invalid configuration object[\s\S]*linux/,
    );
  });
});
