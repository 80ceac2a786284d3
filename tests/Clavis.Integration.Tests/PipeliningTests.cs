using System.Buffers;
using System.Net;
using Clavis.Integration.Tests.Support;
using Clavis.Kmip.Messages;
using Clavis.Kmip.Ttlv;
using Clavis.Server.Listener;
using Clavis.Server.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clavis.Integration.Tests;

/// <summary>
/// The listener over real mutual TLS with a processor whose answers wait at a gate, as audited answers wait for
/// their group commit: pipelined messages overlap that wait, in order, within the session's window.
/// </summary>
public sealed class PipeliningTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Messages_sent_without_waiting_are_all_executed_before_the_first_answer_and_answered_in_order()
    {
        // Each answer waits until 4 messages have been executed: a session that waited for an answer before starting
        // on the next message would never answer the first.
        var processor = new GatedProcessor(openAfter: 4);
        await using KmipListener listener = Start(processor, window: 16);
        await using KmipTestClient client = await ConnectAsync(listener);

        await client.WriteRawAsync(Enumerable.Range(0, 4).SelectMany(i => Message($"m{i}")).ToArray());

        for (int i = 0; i < 4; i++)
        {
            ResponseMessage response = await client.ReadResponseAsync() ?? throw new IOException("closed");
            Assert.Equal($"m{i}", response.Header.ClientCorrelationValue);
        }

        Assert.Equal(["m0", "m1", "m2", "m3"], processor.Executed);
    }

    [Fact]
    public async Task Beyond_the_window_a_session_waits_for_the_oldest_answer_before_executing_more()
    {
        // With a window of 2 the third message waits for the first answer, which waits for a third execution:
        // only the gate opening from outside lets the session go on, and then every message is answered.
        var processor = new GatedProcessor(openAfter: int.MaxValue);
        await using KmipListener listener = Start(processor, window: 2);
        await using KmipTestClient client = await ConnectAsync(listener);

        await client.WriteRawAsync(Enumerable.Range(0, 5).SelectMany(i => Message($"m{i}")).ToArray());
        await processor.WaitForExecutedAsync(2);
        await Task.Delay(200);
        Assert.Equal(2, processor.Executed.Count);

        processor.Open();
        for (int i = 0; i < 5; i++)
        {
            ResponseMessage response = await client.ReadResponseAsync() ?? throw new IOException("closed");
            Assert.Equal($"m{i}", response.Header.ClientCorrelationValue);
        }
    }

    private KmipListener Start(IKmipMessageProcessor processor, int window)
    {
        var tls = new TlsMaterialFiles(_data.Path);
        tls.EnsureCreated();
        var listener = new KmipListener(
            new KmipListenerOptions
            {
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                ServerCertificate = tls.LoadServerCertificate(),
                ClientCertificateAuthorities = [tls.LoadCaCertificate()],
                MaxPipelinedMessages = window,
            },
            processor,
            NullLogger<KmipListener>.Instance);
        listener.Start();
        return listener;
    }

    private Task<KmipTestClient> ConnectAsync(KmipListener listener)
    {
        var tls = new TlsMaterialFiles(_data.Path);
        return KmipTestClient.ConnectAsync(
            listener.LocalEndPoint,
            System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(tls.AdminCertificate, tls.AdminKey),
            tls.LoadCaCertificate());
    }

    private static byte[] Message(string correlation)
    {
        RequestMessage request = Requests.Message(Requests.Query());
        request.Header.ClientCorrelationValue = correlation;
        return request.Encode();
    }

    // Executes at once (records the message and says so), then answers only when the gate is open.
    private sealed class GatedProcessor(int openAfter) : IKmipMessageProcessor
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _executed = [];

        public IReadOnlyList<string> Executed
        {
            get
            {
                lock (_executed)
                {
                    return [.. _executed];
                }
            }
        }

        public void Open() => _gate.TrySetResult();

        public async Task WaitForExecutedAsync(int count)
        {
            for (int i = 0; i < 300 && Executed.Count < count; i++)
            {
                await Task.Delay(10);
            }
        }

        public async ValueTask ProcessAsync(ReadOnlyMemory<byte> request, IBufferWriter<byte> response, KmipSession session, Action executed, CancellationToken cancellationToken)
        {
            RequestMessage message = RequestMessage.Decode(request.Span, new TtlvReaderOptions());
            lock (_executed)
            {
                _executed.Add(message.Header.ClientCorrelationValue!);
                if (_executed.Count >= openAfter)
                {
                    Open();
                }
            }

            executed();
            await _gate.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
            var answer = new ResponseMessage(new ResponseHeader
            {
                ProtocolVersion = message.Header.ProtocolVersion,
                TimeStamp = DateTimeOffset.UtcNow,
                ClientCorrelationValue = message.Header.ClientCorrelationValue,
            });
            answer.BatchItems.Add(new ResponseBatchItem { Operation = Clavis.Kmip.Operation.Query, ResultStatus = Clavis.Kmip.ResultStatus.Success, Payload = new QueryResponsePayload() });
            response.Write(answer.Encode());
        }

        public void WriteFramingError(TtlvFormatException error, IBufferWriter<byte> response, KmipSession session)
        {
        }
    }
}
