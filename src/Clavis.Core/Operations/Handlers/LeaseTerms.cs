using Clavis.Core.Objects;
using Clavis.Kmip;
using Clavis.Kmip.Ttlv;

namespace Clavis.Core.Operations.Handlers;

/// <summary>The lease the server grants on an object (KMIP 1.4 §3.20, 2.1 §4.36 Lease Time).</summary>
internal static class LeaseTerms
{
    /// <summary>
    /// The longest lease on <paramref name="managedObject"/>, in seconds: its Lease Time attribute, else the
    /// server's <see cref="KmipServerOptions.LeaseTime"/>. Zero means no lease limit.
    /// </summary>
    public static uint Granted(ManagedObject managedObject, KmipServerOptions options)
    {
        // KMIP 1.4 §3.20: the Lease Time attribute holds the maximum lease the server serves for this object.
        if (managedObject.Attributes.GetFirst(Tag.LeaseTime) is { Type: TtlvType.Interval } lease)
        {
            return lease.IntervalValue;
        }

        return (uint)Math.Clamp(options.LeaseTime.TotalSeconds, 0, uint.MaxValue);
    }

    /// <summary>The object's Last Change Date, else its Initial Date, else <paramref name="now"/> (which makes a client refresh).</summary>
    public static DateTimeOffset LastChange(ManagedObject managedObject, DateTimeOffset now) =>
        managedObject.Attributes.GetDateTime(Tag.LastChangeDate) ?? managedObject.Attributes.GetDateTime(Tag.InitialDate) ?? now;
}
