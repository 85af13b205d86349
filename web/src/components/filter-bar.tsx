import { useTranslation } from 'react-i18next';
import { useSession } from '../lib/session';
import { useAgents } from '../features/org/api/get-agents';
import { useSites } from '../features/org/api/get-sites';
import { useTeams } from '../features/org/api/get-teams';
import { PRESETS, type Preset } from '../lib/date-range';
import { EntitySelect } from './entity-select';
import { GRANULARITIES, useFilters, type Granularity } from '../lib/use-filters';

interface Props {
  /** which pickers this page uses */
  pickers?: Array<'site' | 'team' | 'agent'>;
  granularity?: boolean;
  /** a page that always shows one team (the team view) passes the team it shows */
  currentTeamId?: number;
}

/** Date range presets, granularity and site/team/agent pickers; the lists are what the user may see. */
export function FilterBar({ pickers = ['site', 'team'], granularity = true, currentTeamId }: Props) {
  const { t } = useTranslation();
  const user = useSession();
  const f = useFilters();
  const isAgent = user.role === 'agent';
  const sites = useSites(!isAgent && pickers.includes('site'));
  const teams = useTeams(!isAgent && pickers.includes('team'));
  const agents = useAgents(!isAgent && pickers.includes('agent'));

  const teamOptions = (teams.data ?? []).filter((tm) => f.siteId === undefined || tm.site?.id === f.siteId);
  const agentOptions = (agents.data ?? []).filter((a) => (f.teamId === undefined || a.team.id === f.teamId) && (f.siteId === undefined || a.site?.id === f.siteId));

  return (
    <section className="filter-bar" aria-label={t('filters.label')}>
      <div className="preset-group" role="group" aria-label={t('filters.range')}>
        {PRESETS.map((p: Preset) => (
          <button key={p} type="button" className={`chip${f.preset === p ? ' active' : ''}`} aria-pressed={f.preset === p} onClick={() => f.setFilters({ preset: p })}>
            {t(`filters.presets.${p}`)}
          </button>
        ))}
      </div>
      <label className="field-inline">
        <span>{t('filters.from')}</span>
        <input type="date" value={f.from} max={f.to} onChange={(e) => e.target.value && f.setFilters({ from: e.target.value, to: f.to })} />
      </label>
      <label className="field-inline">
        <span>{t('filters.to')}</span>
        <input type="date" value={f.to} min={f.from} onChange={(e) => e.target.value && f.setFilters({ from: f.from, to: e.target.value })} />
      </label>
      {granularity && (
        <label className="field-inline">
          <span>{t('filters.granularity')}</span>
          <select value={f.granularity} onChange={(e) => f.setFilters({ granularity: e.target.value as Granularity })}>
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {t(`filters.granularities.${g}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {!isAgent && pickers.includes('site') && (sites.data?.length ?? 0) > 0 && (
        <EntitySelect label={t('filters.site')} value={f.siteId} onChange={(siteId) => f.setFilters({ siteId })} options={sites.data} emptyLabel={t('filters.allSites')} />
      )}
      {!isAgent && pickers.includes('team') && (
        <EntitySelect
          label={t('filters.team')}
          value={currentTeamId ?? f.teamId}
          onChange={(teamId) => f.setFilters({ teamId })}
          options={teamOptions}
          emptyLabel={currentTeamId === undefined ? t('filters.allTeams') : undefined}
        />
      )}
      {!isAgent && pickers.includes('agent') && (
        <EntitySelect label={t('filters.agent')} value={f.agentId} onChange={(agentId) => f.setFilters({ agentId })} options={agentOptions} emptyLabel={t('filters.allAgents')} />
      )}
    </section>
  );
}
