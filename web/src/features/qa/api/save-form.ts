import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { qaKeys, type FormInput, type QaForm } from './qa-keys';

/** Creates a form, or saves a new version of it (the server versions once evaluations exist). */
export const saveForm = ({ id, form }: { id?: number; form: FormInput }) => (id ? api<QaForm>(`/qa/forms/${id}`, { method: 'PUT', body: form }) : api<QaForm>('/qa/forms', { method: 'POST', body: form }));

export function useSaveForm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: saveForm,
    onSuccess: (form) => {
      qc.setQueryData(qaKeys.form(form.id), form);
      void qc.invalidateQueries({ queryKey: qaKeys.forms() });
    },
  });
}
