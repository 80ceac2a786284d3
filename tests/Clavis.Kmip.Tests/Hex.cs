namespace Clavis.Kmip.Tests;

/// <summary>Hex in the test-vector style: spaces and '|' between fields are ignored.</summary>
internal static class Hex
{
    public static byte[] Parse(string text) =>
        Convert.FromHexString(new string(text.Where(Uri.IsHexDigit).ToArray()));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
