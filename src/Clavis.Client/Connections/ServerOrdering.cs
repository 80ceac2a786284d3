namespace Clavis.Client.Connections;

/// <summary>
/// The order in which a request tries the servers (RFC 2782): lowest priority first; within one priority, a
/// weighted random order, so that over many requests each server gets a share proportional to its weight.
/// </summary>
internal static class ServerOrdering
{
    /// <summary>
    /// Orders <paramref name="nodes"/> for one request. The input must be sorted by priority (stable); it is not changed.
    /// </summary>
    public static List<ServerNode> Order(IReadOnlyList<ServerNode> nodes, Random random)
    {
        var ordered = new List<ServerNode>(nodes.Count);
        int start = 0;
        while (start < nodes.Count)
        {
            int end = start + 1;
            while (end < nodes.Count && nodes[end].Priority == nodes[start].Priority)
            {
                end++;
            }

            AppendWeighted(nodes, start, end, random, ordered);
            start = end;
        }

        return ordered;
    }

    /// <summary>Sorts servers by priority, keeping the given order within a priority (stable).</summary>
    public static ServerNode[] SortByPriority(IEnumerable<ServerNode> nodes) => [.. nodes.OrderBy(n => n.Priority)];

    // RFC 2782's selection: put zero-weight entries first, pick a random number in [0, total weight], take the first
    // entry whose running sum reaches it, remove it and repeat. Zero-weight entries thus come last unless alone.
    private static void AppendWeighted(IReadOnlyList<ServerNode> nodes, int start, int end, Random random, List<ServerNode> ordered)
    {
        if (end - start == 1)
        {
            ordered.Add(nodes[start]);
            return;
        }

        var remaining = new List<ServerNode>(end - start);
        for (int i = start; i < end; i++)
        {
            if (nodes[i].Weight == 0)
            {
                remaining.Add(nodes[i]);
            }
        }

        for (int i = start; i < end; i++)
        {
            if (nodes[i].Weight != 0)
            {
                remaining.Add(nodes[i]);
            }
        }

        while (remaining.Count > 0)
        {
            long total = 0;
            foreach (ServerNode node in remaining)
            {
                total += node.Weight;
            }

            long pick = random.NextInt64(total + 1);
            long running = 0;
            int chosen = remaining.Count - 1;
            for (int i = 0; i < remaining.Count; i++)
            {
                running += remaining[i].Weight;
                if (running >= pick)
                {
                    chosen = i;
                    break;
                }
            }

            ordered.Add(remaining[chosen]);
            remaining.RemoveAt(chosen);
        }
    }
}
