import { hash, verify } from '@node-rs/argon2';

// argon2id at the OWASP minimum (m=19 MiB, t=2, p=1); ~10 ms per hash here.
const argon2Options = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the email is unknown, so both paths take the same time. */
export const dummyPasswordHash = hash('callscope-timing-equaliser', argon2Options);
