namespace Clavis.Cli;

/// <summary>Reads a passphrase from the terminal without echoing it.</summary>
public static class PassphrasePrompt
{
    /// <summary>Prompts on standard error and reads until Enter. The caller clears the returned array.</summary>
    public static char[] Read(string prompt)
    {
        Console.Error.Write(prompt);
        var buffer = new List<char>();
        while (true)
        {
            ConsoleKeyInfo key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (buffer.Count > 0)
                {
                    buffer[^1] = '\0';
                    buffer.RemoveAt(buffer.Count - 1);
                }

                continue;
            }

            buffer.Add(key.KeyChar);
        }

        Console.Error.WriteLine();
        char[] result = [.. buffer];
        for (int i = 0; i < buffer.Count; i++)
        {
            buffer[i] = '\0';
        }

        return result;
    }
}
