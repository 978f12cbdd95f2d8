package dev.switchboard.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate for 127.0.0.1, made by the JDK's {@code keytool} for a test's TLS server, in the
 * forms servers and clients take: PEM files for a server such as Redis, and a PKCS #12 trust store
 * for a JVM ({@code -Djavax.net.ssl.trustStore}). It signs itself, so it is its own authority: a
 * client trusts it only when told to.
 *
 * @param certificate the certificate, PEM
 * @param privateKey its key, unencrypted PKCS #8 PEM
 * @param trustStore a PKCS #12 store holding only the certificate, password {@link #TRUST_STORE_PASSWORD}
 */
public record SelfSignedCertificate(Path certificate, Path privateKey, Path trustStore) {

    public static final String TRUST_STORE_PASSWORD = "changeit";

    /** Makes a key pair and a certificate for IP address 127.0.0.1, valid for two days, in {@code directory}. */
    public static SelfSignedCertificate create(Path directory) {
        Path keyStore = directory.resolve("server.p12");
        String password = "server-store";
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password));
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                store.load(in, password.toCharArray());
            }
            PrivateKey key = (PrivateKey) store.getKey("server", password.toCharArray());
            Certificate cert = store.getCertificate("server");
            Path certificate = directory.resolve("server.crt");
            Path privateKey = directory.resolve("server.key");
            Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            Path trustStore = directory.resolve("trust.p12");
            try (OutputStream out = Files.newOutputStream(trustStore)) {
                trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
            return new SelfSignedCertificate(certificate, privateKey, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the key store keytool wrote", e);
        }
    }

    /** The JVM options that make a JVM trust this certificate (and only it). */
    public List<String> trustOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + TRUST_STORE_PASSWORD);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
