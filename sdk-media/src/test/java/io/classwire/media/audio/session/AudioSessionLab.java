package io.classwire.media.audio.session;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.TimedAgent;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.FrameType;
import io.classwire.media.audio.WavReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Test bench in virtual time: alice's {@link AudioSender} talks to bob's {@link AudioReceiver} over two lab links;
 * a task on alice sends a speech clip (looped) every 20 ms and a task on bob pulls every 20 ms, counting frame types.
 */
final class AudioSessionLab
{
    static final long MS = 1_000_000L;
    static final long SECOND_NS = 1_000_000_000L;
    static final short[] SPEECH = speech();

    final Simulator simulator;
    final RtpSession alice;
    final RtpSession bob;
    final AudioSender sender;
    final AudioReceiver receiver;
    final long[] frameTypes = new long[FrameType.COUNT];
    final short[] pcm = new short[AudioFormat.FRAME_SAMPLES];
    long mediaStopNs = Long.MAX_VALUE;
    long countFromNs;

    AudioSessionLab(
        final long seed, final LinkConfig aliceToBob, final LinkConfig bobToAlice,
        final AudioSessionContext senderContext, final AudioSessionContext receiverContext)
    {
        simulator = new Simulator(seed);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode aliceNode = network.addNode("alice");
        final SimNode bobNode = network.addNode("bob");
        network.connect("alice", "bob", aliceToBob, bobToAlice);
        final SessionAgent aliceAgent = new SessionAgent("alice", aliceNode);
        final SessionAgent bobAgent = new SessionAgent("bob", bobNode);
        alice = aliceAgent.addSession(aliceNode.peerId("bob", 0), context("alice"));
        bob = bobAgent.addSession(bobNode.peerId("alice", 0), context("bob"));
        sender = new AudioSender(alice, senderContext);
        receiver = new AudioReceiver(bob, receiverContext);
        aliceAgent.addTask(sender).addTask(new Talker());
        bobAgent.addTask(receiver).addTask(new Listener());
        simulator.addAgent(aliceAgent, aliceNode);
        simulator.addAgent(bobAgent, bobNode);
    }

    private SessionContext context(final String name)
    {
        // AVPF lets the minimum RTCP interval go below 5 s (RFC 4585 section 3.4): NACKs riding with a regular
        // report do not wait long, and the sender's plan follows the loss within a second.
        return new SessionContext()
            .cname(name + "@classwire.test")
            .randomSeed(simulator.componentSeed("session:" + name))
            .rtcpMinIntervalNs(100 * MS)
            .clockRate(AudioSessionContext.DEFAULT_MEDIA_PAYLOAD_TYPE, 48_000)
            .clockRate(AudioSessionContext.DEFAULT_RTX_PAYLOAD_TYPE, 48_000)
            .clockRate(AudioSessionContext.DEFAULT_RED_PAYLOAD_TYPE, 48_000)
            .clockRate(AudioSessionContext.DEFAULT_FEC_PAYLOAD_TYPE, 48_000);
    }

    void run(final long endNs)
    {
        simulator.runUntil(endNs);
    }

    long frames(final FrameType type)
    {
        return frameTypes[type.ordinal()];
    }

    long framesCounted()
    {
        long total = 0;
        for (final long count : frameTypes)
        {
            total += count;
        }
        return total;
    }

    static LinkConfig link(final long delayMs, final double loss)
    {
        return LinkConfig.builder().propagationDelayMs(delayMs).randomLossRate(loss).build();
    }

    private static short[] speech()
    {
        try
        {
            return WavReader.read(Path.of(AudioSessionLab.class.getResource("/speech/en_excerpt_4s.wav").toURI()))
                .samples();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Sends the clip, looped, one frame every 20 ms from t = 0. */
    private final class Talker implements TimedAgent
    {
        private final int frames = SPEECH.length / AudioFormat.FRAME_SAMPLES;
        private long sent;

        @Override
        public int doWork(final long nowNs)
        {
            final long dueNs = sent * AudioFormat.FRAME_DURATION_MS * MS;
            if (nowNs < dueNs || dueNs >= mediaStopNs)
            {
                return 0;
            }
            sender.sendFrame(nowNs, SPEECH, (int)(sent % frames) * AudioFormat.FRAME_SAMPLES);
            sent++;
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            final long dueNs = sent * AudioFormat.FRAME_DURATION_MS * MS;
            return dueNs >= mediaStopNs ? NO_DEADLINE : dueNs;
        }

        @Override
        public String roleName()
        {
            return "talker";
        }
    }

    /** Pulls 20 ms every 20 ms, 5 ms after each send tick, and counts what was played from countFromNs on. */
    private final class Listener implements TimedAgent
    {
        private long pulled;

        @Override
        public int doWork(final long nowNs)
        {
            final long dueNs = pulled * AudioFormat.FRAME_DURATION_MS * MS + 5 * MS;
            if (nowNs < dueNs)
            {
                return 0;
            }
            final FrameType type = receiver.pull(nowNs, pcm);
            // the drain after the talker stops is concealment of frames never sent
            if (nowNs >= countFromNs && nowNs < mediaStopNs)
            {
                frameTypes[type.ordinal()]++;
            }
            pulled++;
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return pulled * AudioFormat.FRAME_DURATION_MS * MS + 5 * MS;
        }

        @Override
        public String roleName()
        {
            return "listener";
        }
    }
}
