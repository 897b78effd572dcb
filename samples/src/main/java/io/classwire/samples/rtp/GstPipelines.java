package io.classwire.samples.rtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The GStreamer 1.22 pipelines Classwire is tested against (see docs/interop.md), as {@code gst-launch-1.0} command
 * lines. Why {@code rtpsession} rather than {@code rtpbin} on the receiving side: {@code rtprtxreceive} must sit
 * between the session and the jitter buffer, which {@code rtpbin} only allows through its
 * {@code request-aux-receiver} signal, out of reach of {@code gst-launch}; the explicit chain
 * {@code rtpsession ! rtprtxreceive ! rtpssrcdemux ! rtpjitterbuffer} is what {@code rtpbin} builds internally. The
 * sender can keep {@code rtpbin}: an {@code rtprtxsend} placed before {@code send_rtp_sink} receives the
 * session's retransmission requests like an aux sender.
 */
public final class GstPipelines
{
    /** Name of the identity element after the receiver's jitter buffer; its chain messages count played packets. */
    public static final String PLAYED_PROBE = "played";
    /** Name of the identity element after the sender's payloader; its chain messages count media packets sent. */
    public static final String SENT_PROBE = "sent";
    private static final String[] ELEMENTS = {
        "rtpbin", "rtpsession", "rtprtxsend", "rtprtxreceive", "rtpssrcdemux", "rtpjitterbuffer", "opusenc", "opusdec",
        "rtpopuspay", "rtpopusdepay", "udpsrc", "udpsink", "audioconvert", "audiotestsrc", "identity" };
    private static final String OPUS_CAPS =
        "application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111";
    private static final String RTX_MAP = "application/x-rtp-pt-map,111=(uint)112";

    private GstPipelines()
    {
    }

    /** @return true when gst-launch-1.0, gst-inspect-1.0 and every element the pipelines use are installed. */
    public static boolean available()
    {
        for (final String element : ELEMENTS)
        {
            if (!runs(List.of("gst-inspect-1.0", "--exists", element)))
            {
                return false;
            }
        }
        return runs(List.of("gst-launch-1.0", "--version"));
    }

    /** @return the first line of {@code gst-launch-1.0 --version}, or "GStreamer (version unknown)". */
    public static String version()
    {
        try
        {
            final Process process = new ProcessBuilder("gst-launch-1.0", "--version").redirectErrorStream(true).start();
            final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            for (final String line : text.split("\n"))
            {
                if (line.startsWith("GStreamer"))
                {
                    return line.trim();
                }
            }
            return text.isBlank() ? "GStreamer (version unknown)" : text.split("\n")[0].trim();
        }
        catch (final IOException ex)
        {
            return "GStreamer (version unknown)";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "GStreamer (version unknown)";
        }
    }

