#include "sweep.hpp"
#include "studies.hpp"

#include "figures.hpp"
#include "journal.hpp"
#include "measure.hpp"
#include "mpi_dispatch.hpp"
#include "summary.hpp"

#include <snae/atomic_file.hpp>
#include <snae/errors.hpp>
#include <snae/memory.hpp>
#include <snae/text.hpp>

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

/// Threads per process: --threads, or every core shared among the ranks
/// on this node.
unsigned worker_threads(const sweep_options& options)
{
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned ranks = options.mpi ? static_cast<unsigned>(std::max(1, options.mpi->local_size())) : 1u;
    return options.threads ? options.threads : std::max(1u, cores / ranks);
}

/// Everything that can be wrong with the input, before anything is written:
/// the grid, memory, the numbers in each run's precision, the shard.
std::vector<grid_run> checked_runs(const sweep_config& config, const sweep_options& options)
{
    std::vector<grid_run> runs = expand(config, options.interrupt);
    check_sweep_memory(runs, config, options);
    // Inputs that can only fail in the run's precision (eta rounding to 0,
    // a data file that is not orthonormal in that precision): one run per point.
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (i == 0 || runs[i].point != runs[i - 1].point) check_in_precision(runs[i]);
    if (options.shard_count < 1 || options.shard_index < 1 || options.shard_index > options.shard_count)
        throw input_error("--shard", "expected I/N with 1 <= I <= N, got " + std::to_string(options.shard_index) + "/" +
                                         std::to_string(options.shard_count));
    if (options.shard_count > runs.size())
        throw input_error("--shard", "N = " + std::to_string(options.shard_count) + " shards for " + std::to_string(runs.size()) +
                                         " runs; expected N in [1, " + std::to_string(runs.size()) + "]");
    return runs;
}

/// Under MPI every rank checks the input and all agree before rank 0
/// writes anything: the first problem (lowest rank) is every rank's error.
std::vector<grid_run> agreed_runs(const sweep_config& config, const sweep_options& options)
{
    if (!options.mpi) return checked_runs(config, options);
    std::string problem;
    std::vector<grid_run> runs;
    try {
        runs = checked_runs(config, options);
    } catch (const input_error& e) {
        problem = e.flag() + '\n' + e.message();
    }
    const std::string first = options.mpi->first_problem(problem);
    if (first.empty()) return runs;
    const std::size_t cut = first.find('\n');
    throw input_error(first.substr(0, cut), first.substr(cut + 1));
}

/// The shard's record in its folder: a folder holds one shard's runs.
void check_shard_file(const fs::path& dir, const sweep_options& options)
{
    const fs::path file = dir / "shard.json";
    nlohmann::json mine = {{"shard", options.shard_index}, {"of", options.shard_count}};
    if (fs::exists(file)) {
        std::ifstream in(file);
        std::stringstream ss;
        ss << in.rdbuf();
        nlohmann::json old;
        if (parse_shallow_json(ss.str(), old) != json_read::ok || old != mine)
            throw input_error("--shard", "'" + shown(file.string()) + "' records another shard (" + ss.str().substr(0, 40) +
                                             "); give each shard its own --out-dir");
        return;
    }
    if (options.shard_count == 1) return;
    atomic_file f(file.string());
    f.stream() << mine.dump() << '\n';
    f.commit();
}

/// The runs this invocation owes: the shard's, less those already journaled.
std::vector<std::size_t> runs_to_do(const std::vector<grid_run>& runs, const sweep_config& config, const sweep_options& options,
                                    const journal& j)
{
    std::vector<std::size_t> todo;
    for (std::size_t id : shard_runs(runs, config, options.shard_index, options.shard_count))
        if (!j.rows().count(id)) todo.push_back(id);
    return todo;
}

