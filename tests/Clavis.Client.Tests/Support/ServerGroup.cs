using System.Net;
using System.Net.Sockets;
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

    /// <summary>
    /// Starts node <paramref name="index"/> again on its port and data folder. A socket of a parallel test may hold the
    /// port for a moment (the group picks ports outside the kernel's ephemeral range, so only another explicit bind
    /// can), so a bind refused as in use is tried again for a few seconds.
    /// </summary>
    public async Task StartAgainAsync(int index)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await Node(index).InitializeAsync();
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

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

    // A node keeps its port across a stop so that the client's list still names it. A port the kernel hands out to
    // port-0 listeners and client sockets (the ephemeral range, 32768-60999 on Linux) could be taken by a parallel
    // test while the node is down, and the restart would fail with "Address already in use"; so the group picks its
    // ports below that range, checked free, and picks again if another test bound the same one first.
    private async Task StartNodeAsync(int index)
    {
        for (int attempt = 0; ; attempt++)
        {
            int port = PortBelowEphemeralRange();
            try
            {
                _nodes[index] = await ServerFixture.StartAsync(settings =>
                {
                    // The node finds its TLS files in place and creates none of its own.
                    CopyTlsInto(settings.Data);
                    settings.KmipPort = port;
                });
                _ports[index] = _nodes[index]!.KmipEndPoint.Port;
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
            }
        }
    }

    private static int PortBelowEphemeralRange()
    {
        int lowest = 32768;
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0], out int first))
        {
            lowest = first;
        }

        int floor = Math.Max(1024, lowest - 12_000);
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int port = Random.Shared.Next(floor, lowest);
            try
            {
                using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException($"no free port between {floor} and {lowest}");
    }

    private void Write(X509Certificate2 certificate, string name)
    {
        using ECDsa key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(_tls.Path, name + ".key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_tls.Path, name + ".pem"), certificate.ExportCertificatePem() + "\n");
    }
}