    private static boolean runs(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A live sender: {@code frames} 20 ms frames of a 440 Hz tone as Opus (PT 111) through {@code rtpbin} (AVPF)
     * with {@code rtprtxsend} (RTX PT 112, 1 s history), RTCP out to {@code rtcpPort}, RTCP in on
     * {@code rtcpListenPort}; it ends by itself (EOS, then BYE) after the last frame. The encoder flushes its
     * look-ahead at the end, so one packet more than {@code frames} goes out: run with stdout captured and count the
     * packets sent with {@link #countSent(String)}.
     *
     * @param frames         number of 20 ms frames (= RTP packets).
     * @param host           receiver host.
     * @param rtpPort        receiver RTP port.
     * @param rtcpPort       receiver RTCP port.
     * @param rtcpListenPort local port where the receiver's RTCP (NACKs) arrives.
     * @return the command line.
     */
    public static List<String> sender(
        final int frames, final String host, final int rtpPort, final int rtcpPort, final int rtcpListenPort)
    {
        // SIGINT (end of stream, then BYE) bounds the run should the pipeline not stop at the last buffer
        return List.of("timeout", "-k", "3", "-s", "INT", Integer.toString(frames / 50 + 5),
            "gst-launch-1.0", "-e", "-v", "rtpbin", "name=b", "rtp-profile=avpf",
            "audiotestsrc", "is-live=true", "num-buffers=" + frames, "samplesperbuffer=960", "freq=440", "!",
            "audio/x-raw,rate=48000,channels=1", "!", "opusenc", "frame-size=20", "bitrate=32000", "!",
            "rtpopuspay", "pt=111", "!", "identity", "name=" + SENT_PROBE, "silent=false", "!",
            "rtprtxsend", "payload-type-map=" + RTX_MAP, "max-size-time=1000", "!", "b.send_rtp_sink_0",
            "b.send_rtp_src_0", "!", "udpsink", "host=" + host, "port=" + rtpPort,
            "b.send_rtcp_src_0", "!", "udpsink", "host=" + host, "port=" + rtcpPort, "sync=false", "async=false",
            "udpsrc", "port=" + rtcpListenPort, "!", "b.recv_rtcp_sink_0");
    }

    /**
     * A tuned receiver: AVPF session with a 50 ms minimum RTCP interval, as Classwire's receiver (so NACKs are not held back), RTX
     * association, jitter buffer with retransmission and the given latency, Opus decoding with PLC into a raw PCM file
     * (S16LE, 48 kHz, mono), written unbuffered: GStreamer 1.22 does not always complete end-of-stream after the
     * sender's BYE, which would leave a WAV header unfinished and a buffered tail unwritten. Stopped with SIGINT after
     * {@code seconds}.
     *
     * @param seconds   run time before SIGINT.
     * @param rtpPort   local RTP port.
     * @param rtcpPort  local RTCP port.
     * @param rtcpHost  where its RTCP (reports, NACKs) goes.
     * @param rtcpToPort that host's port.
     * @param latencyMs jitter buffer latency.
     * @param outPcm    output file, raw S16LE 48 kHz mono.
     * @return the command line; run with stdout captured to count {@link #countPlayed(String)}.
     */
    public static List<String> receiver(
        final int seconds, final int rtpPort, final int rtcpPort, final String rtcpHost, final int rtcpToPort,
        final int latencyMs, final Path outPcm)
    {
        final List<String> command = new ArrayList<>(List.of("timeout", "-k", "3", "-s", "INT",
            Integer.toString(seconds), "gst-launch-1.0", "-e", "-v", "rtpsession", "name=s", "rtp-profile=avpf",
            "rtcp-min-interval=" + InteropBench.RTCP_INTERVAL_MS * 1_000_000L, "bandwidth=64000", "rtcp-fraction=0.1",
            "udpsrc", "port=" + rtpPort, "caps=" + OPUS_CAPS, "!", "s.recv_rtp_sink",
            "s.recv_rtp_src", "!", "rtprtxreceive", "payload-type-map=" + RTX_MAP, "!", "rtpssrcdemux", "!",
            "rtpjitterbuffer", "do-retransmission=true", "latency=" + latencyMs, "!",
            "identity", "name=" + PLAYED_PROBE, "silent=false", "!", "rtpopusdepay", "!", "opusdec", "plc=true", "!",
            "audioconvert", "!", "audio/x-raw,format=S16LE,rate=48000,channels=1", "!",
            "filesink", "location=" + outPcm, "buffer-mode=unbuffered",
            "udpsrc", "port=" + rtcpPort, "!", "s.recv_rtcp_sink",
            "s.send_rtcp_src", "!", "udpsink", "host=" + rtcpHost, "port=" + rtcpToPort, "sync=false", "async=false"));
        return command;
    }

    /**
     * @param gstLaunchOutput stdout of a {@link #receiver} run ({@code -v}).
     * @return RTP packets the jitter buffer passed on (received or retransmitted in time).
     */
    public static int countPlayed(final String gstLaunchOutput)
    {
        return countChains(gstLaunchOutput, PLAYED_PROBE);
    }

    /**
     * @param gstLaunchOutput stdout of a {@link #sender} run.
     * @return RTP media packets the payloader passed on (RTX not included).
     */
    public static int countSent(final String gstLaunchOutput)
    {
        return countChains(gstLaunchOutput, SENT_PROBE);
    }

    private static int countChains(final String gstLaunchOutput, final String probe)
    {
        final String marker = "GstIdentity:" + probe + ": last-message = chain";
        int count = 0;
        int from = 0;
        while ((from = gstLaunchOutput.indexOf(marker, from)) >= 0)
        {
            count++;
            from += marker.length();
        }
        return count;
    }

    /**
     * @param command a command line from this class.
     * @return it as one shell-quoted line, for docs and logs.
     */
    public static String shellLine(final List<String> command)
    {
        final StringBuilder line = new StringBuilder();
        for (final String word : command)
        {
            if (line.length() > 0)
            {
                line.append(' ');
            }
            line.append(word.matches("[A-Za-z0-9_./:=,+-]+") ? word : "'" + word + "'");
        }
        return line.toString();
    }
}
