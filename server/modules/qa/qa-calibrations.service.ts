import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller, Role } from '../../common/auth/caller';
import { BadInputError, ConflictError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import { calibrationReport } from './domain/calibration-report';
import { scoreEvaluation, scoringItems } from './domain/score-evaluation';
import { EvaluationDetail, QaEvaluationsService } from './qa-evaluations.service';
import { loadFormVersion } from './qa-forms.service';
import type { AnswerDto, CreateCalibrationDto } from './qa.dto';
import type { CalibrationReportView, CalibrationView } from './qa.types';

export type { CalibrationReportView, CalibrationView } from './qa.types';

/**
 * Calibration sessions: several evaluators score one call blind (each sees only their own
 * score until the session closes); the report then shows how far each one sits from the group.
 */
@Injectable()
export class QaCalibrationsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly evaluations: QaEvaluationsService,
    private readonly scope: ScopeService,
  ) {}

  async create(caller: Caller, dto: CreateCalibrationDto): Promise<CalibrationView> {
    this.scope.assertCanRunCalibrations(caller);
    const id = await this.db.transaction(async (m) => {
      const [call] = await m.query(`SELECT id, agent_id FROM calls WHERE external_id = $1`, [dto.callExternalId]);
      if (!call) throw new NotFoundError(`Call ${dto.callExternalId}`);
      if (call.agent_id === null) throw new BadInputError(`callExternalId: call ${dto.callExternalId} has no agent to evaluate.`);
      await this.scope.assertCanCalibrateAgent(caller, call.agent_id, m);
      const version = await loadFormVersion(m, dto.formVersionId);
      if (!version) throw new NotFoundError(`QA form version ${dto.formVersionId}`);
      if (version.archived) throw new ConflictError(`The form "${version.formName}" is archived.`);
      const ids = [...new Set(dto.evaluatorIds)];
      if (ids.length < 2) throw new BadInputError('evaluatorIds: a calibration needs at least two different evaluators.');
      const users: { id: number; role: Role; active: boolean }[] = await m.query(`SELECT id, role, active FROM users WHERE id = ANY($1)`, [ids]);
      for (const uid of ids) {
        const u = users.find((x) => x.id === uid);
        if (!u) throw new BadInputError(`evaluatorIds: user ${uid} does not exist.`);
        if (!u.active || !this.scope.roleCanScoreCalls(u.role)) throw new BadInputError(`evaluatorIds: user ${uid} cannot score calls (only active supervisors and admins can).`);
      }
      const [cal] = await m.query(
        `INSERT INTO qa_calibrations (call_id, form_version_id, agent_id, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
        [call.id, version.id, call.agent_id, caller.userId],
      );
      await m.query(`INSERT INTO qa_calibration_evaluators (calibration_id, user_id) SELECT $1, unnest($2::int[])`, [cal.id, ids]);
      await this.audit.record({ action: 'evaluation.create', caller, target: `calibration:${cal.id}`, detail: { callExternalId: dto.callExternalId, evaluatorIds: ids } }, m);
      return cal.id as number;
    });
    return this.get(caller, id);
  }

  /** Who can be invited to score a calibration call: the active users who may score calls. */
  async evaluators(caller: Caller): Promise<{ id: number; name: string; role: Role }[]> {
    this.scope.assertCanRunCalibrations(caller);
    const rows: { id: number; name: string; role: Role }[] = await this.db.query(`SELECT id, name, role FROM users WHERE active ORDER BY name, id`);
    return rows.filter((u) => this.scope.roleCanScoreCalls(u.role));
  }

  async list(caller: Caller): Promise<CalibrationView[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT c.id FROM qa_calibrations c
        WHERE $1::int[] IS NULL OR c.created_by = $2
           OR EXISTS (SELECT 1 FROM qa_calibration_evaluators ce WHERE ce.calibration_id = c.id AND ce.user_id = $2)
           OR EXISTS (SELECT 1 FROM agent_team_memberships tm WHERE tm.agent_id = c.agent_id AND tm.team_id = ANY($1))
        ORDER BY c.id DESC`,
      // The same rule as ScopeService.assertCanSeeCalibration, as a filter.
      [this.scope.visibleTeamIds(caller), caller.userId],
    );
    const out: CalibrationView[] = [];
    for (const r of rows) out.push(await this.view(caller, r.id));
    return out;
  }

  async get(caller: Caller, id: number): Promise<CalibrationView> {
    await this.assertCanSee(caller, id);
    return this.view(caller, id);
  }

  /** An invited evaluator records (or, while open, replaces through PATCH) their score. */
  async evaluate(caller: Caller, id: number, body: { answers: AnswerDto[]; comment?: string | null }): Promise<EvaluationDetail> {
    const [cal] = await this.db.query(`SELECT c.form_version_id, c.agent_id, calls.external_id FROM qa_calibrations c JOIN calls ON calls.id = c.call_id WHERE c.id = $1`, [id]);
    if (!cal) throw new NotFoundError(`Calibration session ${id}`);
    return this.evaluations.create(caller, { formVersionId: cal.form_version_id, agentId: cal.agent_id, callExternalId: cal.external_id, answers: body.answers, comment: body.comment, calibrationId: id });
  }

  async close(caller: Caller, id: number): Promise<CalibrationView> {
    await this.db.transaction(async (m) => {
      const [cal] = await m.query(`SELECT id, status, created_by FROM qa_calibrations WHERE id = $1 FOR UPDATE`, [id]);
      if (!cal) throw new NotFoundError(`Calibration session ${id}`);
      this.scope.assertCanCloseCalibration(caller, cal.created_by);
      if (cal.status === 'closed') throw new ConflictError('This calibration session is already closed.');
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM qa_evaluations WHERE calibration_id = $1`, [id]);
      if (n < 2) throw new ConflictError(`Only ${n} evaluator(s) have scored the call; a calibration needs at least two scores to compare.`);
      await m.query(`UPDATE qa_calibrations SET status = 'closed', closed_at = now(), closed_by = $2 WHERE id = $1`, [id, caller.userId]);
      await this.audit.record({ action: 'evaluation.update', caller, target: `calibration:${id}`, detail: { closed: true, scores: n } }, m);
    });
    return this.get(caller, id);
  }

  async report(caller: Caller, id: number): Promise<CalibrationReportView> {
    await this.assertCanSee(caller, id);
    const calibration = await this.view(caller, id);
    if (calibration.status !== 'closed') throw new ConflictError('The report is available once the session closes: scores stay blind until then.');
    const version = (await loadFormVersion(this.db.manager, calibration.formVersionId))!;
    const items = scoringItems(version);
    const evals = await this.db.query(
      `SELECT e.id, e.evaluator_id, u.name FROM qa_evaluations e JOIN users u ON u.id = e.evaluator_id WHERE e.calibration_id = $1 ORDER BY u.name, e.id`,
      [id],
    );
    const answerRows: { evaluation_id: string; item_id: number; value: never }[] = await this.db.query(
      `SELECT evaluation_id, item_id, value FROM qa_evaluation_answers WHERE evaluation_id = ANY($1::bigint[])`,
      [evals.map((e: { id: string }) => e.id)],
    );
    const inputs = [];
    for (const e of evals) {
      const answers = answerRows.filter((a) => String(a.evaluation_id) === String(e.id)).map((a) => ({ itemId: a.item_id, value: a.value }));
      const result = scoreEvaluation(items, answers);
      inputs.push({ evaluatorId: e.evaluator_id, evaluationId: Number(e.id), score: result.score, autoFail: result.autoFail, items: result.items });
    }
    const report = calibrationReport(
      items.map((i) => i.id),
      inputs,
    );
    const names = new Map<number, string>(evals.map((e: { evaluator_id: number; name: string }) => [e.evaluator_id, e.name]));
    const sectionOf = new Map(version.sections.flatMap((s) => s.items.map((i) => [i.id, s.title] as const)));
    const textOf = new Map(items.map((i) => [i.id, i.text]));
    return {
      calibration,
      meanScore: report.meanScore,
      evaluators: report.evaluators.map((e) => ({ ...e, name: names.get(e.evaluatorId) ?? '' })),
      items: report.items.map((i) => ({ ...i, text: textOf.get(i.itemId) ?? '', sectionTitle: sectionOf.get(i.itemId) ?? '' })),
    };
  }

  private async assertCanSee(caller: Caller, id: number): Promise<void> {
    const [cal] = await this.db.query(
      `SELECT c.id, c.created_by, c.agent_id,
              EXISTS (SELECT 1 FROM qa_calibration_evaluators ce WHERE ce.calibration_id = c.id AND ce.user_id = $2) AS invited
         FROM qa_calibrations c WHERE c.id = $1`,
      [id, caller.userId],
    );
    if (!cal) throw new NotFoundError(`Calibration session ${id}`);
    await this.scope.assertCanSeeCalibration(caller, { openedBy: cal.created_by, agentId: cal.agent_id, invited: cal.invited });
  }

  private async view(caller: Caller, id: number): Promise<CalibrationView> {
    const [c] = await this.db.query(
      `SELECT c.*, calls.external_id, calls.started_at, a.code, a.name AS agent_name FROM qa_calibrations c
         JOIN calls ON calls.id = c.call_id JOIN agents a ON a.id = c.agent_id WHERE c.id = $1`,
      [id],
    );
    const evaluators = await this.db.query(
      `SELECT u.id, u.name, e.id AS evaluation_id FROM qa_calibration_evaluators ce JOIN users u ON u.id = ce.user_id
         LEFT JOIN qa_evaluations e ON e.calibration_id = ce.calibration_id AND e.evaluator_id = ce.user_id
        WHERE ce.calibration_id = $1 ORDER BY u.name, u.id`,
      [id],
    );
    return {
      id: c.id,
      status: c.status,
      call: { id: Number(c.call_id), externalId: c.external_id, startedAt: new Date(c.started_at).toISOString() },
      agent: { id: c.agent_id, code: c.code, name: c.agent_name },
      formVersionId: c.form_version_id,
      createdBy: c.created_by,
      createdAt: new Date(c.created_at).toISOString(),
      closedAt: c.closed_at ? new Date(c.closed_at).toISOString() : null,
      // Blind while open: others see who has scored, not which evaluation is theirs.
      evaluators: evaluators.map((e: { id: number; name: string; evaluation_id: string | null }) => ({
        id: e.id,
        name: e.name,
        scored: e.evaluation_id !== null,
        evaluationId: e.evaluation_id !== null && (c.status === 'closed' || e.id === caller.userId) ? Number(e.evaluation_id) : null,
      })),
    };
  }
}
