using Clavis.Core.Audit;
using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Storage.Conformance;
using Clavis.Storage.Sqlite;

// Usage: Clavis.Storage.Sqlite.CrashProbe <database path> <concurrent committers> [audit]
// Prints "ready", then one line per acknowledged insert (its id), forever: the crash test kills it.
// With "audit", each committer appends audit records alone (what the audit spool takes) and prints each one's
// message once acknowledged; every 64th commit also inserts an object, which moves the spool into the database.
if (args.Length is not (2 or 3) || !int.TryParse(args[1], out int committers) || committers < 1 || (args.Length == 3 && args[2] != "audit"))
{
    await Console.Error.WriteLineAsync("usage: Clavis.Storage.Sqlite.CrashProbe <database path> <concurrent committers> [audit]");
    return 2;
}

bool audit = args.Length == 3;
await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = args[0] });
var output = new Lock();
Console.WriteLine("ready");
var loops = new Task[committers];
for (int i = 0; i < committers; i++)
{
    loops[i] = Task.Run(async () =>
    {
        for (long n = 0; ; n++)
        {
            string acknowledged;
            var changes = new ObjectChangeSet();
            if (audit)
            {
                acknowledged = Guid.NewGuid().ToString();
                changes.AuditRecords.Add(new AuditRecord
                {
                    Time = DateTimeOffset.UtcNow,
                    NodeId = "crash-probe",
                    Source = AuditSource.KmipRequest,
                    Operation = "Get",
                    ResultStatus = "Success",
                    Message = acknowledged,
                });
                if (n % 64 == 63)
                {
                    changes.Inserts.Add(TestObjects.Key(name: "crash-probe"));
                }
            }
            else
            {
                ManagedObject key = TestObjects.Key(name: "crash-probe");
                changes.Inserts.Add(key);
                acknowledged = key.Id;
            }

            await store.CommitAsync(changes, CancellationToken.None);

            // Only now is the commit acknowledged; Console.Out flushes every line.
            lock (output)
            {
                Console.WriteLine(acknowledged);
            }
        }
    });
}

await Task.WhenAll(loops);
return 0;
