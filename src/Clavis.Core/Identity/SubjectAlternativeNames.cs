namespace Clavis.Core.Identity;

/// <summary>A certificate's subject alternative names (RFC 5280 §4.2.1.6) of the four kinds Clavis reads.</summary>
/// <param name="DnsNames">dNSName entries.</param>
/// <param name="IPAddresses">iPAddress entries, in their usual text form.</param>
/// <param name="EmailAddresses">rfc822Name entries.</param>
/// <param name="Uris">uniformResourceIdentifier entries.</param>
public sealed record SubjectAlternativeNames(
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IPAddresses,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<string> Uris)
{
    /// <summary>No alternative names.</summary>
    public static SubjectAlternativeNames None { get; } = new([], [], [], []);

    /// <summary>Every name of every kind, DNS names first.</summary>
    public IEnumerable<string> All => DnsNames.Concat(IPAddresses).Concat(EmailAddresses).Concat(Uris);
}
