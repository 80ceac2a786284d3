using System.Security.Cryptography;

namespace Clavis.Audit;

/// <summary>
/// Checkpoint public keys as PEM files (<c>PUBLIC KEY</c>, SubjectPublicKeyInfo): the node writes one per signing key
/// into <c>DATA/audit-keys/KEYID.pem</c>, and verifiers read them as trust anchors.
/// </summary>
public static class AuditPublicKeyFiles
{
    /// <summary>The PEM files in <paramref name="folder"/>, in ordinal order; none when the folder does not exist.</summary>
    public static IReadOnlyList<string> InFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*.pem").Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>The public key in <paramref name="path"/>, as DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    /// <exception cref="CryptographicException">The file holds no EC public key; the message names the file.</exception>
    public static byte[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string pem = File.ReadAllText(path);
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new CryptographicException($"{path} holds no EC public key in PEM ({ex.Message})", ex);
        }

        return key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>Writes <paramref name="publicKey"/> (DER SubjectPublicKeyInfo) to <c>FOLDER/KEYID.pem</c> unless it is there, and flushes it to disk.</summary>
    /// <returns>The file's path.</returns>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public static string Write(string folder, string keyId, byte[] publicKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(publicKey);
        string path = Path.Combine(folder, keyId + ".pem");
        if (File.Exists(path))
        {
            return path;
        }

        Directory.CreateDirectory(folder);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", publicKey)));
            stream.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(folder);
        return path;
    }
}
