using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using Clavis.Core.Ports;
using Clavis.Seals.KeyFile;
using Clavis.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace Clavis.Cli;

/// <summary>
/// <c>clavis serve</c>: runs a node on its embedded default (SQLite, key-file seal, self-generated TLS
/// material) until SIGINT or SIGTERM, then drains and stops.
/// </summary>
public static class ServeCommand
{
    /// <summary>Exit code when the configuration is wrong.</summary>
    public const int ConfigurationError = 2;

    /// <summary>Exit code when the node could not start (seal, store, port).</summary>
    public const int StartFailure = 3;

    /// <summary>Builds the command: one flag per setting, plus --config and --prompt-passphrase.</summary>
    public static Command Create()
    {
        var command = new Command("serve", "Run the KMIP server. With no options: ./clavis-data, SQLite, self-generated certificates, port 5696.");
        var config = new Option<string?>("--config") { Description = "A JSON settings file (default: DATA/clavis.json when present)." };
        var prompt = new Option<bool>("--prompt-passphrase") { Description = "Ask for the passphrase that seals the master key (else CLAVIS_PASSPHRASE, else development mode)." };
        command.Options.Add(config);
        command.Options.Add(prompt);
        var settingOptions = new List<(PropertyInfo Property, Option<string?> Option)>();
        foreach (PropertyInfo property in ClavisSettings.Properties)
        {
            var option = new Option<string?>("--" + ClavisSettings.FlagName(property.Name))
            {
                Description = property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description
                    ?? $"Setting {property.Name} (env {ClavisSettings.EnvironmentName(property.Name)}).",
            };
            command.Options.Add(option);
            settingOptions.Add((property, option));
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            var flags = new Dictionary<string, string>();
            foreach ((PropertyInfo property, Option<string?> option) in settingOptions)
            {
                if (parse.GetValue(option) is string value)
                {
                    flags[property.Name] = value;
                }
            }

            ClavisSettings settings;
            try
            {
                settings = ClavisSettings.Load(parse.GetValue(config), ReadEnvironment(), flags);
            }
            catch (FormatException ex)
            {
                error.WriteLine($"clavis serve: {ex.Message}");
                return ConfigurationError;
            }

            char[]? passphrase = ResolvePassphrase(settings, parse.GetValue(prompt), error);
            if (passphrase is null && KeyFileSeal.IsSealedByPassphrase(Path.Combine(settings.Data, "master.key")))
            {
                error.WriteLine("clavis serve: the master key file is sealed by a passphrase: set CLAVIS_PASSPHRASE or use --prompt-passphrase");
                return StartFailure;
            }

            return await RunAsync(settings, passphrase, output, error, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(ClavisSettings settings, char[]? passphrase, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        LogLevel level = Enum.TryParse(settings.LogLevel, ignoreCase: true, out LogLevel parsed) ? parsed : LogLevel.Information;
        using ILoggerFactory loggers = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(level)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss ";
            }));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        ClavisHost host;
        try
        {
            host = await ClavisHost.StartAsync(new ClavisHostOptions { Settings = settings, Passphrase = passphrase }, loggers, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SealException or StoreUnavailableException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"clavis serve: cannot start: {ex.Message}");
            return StartFailure;
        }

        await using (host.ConfigureAwait(false))
        {
            PrintNextSteps(host, output);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("Stopping: finishing in-flight requests…");
            }

            await host.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }

    private static void PrintNextSteps(ClavisHost host, TextWriter output)
    {
        var tls = host.Tls;
        string kmip = host.KmipEndPoint.ToString();
        output.WriteLine();
        output.WriteLine($"Clavis {ClavisCommand.Version} is serving KMIP 1.0–2.1 on {kmip} (TLS 1.2/1.3, client certificate required).");
        output.WriteLine($"  data folder    {Path.GetFullPath(host.Settings.Data)} (SQLite: {host.DatabasePath})");
        output.WriteLine($"  master key     {host.Seal.Description}");
        if (host.Seal.IsDevelopmentMode)
        {
            output.WriteLine("                 !! DEVELOPMENT MODE: anyone who can read this file can read every key. For real use, start");
            output.WriteLine("                 !! with a new data folder and CLAVIS_PASSPHRASE set (or --prompt-passphrase).");
        }

        output.WriteLine($"  CA certificate {tls.CaCertificate}{(host.CreatedTlsMaterial ? "   (created now)" : "")}");
        output.WriteLine($"  admin client   {tls.AdminCertificate} + {tls.AdminKey}  (PKCS#12: {tls.AdminPkcs12})");
        if (host.HttpsPort is int https)
        {
            output.WriteLine($"  health         https://{host.Settings.Listen}:{https}/health");
        }

        output.WriteLine();
        output.WriteLine("Connect with PyKMIP (Debian: apt-get install python3-pykmip):");
        output.WriteLine("  /usr/bin/python3 -c '");
        output.WriteLine("from kmip.pie.client import ProxyKmipClient");
        output.WriteLine("from kmip.core import enums");
        output.WriteLine($"c = ProxyKmipClient(hostname=\"{host.KmipEndPoint.Address}\", port={host.KmipEndPoint.Port}, cert=\"{tls.AdminCertificate}\", key=\"{tls.AdminKey}\", ca=\"{tls.CaCertificate}\", config_file=\"/dev/null\")");
        output.WriteLine("c.open(); uid = c.create(enums.CryptographicAlgorithm.AES, 256); print(uid, c.get(uid)); c.close()'");
        output.WriteLine();
        output.WriteLine("With the CLI (docs/getting-started.md):");
        output.WriteLine($"  clavis profile add --server {kmip} --ca {tls.CaCertificate} --cert {tls.AdminCertificate} --key {tls.AdminKey}");
        output.WriteLine("  clavis key create --algorithm AES --name my-first-key --activate               # then clavis encrypt|decrypt --key name:my-first-key");
        output.WriteLine($"  clavis cert issue --data {host.Settings.Data} --name app1 --group apps   # a client certificate for an application");
        output.WriteLine("  clavis kmip describe capture.hex                                           # read a captured TTLV message");
        output.WriteLine();
        output.WriteLine("Stop with Ctrl+C (in-flight requests finish first).");
    }

    private static char[]? ResolvePassphrase(ClavisSettings settings, bool prompt, TextWriter error)
    {
        if (Environment.GetEnvironmentVariable("CLAVIS_PASSPHRASE") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.ToCharArray();
        }

        bool sealedFile = KeyFileSeal.IsSealedByPassphrase(Path.Combine(settings.Data, "master.key"));
        if (!prompt && !sealedFile)
        {
            return null;
        }

        if (Console.IsInputRedirected)
        {
            error.WriteLine("clavis serve: a passphrase is needed but standard input is not a terminal; set CLAVIS_PASSPHRASE");
            return null;
        }

        return PassphrasePrompt.Read("Passphrase for the master key: ");
    }

    private static Dictionary<string, string> ReadEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && key.StartsWith("CLAVIS_", StringComparison.Ordinal) && entry.Value is string value)
            {
                environment[key] = value;
            }
        }

        return environment;
    }
}
