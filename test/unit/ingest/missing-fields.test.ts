import { missingFields } from '../../../server/modules/ingest/domain/missing-fields';

describe('the fields an import file did not provide', () => {
  it('the PwC columns: no escalation, transfer, customer id, hold, wrap-up or channel', () => {
    const pwc = { external_id: 'Call Id', agent_code: 'Agent', started_at: ['Date', 'Time'], topic: 'Topic', answered: 'Answered (Y/N)', resolved: 'Resolved', queue_wait_s: 'Speed of answer in seconds', talk_s: 'AvgTalkDuration', csat: 'Satisfaction rating' };
    expect(missingFields('calls', pwc).map((f) => f.field)).toEqual(['channel', 'customer_id', 'hold_s', 'acw_s', 'escalated', 'transferred']);
    expect(missingFields('calls', pwc)).toContainEqual({ field: 'escalated', message: 'no escalation column: escalation rate will show no data for these calls' });
  });

  it.each([
    ['surveys', { call_external_id: 'id', csat: 'csat' }, ['nps']],
    ['evaluations', { agent_code: 'a', evaluated_at: 'b', score: 'c' }, ['auto_fail']],
    ['agents', { agent_code: 'a', name: 'n' }, []],
    ['calls', null, ['channel', 'customer_id', 'queue_wait_s', 'talk_s', 'hold_s', 'acw_s', 'resolved', 'escalated', 'transferred']],
  ] as const)('%s with %j misses %j', (kind, columns, fields) => {
    expect(missingFields(kind, columns).map((f) => f.field)).toEqual(fields);
  });
});
