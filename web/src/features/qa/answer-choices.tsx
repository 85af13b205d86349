import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import type { AnswerValue, FormItem } from './api/qa-types';
import type { LiveScore } from './live-score';

/** The answers an item allows (yes/no or 0..max, and N/A where allowed) as one radio group. */
export function AnswerChoices({ item, value, onChange }: { item: Pick<FormItem, 'id' | 'text' | 'kind' | 'max' | 'naAllowed'>; value: AnswerValue | undefined; onChange: (v: AnswerValue) => void }) {
  const { t } = useTranslation();
  const name = `i${item.id}`;
  return (
    <div className="eval-item-answer" role="radiogroup" aria-label={item.text}>
      {item.kind === 'yes_no' ? (
        <>
          <Choice name={name} label={t('common.yes')} checked={value === true} onChange={() => onChange(true)} />
          <Choice name={name} label={t('common.no')} checked={value === false} onChange={() => onChange(false)} />
        </>
      ) : (
        Array.from({ length: (item.max ?? 0) + 1 }, (_, v) => <Choice key={v} name={name} label={String(v)} checked={value === v} onChange={() => onChange(v)} />)
      )}
      {item.naAllowed && <Choice name={name} label={t('qa.na')} checked={value === 'na'} onChange={() => onChange('na')} />}
    </div>
  );
}

function Choice({ name, label, checked, onChange }: { name: string; label: string; checked: boolean; onChange: () => void }) {
  return (
    <label className={`choice${checked ? ' checked' : ''}`}>
      <input type="radio" name={name} checked={checked} onChange={onChange} />
      {label}
    </label>
  );
}

/** The score as the answers stand, computed with the server's scoring function. */
export function LiveScoreBadge({ live, label }: { live: LiveScore; label: string }) {
  const { t, i18n } = useTranslation();
  return (
    <aside className={`live-score${live.autoFail ? ' fail' : ''}`} aria-live="polite" data-testid="live-score">
      <span className="muted small">{label}</span>
      <span className="score-number">{live.score === null ? '–' : formatNumber(live.score, i18n.language, 1)}</span>
      {live.autoFail && <span className="tag danger">{t('qa.autoFail')}</span>}
      <span className="muted small">{t('qa.answeredOf', { answered: live.answered, total: live.total })}</span>
    </aside>
  );
}
