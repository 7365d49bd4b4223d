package io.storagedrivers.doctor;

import io.storagedrivers.exec.CommandRunner;
import io.storagedrivers.exec.LocalCommandRunner;
import io.storagedrivers.exec.Runners;

/** The runners the doctor uses: this machine locally, hosts over SSH. */
final class DoctorRunners {

    private DoctorRunners() {
    }

    static Runners open() {
        // TODO(foundation): replace with io.storagedrivers.exec.ssh.DefaultRunners when it lands.
        return new Runners() {
            private final LocalCommandRunner local = new LocalCommandRunner();

            @Override
            public CommandRunner local() {
                return local;
            }

            @Override
            public CommandRunner host(String host) {
                throw new UnsupportedOperationException("SSH runner not available in this build");
            }

            @Override
            public void close() {
            }
        };
    }
}
