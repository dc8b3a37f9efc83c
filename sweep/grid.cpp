#include "grid.hpp"
#include "studies.hpp"

#include <snae/errors.hpp>
#include <snae/input_file.hpp>
#include <snae/provenance.hpp>
#include <snae/text.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

namespace snae::sweep {

namespace {

bool all_digits(const std::string& s)
{
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Integer values of n-tokens. INT and n have at most 18 digits, so every
/// value (INT*n up to 10^36 included) is exact in 128 bits: no token wraps.
using wide = __int128;

std::string to_string(wide v)
{
    if (v < 0) return "-" + to_string(-v);
    std::string s;
    do {
        s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v > 0);
    return s;
}

/// An integer token that may refer to n: INT | n | n+INT | n-INT | n/INT | INT*n | INTn.
/// Returns nullopt for a malformed token; the value may be out of range (the caller checks).
std::optional<wide> eval_n_expr(const std::string& tok, std::uint64_t n)
{
    const auto num = [](const std::string& digits) { return static_cast<wide>(std::stoull(digits)); };
    const wide wn = n;
    if (all_digits(tok)) return num(tok);
    if (tok == "n") return wn;
    if (tok.size() > 2 && tok[0] == 'n' && all_digits(tok.substr(2))) {
        const wide k = num(tok.substr(2));
        switch (tok[1]) {
        case '+': return wn + k;
        case '-': return wn - k;
        case '/': return k == 0 ? std::nullopt : std::optional<wide>(wn / k);
        default: return std::nullopt;
        }
    }
    const auto star = tok.find('*');
    if (star != std::string::npos && tok.substr(star + 1) == "n" && all_digits(tok.substr(0, star)))
        return num(tok.substr(0, star)) * wn;
    if (tok.size() > 1 && tok.back() == 'n' && all_digits(tok.substr(0, tok.size() - 1)))
        return num(tok.substr(0, tok.size() - 1)) * wn;
    return std::nullopt;
}

constexpr std::uint64_t max_n = 1000000000ULL;          // as snae train --n
constexpr wide max_steps = static_cast<wide>(1) << 63;   // as snae train --steps

/// The n-token `tok` of `flag` at n, which must lie in [lo, hi]; `where`
/// names the grid point and `rule` states the accepted range, for the message.
std::uint64_t n_token_in(const std::string& flag, const std::string& tok, std::uint64_t n, wide lo, wide hi,
                         const std::string& where, const std::string& rule)
{
    const auto v = eval_n_expr(tok, n);
    if (!v) throw input_error(flag, shown("expected INT, n, n+INT, n-INT, n/INT, INT*n or INTn (INT: 1 to 18 digits), got '" + tok + "'; " + rule));
    if (*v < lo || *v > hi) throw input_error(flag, shown(where + "): '" + tok + "' gives " + to_string(*v) + "; " + rule));
    return static_cast<std::uint64_t>(*v);
}

/// A plain positive decimal: digits with at most one point, optional exponent.
/// Returns the digits without the point and the power of ten they are scaled by.
std::optional<std::pair<std::string, long>> split_decimal(const std::string& s)
{
    std::string digits;
    long exp10 = 0;
    std::size_t i = 0;
    bool point = false, any = false;
    for (; i < s.size() && s[i] != 'e' && s[i] != 'E'; ++i) {
        if (s[i] == '.') {
            if (point) return std::nullopt;
            point = true;
        } else if (s[i] >= '0' && s[i] <= '9') {
            digits += s[i];
            any = true;
            if (point) --exp10;
        } else {
            return std::nullopt;
        }
    }
    if (!any) return std::nullopt;
    if (i < s.size()) {
        std::string e = s.substr(i + 1);
        bool neg = false;
        if (!e.empty() && (e[0] == '+' || e[0] == '-')) {
            neg = e[0] == '-';
            e = e.substr(1);
        }
        if (!all_digits(e) || e.size() > 6) return std::nullopt;
        exp10 += neg ? -std::stol(e) : std::stol(e);
    }
    return std::make_pair(digits, exp10);
}

/// digits * 10^exp10 as a plain decimal string ("0.0004", "12.5", "300").
std::string plain_decimal(std::string digits, long exp10)
{
    while (digits.size() > 1 && digits.front() == '0') digits.erase(digits.begin());
    while (exp10 < 0 && digits.size() > 1 && digits.back() == '0') {
        digits.pop_back();
        ++exp10;
    }
    if (digits == "0") return "0";
    // Far from 1, scientific notation (still an exact decimal) keeps the text short.
    if (exp10 > 20 || -exp10 > static_cast<long>(digits.size()) + 20) return digits + "e" + std::to_string(exp10);
    if (exp10 >= 0) return digits + std::string(static_cast<std::size_t>(exp10), '0');
    const auto frac = static_cast<std::size_t>(-exp10);
    if (digits.size() <= frac) return "0." + std::string(frac - digits.size(), '0') + digits;
    return digits.substr(0, digits.size() - frac) + "." + digits.substr(digits.size() - frac);
}

/// factor * b / 2 exactly, as a plain decimal: factor * (5 b) * 10^-1, by
/// schoolbook multiplication of the digit string (no rounding anywhere).
std::string times_half_batch(const std::string& factor, std::uint64_t b)
{
    const auto parts = split_decimal(factor);
    std::string digits = parts->first;
    const std::uint64_t m = 5 * b;
    std::string out;
    unsigned __int128 carry = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        carry += static_cast<unsigned __int128>(*it - '0') * m;
        out += static_cast<char>('0' + static_cast<int>(carry % 10));
        carry /= 10;
    }
    while (carry) {
        out += static_cast<char>('0' + static_cast<int>(carry % 10));
        carry /= 10;
    }
    std::reverse(out.begin(), out.end());
    return plain_decimal(out, parts->second - 1);
}

/// A JSON value for an error message: scalars as written, containers by
/// kind only, since printing one recurses once per level of nesting.
std::string brief(const nlohmann::json& v)
{
    if (v.is_array()) return "a list of " + std::to_string(v.size());
    if (v.is_object()) return "an object";
    return shown(v.dump());
}

std::vector<std::string> strings_of(const nlohmann::json& v, const std::string& key, const std::string& where)
{
    std::vector<std::string> out;
    auto one = [&](const nlohmann::json& x) {
        if (x.is_string()) {
            out.push_back(x.get<std::string>());
        } else if (x.is_number_integer() || x.is_number_unsigned() || x.is_number_float()) {
            // JSON numbers are written back in the shortest form that reads as the
            // same double; give decimals as strings to keep every digit.
            out.push_back(x.dump());
        } else {
            throw input_error("--config", where + ": key '" + key + "' expects strings or numbers, got " + brief(x));
        }
    };
    if (v.is_array()) {
        for (const auto& x : v) one(x);
    } else {
        one(v);
    }
    if (out.empty()) throw input_error("--config", where + ": key '" + key + "' is an empty list; the grid would be empty");
    return out;
}

/// An axis that may be left unset ([] or null): eta, eta_factor, and n (taken from each data file).
std::vector<std::string> optional_strings_of(const nlohmann::json& v, const std::string& key, const std::string& where)
{
    if (v.is_null() || (v.is_array() && v.empty())) return {};
    return strings_of(v, key, where);
}

std::string string_of(const nlohmann::json& v, const std::string& key, const std::string& where)
{
    const auto s = strings_of(v, key, where);
    if (s.size() != 1) throw input_error("--config", where + ": key '" + key + "' takes one value, got " + brief(v));
    return s.front();
}

bool bool_of(const nlohmann::json& v, const std::string& key, const std::string& where)
{
    if (!v.is_boolean()) throw input_error("--config", where + ": key '" + key + "' expects true or false, got " + brief(v));
    return v.get<bool>();
}

/// "same" (the batches follow the seed) or a range A..B.
void apply_batch_seeds(sweep_config& c, const std::string& text, const std::string& where)
{
    if (text == "same") {
        c.batch_seed_count = 0;
        return;
    }
    parse_seed_range(text, "--config: " + where + ": key 'batch_seeds'", c.batch_seed_first, c.batch_seed_count);
}

const std::vector<std::string>& config_keys()
{
    static const std::vector<std::string> keys{
        "name", "scalar", "activation", "data", "any_rows", "n", "d", "batch", "sampler", "eta", "eta_factor", "init_scale", "steps",
        "tol", "seeds", "batch_seeds", "tol_on", "check_every", "remainder", "support_threshold", "update", "spectrum", "study",
        "snae_sweep_format", "provenance"};
    return keys;
}

std::uint64_t fnv1a(const std::string& s)
{
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : s) {
        h ^= ch;
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

void parse_seed_range(const std::string& text, const std::string& flag, std::uint64_t& first, std::uint64_t& count)
{
    const auto dots = text.find("..");
    const std::string a = dots == std::string::npos ? text : text.substr(0, dots);
    const std::string b = dots == std::string::npos ? text : text.substr(dots + 2);
    if (!all_digits(a) || !all_digits(b) || std::stoull(b) < std::stoull(a) || std::stoull(b) - std::stoull(a) >= 1000000)
        throw input_error(flag, "expected a seed range A..B with 0 <= A <= B < 10^18 and at most 10^6 seeds, got '" + shown(text) + "'");
    first = std::stoull(a);
    count = std::stoull(b) - std::stoull(a) + 1;
}

namespace {

using list = std::vector<std::string>;

/// The batch-size tables of a paper: the default preset, and four times the
/// largest n and five times the seeds (docs/sweep.md gives its measured cost).
sweep_config batch_size_preset(bool large, bool quick)
{
    sweep_config c;
    c.activation = {"relu"};
    c.data = {"canonical"};
    c.n = quick ? (large ? list{"64", "256"} : list{"16", "64"}) : large ? list{"256", "1024", "4096"} : list{"64", "256", "1024"};
    c.d = {"n"};
    c.batch = {"1", "2", "4", "n/2", "n-1", "full"};
    c.sampler = {"replacement"};
    c.eta_factor = {"0.8"};
    c.scalar = {"double"};
    // SGD with b = 1 needs about 200 n steps to single out one coordinate
    // (docs/sweep.md); the budget leaves room and the tolerance stops each
    // run as soon as it is at its limit.
    c.steps = {"1000*n"};
    c.tol = {"1024u"};
    c.seed_first = 0;
    c.seed_count = quick ? (large ? 4 : 8) : large ? 100 : 20;
    return c;
}

/// Which coordinate SGD (b = 1) selects: many batch sequences per w_0 and
/// many w_0, in three precisions, so that the table can say when rounding
/// rather than the batches decides the winner (docs/beyond.md).
sweep_config selection_preset(bool quick)
{
    sweep_config c;
    c.study = "selection";
    c.activation = quick ? list{"relu"} : list{"relu", "linear"};
    c.data = {"canonical"};
    c.n = quick ? list{"8", "16"} : list{"8", "32", "128"};
    c.d = {"n"};
    c.batch = {"1"};
    c.eta_factor = {"0.8"};
    c.scalar = {"float", "double", "mpfr:256"};
    c.steps = {"1000*n"};
    // One absolute tolerance: the winner is decided long before 1024 u at
    // 256 bits, which takes five times the steps. float cannot reach it and
    // runs its budget (max_steps), decided all the same.
    c.tol = {"1e-9"};
    c.seed_count = quick ? 2 : 10;
    c.batch_seed_count = quick ? 10 : 50;
    return c;
}

/// The (batch size, eta / (b/2)) plane across both thresholds, eta = b/2
/// (factor 1) and eta = n/2 (factor n/b), for orthonormal and gaussian data.
sweep_config phase_preset(bool quick)
{
    sweep_config c;
    c.study = "phase";
    c.activation = {"relu", "linear"};
    c.data = {"canonical", "gaussian"};
    c.n = quick ? list{"8"} : list{"32"};
    c.d = quick ? list{"n", "8*n"} : list{"n", "2*n", "8*n"};
    c.batch = quick ? list{"1", "2", "full"} : list{"1", "2", "4", "8", "16", "full"};
    c.eta_factor = quick ? list{"0.5", "1.5", "4", "12"} : list{"0.25", "0.5", "0.9", "1.1", "2", "4", "8", "16", "32", "64"};
    c.steps = {"1000*n"};
    c.tol = {"1024u"};
    c.seed_count = quick ? 2 : 5;
    return c;
}

/// GD's limit, SGD's sparsity and the sharpness gap as the data leave the
/// orthonormal set: gaussian rows (closer as d/n grows) and correlated rows
/// (further as RHO grows), beside canonical rows.
sweep_config near_orthogonal_preset(bool quick)
{
    sweep_config c;
    c.study = "near-orthogonal";
    c.activation = {"relu"};
    // RHO near 0 too: what departs from orthonormal is (n - 1) RHO, the
    // excess of the Gram matrix's top eigenvalue, already 3 at RHO = 0.1.
    c.data = quick ? list{"canonical", "gaussian", "correlated:0.25", "correlated:0.5"}
                   : list{"canonical",       "gaussian",       "correlated:0.01", "correlated:0.02", "correlated:0.05",
                          "correlated:0.1", "correlated:0.2", "correlated:0.3",  "correlated:0.5"};
    c.n = quick ? list{"8"} : list{"32"};
    c.d = quick ? list{"n", "4*n"} : list{"n", "2*n", "4*n", "8*n"};
    c.batch = {"1", "full"};
    // One absolute step for both: eta = 0.8 n/2 for GD would pass GD's
    // threshold on correlated rows, whose Gram matrix has the eigenvalue
    // 1 + (n - 1) RHO (the run would jump to the dead region, not converge).
    c.eta = {"0.4"};
    c.eta_factor = {};
    c.steps = {"1000*n"};
    c.tol = {"1024u"};
    c.seed_count = quick ? 3 : 10;
    return c;
}

} // namespace

sweep_config preset(const std::string& name, bool quick)
{
    sweep_config c;
    if (name == "batch-size" || name == "batch-size-large") c = batch_size_preset(name == "batch-size-large", quick);
    else if (name == "selection") c = selection_preset(quick);
    else if (name == "phase") c = phase_preset(quick);
    else if (name == "near-orthogonal") c = near_orthogonal_preset(quick);
    else
        throw input_error("--preset", "unknown preset '" + shown(name) +
                                          "'; accepted: batch-size, batch-size-large, selection, phase, near-orthogonal");
    c.name = name + (quick ? "-quick" : "");
    return c;
}

void apply_json(sweep_config& c, const nlohmann::json& j, const std::string& where)
{
    if (!j.is_object()) throw input_error("--config", where + ": expected a JSON object of sweep keys");
    for (const auto& [key, v] : j.items()) {
        if (std::find(config_keys().begin(), config_keys().end(), key) == config_keys().end())
            throw input_error("--config", where + ": unknown key '" + shown(key) + "' (accepted: " + join(config_keys(), ", ") + ")");
        if (key == "name") c.name = string_of(v, key, where);
        else if (key == "scalar") c.scalar = strings_of(v, key, where);
        else if (key == "activation") c.activation = strings_of(v, key, where);
        else if (key == "data") c.data = strings_of(v, key, where);
        else if (key == "n") c.n = optional_strings_of(v, key, where);
        else if (key == "d") c.d = strings_of(v, key, where);
        else if (key == "batch") c.batch = strings_of(v, key, where);
        else if (key == "sampler") c.sampler = strings_of(v, key, where);
        // eta and eta_factor are alternatives: the echo writes the unused one as [].
        else if (key == "eta") c.eta = optional_strings_of(v, key, where);
        else if (key == "eta_factor") c.eta_factor = optional_strings_of(v, key, where);
        else if (key == "init_scale") c.init_scale = strings_of(v, key, where);
        else if (key == "steps") c.steps = strings_of(v, key, where);
        else if (key == "tol") c.tol = strings_of(v, key, where);
        else if (key == "seeds") parse_seed_range(string_of(v, key, where), "--config: " + where + ": key 'seeds'", c.seed_first, c.seed_count);
        else if (key == "batch_seeds") apply_batch_seeds(c, string_of(v, key, where), where);
        else if (key == "any_rows") c.any_rows = bool_of(v, key, where);
        else if (key == "study") c.study = string_of(v, key, where);
        else if (key == "tol_on") c.tol_on = string_of(v, key, where);
        else if (key == "check_every") c.check_every = string_of(v, key, where);
        else if (key == "remainder") c.remainder = string_of(v, key, where);
        else if (key == "support_threshold") c.support_threshold = string_of(v, key, where);
        else if (key == "update") c.update = string_of(v, key, where);
        else if (key == "spectrum") {
            // true and false are the earlier format's: the eigen-solver or none.
            c.spectrum = v.is_boolean() ? (v.get<bool>() ? "dense" : "none") : string_of(v, key, where);
        } else if (key == "snae_sweep_format") {
            if (v != 1) throw input_error("--config", where + ": snae_sweep_format " + brief(v) + " is not 1 (written by another version)");
        }
        // "provenance" says which build wrote an echo; it configures nothing.
    }
}

json_read parse_shallow_json(const std::string& text, nlohmann::json& out)
{
    using event = nlohmann::json::parse_event_t;
    bool deep = false;
    // Returning false discards the value: past the limit nothing more is
    // kept, so the value built stays shallow while the parser (iterative)
    // reads on to the end of the text.
    const nlohmann::json::parser_callback_t limit = [&deep](int depth, event e, nlohmann::json&) {
        if ((e == event::object_start || e == event::array_start) && depth >= max_json_depth) deep = true;
        return !deep;
    };
    out = nlohmann::json::parse(text, limit, false);
    if (deep) {
        out = nullptr;
        return json_read::too_deep;
    }
    return out.is_discarded() ? json_read::not_json : json_read::ok;
}

namespace {

/// The configuration line echoed in an output of an earlier sweep: the text
/// after the marker, up to the end of its line (a comment in CSV, Markdown and LaTeX).
nlohmann::json echoed_config(const std::string& text, const std::string& path)
{
    const std::string marker = "snae-sweep-config: ";
    const auto at = text.find(marker);
    if (at == std::string::npos)
        throw input_error("--config", "'" + shown(path) + "' is neither JSON nor an output of snae sweep (no '" + marker + "' line)");
    const auto end = text.find('\n', at);
    std::string line = text.substr(at + marker.size(), end == std::string::npos ? std::string::npos : end - at - marker.size());
    if (const auto close = line.rfind(" -->"); close != std::string::npos) line.erase(close);
    nlohmann::json j;
    const json_read r = parse_shallow_json(line, j);
    if (r == json_read::too_deep)
        throw input_error("--config", "'" + shown(path) + "': the echoed configuration is nested deeper than " +
                                          std::to_string(max_json_depth) + " levels; a sweep configuration is 2 deep");
    if (r == json_read::not_json) throw input_error("--config", "'" + shown(path) + "': the echoed configuration is not valid JSON");
    return j;
}

} // namespace

sweep_config read_config(const std::string& path, const std::atomic<bool>* interrupt)
{
    const std::string text = input_file(path, "--config", interrupt).rest();
    nlohmann::json j;
    const json_read r = parse_shallow_json(text, j);
    if (r == json_read::too_deep)
        throw input_error("--config", "'" + shown(path) + "' is JSON nested deeper than " + std::to_string(max_json_depth) +
                                          " levels; a sweep configuration is an object of values and lists (2 deep)");
    if (r == json_read::not_json) j = echoed_config(text, path);
    else if (j.is_object() && j.contains("snae_sweep") && j["snae_sweep"].is_object() && j["snae_sweep"].contains("config"))
        j = j["snae_sweep"]["config"]; // summary.json
    sweep_config c;
    apply_json(c, j, "'" + shown(path) + "'");
    return c;
}

nlohmann::json to_json(const sweep_config& c)
{
    nlohmann::json j;
    j["snae_sweep_format"] = 1;
    j["name"] = sweep_name(c);
    j["scalar"] = c.scalar;
    j["activation"] = c.activation;
    j["data"] = c.data;
    j["n"] = c.n;
    j["d"] = c.d;
    j["batch"] = c.batch;
    j["sampler"] = c.sampler;
    j["eta"] = c.eta;
    j["eta_factor"] = c.eta.empty() && c.eta_factor.empty() ? std::vector<std::string>{"0.8"} : c.eta_factor;
    j["init_scale"] = c.init_scale;
    j["steps"] = c.steps;
    j["tol"] = c.tol;
    j["seeds"] = std::to_string(c.seed_first) + ".." + std::to_string(c.seed_first + c.seed_count - 1);
    j["batch_seeds"] = c.batch_seed_count == 0 ? std::string("same")
                                               : std::to_string(c.batch_seed_first) + ".." + std::to_string(c.batch_seed_first + c.batch_seed_count - 1);
    j["any_rows"] = c.any_rows;
    j["study"] = c.study;
    j["tol_on"] = c.tol_on;
    j["check_every"] = c.check_every;
    j["remainder"] = c.remainder;
    j["support_threshold"] = c.support_threshold;
    j["update"] = c.update;
    j["spectrum"] = c.spectrum;
    return j;
}

nlohmann::json echo_json(const sweep_config& c)
{
    nlohmann::json j = to_json(c);
    j["provenance"] = provenance_json();
    return j;
}

std::string sweep_name(const sweep_config& c)
{
    if (!c.name.empty()) return c.name;
    sweep_config copy = c;
    copy.name = "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "sweep-%08llx",
                  static_cast<unsigned long long>(fnv1a(to_json(copy).dump()) & 0xffffffffULL));
    return buf;
}

std::vector<std::string> key_column_names()
{
    return {"run", "point", "scalar", "activation", "data", "n", "d", "batch", "b", "full_batch", "sampler", "eta",
            "init_scale", "steps_budget", "tol", "tol_on", "seed", "batch_seed"};
}

std::vector<std::string> key_columns(const grid_run& r)
{
    const run_config& c = r.run.config;
    return {std::to_string(r.id),
            std::to_string(r.point),
            c.scalar.name(),
            to_string(c.act),
            c.data,
            std::to_string(r.run.n),
            std::to_string(r.run.d),
            r.batch_label,
            std::to_string(c.batch ? *c.batch : r.run.n),
            !c.batch || *c.batch == r.run.n ? "true" : "false", // every batch is the whole data set: GD
            c.batch ? to_string(c.sampler) : "full",
            c.eta,
            r.run.init_scale,
            std::to_string(c.steps),
            r.tol_label,
            c.tol ? to_string(c.tol_on) : "none",
            std::to_string(c.seed),
            std::to_string(c.batch_seed.value_or(c.seed))};
}

namespace {

/// The settings that hold for the whole grid, checked once.
struct grid_rules {
    std::vector<std::string> etas;              ///< absolute etas, or else the eta factors
    bool from_factor = true;                    ///< etas are factors of b/2
    std::optional<tol_kind> tol_on;             ///< empty: auto (by batch size)
    remainder_policy remainder = remainder_policy::keep;
    std::optional<std::uint64_t> check_every;   ///< empty: one epoch
};

/// The configuration is echoed as JSON, whose text is UTF-8 only.
void check_utf8(const std::string& flag, const std::string& text)
{
    try {
        (void)nlohmann::json(text).dump();
    } catch (const nlohmann::json::type_error&) {
        const auto replaced = nlohmann::json(text).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
        throw input_error(flag, replaced + " is not UTF-8 text; the configuration echoed into every output is JSON, which holds UTF-8 only");
    }
}

/// --update and --spectrum: known values, and the O(n + d) forms (the
/// scaled update, the structured spectrum) only where the data are
/// canonical, which they need to be exact.
void check_methods(const sweep_config& c)
{
    parse_choice<update_rule>("--update", c.update, {{"reference", update_rule::reference}, {"scaled", update_rule::scaled}});
    (void)spectrum_of(c, "canonical");
    for (const auto& data : c.data) {
        if (kind_of_data(data) == data_kind::canonical) continue;
        if (c.update == "scaled")
            throw input_error("--update", "scaled applies to canonical data only (a dense step is O(n d) in either update); the "
                                          "grid has --data " + shown(data));
        if (c.spectrum == "structured")
            throw input_error("--spectrum", "structured needs exactly orthonormal (canonical) data; the grid has --data " + shown(data) +
                                                ", whose rows are orthonormal to rounding only: use dense, or auto");
    }
}

grid_rules check_rules(const sweep_config& c)
{
    if (c.name.find('/') != std::string::npos || c.name == "." || c.name == "..")
        throw input_error("--name", "must not contain '/' (it names a folder under reports/), got '" + shown(c.name) + "'");
    for (const auto& [flag, axis] : std::vector<std::pair<std::string, const std::vector<std::string>*>>{
             {"--scalar", &c.scalar}, {"--activation", &c.activation}, {"--data", &c.data}, {"--d", &c.d},
             {"--batch", &c.batch}, {"--sampler", &c.sampler}, {"--init-scale", &c.init_scale},
             {"--steps", &c.steps}, {"--tol", &c.tol}, {"--n", &c.n}, {"--eta", &c.eta}, {"--eta-factor", &c.eta_factor}}) {
        if (axis->empty() && flag != "--n" && flag != "--eta" && flag != "--eta-factor")
            throw input_error(flag, "the list is empty, so the grid would be empty; give at least one value");
        for (const auto& item : *axis) check_utf8(flag, item);
    }
    for (const auto& [flag, text] : std::vector<std::pair<std::string, const std::string*>>{
             {"--name", &c.name}, {"--tol-on", &c.tol_on}, {"--check-every", &c.check_every},
             {"--remainder", &c.remainder}, {"--support-threshold", &c.support_threshold}, {"--update", &c.update},
             {"--spectrum", &c.spectrum}})
        check_utf8(flag, *text);
    if (c.seed_count == 0) throw input_error("--seeds", "the seed range is empty; expected A..B with A <= B");
    if (!c.eta.empty() && !c.eta_factor.empty())
        throw input_error("--eta", "give --eta (absolute) or --eta-factor (a multiple of b/2), not both");
    grid_rules g;
    g.from_factor = c.eta.empty();
    g.etas = !c.eta.empty() ? c.eta : c.eta_factor.empty() ? std::vector<std::string>{"0.8"} : c.eta_factor;
    for (const auto& f : g.from_factor ? g.etas : std::vector<std::string>{}) {
        const auto p = split_decimal(f);
        if (!p || p->first.find_first_not_of('0') == std::string::npos)
            throw input_error("--eta-factor", "expected a plain decimal > 0 (eta = factor * b/2), got '" + shown(f) + "'");
    }
    const bool every_file = std::all_of(c.data.begin(), c.data.end(), [](const std::string& s) { return kind_of_data(s) == data_kind::rows; });
    (void)parse_study(c.study);
    if (c.n.empty() && !every_file) throw input_error("--n", "required (a list of integers >= 1) unless every --data value is a file");
    if (c.tol_on != "auto")
        g.tol_on = parse_choice<tol_kind>("--tol-on", c.tol_on,
                                    {{"auto", tol_kind::distance}, {"distance", tol_kind::distance},
                                     {"gradient", tol_kind::gradient}, {"sample-gradient", tol_kind::sample_gradient}});
    g.remainder = parse_choice<remainder_policy>("--remainder", c.remainder, {{"keep", remainder_policy::keep}, {"drop", remainder_policy::drop}});
    check_methods(c);
    if (c.check_every != "epoch") {
        if (!all_digits(c.check_every) || std::stoull(c.check_every) == 0)
            throw input_error("--check-every", "expected 'epoch' or an integer >= 1, got '" + shown(c.check_every) + "'");
        g.check_every = std::stoull(c.check_every);
    }
    return g;
}

/// One combination of axis items, a grid point before evaluation: the item
/// of each axis by the axis's name.
struct point_tokens {
    std::map<std::string, std::string> item;
    const std::string& operator[](const std::string& axis) const { return item.at(axis); }
};

struct named_axis {
    std::string name;
    std::vector<std::string> items;
};

/// The Cartesian product of the axes in order, the last axis fastest (an
/// odometer): every combination of one item per axis, by axis name.
std::vector<point_tokens> cartesian_product(const std::vector<named_axis>& axes)
{
    std::vector<point_tokens> out;
    if (std::any_of(axes.begin(), axes.end(), [](const named_axis& a) { return a.items.empty(); })) return out;
    std::vector<std::size_t> at(axes.size(), 0);
    for (std::size_t k = axes.size(); k > 0;) {
        point_tokens t;
        for (std::size_t a = 0; a < axes.size(); ++a) t.item[axes[a].name] = axes[a].items[at[a]];
        out.push_back(std::move(t));
        for (k = axes.size(); k > 0 && ++at[k - 1] == axes[k - 1].items.size(); --k) at[k - 1] = 0;
    }
    return out;
}

/// Every grid point in grid order: scalar, activation, data, n, d, batch,
/// sampler, eta, init scale, steps, tol (the last fastest).
std::vector<point_tokens> combinations(const sweep_config& c, const grid_rules& g)
{
    return cartesian_product({{"scalar", c.scalar},
                              {"activation", c.activation},
                              {"data", c.data},
                              {"n", c.n.empty() ? std::vector<std::string>{"file"} : c.n},
                              {"d", c.d},
                              {"batch", c.batch},
                              {"sampler", c.sampler},
                              {"eta", g.etas},
                              {"init_scale", c.init_scale},
                              {"steps", c.steps},
                              {"tol", c.tol}});
}

scalar_spec scalar_of(const std::string& tok)
{
    scalar_spec spec;
    try {
        spec = parse_scalar_spec(tok);
    } catch (const std::logic_error& e) { // invalid_argument or out_of_range
        throw input_error("--scalar", shown(e.what()));
    }
    if (spec.is_interval())
        throw input_error("--scalar", "'" + shown(tok) + "': intervals (mpfi:BITS) are accepted by snae train only; "
                                      "expected float, double, long_double, float128, cpp_bin_float_50, "
                                      "cpp_bin_float_100 or mpfr:BITS");
    return spec;
}

/// prepare(rc), its error placed at the grid point.
prepared_run prepare_at(const run_config& rc, const std::string& where, const std::atomic<bool>* interrupt)
{
    try {
        return prepare(rc, interrupt);
    } catch (const input_error& err) {
        throw input_error(err.flag(), shown(where + "): " + err.message()));
    }
}

/// The items that do not depend on n, and n and d themselves (d from the file for a data file).
run_config axes_config(const sweep_config& c, const grid_rules& g, const point_tokens& t, std::size_t point)
{
    run_config rc;
    rc.scalar = scalar_of(t["scalar"]);
    rc.act = parse_choice<activation>("--activation", t["activation"], {{"relu", activation::relu}, {"linear", activation::linear}});
    rc.data = t["data"];
    if (t["n"] != "file") {
        if (!all_digits(t["n"]) || std::stoull(t["n"]) == 0 || std::stoull(t["n"]) > max_n)
            throw input_error("--n", "expected integers in [1, 10^9], got '" + shown(t["n"]) + "'");
        rc.n = std::stoull(t["n"]);
    }
    rc.any_rows = c.any_rows && kind_of_data(t["data"]) == data_kind::rows;
    if (kind_of_data(t["data"]) != data_kind::rows) {
        if (!rc.n) throw input_error("--n", "required for --data " + t["data"]); // generated data
        const std::string where = "grid point " + std::to_string(point) + " (n=" + t["n"] + ", d=" + t["d"];
        const bool canonical = kind_of_data(t["data"]) == data_kind::canonical;
        const std::uint64_t dmax = canonical ? max_n : 4096;
        const std::string rule = "d must be in [n, " + std::string(canonical ? "10^9" : "4096") + "] = [" + t["n"] + ", " +
                                 std::to_string(dmax) + "] for " + t["data"] + " data (snae needs d >= n)";
        rc.d = n_token_in("--d", t["d"], *rc.n, static_cast<wide>(*rc.n), dmax, where, rule);
    }
    rc.sampler = parse_choice<sampler_kind>("--sampler", t["sampler"],
                                      {{"replacement", sampler_kind::replacement}, {"reshuffle", sampler_kind::reshuffle}, {"cyclic", sampler_kind::cyclic}});
    rc.remainder = g.remainder;
    rc.update = c.update == "scaled" ? update_rule::scaled : update_rule::reference;
    rc.support_threshold = c.support_threshold;
    rc.seed = c.seed_first;
    if (t["init_scale"] != "default") rc.init_scale = t["init_scale"];
    if (t["tol"] != "none") rc.tol = t["tol"];
    return rc;
}

/// --check-every epoch: ceil(n/b) steps, one pass over the data. The scaled
/// update's step costs O(min(b, n - b)) (b < n), against the test's
/// O(n + d): there the epoch is ceil(n / min(b, n - b)) steps, so that the
/// tests do not cost more than the steps (b = n - 1: every n steps, not 2).
std::uint64_t epoch_steps(std::uint64_t n, std::uint64_t b, update_rule update)
{
    const std::uint64_t per_step = update == update_rule::scaled && b < n ? std::min(b, n - b) : b;
    return (n + per_step - 1) / per_step;
}

/// The grid point's run with its first seed: the axes, then the items that refer to n.
grid_run make_point(const sweep_config& c, const grid_rules& g, const point_tokens& t, std::size_t point,
                    const std::atomic<bool>* interrupt)
{
    run_config rc = axes_config(c, g, t, point);
    rc.eta = "1"; // resolve n (and d) first: the n-relative tokens need it
    const std::uint64_t n = prepare_at(rc, "grid point " + std::to_string(point) + " (n=" + t["n"], interrupt).n;
    const std::string where = "grid point " + std::to_string(point) + " (n=" + std::to_string(n);
    std::uint64_t b = n;
    if (t["batch"] != "full") {
        b = n_token_in("--batch", t["batch"], n, 1, n, where + ", batch=" + t["batch"],
                       "a batch size must be in [1, n] = [1, " + std::to_string(n) + "] or full");
        rc.batch = b;
    }
    rc.eta = g.from_factor ? times_half_batch(t["eta"], b) : t["eta"];
    rc.steps = n_token_in("--steps", t["steps"], n, 0, max_steps, where + ", steps=" + t["steps"], "a step budget must be in [0, 2^63]");
    // Distinct samples within a batch: b = n is the full batch whatever the sampler.
    // GD stops on the distance to M, which general rows do not have: there on the gradient.
    const data_kind kind = kind_of_data(rc.data);
    const bool general = kind == data_kind::gaussian || kind == data_kind::correlated || rc.any_rows;
    rc.tol_on = g.tol_on ? *g.tol_on : b < n ? tol_kind::sample_gradient : general ? tol_kind::gradient : tol_kind::distance;
    rc.check_every = g.check_every ? *g.check_every : epoch_steps(n, b, rc.update);
    grid_run r;
    r.point = point;
    r.run = prepare_at(rc, where + ", batch=" + t["batch"], interrupt);
    r.batch_label = t["batch"] == "full" ? "full" : std::to_string(b);
    r.eta_label = g.from_factor ? t["eta"] + "*b/2" : t["eta"];
    r.tol_label = t["tol"];
    r.slice = t["scalar"] + "|" + t["activation"] + "|" + t["data"] + "|" + t["sampler"] + "|" + r.eta_label + "|" + t["init_scale"] + "|" + t["steps"] + "|" + t["tol"];
    return r;
}

} // namespace

spectrum_method spectrum_of(const sweep_config& c, const std::string& data)
{
    const auto m = parse_choice<std::string>("--spectrum", c.spectrum, {{"auto", "auto"}, {"structured", "structured"}, {"dense", "dense"}, {"none", "none"}});
    if (m == "auto") return kind_of_data(data) == data_kind::canonical ? spectrum_method::structured : spectrum_method::dense;
    return m == "structured" ? spectrum_method::structured : m == "dense" ? spectrum_method::dense : spectrum_method::none;
}

std::vector<grid_run> expand(const sweep_config& c, const std::atomic<bool>* interrupt)
{
    const grid_rules g = check_rules(c);
    std::vector<grid_run> runs;
    std::size_t point = 0;
    for (const point_tokens& t : combinations(c, g)) {
        if (interrupt && interrupt->load()) throw interrupted_error("expanding the grid");
        const grid_run first = make_point(c, g, t, point++, interrupt);
        for (std::uint64_t s = 0; s < c.seed_count; ++s)
            for (std::uint64_t b = 0; b < std::max<std::uint64_t>(1, c.batch_seed_count); ++b) {
                grid_run r = first;
                r.id = runs.size();
                r.run.config.seed = c.seed_first + s;
                if (c.batch_seed_count) r.run.config.batch_seed = c.batch_seed_first + b;
                runs.push_back(std::move(r));
            }
    }
    return runs;
}

} // namespace snae::sweep
