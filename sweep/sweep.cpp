#include "sweep.hpp"

#include "figures.hpp"
#include "journal.hpp"
#include "measure.hpp"
#include "summary.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>
#include <snae/memory.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <mpfr.h>

#include <unistd.h>

namespace snae::sweep {

namespace {

namespace fs = std::filesystem;

void check_writable(const fs::path& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw input_error("--out-dir", "cannot create '" + dir.string() + "': " + ec.message());
    if (!fs::is_directory(dir)) throw input_error("--out-dir", "'" + dir.string() + "' is not a folder");
    const fs::path probe = dir / (".snae-probe.tmp-" + std::to_string(::getpid()));
    {
        std::ofstream f(probe);
        if (!f) throw input_error("--out-dir", "cannot write in '" + dir.string() + "'");
    }
    fs::remove(probe, ec);
}

fs::path trace_path(const fs::path& dir, std::size_t point) { return dir / "traces" / ("point-" + std::to_string(point) + ".json"); }

void write_trace(const fs::path& dir, const grid_run& r, const run_trace& t)
{
    nlohmann::json j;
    j["run"] = r.id;
    j["point"] = r.point;
    j["seed"] = r.run.config.seed;
    j["sorted_abs_coords"] = t.sorted_abs_coords;
    j["t"] = t.t;
    j["top"] = t.top;
    atomic_file f(trace_path(dir, r.point).string());
    f.stream() << j.dump() << '\n';
    f.commit();
}

std::optional<nlohmann::json> read_trace(const fs::path& dir, std::size_t point)
{
    std::ifstream in(trace_path(dir, point));
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    nlohmann::json j;
    if (parse_shallow_json(ss.str(), j) != json_read::ok) return std::nullopt;
    return j;
}

std::vector<double> doubles(const nlohmann::json& j)
{
    std::vector<double> v;
    for (const auto& x : j) v.push_back(x.is_number() ? x.get<double>() : 0.0);
    return v;
}

/// The points of a figure's slice by n, each ordered by b (full batch last).
using points_by_n = std::map<std::uint64_t, std::vector<const point_row*>>;

/// Full batch: `full`, or b = n, which every sampler makes the full batch.
bool is_full_batch(const point_row& p)
{
    const std::string& b = p.axes[axis_index("batch")];
    return b == "full" || b == p.axes[axis_index("n")];
}

/// A point's x on the figures' b axis: its batch size, or full_batch (figures.hpp).
double batch_x(const point_row& p) { return is_full_batch(p) ? full_batch : std::stod(p.axes[axis_index("batch")]); }

/// The points that share every axis but n, d and batch with the first point, by n.
points_by_n slice_by_n(const std::vector<grid_run>& runs, const std::vector<point_row>& points)
{
    std::map<std::size_t, std::string> slice_of;
    for (const auto& r : runs) slice_of[r.point] = r.slice;
    points_by_n by_n;
    for (const auto& p : points)
        if (slice_of[p.point] == slice_of[points.front().point]) by_n[std::stoull(p.axes[axis_index("n")])].push_back(&p);
    for (auto& entry : by_n)
        std::stable_sort(entry.second.begin(), entry.second.end(),
                         [](const point_row* a, const point_row* b) { return batch_x(*a) < batch_x(*b); });
    return by_n;
}

/// The mean of measure `m` against b over the points `ps` (and one sd as error bar when `with_err`).
xy_series mean_series(const std::vector<const point_row*>& ps, const std::string& label, const std::string& m, bool with_err)
{
    xy_series s;
    s.label = label;
    for (const point_row* p : ps) {
        const stats& st = p->measures.at(m);
        if (st.count == 0) continue;
        s.x.push_back(batch_x(*p));
        s.y.push_back(st.mean);
        if (with_err) s.err.push_back(std::isnan(st.sd) ? 0.0 : st.sd);
    }
    return s;
}

/// Figures (b), (c) and (d): one series per n and measure.
void add_mean_series(figure_inputs& in, const points_by_n& by_n)
{
    for (const auto& [n, ps] : by_n) {
        const std::string& d = ps.front()->axes[axis_index("d")];
        const std::string label = "n = " + std::to_string(n) + (d == std::to_string(n) ? " = d" : ", d = " + d);
        in.participation.push_back(mean_series(ps, label, "participation", true));
        in.trace.push_back(mean_series(ps, label, "trace", true));
        in.trace_closed.push_back(mean_series(ps, label + " (closed form)", "trace_closed", false));
        in.lambda_max.push_back(mean_series(ps, label, "lambda_max", true));
        in.lambda_max_closed.push_back(mean_series(ps, label + " (closed form 4/n)", "lambda_max_closed", false));
        in.cosine.push_back(mean_series(ps, label, "cos_init", true));
        in.cosine_predicted.push_back(mean_series(ps, label + " (predicted)", "cos_predicted", false));
    }
}

/// Figure (e) for one run's trace: the k-th largest |c_i(w_t)| against t, one series per k.
void add_top_series(const nlohmann::json& trace, const point_row& p, const std::string& what, std::vector<xy_series>& out,
                    std::string& title)
{
    static const char* ord[] = {"largest", "2nd", "3rd", "4th", "5th"};
    const auto steps = doubles(trace["t"]);
    const auto& tops = trace["top"];
    title = what + ", n = " + p.axes[axis_index("n")] + ", seed " + std::to_string(trace["seed"].get<std::uint64_t>());
    for (std::size_t k = 0; k < tops.size(); ++k) {
        xy_series s;
        s.label = ord[std::min<std::size_t>(k, 4)];
        const auto v = doubles(tops[k]);
        for (std::size_t m = 0; m < v.size() && m < steps.size(); ++m) {
            s.x.push_back(steps[m]); // the figure plots t + 1 on its log axis
            s.y.push_back(v[m]);
        }
        out.push_back(s);
    }
}

/// Figures (a) and (e) at the largest n, from the traces of the first seed:
/// (a) every batch size, (e) the first GD and the first SGD point.
void add_traces(figure_inputs& in, const fs::path& dir, const points_by_n& by_n)
{
    const auto& [n, ps] = *by_n.rbegin();
    in.sorted_n = static_cast<std::size_t>(n);
    bool gd = false, sgd = false;
    for (const point_row* p : ps) {
        const auto t = read_trace(dir, p->point);
        if (!t) continue;
        if (!in.trace_seed) in.trace_seed = (*t)["seed"].get<std::uint64_t>();
        const std::string& b = p->axes[axis_index("batch")];
        const bool full = is_full_batch(*p);
        xy_series s;
        s.label = full ? "full batch" : "b = " + b;
        const auto c = doubles((*t)["sorted_abs_coords"]);
        for (std::size_t i = 0; i < c.size(); ++i) {
            s.x.push_back(static_cast<double>(i + 1));
            s.y.push_back(c[i]);
        }
        in.sorted_coords.push_back(s);
        if (full && !gd) add_top_series(*t, *p, "GD (full batch)", in.top_gd, in.top_gd_title);
        if (!full && !sgd) add_top_series(*t, *p, "SGD, b = " + b, in.top_sgd, in.top_sgd_title);
        gd = gd || full;
        sgd = sgd || !full;
    }
}

/// Log axes: gnuplot cannot place subnormal numbers, and a coordinate
/// below 1e-300 has decayed to nothing on any scale one would print.
void drop_below_log_range(std::vector<xy_series>& group)
{
    for (auto& s : group) {
        std::vector<double> x, y;
        for (std::size_t i = 0; i < s.x.size(); ++i)
            if (s.y[i] >= 1e-300) {
                x.push_back(s.x[i]);
                y.push_back(s.y[i]);
            }
        s.x = std::move(x);
        s.y = std::move(y);
    }
}

/// What the figures show (figures.hpp): the slice of the first point.
figure_inputs figure_data(const fs::path& dir, const nlohmann::json& config, const std::vector<grid_run>& runs,
                          const std::vector<point_row>& points, std::size_t seeds)
{
    figure_inputs in;
    in.config_json = config.dump();
    if (points.empty()) return in;
    const auto& f = points.front().axes;
    in.subtitle = f[axis_index("activation")] + ", " + f[axis_index("data")] + " data, " + f[axis_index("scalar")];
    in.seeds = seeds;
    const points_by_n by_n = slice_by_n(runs, points);
    add_mean_series(in, by_n);
    if (!by_n.empty()) add_traces(in, dir, by_n);
    for (auto* group : {&in.sorted_coords, &in.top_gd, &in.top_sgd}) drop_below_log_range(*group);
    return in;
}

} // namespace

namespace {

/// MPFR keeps caches per thread (constants such as log 2, made when w_0 is
/// drawn at 128 bits); they are lost when a thread ends without freeing them.
struct mpfr_cache_release {
    ~mpfr_cache_release() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }
};

/// Runs `todo` on `threads` workers, appending each finished run to the
/// journal; returns how many finished. Stops early on interrupt (the runs in
/// flight are lost) or on the first error, which it rethrows.
std::size_t run_pending(const std::vector<const grid_run*>& todo, unsigned threads, journal& j, const sweep_config& config,
                        const sweep_options& options, const fs::path& dir)
{
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex, progress_mutex;
    auto worker = [&] {
        const mpfr_cache_release release;
        while (!failed.load() && !(options.interrupt && options.interrupt->load())) {
            const std::size_t k = next.fetch_add(1);
            if (k >= todo.size()) return;
            const grid_run& r = *todo[k];
            try {
                const bool want_trace = r.run.config.seed == config.seed_first;
                run_result res = measure_run(r, spectrum_of(config, r.run.config.data), want_trace, options.interrupt);
                if (res.interrupted) return; // a run in flight is lost, by design
                if (want_trace) write_trace(dir, r, res.trace);
                auto row = key_columns(r);
                row.insert(row.end(), res.values.begin(), res.values.end());
                j.append(r.id, row);
                const std::size_t now = ++done;
                if (options.progress) {
                    std::lock_guard<std::mutex> lock(progress_mutex);
                    options.progress(now, todo.size());
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(error_mutex);
                if (!error) error = std::current_exception();
                failed.store(true);
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return done.load();
}

/// Values a run's Hessian measure holds beside the run: the d x d Hessian,
/// with the eigen-solver's copy and workspace for the dense spectrum;
/// nothing for the structured one.
double hessian_values(spectrum_method m, double d)
{
    return m == spectrum_method::structured ? 0 : m == spectrum_method::dense ? 3 * d * d : d * d;
}

/// The largest grid point must fit `threads` times over: its run (what
/// prepare() checks) plus its Hessian measure (hessian_values).
void check_sweep_memory(const std::vector<grid_run>& runs, const sweep_config& config, const sweep_options& options)
{
    const grid_run* worst = nullptr;
    double most = 0;
    for (const auto& r : runs) {
        const double d = static_cast<double>(r.run.d), n = static_cast<double>(r.run.n);
        const double values = (8 * d + n * d + hessian_values(spectrum_of(config, r.run.config.data), d)) * bytes_per_value(r.run.config.scalar);
        if (values > most) {
            most = values;
            worst = &r;
        }
    }
    if (!worst) return;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const double threads = static_cast<double>(std::min<std::size_t>(options.threads ? options.threads : cores, runs.size()));
    const double d = static_cast<double>(worst->run.d), n = static_cast<double>(worst->run.n);
    const spectrum_method m = spectrum_of(config, worst->run.config.data);
    check_fits_in_memory("--d", threads * (8 * d + n * d + hessian_values(m, d)), worst->run.config.scalar,
                         std::to_string(static_cast<long long>(threads)) + " concurrent runs with d = " + std::to_string(worst->run.d) +
                             (m == spectrum_method::structured ? std::string()
                                                                : std::string(" and their d x d Hessians") +
                                                                      (m == spectrum_method::dense ? " (--spectrum none skips the eigen-solver)" : "")));
}

} // namespace

sweep_outcome run_sweep(const sweep_config& config, const sweep_options& options)
{
    const std::vector<grid_run> runs = expand(config, options.interrupt);
    check_sweep_memory(runs, config, options);
    const nlohmann::json echo = echo_json(config);
    // Inputs that can only fail in the run's precision (eta rounding to 0,
    // a data file that is not orthonormal in that precision): one run per point.
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (i == 0 || runs[i].point != runs[i - 1].point) check_in_precision(runs[i]);

    sweep_outcome out;
    out.out_dir = options.out_dir.empty() ? fs::path("reports") / sweep_name(config) : options.out_dir;
    check_writable(out.out_dir);
    const folder_lock lock(out.out_dir); // before runs.csv is read: one sweep per folder at a time
    std::vector<std::string> notes;
    journal j(out.out_dir / "runs.csv", echo, runs, notes);
    for (const auto& n : notes)
        if (options.note) options.note(n);
    out.runs = runs.size();
    out.resumed = j.rows().size();
    if (out.resumed && options.note)
        options.note("resuming: " + std::to_string(out.resumed) + " of " + std::to_string(runs.size()) + " runs already in " +
                     (out.out_dir / "runs.csv").string());

    std::vector<const grid_run*> todo;
    for (const auto& r : runs)
        if (!j.rows().count(r.id)) todo.push_back(&r);
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, todo.size())));
    fs::create_directories(out.out_dir / "traces");
    out.ran = run_pending(todo, threads, j, config, options, out.out_dir);
    if (j.rows().size() < runs.size()) {
        out.interrupted = true;
        return out;
    }

    j.finish();
    const mpfr_cache_release release; // the statistics' MPFR caches of this thread, as a worker's
    out.files.push_back(config_file_name);
    out.files.push_back("runs.csv");
    const auto points = aggregate(runs, j.rows());
    const auto columns = options.table_columns.empty() ? table_columns({"paper"}) : options.table_columns;
    for (const auto& f : write_summaries(out.out_dir, echo, points, config.seed_count, columns)) out.files.push_back(f);
    if (options.figures) {
        const figure_result fr = write_figures(out.out_dir / "figures", figure_data(out.out_dir, echo, runs, points, config.seed_count),
                                                 options.figure_style);
        for (const auto& f : fr.files) out.files.push_back("figures/" + f);
        if (!fr.drawn && options.note) options.note(fr.message);
    }
    return out;
}

} // namespace snae::sweep
