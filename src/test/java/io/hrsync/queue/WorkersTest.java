package io.hrsync.queue;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WorkersTest {

    final String self = Workers.newId();

    @Test
    void aWorkerOfThisHostWhoseProcessEndedIsGone() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        assertTrue(Workers.goneFromThisHost(Workers.host() + "-" + ended.pid() + "-abcd", self));
    }

    @Test
    void aWorkerWithOurPidButAnotherIdIsAnEarlierLifeOfThisContainer() {
        assertTrue(Workers.goneFromThisHost(Workers.host() + "-" + ProcessHandle.current().pid() + "-zzzz", self));
    }

    @Test
    void aLiveProcessOurselvesAndOtherHostsAreNotJudged() {
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        assertFalse(Workers.goneFromThisHost(Workers.host() + "-" + parent + "-abcd", self));
        assertFalse(Workers.goneFromThisHost(self, self));
        assertFalse(Workers.goneFromThisHost("some-other-host-1-abcd", self));
        assertFalse(Workers.goneFromThisHost("garbage", self));
        assertFalse(Workers.goneFromThisHost(null, self));
    }
}
