using System.Net;
using Clavis.Core.Access;
using Clavis.Core.Identity;
using Clavis.Core.Objects;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Kmip;
using Clavis.Policy;
using Clavis.Policy.Defaults;
using Clavis.Policy.Documents;
using Clavis.Policy.Requests;

namespace Clavis.Core.Administration;

/// <summary>
/// Administrators' management of policy documents (docs/policy.md): every write is a new version in the store,
/// committed with its audit record, and takes effect on this node at once (on others within
/// <see cref="AccessPolicy.RefreshInterval"/>). Writing <c>clavis-default</c> replaces the built-in default tier;
/// deleting it restores the built-in one. <see cref="TestAsync"/> answers what policy would decide, doing nothing.
/// </summary>
public sealed class PolicyAdministration
{
    private readonly KmipServices _services;
    private readonly AdministrationAudit _audit;

    /// <summary>Creates the service.</summary>
    public PolicyAdministration(KmipServices services)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _audit = new AdministrationAudit(services);
    }

    /// <summary>
    /// Stores <paramref name="json"/> as the next version of document <paramref name="name"/>. With
    /// <paramref name="expectedVersion"/>, only if the newest version is still that one (0: the document must not exist).
    /// </summary>
    /// <exception cref="KmipException">Permission Denied, Invalid Field (the document does not parse: the message names the JSON path), Invalid Message (the version moved).</exception>
    public Task<StoredDocument> PutAsync(string name, string json, int? expectedVersion, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, "PutPolicy", null, async () =>
        {
            Authorize(administrator);
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(json);
            PolicyDocument document = Parse(json);
            if (document.Name != name)
            {
                KmipException.ThrowInvalidField($"the document is named \"{document.Name}\" but was sent to \"{name}\"");
            }

            StoredDocument? current = await _services.Store.GetDocumentAsync(AccessPolicy.DocumentKind, name, null, cancellationToken).ConfigureAwait(false);
            int newest = current?.Version ?? 0;
            if (expectedVersion is int expected && expected != newest)
            {
                throw new KmipException(ResultReason.InvalidMessage, $"policy {name} is at version {newest}, not {expected}; read it again before changing it");
            }

            string body = document.ToJson();
            var objects = new UnitOfWork(_services.Store);
            objects.WriteDocument(new DocumentChange(AccessPolicy.DocumentKind, name, newest, body, administrator.Name, _services.Clock.UtcNow));
            await CommitAsync(objects, administrator, "PutPolicy", $"policy {name} version {newest + 1} ({document.Statements.Length} statements)", cancellationToken).ConfigureAwait(false);
            return new StoredDocument(AccessPolicy.DocumentKind, name, newest + 1, body, _services.Clock.UtcNow, administrator.Name, false);
        }, cancellationToken);
    }

    /// <summary>Deletes document <paramref name="name"/> (a deletion is a version too; history stays).</summary>
    /// <exception cref="KmipException">Permission Denied, Item Not Found.</exception>
    public Task DeleteAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, "DeletePolicy", null, async () =>
        {
            Authorize(administrator);
            ArgumentNullException.ThrowIfNull(name);
            StoredDocument? current = await _services.Store.GetDocumentAsync(AccessPolicy.DocumentKind, name, null, cancellationToken).ConfigureAwait(false);
            if (current is null or { IsDeleted: true })
            {
                throw NotFound(name);
            }

            var objects = new UnitOfWork(_services.Store);
            objects.WriteDocument(new DocumentChange(AccessPolicy.DocumentKind, name, current.Version, null, administrator.Name, _services.Clock.UtcNow));
            await CommitAsync(objects, administrator, "DeletePolicy", $"policy {name} deleted as version {current.Version + 1}", cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Version <paramref name="version"/> of document <paramref name="name"/> (the newest when null); the built-in default when none is stored.</summary>
    /// <exception cref="KmipException">Permission Denied, Item Not Found.</exception>
    public async Task<StoredDocument> GetAsync(string name, int? version, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        ArgumentNullException.ThrowIfNull(name);
        StoredDocument? stored = await _services.Store.GetDocumentAsync(AccessPolicy.DocumentKind, name, version, cancellationToken).ConfigureAwait(false);
        if (stored is { IsDeleted: false })
        {
            return stored;
        }

        if (name == DefaultPolicy.Name && version is null or DefaultPolicy.Version && stored is null or { IsDeleted: true })
        {
            return BuiltInDefault();
        }

        throw stored is { IsDeleted: true } ? new KmipException(ResultReason.ItemNotFound, $"policy {name} version {stored.Version} is a deletion") : NotFound(name);
    }

    /// <summary>The documents in force (newest version of each), and the default document, by name.</summary>
    /// <exception cref="KmipException">Permission Denied.</exception>
    public async Task<IReadOnlyList<StoredDocument>> ListAsync(ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        IReadOnlyList<StoredDocument> stored = await _services.Store.ListDocumentsAsync(AccessPolicy.DocumentKind, cancellationToken).ConfigureAwait(false);
        return stored.Any(d => d.Name == DefaultPolicy.Name)
            ? stored
            : [.. stored.Append(BuiltInDefault()).OrderBy(d => d.Name, StringComparer.Ordinal)];
    }

    /// <summary>Every version of document <paramref name="name"/>, oldest first, without bodies.</summary>
    /// <exception cref="KmipException">Permission Denied, Item Not Found.</exception>
    public async Task<IReadOnlyList<StoredDocument>> HistoryAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        ArgumentNullException.ThrowIfNull(name);
        IReadOnlyList<StoredDocument> versions = await _services.Store.ListDocumentVersionsAsync(AccessPolicy.DocumentKind, name, cancellationToken).ConfigureAwait(false);
        return versions.Count > 0 ? versions : throw NotFound(name);
    }

    /// <summary>
    /// What policy would decide if <paramref name="principal"/> asked for <paramref name="operation"/> on object
    /// <paramref name="objectId"/> (none when null) now: the decision, its rule and reason. Nothing is done, counted or recorded.
    /// </summary>
    /// <exception cref="KmipException">Permission Denied (not an administrator), Item Not Found (no such object).</exception>
    public async Task<PolicyTestResult> TestAsync(
        ClientIdentity administrator, PolicyTestSubject principal, Operation operation, string? objectId, long? dataSize, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        ArgumentNullException.ThrowIfNull(principal);
        PolicySet policies = await _services.AccessPolicy.CurrentAsync(cancellationToken).ConfigureAwait(false);
        ManagedObject? target = null;
        if (objectId is not null)
        {
            target = await _services.Store.GetAsync(objectId, cancellationToken).ConfigureAwait(false) ?? throw new KmipException(ResultReason.ItemNotFound, $"no object with identifier {objectId}");
        }

        var request = new AccessRequest
        {
            Principal = principal.ToPrincipal(),
            Operation = operation,
            Resource = target is null ? null : PolicyInputs.ResourceOf(target),
            Now = _services.Clock.UtcNow,
            ProtocolVersion = principal.ProtocolVersion ?? ProtocolVersion.V2_1,
            DataSize = dataSize,
        };
        (AccessDecision decision, _) = await CountedDecision.DecideAsync(policies, request, async (key, token) =>
            (await _services.Store.GetCountersAsync([key], token).ConfigureAwait(false)).GetValueOrDefault(key), cancellationToken).ConfigureAwait(false);

        return new PolicyTestResult(decision.IsAllowed, decision.Rule, decision.Reason, decision.ClientMessage);
    }

    private async Task CommitAsync(UnitOfWork objects, ClientIdentity administrator, string action, string message, CancellationToken cancellationToken)
    {
        try
        {
            await objects.CommitAsync(_audit.Succeeded(administrator, action, null, message), cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            throw new KmipException(ResultReason.InvalidMessage, "the policy was changed by someone else at the same time; read it again and retry");
        }

        await _services.AccessPolicy.InvalidateAsync(cancellationToken).ConfigureAwait(false);
    }

    private static PolicyDocument Parse(string json)
    {
        try
        {
            return PolicyDocument.Parse(json);
        }
        catch (PolicyDocumentException ex)
        {
            throw new KmipException(ResultReason.InvalidField, $"the policy document is not valid: {ex.Message}");
        }
    }

    private static StoredDocument BuiltInDefault() =>
        new(AccessPolicy.DocumentKind, DefaultPolicy.Name, DefaultPolicy.Version, DefaultPolicy.Json, DateTimeOffset.UnixEpoch, "built-in", false);

    private static void Authorize(ClientIdentity administrator)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }
    }

    private static KmipException NotFound(string name) => new(ResultReason.ItemNotFound, $"no policy document named \"{name}\"");
}

