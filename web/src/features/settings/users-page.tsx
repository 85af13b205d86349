import { Fragment, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { useAgents } from '../org/api/get-agents';
import { useTeams } from '../org/api/get-teams';
import type { User } from './api/settings-types';
import { useCreateUser, useUpdateUser, useUsers } from './api/users';
import { UserFields, userPatch, type UserFieldValues } from './user-fields';

export function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const teams = useTeams();
  const agents = useAgents();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [draft, setDraft] = useState<UserFieldValues & { email: string; password: string }>({ email: '', name: '', password: '', role: 'supervisor', agentId: '', teamIds: [] });
  const [editing, setEditing] = useState<number | null>(null);
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
                  <th scope="col">
                    <span className="sr-only">{t('users.edit')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <Fragment key={u.id}>
                    <tr>
                      <td>{u.name}</td>
                      <td>{u.email}</td>
                      <td>{t(`roles.${u.role}`)}</td>
                      <td className="muted">{u.role === 'supervisor' ? u.teamIds.map(teamName).join(', ') : u.role === 'agent' ? (agents.data?.find((a) => a.id === u.agentId)?.code ?? '') : ''}</td>
                      <td>
                        <span className={`tag ${u.active === false ? 'danger' : 'status-succeeded'}`}>{u.active === false ? t('users.disabled') : t('users.active')}</span>{' '}
                        <button type="button" className="btn small" disabled={update.isPending} onClick={() => update.mutate({ id: u.id, patch: { active: u.active === false } })}>
                          {u.active === false ? t('users.enable') : t('users.disable')}
                        </button>
                      </td>
                      <td>
                        <button type="button" className="btn small" aria-expanded={editing === u.id} aria-label={t('users.editUser', { name: u.name })} onClick={() => setEditing(editing === u.id ? null : u.id)}>
                          {t('users.edit')}
                        </button>
                      </td>
                    </tr>
                    {editing === u.id && (
                      <tr>
                        <td colSpan={6}>
                          <EditUser user={u} onDone={() => setEditing(null)} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          )}
        </QueryState>
      </section>
      {update.isError && editing === null && (
        <p role="alert" className="error-text">
          {update.error.message}
        </p>
      )}
      <form className="card settings-grid" onSubmit={submit} aria-labelledby="new-user">
        <h2 id="new-user" className="full">
          {t('users.add')}
        </h2>
        <label>
          {t('login.email')}
          <input required type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
        </label>
        <label>
          {t('login.password')}
          <input required type="password" minLength={8} autoComplete="new-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
        </label>
        <UserFields value={draft} onChange={(v) => setDraft({ ...draft, ...v })} teams={teams.data} agents={agents.data} />
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

/** Role, name, linked agent and supervised teams of one user; only what changed is sent. */
function EditUser({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const agents = useAgents();
  const update = useUpdateUser();
  const [value, setValue] = useState<UserFieldValues>({ name: user.name, role: user.role, agentId: user.agentId ? String(user.agentId) : '', teamIds: user.teamIds });
  const patch = userPatch(user, value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: user.id, patch }, { onSuccess: onDone });
  };
  return (
    <form className="settings-grid" onSubmit={submit} aria-label={t('users.editUser', { name: user.name })}>
      <UserFields value={value} onChange={setValue} teams={teams.data} agents={agents.data} />
      <div className="full actions">
        <button type="submit" className="btn primary" disabled={update.isPending || Object.keys(patch).length === 0}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          {t('common.cancel')}
        </button>
        {update.isError && (
          <span role="alert" className="error-text">
            {update.error.message}
          </span>
        )}
      </div>
    </form>
  );
}
