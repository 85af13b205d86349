#!/usr/bin/env node
/**
 * Pushes one finished call to Callscope (docs/automation.md). Node 20+, no dependencies.
 *
 * Asterisk (extensions.conf), on every hang-up of a queue call:
 *   exten => h,1,System(/usr/local/bin/asterisk-cdr-push.mjs "${CDR(uniqueid)}" "${CDR(start)}" "${CDR(answer)}" "${CDR(end)}" "${CDR(billsec)}" "${CDR(disposition)}" "${QUEUENAME}" "${MEMBERNAME}" "${CDR(src)}")
 * FreeSWITCH (a dialplan action or a mod_event_socket CHANNEL_HANGUP_COMPLETE listener):
 *   <action application="system" data="/usr/local/bin/asterisk-cdr-push.mjs ${uuid} ${start_stamp} ${answer_stamp} ${end_stamp} ${billsec} ${hangup_cause} ${cc_queue} ${cc_agent} ${caller_id_number}"/>
 *
 * Environment: CALLSCOPE_URL (e.g. https://callscope.example.com), CALLSCOPE_INGEST_KEY (an
 * `ingest` API key), CALLSCOPE_CDR_TZ (the PBX's UTC offset, e.g. +08:00; CDR times carry none).
 *
 * The call's unique id is both `external_id` and the Idempotency-Key: a hook that fires twice,
 * or a retry after a timeout, changes nothing.
 */
const [uniqueId, start, answer, end, billsec, disposition, queue, member, src] = process.argv.slice(2);
const base = process.env.CALLSCOPE_URL ?? 'http://localhost:3000';
const key = process.env.CALLSCOPE_INGEST_KEY;
const offset = process.env.CALLSCOPE_CDR_TZ ?? '+08:00';
if (!uniqueId || !start || !key) {
  console.error('usage: asterisk-cdr-push.mjs UNIQUEID START ANSWER END BILLSEC DISPOSITION QUEUE MEMBER SRC (with CALLSCOPE_INGEST_KEY set)');
  process.exit(2);
}

const at = (stamp) => (stamp ? `${stamp.replace(' ', 'T')}${offset}` : null);
const seconds = (a, b) => (a && b ? Math.max(0, Math.round((Date.parse(at(b)) - Date.parse(at(a))) / 1000)) : null);
const answered = disposition === 'ANSWERED' || disposition === 'NORMAL_CLEARING';
// Queue members look like "SIP/1001" or "Agent/A123": the part after the slash is the agent code.
const agentCode = member ? member.split('/').pop() : null;

const record = {
  external_id: uniqueId,
  started_at: at(start),
  channel: 'phone',
  direction: 'inbound',
  queue: queue || null,
  agent_code: answered ? agentCode : null,
  customer_id: src || null,
  answered,
  queue_wait_s: answered ? seconds(start, answer) : seconds(start, end),
  talk_s: answered ? Number(billsec) || 0 : null,
};

const res = await fetch(`${base}/api/ingest/calls`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}`, 'Idempotency-Key': `cdr-${uniqueId}` },
  body: JSON.stringify({ records: [record], onError: 'reject' }),
});
const body = await res.json().catch(() => ({}));
if (!res.ok || body.status !== 'succeeded') {
  // Leave the CDR in the PBX's own log; a later run (or a nightly file import) can send it again.
  console.error(`Callscope refused call ${uniqueId}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body.message ?? body)}`);
  process.exit(1);
}
