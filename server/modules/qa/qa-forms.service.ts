import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../common/auth/caller';
import { ConflictError, NotFoundError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { ScopeService } from '../auth/scope.service';
import type { FormDto, FormListQuery } from './qa.dto';
import type { FormVersionView, FormView } from './qa.types';

export type { FormItemView, FormSectionView, FormVersionView, FormView } from './qa.types';

/** One form version with its sections and items in order; null when there is none. */
export async function loadFormVersion(m: EntityManager, versionId: number): Promise<FormVersionView | null> {
  const [v] = await m.query(
    `SELECT v.id, v.form_id, v.version, v.created_at, f.name AS form_name, f.archived_at
       FROM qa_form_versions v JOIN qa_forms f ON f.id = v.form_id WHERE v.id = $1`,
    [versionId],
  );
  if (!v) return null;
  const sections: { id: number; title: string }[] = await m.query(`SELECT id, title FROM qa_form_sections WHERE form_version_id = $1 ORDER BY position, id`, [versionId]);
  const items = await m.query(
    `SELECT id, section_id, text, kind, max, weight, critical, na_allowed, guidance FROM qa_form_items WHERE form_version_id = $1 ORDER BY position, id`,
    [versionId],
  );
  return {
    id: v.id,
    formId: v.form_id,
    formName: v.form_name,
    version: v.version,
    archived: v.archived_at !== null,
    createdAt: new Date(v.created_at).toISOString(),
    sections: sections.map((s) => ({
      id: s.id,
      title: s.title,
      items: items
        .filter((i: { section_id: number }) => i.section_id === s.id)
        .map((i: Record<string, any>) => ({
          id: i.id,
          text: i.text,
          kind: i.kind,
          max: i.max,
          weight: Number(i.weight),
          critical: i.critical,
          naAllowed: i.na_allowed,
          guidance: i.guidance,
        })),
    })),
  };
}

/**
 * QA forms and their versions. Editing a form whose current version has evaluations creates a
 * new version (old evaluations keep scoring against theirs); an unused version is edited in place.
 */
@Injectable()
export class QaFormsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
  ) {}

  async list(caller: Caller, query: FormListQuery = {}): Promise<FormView[]> {
    void caller; // every signed-in role may read forms: agents see the items of their evaluations
    const rows: { id: number }[] = await this.db.query(
      `SELECT id FROM qa_forms WHERE $1 OR archived_at IS NULL ORDER BY archived_at NULLS FIRST, name, id`,
      [query.includeArchived === 'true'],
    );
    const out: FormView[] = [];
    for (const r of rows) out.push(await this.view(this.db.manager, r.id, false));
    return out;
  }

  async get(caller: Caller, formId: number): Promise<FormView> {
    void caller;
    return this.view(this.db.manager, formId, true);
  }

  async create(caller: Caller, dto: FormDto): Promise<FormView> {
    this.assertCanEdit(caller);
    const formId = await this.db.transaction(async (m) => {
      const [f] = await m.query(`INSERT INTO qa_forms (name, description, created_by) VALUES ($1, $2, $3) RETURNING id`, [dto.name, dto.description ?? null, caller.userId]);
      const [v] = await m.query(`INSERT INTO qa_form_versions (form_id, version, created_by) VALUES ($1, 1, $2) RETURNING id`, [f.id, caller.userId]);
      await insertContent(m, v.id, dto);
      await this.audit.record({ action: 'qa.form', caller, target: `qa_form:${f.id}`, detail: { created: dto.name, version: 1 } }, m);
      return f.id as number;
    });
    return this.view(this.db.manager, formId, true);
  }

  async update(caller: Caller, formId: number, dto: FormDto): Promise<FormView> {
    this.assertCanEdit(caller);
    await this.db.transaction(async (m) => {
      const [form] = await m.query(`SELECT id, archived_at FROM qa_forms WHERE id = $1 FOR UPDATE`, [formId]);
      if (!form) throw new NotFoundError(`QA form ${formId}`);
      if (form.archived_at) throw new ConflictError('This form is archived; restore it before editing.');
      const current = await currentVersion(m, formId);
      const [used] = await m.query(`SELECT 1 FROM qa_evaluations WHERE form_version_id = $1 LIMIT 1`, [current.id]);
      let version = current.version;
      if (used) {
        version = current.version + 1;
        const [v] = await m.query(`INSERT INTO qa_form_versions (form_id, version, created_by) VALUES ($1, $2, $3) RETURNING id`, [formId, version, caller.userId]);
        await insertContent(m, v.id, dto);
      } else {
        const [inCalibration] = await m.query(`SELECT 1 FROM qa_calibrations WHERE form_version_id = $1 LIMIT 1`, [current.id]);
        if (inCalibration) throw new ConflictError('This form version is used by a calibration session; it cannot be edited in place.');
        await m.query(`DELETE FROM qa_form_sections WHERE form_version_id = $1`, [current.id]);
        await insertContent(m, current.id, dto);
      }
      await m.query(`UPDATE qa_forms SET name = $2, description = coalesce($3, description), updated_at = now() WHERE id = $1`, [formId, dto.name, dto.description ?? null]);
      await this.audit.record({ action: 'qa.form', caller, target: `qa_form:${formId}`, detail: { updated: dto.name, version, newVersion: Boolean(used) } }, m);
    });
    return this.view(this.db.manager, formId, true);
  }

  async setArchived(caller: Caller, formId: number, archived: boolean): Promise<FormView> {
    this.assertCanEdit(caller);
    const [row] = await this.db.query(`SELECT id FROM qa_forms WHERE id = $1`, [formId]);
    if (!row) throw new NotFoundError(`QA form ${formId}`);
    await this.db.query(`UPDATE qa_forms SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, now()) ELSE NULL END, updated_at = now() WHERE id = $1`, [formId, archived]);
    await this.audit.record({ action: 'qa.form', caller, target: `qa_form:${formId}`, detail: { archived } });
    return this.view(this.db.manager, formId, true);
  }

  /** Only a form no evaluation or calibration ever used may be deleted; a used one is archived. */
  async remove(caller: Caller, formId: number): Promise<void> {
    this.assertCanEdit(caller);
    await this.db.transaction(async (m) => {
      const [form] = await m.query(`SELECT id FROM qa_forms WHERE id = $1 FOR UPDATE`, [formId]);
      if (!form) throw new NotFoundError(`QA form ${formId}`);
      const [used] = await m.query(
        `SELECT 1 FROM qa_form_versions v WHERE v.form_id = $1
            AND (EXISTS (SELECT 1 FROM qa_evaluations e WHERE e.form_version_id = v.id) OR EXISTS (SELECT 1 FROM qa_calibrations c WHERE c.form_version_id = v.id))`,
        [formId],
      );
      if (used) throw new ConflictError('This form has evaluations and cannot be deleted; archive it instead.');
      await m.query(`DELETE FROM qa_forms WHERE id = $1`, [formId]);
      await this.audit.record({ action: 'qa.form', caller, target: `qa_form:${formId}`, detail: { deleted: true } }, m);
    });
  }

  private assertCanEdit(caller: Caller): void {
    this.scope.assertCanEditQaForms(caller);
  }

  private async view(m: EntityManager, formId: number, withVersions: boolean): Promise<FormView> {
    const [f] = await m.query(`SELECT id, name, description, archived_at, created_at, updated_at FROM qa_forms WHERE id = $1`, [formId]);
    if (!f) throw new NotFoundError(`QA form ${formId}`);
    const cur = await currentVersion(m, formId);
    const strip = ({ formId: _f, formName: _n, archived: _a, ...rest }: FormVersionView) => rest;
    const currentView = (await loadFormVersion(m, cur.id))!;
    const out: FormView = {
      id: f.id,
      name: f.name,
      description: f.description,
      archivedAt: f.archived_at ? new Date(f.archived_at).toISOString() : null,
      createdAt: new Date(f.created_at).toISOString(),
      updatedAt: new Date(f.updated_at).toISOString(),
      currentVersion: strip(currentView),
    };
    if (withVersions) {
      const versions: { id: number; evaluations: number }[] = await m.query(
        `SELECT v.id, (SELECT count(*)::int FROM qa_evaluations e WHERE e.form_version_id = v.id AND e.calibration_id IS NULL) AS evaluations
           FROM qa_form_versions v WHERE v.form_id = $1 ORDER BY v.version DESC`,
        [formId],
      );
      out.versions = [];
      for (const v of versions) out.versions.push({ ...strip((await loadFormVersion(m, v.id))!), evaluationCount: v.evaluations });
    }
    return out;
  }
}

async function currentVersion(m: EntityManager, formId: number): Promise<{ id: number; version: number }> {
  const [v] = await m.query(`SELECT id, version FROM qa_form_versions WHERE form_id = $1 ORDER BY version DESC LIMIT 1`, [formId]);
  if (!v) throw new NotFoundError(`A version of QA form ${formId}`);
  return v;
}

async function insertContent(m: EntityManager, versionId: number, dto: FormDto): Promise<void> {
  for (const [si, section] of dto.sections.entries()) {
    const [s] = await m.query(`INSERT INTO qa_form_sections (form_version_id, position, title) VALUES ($1, $2, $3) RETURNING id`, [versionId, si, section.title]);
    for (const [ii, item] of section.items.entries()) {
      await m.query(
        `INSERT INTO qa_form_items (section_id, form_version_id, position, text, guidance, kind, max, weight, critical, na_allowed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [s.id, versionId, ii, item.text, item.guidance ?? null, item.kind, item.kind === 'scale' ? item.max : null, item.weight, item.critical ?? false, item.naAllowed ?? false],
      );
    }
  }
}
