// Ctrl-C during a long call (docs/python.md, "Interrupting a call").
//
// A call runs without the GIL, so Python's SIGINT handler cannot run until
// it returns. While a call made from the main thread runs, snae's own
// handler replaces Python's: it sets the flag that the trainer, the sweep
// and the claims test at every step (the command line's flag), and
// nothing else, so no KeyboardInterrupt can surface half-way through the
// conversion of the result or inside a callback. The call stops at its
// next step, Python's handler is put back, and the call then does what
// that handler says: the default one (KeyboardInterrupt) makes the module
// raise KeyboardInterrupt carrying the partial result; a handler of the
// user's own is called as Python would call it. Calls from other threads
// are not interrupted by Ctrl-C (Python delivers signals to the main
// thread only).
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>

#include <signal.h>

namespace snae::python {

class sigint_watch {
public:
    /// Starts watching (GIL held); does nothing outside the main thread or
    /// when SIGINT is ignored or at its default action.
    sigint_watch();
    sigint_watch(const sigint_watch&) = delete;
    sigint_watch& operator=(const sigint_watch&) = delete;
    /// Stops watching: Python's handler is in place again.
    ~sigint_watch();

    /// The flag to hand to the run (set by Ctrl-C).
    const std::atomic<bool>* flag() const noexcept { return &flag_; }
    /// Sets the flag as Ctrl-C would (a callback that raised stops the run).
    void stop() noexcept { flag_.store(true); }
    bool stopped() const noexcept { return flag_.load(); }

    /// After the call, GIL held: whether Ctrl-C stopped it and Python's
    /// SIGINT handler is the default one (the caller then raises
    /// KeyboardInterrupt with the partial result). A handler of the user's own is called instead,
    /// and what it raises is thrown as py::error_already_set.
    bool keyboard_interrupt();

private:
    std::atomic<bool> flag_{false};
    std::atomic<bool>* outer_ = nullptr;
    bool installed_ = false, watching_ = false;
    struct sigaction previous_ {};
};

} // namespace snae::python
