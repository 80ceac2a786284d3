namespace Clavis.LoadGenerator;

/// <summary>The operations the generator drives.</summary>
internal enum LoadOperation
{
    DiscoverVersions,
    Get,
    GetWrapped,
    Locate,
    Create,
}
