import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError, ConflictError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { NotificationService } from '../notification/notification.service';
import { EvaluationAccessFacts, ScopeService } from '../auth/scope.service';
import { DataChangeService } from '../kpi/data-change.service';
import { SettingsService } from '../org/settings.service';
import { evaluationStep, type EvaluationAction, type EvaluationStatus } from './domain/evaluation-lifecycle';
import { AnswerError, AnswerValue, DraftScore, ItemScore, ScoreResult, scoreDraft, scoreEvaluation, scoringItems } from './domain/score-evaluation';
import { loadFormVersion } from './qa-forms.service';
import type { AnswerDto, CreateEvaluationDto, DisputeDto, EvaluationListQuery, ResolveDto, UpdateEvaluationDto } from './qa.dto';
import type { EvaluationDetail, EvaluationView, FormVersionView } from './qa.types';

export type { EvaluationDetail, EvaluationStatus, EvaluationView } from './qa.types';

interface StoredAnswer {
  itemId: number;
  value: AnswerValue;
  comment: string | null;
}

const baseSelect = `
  SELECT e.*, a.code AS agent_code, a.name AS agent_name, u.name AS evaluator_name,
         v.version AS form_version, f.id AS form_id, f.name AS form_name, cal.status AS calibration_status
    FROM qa_evaluations e
    JOIN agents a ON a.id = e.agent_id
    LEFT JOIN users u ON u.id = e.evaluator_id
    LEFT JOIN qa_form_versions v ON v.id = e.form_version_id
    LEFT JOIN qa_forms f ON f.id = v.form_id
    LEFT JOIN qa_calibrations cal ON cal.id = e.calibration_id`;

/**
 * QA evaluations: created as drafts with server-computed scores, submitted, acknowledged or
 * disputed by the agent, resolved by a supervisor. Every state and answer change is written to
 * qa_evaluation_history; every change that moves KPIs tells the rollups in the same transaction.
 */
