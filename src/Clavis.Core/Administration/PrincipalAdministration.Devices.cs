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
    /// Creates or replaces device <paramref name="id"/> (its serial number, or device identifier when it sends none) from
    /// a JSON body: identifiers, <c>password</c>/<c>passwordHash</c>/<c>removePassword</c> (none of them keeps the stored
    /// password), device type, class, application, levels and groups. Audited as PutDevice.
    /// </summary>
    /// <param name="id">The device's id.</param>
    /// <param name="body">The request body (UTF-8 JSON). The caller owns it and zeroes it afterwards: it may hold a password.</param>
    /// <param name="administrator">Who asks.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The device as the API shows it (whether it has a password, never the password or hash).</returns>
    /// <exception cref="Kmip.KmipException">Permission Denied, or Invalid Field naming what is wrong with the body.</exception>
    public Task<string> PutDeviceAsync(string id, ReadOnlyMemory<byte> body, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        string description = $"device \"{id}\"";
        return ChangeAsync(administrator, "PutDevice", description, async () =>
        {
            CheckName(id, "a device id");
            RegistryJson.DeviceInput input;
            using (JsonDocument json = ParseBody(body, MaxEntryBodyBytes, description))
            {
                input = RegistryJson.ReadDeviceInput(json.RootElement, id);
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

            StoredDocument written = await WriteAsync(administrator, "PutDevice", RegistryDocumentKinds.Device, id, existing =>
            {
                PasswordHash? kept = input.RemovePassword ? null
                    : hash ?? (existing is null ? null : ReadStoredOrNull(existing, RegistryJson.ReadDevice)?.PasswordHash);
                if (kept is null && input.Identifiers == DeviceIdentifiers.None)
                {
                    // Otherwise anyone naming the serial number would pass for the device.
                    throw JsonFieldReader.Invalid($"{description}: a device needs at least one identifier or a password");
                }

                return RegistryJson.WriteDevice(input.Identifiers, kept, input.Attributes, input.Groups);
            }, description, cancellationToken).ConfigureAwait(false);
            return RegistryJson.Write(writer => RegistryJson.WriteDeviceView(writer, RegistryJson.ReadDevice(written), written));
        }, cancellationToken);
    }

    /// <summary>Device <paramref name="id"/> as the API shows it.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, Item Not Found.</exception>
    public async Task<string> GetDeviceAsync(string id, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        StoredDocument document = await GetDocumentAsync(administrator, RegistryDocumentKinds.Device, id, $"device \"{id}\"", cancellationToken).ConfigureAwait(false);
        return RegistryJson.Write(writer => RegistryJson.WriteDeviceView(writer, RegistryJson.ReadDevice(document), document));
    }

    /// <summary>Every device, by id: <c>{"devices": […]}</c>.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied.</exception>
    public Task<string> ListDevicesAsync(ClientIdentity administrator, CancellationToken cancellationToken) =>
        ListAsync(administrator, RegistryDocumentKinds.Device, "devices", RegistryJson.ReadDevice, RegistryJson.WriteDeviceView, cancellationToken);

    /// <summary>Deletes device <paramref name="id"/>. Audited as DeleteDevice.</summary>
    /// <exception cref="Kmip.KmipException">Permission Denied, Item Not Found.</exception>
    public Task DeleteDeviceAsync(string id, ClientIdentity administrator, CancellationToken cancellationToken)
    {
        string description = $"device \"{id}\"";
        return ChangeAsync(administrator, "DeleteDevice", description, async () =>
        {
            CheckName(id, "a device id");
            await DeleteAsync(administrator, "DeleteDevice", RegistryDocumentKinds.Device, id, description, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
