import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isNotAvailable } from '../../lib/api-client';
import { addDays } from '../../lib/date-range';
import { useCreateCoachingNote } from '../coaching/api/create-coaching-note';
import type { CoachingNoteInput } from '../coaching/api/coaching-keys';

/** One click from an attention entry: the note is pre-filled with the reason; a follow-up date a week out. */
export function CoachingNoteForm({ base, initialText, today, onDone }: { base: Omit<CoachingNoteInput, 'text'>; initialText: string; today: string; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateCoachingNote();
  const [text, setText] = useState(initialText);
  const [followUp, setFollowUp] = useState(addDays(today, 7));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...base, text: text.trim(), followUpDate: followUp || null }, { onSuccess: onDone });
  };
  return (
    <form className="coaching-form" onSubmit={submit}>
      <label>
        {t('coaching.note')}
        <textarea required rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </label>
      <label className="field-inline">
        <span>{t('coaching.followUp')}</span>
        <input type="date" value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="btn primary" disabled={create.isPending || !text.trim()}>
          {t('coaching.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {create.isError && (
        <p role="alert" className="error-text">
          {isNotAvailable(create.error) ? t('common.notAvailable') : create.error.message}
        </p>
      )}
    </form>
  );
}
