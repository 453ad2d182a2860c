// Integration and fault tests start servers, bundle workflows and wait for real workers: minutes, not seconds.
jest.setTimeout(300_000);
