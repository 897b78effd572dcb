package io.classwire.samples.cli;

import io.classwire.core.lab.NetworkProfile;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Looks up a {@link NetworkProfile} by name or alias; an unknown name fails with the list of valid ones. */
final class NetworkProfileConverter implements CommandLine.ITypeConverter<NetworkProfile>
{
    @Override
    public NetworkProfile convert(final String value)
    {
        try
        {
            return NetworkProfile.byName(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }

    /** Every accepted profile name and alias, for {@code ${COMPLETION-CANDIDATES}} and shell completion. */
    static final class Names implements Iterable<String>
    {
        @Override
        public Iterator<String> iterator()
        {
            final List<String> names = new ArrayList<>();
            for (final NetworkProfile profile : NetworkProfile.values())
            {
                names.add(profile.profileName());
                names.addAll(profile.aliases());
            }
            return names.iterator();
        }
    }
}
