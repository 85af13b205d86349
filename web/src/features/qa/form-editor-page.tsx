import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { QueryState } from '../../components/query-state';
import { useSession } from '../../lib/session';
import { useForm } from './api/get-form';
import type { FormInput, QaForm } from './api/qa-types';
import { useSaveForm } from './api/save-form';

type Draft = FormInput;

const emptyItem = (): Draft['sections'][number]['items'][number] => ({ text: '', kind: 'yes_no', weight: 10, critical: false, naAllowed: false, max: null });

export function toDraft(form: QaForm | undefined): Draft {
  if (!form) return { name: '', sections: [{ title: '', items: [emptyItem()] }] };
  return {
    name: form.name,
    description: form.description ?? null,
    sections: form.currentVersion.sections.map((s) => ({ title: s.title, items: s.items.map((i) => ({ text: i.text, kind: i.kind, max: i.max, weight: i.weight, critical: i.critical, naAllowed: i.naAllowed })) })),
  };
}

export function FormEditorPage() {
  const param = useParams().formId;
  const id = param === 'new' ? undefined : Number(param);
  const form = useForm(id);
  if (id === undefined) return <FormEditor />;
  return <QueryState query={form}>{(f) => <FormEditor form={f} />}</QueryState>;
}

function FormEditor({ form }: { form?: QaForm }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSession();
  const save = useSaveForm();
  const location = useLocation();
  const justSaved = save.isSuccess || (location.state as { saved?: boolean } | null)?.saved === true;
  const [draft, setDraft] = useState<Draft>(() => toDraft(form));
  const readOnly = user.role !== 'admin';
  const update = (fn: (d: Draft) => void) =>
    setDraft((d) => {
      const copy = structuredClone(d);
      fn(copy);
      return copy;
    });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: FormInput = { ...draft, sections: draft.sections.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, max: i.kind === 'scale' ? (i.max ?? 5) : null })) })) };
    save.mutate({ id: form?.id, form: body }, { onSuccess: (saved) => navigate(`/qa/forms/${saved.id}`, { replace: true, state: { saved: true } }) });
  };

  return (
    <form className="page form-editor" onSubmit={submit}>
      <header className="page-header">
        <div>
          <h1>{form ? t('qa.editForm', { name: form.name }) : t('qa.newForm')}</h1>
          {form && <p className="muted">{t('qa.versionNote', { version: form.currentVersion.version })}</p>}
        </div>
        {!readOnly && (
          <div className="actions">
            <button type="submit" className="btn primary" disabled={save.isPending}>
              {t('common.save')}
            </button>
          </div>
        )}
      </header>
      {save.isError && (
        <p role="alert" className="error-text">
          {save.error.message}
        </p>
      )}
      {justSaved && !save.isPending && <p className="success-text">✓ {t('common.saved')}</p>}
      {readOnly && (
        <p className="notice" role="note" data-testid="form-read-only">
          {t('qa.formReadOnly')}
        </p>
      )}
      <fieldset disabled={readOnly} className="plain">
        <label>
          {t('qa.formName')}
          <input required value={draft.name} onChange={(e) => update((d) => void (d.name = e.target.value))} />
        </label>
        {draft.sections.map((s, si) => (
          <fieldset key={si} className="card">
            <legend>{t('qa.section', { n: si + 1 })}</legend>
            <div className="form-row">
              <input aria-label={t('qa.sectionTitle')} placeholder={t('qa.sectionTitle')} required value={s.title} onChange={(e) => update((d) => void (d.sections[si].title = e.target.value))} />
              <button type="button" className="btn small" onClick={() => update((d) => void d.sections.splice(si, 1))} disabled={draft.sections.length === 1}>
                {t('qa.removeSection')}
              </button>
            </div>
            <table className="data-table compact editor-table">
              <thead>
                <tr>
                  <th scope="col">{t('qa.item')}</th>
                  <th scope="col">{t('qa.kind')}</th>
                  <th scope="col">{t('qa.max')}</th>
                  <th scope="col">{t('qa.points')}</th>
                  <th scope="col">{t('qa.critical')}</th>
                  <th scope="col">{t('qa.na')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.items.map((it, ii) => {
                  const set = (fn: (i: typeof it) => void) => update((d) => fn(d.sections[si].items[ii]));
                  return (
                    <tr key={ii}>
                      <td>
                        <input aria-label={t('qa.itemText')} required value={it.text} onChange={(e) => set((i) => void (i.text = e.target.value))} />
                      </td>
                      <td>
                        <select aria-label={t('qa.kind')} value={it.kind} onChange={(e) => set((i) => void (i.kind = e.target.value as 'yes_no' | 'scale'))}>
                          <option value="yes_no">{t('qa.kinds.yes_no')}</option>
                          <option value="scale">{t('qa.kinds.scale')}</option>
                        </select>
                      </td>
                      <td>
                        <input aria-label={t('qa.max')} type="number" min={1} max={100} disabled={it.kind !== 'scale'} value={it.kind === 'scale' ? (it.max ?? 5) : ''} onChange={(e) => set((i) => void (i.max = Number(e.target.value)))} />
                      </td>
                      <td>
                        <input aria-label={t('qa.points')} type="number" min={0} step="any" value={it.weight} onChange={(e) => set((i) => void (i.weight = Number(e.target.value)))} />
                      </td>
                      <td>
                        <input aria-label={t('qa.critical')} type="checkbox" checked={!!it.critical} onChange={(e) => set((i) => void (i.critical = e.target.checked))} />
                      </td>
                      <td>
                        <input aria-label={t('qa.naAllowed')} type="checkbox" checked={!!it.naAllowed} onChange={(e) => set((i) => void (i.naAllowed = e.target.checked))} />
                      </td>
                      <td>
                        <button type="button" className="btn small" aria-label={t('qa.removeItem')} onClick={() => update((d) => void d.sections[si].items.splice(ii, 1))} disabled={s.items.length === 1}>
                          ✕
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <button type="button" className="btn small" onClick={() => update((d) => void d.sections[si].items.push(emptyItem()))}>
              + {t('qa.addItem')}
            </button>
          </fieldset>
        ))}
        <button type="button" className="btn" onClick={() => update((d) => void d.sections.push({ title: '', items: [emptyItem()] }))}>
          + {t('qa.addSection')}
        </button>
      </fieldset>
    </form>
  );
}
