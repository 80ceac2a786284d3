using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Messages;
using Clavis.Server.Tls;
using Microsoft.Data.Sqlite;

namespace Clavis.Integration.Tests;

/// <summary>
/// A server killed with SIGKILL in the middle of a stream of Creates loses no acknowledged object, and its
/// database passes SQLite's integrity check.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Connections = 4;
    private const int AcknowledgedBeforeKill = 80;

    [Fact]
    public async Task Every_acknowledged_Create_survives_a_SIGKILL_mid_stream()
    {
        using var data = new TemporaryDirectory("clavis-crash-");
        var acknowledged = new ConcurrentBag<string>();
        using (ClavisProcess first = await ClavisProcess.StartAsync(data.Path))
        {
            var tls = new TlsMaterialFiles(data.Path);
            using X509Certificate2 admin = X509Certificate2.CreateFromPemFile(tls.AdminCertificate, tls.AdminKey);
            using X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(tls.CaCertificate);
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task[] streams = [.. Enumerable.Range(0, Connections).Select(_ => Task.Run(async () =>
            {
                await using KmipTestClient client = await KmipTestClient.ConnectAsync(first.KmipEndPoint, admin, ca);
                try
                {
                    while (true)
                    {
                        ResponseMessage response = await client.SendAsync(Requests.Message(Requests.CreateAes(128)));
                        acknowledged.Add(Responses.Success<CreateResponsePayload>(response).UniqueIdentifier!);
                        if (acknowledged.Count >= AcknowledgedBeforeKill)
                        {
                            enough.TrySetResult();
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or Clavis.Kmip.Ttlv.TtlvFormatException)
                {
                    // The server died under the stream: the request in flight was never acknowledged.
                }
            }))];

            Task winner = await Task.WhenAny(enough.Task, Task.WhenAll(streams));
            Assert.True(winner == enough.Task, $"the streams ended before {AcknowledgedBeforeKill} acknowledgements: {first.Output}");
            first.Kill();
            await Task.WhenAll(streams).WaitAsync(KmipTestClient.Timeout);
        }

        Assert.Equal("ok", IntegrityCheck(Path.Combine(data.Path, "clavis.db")));
        using (ClavisProcess second = await ClavisProcess.StartAsync(data.Path))
        {
            var tls = new TlsMaterialFiles(data.Path);
            using X509Certificate2 admin = X509Certificate2.CreateFromPemFile(tls.AdminCertificate, tls.AdminKey);
            using X509Certificate2 ca = X509CertificateLoader.LoadCertificateFromFile(tls.CaCertificate);
            await using KmipTestClient client = await KmipTestClient.ConnectAsync(second.KmipEndPoint, admin, ca);
            foreach (string id in acknowledged)
            {
                var got = Responses.Success<GetResponsePayload>(await client.SendAsync(Requests.Message(new GetRequestPayload { UniqueIdentifier = id })));
                Assert.Equal(id, got.UniqueIdentifier);
                Assert.IsType<SymmetricKey>(got.Object);
            }
        }

        Assert.Equal("ok", IntegrityCheck(Path.Combine(data.Path, "clavis.db")));
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
