import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../lib/format';
import type { Evidence, Outcome, Turn } from '../features/calls/api/call-types';
import { splitHighlights, type Span } from '../lib/highlight-spans';

export interface ShownFinding {
  rule: string;
  outcome: Outcome;
  overruled?: boolean;
  originalOutcome?: Outcome;
  overrule?: { reason: string; by: { name: string } | null } | null;
  evidence: Evidence[];
}

/** The DOM id of a turn, so a finding can scroll to it. */
export const turnDomId = (prefix: string, seq: number) => `${prefix}-turn-${seq}`;

/**
 * A transcript in speaker lanes (agent, customer, system), each turn with its time from the start
 * of the contact, and the words that decided each finding marked in place. All text is rendered
 * as React text nodes: imported markup shows literally.
 */
export function TranscriptView({ turns, findings, activeRule, idPrefix = 'call' }: { turns: readonly Turn[]; findings: readonly ShownFinding[]; activeRule?: string | null; idPrefix?: string }) {
  const { t } = useTranslation();
  const outcomeOf = new Map(findings.map((f) => [f.rule, f.outcome]));
  const spansBySeq = new Map<number, Span[]>();
  for (const f of findings) {
    for (const ev of f.evidence) {
      const list = spansBySeq.get(ev.seq) ?? [];
      list.push({ start: ev.start, end: ev.end, key: f.rule });
      spansBySeq.set(ev.seq, list);
    }
  }
  const ruleLabel = (rule: string) => t(`autoqa.rules.${rule}`, { defaultValue: rule });
  return (
    <ol className="transcript" aria-label={t('calls.transcript')}>
      {[...turns]
        .sort((a, b) => a.seq - b.seq)
        .map((turn) => {
          const spans = spansBySeq.get(turn.seq) ?? [];
          const segments = splitHighlights(turn.text, spans);
          const active = activeRule ? spans.some((s) => s.key === activeRule) : false;
          return (
            <li key={turn.seq} id={turnDomId(idPrefix, turn.seq)} className={`turn lane-${turn.speaker}${active ? ' active' : ''}`} data-seq={turn.seq} data-speaker={turn.speaker}>
              <div className="turn-meta">
                <span className="turn-speaker">{t(`calls.speakers.${turn.speaker}`, { defaultValue: turn.speaker })}</span>
                <time className="turn-offset">{turn.offsetS === null || turn.offsetS === undefined ? '' : formatDuration(turn.offsetS)}</time>
              </div>
              <p className="turn-text">
                {segments.map((seg) => {
                  if (seg.marks.length === 0) return <span key={seg.start}>{seg.text}</span>;
                  const failed = seg.marks.some((k) => outcomeOf.get(k) === 'fail');
                  const isActive = activeRule ? seg.marks.includes(activeRule) : false;
                  return (
                    <mark key={seg.start} className={`evidence-mark ${failed ? 'outcome-fail' : 'outcome-pass'}${isActive ? ' active' : ''}`} data-rules={seg.marks.join(' ')} title={seg.marks.map(ruleLabel).join(', ')}>
                      {seg.text}
                    </mark>
                  );
                })}
              </p>
            </li>
          );
        })}
    </ol>
  );
}

/** Each rule's outcome; choosing one scrolls the transcript to the turn of its first evidence. */
export function FindingsList({ findings, activeRule, onSelect, renderActions }: { findings: readonly ShownFinding[]; activeRule?: string | null; onSelect: (finding: ShownFinding) => void; renderActions?: (finding: ShownFinding) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <ul className="findings">
      {findings.map((f) => (
        <li key={f.rule} className={`finding outcome-${f.outcome}${activeRule === f.rule ? ' active' : ''}`} data-rule={f.rule}>
          <button type="button" className="finding-select" onClick={() => onSelect(f)} aria-pressed={activeRule === f.rule} disabled={f.evidence.length === 0}>
            <span className="finding-rule">{t(`autoqa.rules.${f.rule}`, { defaultValue: f.rule })}</span>
            <span className={`tag outcome-${f.outcome}`}>{t(`autoqa.outcomes.${f.outcome}`)}</span>
            {f.overruled && <span className="tag overruled">{t('autoqa.overruled')}</span>}
            {f.evidence.length > 0 && <span className="muted small">{t('autoqa.evidenceCount', { count: f.evidence.length })}</span>}
          </button>
          {f.overruled && f.overrule && (
            <p className="muted small overrule-note">
              {t('autoqa.overruleNote', { by: f.overrule.by?.name ?? '–', was: f.originalOutcome ? t(`autoqa.outcomes.${f.originalOutcome}`) : '–' })} <q className="note-text">{f.overrule.reason}</q>
            </p>
          )}
          {renderActions?.(f)}
        </li>
      ))}
    </ul>
  );
}

/** Scrolls a turn into view (jsdom has no scrollIntoView: optional). */
export function scrollToTurn(prefix: string, seq: number): void {
  const el = document.getElementById(turnDomId(prefix, seq));
  el?.scrollIntoView?.({ behavior: 'smooth', block: 'center' });
}
