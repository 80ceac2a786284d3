using System.Net;
using System.Security.Cryptography;
using Clavis.Core.Identity;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using static Clavis.Core.Tests.Identity.PrincipalFixture;

namespace Clavis.Core.Tests.Identity;

public sealed class PrincipalResolverTests
{
    [Fact]
    public async Task A_message_without_credentials_and_an_empty_registry_is_its_certificate_identity_itself()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        PrincipalResolution resolution = await fixture.ResolveAsync(Application);
        Assert.Same(Application, resolution.Identity);
    }

    [Fact]
    public async Task A_verified_username_and_password_adds_the_users_groups_and_claims_and_keeps_the_certificate_name()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutUserAsync("alice", """{"password": "correct horse", "groups": ["payments", "apps"]}""");

        ClientIdentity identity = await fixture.ResolvedAsync(Application, User("alice", "correct horse"));

        Assert.Equal("app1", identity.Name);
        Assert.Equal("app1", identity.CertificateName);
        Assert.Equal(["apps", "payments"], identity.Groups);
        Assert.Equal("alice", identity.Claims[ClaimNames.Username]);
        Assert.Equal([CredentialType.UsernameAndPassword], identity.VerifiedCredentialTypes);
        Assert.Equal([CredentialType.UsernameAndPassword], identity.PresentedCredentialTypes);
        Assert.Equal(Application.CertificateFingerprint, identity.CertificateFingerprint);
        Assert.Equal(Application.AlternativeNames, identity.AlternativeNames);
    }

    [Theory]
    [InlineData("alice", "wrong horse", "wrong password")]
    [InlineData("mallory", "correct horse", "no such user")]
    [InlineData("alice", null, "no password was given")]
    public async Task A_username_and_password_that_fails_says_which_credential_failed_but_not_whether_the_user_exists(string username, string? password, string reason)
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutUserAsync("alice", """{"password": "correct horse"}""");

        PrincipalResolution resolution = await fixture.ResolveAsync(Application, User(username, password));

        Assert.False(resolution.IsAuthenticated);
        Assert.Equal(CredentialType.UsernameAndPassword, resolution.FailedCredential);
        Assert.Equal("username/password not accepted", resolution.Failure);
        Assert.Contains($"user \"{username}\": {reason}", resolution.FailureDetail, StringComparison.Ordinal);
        if (password is not null)
        {
            Assert.DoesNotContain(password, resolution.FailureDetail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_disabled_user_is_refused_and_enabled_again_without_resending_the_password()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutUserAsync("alice", """{"password": "correct horse"}""");
        await fixture.ResolvedAsync(Application, User("alice", "correct horse"));

        await fixture.PutUserAsync("alice", """{"disabled": true}""");
        PrincipalResolution disabled = await fixture.ResolveAsync(Application, User("alice", "correct horse"));
        Assert.Contains("the user is disabled", disabled.FailureDetail, StringComparison.Ordinal);

        await fixture.PutUserAsync("alice", """{"disabled": false}""");
        await fixture.ResolvedAsync(Application, User("alice", "correct horse"));
    }

    [Fact]
    public async Task A_repeated_credential_is_verified_once_and_a_password_change_or_deletion_invalidates_it_at_once()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutUserAsync("alice", """{"password": "first password"}""");

        await fixture.ResolvedAsync(Application, User("alice", "first password"));
        await fixture.ResolvedAsync(Application, User("alice", "first password"));
        Assert.Equal(1, fixture.Resolver.CachedVerifications);

        await fixture.PutUserAsync("alice", """{"password": "second password"}""");
        Assert.False((await fixture.ResolveAsync(Application, User("alice", "first password"))).IsAuthenticated);
        await fixture.ResolvedAsync(Application, User("alice", "second password"));

        await fixture.Administration.DeleteUserAsync("alice", Support.CoreFixture.Admin, CancellationToken.None);
        PrincipalResolution deleted = await fixture.ResolveAsync(Application, User("alice", "second password"));
        Assert.Contains("no such user", deleted.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_pbkdf2_user_authenticates()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        // hashlib.pbkdf2_hmac("sha256", b"correct horse battery staple", b"clavis-salt-0123", 29000, 32)
        await fixture.PutUserAsync("legacy", """{"passwordHash": "$pbkdf2-sha256$i=29000$Y2xhdmlzLXNhbHQtMDEyMw$v0V5hR+fTirHfnwL3aARZYu93zu95eMnnuLOTeGydQ8"}""");
        await fixture.ResolvedAsync(Application, User("legacy", "correct horse battery staple"));
        Assert.False((await fixture.ResolveAsync(Application, User("legacy", "correct horse"))).IsAuthenticated);
    }

    [Fact]
    public async Task Two_username_credentials_in_one_message_are_refused()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutUserAsync("alice", """{"password": "correct horse"}""");
        PrincipalResolution resolution = await fixture.ResolveAsync(Application, User("alice", "correct horse"), User("alice", "correct horse"));
        Assert.Equal("more than one Username and Password credential", resolution.Failure);
    }

    [Fact]
    public async Task A_device_credential_with_its_registered_identifiers_and_password_sets_the_device_facts()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutDeviceAsync("SN-1", """
            {"deviceIdentifier": "drive-7", "networkIdentifier": "00:11:22:33:44:55", "password": "device secret",
             "deviceType": "storage-array", "deviceClass": "sed", "application": "backup", "softwareLevel": 4, "hardwareLevel": 2, "groups": ["arrays"]}
            """);

        ClientIdentity identity = await fixture.ResolvedAsync(Application, Device(new DeviceCredential
        {
            DeviceSerialNumber = "SN-1", DeviceIdentifier = "drive-7", NetworkIdentifier = "00:11:22:33:44:55", Password = "device secret",
        }));

        Assert.Equal("storage-array", identity.DeviceType);
        Assert.Equal("sed", identity.DeviceClass);
        Assert.Equal("backup", identity.Application);
        Assert.Equal(4, identity.SoftwareLevel);
        Assert.Equal(2, identity.HardwareLevel);
        Assert.Contains("arrays", identity.Groups);
        Assert.Equal([CredentialType.Device], identity.VerifiedCredentialTypes);
        Assert.Equal("SN-1", identity.Claims[ClaimNames.DeviceSerialNumber]);
        Assert.Equal("SN-1", identity.Claims[ClaimNames.Device]);
        Assert.Equal("drive-7", identity.Claims[ClaimNames.DeviceIdentifier]);
        Assert.Equal("00:11:22:33:44:55", identity.Claims[ClaimNames.NetworkIdentifier]);
        Assert.DoesNotContain(identity.Claims.Values, v => v.Contains("device secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("WrongPassword", "SN-1", "drive-7", null, "other secret", "wrong password")]
    [InlineData("NoPassword", "SN-1", "drive-7", null, null, "no password was given")]
    [InlineData("DifferentIdentifier", "SN-1", "drive-8", null, "device secret", "its Device Identifier differs")]
    [InlineData("MissingIdentifier", "SN-1", null, null, "device secret", "the registered Device Identifier is missing")]
    [InlineData("UnregisteredIdentifier", "SN-1", "drive-7", "machine-1", "device secret", "its Machine Identifier is not registered")]
    [InlineData("UnknownDevice", "SN-2", "drive-7", null, "device secret", "no such device")]
    public async Task A_device_credential_that_does_not_match_its_registration_exactly_is_refused(string name, string serial, string? deviceId, string? machineId, string? password, string reason)
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutDeviceAsync("SN-1", """{"deviceIdentifier": "drive-7", "password": "device secret"}""");

        PrincipalResolution resolution = await fixture.ResolveAsync(Application, Device(new DeviceCredential
        {
            DeviceSerialNumber = serial, DeviceIdentifier = deviceId, MachineIdentifier = machineId, Password = password,
        }));

        Assert.False(resolution.IsAuthenticated, name);
        Assert.Equal("device credential not accepted", resolution.Failure);
        Assert.Contains(reason, resolution.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_without_a_serial_number_is_found_by_its_device_identifier_and_one_without_a_password_must_send_none()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutDeviceAsync("hsm-42", """{"machineIdentifier": "m-1", "deviceType": "hsm"}""");

        ClientIdentity identity = await fixture.ResolvedAsync(Application, Device(new DeviceCredential { DeviceIdentifier = "hsm-42", MachineIdentifier = "m-1" }));
        Assert.Equal("hsm", identity.DeviceType);

        PrincipalResolution withPassword = await fixture.ResolveAsync(Application, Device(new DeviceCredential { DeviceIdentifier = "hsm-42", MachineIdentifier = "m-1", Password = "guess me" }));
        Assert.Contains("the device has none registered", withPassword.FailureDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attestation_is_recorded_as_claims_but_never_counts_as_verified()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        byte[] measurement = [1, 2, 3, 4];
        var attestation = new Credential
        {
            CredentialType = CredentialType.Attestation,
            CredentialValue = new AttestationCredential
            {
                Nonce = new Nonce { NonceID = [9], NonceValue = [8, 7] },
                AttestationType = AttestationType.TPMQuote,
                AttestationMeasurement = measurement,
            },
        };

        ClientIdentity identity = await fixture.ResolvedAsync(Application, attestation);

        Assert.Empty(identity.VerifiedCredentialTypes);
        Assert.Equal([CredentialType.Attestation], identity.PresentedCredentialTypes);
        Assert.Equal("TPMQuote", identity.Claims[ClaimNames.AttestationType]);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(measurement)), identity.Claims[ClaimNames.AttestationMeasurementSha256]);
    }

    [Theory]
    [InlineData(CredentialType.OneTimePassword)]
    [InlineData(CredentialType.HashedPassword)]
    [InlineData(CredentialType.Ticket)]
    public async Task A_credential_type_the_server_cannot_verify_is_refused_rather_than_ignored(CredentialType type)
    {
        await using PrincipalFixture fixture = await CreateAsync();
        var credential = new Credential { CredentialType = type, CredentialValue = new UnknownCredentialValue(TtlvNode.Structure(Tag.CredentialValue)) };
        PrincipalResolution resolution = await fixture.ResolveAsync(Application, credential);
        Assert.Equal(type, resolution.FailedCredential);
        Assert.Equal($"{type} credentials are not supported by this server; send Username and Password or Device", resolution.Failure);
    }

    [Fact]
    public async Task A_client_entry_adds_to_its_certificate_by_fingerprint_first_then_by_subject()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutClientAsync("by-subject", """{"subject": "CN=app1,OU=apps,O=Clavis", "groups": ["subject-group"], "application": "from-subject"}""");
        ClientIdentity bySubject = await fixture.ResolvedAsync(Application);
        Assert.Equal("from-subject", bySubject.Application);
        Assert.Equal("by-subject", bySubject.Claims[ClaimNames.Client]);

        await fixture.PutClientAsync("by-fingerprint", $$"""{"certificateFingerprint": "{{Application.CertificateFingerprint.ToLowerInvariant()}}", "groups": ["fp-group"], "application": "payments", "softwareLevel": 3}""");
        ClientIdentity byFingerprint = await fixture.ResolvedAsync(Application);
        Assert.Equal("payments", byFingerprint.Application);
        Assert.Equal(3, byFingerprint.SoftwareLevel);
        Assert.Equal(["apps", "fp-group"], byFingerprint.Groups);

        ClientIdentity other = await fixture.ResolvedAsync(Gateway);
        Assert.Null(other.Application);
    }

    [Fact]
    public async Task Rules_apply_in_order_each_matching_rule_adding_groups_and_a_later_one_replacing_a_fact()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutRulesAsync("""
            {"rules": [
              {"name": "apps", "match": {"organizationalUnit": "apps"}, "assign": {"groups": ["tier-1"], "deviceClass": "server", "softwareLevel": 1}},
              {"name": "example-san", "match": {"san": "*.EXAMPLE.com", "issuer": "CN=Clavis Test*"}, "assign": {"groups": ["example"], "softwareLevel": 5}},
              {"name": "outside", "match": {"sourceNetwork": "192.168.0.0/16"}, "assign": {"groups": ["never"]}},
              {"name": "inside", "match": {"sourceNetwork": "10.0.0.0/8", "subject": "CN=app?, *"}, "assign": {"groups": ["inside"]}}
            ]}
            """);

        ClientIdentity identity = await fixture.ResolvedAsync(Application);

        Assert.Equal(["apps", "tier-1", "example", "inside"], identity.Groups);
        Assert.Equal("server", identity.DeviceClass);
        Assert.Equal(5, identity.SoftwareLevel);
        Assert.Equal("apps,example-san,inside", identity.Claims[ClaimNames.PrincipalRules]);
        ClientIdentity gateway = await fixture.ResolvedAsync(Gateway);
        Assert.Equal(["gateways"], gateway.Groups);
    }

    [Fact]
    public async Task A_gateway_rule_makes_the_verified_username_the_principal_while_the_certificate_stays_recorded()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutUserAsync("bob", """{"password": "bobs password", "groups": ["tellers"]}""");
        await fixture.PutRulesAsync("""
            {"rules": [{"name": "gateway-users", "match": {"organizationalUnit": "gateways", "credentialType": "UsernameAndPassword"}, "assign": {"identityFromUsername": true}}]}
            """);

        ClientIdentity bob = await fixture.ResolvedAsync(Gateway, User("bob", "bobs password"));
        Assert.Equal("bob", bob.Name);
        Assert.Equal("gateway", bob.CertificateName);
        Assert.Equal(Gateway.CertificateFingerprint, bob.CertificateFingerprint);
        Assert.Equal(["gateways", "tellers"], bob.Groups);

        // Without a credential the rule does not match, and the gateway is itself.
        Assert.Equal("gateway", (await fixture.ResolvedAsync(Gateway)).Name);
        // Another certificate carrying bob's credential stays itself: the rule names the gateways only.
        Assert.Equal("app1", (await fixture.ResolvedAsync(Application, User("bob", "bobs password"))).Name);
    }

    [Fact]
    public async Task Rules_can_match_a_device_type_set_by_a_verified_device_and_an_ipv4_mapped_address_counts_as_ipv4()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        await fixture.PutDeviceAsync("SN-9", """{"deviceIdentifier": "d-9", "deviceType": "hsm"}""");
        await fixture.PutRulesAsync("""
            {"rules": [{"name": "hsms", "match": {"deviceType": "hsm", "credentialType": "Device", "sourceNetwork": "10.1.0.0/16"}, "assign": {"groups": ["hsm-fleet"], "hardwareLevel": 7}}]}
            """);
        Credential device = Device(new DeviceCredential { DeviceSerialNumber = "SN-9", DeviceIdentifier = "d-9" });

        PrincipalResolution mapped = await fixture.Resolver.ResolveAsync(Application, [device], IPAddress.Parse("::ffff:10.1.9.9"), CancellationToken.None);
        Assert.Contains("hsm-fleet", mapped.Identity!.Groups);
        Assert.Equal(7, mapped.Identity.HardwareLevel);

        PrincipalResolution elsewhere = await fixture.Resolver.ResolveAsync(Application, [device], IPAddress.Parse("10.2.0.1"), CancellationToken.None);
        Assert.DoesNotContain("hsm-fleet", elsewhere.Identity!.Groups);
        PrincipalResolution unknownAddress = await fixture.Resolver.ResolveAsync(Application, [device], null, CancellationToken.None);
        Assert.DoesNotContain("hsm-fleet", unknownAddress.Identity!.Groups);
    }

    [Fact]
    public async Task The_revision_moves_with_registry_changes_so_sessions_know_when_to_resolve_again()
    {
        await using PrincipalFixture fixture = await CreateAsync();
        long before = fixture.Resolver.Revision;
        await fixture.PutClientAsync("c", """{"subject": "CN=x", "groups": ["g"]}""");
        Assert.NotEqual(before, fixture.Resolver.Revision);
    }
}
