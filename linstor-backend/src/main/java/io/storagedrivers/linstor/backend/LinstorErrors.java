package io.storagedrivers.linstor.backend;

import java.util.function.Supplier;

import io.storagedrivers.linstor.api.LinstorApiException;
import io.storagedrivers.linstor.api.LinstorException;
import io.storagedrivers.linstor.api.RetCodes;
import io.storagedrivers.spi.BackendException;
import io.storagedrivers.spi.BackendException.Kind;

/** Turns client failures into BackendExceptions whose one line says what LINSTOR said. */
final class LinstorErrors {
    private LinstorErrors() {
    }

    static <T> T call(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (BackendException e) {
            throw e;
        } catch (LinstorException | IllegalArgumentException | IllegalStateException e) {
            throw map(what, e);
        }
    }

    static void run(String what, Runnable work) {
        call(what, () -> {
            work.run();
            return null;
        });
    }

    static BackendException map(String what, RuntimeException e) {
        String msg = what + ": " + e.getMessage();
        Kind kind = Kind.BACKEND_ERROR;
        if (e instanceof LinstorApiException api) {
            if (api instanceof LinstorApiException.NotFound) {
                kind = Kind.NOT_FOUND;
            } else if (api instanceof LinstorApiException.InUse) {
                kind = Kind.BUSY;
            } else if (api instanceof LinstorApiException.NotEnoughNodes
                    || api.code() == RetCodes.FAIL_NOT_ENOUGH_FREE_SPACE) {
                kind = Kind.NO_SPACE;
                if (api.details() != null && !api.details().isBlank()) {
                    msg += " [" + api.details().strip().replaceAll("\\s*\\R\\s*", "; ") + "]";
                }
            } else if (api.code() == RetCodes.FAIL_SNAPSHOTS_NOT_SUPPORTED) {
                kind = Kind.UNSUPPORTED;
            } else if (api.code() >= 200 && api.code() < 300) {
                kind = Kind.INVALID;
            }
        } else if (e instanceof IllegalArgumentException) {
            kind = Kind.INVALID;
        }
        return new BackendException(kind, msg, e);
    }
}
