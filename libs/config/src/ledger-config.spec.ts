import { eventStoreKind, loadLedgerConfig } from './ledger-config';

describe('EVENTSTORE_URL', () => {
  it('chooses the adapter by scheme: KurrentDB (kurrentdb, esdb, with or without +discover) or a second PostgreSQL', () => {
    expect(eventStoreKind('kurrentdb://localhost:2113?tls=false')).toBe('kurrentdb');
    expect(eventStoreKind('kurrentdb+discover://a:2113,b:2113')).toBe('kurrentdb');
    expect(eventStoreKind('esdb://localhost:2113')).toBe('kurrentdb');
    expect(eventStoreKind('esdb+discover://cluster.dns:2113')).toBe('kurrentdb');
    expect(eventStoreKind('postgres://ledger@events-db/ledger_events')).toBe('postgres');
    expect(eventStoreKind('postgresql://ledger@events-db/ledger_events')).toBe('postgres');
  });

  it('is read from the environment, and absent when empty', () => {
    expect(loadLedgerConfig({ EVENTSTORE_URL: 'postgres://events-db/ledger' }).eventStoreUrl).toBe('postgres://events-db/ledger');
    expect(loadLedgerConfig({ EVENTSTORE_URL: '' }).eventStoreUrl).toBeUndefined();
    expect(loadLedgerConfig({}).eventStoreUrl).toBeUndefined();
  });

  it('refuses any other scheme at start, naming the variable and the schemes, without repeating the password', () => {
    const load = () => loadLedgerConfig({ EVENTSTORE_URL: 'mysql://ledger:s3cret@db/ledger' });
    expect(load).toThrow(/EVENTSTORE_URL must start with kurrentdb:\/\/, esdb:\/\/ \(KurrentDB\) or postgres:\/\/.*not mysql:\/\//);
    expect(load).not.toThrow(/s3cret/);
    expect(() => loadLedgerConfig({ EVENTSTORE_URL: 'localhost:2113' })).toThrow(/EVENTSTORE_URL/);
    expect(() => loadLedgerConfig({ EVENTSTORE_URL: 'events-db' })).toThrow(/has no scheme/);
  });
});
