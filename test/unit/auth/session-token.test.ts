import { readSessionToken, signSessionToken } from '../../../server/modules/auth/session-token';

const id = '4bc13463-5f6c-4b17-b61b-369addfe173d';

describe('session tokens', () => {
  it('round-trips the session id', () => {
    expect(readSessionToken(signSessionToken(id, 'secret-a'), 'secret-a')).toBe(id);
  });

  it.each([
    ['another secret', signSessionToken(id, 'secret-b')],
    ['a tampered id', signSessionToken(id, 'secret-a').replace('4bc1', '4bc2')],
    ['no signature', id],
    ['garbage', 'x.y'],
  ])('refuses %s', (_label, token) => {
    expect(readSessionToken(token, 'secret-a')).toBeNull();
  });
});
