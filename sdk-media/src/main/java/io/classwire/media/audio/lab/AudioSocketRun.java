package io.classwire.media.audio.lab;

import io.classwire.core.lab.EndpointWarmUp;
import io.classwire.core.lab.ImpairmentProxy;
import io.classwire.core.lab.ImpairmentProxyContext;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import io.classwire.media.audio.session.AudioReceiver;
import io.classwire.media.audio.session.AudioSender;
import org.agrona.concurrent.SystemNanoClock;

import java.net.InetSocketAddress;

/**
 * The {@link AudioLabRun} pipeline over real UDP sockets in real time: sender and receiver each on a Netty endpoint on
 * loopback with its own agent thread, the {@link ImpairmentProxy} between them applying the media link (sender to
 * receiver) and the report link. Same scoring as the lab run; not deterministic (thread scheduling, the shared
 * machine's load), and it takes the clip's duration plus two seconds of wall-clock time.
 */
public final class AudioSocketRun
{
    private static final String LOOPBACK = "127.0.0.1";
    private static final long START_DELAY_NS = 200_000_000L;

    private AudioSocketRun()
    {
    }

    /**
     * Run speech over real sockets through the impairment proxy.
     *
     * @param speech              the clip, 48 kHz mono.
     * @param media               the sender-to-receiver link.
     * @param reports             the receiver-to-sender link.
     * @param seed                the proxy's and sessions' seed.
     * @param transportProtection true for the full protection plan, false for Opus in-band FEC only.
     * @return the metrics.
     * @throws InterruptedException if interrupted while waiting for the run to end.
     */
    public static AudioLabRun.Result run(
        final short[] speech, final LinkConfig media, final LinkConfig reports, final long seed,
        final boolean transportProtection) throws InterruptedException
    {
        final SystemNanoClock clock = SystemNanoClock.INSTANCE;
        try (NettyUdpEndpoint receiverEndpoint = NettyUdpEndpoint.open(new EndpointContext().bindAddress(LOOPBACK));
            NettyUdpEndpoint senderEndpoint = NettyUdpEndpoint.open(new EndpointContext().bindAddress(LOOPBACK));
            ImpairmentProxy proxy = ImpairmentProxy.launch(new ImpairmentProxyContext()
                .listenAddress(new InetSocketAddress(LOOPBACK, 0))
                .upstreamAddress(new InetSocketAddress(LOOPBACK, receiverEndpoint.localPort()))
                .upstreamBindAddress(new InetSocketAddress(LOOPBACK, 0))
                .uplink(media)
                .downlink(reports)
                .seed(seed)))
        {
            // cold code on five hops would otherwise show as start-up delay and loss of the first cell run
            EndpointWarmUp.run(senderEndpoint, senderEndpoint.peerId(LOOPBACK, proxy.localPort()), receiverEndpoint,
                receiverEndpoint.peerId(LOOPBACK, proxy.upstreamSideAddress().getPort()));
            final SessionAgent senderAgent = new SessionAgent(AudioLabRun.SENDER, senderEndpoint);
            final RtpSession senderSession = senderAgent.addSession(senderEndpoint.peerId(LOOPBACK, proxy.localPort()),
                AudioLabRun.sessionContext(AudioLabRun.SENDER, seed ^ 0x5E4DL));
            final SessionAgent receiverAgent = new SessionAgent(AudioLabRun.RECEIVER, receiverEndpoint);
            final RtpSession receiverSession = receiverAgent.addSession(
                receiverEndpoint.peerId(LOOPBACK, proxy.upstreamSideAddress().getPort()),
                AudioLabRun.sessionContext(AudioLabRun.RECEIVER, seed ^ 0x4EC5L));
            final AudioSender sender = new AudioSender(senderSession, AudioLabRun.context(transportProtection));
            final AudioReceiver receiver = new AudioReceiver(receiverSession,
                AudioLabRun.context(transportProtection));
            final AudioLabRun.Clock run = new AudioLabRun.Clock(speech, sender, receiver,
                clock.nanoTime() + START_DELAY_NS);
            senderAgent.addTask(sender).addTask(run.talker);
            receiverAgent.addTask(receiver).addTask(run.listener);
            final RealTimeAgentRunner senderRunner = RealTimeAgentRunner.start(senderAgent, senderEndpoint.context());
            final RealTimeAgentRunner receiverRunner =
                RealTimeAgentRunner.start(receiverAgent, receiverEndpoint.context());
            try
            {
                long remainingNs;
                while ((remainingNs = run.endNs() - clock.nanoTime()) > 0)
                {
                    Thread.sleep(Math.max(1, remainingNs / 1_000_000L));
                }
            }
            finally
            {
                senderRunner.close();
                receiverRunner.close();
            }
            final ReceiveStream stream = receiverSession.receiveStreamBySsrc(sender.mediaStream().ssrc());
            return run.score(stream == null ? 0 : stream.packetsReceived());
        }
    }
}
