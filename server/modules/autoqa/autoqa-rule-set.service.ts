import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { BadInputError } from '../../common/domain-error';
import { DEFAULT_QA_FORM } from '../../../seeds/default-qa-form';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import type { PreviewResult, RescoringView, RuleSetView } from './autoqa-api.types';
import { compileRules, DEFAULT_RULES, RuleSetError } from './autoqa.engine';
import { DEFAULT_FORM_ITEMS } from './domain/default-rule-set';
import type { PreviewDto, RuleSetDto } from './autoqa.dto';
import { AUTOQA_WRITE_LOCK, AutoqaScoringService } from './autoqa-scoring.service';
import { AutoqaRescoreService } from './autoqa-rescore.service';
import type { RuleDefinition } from './domain/autoqa.types';

/**
 * Where the rules' form items sit on the default QA form (seeds/default-qa-form.ts): the engine's
 * stable item names (DEFAULT_FORM_ITEMS) as [section, item] positions. A rule may also name a
 * position directly as "<section>.<item>" (0-based), e.g. "1.0".
 */
export const FORM_ITEM_POSITIONS: Record<string, [number, number]> = {
  [DEFAULT_FORM_ITEMS.greeting]: [0, 0],
  [DEFAULT_FORM_ITEMS.empathy]: [2, 1],
  [DEFAULT_FORM_ITEMS.commitment]: [2, 2],
  [DEFAULT_FORM_ITEMS.forbiddenPhrases]: [3, 0],
  [DEFAULT_FORM_ITEMS.closing]: [4, 0],
};

/** A rule's form item as [section, item] positions on the default form, or null. */
export function formItemPosition(formItem: string | null | undefined): [number, number] | null {
  if (!formItem) return null;
  if (FORM_ITEM_POSITIONS[formItem]) return FORM_ITEM_POSITIONS[formItem];
  const m = /^(\d+)\.(\d+)$/.exec(formItem);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Creates version 1 from the default rules when no rule set exists, in the caller's transaction (start-up, seeds). */
export async function ensureDefaultRuleSet(m: EntityManager): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUTOQA_WRITE_LOCK]);
  const [state] = await m.query(`SELECT current_rule_set_id FROM autoqa_state WHERE id = 1`);
  if (state?.current_rule_set_id) return;
  const [v] = await m.query(`INSERT INTO autoqa_rule_sets (version, rules) VALUES (1, $1) RETURNING id`, [JSON.stringify(DEFAULT_RULES)]);
  await m.query(`UPDATE autoqa_state SET current_rule_set_id = $1, target_rule_set_id = $1 WHERE id = 1`, [v.id]);
}

export interface FormItemRef {
  formVersionId: number;
  itemId: number;
  text: string;
}

/**
 * Versioned rule sets: the default set created on start, every PUT a new version (a version is
 * never edited, so results always name the rules that made them), and the preview.
 */
