using System.Net;
using System.Security.Cryptography.X509Certificates;
using Clavis.Core.Ports;
using Clavis.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Integration.Tests.Support;

/// <summary>
/// A real Clavis node (SQLite, key-file seal, self-made TLS material) on 127.0.0.1 with free KMIP and
/// HTTPS ports, in a temporary data folder that is deleted when the fixture is disposed.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();
    private readonly Action<ClavisSettings>? _configure;
    private readonly IClock? _clock;
    private readonly Microsoft.Extensions.Logging.ILoggerFactory _loggers;
    private readonly Func<ClavisHostOptions, ClavisHostOptions>? _hostOptions;
    private ClavisHost? _host;
    private X509Certificate2? _admin;
    private X509Certificate2? _ca;

    public ServerFixture()
        : this(null, null, null, null)
    {
    }

    private ServerFixture(Action<ClavisSettings>? configure, IClock? clock, Microsoft.Extensions.Logging.ILoggerFactory? loggers, Func<ClavisHostOptions, ClavisHostOptions>? hostOptions)
    {
        _hostOptions = hostOptions;
        _configure = configure;
        _clock = clock;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    public ClavisHost Host => _host ?? throw new InvalidOperationException("the server is not running");

    public string DataDirectory => _data.Path;

    /// <summary>
    /// Moves the audit records the node holds in its audit spool into its database, so that a reader of the database
    /// file (what an offline <c>clavis audit</c> does) sees every record acknowledged so far.
    /// </summary>
    public Task FlushAuditSpoolAsync() => ((Clavis.Storage.Sqlite.SqliteObjectStore)Host.Store).FlushAuditSpoolAsync(CancellationToken.None);

    public IPEndPoint KmipEndPoint => Host.KmipEndPoint;

    /// <summary>The admin client certificate with its key, issued by the data folder's CA.</summary>
    public X509Certificate2 AdminCertificate => _admin ??= X509Certificate2.CreateFromPemFile(Host.Tls.AdminCertificate, Host.Tls.AdminKey);

    /// <summary>The data folder's CA, the only root clients trust.</summary>
    public X509Certificate2 CaCertificate => _ca ??= X509CertificateLoader.LoadCertificateFromFile(Host.Tls.CaCertificate);

    /// <summary>
    /// Starts a node of its own for one test; the caller disposes it. <paramref name="hostOptions"/> changes the host's
    /// options beyond the settings (this file is shared with test projects that do not see the host's internals).
    /// </summary>
    public static async Task<ServerFixture> StartAsync(Action<ClavisSettings>? configure = null, IClock? clock = null, Microsoft.Extensions.Logging.ILoggerFactory? loggers = null,
        Func<ClavisHostOptions, ClavisHostOptions>? hostOptions = null)
    {
        var fixture = new ServerFixture(configure, clock, loggers, hostOptions);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        var settings = new ClavisSettings { Data = _data.Path, Listen = "127.0.0.1", KmipPort = 0, HttpsPort = 0 };
        Configure(settings);
        _configure?.Invoke(settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ClavisHostOptions { Settings = settings, Clock = _clock };
        _host = await ClavisHost.StartAsync(_hostOptions?.Invoke(options) ?? options, _loggers, timeout.Token);
    }

    /// <summary>Stops the node and starts it again on the same data folder (and the same clock).</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _host = null;
        await InitializeAsync();
    }

    /// <summary>Stops the node and keeps the data folder (for tests that look at it afterwards).</summary>
    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _admin?.Dispose();
            _ca?.Dispose();
            _data.Dispose();
        }
    }

    /// <summary>Opens a session as the admin client.</summary>
    public Task<KmipTestClient> ConnectAsync() => KmipTestClient.ConnectAsync(KmipEndPoint, AdminCertificate, CaCertificate);

    /// <summary>Settings a derived fixture changes (the data folder and ports are already set).</summary>
    protected virtual void Configure(ClavisSettings settings)
    {
    }
}
