import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addDays } from '../lib/date-range';
import { useCreateCoachingNote } from '../features/coaching/api/create-coaching-note';
import { useCreateReviewCoachingNote } from '../features/weekly-review/api/create-review-coaching-note';

interface Props {
  agentId: number;
  initialText: string;
  /** the first day a follow-up may fall on */
  earliestFollowUp: string;
  /** set when the note comes from a weekly-review entry: the review then tracks it; its reasons are kept beside the note */
  fromReview?: { week: string; rule: string; metric?: string; reasons?: string[] };
  /** after a save */
  onSaved: () => void;
  /** closing without saving */
  onCancel: () => void;
}

/** One click from an attention entry or a scorecard: the supervisor's own words, a follow-up a week out. */
export function CoachingNoteForm({ agentId, initialText, earliestFollowUp, fromReview, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const plain = useCreateCoachingNote();
  const review = useCreateReviewCoachingNote();
  const create = fromReview ? review : plain;
  const [text, setText] = useState(initialText);
  const [followUp, setFollowUp] = useState(addDays(earliestFollowUp, 6));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (fromReview) review.mutate({ agentId, ...fromReview, text: body, followUpDate: followUp }, { onSuccess: onSaved });
    else plain.mutate({ agentId, text: body, followUpDate: followUp || null }, { onSuccess: onSaved });
  };
  return (
    <form className="coaching-form" onSubmit={submit}>
      <label>
        {t('coaching.note')}
        {/* eslint-disable-next-line jsx-a11y-x/no-autofocus -- the form opens on the user's click (add a note, coach from an entry): focus follows into it */}
        <textarea required rows={3} value={text} placeholder={t('coaching.placeholder')} onChange={(e) => setText(e.target.value)} autoFocus />
      </label>
      <label className="field-inline">
        <span>{t('coaching.followUp')}</span>
        <input type="date" value={followUp} min={earliestFollowUp} required={!!fromReview} onChange={(e) => setFollowUp(e.target.value)} />
      </label>
      <div className="actions">
        <button type="submit" className="btn primary" disabled={create.isPending || !text.trim()}>
          {t('coaching.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
      {create.isError && (
        <p role="alert" className="error-text">
          {create.error.message}
        </p>
      )}
    </form>
  );
}
