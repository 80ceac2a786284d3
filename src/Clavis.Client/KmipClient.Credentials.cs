using Clavis.Kmip.Messages;

namespace Clavis.Client;

// The credentials every request header carries.
public sealed partial class KmipClient
{
    /// <summary>The Authentication every request header built by this client carries (from <see cref="KmipClientOptions.Credentials"/>), or null.
    /// Messages given to <see cref="SendAsync"/> go as they are.</summary>
    internal Authentication? Authentication { get; }
}
