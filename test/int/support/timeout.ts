// Integration tests start the whole app on a fresh database; 5 s is too short on 2 cores.
jest.setTimeout(60_000);
