import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorNote } from '../../components/query-state';
import { errorCode } from '../../lib/api-client';
import { formatDateTime, formatDuration, formatNumber } from '../../lib/format';
import { useSession } from '../../lib/session';
import { EvaluationStatusBadge } from '../../components/evaluation-status-badge';
import type { EvaluationStatus } from '../qa/api/qa-types';
import { useOrgTimeZone } from '../settings/api/get-settings';
import type { CallDetail, CallFinding, Outcome } from './api/call-types';
import { useCall } from './api/get-call';
import { useOverruleFinding } from './api/overrule-finding';
import { FindingsList, scrollToTurn, TranscriptView } from '../../components/transcript-view';

/** A recording link is shown only when it is plainly http(s): never javascript:, data: or a relative path. */
export function safeRecordingUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** `/calls/:externalId`: one contact with everything Callscope knows about it. */
export function CallPage() {
  const externalId = useParams().externalId ?? '';
  const { t } = useTranslation();
  const call = useCall(externalId);
  if (call.isPending) return <p className="page-state" aria-busy="true">{t('common.loading')}</p>;
  if (call.isError) {
    const code = errorCode(call.error);
    if (code === 'forbidden_scope' || code === 'forbidden_role')
      return (
        <p className="page-state error-text" role="alert" data-testid="call-forbidden">
          {t('calls.forbidden', { id: externalId })}
        </p>
      );
    if (code === 'not_found')
      return (
        <p className="page-state notice" role="alert" data-testid="call-not-found">
          {t('calls.notFound', { id: externalId })}
        </p>
      );
    return <ErrorNote error={call.error} />;
  }
  return <CallView call={call.data} />;
}

function YesNoUnknown({ value }: { value: boolean | null | undefined }) {
  const { t } = useTranslation();
  if (value === null || value === undefined) return <span className="muted">{t('calls.unknown')}</span>;
  return <>{value ? t('common.yes') : t('common.no')}</>;
}

