using System.Buffers;
using System.Net.Security;

namespace Clavis.Server.Listener;

/// <summary>
/// The answers of one session that are still on their way, written to the client in the order their requests came.
/// </summary>
/// <remarks>
/// A client may send its next messages before the answer to the first (pipelining). The session starts on the next
/// message as soon as the processor says the current one is executed — everything it changes is committed and all
/// that is left is waiting for its audit records to be durable — so the messages in flight share one group commit
/// instead of paying one each. Execution stays in order: a message never starts before the one ahead of it has
/// applied its changes, so it sees them. At most <c>window</c> answers wait at once; a message that goes further
/// waits for the oldest to be written.
/// </remarks>
internal sealed class SessionAnswers
{
    private readonly SslStream _tls;
    private readonly CancellationTokenSource _wakeReader;
    private readonly CancellationToken _aborting;
    private readonly int _window;
    private readonly Queue<Task> _writes = new();
    private readonly Stack<ArrayBufferWriter<byte>> _buffers = new();
    private readonly Lock _buffersLock = new();
    private Task _last = Task.CompletedTask;

    /// <param name="tls">The session's stream; only this object writes answers to it.</param>
    /// <param name="wakeReader">Cancelled when an answer fails, so a session waiting for the client's next bytes learns of it.</param>
    /// <param name="aborting">Cancels processing and writes when the server stops without waiting.</param>
    /// <param name="window">Most answers in flight at once.</param>
    public SessionAnswers(SslStream tls, CancellationTokenSource wakeReader, CancellationToken aborting, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _tls = tls;
        _wakeReader = wakeReader;
        _aborting = aborting;
        _window = window;
    }

    /// <summary>True when an answer could not be produced or written; <see cref="DrainAsync"/> then throws why.</summary>
    public bool HasFailed => _last.IsFaulted || _last.IsCanceled;

    /// <summary>
    /// Hands <paramref name="message"/> to <paramref name="processor"/> and returns once it is executed or answered, so
    /// the caller may read the next one; its answer is written after every earlier one.
    /// </summary>
    /// <param name="processor">What answers the message.</param>
    /// <param name="session">The session it came on.</param>
    /// <param name="message">The message; it must stay readable until this returns.</param>
    public async ValueTask StartAsync(IKmipMessageProcessor processor, KmipSession session, ReadOnlySequence<byte> message)
    {
        while (_writes.Count >= _window)
        {
            await _writes.Dequeue().ConfigureAwait(false);
        }

        while (_writes.TryPeek(out Task? written) && written.IsCompletedSuccessfully)
        {
            _ = _writes.Dequeue();
        }

        ArrayBufferWriter<byte> output = RentBuffer();
        byte[]? rented = null;
        ReadOnlyMemory<byte> request;
        if (message.IsSingleSegment)
        {
            request = message.First;
        }
        else
        {
            // The processor needs one span; the copy lives until the message is answered.
            int length = (int)message.Length;
            rented = ArrayPool<byte>.Shared.Rent(length);
            message.CopyTo(rented);
            request = rented.AsMemory(0, length);
        }

        var executed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task processing;
        try
        {
            processing = processor.ProcessAsync(request, output, session, () => executed.TrySetResult(), _aborting).AsTask();
        }
        catch (Exception ex)
        {
            processing = Task.FromException(ex);
        }

        if (!processing.IsCompleted && !executed.Task.IsCompleted)
        {
            await Task.WhenAny(processing, executed.Task).ConfigureAwait(false);
        }

        _last = WriteAfterAsync(_last, processing, output, rented);
        _writes.Enqueue(_last);
    }

    /// <summary>Waits until every answer started so far is written; throws when one failed.</summary>
    public Task DrainAsync() => _last;

    private async Task WriteAfterAsync(Task previous, Task processing, ArrayBufferWriter<byte> output, byte[]? rented)
    {
        try
        {
            try
            {
                await processing.ConfigureAwait(false);
            }
            finally
            {
                if (rented is not null)
                {
                    // The request may carry key material (Register, Encrypt data).
                    ArrayPool<byte>.Shared.Return(rented, clearArray: true);
                }
            }

            await previous.ConfigureAwait(false);
            await _tls.WriteAsync(output.WrittenMemory, _aborting).ConfigureAwait(false);
        }
        catch
        {
            try
            {
                _wakeReader.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The session already ended; whoever drains this answer gets its failure.
            }

            throw;
        }
        finally
        {
            ReturnBuffer(output);
        }
    }

    private ArrayBufferWriter<byte> RentBuffer()
    {
        lock (_buffersLock)
        {
            return _buffers.TryPop(out ArrayBufferWriter<byte>? buffer) ? buffer : new ArrayBufferWriter<byte>(4096);
        }
    }

    private void ReturnBuffer(ArrayBufferWriter<byte> buffer)
    {
        // Clear zeroes what was written: an answer may carry key material (Get) or plaintext (Decrypt).
        buffer.Clear();
        lock (_buffersLock)
        {
            _buffers.Push(buffer);
        }
    }
}
