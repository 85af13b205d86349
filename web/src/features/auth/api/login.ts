import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { resetSession } from '../../../lib/session';
import type { SessionUser } from './auth-types';

export interface LoginInput {
  email: string;
  password: string;
}

export const login = (input: LoginInput) => api<{ token: string; user: SessionUser }>('/auth/login', { method: 'POST', body: input });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: ({ user }) => {
      // Nothing cached for a previous user may leak into this session.
      resetSession(qc, user);
    },
  });
}
