namespace Clavis.Storage.Sqlite;

/// <summary>How times are stored (see the STABLE FORMAT note on <see cref="SqliteSchema"/>).</summary>
internal static class StoredTime
{
    public static long ToMicroseconds(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long value) => DateTimeOffset.UnixEpoch.AddTicks(value * TimeSpan.TicksPerMicrosecond);
}
