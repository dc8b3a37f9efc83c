// snae.train: the run layer's prepare() and run_train_values() for the
// scalar type the options name, without the GIL, and the result converted
// exactly into Python values (values.hpp).
#include "bindings.hpp"
#include "callback.hpp"
#include "interrupt.hpp"
#include "values.hpp"

#include <pybind11/stl.h>

#include <snae/memory.hpp>

#include <chrono>

namespace snae::python {

namespace {

/// What the caller asks beyond the run itself.
struct train_extras {
    std::uint64_t trajectory_every = 0;   ///< 0: no trajectory
    python_callback callback;             ///< callback(step, w)
    std::uint64_t callback_every = 1;
    python_callback progress;             ///< progress(done, total)
};

/// The iterates kept for the trajectory and the callback's calls.
template <class T>
class run_watch {
public:
    explicit run_watch(const train_extras& x) : x_(x) {}

    bool keeps_trajectory() const noexcept { return x_.trajectory_every != 0; }

    iterate_observer<T> observer()
    {
        if (!x_.trajectory_every && !x_.callback.given()) return {};
        return [this](std::uint64_t t, const std::vector<T>& w) {
            if (x_.trajectory_every && t % x_.trajectory_every == 0) keep(t, w);
            if (x_.callback.given() && t % x_.callback_every == 0)
                x_.callback.call([&](const py::object& f) {
                    if (!types_) types_.emplace();
                    f(t, to_python(*types_, w));
                });
        };
    }

    /// The last iterate, if the stride did not land on it.
    void finish(std::uint64_t t, const std::vector<T>& w)
    {
        if (x_.trajectory_every && (steps_.empty() || steps_.back() != t)) keep(t, w);
    }

    std::vector<std::uint64_t> steps_;
    std::vector<T> rows_;

private:
    void keep(std::uint64_t t, const std::vector<T>& w)
    {
        steps_.push_back(t);
        rows_.insert(rows_.end(), w.begin(), w.end());
    }

