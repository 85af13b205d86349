// Every integration test runs with a fixed signing secret and without demo data.
process.env.CALLSCOPE_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
process.env.CALLSCOPE_DEMO = 'false';
// Tests drive the scheduler's worker themselves (DeliveryWorker.tick), never on a timer.
process.env.CALLSCOPE_SCHEDULER_POLL_MS ??= '0';
