using System.Text.Json;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Operations;
using Clavis.Core.Ports;
using Clavis.Crypto.Passwords;
using Clavis.Kmip;

namespace Clavis.Core.Administration;

/// <summary>
/// Administrators' management of the principal registry (docs/identity.md): users, devices, client entries and the
/// mapping rules, each a versioned document. Every write and delete is audited, allowed or refused, and a change
/// commits with its record; reads are not recorded. Passwords are hashed here (Argon2id) and never answered, logged
/// or audited; neither are their hashes. After each change this node's registry snapshot is refreshed at once.
/// Answers are JSON (<see cref="RegistryJson"/>'s view forms).
/// </summary>
public sealed partial class PrincipalAdministration
{
    /// <summary>Largest request body accepted, in bytes (the rules document has its own, larger limit).</summary>
    public const int MaxEntryBodyBytes = 64 * 1024;

    /// <summary>Largest principal rules document accepted, in bytes.</summary>
    public const int MaxRulesBodyBytes = 1024 * 1024;

    private const int ConflictRetries = 3;
    private readonly KmipServices _services;
    private readonly PrincipalRegistry _registry;
    private readonly Argon2idCost _passwordCost;
    private readonly AdministrationAudit _audit;

    /// <summary>Creates the service.</summary>
    /// <param name="services">The store and clock.</param>
    /// <param name="registry">This node's registry, refreshed after each change.</param>
    /// <param name="passwordCost">The Argon2id cost of new password hashes.</param>
    /// <exception cref="ArgumentException"><paramref name="passwordCost"/> is out of range.</exception>
    public PrincipalAdministration(KmipServices services, PrincipalRegistry registry, Argon2idCost passwordCost)
    {
        _services = services ?? throw new ArgumentNullException(nameof(services));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _passwordCost = passwordCost ?? throw new ArgumentNullException(nameof(passwordCost));
        passwordCost.Validate();
        _audit = new AdministrationAudit(services);
    }

    // Runs an audited change: refusals are recorded by AdministrationAudit with a message naming the entry.
    private Task<T> ChangeAsync<T>(ClientIdentity administrator, string action, string target, Func<Task<T>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        return _audit.RunAsync(administrator, action, null, async () =>
        {
            try
            {
                Authorize(administrator);
                return await change().ConfigureAwait(false);
            }
            catch (KmipException ex) when (!ex.Message.StartsWith(target, StringComparison.Ordinal))
            {
                throw new KmipException(ex.Reason, $"{target}: {ex.Message}", ex);
            }
        }, cancellationToken);
    }

    // Writes one document version (conditional on the version read) with its audit record, retrying when another
    // writer got there first; then refreshes this node's snapshot.
    private async Task<StoredDocument> WriteAsync(ClientIdentity administrator, string action, string kind, string name,
        Func<StoredDocument?, string?> body, string description, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            StoredDocument? existing = await _services.Store.GetDocumentAsync(kind, name, null, cancellationToken).ConfigureAwait(false);
            string? newBody = body(existing is { IsDeleted: false } ? existing : null);
            var change = new DocumentChange(kind, name, existing?.Version ?? 0, newBody, administrator.Name, _services.Clock.UtcNow);
            var objects = new UnitOfWork(_services.Store);
            objects.WriteDocument(change);
            try
            {
                await objects.CommitAsync(_audit.Succeeded(administrator, action, null, $"{description} version {change.ExpectedVersion + 1}"), cancellationToken).ConfigureAwait(false);
                await RefreshRegistryAsync(cancellationToken).ConfigureAwait(false);
                return new StoredDocument(kind, name, change.ExpectedVersion + 1, newBody, change.ChangedAt, change.ChangedBy, newBody is null);
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictRetries)
            {
                // Written by someone else meanwhile: read again and replace what is there.
            }
        }
    }

    // The change is committed; if the snapshot cannot be reloaded now, the registry's own loop does it within its interval.
    private async Task RefreshRegistryAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Reported by the registry's loop when it persists.
        }
    }

    private Task DeleteAsync(ClientIdentity administrator, string action, string kind, string name, string description, CancellationToken cancellationToken) =>
        WriteAsync(administrator, action, kind, name, existing => existing is null ? throw NotFound(description) : null, description, cancellationToken);

    private async Task<StoredDocument> GetDocumentAsync(ClientIdentity administrator, string kind, string name, string description, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        StoredDocument? document = await _services.Store.GetDocumentAsync(kind, name, null, cancellationToken).ConfigureAwait(false);
        return document is { IsDeleted: false, Body: not null } ? document : throw NotFound(description);
    }

    private async Task<string> ListAsync<T>(ClientIdentity administrator, string kind, string arrayName, Func<StoredDocument, T> read,
        Action<Utf8JsonWriter, T, StoredDocument> write, CancellationToken cancellationToken)
    {
        Authorize(administrator);
        IReadOnlyList<StoredDocument> documents = await _services.Store.ListDocumentsAsync(kind, cancellationToken).ConfigureAwait(false);
        return RegistryJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray(arrayName);
            foreach (StoredDocument document in documents.Where(d => !d.IsDeleted && d.Body is not null).OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                write(writer, read(document), document);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static JsonDocument ParseBody(ReadOnlyMemory<byte> body, int limit, string what)
    {
        if (body.Length > limit)
        {
            throw JsonFieldReader.Invalid($"{what}: the body is {body.Length} bytes; at most {limit}");
        }

        return RegistryJson.Parse(body, what);
    }

    private static void Authorize(ClientIdentity administrator)
    {
        ArgumentNullException.ThrowIfNull(administrator);
        if (!administrator.IsAdministrator)
        {
            KmipException.ThrowPermissionDenied($"{administrator.Name} is not an administrator");
        }
    }

    private static void CheckName(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        JsonFieldReader.CheckText(name, what, JsonFieldReader.MaxNameLength);
    }

    private static KmipException NotFound(string description) => new(ResultReason.ItemNotFound, $"{description} does not exist");
}