@Injectable()
export class QaEvaluationsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly dataChanges: DataChangeService,
    private readonly settings: SettingsService,
    private readonly scope: ScopeService,
    private readonly notifications: NotificationService,
  ) {}

  async list(caller: Caller, q: EvaluationListQuery): Promise<{ items: EvaluationView[]; total: number }> {
    // Naming an agent or team outside the caller's scope is a 403, not an empty list.
    if (q.agentId) await this.scope.assertAgentVisible(caller, q.agentId);
    if (q.teamId) await this.scope.assertTeamRequestAllowed(caller, q.teamId);
    if (q.callExternalId) await this.scope.assertCallRequestAllowed(caller, q.callExternalId);
    const tz = (await this.settings.get()).timezone;
    const where: string[] = ['e.calibration_id IS NULL'];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      let out = sql;
      for (const v of values) {
        params.push(v);
        out = out.replace('?', `$${params.length}`);
      }
      where.push(out);
    };
    // Agents never see drafts (the evaluator's work in progress), as in ScopeService.assertCanSeeEvaluation.
    const rows = this.scope.teamScope(caller);
    if (rows.kind === 'agent') add(`e.agent_id = ? AND e.status <> 'draft'`, rows.agentId);
    if (rows.kind === 'teams') add(`EXISTS (SELECT 1 FROM agent_team_memberships m WHERE m.agent_id = e.agent_id AND m.team_id = ANY(?))`, rows.teamIds);
    if (q.agentId) add('e.agent_id = ?', q.agentId);
    if (q.teamId) add(`EXISTS (SELECT 1 FROM agent_team_memberships m WHERE m.agent_id = e.agent_id AND m.team_id = ? AND m.valid_to IS NULL)`, q.teamId);
    if (q.status) add('e.status = ?', q.status);
    if (q.formId) add('f.id = ?', q.formId);
    if (q.source) add('e.source = ?', q.source);
    if (q.callExternalId) add('e.call_external_id = ?', q.callExternalId);
    if (q.from) add(`(coalesce(e.submitted_at, e.created_at) AT TIME ZONE ?)::date >= ?::date`, tz, q.from);
    if (q.to) add(`(coalesce(e.submitted_at, e.created_at) AT TIME ZONE ?)::date <= ?::date`, tz, q.to);
    params.push(q.limit ?? 500, q.offset ?? 0);
    const found = await this.db.query(
      `SELECT * , count(*) OVER () AS total FROM (${baseSelect} WHERE ${where.join(' AND ')}) e
        ORDER BY coalesce(e.submitted_at, e.created_at) DESC, e.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    const window = (await this.settings.get()).disputeWindowDays;
    return { items: found.map((r: Record<string, any>) => toView(r, window)), total: found[0] ? Number(found[0].total) : 0 };
  }

  async get(caller: Caller, id: number): Promise<EvaluationDetail> {
    const row = await this.readable(caller, id);
    return this.detail(this.db.manager, row);
  }

  async create(caller: Caller, dto: CreateEvaluationDto): Promise<EvaluationDetail> {
    this.scope.assertCanScoreCalls(caller);
    const id = await this.db.transaction(async (m) => {
      let callExternalId = dto.callExternalId ?? null;
      if (dto.calibrationId) {
        const [cal] = await m.query(
          `SELECT c.*, calls.external_id FROM qa_calibrations c JOIN calls ON calls.id = c.call_id WHERE c.id = $1 FOR UPDATE OF c`,
          [dto.calibrationId],
        );
        if (!cal) throw new NotFoundError(`Calibration session ${dto.calibrationId}`);
        if (cal.status !== 'open') throw new ConflictError('This calibration session is closed.');
        await this.scope.assertIsCalibrationEvaluator(caller, cal.id, m);
        if (cal.form_version_id !== dto.formVersionId) throw new BadInputError(`formVersionId: this calibration session uses form version ${cal.form_version_id}.`);
        if (cal.agent_id !== dto.agentId) throw new BadInputError(`agentId: this calibration session scores agent ${cal.agent_id}.`);
        const [mine] = await m.query(`SELECT id FROM qa_evaluations WHERE calibration_id = $1 AND evaluator_id = $2`, [cal.id, caller.userId]);
        if (mine) throw new ConflictError(`You already scored this calibration call (evaluation ${mine.id}); edit that one.`);
        callExternalId = cal.external_id;
      } else {
        await this.scope.assertCanEvaluate(caller, dto.agentId, m);
      }
      const version = await loadFormVersion(m, dto.formVersionId);
      if (!version) throw new NotFoundError(`QA form version ${dto.formVersionId}`);
      if (version.archived) throw new ConflictError(`The form "${version.formName}" is archived; score with a current form.`);
      const callId = await this.resolveCall(m, callExternalId, dto.agentId);
      const stored: StoredAnswer[] = dto.answers.map((a) => ({ itemId: a.itemId, value: a.value, comment: a.comment ?? null }));
      // A calibration score is compared item by item in the report, so it is complete from the start.
      const result = dto.calibrationId ? complete(score(version, stored)) : scoreDraftAnswers(version, stored);
      const [row] = await m.query(
        `INSERT INTO qa_evaluations (source, form_version_id, agent_id, call_id, call_external_id, evaluator_id, status, score, auto_fail, comment, calibration_id)
         VALUES ('app', $1, $2, $3, $4, $5, 'draft', $6, $7, $8, $9) RETURNING id`,
        [version.id, dto.agentId, callId, callExternalId, caller.userId, result.score, result.autoFail, dto.comment ?? null, dto.calibrationId ?? null],
      );
      await writeAnswers(m, row.id, stored, result.items);
      await history(m, row.id, caller, 'create', null, 'draft', null, result.score, { answers: stored.length, calibrationId: dto.calibrationId ?? null });
      await this.audit.record({ action: 'evaluation.create', caller, target: `evaluation:${row.id}`, detail: { agentId: dto.agentId, score: result.score, calibrationId: dto.calibrationId ?? null } }, m);
      return Number(row.id);
    });
    return this.detail(this.db.manager, await this.row(this.db.manager, id));
  }

  /** Edits a draft: answers given replace those of the same items; the score is recomputed. */
  async update(caller: Caller, id: number, dto: UpdateEvaluationDto): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const row = await this.lockForWrite(m, caller, id);
      const next = nextStatus(row, 'edit');
      const version = (await loadFormVersion(m, row.form_version_id))!;
      const before = await storedAnswers(m, id);
      const after = merge(before, dto.answers);
      const result = row.calibration_id ? complete(score(version, after)) : scoreDraftAnswers(version, after);
      let callId = row.call_id;
      let callExternalId = row.call_external_id;
      if (dto.callExternalId !== undefined && !row.calibration_id) {
        callExternalId = dto.callExternalId;
        callId = await this.resolveCall(m, callExternalId, row.agent_id);
      }
      await m.query(
        `UPDATE qa_evaluations SET score = $2, auto_fail = $3, comment = CASE WHEN $4 THEN $5 ELSE comment END, call_id = $6, call_external_id = $7, updated_at = now() WHERE id = $1`,
        [id, result.score, result.autoFail, dto.comment !== undefined, dto.comment ?? null, callId, callExternalId],
      );
      await writeAnswers(m, id, after, result.items);
      const changes = answerChanges(before, after);
      await history(m, id, caller, 'update', row.status, next, row.score, result.score, { changes, commentChanged: dto.comment !== undefined });
      await this.audit.record({ action: 'evaluation.update', caller, target: `evaluation:${id}`, detail: { changes: changes.length, score: result.score } }, m);
    });
    return this.detail(this.db.manager, await this.row(this.db.manager, id));
  }

  async submit(caller: Caller, id: number): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const row = await this.lockForWrite(m, caller, id);
      if (row.calibration_id) throw new ConflictError('A calibration evaluation is not submitted: it is a practice score, shown in the calibration report once the session closes.');
      const next = nextStatus(row, 'submit');
      const drafted = scoreDraftAnswers((await loadFormVersion(m, row.form_version_id))!, await storedAnswers(m, id));
      if (drafted.missing.length) {
        const names = drafted.missing.map((i) => `${i.id} ("${i.text.length > 40 ? `${i.text.slice(0, 39)}…` : i.text}")`).join(', ');
        throw new BadInputError(`answers: every item must be answered before submitting; not answered yet: ${names}.`, { itemIds: drafted.missing.map((i) => i.id) }, 'answers_incomplete');
      }
      await m.query(`UPDATE qa_evaluations SET status = $2, submitted_at = now(), updated_at = now() WHERE id = $1`, [id, next]);
      const [u] = await m.query(`SELECT submitted_at FROM qa_evaluations WHERE id = $1`, [id]);
      await history(m, id, caller, 'submit', row.status, next, row.score, row.score, {});
      await this.audit.record({ action: 'evaluation.submit', caller, target: `evaluation:${id}`, detail: { agentId: row.agent_id, score: row.score } }, m);
      await this.notifications.notifyAboutAgent(m, 'evaluation.new', row.agent_id, { evaluationId: id, score: Number(row.score) }, `/evaluations/${id}`);
      await this.dataChanges.evaluationsChanged(m, await localDates(m, await this.tz(m), [u.submitted_at]));
    });
    return this.detail(this.db.manager, await this.row(this.db.manager, id));
  }

  async acknowledge(caller: Caller, id: number): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const row = await this.lockForAgent(m, caller, id, 'acknowledge');
      const next = nextStatus(row, 'acknowledge');
      await m.query(`UPDATE qa_evaluations SET status = $2, acknowledged_at = now(), updated_at = now() WHERE id = $1`, [id, next]);
      await history(m, id, caller, 'acknowledge', row.status, next, row.score, row.score, {});
      await this.audit.record({ action: 'evaluation.acknowledge', caller, target: `evaluation:${id}` }, m);
    });
    return this.detail(this.db.manager, await this.row(this.db.manager, id));
  }

  async dispute(caller: Caller, id: number, dto: DisputeDto): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const row = await this.lockForAgent(m, caller, id, 'dispute');
      const next = nextStatus(row, 'dispute');
      const days = (await this.settings.get(m)).disputeWindowDays;
      const [w] = await m.query(`SELECT now() > $1::timestamptz + make_interval(hours => $2 * 24) AS closed, $1::timestamptz + make_interval(hours => $2 * 24) AS deadline`, [row.submitted_at, days]);
      if (w.closed) {
        throw new ConflictError(`The dispute window closed on ${new Date(w.deadline).toISOString()}: evaluations can be disputed for ${days} days after submission.`);
      }
      const items = await disputedItems(m, row, dto.items ?? []);
      await m.query(`UPDATE qa_evaluations SET status = $4, disputed_at = now(), dispute_reason = $2, dispute_items = $3, updated_at = now() WHERE id = $1`, [id, dto.reason, JSON.stringify(items), next]);
      await history(m, id, caller, 'dispute', row.status, next, row.score, row.score, { reason: dto.reason, items });
      await this.audit.record({ action: 'evaluation.dispute', caller, target: `evaluation:${id}`, detail: { reason: dto.reason, itemIds: items.map((i) => i.itemId) } }, m);
      await this.notifications.notifyAboutAgent(m, 'dispute.new', row.agent_id, { evaluationId: id, agentName: row.agent_name, reason: dto.reason }, `/evaluations/${id}`);
    });
    return this.detail(this.db.manager, await this.row(this.db.manager, id));
  }

  /** Accept (answers given: re-scored) or reject (no answers: the score stands) a dispute, with a note. */
  async resolve(caller: Caller, id: number, dto: ResolveDto): Promise<EvaluationDetail> {
    await this.db.transaction(async (m) => {
      const row = await this.lockForWrite(m, caller, id);
      const next = nextStatus(row, 'resolve');
      let newScore: number = row.score;
      let autoFail: boolean = row.auto_fail;
      let changes: ReturnType<typeof answerChanges> = [];
      if (dto.answers?.length) {
        if (row.source !== 'app') throw new BadInputError('answers: an imported evaluation has no answers to re-score.');
        const version = (await loadFormVersion(m, row.form_version_id))!;
        const before = await storedAnswers(m, id);
        const after = merge(before, dto.answers);
        const result = score(version, after);
        await writeAnswers(m, id, after, result.items);
        changes = answerChanges(before, after);
        newScore = result.score;
        autoFail = result.autoFail;
      }
      const outcome = dto.answers?.length ? 'rescored' : 'upheld';
      await m.query(
        `UPDATE qa_evaluations SET status = $6, score = $2, auto_fail = $3, resolved_at = now(), resolved_by = $4, resolution_note = $5, updated_at = now() WHERE id = $1`,
        [id, newScore, autoFail, caller.userId, dto.note, next],
      );
      await history(m, id, caller, 'resolve', row.status, next, row.score, newScore, { outcome, note: dto.note, changes });
      await this.audit.record({ action: 'evaluation.resolve', caller, target: `evaluation:${id}`, detail: { outcome, scoreBefore: row.score, scoreAfter: newScore } }, m);
      await this.notifications.notifyAboutAgent(m, 'dispute.resolved', row.agent_id, { evaluationId: id, outcome: Number(newScore) !== Number(row.score) ? 'changed' : 'stands', score: Number(newScore) }, `/evaluations/${id}`);
      // submitted_at does not move: the evaluation stays in the period it was submitted in.
      await this.dataChanges.evaluationsChanged(m, await localDates(m, await this.tz(m), [row.submitted_at]));
    });
    return this.detail(this.db.manager, await this.row(this.db.manager, id));
  }

  /** Supervisors delete drafts; an admin may also delete a submitted evaluation (the KPIs follow). */
  async remove(caller: Caller, id: number): Promise<void> {
    await this.db.transaction(async (m) => {
      const row = await this.lockForWrite(m, caller, id);
      nextStatus(row, this.scope.canDeleteSubmittedEvaluation(caller) ? 'delete_as_admin' : 'delete');
      await m.query(`DELETE FROM qa_evaluations WHERE id = $1`, [id]);
      await this.audit.record({ action: 'evaluation.update', caller, target: `evaluation:${id}`, detail: { deleted: true, status: row.status, score: row.score, agentId: row.agent_id } }, m);
      if (row.status !== 'draft') await this.dataChanges.evaluationsChanged(m, await localDates(m, await this.tz(m), [row.submitted_at]));
    });
  }

  // --- access (decided by ScopeService) ------------------------------------------------------

  /** Reads the evaluation if the caller may see it; throws otherwise. */
  private async readable(caller: Caller, id: number): Promise<Record<string, any>> {
    const row = await this.row(this.db.manager, id);
    await this.scope.assertCanSeeEvaluation(caller, accessFacts(row), this.db.manager);
    return row;
  }

  private async lockForWrite(m: EntityManager, caller: Caller, id: number): Promise<Record<string, any>> {
    const row = await this.row(m, id, true);
    // What the caller may not see is a 404 before any question of permission (no probing of ids).
    await this.scope.assertCanSeeEvaluation(caller, accessFacts(row), m);
    if (row.calibration_id) {
      this.scope.assertCanEditCalibrationScore(caller, row.evaluator_id);
      if (row.calibration_status !== 'open') throw new ConflictError('This calibration session is closed.');
      return row;
    }
    await this.scope.assertCanEvaluate(caller, row.agent_id, m);
    return row;
  }

  private async lockForAgent(m: EntityManager, caller: Caller, id: number, what: string): Promise<Record<string, any>> {
    const row = await this.row(m, id, true);
    await this.scope.assertCanActOnOwnEvaluation(caller, accessFacts(row), what, m);
    return row;
  }

  private async row(m: EntityManager, id: number, lock = false): Promise<Record<string, any>> {
    if (lock) {
      const [locked] = await m.query(`SELECT id FROM qa_evaluations WHERE id = $1 FOR UPDATE`, [id]);
      if (!locked) throw new NotFoundError(`Evaluation ${id}`);
    }
    const [row] = await m.query(`${baseSelect} WHERE e.id = $1`, [id]);
    if (!row) throw new NotFoundError(`Evaluation ${id}`);
    return row;
  }

  private async resolveCall(m: EntityManager, externalId: string | null, agentId: number): Promise<number | null> {
    if (!externalId) return null;
    const [call] = await m.query(`SELECT c.id, c.agent_id, a.code FROM calls c LEFT JOIN agents a ON a.id = c.agent_id WHERE c.external_id = $1`, [externalId]);
    // A call not imported yet is kept by its external id (sampling matches on it too).
    if (!call) return null;
    if (call.agent_id !== null && call.agent_id !== agentId) throw new BadInputError(`callExternalId: call ${externalId} was handled by agent ${call.code}, not the agent evaluated.`);
    return Number(call.id);
  }

  private async tz(m: EntityManager): Promise<string> {
    return (await this.settings.get(m)).timezone;
  }

  private async detail(m: EntityManager, row: Record<string, any>): Promise<EvaluationDetail> {
    const window = (await this.settings.get()).disputeWindowDays;
    const view = toView(row, window);
    let sections: EvaluationDetail['sections'] = [];
    let earned: number | null = null;
    let possible: number | null = null;
    if (row.form_version_id) {
      const version = (await loadFormVersion(m, row.form_version_id))!;
      const answers = await storedAnswers(m, row.id);
      const byItem = new Map(answers.map((a) => [a.itemId, a]));
      let result: DraftScore;
      try {
        result = scoreDraft(scoringItems(version), answers);
      } catch (e) {
        if (!(e instanceof AnswerError)) throw e;
        result = { score: null, autoFail: false, missing: [], items: [], complete: null };
      }
      // Answers written by another path (a bulk load) may be incomplete: show the stored score
      // without a breakdown rather than failing the read. Only a draft is shown half answered.
      if (!result.complete && (row.status !== 'draft' || (!result.items.length && !result.missing.length))) {
        return { ...view, earned, possible, sections, unansweredItemIds: [], history: await this.history(m, row.id) };
      }
      earned = result.complete?.earned ?? null;
      possible = result.complete?.possible ?? null;
      const itemScore = new Map(result.items.map((i) => [i.itemId, i]));
      sections = version.sections.map((s) => {
        const sec = result.complete?.sections.find((x) => x.sectionId === s.id);
        const items = s.items.map((i) => {
          const sc = itemScore.get(i.id) ?? { earned: 0, possible: 0, na: false, failedCritical: false };
          return { ...i, value: byItem.get(i.id)?.value ?? null, comment: byItem.get(i.id)?.comment ?? null, earned: sc.earned, possible: sc.possible, na: sc.na, failedCritical: sc.failedCritical };
        });
        const e = items.reduce((a, i) => a + i.earned, 0);
        const p = items.reduce((a, i) => a + i.possible, 0);
        // A section with an unanswered item has no score yet.
        const answered = s.items.every((i) => byItem.has(i.id));
        return { id: s.id, title: s.title, earned: sec?.earned ?? e, possible: sec?.possible ?? p, score: sec ? sec.score : answered && p > 0 ? (100 * e) / p : null, items };
      });
      return { ...view, earned, possible, sections, unansweredItemIds: result.missing.map((i) => i.id), history: await this.history(m, row.id) };
    }
    return { ...view, earned, possible, sections, unansweredItemIds: [], history: await this.history(m, row.id) };
  }

  private async history(m: EntityManager, evaluationId: number): Promise<EvaluationDetail['history']> {
    const hist = await m.query(
      `SELECT h.*, u.name AS user_name FROM qa_evaluation_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.evaluation_id = $1 ORDER BY h.at, h.id`,
      [evaluationId],
    );
    return hist.map((h: Record<string, any>) => ({
        id: Number(h.id),
        at: new Date(h.at).toISOString(),
        user: h.user_id ? { id: h.user_id, name: h.user_name } : null,
        action: h.action,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        scoreBefore: h.score_before,
        scoreAfter: h.score_after,
        detail: h.detail,
      }));
  }
}

/** The status `action` leads to from the evaluation's; a 409 with the lifecycle's code when it is not allowed there. */
function nextStatus(row: Record<string, any>, action: EvaluationAction): EvaluationStatus | 'deleted' {
  const status = row.status as EvaluationStatus;
  const step = evaluationStep(status, action);
  if (!step.allowed) throw new ConflictError(`Evaluation ${row.id} is ${status}; ${step.reason}.`, { evaluationStatus: status, action }, step.code);
  return step.to;
}

function score(version: FormVersionView, answers: StoredAnswer[]): ScoreResult {
  try {
    return scoreEvaluation(scoringItems(version), answers);
  } catch (e) {
    if (e instanceof AnswerError) throw new BadInputError(`answers: ${e.message}`, { itemId: e.itemId });
    throw e;
  }
}

function scoreDraftAnswers(version: FormVersionView, answers: StoredAnswer[]): DraftScore {
  try {
    return scoreDraft(scoringItems(version), answers);
  } catch (e) {
    if (e instanceof AnswerError) throw new BadInputError(`answers: ${e.message}`, { itemId: e.itemId });
    throw e;
  }
}

const complete = (r: ScoreResult): DraftScore => ({ score: r.score, autoFail: r.autoFail, missing: [], items: r.items, complete: r });

/** The items of a dispute, checked against the evaluation's form: each once, each an item of it. */
async function disputedItems(m: EntityManager, row: Record<string, any>, items: { itemId: number; reason: string }[]): Promise<{ itemId: number; reason: string }[]> {
  if (!items.length) return [];
  if (!row.form_version_id) throw new BadInputError('items: an imported evaluation has no items; dispute it as a whole with a reason.');
  const version = (await loadFormVersion(m, row.form_version_id))!;
  const known = new Set(version.sections.flatMap((s) => s.items.map((i) => i.id)));
  const seen = new Set<number>();
  items.forEach((it, idx) => {
    if (!known.has(it.itemId)) throw new BadInputError(`items.${idx}.itemId: item ${it.itemId} is not an item of this evaluation's form.`);
    if (seen.has(it.itemId)) throw new BadInputError(`items.${idx}.itemId: item ${it.itemId} is disputed twice.`);
    seen.add(it.itemId);
  });
  return items.map((i) => ({ itemId: i.itemId, reason: i.reason }));
}

