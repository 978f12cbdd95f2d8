package dev.switchboard.core;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** The single-node {@link NameRegistry}: one concurrent map. Claims complete at once. */
public final class InMemoryNameRegistry implements NameRegistry {

    private static final CompletionStage<Boolean> CLAIMED = CompletableFuture.completedStage(true);
    private static final CompletionStage<Boolean> TAKEN = CompletableFuture.completedStage(false);

    private final ConcurrentHashMap<String, Recipient> holders = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Boolean> claim(String name, Recipient holder) {
        requireNonNull(name, "name is null");
        requireNonNull(holder, "holder is null");
        return holders.putIfAbsent(name, holder) == null ? CLAIMED : TAKEN;
    }

    @Override
    public Recipient find(String name) {
        return holders.get(name);
    }

    @Override
    public void release(String name, Recipient holder) {
        holders.remove(name, holder);
    }

    /** How many names are held. */
    public int size() {
        return holders.size();
    }
}
