package io.classwire.core.lab;

import io.classwire.core.transport.TimedAgent;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Discrete-event scheduler over a {@link VirtualClock}: runs scheduled {@link SimEvent}s in (time, insertion order)
 * and drives {@link TimedAgent}s, so protocol code runs unchanged in virtual time, reproducibly and much faster than
 * real time.
 *
 * <p>At each instant that has work, the simulator first runs every event due (packet deliveries, traffic generators),
 * then calls {@link TimedAgent#doWork(long)} once on each agent that either had a packet delivered to one of its
 * nodes or whose {@link TimedAgent#nextDeadlineNs()} has come, in the order the agents were added. Time then jumps
 * straight to the next event or deadline.
 *
 * <p>Randomness: every component gets its own stream derived from the run's seed and a unique key
 * ({@link RandomStreams}), so adding a component never perturbs the others.
 *
 * <p>Single-threaded: everything, including the agents, runs on the thread calling {@link #runUntil(long)}.
 */
public final class Simulator
{
    /** Rounds allowed at one virtual instant before the run is declared stuck (an agent not moving its deadline). */
    static final int MAX_ROUNDS_PER_INSTANT = 100_000;

    private final long seed;
    private final VirtualClock clock = new VirtualClock();
    private final EventQueue events = new EventQueue();
    private final Set<String> streamKeys = new HashSet<>();
    private TimedAgent[] agents = new TimedAgent[4];
    private boolean[] agentWoken = new boolean[4];
    private int agentCount;
    private EventLog eventLog;
    private boolean running;
    private long eventsRun;
    private long agentCalls;

    /**
     * Create a simulator at virtual time 0.
     *
     * @param seed the run's seed; same seed, same configuration, same agents give the same run.
     */
    public Simulator(final long seed)
    {
        this.seed = seed;
    }

    /**
     * The run's seed.
     *
     * @return the seed given at construction.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * The virtual clock, to inject into time-dependent code.
     *
     * @return the clock this simulator advances.
     */
    public VirtualClock clock()
    {
        return clock;
    }

    /**
     * Current virtual time.
     *
     * @return nanoseconds since the start of the run.
     */
    public long nowNs()
    {
        return clock.nanoTime();
    }

    /**
     * Start recording every packet decision; see {@link EventLog}. Call before the run.
     *
     * @return the log being written.
     */
    public EventLog enableEventLog()
    {
        if (eventLog == null)
        {
            eventLog = new EventLog();
        }
        return eventLog;
    }

    /**
     * The event log, if enabled.
     *
     * @return the log, or null when not enabled.
     */
    public EventLog eventLog()
    {
        return eventLog;
    }

    /**
     * A seed for one component, derived from the run's seed.
     *
     * @param key unique name of the component, e.g. {@code "link:alice>bob"}.
     * @return the component's seed.
     * @throws IllegalArgumentException if the key was already used in this run (two components would then share
     *                                  a stream).
     */
    public long componentSeed(final String key)
    {
        if (!streamKeys.add(key))
        {
            throw new IllegalArgumentException("random stream key already used: " + key);
        }
        return RandomStreams.deriveSeed(seed, key);
    }

    /**
     * A random stream for one component, derived from the run's seed.
     *
     * @param key unique name of the component.
     * @return a generator for that component only.
     * @throws IllegalArgumentException if the key was already used in this run.
     */
    public SplittableRandom randomStream(final String key)
    {
        return new SplittableRandom(componentSeed(key));
    }

    /**
     * Run {@code event} at virtual time {@code atNs}. Events at the same time run in the order they were scheduled.
     *
     * @param atNs  when; not in the past.
     * @param event what to run.
     * @throws IllegalArgumentException if {@code atNs} is before now.
     */
    public void schedule(final long atNs, final SimEvent event)
    {
        if (atNs < clock.nanoTime())
        {
            throw new IllegalArgumentException("cannot schedule in the past: at=" + atNs + " now=" + clock.nanoTime());
        }
        events.add(atNs, event);
    }

    /**
     * Drive an agent: call it at its deadlines and whenever a packet arrives at one of {@code nodes}.
     *
     * @param agent the protocol logic.
     * @param nodes nodes whose arrivals wake the agent (usually the one transport it polls); may be empty.
     */
    public void addAgent(final TimedAgent agent, final SimNode... nodes)
    {
        if (agentCount == agents.length)
        {
            agents = Arrays.copyOf(agents, agentCount * 2);
            agentWoken = Arrays.copyOf(agentWoken, agentCount * 2);
        }
        final int slot = agentCount++;
        agents[slot] = agent;
        for (final SimNode node : nodes)
        {
            node.addAgentSlot(slot);
        }
    }

    /**
     * Run events and agents until virtual time {@code endNs} (events at exactly {@code endNs} run), then leave the
     * clock at {@code endNs}. With {@link Long#MAX_VALUE}, run until nothing is left to do.
     *
     * @param endNs virtual time to stop at.
     * @throws IllegalStateException if called from inside the run, or if the run stops making progress (an agent
     *                               whose deadline stays at the current time).
     */
    public void runUntil(final long endNs)
    {
        if (running)
        {
            throw new IllegalStateException("runUntil is not re-entrant");
        }
        running = true;
        try
        {
            loop(endNs);
        }
        finally
        {
            running = false;
        }
    }

    /**
     * Run for {@code durationNs} of virtual time from now.
     *
     * @param durationNs how long, not negative.
     */
    public void runFor(final long durationNs)
    {
        runUntil(clock.nanoTime() + durationNs);
    }

    /**
     * Events run so far.
     *
     * @return the count.
     */
    public long eventsRun()
    {
        return eventsRun;
    }

    /**
     * Calls to {@link TimedAgent#doWork(long)} so far.
     *
     * @return the count.
     */
    public long agentCalls()
    {
        return agentCalls;
    }

    void wakeAgent(final int slot)
    {
        agentWoken[slot] = true;
    }

    private void loop(final long endNs)
    {
        long roundsAtInstant = 0;
        long instantNs = Long.MIN_VALUE;
        while (true)
        {
            final long nextEventNs = events.isEmpty() ? Long.MAX_VALUE : events.peekTimeNs();
            final long nextNs = Math.min(nextEventNs, earliestAgentDeadlineNs());
            if (nextNs > endNs || nextNs == Long.MAX_VALUE)
            {
                break;
            }
            if (nextNs > clock.nanoTime())
            {
                clock.advanceTo(nextNs);
            }
            final long nowNs = clock.nanoTime();
            if (nowNs != instantNs)
            {
                instantNs = nowNs;
                roundsAtInstant = 0;
            }
            else if (++roundsAtInstant > MAX_ROUNDS_PER_INSTANT)
            {
                throw new IllegalStateException("no progress after " + MAX_ROUNDS_PER_INSTANT +
                    " rounds at virtual time " + nowNs + "ns; agents due: " + dueAgentNames(nowNs));
            }
            runDueEvents(nowNs);
            runDueAgents(nowNs);
        }
        if (endNs != Long.MAX_VALUE && endNs > clock.nanoTime())
        {
            clock.advanceTo(endNs);
        }
    }

    private void runDueEvents(final long nowNs)
    {
        while (!events.isEmpty() && events.peekTimeNs() <= nowNs)
        {
            events.poll().onEvent(nowNs);
            eventsRun++;
        }
    }

    private void runDueAgents(final long nowNs)
    {
        for (int i = 0; i < agentCount; i++)
        {
            final TimedAgent agent = agents[i];
            if (agentWoken[i] || agent.nextDeadlineNs() <= nowNs)
            {
                agentWoken[i] = false;
                agent.doWork(nowNs);
                agentCalls++;
            }
        }
    }

    private long earliestAgentDeadlineNs()
    {
        final long nowNs = clock.nanoTime();
        long earliestNs = Long.MAX_VALUE;
        for (int i = 0; i < agentCount; i++)
        {
            final long deadlineNs = agentWoken[i] ? nowNs : Math.max(agents[i].nextDeadlineNs(), nowNs);
            earliestNs = Math.min(earliestNs, deadlineNs);
        }
        return earliestNs;
    }

    private String dueAgentNames(final long nowNs)
    {
        final StringBuilder names = new StringBuilder();
        for (int i = 0; i < agentCount; i++)
        {
            if (agentWoken[i] || agents[i].nextDeadlineNs() <= nowNs)
            {
                names.append(names.length() == 0 ? "" : ", ").append(agents[i].roleName());
            }
        }
        return names.toString();
    }
}
