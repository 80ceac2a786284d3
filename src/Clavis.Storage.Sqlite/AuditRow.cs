using Clavis.Core.Audit;

namespace Clavis.Storage.Sqlite;

/// <summary>An audit record encoded at queue time, waiting for the writer to give it its place in its node's chain.</summary>
internal sealed class AuditRow
{
    private AuditRow(AuditRecord record, byte[] body)
    {
        NodeId = record.NodeId;
        Body = body;
        Time = AuditRecordCodec.ToMicroseconds(record.Time);
        Principal = record.Principal;
        Operation = record.Operation;
        ObjectId = record.ObjectIds.Count > 0 ? record.ObjectIds[0] : null;
        ResultStatus = record.ResultStatus;
    }

    public string NodeId { get; }

    public byte[] Body { get; }

    public long Time { get; }

    public string? Principal { get; }

    public string Operation { get; }

    public string? ObjectId { get; }

    public string ResultStatus { get; }

    public static AuditRow From(AuditRecord record)
    {
        ArgumentException.ThrowIfNullOrEmpty(record.NodeId);
        return new AuditRow(record, AuditRecordCodec.EncodeBody(record));
    }
}
