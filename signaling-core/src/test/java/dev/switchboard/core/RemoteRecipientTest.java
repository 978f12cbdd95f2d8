package dev.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The router's side of the cluster seam, with a registry that plays "the other node": names
 * starting with {@code far-} are held elsewhere, and the test delivers their messages inbound as a
 * backend would.
 */
class RemoteRecipientTest {

    /** A handle for a login on the other node; equal for the same login, as the seam requires. */
    record Far(String name, long login, List<String> received) implements Recipient {
        Far(String name, long login) {
            this(name, login, new CopyOnWriteArrayList<>());
        }

        @Override
        public boolean deliver(Recipient sender, Kind kind, String text) {
            received.add(sender.name() + " " + kind + " " + text);
            return true;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Far f && f.name.equals(name) && f.login == login;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Long.hashCode(login);
        }
    }

    private final Map<String, Recipient> holders = new ConcurrentHashMap<>();
    private final Map<String, Far> far = new ConcurrentHashMap<>();
    private final List<RecordingSession> sessions = new ArrayList<>();
    private CompletionStage<Boolean> nextClaim;
    private final SignalingRouter router = SignalingRouter.builder().registry(new NameRegistry() {
        @Override
        public CompletionStage<Boolean> claim(String name, Recipient holder) {
            if (nextClaim != null) {
                return nextClaim;
            }
            return CompletableFuture.completedStage(!far.containsKey(name) && holders.putIfAbsent(name, holder) == null);
        }

        @Override
        public Recipient find(String name) {
            Recipient local = holders.get(name);
            return local != null ? local : far.get(name);
        }

        @Override
        public void release(String name, Recipient holder) {
            holders.remove(name, holder);
        }
    }).build();

    @AfterEach
    void nothingElseWasSent() {
        sessions.forEach(RecordingSession::assertExhausted);
    }

    private RecordingSession loggedIn(String name) {
        RecordingSession session = new RecordingSession(name + "-session");
        sessions.add(session);
        router.onOpen(session);
        router.onText(session, "{\"type\":\"login\",\"name\":\"" + name + "\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
        return session;
    }

    @Test
    void aRelayToARemoteUserCarriesItsSenderAndKindAndTheCloseTellsItLeave() {
        Far bob = new Far("far-bob", 1);
        far.put(bob.name(), bob);
        RecordingSession alice = loggedIn("alice");

        router.onText(alice, "{\"type\":\"offer\",\"name\":\"far-bob\",\"offer\":{}}");
        router.onText(alice, "{\"type\":\"candidate\",\"name\":\"far-bob\",\"candidate\":{}}");
        router.onClose(alice);

        assertThat(bob.received()).containsExactly(
                "alice OFFER {\"type\":\"offer\",\"offer\":{},\"name\":\"alice\"}",
                "alice CANDIDATE {\"type\":\"candidate\",\"candidate\":{},\"name\":\"alice\"}",
                "alice GONE {\"type\":\"leave\",\"name\":\"alice\"}");
    }

    @Test
    void theRemoteSenderOfAnInboundOfferHearsLeaveWhenTheLocalHolderCloses() {
        RecordingSession alice = loggedIn("alice");
        Far bob = new Far("far-bob", 7);

        holders.get("alice").deliver(bob, Recipient.Kind.ANSWER, "{\"answer\":1}");
        alice.receives("{\"answer\":1}");
        router.onClose(alice);

        assertThat(bob.received()).containsExactly("alice GONE {\"type\":\"leave\",\"name\":\"alice\"}");
    }

    @Test
    void aRemoteLeaveEndsTheCallSoTheLaterCloseTellsNobody() {
        RecordingSession alice = loggedIn("alice");
        Far bob = new Far("far-bob", 7);
        Recipient holder = holders.get("alice");

        holder.deliver(bob, Recipient.Kind.OFFER, "{\"offer\":1}");
        holder.deliver(bob, Recipient.Kind.LEAVE, "{\"leave\":1}");
        assertThat(holder.deliver(bob, Recipient.Kind.GONE, "{\"gone\":1}")).isTrue();
        alice.receives("{\"offer\":1}");
        alice.receives("{\"leave\":1}");
        router.onClose(alice);

        assertThat(bob.received()).isEmpty();
    }

    @Test
    void aGoneFromARemoteUserInACallReachesTheClientOnce() {
        RecordingSession alice = loggedIn("alice");
        Recipient holder = holders.get("alice");
        holder.deliver(new Far("far-bob", 7), Recipient.Kind.OFFER, "{\"offer\":1}");
        alice.next();

        holder.deliver(new Far("far-bob", 7), Recipient.Kind.GONE, "{\"type\":\"leave\",\"name\":\"far-bob\"}");
        holder.deliver(new Far("far-bob", 7), Recipient.Kind.GONE, "{\"type\":\"leave\",\"name\":\"far-bob\"}");
        // a later login under the same name is another participant: not in the call
        holder.deliver(new Far("far-bob", 8), Recipient.Kind.GONE, "{\"type\":\"leave\",\"name\":\"far-bob\"}");

        alice.receives("{\"type\":\"leave\",\"name\":\"far-bob\"}");
    }

    @Test
    void leaveWithoutANameReachesRemotePeers() {
        Far bob = new Far("far-bob", 1);
        far.put(bob.name(), bob);
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"far-bob\",\"offer\":{}}");

        router.onText(alice, "{\"type\":\"leave\"}");
        router.onText(alice, "{\"type\":\"leave\"}");

        alice.receives("{\"type\":\"error\",\"code\":\"not_in_call\",\"message\":\"leave without a name, but not in a call\"}");
        assertThat(bob.received()).hasSize(2).last().isEqualTo("alice LEAVE {\"type\":\"leave\",\"name\":\"alice\"}");
    }

