using System.Net;
using System.Text;
using Clavis.Core.Administration;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Tests.Support;
using Clavis.Crypto.Passwords;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Core.Tests.Identity;

/// <summary>
/// A registry over the in-memory store, written through the administration service (as the admin API does) and read
/// by a resolver; password hashes use a tiny Argon2id cost so tests stay quick.
/// </summary>
internal sealed class PrincipalFixture : IAsyncDisposable
{
    public static readonly Argon2idCost CheapCost = new(64, 1, 1);

    private PrincipalFixture(CoreFixture core)
    {
        Core = core;
        Registry = new PrincipalRegistry(core.Store, NullLogger<PrincipalRegistry>.Instance);
        Administration = new PrincipalAdministration(core.Services, Registry, CheapCost);
        Resolver = new PrincipalResolver(Registry, new PrincipalResolverOptions { UnknownNameCost = CheapCost, VerificationCacheCapacity = 100 });
    }

    /// <summary>A certificate identity: CN=app1, OU=apps, issued by the test CA, with a DNS and an IP SAN.</summary>
    public static ClientIdentity Application { get; } = new("app1", "CN=app1, OU=apps, O=Clavis", new string('A', 64), ["apps"])
    {
        IssuerSubject = "CN=Clavis Test CA",
        IssuerFingerprint = new string('C', 64),
        AlternativeNames = new SubjectAlternativeNames(["app1.example.com"], ["10.1.2.3"], [], []),
    };

    public static ClientIdentity Gateway { get; } = new("gateway", "CN=gateway, OU=gateways, O=Clavis", new string('B', 64), ["gateways"])
    {
        IssuerSubject = "CN=Clavis Test CA",
    };

    public CoreFixture Core { get; }

    public PrincipalRegistry Registry { get; }

    public PrincipalAdministration Administration { get; }

    public PrincipalResolver Resolver { get; }

    public static async Task<PrincipalFixture> CreateAsync()
    {
        var fixture = new PrincipalFixture(await CoreFixture.CreateAsync());
        await fixture.Registry.RefreshAsync(CancellationToken.None);
        return fixture;
    }

    public Task<string> PutUserAsync(string name, string json) =>
        Administration.PutUserAsync(name, Encoding.UTF8.GetBytes(json), CoreFixture.Admin, CancellationToken.None);

    public Task<string> PutDeviceAsync(string id, string json) =>
        Administration.PutDeviceAsync(id, Encoding.UTF8.GetBytes(json), CoreFixture.Admin, CancellationToken.None);

    public Task<string> PutClientAsync(string name, string json) =>
        Administration.PutClientAsync(name, Encoding.UTF8.GetBytes(json), CoreFixture.Admin, CancellationToken.None);

    public Task<string> PutRulesAsync(string json) =>
        Administration.PutPrincipalRulesAsync(Encoding.UTF8.GetBytes(json), CoreFixture.Admin, CancellationToken.None);

    public async Task<PrincipalResolution> ResolveAsync(ClientIdentity certificate, params Credential[] credentials) =>
        await Resolver.ResolveAsync(certificate, credentials, IPAddress.Parse("10.1.2.3"), CancellationToken.None);

    public async Task<ClientIdentity> ResolvedAsync(ClientIdentity certificate, params Credential[] credentials)
    {
        PrincipalResolution resolution = await ResolveAsync(certificate, credentials);
        Assert.True(resolution.IsAuthenticated, resolution.FailureDetail);
        return resolution.Identity!;
    }

    public static Credential User(string username, string? password) => new()
    {
        CredentialType = CredentialType.UsernameAndPassword,
        CredentialValue = new UsernameAndPasswordCredential { Username = username, Password = password },
    };

    public static Credential Device(DeviceCredential value) => new() { CredentialType = CredentialType.Device, CredentialValue = value };

    public async ValueTask DisposeAsync()
    {
        Resolver.Dispose();
        Registry.Dispose();
        await Core.DisposeAsync();
    }
}
