import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import type { CreateApiKeyDto } from './api-key.dto';
import { AUTH_SECRET } from './auth.constants';
import type { ApiKeyView } from './api-key.types';
import { apiKeyHint, generateApiKey, hashApiKey, isApiKey } from './domain/api-key-secret';

export type { ApiKeyView } from './api-key.types';

export interface RequestFacts {
  method: string;
  path: string;
  status: number;
  ip?: string | null;
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** API keys for machines: created by an admin, shown once, stored as a keyed hash, revocable. */
@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(AUTH_SECRET) private readonly secret: string,
  ) {}

  async create(caller: Caller, dto: CreateApiKeyDto): Promise<ApiKeyView & { key: string }> {
    const teamIds = dto.teamIds?.length ? [...new Set(dto.teamIds)].sort((a, b) => a - b) : null;
    if (teamIds) {
      const found: { id: number }[] = await this.db.query(`SELECT id FROM teams WHERE id = ANY($1::int[])`, [teamIds]);
      const missing = teamIds.filter((t) => !found.some((f) => f.id === t));
      if (missing.length) throw new BadInputError(`teamIds: no team ${missing.join(', ')}.`);
    }
    if (dto.expiresAt && new Date(dto.expiresAt).getTime() <= Date.now()) throw new BadInputError('expiresAt: must be in the future.');
    const key = generateApiKey();
    const [row] = await this.db.query(
      `INSERT INTO api_keys (name, scope, team_ids, key_hash, key_prefix, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [dto.name, dto.scope, teamIds, hashApiKey(key, this.secret), apiKeyHint(key), caller.userId > 0 ? caller.userId : null, dto.expiresAt ?? null],
    );
    await this.audit.record({ action: 'api_key.create', caller, target: `api-key:${row.id}`, detail: { name: dto.name, scope: dto.scope, teamIds, expiresAt: dto.expiresAt ?? null } });
    return { ...toView({ ...row, creator_email: caller.email }), key };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.db.query(
      `SELECT k.*, u.email AS creator_email FROM api_keys k LEFT JOIN users u ON u.id = k.created_by ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC`,
    );
    return rows.map(toView);
  }

  async revoke(caller: Caller, id: number): Promise<void> {
    const [row] = await this.db.query(`SELECT id, name, revoked_at FROM api_keys WHERE id = $1`, [id]);
    if (!row) throw new NotFoundError(`API key ${id}`);
    if (row.revoked_at) return;
    await this.db.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [id]);
    await this.audit.record({ action: 'api_key.revoke', caller, target: `api-key:${id}`, detail: { name: row.name } });
  }

  /**
   * The caller a key stands for, or null when it is unknown, revoked or expired. Not cached: a
   * revoked key is refused on its very next request, on every server.
   */
  async callerForKey(key: string): Promise<Caller | null> {
    if (!isApiKey(key)) return null;
    const [row] = await this.db.query(
      `SELECT id, name, scope, team_ids FROM api_keys
        WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [hashApiKey(key, this.secret)],
    );
    if (!row) return null;
    const teamIds: number[] = (row.team_ids ?? []).map(Number);
    const restricted = teamIds.length > 0;
    return {
      userId: -row.id,
      email: `api-key:${row.name}`,
      name: row.name,
      role: restricted ? 'supervisor' : row.scope === 'read' ? 'hr' : 'admin',
      agentId: null,
      teamIds,
      sessionId: `api-key:${row.id}`,
      locale: null,
      apiKey: { id: row.id, scope: row.scope },
    };
  }

  /** One audit row per request a key signs (pushes are batches, reads are reports: the volume is small), and `lastUsedAt`. */
  async recordUse(caller: Caller, facts: RequestFacts): Promise<void> {
    if (!caller.apiKey) return;
    try {
      await this.db.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [caller.apiKey.id]);
      await this.audit.record({
        action: 'api_key.use',
        caller,
        target: `api-key:${caller.apiKey.id}`,
        detail: { scope: caller.apiKey.scope, method: facts.method, path: facts.path, status: facts.status },
        ip: facts.ip,
      });
    } catch (e) {
      this.logger.warn(`Could not record the use of API key ${caller.apiKey.id}: ${(e as Error).message}`);
    }
  }
}

function toView(r: Record<string, any>): ApiKeyView {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope,
    teamIds: r.team_ids ? r.team_ids.map(Number) : null,
    expiresAt: iso(r.expires_at),
    createdAt: iso(r.created_at)!,
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
    hint: r.key_prefix,
    createdBy: r.created_by ? { id: r.created_by, email: r.creator_email } : null,
  };
}
