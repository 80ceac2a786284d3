using Clavis.Core.Ports;
using Clavis.Storage.Conformance;

namespace Clavis.Storage.Sqlite.Tests;

public sealed class SqliteObjectStoreConformanceTests : ObjectStoreConformanceTests
{
    private readonly TemporaryDirectory _directory = new();

    protected override Task<IObjectStore> OpenStoreAsync() =>
        Task.FromResult<IObjectStore>(SqliteObjectStore.Open(new SqliteStoreOptions { Path = _directory.DatabasePath }));

    protected override IAuditReader OpenAuditReader()
    {
        // As the admin API does before it reads the database file: records waiting in the audit spool go in first.
        ((SqliteObjectStore)Store).FlushAuditSpoolAsync(CancellationToken.None).GetAwaiter().GetResult();
        return SqliteAuditReader.Open(_directory.DatabasePath);
    }

    protected override Task RemoveStoreDataAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
