import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { useAgents } from '../org/api/get-agents';
import { useTeams } from '../org/api/get-teams';
import type { User } from './api/settings-keys';
import { useCreateUser, useUpdateUser, useUsers } from './api/users';

const ROLES: User['role'][] = ['admin', 'supervisor', 'agent', 'hr'];

export function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const teams = useTeams();
  const agents = useAgents();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [draft, setDraft] = useState({ email: '', name: '', password: '', role: 'supervisor' as User['role'], agentId: '', teamIds: [] as number[] });
  const teamName = (id: number) => teams.data?.find((tm) => tm.id === id)?.name ?? `#${id}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        email: draft.email.trim(),
        name: draft.name.trim(),
        password: draft.password,
        role: draft.role,
        ...(draft.role === 'agent' && draft.agentId ? { agentId: Number(draft.agentId) } : {}),
        ...(draft.role === 'supervisor' ? { teamIds: draft.teamIds } : {}),
      },
      { onSuccess: () => setDraft((d) => ({ ...d, email: '', name: '', password: '' })) },
    );
  };

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('users.title')}</h1>
      </header>
      <section className="card">
        <QueryState query={users} empty={(d) => d.length === 0}>
          {(list) => (
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('login.email')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.scope')}</th>
                  <th scope="col">{t('users.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{t(`roles.${u.role}`)}</td>
                    <td className="muted">{u.role === 'supervisor' ? (u.teamIds ?? []).map(teamName).join(', ') : u.role === 'agent' ? (agents.data?.find((a) => a.id === u.agentId)?.code ?? '') : ''}</td>
                    <td>
                      <span className={`tag ${u.active === false ? 'danger' : 'status-succeeded'}`}>{u.active === false ? t('users.disabled') : t('users.active')}</span>{' '}
                      <button type="button" className="btn small" disabled={update.isPending} onClick={() => update.mutate({ id: u.id, patch: { active: u.active === false } })}>
                        {u.active === false ? t('users.enable') : t('users.disable')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
      {update.isError && (
        <p role="alert" className="error-text">
          {update.error.message}
        </p>
      )}
      <form className="card settings-grid" onSubmit={submit} aria-labelledby="new-user">
        <h2 id="new-user" className="full">
          {t('users.add')}
        </h2>
        <label>
          {t('users.name')}
          <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          {t('login.email')}
          <input required type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </label>
        <label>
          {t('login.password')}
          <input required type="password" minLength={8} autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        </label>
        <label>
          {t('users.role')}
          <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as User['role'] })}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {draft.role === 'agent' && (
          <label>
            {t('filters.agent')}
            <select required value={draft.agentId} onChange={(e) => setDraft({ ...draft, agentId: e.target.value })}>
              <option value="">{t('qa.chooseAgent')}</option>
              {agents.data?.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.code})
                </option>
              ))}
            </select>
          </label>
        )}
        {draft.role === 'supervisor' && (
          <fieldset className="plain">
            <legend>{t('users.teams')}</legend>
            {teams.data?.map((tm) => (
              <label key={tm.id} className="check">
                <input
                  type="checkbox"
                  checked={draft.teamIds.includes(tm.id)}
                  onChange={(e) => setDraft({ ...draft, teamIds: e.target.checked ? [...draft.teamIds, tm.id] : draft.teamIds.filter((x) => x !== tm.id) })}
                />
                {tm.name}
              </label>
            ))}
          </fieldset>
        )}
        <div className="full actions">
          <button type="submit" className="btn primary" disabled={create.isPending}>
            {t('users.create')}
          </button>
          {create.isError && (
            <span role="alert" className="error-text">
              {create.error.message}
            </span>
          )}
          {create.isSuccess && <span className="success-text">✓ {t('common.saved')}</span>}
        </div>
      </form>
    </div>
  );
}
