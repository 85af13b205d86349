import type { ApiKeyScope } from '../../common/auth/caller';

/** An API key as the API lists it (pure: the dashboard imports it as a type). */
export interface ApiKeyView {
  id: number;
  name: string;
  scope: ApiKeyScope;
  teamIds: number[] | null;
  expiresAt: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** The first characters of the key, to tell keys apart; the key itself is never shown again. */
  hint: string;
  createdBy: { id: number; email: string } | null;
}
