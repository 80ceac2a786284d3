using System.Globalization;
using Clavis.Client;
using Clavis.Kmip;

namespace Clavis.Cli.Client;

/// <summary>Parsing what people type (algorithm and usage names, enumerations) and writing tables.</summary>
internal static class CliText
{
    /// <summary>How the client commands write JSON: '+' and non-ASCII text as they are, not as \u escapes.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// An enumeration value by name, ignoring case, '-' and '_' (hmac-sha256 → HMAC_SHA256, p-256 → P_256).
    /// </summary>
    /// <exception cref="AdminClientException">No such value (exit 2), listing <paramref name="choices"/> or all names.</exception>
    public static T ParseEnum<T>(string text, string option, IEnumerable<T>? choices = null)
        where T : struct, Enum
    {
        string wanted = Normalize(text);
        IEnumerable<T> candidates = choices ?? Enum.GetValues<T>();
        foreach (T value in candidates)
        {
            if (Normalize(value.ToString()) == wanted)
            {
                return value;
            }
        }

        throw new AdminClientException(AdminClientException.UsageError, $"{option}: '{text}' is not one of {string.Join(", ", candidates.Select(Display))}");
    }

    /// <summary>A usage mask from comma-separated names: encrypt,decrypt,sign,verify,wrap,unwrap,mac,derive,export...</summary>
    public static CryptographicUsageMask ParseUsage(string text)
    {
        CryptographicUsageMask mask = 0;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            mask |= Normalize(part) switch
            {
                "WRAP" => CryptographicUsageMask.WrapKey,
                "UNWRAP" => CryptographicUsageMask.UnwrapKey,
                "MAC" => CryptographicUsageMask.MACGenerate | CryptographicUsageMask.MACVerify,
                "DERIVE" => CryptographicUsageMask.DeriveKey,
                _ => ParseEnum<CryptographicUsageMask>(part, "--usage"),
            };
        }

        return mask;
    }

    /// <summary>A name as it is shown: HMAC_SHA256 → HMAC-SHA256.</summary>
    public static string Display<T>(T value)
        where T : struct, Enum => value.ToString().Replace('_', '-');

    /// <summary>Writes rows under a header, columns padded to their widest cell.</summary>
    public static void Table(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        List<IReadOnlyList<string>> all = [header, .. rows];
        int[] widths = [.. Enumerable.Range(0, header.Count).Select(c => all.Max(r => r[c].Length))];
        foreach (IReadOnlyList<string> row in all)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Count - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    /// <summary>Hex or base64 text to bytes (whitespace ignored), or null when it is neither.</summary>
    public static byte[]? DecodeText(string text, bool preferHex)
    {
        string compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        if (compact.Length == 0)
        {
            return null;
        }

        if (preferHex && compact.Length % 2 == 0 && compact.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(compact);
        }

        var buffer = new byte[compact.Length];
        return Convert.TryFromBase64String(compact, buffer, out int written) ? buffer[..written] : null;
    }

    public static string Seconds(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Normalize(string text) => text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}

/// <summary>Progress of a bulk command on standard error: a line redrawn in place on a terminal, one final line otherwise.</summary>
internal sealed class ProgressLine
{
    private readonly TextWriter _error;
    private readonly bool _interactive;
    private readonly int _total;
    private readonly string _verb;
    private int _done;
    private int _failed;

    public ProgressLine(TextWriter error, int total, string verb, bool? interactive = null)
    {
        _error = error;
        _total = total;
        _verb = verb;
        // Redrawing with \r only makes sense on a terminal; a log file would get every intermediate state.
        _interactive = interactive ?? (!Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
    }

    public int Failed => _failed;

    public void Step(bool ok, string item)
    {
        _done++;
        if (!ok)
        {
            _failed++;
        }

        if (_interactive)
        {
            const int Width = 30;
            int filled = _total == 0 ? Width : _done * Width / _total;
            string line = $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{_total} {_verb} {item}";
            _error.Write(line.Length > 100 ? line[..100] : line.PadRight(100));
        }
    }

    public void Finish()
    {
        if (_interactive)
        {
            _error.Write('\r' + new string(' ', 100) + '\r');
        }

        _error.WriteLine($"{_verb} {_done - _failed} of {_total}{(_failed > 0 ? $", {_failed} failed" : "")}");
    }
}
