package io.classwire.samples.cli;

import picocli.CommandLine;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Parses {@code HOST:PORT} (IPv6 hosts in brackets, {@code [::1]:5000}) into a resolved address, with an error that
 * says what was expected. Port 0 is accepted (ephemeral); commands that need a real port check it themselves.
 */
final class HostPortConverter implements CommandLine.ITypeConverter<InetSocketAddress>
{
    private static final int MAX_PORT = 65_535;

    @Override
    public InetSocketAddress convert(final String value)
    {
        final String text = value.trim();
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1)
        {
            throw invalid(value, "expected HOST:PORT, e.g. 127.0.0.1:5000");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        else if (host.indexOf(':') >= 0)
        {
            throw invalid(value, "put an IPv6 host in brackets, e.g. [::1]:5000");
        }
        final int port;
        try
        {
            port = Integer.parseInt(text.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(value, "the port is not a number");
        }
        if (port < 0 || port > MAX_PORT)
        {
            throw invalid(value, "the port must be in 0-65535");
        }
        try
        {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        }
        catch (final UnknownHostException ex)
        {
            throw invalid(value, "unknown host '" + host + "'");
        }
    }

    private static CommandLine.TypeConversionException invalid(final String value, final String reason)
    {
        return new CommandLine.TypeConversionException("'" + value + "' is not a valid address: " + reason);
    }
}
