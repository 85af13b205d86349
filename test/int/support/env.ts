// Every integration test runs with a fixed signing secret and without demo data.
process.env.CALLSCOPE_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
process.env.CALLSCOPE_DEMO = 'false';
