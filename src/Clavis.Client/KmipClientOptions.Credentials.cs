using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client;

// KMIP Credentials sent in every request header, on top of the TLS client certificate.
public sealed partial class KmipClientOptions
{
    /// <summary>
    /// Credentials sent in the Authentication of every request header, in addition to the TLS client certificate:
    /// a user name and password for a shared gateway certificate, a device's identifiers, an attestation.
    /// KMIP 1.x carries only the first; 2.x carries all. Empty by default (the certificate alone identifies the client).
    /// </summary>
    /// <remarks>The server checks them on every message (a cache makes a repeated credential cheap); a wrong one fails
    /// each request with Authentication Not Successful. Passwords are strings here and stay in memory as long as the options.</remarks>
    public IList<Credential> Credentials { get; } = [];

    /// <summary>Adds a Username and Password credential.</summary>
    /// <param name="username">The user, as registered on the server.</param>
    /// <param name="password">The password.</param>
    /// <returns>These options.</returns>
    public KmipClientOptions UseUsernamePassword(string username, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Credentials.Add(new Credential
        {
            CredentialType = CredentialType.UsernameAndPassword,
            CredentialValue = new UsernameAndPasswordCredential { Username = username, Password = password },
        });
        return this;
    }

    /// <summary>Adds a Device credential: the identifiers the server's device registry checks.</summary>
    /// <param name="device">Serial number, device, network, machine and media identifiers, and the device's password if it has one.</param>
    /// <returns>These options.</returns>
    public KmipClientOptions UseDeviceCredential(DeviceCredential device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Credentials.Add(new Credential { CredentialType = CredentialType.Device, CredentialValue = device });
        return this;
    }

    /// <summary>The header's Authentication for <see cref="Credentials"/>, or null when there are none.</summary>
    /// <exception cref="ArgumentException">A credential has no value.</exception>
    internal Authentication? ToAuthentication()
    {
        if (Credentials.Count == 0)
        {
            return null;
        }

        foreach (Credential credential in Credentials)
        {
            if (credential is null || credential.CredentialValue is null)
            {
                throw new ArgumentException("every entry of KmipClientOptions.Credentials needs a Credential Value", nameof(Credentials));
            }
        }

        return new Authentication { Credentials = [.. Credentials] };
    }
}
