using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Clavis.Audit;
using Clavis.Core.Audit;
using Clavis.Core.Ports;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip;
using Clavis.Kmip.Messages;
using Clavis.Storage.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>A real node's journal: what KMIP clients did, allowed or refused, as the file on disk holds it.</summary>
public sealed class AuditJournalTests
{
    [Fact]
    public async Task Every_request_allowed_or_refused_is_in_the_journal_with_its_fields_and_no_secret()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        byte[] key = RandomNumberGenerator.GetBytes(32);
        const string password = "correct-horse-battery-staple-7731";
        string bobPem = server.Host.Tls.IssueClient("it-audit-bob", null, Path.Combine(server.DataDirectory, "issued"));
        using X509Certificate2 bob = X509Certificate2.CreateFromPemFile(bobPem, Path.ChangeExtension(bobPem, ".key"));
        string id;
        using (var adminApi = new AdminHttps(server, server.AdminCertificate))
        {
            // The credential must name a registered user (docs/identity.md); registering it is audited too, without the password.
            (await adminApi.PutAsync("users/it-admin", $$"""{"password": "{{password}}"}"""))?.Dispose();
        }

        await using (KmipTestClient admin = await server.ConnectAsync())
        {
            RequestMessage register = Requests.Message(ProtocolVersion.V2_1, Requests.RegisterAes(key));
            register.Header.Authentication = new Authentication
            {
                Credentials = [new Credential { CredentialType = CredentialType.UsernameAndPassword, CredentialValue = new UsernameAndPasswordCredential { Username = "it-admin", Password = password } }],
            };
            id = Responses.Success<RegisterResponsePayload>(await admin.SendAsync(register)).UniqueIdentifier!;
            Responses.Success<GetResponsePayload>(await admin.SendAsync(Requests.Message(ProtocolVersion.V2_1, new GetRequestPayload { UniqueIdentifier = id })));
            Responses.Failure(await admin.SendAsync(Requests.Message(ProtocolVersion.V2_1, new GetRequestPayload { UniqueIdentifier = "no-such-object" })), ResultReason.ItemNotFound);
        }

        await using (KmipTestClient stranger = await KmipTestClient.ConnectAsync(server.KmipEndPoint, bob, server.CaCertificate))
        {
            ResponseBatchItem refused = Assert.Single((await stranger.SendAsync(Requests.Message(ProtocolVersion.V2_1, new GetRequestPayload { UniqueIdentifier = id }))).BatchItems);
            Assert.Equal(ResultStatus.OperationFailed, refused.ResultStatus);
        }

        await server.StopAsync();

        string fingerprint = Convert.ToHexString(SHA256.HashData(server.AdminCertificate.RawData));
        string bobFingerprint = Convert.ToHexString(SHA256.HashData(bob.RawData));
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        List<(StoredAuditRecord Row, AuditRecord Record)> journal = [.. reader.ReadRecords("node-1", 1, null).Select(r => (r, AuditRecordCodec.Decode(r.Encoded).Record))];
        List<AuditRecord> requests = [.. journal.Select(j => j.Record).Where(r => r.Source == AuditSource.KmipRequest)];

        Assert.Equal(["Start", "ConfigurationChange", "PutUser", "Register", "Get", "Get", "Get", "Stop"], journal.Select(j => j.Record.Operation));
        Assert.Equal(["Success", "Success", "OperationFailed", "OperationFailed"], requests.Select(r => r.ResultStatus));
        Assert.Equal([null, null, "ItemNotFound"], requests.Take(3).Select(r => r.ResultReason));
        Assert.NotNull(requests[3].ResultReason);
        Assert.All(requests.Take(3), r =>
        {
            Assert.Equal(fingerprint, r.CertificateFingerprint, ignoreCase: true);
            Assert.StartsWith("127.0.0.1", r.ClientAddress, StringComparison.Ordinal);
            Assert.Equal(0, r.BatchItemIndex);
        });
        Assert.Equal(bobFingerprint, requests[3].CertificateFingerprint, ignoreCase: true);
        Assert.Equal("it-audit-bob", requests[3].Principal);
        Assert.Equal([id], requests[0].ObjectIds);
        Assert.Equal(("SymmetricKey", "AES", 256), (requests[0].ObjectType, requests[0].CryptographicAlgorithm, requests[0].CryptographicLength));
        Assert.Equal([id], requests[3].ObjectIds);
        Assert.Equal(4, requests.Select(r => r.RequestId).Distinct().Count());
        Assert.Equal(2, requests.Select(r => r.SessionId).Distinct().Count());

