#include "grid.hpp"

#include <snae/errors.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace snae::sweep {

namespace {

bool all_digits(const std::string& s)
{
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// An integer token that may refer to n: INT | n | n+INT | n-INT | n/INT | INT*n | INTn.
/// Returns nullopt for a malformed token; the value may be <= 0 (the caller checks ranges).
std::optional<long long> eval_n_expr(const std::string& tok, long long n)
{
    if (all_digits(tok)) return std::stoll(tok);
    if (tok == "n") return n;
    if (tok.size() > 2 && tok[0] == 'n' && all_digits(tok.substr(2))) {
        const long long k = std::stoll(tok.substr(2));
        switch (tok[1]) {
        case '+': return n + k;
        case '-': return n - k;
        case '/': return k == 0 ? std::nullopt : std::optional<long long>(n / k);
        default: return std::nullopt;
        }
    }
    const auto star = tok.find('*');
    if (star != std::string::npos && tok.substr(star + 1) == "n" && all_digits(tok.substr(0, star)))
        return std::stoll(tok.substr(0, star)) * n;
    if (tok.size() > 1 && tok.back() == 'n' && all_digits(tok.substr(0, tok.size() - 1)))
        return std::stoll(tok.substr(0, tok.size() - 1)) * n;
    return std::nullopt;
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
            throw input_error("--config", where + ": key '" + key + "' expects strings or numbers, got " + x.dump());
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

std::string string_of(const nlohmann::json& v, const std::string& key, const std::string& where)
{
    const auto s = strings_of(v, key, where);
    if (s.size() != 1) throw input_error("--config", where + ": key '" + key + "' takes one value, got " + v.dump());
    return s.front();
}

void parse_seeds(sweep_config& c, const std::string& text, const std::string& flag)
{
    const auto dots = text.find("..");
    const std::string a = dots == std::string::npos ? text : text.substr(0, dots);
    const std::string b = dots == std::string::npos ? text : text.substr(dots + 2);
    if (!all_digits(a) || !all_digits(b) || std::stoull(b) < std::stoull(a) || std::stoull(b) - std::stoull(a) >= 1000000)
        throw input_error(flag, "expected a seed range A..B with 0 <= A <= B < 10^18 and at most 10^6 seeds, got '" + text + "'");
    c.seed_first = std::stoull(a);
    c.seed_count = std::stoull(b) - std::stoull(a) + 1;
}

const std::vector<std::string>& config_keys()
{
    static const std::vector<std::string> keys{
        "name", "scalar", "activation", "data", "n", "d", "batch", "sampler", "eta", "eta_factor", "init_scale", "steps",
        "tol", "seeds", "tol_on", "check_every", "remainder", "support_threshold", "spectrum", "snae_sweep_format"};
    return keys;
}

std::string join(const std::vector<std::string>& v, const std::string& sep)
{
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
    return s;
}

template <class E>
E choice(const std::string& flag, const std::string& text, const std::vector<std::pair<std::string, E>>& options)
{
    std::vector<std::string> names;
    for (const auto& [name, value] : options) {
        if (name == text) return value;
        names.push_back(name);
    }
    throw input_error(flag, "expected one of " + join(names, ", ") + ", got '" + text + "'");
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

sweep_config preset(const std::string& name, bool quick)
{
    if (name != "batch-size") throw input_error("--preset", "unknown preset '" + name + "'; accepted: batch-size");
    sweep_config c;
    c.name = quick ? "batch-size-quick" : "batch-size";
    c.activation = {"relu"};
    c.data = {"canonical"};
    c.n = quick ? std::vector<std::string>{"16", "64"} : std::vector<std::string>{"64", "256", "1024"};
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
    c.seed_count = quick ? 8 : 20;
    return c;
}

void apply_json(sweep_config& c, const nlohmann::json& j, const std::string& where)
{
    if (!j.is_object()) throw input_error("--config", where + ": expected a JSON object of sweep keys");
    for (const auto& [key, v] : j.items()) {
        if (std::find(config_keys().begin(), config_keys().end(), key) == config_keys().end())
            throw input_error("--config", where + ": unknown key '" + key + "' (accepted: " + join(config_keys(), ", ") + ")");
        if (key == "name") c.name = string_of(v, key, where);
        else if (key == "scalar") c.scalar = strings_of(v, key, where);
        else if (key == "activation") c.activation = strings_of(v, key, where);
        else if (key == "data") c.data = strings_of(v, key, where);
        else if (key == "n") c.n = strings_of(v, key, where);
        else if (key == "d") c.d = strings_of(v, key, where);
        else if (key == "batch") c.batch = strings_of(v, key, where);
        else if (key == "sampler") c.sampler = strings_of(v, key, where);
        // eta and eta_factor are alternatives: the echo writes the unused one as [].
        else if (key == "eta") c.eta = v.is_null() || v == nlohmann::json::array() ? std::vector<std::string>{} : strings_of(v, key, where);
        else if (key == "eta_factor")
            c.eta_factor = v.is_null() || v == nlohmann::json::array() ? std::vector<std::string>{} : strings_of(v, key, where);
        else if (key == "init_scale") c.init_scale = strings_of(v, key, where);
        else if (key == "steps") c.steps = strings_of(v, key, where);
        else if (key == "tol") c.tol = strings_of(v, key, where);
        else if (key == "seeds") parse_seeds(c, string_of(v, key, where), "--config: " + where + ": key 'seeds'");
        else if (key == "tol_on") c.tol_on = string_of(v, key, where);
        else if (key == "check_every") c.check_every = string_of(v, key, where);
        else if (key == "remainder") c.remainder = string_of(v, key, where);
        else if (key == "support_threshold") c.support_threshold = string_of(v, key, where);
        else if (key == "spectrum") {
            if (!v.is_boolean()) throw input_error("--config", where + ": key 'spectrum' expects true or false");
            c.spectrum = v.get<bool>();
        } else if (key == "snae_sweep_format") {
            if (v != 1) throw input_error("--config", where + ": snae_sweep_format " + v.dump() + " is not 1 (written by another version)");
        }
    }
}

sweep_config read_config(const std::string& path)
{
    std::ifstream in(path);
    if (!in) throw input_error("--config", "cannot read '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        // An output of an earlier sweep: the configuration is echoed on one
        // line after this marker (a comment in CSV, Markdown and LaTeX).
        const std::string marker = "snae-sweep-config: ";
        const auto at = text.find(marker);
        if (at == std::string::npos)
            throw input_error("--config", "'" + path + "' is neither JSON nor an output of snae sweep (no '" + marker + "' line)");
        const auto end = text.find('\n', at);
        std::string line = text.substr(at + marker.size(), end == std::string::npos ? std::string::npos : end - at - marker.size());
        if (const auto close = line.rfind(" -->"); close != std::string::npos) line.erase(close);
        j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) throw input_error("--config", "'" + path + "': the echoed configuration is not valid JSON");
    } else if (j.is_object() && j.contains("snae_sweep") && j["snae_sweep"].is_object() && j["snae_sweep"].contains("config")) {
        j = j["snae_sweep"]["config"];  // summary.json
    }
    sweep_config c;
    apply_json(c, j, "'" + path + "'");
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
    j["tol_on"] = c.tol_on;
    j["check_every"] = c.check_every;
    j["remainder"] = c.remainder;
    j["support_threshold"] = c.support_threshold;
    j["spectrum"] = c.spectrum;
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
    return {"run", "point", "scalar", "activation", "data", "n", "d", "batch", "sampler", "eta", "init_scale",
            "steps_budget", "tol", "tol_on", "seed"};
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
            c.batch ? to_string(c.sampler) : "full",
            c.eta,
            r.run.init_scale,
            std::to_string(c.steps),
            r.tol_label,
            c.tol ? to_string(c.tol_on) : "none",
            std::to_string(c.seed)};
}

std::vector<grid_run> expand(const sweep_config& c)
{
    if (c.name.find('/') != std::string::npos || c.name == "." || c.name == "..")
        throw input_error("--name", "must not contain '/' (it names a folder under reports/), got '" + c.name + "'");
    for (const auto& [flag, axis] : std::vector<std::pair<std::string, const std::vector<std::string>*>>{
             {"--scalar", &c.scalar}, {"--activation", &c.activation}, {"--data", &c.data}, {"--d", &c.d},
             {"--batch", &c.batch}, {"--sampler", &c.sampler}, {"--init-scale", &c.init_scale},
             {"--steps", &c.steps}, {"--tol", &c.tol}})
        if (axis->empty()) throw input_error(flag, "the list is empty, so the grid would be empty; give at least one value");
    if (c.seed_count == 0) throw input_error("--seeds", "the seed range is empty; expected A..B with A <= B");
    if (!c.eta.empty() && !c.eta_factor.empty())
        throw input_error("--eta", "give --eta (absolute) or --eta-factor (a multiple of b/2), not both");
    const std::vector<std::string> eta_factors = c.eta.empty() && c.eta_factor.empty() ? std::vector<std::string>{"0.8"} : c.eta_factor;
    for (const auto& f : eta_factors) {
        const auto p = split_decimal(f);
        if (!p || p->first.find_first_not_of('0') == std::string::npos)
            throw input_error("--eta-factor", "expected a plain decimal > 0 (eta = factor * b/2), got '" + f + "'");
    }
    const bool every_file = std::all_of(c.data.begin(), c.data.end(), [](const std::string& s) { return s != "canonical" && s != "rotated"; });
    if (c.n.empty() && !every_file) throw input_error("--n", "required (a list of integers >= 1) unless every --data value is a file");
    const tol_kind fixed_tol_on =
        c.tol_on == "auto" ? tol_kind::distance
                           : choice<tol_kind>("--tol-on", c.tol_on,
                                              {{"auto", tol_kind::distance}, {"distance", tol_kind::distance},
                                               {"gradient", tol_kind::gradient}, {"sample-gradient", tol_kind::sample_gradient}});
    const remainder_policy rem = choice<remainder_policy>("--remainder", c.remainder, {{"keep", remainder_policy::keep}, {"drop", remainder_policy::drop}});
    std::optional<std::uint64_t> fixed_check;
    if (c.check_every != "epoch") {
        if (!all_digits(c.check_every) || std::stoull(c.check_every) == 0)
            throw input_error("--check-every", "expected 'epoch' or an integer >= 1, got '" + c.check_every + "'");
        fixed_check = std::stoull(c.check_every);
    }

    std::vector<grid_run> runs;
    std::size_t point = 0;
    const std::vector<std::string> n_tokens = c.n.empty() ? std::vector<std::string>{"file"} : c.n;
    for (const auto& scalar_tok : c.scalar) {
        scalar_spec spec;
        try {
            spec = parse_scalar_spec(scalar_tok);
        } catch (const std::logic_error& e) { // invalid_argument or out_of_range
            throw input_error("--scalar", e.what());
        }
        if (spec.is_interval())
            throw input_error("--scalar", "'" + scalar_tok + "': intervals (mpfi:BITS) are accepted by snae train only; "
                                          "expected float, double, long_double, float128, cpp_bin_float_50, "
                                          "cpp_bin_float_100 or mpfr:BITS");
        for (const auto& act_tok : c.activation) {
            const activation act = choice<activation>("--activation", act_tok, {{"relu", activation::relu}, {"linear", activation::linear}});
            for (const auto& data_tok : c.data)
                for (const auto& n_tok : n_tokens) {
                    std::optional<std::uint64_t> n;
                    if (n_tok != "file") {
                        if (!all_digits(n_tok) || std::stoull(n_tok) == 0)
                            throw input_error("--n", "expected integers >= 1, got '" + n_tok + "'");
                        n = std::stoull(n_tok);
                    }
                    for (const auto& d_tok : c.d)
                        for (const auto& b_tok : c.batch)
                            for (const auto& sampler_tok : c.sampler)
                                for (std::size_t e = 0; e < (c.eta.empty() ? eta_factors.size() : c.eta.size()); ++e)
                                    for (const auto& scale_tok : c.init_scale)
                                        for (const auto& steps_tok : c.steps)
                                            for (const auto& tol_tok : c.tol) {
                                                run_config rc;
                                                rc.act = act;
                                                rc.data = data_tok;
                                                rc.scalar = spec;
                                                rc.n = n;
                                                // With a data file, d and n come from the file.
                                                const bool file = data_tok != "canonical" && data_tok != "rotated";
                                                std::string where = "grid point " + std::to_string(point) + " (n=" + n_tok;
                                                if (!file) {
                                                    if (!n) throw input_error("--n", "required for --data " + data_tok);
                                                    const auto d = eval_n_expr(d_tok, static_cast<long long>(*n));
                                                    if (!d) throw input_error("--d", "expected INT, n, n+INT, n-INT, n/INT, INT*n or INTn, got '" + d_tok + "'");
                                                    if (*d < static_cast<long long>(*n))
                                                        throw input_error("--d", where + ", d=" + d_tok + "): d = " + std::to_string(*d) +
                                                                                     " < n = " + std::to_string(*n) + "; n orthonormal rows need d >= n");
                                                    rc.d = static_cast<std::uint64_t>(*d);
                                                }
                                                rc.sampler = choice<sampler_kind>("--sampler", sampler_tok,
                                                                                  {{"replacement", sampler_kind::replacement},
                                                                                   {"reshuffle", sampler_kind::reshuffle},
                                                                                   {"cyclic", sampler_kind::cyclic}});
                                                rc.remainder = rem;
                                                rc.support_threshold = c.support_threshold;
                                                rc.seed = c.seed_first;
                                                if (scale_tok != "default") rc.init_scale = scale_tok;
                                                if (tol_tok != "none") rc.tol = tol_tok;
                                                // Resolve n (and d) first: the n-relative tokens need it.
                                                rc.eta = "1";
                                                prepared_run base;
                                                try {
                                                    base = prepare(rc);
                                                } catch (const input_error& err) {
                                                    throw input_error(err.flag(), where + "): " + std::string(err.what()).substr(err.flag().size() + 2));
                                                }
                                                const std::uint64_t nn = base.n;
                                                where = "grid point " + std::to_string(point) + " (n=" + std::to_string(nn) + ", batch=" + b_tok;
                                                std::uint64_t b = nn;
                                                if (b_tok != "full") {
                                                    const auto bv = eval_n_expr(b_tok, static_cast<long long>(nn));
                                                    if (!bv) throw input_error("--batch", "expected full, INT, n, n+INT, n-INT, n/INT, INT*n or INTn, got '" + b_tok + "'");
                                                    if (*bv < 1 || *bv > static_cast<long long>(nn))
                                                        throw input_error("--batch", where + "): '" + b_tok + "' gives " + std::to_string(*bv) +
                                                                                         "; a batch size must be in [1, n] = [1, " + std::to_string(nn) + "] or full");
                                                    b = static_cast<std::uint64_t>(*bv);
                                                    rc.batch = b;
                                                }
                                                std::string eta_label;
                                                if (c.eta.empty()) {
                                                    rc.eta = times_half_batch(eta_factors[e], b);
                                                    eta_label = eta_factors[e] + "*b/2";
                                                } else {
                                                    rc.eta = c.eta[e];
                                                    eta_label = c.eta[e];
                                                }
                                                const auto steps = eval_n_expr(steps_tok, static_cast<long long>(nn));
                                                if (!steps || *steps < 0)
                                                    throw input_error("--steps", "expected a budget >= 0: INT, n, n+INT, n-INT, n/INT, INT*n or INTn, got '" + steps_tok + "'");
                                                rc.steps = static_cast<std::uint64_t>(*steps);
                                                // Distinct samples within a batch: b = n is the full batch whatever the sampler.
                                                const bool minibatch = b < nn;
                                                rc.tol_on = c.tol_on == "auto" ? (minibatch ? tol_kind::sample_gradient : tol_kind::distance) : fixed_tol_on;
                                                rc.check_every = fixed_check ? *fixed_check : (nn + b - 1) / b;
                                                prepared_run prepared;
                                                try {
                                                    prepared = prepare(rc);
                                                } catch (const input_error& err) {
                                                    throw input_error(err.flag(), where + "): " + std::string(err.what()).substr(err.flag().size() + 2));
                                                }
                                                for (std::uint64_t s = 0; s < c.seed_count; ++s) {
                                                    grid_run r;
                                                    r.id = runs.size();
                                                    r.point = point;
                                                    r.run = prepared;
                                                    r.run.config.seed = c.seed_first + s;
                                                    r.batch_label = b_tok == "full" ? "full" : std::to_string(b);
                                                    r.eta_label = eta_label;
                                                    r.tol_label = tol_tok;
                                                    r.slice = scalar_tok + "|" + act_tok + "|" + data_tok + "|" + sampler_tok + "|" +
                                                              eta_label + "|" + scale_tok + "|" + steps_tok + "|" + tol_tok;
                                                    runs.push_back(std::move(r));
                                                }
                                                ++point;
                                            }
                }
        }
    }
    return runs;
}

} // namespace snae::sweep
