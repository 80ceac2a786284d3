using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Clavis.Audit;

/// <summary>fsync of a directory, which .NET does not offer: it makes a file created or renamed in it durable.</summary>
/// <remarks>
/// Clavis.Seals has the same few lines for its key file; the audit library cannot depend on the seals, and
/// neither belongs in Core or Crypto.
/// </remarks>
internal static class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY | O_DIRECTORY on Linux

    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Windows makes MoveFileEx durable itself; other systems are not supported servers.
            return;
        }

        int descriptor = Open(directory, ReadOnlyDirectory);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open directory {directory} to flush it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot flush directory {directory}", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport rather than LibraryImport, whose generated marshalling needs unsafe code (STYLE.md keeps
    // unsafe out); strings marshal as UTF-8 on Unix.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
