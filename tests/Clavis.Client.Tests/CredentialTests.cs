using Clavis.Client.Tests.Support;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Client.Tests;

/// <summary>KMIP Credentials set in the options travel in every request header the SDK builds, and the server checks them.</summary>
[Collection(SharedServer.Name)]
public sealed class CredentialTests(ServerFixture server)
{
    [Fact]
    public async Task A_registered_user_is_accepted_and_a_wrong_password_fails_version_negotiation_with_Authentication_Not_Successful()
    {
        await RegisterUserAsync("sdk-user-21");
        await using KmipClient good = Client(ProtocolVersion.V2_1, "sdk-user-21", "correct horse battery");
        await using KmipClient bad = Client(ProtocolVersion.V2_1, "sdk-user-21", "wrong horse");

        string id = (await good.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;
        var refused = await Assert.ThrowsAsync<KmipOperationException>(() => bad.GetAttributesAsync(id));

        Assert.Equal(Operation.DiscoverVersions, refused.Operation);
        Assert.Equal(ResultReason.AuthenticationNotSuccessful, refused.ResultReason);
        Assert.Equal("username/password not accepted", refused.ResultMessage);
    }

    [Fact]
    public async Task Operations_and_batches_carry_the_credential_in_KMIP_1_0_where_no_negotiation_happens()
    {
        await RegisterUserAsync("sdk-user-10");
        await using KmipClient good = Client(ProtocolVersion.V1_0, "sdk-user-10", "correct horse battery");
        await using KmipClient bad = Client(ProtocolVersion.V1_0, "sdk-user-10", "wrong horse");

        string id = (await good.CreateSymmetricKeyAsync(CryptographicAlgorithm.AES, 256, CryptographicUsageMask.Encrypt)).UniqueIdentifier!;
        var refused = await Assert.ThrowsAsync<KmipOperationException>(() => bad.GetAttributesAsync(id));
        KmipBatch batch = bad.CreateBatch();
        batch.Add<QueryResponsePayload>(new QueryRequestPayload { QueryFunction = [QueryFunction.QueryOperations] });
        KmipBatchResult batchResult = await batch.SendAsync();

        Assert.Equal((Operation.GetAttributes, ResultReason.AuthenticationNotSuccessful), (refused.Operation, refused.ResultReason));
        Assert.Equal(ResultReason.AuthenticationNotSuccessful, Assert.Single(batchResult.Items).ResultReason);
    }

    [Fact]
    public void A_credential_without_a_value_is_refused_when_the_client_is_made()
    {
        KmipClientOptions options = TestClients.Options(server);
        options.Credentials.Add(new Credential { CredentialType = CredentialType.UsernameAndPassword });

        var e = Assert.Throws<ArgumentException>(() => new KmipClient(options));

        Assert.Contains("Credential Value", e.Message, StringComparison.Ordinal);
    }

    private async Task RegisterUserAsync(string user)
    {
        using var admin = new AdminHttps(server, server.AdminCertificate);
        (await admin.PutAsync($"users/{user}", """{"password": "correct horse battery"}"""))?.Dispose();
    }

    private KmipClient Client(ProtocolVersion version, string user, string password) => TestClients.Create(server, o =>
    {
        o.PreferredProtocolVersions.Clear();
        o.PreferredProtocolVersions.Add(version);
        o.UseUsernamePassword(user, password);
    });
}
