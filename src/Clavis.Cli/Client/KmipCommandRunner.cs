using System.CommandLine;
using System.Net.Sockets;
using System.Security.Authentication;
using Clavis.Client;
using Clavis.Kmip;

namespace Clavis.Cli.Client;

/// <summary>
/// Runs one KMIP client command: resolves the connection, opens the SDK client on first use, and turns every failure
/// into one sentence on standard error and its exit code (0 ok, 1 refused or invalid, 2 usage, 3 unreachable).
/// </summary>
internal static class KmipCommandRunner
{
    public static void SetAction(Command command, string name, KmipCommandOptions options, Func<KmipCommandContext, Task<int>> action)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            KmipConnectionSettings? settings = null;
            try
            {
                settings = options.Resolve(parse);
                await using var context = new KmipCommandContext(parse, settings, parse.GetValue(options.Json), cancellationToken);
                return await action(context).ConfigureAwait(false);
            }
            catch (AdminClientException ex)
            {
                error.WriteLine($"clavis {name}: {ex.Message}");
                return ex.ExitCode;
            }
            catch (KmipOperationException ex)
            {
                error.WriteLine($"clavis {name}: {Describe(ex)}");
                return AdminClientException.Refused;
            }
            catch (KmipConnectionException ex)
            {
                error.WriteLine($"clavis {name}: {Describe(ex, settings)}");
                return AdminClientException.Unreachable;
            }
            catch (TimeoutException ex)
            {
                error.WriteLine($"clavis {name}: no answer in time: {ex.Message}");
                return AdminClientException.Unreachable;
            }
            catch (KmipProtocolException ex)
            {
                error.WriteLine($"clavis {name}: the server's answer is not what KMIP allows: {ex.Message}");
                return AdminClientException.Refused;
            }
            catch (Clavis.Kmip.Versioning.KmipVersionException ex)
            {
                error.WriteLine($"clavis {name}: {ex.Message}");
                return AdminClientException.Refused;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"clavis {name}: {ex.Message}");
                return AdminClientException.UsageError;
            }
        });
    }

    /// <summary>"Permission Denied: the server's message", naming the reason as KMIP spells it.</summary>
    public static string Describe(KmipOperationException ex)
    {
        string reason = ex.ResultReason is { } r ? Spaced(r.ToString()) : Spaced(ex.ResultStatus.ToString());
        return ex.ResultMessage is { Length: > 0 } message ? $"{reason}: {message}" : $"{reason} ({ex.Operation})";
    }

    /// <summary>Splits a PascalCase KMIP name into words: PermissionDenied → Permission Denied.</summary>
    public static string Spaced(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append(' ');
            }

            text.Append(name[i] == '_' ? ' ' : name[i]);
        }

        return text.ToString();
    }

    private static string Describe(KmipConnectionException ex, KmipConnectionSettings? settings)
    {
        string where = $"cannot reach {ex.Endpoint}";
        for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => $"{where}: connection refused (is the server running, on this port?)",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => $"{where}: no such host",
                    SocketError.TimedOut => $"{where}: the connection timed out",
                    SocketError.ConnectionReset => $"{where}: the server closed the connection (TLS refused?)",
                    _ => $"{where}: {socket.Message}",
                };
            }
        }

        if (ex.InnerException is AuthenticationException authentication)
        {
            // .NET says "The remote certificate is invalid …" when our own check of the server's chain failed.
            if (authentication.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase))
            {
                return $"{where}: TLS handshake refused: the server's certificate is not trusted by --ca {settings?.Ca} ({authentication.Message})";
            }

            return $"{where}: TLS handshake refused by the server: it did not accept the client certificate {settings?.Cert ?? settings?.P12} (issued by another CA, expired, or not for client authentication)";
        }

        if (ex.Message.Contains("the session failed", StringComparison.Ordinal) || ex.Message.Contains("closed the session", StringComparison.Ordinal))
        {
            // With TLS 1.3 the server checks the client certificate after the client's handshake completes: its refusal arrives as a closed session.
            return $"{where}: the server closed the TLS session: it did not accept the client certificate {settings?.Cert ?? settings?.P12} (issued by another CA, expired, or not for client authentication) [{ex.Message}]";
        }

        return ex.Message;
    }
}

/// <summary>What a KMIP client command works with: the parse result, the writers, the settings and the SDK client.</summary>
internal sealed class KmipCommandContext : IAsyncDisposable
{
    private KmipClient? _client;

    public KmipCommandContext(ParseResult parse, KmipConnectionSettings settings, bool json, CancellationToken cancellationToken)
    {
        Parse = parse;
        Settings = settings;
        Json = json;
        CancellationToken = cancellationToken;
    }

    public ParseResult Parse { get; }

    public KmipConnectionSettings Settings { get; }

    public bool Json { get; }

    public CancellationToken CancellationToken { get; }

    public TextWriter Output => Parse.InvocationConfiguration.Output;

    public TextWriter Error => Parse.InvocationConfiguration.Error;

    /// <summary>The SDK client, opened on first use.</summary>
    public KmipClient Client => _client ??= new KmipClient(Settings.ToClientOptions());

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>
    /// A key reference as the user wrote it: a Unique Identifier, or <c>name:NAME</c> for the one object with that Name
    /// (an Active one when several carry it).
    /// </summary>
    public async Task<string> ResolveKeyAsync(string reference)
    {
        if (!reference.StartsWith("name:", StringComparison.Ordinal))
        {
            return reference;
        }

        string name = reference["name:".Length..];
        var filter = new KmipLocateFilter { Name = name };
        List<string> found = (await Client.LocateAsync(filter, CancellationToken).ConfigureAwait(false)).UniqueIdentifier;
        if (found.Count > 1)
        {
            filter.State = State.Active;
            found = (await Client.LocateAsync(filter, CancellationToken).ConfigureAwait(false)).UniqueIdentifier;
        }

        return found.Count switch
        {
            1 => found[0],
            0 => throw new AdminClientException(AdminClientException.Refused, $"no object is named '{name}' (or none you may see)"),
            _ => throw new AdminClientException(AdminClientException.Refused, $"{found.Count} Active objects are named '{name}': use an identifier ({string.Join(", ", found.Take(5))})"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
