package io.ringkv.server.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of an internal call: HMAC-SHA256, under the cluster secret, of the method, the
 * receiving node's address (host:port as called), the path and query, the calling node's id, a
 * timestamp, a nonce and the SHA-256 digest of the body. The
 * first secret signs; every secret is accepted (two at once while the secret is rotated).
 */
public final class InternalSignature {
    public static final String NODE_HEADER = "X-Ringkv-Node";
    public static final String TIME_HEADER = "X-Ringkv-Time";
    public static final String NONCE_HEADER = "X-Ringkv-Nonce";
    public static final String SIGNATURE_HEADER = "X-Ringkv-Signature";
    private static final String VERSION = "ringkv-hmac-sha256-v2";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<Mac> macs;

    /** @param secrets the accepted secrets, the signing one first; at least one */
    public InternalSignature(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no cluster secret");
        }
        List<Mac> list = new ArrayList<>();
        for (String secret : secrets) {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
                list.add(mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is unavailable", e);
            }
        }
        this.macs = List.copyOf(list);
    }

    /** The signature (base64url) with the signing secret. */
    public String sign(
            String method,
            String target,
            String pathAndQuery,
            String node,
            long time,
            String nonce,
            byte[] bodyDigest) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac(macs.get(0), method, target, pathAndQuery, node, time, nonce, bodyDigest));
    }

    /** Whether {@code signature} is right under one of the accepted secrets (constant time per secret). */
    public boolean verify(
            String signature,
            String method,
            String target,
            String pathAndQuery,
            String node,
            long time,
            String nonce,
            byte[] digest) {
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean ok = false;
        for (Mac mac : macs) {
            ok |= MessageDigest.isEqual(given, mac(mac, method, target, pathAndQuery, node, time, nonce, digest));
        }
        return ok;
    }

    /** The SHA-256 digest of a body. */
    public static byte[] digest(byte[] body, int offset, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(body, offset, length);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static byte[] mac(
            Mac prototype,
            String method,
            String target,
            String pathAndQuery,
            String node,
            long time,
            String nonce,
            byte[] digest) {
        String canonical = VERSION
                + '\n'
                + method
                + '\n'
                + target.toLowerCase(java.util.Locale.ROOT)
                + '\n'
                + pathAndQuery
                + '\n'
                + node
                + '\n'
                + time
                + '\n'
                + nonce
                + '\n'
                + HexFormat.of().formatHex(digest);
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
        }
        return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
    }
}
