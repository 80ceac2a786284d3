using Clavis.Core.Objects;
using Clavis.Core.Ports;
using Clavis.Storage.Conformance;
using Clavis.Storage.Sqlite;

// Usage: Clavis.Storage.Sqlite.CrashProbe <database path> <concurrent committers>
// Prints "ready", then one line per acknowledged insert (its id), forever: the crash test kills it.
if (args.Length != 2 || !int.TryParse(args[1], out int committers) || committers < 1)
{
    await Console.Error.WriteLineAsync("usage: Clavis.Storage.Sqlite.CrashProbe <database path> <concurrent committers>");
    return 2;
}

await using SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions { Path = args[0] });
var output = new Lock();
Console.WriteLine("ready");
var loops = new Task[committers];
for (int i = 0; i < committers; i++)
{
    loops[i] = Task.Run(async () =>
    {
        while (true)
        {
            ManagedObject key = TestObjects.Key(name: "crash-probe");
            var changes = new ObjectChangeSet();
            changes.Inserts.Add(key);
            await store.CommitAsync(changes, CancellationToken.None);

            // Only now is the insert acknowledged; Console.Out flushes every line.
            lock (output)
            {
                Console.WriteLine(key.Id);
            }
        }
    });
}

await Task.WhenAll(loops);
return 0;
