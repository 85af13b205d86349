import type { Caller } from '../../../server/common/auth/caller';
import { apiKeyRefusal } from '../../../server/modules/auth/auth.guard';
import { apiKeyHint, generateApiKey, hashApiKey, isApiKey } from '../../../server/modules/auth/domain/api-key-secret';
import { toJsonLines } from '../../../server/modules/ingest/push.service';

const keyCaller = (scope: 'ingest' | 'read'): Caller => ({ userId: -1, email: 'api-key:x', name: 'x', role: 'hr', agentId: null, teamIds: [], sessionId: 'api-key:1', locale: null, apiKey: { id: 1, scope } });

describe('API key secrets', () => {
  it('are 256 random bits behind a recognisable prefix, never equal twice', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
    expect(isApiKey(a)).toBe(true);
    expect(isApiKey('3f1c…uuid.mac')).toBe(false);
    expect(apiKeyHint(a)).toBe(a.slice(0, 10));
  });

  it('are stored as a keyed hash: the same key and secret give the same hash, another secret another', () => {
    const key = generateApiKey();
    expect(hashApiKey(key, 's1')).toBe(hashApiKey(key, 's1'));
    expect(hashApiKey(key, 's2')).not.toBe(hashApiKey(key, 's1'));
    expect(hashApiKey(key, 's1')).not.toContain(key.slice(4));
  });
});

describe('the routes a key may call', () => {
  it.each([
    ['ingest', 'POST', 'ingest', undefined, null],
    ['ingest', 'GET', undefined, undefined, 'An ingest API key may only push records (POST /api/ingest/:kind).'],
    ['ingest', 'POST', undefined, ['admin'], 'An ingest API key may only push records (POST /api/ingest/:kind).'],
    ['read', 'GET', undefined, undefined, null],
    ['read', 'GET', undefined, ['admin', 'hr', 'supervisor'], null],
    ['read', 'GET', undefined, ['admin'], 'A read API key may only read what HR may read.'],
    ['read', 'POST', undefined, undefined, 'A read API key may only read (GET).'],
    ['read', 'POST', 'ingest', ['admin'], 'A read API key may only read (GET).'],
  ])('%s key, %s, route scope %s, roles %j', (scope, method, routeScope, roles, expected) => {
    expect(apiKeyRefusal(keyCaller(scope as 'ingest' | 'read'), method as string, routeScope as 'ingest' | undefined, roles as never)).toBe(expected);
  });
});

describe('pushed records as JSON Lines', () => {
  it('one line per record in order; the first carries every key any record has', () => {
    const text = toJsonLines([{ a: 1 }, { b: 'x', a: 2 }, { c: true }]);
    expect(text.split('\n')).toEqual(['{"a":1,"b":null,"c":null}', '{"a":2,"b":"x","c":null}', '{"a":null,"b":null,"c":true}', '']);
  });
});
