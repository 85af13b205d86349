import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { invalidateAfter } from '../../../lib/invalidation';
import { qaKeys } from '../../../lib/query-keys';
import type { FormInput, QaForm } from './qa-types';

/** Creates a form, or saves a new version of it (the server versions once evaluations exist). */
export const saveForm = ({ id, form }: { id?: number; form: FormInput }) => (id ? api<QaForm>(`/qa/forms/${id}`, { method: 'PUT', body: form }) : api<QaForm>('/qa/forms', { method: 'POST', body: form }));

export function useSaveForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveForm,
    onSuccess: (form) => {
      qc.setQueryData(qaKeys.form(form.id), form);
      void invalidateAfter(qc, 'qaForm');
    },
  });
}
