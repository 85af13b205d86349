import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { settingsKeys } from '../../../lib/query-keys';
import type { User } from './settings-types';

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  role: User['role'];
  agentId?: number;
  teamIds?: number[];
}

export const getUsers = () => api<User[] | { items: User[] }>('/users').then((r) => (Array.isArray(r) ? r : r.items));
export const usersQueryOptions = () => queryOptions({ queryKey: settingsKeys.users(), queryFn: getUsers });
export const useUsers = () => useQuery(usersQueryOptions());

export const createUser = (input: CreateUserInput) => api<User>('/users', { method: 'POST', body: input });

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createUser, onSuccess: () => invalidateAfter(qc, 'user') });
}

export interface UpdateUserInput {
  id: number;
  patch: Partial<Pick<User, 'name' | 'email' | 'role' | 'agentId' | 'teamIds' | 'active'>> & { password?: string };
}

export const updateUser = ({ id, patch }: UpdateUserInput) => api<User>(`/users/${id}`, { method: 'PATCH', body: patch });

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateUser, onSuccess: () => invalidateAfter(qc, 'user') });
}
