namespace Clavis.Kmip.Tests;

/// <summary>Where the repository's copies of the vectors and spec tables land in the test output.</summary>
internal static class TestData
{
    public static string Vectors => Path.Combine(AppContext.BaseDirectory, "vectors");

    public static string Spec => Path.Combine(AppContext.BaseDirectory, "spec");

    public static string VectorFile(params string[] parts) => Path.Combine([Vectors, .. parts]);
}
