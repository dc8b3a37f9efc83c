// The files a run writes, as run_train streams them: the trajectory CSV
// (every --every steps and the last), the --out JSON with its long arrays
// streamed from the run's vectors, and the enclosure widths of an interval
// run.
#pragma once

#include "snae/atomic_file.hpp"
#include "snae/errors.hpp"
#include "snae/run.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <ostream>

namespace snae::detail {

/// A decimal as a CSV field: intervals "[lo,hi]" are quoted (RFC 4180).
template <class T>
std::string csv_decimal(const T& x)
{
    if constexpr (scalar_traits<T>::is_interval) return '"' + to_decimal(x) + '"';
    else return to_decimal(x);
}

/// The width of the enclosure along a run of an interval type: max_j
/// width(w_t[j]) at every observed step t, kept at a stride so that at most
/// about 512 entries are stored, plus the last step. Widths are kept as log2
/// (rounded up): at 4096 bits they are far below the smallest double.
class width_log {
public:
    explicit width_log(std::uint64_t max_steps) : stride_(std::max<std::uint64_t>(1, max_steps / 512)) {}
    void observe(std::uint64_t t, double width, double log2_width)
    {
        last_ = {t, width, log2_width};
        if (t % stride_ == 0) rows_.push_back(last_);
    }
    nlohmann::json report(long bits) const
    {
        auto rows = rows_;
        if (rows.empty() || rows.back().t != last_.t) rows.push_back(last_);
        auto log2_json = [](double l) { return std::isfinite(l) ? nlohmann::json(l) : nlohmann::json(nullptr); };
        nlohmann::json per = nlohmann::json::array();
        for (const auto& r : rows) per.push_back({r.t, log2_json(r.log2)});
        nlohmann::json j;
        j["max_width_w0"] = rows.front().width;
        j["max_width"] = last_.width;
        j["max_width_log2"] = log2_json(last_.log2);
        j["max_width_in_u"] = std::isfinite(last_.log2) ? std::exp2(last_.log2 + static_cast<double>(bits)) : 0.0;
        // Growth per step from the first step with a non-zero width to the
        // last: (w_T / w_t1)^(1/(T - t1)), and its log2, bits lost per step.
        const auto first = std::find_if(rows.begin(), rows.end(), [](const row& r) { return std::isfinite(r.log2); });
        if (first != rows.end() && last_.t > first->t && std::isfinite(last_.log2)) {
            const double bits_per_step = (last_.log2 - first->log2) / static_cast<double>(last_.t - first->t);
            j["growth_per_step"] = std::exp2(bits_per_step);
            j["bits_lost_per_step"] = bits_per_step;
        } else {
            j["growth_per_step"] = nullptr;
            j["bits_lost_per_step"] = nullptr;
        }
        j["log2_width_per_step"] = per;
        return j;
    }

private:
    struct row {
        std::uint64_t t;
        double width, log2;
    };
    std::uint64_t stride_;
    row last_{0, 0.0, -HUGE_VAL};
    std::vector<row> rows_;
};

/// Streams iterates to CSV: step, loss, dist_min, w_0 .. w_{d-1}.
template <class T>
class trajectory_writer {
public:
    trajectory_writer(const std::string& path, const dataset<T>& data, activation act, std::uint64_t every)
        : file_(path), eval_(data, act), every_(every)
    {
        auto& o = file_.stream();
        o << "step,loss,dist_min";
        for (std::size_t j = 0; j < data.d(); ++j) o << ",w_" << j;
        o << '\n';
    }
    void operator()(std::uint64_t t, const std::vector<T>& w)
    {
        if (t % every_ != 0) return;
        write(t, w);
    }
    /// The final iterate is always written, whatever --every says.
    void finish(std::uint64_t t, const std::vector<T>& w)
    {
        if (!last_ || *last_ != t) write(t, w);
        file_.commit();
    }

private:
    void write(std::uint64_t t, const std::vector<T>& w)
    {
        auto& o = file_.stream();
        o << t << ',';
        try {
            const auto& s = eval_(w);
            o << csv_decimal(s.loss) << ',' << (s.closed_forms ? csv_decimal(s.dist_min) : std::string("nan"));
        } catch (const undecidable_sign&) {
            // A non-finite iterate (the run is diverging) or an interval
            // straddling 0: the measures are undefined, the iterate is still written.
            o << "nan,nan";
        }
        for (const T& x : w) o << ',' << csv_decimal(x);
        o << '\n';
        last_ = t;
    }
    atomic_file file_;
    point_evaluator<T> eval_;
    std::uint64_t every_;
    std::optional<std::uint64_t> last_;
};

/// Writes the record r as JSON (2-space indent), followed by the arrays as
/// further members, each streamed element by element from the run's own
/// vectors: at d = 10^6 a JSON value per element made the output 400 MB of
/// memory; streamed, it costs nothing beyond the vectors themselves.
struct streamed_array {
    const char* key;
    std::size_t size;
    std::function<void(std::ostream&, std::size_t)> element;
};

inline void write_streamed(std::ostream& o, const nlohmann::json& r, const std::vector<streamed_array>& arrays)
{
    std::string head = r.dump(2); // "{\n  ...\n}"
    head.erase(head.find_last_not_of("}\n") + 1);
    o << head;
    for (const auto& a : arrays) {
        o << ",\n  \"" << a.key << "\": [";
        for (std::size_t i = 0; i < a.size; ++i) {
            o << (i ? ",\n    " : "\n    ");
            a.element(o, i);
        }
        o << (a.size ? "\n  ]" : "]");
    }
    o << "\n}\n";
}

inline std::unique_ptr<atomic_file> open_output(const std::optional<std::string>& path, const char* flag)
{
    if (!path) return nullptr;
    try {
        return std::make_unique<atomic_file>(*path);
    } catch (const std::runtime_error& e) {
        throw input_error(flag, e.what());
    }
}

} // namespace snae::detail