function CallView({ call }: { call: CallDetail }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const tz = useOrgTimeZone();
  const user = useSession();
  const [activeRule, setActiveRule] = useState<string | null>(null);
  const canWrite = user.role === 'supervisor' || user.role === 'admin';
  const canOverrule = call.can.overrule;
  // Scoring is for supervisors and admins; the QA API checks the agent's team when it is saved.
  const canEvaluate = canWrite;
  const recording = safeRecordingUrl(call.recordingUrl);
  const findings = call.autoqa?.findings ?? [];
  const dur = (s: number | null) => (s === null || s === undefined ? <span className="muted">{t('calls.unknown')}</span> : formatDuration(s));

  const select = (f: { rule: string; evidence: CallFinding['evidence'] }) => {
    setActiveRule(f.rule);
    if (f.evidence[0]) scrollToTurn('call', f.evidence[0].seq);
  };
  const scoreLink = `/qa/evaluate?${new URLSearchParams({ call: call.externalId, ...(call.agent ? { agent: String(call.agent.id) } : {}), ...(call.autoqa ? { autoqa: '1' } : {}) })}`;

  return (
    <div className="page call-page">
      <header className="page-header">
        <div>
          {user.role === 'agent' && (
            <p className="muted small">
              <Link to="/">← {t('nav.myScorecard')}</Link>
            </p>
          )}
          <h1>{t('calls.title', { id: call.externalId })}</h1>
          <p className="muted">
            {formatDateTime(call.startedAt, lng, tz)}
            {call.agent && (
              <>
                {' · '}
                {user.role === 'agent' ? call.agent.name : <Link to={`/agents/${call.agent.id}`}>{call.agent.name}</Link>} ({call.agent.code})
              </>
            )}
            {call.team && ` · ${call.team.name}`}
          </p>
        </div>
        <div className="actions">
          {call.autoqa && (
            <div className={`score-badge${call.autoqa.autoFail ? ' fail' : ''}`} aria-label={t('calls.autoqaScore')}>
              <span className="small">{t('calls.autoqaScore')}</span>
              <span className="score-number">{formatNumber(call.autoqa.score, lng, 1)}</span>
              {call.autoqa.autoFail && <span className="small">{t('qa.autoFail')}</span>}
            </div>
          )}
          {canEvaluate && call.agent && (
            <Link className="btn primary" to={scoreLink}>
              {t('calls.scoreThisCall')}
            </Link>
          )}
        </div>
      </header>

      <div className="call-grid">
        <section className="card" aria-labelledby="call-facts">
          <h2 id="call-facts">{t('calls.facts')}</h2>
          <dl className="facts">
            <Fact label={t('calls.channel')}>{call.channel ? t(`calls.channels.${call.channel}`, { defaultValue: call.channel }) : <span className="muted">{t('calls.unknown')}</span>}</Fact>
            <Fact label={t('calls.queue')}>{call.queue ?? <span className="muted">–</span>}</Fact>
            <Fact label={t('calls.agent')}>{call.agent ? `${call.agent.name} (${call.agent.code})` : <span className="muted">{t('calls.noAgent')}</span>}</Fact>
            <Fact label={t('calls.team')}>{call.team?.name ?? <span className="muted">–</span>}</Fact>
            <Fact label={t('calls.queueWait')}>{dur(call.queueWaitS)}</Fact>
            <Fact label={t('calls.talk')}>{dur(call.talkS)}</Fact>
            <Fact label={t('calls.hold')}>{dur(call.holdS)}</Fact>
            <Fact label={t('calls.acw')}>{dur(call.acwS)}</Fact>
            <Fact label={t('calls.answered')}><YesNoUnknown value={call.answered} /></Fact>
            <Fact label={t('calls.resolved')}><YesNoUnknown value={call.resolved} /></Fact>
            <Fact label={t('calls.escalated')}><YesNoUnknown value={call.escalated} /></Fact>
            <Fact label={t('calls.transferred')}><YesNoUnknown value={call.transferred} /></Fact>
            <Fact label={t('calls.complaintLevel')}>{call.complaintLevel === null || call.complaintLevel === undefined || call.complaintLevel === 'none' ? <span className="muted">{t('calls.noComplaint')}</span> : String(call.complaintLevel)}</Fact>
            <Fact label={t('calls.recording')}>
              {recording ? (
                <a href={recording} target="_blank" rel="noopener noreferrer">
                  {t('calls.openRecording')}
                </a>
              ) : (
                <span className="muted">{t('calls.noRecording')}</span>
              )}
            </Fact>
          </dl>
        </section>

        <section className="card" aria-labelledby="call-survey">
          <h2 id="call-survey">{t('calls.survey')}</h2>
          {call.survey ? (
            <dl className="facts">
              <Fact label={t('metrics.csat_avg.short')}>{formatNumber(call.survey.csat, lng)}</Fact>
              <Fact label={t('metrics.nps.short')}>{formatNumber(call.survey.nps, lng)}</Fact>
              {call.survey.comment && (
                <div className="fact-wide">
                  <dt>{t('qa.comment')}</dt>
                  <dd className="note-text">{call.survey.comment}</dd>
                </div>
              )}
            </dl>
          ) : (
            <p className="muted">{t('calls.noSurvey')}</p>
          )}
          <h2 id="call-complaints">{t('calls.complaints')}</h2>
          {call.complaints.length === 0 ? (
            <p className="muted">{t('calls.noComplaints')}</p>
          ) : (
            <ul className="plain-list" aria-labelledby="call-complaints">
              {call.complaints.map((c) => (
                <li key={c.externalId}>
                  {c.externalId} · {t('calls.level', { level: c.level ?? '–' })} · {c.status}
                </li>
              ))}
            </ul>
          )}
          <h2 id="call-evaluations">{t('scorecard.evaluations')}</h2>
          {call.evaluations.length === 0 ? (
            <p className="muted">{t('calls.noEvaluations')}</p>
          ) : (
            <ul className="plain-list" aria-labelledby="call-evaluations">
              {call.evaluations.map((ev) => (
                <li key={ev.id}>
                  <Link to={`/evaluations/${ev.id}`}>{t('review.evaluation', { id: ev.id })}</Link> · {formatNumber(ev.score, lng, 1)} <EvaluationStatusBadge status={ev.status as EvaluationStatus} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <div className="call-grid transcript-grid">
        <section className="card" aria-labelledby="call-transcript">
          <h2 id="call-transcript">{t('calls.transcript')}</h2>
          {call.transcript.length === 0 ? <p className="muted">{t('calls.noTranscript')}</p> : <TranscriptView turns={call.transcript} findings={findings} activeRule={activeRule} />}
        </section>
        <section className="card findings-card" aria-labelledby="call-findings">
          <h2 id="call-findings">{t('calls.findings')}</h2>
          {!call.autoqa ? (
            <p className="muted">{t('calls.notScored')}</p>
          ) : (
            <>
              <p className="muted small">{t('calls.ruleSetVersion', { version: call.autoqa.ruleSetVersion })}</p>
              <FindingsList findings={findings} activeRule={activeRule} onSelect={select} renderActions={canOverrule ? (f) => <OverruleControl externalId={call.externalId} finding={f as CallFinding} /> : undefined} />
            </>
          )}
        </section>
      </div>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const OUTCOMES: Outcome[] = ['pass', 'fail', 'na'];

/** A supervisor or admin corrects one finding, with a reason (audited on the server). */
function OverruleControl({ externalId, finding }: { externalId: string; finding: CallFinding }) {
  const { t } = useTranslation();
  const overrule = useOverruleFinding();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(finding.outcome === 'fail' ? 'pass' : 'fail');
  const [reason, setReason] = useState('');
  const label = t(`autoqa.rules.${finding.rule}`, { defaultValue: finding.rule });
  if (!open)
    return (
      <button type="button" className="btn small" onClick={() => setOpen(true)} aria-label={t('calls.overruleRule', { rule: label })}>
        {t('calls.overrule')}
      </button>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    overrule.mutate({ externalId, rule: finding.rule, outcome, reason: reason.trim() }, { onSuccess: () => setOpen(false) });
  };
  return (
    <form className="overrule-form" onSubmit={submit} aria-label={t('calls.overruleRule', { rule: label })}>
      <label>
        {t('calls.newOutcome')}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as Outcome)}>
          {OUTCOMES.filter((o) => o !== finding.outcome).map((o) => (
            <option key={o} value={o}>
              {t(`autoqa.outcomes.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('calls.overruleReason')}
        <textarea rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {overrule.isError && (
        <p role="alert" className="error-text small">
          {overrule.error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary small" disabled={!reason.trim() || overrule.isPending}>
          {t('calls.confirmOverrule')}
        </button>
        <button type="button" className="btn small" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
