package io.classwire.benchmarks.wire;

import io.classwire.core.wire.AudioLevelExtension;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * RTP header parse+validate and header write, on an audio packet as WebRTC sends it: 12-byte header, one-byte header
 * extensions (audio level, transport-wide sequence number), 80 bytes of Opus payload.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class RtpHeaderBenchmark
{
    private final UnsafeBuffer packet = new UnsafeBuffer(ByteBuffer.allocateDirect(1500));
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(1500));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[80]);
    private final RtpPacket parser = new RtpPacket();
    private final RtpPacketBuilder builder = new RtpPacketBuilder();
    private int length;
    private int sequenceNumber;

    /** Build the packet that is parsed. */
    @Setup
    public void setup()
    {
        length = writeHeaderAndPayload(packet);
        parser.wrap(packet, 0, length);
        if (parser.validate() != WireStatus.OK)
        {
            throw new IllegalStateException("benchmark packet does not validate");
        }
    }

    /** @return a value derived from the parsed header, so the parse cannot be optimised away. */
    @Benchmark
    public int parseAndValidate()
    {
        parser.wrap(packet, 0, length);
        final int status = parser.validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        return parser.sequenceNumber() + parser.payloadType() + parser.ssrc() + parser.payloadLength();
    }

    /** @return bytes of the header written (fixed header plus extension block). */
    @Benchmark
    public int writeHeader()
    {
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        builder.reset().payloadType(111).sequenceNumber(sequenceNumber).timestamp(sequenceNumber * 960)
            .ssrc(0x1234_5678);
        AudioLevelExtension.add(builder.extensions(), 1, true, 40);
        TransportSequenceExtension.add(builder.extensions(), 3, sequenceNumber);
        return builder.writeHeader(out, 0, out.capacity());
    }

    private int writeHeaderAndPayload(final UnsafeBuffer buffer)
    {
        builder.reset().payloadType(111).sequenceNumber(1).timestamp(960).ssrc(0x1234_5678);
        AudioLevelExtension.add(builder.extensions(), 1, true, 40);
        TransportSequenceExtension.add(builder.extensions(), 3, 1);
        return builder.build(buffer, 0, buffer.capacity(), payload, 0, payload.capacity());
    }
}