/// Runs `todo` on this process's threads (and, under MPI, on the other
/// ranks), journaling each result as it arrives; largest prior cost first.
/// Returns whether it was interrupted (here or on another rank).
bool run_pending(const std::vector<grid_run>& runs, const std::vector<std::size_t>& todo, const sweep_config& config,
                 const sweep_options& options, journal& j, const fs::path& dir)
{
    cost_model model(runs, config);
    for (const auto& [id, t] : j.timings()) model.observe(id, t.seconds, t.steps);
    std::vector<double> cost;
    for (const auto& r : runs) cost.push_back(prior_cost(r, config));
    work_queue queue(largest_first(cost, todo));
    const unsigned threads = worker_threads(options);
    const bool ranks = options.mpi && options.mpi->size() > 1;
    const unsigned local = ranks ? threads : static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, todo.size())));
    const unsigned workers = ranks ? threads * static_cast<unsigned>(options.mpi->size()) : local;
    collector sink(j, dir, model, queue, todo.size(), workers, options.progress);
    const auto accept = [&sink](const finished_run& f) { sink.accept(f); };
    const auto fail = [&sink](std::exception_ptr e) { sink.fail(e); };
    std::atomic<bool> stop_all{false};
    if (!ranks) {
        run_threads(runs, config, queue, local, accept, fail, options.interrupt, "");
    } else {
        std::thread own([&] { run_threads(runs, config, queue, threads, accept, fail, &stop_all, "rank 0 "); });
        serve_ranks(*options.mpi, queue, accept, fail, options.interrupt, stop_all);
        own.join();
    }
    sink.rethrow();
    return stop_all.load() || (options.interrupt && options.interrupt->load());
}

/// The study's tables and figures (studies.hpp), from the measured values of each row.
void write_study_of(const std::vector<grid_run>& runs, const sweep_config& config, const nlohmann::json& echo, const journal& j,
                    const sweep_options& options, sweep_outcome& out)
{
    const study_kind kind = parse_study(config.study);
    if (kind == study_kind::none) return;
    const std::size_t keys = key_column_names().size();
    std::map<std::size_t, std::vector<std::string>> measured;
    for (const auto& [id, row] : j.rows()) measured[id] = std::vector<std::string>(row.begin() + static_cast<std::ptrdiff_t>(keys), row.end());
    const study_result sr = write_study(kind, out.out_dir, echo, runs, measured, options.figure_style, options.figures);
    for (const auto& f : sr.files) out.files.push_back(f);
    if (!sr.message.empty() && options.note) options.note(sr.message);
}

/// The summaries and figures of a complete journal.
void write_reports(const std::vector<grid_run>& runs, const sweep_config& config, const nlohmann::json& echo, const journal& j,
                   const sweep_options& options, sweep_outcome& out)
{
    const mpfr_cache_release release; // the statistics' MPFR caches of this thread, as a worker's
    out.files.push_back(config_file_name);
    out.files.push_back("runs.csv");
    const auto points = aggregate(runs, j.rows());
    const auto columns = options.table_columns.empty() ? table_columns({"paper"}) : options.table_columns;
    for (const auto& f : write_summaries(out.out_dir, echo, points, runs_per_point(config), columns)) out.files.push_back(f);
    if (options.figures) {
        const figure_result fr = write_figures(out.out_dir / "figures", figure_data(out.out_dir, echo, runs, points, runs_per_point(config)),
                                                 options.figure_style);
        for (const auto& f : fr.files) out.files.push_back("figures/" + f);
        if (!fr.drawn && options.note) options.note(fr.message);
    }
    write_study_of(runs, config, echo, j, options, out);
}

/// Opens (or resumes) the journal of `out.out_dir`, with notes for the user.
std::unique_ptr<journal> open_journal(const std::vector<grid_run>& runs, const nlohmann::json& echo, const sweep_options& options,
                                      sweep_outcome& out)
{
    std::vector<std::string> notes;
    auto j = std::make_unique<journal>(out.out_dir / "runs.csv", echo, runs, notes);
    for (const auto& n : notes)
        if (options.note) options.note(n);
    out.runs = runs.size();
    out.resumed = j->rows().size();
    if (out.resumed && options.note)
        options.note("resuming: " + std::to_string(out.resumed) + " of " + std::to_string(runs.size()) + " runs already in " +
                     (out.out_dir / "runs.csv").string());
    return j;
}

