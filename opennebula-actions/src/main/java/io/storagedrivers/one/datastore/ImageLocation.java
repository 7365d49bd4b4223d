package io.storagedrivers.one.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import io.storagedrivers.one.HostPath;
import io.storagedrivers.one.OneDatastore;
import io.storagedrivers.one.OneException;
import io.storagedrivers.spi.Progress;

/**
 * An image PATH: a local file on the frontend (allowed only under the datastore's SAFE_DIRS when it
 * is under RESTRICTED_DIRS, as OpenNebula's own drivers check) or an http/https URL.
 */
final class ImageLocation {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String path;
    private final URI url;

    private ImageLocation(String path, URI url) {
        this.path = path;
        this.url = url;
    }

    static ImageLocation of(String raw, OneDatastore ds) {
        if (raw == null || raw.isBlank()) {
            throw new OneException("the image has no PATH");
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI u = new URI(raw);
                if (u.getHost() == null) {
                    throw new OneException("image URL has no host: '" + raw + "'");
                }
                return new ImageLocation(null, u);
            } catch (URISyntaxException e) {
                throw new OneException("invalid image URL: " + e.getMessage());
            }
        }
        if (raw.contains("://")) {
            throw new OneException("unsupported image PATH scheme in '" + raw + "' (use a local path, http or https)");
        }
        String p = HostPath.path(raw);
        checkAllowed(p, ds);
        return new ImageLocation(p, null);
    }

    /** RESTRICTED_DIRS (default "/") may only be read below SAFE_DIRS (default /var/tmp). */
    private static void checkAllowed(String p, OneDatastore ds) {
        Path real;
        try {
            real = Path.of(p).toRealPath();
        } catch (IOException e) {
            throw new OneException("image file " + p + " does not exist or cannot be read");
        }
        List<String> restricted = dirs(ds.attr("RESTRICTED_DIRS"), "/");
        List<String> safe = dirs(ds.attr("SAFE_DIRS"), "/var/tmp");
        boolean isRestricted = restricted.stream().anyMatch(d -> under(real, d));
        boolean isSafe = safe.stream().anyMatch(d -> under(real, d));
        if (isRestricted && !isSafe) {
            throw new OneException("image file " + p + " is in a restricted directory (datastore SAFE_DIRS: "
                    + String.join(" ", safe) + ")");
        }
    }

    private static List<String> dirs(String attr, String dflt) {
        String v = attr.isBlank() ? dflt : attr.strip();
        List<String> out = new ArrayList<>();
        for (String d : v.split("\\s+")) {
            out.add(d);
        }
        return out;
    }

    private static boolean under(Path file, String dir) {
        try {
            Path d = Path.of(dir).toRealPath();
            return file.startsWith(d);
        } catch (IOException | RuntimeException e) {
            return Path.of(dir).isAbsolute() && file.startsWith(Path.of(dir).normalize());
        }
    }

    boolean isUrl() {
        return url != null;
    }

    Path localFile() {
        return Path.of(path);
    }

    /** Size the image has as a disk, in bytes (qcow2 virtual size, else the file size). */
    long virtualSize() {
        if (url == null) {
            return ImageFiles.inspect(localFile()).virtualSizeBytes();
        }
        HttpRequest req = HttpRequest.newBuilder(url).header("Range", "bytes=0-" + (ImageFiles.HEADER - 1))
                .timeout(CONNECT_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> r = client().send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                checkStatus(r);
                byte[] head = in.readNBytes(ImageFiles.HEADER);
                long total = totalSize(r).orElseThrow(() -> new OneException("the server did not say the size of " + url));
                return ImageFiles.header(head, total, url.toString()).virtualSize();
            }
        } catch (IOException e) {
            throw new OneException("cannot reach " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OneException("interrupted while reading " + url);
        }
    }

    /** Downloads the URL into {@code target} (a new file), reporting progress. */
    void download(Path target, Progress progress) {
        HttpRequest req = HttpRequest.newBuilder(url).GET().build();
        try {
            HttpResponse<InputStream> r = client().send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body();
                 OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
                checkStatus(r);
                long total = r.headers().firstValueAsLong("Content-Length").orElse(-1);
                byte[] buf = new byte[1 << 20];
                long done = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    done += n;
                    progress.report(done, total);
                }
                if (total >= 0 && done != total) {
                    throw new OneException("download of " + url + " stopped after " + done + " of " + total + " bytes");
                }
            }
        } catch (IOException e) {
            throw new OneException("cannot download " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OneException("interrupted while downloading " + url);
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private void checkStatus(HttpResponse<?> r) {
        if (r.statusCode() != 200 && r.statusCode() != 206) {
            throw new OneException("GET " + url + " answered HTTP " + r.statusCode());
        }
    }

    /** The whole resource's size: from Content-Range of a 206, else Content-Length of a 200. */
    private static OptionalLong totalSize(HttpResponse<?> r) {
        if (r.statusCode() == 206) {
            String cr = r.headers().firstValue("Content-Range").orElse("");
            int slash = cr.lastIndexOf('/');
            if (slash >= 0 && cr.substring(slash + 1).matches("[0-9]{1,18}")) {
                return OptionalLong.of(Long.parseLong(cr.substring(slash + 1)));
            }
            return OptionalLong.empty();
        }
        return r.headers().firstValueAsLong("Content-Length");
    }

    @Override
    public String toString() {
        return url != null ? url.toString() : path;
    }
}