function merge(before: StoredAnswer[], patch: AnswerDto[] | undefined): StoredAnswer[] {
  if (!patch) return before;
  const seen = new Set<number>();
  for (const a of patch) {
    if (seen.has(a.itemId)) throw new BadInputError(`answers: item ${a.itemId} is answered twice.`);
    seen.add(a.itemId);
  }
  const out = before.map((b) => {
    const p = patch.find((x) => x.itemId === b.itemId);
    return p ? { itemId: b.itemId, value: p.value, comment: p.comment !== undefined ? p.comment : b.comment } : b;
  });
  for (const p of patch) if (!before.some((b) => b.itemId === p.itemId)) out.push({ itemId: p.itemId, value: p.value, comment: p.comment ?? null });
  return out;
}

function answerChanges(before: StoredAnswer[], after: StoredAnswer[]): { itemId: number; before: AnswerValue | null; after: AnswerValue; commentBefore?: string | null; commentAfter?: string | null }[] {
  return after
    .map((a) => {
      const b = before.find((x) => x.itemId === a.itemId);
      if (b && b.value === a.value && b.comment === a.comment) return null;
      return { itemId: a.itemId, before: b?.value ?? null, after: a.value, ...(b?.comment !== a.comment ? { commentBefore: b?.comment ?? null, commentAfter: a.comment } : {}) };
    })
    .filter((x): x is NonNullable<typeof x> => x !== null);
}

