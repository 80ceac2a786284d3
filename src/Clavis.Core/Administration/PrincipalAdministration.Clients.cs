using System.Text.Json;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Ports;

namespace Clavis.Core.Administration;

public sealed partial class PrincipalAdministration
{
    /// <summary>
    /// Creates or replaces client entry <paramref name="name"/>: <c>certificateFingerprint</c> or <c>subject</c>, then
    /// device type, class, application, levels and groups that every message with that certificate gets. Audited as PutClient.
    /// </summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, or Invalid Field naming what is wrong with the body.</exception>
    public Task<string> PutClientAsync(string name, ReadOnlyMemory<byte> body, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        string description = $"client \"{name}\"";
        return ChangeAsync(administrator, "PutClient", description, async () =>
        {
            CheckName(name, "a client entry name");
            RegisteredClient client;
            using (JsonDocument json = ParseBody(body, MaxEntryBodyBytes, description))
            {
                client = RegistryJson.ReadClient(json.RootElement, name, 0);
            }

            StoredDocument written = await WriteAsync(administrator, "PutClient", RegistryDocumentKinds.Client, name,
                _ => RegistryJson.WriteClient(client), description, cancellationToken).ConfigureAwait(false);
            return RegistryJson.Write(writer => RegistryJson.WriteClientView(writer, client with { Version = written.Version }, written));
        }, cancellationToken);
    }

    /// <summary>Client entry <paramref name="name"/> as the API shows it.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, Item Not Found.</exception>
    public async Task<string> GetClientAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        StoredDocument document = await GetDocumentAsync(administrator, RegistryDocumentKinds.Client, name, $"client \"{name}\"", cancellationToken).ConfigureAwait(false);
        return RegistryJson.Write(writer => RegistryJson.WriteClientView(writer, RegistryJson.ReadClient(document), document));
    }

    /// <summary>Every client entry, by name: <c>{"clients": […]}</c>.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied.</exception>
    public Task<string> ListClientsAsync(ClientIdentity administrator, CancellationToken cancellationToken) =>
        ListAsync(administrator, RegistryDocumentKinds.Client, "clients", RegistryJson.ReadClient, RegistryJson.WriteClientView, cancellationToken);

    /// <summary>Deletes client entry <paramref name="name"/>. Audited as DeleteClient.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, Item Not Found.</exception>
    public Task DeleteClientAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        string description = $"client \"{name}\"";
        return ChangeAsync(administrator, "DeleteClient", description, async () =>
        {
            CheckName(name, "a client entry name");
            await DeleteAsync(administrator, "DeleteClient", RegistryDocumentKinds.Client, name, description, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
