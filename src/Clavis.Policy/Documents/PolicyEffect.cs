namespace Clavis.Policy.Documents;

/// <summary>What a statement does when it applies, and what a decision says.</summary>
public enum PolicyEffect
{
    /// <summary>Refuse the request. The default value, so that an uninitialised effect never allows.</summary>
    Deny = 0,

    /// <summary>Let the request proceed (KMIP's own attribute rules still apply afterwards).</summary>
    Allow = 1,
}
