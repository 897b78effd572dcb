package io.classwire.samples.rtp;

import io.classwire.core.recovery.NackContext;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One standard sender, two receivers: a GStreamer sender (rtpbin + rtprtxsend) sends a tone as Opus/RTP through a
 * {@link LossyRtpPath} to either the tuned GStreamer receiver of {@link GstPipelines#receiver} or Classwire's
 * {@link RtpReceiveRun}, in real time on loopback. Residual loss is counted the same way for both: packets that
 * reached playout (received or retransmitted in time) per packet sent. A test and benchmark tool: it starts
 * processes, allocates freely and takes about frames x 20 ms plus a few seconds per run.
 */
public final class InteropBench
{
    /** Jitter buffer latency of both receivers, ms. */
    public static final int LATENCY_MS = 200;
    /** Minimum RTCP interval of both receivers, ms. */
    public static final int RTCP_INTERVAL_MS = 10;
    private static final String LOOPBACK = "127.0.0.1";

    private InteropBench()
    {
    }

    /**
     * The outcome of one run.
     *
     * @param receiver     "gstreamer" or "classwire".
     * @param lossRate     configured loss on each path.
     * @param networkLoss  measured loss of RTP datagrams (media and RTX) on the sender's path.
     * @param framesSent   RTP media packets the sender sent (one more than the frames: the encoder's flush).
     * @param played       packets that reached playout.
     * @param residualLoss 1 - played / sent.
     * @param stats        the Classwire receiver's statistics (empty for GStreamer).
     */
    public record Result(
        String receiver, double lossRate, double networkLoss, int framesSent, long played, double residualLoss,
        Map<String, Object> stats)
    {
    }

    /**
     * GStreamer sender to GStreamer receiver.
     *
     * @param frames        20 ms packets to send.
     * @param lossRate      loss on each path.
     * @param oneWayDelayMs delay on each path.
     * @param seed          loss seed.
     * @param workDir       directory for the decoded PCM and the receiver's log.
     * @return the result.
     * @throws IOException          when a process cannot start.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static Result gstreamerToGstreamer(
        final int frames, final double lossRate, final long oneWayDelayMs, final long seed, final Path workDir)
        throws IOException, InterruptedException
    {
        final int[] ports = freePorts(3);
        final Path log = workDir.resolve("gst-receiver-" + Math.round(lossRate * 100) + ".log");
        try (LossyRtpPath path = new LossyRtpPath(ports[0], ports[1], ports[2], lossRate, oneWayDelayMs, seed))
        {
            final int seconds = frames / 50 + 4;
            final Process receiver = new ProcessBuilder(GstPipelines.receiver(seconds, ports[0], ports[1], LOOPBACK,
                path.feedbackPort(), LATENCY_MS, workDir.resolve("gst-received.pcm")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Thread.sleep(700);
            final int sent = runSender(frames, path, ports[2]);
            receiver.waitFor(seconds + 10, TimeUnit.SECONDS);
            receiver.destroyForcibly();
            final int played = GstPipelines.countPlayed(Files.readString(log, StandardCharsets.UTF_8));
            return new Result("gstreamer", lossRate, networkLoss(path), sent, played,
                Math.max(0.0, 1.0 - played / (double)sent), Map.of());
        }
    }

    /**
     * GStreamer sender to Classwire's receiver.
     *
     * @param frames        20 ms packets to send.
     * @param lossRate      loss on each path.
     * @param oneWayDelayMs delay on each path.
     * @param seed          loss seed.
     * @return the result, with the receiver's statistics.
     * @throws IOException          when the sender cannot start.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static Result gstreamerToClasswire(
        final int frames, final double lossRate, final long oneWayDelayMs, final long seed)
        throws IOException, InterruptedException
    {
        return gstreamerToClasswire(frames, lossRate, oneWayDelayMs, seed, RTCP_INTERVAL_MS,
            RtpReceiveRun.redundantNack(RTCP_INTERVAL_MS, RtpReceiveRun.DEFAULT_LOSS_TIMEOUT_MS), false);
    }

    /**
     * GStreamer sender to Classwire's receiver with other RTCP and NACK settings, to compare them.
     *
     * @param frames         20 ms packets to send.
     * @param lossRate       loss on each path.
     * @param oneWayDelayMs  delay on each path.
     * @param seed           loss seed.
     * @param rtcpIntervalMs the receiver's minimum RTCP interval.
     * @param nack           the receiver's NACK settings.
     * @param reducedSizeRtcp whether the receiver sends early feedback as reduced-size RTCP (RFC 5506).
     * @return the result, with the receiver's statistics.
     * @throws IOException          when the sender cannot start.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static Result gstreamerToClasswire(
        final int frames, final double lossRate, final long oneWayDelayMs, final long seed, final int rtcpIntervalMs,
        final NackContext nack, final boolean reducedSizeRtcp)
        throws IOException, InterruptedException
    {
        final int[] ports = freePorts(3);
        final RtpReceiveRun run;
        final double networkLoss;
        final int sent;
        try (LossyRtpPath path = new LossyRtpPath(ports[0], ports[1], ports[2], lossRate, oneWayDelayMs, seed))
        {
            // our RTCP goes back through the feedback proxy to the sender's RTCP port, not to its RTCP source
            run = RtpReceiveRun.start(LOOPBACK, ports[0], ports[1],
                new InetSocketAddress(LOOPBACK, path.feedbackPort()), "bench", LATENCY_MS, 0, rtcpIntervalMs, nack,
                reducedSizeRtcp);
            try
            {
                sent = runSender(frames, path, ports[2]);
                run.awaitEnd(0, 1_000_000_000L, 5_000_000_000L);
            }
            finally
            {
                run.close();
            }
            networkLoss = networkLoss(path);
        }
        final Map<String, Object> stats = run.stats("bench");
        final long played = (Long)stats.get("packetsReceived") + (Long)stats.get("recoveredByRtx") -
            (Long)stats.get("late");
        return new Result("classwire", lossRate, networkLoss, sent, played,
            Math.max(0.0, 1.0 - played / (double)sent), stats);
    }

    // The media packets the sender sent: the encoder adds one at the end (its look-ahead), so not quite frames.
    private static int runSender(final int frames, final LossyRtpPath path, final int senderRtcpPort)
        throws IOException, InterruptedException
    {
        final List<String> command = GstPipelines.sender(frames, LOOPBACK, path.rtpPort(), path.rtcpPort(),
            senderRtcpPort);
        final Path log = Files.createTempFile("classwire-gst-sender", ".log");
        try
        {
            final Process sender = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
            if (!sender.waitFor(frames / 50 + 15, TimeUnit.SECONDS))
            {
                sender.destroyForcibly();
                throw new IllegalStateException("GStreamer sender did not finish: " + GstPipelines.shellLine(command));
            }
            final int sent = GstPipelines.countSent(Files.readString(log, StandardCharsets.UTF_8));
            return sent > 0 ? sent : frames;
        }
        finally
        {
            Files.deleteIfExists(log);
        }
    }

    private static double networkLoss(final LossyRtpPath path)
    {
        return path.rtpOffered() == 0 ? 0.0 : path.rtpDropped() / (double)path.rtpOffered();
    }

    /**
     * @param count ports wanted.
     * @return UDP ports on loopback that were free a moment ago (bound and released together, so distinct).
     * @throws IOException when no socket can be bound.
     */
    public static int[] freePorts(final int count) throws IOException
    {
        final DatagramSocket[] sockets = new DatagramSocket[count];
        final int[] ports = new int[count];
        try
        {
            for (int i = 0; i < count; i++)
            {
                sockets[i] = new DatagramSocket(0, InetAddress.getByName(LOOPBACK));
                ports[i] = sockets[i].getLocalPort();
            }
        }
        finally
        {
            for (final DatagramSocket socket : sockets)
            {
                if (socket != null)
                {
                    socket.close();
                }
            }
        }
        return ports;
    }
}