    const train_extras& x_;
    std::optional<python_types> types_; // made under the GIL at the first call
};

/// progress(done, total) at most twice a second, from the run's thread
/// (the clock read every 256 steps, a step being as short as 20 ns).
std::function<void(std::uint64_t, std::uint64_t)> progress_hook(const python_callback& progress)
{
    if (!progress.given()) return {};
    using clock = std::chrono::steady_clock;
    auto last = std::make_shared<clock::time_point>(clock::now());
    auto calls = std::make_shared<std::uint64_t>(0);
    return [progress, last, calls](std::uint64_t t, std::uint64_t total) {
        if (++*calls % 256 != 0 && t != total) return;
        const auto now = clock::now();
        if (now - *last < std::chrono::milliseconds(500) && t != total) return;
        *last = now;
        progress(t, total);
    };
}

template <class T>
T not_a_number()
{
    detail::mpfr_temp v(scalar_traits<T>::digits());
    mpfr_set_nan(v.get());
    return scalar_traits<T>::from_mpfr(v.get());
}

/// The measures of the kept iterates: loss and loss gap per row.
template <class T>
void trajectory_into(py::dict& out, const python_types& types, const run_values<T>& v, const run_watch<T>& watch,
                     activation act)
{
    const std::size_t d = v.w.size(), rows = watch.steps_.size();
    std::vector<T> loss, gap, row(d);
    point_evaluator<T> eval(*v.data, act);
    for (std::size_t r = 0; r < rows; ++r) {
        std::copy(watch.rows_.begin() + static_cast<std::ptrdiff_t>(r * d),
                  watch.rows_.begin() + static_cast<std::ptrdiff_t>((r + 1) * d), row.begin());
        try {
            const point_summary<T>& s = eval(row);
            loss.push_back(s.loss);
            gap.push_back(s.loss_gap);
        } catch (const undecidable_sign&) { // a diverged row: NaN where no sign is decided
            loss.push_back(not_a_number<T>());
            gap.push_back(not_a_number<T>());
        }
    }
    out["trajectory_steps"] = py::array_t<std::uint64_t>(static_cast<py::ssize_t>(rows), watch.steps_.data());
    out["trajectory"] = to_python(types, watch.rows_, rows, d);
    out["trajectory_loss"] = to_python(types, loss);
    // General rows: the gap to (n-1)/(2n) is not applicable (None).
    out["trajectory_loss_gap"] = v.data->orthonormal() ? to_python(types, gap) : py::object(py::none());
}

/// The run's values as the Python wrapper's TrainResult takes them.
template <class T>
py::dict result_of(const run_values<T>& v, const run_watch<T>& watch, const run_config& c)
{
    python_types types;
    py::dict out;
    out["record"] = py::module_::import("json").attr("loads")(v.record.dump());
    out["w0"] = to_python(types, v.w0);
    out["w"] = to_python(types, v.w);
    out["eta"] = to_python(types, from_decimal<T>(c.eta));
    if (v.final) {
        out["support"] = py::array_t<std::size_t>(static_cast<py::ssize_t>(v.support.size()), v.support.data());
        const point_summary<T>& s = *v.final;
        out["coords"] = to_python(types, s.coords);
        out["loss"] = to_python(types, s.loss);
        out["loss_gap"] = v.data->orthonormal() ? to_python(types, s.loss_gap) : py::object(py::none());
        out["grad_norm"] = to_python(types, s.grad_norm);
        out["norm"] = to_python(types, T(sqrt_nonneg(s.norm2)));
        out["dist_min"] = s.closed_forms ? to_python(types, s.dist_min) : py::none();
        out["cos_init"] = to_python(types, v.cos_init);
    }
    if (watch.keeps_trajectory()) trajectory_into(out, types, v, watch, c.act);
    return out;
}

/// One run in T: the steps without the GIL, then the conversion.
template <class T>
py::dict train_in(const prepared_run& prepared, const train_extras& x, sigint_watch& stop)
{
    run_hooks hooks;
    hooks.interrupt = stop.flag();
    hooks.record_vectors = false; // the vectors are converted from v itself
    hooks.progress = progress_hook(x.progress);
    hooks.observe_every = std::gcd(x.trajectory_every, x.callback.given() ? x.callback_every : 0);
    run_watch<T> watch(x);
    run_values<T> v;
    {
        py::gil_scoped_release unlocked;
        v = run_train_values<T>(prepared, hooks, watch.observer());
        watch.finish(v.outcome.steps, v.w);
    }
    x.callback.rethrow();
    x.progress.rethrow();
    return result_of(v, watch, prepared.config);
}

/// rows x d values of the trajectory must fit in memory, checked before the run.
void check_trajectory_memory(const prepared_run& p, std::uint64_t every)
{
    if (!every) return;
    const double rows = static_cast<double>(p.config.steps / every) + 2;
    check_fits_in_memory("--trajectory-every", rows * static_cast<double>(p.d), p.config.scalar,
                         std::to_string(static_cast<unsigned long long>(rows)) + " trajectory rows of d = " + std::to_string(p.d));
}

py::dict train(const py::dict& run, std::uint64_t trajectory_every, py::object callback, std::uint64_t callback_every,
               py::object progress)
{
    const run_config c = run_config_from(run);
    sigint_watch stop;
    prepared_run prepared;
    {
        py::gil_scoped_release unlocked;
        prepared = prepare(c, stop.flag());
    }
    check_trajectory_memory(prepared, trajectory_every);
    const train_extras x{trajectory_every, python_callback(std::move(callback), stop), callback_every,
                         python_callback(std::move(progress), stop)};
    py::dict out = dispatch_any(c.scalar, [&](auto tag) { return train_in<typename decltype(tag)::type>(prepared, x, stop); });
    out["keyboard_interrupt"] = stop.keyboard_interrupt();
    return out;
}

} // namespace

void bind_train(py::module_& m)
{
    m.def("train", &train, py::arg("run"), py::arg("trajectory_every"), py::arg("callback"), py::arg("callback_every"),
          py::arg("progress"),
          "The run behind snae.train (use snae.train).");
}

} // namespace snae::python
