using System.Security.Cryptography;
using System.Text.Json;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Ports;
using Clavis.Crypto.Passwords;

namespace Clavis.Core.Administration;

public sealed partial class PrincipalAdministration
{
    /// <summary>
    /// Creates or replaces user <paramref name="name"/> from a JSON body (<c>{"password"|"passwordHash", "groups",
    /// "disabled"}</c>; without a password field the stored password stays). Audited as PutUser.
    /// </summary>
    /// <param name="name">The username.</param>
    /// <param name="body">The request body (UTF-8 JSON). The caller owns it and zeroes it afterwards: it may hold a password.</param>
    /// <param name="administrator">Who asks.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The user as the API shows it (no password, no hash).</returns>
    /// <exception cref="Kmip.KmipException">Permission Denied, or Invalid Field naming what is wrong with the body.</exception>
    public Task<string> PutUserAsync(string name, ReadOnlyMemory<byte> body, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        string description = $"user \"{name}\"";
        return ChangeAsync(administrator, "PutUser", description, async () =>
        {
            CheckName(name, "a username");
            RegistryJson.UserInput input;
            using (JsonDocument json = ParseBody(body, MaxEntryBodyBytes, description))
            {
                input = RegistryJson.ReadUserInput(json.RootElement, name);
            }

            PasswordHash? hash = input.ImportedHash;
            if (input.Password is { } password)
            {
                try
                {
                    hash = PasswordHash.CreateArgon2id(password, _passwordCost);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(password);
                }
            }

            StoredDocument written = await WriteAsync(administrator, "PutUser", RegistryDocumentKinds.User, name, existing =>
            {
                PasswordHash kept = hash
                    ?? (existing is null ? null : ReadStoredOrNull(existing, RegistryJson.ReadUser)?.PasswordHash)
                    ?? throw JsonFieldReader.Invalid($"{description}: a new user needs a 'password' (or an imported 'passwordHash')");
                return RegistryJson.WriteUser(kept, input.Groups, input.Disabled);
            }, description, cancellationToken).ConfigureAwait(false);
            return RegistryJson.Write(writer => RegistryJson.WriteUserView(writer, RegistryJson.ReadUser(written), written));
        }, cancellationToken);
    }

    /// <summary>User <paramref name="name"/> as the API shows it.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, Item Not Found.</exception>
    public async Task<string> GetUserAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        StoredDocument document = await GetDocumentAsync(administrator, RegistryDocumentKinds.User, name, $"user \"{name}\"", cancellationToken).ConfigureAwait(false);
        return RegistryJson.Write(writer => RegistryJson.WriteUserView(writer, RegistryJson.ReadUser(document), document));
    }

    /// <summary>Every user, by name: <c>{"users": […]}</c>.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied.</exception>
    public Task<string> ListUsersAsync(ClientIdentity administrator, CancellationToken cancellationToken) =>
        ListAsync(administrator, RegistryDocumentKinds.User, "users", RegistryJson.ReadUser, RegistryJson.WriteUserView, cancellationToken);

    /// <summary>Deletes user <paramref name="name"/>: its credential stops working at once on this node. Audited as DeleteUser.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, Item Not Found.</exception>
    public Task DeleteUserAsync(string name, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        string description = $"user \"{name}\"";
        return ChangeAsync(administrator, "DeleteUser", description, async () =>
        {
            CheckName(name, "a username");
            await DeleteAsync(administrator, "DeleteUser", RegistryDocumentKinds.User, name, description, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    // An existing entry whose document no longer reads (damaged, or from a newer version) can still be replaced.
    private static T? ReadStoredOrNull<T>(StoredDocument document, Func<StoredDocument, T> read)
        where T : class
    {
        try
        {
            return read(document);
        }
        catch (Kmip.KmipException)
        {
            return null;
        }
    }
}