    @Test
    void leaveWithoutANameTellsAPeerKnownByTwoRecipientsOnce() {
        Far lookedUp = new Far("far-bob", 0); // what the registry handed out before it knew the login
        Far answered = new Far("far-bob", 5);
        far.put("far-bob", lookedUp);
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"far-bob\",\"offer\":{}}");
        holders.get("alice").deliver(answered, Recipient.Kind.ANSWER, "{\"answer\":1}");
        alice.receives("{\"answer\":1}");

        router.onText(alice, "{\"type\":\"leave\"}");
        router.onText(alice, "{\"type\":\"leave\"}");

        assertThat(lookedUp.received().size() + answered.received().size()).as("offer and one leave").isEqualTo(2);
        alice.receives("{\"type\":\"error\",\"code\":\"not_in_call\",\"message\":\"leave without a name, but not in a call\"}");
    }

    @Test
    void aLateUndeliverableReportReachesTheSenderAsNotDelivered() {
        Far bob = new Far("far-bob", 1);
        far.put(bob.name(), bob);
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"far-bob\",\"offer\":{}}");

        holders.get("alice").undeliverable(Recipient.Kind.OFFER, "far-bob");
        alice.receives("{\"type\":\"error\",\"code\":\"not_delivered\",\"message\":\"Could not deliver offer to far-bob\"}");
        router.onClose(alice);

        assertThat(bob.received()).as("the undelivered offer made no call").hasSize(1);
    }

    @Test
    void aLateOfflineReportReachesTheSenderAsUserNotFound() {
        Far bob = new Far("far-bob", 1);
        far.put(bob.name(), bob);
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"far-bob\",\"offer\":{}}");

        holders.get("alice").targetOffline(Recipient.Kind.OFFER, "far-bob");
        alice.receives("{\"type\":\"error\",\"code\":\"user_not_found\",\"message\":\"User far-bob is not online\"}");
        router.onText(alice, "{\"type\":\"leave\"}");
        alice.receives("{\"type\":\"error\",\"code\":\"not_in_call\",\"message\":\"leave without a name, but not in a call\"}");
    }

    @Test
    void aLostNameClosesTheConnectionWith4409AndFreesItsCalls() {
        Far bob = new Far("far-bob", 1);
        far.put(bob.name(), bob);
        RecordingSession alice = loggedIn("alice");
        router.onText(alice, "{\"type\":\"offer\",\"name\":\"far-bob\",\"offer\":{}}");

        holders.get("alice").nameLost();

        assertThat(alice.closeCode).isEqualTo(SignalingRouter.NAME_LOST_CODE);
        assertThat(alice.closeReason).isEqualTo("Name lost: log in again");
        assertThat(router.connectionCount()).isZero();
        assertThat(bob.received()).last().isEqualTo("alice GONE {\"type\":\"leave\",\"name\":\"alice\"}");
    }

    @Test
    void aRegistryThatCannotReachItsStoreFailsTheLoginAsUnavailable() {
        nextClaim = CompletableFuture.failedStage(new NameRegistry.UnavailableException("Redis is unreachable", null));
        RecordingSession session = new RecordingSession("s");
        sessions.add(session);
        router.onOpen(session);
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":false,\"code\":\"unavailable\","
                + "\"message\":\"Logins are unavailable for now (Redis is unreachable); try again later\"}");

        nextClaim = null;
        router.onText(session, "{\"type\":\"login\",\"name\":\"alice\"}");
        session.receives("{\"type\":\"login\",\"success\":true}");
    }
}
