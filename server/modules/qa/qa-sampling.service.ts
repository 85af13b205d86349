import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { SettingsService } from '../org/settings.service';
import type { CreateSampleDto, SampleListQuery } from './qa.dto';
import type { SampleBatch, SampledCall } from './qa.types';
import { membershipHolds } from '../../common/membership.sql';

export type { SampleBatch, SampledCall } from './qa.types';

// A call is scored once any evaluation names it, by link or (imported ones) by external id.
const scoredJoin = `
  LEFT JOIN LATERAL (
    SELECT e.id FROM qa_evaluations e
     WHERE (e.call_id = c.id OR e.call_external_id = c.external_id) AND e.calibration_id IS NULL
     ORDER BY e.id LIMIT 1) ev ON true`;

/**
 * Random call sampling for QA: N calls per agent from a period, reproducible — the order is
 * md5(seed || call id), so the same seed over the same data picks the same calls.
 */
@Injectable()
export class QaSamplingService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, dto: CreateSampleDto): Promise<SampleBatch> {
    this.scope.assertCanSampleCalls(caller);
    if (dto.teamId) this.scope.assertTeamVisible(caller, dto.teamId);
    if (dto.agentIds) await this.scope.assertAgentsVisible(caller, dto.agentIds);
    const seed = dto.seed ?? randomBytes(6).toString('hex');
    const { seed: _ignored, ...params } = dto;
    const tz = (await this.settings.get()).timezone;
    const batchId = await this.db.transaction(async (m) => {
      const [batch] = await m.query(`INSERT INTO qa_sample_batches (seed, params, created_by) VALUES ($1, $2, $3) RETURNING id`, [seed, JSON.stringify(params), caller.userId]);
      await m.query(
        `WITH eligible AS (
           SELECT c.id, c.agent_id
             FROM calls c
             JOIN agent_team_memberships tm ON tm.agent_id = c.agent_id
                  AND ${membershipHolds('tm', '(c.started_at AT TIME ZONE $1)::date')}
            WHERE c.started_at >= ($2::date)::timestamp AT TIME ZONE $1
              AND c.started_at < ($3::date + 1)::timestamp AT TIME ZONE $1
              AND ($4::int[] IS NULL OR tm.team_id = ANY($4))
              AND ($5::int IS NULL OR tm.team_id = $5)
              AND ($6::int[] IS NULL OR c.agent_id = ANY($6))
              AND ($7::text IS NULL OR c.queue = $7)
              AND ($8::int IS NULL OR c.talk_s >= $8)
              AND (NOT $9 OR c.answered)
              AND NOT EXISTS (SELECT 1 FROM qa_evaluations e WHERE (e.call_id = c.id OR e.call_external_id = c.external_id) AND e.calibration_id IS NULL)
         ), ranked AS (
           SELECT id, agent_id, row_number() OVER (PARTITION BY agent_id ORDER BY md5($10 || ':' || id::text), id) AS rn FROM eligible
         )
         INSERT INTO qa_sample_calls (batch_id, call_id, agent_id)
         SELECT $11, id, agent_id FROM ranked WHERE rn <= $12`,
        [
          tz,
          dto.from,
          dto.to,
          this.scope.visibleTeamIds(caller),
          dto.teamId ?? null,
          dto.agentIds ?? null,
          dto.queue ?? null,
          dto.minTalkSeconds ?? null,
          dto.answeredOnly ?? false,
          seed,
          batch.id,
          dto.perAgent,
        ],
      );
      await this.audit.record({ action: 'qa.form', caller, target: `qa_sample:${batch.id}`, detail: { sample: params, seed } }, m);
      return batch.id as number;
    });
    const [b] = await this.db.query(`SELECT id, seed, params, created_at FROM qa_sample_batches WHERE id = $1`, [batchId]);
    return { id: b.id, seed: b.seed, params: b.params, createdAt: new Date(b.created_at).toISOString(), calls: await this.assigned(caller, { status: 'all', batchId }) };
  }

  /** Assigned calls the caller may see; `open` (default) = not scored yet. */
  async assigned(caller: Caller, q: SampleListQuery): Promise<SampledCall[]> {
    this.scope.assertCanSeeCallSamples(caller);
    if (q.agentId) await this.scope.assertAgentVisible(caller, q.agentId);
    const status = q.status ?? 'open';
    const rows = await this.db.query(
      `SELECT sc.batch_id, c.id AS call_id, c.external_id, c.started_at, c.queue, c.talk_s, c.answered,
              a.id AS agent_id, a.code AS agent_code, a.name AS agent_name, ev.id AS evaluation_id
         FROM qa_sample_calls sc
         JOIN calls c ON c.id = sc.call_id
         JOIN agents a ON a.id = sc.agent_id
         ${scoredJoin}
        WHERE ($1::int IS NULL OR sc.batch_id = $1)
          AND ($2::int IS NULL OR sc.agent_id = $2)
          AND ($3::int[] IS NULL OR EXISTS (SELECT 1 FROM agent_team_memberships tm WHERE tm.agent_id = sc.agent_id AND tm.team_id = ANY($3)))
          AND ($4 = 'all' OR ($4 = 'open') = (ev.id IS NULL))
        ORDER BY sc.batch_id, a.code, c.started_at, c.id`,
      [q.batchId ?? null, q.agentId ?? null, this.scope.visibleTeamIds(caller), status],
    );
    return rows.map((r: Record<string, any>) => ({
      batchId: r.batch_id,
      callId: Number(r.call_id),
      externalId: r.external_id,
      startedAt: new Date(r.started_at).toISOString(),
      queue: r.queue,
      talkSeconds: r.talk_s,
      answered: r.answered,
      agent: { id: r.agent_id, code: r.agent_code, name: r.agent_name },
      scored: r.evaluation_id !== null,
      evaluationId: r.evaluation_id === null ? null : Number(r.evaluation_id),
    }));
  }
}
