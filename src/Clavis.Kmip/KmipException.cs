using System.Diagnostics.CodeAnalysis;

namespace Clavis.Kmip;

/// <summary>
/// An operation failed for a reason KMIP names: it becomes the batch item's Result Status
/// (Operation Failed), Result Reason and Result Message. The message is for the client: it must
/// hold no secret and no internal detail.
/// </summary>
public sealed class KmipException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KmipException(ResultReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with an inner cause (kept for logs, never sent).</summary>
    public KmipException(ResultReason reason, string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Creates an exception with reason General Failure.</summary>
    public KmipException()
        : this(ResultReason.GeneralFailure, "general failure")
    {
    }

    /// <summary>Creates an exception with reason General Failure.</summary>
    public KmipException(string message)
        : this(ResultReason.GeneralFailure, message)
    {
    }

    /// <summary>Creates an exception with reason General Failure and a cause.</summary>
    public KmipException(string message, Exception innerException)
        : this(ResultReason.GeneralFailure, message, innerException)
    {
    }

    /// <summary>The Result Reason.</summary>
    public ResultReason Reason { get; }

    /// <summary>Throws Item Not Found for <paramref name="id"/>.</summary>
    [DoesNotReturn]
    public static void ThrowItemNotFound(string id) => throw new KmipException(ResultReason.ItemNotFound, $"no object with identifier {id}");

    /// <summary>Throws Invalid Field with <paramref name="message"/>.</summary>
    [DoesNotReturn]
    public static void ThrowInvalidField(string message) => throw new KmipException(ResultReason.InvalidField, message);

    /// <summary>Throws Wrong Key Lifecycle State with <paramref name="message"/>.</summary>
    [DoesNotReturn]
    public static void ThrowWrongState(string message) => throw new KmipException(ResultReason.WrongKeyLifecycleState, message);

    /// <summary>Throws Permission Denied with <paramref name="message"/>.</summary>
    [DoesNotReturn]
    public static void ThrowPermissionDenied(string message) => throw new KmipException(ResultReason.PermissionDenied, message);
}
