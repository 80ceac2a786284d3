using System.Diagnostics.CodeAnalysis;
using Clavis.Kmip.Ttlv;

namespace Clavis.Kmip.Messages;

/// <summary>Checks shared by the generated and hand-written decoders.</summary>
internal static class MessageDecoding
{
    /// <summary>Moves to the next child of the structure being decoded; false on the structure's end token.</summary>
    public static bool ReadChild(ref TtlvReader reader)
    {
        if (!reader.Read())
        {
            throw new TtlvFormatException("input ends inside a structure", reader.TokenOffset);
        }

        return reader.TokenType != TtlvTokenType.EndStructure;
    }

    /// <summary>Refuses a known field encoded with another item type.</summary>
    public static void Expect(ref TtlvReader reader, TtlvType type)
    {
        if (reader.Type != type)
        {
            // KMIP 2.1 §11 (Result Reason): a known field of the wrong type is an Invalid Field.
            ThrowWrongType(reader.Tag, type, reader.Type);
        }
    }

    /// <summary>Refuses a second occurrence of a single-valued field.</summary>
    public static void EnsureAbsent(object? current, ref TtlvReader reader)
    {
        if (current is not null)
        {
            ThrowDuplicate(reader.Tag);
        }
    }

    /// <summary>Refuses a second occurrence of a single-valued field tracked by a flag.</summary>
    public static void EnsureNotSeen(bool seen, ref TtlvReader reader)
    {
        if (seen)
        {
            ThrowDuplicate(reader.Tag);
        }
    }

    /// <summary>Refuses a structure that lacks a required field.</summary>
    public static void Require([DoesNotReturnIf(false)] bool present, Tag tag, string structure)
    {
        if (!present)
        {
            // KMIP 2.1 §11: a message missing a required field is an Invalid Message.
            throw new KmipMessageFormatException(ResultReason.InvalidMessage, $"{structure} lacks the required {tag}", tag);
        }
    }

    [DoesNotReturn]
    public static void ThrowWrongType(Tag tag, TtlvType expected, TtlvType actual) =>
        throw new KmipMessageFormatException(ResultReason.InvalidField, $"{tag} must be {expected}, not {actual}", tag);

    [DoesNotReturn]
    private static void ThrowDuplicate(Tag tag) =>
        throw new KmipMessageFormatException(ResultReason.InvalidMessage, $"{tag} appears more than once", tag);
}
