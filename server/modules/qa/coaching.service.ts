import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { NotificationService } from '../notification/notification.service';
import { ScopeService } from '../auth/scope.service';
import type { CoachingListQuery, CreateCoachingNoteDto, UpdateCoachingNoteDto } from './qa.dto';

export interface CoachingNoteView {
  id: number;
  agent: { id: number; code: string; name: string };
  author: { id: number; name: string } | null;
  evaluationId: number | null;
  text: string;
  followUpDate: string | null;
  metric: string | null;
  context: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

const select = `
  SELECT n.id, n.agent_id, a.code AS agent_code, a.name AS agent_name, n.author_id, u.name AS author_name, n.evaluation_id,
         n.text, to_char(n.follow_up_date, 'YYYY-MM-DD') AS follow_up_date, n.metric, n.context, n.created_at, n.updated_at
    FROM coaching_notes n JOIN agents a ON a.id = n.agent_id LEFT JOIN users u ON u.id = n.author_id`;

/**
 * Coaching notes a supervisor keeps on an agent (optionally on one evaluation or one metric).
 * Agents read their own; supervisors write for agents of their current teams and read their
 * teams' agents; admins everything; HR reads.
 */
@Injectable()
export class CoachingService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly notifications: NotificationService,
  ) {}

  async create(caller: Caller, dto: CreateCoachingNoteDto): Promise<CoachingNoteView> {
    await this.scope.assertCanCoach(caller, dto.agentId);
    if (dto.evaluationId) {
      // One answer for "no such evaluation" and "another agent's": ids of evaluations the caller may not see cannot be probed.
      const [e] = await this.db.query(`SELECT 1 FROM qa_evaluations WHERE id = $1 AND calibration_id IS NULL AND agent_id = $2`, [dto.evaluationId, dto.agentId]);
      if (!e) throw new BadInputError(`evaluationId: ${dto.evaluationId} is not an evaluation of this agent.`);
    }
    const id = await this.db.transaction(async (m) => {
      const [row] = await m.query(
        `INSERT INTO coaching_notes (agent_id, author_id, evaluation_id, text, follow_up_date, metric, context) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [dto.agentId, caller.userId, dto.evaluationId ?? null, dto.text, dto.followUpDate ?? null, dto.metric ?? null, JSON.stringify(dto.context ?? {})],
      );
      await this.audit.record({ action: 'coaching.note', caller, target: `agent:${dto.agentId}`, detail: { noteId: Number(row.id), evaluationId: dto.evaluationId ?? null, metric: dto.metric ?? null } }, m);
      await this.notifications.notifyAboutAgent(m, 'coaching.note', dto.agentId, { noteId: Number(row.id), author: caller.name }, `/agents/${dto.agentId}`);
      return Number(row.id);
    });
    return this.one(id);
  }

  async list(caller: Caller, q: CoachingListQuery): Promise<CoachingNoteView[]> {
    if (q.agentId) await this.scope.assertAgentVisible(caller, q.agentId);
    if (q.evaluationId) await this.assertEvaluationVisible(caller, q.evaluationId);
    const scope = this.scope.teamScope(caller);
    const rows = await this.db.query(
      `${select}
        WHERE ($1::int IS NULL OR n.agent_id = $1)
          AND ($2::int IS NULL OR n.evaluation_id = $2)
          AND ($3::int IS NULL OR n.agent_id = $3)
          AND ($4::int[] IS NULL OR EXISTS (SELECT 1 FROM agent_team_memberships tm WHERE tm.agent_id = n.agent_id AND tm.team_id = ANY($4)))
        ORDER BY n.created_at DESC, n.id DESC`,
      [q.agentId ?? null, q.evaluationId ?? null, scope.kind === 'agent' ? scope.agentId : null, scope.kind === 'teams' ? scope.teamIds : null],
    );
    return rows.map(toView);
  }

  async update(caller: Caller, id: number, dto: UpdateCoachingNoteDto): Promise<CoachingNoteView> {
    const [note] = await this.db.query(`SELECT agent_id FROM coaching_notes WHERE id = $1`, [id]);
    if (!note) throw new NotFoundError(`Coaching note ${id}`);
    await this.scope.assertCanCoach(caller, note.agent_id);
    await this.db.transaction(async (m) => {
      await m.query(
        `UPDATE coaching_notes SET text = coalesce($2, text),
                follow_up_date = CASE WHEN $3 THEN $4::date ELSE follow_up_date END,
                metric = CASE WHEN $5 THEN $6 ELSE metric END, updated_at = now()
          WHERE id = $1`,
        [id, dto.text ?? null, dto.followUpDate !== undefined, dto.followUpDate ?? null, dto.metric !== undefined, dto.metric ?? null],
      );
      await this.audit.record({ action: 'coaching.note', caller, target: `agent:${note.agent_id}`, detail: { noteId: id, changed: Object.keys(dto) } }, m);
    });
    return this.one(id);
  }

  /** An evaluation named in a filter: 404 when it does not exist or the caller may not see it (the same answer). */
  private async assertEvaluationVisible(caller: Caller, id: number): Promise<void> {
    const [e] = await this.db.query(
      `SELECT e.agent_id, e.evaluator_id, e.status, e.calibration_id, c.status AS calibration_status
         FROM qa_evaluations e LEFT JOIN qa_calibrations c ON c.id = e.calibration_id WHERE e.id = $1`,
      [id],
    );
    if (!e) throw new NotFoundError(`Evaluation ${id}`);
    await this.scope.assertCanSeeEvaluation(caller, { id, agentId: e.agent_id, evaluatorId: e.evaluator_id, status: e.status, calibrationId: e.calibration_id, calibrationStatus: e.calibration_status });
  }

  private async one(id: number): Promise<CoachingNoteView> {
    const [row] = await this.db.query(`${select} WHERE n.id = $1`, [id]);
    return toView(row);
  }
}

function toView(r: Record<string, any>): CoachingNoteView {
  return {
    id: Number(r.id),
    agent: { id: r.agent_id, code: r.agent_code, name: r.agent_name },
    author: r.author_id ? { id: r.author_id, name: r.author_name } : null,
    evaluationId: r.evaluation_id === null ? null : Number(r.evaluation_id),
    text: r.text,
    followUpDate: r.follow_up_date,
    metric: r.metric,
    context: r.context,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}
