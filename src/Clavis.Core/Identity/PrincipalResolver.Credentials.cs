using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Clavis.Core.Identity.Registry;
using Clavis.Crypto.Passwords;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Core.Identity;

public sealed partial class PrincipalResolver
{
    private const string UsernamePasswordRefused = "username/password not accepted";
    private const string DeviceRefused = "device credential not accepted";
    private const byte UserEntry = 1;
    private const byte DeviceEntry = 2;

    private PasswordHash? _unknownNameHash;

    // Adds one credential to the facts, or says why it is not accepted.
    private async ValueTask<PrincipalResolution?> AddCredentialAsync(RegistrySnapshot snapshot, Credential credential, PrincipalFacts facts, CancellationToken cancellationToken)
    {
        switch (credential.CredentialValue)
        {
            case UsernameAndPasswordCredential user when credential.CredentialType == CredentialType.UsernameAndPassword:
                return await AddUserAsync(snapshot, user, facts, cancellationToken).ConfigureAwait(false);
            case DeviceCredential device when credential.CredentialType == CredentialType.Device:
                return await AddDeviceAsync(snapshot, device, facts, cancellationToken).ConfigureAwait(false);
            case AttestationCredential attestation when credential.CredentialType == CredentialType.Attestation:
                AddAttestation(attestation, facts);
                return null;
            case UnknownCredentialValue when credential.CredentialType is CredentialType.UsernameAndPassword or CredentialType.Device or CredentialType.Attestation:
                return PrincipalResolution.Refused(credential.CredentialType, $"the {credential.CredentialType} credential is malformed: its value is not a structure",
                    $"the {credential.CredentialType} credential's value is not a structure");
            default:
                // One Time Password, Hashed Password, Ticket and unknown types: nothing here can verify them, and a
                // credential the client believes it authenticated with must not be silently dropped.
                string refusal = $"{credential.CredentialType} credentials are not supported by this server; send Username and Password or Device";
                return PrincipalResolution.Refused(credential.CredentialType, refusal, refusal);
        }
    }

    private async ValueTask<PrincipalResolution?> AddUserAsync(RegistrySnapshot snapshot, UsernameAndPasswordCredential credential, PrincipalFacts facts, CancellationToken cancellationToken)
    {
        string username = credential.Username!;
        if (facts.Username is not null)
        {
            return PrincipalResolution.Refused(CredentialType.UsernameAndPassword, "more than one Username and Password credential", "more than one Username and Password credential");
        }

        RegisteredUser? user = snapshot.FindUser(username);
        string? reason = (user, credential.Password) switch
        {
            (_, null) => "no password was given",
            (null, _) => "no such user",
            ({ Disabled: true }, _) => "the user is disabled",
            _ => null,
        };
        bool verified = reason is null
            ? await VerifyAsync(UserEntry, user!.Name, user.Version, user.PasswordHash, credential.Password!, cancellationToken).ConfigureAwait(false)
            : await SpendAsync(credential.Password, cancellationToken).ConfigureAwait(false);
        if (!verified)
        {
            return PrincipalResolution.Refused(CredentialType.UsernameAndPassword, UsernamePasswordRefused,
                $"{UsernamePasswordRefused} (user \"{username}\": {reason ?? "wrong password"})");
        }

        facts.VerifiedUsername(username);
        facts.AddGroups(user!.Groups);
        return null;
    }

