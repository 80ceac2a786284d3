namespace Clavis.LoadGenerator;

/// <summary>A server process's figures at one moment.</summary>
/// <param name="WorkingSet">Resident memory, bytes.</param>
/// <param name="GcHeap">Managed heap in use (GC.GetTotalMemory without a collection), bytes.</param>
/// <param name="Cpu">CPU time the process has used so far.</param>
internal sealed record ServerStats(long WorkingSet, long GcHeap, TimeSpan Cpu);
