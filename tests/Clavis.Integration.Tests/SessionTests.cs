using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;

namespace Clavis.Integration.Tests;

/// <summary>Sessions over real mutual TLS: many messages, many sessions, who gets in, and a graceful stop.</summary>
public sealed class SessionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task One_session_carries_many_messages_in_order()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        for (int i = 0; i < 50; i++)
        {
            RequestMessage request = Requests.Message(Requests.Query());
            request.Header.ClientCorrelationValue = $"m{i}";
            ResponseMessage response = await client.SendAsync(request);
            Responses.Success<QueryResponsePayload>(response);
            Assert.Equal($"m{i}", response.Header.ClientCorrelationValue);
        }
    }

    [Fact]
    public async Task Pipelined_messages_are_answered_in_order_and_each_sees_what_the_earlier_ones_changed()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        string id = Responses.Success<CreateResponsePayload>(await client.SendAsync(Requests.Message(Requests.CreateAes()))).UniqueIdentifier!;
        Responses.Success<ActivateResponsePayload>(await client.SendAsync(Requests.Message(new ActivateRequestPayload { UniqueIdentifier = id })));

        // 40 Encrypts, a Revoke, then 5 more Encrypts, sent in one write before reading any answer: more than the
        // session's pipelining window, so it also has to wait for answers on the way.
        CryptographicParameters gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);
        var sent = new List<RequestMessage>();
        for (int i = 0; i < 46; i++)
        {
            RequestPayload payload = i == 40
                ? Requests.Revoke(id)
                : new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = RandomNumberGenerator.GetBytes(64) };
            RequestMessage request = Requests.Message(payload);
            request.Header.ClientCorrelationValue = $"m{i}";
            sent.Add(request);
        }

        await client.WriteRawAsync(sent.SelectMany(m => m.Encode()).ToArray());

        for (int i = 0; i < sent.Count; i++)
        {
            ResponseMessage response = await client.ReadResponseAsync() ?? throw new IOException($"the session closed before answer {i}");
            Assert.Equal($"m{i}", response.Header.ClientCorrelationValue);
            ResponseBatchItem item = Assert.Single(response.BatchItems);
            if (i < 40)
            {
                Assert.Equal(16 + 64, ((EncryptResponsePayload)item.Payload!).Data!.Length + ((EncryptResponsePayload)item.Payload!).AuthenticatedEncryptionTag!.Length);
            }
            else if (i == 40)
            {
                Responses.Success<RevokeResponsePayload>(response);
            }
            else
            {
                // The Revoke ahead of them was committed before they ran (KMIP 1.4 says Permission Denied).
                Assert.Equal(ResultStatus.OperationFailed, item.ResultStatus);
                Assert.Contains("cannot be used for Encrypt", item.ResultMessage, StringComparison.Ordinal);
            }
        }

        // Every message of the pipeline is in the journal: each answer waited for its record.
        Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
    }

    [Fact]
    public async Task Several_sessions_are_served_at_once()
    {
        KmipTestClient[] clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => server.ConnectAsync()));
        try
        {
            // Every session holds its connection open while all of them talk, interleaved.
            await Task.WhenAll(clients.Select(async (client, n) =>
            {
                for (int i = 0; i < 10; i++)
                {
                    var request = Requests.Message(ProtocolVersion.V2_1, new DiscoverVersionsRequestPayload());
                    request.Header.ClientCorrelationValue = $"{n}-{i}";
                    ResponseMessage response = await client.SendAsync(request);
                    Assert.Contains(Responses.Success<DiscoverVersionsResponsePayload>(response).ProtocolVersion, v => v.ProtocolVersionMajor == 2 && v.ProtocolVersionMinor == 1);
                    Assert.Equal($"{n}-{i}", response.Header.ClientCorrelationValue);
                }
            }));
        }
        finally
        {
            foreach (KmipTestClient client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        await AssertRefusedAsync(null);
        await AssertServesAsync();
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_CA_is_refused()
    {
        using X509Certificate2 stranger = ForeignClientCertificate();
        await AssertRefusedAsync(stranger);
        await AssertServesAsync();
    }

    private async Task AssertRefusedAsync(X509Certificate2? certificate)
    {
        // With TLS 1.3 the client may finish its half of the handshake before the server checks the
        // client certificate; the refusal then arrives as an alert or a close on the first read.
        KmipTestClient client;
        try
        {
            client = await KmipTestClient.ConnectAsync(server.KmipEndPoint, certificate, server.CaCertificate);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            return;
        }

        await using (client)
        {
            ResponseMessage? answer = null;
            try
            {
                await client.WriteRawAsync(Requests.Message(Requests.Query()).Encode());
                answer = await client.ReadResponseAsync();
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                // Refused: the server ended the connection.
            }

            Assert.Null(answer);
        }
    }

    private async Task AssertServesAsync()
    {
        await using KmipTestClient client = await server.ConnectAsync();
        Responses.Success<QueryResponsePayload>(await client.SendAsync(Requests.Message(Requests.Query())));
    }

    private static X509Certificate2 ForeignClientCertificate()
    {
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Some Other CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using RSA clientKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=admin", clientKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using X509Certificate2 issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), new byte[] { 1, 2, 3, 4 });
        return issued.CopyWithPrivateKey(clientKey);
    }
}
