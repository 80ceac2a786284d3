using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.LoadGenerator;

/// <summary>
/// Reads just enough of a response to count its batch items and failed ones, so that a figure measured
/// against errors (Item Not Found, Operation Not Supported) is reported as such and not as throughput.
/// </summary>
internal static class ResponseCheck
{
    private static readonly TtlvReaderOptions s_options = new() { MaxMessageSize = int.MaxValue };

    /// <summary>Counts the Result Status items and those that are not Success; the first failure's reason and message go to <paramref name="firstFailure"/>.</summary>
    public static (int Items, int Failed) Inspect(ReadOnlySpan<byte> response, ref string? firstFailure)
    {
        var reader = new TtlvReader(response, s_options);
        int items = 0;
        int failed = 0;
        bool inFailure = false;
        string? reason = null;
        while (reader.Read())
        {
            if (reader.TokenType != TtlvTokenType.Value)
            {
                continue;
            }

            if (reader.Tag == Tag.ResultStatus)
            {
                items++;
                inFailure = reader.GetEnumeration() != (uint)ResultStatus.Success;
                if (inFailure)
                {
                    failed++;
                }
            }
            else if (inFailure && firstFailure is null && reader.Tag == Tag.ResultReason)
            {
                reason = ((ResultReason)reader.GetEnumeration()).ToString();
            }
            else if (inFailure && firstFailure is null && reader.Tag == Tag.ResultMessage)
            {
                firstFailure = $"{reason}: {reader.GetTextString()}";
            }
        }

        if (failed > 0 && firstFailure is null)
        {
            firstFailure = reason ?? "failed";
        }

        return (items, failed);
    }
}
