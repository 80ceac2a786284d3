namespace Clavis.Core.Identity.Registry;

/// <summary>
/// The principal registry as read at one document revision, indexed for lookups on the request path. Immutable:
/// a reload builds a new one and swaps it in whole.
/// </summary>
public sealed class RegistrySnapshot
{
    private readonly Dictionary<string, RegisteredUser> _users;
    private readonly Dictionary<string, RegisteredDevice> _devices;
    private readonly Dictionary<string, RegisteredClient> _clientsByFingerprint;
    private readonly Dictionary<string, RegisteredClient> _clientsBySubject;

    /// <summary>Indexes the given entries.</summary>
    /// <param name="revision">The document revision they were read at (<see cref="Ports.IDocumentStore.GetDocumentsRevisionAsync"/>).</param>
    /// <param name="users">The users.</param>
    /// <param name="devices">The devices.</param>
    /// <param name="clients">The client entries; when two name one certificate, the first (by name) wins.</param>
    /// <param name="rules">The mapping rules.</param>
    public RegistrySnapshot(long revision, IEnumerable<RegisteredUser> users, IEnumerable<RegisteredDevice> devices, IEnumerable<RegisteredClient> clients, PrincipalRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(clients);
        Revision = revision;
        Rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _users = users.ToDictionary(u => u.Name, StringComparer.Ordinal);
        _devices = devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
        _clientsByFingerprint = new(StringComparer.Ordinal);
        _clientsBySubject = new(StringComparer.Ordinal);
        foreach (RegisteredClient client in clients.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            if (client.CertificateFingerprint is string fingerprint)
            {
                _clientsByFingerprint.TryAdd(fingerprint, client);
            }
            else if (client.Subject is string subject)
            {
                _clientsBySubject.TryAdd(subject, client);
            }
        }
    }

    /// <summary>Before the first load: nothing registered, revision -1.</summary>
    public static RegistrySnapshot Empty { get; } = new(-1, [], [], [], PrincipalRuleSet.Empty);

    /// <summary>The document revision it was read at.</summary>
    public long Revision { get; }

    /// <summary>The mapping rules.</summary>
    public PrincipalRuleSet Rules { get; }

    /// <summary>
    /// True when a message without credentials resolves to its certificate's identity unchanged (no client entries,
    /// no rules): the common case costs nothing.
    /// </summary>
    public bool LeavesCertificatesAlone => Rules.Rules.Count == 0 && _clientsByFingerprint.Count == 0 && _clientsBySubject.Count == 0;

    /// <summary>The number of users, devices and client entries, for logs.</summary>
    public (int Users, int Devices, int Clients) Counts => (_users.Count, _devices.Count, _clientsByFingerprint.Count + _clientsBySubject.Count);

    /// <summary>The user named <paramref name="name"/> (exact), or null.</summary>
    public RegisteredUser? FindUser(string name) => _users.GetValueOrDefault(name);

    /// <summary>The device registered as <paramref name="id"/> (exact), or null.</summary>
    public RegisteredDevice? FindDevice(string id) => _devices.GetValueOrDefault(id);

    /// <summary>The client entry naming the certificate's fingerprint, else one naming its subject, else null.</summary>
    public RegisteredClient? FindClient(string fingerprint, string subject) =>
        _clientsByFingerprint.GetValueOrDefault(fingerprint) ?? _clientsBySubject.GetValueOrDefault(subject);
}
