using System.Collections.Immutable;
using Clavis.Kmip;

namespace Clavis.Policy.Requests;

/// <summary>Credential types as a bit mask, so that "every required type was verified" is one AND.</summary>
internal static class CredentialMask
{
    // KMIP 2.1 §11.11 defines values 1–6; a value beyond 31 cannot be required by a document, so it is never needed.
    public static uint Of(ImmutableArray<CredentialType> types)
    {
        uint mask = 0;
        foreach (var type in types)
        {
            if ((uint)type < 32)
            {
                mask |= 1u << (int)type;
            }
        }

        return mask;
    }
}
