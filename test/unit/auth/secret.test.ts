import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv, resolveSecret } from '../../../server/config/env';

describe('the token-signing secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'callscope-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('comes from CALLSCOPE_SECRET when set', () => {
    const secret = 'from-the-environment-0123456789-abcdef';
    expect(resolveSecret(loadEnv({ CALLSCOPE_SECRET: secret, CALLSCOPE_DATA_DIR: dir }))).toBe(secret);
  });

  it('is generated once into the data folder (owner-only) and reused after a restart', () => {
    const first = resolveSecret(loadEnv({ CALLSCOPE_DATA_DIR: dir }));
    // 48 random bytes in base64url: 64 characters.
    expect(first).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(readFileSync(join(dir, 'secret'), 'utf8')).toBe(first);
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    expect(resolveSecret(loadEnv({ CALLSCOPE_DATA_DIR: dir }))).toBe(first);
    const other = mkdtempSync(join(tmpdir(), 'callscope-secret-'));
    try {
      expect(resolveSecret(loadEnv({ CALLSCOPE_DATA_DIR: other }))).not.toBe(first);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses a short CALLSCOPE_SECRET at boot, naming the variable', () => {
    expect(() => loadEnv({ CALLSCOPE_SECRET: 'short' })).toThrow(/CALLSCOPE_SECRET: must be at least 32 characters/);
  });
});
