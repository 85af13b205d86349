import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../lib/format';
import { useOrgTimeZone } from '../settings/api/get-settings';
import { useAgentFindings } from '../calls/api/get-agent-findings';
import type { AgentFinding } from '../calls/api/call-types';
import { CallLink } from '../../components/call-link';
import { EvidenceQuote } from '../../components/evidence-quote';

/** An agent's AutoQA findings on their scorecard: each call by its id (linked), the rule and the words. */
export function AgentFindings({ agentId, from, to, own }: { agentId: number; from: string; to: string; own: boolean }) {
  const { t, i18n } = useTranslation();
  const tz = useOrgTimeZone();
  const findings = useAgentFindings({ agentId, from, to });
  const byCall = (list: AgentFinding[]) => {
    const calls = new Map<string, AgentFinding[]>();
    for (const f of list) calls.set(f.callExternalId, [...(calls.get(f.callExternalId) ?? []), f]);
    return [...calls.entries()];
  };
  return (
    <section className="card" aria-labelledby="sc-findings" data-testid="agent-findings">
      <h2 id="sc-findings">{own ? t('calls.myFindings') : t('calls.agentFindings')}</h2>
      {own && <p className="muted small">{t('calls.myFindingsHint')}</p>}
      <QueryState query={findings} empty={(d) => d.length === 0} emptyText={t('calls.noFindings')}>
        {(list) => (
          <ul className="agent-findings">
            {byCall(list).map(([externalId, items]) => (
              <li key={externalId}>
                <p className="finding-call">
                  <CallLink externalId={externalId} /> <span className="muted small">{formatDateTime(items[0].startedAt, i18n.language, tz)}</span>
                </p>
                <ul className="plain-list">
                  {items.map((f) => (
                    <li key={f.rule}>
                      <span className={`tag outcome-${f.outcome}`}>{t(`autoqa.rules.${f.rule}`, { defaultValue: f.rule })}</span>
                      {f.overruled && <span className="tag overruled">{t('autoqa.overruled')}</span>}
                      {f.evidence.map((ev) => (
                        <EvidenceQuote key={`${ev.seq}-${ev.start}`} text={ev.text} start={ev.start} end={ev.end} />
                      ))}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </section>
  );
}
