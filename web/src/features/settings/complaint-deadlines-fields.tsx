import { useTranslation } from 'react-i18next';
import { complaintLevels, completeDeadlines, type ComplaintDeadlines, type ComplaintLevel } from '../../../../server/modules/complaints/domain/complaint-clock';

/** The deadlines as edited: response in minutes, resolution in hours (the API keeps seconds). */
export type DeadlineDrafts = Record<'response' | 'resolution', Record<ComplaintLevel, string>>;

const UNIT = { response: 60, resolution: 3600 } as const;

export function toDeadlineDrafts(saved: ComplaintDeadlines | undefined): DeadlineDrafts {
  const d = completeDeadlines(saved);
  const side = (k: 'response' | 'resolution') => Object.fromEntries(complaintLevels.map((l) => [l, String(d[k][l] / UNIT[k])])) as Record<ComplaintLevel, string>;
  return { response: side('response'), resolution: side('resolution') };
}

/** Back to seconds; a blank or invalid field keeps the saved value. Undefined when nothing changed (the patch leaves them out). */
export function fromDeadlineDrafts(stored: ComplaintDeadlines | undefined, drafts: DeadlineDrafts): ComplaintDeadlines | undefined {
  const saved = completeDeadlines(stored);
  const side = (k: 'response' | 'resolution') =>
    Object.fromEntries(
      complaintLevels.map((l) => {
        const n = Number(drafts[k][l]);
        return [l, drafts[k][l].trim() !== '' && Number.isFinite(n) && n > 0 ? Math.round(n * UNIT[k]) : saved[k][l]];
      }),
    ) as Record<ComplaintLevel, number>;
  const next = { response: side('response'), resolution: side('resolution') };
  return JSON.stringify(next) === JSON.stringify(saved) ? undefined : next;
}

export function ComplaintDeadlinesFields({ drafts, onChange }: { drafts: DeadlineDrafts; onChange: (d: DeadlineDrafts) => void }) {
  const { t } = useTranslation();
  const set = (k: 'response' | 'resolution', l: ComplaintLevel, v: string) => onChange({ ...drafts, [k]: { ...drafts[k], [l]: v } });
  return (
    <section className="card" aria-labelledby="complaint-deadlines-title">
      <header className="card-header">
        <h2 id="complaint-deadlines-title">{t('settings.complaintDeadlines')}</h2>
      </header>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">{t('complaints.grade')}</th>
            <th scope="col">{t('settings.complaintResponse')}</th>
            <th scope="col">{t('settings.complaintResolution')}</th>
          </tr>
        </thead>
        <tbody>
          {complaintLevels.map((l) => (
            <tr key={l}>
              <th scope="row">{t(`complaints.levels.${l}`)}</th>
              {(['response', 'resolution'] as const).map((k) => (
                <td key={k}>
                  <input
                    aria-label={`${t(`complaints.levels.${l}`)} ${t(k === 'response' ? 'settings.complaintResponse' : 'settings.complaintResolution')}`}
                    type="number"
                    min={0}
                    step="any"
                    value={drafts[k][l]}
                    onChange={(e) => set(k, l, e.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('settings.complaintDeadlinesNote')}</p>
    </section>
  );
}