/// Writes the reports when every run is journaled; otherwise counts what is missing.
void complete(const std::vector<grid_run>& runs, const sweep_config& config, const nlohmann::json& echo, journal& j,
              const sweep_options& options, sweep_outcome& out)
{
    out.missing = runs.size() - j.rows().size();
    if (out.missing) return;
    j.finish();
    write_reports(runs, config, echo, j, options, out);
}

} // namespace

sweep_outcome run_sweep(const sweep_config& config, const sweep_options& options)
{
    const std::vector<grid_run> runs = agreed_runs(config, options);
    if (options.mpi && options.mpi->rank() != 0) {
        work_for_rank0(*options.mpi, runs, config, worker_threads(options), options.interrupt);
        return {};
    }
    const nlohmann::json echo = echo_json(config);
    sweep_outcome out;
    out.name = sweep_name(config);
    const std::string shard = options.shard_count > 1 ? "-shard-" + std::to_string(options.shard_index) + "-of-" + std::to_string(options.shard_count) : "";
    out.out_dir = options.out_dir.empty() ? fs::path("reports") / (out.name + shard) : options.out_dir;
    check_writable(out.out_dir);
    const folder_lock lock(out.out_dir); // before runs.csv is read: one sweep per folder at a time
    check_shard_file(out.out_dir, options);
    const auto j = open_journal(runs, echo, options, out);
    const std::vector<std::size_t> todo = runs_to_do(runs, config, options, *j);
    fs::create_directories(out.out_dir / "traces");
    const std::size_t before = j->rows().size();
    const bool interrupted = run_pending(runs, todo, config, options, *j, out.out_dir);
    out.ran = j->rows().size() - before;
    if (interrupted && out.ran < todo.size()) {
        out.interrupted = true;
        return out;
    }
    if (options.shard_count > 1) {
        out.missing = runs.size() - j->rows().size();
        j->finish(); // the shard's rows in run order
        out.files = {config_file_name, "runs.csv"};
        return out;
    }
    complete(runs, config, echo, *j, options, out);
    return out;
}

void parse_shard(const std::string& text, const std::string& flag, sweep_options& options)
{
    const std::size_t slash = text.find('/');
    const auto i = slash == std::string::npos ? std::nullopt : digits_value(text.substr(0, slash), 7);
    const auto n = slash == std::string::npos ? std::nullopt : digits_value(text.substr(slash + 1), 7);
    if (!i || !n || *i < 1 || *n < 1 || *i > *n || *n > 1000000)
        throw input_error(flag, "expected I/N with integers 1 <= I <= N <= 10^6, got '" + shown(text) + "'");
    options.shard_index = static_cast<std::size_t>(*i);
    options.shard_count = static_cast<std::size_t>(*n);
}

std::vector<std::size_t> shard_runs(const std::vector<grid_run>& runs, const sweep_config& config, std::size_t index,
                                    std::size_t count)
{
    std::vector<double> cost;
    std::vector<std::size_t> all;
    for (const auto& r : runs) {
        cost.push_back(prior_cost(r, config));
        all.push_back(r.id);
    }
    if (count <= 1) return all;
    std::vector<double> load(count, 0.0);
    std::vector<std::size_t> mine;
    for (std::size_t id : largest_first(cost, all)) {
        const std::size_t s = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        load[s] += cost[id];
        if (s + 1 == index) mine.push_back(id);
    }
    std::sort(mine.begin(), mine.end());
    return mine;
}