        // No secret in any encoding, in the stored records or in their export.
        var export = new StringWriter();
        foreach ((StoredAuditRecord row, _) in journal)
        {
            AuditJsonLines.Write(export, row);
            Assert.True(row.Encoded.AsSpan().IndexOf(key.AsSpan(0, 12)) < 0, "raw key bytes in a record");
            Assert.True(row.Encoded.AsSpan().IndexOf(Encoding.UTF8.GetBytes(password)) < 0, "the password in a record");
        }

        string text = export.ToString() + string.Concat(journal.Select(j => Encoding.Latin1.GetString(j.Row.Encoded)));
        Assert.DoesNotContain(Convert.ToHexString(key)[..24], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(key)[..24], text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);

        // The checkpoint made at stop covers everything, down to the Stop record, under the anchored key.
        byte[][] anchors = [.. Directory.EnumerateFiles(server.Host.AuditKeysDirectory, "*.pem").Select(PublicKey)];
        AuditVerification verification = AuditVerifier.Verify(reader, new AuditVerifierOptions { TrustedPublicKeys = anchors });
        Assert.True(verification.IsIntact, string.Join("; ", verification.Breaks));
        Assert.Equal((long?)journal.Count, Assert.Single(verification.Chains).LastSignedSequence);
    }

    [Fact]
    public async Task No_secret_reaches_any_log_line_on_success_refusal_or_failure()
    {
        var logs = new CapturedLogs();
        await using ServerFixture server = await ServerFixture.StartAsync(loggers: logs);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] plaintext = Encoding.UTF8.GetBytes("plaintext-marker-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)));
        const string password = "log-test-password-5521-correct";
        const string wrongPassword = "log-test-password-5521-WRONG";
        using (var adminApi = new AdminHttps(server, server.AdminCertificate))
        {
            (await adminApi.PutAsync("users/log-user", $$"""{"password": "{{password}}"}"""))?.Dispose();
        }

        await using (KmipTestClient client = await server.ConnectAsync())
        {
            string id = await SymmetricKeys.RegisterActiveAsync(client, key, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt);
            CryptographicParameters gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);
            var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = plaintext })));
            // A tampered ciphertext fails authentication; a wrong password fails authentication of the message.
            encrypted.Data![0] ^= 1;
            Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
            {
                UniqueIdentifier = id, CryptographicParameters = gcm, Data = encrypted.Data, IVCounterNonce = encrypted.IVCounterNonce,
                AuthenticatedEncryptionTag = encrypted.AuthenticatedEncryptionTag,
            })), ResultReason.CryptographicFailure);
            foreach (string attempt in new[] { password, wrongPassword })
            {
                RequestMessage withCredential = Requests.Message(ProtocolVersion.V2_1, new GetRequestPayload { UniqueIdentifier = id });
                withCredential.Header.Authentication = new Authentication
                {
                    Credentials = [new Credential { CredentialType = CredentialType.UsernameAndPassword, CredentialValue = new UsernameAndPasswordCredential { Username = "log-user", Password = attempt } }],
                };
                await client.SendAsync(withCredential);
            }
        }

        await server.StopAsync();
        string all = string.Join("\n", logs.Lines);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains("log-user", all, StringComparison.Ordinal);
        foreach (string secret in new[] { Convert.ToHexString(key)[..24], Convert.ToBase64String(key)[..24], Encoding.Latin1.GetString(key, 0, 12), Encoding.UTF8.GetString(plaintext), password, wrongPassword })
        {
            Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_use_is_recorded_with_its_data_size_and_a_usage_mask_refusal_with_its_reason_but_never_the_data()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        byte[] plaintext = Encoding.UTF8.GetBytes("the plaintext a client encrypts: " + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        string id;
        await using (KmipTestClient client = await server.ConnectAsync())
        {
            id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), CryptographicUsageMask.Encrypt);
            CryptographicParameters gcm = SymmetricKeys.Parameters(BlockCipherMode.GCM);
            var encrypted = Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = gcm, Data = plaintext })));
            Responses.Failure(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1, new DecryptRequestPayload
            {
                UniqueIdentifier = id, CryptographicParameters = gcm, Data = encrypted.Data, IVCounterNonce = encrypted.IVCounterNonce,
                AuthenticatedEncryptionTag = encrypted.AuthenticatedEncryptionTag,
            })), ResultReason.IncompatibleCryptographicUsageMask);
        }

        await server.StopAsync();

        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        List<StoredAuditRecord> rows = [.. reader.ReadRecords("node-1", 1, null)];
        List<AuditRecord> records = [.. rows.Select(r => AuditRecordCodec.Decode(r.Encoded).Record)];
        AuditRecord encrypt = Assert.Single(records, r => r.Operation == "Encrypt");
        AuditRecord decrypt = Assert.Single(records, r => r.Operation == "Decrypt");

        Assert.Equal(("Success", (long?)plaintext.Length), (encrypt.ResultStatus, encrypt.DataSize));
        Assert.Equal([id], encrypt.ObjectIds);
        Assert.Equal(("OperationFailed", "IncompatibleCryptographicUsageMask"), (decrypt.ResultStatus, decrypt.ResultReason));
        Assert.Equal([id], decrypt.ObjectIds);
        Assert.All(rows, row => Assert.True(row.Encoded.AsSpan().IndexOf(plaintext.AsSpan(0, 24)) < 0, "plaintext in a record"));
    }

    [Fact]
    public async Task A_message_of_ten_alike_Encrypts_is_one_record_that_verifies_and_exports_its_count_and_a_refusal_keeps_its_own()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        string id;
        await using (KmipTestClient client = await server.ConnectAsync())
        {
            id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), CryptographicUsageMask.Encrypt);
            var encrypt = new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM), Data = new byte[1024] };
            var refused = new DecryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM), Data = new byte[16], IVCounterNonce = new byte[12], AuthenticatedEncryptionTag = new byte[16] };
            RequestMessage message = Requests.Message(ProtocolVersion.V2_1, [.. Enumerable.Repeat<RequestPayload>(encrypt, 10), refused, encrypt, encrypt]);
            message.Header.BatchErrorContinuationOption = BatchErrorContinuationOption.Continue;

            ResponseMessage response = await client.SendAsync(message);

            Assert.Equal(13, response.BatchItems.Count);
            Assert.Equal(12, response.BatchItems.Count(i => i.ResultStatus == ResultStatus.Success));
            Assert.Equal(12, response.BatchItems.Where(i => i.Payload is EncryptResponsePayload).Select(i => Convert.ToHexString(((EncryptResponsePayload)i.Payload!).IVCounterNonce!)).Distinct().Count());
        }

        await server.StopAsync();

        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        List<StoredAuditRecord> rows = [.. reader.ReadRecords("node-1", 1, null)];
        List<AuditRecord> uses = [.. rows.Select(r => AuditRecordCodec.Decode(r.Encoded).Record).Where(r => r.Operation is "Encrypt" or "Decrypt")];
        Assert.Equal([("Encrypt", 0, 10, "Success"), ("Decrypt", 10, 1, "OperationFailed"), ("Encrypt", 11, 2, "Success")],
            uses.Select(r => (r.Operation, r.BatchItemIndex!.Value, r.Items, r.ResultStatus)));
        Assert.All(uses, r => Assert.Equal([id], r.ObjectIds));
        Assert.Equal(1024, uses[0].DataSize);

        var export = new StringWriter();
        AuditJsonLines.Write(export, rows.First(r => r.Operation == "Encrypt"));
        Assert.Contains("\"batchItemCount\":10", export.ToString(), StringComparison.Ordinal);
        byte[][] anchors = [.. Directory.EnumerateFiles(server.Host.AuditKeysDirectory, "*.pem").Select(PublicKey)];
        AuditVerification verification = AuditVerifier.Verify(reader, new AuditVerifierOptions { TrustedPublicKeys = anchors });
        Assert.True(verification.IsIntact, string.Join("; ", verification.Breaks));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Encrypts_are_journaled_unless_the_node_is_hosted_without_request_records_and_changes_commit_either_way(bool writesRequestAuditRecords)
    {
        await using ServerFixture server = await ServerFixture.StartAsync(hostOptions: options => options with { WritesRequestAuditRecords = writesRequestAuditRecords });
        await using (KmipTestClient client = await server.ConnectAsync())
        {
            // Register and Activate are messages of their own: the Encrypts succeed only if both changes were committed.
            string id = await SymmetricKeys.RegisterActiveAsync(client, RandomNumberGenerator.GetBytes(32), CryptographicUsageMask.Encrypt);
            for (int i = 0; i < 3; i++)
            {
                Responses.Success<EncryptResponsePayload>(await client.SendAsync(Requests.Message(ProtocolVersion.V2_1,
                    new EncryptRequestPayload { UniqueIdentifier = id, CryptographicParameters = SymmetricKeys.Parameters(BlockCipherMode.GCM), Data = new byte[1024] })));
            }
        }

        await server.StopAsync();

        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        List<AuditRecord> records = [.. reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record)];
        List<string> requests = [.. records.Where(r => r.Source == AuditSource.KmipRequest).Select(r => r.Operation)];
        AuditRecord start = Assert.Single(records, r => r.Operation == "Start");
        if (writesRequestAuditRecords)
        {
            Assert.Equal(["Register", "Activate", "Encrypt", "Encrypt", "Encrypt"], requests);
            Assert.DoesNotContain("benchmark host", start.Message ?? "", StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(requests);
            // The journal says why it holds no requests.
            Assert.Contains("KMIP requests write no audit records (benchmark host)", start.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_message_that_does_not_decode_is_refused_and_recorded()
    {
        await using ServerFixture server = await ServerFixture.StartAsync();
        await using (KmipTestClient client = await server.ConnectAsync())
        {
            // A framed Request Message whose body is random bytes.
            byte[] message = new byte[32];
            message[0] = 0x42;
            message[2] = 0x78;
            message[3] = (byte)Kmip.Ttlv.TtlvType.Structure;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), 24);
            RandomNumberGenerator.Fill(message.AsSpan(8));
            await client.WriteRawAsync(message);
            Responses.Failure((await client.ReadResponseAsync())!, ResultReason.InvalidMessage);
        }

        await server.StopAsync();
        using SqliteAuditReader reader = SqliteAuditReader.Open(Path.Combine(server.DataDirectory, "clavis.db"));
        AuditRecord refused = Assert.Single(reader.ReadRecords("node-1", 1, null).Select(r => AuditRecordCodec.Decode(r.Encoded).Record), r => r.Source == AuditSource.KmipRequest);

        Assert.Equal(("UndecodableMessage", "OperationFailed", "InvalidMessage"), (refused.Operation, refused.ResultStatus, refused.ResultReason));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(server.AdminCertificate.RawData)), refused.CertificateFingerprint, ignoreCase: true);
        Assert.Null(refused.BatchItemIndex);
    }

    private static byte[] PublicKey(string pemFile)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pemFile));
        return key.ExportSubjectPublicKeyInfo();
    }
}
