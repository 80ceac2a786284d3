using System.Security.Cryptography;
using System.Text;

namespace Clavis.Cli;

/// <summary>
/// Reads a password for the admin commands from a file (<c>--password-file</c>, one trailing newline dropped) or from
/// the terminal without echo; never from the command line, where other users and shell history would see it.
/// </summary>
internal static class SecretInput
{
    /// <summary>The password as UTF-8; the caller zeroes it.</summary>
    /// <exception cref="AdminClientException">The file cannot be read, or there is no terminal to prompt on (exit code 2).</exception>
    public static byte[] ReadPassword(string? file, string prompt)
    {
        if (file is not null)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new AdminClientException(AdminClientException.UsageError, $"cannot read the password file: {ex.Message}", ex);
            }

            int length = bytes.Length;
            if (length > 0 && bytes[length - 1] == '\n')
            {
                length--;
                if (length > 0 && bytes[length - 1] == '\r')
                {
                    length--;
                }
            }

            byte[] password = bytes.AsSpan(0, length).ToArray();
            CryptographicOperations.ZeroMemory(bytes);
            return password;
        }

        if (Console.IsInputRedirected)
        {
            throw new AdminClientException(AdminClientException.UsageError, "no terminal to ask for the password on: use --password-file");
        }

        char[] typed = PassphrasePrompt.Read(prompt);
        char[] again = PassphrasePrompt.Read("again: ");
        try
        {
            if (!typed.AsSpan().SequenceEqual(again))
            {
                throw new AdminClientException(AdminClientException.UsageError, "the two passwords differ");
            }

            return Encoding.UTF8.GetBytes(typed);
        }
        finally
        {
            Array.Clear(typed);
            Array.Clear(again);
        }
    }

    /// <summary>A JSON body written by <paramref name="write"/>; the caller zeroes it (it may hold a password).</summary>
    public static byte[] JsonBody(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        // Large enough that the writer never grows, which would leave an old copy behind.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(8192);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        byte[] body = buffer.WrittenSpan.ToArray();
        // The writer's buffer is the only other copy.
        CryptographicOperations.ZeroMemory(MemoryMarshalSpan(buffer));
        return body;
    }

    private static Span<byte> MemoryMarshalSpan(System.Buffers.ArrayBufferWriter<byte> buffer) =>
        System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer.WrittenMemory).Span;
}
