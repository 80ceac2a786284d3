using System.Net;
using BenchmarkDotNet.Attributes;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Ports;
using Clavis.Crypto.Passwords;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Benchmarks.Identity;

/// <summary>
/// What a Username and Password credential costs a request message (docs/identity.md): the Argon2id hash at the
/// default cost (what the first message of a credential pays), the same credential once verified (every later message),
/// and a certificate-only message with an empty registry.
/// </summary>
[MemoryDiagnoser]
public class CredentialVerificationBenchmarks
{
    private const string Password = "correct horse battery staple";
    private static readonly ClientIdentity s_certificate = new("app1", "CN=app1, OU=apps", new string('A', 64), ["apps"]);
    private readonly byte[] _password = System.Text.Encoding.UTF8.GetBytes(Password);
    private readonly Credential[] _credential =
    [
        new() { CredentialType = CredentialType.UsernameAndPassword, CredentialValue = new UsernameAndPasswordCredential { Username = "alice", Password = Password } },
    ];

    private PasswordHash _hash = null!;
    private PrincipalRegistry _registry = null!;
    private PrincipalResolver _resolver = null!;
    private PrincipalRegistry _emptyRegistry = null!;
    private PrincipalResolver _emptyResolver = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _hash = PasswordHash.CreateArgon2id(_password, Argon2idCost.Default);
        _registry = new PrincipalRegistry(new OneUserStore(_hash), NullLogger<PrincipalRegistry>.Instance);
        await _registry.RefreshAsync(CancellationToken.None);
        _resolver = new PrincipalResolver(_registry, new PrincipalResolverOptions());
        // Verified once here: the benchmark measures the messages after the first.
        _ = await _resolver.ResolveAsync(s_certificate, _credential, IPAddress.Loopback, CancellationToken.None);
        _emptyRegistry = new PrincipalRegistry(new OneUserStore(null), NullLogger<PrincipalRegistry>.Instance);
        await _emptyRegistry.RefreshAsync(CancellationToken.None);
        _emptyResolver = new PrincipalResolver(_emptyRegistry, new PrincipalResolverOptions());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _resolver.Dispose();
        _registry.Dispose();
        _emptyResolver.Dispose();
        _emptyRegistry.Dispose();
    }

    [Benchmark(Baseline = true)]
    public bool Argon2id_default_cost_verification() => _hash.Verify(_password);

    [Benchmark]
    public async Task<bool> Username_and_password_already_verified() =>
        (await _resolver.ResolveAsync(s_certificate, _credential, IPAddress.Loopback, CancellationToken.None)).IsAuthenticated;

    [Benchmark]
    public async Task<bool> Certificate_only_empty_registry() =>
        (await _emptyResolver.ResolveAsync(s_certificate, [], IPAddress.Loopback, CancellationToken.None)).IsAuthenticated;

    // The registry documents of one user (or none).
    private sealed class OneUserStore(PasswordHash? hash) : IDocumentStore
    {
        public Task<IReadOnlyList<StoredDocument>> ListDocumentsAsync(string kind, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredDocument>>(kind == RegistryDocumentKinds.User && hash is not null
                ? [new StoredDocument(kind, "alice", 1, $$"""{"passwordHash": "{{hash.Encoded}}", "groups": [], "disabled": false}""", DateTimeOffset.UtcNow, "bench", false)]
                : []);

        public Task<StoredDocument?> GetDocumentAsync(string kind, string name, int? version, CancellationToken cancellationToken) => Task.FromResult<StoredDocument?>(null);

        public Task<IReadOnlyList<StoredDocument>> ListDocumentVersionsAsync(string kind, string name, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredDocument>>([]);

        public Task<long> GetDocumentsRevisionAsync(CancellationToken cancellationToken) => Task.FromResult(1L);

        public Task<IReadOnlyDictionary<string, long>> GetCountersAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<string, long>>(new Dictionary<string, long>());
    }
}
