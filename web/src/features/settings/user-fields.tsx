import { useTranslation } from 'react-i18next';
import type { Agent, Team } from '../org/api/org-types';
import type { User } from './api/settings-types';

export const ROLES: User['role'][] = ['admin', 'supervisor', 'agent', 'hr'];

/** What a user form edits besides email and password; agentId as the select's string. */
export interface UserFieldValues {
  name: string;
  role: User['role'];
  agentId: string;
  teamIds: number[];
}

/** Name, role, and the role's link: an agent record for an agent, the teams a supervisor supervises. */
export function UserFields({ value, onChange, teams, agents }: { value: UserFieldValues; onChange: (v: UserFieldValues) => void; teams: Team[] | undefined; agents: Agent[] | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('users.name')}
        <input required value={value.name} onChange={(e) => onChange({ ...value, name: e.target.value })} />
      </label>
      <label>
        {t('users.role')}
        <select value={value.role} onChange={(e) => onChange({ ...value, role: e.target.value as User['role'] })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {value.role === 'agent' && (
        <label>
          {t('filters.agent')}
          <select required value={value.agentId} onChange={(e) => onChange({ ...value, agentId: e.target.value })}>
            <option value="">{t('qa.chooseAgent')}</option>
            {agents?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.code})
              </option>
            ))}
          </select>
        </label>
      )}
      {value.role === 'supervisor' && (
        <fieldset className="plain">
          <legend>{t('users.teams')}</legend>
          {teams?.map((tm) => (
            <label key={tm.id} className="check">
              <input
                type="checkbox"
                checked={value.teamIds.includes(tm.id)}
                onChange={(e) => onChange({ ...value, teamIds: e.target.checked ? [...value.teamIds, tm.id] : value.teamIds.filter((x) => x !== tm.id) })}
              />
              {tm.name}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && [...a].sort((x, y) => x - y).every((id, i) => id === [...b].sort((x, y) => x - y)[i]);

/**
 * The PATCH body for what changed: a role's link goes with the role (an agent keeps an agent
 * record, only a supervisor has teams), and leaving the agent role drops the agent link.
 */
export function userPatch(user: User, v: UserFieldValues): Partial<Pick<User, 'name' | 'role' | 'agentId' | 'teamIds'>> {
  const patch: Partial<Pick<User, 'name' | 'role' | 'agentId' | 'teamIds'>> = {};
  if (v.name.trim() !== user.name) patch.name = v.name.trim();
  if (v.role !== user.role) patch.role = v.role;
  const agentId = v.role === 'agent' ? Number(v.agentId) || null : null;
  if (agentId !== user.agentId && (v.role === 'agent' || user.role === 'agent')) patch.agentId = agentId;
  if (v.role === 'supervisor' && (user.role !== 'supervisor' || !sameIds(v.teamIds, user.teamIds))) patch.teamIds = v.teamIds;
  return patch;
}
