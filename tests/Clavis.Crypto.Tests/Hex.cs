namespace Clavis.Crypto.Tests;

/// <summary>Hex for test vectors; spaces in the text are ignored so vectors can be grouped as in their source.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static string Normal(string hex) => hex.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
