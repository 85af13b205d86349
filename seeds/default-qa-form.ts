import type { DataSource, EntityManager } from 'typeorm';

export interface FormItemSeed {
  text: string;
  kind: 'yes_no' | 'scale';
  max?: number;
  weight: number;
  critical?: boolean;
  naAllowed?: boolean;
  guidance?: string;
}
export interface FormSeed {
  name: string;
  description?: string;
  sections: { title: string; items: FormItemSeed[] }[];
}

/** The default QA form (通话质检表) of the training manuals, as the training manuals give it. */
export const DEFAULT_QA_FORM: FormSeed = {
  name: '通话质检表 Call QA form',
  description: 'Default form from the standard scripts of the training manuals.',
  sections: [
    {
      title: '开场 Opening',
      items: [
        { text: 'Standard greeting with center name and agent number ("您好，××客服中心，请问有什么可以帮您？"), holiday greeting where due', kind: 'yes_no', weight: 5 },
        { text: 'Answered within the standard time; apologised for the wait if long ("对不起，让您久等了")', kind: 'yes_no', weight: 5 },
        { text: "Verified the customer's identity before discussing the account", kind: 'yes_no', weight: 10, critical: true },
      ],
    },
    {
      title: '确认需求 Understanding',
      items: [
        { text: 'Listened without interrupting; asked open questions', kind: 'scale', max: 5, weight: 10 },
        { text: 'Repeated key facts back to confirm (numbers, addresses, dates)', kind: 'yes_no', weight: 10 },
      ],
    },
    {
      title: '处理 Handling',
      items: [
        { text: 'Correct, complete information; no vague words ("大概", "可能")', kind: 'scale', max: 5, weight: 15 },
        { text: 'Empathy before solution in a complaint ("我理解您的心情")', kind: 'yes_no', weight: 10, naAllowed: true },
        { text: 'Concrete commitment with a time ("××小时内给您回复"), no over-promising', kind: 'yes_no', weight: 10, naAllowed: true },
        { text: 'Hold etiquette: asked permission, updated about every 30 s, thanked for waiting', kind: 'yes_no', weight: 5, naAllowed: true },
      ],
    },
    {
      title: '规范 Conduct',
      items: [
        { text: 'No forbidden phrases ("这不是我的责任", "我们做不到", "您必须先…", "我不知道")', kind: 'yes_no', weight: 10, critical: true },
        { text: 'Language and tone: clear Mandarin/Cantonese, correct tones, no slang', kind: 'scale', max: 5, weight: 5 },
      ],
    },
    {
      title: '结束 Closing',
      items: [{ text: 'Asked "请问还有什么可以帮您？", standard closing, did not hang up first', kind: 'yes_no', weight: 5 }],
    },
    {
      title: '记录 Records',
      items: [{ text: 'Logged the contact and complaint level correctly', kind: 'yes_no', weight: 5 }],
    },
  ],
};

/** Inserts a form as version 1; returns the form and version ids. */
export async function insertForm(m: EntityManager, form: FormSeed, createdBy: number | null = null): Promise<{ formId: number; versionId: number }> {
  const [f] = await m.query(`INSERT INTO qa_forms (name, description, created_by) VALUES ($1, $2, $3) RETURNING id`, [form.name, form.description ?? null, createdBy]);
  const [v] = await m.query(`INSERT INTO qa_form_versions (form_id, version, created_by) VALUES ($1, 1, $2) RETURNING id`, [f.id, createdBy]);
  for (const [si, section] of form.sections.entries()) {
    const [s] = await m.query(`INSERT INTO qa_form_sections (form_version_id, position, title) VALUES ($1, $2, $3) RETURNING id`, [v.id, si, section.title]);
    for (const [ii, item] of section.items.entries()) {
      await m.query(
        `INSERT INTO qa_form_items (section_id, form_version_id, position, text, guidance, kind, max, weight, critical, na_allowed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [s.id, v.id, ii, item.text, item.guidance ?? null, item.kind, item.kind === 'scale' ? (item.max ?? 5) : null, item.weight, item.critical ?? false, item.naAllowed ?? false],
      );
    }
  }
  return { formId: f.id, versionId: v.id };
}

/** Every install ships the default form: created when no form exists yet. */
export async function ensureDefaultQaForm(db: DataSource): Promise<void> {
  await db.transaction(async (m) => {
    await m.query(`LOCK TABLE qa_forms IN EXCLUSIVE MODE`);
    const [any] = await m.query(`SELECT 1 FROM qa_forms LIMIT 1`);
    if (!any) await insertForm(m, DEFAULT_QA_FORM);
  });
}
