namespace Clavis.Server.Hosting;

/// <summary>Another process holds a data folder's lock (<see cref="DataFolderLock"/>).</summary>
public sealed class DataFolderInUseException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DataFolderInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DataFolderInUseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DataFolderInUseException()
        : base("the data folder is in use by another Clavis process")
    {
    }
}
