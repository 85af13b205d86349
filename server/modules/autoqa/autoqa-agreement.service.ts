import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { DEFAULT_QA_FORM } from '../../../seeds/default-qa-form';
import { ScopeService } from '../auth/scope.service';
import { membershipHolds } from '../../common/membership.sql';
import type { AgreementRow } from './autoqa-api.types';
import { agreementOf } from './autoqa.engine';
import { formItemPosition } from './autoqa-rule-set.service';
import type { AgreementQuery } from './autoqa.dto';
import type { RuleDefinition } from './domain/autoqa.types';

/**
 * The pairs behind the agreement report: for each submitted evaluation of a call with an AutoQA
 * result (current version) and each rule mapped to a form item, the engine's outcome (before any
 * overrule: an overrule is a person's word, and would flatter the rule) and the evaluator's answer
 * on that item of the default form (the item at the rule's form-item position, in whichever form version was used).
 * A yes/no item: yes = pass, no = fail; a scale item: full marks = pass; N/A on either side is left out.
 * Calls by local date from..to, their team at the time.
 */
const PAIRS_SQL = `
  WITH cur AS (SELECT current_rule_set_id AS id FROM autoqa_state WHERE id = 1),
  rules AS (SELECT * FROM unnest($6::text[], $7::int[], $8::int[]) AS x(rule, sp, ip)),
  calls_in AS (
    SELECT c.id FROM (SELECT id, agent_id, (started_at AT TIME ZONE $1)::date AS d FROM calls
                       WHERE started_at >= ($2::date::timestamp AT TIME ZONE $1) AND started_at < (($3::date + 1)::timestamp AT TIME ZONE $1)) c
      LEFT JOIN agent_team_memberships m ON m.agent_id = c.agent_id AND ${membershipHolds('m', 'c.d')}
     WHERE $4::int[] IS NULL OR m.team_id = ANY($4::int[]))
  SELECT ru.rule,
         CASE f.outcome WHEN 'p' THEN 'pass' ELSE 'fail' END AS auto,
         CASE WHEN i.kind = 'yes_no' THEN (CASE WHEN a.value = 'true'::jsonb THEN 'pass' ELSE 'fail' END)
              ELSE (CASE WHEN (a.value #>> '{}')::numeric >= i.max THEN 'pass' ELSE 'fail' END) END AS human
    FROM calls_in ci
    JOIN qa_evaluations e ON e.call_id = ci.id AND e.status <> 'draft' AND e.calibration_id IS NULL
    JOIN qa_form_versions v ON v.id = e.form_version_id
    JOIN qa_forms fo ON fo.id = v.form_id AND fo.name = $5
    JOIN qa_evaluation_answers a ON a.evaluation_id = e.id AND a.value <> '"na"'::jsonb
    JOIN qa_form_items i ON i.id = a.item_id
    JOIN qa_form_sections s ON s.id = i.section_id
    JOIN rules ru ON ru.sp = s.position AND ru.ip = i.position
    JOIN cur ON true
    JOIN autoqa_findings f ON f.call_id = ci.id AND f.rule_set_id = cur.id AND f.rule = ru.rule AND f.outcome IN ('p', 'f')`;

/** `GET /api/autoqa/agreement`: how often AutoQA and people agree, per rule, and Cohen's kappa. */
@Injectable()
export class AutoqaAgreementService {
  constructor(
    private readonly db: DataSource,
    private readonly scope: ScopeService,
  ) {}

  async agreement(caller: Caller, q: AgreementQuery): Promise<AgreementRow[]> {
    const teams = this.scope.agreementTeams(caller, q.teamId);
    const [{ timezone }] = await this.db.query(`SELECT timezone FROM settings WHERE id = 1`);
    const [set] = await this.db.query(`SELECT rs.rules FROM autoqa_state s JOIN autoqa_rule_sets rs ON rs.id = s.current_rule_set_id`);
    const mapped = (set.rules as RuleDefinition[]).flatMap((r) => {
      const pos = formItemPosition(r.formItem);
      return pos ? [{ rule: r.key, formItem: r.formItem ?? null, pos }] : [];
    });
    const pairs: { rule: string; auto: 'pass' | 'fail'; human: 'pass' | 'fail' }[] = await this.db.query(PAIRS_SQL, [
      timezone,
      q.from,
      q.to,
      teams,
      DEFAULT_QA_FORM.name,
      mapped.map((r) => r.rule),
      mapped.map((r) => r.pos[0]),
      mapped.map((r) => r.pos[1]),
    ]);
    const byRule = new Map<string, { auto: 'pass' | 'fail'; human: 'pass' | 'fail' }[]>();
    for (const p of pairs) {
      let list = byRule.get(p.rule);
      if (!list) byRule.set(p.rule, (list = []));
      list.push({ auto: p.auto, human: p.human });
    }
    return mapped.map((r) => ({ rule: r.rule, formItem: r.formItem, ...agreementOf(byRule.get(r.rule) ?? []) }));
  }
}
