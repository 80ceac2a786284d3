namespace Clavis.LoadGenerator;

/// <summary>The operations the generator drives.</summary>
internal enum LoadOperation
{
    DiscoverVersions,
    Get,
    Locate,
    Create,
    SignEcdsaP256,
    SignRsa2048,
    CreateKeyPairRsa2048,
}
