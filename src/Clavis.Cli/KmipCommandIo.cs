using System.CommandLine;

namespace Clavis.Cli;

/// <summary>What <c>clavis kmip</c> commands share: exit codes, reading the input, reporting problems.</summary>
public static class KmipCommandIo
{
    /// <summary>Exit code: success.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the input is not valid (the message on standard error says where).</summary>
    public const int BadInput = 1;

    /// <summary>Exit code: the command line is wrong (unknown format, missing or unknown option).</summary>
    public const int Usage = 2;

    /// <summary>Reads FILE, or standard input when <paramref name="file"/> is null or "-".</summary>
    /// <param name="file">The file, or null.</param>
    /// <returns>All bytes.</returns>
    /// <exception cref="KmipInputException">The file cannot be read.</exception>
    public static byte[] ReadInput(FileInfo? file)
    {
        if (file is null || file.ToString() == "-")
        {
            using Stream stdin = Console.OpenStandardInput();
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return buffer.ToArray();
        }

        try
        {
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KmipInputException($"cannot read {file}: {e.Message}");
        }
    }

    /// <summary>Reports leftover command-line tokens as a usage error.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="command">The command's name, for the message.</param>
    /// <returns>True when there were unknown tokens (and the error was written).</returns>
    public static bool ReportUnmatched(ParseResult parse, string command)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.UnmatchedTokens.Count == 0)
        {
            return false;
        }

        parse.InvocationConfiguration.Error.WriteLine($"clavis kmip {command}: unexpected argument(s): {string.Join(' ', parse.UnmatchedTokens)} (see --help)");
        return true;
    }
}
