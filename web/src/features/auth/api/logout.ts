import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { resetSession } from '../../../lib/session';

export const logout = () => api<{ ok: boolean }>('/auth/logout', { method: 'POST' });

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      resetSession(qc, null);
    },
  });
}