async function storedAnswers(m: EntityManager, evaluationId: number): Promise<StoredAnswer[]> {
  const rows = await m.query(`SELECT item_id, value, comment FROM qa_evaluation_answers WHERE evaluation_id = $1 ORDER BY item_id`, [evaluationId]);
  return rows.map((r: Record<string, any>) => ({ itemId: r.item_id, value: r.value, comment: r.comment }));
}

async function writeAnswers(m: EntityManager, evaluationId: number, answers: StoredAnswer[], scored: ItemScore[]): Promise<void> {
  await m.query(`DELETE FROM qa_evaluation_answers WHERE evaluation_id = $1`, [evaluationId]);
  if (answers.length === 0) return;
  const byItem = new Map(scored.map((i) => [i.itemId, i]));
  // One statement for the whole form (one row per item), not a round trip per answer.
  await m.query(
    `INSERT INTO qa_evaluation_answers (evaluation_id, item_id, value, comment, earned, possible)
     SELECT $1, a.item_id, a.value, a.comment, a.earned, a.possible
       FROM unnest($2::int[], $3::jsonb[], $4::text[], $5::float8[], $6::float8[]) AS a(item_id, value, comment, earned, possible)`,
    [
      evaluationId,
      answers.map((a) => a.itemId),
      answers.map((a) => JSON.stringify(a.value)),
      answers.map((a) => a.comment),
      answers.map((a) => byItem.get(a.itemId)!.earned),
      answers.map((a) => byItem.get(a.itemId)!.possible),
    ],
  );
}

