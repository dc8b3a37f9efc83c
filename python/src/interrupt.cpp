#include "interrupt.hpp"

namespace snae::python {

namespace py = pybind11;

namespace {
std::atomic<std::atomic<bool>*> g_flag{nullptr};
std::atomic<bool> g_signalled{false};

extern "C" void on_sigint(int)
{
    g_signalled.store(true);
    if (std::atomic<bool>* f = g_flag.load()) f->store(true);
}

bool in_main_thread()
{
    py::module_ threading = py::module_::import("threading");
    const py::object main_ident = threading.attr("main_thread")().attr("ident");
    return main_ident.equal(threading.attr("get_ident")());
}
} // namespace

sigint_watch::sigint_watch()
{
    if (!in_main_thread()) return;
    watching_ = true;
    outer_ = g_flag.exchange(&flag_);
    if (outer_) return; // a call from a callback of another call: that call's handler is in place
    struct sigaction current {};
    sigaction(SIGINT, nullptr, &current);
    const bool handled = (current.sa_flags & SA_SIGINFO) ? current.sa_sigaction != nullptr
                                                         : current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN;
    if (!handled) return; // Ctrl-C ignored, or ending the process: leave it so
    g_signalled.store(false);
    struct sigaction ours {};
    ours.sa_handler = on_sigint;
    sigemptyset(&ours.sa_mask);
    installed_ = sigaction(SIGINT, &ours, &previous_) == 0;
}

sigint_watch::~sigint_watch()
{
    if (installed_) sigaction(SIGINT, &previous_, nullptr);
    if (watching_) g_flag.store(outer_);
}

bool sigint_watch::keyboard_interrupt()
{
    if (!watching_ || !flag_.load() || !g_signalled.exchange(false)) return false;
    py::module_ signal = py::module_::import("signal");
    const py::object handler = signal.attr("getsignal")(signal.attr("SIGINT"));
    if (handler.is(signal.attr("default_int_handler"))) return true;
    if (PyCallable_Check(handler.ptr())) handler(signal.attr("SIGINT"), py::none());
    return false;
}

} // namespace snae::python
