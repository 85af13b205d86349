import { createHmac, randomBytes } from 'node:crypto';

/** Every API key starts with this, so the guard tells a key from a session token without a look-up. */
export const API_KEY_PREFIX = 'csk_';

/** A new key: 32 random bytes (256 bits), base64url, behind the prefix. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function isApiKey(token: string): boolean {
  return token.startsWith(API_KEY_PREFIX);
}

/**
 * What is stored: HMAC-SHA-256 of the key under the server secret. A key has 256 bits of
 * entropy, so a slow password hash (argon2) would add nothing but cost on every request; the
 * keyed hash also makes a stolen table useless without the secret.
 */
export function hashApiKey(key: string, secret: string): string {
  return createHmac('sha256', secret).update(`api-key:${key}`).digest('base64url');
}

/** The first characters, shown in the list so an admin can tell keys apart. */
export function apiKeyHint(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
