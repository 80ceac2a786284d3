using System.Net;
using System.Security.Cryptography.X509Certificates;
using Clavis.Audit;
using Clavis.Core.Administration;
using Clavis.Core.Audit;
using Clavis.Core.Barrier;
using Clavis.Core.Identity;
using Clavis.Core.Identity.Registry;
using Clavis.Core.Lifecycle;
using Clavis.Core.Operations;
using Clavis.Core.Operations.Handlers;
using Clavis.Core.Ports;
using Clavis.Crypto.Asymmetric;
using Clavis.Kmip.Ttlv;
using Clavis.Seals.KeyFile;
using Clavis.Server.Dispatch;
using Clavis.Server.Listener;
using Clavis.Server.Tls;
using Clavis.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clavis.Server.Hosting;

/// <summary>
/// The composition root of a Clavis node on its embedded default: a data folder with a SQLite store,
/// a key-file seal, self-generated TLS material, the KMIP listener and the HTTPS endpoint.
/// </summary>
public sealed class ClavisHost : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly List<Func<ValueTask>> _shutdown = [];
    private readonly CancellationTokenSource _stopping = new();
    private KmipListener? _listener;
    private AuditAdministration? _auditAdministration;
    private int _stopped;

    private ClavisHost(ClavisSettings settings, ILoggerFactory loggers)
    {
        Settings = settings;
        Loggers = loggers;
        _logger = loggers.CreateLogger<ClavisHost>();
        Tls = new TlsMaterialFiles(settings.Data);
    }

    /// <summary>The settings in force.</summary>
    public ClavisSettings Settings { get; }

    /// <summary>The loggers.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>The TLS files of the data folder.</summary>
    public TlsMaterialFiles Tls { get; }

    /// <summary>True when the TLS material was created by this start.</summary>
    public bool CreatedTlsMaterial { get; private set; }

    /// <summary>The seal holding the master key.</summary>
    public ISeal Seal { get; private set; } = null!;

    /// <summary>The object store.</summary>
    public IObjectStore Store { get; private set; } = null!;

    /// <summary>The database file.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(Settings.Data), "clavis.db");

    /// <summary>The key file.</summary>
    public string KeyFilePath => Path.Combine(Path.GetFullPath(Settings.Data), "master.key");

    /// <summary>The folder holding a copy of each audit checkpoint signing key's public key (<c>KEYID.pem</c>), the verifier's trust anchors.</summary>
    public string AuditKeysDirectory => Path.Combine(Path.GetFullPath(Settings.Data), "audit-keys");

    /// <summary>The file each audit checkpoint is copied to, outside the database (<see cref="ClavisSettings.AuditCheckpointCopyPath"/>).</summary>
    public string AuditCheckpointCopyPath => Settings.AuditCheckpointCopyPath is { Length: > 0 } path
        ? Path.GetFullPath(path)
        : Path.Combine(Path.GetFullPath(Settings.Data), "audit-checkpoints.jsonl");

    /// <summary>The folder audit archives are written to (<see cref="ClavisSettings.AuditArchiveDirectory"/>).</summary>
    public string AuditArchiveDirectory => Settings.AuditArchiveDirectory is { Length: > 0 } path
        ? Path.GetFullPath(path)
        : Path.Combine(Path.GetFullPath(Settings.Data), "audit-archives");

    /// <summary>What the request path works with (store, barrier, clock, access policy); null before start.</summary>
    public KmipServices Services { get; private set; } = null!;

    /// <summary>Signs the audit chain's head; null before start.</summary>
    public AuditCheckpointSigner? AuditSigner { get; private set; }

    /// <summary>Where the KMIP listener is bound.</summary>
    public IPEndPoint KmipEndPoint => _listener?.LocalEndPoint ?? throw new InvalidOperationException("not started");

    /// <summary>Where the HTTPS endpoint is bound, or null when disabled.</summary>
    public int? HttpsPort { get; private set; }

    /// <summary>Starts a node. On failure, everything started so far is stopped again and the exception propagates.</summary>
    /// <exception cref="SealException">The key file cannot be opened (wrong or missing passphrase, damage).</exception>
    /// <exception cref="StoreUnavailableException">The database cannot be opened.</exception>
    /// <exception cref="DataFolderInUseException">Another Clavis process holds the data folder.</exception>
    public static async Task<ClavisHost> StartAsync(ClavisHostOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var host = new ClavisHost(options.Settings, loggers);
        try
        {
            await host.StartCoreAsync(options, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (options.Passphrase is not null)
            {
                Array.Clear(options.Passphrase);
            }
        }
    }

    /// <summary>Stops accepting, drains in-flight requests, stops the scheduler, and closes store and seal.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        for (int i = _shutdown.Count - 1; i >= 0; i--)
        {
            try
            {
                await _shutdown[i]().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Keep closing the rest: a failing step must not leave the store or seal open.
                _logger.LogError(ex, "shutdown step failed");
            }
        }

        _logger.LogInformation("Clavis stopped");
    }

    /// <summary>Stops (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task StartCoreAsync(ClavisHostOptions options, CancellationToken cancellationToken)
    {
        ClavisSettings settings = options.Settings;
        string data = Path.GetFullPath(settings.Data);
        Directory.CreateDirectory(data);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Before anything is opened: a second process writing this folder's database would collide with our writer.
        DataFolderLock folderLock = DataFolderLock.Acquire(data);
        _shutdown.Add(() =>
        {
            folderLock.Dispose();
            return ValueTask.CompletedTask;
        });
        CreatedTlsMaterial = Tls.EnsureCreated();

        var seal = KeyFileSeal.Open(new KeyFileSealOptions { Path = KeyFilePath, Passphrase = options.Passphrase });
        Seal = seal;
        _shutdown.Add(() =>
        {
            seal.Dispose();
            return ValueTask.CompletedTask;
        });
        if (seal.IsDevelopmentMode)
        {
            _logger.LogWarning("DEVELOPMENT MODE: the master key is kept unsealed in {KeyFile}; set CLAVIS_PASSPHRASE before the first start to seal it", KeyFilePath);
        }

        SqliteObjectStore store = SqliteObjectStore.Open(new SqliteStoreOptions
        {
            Path = DatabasePath,
            ObjectCacheCapacity = settings.ObjectCacheSize,
            AuditSpool = settings.AuditSpool,
            AuditSpoolFailed = failure => _logger.LogError(failure, "Audit spool failed: {Reason}", failure.Message),
        });
        Store = store;
        _shutdown.Add(store.DisposeAsync);
        if (store.AuditRecordsRecoveredFromSpool > 0)
        {
            _logger.LogWarning("{Count} audit records acknowledged before the last stop were moved from the audit spool into the database", store.AuditRecordsRecoveredFromSpool);
        }

        KeyMaterialBarrier barrier = await KeyMaterialBarrier.OpenAsync(seal, store, cancellationToken).ConfigureAwait(false);
        _shutdown.Add(() =>
        {
            barrier.Dispose();
            return ValueTask.CompletedTask;
        });

        IClock clock = options.Clock ?? SystemClock.Instance;
        // RSA-2048 generation takes ~290 ms of CPU (DESIGN.md); the pool keeps a few pairs ready. Disposing it zeroes them.
        var rsaKeyPool = new RsaKeyPool(new RsaKeyPoolOptions { CapacityPerSize = Math.Max(0, settings.RsaKeyPoolSize) });
        _shutdown.Add(() =>
        {
            rsaKeyPool.Dispose();
            return ValueTask.CompletedTask;
        });
        var services = new KmipServices(store, barrier, clock, new KmipServerOptions
        {
            NodeId = settings.NodeId,
            PurgeRetention = TimeSpan.FromDays(settings.PurgeRetentionDays),
            ServerVersion = typeof(ClavisHost).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        })
        {
            RsaKeyPool = rsaKeyPool,
        };
        Services = services;
        _shutdown.Add(() =>
        {
            // Opened private keys are zeroed with the rest of the key material.
            services.OpenedKeys.Dispose();
            return ValueTask.CompletedTask;
        });
        await StartAuditAsync(services, store, TimeSpan.FromSeconds(Math.Max(1, settings.AuditCheckpointIntervalSeconds)), options.WritesRequestAuditRecords, cancellationToken).ConfigureAwait(false);
        var asynchronous = new AsynchronousOperations();
        BatchExecutor? executor = null;
        IReadOnlyList<IOperationHandler> handlers = KmipHandlerCatalog.Create(asynchronous, () => executor!.Operations, services);
        executor = new BatchExecutor(handlers, services, asynchronous, Loggers.CreateLogger<BatchExecutor>()) { WritesAuditRecords = options.WritesRequestAuditRecords };
        StartScheduler(services, TimeSpan.FromSeconds(Math.Max(1, settings.SchedulerIntervalSeconds)));

        PrincipalRegistry registry = await StartPrincipalRegistryAsync(services, TimeSpan.FromMilliseconds(settings.PrincipalRefreshMilliseconds), cancellationToken).ConfigureAwait(false);
        var principals = new PrincipalResolver(registry, new PrincipalResolverOptions
        {
            VerificationCacheCapacity = settings.CredentialCacheSize,
            UnknownNameCost = settings.PasswordHashCost,
        });
        _shutdown.Add(() =>
        {
            principals.Dispose();
            return ValueTask.CompletedTask;
        });

        X509Certificate2 serverCertificate = Tls.LoadServerCertificate();
        X509Certificate2 ca = Tls.LoadCaCertificate();
        var dispatcher = new KmipDispatcher(executor, principals, new KmipDispatcherOptions
        {
            ReaderOptions = new TtlvReaderOptions { MaxMessageSize = settings.MaxMessageSize },
            ClientCertificateAuthorities = [ca],
        }, clock, Loggers.CreateLogger<KmipDispatcher>());
        IPAddress address = IPAddress.Parse(settings.Listen);
        _listener = new KmipListener(
            new KmipListenerOptions
            {
                EndPoint = new IPEndPoint(address, settings.KmipPort),
                ServerCertificate = serverCertificate,
                ClientCertificateAuthorities = [ca],
                MaxMessageSize = settings.MaxMessageSize,
                MaxConnections = settings.MaxConnections,
                IdleTimeout = TimeSpan.FromSeconds(settings.IdleTimeoutSeconds),
                SessionLifetime = TimeSpan.FromSeconds(settings.SessionLifetimeSeconds),
                MaxMessagesPerSession = settings.MaxMessagesPerSession > 0 ? settings.MaxMessagesPerSession : long.MaxValue,
                MaxPipelinedMessages = settings.MaxPipelinedMessages,
            },
            dispatcher,
            Loggers.CreateLogger<KmipListener>());
        _listener.Start();
        KmipListener listener = _listener;
        _shutdown.Add(listener.DisposeAsync);

        if (settings.HttpsPort >= 0)
        {
            await StartHttpsAsync(address, settings.HttpsPort, serverCertificate, ca, new ObjectAdministration(services), new ProfileAdministration(services), new MasterKeyAdministration(services), seal,
                new PrincipalAdministration(services, registry, settings.PasswordHashCost), cancellationToken).ConfigureAwait(false);
        }

        _logger.LogInformation("Clavis {Version} serving KMIP on {KmipEndPoint}; data in {Data}; master key: {Seal}",
            services.Options.ServerVersion, KmipEndPoint, data, seal.Description);
    }

    // The journal records the node's start and stop; the chain head is signed at an interval and, after the
    // listener has drained (shutdown runs in reverse), once more at stop, so the last requests are covered.
    // A benchmark node without request records says so in its Start record, so its journal cannot pass for complete.
    private async Task StartAuditAsync(KmipServices services, SqliteObjectStore store, TimeSpan interval, bool writesRequestAuditRecords, CancellationToken cancellationToken)
    {
        AuditCheckpointSigner signer = await AuditCheckpointSigner.OpenAsync(
            services.Store, services.Barrier, services.Clock, services.Options.NodeId, Loggers.CreateLogger<AuditCheckpointSigner>(), cancellationToken).ConfigureAwait(false);
        AuditSigner = signer;
        signer.Copy = new AuditCheckpointCopy(AuditCheckpointCopyPath, Loggers.CreateLogger<AuditCheckpointCopy>());
        signer.PublicKeyFolder = AuditKeysDirectory;
        AuditPublicKeyFiles.Write(AuditKeysDirectory, signer.KeyId, signer.PublicKey);
        if (Settings.AuditSigningKeyRotateDays > 0)
        {
            signer.AutomaticRotation = new AuditSigningKeyRotationSchedule(TimeSpan.FromDays(Settings.AuditSigningKeyRotateDays), store,
                handover => ServerRecord(services, AuditAdministration.RotateOperation, $"audit signing key {handover.OldKeyId} handed over to {handover.NewKeyId} ({Settings.AuditSigningKeyRotateDays} days old)"));
        }

        var administration = new AuditAdministration(new AuditAdministrationOptions
        {
            NodeId = services.Options.NodeId,
            Journal = services.Store,
            Clock = services.Clock,
            OpenReader = () => SqliteAuditReader.Open(DatabasePath),
            FlushJournal = store.FlushAuditSpoolAsync,
            TrustedKeysFolder = AuditKeysDirectory,
            CheckpointCopyPath = AuditCheckpointCopyPath,
            ArchiveStore = store,
            ArchiveFolder = AuditArchiveDirectory,
            Signer = signer,
            SigningKeyStore = store,
        });
        _auditAdministration = administration;
        _shutdown.Add(() =>
        {
            administration.Dispose();
            return ValueTask.CompletedTask;
        });
        string? startNote = signer.Created ? $"audit checkpoint signing key {signer.KeyId} created" : null;
        if (!writesRequestAuditRecords)
        {
            const string unrecorded = "KMIP requests write no audit records (benchmark host)";
            _logger.LogWarning("{Unrecorded}", unrecorded);
            startNote = startNote is null ? unrecorded : $"{startNote}; {unrecorded}";
        }

        await services.Store.AppendAsync([ServerRecord(services, "Start", startNote)], cancellationToken).ConfigureAwait(false);
        if (await ConfigurationJournal.RecordAsync(services, Settings, cancellationToken).ConfigureAwait(false) is string configuration)
        {
            _logger.LogInformation("Configuration recorded in the audit journal: {Configuration}", configuration);
        }

        await signer.RotateIfDueAsync(cancellationToken).ConfigureAwait(false);
        Task loop = Task.Run(() => signer.RunAsync(interval, _stopping.Token));
        _shutdown.Add(async () =>
        {
            try
            {
                await _stopping.CancelAsync().ConfigureAwait(false);
                await loop.ConfigureAwait(false);
                await services.Store.AppendAsync([ServerRecord(services, "Stop", null)], CancellationToken.None).ConfigureAwait(false);
                await signer.CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                signer.Dispose();
            }
        });
    }

    private static AuditRecord ServerRecord(KmipServices services, string action, string? message) => new()
    {
        Time = services.Clock.UtcNow,
        NodeId = services.Options.NodeId,
        Source = AuditSource.Server,
        Operation = action,
        ResultStatus = nameof(Kmip.ResultStatus.Success),
        Message = message,
    };

    // The registry is loaded before the listener accepts anyone, then checked for other nodes' changes at an interval.
    private async Task<PrincipalRegistry> StartPrincipalRegistryAsync(KmipServices services, TimeSpan interval, CancellationToken cancellationToken)
    {
        var registry = new PrincipalRegistry(services.Store, Loggers.CreateLogger<PrincipalRegistry>());
        await registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        Task loop = Task.Run(() => registry.RunAsync(interval, _stopping.Token));
        _shutdown.Add(async () =>
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
            registry.Dispose();
        });
        return registry;
    }

    // Dates (activation, deactivation) take effect and destroyed objects are purged without any request.
    private void StartScheduler(KmipServices services, TimeSpan interval)
    {
        var scheduler = new LifecycleScheduler(services, Loggers.CreateLogger<LifecycleScheduler>());
        Task loop = Task.Run(() => scheduler.RunAsync(interval, _stopping.Token));
        _shutdown.Add(async () =>
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        });
    }

    // Client certificates on the HTTPS port are held to the same rule as on the KMIP port.
    private static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(client);
    }

    private async Task StartHttpsAsync(IPAddress address, int port, X509Certificate2 certificate, X509Certificate2 ca, ObjectAdministration administration, ProfileAdministration profiles, MasterKeyAdministration masterKey, KeyFileSeal seal,
        PrincipalAdministration principals, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Loggers);
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificate,
                // Health needs no certificate; the admin API checks for one (AdminEndpoints).
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (client, _, _) => ChainsTo(client, ca),
            }));
        });
        WebApplication web = builder.Build();
        web.MapGet("/health", async (HttpContext context) =>
        {
            long objects = await Store.CountAsync(context.RequestAborted).ConfigureAwait(false);
            AuditCheckpointCopy? copy = AuditSigner?.Copy;
            return Results.Json(
                new HealthReport("ok", KmipEndPoint.Port, seal.IsDevelopmentMode ? "development" : "sealed", objects, copy?.LastFailure is null ? "ok" : "failing", copy?.Failures ?? 0),
                HealthJsonContext.Default.HealthReport);
        });
        AdminEndpoints.Map(web, administration, profiles, masterKey);
        AdminEndpoints.MapPrincipals(web, principals);
        PolicyEndpoints.Map(web, new PolicyAdministration(Services), administration);
        AuditAdminEndpoints.Map(web, _auditAdministration!);
        await web.StartAsync(cancellationToken).ConfigureAwait(false);
        HttpsPort = new Uri(web.Urls.First()).Port;
        _shutdown.Add(async () =>
        {
            await web.StopAsync().ConfigureAwait(false);
            await web.DisposeAsync().ConfigureAwait(false);
        });
    }
}
