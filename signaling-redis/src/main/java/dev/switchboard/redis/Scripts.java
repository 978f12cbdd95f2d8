package dev.switchboard.redis;

/**
 * The Lua scripts that keep the registry's invariants atomic inside Redis. Times come from Redis's
 * own clock ({@code TIME}), so the nodes' clocks need not agree.
 *
 * <p>Keys, under a prefix P: {@code P:name:NAME} holds {@code NODE:LOGIN} of the name's holder;
 * {@code P:nodes} is a sorted set of live nodes scored by when their lease runs out;
 * {@code P:node:NODE:names} is a hash NAME to LOGIN of what that node holds. The scripts build
 * some key names themselves, so they suit a single Redis (standalone or with Sentinel), not
 * Redis Cluster.
 */
final class Scripts {

    private Scripts() {
    }

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /**
     * Claims a name. KEYS: name key, nodes, this node's names. ARGV: node, NODE:LOGIN, name,
     * prefix, login. Returns 1 if claimed (or already this login's), 0 if a live node holds it,
     * -1 if this node's own lease has run out (it must renew before it claims), 2 if a later login
     * of this node holds it. A node numbers its logins in order, so a fresh login replaces an
     * earlier one of its node whose release has not arrived yet, while a late re-claim of an
     * earlier login (after a reconnect) can never replace a later one.
     */
    static final String CLAIM = NOW + """
            local mine = redis.call('ZSCORE', KEYS[2], ARGV[1])
            if not mine or tonumber(mine) < now then return -1 end
            local cur = redis.call('GET', KEYS[1])
            if cur and cur ~= ARGV[2] then
              local owner, login = string.match(cur, '^([^:]+):(%d+)$')
              if owner == ARGV[1] then
                if tonumber(login) > tonumber(ARGV[5]) then return 2 end
              else
                local expires = redis.call('ZSCORE', KEYS[2], owner)
                if expires and tonumber(expires) >= now then return 0 end
                redis.call('HDEL', ARGV[4] .. ':node:' .. owner .. ':names', ARGV[3])
              end
            end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('HSET', KEYS[3], ARGV[3], ARGV[5])
            return 1
            """;

    /**
     * Releases a name if this login still holds it. KEYS: name key, this node's names. ARGV:
     * NODE:LOGIN, name, login. Returns 1 if it was held.
     */
    static final String RELEASE = """
            local held = redis.call('GET', KEYS[1]) == ARGV[1]
            if held then redis.call('DEL', KEYS[1]) end
            if redis.call('HGET', KEYS[2], ARGV[2]) == ARGV[3] then redis.call('HDEL', KEYS[2], ARGV[2]) end
            return held and 1 or 0
            """;

    /**
     * Renews this node's lease and reaps nodes whose lease ran out: their names are freed and
     * {@code x NODE} is published on the directory. KEYS: nodes. ARGV: node, lease in ms, prefix.
     * Returns {1 if this node's lease was still running, number of nodes reaped}.
     */
    static final String HEARTBEAT = NOW + """
            local prev = redis.call('ZSCORE', KEYS[1], ARGV[1])
            local alive = prev and tonumber(prev) >= now
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
            for _, node in ipairs(dead) do
              local hash = ARGV[3] .. ':node:' .. node .. ':names'
              local names = redis.call('HGETALL', hash)
              for i = 1, #names, 2 do
                local key = ARGV[3] .. ':name:' .. names[i]
                if redis.call('GET', key) == node .. ':' .. names[i + 1] then redis.call('DEL', key) end
              end
              redis.call('DEL', hash)
              redis.call('ZREM', KEYS[1], node)
              redis.call('PUBLISH', ARGV[3] .. ':directory', 'x\\n' .. node)
            end
            return {alive and 1 or 0, #dead}
            """;

    /** Whether a node's lease is running. KEYS: nodes. ARGV: node. Returns 1 or 0. */
    static final String ALIVE = NOW + """
            local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
            if expires and tonumber(expires) >= now then return 1 end
            return 0
            """;

    /**
     * Everything live nodes hold. KEYS: nodes. ARGV: prefix. Returns {node, {name, login, ...}, ...}.
     */
    static final String LOAD = NOW + """
            local out = {}
            for _, node in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do
              table.insert(out, node)
              table.insert(out, redis.call('HGETALL', ARGV[1] .. ':node:' .. node .. ':names'))
            end
            return out
            """;

    /**
     * Forwards to whoever holds a name, in one step, so that it stays in order with the
     * publishes after it. KEYS: name key, nodes. ARGV: this node, prefix, the delivery up to the
     * target's login, the rest of it. Returns the number of receivers, or -1 if no live node
     * (other than this one) holds the name.
     */
    static final String FORWARD = NOW + """
            local v = redis.call('GET', KEYS[1])
            if not v then return -1 end
            local owner, login = string.match(v, '^([^:]+):(.+)$')
            if owner == ARGV[1] then return -1 end
            local expires = redis.call('ZSCORE', KEYS[2], owner)
            if not expires or tonumber(expires) < now then return -1 end
            return redis.call('PUBLISH', ARGV[2] .. ':node:' .. owner, ARGV[3] .. login .. ARGV[4])
            """;

    /** Leaves the cluster: frees this node's names. KEYS: nodes. ARGV: node, prefix. */
    static final String LEAVE = """
            local hash = ARGV[2] .. ':node:' .. ARGV[1] .. ':names'
            local names = redis.call('HGETALL', hash)
            for i = 1, #names, 2 do
              local key = ARGV[2] .. ':name:' .. names[i]
              if redis.call('GET', key) == ARGV[1] .. ':' .. names[i + 1] then redis.call('DEL', key) end
            end
            redis.call('DEL', hash)
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('PUBLISH', ARGV[2] .. ':directory', 'x\\n' .. ARGV[1])
            return #names / 2
            """;
}