async function history(
  m: EntityManager,
  evaluationId: number,
  caller: Caller,
  action: string,
  fromStatus: string | null,
  toStatus: string | null,
  scoreBefore: number | null,
  scoreAfter: number | null,
  detail: Record<string, unknown>,
): Promise<void> {
  await m.query(
    `INSERT INTO qa_evaluation_history (evaluation_id, user_id, action, from_status, to_status, score_before, score_after, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [evaluationId, caller.userId, action, fromStatus, toStatus, scoreBefore, scoreAfter, JSON.stringify(detail)],
  );
}

/** Local dates (org time zone) of the given instants, for the rollups. */
export async function localDates(m: EntityManager, tz: string, instants: (Date | string | null)[]): Promise<string[]> {
  const present = instants.filter((i): i is Date | string => i !== null).map((i) => new Date(i).toISOString());
  if (!present.length) return [];
  const rows = await m.query(`SELECT DISTINCT to_char((t AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS d FROM unnest($2::timestamptz[]) t`, [tz, present]);
  return rows.map((r: { d: string }) => r.d);
}

function iso(v: Date | string | null): string | null {
  return v ? new Date(v).toISOString() : null;
}

function toView(r: Record<string, any>, disputeWindowDays: number): EvaluationView {
  const submitted = r.submitted_at ? new Date(r.submitted_at) : null;
  return {
    id: Number(r.id),
    source: r.source,
    status: r.status,
    score: r.score,
    autoFail: r.auto_fail,
    agent: { id: r.agent_id, code: r.agent_code, name: r.agent_name },
    evaluator: r.evaluator_id ? { id: r.evaluator_id, name: r.evaluator_name } : null,
    evaluatorLabel: r.evaluator_label,
    form: r.form_version_id ? { id: r.form_id, name: r.form_name, versionId: r.form_version_id, version: r.form_version } : null,
    formLabel: r.form_label,
    formVersionId: r.form_version_id,
    callExternalId: r.call_external_id,
    callId: r.call_id === null ? null : Number(r.call_id),
    calibrationId: r.calibration_id,
    comment: r.comment,
    submittedAt: iso(r.submitted_at),
    acknowledgedAt: iso(r.acknowledged_at),
    disputedAt: iso(r.disputed_at),
    disputeReason: r.dispute_reason,
    disputeItems: r.dispute_items ?? [],
    resolvedAt: iso(r.resolved_at),
    resolvedBy: r.resolved_by,
    resolutionNote: r.resolution_note,
    disputeDeadline: submitted ? new Date(submitted.getTime() + disputeWindowDays * 86_400_000).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function accessFacts(row: Record<string, any>): EvaluationAccessFacts {
  return {
    id: Number(row.id),
    agentId: row.agent_id,
    evaluatorId: row.evaluator_id,
    status: row.status,
    calibrationId: row.calibration_id,
    calibrationStatus: row.calibration_status,
  };
}
