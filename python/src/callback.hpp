// A Python function that a long call runs without the GIL calls back
// (progress, snae.train's callback), from the call's thread or a sweep's
// worker threads.
#pragma once

#include "interrupt.hpp"

#include <pybind11/pybind11.h>

#include <memory>
#include <utility>

namespace snae::python {

namespace py = pybind11;

/// Calls the function under the GIL, when it is not None. An exception it
/// raises stops the work at its next step (as Ctrl-C does) and is kept for
/// rethrow() once the work has stopped; later calls are skipped. Copies
/// share that state.
class python_callback {
public:
    python_callback(py::object f, sigint_watch& stop) : f_(std::move(f)), stop_(&stop) {}

    bool given() const noexcept { return !f_.is_none(); }

    /// f(args...), the arguments converted by pybind11 under the GIL.
    template <class... Args>
    void operator()(Args&&... args) const
    {
        call([&](const py::object& f) { f(std::forward<Args>(args)...); });
    }

    /// call(f) under the GIL: for arguments that need the GIL to be made.
    template <class Call>
    void call(Call&& c) const
    {
        if (f_.is_none()) return;
        py::gil_scoped_acquire gil;
        if (*error_) return;
        try {
            c(f_);
        } catch (py::error_already_set& e) {
            *error_ = std::make_shared<py::error_already_set>(std::move(e));
            stop_->stop();
        }
    }

    /// Raises what the function raised, if it did (GIL held).
    void rethrow() const
    {
        if (*error_) throw **error_;
    }

private:
    py::object f_;
    sigint_watch* stop_;
    std::shared_ptr<std::shared_ptr<py::error_already_set>> error_ = std::make_shared<std::shared_ptr<py::error_already_set>>();
};

} // namespace snae::python
