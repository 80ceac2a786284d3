using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Clavis.Integration.Tests.Support;
using Clavis.Server.Tls;

namespace Clavis.Client.Tests.Support;

/// <summary>
/// Several real nodes, each with its own data folder, sharing one set of TLS files: one CA, one admin certificate,
/// one server certificate naming localhost, 127.0.0.1 and kmip1.clavis.test, kmip2.clavis.test, ... (for DNS SRV
/// targets). A node can be stopped and started again on the same port.
/// </summary>
public sealed class ServerGroup : IAsyncDisposable
{
    private readonly TemporaryDirectory _tls = new();
    private readonly ServerFixture?[] _nodes;
    private readonly int[] _ports;
    private readonly X509Certificate2 _admin;
    private readonly X509Certificate2 _ca;

    private ServerGroup(int count)
    {
        _nodes = new ServerFixture?[count];
        _ports = new int[count];
        using CertificateAuthority ca = CertificateAuthority.Create("Clavis test group CA", TimeSpan.FromDays(2));
        IEnumerable<string> names = ["localhost", .. Enumerable.Range(0, count).Select(HostName)];
        using X509Certificate2 server = ca.IssueServer("kmip.clavis.test", names, [IPAddress.Loopback], TimeSpan.FromDays(1));
        using X509Certificate2 admin = ca.IssueClient("admin", "administrators", TimeSpan.FromDays(1));
        Write(ca.Certificate, "ca");
        Write(server, "server");
        Write(admin, "admin");
        _admin = X509Certificate2.CreateFromPemFile(Path.Combine(_tls.Path, "admin.pem"), Path.Combine(_tls.Path, "admin.key"));
        _ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_tls.Path, "ca.pem"));
    }

    public int Count => _nodes.Length;

    /// <summary>The name the shared server certificate carries for node <paramref name="index"/>.</summary>
    public static string HostName(int index) => $"kmip{index + 1}.clavis.test";

    /// <summary>Starts <paramref name="count"/> nodes on free ports.</summary>
    public static async Task<ServerGroup> StartAsync(int count)
    {
        var group = new ServerGroup(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                await group.StartNodeAsync(i);
            }

            return group;
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
    }

    /// <summary>The KMIP port of node <paramref name="index"/> (kept across stops).</summary>
    public int Port(int index) => _ports[index];

    /// <summary>Node <paramref name="index"/> at 127.0.0.1.</summary>
    public KmipServerEndpoint Endpoint(int index) => new("127.0.0.1", _ports[index]);

    /// <summary>Node <paramref name="index"/> (running or stopped).</summary>
    public ServerFixture Node(int index) => _nodes[index] ?? throw new InvalidOperationException($"node {index} never started");

    /// <summary>Options as the admin, trusting the group's CA, with no server set.</summary>
    public KmipClientOptions Options() => new() { ClientCertificate = _admin, TrustedCaCertificates = { _ca } };

    /// <summary>Options as the admin for the given nodes at 127.0.0.1, in this order.</summary>
    public KmipClientOptions Options(params int[] nodes)
    {
        KmipClientOptions options = Options();
        foreach (int node in nodes)
        {
            options.Servers.Add(Endpoint(node));
        }

        return options;
    }

    /// <summary>Puts the group's TLS files into a data folder's certs/, for a node started some other way (a child process).</summary>
    public void CopyTlsInto(string dataDirectory)
    {
        string certs = Path.Combine(dataDirectory, "certs");
        Directory.CreateDirectory(certs);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(certs, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (string file in Directory.GetFiles(_tls.Path))
        {
            string copy = Path.Combine(certs, Path.GetFileName(file));
            File.Copy(file, copy, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }

    /// <summary>Stops node <paramref name="index"/>: its listener closes and its sessions are cut.</summary>
    public Task StopAsync(int index) => Node(index).StopAsync();

    /// <summary>Starts node <paramref name="index"/> again on its port and data folder.</summary>
    public Task StartAgainAsync(int index) => Node(index).InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (ServerFixture? node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        _admin.Dispose();
        _ca.Dispose();
        _tls.Dispose();
    }

    private async Task StartNodeAsync(int index)
    {
        _nodes[index] = await ServerFixture.StartAsync(settings =>
        {
            // The node finds its TLS files in place and creates none of its own.
            CopyTlsInto(settings.Data);

            // Started again: the same port, so the client's list still names it.
            if (_ports[index] != 0)
            {
                settings.KmipPort = _ports[index];
            }
        });
        _ports[index] = _nodes[index]!.KmipEndPoint.Port;
    }

    private void Write(X509Certificate2 certificate, string name)
    {
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(_tls.Path, name + ".key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_tls.Path, name + ".pem"), certificate.ExportCertificatePem() + "\n");
    }
}
