package dev.modelport.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent decisions, each until its own expiry, at most maxEntries of them: when full, the least recently used
 * one goes. A plain lock: the critical sections are a map lookup or insertion, while the API calls that produce
 * decisions run outside it.
 */
final class DecisionCache {

    /** The token appears only as its SHA-256, so neither the map nor a heap dump of it holds a credential. */
    record Key(String tokenHash, String namespace, String modelName) {
    }

    private record Entry(Decision decision, Instant expiresAt) {
    }

    private final Clock clock;
    private final LinkedHashMap<Key, Entry> entries;

    DecisionCache(int maxEntries, Clock clock) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, DecisionCache.Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cached decision, or null when there is none or it has expired. */
    synchronized Decision get(Key key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key);
            return null;
        }
        return entry.decision();
    }

    /** Keeps the decision for ttl; a zero ttl keeps nothing. */
    synchronized void put(Key key, Decision decision, Duration ttl) {
        if (ttl.isZero()) {
            return;
        }
        entries.put(key, new Entry(decision, clock.instant().plus(ttl)));
    }

    synchronized int size() {
        return entries.size();
    }
}
