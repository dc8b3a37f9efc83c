// Type-independent checks of a run configuration and reading of its files.
#include "snae/atomic_file.hpp"
#include "snae/errors.hpp"
#include "snae/input_file.hpp"
#include "snae/memory.hpp"
#include "snae/random.hpp"
#include "snae/run.hpp"

#include <mpfr.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <sstream>

#include <sys/stat.h>

namespace snae {

namespace {

constexpr std::uint64_t max_dimension = 1000000000ULL;   // canonical data
constexpr std::uint64_t max_dense_dimension = 4096ULL;   // rotated data: a dense d x d QR

/// Non-blank lines of a file that do not start with '#', split on whitespace,
/// with their 1-based line numbers.
struct token_line {
    std::size_t line;
    std::vector<std::string> tokens;
};

/// Refuses a file whose tokens would take more than half the memory
/// available (the other half is for what they become): a 1 GiB file of
/// one-digit lines is about 30 GB as strings. Checked every 64 MiB held.
class token_budget {
public:
    token_budget(const std::string& path, const std::string& flag) : path_(path), flag_(flag), avail_(available_memory()) {}
    void add(const token_line& l)
    {
        held_ += sizeof(token_line) + l.tokens.capacity() * sizeof(std::string);
        for (const auto& t : l.tokens) held_ += t.size() >= sizeof(std::string) ? t.capacity() + 1 : 0;
        if (held_ < next_check_) return;
        next_check_ = held_ + (std::size_t(1) << 26);
        if (avail_ && 2.0 * static_cast<double>(held_) > *avail_)
            throw input_error(flag_, "'" + shown(path_) + "' holds more tokens than fit in half the " +
                                         std::to_string(static_cast<long long>(*avail_ / 1048576.0)) + " MiB of memory available");
    }

private:
    const std::string& path_;
    const std::string& flag_;
    std::optional<double> avail_;
    std::size_t held_ = 0, next_check_ = std::size_t(1) << 26;
};

/// `too_many` (when set) is the reason to stop at the row or token past
/// the most a valid file holds, so that such a file fails at once.
struct read_limits {
    std::size_t rows = SIZE_MAX, tokens = SIZE_MAX;
    std::string too_many;
};

std::vector<token_line> read_token_lines(const std::string& path, const std::string& flag, const std::atomic<bool>* interrupt,
                                         const read_limits& limits = {})
{
    input_file in(path, flag, interrupt);
    token_budget budget(path, flag);
    std::vector<token_line> out;
    std::string text;
    std::size_t line_no = 0, tokens = 0;
    while (in.next_line(text)) {
        ++line_no;
        // A NUL would end the token where the number is read (a C string),
        // so "0\0garbage" would pass as 0.
        if (text.find('\0') != std::string::npos)
            throw input_error(flag, "'" + shown(path) + "' line " + std::to_string(line_no) +
                                        " contains a NUL byte; expected text: blank-separated tokens");
        std::istringstream ss(text);
        token_line tl{line_no, {}};
        std::string tok;
        while (ss >> tok) tl.tokens.push_back(tok);
        if (tl.tokens.empty() || tl.tokens.front()[0] == '#') continue;
        tokens += tl.tokens.size();
        if (out.size() == limits.rows || tokens > limits.tokens)
            throw input_error(flag, "'" + shown(path) + "' line " + std::to_string(line_no) + ": " + limits.too_many);
        budget.add(tl);
        out.push_back(std::move(tl));
    }
    return out;
}

/// Checks a decimal string: finite, and > 0 (strict) or >= 0.
void check_decimal(const std::string& flag, const std::string& text, bool strictly_positive)
{
    mpfr_t v;
    mpfr_init2(v, 128);
    char* end = nullptr;
    detail::read_number(v, text.c_str(), &end, MPFR_RNDN);
    const bool syntax = !text.empty() && end != text.c_str() && *end == '\0' &&
                        !std::isspace(static_cast<unsigned char>(text.front()));
    const bool finite = syntax && mpfr_number_p(v);
    const int sgn = finite ? mpfr_sgn(v) : 0;
    mpfr_clear(v);
    const std::string range = strictly_positive ? "a finite decimal number > 0" : "a finite decimal number >= 0";
    if (!finite || sgn < 0 || (strictly_positive && sgn == 0))
        throw input_error(flag, "expected " + range + ", got '" + text + "'");
}

/// Two output paths name one file: the same inode if both exist, else the
/// same name in the same folder (compared by inode, so that `o.json`,
/// `./o.json`, `$PWD/o.json` and a path through a symbolic link to the
/// folder all match). Both have passed output_target_problem, so their
/// folders exist.
bool same_output_file(const std::string& a, const std::string& b)
{
    namespace fs = std::filesystem;
    struct stat sa {}, sb {};
    const bool ea = ::stat(a.c_str(), &sa) == 0, eb = ::stat(b.c_str(), &sb) == 0;
    if (ea || eb) return ea && eb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    const fs::path pa(a), pb(b);
    if (pa.filename() != pb.filename()) return false;
    const std::string fa = pa.has_parent_path() ? pa.parent_path().string() : ".";
    const std::string fb = pb.has_parent_path() ? pb.parent_path().string() : ".";
    return ::stat(fa.c_str(), &sa) == 0 && ::stat(fb.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/// --out and --trajectory: each a regular file or a new one in a writable
/// folder, and not the same file, all before any work.
void check_outputs(const run_config& c)
{
    for (const auto& [flag, path] : {std::pair{"--out", &c.out}, std::pair{"--trajectory", &c.trajectory}}) {
        if (!*path) continue;
        const std::string problem = output_target_problem(**path);
        if (!problem.empty()) throw input_error(flag, problem);
    }
    if (c.out && c.trajectory && same_output_file(*c.out, *c.trajectory))
        throw input_error("--trajectory", "'" + *c.trajectory + "' is the same file as --out '" + *c.out +
                                              "'; expected another file");
}

std::size_t parse_index(const std::string& tok, std::size_t n, const std::string& where)
{
    const std::string range = "an integer in [0, " + std::to_string(n - 1) + "]";
    if (tok.empty() || !std::all_of(tok.begin(), tok.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw input_error("--schedule", where + ": expected " + range + ", got '" + tok + "'");
    if (tok.size() > 19 || std::stoull(tok) >= n)
        throw input_error("--schedule", where + ": index " + tok + " out of range; expected " + range);
    return static_cast<std::size_t>(std::stoull(tok));
}

} // namespace

namespace {
/// What a run holds at once, in values of its scalar: about eight d-vectors
/// (iterate, start, coordinates, the evaluator's and the output's), the
/// rows of dense data, and for rotated data the d x d QR (the matrix, Q and
/// a work copy).
void check_memory(const prepared_run& p)
{
    const double n = static_cast<double>(p.n), d = static_cast<double>(p.d);
    const std::string& data = p.config.data;
    const data_kind kind = p.config.data_rows ? data_kind::rows : kind_of_data(data);
    const bool rotated = kind == data_kind::rotated, file = kind == data_kind::rows;
    const double values = 8 * d + (kind != data_kind::canonical ? n * d : 0) + (rotated ? 3 * d * d : 0);
    check_fits_in_memory(file ? "--data" : "--d", values, p.config.scalar,
                         "n = " + std::to_string(p.n) + ", d = " + std::to_string(p.d) + " with " +
                             (p.config.data_rows ? "a data array" : file ? "a data file" : data + " data"));
}

/// n, d and the rows' tokens from the lines of a data file or the rows of
/// an array; `where(l)` names line l in messages ("'rows.txt' line 3").
template <class Where>
void take_rows(prepared_run& p, const std::vector<token_line>& lines, const Where& where)
{
    const run_config& c = p.config;
    const std::string source = data_source_name(c);
    if (lines.empty()) throw input_error("--data", source + " holds no rows; expected n lines of d numbers");
    const std::size_t rows = lines.size(), cols = lines.front().tokens.size();
    if (c.n && *c.n != rows)
        throw input_error("--data", source + " has " + std::to_string(rows) + " rows but --n is " + std::to_string(*c.n));
    const std::size_t d = c.d ? static_cast<std::size_t>(*c.d) : cols;
    for (const auto& l : lines)
        if (l.tokens.size() != d)
            throw input_error("--data", where(l) + " has " + std::to_string(l.tokens.size()) + " numbers, expected d = " +
                                            std::to_string(d));
    if (rows > d)
        throw input_error("--data", source + " has n = " + std::to_string(rows) + " rows of length d = " +
                                        std::to_string(d) + (c.any_rows ? "; snae needs n <= d" : "; n orthonormal rows need n <= d"));
    if (d > max_dense_dimension)
        throw input_error("--data", "d = " + std::to_string(d) + " is above the dense limit " + std::to_string(max_dense_dimension));
    p.n = rows;
    p.d = d;
    p.data_tokens.reserve(rows * d);
    for (const auto& l : lines) p.data_tokens.insert(p.data_tokens.end(), l.tokens.begin(), l.tokens.end());
}

/// n, d and the rows' tokens from a data file.
void prepare_data_file(prepared_run& p, const std::atomic<bool>* interrupt)
{
    const run_config& c = p.config;
    const auto lines = read_token_lines(c.data, "--data", interrupt,
                                        {max_dense_dimension, SIZE_MAX,
                                         "more than " + std::to_string(max_dense_dimension) + " rows; n <= d <= " +
                                             std::to_string(max_dense_dimension) + " for a data file (the dense limit)"});
    take_rows(p, lines, [&c](const token_line& l) { return "'" + shown(c.data) + "' line " + std::to_string(l.line); });
}

/// n, d and the rows' tokens from rows given in memory.
void prepare_data_rows(prepared_run& p)
{
    const auto& rows = *p.config.data_rows;
    if (rows.size() > max_dense_dimension)
        throw input_error("--data", "the data array has " + std::to_string(rows.size()) + " rows; n <= d <= " +
                                        std::to_string(max_dense_dimension) + " for given rows (the dense limit)");
    std::vector<token_line> lines;
    lines.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) lines.push_back({i, rows[i]});
    take_rows(p, lines, [](const token_line& l) { return "row " + std::to_string(l.line) + " of the data array"; });
}

/// RHO of --data correlated:RHO: a decimal in [0, 1).
void check_correlation(const std::string& data)
{
    const std::string rho = correlation_of(data);
    const std::string expected = "expected correlated:RHO with RHO a decimal in [0, 1), got '" + shown(data) + "'";
    try {
        check_decimal("--data", rho, false);
    } catch (const input_error&) {
        throw input_error("--data", expected);
    }
    mpfr_t v;
    mpfr_init2(v, 128);
    detail::read_number(v, rho.c_str(), nullptr, MPFR_RNDN);
    const bool below_one = mpfr_cmp_ui(v, 1) < 0;
    mpfr_clear(v);
    if (!below_one) throw input_error("--data", expected);
}

/// n and d of generated data (canonical, rotated, gaussian, correlated), from the flags.
void prepare_generated(prepared_run& p)
{
    const run_config& c = p.config;
    const data_kind kind = kind_of_data(c.data);
    if (kind == data_kind::correlated) check_correlation(c.data);
    if (c.any_rows) throw input_error("--any-rows", "applies to rows from --data FILE only, not to --data " + shown(c.data));
    if (!c.n) throw input_error("--n", "required with --data " + c.data + "; expected an integer >= 1");
    if (!c.d) throw input_error("--d", "required with --data " + c.data + "; expected an integer >= n");
    if (*c.n < 1) throw input_error("--n", "must be >= 1, got " + std::to_string(*c.n));
    const std::uint64_t dmax = kind == data_kind::canonical ? max_dimension : max_dense_dimension;
    if (*c.d < 1 || *c.d > dmax)
        throw input_error("--d", "must be in [n, " + std::to_string(dmax) + "] for " + c.data + " data, got " + std::to_string(*c.d));
    if (*c.n > *c.d)
        throw input_error("--n", "must be in [1, d] = [1, " + std::to_string(*c.d) + "], got " + std::to_string(*c.n));
    p.n = static_cast<std::size_t>(*c.n);
    p.d = static_cast<std::size_t>(*c.d);
}

/// The numbers that stay decimal strings until the precision is known.
void check_numbers(const prepared_run& p)
{
    const run_config& c = p.config;
    check_decimal("--eta", c.eta, true);
    if (c.batch && (*c.batch < 1 || *c.batch > p.n))
        throw input_error("--batch", "must be 'full' or an integer in [1, n] = [1, " + std::to_string(p.n) + "], got " + std::to_string(*c.batch));
    if (c.every < 1) throw input_error("--every", "must be an integer >= 1, got " + std::to_string(c.every));
    if (c.check_every < 1) throw input_error("--check-every", "must be an integer >= 1, got " + std::to_string(c.check_every));
    if (c.tol) {
        // "64u": 64 times the unit roundoff of the working type (read in make_inputs).
        const bool in_u = !c.tol->empty() && c.tol->back() == 'u';
        try {
            check_decimal("--tol", in_u ? c.tol->substr(0, c.tol->size() - 1) : *c.tol, true);
        } catch (const input_error&) {
            throw input_error("--tol", "expected a finite decimal number > 0, or K followed by u (K times the unit "
                                       "roundoff of the scalar type, e.g. 64u), got '" + *c.tol + "'");
        }
    }
    check_decimal("--support-threshold", c.support_threshold, false);
    check_decimal("--diverge-norm", c.diverge_norm, true);
    if (c.orth_tol) check_decimal("--orth-tol", *c.orth_tol, false);
    if (c.orth_tol && c.any_rows) throw input_error("--orth-tol", "has no meaning with --any-rows (the rows are not checked)");
}

/// w_0: the tokens of --init, or the scale of the Gaussian start.
void prepare_start(prepared_run& p, const std::atomic<bool>* interrupt)
{
    const run_config& c = p.config;
    if ((c.init_file || c.init_values) && c.init_scale)
        throw input_error("--init-scale", "cannot be combined with --init (the file gives w_0 itself)");
    if (c.init_values) {
        if (c.init_values->size() != p.d)
            throw input_error("--init", "the array holds " + std::to_string(c.init_values->size()) + " numbers, expected d = " +
                                            std::to_string(p.d));
        p.init_tokens = *c.init_values;
    } else if (c.init_file) {
        const auto lines = read_token_lines(*c.init_file, "--init", interrupt,
                                            {SIZE_MAX, p.d, "more than d = " + std::to_string(p.d) + " numbers"});
        for (const auto& l : lines) p.init_tokens.insert(p.init_tokens.end(), l.tokens.begin(), l.tokens.end());
        if (p.init_tokens.size() != p.d)
            throw input_error("--init", "'" + shown(*c.init_file) + "' holds " + std::to_string(p.init_tokens.size()) +
                                            " numbers, expected d = " + std::to_string(p.d));
    } else if (c.init_scale) {
        check_decimal("--init-scale", *c.init_scale, true);
        p.init_scale = *c.init_scale;
    } else {
        p.init_scale = default_init_scale(p.d);
    }
}

/// The batches of --schedule, each a set of sample indices.
void prepare_schedule(prepared_run& p, const std::atomic<bool>* interrupt)
{
    const run_config& c = p.config;
    const std::string source = c.schedule_rows ? "the schedule array" : "'" + shown(*c.schedule_file) + "'";
    std::vector<token_line> lines;
    if (c.schedule_rows) {
        for (std::size_t i = 0; i < c.schedule_rows->size(); ++i) {
            if ((*c.schedule_rows)[i].empty())
                throw input_error("--schedule", "row " + std::to_string(i) + " of the schedule array is empty; a batch holds at least one sample");
            lines.push_back({i, (*c.schedule_rows)[i]});
        }
    } else {
        lines = read_token_lines(*c.schedule_file, "--schedule", interrupt);
    }
    if (lines.empty()) throw input_error("--schedule", source + " holds no batches; expected one batch per line");
    for (const auto& l : lines) {
        const std::string where = c.schedule_rows ? "row " + std::to_string(l.line) + " of the schedule array"
                                                  : source + " line " + std::to_string(l.line);
        std::vector<std::size_t> b;
        for (const auto& tok : l.tokens) b.push_back(parse_index(tok, p.n, where));
        std::vector<std::size_t> sorted = b;
        std::sort(sorted.begin(), sorted.end());
        const auto dup = std::adjacent_find(sorted.begin(), sorted.end());
        if (dup != sorted.end())
            throw input_error("--schedule", where + ": index " + std::to_string(*dup) + " appears twice; a batch is a set of samples");
        p.schedule.push_back(std::move(b));
    }
}

} // namespace

prepared_run prepare(const run_config& config, const std::atomic<bool>* interrupt)
{
    prepared_run p;
    p.config = config;
    if (config.data_rows) p.config.data = "array";
    const bool from_file = !config.data_rows && kind_of_data(config.data) == data_kind::rows;
    if (config.data_rows) prepare_data_rows(p);
    else if (from_file) prepare_data_file(p, interrupt);
    else prepare_generated(p);
    check_memory(p);
    check_numbers(p);
    check_outputs(config);
    prepare_start(p, interrupt);
    if (config.schedule_file) prepare_schedule(p, interrupt);
    return p;
}

data_kind kind_of_data(const std::string& data)
{
    if (data == "canonical") return data_kind::canonical;
    if (data == "rotated") return data_kind::rotated;
    if (data == "gaussian") return data_kind::gaussian;
    if (data.rfind("correlated:", 0) == 0) return data_kind::correlated;
    return data_kind::rows;
}

std::string correlation_of(const std::string& data) { return data.substr(data.find(':') + 1); }

std::string data_source_name(const run_config& c)
{
    return c.data_rows ? "the data array" : "'" + shown(c.data) + "'";
}

nlohmann::json to_json(const run_config& c)
{
    nlohmann::json j;
    j["activation"] = to_string(c.act);
    j["n"] = c.n ? nlohmann::json(*c.n) : nlohmann::json(nullptr);
    j["d"] = c.d ? nlohmann::json(*c.d) : nlohmann::json(nullptr);
    j["data"] = c.data;
    j["any_rows"] = c.any_rows;
    j["eta"] = c.eta;
    j["batch"] = c.schedule_file ? nlohmann::json(nullptr) : c.batch ? nlohmann::json(*c.batch) : nlohmann::json("full");
    j["sampler"] = c.schedule_file ? "schedule" : (c.batch ? to_string(c.sampler) : "full");
    j["remainder"] = to_string(c.remainder);
    j["schedule"] = c.schedule_rows ? nlohmann::json("array") : c.schedule_file ? nlohmann::json(*c.schedule_file) : nlohmann::json(nullptr);
    j["init"] = c.init_values ? nlohmann::json("array") : c.init_file ? nlohmann::json(*c.init_file) : nlohmann::json(nullptr);
    j["init_scale"] = c.init_scale ? nlohmann::json(*c.init_scale) : nlohmann::json(nullptr);
    j["seed"] = c.seed;
    j["batch_seed"] = c.batch_seed ? nlohmann::json(*c.batch_seed) : nlohmann::json(nullptr);
    j["steps"] = c.steps;
    j["tol"] = c.tol ? nlohmann::json(*c.tol) : nlohmann::json(nullptr);
    j["tol_on"] = to_string(c.tol_on);
    j["check_every"] = c.check_every;
    j["scalar"] = c.scalar.name();
    j["support_threshold"] = c.support_threshold;
    j["diverge_norm"] = c.diverge_norm;
    j["orth_tol"] = c.orth_tol ? nlohmann::json(*c.orth_tol) : nlohmann::json(nullptr);
    j["out"] = c.out ? nlohmann::json(*c.out) : nlohmann::json(nullptr);
    j["trajectory"] = c.trajectory ? nlohmann::json(*c.trajectory) : nlohmann::json(nullptr);
    j["every"] = c.every;
    j["update"] = to_string(c.update);
    return j;
}

} // namespace snae
