using System.Text;
using System.Text.Json;
using Clavis.Core.Audit;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Ports;
using Clavis.Core.Tests.Identity;
using Clavis.Core.Tests.Support;
using Clavis.Kmip;

namespace Clavis.Core.Tests.Administration;

public sealed class PrincipalAdministrationTests
{
    [Fact]
    public async Task A_user_is_stored_with_an_argon2id_hash_and_answered_audited_and_listed_without_password_or_hash()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();

        string answer = await fixture.PutUserAsync("alice", """{"password": "correct horse", "groups": ["payments"]}""");

        using JsonDocument view = JsonDocument.Parse(answer);
        Assert.Equal("alice", view.RootElement.GetProperty("name").GetString());
        Assert.Equal("argon2id", view.RootElement.GetProperty("passwordHashAlgorithm").GetString());
        Assert.Equal(1, view.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("admin", view.RootElement.GetProperty("changedBy").GetString());
        StoredDocument stored = (await fixture.Core.Store.GetDocumentAsync(RegistryDocumentKinds.User, "alice", null, CancellationToken.None))!;
        Assert.StartsWith("{\"passwordHash\":\"$argon2id$v=19$m=64,t=1,p=1$", stored.Body, StringComparison.Ordinal);

        string list = await fixture.Administration.ListUsersAsync(CoreFixture.Admin, CancellationToken.None);
        string get = await fixture.Administration.GetUserAsync("alice", CoreFixture.Admin, CancellationToken.None);
        string hash = JsonDocument.Parse(stored.Body!).RootElement.GetProperty("passwordHash").GetString()!;
        foreach (string text in new[] { answer, list, get }.Concat(fixture.Core.Store.AuditRecords.Select(r => r.Message ?? "")))
        {
            Assert.DoesNotContain("correct horse", text, StringComparison.Ordinal);
            Assert.DoesNotContain(hash.Split('$')[^1], text, StringComparison.Ordinal);
        }

        AuditRecord record = Assert.Single(fixture.Core.Store.AuditRecords);
        Assert.Equal(AuditSource.Administrator, record.Source);
        Assert.Equal("PutUser", record.Operation);
        Assert.Equal("Success", record.ResultStatus);
        Assert.Equal("user \"alice\" version 1", record.Message);
    }

    [Fact]
    public async Task A_non_administrator_is_refused_and_the_refusal_is_audited_naming_the_entry()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();

        KmipException refused = await Assert.ThrowsAsync<KmipException>(() =>
            fixture.Administration.PutUserAsync("alice", Encoding.UTF8.GetBytes("""{"password": "correct horse"}"""), CoreFixture.Alice, CancellationToken.None));
        await Assert.ThrowsAsync<KmipException>(() => fixture.Administration.ListUsersAsync(CoreFixture.Alice, CancellationToken.None));

