using Clavis.Core.Barrier;
using Clavis.Core.Identity;
using Clavis.Core.Operations;
using Clavis.Kmip;
using Clavis.Seals.KeyFile;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Core.Tests.Support;

/// <summary>
/// A Core wired for handler tests: in-memory store, a development-mode key file in a temp folder,
/// a hand-moved clock, and an executor with the given handlers.
/// </summary>
internal sealed class CoreFixture : IAsyncDisposable
{
    private readonly string _directory;
    private readonly KeyFileSeal _seal;

    private CoreFixture(string directory, KeyFileSeal seal, KeyMaterialBarrier barrier, KmipServices services)
    {
        _directory = directory;
        _seal = seal;
        Barrier = barrier;
        Services = services;
    }

    public static ClientIdentity Alice { get; } = new("alice", "CN=alice, O=Clavis", "AA", []);

    public static ClientIdentity Admin { get; } = new("admin", "CN=admin, OU=administrators, O=Clavis", "BB", [ClientIdentity.AdministratorsGroup]);

    public InMemoryObjectStore Store => (InMemoryObjectStore)Services.Store;

    public TestClock Clock => (TestClock)Services.Clock;

    public KeyMaterialBarrier Barrier { get; }

    public KmipServices Services { get; }

    public static async Task<CoreFixture> CreateAsync(KmipServerOptions? options = null)
    {
        string directory = Directory.CreateTempSubdirectory("clavis-core-").FullName;
        KeyFileSeal seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = Path.Combine(directory, "master.key") });
        var store = new InMemoryObjectStore();
        KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, CancellationToken.None);
        var services = new KmipServices(store, barrier, new TestClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero)), options ?? new KmipServerOptions());
        return new CoreFixture(directory, seal, barrier, services);
    }

    /// <summary>A context for calling one handler directly.</summary>
    public OperationContext Context(ClientIdentity? identity = null, ProtocolVersion? version = null) =>
        new(new RequestContext(identity ?? Alice, version ?? ProtocolVersion.V2_1, Clock.UtcNow, 1, "127.0.0.1"), new UnitOfWork(Store), Services);

    public BatchExecutor Executor(params IOperationHandler[] handlers) =>
        new(handlers, Services, new AsynchronousOperations(), NullLogger<BatchExecutor>.Instance);

    public ValueTask DisposeAsync()
    {
        Barrier.Dispose();
        _seal.Dispose();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
