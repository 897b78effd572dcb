package io.classwire.samples.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Placeholder; replaced by the pcap writer. */
@Command(name = "pcap", description = "Write a synthetic Classwire session as a libpcap file.")
final class PcapCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        return 1;
    }
}