        Assert.Equal(ResultReason.PermissionDenied, refused.Reason);
        Assert.Equal("user \"alice\": alice is not an administrator", refused.Message);
        AuditRecord record = Assert.Single(fixture.Core.Store.AuditRecords);
        Assert.Equal(("PutUser", "OperationFailed", "PermissionDenied"), (record.Operation, record.ResultStatus, record.ResultReason));
        Assert.Null(await fixture.Core.Store.GetDocumentAsync(RegistryDocumentKinds.User, "alice", null, CancellationToken.None));
    }

    [Theory]
    [InlineData("NotJson", "{", "the body is not valid JSON")]
    [InlineData("NotObject", "[]", "must be a JSON object")]
    [InlineData("UnknownField", """{"password": "correct horse", "admin": true}""", "unknown field 'admin'")]
    [InlineData("RepeatedField", """{"password": "correct horse", "password": "correct horse"}""", "field 'password' appears twice")]
    [InlineData("NoPassword", """{"groups": ["a"]}""", "a new user needs a 'password'")]
    [InlineData("ShortPassword", """{"password": "short"}""", "field 'password' must be 8 to 1024 bytes")]
    [InlineData("BothPasswords", """{"password": "correct horse", "passwordHash": "$argon2id$"}""", "either 'password' or 'passwordHash'")]
    [InlineData("BadHash", """{"passwordHash": "$2b$12$abc"}""", "field 'passwordHash' is not accepted: unsupported password hash algorithm")]
    [InlineData("GroupsNotArray", """{"password": "correct horse", "groups": "a"}""", "field 'groups' must be an array")]
    [InlineData("Administrators", """{"password": "correct horse", "groups": ["administrators"]}""", "comes only from a certificate's OU")]
    [InlineData("DuplicateGroup", """{"password": "correct horse", "groups": ["a", "a"]}""", "group 'a' is listed twice")]
    [InlineData("DisabledNotBool", """{"password": "correct horse", "disabled": "yes"}""", "field 'disabled' must be true or false")]
    [InlineData("SpacedGroup", """{"password": "correct horse", "groups": [" a"]}""", "without control characters or surrounding spaces")]
    public async Task A_bad_user_body_is_refused_with_a_message_naming_the_fault(string name, string body, string expected)
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        KmipException error = await Assert.ThrowsAsync<KmipException>(() => fixture.PutUserAsync("alice", body));
        Assert.Equal(ResultReason.InvalidField, error.Reason);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {error.Message}");
        Assert.StartsWith("user \"alice\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_username_in_the_path_is_refused()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        KmipException error = await Assert.ThrowsAsync<KmipException>(() => fixture.PutUserAsync(" alice", """{"password": "correct horse"}"""));
        Assert.Contains("a username must be 1 to 128 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"deviceType": "hsm"}""", "needs at least one identifier or a password")]
    [InlineData("""{"deviceIdentifier": "d", "softwareLevel": -1}""", "field 'softwareLevel' must be a whole number from 0")]
    [InlineData("""{"deviceIdentifier": "d", "hardwareLevel": 1.5}""", "field 'hardwareLevel' must be a whole number")]
    [InlineData("""{"deviceIdentifier": "d", "password": "long enough", "removePassword": true}""", "at most one of 'password', 'passwordHash' and 'removePassword'")]
    public async Task A_bad_device_body_is_refused(string body, string expected)
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        KmipException error = await Assert.ThrowsAsync<KmipException>(() => fixture.PutDeviceAsync("SN-1", body));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_keeps_its_password_when_a_put_omits_it_and_loses_it_with_removePassword()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        await fixture.PutDeviceAsync("SN-1", """{"deviceIdentifier": "d", "password": "device secret"}""");
        using JsonDocument kept = JsonDocument.Parse(await fixture.PutDeviceAsync("SN-1", """{"deviceIdentifier": "d", "softwareLevel": 2}"""));
        Assert.True(kept.RootElement.GetProperty("hasPassword").GetBoolean());
        Assert.Equal(2, kept.RootElement.GetProperty("softwareLevel").GetInt32());
        using JsonDocument removed = JsonDocument.Parse(await fixture.PutDeviceAsync("SN-1", """{"deviceIdentifier": "d", "removePassword": true}"""));
        Assert.False(removed.RootElement.GetProperty("hasPassword").GetBoolean());
        Assert.False(removed.RootElement.TryGetProperty("password", out _));
    }

    [Theory]
    [InlineData("""{"groups": ["a"]}""", "exactly one of 'certificateFingerprint' and 'subject'")]
    [InlineData("""{"subject": "CN=a", "certificateFingerprint": "00"}""", "must be a SHA-256 fingerprint")]
    [InlineData("""{"subject": "not a dn"}""", "is not a distinguished name")]
    public async Task A_bad_client_body_is_refused(string body, string expected)
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        KmipException error = await Assert.ThrowsAsync<KmipException>(() => fixture.PutClientAsync("c", body));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_subject_is_stored_as_certificates_spell_it()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        using JsonDocument view = JsonDocument.Parse(await fixture.PutClientAsync("c", """{"subject": "CN=app1,OU=apps,O=Clavis", "certificateFingerprint": null}"""));
        Assert.Equal("CN=app1, OU=apps, O=Clavis", view.RootElement.GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("""{}""", "field 'rules' (an array, possibly empty) is required")]
    [InlineData("""{"rules": [{"match": {}, "assign": {"groups": ["a"]}}]}""", "principal rule 0: field 'name' is required")]
    [InlineData("""{"rules": [{"name": "r", "match": {}}]}""", "principal rule \"r\": field 'assign' is required")]
    [InlineData("""{"rules": [{"name": "r", "assign": {}}]}""", "'assign' assigns nothing")]
    [InlineData("""{"rules": [{"name": "r", "assign": {"groups": ["a"]}}, {"name": "r", "assign": {"groups": ["b"]}}]}""", "two rules are named \"r\"")]
    [InlineData("""{"rules": [{"name": "r", "match": {"sourceNetwork": "10.0.0.1/8"}, "assign": {"groups": ["a"]}}]}""", "sourceNetwork must be a network in CIDR form")]
    [InlineData("""{"rules": [{"name": "r", "match": {"credentialType": "Attestation"}, "assign": {"groups": ["a"]}}]}""", "credentialType must be UsernameAndPassword or Device")]
    [InlineData("""{"rules": [{"name": "r", "match": {"ou": "x"}, "assign": {"groups": ["a"]}}]}""", "unknown field 'ou'")]
    [InlineData("""{"rules": [{"name": "r", "match": {"subject": "CN=*"}, "assign": {"identityFromUsername": true}}]}""", "'identityFromUsername' needs a match on 'username'")]
    [InlineData("""{"rules": [{"name": "r", "assign": {"groups": ["administrators"]}}]}""", "comes only from a certificate's OU")]
    public async Task Bad_rules_are_refused_naming_the_rule_and_field(string body, string expected)
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        KmipException error = await Assert.ThrowsAsync<KmipException>(() => fixture.PutRulesAsync(body));
        Assert.Equal(ResultReason.InvalidField, error.Reason);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("PutPrincipalRules", Assert.Single(fixture.Core.Store.AuditRecords).Operation);
    }

    [Fact]
    public async Task Rules_round_trip_through_put_and_get_with_their_version()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        using JsonDocument empty = JsonDocument.Parse(await fixture.Administration.GetPrincipalRulesAsync(CoreFixture.Admin, CancellationToken.None));
        Assert.Equal(0, empty.RootElement.GetProperty("version").GetInt32());

        const string Rules = """{"rules":[{"name":"gw","match":{"organizationalUnit":"gateways","credentialType":"UsernameAndPassword","sourceNetwork":"10.0.0.0/8"},"assign":{"groups":["g"],"softwareLevel":2,"identityFromUsername":true}}]}""";
        await fixture.PutRulesAsync(Rules);
        using JsonDocument read = JsonDocument.Parse(await fixture.Administration.GetPrincipalRulesAsync(CoreFixture.Admin, CancellationToken.None));
        Assert.Equal(1, read.RootElement.GetProperty("version").GetInt32());
        JsonElement rule = read.RootElement.GetProperty("rules")[0];
        Assert.Equal("10.0.0.0/8", rule.GetProperty("match").GetProperty("sourceNetwork").GetString());
        Assert.True(rule.GetProperty("assign").GetProperty("identityFromUsername").GetBoolean());
        Assert.Equal("PutPrincipalRules", fixture.Core.Store.AuditRecords[^1].Operation);
    }

    [Fact]
    public async Task Deleting_a_missing_entry_is_not_found_and_audited()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        KmipException error = await Assert.ThrowsAsync<KmipException>(() => fixture.Administration.DeleteDeviceAsync("SN-0", CoreFixture.Admin, CancellationToken.None));
        Assert.Equal(ResultReason.ItemNotFound, error.Reason);
        Assert.Equal("device \"SN-0\" does not exist", error.Message);
        Assert.Equal(("DeleteDevice", "ItemNotFound"), (fixture.Core.Store.AuditRecords[^1].Operation, fixture.Core.Store.AuditRecords[^1].ResultReason));
    }

    [Fact]
    public async Task A_change_written_by_another_node_is_seen_after_a_refresh_and_not_before()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        string body = RegistryJson.WriteClient(new RegisteredClient("c", null, "CN=gateway, OU=gateways, O=Clavis", PrincipalAttributes.None, ["remote"], 0));
        var objects = new Core.Operations.UnitOfWork(fixture.Core.Store);
        objects.WriteDocument(new DocumentChange(RegistryDocumentKinds.Client, "c", 0, body, "node-2 admin", fixture.Core.Clock.UtcNow));
        await objects.CommitAsync(CancellationToken.None);

        Assert.DoesNotContain("remote", (await fixture.ResolvedAsync(PrincipalFixture.Gateway)).Groups);
        await fixture.Registry.RefreshAsync(CancellationToken.None);
        Assert.Contains("remote", (await fixture.ResolvedAsync(PrincipalFixture.Gateway)).Groups);
    }

    [Fact]
    public async Task An_unreadable_stored_user_is_left_out_of_the_snapshot_and_cannot_authenticate()
    {
        await using PrincipalFixture fixture = await PrincipalFixture.CreateAsync();
        var objects = new Core.Operations.UnitOfWork(fixture.Core.Store);
        objects.WriteDocument(new DocumentChange(RegistryDocumentKinds.User, "broken", 0, """{"passwordHash": "plain"}""", "someone", fixture.Core.Clock.UtcNow));
        await objects.CommitAsync(CancellationToken.None);
        await fixture.Registry.RefreshAsync(CancellationToken.None);

        Assert.Null(fixture.Registry.Current.FindUser("broken"));
        Assert.False((await fixture.ResolveAsync(PrincipalFixture.Application, PrincipalFixture.User("broken", "plain"))).IsAuthenticated);
        // An administrator can still replace it.
        await fixture.PutUserAsync("broken", """{"password": "a new password"}""");
        await fixture.ResolvedAsync(PrincipalFixture.Application, PrincipalFixture.User("broken", "a new password"));
    }
}