    private async ValueTask<PrincipalResolution?> AddDeviceAsync(RegistrySnapshot snapshot, DeviceCredential credential, PrincipalFacts facts, CancellationToken cancellationToken)
    {
        if (facts.Verified.Contains(CredentialType.Device))
        {
            return PrincipalResolution.Refused(CredentialType.Device, "more than one Device credential", "more than one Device credential");
        }

        // A device is registered under its serial number; one that sends none, under its device identifier.
        string? id = credential.DeviceSerialNumber ?? credential.DeviceIdentifier;
        RegisteredDevice? device = id is null ? null : snapshot.FindDevice(id);
        string? reason = id is null ? "it names neither a Device Serial Number nor a Device Identifier"
            : device is null ? "no such device"
            : Mismatch(device, credential);
        bool verified;
        if (reason is not null)
        {
            verified = await SpendAsync(credential.Password, cancellationToken).ConfigureAwait(false);
        }
        else if (device!.PasswordHash is null)
        {
            verified = credential.Password is null;
            reason = verified ? null : "a password was given but the device has none registered";
        }
        else if (credential.Password is null)
        {
            verified = false;
            reason = "no password was given";
        }
        else
        {
            verified = await VerifyAsync(DeviceEntry, device.Id, device.Version, device.PasswordHash, credential.Password, cancellationToken).ConfigureAwait(false);
        }

        if (!verified)
        {
            return PrincipalResolution.Refused(CredentialType.Device, DeviceRefused, $"{DeviceRefused} (device \"{id}\": {reason ?? "wrong password"})");
        }

        facts.MarkVerified(CredentialType.Device);
        facts.Claim(ClaimNames.Device, device!.Id);
        facts.Claim(ClaimNames.DeviceSerialNumber, credential.DeviceSerialNumber);
        facts.Claim(ClaimNames.DeviceIdentifier, credential.DeviceIdentifier);
        facts.Claim(ClaimNames.NetworkIdentifier, credential.NetworkIdentifier);
        facts.Claim(ClaimNames.MachineIdentifier, credential.MachineIdentifier);
        facts.Claim(ClaimNames.MediaIdentifier, credential.MediaIdentifier);
        facts.AddGroups(device.Groups);
        facts.Apply(device.Attributes);
        return null;
    }

    // The credential must carry exactly the registered identifiers: none missing, none different, none unregistered.
    private static string? Mismatch(RegisteredDevice device, DeviceCredential credential)
    {
        DeviceIdentifiers registered = device.Identifiers;
        // Registered under its device identifier (no serial number sent): that identifier has matched already.
        string? registeredDeviceIdentifier = credential.DeviceSerialNumber is null ? registered.DeviceIdentifier ?? device.Id : registered.DeviceIdentifier;
        return Differs("Device Identifier", registeredDeviceIdentifier, credential.DeviceIdentifier)
            ?? Differs("Network Identifier", registered.NetworkIdentifier, credential.NetworkIdentifier)
            ?? Differs("Machine Identifier", registered.MachineIdentifier, credential.MachineIdentifier)
            ?? Differs("Media Identifier", registered.MediaIdentifier, credential.MediaIdentifier);
    }

    private static string? Differs(string field, string? registered, string? presented) => (registered, presented) switch
    {
        (null, null) => null,
        (null, _) => $"its {field} is not registered",
        (_, null) => $"the registered {field} is missing",
        _ => string.Equals(registered, presented, StringComparison.Ordinal) ? null : $"its {field} differs from the registered one",
    };

    private static void AddAttestation(AttestationCredential attestation, PrincipalFacts facts)
    {
        // Never verified (docs/identity.md): no quote or assertion is checked, so it is recorded as presented only.
        facts.Claim(ClaimNames.AttestationType, attestation.AttestationType.ToString());
        if (attestation.AttestationMeasurement is { } measurement)
        {
            facts.Claim(ClaimNames.AttestationMeasurementSha256, Convert.ToHexString(SHA256.HashData(measurement)));
        }
    }

    // Checks a password against a registry entry's hash, through the cache of earlier successes.
    private async ValueTask<bool> VerifyAsync(byte kind, string name, int version, PasswordHash hash, string password, CancellationToken cancellationToken)
    {
        int length = Encoding.UTF8.GetByteCount(password);
        if (length > RegistryJson.MaxPasswordBytes)
        {
            return false;
        }

        byte[] utf8 = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(password, utf8);
            PasswordVerificationCache.Digest digest = _cache.Compute(kind, name, version, utf8.AsSpan(0, length));
            if (_cache.Contains(digest))
            {
                return true;
            }

            await _hashing.WaitAsync(cancellationToken).ConfigureAwait(false);
            bool verified;
            try
            {
                verified = hash.Verify(utf8.AsSpan(0, length));
            }
            finally
            {
                _hashing.Release();
            }

            if (verified)
            {
                _cache.Add(digest);
            }

            return verified;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(utf8.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    // An unknown or disabled name costs what a wrong password costs, so timing does not tell whether the name exists.
    private async ValueTask<bool> SpendAsync(string? password, CancellationToken cancellationToken)
    {
        if (password is not null)
        {
            _unknownNameHash ??= PasswordHash.CreateArgon2id(RandomNumberGenerator.GetBytes(16), _options.UnknownNameCost);
            await VerifyAsync(0, "", 0, _unknownNameHash, password, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
