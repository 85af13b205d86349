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

/**
 * The default QA form (通话质检表), as the training manuals give it: every section
 * and item in Chinese with the English beside it, for Chinese and English readers of the same form.
 * The demo's answers find the hold, complaint and identity items by those English words.
 */
export const DEFAULT_QA_FORM: FormSeed = {
  name: '通话质检表 Call QA form',
  description: '培训手册标准话术的默认质检表。 Default form from the standard scripts of the training manuals.',
  sections: [
    {
      title: '开场 Opening',
      items: [
        { text: '标准问候语：报中心名称和工号（"您好，××客服中心，请问有什么可以帮您？"），节日期间加节日问候 Standard greeting with center name and agent number, holiday greeting where due', kind: 'yes_no', weight: 5 },
        { text: '在标准时间内接听，等待较久时致歉（"对不起，让您久等了"） Answered within the standard time; apologised for the wait if long', kind: 'yes_no', weight: 5 },
        { text: "谈及账户前先核实客户身份 Verified the customer's identity before discussing the account", kind: 'yes_no', weight: 10, critical: true },
      ],
    },
    {
      title: '确认需求 Understanding',
      items: [
        { text: '耐心倾听不打断，使用开放式提问 Listened without interrupting; asked open questions', kind: 'scale', max: 5, weight: 10 },
        { text: '复述关键信息确认（号码、地址、日期） Repeated key facts back to confirm (numbers, addresses, dates)', kind: 'yes_no', weight: 10 },
      ],
    },
    {
      title: '处理 Handling',
      items: [
        { text: '信息准确完整，不用模糊用语（"大概"、"可能"） Correct, complete information; no vague words', kind: 'scale', max: 5, weight: 15 },
        { text: '投诉时先共情再给方案（"我理解您的心情"） Empathy before solution in a complaint', kind: 'yes_no', weight: 10, naAllowed: true },
        { text: '给出具体时限的承诺（"××小时内给您回复"），不过度承诺 Concrete commitment with a time, no over-promising', kind: 'yes_no', weight: 10, naAllowed: true },
        { text: '通话保持礼仪：先征得同意，约每 30 秒告知进度，感谢等待 Hold etiquette: asked permission, updated about every 30 s, thanked for waiting', kind: 'yes_no', weight: 5, naAllowed: true },
      ],
    },
    {
      title: '规范 Conduct',
      items: [
        { text: '不使用禁用语（"这不是我的责任"、"我们做不到"、"您必须先…"、"我不知道"） No forbidden phrases', kind: 'yes_no', weight: 10, critical: true },
        { text: '语言和语气：普通话/粤语清晰，发音准确，不用俚语 Language and tone: clear Mandarin/Cantonese, correct tones, no slang', kind: 'scale', max: 5, weight: 5 },
      ],
    },
    {
      title: '结束 Closing',
      items: [{ text: '询问"请问还有什么可以帮您？"，使用标准结束语，不先挂机 Asked if there was anything else, standard closing, did not hang up first', kind: 'yes_no', weight: 5 }],
    },
    {
      title: '记录 Records',
      items: [{ text: '正确记录来电内容和投诉等级 Logged the contact and complaint level correctly', kind: 'yes_no', weight: 5 }],
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
