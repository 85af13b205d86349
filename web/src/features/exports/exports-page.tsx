import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EntitySelect } from '../../components/entity-select';
import { ExportButton } from '../../components/export-button';
import { addDays, isoWeekLabel } from '../../lib/date-range';
import { useFilters } from '../../lib/use-filters';
import { useSession } from '../../lib/session';
import { useAgents } from '../org/api/get-agents';
import { useSites } from '../org/api/get-sites';
import { useTeams } from '../org/api/get-teams';

/** The workbooks: HR's monthly sheet, a team's weekly review, one agent's scorecard. */
export function ExportsPage() {
  const { t } = useTranslation();
  const user = useSession();
  const { today, from, to } = useFilters();
  const sites = useSites();
  const teams = useTeams();
  const agents = useAgents();
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const [month, setMonth] = useState(lastMonth);
  const [siteId, setSiteId] = useState<number | undefined>();
  const [teamId, setTeamId] = useState<number | undefined>();
  const [week, setWeek] = useState(isoWeekLabel(addDays(today, -7)));
  const [weekTeam, setWeekTeam] = useState<number | undefined>();
  const [agentId, setAgentId] = useState<number | undefined>();
  const wTeam = weekTeam ?? teams.data?.[0]?.id;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>{user.role === 'hr' ? t('exports.hrTitle') : t('exports.title')}</h1>
          <p className="muted">{t('exports.subtitle')}</p>
        </div>
      </header>
      <div className="export-grid">
        <section className="card" aria-labelledby="ex-monthly">
          <h2 id="ex-monthly">{t('exports.monthlyTitle')}</h2>
          <p className="muted small">{t('exports.monthlyHint')}</p>
          <label className="field-inline">
            <span>{t('exports.month')}</span>
            <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
          </label>
          <EntitySelect label={t('filters.site')} value={siteId} onChange={setSiteId} options={sites.data} emptyLabel={t('filters.allSites')} />
          <EntitySelect label={t('filters.team')} value={teamId} onChange={setTeamId} options={teams.data} emptyLabel={t('filters.allTeams')} />
          <ExportButton label={t('exports.monthly', { month })} request={/^\d{4}-\d{2}$/.test(month) ? { kind: 'monthly', month, siteId, teamId } : null} />
        </section>
        <section className="card" aria-labelledby="ex-weekly">
          <h2 id="ex-weekly">{t('exports.weeklyTitle')}</h2>
          <p className="muted small">{t('exports.weeklyHint')}</p>
          <label className="field-inline">
            <span>{t('review.week')}</span>
            <input value={week} onChange={(e) => setWeek(e.target.value)} pattern="\d{4}-W\d{2}" placeholder="2026-W47" />
          </label>
          <EntitySelect label={t('filters.team')} value={wTeam} onChange={setWeekTeam} options={teams.data} />
          <ExportButton label={t('exports.weekly', { week })} request={wTeam && /^\d{4}-W\d{2}$/.test(week) ? { kind: 'weekly', week, teamId: wTeam } : null} />
        </section>
        <section className="card" aria-labelledby="ex-agent">
          <h2 id="ex-agent">{t('exports.agentTitle')}</h2>
          <p className="muted small">{t('exports.agentHint', { from, to })}</p>
          <EntitySelect label={t('filters.agent')} value={agentId} onChange={setAgentId} options={agents.data} emptyLabel={t('qa.chooseAgent')} />
          <ExportButton label={t('exports.agent')} request={agentId ? { kind: 'agent', agentId, from, to } : null} />
        </section>
      </div>
    </div>
  );
}
