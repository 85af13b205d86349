import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { autoqaKeys, type AgreementParams } from '../../../lib/query-keys';
import type { AgreementRow } from './autoqa-types';

export const getAgreement = (params: AgreementParams) =>
  api<AgreementRow[] | { rules: AgreementRow[] } | { items: AgreementRow[] }>('/autoqa/agreement', { params: { ...params } }).then((r) => (Array.isArray(r) ? r : 'rules' in r ? r.rules : r.items));
export const agreementQueryOptions = (params: AgreementParams) => queryOptions({ queryKey: autoqaKeys.agreement(params), queryFn: () => getAgreement(params) });
export const useAgreement = (params: AgreementParams) => useQuery(agreementQueryOptions(params));