/// <summary>Who <see cref="PolicyAdministration.TestAsync"/> asks for.</summary>
public sealed record PolicyTestSubject(string Name)
{
    /// <summary>Groups.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>Device type.</summary>
    public string? DeviceType { get; init; }

    /// <summary>Device class.</summary>
    public string? DeviceClass { get; init; }

    /// <summary>Application.</summary>
    public string? Application { get; init; }

    /// <summary>Software level.</summary>
    public int? SoftwareLevel { get; init; }

    /// <summary>Hardware level.</summary>
    public int? HardwareLevel { get; init; }

    /// <summary>Verified credential types.</summary>
    public IReadOnlyList<CredentialType> CredentialTypes { get; init; } = [];

    /// <summary>Source address.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>The request's protocol version (2.1 when null).</summary>
    public ProtocolVersion? ProtocolVersion { get; init; }

    internal Principal ToPrincipal() => new()
    {
        Name = Name,
        Groups = [.. Groups],
        DeviceType = DeviceType,
        DeviceClass = DeviceClass,
        Application = Application,
        SoftwareLevel = SoftwareLevel,
        HardwareLevel = HardwareLevel,
        VerifiedCredentials = [.. CredentialTypes],
        SourceAddress = SourceAddress,
    };
}

/// <summary>What policy would decide.</summary>
/// <param name="Allowed">Whether the request would proceed.</param>
/// <param name="Rule">The rule that would decide.</param>
/// <param name="Reason">Why (for operators; may reveal policy contents).</param>
/// <param name="ClientMessage">What the client would be told.</param>
public sealed record PolicyTestResult(bool Allowed, string Rule, string Reason, string ClientMessage);