@Injectable()
export class AutoqaRuleSetService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
    private readonly audit: AuditService,
    private readonly scoring: AutoqaScoringService,
    private readonly rescore: AutoqaRescoreService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureDefault();
  }

  /** Creates version 1 from the default rules when no rule set exists (two processes starting at once create one). */
  async ensureDefault(): Promise<void> {
    await this.db.transaction((m) => ensureDefaultRuleSet(m));
  }

  /** The newest version with its rules (everyone signed in may read the rules their contacts are scored by). */
  async get(): Promise<RuleSetView> {
    const [row] = await this.db.query(
      `SELECT r.id, r.version, r.rules, r.created_at, u.id AS user_id, u.name AS user_name, cur.version AS figures_version,
              s.current_rule_set_id <> s.target_rule_set_id AS rescoring
         FROM autoqa_state s JOIN autoqa_rule_sets r ON r.id = s.target_rule_set_id
         JOIN autoqa_rule_sets cur ON cur.id = s.current_rule_set_id
         LEFT JOIN users u ON u.id = r.created_by`,
    );
    const items = await this.formItems();
    const rules = (row.rules as RuleDefinition[]).map((r) => {
      const item = itemOf(items, r.formItem);
      return { ...r, formItemId: item?.itemId ?? null, formItemText: item?.text ?? null };
    });
    return {
      id: row.id,
      version: row.version,
      createdAt: new Date(row.created_at).toISOString(),
      createdBy: row.user_id ? { id: row.user_id, name: row.user_name } : null,
      rules,
      formVersionId: items.size ? [...items.values()][0].formVersionId : null,
      figuresVersion: row.figures_version,
      rescoring: row.rescoring,
    };
  }

  /** A new version (admin); every stored transcript is then re-scored in the background. */
  async put(caller: Caller, dto: RuleSetDto): Promise<RuleSetView> {
    this.scope.assertCanEditAutoqaRules(caller);
    const rules = dto.rules as RuleDefinition[];
    this.compileOrReject(rules);
    await this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [AUTOQA_WRITE_LOCK]);
      const [v] = await m.query(
        `INSERT INTO autoqa_rule_sets (version, rules, created_by) SELECT coalesce(max(version), 0) + 1, $1, $2 FROM autoqa_rule_sets RETURNING id, version`,
        [JSON.stringify(rules), caller.userId],
      );
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM transcripts`);
      // With nothing to score the new version is in force at once.
      await m.query(
        `UPDATE autoqa_state SET target_rule_set_id = $1, current_rule_set_id = CASE WHEN $2::int = 0 THEN $1 ELSE current_rule_set_id END,
                rescore_total = $2, rescore_done = 0, rescore_started_at = now(), rescore_finished_at = CASE WHEN $2::int = 0 THEN now() END, rescore_error = NULL
          WHERE id = 1`,
        [v.id, n],
      );
      await this.audit.record({ action: 'autoqa.rule_set', caller, target: `autoqa_rule_set:${v.version}`, detail: { version: v.version, rules: rules.map((r) => r.key), transcripts: n } }, m);
    });
    this.rescore.kick();
    return this.get();
  }

  async rescoring(): Promise<RescoringView> {
    return this.rescore.progress();
  }

  /** Findings of a pasted transcript, storing nothing (the rule editor's "try it"). */
  async preview(caller: Caller, dto: PreviewDto): Promise<PreviewResult> {
    this.scope.assertCanTryAutoqaRules(caller);
    let compiled;
    if (dto.rules) compiled = this.compileOrReject(dto.rules as RuleDefinition[]);
    else compiled = this.scoring.compiledFor((await this.scoring.versions(this.db.manager)).target);
    const turns = [...dto.turns].sort((a, b) => a.seq - b.seq).map((t) => ({ seq: t.seq, offsetS: t.offsetS ?? null, speaker: t.speaker, text: t.text }));
    const r = compiled.score({ channel: dto.channel, turns });
    return { score: r.score, autoFail: r.autoFail, findings: r.findings.map((f) => ({ rule: f.rule, outcome: f.outcome, evidence: f.evidence.map((e) => ({ seq: e.seq, text: e.text, start: e.start, end: e.end })) })) };
  }

  /** The default QA form's current items by "<section>.<item>" position (see itemOf). */
  async formItems(m: EntityManager = this.db.manager): Promise<Map<string, FormItemRef>> {
    const rows: { version_id: number; item_id: number; text: string; sp: number; ip: number }[] = await m.query(
      `WITH f AS (SELECT id FROM qa_forms WHERE name = $1 AND archived_at IS NULL ORDER BY id LIMIT 1),
            v AS (SELECT fv.id FROM qa_form_versions fv JOIN f ON f.id = fv.form_id ORDER BY fv.version DESC LIMIT 1)
       SELECT v.id AS version_id, i.id AS item_id, i.text, s.position AS sp, i.position AS ip
         FROM v JOIN qa_form_sections s ON s.form_version_id = v.id JOIN qa_form_items i ON i.section_id = s.id`,
      [DEFAULT_QA_FORM.name],
    );
    return new Map(rows.map((r) => [`${r.sp}.${r.ip}`, { formVersionId: r.version_id, itemId: r.item_id, text: r.text }]));
  }

  private compileOrReject(rules: RuleDefinition[]) {
    try {
      return compileRules(rules);
    } catch (e) {
      if (e instanceof RuleSetError) throw e;
      throw new BadInputError(`rules: ${(e as Error).message}`, undefined, 'invalid_rule');
    }
  }
}

/** The current default-form item a rule's formItem names. */
export function itemOf(items: Map<string, FormItemRef>, formItem: string | null | undefined): FormItemRef | undefined {
  const pos = formItemPosition(formItem);
  return pos ? items.get(`${pos[0]}.${pos[1]}`) : undefined;
}