namespace {

/// Every shard folder's rows, read and checked before anything is written;
/// a run found in two folders must be the same row.
std::vector<journal::contents> read_shards(const std::vector<fs::path>& dirs, const fs::path& out_dir, const nlohmann::json& echo,
                                           const std::vector<grid_run>& runs, const sweep_options& options)
{
    std::vector<journal::contents> parts;
    std::map<std::size_t, std::size_t> first_seen; // run id -> folder index
    std::error_code ec;
    for (const fs::path& dir : dirs) {
        if (fs::exists(out_dir) && fs::equivalent(dir, out_dir, ec))
            throw input_error("--merge", "'" + shown(dir.string()) + "' is also the --out-dir; merge into another folder");
        std::vector<std::string> notes;
        try {
            parts.push_back(journal::read_only(dir / "runs.csv", echo, runs, notes));
        } catch (const input_error& e) {
            throw input_error("--merge", e.message());
        }
        for (const auto& n : notes)
            if (options.note) options.note(n);
        for (const auto& [id, row] : parts.back().rows) {
            const auto [at, fresh] = first_seen.emplace(id, parts.size() - 1);
            if (!fresh && parts[at->second].rows.at(id) != row)
                throw input_error("--merge", "run " + std::to_string(id) + " differs between '" + shown(dirs[at->second].string()) +
                                                 "' and '" + shown(dir.string()) + "' (two builds or two machines that disagree)");
        }
    }
    return parts;
}

/// Copies a run's trace (first seed of its point) from a shard folder.
void copy_trace(const fs::path& from, const fs::path& to, const grid_run& r, const sweep_config& config)
{
    if (r.run.config.seed != config.seed_first) return;
    const fs::path name = fs::path("traces") / ("point-" + std::to_string(r.point) + ".json");
    std::ifstream in(from / name, std::ios::binary);
    if (!in) return; // the figures then leave this point's trace out, as for any folder without it
    std::stringstream ss;
    ss << in.rdbuf();
    atomic_file f((to / name).string());
    f.stream() << ss.str();
    f.commit();
}

} // namespace

sweep_outcome merge_shards(const std::vector<fs::path>& dirs, const sweep_options& options)
{
    if (dirs.empty()) throw input_error("--merge", "expected one or more shard folders");
    for (const auto& dir : dirs)
        if (!fs::is_regular_file(dir / config_file_name))
            throw input_error("--merge", "'" + shown(dir.string()) + "' has no " + config_file_name + " (not a sweep folder)");
    const sweep_config config = read_config((dirs.front() / config_file_name).string(), options.interrupt);
    sweep_options whole = options;
    whole.shard_index = whole.shard_count = 1;
    const std::vector<grid_run> runs = checked_runs(config, whole);
    const nlohmann::json echo = echo_json(config);
    sweep_outcome out;
    out.name = sweep_name(config);
    out.out_dir = options.out_dir.empty() ? fs::path("reports") / out.name : options.out_dir;
    const auto parts = read_shards(dirs, out.out_dir, echo, runs, options);
    check_writable(out.out_dir);
    const folder_lock lock(out.out_dir);
    check_shard_file(out.out_dir, whole); // not into a shard's folder
    const auto j = open_journal(runs, echo, whole, out);
    fs::create_directories(out.out_dir / "traces");
    for (std::size_t k = 0; k < parts.size(); ++k)
        for (const auto& [id, row] : parts[k].rows) {
            if (const auto have = j->rows().find(id); have != j->rows().end()) {
                if (have->second != row)
                    throw input_error("--merge", "run " + std::to_string(id) + " of '" + shown(dirs[k].string()) + "' differs from the one in '" +
                                                     shown((out.out_dir / "runs.csv").string()) + "'");
                continue;
            }
            copy_trace(dirs[k], out.out_dir, runs[id], config);
            j->append(id, row);
            if (const auto t = parts[k].timings.find(id); t != parts[k].timings.end()) j->append_timing(id, t->second);
            ++out.ran;
        }
    complete(runs, config, echo, *j, whole, out);
    return out;
}

} // namespace snae::sweep
